//! Documents people hand on: transition plans and crosswalks as CSV, Markdown and JSON, the
//! inventory CSV they start from, and the generated transition summary. The CLI and the HTTP
//! downloads call the same functions, so both give the same bytes.

pub mod crosswalk;
pub mod inventory;
pub mod oscal;
pub mod plan;
pub mod quality;
pub mod transition;
mod xlsx;

/// An output format of a download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Md,
    Json,
    /// OSCAL 1.2 mapping collection (JSON); crosswalks only.
    Oscal,
    /// A spreadsheet (Office Open XML): the CSV table plus an "About" sheet.
    Xlsx,
}

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        match text {
            "csv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Md),
            "json" => Some(Format::Json),
            "oscal" => Some(Format::Oscal),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Md => "text/markdown; charset=utf-8",
            Format::Json | Format::Oscal => "application/json",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Md => "md",
            Format::Json => "json",
            Format::Oscal => "oscal.json",
            Format::Xlsx => "xlsx",
        }
    }
}

/// A document's rows, written as CSV or as a spreadsheet.
pub struct Table {
    pub headers: &'static [&'static str],
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn to_csv(&self) -> Vec<u8> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let _ = writer.write_record(self.headers);
        for row in &self.rows {
            let _ = writer.write_record(row);
        }
        writer.into_inner().unwrap_or_default()
    }

    /// The table on a first sheet named `sheet`, and `about` (label, text) on an "About" sheet.
    pub fn to_xlsx(&self, sheet: &str, about: &[(&str, String)]) -> Result<Vec<u8>, String> {
        xlsx::workbook(self, sheet, about).map_err(|e| format!("cannot write the spreadsheet: {e}"))
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

/// A problem of an input file: its line and what is wrong.
pub type LineProblem = (u64, String);

/// Reads an inventory CSV and renders the plan for it; returns the document and every problem
/// of the inventory as `(line, message)` (unreadable lines, unknown clauses, duplicate ids).
pub fn plan_for_inventory(
    data: &crate::model::Dataset,
    from: crate::model::StandardIdx,
    to: crate::model::StandardIdx,
    inventory_csv: &[u8],
    format: Format,
) -> Result<(Vec<u8>, Vec<LineProblem>), String> {
    if format == Format::Oscal {
        return Err("a transition plan has no OSCAL form; use csv, md, json or xlsx".to_string());
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
    Ok((plan::render(data, &plan, &user_errors, format)?, problems))
}
