//! Output of `nianbao check`: the human form (source line with the range underlined, aligned under
//! Chinese text) and the JSON form (LSP-shaped diagnostics, UTF-16 columns).

use std::io::Write;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::Ansi, termcolor::NoColor};
use nianbao_core::messages::{DocPlace, Tally, Ui};
use nianbao_core::text::Utf16Positions;
use nianbao_core::{Analysis, Lang, Severity};
use nianbao_documents::{Document, Place};
use serde_json::json;

/// One checked file.
pub struct FileResult {
    pub path: PathBuf,
    /// The file as read: its text (a document's in the canonical layout), encoding and places.
    pub doc: Document,
    pub analysis: Analysis,
}

/// Counts for the summary line.
#[derive(Debug, Default)]
pub struct Totals {
    pub files: usize,
    pub not_reports: usize,
    pub unreadable: usize,
    pub counts: Counts,
    /// The files not checked, with why, in the order met.
    pub not_checked: Vec<(PathBuf, String)>,
}

impl Totals {
    /// Adds the counts of `other` (one file's, counted on the worker that checked it).
    pub fn merge(&mut self, other: &Totals) {
        self.files += other.files;
        self.not_reports += other.not_reports;
        self.unreadable += other.unreadable;
        self.counts.merge(&other.counts);
        self.not_checked.extend(other.not_checked.iter().cloned());
    }

    pub fn add(&mut self, f: &FileResult, lang: Lang) {
        self.files += 1;
        if !f.analysis.report.is_report {
            self.not_reports += 1;
            let reason = match (f.doc.text.trim().is_empty(), f.doc.is_extracted()) {
                (true, false) => Ui::EmptyFile,
                (true, true) => Ui::NoText,
                (false, _) => Ui::NotAReport,
            };
            self.not_checked.push((f.path.clone(), reason.render(lang)));
        }
        self.counts.add(&f.analysis.diagnostics);
    }
}

/// How many diagnostics of each severity, as the summary line states them.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn add(&mut self, diagnostics: &[nianbao_core::Diagnostic]) {
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Information | Severity::Hint => self.infos += 1,
            }
        }
    }

    fn merge(&mut self, other: &Counts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }
}

/// How many related places of a diagnostic are underlined in the source; more are named in a note.
const MAX_RELATED_LABELS: usize = 3;

/// How many related places a note names before it says how many there are in all.
const MAX_RELATED_LISTED: usize = 8;

