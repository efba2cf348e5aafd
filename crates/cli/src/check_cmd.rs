//! `nianbao check`: reads the files, analyses them in parallel, prints the results in order and
//! decides the exit status (0 clean, 1 an error diagnostic, 2 a file that could not be read).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use nianbao_core::{analyze, Lang, ParseOptions};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

use crate::input::{self, InputError};
use crate::render::{self, FileResult, Totals};
use crate::years;
use crate::{CheckArgs, OutputFormat};

/// How many results per worker may wait to be written: the workers never run further ahead of the
/// output than this, so memory stays flat however many files there are.
const AHEAD_PER_WORKER: usize = 8;

/// A file that could not be checked, with the message that says why and the reason alone.
struct Failure {
    path: PathBuf,
    message: String,
    reason: String,
}

impl Failure {
    fn new(e: &InputError, lang: Lang) -> Failure {
        let (message, reason) = (e.message(lang), e.reason(lang));
        Failure {
            path: e.path.clone(),
            message,
            reason,
        }
    }
}

pub fn run(args: &CheckArgs) -> u8 {
    // A batch run's small allocations are served faster by mimalloc (see alloc.rs), unless
    // `NIANBAO_ALLOCATOR=system` asks to keep the system's (to compare the two).
    if std::env::var_os("NIANBAO_ALLOCATOR").is_none_or(|v| v != "system") {
        crate::alloc::use_mimalloc();
    }
    let lang = args.report.lang.lang();
    let opts = args.report.parse_options();
    let items = input::expand_paths(&args.paths);
    // Reports of one agency for consecutive years are checked against each other.
    let pairing = years::Pairing::build(&items);
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    // Not the locked stdout: the workers write (one at a time), and a lock is not theirs to take.
    // A large buffer: the output of ten thousand files goes out in a few hundred writes.
    let mut out = std::io::BufWriter::with_capacity(256 * 1024, std::io::stdout());
    let mut totals = Totals::default();
    let mut first = true;
    if args.format == OutputFormat::Json {
        let _ = write!(out, "{{\"files\":[");
    }
    // Each file's output is rendered on the worker that analysed it; only the writing is in order.
    let work = |index: usize| -> Result<(Totals, Vec<u8>), Failure> {
        let file = match &items[index] {
            Ok(path) => analyse_file(index, path, &items, &opts, lang, &pairing)?,
            Err(e) => return Err(Failure::new(e, lang)),
        };
        let mut rendered = Vec::new();
        match args.format {
            OutputFormat::Human => render::human(&mut rendered, &file, lang, color),
            OutputFormat::Json => render::json_file(&mut rendered, &file, lang),
        }
        let mut counts = Totals::default();
        counts.add(&file, lang);
        Ok((counts, rendered))
    };
    let mut write_one = |r: Result<(Totals, Vec<u8>), Failure>| {
        let separator = if first { "" } else { "," };
        first = false;
        match r {
            Ok((counts, rendered)) => {
                totals.merge(&counts);
                if args.format == OutputFormat::Json {
                    let _ = write!(out, "{separator}");
                }
                let _ = out.write_all(&rendered);
            }
            Err(f) => {
                totals.unreadable += 1;
                totals.not_checked.push((f.path.clone(), f.reason));
                let _ = out.flush();
                eprintln!("{}", f.message);
                if args.format == OutputFormat::Json {
                    let _ = write!(out, "{separator}");
                    render::json_error(&mut out, &f.path, &f.message);
                }
            }
        }
    };
    let workers = rayon::current_num_threads().max(1);
    in_order(
        items.len(),
        workers,
        workers * AHEAD_PER_WORKER,
        work,
        &mut write_one,
    );
    match args.format {
        OutputFormat::Json => {
            let _ = writeln!(out, "]}}");
        }
        OutputFormat::Human => render::summary(&mut out, &totals, lang),
    }
    let _ = out.flush();
    if totals.unreadable > 0 {
        2
    } else if totals.counts.errors > 0 {
        1
    } else {
        0
    }
}

