//! Incremental re-parsing of a 汇总 (many reports in one text), whose parts fill several of the
//! chunks `Parsed` keeps them in: edits rebuild, split, join and move chunks, and the result equals
//! a full parse; the units found again from the parts an edit replaced, and their analysis, equal a
//! fresh analysis's.

mod common;

use nianbao_core::parse::reparse_replacing;
use nianbao_core::parse::units::{unit_spans, unit_spans_edited};
use nianbao_core::{analyze, parse_parts, reparse, Change, Document, ParseOptions, Settings};
use proptest::prelude::*;

/// The seed reports one after another, several times, each under a title line: a 汇总 of a few
/// hundred parts.
fn summary() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/corpus/seeds");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("seed folder")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    let seeds: Vec<String> = names
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("seed text"))
        .collect();
    let mut text = String::new();
    for round in 0..8 {
        for (k, s) in seeds.iter().enumerate() {
            text.push_str(&format!("第{round}{k}局2021年政府信息公开工作年度报告\n"));
            text.push_str(s);
            if !text.ends_with('\n') {
                text.push('\n');
            }
        }
    }
    text
}

const INSERTS: &[&str] = &[
    "",
    "\n",
    "0",
    "12",
    " | ",
    "一、总体情况\n",
    "二、主动公开政府信息情况\n",
    "六、其他需要报告的事项\n",
    "某县2021年政府信息公开工作年度报告\n",
    "行政复议\n",
    "x",
    "，",
    "\n\n",
];

fn edit_strategy() -> impl Strategy<Value = (f64, usize, usize)> {
    (
        0.0f64..=1.0,
        prop_oneof![0usize..40, 0usize..3000],
        0..INSERTS.len(),
    )
}

#[test]
fn the_summary_fills_several_chunks() {
    let text = summary();
    let parsed = parse_parts(&text);
    assert!(parsed.part_count() > 200, "{} parts", parsed.part_count());
    assert!(unit_spans(&parsed).len() >= 30);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn each_edit_of_a_summary_reparsed_equals_a_full_parse(edits in prop::collection::vec(edit_strategy(), 1..10)) {
        let mut text = summary();
        let mut parsed = parse_parts(&text);
        let mut spans = unit_spans(&parsed);
        let settings = Settings::default();
        let mut doc = Document::open(text.clone(), "r.txt", &settings);
        for (at, del, ins) in edits {
            let (new, change) = common::apply_edit(&text, at, del, INSERTS[ins]);
            let replaced;
            (parsed, replaced) = reparse_replacing(&parsed, &new, change);
            doc = doc.edited(new.clone(), Some(change), &settings);
            text = new;
            let full = parse_parts(&text);
            prop_assert!(parsed == full);
            // The reports found again from the edit's replaced parts are the new text's.
            spans = unit_spans_edited(&parsed, &spans, replaced, change);
            prop_assert_eq!(&spans, &unit_spans(&full));
            // The accessors agree with each other.
            let all: Vec<_> = parsed.parts().collect();
            prop_assert_eq!(all.len(), parsed.part_count());
            for (i, p) in all.iter().enumerate() {
                prop_assert_eq!(Some(*p), parsed.part(i));
                prop_assert_eq!(parsed.part_end(i), all.get(i + 1).map_or(text.len(), |q| q.start));
            }
            prop_assert_eq!(parsed.range(3..17).collect::<Vec<_>>(), all[3.min(all.len())..17.min(all.len())].to_vec());
            let half = text.len() / 2;
            prop_assert_eq!(parsed.partition_point(|p| p.start <= half), all.partition_point(|p| p.start <= half));
        }
        prop_assert_eq!(unit_spans(&parsed), unit_spans(&parse_parts(&text)));
        // The engine's document, edited along, is the one opened afresh, and its analysis is
        // analyze's.
        let fresh = Document::open(text.clone(), "r.txt", &settings);
        prop_assert!(doc == fresh, "the edited document differs from a fresh one");
        prop_assert_eq!(doc.analysis().into_owned(), analyze(&text, &ParseOptions::default()));
    }

    #[test]
    fn combined_edits_of_a_summary_reparsed_at_once_equal_a_full_parse(edits in prop::collection::vec(edit_strategy(), 1..5)) {
        let original = summary();
        let parsed = parse_parts(&original);
        let mut text = original.clone();
        let mut combined: Option<Change> = None;
        for (at, del, ins) in edits {
            let (new, change) = common::apply_edit(&text, at, del, INSERTS[ins]);
            combined = Some(combined.map_or(change, |c| c.then(change)));
            text = new;
        }
        let change = combined.expect("at least one edit");
        let (re, replaced) = reparse_replacing(&parsed, &text, change);
        prop_assert!(re == parse_parts(&text));
        prop_assert_eq!(unit_spans_edited(&re, &unit_spans(&parsed), replaced, change), unit_spans(&re));
        prop_assert!(reparse(&parsed, &text, change) == re);
    }
}
