//! Finds the tables among the items of one part of the text, reads each row's values, decides which
//! format each table shows, and matches its rows to the rows of that format.

use super::items::{Item, ItemKind};
use super::labels::{self, LabelMatch, LabelRole, MatchQuality};
use super::lex::{Number, TokenKind};
use crate::catalog::{table_spec, Format, TableKind, T3_COLUMNS};
use crate::model::{Cell, CellValue, ForeignRow, Label, Row, Table, UnknownRow};
use crate::text::{is_blank_char, normalize, split_numbering, TextRange};

/// One value position of a row as read, before the row is matched to its columns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slot {
    pub range: TextRange,
    pub kind: SlotKind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SlotKind {
    Number(Number),
    Dash,
    Blank {
        strong: bool,
    },
    /// Short text where a number should be (`O`, `十二`, `1O`).
    Invalid,
}

impl Slot {
    fn is_weak(&self) -> bool {
        matches!(self.kind, SlotKind::Blank { strong: false })
    }

    fn is_filled(&self) -> bool {
        matches!(
            self.kind,
            SlotKind::Number(_) | SlotKind::Dash | SlotKind::Invalid
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    /// The label and its match; `None` for text that matched no label.
    pub label: Option<LabelMatch>,
    pub label_range: Option<TextRange>,
    pub slots: Vec<Slot>,
    /// For a row written on one line: how many cells the line holds (labels, values and blanks). A
    /// pasted table has as many on every line, which tells a blank cell from a missing one.
    pub line_cells: Option<usize>,
}

/// A table as found, before its format is decided.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTable {
    pub kind: TableKind,
    pub rows: Vec<RawRow>,
    /// Labels and headers that only one format has.
    pub markers: Vec<(Format, TextRange)>,
    /// Table 四's values.
    pub values: Vec<Slot>,
    /// The line of each of table 四's values.
    pub value_lines: Vec<u32>,
    pub range: TextRange,
    pub column_order: Option<[usize; 7]>,
}

impl RawTable {
    fn new(kind: TableKind, range: TextRange) -> RawTable {
        RawTable {
            kind,
            rows: Vec::new(),
            markers: Vec::new(),
            values: Vec::new(),
            value_lines: Vec::new(),
            range,
            column_order: None,
        }
    }

    fn extend(&mut self, r: TextRange) {
        self.range = self.range.cover(r);
    }

    fn has_key(&self, key: &str) -> bool {
        self.rows.iter().any(|r| row_key(r) == Some(key))
    }
}

/// How many cells a row takes: on its line when it is written on one line, else its values and
/// blanks and its label.
fn row_cells(r: &RawRow) -> usize {
    r.line_cells.unwrap_or(r.slots.len() + 1)
}

fn row_key(r: &RawRow) -> Option<&'static str> {
    match r.label?.entry().role {
        LabelRole::Row { key, .. } => Some(key),
        LabelRole::Header(_) => None,
    }
}

/// Text longer than this (in normalised chars) is narrative and ends a table.
const NARRATIVE_CHARS: usize = 40;

