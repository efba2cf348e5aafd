//! Where the cursor is: its line, the text typed of the item being completed, and the table or
//! section around it.

use crate::catalog::TableKind;
use crate::model::{Report, Row, Section, Table};
use crate::text::{is_blank_char, TextRange};

/// The cursor's line and what was typed on it.
#[derive(Debug, Clone, Copy)]
pub struct Cursor {
    /// The cursor's line, without its line break.
    pub line: TextRange,
    /// What the user typed of the item: from the start of the typed word (after leading blanks and
    /// Markdown marks, or after the last `|` or tab) to the cursor.
    pub word: TextRange,
    /// Whether a multi-line snippet may go here: only blanks before the word and after the cursor.
    pub snippet_ok: bool,
    /// The last line before the cursor's line that is not blank.
    pub prev_line: Option<TextRange>,
}

fn is_blank(s: &str) -> bool {
    s.chars().all(is_blank_char)
}

impl Cursor {
    /// The cursor at `offset`, clamped to the text and moved back to a char boundary.
    pub fn at(text: &str, offset: usize) -> Cursor {
        let offset = crate::text::floor_char_boundary(text, offset);
        let start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let end = text[offset..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| offset + i);
        let line = TextRange::new(start, end);
        let before = &text[start..offset];
        // The typed word starts after the last cell separator, then after blanks and Markdown
        // marks.
        let after_sep = |i: usize| start + i + before[i..].chars().next().map_or(1, char::len_utf8);
        let mut word_start = before.rfind(['|', '｜', '\t']).map_or(start, after_sep);
        let skip = text[word_start..offset]
            .char_indices()
            .find(|&(_, c)| !(is_blank_char(c) || matches!(c, '#' | '>' | '*')))
            .map_or(offset - word_start, |(i, _)| i);
        word_start += skip;
        // Pinyin letters typed after other text on the line (`行政许可 xk`) are the word by themselves.
        let typed = &text[word_start..offset];
        if let Some(i) = typed.rfind(is_blank_char) {
            let last = typed[i..].trim_start_matches(is_blank_char);
            if !last.is_empty() && last.chars().all(|c| c.is_ascii_alphabetic()) {
                word_start = offset - last.len();
            }
        }
        let snippet_ok = is_blank(&text[start..word_start]) && is_blank(&text[offset..end]);
        Cursor {
            line,
            word: TextRange::new(word_start, offset),
            snippet_ok,
            prev_line: prev_nonblank_line(text, start),
        }
    }

    /// Whether `pos` lies on the cursor's line.
    pub fn on_line(&self, pos: usize) -> bool {
        self.line.touches(pos)
    }
}

/// The last line that ends before `line_start` and holds more than blanks.
fn prev_nonblank_line(text: &str, line_start: usize) -> Option<TextRange> {
    let mut end = line_start;
    loop {
        if end == 0 {
            return None;
        }
        // Step over the line break that ends the previous line (`\n`, `\r\n` or `\r`).
        let mut e = end - 1;
        if text.as_bytes()[e] == b'\n' && e > 0 && text.as_bytes()[e - 1] == b'\r' {
            e -= 1;
        }
        let s = text[..e].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        if !is_blank(&text[s..e]) {
            return Some(TextRange::new(s, e));
        }
        end = s;
    }
}

/// Where a row stands: its label, else its first cell.
pub fn row_pos(row: &Row) -> Option<usize> {
    row.label
        .map(|l| l.range.start)
        .or_else(|| row.cells.first().map(|c| c.range.start))
}

/// How the cursor relates to the table it completes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Between the table's rows: the table goes on after the cursor's line.
    Inside,
    /// On a line right after the table's last row (only blank lines between).
    After,
    /// Elsewhere in the section that owns the table: the table is missing, or the cursor is in the
    /// section's narrative before (`before_table`) or after it.
    Section { before_table: bool },
}

/// The table the cursor completes, if any.
#[derive(Debug, Clone, Copy)]
pub struct TableContext<'a> {
    pub kind: TableKind,
    pub table: Option<&'a Table>,
    pub place: Place,
}

/// The section the cursor is in: the last heading that starts before the cursor's line.
pub fn section_here<'a>(report: &'a Report, cur: &Cursor) -> Option<&'a Section> {
    report
        .sections
        .iter()
        .filter(|s| s.heading.start < cur.line.start)
        .max_by_key(|s| s.heading.start)
}

/// The table around the cursor: one that started before the typed word and covers the cursor's line
/// or the last non-blank line before it; else the table of the section the cursor is in.
pub fn table_context<'a>(report: &'a Report, cur: &Cursor) -> Option<TableContext<'a>> {
    let near = report
        .tables
        .iter()
        // A table the typed word itself starts is no context: the word is what is being completed.
        .filter(|t| t.range.start < cur.word.start)
        .filter(|t| {
            t.range.end > cur.line.start
                || cur
                    .prev_line
                    .is_some_and(|p| t.range.start < p.end && p.start < t.range.end)
        })
        .max_by_key(|t| t.range.start);
    if let Some(t) = near {
        // A section heading between the table and the cursor ends the table's reach.
        let heading_between = report
            .sections
            .iter()
            .any(|s| s.heading.start >= t.range.end && s.heading.start < cur.line.start);
        if !heading_between {
            let place = if t.range.end > cur.line.end {
                Place::Inside
            } else {
                Place::After
            };
            return Some(TableContext {
                kind: t.kind,
                table: Some(t),
                place,
            });
        }
    }
    let section = section_here(report, cur)?;
    let kind = section.id.spec().table?;
    // The section's own table; else, in a text of one report, that table wherever it stands (in a 汇
    // 总, whose sections repeat, another report's table is none of this section's business).
    let own = report.tables.iter().find(|t| {
        t.kind == kind && section.body.start <= t.range.start && t.range.start <= section.body.end
    });
    let one_report = report
        .sections
        .iter()
        .filter(|s| s.id == section.id)
        .count()
        <= 1;
    let table = own.or_else(|| if one_report { report.table(kind) } else { None });
    let before_table =
        table.is_some_and(|t| t.range.start >= cur.line.end && t.range.start <= section.body.end);
    Some(TableContext {
        kind,
        table,
        place: Place::Section { before_table },
    })
}
