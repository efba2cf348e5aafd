//! Text → report model. The text is cut at section headings into parts that are parsed on their own
//! (so that an edit re-parses only its part); the parts are then put together into a [`Report`].

pub mod headings;
pub mod items;
pub mod labels;
pub mod lex;
pub mod meta;
pub mod tables;

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
}

/// One part of the text: the preamble, or a section from its heading to the next heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub heading: Option<HeadingMatch>,
    /// From the end of the heading (or the start of the text) to the next heading.
    pub body: TextRange,
    pub tables: Vec<RawTable>,
}

/// Parses a whole text.
pub fn parse(text: &str, opts: &ParseOptions) -> Report {
    let (tokens, lines) = lex::lex(text);
    let chrome: Vec<TextRange> = lines.iter().filter(|l| l.chrome).map(|l| l.range).collect();
    let parts = split_parts(text, &tokens);
    assemble(text, &parts, chrome, opts)
}

/// Finds the headings among the first tokens of the lines, and parses each part between them.
pub fn split_parts(text: &str, tokens: &[Token]) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut start_tok = 0;
    let mut heading: Option<HeadingMatch> = None;
    let mut body_start = 0;
    let mut prev_line = u32::MAX;
    for (i, tok) in tokens.iter().enumerate() {
        let first_of_line = tok.line != prev_line;
        prev_line = tok.line;
        if !first_of_line || tok.kind != TokenKind::Text {
            continue;
        }
        let Some(h) = headings::match_heading(text, tok.range) else { continue };
        parts.push(parse_part(text, heading, TextRange::new(body_start, h.heading.start.max(body_start)), &tokens[start_tok..i]));
        heading = Some(h);
        body_start = h.heading.end;
        // A heading followed by text on the same line keeps that token as the section's first text.
        start_tok = if h.heading.end >= tok.range.end { i + 1 } else { i };
    }
    parts.push(parse_part(text, heading, TextRange::new(body_start, text.len().max(body_start)), &tokens[start_tok..]));
    parts
}

/// Parses the tokens of one part.
pub fn parse_part(text: &str, heading: Option<HeadingMatch>, body: TextRange, tokens: &[Token]) -> Part {
    let items = items::classify(text, tokens);
    let home = heading.and_then(|h| h.id.spec().table);
    let mut tables = tables::find_tables(text, &items, home);
    if heading.is_some_and(|h| h.id == SectionId(4)) && !tables.iter().any(|t| t.kind == TableKind::T4) {
        tables.extend(headerless_t4(&items));
    }
    Part { heading, body, tables }
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
    Some(RawTable { kind: TableKind::T4, rows: Vec::new(), markers: Vec::new(), values: run, range, column_order: None })
}

/// Puts parsed parts together into a report.
pub fn assemble(text: &str, parts: &[Part], chrome: Vec<TextRange>, opts: &ParseOptions) -> Report {
    let sections: Vec<Section> = parts
        .iter()
        .filter_map(|p| {
            let h = p.heading?;
            Some(Section {
                id: h.id,
                heading: h.heading,
                numeral: h.numeral,
                numeral_range: h.numeral_range,
                title: h.title,
                wording: h.wording,
                body: p.body,
            })
        })
        .collect();
    let preamble = parts.first().map(|p| p.body).unwrap_or_default();
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
    let year = year.filter(|y| !(y.range.is_empty() && opts.default_year.is_none()));
    let expected = year.and_then(|y| Format::for_year(y.value));
    let tables: Vec<_> = parts.iter().flat_map(|p| p.tables.iter()).map(|raw| tables::resolve(text, raw, expected)).collect();
    let title = meta::detect_title(text, preamble, &chrome);
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
    Report { is_report: score >= 3, title, year, format, sections, tables, chrome }
}
