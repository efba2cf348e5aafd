//! The text of each version of a large document, written from the last one: the spare buffer of a
//! version no longer in use, patched in place when it can be, instead of allocating (and faulting
//! in) megabytes on every keystroke.
//!
//! An analysed text is the client's with its traditional characters folded to simplified ones (see
//! [`to_simplified`]: same offsets). The engine folds the bytes of the change from the installed
//! snapshot's text (see `Document::edited`); a buffer patched in place with the changes of two
//! versions folds the bytes of the earlier one itself.

use nianbao_core::text::to_simplified;
use nianbao_core::Change;
use ropey::Rope;

use crate::analysis::Analysed;

/// The text buffer of a version no longer in use (the snapshot before the installed one): the next
/// analysis of a large text writes its text into it instead of allocating, and faulting in,
/// megabytes again — patching it in place when it holds the version the installed snapshot was
/// patched from.
#[derive(Debug)]
pub struct Spare {
    /// The sequence number of the text the buffer holds.
    pub seq: u64,
    pub text: String,
}

/// The text of `base` with `change` applied, the changed bytes read from `rope` (the new text) as
/// they are, written into `buffer` when there is one.
pub(crate) fn patched(base: &str, rope: &Rope, change: Change, buffer: Option<String>) -> String {
    let mut text = buffer.unwrap_or_default();
    text.clear();
    text.reserve(rope.len_bytes());
    text.push_str(&base[..change.start]);
    for chunk in rope.byte_slice(change.start..change.new_end).chunks() {
        text.push_str(chunk);
    }
    text.push_str(&base[change.old_end..]);
    text
}

/// The new text of a job whose base is `base`: the spare buffer patched in place when it holds the
/// version `base` was patched from, else `base`'s text with `change` applied, written into the
/// spare buffer when there is one.
pub(crate) fn new_text(
    base: &Analysed,
    rope: &Rope,
    change: Change,
    spare: Option<Spare>,
) -> String {
    let Some(mut spare) = spare else {
        return patched(base.text(), rope, change, None);
    };
    if let Some(earlier) = base
        .from
        .filter(|(seq, _)| *seq == spare.seq)
        .map(|(_, c)| c)
    {
        if in_place(&mut spare.text, rope, earlier.then(change), change) {
            return spare.text;
        }
    }
    patched(base.text(), rope, change, Some(spare.text))
}

/// Applies `c` to `text` in place, the new bytes read from `rope` (the text after it), and folds
/// those outside the bytes of `last` (the last of the changes `c` combines, whose bytes the engine
/// folds); false, and `text` untouched, when the change does not fit the two texts.
fn in_place(text: &mut String, rope: &Rope, c: Change, last: Change) -> bool {
    let fits = c.start <= c.old_end
        && c.old_end <= text.len()
        && c.start <= c.new_end
        && c.new_end <= rope.len_bytes()
        && text.len() - c.old_end == rope.len_bytes() - c.new_end
        && text.is_char_boundary(c.start)
        && text.is_char_boundary(c.old_end);
    let Some(new) = fits
        .then(|| rope.get_byte_slice(c.start..c.new_end))
        .flatten()
    else {
        return false;
    };
    let new: String = new.chunks().collect();
    text.replace_range(c.start..c.old_end, &new);
    let from = last.start.clamp(c.start, c.new_end);
    let to = last.new_end.clamp(from, c.new_end);
    if text.is_char_boundary(from) && text.is_char_boundary(to) {
        fold(text, to..c.new_end);
        fold(text, c.start..from);
    } else {
        fold(text, c.start..c.new_end);
    }
    true
}

/// Folds the traditional characters of `text[range]` in place (folding keeps every byte offset).
fn fold(text: &mut String, range: std::ops::Range<usize>) {
    if let Some(std::borrow::Cow::Owned(folded)) = text.get(range.clone()).map(to_simplified) {
        text.replace_range(range, &folded);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_core::Change;

    #[test]
    fn a_patched_text_written_into_a_spare_buffer_is_the_new_text() {
        let base = "一、总体情况\n本年度𠮷收到申请3件。\n";
        let new = base.replace("3件", "13件");
        let at = base.find('3').unwrap();
        let change = Change {
            start: at,
            old_end: at,
            new_end: at + 1,
        };
        let spare = Some("an old, longer text that must not show through".repeat(10));
        assert_eq!(patched(base, &Rope::from_str(&new), change, spare), new);
        assert_eq!(patched(base, &Rope::from_str(&new), change, None), new);
    }

    /// Replaces the chars `from..to` of `text` with `with`; the new text and the change in bytes.
    fn edit(text: &str, from: usize, to: usize, with: &str) -> (String, Change) {
        let at = |k: usize| text.char_indices().nth(k).map_or(text.len(), |(i, _)| i);
        let (start, end) = (at(from), at(to.max(from)));
        (
            format!("{}{with}{}", &text[..start], &text[end..]),
            Change {
                start,
                old_end: end,
                new_end: start + with.len(),
            },
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { failure_persistence: None, ..proptest::prelude::ProptestConfig::with_cases(256) })]

        /// The text two versions back, patched in place with the two changes combined, is the
        /// newest text, the traditional characters of the first change folded (the engine folds the
        /// last's).
        #[test]
        fn a_buffer_two_versions_back_patched_in_place_is_the_new_text(
            text in "[a年𠮷|\\n0-9]{0,40}",
            e1 in (0usize..45, 0usize..5, "[b报報𠮷\\n]{0,3}"),
            e2 in (0usize..45, 0usize..5, "[c表報𠮷\\n]{0,3}"),
        ) {
            let (mid, c1) = edit(&text, e1.0, e1.0 + e1.1, &e1.2);
            let (new, c2) = edit(&mid, e2.0, e2.0 + e2.1, &e2.2);
            let mut buffer = text.clone();
            proptest::prop_assert!(in_place(&mut buffer, &Rope::from_str(&new), c1.then(c2), c2));
            let folded = |s: &str| to_simplified(s).into_owned();
            proptest::prop_assert_eq!(&buffer[c2.start..c2.new_end], &new[c2.start..c2.new_end]);
            proptest::prop_assert_eq!(&buffer[..c2.start], folded(&new[..c2.start]));
            proptest::prop_assert_eq!(&buffer[c2.new_end..], folded(&new[c2.new_end..]));
        }
    }
}