/// Finds the tables among `items`; `text` is the text the item ranges point into. `home` is the
/// table of the section the items belong to, if any: a header word that several tables share (总计, 其
/// 他) opens that table when no table is open.
pub fn find_tables(text: &str, items: &[Item], home: Option<TableKind>) -> Vec<RawTable> {
    let mut tables = Vec::new();
    let mut cur: Option<RawTable> = None;
    let mut header_line: Option<(u32, Vec<(usize, TextRange)>)> = None;
    let mut i = 0;
    while i < items.len() {
        let it = items[i];
        match it.kind {
            ItemKind::Label(m) => match m.entry().role {
                LabelRole::Row {
                    table,
                    key,
                    in_2019,
                    in_2021,
                } => {
                    let first_key = matches!(key, "new" | "item1");
                    let switch = cur
                        .as_ref()
                        .is_none_or(|t| t.kind != table || (first_key && t.has_key(key)));
                    if switch {
                        tables.extend(cur.take());
                        cur = Some(RawTable::new(table, it.range));
                    }
                    let Some(t) = cur.as_mut() else { break };
                    if in_2019 != in_2021 {
                        t.markers.push((
                            if in_2019 {
                                Format::F2019
                            } else {
                                Format::F2021
                            },
                            it.range,
                        ));
                    }
                    let (slots, next) = collect_slots(text, items, i + 1, max_columns(table, key));
                    t.extend(it.range);
                    if let Some(last) = slots.last() {
                        t.extend(last.range);
                    }
                    t.rows.push(RawRow {
                        label: Some(m),
                        label_range: Some(it.range),
                        line_cells: line_cells(items, i, next),
                        slots,
                    });
                    i = next;
                    continue;
                }
                LabelRole::Header(h) => {
                    // A header word followed by values is a row whose numbering was left out
                    // (`总计 | 5 | …` for （七）总计).
                    let next_is_value = items.get(i + 1).is_some_and(|n| {
                        matches!(
                            n.kind,
                            ItemKind::Value(TokenKind::Number(_) | TokenKind::Dash)
                        )
                    });
                    let context = cur
                        .as_ref()
                        .map(|t| t.kind)
                        .or(home.filter(|k| h.tables.contains(k)));
                    if let (true, Some(kind)) = (next_is_value, context) {
                        let body = &m.entry().body;
                        let row = labels::entries()
                            .iter()
                            .enumerate()
                            .find_map(|(idx, e)| match e.role {
                                LabelRole::Row { table, key, .. }
                                    if &e.body == body && table == kind =>
                                {
                                    Some((idx, table, key))
                                }
                                _ => None,
                            });
                        if let Some((entry, table, key)) = row {
                            let m = LabelMatch {
                                entry,
                                quality: MatchQuality::WrongNumbering,
                            };
                            let mut patched = items[i];
                            patched.kind = ItemKind::Label(m);
                            if cur.as_ref().is_none_or(|t| t.kind != table) {
                                tables.extend(cur.take());
                                cur = Some(RawTable::new(table, patched.range));
                            }
                            let Some(t) = cur.as_mut() else { break };
                            let (slots, next) =
                                collect_slots(text, items, i + 1, max_columns(table, key));
                            t.extend(patched.range);
                            if let Some(last) = slots.last() {
                                t.extend(last.range);
                            }
                            t.rows.push(RawRow {
                                label: Some(m),
                                label_range: Some(patched.range),
                                line_cells: line_cells(items, i, next),
                                slots,
                            });
                            i = next;
                            continue;
                        }
                    }
                    note_header(&mut header_line, it.line, m.entry, it.range);
                    let in_cur = cur.as_ref().is_some_and(|t| h.tables.contains(&t.kind));
                    if !in_cur {
                        let kind = if h.tables.len() == 1 {
                            Some(h.tables[0])
                        } else {
                            home.filter(|k| h.tables.contains(k))
                        };
                        let Some(kind) = kind else {
                            i += 1;
                            continue;
                        };
                        tables.extend(cur.take());
                        cur = Some(RawTable::new(kind, it.range));
                    }
                    let Some(t) = cur.as_mut() else { break };
                    t.extend(it.range);
                    if let Some(f) = h.format {
                        t.markers.push((f, it.range));
                    }
                    if t.kind == TableKind::T4 && !t.values.iter().any(Slot::is_filled) {
                        // Table 四's values come after all of its headers.
                        t.values.clear();
                        t.value_lines.clear();
                    }
                    if t.kind == TableKind::T3 {
                        if let Some((_, line_headers)) = &header_line {
                            if let Some(order) = column_order(line_headers) {
                                t.column_order = order;
                            }
                        }
                    }
                }
            },
            ItemKind::Value(kind) => {
                if let Some(t) = cur.as_mut() {
                    if t.kind == TableKind::T4 {
                        if let Some(slot) = value_slot(it.range, kind) {
                            t.values.push(slot);
                            t.value_lines.push(it.line);
                            t.extend(it.range);
                        }
                    } else if matches!(kind, TokenKind::Number(_) | TokenKind::Dash) {
                        // Values with no label in front of them.
                        let (slots, next) = collect_slots(text, items, i, usize::MAX);
                        if let Some(last) = slots.last() {
                            t.extend(it.range.cover(last.range));
                        }
                        t.rows.push(RawRow {
                            label: None,
                            label_range: None,
                            line_cells: None,
                            slots,
                        });
                        i = next;
                        continue;
                    }
                }
            }
            ItemKind::Text => {
                if let Some(t) = cur.as_mut() {
                    let followed_by_value = followed_by_value(items, i);
                    if it.chars > NARRATIVE_CHARS {
                        tables.extend(cur.take());
                    } else if t.kind == TableKind::T4 {
                        // Short text among table 四's values stands for a value (`O`, `十二`).
                        let among = t.values.iter().any(Slot::is_filled) || followed_by_value;
                        if among && looks_like_bad_value(it.range.slice(text), followed_by_value) {
                            t.values.push(Slot {
                                range: it.range,
                                kind: SlotKind::Invalid,
                            });
                            t.value_lines.push(it.line);
                            t.extend(it.range);
                        }
                    } else if followed_by_value {
                        let (slots, next) = collect_slots(text, items, i + 1, usize::MAX);
                        if let Some(last) = slots.last() {
                            t.extend(it.range.cover(last.range));
                        }
                        t.rows.push(RawRow {
                            label: None,
                            label_range: Some(it.range),
                            line_cells: line_cells(items, i, next),
                            slots,
                        });
                        i = next;
                        continue;
                    }
                }
            }
        }
        i += 1;
    }
    tables.extend(cur);
    for t in &mut tables {
        if t.kind == TableKind::T4 {
            t4_blank_lines(text, t);
            t4_trailing_blanks(text, items, t);
        } else {
            blank_line_cells(text, items, t);
        }
    }
    tables
}

/// The lines between the offsets `from` and `to` that start after a line break, when nothing but
/// blanks, pipes and line breaks stands between them: how many, with the range of each pushed onto
/// `out`. A page number on a line of its own is no line of the table (the lexer drops it, with the
/// `step - 1` blank lines that separate it from the next cell when cells stand `step` lines apart).
/// `None` when something else stands there (a note, a chrome line).
fn gap_lines(
    text: &str,
    from: usize,
    to: usize,
    step: usize,
    mut out: Option<&mut Vec<TextRange>>,
) -> Option<usize> {
    let gap = text.get(from..to)?;
    let mut count = 0;
    let mut lines = super::lex::lines(gap).peekable();
    let mut first = true;
    // Lines still to skip after a page number.
    let mut skip = 0;
    while let Some(r) = lines.next() {
        let core = r
            .slice(gap)
            .trim_matches(|c: char| c == '|' || c == '｜' || is_blank_char(c));
        let inner = !first && lines.peek().is_some();
        let was_first = std::mem::replace(&mut first, false);
        if !core.is_empty() {
            if !(inner && super::lex::is_page_number_row(core)) {
                return None;
            }
            skip = step.saturating_sub(1);
            continue;
        }
        if was_first {
            continue;
        }
        if skip > 0 && lines.peek().is_some() {
            skip -= 1;
            continue;
        }
        count += 1;
        if let Some(out) = out.as_deref_mut() {
            out.push(r.shifted(from));
        }
    }
    Some(count)
}

/// The line breaks between two offsets (see [`gap_lines`]).
fn blank_breaks(text: &str, from: usize, to: usize, step: usize) -> Option<usize> {
    gap_lines(text, from, to, step, None)
}

/// The lines [`blank_breaks`] counts between `from` and `to`, in order.
fn lines_after_breaks(text: &str, from: usize, to: usize, step: usize) -> Vec<TextRange> {
    let mut out = Vec::new();
    gap_lines(text, from, to, step, Some(&mut out));
    out
}

/// The most frequent of `values`.
fn mode(values: &mut [usize]) -> Option<usize> {
    values.sort_unstable();
    values
        .chunk_by(|a, b| a == b)
        .max_by_key(|c| c.len())
        .map(|c| c[0])
}

/// How many values the row `key` of `table` has in each format.
fn column_counts(table: TableKind, key: &str) -> [usize; 2] {
    Format::ALL.map(|f| {
        table_spec(table, f)
            .row(key)
            .map_or(0, |(_, r)| r.columns().len())
    })
}