/// Writes one file's diagnostics with the source lines underlined.
pub fn human(out: &mut impl Write, f: &FileResult, lang: Lang, color: bool) {
    let name = f.path.display().to_string();
    let file = SimpleFile::new(name, f.doc.text.as_str());
    let config = term::Config::default();
    // A flattened file is shown with its line breaks put back; a note gives the place in the file
    // itself.
    let original = f.doc.original().map(|text| {
        Utf16Positions::new(
            text,
            f.analysis
                .diagnostics
                .iter()
                .map(|d| f.doc.to_original(d.range.start)),
        )
    });
    for d in &f.analysis.diagnostics {
        let severity = match d.severity {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
            Severity::Information => CsSeverity::Note,
            Severity::Hint => CsSeverity::Help,
        };
        let mut notes = Vec::new();
        if let Some(positions) = &original {
            let at = positions.get(f.doc.to_original(d.range.start));
            let note = Ui::InFlattenedFile {
                line: at.line as usize + 1,
                col: at.col as usize + 1,
            };
            notes.push(note.render(lang));
        }
        if let Some(place) = place_text(f, d, lang) {
            let note = Ui::InDocument {
                place,
                kind: f.doc.kind.name(),
            };
            notes.push(note.render(lang));
        }
        if let Some(fix) = d.fixes.first() {
            let note = Ui::FixNote {
                title: fix.title(lang),
            };
            notes.push(note.render(lang));
        }
        // The places related to the diagnostic: a few are underlined with their notes; the many
        // blank cells of a table are listed by name in one note.
        let note_of = |r: &(nianbao_core::text::TextRange, String, String)| match lang {
            Lang::Zh => r.1.clone(),
            Lang::En => r.2.clone(),
        };
        let mut labels = vec![Label::primary((), d.range.start..d.range.end)];
        if d.related.len() <= MAX_RELATED_LABELS {
            labels.extend(
                d.related
                    .iter()
                    .map(|r| Label::secondary((), r.0.start..r.0.end).with_message(note_of(r))),
            );
        } else {
            let shown: Vec<String> = d
                .related
                .iter()
                .take(MAX_RELATED_LISTED)
                .map(note_of)
                .collect();
            let note = Ui::Related {
                shown,
                total: d.related.len(),
            };
            notes.push(note.render(lang));
        }
        let cs = CsDiagnostic::new(severity)
            .with_code(d.code.as_str())
            .with_message(d.message(lang))
            .with_labels(labels)
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

/// Where a diagnostic stands in its document (`表三 第14行第7列`, `第2页第5行`), for a file read from a
/// Word document, web page or PDF.
fn place_text(f: &FileResult, d: &nianbao_core::Diagnostic, lang: Lang) -> Option<String> {
    let place = f.doc.place(d.range.start)?;
    let table = f.analysis.report.tables.iter().find(|t| {
        t.range.start <= d.range.start && d.range.start < t.range.end.max(t.range.start + 1)
    });
    let place = match (place, table) {
        (Place::Cell { row, column, .. }, Some(t)) => DocPlace::ReportCell {
            table: t.kind,
            row,
            column,
        },
        (Place::Line { .. }, Some(t)) => DocPlace::InReportTable {
            table: t.kind,
            at: place.describe(lang),
        },
        _ => place.doc_place(),
    };
    Some(place.render(lang))
}

/// The summary line after the human output, and the files not checked, each with why.
pub fn summary(out: &mut impl Write, t: &Totals, lang: Lang) {
    let line = Ui::CheckSummary {
        files: t.files + t.unreadable,
        tally: Tally {
            errors: t.counts.errors,
            warnings: t.counts.warnings,
            infos: t.counts.infos,
            not_reports: t.not_reports,
            unreadable: t.unreadable,
        },
    };
    let _ = writeln!(out, "{}", line.render(lang));
    if !t.not_checked.is_empty() {
        let _ = writeln!(out, "{}", Ui::NotCheckedHeading.render(lang));
        for (path, reason) in &t.not_checked {
            let line = Ui::NotChecked {
                path: path.display().to_string(),
                why: reason.clone(),
            };
            let _ = writeln!(out, "{}", line.render(lang));
        }
    }
}

/// Writes `s` as a JSON string.
fn json_str(out: &mut Vec<u8>, s: &str) {
    // Writing a string into a `Vec` cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

/// The positions of a file's diagnostics in its own text: an offset in the text read is first taken
/// back to the file's text (they differ for a flattened file, read with line breaks put back).
struct Positions<'a> {
    utf16: Utf16Positions,
    doc: &'a Document,
}

/// Writes a position as `{"character":…,"line":…}`: a 0-based line and a UTF-16 column.
fn json_pos(out: &mut Vec<u8>, positions: &Positions, offset: usize) {
    let lc = positions.utf16.get(positions.doc.to_original(offset));
    let _ = write!(out, "{{\"character\":{},\"line\":{}}}", lc.col, lc.line);
}

/// Writes a range as `{"end":…,"start":…}`.
fn json_range(out: &mut Vec<u8>, positions: &Positions, range: nianbao_core::text::TextRange) {
    out.extend_from_slice(b"{\"end\":");
    json_pos(out, positions, range.end);
    out.extend_from_slice(b",\"start\":");
    json_pos(out, positions, range.start);
    out.push(b'}');
}

/// Writes one diagnostic: an LSP diagnostic with 0-based lines and UTF-16 characters, its fixes in
/// `data.fixes`. The keys of every object are written in the sorted order in which `serde_json`
/// writes its maps, so the output is the one a `serde_json::Value` of the diagnostic would give.
fn json_diagnostic(
    out: &mut Vec<u8>,
    f: &FileResult,
    d: &nianbao_core::Diagnostic,
    positions: &Positions,
    lang: Lang,
) {
    let place = f.doc.place(d.range.start);
    let description = place_text(f, d, lang);
    out.extend_from_slice(b"{\"code\":");
    json_str(out, d.code.as_str());
    out.extend_from_slice(b",\"data\":{");
    let mut first = true;
    let mut key = |out: &mut Vec<u8>, k: &str| {
        if !first {
            out.push(b',');
        }
        first = false;
        json_str(out, k);
        out.push(b':');
    };
    let fixes = |out: &mut Vec<u8>| {
        out.push(b'[');
        for (i, fix) in d.fixes.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"edits\":[");
            for (j, e) in fix.edits.iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"newText\":");
                json_str(out, &e.new_text);
                out.extend_from_slice(b",\"range\":");
                json_range(out, positions, e.range);
                out.push(b'}');
            }
            out.extend_from_slice(b"],\"title\":");
            json_str(out, &fix.title(lang));
            out.push(b'}');
        }
        out.push(b']');
    };
    let mut fixes_written = d.fixes.is_empty();
    if let serde_json::Value::Object(data) = &d.data {
        // A map's keys come sorted; `fixes` takes its place among them (and replaces one of that
        // name).
        for (k, v) in data {
            if !fixes_written && k.as_str() >= "fixes" {
                key(out, "fixes");
                fixes(out);
                fixes_written = true;
                if k == "fixes" {
                    continue;
                }
            }
            key(out, k);
            let _ = serde_json::to_writer(&mut *out, v);
        }
    }
    if !fixes_written {
        key(out, "fixes");
        fixes(out);
    }
    out.extend_from_slice(b"},\"message\":");
    json_str(out, &d.message(lang));
    if let Some(place) = place {
        out.extend_from_slice(b",\"place\":");
        json_place(out, place, description.as_deref().unwrap_or_default());
    }
    out.extend_from_slice(b",\"range\":");
    json_range(out, positions, d.range);
    // The places that explain the diagnostic (the table cell a figure contradicts, each blank cell
    // of a table's one blank-cell warning), as the LSP's related information without a file's URI.
    if !d.related.is_empty() {
        out.extend_from_slice(b",\"relatedInformation\":[");
        for (i, (range, zh, en)) in d.related.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"message\":");
            json_str(out, if lang == Lang::Zh { zh } else { en });
            out.extend_from_slice(b",\"range\":");
            json_range(out, positions, *range);
            out.push(b'}');
        }
        out.push(b']');
    }
    let _ = write!(
        out,
        ",\"severity\":{},\"source\":\"nianbao\"}}",
        d.severity as u8
    );
}

