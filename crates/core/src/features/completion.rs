//! Completion of the format's row labels, section headings and column headers by context, and
//! snippets that insert a whole empty table in the report's format and layout.
//!
//! What is offered, and in which order (the order of `sort_text`):
//!
//! - **Between a table's rows** (the table goes on below the cursor's line): the column headers
//!   first when the cursor is in the table's header area (no data row above it, below a block title
//!   of table 二, or on a line that already holds headers); then the rows of the format the table
//!   lacks, starting from the first missing row after the row just above the cursor and wrapping
//!   round; then the rows the table has, in the same order; then the table's snippet.
//! - **On a line right after a table** (only blank lines between): the same, with the missing
//!   section headings after the missing rows.
//! - **Elsewhere in section 二, 三 or 四**: when the section's table is missing, its snippet first,
//!   then its rows in format order, its column headers and the missing headings; when the table is
//!   there, the missing headings first (after the column headers when the cursor is above the
//!   table), then the rows the table lacks, then the snippet.
//! - **Anywhere else** (the preamble, sections 一, 五 and 六): the missing section headings, the next
//!   missing one after the section the cursor is in first, wrapping round.
//!
//! Rows are those of the format the report uses (its tables' format, else the format of its year,
//! else the 2021 format); rows of the other format are never offered. A row or heading written on
//! the cursor's own line is what the user is typing, so it does not count as present.
//!
//! Once something is typed, items are ranked by how well it matches first (the label, its body
//! without numbering, its pinyin initials or its syllables start with it, contain it, or contain
//! its letters in order) and by the order above second; items that do not match at all are left
//! out.
//!
//! Among a row's values (after a number or a data row's label on the cursor's line) nothing is
//! offered, so that typing figures brings no list up. The typed text that an item replaces runs
//! from the start of the typed word (after leading blanks and Markdown marks, or after the last `|`
//! or tab) to the cursor; pinyin letters typed after other text on the line are a word by
//! themselves.
//!
//! A text that is not a report gets no completion, unless its title line names it an annual report
//! (the start of a new report), where the section headings are offered.

mod cursor;
mod pinyin;
mod snippet;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use super::Snapshot;
use crate::catalog::{
    table_spec, Format, RowKind, RowSpec, SectionId, TableKind, TableSpec, COLUMN_HEADERS,
    SECTIONS, T3_COLUMNS, T4_COLUMNS, T4_GROUPS,
};
use crate::messages::{Lang, Offer};
use crate::model::Report;
use crate::parse::labels::{self, LabelRole};
use crate::parse::lex::lines;
use crate::text::{is_blank_char, normalize, split_numbering, TextRange};
use cursor::{row_pos, section_here, table_context, Cursor, Place, TableContext};
pub use snippet::{detect_layout, table_snippet, Layout};

/// What a completion item inserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    RowLabel,
    Heading,
    ColumnHeader,
    TableSnippet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    /// What the list shows.
    pub label: String,
    pub kind: CompletionKind,
    /// A short note beside the label (e.g. "表三 · 2021年格式").
    pub detail: String,
    pub documentation: Option<String>,
    /// What the client filters on: the label plus its pinyin initials (e.g. "（一）予以公开 yygk").
    pub filter_text: String,
    /// The order of the list.
    pub sort_text: String,
    /// The text inserted; a snippet in LSP snippet syntax when `is_snippet`.
    pub insert_text: String,
    pub is_snippet: bool,
    /// The text the item replaces (what the user typed of it).
    pub replace: TextRange,
}

