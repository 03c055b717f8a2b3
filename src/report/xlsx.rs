//! Spreadsheet output: the table with a bold, frozen, filterable header row, and an "About" sheet
//! that says what the table is and how to read it.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::Table;

pub fn workbook(
    table: &Table,
    sheet: &str,
    about: &[(&str, String)],
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let data = workbook.add_worksheet();
    data.set_name(sheet)?;
    for (col, header) in table.headers.iter().enumerate() {
        data.write_string_with_format(0, col as u16, *header, &bold)?;
        // Long prose columns get more room; ids and enums stay narrow.
        let width = if matches!(*header, "note" | "rationale") {
            80.0
        } else if header.ends_with("title") {
            40.0
        } else {
            22.0
        };
        data.set_column_width(col as u16, width)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (col, value) in row.iter().enumerate() {
            data.write_string_with_format(
                r as u32 + 1,
                col as u16,
                fit_cell(value).as_ref(),
                &wrap,
            )?;
        }
    }
    data.set_freeze_panes(1, 0)?;
    if !table.rows.is_empty() {
        data.autofilter(
            0,
            0,
            table.rows.len() as u32,
            table.headers.len() as u16 - 1,
        )?;
    }
    let info = workbook.add_worksheet();
    info.set_name("About")?;
    info.set_column_width(0, 22.0)?;
    info.set_column_width(1, 110.0)?;
    for (r, (label, text)) in about.iter().enumerate() {
        info.write_string_with_format(r as u32, 0, *label, &bold)?;
        info.write_string_with_format(r as u32, 1, fit_cell(text).as_ref(), &wrap)?;
    }
    workbook.save_to_buffer()
}

/// Most characters a spreadsheet cell holds (Excel's limit; longer strings make the file invalid).
pub const MAX_CELL_CHARS: usize = 32_767;

/// What a cell says when its text is cut: the CSV and JSON forms of a document have no limit.
const CUT_MARK: &str =
    " [cut at the spreadsheet cell limit; the CSV and JSON downloads hold the whole text]";

/// `text`, cut to fit one cell when it is longer than [`MAX_CELL_CHARS`].
fn fit_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().count() <= MAX_CELL_CHARS {
        return std::borrow::Cow::Borrowed(text);
    }
    let keep = MAX_CELL_CHARS - CUT_MARK.chars().count();
    let mut cut: String = text.chars().take(keep).collect();
    cut.push_str(CUT_MARK);
    std::borrow::Cow::Owned(cut)
}
