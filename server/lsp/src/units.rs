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

/// What a unit's analysis depends on: its length, and its parts (held, so that their addresses stay
/// theirs) with where each starts in the unit. Equal keys mean equal texts.
#[derive(Debug, Clone, Default)]
pub(crate) struct UnitKey {
    len: usize,
    parts: Vec<(isize, Arc<nianbao_core::parse::Part>)>,
}

impl UnitKey {
    pub fn new(parsed: &Parsed, span: &UnitSpan) -> UnitKey {
        let parts = parsed.parts.get(span.parts.clone()).unwrap_or(&[]).iter().map(|p| (p.start as isize - span.range.start as isize, Arc::clone(&p.part))).collect();
        UnitKey { len: span.range.len(), parts }
    }

    /// Whether the unit at `span` of `parsed` is the one this key describes.
    fn matches(&self, parsed: &Parsed, span: &UnitSpan) -> bool {
        let parts = parsed.parts.get(span.parts.clone()).unwrap_or(&[]);
        self.len == span.range.len()
            && self.parts.len() == parts.len()
            && self.parts.iter().zip(parts).all(|((at, p), q)| *at == q.start as isize - span.range.start as isize && Arc::ptr_eq(p, &q.part))
    }
}

/// For each span, the earlier unit it is (same parts at the same places in the unit): an edit changes one
/// stretch of the text, so the units before it match in order from the start and the units after it
/// from the end.
pub(crate) fn earlier_units<'a>(earlier: &'a [UnitDone], parsed: &Parsed, spans: &[UnitSpan]) -> Vec<Option<&'a UnitDone>> {
    let mut found = vec![None; spans.len()];
    let mut head = 0;
    while head < spans.len() && head < earlier.len() && earlier[head].key.matches(parsed, &spans[head]) {
        found[head] = Some(&earlier[head]);
        head += 1;
    }
    let (mut i, mut j) = (spans.len(), earlier.len());
    while i > head && j > head && earlier[j - 1].key.matches(parsed, &spans[i - 1]) {
        found[i - 1] = Some(&earlier[j - 1]);
        i -= 1;
        j -= 1;
    }
    found
}
