//! The analysis engine: a `Document` owns one text's analysis and what the next version reuses of
//! it.
//!
//! A document is opened from a text, and each edit makes a new document from the last one: the
//! parts, units, tables and line starts the edit left alone are reused, and the result is the same
//! as opening the new text afresh. A document is never changed once made (except to add the checks
//! across years before it is shared), so that several readers can hold one behind an `Arc`.

use std::borrow::Cow;
use std::sync::Arc;

use crate::analysis::{merge, Analysis, Snapshot};
use crate::check;
use crate::crossyear::{self, Identity, YearSummary};
use crate::diagnostic::Diagnostic;
use crate::messages::Lang;
use crate::parse::units::{
    unit_parsed, unit_parsed_cached, unit_spans, unit_spans_edited, PieceCache, UnitSpan,
};
use crate::parse::{
    assemble, assemble_cached, parse_parts, parse_parts_packed, reparse_replacing, Change,
    ParseOptions, Parsed, TableCache,
};
use crate::settings::Settings;
use crate::text::{to_simplified, LineIndex, TextRange};

/// How many units of a 汇总 an analysis may check again and still keep their resolved tables (and the
/// pieces of parts they were parsed into) for the next one.
const KEEP_TABLES_OF: usize = 4;

/// One version of a text, analysed with one set of settings.
#[derive(Debug)]
pub struct Document {
    /// The text analysed: traditional characters folded to simplified ones (same offsets; see
    /// [`to_simplified`]).
    text: Arc<String>,
    /// The name the user knows the text by (its file name), for its year summary.
    name: Arc<str>,
    settings: Settings,
    /// The options the text was parsed with, to assemble a 汇总's units again.
    opts: ParseOptions,
    parsed: Parsed,
    /// Where each unit (report) of the text stands: one span unless the text is a 汇总.
    spans: Vec<UnitSpan>,
    /// The tables of `parsed`'s parts, resolved, for the next version to reuse: of every part when
    /// the text holds one report, of the parts of the units checked again when a 汇总's edit checked
    /// only a few (a 汇总 reuses whole units otherwise).
    tables: TableCache,
    /// The pieces of parts the units checked again were parsed into (see [`unit_parsed_cached`]),
    /// kept like their tables for the next version to reuse.
    pieces: PieceCache,
    /// The diagnostics of each unit's report (one unless the text is a 汇总), for the next version to
    /// reuse where the edit left a unit alone.
    units: Vec<UnitDone>,
    /// The analysis of the whole text when it holds one report, with the severity overrides of the
    /// settings applied (and no diagnostics when the text is not a report). `None` for a 汇总, whose
    /// units are assembled again for the views that ask (see [`Document::views`]).
    whole: Option<Analysis>,
    index: LineIndex,
    /// What this version carries into next year's checks.
    summary: Option<YearSummary>,
    /// How many units were carried over from the earlier version without being checked again.
    reused: usize,
}

/// Two documents are equal when they hold the same analysis of the same text: the caches kept for
/// the next version are left out.
impl PartialEq for Document {
    fn eq(&self, other: &Document) -> bool {
        self.text == other.text
            && self.name == other.name
            && self.settings == other.settings
            && self.parsed == other.parsed
            && self.spans == other.spans
            && self.units == other.units
            && self.whole == other.whole
            && self.index == other.index
            && self.summary == other.summary
    }
}

impl Document {
    /// Analyses `text` from scratch. `name` is what the user knows it by (its file name).
    pub fn open(text: String, name: &str, settings: &Settings) -> Document {
        let text = match to_simplified(&text) {
            Cow::Borrowed(_) => text,
            Cow::Owned(folded) => folded,
        };
        let parsed = parse_parts_packed(&text);
        let spans = unit_spans(&parsed);
        let index = LineIndex::new(&text);
        Document::build(
            Arc::new(text),
            name.into(),
            settings,
            parsed,
            spans,
            index,
            None,
        )
    }

