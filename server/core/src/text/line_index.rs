//! Conversion between byte offsets and (line, column) positions in UTF-8, UTF-16 or UTF-32 units.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the Language Server Protocol defines them. Only line
//! starts are stored; columns are counted by walking one line, so there is no per-byte table.

use serde::Serialize;

/// The unit a column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum PositionEncoding {
    /// Bytes of UTF-8 (a CJK character is 3).
    Utf8,
    /// UTF-16 code units (a CJK character is 1, 𠮷 is 2).
    Utf16,
    /// Unicode scalar values (every character is 1).
    Utf32,
}

/// A zero-based line and a zero-based column in some [`PositionEncoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// The start offset of every line of one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Line starts as `u32` (half the memory of `usize`; texts are far below 4 GiB — the server refuses
    /// messages over 1 GiB — and a longer text's lines past 4 GiB are read as its last line).
    starts: Vec<u32>,
    len: usize,
}

/// A line start as stored: `None` past 4 GiB.
fn stored(offset: usize) -> Option<u32> {
    u32::try_from(offset).ok()
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let end = bytes.len().min(u32::MAX as usize - 1);
        // The next line starts after `\n`, `\r\n` or a lone `\r`; the `\n` of a `\r\n` is passed over.
        let mut next = 0;
        for at in memchr::memchr2_iter(b'\n', b'\r', &bytes[..end]) {
            if at < next {
                continue;
            }
            next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') { at + 2 } else { at + 1 };
            starts.extend(stored(next));
        }
        LineIndex { starts, len: text.len() }
    }

    /// The index of `text`, which is the text of `self` with bytes `start..old_end` replaced by bytes
    /// `start..new_end` of `text`: only the lines around the edit are scanned again, the rest are moved.
    pub fn edited(&self, text: &str, start: usize, old_end: usize, new_end: usize) -> LineIndex {
        let consistent = start <= old_end && start <= new_end && new_end <= text.len() && old_end <= self.len
            && self.len - old_end == text.len() - new_end;
        if !consistent || stored(text.len()).is_none() || stored(self.len).is_none() {
            return LineIndex::new(text);
        }
        let bytes = text.as_bytes();
        // A line starts at `p` when the byte before it ends a line: `\n`, or `\r` not followed by `\n`.
        // That depends on the bytes at `p - 1` and `p` only, so the starts before `start` and after
        // `old_end + 1` are as they were.
        let is_start = |p: usize| match bytes.get(p.wrapping_sub(1)) {
            Some(b'\n') => p > 0,
            Some(b'\r') => p > 0 && bytes.get(p) != Some(&b'\n'),
            _ => false,
        };
        let keep = self.starts.partition_point(|&s| (s as usize) < start.max(1));
        let mut starts = Vec::with_capacity(self.starts.len() + (new_end - start) / 16 + 1);
        starts.extend_from_slice(&self.starts[..keep]);
        starts.extend((start.max(1)..=(new_end + 1).min(text.len())).filter(|&p| is_start(p)).filter_map(stored));
        let after = self.starts.partition_point(|&s| s as usize <= old_end + 1);
        // Both lengths are below 4 GiB (checked above), so the moved starts are too.
        starts.extend(self.starts[after..].iter().map(|&s| (s as usize - old_end + new_end) as u32));
        LineIndex { starts, len: text.len() }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte offset where line `line` starts; the text length past the last line.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).map_or(self.len, |&s| s as usize)
    }

    /// The line that holds `offset` (offsets past the end belong to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        let Some(offset) = stored(offset) else { return self.starts.len() - 1 };
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// The byte range of line `line` without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.line_start(line);
        let mut end = self.line_start(line + 1).min(text.len());
        let bytes = text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        (start, end.max(start))
    }

    /// Converts a byte offset to a position; an offset inside a character or past the end is clamped.
    pub fn to_line_col(&self, text: &str, offset: usize, enc: PositionEncoding) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let col = count_units(&text[start..offset], enc);
        LineCol { line: line as u32, col: col as u32 }
    }

    /// Converts a position to a byte offset. A line past the end is the end of the text; a column past
    /// the end of its line is the end of the line; a column inside a character is that character's start.
    pub fn to_offset(&self, text: &str, pos: LineCol, enc: PositionEncoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let (start, end) = self.line_range(text, line);
        let mut units = 0usize;
        for (i, c) in text[start..end].char_indices() {
            let w = char_units(c, enc);
            if units + w > pos.col as usize {
                return start + i;
            }
            units += w;
        }
        end
    }
}

