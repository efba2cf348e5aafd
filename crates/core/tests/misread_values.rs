//! A value written with letters drawn like digits (`O`, `l`, `1O`, `２O`) or in Chinese numerals is
//! an `invalid-number` on its cell, with the digits it probably stands for as its fix, judged by
//! the relations the cell takes part in; `nianbao fix` writes the digits when nothing else could be
//! meant.

use nianbao_core::catalog::Format;
use nianbao_core::{analyze, Lang, ParseOptions};

mod common;

use common::{all_codes, fixed, report, seen, set_row};

const T3_NEW: &str = "一、本年新收政府信息公开申请数量";
const T3_GRANTED: &str = "（一）予以公开";
const T3_TOTAL: &str = "（七）总计";

/// A 2021 report whose table 三 has 10 new applications from natural persons, all granted.
fn ten_granted() -> String {
    let t = report(2022, Format::F2021);
    let t = set_row(&t, T3_NEW, &["10", "0", "0", "0", "0", "0", "10"]);
    let t = set_row(&t, T3_GRANTED, &["10", "0", "0", "0", "0", "0", "10"]);
    set_row(&t, T3_TOTAL, &["10", "0", "0", "0", "0", "0", "10"])
}

#[test]
fn a_reading_the_relations_confirm_is_the_fix_and_fix_writes_it() {
    let clean = ten_granted();
    for written in ["1O", "lO", "l0", "１O", "十"] {
        let t = set_row(
            &clean,
            T3_GRANTED,
            &[written, "0", "0", "0", "0", "0", "10"],
        );
        assert_eq!(
            seen(&t, "invalid-number"),
            [format!("[{written}] （一）予以公开·自然人 的“{written}”不是数字，应为 10（按字形读作 10，本表勾稽关系随之成立）")]
        );
        // Nothing else is reported: the sums the cell takes part in are left to the reading.
        assert_eq!(all_codes(&t), ["invalid-number"]);
        assert_eq!(fixed(&t), clean, "{written}");
    }
}

#[test]
fn the_fix_is_titled_with_the_digits_in_either_language() {
    let t = set_row(
        &ten_granted(),
        T3_TOTAL,
        &["10", "O", "0", "0", "0", "0", "10"],
    );
    let a = analyze(&t, &ParseOptions::default());
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "invalid-number")
        .expect("reported");
    assert_eq!(d.range.slice(&t), "O");
    assert_eq!(d.fixes[0].kind.title(Lang::Zh), "改为 0");
    assert_eq!(d.fixes[0].kind.title(Lang::En), "Replace with 0");
    assert_eq!(
        d.message(Lang::En),
        "“total of the outcomes”, commercial enterprises: “O” is not a number; it should be 0 (read as 0, every relation of the table holds)"
    );
}

#[test]
fn a_reading_the_relations_contradict_gives_the_computed_value_and_fix_leaves_it() {
    // `l` reads as 1, but the row's total and （七）总计 say 10.
    let t = set_row(
        &ten_granted(),
        T3_GRANTED,
        &["l", "0", "0", "0", "0", "0", "10"],
    );
    assert_eq!(
        seen(&t, "invalid-number"),
        ["[l] （一）予以公开·自然人 的“l”不是数字，按字形疑为 1，按本表勾稽关系应为 10"]
    );
    let a = analyze(&t, &ParseOptions::default());
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "invalid-number")
        .expect("reported");
    assert_eq!(d.fixes[0].kind.title(Lang::Zh), "改为计算值 10");
    assert_eq!(d.message(Lang::En), "“disclosed”, natural persons: “l” is not a number; it looks like 1, but the table's relations give 10");
    // Two readings disagree: `nianbao fix` does not choose.
    assert_eq!(fixed(&t), t);
}

#[test]
fn a_reading_no_small_repair_explains_is_said_to_need_a_check() {
    // The row's total says 10, （七）总计 says 0 for this column and is broken in three more: no change
    // of one or two cells makes the table hold.
    let t = set_row(
        &ten_granted(),
        T3_GRANTED,
        &["O", "0", "0", "0", "0", "0", "10"],
    );
    let t = set_row(&t, T3_TOTAL, &["0", "1", "1", "1", "0", "0", "10"]);
    assert_eq!(
        seen(&t, "invalid-number"),
        ["[O] （一）予以公开·自然人 的“O”不是数字，按字形疑为 0，但与本表勾稽关系不符，请核对"]
    );
    assert!(
        fixed(&t).contains("（一）予以公开 | O |"),
        "the relations contradict the reading: left as it is"
    );
    // With （七）总计 wrong in this column only, the smallest repair gives the cell 10 (and the total
    // 10).
    let t = set_row(&t, T3_TOTAL, &["0", "0", "0", "0", "0", "0", "10"]);
    assert_eq!(
        seen(&t, "invalid-number"),
        ["[O] （一）予以公开·自然人 的“O”不是数字，按字形疑为 0，按本表勾稽关系应为 10"]
    );
}

#[test]
fn in_a_table_without_relations_the_reading_is_offered_and_written_only_when_certain() {
    let clean = report(2021, Format::F2021);
    let t = set_row(&clean, "行政规范性文件", &["十二", "O", "１l"]);
    assert_eq!(
        seen(&t, "invalid-number"),
        [
            "[十二] 行政规范性文件·本年制发件数 的“十二”不是数字，疑为 12，请用阿拉伯数字填写",
            "[O] 行政规范性文件·本年废止件数 的“O”不是数字，疑为 0，请用阿拉伯数字填写",
            "[１l] 行政规范性文件·现行有效件数 的“１l”不是数字，疑为 11，请用阿拉伯数字填写",
        ]
    );
    assert_eq!(
        fixed(&t),
        set_row(&clean, "行政规范性文件", &["12", "0", "11"])
    );
    // `S` may be a 5 or a letter: offered, not written.
    let t = set_row(&clean, "行政规范性文件", &["1S", "0", "0"]);
    assert_eq!(
        seen(&t, "invalid-number"),
        ["[1S] 行政规范性文件·本年制发件数 的“1S”不是数字，疑为 15，请用阿拉伯数字填写"]
    );
    assert_eq!(fixed(&t), t);
}

#[test]
fn a_reading_that_fits_once_another_error_is_corrected_is_written() {
    // （七）总计·总计 is 11 where its outcomes sum to 10: that total is the error, not the `O`.
    let clean = ten_granted();
    let t = set_row(&clean, "2.重复申请", &["0", "0", "0", "0", "0", "0", "O"]);
    let t = set_row(&t, T3_TOTAL, &["10", "0", "0", "0", "0", "0", "11"]);
    assert_eq!(
        seen(&t, "invalid-number"),
        ["[O] （五）2.重复申请·总计 的“O”不是数字，应为 0（按字形读作 0；本表另有错误，改正后勾稽关系成立）"]
    );
    assert_eq!(fixed(&t), clean);
}
