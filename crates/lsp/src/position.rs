//! Position encodings: the negotiation of `general.positionEncodings`, and every conversion between
//! a protocol `Position` and a byte offset. No other module counts columns.
//!
//! Edits arriving from the client are converted with the rope they apply to (logarithmic in the
//! text's size); positions in results are converted with the snapshot's `LineIndex`. Out-of-range
//! positions are clamped: a line past the end is the end of the text, a column past the end of its
//! line is the end of that line, and a column inside a character (half of a surrogate pair, a byte
//! inside a CJK character) is that character's start.

use nianbao_core::text::TextRange;
use nianbao_core::text::{LineCol, LineIndex, PositionEncoding};
use ropey::Rope;
use tower_lsp_server::ls_types::{ClientCapabilities, Position, PositionEncodingKind, Range};

/// Chooses the encoding from what the client offers: UTF-8 if offered, else UTF-16 (which every
/// client supports and which is the default when the client says nothing), else UTF-32 if it is the
/// only one offered besides ones we do not know.
pub fn negotiate(caps: &ClientCapabilities) -> PositionEncoding {
    let offered = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_deref())
        .unwrap_or(&[]);
    if offered.contains(&PositionEncodingKind::UTF8) {
        PositionEncoding::Utf8
    } else if offered.is_empty() || offered.contains(&PositionEncodingKind::UTF16) {
        PositionEncoding::Utf16
    } else if offered.contains(&PositionEncodingKind::UTF32) {
        PositionEncoding::Utf32
    } else {
        PositionEncoding::Utf16
    }
}