/// Writes the JSON object of one file (keys in the order `serde_json` sorts them), one diagnostic
/// after another, without building a JSON tree. The positions of the diagnostics' ranges and their
/// fixes' edits are found in one walk through the text.
pub fn json_file(out: &mut Vec<u8>, f: &FileResult, lang: Lang) {
    let ranges = f.analysis.diagnostics.iter().flat_map(|d| {
        std::iter::once(d.range)
            .chain(
                d.fixes
                    .iter()
                    .flat_map(|fix| fix.edits.iter().map(|e| e.range)),
            )
            .chain(d.related.iter().map(|r| r.0))
    });
    // Positions are those of the file's own text (a flattened file's, where line breaks were put
    // back).
    let source = f.doc.original().unwrap_or(&f.doc.text);
    let utf16 = Utf16Positions::new(
        source,
        ranges
            .flat_map(|r| [r.start, r.end])
            .map(|o| f.doc.to_original(o)),
    );
    let positions = Positions { utf16, doc: &f.doc };
    let report = &f.analysis.report;
    out.extend_from_slice(b"{\"diagnostics\":[");
    for (i, d) in f.analysis.diagnostics.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_diagnostic(out, f, d, &positions, lang);
    }
    out.extend_from_slice(b"],\"encoding\":");
    match f.doc.encoding {
        Some(encoding) => json_str(out, encoding),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"format\":");
    match report.format {
        Some(format) => json_str(out, format.name()),
        None => out.extend_from_slice(b"null"),
    }
    let _ = write!(
        out,
        ",\"isReport\":{},\"kind\":\"{}\",\"path\":",
        report.is_report,
        f.doc.kind.name()
    );
    json_str(out, &f.path.display().to_string());
    match report.year {
        Some(y) => {
            let _ = write!(out, ",\"year\":{}}}", y.value);
        }
        None => out.extend_from_slice(b",\"year\":null}"),
    }
}

/// Writes a document place as `{"column":7,"kind":"cell","row":14,"table":2,"text":"表三 第14行第7列"}`.
fn json_place(out: &mut Vec<u8>, place: Place, text: &str) {
    match place {
        Place::Paragraph { index } => {
            let _ = write!(out, "{{\"index\":{index},\"kind\":\"paragraph\",\"text\":");
        }
        Place::Cell { table, row, column } => {
            let _ = write!(
                out,
                "{{\"column\":{column},\"kind\":\"cell\",\"row\":{row},\"table\":{table},\"text\":"
            );
        }
        Place::Line { page, line } => {
            let _ = write!(
                out,
                "{{\"kind\":\"line\",\"line\":{line},\"page\":{page},\"text\":"
            );
        }
    }
    json_str(out, text);
    out.push(b'}');
}

pub fn json_error(out: &mut impl Write, path: &Path, message: &str) {
    let v = json!({
        "path": path.display().to_string(),
        "encoding": null,
        "isReport": false,
        "kind": null,
        "year": null,
        "format": null,
        "error": message,
        "diagnostics": [],
    });
    let _ = serde_json::to_writer(&mut *out, &v);
}