/// Empty cells written as blank lines, in the layouts of one cell per line: a row whose values
/// stand on lines of their own (a line apart, or two when blank lines separate the cells) and that
/// lacks values takes the blank lines standing where its values go as empty cells, between its
/// values and after them up to the next row (`一、本年新收… |` / `5 |` and six blank lines: seven cells,
/// six of them empty). The table's complete rows tell how far apart its cells and its rows stand;
/// the blank lines are taken only when they make the row exactly as long as the format's row.
fn blank_line_cells(text: &str, items: &[Item], t: &mut RawTable) {
    // A row spread over lines, or a label alone on its line with no value after it.
    let spread = |r: &RawRow| {
        r.label_range.is_some()
            && row_key(r).is_some()
            && (r.line_cells.is_none() || (r.slots.is_empty() && r.line_cells == Some(1)))
    };
    let complete = |r: &RawRow| {
        row_key(r).is_some_and(|key| {
            !r.slots.is_empty()
                && r.slots.iter().all(Slot::is_filled)
                && column_counts(t.kind, key).contains(&r.slots.len())
        })
    };
    // Nothing to do unless a row spread over lines lacks values (most tables: no gap is measured).
    let short = |r: &RawRow| {
        row_key(r).is_some_and(|key| {
            column_counts(t.kind, key)
                .iter()
                .any(|&n| r.slots.len() < n)
        })
    };
    if !t.rows.iter().any(|r| spread(r) && short(r)) {
        return;
    }
    // How far apart the cells of the complete rows stand, and how far their last cell stands from
    // the next row's label.
    let mut steps = Vec::new();
    for r in t.rows.iter().filter(|r| spread(r) && complete(r)) {
        let mut prev = r.label_range.map_or(0, |l| l.end);
        for s in &r.slots {
            steps.extend(blank_breaks(text, prev, s.range.start, 1));
            prev = s.range.end;
        }
    }
    if steps.is_empty() {
        // No row is complete (zeros left blank throughout): the cells stand at least one step
        // apart, so the closest two of any row are one step apart.
        for r in t.rows.iter().filter(|r| spread(r)) {
            let mut prev = r.label_range.map_or(0, |l| l.end);
            for s in r.slots.iter().filter(|s| s.is_filled()) {
                steps.extend(blank_breaks(text, prev, s.range.start, 1));
                prev = s.range.end;
            }
        }
        let min = steps.iter().copied().filter(|&s| s >= 1).min();
        steps = min.into_iter().collect();
    }
    let Some(step) = mode(&mut steps).filter(|&s| s >= 1) else {
        return;
    };
    let mut gaps = Vec::new();
    for (i, r) in t
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| spread(r) && complete(r))
    {
        if let (Some(last), Some(next)) = (
            r.slots.last(),
            t.rows.get(i + 1).and_then(|n| n.label_range),
        ) {
            gaps.extend(blank_breaks(text, last.range.end, next.start, step));
        }
    }
    let row_gap = mode(&mut gaps);
    for r in &mut t.rows {
        let (Some(label), Some(key)) = (r.label_range, row_key(r)) else {
            continue;
        };
        let counts = column_counts(t.kind, key);
        if !spread(r) || counts.iter().all(|&n| r.slots.len() >= n) {
            continue;
        }
        // The empty cells between the label and the values, and between the values: each gap of
        // `step` lines more than one cell's is a blank cell.
        let mut inserts: Vec<(usize, TextRange, usize)> = Vec::new();
        let mut prev = label.end;
        let mut ok = true;
        for (k, s) in r.slots.iter().enumerate() {
            match blank_breaks(text, prev, s.range.start, step) {
                Some(d) if d >= step && d.is_multiple_of(step) => {
                    if d > step {
                        inserts.push((k, TextRange::new(prev, s.range.start), d / step - 1));
                    }
                }
                _ => {
                    ok = false;
                    break;
                }
            }
            prev = s.range.end;
        }
        let added: usize = inserts.iter().map(|i| i.2).sum();
        // After the values, up to the next item: the blank lines beyond the gap between two rows.
        let at = items.partition_point(|it| it.range.start < prev);
        // The next item, or the end of the part (the next heading).
        let next_start = items.get(at).map_or(text.len(), |next| next.range.start);
        let trailing = Some(next_start).and_then(|next_start| {
            let d = blank_breaks(text, prev, next_start, step)?;
            let gaps = match row_gap {
                Some(g) => [g, g],
                None => [step, step + 1],
            };
            gaps.iter().find_map(|&g| {
                let rest = d.checked_sub(g)?;
                (rest.is_multiple_of(step)
                    && counts.contains(&(r.slots.len() + added + rest / step)))
                .then_some((rest / step, next_start))
            })
        });
        let trailing = match trailing {
            Some(tr) => Some(tr),
            None if counts.contains(&(r.slots.len() + added)) => None,
            None => continue,
        };
        if !ok || (added == 0 && trailing.is_none_or(|tr| tr.0 == 0)) {
            continue;
        }
        let blank = |range: TextRange| Slot {
            range,
            kind: SlotKind::Blank { strong: true },
        };
        // The `m` blank cells of a gap stand on the lines `step`, `2 × step` … after its start.
        let cells_in = |gap: TextRange, m: usize, out: &mut Vec<Slot>| {
            let lines = lines_after_breaks(text, gap.start, gap.end, step);
            out.extend(
                (1..=m)
                    .filter_map(|j| lines.get(j * step - 1).copied())
                    .map(blank),
            );
        };
        let mut slots = Vec::with_capacity(r.slots.len() + added + trailing.map_or(0, |tr| tr.0));
        let mut pending = inserts.into_iter().peekable();
        for (k, s) in r.slots.iter().enumerate() {
            if let Some((_, gap, m)) = pending.next_if(|i| i.0 == k) {
                cells_in(gap, m, &mut slots);
            }
            slots.push(*s);
        }
        if let Some((m, next)) = trailing {
            cells_in(TextRange::new(prev, next), m, &mut slots);
        }
        r.slots = slots;
    }
}

