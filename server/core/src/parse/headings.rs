//! Recognises the six section headings, line by line, in their canonical, official long and misspelt
//! wordings, and tells them apart from table 三's row labels that also start with 一、 to 四、.

use std::sync::OnceLock;

use super::labels::{char_mask, levenshtein};
use crate::catalog::{SectionId, SECTIONS};
use crate::model::HeadingWording;
use crate::text::hash::FxHashSet;
use crate::text::{normalize, split_numbering, Numbering, TextRange};

/// A heading found at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadingMatch {
    pub id: SectionId,
    pub numeral: Option<u8>,
    pub numeral_range: Option<TextRange>,
    /// Numeral and title.
    pub heading: TextRange,
    pub title: TextRange,
    pub wording: HeadingWording,
}

/// Added words (in chars) a heading may carry around its canonical title and still be that heading.
const MAX_ADDED: usize = 12;

/// A title a heading may carry, prepared for matching.
struct Title {
    id: SectionId,
    /// The normalised title.
    chars: Vec<char>,
    text: String,
    canonical: bool,
    /// The signature of its characters (see [`char_mask`]).
    mask: u128,
}

/// Every title a heading may carry, canonical and official variants.
fn titles() -> &'static [Title] {
    static TITLES: OnceLock<Vec<Title>> = OnceLock::new();
    TITLES.get_or_init(|| {
        SECTIONS
            .iter()
            .flat_map(|s| std::iter::once((s.id, s.title, true)).chain(s.official_variants.iter().map(move |v| (s.id, *v, false))))
            .map(|(id, t, canonical)| {
                let text = normalize(t, 0).text;
                let chars: Vec<char> = text.chars().collect();
                Title { id, mask: char_mask(&chars), chars, text, canonical }
            })
            .collect()
    })
}

/// How many characters the longest title has.
fn longest_title() -> usize {
    static LONGEST: OnceLock<usize> = OnceLock::new();
    *LONGEST.get_or_init(|| titles().iter().map(|t| t.chars.len()).max().unwrap_or(0))
}

/// Whether a line starting with `c` can be a heading at all: a Chinese numeral, or the first character
/// of a title written without its numeral.
fn may_start_heading(c: char) -> bool {
    heading_starts().contains(&c)
}

/// The characters a heading may start with: the Chinese numerals 一 to 九 and the first characters of
/// the titles, once each.
fn heading_starts() -> &'static [char] {
    static STARTS: OnceLock<Vec<char>> = OnceLock::new();
    STARTS.get_or_init(|| {
        let mut starts: Vec<char> = "一二三四五六七八九".chars().chain(titles().iter().filter_map(|t| t.chars.first().copied())).collect();
        starts.sort_unstable();
        starts.dedup();
        starts
    })
}

/// A lower bound of the edit distance between `body` and a title: the difference of their lengths, or
/// the characters of `body` that the title lacks (each must be replaced or deleted).
fn distance_bound(body: &[char], t: &Title) -> usize {
    let lacking = body.iter().filter(|&&c| t.mask & char_mask(&[c]) == 0).count();
    body.len().abs_diff(t.chars.len()).max(lacking)
}

/// Matches the text of `range` (the first cell of a line) as a section heading.
pub fn match_heading(text: &str, range: TextRange) -> Option<HeadingMatch> {
    let raw = range.slice(text);
    // Whether a cell is a heading depends on its text alone, and most cells that start like one are the
    // same table labels (行政许可, 其他) in every report: each thread remembers the short texts that were
    // no heading. The first character is looked at before, which rules out most cells for less.
    thread_local! {
        static NOT_HEADINGS: std::cell::RefCell<FxHashSet<Box<str>>> = std::cell::RefCell::new(FxHashSet::default());
    }
    /// How many texts a thread remembers before it forgets them all, and the longest it remembers.
    const MEMO_LIMIT: usize = 1 << 12;
    const MEMO_BYTES: usize = 240;
    let first = raw.chars().find(|c| !crate::text::is_blank_char(*c) && !matches!(c, '*' | '#'));
    if !first.is_some_and(may_start_heading) {
        return None;
    }
    if raw.len() > MEMO_BYTES {
        return match_heading_uncached(text, range);
    }
    if NOT_HEADINGS.with(|m| m.borrow().contains(raw)) {
        return None;
    }
    let found = match_heading_uncached(text, range);
    if found.is_none() {
        NOT_HEADINGS.with(|m| {
            let mut m = m.borrow_mut();
            if m.len() >= MEMO_LIMIT {
                m.clear();
            }
            m.insert(raw.into());
        });
    }
    found
}

