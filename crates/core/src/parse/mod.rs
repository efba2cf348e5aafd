//! Text → report model. The text is cut at section headings into parts that are parsed on their own
//! (so that an edit re-parses only its part); the parts are then put together into a [`Report`].

pub mod headings;
pub mod items;
pub mod labels;
pub mod lex;
pub mod meta;
pub mod misread;
pub mod narrative;
pub mod packed;
pub mod runs;
pub mod tables;
pub mod units;

use std::sync::Arc;

use crate::catalog::{Format, SectionId, TableKind};
use crate::model::{Report, Section, Table};
use crate::text::hash::FxHashMap;
use crate::text::TextRange;
use headings::HeadingMatch;
use items::{Item, ItemKind};
use lex::{Token, TokenKind};
use tables::{RawTable, Slot, SlotKind};

/// What parsing needs to know beyond the text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// The report year to assume when the text does not say.
    pub default_year: Option<i32>,
    /// The format to expect when the year is unknown.
    pub default_format: Option<Format>,
}

/// One part of the text: the preamble, or a section from its heading line to the next heading line;
/// a long preamble or section is cut into several parts after some of its narrative lines (see
/// [`CUT_AFTER`]), so that an edit in a long text re-parses only a piece of it. Every range in it
/// is relative to the part's start, so that a part moved by an edit elsewhere is reused as it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The length of the part's text in bytes.
    pub len: usize,
    pub heading: Option<HeadingMatch>,
    /// Whether the part continues the preamble or section of the part before it (it starts after a
    /// cut, not at a heading).
    pub continued: bool,
    /// The section the part belongs to (its heading's, or the one it continues); `None` in the
    /// preamble.
    pub section: Option<SectionId>,
    /// From the end of the heading (or the start of the part) to the end of the part.
    pub body: TextRange,
    /// The part's tables as found; packed in the parts an editor keeps (see [`packed`]).
    pub tables: packed::PartTables,
    /// Table 四 read without its header, for section 四 when none of its parts has table 四: `None`
    /// when the part has no value, else the run of values from its first one (none when that run is
    /// too short to be the table).
    pub headerless_t4: Option<packed::PartTables>,
    /// Lines recognised as page chrome.
    pub chrome: Vec<TextRange>,
    /// What the part's narrative (its body outside its tables and chrome) states.
    pub narrative: Arc<narrative::Narrative>,
}

/// How far (in bytes) past the start of its part a narrative line must end before the part may be
/// cut after it.
pub const CUT_AFTER: usize = 4 * 1024;

/// One line in this many of the narrative lines that qualify is a cut (chosen by the line's
/// content, so that where the cuts fall does not depend on what comes before them).
const CUT_ONE_IN: u32 = 8;

/// A part and where it starts in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct PartAt {
    pub start: usize,
    pub part: Arc<Part>,
    /// What finding the units of a 汇总 reads of every part, kept beside it (see [`PartAt::new`]).
    pub marks: PartMarks,
}

/// The section a part's heading opens and where its last title line starts (relative to the part):
/// a copy of what the part holds, so that a scan over thousands of parts reads one array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartMarks {
    pub heading: Option<SectionId>,
    pub last_title: Option<usize>,
}

impl PartAt {
    pub fn new(start: usize, part: Arc<Part>) -> PartAt {
        // A re-worded heading is a section only where it stands in order (see `opening_headings`),
        // so of the re-worded ones only 一 counts here: a report of a 汇总 may word every heading its
        // own way, and it opens with 一 after a title line; a re-worded 六 after a line naming a
        // report (`（六）本行政机关认为需要报告的其他事项`) opens none.
        let heading = part
            .heading
            .filter(|h| h.wording != crate::model::HeadingWording::Reworded || h.id.0 == 1)
            .map(|h| h.id);
        let marks = PartMarks {
            heading,
            last_title: part.narrative.titles.last().map(|t| t.start),
        };
        PartAt { start, part, marks }
    }

    /// The same part at another place.
    pub fn moved(&self, start: usize) -> PartAt {
        PartAt {
            start,
            part: Arc::clone(&self.part),
            marks: self.marks,
        }
    }
}

/// A part of a [`Parsed`] and where it starts in the text (the parts of a [`Parsed`] are kept in
/// shared chunks, relative to their chunk: this is one of them, read in place).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PartRef<'a> {
    pub start: usize,
    pub part: &'a Arc<Part>,
    pub marks: PartMarks,
}

impl PartRef<'_> {
    /// The same part at another place.
    pub fn moved(&self, start: usize) -> PartAt {
        PartAt {
            start,
            part: Arc::clone(self.part),
            marks: self.marks,
        }
    }
}

