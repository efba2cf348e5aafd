//! Reads what a report says about itself: its title line and its year.

use crate::model::{Year, YearSource};
use crate::text::TextRange;

/// How far into a part of the text the year is looked for.
const SCAN_BYTES: usize = 6000;

/// Finds the report year: the title's year first, then the statistics period, then the first
/// `XXXX年，` of the preamble or of 总体情况.
pub fn detect_year(text: &str, parts: &[TextRange]) -> Option<Year> {
    let mut best: Option<Year> = None;
    let rank = |s: YearSource| match s {
        YearSource::Title => 0,
        YearSource::Period => 1,
        YearSource::Narrative => 2,
    };
    for part in parts {
        let end = floor_boundary(text, part.end.min(part.start + SCAN_BYTES));
        let region = &text[part.start..end.max(part.start)];
        for (at, year) in years_in(region) {
            let after = &region[at + 4 + "年".len()..];
            let before = &region[..at];
            let window: String = after.trim_start_matches('度').chars().take(40).collect();
            let title_like = window.contains("年度报告") && window.contains("信息公开") && !window.contains('。');
            let source = if title_like && !after.trim_start_matches('度').starts_with('1')
            {
                Some(YearSource::Title)
            } else if after.starts_with("1月1日") || before.chars().rev().take(12).collect::<String>().contains("计") {
                Some(YearSource::Period)
            } else if after.starts_with(['，', ',']) || after.starts_with("度，") || after.starts_with("以来") || after.starts_with("度,") {
                Some(YearSource::Narrative)
            } else {
                None
            };
            if let Some(source) = source {
                let range = TextRange::new(part.start + at, part.start + at + 4);
                if best.is_none_or(|b| rank(source) < rank(b.source)) {
                    best = Some(Year { value: year, range, source });
                }
            }
        }
    }
    best
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The byte offsets and values of every `XXXX年` with a plausible year.
fn years_in(region: &str) -> impl Iterator<Item = (usize, i32)> + '_ {
    let bytes = region.as_bytes();
    region.match_indices('年').filter_map(move |(at, _)| {
        if at < 4 {
            return None;
        }
        let digits = &bytes[at - 4..at];
        if !digits.iter().all(u8::is_ascii_digit) || (at > 4 && bytes[at - 5].is_ascii_digit()) {
            return None;
        }
        let year: i32 = std::str::from_utf8(digits).ok()?.parse().ok()?;
        (2000..=2100).contains(&year).then_some((at - 4, year))
    })
}

/// The title line: the first line of the preamble that names the annual report.
pub fn detect_title(text: &str, preamble: TextRange, chrome: &[TextRange]) -> Option<TextRange> {
    let region = preamble.slice(text);
    let mut offset = preamble.start;
    for line in region.split_inclusive('\n') {
        let range = TextRange::new(offset, offset + line.trim_end().len());
        offset += line.len();
        let t = line.trim();
        if t.is_empty() || chrome.iter().any(|c| c.start <= range.start && range.start < c.end.max(c.start + 1)) {
            continue;
        }
        let n = t.chars().count();
        if n <= 80 && t.contains("年度报告") && !t.contains(['，', ',', '。']) {
            let lead = line.len() - line.trim_start().len();
            return Some(TextRange::new(range.start + lead, range.end));
        }
        if n > 80 {
            // The title comes before the first paragraph.
            return None;
        }
    }
    None
}

/// The agency a report is from: the words before the year in the title (`德州市德城区工业和信息化局2021年
/// 政府信息公开工作年度报告`), or in a preamble that names the report (`编制《禄丰市投资促进局2021年…》`).
pub fn detect_agency(text: &str, title: Option<TextRange>, preamble: TextRange) -> Option<String> {
    let from = |s: &str| -> Option<String> {
        let at = s.find("政府信息公开")?;
        let mut head = &s[..at];
        // Drop the year and what follows it (2021年, 2021年度).
        if let Some((y, _)) = years_in(head).last() {
            head = &head[..y];
        }
        let head = head.trim_start_matches(|c: char| !is_cjk(c)).trim_end_matches(|c: char| !is_cjk(c));
        let name: String = head.chars().rev().take_while(|c| is_cjk(*c)).collect::<Vec<_>>().into_iter().rev().collect();
        (name.chars().count() >= 2).then_some(name)
    };
    if let Some(t) = title {
        if let Some(a) = from(t.slice(text)) {
            return Some(a);
        }
    }
    let p = preamble.slice(text);
    let mut rest = p;
    while let Some(start) = rest.find('《') {
        let Some(len) = rest[start..].find('》') else { break };
        let inner = &rest[start + '《'.len_utf8()..start + len];
        if inner.contains("年度报告") {
            if let Some(a) = from(inner) {
                return Some(a);
            }
        }
        rest = &rest[start + len..];
    }
    None
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(s: &str) -> Option<(i32, YearSource)> {
        detect_year(s, &[TextRange::new(0, s.len())]).map(|y| (y.value, y.source))
    }

    #[test]
    fn year_from_title_period_or_narrative() {
        assert_eq!(year("某局2021年政府信息公开工作年度报告\n2022年1月"), Some((2021, YearSource::Title)));
        assert_eq!(year("某局2021年度政府信息公开工作年度报告"), Some((2021, YearSource::Title)));
        assert_eq!(year("统计期自2020年1月1日起至2020年12月31日止"), Some((2020, YearSource::Period)));
        assert_eq!(year("2021年,阜新市煤炭局认真贯彻"), Some((2021, YearSource::Narrative)));
        assert_eq!(year("日期: 2022-01-20"), None);
    }
}
