//! Checks of the tables' shape: missing tables and rows, unknown and misspelt rows, the format a
//! table uses against the report year, and rows with too many or too few values.

use serde_json::json;

use crate::catalog::{table_spec, RowSpec, SectionId, TableKind};
use crate::diagnostic::{Code, Diagnostic, Edit, Severity};
use crate::messages::{FixKind, Msg};
use crate::model::{Label, Report, RunRead, Table};
use crate::parse::labels::MatchQuality;
use crate::text::TextRange;

pub fn check(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    missing_tables(report, out);
    formats(report, out);
    for table in &report.tables {
        rows(text, table, out);
    }
}

fn missing_tables(report: &Report, out: &mut Vec<Diagnostic>) {
    for kind in TableKind::ALL {
        let section = SectionId(kind.section());
        let Some(s) = report.section(section) else {
            continue;
        };
        if report.table(kind).is_some() {
            continue;
        }
        let format = report.format.or(report.expected_format());
        out.push(
            Diagnostic::new(
                Code::MissingTable,
                Severity::Error,
                s.heading,
                Msg::MissingTable {
                    heading: section.spec().heading(),
                    table: kind,
                    format,
                },
            )
            .with_data(json!({ "table": kind.key(), "format": format.map(|f| f.name()) })),
        );
    }
}

fn formats(report: &Report, out: &mut Vec<Diagnostic>) {
    let shown: Vec<&Table> = report.tables.iter().filter(|t| t.format_shown).collect();
    match report
        .year
        .and_then(|y| crate::catalog::Format::for_year(y.value).map(|f| (y.value, f)))
    {
        Some((year, expected)) => {
            for t in shown.iter().filter(|t| t.format != expected) {
                out.push(
                    Diagnostic::new(
                        Code::FormatMismatch,
                        Severity::Warning,
                        t.format_marker.unwrap_or(t.range),
                        Msg::FormatMismatch { table: t.kind, year, expected, found: t.format },
                    )
                    .with_data(json!({ "table": t.kind.key(), "expected": expected.name(), "found": t.format.name() })),
                );
            }
        }
        None => {
            // Without a year, only tables that disagree with each other are flagged: the later one.
            if let Some(first) = shown.first() {
                for t in shown.iter().skip(1).filter(|t| t.format != first.format) {
                    out.push(
                        Diagnostic::new(
                            Code::FormatMismatch,
                            Severity::Warning,
                            t.format_marker.unwrap_or(t.range),
                            Msg::FormatMixed { table: t.kind, found: t.format, other_table: first.kind, other: first.format },
                        )
                        .with_data(json!({ "table": t.kind.key(), "found": t.format.name(), "other": first.format.name() })),
                    );
                }
            }
        }
    }
    for t in &report.tables {
        for f in &t.foreign {
            let other = t.format.other();
            let label = table_spec(t.kind, other)
                .row(f.key)
                .map_or("", |(_, r)| r.label);
            out.push(
                Diagnostic::new(
                    Code::FormatMismatch,
                    Severity::Warning,
                    f.label,
                    Msg::ForeignRow {
                        label: label.to_owned(),
                        found: other,
                        expected: t.format,
                    },
                )
                .with_data(json!({ "table": t.kind.key(), "row": f.key, "found": other.name() })),
            );
        }
    }
}

