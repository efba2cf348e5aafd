//! The UTF-16 positions of a few byte offsets of a text, found by counting the line breaks between
//! the sorted offsets rather than from an index of every line start.

use super::bytes::{count_two, floor_char_boundary};
use super::line_index::{LineCol, LineIndex, PositionEncoding};

/// Some offsets of one text and their positions (0-based line, UTF-16 column), as
/// [`LineIndex::to_line_col`] gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utf16Positions {
    /// The offsets asked for, sorted and without repeats, each with its position.
    known: Vec<(usize, LineCol)>,
}

/// A text from this length on is left to [`LineIndex`], which reads its lines past 4 GiB as its
/// last.
const LONGEST_WALKED: usize = u32::MAX as usize - 1;

impl Utf16Positions {
    /// The positions of `offsets` (in any order, repeats allowed) in `text`. A report gets a
    /// handful of diagnostics: counting the line breaks up to their sorted offsets costs less than
    /// indexing every line of the text.
    pub fn new(text: &str, offsets: impl IntoIterator<Item = usize>) -> Utf16Positions {
        let mut offsets: Vec<usize> = offsets.into_iter().collect();
        offsets.sort_unstable();
        offsets.dedup();
        if text.len() >= LONGEST_WALKED {
            let index = LineIndex::new(text);
            let known = offsets
                .into_iter()
                .map(|o| (o, index.to_line_col(text, o, PositionEncoding::Utf16)))
                .collect();
            return Utf16Positions { known };
        }
        let bytes = text.as_bytes();
        // The line of the offsets walked to so far, and where it was counted to.
        let (mut line, mut counted_to) = (0usize, 0usize);
        let mut known = Vec::with_capacity(offsets.len());
        for offset in offsets {
            let at = floor_char_boundary(text, offset);
            line += breaks_before(bytes, counted_to, at);
            counted_to = at;
            let col = utf16_units(&bytes[line_start(bytes, at)..at]);
            known.push((
                offset,
                LineCol {
                    line: line as u32,
                    col: col as u32,
                },
            ));
        }
        Utf16Positions { known }
    }

    /// The position of `offset`, one of the offsets given to [`Utf16Positions::new`]; of another
    /// offset, the position of the nearest given offset before it (the start of the text if none).
    pub fn get(&self, offset: usize) -> LineCol {
        match self.known.binary_search_by_key(&offset, |&(o, _)| o) {
            Ok(i) => self.known[i].1,
            Err(i) => i
                .checked_sub(1)
                .map_or(LineCol { line: 0, col: 0 }, |i| self.known[i].1),
        }
    }
}

/// How many line breaks stand at `from..to` of `bytes` with a line starting after them at or before
/// `to`: every `\n`, and every `\r` that no `\n` follows (the `\n` of a `\r\n` counts for both).
/// The bytes are counted in arithmetic the compiler runs on 32 bytes at a time.
fn breaks_before(bytes: &[u8], from: usize, to: usize) -> usize {
    let segment = &bytes[from..to];
    let (newlines, returns) = count_two(segment, |b| b == b'\n', |b| b == b'\r');
    if returns == 0 {
        return newlines;
    }
    let followed = memchr::memchr_iter(b'\r', segment)
        .filter(|&i| bytes.get(from + i + 1) == Some(&b'\n'))
        .count();
    newlines + returns - followed
}

/// Where the line that holds `at` starts: after the last `\n` or lone `\r` before it (a `\r` right
/// before `at` whose `\n` stands at `at` ends no line yet).
fn line_start(bytes: &[u8], at: usize) -> usize {
    let mut end = at;
    while let Some(b) = memchr::memrchr2(b'\n', b'\r', &bytes[..end]) {
        if bytes[b] == b'\r' && bytes.get(b + 1) == Some(&b'\n') && b + 1 == at {
            end = b;
            continue;
        }
        return b + 1;
    }
    0
}

/// How many UTF-16 units the whole characters of `bytes` take: one for each character, and one more
/// for each of four bytes (led by F0 to F4).
fn utf16_units(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Every offset, in or past the text and inside characters too, gets the position the line
        /// index gives it, whatever the line breaks.
        #[test]
        fn positions_are_those_of_the_line_index(
            text in "[a中𠮷\r\n]{0,40}",
            offsets in proptest::collection::vec(0usize..200, 0..12),
        ) {
            let index = LineIndex::new(&text);
            let positions = Utf16Positions::new(&text, offsets.iter().copied());
            for &o in &offsets {
                proptest::prop_assert_eq!(positions.get(o), index.to_line_col(&text, o, PositionEncoding::Utf16), "{:?} at {}", text, o);
            }
        }
    }

    #[test]
    fn every_offset_of_short_texts_is_placed_as_the_line_index_places_it() {
        let mut texts = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|s| {
                    ['a', '中', '𠮷', '\r', '\n']
                        .into_iter()
                        .map(move |c| format!("{s}{c}"))
                })
                .collect();
            texts.extend(last.iter().cloned());
        }
        for text in texts {
            let index = LineIndex::new(&text);
            let offsets: Vec<usize> = (0..=text.len() + 2).rev().collect();
            let positions = Utf16Positions::new(&text, offsets.iter().copied());
            for o in offsets {
                assert_eq!(
                    positions.get(o),
                    index.to_line_col(&text, o, PositionEncoding::Utf16),
                    "{text:?} at {o}"
                );
            }
        }
    }
}
