//! What the narrative of a part states, read once when the part is parsed: the sentences that state
//! figures, citations of the format's document, malformed dates, years, part counts and the words the
//! section checks look for. The checks judge these against the tables without reading the narrative
//! again, so that an edit re-reads only the part it touched. Every range is relative to the part.

use crate::check::prose::{self, Figure};
use crate::text::TextRange;

/// The words whose presence in a section the checks ask about (see [`Narrative::has`]).
pub const WORDS: [&str; 21] = [
    "处理费",
    "收费",
    "信息公开",
    "申请",
    "主动公开",
    "依申请",
    "政府信息公开申请",
    "申请公开",
    "信息管理",
    "保密审查",
    "公开指南",
    "公开目录",
    "信息发布",
    "平台",
    "网站",
    "专栏",
    "新媒体",
    "监督",
    "保障",
    "考核",
    "培训",
];

/// Words beyond [`WORDS`] that only the overview check asks about.
pub const MORE_WORDS: [&str; 3] = ["责任", "评议", "责任追究"];

/// Every bit of [`Narrative::words`] set.
const ALL_WORDS: u32 = (1 << (WORDS.len() + MORE_WORDS.len())) - 1;

/// The searcher of [`WORDS`] and then [`MORE_WORDS`], built once.
fn words() -> &'static aho_corasick::AhoCorasick {
    static WORDS_SEARCHER: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    WORDS_SEARCHER.get_or_init(|| {
        // Twenty-four fixed words: building the searcher cannot fail.
        aho_corasick::AhoCorasick::new(WORDS.iter().chain(MORE_WORDS.iter())).unwrap_or_else(|_| unreachable!())
    })
}

/// The narrative of one part.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Narrative {
    /// The part's body outside its tables and page chrome.
    pub regions: Vec<TextRange>,
    /// The sentences that state a figure in 件 or say that no request was received.
    pub sentences: Vec<Sentence>,
    pub citations: Vec<Citation>,
    /// Dates with an impossible month or a year run into the month (`202112月`).
    pub bad_dates: Vec<TextRange>,
    /// The years within 60 characters after the first `统计期` of each region.
    pub period_years: Vec<(TextRange, i32)>,
    /// The first `XXXX年，` (or `年度，`, `年以来`) of the part.
    pub first_year: Option<(TextRange, i32)>,
    /// Counts of the report's parts the text states (`共6个部分`): where, and the count.
    pub part_counts: Vec<(TextRange, u32)>,
    /// Lines that look like a report's title (`某局2021年政府信息公开工作年度报告`), from the start of
    /// their line: in a 汇总, where the next unit's report starts.
    pub titles: Vec<TextRange>,
    /// Which of [`WORDS`] and then [`MORE_WORDS`] occur, one bit each.
    words: u32,
    /// How many characters that are not white space the narrative has.
    pub chars: usize,
    /// How many of them are letters or digits.
    pub alnum: usize,
}

/// A sentence the narrative checks read.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub range: TextRange,
    /// Its figures followed by 件 that restate a figure of the tables, and which.
    pub figures: Vec<(Figure, Restates)>,
    /// The words `未收到` (or `没有收到`, `未接到`) when the sentence says no request was received.
    pub no_requests: Option<TextRange>,
}

/// A citation of the format's document (`国办公开办函〔2021〕30号`) that is worth a word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Citation {
    /// From the issuer to the number.
    pub range: TextRange,
    /// The issuer starts with 国 but is not 国办公开办函.
    pub wrong_issuer: bool,
    /// It cites 〔2019〕60号.
    pub old: bool,
    /// The citation as it should be written.
    pub correct: &'static str,
}

