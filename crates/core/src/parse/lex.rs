//! Splits the lines of a text into cell tokens (text, number, dash, blank) with exact byte ranges,
//! whatever the layout: `|` separators, tabs, one cell per line, or a label followed by
//! space-separated numbers. Page chrome and extraction artefacts are dropped here.

use crate::text::search::contains;
use crate::text::{is_blank_char, TextRange};

pub use crate::model::Number;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Text that is not a number: a label, a header, narrative.
    Text,
    Number(Number),
    /// An explicit "nothing" such as `/`, `-`, `—` or `无`.
    Dash,
    /// An empty cell between separators. A strong blank stands between filled cells of its line; a
    /// weak one is trailing or filler, and may be padding rather than a cell.
    Blank {
        strong: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub range: TextRange,
    /// The zero-based line of the token within the lexed text.
    pub line: u32,
    pub kind: TokenKind,
}

impl Token {
    pub fn is_value(&self) -> bool {
        !matches!(self.kind, TokenKind::Text)
    }
}

/// One line of the lexed text: its byte range (without the line break) and what the lexer made of
/// it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub range: TextRange,
    pub chrome: bool,
}

/// Iterates the lines of `text` as byte ranges without their line breaks (`\n`, `\r\n`, `\r`).
pub fn lines(text: &str) -> impl Iterator<Item = TextRange> + '_ {
    let bytes = text.as_bytes();
    let mut pos = 0usize;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let start = pos;
        let Some(at) = memchr::memchr2(b'\n', b'\r', &bytes[start..]) else {
            done = true;
            return Some(TextRange::new(start, bytes.len()));
        };
        let end = start + at;
        pos = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
            end + 2
        } else {
            end + 1
        };
        Some(TextRange::new(start, end))
    })
}

/// Lexes all of `text`; token ranges are offsets into `text`.
pub fn lex(text: &str) -> (Vec<Token>, Vec<Line>) {
    // Every line break ends a line (`\r\n` counts twice). Most lines hold a token or two, and a
    // table row split by pipes or tabs about a token per separator: the lists start at that size
    // rather than grow (a token is large, and every growth copies them all).
    let (breaks, separators) = breaks_and_separators(text.as_bytes());
    let mut lexer = Lexer {
        tokens: Vec::with_capacity(breaks + separators + 1),
        ..Lexer::default()
    };
    let mut out_lines = Vec::with_capacity(breaks + 1);
    // One search of the whole text finds the page chrome's markers; no marker spans a line break,
    // and the search reports at least one marker on every line that holds one.
    let mut markers = chrome_markers()
        .find_iter(text)
        .map(|m| m.start())
        .peekable();
    for (n, range) in lines(text).enumerate() {
        while markers.next_if(|&at| at < range.start).is_some() {}
        let has_marker = markers.peek().is_some_and(|&at| at < range.end);
        let chrome = lexer.line(range.slice(text), range.start, n as u32, has_marker);
        out_lines.push(Line { range, chrome });
    }
    (lexer.tokens, out_lines)
}

/// How many bytes of `bytes` are line breaks (`\n`, `\r`) and how many are `|` or tabs, counted in
/// one pass in arithmetic the compiler runs on 32 bytes at a time.
fn breaks_and_separators(bytes: &[u8]) -> (usize, usize) {
    crate::text::count_two(
        bytes,
        |c| c == b'\n' || c == b'\r',
        |c| c == b'|' || c == b'\t',
    )
}

/// The tokens lexed so far, and the lists each line reuses for its cells and words.
#[derive(Default)]
struct Lexer {
    tokens: Vec<Token>,
    /// A line's pieces between separators: start, end, and whether the piece holds anything.
    pieces: Vec<(usize, usize, bool)>,
    /// A cell's words: start and end.
    words: Vec<(usize, usize)>,
}

/// What one pass over the bytes of a line tells about it.
struct ByteScan {
    tab: bool,
    pipe: bool,
    /// Whether the bytes `BD 9C` (the end of `｜`) occur: the line may hold a full-width pipe.
    may_hold_wide_pipe: bool,
    bracket: bool,
    dash: bool,
}