/// [`match_heading`], worked out.
fn match_heading_uncached(text: &str, range: TextRange) -> Option<HeadingMatch> {
    let raw = range.slice(text);
    let mut marks = raw.chars().filter(|c| !crate::text::is_blank_char(*c) && !matches!(c, '*' | '#'));
    let first = marks.next().filter(|c| may_start_heading(*c))?;
    // Without a Chinese numeral first, only a whole cell that is a title is a heading: a cell of many
    // more characters than the longest title (a narrative line that starts like one) is none.
    if !"一二三四五六七八九".contains(first) && marks.nth(2 * longest_title() + 8).is_some() {
        return None;
    }
    // Narrative lines are long; only their start can be a heading.
    let head_end = raw.char_indices().nth(60).map_or(raw.len(), |(i, _)| i);
    let norm = normalize(&raw[..head_end], range.start);
    if norm.char_len() < 2 {
        return None;
    }
    let (numbering, at) = split_numbering(&norm.text);
    let numeral = match numbering {
        Some(Numbering::Chinese(n)) if (1..=9).contains(&n) => Some(n),
        None => None,
        _ => return None,
    };
    let body_s = &norm.text[norm.text.char_indices().nth(at).map_or(norm.text.len(), |(i, _)| i)..];
    // The body's length in characters: `source` holds one range for every character of the text.
    let body_len = norm.char_len() - at;
    let truncated = head_end < raw.len();
    let make = |id: SectionId, len: usize, wording: HeadingWording| {
        let (ts, te) = norm.source_range(at, at + len)?;
        let (hs, _) = norm.source_range(0, at + len)?;
        Some(HeadingMatch {
            id,
            numeral,
            numeral_range: if at > 0 { norm.source_range(0, at).map(|(s, e)| TextRange::new(s, e)) } else { None },
            heading: TextRange::new(hs, te),
            title: TextRange::new(ts, te),
            wording,
        })
    };
    let titles = titles();
    let wording = |canonical: bool| if canonical { HeadingWording::Canonical } else { HeadingWording::OfficialVariant };
    // The whole cell is a title.
    if !truncated {
        for t in titles {
            if t.text == body_s {
                return make(t.id, body_len, wording(t.canonical));
            }
        }
    }
    // Without a numeral only an exact title on its own is a heading.
    numeral?;
    // A title followed by the section's first sentence on the same line.
    if let Some(t) = titles.iter().filter(|t| body_len > t.chars.len() && body_s.starts_with(&t.text)).max_by_key(|t| t.chars.len()) {
        let next = body_s[t.text.len()..].chars().next();
        if matches!(next, Some('。' | ':' | ',' | ';' | '.')) || body_len > t.chars.len() + MAX_ADDED || truncated {
            return make(t.id, t.chars.len(), wording(t.canonical));
        }
    }
    if truncated {
        return None;
    }
    // The canonical title with a few words added: 一、2023年政务公开总体情况.
    for t in titles {
        if t.canonical && body_len <= t.chars.len() + MAX_ADDED && body_s.contains(t.text.as_str()) {
            return make(t.id, body_len, HeadingWording::OfficialVariant);
        }
    }
    let body: Vec<char> = body_s.chars().collect();
    // A misspelt title: 四、政府信息公开行政法复议、行政诉讼情况. Only a title within an edit or with a
    // similarity of 0.8 can be the one; when the lower bounds of the distances rule every title out,
    // nothing is computed.
    let similarity = |dist: usize, t: &Title| 1.0 - dist as f32 / body.len().max(t.chars.len()) as f32;
    if titles.iter().all(|t| {
        let bound = distance_bound(&body, t);
        bound > 1 && similarity(bound, t) < 0.8
    }) {
        return None;
    }
    let mut scored: Vec<(SectionId, f32, usize)> = titles
        .iter()
        .map(|t| {
            let dist = levenshtein(&body, &t.chars);
            (t.id, similarity(dist, t), dist)
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (id, sim, dist) = *scored.first()?;
    let runner_up = scored.iter().find(|s| s.0 != id).map_or(0.0, |s| s.1);
    let own_numeral = numeral == Some(id.0);
    let title_len = titles.iter().filter(|t| t.id == id && t.canonical).map(|t| t.chars.len()).next().unwrap_or(0);
    let close = sim >= 0.8 || (dist <= 1 && (body.len() >= 4 || (own_numeral && title_len >= 4)));
    if close && sim - runner_up > 0.1 {
        return make(id, body.len(), HeadingWording::Typo(sim));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_characters_a_heading_starts_with_are_the_numerals_and_the_titles_first() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let looked_up = "一二三四五六七八九".contains(c) || titles().iter().any(|t| t.chars.first() == Some(&c));
            assert_eq!(may_start_heading(c), looked_up, "{c:?}");
        }
    }

    fn h(s: &str) -> Option<(u8, Option<u8>, String, HeadingWording)> {
        match_heading(s, TextRange::new(0, s.len())).map(|m| (m.id.0, m.numeral, m.heading.slice(s).to_owned(), m.wording))
    }

    #[test]
    fn canonical_variant_and_typo_headings() {
        assert_eq!(h("一、总体情况"), Some((1, Some(1), "一、总体情况".into(), HeadingWording::Canonical)));
        assert_eq!(h("二、行政机关主动公开政府信息情况"), Some((2, Some(2), "二、行政机关主动公开政府信息情况".into(), HeadingWording::OfficialVariant)));
        assert_eq!(h("一、2023年政务公开总体情况"), Some((1, Some(1), "一、2023年政务公开总体情况".into(), HeadingWording::OfficialVariant)));
        assert!(matches!(h("四、政府信息公开行政法复议、行政诉讼情况"), Some((4, Some(4), _, HeadingWording::Typo(_)))));
        assert_eq!(h("六、其他需要报告的事项 "), Some((6, Some(6), "六、其他需要报告的事项".into(), HeadingWording::Canonical)));
        assert_eq!(h("一、总体情况。2021年，我局认真贯彻"), Some((1, Some(1), "一、总体情况".into(), HeadingWording::Canonical)));
    }

    proptest::proptest! {
        /// The texts remembered as no heading are matched as working them out again does, wherever they
        /// stand.
        #[test]
        fn remembered_texts_match_as_fresh_ones(
            cells in proptest::collection::vec("(一、|二、|四、|六、|\\(一\\)|总体情况|其他需要报告的事项|行政许可|其他|政府信息公开行政复议、行政诉讼情况|行政法复议|主动公开|。|，|2023年| |\\*|#|𠮷|\u{3000})*", 1..12),
            lead in "[ a]{0,3}",
        ) {
            for cell in cells.iter().chain(&cells) {
                let text = format!("{lead}{cell}");
                let range = TextRange::new(lead.len(), text.len());
                proptest::prop_assert_eq!(match_heading(&text, range), match_heading_uncached(&text, range));
            }
        }
    }

    #[test]
    fn table_rows_and_sub_headings_are_not_headings() {
        assert_eq!(h("一、本年新收政府信息公开申请数量"), None);
        assert_eq!(h("三、本年度办理结果"), None);
        assert_eq!(h("四、结转下年度继续办理"), None);
        assert_eq!(h("(一)主动公开政府信息情况"), None);
        assert_eq!(h("二、依申请公开政府信息情况"), None);
    }
}
