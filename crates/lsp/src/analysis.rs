//! Analysing a document: capturing its newest text (synchronously, under the state lock), re-parsing it
//! incrementally from the last snapshot, checking it with the settings in force, and installing the
//! result as the document's snapshot. Diagnostics, features and code actions all read these snapshots.
//!
//! One analysis runs per document at a time (the document's `analysing` lock): whoever needs the
//! analysis of a version that is being analysed waits for it and reuses it instead of starting another.
//! Large texts are analysed on the blocking thread pool so that the server keeps answering.

use std::borrow::Cow;
use std::sync::Arc;

use nianbao_core::crossyear;
use nianbao_core::features::Snapshot;
use nianbao_core::parse::units::{
    unit_parsed, unit_parsed_cached, unit_spans, unit_spans_edited, PieceCache, UnitSpan,
};
use nianbao_core::parse::{assemble, assemble_cached, reparse_replacing, ParseOptions, TableCache};
use nianbao_core::text::TextRange;
use nianbao_core::text::{to_simplified, LineIndex, PositionEncoding};
use nianbao_core::{
    check, parse_parts, parse_parts_packed, Analysis, Change, Lang, Parsed, Settings,
};
use ropey::Rope;
use tower_lsp_server::ls_types::{self as lsp, MessageType};

use crate::diagnostics;
use crate::guard;
use crate::log::log;
use crate::position::Converter;
use crate::state::Shared;
use crate::units::{earlier_units, UnitDone, UnitKey};
use crate::versions::{new_text, Spare};

/// Texts larger than this (in bytes) are analysed, and their features computed, off the async threads.
pub const LARGE: usize = 256 * 1024;

/// How many units of a 汇总 an analysis may check again and still keep their resolved tables (and the
/// pieces of parts they were parsed into) for the next one.
const KEEP_TABLES_OF: usize = 4;

/// One version of a document, analysed.
#[derive(Debug)]
pub struct Analysed {
    /// The sequence number of the text (see [`crate::documents::Doc::seq`]).
    pub seq: u64,
    /// The client's version of the text.
    pub version: i32,
    /// The settings generation the analysis was made with.
    pub settings_gen: u64,
    /// The text analysed: the client's, with its traditional characters folded to simplified ones
    /// (same offsets; see [`to_simplified`]).
    pub text: Arc<String>,
    pub parsed: Parsed,
    /// Where each unit (report) of the text stands: one span unless the text is a 汇总.
    pub spans: Vec<UnitSpan>,
    /// The tables of `parsed`'s parts, resolved, for the next analysis to reuse: of every part when the
    /// text holds one report, of the parts of the units checked again when a 汇总's edit checked only a
    /// few (a 汇总 reuses whole units otherwise).
    pub tables: TableCache,
    /// The pieces of parts the units checked again were parsed into (see [`unit_parsed_cached`]), kept
    /// like their tables for the next analysis to reuse.
    pub pieces: PieceCache,
    /// The diagnostics of each unit's report (one unless the text is a 汇总), for the next analysis to
    /// reuse where the edit left a unit alone.
    pub(crate) units: Vec<UnitDone>,
    /// The analysis of the whole text when it holds one report, with the severity overrides of the
    /// settings applied (and no diagnostics when the text is not a report), so that feature results and
    /// published diagnostics agree. `None` for a 汇总, whose units are assembled again for the features
    /// that ask (see [`Analysed::views`]).
    whole: Option<Analysis>,
    /// The options the text was parsed with, to assemble a 汇总's units again.
    opts: ParseOptions,
    pub index: LineIndex,
    pub lang: Lang,
    pub encoding: PositionEncoding,
    /// The diagnostics as published: one per `analysis().diagnostics`, in the same order.
    pub diagnostics: Vec<lsp::Diagnostic>,
    /// What this version carries into next year's checks.
    pub summary: Option<nianbao_core::crossyear::YearSummary>,
    /// The version this one's text was patched from, and the change: what lets the next version patch
    /// that older version's buffer in place (see [`crate::versions::Spare`]).
    pub from: Option<(u64, Change)>,
}

/// What a feature reads of a version: the analysis of the whole text, or of one unit of a 汇总 (with
/// ranges in the whole text), and where its diagnostics stand among the published ones.
pub(crate) struct View<'a> {
    text: &'a str,
    lang: Lang,
    pub analysis: Cow<'a, Analysis>,
    /// The index in [`Analysed::diagnostics`] of the view's first diagnostic.
    pub first: usize,
}

