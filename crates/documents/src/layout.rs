//! The canonical layout: blocks written as text the core reads, one paragraph or table row per
//! line, a row's cells each followed by ` |` (`规章 | 0 | | 3 |`), a blank line after each table.

use nianbao_core::text::is_blank_char;

use crate::blocks::{Block, CellText, Place};

/// Writes the blocks and says where each piece of the text comes from (start offsets, ascending).
pub(crate) fn write(blocks: &[Block]) -> (String, Vec<(usize, Place)>) {
    let mut text = String::new();
    let mut places = Vec::new();
    for block in blocks {
        match block {
            Block::Para { text: para, place } => {
                let para = para.trim_matches(is_blank_char);
                if para.is_empty() {
                    continue;
                }
                places.push((text.len(), *place));
                for line in para.lines() {
                    let line = line.trim_matches(is_blank_char);
                    if !line.is_empty() {
                        text.push_str(line);
                        text.push('\n');
                    }
                }
            }
            Block::Table { rows } => {
                let mut wrote = false;
                for row in rows {
                    wrote |= write_row(&mut text, &mut places, row);
                }
                if wrote {
                    text.push('\n');
                }
            }
        }
    }
    (text, places)
}

/// Writes one row; a row with no text at all is left out. Leading blank cells before a label or
/// header (the placeholders some pages put under a merged header or beside a merged label) are left
/// out too, so that the row starts with its first text; a row that starts with its values keeps its
/// blank cells.
fn write_row(text: &mut String, places: &mut Vec<(usize, Place)>, row: &[CellText]) -> bool {
    let cells: Vec<(String, Place)> = row.iter().map(|c| (one_line(&c.text), c.place)).collect();
    let Some(first_text) = cells.iter().position(|(t, _)| !t.is_empty()) else {
        return false;
    };
    let first = if is_value(&cells[first_text].0) {
        0
    } else {
        first_text
    };
    for (i, (cell, place)) in cells[first..].iter().enumerate() {
        // A blank cell is the space between its bars, so its place starts right after the bar
        // before it.
        if cell.is_empty() {
            places.push((text.len(), *place));
        }
        if i > 0 {
            text.push(' ');
        }
        if !cell.is_empty() {
            places.push((text.len(), *place));
        }
        text.push_str(cell);
        text.push_str(" |");
    }
    text.push('\n');
    true
}

/// A cell's text on one line: its lines joined (without a space between Chinese characters, as a
/// label wrapped in a narrow cell reads), runs of spaces made one, and no `|` left to be taken for
/// a separator.
fn one_line(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    for line in cell
        .lines()
        .map(|l| l.trim_matches(is_blank_char))
        .filter(|l| !l.is_empty())
    {
        let joins_tight = match (out.chars().last(), line.chars().next()) {
            (Some(a), Some(b)) => is_cjk(a) || is_cjk(b),
            _ => true,
        };
        if !out.is_empty() && !joins_tight {
            out.push(' ');
        }
        let mut space = false;
        for c in line.chars() {
            if is_blank_char(c) {
                space = true;
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            out.push(if c == '|' { '｜' } else { c });
        }
    }
    out
}

/// Whether a cell holds a value rather than a label: a number, or a sign a blank value is written
/// with.
fn is_value(cell: &str) -> bool {
    cell.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '/' | '—' | '无' | ' '))
}

/// Chinese characters and full-width punctuation, which are written without spaces between them.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, column: u32) -> CellText {
        CellText {
            text: text.to_owned(),
            place: Place::Cell {
                table: 1,
                row: 1,
                column,
            },
        }
    }

    #[test]
    fn a_row_is_its_cells_each_followed_by_a_bar() {
        let blocks = vec![
            Block::Para {
                text: "二、主动公开政府信息情况".to_owned(),
                place: Place::Paragraph { index: 4 },
            },
            Block::Table {
                rows: vec![vec![
                    cell("", 1),
                    cell("规章", 2),
                    cell("0", 3),
                    cell(" ", 4),
                    cell("3", 5),
                ]],
            },
        ];
        let (text, places) = write(&blocks);
        assert_eq!(text, "二、主动公开政府信息情况\n规章 | 0 |  | 3 |\n\n");
        assert_eq!(places[0], (0, Place::Paragraph { index: 4 }));
        let blank = text.find("|  |").expect("the blank cell") + 1;
        assert_eq!(
            places.iter().find(|(s, _)| *s == blank).map(|p| p.1),
            Some(Place::Cell {
                table: 1,
                row: 1,
                column: 4
            })
        );
    }

    #[test]
    fn a_wrapped_label_is_joined_without_a_space_between_chinese_characters() {
        assert_eq!(one_line("本年新\n制作数量"), "本年新制作数量");
        assert_eq!(one_line(" 1 \n 2 "), "1 2");
        assert_eq!(one_line("a|b"), "a｜b");
        assert_eq!(one_line("\u{a0}"), "");
    }
}