/// How many parts a chunk of a [`Parsed`] holds at most (a few in the crate's own tests, so that
/// they cross chunk boundaries).
const PARTS_PER_CHUNK: usize = if cfg!(test) { 3 } else { 64 };

/// A text cut into parsed parts: what an edit updates incrementally. The parts are kept in chunks
/// shared between versions, each part's start relative to its chunk's: an edit builds again only
/// the chunks it touches and moves the others whole, so that its cost grows with the parts it
/// touches, not with the text. Two `Parsed` are equal when their parts are, however they are
/// chunked.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// Never empty chunks, in order.
    chunks: Vec<Chunk>,
    /// The length of the text the parts cover.
    pub len: usize,
}

/// A run of consecutive parts of a [`Parsed`].
#[derive(Debug, Clone)]
struct Chunk {
    /// Where the chunk's first part starts in the text; its parts' starts are relative to it.
    base: usize,
    /// The index of the chunk's first part among all the parts.
    first: usize,
    parts: Arc<[PartAt]>,
}

impl Chunk {
    fn at<'a>(&'a self, p: &'a PartAt) -> PartRef<'a> {
        PartRef {
            start: self.base + p.start,
            part: &p.part,
            marks: p.marks,
        }
    }
}

impl PartialEq for Parsed {
    fn eq(&self, other: &Parsed) -> bool {
        self.len == other.len
            && self.part_count() == other.part_count()
            && self.parts().eq(other.parts())
    }
}

impl Parsed {
    /// The parts (with their starts in the text, in order) of a text of `len` bytes.
    pub fn new(parts: Vec<PartAt>, len: usize) -> Parsed {
        let mut chunks = Vec::with_capacity(parts.len().div_ceil(PARTS_PER_CHUNK));
        push_chunks(&mut chunks, 0, parts);
        Parsed { chunks, len }
    }

    /// How many parts there are.
    pub fn part_count(&self) -> usize {
        self.chunks.last().map_or(0, |c| c.first + c.parts.len())
    }

    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }

    /// The chunk that holds part `i`.
    fn chunk_of(&self, i: usize) -> Option<&Chunk> {
        let k = self
            .chunks
            .partition_point(|c| c.first <= i)
            .checked_sub(1)?;
        self.chunks.get(k).filter(|c| i < c.first + c.parts.len())
    }

    /// Part `i`.
    pub fn part(&self, i: usize) -> Option<PartRef<'_>> {
        let c = self.chunk_of(i)?;
        c.parts.get(i - c.first).map(|p| c.at(p))
    }

    /// Where part `i` ends: where the next one starts, or the end of the text.
    pub fn part_end(&self, i: usize) -> usize {
        self.part(i + 1).map_or(self.len, |p| p.start)
    }

    /// Every part, in order.
    pub fn parts(&self) -> impl DoubleEndedIterator<Item = PartRef<'_>> + '_ {
        self.range(0..self.part_count())
    }

    /// The parts of the index range `r` (clamped to the parts there are), in order.
    pub fn range(
        &self,
        r: std::ops::Range<usize>,
    ) -> impl DoubleEndedIterator<Item = PartRef<'_>> + '_ {
        let end = r.end.min(self.part_count());
        let start = r.start.min(end);
        let chunks = if start < end {
            let lo = self.chunks.partition_point(|c| c.first <= start) - 1;
            let hi = self.chunks.partition_point(|c| c.first < end);
            &self.chunks[lo..hi]
        } else {
            &[]
        };
        chunks.iter().flat_map(move |c| {
            let from = start.saturating_sub(c.first);
            let to = (end - c.first).min(c.parts.len());
            c.parts[from..to].iter().map(move |p| c.at(p))
        })
    }

    /// The index of the first part for which `pred` is false (`pred` is true for the parts before
    /// it and false after), as `slice::partition_point`.
    pub fn partition_point(&self, mut pred: impl FnMut(PartRef<'_>) -> bool) -> usize {
        let k = self.chunks.partition_point(|c| pred(c.at(&c.parts[0])));
        let Some(c) = k.checked_sub(1).and_then(|k| self.chunks.get(k)) else {
            return 0;
        };
        c.first + c.parts.partition_point(|p| pred(c.at(p)))
    }

    /// These parts with the parts of index range `replaced` (not empty) replaced by `parts` (starts
    /// in the new text), the parts after them moved by `change`: the chunks before the range are
    /// shared, the chunks after it are shared and moved, only the chunks the range touches are
    /// built again.
    fn replaced(
        &self,
        replaced: std::ops::Range<usize>,
        parts: Vec<PartAt>,
        change: Change,
        len: usize,
    ) -> Parsed {
        let lo = self
            .chunks
            .partition_point(|c| c.first <= replaced.start)
            .saturating_sub(1);
        let mut hi = self
            .chunks
            .partition_point(|c| c.first < replaced.end)
            .max(lo + 1);
        let moved = |p: PartRef<'_>| p.moved(p.start - change.old_end + change.new_end);
        let mut middle: Vec<PartAt> = Vec::with_capacity(2 * PARTS_PER_CHUNK + parts.len());
        middle.extend(
            self.range(self.chunks[lo].first..replaced.start)
                .map(|p| p.moved(p.start)),
        );
        let added = parts.len();
        middle.extend(parts);
        let chunks_end = self.chunks[hi - 1].first + self.chunks[hi - 1].parts.len();
        middle.extend(self.range(replaced.end..chunks_end).map(moved));
        // A short run joins the chunk after it, so that edits do not leave ever smaller chunks.
        if middle.len() < PARTS_PER_CHUNK / 2 {
            if let Some(next) = self.chunks.get(hi) {
                middle.extend(next.parts.iter().map(|p| moved(next.at(p))));
                hi += 1;
            }
        }
        let mut chunks = Vec::with_capacity(self.chunks.len() + 2);
        chunks.extend_from_slice(&self.chunks[..lo]);
        push_chunks(&mut chunks, self.chunks[lo].first, middle);
        chunks.extend(self.chunks[hi..].iter().map(|c| Chunk {
            base: c.base - change.old_end + change.new_end,
            first: c.first - replaced.len() + added,
            parts: Arc::clone(&c.parts),
        }));
        Parsed { chunks, len }
    }
}

