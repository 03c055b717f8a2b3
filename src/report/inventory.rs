//! The inventory CSV an organisation describes its controls in (`examples/inventory-2018.csv`):
//!
//! ```csv
//! id,title,clauses,status
//! CM-01,Change advisory board,8.5.1;iso-iec-27001-2022:A.8.32,IMPLEMENTED
//! ```
//!
//! `clauses` lists refs in the `from` edition or full clause ids of any standard, separated by
//! `;`; `status` is `IMPLEMENTED` (the default when empty), `PARTIAL` or `PLANNED`.

use crate::analysis::plan::{Control, ControlStatus};

/// The columns of an inventory file.
pub const COLUMNS: &[&str] = &["id", "title", "clauses", "status"];

/// A control read from a line of the file.
#[derive(Debug, Clone)]
pub struct InventoryControl {
    pub line: u64,
    pub control: Control,
}

/// Reads an inventory; every unreadable line is reported as `line: message` and skipped.
pub fn read(bytes: &[u8]) -> (Vec<InventoryControl>, Vec<(u64, String)>) {
    let mut problems = Vec::new();
    let mut controls = Vec::new();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(error) => {
            return (
                controls,
                vec![(1, format!("cannot read the header: {error}"))],
            );
        }
    };
    let position = |name: &str| headers.iter().position(|h| h == name);
    let (Some(id), Some(clauses)) = (position("id"), position("clauses")) else {
        return (
            controls,
            vec![(
                1,
                format!(
                    "the header must name at least `id` and `clauses` (columns: {})",
                    COLUMNS.join(",")
                ),
            )],
        );
    };
    let (title, status) = (position("title"), position("status"));
    for unknown in headers.iter().filter(|h| !COLUMNS.contains(&h.as_str())) {
        problems.push((
            1,
            format!(
                "unknown column `{unknown}` (columns: {})",
                COLUMNS.join(",")
            ),
        ));
    }
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line());
                problems.push((line, format!("malformed CSV: {error}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != headers.len() {
            problems.push((
                line,
                format!("expected {} fields, found {}", headers.len(), record.len()),
            ));
            continue;
        }
        let get = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let status = match get(status).as_str() {
            "" | "IMPLEMENTED" => ControlStatus::Implemented,
            "PARTIAL" => ControlStatus::Partial,
            "PLANNED" => ControlStatus::Planned,
            other => {
                problems.push((
                    line,
                    format!("status `{other}` is not one of IMPLEMENTED, PARTIAL, PLANNED"),
                ));
                continue;
            }
        };
        let title = get(title);
        controls.push(InventoryControl {
            line,
            control: Control {
                id: get(Some(id)),
                title: (!title.is_empty()).then_some(title),
                clauses: get(Some(clauses))
                    .split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                status,
            },
        });
    }
    (controls, problems)
}
