//! Cells as real reports write them: blank cells one cell per line (blank lines or lines of a
//! separator), stray notes and page footers between rows, table 四's blank cells after its last
//! value, a count with a sign and the other format's wording of a row. What a user sees: code,
//! severity, message and the text underlined, the same in every layout the pattern can appear in.

use nianbao_core::catalog::Format;
use nianbao_core::{analyze, Lang, ParseOptions, Severity};

mod common;

use common::{report, set_row};

const T3_NEW: &str = "一、本年新收政府信息公开申请数量";
const T3_CARRIED_IN: &str = "二、上年结转政府信息公开申请数量";

/// The diagnostics of `code`: severity, the text underlined and the Chinese message, each followed
/// by its related places (the text underlined and the Chinese note), indented.
fn seen(text: &str, code: &str) -> Vec<String> {
    analyze(text, &ParseOptions::default())
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == code)
        .flat_map(|d| {
            let head = format!(
                "{:?} [{}] {}",
                d.severity,
                d.range.slice(text),
                d.message(Lang::Zh)
            );
            let related = d
                .related
                .iter()
                .map(|(r, zh, _)| format!("  [{}] {zh}", r.slice(text)));
            std::iter::once(head).chain(related)
        })
        .collect()
}

/// The codes of every error and warning.
fn errors_and_warnings(text: &str) -> Vec<String> {
    analyze(text, &ParseOptions::default())
        .diagnostics
        .iter()
        .filter(|d| d.severity <= Severity::Warning)
        .map(|d| d.code.as_str().to_owned())
        .collect()
}

