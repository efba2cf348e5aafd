//! Tables that a conversion from a PDF (or an OCR, or a paste that stopped short) left hard to
//! read: a label broken over two lines, an unlabelled row run on after the row above, a table cut
//! off after some row or cut in two by a page break, a table whose rows mostly have the wrong
//! number of values. What can be read is read, and what cannot is said once, not as a cascade of
//! diagnostics that each name the wrong row. What a user sees: code, severity, message and the text
//! underlined.

use nianbao_core::catalog::Format;
use nianbao_core::{analyze, Lang, ParseOptions};

mod common;

use common::{report, set_row};

const T3_NEW: &str = "一、本年新收政府信息公开申请数量";
const NOT_HELD: &str = "1.本机关不掌握相关政府信息";
const ZEROS: &str = " | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";

/// Every diagnostic: severity, code, the text underlined and the Chinese message.
fn seen_all(text: &str) -> Vec<String> {
    analyze(text, &ParseOptions::default())
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{:?} {} [{}] {}",
                d.severity,
                d.code.as_str(),
                d.range.slice(text),
                d.message(Lang::Zh)
            )
        })
        .collect()
}

fn replaced(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "no {from}");
    text.replacen(from, to, 1)
}

/// The report with every table line (`a | b | c |`) written one cell per line.
fn one_cell_per_line(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.contains(" |") {
            for cell in line.split('|').map(str::trim).filter(|c| !c.is_empty()) {
                out.push_str(cell);
                out.push('\n');
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The report with its table rows separated by tabs, as copied from a spreadsheet.
fn tabs(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.contains(" | ") {
                l.trim_end_matches(" |").replace(" | ", "\t")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn a_label_broken_over_two_lines_is_its_row_in_every_layout() {
    let base = report(2021, Format::F2021);
    let row = format!("{NOT_HELD}{ZEROS}");
    // Pipe rows, the first part alone on its line.
    let pipes = replaced(
        &base,
        &row,
        &format!("| 1.本机关不掌握相关 |\n| 政府信息{ZEROS}"),
    );
    // Pipe rows padded to the table's width, as a PDF converter writes them.
    let padded = replaced(
        &base,
        &row,
        &format!("| 1.本机关不掌握相关 | | | | | | | |\n| 政府信息{ZEROS}"),
    );
    // A group label broken in two, each part padded.
    let group = replaced(
        &base,
        "（四）无法提供 |",
        "| （四）无 | | | | | | | |\n| 法提供 | | | | | | | |",
    );
    // A PDF's rows of space-separated numbers.
    let spaces = replaced(&base, &row, "1.本机关不掌握相关\n政府信息 0 0 0 0 0 0 0");
    // The values on the first line, the rest of the label alone on the next (a wrapped PDF cell).
    let values_first = replaced(&base, &row, "1.本机关不掌握相关 0 0 0 0 0 0 0\n政府信息");
    let values_first_padded = replaced(
        &base,
        &row,
        &format!("| 1.本机关不掌握相关{ZEROS}\n| 政府信息 | | | | | | | |"),
    );
    // A spreadsheet's tab-separated rows, the first part's line ending in empty cells.
    let tabbed = tabs(&base);
    let tabbed = replaced(
        &tabbed,
        &format!("{NOT_HELD}\t0"),
        "1.本机关不掌握相关\t\t\t\t\t\t\t\n政府信息\t0",
    );
    // One cell per line.
    let per_line = replaced(
        &one_cell_per_line(&base),
        &format!("{NOT_HELD}\n"),
        "1.本机关不掌握相关\n政府信息\n",
    );
    let per_line_group = replaced(
        &one_cell_per_line(&base),
        "（四）无法提供\n",
        "（四）无\n法提供\n",
    );
    for (name, text) in [
        ("pipes", &pipes),
        ("padded", &padded),
        ("group", &group),
        ("spaces", &spaces),
        ("values_first", &values_first),
        ("values_first_padded", &values_first_padded),
        ("tabs", &tabbed),
        ("per_line", &per_line),
        ("per_line_group", &per_line_group),
    ] {
        assert_eq!(seen_all(text), Vec::<String>::new(), "{name}");
    }
    // The row keeps its values: a wrong figure in it is found and named by its row.
    let wrong = replaced(
        &base,
        &row,
        "| 1.本机关不掌握相关 | | | | | | | |\n| 政府信息 | 1 | 0 | 0 | 0 | 0 | 0 | 2 |",
    );
    let a = analyze(&wrong, &ParseOptions::default());
    let totals: Vec<String> = a
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "row-total")
        .map(|d| d.message(Lang::Zh))
        .collect();
    assert_eq!(
        totals,
        vec![
            "（四）1.本机关不掌握相关政府信息·自然人 应为 0（使本行总计成立；使本列（七）总计成立），实为 1；与（四）1.本机关不掌握相关政府信息·总计（改为 0）一并改正后本表勾稽关系全部成立",
            "（四）1.本机关不掌握相关政府信息·总计 应为 0（自然人、法人或其他组织各列之和；使本列（七）总计成立），实为 2；与（四）1.本机关不掌握相关政府信息·自然人（改为 0）一并改正后本表勾稽关系全部成立",
        ]
    );
}

#[test]
fn an_unlabelled_row_run_on_after_the_row_above_is_read_as_the_missing_row() {
    let base = report(2021, Format::F2021);
    let two_rows = format!("2.没有现成信息需要另行制作{ZEROS}\n3.补正后申请内容仍不明确{ZEROS}");
    let merged = replaced(
        &base,
        &two_rows,
        "2.没有现成信息需要另行制作 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
    );
    // One warning that the row's label is missing, instead of a cell-count error and a missing row.
    assert_eq!(
        seen_all(&merged),
        vec!["Warning missing-row [0 | 0 | 0 | 0 | 0 | 0 | 0] “（四）2.没有现成信息需要另行制作”一行有 14 个数值，后 7 个按位置读作“（四）3.补正后申请内容仍不明确”，但该行缺少行名称，请核对原表并补上行名称"]
    );
    let a = analyze(&merged, &ParseOptions::default());
    assert_eq!(a.diagnostics[0].data["row"], "unable.unclear");
    // The row read by its place counts in the sums: with its 1 in （七）总计 and 一, they add up.
    let merged = replaced(
        &base,
        &two_rows,
        "2.没有现成信息需要另行制作 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
    );
    let counted = set_row(&merged, "（七）总计", &["1", "0", "0", "0", "0", "0", "1"]);
    let counted = set_row(&counted, T3_NEW, &["1", "0", "0", "0", "0", "0", "1"]);
    assert_eq!(
        analyze(&counted, &ParseOptions::default())
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect::<Vec<_>>(),
        vec!["missing-row"]
    );
    // A group label followed by the values of its first row, whose label was lost.
    let under_group = replaced(
        &base,
        &format!("（三）不予公开 |\n1.属于国家秘密{ZEROS}"),
        &format!("（三）不予公开{ZEROS}"),
    );
    assert_eq!(
        seen_all(&under_group),
        vec!["Warning missing-row [0 | 0 | 0 | 0 | 0 | 0 | 0] 分组标题“（三）不予公开”后面有 7 个数值，按位置读作“（三）1.属于国家秘密”，但该行缺少行名称，请核对原表并补上行名称"]
    );
    // When the next row of the format is there, fourteen values are a cell-count error on the row.
    let doubled = replaced(
        &base,
        &format!("2.没有现成信息需要另行制作{ZEROS}"),
        "2.没有现成信息需要另行制作 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
    );
    assert_eq!(
        seen_all(&doubled),
        vec!["Error cell-count [0 | 0 | 0 | 0 | 0 | 0 | 0] （四）2.没有现成信息需要另行制作应有 7 个数值，实有 14 个"]
    );
}

#[test]
fn a_table_cut_off_after_a_row_is_one_warning_listing_the_rows() {
    let base = report(2021, Format::F2021);
    let lines: Vec<&str> = base.lines().collect();
    let cut_at = lines
        .iter()
        .position(|l| *l == "（三）不予公开 |")
        .expect("row");
    let resume = lines
        .iter()
        .position(|l| l.starts_with("四、结转下年度继续办理"))
        .expect("row");
    let cut = [&lines[..=cut_at], &lines[resume + 1..]]
        .concat()
        .join("\n")
        + "\n";
    assert_eq!(
        seen_all(&cut),
        vec!["Warning missing-row [（三）不予公开] 第三部分表格（收到和处理政府信息公开申请情况）在“（三）不予公开”之后缺少 24 行：“（三）1.属于国家秘密”、“（三）2.其他法律行政法规禁止公开”、「（三）3.危及“三安全一稳定”」等 24 行（2021年格式），表格可能在此处被截断，请核对原表"]
    );
    let a = analyze(&cut, &ParseOptions::default());
    let d = &a.diagnostics[0];
    assert_eq!(d.data["after"], "refused");
    assert_eq!(d.data["rows"].as_array().map(Vec::len), Some(24));
    assert_eq!(d.data["rows"][0], "refused.state_secret");
    assert_eq!(d.data["rows"][23], "carried_out");
    assert_eq!(
        d.message(Lang::En),
        "the table of section 3 (requests) lacks the 24 rows after “（三）不予公开”: “（三）1.属于国家秘密”, “（三）2.其他法律行政法规禁止公开”, 「（三）3.危及“三安全一稳定”」 and 21 more (2021 format); the table may have been cut off there, check it against the original"
    );
}

#[test]
fn several_rows_missing_together_are_one_warning_and_a_single_one_its_own() {
    let base = report(2021, Format::F2021);
    let mut three = base.clone();
    for label in [
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
    ] {
        three = replaced(&three, &format!("{label}{ZEROS}\n"), "");
    }
    assert_eq!(
        seen_all(&three),
        vec!["Warning missing-row [5.要求行政机关确认或重新出具已获取信息] 第三部分表格（收到和处理政府信息公开申请情况）缺少 3 行：“（五）2.重复申请”、“（五）3.要求提供公开出版物”、“（五）4.无正当理由大量反复申请”（2021年格式）"]
    );
    // One row missing: its own warning, as before.
    let one = replaced(&base, &format!("2.重复申请{ZEROS}\n"), "");
    assert_eq!(
        seen_all(&one),
        vec!["Warning missing-row [3.要求提供公开出版物] 第三部分表格（收到和处理政府信息公开申请情况）缺少行“2.重复申请”（2021年格式）"]
    );
    // The table's last row alone missing: its own warning too.
    let last = replaced(&base, &format!("四、结转下年度继续办理{ZEROS}\n"), "");
    assert_eq!(
        seen_all(&last),
        vec!["Warning missing-row [（七）总计] 第三部分表格（收到和处理政府信息公开申请情况）缺少行“四、结转下年度继续办理”（2021年格式）"]
    );
}

/// The report with every row of table 三 given six values instead of seven.
fn six_values_a_row(base: &str) -> String {
    base.lines()
        .map(|l| match l.strip_suffix(ZEROS) {
            Some(label) if !label.starts_with('0') => format!("{label} | 0 | 0 | 0 | 0 | 0 | 0 |"),
            _ => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn a_table_mostly_misread_is_said_once_and_not_checked_further() {
    let base = report(2021, Format::F2021);
    let six = six_values_a_row(&base);
    assert_eq!(
        seen_all(&six),
        vec![format!("Error cell-count [{T3_NEW}] 第三部分表格（收到和处理政府信息公开申请情况）无法可靠读取：25 行中有 25 行数值个数不对或缺少行名称（可能是从 PDF 转换时表格错位），请核对原表；此表的合计与勾稽关系暂不检查")]
    );
    let a = analyze(&six, &ParseOptions::default());
    assert_eq!(a.diagnostics[0].data["unreadable"], true);
    assert_eq!(
        a.diagnostics[0].message(Lang::En),
        "the table of section 3 (requests) cannot be read reliably: 25 of its 25 rows have the wrong number of values or no label (perhaps the table was misaligned when converted from a PDF); check it against the original. Its totals are not checked for now"
    );
    // Its sums and the narrative are not compared with values that may stand in the wrong rows.
    let sums = set_row(&six, T3_NEW, &["1", "0", "0", "0", "0", "9"]);
    let sums = replaced(
        &sums,
        "2021年，本机关围绕",
        "2021年，本机关收到政府信息公开申请5件。本机关围绕",
    );
    assert_eq!(
        analyze(&sums, &ParseOptions::default())
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect::<Vec<_>>(),
        vec!["cell-count"]
    );
    // A good table with one bad row keeps the precise error naming the row.
    let one = set_row(&base, "2.重复申请", &["0", "0", "0", "0", "0", "0"]);
    assert_eq!(
        seen_all(&one),
        vec!["Error cell-count [2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0] （五）2.重复申请应有 7 个数值，实有 6 个"]
    );
}

#[test]
fn a_table_cut_in_two_by_a_page_break_is_one_table() {
    let base = report(2021, Format::F2021);
    // A long line (a page header left by the conversion) in the middle of table 三.
    let header_line = replaced(
        &base,
        "（四）无法提供 |",
        "某某局2021年政府信息公开工作年度报告某某局2021年政府信息公开工作年度报告（续表）\n（四）无法提供 |",
    );
    assert_eq!(seen_all(&header_line), Vec::<String>::new());
    // The table's header repeated after the page break.
    let repeated = replaced(
        &base,
        "（四）无法提供 |",
        "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和 | 申请人情况 | | | | | | |\n| | 自然人 | 法人或其他组织 | | | | | 总计 |\n| | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |\n（四）无法提供 |",
    );
    assert_eq!(seen_all(&repeated), Vec::<String>::new());
    // A placeholder row of blank cells.
    let blank = replaced(
        &base,
        "（四）无法提供 |",
        "| | | | | | | | |\n（四）无法提供 |",
    );
    assert_eq!(seen_all(&blank), Vec::<String>::new());
    // The rows after the break still add up into the table: a wrong outcome is found against （七）总计.
    let wrong = set_row(
        &header_line,
        "2.重复申请",
        &["1", "0", "0", "0", "0", "0", "1"],
    );
    let codes: Vec<String> = analyze(&wrong, &ParseOptions::default())
        .diagnostics
        .iter()
        .map(|d| d.code.as_str().to_owned())
        .collect();
    assert_eq!(codes, vec!["outcome-total", "outcome-total"]);
    // A second whole table 三 (a report of two bodies) stays a table of its own.
    let t3: String = base
        .lines()
        .skip_while(|l| !l.starts_with(T3_NEW))
        .take_while(|l| !l.starts_with("四、政府信息公开行政复议"))
        .map(|l| format!("{l}\n"))
        .collect();
    let two = replaced(
        &base,
        "四、政府信息公开行政复议",
        &format!("某某局下属单位的申请办理情况另表列示，其数据不计入本机关的统计数字之中，特此说明。\n{t3}四、政府信息公开行政复议"),
    );
    assert_eq!(
        analyze(&two, &ParseOptions::default())
            .report
            .tables
            .iter()
            .filter(|t| t.kind == nianbao_core::catalog::TableKind::T3)
            .count(),
        2
    );
}
