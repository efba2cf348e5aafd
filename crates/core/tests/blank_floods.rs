//! Tables whose zeros (or whose 总计 column) a web page left blank: one warning per table that lists
//! every blank cell and fills them all with 0, instead of a flood of warnings; a few blank cells
//! are still named one by one.

mod common;

use common::{report, set_row};
use nianbao_core::catalog::{table_spec, Format, TableKind};
use nianbao_core::features::actions::apply;
use nianbao_core::{analyze, Diagnostic, Lang, ParseOptions, Severity};

const T3_NEW: &str = "一、本年新收政府信息公开申请数量";
const T3_GRANTED: &str = "（一）予以公开";

fn empty_cells(text: &str) -> Vec<Diagnostic> {
    analyze(text, &ParseOptions::default())
        .diagnostics
        .into_iter()
        .filter(|d| d.code.as_str() == "empty-cell")
        .collect()
}

/// What a user sees of a diagnostic: severity, the text underlined and the Chinese message.
fn shown(text: &str, d: &Diagnostic) -> String {
    format!(
        "{:?} [{}] {}",
        d.severity,
        d.range.slice(text),
        d.message(Lang::Zh)
    )
}

/// Table 三 of a report of zeros with its 总计 column left blank in every row.
fn blank_total_column() -> (String, Vec<&'static str>) {
    let spec = table_spec(TableKind::T3, Format::F2021);
    let mut t = report(2021, Format::F2021);
    let mut rows = Vec::new();
    for (_, row) in spec.data_rows() {
        t = set_row(&t, row.label, &["0", "0", "0", "0", "0", "0", ""]);
        rows.push(row.short);
    }
    (t, rows)
}

#[test]
fn a_blank_total_column_is_one_warning_listing_every_blank_cell() {
    let (t, rows) = blank_total_column();
    let found = empty_cells(&t);
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    assert_eq!(d.code.as_str(), "empty-cell");
    assert_eq!(d.severity, Severity::Warning);
    let n = rows.len();
    // The table has no header line: the warning stands on its first blank cell, the first row's 总计.
    let first_total = t
        .find(&format!("{T3_NEW} | 0 | 0 | 0 | 0 | 0 | 0 |"))
        .unwrap()
        + format!("{T3_NEW} | 0 | 0 | 0 | 0 | 0 | 0 |").len();
    assert_eq!(
        shown(&t, d),
        format!("Warning [  ] 表三有 {n} 个单元格空白，按 0 计算")
    );
    assert_eq!(d.range.start, first_total);
    assert_eq!(
        d.message(Lang::En),
        format!("table 3 has {n} blank cells, counted as 0")
    );
    // Every blank cell is a related place, named by its row and column.
    let notes: Vec<&str> = d.related.iter().map(|r| r.1.as_str()).collect();
    let expected: Vec<String> = rows.iter().map(|r| format!("{r}·总计")).collect();
    assert_eq!(notes, expected);
    assert_eq!(d.related[0].2, "“new requests this year”, total");
    assert!(d.related.iter().all(|r| r.0.slice(&t) == "  "));
    // One fix fills them all with 0, and then the table has no blank cell.
    assert_eq!(d.fixes.len(), 1);
    assert_eq!(d.fixes[0].title(Lang::Zh), "填写 0");
    assert_eq!(d.fixes[0].edits.len(), n);
    let fixed = apply(&t, &d.fixes[0].edits).expect("the edits apply");
    assert_eq!(empty_cells(&fixed), Vec::<Diagnostic>::new());
}

#[test]
fn wholly_blank_rows_count_their_cells_and_get_no_warning_of_their_own() {
    let spec = table_spec(TableKind::T3, Format::F2021);
    let mut t = report(2021, Format::F2021);
    // Every outcome row but （七）总计 left blank, as a page that writes only the figures it has.
    let blank: Vec<&str> = spec
        .data_rows()
        .map(|(_, r)| r)
        .filter(|r| r.outcome)
        .map(|r| r.label)
        .collect();
    for label in &blank {
        t = set_row(&t, label, &[""; 7]);
    }
    let found = empty_cells(&t);
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    assert_eq!(
        d.message(Lang::Zh),
        format!("表三有 {} 个单元格空白，按 0 计算", blank.len() * 7)
    );
    assert_eq!(d.related.len(), blank.len() * 7);
    assert_eq!(d.related[0].1, "（一）予以公开·自然人");
    // The warning stands on the first blank cell, the first cell of （一）予以公开.
    let first = t.find(&format!("{T3_GRANTED} |")).unwrap() + format!("{T3_GRANTED} |").len();
    assert_eq!(d.range.start, first);
}

#[test]
fn a_few_blank_cells_and_a_blank_row_are_still_named_one_by_one() {
    let t = set_row(
        &report(2021, Format::F2021),
        T3_NEW,
        &["0", "0", "0", "0", "0", "0", ""],
    );
    let t = set_row(&t, T3_GRANTED, &[""; 7]);
    let shown: Vec<String> = empty_cells(&t).iter().map(|d| shown(&t, d)).collect();
    assert_eq!(
        shown,
        [
            format!("Warning [  ] {T3_NEW}·总计 未填写，请填写数字（没有则填 0）"),
            format!("Warning [{T3_GRANTED}] “{T3_GRANTED}”一行未填写数值（没有则填 0）"),
        ]
    );
}

