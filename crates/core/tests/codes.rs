//! Every diagnostic code, triggered by a focused case and silent on the matching correct text.
//!
//! Fixtures are built from the catalog (a full report of zeros in the row-per-line layout) and then
//! changed in one place, so each test shows exactly the text that is wrong.

use nianbao_core::catalog::Format;
use nianbao_core::{analyze, Lang, ParseOptions};

mod common;

use common::{all_codes, report, seen, set_row};

const T3_NEW: &str = "一、本年新收政府信息公开申请数量";
const T3_GRANTED: &str = "（一）予以公开";
const T3_TOTAL: &str = "（七）总计";
const T3_OUT: &str = "四、结转下年度继续办理";

#[test]
fn the_fixtures_are_clean() {
    assert_eq!(
        all_codes(&report(2021, Format::F2021)),
        Vec::<String>::new()
    );
    assert_eq!(
        all_codes(&report(2020, Format::F2019)),
        Vec::<String>::new()
    );
}

#[test]
fn consistent_nonzero_tables_are_clean() {
    let t = report(2022, Format::F2021);
    let t = set_row(&t, T3_NEW, &["5", "1", "0", "0", "1", "0", "7"]);
    let t = set_row(&t, T3_GRANTED, &["3", "1", "0", "0", "0", "0", "4"]);
    let t = set_row(&t, "2.重复申请", &["1", "0", "0", "0", "1", "0", "2"]);
    let t = set_row(&t, T3_TOTAL, &["4", "1", "0", "0", "1", "0", "6"]);
    let t = set_row(&t, T3_OUT, &["1", "0", "0", "0", "0", "0", "1"]);
    assert_eq!(all_codes(&t), Vec::<String>::new());
}

#[test]
fn row_total() {
    let t = set_row(
        &report(2021, Format::F2021),
        T3_NEW,
        &["2", "1", "0", "0", "0", "0", "4"],
    );
    let seen_ = seen(&t, "row-total");
    assert_eq!(seen_, vec!["[4] 一、本年新收政府信息公开申请数量·总计 应为 3（自然人、法人或其他组织各列之和），实为 4"]);
}

#[test]
fn outcome_total_and_balance() {
    let t = report(2021, Format::F2021);
    let t = set_row(&t, T3_NEW, &["12", "0", "0", "0", "0", "0", "12"]);
    let t = set_row(&t, T3_GRANTED, &["12", "0", "0", "0", "0", "0", "12"]);
    let t = set_row(&t, T3_TOTAL, &["13", "0", "0", "0", "0", "0", "13"]);
    assert_eq!(
        seen(&t, "outcome-total"),
        vec![
            "[13] （七）总计·自然人 应为 12（各办理结果之和；使本列第一项加第二项之和等于第三项加第四项之和），实为 13；与（七）总计·总计（改为 12）一并改正后本表勾稽关系全部成立",
            "[13] （七）总计·总计 应为 12（各办理结果之和；使本列第一项加第二项之和等于第三项加第四项之和），实为 13；与（七）总计·自然人（改为 12）一并改正后本表勾稽关系全部成立",
        ]
    );
    // With （七）总计 corrected to the outcomes' sum the balance holds: it is not reported again, and
    // neither is the row total of （七）总计 computed from the wrong cell.
    assert_eq!(seen(&t, "balance"), Vec::<String>::new());
    assert_eq!(seen(&t, "row-total"), Vec::<String>::new());
    // When 一 itself is wrong, the balance is what says so; 12 + 0 ≠ 13 + 0 would make the
    // carried-over cell negative, so the total is blamed, and the two equally small repairs (一 or
    // 二, each in the 自然人 and 总计 columns) are named.
    let t2 = set_row(&t, T3_TOTAL, &["12", "0", "0", "0", "0", "0", "12"]);
    let t2 = set_row(&t2, T3_NEW, &["11", "0", "0", "0", "0", "0", "11"]);
    assert_eq!(
        seen(&t2, "balance"),
        vec![
            "[12] （七）总计·自然人 应为 11（本列勾稽关系：第一项加第二项之和等于第三项加第四项之和，11 + 0 ≠ 12 + 0），实为 12；以下 2 种改法同样小，均可使本表勾稽关系全部成立：一、本年新收政府信息公开申请数量·自然人 改为 12 且 一、本年新收政府信息公开申请数量·总计 改为 12，或 二、上年结转政府信息公开申请数量·自然人 改为 1 且 二、上年结转政府信息公开申请数量·总计 改为 1",
            "[12] （七）总计·总计 应为 11（本列勾稽关系：第一项加第二项之和等于第三项加第四项之和，11 + 0 ≠ 12 + 0），实为 12；以下 2 种改法同样小，均可使本表勾稽关系全部成立：一、本年新收政府信息公开申请数量·自然人 改为 12 且 一、本年新收政府信息公开申请数量·总计 改为 12，或 二、上年结转政府信息公开申请数量·自然人 改为 1 且 二、上年结转政府信息公开申请数量·总计 改为 1",
        ]
    );
    let fixed = set_row(&t, T3_TOTAL, &["12", "0", "0", "0", "0", "0", "12"]);
    assert_eq!(all_codes(&fixed), Vec::<String>::new());
}

