//! Checks of single cells: empty cells and values that are not valid numbers for their column.

use serde_json::json;

use super::cell_name;
use crate::catalog::ValueKind;
use crate::diagnostic::{Code, Diagnostic, Edit, Severity};
use crate::messages::{BadNumber, FixKind, Msg};
use crate::model::{CellValue, Report, Table};
use crate::text::TextRange;

pub fn check(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    for table in &report.tables {
        check_table(text, table, out);
    }
}

fn check_table(text: &str, table: &Table, out: &mut Vec<Diagnostic>) {
    let table_name = table.kind.key();
    let data_cells: Vec<_> = table.rows.iter().flat_map(|r| r.cells.iter()).collect();
    // A table with no value at all gets one diagnostic, not one per cell; a required table left unfilled
    // is an error (the format asks for every figure), where a blank cell here and there is a warning.
    if table.has_no_value() && (data_cells.len() > 1 || table.rows.len() > 1) {
        let d = Diagnostic::new(Code::EmptyCell, Severity::Error, table.range, Msg::EmptyTable { table: table.kind })
            .with_data(json!({ "table": table_name }));
        // Cells read as blank can be filled; rows whose blank cells were not seen cannot.
        let fillable = table.rows.iter().all(|r| r.is_complete());
        out.push(if fillable { d.with_fix(FixKind::FillZero, data_cells.iter().map(|c| fill_zero(text, c.range)).collect()) } else { d });
        return;
    }
    for row in &table.rows {
        let spec = table.row_spec(row);
        let cols = spec.columns();
        if row.cells.len() > 1 && row.cells.iter().all(|c| c.is_empty()) {
            let range = row.label.map_or(row.range(), |l| l.range);
            out.push(
                Diagnostic::new(Code::EmptyCell, Severity::Warning, range, Msg::EmptyRow { row: spec.short.to_owned() })
                    .with_data(json!({ "table": table_name, "row": spec.key }))
                    .with_fix(FixKind::FillZero, row.cells.iter().map(|c| fill_zero(text, c.range)).collect()),
            );
            continue;
        }
        let complete = row.is_complete();
        for cell in &row.cells {
            let Some(col) = cols.get(cell.col) else { continue };
            let why = match cell.value {
                CellValue::Blank | CellValue::Dash => None,
                CellValue::Invalid => Some(BadNumber::NotANumber),
                CellValue::Number(n) => {
                    if n.mantissa.is_none() {
                        Some(BadNumber::TooLarge)
                    } else if !complete {
                        None
                    } else if n.is_negative() && col.kind != ValueKind::SignedCount {
                        Some(BadNumber::Negative)
                    } else if col.kind != ValueKind::SignedCount && text.get(cell.range.start..).is_some_and(|t| t.starts_with(['+', '＋'])) {
                        // A count (or an amount) is written without a sign: `+22` is a change, not a count.
                        Some(BadNumber::Signed)
                    } else if col.kind != ValueKind::Amount && n.as_integer().is_none() {
                        Some(BadNumber::Fraction)
                    } else {
                        None
                    }
                }
            };
            let empty = matches!(cell.value, CellValue::Blank | CellValue::Dash);
            if !empty && why.is_none() {
                continue;
            }
            // Only a cell that is reported gets its name, data and written text: most cells are fine.
            // In a row with too many or too few values the columns are uncertain: name the row only.
            let name = if complete { cell_name(table, row, cell.col) } else { spec.short.to_owned() };
            let data = json!({ "table": table_name, "row": spec.key, "column": col.key });
            let written = cell.range.slice(text).to_owned();
            match why {
                None => {
                    let shown = if cell.range.is_empty() || written.trim().is_empty() { None } else { Some(written) };
                    out.push(
                        Diagnostic::new(Code::EmptyCell, Severity::Warning, visible(text, cell.range), Msg::EmptyCell { cell: name, written: shown })
                            .with_data(data)
                            .with_fix(FixKind::FillZero, vec![fill_zero(text, cell.range)]),
                    );
                }
                Some(why) => {
                    let severity = Severity::Error;
                    out.push(Diagnostic::new(Code::InvalidNumber, severity, cell.range, Msg::InvalidNumber { cell: name, written, why }).with_data(data));
                }
            }
        }
    }
}

/// An empty cell has an empty range; it is shown on the separator that follows it.
fn visible(text: &str, range: TextRange) -> TextRange {
    if !range.is_empty() {
        return range;
    }
    if let Some(c) = text[range.start..].chars().next().filter(|c| *c != '\n' && *c != '\r') {
        return TextRange::new(range.start, range.start + c.len_utf8());
    }
    // At the end of a line: the separator before it.
    match text[..range.start].chars().next_back().filter(|c| *c != '\n' && *c != '\r') {
        Some(c) => TextRange::new(range.start - c.len_utf8(), range.start),
        None => range,
    }
}

/// The edit that writes 0 into an empty cell, keeping one space of padding when the cell had some.
fn fill_zero(text: &str, range: TextRange) -> Edit {
    let written = range.slice(text);
    let new_text = if written.chars().count() >= 3 && written.trim().is_empty() { " 0 ".to_owned() } else { "0".to_owned() };
    Edit { range, new_text }
}
