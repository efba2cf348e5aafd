//! Rows of tables 三 and 四 whose values were run together (`4100005`): the one split of their digits
//! into the row's columns that the digits, or the table's relations, admit.
//!
//! A scraper that flattens a web page writes `5000016` for `5 | 0 | 0 | 0 | 0 | 1 | 6`. A row that
//! has fewer values than its columns, all of them runs of digits, is split into exactly its columns
//! (no part empty, no leading zero but in `0`). When the digits admit one split only and the row's
//! own relations hold for it, the row is read so and checked as usual. Otherwise the splits for
//! which the row's own relations hold are kept (its 总计 the sum of its columns); when several rows
//! keep several, the combinations for which the table's relations hold (outcome totals, balance)
//! are tried. One left: the row is read so. None or several: the row stays as written, and its
//! cell-count error says why. A row only one value short is read so only when the table's relations
//! that take its cells hold: it may as well have lost a cell. Every split and every search is
//! capped, so that no input costs more than a constant per row.

use crate::catalog::TableKind;
use crate::model::{Cell, CellValue, Row, RunRead, RunTogether, Table};
use crate::parse::lex::Number;
use crate::relations;
use crate::text::TextRange;

/// A run of more digits than this is no row of counts run together.
pub const MAX_RUN_DIGITS: usize = 40;
/// A part of more digits than this is no count.
const MAX_PART_DIGITS: usize = 15;
/// The steps (parts tried) a search of a row may take.
const ROW_BUDGET: usize = 20_000;
/// The splits of a row kept for the table's relations to choose among.
const MAX_ROW_SPLITS: usize = 64;
/// The combinations of several rows' splits that the table's relations may try.
const MAX_COMBINATIONS: usize = 2048;

/// One split of a row: each part's range and value, in written order.
type Split = Vec<(TextRange, i128)>;

/// One digit of a run: its byte range in the text and its value.
#[derive(Clone, Copy)]
struct Digit {
    start: usize,
    end: usize,
    value: u8,
}

/// Reads the rows of `table` whose values were run together, recording each in `table.runs`, and
/// judges the table again (see [`Table::assess`]). `text` is the text the table's ranges point
/// into.
pub fn read_runs(text: &str, table: &mut Table) {
    table.runs.clear();
    if !matches!(table.kind, TableKind::T3 | TableKind::T4) {
        return;
    }
    // The rows with several splits that fit their own relations, for the table's relations to
    // choose.
    let mut open: Vec<(usize, Vec<Split>)> = Vec::new();
    // The rows one value short that were split, as written: see [`confirm_one_short`].
    let mut one_short: Vec<(usize, Row)> = Vec::new();
    for i in 0..table.rows.len() {
        let row = &table.rows[i];
        let n = table.row_spec(row).columns().len();
        let Some((written, runs)) = digit_runs(text, row, n) else {
            continue;
        };
        let cols = columns(table, n);
        let sums = relations::row_sums(table, row);
        let as_written = (runs.len() + 1 == n).then(|| row.clone());
        let structural = search(&runs, n, &cols, &[], 2);
        // A split the digits force is still kept only when the row's own relations hold: a row
        // short of a value (`9 9 0 0 0 18` for seven columns) is not read as `9 9 0 0 0 1 8`.
        let read = match structural {
            Found::Splits(s) if s.len() == 1 && holds(&s[0], &cols, &sums) => {
                apply(table, i, &s[0]);
                RunRead::Only
            }
            Found::Splits(s) if s.len() == 1 => RunRead::Unsplit { ways: Some(0) },
            _ => match search(&runs, n, &cols, &sums, MAX_ROW_SPLITS) {
                Found::Splits(s) if s.len() == 1 => {
                    apply(table, i, &s[0]);
                    RunRead::ByRow
                }
                Found::Splits(s) if s.len() > 1 => {
                    let ways = s.len();
                    open.push((i, s));
                    RunRead::Unsplit { ways: Some(ways) }
                }
                Found::Splits(_) => RunRead::Unsplit { ways: Some(0) },
                Found::TooMany => RunRead::Unsplit { ways: None },
            },
        };
        if let Some(original) = as_written.filter(|_| read.is_split()) {
            one_short.push((i, original));
        }
        table.runs.push(RunTogether {
            row: i,
            written,
            read,
        });
    }
    if !open.is_empty() {
        if let Some(choice) = choose(table, &open) {
            for ((i, splits), k) in open.iter().zip(choice) {
                apply(table, *i, &splits[k]);
                if let Some(r) = table.runs.iter_mut().find(|r| r.row == *i) {
                    r.read = RunRead::ByTable;
                }
            }
        }
    }
    confirm_one_short(table, one_short);
    if !table.runs.is_empty() {
        table.assess();
    }
}

