//! Completion by context: row labels, headings, column headers and table snippets, checked on small
//! fixtures whose `$0` marks the cursor.

mod common;

use expect_test::{expect, Expect};
use nianbao_core::catalog::{Format, TableKind};
use nianbao_core::features::completion::{
    completions, detect_layout, table_snippet, CompletionItem, CompletionKind, Layout,
};
use nianbao_core::features::Snapshot;
use nianbao_core::{analyze, Lang, ParseOptions};

const TITLE: &str = "某局2021年政府信息公开工作年度报告\n";

/// Removes the `$0` marker and returns the text and the marker's offset.
fn cursor(fixture: &str) -> (String, usize) {
    let at = fixture.find("$0").expect("the fixture has a $0 cursor");
    (fixture.replacen("$0", "", 1), at)
}

/// The completion items at the fixture's cursor.
fn items_at(fixture: &str, lang: Lang) -> (String, Vec<CompletionItem>) {
    let (text, at) = cursor(fixture);
    let analysis = analyze(&text, &ParseOptions::default());
    let items = completions(
        &Snapshot {
            text: &text,
            analysis: &analysis,
            lang,
        },
        at,
    );
    (text, items)
}

/// The first `n` items as `label | kind | replaced text`, one a line.
fn render(text: &str, items: &[CompletionItem], n: usize) -> String {
    let mut out = String::new();
    for it in items.iter().take(n) {
        let kind = match it.kind {
            CompletionKind::RowLabel => "row",
            CompletionKind::Heading => "heading",
            CompletionKind::ColumnHeader => "header",
            CompletionKind::TableSnippet => "snippet",
        };
        out.push_str(&format!(
            "{} | {} | {:?}\n",
            it.label,
            kind,
            it.replace.slice(text)
        ));
    }
    if items.len() > n {
        out.push_str(&format!("… {} items in all\n", items.len()));
    }
    out
}

fn check(fixture: &str, n: usize, expect: Expect) {
    let (text, items) = items_at(fixture, Lang::Zh);
    expect.assert_eq(&render(&text, &items, n));
}

const T3: &str = "三、收到和处理政府信息公开申请情况\n";
const ZEROS: &str = " | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";

/// A table-三 row in the row layout.
fn row(label: &str) -> String {
    format!("{label}{ZEROS}\n")
}

/// A table-三 row in the one-cell-per-line layout.
fn cell_rows(label: &str) -> String {
    format!("{label} |\n{}", "0 |\n".repeat(7))
}