/// Appends `parts` (starts in the text), the first of which has index `first`, as chunks of at most
/// [`PARTS_PER_CHUNK`] parts of nearly equal sizes.
fn push_chunks(chunks: &mut Vec<Chunk>, first: usize, parts: Vec<PartAt>) {
    let n = parts.len().div_ceil(PARTS_PER_CHUNK);
    let mut parts = parts.into_iter();
    let mut index = first;
    for k in 0..n {
        let size = parts.len() / (n - k);
        let base = parts.as_slice().first().map_or(0, |p| p.start);
        let run: Vec<PartAt> = parts
            .by_ref()
            .take(size)
            .map(|p| PartAt {
                start: p.start - base,
                ..p
            })
            .collect();
        chunks.push(Chunk {
            base,
            first: index,
            parts: run.into(),
        });
        index += size;
    }
}

/// One replacement in a text: bytes `start..old_end` of the old text became `start..new_end` of the
/// new one. Several edits are combined with [`Change::then`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl Change {
    /// The change that covers `self` followed by `next` (whose offsets are in the text after
    /// `self`).
    pub fn then(self, next: Change) -> Change {
        let lo = self.start.min(next.start);
        let hi_cur = self.new_end.max(next.old_end);
        // Map the high end back to the text before `self`: past `self`, offsets shift by its delta.
        let old_hi = self.old_end + (hi_cur - self.new_end);
        let new_hi = hi_cur + (next.new_end - next.start) - (next.old_end - next.start);
        Change {
            start: lo,
            old_end: old_hi,
            new_end: new_hi,
        }
    }
}

/// Parses a whole text.
pub fn parse(text: &str, opts: &ParseOptions) -> Report {
    assemble(text, &parse_parts(text), opts)
}

/// Cuts a whole text into parsed parts.
pub fn parse_parts(text: &str) -> Parsed {
    Parsed::new(
        parse_region(text, 0, text.len(), None, false)
            .into_iter()
            .map(|p| p.at)
            .collect(),
        text.len(),
    )
}

/// Cuts a whole text into parsed parts with their tables packed, as an editor keeps them between
/// edits (see [`packed`]); equal to [`parse_parts`]'s.
pub fn parse_parts_packed(text: &str) -> Parsed {
    Parsed::new(
        parse_region(text, 0, text.len(), None, true)
            .into_iter()
            .map(|p| p.at)
            .collect(),
        text.len(),
    )
}

/// Updates `old` (the parts of the text before `change`) for `text` (the text after it): only the
/// parts the change touches, and the part before them, are parsed again; the result equals
/// [`parse_parts`].
pub fn reparse(old: &Parsed, text: &str, change: Change) -> Parsed {
    reparse_replacing(old, text, change).0
}

/// The parts an update replaced: parts `start..old_end` of the old text became parts
/// `start..new_end` of the new one; the parts before are the same, the parts after are the same
/// moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replaced {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