/// Table 四's empty cells written as blank lines between its values, in the layouts of one cell per
/// line: a gap of `k` times the usual distance between two values holds `k - 1` blank cells, when
/// the row so grows to at most its fifteen cells.
fn t4_blank_lines(text: &str, t: &mut RawTable) {
    let n = table_spec(TableKind::T4, Format::F2021).rows[0]
        .columns()
        .len();
    if t.values.len() < 2 || t.values.len() >= n || t.value_lines.len() != t.values.len() {
        return;
    }
    // One value a line, a usual distance apart.
    let mut steps: Vec<usize> = t
        .value_lines
        .windows(2)
        .map(|w| w[1].saturating_sub(w[0]) as usize)
        .collect();
    if steps.contains(&0) {
        return;
    }
    let Some(step) = mode(&mut steps) else { return };
    let mut inserts: Vec<(usize, Vec<TextRange>)> = Vec::new();
    let mut added = 0;
    for k in 1..t.values.len() {
        let (a, b) = (t.values[k - 1].range, t.values[k].range);
        let d = t.value_lines[k].saturating_sub(t.value_lines[k - 1]) as usize;
        if d > step && d.is_multiple_of(step) && blank_breaks(text, a.end, b.start, 1) == Some(d) {
            let lines = lines_after_breaks(text, a.end, b.start, 1);
            let cells: Vec<TextRange> = (1..d / step)
                .filter_map(|j| lines.get(j * step - 1).copied())
                .collect();
            added += cells.len();
            inserts.push((k, cells));
        }
    }
    if added == 0 || t.values.len() + added > n {
        return;
    }
    let (mut values, mut lines) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let mut pending = inserts.into_iter().peekable();
    for k in 0..t.values.len() {
        if let Some((_, cells)) = pending.next_if(|i| i.0 == k) {
            for (j, range) in cells.into_iter().enumerate() {
                values.push(Slot {
                    range,
                    kind: SlotKind::Blank { strong: true },
                });
                lines.push(
                    t.value_lines[k - 1]
                        .saturating_add(u32::try_from((j + 1) * step).unwrap_or(u32::MAX)),
                );
            }
        }
        values.push(t.values[k]);
        lines.push(t.value_lines[k]);
    }
    t.values = values;
    t.value_lines = lines;
}

/// Table 四's blank cells after its last value: its one row has fifteen cells, and blank cells
/// inside them are cells wherever they stand (`3 | | 1 | … | 3 | | | | | |`). On one line, the
/// trailing blanks up to the fifteenth cell are cells, unless the table pads its lines to one width
/// (`|||` filler) and the row's line is short of it: then a cell is missing, and the padding is no
/// cell. On a line each, the blanks that go on line after line are cells. The cells taken are made
/// strong blanks; the rest stay padding.
fn t4_trailing_blanks(text: &str, items: &[Item], t: &mut RawTable) {
    let n = table_spec(TableKind::T4, Format::F2021).rows[0]
        .columns()
        .len();
    let filled: Vec<usize> = (0..t.values.len())
        .filter(|&i| t.values[i].is_filled())
        .collect();
    if t4_evenly_spread(text, t, n) {
        return;
    }
    let (Some(&first), Some(&last)) = (filled.first(), filled.last()) else {
        return;
    };
    let line = |i: usize| t.value_lines.get(i).copied();
    let lo = (0..first)
        .rev()
        .take_while(|&i| line(i) == line(first))
        .last()
        .unwrap_or(first);
    let span = last + 1 - lo;
    let weak = t.values[last + 1..]
        .iter()
        .take_while(|s| s.is_weak())
        .count();
    if span >= n || weak == 0 {
        return;
    }
    let take = if line(last + 1) == line(last) {
        let on_line = (last + 1..last + 1 + weak)
            .take_while(|&i| line(i) == line(last))
            .count();
        // How many items each line of the table holds, and whether it holds a header: a table
        // padded to one width has as many on every line.
        let from = items.partition_point(|it| it.range.start < t.range.start);
        let upto = items.partition_point(|it| it.range.start <= t.range.end);
        let mut widths: Vec<(u32, usize, bool)> = Vec::new();
        for it in &items[from..upto] {
            let header = matches!(it.kind, ItemKind::Label(_));
            match widths.last_mut() {
                Some((l, w, h)) if *l == it.line => {
                    *w += 1;
                    *h |= header;
                }
                _ => widths.push((it.line, 1, header)),
            }
        }
        let values_line = line(last);
        let here = widths
            .iter()
            .find(|w| Some(w.0) == values_line)
            .map_or(0, |w| w.1);
        let mut others: Vec<usize> = widths
            .iter()
            .filter(|w| Some(w.0) != values_line && w.2)
            .map(|w| w.1)
            .collect();
        let padded = others.len() >= 2 && others.iter().all(|&w| w == others[0]);
        let usual = mode(&mut others).filter(|_| padded);
        match usual {
            Some(u) if here < u => n.saturating_sub(u - here).saturating_sub(span).min(on_line),
            _ => (n - span).min(on_line),
        }
    } else {
        // One value per line: the blanks that follow on the next lines, as far apart as the values
        // (or as the first blank from the one value).
        let (a, b) = if last > lo {
            (last, last - 1)
        } else {
            (last + 1, last)
        };
        let step = line(a)
            .zip(line(b))
            .map_or(1, |(a, b)| a.saturating_sub(b).max(1));
        let mut k = 0;
        while k < weak.min(n - span)
            && line(last + k + 1)
                .zip(line(last + k))
                .is_some_and(|(a, b)| a == b + step)
        {
            k += 1;
        }
        k
    };
    for s in &mut t.values[last + 1..last + 1 + take] {
        s.kind = SlotKind::Blank { strong: true };
    }
}

