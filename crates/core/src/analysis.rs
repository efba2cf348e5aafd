//! What analysing a text produces: the report model and its diagnostics, and the snapshot the
//! features read. A text that holds several units' reports (a 汇总) is analysed report by report (see
//! [`parse::units`]) by the engine, [`crate::document`], which also checks a text once (`analyze`).

use crate::diagnostic::Diagnostic;
use crate::messages::Lang;
use crate::model::Report;
use crate::parse::{self, ParseOptions};
use crate::text::TextRange;

/// What analysing one text produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The report; for a 汇总, the first unit's report with the sections and tables of the others
    /// appended (its title, agency and year are the first unit's).
    pub report: Report,
    pub diagnostics: Vec<Diagnostic>,
    /// Where each unit's report stands: one range over the whole text unless it is a 汇总.
    pub units: Vec<TextRange>,
}

/// One version of a text and what the analysis made of it, as the features read it.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot<'a> {
    pub text: &'a str,
    pub analysis: &'a Analysis,
    pub lang: Lang,
}

/// The analysis of a 汇总 from its units' analyses (each with ranges in its own text) and where each
/// unit starts.
pub fn merge(units: impl IntoIterator<Item = (usize, Analysis)>) -> Analysis {
    let mut merged: Option<Analysis> = None;
    for (start, mut a) in units {
        a.report.shift(start);
        a.diagnostics.iter_mut().for_each(|d| d.shift(start));
        let range = a
            .units
            .first()
            .map_or(TextRange::empty(start), |r| r.shifted(start));
        let Some(m) = merged.as_mut() else {
            a.units = vec![range];
            merged = Some(a);
            continue;
        };
        m.report.is_report |= a.report.is_report;
        m.report.sections.append(&mut a.report.sections);
        m.report.tables.append(&mut a.report.tables);
        m.report.chrome.append(&mut a.report.chrome);
        m.report.narrative.append(&mut a.report.narrative);
        m.diagnostics.append(&mut a.diagnostics);
        m.units.push(range);
    }
    merged.unwrap_or_else(|| Analysis {
        report: parse::assemble("", &parse::Parsed::default(), &ParseOptions::default()),
        diagnostics: Vec::new(),
        units: Vec::new(),
    })
}
