//! The checks beyond the tables, each in both directions: flagged when wrong, silent when right.

mod common;

use common::{all_codes, report, seen, set_row};
use nianbao_core::catalog::Format;
use nianbao_core::{analyze, ParseOptions};

const T3_NEW: &str = "一、本年新收政府信息公开申请数量";
const T3_GRANTED: &str = "（一）予以公开";
const T3_TOTAL: &str = "（七）总计";

/// A 2021 report where five requests came in and were all granted, with `sentence` in section 三.
fn with_requests(sentence: &str) -> String {
    let t = report(2021, Format::F2021);
    let t = set_row(&t, T3_NEW, &["3", "2", "0", "0", "0", "0", "5"]);
    let t = set_row(&t, T3_GRANTED, &["3", "2", "0", "0", "0", "0", "5"]);
    let t = set_row(&t, T3_TOTAL, &["3", "2", "0", "0", "0", "0", "5"]);
    t.replacen(
        "三、收到和处理政府信息公开申请情况\n",
        &format!("三、收到和处理政府信息公开申请情况\n{sentence}\n"),
        1,
    )
}

#[test]
fn narrative_figures_that_agree_with_the_tables_are_silent() {
    let t = with_requests("2021年，本机关共收到政府信息公开申请5件，其中予以公开5件，占100%，不予公开0件，无法提供0件。");
    assert_eq!(all_codes(&t), Vec::<String>::new());
    // Figures about other things are not table figures: documents not disclosed proactively.
    let t = with_requests("本机关制发文件41件，公开发布39件，不予公开2件。");
    assert_eq!(all_codes(&t), Vec::<String>::new());
}

#[test]
fn what_one_body_did_for_another_is_not_the_tables_figure() {
    // 淮安市洪泽区 2024: the office's share of the district's requests, not the table's total.
    let t = with_requests(
        "2024年，区政府办代表区政府受理政府信息公开申请2件，均已在法定期限内予以答复。",
    );
    assert!(seen(&t, "narrative-mismatch").is_empty());
    // The same words without it are the table's figure.
    let t = with_requests("2021年，区政府受理政府信息公开申请2件，均已在法定期限内予以答复。");
    assert_eq!(seen(&t, "narrative-mismatch").len(), 1);
}

#[test]
fn narrative_figures_that_contradict_the_tables() {
    let t = with_requests("2021年，本机关共收到政府信息公开申请6件，其中予以公开4件，占66.7%。");
    assert_eq!(
        seen(&t, "narrative-mismatch"),
        vec![
            "[6] 正文称收到的政府信息公开申请 6 件，与表三“一、本年新收政府信息公开申请数量·总计”（5）不一致",
            "[4] 正文称予以公开 4 件，与表三“（一）予以公开·总计”（5）不一致",
            "[66.7] 正文所列比例 66.7% 与表中数值不符：按本年新收申请数计算应为 80.0%",
        ]
    );
    let a = analyze(&t, &ParseOptions::default());
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "narrative-mismatch")
        .unwrap();
    // Both directions: change the text, or change the table to the text.
    let titles: Vec<String> = d
        .fixes
        .iter()
        .map(|f| f.title(nianbao_core::Lang::Zh))
        .collect();
    assert_eq!(titles, ["改为计算值 5", "将表中数值改为正文所述的 6"]);
    assert_eq!(d.related.len(), 1);
}

#[test]
fn a_blank_total_column_is_compared_through_the_sum_of_its_row() {
    // Web pages often leave 总计 blank: the figures are then the applicant columns' sums.
    let t = report(2021, Format::F2021);
    let t = set_row(&t, T3_NEW, &["3", "2", "0", "0", "0", "0", ""]);
    let t = set_row(&t, T3_GRANTED, &["3", "2", "0", "0", "0", "0", ""]);
    let t = set_row(&t, T3_TOTAL, &["3", "2", "0", "0", "0", "0", ""]);
    let with = |sentence: &str| {
        t.replacen(
            "三、收到和处理政府信息公开申请情况\n",
            &format!("三、收到和处理政府信息公开申请情况\n{sentence}\n"),
            1,
        )
    };
    let right = with("2021年，本机关共收到政府信息公开申请5件，其中予以公开5件。");
    assert_eq!(seen(&right, "narrative-mismatch"), Vec::<String>::new());
    let wrong = with("2021年，本机关共收到政府信息公开申请3件，其中予以公开3件。");
    assert_eq!(
        seen(&wrong, "narrative-mismatch"),
        vec![
            "[3] 正文称收到的政府信息公开申请 3 件，与表三“一、本年新收政府信息公开申请数量”各申请人列之和（总计栏空白）（5）不一致",
            "[3] 正文称予以公开 3 件，与表三“（一）予以公开”各申请人列之和（总计栏空白）（5）不一致",
        ]
    );
    // Only the narrative can be changed to match: no fix writes into the blank total.
    let a = analyze(&wrong, &ParseOptions::default());
    for d in a
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "narrative-mismatch")
    {
        assert_eq!(d.fixes.len(), 1, "{d:?}");
    }
}

