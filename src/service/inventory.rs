//! The one front door for an organisation's inventory of controls. Whether the controls come
//! from GraphQL variables, an uploaded CSV or a file named on the command line, they become an
//! [`Inventory`] here: the control cap and status parsing are decided once, and every problem
//! carries a typed [`Place`] that each front end says in its own terms (a GraphQL path, a CSV
//! line number).
//!
//! The CSV form (`examples/inventory-2018.csv`):
//!
//! ```csv
//! id,title,clauses,status
//! CM-01,Change advisory board,8.5.1;iso-iec-27001-2022:A.8.32,IMPLEMENTED
//! ```
//!
//! `clauses` lists refs in the `from` edition or full clause ids of any standard, separated by
//! `;`; `status` is `IMPLEMENTED` (the default when empty), `PARTIAL` or `PLANNED`.

use crate::analysis::plan::{self, Control, ControlField, ControlStatus, TransitionPlan};
use crate::model::{Dataset, StandardIdx};

/// Most controls one inventory may hold, whatever it comes through.
pub const MAX_CONTROLS: usize = 5_000;

/// The columns of an inventory file.
pub const COLUMNS: &[&str] = &["id", "title", "clauses", "status"];

/// An inventory too large to plan: refused whole, with this message, by every front end.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an inventory holds at most {MAX_CONTROLS} controls; this one has more")]
pub struct TooManyControls;

/// Where a problem of an inventory is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The inventory as a whole (empty, no usable header).
    Inventory,
    /// A line of the CSV file that did not become a control.
    Line(u64),
    /// A field of the control at this position.
    Control {
        position: usize,
        field: ControlField,
    },
}

/// A problem found in an inventory; the plan is made for everything else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub place: Place,
    pub message: String,
}

/// Controls ready to plan, with where each came from and what could not be read.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    pub controls: Vec<Control>,
    /// The CSV line of each control, when the inventory was read from a file.
    lines: Vec<u64>,
    /// Problems found while reading, before any plan was made.
    pub problems: Vec<Problem>,
}

impl Inventory {
    /// Controls given one by one (GraphQL variables, MCP arguments).
    pub fn from_controls(controls: Vec<Control>) -> Result<Inventory, TooManyControls> {
        if controls.len() > MAX_CONTROLS {
            return Err(TooManyControls);
        }
        Ok(Inventory {
            controls,
            lines: Vec::new(),
            problems: Vec::new(),
        })
    }

    /// Reads an inventory CSV. Every line that cannot become a control is a problem with its
    /// line number and is left out; an empty or unreadable file is a problem of the whole.
    /// Reading stops as soon as the file is known to hold more than [`MAX_CONTROLS`] rows.
    pub fn from_csv(bytes: &[u8]) -> Result<Inventory, TooManyControls> {
        let mut inventory = Inventory::default();
        if bytes.iter().all(u8::is_ascii_whitespace) {
            inventory.problem(
                Place::Inventory,
                format!(
                    "the inventory is empty: send a CSV file with the header `{}` and one line per control",
                    COLUMNS.join(",")
                ),
            );
            return Ok(inventory);
        }
        // Spreadsheet programs often save UTF-8 with a byte-order mark, which is not part of
        // the first column's name.
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
        let headers: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
            Err(error) => {
                inventory.problem(Place::Line(1), format!("cannot read the header: {error}"));
                return Ok(inventory);
            }
        };
        let position = |name: &str| headers.iter().position(|h| h == name);
        let (Some(id), Some(clauses)) = (position("id"), position("clauses")) else {
            inventory.problem(
                Place::Line(1),
                format!(
                    "the header must name at least `id` and `clauses` (columns: {})",
                    COLUMNS.join(",")
                ),
            );
            return Ok(inventory);
        };
        let (title, status) = (position("title"), position("status"));
        for unknown in headers.iter().filter(|h| !COLUMNS.contains(&h.as_str())) {
            inventory.problem(
                Place::Line(1),
                format!(
                    "unknown column `{unknown}` (columns: {})",
                    COLUMNS.join(",")
                ),
            );
        }
        let mut rows = 0;
        for record in reader.records() {
            rows += 1;
            if rows > MAX_CONTROLS {
                return Err(TooManyControls);
            }
            let record = match record {
                Ok(r) => r,
                Err(error) => {
                    let line = error.position().map_or(0, |p| p.line());
                    inventory.problem(Place::Line(line), format!("malformed CSV: {error}"));
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line());
            if record.len() != headers.len() {
                inventory.problem(
                    Place::Line(line),
                    format!(
                        "expected {} fields, found {}: this line is left out",
                        headers.len(),
                        record.len()
                    ),
                );
                continue;
            }
            let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").trim();
            let Some(status) = parse_status(get(status)) else {
                inventory.problem(
                    Place::Line(line),
                    format!(
                        "status `{}` is not one of IMPLEMENTED, PARTIAL, PLANNED (empty means IMPLEMENTED): this control is left out",
                        get(status)
                    ),
                );
                continue;
            };
            let title = get(title);
            inventory.controls.push(Control {
                id: get(Some(id)).to_string(),
                title: (!title.is_empty()).then(|| title.to_string()),
                clauses: get(Some(clauses))
                    .split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                status,
            });
            inventory.lines.push(line);
        }
        if inventory.controls.is_empty() && inventory.problems.is_empty() {
            inventory.problem(
                Place::Inventory,
                "the inventory has a header but no control".to_string(),
            );
        }
        Ok(inventory)
    }

