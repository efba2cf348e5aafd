//! Values run together without separators (`4100005` for `4 | 1 | 0 | 0 | 0 | 0 | 5`), as a scraper
//! that flattened a web page writes them. What a user sees: the information with the split, the
//! errors of a split row on its own digits, and the cell-count error that says why a row could not
//! be split.

use nianbao_core::catalog::Format;
use nianbao_core::{analyze, Lang, ParseOptions, Severity};

mod common;

use common::{problems, report, seen, set_row};

const NEW: &str = "一、本年新收政府信息公开申请数量";
const OPEN: &str = "（一）予以公开";
const TOTAL: &str = "（七）总计";

/// A 2021 report whose rows 一, （一）予以公开 and （七）总计 hold `values`, the first two as
/// written in `new` and `open`.
fn table_with(format: Format, new: &[&str], open: &[&str], total: &[&str]) -> String {
    let year = if format == Format::F2019 { 2020 } else { 2021 };
    let t = set_row(&report(year, format), NEW, new);
    let t = set_row(&t, OPEN, open);
    set_row(&t, TOTAL, total)
}

const V: [&str; 7] = ["4", "1", "0", "0", "0", "0", "5"];

#[test]
fn a_row_whose_digits_split_one_way_only_is_read_so_and_said() {
    let text = table_with(Format::F2021, &V, &["4100005"], &V);
    assert_eq!(
        seen(&text, "run-together"),
        ["[4100005] （一）予以公开 的数值连写在一起（“4100005”），只有一种拆法，已拆分为 4 | 1 | 0 | 0 | 0 | 0 | 5；各数值照常核对勾稽关系"]
    );
    let a = analyze(&text, &ParseOptions::default());
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "run-together")
        .expect("the information");
    assert_eq!(d.severity, Severity::Information);
    assert_eq!(
        d.message(Lang::En),
        "“disclosed”: the values are run together (“4100005”); read as the only possible split, 4 | 1 | 0 | 0 | 0 | 0 | 5; its values are checked as usual"
    );
    assert_eq!(
        d.data["split"],
        serde_json::json!(["4", "1", "0", "0", "0", "0", "5"])
    );
    assert_eq!(problems(&text), Vec::<String>::new());
}

#[test]
fn an_error_in_a_split_row_lands_on_its_digits() {
    // 3 + 2 = 5 holds in the row, but 一 and （七）总计 say 4 and 1: the two digits are wrong.
    let text = table_with(Format::F2021, &V, &["3200005"], &V);
    assert_eq!(seen(&text, "run-together").len(), 1);
    let a = analyze(&text, &ParseOptions::default());
    let run = text.find("3200005").expect("the run");
    let mut errors: Vec<(usize, &str)> = a
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.range.start, d.range.slice(&text)))
        .collect();
    errors.sort();
    assert_eq!(errors, [(run, "3"), (run + 1, "2")]);
    // The fixes write the right digits in their places.
    let fixes: Vec<(usize, String)> = a
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter_map(|d| d.fixes.first())
        .flat_map(|f| f.edits.iter().map(|e| (e.range.start, e.new_text.clone())))
        .collect();
    assert!(
        fixes.contains(&(run, "4".to_owned())) && fixes.contains(&(run + 1, "1".to_owned())),
        "{fixes:?}"
    );
}

#[test]
fn a_split_the_digits_force_is_kept_only_when_the_row_total_holds() {
    // 4100006 can only be 4 1 0 0 0 0 6, whose total does not hold: the row is not read so.
    let text = table_with(Format::F2021, &V, &["4100006"], &V);
    assert_eq!(seen(&text, "run-together"), Vec::<String>::new());
    assert_eq!(
        seen(&text, "cell-count"),
        ["[4100006] （一）予以公开应有 7 个数值，实有 1 个：数值连写在一起（“4100006”），无法唯一拆分（没有一种拆法能使本表勾稽关系成立），请用分隔符分开各列"]
    );
    // Six values, one of them two digits: a value missing rather than run together.
    let text = table_with(Format::F2021, &V, &["9", "9", "0", "0", "0", "18"], &V);
    assert_eq!(
        seen(&text, "cell-count"),
        ["[（一）予以公开 | 9 | 9 | 0 | 0 | 0 | 18] （一）予以公开应有 7 个数值，实有 6 个"]
    );
}

