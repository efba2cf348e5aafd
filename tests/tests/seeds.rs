//! The five seed reports, byte for byte as published, with the diagnostics a careful reviewer
//! expects (see tests/corpus/README.md): every one checked in Chinese and English.

use expect_test::{expect, Expect};
use nianbao_core::text::{LineIndex, PositionEncoding};
use nianbao_core::{analyze, Lang, ParseOptions};

fn seed(name: &str) -> String {
    let path = format!("{}/corpus/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Renders what a user sees: position (1-based line, 1-based character), severity, code, the text
/// the diagnostic underlines, and the message.
fn render(text: &str, lang: Lang) -> String {
    let a = analyze(text, &ParseOptions::default());
    let idx = LineIndex::new(text);
    let r = &a.report;
    let mut out = format!(
        "report={} year={:?} format={:?}\n",
        r.is_report,
        r.year.map(|y| y.value),
        r.format.map(|f| f.name())
    );
    for d in &a.diagnostics {
        let p = idx.to_line_col(text, d.range.start, PositionEncoding::Utf32);
        let slice: String = d
            .range
            .slice(text)
            .chars()
            .take(24)
            .collect::<String>()
            .replace(['\n', '\r'], "⏎");
        out.push_str(&format!(
            "{}:{} {} {} [{}] {}\n",
            p.line + 1,
            p.col + 1,
            d.severity.name_en(),
            d.code.as_str(),
            slice,
            d.message(lang)
        ));
    }
    out
}

fn check(name: &str, zh: Expect, en: Expect) {
    let text = seed(name);
    zh.assert_eq(&render(&text, Lang::Zh));
    en.assert_eq(&render(&text, Lang::En));
}

#[test]
fn seed_000_one_cell_per_line_consistent_tables_but_five_parts_announced() {
    // The tables are consistent; the preamble says 共5个部分 while the report has six, and section 一 is
    // free narrative that leaves three of the topics of the 2021 format out.
    check(
        "000_e22fc2599b138d8b.txt",
        expect![[r#"
            report=true year=Some(2021) format=Some("2021")
            2:68 warning part-count [5] 报告称共 5 个部分，实有 6 个部分
            3:1 warning thin-section [一、总体情况] 第一部分“总体情况”未涉及：主动公开、依申请公开、政府信息管理
        "#]],
        expect![[r#"
            report=true year=Some(2021) format=Some("2021")
            2:68 warning part-count [5] the report says it has 5 parts, but it has 6
            3:1 warning thin-section [一、总体情况] section 1 (overview) does not cover: proactive disclosure, disclosure on request, information management
        "#]],
    );
}

#[test]
fn seed_001_rows_with_filler_and_web_chrome_lacks_the_fee_statement() {
    // The tables are consistent and the web chrome is ignored; section 六 does not say whether 信息处理费
    // was charged.
    check(
        "001_de67b3003fa77aa1.txt",
        expect![[r#"
            report=true year=Some(2021) format=Some("2021")
            66:1 warning fee-statement [六、其他需要报告的事项] 第六部分未说明是否收取信息处理费（2021年格式要求报告信息处理费的收取情况；注意与表二“行政事业性收费”不同）
        "#]],
        expect![[r#"
            report=true year=Some(2021) format=Some("2021")
            66:1 warning fee-statement [六、其他需要报告的事项] section 6 does not say whether information processing fees were charged, which the 2021 format requires (not to be confused with “administrative fees” in table 2)
        "#]],
    );
}

#[test]
fn seed_002_damaged_labels_and_long_headings() {
    check(
        "002_763b898b65aef6cb.txt",
        expect![[r#"
            report=true year=Some(2021) format=Some("2021")
            34:3 info heading-variant [行政机关主动公开政府信息情况] 标题“二、行政机关主动公开政府信息情况”使用了较长的表述，年度报告格式的标题为“二、主动公开政府信息情况”
            78:1 warning label-typo [政处罚] 行名称“政处罚”与年度报告格式不一致，应为“行政处罚”
            96:3 info heading-variant [行政机关收到和处理政府信息公开申请情况] 标题“三、行政机关收到和处理政府信息公开申请情况”使用了较长的表述，年度报告格式的标题为“三、收到和处理政府信息公开申请情况”
            170:1 warning label-typo [(二)部分公开(区分处理的,只计这一情形,不计其] 行名称“(二)部分公开(区分处理的,只计这一情形,不计其他情形”与年度报告格式不一致，应为“（二）部分公开（区分处理的，只计这一情形，不计其他情形）”
            220:1 warning label-typo [3.危及三安全一稳定] 行名称“3.危及三安全一稳定”与年度报告格式不一致，应为「3.危及“三安全一稳定”」
            530:3 info heading-variant [因政府信息公开工作被申请行政复议、行政诉讼情况] 标题“四、因政府信息公开工作被申请行政复议、行政诉讼情况”使用了较长的表述，年度报告格式的标题为“四、政府信息公开行政复议、行政诉讼情况”
            610:3 info heading-variant [政府信息公开工作存在的主要问题及改进情况] 标题“五、政府信息公开工作存在的主要问题及改进情况”使用了较长的表述，年度报告格式的标题为“五、存在的主要问题及改进情况”
        "#]],
        expect![[r#"
            report=true year=Some(2021) format=Some("2021")
            34:3 info heading-variant [行政机关主动公开政府信息情况] heading “二、行政机关主动公开政府信息情况” uses a longer wording; the format's heading is “二、主动公开政府信息情况”
            78:1 warning label-typo [政处罚] row label “政处罚” differs from the format; it should be “行政处罚”
            96:3 info heading-variant [行政机关收到和处理政府信息公开申请情况] heading “三、行政机关收到和处理政府信息公开申请情况” uses a longer wording; the format's heading is “三、收到和处理政府信息公开申请情况”
            170:1 warning label-typo [(二)部分公开(区分处理的,只计这一情形,不计其] row label “(二)部分公开(区分处理的,只计这一情形,不计其他情形” differs from the format; it should be “（二）部分公开（区分处理的，只计这一情形，不计其他情形）”
            220:1 warning label-typo [3.危及三安全一稳定] row label “3.危及三安全一稳定” differs from the format; it should be 「3.危及“三安全一稳定”」
            530:3 info heading-variant [因政府信息公开工作被申请行政复议、行政诉讼情况] heading “四、因政府信息公开工作被申请行政复议、行政诉讼情况” uses a longer wording; the format's heading is “四、政府信息公开行政复议、行政诉讼情况”
            610:3 info heading-variant [政府信息公开工作存在的主要问题及改进情况] heading “五、政府信息公开工作存在的主要问题及改进情况” uses a longer wording; the format's heading is “五、存在的主要问题及改进情况”
        "#]],
    );
}

#[test]
fn seed_003_2020_report_in_the_2019_format_is_clean() {
    check(
        "003_04358ba433e2261a.txt",
        expect![[r#"
            report=true year=Some(2020) format=Some("2019")
        "#]],
        expect![[r#"
            report=true year=Some(2020) format=Some("2019")
        "#]],
    );
}

#[test]
fn seed_004_2021_report_in_the_2019_format() {
    // Besides the 2019 tables: section 六 only says 无其他需要报告的事项 (no fee statement).
    check(
        "004_d6d84b68e1105486.txt",
        expect![[r#"
            report=true year=Some(2021) format=Some("2019")
            4:1 warning thin-section [一、总体情况] 第一部分“总体情况”未涉及：依申请公开、监督保障
            14:2 warning format-mismatch [本年新⏎制作数量] 本报告为2021年度报告，应使用2021年格式（国办公开办函〔2021〕30号），但第二部分表格（主动公开政府信息情况）使用的是2019年格式（国办公开办函〔2019〕60号）
            319:2 warning format-mismatch [（六）其他处理] 本报告为2021年度报告，应使用2021年格式（国办公开办函〔2021〕30号），但第三部分表格（收到和处理政府信息公开申请情况）使用的是2019年格式（国办公开办函〔2019〕60号）
            399:1 warning fee-statement [六、其他需要报告的事项] 第六部分未说明是否收取信息处理费（2021年格式要求报告信息处理费的收取情况；注意与表二“行政事业性收费”不同）
        "#]],
        expect![[r#"
            report=true year=Some(2021) format=Some("2019")
            4:1 warning thin-section [一、总体情况] section 1 (overview) does not cover: disclosure on request, oversight and safeguards
            14:2 warning format-mismatch [本年新⏎制作数量] a report for 2021 must use the 2021 format (国办公开办函〔2021〕30号), but the table of section 2 (proactive disclosure) uses the 2019 format (国办公开办函〔2019〕60号)
            319:2 warning format-mismatch [（六）其他处理] a report for 2021 must use the 2021 format (国办公开办函〔2021〕30号), but the table of section 3 (requests) uses the 2019 format (国办公开办函〔2019〕60号)
            399:1 warning fee-statement [六、其他需要报告的事项] section 6 does not say whether information processing fees were charged, which the 2021 format requires (not to be confused with “administrative fees” in table 2)
        "#]],
    );
}
