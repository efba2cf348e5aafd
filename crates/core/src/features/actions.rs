//! Code actions: the quick fixes of the diagnostics in a range, a "fix all totals" source action,
//! and the conversion of a 2019-format table 二 to the 2021 layout.
//!
//! The conversion carries over the values that mean the same in both formats and nothing else:
//!
//! | 2021 cell | 2019 source |
//! |---|---|
//! | 规章·本年制发件数 | 规章·本年新制作数量 |
//! | 行政规范性文件·本年制发件数 | 规范性文件·本年新制作数量 |
//! | 行政许可·本年处理决定数量 | 行政许可·处理决定数量 |
//! | 行政处罚·本年处理决定数量 | 行政处罚·处理决定数量 |
//! | 行政强制·本年处理决定数量 | 行政强制·处理决定数量 |
//!
//! Every other 2021 cell (本年废止件数, 现行有效件数, 本年收费金额) gets a 0 placeholder: 对外公开总数量 counts everything
//! ever published, repealed documents included, so it is not 现行有效件数, and the 2019 fee row counts
//! fee items, not an amount. The 2019 cells with no 2021 counterpart are dropped: 本年新公开数量, 上一年项目数量,
//! 本年增/减, the row 其他对外管理服务事项 and the block 第二十条第（九）项 (政府集中采购).

use std::collections::{HashMap, HashSet};

use super::Snapshot;
use crate::catalog::{table_spec, Format, RowKind, TableKind, COLUMN_HEADERS, T3_COLUMNS};
use crate::check::arithmetic::repairs_of;
use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::document::analyze;
use crate::messages::{ActionKind as TitleOf, FixKind, SumKind};
use crate::model::{Report, Table};
use crate::parse::ParseOptions;
use crate::relations::{computed_blanks, relations_with, row_index, value, CellRef};
use crate::text::{is_blank_char, TextRange};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    QuickFix,
    /// `source.fixAll`.
    SourceFixAll,
    /// `refactor.rewrite`.
    Rewrite,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub title: String,
    pub kind: ActionKind,
    pub edits: Vec<Edit>,
    /// Indices into `snap.analysis.diagnostics` of the diagnostics the action fixes.
    pub diagnostics: Vec<usize>,
    pub preferred: bool,
}

/// The codes of the arithmetic relations, with the relation each one reports.
const SUM_CODES: [(Code, SumKind); 4] = [
    (Code::RowTotal, SumKind::RowTotal),
    (Code::OutcomeTotal, SumKind::OutcomeTotal),
    (Code::Balance, SumKind::Balance),
    (Code::ReviewTotal, SumKind::ReviewTotal),
];

fn sum_kind(code: Code) -> Option<SumKind> {
    SUM_CODES.iter().find(|(c, _)| *c == code).map(|(_, k)| *k)
}

/// Whether two ranges share a point (a cursor touching a range counts).
fn intersects(a: TextRange, b: TextRange) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// The actions available for `range` (a cursor is an empty range).
pub fn code_actions(snap: &Snapshot, range: TextRange) -> Vec<Action> {
    let mut out = Vec::new();
    let all_totals = fix_all(snap);
    for (i, d) in snap.analysis.diagnostics.iter().enumerate() {
        if !intersects(d.range, range) {
            continue;
        }
        for fix in &d.fixes {
            out.push(Action {
                title: fix.title(snap.lang),
                kind: ActionKind::QuickFix,
                edits: fix.edits.clone(),
                diagnostics: vec![i],
                preferred: preferred(d, fix, all_totals.as_ref()),
            });
        }
    }
    // "Fix all" is in the quick-fix list too (Ctrl+. finds it) where an arithmetic error under the
    // range is one of those it fixes, unless a quick fix there already makes the same edits.
    if let Some(all) = &all_totals {
        let here = all
            .diagnostics
            .iter()
            .any(|&i| intersects(snap.analysis.diagnostics[i].range, range));
        if here && out.iter().all(|x| x.edits != all.edits) {
            out.push(Action {
                kind: ActionKind::QuickFix,
                ..all.clone()
            });
        }
    }
    out.extend(convert_action(snap, range));
    out.extend(all_totals);
    out
}