/// The completion items at `offset` (clamped to the text and moved back to a char boundary).
pub fn completions(snap: &Snapshot, offset: usize) -> Vec<CompletionItem> {
    let report = &snap.analysis.report;
    if !report.is_report && report.title.is_none() {
        return Vec::new();
    }
    let cur = Cursor::at(snap.text, offset);
    let format = report
        .format
        .or_else(|| report.expected_format())
        .unwrap_or(Format::F2021);
    if in_value_cells(snap.text, &cur, format) {
        return Vec::new();
    }
    let mut list = List::new(snap, cur, format);
    let Some(ctx) = table_context(report, &cur) else {
        list.headings();
        return list.finish();
    };
    let rows = RowPlan::new(ctx, format, &cur, snap.text);
    match ctx.place {
        Place::Inside | Place::After => {
            if rows.header_area {
                list.headers(&rows);
            }
            list.rows(&rows, false);
            if ctx.place == Place::After {
                list.headings();
            }
            list.rows(&rows, true);
            list.snippet(ctx.kind);
        }
        Place::Section { before_table } => {
            if ctx.table.is_none() {
                list.snippet(ctx.kind);
                list.rows(&rows, false);
                list.headers(&rows);
                list.headings();
            } else {
                if before_table {
                    list.headers(&rows);
                }
                list.headings();
                list.rows(&rows, false);
                list.snippet(ctx.kind);
            }
        }
    }
    list.finish()
}

/// Whether the cursor is among the values of a row: a cell before it on its line holds a number or
/// the label of a data row (`一、本年新收政府信息公开申请数量 | 1`). A group label before it is no such
/// cell: the first row of the group may follow it on the same line (`三、本年度办理结果 | （一）予以公开`).
fn in_value_cells(text: &str, cur: &Cursor, format: Format) -> bool {
    let before = &text[cur.line.start..cur.word.start];
    before.split(['|', '｜', '\t']).any(|cell| {
        let cell = cell.trim_matches(is_blank_char);
        if cell.is_empty() {
            return false;
        }
        if cell.chars().all(|c| {
            c.is_ascii_digit()
                || ('０'..='９').contains(&c)
                || matches!(c, '.' | '-' | '+' | ',' | '%')
        }) {
            return true;
        }
        let norm = normalize(cell, 0);
        labels::match_label(&norm, cell).is_some_and(|m| match m.entry().role {
            LabelRole::Row { table, key, .. } => {
                let row = table_spec(table, format)
                    .row(key)
                    .or_else(|| table_spec(table, format.other()).row(key));
                row.is_some_and(|(_, r)| r.is_data())
            }
            LabelRole::Header(_) => false,
        })
    })
}

/// The rows of one table to offer, in order, and its header area.
struct RowPlan {
    kind: TableKind,
    spec: &'static TableSpec,
    /// Indices into `spec.rows` of the rows the table lacks, from the first after the row above the
    /// cursor, wrapping round.
    missing: Vec<usize>,
    /// Indices of the rows the table has.
    present: Vec<usize>,
    /// Whether the cursor is in the header area: column headers come first.
    header_area: bool,
    /// The column headers to offer, in order.
    headers: Vec<&'static str>,
}

