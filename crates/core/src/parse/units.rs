//! A 汇总 holds several units' reports one after another in one text: where each report starts, and
//! each report's parts as a text of its own.
//!
//! A report starts where a title line (`某局2022年政府信息公开工作年度报告`) stands before section
//! headings whose numbering starts again (一 after 六). A repeated section without a title before it
//! stays one report with a repeated section. Each report is then analysed on its own, so that its
//! figures are checked against its own tables, its year read from its own title, and an edit in one
//! report re-checks only that report.

use std::ops::Range;
use std::sync::Arc;

use super::{parse_region, Change, Parsed, Part, PartAt, Replaced};
use crate::catalog::SectionId;
use crate::text::TextRange;

/// One report of a text: its range, and the indices of the parts that overlap it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitSpan {
    pub range: TextRange,
    pub parts: Range<usize>,
}

/// The reports of a text, in order; a text that holds one report (or none) is one span.
pub fn unit_spans(parsed: &Parsed) -> Vec<UnitSpan> {
    let (starts, part_starts) = unit_starts(parsed);
    let count = part_starts.len();
    let part_end = |i: usize| part_starts.get(i + 1).copied().unwrap_or(parsed.len);
    let mut spans = Vec::with_capacity(starts.len());
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(parsed.len);
        // The first part that ends after the start, through the last part that starts before the
        // end.
        let first = part_starts
            .partition_point(|&p| p <= start)
            .saturating_sub(1);
        let first = if part_end(first) <= start && first + 1 < count {
            first + 1
        } else {
            first
        };
        let last = part_starts.partition_point(|&p| p < end).max(first + 1);
        spans.push(UnitSpan {
            range: TextRange::new(start, end),
            parts: first..last.min(count),
        });
    }
    spans
}

/// The reports of a text after an edit, from the reports before it (`old`, the [`unit_spans`] of
/// the text before the edit), the parts the edit replaced and the change: equal to [`unit_spans`],
/// but only the parts from the last report that starts before the replaced parts to the first that
/// starts after them are read; the reports before are kept, the reports after are moved.
pub fn unit_spans_edited(
    parsed: &Parsed,
    old: &[UnitSpan],
    replaced: Replaced,
    change: Change,
) -> Vec<UnitSpan> {
    let count = parsed.part_count();
    // Where the scan resumes: right after the heading at which the last report that starts (title
    // and heading) before the replaced parts restarted the numbering, whose state after that
    // heading is its section number, that heading and its title line; else from the start.
    let mut resume = None;
    let mut k = old.partition_point(|s| s.parts.start < replaced.start);
    while resume.is_none() && k > 1 {
        k -= 1;
        let q = old[k].parts.start;
        let titled = parsed
            .part(q)
            .and_then(|p| p.marks.last_title.map(|t| p.start + t))
            == Some(old[k].range.start);
        // The heading that restarted the numbering is the first after the title's part (the parts
        // between them continue a section).
        let heading = parsed
            .range(q + 1..replaced.start)
            .position(|p| p.marks.heading.is_some())
            .map(|n| q + 1 + n);
        if let (true, Some(i)) = (titled, heading) {
            resume = parsed
                .part(i)
                .and_then(|p| p.marks.heading)
                .map(|id| (i, id.0));
        }
    }
    let (from, mut highest, mut group, mut starts) = match resume {
        Some((i, id)) => (
            i + 1,
            id,
            i,
            old[..=k]
                .iter()
                .map(|s| s.range.start)
                .collect::<Vec<usize>>(),
        ),
        None => {
            k = 0;
            (0, 0, 0, vec![0])
        }
    };
    // The old report the scan met again: a title past the replaced parts that starts an old report
    // there (moved), after which everything is as it was.
    let mut met = None;
    for (n, p) in parsed.range(from..count).enumerate() {
        let i = from + n;
        let Some(id) = p.marks.heading else { continue };
        if highest > 0 && id.0 <= highest {
            let title = parsed
                .range(group..i)
                .rev()
                .zip((group..i).rev())
                .find_map(|(q, j)| q.marks.last_title.map(|t| (j, q.start + t)));
            if let Some((j, line)) = title {
                if line > *starts.last().unwrap_or(&0) {
                    if j >= replaced.new_end {
                        let was = (line + change.old_end).checked_sub(change.new_end);
                        let same_part = |u: &usize| {
                            old[*u].parts.start + replaced.new_end == j + replaced.old_end
                        };
                        if let Some(u) = was
                            .and_then(|w| old.binary_search_by_key(&w, |s| s.range.start).ok())
                            .filter(|&u| u > k && same_part(&u))
                        {
                            met = Some(u);
                            break;
                        }
                    }
                    starts.push(line);
                    highest = 0;
                }
            }
        }
        highest = highest.max(id.0);
        group = i;
    }
    // The reports after the one met again are moved (`None` if `old` does not fit the edit).
    let offset = |x: usize| (x + change.new_end).checked_sub(change.old_end);
    let index = |i: usize| (i + replaced.new_end).checked_sub(replaced.old_end);
    let moved = |s: &UnitSpan| {
        let range = TextRange::new(offset(s.range.start)?, offset(s.range.end)?);
        Some(UnitSpan {
            range,
            parts: index(s.parts.start)?..index(s.parts.end)?,
        })
    };
    let Some(rest) = met.map_or(Some(Vec::new()), |u| {
        old[u..]
            .iter()
            .map(moved)
            .collect::<Option<Vec<UnitSpan>>>()
    }) else {
        return unit_spans(parsed);
    };
    let mut spans = Vec::with_capacity(old.len() + 2);
    spans.extend_from_slice(&old[..k]);
    for (n, &start) in starts.iter().enumerate().skip(k) {
        let end = starts
            .get(n + 1)
            .copied()
            .or_else(|| rest.first().map(|s| s.range.start))
            .unwrap_or(parsed.len);
        spans.push(span_of(parsed, start, end));
    }
    spans.extend(rest);
    spans
}