/// [`reparse`], and which parts it replaced (all of them when it parsed the text from scratch).
pub fn reparse_replacing(old: &Parsed, text: &str, change: Change) -> (Parsed, Replaced) {
    let everything = |new: Parsed| {
        let replaced = Replaced {
            start: 0,
            old_end: old.part_count(),
            new_end: new.part_count(),
        };
        (new, replaced)
    };
    let consistent = change.start <= change.old_end
        && change.old_end <= old.len
        && change.start <= change.new_end
        && old.len - (change.old_end - change.start) + (change.new_end - change.start)
            == text.len()
        && !old.is_empty();
    if !consistent {
        return everything(parse_parts_packed(text));
    }
    // The part holding the change's start, and the part before it (whose heading line, or the
    // narrative line it was cut after, the change cannot touch) when the change starts on the first
    // line of its part: that line decides whether the part starts there (a heading) and the text
    // before the change is the same in both texts. Past the first line break, the part still starts
    // where it did, and the part before it, parsed from its own text only, is unchanged. Through
    // the last part that starts at or before the change's end.
    let holder = old
        .partition_point(|p| p.start <= change.start)
        .saturating_sub(1);
    let past_first_line = |p: PartRef<'_>| {
        text.as_bytes()
            .get(p.start..change.start)
            .is_some_and(|b| memchr::memchr(b'\n', b).is_some())
    };
    let first = if old.part(holder).is_some_and(past_first_line) {
        holder
    } else {
        holder.saturating_sub(1)
    };
    let mut last = old
        .partition_point(|p| p.start <= change.old_end)
        .saturating_sub(1)
        .max(first);
    let Some(region_start) = old.part(first).map(|p| p.start) else {
        return everything(parse_parts_packed(text));
    };
    // A region that starts after a cut continues the section of the part before it.
    let context = first
        .checked_sub(1)
        .and_then(|i| old.part(i))
        .map(|p| p.part.section);
    loop {
        let old_region_end = old.part_end(last);
        let new_region_end = old_region_end - change.old_end + change.new_end;
        if !text.is_char_boundary(region_start)
            || !text.is_char_boundary(new_region_end)
            || new_region_end > text.len()
        {
            return everything(parse_parts_packed(text));
        }
        // The parts an edit parses are kept by an editor: their tables are packed.
        let region = parse_region(text, region_start, new_region_end, context, true);
        // The part after the region is reused only when a full parse would start a part there too,
        // in the same section: a heading starts one wherever it stands, but a cut only after a line
        // that is still a cut, and a part that continues a section must continue the one the region
        // ends in.
        if let Some(next) = old.part(last + 1) {
            let end_part = region.last();
            let still_cut = end_part.is_some_and(|p| p.ends_in_cut);
            let same_section = end_part.map(|p| p.at.part.section) == Some(next.part.section);
            if next.part.continued && !(still_cut && same_section) {
                last += 1;
                continue;
            }
        }
        let new_end = first + region.len();
        let replaced = Replaced {
            start: first,
            old_end: last + 1,
            new_end,
        };
        return (
            old.replaced(
                first..last + 1,
                region.into_iter().map(|p| p.at).collect(),
                change,
                text.len(),
            ),
            replaced,
        );
    }
}

/// A part parsed in a region, and whether the region's last line is a cut.
struct RegionPart {
    at: PartAt,
    ends_in_cut: bool,
}

impl std::ops::Deref for RegionPart {
    type Target = PartAt;
    fn deref(&self) -> &PartAt {
        &self.at
    }
}

/// Whether the parser may cut a part after this line: a line of narrative (one text token longer
/// than any label, so that it ends any table before it and no label can run across it), that is no
/// heading, ends at least [`CUT_AFTER`] bytes past the part's start, and is one of the lines its
/// content elects.
fn is_cut(region: &str, tokens: &[Token], line_end_in_part: usize) -> bool {
    let [tok] = tokens else { return false };
    if tok.kind != TokenKind::Text || line_end_in_part < CUT_AFTER {
        return false;
    }
    let raw = tok.range.slice(region);
    let elected = raw
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        % CUT_ONE_IN
        == 0;
    elected
        && raw.len() > labels::MAX_LABEL_CHARS
        && crate::text::normalize(raw, 0).char_len() > labels::MAX_LABEL_CHARS
        && headings::match_heading(region, tok.range).is_none()
}

