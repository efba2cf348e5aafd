//! Turns cell tokens into items: catalog labels (joined across line breaks, split out of composite
//! cells), values, and unrecognised text.

use super::labels::{self, LabelMatch, MatchQuality, MAX_LABEL_CHARS};
use super::lex::{Token, TokenKind};
use std::cell::RefCell;
use std::rc::Rc;

use crate::text::hash::FxHashMap as HashMap;
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
    /// The normalised length in chars of a text item (0 for values). Of a text longer than any
    /// label, only a lower bound of its length that is already more than any label has (see
    /// [`kept_chars_in_start`] and [`measure_start`]).
    pub chars: usize,
}

impl Item {
    pub fn is_value(&self) -> bool {
        matches!(self.kind, ItemKind::Value(_))
    }

    pub fn is_weak_blank(&self) -> bool {
        matches!(
            self.kind,
            ItemKind::Value(TokenKind::Blank { strong: false })
        )
    }
}

/// Texts longer than this in bytes are measured before they are normalised: most are narrative
/// lines, longer than any label, which need their length and nothing else. Only their first this
/// many bytes are measured when these already hold more chars than a label.
const LONG_TEXT_BYTES: usize = 4 * MAX_LABEL_CHARS;

/// How many tokens a label broken over lines may span.
const MAX_JOIN: usize = 16;

/// What the text of a token reads as on its own, whatever its neighbours: the same for every token
/// with the same text.
#[derive(Debug)]
struct Reading {
    /// The normalised length in chars (see [`Item::chars`]).
    chars: usize,
    /// The normalised text, when some label starts with it (a label broken over lines may start
    /// here).
    label_start: Option<Box<str>>,
    matched: Option<LabelMatch>,
    /// The labels in a row (see [`split_composite`]) of a text that is not exactly a label, with
    /// ranges relative to the text.
    parts: Option<Vec<(TextRange, LabelMatch)>>,
}

impl Reading {
    fn of(raw: &str) -> Reading {
        // A text of more bytes than a label has chars may be longer than any label: measuring it
        // costs less than normalising it.
        if raw.len() > MAX_LABEL_CHARS {
            // Most such texts are narrative lines whose first bytes already hold more ideographs,
            // letters and digits than a label has chars: counting these bytes costs less than
            // measuring.
            let kept = kept_chars_in_start(raw);
            if kept > MAX_LABEL_CHARS {
                return Reading {
                    chars: kept,
                    label_start: None,
                    matched: None,
                    parts: None,
                };
            }
            let measured = measure_start(raw);
            if measured > MAX_LABEL_CHARS {
                return Reading {
                    chars: measured,
                    label_start: None,
                    matched: None,
                    parts: None,
                };
            }
        }
        let norm = normalize(raw, 0);
        let chars = norm.char_len();
        if chars == 0 || chars > MAX_LABEL_CHARS {
            return Reading {
                chars,
                label_start: None,
                matched: None,
                parts: None,
            };
        }
        let matched = labels::match_label(&norm, raw);
        let parts = if matched.is_some_and(|m| m.quality.is_exact()) {
            None
        } else {
            split_composite(&norm)
        };
        let label_start = labels::is_label_prefix(&norm.text).then(|| norm.text.into_boxed_str());
        Reading {
            chars,
            label_start,
            matched,
            parts,
        }
    }
}

/// The reading of a token's text `raw`, of at most [`LONG_TEXT_BYTES`] bytes. Texts repeat (short
/// cells, filler, the same labels in every report): each thread remembers the readings of the texts
/// that may be labels.
fn reading_of(raw: &str) -> Rc<Reading> {
    thread_local! {
        static READINGS: RefCell<HashMap<Box<str>, Rc<Reading>>> = RefCell::new(HashMap::default());
    }
    /// How many texts a thread remembers before it forgets them all.
    const READINGS_LIMIT: usize = 1 << 12;
    if let Some(known) = READINGS.with(|m| m.borrow().get(raw).cloned()) {
        return known;
    }
    let reading = Rc::new(Reading::of(raw));
    if reading.chars <= MAX_LABEL_CHARS {
        READINGS.with(|m| {
            let mut m = m.borrow_mut();
            if m.len() >= READINGS_LIMIT {
                m.clear();
            }
            m.insert(raw.into(), Rc::clone(&reading));
        });
    }
    reading
}