/// The span of the report at `start..end`: the first part that ends after the start, through the
/// last part that starts before the end.
fn span_of(parsed: &Parsed, start: usize, end: usize) -> UnitSpan {
    let count = parsed.part_count();
    let first = parsed
        .partition_point(|p| p.start <= start)
        .saturating_sub(1);
    let first = if parsed.part_end(first) <= start && first + 1 < count {
        first + 1
    } else {
        first
    };
    let last = parsed.partition_point(|p| p.start < end).max(first + 1);
    UnitSpan {
        range: TextRange::new(start, end),
        parts: first..last.min(count),
    }
}

/// Where each report starts: 0, then the start of each title line that opens a new report; and
/// where each part starts (read in the same pass over the parts).
fn unit_starts(parsed: &Parsed) -> (Vec<usize>, Vec<usize>) {
    let mut starts = vec![0];
    let mut part_starts = Vec::with_capacity(parsed.part_count());
    // The highest section number of the current report, and the first part of its last section.
    let mut highest = 0u8;
    let mut group = 0;
    for (i, p) in parsed.parts().enumerate() {
        part_starts.push(p.start);
        let Some(id) = p.marks.heading else { continue };
        if highest > 0 && id.0 <= highest {
            // The numbering starts again: a new report, if a title stands in the section before.
            // (A title's range starts where its line does.)
            let title = parsed
                .range(group..i)
                .rev()
                .find_map(|q| q.marks.last_title.map(|t| q.start + t));
            if let Some(line) = title {
                if line > *starts.last().unwrap_or(&0) {
                    starts.push(line);
                    highest = 0;
                }
            }
        }
        highest = highest.max(id.0);
        group = i;
    }
    (starts, part_starts)
}

/// The parts of one report, as parts of its own text (`text[span.range]`): the parts inside it are
/// reused, moved; the part it starts or ends inside is parsed again in two pieces.
pub fn unit_parsed(text: &str, parsed: &Parsed, span: &UnitSpan) -> Parsed {
    unit_parsed_with(text, parsed, span, None).0
}

/// The pieces of parts that [`unit_parsed_cached`] parsed, so that the next call for a report whose
/// first or last part an edit left alone reuses them instead of parsing them again.
#[derive(Debug, Clone, Default)]
pub struct PieceCache {
    pieces: Vec<Piece>,
}

impl PieceCache {
    /// Adds the pieces of `other` (the cache of another report of the same text).
    pub fn extend(&mut self, other: PieceCache) {
        self.pieces.extend(other.pieces);
    }
}

/// `part[from..to]` parsed with `context` (see [`parse_region`]): its parts, starts relative to
/// `from`.
#[derive(Debug, Clone)]
struct Piece {
    part: Arc<Part>,
    from: usize,
    to: usize,
    context: Option<Option<SectionId>>,
    parts: Vec<PartAt>,
}

/// [`unit_parsed`], reusing the pieces `cache` holds for parts that are still in `parsed` (the same
/// part holds the same text); returns the parts and the pieces for the next call.
pub fn unit_parsed_cached(
    text: &str,
    parsed: &Parsed,
    span: &UnitSpan,
    cache: &PieceCache,
) -> (Parsed, PieceCache) {
    unit_parsed_with(text, parsed, span, Some(cache))
}

