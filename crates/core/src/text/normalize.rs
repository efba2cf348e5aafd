//! Label normalisation: NFKC, one bracket and punctuation width, no spaces, line breaks or quotes,
//! with a map from every normalised character back to its source bytes.

use unicode_normalization::UnicodeNormalization;

/// Characters that only separate or pad text: whitespace (NBSP and the ideographic space included),
/// zero-width characters and the byte-order mark.
///
/// The characters are listed rather than asked of `char::is_whitespace`, whose Unicode table costs
/// a lookup for every CJK character: they are the White_Space characters and the five added ones.
#[inline]
pub fn is_blank_char(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, '\t'..='\r' | ' ');
    }
    // CJK text is made of characters above U+2060, where only two characters are blank.
    if c > '\u{2060}' {
        return c == '\u{3000}' || c == '\u{FEFF}';
    }
    matches!(
        c,
        '\u{85}' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200D}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{2060}'
    )
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '“' | '”'
            | '‘'
            | '’'
            | '"'
            | '\''
            | '「'
            | '」'
            | '『'
            | '』'
            | '〝'
            | '〞'
            | '＂'
            | '＇'
            | '„'
            | '‟'
            | '«'
            | '»'
    )
}

/// A normalised text and, for each of its characters, the source byte range it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    /// `source[i]` is the byte range in the source of the i-th char of `text`.
    pub source: Vec<(usize, usize)>,
}

impl Normalized {
    pub fn char_len(&self) -> usize {
        self.source.len()
    }

    /// The source byte range of normalised chars `from..to`.
    pub fn source_range(&self, from: usize, to: usize) -> Option<(usize, usize)> {
        if from >= to || to > self.source.len() {
            return None;
        }
        Some((self.source[from].0, self.source[to - 1].1))
    }
}

/// Normalises `text` for matching against the catalog. Offsets in `source` are relative to `text`
/// plus `base`.
pub fn normalize(text: &str, base: usize) -> Normalized {
    let mut out = String::with_capacity(text.len());
    let mut source = Vec::with_capacity(text.len() / 2);
    each_normalized(text, |d, i, c| {
        out.push(d);
        source.push((base + i, base + i + c.len_utf8()));
    });
    // Trailing punctuation never distinguishes a label.
    while let Some(last) = out.chars().last() {
        if is_trailing_punctuation(last) {
            out.pop();
            source.pop();
        } else {
            break;
        }
    }
    Normalized { text: out, source }
}

impl Normalized {
    /// How many characters `normalize(text, _)` has, without building it (long narrative lines are
    /// only measured, never matched).
    pub fn len_of(text: &str) -> usize {
        normalized_len(text)
    }
}

/// How many characters `normalize(text, _).text` has.
fn normalized_len(text: &str) -> usize {
    let mut len = 0;
    // Normalised characters at the end that are trailing punctuation, which `normalize` drops.
    let mut trailing = 0;
    each_normalized(text, |d, _, _| {
        len += 1;
        trailing = if is_trailing_punctuation(d) {
            trailing + 1
        } else {
            0
        };
    });
    len - trailing
}

/// Trailing punctuation never distinguishes a label.
fn is_trailing_punctuation(c: char) -> bool {
    matches!(c, '。' | '.' | ':' | ';' | ',' | '、' | '…')
}

/// Calls `emit(d, i, c)` for every normalised character `d`, in order, with the byte offset `i` and
/// the source character `c` it came from; trailing punctuation is not removed here.
#[inline]
fn each_normalized(text: &str, mut emit: impl FnMut(char, usize, char)) {
    for (i, c) in text.char_indices() {
        // Fast path: ASCII and CJK ideographs have no compatibility decomposition.
        if c.is_ascii() {
            if !(c.is_ascii_whitespace() || matches!(c, '"' | '\'' | '*' | '`' | '\x0B')) {
                emit(c, i, c);
            }
            continue;
        }
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            emit(c, i, c);
            continue;
        }
        // Chinese punctuation and full-width forms are common: their results are prepared once.
        if let Some(done) = prepared(c) {
            for &d in done {
                emit(d, i, c);
            }
            continue;
        }
        normalize_char(c, |d| emit(d, i, c));
    }
}

