//! The arithmetic of the tables (勾稽关系): row totals, the outcome total and the balance of table 三,
//! and the group totals of table 四, as computed by [`crate::relations`] (which hover, inlay hints
//! and "fix all" share). When a table's smallest repair is certain ([`super::localise`]) each of
//! its cells is an error with the value that repairs the table; else each failing relation is one
//! on its total. The value is in the message, in `data` and in the fix; an error that only follows
//! from another one is not repeated.

use serde_json::json;

use super::cell_name;
use super::localise::{localise_with, smallest_repairs, Repair};
use crate::catalog::{TableKind, ValueKind};
use crate::diagnostic::{num, Code, Diagnostic, Edit, Severity};
use crate::messages::{FixKind, Msg, Name, SumKind};
use crate::model::{Report, Table};
use crate::parse::narrative::Restates;
use crate::relations::{self, CellRef, Relation};

pub fn check(report: &Report, out: &mut Vec<Diagnostic>) {
    for table in &report.tables {
        // The cells whose change makes every relation hold, when one smallest set is certain; else
        // each failing relation on its total, with the equally small repairs when there are a few.
        let (repairs, by_text) = repairs_of(report, table);
        if let [repair] = &repairs[..] {
            out.extend(
                repair
                    .iter()
                    .filter_map(|r| repair_error(table, r, repair, by_text)),
            );
            continue;
        }
        let failing = relations::failures(table);
        for rel in &failing {
            out.extend(sum_error(table, rel, failing.len(), &repairs));
        }
    }
}

/// The smallest repairs of `table` (see [`smallest_repairs`]), told apart by the text's own figures
/// where they can be (a group of table 四 whose total or any of four results could be wrong, when
/// the text says how many reviews there were); with whether the text narrowed them.
pub fn repairs_of(report: &Report, table: &Table) -> (Vec<Vec<Repair>>, bool) {
    let mut repairs = smallest_repairs(table, &[]);
    let by_text = repairs.len() > 1 && narrow_by_text(report, table, &mut repairs);
    (repairs, by_text)
}

/// Keeps the `repairs` of table 四 that leave its totals as the narrative states them (the reviews,
/// the lawsuits of both kinds together), when it states them and some but not all repairs do; tells
/// whether it kept fewer.
fn narrow_by_text(report: &Report, table: &Table, repairs: &mut Vec<Vec<Repair>>) -> bool {
    if table.kind != TableKind::T4 {
        return false;
    }
    let stated = |what: Restates| {
        let sentences = report
            .narrative
            .iter()
            .filter(|n| n.first)
            .flat_map(|n| n.narrative.sentences.iter());
        sentences
            .flat_map(|s| s.figures.iter())
            .find(|(_, r)| *r == what)
            .map(|(f, _)| f.value)
    };
    let (review, litigation) = (stated(Restates::Review), stated(Restates::Litigation));
    if review.is_none() && litigation.is_none() {
        return false;
    }
    let Some(row) = relations::row_index(table, "cases") else {
        return false;
    };
    // A group's total as the repair leaves it.
    let total = |repair: &[Repair], group: usize| {
        let at = CellRef {
            row,
            col: group * 5 + 4,
        };
        repair
            .iter()
            .find(|r| r.cell == at)
            .map(|r| r.value)
            .or_else(|| relations::value(table.rows[row].cell(at.col)))
    };
    let agrees = |repair: &Vec<Repair>| {
        review.is_none_or(|v| total(repair, 0) == Some(v))
            && litigation.is_none_or(|v| {
                total(repair, 1).zip(total(repair, 2)).map(|(a, b)| a + b) == Some(v)
            })
    };
    let kept: Vec<Vec<Repair>> = repairs.iter().filter(|r| agrees(r)).cloned().collect();
    if kept.is_empty() || kept.len() == repairs.len() {
        return false;
    }
    *repairs = kept;
    true
}

fn code_of(kind: SumKind) -> Code {
    match kind {
        SumKind::RowTotal => Code::RowTotal,
        SumKind::OutcomeTotal => Code::OutcomeTotal,
        SumKind::Balance => Code::Balance,
        SumKind::ReviewTotal => Code::ReviewTotal,
    }
}