impl Narrative {
    /// Reads the narrative of `body` (a range of `text`, the part's text) outside `cuts` (its tables and
    /// chrome, in any order).
    pub fn read(text: &str, body: TextRange, cuts: &[TextRange]) -> Narrative {
        let regions = regions(body, cuts);
        let mut n = Narrative::default();
        for &region in &regions {
            let s = region.slice(text);
            for c in s.chars().filter(|c| !c.is_whitespace()) {
                n.chars += 1;
                n.alnum += usize::from(is_alphanumeric(c));
            }
            // Every word of the lists, in one pass (overlapping ones too: 责任 and 责任追究).
            if n.words != ALL_WORDS {
                for m in words().find_overlapping_iter(s) {
                    n.words |= 1 << m.pattern().as_usize();
                }
            }
            for sentence in sentences_of_interest(text, region) {
                let figures: Vec<(Figure, Restates)> =
                    prose::figures(text, sentence, "件").into_iter().filter_map(|f| Some((f, restates(text, sentence, &f)?))).collect();
                let no_requests = no_requests(text, sentence);
                if !figures.is_empty() || no_requests.is_some() {
                    n.sentences.push(Sentence { range: sentence, figures, no_requests });
                }
            }
            citations(s, region.start, &mut n.citations);
            bad_dates(text, s, region.start, &mut n.bad_dates);
            period_years(s, region.start, &mut n.period_years);
            if n.first_year.is_none() {
                n.first_year = first_year(s, region.start);
            }
            part_counts(s, region.start, &mut n.part_counts);
            titles(s, region.start, &mut n.titles);
        }
        n.regions = regions;
        n
    }

    /// Whether the narrative holds `word`, one of [`WORDS`] or [`MORE_WORDS`] (any other word: false).
    pub fn has(&self, word: &str) -> bool {
        WORDS.iter().chain(MORE_WORDS.iter()).position(|w| *w == word).is_some_and(|i| self.words & (1 << i) != 0)
    }
}

/// The lines of a region that name an annual report of government information disclosure, alone on
/// their line and short (no sentence punctuation).
fn titles(s: &str, offset: usize, out: &mut Vec<TextRange>) {
    if !s.contains("年度报告") {
        return;
    }
    let mut at = 0;
    for line in s.split_inclusive('\n') {
        let t = line.trim();
        if t.contains("年度报告") && t.contains("信息公开") && !t.contains(['，', ',', '。', '；']) && t.chars().count() <= 80 {
            let lead = line.len() - line.trim_start().len();
            out.push(TextRange::new(offset + at, offset + at + lead + t.len()));
        }
        at += line.len();
    }
}

/// Which figure of the tables a narrative figure restates, as its words say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restates {
    /// 行政复议: table 四's 行政复议·总计.
    Review,
    /// 行政诉讼: table 四's two 诉讼 总计 together.
    Litigation,
    /// 制发规范性文件: table 二's 行政规范性文件·本年制发件数.
    NormativeDocuments,
    CarriedIn,
    CarriedOut,
    GrantedAndPartly,
    PartlyGranted,
    Granted,
    Refused,
    Unable,
    NotHandled,
    Other,
    /// 收到/新收 requests, with last year's carried-over ones when the sentence says 含上年结转.
    Received { with_carried_in: bool },
}

fn has(text: &str, r: TextRange, words: &[&str]) -> bool {
    let s = r.slice(text);
    words.iter().any(|w| s.contains(w))
}

/// What a figure of a sentence restates, read from the words before it (since the figure before).
fn restates(text: &str, sentence: TextRange, f: &Figure) -> Option<Restates> {
    let before = f.before;
    if has(text, before, &["行政复议"]) && !has(text, before, &["诉讼", "起诉"]) {
        return Some(Restates::Review);
    }
    if has(text, before, &["行政诉讼", "起诉"]) && !has(text, before, &["复议"]) {
        return Some(Restates::Litigation);
    }
    let about_requests = has(text, sentence, &["申请"]) && !has(text, before, &["建议", "提案", "信访", "举报"]);
    if !about_requests {
        let normative = has(text, before, &["规范性文件"]) && has(text, before, &["制发", "印发", "出台", "制定"]);
        return normative.then_some(Restates::NormativeDocuments);
    }
    let kind = if has(text, before, &["上年结转"]) {
        Restates::CarriedIn
    } else if has(text, before, &["结转下年", "结转到下年", "转入下年", "结转至下年", "结转下一年", "继续办理"]) {
        Restates::CarriedOut
    } else if has(text, before, &["予以公开"]) && has(text, before, &["部分公开"]) {
        Restates::GrantedAndPartly
    } else if has(text, before, &["部分公开"]) {
        Restates::PartlyGranted
    } else if has(text, before, &["予以公开", "同意公开"]) {
        Restates::Granted
    } else if has(text, before, &["不予公开"]) {
        Restates::Refused
    } else if has(text, before, &["无法提供"]) {
        Restates::Unable
    } else if has(text, before, &["不予处理"]) {
        Restates::NotHandled
    } else if has(text, before, &["其他处理"]) {
        Restates::Other
    } else if has(text, before, &["收到", "新收", "受理", "接收"]) && !has(text, before, &["办结", "答复"]) {
        // "含上年结转" in the sentence: the figure counts last year's carried-over requests too.
        Restates::Received { with_carried_in: has(text, sentence, &["含上年结转", "包括上年结转", "含结转"]) }
    } else {
        return None;
    };
    Some(kind)
}

