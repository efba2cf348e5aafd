//! Splits the lines of a text into cell tokens (text, number, dash, blank) with exact byte ranges,
//! whatever the layout: `|` separators, tabs, one cell per line, or a label followed by
//! space-separated numbers. Page chrome and extraction artefacts are dropped here.

use crate::text::{is_blank_char, TextRange};

/// A number as written in a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number {
    /// The digits without the decimal point; `None` when the number is too large to hold.
    pub mantissa: Option<i128>,
    /// How many digits follow the decimal point.
    pub scale: u8,
    /// Whether a unit such as 元 or 件 follows the digits.
    pub has_unit: bool,
}

impl Number {
    /// The value when it is a whole number (a zero fraction such as `12.0` counts as whole).
    pub fn as_integer(&self) -> Option<i128> {
        let m = self.mantissa?;
        let p = 10i128.checked_pow(u32::from(self.scale))?;
        (m % p == 0).then_some(m / p)
    }

    pub fn is_negative(&self) -> bool {
        self.mantissa.is_some_and(|m| m < 0)
    }

    pub fn as_f64(&self) -> Option<f64> {
        let m = self.mantissa? as f64;
        Some(m / 10f64.powi(i32::from(self.scale)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Text that is not a number: a label, a header, narrative.
    Text,
    Number(Number),
    /// An explicit "nothing" such as `/`, `-`, `—` or `无`.
    Dash,
    /// An empty cell between separators. A strong blank stands between filled cells of its line; a weak
    /// one is trailing or filler, and may be padding rather than a cell.
    Blank { strong: bool },
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

/// One line of the lexed text: its byte range (without the line break) and what the lexer made of it.
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
        let mut i = pos;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => {
                    pos = i + 1;
                    return Some(TextRange::new(start, i));
                }
                b'\r' => {
                    pos = if bytes.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
                    return Some(TextRange::new(start, i));
                }
                _ => i += 1,
            }
        }
        done = true;
        Some(TextRange::new(start, bytes.len()))
    })
}

/// Lexes all of `text`; token ranges are offsets into `text`.
pub fn lex(text: &str) -> (Vec<Token>, Vec<Line>) {
    let mut tokens = Vec::new();
    let mut out_lines = Vec::new();
    for (n, range) in lines(text).enumerate() {
        let chrome = lex_line(text, range, n as u32, &mut tokens);
        out_lines.push(Line { range, chrome });
    }
    (tokens, out_lines)
}

/// Lexes one line, appending its tokens; returns whether the line is page chrome.
pub fn lex_line(text: &str, range: TextRange, line: u32, out: &mut Vec<Token>) -> bool {
    let raw = range.slice(text);
    if raw.trim_matches(is_blank_char).is_empty() && !raw.contains('\t') {
        return false;
    }
    let masked = mask_artefacts(raw);
    let s: &str = &masked;
    if is_chrome(s) {
        return true;
    }
    if is_markdown_rule(s) {
        return false;
    }
    let base = range.start;
    // Byte searches: `｜` is the only character whose UTF-8 holds the bytes of `"｜"`.
    let has_pipe = s.as_bytes().contains(&b'|') || s.contains("｜");
    if has_pipe || s.as_bytes().contains(&b'\t') {
        let is_sep = |c: char| if has_pipe { c == '|' || c == '｜' } else { c == '\t' };
        split_cells(s, base, line, is_sep, !has_pipe, out);
    } else {
        split_spaced(s, base, line, out);
    }
    false
}

