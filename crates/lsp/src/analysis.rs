//! Analysing a document: capturing its newest text (synchronously, under the state lock), building
//! the new text from the rope, handing it to the core's engine ([`Document`]) with the snapshot it
//! updates, and installing the result as the document's snapshot. Diagnostics, features and code
//! actions all read these snapshots.
//!
//! One analysis runs per document at a time (the document's `analysing` lock): whoever needs the
//! analysis of a version that is being analysed waits for it and reuses it instead of starting
//! another. Large texts are analysed on the blocking thread pool so that the server keeps
//! answering.

use std::sync::Arc;

use nianbao_core::document::View;
use nianbao_core::text::{PositionEncoding, TextRange};
use nianbao_core::{Change, Document, Lang, Settings};
use ropey::Rope;
use tower_lsp_server::ls_types::{self as lsp, MessageType};

use crate::diagnostics;
use crate::guard;
use crate::log::log;
use crate::position::Converter;
use crate::state::Shared;
use crate::versions::{new_text, Spare};

/// Texts larger than this (in bytes) are analysed, and their features computed, off the async
/// threads.
pub const LARGE: usize = 256 * 1024;

/// One version of a document, analysed.
#[derive(Debug)]
pub struct Analysed {
    /// The sequence number of the text (see [`crate::documents::Doc::seq`]).
    pub seq: u64,
    /// The client's version of the text.
    pub version: i32,
    /// The settings generation the analysis was made with.
    pub settings_gen: u64,
    /// The core's analysis of the text, with the checks across years added.
    pub doc: Document,
    pub lang: Lang,
    pub encoding: PositionEncoding,
    /// The diagnostics as published: one per `doc.diagnostics()`, in the same order.
    pub diagnostics: Vec<lsp::Diagnostic>,
    /// The version this one's text was patched from, and the change: what lets the next version
    /// patch that older version's buffer in place (see [`crate::versions::Spare`]).
    pub from: Option<(u64, Change)>,
}

impl Analysed {
    /// The text analysed: the client's, with its traditional characters folded to simplified ones
    /// (same offsets; see [`nianbao_core::text::to_simplified`]).
    pub fn text(&self) -> &str {
        self.doc.text()
    }

    /// The views a request over `range` reads (`None`: the whole text; see [`Document::views`]).
    pub(crate) fn views(&self, range: Option<TextRange>) -> Vec<View<'_>> {
        self.doc.views(range)
    }

    /// The view of the unit at `offset` (the whole text's for a text of one report).
    pub(crate) fn view_at(&self, offset: usize) -> Option<View<'_>> {
        self.doc.view_at(offset)
    }

    /// Position conversion in the negotiated encoding.
    pub fn conv(&self) -> Converter<'_> {
        Converter::new(self.doc.text(), self.doc.index(), self.encoding)
    }
}

/// What an analysis starts from: the newest text of a document and the snapshot it can update.
pub(crate) struct Job {
    pub key: String,
    /// The document's URI, for the places related to a diagnostic.
    pub uri: lsp::Uri,
    pub seq: u64,
    pub version: i32,
    /// A clone of the document's rope (cheap: ropes share their nodes).
    pub rope: Rope,
    pub base: Option<Arc<Analysed>>,
    /// The change from `base`'s text to the rope's; `None` means parsing from scratch.
    pub change: Option<Change>,
    pub settings: Arc<Settings>,
    pub settings_gen: u64,
    pub lang: Lang,
    pub encoding: PositionEncoding,
    pub analysing: Arc<tokio::sync::Mutex<()>>,
    /// The report files of the workspace, and the summaries of the other open documents (whose text
    /// wins over their files), for the checks across years.
    pub years: Arc<crate::workspace::YearIndex>,
    pub open_years: Vec<nianbao_core::crossyear::YearSummary>,
    /// A buffer to write the new text into (see [`crate::versions::Spare`]).
    pub spare: std::cell::Cell<Option<Spare>>,
}

