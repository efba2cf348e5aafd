//! The years a report states about itself: the title's year, the statistics period and the year the
//! overview reports on must agree; dates must be well formed (`自20231月1日` is not).

use serde_json::json;

use super::prose;
use crate::catalog::SectionId;
use crate::diagnostic::{Code, Diagnostic, Edit, Severity};
use crate::messages::{FixKind, Msg};
use crate::model::{Report, YearSource};
use crate::text::TextRange;

pub fn check(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    malformed_dates(text, report, out);
    let Some(title) = report.year.filter(|y| y.source == YearSource::Title) else { return };
    // The statistics period of the preamble: 统计期(限)自XXXX年1月1日起至XXXX年12月31日止.
    for region in prose::section_narrative(text, report, None) {
        let s = region.slice(text);
        let Some(at) = s.find("统计期") else { continue };
        let window_end = s[at..].char_indices().nth(60).map_or(s.len(), |(i, _)| at + i);
        for (off, year) in years(&s[at..window_end]) {
            if year != title.value {
                let range = TextRange::new(region.start + at + off, region.start + at + off + 4);
                out.push(mismatch(range, "统计期限中的年份", year, title.value));
            }
        }
    }
    // The year the overview reports on: its first "XXXX年，".
    for region in prose::section_narrative(text, report, Some(SectionId(1))) {
        let s = region.slice(text);
        let first = years(s).into_iter().find(|(off, _)| {
            let after = &s[off + 4 + "年".len()..];
            after.starts_with(['，', ',']) || after.starts_with("度，") || after.starts_with("度,") || after.starts_with("以来")
        });
        if let Some((off, year)) = first {
            if year != title.value {
                let range = TextRange::new(region.start + off, region.start + off + 4);
                out.push(mismatch(range, "第一部分所述年度", year, title.value));
            }
            break;
        }
    }
}

fn mismatch(range: TextRange, what: &'static str, written: i32, title: i32) -> Diagnostic {
    Diagnostic::new(Code::YearMismatch, Severity::Warning, range, Msg::YearMismatch { what, written, title })
        .with_data(json!({ "expected": title, "actual": written }))
        .with_fix(FixKind::ReplaceValue { value: title.to_string() }, vec![Edit { range, new_text: title.to_string() }])
}

/// Every `XXXX年` of a plausible year: its byte offset and value.
fn years(s: &str) -> Vec<(usize, i32)> {
    let b = s.as_bytes();
    s.match_indices('年')
        .filter_map(|(at, _)| {
            if at < 4 || !b[at - 4..at].iter().all(u8::is_ascii_digit) || (at > 4 && b[at - 5].is_ascii_digit()) {
                return None;
            }
            let y: i32 = s[at - 4..at].parse().ok()?;
            (2000..=2100).contains(&y).then_some((at - 4, y))
        })
        .collect()
}

/// `20231月1日`: a year run into its month with no 年; `2023年13月`: a month that does not exist.
fn malformed_dates(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    for region in prose::narrative(report, TextRange::new(0, text.len())) {
        let s = region.slice(text);
        let b = s.as_bytes();
        for (at, _) in s.match_indices('月') {
            let digits = b[..at].iter().rev().take_while(|c| c.is_ascii_digit()).count();
            let start = at - digits;
            if start > 0 && b[start - 1].is_ascii_digit() {
                continue;
            }
            let run = &s[start..at];
            let bad = match digits {
                5 | 6 => run[..4].parse::<i32>().is_ok_and(|y| (2000..=2100).contains(&y)),
                1 | 2 => {
                    let month: u32 = run.parse().unwrap_or(0);
                    let after_year = s[..start].ends_with('年') && s[..start].len() >= 7 && b[start - 7..start - 3].iter().all(u8::is_ascii_digit);
                    after_year && !(1..=12).contains(&month)
                }
                _ => false,
            };
            if bad {
                let head = if digits <= 2 { start.saturating_sub(7) } else { start };
                let end = s[at..].find('日').map_or(at + '月'.len_utf8(), |d| if d <= 9 { at + d + '日'.len_utf8() } else { at + '月'.len_utf8() });
                let range = TextRange::new(region.start + head, region.start + end);
                if !text.is_char_boundary(range.start) {
                    continue;
                }
                out.push(
                    Diagnostic::new(Code::YearMismatch, Severity::Warning, range, Msg::MalformedDate { written: range.slice(text).to_owned() })
                        .with_data(json!({})),
                );
            }
        }
    }
}
