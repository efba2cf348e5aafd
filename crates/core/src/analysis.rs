//! The one entry point every front end calls: text in, report model and diagnostics out. A text that
//! holds several units' reports (a 汇总) is analysed report by report (see [`parse::units`]).

use crate::check;
use crate::diagnostic::Diagnostic;
use crate::model::Report;
use crate::parse::units::{unit_parsed, unit_spans};
use crate::parse::{self, ParseOptions};
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

/// Parses and checks a text. Traditional characters are read as their simplified forms (see
/// [`to_simplified`]: the offsets stay those of `text`).
pub fn analyze(text: &str, opts: &ParseOptions) -> Analysis {
    let text = to_simplified(text);
    analyze_parsed(&text, &parse::parse_parts(&text), opts)
}

/// Checks a text already cut into parsed parts (see [`parse::reparse`] for the incremental path). The
/// text is read as it is: a front end that parses it itself folds it first, as [`analyze`] does.
pub fn analyze_parsed(text: &str, parsed: &parse::Parsed, opts: &ParseOptions) -> Analysis {
    let spans = unit_spans(parsed);
    if spans.len() <= 1 {
        return analyze_unit(text, parsed, opts);
    }
    let units = spans.iter().map(|span| {
        let own = text.get(span.range.start..span.range.end).unwrap_or("");
        (
            span.range.start,
            analyze_unit(own, &unit_parsed(text, parsed, span), opts),
        )
    });
    merge(units)
}

/// Parses and checks one unit's report, as a text of its own.
pub fn analyze_unit(text: &str, parsed: &parse::Parsed, opts: &ParseOptions) -> Analysis {
    let report = parse::assemble(text, parsed, opts);
    let diagnostics = check::check(text, &report);
    Analysis {
        report,
        diagnostics,
        units: vec![TextRange::new(0, text.len())],
    }
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