    /// The document after an edit: `text` is the new text and `change` the change from this
    /// document's text to it (`None` when unknown: the text is parsed again whole, and only the
    /// units whose text is unchanged are reused). Outside the change, `text` is this document's
    /// text (a front end patches it); the changed bytes are folded here.
    pub fn edited(
        &self,
        mut text: String,
        change: Option<Change>,
        settings: &Settings,
    ) -> Document {
        let change = change.filter(|&c| fits(&self.text, &text, c));
        let (parsed, spans, index) = match change {
            Some(c) => {
                fold(&mut text, c.start..c.new_end);
                let (parsed, replaced) = reparse_replacing(&self.parsed, &text, c);
                let spans = unit_spans_edited(&parsed, &self.spans, replaced, c);
                let index = self.index.edited(&text, c.start, c.old_end, c.new_end);
                (parsed, spans, index)
            }
            None => {
                let len = text.len();
                fold(&mut text, 0..len);
                let parsed = parse_parts_packed(&text);
                let spans = unit_spans(&parsed);
                let index = LineIndex::new(&text);
                (parsed, spans, index)
            }
        };
        let base = Base { doc: self, change };
        let name = Arc::clone(&self.name);
        Document::build(
            Arc::new(text),
            name,
            settings,
            parsed,
            spans,
            index,
            Some(base),
        )
    }

    /// The same text analysed with other settings: its text, parts, units and line starts are
    /// reused.
    pub fn reanalysed(&self, settings: &Settings) -> Document {
        let base = Base {
            doc: self,
            change: Some(Change {
                start: 0,
                old_end: 0,
                new_end: 0,
            }),
        };
        Document::build(
            Arc::clone(&self.text),
            Arc::clone(&self.name),
            settings,
            self.parsed.clone(),
            self.spans.clone(),
            self.index.clone(),
            Some(base),
        )
    }

    fn build(
        text: Arc<String>,
        name: Arc<str>,
        settings: &Settings,
        parsed: Parsed,
        spans: Vec<UnitSpan>,
        index: LineIndex,
        base: Option<Base<'_>>,
    ) -> Document {
        let checked = check_units(
            &text,
            &parsed,
            &spans,
            settings,
            base.as_ref(),
            Keep::Caches,
        );
        // The runs of sections 一 and 五 are read again only when an edit touched them.
        let summary = checked.whole.as_ref().and_then(|whole| {
            let earlier = base.as_ref().and_then(|b| b.doc.summary.as_ref());
            crossyear::summarize_reusing(&text, whole, &name, earlier)
        });
        Document {
            text,
            name,
            settings: settings.clone(),
            opts: settings.parse_options(),
            parsed,
            spans,
            tables: checked.tables,
            pieces: checked.pieces,
            units: checked.units,
            whole: checked.whole,
            index,
            summary,
            reused: checked.reused,
        }
    }

    /// The identity of last year's report, whose summary [`Document::add_cross_year`] takes; `None`
    /// when the text is not one report of a known agency and year.
    pub fn last_year(&self) -> Option<Identity> {
        self.summary.as_ref().map(|me| Identity {
            agency: me.identity.agency.clone(),
            year: me.identity.year - 1,
        })
    }

    /// Adds the checks across years against last year's summary (see [`Document::last_year`]), with
    /// the settings' severity overrides, to the diagnostics of a text of one report.
    pub fn add_cross_year(&mut self, prev: &YearSummary) {
        let (Some(whole), Some(me)) = (self.whole.as_mut(), self.summary.as_ref()) else {
            return;
        };
        let mut across = crossyear::cross_year_with(&self.text, whole, prev, Some(me));
        self.settings.apply(&mut across);
        if whole.report.is_report {
            whole.diagnostics.extend(across);
            whole
                .diagnostics
                .sort_by_key(|d| (d.range.start, d.range.end, d.code));
        }
    }

    /// The text analysed (traditional characters folded).
    pub fn text(&self) -> &Arc<String> {
        &self.text
    }

    /// Takes the text out of a document about to be dropped, for a front end to reuse its buffer;
    /// the document is left with an empty text.
    pub fn take_text(&mut self) -> Arc<String> {
        std::mem::take(&mut self.text)
    }

    pub fn index(&self) -> &LineIndex {
        &self.index
    }

    pub fn parsed(&self) -> &Parsed {
        &self.parsed
    }

