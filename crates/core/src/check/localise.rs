//! Error localisation (Fellegi–Holt): the smallest set of cells of a table whose change makes every
//! relation of the table hold, so that an error is reported on the cell that is wrong rather than
//! on each total its value breaks.
//!
//! The relations of table 三 and 四 are linear equations over the cells. One or two wrong numbers
//! leave a unique smallest repair almost always; the search looks at sets of one cell, then of two,
//! drawn from the cells of the failing relations, and gives an answer only when the smallest set is
//! unique.

use crate::catalog::ValueKind;
use crate::messages::SumKind;
use crate::model::Table;
use crate::relations::{checked_value, relations_with, CellRef};

/// One cell of the smallest repair: its value as written, the value that makes the relations hold,
/// and the relations that it breaks as written (with whether the cell is the relation's total).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub cell: CellRef,
    pub actual: i128,
    pub value: i128,
    pub broken: Vec<(SumKind, bool)>,
}

/// A relation as an equation `Σ coef·cell = 0`, with the value of the left side as written.
struct Equation {
    kind: SumKind,
    target: CellRef,
    cells: Vec<(CellRef, i128)>,
    residual: i128,
}

/// More failing relations than this is no table with one or two wrong numbers: no search.
const MAX_FAILING: usize = 24;

/// More equally small repairs than this are not offered one by one (a group of table 四 has five).
pub const MAX_REPAIRS: usize = 6;

/// The unique smallest set of cells (one or two) whose change makes every relation of `table` hold,
/// with their new values; `None` when every relation holds, or when no such set of at most two
/// cells exists or it is not unique (the failing relations are then reported as they are).
pub fn localise(table: &Table) -> Option<Vec<Repair>> {
    localise_with(table, &[])
}

/// [`localise`] with the `changed` cells holding the values given, as a fix would leave them.
pub fn localise_with(table: &Table, changed: &[(CellRef, i128)]) -> Option<Vec<Repair>> {
    let [repair] = <[_; 1]>::try_from(smallest_repairs(table, changed)).ok()?;
    Some(repair)
}

