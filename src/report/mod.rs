//! Documents people hand on: crosswalks (CSV, Markdown, JSON, OSCAL, xlsx), transition plans
//! (CSV, Markdown, JSON, xlsx), the generated transition summary and the data-quality report.
//! The service layer calls these for the CLI and the HTTP downloads alike, so both give the
//! same bytes.

pub mod crosswalk;
pub mod integrated_plan;
pub mod oscal;
pub mod plan;
pub mod quality;
pub mod release;
pub mod transition;
mod xlsx;

/// An output format of a download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    pub const ALL: [Format; 5] = [
        Format::Csv,
        Format::Md,
        Format::Json,
        Format::Oscal,
        Format::Xlsx,
    ];

    /// The name a format is asked for by (`format=csv`, `--format csv`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Md => "md",
            Format::Json => "json",
            Format::Oscal => "oscal",
            Format::Xlsx => "xlsx",
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

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == text)
            .ok_or_else(|| format!("format `{text}` is not one of csv, md, json, oscal, xlsx"))
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