impl RowPlan {
    fn new(ctx: TableContext, format: Format, cur: &Cursor, text: &str) -> RowPlan {
        let spec = table_spec(ctx.kind, format);
        let index_of = |key: &str, label: &str| {
            spec.rows
                .iter()
                .position(|r| r.key == key && r.label == label)
        };
        let mut present = Vec::new();
        let mut above: Option<(usize, usize)> = None; // (position, spec index)
        let mut data_above = false;
        let mut block_pos: Option<usize> = None; // Where the last block title above the cursor stands.
        if let Some(t) = ctx.table {
            for row in &t.rows {
                let rs = t.row_spec(row);
                let Some(pos) = row_pos(row) else { continue };
                // The row written on the cursor's line is the one being typed.
                if row.label.is_some_and(|l| cur.on_line(l.range.start)) {
                    continue;
                }
                let idx = spec.row(rs.key).map(|(i, _)| i);
                if let Some(i) = index_of(rs.key, rs.label) {
                    present.push(i);
                }
                if pos < cur.line.start {
                    data_above |= rs.is_data();
                    if matches!(rs.kind, RowKind::Block(_)) && block_pos.is_none_or(|p| pos > p) {
                        block_pos = Some(pos);
                    }
                    if let Some(i) = idx {
                        if above.is_none_or(|(p, _)| pos > p) {
                            above = Some((pos, i));
                        }
                    }
                }
            }
        }
        present.sort_unstable();
        present.dedup();
        let above = above.map(|(_, i)| i);
        let offered = |i: &usize| !spec.rows[*i].label.is_empty() && !present.contains(i);
        let first = above.map_or(0, |a| a + 1);
        let missing: Vec<usize> = (first..spec.rows.len())
            .chain(0..first)
            .filter(offered)
            .collect();
        // The rows the table has come after the missing ones, also from the row after the one above
        // the cursor: on an empty line below `2.重复申请` the next row of the format comes first.
        let present: Vec<usize> = (first..spec.rows.len())
            .chain(0..first)
            .filter(|i| present.contains(i) && !spec.rows[*i].label.is_empty())
            .collect();
        // The block of table 二 the cursor is in: the last block title at or above the row above.
        let block = above.and_then(|a| {
            spec.rows[..=a]
                .iter()
                .rev()
                .find(|r| matches!(r.kind, RowKind::Block(_)))
        });
        let below_block_title =
            above.is_some_and(|a| matches!(spec.rows[a].kind, RowKind::Block(_)));
        // The headers written so far: from the block title (table 二) or the table's start down to
        // the cursor's line, then those before the typed word on its line.
        let on_line = line_headers(text, cur.line, Some(cur.word));
        let region_start = match ctx.kind {
            TableKind::T2 => block_pos,
            TableKind::T3 | TableKind::T4 => ctx.table.map(|t| t.range.start),
        };
        let mut written: Vec<&'static str> = Vec::new();
        if let Some(from) = region_start.filter(|&f| f < cur.line.start) {
            let from = text[..from].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            for line in lines(&text[from..cur.line.start]) {
                written.extend(line_headers(text, line.shifted(from), None));
            }
        }
        written.extend(on_line.iter().copied());
        // The headers still to write follow the last one written, in the order the header reads.
        let list = column_headers(ctx.kind, format, block);
        let next = written
            .iter()
            .rev()
            .find_map(|w| list.iter().position(|h| h == w))
            .map_or(0, |p| p + 1);
        let remaining: Vec<&'static str> = list[next..]
            .iter()
            .copied()
            .filter(|h| !written.contains(h))
            .collect();
        let structural = match ctx.kind {
            TableKind::T2 => below_block_title,
            TableKind::T3 | TableKind::T4 => !data_above,
        };
        let header_area = !on_line.is_empty() || (structural && !remaining.is_empty());
        let headers = remaining
            .iter()
            .copied()
            .chain(list.iter().copied().filter(|h| !remaining.contains(h)))
            .collect();
        RowPlan {
            kind: ctx.kind,
            spec,
            missing,
            present,
            header_area,
            headers,
        }
    }
}

/// The column headers written on `line`, in line order, leaving out the cell that holds `word`.
fn line_headers(text: &str, line: TextRange, word: Option<TextRange>) -> Vec<&'static str> {
    let s = line.slice(text);
    let mut out = Vec::new();
    let mut cell_start = 0;
    let seps = s
        .char_indices()
        .filter(|(_, c)| matches!(c, '|' | '｜' | '\t'))
        .map(|(i, _)| i);
    for end in seps.chain(std::iter::once(s.len())) {
        let (start, cell) = (line.start + cell_start, &s[cell_start..end]);
        cell_start = s[end..].chars().next().map_or(end, |c| end + c.len_utf8());
        if word.is_some_and(|w| start <= w.end && w.start <= start + cell.len()) {
            continue;
        }
        if let Some(m) = labels::exact(&normalize(cell, 0).text) {
            if let LabelRole::Header(h) = m.entry().role {
                out.push(h.label);
            }
        }
    }
    out
}