/// Label typo fixes and the smallest repair of a table are safe to apply without a look, and so are
/// arithmetic value fixes that agree with "fix all totals": one wrong cell often makes several
/// relations fail, and only the fixes that belong to the consistent repair are preferred (the
/// others would move the error elsewhere).
fn preferred(d: &Diagnostic, fix: &Fix, all_totals: Option<&Action>) -> bool {
    match (&fix.kind, d.code) {
        (FixKind::ReplaceValue { .. }, code) if sum_kind(code).is_some() => {
            let solution = all_totals.map_or(&[][..], |a| &a.edits[..]);
            !fix.edits.is_empty()
                && fix.edits.iter().all(|e| {
                    solution
                        .iter()
                        .any(|s| s.range == e.range && s.new_text.trim() == e.new_text.trim())
                })
        }
        (FixKind::ReplaceLabel { .. }, Code::LabelTypo) | (FixKind::Repair { .. }, _) => true,
        _ => false,
    }
}

// ---- Fix all totals -----------------------------------------------------------------------------

/// The text that writes `v` into a cell, keeping one space of padding when a blank cell had some.
fn written_value(text: &str, range: TextRange, v: i128) -> String {
    let written = range.slice(text);
    if written.chars().count() >= 3 && written.trim_matches(is_blank_char).is_empty() {
        format!(" {v} ")
    } else {
        v.to_string()
    }
}

/// The value of a cell as fixed so far, or as written; `None` when its row has the wrong number of
/// values or the cell holds no number.
fn current(table: &Table, fixed: &HashMap<CellRef, i128>, c: CellRef) -> Option<i128> {
    if let Some(v) = fixed.get(&c) {
        return Some(*v);
    }
    let row = table.rows.get(c.row).filter(|r| r.is_complete())?;
    value(Some(row.cell(c.col)?))
}

/// Recomputes the total cells of `table` in `adjustable` from the relations, in dependency order
/// (row totals, then （七）总计, then 四、结转下年度继续办理; the group totals of table 四), so that a total
/// computed once is the one every later relation sees. A cell whose value changes makes the totals
/// built on it adjustable too, so that the result is consistent. Returns the new values.
fn solve(table: &Table, mut adjustable: HashSet<CellRef>) -> HashMap<CellRef, i128> {
    // Blank totals stand for the values their sums give (see `computed_blanks`), as the checks
    // count them.
    let mut fixed: HashMap<CellRef, i128> = computed_blanks(table)
        .into_iter()
        .map(|((row, col), v)| (CellRef { row, col }, v))
        .collect();
    let set = |fixed: &mut HashMap<CellRef, i128>, c: CellRef, v: i128| -> bool {
        let changed = current(table, fixed, c) != Some(v);
        fixed.insert(c, v);
        changed
    };
    if table.kind == TableKind::T4 {
        for g in 0..3 {
            let target = CellRef {
                row: 0,
                col: g * 5 + 4,
            };
            if !adjustable.contains(&target) {
                continue;
            }
            let parts: Option<Vec<i128>> = (0..4)
                .map(|c| {
                    current(
                        table,
                        &fixed,
                        CellRef {
                            row: 0,
                            col: g * 5 + c,
                        },
                    )
                })
                .collect();
            if let Some(parts) = parts {
                set(&mut fixed, target, parts.iter().sum());
            }
        }
        return fixed;
    }
    if table.kind != TableKind::T3 {
        return fixed;
    }
    const TOTAL_COL: usize = 6;
    let [new, carried_in, total, carried_out] =
        ["new", "carried_in", "total", "carried_out"].map(|k| row_index(table, k));
    let spec = table.spec();
    let outcome_rows: Vec<Option<usize>> = spec
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.outcome)
        .map(|(s, _)| table.rows.iter().position(|r| r.spec == s))
        .collect();
    let row_sum = |fixed: &HashMap<CellRef, i128>, row: usize| -> Option<i128> {
        (0..TOTAL_COL)
            .map(|c| current(table, fixed, CellRef { row, col: c }))
            .sum()
    };
    // Row totals of every row but （七）总计 and 四, whose cells are totals themselves.
    for (i, row) in table.rows.iter().enumerate() {
        let target = CellRef {
            row: i,
            col: TOTAL_COL,
        };
        if Some(i) == total
            || Some(i) == carried_out
            || table.row_spec(row).columns().len() != T3_COLUMNS.len()
        {
            continue;
        }
        if !adjustable.contains(&target) {
            continue;
        }
        if let Some(v) = row_sum(&fixed, i) {
            if set(&mut fixed, target, v) {
                if table.row_spec(row).outcome {
                    adjustable.extend(total.map(|t| CellRef {
                        row: t,
                        col: TOTAL_COL,
                    }));
                } else {
                    adjustable.extend(carried_out.map(|o| CellRef {
                        row: o,
                        col: TOTAL_COL,
                    }));
                }
            }
        }
    }
    let balance_part = |fixed: &HashMap<CellRef, i128>, row: Option<usize>, col: usize| {
        current(table, fixed, CellRef { row: row?, col })
    };
    // （七）总计: the sum of the outcome rows; else, for its 总计 cell, the sum of its columns.
    if let Some(t) = total {
        let outcomes_complete = outcome_rows
            .iter()
            .flatten()
            .all(|&r| table.rows[r].is_complete());
        for col in 0..T3_COLUMNS.len() {
            let target = CellRef { row: t, col };
            if !adjustable.contains(&target) {
                continue;
            }
            let by_outcomes: Option<i128> = if outcomes_complete {
                outcome_rows
                    .iter()
                    .map(|r| r.map_or(Some(0), |r| current(table, &fixed, CellRef { row: r, col })))
                    .sum()
            } else {
                None
            };
            let v = by_outcomes.or_else(|| {
                if col == TOTAL_COL {
                    row_sum(&fixed, t)
                } else {
                    None
                }
            });
            if let Some(v) = v {
                if set(&mut fixed, target, v) {
                    adjustable.extend(carried_out.map(|o| CellRef { row: o, col }));
                    adjustable.insert(CellRef {
                        row: t,
                        col: TOTAL_COL,
                    });
                }
            }
        }
    }
    // 四、结转下年度继续办理 = 一 + 二 − （七）总计, per column; else, for its 总计 cell, its columns.
    if let Some(o) = carried_out {
        for col in 0..T3_COLUMNS.len() {
            let target = CellRef { row: o, col };
            if !adjustable.contains(&target) {
                continue;
            }
            let parts = [new, carried_in, total].map(|r| balance_part(&fixed, r, col));
            let by_balance = match parts {
                [Some(a), Some(b), Some(t)] if a + b - t >= 0 => Some(a + b - t),
                _ => None,
            };
            let v = by_balance.or_else(|| {
                if col == TOTAL_COL {
                    row_sum(&fixed, o)
                } else {
                    None
                }
            });
            if let Some(v) = v {
                set(&mut fixed, target, v);
            }
        }
    }
    fixed
}