/// Parses `text[start..end]` (which starts at a part boundary and ends at a line start or the end)
/// into parts. `context` is `None` when the region starts the text, else the section of the part
/// before it (which a region that does not start with a heading continues).
fn parse_region(
    text: &str,
    start: usize,
    end: usize,
    context: Option<Option<SectionId>>,
    pack: bool,
) -> Vec<RegionPart> {
    let region = &text[start..end];
    let (tokens, lines) = lex::lex(region);
    // Part boundaries: (start, first token, whether it starts with a heading, first line). A
    // boundary is the start of every line whose first token is a heading, and the start of the line
    // after a cut.
    let mut bounds: Vec<(usize, usize, bool, u32)> = vec![(0, 0, false, 0)];
    let mut last_cut = false;
    let mut t = 0;
    for (n, line) in lines.iter().enumerate() {
        // The empty rest after the region's last line break is no line of its own.
        if n > 0 && line.range.start == region.len() {
            break;
        }
        let from = t;
        while t < tokens.len() && tokens[t].line as usize == n {
            t += 1;
        }
        let line_tokens = &tokens[from..t];
        let headed = line_tokens.first().is_some_and(|tok| {
            tok.kind == TokenKind::Text && headings::match_heading(region, tok.range).is_some()
        });
        if headed {
            if line.range.start == 0 {
                bounds[0] = (0, from, true, n as u32);
            } else {
                bounds.push((line.range.start, from, true, n as u32));
            }
        } else if last_cut {
            bounds.push((line.range.start, from, false, n as u32));
        }
        let part_start = bounds.last().map_or(0, |b| b.0);
        last_cut = is_cut(region, line_tokens, line.range.end - part_start);
    }
    let mut out: Vec<RegionPart> = Vec::with_capacity(bounds.len());
    let mut section = context.flatten();
    for (k, &(part_start, tok_from, headed, first_line)) in bounds.iter().enumerate() {
        let (part_end, tok_to, _, _) =
            bounds
                .get(k + 1)
                .copied()
                .unwrap_or((region.len(), tokens.len(), false, 0));
        let part_text = &region[part_start..part_end];
        // The first part starts at the region's first line: its tokens are the region's as they
        // are.
        let part_tokens: std::borrow::Cow<'_, [Token]> = if part_start == 0 && first_line == 0 {
            std::borrow::Cow::Borrowed(&tokens[tok_from..tok_to])
        } else {
            tokens[tok_from..tok_to]
                .iter()
                .map(|t| Token {
                    range: TextRange::new(t.range.start - part_start, t.range.end - part_start),
                    // Lines are counted from the part's first line, so that a part reads the same
                    // wherever it stands.
                    line: t.line - first_line,
                    ..*t
                })
                .collect()
        };
        let first = lines.partition_point(|l| l.range.start < part_start);
        let chrome: Vec<TextRange> = lines[first..]
            .iter()
            .take_while(|l| l.range.start < part_end)
            .filter(|l| l.chrome)
            .map(|l| TextRange::new(l.range.start - part_start, l.range.end - part_start))
            .collect();
        // The region's first part continues the part before it unless it starts the text or a
        // section.
        let continued = !headed && (k > 0 || context.is_some());
        let part = parse_part(
            part_text,
            headed,
            continued,
            section,
            &part_tokens,
            chrome,
            pack,
        );
        section = part.section;
        out.push(RegionPart {
            at: PartAt::new(start + part_start, Arc::new(part)),
            ends_in_cut: false,
        });
    }
    if let Some(p) = out.last_mut() {
        p.ends_in_cut = last_cut;
    }
    out
}

/// Parses one part from its own text and tokens; `headed` says whether its first line is a heading,
/// `continued` whether it continues `section` after a cut; `pack` whether its tables are kept
/// packed.
fn parse_part(
    text: &str,
    headed: bool,
    continued: bool,
    section: Option<SectionId>,
    tokens: &[Token],
    chrome: Vec<TextRange>,
    pack: bool,
) -> Part {
    let mut heading = None;
    let mut from = 0;
    if headed {
        if let Some(first) = tokens.first() {
            heading = headings::match_heading(text, first.range);
            // A heading followed by text on the same line keeps that token as the section's first
            // text.
            if heading.is_some_and(|h| h.heading.end >= first.range.end) {
                from = 1;
            }
        }
    }
    let section = match heading {
        Some(h) => Some(h.id),
        None if continued => section,
        None => None,
    };
    let body = TextRange::new(heading.map_or(0, |h| h.heading.end), text.len());
    let items = items::classify(text, &tokens[from..]);
    let home = section.and_then(|id| id.spec().table);
    let tables = tables::find_tables(text, &items, home);
    let headerless_t4 = if section == Some(SectionId(4)) && items.iter().any(is_number_or_dash) {
        Some(headerless_t4(&items))
    } else {
        None
    };
    let cuts: Vec<TextRange> = tables
        .iter()
        .map(|t| t.range)
        .chain(headerless_t4.iter().flatten().map(|t| t.range))
        .chain(chrome.iter().copied())
        .collect();
    let narrative = Arc::new(narrative::Narrative::read(text, body, &cuts));
    let form = |t: Vec<RawTable>| {
        if pack {
            packed::PartTables::Found(t).packed()
        } else {
            packed::PartTables::Found(t)
        }
    };
    let tables = form(tables);
    let headerless_t4 = headerless_t4.map(|t| form(t.into_iter().collect()));
    Part {
        len: text.len(),
        heading,
        continued,
        section,
        body,
        tables,
        headerless_t4,
        chrome,
        narrative,
    }
}

