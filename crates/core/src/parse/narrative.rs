//! What the narrative of a part states, read once when the part is parsed: the sentences that state
//! figures, citations of the format's document, malformed dates, years, part counts and the words
//! the section checks look for. The checks judge these against the tables without reading the
//! narrative again, so that an edit re-reads only the part it touched. Every range is relative to
//! the part.

use crate::catalog::{Format, DOCUMENT_ISSUER};
use crate::text::prose::{self, Figure};
use crate::text::{search, TextRange};

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

/// [`WORDS`] and then [`MORE_WORDS`], in the order of the bits of [`Narrative::words`] (below
/// [`ACTED_ON_BIT`]).
const ALL_WORDS: [&str; WORDS.len() + MORE_WORDS.len()] = {
    let mut all = [""; WORDS.len() + MORE_WORDS.len()];
    let mut i = 0;
    while i < all.len() {
        all[i] = if i < WORDS.len() {
            WORDS[i]
        } else {
            MORE_WORDS[i - WORDS.len()]
        };
        i += 1;
    }
    all
};

/// How many slots the table of [`first_chars`] has: a character falls in the slot of its code point
/// modulo this.
const SLOTS: usize = 2048;

/// The bit of a slot of [`first_chars`] saying that a character of [`ACTED_ON`] falls in it. The
/// words take the bits below it.
const ACTED_ON_BIT: u32 = 1 << 31;

// The bits of the words stay below the bit of the other characters.
const _: () = assert!(ALL_WORDS.len() < 31);

/// The characters the walk over a region acts on besides the first characters of the words: the
/// ends of sentences (see [`prose::ends_sentence`]) and the first characters of 件, 收到, 未接到, 年, 月, 部
/// 分, 统计期, of the cited years 2021 and 2019 and of the words that say requests were dealt with (办结,
/// 办理完毕, 答复完毕: see [`DONE`]).
const ACTED_ON: [char; 19] = [
    '。', '！', '？', '；', ';', '!', '?', '\n', '\r', '件', '收', '未', '年', '月', '部', '统',
    '2', '办', '答',
];

/// The words saying that requests were dealt with, which a claim that all of them were ends with
/// (`所有申请均已按时办理完毕`, `均已按期办结`, `已全部答复办结`). Rare in a report: a sentence holding one
/// is read more closely.
const DONE: [&str; 4] = ["办结", "办理完毕", "答复完毕", "办理完成"];

