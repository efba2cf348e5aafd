//! The arithmetic relations of the tables (勾稽关系) as data: for a table, every total cell with the
//! cells it sums, the value it should hold and the value it holds. The checks report the relations
//! that fail; hover, inlay hints and the "fix all totals" action read the same relations, so there
//! is one source of truth for the arithmetic.

use crate::catalog::{TableKind, T3_COLUMNS, T4_GROUPS};
use crate::messages::SumKind;
use crate::model::{Cell, CellValue, Row, Table};

/// A cell of a table: its row (an index into [`Table::rows`]) and its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellRef {
    pub row: usize,
    pub col: usize,
}

/// One term of a relation's sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// The cell; `None` when the format's row is missing from the table, in which case it counts as
    /// 0.
    pub cell: Option<CellRef>,
    /// The row of the format the term comes from (an index into the table spec's rows).
    pub spec: usize,
    pub col: usize,
    pub value: i128,
    /// Whether the term is subtracted (the balance solved for one of its cells).
    pub negative: bool,
}

/// One relation: `target` should hold the signed sum of `terms`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub kind: SumKind,
    /// The cell the relation computes.
    pub target: CellRef,
    pub terms: Vec<Term>,
    /// The value the target should hold.
    pub expected: i128,
    /// The value the target holds.
    pub actual: i128,
    /// For a balance, the four values of 一 + 二 = （七）总计 + 四 in that order.
    pub balance: Option<[i128; 4]>,
}

impl Relation {
    pub fn holds(&self) -> bool {
        self.expected == self.actual
    }

    /// The cells the relation takes: its target, then each term's cell.
    pub fn cells(&self) -> impl Iterator<Item = CellRef> + '_ {
        std::iter::once(self.target).chain(self.terms.iter().filter_map(|t| t.cell))
    }

    /// The detail that the balance message shows ("5 + 1 ≠ 4 + 3"); empty for the other kinds.
    pub fn detail(&self) -> String {
        match self.balance {
            Some([a, b, t, o]) => format!("{a} + {b} ≠ {t} + {o}"),
            None => String::new(),
        }
    }
}

/// The value a cell counts for in sums: a blank counts as 0 (and is reported on its own); text and
/// fractions make the relation uncheckable.
pub fn value(cell: Option<&Cell>) -> Option<i128> {
    match cell?.value {
        // Most numbers have no decimal point: no division to tell whether they are whole.
        CellValue::Number(n) if n.scale == 0 => n.mantissa,
        CellValue::Number(n) => n.as_integer(),
        CellValue::Blank | CellValue::Dash => Some(0),
        CellValue::Invalid => None,
    }
}

/// The relations of a table with the values as written.
pub fn relations(table: &Table) -> Vec<Relation> {
    relations_with(table, &|_, cell| value(Some(cell)))
}

/// The relations of a table with the values given by `value` (which may replace some written
/// values, as the "fix all" action does). Rows with the wrong number of values, and cells whose
/// value is `None`, leave the relations they take part in out.
pub fn relations_with(
    table: &Table,
    value: &dyn Fn(CellRef, &Cell) -> Option<i128>,
) -> Vec<Relation> {
    let mut out = Vec::new();
    match table.kind {
        TableKind::T3 => t3(table, value, &mut out),
        TableKind::T4 => t4(table, value, &mut out),
        TableKind::T2 => {}
    }
    out
}

/// The position in [`Table::rows`] of the table's row of the format with `key`.
pub fn row_index(table: &Table, key: &str) -> Option<usize> {
    let (spec, _) = table.spec().row(key)?;
    table.rows.iter().position(|r| r.spec == spec)
}

fn term(
    table: &Table,
    value: &dyn Fn(CellRef, &Cell) -> Option<i128>,
    row: usize,
    col: usize,
    negative: bool,
) -> Option<Term> {
    let r = &table.rows[row];
    let cell = CellRef { row, col };
    let v = value(cell, r.cell(col)?)?;
    Some(Term {
        cell: Some(cell),
        spec: r.spec,
        col,
        value: v,
        negative,
    })
}

/// The `n` terms `term` gives, in a vector of exactly that size; `None` when one of them is `None`.
fn collect_terms(n: usize, mut term: impl FnMut(usize) -> Option<Term>) -> Option<Vec<Term>> {
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        out.push(term(k)?);
    }
    Some(out)
}

fn sum(terms: &[Term]) -> i128 {
    terms
        .iter()
        .map(|t| if t.negative { -t.value } else { t.value })
        .sum()
}

