//! Equally small repairs of a table told apart by the figures the narrative states: a group of
//! table 四 whose total or any of its results could be the wrong number, when the text says how many
//! reviews or lawsuits there were.

use nianbao_core::catalog::Format;
use nianbao_core::{analyze, Lang, ParseOptions};

mod common;

use common::{fixed, report, seen};

const T4_HEADING: &str = "四、政府信息公开行政复议、行政诉讼情况\n";

/// A 2021 report whose table 四 holds `values` and whose section 四 says `sentence`.
fn with_t4(values: &[u32], sentence: &str) -> String {
    let zeros = ["0"; 15].join(" | ") + " |";
    let row: Vec<String> = values.iter().map(u32::to_string).collect();
    let t = report(2022, Format::F2021);
    assert!(t.contains(&zeros) && t.contains(T4_HEADING));
    t.replacen(&zeros, &(row.join(" | ") + " |"), 1).replacen(
        T4_HEADING,
        &format!("{T4_HEADING}{sentence}\n"),
        1,
    )
}

/// 行政复议: 维持 1, 纠正 0, 其他 0, 尚未审结 1, 总计 written 3.
const WRONG_TOTAL: [u32; 15] = [1, 0, 0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

#[test]
fn without_a_stated_figure_the_five_repairs_are_named() {
    let t = with_t4(&WRONG_TOTAL, "本年度无其他情况。");
    let got = seen(&t, "review-total");
    assert_eq!(got.len(), 1);
    assert!(got[0].contains("以下 5 种改法同样小"), "{got:?}");
    assert_eq!(fixed(&t), t);
}

#[test]
fn the_stated_number_of_reviews_picks_the_wrong_total() {
    let t = with_t4(
        &WRONG_TOTAL,
        "2022年，本机关被申请行政复议2件，被提起行政诉讼0件。",
    );
    assert_eq!(
        seen(&t, "review-total"),
        ["[3] 行政复议·总计 应为 2（结果维持、结果纠正、其他结果、尚未审结之和），实为 3；改为 2 后本表勾稽关系全部成立，与正文所述件数相符"]
    );
    let a = analyze(&t, &ParseOptions::default());
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "review-total")
        .expect("reported");
    assert_eq!(
        d.message(Lang::En),
        "“administrative reconsideration”, total should be 2 (upheld + corrected + other result + pending), but is 3; with 2, every relation of the table holds, as the figures the text states agree"
    );
    assert_eq!(
        fixed(&t),
        with_t4(
            &[1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            "2022年，本机关被申请行政复议2件，被提起行政诉讼0件。"
        )
    );
}

#[test]
fn a_stated_total_that_agrees_with_the_table_leaves_the_raised_result() {
    // 其他结果 written 3 where the total and the text say 2: only lowering it repairs the group (the
    // other results are 0 and cannot go lower), and the text rules out the total.
    let values = [0, 0, 3, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let t = with_t4(
        &values,
        "2022年，本机关被申请行政复议2件，被提起行政诉讼0件。",
    );
    assert_eq!(
        seen(&t, "review-total"),
        ["[3] 行政复议·其他结果 应为 2（使本组总计成立），实为 3；改为 2 后本表勾稽关系全部成立，与正文所述件数相符"]
    );
}