/// The standard column headers of a table, in the order they stand: for table 二 those of one block
/// (the row-header column's, then the block's columns) or, outside any block, all of the format's.
fn column_headers(
    kind: TableKind,
    format: Format,
    block: Option<&'static RowSpec>,
) -> Vec<&'static str> {
    let of_table = COLUMN_HEADERS
        .iter()
        .filter(|h| h.tables.contains(&kind) && h.format.is_none_or(|f| f == format));
    let mut out: Vec<&'static str> = match (kind, block.map(|b| &b.kind)) {
        (TableKind::T2, Some(RowKind::Block(cols))) => of_table
            .filter(|h| h.format.is_none())
            .map(|h| h.label)
            .chain(cols.iter().map(|c| c.label))
            .collect(),
        (TableKind::T4, _) => {
            // The groups over the columns (行政复议, 行政诉讼, …), then one group's five columns. A bare
            // header word that starts a longer one (其他 of 其他结果) is only a split of it.
            let per_group = T4_COLUMNS.len() / T4_GROUPS.len().max(1);
            let cols: Vec<&'static str> = T4_COLUMNS[..per_group].iter().map(|c| c.label).collect();
            let all: Vec<&'static str> = of_table.map(|h| h.label).collect();
            all.iter()
                .copied()
                .filter(|h| !cols.contains(h) && !all.iter().any(|o| o != h && o.starts_with(h)))
                .chain(cols.iter().copied())
                .collect()
        }
        (TableKind::T3, _) => {
            // In the order the merged header reads line by line: 自然人, 法人或其他组织, then the total
            // column, then the organisations under 法人或其他组织.
            let total = T3_COLUMNS[T3_COLUMNS.len() - 1].label;
            let mut all: Vec<&'static str> =
                of_table.map(|h| h.label).filter(|h| *h != total).collect();
            let at = all
                .iter()
                .position(|h| *h == T3_COLUMNS[1].label)
                .unwrap_or(all.len());
            all.insert(at, total);
            all
        }
        _ => of_table.map(|h| h.label).collect(),
    };
    let mut seen = HashSet::new();
    out.retain(|h| seen.insert(*h));
    out
}

/// The items being gathered, in the order they are added.
struct List<'a> {
    snap: &'a Snapshot<'a>,
    cur: Cursor,
    format: Format,
    /// The typed word, normalised and in lower case; empty when nothing is typed.
    typed: String,
    items: Vec<(u8, CompletionItem)>,
    seen: HashSet<String>,
}

