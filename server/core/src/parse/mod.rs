//! Text → report model. The text is cut at section headings into parts that are parsed on their own
//! (so that an edit re-parses only its part); the parts are then put together into a [`Report`].

pub mod headings;
pub mod items;
pub mod labels;
pub mod lex;
pub mod meta;
pub mod tables;

use std::sync::Arc;

use crate::catalog::{Format, SectionId, TableKind};
use crate::model::{Report, Section};
use crate::text::TextRange;
use headings::HeadingMatch;
use items::{Item, ItemKind};
use lex::{Token, TokenKind};
use tables::{RawTable, Slot, SlotKind};

/// What parsing needs to know beyond the text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// The report year to assume when the text does not say.
    pub default_year: Option<i32>,
    /// The format to expect when the year is unknown.
    pub default_format: Option<Format>,
}

/// One part of the text: the preamble, or a section from its heading line to the next heading line.
/// Every range in it is relative to the part's start, so that a part moved by an edit elsewhere is
/// reused as it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The length of the part's text in bytes.
    pub len: usize,
    pub heading: Option<HeadingMatch>,
    /// From the end of the heading (or the start of the part) to the end of the part.
    pub body: TextRange,
    pub tables: Vec<RawTable>,
    /// Lines recognised as page chrome.
    pub chrome: Vec<TextRange>,
}

/// A part and where it starts in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct PartAt {
    pub start: usize,
    pub part: Arc<Part>,
}

/// A text cut into parsed parts: what an edit updates incrementally.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    pub parts: Vec<PartAt>,
    /// The length of the text the parts cover.
    pub len: usize,
}

/// One replacement in a text: bytes `start..old_end` of the old text became `start..new_end` of the
/// new one. Several edits are combined with [`Change::then`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl Change {
    /// The change that covers `self` followed by `next` (whose offsets are in the text after `self`).
    pub fn then(self, next: Change) -> Change {
        let lo = self.start.min(next.start);
        let hi_cur = self.new_end.max(next.old_end);
        // Map the high end back to the text before `self`: past `self`, offsets shift by its delta.
        let old_hi = self.old_end + (hi_cur - self.new_end);
        let new_hi = hi_cur + (next.new_end - next.start) - (next.old_end - next.start);
        Change { start: lo, old_end: old_hi, new_end: new_hi }
    }
}

/// Parses a whole text.
pub fn parse(text: &str, opts: &ParseOptions) -> Report {
    assemble(text, &parse_parts(text), opts)
}

/// Cuts a whole text into parsed parts.
pub fn parse_parts(text: &str) -> Parsed {
    Parsed { parts: parse_region(text, 0, text.len()), len: text.len() }
}

/// Updates `old` (the parts of the text before `change`) for `text` (the text after it): only the parts
/// the change touches, and the part before them, are parsed again; the result equals [`parse_parts`].
pub fn reparse(old: &Parsed, text: &str, change: Change) -> Parsed {
    let consistent = change.start <= change.old_end
        && change.old_end <= old.len
        && change.start <= change.new_end
        && old.len - (change.old_end - change.start) + (change.new_end - change.start) == text.len()
        && !old.parts.is_empty();
    if !consistent {
        return parse_parts(text);
    }
    let parts = &old.parts;
    // The part holding the change's start, and the part before it (whose heading line the change cannot
    // touch); through the last part that starts at or before the change's end.
    let first = parts.partition_point(|p| p.start <= change.start).saturating_sub(1).saturating_sub(1);
    let last = parts.partition_point(|p| p.start <= change.old_end).saturating_sub(1).max(first);
    let region_start = parts[first].start;
    let old_region_end = parts.get(last + 1).map_or(old.len, |p| p.start);
    let new_region_end = old_region_end - change.old_end + change.new_end;
    if !text.is_char_boundary(region_start) || !text.is_char_boundary(new_region_end) || new_region_end > text.len() {
        return parse_parts(text);
    }
    let mut out: Vec<PartAt> = parts[..first].to_vec();
    out.extend(parse_region(text, region_start, new_region_end));
    out.extend(parts[last + 1..].iter().map(|p| PartAt {
        start: p.start - change.old_end + change.new_end,
        part: Arc::clone(&p.part),
    }));
    Parsed { parts: out, len: text.len() }
}

