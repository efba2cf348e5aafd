//! The editor features (hover, inlay hints, outline and folding, formatting, code actions) on small
//! fixtures with a `$0` cursor, checked against snapshots of what the user sees, plus property
//! tests that formatting changes only blanks and that no arithmetic fix adds an arithmetic error.

mod common;

use expect_test::{expect, Expect};
use nianbao_core::catalog::{table_spec, Format, RowKind, TableKind, SECTIONS};
use nianbao_core::check::localise::localise;
use nianbao_core::features::actions::{apply, code_actions, Action};
use nianbao_core::features::format::format_tables;
use nianbao_core::features::hints::inlay_hints;
use nianbao_core::features::hover::hover;
use nianbao_core::features::outline::{folding_ranges, symbols, Symbol};
use nianbao_core::features::Snapshot;
use nianbao_core::relations::{failures, relations};
use nianbao_core::text::{LineIndex, PositionEncoding, TextRange};
use nianbao_core::{analyze, Analysis, Code, Edit, Lang, ParseOptions};
use proptest::prelude::*;

// ---- Helpers ------------------------------------------------------------------------------------

const CURSOR: &str = "$0";

/// Removes the `$0` marker: the text and the marker's offset.
fn cursor(fixture: &str) -> (String, usize) {
    let at = fixture.find(CURSOR).expect("fixture has no $0");
    (fixture.replacen(CURSOR, "", 1), at)
}

fn analysis(text: &str) -> Analysis {
    analyze(text, &ParseOptions::default())
}

fn snap<'a>(text: &'a str, a: &'a Analysis, lang: Lang) -> Snapshot<'a> {
    Snapshot {
        text,
        analysis: a,
        lang,
    }
}

fn seed(name: &str) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/corpus/seeds");
    let path = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
        .unwrap();
    std::fs::read_to_string(path).unwrap()
}

fn check_hover_in(lang: Lang, fixture: &str, expect: Expect) {
    let (text, at) = cursor(fixture);
    let a = analysis(&text);
    let shown = match hover(&snap(&text, &a, lang), at) {
        Some(h) => format!("[{}]\n{}\n", h.range.slice(&text), h.markdown),
        None => "(none)\n".to_owned(),
    };
    expect.assert_eq(&shown);
}

fn check_hover(fixture: &str, expect: Expect) {
    check_hover_in(Lang::Zh, fixture, expect);
}

/// The hints of the whole text as `line:col = N` (1-based lines, columns in chars), with tooltips.
fn hints_of(text: &str, range: Option<TextRange>) -> String {
    let a = analysis(text);
    let index = LineIndex::new(text);
    let range = range.unwrap_or(TextRange::new(0, text.len()));
    inlay_hints(&snap(text, &a, Lang::Zh), range)
        .iter()
        .map(|h| {
            let lc = index.to_line_col(text, h.offset, PositionEncoding::Utf32);
            format!(
                "{}:{} {}  ⟨{}⟩\n",
                lc.line + 1,
                lc.col,
                h.label,
                h.tooltip.clone().unwrap_or_default().replace('\n', " ⏎ ")
            )
        })
        .collect()
}

fn tree(text: &str, symbols: &[Symbol], depth: usize, out: &mut String) {
    for s in symbols {
        let sel = s.selection.slice(text).replace('\n', "⏎");
        let first_line = s.range.slice(text).lines().next().unwrap_or("");
        let last_line = s.range.slice(text).trim_end().lines().last().unwrap_or("");
        out.push_str(&format!(
            "{}{:?} {}{} · select [{}] · range [{} … {}]\n",
            "  ".repeat(depth),
            s.kind,
            s.name,
            s.detail
                .as_ref()
                .map_or(String::new(), |d| format!(" ({d})")),
            sel,
            first_line,
            last_line
        ));
        tree(text, &s.children, depth + 1, out);
    }
}

fn outline_of(text: &str) -> String {
    let a = analysis(text);
    let mut out = String::new();
    tree(text, &symbols(&snap(text, &a, Lang::Zh)), 0, &mut out);
    let index = LineIndex::new(text);
    for f in folding_ranges(&snap(text, &a, Lang::Zh)) {
        let (s, e) = (index.line_of(f.range.start), index.line_of(f.range.end));
        out.push_str(&format!("fold {:?} lines {}–{}\n", f.kind, s + 1, e + 1));
    }
    out
}

fn formatted(text: &str) -> (String, Vec<Edit>) {
    let a = analysis(text);
    let edits = format_tables(&snap(text, &a, Lang::Zh));
    (apply(text, &edits).expect("edits apply"), edits)
}

/// The actions at the cursor: their titles and flags, and the text after applying each.
fn actions_at(fixture: &str, lang: Lang) -> (String, Vec<Action>) {
    let (text, at) = cursor(fixture);
    let a = analysis(&text);
    let actions = code_actions(&snap(&text, &a, lang), TextRange::empty(at));
    let mut out = String::new();
    for act in &actions {
        let codes: Vec<&str> = act
            .diagnostics
            .iter()
            .map(|&i| a.diagnostics[i].code.as_str())
            .collect();
        out.push_str(&format!(
            "== {} ({:?}{}) fixes {:?}\n{}",
            act.title,
            act.kind,
            if act.preferred { ", preferred" } else { "" },
            codes,
            apply(&text, &act.edits).expect("edits apply")
        ));
    }
    (out, actions)
}

fn codes_of(text: &str) -> Vec<&'static str> {
    analysis(text)
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect()
}

const SUM_CODES: [&str; 4] = ["row-total", "outcome-total", "balance", "review-total"];

/// A small 2021 report: table 三 with a few rows and table 四.
const SMALL: &str = "某局2021年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |
自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
一、本年新收政府信息公开申请数量 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |
二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
三、本年度办理结果 |
（一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |
（三）不予公开 |
1.属于国家秘密 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
（七）总计 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |
四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
四、政府信息公开行政复议、行政诉讼情况
行政复议 | 行政诉讼 |
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
1 | 0 | 0 | 1 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
";

/// SMALL with `from` replaced by `to` once, and the cursor put before `cursor_before` in the
/// result.
fn small_with(from: &str, to: &str, cursor_before: &str) -> String {
    let t = SMALL.replacen(from, to, 1);
    let at = t.find(cursor_before).expect("cursor anchor");
    format!("{}$0{}", &t[..at], &t[at..])
}

// ---- Relations ----------------------------------------------------------------------------------

/// The arithmetic diagnostics of each table are the cells of its smallest repair when one is
/// certain, and then writing each one's expected value into its cell makes every relation hold;
/// otherwise they are exactly the failing relations (code, cell, expected, actual).
fn assert_relations_match_diagnostics(text: &str) {
    let a = analysis(text);
    let sums: Vec<&nianbao_core::Diagnostic> = a
        .diagnostics
        .iter()
        .filter(|d| SUM_CODES.contains(&d.code.as_str()))
        .collect();
    let key = |d: &nianbao_core::Diagnostic| {
        let n = |k: &str| d.data[k].as_i64().unwrap() as i128;
        (
            d.code.as_str().to_owned(),
            d.range,
            n("expected"),
            n("actual"),
        )
    };
    for t in &a.report.tables {
        let on_table: Vec<&nianbao_core::Diagnostic> = sums
            .iter()
            .copied()
            .filter(|d| t.range.start <= d.range.start && d.range.end <= t.range.end)
            .collect();
        if let Some(repairs) = localise(t) {
            let mut cells: Vec<(TextRange, i128, i128)> = repairs
                .iter()
                .map(|r| {
                    (
                        t.rows[r.cell.row].cell(r.cell.col).unwrap().range,
                        r.value,
                        r.actual,
                    )
                })
                .collect();
            let mut seen: Vec<(TextRange, i128, i128)> = on_table
                .iter()
                .map(|d| key(d))
                .map(|(_, r, e, x)| (r, e, x))
                .collect();
            cells.sort();
            seen.sort();
            assert_eq!(cells, seen, "{text}");
            let mut fixed = text.to_owned();
            for (range, value, _) in cells.iter().rev() {
                fixed.replace_range(range.start..range.end, &value.to_string());
            }
            let after = analysis(&fixed);
            let table = after
                .report
                .tables
                .iter()
                .find(|x| x.kind == t.kind)
                .unwrap();
            assert!(
                failures(table).is_empty(),
                "the repair leaves {:?}\n{fixed}",
                failures(table)
            );
            continue;
        }
        let mut from_relations: Vec<(String, TextRange, i128, i128)> = Vec::new();
        for r in failures(t).iter() {
            let code = match r.kind {
                nianbao_core::messages::SumKind::RowTotal => "row-total",
                nianbao_core::messages::SumKind::OutcomeTotal => "outcome-total",
                nianbao_core::messages::SumKind::Balance => "balance",
                nianbao_core::messages::SumKind::ReviewTotal => "review-total",
            };
            let cell = t.rows[r.target.row].cell(r.target.col).unwrap();
            from_relations.push((code.to_owned(), cell.range, r.expected, r.actual));
        }
        let mut from_checks: Vec<(String, TextRange, i128, i128)> =
            on_table.iter().map(|d| key(d)).collect();
        from_relations.sort();
        from_checks.sort();
        assert_eq!(from_relations, from_checks);
    }
}