#[test]
fn no_requests_received_against_the_table() {
    let t = with_requests("2021年，本机关未收到政府信息公开申请。");
    assert_eq!(seen(&t, "narrative-mismatch"), vec!["[未收到] 正文称未收到政府信息公开申请，但表三“一、本年新收政府信息公开申请数量·总计”为 5"]);
    let t = report(2021, Format::F2021).replacen(
        "三、收到和处理政府信息公开申请情况\n",
        "三、收到和处理政府信息公开申请情况\n2021年，本机关未收到政府信息公开申请。\n",
        1,
    );
    assert_eq!(seen(&t, "narrative-mismatch"), Vec::<String>::new());
}

#[test]
fn reconsideration_and_litigation_figures() {
    let zeros = "0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
    let t = report(2021, Format::F2021)
        .replacen(zeros, "1 | 0 | 0 | 1 | 2 | 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 0 |", 1)
        .replacen("四、政府信息公开行政复议、行政诉讼情况\n", "四、政府信息公开行政复议、行政诉讼情况\n本年度被申请行政复议2件，被提起行政诉讼3件。\n", 1);
    assert_eq!(
        seen(&t, "narrative-mismatch"),
        vec!["[3] 正文称行政诉讼 3 件，与表四“未经复议直接起诉·总计”与“复议后起诉·总计”之和（1）不一致"]
    );
}

#[test]
fn fee_statement_in_section_six() {
    let without = report(2021, Format::F2021).replace(
        "本机关未收取信息处理费，无其他需要报告的事项",
        "无其他需要报告的事项",
    );
    assert_eq!(
        seen(&without, "fee-statement"),
        vec!["[六、其他需要报告的事项] 第六部分未说明是否收取信息处理费（2021年格式要求报告信息处理费的收取情况；注意与表二“行政事业性收费”不同）"]
    );
    // Fee notices were issued: an error.
    let t = set_row(
        &without,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        &["1", "0", "0", "0", "0", "0", "1"],
    );
    let a = analyze(&t, &ParseOptions::default());
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "fee-statement")
        .unwrap();
    assert_eq!(d.severity, nianbao_core::Severity::Error);
    // The 2019 format asked no fee statement; 行政事业性收费 in table 二 is no fee statement.
    let old = report(2020, Format::F2019).replace(
        "本机关未收取信息处理费，无其他需要报告的事项",
        "无其他需要报告的事项",
    );
    assert_eq!(seen(&old, "fee-statement"), Vec::<String>::new());
    assert_eq!(
        seen(&report(2021, Format::F2021), "fee-statement"),
        Vec::<String>::new()
    );
}

#[test]
fn part_count_in_the_preamble() {
    let t =
        report(2021, Format::F2021).replacen("年度报告\n", "年度报告\n本报告共5个部分组成。\n", 1);
    assert_eq!(
        seen(&t, "part-count"),
        vec!["[5] 报告称共 5 个部分，实有 6 个部分"]
    );
    let t = report(2021, Format::F2021).replacen(
        "年度报告\n",
        "年度报告\n本报告由总体情况等共六个部分组成。\n",
        1,
    );
    assert_eq!(seen(&t, "part-count"), Vec::<String>::new());
}

