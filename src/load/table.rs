//! Reading one CSV file into rows: strict RFC 4180 quoting, UTF-8, header and field counts.
//! Every problem is collected with its line; a file whose quoting is broken is not parsed further,
//! since everything after the break would be misread.

use serde::de::DeserializeOwned;

use super::{Problem, Problems};
use crate::model::Origin;

/// A parsed row and where it came from.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub origin: Origin,
    pub row: T,
}

/// Reads `bytes` (the contents of `file`) as a table whose header must name every one of
/// `columns` and may name any of `optional` (in any order), and nothing else. An absent optional
/// column reads as empty cells, so a format can grow a column without breaking older files.
/// Rows that cannot be read are reported and skipped.
pub fn read_table<T: DeserializeOwned>(
    file: &str,
    bytes: &[u8],
    columns: &[&str],
    optional: &[&str],
    problems: &mut Problems,
) -> Vec<Located<T>> {
    let quoting = check_quoting(bytes);
    if !quoting.is_empty() {
        for (line, message) in quoting {
            problems.push(Problem::at(file, line, message));
        }
        return Vec::new();
    }

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);

    let headers = match reader.byte_headers() {
        Ok(raw) => match csv::StringRecord::from_byte_record(raw.clone()) {
            Ok(headers) => headers,
            Err(_) => {
                problems.push(Problem::at(file, 1, "header is not valid UTF-8"));
                return Vec::new();
            }
        },
        Err(error) => {
            problems.push(Problem::at(file, 1, format!("cannot read header: {error}")));
            return Vec::new();
        }
    };
    let headers: csv::StringRecord = headers.iter().map(str::trim).collect();
    if headers.iter().all(str::is_empty) {
        problems.push(Problem::at(
            file,
            1,
            format!(
                "missing header row; expected columns: {}",
                columns.join(",")
            ),
        ));
        return Vec::new();
    }
    let mut header_ok = true;
    for column in columns {
        if !headers.iter().any(|h| h == *column) {
            problems.push(Problem::at(file, 1, format!("missing column `{column}`")));
            header_ok = false;
        }
    }
    for (position, header) in headers.iter().enumerate() {
        if !columns.contains(&header) && !optional.contains(&header) {
            let known: Vec<&str> = columns.iter().chain(optional).copied().collect();
            problems.push(Problem::at(
                file,
                1,
                format!("unknown column `{header}`; expected: {}", known.join(",")),
            ));
            header_ok = false;
        } else if headers.iter().take(position).any(|h| h == header) {
            problems.push(Problem::at(
                file,
                1,
                format!("column `{header}` appears twice"),
            ));
            header_ok = false;
        }
    }
    if !header_ok {
        return Vec::new();
    }

    let mut rows = Vec::new();
    let mut raw = csv::ByteRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_byte_record(&mut raw) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                problems.push(Problem::at(file, line, format!("malformed CSV: {error}")));
                break;
            }
        }
        let line = raw.position().map_or(line, |p| p.line());
        if raw.len() != headers.len() {
            problems.push(Problem::at(
                file,
                line,
                format!("expected {} fields, found {}", headers.len(), raw.len()),
            ));
            continue;
        }
        let record = match csv::StringRecord::from_byte_record(raw.clone()) {
            Ok(record) => record,
            Err(_) => {
                problems.push(Problem::at(file, line, "row is not valid UTF-8"));
                continue;
            }
        };
        let record: csv::StringRecord = record.iter().map(str::trim).collect();
        match record.deserialize::<T>(Some(&headers)) {
            Ok(row) => rows.push(Located {
                origin: Origin {
                    file: file.to_string(),
                    line,
                },
                row,
            }),
            Err(error) => {
                problems.push(Problem::at(file, line, format!("cannot read row: {error}")))
            }
        }
    }
    rows
}

/// Scans for quoting that RFC 4180 does not allow (and that the `csv` crate would silently
/// accept): a quote inside an unquoted field, text after a closing quote, a quote never closed.
fn check_quoting(bytes: &[u8]) -> Vec<(u64, String)> {
    enum State {
        FieldStart,
        Unquoted,
        Quoted { opened_on: u64 },
        AfterClosingQuote,
    }
    let mut problems = Vec::new();
    let mut line = 1u64;
    let mut state = State::FieldStart;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        state = match state {
            State::FieldStart | State::Unquoted if byte == b'\n' => {
                line += 1;
                State::FieldStart
            }
            State::FieldStart | State::Unquoted if byte == b',' => State::FieldStart,
            State::FieldStart if byte == b'"' => State::Quoted { opened_on: line },
            State::Unquoted | State::FieldStart if byte == b'"' => {
                problems.push((line, "bad quoting: a quote inside an unquoted field (quote the whole field and double the inner quotes)".to_string()));
                return problems;
            }
            State::FieldStart | State::Unquoted => State::Unquoted,
            State::Quoted { opened_on } => {
                if byte == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        i += 1;
                        State::Quoted { opened_on }
                    } else {
                        State::AfterClosingQuote
                    }
                } else {
                    if byte == b'\n' {
                        line += 1;
                    }
                    State::Quoted { opened_on }
                }
            }
            State::AfterClosingQuote => match byte {
                b',' => State::FieldStart,
                b'\n' => {
                    line += 1;
                    State::FieldStart
                }
                b'\r' => State::AfterClosingQuote,
                _ => {
                    problems.push((line, "bad quoting: text after a closing quote".to_string()));
                    return problems;
                }
            },
        };
        i += 1;
    }
    if let State::Quoted { opened_on } = state {
        problems.push((
            opened_on,
            "bad quoting: a quoted field is never closed".to_string(),
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::check_quoting;

    #[test]
    fn quoting_problems_are_found_with_their_line() {
        let cases: &[(&str, Option<u64>)] = &[
            ("a,b\n1,2\n", None),
            ("a,b\n\"x, y\",2\n", None),
            ("a,b\n\"multi\nline\",2\n3,4\n", None),
            ("a,b\n\"say \"\"hi\"\"\",2\n", None),
            ("a,b\n1,2\nx\"y,3\n", Some(3)),
            ("a,b\n1,\"2\"x\n", Some(2)),
            ("a,b\n1,2\n3,\"never closed\n4,5\n", Some(3)),
        ];
        for (text, expected_line) in cases {
            let found = check_quoting(text.as_bytes());
            assert_eq!(
                found.first().map(|(line, _)| *line),
                *expected_line,
                "{text:?}"
            );
        }
    }
}
