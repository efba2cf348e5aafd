//! A 汇总 holds several units' reports one after another in one text: where each report starts, and
//! each report's parts as a text of its own.
//!
//! A report starts where a title line (`某局2022年政府信息公开工作年度报告`) stands before section
//! headings whose numbering starts again (一 after 六). A repeated section without a title before it
//! stays one report with a repeated section. Each report is then analysed on its own, so that its
//! figures are checked against its own tables, its year read from its own title, and an edit in one
//! report re-checks only that report.

use std::ops::Range;

use super::{parse_region, PartAt, Parsed};
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
        // The first part that ends after the start, through the last part that starts before the end.
        let first = part_starts.partition_point(|&p| p <= start).saturating_sub(1);
        let first = if part_end(first) <= start && first + 1 < count { first + 1 } else { first };
        let last = part_starts.partition_point(|&p| p < end).max(first + 1);
        spans.push(UnitSpan { range: TextRange::new(start, end), parts: first..last.min(count) });
    }
    spans
}

/// Where each report starts: 0, then the start of each title line that opens a new report; and where
/// each part starts (read in the same pass over the parts).
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
            let title = parsed.range(group..i).rev().find_map(|q| q.marks.last_title.map(|t| q.start + t));
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
    let base = span.range.start;
    let mut parts: Vec<PartAt> = Vec::with_capacity(span.parts.len() + 2);
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
        let context = if from == base { None } else { Some(parts.last().and_then(|q| q.part.section)) };
        for piece in parse_region(text, from, to, context, false) {
            parts.push(piece.at.moved(piece.at.start - base));
        }
    }
    Parsed::new(parts, span.range.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_parts;

    const ONE: &str = "某局2021年政府信息公开工作年度报告\n一、总体情况\n2021年，本局认真工作。\n六、其他需要报告的事项\n无。\n";
    const TWO: &str = "某县2021年政府信息公开工作年度报告\n一、总体情况\n2021年，本县认真工作。\n六、其他需要报告的事项\n本年度未收取信息处理费。\n";

    fn starts(text: &str) -> Vec<usize> {
        unit_spans(&parse_parts(text)).iter().map(|s| s.range.start).collect()
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
}