/// Either the installed snapshot is current, or a job to bring it up to date.
pub(crate) enum Capture {
    Ready(Arc<Analysed>),
    Run(Box<Job>),
}

/// The analysis failed: the core panicked (the message has been logged and sent to the client).
#[derive(Debug, Clone)]
pub(crate) struct Failed(pub String);

impl Shared {
    /// Captures the current text of a document, synchronously: either its snapshot is current, or a
    /// job describes what to analyse. `None` when the document is not open.
    pub(crate) fn capture(&self, key: &str) -> Option<Capture> {
        let mut st = self.state();
        let ready = st.docs.get(key).and_then(|d| {
            d.snapshot
                .as_ref()
                .filter(|s| s.seq == d.seq && s.settings_gen == st.config.gen)
        });
        let spare = if ready.is_some() {
            None
        } else {
            st.docs.get_mut(key).and_then(|d| d.spare.take())
        };
        let doc = st.docs.get(key)?;
        let config = &st.config;
        if let Some(s) = &doc.snapshot {
            if s.seq == doc.seq && s.settings_gen == config.gen {
                return Some(Capture::Ready(Arc::clone(s)));
            }
        }
        Some(Capture::Run(Box::new(Job {
            key: key.to_owned(),
            uri: doc.uri.clone(),
            seq: doc.seq,
            version: doc.version,
            rope: doc.rope.clone(),
            base: doc.snapshot.clone(),
            change: doc.pending_change(),
            settings: Arc::clone(&config.settings),
            settings_gen: config.gen,
            lang: config.lang(),
            encoding: config.client.encoding,
            analysing: Arc::clone(&doc.analysing),
            years: Arc::clone(&st.years),
            open_years: st
                .docs
                .iter()
                .filter(|(k, _)| k.as_str() != key)
                .filter_map(|(_, d)| d.snapshot.as_ref().and_then(|s| s.doc.summary().cloned()))
                .collect(),
            spare: std::cell::Cell::new(spare),
        })))
    }

    /// The analysis of the document's text as it is now (when this is called), computing it if
    /// needed.
    pub(crate) async fn analysed(&self, key: &str) -> Result<Option<Arc<Analysed>>, Failed> {
        match self.capture(key) {
            None => Ok(None),
            Some(Capture::Ready(a)) => Ok(Some(a)),
            Some(Capture::Run(job)) => self.run(*job).await.map(Some),
        }
    }

    /// Runs a job, unless the analysis it asks for was installed while it waited for its turn.
    async fn run(&self, job: Job) -> Result<Arc<Analysed>, Failed> {
        let lock = Arc::clone(&job.analysing);
        let _turn = lock.lock().await;
        if let Some(done) = self.installed(&job) {
            return Ok(done);
        }
        let large = job.rope.len_bytes() > LARGE;
        let key = job.key.clone();
        let outcome = if large {
            tokio::task::spawn_blocking(move || compute(&job))
                .await
                .unwrap_or_else(|e| Err(format!("the analysis task failed: {e}")))
        } else {
            compute(&job)
        };
        match outcome {
            Ok(analysed) => {
                let analysed = Arc::new(analysed);
                let replaced = self.state().docs.get_mut(&key).and_then(|doc| {
                    let large = doc
                        .snapshot
                        .as_ref()
                        .is_some_and(|s| s.text().len() > LARGE);
                    doc.install(&analysed).1.map(|old| (old, large))
                });
                // Dropping a large version's thousands of parts is left to a blocking thread, off
                // the path to the diagnostics.
                if let Some((old, _)) =
                    replaced.filter(|(_, large)| *large || analysed.text().len() > LARGE)
                {
                    tokio::task::spawn_blocking(move || drop(old));
                }
                Ok(analysed)
            }
            Err(msg) => {
                let msg = format!("nianbao: the analysis of {key} failed: {msg}");
                log!(Error, "{msg}");
                self.client.log_message(MessageType::ERROR, &msg).await;
                Err(Failed(msg))
            }
        }
    }