    /// Where each unit (report) of the text stands.
    pub fn units(&self) -> impl ExactSizeIterator<Item = TextRange> + '_ {
        self.spans.iter().map(|s| s.range)
    }

    /// How many units were carried over from the earlier version without being checked again.
    pub fn reused_units(&self) -> usize {
        self.reused
    }

    /// What this version carries into next year's checks.
    pub fn summary(&self) -> Option<&YearSummary> {
        self.summary.as_ref()
    }

    /// The diagnostics, in order, with the settings' severity overrides applied; none when the text
    /// is not a report.
    pub fn diagnostics(&self) -> impl Iterator<Item = Cow<'_, Diagnostic>> + '_ {
        let whole = self.whole.iter().flat_map(|w| w.diagnostics.iter());
        let units = self
            .units
            .iter()
            .filter(|_| self.whole.is_none())
            .flat_map(|u| {
                u.diagnostics().iter().map(|d| {
                    let mut d = d.clone();
                    d.shift(u.range.start);
                    Cow::Owned(d)
                })
            });
        whole.map(Cow::Borrowed).chain(units)
    }

    /// The analysis of the whole text (a 汇总's units assembled again and merged).
    pub fn analysis(&self) -> Cow<'_, Analysis> {
        match &self.whole {
            Some(whole) => Cow::Borrowed(whole),
            None => {
                Cow::Owned(merge(self.spans.iter().zip(&self.units).map(
                    |(span, unit)| (span.range.start, self.unit_analysis(span, unit)),
                )))
            }
        }
    }

    /// The analysis of one unit of a 汇总, ranges relative to its start.
    fn unit_analysis(&self, span: &UnitSpan, unit: &UnitDone) -> Analysis {
        let own = self
            .text
            .get(span.range.start..span.range.end)
            .unwrap_or("");
        let report = assemble(
            own,
            &unit_parsed(&self.text, &self.parsed, span),
            &self.opts,
        );
        Analysis {
            report,
            diagnostics: unit.diagnostics().to_vec(),
            units: vec![TextRange::new(0, own.len())],
        }
    }

    /// The views a request over `range` reads (`None`: the whole text): for a text of one report,
    /// its analysis; for a 汇总, each unit the range touches, assembled again from its parts and
    /// dropped with the view.
    pub fn views(&self, range: Option<TextRange>) -> Vec<View<'_>> {
        if let Some(whole) = &self.whole {
            return vec![View {
                text: &self.text,
                analysis: Cow::Borrowed(whole),
                first: 0,
            }];
        }
        // An empty range (a cursor) is in the unit that starts at it, or at the end of the last
        // one.
        let touches = |unit: TextRange| match range {
            None => true,
            Some(r) => {
                unit.start < r.end.max(r.start + 1) && r.start < unit.end
                    || (r.start == self.text.len() && unit.end == r.start)
            }
        };
        let mut views = Vec::new();
        let mut first = 0;
        for (span, unit) in self.spans.iter().zip(&self.units) {
            if touches(span.range) {
                let analysis = merge([(span.range.start, self.unit_analysis(span, unit))]);
                views.push(View {
                    text: &self.text,
                    analysis: Cow::Owned(analysis),
                    first,
                });
            }
            first += unit.diagnostics().len();
        }
        views
    }

    /// The view of the unit at `offset` (the whole text's for a text of one report).
    pub fn view_at(&self, offset: usize) -> Option<View<'_>> {
        self.views(Some(TextRange::empty(offset)))
            .into_iter()
            .next_back()
    }
}

/// What a feature reads of a document: the analysis of the whole text, or of one unit of a 汇总 (with
/// ranges in the whole text), and where its diagnostics stand among the document's.
pub struct View<'a> {
    pub text: &'a str,
    pub analysis: Cow<'a, Analysis>,
    /// The index in [`Document::diagnostics`] of the view's first diagnostic.
    pub first: usize,
}

impl View<'_> {
    /// The view as the feature functions read it, their messages in `lang`.
    pub fn snapshot(&self, lang: Lang) -> Snapshot<'_> {
        Snapshot {
            text: self.text,
            analysis: &self.analysis,
            lang,
        }
    }
}

/// Parses and checks a text once (a [`Document`] is what keeps a text's analysis
/// for its next version). Traditional characters are read as their simplified forms (see
/// [`to_simplified`]: the offsets stay those of `text`).
pub fn analyze(text: &str, opts: &ParseOptions) -> Analysis {
    let text = to_simplified(text);
    let settings = Settings {
        default_year: opts.default_year,
        default_format: opts.default_format,
        ..Settings::default()
    };
    check_once(&text, &settings)
}

/// Parses and checks a text once (see [`crate::analyze`]): the same checks as a [`Document`]'s,
/// keeping every unit's report and none of the caches an editor keeps for the next version.
pub(crate) fn check_once(text: &str, settings: &Settings) -> Analysis {
    let parsed = parse_parts(text);
    let spans = unit_spans(&parsed);
    let checked = check_units(text, &parsed, &spans, settings, None, Keep::Reports);
    checked.whole.unwrap_or_else(|| merge([]))
}