fn seed(name: &str) -> String {
    let path = format!(
        "{}/../../tests/corpus/seeds/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_next_missing_row_comes_first_in_the_row_layout() {
    let fixture = format!(
        "{TITLE}{T3}{}{}$0\n",
        row("一、本年新收政府信息公开申请数量"),
        row("2.重复申请")
    );
    check(
        &fixture,
        5,
        expect![[r#"
        3.要求提供公开出版物 | row | ""
        4.无正当理由大量反复申请 | row | ""
        5.要求行政机关确认或重新出具已获取信息 | row | ""
        （六）其他处理 | row | ""
        1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | row | ""
        … 36 items in all
    "#]],
    );
}

#[test]
fn the_next_missing_row_comes_first_in_the_one_cell_per_line_layout() {
    let fixture = format!(
        "{TITLE}{T3}{}{}$0\n",
        cell_rows("一、本年新收政府信息公开申请数量"),
        cell_rows("2.重复申请")
    );
    check(
        &fixture,
        3,
        expect![[r#"
        3.要求提供公开出版物 | row | ""
        4.无正当理由大量反复申请 | row | ""
        5.要求行政机关确认或重新出具已获取信息 | row | ""
        … 36 items in all
    "#]],
    );
}

#[test]
fn a_partly_typed_row_label_is_completed_and_replaced() {
    let fixture = format!(
        "{TITLE}{T3}{}{}3.要$0\n",
        row("一、本年新收政府信息公开申请数量"),
        row("2.重复申请")
    );
    check(
        &fixture,
        3,
        expect![[r#"
        3.要求提供公开出版物 | row | "3.要"
    "#]],
    );
    // Between two rows: the row typed is not taken for present, the next missing one still leads.
    let fixture = format!(
        "{TITLE}{T3}{}{}  $0\n{}",
        row("1.信访举报投诉类申请"),
        row("2.重复申请"),
        row("4.无正当理由大量反复申请")
    );
    check(
        &fixture,
        3,
        expect![[r#"
        3.要求提供公开出版物 | row | ""
        5.要求行政机关确认或重新出具已获取信息 | row | ""
        （六）其他处理 | row | ""
        … 31 items in all
    "#]],
    );
}

#[test]
fn group_labels_and_block_titles_are_offered_where_missing() {
    let fixture = format!(
        "{TITLE}二、主动公开政府信息情况\n第二十条第（一）项 |\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | 0 | 0 | 0 |\n行政规范性文件 | 0 | 0 | 0 |\n$0\n"
    );
    check(
        &fixture,
        3,
        expect![[r#"
        第二十条第（五）项 | row | ""
        行政许可 | row | ""
        第二十条第（六）项 | row | ""
        … 16 items in all
    "#]],
    );
    let fixture = format!("{TITLE}{T3}{}$0\n", row("8.属于行政查询事项"));
    check(
        &fixture,
        2,
        expect![[r#"
        （四）无法提供 | row | ""
        1.本机关不掌握相关政府信息 | row | ""
        … 36 items in all
    "#]],
    );
}

#[test]
fn missing_headings_at_a_heading_position() {
    let fixture = format!(
        "{TITLE}一、总体情况\n2021年，本局认真贯彻条例。\n$0\n五、存在的主要问题及改进情况\n无。\n"
    );
    check(
        &fixture,
        8,
        expect![[r#"
        二、主动公开政府信息情况 | heading | ""
        三、收到和处理政府信息公开申请情况 | heading | ""
        四、政府信息公开行政复议、行政诉讼情况 | heading | ""
        六、其他需要报告的事项 | heading | ""
    "#]],
    );
    // Between sections in Markdown: the `## ` stays, the heading replaces what was typed after it.
    let fixture = format!(
        "{TITLE}## 一、总体情况\n正文。\n## 二、主动公开政府信息情况\n正文。\n\n## 四、$0\n"
    );
    check(
        &fixture,
        3,
        expect![[r#"
        四、政府信息公开行政复议、行政诉讼情况 | heading | "四、"
    "#]],
    );
}

#[test]
fn a_heading_typed_on_its_own_line_does_not_count_as_present() {
    let fixture = format!("{TITLE}一、总体情况\n正文。\n三、收到和处理政府信息$0\n");
    check(
        &fixture,
        3,
        expect![[r#"
        三、收到和处理政府信息公开申请情况 | heading | "三、收到和处理政府信息"
    "#]],
    );
}

#[test]
fn pinyin_initials_filter_and_are_replaced() {
    let fixture = format!(
        "{TITLE}{T3}{}yygk$0\n",
        row("一、本年新收政府信息公开申请数量")
    );
    let (text, items) = items_at(&fixture, Lang::Zh);
    expect![[r#"
        （一）予以公开 | row | "yygk"
        1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | row | "yygk"
        2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | row | "yygk"
    "#]]
    .assert_eq(&render(&text, &items, 3));
    assert!(
        items[0].filter_text.contains("yygk"),
        "{}",
        items[0].filter_text
    );
    assert_eq!(items[0].replace.len(), 4);
    expect!["（一）予以公开 yygk 予以公开 yyygk yuyigongkai (一)予以公开"]
        .assert_eq(&items[0].filter_text);
    // 重 in 重复申请 reads chóng.
    let fixture = format!(
        "{TITLE}{T3}{}cfsq$0\n",
        row("一、本年新收政府信息公开申请数量")
    );
    check(
        &fixture,
        2,
        expect![[r#"
        2.重复申请 | row | "cfsq"
        1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | row | "cfsq"
        … 4 items in all
    "#]],
    );
    // Initials after a cell separator.
    let fixture = format!("{TITLE}二、主动公开政府信息情况\n第二十条第（六）项 |\n信息内容 | 本年处理决定数量 |\n行政处罚 | 0 |\n| xzqz$0\n");
    check(
        &fixture,
        2,
        expect![[r#"
        行政强制 | row | "xzqz"
    "#]],
    );
}

#[test]
fn a_typed_chinese_prefix_filters() {
    let fixture = format!(
        "{TITLE}{T3}{}不予$0\n",
        row("一、本年新收政府信息公开申请数量")
    );
    check(
        &fixture,
        4,
        expect![[r#"
        （三）不予公开 | row | "不予"
        （五）不予处理 | row | "不予"
    "#]],
    );
    // Half-width brackets, as often typed.
    let fixture = format!(
        "{TITLE}{T3}{}(一)予$0\n",
        row("一、本年新收政府信息公开申请数量")
    );
    check(
        &fixture,
        2,
        expect![[r#"
        （一）予以公开 | row | "(一)予"
    "#]],
    );
    // A number typed in a value cell brings nothing up.
    let fixture = format!("{TITLE}{T3}一、本年新收政府信息公开申请数量 | 1$0\n");
    check(&fixture, 2, expect![""]);
}

#[test]
fn a_2019_report_gets_the_2019_rows() {
    let fixture = "某局2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项 |\n信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n规章 | 0 | 0 | 0 |\n$0\n";
    let (text, items) = items_at(fixture, Lang::Zh);
    expect![[r#"
        规范性文件 | row | ""
        第二十条第（五）项 | row | ""
        … 19 items in all
    "#]]
    .assert_eq(&render(&text, &items, 2));
    assert!(items.iter().all(|i| i.label != "行政规范性文件"));
    let fixture = format!(
        "某局2020年政府信息公开工作年度报告\n{T3}{}$0\n",
        row("5.要求行政机关确认或重新出具已获取信息")
    );
    let (text, items) = items_at(&fixture, Lang::Zh);
    expect![[r#"
        （六）其他处理 | row | ""
        （七）总计 | row | ""
        … 33 items in all
    "#]]
    .assert_eq(&render(&text, &items, 2));
    expect!["本行填 7 个数：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计。"]
        .assert_eq(items[0].documentation.as_deref().unwrap_or(""));
    assert!(
        items
            .iter()
            .all(|i| i.label != "3.其他" && !i.label.starts_with("1.申请人")),
        "2021-only rows are not offered"
    );
}

#[test]
fn column_headers_in_the_header_area() {
    // Below a block title of table 二: that block's headers.
    let fixture = format!("{TITLE}二、主动公开政府信息情况\n第二十条第（八）项 |\n$0\n");
    check(
        &fixture,
        3,
        expect![[r#"
        信息内容 | header | ""
        本年收费金额（单位：万元） | header | ""
        行政事业性收费 | row | ""
        … 18 items in all
    "#]],
    );
    // On a line that holds headers: the next ones.
    let fixture = format!("{TITLE}{T3}自然人 | 法人或其他组织 | $0\n");
    check(
        &fixture,
        3,
        expect![[r#"
        总计 | header | ""
        商业企业 | header | ""
        科研机构 | header | ""
        … 45 items in all
    "#]],
    );
    // One cell per line: after the last header, the rows.
    let fixture = format!("{TITLE}二、主动公开政府信息情况\n第二十条第（一）项 |\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n$0\n");
    check(
        &fixture,
        2,
        expect![[r#"
        规章 | row | ""
        行政规范性文件 | row | ""
        … 16 items in all
    "#]],
    );
    let fixture =
        format!("{TITLE}二、主动公开政府信息情况\n第二十条第（一）项 |\n信息内容 |\n$0\n");
    check(
        &fixture,
        2,
        expect![[r#"
        本年制发件数 | header | ""
        本年废止件数 | header | ""
        … 20 items in all
    "#]],
    );
}

#[test]
fn a_missing_table_is_offered_as_a_snippet_first_in_its_section() {
    let fixture =
        format!("{TITLE}一、总体情况\n正文。\n{T3}$0\n四、政府信息公开行政复议、行政诉讼情况\n");
    let (text, items) = items_at(&fixture, Lang::Zh);
    expect![[r#"
        表三：收到和处理政府信息公开申请情况（2021年格式） | snippet | ""
        一、本年新收政府信息公开申请数量 | row | ""
        二、上年结转政府信息公开申请数量 | row | ""
        … 44 items in all
    "#]]
    .assert_eq(&render(&text, &items, 3));
    let snippet = &items[0];
    assert!(snippet.is_snippet && snippet.kind == CompletionKind::TableSnippet);
    expect!["插入空白表三 · 2021年格式 · 一行一行，以 | 分隔 | 表三：收到和处理政府信息公开申请情况（2021年格式） bssdhclzfxxgksqqkngs biaosanshoudaohechulizhengfuxinxigongkaishenqingqingkuangniangeshi 表三:收到和处理政府信息公开申请情况(2021年格式) biao3 b3 biaosan bs table3 sdhclzfxxgksqqk"].assert_eq(&format!("{} | {}", snippet.detail, snippet.filter_text));
    // Typed `biao3` or `b3` finds it.
    let fixture = format!("{TITLE}一、总体情况\n正文。\n{T3}b3$0\n");
    check(
        &fixture,
        1,
        expect![[r#"
        表三：收到和处理政府信息公开申请情况（2021年格式） | snippet | "b3"
    "#]],
    );
}

#[test]
fn snippets_are_written_in_the_document_layout() {
    let md = table_snippet(TableKind::T4, Format::F2021, Layout::Markdown);
    expect![[r#"
        | 行政复议 | | | | | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |
        |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
        | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
        | ${1:0} | ${2:0} | ${3:0} | ${4:0} | ${5:0} | ${6:0} | ${7:0} | ${8:0} | ${9:0} | ${10:0} | ${11:0} | ${12:0} | ${13:0} | ${14:0} | ${15:0} |"#]].assert_eq(&md);
    let rows = table_snippet(TableKind::T3, Format::F2021, Layout::Rows);
    expect![[r#"
        （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
        一、本年新收政府信息公开申请数量 | ${1:0} | ${2:0} | ${3:0} | ${4:0} | ${5:0} | ${6:0} | ${7:0} |
        二、上年结转政府信息公开申请数量 | ${8:0} | ${9:0} | ${10:0} | ${11:0} | ${12:0} | ${13:0} | ${14:0} |
        三、本年度办理结果 |
        （一）予以公开 | ${15:0} | ${16:0} | ${17:0} | ${18:0} | ${19:0} | ${20:0} | ${21:0} |"#]].assert_eq(&rows.lines().take(5).collect::<Vec<_>>().join("\n"));
    let cells = table_snippet(TableKind::T2, Format::F2019, Layout::CellPerLine);
    expect![[r#"
        第二十条第（一）项 |
        信息内容 |
        本年新制作数量 |
        本年新公开数量 |
        对外公开总数量 |
        规章 |
        ${1:0} |
        ${2:0} |
        ${3:0} |"#]]
    .assert_eq(&cells.lines().take(9).collect::<Vec<_>>().join("\n"));
    let tabs = table_snippet(TableKind::T2, Format::F2021, Layout::Tabs);
    expect![[r#"
        第二十条第（一）项
        信息内容	本年制发件数	本年废止件数	现行有效件数
        规章	${1:0}	${2:0}	${3:0}"#]]
    .assert_eq(&tabs.lines().take(3).collect::<Vec<_>>().join("\n"));
}

#[test]
fn the_layout_of_the_seeds_is_detected() {
    let mut out = String::new();
    for name in [
        "000_e22fc2599b138d8b.txt",
        "001_de67b3003fa77aa1.txt",
        "002_763b898b65aef6cb.txt",
        "003_04358ba433e2261a.txt",
        "004_d6d84b68e1105486.txt",
    ] {
        let text = seed(name);
        let a = analyze(&text, &ParseOptions::default());
        out.push_str(&format!("{name}: {:?}\n", detect_layout(&text, &a.report)));
    }
    // Seeds 002 (cells between blank lines) and 004 (tab-indented cells) have no layout of their
    // own to copy: they get rows separated by `|`.
    expect![[r#"
        000_e22fc2599b138d8b.txt: CellPerLine
        001_de67b3003fa77aa1.txt: Rows
        002_763b898b65aef6cb.txt: Rows
        003_04358ba433e2261a.txt: CellPerLine
        004_d6d84b68e1105486.txt: Rows
    "#]]
    .assert_eq(&out);
}

#[test]
fn an_inserted_snippet_analyses_clean_in_every_layout_and_format() {
    for layout in LAYOUTS {
        for format in [Format::F2019, Format::F2021] {
            for kind in [TableKind::T2, TableKind::T3, TableKind::T4] {
                let fixture = report_in(layout, format, kind);
                let (text, items) = items_at(&fixture, Lang::Zh);
                let case = format!("{layout:?} {format:?} {kind:?}");
                let missing = analyze(&text, &ParseOptions::default());
                assert!(
                    missing
                        .diagnostics
                        .iter()
                        .any(|d| d.code.as_str() == "missing-table"),
                    "{case}: the fixture lacks the table"
                );
                let first = &items[0];
                assert_eq!(first.kind, CompletionKind::TableSnippet, "{case}");
                assert_eq!(
                    first.insert_text,
                    table_snippet(kind, format, layout),
                    "{case}: the document's layout is detected"
                );
                let filled = format!(
                    "{}{}{}",
                    &text[..first.replace.start],
                    expand(&first.insert_text),
                    &text[first.replace.end..]
                );
                let a = analyze(&filled, &ParseOptions::default());
                let diags: Vec<String> =
                    a.diagnostics.iter().map(|d| d.message(Lang::Zh)).collect();
                assert!(diags.is_empty(), "{case}: {diags:?}\n{filled}");
                let t = a
                    .report
                    .table(kind)
                    .unwrap_or_else(|| panic!("{case}: the table is found"));
                assert_eq!(t.format, format, "{case}");
                let spec = nianbao_core::catalog::table_spec(kind, format);
                assert_eq!(t.rows.len(), spec.rows.len(), "{case}: every row is read");
                assert!(
                    t.rows
                        .iter()
                        .flat_map(|r| &r.cells)
                        .all(|c| c.range.slice(&filled) == "0"),
                    "{case}"
                );
            }
        }
    }
}

#[test]
fn an_astral_character_before_the_cursor() {
    let fixture = format!(
        "{TITLE}{T3}{}𠮷 | yy$0\n",
        row("一、本年新收政府信息公开申请数量")
    );
    check(
        &fixture,
        1,
        expect![[r#"
        （一）予以公开 | row | "yy"
        … 5 items in all
    "#]],
    );
    let fixture = format!(
        "{TITLE}{T3}{}𠮷yygk$0\n",
        row("一、本年新收政府信息公开申请数量")
    );
    check(&fixture, 1, expect![[r#""#]]);
    // Offsets inside 𠮷 snap back to its start, where nothing is typed yet.
    let (text, _) = cursor(&format!(
        "{TITLE}{T3}{}𠮷$0\n",
        row("一、本年新收政府信息公开申请数量")
    ));
    let analysis = analyze(&text, &ParseOptions::default());
    let start = text.find('𠮷').unwrap_or(0);
    for at in start..start + 4 {
        let items = completions(
            &Snapshot {
                text: &text,
                analysis: &analysis,
                lang: Lang::Zh,
            },
            at,
        );
        assert!(
            items
                .iter()
                .all(|i| i.replace == nianbao_core::text::TextRange::empty(start)),
            "{at}"
        );
    }
}

#[test]
fn offsets_out_of_range_are_clamped() {
    let text = format!("{TITLE}{T3}{}", row("一、本年新收政府信息公开申请数量"));
    let analysis = analyze(&text, &ParseOptions::default());
    let snap = Snapshot {
        text: &text,
        analysis: &analysis,
        lang: Lang::Zh,
    };
    assert_eq!(
        completions(&snap, text.len() + 1000),
        completions(&snap, text.len())
    );
    assert_eq!(
        completions(&snap, usize::MAX),
        completions(&snap, text.len())
    );
}

#[test]
fn a_text_that_is_no_report_gets_nothing() {
    check("今天天气很好。\n$0", 3, expect![[r#""#]]);
    check("$0", 3, expect![[r#""#]]);
    check("一、$0", 3, expect![[r#""#]]);
    // A title line alone is the start of a report: the headings are offered.
    check(
        &format!("{TITLE}$0"),
        2,
        expect![[r#"
        一、总体情况 | heading | ""
        二、主动公开政府信息情况 | heading | ""
        … 6 items in all
    "#]],
    );
}

#[test]
fn details_and_documentation_in_english() {
    let fixture = format!(
        "{TITLE}{T3}{}{}$0\n",
        row("一、本年新收政府信息公开申请数量"),
        row("2.重复申请")
    );
    let (_, items) = items_at(&fixture, Lang::En);
    let first = &items[0];
    expect![[r#"
        3.要求提供公开出版物
        Table 3 · 2021 format
        Requests for publications.

        7 columns: natural persons, commercial enterprises, research institutions, public-interest organisations, legal service institutions, other organisations, total.

        Basis: Article 39, paragraph 2 of the Regulations."#]].assert_eq(&format!("{}\n{}\n{}", first.label, first.detail, first.documentation.as_deref().unwrap_or("")));
    let (_, items) = items_at(&fixture, Lang::Zh);
    let first = &items[0];
    expect![[r#"
        3.要求提供公开出版物
        表三 · 2021年格式
        本行填 7 个数：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计。

        依据：条例第三十九条第二款。"#]]
    .assert_eq(&format!(
        "{}\n{}\n{}",
        first.label,
        first.detail,
        first.documentation.as_deref().unwrap_or("")
    ));
}

#[test]
fn a_row_removed_from_a_seed_is_offered_first() {
    // Seed 001 (one row per line, 2021 format): the row 3.要求提供公开出版物 deleted.
    let text = seed("001_de67b3003fa77aa1.txt");
    let line = text
        .lines()
        .find(|l| l.starts_with("3.要求提供公开出版物"))
        .expect("the seed has the row");
    let fixture = text.replacen(line, "$0", 1);
    check(
        &fixture,
        2,
        expect![[r#"
        3.要求提供公开出版物 | row | ""
        4.无正当理由大量反复申请 | row | ""
        … 31 items in all
    "#]],
    );
    // Seed 003 (one cell per line, 2020 report in the 2019 format): （六）其他处理 and its values deleted.
    let text = seed("003_04358ba433e2261a.txt");
    let at = text.find("(六)其他处理 |").expect("the seed has the row");
    let end = text[at..].find("(七)").map_or(text.len(), |e| at + e);
    let fixture = format!("{}$0\n{}", &text[..at], &text[end..]);
    check(
        &fixture,
        2,
        expect![[r#"
        （六）其他处理 | row | ""
        （七）总计 | row | ""
        … 28 items in all
    "#]],
    );
}

/// Checks the invariants every list keeps: items unique, `sort_text` increasing, the replaced range
/// a part of the cursor's line that ends at the cursor.
fn check_invariants(text: &str, at: usize, items: &[CompletionItem]) {
    let mut snapped = at.min(text.len());
    while !text.is_char_boundary(snapped) {
        snapped -= 1;
    }
    let mut labels = std::collections::HashSet::new();
    for (i, it) in items.iter().enumerate() {
        assert!(labels.insert(&it.label), "duplicate {} at {at}", it.label);
        assert_eq!(it.replace.end, snapped, "{at}");
        assert!(text.is_char_boundary(it.replace.start) && it.replace.start <= it.replace.end);
        assert!(!it.replace.slice(text).contains('\n'));
        if i > 0 {
            assert!(
                items[i - 1].sort_text < it.sort_text,
                "{at}: sort_text in order"
            );
        }
    }
}

#[test]
fn every_offset_of_every_seed() {
    for name in [
        "000_e22fc2599b138d8b.txt",
        "001_de67b3003fa77aa1.txt",
        "002_763b898b65aef6cb.txt",
        "003_04358ba433e2261a.txt",
        "004_d6d84b68e1105486.txt",
    ] {
        let text = seed(name);
        let analysis = analyze(&text, &ParseOptions::default());
        let snap = Snapshot {
            text: &text,
            analysis: &analysis,
            lang: Lang::Zh,
        };
        for at in (0..text.len() + 2).step_by(4) {
            check_invariants(&text, at, &completions(&snap, at));
        }
    }
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    /// Pieces that real reports are made of, and some that are not.
    const PIECES: &[&str] = &[
        "某局2021年政府信息公开工作年度报告",
        "某局2020年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "二、主动公开政府信息情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "一、本年新收政府信息公开申请数量",
        "2.重复申请",
        "（一）予以公开",
        "(三)不予公开",
        "规章",
        "第二十条第（一）项",
        "行政复议",
        "自然人",
        " | ",
        "|",
        "\t",
        " 0",
        "0 |",
        "12",
        "\n",
        "\r\n",
        "\r",
        "𠮷",
        "yygk",
        "## ",
        "|---|---|",
        " ",
        "\u{a0}",
        "无",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn never_panics_and_keeps_the_invariants(pieces in proptest::collection::vec(0..PIECES.len(), 0..40), at in 0usize..400) {
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let analysis = analyze(&text, &ParseOptions::default());
            let items = completions(&Snapshot { text: &text, analysis: &analysis, lang: Lang::Zh }, at);
            check_invariants(&text, at, &items);
        }
    }
}

/// The text a snippet inserts when every placeholder keeps its default.
fn expand(snippet: &str) -> String {
    let mut out = String::new();
    let mut chars = snippet.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                // `${n:default}`: skip the number and the colon, keep the default.
                for d in chars.by_ref() {
                    if d == ':' {
                        break;
                    }
                }
                for d in chars.by_ref() {
                    if d == '}' {
                        break;
                    }
                    out.push(d);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

const LAYOUTS: [Layout; 4] = [
    Layout::Markdown,
    Layout::Rows,
    Layout::CellPerLine,
    Layout::Tabs,
];

/// A whole report of zeros whose tables are written in `layout`, with `$0` instead of table
/// `missing`.
fn report_in(layout: Layout, format: Format, missing: TableKind) -> String {
    let year = if format == Format::F2019 { 2020 } else { 2021 };
    let mut s = format!("某局{year}年政府信息公开工作年度报告\n");
    for sec in &nianbao_core::catalog::SECTIONS {
        s.push_str(&sec.heading());
        s.push('\n');
        match sec.table {
            Some(k) if k == missing => s.push_str("$0\n"),
            Some(k) => {
                s.push_str(&expand(&table_snippet(k, format, layout)));
                s.push('\n');
            }
            None => s.push_str(&common::narrative(sec.id.0, year)),
        }
    }
    s
}

#[test]
fn on_an_empty_line_in_a_complete_table_the_next_row_comes_first() {
    // Seed 001's table 三 lacks no row: on an empty line after `2.重复申请` the next row of the format
    // is still the first item.
    let text = seed("001_de67b3003fa77aa1.txt");
    let line = text
        .lines()
        .find(|l| l.starts_with("2.重复申请"))
        .expect("the seed has the row");
    let fixture = text.replacen(line, &format!("{line}\n$0"), 1);
    check(
        &fixture,
        2,
        expect![[r#"
        3.要求提供公开出版物 | row | ""
        4.无正当理由大量反复申请 | row | ""
        … 31 items in all
    "#]],
    );
}

#[test]
fn in_a_summary_the_missing_table_of_the_second_report_is_offered_first() {
    // The first report has its table 三; the second report's section 三 has none yet: it gets what a
    // report without table 三 gets (the snippet, then the rows from the first), not the first
    // report's table taken for its own.
    let first = common::report(2021, nianbao_core::catalog::Format::F2021);
    let fixture = format!("{first}某县2021年政府信息公开工作年度报告\n一、总体情况\n正文。\n{T3}$0\n四、政府信息公开行政复议、行政诉讼情况\n");
    let (text, items) = items_at(&fixture, Lang::Zh);
    expect![[r#"
        表三：收到和处理政府信息公开申请情况（2021年格式） | snippet | ""
        一、本年新收政府信息公开申请数量 | row | ""
        二、上年结转政府信息公开申请数量 | row | ""
        … 41 items in all
    "#]]
    .assert_eq(&render(&text, &items, 3));
}