/// The error on a cell of the smallest repair: coded by the relation it is the total of, else by
/// the first it is a term of.
fn repair_error(
    table: &Table,
    repair: &Repair,
    all: &[Repair],
    by_text: bool,
) -> Option<Diagnostic> {
    let CellRef { row: r, col } = repair.cell;
    let row = table.rows.get(r)?;
    let cell = row.cell(col)?;
    let spec = table.row_spec(row);
    let col_key = spec.columns().get(col).map_or("", |c| c.key);
    let rank = |kind: SumKind| match kind {
        SumKind::RowTotal => 0,
        SumKind::OutcomeTotal => 1,
        SumKind::ReviewTotal => 2,
        SumKind::Balance => 3,
    };
    let mut broken = repair.broken.clone();
    broken.sort_by_key(|&(kind, total)| (!total, rank(kind)));
    broken.dedup();
    let &(kind, _) = broken.first()?;
    let with = all.iter().filter(|o| o.cell != repair.cell).map(|o| {
        (
            cell_name(table, &table.rows[o.cell.row], o.cell.col),
            o.value,
        )
    });
    let msg = Msg::Repair {
        cell: cell_name(table, row, col),
        expected: repair.value,
        actual: repair.actual,
        broken,
        with: with.collect(),
        by_text,
    };
    // The fix is the whole repair: one cell of it alone would leave the others' relations broken.
    let mut edits: Vec<Edit> = all
        .iter()
        .filter_map(|o| {
            Some(Edit {
                range: table.rows.get(o.cell.row)?.cell(o.cell.col)?.range,
                new_text: o.value.to_string(),
            })
        })
        .collect();
    edits.sort_by_key(|e| e.range.start);
    let fix = FixKind::Repair {
        value: repair.value.to_string(),
        others: all.len() - 1,
    };
    Some(
        Diagnostic::new(code_of(kind), Severity::Error, cell.range, msg)
            .with_data(json!({
                "table": table.kind.key(),
                "row": spec.key,
                "column": col_key,
                "expected": num(repair.value),
                "actual": num(repair.actual),
            }))
            .with_fix(fix, edits),
    )
}

/// How many arithmetic errors `table` gets with the `changed` cells holding the values given.
fn error_count(table: &Table, changed: &[(CellRef, i128)]) -> usize {
    localise_with(table, changed).map_or_else(
        || relations::failures_with(table, changed).len(),
        |r| r.len(),
    )
}

/// The error on a failing relation's total. With several equally small `repairs` of the table, it
/// names them and offers each as a fix; else the fix is the computed value, unless writing it would
/// leave the table more errors than the `errors` it has (the circle of fixes of several wrong
/// numbers).
fn sum_error(
    table: &Table,
    rel: &Relation,
    errors: usize,
    repairs: &[Vec<Repair>],
) -> Option<Diagnostic> {
    let row = table.rows.get(rel.target.row)?;
    let cell = row.cell(rel.target.col)?;
    let spec = table.row_spec(row);
    let col_key = spec.columns().get(rel.target.col).map_or("", |c| c.key);
    let code = code_of(rel.kind);
    let (expected, actual) = (rel.expected, rel.actual);
    let mut msg = Msg::Sum {
        kind: rel.kind,
        cell: cell_name(table, row, rel.target.col),
        expected,
        actual,
        detail: rel.detail(),
    };
    let name = |c: CellRef| {
        table
            .rows
            .get(c.row)
            .map_or(Name::default(), |r| cell_name(table, r, c.col))
    };
    if repairs.len() > 1 {
        let named = repairs
            .iter()
            .map(|r| r.iter().map(|x| (name(x.cell), x.value)).collect())
            .collect();
        msg = Msg::Alternatives {
            sum: Box::new(msg),
            repairs: named,
        };
    }
    let mut diagnostic = Diagnostic::new(code, Severity::Error, cell.range, msg).with_data(json!({
        "table": table.kind.key(),
        "row": spec.key,
        "column": col_key,
        "expected": num(expected),
        "actual": num(actual),
    }));
    if repairs.len() > 1 {
        // Each repair as its own fix, those that change this cell first; none is preferred.
        let mut ordered: Vec<&Vec<Repair>> = repairs.iter().collect();
        ordered.sort_by_key(|r| !r.iter().any(|x| x.cell == rel.target));
        for r in ordered {
            let mut edits: Vec<Edit> = r
                .iter()
                .filter_map(|x| {
                    Some(Edit {
                        range: table.rows.get(x.cell.row)?.cell(x.cell.col)?.range,
                        new_text: x.value.to_string(),
                    })
                })
                .collect();
            edits.sort_by_key(|e| e.range.start);
            let changes = r
                .iter()
                .map(|x| (name(x.cell), x.value.to_string()))
                .collect();
            diagnostic = diagnostic.with_fix(FixKind::Alternative { changes }, edits);
        }
        return Some(diagnostic);
    }
    // A value the column cannot hold (a negative count, when the other terms are what is wrong) is
    // not proposed: writing it would only trade this error for an invalid number.
    let signed = spec
        .columns()
        .get(rel.target.col)
        .is_some_and(|c| c.kind == ValueKind::SignedCount);
    if (expected < 0 && !signed) || error_count(table, &[(rel.target, expected)]) > errors {
        return Some(diagnostic);
    }
    let value = expected.to_string();
    Some(diagnostic.with_fix(
        FixKind::ReplaceValue {
            value: value.clone(),
        },
        vec![Edit {
            range: cell.range,
            new_text: value,
        }],
    ))
}