/// Whether `change` turns a text of `old`'s length into `new`, on character boundaries.
fn fits(old: &str, new: &str, c: Change) -> bool {
    c.start <= c.old_end
        && c.old_end <= old.len()
        && c.start <= c.new_end
        && c.new_end <= new.len()
        && old.len() - c.old_end == new.len() - c.new_end
        && old.is_char_boundary(c.start)
        && old.is_char_boundary(c.old_end)
        && new.is_char_boundary(c.start)
        && new.is_char_boundary(c.new_end)
}

/// Folds the traditional characters of `text[range]` in place (folding keeps every byte offset).
fn fold(text: &mut String, range: std::ops::Range<usize>) {
    if let Cow::Owned(folded) = to_simplified(&text[range.clone()]) {
        text.replace_range(range, &folded);
    }
}

/// The earlier version a document is made from, and the change from its text.
struct Base<'a> {
    doc: &'a Document,
    change: Option<Change>,
}

/// What an analysis keeps besides the diagnostics.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// The tables and pieces the next version reuses (an editor's document).
    Caches,
    /// Every unit's report, merged into the whole text's analysis (a text checked once).
    Reports,
}

/// What checking a text's units produced.
struct Checked {
    units: Vec<UnitDone>,
    reused: usize,
    whole: Option<Analysis>,
    tables: TableCache,
    pieces: PieceCache,
}

/// Assembles and checks each unit of a text: a unit the edit left alone (wholly before or after the
/// change, or with the same text; same settings) keeps its diagnostics; the others reuse the tables
/// of the parts the edit left alone.
fn check_units(
    text: &str,
    parsed: &Parsed,
    spans: &[UnitSpan],
    settings: &Settings,
    base: Option<&Base<'_>>,
    keep: Keep,
) -> Checked {
    let opts = settings.parse_options();
    let empty = TableCache::default();
    let cache = base.map_or(&empty, |b| &b.doc.tables);
    let no_pieces = PieceCache::default();
    let base_pieces = base.map_or(&no_pieces, |b| &b.doc.pieces);
    let mut pieces = PieceCache::default();
    let single = spans.len() <= 1;
    let earlier = match base.filter(|b| b.doc.settings == *settings && !single) {
        Some(b) => earlier_units(&b.doc.units, text, spans, b.change),
        None => vec![None; spans.len()],
    };
    let mut tables = TableCache::default();
    let mut checked = 0;
    let mut reused = 0;
    let mut units: Vec<UnitDone> =
        Vec::with_capacity(if keep == Keep::Caches { spans.len() } else { 0 });
    let mut reports = Vec::new();
    let mut whole = None;
    for (span, earlier) in spans.iter().zip(earlier) {
        if let Some(done) = earlier {
            reused += 1;
            units.push(done.moved(span.range));
            continue;
        }
        // A text of one report is never reused by unit (any edit is in it): its key stays empty.
        let key = if single || keep == Keep::Reports {
            UnitKey::default()
        } else {
            UnitKey::new(text, span)
        };
        let own_parsed;
        let (own, unit_parts) = if single {
            (text, parsed)
        } else {
            own_parsed = match keep {
                Keep::Caches => {
                    let (own_parsed, unit_pieces) =
                        unit_parsed_cached(text, parsed, span, base_pieces);
                    if checked < KEEP_TABLES_OF {
                        pieces.extend(unit_pieces);
                    }
                    own_parsed
                }
                Keep::Reports => unit_parsed(text, parsed, span),
            };
            (
                text.get(span.range.start..span.range.end).unwrap_or(""),
                &own_parsed,
            )
        };
        let report = match keep {
            Keep::Caches => {
                let (report, unit_tables) = assemble_cached(own, unit_parts, &opts, cache);
                // A single report keeps its tables; a 汇总 reuses whole units, and keeps the tables
                // of the units it checked again only when they are few (the units an edit touched,
                // which the next edit most likely touches again), so that opening it does not keep
                // every unit's tables.
                checked += 1;
                if single || checked <= KEEP_TABLES_OF {
                    tables.extend(unit_tables);
                } else {
                    tables = TableCache::default();
                    pieces = PieceCache::default();
                }
                report
            }
            Keep::Reports => assemble(own, unit_parts, &opts),
        };
        let mut diagnostics = check::check(own, &report);
        settings.apply(&mut diagnostics);
        if !report.is_report {
            diagnostics.clear();
        }
        let analysis = Analysis {
            report,
            diagnostics,
            units: vec![TextRange::new(0, own.len())],
        };
        if single {
            whole = Some(analysis);
            units.push(UnitDone::new(span.range, key, Vec::new()));
        } else if keep == Keep::Reports {
            reports.push((span.range.start, analysis));
        } else {
            units.push(UnitDone::new(span.range, key, analysis.diagnostics));
        }
    }
    if !reports.is_empty() {
        whole = Some(merge(reports));
    }
    Checked {
        units,
        reused,
        whole,
        tables,
        pieces,
    }
}