#[test]
fn a_row_split_by_its_total_says_so() {
    // 120000113 splits into seven parts several ways (12 0 0 0 0 11 3, 1 20 0 0 0 1 13 …); only 12
    // 0 0 0 0 1 13 makes the total hold.
    let v = ["12", "0", "0", "0", "0", "1", "13"];
    let text = table_with(Format::F2021, &v, &["120000113"], &v);
    assert_eq!(
        seen(&text, "run-together"),
        ["[120000113] （一）予以公开 的数值连写在一起（“120000113”），已按本表勾稽关系拆分为 12 | 0 | 0 | 0 | 0 | 1 | 13（唯一使本行总计等于各列之和的拆法，因此本行总计无从核对）"]
    );
    assert_eq!(problems(&text), Vec::<String>::new());
}

#[test]
fn a_partly_separated_row_is_split_where_it_runs_together() {
    let v = ["12", "0", "0", "0", "0", "1", "13"];
    let text = table_with(Format::F2021, &v, &["12", "0", "00", "0", "113"], &v);
    assert_eq!(
        seen(&text, "run-together"),
        ["[12 | 0 | 00 | 0 | 113] （一）予以公开 的数值连写在一起（“12 0 00 0 113”），已按本表勾稽关系拆分为 12 | 0 | 0 | 0 | 0 | 1 | 13（唯一使本行总计等于各列之和的拆法，因此本行总计无从核对）"]
    );
    assert_eq!(problems(&text), Vec::<String>::new());
    // Each part has its own digits: `00` is two cells of one digit each.
    let a = analyze(&text, &ParseOptions::default());
    let t3 = a
        .report
        .table(nianbao_core::catalog::TableKind::T3)
        .expect("table 三");
    let row = t3.row("granted").expect("the row");
    let parts: Vec<&str> = row.cells.iter().map(|c| c.range.slice(&text)).collect();
    assert_eq!(parts, ["12", "0", "0", "0", "0", "1", "13"]);
    let zeros = text.find("| 00 |").expect("the zeros") + 2;
    assert_eq!(
        (row.cells[2].range.start, row.cells[3].range.start),
        (zeros, zeros + 1)
    );
}

#[test]
fn double_zeros_split() {
    let text = table_with(
        Format::F2021,
        &["0"; 7],
        &["0", "00", "0", "0", "0", "0"],
        &["0"; 7],
    );
    assert_eq!(seen(&text, "run-together").len(), 1);
    assert_eq!(problems(&text), Vec::<String>::new());
}

#[test]
fn the_table_chooses_among_the_splits_a_row_total_admits() {
    // 111000012 is 1 11 0 0 0 0 12, 11 1 0 0 0 0 12 or 1 1 10 0 0 0 12; 一 and （七）总计 tell which.
    let v = ["1", "11", "0", "0", "0", "0", "12"];
    let text = table_with(Format::F2021, &v, &["111000012"], &v);
    assert_eq!(
        seen(&text, "run-together"),
        ["[111000012] （一）予以公开 的数值连写在一起（“111000012”），已按本表勾稽关系拆分为 1 | 11 | 0 | 0 | 0 | 0 | 12（唯一使本表各项勾稽关系成立的拆法）"]
    );
    assert_eq!(problems(&text), Vec::<String>::new());
    // With （七）总计 run together the same way, the two rows still choose together.
    let text = table_with(Format::F2021, &v, &["111000012"], &["111000012"]);
    assert_eq!(seen(&text, "run-together").len(), 2);
    assert_eq!(problems(&text), Vec::<String>::new());
}

#[test]
fn a_row_that_splits_no_one_way_keeps_its_cell_count_error_saying_why() {
    // Every row that could tell is run together too: two readings of the table hold.
    let text = table_with(
        Format::F2021,
        &["111000012"],
        &["111000012"],
        &["111000012"],
    );
    let errors = seen(&text, "cell-count");
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert_eq!(
        errors[1],
        "[111000012] （一）予以公开应有 7 个数值，实有 1 个：数值连写在一起（“111000012”），无法唯一拆分（有 3 种拆法都能使本表勾稽关系成立），请用分隔符分开各列"
    );
    assert_eq!(seen(&text, "run-together"), Vec::<String>::new());
    // No split makes the row total hold.
    let text = table_with(Format::F2021, &["0"; 7], &["11000013"], &["0"; 7]);
    assert_eq!(
        seen(&text, "cell-count"),
        ["[11000013] （一）予以公开应有 7 个数值，实有 1 个：数值连写在一起（“11000013”），无法唯一拆分（没有一种拆法能使本表勾稽关系成立），请用分隔符分开各列"]
    );
    let a = analyze(&text, &ParseOptions::default());
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "cell-count")
        .expect("the error");
    assert_eq!(
        d.message(Lang::En),
        "“disclosed” should have 7 values but has 1: the values are run together (“11000013”) and cannot be split one way (no split makes the table's relations hold); separate the columns"
    );
}