/// Exactly table 四's fifteen cells, blank ones among them, one a line an even distance apart (or
/// all blank on one line), holding every value: every one is a cell, leading and trailing blanks
/// too (a table 四 left wholly blank, as agencies with no case often leave it, or starting with
/// blank cells). Taken only when one such run of fifteen exists; else the rules for trailing blanks
/// apply.
fn t4_evenly_spread(text: &str, t: &mut RawTable, n: usize) -> bool {
    let len = t.values.len();
    if len < n || t.value_lines.len() != len || !t.values.iter().any(Slot::is_weak) {
        return false;
    }
    let filled: Vec<usize> = (0..len).filter(|&i| t.values[i].is_filled()).collect();
    let steps: Vec<u32> = t
        .value_lines
        .windows(2)
        .map(|w| w[1].saturating_sub(w[0]))
        .collect();
    let holds_values = |a: usize| {
        filled.first().is_none_or(|&f| f >= a) && filled.last().is_none_or(|&l| l < a + n)
    };
    // On one line, padding to the table's width is told from cells by `t4_trailing_blanks`.
    let even = |a: usize| {
        steps[a..a + n - 1]
            .iter()
            .all(|&s| s == steps[a] && (1..=2).contains(&s) || filled.is_empty() && s == 0)
    };
    let mut found = None;
    for w in (0..=len - n).filter(|&w| holds_values(w) && even(w)) {
        if found.is_some() {
            return false;
        }
        found = Some(w);
    }
    let Some(w) = found else { return false };
    // Blanks before the first value move every value a column over: a line holding only a tab right
    // under the headers is padding (seed 004 has one between its header rows), a line with a
    // separator (`|`) or one after a blank line (a row of its own) is a cell.
    if let Some(&first) = filled.first() {
        let line_of = |at: usize| {
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            (start, end)
        };
        let (start, _) = line_of(t.values[w].range.start.min(text.len()));
        let after_blank_line = start == 0
            || text[..start - 1]
                .rsplit('\n')
                .next()
                .is_some_and(|l| l.trim().is_empty());
        let separated = (w..first).all(|i| {
            let (a, b) = line_of(t.values[i].range.start.min(text.len()));
            text[a..b].contains(['|', '｜'])
        });
        if w < first && !after_blank_line && !separated {
            return false;
        }
    }
    for s in t.values[w..w + n].iter_mut().filter(|s| s.is_weak()) {
        s.kind = SlotKind::Blank { strong: true };
    }
    true
}

/// The number of cells on the line of the label `items[label]` when its values `items[label +
/// 1..end]` are all on that line; `None` for a row spread over lines.
fn line_cells(items: &[Item], label: usize, end: usize) -> Option<usize> {
    let line = items.get(label)?.line;
    if items[label + 1..end.min(items.len())]
        .iter()
        .any(|it| it.line != line)
    {
        return None;
    }
    let before = items[..label]
        .iter()
        .rev()
        .take_while(|it| it.line == line)
        .count();
    let after = items[end.min(items.len())..]
        .iter()
        .take_while(|it| it.line == line)
        .count();
    Some(before + (end - label) + after)
}

/// Records the headers of the current line.
fn note_header(
    state: &mut Option<(u32, Vec<(usize, TextRange)>)>,
    line: u32,
    entry: usize,
    range: TextRange,
) {
    match state {
        Some((l, v)) if *l == line => v.push((entry, range)),
        _ => *state = Some((line, vec![(entry, range)])),
    }
}

/// The order of table 三's data columns stated by one header line that lists the seven columns by
/// themselves: `Some(Some(order))` when it differs from the format's, `Some(None)` when it is the
/// same, `None` when the line states no order.
fn column_order(line_headers: &[(usize, TextRange)]) -> Option<Option<[usize; 7]>> {
    let all = labels::entries();
    // A line that names the 法人或其他组织 group is the merged header read linearly, not a flat one.
    if line_headers
        .iter()
        .any(|(e, _)| all[*e].canonical == "法人或其他组织")
    {
        return None;
    }
    let mut order = Vec::new();
    for (e, _) in line_headers {
        if let Some(col) = T3_COLUMNS.iter().position(|c| c.label == all[*e].canonical) {
            if !order.contains(&col) {
                order.push(col);
            }
        }
    }
    let arr: [usize; 7] = order.try_into().ok()?;
    Some((arr != [0, 1, 2, 3, 4, 5, 6]).then_some(arr))
}

fn max_columns(table: TableKind, key: &str) -> usize {
    Format::ALL
        .iter()
        .filter_map(|&f| table_spec(table, f).row(key))
        .map(|(_, r)| r.columns().len())
        .max()
        .unwrap_or(0)
}

fn value_slot(range: TextRange, kind: TokenKind) -> Option<Slot> {
    let kind = match kind {
        TokenKind::Number(n) => SlotKind::Number(n),
        TokenKind::Dash => SlotKind::Dash,
        TokenKind::Blank { strong } => SlotKind::Blank { strong },
        TokenKind::Text => return None,
    };
    Some(Slot { range, kind })
}

/// Whether a short unrecognised text stands where a number should be: a misspelt number (`O`, `十二`,
/// `1O`, `0𠮷`). Among a row's values (a value follows it) any short text with a digit or made of
/// numerals is one; after them it must be made only of digits, numerals, letters taken for digits,
/// separators and units, since a note, a page marker or a cut-off sentence there (`第 3 页`,
/// `12月31日`) is no cell, and ends the row.
fn looks_like_bad_value(text: &str, among_values: bool) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let n = t.chars().count();
    let numeral = |c: char| "〇零一二三四五六七八九十百千两".contains(c);
    let letter = |c: char| "OoIlＯｏ".contains(c);
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let value_char = |c: char| {
        digit(c)
            || numeral(c)
            || letter(c)
            || ".,，．、+-－".contains(c)
            || "万亿元件条个项次人家宗".contains(c)
    };
    n > 0
        && n <= 8
        && (among_values || t.chars().all(value_char))
        && (t.chars().any(digit) || t.chars().all(numeral) || t.chars().all(letter))
}

/// Whether the item after `items[i]` is a value (a number, a dash or a strong blank).
fn followed_by_value(items: &[Item], i: usize) -> bool {
    items.get(i + 1).is_some_and(|n| {
        matches!(
            n.kind,
            ItemKind::Value(
                TokenKind::Number(_) | TokenKind::Dash | TokenKind::Blank { strong: true }
            )
        )
    })
}

/// Reads the values after a label, up to the next label or text.
fn collect_slots(text: &str, items: &[Item], from: usize, max_filled: usize) -> (Vec<Slot>, usize) {
    // Room for a row of table 三 (seven values and a blank) from the start.
    let mut slots = Vec::with_capacity(8);
    let mut j = from;
    while j < items.len() {
        let it = items[j];
        match it.kind {
            ItemKind::Value(kind) => {
                if let Some(s) = value_slot(it.range, kind) {
                    slots.push(s);
                }
            }
            ItemKind::Text
                if slots.iter().filter(|s| s.is_filled()).count() < max_filled
                    && max_filled > 0
                    && looks_like_bad_value(it.range.slice(text), followed_by_value(items, j)) =>
            {
                slots.push(Slot {
                    range: it.range,
                    kind: SlotKind::Invalid,
                });
            }
            _ => break,
        }
        j += 1;
    }
    (slots, j)
}