/// [`char::is_alphanumeric`], with the common CJK ideographs and ASCII answered without a table lookup.
pub fn is_alphanumeric(c: char) -> bool {
    match c {
        '0'..='9' | 'a'..='z' | 'A'..='Z' | '\u{4E00}'..='\u{9FFF}' => true,
        _ if c.is_ascii() => false,
        // The punctuation of Chinese text (、。《》【】“”…，：；？！): no letter or digit among it.
        '\u{2010}'..='\u{2027}' | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// `body` minus `cuts`.
fn regions(body: TextRange, cuts: &[TextRange]) -> Vec<TextRange> {
    let mut cuts: Vec<TextRange> = cuts.iter().copied().filter(|r| r.end > body.start && r.start < body.end).collect();
    cuts.sort();
    let mut out = Vec::new();
    let mut at = body.start;
    for c in cuts {
        if c.start > at {
            out.push(TextRange::new(at, c.start.min(body.end)));
        }
        at = at.max(c.end);
    }
    if at < body.end {
        out.push(TextRange::new(at, body.end));
    }
    out
}

/// The sentences of `region` (as [`prose::sentences`] cuts it) that hold 件, 收到 or 未接到 — the only
/// ones that can state a figure or say that no request was received — found from those words rather
/// than by cutting the whole region.
fn sentences_of_interest(text: &str, region: TextRange) -> Vec<TextRange> {
    let s = region.slice(text);
    let mut hits: Vec<usize> = s.match_indices('件').map(|(i, _)| i).chain(s.match_indices("收到").map(|(i, _)| i)).collect();
    hits.extend(s.match_indices("未接到").map(|(i, _)| i));
    hits.sort_unstable();
    let mut out: Vec<TextRange> = Vec::new();
    for at in hits {
        if out.last().is_some_and(|r| at < r.end - region.start) {
            continue;
        }
        let start = s[..at].rfind(prose::ends_sentence).map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8));
        let end = s[at..].find(prose::ends_sentence).map_or(s.len(), |i| at + i);
        if start < end {
            out.push(TextRange::new(region.start + start, region.start + end));
        }
    }
    out
}

/// The words saying that no request was received, when a sentence says so of 申请 (not of 复议, 诉讼
/// or 建议).
fn no_requests(text: &str, sentence: TextRange) -> Option<TextRange> {
    let s = sentence.slice(text);
    if !s.contains("收到") && !s.contains("未接到") {
        return None;
    }
    let at = s.find("未收到").or_else(|| s.find("没有收到")).or_else(|| s.find("未接到"))?;
    if !s[at..].contains("申请") || s.contains("复议") || s.contains("诉讼") || s.contains("建议") {
        return None;
    }
    let word = if s[at..].starts_with("没有收到") { "没有收到" } else { "未收到" };
    Some(TextRange::new(sentence.start + at, sentence.start + at + word.len()))
}

