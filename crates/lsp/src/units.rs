//! The units of a 汇总 (see `nianbao_core::parse::units`) as the server keeps them: each unit's diagnostics
//! with what they depend on, so that the next version reuses every unit an edit left alone.

use std::sync::Arc;

use nianbao_core::parse::units::UnitSpan;
use nianbao_core::text::TextRange;
use nianbao_core::{Change, Diagnostic};

/// One unit's report, checked as a text of its own. Only its diagnostics are kept: the report model of
/// a unit is assembled again, from the parts, when a feature asks for it (see
/// [`crate::analysis::Analysed::views`]), so that a 汇总 of hundreds of reports does not keep every
/// report's tables twice.
#[derive(Debug)]
pub(crate) struct UnitDone {
    pub range: TextRange,
    pub key: UnitKey,
    /// The unit's diagnostics, ranges relative to its start, settings applied; `None` when it has none
    /// (or is no report), so that carrying a clean unit over to the next version touches no memory of
    /// its own.
    pub diagnostics: Option<Arc<Vec<Diagnostic>>>,
}

impl UnitDone {
    pub fn new(range: TextRange, key: UnitKey, diagnostics: Vec<Diagnostic>) -> UnitDone {
        UnitDone {
            range,
            key,
            diagnostics: (!diagnostics.is_empty()).then(|| Arc::new(diagnostics)),
        }
    }

    /// The same unit's analysis where the unit now stands.
    pub fn moved(&self, range: TextRange) -> UnitDone {
        UnitDone {
            range,
            key: self.key,
            diagnostics: self.diagnostics.clone(),
        }
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        self.diagnostics.as_deref().map_or(&[], Vec::as_slice)
    }
}

/// What a unit's analysis depends on: its text, told by its length and hash. A unit the edit left alone
/// is found by where it stands (see [`earlier_units`]); the hash finds the others whose text an edit
/// left unchanged (when several edits are combined into one change, the units between them are parsed
/// again with their text unchanged).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct UnitKey {
    len: usize,
    hash: u64,
}

impl UnitKey {
    pub fn new(text: &str, span: &UnitSpan) -> UnitKey {
        UnitKey {
            len: span.range.len(),
            hash: text_hash(text, span),
        }
    }

    /// Whether the unit at `span` of `text` is the one this key describes.
    fn matches(&self, text: &str, span: &UnitSpan) -> bool {
        self.len == span.range.len() && self.hash == text_hash(text, span)
    }
}

/// The hash of a unit's text (SipHash, whose 64 bits no edit collides with by accident).
fn text_hash(text: &str, span: &UnitSpan) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    text.get(span.range.start..span.range.end)
        .unwrap_or("")
        .hash(&mut h);
    h.finish()
}

/// For each span, the earlier unit it is: an edit changes one stretch of the text (`change`, from the
/// earlier units' text to `text`; `None` when unknown), so the units before it match in order from the
/// start and the units after it from the end. A unit that stands at the same place wholly before the
/// change, or moved by the change's shift wholly after it, has the same text without reading it; the
/// others are compared by their key.
pub(crate) fn earlier_units<'a>(
    earlier: &'a [UnitDone],
    text: &str,
    spans: &[UnitSpan],
    change: Option<Change>,
) -> Vec<Option<&'a UnitDone>> {
    let before = |old: &UnitDone, span: &UnitSpan| {
        change.is_some_and(|c| old.range == span.range && span.range.end <= c.start)
    };
    let after = |old: &UnitDone, span: &UnitSpan| {
        change.is_some_and(|c| {
            old.range.start >= c.old_end
                && span.range.start >= c.new_end
                && old.range.start - c.old_end == span.range.start - c.new_end
                && old.range.len() == span.range.len()
        })
    };
    let mut found = vec![None; spans.len()];
    let mut head = 0;
    while head < spans.len()
        && head < earlier.len()
        && (before(&earlier[head], &spans[head]) || earlier[head].key.matches(text, &spans[head]))
    {
        found[head] = Some(&earlier[head]);
        head += 1;
    }
    let (mut i, mut j) = (spans.len(), earlier.len());
    while i > head
        && j > head
        && (after(&earlier[j - 1], &spans[i - 1])
            || earlier[j - 1].key.matches(text, &spans[i - 1]))
    {
        found[i - 1] = Some(&earlier[j - 1]);
        i -= 1;
        j -= 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use nianbao_core::parse::units::unit_spans;
    use nianbao_core::{parse_parts, reparse};

    use super::*;

    const UNIT: &str = "某局2021年政府信息公开工作年度报告\n一、总体情况\n2021年，本局认真工作。\n六、其他需要报告的事项\n本年度未收取信息处理费。\n";

    #[test]
    fn an_edit_in_one_unit_leaves_the_others_matched_even_when_it_parses_their_part_again() {
        let text = UNIT.repeat(3);
        let parsed = parse_parts(&text);
        let spans = unit_spans(&parsed);
        assert_eq!(spans.len(), 3);
        let earlier: Vec<UnitDone> = spans
            .iter()
            .map(|s| UnitDone::new(s.range, UnitKey::new(&text, s), Vec::new()))
            .collect();
        // A blank line inserted before the second unit's section 一, whose part before (the first unit's
        // section 六, which holds the second unit's title line) is parsed again and takes the blank line.
        let at = spans[1].range.start + UNIT.find("一、").unwrap();
        let edited = format!("{}\n{}", &text[..at], &text[at..]);
        let change = Change {
            start: at,
            old_end: at,
            new_end: at + 1,
        };
        let reparsed = reparse(&parsed, &edited, change);
        let new_spans = unit_spans(&reparsed);
        let last_of_first = new_spans[0].parts.end - 1;
        assert!(!Arc::ptr_eq(
            parsed.part(last_of_first).unwrap().part,
            reparsed.part(last_of_first).unwrap().part
        ));
        // The first unit is the same text, the second changed, the third moved: found by where they stand
        // when the change is known, by their text when it is not.
        for known in [Some(change), None] {
            let matched: Vec<bool> = earlier_units(&earlier, &edited, &new_spans, known)
                .iter()
                .map(Option::is_some)
                .collect();
            assert_eq!(matched, [true, false, true], "{known:?}");
        }
    }

    #[test]
    fn a_unit_is_not_matched_by_its_place_when_the_change_reaches_it() {
        let text = UNIT.repeat(3);
        let spans = unit_spans(&parse_parts(&text));
        let earlier: Vec<UnitDone> = spans
            .iter()
            .map(|s| UnitDone::new(s.range, UnitKey::new(&text, s), Vec::new()))
            .collect();
        // The last character of the first unit replaced by another of the same length.
        let at = spans[0].range.end - "。\n".len();
        let edited = format!("{}！{}", &text[..at], &text[at + "。".len()..]);
        let change = Change {
            start: at,
            old_end: at + "。".len(),
            new_end: at + "！".len(),
        };
        let new_spans = unit_spans(&parse_parts(&edited));
        assert_eq!(
            new_spans.iter().map(|s| s.range).collect::<Vec<_>>(),
            spans.iter().map(|s| s.range).collect::<Vec<_>>()
        );
        let matched: Vec<bool> = earlier_units(&earlier, &edited, &new_spans, Some(change))
            .iter()
            .map(Option::is_some)
            .collect();
        assert_eq!(matched, [false, true, true]);
    }
}
