//! Formatting: aligns the columns of pipe tables (by display width, CJK counting two) without
//! changing any label or number.
//!
//! A *table line* holds `|` (or `｜`) separators and at least two filled cells, or at least two
//! separators and one filled cell; lines such as `规章 |` (one cell per line) and separator-only
//! filler such as `|||` are left alone, and so is every line without a separator. A block of
//! consecutive table lines is aligned when one of its lines lies in a table the parser found, or
//! when it holds a Markdown rule (`|---|`). Within a block, the n-th separator of every line is
//! moved to the same display column: each cell becomes ` content ` padded to the widest cell of its
//! column, the text before the first separator is padded likewise, and a rule cell becomes a run of
//! dashes (keeping its alignment colons). When the rows of a block start with different numbers of
//! label cells (a group label and a row label on one line, as pasted from a table with merged
//! cells), each row's label cells are kept together so that the values line up, and the header
//! lines are aligned among themselves. Only blanks change, so the result parses to the same cells;
//! formatting twice changes nothing more (a block whose alignment would move again is left alone).

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

use super::Snapshot;
use crate::diagnostic::Edit;
use crate::parse::lex::{classify_cell, lines, TokenKind};
use crate::text::{is_blank_char, TextRange};

/// The display width a rule cell asks for, whatever its length: rules never widen a column.
const RULE_WIDTH: usize = 3;

/// One line cut at its separators.
#[derive(Clone)]
struct Cut<'a> {
    range: TextRange,
    /// The cells' contents without their surrounding blanks; one more than `seps`.
    pieces: Vec<Cow<'a, str>>,
    seps: Vec<&'a str>,
    rule: bool,
}

fn is_sep(c: char) -> bool {
    c == '|' || c == '｜'
}

/// Cuts a line into cells, or `None` when it is not a table line.
fn cut(text: &str, range: TextRange) -> Option<Cut<'_>> {
    let line = range.slice(text);
    let lead = line.trim_start_matches(is_blank_char);
    // Headings, quotes and grid tables (`+---+`) are not touched.
    if lead.starts_with(['#', '>', '+']) || !line.contains(is_sep) {
        return None;
    }
    let mut pieces = Vec::new();
    let mut seps = Vec::new();
    let mut from = 0;
    for (i, c) in line.char_indices() {
        if is_sep(c) {
            pieces.push(Cow::Borrowed(line[from..i].trim_matches(is_blank_char)));
            seps.push(&line[i..i + c.len_utf8()]);
            from = i + c.len_utf8();
        }
    }
    pieces.push(Cow::Borrowed(line[from..].trim_matches(is_blank_char)));
    let filled = pieces.iter().filter(|p| !p.is_empty()).count();
    let rule = filled > 0
        && line.contains("--")
        && pieces
            .iter()
            .all(|p| p.chars().all(|c| c == '-' || c == ':'));
    let table_line = filled >= 2 || (seps.len() >= 2 && filled >= 1);
    (table_line || rule).then_some(Cut {
        range,
        pieces,
        seps,
        rule,
    })
}

/// A rule cell `seg` columns wide that keeps the alignment colons of `content`.
fn rule_cell(content: &str, seg: usize) -> String {
    let left = content.starts_with(':');
    let right = content.len() > 1 && content.ends_with(':');
    let colons = usize::from(left) + usize::from(right);
    let dashes = seg.saturating_sub(colons).max(1);
    format!(
        "{}{}{}",
        if left { ":" } else { "" },
        "-".repeat(dashes),
        if right { ":" } else { "" }
    )
}

/// Whether a cell holds a value (a number or a dash) rather than a label.
fn is_value(piece: &str) -> bool {
    !piece.is_empty() && classify_cell(piece) != TokenKind::Text
}

/// How many label cells a line starts with, when values follow them.
fn label_cells(l: &Cut) -> Option<usize> {
    if l.rule {
        return None;
    }
    let k = l
        .pieces
        .iter()
        .take_while(|p| !p.is_empty() && !is_value(p))
        .count();
    l.pieces[k..].iter().any(|p| is_value(p)).then_some(k)
}

