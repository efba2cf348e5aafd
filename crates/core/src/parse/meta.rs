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
        for (at, end, year) in years_in(region) {
            let after = &region[end..];
            let before = &region[..at];
            let window: String = after.trim_start_matches('度').chars().take(40).collect();
            let title_like = window.contains("年度报告")
                && window.contains("信息公开")
                && !window.contains('。');
            let source = if title_like && !after.trim_start_matches('度').starts_with('1') {
                Some(YearSource::Title)
            } else if after.trim_start().starts_with("1月1日")
                || after.trim_start().starts_with("1 月 1 日")
                || before
                    .chars()
                    .rev()
                    .take(12)
                    .collect::<String>()
                    .contains("计")
            {
                Some(YearSource::Period)
            } else if after.starts_with(['，', ','])
                || after.starts_with("度，")
                || after.starts_with("以来")
                || after.starts_with("度,")
            {
                Some(YearSource::Narrative)
            } else {
                None
            };
            if let Some(source) = source {
                let range = TextRange::new(part.start + at, part.start + at + 4);
                if best.is_none_or(|b| rank(source) < rank(b.source)) {
                    best = Some(Year {
                        value: year,
                        range,
                        source,
                    });
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

/// The byte offsets of the digits and of the end of 年, and the values, of every `XXXX年` (also
/// `XXXX 年`, as a title set in spaced type is copied) with a plausible year.
fn years_in(region: &str) -> impl Iterator<Item = (usize, usize, i32)> + '_ {
    let bytes = region.as_bytes();
    region.match_indices('年').filter_map(move |(nian, _)| {
        let at = bytes[..nian]
            .iter()
            .rposition(|&b| b != b' ')
            .map_or(0, |i| i + 1);
        if at < 4 || nian - at > 2 {
            return None;
        }
        let digits = &bytes[at - 4..at];
        if !digits.iter().all(u8::is_ascii_digit) || (at > 4 && bytes[at - 5].is_ascii_digit()) {
            return None;
        }
        let year: i32 = std::str::from_utf8(digits).ok()?.parse().ok()?;
        (2000..=2100)
            .contains(&year)
            .then_some((at - 4, nian + "年".len(), year))
    })
}

/// The title line: the first line of the preamble that names the annual report, with the line
/// before it when the title is set on two lines (`某某县应急管理局 2023 年` / `政府信息公开工作年度报告`).
pub fn detect_title(text: &str, preamble: TextRange, chrome: &[TextRange]) -> Option<TextRange> {
    let region = preamble.slice(text);
    let mut offset = preamble.start;
    // The last line with something on it, when it may be a title's first line: short, no
    // punctuation.
    let mut head: Option<TextRange> = None;
    for line in region.split_inclusive('\n') {
        let range = TextRange::new(offset, offset + line.trim_end().len());
        offset += line.len();
        let t = line.trim();
        if t.is_empty()
            || chrome
                .iter()
                .any(|c| c.start <= range.start && range.start < c.end.max(c.start + 1))
        {
            continue;
        }
        let n = t.chars().count();
        let lead = line.len() - line.trim_start().len();
        if n <= 80 && t.contains("年度报告") && !t.contains(['，', ',', '。']) {
            let start = match head {
                Some(h) if continues_title_head(t) => h.start,
                _ => range.start + lead,
            };
            return Some(TextRange::new(start, range.end));
        }
        if n > 80 {
            // The title comes before the first paragraph.
            return None;
        }
        head = is_title_head(t).then(|| TextRange::new(range.start + lead, range.end));
    }
    None
}

/// Whether a line (trimmed) may be the first line of a title set on two lines: the agency, with or
/// without the year, and nothing else (`某某县应急管理局 2023 年`).
pub fn is_title_head(t: &str) -> bool {
    let (mut n, mut cjk, mut digits) = (0, 0, 0);
    for c in t.chars() {
        n += 1;
        if is_cjk(c) {
            cjk += 1;
        } else if c.is_ascii_digit() {
            digits += 1;
        } else if !(crate::text::is_blank_char(c) || matches!(c, '#' | '*')) {
            return false;
        }
    }
    n <= 40 && cjk >= 2 && digits == years_in(t).count() * 4
}

/// Whether a title line (trimmed) continues the line before it when that line is a title's first
/// line ([`is_title_head`]): it does not name the agency itself.
pub fn continues_title_head(t: &str) -> bool {
    !t.contains("政府信息公开工作年度报告") || t.starts_with("政府信息公开")
}

/// The agency a report is from: the words before the year in the title (`德州市德城区工业和信息化局2021年
/// 政府信息公开工作年度报告`), or in a preamble that names the report (`编制《禄丰市投资促进局2021年…》`).
pub fn detect_agency(text: &str, title: Option<TextRange>, preamble: TextRange) -> Option<String> {
    let from = |s: &str| -> Option<String> {
        let at = s.find("政府信息公开")?;
        let mut head = &s[..at];
        // Drop the year and what follows it (2021年, 2021年度).
        if let Some((y, _, _)) = years_in(head).last() {
            head = &head[..y];
        }
        let head = head
            .trim_start_matches(|c: char| !is_cjk(c))
            .trim_end_matches(|c: char| !is_cjk(c));
        let name: String = head
            .chars()
            .rev()
            .take_while(|c| is_cjk(*c))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
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
        let Some(len) = rest[start..].find('》') else {
            break;
        };
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
        assert_eq!(
            year("某局2021年政府信息公开工作年度报告\n2022年1月"),
            Some((2021, YearSource::Title))
        );
        assert_eq!(
            year("某局2021年度政府信息公开工作年度报告"),
            Some((2021, YearSource::Title))
        );
        assert_eq!(
            year("统计期自2020年1月1日起至2020年12月31日止"),
            Some((2020, YearSource::Period))
        );
        assert_eq!(
            year("2021年,阜新市煤炭局认真贯彻"),
            Some((2021, YearSource::Narrative))
        );
        assert_eq!(year("日期: 2022-01-20"), None);
        assert_eq!(
            year("某某县应急管理局 2023 年\n政府信息公开工作年度报告"),
            Some((2023, YearSource::Title))
        );
        assert_eq!(
            year("统计期限为2020 年1月1日至12月31日"),
            Some((2020, YearSource::Period))
        );
    }

    #[test]
    fn a_title_set_on_two_lines() {
        let t = "某某县应急管理局 2023 年\n政府信息公开工作年度报告\n本报告由…";
        let title = detect_title(t, TextRange::new(0, t.len()), &[]);
        assert_eq!(
            title.map(|r| r.slice(t)),
            Some("某某县应急管理局 2023 年\n政府信息公开工作年度报告")
        );
        assert_eq!(
            detect_agency(t, title, TextRange::new(0, t.len())).as_deref(),
            Some("某某县应急管理局")
        );
        let t = "某某县应急管理局\n政府信息公开工作年度报告";
        assert_eq!(
            detect_title(t, TextRange::new(0, t.len()), &[]).map(|r| r.slice(t)),
            Some(t)
        );
        // A line of its own before a whole title stays apart.
        let t = "首页\n某某局2023年政府信息公开工作年度报告";
        assert_eq!(
            detect_title(t, TextRange::new(0, t.len()), &[]).map(|r| r.slice(t)),
            Some("某某局2023年政府信息公开工作年度报告")
        );
    }
}