#[test]
fn the_2019_format() {
    let v = ["12", "0", "0", "0", "0", "1", "13"];
    let text = table_with(Format::F2019, &v, &["120000113"], &v);
    assert_eq!(seen(&text, "run-together").len(), 1);
    assert_eq!(problems(&text), Vec::<String>::new());
}

#[test]
fn table_four_splits_by_its_group_totals() {
    let base = report(2021, Format::F2021);
    let zeros = format!("{} |", ["0"; 15].join(" | "));
    // 1 0 0 0 1 | 0 0 0 0 0 | 12 0 0 1 13.
    let text = base.replacen(&zeros, "10001000001200113 |", 1);
    assert_eq!(
        seen(&text, "run-together"),
        ["[10001000001200113] 行政复议、行政诉讼 的数值连写在一起（“10001000001200113”），已按本表勾稽关系拆分为 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 12 | 0 | 0 | 1 | 13（唯一使本行总计等于各列之和的拆法，因此本行总计无从核对）"]
    );
    assert_eq!(problems(&text), Vec::<String>::new());
}

#[test]
fn full_width_digits_split_on_their_characters() {
    let text = table_with(Format::F2021, &V, &["３２００００５"], &V);
    let a = analyze(&text, &ParseOptions::default());
    assert_eq!(seen(&text, "run-together").len(), 1);
    let run = text.find("３２００００５").expect("the run");
    let mut errors: Vec<(usize, usize, &str)> = a
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.range.start, d.range.end, d.range.slice(&text)))
        .collect();
    errors.sort();
    // The first two digits, three bytes each.
    assert_eq!(errors, [(run, run + 3, "３"), (run + 3, run + 6, "２")]);
}

#[test]
fn values_that_are_missing_are_not_run_together() {
    // Six single digits for seven columns: a value is missing, not run together.
    let text = table_with(Format::F2021, &V, &["4", "1", "0", "0", "0", "5"], &V);
    assert_eq!(seen(&text, "run-together"), Vec::<String>::new());
    assert_eq!(
        seen(&text, "cell-count"),
        ["[（一）予以公开 | 4 | 1 | 0 | 0 | 0 | 5] （一）予以公开应有 7 个数值，实有 6 个"]
    );
}

#[test]
fn a_row_one_value_short_is_split_only_when_the_table_confirms_it() {
    // `0 0 0 0 0 33` for seven columns: `0 0 0 0 0 3 3` makes the row's total hold, but the row
    // lost its 商业企业 cell (33): the outcome totals of the table say so, and the row stays short.
    let lost = ["0", "33", "0", "0", "0", "0", "33"];
    let written = ["0", "0", "0", "0", "0", "33"];
    let text = table_with(Format::F2021, &lost, &written, &lost);
    assert_eq!(seen(&text, "run-together"), Vec::<String>::new());
    assert_eq!(
        seen(&text, "cell-count"),
        ["[（一）予以公开 | 0 | 0 | 0 | 0 | 0 | 33] （一）予以公开应有 7 个数值，实有 6 个"]
    );
    // The same written row where the table's totals are those of `0 0 0 0 0 3 3`: read so.
    let run = ["0", "0", "0", "0", "0", "3", "3"];
    let text = table_with(Format::F2021, &run, &written, &run);
    assert_eq!(seen(&text, "run-together").len(), 1);
    assert_eq!(problems(&text), Vec::<String>::new());
}

#[test]
fn a_row_of_table_four_one_value_short_is_not_split() {
    // Table 四 has no relation across rows to tell `1 | 1` run together from a lost cell.
    let base = report(2021, Format::F2021);
    let zeros = format!("{} |", ["0"; 15].join(" | "));
    let short = "0 | 0 | 0 | 11 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
    let text = base.replacen(&zeros, short, 1);
    assert_eq!(seen(&text, "run-together"), Vec::<String>::new());
    assert_eq!(all_cell_counts(&text), 1);
}

#[test]
fn a_huge_run_of_digits_is_no_row_run_together() {
    let digits = "1".repeat(1 << 20);
    let text = table_with(Format::F2021, &V, &[&digits], &V);
    assert_eq!(seen(&text, "run-together"), Vec::<String>::new());
    assert_eq!(all_cell_counts(&text), 1);
    // As many digits as could be, 40, with no split that fits: not tried beyond the cap.
    let text = table_with(Format::F2021, &V, &[&"9".repeat(40)], &V);
    assert_eq!(all_cell_counts(&text), 1);
}

fn all_cell_counts(text: &str) -> usize {
    analyze(text, &ParseOptions::default())
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "cell-count")
        .count()
}
