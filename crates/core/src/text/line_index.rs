//! Conversion between byte offsets and (line, column) positions in UTF-8, UTF-16 or UTF-32 units.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the Language Server Protocol defines them. Only
//! line starts are stored; columns are counted by walking one line, so there is no per-byte table.

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

/// How many line starts a chunk of a [`LineIndex`] holds at most (a few in the crate's own tests,
/// so that they cross chunk boundaries).
const LINES_PER_CHUNK: usize = if cfg!(test) { 4 } else { 1024 };

/// The start offset of every line of one text, kept in chunks shared between versions: each chunk's
/// starts are relative to its first, so that an edit builds again the chunks it touches and moves
/// the others whole (see [`LineIndex::edited`]). Two indexes are equal when their line starts are,
/// however they are chunked.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Never empty chunks, in order; the first starts with line 0 at offset 0.
    chunks: Vec<LineChunk>,
    len: usize,
}

/// A run of consecutive line starts.
#[derive(Debug, Clone)]
struct LineChunk {
    /// The offset where the chunk's first line starts.
    base: u32,
    /// The number of the chunk's first line.
    first: usize,
    /// Line starts as `u32` relative to `base` (half the memory of `usize`; texts are far below 4
    /// GiB — the server refuses messages over 1 GiB — and a longer text's lines past 4 GiB are read
    /// as its last line).
    starts: std::sync::Arc<[u32]>,
}

impl PartialEq for LineIndex {
    fn eq(&self, other: &LineIndex) -> bool {
        self.len == other.len
            && self.line_count() == other.line_count()
            && self.starts().eq(other.starts())
    }
}

impl Eq for LineIndex {}

/// A line start as stored: `None` past 4 GiB.
fn stored(offset: usize) -> Option<u32> {
    u32::try_from(offset).ok()
}