#[test]
fn year_mismatch_and_malformed_dates() {
    let t = report(2023, Format::F2021)
        .replacen(
            "年度报告\n",
            "年度报告\n本报告中所列数据的统计期限自2023年1月1日起至2022年12月31日止。\n",
            1,
        )
        .replacen("2023年，本机关围绕", "2022年，本机关围绕", 1);
    assert_eq!(
        seen(&t, "year-mismatch"),
        vec![
            "[2022] 统计期限中的年份为 2022 年，与报告标题的年度 2023 年不一致",
            "[2022] 第一部分所述年度为 2022 年，与报告标题的年度 2023 年不一致"
        ]
    );
    let t = report(2023, Format::F2021).replacen(
        "年度报告\n",
        "年度报告\n统计期限自20231月1日起至202312月31日止。\n",
        1,
    );
    assert_eq!(
        seen(&t, "year-mismatch"),
        vec![
            "[20231月1日] 日期“20231月1日”格式有误（缺少“年”字或月份有误）",
            "[202312月31日] 日期“202312月31日”格式有误（缺少“年”字或月份有误）"
        ]
    );
    assert_eq!(
        seen(&report(2023, Format::F2021), "year-mismatch"),
        Vec::<String>::new()
    );
}

#[test]
fn citations_of_the_format() {
    let t = report(2023, Format::F2021).replacen(
        "年度报告\n",
        "年度报告\n根据国办发〔2021〕30号文件要求编制本报告。\n",
        1,
    );
    assert_eq!(seen(&t, "citation"), vec!["[国办发〔2021〕30号] 文号“国办发〔2021〕30号”有误，年度报告格式的文号为“国办公开办函〔2021〕30号”"]);
    let t = report(2023, Format::F2021).replacen(
        "年度报告\n",
        "年度报告\n根据国办公开办函〔2019〕60号编制。\n",
        1,
    );
    assert_eq!(seen(&t, "citation"), vec!["[国办公开办函〔2019〕60号] 2023年度报告引用了2019年格式的文号“国办公开办函〔2019〕60号”，2021年起应依据国办公开办函〔2021〕30号"]);
    let t = report(2023, Format::F2021).replacen(
        "年度报告\n",
        "年度报告\n根据国办公开办函〔2021〕30号编制。\n",
        1,
    );
    assert_eq!(seen(&t, "citation"), Vec::<String>::new());
    let t = report(2020, Format::F2019).replacen(
        "年度报告\n",
        "年度报告\n根据国办公开办函〔2019〕60号编制。\n",
        1,
    );
    assert_eq!(seen(&t, "citation"), Vec::<String>::new());
}

#[test]
fn thin_sections() {
    let t = report(2021, Format::F2021).replace("主要问题是公开内容还不够全面，政策解读形式单一。下一步将加强培训，完善审核机制，提升公开质量。", "无。");
    assert_eq!(seen(&t, "thin-section"), vec!["[五、存在的主要问题及改进情况] 第五部分“存在的主要问题及改进情况”内容过于简略（仅 2 字），应写明存在的主要问题和改进措施"]);
    let t = report(2021, Format::F2021).replace(
        "围绕主动公开、依申请公开、政府信息管理、平台建设和监督保障等方面",
        "",
    );
    assert_eq!(seen(&t, "thin-section"), vec!["[一、总体情况] 第一部分“总体情况”未涉及：主动公开、依申请公开、政府信息管理、平台建设、监督保障"]);
    // A government's own report also covers 考核、评议、责任追究.
    let t = report(2021, Format::F2021).replacen("某某局", "某县人民政府", 1);
    assert_eq!(
        seen(&t, "thin-section"),
        vec!["[一、总体情况] 第一部分“总体情况”未涉及：工作考核、社会评议和责任追究结果"]
    );
}

#[test]
fn regulations_of_a_township_are_implausible() {
    let t = set_row(
        &report(2021, Format::F2021).replacen("某某局", "某某镇人民政府", 1),
        "规章",
        &["1", "0", "1"],
    );
    assert_eq!(
        seen(&t, "implausible-value"),
        vec!["[1] 某某镇人民政府为乡镇、街道或县级单位，一般无权制定规章，表二“规章”为 1，请核实"]
    );
    let t = set_row(
        &report(2021, Format::F2021).replacen("某某局", "某市人民政府", 1),
        "规章",
        &["1", "0", "1"],
    );
    assert_eq!(seen(&t, "implausible-value"), Vec::<String>::new());
}