/// Undoes the split of a row that was one value short unless a relation of the table that takes one
/// of its cells and a cell of another row confirms it, and every relation that takes its cells
/// holds. Such a row is as likely a row that lost a cell (`0 0 0 0 0 33` for seven columns) as two
/// values run together, and its own totals hold for `3 | 3` whenever its other values are 0: only
/// the table's relations across rows tell the two apart (table 四 has none).
fn confirm_one_short(table: &mut Table, one_short: Vec<(usize, Row)>) {
    for (i, original) in one_short {
        let rels = relations::relations_with(table, &relations::checked_value(table, &[]));
        let mut confirmed = false;
        let mut fails = false;
        for r in &rels {
            if !r.cells().any(|c| c.row == i) {
                continue;
            }
            fails |= !r.holds();
            confirmed |= r.cells().any(|c| c.row != i);
        }
        let fails = fails || !confirmed;
        if fails {
            table.rows[i] = original;
            table.runs.retain(|r| r.row != i);
        }
    }
}

/// Whether the `(total, terms)` sums hold for `split`, its part at position `p` in column
/// `cols[p]`.
fn holds(split: &Split, cols: &[usize], sums: &[(usize, Vec<usize>)]) -> bool {
    let value = |c: usize| {
        cols.iter()
            .position(|&x| x == c)
            .and_then(|p| split.get(p))
            .map_or(0, |(_, v)| *v)
    };
    sums.iter()
        .all(|(t, terms)| value(*t) == terms.iter().map(|&c| value(c)).sum::<i128>())
}

/// The row's values when they are runs of digits (ASCII or full-width) short of its `n` columns,
/// with at least `n` digits in all: their ranges, and their digits.
fn digit_runs(text: &str, row: &Row, n: usize) -> Option<(Vec<TextRange>, Vec<Vec<Digit>>)> {
    if n < 2 || !row.extra.is_empty() {
        return None;
    }
    // Blank cells after the values are filler (`4100005 | |`), or the cells of a table drawn with
    // as many on every line (`| 4100005 | | | | | | |`).
    let filled = row.cells.len()
        - row
            .cells
            .iter()
            .rev()
            .take_while(|c| matches!(c.value, CellValue::Blank))
            .count();
    let cells = &row.cells[..filled];
    if cells.is_empty() || cells.len() >= n {
        return None;
    }
    // A row with all its cells, some of them blank at its end, is run together only when most of
    // them are blank (`| 4100005 | | | | | | |`); else its last cells were left blank (a blank 总计).
    if row.missing == 0 && cells.len() * 2 > n {
        return None;
    }
    let mut written = Vec::with_capacity(cells.len());
    let mut runs = Vec::with_capacity(cells.len());
    for c in cells {
        if !matches!(c.value, CellValue::Number(_)) {
            return None;
        }
        let s = c.range.slice(text);
        let mut digits = Vec::new();
        for (k, ch) in s.char_indices() {
            if digits.len() == MAX_RUN_DIGITS {
                return None;
            }
            let value = match ch {
                '0'..='9' => ch as u32 - '0' as u32,
                '０'..='９' => ch as u32 - '０' as u32,
                _ => return None,
            };
            let start = c.range.start + k;
            digits.push(Digit {
                start,
                end: start + ch.len_utf8(),
                value: value as u8,
            });
        }
        if digits.is_empty() {
            return None;
        }
        written.push(c.range);
        runs.push(digits);
    }
    let total: usize = runs.iter().map(Vec::len).sum();
    (total >= n).then_some((written, runs))
}