/// The report with every table line (`a | b | c |`) written one cell per line, each cell followed
/// by `end` (` |\n`: one cell per line ending with a pipe; `\n\n`: cells separated by blank lines).
fn one_cell_per_line(text: &str, end: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.contains(" |") {
            for cell in line.split('|').map(str::trim).filter(|c| !c.is_empty()) {
                out.push_str(cell);
                out.push_str(end);
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The empty-cell warnings for the columns `cols` of row `label`, each underlining `under`.
fn empty_cells(label: &str, cols: &[&str], under: &str) -> Vec<String> {
    cols.iter()
        .map(|c| format!("Warning [{under}] {label}·{c} 未填写，请填写数字（没有则填 0）"))
        .collect()
}

/// The one warning for many blank cells of a table (`table`: 表三), shown on the table's first line
/// `first`, listing each blank cell of `cells` (its name and the text underlined).
fn blank_cells(table: &str, first: &str, cells: &[(String, &str)]) -> Vec<String> {
    let head = format!(
        "Warning [{first}] {table}有 {} 个单元格空白，按 0 计算",
        cells.len()
    );
    std::iter::once(head)
        .chain(
            cells
                .iter()
                .map(|(name, under)| format!("  [{under}] {name}")),
        )
        .collect()
}

/// The blank cells of the columns `cols` of row `label`, each underlining `under`.
fn cells_of(label: &str, cols: &[&str], under: &'static str) -> Vec<(String, &'static str)> {
    cols.iter()
        .map(|c| (format!("{label}·{c}"), under))
        .collect()
}

const LAST_SIX: [&str; 6] = [
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

#[test]
fn blank_cells_one_cell_per_line_are_empty_cells_named_by_their_columns() {
    let base = report(2021, Format::F2021);
    let zeros = format!("{T3_NEW} |\n{}", "0 |\n".repeat(7));
    // One value, then six blank lines before the next row: six blank cells, more than are listed
    // one by one, make one warning that names each of them. A table without a header line shows it
    // on its first blank cell.
    let per_line = one_cell_per_line(&base, " |\n");
    let blank_lines = per_line.replacen(&zeros, &format!("{T3_NEW} |\n0 |\n{}", "\n".repeat(6)), 1);
    assert_eq!(
        seen(&blank_lines, "empty-cell"),
        blank_cells("表三", "", &cells_of(T3_NEW, &LAST_SIX, ""))
    );
    assert_eq!(seen(&blank_lines, "cell-count"), Vec::<String>::new());
    assert_eq!(errors_and_warnings(&blank_lines).len(), 1);
    // Each cell's place is its blank line, and the fix writes 0 into each.
    let a = analyze(&blank_lines, &ParseOptions::default());
    let at = blank_lines
        .find(&format!("{T3_NEW} |\n0 |\n"))
        .expect("the row")
        + format!("{T3_NEW} |\n0 |\n").len();
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "empty-cell")
        .expect("the warning");
    let starts: Vec<usize> = d.related.iter().map(|r| r.0.start).collect();
    assert_eq!(starts, (0..6).map(|k| at + k).collect::<Vec<_>>());
    assert_eq!(d.fixes.len(), 1);
    assert_eq!(d.fixes[0].title(Lang::Zh), "填写 0");
    let edits: Vec<(usize, &str)> = d.fixes[0]
        .edits
        .iter()
        .map(|e| (e.range.start, e.new_text.as_str()))
        .collect();
    assert_eq!(edits, (0..6).map(|k| (at + k, "0")).collect::<Vec<_>>());

    // One value, then six lines of a separator.
    let pipes = per_line.replacen(&zeros, &format!("{T3_NEW} |\n0 |\n{}", " |\n".repeat(6)), 1);
    assert_eq!(
        seen(&pipes, "empty-cell"),
        blank_cells("表三", "|", &cells_of(T3_NEW, &LAST_SIX, "|"))
    );
    assert_eq!(seen(&pipes, "cell-count"), Vec::<String>::new());

    // Cells separated by blank lines, the empty ones blank paragraphs.
    let paragraphs = one_cell_per_line(&base, "\n\n");
    let zeros_p = format!("{T3_NEW}\n\n{}", "0\n\n".repeat(7));
    let blank_p = paragraphs.replacen(
        &zeros_p,
        &format!("{T3_NEW}\n\n0\n\n{}", "\u{a0}\n\n".repeat(6)),
        1,
    );
    assert_eq!(
        seen(&blank_p, "empty-cell"),
        blank_cells("表三", "\u{a0}", &cells_of(T3_NEW, &LAST_SIX, "\u{a0}"))
    );
    assert_eq!(seen(&blank_p, "cell-count"), Vec::<String>::new());

    // The same row in the pipe layout.
    let row = set_row(&base, T3_NEW, &["0", "", "", "", "", "", ""]);
    assert_eq!(
        seen(&row, "empty-cell"),
        blank_cells("表三", "  ", &cells_of(T3_NEW, &LAST_SIX, "  "))
    );
    // Five blank cells are still named one by one, each where it stands.
    let row = set_row(&base, T3_NEW, &["0", "0", "", "", "", "", ""]);
    assert_eq!(
        seen(&row, "empty-cell"),
        empty_cells(T3_NEW, &LAST_SIX[1..], "  ")
    );
}

#[test]
fn a_blank_line_between_values_is_an_empty_cell_and_blank_lines_that_do_not_fill_a_row_are_not() {
    let base = one_cell_per_line(&report(2021, Format::F2021), " |\n");
    let zeros = format!("{T3_NEW} |\n{}", "0 |\n".repeat(7));
    // The first cell left blank.
    let first = base.replacen(&zeros, &format!("{T3_NEW} |\n\n{}", "0 |\n".repeat(6)), 1);
    assert_eq!(
        seen(&first, "empty-cell"),
        empty_cells(T3_NEW, &["自然人"], "")
    );
    // Five values and a blank line: the row is short, not blank at its end.
    let short = base.replacen(&zeros, &format!("{T3_NEW} |\n{}\n", "0 |\n".repeat(5)), 1);
    assert_eq!(
        seen(&short, "cell-count"),
        [format!(
            "Error [{T3_NEW} |\n{}] {T3_NEW}应有 7 个数值，实有 5 个",
            ["0"; 5].join(" |\n")
        )]
    );
    assert_eq!(seen(&short, "empty-cell"), Vec::<String>::new());
}

#[test]
fn a_stray_note_or_page_footer_is_no_cell_of_the_row_above() {
    let base = report(2021, Format::F2021);
    // A row with its last cell blank, then a note: the note ends the row, the blank cell keeps its
    // name.
    let with_note = |text: &str, note: &str| {
        text.replacen(
            &format!("{T3_CARRIED_IN} |"),
            &format!("{note}\n{T3_CARRIED_IN} |"),
            1,
        )
    };
    let blank_total = set_row(&base, T3_NEW, &["0", "0", "0", "0", "0", "0", ""]);
    for note in [
        "注：本表数据截至12月31日",
        "12月31日",
        "第 3 页 |",
        "- 3 - |",
    ] {
        let text = with_note(&blank_total, note);
        assert_eq!(
            seen(&text, "empty-cell"),
            empty_cells(T3_NEW, &["总计"], "  "),
            "{note}"
        );
        assert_eq!(errors_and_warnings(&text), ["empty-cell"], "{note}");
    }
    // A short row on a PDF line, then a footer or a cut-off line: one value short, nothing more.
    let pdf = base.replacen(
        &format!("{T3_NEW} | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"),
        &format!("{T3_NEW} 0 0 0 0 0 0"),
        1,
    );
    for note in [
        "第 3 页",
        "注：本表数据截至12月31日",
        "截至12月31日",
        "第3页 |",
    ] {
        let text = with_note(&pdf, note);
        assert_eq!(
            seen(&text, "cell-count"),
            [format!(
                "Error [{T3_NEW} 0 0 0 0 0 0] {T3_NEW}应有 7 个数值，实有 6 个"
            )],
            "{note}"
        );
        assert_eq!(errors_and_warnings(&text), ["cell-count"], "{note}");
    }
    // One cell per line: a short row followed by a footer pasted as a cell.
    let per_line = one_cell_per_line(&base, " |\n");
    let zeros = format!("{T3_NEW} |\n{}", "0 |\n".repeat(7));
    let text = per_line.replacen(
        &zeros,
        &format!("{T3_NEW} |\n{}第 3 页 |\n", "0 |\n".repeat(6)),
        1,
    );
    assert_eq!(
        seen(&text, "cell-count"),
        [format!(
            "Error [{T3_NEW} |\n{}] {T3_NEW}应有 7 个数值，实有 6 个",
            ["0"; 6].join(" |\n")
        )]
    );
    assert_eq!(errors_and_warnings(&text), ["cell-count"]);
    // A misspelt number is still a bad value of the row.
    let text = set_row(&base, T3_NEW, &["0", "0", "0", "0", "0", "0"]).replacen(
        &format!("{T3_NEW} | 0 | 0 | 0 | 0 | 0 | 0 |"),
        &format!("{T3_NEW} | 0 | 0 | 0 | 0 | 0 | 0 |\n1O |"),
        1,
    );
    assert_eq!(
        seen(&text, "invalid-number"),
        [format!(
            "Error [1O] {T3_NEW}·总计 的“1O”不是数字，按字形疑为 10，按本表勾稽关系应为 0"
        )]
    );
}

/// Table 四's row of values in a report of zeros replaced by `values`.
fn with_t4(values: &str) -> String {
    let zeros = format!("{} |\n", ["0"; 15].join(" | "));
    report(2021, Format::F2021).replacen(&zeros, values, 1)
}

const T4_BLANKS: [&str; 8] = [
    "行政复议·结果纠正",
    "未经复议直接起诉·结果纠正",
    "未经复议直接起诉·其他结果",
    "复议后起诉·结果维持",
    "复议后起诉·结果纠正",
    "复议后起诉·其他结果",
    "复议后起诉·尚未审结",
    "复议后起诉·总计",
];

/// The one warning for table 四's eight blank cells, on the table's header line `header`, each cell
/// underlining its `under`.
fn t4_empty(header: &str, under: &[&'static str]) -> Vec<String> {
    let cells: Vec<(String, &str)> = T4_BLANKS
        .iter()
        .zip(under)
        .map(|(c, u)| ((*c).to_owned(), *u))
        .collect();
    blank_cells("表四", header, &cells)
}

/// A line of a pasted table padded with `|||` filler to `width` cells and one, as web pages are.
fn padded(cells: &[&str], width: usize) -> String {
    format!(
        "{} | {}\n",
        cells.join(" | "),
        "|".repeat(width - cells.len())
    )
}

#[test]
fn table_4s_blank_cells_after_its_last_value_are_cells() {
    let row = "3 |  | 1 | 0 | 4 | 2 |  |  | 1 | 3 |  |  |  |  |  |\n";
    let text = with_t4(row);
    assert_eq!(
        seen(&text, "empty-cell"),
        t4_empty("行政复议 | 行政诉讼 |", &["  "; 8])
    );
    assert_eq!(seen(&text, "cell-count"), Vec::<String>::new());
    assert_eq!(errors_and_warnings(&text).len(), 1);

    // A table padded to one width: the filler after the fifteenth cell is no cell.
    let cols: Vec<&str> = nianbao_core::catalog::T4_COLUMNS
        .iter()
        .map(|c| c.label)
        .collect();
    let cells = [
        "3", " ", "1", "0", "4", "2", " ", " ", "1", "3", " ", " ", " ", " ", " ",
    ];
    let header = format!(
        "{}{}",
        padded(&["行政复议", "行政诉讼"], 17),
        padded(&cols, 17)
    );
    let old_header = format!("行政复议 | 行政诉讼 |\n{}\n", cols.join(" | "));
    let padded_text = with_t4(&padded(&cells, 17)).replacen(&old_header, &header, 1);
    assert!(padded_text.contains(&header));
    assert_eq!(
        seen(&padded_text, "empty-cell"),
        t4_empty(header.lines().next().unwrap().trim_end(), &["   "; 8])
    );
    assert_eq!(seen(&padded_text, "cell-count"), Vec::<String>::new());
    // The same table with a value left out: the line is one cell short of the others, and its
    // filler is still no cell.
    let fourteen = format!("{} | {}\n", cells[..14].join(" | "), "|".repeat(17 - 15));
    let short = with_t4(&fourteen).replacen(&old_header, &header, 1);
    assert_eq!(seen(&short, "cell-count").len(), 1);
    assert!(seen(&short, "cell-count")[0].ends_with("行政复议、行政诉讼应有 15 个数值，实有 14 个"));

    // One value per line, the blank cells lines of a separator.
    let per_line: String = [
        "3", "", "1", "0", "4", "2", "", "", "1", "3", "", "", "", "", "",
    ]
    .iter()
    .map(|c| {
        if c.is_empty() {
            "|\n".to_owned()
        } else {
            format!("{c} |\n")
        }
    })
    .collect();
    let text = with_t4(&per_line);
    assert_eq!(
        seen(&text, "empty-cell"),
        t4_empty("行政复议 | 行政诉讼 |", &["|"; 8])
    );
    assert_eq!(seen(&text, "cell-count"), Vec::<String>::new());
}

#[test]
fn a_count_with_a_sign_is_an_invalid_number_and_a_change_may_carry_one() {
    let t = set_row(&report(2021, Format::F2021), "规章", &["0", "0", "+22"]);
    assert_eq!(
        seen(&t, "invalid-number"),
        ["Error [+22] 规章·现行有效件数 的数值不应带正负号，实为 +22"]
    );
    let en: Vec<String> = analyze(&t, &ParseOptions::default())
        .diagnostics
        .iter()
        .map(|d| d.message(Lang::En))
        .collect();
    assert_eq!(
        en,
        ["“rules”, in force is written without a sign, but is +22"]
    );
    let t = set_row(
        &report(2021, Format::F2021),
        T3_NEW,
        &["＋1", "0", "0", "0", "0", "0", "1"],
    );
    assert_eq!(
        seen(&t, "invalid-number"),
        [format!(
            "Error [＋1] {T3_NEW}·自然人 的数值不应带正负号，实为 ＋1"
        )]
    );
    // 本年增/减 of the 2019 format is a change: a sign belongs there.
    let t = set_row(&report(2020, Format::F2019), "行政许可", &["3", "+2", "5"]);
    assert_eq!(errors_and_warnings(&t), Vec::<String>::new());
}

#[test]
fn the_other_formats_wording_of_a_row_is_a_mistyped_label() {
    let t = report(2021, Format::F2021).replacen("行政规范性文件 |", "规范性文件 |", 1);
    assert_eq!(
        seen(&t, "label-typo"),
        ["Warning [规范性文件] 行名称“规范性文件”与年度报告格式不一致，应为“行政规范性文件”"]
    );
    assert_eq!(errors_and_warnings(&t), ["label-typo"]);
    let a = analyze(&t, &ParseOptions::default());
    assert_eq!(
        a.diagnostics[0].fixes[0].edits[0].new_text,
        "行政规范性文件"
    );
    assert_eq!(a.diagnostics[0].data["canonical"], "行政规范性文件");
    // And the other way round in a report of the 2019 format.
    let t = report(2020, Format::F2019).replacen("规范性文件 |", "行政规范性文件 |", 1);
    assert_eq!(
        seen(&t, "label-typo"),
        ["Warning [行政规范性文件] 行名称“行政规范性文件”与年度报告格式不一致，应为“规范性文件”"]
    );
    assert_eq!(errors_and_warnings(&t), ["label-typo"]);
}

#[test]
fn a_required_table_left_wholly_blank_is_one_error() {
    let spec =
        nianbao_core::catalog::table_spec(nianbao_core::catalog::TableKind::T3, Format::F2021);
    let mut t = report(2021, Format::F2021);
    for (_, row) in spec.data_rows() {
        t = set_row(&t, row.label, &[""; 7]);
    }
    let a = analyze(&t, &ParseOptions::default());
    let empty: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "empty-cell")
        .collect();
    assert_eq!(empty.len(), 1, "{empty:?}");
    assert_eq!(empty[0].severity, Severity::Error);
    assert_eq!(
        empty[0].message(Lang::Zh),
        "第三部分表格（收到和处理政府信息公开申请情况）未填写任何数值（没有则填 0）"
    );
    // Its fix writes 0 into every cell of the table.
    assert_eq!(empty[0].fixes[0].edits.len(), spec.data_rows().count() * 7);
}

#[test]
fn a_numbering_written_with_another_separator_is_a_hint() {
    // `1、` for the format's `1.` (淮安市 2024 writes the rows of （六）其他处理 so): a hint, no warning.
    let t = report(2021, Format::F2021).replacen("1.属于国家秘密 |", "1、属于国家秘密 |", 1);
    assert_eq!(
        seen(&t, "label-typo"),
        ["Information [1、属于国家秘密] 行名称“1、属于国家秘密”与年度报告格式不一致，应为“1.属于国家秘密”"]
    );
    assert!(errors_and_warnings(&t).is_empty());
    // Another number is a mistake in the label: a warning.
    let t = report(2021, Format::F2021).replacen("1.属于国家秘密 |", "2、属于国家秘密 |", 1);
    assert_eq!(errors_and_warnings(&t), ["label-typo"]);
}
