// The inventory CSV (id,title,clauses,status), read and written in the browser so it can be
// edited as a table. The service reads the same text again when it plans; it stays the one
// judge of what is valid.

export const COLUMNS = ["id", "title", "clauses", "status"];
export const STATUSES = ["IMPLEMENTED", "PARTIAL", "PLANNED"];

/** Parses CSV text (RFC 4180: quotes, doubled quotes, CRLF) into records, each with the line
 *  it starts on (1-based) and its fields. */
export function parse(text) {
  const records = [];
  let fields = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  let sawAnything = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else {
          quoted = false;
        }
      } else {
        if (c === "\n") line += 1;
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
      sawAnything = true;
    } else if (c === ",") {
      fields.push(field);
      field = "";
      sawAnything = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i += 1;
      if (sawAnything || field !== "") {
        fields.push(field);
        records.push({ line: start, fields });
      }
      fields = [];
      field = "";
      sawAnything = false;
      line += 1;
      start = line;
    } else {
      field += c;
      sawAnything = true;
    }
  }
  if (sawAnything || field !== "") {
    fields.push(field);
    records.push({ line: start, fields });
  }
  return records;
}

function quote(value) {
  const text = value ?? "";
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes controls ({ id, title, clauses, status }) as an inventory CSV. */
export function write(controls) {
  const lines = [COLUMNS.join(",")];
  for (const control of controls) lines.push(COLUMNS.map((c) => quote(control[c])).join(","));
  return `${lines.join("\n")}\n`;
}

/** Reads an inventory into controls for the table editor, each with its line. Columns are
 *  found by the header's names; an unreadable header gives the standard columns. */
export function controls(text) {
  const records = parse(text);
  if (!records.length) return [];
  const header = records[0].fields.map((f) => f.trim());
  const at = (name) => header.indexOf(name);
  const known = at("id") >= 0 && at("clauses") >= 0;
  const index = known
    ? { id: at("id"), title: at("title"), clauses: at("clauses"), status: at("status") }
    : { id: 0, title: 1, clauses: 2, status: 3 };
  const rows = known ? records.slice(1) : records;
  return rows.map((record) => {
    const get = (i) => (i >= 0 && i < record.fields.length ? record.fields[i] : "");
    return {
      line: record.line,
      id: get(index.id),
      title: get(index.title),
      clauses: get(index.clauses),
      status: get(index.status),
    };
  });
}

/** The text of one line of `text` (1-based), for showing a problem next to it. */
export function lineText(text, line) {
  return text.split(/\r?\n/)[line - 1] ?? "";
}
