//! A report flattened onto one line (a scraper's whole page: headings mid-line, table rows run on
//! one after the other), with its line breaks put back before the section headings, the tables'
//! headers and row labels and the sub-headings of sections 一 and 六, so that the core reads it as
//! the report it was: `（一）予以公开 4 1 0 0 0 0 5` on a line of its own is a PDF-like row.
//!
//! Only `\n` is inserted, so an offset in the new text maps back to the original by subtracting the
//! breaks inserted before it. Every text searched for comes from the catalog, matched after the
//! core's normalisation (NFKC, one bracket width, no spaces); one Aho-Corasick pass over each long
//! line finds them all, so the work is linear in the text's length.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use nianbao_core::catalog::{chinese_number, TableKind, SECTIONS};
use nianbao_core::parse::headings::match_heading;
use nianbao_core::parse::labels::{entries, LabelRole};
use nianbao_core::parse::lex::{classify_cell, TokenKind};
use nianbao_core::text::{is_blank_char, normalize, TextRange};

/// A line longer than this (in chars) may be a flattened report.
const LONG_LINE_CHARS: usize = 300;

/// How many numbered section headings, in order, a long line must hold to be a flattened report.
const MIN_HEADINGS: usize = 3;

/// A flattened text with line breaks put back before its headings, table headers and row labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unflattened {
    pub text: String,
    /// Byte offsets in `text` of the inserted `b'\n'`, ascending.
    pub inserted: Vec<usize>,
}

impl Unflattened {
    /// The offset in the original text of `offset` in [`Unflattened::text`] (an inserted break maps
    /// to where it was inserted).
    pub fn to_original(&self, offset: usize) -> usize {
        to_original(&self.inserted, offset)
    }
}

/// The offset in the original text of `offset` in a text with line breaks inserted at `inserted`.
pub fn to_original(inserted: &[usize], offset: usize) -> usize {
    offset - inserted.partition_point(|&p| p < offset)
}

/// What a text searched for is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A section heading `一、总体情况` (canonical or official wording), by section number.
    Heading(u8),
    /// A section numeral with its `、`, not followed by a known wording: the core's heading matcher
    /// judges what follows (a misspelt heading).
    Numeral,
    /// A row label or column header of the tables in `tables` (bit `n` for the table of section
    /// `n`); `header` when the text is only ever a column header.
    Cell { tables: u8, header: bool },
    /// A sub-heading `（一）` … `（七）` of sections 一 and 六.
    Sub,
}

struct Matcher {
    ac: AhoCorasick,
    kinds: Vec<Kind>,
}

fn table_bit(t: TableKind) -> u8 {
    1 << t.section()
}

/// The normalised texts searched for, with what each is; built once from the catalog.
fn matcher() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| {
        let mut patterns: Vec<String> = Vec::new();
        let mut kinds: Vec<Kind> = Vec::new();
        let mut add = |text: String, kind: Kind| {
            if text.is_empty() {
                return;
            }
            match patterns.iter().position(|p| *p == text) {
                // A label of several tables, or both a row label and a header: a cell of either.
                Some(i) => {
                    if let (
                        Kind::Cell {
                            tables: a,
                            header: h,
                        },
                        Kind::Cell {
                            tables: b,
                            header: g,
                        },
                    ) = (&mut kinds[i], kind)
                    {
                        *a |= b;
                        *h &= g;
                    }
                }
                None => {
                    patterns.push(text);
                    kinds.push(kind);
                }
            }
        };
        for s in &SECTIONS {
            for title in std::iter::once(s.title).chain(s.official_variants.iter().copied()) {
                add(
                    normalize(&format!("{}、{title}", s.numeral), 0).text,
                    Kind::Heading(s.id.0),
                );
            }
            // The numeral and its 、 as normalised (a trailing 、 alone would be dropped as
            // punctuation).
            let heading = normalize(&s.heading(), 0).text;
            let numeral: String = heading
                .chars()
                .take(s.numeral.chars().count() + 1)
                .collect();
            add(numeral, Kind::Numeral);
        }
        for e in entries() {
            let (tables, header) = match e.role {
                LabelRole::Row { table, .. } => (table_bit(table), false),
                LabelRole::Header(h) => (h.tables.iter().fold(0, |m, &t| m | table_bit(t)), true),
            };
            add(e.full.clone(), Kind::Cell { tables, header });
        }
        for n in 1..=7 {
            add(
                normalize(&format!("（{}）", chinese_number(n)), 0).text,
                Kind::Sub,
            );
        }
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("the catalog's texts make a valid automaton");
        Matcher { ac, kinds }
    })
}