/// Blanks out artefacts such as `[bookmark: _GoBack]` and Markdown heading marks, keeping byte offsets.
fn mask_artefacts(raw: &str) -> std::borrow::Cow<'_, str> {
    let needs_bookmark = raw.as_bytes().contains(&b'[') && raw.contains("[bookmark:");
    let trimmed = raw.trim_start_matches(is_blank_char);
    let needs_hash = trimmed.starts_with('#');
    let needs_quote = trimmed.starts_with('>');
    if !needs_bookmark && !needs_hash && !needs_quote {
        return std::borrow::Cow::Borrowed(raw);
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
    let lead = raw.len() - trimmed.len();
    if needs_hash || needs_quote {
        let marks = trimmed.bytes().take_while(|&b| b == b'#' || b == b'>').count();
        bytes[lead..lead + marks].fill(b' ');
    }
    // Only ASCII bytes were replaced by spaces, and whole characters at that, so this stays UTF-8.
    std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| raw.to_owned()))
}

/// Lines that a web page, a PDF or a word processor adds around a report.
fn is_chrome(s: &str) -> bool {
    let t = s.trim_matches(is_blank_char);
    // Longer lines are no chrome; a line of more than 640 bytes has more than 160 characters.
    if t.len() > 4 * CHROME_MAX_CHARS {
        return false;
    }
    const MARKERS: [&str; 22] = [
        "版权所有", "ICP备", "公网安备", "网站标识码", "主办单位", "承办单位", "技术支持", "浏览量", "浏览次数",
        "分辨率", "扫一扫", "打印本页", "关闭窗口", "【打印】", "【关闭】", "文字大小", "字体：", "附件下载",
        "网站地图", "上一篇", "下一篇", "责任编辑",
    ];
    // The markers' first characters (sorted) with the markers that start with each, and a 2048-bit
    // signature of those characters that rules most characters out before the list is searched.
    type ByFirst = (Vec<(char, Vec<&'static str>)>, Signature);
    static FIRST: std::sync::OnceLock<ByFirst> = std::sync::OnceLock::new();
    let (by_first, signature) = FIRST.get_or_init(|| {
        let mut v: Vec<(char, Vec<&'static str>)> = Vec::new();
        for m in MARKERS {
            let Some(c) = m.chars().next() else { continue };
            match v.iter_mut().find(|(f, _)| *f == c) {
                Some((_, ms)) => ms.push(m),
                None => v.push((c, vec![m])),
            }
        }
        v.sort_unstable_by_key(|(c, _)| *c);
        let mut signature = Signature::default();
        for (c, _) in &v {
            signature.insert(*c);
        }
        (v, signature)
    });
    // One pass counts the characters (a line of more than 160 is no chrome) and looks for a marker
    // starting at one of the markers' first characters.
    let mut chars = 0;
    let mut found = false;
    for (i, c) in t.char_indices() {
        chars += 1;
        if chars > CHROME_MAX_CHARS {
            return false;
        }
        if !found && signature.may_hold(c) {
            if let Ok(k) = by_first.binary_search_by_key(&c, |(f, _)| *f) {
                found = by_first[k].1.iter().any(|m| t.as_bytes()[i..].starts_with(m.as_bytes()));
            }
        }
    }
    found || is_page_number(t)
}

/// The most characters a line of page chrome has.
const CHROME_MAX_CHARS: usize = 160;

/// A set of characters that may answer "yes" for characters not in it (those with the same low 11
/// bits), never "no" for one in it: a quick test before an exact one.
#[derive(Debug, Default)]
struct Signature([u64; 32]);

impl Signature {
    fn insert(&mut self, c: char) {
        let k = c as usize & 2047;
        self.0[k >> 6] |= 1 << (k & 63);
    }

    fn may_hold(&self, c: char) -> bool {
        let k = c as usize & 2047;
        self.0[k >> 6] >> (k & 63) & 1 != 0
    }
}

/// `- 4 -`, `— 4 —`, `第 4 页`, `第4页 共10页`.
fn is_page_number(t: &str) -> bool {
    // `t` is trimmed, so its first character is the first one that counts.
    if !t.starts_with(['-', '—', '–', '－', '−', '第']) {
        return false;
    }
    let c: String = t.chars().filter(|c| !is_blank_char(*c)).collect();
    let dashes = ['-', '—', '–', '－', '−'];
    if let Some(inner) = c.strip_prefix(dashes).and_then(|r| r.strip_suffix(dashes)) {
        return !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit());
    }
    if let Some(rest) = c.strip_prefix('第') {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 {
            let rest = &rest[digits..];
            if rest == "页" {
                return true;
            }
            if let Some(total) = rest.strip_prefix("页").map(|r| r.trim_start_matches([',', '，', '/'])) {
                if let Some(n) = total.strip_prefix('共').and_then(|r| r.strip_suffix('页')) {
                    return !n.is_empty() && n.chars().all(|c| c.is_ascii_digit());
                }
            }
        }
    }
    false
}

/// A Markdown table rule such as `|---|:--:|`.
fn is_markdown_rule(s: &str) -> bool {
    let t = s.trim_matches(is_blank_char);
    t.as_bytes().contains(&b'-')
        && t.contains("--")
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | '｜' | '+') || is_blank_char(c))
}