/// The cell of `table` a diagnostic sits on.
fn cell_at(table: &Table, range: TextRange) -> Option<CellRef> {
    table.rows.iter().enumerate().find_map(|(row, r)| {
        r.cells
            .iter()
            .find(|c| c.range == range)
            .map(|c| CellRef { row, col: c.col })
    })
}

fn fix_all(snap: &Snapshot) -> Option<Action> {
    let diags = &snap.analysis.diagnostics;
    let sums: Vec<usize> = (0..diags.len())
        .filter(|&i| sum_kind(diags[i].code).is_some())
        .collect();
    if sums.is_empty() {
        return None;
    }
    let mut edits = Vec::new();
    let mut fixed_diags = Vec::new();
    for table in &snap.analysis.report.tables {
        let on_table: Vec<(usize, CellRef)> = sums
            .iter()
            .filter_map(|&i| cell_at(table, diags[i].range).map(|c| (i, c)))
            .collect();
        if on_table.is_empty() {
            continue;
        }
        // The smallest repair when it is certain (the cells the diagnostics stand on); else the
        // totals recomputed from their terms.
        let (repairs, _) = repairs_of(&snap.analysis.report, table);
        let fixed = match <[_; 1]>::try_from(repairs).ok() {
            Some([repairs]) => {
                let mut fixed: HashMap<CellRef, i128> = computed_blanks(table)
                    .into_iter()
                    .map(|((row, col), v)| (CellRef { row, col }, v))
                    .collect();
                fixed.extend(repairs.iter().map(|r| (r.cell, r.value)));
                fixed
            }
            None => solve(table, on_table.iter().map(|(_, c)| *c).collect()),
        };
        let mut cells: Vec<(&CellRef, &i128)> = fixed.iter().collect();
        cells.sort();
        for (c, v) in cells {
            let Some(cell) = table.rows[c.row].cell(c.col) else {
                continue;
            };
            // A blank or a dash counts as 0 and is left to the empty-cell fix when 0 is right.
            if value(Some(cell)) != Some(*v) {
                edits.push(Edit {
                    range: cell.range,
                    new_text: written_value(snap.text, cell.range, *v),
                });
            }
        }
        // The diagnostics whose relation holds once the new values are in.
        let after = relations_with(table, &|c, cell| {
            fixed.get(&c).copied().or_else(|| value(Some(cell)))
        });
        let failing: Vec<_> = after.iter().filter(|r| !r.holds()).collect();
        for (i, c) in on_table {
            let kind = sum_kind(diags[i].code);
            let still = failing.iter().any(|r| {
                Some(r.kind) == kind
                    && (r.target == c || (r.kind == SumKind::Balance && r.target.col == c.col))
            });
            if !still {
                fixed_diags.push(i);
            }
        }
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| e.range.start);
    fixed_diags.sort_unstable();
    Some(Action {
        title: TitleOf::FixAllTotals.title(snap.lang),
        kind: ActionKind::SourceFixAll,
        edits,
        diagnostics: fixed_diags,
        preferred: false,
    })
}