/// One unit's report, checked as a text of its own. Only its diagnostics are kept: the report model
/// of a unit is assembled again, from the parts, when a view asks for it (see [`Document::views`]),
/// so that a 汇总 of hundreds of reports does not keep every report's tables twice.
#[derive(Debug, PartialEq)]
struct UnitDone {
    range: TextRange,
    key: UnitKey,
    /// The unit's diagnostics, ranges relative to its start, settings applied; `None` when it has
    /// none (or is no report), so that carrying a clean unit over to the next version touches no
    /// memory of its own.
    diagnostics: Option<Arc<Vec<Diagnostic>>>,
}

impl UnitDone {
    fn new(range: TextRange, key: UnitKey, diagnostics: Vec<Diagnostic>) -> UnitDone {
        UnitDone {
            range,
            key,
            diagnostics: (!diagnostics.is_empty()).then(|| Arc::new(diagnostics)),
        }
    }

    /// The same unit's analysis where the unit now stands.
    fn moved(&self, range: TextRange) -> UnitDone {
        UnitDone {
            range,
            key: self.key,
            diagnostics: self.diagnostics.clone(),
        }
    }

    fn diagnostics(&self) -> &[Diagnostic] {
        self.diagnostics.as_deref().map_or(&[], Vec::as_slice)
    }
}

/// What a unit's analysis depends on: its text, told by its length and hash. A unit the edit left
/// alone is found by where it stands (see [`earlier_units`]); the hash finds the others whose text
/// an edit left unchanged (when several edits are combined into one change, the units between them
/// are parsed again with their text unchanged).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct UnitKey {
    len: usize,
    hash: u64,
}

impl UnitKey {
    fn new(text: &str, span: &UnitSpan) -> UnitKey {
        UnitKey {
            len: span.range.len(),
            hash: text_hash(text, span),
        }
    }

    /// Whether the unit at `span` of `text` is the one this key describes.
    fn matches(&self, text: &str, span: &UnitSpan) -> bool {
        self.len == span.range.len() && self.hash == text_hash(text, span)
    }
}

/// The hash of a unit's text (SipHash, whose 64 bits no edit collides with by accident).
fn text_hash(text: &str, span: &UnitSpan) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    text.get(span.range.start..span.range.end)
        .unwrap_or("")
        .hash(&mut h);
    h.finish()
}