/// The column of each written position of a row of `n` columns.
fn columns(table: &Table, n: usize) -> Vec<usize> {
    match table
        .column_order
        .filter(|_| table.kind == TableKind::T3 && n == 7)
    {
        Some(order) => order.to_vec(),
        None => (0..n).collect(),
    }
}

enum Found {
    /// Every split found (at most the number asked for).
    Splits(Vec<Split>),
    /// More splits than asked for, or the search ran out of steps.
    TooMany,
}

/// The splits of `runs` into `n` parts (the part at written position `p` in column `cols[p]`) for
/// which every `(total, terms)` of `sums` holds; more than `max` is [`Found::TooMany`].
///
/// The parts are placed one by one, from the end when every total is written after its terms (the
/// format's order), so that a total is known before its terms and bounds them: a search that would
/// try every split of forty digits tries the few whose terms do not exceed their total.
fn search(
    runs: &[Vec<Digit>],
    n: usize,
    cols: &[usize],
    sums: &[(usize, Vec<usize>)],
    max: usize,
) -> Found {
    let mut pos_of = vec![0; n];
    for (p, &c) in cols.iter().enumerate() {
        if let Some(slot) = pos_of.get_mut(c) {
            *slot = p;
        }
    }
    let at = |c: usize| pos_of.get(c).copied().unwrap_or(0);
    let backward = !sums.is_empty()
        && sums
            .iter()
            .all(|(t, terms)| terms.iter().all(|&c| at(c) < at(*t)));
    // The runs, the columns and the positions in the order the parts are placed.
    let runs: Vec<Vec<Digit>> = if backward {
        runs.iter()
            .rev()
            .map(|r| r.iter().rev().copied().collect())
            .collect()
    } else {
        runs.to_vec()
    };
    let cols: Vec<usize> = if backward {
        cols.iter().rev().copied().collect()
    } else {
        cols.to_vec()
    };
    let order = |c: usize| if backward { n - 1 - at(c) } else { at(c) };
    // Each sum is checked exactly where its last column is placed, and bounds its terms when its
    // total is placed before them.
    let mut exact: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut bound: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, (t, terms)) in sums.iter().enumerate() {
        let last = terms
            .iter()
            .map(|&c| order(c))
            .chain([order(*t)])
            .max()
            .unwrap_or(0);
        if let Some(e) = exact.get_mut(last) {
            e.push(k);
        }
        // The total, and each term after it, bound the terms placed so far.
        if terms.iter().any(|&c| order(c) > order(*t)) {
            for q in std::iter::once(order(*t)).chain(terms.iter().map(|&c| order(c))) {
                if q >= order(*t) && q < last {
                    if let Some(b) = bound.get_mut(q) {
                        b.push(k);
                    }
                }
            }
        }
    }
    // For each sum, the first place from which every place to the end holds one of its terms: from
    // there on, the digits left are all its terms', and their count bounds what they can sum to.
    let tail: Vec<usize> = sums
        .iter()
        .map(|(_, terms)| {
            let mut from = n;
            while from > 0 && terms.iter().any(|&c| order(c) == from - 1) {
                from -= 1;
            }
            from
        })
        .collect();
    // The fewest parts the digits of a run from each digit on take (a zero that starts a part is a
    // part of its own), and the fewest the runs from each run on take.
    let fewest: Vec<Vec<usize>> = runs
        .iter()
        .map(|r| {
            (0..=r.len())
                .map(|from| {
                    let written: Vec<u8> = if backward {
                        r[from..].iter().rev().map(|d| d.value).collect()
                    } else {
                        r[from..].iter().map(|d| d.value).collect()
                    };
                    let zeros = written.iter().take_while(|&&d| d == 0).count();
                    (zeros + usize::from(zeros < written.len()))
                        .max(written.len().div_ceil(MAX_PART_DIGITS))
                })
                .collect()
        })
        .collect();
    let mut later = vec![(0usize, 0usize); runs.len() + 1];
    for r in (0..runs.len()).rev() {
        later[r] = (
            later[r + 1].0 + runs[r].len(),
            later[r + 1].1 + fewest[r][0],
        );
    }
    let mut s = Search {
        runs: &runs,
        n,
        cols: &cols,
        sums,
        exact,
        bound,
        tail,
        fewest,
        later,
        backward,
        values: vec![0; n],
        placed: vec![false; n],
        parts: Vec::with_capacity(n),
        budget: ROW_BUDGET,
        out: Vec::new(),
        max,
        over: false,
    };
    s.go(0, 0, 0);
    if s.over {
        Found::TooMany
    } else {
        Found::Splits(s.out)
    }
}