// ---- Converting table 二 from the 2019 to the 2021 format ----------------------------------------

/// A cell of table 二 by catalog keys: (row, column).
type CellKey = (&'static str, &'static str);

/// The 2019 cell each 2021 cell of table 二 takes its value from: (2021 row, 2021 column) ← (2019
/// row, 2019 column), by catalog keys. See the module documentation.
const T2_MAPPING: [(CellKey, CellKey); 5] = [
    (("regulations", "issued"), ("regulations", "made")),
    (
        ("normative_documents", "issued"),
        ("normative_documents", "made"),
    ),
    (("licensing", "decisions"), ("licensing", "decisions")),
    (("penalties", "decisions"), ("penalties", "decisions")),
    (("enforcement", "decisions"), ("enforcement", "decisions")),
];

/// How the rows of a table are laid out in the text.
#[derive(Debug, Clone)]
enum Layout {
    /// A row per line: `prefix label first_sep value sep value … suffix`.
    Rows {
        prefix: String,
        first_sep: String,
        sep: String,
        suffix: String,
        block_suffix: String,
        between: String,
        markdown: bool,
        rule: bool,
    },
    /// A cell per line: labels and values each on a line of their own.
    Cells {
        label_prefix: String,
        label_suffix: String,
        cell_prefix: String,
        cell_suffix: String,
        within: String,
        between: String,
    },
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i)
}

/// Padding around cells: blanks and separators only.
fn is_padding(s: &str) -> bool {
    s.chars().all(|c| is_blank_char(c) || c == '|' || c == '｜')
}

/// The text between two lines: line breaks and blank lines only.
fn is_gap(s: &str) -> bool {
    s.contains(['\n', '\r']) && s.chars().all(is_blank_char)
}

fn slice_if(text: &str, from: usize, to: usize, ok: fn(&str) -> bool) -> Option<String> {
    let s = text.get(from..to)?;
    ok(s).then(|| s.to_owned())
}

