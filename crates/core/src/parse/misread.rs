//! The number a value that is not a number probably stands for: letters that look like digits (`O`,
//! `l`, `1O`, `２O`) and numbers written in Chinese numerals (`十二`, `二〇`).

/// A probable reading of a mistyped value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub value: i128,
    /// Whether the reading is beyond doubt: only digits, full-width digits, Chinese numerals and
    /// the letters that are drawn like 0 and 1 (`O`, `o`, `l`, `I`). Letters like `S` (5) or `B`
    /// (8) are read too, but a mistyped word would read the same.
    pub certain: bool,
}

/// Values longer than this are no mistyped count.
const MAX_CHARS: usize = 12;

/// The number `raw` probably stands for, if it is a few digits and digit-like letters, or a number
/// in Chinese numerals; `None` for anything else (words, signs, fractions, nothing that looks like
/// a digit).
pub fn probable_value(raw: &str) -> Option<Reading> {
    let raw = raw.trim();
    if raw.is_empty() || raw.chars().count() > MAX_CHARS {
        return None;
    }
    digit_like(raw).or_else(|| {
        chinese_numeral(raw).map(|value| Reading {
            value,
            certain: true,
        })
    })
}

/// Digits and letters drawn like digits, read one by one; at least one letter must be a digit-like
/// one and not every char a letter, unless the whole value is one `O`/`o`/`l`/`I` (a lone letter
/// `S` is more often a word than a 5).
fn digit_like(raw: &str) -> Option<Reading> {
    let mut value: i128 = 0;
    let (mut certain, mut digits, mut letters) = (true, 0, 0);
    for c in raw.chars() {
        let (d, sure) = match c {
            '0'..='9' => (c as u32 - '0' as u32, true),
            '０'..='９' => (c as u32 - '０' as u32, true),
            'O' | 'o' | 'Ｏ' | 'ｏ' | '〇' => (0, true),
            'l' | 'I' | 'ｌ' | 'Ｉ' => (1, true),
            'Z' | 'z' => (2, false),
            'S' | 's' => (5, false),
            'G' | 'b' => (6, false),
            'B' => (8, false),
            'g' | 'q' => (9, false),
            _ => return None,
        };
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            digits += 1;
        } else {
            letters += 1;
        }
        certain &= sure;
        value = value * 10 + i128::from(d);
    }
    if letters == 0 || (digits == 0 && !certain) {
        return None;
    }
    // A number does not start with a 0 it does not need (`O5` may be a label's numbering, not a
    // count).
    if raw.chars().count() > 1 && value < 10i128.pow(raw.chars().count() as u32 - 1) {
        return None;
    }
    Some(Reading { value, certain })
}

fn numeral(c: char) -> Option<i128> {
    match c {
        '〇' => Some(0),
        '两' => Some(2),
        _ => "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|d| d as i128),
    }
}

/// A number in Chinese numerals below 10 000: `十二`, `一百零五`, `两千`, or digit by digit (`二〇`).
fn chinese_numeral(raw: &str) -> Option<i128> {
    let chars: Vec<char> = raw.chars().collect();
    // Digit by digit: `二〇` is 20, `一` is 1.
    if chars.iter().all(|&c| numeral(c).is_some() && c != '两') {
        if chars.len() > 1 && chars[0] == '零' {
            return None;
        }
        return Some(
            chars
                .iter()
                .fold(0, |v, &c| v * 10 + numeral(c).unwrap_or(0)),
        );
    }
    let mut total = 0;
    // The digit waiting for its unit; `None` after a unit or a 零.
    let mut pending: Option<i128> = None;
    // The last unit seen: the units come in falling order.
    let mut last_unit = 10_000;
    for (i, &c) in chars.iter().enumerate() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                let d = numeral(c)?;
                if pending.is_some() {
                    return None;
                }
                pending = (c != '零').then_some(d);
                if c == '零' && (i == 0 || i + 1 == chars.len()) {
                    return None;
                }
                continue;
            }
        };
        if unit >= last_unit {
            return None;
        }
        last_unit = unit;
        // `十二` is 12: a 十 with no digit before it counts one ten, at the start only.
        let d = match pending.take() {
            Some(d) => d,
            None if unit == 10 && i == 0 => 1,
            None => return None,
        };
        total += d * unit;
    }
    Some(total + pending.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(raw: &str) -> Option<(i128, bool)> {
        probable_value(raw).map(|r| (r.value, r.certain))
    }

    #[test]
    fn letters_drawn_like_digits() {
        assert_eq!(read("O"), Some((0, true)));
        assert_eq!(read("o"), Some((0, true)));
        assert_eq!(read("l"), Some((1, true)));
        assert_eq!(read("I"), Some((1, true)));
        assert_eq!(read("1O"), Some((10, true)));
        assert_eq!(read("２O"), Some((20, true)));
        assert_eq!(read("1O5"), Some((105, true)));
        assert_eq!(read("1S"), Some((15, false)));
        assert_eq!(read("S"), None);
        assert_eq!(read("OO"), None);
        assert_eq!(read("O5"), None);
        assert_eq!(read("12"), None);
        assert_eq!(read("x"), None);
        assert_eq!(read("自然人"), None);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(read("零"), Some((0, true)));
        assert_eq!(read("三"), Some((3, true)));
        assert_eq!(read("十"), Some((10, true)));
        assert_eq!(read("十二"), Some((12, true)));
        assert_eq!(read("二十"), Some((20, true)));
        assert_eq!(read("二十五"), Some((25, true)));
        assert_eq!(read("一百零五"), Some((105, true)));
        assert_eq!(read("两千三百"), Some((2300, true)));
        assert_eq!(read("二〇"), Some((20, true)));
        assert_eq!(read("十十"), None);
        assert_eq!(read("百"), None);
        assert_eq!(read("二二十"), None);
        assert_eq!(read("一二三四五六七八九一二三四"), None);
    }
}