impl<'a> List<'a> {
    fn new(snap: &'a Snapshot<'a>, cur: Cursor, format: Format) -> List<'a> {
        let typed = normalize(cur.word.slice(snap.text), 0).text.to_lowercase();
        List {
            snap,
            cur,
            format,
            typed,
            items: Vec::new(),
            seen: HashSet::new(),
        }
    }

    fn en(&self) -> bool {
        self.snap.lang == Lang::En
    }

    fn lang(&self) -> Lang {
        self.snap.lang
    }

    fn report(&self) -> &Report {
        &self.snap.analysis.report
    }

    /// Adds an item unless one with its label is there or it does not match what was typed.
    fn push(&mut self, item: CompletionItem, keys: &Keys) {
        let Some(tier) = match_tier(&self.typed, keys) else {
            return;
        };
        if self.seen.insert(item.label.clone()) {
            self.items.push((tier, item));
        }
    }

    fn item(
        &self,
        label: String,
        kind: CompletionKind,
        detail: String,
        documentation: Option<String>,
        keys: &Keys,
    ) -> CompletionItem {
        CompletionItem {
            filter_text: std::iter::once(label.as_str())
                .chain(keys.raw.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" "),
            insert_text: label.clone(),
            label,
            kind,
            detail,
            documentation,
            sort_text: String::new(),
            is_snippet: false,
            replace: self.cur.word,
        }
    }

    /// The rows of a plan: the missing ones, or (`present`) those the table has.
    fn rows(&mut self, plan: &RowPlan, present: bool) {
        let indices = if present {
            &plan.present
        } else {
            &plan.missing
        };
        for &i in indices {
            let row = &plan.spec.rows[i];
            let detail = Offer::RowDetail {
                table: plan.kind,
                format: self.format,
                present,
            }
            .render(self.lang());
            let doc = Offer::RowDoc(row).render(self.lang());
            let keys = label_keys(row.label);
            let item = self.item(
                row.label.to_owned(),
                CompletionKind::RowLabel,
                detail,
                Some(doc),
                &keys,
            );
            self.push(item, &keys);
        }
    }

    /// The missing section headings, the next one after the section the cursor is in first.
    fn headings(&mut self) {
        let report = self.report();
        let cur = self.cur;
        let present: Vec<SectionId> = report
            .sections
            .iter()
            .filter(|s| !cur.on_line(s.heading.start))
            .map(|s| s.id)
            .collect();
        let here = section_here(report, &cur).map_or(0, |s| s.id.0);
        let missing: Vec<&'static crate::catalog::SectionSpec> = SECTIONS
            .iter()
            .filter(|s| s.id.0 > here)
            .chain(SECTIONS.iter().filter(|s| s.id.0 <= here))
            .filter(|s| !present.contains(&s.id))
            .collect();
        for spec in missing {
            let heading = spec.heading();
            let detail = Offer::HeadingDetail(spec.id).render(self.lang());
            let doc = Offer::HeadingDoc(spec.id).render(self.lang());
            let keys = label_keys(&heading);
            let item = self.item(heading, CompletionKind::Heading, detail, Some(doc), &keys);
            self.push(item, &keys);
        }
    }

    /// The column headers of a plan.
    fn headers(&mut self, plan: &RowPlan) {
        for &h in &plan.headers {
            let detail = Offer::HeaderDetail {
                table: plan.kind,
                format: self.format,
            }
            .render(self.lang());
            let doc = self.en().then(|| column_gloss(plan.kind, h)).flatten();
            let keys = label_keys(h);
            let item = self.item(
                h.to_owned(),
                CompletionKind::ColumnHeader,
                detail,
                doc,
                &keys,
            );
            self.push(item, &keys);
        }
    }

    /// The snippet of an empty table of `kind`, where a multi-line text may go.
    fn snippet(&mut self, kind: TableKind) {
        if !self.cur.snippet_ok {
            return;
        }
        let section = SectionId(kind.section()).spec();
        let layout = detect_layout(self.snap.text, self.report());
        let format = self.format;
        let label = Offer::SnippetLabel {
            table: kind,
            format,
        }
        .render(self.lang());
        let detail = Offer::SnippetDetail {
            table: kind,
            format,
            layout: layout.offered(),
        }
        .render(self.lang());
        let lines = snippet::line_count(kind, format);
        let doc = Offer::SnippetDoc {
            table: kind,
            format,
            lines,
        }
        .render(self.lang());
        let n = kind.section();
        let head = format!("表{}", section.numeral);
        let keys = label_keys(&label).with(
            &label,
            [
                format!("biao{n}"),
                format!("b{n}"),
                pinyin::full(&head),
                pinyin::initials(&head),
                format!("table{n}"),
                pinyin::initials(section.title),
            ],
        );
        let mut item = self.item(
            label,
            CompletionKind::TableSnippet,
            detail,
            Some(doc),
            &keys,
        );
        item.insert_text = table_snippet(kind, self.format, layout);
        item.is_snippet = true;
        self.push(item, &keys);
    }

    /// The items, best match first and then in the order they were added, with `sort_text` to
    /// match.
    fn finish(mut self) -> Vec<CompletionItem> {
        self.items.sort_by_key(|(tier, _)| *tier);
        self.items
            .into_iter()
            .enumerate()
            .map(|(i, (_, mut item))| {
                item.sort_text = format!("{i:04}");
                item
            })
            .collect()
    }
}

