//! What analysing a text produces, and the entry point for a text checked once: text in, report
//! model and diagnostics out. A text that holds several units' reports (a 汇总) is analysed report by
//! report (see [`parse::units`]) by the engine (see [`crate::document`]).

use crate::diagnostic::Diagnostic;
use crate::model::Report;
use crate::parse::{self, ParseOptions};
use crate::settings::Settings;
use crate::text::{to_simplified, TextRange};

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

/// Parses and checks a text once (a [`crate::document::Document`] is what keeps a text's analysis
/// for its next version). Traditional characters are read as their simplified forms (see
/// [`to_simplified`]: the offsets stay those of `text`).
pub fn analyze(text: &str, opts: &ParseOptions) -> Analysis {
    let text = to_simplified(text);
    let settings = Settings {
        default_year: opts.default_year,
        default_format: opts.default_format,
        ..Settings::default()
    };
    crate::document::check_once(&text, &settings)
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