/// The aligned text of every line of a block. When the rows of a block start with different numbers
/// of label cells (a group label and a row label in one line, as 三、本年度办理结果 | （一）予以公开), the label
/// cells of each row are kept together as one cell, so that the values line up; lines without
/// values (headers) are then aligned among themselves.
fn align_block(block: &[Cut]) -> Vec<String> {
    let bare_start = block.iter().all(|l| l.pieces[0].is_empty());
    let mut counts: Vec<usize> = block.iter().filter_map(label_cells).collect();
    counts.sort_unstable();
    counts.dedup();
    if bare_start || counts.len() <= 1 {
        return align(block);
    }
    let merged = |l: &Cut<'_>, k: usize| -> Cut<'static> {
        let mut label = l.pieces[0].to_string();
        for j in 1..k {
            label.push(' ');
            label.push_str(l.seps[j - 1]);
            label.push(' ');
            label.push_str(&l.pieces[j]);
        }
        let mut pieces: Vec<Cow<'static, str>> = vec![Cow::Owned(label)];
        pieces.extend(
            l.pieces[k.max(1)..]
                .iter()
                .map(|p| Cow::Owned(p.to_string())),
        );
        let seps = l.seps[k.max(1) - 1..]
            .iter()
            .map(|s| -> &'static str {
                if *s == "|" {
                    "|"
                } else {
                    "｜"
                }
            })
            .collect();
        Cut {
            range: l.range,
            pieces,
            seps,
            rule: false,
        }
    };
    let data: Vec<(usize, Cut)> = block
        .iter()
        .enumerate()
        .filter_map(|(i, l)| label_cells(l).map(|k| (i, merged(l, k))))
        .collect();
    let other: Vec<(usize, Cut)> = block
        .iter()
        .enumerate()
        .filter(|(_, l)| label_cells(l).is_none())
        .map(|(i, l)| (i, l.clone()))
        .collect();
    let mut out = vec![String::new(); block.len()];
    for group in [data, other] {
        let lines: Vec<Cut> = group.iter().map(|(_, l)| l.clone()).collect();
        for ((i, _), text) in group.iter().zip(align(&lines)) {
            out[*i] = text;
        }
    }
    out
}

/// The aligned text of every line of a block, cell by cell.
fn align(block: &[Cut]) -> Vec<String> {
    let mut out: Vec<String> = vec![String::new(); block.len()];
    let mut cur: Vec<usize> = vec![0; block.len()];
    let columns = block.iter().map(|l| l.pieces.len()).max().unwrap_or(0);
    // Markdown lines start with a separator: nothing is put before it.
    let bare_start = block.iter().all(|l| l.pieces[0].is_empty());
    for i in 0..columns {
        let lead = if i == 0 { "" } else { " " };
        let trail = if i == 0 && bare_start { "" } else { " " };
        let content_width = |l: &Cut| match (l.rule, l.pieces[i].is_empty()) {
            (true, false) => RULE_WIDTH,
            _ => l.pieces[i].width(),
        };
        // The cells followed by a separator end at the same column.
        let target = block
            .iter()
            .enumerate()
            .filter(|(_, l)| i + 1 < l.pieces.len())
            .map(|(k, l)| cur[k] + lead.width() + content_width(l))
            .max()
            .unwrap_or(0);
        for (k, l) in block.iter().enumerate() {
            let content: &str = l.pieces.get(i).map_or("", |p| p);
            if i + 1 < l.pieces.len() {
                let natural = cur[k] + lead.width() + content_width(l);
                if l.rule && !content.is_empty() {
                    out[k].push_str(&rule_cell(content, target + trail.width() - cur[k]));
                } else if l.rule {
                    out[k].push_str(&"-".repeat(target + trail.width() - cur[k]));
                } else {
                    out[k].push_str(lead);
                    out[k].push_str(content);
                    out[k].push_str(&" ".repeat(target - natural));
                    out[k].push_str(trail);
                }
                out[k].push_str(l.seps[i]);
                cur[k] = target + trail.width() + l.seps[i].width();
            } else if i + 1 == l.pieces.len() && !content.is_empty() {
                out[k].push_str(lead);
                out[k].push_str(content);
            }
        }
    }
    out
}

/// Whether aligned lines are aligned for good: each is still a table line, and aligning them again
/// changes nothing. A block whose alignment would move again on the next run (a row broken inside a
/// cell, an empty cell of a Markdown rule) is left as it is, so that formatting twice never changes
/// more.
fn stable(aligned: &[String]) -> bool {
    let again: Option<Vec<Cut>> = aligned
        .iter()
        .map(|l| cut(l, TextRange::new(0, l.len())))
        .collect();
    again.is_some_and(|block| align_block(&block) == aligned)
}

/// The edits that align the table lines of the text: one per changed line, sorted.
pub fn format_tables(snap: &Snapshot) -> Vec<Edit> {
    let text = snap.text;
    let tables: Vec<TextRange> = snap
        .analysis
        .report
        .tables
        .iter()
        .map(|t| t.range)
        .collect();
    let in_table = |r: TextRange| tables.iter().any(|t| r.start < t.end && t.start < r.end);
    let mut edits = Vec::new();
    let mut block: Vec<Cut> = Vec::new();
    let flush = |block: &mut Vec<Cut>, edits: &mut Vec<Edit>| {
        let wanted = block.iter().any(|l| l.rule) || block.iter().any(|l| in_table(l.range));
        if wanted && block.iter().any(|l| !l.rule) {
            let aligned = align_block(block);
            if stable(&aligned) {
                for (l, new_text) in block.iter().zip(aligned) {
                    if l.range.slice(text) != new_text {
                        edits.push(Edit {
                            range: l.range,
                            new_text,
                        });
                    }
                }
            }
        }
        block.clear();
    };
    for range in lines(text) {
        match cut(text, range) {
            Some(c) => block.push(c),
            None => flush(&mut block, &mut edits),
        }
    }
    flush(&mut block, &mut edits);
    edits
}
