//! Fuzz target: random edit sequences on real reports (or on text from the input); after every edit
//! the incremental re-parse must equal a full parse, and at the end the engine's document, edited
//! along, must equal the document opened afresh on the final text, and its analysis a full
//! analysis. A second pass combines all the edits into one change (as the language server does when
//! edits arrive during an analysis) and re-parses once.
//!
//! The text is kept as the language server keeps the text it analyses: with traditional characters
//! folded (the base text folded once, each insert folded as it comes).
//!
//! Input: a byte choosing the base text (a seed, or a length-prefixed text from the input) and the
//! parse options; then edits of five or more bytes each: where (a 16-bit fraction of the text), how
//! many characters to delete, and what to insert (a piece of a report, or raw bytes from the
//! input).

#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao_core::text::to_simplified;
use nianbao_core::{analyze, parse_parts, reparse, Change, Document, Settings};
use nianbao_fuzz::{floor_boundary, options, Reader, PIECES, SEEDS};

/// More edits than this per input only slow the fuzzer down.
const MAX_EDITS: usize = 12;

fuzz_target!(|data: &[u8]| {
    let mut r = Reader::new(data);
    let choice = r.u8();
    let original = match choice % 8 {
        k @ 0..=4 => SEEDS[k as usize].to_owned(),
        _ => {
            let n = r.u16() as usize;
            String::from_utf8_lossy(r.bytes(n)).into_owned()
        }
    };
    let original = to_simplified(&original).into_owned();
    let opts = options(choice >> 3);
    let mut text = original.clone();
    let mut parsed = parse_parts(&text);
    let settings = Settings {
        default_year: opts.default_year,
        default_format: opts.default_format,
        ..Settings::default()
    };
    let mut doc = Document::open(text.clone(), "fuzz.txt", &settings);
    let mut combined: Option<Change> = None;
    let mut edits = 0;
    while !r.is_empty() && edits < MAX_EDITS {
        edits += 1;
        let start = floor_boundary(&text, r.fraction_of(text.len()));
        let delete = (r.u8() % 48) as usize;
        let end = text[start..]
            .char_indices()
            .nth(delete)
            .map_or(text.len(), |(i, _)| start + i);
        let kind = r.u8();
        let raw;
        let insert: &str = if kind < 224 {
            PIECES[kind as usize % PIECES.len()]
        } else {
            let n = (r.u8() % 16) as usize;
            raw = String::from_utf8_lossy(r.bytes(n)).into_owned();
            &raw
        };
        let insert = to_simplified(insert);
        let new = format!("{}{}{}", &text[..start], insert, &text[end..]);
        let change = Change {
            start,
            old_end: end,
            new_end: start + insert.len(),
        };
        combined = Some(combined.map_or(change, |c| c.then(change)));
        parsed = reparse(&parsed, &new, change);
        doc = doc.edited(new.clone(), Some(change), &settings);
        text = new;
        let full = parse_parts(&text);
        assert!(
            parsed == full,
            "the incremental parse differs from a full parse after {change:?}"
        );
    }
    assert!(
        doc == Document::open(text.clone(), "fuzz.txt", &settings),
        "the edited document differs from a fresh one"
    );
    assert_eq!(
        doc.analysis().into_owned(),
        analyze(&text, &opts),
        "the incremental analysis differs"
    );
    if let Some(change) = combined {
        let once = reparse(&parse_parts(&original), &text, change);
        assert!(
            once == parse_parts(&text),
            "re-parsing the combined change {change:?} differs from a full parse"
        );
    }
});