/// Citations of 〔2021〕30号 and 〔2019〕60号 with a wrong issuer, and correct ones of 〔2019〕60号.
fn citations(s: &str, offset: usize, out: &mut Vec<Citation>) {
    const RIGHT: &str = "国办公开办函";
    for (doc_year, number, correct) in [("2021", "30号", "国办公开办函〔2021〕30号"), ("2019", "60号", "国办公开办函〔2019〕60号")] {
        let mut from = 0;
        while let Some(pos) = s[from..].find(doc_year) {
            let at = from + pos;
            from = at + doc_year.len();
            let open = s[..at].chars().next_back();
            if !open.is_some_and(|c| "〔[［(（【".contains(c)) {
                continue;
            }
            let rest = &s[at + doc_year.len()..];
            let close = rest.chars().next();
            if !close.is_some_and(|c| "〕]］)）】".contains(c)) {
                continue;
            }
            let after = &rest[close.map_or(0, char::len_utf8)..];
            if !after.starts_with(number) {
                continue;
            }
            let issuer_end = at - open.map_or(0, char::len_utf8);
            let run: String = s[..issuer_end]
                .chars()
                .rev()
                .take_while(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
                .take(12)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            // The issuer is the run from its last 国 (the words before it belong to the sentence).
            let issuer: String = match run.rfind('国') {
                Some(g) => run[g..].to_owned(),
                None => run,
            };
            let issuer_start = issuer_end - issuer.len();
            let end = at + doc_year.len() + close.map_or(0, char::len_utf8) + number.len();
            let wrong_issuer = !issuer.ends_with(RIGHT) && issuer.starts_with('国');
            let old = doc_year == "2019" && issuer.ends_with(RIGHT);
            if wrong_issuer || old {
                out.push(Citation { range: TextRange::new(offset + issuer_start, offset + end), wrong_issuer, old, correct });
            }
        }
    }
}

/// Dates whose month is impossible after a year (`2021年13月`) or that run the year into the month
/// (`202112月`).
fn bad_dates(text: &str, s: &str, offset: usize, out: &mut Vec<TextRange>) {
    let b = s.as_bytes();
    for (at, _) in s.match_indices('月') {
        let digits = b[..at].iter().rev().take_while(|c| c.is_ascii_digit()).count();
        let start = at - digits;
        if start > 0 && b[start - 1].is_ascii_digit() {
            continue;
        }
        let run = &s[start..at];
        let bad = match digits {
            5 | 6 => run[..4].parse::<i32>().is_ok_and(|y| (2000..=2100).contains(&y)),
            1 | 2 => {
                let month: u32 = run.parse().unwrap_or(0);
                let after_year = s[..start].ends_with('年') && s[..start].len() >= 7 && b[start - 7..start - 3].iter().all(u8::is_ascii_digit);
                after_year && !(1..=12).contains(&month)
            }
            _ => false,
        };
        if bad {
            let head = if digits <= 2 { start.saturating_sub(7) } else { start };
            let end = s[at..].find('日').map_or(at + '月'.len_utf8(), |d| if d <= 9 { at + d + '日'.len_utf8() } else { at + '月'.len_utf8() });
            let range = TextRange::new(offset + head, offset + end);
            if text.is_char_boundary(range.start) {
                out.push(range);
            }
        }
    }
}

/// The years of the window after the first `统计期` of a region.
fn period_years(s: &str, offset: usize, out: &mut Vec<(TextRange, i32)>) {
    let Some(at) = s.find("统计期") else { return };
    let window_end = s[at..].char_indices().nth(60).map_or(s.len(), |(i, _)| at + i);
    for (off, year) in years(&s[at..window_end]) {
        out.push((TextRange::new(offset + at + off, offset + at + off + 4), year));
    }
}

/// The first year of a region that opens a statement about the year (`2021年，`, `2021年度，`,
/// `2021年以来`).
fn first_year(s: &str, offset: usize) -> Option<(TextRange, i32)> {
    years(s)
        .find(|(off, _)| {
            let after = &s[off + 4 + "年".len()..];
            after.starts_with(['，', ',']) || after.starts_with("度，") || after.starts_with("度,") || after.starts_with("以来")
        })
        .map(|(off, year)| (TextRange::new(offset + off, offset + off + 4), year))
}

/// Every `XXXX年` of `s` with a plausible year: offset and year.
fn years(s: &str) -> impl Iterator<Item = (usize, i32)> + '_ {
    let b = s.as_bytes();
    s.match_indices('年').filter_map(move |(at, _)| {
        if at < 4 || !b[at - 4..at].iter().all(u8::is_ascii_digit) || (at > 4 && b[at - 5].is_ascii_digit()) {
            return None;
        }
        let y: i32 = s[at - 4..at].parse().ok()?;
        (2000..=2100).contains(&y).then_some((at - 4, y))
    })
}

/// A count of the report's parts in the digits or the Chinese numeral before `部分` (`共6个部分`,
/// `分为六个部分`, `由……七部分组成`).
fn part_counts(s: &str, offset: usize, out: &mut Vec<(TextRange, u32)>) {
    for (at, _) in s.match_indices("部分") {
        let head = &s[..at];
        let head = head.strip_suffix('个').unwrap_or(head);
        let Some(c) = head.chars().next_back() else { continue };
        let start = if prose::is_digit(c) {
            head.char_indices().rev().take_while(|(_, c)| prose::is_digit(*c)).last().map_or(head.len(), |(i, _)| i)
        } else if "一二三四五六七八九十".contains(c) {
            head.len() - c.len_utf8()
        } else {
            continue;
        };
        let context: String = s[..start].chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
        let after: String = s[at..].chars().take(6).collect();
        if !(context.contains('共') || context.contains("分为") || context.contains("包括") || after.contains("组成")) {
            continue;
        }
        let Some((len, stated)) = count_at(&head[start..]) else { continue };
        out.push((TextRange::new(offset + start, offset + start + len), stated));
    }
}

