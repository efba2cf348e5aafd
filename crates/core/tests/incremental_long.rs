//! Incremental re-parsing of long sections, which the parser cuts into several parts after some of
//! their narrative lines: random edits (among them edits that make or unmake a cut line, and
//! headings typed in the middle of a long section) re-parsed part by part equal a full parse.

mod common;

use nianbao_bench::{paragraph, typical};
use nianbao_core::{analyze, parse_parts, reparse, Change, Document, ParseOptions, Settings};
use nianbao_tests::gen::Rng;
use proptest::prelude::*;

/// A typical report with about 40 KB of narrative lines in section 一 and 20 KB in section 四 (before
/// its table), so that both are cut into several parts.
fn long_report() -> String {
    let mut text = typical();
    let mut rng = Rng::new(5);
    for (heading, bytes) in [
        ("一、总体情况", 40_000),
        ("四、政府信息公开行政复议、行政诉讼情况", 20_000),
    ] {
        let at = text.find(heading).expect("the heading");
        let at = at + text[at..].find('\n').expect("a line break") + 1;
        let mut narrative = String::new();
        while narrative.len() < bytes {
            narrative.push_str(&paragraph(&mut rng, 120));
            narrative.push('\n');
        }
        text.insert_str(at, &narrative);
    }
    text
}

const INSERTS: &[&str] = &[
    "",
    "\n",
    "x",
    "字",
    "。",
    "\n三、收到和处理政府信息公开申请情况\n",
    "行政复议 | 1 | 0 | 0 | 0 | 1 |\n",
    "\n\n",
    "|",
];

/// Applies one edit and returns the new text and the change.
fn apply(text: &str, (at, del, ins): (f64, usize, usize)) -> (String, Change) {
    common::apply_edit(text, at, del, INSERTS[ins])
}

#[test]
fn long_sections_are_cut_into_parts() {
    let text = long_report();
    let parsed = parse_parts(&text);
    assert!(
        parsed.parts().filter(|p| p.part.continued).count() >= 4,
        "{} parts",
        parsed.part_count()
    );
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(16) })]

    #[test]
    fn edits_in_long_sections_reparsed_equal_a_full_parse(
        edits in prop::collection::vec((0.0f64..=1.0, 0usize..300, 0..INSERTS.len()), 1..6),
    ) {
        let mut text = long_report();
        let mut parsed = parse_parts(&text);
        let settings = Settings::default();
        let mut doc = Document::open(text.clone(), "r.txt", &settings);
        for e in edits {
            let (new, change) = apply(&text, e);
            parsed = reparse(&parsed, &new, change);
            doc = doc.edited(new.clone(), Some(change), &settings);
            text = new;
            prop_assert!(parsed == parse_parts(&text));
        }
        // The engine's document, edited along, is the one opened afresh, and its analysis is
        // analyze's.
        let fresh = Document::open(text.clone(), "r.txt", &settings);
        prop_assert!(doc == fresh, "the edited document differs from a fresh one");
        prop_assert_eq!(doc.analysis().into_owned(), analyze(&text, &ParseOptions::default()));
    }
}