/// For each slot (see [`SLOTS`]), the words whose first character falls in it, one bit each as in
/// [`Narrative::words`], and [`ACTED_ON_BIT`] when a character of [`ACTED_ON`] does. Another
/// character of the same slot only costs a closer look.
fn first_chars() -> &'static [u32; SLOTS] {
    static FIRST_CHARS: std::sync::OnceLock<[u32; SLOTS]> = std::sync::OnceLock::new();
    FIRST_CHARS.get_or_init(|| {
        let mut slots = [0; SLOTS];
        for (k, word) in ALL_WORDS.iter().enumerate() {
            if let Some(c) = word.chars().next() {
                slots[c as usize % SLOTS] |= 1 << k;
            }
        }
        for c in ACTED_ON {
            slots[c as usize % SLOTS] |= ACTED_ON_BIT;
        }
        slots
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
    /// The words claiming that every request was dealt with (`所有申请均已按时办理完毕`), when the
    /// sentence claims it.
    pub all_done: Option<AllDone>,
}

/// A claim that every request was dealt with: `所有…办理完毕`, `均已…办结`, `全部…答复完毕`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AllDone {
    /// From the word of completeness (所有, 全部, 均…) to the end of the word of the claim (办结…).
    pub range: TextRange,
    /// Whether the sentence names requests (申请); otherwise only the section of requests makes the
    /// claim one about them.
    pub names_requests: bool,
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
    /// Reads the narrative of `body` (a range of `text`, the part's text) outside `cuts` (its
    /// tables and chrome, in any order).
    pub fn read(text: &str, body: TextRange, cuts: &[TextRange]) -> Narrative {
        let regions = regions(body, cuts);
        let mut n = Narrative::default();
        for &region in &regions {
            n.read_region(text, region);
        }
        n.regions = regions;
        n
    }

    /// Reads one region in a single walk over its characters: each character is counted, and the
    /// few that can start a word or a fact, or end a sentence, are looked at more closely where
    /// they stand.
    fn read_region(&mut self, text: &str, region: TextRange) {
        let s = region.slice(text);
        let bytes = s.as_bytes();
        let offset = region.start;
        let first_chars = first_chars();
        // The sentence being walked (as `prose::sentences` cuts them): where it starts, and whether
        // it holds 件, 收到, 未接到 or one of [`DONE`], the only words that make a sentence worth
        // reading.
        let mut sentence_start = 0;
        let mut of_interest = false;
        // Whether the sentence holds one of [`DONE`] (it may claim that all requests were dealt
        // with).
        let mut done = false;
        // Where the window of 60 characters after the region's first 统计期 ends, once it is found.
        let mut period_end: Option<usize> = None;
        let mut names_a_report = false;
        // The citations of 〔2019〕 follow those of 〔2021〕.
        let mut citations_of_2019 = Vec::new();
        for (at, c) in s.char_indices() {
            // The common CJK ideographs, most of the text, are letters and never white space.
            if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
                self.chars += 1;
                self.alnum += 1;
            } else if !c.is_whitespace() {
                self.chars += 1;
                self.alnum += usize::from(is_alphanumeric(c));
            }
            let slot = first_chars[c as usize % SLOTS];
            if slot == 0 {
                continue;
            }
            let rest = &bytes[at..];
            // The words not found yet that may start here (overlapping ones too: 责任 and 责任追究).
            let mut unseen = slot & !ACTED_ON_BIT & !self.words;
            while unseen != 0 {
                let k = unseen.trailing_zeros();
                if rest.starts_with(ALL_WORDS[k as usize].as_bytes()) {
                    self.words |= 1 << k;
                }
                unseen &= unseen - 1;
            }
            if slot & ACTED_ON_BIT == 0 {
                continue;
            }
            match c {
                '件' => of_interest = true,
                '收' => of_interest |= rest.starts_with("收到".as_bytes()),
                '未' => of_interest |= rest.starts_with("未接到".as_bytes()),
                '办' | '答' if DONE.iter().any(|w| rest.starts_with(w.as_bytes())) => {
                    of_interest = true;
                    done = true;
                }
                '年' => {
                    if let Some(year) = year_before(s, at) {
                        let range = TextRange::new(offset + at - 4, offset + at);
                        if period_end.is_some_and(|end| at < end) {
                            self.period_years.push((range, year));
                        }
                        if self.first_year.is_none() && opens_statement(&s[at + '年'.len_utf8()..])
                        {
                            self.first_year = Some((range, year));
                        }
                    }
                    names_a_report |= rest.starts_with("年度报告".as_bytes());
                }
                '月' => self.bad_dates.extend(bad_date(text, s, at, offset)),
                '部' if rest.starts_with("部分".as_bytes()) => {
                    self.part_counts.extend(part_count(s, at, offset))
                }
                '统' if period_end.is_none() && rest.starts_with("统计期".as_bytes()) => {
                    period_end = Some(
                        s[at..]
                            .char_indices()
                            .nth(60)
                            .map_or(s.len(), |(i, _)| at + i),
                    );
                }
                '2' => {
                    self.citations.extend(citation(s, at, offset, &CITED[0]));
                    citations_of_2019.extend(citation(s, at, offset, &CITED[1]));
                }
                _ if prose::ends_sentence(c) => {
                    if of_interest {
                        self.read_sentence(
                            text,
                            TextRange::new(offset + sentence_start, offset + at),
                            done,
                        );
                    }
                    sentence_start = at + c.len_utf8();
                    of_interest = false;
                    done = false;
                }
                _ => {}
            }
        }
        if of_interest {
            self.read_sentence(
                text,
                TextRange::new(offset + sentence_start, offset + s.len()),
                done,
            );
        }
        self.citations.append(&mut citations_of_2019);
        if names_a_report {
            titles(s, offset, &mut self.titles);
        }
    }

    /// Reads the figures of a sentence that holds 件, 收到, 未接到 or one of [`DONE`], whether it says
    /// that no request was received, and, when it holds one of [`DONE`] (`done`), whether it claims
    /// that all were dealt with; keeps it when it states any of these.
    fn read_sentence(&mut self, text: &str, sentence: TextRange, done: bool) {
        let figures: Vec<(Figure, Restates)> = prose::figures(text, sentence, "件")
            .into_iter()
            .filter_map(|f| Some((f, restates(text, sentence, &f)?)))
            .collect();
        let no_requests = no_requests(text, sentence);
        let all_done = if done { all_done(text, sentence) } else { None };
        if !figures.is_empty() || no_requests.is_some() || all_done.is_some() {
            self.sentences.push(Sentence {
                range: sentence,
                figures,
                no_requests,
                all_done,
            });
        }
    }

    /// Whether the narrative holds `word`, one of [`WORDS`] or [`MORE_WORDS`] (any other word:
    /// false).
    pub fn has(&self, word: &str) -> bool {
        ALL_WORDS
            .iter()
            .position(|w| *w == word)
            .is_some_and(|i| self.words & (1 << i) != 0)
    }
}

