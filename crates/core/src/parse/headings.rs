//! Recognises the six section headings, line by line, in their canonical, official long and
//! misspelt wordings, and tells them apart from table 三's row labels that also start with 一、 to 四、.

use std::sync::OnceLock;

use super::labels::{char_mask, levenshtein};
use crate::catalog::{SectionId, SECTIONS};
use crate::model::{HeadingNumbering, HeadingWording};
use crate::text::hash::FxHashSet;
use crate::text::{normalize, split_numbering, Numbering, TextRange};

/// A heading found at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadingMatch {
    pub id: SectionId,
    pub numeral: Option<u8>,
    pub numeral_range: Option<TextRange>,
    /// How the numeral is written.
    pub numbering: HeadingNumbering,
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
            .flat_map(|s| {
                std::iter::once((s.id, s.title, true))
                    .chain(s.official_variants.iter().map(move |v| (s.id, *v, false)))
            })
            .map(|(id, t, canonical)| {
                let text = normalize(t, 0).text;
                let chars: Vec<char> = text.chars().collect();
                Title {
                    id,
                    mask: char_mask(&chars),
                    chars,
                    text,
                    canonical,
                }
            })
            .collect()
    })
}

/// How many characters the longest title has.
fn longest_title() -> usize {
    static LONGEST: OnceLock<usize> = OnceLock::new();
    *LONGEST.get_or_init(|| titles().iter().map(|t| t.chars.len()).max().unwrap_or(0))
}

/// The characters a numbered heading may start with: the Chinese numerals 一 to 九, 第 (`第一部分`) and
/// the brackets of `（一）`.
const NUMBERED_STARTS: &str = "一二三四五六七八九第(（";

/// How many characters the longest title of section `id` has.
fn longest_title_of(id: SectionId) -> usize {
    static LONGEST: OnceLock<[usize; 6]> = OnceLock::new();
    let longest = LONGEST.get_or_init(|| {
        let mut l = [0; 6];
        for t in titles() {
            let slot = &mut l[usize::from(t.id.0.clamp(1, 6) - 1)];
            *slot = (*slot).max(t.chars.len());
        }
        l
    });
    longest[usize::from(id.0.clamp(1, 6) - 1)]
}

/// Whether a line starting with `c` can be a heading at all: a numbering, or the first character of
/// a title written without its numeral.
fn may_start_heading(c: char) -> bool {
    heading_starts().contains(&c)
}

/// The characters a heading may start with: those of [`NUMBERED_STARTS`] and the first characters
/// of the titles, once each.
fn heading_starts() -> &'static [char] {
    static STARTS: OnceLock<Vec<char>> = OnceLock::new();
    STARTS.get_or_init(|| {
        let mut starts: Vec<char> = NUMBERED_STARTS
            .chars()
            .chain(titles().iter().filter_map(|t| t.chars.first().copied()))
            .collect();
        starts.sort_unstable();
        starts.dedup();
        starts
    })
}

/// A lower bound of the edit distance between `body` and a title: the difference of their lengths,
/// or the characters of `body` that the title lacks (each must be replaced or deleted).
fn distance_bound(body: &[char], t: &Title) -> usize {
    let lacking = body
        .iter()
        .filter(|&&c| t.mask & char_mask(&[c]) == 0)
        .count();
    body.len().abs_diff(t.chars.len()).max(lacking)
}

