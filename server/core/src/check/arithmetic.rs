//! The arithmetic of the tables (勾稽关系): row totals, the outcome total and the balance of table 三,
//! and the group totals of table 四, as computed by [`super::relations`] (which hover, inlay hints and
//! "fix all" share). Each error sits on the cell that is off and carries the computed value, in the
//! message, in `data` and as a fix; an error that only follows from another one is not repeated.

use serde_json::json;

use super::cell_name;
use super::relations::{self, Relation};
use crate::catalog::ValueKind;
use crate::diagnostic::{num, Code, Diagnostic, Edit, Severity};
use crate::messages::{FixKind, Msg, SumKind};
use crate::model::{Report, Table};

pub fn check(report: &Report, out: &mut Vec<Diagnostic>) {
    for table in &report.tables {
        for rel in relations::failures(table) {
            out.extend(sum_error(table, &rel));
        }
    }
}

fn sum_error(table: &Table, rel: &Relation) -> Option<Diagnostic> {
    let row = table.rows.get(rel.target.row)?;
    let cell = row.cell(rel.target.col)?;
    let spec = table.row_spec(row);
    let col_key = spec.columns().get(rel.target.col).map_or("", |c| c.key);
    let code = match rel.kind {
        SumKind::RowTotal => Code::RowTotal,
        SumKind::OutcomeTotal => Code::OutcomeTotal,
        SumKind::Balance => Code::Balance,
        SumKind::ReviewTotal => Code::ReviewTotal,
    };
    let (expected, actual) = (rel.expected, rel.actual);
    let diagnostic = Diagnostic::new(
        code,
        Severity::Error,
        cell.range,
        Msg::Sum { kind: rel.kind, cell: cell_name(table, row, rel.target.col), expected, actual, detail: rel.detail() },
    )
    .with_data(json!({
        "table": table.kind.key(),
        "row": spec.key,
        "column": col_key,
        "expected": num(expected),
        "actual": num(actual),
    }));
    // A value the column cannot hold (a negative count, when the other terms are what is wrong) is not
    // proposed: writing it would only trade this error for an invalid number.
    let signed = spec.columns().get(rel.target.col).is_some_and(|c| c.kind == ValueKind::SignedCount);
    if expected < 0 && !signed {
        return Some(diagnostic);
    }
    let value = expected.to_string();
    Some(diagnostic.with_fix(FixKind::ReplaceValue { value: value.clone() }, vec![Edit { range: cell.range, new_text: value }]))
}