#[test]
fn balance_blames_the_carried_over_row() {
    let t = report(2021, Format::F2021);
    let t = set_row(&t, T3_NEW, &["5", "0", "0", "0", "0", "0", "5"]);
    let t = set_row(&t, T3_GRANTED, &["3", "0", "0", "0", "0", "0", "3"]);
    let t = set_row(&t, T3_TOTAL, &["3", "0", "0", "0", "0", "0", "3"]);
    let t = set_row(&t, T3_OUT, &["1", "0", "0", "0", "0", "0", "1"]);
    assert_eq!(
        seen(&t, "balance")[0],
        "[1] 四、结转下年度继续办理·自然人 应为 2（本列勾稽关系：第一项加第二项之和等于第三项加第四项之和，5 + 0 ≠ 3 + 1），实为 1；以下 2 种改法同样小，均可使本表勾稽关系全部成立：一、本年新收政府信息公开申请数量·自然人 改为 4 且 一、本年新收政府信息公开申请数量·总计 改为 4，或 四、结转下年度继续办理·自然人 改为 2 且 四、结转下年度继续办理·总计 改为 2"
    );
    let a = analyze(&t, &ParseOptions::default());
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "balance")
        .unwrap();
    assert_eq!(d.data["expected"], 2);
    // Each repair is a fix, the one that changes the diagnostic's cell first; none is preferred.
    let fixes: Vec<String> = d.fixes.iter().map(|f| f.title(Lang::Zh)).collect();
    assert_eq!(
        fixes,
        [
            "将四、结转下年度继续办理·自然人 改为 2，四、结转下年度继续办理·总计 改为 2",
            "将一、本年新收政府信息公开申请数量·自然人 改为 4，一、本年新收政府信息公开申请数量·总计 改为 4",
        ]
    );
    assert_eq!(d.fixes[0].edits[0].new_text, "2");
}

#[test]
fn review_total() {
    let t = report(2021, Format::F2021);
    let zeros = "0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
    let t = t.replacen(
        zeros,
        "5 | 0 | 0 | 2 | 8 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 |",
        1,
    );
    // Any one of the group's five cells could be what is wrong: the relation is reported on its
    // total, with each repair named.
    assert_eq!(
        seen(&t, "review-total"),
        vec!["[8] 行政复议·总计 应为 7（结果维持、结果纠正、其他结果、尚未审结之和），实为 8；以下 5 种改法同样小，均可使本表勾稽关系全部成立：行政复议·结果维持 改为 6，或 行政复议·结果纠正 改为 1，或 行政复议·其他结果 改为 1，或 行政复议·尚未审结 改为 3，或 行政复议·总计 改为 7"]
    );
}

#[test]
fn label_typo_missing_and_unknown_rows() {
    let t = report(2021, Format::F2021).replacen("行政处罚 |", "政处罚 |", 1);
    assert_eq!(
        seen(&t, "label-typo"),
        vec!["[政处罚] 行名称“政处罚”与年度报告格式不一致，应为“行政处罚”"]
    );
    assert_eq!(seen(&t, "missing-row"), Vec::<String>::new());

    let t = report(2021, Format::F2021).replacen(
        "3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n",
        "",
        1,
    );
    assert_eq!(
        seen(&t, "missing-row"),
        vec!["[4.无正当理由大量反复申请] 第三部分表格（收到和处理政府信息公开申请情况）缺少行“3.要求提供公开出版物”（2021年格式）"]
    );

    let t = report(2021, Format::F2021).replacen(
        "行政强制 | 0 |",
        "行政强制 | 0 |\n其他主动公开文件 | 3 |",
        1,
    );
    assert_eq!(
        seen(&t, "unknown-row"),
        vec!["[其他主动公开文件] “其他主动公开文件”不是第二部分表格（主动公开政府信息情况）中的行（2021年格式没有此行）"]
    );
}