impl ByteScan {
    fn of(bytes: &[u8]) -> Self {
        let (mut tab, mut pipe, mut bracket, mut dash) = (false, false, false, false);
        for &b in bytes {
            tab |= b == b'\t';
            pipe |= b == b'|';
            bracket |= b == b'[';
            dash |= b == b'-';
        }
        let mut may_hold_wide_pipe = false;
        for (&a, &b) in bytes.iter().zip(bytes.get(1..).unwrap_or_default()) {
            may_hold_wide_pipe |= (a == 0xBD) & (b == 0x9C);
        }
        ByteScan {
            tab,
            pipe,
            may_hold_wide_pipe,
            bracket,
            dash,
        }
    }
}

impl Lexer {
    /// Lexes the line `raw`, which starts at `base`, appending its tokens; `has_marker` says
    /// whether the line holds a chrome marker. Returns whether the line is page chrome.
    fn line(&mut self, raw: &str, base: usize, line: u32, has_marker: bool) -> bool {
        let trimmed = trim_blanks(raw);
        let scan = ByteScan::of(raw.as_bytes());
        if trimmed.is_empty() && !scan.tab {
            return false;
        }
        if let Some(masked) = mask_artefacts(raw, trimmed, scan.bracket) {
            // The masks may hide a marker, so the masked line is searched on its own.
            let trimmed = trim_blanks(&masked);
            let has_marker = chrome_markers().is_match(trimmed);
            return self.clean_line(
                &masked,
                trimmed,
                ByteScan::of(masked.as_bytes()),
                base,
                line,
                has_marker,
            );
        }
        self.clean_line(raw, trimmed, scan, base, line, has_marker)
    }

    /// Lexes a line `s` without artefacts; `trimmed` is `s` without its blanks around.
    fn clean_line(
        &mut self,
        s: &str,
        trimmed: &str,
        scan: ByteScan,
        base: usize,
        line: u32,
        has_marker: bool,
    ) -> bool {
        if is_chrome(trimmed, has_marker) {
            return true;
        }
        if scan.dash && is_markdown_rule(trimmed) {
            return false;
        }
        let has_pipe = scan.pipe || (scan.may_hold_wide_pipe && contains(s, "｜"));
        if has_pipe && is_page_number_row(trimmed) {
            return true;
        }
        if has_pipe || scan.tab {
            self.split_cells(s, base, line, !has_pipe);
        } else {
            self.split_spaced(s, 0, base, line);
        }
        false
    }

    /// Splits a line at `|` and `｜` (or at tabs, when `is_tab`) into cells.
    fn split_cells(&mut self, s: &str, base: usize, line: u32, is_tab: bool) {
        // A Markdown row opens with `|` at the start of the line: that piece is no cell.
        let lead_pipe = s.starts_with(['|', '｜']);
        // Pieces: before the first separator, between separators, after the last one; each with
        // whether it holds anything. The separator after a piece starts where the piece ends.
        let mut pieces = std::mem::take(&mut self.pieces);
        pieces.clear();
        let filled = |a: usize, b: usize| !trim_blanks(&s[a..b]).is_empty();
        let mut from = 0;
        for (at, len) in separators(s, is_tab) {
            pieces.push((from, at, filled(from, at)));
            from = at + len;
        }
        pieces.push((from, s.len(), filled(from, s.len())));
        let cells_on_line = pieces.iter().filter(|p| p.2).count();
        if cells_on_line == 0 {
            // A line of separators only: filler, or as many empty cells as separators when a row is
            // short.
            for &(_, a, _) in &pieces[..pieces.len() - 1] {
                self.tokens.push(Token {
                    range: TextRange::new(base + a, base + a),
                    line,
                    kind: TokenKind::Blank { strong: false },
                });
            }
            self.pieces = pieces;
            return;
        }
        let first = pieces.iter().position(|p| p.2).unwrap_or(0);
        let last = pieces.iter().rposition(|p| p.2).unwrap_or(0);
        let n = pieces.len();
        for (i, &(a, b, filled)) in pieces.iter().enumerate() {
            if filled {
                // A cell may itself hold a label followed by numbers, as in a PDF row pasted into a
                // cell.
                self.split_spaced(&s[..b], a, base, line);
                continue;
            }
            // Blank pieces before the first separator and after the last one are indentation or
            // padding on a line of one cell; on a line of several cells they are weak cells (a
            // spreadsheet row with an empty first or last cell, a table 四 row starting with a
            // blank).
            let skip = if i == 0 {
                cells_on_line < 2 || (!is_tab && lead_pipe)
            } else if i == n - 1 {
                // After the last `|` nothing is a cell: the pipe ends the cell before it. After the
                // last tab of a spreadsheet row an empty last cell stands.
                !is_tab
            } else {
                false
            };
            if skip {
                continue;
            }
            let strong = i > first && i < last;
            // A blank cell's range is the padding between its separators, or an empty range at the
            // separator that ends it.
            self.tokens.push(Token {
                range: TextRange::new(base + a, base + b),
                line,
                kind: TokenKind::Blank { strong },
            });
        }
        self.pieces = pieces;
    }