#[test]
fn shanghai_2019_figures_against_the_table() {
    // The 上海市政府办公厅 2019 report (format-spec §5, TXT-1): its text says 予以公开及部分公开258件 and
    // 无法提供265件 while its table gives 275 and 337.
    let t = report(2019, Format::F2019);
    let t = set_row(&t, T3_NEW, &["612", "0", "0", "0", "0", "0", "612"]);
    let t = set_row(&t, T3_GRANTED, &["200", "0", "0", "0", "0", "0", "200"]);
    let t = set_row(
        &t,
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        &["75", "0", "0", "0", "0", "0", "75"],
    );
    let t = set_row(
        &t,
        "1.本机关不掌握相关政府信息",
        &["337", "0", "0", "0", "0", "0", "337"],
    );
    let t = set_row(&t, T3_TOTAL, &["612", "0", "0", "0", "0", "0", "612"]);
    let t = t.replacen(
        "三、收到和处理政府信息公开申请情况\n",
        "三、收到和处理政府信息公开申请情况\n2019年，共收到政府信息公开申请612件。在办结的申请中，予以公开及部分公开258件，无法提供265件。\n",
        1,
    );
    assert_eq!(
        seen(&t, "narrative-mismatch"),
        vec![
            "[258] 正文称予以公开及部分公开 258 件，与表三“（一）予以公开”与“（二）部分公开”的总计之和（275）不一致",
            "[265] 正文称无法提供 265 件，与表三“（四）无法提供”各项之和（337）不一致",
        ]
    );
}

const T3_CARRIED_OUT: &str = "四、结转下年度继续办理";
const T3_PARTLY: &str = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）";

/// A 2021 report where eight requests came in, five were granted and three carried over to next
/// year (the 总计 column written, or left blank when `blank_total`), with `sentence` in section 三.
fn with_carried_over(sentence: &str, blank_total: bool) -> String {
    let total = |v: &'static str| if blank_total { "" } else { v };
    let t = report(2021, Format::F2021);
    let t = set_row(&t, T3_NEW, &["5", "3", "0", "0", "0", "0", total("8")]);
    let t = set_row(&t, T3_GRANTED, &["3", "2", "0", "0", "0", "0", total("5")]);
    let t = set_row(&t, T3_TOTAL, &["3", "2", "0", "0", "0", "0", total("5")]);
    let t = set_row(
        &t,
        T3_CARRIED_OUT,
        &["2", "1", "0", "0", "0", "0", total("3")],
    );
    t.replacen(
        "三、收到和处理政府信息公开申请情况\n",
        &format!("三、收到和处理政府信息公开申请情况\n{sentence}\n"),
        1,
    )
}

/// What a user sees of a diagnostic: severity, the text underlined, the Chinese message, and each
/// related place (its text and note).
type Seen = (
    nianbao_core::Severity,
    String,
    String,
    Vec<(String, String)>,
);

/// The narrative-mismatch diagnostics as a user sees them.
fn mismatches(text: &str) -> Vec<Seen> {
    analyze(text, &ParseOptions::default())
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "narrative-mismatch")
        .map(|d| {
            let related = d
                .related
                .iter()
                .map(|r| (r.0.slice(text).to_owned(), r.1.clone()))
                .collect();
            (
                d.severity,
                d.range.slice(text).to_owned(),
                d.message(nianbao_core::Lang::Zh),
                related,
            )
        })
        .collect()
}

#[test]
fn a_claim_that_every_request_was_dealt_with_against_requests_carried_over() {
    use nianbao_core::Severity::Warning;
    let t = with_carried_over(
        "2021年，本机关共收到政府信息公开申请8件，所有申请均已按时办理完毕。",
        false,
    );
    assert_eq!(
        mismatches(&t),
        [(
            Warning,
            "所有申请均已按时办理完毕".to_owned(),
            "正文称申请已全部办结（“所有申请均已按时办理完毕”），但表三“四、结转下年度继续办理·总计”为 3 件".to_owned(),
            vec![("3".to_owned(), "表三“四、结转下年度继续办理·总计”：3".to_owned())],
        )]
    );
    // The related place is the 总计 cell of the row.
    let a = analyze(&t, &ParseOptions::default());
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "narrative-mismatch")
        .unwrap();
    let row = t.find(&format!("{T3_CARRIED_OUT} |")).unwrap();
    assert_eq!(
        d.related[0].0.start,
        row + t[row..].find("| 3 |").unwrap() + 2
    );
    assert_eq!(
        d.message(nianbao_core::Lang::En),
        "the text says every request was dealt with (“所有申请均已按时办理完毕”), but the total of table 3 “carried over to next year” is 3"
    );
    // Other wordings of the claim; in section 三 the claim need not name the requests.
    for (sentence, claim) in [
        ("收到的申请已全部答复办结。", "全部答复办结"),
        ("上述8件均已按期办结。", "均已按期办结"),
    ] {
        let t = with_carried_over(sentence, false);
        let seen = mismatches(&t);
        assert_eq!(seen.len(), 1, "{sentence}");
        assert_eq!(seen[0].1, claim);
    }
}