struct Search<'a> {
    runs: &'a [Vec<Digit>],
    n: usize,
    cols: &'a [usize],
    sums: &'a [(usize, Vec<usize>)],
    /// The sums to check when the part at each place is placed.
    exact: Vec<Vec<usize>>,
    /// The sums whose total, placed before, bounds the terms placed so far.
    bound: Vec<Vec<usize>>,
    /// Where each sum's terms fill every place to the end.
    tail: Vec<usize>,
    fewest: Vec<Vec<usize>>,
    /// For each run: the digits and the fewest parts of the runs from it on.
    later: Vec<(usize, usize)>,
    backward: bool,
    /// The value of each column placed so far.
    values: Vec<i128>,
    placed: Vec<bool>,
    parts: Split,
    budget: usize,
    out: Vec<Split>,
    max: usize,
    over: bool,
}

impl Search<'_> {
    /// Places part `q` (in the order of the search), from digit `at` of run `run`.
    fn go(&mut self, q: usize, run: usize, at: usize) {
        if self.over {
            return;
        }
        if q == self.n {
            if run == self.runs.len() {
                if self.out.len() == self.max {
                    self.over = true;
                    return;
                }
                let mut split = self.parts.clone();
                if self.backward {
                    split.reverse();
                }
                self.out.push(split);
            }
            return;
        }
        let Some(digits) = self.runs.get(run) else {
            return;
        };
        let left = digits.len() - at;
        let after = self.n - q - 1;
        let col = self.cols[q];
        let mut value: i128 = 0;
        let mut scale: i128 = 1;
        for len in 1..=left.min(MAX_PART_DIGITS) {
            // Every length tried is a step.
            if self.budget == 0 {
                self.over = true;
                return;
            }
            self.budget -= 1;
            let d = digits[at + len - 1];
            // The digit written first must not be a zero, unless the part is that zero.
            let first = if self.backward {
                d.value
            } else {
                digits[at].value
            };
            if self.backward {
                value += i128::from(d.value) * scale;
                scale *= 10;
            } else {
                value = value * 10 + i128::from(d.value);
            }
            if len > 1 && first == 0 {
                if self.backward {
                    continue;
                }
                break;
            }
            // The parts after this one must fit the digits after it.
            let ends = len == left;
            let (fewest, most) = if ends {
                (self.later[run + 1].1, self.later[run + 1].0)
            } else {
                (
                    self.fewest[run][at + len] + self.later[run + 1].1,
                    self.later[run + 1].0 + left - len,
                )
            };
            if after < fewest || after > most {
                continue;
            }
            self.values[col] = value;
            self.placed[col] = true;
            let rest = if ends {
                self.later[run + 1].0
            } else {
                self.later[run + 1].0 + left - len
            };
            if self.holds(q, rest) {
                let range = if self.backward {
                    TextRange::new(d.start, digits[at].end)
                } else {
                    TextRange::new(digits[at].start, d.end)
                };
                self.parts.push((range, value));
                if ends {
                    self.go(q + 1, run + 1, 0);
                } else {
                    self.go(q + 1, run, at + len);
                }
                self.parts.pop();
            }
            self.placed[col] = false;
            if self.over {
                return;
            }
        }
    }

    /// Whether the sums checked at place `q` hold, and the terms placed so far stay within their
    /// totals (with the `rest` digits left for the terms still to place, when they are all that is
    /// left).
    fn holds(&self, q: usize, rest: usize) -> bool {
        let exact = self.exact[q].iter().all(|&k| {
            let (t, terms) = &self.sums[k];
            let sum: i128 = terms
                .iter()
                .map(|&c| self.values.get(c).copied().unwrap_or(0))
                .sum();
            self.values.get(*t).copied() == Some(sum)
        });
        exact
            && self.bound[q].iter().all(|&k| {
                let (t, terms) = &self.sums[k];
                let placed: i128 = terms
                    .iter()
                    .filter(|&&c| self.placed.get(c).copied().unwrap_or(false))
                    .map(|&c| self.values.get(c).copied().unwrap_or(0))
                    .sum();
                let Some(need) = self
                    .values
                    .get(*t)
                    .map(|t| t - placed)
                    .filter(|need| *need >= 0)
                else {
                    return false;
                };
                if q + 1 < self.tail[k] || q + 1 >= self.n {
                    return true;
                }
                // The terms left share the digits left: one of them has at least its share of the
                // digits, none more than leaves one digit to each of the others.
                let left = self.n - 1 - q;
                let shortest_longest = rest.div_ceil(left);
                let longest = (rest + 1).saturating_sub(left);
                let pow = |e: usize| {
                    u32::try_from(e)
                        .ok()
                        .filter(|&e| e <= 30)
                        .map(|e| 10i128.pow(e))
                };
                let too_small = shortest_longest >= 2
                    && pow(shortest_longest - 1).is_some_and(|least| need < least);
                let too_large = pow(longest).is_some_and(|most| need >= most * left as i128);
                !too_small && !too_large
            })
    }
}