/// Which values of a row are its cells: trailing and filler blanks are dropped while the row has
/// more values than columns. Returns the cells' slots, the extra values and how many are missing.
pub fn fit_slots(slots: &[Slot], n: usize) -> (Vec<Slot>, Vec<Slot>, usize) {
    let mut excess = slots.len().saturating_sub(n);
    let mut end = slots.len();
    while excess > 0 && end > 0 && slots[end - 1].is_weak() {
        end -= 1;
        excess -= 1;
    }
    let mut start = 0;
    while excess > 0 && start < end && slots[start].is_weak() {
        start += 1;
        excess -= 1;
    }
    // The weak slots dropped from the end while values are still in excess: those at or after
    // `cut`.
    let mut cut = end;
    while excess > 0 && cut > start {
        cut -= 1;
        if slots[cut].is_weak() {
            excess -= 1;
        }
    }
    let mut s: Vec<Slot> = Vec::with_capacity(end - start);
    s.extend(
        slots[start..end]
            .iter()
            .enumerate()
            .filter(|(k, slot)| start + k < cut || !slot.is_weak())
            .map(|(_, slot)| *slot),
    );
    let extra = if s.len() > n {
        s.split_off(n)
    } else {
        Vec::new()
    };
    let missing = n.saturating_sub(s.len());
    (s, extra, missing)
}

fn cells_of(slots: &[Slot], order: Option<&[usize; 7]>) -> Vec<Cell> {
    slots
        .iter()
        .enumerate()
        .map(|(k, s)| Cell {
            range: s.range,
            value: match s.kind {
                SlotKind::Number(n) => CellValue::Number(n),
                SlotKind::Dash => CellValue::Dash,
                SlotKind::Blank { .. } => CellValue::Blank,
                SlotKind::Invalid => CellValue::Invalid,
            },
            col: order.map_or(k, |o| o[k]),
        })
        .collect()
}

/// Decides the format a table shows: by its format-specific labels and headers, then by how many
/// values its rows carry; a tie goes to `expected`.
fn decide_format(raw: &RawTable, expected: Option<Format>) -> (Format, bool, Option<TextRange>) {
    let fallback = expected.unwrap_or(Format::F2021);
    if raw.kind == TableKind::T4 {
        return (fallback, false, None);
    }
    let mut votes = [0usize; 2];
    let mut count_markers: Vec<(Format, TextRange)> = Vec::new();
    let idx = |f: Format| usize::from(f == Format::F2021);
    for (f, _) in &raw.markers {
        votes[idx(*f)] += 2;
    }
    for row in &raw.rows {
        let Some(key) = row_key(row) else { continue };
        let filled = row.slots.iter().filter(|s| s.is_filled()).count();
        let counts = Format::ALL.map(|f| {
            table_spec(raw.kind, f)
                .row(key)
                .map(|(_, r)| (f, r.columns().len()))
        });
        if let [Some((f1, n1)), Some((f2, n2))] = &counts {
            if n1 != n2 && filled > 0 {
                let vote = if filled == *n1 {
                    Some(*f1)
                } else if filled == *n2 {
                    Some(*f2)
                } else {
                    None
                };
                if let Some(f) = vote {
                    votes[idx(f)] += 1;
                    if let Some(r) = row.label_range {
                        count_markers.push((f, r));
                    }
                }
            }
        }
    }
    let format = match votes[0].cmp(&votes[1]) {
        std::cmp::Ordering::Greater => Format::F2019,
        std::cmp::Ordering::Less => Format::F2021,
        std::cmp::Ordering::Equal => fallback,
    };
    let shown = votes[0] != votes[1];
    let marker = raw
        .markers
        .iter()
        .chain(&count_markers)
        .find(|(f, _)| *f == format)
        .map(|(_, r)| *r);
    (format, shown, marker)
}