fn relation(kind: SumKind, target: CellRef, terms: Vec<Term>, actual: i128) -> Relation {
    Relation {
        kind,
        target,
        expected: sum(&terms),
        terms,
        actual,
        balance: None,
    }
}

fn is_t3_data_row(table: &Table, row: &Row) -> bool {
    row.is_complete() && table.row_spec(row).columns().len() == T3_COLUMNS.len()
}

fn t3(table: &Table, value: &dyn Fn(CellRef, &Cell) -> Option<i128>, out: &mut Vec<Relation>) {
    const TOTAL_COL: usize = 6;
    // 总计 = the six applicant columns, for every data row.
    for (i, row) in table.rows.iter().enumerate() {
        if !is_t3_data_row(table, row) {
            continue;
        }
        let terms = collect_terms(TOTAL_COL, |c| term(table, value, i, c, false));
        let (Some(terms), Some(total)) = (terms, term(table, value, i, TOTAL_COL, false)) else {
            continue;
        };
        out.push(relation(
            SumKind::RowTotal,
            CellRef {
                row: i,
                col: TOTAL_COL,
            },
            terms,
            total.value,
        ));
    }
    // （七）总计 = the outcome rows, per column. A missing outcome row counts as 0 (it is reported on
    // its own); a row with the wrong number of values makes every column uncheckable.
    let spec = table.spec();
    let outcomes: Vec<(usize, Option<usize>)> = spec
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.outcome)
        .map(|(s, _)| (s, table.rows.iter().position(|r| r.spec == s)))
        .collect();
    let total_row = row_index(table, "total").filter(|&i| table.rows[i].is_complete());
    if let Some(total_row) = total_row {
        if outcomes
            .iter()
            .filter_map(|(_, r)| *r)
            .all(|r| table.rows[r].is_complete())
        {
            for col in 0..T3_COLUMNS.len() {
                let terms = collect_terms(outcomes.len(), |k| match outcomes[k] {
                    (_, Some(r)) => term(table, value, r, col, false),
                    (s, None) => Some(Term {
                        cell: None,
                        spec: s,
                        col,
                        value: 0,
                        negative: false,
                    }),
                });
                let (Some(terms), Some(total)) = (terms, term(table, value, total_row, col, false))
                else {
                    continue;
                };
                out.push(relation(
                    SumKind::OutcomeTotal,
                    CellRef {
                        row: total_row,
                        col,
                    },
                    terms,
                    total.value,
                ));
            }
        }
    }
    // 一 + 二 = （七）总计 + 四, per column (the template's own note). The carried-over row is the derived
    // one; when that would make it negative, the total is.
    let rows = ["new", "carried_in", "total", "carried_out"]
        .map(|k| row_index(table, k).filter(|&i| table.rows[i].is_complete()));
    let [Some(new), Some(carried_in), Some(total), Some(carried_out)] = rows else {
        return;
    };
    for col in 0..T3_COLUMNS.len() {
        let terms =
            [new, carried_in, total, carried_out].map(|r| term(table, value, r, col, false));
        let [Some(a), Some(b), Some(t), Some(o)] = terms else {
            continue;
        };
        let four = [a.value, b.value, t.value, o.value];
        let (target, subtracted) = if a.value + b.value - t.value >= 0 {
            (o, t)
        } else {
            (t, o)
        };
        let Some(target_cell) = target.cell else {
            continue;
        };
        let mut r = relation(
            SumKind::Balance,
            target_cell,
            vec![
                a,
                b,
                Term {
                    negative: true,
                    ..subtracted
                },
            ],
            target.value,
        );
        r.balance = Some(four);
        out.push(r);
    }
}

fn t4(table: &Table, value: &dyn Fn(CellRef, &Cell) -> Option<i128>, out: &mut Vec<Relation>) {
    let Some(row) = table.rows.first().filter(|r| r.is_complete()) else {
        return;
    };
    if table.row_spec(row).columns().len() != T4_GROUPS.len() * 5 {
        return;
    }
    for g in 0..T4_GROUPS.len() {
        let base = g * 5;
        let terms = collect_terms(4, |k| term(table, value, 0, base + k, false));
        let (Some(terms), Some(total)) = (terms, term(table, value, 0, base + 4, false)) else {
            continue;
        };
        out.push(relation(
            SumKind::ReviewTotal,
            CellRef {
                row: 0,
                col: base + 4,
            },
            terms,
            total.value,
        ));
    }
}

