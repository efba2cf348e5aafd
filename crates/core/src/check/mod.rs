//! Report model → diagnostics. Each submodule owns one family of checks; none looks at anything but
//! the model and the text.

pub mod arithmetic;
mod cells;
pub mod localise;
mod narrative;
mod sections;
mod statements;
mod structure;
mod years;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::messages::{Msg, Name};
use crate::model::{Report, Row, Table};

/// Runs every check on a parsed report. A text that is not a report gets nothing.
pub fn check(text: &str, report: &Report) -> Vec<Diagnostic> {
    if !report.is_report {
        return Vec::new();
    }
    let mut out = Vec::new();
    sections::check(text, report, &mut out);
    structure::check(text, report, &mut out);
    cells::check(text, report, &mut out);
    arithmetic::check(report, &mut out);
    narrative::check(text, report, &mut out);
    statements::check(text, report, &mut out);
    years::check(text, report, &mut out);
    out.sort_by_key(|d| (d.range.start, d.range.end, d.code));
    cap(&mut out);
    out
}

/// How many diagnostics of one code a report lists one by one: a pasted run of thousands of junk
/// rows gets the first ones and a count of the rest, not a list no one can read (or an editor can
/// show).
pub const MAX_SAME: usize = 200;

/// Keeps the first [`MAX_SAME`] diagnostics of each code and replaces the rest by one note, where
/// the first one left out stands.
fn cap(out: &mut Vec<Diagnostic>) {
    let note = |d: &Diagnostic| matches!(d.msg, Msg::MoreOfTheSame { .. });
    let mut counts = [0usize; Code::ALL.len()];
    for d in out.iter().filter(|d| !note(d)) {
        counts[d.code as usize] += 1;
    }
    if counts.iter().all(|&n| n <= MAX_SAME) {
        return;
    }
    let mut seen = [0usize; Code::ALL.len()];
    let mut kept = Vec::with_capacity(out.len().min(MAX_SAME * Code::ALL.len()));
    for d in out.drain(..) {
        if note(&d) {
            kept.push(d);
            continue;
        }
        let k = d.code as usize;
        seen[k] += 1;
        if seen[k] <= MAX_SAME {
            kept.push(d);
        } else if seen[k] == MAX_SAME + 1 {
            let more = counts[k] - MAX_SAME;
            kept.push(
                Diagnostic::new(
                    d.code,
                    Severity::Information,
                    d.range,
                    Msg::MoreOfTheSame {
                        code: d.code.as_str(),
                        more,
                    },
                )
                .with_data(serde_json::json!({ "more": more })),
            );
        }
    }
    *out = kept;
}

/// The name of a cell in messages: "（七）总计·自然人", "行政复议·总计", "规章·本年制发件数".
pub fn cell_name(table: &Table, row: &Row, col: usize) -> Name {
    crate::messages::cell_of(table.kind, table.row_spec(row), col)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextRange;

    #[test]
    fn past_the_cap_one_note_stands_for_the_rest_of_a_code() {
        let empty = |i: usize| {
            Diagnostic::new(
                Code::EmptyCell,
                Severity::Warning,
                TextRange::new(i, i + 1),
                Msg::EmptyRow { row: "x".into() },
            )
        };
        let mut out: Vec<Diagnostic> = (0..MAX_SAME + 50).map(empty).collect();
        out.push(Diagnostic::new(
            Code::RowTotal,
            Severity::Error,
            TextRange::new(9999, 10000),
            Msg::EmptyRow { row: "y".into() },
        ));
        cap(&mut out);
        assert_eq!(out.len(), MAX_SAME + 2);
        let note = &out[MAX_SAME];
        assert_eq!(
            (note.code, note.severity, note.range.start),
            (Code::EmptyCell, Severity::Information, MAX_SAME)
        );
        assert_eq!(
            note.message(crate::Lang::Zh),
            "此后另有 50 处同类问题（empty-cell）未逐一列出"
        );
        assert_eq!(out[MAX_SAME + 1].code, Code::RowTotal);
    }
}