/// The protocol's name of an encoding.
pub fn kind(enc: PositionEncoding) -> PositionEncodingKind {
    match enc {
        PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
        PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
        PositionEncoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

/// The char index in `rope` of `pos`, clamped into the text.
pub fn rope_char(rope: &Rope, pos: Position, enc: PositionEncoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let line_start = rope.line_to_char(line);
    let line_end = line_start + line_len_without_break(rope, line);
    let col = pos.character as usize;
    match enc {
        PositionEncoding::Utf8 => {
            let start_byte = rope.char_to_byte(line_start);
            let end_byte = rope.char_to_byte(line_end);
            // `byte_to_char` gives the character a byte belongs to, so a byte inside a character
            // lands on the character's start.
            rope.byte_to_char(start_byte.saturating_add(col).min(end_byte))
        }
        PositionEncoding::Utf16 => {
            let start_cu = rope.char_to_utf16_cu(line_start);
            let end_cu = rope.char_to_utf16_cu(line_end);
            // `utf16_cu_to_char` gives the character a code unit belongs to: the low half of a
            // surrogate pair lands on the pair's character.
            rope.utf16_cu_to_char(start_cu.saturating_add(col).min(end_cu))
        }
        PositionEncoding::Utf32 => line_start.saturating_add(col).min(line_end),
    }
}

/// The number of chars of line `line` without its line break.
fn line_len_without_break(rope: &Rope, line: usize) -> usize {
    let slice = rope.line(line);
    let mut len = slice.len_chars();
    if len > 0 && slice.char(len - 1) == '\n' {
        len -= 1;
    }
    if len > 0 && slice.char(len - 1) == '\r' {
        len -= 1;
    }
    len
}

/// The char range in `rope` of `range`; a range whose start is after its end is empty at its start.
pub fn rope_chars(rope: &Rope, range: Range, enc: PositionEncoding) -> (usize, usize) {
    let start = rope_char(rope, range.start, enc);
    let end = rope_char(rope, range.end, enc);
    (start, end.max(start))
}

/// Converts between protocol positions and byte offsets of one analysed text.
#[derive(Clone, Copy)]
pub struct Converter<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub enc: PositionEncoding,
}

impl<'a> Converter<'a> {
    pub fn new(text: &'a str, index: &'a LineIndex, enc: PositionEncoding) -> Converter<'a> {
        Converter { text, index, enc }
    }

    /// The position of a byte offset (clamped into the text).
    pub fn position(&self, offset: usize) -> Position {
        let lc = self.index.to_line_col(self.text, offset, self.enc);
        Position {
            line: lc.line,
            character: lc.col,
        }
    }

    /// The protocol range of a byte range.
    pub fn range(&self, range: TextRange) -> Range {
        Range {
            start: self.position(range.start),
            end: self.position(range.end.max(range.start)),
        }
    }

    /// The byte offset of a position, clamped into the text.
    pub fn offset(&self, pos: Position) -> usize {
        self.index.to_offset(
            self.text,
            LineCol {
                line: pos.line,
                col: pos.character,
            },
            self.enc,
        )
    }

    /// The byte range of a protocol range; a range whose start is after its end is empty at its
    /// start.
    pub fn text_range(&self, range: Range) -> TextRange {
        let start = self.offset(range.start);
        let end = self.offset(range.end).max(start);
        TextRange { start, end }
    }

    /// The zero-based line of a byte offset.
    pub fn line(&self, offset: usize) -> u32 {
        self.position(offset).line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::GeneralClientCapabilities;

    const ALL: [PositionEncoding; 3] = [
        PositionEncoding::Utf8,
        PositionEncoding::Utf16,
        PositionEncoding::Utf32,
    ];

    fn caps(offered: Option<Vec<PositionEncodingKind>>) -> ClientCapabilities {
        ClientCapabilities {
            general: Some(GeneralClientCapabilities {
                position_encodings: offered,
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn negotiation_prefers_utf8_then_utf16_then_utf32() {
        use PositionEncodingKind as K;
        assert_eq!(
            negotiate(&ClientCapabilities::default()),
            PositionEncoding::Utf16
        );
        assert_eq!(negotiate(&caps(None)), PositionEncoding::Utf16);
        assert_eq!(
            negotiate(&caps(Some(vec![K::UTF16, K::UTF8]))),
            PositionEncoding::Utf8
        );
        assert_eq!(
            negotiate(&caps(Some(vec![K::UTF32, K::UTF16]))),
            PositionEncoding::Utf16
        );
        assert_eq!(
            negotiate(&caps(Some(vec![K::UTF32]))),
            PositionEncoding::Utf32
        );
        assert_eq!(
            negotiate(&caps(Some(vec![K::new("utf-7")]))),
            PositionEncoding::Utf16
        );
    }

    #[test]
    fn rope_and_line_index_agree_on_every_position() {
        let text = "一、总体情况\r\n𠮷a政处罚\n\r末尾😀x\r";
        let rope = Rope::from_str(text);
        let index = LineIndex::new(text);
        for enc in ALL {
            let conv = Converter::new(text, &index, enc);
            for line in 0..7u32 {
                for character in 0..16u32 {
                    let pos = Position { line, character };
                    let by_rope = rope.char_to_byte(rope_char(&rope, pos, enc));
                    assert_eq!(by_rope, conv.offset(pos), "{enc:?} {pos:?}");
                }
            }
            for (offset, _) in text.char_indices() {
                let pos = conv.position(offset);
                if !text[offset..].starts_with('\n') || !text[..offset].ends_with('\r') {
                    assert_eq!(conv.offset(pos), offset, "{enc:?} {offset}");
                }
            }
        }
    }

    #[test]
    fn astral_and_cjk_columns_per_encoding() {
        let text = "𠮷一x";
        let rope = Rope::from_str(text);
        let x = text.find('x').unwrap();
        let col = |enc| match enc {
            PositionEncoding::Utf8 => 7,
            PositionEncoding::Utf16 => 3,
            PositionEncoding::Utf32 => 2,
        };
        for enc in ALL {
            let pos = Position {
                line: 0,
                character: col(enc),
            };
            assert_eq!(rope.char_to_byte(rope_char(&rope, pos, enc)), x);
        }
        // Half of the surrogate pair of 𠮷 lands on its start.
        assert_eq!(
            rope_char(
                &rope,
                Position {
                    line: 0,
                    character: 1
                },
                PositionEncoding::Utf16
            ),
            0
        );
    }

    #[test]
    fn reversed_and_out_of_range_ranges_are_clamped() {
        let rope = Rope::from_str("ab\ncd");
        let r = Range {
            start: Position {
                line: 1,
                character: 1,
            },
            end: Position {
                line: 0,
                character: 0,
            },
        };
        assert_eq!(rope_chars(&rope, r, PositionEncoding::Utf16), (4, 4));
        let r = Range {
            start: Position {
                line: 0,
                character: 99,
            },
            end: Position {
                line: 99,
                character: 0,
            },
        };
        assert_eq!(rope_chars(&rope, r, PositionEncoding::Utf16), (2, 5));
    }
}