/// The normalised characters of one character `c` (neither ASCII nor a CJK ideograph), in order.
fn normalize_char(c: char, mut emit: impl FnMut(char)) {
    if is_blank_char(c) || is_quote(c) {
        return;
    }
    for d in std::iter::once(c).nfkc() {
        if is_blank_char(d) || is_quote(d) {
            continue;
        }
        let d = match d {
            '〔' | '［' | '【' | '〖' => '[',
            '〕' | '］' | '】' | '〗' => ']',
            '－' | '‐' | '‑' | '‒' | '−' => '-',
            '﹑' => '、',
            '。' | '｡' => '。',
            other => other,
        };
        emit(d);
    }
}

/// The ranges whose characters' normalisation is prepared: general punctuation (“”…—), CJK symbols
/// and punctuation (、。《》〔〕), and the full-width and half-width forms (，：（）１).
const PREPARED: [(char, char); 3] = [
    ('\u{2000}', '\u{206F}'),
    ('\u{3000}', '\u{303F}'),
    ('\u{FF00}', '\u{FFEF}'),
];

/// `normalize_char(c)` when `c` is in one of the `PREPARED` ranges, computed once.
fn prepared(c: char) -> Option<&'static [char]> {
    static TABLE: std::sync::OnceLock<Vec<Vec<Vec<char>>>> = std::sync::OnceLock::new();
    let (k, &(from, _)) = PREPARED
        .iter()
        .enumerate()
        .find(|(_, (from, to))| (*from..=*to).contains(&c))?;
    let table = TABLE.get_or_init(|| {
        PREPARED
            .iter()
            .map(|&(from, to)| {
                (from..=to)
                    .map(|c| {
                        let mut out = Vec::new();
                        normalize_char(c, |d| out.push(d));
                        out
                    })
                    .collect()
            })
            .collect()
    });
    Some(&table[k][(c as u32 - from as u32) as usize])
}

/// The numbering in front of a label or heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Numbering {
    /// `一、` (also `一.` or `一,`).
    Chinese(u8),
    /// `（一）`.
    ParenChinese(u8),
    /// `1.` (also `1、`).
    Arabic(u8),
    /// `（1）`.
    ParenArabic(u8),
}

/// The value of a Chinese numeral from 一 to 九十九 written with at most two characters.
fn chinese_numeral(chars: &[char]) -> Option<u8> {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let digit = |c: char| DIGITS.iter().position(|&d| d == c).map(|p| p as u8);
    match chars {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c).filter(|&d| d > 0),
        ['十', c] => digit(*c).map(|d| 10 + d),
        [c, '十'] => digit(*c).map(|d| d * 10),
        _ => None,
    }
}

/// The value of at most two ASCII digits.
fn arabic_numeral(digits: &[char]) -> u8 {
    digits.iter().fold(0, |n, &d| n * 10 + (d as u8 - b'0'))
}