/// A lower bound of the normalised length of `raw`: the ASCII letters and digits and the ideographs
/// U+5000 to U+9FFF (led by the bytes E5 to E9) that start in its first [`LONG_TEXT_BYTES`] bytes,
/// which normalisation keeps one for one and never drops as trailing punctuation. Counted from the
/// bytes alone.
fn kept_chars_in_start(raw: &str) -> usize {
    // Whether a byte is counted, in arithmetic the compiler runs on 32 bytes at a time: `b | 0x20`
    // maps the ASCII capitals to the small letters and no other byte into them.
    fn kept(b: u8) -> u8 {
        u8::from(b.wrapping_sub(0xE5) < 5)
            + u8::from(b.wrapping_sub(b'0') < 10)
            + u8::from((b | 0x20).wrapping_sub(b'a') < 26)
    }
    let bytes = &raw.as_bytes()[..raw.len().min(LONG_TEXT_BYTES)];
    let mut chunks = bytes.chunks_exact(32);
    let mut n = 0;
    for chunk in &mut chunks {
        n += usize::from(chunk.iter().fold(0u8, |k, &b| k + kept(b)));
    }
    n + chunks
        .remainder()
        .iter()
        .map(|&b| usize::from(kept(b)))
        .sum::<usize>()
}

/// How many normalised chars the first [`LONG_TEXT_BYTES`] bytes of `raw` have: a lower bound of
/// the length of `raw`, and its length when `raw` is no longer.
fn measure_start(raw: &str) -> usize {
    let mut end = raw.len().min(LONG_TEXT_BYTES);
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    Normalized::len_of(&raw[..end])
}

/// Classifies the tokens of `text`.
pub fn classify(text: &str, tokens: &[Token]) -> Vec<Item> {
    let mut items = Vec::with_capacity(tokens.len());
    // The rest of a label broken over lines with its values on the first line (see
    // [`join_after_values`]): read with the first part, so no item of its own.
    let mut dropped: Option<usize> = None;
    let mut i = 0;
    while i < tokens.len() {
        let tok = tokens[i];
        if tok.kind != TokenKind::Text {
            items.push(Item {
                range: tok.range,
                line: tok.line,
                kind: ItemKind::Value(tok.kind),
                chars: 0,
            });
            i += 1;
            continue;
        }
        let raw = tok.range.slice(text);
        // A text too long to be a label (a narrative line) is only measured, and not remembered.
        let (remembered, long);
        let reading: &Reading = if raw.len() <= LONG_TEXT_BYTES {
            remembered = reading_of(raw);
            &remembered
        } else {
            long = Reading::of(raw);
            &long
        };
        let chars = reading.chars;
        if chars == 0 || dropped == Some(i) {
            i += 1;
            continue;
        }
        if let Some((last, m)) = reading
            .label_start
            .as_deref()
            .and_then(|first| join_forward(text, tokens, i, first))
        {
            let range = tok.range.cover(tokens[last].range);
            items.push(Item {
                range,
                line: tok.line,
                kind: ItemKind::Label(m),
                chars,
            });
            i = last + 1;
            continue;
        }
        let exact = reading.matched.is_some_and(|m| m.quality.is_exact());
        if let Some((rest, m)) = reading
            .label_start
            .as_deref()
            .filter(|_| !exact)
            .and_then(|first| join_after_values(text, tokens, i, first))
        {
            items.push(Item {
                range: tok.range,
                line: tok.line,
                kind: ItemKind::Label(m),
                chars,
            });
            dropped = Some(rest);
            i += 1;
            continue;
        }
        // A group label followed by its first row (`（四）无法提供 1.本机关…`) is two labels, even when the
        // whole text also resembles one label.
        let parts = reading.parts.as_deref();
        if let Some(parts) =
            parts.filter(|parts| parts.first().is_some_and(|(_, m)| is_group_label(m)))
        {
            items.extend(labels_in(parts, tok));
        } else if let Some(m) = reading.matched {
            items.push(Item {
                range: tok.range,
                line: tok.line,
                kind: ItemKind::Label(m),
                chars,
            });
        } else if let Some(parts) = parts {
            items.extend(labels_in(parts, tok));
        } else {
            items.push(Item {
                range: tok.range,
                line: tok.line,
                kind: ItemKind::Text,
                chars,
            });
        }
        i += 1;
    }
    items
}

