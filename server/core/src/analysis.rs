//! The one entry point every front end calls: text in, report model and diagnostics out.

use crate::check;
use crate::diagnostic::Diagnostic;
use crate::model::Report;
use crate::parse::{self, ParseOptions};

/// What analysing one text produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub report: Report,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and checks a text.
pub fn analyze(text: &str, opts: &ParseOptions) -> Analysis {
    analyze_parsed(text, &parse::parse_parts(text), opts)
}

/// Checks a text already cut into parsed parts (see [`parse::reparse`] for the incremental path).
pub fn analyze_parsed(text: &str, parsed: &parse::Parsed, opts: &ParseOptions) -> Analysis {
    let report = parse::assemble(text, parsed, opts);
    let diagnostics = check::check(text, &report);
    Analysis { report, diagnostics }
}
