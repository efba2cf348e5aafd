//! `nianbao fix`: applies the safe fixes (`nianbao_core::features::fix`) to text files in place,
//! keeping their encoding, byte order mark and line endings; says what it changed (or prints the
//! diff), and for a document it cannot rewrite (Word, web page, PDF) what to change where. The exit
//! status is `nianbao check`'s for the files as they are left.

use std::io::Write;
use std::path::Path;

use nianbao_core::features::actions::apply;
use nianbao_core::features::fix::{safe_edits, SafeEdit};
use nianbao_core::messages::{Tally, Ui};
use nianbao_core::text::decode::{decode_bytes, encode, Encoding};
use nianbao_core::text::{LineIndex, PositionEncoding};
use nianbao_core::{analyze, Analysis, Lang, ParseOptions, Severity};
use nianbao_documents::Document;

use crate::input::{self, InputError, InputErrorKind, STDIN};
use crate::render::Counts;
use crate::FixArgs;

/// A GB18030 byte order mark, which decoding drops and writing puts back.
const GB18030_BOM: &[u8] = &[0x84, 0x31, 0x95, 0x33];

/// The counts of the summary line.
#[derive(Default)]
struct Totals {
    files: usize,
    unreadable: usize,
    not_reports: usize,
    /// Files changed (or, with `--dry-run`, that would be), and the edits made in them.
    changed: usize,
    edits: usize,
    /// Edits in documents that cannot be rewritten: to be made by hand.
    by_hand: usize,
    /// The diagnostics of the files as they are left.
    counts: Counts,
}

pub fn run(args: &FixArgs) -> u8 {
    let lang = args.report.lang.lang();
    let opts = args.report.parse_options();
    // The fixed text of standard input goes to standard output: what is said goes to standard
    // error.
    let to_stdout = args.paths.iter().any(|p| p.as_path() == Path::new(STDIN));
    let mut said: Box<dyn Write> = if to_stdout {
        Box::new(std::io::stderr())
    } else {
        Box::new(std::io::stdout().lock())
    };
    let mut totals = Totals::default();
    for item in input::expand_paths(&args.paths) {
        let fixed = match item {
            Ok(path) => fix_file(&path, args, &opts, lang, &mut said, &mut totals),
            Err(e) => Err(*e),
        };
        if let Err(e) = fixed {
            totals.unreadable += 1;
            let _ = said.flush();
            eprintln!("{}", e.message(lang));
        }
    }
    summary(&mut said, &totals, args.dry_run, lang);
    let _ = said.flush();
    if totals.unreadable > 0 {
        2
    } else if totals.counts.errors > 0 {
        1
    } else {
        0
    }
}

/// The encoding to write a fixed text back in, when the file is a text file read as it is (not a
/// document, and not a flattened page whose line breaks were put back).
fn rewritable(bytes: &[u8], doc: &Document) -> Option<Encoding> {
    if doc.is_extracted() {
        return None;
    }
    decode_bytes(bytes)
        .ok()
        .filter(|d| d.text == doc.text)
        .map(|d| d.encoding)
}

fn fix_file(
    path: &Path,
    args: &FixArgs,
    opts: &ParseOptions,
    lang: Lang,
    said: &mut dyn Write,
    totals: &mut Totals,
) -> Result<(), InputError> {
    let bytes = input::read_input(path)?;
    let rewritten = rewrite(path, &bytes, args, opts, lang, said, totals)?;
    // Standard input always comes out on standard output, fixed or as it was.
    if path == Path::new(STDIN) {
        let _ = std::io::stdout().write_all(rewritten.as_deref().unwrap_or(&bytes));
    } else if let Some(out) = rewritten {
        std::fs::write(path, &out).map_err(|e| InputError::from_io(path, e))?;
    }
    Ok(())
}