/// For each span, the earlier unit it is: an edit changes one stretch of the text (`change`, from
/// the earlier units' text to `text`; `None` when unknown), so the units before it match in order
/// from the start and the units after it from the end. A unit that stands at the same place wholly
/// before the change, or moved by the change's shift wholly after it, has the same text without
/// reading it; the others are compared by their key.
fn earlier_units<'a>(
    earlier: &'a [UnitDone],
    text: &str,
    spans: &[UnitSpan],
    change: Option<Change>,
) -> Vec<Option<&'a UnitDone>> {
    let before = |old: &UnitDone, span: &UnitSpan| {
        change.is_some_and(|c| old.range == span.range && span.range.end <= c.start)
    };
    let after = |old: &UnitDone, span: &UnitSpan| {
        change.is_some_and(|c| {
            old.range.start >= c.old_end
                && span.range.start >= c.new_end
                && old.range.start - c.old_end == span.range.start - c.new_end
                && old.range.len() == span.range.len()
        })
    };
    let mut found = vec![None; spans.len()];
    let mut head = 0;
    while head < spans.len()
        && head < earlier.len()
        && (before(&earlier[head], &spans[head]) || earlier[head].key.matches(text, &spans[head]))
    {
        found[head] = Some(&earlier[head]);
        head += 1;
    }
    let (mut i, mut j) = (spans.len(), earlier.len());
    while i > head
        && j > head
        && (after(&earlier[j - 1], &spans[i - 1])
            || earlier[j - 1].key.matches(text, &spans[i - 1]))
    {
        found[i - 1] = Some(&earlier[j - 1]);
        i -= 1;
        j -= 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::parse::reparse;

    use super::*;

    const UNIT: &str = "某局2021年政府信息公开工作年度报告\n一、总体情况\n2021年，本局认真工作。\n六、其他需要报告的事项\n本年度未收取信息处理费。\n";

    #[test]
    fn a_document_edited_or_given_new_settings_equals_one_opened_afresh() {
        let text = UNIT.repeat(3);
        let plain = Settings::default();
        let doc = Document::open(text.clone(), "r.txt", &plain);
        let first = doc.diagnostics().next().expect("a diagnostic").code;
        // The first diagnostic's code turned off: gone from every unit, as when opened with it off.
        let off = Settings {
            severity: vec![(first, None)],
            ..Settings::default()
        };
        let quiet = doc.reanalysed(&off);
        assert!(quiet.diagnostics().all(|d| d.code != first));
        assert!(quiet == Document::open(text.clone(), "r.txt", &off));
        // A traditional character typed into the second unit, the change known or not.
        let at = text.len() / 2;
        let at = (at..).find(|&i| text.is_char_boundary(i)).unwrap();
        let new = format!("{}報{}", &text[..at], &text[at..]);
        let change = Change {
            start: at,
            old_end: at,
            new_end: at + "報".len(),
        };
        let fresh = Document::open(new.clone(), "r.txt", &off);
        assert_eq!(fresh.text().as_str(), new.replace('報', "报"));
        for known in [Some(change), None] {
            let edited = quiet.edited(new.clone(), known, &off);
            assert!(edited == fresh, "{known:?}");
            // The first and third units are carried over, found by their place or by their text.
            assert_eq!(edited.reused_units(), 2, "{known:?}");
        }
        // A change that does not fit the texts is read as unknown.
        let wrong = Change {
            new_end: text.len() + 10,
            ..change
        };
        assert!(quiet.edited(new, Some(wrong), &off) == fresh);
    }

    #[test]
    fn an_edit_in_one_unit_leaves_the_others_matched_even_when_it_parses_their_part_again() {
        let text = UNIT.repeat(3);
        let parsed = parse_parts(&text);
        let spans = unit_spans(&parsed);
        assert_eq!(spans.len(), 3);
        let earlier: Vec<UnitDone> = spans
            .iter()
            .map(|s| UnitDone::new(s.range, UnitKey::new(&text, s), Vec::new()))
            .collect();
        // A blank line inserted before the second unit's section 一, whose part before (the first
        // unit's section 六, which holds the second unit's title line) is parsed again and takes the
        // blank line.
        let at = spans[1].range.start + UNIT.find("一、").unwrap();
        let edited = format!("{}\n{}", &text[..at], &text[at..]);
        let change = Change {
            start: at,
            old_end: at,
            new_end: at + 1,
        };
        let reparsed = reparse(&parsed, &edited, change);
        let new_spans = unit_spans(&reparsed);
        let last_of_first = new_spans[0].parts.end - 1;
        assert!(!Arc::ptr_eq(
            parsed.part(last_of_first).unwrap().part,
            reparsed.part(last_of_first).unwrap().part
        ));
        // The first unit is the same text, the second changed, the third moved: found by where they
        // stand when the change is known, by their text when it is not.
        for known in [Some(change), None] {
            let matched: Vec<bool> = earlier_units(&earlier, &edited, &new_spans, known)
                .iter()
                .map(Option::is_some)
                .collect();
            assert_eq!(matched, [true, false, true], "{known:?}");
        }
    }

    #[test]
    fn a_unit_is_not_matched_by_its_place_when_the_change_reaches_it() {
        let text = UNIT.repeat(3);
        let spans = unit_spans(&parse_parts(&text));
        let earlier: Vec<UnitDone> = spans
            .iter()
            .map(|s| UnitDone::new(s.range, UnitKey::new(&text, s), Vec::new()))
            .collect();
        // The last character of the first unit replaced by another of the same length.
        let at = spans[0].range.end - "。\n".len();
        let edited = format!("{}！{}", &text[..at], &text[at + "。".len()..]);
        let change = Change {
            start: at,
            old_end: at + "。".len(),
            new_end: at + "！".len(),
        };
        let new_spans = unit_spans(&parse_parts(&edited));
        assert_eq!(
            new_spans.iter().map(|s| s.range).collect::<Vec<_>>(),
            spans.iter().map(|s| s.range).collect::<Vec<_>>()
        );
        let matched: Vec<bool> = earlier_units(&earlier, &edited, &new_spans, Some(change))
            .iter()
            .map(Option::is_some)
            .collect();
        assert_eq!(matched, [false, true, true]);
    }
}
