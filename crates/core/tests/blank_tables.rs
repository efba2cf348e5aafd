//! Tables left wholly blank, as agencies with no request or no case often leave them, one cell per
//! line: the blank lines are the table's cells, and the table is reported once, not row by row.

use nianbao_core::catalog::Format;
use nianbao_core::{analyze, Lang, ParseOptions, Severity};

mod common;

use common::report;

/// Every error and warning: severity, code and the Chinese message.
fn errors_and_warnings(text: &str) -> Vec<String> {
    analyze(text, &ParseOptions::default())
        .diagnostics
        .iter()
        .filter(|d| d.severity <= Severity::Warning)
        .map(|d| {
            format!(
                "{:?} {} {}",
                d.severity,
                d.code.as_str(),
                d.message(Lang::Zh)
            )
        })
        .collect()
}

/// The report with table 四's row of zeros written as fifteen lines holding `cell` each.
fn t4_lines(cell: &str) -> String {
    let zeros = format!("{} |\n", ["0"; 15].join(" | "));
    report(2021, Format::F2021).replacen(&zeros, &cell.repeat(15), 1)
}

#[test]
fn table_4_left_blank_one_cell_a_line_is_one_error() {
    for cell in ["|\n", " |\n"] {
        let text = t4_lines(cell);
        assert_eq!(errors_and_warnings(&text), vec!["Error empty-cell 第四部分表格（行政复议、行政诉讼情况）未填写任何数值（没有则填 0）"], "{cell:?}");
    }
}

#[test]
fn table_4_starting_with_blank_cells_one_cell_a_line() {
    // Two blank cells before the first value: 行政复议 结果维持 and 结果纠正 are blank, the values keep
    // their columns.
    let mut cells = vec!["|\n".to_owned(), "|\n".to_owned()];
    cells.extend(
        [
            "1", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0",
        ]
        .map(|v| format!("{v} |\n")),
    );
    let zeros = format!("{} |\n", ["0"; 15].join(" | "));
    let text = report(2021, Format::F2021).replacen(&zeros, &cells.concat(), 1);
    assert_eq!(
        errors_and_warnings(&text),
        vec![
            "Warning empty-cell 行政复议·结果维持 未填写，请填写数字（没有则填 0）",
            "Warning empty-cell 行政复议·结果纠正 未填写，请填写数字（没有则填 0）",
        ]
    );
}

#[test]
fn table_3_left_blank_one_cell_a_line_is_one_error() {
    // Every row's label on its line, then seven blank lines: no row has a value to count cells by.
    let mut text = String::new();
    let mut in_t3 = false;
    for line in report(2021, Format::F2021).lines() {
        if line.starts_with("三、收到和处理") {
            in_t3 = true;
        } else if line.starts_with("四、") && !line.contains("结转") {
            in_t3 = false;
        }
        match line.split_once(" | 0") {
            Some((label, _)) if in_t3 => {
                text.push_str(label);
                text.push_str(" |\n");
                text.push_str(&"\n".repeat(7));
            }
            _ => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    assert_eq!(errors_and_warnings(&text), vec!["Error empty-cell 第三部分表格（收到和处理政府信息公开申请情况）未填写任何数值（没有则填 0）"]);
}
