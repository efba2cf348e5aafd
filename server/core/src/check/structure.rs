//! Checks of the tables' shape: missing tables and rows, unknown and misspelt rows, the format a
//! table uses against the report year, and rows with too many or too few values.

use serde_json::json;

use crate::catalog::{table_spec, SectionId, TableKind};
use crate::diagnostic::{Code, Diagnostic, Edit, Severity};
use crate::messages::{FixKind, Msg};
use crate::model::{Report, Table};
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
        let Some(s) = report.section(section) else { continue };
        if report.table(kind).is_some() {
            continue;
        }
        let format = report.format.or(report.expected_format());
        out.push(
            Diagnostic::new(
                Code::MissingTable,
                Severity::Error,
                s.heading,
                Msg::MissingTable { heading: section.spec().heading(), table: kind, format },
            )
            .with_data(json!({ "table": kind.key(), "format": format.map(|f| f.name()) })),
        );
    }
}

fn formats(report: &Report, out: &mut Vec<Diagnostic>) {
    let shown: Vec<&Table> = report.tables.iter().filter(|t| t.format_shown).collect();
    match report.year.and_then(|y| crate::catalog::Format::for_year(y.value).map(|f| (y.value, f))) {
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
            let label = table_spec(t.kind, other).row(f.key).map_or("", |(_, r)| r.label);
            out.push(
                Diagnostic::new(
                    Code::FormatMismatch,
                    Severity::Warning,
                    f.label,
                    Msg::ForeignRow { label: label.to_owned(), found: other, expected: t.format },
                )
                .with_data(json!({ "table": t.kind.key(), "row": f.key, "found": other.name() })),
            );
        }
    }
}

fn rows(text: &str, table: &Table, out: &mut Vec<Diagnostic>) {
    let spec = table.spec();
    let table_name = table.kind.key();
    for row in &table.rows {
        let rs = table.row_spec(row);
        if let Some(label) = row.label {
            if label.quality != MatchQuality::Exact {
                let written = label.range.slice(text).to_owned();
                out.push(
                    Diagnostic::new(
                        Code::LabelTypo,
                        Severity::Warning,
                        label.range,
                        Msg::LabelTypo { written: written.replace(['\n', '\r'], ""), canonical: rs.label.to_owned() },
                    )
                    .with_data(json!({ "table": table_name, "row": rs.key, "canonical": rs.label }))
                    .with_fix(FixKind::ReplaceLabel { canonical: rs.label.to_owned() }, vec![Edit { range: label.range, new_text: rs.label.to_owned() }]),
                );
            }
        }
        // A table without one value is reported once as a whole (see `cells`), not row by row.
        if table.has_no_value() {
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
            out.push(
                Diagnostic::new(Code::CellCount, Severity::Error, range, Msg::CellCount { row: rs.short.to_owned(), expected: n, actual: filled })
                    .with_data(json!({ "table": table_name, "row": rs.key, "expected": n, "actual": filled })),
            );
        }
    }
    // Rows of the format that the table lacks.
    for (i, rs) in spec.rows.iter().enumerate() {
        if table.rows.iter().any(|r| r.spec == i) {
            continue;
        }
        if table.kind == TableKind::T4 {
            continue;
        }
        let next = table.rows.iter().filter(|r| r.spec > i).min_by_key(|r| r.spec);
        let range = next
            .and_then(|r| r.label.map(|l| l.range))
            .or_else(|| table.rows.iter().rev().find_map(|r| r.label.map(|l| l.range)))
            .unwrap_or(TextRange::new(table.range.start, table.range.start));
        out.push(
            Diagnostic::new(
                Code::MissingRow,
                Severity::Warning,
                range,
                Msg::MissingRow { table: table.kind, format: table.format, label: rs.label.to_owned(), en: rs.en.to_owned() },
            )
            .with_data(json!({ "table": table_name, "row": rs.key, "label": rs.label })),
        );
    }
    // A pasted run of thousands of junk rows: the first ones, and how many more (see `super::cap`).
    if let Some(first_left_out) = table.unknown.get(super::MAX_SAME) {
        let range = first_left_out.label.or_else(|| first_left_out.values.first().copied()).unwrap_or(table.range);
        let more = table.unknown.len() - super::MAX_SAME;
        out.push(
            Diagnostic::new(Code::UnknownRow, Severity::Information, range, Msg::MoreOfTheSame { code: Code::UnknownRow.as_str(), more })
                .with_data(json!({ "table": table_name, "more": more })),
        );
    }
    for u in table.unknown.iter().take(super::MAX_SAME) {
        let values = u.values.iter().copied().reduce(|a, b| a.cover(b));
        let (range, msg) = match (u.label, u.duplicate_of) {
            (Some(l), Some(_)) => (l, Msg::DuplicateRow { label: l.slice(text).to_owned() }),
            (Some(l), None) => (l, Msg::UnknownRow { table: table.kind, format: table.format, label: l.slice(text).to_owned() }),
            (None, _) => (values.unwrap_or(table.range), Msg::ValuesWithoutLabel { table: table.kind, count: u.values.len() }),
        };
        out.push(Diagnostic::new(Code::UnknownRow, Severity::Warning, range, msg).with_data(json!({ "table": table_name })));
    }
}
