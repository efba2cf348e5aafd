//! Fuzz target: conversion between byte offsets and (line, column) positions in UTF-8, UTF-16 and
//! UTF-32 (`LineIndex`), against a naive reference that walks the text character by character.
//!
//! Checked for every offset of the text (on a char boundary, inside a character, past the end) and
//! for positions read from the input (columns inside characters and past the end of their line,
//! lines past the end of the text): the line starts and ranges, the position of every offset, the
//! round trip offset → position → offset, and the clamping rules of `to_offset`.
//!
//! Input: a byte giving the text's length share, the text (lossy UTF-8), then (line, column) pairs.

#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao_core::text::{LineCol, LineIndex, PositionEncoding};
use nianbao_fuzz::{floor_boundary, Reader};

const ENCODINGS: [PositionEncoding; 3] = [
    PositionEncoding::Utf8,
    PositionEncoding::Utf16,
    PositionEncoding::Utf32,
];

fn units(c: char, enc: PositionEncoding) -> usize {
    match enc {
        PositionEncoding::Utf8 => c.len_utf8(),
        PositionEncoding::Utf16 => c.len_utf16(),
        PositionEncoding::Utf32 => 1,
    }
}

/// The lines of a text as (start, end without the break) byte offsets, split at `\n`, `\r\n` and
/// `\r`.
fn reference_lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            out.push((start, i));
            i += if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            start = i;
        } else {
            i += 1;
        }
    }
    out.push((start, b.len()));
    out
}

fuzz_target!(|data: &[u8]| {
    let mut r = Reader::new(data);
    let share = r.u8() as usize;
    let all = r.rest();
    let cut = all.len() * share / 255;
    let text = String::from_utf8_lossy(&all[..cut]).into_owned();
    let mut positions = Reader::new(&all[cut..]);
    let text = text.as_str();
    let index = LineIndex::new(text);
    let lines = reference_lines(text);

    assert_eq!(index.line_count(), lines.len(), "line count");
    for (n, &(start, end)) in lines.iter().enumerate() {
        assert_eq!(index.line_start(n), start, "start of line {n}");
        assert_eq!(index.line_range(text, n), (start, end), "range of line {n}");
    }
    assert_eq!(
        index.line_start(lines.len()),
        text.len(),
        "the start of the line past the end"
    );

    // Every offset, walking the text once: the reference line and columns at each char boundary.
    let mut line = 0usize;
    let mut cols = [0usize; 3];
    let mut prev = [LineCol { line: 0, col: 0 }; 3];
    for offset in 0..=text.len() + 4 {
        let on = floor_boundary(text, offset);
        if offset == on && offset <= text.len() {
            while line + 1 < lines.len() && lines[line + 1].0 <= on {
                line += 1;
                cols = [0; 3];
            }
            assert_eq!(index.line_of(on), line, "line of offset {on}");
        }
        for (k, enc) in ENCODINGS.into_iter().enumerate() {
            let pos = index.to_line_col(text, offset, enc);
            if offset != on || offset > text.len() {
                // Inside a character or past the end: the position of the boundary before it.
                assert_eq!(
                    pos, prev[k],
                    "{enc:?} position of offset {offset}, inside a character or past the end"
                );
                continue;
            }
            assert_eq!(
                pos,
                LineCol {
                    line: line as u32,
                    col: cols[k] as u32
                },
                "{enc:?} position of offset {offset}"
            );
            prev[k] = pos;
            // Back to the offset, except inside a line break (between `\r` and `\n`), which has no
            // position of its own.
            if on <= lines[line].1 {
                assert_eq!(
                    index.to_offset(text, pos, enc),
                    on,
                    "{enc:?} round trip of offset {on}"
                );
            }
        }
        if offset == on && offset < text.len() {
            let c = text[on..]
                .chars()
                .next()
                .expect("a character at a boundary before the end");
            for (k, enc) in ENCODINGS.into_iter().enumerate() {
                cols[k] += units(c, enc);
            }
        }
    }

    let mut n = 0;
    while !positions.is_empty() && n < 64 {
        n += 1;
        let line = (positions.u8() as u32) % (lines.len() as u32 + 3);
        let col = match positions.u8() {
            255 => positions.u32(),
            c => c as u32,
        };
        for enc in ENCODINGS {
            let offset = index.to_offset(text, LineCol { line, col }, enc);
            assert!(
                offset <= text.len() && text.is_char_boundary(offset),
                "{enc:?} ({line}, {col}) gave {offset}"
            );
            let Some(&(start, end)) = lines.get(line as usize) else {
                assert_eq!(
                    offset,
                    text.len(),
                    "{enc:?} a line past the end is the end of the text"
                );
                continue;
            };
            // The reference: the start of the character that holds unit `col`, or the end of the
            // line.
            let mut expected = end;
            let mut seen = 0usize;
            for (i, c) in text[start..end].char_indices() {
                if seen + units(c, enc) > col as usize {
                    expected = start + i;
                    break;
                }
                seen += units(c, enc);
            }
            assert_eq!(offset, expected, "{enc:?} offset of ({line}, {col})");
            // The clamped position converts back to itself.
            let back = index.to_line_col(text, offset, enc);
            assert_eq!(back.line, line, "{enc:?} line of ({line}, {col})");
            assert!(
                back.col <= col,
                "{enc:?} ({line}, {col}) clamped forward to {back:?}"
            );
            assert_eq!(
                index.to_offset(text, back, enc),
                offset,
                "{enc:?} clamped position {back:?}"
            );
        }
    }
});
