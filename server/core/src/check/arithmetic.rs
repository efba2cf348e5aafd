//! The arithmetic of the tables (勾稽关系): row totals, the outcome total and the balance of table 三,
//! and the group totals of table 四. Each error sits on the cell that is off and carries the computed
//! value, in the message, in `data` and as a fix.

use serde_json::json;

use super::cell_name;
use crate::catalog::{TableKind, T3_COLUMNS, T4_GROUPS};
use crate::diagnostic::{Code, Diagnostic, Edit, Severity};
use crate::messages::{FixKind, Msg, SumKind};
use crate::model::{Cell, CellValue, Report, Row, Table};

/// The value a cell counts for in sums: a blank counts as 0 (and is reported on its own); text and
/// fractions make the relation uncheckable.
fn value(cell: Option<&Cell>) -> Option<i128> {
    match cell?.value {
        CellValue::Number(n) => n.as_integer(),
        CellValue::Blank | CellValue::Dash => Some(0),
        CellValue::Invalid => None,
    }
}

pub fn check(report: &Report, out: &mut Vec<Diagnostic>) {
    for table in &report.tables {
        match table.kind {
            TableKind::T3 => check_t3(table, out),
            TableKind::T4 => check_t4(table, out),
            TableKind::T2 => {}
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn sum_error(
    table: &Table,
    row: &Row,
    col: usize,
    kind: SumKind,
    code: Code,
    expected: i128,
    actual: i128,
    detail: String,
) -> Option<Diagnostic> {
    let cell = row.cell(col)?;
    let spec = table.row_spec(row);
    let col_key = spec.columns().get(col).map_or("", |c| c.key);
    Some(
        Diagnostic::new(
            code,
            Severity::Error,
            cell.range,
            Msg::Sum { kind, cell: cell_name(table, row, col), expected, actual, detail },
        )
        .with_data(json!({
            "table": format!("{:?}", table.kind),
            "row": spec.key,
            "column": col_key,
            "expected": expected,
            "actual": actual,
        }))
        .with_fix(FixKind::ReplaceValue { value: expected.to_string() }, vec![Edit { range: cell.range, new_text: expected.to_string() }]),
    )
}

fn check_t3(table: &Table, out: &mut Vec<Diagnostic>) {
    const TOTAL_COL: usize = 6;
    // 总计 = the six applicant columns, for every data row.
    for row in table.rows.iter().filter(|r| r.is_complete() && table.row_spec(r).columns().len() == T3_COLUMNS.len()) {
        let parts: Option<Vec<i128>> = (0..TOTAL_COL).map(|c| value(row.cell(c))).collect();
        let (Some(parts), Some(total)) = (parts, value(row.cell(TOTAL_COL))) else { continue };
        let sum: i128 = parts.iter().sum();
        if sum != total {
            out.extend(sum_error(table, row, TOTAL_COL, SumKind::RowTotal, Code::RowTotal, sum, total, String::new()));
        }
    }
    let spec = table.spec();
    let total_row = table.row("total").filter(|r| r.is_complete());
    // （七）总计 = the outcome rows, per column. A missing outcome row counts as 0 (it is reported on its
    // own); a row with the wrong number of values makes the column uncheckable.
    let outcomes: Vec<Option<&Row>> = spec.rows.iter().filter(|r| r.outcome).map(|r| table.row(r.key)).collect();
    if let Some(total_row) = total_row {
        if outcomes.iter().flatten().all(|r| r.is_complete()) {
            for col in 0..T3_COLUMNS.len() {
                let parts: Option<Vec<i128>> =
                    outcomes.iter().map(|r| r.map_or(Some(0), |r| value(r.cell(col)))).collect();
                let (Some(parts), Some(total)) = (parts, value(total_row.cell(col))) else { continue };
                let sum: i128 = parts.iter().sum();
                if sum != total {
                    out.extend(sum_error(table, total_row, col, SumKind::OutcomeTotal, Code::OutcomeTotal, sum, total, String::new()));
                }
            }
        }
    }
    // 一 + 二 = （七）总计 + 四, per column (the template's own note).
    let rows = ["new", "carried_in", "total", "carried_out"].map(|k| table.row(k).filter(|r| r.is_complete()));
    let [Some(new), Some(carried_in), Some(total), Some(carried_out)] = rows else { return };
    for col in 0..T3_COLUMNS.len() {
        let (Some(a), Some(b), Some(t), Some(o)) =
            (value(new.cell(col)), value(carried_in.cell(col)), value(total.cell(col)), value(carried_out.cell(col)))
        else {
            continue;
        };
        if a + b == t + o {
            continue;
        }
        // The carried-over row is the derived one; when that would make it negative, the total is.
        let detail = format!("{a} + {b} ≠ {t} + {o}");
        let d = if a + b - t >= 0 {
            sum_error(table, carried_out, col, SumKind::Balance, Code::Balance, a + b - t, o, detail)
        } else {
            sum_error(table, total, col, SumKind::Balance, Code::Balance, a + b - o, t, detail)
        };
        out.extend(d);
    }
}

fn check_t4(table: &Table, out: &mut Vec<Diagnostic>) {
    let Some(row) = table.rows.first().filter(|r| r.is_complete()) else { return };
    for g in 0..T4_GROUPS.len() {
        let base = g * 5;
        let parts: Option<Vec<i128>> = (base..base + 4).map(|c| value(row.cell(c))).collect();
        let (Some(parts), Some(total)) = (parts, value(row.cell(base + 4))) else { continue };
        let sum: i128 = parts.iter().sum();
        if sum != total {
            out.extend(sum_error(table, row, base + 4, SumKind::ReviewTotal, Code::ReviewTotal, sum, total, String::new()));
        }
    }
}