#[test]
fn a_claim_that_every_request_was_dealt_with_against_a_blank_total() {
    let t = with_carried_over(
        "2021年，本机关共收到政府信息公开申请8件，均已按期办结。",
        true,
    );
    assert_eq!(
        mismatches(&t),
        [(
            nianbao_core::Severity::Warning,
            "均已按期办结".to_owned(),
            "正文称申请已全部办结（“均已按期办结”），但表三“四、结转下年度继续办理”各申请人列之和（总计栏空白）为 3 件".to_owned(),
            vec![("2 | 1 | 0 | 0 | 0 | 0".to_owned(), "表三“四、结转下年度继续办理”各申请人列之和（总计栏空白）：3".to_owned())],
        )]
    );
}

#[test]
fn claims_that_are_right_or_about_other_things_are_silent() {
    // Nothing carried over: the claim is right.
    let t = with_requests("2021年，本机关共收到政府信息公开申请5件，所有申请均已按时办理完毕。");
    assert_eq!(all_codes(&t), Vec::<String>::new());
    // Requests carried over, but the claim is about proposals, is negated, or leaves the rest out.
    for sentence in [
        "本机关办理的人大代表建议和政协提案均已办结。",
        "建议提案均已办结。",
        "收到申请8件，尚未全部办结。",
        "收到申请8件，除3件结转下年度继续办理外，其余均已办结。",
    ] {
        let t = with_carried_over(sentence, false);
        assert_eq!(mismatches(&t), [], "{sentence}");
    }
    // Outside section 三, a claim that does not name requests is about something else.
    let t = with_carried_over("", false).replacen(
        "五、存在的主要问题及改进情况\n",
        "五、存在的主要问题及改进情况\n上年发现的问题均已整改办结。\n",
        1,
    );
    assert_eq!(mismatches(&t), []);
}

/// A 2021 report whose 总计 column is blank: five requests, four granted and one partly granted, with
/// `sentence` in section 三.
fn with_blank_totals(sentence: &str) -> String {
    let t = report(2021, Format::F2021);
    let t = set_row(&t, T3_NEW, &["3", "2", "0", "0", "0", "0", ""]);
    let t = set_row(&t, T3_GRANTED, &["2", "2", "0", "0", "0", "0", ""]);
    let t = set_row(&t, T3_PARTLY, &["1", "0", "0", "0", "0", "0", ""]);
    let t = set_row(&t, T3_TOTAL, &["3", "2", "0", "0", "0", "0", ""]);
    t.replacen(
        "三、收到和处理政府信息公开申请情况\n",
        &format!("三、收到和处理政府信息公开申请情况\n{sentence}\n"),
        1,
    )
}

#[test]
fn a_share_is_checked_against_the_sums_of_a_blank_total_column() {
    // Four of the five requests the applicant columns add up to: 80%.
    let right =
        with_blank_totals("2021年，本机关共收到政府信息公开申请5件，其中予以公开4件，占80%。");
    assert_eq!(mismatches(&right), []);
    let wrong =
        with_blank_totals("2021年，本机关共收到政府信息公开申请5件，其中予以公开4件，占41.2%。");
    assert_eq!(
        mismatches(&wrong),
        [(
            nianbao_core::Severity::Error,
            "41.2".to_owned(),
            "正文所列比例 41.2% 与表中数值不符：按本年新收申请数计算应为 80.0%".to_owned(),
            vec![],
        )]
    );
}