impl View<'_> {
    /// The core's view, for the feature functions.
    pub fn snapshot(&self) -> Snapshot<'_> {
        Snapshot {
            text: self.text,
            analysis: &self.analysis,
            lang: self.lang,
        }
    }
}

impl Analysed {
    /// The views a request over `range` reads (`None`: the whole text): for a text of one report, its
    /// analysis; for a 汇总, each unit the range touches, assembled again from its parts (a few dozen
    /// microseconds a unit) and dropped after the request.
    pub(crate) fn views(&self, range: Option<TextRange>) -> Vec<View<'_>> {
        if let Some(whole) = &self.whole {
            return vec![View {
                text: &self.text,
                lang: self.lang,
                analysis: Cow::Borrowed(whole),
                first: 0,
            }];
        }
        let spans = &self.spans;
        // An empty range (a cursor) is in the unit that starts at it, or at the end of the last one.
        let touches = |unit: TextRange| match range {
            None => true,
            Some(r) => {
                unit.start < r.end.max(r.start + 1) && r.start < unit.end
                    || (r.start == self.text.len() && unit.end == r.start)
            }
        };
        let mut views = Vec::new();
        let mut first = 0;
        for (span, unit) in spans.iter().zip(&self.units) {
            if touches(span.range) {
                let own = self
                    .text
                    .get(span.range.start..span.range.end)
                    .unwrap_or("");
                let report = assemble(
                    own,
                    &unit_parsed(&self.text, &self.parsed, span),
                    &self.opts,
                );
                let analysis = Analysis {
                    report,
                    diagnostics: unit.diagnostics().to_vec(),
                    units: vec![TextRange::new(0, own.len())],
                };
                let analysis = nianbao_core::analysis::merge([(span.range.start, analysis)]);
                views.push(View {
                    text: &self.text,
                    lang: self.lang,
                    analysis: Cow::Owned(analysis),
                    first,
                });
            }
            first += unit.diagnostics().len();
        }
        views
    }

    /// The view of the unit at `offset` (the whole text's for a text of one report).
    pub(crate) fn view_at(&self, offset: usize) -> Option<View<'_>> {
        self.views(Some(TextRange::empty(offset)))
            .into_iter()
            .next_back()
    }

    /// Position conversion in the negotiated encoding.
    pub fn conv(&self) -> Converter<'_> {
        Converter::new(&self.text, &self.index, self.encoding)
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

/// The result of computing one job.
struct Computed {
    analysed: Analysed,
    /// Set when the debug cross-check found the incremental parse different from a full parse.
    mismatch: Option<String>,
}

/// The analysis failed: the core panicked (the message has been logged and sent to the client).
#[derive(Debug, Clone)]
pub(crate) struct Failed(pub String);