/// Reads the row at `i` as `split`.
fn apply(table: &mut Table, i: usize, split: &Split) {
    let n = split.len();
    let cols = columns(table, n);
    let row = &mut table.rows[i];
    row.cells = split
        .iter()
        .zip(cols)
        .map(|(&(range, v), col)| Cell {
            range,
            value: CellValue::Number(Number {
                mantissa: Some(v),
                scale: 0,
                has_unit: false,
            }),
            col,
        })
        .collect();
    row.missing = 0;
}

/// The one combination of the `open` rows' splits (an index into each row's splits) for which every
/// relation of the table that takes a cell of these rows holds; `None` when there is none, several,
/// or too many to try.
fn choose(table: &Table, open: &[(usize, Vec<Split>)]) -> Option<Vec<usize>> {
    let mut combinations: usize = 1;
    for (_, s) in open {
        combinations = combinations
            .checked_mul(s.len())
            .filter(|&c| c <= MAX_COMBINATIONS)?;
    }
    let rows: Vec<usize> = open.iter().map(|(i, _)| *i).collect();
    let mut trial = table.clone();
    let mut found: Option<Vec<usize>> = None;
    let mut pick = vec![0usize; open.len()];
    for _ in 0..combinations {
        for ((i, splits), &k) in open.iter().zip(&pick) {
            apply(&mut trial, *i, &splits[k]);
        }
        let rels = relations::relations_with(&trial, &relations::checked_value(&trial, &[]));
        let involved: Vec<_> = rels
            .iter()
            .filter(|r| r.cells().any(|c| rows.contains(&c.row)))
            .collect();
        if !involved.is_empty() && involved.iter().all(|r| r.holds()) {
            if found.is_some() {
                return None;
            }
            found = Some(pick.clone());
        }
        // The next combination, as a number whose digits are the rows' choices.
        for (k, (_, s)) in pick.iter_mut().zip(open) {
            *k += 1;
            if *k < s.len() {
                break;
            }
            *k = 0;
        }
    }
    found
}
