//! Checks of the six sections: missing, out of order, repeated, and heading wording.

use serde_json::json;

use crate::catalog::{SectionId, SECTIONS};
use crate::diagnostic::{Code, Diagnostic, Edit, Severity};
use crate::messages::{FixKind, Msg};
use crate::model::{HeadingNumbering, HeadingWording, Report};
use crate::text::TextRange;

pub fn check(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<SectionId> = Vec::new();
    let mut firsts: Vec<usize> = Vec::new();
    for (i, s) in report.sections.iter().enumerate() {
        let spec = s.id.spec();
        let canonical = spec.heading();
        let written = s.heading.slice(text).to_owned();
        if seen.contains(&s.id) {
            out.push(
                Diagnostic::new(
                    Code::DuplicateSection,
                    Severity::Error,
                    s.heading,
                    Msg::DuplicateSection {
                        heading: canonical.clone(),
                    },
                )
                .with_data(json!({ "section": s.id.0 })),
            );
            continue;
        }
        seen.push(s.id);
        firsts.push(i);
        match s.wording {
            HeadingWording::Canonical => {}
            HeadingWording::OfficialVariant => out.push(
                Diagnostic::new(
                    Code::HeadingVariant,
                    Severity::Information,
                    s.title,
                    Msg::HeadingOfficialVariant {
                        written: written.clone(),
                        canonical: canonical.clone(),
                    },
                )
                .with_data(json!({ "canonical": spec.title }))
                .with_fix(
                    FixKind::ReplaceLabel {
                        canonical: spec.title.to_owned(),
                    },
                    vec![Edit {
                        range: s.title,
                        new_text: spec.title.to_owned(),
                    }],
                ),
            ),
            HeadingWording::Reworded => out.push(
                Diagnostic::new(
                    Code::HeadingVariant,
                    Severity::Information,
                    s.title,
                    Msg::HeadingReworded {
                        written: written.clone(),
                        canonical: canonical.clone(),
                    },
                )
                .with_data(json!({ "canonical": spec.title }))
                .with_fix(
                    FixKind::ReplaceLabel {
                        canonical: spec.title.to_owned(),
                    },
                    vec![Edit {
                        range: s.title,
                        new_text: spec.title.to_owned(),
                    }],
                ),
            ),
            HeadingWording::Typo(_) => out.push(
                Diagnostic::new(
                    Code::HeadingVariant,
                    Severity::Warning,
                    s.title,
                    Msg::HeadingTypo {
                        written: written.clone(),
                        canonical: canonical.clone(),
                    },
                )
                .with_data(json!({ "canonical": spec.title }))
                .with_fix(
                    FixKind::ReplaceLabel {
                        canonical: spec.title.to_owned(),
                    },
                    vec![Edit {
                        range: s.title,
                        new_text: spec.title.to_owned(),
                    }],
                ),
            ),
        }
        let numeral_ok = s.numeral == Some(s.id.0);
        if numeral_ok && s.numbering != HeadingNumbering::Format {
            // The right numeral written another way (第一部分, 一., （一）): the format's 一、 in its place.
            if let Some(r) = s.numeral_range {
                let numeral = format!("{}、", spec.numeral);
                out.push(
                    Diagnostic::new(
                        Code::HeadingVariant,
                        Severity::Information,
                        r,
                        Msg::HeadingNumbering {
                            written,
                            canonical: canonical.clone(),
                        },
                    )
                    .with_data(json!({ "canonical": numeral }))
                    .with_fix(
                        FixKind::ReplaceLabel {
                            canonical: numeral.clone(),
                        },
                        vec![Edit {
                            range: r,
                            new_text: numeral,
                        }],
                    ),
                );
            }
        } else if !numeral_ok {
            let numeral = format!("{}、", spec.numeral);
            let (range, kind, edit) = match s.numeral_range {
                Some(r) => (
                    r,
                    FixKind::ReplaceLabel {
                        canonical: numeral.clone(),
                    },
                    Edit {
                        range: r,
                        new_text: numeral.clone(),
                    },
                ),
                None => (
                    s.heading,
                    FixKind::InsertText {
                        text: numeral.clone(),
                    },
                    Edit {
                        range: TextRange::empty(s.heading.start),
                        new_text: numeral.clone(),
                    },
                ),
            };
            out.push(
                Diagnostic::new(
                    Code::HeadingVariant,
                    Severity::Warning,
                    range,
                    Msg::HeadingNumeral {
                        written,
                        canonical: canonical.clone(),
                    },
                )
                .with_data(json!({ "canonical": numeral }))
                .with_fix(kind, vec![edit]),
            );
        }
    }
    order(report, &firsts, out);
    for spec in &SECTIONS {
        if seen.contains(&spec.id) {
            continue;
        }
        let heading = spec.heading();
        // The heading belongs before the first later section; at the end when there is none.
        let next = report.sections.iter().find(|s| s.id > spec.id);
        let (range, at, insert) = match next {
            Some(n) => {
                let line_start = line_start(text, n.heading.start);
                (n.heading, line_start, format!("{heading}\n"))
            }
            None => match own_content(text, report, spec.id) {
                // Section 六's own words are recognisable (信息处理费, 其他需要报告): its heading goes before
                // them.
                Some(line) => (line, line.start, format!("{heading}\n")),
                None => {
                    let last = last_line(text);
                    let sep = if text.ends_with('\n') || text.is_empty() {
                        ""
                    } else {
                        "\n"
                    };
                    (last, text.len(), format!("{sep}{heading}\n"))
                }
            },
        };
        out.push(
            Diagnostic::new(
                Code::MissingSection,
                Severity::Error,
                range,
                Msg::MissingSection {
                    heading: heading.clone(),
                },
            )
            .with_data(json!({ "section": spec.id.0, "heading": heading }))
            .with_fix(
                FixKind::InsertHeading { heading },
                vec![Edit {
                    range: TextRange::empty(at),
                    new_text: insert,
                }],
            ),
        );
    }
}