    /// Lexes `s[from..]` as one cell, or as a text followed by space-separated numbers.
    fn split_spaced(&mut self, s: &str, from: usize, base: usize, line: u32) {
        // Words and their byte ranges within `s`.
        let words = &mut self.words;
        words.clear();
        let bytes = s.as_bytes();
        let mut i = from;
        loop {
            // Blanks before a word.
            while i < bytes.len() {
                let (len, blank) = char_at(bytes, i);
                if !blank {
                    break;
                }
                i += len;
            }
            if i == bytes.len() {
                break;
            }
            // A word. CJK ideographs (U+4000 to U+9FFF, led by the bytes E4 to E9) are never blank.
            let start = i;
            while i < bytes.len() {
                if (0xE4..=0xE9).contains(&bytes[i]) {
                    i += 3;
                    continue;
                }
                let (len, blank) = char_at(bytes, i);
                if blank {
                    break;
                }
                i += len;
            }
            words.push((start, i));
        }
        let words = &self.words;
        let out = &mut self.tokens;
        if let [(a, b)] = words[..] {
            // One word: the rules below give it its own kind, whether it is a value or not.
            out.push(Token {
                range: TextRange::new(base + a, base + b),
                line,
                kind: classify_cell(&s[a..b]),
            });
            return;
        }
        if words.is_empty() {
            return;
        }
        let number =
            |&(a, b): &(usize, usize)| matches!(classify_cell(&s[a..b]), TokenKind::Number(_));
        // Words that stand where numbers should: dashes, 无, and short misspelt values (十二, O).
        let value_like = |&(a, b): &(usize, usize)| {
            let w = &s[a..b];
            number(&(a, b))
                || is_dash_word(w)
                || w == "无"
                || (w.chars().count() <= 6
                    && w.chars().all(|c| {
                        c.is_ascii_digit()
                            || "０１２３４５６７８９〇零一二三四五六七八九十百OoIlＯｏ.,"
                                .contains(c)
                    }))
        };
        let mut tail = words.iter().rev().take_while(|w| value_like(w)).count();
        // The run must hold at least one number, unless what precedes it is exactly a label of the
        // format (`行政许可 十二`).
        if tail > 0 && tail < words.len() && !words[words.len() - tail..].iter().any(number) {
            let (a, _) = words[0];
            let (_, b) = words[words.len() - tail - 1];
            let head = crate::text::normalize(&s[a..b], 0).text;
            if super::labels::exact(&head).is_none() {
                tail = 0;
            }
        }
        while tail > 0 && !words[words.len() - tail..].iter().any(number) && tail == words.len() {
            tail -= 1;
        }
        let head = words.len() - tail;
        if head > 0 {
            let (a, _) = words[0];
            let (_, b) = words[head - 1];
            let range = TextRange::new(base + a, base + b);
            let kind = if tail == 0 {
                classify_cell(&s[a..b])
            } else {
                TokenKind::Text
            };
            out.push(Token { range, line, kind });
        }
        for &(a, b) in &words[head..] {
            out.push(Token {
                range: TextRange::new(base + a, base + b),
                line,
                kind: classify_cell(&s[a..b]),
            });
        }
    }
}

/// The byte length of the character that starts at `bytes[i]`, and whether it is blank (see
/// [`is_blank_char`]), read from its bytes without decoding it. `bytes` must be UTF-8 and `i` a
/// character boundary.
#[inline(always)]
fn char_at(bytes: &[u8], i: usize) -> (usize, bool) {
    let b = bytes[i];
    if b < 0x80 {
        return (1, matches!(b, b'\t'..=b'\r' | b' '));
    }
    let len = match b {
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    };
    let blank = match b {
        0xC2 => matches!(bytes[i + 1], 0x85 | 0xA0),
        0xE1 => bytes[i + 1..i + 3] == [0x9A, 0x80],
        0xE2 => matches!(
            [bytes[i + 1], bytes[i + 2]],
            [0x80, 0x80..=0x8D | 0xA8 | 0xA9 | 0xAF] | [0x81, 0x9F | 0xA0]
        ),
        0xE3 => bytes[i + 1..i + 3] == [0x80, 0x80],
        0xEF => bytes[i + 1..i + 3] == [0xBB, 0xBF],
        _ => false,
    };
    (len, blank)
}