fn char_units(c: char, enc: PositionEncoding) -> usize {
    match enc {
        PositionEncoding::Utf8 => c.len_utf8(),
        PositionEncoding::Utf16 => c.len_utf16(),
        PositionEncoding::Utf32 => 1,
    }
}

/// Counts the units of `s` in the given encoding.
pub fn count_units(s: &str, enc: PositionEncoding) -> usize {
    match enc {
        PositionEncoding::Utf8 => s.len(),
        PositionEncoding::Utf16 => s.chars().map(char::len_utf16).sum(),
        PositionEncoding::Utf32 => s.chars().count(),
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_cjk_and_astral_characters_per_encoding() {
        let text = "一、总体情况\n𠮷a政处罚\r\n末";
        let idx = LineIndex::new(text);
        let at = text.find("政").unwrap();
        assert_eq!(idx.to_line_col(text, at, PositionEncoding::Utf8), LineCol { line: 1, col: 5 });
        assert_eq!(idx.to_line_col(text, at, PositionEncoding::Utf16), LineCol { line: 1, col: 3 });
        assert_eq!(idx.to_line_col(text, at, PositionEncoding::Utf32), LineCol { line: 1, col: 2 });
        for enc in [PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32] {
            let pos = idx.to_line_col(text, at, enc);
            assert_eq!(idx.to_offset(text, pos, enc), at);
        }
        assert_eq!(idx.to_line_col(text, text.find("末").unwrap(), PositionEncoding::Utf16), LineCol { line: 2, col: 0 });
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "ab\r\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.to_offset(text, LineCol { line: 0, col: 99 }, PositionEncoding::Utf16), 2);
        assert_eq!(idx.to_offset(text, LineCol { line: 9, col: 0 }, PositionEncoding::Utf16), text.len());
        let astral = "𠮷x";
        let idx = LineIndex::new(astral);
        // A column in the middle of a surrogate pair lands on the character's start.
        assert_eq!(idx.to_offset(astral, LineCol { line: 0, col: 1 }, PositionEncoding::Utf16), 0);
        assert_eq!(idx.to_line_col(astral, 2, PositionEncoding::Utf16), LineCol { line: 0, col: 0 });
    }

    #[test]
    fn an_edited_index_equals_a_new_one() {
        let texts = ["a\r\nb\rc\n\nd", "\r\n\r\n", "x\ry", "一\n二\r\n三\r"];
        let inserts = ["", "\n", "\r", "\r\n", "z", "\n\rq"];
        for text in texts {
            let old = LineIndex::new(text);
            for start in 0..=text.len() {
                for end in start..=text.len() {
                    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                        continue;
                    }
                    for ins in inserts {
                        let new = format!("{}{ins}{}", &text[..start], &text[end..]);
                        let edited = old.edited(&new, start, end, start + ins.len());
                        assert_eq!(edited, LineIndex::new(&new), "{text:?} {start}..{end} → {ins:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let text = "a\rb\nc";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        assert_eq!(idx.line_range(text, 0), (0, 1));
        assert_eq!(idx.line_range(text, 1), (2, 3));
    }

    proptest::proptest! {
        #[test]
        fn lines_start_after_every_line_break(text in "[a\r\n一𠮷]{0,40}") {
            // The line starts by a plain walk: after `\n`, after `\r\n`, after a lone `\r`.
            let bytes = text.as_bytes();
            let mut expected = vec![0];
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                if bytes[i] == b'\n' || bytes[i] == b'\r' {
                    expected.push(i + 1);
                }
                i += 1;
            }
            let idx = LineIndex::new(&text);
            let starts: Vec<usize> = (0..idx.line_count()).map(|l| idx.line_start(l)).collect();
            proptest::prop_assert_eq!(starts, expected);
        }
    }
}