/// The English gloss of a column header, when the catalog has one for the table.
fn column_gloss(kind: TableKind, header: &str) -> Option<String> {
    Format::ALL
        .iter()
        .flat_map(|&f| table_spec(kind, f).rows.iter())
        .flat_map(|r| r.columns().iter())
        .find(|c| c.label == header)
        .map(|c| c.en.to_owned())
        .or_else(|| {
            T4_GROUPS
                .iter()
                .find(|g| g.1 == header)
                .map(|g| g.2.to_owned())
        })
}

/// What an item is matched on besides its label (`raw`, shown in `filter_text`): its body without
/// numbering, the pinyin initials of the body and of the whole label, the body's syllables, and the
/// normalised label (half-width brackets, as users often type them). `norm` holds the label and the
/// keys normalised and in lower case, as typed text is compared with them.
#[derive(Debug, Clone)]
struct Keys {
    raw: Vec<String>,
    norm: Vec<String>,
}

impl Keys {
    fn new(label: &str, mut raw: Vec<String>) -> Keys {
        let mut seen = HashSet::new();
        raw.retain(|k| !k.is_empty() && k != label && seen.insert(k.clone()));
        let norm = std::iter::once(label)
            .chain(raw.iter().map(String::as_str))
            .map(|k| normalize(k, 0).text.to_lowercase())
            .collect();
        Keys { raw, norm }
    }

    fn with(&self, label: &str, extra: impl IntoIterator<Item = String>) -> Keys {
        Keys::new(label, self.raw.iter().cloned().chain(extra).collect())
    }
}

/// The keys of a label: those of the catalog's texts are computed once, others when asked.
fn label_keys(label: &str) -> Arc<Keys> {
    catalog_keys()
        .get(label)
        .cloned()
        .unwrap_or_else(|| Arc::new(keys_of(label)))
}

/// The keys of every row label, section heading and column header of the catalog.
fn catalog_keys() -> &'static HashMap<String, Arc<Keys>> {
    static KEYS: OnceLock<HashMap<String, Arc<Keys>>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let rows = TableKind::ALL
            .into_iter()
            .flat_map(|kind| Format::ALL.map(|format| table_spec(kind, format)))
            .flat_map(|spec| spec.rows.iter().map(|row| row.label.to_owned()));
        let headings = SECTIONS.iter().map(|spec| spec.heading());
        let headers = COLUMN_HEADERS.iter().map(|h| h.label.to_owned());
        rows.chain(headings)
            .chain(headers)
            .filter(|label| !label.is_empty())
            .map(|label| {
                let keys = Arc::new(keys_of(&label));
                (label, keys)
            })
            .collect()
    })
}

/// The keys a label is found by: its body and whole text, their pinyin initials and full pinyin.
fn keys_of(label: &str) -> Keys {
    let norm = normalize(label, 0);
    let (_, at) = split_numbering(&norm.text);
    let body = norm.source.get(at).map_or("", |&(s, _)| &label[s..]);
    let raw = vec![
        pinyin::initials(body),
        body.to_owned(),
        pinyin::initials(label),
        pinyin::full(body),
        norm.text.clone(),
    ];
    Keys::new(label, raw)
}

/// How well `typed` (normalised, lower case) matches an item: 0 when its label or a key starts with
/// it, 1 when one contains it, 2 when one contains its characters in order; `None` when none does.
fn match_tier(typed: &str, keys: &Keys) -> Option<u8> {
    if typed.is_empty() {
        return Some(0);
    }
    if keys.norm.iter().any(|k| k.starts_with(typed)) {
        return Some(0);
    }
    if keys.norm.iter().any(|k| k.contains(typed)) {
        return Some(1);
    }
    let in_order = |k: &String| {
        let mut chars = k.chars();
        typed.chars().all(|t| chars.any(|c| c == t))
    };
    keys.norm.iter().any(in_order).then_some(2)
}
