//! Generated reports whose zeros are left blank, as many web pages and Word files leave them: every
//! layout that can show a blank cell must still read each value in its column, and the blanks must
//! be the only thing reported.

use nianbao_core::catalog::{Format, TableKind};
use nianbao_core::model::CellValue;
use nianbao_core::{analyze, Analysis, Diagnostic, Lang, ParseOptions, Severity};
use nianbao_tests::gen::*;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    let cases = std::env::var("NIANBAO_GEN_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases)
    }
}

fn describe(what: &str, r: &Rendered, a: &Analysis) -> String {
    let mut s = format!("{what}\n---\n{}\n---\n", r.text);
    for d in &a.diagnostics {
        s.push_str(&format!(
            "  {} [{}] {}\n",
            d.code.as_str(),
            d.range.slice(&r.text).replace('\n', "⏎"),
            d.message(Lang::Zh)
        ));
    }
    s
}

/// What the checker may say of a report whose only fault is blank zeros: the blanks, and the hint
/// that headings are numbered another way than the format's.
fn expected_here(d: &Diagnostic) -> bool {
    d.code.as_str() == "empty-cell"
        || (d.code.as_str() == "heading-variant" && d.severity == Severity::Information)
}

/// The value a cell was read as: its integer, `None` for a blank (or anything else).
fn read_as(v: Option<CellValue>) -> Option<i128> {
    match v {
        Some(CellValue::Number(n)) => n.as_integer(),
        _ => None,
    }
}

/// Blanks every zero of tables 三 and 四 (or only of table 三), and checks what is read and reported.
fn check_blank_zeros(
    layout: Layout,
    format: Format,
    spec_seed: u64,
    style_seed: u64,
    with_t4: bool,
) -> Result<(), TestCaseError> {
    let year = if format == Format::F2019 { 2020 } else { 2022 };
    let mut spec = ReportSpec::consistent(format, year, spec_seed);
    let keys = data_row_keys(TableKind::T3, format);
    let mut blanks = 0;
    for (i, key) in keys.iter().enumerate() {
        for col in 0..7 {
            if spec.t3[i][col] == 0 {
                spec.plant(Plant::SetCell {
                    table: TableKind::T3,
                    row: key,
                    col,
                    text: String::new(),
                });
                blanks += 1;
            }
        }
    }
    if with_t4 {
        let row = data_row_keys(TableKind::T4, format)[0];
        for col in 0..15 {
            if spec.t4[col] == 0 {
                spec.plant(Plant::SetCell {
                    table: TableKind::T4,
                    row,
                    col,
                    text: String::new(),
                });
                blanks += 1;
            }
        }
    }
    let r = render_with_spans(&spec, layout, &Style::varied(style_seed));
    let a = analyze(&r.text, &ParseOptions::default());
    let what = format!(
        "{blanks} zeros blank, {layout:?} {} seed {spec_seed} style {style_seed} t4 {with_t4}",
        format.name()
    );
    let wrong: Vec<&Diagnostic> = a.diagnostics.iter().filter(|d| !expected_here(d)).collect();
    prop_assert!(wrong.is_empty(), "{}", describe(&what, &r, &a));
    if blanks > 0 {
        prop_assert!(
            a.diagnostics
                .iter()
                .any(|d| d.code.as_str() == "empty-cell"),
            "{}",
            describe(&what, &r, &a)
        );
    }
    let t3 = a.report.table(TableKind::T3).expect("table 三");
    for (i, key) in keys.iter().enumerate() {
        let row = t3.row(key).expect("every row of table 三");
        let got: Vec<Option<i128>> = (0..7)
            .map(|c| read_as(row.cell(c).map(|c| c.value)))
            .collect();
        let want: Vec<Option<i128>> = spec.t3[i]
            .iter()
            .map(|&v| (v != 0).then_some(i128::from(v)))
            .collect();
        prop_assert_eq!(
            got,
            want,
            "row {} of table 三\n{}",
            key,
            describe(&what, &r, &a)
        );
    }
    if with_t4 {
        let t4 = a.report.table(TableKind::T4).expect("table 四");
        let got: Vec<Option<i128>> = (0..15)
            .map(|c| read_as(t4.rows[0].cell(c).map(|c| c.value)))
            .collect();
        let want: Vec<Option<i128>> = spec
            .t4
            .iter()
            .map(|&v| (v != 0).then_some(i128::from(v)))
            .collect();
        prop_assert_eq!(got, want, "table 四\n{}", describe(&what, &r, &a));
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// Zeros left blank throughout tables 三 and 四, in every layout that can show a blank cell (a
    /// PDF row drops them): each value is read in its own column and only the blanks are reported.
    /// Table 四's blank lines after its last value cannot be told from the space after the table one
    /// cell per line with blank lines between cells, so there table 四 keeps its zeros.
    #[test]
    fn zeros_left_blank_are_read_in_their_columns(spec_seed in any::<u64>(), style_seed in any::<u64>(), f in any::<bool>()) {
        let format = if f { Format::F2021 } else { Format::F2019 };
        for layout in Layout::ALL.into_iter().filter(|l| l.can_show_blank()) {
            check_blank_zeros(layout, format, spec_seed, style_seed, layout != Layout::BlankLineCells)?;
        }
    }
}