/// Matches a raw table's rows to the rows of the format it shows.
pub fn resolve(text: &str, raw: &RawTable, expected: Option<Format>) -> Table {
    let (format, format_shown, format_marker) = decide_format(raw, expected);
    let spec = table_spec(raw.kind, format);
    let mut table = Table {
        kind: raw.kind,
        format,
        format_shown,
        format_marker,
        range: raw.range,
        rows: Vec::new(),
        unknown: Vec::new(),
        foreign: Vec::new(),
        column_order: raw.column_order,
        unreadable: None,
        runs: Vec::new(),
    };
    if raw.kind == TableKind::T4 {
        // Table 四's one row has no label and no other row to compare with, so blanks before its
        // first value count only on that value's line (a row that starts with an empty cell), never
        // as cells that would move every value one column over; blanks after its last value count
        // when `t4_trailing_blanks` found them to be cells of its fifteen.
        let filled: Vec<usize> = (0..raw.values.len())
            .filter(|&i| raw.values[i].is_filled())
            .collect();
        let line = |i: usize| raw.value_lines.get(i).copied();
        let strong = |i: usize| matches!(raw.values[i].kind, SlotKind::Blank { strong: true });
        let (lo, hi) = match (filled.first(), filled.last()) {
            // Blanks around the values that were found to be cells are strong (see
            // `t4_trailing_blanks`).
            (Some(&f), Some(&l)) => {
                let hi = l + 1 + (l + 1..raw.values.len()).take_while(|&i| strong(i)).count();
                (
                    (0..f)
                        .rev()
                        .take_while(|&i| line(i) == line(f) || strong(i))
                        .last()
                        .unwrap_or(f),
                    hi,
                )
            }
            // A table left wholly blank: its cells, when they were found (see `t4_evenly_spread`).
            _ if !raw.values.is_empty() && (0..raw.values.len()).all(strong) => {
                (0, raw.values.len())
            }
            _ => (0, 0),
        };
        let (cells, extra, missing) = fit_slots(&raw.values[lo..hi], spec.rows[0].columns().len());
        if !raw.values.is_empty() {
            let end = raw.values.last().map_or(raw.range.end, |s| s.range.end);
            table.rows.push(Row {
                spec: 0,
                label: None,
                cells: cells_of(&cells, None),
                extra: extra.iter().map(|s| s.range).collect(),
                missing,
                end,
            });
        }
        return table;
    }
    // A label broken after its values (`5.要求行政机关确认或 | 0 | … |` / `重新出具已获取信息 | | |`) ends
    // with the blank cells of its rest's line: neither the width of a line nor filler.
    let rest_after_values = |r: &RawRow| {
        let last_filled = r.slots.iter().rposition(Slot::is_filled);
        last_filled.is_some_and(|k| {
            let end = r.slots[k].range.end;
            let words = |gap: &str| {
                gap.chars()
                    .any(|c| !(c == '|' || c == '｜' || is_blank_char(c)))
            };
            r.slots
                .get(k + 1)
                .is_some_and(|s| text.get(end..s.range.start).is_some_and(words))
        })
    };
    // A pasted table has as many cells on every line: the usual count of the complete one-line rows
    // (a row whose label was broken over two lines holds the cells of both).
    let mut counts: Vec<usize> = raw
        .rows
        .iter()
        .filter(|r| r.line_cells.is_some() && !rest_after_values(r))
        .filter(|r| {
            let n = row_key(r)
                .and_then(|k| spec.row(k))
                .map_or(0, |(_, rs)| rs.columns().len());
            n > 0 && r.slots.iter().filter(|s| s.is_filled()).count() == n
        })
        .map(row_cells)
        .collect();
    counts.sort_unstable();
    let usual = counts
        .chunk_by(|a, b| a == b)
        .max_by_key(|c| c.len())
        .map(|c| c[0]);
    // Rows spread over lines: how many blanks usually trail a complete row (the table's filler).
    let trailing = |r: &RawRow| r.slots.iter().rev().take_while(|s| s.is_weak()).count();
    let mut fillers: Vec<usize> = raw
        .rows
        .iter()
        .filter(|r| r.line_cells.is_none() && !rest_after_values(r))
        .filter(|r| {
            let n = row_key(r)
                .and_then(|k| spec.row(k))
                .map_or(0, |(_, rs)| rs.columns().len());
            n > 0 && r.slots.iter().filter(|s| s.is_filled()).count() == n
        })
        .map(trailing)
        .collect();
    fillers.sort_unstable();
    let usual_filler = fillers
        .chunk_by(|a, b| a == b)
        .max_by_key(|c| c.len())
        .map(|c| c[0]);
    // A short row lacks values, or has empty cells at its end: on one line it lacks values when the
    // line holds fewer cells than the others; spread over lines, only the blanks beyond the usual
    // filler are empty cells.
    let trim = |row: &RawRow, n: usize| -> Vec<Slot> {
        let filled = row.slots.iter().filter(|s| s.is_filled()).count();
        let mut v = row.slots.clone();
        if filled >= n {
            return v;
        }
        let drop = match (row.line_cells, usual, usual_filler) {
            // A row on one line with exactly as many cells as its columns, blanks included, is
            // complete with empty cells (a spreadsheet row of 行政事业性收费 whose last cell is empty),
            // even when other rows of the table have more columns.
            (Some(_), _, _) if row.slots.len() == n => 0,
            (Some(here), Some(usual), _) if here < usual => trailing(row),
            (None, _, Some(f)) => f.min(trailing(row)),
            _ => 0,
        };
        v.truncate(v.len() - drop);
        v
    };
    // Rows whose label is no label of the format, kept with their place for a second pass.
    let mut pending: Vec<(usize, &RawRow)> = Vec::new();
    // Rows (or group labels) with their values and exactly those of the next row of the format,
    // which may hold that row merged into them.
    let mut doubled: Vec<(usize, Label, Vec<Slot>)> = Vec::new();
    for row in &raw.rows {
        let Some(key) = row_key(row) else {
            pending.push((table.rows.len(), row));
            continue;
        };
        let label_range = row.label_range.unwrap_or_default();
        let Some((spec_idx, row_spec)) = spec.row(key) else {
            table.foreign.push(ForeignRow {
                label: label_range,
                key,
            });
            continue;
        };
        if let Some(first) = table.rows.iter().position(|r| r.spec == spec_idx) {
            table.unknown.push(UnknownRow {
                label: Some(label_range),
                values: row
                    .slots
                    .iter()
                    .filter(|s| s.is_filled())
                    .map(|s| s.range)
                    .collect(),
                duplicate_of: Some(first),
            });
            continue;
        }
        let quality = match row.label {
            // The other format's wording of this row (规范性文件 in a table of the 2021 format, which
            // says 行政规范性文件): the row, with its label mistyped.
            Some(m) if m.quality.is_exact() && m.entry().canonical != row_spec.label => {
                other_wording(m.entry(), row_spec.label)
            }
            Some(m) => m.quality,
            None => MatchQuality::Exact,
        };
        let order = if raw.kind == TableKind::T3 {
            raw.column_order.as_ref()
        } else {
            None
        };
        let n = row_spec.columns().len();
        let slots = trim(row, n);
        let label = Label {
            range: label_range,
            quality,
        };
        let values = slots.len() - slots.iter().rev().take_while(|s| s.is_weak()).count();
        let next_n = spec.rows.get(spec_idx + 1).map_or(0, |r| r.columns().len());
        if next_n >= MIN_MERGED_COLUMNS
            && (n == next_n || n == 0)
            && values == n + next_n
            && slots[..values].iter().all(Slot::is_filled)
        {
            doubled.push((spec_idx, label, slots[..values].to_vec()));
        }
        table.rows.push(make_row(
            spec_idx,
            Some(label),
            &slots,
            n,
            order,
            label_range.end,
        ));
    }
    // A row whose label is garbled beyond recognition but stands where a missing row belongs, with
    // that row's number of values, is taken for it.
    for (place, row) in pending {
        let filled = row.slots.iter().filter(|s| s.is_filled()).count();
        let prev = table.rows[..place.min(table.rows.len())]
            .iter()
            .map(|r| r.spec)
            .max();
        let next = table.rows[place.min(table.rows.len())..]
            .iter()
            .map(|r| r.spec)
            .min();
        let guess = row.label_range.and_then(|lr| {
            let body = {
                let n = normalize(lr.slice(text), 0).text;
                let (_, at) = split_numbering(&n);
                n.chars().skip(at).collect::<String>()
            };
            spec.rows
                .iter()
                .enumerate()
                .filter(|(i, r)| {
                    r.is_data()
                        && prev.is_none_or(|p| *i > p)
                        && next.is_none_or(|n| *i < n)
                        && r.columns().len() == filled
                        && !table.rows.iter().any(|x| x.spec == *i)
                })
                .map(|(i, r)| {
                    let e = normalize(r.label, 0).text;
                    let (_, at) = split_numbering(&e);
                    (
                        i,
                        labels::similarity(&body, &e.chars().skip(at).collect::<String>()),
                    )
                })
                .filter(|(_, sim)| *sim >= 0.3)
                .max_by(|a, b| a.1.total_cmp(&b.1))
        });
        match (guess, row.label_range) {
            (Some((i, sim)), Some(lr)) => {
                let order = if raw.kind == TableKind::T3 {
                    raw.column_order.as_ref()
                } else {
                    None
                };
                let r = make_row(
                    i,
                    Some(Label {
                        range: lr,
                        quality: MatchQuality::Fuzzy(sim),
                    }),
                    &row.slots,
                    filled,
                    order,
                    lr.end,
                );
                let at = table
                    .rows
                    .iter()
                    .position(|x| x.label.map_or(0, |l| l.range.start) > lr.start)
                    .unwrap_or(table.rows.len());
                table.rows.insert(at, r);
            }
            _ => table.unknown.push(UnknownRow {
                label: row.label_range,
                values: row
                    .slots
                    .iter()
                    .filter(|s| s.is_filled())
                    .map(|s| s.range)
                    .collect(),
                duplicate_of: None,
            }),
        }
    }
    split_merged_rows(&mut table, doubled);
    table.assess();
    table
}