/// The number at the start of `s`: its length in bytes and its value.
fn count_at(s: &str) -> Option<(usize, u32)> {
    let digits: Vec<char> = s.chars().take_while(|c| prose::is_digit(*c)).collect();
    if !digits.is_empty() {
        let value = digits.iter().try_fold(0u32, |acc, c| {
            let d = c.to_digit(10).or_else(|| ('０'..='９').contains(c).then(|| *c as u32 - '０' as u32))?;
            acc.checked_mul(10)?.checked_add(d)
        })?;
        return Some((digits.iter().map(|c| c.len_utf8()).sum(), value));
    }
    let c = s.chars().next()?;
    let n = "一二三四五六七八九十".chars().position(|d| d == c)? as u32 + 1;
    Some((c.len_utf8(), n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Narrative {
        Narrative::read(s, TextRange::new(0, s.len()), &[])
    }

    #[test]
    fn figures_are_read_per_sentence_outside_the_cuts() {
        let s = "全年收到申请12件。\n| 1 | 2 |\n办结申请10件，结转下年2件。";
        let table = TextRange::new(s.find('|').unwrap(), s.find("办结").unwrap());
        let n = Narrative::read(s, TextRange::new(0, s.len()), &[table]);
        let values: Vec<Vec<(i128, Restates)>> = n.sentences.iter().map(|x| x.figures.iter().map(|(f, r)| (f.value, *r)).collect()).collect();
        // 办结10件 restates nothing of the tables; 结转2件 is taken for the carried-over requests.
        assert_eq!(values, vec![vec![(12, Restates::Received { with_carried_in: false })], vec![(2, Restates::CarriedOut)]]);
        assert_eq!(n.regions.len(), 2);
    }

    #[test]
    fn the_fast_alphanumeric_test_agrees_with_the_standard_one_on_every_char() {
        let differ: Vec<char> = (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|c| is_alphanumeric(*c) != c.is_alphanumeric()).collect();
        assert!(differ.is_empty(), "{differ:?}");
    }

    proptest::proptest! {
        /// The sentences found from their words are the region's sentences that hold those words.
        #[test]
        fn sentences_found_from_their_words_are_the_ones_a_full_cut_finds(s in "[件收到未接。；\\n𠮷a1 ]{0,40}") {
            let region = TextRange::new(0, s.len());
            let want: Vec<TextRange> = prose::sentences(&s, region)
                .into_iter()
                .filter(|r| ["件", "收到", "未接到"].iter().any(|w| r.slice(&s).contains(w)))
                .collect();
            proptest::prop_assert_eq!(sentences_of_interest(&s, region), want);
        }
    }

    #[test]
    fn words_and_characters_are_counted() {
        let n = read("本年度未收取信息处理费。 无。责任追究");
        assert!(n.has("处理费"));
        // Overlapping words are both found.
        assert!(n.has("责任") && n.has("责任追究"));
        assert!(!n.has("收费"));
        assert!(!n.has("不在词表里的词"));
        assert_eq!(n.chars, 18);
    }

    #[test]
    fn no_request_sentences_citations_dates_years_and_counts() {
        let n = read("统计期限自2021年1月1日起。2021年，本局未收到政府信息公开申请。依据国务院公开办函〔2021〕30号，共7个部分。2021年13月");
        assert_eq!(n.sentences.iter().filter(|x| x.no_requests.is_some()).count(), 1);
        // Both years stand within 60 characters after 统计期.
        assert_eq!(n.period_years.iter().map(|y| y.1).collect::<Vec<_>>(), vec![2021, 2021]);
        assert_eq!(n.first_year.map(|y| y.1), Some(2021));
        assert_eq!(n.citations.len(), 1);
        assert!(n.citations[0].wrong_issuer);
        assert_eq!(n.part_counts.iter().map(|c| c.1).collect::<Vec<_>>(), vec![7]);
        assert_eq!(n.bad_dates.len(), 1);
    }
}