/// Parses `text[start..end]` (which starts at a line start and ends at a line start or the end) into
/// parts.
fn parse_region(text: &str, start: usize, end: usize) -> Vec<PartAt> {
    let region = &text[start..end];
    let (tokens, lines) = lex::lex(region);
    // Part boundaries: the start of every line whose first token is a heading.
    // (start, first token, whether it starts with a heading); the region starts with a headless part
    // unless its first line is a heading.
    let mut bounds: Vec<(usize, usize, bool, u32)> = vec![(0, 0, false, 0)];
    let mut prev_line = u32::MAX;
    for (i, tok) in tokens.iter().enumerate() {
        let first_of_line = tok.line != prev_line;
        prev_line = tok.line;
        if first_of_line && tok.kind == TokenKind::Text && headings::match_heading(region, tok.range).is_some() {
            let line_start = lines.get(tok.line as usize).map_or(tok.range.start, |l| l.range.start);
            if line_start == 0 {
                bounds[0] = (0, i, true, tok.line);
            } else {
                bounds.push((line_start, i, true, tok.line));
            }
        }
    }
    let mut out = Vec::with_capacity(bounds.len());
    for (k, &(part_start, tok_from, headed, first_line)) in bounds.iter().enumerate() {
        let (part_end, tok_to, _, _) = bounds.get(k + 1).copied().unwrap_or((region.len(), tokens.len(), false, 0));
        let part_text = &region[part_start..part_end];
        let part_tokens: Vec<Token> = tokens[tok_from..tok_to]
            .iter()
            .map(|t| Token {
                range: TextRange::new(t.range.start - part_start, t.range.end - part_start),
                // Lines are counted from the part's first line, so that a part reads the same wherever it
                // stands.
                line: t.line - first_line,
                ..*t
            })
            .collect();
        let first = lines.partition_point(|l| l.range.start < part_start);
        let chrome: Vec<TextRange> = lines[first..]
            .iter()
            .take_while(|l| l.range.start < part_end)
            .filter(|l| l.chrome)
            .map(|l| TextRange::new(l.range.start - part_start, l.range.end - part_start))
            .collect();
        let part = parse_part(part_text, headed, &part_tokens, chrome);
        out.push(PartAt { start: start + part_start, part: Arc::new(part) });
    }
    out
}

/// Parses one part from its own text and tokens; `headed` says whether its first line is a heading.
fn parse_part(text: &str, headed: bool, tokens: &[Token], chrome: Vec<TextRange>) -> Part {
    let mut heading = None;
    let mut from = 0;
    if headed {
        if let Some(first) = tokens.first() {
            heading = headings::match_heading(text, first.range);
            // A heading followed by text on the same line keeps that token as the section's first text.
            if heading.is_some_and(|h| h.heading.end >= first.range.end) {
                from = 1;
            }
        }
    }
    let body = TextRange::new(heading.map_or(0, |h| h.heading.end), text.len());
    let items = items::classify(text, &tokens[from..]);
    let home = heading.and_then(|h| h.id.spec().table);
    let mut tables = tables::find_tables(text, &items, home);
    if heading.is_some_and(|h| h.id == SectionId(4)) && !tables.iter().any(|t| t.kind == TableKind::T4) {
        tables.extend(headerless_t4(&items));
    }
    Part { len: text.len(), heading, body, tables, chrome }
}

