//! The evaluation of issue 15's bar, over generated reports in every layout and both formats: with
//! one wrong number planted in table 三 or 四 (any data cell or total), is the error reported on the
//! planted cell, and do the safe fixes (`nianbao fix`) restore the text byte for byte? Then with
//! two wrong numbers in different rows and columns of table 三. Also: no fix leaves more errors, and
//! a clean report is left as it is. A wrong number is written over its cell in the rendered text,
//! so that the narrative keeps the right figures. A group of table 四 is one relation of five cells:
//! one wrong number in it has up to five equally small repairs, which are offered as fixes, not
//! guessed (so not applied by `fix`). Last, one value written with letters drawn like its digits
//! (`1O`) or in Chinese numerals: is it an `invalid-number` on its cell with the digits as its fix,
//! and does `fix` restore the text? `cargo run --release -p nianbao-tests --example eval_repair [--
//! CASES]` (CASES per kind, 1 400 by default).

use nianbao_core::catalog::{Format, TableKind};
use nianbao_core::features::actions::apply;
use nianbao_core::features::fix::safe_edits;
use nianbao_core::text::TextRange;
use nianbao_core::{analyze, Analysis, ParseOptions, Severity};
use nianbao_tests::gen::*;

const SUM_CODES: [&str; 4] = ["row-total", "outcome-total", "balance", "review-total"];

/// The text the safe fixes make of `text`.
fn fixed(text: &str, a: &Analysis) -> String {
    let edits: Vec<_> = safe_edits(a).into_iter().map(|s| s.edit).collect();
    apply(text, &edits).expect("safe edits apply")
}

fn errors(a: &Analysis) -> usize {
    a.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}

/// `text` with each cell's text replaced by its value.
fn overwrite(text: &str, cells: &[(TextRange, i64)]) -> String {
    let mut cells = cells.to_vec();
    cells.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = text.to_owned();
    for (r, v) in cells {
        out.replace_range(r.start..r.end, &v.to_string());
    }
    out
}

/// `v` as a hurried typist or a converter writes it: one 0 or 1 as a letter drawn like it (`O`,
/// `o`, `l`, `I`), or, for a number with neither, in Chinese numerals.
fn misread(v: i64, rng: &mut Rng) -> String {
    const NUMERALS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digits: Vec<char> = v.to_string().chars().collect();
    let places: Vec<usize> = (0..digits.len())
        .filter(|&i| matches!(digits[i], '0' | '1'))
        .collect();
    if places.is_empty() {
        return if v < 10 {
            NUMERALS[v as usize].to_owned()
        } else if v < 100 {
            format!(
                "{}十{}",
                NUMERALS[v as usize / 10],
                NUMERALS[v as usize % 10]
            )
        } else {
            digits
                .iter()
                .map(|&d| NUMERALS[d as usize - '0' as usize])
                .collect()
        };
    }
    let at = *rng.pick(&places);
    let letter = if digits[at] == '0' {
        *rng.pick(&["O", "o"])
    } else {
        *rng.pick(&["l", "I"])
    };
    digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            if i == at {
                letter.to_owned()
            } else {
                d.to_string()
            }
        })
        .collect()
}

/// A wrong number for `v`: off by 1 to 5, never below 0.
fn wrong(v: i64, rng: &mut Rng) -> i64 {
    let delta = 1 + rng.below(5) as i64;
    if v >= delta && rng.chance(0.5) {
        -delta
    } else {
        delta
    }
}

#[derive(Default)]
struct Tally {
    cases: usize,
    on_cell: usize,
    /// The planted cell among the cells of the repairs offered as fixes (one or several).
    offered: usize,
    restored: usize,
    more_errors: usize,
    not_certain: usize,
}