/// Rows of fewer columns than this are never split as two merged rows: one or two extra values are
/// as likely a stray figure or a typo as a whole row.
const MIN_MERGED_COLUMNS: usize = 3;

/// A row with exactly twice its values (or a group label with exactly the values of the row under
/// it), whose next row in the format is missing, holds that row too: a conversion from a PDF that
/// lost a row's label ran its values on after the row above (`2.没有现成信息需要另行制作 | 0 |…| 0 |` with
/// fourteen values and no `3.补正后申请内容仍不明确`; `（三）不予公开 | 0 |…| 0 |` with seven and no `1.属于国家秘密`). The
/// values beyond the row's own are read as that row, without a label (the checks say that its label
/// is missing). Only when nothing else could be meant: the next row of the format takes exactly
/// those values, and it is nowhere in the table.
fn split_merged_rows(table: &mut Table, doubled: Vec<(usize, Label, Vec<Slot>)>) {
    let spec = table.spec();
    for (spec_idx, label, slots) in doubled {
        let n = spec.rows[spec_idx].columns().len();
        let next = spec_idx + 1;
        let next_n = spec.rows.get(next).map_or(0, |r| r.columns().len());
        if next_n < MIN_MERGED_COLUMNS
            || slots.len() != n + next_n
            || table.rows.iter().any(|r| r.spec == next)
        {
            continue;
        }
        let Some(at) = table.rows.iter().position(|r| r.spec == spec_idx) else {
            continue;
        };
        let order = table.column_order.filter(|_| table.kind == TableKind::T3);
        let (first, second) = slots.split_at(n);
        table.rows[at] = make_row(
            spec_idx,
            Some(label),
            first,
            n,
            order.as_ref(),
            label.range.end,
        );
        table.rows.insert(
            at + 1,
            make_row(next, None, second, next_n, order.as_ref(), 0),
        );
    }
}

/// How the label `written` (exactly a label of the catalog) differs from the label `canonical` of
/// the same row in the table's format: a truncation when it is part of it, else a typo.
fn other_wording(written: &labels::LabelEntry, canonical: &str) -> MatchQuality {
    let canonical = normalize(canonical, 0).text;
    if canonical.contains(written.full.as_str()) {
        MatchQuality::Truncated
    } else {
        MatchQuality::Fuzzy(labels::similarity(&written.full, &canonical))
    }
}

fn make_row(
    spec: usize,
    label: Option<Label>,
    slots: &[Slot],
    n: usize,
    order: Option<&[usize; 7]>,
    label_end: usize,
) -> Row {
    let (cells, extra, missing) = fit_slots(slots, n);
    let order = order.filter(|_| n == 7);
    let end = cells
        .last()
        .map_or(label_end, |c| c.range.end)
        .max(label_end);
    Row {
        spec,
        label,
        cells: cells_of(&cells, order),
        extra: extra.iter().map(|s| s.range).collect(),
        missing,
        end,
    }
}

/// Joins the pieces of a table that something cut in two: a page break of a PDF leaves a page
/// header, a footer or the table's header again in the middle of the table, and a long line ends
/// the table there, so that its rows after the cut open a second table of the same kind. A table
/// that follows another of its kind and format, with rows that all come after the last row of the
/// other (or no row at all: a header repeated, a placeholder row of blank cells), continues it. A
/// second whole table (a report of two agencies) starts again from its first row, and stays a table
/// of its own.
pub fn join_continuations(tables: &mut Vec<Table>) {
    let mut out: Vec<Table> = Vec::with_capacity(tables.len());
    for t in tables.drain(..) {
        if let Some(prev) = out.last_mut().filter(|p| continues(p, &t)) {
            let offset = prev.rows.len();
            prev.range = prev.range.cover(t.range);
            prev.format_shown |= t.format_shown;
            prev.format_marker = prev.format_marker.or(t.format_marker);
            prev.column_order = prev.column_order.or(t.column_order);
            prev.rows.extend(t.rows);
            prev.unknown.extend(t.unknown.into_iter().map(|mut u| {
                u.duplicate_of = u.duplicate_of.map(|d| d + offset);
                u
            }));
            prev.foreign.extend(t.foreign);
            prev.assess();
            continue;
        }
        out.push(t);
    }
    *tables = out;
}

/// Whether `next` continues `prev` (see [`join_continuations`]).
fn continues(prev: &Table, next: &Table) -> bool {
    if prev.kind != next.kind
        || prev.kind == TableKind::T4
        || prev.format != next.format
        || prev.range.end > next.range.start
    {
        return false;
    }
    let Some(last) = prev.rows.iter().map(|r| r.spec).max() else {
        return false;
    };
    next.rows.iter().all(|r| r.spec > last)
}