/// Reads the layout of a table from its first data row with values.
fn layout_of(text: &str, table: &Table) -> Option<Layout> {
    let mut rows: Vec<_> = table.rows.iter().filter(|r| r.label.is_some()).collect();
    rows.sort_by_key(|r| r.label.map_or(0, |l| l.range.start));
    let at = rows.iter().position(|r| {
        table.row_spec(r).is_data()
            && r.cells.first().is_some_and(|c| {
                !c.range.is_empty() && !c.range.slice(text).trim_matches(is_blank_char).is_empty()
            })
    })?;
    let row = rows[at];
    let label = row.label?.range;
    let mut cells: Vec<TextRange> = row.cells.iter().map(|c| c.range).collect();
    cells.sort_by_key(|c| c.start);
    let (first, last) = (*cells.first()?, *cells.last()?);
    let next_label = rows.get(at + 1).and_then(|r| r.label).map(|l| l.range);
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let between_rows = |end: usize| {
        next_label
            .and_then(|n| slice_if(text, line_end(text, end), line_start(text, n.start), is_gap))
            .unwrap_or_else(|| newline.to_owned())
    };
    let same_line = !text[label.end..first.start].contains(['\n', '\r']);
    if same_line {
        let prefix = slice_if(text, line_start(text, label.start), label.start, is_padding)?;
        let first_sep = slice_if(text, label.end, first.start, is_padding)?;
        let sep = match cells.get(1) {
            Some(second) => slice_if(text, first.end, second.start, is_padding)?,
            None => first_sep.clone(),
        };
        let suffix =
            slice_if(text, last.end, line_end(text, last.end), is_padding).unwrap_or_default();
        let block_suffix = table
            .rows
            .iter()
            .filter(|r| matches!(table.row_spec(r).kind, RowKind::Block(_)))
            .find_map(|r| r.label)
            .and_then(|l| slice_if(text, l.range.end, line_end(text, l.range.end), is_padding))
            .unwrap_or_else(|| suffix.clone());
        let rule = crate::parse::lex::lines(table.range.slice(text)).any(|l| {
            let s = l.slice(table.range.slice(text)).trim_matches(is_blank_char);
            s.contains("--")
                && s.chars()
                    .all(|c| matches!(c, '|' | '｜' | '-' | ':') || is_blank_char(c))
        });
        let markdown = prefix.trim_matches(is_blank_char).starts_with(['|', '｜']);
        return Some(Layout::Rows {
            between: between_rows(last.end),
            prefix,
            first_sep,
            sep,
            suffix,
            block_suffix,
            markdown,
            rule,
        });
    }
    let within = slice_if(
        text,
        line_end(text, label.end),
        line_start(text, first.start),
        is_gap,
    )
    .unwrap_or_else(|| newline.to_owned());
    Some(Layout::Cells {
        label_prefix: slice_if(text, line_start(text, label.start), label.start, is_padding)
            .unwrap_or_default(),
        label_suffix: slice_if(text, label.end, line_end(text, label.end), is_padding)
            .unwrap_or_default(),
        cell_prefix: slice_if(text, line_start(text, first.start), first.start, is_padding)
            .unwrap_or_default(),
        cell_suffix: slice_if(text, first.end, line_end(text, first.end), is_padding)
            .unwrap_or_default(),
        between: between_rows(last.end),
        within,
    })
}

/// The text of a 2021 table 二 in `layout`, without the padding before its first line and after its
/// last (which stay in the text around the replaced range).
fn render_t2(layout: &Layout, rows: &[(String, Vec<String>, bool)]) -> String {
    let width = rows.iter().map(|(_, v, _)| v.len() + 1).max().unwrap_or(1);
    let mut out = String::new();
    match layout {
        Layout::Rows {
            prefix,
            first_sep,
            sep,
            suffix,
            block_suffix,
            between,
            markdown,
            rule,
        } => {
            let mut lines: Vec<String> = Vec::new();
            for (label, values, block) in rows {
                let mut cells: Vec<&str> = values.iter().map(String::as_str).collect();
                if *markdown {
                    cells.resize(width - 1, "");
                }
                let line = if *block && !*markdown {
                    format!("{prefix}{label}{block_suffix}")
                } else if cells.is_empty() {
                    format!("{prefix}{label}{suffix}")
                } else {
                    format!("{prefix}{label}{first_sep}{}{suffix}", cells.join(sep))
                };
                lines.push(line);
                if *rule && lines.len() == 1 {
                    lines.push(format!("{prefix}{}{suffix}", vec!["---"; width].join(sep)));
                }
            }
            out = lines.join(between);
            let first_prefix = prefix.len();
            let last_suffix = if rows.last().is_some_and(|r| r.2 && !*markdown) {
                block_suffix.len()
            } else {
                suffix.len()
            };
            out = out[first_prefix..out.len() - last_suffix].to_owned();
        }
        Layout::Cells {
            label_prefix,
            label_suffix,
            cell_prefix,
            cell_suffix,
            within,
            between,
        } => {
            let mut parts: Vec<String> = Vec::new();
            for (label, values, _) in rows {
                let mut row = vec![format!("{label_prefix}{label}{label_suffix}")];
                row.extend(
                    values
                        .iter()
                        .map(|v| format!("{cell_prefix}{v}{cell_suffix}")),
                );
                parts.push(row.join(within));
            }
            out.push_str(&parts.join(between));
            let last_suffix = if rows.last().is_some_and(|r| r.1.is_empty()) {
                label_suffix.len()
            } else {
                cell_suffix.len()
            };
            out = out[label_prefix.len()..out.len() - last_suffix].to_owned();
        }
    }
    out
}