/// The items of the labels `parts` of the text of `tok`, whose ranges are relative to the text.
fn labels_in(parts: &[(TextRange, LabelMatch)], tok: Token) -> impl Iterator<Item = Item> + '_ {
    parts.iter().map(move |&(range, m)| Item {
        range: range.shifted(tok.range.start),
        line: tok.line,
        kind: ItemKind::Label(m),
        chars: 0,
    })
}

/// Whether a label is a group label or a block title (which a row may follow on the same line).
fn is_group_label(m: &LabelMatch) -> bool {
    match m.entry().role {
        labels::LabelRole::Row { table, key, .. } => crate::catalog::Format::ALL.iter().any(|&f| {
            crate::catalog::table_spec(table, f)
                .row(key)
                .is_some_and(|(_, r)| {
                    matches!(
                        r.kind,
                        crate::catalog::RowKind::Group | crate::catalog::RowKind::Block(_)
                    )
                })
        }),
        labels::LabelRole::Header(_) => false,
    }
}

/// How many padding cells a label broken over lines may span in all (see [`join_forward`]).
const MAX_JOIN_PADDING: usize = 32;

/// Joins a label broken over several text tokens (`本年新` / `制作数量`, `结果` / `维持`): the longest run of
/// tokens, starting at `i`, whose joined text is exactly a label and longer than one token. Padding
/// between the parts is skipped: a table converted from a PDF keeps its column count on every line,
/// so the line of a label's first part ends in empty cells (`| （四）无 | | | |` / `| 法提供 | |`); these
/// are weak blanks, never blanks between two filled cells of a line.
fn join_forward(
    text: &str,
    tokens: &[Token],
    i: usize,
    first: &str,
) -> Option<(usize, LabelMatch)> {
    if !labels::is_label_prefix(first) {
        return None;
    }
    let mut acc = first.to_owned();
    let mut best = None;
    let mut j = i;
    let mut joined = 0;
    let mut padding = 0;
    loop {
        // The next text token after the padding, if any.
        let mut k = j + 1;
        while k < tokens.len()
            && tokens[k].kind == (TokenKind::Blank { strong: false })
            && padding < MAX_JOIN_PADDING
        {
            k += 1;
            padding += 1;
        }
        if k >= tokens.len() || joined + 1 >= MAX_JOIN || tokens[k].kind != TokenKind::Text {
            break;
        }
        joined += 1;
        let next = normalize(tokens[k].range.slice(text), 0).text;
        acc.push_str(&next);
        j = k;
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

/// How many tokens may stand between the first part of a label and its rest (see
/// [`join_after_values`]), and how many more on the rest's line are looked at.
const MAX_BETWEEN: usize = 32;

/// A label broken over two lines with the row's values on its first line, as a PDF whose cell wraps
/// puts them (`1.本机关不掌握相关 0 0 0 0 0 0 0` / `政府信息`): the first part `first` (of the token `i`), then
/// values on its line, then, on a later line and alone there (but for padding), the rest, which
/// with the first part is exactly a label. Returns the token of the rest and the label. A text
/// followed by values on its own line is the next row, not a rest.
fn join_after_values(
    text: &str,
    tokens: &[Token],
    i: usize,
    first: &str,
) -> Option<(usize, LabelMatch)> {
    if !labels::is_label_prefix(first) {
        return None;
    }
    let line = tokens[i].line;
    let weak = TokenKind::Blank { strong: false };
    let mut j = i + 1;
    let mut filled = 0;
    while j < tokens.len()
        && j - i <= MAX_BETWEEN
        && tokens[j].line == line
        && (tokens[j].kind != TokenKind::Text || is_mistyped_value(tokens[j].range.slice(text)))
    {
        filled += usize::from(!matches!(tokens[j].kind, TokenKind::Blank { .. }));
        j += 1;
    }
    while j < tokens.len() && j - i <= 2 * MAX_BETWEEN && tokens[j].kind == weak {
        j += 1;
    }
    let rest = tokens
        .get(j)
        .filter(|t| filled > 0 && t.kind == TokenKind::Text && t.line > line)?;
    let alone = tokens[j + 1..]
        .iter()
        .take(MAX_BETWEEN)
        .take_while(|t| t.line == rest.line)
        .all(|t| t.kind == weak);
    if !alone {
        return None;
    }
    let mut joined = first.to_owned();
    joined.push_str(&normalize(rest.range.slice(text), 0).text);
    labels::exact(&joined).map(|m| (j, m))
}

/// A text that stands where a value does and is a value mistyped or written in words (`O` for 0,
/// `1O`, `２O`, `十二`): a few letters, digits, numerals or signs, no other word.
fn is_mistyped_value(raw: &str) -> bool {
    let raw = raw.trim();
    !raw.is_empty()
        && raw.chars().count() <= 6
        && raw.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || ('\u{FF10}'..='\u{FF5A}').contains(&c)
                || "+-.,，．〇零一二三四五六七八九十百千".contains(c)
        })
}