/// The lines of a region that name an annual report of government information disclosure, alone on
/// their line and short (no sentence punctuation), from the line before when the title is set on
/// two lines (see [`super::meta::is_title_head`]). Only a region that holds 年度报告 has any.
fn titles(s: &str, offset: usize, out: &mut Vec<TextRange>) {
    let mut at = 0;
    // Where the last line with something on it starts, and its text.
    let mut before: Option<(usize, &str)> = None;
    for line in s.split_inclusive('\n') {
        let t = line.trim();
        if t.contains("年度报告")
            && t.contains("信息公开")
            && !t.contains(['，', ',', '。', '；'])
            && t.chars().count() <= 80
        {
            let start = match before {
                Some((b, head))
                    if super::meta::continues_title_head(t) && super::meta::is_title_head(head) =>
                {
                    b
                }
                _ => at,
            };
            let lead = line.len() - line.trim_start().len();
            out.push(TextRange::new(offset + start, offset + at + lead + t.len()));
        }
        if !t.is_empty() {
            before = Some((at, t));
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
    Received {
        with_carried_in: bool,
    },
}

fn has(text: &str, r: TextRange, words: &[&str]) -> bool {
    let s = r.slice(text);
    words.iter().any(|w| search::contains(s, w))
}

/// What a figure of a sentence restates, read from the words before it (since the figure before).
fn restates(text: &str, sentence: TextRange, f: &Figure) -> Option<Restates> {
    let before = f.before;
    // What one body did for another (区政府办代表区政府受理…17件) is a part of the report's figures, or
    // another's: not the table's figure.
    if has(text, before, &["代表", "代为", "委托"]) {
        return None;
    }
    if has(text, before, &["行政复议"]) && !has(text, before, &["诉讼", "起诉"]) {
        return Some(Restates::Review);
    }
    if has(text, before, &["行政诉讼", "起诉"]) && !has(text, before, &["复议"]) {
        return Some(Restates::Litigation);
    }
    let about_requests =
        has(text, sentence, &["申请"]) && !has(text, before, &["建议", "提案", "信访", "举报"]);
    if !about_requests {
        let normative = has(text, before, &["规范性文件"])
            && has(text, before, &["制发", "印发", "出台", "制定"]);
        return normative.then_some(Restates::NormativeDocuments);
    }
    let kind = if has(text, before, &["上年结转"]) {
        Restates::CarriedIn
    } else if has(
        text,
        before,
        &[
            "结转下年",
            "结转到下年",
            "转入下年",
            "结转至下年",
            "结转下一年",
            "继续办理",
        ],
    ) {
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
    } else if has(text, before, &["收到", "新收", "受理", "接收"])
        && !has(text, before, &["办结", "答复"])
    {
        // "含上年结转" in the sentence: the figure counts last year's carried-over requests too.
        Restates::Received {
            with_carried_in: has(text, sentence, &["含上年结转", "包括上年结转", "含结转"]),
        }
    } else {
        return None;
    };
    Some(kind)
}

/// [`char::is_alphanumeric`], with the common CJK ideographs and ASCII answered without a table
/// lookup.
pub fn is_alphanumeric(c: char) -> bool {
    match c {
        '0'..='9' | 'a'..='z' | 'A'..='Z' | '\u{4E00}'..='\u{9FFF}' => true,
        _ if c.is_ascii() => false,
        // The punctuation of Chinese text (、。《》【】“”…，：；？！): no letter or digit among it.
        '\u{2010}'..='\u{2027}'
        | '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// `body` minus `cuts`.
fn regions(body: TextRange, cuts: &[TextRange]) -> Vec<TextRange> {
    let mut cuts: Vec<TextRange> = cuts
        .iter()
        .copied()
        .filter(|r| r.end > body.start && r.start < body.end)
        .collect();
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

/// The words saying that no request was received, when a sentence says so of 申请 (not of 复议, 诉讼
/// or 建议).
fn no_requests(text: &str, sentence: TextRange) -> Option<TextRange> {
    let s = sentence.slice(text);
    if !search::contains(s, "收到") && !search::contains(s, "未接到") {
        return None;
    }
    let at = search::find(s, "未收到")
        .or_else(|| search::find(s, "没有收到"))
        .or_else(|| search::find(s, "未接到"))?;
    if !search::contains(&s[at..], "申请")
        || ["复议", "诉讼", "建议"]
            .iter()
            .any(|w| search::contains(s, w))
    {
        return None;
    }
    let word = if s[at..].starts_with("没有收到") {
        "没有收到"
    } else {
        "未收到"
    };
    Some(TextRange::new(
        sentence.start + at,
        sentence.start + at + word.len(),
    ))
}

/// The claim of a sentence that every request was dealt with: a word of completeness (所有, 全部, 均,
/// 都…) in the clause of one of [`DONE`], before it and not negated (`尚未办结`, `未全部办结`), in a
/// sentence that is not about other things dealt with (建议, 提案, 信访, 复议…, before the claim) and
/// leaves nothing out (`除…外`, `其余`, `结转`, `目前`: a claim about the other requests, or about the
/// time of writing rather than the end of the year).
fn all_done(text: &str, sentence: TextRange) -> Option<AllDone> {
    const ALL: [&str; 6] = ["所有", "全部", "均", "全都", "都", "一律"];
    const NOT: [&str; 6] = ["未", "没有", "不", "无", "尚", "是否"];
    const OTHER_THINGS: [&str; 9] = [
        "建议", "提案", "议案", "信访", "举报", "投诉", "复议", "诉讼", "意见",
    ];
    const SOME_LEFT: [&str; 9] = [
        "结转",
        "继续办理",
        "其余",
        "其他",
        "剩余",
        "除",
        "正在",
        "尚在",
        "目前",
    ];
    let s = sentence.slice(text);
    let (at, word) = DONE
        .iter()
        .filter_map(|w| Some((search::find(s, w)?, *w)))
        .min_by_key(|(at, _)| *at)?;
    let before = &s[..at];
    if OTHER_THINGS.iter().any(|w| search::contains(before, w))
        || SOME_LEFT.iter().any(|w| search::contains(s, w))
    {
        return None;
    }
    let clause = before.rfind(['，', ',', '：', ':', '、']).map_or(0, |i| {
        i + before[i..].chars().next().map_or(0, char::len_utf8)
    });
    let claim = &before[clause..];
    if NOT.iter().any(|w| search::contains(claim, w)) {
        return None;
    }
    // The first word of completeness (均 of 平均 or 人均 is none).
    let start = ALL
        .iter()
        .flat_map(|w| claim.match_indices(w))
        .filter(|(i, w)| {
            *w != "均" || !(claim[..*i].ends_with('平') || claim[..*i].ends_with('人'))
        })
        .map(|(i, _)| i)
        .min()?;
    let range = TextRange::new(
        sentence.start + clause + start,
        sentence.start + at + word.len(),
    );
    Some(AllDone {
        range,
        names_requests: search::contains(s, "申请"),
    })
}

/// The formats whose documents' citations are checked: 〔2021〕30号, then 〔2019〕60号.
const CITED: [Format; 2] = [Format::F2021, Format::F2019];

/// The citation of `cited` whose year starts at `at`, when it has a wrong issuer or cites 〔2019〕60号
/// correctly.
fn citation(s: &str, at: usize, offset: usize, cited: &Format) -> Option<Citation> {
    const RIGHT: &str = DOCUMENT_ISSUER;
    let (doc_year, number) = cited.document_year_number();
    if !s[at..].starts_with(doc_year) {
        return None;
    }
    let open = s[..at].chars().next_back();
    if !open.is_some_and(|c| "〔[［(（【".contains(c)) {
        return None;
    }
    let rest = &s[at + doc_year.len()..];
    let close = rest.chars().next();
    if !close.is_some_and(|c| "〕]］)）】".contains(c)) {
        return None;
    }
    let after = &rest[close.map_or(0, char::len_utf8)..];
    if !after.starts_with(number) {
        return None;
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
    let old = *cited == Format::F2019 && issuer.ends_with(RIGHT);
    (wrong_issuer || old).then_some(Citation {
        range: TextRange::new(offset + issuer_start, offset + end),
        wrong_issuer,
        old,
        correct: cited.document(),
    })
}

/// The date whose 月 stands at `at`, when its month is impossible after a year (`2021年13月`) or it
/// runs the year into the month (`202112月`).
fn bad_date(text: &str, s: &str, at: usize, offset: usize) -> Option<TextRange> {
    let b = s.as_bytes();
    let digits = b[..at]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let start = at - digits;
    if start > 0 && b[start - 1].is_ascii_digit() {
        return None;
    }
    let run = &s[start..at];
    let bad = match digits {
        5 | 6 => run[..4]
            .parse::<i32>()
            .is_ok_and(|y| (2000..=2100).contains(&y)),
        1 | 2 => {
            let month: u32 = run.parse().unwrap_or(0);
            let after_year = s[..start].ends_with('年')
                && s[..start].len() >= 7
                && b[start - 7..start - 3].iter().all(u8::is_ascii_digit);
            after_year && !(1..=12).contains(&month)
        }
        _ => false,
    };
    if !bad {
        return None;
    }
    let head = if digits <= 2 {
        start.saturating_sub(7)
    } else {
        start
    };
    let end = s[at..].find('日').map_or(at + '月'.len_utf8(), |d| {
        if d <= 9 {
            at + d + '日'.len_utf8()
        } else {
            at + '月'.len_utf8()
        }
    });
    let range = TextRange::new(offset + head, offset + end);
    text.is_char_boundary(range.start).then_some(range)
}

/// Whether the text after a year's 年 opens a statement about the year (`2021年，`, `2021年度，`,
/// `2021年以来`).
fn opens_statement(after: &str) -> bool {
    after.starts_with(['，', ','])
        || after.starts_with("度，")
        || after.starts_with("度,")
        || after.starts_with("以来")
}

/// The plausible year of the four digits before the 年 at `at` (`2021年`, not `12021年`).
fn year_before(s: &str, at: usize) -> Option<i32> {
    let b = s.as_bytes();
    if at < 4
        || !b[at - 4..at].iter().all(u8::is_ascii_digit)
        || (at > 4 && b[at - 5].is_ascii_digit())
    {
        return None;
    }
    let y: i32 = s[at - 4..at].parse().ok()?;
    (2000..=2100).contains(&y).then_some(y)
}

/// The count of the report's parts in the digits or the Chinese numeral before the `部分` at `at`
/// (`共6个部分`, `分为六个部分`, `由……七部分组成`).
fn part_count(s: &str, at: usize, offset: usize) -> Option<(TextRange, u32)> {
    let head = &s[..at];
    let head = head.strip_suffix('个').unwrap_or(head);
    let c = head.chars().next_back()?;
    let start = if prose::is_digit(c) {
        head.char_indices()
            .rev()
            .take_while(|(_, c)| prose::is_digit(*c))
            .last()
            .map_or(head.len(), |(i, _)| i)
    } else if "一二三四五六七八九十".contains(c) {
        head.len() - c.len_utf8()
    } else {
        return None;
    };
    let context: String = s[..start]
        .chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = s[at..].chars().take(6).collect();
    if !(context.contains('共')
        || context.contains("分为")
        || context.contains("包括")
        || after.contains("组成"))
    {
        return None;
    }
    let (len, stated) = count_at(&head[start..])?;
    Some((TextRange::new(offset + start, offset + start + len), stated))
}

/// The number at the start of `s`: its length in bytes and its value.
fn count_at(s: &str) -> Option<(usize, u32)> {
    let digits: Vec<char> = s.chars().take_while(|c| prose::is_digit(*c)).collect();
    if !digits.is_empty() {
        let value = digits.iter().try_fold(0u32, |acc, c| {
            let d = c
                .to_digit(10)
                .or_else(|| ('０'..='９').contains(c).then(|| *c as u32 - '０' as u32))?;
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
        let values: Vec<Vec<(i128, Restates)>> = n
            .sentences
            .iter()
            .map(|x| x.figures.iter().map(|(f, r)| (f.value, *r)).collect())
            .collect();
        // 办结10件 restates nothing of the tables; 结转2件 is taken for the carried-over requests.
        assert_eq!(
            values,
            vec![
                vec![(
                    12,
                    Restates::Received {
                        with_carried_in: false
                    }
                )],
                vec![(2, Restates::CarriedOut)]
            ]
        );
        assert_eq!(n.regions.len(), 2);
    }

    #[test]
    fn the_fast_alphanumeric_test_agrees_with_the_standard_one_on_every_char() {
        let differ: Vec<char> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| is_alphanumeric(*c) != c.is_alphanumeric())
            .collect();
        assert!(differ.is_empty(), "{differ:?}");
    }

    /// What [`Narrative::read`] reads, found the slow way: each fact by its own search over the
    /// whole region, and the sentences by cutting the region whole.
    fn read_slowly(text: &str, body: TextRange, cuts: &[TextRange]) -> Narrative {
        let regions = regions(body, cuts);
        let mut n = Narrative::default();
        for &region in &regions {
            let s = region.slice(text);
            let offset = region.start;
            for c in s.chars().filter(|c| !c.is_whitespace()) {
                n.chars += 1;
                n.alnum += usize::from(c.is_alphanumeric());
            }
            for (k, word) in ALL_WORDS.iter().enumerate() {
                if s.contains(word) {
                    n.words |= 1 << k;
                }
            }
            for sentence in prose::sentences(text, region) {
                let done = DONE.iter().any(|w| sentence.slice(text).contains(w));
                if done
                    || ["件", "收到", "未接到"]
                        .iter()
                        .any(|w| sentence.slice(text).contains(w))
                {
                    n.read_sentence(text, sentence, done);
                }
            }
            for cited in &CITED {
                n.citations.extend(
                    s.match_indices(cited.document_year_number().0)
                        .filter_map(|(at, _)| citation(s, at, offset, cited)),
                );
            }
            n.bad_dates.extend(
                s.match_indices('月')
                    .filter_map(|(at, _)| bad_date(text, s, at, offset)),
            );
            let years = || {
                s.match_indices('年')
                    .filter_map(|(at, _)| Some((at, year_before(s, at)?)))
            };
            if let Some(from) = s.find("统计期") {
                let window_end = s[from..]
                    .char_indices()
                    .nth(60)
                    .map_or(s.len(), |(i, _)| from + i);
                let within = years().filter(|&(at, _)| at > from && at < window_end);
                n.period_years.extend(
                    within.map(|(at, y)| (TextRange::new(offset + at - 4, offset + at), y)),
                );
            }
            if n.first_year.is_none() {
                n.first_year = years()
                    .find(|&(at, _)| opens_statement(&s[at + '年'.len_utf8()..]))
                    .map(|(at, y)| (TextRange::new(offset + at - 4, offset + at), y));
            }
            n.part_counts.extend(
                s.match_indices("部分")
                    .filter_map(|(at, _)| part_count(s, at, offset)),
            );
            if s.contains("年度报告") {
                titles(s, offset, &mut n.titles);
            }
        }
        n.regions = regions;
        n
    }

    #[test]
    fn the_characters_acted_on_include_every_end_of_sentence() {
        let missing: Vec<char> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| prose::ends_sentence(*c) && !ACTED_ON.contains(c))
            .collect();
        assert!(missing.is_empty(), "{missing:?}");
    }

    proptest::proptest! {
        /// The single walk over a region reads what a search for each fact finds.
        #[test]
        fn one_walk_reads_what_the_separate_searches_find(
            s in "([件收到未接办答。；！\\n\\r𠮷a1 2０９]|办结|办理完毕|答复完毕|所有申请均已|全部|2021|2019|〔2021〕30号|国务院公开办函|国办公开办函〔2019〕60号|年度报告|信息公开|统计期|2020年，|2021年13月|202112月|共6个部分|六部分组成|责任追究|处理费|收费|申请|不予公开|行政复议|上年结转|未收到申请|统|部|年|月)*",
            cut_at in 0usize..200,
            cut_len in 0usize..40,
        ) {
            let boundary = |at: usize| (0..=at.min(s.len())).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0);
            let cut = TextRange::new(boundary(cut_at), boundary(cut_at + cut_len));
            let body = TextRange::new(0, s.len());
            proptest::prop_assert_eq!(Narrative::read(&s, body, &[cut]), read_slowly(&s, body, &[cut]));
        }

        /// Any text, of characters of every length in UTF-8, is read as the slow way reads it.
        #[test]
        fn any_text_is_read_as_the_separate_searches_read_it(s in "(\\PC|[\u{80}-\u{7FF}\u{800}-\u{FFFF}\u{10000}-\u{10FFFF}]|\\s|件。|收到；)*") {
            let body = TextRange::new(0, s.len());
            proptest::prop_assert_eq!(Narrative::read(&s, body, &[]), read_slowly(&s, body, &[]));
        }
    }

    #[test]
    fn claims_that_every_request_was_dealt_with() {
        let claim = |s: &str| {
            read(s)
                .sentences
                .iter()
                .find_map(|x| x.all_done)
                .map(|c| (c.range.slice(s).to_owned(), c.names_requests))
        };
        let yes =
            |s: &str, words: &str| assert_eq!(claim(s), Some((words.to_owned(), true)), "{s}");
        yes("所有申请均已按时办理完毕。", "所有申请均已按时办理完毕");
        yes(
            "本年度共收到政府信息公开申请8件，均已按期办结。",
            "均已按期办结",
        );
        yes("收到的申请已全部答复办结。", "全部答复办结");
        yes("依申请公开工作中，申请全部办结，办结率100%。", "全部办结");
        assert_eq!(
            claim("上述8件均已在法定期限内答复完毕。"),
            Some(("均已在法定期限内答复完毕".to_owned(), false))
        );
        let no = |s: &str| assert_eq!(claim(s), None, "{s}");
        // Negated, partial, about other things, or no claim of completeness at all.
        no("所有申请尚未全部办结。");
        no("收到申请8件，其中部分申请未办结。");
        no("收到申请8件，已办结5件，3件结转下年度继续办理。");
        no("除3件外，其余申请均已办结。");
        no("全年办理人大代表建议12件、政协提案8件，均已按期办结。");
        no("行政复议案件均已办结。");
        no("申请平均办结时间为5个工作日。");
        no("截至目前，所有申请均已办结。");
        no("本年度共收到申请8件，已办结8件。");
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
        assert_eq!(
            n.sentences
                .iter()
                .filter(|x| x.no_requests.is_some())
                .count(),
            1
        );
        // Both years stand within 60 characters after 统计期.
        assert_eq!(
            n.period_years.iter().map(|y| y.1).collect::<Vec<_>>(),
            vec![2021, 2021]
        );
        assert_eq!(n.first_year.map(|y| y.1), Some(2021));
        assert_eq!(n.citations.len(), 1);
        assert!(n.citations[0].wrong_issuer);
        assert_eq!(
            n.part_counts.iter().map(|c| c.1).collect::<Vec<_>>(),
            vec![7]
        );
        assert_eq!(n.bad_dates.len(), 1);
    }
}