/// Splits a line at `|` (or tabs) into cells.
fn split_cells(s: &str, base: usize, line: u32, is_sep: impl Fn(char) -> bool, is_tab: bool, out: &mut Vec<Token>) {
    // A Markdown row opens with `|` at the start of the line: that piece is no cell.
    let lead_pipe = s.starts_with(['|', '｜']);
    // Pieces: before the first separator, between separators, after the last one; each with whether it
    // holds anything. The separator after a piece starts where the piece ends.
    let mut pieces: Vec<(usize, usize, bool)> = Vec::new();
    let blank = |a: usize, b: usize| s[a..b].trim_matches(is_blank_char).is_empty();
    let mut from = 0;
    for (i, c) in s.char_indices() {
        if is_sep(c) {
            pieces.push((from, i, !blank(from, i)));
            from = i + c.len_utf8();
        }
    }
    pieces.push((from, s.len(), !blank(from, s.len())));
    let filled = |i: usize| pieces[i].2;
    let cells_on_line = pieces.iter().filter(|p| p.2).count();
    if cells_on_line == 0 {
        // A line of separators only: filler, or as many empty cells as separators when a row is short.
        for &(_, a, _) in &pieces[..pieces.len() - 1] {
            out.push(Token { range: TextRange::new(base + a, base + a), line, kind: TokenKind::Blank { strong: false } });
        }
        return;
    }
    let first = pieces.iter().position(|p| p.2).unwrap_or(0);
    let last = pieces.iter().rposition(|p| p.2).unwrap_or(0);
    let n = pieces.len();
    for (i, &(a, b, _)) in pieces.iter().enumerate() {
        if filled(i) {
            // A cell may itself hold a label followed by numbers, as in a PDF row pasted into a cell.
            split_spaced(&s[..b], base, line, out_offset(out, a));
            continue;
        }
        // Blank pieces before the first separator and after the last one are indentation or padding on
        // a line of one cell; on a line of several cells they are weak cells (a spreadsheet row with an
        // empty first or last cell, a table 四 row starting with a blank).
        let skip = if i == 0 {
            cells_on_line < 2 || (!is_tab && lead_pipe)
        } else if i == n - 1 {
            // After the last `|` nothing is a cell: the pipe ends the cell before it. After the last tab
            // of a spreadsheet row an empty last cell stands.
            !is_tab
        } else {
            false
        };
        if skip {
            continue;
        }
        let strong = i > first && i < last;
        // A blank cell's range is the padding between its separators, or an empty range at the separator
        // that ends it.
        out.push(Token { range: TextRange::new(base + a, base + b), line, kind: TokenKind::Blank { strong } });
    }
}

/// Helper that lets `split_spaced` lex only the part of `s` from `from`.
struct SpacedTarget<'a> {
    out: &'a mut Vec<Token>,
    from: usize,
}

fn out_offset(out: &mut Vec<Token>, from: usize) -> SpacedTarget<'_> {
    SpacedTarget { out, from }
}

