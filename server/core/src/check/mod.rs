//! Report model → diagnostics. Each submodule owns one family of checks; none looks at anything but
//! the model and the text.

mod arithmetic;
mod cells;
mod narrative;
pub mod prose;
pub mod relations;
mod sections;
mod statements;
mod structure;
mod years;

use crate::diagnostic::Diagnostic;
use crate::model::{Report, Row, Table};

/// Runs every check on a parsed report. A text that is not a report gets nothing.
pub fn check(text: &str, report: &Report) -> Vec<Diagnostic> {
    if !report.is_report {
        return Vec::new();
    }
    let mut out = Vec::new();
    sections::check(text, report, &mut out);
    structure::check(text, report, &mut out);
    cells::check(text, report, &mut out);
    arithmetic::check(report, &mut out);
    narrative::check(text, report, &mut out);
    statements::check(text, report, &mut out);
    years::check(text, report, &mut out);
    out.sort_by_key(|d| (d.range.start, d.range.end, d.code));
    out
}

/// The name of a cell in messages: "（七）总计·自然人", "行政复议·总计", "规章·本年制发件数".
pub fn cell_name(table: &Table, row: &Row, col: usize) -> String {
    let spec = table.row_spec(row);
    let cols = spec.columns();
    let col_label = cols.get(col).map_or("", |c| c.label);
    if table.kind == crate::catalog::TableKind::T4 {
        let group = crate::catalog::T4_GROUPS.get(col / 5).map_or("", |g| g.1);
        return format!("{group}·{col_label}");
    }
    format!("{}·{}", spec.short, col_label)
}