/// Splits a cell that holds several labels in a row (`三、本年度办理结果 （一）予以公开`, a PDF header
/// line) into its labels; every part but the last must be exact.
fn split_composite(norm: &crate::text::Normalized) -> Option<Vec<(TextRange, LabelMatch)>> {
    // The first part is a label: a text that no label starts like is no composite.
    if !norm
        .text
        .chars()
        .next()
        .is_some_and(labels::may_start_label)
    {
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
        for &idx in rest
            .chars()
            .next()
            .map_or(&[][..], labels::entries_starting_with)
        {
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
                parts.push((
                    TextRange::new(s, e),
                    LabelMatch {
                        entry: idx,
                        quality: MatchQuality::Exact,
                    },
                ));
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
                ItemKind::Label(m) => format!(
                    "L:{}={}",
                    it.range.slice(text).replace('\n', "⏎"),
                    m.entry().canonical
                ),
                ItemKind::Text => format!("T:{}", it.range.slice(text)),
                ItemKind::Value(_) => format!("V:{}", it.range.slice(text)),
            })
            .collect()
    }

    /// [`classify`] the slow way: every text normalised where it stands and matched again.
    fn classify_slowly(text: &str, tokens: &[Token]) -> Vec<Item> {
        let mut items = Vec::new();
        let mut dropped = None;
        let mut i = 0;
        while i < tokens.len() {
            let tok = tokens[i];
            i += 1;
            if tok.kind != TokenKind::Text {
                items.push(Item {
                    range: tok.range,
                    line: tok.line,
                    kind: ItemKind::Value(tok.kind),
                    chars: 0,
                });
                continue;
            }
            let raw = tok.range.slice(text);
            let norm = normalize(raw, tok.range.start);
            let chars = norm.char_len();
            if chars == 0 || dropped == Some(i - 1) {
                continue;
            }
            let label = |range: TextRange, m: LabelMatch, chars: usize| Item {
                range,
                line: tok.line,
                kind: ItemKind::Label(m),
                chars,
            };
            if chars <= MAX_LABEL_CHARS {
                if let Some((last, m)) = join_forward(text, tokens, i - 1, &norm.text) {
                    items.push(label(tok.range.cover(tokens[last].range), m, chars));
                    i = last + 1;
                    continue;
                }
                let matched = labels::match_label(&norm, raw);
                if !matched.is_some_and(|m| m.quality.is_exact()) {
                    if let Some((rest, m)) = join_after_values(text, tokens, i - 1, &norm.text) {
                        items.push(label(tok.range, m, chars));
                        dropped = Some(rest);
                        continue;
                    }
                }
                let composite = match matched {
                    Some(m) if m.quality.is_exact() => None,
                    _ => split_composite(&norm)
                        .filter(|parts| parts.first().is_some_and(|(_, m)| is_group_label(m))),
                };
                if let Some(parts) = composite.or_else(|| {
                    if matched.is_none() {
                        split_composite(&norm)
                    } else {
                        None
                    }
                }) {
                    items.extend(parts.into_iter().map(|(range, m)| label(range, m, 0)));
                    continue;
                }
                if let Some(m) = matched {
                    items.push(label(tok.range, m, chars));
                    continue;
                }
            }
            items.push(Item {
                range: tok.range,
                line: tok.line,
                kind: ItemKind::Text,
                chars,
            });
        }
        items
    }

    /// An item with the length of a text longer than a label left out: only that it is longer
    /// counts.
    fn as_compared(item: &Item) -> Item {
        Item {
            chars: item.chars.min(MAX_LABEL_CHARS + 1),
            ..*item
        }
    }

    proptest::proptest! {
        /// The remembered readings of texts classify tokens as reading each text again does.
        #[test]
        fn remembered_readings_classify_as_fresh_ones(
            lines in proptest::collection::vec(
                "(三、本年度办理结果|（一）予以公开|（四）无法提供|1.本机关不掌握相关政府信息|本年新|制作数量|结果|维持|其他|总计|信息 内容|3.危及三安全一稳定|“|政处罚|申请|。|，| |\\|| 1 | 0 |𠮷|年度报告信息公开工作的情况说明)*",
                0..8,
            ),
        ) {
            let text = lines.join("\n");
            let (tokens, _) = lex(&text);
            let fast: Vec<Item> = classify(&text, &tokens).iter().map(as_compared).collect();
            let slow: Vec<Item> = classify_slowly(&text, &tokens).iter().map(as_compared).collect();
            proptest::prop_assert_eq!(fast, slow);
        }

        /// The start of a long text is a lower bound of its length, and the length of a short one.
        #[test]
        fn the_start_of_a_text_measures_it_from_below(raw in "([\u{3000}。，a \"“𠮷]|统计|\u{FF10})*") {
            let whole = Normalized::len_of(&raw);
            if raw.len() <= LONG_TEXT_BYTES {
                proptest::prop_assert_eq!(measure_start(&raw), whole);
            } else {
                proptest::prop_assert!(measure_start(&raw) <= whole);
            }
        }
    }

    proptest::proptest! {
        /// The letters, digits and ideographs counted from the bytes are never more than the
        /// normalised length: they are a lower bound whatever the text.
        #[test]
        fn the_kept_characters_are_a_lower_bound_of_the_length(raw in "(\\PC|[\u{4E00}-\u{9FFF}]|[。，、…：；.:;,]|[ａ-ｚ０-９]|\u{3000}|㈠|①|\\s)*") {
            proptest::prop_assert!(kept_chars_in_start(&raw) <= Normalized::len_of(&raw));
            // The count from the bytes is the count of those characters.
            let start = &raw[..(0..=raw.len().min(LONG_TEXT_BYTES)).rev().find(|&i| raw.is_char_boundary(i)).unwrap_or(0)];
            let straddling = raw[start.len()..].chars().next().filter(|_| start.len() < raw.len().min(LONG_TEXT_BYTES)).map_or(0, |c| usize::from(('\u{5000}'..='\u{9FFF}').contains(&c)));
            let counted = start.chars().filter(|c| c.is_ascii_alphanumeric() || ('\u{5000}'..='\u{9FFF}').contains(c)).count();
            proptest::prop_assert_eq!(kept_chars_in_start(&raw), counted + straddling);
        }
    }

    #[test]
    fn a_long_narrative_line_is_text_longer_than_any_label() {
        let text = "本机关".repeat(200);
        let (tokens, _) = lex(&text);
        let items = classify(&text, &tokens);
        assert_eq!(items.len(), 1);
        assert!(items[0].kind == ItemKind::Text && items[0].chars > MAX_LABEL_CHARS);
    }

    #[test]
    fn labels_broken_over_lines_are_joined() {
        assert_eq!(
            labels_of("本年新\n制作数量"),
            vec!["L:本年新⏎制作数量=本年新制作数量"]
        );
        assert_eq!(
            labels_of("其他\n\n结果\n0"),
            vec!["L:其他⏎⏎结果=其他结果", "V:0"]
        );
    }

    #[test]
    fn composite_cells_are_split_into_labels() {
        assert_eq!(
            labels_of("三、本年度办理结果 （一）予以公开 3 0 0 0 0 0 3"),
            vec![
                "L:三、本年度办理结果=三、本年度办理结果",
                "L:（一）予以公开=（一）予以公开",
                "V:3",
                "V:0",
                "V:0",
                "V:0",
                "V:0",
                "V:0",
                "V:3"
            ]
        );
    }
}
