//! Fixture builders shared by the focused tests: a complete report built from the catalog, and what
//! a user sees of one diagnostic code.

#![allow(dead_code)]

use nianbao_core::catalog::{table_spec, Format, RowKind, TableKind, SECTIONS};
use nianbao_core::{analyze, Lang, ParseOptions};

/// A complete, consistent report of `format` for `year`, every value 0, one row per line.
pub fn report(year: i32, format: Format) -> String {
    let mut s = format!("某某局{year}年政府信息公开工作年度报告\n");
    for sec in &SECTIONS {
        s.push_str(&sec.heading());
        s.push('\n');
        match sec.table {
            None => s.push_str(&narrative(sec.id.0, year)),
            Some(TableKind::T4) => {
                let spec = table_spec(TableKind::T4, format);
                let cols = spec.rows[0].columns();
                s.push_str("行政复议 | 行政诉讼 |\n");
                s.push_str(&cols.iter().map(|c| c.label).collect::<Vec<_>>().join(" | "));
                s.push('\n');
                s.push_str(&vec!["0"; cols.len()].join(" | "));
                s.push_str(" |\n");
            }
            Some(kind) => {
                for row in table_spec(kind, format).rows {
                    match row.kind {
                        RowKind::Block(cols) => {
                            s.push_str(&format!("{} |\n信息内容 | ", row.label));
                            s.push_str(
                                &cols.iter().map(|c| c.label).collect::<Vec<_>>().join(" | "),
                            );
                            s.push_str(" |\n");
                        }
                        RowKind::Group => s.push_str(&format!("{} |\n", row.label)),
                        RowKind::Data(cols) => {
                            s.push_str(row.label);
                            for _ in cols {
                                s.push_str(" | 0");
                            }
                            s.push_str(" |\n");
                        }
                    }
                }
            }
        }
    }
    s
}

/// The narrative of a section without a table: what a complete report says there.
pub fn narrative(section: u8, year: i32) -> String {
    match section {
        1 => format!("{year}年，本机关围绕主动公开、依申请公开、政府信息管理、平台建设和监督保障等方面推进政府信息公开工作。\n"),
        5 => "主要问题是公开内容还不够全面，政策解读形式单一。下一步将加强培训，完善审核机制，提升公开质量。\n".to_owned(),
        _ => format!("{year}年，本机关未收取信息处理费，无其他需要报告的事项。\n"),
    }
}

/// Replaces the values of the row whose line starts with `label`.
pub fn set_row(text: &str, label: &str, values: &[&str]) -> String {
    let mut done = false;
    let out: Vec<String> = text
        .lines()
        .map(|line| {
            if !done && line.starts_with(label) && line[label.len()..].starts_with(" |") {
                done = true;
                let mut l = label.to_owned();
                for v in values {
                    l.push_str(&format!(" | {v}"));
                }
                l.push_str(" |");
                l
            } else {
                line.to_owned()
            }
        })
        .collect();
    assert!(done, "no row {label}");
    out.join("\n") + "\n"
}

/// What the user sees for one code: the underlined text and the message, one per line.
pub fn seen(text: &str, code: &str) -> Vec<String> {
    let a = analyze(text, &ParseOptions::default());
    a.diagnostics
        .iter()
        .filter(|d| d.code.as_str() == code)
        .map(|d| format!("[{}] {}", d.range.slice(text), d.message(Lang::Zh)))
        .collect()
}

/// Every error and warning as the user sees it: the code, the underlined text and the message.
pub fn problems(text: &str) -> Vec<String> {
    analyze(text, &ParseOptions::default())
        .diagnostics
        .iter()
        .filter(|d| d.severity <= nianbao_core::Severity::Warning)
        .map(|d| {
            format!(
                "{} [{}] {}",
                d.code.as_str(),
                d.range.slice(text),
                d.message(Lang::Zh)
            )
        })
        .collect()
}

/// The text `nianbao fix` makes of `text`: its safe fixes applied.
pub fn fixed(text: &str) -> String {
    let a = analyze(text, &ParseOptions::default());
    let edits: Vec<_> = nianbao_core::features::fix::safe_edits(&a)
        .into_iter()
        .map(|s| s.edit)
        .collect();
    nianbao_core::features::actions::apply(text, &edits).expect("safe edits apply")
}

pub fn all_codes(text: &str) -> Vec<String> {
    analyze(text, &ParseOptions::default())
        .diagnostics
        .iter()
        .map(|d| d.code.as_str().to_owned())
        .collect()
}

/// The char boundary at or before `i` (clamped to the text).
pub fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Applies a random edit — where (a fraction of the text), how many chars to delete, what to insert
/// — and returns the new text and the change.
pub fn apply_edit(
    text: &str,
    at: f64,
    delete: usize,
    insert: &str,
) -> (String, nianbao_core::Change) {
    let start = floor_boundary(text, (at * text.len() as f64) as usize);
    let end = text[start..]
        .char_indices()
        .nth(delete)
        .map_or(text.len(), |(i, _)| start + i);
    let new = format!("{}{}{}", &text[..start], insert, &text[end..]);
    (
        new,
        nianbao_core::Change {
            start,
            old_end: end,
            new_end: start + insert.len(),
        },
    )
}