/// Whether `c` separates cells: a blank or a `|`.
fn is_separator(c: char) -> bool {
    is_blank_char(c) || c == '|' || c == '｜'
}

/// Marks around a label that normalisation drops or that mark up a line (quotes, Markdown).
fn is_mark(c: char) -> bool {
    matches!(
        c,
        '“' | '”'
            | '‘'
            | '’'
            | '"'
            | '\''
            | '「'
            | '」'
            | '『'
            | '』'
            | '〝'
            | '〞'
            | '＂'
            | '＇'
            | '„'
            | '‟'
            | '«'
            | '»'
            | '*'
            | '`'
            | '#'
    )
}

/// Whether `c` may follow a row label or header in a row: a separator, a value, or nothing.
fn may_follow_cell(c: Option<char>) -> bool {
    c.is_none_or(|c| {
        is_separator(c)
            || c.is_ascii_digit()
            || ('０'..='９').contains(&c)
            || matches!(c, '-' | '/' | '—' | '－' | '／')
    })
}

/// Whether `c` (the character before a heading or sub-heading) ends a sentence or a cell.
fn is_boundary(c: Option<char>) -> bool {
    c.is_none_or(|c| is_separator(c) || matches!(c, '。' | '；' | ';' | '！' | '!' | '？' | '?'))
}

/// Where the reading of a table stands, between two catalog texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    /// Not in a table row.
    Out,
    /// After a row label (or a text taken for a mistyped one); `values` once a value followed it.
    Label { values: bool },
    /// After a column header.
    Header,
}

/// The breaks found so far, ascending and without repeats.
struct Breaks(Vec<usize>);

impl Breaks {
    /// A break before `at`, unless `at` starts a line (or the text) already.
    fn before(&mut self, text: &str, at: usize) {
        let starts_line = at == 0 || text.as_bytes().get(at - 1) == Some(&b'\n');
        if !starts_line && self.0.last().is_none_or(|&last| last < at) {
            self.0.push(at);
        }
    }
}