/// The file's bytes with its safe fixes applied, in its own encoding; `None` when it is to be left
/// as it is (nothing to fix, a dry run, a document that cannot be rewritten). Says what changes.
fn rewrite(
    path: &Path,
    bytes: &[u8],
    args: &FixArgs,
    opts: &ParseOptions,
    lang: Lang,
    said: &mut dyn Write,
    totals: &mut Totals,
) -> Result<Option<Vec<u8>>, InputError> {
    let doc = nianbao_documents::read(bytes).map_err(|e| InputError {
        path: path.to_path_buf(),
        kind: InputErrorKind::Document(e),
    })?;
    totals.files += 1;
    let analysis = analyze(&doc.text, opts);
    if !analysis.report.is_report {
        totals.not_reports += 1;
        return Ok(None);
    }
    let edits = safe_edits(&analysis);
    let plain: Vec<_> = edits.iter().map(|s| s.edit.clone()).collect();
    let fixed = apply(&doc.text, &plain).filter(|_| !edits.is_empty());
    // A fix never leaves more errors than there were (the core's fixes are built so; this is the
    // net).
    let after = fixed
        .as_ref()
        .map(|t| analyze(t, opts))
        .filter(|a| errors(a) <= errors(&analysis));
    let (Some(fixed), Some(after)) = (fixed, after) else {
        totals.counts.add(&analysis.diagnostics);
        return Ok(None);
    };
    let shown = path.display().to_string();
    let Some(encoding) = rewritable(bytes, &doc) else {
        // A document: say what to change, and where in it.
        totals.by_hand += edits.len();
        totals.counts.add(&analysis.diagnostics);
        let _ = writeln!(said, "{}", by_hand_heading(&shown, doc.kind.name(), lang));
        for s in &edits {
            let place = doc.place(s.edit.range.start).map(|p| p.describe(lang));
            let _ = writeln!(said, "  {}", change_line(&doc.text, s, place, lang));
        }
        return Ok(None);
    };
    totals.changed += 1;
    totals.edits += edits.len();
    if args.diff {
        let diff = similar::TextDiff::from_lines(&doc.text, &fixed);
        let _ = write!(
            said,
            "{}",
            diff.unified_diff()
                .context_radius(3)
                .header(&format!("a/{shown}"), &format!("b/{shown}"))
        );
    } else {
        let index = LineIndex::new(&doc.text);
        let _ = writeln!(
            said,
            "{}",
            fixed_heading(&shown, edits.len(), args.dry_run, lang)
        );
        for s in &edits {
            let at = index.to_line_col(&doc.text, s.edit.range.start, PositionEncoding::Utf32);
            let place = Some(format!("{shown}:{}:{}", at.line + 1, at.col + 1));
            let _ = writeln!(said, "  {}", change_line(&doc.text, s, place, lang));
        }
    }
    if args.dry_run {
        totals.counts.add(&analysis.diagnostics);
        return Ok(None);
    }
    let mut out = Vec::with_capacity(bytes.len() + 16);
    if encoding == Encoding::Gb18030 && bytes.starts_with(GB18030_BOM) {
        out.extend_from_slice(GB18030_BOM);
    }
    out.extend_from_slice(&encode(&fixed, encoding));
    totals.counts.add(&after.diagnostics);
    Ok(Some(out))
}

fn errors(a: &Analysis) -> usize {
    a.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}

/// `“3” → “2”` with where (a `path:line:column`, or the place in a document).
fn change_line(text: &str, s: &SafeEdit, place: Option<String>, lang: Lang) -> String {
    Ui::Change {
        place: place.unwrap_or_default(),
        old: s.edit.range.slice(text).to_owned(),
        new: s.edit.new_text.clone(),
    }
    .render(lang)
}

fn fixed_heading(path: &str, n: usize, dry_run: bool, lang: Lang) -> String {
    Ui::Fixed {
        path: path.to_owned(),
        count: n,
        dry_run,
    }
    .render(lang)
}

fn by_hand_heading(path: &str, kind: &'static str, lang: Lang) -> String {
    Ui::ByHand {
        path: path.to_owned(),
        kind,
    }
    .render(lang)
}

fn summary(out: &mut dyn Write, t: &Totals, dry_run: bool, lang: Lang) {
    let line = Ui::FixSummary {
        files: t.files + t.unreadable,
        changed: t.changed,
        edits: t.edits,
        by_hand: t.by_hand,
        dry_run,
        tally: Tally {
            errors: t.counts.errors,
            warnings: t.counts.warnings,
            infos: t.counts.infos,
            not_reports: t.not_reports,
            unreadable: t.unreadable,
        },
    };
    let _ = writeln!(out, "{}", line.render(lang));
}