trait Sink {
    fn start(&self) -> usize;
    fn push(&mut self, t: Token);
}

impl Sink for &mut Vec<Token> {
    fn start(&self) -> usize {
        0
    }
    fn push(&mut self, t: Token) {
        Vec::push(*self, t);
    }
}

impl Sink for SpacedTarget<'_> {
    fn start(&self) -> usize {
        self.from
    }
    fn push(&mut self, t: Token) {
        self.out.push(t);
    }
}

/// Lexes `s[sink.start()..]` as one cell, or as a text followed by space-separated numbers.
fn split_spaced(s: &str, base: usize, line: u32, mut sink: impl Sink) {
    let from = sink.start();
    // Words and their byte ranges within `s`.
    // The first word is kept aside until a second one appears: most cells are one word, and need no list.
    let mut single: Option<(usize, usize)> = None;
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut add = |w: (usize, usize)| {
        if single.is_none() && words.is_empty() {
            single = Some(w);
        } else {
            words.extend(single.take());
            words.push(w);
        }
    };
    let mut start: Option<usize> = None;
    for (i, c) in s[from..].char_indices() {
        let i = from + i;
        if is_blank_char(c) {
            if let Some(st) = start.take() {
                add((st, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        add((st, s.len()));
    }
    if let Some((a, b)) = single {
        // One word: the rules below give it its own kind, whether it is a value or not.
        sink.push(Token { range: TextRange::new(base + a, base + b), line, kind: classify_cell(&s[a..b]) });
        return;
    }
    if words.is_empty() {
        return;
    }
    let number = |&(a, b): &(usize, usize)| matches!(classify_cell(&s[a..b]), TokenKind::Number(_));
    // Words that stand where numbers should: dashes, 无, and short misspelt values (十二, O).
    let value_like = |&(a, b): &(usize, usize)| {
        let w = &s[a..b];
        number(&(a, b))
            || is_dash_word(w)
            || w == "无"
            || (w.chars().count() <= 6
                && w.chars().all(|c| c.is_ascii_digit() || "０１２３４５６７８９〇零一二三四五六七八九十百OoIlＯｏ.,".contains(c)))
    };
    let mut tail = words.iter().rev().take_while(|w| value_like(w)).count();
    // The run must hold at least one number, unless what precedes it is exactly a label of the format
    // (`行政许可 十二`).
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
        let kind = if tail == 0 { classify_cell(&s[a..b]) } else { TokenKind::Text };
        sink.push(Token { range, line, kind });
    }
    for &(a, b) in &words[head..] {
        sink.push(Token { range: TextRange::new(base + a, base + b), line, kind: classify_cell(&s[a..b]) });
    }
}

fn is_dash_word(w: &str) -> bool {
    matches!(w, "/" | "／" | "-" | "－" | "—" | "——" | "–" | "−" | "\\" | "＼" | "---" | "--")
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
const UNITS: [&str; 12] = ["万元", "亿元", "元", "件", "条", "个", "项", "次", "人次", "家", "宗", "人"];

/// Parses a number such as `12`, `-185`, `1,234`, `96171.6`, `１２`, `251000元`.
pub fn parse_number(body: &str) -> Option<Number> {
    let bytes = body.as_bytes();
    // The common cell: plain ASCII digits, read without building a string.
    if !bytes.is_empty() && bytes.len() <= 30 && bytes.iter().all(u8::is_ascii_digit) {
        let mantissa = bytes.iter().fold(0i128, |m, &b| m * 10 + i128::from(b - b'0'));
        return Some(Number { mantissa: Some(mantissa), scale: 0, has_unit: false });
    }
    // A number starts with a digit or a sign (in either width); anything else is text, whatever follows.
    let first = body.chars().find(|c| !is_blank_char(*c))?;
    if !(first.is_ascii_digit() || matches!(first, '-' | '+' | '－' | '−' | '＋' | '０'..='９')) {
        return None;
    }
    // Only digits, signs, points, commas, blanks and the units' characters can stay or be removed
    // below: a text with any other character (`2023年，…`) is no number, and needs no copy to say so.
    let may_stay = |c: char| {
        c.is_ascii_digit()
            || matches!(c, '-' | '+' | '.' | ',' | '０'..='９' | '．' | '，' | '－' | '−' | '＋')
            || matches!(c, '万' | '亿' | '元' | '件' | '条' | '个' | '项' | '次' | '人' | '家' | '宗')
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
    // Counts and amounts never need more than 30 digits; longer numbers are reported as too large, and
    // every sum of real values stays far from overflow.
    if int_digits.len() + frac.len() > 30 {
        return Some(Number { mantissa: None, scale: 0, has_unit });
    }
    let mut mantissa: Option<i128> = Some(0);
    for b in int_digits.bytes().chain(frac.bytes()) {
        mantissa = mantissa.and_then(|m| m.checked_mul(10)).and_then(|m| m.checked_add(i128::from(b - b'0')));
    }
    let scale = u8::try_from(frac.len()).ok()?;
    Some(Number { mantissa: mantissa.map(|m| if negative { -m } else { m }), scale, has_unit })
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
    fn markdown_rows_and_rules() {
        assert_eq!(kinds("|---|:--:|"), vec![]);
        assert_eq!(kinds("| 行政许可 | 5 |"), vec![("行政许可".into(), "text"), ("5".into(), "num")]);
    }

    #[test]
    fn pdf_rows_split_trailing_numbers_off_the_label() {
        assert_eq!(
            kinds("2.重复申请 1 0 — 3"),
            vec![("2.重复申请".into(), "text"), ("1".into(), "num"), ("0".into(), "num"), ("—".into(), "dash"), ("3".into(), "num")]
        );
        assert_eq!(kinds("共收到申请 5 件"), vec![("共收到申请 5 件".into(), "text")]);
    }

    #[test]
    fn tabs_nbsp_and_artefacts() {
        assert_eq!(kinds("\t0\u{a0}"), vec![("0".into(), "num")]);
        assert_eq!(kinds("\t"), vec![("".into(), "weak")]);
        assert_eq!(kinds("[bookmark: _GoBack]主要问题"), vec![("主要问题".into(), "text")]);
        assert_eq!(kinds("- 4 -"), vec![]);
        assert_eq!(kinds("## 一、总体情况"), vec![("一、总体情况".into(), "text")]);
    }

    #[test]
    fn chrome_lines_hold_a_marker_anywhere_and_have_at_most_160_characters() {
        assert!(is_chrome("日期: 2022-01-20 浏览量:665"));
        assert!(is_chrome("  本站ICP备05001号  "));
        assert!(is_chrome("【打印】【关闭】"));
        assert!(!is_chrome("本机关公开网站上的政府信息"));
        let long = format!("{}上一篇", "公".repeat(157));
        assert!(is_chrome(&long));
        assert!(!is_chrome(&format!("公{long}")));
        assert!(!is_chrome(&"公".repeat(300)));
    }

    #[test]
    fn numbers_with_units_signs_and_grouping() {
        let n = parse_number("75394432.52元").unwrap();
        assert_eq!((n.mantissa, n.scale, n.has_unit), (Some(7539443252), 2, true));
        assert_eq!(parse_number("-185").unwrap().as_integer(), Some(-185));
        assert_eq!(parse_number("1,234").unwrap().as_integer(), Some(1234));
        assert_eq!(parse_number("１２").unwrap().as_integer(), Some(12));
        assert_eq!(parse_number("12.0").unwrap().as_integer(), Some(12));
        assert_eq!(parse_number("1.5").unwrap().as_integer(), None);
        assert!(parse_number("1.属于国家秘密").is_none());
        assert!(parse_number("12,34").is_none());
        assert_eq!(parse_number("99999999999999999999999999999999999999999").unwrap().mantissa, None);
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
