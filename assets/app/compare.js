// Compare two standards: a heat map of one standard's clauses (rows) against another's
// (columns), coloured by relationship and strength, with the relationship's symbol and the
// strength written in every cell and a legend, so colour carries nothing alone. Groups with many
// members (27001's Annex A control groups) start collapsed into one row or column; a collapsed
// cell sums up the mappings of the whole group. A cell opens the mappings behind it.
// URL: /app/compare?from=ID&to=ID&cell=ROW|COLUMN&toggled=ID,ID&min=N
import { html, createRef } from "./html.js";
import { href, navigate, update, list } from "./router.js";
import { clausesOf, crosswalk, crosswalkDownload } from "./api.js";
import { View, loaded, StandardSelect, MappingTable, standardName, ErrorBox } from "./widgets.js";
import { RELATIONSHIPS, BANDS, band, relationshipLabel, relationshipSymbol, strongest, percent } from "./vocab.js";

/** A group with more members than this starts collapsed. */
const COLLAPSE_ABOVE = 12;
/** The row or column of the far side of a NEW or REMOVED edition-transition row. */
const NOTHING = "none";

const DOWNLOADS = [
  ["csv", "CSV"],
  ["xlsx", "Excel (xlsx)"],
  ["oscal", "OSCAL mapping (JSON)"],
  ["json", "JSON"],
  ["md", "Markdown"],
];

export class Compare extends View {
  constructor(props) {
    super(props);
    this.panelHeading = createRef();
  }

  pair() {
    const { params, catalogue } = this.props;
    const has = (id) => catalogue.standards.some((s) => s.id === id);
    const from = params.from || (has("iso-iec-20000-1-2018") ? "iso-iec-20000-1-2018" : catalogue.standards[0].id);
    let to = params.to;
    if (!to) {
      const partners = partnersOf(catalogue, from);
      to = partners.has("iso-iec-27001-2022") ? "iso-iec-27001-2022" : [...partners][0] || from;
    }
    return { from, to };
  }

  sync({ params }) {
    const { from, to } = this.pair();
    if (params.from !== from || params.to !== to) {
      update({ from, to }, { replace: true });
      return;
    }
    this.load("rows", from, () => clausesOf(from));
    this.load("columns", to, () => clausesOf(to));
    this.load("crosswalk", `${from}→${to}`, () => crosswalk(from, to));
  }

  componentDidUpdate(previous) {
    super.componentDidUpdate(previous);
    if (this.props.params.cell && this.props.params.cell !== previous.params.cell && this.panelHeading.current) {
      this.panelHeading.current.focus();
    }
  }

  render({ params, catalogue }) {
    const { from, to } = this.pair();
    const byId = Object.fromEntries(catalogue.standards.map((s) => [s.id, s]));
    const partners = partnersOf(catalogue, from);
    const linked = partners.has(to);
    return html`
      <h1>Compare two standards</h1>
      <form class="controls" onSubmit=${(e) => e.preventDefault()}>
        <${StandardSelect} id="compare-from" label="Rows: clauses of" value=${from} standards=${catalogue.standards}
          onChange=${(id) => {
            const next = partnersOf(catalogue, id);
            navigate(href("compare", { from: id, to: next.has(to) ? to : [...next][0] || "" }));
          }} />
        <button type="button" class="swap" onClick=${() => navigate(href("compare", { from: to, to: from }))}
          aria-label="Swap rows and columns"><span aria-hidden="true">⇄</span> Swap</button>
        <${StandardSelect} id="compare-to" label="Columns: clauses of" value=${to} standards=${catalogue.standards}
          allowed=${partners} hint="Standards with a crosswalk to the rows' standard"
          onChange=${(id) => navigate(href("compare", { from, to: id }))} />
        <div class="field">
          <label for="compare-min">Minimum strength</label>
          <select id="compare-min" value=${params.min || "0"} onChange=${(e) => update({ min: e.currentTarget.value === "0" ? "" : e.currentTarget.value, cell: "" }, { replace: true })}>
            ${[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => html`<option value=${String(n)}>${n === 0 ? "any (0)" : n}</option>`)}
          </select>
        </div>
      </form>
      ${!byId[from] || !byId[to]
        ? html`<${ErrorBox} message=${`unknown standard “${byId[from] ? to : from}”`} />`
        : !linked
          ? html`<p class="notice">No crosswalk links ${byId[from].designation} with ${byId[to].designation} directly. Pick another pair.</p>`
          : html`
            <div class="downloads" role="group" aria-label="Download this crosswalk">
              <span class="label">Download the crosswalk:</span>
              ${DOWNLOADS.map(([format, label]) => html`<a class="button secondary" href=${crosswalkDownload(from, to, format)} download>${label}</a> `)}
            </div>
            ${loaded(this.state.crosswalk, (answer) =>
              loaded(this.state.rows, (rows) =>
                loaded(this.state.columns, (columns) => this.renderMatrix(byId[from], byId[to], rows, columns, answer, params)),
              ),
            )}`}
    `;
  }

