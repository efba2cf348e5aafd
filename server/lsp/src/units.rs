//! The units of a 汇总 (see `nianbao_core::parse::units`) as the server keeps them: each unit's analysis
//! with what it depends on, so that the next version reuses every unit an edit left alone.

use std::sync::Arc;

use nianbao_core::parse::units::UnitSpan;
use nianbao_core::text::TextRange;
use nianbao_core::{Diagnostic, Parsed};

/// One unit's report, checked as a text of its own. Only its diagnostics are kept: the report model of
/// a unit is assembled again, from the parts, when a feature asks for it (see
/// [`crate::analysis::Analysed::views`]), so that a 汇总 of hundreds of reports does not keep every
/// report's tables twice.
#[derive(Debug)]
pub(crate) struct UnitDone {
    pub range: TextRange,
    pub key: Arc<UnitKey>,
    /// The unit's diagnostics, ranges relative to its start, settings applied (none when the unit is no
    /// report).
    pub diagnostics: Arc<Vec<Diagnostic>>,
}

/// What a unit's analysis depends on: its text. The key holds the text's length and hash, and the unit's
/// parts (held, so that their addresses stay theirs) with where each starts in the unit: the same parts
/// at the same places mean the same text without reading it, and a part parsed again although the edit
/// left its text alone (the part before an edit is, and it holds the next unit's title line) is told
/// apart by the hash.
#[derive(Debug, Clone, Default)]
pub(crate) struct UnitKey {
    len: usize,
    hash: u64,
    parts: Vec<(isize, Arc<nianbao_core::parse::Part>)>,
}

impl UnitKey {
    pub fn new(text: &str, parsed: &Parsed, span: &UnitSpan) -> UnitKey {
        let parts = parsed.parts.get(span.parts.clone()).unwrap_or(&[]).iter().map(|p| (p.start as isize - span.range.start as isize, Arc::clone(&p.part))).collect();
        UnitKey { len: span.range.len(), hash: text_hash(text, span), parts }
    }

    /// Whether the unit at `span` of `parsed` (of `text`) is the one this key describes.
    fn matches(&self, text: &str, parsed: &Parsed, span: &UnitSpan) -> bool {
        if self.len != span.range.len() {
            return false;
        }
        let parts = parsed.parts.get(span.parts.clone()).unwrap_or(&[]);
        let same_parts = self.parts.len() == parts.len()
            && self.parts.iter().zip(parts).all(|((at, p), q)| *at == q.start as isize - span.range.start as isize && Arc::ptr_eq(p, &q.part));
        same_parts || self.hash == text_hash(text, span)
    }
}

/// The hash of a unit's text (SipHash, whose 64 bits no edit collides with by accident).
fn text_hash(text: &str, span: &UnitSpan) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    text.get(span.range.start..span.range.end).unwrap_or("").hash(&mut h);
    h.finish()
}

/// For each span, the earlier unit it is (same parts at the same places in the unit): an edit changes one
/// stretch of the text, so the units before it match in order from the start and the units after it
/// from the end.
pub(crate) fn earlier_units<'a>(earlier: &'a [UnitDone], text: &str, parsed: &Parsed, spans: &[UnitSpan]) -> Vec<Option<&'a UnitDone>> {
    let mut found = vec![None; spans.len()];
    let mut head = 0;
    while head < spans.len() && head < earlier.len() && earlier[head].key.matches(text, parsed, &spans[head]) {
        found[head] = Some(&earlier[head]);
        head += 1;
    }
    let (mut i, mut j) = (spans.len(), earlier.len());
    while i > head && j > head && earlier[j - 1].key.matches(text, parsed, &spans[i - 1]) {
        found[i - 1] = Some(&earlier[j - 1]);
        i -= 1;
        j -= 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use nianbao_core::parse::units::unit_spans;
    use nianbao_core::{parse_parts, reparse, Change};

    use super::*;

    const UNIT: &str = "某局2021年政府信息公开工作年度报告\n一、总体情况\n2021年，本局认真工作。\n六、其他需要报告的事项\n本年度未收取信息处理费。\n";

    #[test]
    fn an_edit_in_one_unit_leaves_the_others_matched_even_when_it_parses_their_part_again() {
        let text = UNIT.repeat(3);
        let parsed = parse_parts(&text);
        let spans = unit_spans(&parsed);
        assert_eq!(spans.len(), 3);
        let keys: Vec<UnitKey> = spans.iter().map(|s| UnitKey::new(&text, &parsed, s)).collect();
        // An edit in the second unit's section 一, whose part before (the first unit's section 六, which
        // holds the second unit's title line) is parsed again.
        let at = spans[1].range.start + UNIT.find("认真").unwrap();
        let edited = format!("{}很{}", &text[..at], &text[at..]);
        let change = Change { start: at, old_end: at, new_end: at + '很'.len_utf8() };
        let reparsed = reparse(&parsed, &edited, change);
        let new_spans = unit_spans(&reparsed);
        // The first unit's last part was parsed again: only its text tells that the unit is the same.
        let first_parts = reparsed.parts.get(new_spans[0].parts.clone()).unwrap();
        assert!(keys[0].parts.iter().zip(first_parts).any(|((_, p), q)| !Arc::ptr_eq(p, &q.part)));
        // The first unit is the same text, the second changed, the third moved with its parts.
        let matched: Vec<bool> = keys.iter().zip(&new_spans).map(|(k, s)| k.matches(&edited, &reparsed, s)).collect();
        assert_eq!(matched, [true, false, true]);
    }
}