fn rows(text: &str, table: &Table, out: &mut Vec<Diagnostic>) {
    let table_name = table.kind.key();
    // A table that cannot be read with confidence gets one diagnostic: its rows' value counts, its
    // missing rows and its values without a label would each blame a row that is not at fault.
    if let Some(u) = table.unreadable {
        // Shown on the label of the first row that is off, where the misreading starts.
        let first_bad = table
            .rows
            .iter()
            .find(|r| !r.is_complete())
            .and_then(|r| r.label.map(|l| l.range));
        out.push(
            Diagnostic::new(
                Code::CellCount,
                Severity::Error,
                first_bad.unwrap_or(table.range),
                Msg::TableUnreadable {
                    table: table.kind,
                    rows: u.rows,
                    bad: u.bad,
                },
            )
            .with_data(
                json!({ "table": table_name, "rows": u.rows, "bad": u.bad, "unreadable": true }),
            ),
        );
    }
    let readable = table.is_readable();
    run_together(text, table, out);
    for (i, row) in table.rows.iter().enumerate() {
        let rs = table.row_spec(row);
        // A row read by its place, after the row it was merged into: its label is missing.
        if row.label.is_none() && table.kind != TableKind::T4 && readable {
            let above = table
                .rows
                .iter()
                .find(|r| r.spec + 1 == row.spec)
                .map(|r| table.row_spec(r));
            let (merged, own) = above.map_or(("", 0), |r| (r.short, r.columns().len()));
            let range = row
                .cells
                .iter()
                .map(|c| c.range)
                .reduce(|a, b| a.cover(b))
                .unwrap_or(table.range);
            out.push(
                Diagnostic::new(
                    Code::MissingRow,
                    Severity::Warning,
                    range,
                    Msg::UnlabelledRow { row: rs.short.to_owned(), merged: merged.to_owned(), own, count: rs.columns().len() },
                )
                .with_data(json!({ "table": table_name, "row": rs.key, "label": rs.label, "unlabelled": true })),
            );
        }
        if !readable {
            if let Some(label) = row.label.filter(|l| l.quality != MatchQuality::Exact) {
                label_typo(text, table, rs, label, out);
            }
            continue;
        }
        if let Some(label) = row.label.filter(|l| l.quality != MatchQuality::Exact) {
            label_typo(text, table, rs, label, out);
        }
        // A table without one value is reported once as a whole, a row without one value once as a
        // blank row (see `cells`), not by the count of its cells.
        if table.has_no_value() || row.is_blank() {
            continue;
        }
        let n = rs.columns().len();
        let filled = row.cells.len() + row.extra.len();
        if n == 0 && !row.extra.is_empty() {
            let range = row.extra.iter().fold(row.extra[0], |a, b| a.cover(*b));
            out.push(
                Diagnostic::new(Code::CellCount, Severity::Error, range, Msg::GroupWithValues { row: rs.label.to_owned() })
                    .with_data(json!({ "table": table_name, "row": rs.key, "expected": 0, "actual": row.extra.len() })),
            );
        } else if !row.extra.is_empty() || row.missing > 0 {
            let range = if row.extra.is_empty() {
                row.range()
            } else {
                row.extra.iter().fold(row.extra[0], |a, b| a.cover(*b))
            };
            // Values run together that split no one way: the message says why the count is off, on
            // them.
            let (range, msg) = match table.run_of(i).map(|run| (run, run.read)) {
                // A row partly separated that no split fits is as likely short of a value: said
                // plainly.
                Some((run, RunRead::Unsplit { ways }))
                    if run.written.len() == 1 || ways != Some(0) =>
                {
                    (
                        run.written
                            .iter()
                            .copied()
                            .reduce(|a, b| a.cover(b))
                            .unwrap_or(range),
                        Msg::RunTogetherUnsplit {
                            row: crate::messages::row_of(rs),
                            written: written(text, &run.written),
                            expected: n,
                            actual: filled,
                            ways,
                        },
                    )
                }
                _ => (
                    range,
                    Msg::CellCount {
                        row: crate::messages::row_of(rs),
                        expected: n,
                        actual: filled,
                    },
                ),
            };
            out.push(
                Diagnostic::new(Code::CellCount, Severity::Error, range, msg).with_data(
                    json!({ "table": table_name, "row": rs.key, "expected": n, "actual": filled }),
                ),
            );
        }
    }
    if readable && table.kind != TableKind::T4 {
        missing_rows(table, out);
    }
    // A pasted run of thousands of junk rows: the first ones, and how many more (see `super::cap`).
    if let Some(first_left_out) = table.unknown.get(super::MAX_SAME) {
        let range = first_left_out
            .label
            .or_else(|| first_left_out.values.first().copied())
            .unwrap_or(table.range);
        let more = table.unknown.len() - super::MAX_SAME;
        out.push(
            Diagnostic::new(
                Code::UnknownRow,
                Severity::Information,
                range,
                Msg::MoreOfTheSame {
                    code: Code::UnknownRow.as_str(),
                    more,
                },
            )
            .with_data(json!({ "table": table_name, "more": more })),
        );
    }
    for u in table.unknown.iter().take(super::MAX_SAME) {
        let values = u.values.iter().copied().reduce(|a, b| a.cover(b));
        let (range, msg) = match (u.label, u.duplicate_of) {
            (Some(l), Some(_)) => (
                l,
                Msg::DuplicateRow {
                    label: l.slice(text).to_owned(),
                },
            ),
            (Some(l), None) => (
                l,
                Msg::UnknownRow {
                    table: table.kind,
                    format: table.format,
                    label: l.slice(text).to_owned(),
                },
            ),
            // Counted in the one diagnostic of a table that cannot be read.
            (None, _) if !readable => continue,
            (None, _) => (
                values.unwrap_or(table.range),
                Msg::ValuesWithoutLabel {
                    table: table.kind,
                    count: u.values.len(),
                },
            ),
        };
        out.push(
            Diagnostic::new(Code::UnknownRow, Severity::Warning, range, msg)
                .with_data(json!({ "table": table_name })),
        );
    }
}