/// Appends line starts (offsets in the text), the first of which is line `first`, as chunks of at
/// most [`LINES_PER_CHUNK`] starts of nearly equal sizes.
fn push_chunks(chunks: &mut Vec<LineChunk>, first: usize, starts: &[u32]) {
    let n = starts.len().div_ceil(LINES_PER_CHUNK);
    let mut from = 0;
    for k in 0..n {
        let size = (starts.len() - from) / (n - k);
        let run = &starts[from..from + size];
        let base = run[0];
        chunks.push(LineChunk {
            base,
            first: first + from,
            starts: run.iter().map(|&s| s - base).collect(),
        });
        from += size;
    }
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let end = bytes.len().min(u32::MAX as usize - 1);
        // The next line starts after `\n`, `\r\n` or a lone `\r`; the `\n` of a `\r\n` is passed
        // over.
        let mut next = 0;
        for at in memchr::memchr2_iter(b'\n', b'\r', &bytes[..end]) {
            if at < next {
                continue;
            }
            next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.extend(stored(next));
        }
        let mut chunks = Vec::with_capacity(starts.len().div_ceil(LINES_PER_CHUNK));
        push_chunks(&mut chunks, 0, &starts);
        LineIndex {
            chunks,
            len: text.len(),
        }
    }

    /// The index of `text`, which is the text of `self` with bytes `start..old_end` replaced by
    /// bytes `start..new_end` of `text`: only the lines around the edit are scanned again, and only
    /// the chunks that hold them are built again; the chunks after them are moved, the ones before
    /// them shared.
    pub fn edited(&self, text: &str, start: usize, old_end: usize, new_end: usize) -> LineIndex {
        let consistent = start <= old_end
            && start <= new_end
            && new_end <= text.len()
            && old_end <= self.len
            && self.len - old_end == text.len() - new_end;
        if !consistent
            || stored(text.len()).is_none()
            || stored(self.len).is_none()
            || self.chunks.is_empty()
        {
            return LineIndex::new(text);
        }
        let bytes = text.as_bytes();
        // A line starts at `p` when the byte before it ends a line: `\n`, or `\r` not followed by
        // `\n`. That depends on the bytes at `p - 1` and `p` only, so the starts before `start` and
        // after `old_end + 1` are as they were.
        let is_start = |p: usize| match bytes.get(p.wrapping_sub(1)) {
            Some(b'\n') => p > 0,
            Some(b'\r') => p > 0 && bytes.get(p) != Some(&b'\n'),
            _ => false,
        };
        // Lines `keep..after` of the old text are replaced by the lines that start in the edited
        // stretch.
        let keep = self.partition_point(|s| (s as usize) < start.max(1));
        let after = self.partition_point(|s| s as usize <= old_end + 1);
        let lo = self
            .chunks
            .partition_point(|c| c.first <= keep)
            .saturating_sub(1);
        let mut hi = self.chunks.partition_point(|c| c.first < after).max(lo + 1);
        // Both lengths are below 4 GiB (checked above), so the moved starts are too.
        let moved = |s: u32| (s as usize - old_end + new_end) as u32;
        let mut middle: Vec<u32> =
            Vec::with_capacity(2 * LINES_PER_CHUNK + (new_end - start) / 16 + 1);
        middle.extend(self.starts_in(self.chunks[lo].first..keep));
        middle.extend(
            (start.max(1)..=(new_end + 1).min(text.len()))
                .filter(|&p| is_start(p))
                .filter_map(stored),
        );
        let added = middle.len() - (keep - self.chunks[lo].first);
        let chunks_end = self.chunks[hi - 1].first + self.chunks[hi - 1].starts.len();
        middle.extend(self.starts_in(after..chunks_end).map(moved));
        // A short run joins the chunk after it, so that edits do not leave ever smaller chunks.
        if middle.len() < LINES_PER_CHUNK / 2 {
            if let Some(next) = self.chunks.get(hi) {
                middle.extend(next.starts.iter().map(|&s| moved(next.base + s)));
                hi += 1;
            }
        }
        let mut chunks = Vec::with_capacity(self.chunks.len() + 2);
        chunks.extend_from_slice(&self.chunks[..lo]);
        push_chunks(&mut chunks, self.chunks[lo].first, &middle);
        chunks.extend(self.chunks[hi..].iter().map(|c| LineChunk {
            base: moved(c.base),
            first: c.first - (after - keep) + added,
            starts: std::sync::Arc::clone(&c.starts),
        }));
        LineIndex {
            chunks,
            len: text.len(),
        }
    }

    /// Every line start, in order.
    fn starts(&self) -> impl Iterator<Item = u32> + '_ {
        self.chunks
            .iter()
            .flat_map(|c| c.starts.iter().map(move |&s| c.base + s))
    }

    /// The starts of the lines in `lines` (which is within the lines there are).
    fn starts_in(&self, lines: std::ops::Range<usize>) -> impl Iterator<Item = u32> + '_ {
        let lo = self
            .chunks
            .partition_point(|c| c.first <= lines.start)
            .saturating_sub(1);
        self.chunks[lo..]
            .iter()
            .take_while(move |c| c.first < lines.end)
            .flat_map(move |c| {
                let from = lines.start.saturating_sub(c.first).min(c.starts.len());
                let to = (lines.end - c.first).min(c.starts.len());
                c.starts[from..to].iter().map(move |&s| c.base + s)
            })
    }

    /// The number of line starts for which `pred` holds (it holds for the first ones and not
    /// after).
    fn partition_point(&self, pred: impl Fn(u32) -> bool) -> usize {
        let k = self.chunks.partition_point(|c| pred(c.base));
        let Some(c) = k.checked_sub(1).and_then(|k| self.chunks.get(k)) else {
            return 0;
        };
        c.first + c.starts.partition_point(|&s| pred(c.base + s))
    }

    pub fn line_count(&self) -> usize {
        self.chunks.last().map_or(1, |c| c.first + c.starts.len())
    }

    /// The byte offset where line `line` starts; the text length past the last line.
    pub fn line_start(&self, line: usize) -> usize {
        let k = self
            .chunks
            .partition_point(|c| c.first <= line)
            .saturating_sub(1);
        self.chunks
            .get(k)
            .and_then(|c| c.starts.get(line - c.first).map(|&s| (c.base + s) as usize))
            .unwrap_or(self.len)
    }

    /// The line that holds `offset` (offsets past the end belong to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        let Some(offset) = stored(offset) else {
            return self.line_count() - 1;
        };
        self.partition_point(|s| s <= offset).saturating_sub(1)
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

    /// Converts a byte offset to a position; an offset inside a character or past the end is
    /// clamped.
    pub fn to_line_col(&self, text: &str, offset: usize, enc: PositionEncoding) -> LineCol {
        let offset = super::bytes::floor_char_boundary(text, offset);
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let col = count_units(&text[start..offset], enc);
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// Converts a position to a byte offset. A line past the end is the end of the text; a column
    /// past the end of its line is the end of the line; a column inside a character is that
    /// character's start.
    pub fn to_offset(&self, text: &str, pos: LineCol, enc: PositionEncoding) -> usize {
        let line = pos.line as usize;
        if line >= self.line_count() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_cjk_and_astral_characters_per_encoding() {
        let text = "一、总体情况\n𠮷a政处罚\r\n末";
        let idx = LineIndex::new(text);
        let at = text.find("政").unwrap();
        assert_eq!(
            idx.to_line_col(text, at, PositionEncoding::Utf8),
            LineCol { line: 1, col: 5 }
        );
        assert_eq!(
            idx.to_line_col(text, at, PositionEncoding::Utf16),
            LineCol { line: 1, col: 3 }
        );
        assert_eq!(
            idx.to_line_col(text, at, PositionEncoding::Utf32),
            LineCol { line: 1, col: 2 }
        );
        for enc in [
            PositionEncoding::Utf8,
            PositionEncoding::Utf16,
            PositionEncoding::Utf32,
        ] {
            let pos = idx.to_line_col(text, at, enc);
            assert_eq!(idx.to_offset(text, pos, enc), at);
        }
        assert_eq!(
            idx.to_line_col(text, text.find("末").unwrap(), PositionEncoding::Utf16),
            LineCol { line: 2, col: 0 }
        );
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "ab\r\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.to_offset(text, LineCol { line: 0, col: 99 }, PositionEncoding::Utf16),
            2
        );
        assert_eq!(
            idx.to_offset(text, LineCol { line: 9, col: 0 }, PositionEncoding::Utf16),
            text.len()
        );
        let astral = "𠮷x";
        let idx = LineIndex::new(astral);
        // A column in the middle of a surrogate pair lands on the character's start.
        assert_eq!(
            idx.to_offset(astral, LineCol { line: 0, col: 1 }, PositionEncoding::Utf16),
            0
        );
        assert_eq!(
            idx.to_line_col(astral, 2, PositionEncoding::Utf16),
            LineCol { line: 0, col: 0 }
        );
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
                        assert_eq!(
                            edited,
                            LineIndex::new(&new),
                            "{text:?} {start}..{end} → {ins:?}"
                        );
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

    /// A text of line breaks and characters, and edits of it: where (a fraction of the text), how
    /// many bytes to delete and what to insert.
    fn edits() -> impl proptest::strategy::Strategy<Value = (String, Vec<(f64, usize, String)>)> {
        let text = "[a\r\n一]{0,120}";
        (
            text,
            proptest::collection::vec((0.0f64..=1.0, 0usize..30, "[b\r\n二]{0,12}"), 1..8),
        )
    }

    proptest::proptest! {
        #[test]
        fn an_index_edited_again_and_again_equals_a_new_one((text, edits) in edits()) {
            // Chunks of four lines in these tests: edits rebuild, split, join and move chunks.
            let mut text = text;
            let mut idx = LineIndex::new(&text);
            for (at, del, ins) in edits {
                let mut start = ((text.len() as f64) * at) as usize;
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let mut end = (start + del).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                let new = format!("{}{ins}{}", &text[..start], &text[end..]);
                idx = idx.edited(&new, start, end, start + ins.len());
                text = new;
                let fresh = LineIndex::new(&text);
                proptest::prop_assert_eq!(&idx, &fresh);
                for offset in 0..=text.len() + 1 {
                    proptest::prop_assert_eq!(idx.line_of(offset), fresh.line_of(offset));
                }
                for line in 0..=idx.line_count() {
                    proptest::prop_assert_eq!(idx.line_start(line), fresh.line_start(line));
                }
            }
        }

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