/// The first line, after the last heading, that says what only section 六 says: where its missing
/// heading belongs.
fn own_content(text: &str, report: &Report, id: SectionId) -> Option<TextRange> {
    if id != SectionId(6) {
        return None;
    }
    let from = report.sections.iter().map(|s| s.heading.end).max()?;
    let end_of_tables = report
        .tables
        .iter()
        .map(|t| t.range.end)
        .filter(|&e| e > from)
        .max()
        .unwrap_or(from);
    let mut offset = end_of_tables;
    for line in text[end_of_tables..].split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if trimmed.contains("信息处理费") || trimmed.contains("其他需要报告") {
            let start = line_start(text, offset + line.len() - line.trim_start().len());
            return Some(TextRange::new(start, offset + trimmed.len()));
        }
        offset += line.len();
    }
    None
}

pub fn line_start(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1)
}

/// The last line of the text that has something on it.
fn last_line(text: &str) -> TextRange {
    let trimmed = text.trim_end();
    let start = line_start(text, trimmed.len());
    TextRange::new(start, trimmed.len())
}

/// Flags the headings that stand out of order: those outside the longest run of headings that are
/// in order, so that one moved section is one diagnostic.
fn order(report: &Report, firsts: &[usize], out: &mut Vec<Diagnostic>) {
    let ids: Vec<u8> = firsts.iter().map(|&i| report.sections[i].id.0).collect();
    let keep = longest_increasing(&ids);
    let kept: Vec<u8> = keep.iter().map(|&k| ids[k]).collect();
    for (k, &i) in firsts.iter().enumerate() {
        if keep.contains(&k) {
            continue;
        }
        let s = &report.sections[i];
        let (anchor, after) = match kept.iter().filter(|&&id| id < s.id.0).max() {
            Some(&prev) => (prev, true),
            None => (
                kept.iter()
                    .copied()
                    .filter(|&id| id > s.id.0)
                    .min()
                    .unwrap_or(s.id.0),
                false,
            ),
        };
        out.push(
            Diagnostic::new(
                Code::SectionOrder,
                Severity::Error,
                s.heading,
                Msg::SectionOrder {
                    heading: s.id.spec().heading(),
                    anchor: SectionId(anchor).spec().heading(),
                    after,
                },
            )
            .with_data(json!({ "section": s.id.0, "anchor": anchor, "after": after })),
        );
    }
}

/// Indices of one longest strictly increasing subsequence.
fn longest_increasing(v: &[u8]) -> Vec<usize> {
    let n = v.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if v[j] < v[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let Some(mut at) = (0..n).max_by_key(|&i| (len[i], std::cmp::Reverse(i))) else {
        return Vec::new();
    };
    let mut out = vec![at];
    while prev[at] != usize::MAX {
        at = prev[at];
        out.push(at);
    }
    out.reverse();
    out
}