#[test]
fn relations_are_the_checks_arithmetic() {
    for name in ["000", "001", "002", "003", "004"] {
        assert_relations_match_diagnostics(&seed(name));
    }
    assert_relations_match_diagnostics(SMALL);
    for (from, to) in [
        ("（七）总计 | 3 |", "（七）总计 | 4 |"),
        (
            "四、结转下年度继续办理 | 1 |",
            "四、结转下年度继续办理 | 0 |",
        ),
        (
            "一、本年新收政府信息公开申请数量 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |",
            "一、本年新收政府信息公开申请数量 | 3 | 1 | 0 | 0 | 0 | 0 | 5 |",
        ),
        ("1 | 0 | 0 | 1 | 2 |", "1 | 0 | 0 | 1 | 3 |"),
        ("（七）总计 | 3 |", "（七）总计 | 9 |"),
    ] {
        assert_relations_match_diagnostics(&SMALL.replacen(from, to, 1));
    }
}

// ---- Hover --------------------------------------------------------------------------------------

#[test]
fn hover_on_a_refusal_row_quotes_its_article() {
    check_hover(
        &small_with("", "", "属于国家秘密"),
        expect![[r#"
            [1.属于国家秘密]
            **1.属于国家秘密**

            因属于国家秘密而不予公开的申请件数。

            表三：收到和处理政府信息公开申请情况 · 2021年格式（国办公开办函〔2021〕30号）；本行 7 列：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计

            依据：条例第十四条

            > 依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，以及公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开。

            ——《中华人民共和国政府信息公开条例》第十四条
        "#]],
    );
}

#[test]
fn hover_on_a_row_in_english() {
    check_hover_in(
        Lang::En,
        &small_with("", "", "属于国家秘密"),
        expect![[r#"
            [1.属于国家秘密]
            **1.属于国家秘密**

            Requests not disclosed because of: state secret.

            table 3 (requests received and handled) · 2021 format (国办公开办函〔2021〕30号); 7 columns: natural persons, commercial enterprises, research institutions, public-interest organisations, legal service institutions, other organisations, total

            Legal basis: Article 14 of the Regulations

            > 依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，以及公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开。

            ——《中华人民共和国政府信息公开条例》第十四条
        "#]],
    );
}

#[test]
fn hover_quotes_only_the_items_referred_to() {
    // 条例第三十六条第（四）、（五）项: the introduction and the two items, marked as an excerpt.
    check_hover(
        &small_with(
            "1.属于国家秘密 |",
            "（四）无法提供 |\n1.本机关不掌握相关政府信息 |",
            "本机关不掌握",
        ),
        expect![[r#"
            [1.本机关不掌握相关政府信息]
            **1.本机关不掌握相关政府信息**

            因本机关不掌握相关政府信息而无法提供的申请件数。

            表三：收到和处理政府信息公开申请情况 · 2021年格式（国办公开办函〔2021〕30号）；本行 7 列：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计

            依据：条例第三十六条第（四）、（五）项

            > 对政府信息公开申请，行政机关根据下列情况分别作出答复：
            >
            > （四）经检索没有所申请公开信息的，告知申请人该政府信息不存在；
            >
            > （五）所申请公开信息不属于本行政机关负责公开的，告知申请人并说明理由；能够确定负责公开该政府信息的行政机关的，告知申请人该行政机关的名称、联系方式；

            ——《中华人民共和国政府信息公开条例》第三十六条（节选）
        "#]],
    );
}

#[test]
fn hover_gives_no_quotation_for_an_unconfirmed_article() {
    // （二）部分公开 rests on 第三十七条, whose text the specification does not mark as confirmed.
    check_hover(
        &small_with(
            "（一）予以公开 |",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形） |",
            "部分公开",
        ),
        expect![[r#"
            [（二）部分公开（区分处理的，只计这一情形，不计其他情形）]
            **（二）部分公开（区分处理的，只计这一情形，不计其他情形）**

            本年度办理结果为“部分公开”的申请件数（区分处理的，只计这一情形，不计其他情形）。

            表三：收到和处理政府信息公开申请情况 · 2021年格式（国办公开办函〔2021〕30号）；本行 7 列：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计

            依据：条例第三十七条
        "#]],
    );
}

#[test]
fn hover_on_a_misspelt_label_of_table_two() {
    let t = seed("002");
    let at = t.find("政处罚").unwrap();
    let fixture = format!("{}$0{}", &t[..at], &t[at..]);
    check_hover(
        &fixture,
        expect![[r#"
            [政处罚]
            **行政处罚**

            文中写作“政处罚”，与格式中的行名称不一致。

            行政处罚的本年处理决定数量。

            表二：主动公开政府信息情况 · 2021年格式（国办公开办函〔2021〕30号）；本行 1 列：本年处理决定数量

            依据：条例第二十条第（六）项

            > 行政机关应当依照本条例第十九条的规定，主动公开本行政机关的下列政府信息：
            >
            > （六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定；

            ——《中华人民共和国政府信息公开条例》第二十条（节选）
        "#]],
    );
}

#[test]
fn hover_on_group_and_block_labels() {
    check_hover(
        &small_with("", "", "（三）不予公开"),
        expect![[r#"
            [（三）不予公开]
            **（三）不予公开**

            分组标题，本行不填数值；其下各行按情形分列不予公开的申请件数。

            表三：收到和处理政府信息公开申请情况 · 2021年格式（国办公开办函〔2021〕30号）
        "#]],
    );
    let t = seed("001");
    let at = t.find("第二十条第(八)项").unwrap();
    check_hover(
        &format!("{}$0{}", &t[..at], &t[at..]),
        expect![[r#"
            [第二十条第(八)项]
            **第二十条第（八）项**

            栏目标题，本行不填数值；其下各行填写本年收费金额（单位：万元）。

            表二：主动公开政府信息情况 · 2021年格式（国办公开办函〔2021〕30号）

            依据：条例第二十条第（八）项

            > 行政机关应当依照本条例第十九条的规定，主动公开本行政机关的下列政府信息：
            >
            > （八）行政事业性收费项目及其依据、标准；

            ——《中华人民共和国政府信息公开条例》第二十条（节选）
        "#]],
    );
}

#[test]
fn hover_on_section_headings() {
    check_hover(
        &small_with("", "", "三、收到和处理"),
        expect![[r#"
            [三、收到和处理政府信息公开申请情况]
            **三、收到和处理政府信息公开申请情况**

            本部分应包含统计表“表三：收到和处理政府信息公开申请情况”，按2021年格式（国办公开办函〔2021〕30号）填写。

            条例第五十条规定年度报告应当包括：

            > 政府信息公开工作年度报告应当包括下列内容：
            >
            > （二）行政机关收到和处理政府信息公开申请的情况；

            ——《中华人民共和国政府信息公开条例》第五十条（节选）
        "#]],
    );
    let t = seed("002");
    let at = t.find("五、政府信息公开工作").unwrap();
    check_hover(
        &format!("{}$0{}", &t[..at], &t[at..]),
        expect![[r#"
            [五、政府信息公开工作存在的主要问题及改进情况]
            **五、存在的主要问题及改进情况**

            文中写作“五、政府信息公开工作存在的主要问题及改进情况”（较长的表述）。

            条例第五十条规定年度报告应当包括：

            > 政府信息公开工作年度报告应当包括下列内容：
            >
            > （四）政府信息公开工作存在的主要问题及改进情况，各级人民政府的政府信息公开工作年度报告还应当包括工作考核、社会评议和责任追究结果情况；

            ——《中华人民共和国政府信息公开条例》第五十条（节选）
        "#]],
    );
    let t = seed("001");
    let at = t.find("一、总体情况").unwrap();
    check_hover(
        &format!("{}$0{}", &t[..at], &t[at..]),
        expect![[r#"
            [一、总体情况]
            **一、总体情况**

            条例第五十条所列内容中没有单列本部分。

            国办公开办函〔2021〕30号对本部分的要求：

            > 这一项报告本机关政府信息公开工作总体情况，对本机关贯彻落实《中华人民共和国政府信息公开条例》情况进行综述，主要包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障（含《中华人民共和国政府信息公开条例》第五十条第四项规定的各级人民政府“工作考核、社会评议和责任追究结果情况”）……

            ——国办公开办函〔2021〕30号（节选）
        "#]],
    );
}

#[test]
fn hover_on_a_wrong_outcome_total() {
    check_hover(
        &small_with(
            "（七）总计 | 3 |",
            "（七）总计 | 5 |",
            "5 | 1 | 0 | 0 | 0 | 0 | 4 |\n四、",
        ),
        expect![[r#"
            [5]
            **（七）总计·自然人** = `5`

            表三：收到和处理政府信息公开申请情况 · 2021年格式（国办公开办函〔2021〕30号） · 件数：不小于 0 的整数

            申请人为自然人的申请件数。

            （七）总计 = 本列各办理结果之和：

            `2 + 0 + 1 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 = 3`

            ⚠ 填写值为 5，与计算值 3 不符。

            本列勾稽关系 一 + 二 = （七）总计 + 四，即 （七）总计 = 一 + 二 − 四：

            `3 + 1 − 1 = 3`

            ⚠ 填写值为 5，与计算值 3 不符。

            计入：

            - （七）总计·总计：本行总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他
        "#]],
    );
}

#[test]
fn hover_on_a_carried_over_cell_and_a_term() {
    check_hover(
        &small_with("", "", "1 | 0 | 0 | 0 | 0 | 0 | 1 |\n四、政府"),
        expect![[r#"
            [1]
            **四、结转下年度继续办理·自然人** = `1`

            表三：收到和处理政府信息公开申请情况 · 2021年格式（国办公开办函〔2021〕30号） · 件数：不小于 0 的整数

            申请人为自然人的申请件数。

            本列勾稽关系 一 + 二 = （七）总计 + 四，即 四 = 一 + 二 − （七）总计：

            `3 + 1 − 3 = 1`

            ✓ 与填写值一致。

            计入：

            - 四、结转下年度继续办理·总计：本行总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他
        "#]],
    );
    check_hover(
        &small_with("", "", "2 | 1 | 0 | 0 | 0 | 0 | 3 |"),
        expect![[r#"
            [2]
            **（一）予以公开·自然人** = `2`

            表三：收到和处理政府信息公开申请情况 · 2021年格式（国办公开办函〔2021〕30号） · 件数：不小于 0 的整数

            申请人为自然人的申请件数。

            计入：

            - （一）予以公开·总计：本行总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他
            - （七）总计·自然人：（七）总计 = 本列各办理结果之和
        "#]],
    );
}

#[test]
fn hover_on_a_review_total_in_english() {
    check_hover_in(
        Lang::En,
        &small_with("", "", "2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |"),
        expect![[r#"
            [2]
            **“administrative reconsideration”, total** = `2`

            table 4 (administrative reconsideration and litigation) · 2021 format (国办公开办函〔2021〕30号) · a count: a whole number, 0 or more

            Of the administrative reconsideration: the group's total, the sum of the four columns before it.

            the group's total = upheld + corrected + other result + pending:

            `1 + 0 + 0 + 1 = 2`

            ✓ Matches the value written.
        "#]],
    );
}

#[test]
fn hover_on_a_cell_of_table_two() {
    let t = seed("001");
    let at = t.find("行政处罚 | 2").unwrap() + "行政处罚 | ".len();
    check_hover(
        &format!("{}$0{}", &t[..at], &t[at..]),
        expect![[r#"
        [2]
        **行政处罚·本年处理决定数量** = `2`

        表二：主动公开政府信息情况 · 2021年格式（国办公开办函〔2021〕30号） · 件数：不小于 0 的整数

        本年度作出的处理决定数量。
    "#]],
    );
    let t = seed("003");
    let at = t.find("54 |").unwrap();
    check_hover_in(
        Lang::En,
        &format!("{}$0{}", &t[..at], &t[at..]),
        expect![[r#"
            [54]
            **“other external management services”, items last year** = `54`

            table 2 (information disclosed on the agency's own initiative) · 2019 format (国办公开办函〔2019〕60号) · a count: a whole number, 0 or more

            Items last year.
        "#]],
    );
}

#[test]
fn hover_on_column_headers() {
    check_hover(
        &small_with("", "", "商业企业 |"),
        expect![[r#"
            [商业企业]
            **商业企业**

            申请人为商业企业（法人或其他组织）的申请件数。

            2019年格式和2021年格式通用。
        "#]],
    );
    check_hover(
        &small_with("", "", "行政诉讼 |"),
        expect![[r#"
            [行政诉讼]
            **行政诉讼**

            表四：政府信息公开行政复议、行政诉讼情况的表头。

            2019年格式和2021年格式通用。
        "#]],
    );
    let t = seed("004");
    let at = t.find("公开数量").unwrap();
    check_hover(
        &format!("{}$0{}", &t[..at], &t[at..]),
        expect![[r#"
            [本年新
            公开数量]
            **本年新公开数量**

            本年度新公开的件数。

            仅见于2019年格式（国办公开办函〔2019〕60号）。
        "#]],
    );
}

#[test]
fn no_hover_elsewhere() {
    check_hover(
        &format!("{}$0", SMALL.trim_end()),
        expect![[r#"
        (none)
    "#]],
    );
    check_hover(
        "某局2021年政府信息公开工作年度报告\n一、总体$0情况\n本局认真贯彻条例。\n",
        expect![[r#"
        [一、总体情况]
        **一、总体情况**

        条例第五十条所列内容中没有单列本部分。

        国办公开办函〔2021〕30号对本部分的要求：

        > 这一项报告本机关政府信息公开工作总体情况，对本机关贯彻落实《中华人民共和国政府信息公开条例》情况进行综述，主要包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障（含《中华人民共和国政府信息公开条例》第五十条第四项规定的各级人民政府“工作考核、社会评议和责任追究结果情况”）……

        ——国办公开办函〔2021〕30号（节选）
    "#]],
    );
    check_hover(
        "这是一段$0普通的文字。\n",
        expect![[r#"
        (none)
    "#]],
    );
}

// ---- Inlay hints --------------------------------------------------------------------------------

#[test]
fn inlay_hints_beside_every_total() {
    let t = SMALL.replacen("（七）总计 | 3 |", "（七）总计 | 5 |", 1);
    expect![[r#"
        5:44 = 4  ⟨本行总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他：3 + 1 + 0 + 0 + 0 + 0 = 4 ⏎ ✓ 与填写值一致。⟩
        6:44 = 1  ⟨本行总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他：1 + 0 + 0 + 0 + 0 + 0 = 1 ⏎ ✓ 与填写值一致。⟩
        8:35 = 3  ⟨本行总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他：2 + 1 + 0 + 0 + 0 + 0 = 3 ⏎ ✓ 与填写值一致。⟩
        10:36 = 1  ⟨本行总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他：1 + 0 + 0 + 0 + 0 + 0 = 1 ⏎ ✓ 与填写值一致。⟩
        11:9 = 3  ⟨（七）总计 = 本列各办理结果之和：2 + 0 + 1 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 = 3 ⏎ ⚠ 填写值为 5，与计算值 3 不符。⟩
        11:13 = 1  ⟨（七）总计 = 本列各办理结果之和：1 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 = 1 ⏎ ✓ 与填写值一致。⟩
        11:17 = 0  ⟨（七）总计 = 本列各办理结果之和：0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 = 0 ⏎ ✓ 与填写值一致。⟩
        11:21 = 0  ⟨（七）总计 = 本列各办理结果之和：0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 = 0 ⏎ ✓ 与填写值一致。⟩
        11:25 = 0  ⟨（七）总计 = 本列各办理结果之和：0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 = 0 ⏎ ✓ 与填写值一致。⟩
        11:29 = 0  ⟨（七）总计 = 本列各办理结果之和：0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 = 0 ⏎ ✓ 与填写值一致。⟩
        11:33 = 4  ⟨（七）总计 = 本列各办理结果之和：3 + 0 + 1 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 = 4 ⏎ ✓ 与填写值一致。 ⏎  ⏎ 本行总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他：5 + 1 + 0 + 0 + 0 + 0 = 6 ⏎ ⚠ 填写值为 4，与计算值 6 不符。⟩
        12:39 = 1  ⟨本行总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他：1 + 0 + 0 + 0 + 0 + 0 = 1 ⏎ ✓ 与填写值一致。⟩
        16:17 = 2  ⟨本组总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结：1 + 0 + 0 + 1 = 2 ⏎ ✓ 与填写值一致。⟩
        16:37 = 0  ⟨本组总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结：0 + 0 + 0 + 0 = 0 ⏎ ✓ 与填写值一致。⟩
        16:57 = 1  ⟨本组总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结：0 + 0 + 0 + 1 = 1 ⏎ ✓ 与填写值一致。⟩
    "#]]
    .assert_eq(&hints_of(&t, None));
}

#[test]
fn inlay_hints_only_in_range_and_only_for_checkable_rows() {
    // A row with six values is left out; the range keeps only the hints of table 四's line.
    let t = SMALL.replacen(
        "（一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |",
        "（一）予以公开 | 2 | 1 | 0 | 0 | 0 | 3 |",
        1,
    );
    let line = t.find("1 | 0 | 0 | 1 | 2").unwrap();
    expect![[r#"
        16:17 = 2  ⟨本组总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结：1 + 0 + 0 + 1 = 2 ⏎ ✓ 与填写值一致。⟩
        16:37 = 0  ⟨本组总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结：0 + 0 + 0 + 0 = 0 ⏎ ✓ 与填写值一致。⟩
        16:57 = 1  ⟨本组总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结：0 + 0 + 0 + 1 = 1 ⏎ ✓ 与填写值一致。⟩
    "#]]
    .assert_eq(&hints_of(&t, Some(TextRange::new(line, t.len()))));
    let all = hints_of(&t, None);
    assert!(
        !all.contains("8:"),
        "no hint on the row with six values:\n{all}"
    );
    assert!(
        !all.contains("（七）总计 = 本列"),
        "the outcome totals cannot be checked:\n{all}"
    );
    let text = "某局2021年政府信息公开工作年度报告\n一、总体情况\n无。\n";
    assert_eq!(hints_of(text, None), "");
}

// ---- Outline and folding ------------------------------------------------------------------------

#[test]
fn outline_of_seed_002() {
    expect![[r#"
        Section 一、总体情况 · select [一、总体情况] · range [一、总体情况  … 主动配合区政府的考核及监督,设立监督投诉电话和加强对政府信息公开工作的监督,对投诉的问题严格实施责任追究,做到事事有答复,件件有落实。]
        Section 二、行政机关主动公开政府信息情况 (二、主动公开政府信息情况) · select [二、行政机关主动公开政府信息情况] · range [二、行政机关主动公开政府信息情况 … 0]
          Table 表二：主动公开政府信息情况 (2021年格式) · select [第二十条第(一)项] · range [第二十条第(一)项 … 0]
        Section 三、行政机关收到和处理政府信息公开申请情况 (三、收到和处理政府信息公开申请情况) · select [三、行政机关收到和处理政府信息公开申请情况] · range [三、行政机关收到和处理政府信息公开申请情况   … 0]
          Table 表三：收到和处理政府信息公开申请情况 (2021年格式) · select [一、本年新收政府信息公开申请数量] · range [(本列数据的勾稽关系为:第一项加第二项之和, … 0]
        Section 四、因政府信息公开工作被申请行政复议、行政诉讼情况 (四、政府信息公开行政复议、行政诉讼情况) · select [四、因政府信息公开工作被申请行政复议、行政诉讼情况] · range [四、因政府信息公开工作被申请行政复议、行政诉讼情况    … 0]
          Table 表四：政府信息公开行政复议、行政诉讼情况 (2021年格式) · select [行政复议] · range [行政复议 … 0]
        Section 五、政府信息公开工作存在的主要问题及改进情况 (五、存在的主要问题及改进情况) · select [五、政府信息公开工作存在的主要问题及改进情况] · range [五、政府信息公开工作存在的主要问题及改进情况 … 改进情况:(一)建立健全信息公开制度,完善信息公开工作长效机制,把政府信息公开工作作为长期的动态工作落到实处,确保公开信息的及时性、准确性和有效性;(二)进一步加强教育,提高全局人员对实施“信息公开”工作重要性的认识,增强做好此项工作的主动性和紧迫感。]
        Section 六、其他需要报告的事项 · select [六、其他需要报告的事项] · range [六、其他需要报告的事项 … 2022年1月20日]
        fold Section lines 10–32
        fold Section lines 34–94
        fold Table lines 36–94
        fold Section lines 96–528
        fold Table lines 98–528
        fold Section lines 530–608
        fold Table lines 532–608
        fold Section lines 610–614
        fold Section lines 616–652
    "#]]
    .assert_eq(&outline_of(&seed("002")));
}

#[test]
fn folding_stops_before_page_chrome() {
    // Seed 001 ends with a web page's footer; the fold of 六 ends at its own text.
    let text = seed("001");
    let a = analysis(&text);
    let last = folding_ranges(&snap(&text, &a, Lang::Zh))
        .into_iter()
        .rfind(|f| f.kind == nianbao_core::features::outline::FoldKind::Section)
        .unwrap();
    expect![[r#"
        六、其他需要报告的事项
        本年度没有其它需要报告的事项。"#]]
    .assert_eq(last.range.slice(&text));
}

#[test]
fn outline_of_a_small_report() {
    let text = "某局2021年政府信息公开工作年度报告\n行政复议 | 行政诉讼 |\n1 | 0 | 0 | 1 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |\n\n二、主动公开政府信息情况\n第二十条第（一）项 |\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | 0 | 0 | 0 |\n行政规范性文件 | 1 | 0 | 3 |\n\n";
    expect![[r#"
        Table 表四：政府信息公开行政复议、行政诉讼情况 (2021年格式) · select [行政复议 | 行政诉讼 |] · range [行政复议 | 行政诉讼 | … 1 | 0 | 0 | 1 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1]
        Section 二、主动公开政府信息情况 · select [二、主动公开政府信息情况] · range [二、主动公开政府信息情况 … 行政规范性文件 | 1 | 0 | 3 |]
          Table 表二：主动公开政府信息情况 (2021年格式) · select [第二十条第（一）项] · range [第二十条第（一）项 | … 行政规范性文件 | 1 | 0 | 3]
        fold Table lines 2–3
        fold Section lines 5–9
        fold Table lines 6–9
    "#]]
    .assert_eq(&outline_of(text));
}

// ---- Formatting ---------------------------------------------------------------------------------

fn without_blanks(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn formatting_aligns_a_markdown_table_by_display_width() {
    let text = "某局2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|:--|--:|---|---|\n|规章|0|0|12|\n| 行政规范性文件 | 3 |1| 0 |\n\n本年度无其他情况。 | 说明\n";
    let (out, edits) = formatted(text);
    expect![[r#"
        某局2021年政府信息公开工作年度报告
        二、主动公开政府信息情况

        | 信息内容       | 本年制发件数 | 本年废止件数 | 现行有效件数 |
        |:---------------|-------------:|--------------|--------------|
        | 规章           | 0            | 0            | 12           |
        | 行政规范性文件 | 3            | 1            | 0            |

        本年度无其他情况。 | 说明
    "#]]
    .assert_eq(&out);
    assert_eq!(edits.len(), 4);
    assert_eq!(formatted(&out).1, Vec::<Edit>::new(), "idempotent");
}

#[test]
fn formatting_a_pipe_table_with_filler() {
    let text = "某局2021年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n行政复议 | 行政诉讼 | ||\n结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n1|0|0|1|2|0|0|0|0|0|0|0|0|1|1|\n";
    let (out, _) = formatted(text);
    expect![[r#"
        某局2021年政府信息公开工作年度报告
        四、政府信息公开行政复议、行政诉讼情况
        行政复议 | 行政诉讼 |          |          |
        结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
        1        | 0        | 0        | 1        | 2    | 0        | 0        | 0        | 0        | 0    | 0        | 0        | 0        | 1        | 1    |
    "#]]
    .assert_eq(&out);
    assert_eq!(codes_of(text), codes_of(&out));
}

#[test]
fn formatting_seed_001_changes_only_blanks() {
    let text = seed("001");
    let (out, edits) = formatted(&text);
    assert!(!edits.is_empty());
    assert_eq!(without_blanks(&text), without_blanks(&out));
    assert_eq!(formatted(&out).1, Vec::<Edit>::new(), "idempotent");
    // The same diagnostics, and the same values in every cell.
    let (a, b) = (analysis(&text), analysis(&out));
    let msgs = |a: &Analysis| {
        a.diagnostics
            .iter()
            .map(|d| d.message(Lang::Zh))
            .collect::<Vec<_>>()
    };
    assert_eq!(msgs(&a), msgs(&b));
    let cells = |t: &str, a: &Analysis| -> Vec<String> {
        a.report
            .tables
            .iter()
            .flat_map(|tb| {
                tb.rows
                    .iter()
                    .flat_map(|r| r.cells.iter().map(|c| c.range.slice(t).trim().to_owned()))
            })
            .collect()
    };
    assert_eq!(cells(&text, &a), cells(&out, &b));
    // Table 二's first lines, and table 三's rows, where a group label and a row label share a line:
    // the values line up all the same.
    let changed: String = edits
        .iter()
        .filter(|e| {
            e.new_text.starts_with("第二十条第(一)")
                || e.new_text.starts_with("规章")
                || e.new_text.contains("予以公开")
                || e.new_text.starts_with("(七)总计")
        })
        .map(|e| format!("{}\n", e.new_text))
        .collect();
    expect![[r#"
        第二十条第(一)项 |                         |              |              |
        规章             | 0                       | 0            | 0            |
        三、本年度办理结果 | (一)予以公开                                               | 0 | 0 | 0 | 0 | 0 | 0 | 0 |  |
        (七)总计                                                                        | 0 | 0 | 0 | 0 | 0 | 0 | 0 |  |  |
    "#]]
    .assert_eq(&changed);
}

#[test]
fn formatting_leaves_one_cell_per_line_and_narrative_alone() {
    for name in ["000", "002", "003", "004"] {
        let text = seed(name);
        let (out, _) = formatted(&text);
        assert_eq!(without_blanks(&text), without_blanks(&out), "seed {name}");
        assert_eq!(
            formatted(&out).1,
            Vec::<Edit>::new(),
            "seed {name} idempotent"
        );
    }
    assert_eq!(formatted(&seed("000")).1, Vec::<Edit>::new());
    assert_eq!(formatted(&seed("002")).1, Vec::<Edit>::new());
    assert_eq!(formatted(&seed("004")).1, Vec::<Edit>::new());
    // A narrative line with a pipe outside any table is not a table.
    let text = "某局2021年政府信息公开工作年度报告\n一、总体情况\n本局 | 认真贯彻 | 条例。\n";
    assert_eq!(formatted(text).1, Vec::<Edit>::new());
}

// ---- Code actions -------------------------------------------------------------------------------

#[test]
fn quick_fix_for_a_wrong_total() {
    let fixture = small_with(
        "（七）总计 | 3 |",
        "（七）总计 | 5 |",
        "5 | 1 | 0 | 0 | 0 | 0 | 4 |\n四、",
    );
    let (shown, actions) = actions_at(&fixture, Lang::Zh);
    let titles: Vec<_> = actions
        .iter()
        .map(|a| (a.title.as_str(), a.kind, a.preferred))
        .collect();
    expect![[r#"
        [
            (
                "改为 3（本表勾稽关系随之全部成立）",
                QuickFix,
                true,
            ),
            (
                "修正全部合计",
                SourceFixAll,
                false,
            ),
        ]
    "#]]
    .assert_debug_eq(&titles);
    // The fix-all result: only the wrong cell changes, and nothing is left to report.
    let fix_all = &actions[1];
    assert_eq!(fix_all.edits.len(), 1);
    let after = apply(&cursor(&fixture).0, &fix_all.edits).unwrap();
    assert_eq!(after, SMALL);
    // The wrong （七）总计 cell is reported once, by the outcome total.
    let fixed: Vec<&str> = fix_all
        .diagnostics
        .iter()
        .map(|&i| analysis(&cursor(&fixture).0).diagnostics[i].code.as_str())
        .collect();
    assert_eq!(fixed, ["outcome-total"], "{shown}");
}

#[test]
fn only_the_consistent_fixes_are_preferred() {
    // （七）总计·自然人 is 2 instead of 3: the outcome sum blames it; the balance and the row total of
    // （七）总计, which would blame right cells, are not reported.
    let fixture = small_with("（七）总计 | 3 |", "（七）总计 | 2 |", "（七）总计 | 2");
    let (text, _) = cursor(&fixture);
    let a = analysis(&text);
    let actions = code_actions(&snap(&text, &a, Lang::Zh), TextRange::new(0, text.len()));
    let shown: Vec<String> = actions
        .iter()
        .filter(|x| {
            x.diagnostics
                .iter()
                .all(|&i| SUM_CODES.contains(&a.diagnostics[i].code.as_str()))
        })
        .map(|x| {
            let e = &x.edits[0];
            let d = x
                .diagnostics
                .first()
                .map_or("", |&i| a.diagnostics[i].code.as_str());
            format!(
                "{} {:?} {} · {} at [{}]{}",
                x.title,
                x.kind,
                d,
                e.new_text,
                e.range.slice(&text),
                if x.preferred { " · preferred" } else { "" }
            )
        })
        .collect();
    expect![[r#"
        [
            "改为 3（本表勾稽关系随之全部成立） QuickFix outcome-total · 3 at [2] · preferred",
            "修正全部合计 SourceFixAll outcome-total · 3 at [2]",
        ]
    "#]]
    .assert_debug_eq(&shown);
}

#[test]
fn quick_fixes_for_label_typos_and_empty_cells() {
    let fixture = small_with(
        "1.属于国家秘密 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        "1.属于国家密 | 1 | 0 | / | 0 | 0 | 0 | 1 |",
        "属于国家密",
    );
    let (shown, _) = actions_at(&fixture, Lang::En);
    let first = shown.split("== ").nth(1).unwrap();
    expect![[r#"
        Replace with “1.属于国家秘密” (QuickFix, preferred) fixes ["label-typo"]
        某局2021年政府信息公开工作年度报告
        三、收到和处理政府信息公开申请情况
        （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |
        自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
        一、本年新收政府信息公开申请数量 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |
        二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
        三、本年度办理结果 |
        （一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |
        （三）不予公开 |
        1.属于国家秘密 | 1 | 0 | / | 0 | 0 | 0 | 1 |
        （七）总计 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |
        四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
        四、政府信息公开行政复议、行政诉讼情况
        行政复议 | 行政诉讼 |
        结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
        1 | 0 | 0 | 1 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |
    "#]]
    .assert_eq(first);
    let at = fixture.find(" / ").unwrap() + 1;
    let fixture = format!("{}$0{}", &fixture[..at].replace("$0", ""), &fixture[at..]);
    let (_, actions) = actions_at(&fixture, Lang::Zh);
    let titles: Vec<_> = actions
        .iter()
        .map(|a| (a.title.as_str(), a.edits[0].new_text.as_str()))
        .collect();
    expect![[r#"
        [
            (
                "填写 0",
                "0",
            ),
        ]
    "#]]
    .assert_debug_eq(&titles);
}

/// Every single wrong total of SMALL is repaired by "fix all totals", leaving nothing to report and
/// touching only that cell.
#[test]
fn fix_all_repairs_any_single_wrong_total() {
    let a = analysis(SMALL);
    assert_eq!(
        codes_of(SMALL)
            .iter()
            .filter(|c| SUM_CODES.contains(c))
            .count(),
        0
    );
    let mut targets: Vec<TextRange> = Vec::new();
    for t in &a.report.tables {
        for r in relations(t) {
            targets.push(t.rows[r.target.row].cell(r.target.col).unwrap().range);
        }
    }
    targets.sort();
    targets.dedup();
    assert_eq!(
        targets.len(),
        1 + 1 + 1 + 1 + 7 + 7 + 3,
        "row totals, the （七） row, the 四 row, table 四"
    );
    for range in targets {
        let wrong = format!("{}{}{}", &SMALL[..range.start], "9", &SMALL[range.end..]);
        let before = codes_of(&wrong);
        assert!(before.iter().any(|c| SUM_CODES.contains(c)), "{wrong}");
        let a = analysis(&wrong);
        let actions = code_actions(&snap(&wrong, &a, Lang::Zh), TextRange::empty(0));
        let fix_all = actions
            .iter()
            .find(|x| x.title == "修正全部合计")
            .expect("fix-all offered");
        let after = apply(&wrong, &fix_all.edits).unwrap();
        assert_eq!(
            after,
            SMALL,
            "fixing {} at {range:?}",
            &SMALL[range.start..range.end]
        );
    }
}

#[test]
fn fix_all_computes_each_cell_once_when_relations_meet() {
    // （七）总计 is too large for the balance (12 + 0 < 13 + 0) and for the outcome sum, in the 自然人 and
    // the 总计 column: those two cells are the repair, and the fix writes one value that satisfies
    // both.
    let t = SMALL
        .replacen(
            "一、本年新收政府信息公开申请数量 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |",
            "一、本年新收政府信息公开申请数量 | 12 | 0 | 0 | 0 | 0 | 0 | 12 |",
            1,
        )
        .replacen(
            "二、上年结转政府信息公开申请数量 | 1 |",
            "二、上年结转政府信息公开申请数量 | 0 |",
            1,
        )
        .replacen(
            "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            1,
        )
        .replacen(
            "（一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |",
            "（一）予以公开 | 11 | 0 | 0 | 0 | 0 | 0 | 11 |",
            1,
        )
        .replacen(
            "（七）总计 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |",
            "（七）总计 | 13 | 0 | 0 | 0 | 0 | 0 | 13 |",
            1,
        )
        .replacen(
            "四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            1,
        );
    let a = analysis(&t);
    let sums: Vec<String> = a
        .diagnostics
        .iter()
        .filter(|d| SUM_CODES.contains(&d.code.as_str()))
        .map(|d| format!("{} {}", d.code.as_str(), d.message(Lang::Zh)))
        .collect();
    expect![[r#"
        [
            "outcome-total （七）总计·自然人 应为 12（各办理结果之和；使本列第一项加第二项之和等于第三项加第四项之和），实为 13；与（七）总计·总计（改为 12）一并改正后本表勾稽关系全部成立",
            "outcome-total （七）总计·总计 应为 12（各办理结果之和；使本列第一项加第二项之和等于第三项加第四项之和），实为 13；与（七）总计·自然人（改为 12）一并改正后本表勾稽关系全部成立",
        ]
    "#]]
    .assert_debug_eq(&sums);
    let actions = code_actions(&snap(&t, &a, Lang::Zh), TextRange::empty(0));
    let fix_all = actions
        .iter()
        .find(|x| x.kind == nianbao_core::features::actions::ActionKind::SourceFixAll)
        .unwrap();
    let edits: Vec<_> = fix_all
        .edits
        .iter()
        .map(|e| (e.range.slice(&t), e.new_text.as_str()))
        .collect();
    expect![[r#"
        [
            (
                "13",
                "12",
            ),
            (
                "13",
                "12",
            ),
        ]
    "#]]
    .assert_debug_eq(&edits);
    assert_eq!(fix_all.diagnostics.len(), 2);
    let after = apply(&t, &fix_all.edits).unwrap();
    assert_eq!(
        codes_of(&after)
            .iter()
            .filter(|c| SUM_CODES.contains(c))
            .count(),
        0
    );
}

#[test]
fn fix_all_repairs_a_wrong_data_cell_not_the_totals_it_breaks() {
    // A wrong applicant cell of an outcome row breaks its row total and the （七）总计 of its column:
    // the cell itself is what "fix all" changes, back to the value that makes both hold.
    let t = SMALL.replacen("（一）予以公开 | 2 |", "（一）予以公开 | 4 |", 1);
    let a = analysis(&t);
    let actions = code_actions(&snap(&t, &a, Lang::Zh), TextRange::empty(0));
    let fix_all = actions.iter().find(|x| x.title == "修正全部合计").unwrap();
    let after = apply(&t, &fix_all.edits).unwrap();
    let changed: Vec<&str> = after
        .lines()
        .zip(t.lines())
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a)
        .collect();
    expect![[r#"
        [
            "（一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |",
        ]
    "#]]
    .assert_debug_eq(&changed);
    assert_eq!(after, SMALL);
}

#[test]
fn fix_all_is_in_the_quick_fix_list_at_an_arithmetic_error() {
    // The example report has wrong numbers in table 三 and table 四: at the wrong （五）2.重复申请·总计 the
    // quick fixes are the repair of table 三 and "fix all", which repairs both tables.
    let text = include_str!("../../../examples/example-report-2021.txt");
    let at = text.find("2.重复申请 | 1 | 1 | 0 | 0 | 0 | 0 | 3").unwrap()
        + "2.重复申请 | 1 | 1 | 0 | 0 | 0 | 0 | ".len();
    let a = analysis(text);
    let actions = code_actions(&snap(text, &a, Lang::Zh), TextRange::empty(at));
    let quick: Vec<(&str, usize)> = actions
        .iter()
        .filter(|x| x.kind == nianbao_core::features::actions::ActionKind::QuickFix)
        .map(|x| (x.title.as_str(), x.edits.len()))
        .collect();
    assert_eq!(
        quick,
        [
            (
                "改为 2，并改正另外 1 个单元格（本表勾稽关系随之全部成立）",
                2
            ),
            ("修正全部合计", 3)
        ]
    );
    let after = apply(
        text,
        &actions
            .iter()
            .find(|x| x.title == "修正全部合计")
            .unwrap()
            .edits,
    )
    .unwrap();
    assert_eq!(
        codes_of(&after)
            .iter()
            .filter(|c| SUM_CODES.contains(c))
            .count(),
        0
    );
}

#[test]
fn no_fix_all_without_arithmetic_errors() {
    let a = analysis(SMALL);
    let actions = code_actions(&snap(SMALL, &a, Lang::Zh), TextRange::new(0, SMALL.len()));
    assert!(actions.iter().all(|x| x.title != "修正全部合计"));
}

// ---- Converting table 二 -------------------------------------------------------------------------

/// The converted table 二 of a text, and what the analysis says about it afterwards.
fn convert(text: &str, at: &str) -> (String, String) {
    let offset = text.find(at).unwrap();
    let fixture = format!("{}$0{}", &text[..offset], &text[offset..]);
    let (_, actions) = actions_at(&fixture, Lang::Zh);
    let action = actions
        .iter()
        .find(|a| a.title == "将表二转换为2021年格式")
        .expect("conversion offered");
    assert_eq!(action.edits.len(), 1);
    let after = apply(text, &action.edits).unwrap();
    let a = analysis(&after);
    let t2 = a.report.table(TableKind::T2).unwrap();
    assert_eq!(t2.format, Format::F2021);
    let mismatch = a
        .diagnostics
        .iter()
        .any(|d| d.code == Code::FormatMismatch && d.data["table"] == "T2");
    assert!(!mismatch);
    let t2_codes: Vec<&str> = a
        .diagnostics
        .iter()
        .filter(|d| t2.range.start <= d.range.start && d.range.end <= t2.range.end)
        .map(|d| d.code.as_str())
        .collect();
    (t2.range.slice(&after).to_owned(), format!("{t2_codes:?}"))
}

const T2_2019_ROWS: &str = "某局2021年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项 |
信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
规章 | 1 | 2 | 3 |
规范性文件 | 4 | 5 | 6 |
第二十条第（五）项 |
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
行政许可 | 7 | -1 | 8 |
其他对外管理服务事项 | 9 | 0 | 10 |
第二十条第（六）项 |
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
行政处罚 | 11 | 0 | 12 |
行政强制 | 13 | 0 | 14 |
第二十条第（八）项 |
信息内容 | 上一年项目数量 | 本年增/减 |
行政事业性收费 | 15 | 0 |
第二十条第（九）项 |
信息内容 | 采购项目数量 | 采购总金额 |
政府集中采购 | 16 | 17 |
三、收到和处理政府信息公开申请情况
";

#[test]
fn convert_table_two_in_rows() {
    let (table, codes) = convert(T2_2019_ROWS, "本年新制作数量");
    expect![[r#"
        第二十条第（一）项 |
        信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
        规章 | 1 | 0 | 0 |
        行政规范性文件 | 4 | 0 | 0 |
        第二十条第（五）项 |
        信息内容 | 本年处理决定数量 |
        行政许可 | 8 |
        第二十条第（六）项 |
        信息内容 | 本年处理决定数量 |
        行政处罚 | 12 |
        行政强制 | 14 |
        第二十条第（八）项 |
        信息内容 | 本年收费金额（单位：万元） |
        行政事业性收费 | 0"#]]
    .assert_eq(&table);
    assert_eq!(codes, "[]");
}

#[test]
fn convert_table_two_one_cell_per_line() {
    // Seed 004: a 2021 report in the 2019 format, tab-indented, one cell per line.
    let (table, codes) = convert(&seed("004"), "对外公开总数量");
    expect![[r#"
        第二十条第（一）项

        	信息内容
        	本年制发件数
        	本年废止件数
        	现行有效件数

        	规章
        	0
        	0
        	0

        	行政规范性文件
        	0
        	0
        	0

        	第二十条第（五）项

        	信息内容
        	本年处理决定数量

        	行政许可
        	0

        	第二十条第（六）项

        	信息内容
        	本年处理决定数量

        	行政处罚
        	0

        	行政强制
        	0

        	第二十条第（八）项

        	信息内容
        	本年收费金额（单位：万元）

        	行政事业性收费
        	0"#]]
    .assert_eq(&table);
    assert_eq!(codes, "[]");
    // Seed 000's layout: a cell per line, each ending in " |".
    let text = T2_2019_ROWS
        .lines()
        .map(|l| {
            if l.contains(" | ") {
                l.split(" | ")
                    .map(|c| c.trim_end_matches(" |"))
                    .collect::<Vec<_>>()
                    .join(" |\n")
                    + " |"
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let (table, codes) = convert(&text, "处理决定数量");
    assert!(
        table.starts_with("第二十条第（一）项 |\n信息内容 |\n本年制发件数 |\n"),
        "{table}"
    );
    assert!(
        table.contains("规章 |\n1 |\n0 |\n0 |\n行政规范性文件 |\n4 |"),
        "{table}"
    );
    assert_eq!(codes, "[]");
}

#[test]
fn convert_table_two_in_other_layouts() {
    // Markdown.
    let md = T2_2019_ROWS
        .lines()
        .map(|l| {
            if l.contains(" |") {
                format!("| {l}")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .replacen(
            "第二十条第（一）项 |\n",
            "第二十条第（一）项 |\n|---|---|---|---|\n",
            1,
        );
    let (table, codes) = convert(&md, "规章");
    expect![[r#"
        第二十条第（一）项 |  |  |  |
        | --- | --- | --- | --- |
        | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
        | 规章 | 1 | 0 | 0 |
        | 行政规范性文件 | 4 | 0 | 0 |
        | 第二十条第（五）项 |  |  |  |
        | 信息内容 | 本年处理决定数量 |  |  |
        | 行政许可 | 8 |  |  |
        | 第二十条第（六）项 |  |  |  |
        | 信息内容 | 本年处理决定数量 |  |  |
        | 行政处罚 | 12 |  |  |
        | 行政强制 | 14 |  |  |
        | 第二十条第（八）项 |  |  |  |
        | 信息内容 | 本年收费金额（单位：万元） |  |  |
        | 行政事业性收费 | 0 |  |  "#]]
    .assert_eq(&table);
    assert_eq!(codes, "[]");
    // Blank lines between cells, as seed 002 has them.
    let spaced = T2_2019_ROWS
        .lines()
        .map(|l| {
            if l.contains(" |") {
                l.split(" |")
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n\n")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    let (table, codes) = convert(&spaced, "规范性文件");
    assert!(
        table.starts_with("第二十条第（一）项\n\n信息内容\n\n本年制发件数\n\n"),
        "{table}"
    );
    assert!(
        table.contains("\n\n行政处罚\n\n12\n\n行政强制\n\n14\n\n"),
        "{table}"
    );
    assert_eq!(codes, "[]");
    // PDF rows: a label and space-separated numbers.
    let pdf = T2_2019_ROWS
        .lines()
        .map(|l| l.replace(" | ", " ").trim_end_matches(" |").to_owned())
        .collect::<Vec<_>>()
        .join("\n");
    let (table, codes) = convert(&pdf, "规范性文件");
    expect![[r#"
        第二十条第（一）项
        信息内容 本年制发件数 本年废止件数 现行有效件数
        规章 1 0 0
        行政规范性文件 4 0 0
        第二十条第（五）项
        信息内容 本年处理决定数量
        行政许可 8
        第二十条第（六）项
        信息内容 本年处理决定数量
        行政处罚 12
        行政强制 14
        第二十条第（八）项
        信息内容 本年收费金额（单位：万元）
        行政事业性收费 0"#]]
    .assert_eq(&table);
    assert_eq!(codes, "[]");
}

#[test]
fn no_conversion_when_the_year_wants_2019_or_rows_would_be_lost() {
    let text = T2_2019_ROWS.replace("2021年", "2020年");
    let offset = text.find("规章").unwrap();
    let a = analysis(&text);
    let actions = code_actions(&snap(&text, &a, Lang::Zh), TextRange::empty(offset));
    assert!(actions
        .iter()
        .all(|x| x.kind != nianbao_core::features::actions::ActionKind::Rewrite));
    let text = T2_2019_ROWS.replace(
        "行政强制 | 13 | 0 | 14 |",
        "行政强制 | 13 | 0 | 14 |\n其他主动公开文件 | 1 | 1 | 1 |",
    );
    let a = analysis(&text);
    let actions = code_actions(
        &snap(&text, &a, Lang::Zh),
        TextRange::empty(text.find("规章").unwrap()),
    );
    assert!(actions
        .iter()
        .all(|x| x.kind != nianbao_core::features::actions::ActionKind::Rewrite));
}

// ---- Properties ---------------------------------------------------------------------------------

/// A complete, consistent 2021 report built from the catalog with the given applicant and review
/// values, in the row-per-line pipe layout with the given padding.
fn generated(values: &[u8], pad: &[u8]) -> String {
    let mut v = values.iter().cycle().map(|x| u64::from(*x % 7));
    let mut p = pad.iter().cycle().map(|x| " ".repeat(usize::from(*x % 3)));
    let cell = |s: String, p: &mut dyn Iterator<Item = String>| {
        format!("{}{s}{}", p.next().unwrap(), p.next().unwrap())
    };
    let mut s = "某局2021年政府信息公开工作年度报告\n".to_owned();
    for sec in &SECTIONS {
        s.push_str(&sec.heading());
        s.push('\n');
        match sec.table {
            None => s.push_str(&common::narrative(sec.id.0, 2021)),
            Some(TableKind::T4) => {
                let cols = table_spec(TableKind::T4, Format::F2021).rows[0].columns();
                s.push_str("行政复议 | 行政诉讼 |\n");
                s.push_str(&cols.iter().map(|c| c.label).collect::<Vec<_>>().join(" | "));
                s.push('\n');
                let mut cells = Vec::new();
                for _ in 0..3 {
                    let parts: Vec<u64> = (0..4).map(|_| v.next().unwrap()).collect();
                    cells.extend(parts.iter().map(|x| x.to_string()));
                    cells.push(parts.iter().sum::<u64>().to_string());
                }
                s.push_str(
                    &cells
                        .into_iter()
                        .map(|c| cell(c, &mut p))
                        .collect::<Vec<_>>()
                        .join("|"),
                );
                s.push_str("|\n");
            }
            Some(TableKind::T3) => {
                let spec = table_spec(TableKind::T3, Format::F2021);
                let mut totals = [0u64; 6];
                let mut rows: Vec<(&str, Vec<u64>)> = Vec::new();
                for row in spec.rows {
                    match row.kind {
                        RowKind::Data(_) if row.outcome => {
                            let vals: Vec<u64> = (0..6).map(|_| v.next().unwrap()).collect();
                            for (t, x) in totals.iter_mut().zip(&vals) {
                                *t += x;
                            }
                            rows.push((row.label, vals));
                        }
                        RowKind::Data(_) => rows.push((row.label, Vec::new())),
                        _ => rows.push((row.label, vec![u64::MAX])),
                    }
                }
                let carried_in: Vec<u64> = (0..6).map(|_| v.next().unwrap()).collect();
                let carried_out: Vec<u64> = (0..6)
                    .map(|i| (v.next().unwrap()).min(totals[i] + carried_in[i]))
                    .collect();
                let new: Vec<u64> = (0..6)
                    .map(|i| totals[i] + carried_out[i] - carried_in[i])
                    .collect();
                for (label, vals) in rows {
                    let vals = match (label, vals.as_slice()) {
                        (_, [x]) if *x == u64::MAX => {
                            s.push_str(&format!("{label} |\n"));
                            continue;
                        }
                        (l, []) if l.starts_with("一、") => new.clone(),
                        (l, []) if l.starts_with("二、") => carried_in.clone(),
                        (l, []) if l.starts_with("四、") => carried_out.clone(),
                        (_, []) => totals.to_vec(),
                        (_, v) => v.to_vec(),
                    };
                    let total: u64 = vals.iter().sum();
                    let cells: Vec<String> = vals
                        .iter()
                        .chain(std::iter::once(&total))
                        .map(|x| cell(x.to_string(), &mut p))
                        .collect();
                    s.push_str(&format!("{label}|{}|\n", cells.join("|")));
                }
            }
            Some(kind) => {
                for row in table_spec(kind, Format::F2021).rows {
                    match row.kind {
                        RowKind::Block(cols) => {
                            s.push_str(&format!(
                                "{} |\n信息内容 | {} |\n",
                                row.label,
                                cols.iter().map(|c| c.label).collect::<Vec<_>>().join(" | ")
                            ));
                        }
                        RowKind::Data(cols) => {
                            let cells: Vec<String> = cols
                                .iter()
                                .map(|_| cell(v.next().unwrap().to_string(), &mut p))
                                .collect();
                            s.push_str(&format!("{}|{}|\n", row.label, cells.join("|")));
                        }
                        RowKind::Group => {}
                    }
                }
            }
        }
    }
    s
}

fn check_edits_well_formed(text: &str, edits: &[Edit]) {
    let mut at = 0;
    for e in edits {
        assert!(
            e.range.start >= at,
            "edits overlap or are unsorted: {edits:?}"
        );
        assert!(text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
        at = e.range.end;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn generated_reports_are_clean(values in proptest::collection::vec(any::<u8>(), 1..64), pad in proptest::collection::vec(any::<u8>(), 1..16)) {
        let text = generated(&values, &pad);
        prop_assert_eq!(codes_of(&text), Vec::<&str>::new());
    }

    #[test]
    fn formatting_changes_only_blanks_and_is_idempotent(
        values in proptest::collection::vec(any::<u8>(), 1..64),
        pad in proptest::collection::vec(any::<u8>(), 1..16),
        noise in proptest::collection::vec((any::<usize>(), prop::sample::select(vec![" ", "|", "\n", "  ", "　", "规章", "0", "\t", "|---|"])), 0..6),
    ) {
        let mut text = generated(&values, &pad);
        for (at, s) in noise {
            let mut i = at % (text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            text.insert_str(i, s);
        }
        let (out, edits) = formatted(&text);
        check_edits_well_formed(&text, &edits);
        let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>();
        prop_assert_eq!(strip(&text), strip(&out));
        prop_assert_eq!(formatted(&out).1, Vec::<Edit>::new());
        let msgs = |t: &str| analysis(t).diagnostics.iter().map(|d| d.message(Lang::Zh)).collect::<Vec<_>>();
        prop_assert_eq!(msgs(&text), msgs(&out));
    }

    #[test]
    fn fixes_never_add_arithmetic_errors(
        values in proptest::collection::vec(any::<u8>(), 1..64),
        pad in proptest::collection::vec(any::<u8>(), 1..16),
        mutations in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..30), 1..4),
    ) {
        let text = generated(&values, &pad);
        let clean = analysis(&text);
        let cells: Vec<TextRange> = clean.report.tables.iter().flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter().map(|c| c.range))).collect();
        // Replace a few cells (any cell, not only totals) with other numbers, back to front.
        let mut picked: Vec<(TextRange, u8)> = mutations.iter().map(|(i, v)| (*i.get(&cells), *v)).collect();
        picked.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
        picked.dedup_by_key(|(r, _)| r.start);
        let mut wrong = text.clone();
        for (r, v) in &picked {
            wrong.replace_range(r.start..r.end, &v.to_string());
        }
        let changed = picked.iter().filter(|(r, v)| r.slice(&text).trim() != v.to_string()).count();
        assert_relations_match_diagnostics(&wrong);
        let a = analysis(&wrong);
        let sums = |t: &str| codes_of(t).into_iter().filter(|c| SUM_CODES.contains(c)).count();
        let before = sums(&wrong);
        let actions = code_actions(&snap(&wrong, &a, Lang::Zh), TextRange::new(0, wrong.len()));
        // Each quick fix of an arithmetic error, applied alone, leaves no more of them than before.
        for fix in actions.iter().filter(|x| x.diagnostics.iter().any(|&i| SUM_CODES.contains(&a.diagnostics[i].code.as_str()))) {
            check_edits_well_formed(&wrong, &fix.edits);
            let after = apply(&wrong, &fix.edits).unwrap();
            prop_assert!(sums(&after) <= before, "{} raised the errors from {} to {}:\n{}", fix.title, before, sums(&after), after);
        }
        if let Some(fix_all) = actions.iter().find(|x| x.title == "修正全部合计") {
            for e in &fix_all.edits {
                let on_a_cell = a.report.tables.iter().flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter())).any(|c| c.range == e.range);
                prop_assert!(on_a_cell, "edit outside the cells: {:?}", e);
                prop_assert!(e.new_text.trim().parse::<i128>().is_ok());
            }
            let after = apply(&wrong, &fix_all.edits).unwrap();
            // One wrong number, wherever it is, is always repaired completely.
            if changed == 1 {
                prop_assert_eq!(sums(&after), 0, "{}", after);
            }
        } else {
            prop_assert_eq!(before, 0);
        }
    }

    #[test]
    fn features_never_panic(
        values in proptest::collection::vec(any::<u8>(), 1..32),
        noise in proptest::collection::vec((any::<usize>(), prop::sample::select(vec!["|", "\n", "一、", "（七）总计", "1.", "－", "12", "/", "二、主动公开政府信息情况\n", "\r\n", "é", "𠀀"])), 0..12),
        probes in proptest::collection::vec(any::<usize>(), 1..8),
    ) {
        let mut text = generated(&values, &[1]);
        for (at, s) in noise {
            let mut i = at % (text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            text.insert_str(i, s);
        }
        let a = analysis(&text);
        for lang in [Lang::Zh, Lang::En] {
            let s = snap(&text, &a, lang);
            for p in &probes {
                let at = p % (text.len() + 1);
                if let Some(h) = hover(&s, at) {
                    prop_assert!(h.range.start <= at && at <= h.range.end);
                }
                for act in code_actions(&s, TextRange::empty(at)) {
                    check_edits_well_formed(&text, &act.edits);
                    prop_assert!(apply(&text, &act.edits).is_some());
                }
            }
            for h in inlay_hints(&s, TextRange::new(0, text.len())) {
                prop_assert!(text.is_char_boundary(h.offset));
            }
            for f in folding_ranges(&s) {
                prop_assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
            }
            fn walk(text: &str, syms: &[Symbol]) {
                for s in syms {
                    assert!(s.range.start <= s.selection.start && s.selection.end <= s.range.end, "{s:?}");
                    assert!(text.is_char_boundary(s.range.start) && text.is_char_boundary(s.range.end));
                    for c in &s.children {
                        assert!(s.range.start <= c.range.start && c.range.end <= s.range.end);
                    }
                    walk(text, &s.children);
                }
            }
            walk(&text, &symbols(&s));
        }
        let (out, edits) = formatted(&text);
        check_edits_well_formed(&text, &edits);
        prop_assert_eq!(formatted(&out).1, Vec::<Edit>::new());
    }
}
