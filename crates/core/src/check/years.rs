//! The years a report states about itself: the title's year, the statistics period and the year the
//! overview reports on must agree; dates must be well formed (`自20231月1日` is not).

use serde_json::json;

use crate::catalog::SectionId;
use crate::diagnostic::{Code, Diagnostic, Edit, Severity};
use crate::messages::{FixKind, Msg, StatedYear};
use crate::model::{Report, YearSource};
use crate::text::TextRange;

pub fn check(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    malformed_dates(text, report, out);
    let Some(title) = report.year.filter(|y| y.source == YearSource::Title) else {
        return;
    };
    for n in report.narrative_of(None) {
        for &(range, year) in &n.narrative.period_years {
            if year != title.value {
                out.push(mismatch(n.at(range), StatedYear::Period, year, title.value));
            }
        }
    }
    let first = report
        .narrative_of(Some(SectionId(1)))
        .find_map(|n| n.narrative.first_year.map(|(r, y)| (n.at(r), y)));
    if let Some((range, year)) = first {
        if year != title.value {
            out.push(mismatch(range, StatedYear::Overview, year, title.value));
        }
    }
}

fn mismatch(range: TextRange, what: StatedYear, written: i32, title: i32) -> Diagnostic {
    Diagnostic::new(
        Code::YearMismatch,
        Severity::Warning,
        range,
        Msg::YearMismatch {
            what,
            written,
            title,
        },
    )
    .with_data(json!({ "expected": title, "actual": written }))
    .with_fix(
        FixKind::ReplaceValue {
            value: title.to_string(),
        },
        vec![Edit {
            range,
            new_text: title.to_string(),
        }],
    )
}

/// `20231月1日`: a year run into its month with no 年; `2023年13月`: a month that does not exist.
fn malformed_dates(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    for n in &report.narrative {
        for &range in &n.narrative.bad_dates {
            let range = n.at(range);
            out.push(
                Diagnostic::new(
                    Code::YearMismatch,
                    Severity::Warning,
                    range,
                    Msg::MalformedDate {
                        written: range.slice(text).to_owned(),
                    },
                )
                .with_data(json!({})),
            );
        }
    }
}
