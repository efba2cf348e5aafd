//! Incremental re-analysis equals a full parse: random edit sequences applied to real reports are
//! re-parsed part by part, and the parts and diagnostics are compared with parsing the new text
//! whole.

mod common;

use nianbao_core::{analyze, parse_parts, reparse, Change, Document, ParseOptions, Settings};
use proptest::prelude::*;

fn seeds() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/corpus/seeds");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("seed folder")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("seed text"))
        .collect()
}

const INSERTS: &[&str] = &[
    "",
    "\n",
    "\r\n",
    "0",
    "12",
    " | ",
    "|",
    "\t",
    "𠮷",
    "一、总体情况\n",
    "二、主动公开政府信息情况\n",
    "\n三、收到和处理政府信息公开申请情况\n",
    "四、",
    "六、其他需要报告的事项",
    "（七）总计 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n",
    "政处罚",
    "规章 | 1 | 2 | 3 |\n",
    "2020年",
    "行政复议\n",
    "x",
    "，",
    "\n\n",
];

/// An edit: where (as a fraction of the text), how many chars to delete, and what to insert.
fn edit_strategy() -> impl Strategy<Value = (f64, usize, usize)> {
    (0.0f64..=1.0, 0usize..40, 0..INSERTS.len())
}

/// Applies one edit and returns the new text and the change.
fn apply(text: &str, (at, del, ins): (f64, usize, usize)) -> (String, Change) {
    common::apply_edit(text, at, del, INSERTS[ins])
}

/// Where two parses differ, briefly.
fn describe(text: &str, a: &nianbao_core::Parsed, b: &nianbao_core::Parsed) -> String {
    let line = |p: nianbao_core::parse::PartRef<'_>| {
        let h = p
            .part
            .heading
            .map(|h| h.heading.shifted(p.start).slice(text).to_owned());
        format!(
            "{}+{} tables={} {:?}",
            p.start,
            p.part.len,
            p.part.tables.len(),
            h
        )
    };
    let mut out = String::from("incremental | full\n");
    for i in 0..a.part_count().max(b.part_count()) {
        let l = a.part(i).map(line).unwrap_or_default();
        let r = b.part(i).map(line).unwrap_or_default();
        let same = a.part(i) == b.part(i);
        out.push_str(&format!("{} {l} | {r}\n", if same { " " } else { "≠" }));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn each_edit_reparsed_equals_a_full_parse(seed in 0usize..5, edits in prop::collection::vec(edit_strategy(), 1..12)) {
        let mut text = seeds()[seed].clone();
        let mut parsed = parse_parts(&text);
        let settings = Settings::default();
        let mut doc = Document::open(text.clone(), "r.txt", &settings);
        for e in edits {
            let (new, change) = apply(&text, e);
            parsed = reparse(&parsed, &new, change);
            doc = doc.edited(new.clone(), Some(change), &settings);
            text = new;
            let full = parse_parts(&text);
            prop_assert!(parsed == full, "{}", describe(&text, &parsed, &full));
        }
        // The engine's document, edited along, is the one opened afresh, and its analysis is
        // analyze's.
        let fresh = Document::open(text.clone(), "r.txt", &settings);
        prop_assert!(doc == fresh, "the edited document differs from a fresh one");
        prop_assert_eq!(doc.analysis().into_owned(), analyze(&text, &ParseOptions::default()));
    }

    #[test]
    fn combined_edits_reparsed_at_once_equal_a_full_parse(seed in 0usize..5, edits in prop::collection::vec(edit_strategy(), 1..6)) {
        let original = seeds()[seed].clone();
        let parsed = parse_parts(&original);
        let mut text = original.clone();
        let mut combined: Option<Change> = None;
        for e in edits {
            let (new, change) = apply(&text, e);
            combined = Some(combined.map_or(change, |c| c.then(change)));
            text = new;
        }
        let change = combined.expect("at least one edit");
        let re = reparse(&parsed, &text, change);
        let full = parse_parts(&text);
        prop_assert!(re == full, "{}", describe(&text, &re, &full));
    }
}

#[test]
fn an_edit_inside_one_section_reuses_the_other_parts() {
    let text = seeds()[1].clone();
    let parsed = parse_parts(&text);
    let at = text.find("行政处罚 | 2").expect("cell") + "行政处罚 | ".len();
    let new = format!("{}3{}", &text[..at], &text[at + 1..]);
    let re = reparse(
        &parsed,
        &new,
        Change {
            start: at,
            old_end: at + 1,
            new_end: at + 1,
        },
    );
    let shared = re
        .parts()
        .zip(parsed.parts())
        .filter(|(a, b)| std::sync::Arc::ptr_eq(a.part, b.part))
        .count();
    // Seven parts (preamble and six sections): only the edited section is parsed again (the edit is
    // past its heading line, so the section before it cannot change).
    assert_eq!((re.part_count(), shared), (7, 6));
    assert_eq!(re, parse_parts(&new));
}