impl Shared {
    /// Captures the current text of a document, synchronously: either its snapshot is current, or a job
    /// describes what to analyse. `None` when the document is not open.
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
                .filter_map(|(_, d)| d.snapshot.as_ref().and_then(|s| s.summary.clone()))
                .collect(),
            spare: std::cell::Cell::new(spare),
        })))
    }

    /// The analysis of the document's text as it is now (when this is called), computing it if needed.
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
            Ok(Computed { analysed, mismatch }) => {
                let analysed = Arc::new(analysed);
                let replaced = self
                    .state()
                    .docs
                    .get_mut(&key)
                    .and_then(|doc| doc.install(&analysed).1);
                // Dropping a large version's thousands of parts is left to a blocking thread, off the
                // path to the diagnostics.
                if let Some(old) =
                    replaced.filter(|o| o.text.len() > LARGE || analysed.text.len() > LARGE)
                {
                    tokio::task::spawn_blocking(move || drop(old));
                }
                if let Some(msg) = mismatch {
                    log!(Error, "{msg}");
                    self.client.log_message(MessageType::ERROR, msg).await;
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

    /// The installed snapshot, when it is what `job` would compute. For a large text, a snapshot of a
    /// newer version also does: the client has already sent the edits it reflects, and analysing the
    /// older text again could take seconds for a result the client no longer wants.
    fn installed(&self, job: &Job) -> Option<Arc<Analysed>> {
        let st = self.state();
        let s = st.docs.get(&job.key)?.snapshot.as_ref()?;
        let current = s.seq == job.seq || (s.seq > job.seq && job.rope.len_bytes() > LARGE);
        (current && s.settings_gen == job.settings_gen).then(|| Arc::clone(s))
    }
}

/// The text of a rope as the analysis reads it, traditional characters folded (see
/// [`to_simplified`]), in a buffer of exactly its size (`to_string` grows one by doubling).
fn text_of(rope: &Rope) -> String {
    let mut text = String::with_capacity(rope.len_bytes());
    rope.chunks().for_each(|c| text.push_str(&to_simplified(c)));
    text
}

/// Analyses a job's text; a panic in the core becomes an error message.
fn compute(job: &Job) -> Result<Computed, String> {
    guard::catch(|| compute_unguarded(job))
}

fn compute_unguarded(job: &Job) -> Computed {
    let started = std::time::Instant::now();
    let same_text = job.base.as_ref().filter(|b| b.seq == job.seq);
    let mut mismatch = None;
    let mut how = "settings only";
    let mut from = same_text.and_then(|b| b.from);
    let (text, parsed, spans, index) = match same_text {
        // Only the settings changed: the text, its parts, its units and its line index are reused.
        Some(base) => (
            Arc::clone(&base.text),
            base.parsed.clone(),
            base.spans.clone(),
            base.index.clone(),
        ),
        None => {
            // The new text is the base's with the changed bytes taken from the rope: the unchanged bytes
            // are copied in two blocks instead of walking the whole rope.
            let patch = job.base.as_ref().zip(job.change).filter(|(b, c)| {
                c.start <= c.old_end
                    && c.old_end <= b.text.len()
                    && c.new_end <= job.rope.len_bytes()
                    && b.text.len() - c.old_end == job.rope.len_bytes() - c.new_end
            });
            let mut text = match patch {
                Some((base, c)) => new_text(base, &job.rope, c, job.spare.take()),
                None => text_of(&job.rope),
            };
            if job.settings.cross_check {
                let fresh = text_of(&job.rope);
                if text != fresh {
                    mismatch = Some(format!(
                        "nianbao: the patched text of {} (version {}) differs from the document's",
                        job.key, job.version
                    ));
                    text = fresh;
                }
            }
            from = patch.map(|(base, c)| (base.seq, c));
            let (parsed, spans) = match (&job.base, job.change) {
                (Some(base), Some(change)) => {
                    how = "incremental";
                    // The units are found again around the parts the edit replaced.
                    let (incremental, replaced) = reparse_replacing(&base.parsed, &text, change);
                    let spans = unit_spans_edited(&incremental, &base.spans, replaced, change);
                    if job.settings.cross_check {
                        let full = parse_parts(&text);
                        let full_spans = unit_spans(&full);
                        if full != incremental || full_spans != spans {
                            mismatch = Some(format!(
                                "nianbao: the incremental parse of {} (version {}) or its units differ from a full \
                                 parse after the change {change:?}; the full parse is used",
                                job.key, job.version
                            ));
                            (full, full_spans)
                        } else {
                            (incremental, spans)
                        }
                    } else {
                        (incremental, spans)
                    }
                }
                _ => {
                    how = "full";
                    let parsed = parse_parts_packed(&text);
                    let spans = unit_spans(&parsed);
                    (parsed, spans)
                }
            };
            let index = match patch {
                Some((base, c)) => base.index.edited(&text, c.start, c.old_end, c.new_end),
                None => LineIndex::new(&text),
            };
            (Arc::new(text), parsed, spans, index)
        }
    };
    // The assembly and the checks of `nianbao_core::analyze_parsed`, unit by unit: a unit the edit left
    // alone (wholly before or after the change, or with the same text; same settings) keeps its
    // diagnostics; the others reuse the tables of the parts the edit left alone.
    let opts = job.settings.parse_options();
    let empty = TableCache::default();
    let cache = job.base.as_ref().map_or(&empty, |b| &b.tables);
    let no_pieces = PieceCache::default();
    let base_pieces = job.base.as_ref().map_or(&no_pieces, |b| &b.pieces);
    let mut pieces = PieceCache::default();
    let single = spans.len() <= 1;
    let earlier = match job
        .base
        .as_ref()
        .filter(|b| b.settings_gen == job.settings_gen && !single)
    {
        Some(b) => earlier_units(&b.units, &text, &spans, job.change),
        None => vec![None; spans.len()],
    };
    let mut tables = TableCache::default();
    let mut reused = 0;
    let mut checked = 0;
    let mut units: Vec<UnitDone> = Vec::with_capacity(spans.len());
    let mut whole = None;
    for (span, earlier) in spans.iter().zip(earlier) {
        if let Some(done) = earlier {
            reused += 1;
            units.push(done.moved(span.range));
            continue;
        }
        // A text of one report is never reused by unit (any edit is in it): its key stays empty.
        let key = if single {
            UnitKey::default()
        } else {
            UnitKey::new(&text, span)
        };
        let own_parsed;
        let (own, unit_parts) = if single {
            (text.as_str(), &parsed)
        } else {
            let unit_pieces;
            (own_parsed, unit_pieces) = unit_parsed_cached(&text, &parsed, span, base_pieces);
            if checked < KEEP_TABLES_OF {
                pieces.extend(unit_pieces);
            }
            (
                text.get(span.range.start..span.range.end).unwrap_or(""),
                &own_parsed,
            )
        };
        let (report, unit_tables) = assemble_cached(own, unit_parts, &opts, cache);
        // A single report keeps its tables; a 汇总 reuses whole units, and keeps the tables of the units
        // it checked again only when they are few (the units an edit touched, which the next keystroke
        // most likely touches again), so that opening it does not keep every unit's tables.
        checked += 1;
        if single || checked <= KEEP_TABLES_OF {
            tables.extend(unit_tables);
        } else {
            tables = TableCache::default();
            pieces = PieceCache::default();
        }
        let mut diagnostics = check::check(own, &report);
        job.settings.apply(&mut diagnostics);
        if !report.is_report {
            diagnostics.clear();
        }
        if single {
            whole = Some(Analysis {
                report,
                diagnostics,
                units: vec![TextRange::new(0, own.len())],
            });
            units.push(UnitDone::new(span.range, key, Vec::new()));
        } else {
            units.push(UnitDone::new(span.range, key, diagnostics));
        }
    }
    let mut summary = None;
    let diagnostics: Vec<lsp::Diagnostic>;
    let conv = Converter::new(&text, &index, job.encoding);
    if let Some(analysis) = whole.as_mut() {
        // One report: the checks across years, against last year's report (an open one first, else its
        // file).
        let name = crate::state::uri_path(&job.key)
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| job.key.clone());
        // The runs of sections 一 and 五 are read again only when an edit touched them.
        summary = crossyear::summarize_reusing(
            &text,
            analysis,
            &name,
            job.base.as_ref().and_then(|b| b.summary.as_ref()),
        );
        if let Some(me) = &summary {
            let last = crossyear::Identity {
                agency: me.identity.agency.clone(),
                year: me.identity.year - 1,
            };
            let path = crate::state::uri_path(&job.key);
            let prev = job
                .open_years
                .iter()
                .find(|s| s.identity == last)
                .or_else(|| job.years.find(&last, path.as_deref()));
            if let Some(prev) = prev {
                let mut across = crossyear::cross_year_with(&text, analysis, prev, Some(me));
                job.settings.apply(&mut across);
                if analysis.report.is_report {
                    analysis.diagnostics.extend(across);
                    analysis
                        .diagnostics
                        .sort_by_key(|d| (d.range.start, d.range.end, d.code));
                }
            }
        }
        diagnostics = analysis
            .diagnostics
            .iter()
            .map(|d| diagnostics::to_lsp(d, &conv, job.lang, &job.uri))
            .collect();
    } else {
        // A 汇总: each unit's diagnostics, moved to where the unit stands.
        diagnostics = units
            .iter()
            .flat_map(|u| {
                u.diagnostics().iter().map(|d| {
                    let mut d = d.clone();
                    d.shift(u.range.start);
                    diagnostics::to_lsp(&d, &conv, job.lang, &job.uri)
                })
            })
            .collect();
    }
    log!(
        Debug,
        "analysed {} version {} ({how}, {} bytes, {} of {} units reused, {} diagnostics) in {:?}",
        job.key,
        job.version,
        text.len(),
        reused,
        units.len(),
        diagnostics.len(),
        started.elapsed()
    );
    Computed {
        analysed: Analysed {
            seq: job.seq,
            version: job.version,
            settings_gen: job.settings_gen,
            text,
            parsed,
            spans,
            tables,
            pieces,
            units,
            whole,
            opts,
            index,
            lang: job.lang,
            encoding: job.encoding,
            diagnostics,
            summary,
            from,
        },
        mismatch,
    }
}
