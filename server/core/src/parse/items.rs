//! Turns cell tokens into items: catalog labels (joined across line breaks, split out of composite
//! cells), values, and unrecognised text.

use super::labels::{self, LabelMatch, MatchQuality, MAX_LABEL_CHARS};
use super::lex::{Token, TokenKind};
use crate::text::{normalize, Normalized, TextRange};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ItemKind {
    Label(LabelMatch),
    /// Text that is no label of the format.
    Text,
    Value(TokenKind),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    pub range: TextRange,
    pub line: u32,
    pub kind: ItemKind,
    /// The normalised length in chars of a text item (0 for values).
    pub chars: usize,
}

impl Item {
    pub fn is_value(&self) -> bool {
        matches!(self.kind, ItemKind::Value(_))
    }

    pub fn is_weak_blank(&self) -> bool {
        matches!(self.kind, ItemKind::Value(TokenKind::Blank { strong: false }))
    }
}

/// Texts longer than this in bytes are measured before they are normalised: most are narrative lines,
/// longer than any label, which need their length and nothing else. The length measured is exact.
const LONG_TEXT_BYTES: usize = 4 * MAX_LABEL_CHARS;

/// How many tokens a label broken over lines may span.
const MAX_JOIN: usize = 16;

/// Classifies the tokens of `text`.
pub fn classify(text: &str, tokens: &[Token]) -> Vec<Item> {
    let mut items = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let tok = tokens[i];
        if tok.kind != TokenKind::Text {
            items.push(Item { range: tok.range, line: tok.line, kind: ItemKind::Value(tok.kind), chars: 0 });
            i += 1;
            continue;
        }
        let raw = tok.range.slice(text);
        // A text too long to be a label (a narrative line) is only measured, not normalised.
        if raw.len() > LONG_TEXT_BYTES {
            let chars = Normalized::len_of(raw);
            if chars > MAX_LABEL_CHARS {
                items.push(Item { range: tok.range, line: tok.line, kind: ItemKind::Text, chars });
                i += 1;
                continue;
            }
        }
        let norm = normalize(raw, tok.range.start);
        let chars = norm.char_len();
        if chars == 0 {
            i += 1;
            continue;
        }
        if chars <= MAX_LABEL_CHARS {
            if let Some((last, m)) = join_forward(text, tokens, i, &norm.text) {
                let range = tok.range.cover(tokens[last].range);
                items.push(Item { range, line: tok.line, kind: ItemKind::Label(m), chars });
                i = last + 1;
                continue;
            }
            // Texts repeat (short cells, filler, the same labels in every report): `match_label`
            // remembers its results.
            let matched = labels::match_label(&norm, raw);
            // A group label followed by its first row (`（四）无法提供 1.本机关…`) is two labels, even
            // when the whole text also resembles one label.
            let composite = match matched {
                Some(m) if m.quality.is_exact() => None,
                _ => split_composite(&norm).filter(|parts| parts.first().is_some_and(|(_, m)| is_group_label(m))),
            };
            if let Some(parts) = composite {
                for (range, m) in parts {
                    items.push(Item { range, line: tok.line, kind: ItemKind::Label(m), chars: 0 });
                }
                i += 1;
                continue;
            }
            if let Some(m) = matched {
                items.push(Item { range: tok.range, line: tok.line, kind: ItemKind::Label(m), chars });
                i += 1;
                continue;
            }
            if let Some(parts) = split_composite(&norm) {
                for (range, m) in parts {
                    items.push(Item { range, line: tok.line, kind: ItemKind::Label(m), chars: 0 });
                }
                i += 1;
                continue;
            }
        }
        items.push(Item { range: tok.range, line: tok.line, kind: ItemKind::Text, chars });
        i += 1;
    }
    items
}

/// Whether a label is a group label or a block title (which a row may follow on the same line).
fn is_group_label(m: &LabelMatch) -> bool {
    match m.entry().role {
        labels::LabelRole::Row { table, key, .. } => crate::catalog::Format::ALL.iter().any(|&f| {
            crate::catalog::table_spec(table, f)
                .row(key)
                .is_some_and(|(_, r)| matches!(r.kind, crate::catalog::RowKind::Group | crate::catalog::RowKind::Block(_)))
        }),
        labels::LabelRole::Header(_) => false,
    }
}

