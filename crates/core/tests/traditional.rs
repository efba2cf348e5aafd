//! Reports copied from a 繁體 mirror: their traditional characters are read as simplified ones, so
//! they get the diagnostics of the simplified report, at the same places.
//!
//! The fixture is `examples/example-report-2021.txt` with each character replaced by OpenCC's
//! default traditional form (STCharacters.txt) where that form folds back to it (571 of its 3282
//! characters: 報告, 總體情況, 予以公開, 總計 …).

use nianbao_core::{analyze, Lang, ParseOptions};
use serde_json::Value;

const SIMPLIFIED: &str = include_str!("../../../examples/example-report-2021.txt");
const TRADITIONAL: &str = include_str!("fixtures/example-report-2021-traditional.txt");

/// What a user sees of a diagnostic: code, range, message, data, fixes and related places.
type Seen = (
    String,
    (usize, usize),
    String,
    Value,
    Value,
    Vec<(usize, usize)>,
);

/// What a user sees of each diagnostic of `text`.
fn seen(text: &str) -> Vec<Seen> {
    let a = analyze(text, &ParseOptions::default());
    assert!(a.report.is_report);
    a.diagnostics
        .iter()
        .map(|d| {
            let fixes = d
                .fixes
                .iter()
                .flat_map(|f| {
                    f.edits
                        .iter()
                        .map(|e| serde_json::json!([e.range.start, e.range.end, e.new_text]))
                })
                .collect();
            (
                d.code.as_str().to_owned(),
                (d.range.start, d.range.end),
                d.message(Lang::Zh),
                d.data.clone(),
                fixes,
                d.related.iter().map(|r| (r.0.start, r.0.end)).collect(),
            )
        })
        .collect()
}

#[test]
fn the_traditional_example_report_gets_the_diagnostics_of_the_simplified_one() {
    assert_eq!(TRADITIONAL.len(), SIMPLIFIED.len());
    assert_ne!(TRADITIONAL, SIMPLIFIED);
    let expected = seen(SIMPLIFIED);
    assert!(expected.iter().any(|d| d.0 == "row-total"), "{expected:#?}");
    assert_eq!(seen(TRADITIONAL), expected);
}

#[test]
fn a_traditional_heading_and_row_label_raise_nothing_more() {
    // Only a heading and a row label in traditional characters: nothing more is flagged.
    let mixed = SIMPLIFIED
        .replace("一、总体情况", "一、總體情況")
        .replace("(一)予以公开", "(一)予以公開");
    assert_ne!(mixed, SIMPLIFIED);
    assert_eq!(seen(&mixed), seen(SIMPLIFIED));
}