fn is_number_or_dash(it: &Item) -> bool {
    matches!(
        it.kind,
        ItemKind::Value(TokenKind::Number(_) | TokenKind::Dash)
    )
}

/// Table 四 without its header: the first run of at least five values in section 四.
fn headerless_t4(items: &[Item]) -> Option<RawTable> {
    let start = items.iter().position(|it| {
        matches!(
            it.kind,
            ItemKind::Value(TokenKind::Number(_) | TokenKind::Dash)
        )
    })?;
    let run: Vec<Slot> = items[start..]
        .iter()
        .take_while(|it| it.is_value())
        .filter_map(|it| match it.kind {
            ItemKind::Value(TokenKind::Number(n)) => Some(Slot {
                range: it.range,
                kind: SlotKind::Number(n),
            }),
            ItemKind::Value(TokenKind::Dash) => Some(Slot {
                range: it.range,
                kind: SlotKind::Dash,
            }),
            ItemKind::Value(TokenKind::Blank { strong }) => Some(Slot {
                range: it.range,
                kind: SlotKind::Blank { strong },
            }),
            _ => None,
        })
        .collect();
    let filled = run
        .iter()
        .filter(|s| !matches!(s.kind, SlotKind::Blank { .. }))
        .count();
    if filled < 5 {
        return None;
    }
    let range = run.first()?.range.cover(run.last()?.range);
    let value_lines = items[start..]
        .iter()
        .take_while(|it| it.is_value())
        .map(|it| it.line)
        .collect();
    Some(RawTable {
        kind: TableKind::T4,
        rows: Vec::new(),
        markers: Vec::new(),
        values: run,
        value_lines,
        range,
        column_order: None,
    })
}

/// Which parts' headings open a section (`false` for the parts without a heading). A heading
/// numbered `（一）` numbers a sub-heading in the format: it opens a section only in a report whose
/// sections are numbered so (it has more of them than headings numbered otherwise). A re-worded
/// heading opens its section only where that section stands in order, between the sections before
/// and after it, and no other heading opens it.
fn opening_headings(parts: &[PartRef<'_>]) -> Vec<bool> {
    use crate::model::{HeadingNumbering, HeadingWording};
    let bit = |id: SectionId| 1u16 << id.0.min(15);
    let (mut paren, mut other) = (0u16, 0u16);
    for h in parts.iter().filter_map(|p| p.part.heading) {
        if h.wording == HeadingWording::Reworded {
            continue;
        }
        if h.numbering == HeadingNumbering::Paren {
            paren |= bit(h.id);
        } else {
            other |= bit(h.id);
        }
    }
    let paren_sections = paren.count_ones() > other.count_ones();
    let eligible = |h: &HeadingMatch| h.numbering != HeadingNumbering::Paren || paren_sections;
    let firm = |h: &HeadingMatch| eligible(h) && h.wording != HeadingWording::Reworded;
    let firm_ids = parts
        .iter()
        .filter_map(|p| p.part.heading)
        .filter(firm)
        .fold(0u16, |m, h| m | bit(h.id));
    // The section of the next firm heading after each part.
    let mut next = vec![u8::MAX; parts.len()];
    let mut after = u8::MAX;
    for (i, p) in parts.iter().enumerate().rev() {
        next[i] = after;
        if let Some(h) = p.part.heading.filter(firm) {
            after = h.id.0;
        }
    }
    let mut before = 0u8;
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let Some(h) = p.part.heading.filter(eligible) else {
                return false;
            };
            let opens =
                firm(&h) || (firm_ids & bit(h.id) == 0 && before < h.id.0 && h.id.0 < next[i]);
            if opens {
                before = h.id.0;
            }
            opens
        })
        .collect()
}