#[test]
fn cell_count_empty_cell_and_invalid_number() {
    let t = set_row(
        &report(2021, Format::F2021),
        T3_GRANTED,
        &["0", "0", "0", "0", "0", "0"],
    );
    assert_eq!(
        seen(&t, "cell-count"),
        vec!["[（一）予以公开 | 0 | 0 | 0 | 0 | 0 | 0] （一）予以公开应有 7 个数值，实有 6 个"]
    );

    let t = set_row(&report(2021, Format::F2021), "规章", &["0", "", "/"]);
    assert_eq!(
        seen(&t, "empty-cell"),
        vec![
            "[  ] 规章·本年废止件数 未填写，请填写数字（没有则填 0）",
            "[/] 规章·现行有效件数 填写了“/”，请填写数字（没有则填 0）"
        ]
    );

    let t = set_row(
        &report(2021, Format::F2021),
        "行政规范性文件",
        &["十二", "-1", "1.5"],
    );
    assert_eq!(
        seen(&t, "invalid-number"),
        vec![
            "[十二] 行政规范性文件·本年制发件数 的“十二”不是数字，疑为 12，请用阿拉伯数字填写",
            "[-1] 行政规范性文件·本年废止件数 不能为负数，实为 -1",
            "[1.5] 行政规范性文件·现行有效件数 是件数，应为整数，实为 1.5",
        ]
    );
    // Amounts may carry decimals and a unit.
    let t = set_row(
        &report(2021, Format::F2021),
        "行政事业性收费",
        &["96171.6万元"],
    );
    assert_eq!(all_codes(&t), Vec::<String>::new());
}

#[test]
fn sections_missing_out_of_order_duplicate_and_variant() {
    let base = report(2021, Format::F2021);
    let t = base.replacen("五、存在的主要问题及改进情况\n", "", 1);
    assert_eq!(
        seen(&t, "missing-section"),
        vec!["[六、其他需要报告的事项] 缺少第五部分：应有标题“五、存在的主要问题及改进情况”"]
    );

    let t = base.replacen("六、其他需要报告的事项\n", "", 1).replacen(
        "一、总体情况\n",
        "一、总体情况\n六、其他需要报告的事项\n",
        1,
    );
    assert_eq!(seen(&t, "section-order"), vec!["[六、其他需要报告的事项] 部分顺序有误：“六、其他需要报告的事项”应在“五、存在的主要问题及改进情况”之后"]);

    let t = format!("{base}一、总体情况\n");
    assert_eq!(
        seen(&t, "duplicate-section"),
        vec!["[一、总体情况] “一、总体情况”重复出现"]
    );

    let t = base.replacen(
        "四、政府信息公开行政复议、行政诉讼情况",
        "四、政府信息公开行政法复议、行政诉讼情况",
        1,
    );
    assert_eq!(
        seen(&t, "heading-variant"),
        vec!["[政府信息公开行政法复议、行政诉讼情况] 标题“四、政府信息公开行政法复议、行政诉讼情况”有误，应为“四、政府信息公开行政复议、行政诉讼情况”"]
    );
}

#[test]
fn missing_table_and_format_mismatch() {
    let base = report(2021, Format::F2021);
    let start = base.find("行政复议 | 行政诉讼").unwrap();
    let end = base.find("五、").unwrap();
    let t = format!("{}{}", &base[..start], &base[end..]);
    assert_eq!(
        seen(&t, "missing-table"),
        vec!["[四、政府信息公开行政复议、行政诉讼情况] “四、政府信息公开行政复议、行政诉讼情况”部分缺少统计表（第四部分表格（行政复议、行政诉讼情况），应按2021年格式填写）"]
    );

    // 2019 tables in a 2021 report: the tables are read in their own format and flagged once each.
    let t = report(2020, Format::F2019).replace("2020年", "2021年");
    let codes = all_codes(&t);
    assert_eq!(
        codes.iter().filter(|c| *c == "format-mismatch").count(),
        2,
        "{codes:?}"
    );
    assert!(codes.iter().all(|c| c == "format-mismatch"), "{codes:?}");
}

#[test]
fn texts_that_are_not_reports_get_nothing() {
    assert_eq!(
        all_codes("床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n"),
        Vec::<String>::new()
    );
    assert_eq!(
        all_codes("# README\n\nfn main() {}\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
        Vec::<String>::new()
    );
    assert_eq!(all_codes(""), Vec::<String>::new());
}

#[test]
fn english_messages_on_request() {
    let t = set_row(
        &report(2021, Format::F2021),
        T3_NEW,
        &["2", "1", "0", "0", "0", "0", "4"],
    );
    let a = analyze(&t, &ParseOptions::default());
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "row-total")
        .unwrap();
    assert_eq!(
        d.message(Lang::En),
        "“new requests this year”, total should be 3 (the sum of the applicant columns), but is 4"
    );
}
