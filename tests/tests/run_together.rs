//! Generated reports whose table 三 rows were run together (`4100005` for `4 | 1 | 0 | 0 | 0 | 0 |
//! 5`), as a scraper that flattened a web page writes them: in every layout and both formats, the
//! rows that split one way are read as written before they were joined, with one information each,
//! and the report gets no error or warning; the share of joined rows that split is measured (see
//! BENCHMARKS.md).

use nianbao_core::catalog::{Format, TableKind};
use nianbao_core::model::{CellValue, RunRead};
use nianbao_core::{analyze, Lang, ParseOptions, Severity};
use nianbao_tests::gen::*;

/// The text of `r` with the values of table 三's rows `keys` run together: each row's cells, from
/// the first to the last as written, replaced by their digits without separators.
fn join_rows(r: &Rendered, keys: &[&'static str]) -> String {
    let mut cuts: Vec<(usize, usize, String)> = Vec::new();
    for key in keys {
        let mut cells: Vec<_> = r
            .spans
            .iter()
            .filter(|s| matches!(s.target, Target::Cell(TableKind::T3, k, _) if k == *key))
            .collect();
        cells.sort_by_key(|s| s.text.start);
        let (Some(first), Some(last)) = (cells.first(), cells.last()) else {
            continue;
        };
        let digits: String = cells.iter().map(|s| s.text.slice(&r.text)).collect();
        cuts.push((first.text.start, last.text.end, digits));
    }
    cuts.sort_by_key(|c| std::cmp::Reverse(c.0));
    let mut text = r.text.clone();
    for (start, end, digits) in cuts {
        text.replace_range(start..end, &digits);
    }
    text
}

#[derive(Default)]
struct Tally {
    reports: usize,
    joined: usize,
    split: usize,
    /// Splits by how they were chosen: the digits alone, the row's total, the table's relations.
    only: usize,
    by_row: usize,
    by_table: usize,
    clean_reports: usize,
    /// Per layout: rows joined, rows split.
    by_layout: Vec<(Layout, usize, usize)>,
}

impl Tally {
    fn print(&self, what: &str) {
        eprintln!(
            "{what}: {} reports, {} rows joined, {} split ({:.1} %: {} by their digits alone, {} by their total, {} by the table), {} reports clean ({:.1} %)",
            self.reports,
            self.joined,
            self.split,
            100.0 * self.share(),
            self.only,
            self.by_row,
            self.by_table,
            self.clean_reports,
            100.0 * self.clean_reports as f64 / self.reports as f64
        );
        for (layout, joined, split) in &self.by_layout {
            eprintln!("  {layout:?}: {split} of {joined} rows split");
        }
    }

    fn share(&self) -> f64 {
        self.split as f64 / self.joined as f64
    }
}

/// Generated reports (`seeds` × both formats × every layout) with the table 三 rows `pick` chooses
/// run together. Every row split holds the values it was written with; a report whose joined rows
/// all split gets no error or warning.
fn measure(seeds: u64, pick: impl Fn(&mut Rng, &[&'static str]) -> Vec<&'static str>) -> Tally {
    let mut tally = Tally {
        by_layout: Layout::ALL.iter().map(|l| (*l, 0, 0)).collect(),
        ..Tally::default()
    };
    for seed in 0..seeds {
        for format in Format::ALL {
            let year = if format == Format::F2019 {
                2020
            } else {
                2021 + (seed % 4) as i32
            };
            let spec = ReportSpec::consistent(format, year, seed);
            let keys = data_row_keys(TableKind::T3, format);
            let chosen = pick(&mut Rng::new(seed ^ 0x5EED), &keys);
            for (li, layout) in Layout::ALL.into_iter().enumerate() {
                let style = Style::varied(seed.wrapping_mul(31).wrapping_add(li as u64));
                let r = render_with_spans(&spec, layout, &style);
                let text = join_rows(&r, &chosen);
                let a = analyze(&text, &ParseOptions::default());
                let what = || {
                    let lines: Vec<String> = a
                        .diagnostics
                        .iter()
                        .map(|d| {
                            format!(
                                "  {:?} {} [{}] {}",
                                d.severity,
                                d.code.as_str(),
                                d.range.slice(&text),
                                d.message(Lang::Zh)
                            )
                        })
                        .collect();
                    format!(
                        "{layout:?} {} seed {seed} rows {chosen:?}\n{text}\n{}",
                        format.name(),
                        lines.join("\n")
                    )
                };
                let infos = a
                    .diagnostics
                    .iter()
                    .filter(|d| d.code.as_str() == "run-together")
                    .count();
                tally.reports += 1;
                tally.joined += chosen.len();
                tally.split += infos;
                tally.by_layout[li].1 += chosen.len();
                tally.by_layout[li].2 += infos;
                // A split row holds the values it was written with, whatever chose the split.
                let t3 = a.report.table(TableKind::T3).expect("table 三");
                for run in &t3.runs {
                    match run.read {
                        RunRead::Only => tally.only += 1,
                        RunRead::ByRow => tally.by_row += 1,
                        RunRead::ByTable => tally.by_table += 1,
                        RunRead::Unsplit { .. } => continue,
                    }
                    let row = &t3.rows[run.row];
                    let key = t3.row_spec(row).key;
                    let want = spec.t3_row(key).expect("a row of the spec");
                    for (c, want) in want.iter().enumerate() {
                        let got = row.cell(c).and_then(|c| match c.value {
                            CellValue::Number(n) => n.as_integer(),
                            _ => None,
                        });
                        assert_eq!(
                            got,
                            Some(i128::from(*want)),
                            "row {key} column {c}\n{}",
                            what()
                        );
                    }
                }
                // With every joined row split, the report is as clean as before it was joined.
                if infos == chosen.len() {
                    let bad: Vec<_> = a
                        .diagnostics
                        .iter()
                        .filter(|d| d.severity <= Severity::Warning)
                        .collect();
                    assert!(bad.is_empty(), "{}", what());
                    tally.clean_reports += 1;
                }
            }
        }
    }
    tally
}

/// One to three rows of table 三 run together, as a page where some rows lost their separators.
#[test]
fn joined_rows_of_generated_reports_split_as_they_were_written() {
    let tally = measure(100, |rng, keys| {
        let how_many = 1 + rng.below(3) as usize;
        let mut chosen: Vec<&'static str> = Vec::new();
        while chosen.len() < how_many {
            let k = *rng.pick(keys);
            if !chosen.contains(&k) {
                chosen.push(k);
            }
        }
        chosen
    });
    tally.print("some rows run together");
    assert!(
        tally.share() >= 0.9,
        "only {:.1} % of the joined rows split",
        100.0 * tally.share()
    );
}

/// Every row of table 三 run together, as a scraper writes a whole flattened page: the table's
/// relations then have no row written plainly to go by.
#[test]
fn a_whole_table_run_together_splits_mostly() {
    let tally = measure(100, |_, keys| keys.to_vec());
    tally.print("every row run together");
    assert!(
        tally.share() >= 0.8,
        "only {:.1} % of the joined rows split",
        100.0 * tally.share()
    );
}
