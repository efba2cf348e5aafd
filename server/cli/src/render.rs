//! Output of `nianbao check`: the human form (source line with the range underlined, aligned under
//! Chinese text) and the JSON form (LSP-shaped diagnostics, UTF-16 columns).

use std::io::Write;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::Ansi, termcolor::NoColor};
use nianbao_core::text::{LineIndex, PositionEncoding};
use nianbao_core::{Analysis, Lang, Severity};
use serde_json::json;

/// One checked file.
pub struct FileResult {
    pub path: PathBuf,
    pub text: String,
    /// The encoding the file was decoded from, e.g. "GB18030".
    pub encoding: &'static str,
    pub analysis: Analysis,
}

/// Counts for the summary line.
#[derive(Debug, Default)]
pub struct Totals {
    pub files: usize,
    pub not_reports: usize,
    pub unreadable: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Totals {
    /// Adds the counts of `other` (one file's, counted on the worker that checked it).
    pub fn merge(&mut self, other: &Totals) {
        self.files += other.files;
        self.not_reports += other.not_reports;
        self.unreadable += other.unreadable;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }

    pub fn add(&mut self, f: &FileResult) {
        self.files += 1;
        if !f.analysis.report.is_report {
            self.not_reports += 1;
        }
        for d in &f.analysis.diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Information | Severity::Hint => self.infos += 1,
            }
        }
    }
}

/// Writes one file's diagnostics with the source lines underlined.
pub fn human(out: &mut impl Write, f: &FileResult, lang: Lang, color: bool) {
    let name = f.path.display().to_string();
    let file = SimpleFile::new(name, f.text.as_str());
    let config = term::Config::default();
    for d in &f.analysis.diagnostics {
        let severity = match d.severity {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
            Severity::Information => CsSeverity::Note,
            Severity::Hint => CsSeverity::Help,
        };
        let mut notes = Vec::new();
        if let Some(fix) = d.fixes.first() {
            notes.push(match lang {
                Lang::Zh => format!("建议：{}", fix.title(lang)),
                Lang::En => format!("fix: {}", fix.title(lang)),
            });
        }
        let cs = CsDiagnostic::new(severity)
            .with_code(d.code.as_str())
            .with_message(d.message(lang))
            .with_labels(vec![Label::primary((), d.range.start..d.range.end)])
            .with_notes(notes);
        let result = if color {
            term::emit_to_write_style(&mut Ansi::new(&mut *out), &config, &file, &cs)
        } else {
            term::emit_to_write_style(&mut NoColor::new(&mut *out), &config, &file, &cs)
        };
        if let Err(e) = result {
            let _ = writeln!(out, "{}: {e}", f.path.display());
        }
    }
}

/// The summary line after the human output.
pub fn summary(out: &mut impl Write, t: &Totals, lang: Lang) {
    let line = match lang {
        Lang::Zh => {
            let mut s = format!("共检查 {} 个文件：{} 个错误，{} 个警告，{} 条提示", t.files + t.unreadable, t.errors, t.warnings, t.infos);
            if t.not_reports > 0 {
                s.push_str(&format!("；{} 个文件不是年度报告，未检查", t.not_reports));
            }
            if t.unreadable > 0 {
                s.push_str(&format!("；{} 个文件无法读取", t.unreadable));
            }
            s
        }
        Lang::En => {
            let mut s = format!(
                "checked {} file(s): {} error(s), {} warning(s), {} info",
                t.files + t.unreadable,
                t.errors,
                t.warnings,
                t.infos
            );
            if t.not_reports > 0 {
                s.push_str(&format!("; {} file(s) are not annual reports and were skipped", t.not_reports));
            }
            if t.unreadable > 0 {
                s.push_str(&format!("; {} file(s) could not be read", t.unreadable));
            }
            s
        }
    };
    let _ = writeln!(out, "{line}");
}

/// The JSON of one diagnostic: an LSP diagnostic with 0-based lines and UTF-16 characters, its fixes
/// in `data.fixes`.
fn diagnostic_json(d: &nianbao_core::Diagnostic, pos: &dyn Fn(usize) -> serde_json::Value, lang: Lang) -> serde_json::Value {
    let mut data = match &d.data {
        serde_json::Value::Object(m) => m.clone(),
        _ => serde_json::Map::new(),
    };
    if !d.fixes.is_empty() {
        let fixes: Vec<serde_json::Value> = d
            .fixes
            .iter()
            .map(|fix| {
                json!({
                    "title": fix.title(lang),
                    "edits": fix.edits.iter().map(|e| json!({
                        "range": { "start": pos(e.range.start), "end": pos(e.range.end) },
                        "newText": e.new_text,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        data.insert("fixes".into(), serde_json::Value::Array(fixes));
    }
    json!({
        "range": { "start": pos(d.range.start), "end": pos(d.range.end) },
        "severity": d.severity as u8,
        "code": d.code.as_str(),
        "source": "nianbao",
        "message": d.message(lang),
        "data": data,
    })
}

/// Writes the JSON object of one file (keys in the order `serde_json` sorts them). The diagnostics are
/// written one at a time, so that a file with millions of them does not need their JSON in memory at
/// once.
pub fn json_file(out: &mut impl Write, f: &FileResult, lang: Lang) {
    let index = LineIndex::new(&f.text);
    let pos = |offset: usize| {
        let lc = index.to_line_col(&f.text, offset, PositionEncoding::Utf16);
        json!({ "line": lc.line, "character": lc.col })
    };
    let report = &f.analysis.report;
    let _ = write!(out, "{{\"diagnostics\":[");
    for (i, d) in f.analysis.diagnostics.iter().enumerate() {
        if i > 0 {
            let _ = write!(out, ",");
        }
        let _ = serde_json::to_writer(&mut *out, &diagnostic_json(d, &pos, lang));
    }
    let rest = json!({
        "encoding": f.encoding,
        "format": report.format.map(|f| f.name()),
        "isReport": report.is_report,
        "path": f.path.display().to_string(),
        "year": report.year.map(|y| y.value),
    });
    // The other keys, as one object whose opening brace is left out.
    let rest = rest.to_string();
    let _ = write!(out, "],{}", &rest[1..]);
}

pub fn json_error(out: &mut impl Write, path: &Path, message: &str) {
    let v = json!({
        "path": path.display().to_string(),
        "encoding": null,
        "isReport": false,
        "year": null,
        "format": null,
        "error": message,
        "diagnostics": [],
    });
    let _ = serde_json::to_writer(&mut *out, &v);
}