/// The rows of the 2021 table 二 with the values carried over from a 2019 table: (label, values,
/// whether the row is a block title or a header without values).
fn t2_2021_rows(text: &str, old: &Table) -> Vec<(String, Vec<String>, bool)> {
    let info = COLUMN_HEADERS
        .iter()
        .find(|h| h.tables == [TableKind::T2] && h.format.is_none())
        .map_or("", |h| h.label);
    let mut rows = Vec::new();
    for row in table_spec(TableKind::T2, Format::F2021).rows {
        match row.kind {
            RowKind::Block(cols) => {
                rows.push((row.label.to_owned(), Vec::new(), true));
                rows.push((
                    info.to_owned(),
                    cols.iter().map(|c| c.label.to_owned()).collect(),
                    false,
                ));
            }
            RowKind::Data(cols) => {
                let values = cols
                    .iter()
                    .map(|c| {
                        let source = T2_MAPPING
                            .iter()
                            .find(|(to, _)| *to == (row.key, c.key))
                            .map(|(_, from)| *from);
                        source
                            .and_then(|(r, col)| {
                                let old_row = old.row(r)?;
                                let i =
                                    old.columns_of(old_row).iter().position(|x| x.key == col)?;
                                let cell = old_row.cell(i)?;
                                let written = cell.range.slice(text).trim_matches(is_blank_char);
                                (!written.is_empty() && !cell.is_empty())
                                    .then(|| written.to_owned())
                            })
                            .unwrap_or_else(|| "0".to_owned())
                    })
                    .collect();
                rows.push((row.label.to_owned(), values, false));
            }
            RowKind::Group => {}
        }
    }
    rows
}

/// The edit that replaces a 2019 table 二 with the 2021 one, when the result reads back as a 2021
/// table with no format mismatch.
fn convert_t2(snap: &Snapshot, table: &Table) -> Option<Edit> {
    if !table.unknown.is_empty() || !table.foreign.is_empty() {
        // Rows that are in neither format would be lost; the user sorts them out first.
        return None;
    }
    let layout = layout_of(snap.text, table)?;
    let new_text = render_t2(&layout, &t2_2021_rows(snap.text, table));
    let edit = Edit {
        range: table.range,
        new_text,
    };
    let after = apply(snap.text, std::slice::from_ref(&edit))?;
    let report: &Report = &snap.analysis.report;
    let opts = ParseOptions {
        default_year: report.year.map(|y| y.value),
        default_format: None,
    };
    let a = analyze(&after, &opts);
    let ok = a
        .report
        .tables
        .iter()
        .any(|t| t.kind == TableKind::T2 && t.format == Format::F2021 && t.format_shown)
        && !a.diagnostics.iter().any(|d| {
            d.code == Code::FormatMismatch
                && d.data.get("table").and_then(|t| t.as_str()) == Some("T2")
        });
    ok.then_some(edit)
}

fn convert_action(snap: &Snapshot, range: TextRange) -> Option<Action> {
    let report = &snap.analysis.report;
    if report.expected_format() != Some(Format::F2021) {
        return None;
    }
    let table = report
        .tables
        .iter()
        .find(|t| t.kind == TableKind::T2 && t.format == Format::F2019 && t.format_shown)?;
    let (index, diag) = snap
        .analysis
        .diagnostics
        .iter()
        .enumerate()
        .find(|(_, d)| {
            d.code == Code::FormatMismatch
                && table.range.start <= d.range.start
                && d.range.end <= table.range.end
        })?;
    if !intersects(diag.range, range) && !intersects(table.range, range) {
        return None;
    }
    let edit = convert_t2(snap, table)?;
    Some(Action {
        title: TitleOf::Convert {
            table: TableKind::T2,
            format: Format::F2021,
        }
        .title(snap.lang),
        kind: ActionKind::Rewrite,
        edits: vec![edit],
        diagnostics: vec![index],
        preferred: false,
    })
}

/// Applies sorted, non-overlapping edits to a text; `None` when they overlap or cut a character.
pub fn apply(text: &str, edits: &[Edit]) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        if e.range.start < at
            || !text.is_char_boundary(e.range.start)
            || !text.is_char_boundary(e.range.end)
        {
            return None;
        }
        out.push_str(text.get(at..e.range.start)?);
        out.push_str(&e.new_text);
        at = e.range.end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}