/// The relations within one row, by column: each `(total, terms)`. Table 三's data rows: 总计 = the
/// six applicant columns; table 四's row: each group's 总计 = its four results. They are the row
/// totals and review totals [`relations`] computes, for a row whose values are not known yet (see
/// `parse::runs`).
pub fn row_sums(table: &Table, row: &Row) -> Vec<(usize, Vec<usize>)> {
    let n = table.row_spec(row).columns().len();
    match table.kind {
        TableKind::T3 if n == T3_COLUMNS.len() => vec![(n - 1, (0..n - 1).collect())],
        TableKind::T4 if n == T4_GROUPS.len() * 5 => (0..T4_GROUPS.len())
            .map(|g| (g * 5 + 4, (g * 5..g * 5 + 4).collect()))
            .collect(),
        _ => Vec::new(),
    }
}

/// The failing relations of a table that are reported: an error that only follows from another one
/// is left out. A wrong cell of （七）总计 is reported by its outcome total; the row total of （七）总计,
/// computed from that wrong cell, would blame a right one, and a balance that holds once （七）总计 is
/// corrected to the outcomes' sum is the same error again.
pub fn failures(table: &Table) -> Vec<Relation> {
    failures_with(table, &[])
}

/// The values the checks see: `changed` cells as given, blank cells as their sums give them (a
/// blank 一·总计 does not break the balance of its column a second time), the others as written.
pub fn checked_value<'a>(
    table: &Table,
    changed: &'a [(CellRef, i128)],
) -> impl Fn(CellRef, &Cell) -> Option<i128> + 'a {
    let computed = computed_blanks(table);
    move |c, cell| {
        changed
            .iter()
            .find(|(x, _)| *x == c)
            .map(|&(_, v)| v)
            .or_else(|| computed.get(&(c.row, c.col)).copied())
            .or_else(|| value(Some(cell)))
    }
}

/// [`failures`] with the `changed` cells holding the values given, as a fix would leave them.
pub fn failures_with(table: &Table, changed: &[(CellRef, i128)]) -> Vec<Relation> {
    // The values of a table that cannot be read with confidence may stand in the wrong rows: their
    // sums would blame cells that are not at fault.
    if !table.is_readable() {
        return Vec::new();
    }
    let rels = relations_with(table, &checked_value(table, changed));
    let failed_outcome: Vec<&Relation> = rels
        .iter()
        .filter(|r| r.kind == SumKind::OutcomeTotal && !r.holds())
        .collect();
    let total_row = row_index(table, "total");
    let reported = |rel: &Relation| match rel.kind {
        SumKind::RowTotal => Some(rel.target.row) != total_row || failed_outcome.is_empty(),
        SumKind::Balance => {
            let corrected = failed_outcome
                .iter()
                .find(|o| o.target.col == rel.target.col)
                .map(|o| o.expected);
            !matches!((corrected, rel.balance), (Some(sum), Some([a, b, _, o])) if a + b == sum + o)
        }
        SumKind::OutcomeTotal | SumKind::ReviewTotal => true,
    };
    // A blank total is reported as a blank cell, with the value its sum gives (see
    // `computed_blanks`).
    let blank_target = |rel: &Relation| {
        table.rows[rel.target.row]
            .cell(rel.target.col)
            .is_some_and(|c| c.is_empty())
    };
    rels.iter()
        .filter(|r| !r.holds() && reported(r) && !blank_target(r))
        .cloned()
        .collect()
}

/// The value each blank cell of a readable table should hold when one of the table's sums computes
/// it and it is not 0 (a blank 总计 whose terms are filled, as web pages leave the column): by (row,
/// col). Where two sums compute one cell, the outcome total goes first, then the row total, the
/// review total and the balance, as `failures` blames them.
pub fn computed_blanks(table: &Table) -> std::collections::HashMap<(usize, usize), i128> {
    let mut out = std::collections::HashMap::new();
    // Most tables have no blank cell: nothing to compute.
    let any_blank = table
        .rows
        .iter()
        .any(|r| r.cells.iter().any(|c| c.is_empty()));
    if !any_blank || !table.is_readable() {
        return out;
    }
    let mut rels = relations(table);
    let rank = |k: SumKind| match k {
        SumKind::OutcomeTotal => 0,
        SumKind::RowTotal => 1,
        SumKind::ReviewTotal => 2,
        SumKind::Balance => 3,
    };
    rels.sort_by_key(|r| rank(r.kind));
    for r in rels {
        let blank = table.rows[r.target.row]
            .cell(r.target.col)
            .is_some_and(|c| c.is_empty());
        if blank && r.expected > 0 {
            out.entry((r.target.row, r.target.col))
                .or_insert(r.expected);
        }
    }
    out
}