/// Every smallest set of cells (one or two) whose change makes every relation of `table` hold, with
/// the `changed` cells holding the values given; empty when every relation holds, when no such set
/// exists, or when there are more than [`MAX_REPAIRS`] of them (then none of them says much).
pub fn smallest_repairs(table: &Table, changed: &[(CellRef, i128)]) -> Vec<Vec<Repair>> {
    if !table.is_readable() {
        return Vec::new();
    }
    // Cells count as the checks count them (a blank one as the value its sum gives it).
    let current = checked_value(table, changed);
    let equations: Vec<Equation> = relations_with(table, &current)
        .into_iter()
        .map(|r| {
            let mut cells: Vec<(CellRef, i128)> = r
                .terms
                .iter()
                .filter_map(|t| Some((t.cell?, if t.negative { -1 } else { 1 })))
                .collect();
            cells.push((r.target, -1));
            Equation {
                kind: r.kind,
                target: r.target,
                cells,
                residual: r.expected - r.actual,
            }
        })
        .collect();
    let failing: Vec<usize> = (0..equations.len())
        .filter(|&e| equations[e].residual != 0)
        .collect();
    if failing.is_empty() || failing.len() > MAX_FAILING {
        return Vec::new();
    }
    // Where each cell stands: the equations it is in, with its coefficient, by row and column.
    let all_cells = || {
        equations
            .iter()
            .flat_map(|eq| eq.cells.iter().map(|&(c, _)| c))
    };
    let width = all_cells().map(|c| c.col + 1).max().unwrap_or(0);
    let height = all_cells().map(|c| c.row + 1).max().unwrap_or(0);
    let at = |c: CellRef| c.row * width + c.col;
    let mut places: Vec<Vec<(usize, i128)>> = vec![Vec::new(); width * height];
    for (e, eq) in equations.iter().enumerate() {
        for &(c, coef) in &eq.cells {
            places[at(c)].push((e, coef));
        }
    }
    let written = |c: CellRef| {
        table.rows[c.row]
            .cell(c.col)
            .and_then(|cell| current(c, cell))
    };
    let allowed = |c: CellRef, v: i128| {
        v >= 0
            || table
                .columns_of(&table.rows[c.row])
                .get(c.col)
                .is_some_and(|col| col.kind == ValueKind::SignedCount)
    };
    // The change a set of cells needs, if one exists: each equation touching them fixes it.
    let solve = |set: &[CellRef]| -> Option<Vec<i128>> {
        let mut deltas: Vec<Option<i128>> = vec![None; set.len()];
        let touched: Vec<usize> = {
            let mut t: Vec<usize> = set
                .iter()
                .flat_map(|c| places[at(*c)].iter().map(|&(e, _)| e))
                .collect();
            t.sort_unstable();
            t.dedup();
            t
        };
        // Every failing equation must be touched.
        if failing.iter().any(|e| touched.binary_search(e).is_err()) {
            return None;
        }
        let coef_in = |e: usize, c: CellRef| {
            equations[e]
                .cells
                .iter()
                .filter(|(x, _)| *x == c)
                .map(|(_, k)| k)
                .sum::<i128>()
        };
        // Two passes: equations with one unknown left determine it; then every equation must hold.
        for _ in 0..2 {
            for &e in &touched {
                let unknown: Vec<usize> = (0..set.len())
                    .filter(|&i| deltas[i].is_none() && coef_in(e, set[i]) != 0)
                    .collect();
                if unknown.len() != 1 {
                    continue;
                }
                let i = unknown[0];
                let known: i128 = (0..set.len())
                    .filter_map(|j| deltas[j].map(|d| d * coef_in(e, set[j])))
                    .sum();
                // residual + Σ coef·delta = 0, with coef ±1 (a cell counted twice cancels: coef 0
                // or ±2).
                let rest = -(equations[e].residual + known);
                let k = coef_in(e, set[i]);
                if rest % k != 0 {
                    return None;
                }
                deltas[i] = Some(rest / k);
            }
        }
        let deltas: Vec<i128> = deltas.into_iter().collect::<Option<_>>()?;
        let holds = touched.iter().all(|&e| {
            equations[e].residual
                + set
                    .iter()
                    .zip(&deltas)
                    .map(|(&c, d)| d * coef_in(e, c))
                    .sum::<i128>()
                == 0
        });
        let fine = deltas.iter().all(|&d| d != 0)
            && set
                .iter()
                .zip(&deltas)
                .all(|(&c, &d)| written(c).is_some_and(|w| allowed(c, w + d)));
        (holds && fine).then_some(deltas)
    };
    let by_size = |e: &usize| equations[*e].cells.len();
    let Some(&smallest) = failing.iter().min_by_key(|e| by_size(e)) else {
        return Vec::new();
    };
    let mut found: Vec<(Vec<CellRef>, Vec<i128>)> = Vec::new();
    // One cell: it is in the smallest failing equation.
    for &(c, _) in &equations[smallest].cells {
        if let Some(d) = solve(&[c]) {
            found.push((vec![c], d));
        }
    }
    if found.is_empty() {
        // Two cells of the failing equations: one in the smallest of them, the other in the
        // smallest the first is not in. When the first is in every failing equation, the other is
        // any cell of them.
        let mut pool: Vec<CellRef> = failing
            .iter()
            .flat_map(|&e| equations[e].cells.iter().map(|&(c, _)| c))
            .collect();
        pool.sort_unstable();
        pool.dedup();
        for &(a, _) in &equations[smallest].cells {
            let other = failing
                .iter()
                .filter(|&&e| !places[at(a)].iter().any(|&(x, _)| x == e))
                .min_by_key(|e| by_size(e));
            let partners: Vec<CellRef> = match other {
                Some(&e) => equations[e].cells.iter().map(|&(c, _)| c).collect(),
                None => pool.clone(),
            };
            for b in partners {
                if b == a || found.iter().any(|(s, _)| s.contains(&a) && s.contains(&b)) {
                    continue;
                }
                if let Some(d) = solve(&[a, b]) {
                    found.push((vec![a, b], d));
                }
            }
        }
    }
    if found.len() > MAX_REPAIRS {
        return Vec::new();
    }
    found
        .into_iter()
        .map(|(set, deltas)| {
            set.iter()
                .zip(deltas)
                .map(|(&cell, d)| {
                    let actual = written(cell).unwrap_or(0);
                    let broken = places[at(cell)]
                        .iter()
                        .filter(|&&(e, _)| equations[e].residual != 0)
                        .map(|&(e, _)| (equations[e].kind, equations[e].target == cell))
                        .collect();
                    Repair {
                        cell,
                        actual,
                        value: actual + d,
                        broken,
                    }
                })
                .collect()
        })
        .collect()
}
