//! The narrative of a report as the narrative checks read it: sentences and clauses, the figures
//! (`N件`) they state and the shares (`占 X%`) after them. Which ranges are narrative (a part's body
//! outside its tables and page chrome) is `parse::narrative`'s business.

use super::TextRange;

/// Cuts `range` at sentence ends (。！？；, `;`, `!`, `?`) and line breaks.
pub fn sentences(text: &str, range: TextRange) -> Vec<TextRange> {
    split(text, range, ends_sentence)
}

/// Whether `c` ends a sentence: 。！？；, `;`, `!`, `?` or a line break.
pub fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | ';' | '!' | '?' | '\n' | '\r')
}

/// Cuts a sentence into clauses at commas, enumeration commas and colons.
pub fn clauses(text: &str, range: TextRange) -> Vec<TextRange> {
    split(text, range, |c| matches!(c, '，' | ',' | '、' | '：' | ':'))
}

fn split(text: &str, range: TextRange, at: impl Fn(char) -> bool) -> Vec<TextRange> {
    let s = range.slice(text);
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if at(c) {
            if i > start {
                out.push(TextRange::new(range.start + start, range.start + i));
            }
            start = i + c.len_utf8();
        }
    }
    if start < s.len() {
        out.push(TextRange::new(range.start + start, range.end));
    }
    out
}

/// A number the narrative states, with what follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    /// The digits.
    pub range: TextRange,
    pub value: i128,
    /// The text between the previous figure (or the sentence start) and this one.
    pub before: TextRange,
}

/// The figures of a sentence followed by `unit` (e.g. 件), in order: runs of digits not preceded by
/// a digit or a point, of at most 12 digits, before the unit (spaces allowed between).
pub fn figures(text: &str, sentence: TextRange, unit: &str) -> Vec<Figure> {
    let s = sentence.slice(text);
    let mut out = Vec::new();
    // Most sentences state no figure in the unit at all.
    if !crate::text::search::contains(s, unit) {
        return out;
    }
    let mut prev_end = 0;
    let mut chars = s.char_indices().peekable();
    // The character before the one looked at.
    let mut before: Option<char> = None;
    while let Some((start, c)) = chars.next() {
        let starts_run = is_digit(c) && !before.is_some_and(|b| is_digit(b) || b == '.');
        before = Some(c);
        if !starts_run {
            continue;
        }
        let mut end = start + c.len_utf8();
        let mut digits = 1;
        while let Some(&(at, d)) = chars.peek() {
            if !is_digit(d) {
                break;
            }
            end = at + d.len_utf8();
            digits += 1;
            before = Some(d);
            chars.next();
        }
        let rest = s[end..].trim_start_matches([' ', '\u{a0}', '\u{3000}']);
        if rest.starts_with(unit) && digits <= 12 {
            let value = s[start..end]
                .chars()
                .fold(0i128, |value, d| value * 10 + i128::from(digit_value(d)));
            out.push(Figure {
                range: TextRange::new(sentence.start + start, sentence.start + end),
                value,
                before: TextRange::new(sentence.start + prev_end, sentence.start + start),
            });
            prev_end = end;
        }
    }
    out
}

pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The value of a digit of [`is_digit`] (0 for any other character).
fn digit_value(c: char) -> u8 {
    match c {
        '0'..='9' => c as u8 - b'0',
        '０'..='９' => (c as u32 - '０' as u32) as u8,
        _ => 0,
    }
}

fn to_ascii_digit(c: char) -> char {
    if ('０'..='９').contains(&c) {
        char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
    } else {
        c
    }
}

/// A percentage right after `after` in the same sentence (`占60%`, `占比 33.3%`): its range and value.
pub fn percentage_after(
    text: &str,
    sentence: TextRange,
    after: usize,
) -> Option<(TextRange, f64, usize)> {
    let s = &text[after..sentence.end];
    // The share must follow within a few characters, before any other number.
    let window: String = s.chars().take(12).collect();
    let at = window.find('占')?;
    if window[..at].chars().any(is_digit) {
        return None;
    }
    let tail = &s[at..];
    let digits_start = tail.find(|c: char| is_digit(c))?;
    let num: String = tail[digits_start..]
        .chars()
        .take_while(|c| is_digit(*c) || *c == '.')
        .collect();
    let num_end = digits_start + num.len();
    let rest = tail[num_end..].trim_start();
    if !(rest.starts_with('%') || rest.starts_with('％')) {
        return None;
    }
    let ascii: String = num.chars().map(to_ascii_digit).collect();
    let value: f64 = ascii.parse().ok()?;
    let decimals = ascii.split_once('.').map_or(0, |(_, d)| d.len());
    let start = after + at + digits_start;
    Some((TextRange::new(start, start + num.len()), value, decimals))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`figures`] the slow way: every character collected first, and each run of digits parsed.
    fn figures_slowly(s: &str, unit: &str) -> Vec<Figure> {
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let mut out = Vec::new();
        let mut prev_end = 0;
        let mut i = 0;
        while i < chars.len() {
            let (start, c) = chars[i];
            if !is_digit(c) || (i > 0 && (is_digit(chars[i - 1].1) || chars[i - 1].1 == '.')) {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < chars.len() && is_digit(chars[j].1) {
                j += 1;
            }
            let end = chars.get(j).map_or(s.len(), |(o, _)| *o);
            let rest = s[end..].trim_start_matches([' ', '\u{a0}', '\u{3000}']);
            let digits: String = s[start..end].chars().map(to_ascii_digit).collect();
            if rest.starts_with(unit) && digits.len() <= 12 {
                if let Ok(value) = digits.parse::<i128>() {
                    out.push(Figure {
                        range: TextRange::new(start, end),
                        value,
                        before: TextRange::new(prev_end, start),
                    });
                    prev_end = end;
                }
            }
            i = j;
        }
        out
    }

    #[test]
    fn figures_are_the_digits_before_the_unit() {
        let s = "收到12件，办结１０ 件，3.5件，12345678901234件。";
        let values: Vec<i128> = figures(s, TextRange::new(0, s.len()), "件")
            .iter()
            .map(|f| f.value)
            .collect();
        assert_eq!(values, vec![12, 10]);
    }

    proptest::proptest! {
        /// The figures read in one pass are those the slow reading finds.
        #[test]
        fn figures_read_in_one_pass_are_the_slow_ones(s in "([0-9０-９.件 \u{a0}\u{3000}a𠮷]|1234567890123)*") {
            proptest::prop_assert_eq!(figures(&s, TextRange::new(0, s.len()), "件"), figures_slowly(&s, "件"));
        }
    }
}