/// Reads and checks the item at `index`; against last year's report when the files hold it, and
/// offering its own summary to next year's.
fn analyse_file(
    index: usize,
    path: &Path,
    items: &[input::Item],
    opts: &ParseOptions,
    lang: Lang,
    pairing: &years::Pairing,
) -> Result<FileResult, Failure> {
    let doc = input::read_report(path).map_err(|e| Failure::new(&e, lang))?;
    let mut analysis = analyze(&doc.text, opts);
    let mine = pairing.offer(index, path, &doc.text, &analysis);
    if let Some(prev) = pairing.last_year(index, items, opts) {
        let across =
            nianbao_core::crossyear::cross_year_with(&doc.text, &analysis, &prev, mine.as_deref());
        analysis.diagnostics.extend(across);
        analysis
            .diagnostics
            .sort_by_key(|d| (d.range.start, d.range.end, d.code));
    }
    Ok(FileResult {
        path: path.to_path_buf(),
        doc,
        analysis,
    })
}

/// Runs `work` on every item (`0..items`) on `workers` threads (the calling one among them) and
/// hands the results to `write` in the items' order. The worker that completes the next result to
/// write writes it, and those after it that are done, so no thread has to be woken for the writing.
/// No worker starts an item more than `ahead` places past the next one to write, so at most `ahead`
/// results wait in memory; and no worker waits for a slow item of others except at that distance.
fn in_order<R: Send>(
    items: usize,
    workers: usize,
    ahead: usize,
    work: impl Fn(usize) -> R + Sync,
    write: &mut (impl FnMut(R) + Send),
) {
    struct Writing<'w, R, W> {
        /// The next item to write.
        at: usize,
        /// Results done out of order.
        waiting: BTreeMap<usize, R>,
        write: &'w mut W,
        /// How many workers wait for the writing to move on (a wake-up is a system call: none is
        /// made when no one waits).
        sleepers: usize,
    }
    let next = AtomicUsize::new(0);
    // How many results have been written, for the workers to wait on.
    let writing = Mutex::new(Writing {
        at: 0,
        waiting: BTreeMap::new(),
        write,
        sleepers: 0,
    });
    let progress = Condvar::new();
    // Set when a worker panics, so that the others stop waiting and the panic reaches the caller.
    let failed = AtomicBool::new(false);
    let run = || {
        let _guard = PanicGuard {
            failed: &failed,
            progress: &progress,
        };
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= items {
                return;
            }
            // The item the writing waits for has been taken already (items are taken in order), so
            // this wait always ends.
            let mut w = writing.lock().unwrap_or_else(|e| e.into_inner());
            while i >= w.at + ahead && !failed.load(Ordering::Relaxed) {
                w.sleepers += 1;
                w = progress.wait(w).unwrap_or_else(|e| e.into_inner());
                w.sleepers -= 1;
            }
            drop(w);
            if failed.load(Ordering::Relaxed) {
                return;
            }
            let r = work(i);
            let mut w = writing.lock().unwrap_or_else(|e| e.into_inner());
            if i != w.at {
                w.waiting.insert(i, r);
                continue;
            }
            let w = &mut *w;
            (w.write)(r);
            w.at += 1;
            while let Some(r) = w.waiting.remove(&w.at) {
                (w.write)(r);
                w.at += 1;
            }
            if w.sleepers > 0 {
                progress.notify_all();
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..workers {
            scope.spawn(run);
        }
        run();
    });
}

/// Tells the other workers of `in_order` to stop when a worker unwinds.
struct PanicGuard<'a> {
    failed: &'a AtomicBool,
    progress: &'a Condvar,
}

impl Drop for PanicGuard<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.failed.store(true, Ordering::Relaxed);
            self.progress.notify_all();
        }
    }
}
