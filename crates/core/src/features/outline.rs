//! The outline (sections and tables as document symbols) and folding ranges of sections and tables.

use super::Snapshot;
use crate::messages::{Lang, Offer};
use crate::model::{Section, Table};
use crate::text::TextRange;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Section,
    Table,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole section or table.
    pub range: TextRange,
    /// What is selected when the symbol is chosen: the heading, or the table's first label.
    pub selection: TextRange,
    pub children: Vec<Symbol>,
}

/// The range of a section: from its heading to the end of its body.
fn section_range(s: &Section) -> TextRange {
    s.heading.cover(s.body)
}

/// What is selected for a table: its first row label, else the first line of the table.
fn table_selection(text: &str, t: &Table) -> TextRange {
    let first_label = t
        .rows
        .iter()
        .filter_map(|r| r.label)
        .map(|l| l.range)
        .min_by_key(|r| r.start);
    if let Some(r) = first_label.filter(|r| t.range.start <= r.start && r.end <= t.range.end) {
        return r;
    }
    let line_end = t
        .range
        .slice(text)
        .find(['\n', '\r'])
        .map_or(t.range.end, |i| t.range.start + i);
    TextRange::new(t.range.start, line_end)
}

fn table_symbol(text: &str, t: &Table, lang: Lang) -> Symbol {
    Symbol {
        name: Offer::OutlineTable(t.kind).render(lang),
        detail: Some(Offer::OutlineFormat(t.format).render(lang)),
        kind: SymbolKind::Table,
        range: t.range,
        selection: table_selection(text, t),
        children: Vec::new(),
    }
}

/// The sections in document order, each with the tables inside it; tables outside every section are
/// top-level symbols.
pub fn symbols(snap: &Snapshot) -> Vec<Symbol> {
    let report = &snap.analysis.report;
    if !report.is_report {
        return Vec::new();
    }
    let text = snap.text;
    let mut out: Vec<Symbol> = Vec::new();
    let mut placed = vec![false; report.tables.len()];
    for s in &report.sections {
        let range = section_range(s);
        let written = s.heading.slice(text).to_owned();
        let canonical = s.id.spec().heading();
        let mut children = Vec::new();
        for (i, t) in report.tables.iter().enumerate() {
            if !placed[i] && range.start <= t.range.start && t.range.end <= range.end {
                placed[i] = true;
                children.push(table_symbol(text, t, snap.lang));
            }
        }
        out.push(Symbol {
            detail: (written != canonical).then_some(canonical),
            name: written,
            kind: SymbolKind::Section,
            range,
            selection: s.heading,
            children,
        });
    }
    for (i, t) in report.tables.iter().enumerate() {
        if !placed[i] {
            out.push(table_symbol(text, t, snap.lang));
        }
    }
    out.sort_by_key(|s| s.range.start);
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldKind {
    Section,
    Table,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fold {
    pub range: TextRange,
    pub kind: FoldKind,
}

/// The end of the last line of `range` that holds more than blanks and is not part of a web page's
/// footer pasted with the report: the footer starts at the first chrome line after which no line
/// ends a sentence (the parser does not recognise every footer line as chrome, e.g. `地址:…邮编:…`).
fn last_non_empty_end(text: &str, range: TextRange, chrome: &[TextRange]) -> usize {
    let is_chrome = |l: TextRange| {
        chrome
            .iter()
            .any(|c| c.start <= l.start && l.start < c.end.max(c.start + 1))
    };
    let lines: Vec<(TextRange, &str, bool)> = crate::parse::lex::lines(range.slice(text))
        .map(|l| l.shifted(range.start))
        .map(|l| {
            (
                l,
                l.slice(text).trim_matches(crate::text::is_blank_char),
                is_chrome(l),
            )
        })
        .filter(|(_, t, _)| !t.is_empty())
        .collect();
    let sentence = |t: &str| t.ends_with(['。', '；', ';', '.']);
    let footer = (0..lines.len())
        .find(|&i| lines[i].2 && !lines[i..].iter().any(|(_, t, c)| !c && sentence(t)))
        .unwrap_or(lines.len());
    lines[..footer]
        .iter()
        .rev()
        .find(|(_, _, c)| !c)
        .map_or(range.start, |(l, _, _)| {
            l.start
                + l.slice(text)
                    .trim_end_matches(crate::text::is_blank_char)
                    .len()
        })
}

fn spans_lines(text: &str, range: TextRange) -> bool {
    range.slice(text).contains(['\n', '\r'])
}

/// One fold per section (from its heading to its last line of text) and one per table; folds of a
/// single line are left out.
pub fn folding_ranges(snap: &Snapshot) -> Vec<Fold> {
    let report = &snap.analysis.report;
    if !report.is_report {
        return Vec::new();
    }
    let text = snap.text;
    let mut out = Vec::new();
    for s in &report.sections {
        let range = TextRange::new(
            s.heading.start,
            last_non_empty_end(text, section_range(s), &report.chrome).max(s.heading.end),
        );
        if spans_lines(text, range) {
            out.push(Fold {
                range,
                kind: FoldKind::Section,
            });
        }
    }
    for t in &report.tables {
        if spans_lines(text, t.range) {
            out.push(Fold {
                range: t.range,
                kind: FoldKind::Table,
            });
        }
    }
    out.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    out
}