/// Joins a label broken over several text tokens (`本年新` / `制作数量`, `结果` / `维持`): the longest
/// run of tokens, starting at `i`, whose joined text is exactly a label and longer than one token.
fn join_forward(text: &str, tokens: &[Token], i: usize, first: &str) -> Option<(usize, LabelMatch)> {
    if !labels::is_label_prefix(first) {
        return None;
    }
    let mut acc = first.to_owned();
    let mut best = None;
    let mut j = i;
    while j + 1 < tokens.len() && j + 1 - i < MAX_JOIN && tokens[j + 1].kind == TokenKind::Text {
        let next = normalize(tokens[j + 1].range.slice(text), 0).text;
        acc.push_str(&next);
        j += 1;
        if acc.chars().count() > MAX_LABEL_CHARS {
            break;
        }
        if let Some(m) = labels::exact(&acc) {
            best = Some((j, m));
        }
        if !labels::is_label_prefix(&acc) {
            break;
        }
    }
    best
}

/// Splits a cell that holds several labels in a row (`三、本年度办理结果 （一）予以公开`, a PDF header
/// line) into its labels; every part but the last must be exact.
fn split_composite(norm: &crate::text::Normalized) -> Option<Vec<(TextRange, LabelMatch)>> {
    // The first part is a label: a text that no label starts like is no composite.
    if !norm.text.chars().next().is_some_and(labels::may_start_label) {
        return None;
    }
    let all = labels::entries();
    let total = norm.char_len();
    let mut parts = Vec::new();
    // Where the rest starts, in chars and in bytes of the normalised text.
    let (mut at, mut byte) = (0, 0);
    while at < total && parts.len() < 10 {
        let rest = &norm.text[byte..];
        // The longest label the rest starts with (the first of equally long ones).
        let mut best: Option<(usize, usize)> = None;
        for &idx in rest.chars().next().map_or(&[][..], labels::entries_starting_with) {
            let full = all[idx].full.as_str();
            if rest.starts_with(full) {
                let n = full.chars().count();
                if best.is_none_or(|(_, bn)| n > bn) {
                    best = Some((idx, n));
                }
            }
        }
        match best {
            Some((idx, n)) if n < total - at || !parts.is_empty() => {
                let (s, e) = norm.source_range(at, at + n)?;
                parts.push((TextRange::new(s, e), LabelMatch { entry: idx, quality: MatchQuality::Exact }));
                at += n;
                byte += all[idx].full.len();
            }
            _ => {
                if parts.is_empty() {
                    return None;
                }
                // The last part may be a damaged label.
                let (s, e) = norm.source_range(at, total)?;
                let sub = normalize(rest, 0);
                let m = labels::match_label(&sub, rest)?;
                parts.push((TextRange::new(s, e), m));
                at = total;
            }
        }
    }
    (parts.len() >= 2 && at == total).then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lex::lex;

    fn labels_of(text: &str) -> Vec<String> {
        let (tokens, _) = lex(text);
        classify(text, &tokens)
            .iter()
            .map(|it| match it.kind {
                ItemKind::Label(m) => format!("L:{}={}", it.range.slice(text).replace('\n', "⏎"), m.entry().canonical),
                ItemKind::Text => format!("T:{}", it.range.slice(text)),
                ItemKind::Value(_) => format!("V:{}", it.range.slice(text)),
            })
            .collect()
    }

    #[test]
    fn labels_broken_over_lines_are_joined() {
        assert_eq!(labels_of("本年新\n制作数量"), vec!["L:本年新⏎制作数量=本年新制作数量"]);
        assert_eq!(labels_of("其他\n\n结果\n0"), vec!["L:其他⏎⏎结果=其他结果", "V:0"]);
    }

    #[test]
    fn composite_cells_are_split_into_labels() {
        assert_eq!(
            labels_of("三、本年度办理结果 （一）予以公开 3 0 0 0 0 0 3"),
            vec![
                "L:三、本年度办理结果=三、本年度办理结果",
                "L:（一）予以公开=（一）予以公开",
                "V:3", "V:0", "V:0", "V:0", "V:0", "V:0", "V:3"
            ]
        );
    }
}