/// Reads the cells of `text[from..to]` (no catalog text in it) in a table: a value after a header
/// starts the header's data row, and a text after a row's values is a row label the catalog does
/// not know as written (`政处罚`) or the narrative after the table; each gets a line of its own.
fn scan_cells(text: &str, from: usize, to: usize, row: &mut Row, breaks: &mut Breaks) {
    if *row == Row::Out || from >= to {
        return;
    }
    let Some(region) = text.get(from..to) else {
        return;
    };
    let mut at = 0;
    for cell in region.split(is_separator) {
        let start = from + at;
        at += cell.len()
            + region[at + cell.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        if cell.is_empty() {
            continue;
        }
        let value = !matches!(classify_cell(cell), TokenKind::Text);
        *row = match (*row, value) {
            (Row::Label { .. }, true) => Row::Label { values: true },
            (Row::Label { values: true }, false) | (Row::Header, false) => {
                breaks.before(text, start);
                Row::Label { values: false }
            }
            (Row::Header, true) => {
                breaks.before(text, start);
                Row::Label { values: true }
            }
            (Row::Label { values: false }, false) | (Row::Out, _) => return *row = Row::Out,
        };
    }
}

/// The first cell of `text` from `at`: up to the next separator, at most 64 chars.
fn first_cell(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or("");
    let end = rest
        .char_indices()
        .take(64)
        .find(|&(_, c)| is_separator(c))
        .map_or_else(
            || rest.char_indices().nth(64).map_or(rest.len(), |(i, _)| i),
            |(i, _)| i,
        );
    at + end
}

/// The lines of `text` longer than `min_len` bytes, with their start offsets and line breaks: the
/// line breaks are found with `memchr`, so a text of short lines costs a SIMD scan.
fn long_lines(text: &str, min_len: usize) -> impl Iterator<Item = (usize, &str)> {
    let ends = memchr::memchr_iter(b'\n', text.as_bytes())
        .map(|i| i + 1)
        .chain(std::iter::once(text.len()));
    let mut start = 0;
    ends.filter_map(move |end| {
        let line = (start, &text[start..end]);
        start = end;
        (line.1.len() > min_len).then_some(line)
    })
}

/// Whether a line holds the numerals of sections 二, 三 and 四 (a cheap test before the line is
/// normalised and searched: long narrative lines seldom hold all three).
fn holds_numerals(line: &str) -> bool {
    ["二、", "三、", "四、"]
        .iter()
        .all(|n| memchr::memmem::find(line.as_bytes(), n.as_bytes()).is_some())
}

/// `text` with line breaks put back before its headings, table headers and row labels; `None`
/// unless it holds a line longer than about 300 chars with at least three numbered section headings
/// in order.
pub fn unflatten(text: &str) -> Option<Unflattened> {
    let mut breaks = Breaks(Vec::new());
    let mut headings: Vec<u8> = Vec::new();
    // The section the text is in: the last heading found.
    let mut section = 0u8;
    // The catalog's automaton is built on the first line worth searching, not for every text.
    let mut matcher_built = None;
    for (start, line) in long_lines(text, LONG_LINE_CHARS) {
        if !holds_numerals(line) || line.chars().nth(LONG_LINE_CHARS).is_none() {
            continue;
        }
        let m = *matcher_built.get_or_insert_with(matcher);
        let norm = normalize(line, start);
        let mut row = Row::Out;
        // The end of the last text taken (cells after it are read by `scan_cells`).
        let mut done = start;
        // Matches come in order: the char index of a match's start is counted on from the last
        // one's.
        let mut chars = norm.text.char_indices().enumerate().peekable();
        for found in m.ac.find_iter(&norm.text) {
            let (mut from, mut to) = (None, None);
            while let Some(&(ci, (bi, c))) = chars.peek() {
                if bi == found.start() {
                    from = Some(ci);
                }
                if bi + c.len_utf8() == found.end() {
                    to = Some(ci);
                    break;
                }
                chars.next();
            }
            let (Some(from), Some(to)) = (from, to) else {
                break;
            };
            let (Some(&(at, _)), Some(&(_, end))) = (norm.source.get(from), norm.source.get(to))
            else {
                break;
            };
            if at < done {
                continue;
            }
            // The marks before and after (quotes, Markdown) go with the text.
            let lead = text[..at].trim_end_matches(is_mark).len();
            let before = text[..lead].chars().next_back();
            let after = text[end..].trim_start_matches(is_mark).chars().next();
            let taken = match m.kinds[found.pattern().as_usize()] {
                Kind::Heading(id) if is_boundary(before) => Some((id, end)),
                Kind::Numeral if is_boundary(before) => {
                    match_heading(text, TextRange::new(at, first_cell(text, at)))
                        .filter(|h| h.heading.start == at)
                        .map(|h| (h.id.0, h.heading.end.max(end)))
                }
                Kind::Cell { tables, header } => {
                    if before.is_none_or(is_separator)
                        && may_follow_cell(after)
                        && tables & (1 << section) != 0
                    {
                        scan_cells(text, done, lead, &mut row, &mut breaks);
                        breaks.before(text, lead);
                        row = if header {
                            Row::Header
                        } else {
                            Row::Label { values: false }
                        };
                        done = end;
                    }
                    continue;
                }
                Kind::Sub => {
                    if matches!(section, 1 | 6) && is_boundary(before) {
                        breaks.before(text, lead);
                        row = Row::Out;
                        done = end;
                    }
                    continue;
                }
                Kind::Heading(_) | Kind::Numeral => None,
            };
            if let Some((id, end)) = taken {
                scan_cells(text, done, lead, &mut row, &mut breaks);
                section = id;
                headings.push(id);
                breaks.before(text, lead);
                // What follows a heading on its line is the section's first paragraph.
                let next = text[end..].trim_start_matches(is_blank_char);
                if !next.is_empty() && !next.starts_with('\n') {
                    breaks.before(text, text.len() - next.len());
                }
                row = Row::Out;
                done = end;
            }
        }
        scan_cells(text, done, start + line.len(), &mut row, &mut breaks);
    }
    if longest_increasing(&headings) < MIN_HEADINGS {
        return None;
    }
    let mut out = String::with_capacity(text.len() + breaks.0.len());
    let mut inserted = Vec::with_capacity(breaks.0.len());
    let mut copied = 0;
    for &at in &breaks.0 {
        out.push_str(&text[copied..at]);
        inserted.push(out.len());
        out.push('\n');
        copied = at;
    }
    out.push_str(&text[copied..]);
    Some(Unflattened {
        text: out,
        inserted,
    })
}

/// The length of the longest strictly increasing subsequence of section numbers (1 to 6).
fn longest_increasing(ids: &[u8]) -> usize {
    // best[n]: the longest increasing run found so far that ends with section n.
    let mut best = [0usize; 7];
    for &id in ids {
        let n = usize::from(id.min(6));
        best[n] = best[n].max(best[..n].iter().max().copied().unwrap_or(0) + 1);
    }
    best.iter().copied().max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_core::{analyze, ParseOptions};

    const EXAMPLE: &str = include_str!("../../../examples/example-report-2021.txt");
    const SEEDS: [(&str, &str); 5] = [
        (
            "000",
            include_str!("../../../tests/corpus/seeds/000_e22fc2599b138d8b.txt"),
        ),
        (
            "001",
            include_str!("../../../tests/corpus/seeds/001_de67b3003fa77aa1.txt"),
        ),
        (
            "002",
            include_str!("../../../tests/corpus/seeds/002_763b898b65aef6cb.txt"),
        ),
        (
            "003",
            include_str!("../../../tests/corpus/seeds/003_04358ba433e2261a.txt"),
        ),
        (
            "004",
            include_str!("../../../tests/corpus/seeds/004_d6d84b68e1105486.txt"),
        ),
    ];

    /// Every line joined with one space, as a scraper writes a page.
    fn flatten(text: &str) -> String {
        text.lines()
            .map(str::trim_end)
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Code and data of each diagnostic, sorted; an offset range in `data` (`tableRange`, the cell
    /// a figure is compared with) is given as the text it covers, the same in every layout.
    fn seen(text: &str) -> Vec<(String, serde_json::Value)> {
        let a = analyze(text, &ParseOptions::default());
        let mut out: Vec<_> = a
            .diagnostics
            .iter()
            .map(|d| {
                let mut data = d.data.clone();
                if let Some(r) = data.get_mut("tableRange") {
                    let at = |i: usize| r.get(i).and_then(|o| o.as_u64()).map(|o| o as usize);
                    let cell = at(0)
                        .zip(at(1))
                        .and_then(|(a, b)| text.get(a..b))
                        .unwrap_or_default();
                    *r = cell.into();
                }
                (d.code.as_str().to_owned(), data)
            })
            .collect();
        out.sort_by(|a, b| (&a.0, a.1.to_string()).cmp(&(&b.0, b.1.to_string())));
        out
    }

    #[test]
    fn a_flattened_report_is_read_as_the_original() {
        for (name, text) in std::iter::once(("example", EXAMPLE)).chain(SEEDS) {
            let flat = flatten(text);
            let u = unflatten(&flat).unwrap_or_else(|| panic!("{name}: not unflattened"));
            // Only breaks were inserted, where `inserted` says.
            assert_eq!(u.text.replace('\n', ""), flat.replace('\n', ""), "{name}");
            assert!(
                u.inserted.iter().all(|&p| u.text.as_bytes()[p] == b'\n'),
                "{name}"
            );
            assert_eq!(u.inserted.len(), u.text.len() - flat.len());
            for (i, &p) in u.inserted.iter().enumerate() {
                assert_eq!(u.to_original(p), p - i);
            }
            assert_eq!(seen(&u.text), seen(text), "{name}:\n{}", u.text);
        }
    }

    #[test]
    fn a_text_with_no_long_line_is_left_alone() {
        assert_eq!(unflatten(EXAMPLE), None);
        assert_eq!(unflatten(""), None);
        // A long line without the section headings is narrative.
        assert_eq!(unflatten(&"本机关持续深化政务公开工作。".repeat(100)), None);
    }

    #[test]
    fn a_five_megabyte_flattened_text_is_unflattened() {
        let flat = flatten(EXAMPLE);
        let copies = 5 * 1024 * 1024 / flat.len() + 1;
        let big = vec![flat.as_str(); copies].join(" ");
        let one = unflatten(&flat).expect("one report");
        let u = unflatten(&big).expect("many reports");
        assert_eq!(u.inserted.len(), one.inserted.len() * copies);
        assert_eq!(u.text.len(), big.len() + u.inserted.len());
    }

    #[test]
    fn random_long_lines_only_get_breaks() {
        let pieces = [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "四、",
            "（一）",
            "规章",
            "“",
            "总计",
            " ",
            "|",
            "0",
            "12",
            "。",
            "𠮷",
            "\n",
            "政处罚",
            "六、其他需要报告的事项",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..300 {
            let mut t = String::new();
            while t.chars().count() < 400 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                t.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            if let Some(u) = unflatten(&t) {
                assert_eq!(u.text.replace('\n', ""), t.replace('\n', ""));
                assert!(u.inserted.windows(2).all(|w| w[0] < w[1]));
                assert!(u.inserted.iter().all(|&p| u.text.as_bytes()[p] == b'\n'));
            }
        }
    }

    #[test]
    fn odd_texts_do_not_panic() {
        let long = "一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 𠮷 |"
            .repeat(20);
        for t in [
            "一、总体情况",
            "\n\n",
            "𠮷",
            "|",
            &long,
            &long[..long.len() - 1],
        ] {
            if let Some(u) = unflatten(t) {
                assert_eq!(u.text.replace('\n', ""), t.replace('\n', ""));
            }
        }
    }
}