#[test]
fn a_table_with_a_header_line_shows_the_warning_there() {
    let header = "行政复议 | 行政诉讼 |";
    let zeros = format!("{} |\n", ["0"; 15].join(" | "));
    let t = report(2021, Format::F2021).replacen(
        &zeros,
        "1 |  |  |  |  | 1 |  |  |  |  |  |  |  |  | 1 |\n",
        1,
    );
    let found = empty_cells(&t);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        shown(&t, &found[0]),
        format!("Warning [{header}] 表四有 12 个单元格空白，其中 2 个合计可按勾稽关系算出，其余按 0 计算")
    );
    assert_eq!(found[0].related[0].1, "行政复议·结果纠正");
}

#[test]
fn dashes_among_many_blank_cells_are_named_with_what_they_hold() {
    let (t, rows) = blank_total_column();
    let t = set_row(&t, T3_NEW, &["0", "0", "0", "0", "0", "0", "/"]);
    let found = empty_cells(&t);
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    assert_eq!(
        d.message(Lang::Zh),
        format!(
            "表三有 {} 个单元格空白或只填了“/”“—”等符号，按 0 计算",
            rows.len()
        )
    );
    assert_eq!(
        d.message(Lang::En),
        format!(
            "table 3 has {} cells blank or holding only a dash, counted as 0",
            rows.len()
        )
    );
    assert_eq!(d.range.slice(&t), "/");
    assert_eq!(d.related[0].1, format!("{T3_NEW}·总计（填写了“/”）"));
    assert_eq!(
        d.related[0].2,
        "“new requests this year”, total (holds “/”)"
    );
}

#[test]
fn a_wholly_blank_table_is_still_one_error() {
    let spec = table_spec(TableKind::T3, Format::F2021);
    let mut t = report(2021, Format::F2021);
    for (_, row) in spec.data_rows() {
        t = set_row(&t, row.label, &[""; 7]);
    }
    let found = empty_cells(&t);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!(
        found[0].message(Lang::Zh),
        "第三部分表格（收到和处理政府信息公开申请情况）未填写任何数值（没有则填 0）"
    );
}

#[test]
fn a_blank_total_under_filled_terms_is_its_computed_value_not_a_broken_sum() {
    // One blank 总计: named with the value the row's sum gives, and no row-total error on top.
    let t = set_row(
        &report(2021, Format::F2021),
        T3_NEW,
        &["3", "1", "0", "0", "0", "0", ""],
    );
    let t = set_row(&t, T3_GRANTED, &["3", "1", "0", "0", "0", "0", "4"]);
    let t = set_row(&t, "（七）总计", &["3", "1", "0", "0", "0", "0", "4"]);
    let a = analyze(&t, &ParseOptions::default());
    let shown: Vec<String> = a
        .diagnostics
        .iter()
        .filter(|d| d.severity <= Severity::Warning)
        .map(|d| shown(&t, d))
        .collect();
    assert_eq!(
        shown,
        [format!(
            "Warning [  ] {T3_NEW}·总计 未填写，按勾稽关系应为 4"
        )]
    );
    let fixed = apply(&t, &a.diagnostics[0].fixes[0].edits).expect("the edits apply");
    assert!(
        fixed
            .replace(' ', "")
            .contains(&format!("{T3_NEW}|3|1|0|0|0|0|4|")),
        "{fixed}"
    );
    assert!(analyze(&fixed, &ParseOptions::default())
        .diagnostics
        .iter()
        .all(|d| d.severity > Severity::Warning));
}

#[test]
fn a_blank_total_column_under_filled_rows_fills_each_total_with_its_sum() {
    let spec = table_spec(TableKind::T3, Format::F2021);
    let mut t = report(2021, Format::F2021);
    // 2 requests from 自然人, both granted: every 总计 left blank.
    for (_, row) in spec.data_rows() {
        let v = if [T3_NEW, T3_GRANTED, "（七）总计"].contains(&row.label) {
            "2"
        } else {
            "0"
        };
        t = set_row(&t, row.label, &[v, "0", "0", "0", "0", "0", ""]);
    }
    let a = analyze(&t, &ParseOptions::default());
    let found: Vec<&Diagnostic> = a
        .diagnostics
        .iter()
        .filter(|d| d.severity <= Severity::Warning)
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    let n = spec.data_rows().count();
    assert_eq!(
        found[0].message(Lang::Zh),
        format!("表三有 {n} 个单元格空白，其中 3 个合计可按勾稽关系算出，其余按 0 计算")
    );
    let notes: Vec<&str> = found[0]
        .related
        .iter()
        .map(|r| r.1.as_str())
        .filter(|n| n.contains("应为"))
        .collect();
    assert_eq!(
        notes,
        [
            format!("{T3_NEW}·总计，应为 2"),
            "（一）予以公开·总计，应为 2".to_owned(),
            "（七）总计·总计，应为 2".to_owned()
        ]
    );
    assert_eq!(
        found[0].fixes[0].title(Lang::Zh),
        "填写空白单元格（合计填计算值，其余填 0）"
    );
    let fixed = apply(&t, &found[0].fixes[0].edits).expect("the edits apply");
    assert!(
        analyze(&fixed, &ParseOptions::default())
            .diagnostics
            .iter()
            .all(|d| d.severity > Severity::Warning),
        "{fixed}"
    );
}