fn main() {
    let cases: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1400);
    let opts = ParseOptions::default();
    let mut rng = Rng::new(15);
    let (mut one_t3, mut one_t4, mut two) = (Tally::default(), Tally::default(), Tally::default());
    let mut misreads = Tally::default();
    let mut clean_changed = 0;
    let mut per_layout = vec![(0usize, 0usize); Layout::ALL.len()];
    for i in 0..cases {
        let format = Format::ALL[i % 2];
        let li = (i / 2) % Layout::ALL.len();
        let layout = Layout::ALL[li];
        let year = if format == Format::F2019 { 2020 } else { 2022 };
        let seed = rng.next_u64();
        let spec = ReportSpec::consistent(format, year, seed);
        let style = Style::varied(seed);
        let original = render(&spec, layout, &style);
        let clean = analyze(&original, &opts);
        if fixed(&original, &clean) != original {
            clean_changed += 1;
        }

        // One wrong number, written over its cell in the text (the narrative keeps the right
        // figures): any value of table 三 (70 %) or 四.
        let spans = render_with_spans(&spec, layout, &style);
        let (table, row, col) = if rng.chance(0.7) {
            let rows = data_row_keys(TableKind::T3, format);
            (TableKind::T3, *rng.pick(&rows), rng.below(7) as usize)
        } else {
            (
                TableKind::T4,
                data_row_keys(TableKind::T4, format)[0],
                rng.below(15) as usize,
            )
        };
        let v = if table == TableKind::T3 {
            spec.t3_row(row).unwrap()[col]
        } else {
            spec.t4[col]
        };
        let cell = spans
            .span(Target::Cell(table, row, col))
            .expect("the cell is written")
            .text;
        let text = overwrite(&spans.text, &[(cell, v + wrong(v, &mut rng))]);
        let at = TextRange::new(
            cell.start,
            cell.start + (text.len() + cell.len() - spans.text.len()),
        );
        let a = analyze(&text, &opts);
        let one = if table == TableKind::T3 {
            &mut one_t3
        } else {
            &mut one_t4
        };
        one.cases += 1;
        let sums: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| SUM_CODES.contains(&d.code.as_str()))
            .collect();
        if sums.iter().any(|d| d.range == at) {
            one.on_cell += 1;
        }
        if sums.iter().any(|d| {
            d.fixes
                .iter()
                .any(|f| f.edits.iter().any(|e| e.range == at))
        }) {
            one.offered += 1;
        }
        if !sums.iter().any(|d| {
            d.message(nianbao_core::Lang::Zh)
                .contains("后本表勾稽关系全部成立")
        }) {
            one.not_certain += 1;
        }
        let after = fixed(&text, &a);
        let restored = after == original;
        one.restored += usize::from(restored);
        if table == TableKind::T3 {
            per_layout[li].0 += usize::from(restored);
            per_layout[li].1 += 1;
        }
        if errors(&analyze(&after, &opts)) > errors(&a) {
            one.more_errors += 1;
        }

        // Two wrong numbers of table 三, in different rows and columns.
        let rows = data_row_keys(TableKind::T3, format);
        let (r1, c1) = (rng.below(rows.len() as u64) as usize, rng.below(7) as usize);
        let (mut r2, mut c2) = (rng.below(rows.len() as u64) as usize, rng.below(7) as usize);
        if r2 == r1 {
            r2 = (r1 + 1 + rng.below(rows.len() as u64 - 1) as usize) % rows.len();
        }
        if c2 == c1 {
            c2 = (c1 + 1 + rng.below(6) as usize) % 7;
        }
        let cells: Vec<(TextRange, i64)> = [(r1, c1), (r2, c2)]
            .iter()
            .map(|&(ri, c)| {
                let v = spec.t3[ri][c];
                (
                    spans
                        .span(Target::Cell(TableKind::T3, rows[ri], c))
                        .expect("the cell is written")
                        .text,
                    v + wrong(v, &mut rng),
                )
            })
            .collect();
        let text = overwrite(&spans.text, &cells);
        let a = analyze(&text, &opts);
        two.cases += 1;
        let sums: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| SUM_CODES.contains(&d.code.as_str()))
            .collect();
        // The cells where they stand in the planted text (the first may have moved the second).
        let mut moved = 0isize;
        let mut places: Vec<(TextRange, i64)> = cells.clone();
        places.sort_by_key(|(r, _)| r.start);
        let both = places.iter().all(|(r, v)| {
            let start = (r.start as isize + moved) as usize;
            let len = v.to_string().len();
            moved += len as isize - r.len() as isize;
            sums.iter()
                .any(|d| d.range == TextRange::new(start, start + len))
        });
        if both {
            two.on_cell += 1;
        }
        if !sums.iter().any(|d| {
            d.message(nianbao_core::Lang::Zh)
                .contains("后本表勾稽关系全部成立")
        }) {
            two.not_certain += 1;
        }
        let after = fixed(&text, &a);
        if after == original {
            two.restored += 1;
        }
        if errors(&analyze(&after, &opts)) > errors(&a) {
            two.more_errors += 1;
        }

        // One value of table 三 or 四 written with letters drawn like its digits, or in Chinese
        // numerals.
        let (table, row, col) = if rng.chance(0.7) {
            let rows = data_row_keys(TableKind::T3, format);
            (TableKind::T3, *rng.pick(&rows), rng.below(7) as usize)
        } else {
            (
                TableKind::T4,
                data_row_keys(TableKind::T4, format)[0],
                rng.below(15) as usize,
            )
        };
        let v = if table == TableKind::T3 {
            spec.t3_row(row).unwrap()[col]
        } else {
            spec.t4[col]
        };
        let cell = spans
            .span(Target::Cell(table, row, col))
            .expect("the cell is written")
            .text;
        let written = misread(v, &mut rng);
        let mut text = spans.text.clone();
        text.replace_range(cell.start..cell.end, &written);
        let at = TextRange::new(cell.start, cell.start + written.len());
        let a = analyze(&text, &opts);
        misreads.cases += 1;
        let on_cell = a
            .diagnostics
            .iter()
            .find(|d| d.code.as_str() == "invalid-number" && d.range == at);
        if on_cell.is_some() {
            misreads.on_cell += 1;
        }
        if on_cell.is_some_and(|d| {
            d.fixes.iter().any(|f| {
                f.edits
                    .iter()
                    .any(|e| e.range == at && e.new_text == v.to_string())
            })
        }) {
            misreads.offered += 1;
        }
        if !on_cell.is_some_and(|d| {
            d.message(nianbao_core::Lang::Zh)
                .contains("本表勾稽关系随之成立")
        }) {
            misreads.not_certain += 1;
        }
        let after = fixed(&text, &a);
        misreads.restored += usize::from(after == original);
        if errors(&analyze(&after, &opts)) > errors(&a) {
            misreads.more_errors += 1;
        }
    }
    let pct = |n: usize, of: usize| 100.0 * n as f64 / of.max(1) as f64;
    for (name, t) in [
        ("one wrong number in table 三", &one_t3),
        ("one wrong number in table 四", &one_t4),
        ("two wrong numbers in table 三", &two),
        (
            "one value of table 三 or 四 in letters or Chinese numerals",
            &misreads,
        ),
    ] {
        println!("{name}: {} reports", t.cases);
        println!(
            "  reported on the planted cell(s): {:.1} %",
            pct(t.on_cell, t.cases)
        );
        // Counted for one wrong number only.
        if !std::ptr::eq(t, &two) {
            println!(
                "  the planted cell among the repairs offered as fixes: {:.1} %",
                pct(t.offered, t.cases)
            );
        }
        println!(
            "  restored byte for byte by the safe fixes: {:.1} %",
            pct(t.restored, t.cases)
        );
        println!(
            "  no certain repair (the relations reported on their totals): {:.1} %",
            pct(t.not_certain, t.cases)
        );
        println!("  more errors after the fixes: {}", t.more_errors);
    }
    println!("one wrong number in table 三, restored by layout:");
    for (li, (ok, n)) in per_layout.iter().enumerate() {
        println!("  {:?}: {:.1} % of {n}", Layout::ALL[li], pct(*ok, *n));
    }
    println!("clean reports changed by the safe fixes: {clean_changed} of {cases}");
}