/// The rows whose values were run together and read by the one split the relations admit: an
/// information on the values as written, with the split.
fn run_together(text: &str, table: &Table, out: &mut Vec<Diagnostic>) {
    for run in table.runs.iter().filter(|r| r.read.is_split()) {
        let Some(row) = table.rows.get(run.row) else {
            continue;
        };
        let rs = table.row_spec(row);
        let Some(range) = run.written.iter().copied().reduce(|a, b| a.cover(b)) else {
            continue;
        };
        let values: Vec<String> = row
            .cells
            .iter()
            .map(|c| c.range.slice(text).to_owned())
            .collect();
        let numbers: Vec<String> = row
            .cells
            .iter()
            .map(|c| {
                crate::relations::value(Some(c))
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        out.push(
            Diagnostic::new(
                Code::RunTogether,
                Severity::Information,
                range,
                Msg::RunTogether {
                    row: crate::messages::row_of(rs),
                    written: written(text, &run.written),
                    split: numbers.join(" | "),
                    read: run.read,
                },
            )
            .with_data(json!({ "table": table.kind.key(), "row": rs.key, "split": values })),
        );
    }
}

/// Values run together as written, a space between the runs.
fn written(text: &str, runs: &[TextRange]) -> String {
    runs.iter()
        .map(|r| r.slice(text))
        .collect::<Vec<_>>()
        .join(" ")
}

fn label_typo(text: &str, table: &Table, rs: &RowSpec, label: Label, out: &mut Vec<Diagnostic>) {
    let written = label.range.slice(text).to_owned();
    // `1、` for the format's `1.` (or `一.` for `一、`) is a way of writing the numbering, not a
    // mistyped label: a hint.
    let only_numbering = label.quality == MatchQuality::WrongNumbering
        && numbering_written_otherwise(&written, rs.label);
    let severity = if only_numbering {
        Severity::Information
    } else {
        Severity::Warning
    };
    out.push(
        Diagnostic::new(
            Code::LabelTypo,
            severity,
            label.range,
            Msg::LabelTypo {
                written: written.replace(['\n', '\r'], ""),
                canonical: rs.label.to_owned(),
            },
        )
        .with_data(json!({ "table": table.kind.key(), "row": rs.key, "canonical": rs.label }))
        .with_fix(
            FixKind::ReplaceLabel {
                canonical: rs.label.to_owned(),
            },
            vec![Edit {
                range: label.range,
                new_text: rs.label.to_owned(),
            }],
        ),
    );
}

/// Whether `written` is `canonical` but for the separator after its numbering (`1、` for `1.`).
fn numbering_written_otherwise(written: &str, canonical: &str) -> bool {
    use crate::text::{normalize, split_numbering};
    let (w, c) = (normalize(written, 0).text, normalize(canonical, 0).text);
    let ((wn, wat), (cn, cat)) = (split_numbering(&w), split_numbering(&c));
    wn.is_some() && wn == cn && w.chars().skip(wat).eq(c.chars().skip(cat))
}

/// From this many rows missing together, one diagnostic lists them rather than one each: a page
/// lost in a conversion, a paste that stopped short, leave runs of missing rows, and one warning
/// per row buries the rest of the report.
const LISTED_MISSING: usize = 3;

/// The rows of the format that a table lacks. The rows after its last row (a table cut off there,
/// when two or more) are said in one diagnostic on that row; the other missing rows, when there are
/// [`LISTED_MISSING`] or more, in one diagnostic; else each missing row in its own.
fn missing_rows(table: &Table, out: &mut Vec<Diagnostic>) {
    let spec = table.spec();
    let table_name = table.kind.key();
    let missing: Vec<usize> = (0..spec.rows.len())
        .filter(|&i| !table.rows.iter().any(|r| r.spec == i))
        .collect();
    if missing.is_empty() {
        return;
    }
    let last = table
        .rows
        .iter()
        .filter(|r| r.label.is_some())
        .max_by_key(|r| r.spec);
    let (inner, cut): (Vec<usize>, Vec<usize>) = match last {
        Some(last) => missing.iter().partition(|&&i| i < last.spec),
        None => (missing, Vec::new()),
    };
    let keys = |rows: &[usize]| rows.iter().map(|&i| spec.rows[i].key).collect::<Vec<_>>();
    let shorts = |rows: &[usize]| {
        rows.iter()
            .map(|&i| spec.rows[i].short.to_owned())
            .collect::<Vec<_>>()
    };
    // The label of the first row found after `i`, else of the last row: where a missing row is
    // shown.
    let shown_at = |i: usize| {
        let next = table
            .rows
            .iter()
            .filter(|r| r.spec > i && r.label.is_some())
            .min_by_key(|r| r.spec);
        next.and_then(|r| r.label.map(|l| l.range))
            .or_else(|| {
                table
                    .rows
                    .iter()
                    .rev()
                    .find_map(|r| r.label.map(|l| l.range))
            })
            .unwrap_or(TextRange::new(table.range.start, table.range.start))
    };
    let one_by_one = |rows: &[usize], out: &mut Vec<Diagnostic>| {
        for &i in rows {
            let rs = &spec.rows[i];
            out.push(
                Diagnostic::new(
                    Code::MissingRow,
                    Severity::Warning,
                    shown_at(i),
                    Msg::MissingRow {
                        table: table.kind,
                        format: table.format,
                        label: rs.label.to_owned(),
                        en: rs.en.to_owned(),
                    },
                )
                .with_data(json!({ "table": table_name, "row": rs.key, "label": rs.label })),
            );
        }
    };
    match &inner[..] {
        [] => {}
        [first, ..] if inner.len() >= LISTED_MISSING => out.push(
            Diagnostic::new(
                Code::MissingRow,
                Severity::Warning,
                shown_at(*first),
                Msg::MissingRows {
                    table: table.kind,
                    format: table.format,
                    labels: shorts(&inner),
                },
            )
            .with_data(json!({ "table": table_name, "rows": keys(&inner) })),
        ),
        _ => one_by_one(&inner, out),
    }
    match (last, cut.len()) {
        (Some(last), n) if n >= 2 => {
            let after = table.row_spec(last);
            out.push(
                Diagnostic::new(
                    Code::MissingRow,
                    Severity::Warning,
                    last.label.map_or(last.range(), |l| l.range),
                    Msg::TableCutOff {
                        table: table.kind,
                        format: table.format,
                        after: after.short.to_owned(),
                        labels: shorts(&cut),
                    },
                )
                .with_data(json!({ "table": table_name, "after": after.key, "rows": keys(&cut) })),
            );
        }
        _ => one_by_one(&cut, out),
    }
}