    fn problem(&mut self, place: Place, message: String) {
        self.problems.push(Problem { place, message });
    }

    /// The CSV line a problem is on, when the inventory was read from a file.
    pub fn line_of(&self, place: Place) -> Option<u64> {
        match place {
            Place::Inventory => None,
            Place::Line(line) => Some(line),
            Place::Control { position, .. } => self.lines.get(position).copied(),
        }
    }

    /// The reading problems followed by the planning ones (unknown clauses, duplicate ids), each
    /// with its place.
    fn problems_with(&self, errors: Vec<plan::UserError>) -> Vec<Problem> {
        let mut problems = self.problems.clone();
        problems.extend(errors.into_iter().map(|e| Problem {
            place: Place::Control {
                position: e.control,
                field: e.field,
            },
            message: e.message,
        }));
        problems
    }

    /// Plans the move from `from` to `to`, with every problem of the inventory.
    pub fn plan(
        &self,
        data: &Dataset,
        from: StandardIdx,
        to: StandardIdx,
    ) -> Result<PlannedInventory, plan::PlanError> {
        let (plan, errors) = plan::plan(data, from, to, &self.controls)?;
        let problems = self.problems_with(errors);
        Ok(PlannedInventory { plan, problems })
    }
}

/// An integrated plan and every problem of the inventory it was made from.
#[derive(Debug, Clone)]
pub struct PlannedIntegrated {
    pub plan: crate::analysis::integrated_plan::IntegratedPlan,
    pub problems: Vec<Problem>,
}

impl Inventory {
    /// Plans several transitions at once (see [`crate::analysis::integrated_plan`]).
    pub fn plan_integrated(
        &self,
        data: &Dataset,
        transitions: &[crate::analysis::integrated_plan::Transition],
    ) -> Result<PlannedIntegrated, plan::PlanError> {
        let (plan, errors) =
            crate::analysis::integrated_plan::integrated_plan(data, transitions, &self.controls)?;
        let problems = self.problems_with(errors);
        Ok(PlannedIntegrated { plan, problems })
    }
}

/// A plan and every problem of the inventory it was made from.
#[derive(Debug, Clone)]
pub struct PlannedInventory {
    pub plan: TransitionPlan,
    pub problems: Vec<Problem>,
}

/// The CSV and GraphQL spelling of a control status.
pub fn parse_status(text: &str) -> Option<ControlStatus> {
    match text {
        "" | "IMPLEMENTED" => Some(ControlStatus::Implemented),
        "PARTIAL" => Some(ControlStatus::Partial),
        "PLANNED" => Some(ControlStatus::Planned),
        _ => None,
    }
}
