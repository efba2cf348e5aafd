//! Checks of the six sections: missing, out of order, repeated, and heading wording.

use serde_json::json;

use crate::catalog::{SectionId, SECTIONS};
use crate::diagnostic::{Code, Diagnostic, Edit, Severity};
use crate::messages::{FixKind, Msg};
use crate::model::{HeadingWording, Report};
use crate::text::TextRange;

pub fn check(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<SectionId> = Vec::new();
    let mut max_before: Option<SectionId> = None;
    for s in &report.sections {
        let spec = s.id.spec();
        let canonical = spec.heading();
        let written = s.heading.slice(text).to_owned();
        if seen.contains(&s.id) {
            out.push(
                Diagnostic::new(Code::DuplicateSection, Severity::Error, s.heading, Msg::DuplicateSection { heading: canonical.clone() })
                    .with_data(json!({ "section": s.id.0 })),
            );
            continue;
        }
        seen.push(s.id);
        if let Some(prev) = max_before.filter(|p| *p > s.id) {
            out.push(
                Diagnostic::new(
                    Code::SectionOrder,
                    Severity::Error,
                    s.heading,
                    Msg::SectionOrder { heading: canonical.clone(), before: prev.spec().heading() },
                )
                .with_data(json!({ "section": s.id.0, "after": prev.0 })),
            );
        }
        max_before = max_before.max(Some(s.id));
        match s.wording {
            HeadingWording::Canonical => {}
            HeadingWording::OfficialVariant => out.push(
                Diagnostic::new(
                    Code::HeadingVariant,
                    Severity::Information,
                    s.title,
                    Msg::HeadingOfficialVariant { written: written.clone(), canonical: canonical.clone() },
                )
                .with_data(json!({ "canonical": spec.title }))
                .with_fix(FixKind::ReplaceLabel { canonical: spec.title.to_owned() }, vec![Edit { range: s.title, new_text: spec.title.to_owned() }]),
            ),
            HeadingWording::Typo(_) => out.push(
                Diagnostic::new(Code::HeadingVariant, Severity::Warning, s.title, Msg::HeadingTypo { written: written.clone(), canonical: canonical.clone() })
                    .with_data(json!({ "canonical": spec.title }))
                    .with_fix(FixKind::ReplaceLabel { canonical: spec.title.to_owned() }, vec![Edit { range: s.title, new_text: spec.title.to_owned() }]),
            ),
        }
        let numeral_ok = s.numeral == Some(s.id.0);
        if !numeral_ok {
            let (range, edit) = match s.numeral_range {
                Some(r) => (r, Edit { range: r, new_text: format!("{}、", spec.numeral) }),
                None => (s.heading, Edit { range: TextRange::empty(s.heading.start), new_text: format!("{}、", spec.numeral) }),
            };
            out.push(
                Diagnostic::new(Code::HeadingVariant, Severity::Warning, range, Msg::HeadingNumeral { written, canonical: canonical.clone() })
                    .with_data(json!({ "canonical": format!("{}、", spec.numeral) }))
                    .with_fix(FixKind::ReplaceLabel { canonical: format!("{}、", spec.numeral) }, vec![edit]),
            );
        }
    }
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
            None => {
                let last = last_line(text);
                let sep = if text.ends_with('\n') || text.is_empty() { "" } else { "\n" };
                (last, text.len(), format!("{sep}{heading}\n"))
            }
        };
        out.push(
            Diagnostic::new(Code::MissingSection, Severity::Error, range, Msg::MissingSection { heading: heading.clone() })
                .with_data(json!({ "section": spec.id.0, "heading": heading }))
                .with_fix(FixKind::InsertHeading { heading }, vec![Edit { range: TextRange::empty(at), new_text: insert }]),
        );
    }
}

pub fn line_start(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// The last line of the text that has something on it.
fn last_line(text: &str) -> TextRange {
    let trimmed = text.trim_end();
    let start = line_start(text, trimmed.len());
    TextRange::new(start, trimmed.len())
}