/// `s` without the blank characters (see [`is_blank_char`]) at its start and end, found from the
/// bytes.
fn trim_blanks(s: &str) -> &str {
    let bytes = s.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let (len, blank) = char_at(bytes, start);
        if !blank {
            break;
        }
        start += len;
    }
    let mut end = bytes.len();
    while end > start {
        // The common last characters, ASCII and the ideographs led by the bytes E4 to E9 (never
        // blank), are told from their bytes without finding where the character starts.
        let b = bytes[end - 1];
        if b < 0x80 {
            if !matches!(b, b'\t'..=b'\r' | b' ') {
                break;
            }
            end -= 1;
            continue;
        }
        if end - start >= 3 && (0xE4..=0xE9).contains(&bytes[end - 3]) {
            break;
        }
        let mut last = end - 1;
        while is_continuation_byte(bytes[last]) {
            last -= 1;
        }
        if !char_at(bytes, last).1 {
            break;
        }
        end = last;
    }
    &s[start..end]
}

/// The separators of a line: tabs when `is_tab`, else `|` and `｜`; each as its start and byte
/// length.
fn separators(s: &str, is_tab: bool) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = s.as_bytes();
    let (first, second) = if is_tab {
        (b'\t', b'\t')
    } else {
        (b'|', "｜".as_bytes()[0])
    };
    memchr::memchr2_iter(first, second, bytes).filter_map(move |at| match bytes[at] {
        b'\t' | b'|' => Some((at, 1)),
        _ => bytes[at..]
            .starts_with("｜".as_bytes())
            .then_some((at, "｜".len())),
    })
}

/// Blanks out artefacts such as `[bookmark: _GoBack]` and Markdown heading marks, keeping byte
/// offsets; `None` when `raw` has none. `trimmed` is `raw` without its blanks around; `has_bracket`
/// says whether `raw` holds a `[`.
fn mask_artefacts(raw: &str, trimmed: &str, has_bracket: bool) -> Option<String> {
    let needs_bookmark = has_bracket && contains(raw, "[bookmark:");
    let needs_marks = trimmed.starts_with(['#', '>']);
    if !needs_bookmark && !needs_marks {
        return None;
    }
    let mut bytes = raw.as_bytes().to_vec();
    if needs_bookmark {
        let mut from = 0;
        while let Some(at) = raw[from..].find("[bookmark:") {
            let start = from + at;
            let end = raw[start..].find(']').map_or(raw.len(), |e| start + e + 1);
            bytes[start..end].fill(b' ');
            from = end;
            if from >= raw.len() {
                break;
            }
        }
    }
    if needs_marks {
        let lead = raw.len() - raw.trim_start_matches(is_blank_char).len();
        let marks = trimmed
            .bytes()
            .take_while(|&b| b == b'#' || b == b'>')
            .count();
        bytes[lead..lead + marks].fill(b' ');
    }
    // Only whole characters were replaced by spaces, so this stays UTF-8.
    Some(String::from_utf8(bytes).unwrap_or_else(|_| raw.to_owned()))
}

/// The markers of page chrome: words that a web page, a PDF or a word processor adds around a
/// report.
const CHROME_MARKERS: [&str; 22] = [
    "版权所有",
    "ICP备",
    "公网安备",
    "网站标识码",
    "主办单位",
    "承办单位",
    "技术支持",
    "浏览量",
    "浏览次数",
    "分辨率",
    "扫一扫",
    "打印本页",
    "关闭窗口",
    "【打印】",
    "【关闭】",
    "文字大小",
    "字体：",
    "附件下载",
    "网站地图",
    "上一篇",
    "下一篇",
    "责任编辑",
];

/// A searcher for all of [`CHROME_MARKERS`] at once.
fn chrome_markers() -> &'static aho_corasick::AhoCorasick {
    static SEARCHER: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    // Leftmost-first searches use a vectorised searcher for a few patterns; the standard ones do
    // not.
    SEARCHER.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(CHROME_MARKERS)
            .expect("the chrome markers make a searcher")
    })
}

