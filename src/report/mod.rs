//! Documents people hand on: transition plans and crosswalks as CSV, Markdown and JSON, the
//! inventory CSV they start from, and the generated transition summary. The CLI and the HTTP
//! downloads call the same functions, so both give the same bytes.

pub mod crosswalk;
pub mod inventory;
pub mod oscal;
pub mod plan;
pub mod transition;

/// An output format of a download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Md,
    Json,
    /// OSCAL 1.2 mapping collection (JSON); crosswalks only.
    Oscal,
}

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        match text {
            "csv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Md),
            "json" => Some(Format::Json),
            "oscal" => Some(Format::Oscal),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Md => "text/markdown; charset=utf-8",
            Format::Json | Format::Oscal => "application/json",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Md => "md",
            Format::Json => "json",
            Format::Oscal => "oscal.json",
        }
    }
}

/// Joins clause refs or ids for one cell.
fn joined<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().collect::<Vec<_>>().join("; ")
}

/// Escapes a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Reads an inventory CSV and renders the plan for it; returns the document and every problem
/// of the inventory as `(line, message)` (unreadable lines, unknown clauses, duplicate ids).
pub fn plan_for_inventory(
    data: &crate::model::Dataset,
    from: crate::model::StandardIdx,
    to: crate::model::StandardIdx,
    inventory_csv: &[u8],
    format: Format,
) -> Result<(String, Vec<(u64, String)>), String> {
    if format == Format::Oscal {
        return Err("a transition plan has no OSCAL form; use csv, md or json".to_string());
    }
    let (controls, mut problems) = inventory::read(inventory_csv);
    let lines: Vec<u64> = controls.iter().map(|c| c.line).collect();
    let controls: Vec<_> = controls.into_iter().map(|c| c.control).collect();
    let (plan, user_errors) =
        crate::analysis::plan::plan(data, from, to, &controls).map_err(|e| e.to_string())?;
    for error in &user_errors {
        let line = error
            .field
            .get(1)
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| lines.get(i))
            .copied()
            .unwrap_or(0);
        problems.push((line, error.message.clone()));
    }
    problems.sort();
    Ok((plan::render(data, &plan, &user_errors, format), problems))
}
