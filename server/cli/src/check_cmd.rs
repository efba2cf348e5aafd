//! `nianbao check`: reads the files, analyses them in parallel, prints the results in order and
//! decides the exit status (0 clean, 1 an error diagnostic, 2 a file that could not be read).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use nianbao_core::{analyze, Lang, ParseOptions};
use rayon::prelude::*;

use crate::input::{self, InputError};
use crate::years;
use nianbao_core::crossyear::YearSummary;
use crate::render::{self, FileResult, Totals};
use crate::{CheckArgs, LangArg, OutputFormat};

/// How many files are analysed between two writes of output: memory stays flat however many files.
const BATCH: usize = 64;

/// A file that could not be checked, with the message that says why.
struct Failure {
    path: PathBuf,
    message: String,
}

impl Failure {
    fn new(e: &InputError, lang: Lang) -> Failure {
        let message = match lang {
            Lang::Zh => e.message_zh(),
            Lang::En => e.message_en(),
        };
        Failure { path: e.path.clone(), message }
    }
}

pub fn run(args: &CheckArgs) -> u8 {
    let lang = match args.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    let opts = ParseOptions { default_year: args.year, default_format: None };
    let items = input::expand_paths(&args.paths);
    // Reports of one agency for consecutive years are checked against each other.
    let pairing = years::Pairing::build(&items, &opts);
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut totals = Totals::default();
    let mut first = true;
    if args.format == OutputFormat::Json {
        let _ = write!(out, "{{\"files\":[");
    }
    for batch in items.chunks(BATCH) {
        // Each file's output is rendered on the worker that analysed it; only the writing is in order.
        let results: Vec<(Result<FileResult, Failure>, Vec<u8>)> = batch
            .par_iter()
            .map(|item| {
                let r = match item {
                    Ok(path) => analyse_file(path, &opts, lang, pairing.last_year(path)),
                    Err(e) => Err(Failure::new(e, lang)),
                };
                let mut rendered = Vec::new();
                if let Ok(file) = &r {
                    match args.format {
                        OutputFormat::Human => render::human(&mut rendered, file, lang, color),
                        OutputFormat::Json => render::json_file(&mut rendered, file, lang),
                    }
                }
                (r, rendered)
            })
            .collect();
        for (r, rendered) in results {
            let separator = if first { "" } else { "," };
            match r {
                Ok(file) => {
                    totals.add(&file);
                    if args.format == OutputFormat::Json {
                        let _ = write!(out, "{separator}");
                    }
                    let _ = out.write_all(&rendered);
                }
                Err(f) => {
                    totals.unreadable += 1;
                    let _ = out.flush();
                    eprintln!("{}", f.message);
                    if args.format == OutputFormat::Json {
                        let _ = write!(out, "{separator}");
                        render::json_error(&mut out, &f.path, &f.message);
                    }
                }
            }
            first = false;
        }
    }
    match args.format {
        OutputFormat::Json => {
            let _ = writeln!(out, "]}}");
        }
        OutputFormat::Human => render::summary(&mut out, &totals, lang),
    }
    let _ = out.flush();
    if totals.unreadable > 0 {
        2
    } else if totals.errors > 0 {
        1
    } else {
        0
    }
}

fn analyse_file(path: &Path, opts: &ParseOptions, lang: Lang, last_year: Option<&YearSummary>) -> Result<FileResult, Failure> {
    let decoded = input::read_report(path).map_err(|e| Failure::new(&e, lang))?;
    let mut analysis = analyze(&decoded.text, opts);
    if let Some(prev) = last_year {
        analysis.diagnostics.extend(nianbao_core::crossyear::cross_year(&decoded.text, &analysis, prev));
        analysis.diagnostics.sort_by_key(|d| (d.range.start, d.range.end, d.code));
    }
    Ok(FileResult { path: path.to_path_buf(), text: decoded.text, encoding: decoded.encoding.name(), analysis })
}