/// Whether a line, `trimmed` of its blanks, is page chrome: a line of at most 160 characters that
/// holds a chrome marker (`has_marker`) or is a page number.
fn is_chrome(trimmed: &str, has_marker: bool) -> bool {
    if !has_marker && !trimmed.starts_with(PAGE_NUMBER_STARTS) {
        return false;
    }
    // A line of more than 640 bytes has more than 160 characters; shorter ones count their
    // characters' first bytes.
    trimmed.len() <= 4 * CHROME_MAX_CHARS
        && trimmed
            .bytes()
            .filter(|&b| !is_continuation_byte(b))
            .count()
            <= CHROME_MAX_CHARS
        && (has_marker || is_page_number(trimmed))
}

/// Whether `b` continues a character in UTF-8 rather than starting one.
fn is_continuation_byte(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The most characters a line of page chrome has.
const CHROME_MAX_CHARS: usize = 160;

/// The dashes around a page number.
const PAGE_NUMBER_DASHES: [char; 5] = ['-', '—', '–', '－', '−'];

/// The characters that a page number starts with.
const PAGE_NUMBER_STARTS: [char; 6] = ['-', '—', '–', '－', '−', '第'];

/// A line of a pipe table that holds nothing but a page number (`第 3 页 |`, `| - 4 - |`), `trimmed`
/// of its blanks: page chrome like the bare page number, not a cell of the row above it.
pub(crate) fn is_page_number_row(trimmed: &str) -> bool {
    // A page number and its pipes are short: longer lines are rows, and are not looked into.
    if trimmed.len() > 64 {
        return false;
    }
    let core = trimmed.trim_matches(|c: char| c == '|' || c == '｜' || is_blank_char(c));
    core.starts_with(PAGE_NUMBER_STARTS) && is_page_number(core)
}

/// `- 4 -`, `— 4 —`, `第 4 页`, `第4页 共10页`; blanks do not count.
fn is_page_number(t: &str) -> bool {
    fn digits(chars: &mut std::iter::Peekable<impl Iterator<Item = char>>) -> usize {
        std::iter::from_fn(|| chars.next_if(char::is_ascii_digit)).count()
    }
    let mut chars = t.chars().filter(|c| !is_blank_char(*c)).peekable();
    match chars.next() {
        // A dash, digits, a dash.
        Some(c) if PAGE_NUMBER_DASHES.contains(&c) => {
            digits(&mut chars) > 0
                && chars
                    .next()
                    .is_some_and(|c| PAGE_NUMBER_DASHES.contains(&c))
                && chars.next().is_none()
        }
        // 第, digits, 页, and optionally the pages in all: `共`, digits, `页` after commas or slashes.
        Some('第') => {
            if digits(&mut chars) == 0 || chars.next() != Some('页') {
                return false;
            }
            if chars.peek().is_none() {
                return true;
            }
            while chars.next_if(|c| matches!(c, ',' | '，' | '/')).is_some() {}
            chars.next() == Some('共')
                && digits(&mut chars) > 0
                && chars.next() == Some('页')
                && chars.next().is_none()
        }
        _ => false,
    }
}

/// A Markdown table rule such as `|---|:--:|`; `t` is trimmed of its blanks.
fn is_markdown_rule(t: &str) -> bool {
    contains(t, "--")
        && t.chars()
            .all(|c| matches!(c, '|' | '-' | ':' | '｜' | '+') || is_blank_char(c))
}

fn is_dash_word(w: &str) -> bool {
    matches!(
        w,
        "/" | "／" | "-" | "－" | "—" | "——" | "–" | "−" | "\\" | "＼" | "---" | "--"
    )
}

/// What a trimmed cell holds.
pub fn classify_cell(body: &str) -> TokenKind {
    if is_dash_word(body) || body == "无" {
        return TokenKind::Dash;
    }
    match parse_number(body) {
        Some(n) => TokenKind::Number(n),
        None => TokenKind::Text,
    }
}

/// Units that may follow a number (`parse_number`'s early rejection lists their characters).
const UNITS: [&str; 12] = [
    "万元", "亿元", "元", "件", "条", "个", "项", "次", "人次", "家", "宗", "人",
];

/// Parses a number such as `12`, `-185`, `1,234`, `96171.6`, `１２`, `251000元`.
pub fn parse_number(body: &str) -> Option<Number> {
    let bytes = body.as_bytes();
    // The common cell: plain ASCII digits, read without building a string.
    if !bytes.is_empty() && bytes.len() <= 30 && bytes.iter().all(u8::is_ascii_digit) {
        let mantissa = bytes
            .iter()
            .fold(0i128, |m, &b| m * 10 + i128::from(b - b'0'));
        return Some(Number {
            mantissa: Some(mantissa),
            scale: 0,
            has_unit: false,
        });
    }
    // A number starts with a digit or a sign (in either width); anything else is text, whatever
    // follows.
    let first = body.chars().find(|c| !is_blank_char(*c))?;
    if !(first.is_ascii_digit() || matches!(first, '-' | '+' | '－' | '−' | '＋' | '０'..='９'))
    {
        return None;
    }
    // Only digits, signs, points, commas, blanks and the units' characters can stay or be removed
    // below: a text with any other character (`2023年，…`) is no number, and needs no copy to say so.
    let may_stay = |c: char| {
        c.is_ascii_digit()
            || matches!(
                c,
                '-' | '+' | '.' | ',' | '０'..='９' | '．' | '，' | '－' | '−' | '＋'
            )
            || matches!(
                c,
                '万' | '亿' | '元' | '件' | '条' | '个' | '项' | '次' | '人' | '家' | '宗'
            )
            || is_blank_char(c)
    };
    if !body.chars().all(may_stay) {
        return None;
    }
    let mut s: String = body
        .chars()
        .filter(|c| !is_blank_char(*c))
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '，' => ',',
            '－' | '−' => '-',
            '＋' => '+',
            other => other,
        })
        .collect();
    let mut has_unit = false;
    for unit in UNITS {
        if s.len() > unit.len() && s.ends_with(unit) {
            s.truncate(s.len() - unit.len());
            has_unit = true;
            break;
        }
    }
    let (negative, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, &s[..]),
    };
    if digits.is_empty() || !digits.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    let (int_part, frac_part) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    // Thousands separators must group by three.
    let int_digits: String = if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let ok = groups[0].len() <= 3
            && !groups[0].is_empty()
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
        if !ok {
            return None;
        }
        groups.concat()
    } else {
        int_part.to_owned()
    };
    if int_digits.is_empty() || !int_digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac = frac_part.unwrap_or("");
    if frac_part.is_some() && (frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    // Counts and amounts never need more than 30 digits; longer numbers are reported as too large,
    // and every sum of real values stays far from overflow.
    if int_digits.len() + frac.len() > 30 {
        return Some(Number {
            mantissa: None,
            scale: 0,
            has_unit,
        });
    }
    let mut mantissa: Option<i128> = Some(0);
    for b in int_digits.bytes().chain(frac.bytes()) {
        mantissa = mantissa
            .and_then(|m| m.checked_mul(10))
            .and_then(|m| m.checked_add(i128::from(b - b'0')));
    }
    let scale = u8::try_from(frac.len()).ok()?;
    Some(Number {
        mantissa: mantissa.map(|m| if negative { -m } else { m }),
        scale,
        has_unit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, &'static str)> {
        let (tokens, _) = lex(text);
        tokens
            .iter()
            .map(|t| {
                let k = match t.kind {
                    TokenKind::Text => "text",
                    TokenKind::Number(_) => "num",
                    TokenKind::Dash => "dash",
                    TokenKind::Blank { strong: true } => "blank",
                    TokenKind::Blank { strong: false } => "weak",
                };
                (t.range.slice(text).to_owned(), k)
            })
            .collect()
    }

    #[test]
    fn pipe_rows_keep_blank_cells_and_mark_filler_as_weak() {
        assert_eq!(
            kinds("规章 | 0 |  | 3 | ||"),
            vec![
                ("规章".into(), "text"),
                ("0".into(), "num"),
                ("  ".into(), "blank"),
                ("3".into(), "num"),
                (" ".into(), "weak"),
                ("".into(), "weak")
            ]
        );
        assert_eq!(kinds("||"), vec![("".into(), "weak"), ("".into(), "weak")]);
        assert_eq!(kinds("0 |"), vec![("0".into(), "num")]);
    }

    #[test]
    fn full_width_pipes_separate_cells_and_characters_ending_like_them_do_not() {
        assert_eq!(
            kinds("规章｜0｜ ｜3"),
            vec![
                ("规章".into(), "text"),
                ("0".into(), "num"),
                (" ".into(), "blank"),
                ("3".into(), "num")
            ]
        );
        // 潜 ends with the same two bytes as ｜.
        assert_eq!(
            kinds("潜在 5"),
            vec![("潜在".into(), "text"), ("5".into(), "num")]
        );
    }

    #[test]
    fn markdown_rows_and_rules() {
        assert_eq!(kinds("|---|:--:|"), vec![]);
        assert_eq!(
            kinds("| 行政许可 | 5 |"),
            vec![("行政许可".into(), "text"), ("5".into(), "num")]
        );
    }

    #[test]
    fn pdf_rows_split_trailing_numbers_off_the_label() {
        assert_eq!(
            kinds("2.重复申请 1 0 — 3"),
            vec![
                ("2.重复申请".into(), "text"),
                ("1".into(), "num"),
                ("0".into(), "num"),
                ("—".into(), "dash"),
                ("3".into(), "num")
            ]
        );
        assert_eq!(
            kinds("共收到申请 5 件"),
            vec![("共收到申请 5 件".into(), "text")]
        );
    }

    #[test]
    fn a_page_number_pasted_as_a_cell_is_chrome() {
        assert_eq!(kinds("第 3 页 |"), vec![]);
        assert_eq!(kinds("| - 4 - |"), vec![]);
        assert_eq!(
            kinds("第 3 页 | 0 |"),
            vec![("第 3 页".into(), "text"), ("0".into(), "num")]
        );
    }

    #[test]
    fn tabs_nbsp_and_artefacts() {
        assert_eq!(kinds("\t0\u{a0}"), vec![("0".into(), "num")]);
        assert_eq!(kinds("\t"), vec![("".into(), "weak")]);
        assert_eq!(
            kinds("[bookmark: _GoBack]主要问题"),
            vec![("主要问题".into(), "text")]
        );
        assert_eq!(kinds("- 4 -"), vec![]);
        assert_eq!(
            kinds("## 一、总体情况"),
            vec![("一、总体情况".into(), "text")]
        );
    }

    /// Whether the line `s` is page chrome, its markers searched on their own.
    fn chrome(s: &str) -> bool {
        let t = s.trim_matches(is_blank_char);
        is_chrome(t, chrome_markers().is_match(t))
    }

    #[test]
    fn chrome_lines_hold_a_marker_anywhere_and_have_at_most_160_characters() {
        assert!(chrome("日期: 2022-01-20 浏览量:665"));
        assert!(chrome("  本站ICP备05001号  "));
        assert!(chrome("【打印】【关闭】"));
        assert!(!chrome("本机关公开网站上的政府信息"));
        let long = format!("{}上一篇", "公".repeat(157));
        assert!(chrome(&long));
        assert!(!chrome(&format!("公{long}")));
        assert!(!chrome(&"公".repeat(300)));
    }

    #[test]
    fn the_markers_found_in_the_whole_text_mark_their_own_lines() {
        let text = "上一篇\n下一篇上一篇\n正文\n\n  文字大小\r\n[bookmark: 责任编辑]正文\r主办单位[bookmark: x]\n版权所";
        let (_, lines) = lex(text);
        let chrome: Vec<bool> = lines.iter().map(|l| l.chrome).collect();
        assert_eq!(chrome, [true, true, false, false, true, false, true, false]);
    }

    /// The line splitter before it searched with `memchr`.
    fn lines_one_byte_at_a_time(text: &str) -> Vec<TextRange> {
        let bytes = text.as_bytes();
        let (mut out, mut start, mut i) = (Vec::new(), 0, 0);
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => {
                    out.push(TextRange::new(start, i));
                    i += 1;
                    start = i;
                }
                b'\r' => {
                    out.push(TextRange::new(start, i));
                    i += if bytes.get(i + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                    start = i;
                }
                _ => i += 1,
            }
        }
        out.push(TextRange::new(start, bytes.len()));
        out
    }

    /// Every string of up to `len` characters from `alphabet`.
    fn strings(alphabet: &[char], len: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..len {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    proptest::proptest! {
        /// Any text is trimmed as `str` trims it, whatever characters end it.
        #[test]
        fn any_text_is_trimmed_as_str_trims_it(s in "(\\PC|\\s|[\u{3000}\u{FEFF}\u{2028}\u{A0}\u{1680}中。，𠮷\u{4000}-\u{4010}])*") {
            proptest::prop_assert_eq!(trim_blanks(&s), s.trim_matches(is_blank_char));
        }

        /// The breaks and separators counted in chunks are those counted one byte at a time.
        #[test]
        fn breaks_and_separators_are_counted(text in "[a|\t\r\n中]{0,300}") {
            let b = text.bytes().filter(|c| matches!(c, b'\n' | b'\r')).count();
            let s = text.bytes().filter(|c| matches!(c, b'|' | b'\t')).count();
            proptest::prop_assert_eq!(breaks_and_separators(text.as_bytes()), (b, s));
        }
    }

    #[test]
    fn lines_end_at_every_kind_of_line_break() {
        for text in strings(&['a', '中', '\r', '\n'], 6) {
            assert_eq!(
                lines(&text).collect::<Vec<_>>(),
                lines_one_byte_at_a_time(&text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn blanks_are_trimmed_as_str_trims_them() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for s in [
                c.to_string(),
                format!("中{c}"),
                format!("{c}中"),
                format!("{c}a{c}"),
                format!("{c}{c}"),
            ] {
                assert_eq!(trim_blanks(&s), s.trim_matches(is_blank_char), "{s:?}");
            }
        }
    }

    #[test]
    fn the_bytes_of_a_character_tell_its_length_and_whether_it_is_blank() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            assert_eq!(
                char_at(s.as_bytes(), 1),
                (c.len_utf8(), is_blank_char(c)),
                "{:X}",
                c as u32
            );
        }
    }

    /// The page number test before it read the characters without copying them.
    fn page_number_from_a_copy(t: &str) -> bool {
        if !t.starts_with(PAGE_NUMBER_STARTS) {
            return false;
        }
        let c: String = t.chars().filter(|c| !is_blank_char(*c)).collect();
        if let Some(inner) = c
            .strip_prefix(PAGE_NUMBER_DASHES)
            .and_then(|r| r.strip_suffix(PAGE_NUMBER_DASHES))
        {
            return !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit());
        }
        if let Some(rest) = c.strip_prefix('第') {
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            if digits > 0 {
                let rest = &rest[digits..];
                if rest == "页" {
                    return true;
                }
                if let Some(total) = rest
                    .strip_prefix("页")
                    .map(|r| r.trim_start_matches([',', '，', '/']))
                {
                    if let Some(n) = total.strip_prefix('共').and_then(|r| r.strip_suffix('页')) {
                        return !n.is_empty() && n.chars().all(|c| c.is_ascii_digit());
                    }
                }
            }
        }
        false
    }

    #[test]
    fn page_numbers() {
        assert!(is_page_number("- 4 -"));
        assert!(is_page_number("第4页 共10页"));
        assert!(is_page_number("第 4 页，共 10 页"));
        assert!(!is_page_number("第二十条 第(一)项"));
        let alphabet = ['-', '—', '第', '页', '共', '1', '2', ' ', '，', '/', 'x'];
        for t in strings(&alphabet, 6) {
            let t = t.trim_matches(is_blank_char);
            assert_eq!(is_page_number(t), page_number_from_a_copy(t), "{t:?}");
        }
    }

    #[test]
    fn numbers_with_units_signs_and_grouping() {
        let n = parse_number("75394432.52元").unwrap();
        assert_eq!(
            (n.mantissa, n.scale, n.has_unit),
            (Some(7539443252), 2, true)
        );
        assert_eq!(parse_number("-185").unwrap().as_integer(), Some(-185));
        assert_eq!(parse_number("1,234").unwrap().as_integer(), Some(1234));
        assert_eq!(parse_number("１２").unwrap().as_integer(), Some(12));
        assert_eq!(parse_number("12.0").unwrap().as_integer(), Some(12));
        assert_eq!(parse_number("1.5").unwrap().as_integer(), None);
        assert!(parse_number("1.属于国家秘密").is_none());
        assert!(parse_number("12,34").is_none());
        assert_eq!(
            parse_number("99999999999999999999999999999999999999999")
                .unwrap()
                .mantissa,
            None
        );
        assert!(parse_number("１２３ 件").unwrap().has_unit);
        assert!(parse_number("2023年，本机关").is_none());
    }

    #[test]
    fn every_unit_character_is_allowed_by_the_early_rejection() {
        // 人次 is cut as 次 (the units are tried in order), which leaves 人 behind: no number.
        for unit in UNITS.into_iter().filter(|&u| u != "人次") {
            let n = parse_number(&format!("12{unit}")).unwrap_or_else(|| panic!("12{unit}"));
            assert!(n.has_unit, "{unit}");
        }
    }
}