fn unit_parsed_with(
    text: &str,
    parsed: &Parsed,
    span: &UnitSpan,
    cache: Option<&PieceCache>,
) -> (Parsed, PieceCache) {
    let base = span.range.start;
    let mut parts: Vec<PartAt> = Vec::with_capacity(span.parts.len() + 2);
    let mut next = PieceCache::default();
    for i in span.parts.clone() {
        let Some(p) = parsed.part(i) else { continue };
        let end = parsed.part_end(i);
        let (from, to) = (p.start.max(span.range.start), end.min(span.range.end));
        if from >= to {
            continue;
        }
        if from == p.start && to == end {
            parts.push(p.moved(p.start - base));
            continue;
        }
        // A piece of a part: parsed again, continuing the section of the report's part before it.
        let context = if from == base {
            None
        } else {
            Some(parts.last().and_then(|q| q.part.section))
        };
        let (rel_from, rel_to) = (from - p.start, to - p.start);
        let found = cache.and_then(|c| {
            c.pieces.iter().find(|q| {
                Arc::ptr_eq(&q.part, p.part)
                    && q.from == rel_from
                    && q.to == rel_to
                    && q.context == context
            })
        });
        let piece = match found {
            Some(q) => q.clone(),
            None => {
                let pieces = parse_region(text, from, to, context, false)
                    .into_iter()
                    .map(|q| q.at.moved(q.at.start - from))
                    .collect();
                Piece {
                    part: Arc::clone(p.part),
                    from: rel_from,
                    to: rel_to,
                    context,
                    parts: pieces,
                }
            }
        };
        parts.extend(piece.parts.iter().map(|q| PartAt {
            start: q.start + from - base,
            part: Arc::clone(&q.part),
            marks: q.marks,
        }));
        if cache.is_some() {
            next.pieces.push(piece);
        }
    }
    (Parsed::new(parts, span.range.len()), next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_parts, reparse_replacing};

    const ONE: &str = "某局2021年政府信息公开工作年度报告\n一、总体情况\n2021年，本局认真工作。\n六、其他需要报告的事项\n无。\n";
    const TWO: &str = "某县2021年政府信息公开工作年度报告\n一、总体情况\n2021年，本县认真工作。\n六、其他需要报告的事项\n本年度未收取信息处理费。\n";

    fn starts(text: &str) -> Vec<usize> {
        unit_spans(&parse_parts(text))
            .iter()
            .map(|s| s.range.start)
            .collect()
    }

    #[test]
    fn a_title_before_restarted_numbering_starts_a_report() {
        let text = format!("{ONE}{TWO}");
        assert_eq!(starts(&text), vec![0, ONE.len()]);
    }

    #[test]
    fn a_repeated_section_without_a_title_stays_one_report() {
        let text = format!("{ONE}一、总体情况\n又一段。\n");
        assert_eq!(starts(&text), vec![0]);
    }

    #[test]
    fn a_title_without_restarted_numbering_is_not_a_new_report() {
        // A running title (a PDF page header) inside a report.
        let text = "某局2021年政府信息公开工作年度报告\n一、总体情况\n文字。\n某局2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n";
        assert_eq!(starts(text), vec![0]);
    }

    #[test]
    fn each_report_parses_as_a_text_of_its_own() {
        let text = format!("{ONE}{TWO}{ONE}");
        let parsed = parse_parts(&text);
        let spans = unit_spans(&parsed);
        assert_eq!(spans.len(), 3);
        for span in &spans {
            let own = &text[span.range.start..span.range.end];
            assert_eq!(unit_parsed(&text, &parsed, span), parse_parts(own), "{own}");
        }
    }

    const INSERTS: &[&str] = &[
        "",
        "\n",
        "一、总体情况\n",
        "六、其他需要报告的事项\n",
        "某市2021年政府信息公开工作年度报告\n",
        "文字",
        "二、",
    ];

    proptest::proptest! {
        #[test]
        fn the_reports_found_again_after_edits_are_the_reports_of_the_new_text(
            edits in proptest::collection::vec((0.0f64..=1.0, 0usize..80, 0..INSERTS.len()), 1..8),
        ) {
            let three = "某区2021年政府信息公开工作年度报告\n一、总体情况\n文字。\n二、主动公开政府信息情况\n文字。\n六、其他需要报告的事项\n无。\n";
            let mut text = format!("{ONE}{three}{TWO}{three}{ONE}{three}");
            let mut parsed = parse_parts(&text);
            let mut spans = unit_spans(&parsed);
            let mut pieces = PieceCache::default();
            for (at, del, ins) in edits {
                let mut start = (text.len() as f64 * at) as usize;
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let mut end = (start + del).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                let new = format!("{}{}{}", &text[..start], INSERTS[ins], &text[end..]);
                let change = Change { start, old_end: end, new_end: start + INSERTS[ins].len() };
                let (re, replaced) = reparse_replacing(&parsed, &new, change);
                spans = unit_spans_edited(&re, &spans, replaced, change);
                proptest::prop_assert_eq!(&spans, &unit_spans(&re), "{:?}", new);
                // Each report's parts, with the pieces of the version before reused, are its own
                // text's.
                let mut next = PieceCache::default();
                for span in &spans {
                    let (own, cached) = unit_parsed_cached(&new, &re, span, &pieces);
                    proptest::prop_assert!(own == parse_parts(&new[span.range.start..span.range.end]));
                    next.extend(cached);
                }
                pieces = next;
                (text, parsed) = (new, re);
            }
        }
    }
}