/// Matches the text of `range` (the first cell of a line) as a section heading.
pub fn match_heading(text: &str, range: TextRange) -> Option<HeadingMatch> {
    let raw = range.slice(text);
    // Whether a cell is a heading depends on its text alone, and most cells that start like one are
    // the same table labels (行政许可, 其他) in every report: each thread remembers the short texts that
    // were no heading. The first character is looked at before, which rules out most cells for
    // less.
    thread_local! {
        static NOT_HEADINGS: std::cell::RefCell<FxHashSet<Box<str>>> = std::cell::RefCell::new(FxHashSet::default());
    }
    /// How many texts a thread remembers before it forgets them all, and the longest it remembers.
    const MEMO_LIMIT: usize = 1 << 12;
    const MEMO_BYTES: usize = 240;
    let first = raw
        .chars()
        .find(|c| !crate::text::is_blank_char(*c) && !matches!(c, '*' | '#'));
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
    let mut marks = raw
        .chars()
        .filter(|c| !crate::text::is_blank_char(*c) && !matches!(c, '*' | '#'));
    let first = marks.next().filter(|c| may_start_heading(*c))?;
    // Without a numbering first, only a whole cell that is a title is a heading: a cell of many
    // more characters than the longest title (a narrative line that starts like one) is none.
    if !NUMBERED_STARTS.contains(first) && marks.nth(2 * longest_title() + 8).is_some() {
        return None;
    }
    // Narrative lines are long; only their start can be a heading.
    let head_end = raw.char_indices().nth(60).map_or(raw.len(), |(i, _)| i);
    let norm = normalize(&raw[..head_end], range.start);
    if norm.char_len() < 2 {
        return None;
    }
    let (numeral, numbering, at) = heading_numbering(&norm)?;
    let body_s = &norm.text[norm
        .text
        .char_indices()
        .nth(at)
        .map_or(norm.text.len(), |(i, _)| i)..];
    // The body's length in characters: `source` holds one range for every character of the text.
    let body_len = norm.char_len() - at;
    let truncated = head_end < raw.len();
    let make = |id: SectionId, len: usize, wording: HeadingWording| {
        // `（一）` numbers a sub-heading: under it, only the section of its own number is a heading.
        if numbering == HeadingNumbering::Paren && numeral != Some(id.0) {
            return None;
        }
        let (ts, te) = norm.source_range(at, at + len)?;
        let (hs, _) = norm.source_range(0, at + len)?;
        // The numbering another way takes the blanks after it (`第一部分 总体情况`), so that writing the
        // format's `一、` in its place leaves none.
        let numeral_range = match numbering {
            HeadingNumbering::Format => norm.source_range(0, at).map(|(s, e)| TextRange::new(s, e)),
            HeadingNumbering::None => None,
            _ => Some(TextRange::new(hs, ts)),
        };
        Some(HeadingMatch {
            id,
            numeral,
            numeral_range,
            numbering,
            heading: TextRange::new(hs, te),
            title: TextRange::new(ts, te),
            wording,
        })
    };
    let titles = titles();
    let wording = |canonical: bool| {
        if canonical {
            HeadingWording::Canonical
        } else {
            HeadingWording::OfficialVariant
        }
    };
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
    if let Some(t) = titles
        .iter()
        .filter(|t| body_len > t.chars.len() && body_s.starts_with(&t.text))
        .max_by_key(|t| t.chars.len())
    {
        let next = body_s[t.text.len()..].chars().next();
        if matches!(next, Some('。' | ':' | ',' | ';' | '.'))
            || body_len > t.chars.len() + MAX_ADDED
            || truncated
        {
            return make(t.id, t.chars.len(), wording(t.canonical));
        }
    }
    if truncated {
        return reworded(numeral, body_s, truncated)
            .and_then(|(id, len)| make(id, len, HeadingWording::Reworded));
    }
    // The canonical title with a few words added: 一、2023年政务公开总体情况.
    for t in titles {
        if t.canonical && body_len <= t.chars.len() + MAX_ADDED && body_s.contains(t.text.as_str())
        {
            return make(t.id, body_len, HeadingWording::OfficialVariant);
        }
    }
    let reworded = || {
        reworded(numeral, body_s, truncated)
            .and_then(|(id, len)| make(id, len, HeadingWording::Reworded))
    };
    // A misspelt title is the words before the text that follows it on its line (一、总体清况：…).
    let body: Vec<char> = body_s
        .chars()
        .take_while(|c| !matches!(c, '。' | ':' | ';' | ','))
        .collect();
    // A misspelt title: 四、政府信息公开行政法复议、行政诉讼情况. Only a title within an edit or with a similarity of
    // 0.8 can be the one; when the lower bounds of the distances rule every title out, nothing is
    // computed.
    let similarity =
        |dist: usize, t: &Title| 1.0 - dist as f32 / body.len().max(t.chars.len()) as f32;
    if titles.iter().all(|t| {
        let bound = distance_bound(&body, t);
        bound > 1 && similarity(bound, t) < 0.8
    }) {
        return reworded();
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
    let title_len = titles
        .iter()
        .filter(|t| t.id == id && t.canonical)
        .map(|t| t.chars.len())
        .next()
        .unwrap_or(0);
    let close = sim >= 0.8 || (dist <= 1 && (body.len() >= 4 || (own_numeral && title_len >= 4)));
    // One character off is a slip; more, under the section's own numeral and with its key words, is
    // another wording (五、存在的主要问题及改进措施).
    if close && sim - runner_up > 0.1 {
        // A 的 more or less (收到和处理政府信息公开申请的情况) is the official wording's own variation, no slip.
        let without_de = |cs: &[char]| {
            cs.iter()
                .filter(|&&c| c != '的')
                .copied()
                .collect::<Vec<char>>()
        };
        if dist == 1
            && titles
                .iter()
                .any(|t| t.id == id && without_de(&t.chars) == without_de(&body))
        {
            return make(id, body.len(), HeadingWording::Reworded);
        }
        let other_wording = if dist > 1 { reworded() } else { None };
        if let Some(m) = other_wording.or_else(|| make(id, body.len(), HeadingWording::Typo(sim))) {
            return Some(m);
        }
    }
    reworded()
}

/// The numbering of a normalised heading: its numeral, how it is written and how many characters it
/// takes (with the separator after it); `None` when the text starts with a numbering no section
/// heading has (`1.`, `(1)`).
fn heading_numbering(
    norm: &crate::text::Normalized,
) -> Option<(Option<u8>, HeadingNumbering, usize)> {
    let numeral_of = |c: char| {
        "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|i| i as u8 + 1)
    };
    let mut chars = norm.text.chars();
    let (c0, c1) = (chars.next(), chars.next());
    // 第一部分, with or without a separator after it.
    if c0 == Some('第') {
        if let Some(n) = c1.and_then(numeral_of) {
            if chars.next() == Some('部') && chars.next() == Some('分') {
                let sep = chars
                    .next()
                    .is_some_and(|c| matches!(c, '、' | ':' | '.' | ',' | '-' | '—'));
                return Some((Some(n), HeadingNumbering::Part, 4 + usize::from(sep)));
            }
        }
    }
    match split_numbering(&norm.text) {
        (Some(Numbering::Chinese(n)), at) if (1..=9).contains(&n) => {
            let sep = norm.text.chars().nth(at - 1);
            let style = if sep == Some('、') {
                HeadingNumbering::Format
            } else {
                HeadingNumbering::Punctuated
            };
            Some((Some(n), style, at))
        }
        (Some(Numbering::ParenChinese(n)), at) if (1..=9).contains(&n) => {
            Some((Some(n), HeadingNumbering::Paren, at))
        }
        (None, _) => {
            // A numeral and a blank before the title (`一 总体情况`): normalising dropped the blank,
            // which leaves a gap between the first two characters' sources.
            let n = c0.and_then(numeral_of);
            let gap = norm.source.get(..2).is_some_and(|s| s[0].1 < s[1].0);
            match n {
                Some(n) if gap && !c1.is_some_and(|c| numeral_of(c).is_some() || c == '十') => {
                    Some((Some(n), HeadingNumbering::Punctuated, 1))
                }
                _ => Some((None, HeadingNumbering::None, 0)),
            }
        }
        _ => None,
    }
}

/// A heading worded another way under its section's own numeral: the words up to the first sentence
/// punctuation hold one of the section's key words and are not much longer than its title
/// (`五、存在的主要问题及下一步工作打算`). The section and the title's length in characters.
fn reworded(numeral: Option<u8>, body: &str, truncated: bool) -> Option<(SectionId, usize)> {
    let id = SectionId(numeral.filter(|n| (1..=6).contains(n))?);
    let spec = id.spec();
    let cut = body.find(['。', ':', ';', ',', '!', '?']);
    if cut.is_none() && truncated {
        return None;
    }
    let head = &body[..cut.unwrap_or(body.len())];
    let len = head.chars().count();
    let longest = longest_title_of(id);
    (len >= 2 && len <= longest + MAX_ADDED && spec.key_words.iter().any(|w| head.contains(w)))
        .then_some((id, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_characters_a_heading_starts_with_are_the_numerals_and_the_titles_first() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let looked_up =
                NUMBERED_STARTS.contains(c) || titles().iter().any(|t| t.chars.first() == Some(&c));
            assert_eq!(may_start_heading(c), looked_up, "{c:?}");
        }
    }

    fn h(s: &str) -> Option<(u8, Option<u8>, String, HeadingWording)> {
        match_heading(s, TextRange::new(0, s.len()))
            .map(|m| (m.id.0, m.numeral, m.heading.slice(s).to_owned(), m.wording))
    }

    #[test]
    fn canonical_variant_and_typo_headings() {
        assert_eq!(
            h("一、总体情况"),
            Some((1, Some(1), "一、总体情况".into(), HeadingWording::Canonical))
        );
        assert_eq!(
            h("二、行政机关主动公开政府信息情况"),
            Some((
                2,
                Some(2),
                "二、行政机关主动公开政府信息情况".into(),
                HeadingWording::OfficialVariant
            ))
        );
        assert_eq!(
            h("一、2023年政务公开总体情况"),
            Some((
                1,
                Some(1),
                "一、2023年政务公开总体情况".into(),
                HeadingWording::OfficialVariant
            ))
        );
        assert!(matches!(
            h("四、政府信息公开行政法复议、行政诉讼情况"),
            Some((4, Some(4), _, HeadingWording::Typo(_)))
        ));
        assert_eq!(
            h("六、其他需要报告的事项 "),
            Some((
                6,
                Some(6),
                "六、其他需要报告的事项".into(),
                HeadingWording::Canonical
            ))
        );
        assert_eq!(
            h("一、总体情况。2021年，我局认真贯彻"),
            Some((1, Some(1), "一、总体情况".into(), HeadingWording::Canonical))
        );
    }

    proptest::proptest! {
        /// The texts remembered as no heading are matched as working them out again does, wherever
        /// they stand.
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
        // A sub-heading numbered （一） under another section's title, and numberings no section has.
        assert_eq!(h("（一）主动公开政府信息情况"), None);
        assert_eq!(h("1.总体情况"), None);
        assert_eq!(h("(1)总体情况"), None);
        assert_eq!(h("第二十条第（一）项"), None);
        // Lists in a section's narrative that hold none of the section's key words.
        assert_eq!(h("五、监督保障"), None);
        assert_eq!(h("二、依申请公开"), None);
    }

    #[test]
    fn numberings_written_another_way() {
        use HeadingNumbering::*;
        let n = |s: &str| {
            match_heading(s, TextRange::new(0, s.len())).map(|m| {
                (
                    m.id.0,
                    m.numeral,
                    m.numbering,
                    m.numeral_range.map(|r| r.slice(s).to_owned()),
                    m.heading.slice(s).to_owned(),
                )
            })
        };
        assert_eq!(
            n("第一部分 总体情况"),
            Some((
                1,
                Some(1),
                Part,
                Some("第一部分 ".into()),
                "第一部分 总体情况".into()
            ))
        );
        assert_eq!(
            n("第三部分：收到和处理政府信息公开申请情况"),
            Some((
                3,
                Some(3),
                Part,
                Some("第三部分：".into()),
                "第三部分：收到和处理政府信息公开申请情况".into()
            ))
        );
        assert_eq!(
            n("二.主动公开政府信息情况"),
            Some((
                2,
                Some(2),
                Punctuated,
                Some("二.".into()),
                "二.主动公开政府信息情况".into()
            ))
        );
        assert_eq!(
            n("六 其他需要报告的事项"),
            Some((
                6,
                Some(6),
                Punctuated,
                Some("六 ".into()),
                "六 其他需要报告的事项".into()
            ))
        );
        assert_eq!(
            n("（一）总体情况"),
            Some((
                1,
                Some(1),
                Paren,
                Some("（一）".into()),
                "（一）总体情况".into()
            ))
        );
        assert_eq!(
            n("(四)政府信息公开行政复议、行政诉讼情况"),
            Some((
                4,
                Some(4),
                Paren,
                Some("(四)".into()),
                "(四)政府信息公开行政复议、行政诉讼情况".into()
            ))
        );
        assert_eq!(
            n("一、总体情况：2023年，本局扎实推进政务公开。"),
            Some((
                1,
                Some(1),
                Format,
                Some("一、".into()),
                "一、总体情况".into()
            ))
        );
        assert_eq!(
            n("第五部分 存在的主要问题及改进情况。主要问题是"),
            Some((
                5,
                Some(5),
                Part,
                Some("第五部分 ".into()),
                "第五部分 存在的主要问题及改进情况".into()
            ))
        );
    }

    #[test]
    fn reworded_headings_under_their_own_numeral() {
        for (s, heading) in [
            (
                "五、存在的主要问题及下一步工作打算",
                "五、存在的主要问题及下一步工作打算",
            ),
            (
                "五、存在的主要问题及整改措施",
                "五、存在的主要问题及整改措施",
            ),
            (
                "五、存在的主要问题及改进措施",
                "五、存在的主要问题及改进措施",
            ),
            (
                "五、存在的不足及改进措施：一是公开不够全面",
                "五、存在的不足及改进措施",
            ),
            ("一、基本情况", "一、基本情况"),
            (
                "第四部分 行政复议和行政诉讼情况",
                "第四部分 行政复议和行政诉讼情况",
            ),
        ] {
            let m = match_heading(s, TextRange::new(0, s.len()));
            assert_eq!(
                m.map(|m| (m.wording, m.heading.slice(s))),
                Some((HeadingWording::Reworded, heading)),
                "{s}"
            );
        }
        // A 的 more is the official wording's variation; one other character off is a misspelling;
        // another section's key words under this numeral are none.
        assert!(matches!(
            h("三、收到和处理政府信息公开申请的情况"),
            Some((3, Some(3), _, HeadingWording::Reworded))
        ));
        assert!(matches!(
            h("五、存在的主要问题和改进情况"),
            Some((5, Some(5), _, HeadingWording::Typo(_)))
        ));
        assert_eq!(h("四、存在的主要问题及下一步工作打算"), None);
        // A numbered sentence is none, however it starts.
        assert_eq!(h("五、针对群众反映的问题我局认真研究制定整改方案并逐项落实到具体科室和责任人员确保各项工作按时保质完成取得实效"), None);
    }
}