    /// The installed snapshot, when it is what `job` would compute. For a large text, a snapshot of
    /// a newer version also does: the client has already sent the edits it reflects, and analysing
    /// the older text again could take seconds for a result the client no longer wants.
    fn installed(&self, job: &Job) -> Option<Arc<Analysed>> {
        let st = self.state();
        let s = st.docs.get(&job.key)?.snapshot.as_ref()?;
        let current = s.seq == job.seq || (s.seq > job.seq && job.rope.len_bytes() > LARGE);
        (current && s.settings_gen == job.settings_gen).then(|| Arc::clone(s))
    }
}

/// The text of a rope, in a buffer of exactly its size (`to_string` grows one by doubling); the
/// engine folds its traditional characters.
fn text_of(rope: &Rope) -> String {
    let mut text = String::with_capacity(rope.len_bytes());
    rope.chunks().for_each(|c| text.push_str(c));
    text
}

/// Analyses a job's text; a panic in the core becomes an error message.
fn compute(job: &Job) -> Result<Analysed, String> {
    guard::catch(|| compute_unguarded(job))
}

fn compute_unguarded(job: &Job) -> Analysed {
    let started = std::time::Instant::now();
    let (mut doc, from, how) = match &job.base {
        // Only the settings changed: the engine reuses the text, its parts, units and line index.
        Some(base) if base.seq == job.seq => (
            base.doc.reanalysed(&job.settings),
            base.from,
            "settings only",
        ),
        Some(base) => {
            // The new text is the base's with the changed bytes taken from the rope: the unchanged
            // bytes are copied in two blocks instead of walking the whole rope.
            let patch = job.change.filter(|c| {
                c.start <= c.old_end
                    && c.old_end <= base.text().len()
                    && c.new_end <= job.rope.len_bytes()
                    && base.text().len() - c.old_end == job.rope.len_bytes() - c.new_end
            });
            let text = match patch {
                Some(c) => new_text(base, &job.rope, c, job.spare.take()),
                None => text_of(&job.rope),
            };
            let how = if job.change.is_some() {
                "incremental"
            } else {
                "full"
            };
            let doc = base.doc.edited(text, job.change, &job.settings);
            (doc, patch.map(|c| (base.seq, c)), how)
        }
        None => {
            // The summary's name: the file name the user knows the report by.
            let name = crate::state::uri_path(&job.key)
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| job.key.clone());
            let doc = Document::open(text_of(&job.rope), &name, &job.settings);
            (doc, None, "full")
        }
    };
    // The checks across years, against last year's report (an open one first, else its file).
    if let Some(last) = doc.last_year() {
        let path = crate::state::uri_path(&job.key);
        let prev = job
            .open_years
            .iter()
            .find(|s| s.identity == last)
            .or_else(|| job.years.find(&last, path.as_deref()));
        if let Some(prev) = prev {
            doc.add_cross_year(prev);
        }
    }
    let conv = Converter::new(doc.text(), doc.index(), job.encoding);
    let diagnostics: Vec<lsp::Diagnostic> = doc
        .diagnostics()
        .map(|d| diagnostics::to_lsp(&d, &conv, job.lang, &job.uri))
        .collect();
    log!(
        Debug,
        "analysed {} version {} ({how}, {} bytes, {} of {} units reused, {} diagnostics) in {:?}",
        job.key,
        job.version,
        doc.text().len(),
        doc.reused_units(),
        doc.units().len(),
        diagnostics.len(),
        started.elapsed()
    );
    Analysed {
        seq: job.seq,
        version: job.version,
        settings_gen: job.settings_gen,
        doc,
        lang: job.lang,
        encoding: job.encoding,
        diagnostics,
        from,
    }
}