/// Table 四 without its header: the first run of at least five values in section 四.
fn headerless_t4(items: &[Item]) -> Option<RawTable> {
    let start = items.iter().position(|it| matches!(it.kind, ItemKind::Value(TokenKind::Number(_) | TokenKind::Dash)))?;
    let run: Vec<Slot> = items[start..]
        .iter()
        .take_while(|it| it.is_value())
        .filter_map(|it| match it.kind {
            ItemKind::Value(TokenKind::Number(n)) => Some(Slot { range: it.range, kind: SlotKind::Number(n) }),
            ItemKind::Value(TokenKind::Dash) => Some(Slot { range: it.range, kind: SlotKind::Dash }),
            ItemKind::Value(TokenKind::Blank { strong }) => Some(Slot { range: it.range, kind: SlotKind::Blank { strong } }),
            _ => None,
        })
        .collect();
    let filled = run.iter().filter(|s| !matches!(s.kind, SlotKind::Blank { .. })).count();
    if filled < 5 {
        return None;
    }
    let range = run.first()?.range.cover(run.last()?.range);
    let value_lines = items[start..].iter().take_while(|it| it.is_value()).map(|it| it.line).collect();
    Some(RawTable { kind: TableKind::T4, rows: Vec::new(), markers: Vec::new(), values: run, value_lines, range, column_order: None })
}

/// Puts parsed parts together into a report.
pub fn assemble(text: &str, parsed: &Parsed, opts: &ParseOptions) -> Report {
    let sections: Vec<Section> = parsed
        .parts
        .iter()
        .filter_map(|p| {
            let h = p.part.heading?;
            let at = |r: TextRange| r.shifted(p.start);
            Some(Section {
                id: h.id,
                heading: at(h.heading),
                numeral: h.numeral,
                numeral_range: h.numeral_range.map(at),
                title: at(h.title),
                wording: h.wording,
                body: at(p.part.body),
            })
        })
        .collect();
    let chrome: Vec<TextRange> =
        parsed.parts.iter().flat_map(|p| p.part.chrome.iter().map(move |r| r.shifted(p.start))).collect();
    let preamble = parsed
        .parts
        .first()
        .filter(|p| p.part.heading.is_none())
        .map(|p| p.part.body.shifted(p.start))
        .unwrap_or_default();
    let mut year_parts = vec![preamble];
    if let Some(s) = sections.iter().find(|s| s.id == SectionId(1)) {
        year_parts.push(s.body);
    }
    let year = meta::detect_year(text, &year_parts).or_else(|| {
        opts.default_year.map(|value| crate::model::Year {
            value,
            range: TextRange::empty(0),
            source: crate::model::YearSource::Narrative,
        })
    });
    let expected = year.and_then(|y| Format::for_year(y.value)).or(opts.default_format);
    let tables: Vec<_> = parsed
        .parts
        .iter()
        .flat_map(|p| {
            let part_text = text.get(p.start..p.start + p.part.len).unwrap_or("");
            p.part.tables.iter().map(move |raw| {
                let mut t = tables::resolve(part_text, raw, expected);
                t.shift(p.start);
                t
            })
        })
        .collect();
    let title = meta::detect_title(text, preamble, &chrome);
    let agency = meta::detect_agency(text, title, preamble);
    let shown = |k: TableKind| tables.iter().find(|t| t.kind == k && t.format_shown).map(|t| t.format);
    let format = shown(TableKind::T3).or_else(|| shown(TableKind::T2)).or(if tables.is_empty() { None } else { expected });
    let mut ids: Vec<u8> = sections.iter().map(|s| s.id.0).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut kinds: Vec<TableKind> = tables.iter().map(|t| t.kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let named = title.is_some() || {
        let p = preamble.slice(text);
        p.contains("政府信息公开") && p.contains("年度报告")
    };
    let score = ids.len() + 2 * kinds.len() + if named { 2 } else { 0 };
    Report { is_report: score >= 3, title, agency, year, format, sections, tables, chrome }
}