/// Splits the numbering off a normalised label: returns the numbering and the char index where the
/// body starts.
pub fn split_numbering(norm: &str) -> (Option<Numbering>, usize) {
    // The numbering is within the first eight characters, which are read into an array.
    let mut first = ['\0'; 8];
    let mut len = 0;
    for (slot, c) in first.iter_mut().zip(norm.chars()) {
        *slot = c;
        len += 1;
    }
    let chars = &first[..len];
    let is_cn = |c: char| {
        matches!(
            c,
            '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
        )
    };
    // （一） and （1）.
    if chars.first() == Some(&'(') {
        if let Some(close) = chars.iter().position(|&c| c == ')') {
            let inner = &chars[1..close];
            if !inner.is_empty() && inner.iter().all(|&c| is_cn(c)) {
                if let Some(n) = chinese_numeral(inner) {
                    return (Some(Numbering::ParenChinese(n)), close + 1);
                }
            }
            if !inner.is_empty() && inner.len() <= 2 && inner.iter().all(char::is_ascii_digit) {
                return (
                    Some(Numbering::ParenArabic(arabic_numeral(inner))),
                    close + 1,
                );
            }
        }
        return (None, 0);
    }
    // 一、 and 1.
    let cn_len = chars.iter().take_while(|&&c| is_cn(c)).count();
    if cn_len > 0 && cn_len <= 2 {
        if let Some(&sep) = chars.get(cn_len) {
            if matches!(sep, '、' | '.' | ',') {
                if let Some(n) = chinese_numeral(&chars[..cn_len]) {
                    return (Some(Numbering::Chinese(n)), cn_len + 1);
                }
            }
        }
    }
    let digit_len = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    if digit_len > 0 && digit_len <= 2 {
        if let Some(&sep) = chars.get(digit_len) {
            let next_is_digit = chars.get(digit_len + 1).is_some_and(|c| c.is_ascii_digit());
            if matches!(sep, '.' | '、') && !next_is_digit {
                return (
                    Some(Numbering::Arabic(arabic_numeral(&chars[..digit_len]))),
                    digit_len + 1,
                );
            }
        }
    }
    (None, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_characters_are_the_whitespace_and_the_zero_width_characters() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let expected = c.is_whitespace()
                || matches!(
                    c,
                    '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
                );
            assert_eq!(is_blank_char(c), expected, "{:X}", c as u32);
        }
    }

    #[test]
    fn brackets_spaces_quotes_and_width_are_unified() {
        assert_eq!(normalize("（一）予以公开", 0).text, "(一)予以公开");
        assert_eq!(normalize("(一) 予以 公开 ", 0).text, "(一)予以公开");
        assert_eq!(
            normalize("3.危及“三安全一稳定”", 0).text,
            normalize("3．危及三安全一稳定", 0).text
        );
        assert_eq!(normalize("商业\u{a0}企业\u{3000}", 0).text, "商业企业");
        assert_eq!(
            normalize("本年收费金额（单位：万元）", 0).text,
            "本年收费金额(单位:万元)"
        );
        assert_eq!(normalize("规章：", 0).text, "规章");
    }

    #[test]
    fn every_normalised_char_maps_back_to_its_source_bytes() {
        let text = "x （一） 予";
        let n = normalize(text, 10);
        assert_eq!(n.text, "x(一)予");
        let (s, e) = n.source_range(1, 4).unwrap();
        assert_eq!(&text[s - 10..e - 10], "（一）");
    }

    #[test]
    fn the_normalised_length_is_the_length_of_the_normalised_text() {
        let samples = [
            "",
            " ",
            "。",
            "规章：",
            "（一）予以 公开。。",
            "a\u{b}b\u{1c}c\u{85}d",
            "“引号”*`x`",
            "㈠ ① ｶ ﬁ ㍻…",
            "本年收费金额（单位：万元）、",
            "\u{FEFF}\u{200B}总计\u{3000}",
            "１２３．５，",
            "…x…",
        ];
        for s in samples {
            assert_eq!(
                normalized_len(s),
                normalize(s, 0).text.chars().count(),
                "{s:?}"
            );
        }
        // Every character from ASCII to the CJK symbols, alone and after a letter.
        for c in (0u32..0x3100).filter_map(char::from_u32) {
            for s in [c.to_string(), format!("x{c}"), format!("{c}x")] {
                assert_eq!(
                    normalized_len(&s),
                    normalize(&s, 0).text.chars().count(),
                    "{s:?}"
                );
            }
        }
    }

    /// `chinese_numeral` before it read a slice of characters.
    fn chinese_numeral_of_a_copy(s: &str) -> Option<u8> {
        const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
        let chars: Vec<char> = s.chars().collect();
        let digit = |c: char| DIGITS.iter().position(|&d| d == c).map(|p| p as u8);
        match chars.as_slice() {
            [c] if *c == '十' => Some(10),
            [c] => digit(*c).filter(|&d| d > 0),
            ['十', c] => digit(*c).map(|d| 10 + d),
            [c, '十'] => digit(*c).map(|d| d * 10),
            _ => None,
        }
    }

    /// `split_numbering` before it read its characters into an array instead of copying them.
    fn split_numbering_from_copies(norm: &str) -> (Option<Numbering>, usize) {
        let chars: Vec<char> = norm.chars().take(8).collect();
        let is_cn = |c: char| "零一二三四五六七八九十".contains(c);
        // （一） and （1）.
        if chars.first() == Some(&'(') {
            if let Some(close) = chars.iter().position(|&c| c == ')') {
                let inner: String = chars[1..close].iter().collect();
                if !inner.is_empty() && inner.chars().all(is_cn) {
                    if let Some(n) = chinese_numeral_of_a_copy(&inner) {
                        return (Some(Numbering::ParenChinese(n)), close + 1);
                    }
                }
                if !inner.is_empty()
                    && inner.len() <= 2
                    && inner.chars().all(|c| c.is_ascii_digit())
                {
                    if let Ok(n) = inner.parse::<u8>() {
                        return (Some(Numbering::ParenArabic(n)), close + 1);
                    }
                }
            }
            return (None, 0);
        }
        // 一、 and 1.
        let cn_len = chars.iter().take_while(|&&c| is_cn(c)).count();
        if cn_len > 0 && cn_len <= 2 {
            if let Some(&sep) = chars.get(cn_len) {
                if matches!(sep, '、' | '.' | ',') {
                    let numeral: String = chars[..cn_len].iter().collect();
                    if let Some(n) = chinese_numeral_of_a_copy(&numeral) {
                        return (Some(Numbering::Chinese(n)), cn_len + 1);
                    }
                }
            }
        }
        let digit_len = chars.iter().take_while(|c| c.is_ascii_digit()).count();
        if digit_len > 0 && digit_len <= 2 {
            if let Some(&sep) = chars.get(digit_len) {
                let next_is_digit = chars.get(digit_len + 1).is_some_and(|c| c.is_ascii_digit());
                if matches!(sep, '.' | '、') && !next_is_digit {
                    let digits: String = chars[..digit_len].iter().collect();
                    if let Ok(n) = digits.parse::<u8>() {
                        return (Some(Numbering::Arabic(n)), digit_len + 1);
                    }
                }
            }
        }
        (None, 0)
    }

    #[test]
    fn numberings_are_split_off_as_they_were_from_copies() {
        let alphabet = ['(', ')', '一', '二', '十', '零', '1', '9', '、', '.', 'x'];
        let mut strings = vec![String::new()];
        for _ in 0..5 {
            strings = strings
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            for s in &strings {
                assert_eq!(split_numbering(s), split_numbering_from_copies(s), "{s:?}");
            }
        }
    }

    #[test]
    fn numbering_is_split_off() {
        assert_eq!(
            split_numbering("一、总体情况"),
            (Some(Numbering::Chinese(1)), 2)
        );
        assert_eq!(
            split_numbering("(七)总计"),
            (Some(Numbering::ParenChinese(7)), 3)
        );
        assert_eq!(split_numbering("3.其他"), (Some(Numbering::Arabic(3)), 2));
        assert_eq!(split_numbering("3、其他"), (Some(Numbering::Arabic(3)), 2));
        assert_eq!(split_numbering("1.5"), (None, 0));
        assert_eq!(
            split_numbering("十二、x"),
            (Some(Numbering::Chinese(12)), 3)
        );
        assert_eq!(split_numbering("总计"), (None, 0));
    }
}