/// The year the report states outside its title and preamble, when they state none: the first
/// statistics period, else the first `XXXX年，` of a section other than 五 (which speaks of next
/// year).
fn stated_year(
    parts: &[PartRef<'_>],
    groups: &[std::ops::Range<usize>],
    section: impl Fn(&std::ops::Range<usize>) -> Option<SectionId>,
) -> Option<crate::model::Year> {
    use crate::model::{Year, YearSource};
    let period = parts.iter().find_map(|p| {
        p.part
            .narrative
            .period_years
            .first()
            .map(|&(r, value)| Year {
                value,
                range: r.shifted(p.start),
                source: YearSource::Period,
            })
    });
    period.or_else(|| {
        groups
            .iter()
            .filter(|g| section(g) != Some(SectionId(5)))
            .find_map(|g| {
                parts[g.clone()].iter().find_map(|p| {
                    p.part.narrative.first_year.map(|(r, value)| Year {
                        value,
                        range: r.shifted(p.start),
                        source: YearSource::Narrative,
                    })
                })
            })
    })
}

/// Puts parsed parts together into a report.
pub fn assemble(text: &str, parsed: &Parsed, opts: &ParseOptions) -> Report {
    assemble_with(text, parsed, opts, None).0
}

/// The tables of parts resolved by an earlier [`assemble_cached`], by part, so that the parts an
/// edit left alone are not resolved again.
#[derive(Debug, Clone, Default)]
pub struct TableCache {
    /// By the address of the part (the entry holds the part, so the address stays its own).
    entries: FxHashMap<usize, CachedTables>,
}

impl TableCache {
    /// Adds the entries of `other` (the cache of another unit of the same text).
    pub fn extend(&mut self, other: TableCache) {
        self.entries.extend(other.entries);
    }
}

#[derive(Debug, Clone)]
struct CachedTables {
    part: Arc<Part>,
    expected: Option<Format>,
    /// The part's tables, resolved, with ranges relative to the part.
    tables: Arc<Vec<Table>>,
}

/// [`assemble`], reusing the tables `cache` holds for parts that are still in `parsed`; returns the
/// report and the cache for the next call.
pub fn assemble_cached(
    text: &str,
    parsed: &Parsed,
    opts: &ParseOptions,
    cache: &TableCache,
) -> (Report, TableCache) {
    assemble_with(text, parsed, opts, Some(cache))
}

/// [`assemble`], reusing and returning the resolved tables of the parts when there is a cache (an
/// editor's), resolving them straight into the report when there is none (a text checked once).
fn assemble_with(
    text: &str,
    parsed: &Parsed,
    opts: &ParseOptions,
    cache: Option<&TableCache>,
) -> (Report, TableCache) {
    let parts: Vec<PartRef<'_>> = parsed.parts().collect();
    let opens = opening_headings(&parts);
    // The parts of each section (and of the preamble): a part and the parts that continue it, and
    // the parts whose heading is a sub-heading there.
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        match groups.last_mut() {
            Some(g) if p.part.continued || !opens[i] => g.end = i + 1,
            _ => groups.push(i..i + 1),
        }
    }
    // The section of a group: its first part's, unless that part's heading opens none (a text that
    // starts with a sub-heading).
    let group_section = |g: &std::ops::Range<usize>| {
        if opens[g.start] || parts[g.start].part.continued {
            parts[g.start].part.section
        } else {
            None
        }
    };
    let group_end = |g: &std::ops::Range<usize>| parts.get(g.end).map_or(parsed.len, |p| p.start);
    let sections: Vec<Section> = groups
        .iter()
        .filter_map(|g| {
            let p = &parts[g.start];
            let h = p.part.heading.filter(|_| opens[g.start])?;
            let at = |r: TextRange| r.shifted(p.start);
            Some(Section {
                id: h.id,
                heading: at(h.heading),
                numeral: h.numeral,
                numeral_range: h.numeral_range.map(at),
                numbering: h.numbering,
                title: at(h.title),
                wording: h.wording,
                body: TextRange::new(p.start + p.part.body.start, group_end(g)),
            })
        })
        .collect();
    let chrome: Vec<TextRange> = parts
        .iter()
        .flat_map(|p| p.part.chrome.iter().map(move |r| r.shifted(p.start)))
        .collect();
    let preamble = groups
        .first()
        .map(|g| (&parts[g.start], g))
        .filter(|(p, g)| p.part.heading.is_none() || !opens[g.start])
        .map(|(p, g)| TextRange::new(p.start + p.part.body.start, group_end(g)))
        .unwrap_or_default();
    let mut year_parts = vec![preamble];
    if let Some(s) = sections.iter().find(|s| s.id == SectionId(1)) {
        year_parts.push(s.body);
    }
    let year = meta::detect_year(text, &year_parts)
        .or_else(|| stated_year(&parts, &groups, group_section))
        .or_else(|| {
            opts.default_year.map(|value| crate::model::Year {
                value,
                range: TextRange::empty(0),
                source: crate::model::YearSource::Narrative,
            })
        });
    let part_text = |p: &PartRef<'_>| text.get(p.start..p.start + p.part.len).unwrap_or("");
    // One report is held to one format: its year's; without a year, the one the user set, else the
    // one its tables show (table 三's, else table 二's), so that a table that shows none is read in
    // the format of the others.
    let expected = year
        .and_then(|y| Format::for_year(y.value))
        .or(opts.default_format)
        .or_else(|| {
            [TableKind::T3, TableKind::T2].into_iter().find_map(|kind| {
                parts.iter().find_map(|p| {
                    if p.part.tables.is_empty() {
                        return None;
                    }
                    p.part
                        .tables
                        .tables()
                        .iter()
                        .filter(|raw| raw.kind == kind)
                        .map(|raw| tables::resolve(part_text(p), raw, None))
                        .find(|t| t.format_shown)
                        .map(|t| t.format)
                })
            })
        });
    let mut next_cache = TableCache::default();
    let mut tables: Vec<Table> = Vec::new();
    let mut narrative = Vec::with_capacity(parts.len());
    let mut seen: Vec<Option<SectionId>> = Vec::new();
    for g in &groups {
        let section = group_section(g);
        let first = !seen.contains(&section);
        seen.push(section);
        narrative.extend(parts[g.clone()].iter().map(|p| crate::model::NarrativeAt {
            start: p.start,
            section,
            first,
            narrative: Arc::clone(&p.part.narrative),
        }));
        for p in &parts[g.clone()] {
            if p.part.tables.is_empty() {
                continue;
            }
            let resolve = || {
                p.part
                    .tables
                    .tables()
                    .iter()
                    .map(|raw| tables::resolve(part_text(p), raw, expected))
                    .collect::<Vec<Table>>()
            };
            let Some(cache) = cache else {
                tables.extend(resolve().into_iter().map(|mut t| {
                    t.shift(p.start);
                    t
                }));
                continue;
            };
            let key = Arc::as_ptr(p.part) as usize;
            let resolved = match cache.entries.get(&key) {
                Some(c) if Arc::ptr_eq(&c.part, p.part) && c.expected == expected => {
                    Arc::clone(&c.tables)
                }
                _ => Arc::new(resolve()),
            };
            tables.extend(resolved.iter().map(|t| {
                let mut t = t.clone();
                t.shift(p.start);
                t
            }));
            next_cache.entries.insert(
                key,
                CachedTables {
                    part: Arc::clone(p.part),
                    expected,
                    tables: resolved,
                },
            );
        }
        // Section 四 without table 四's header: the first run of values of the section.
        let group = &parts[g.clone()];
        let in_four = section == Some(SectionId(4));
        if in_four && !group.iter().any(|p| p.part.tables.has(TableKind::T4)) {
            if let Some(p) = group.iter().find(|p| p.part.headerless_t4.is_some()) {
                if let Some(raw) = p
                    .part
                    .headerless_t4
                    .as_ref()
                    .and_then(|t| t.tables().first().cloned())
                {
                    let mut t = tables::resolve(part_text(p), &raw, expected);
                    t.shift(p.start);
                    tables.push(t);
                }
            }
        }
    }
    tables::join_continuations(&mut tables);
    for t in &mut tables {
        runs::read_runs(text, t);
    }
    let title = meta::detect_title(text, preamble, &chrome);
    let agency = meta::detect_agency(text, title, preamble);
    let shown = |k: TableKind| {
        tables
            .iter()
            .find(|t| t.kind == k && t.format_shown)
            .map(|t| t.format)
    };
    let format = shown(TableKind::T3)
        .or_else(|| shown(TableKind::T2))
        .or(if tables.is_empty() { None } else { expected });
    let mut ids: Vec<u8> = sections.iter().map(|s| s.id.0).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut kinds: Vec<TableKind> = tables.iter().map(|t| t.kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let named = title.is_some() || {
        let p = preamble.slice(text);
        p.contains("政府信息公开") && p.contains("年度报告")
    };
    let score = ids.len() + 2 * kinds.len() + if named { 2 } else { 0 };
    (
        Report {
            is_report: score >= 3,
            title,
            agency,
            year,
            format,
            sections,
            tables,
            chrome,
            narrative,
        },
        next_cache,
    )
}