  renderMatrix(from, to, rowTree, columnTree, answer, params) {
    const min = Number(params.min || 0);
    const mappings = answer.mappings.filter((m) => (m.strength ?? 0) >= min);
    const toggled = new Set(list(params.toggled));
    const direct = {
      rows: new Set(mappings.map((m) => (m.source ? m.source.id : NOTHING))),
      columns: new Set(mappings.map((m) => (m.target ? m.target.id : NOTHING))),
    };
    const rows = lines(rowTree, toggled, direct.rows);
    const columns = lines(columnTree, toggled, direct.columns);
    const rowOf = placement(rows, rowTree);
    const columnOf = placement(columns, columnTree);
    const cells = new Map();
    for (const m of mappings) {
      const r = rowOf.get(m.source ? m.source.id : NOTHING);
      const c = columnOf.get(m.target ? m.target.id : NOTHING);
      if (r === undefined || c === undefined) continue;
      const key = `${r}|${c}`;
      if (!cells.has(key)) cells.set(key, []);
      cells.get(key).push(m);
    }
    const [selectedRow, selectedColumn] = (params.cell || "").split("|");
    const toggle = (id) => {
      const next = new Set(toggled);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      update({ toggled: [...next].join(","), cell: "" }, { replace: true });
    };
    const selected = params.cell
      ? mappings.filter(
          (m) =>
            covers(rows, rowTree, selectedRow, m.source ? m.source.id : NOTHING) &&
            covers(columns, columnTree, selectedColumn, m.target ? m.target.id : NOTHING),
        )
      : [];
    const describe = (tree, id) => (id === NOTHING ? "no counterpart" : labelOf(tree.byId.get(id)));
    return html`
      <p class="figures">${
        `${answer.totalCount} mappings${min ? `, ${mappings.length} at strength ${min} or more` : ""}. ` +
        `${percent(answer.sourceCoverage)} of ${from.designation}'s requirement clauses and ` +
        `${percent(answer.targetCoverage)} of ${to.designation}'s have a link.`
      }</p>
      <${Legend} />
      <div class="matrix-scroll" tabindex="0" role="region" aria-label="Heat map (scrolls both ways)">
        <table class="matrix" onKeyDown=${moveFocus}>
          <caption class="visually-hidden">${from.designation} (rows) against ${to.designation} (columns). Each cell: relationship symbol, strength, provisional mark, and how many more mappings it holds.</caption>
          <thead>
            <tr>
              <th scope="col" class="corner"><span class="muted">${from.designation} ↓ · ${to.designation} →</span></th>
              ${columns.map((line) => html`<th scope="col" class=${`column depth-${Math.min(line.depth, 3)}${line.group ? " group" : ""}`}>
                ${headerLabel(line, columnTree, toggle, "column")}
              </th>`)}
            </tr>
          </thead>
          <tbody>
            ${rows.map((row, r) => html`<tr>
              <th scope="row" class=${`row depth-${Math.min(row.depth, 4)}${row.group ? " group" : ""}`}>
                ${headerLabel(row, rowTree, toggle, "row")}
              </th>
              ${columns.map((column, c) => {
                const found = cells.get(`${r}|${c}`);
                if (!found) return html`<td class="empty"></td>`;
                const best = strongest(found);
                const isSelected = row.id === selectedRow && column.id === selectedColumn;
                const more = found.length - 1;
                const provisional = found.some((m) => m.provisional);
                const label = `${describe(rowTree, row.id)} against ${describe(columnTree, column.id)}: ${
                  found.length === 1 ? "1 mapping" : `${found.length} mappings, strongest`
                } ${relationshipLabel(best.relationship)}${best.strength !== null ? `, strength ${best.strength}` : ""}${provisional ? ", provisional" : ""}`;
                return html`<td class=${`cell rel-${best.relationship || "NONE"} band-${band(best.strength)}`}>
                  <button type="button" aria-pressed=${isSelected ? "true" : "false"}
                    onClick=${() => update({ cell: isSelected ? "" : `${row.id}|${column.id}` }, { replace: true })}
                    >${relationshipSymbol(best.relationship)}${best.strength ?? ""}${provisional ? "*" : ""}${more ? html`<span class="more">+${more}</span>` : null}<span class="visually-hidden">${`: ${label}`}</span></button>
                </td>`;
              })}
            </tr>`)}
          </tbody>
        </table>
      </div>
      ${params.cell &&
      html`<section class="cell-detail" aria-labelledby="cell-heading">
        <h2 id="cell-heading" tabindex="-1" ref=${this.panelHeading}>
          <span class="muted small">${from.designation}</span> ${describe(rowTree, selectedRow)}
          <span class="muted"> against </span><span class="muted small">${to.designation}</span> ${describe(columnTree, selectedColumn)}
        </h2>
        <p>${`${selected.length} ${selected.length === 1 ? "mapping" : "mappings"}. `}<button type="button" class="link" onClick=${() => update({ cell: "" }, { replace: true })}>Close</button></p>
        <${MappingTable} caption=${`Mappings from ${from.designation} to ${to.designation} in this cell`} mappings=${selected} />
      </section>`}
    `;
  }
}

/** The standards with a mapping set to `id` (either side). */
function partnersOf(catalogue, id) {
  const standard = catalogue.standards.find((s) => s.id === id);
  const partners = new Set();
  for (const set of standard ? standard.mappingSets : []) {
    partners.add(set.source.id === id ? set.target.id : set.source.id);
  }
  return partners;
}

function labelOf(clause) {
  if (!clause) return "?";
  return clause.title ? `${clause.ref} ${clause.title}` : clause.ref;
}

function defaultOpen(clause) {
  return clause.children.length > 0 && clause.children.length <= COLLAPSE_ABOVE;
}

function isOpen(clause, toggled) {
  return toggled.has(clause.id) ? !defaultOpen(clause) : defaultOpen(clause);
}

/** The rows (or columns) shown: clauses in document order; a collapsed group is one line for
 *  its whole subtree; an open group shows its own line only when mappings point at it. */
function lines(tree, toggled, mapped) {
  const out = [];
  const visit = (clause) => {
    if (clause.children.length === 0) {
      out.push({ id: clause.id, depth: clause.depth, group: false });
    } else if (!isOpen(clause, toggled)) {
      out.push({ id: clause.id, depth: clause.depth, group: true, open: false, size: descendants(tree, clause).length });
    } else {
      if (mapped.has(clause.id) || clause.normative) out.push({ id: clause.id, depth: clause.depth, group: false, parentOf: true, open: true });
      else out.push({ id: clause.id, depth: clause.depth, group: true, open: true, heading: true });
      for (const child of clause.children) visit(tree.byId.get(child));
    }
  };
  for (const clause of tree.list) if (!clause.parent || !tree.byId.has(clause.parent)) visit(clause);
  if (mapped.has(NOTHING)) out.push({ id: NOTHING, depth: 0, group: false });
  return out;
}

function descendants(tree, clause) {
  const out = [];
  const walk = (c) => {
    for (const id of c.children) {
      out.push(id);
      walk(tree.byId.get(id));
    }
  };
  walk(clause);
  return out;
}

/** Which line each clause id lands on (a clause inside a collapsed group lands on the group). */
function placement(shown, tree) {
  const at = new Map();
  shown.forEach((line, i) => {
    at.set(line.id, i);
    if (line.group && !line.open) {
      for (const id of descendants(tree, tree.byId.get(line.id))) at.set(id, i);
    }
  });
  return at;
}

/** Whether the line `lineId` holds clause `clauseId`. */
function covers(shown, tree, lineId, clauseId) {
  if (lineId === clauseId) return true;
  const line = shown.find((l) => l.id === lineId);
  const clause = tree.byId.get(lineId);
  if (!clause || (line && !(line.group && !line.open))) return false;
  return descendants(tree, clause).includes(clauseId);
}

function headerLabel(line, tree, toggle, axis) {
  if (line.id === NOTHING) return html`<span class="ref">none</span><span class="visually-hidden"> (new or removed clauses)</span>`;
  const clause = tree.byId.get(line.id);
  const title = clause.title || "";
  const toggleButton = clause.children.length
    ? html`<button type="button" class="toggle" aria-expanded=${line.open ? "true" : "false"}
        aria-label=${`${line.open ? "Collapse" : "Expand"} ${clause.ref} (${descendants(tree, clause).length} inside)`}
        onClick=${() => toggle(clause.id)}><span aria-hidden="true">${line.open ? (axis === "row" ? "▾" : "◂") : "▸"}</span></button>`
    : null;
  if (axis === "column") {
    return html`<span class="column-label" title=${title}>${toggleButton}<span class="ref">${clause.ref}</span>${
      line.group && !line.open ? html`<span class="count"> (${line.size})</span>` : null
    }<span class="visually-hidden"> ${title}</span></span>`;
  }
  return html`<span class="row-label">${toggleButton}<span class="ref">${clause.ref}</span> <span class="title" title=${title}>${title}</span>${
    line.group && !line.open ? html`<span class="count"> (${line.size})</span>` : null
  }</span>`;
}

/** Arrow keys move between the heat map's cell buttons: left and right to the next one in the
 *  row, up and down to the nearest one in the next row that has any (the map is sparse). */
function moveFocus(event) {
  const cell = event.target.closest && event.target.closest("td");
  if (!cell || !["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"].includes(event.key)) return;
  const rows = [...event.currentTarget.tBodies[0].rows];
  const buttonsOf = (row) => [...row.cells].filter((td) => td.querySelector("button"));
  const r = rows.indexOf(cell.parentElement);
  let target = null;
  if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
    const inRow = buttonsOf(rows[r]);
    const i = inRow.indexOf(cell) + (event.key === "ArrowRight" ? 1 : -1);
    target = inRow[i];
  } else {
    const step = event.key === "ArrowDown" ? 1 : -1;
    for (let next = r + step; next >= 0 && next < rows.length && !target; next += step) {
      const candidates = buttonsOf(rows[next]);
      if (candidates.length) {
        target = candidates.reduce((best, td) =>
          Math.abs(td.cellIndex - cell.cellIndex) < Math.abs(best.cellIndex - cell.cellIndex) ? td : best,
        );
      }
    }
  }
  if (target) {
    event.preventDefault();
    target.querySelector("button").focus();
  }
}

function Legend() {
  return html`<div class="legend">
    <ul class="legend-key" aria-label="Key to the heat map">
      ${Object.entries(RELATIONSHIPS).map(
        ([id, r]) => html`<li><span class=${`swatch rel-${id} band-high`} aria-hidden="true">${r.symbol}</span>${r.label}</li>`,
      )}
      <li><span class="swatch plain" aria-hidden="true">7</span>strength 0–10</li>
      <li><span class="swatch plain" aria-hidden="true">*</span>provisional</li>
      <li><span class="swatch plain" aria-hidden="true">+2</span>more mappings in the cell</li>
    </ul>
    <details>
      <summary>How to read the heat map</summary>
      <div class="legend-body">
        <ul class="legend-list" aria-label="Relationships">
          ${Object.entries(RELATIONSHIPS).map(
            ([id, r]) => html`<li><span class=${`swatch rel-${id} band-high`} aria-hidden="true">${r.symbol}</span>
              <strong>${r.label}</strong>: ${r.help}</li>`,
          )}
        </ul>
        <ul class="legend-list" aria-label="Strength">
          ${BANDS.map((b) => html`<li><span class=${`swatch rel-SUBSET_OF band-${b.id}`} aria-hidden="true">⊂</span> strength ${b.label}</li>`)}
        </ul>
        <p>Each cell shows its strongest mapping: the relationship's symbol and the strength (0–10); the
          shade deepens with strength. <strong>*</strong> marks a provisional link (not confirmed by a
          published text); <strong>+n</strong> counts further mappings in the cell. Mappings are read from
          the row's clause to the column's. An empty cell means no mapping was recorded, which is not a
          claim that nothing relates; ∅ marks a checked absence. Groups marked ▸ are collapsed into one
          line: open them to see each member. Select a cell to see the mappings behind it.</p>
      </div>
    </details>
  </div>`;
}
