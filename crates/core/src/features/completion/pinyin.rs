//! Pinyin of the catalog's labels, for filtering completion items by what users type on a keyboard:
//! the initials (`予以公开` → `yygk`) and the toneless syllables (`yuyigongkai`).
//!
//! Readings come from the `pinyin` crate, which knows one most common reading per character; the
//! few characters of the catalog that read otherwise in their word are corrected by [`PHRASES`].

use pinyin::ToPinyin;

/// Words of the catalog in which a polyphonic character does not take its most common reading: the
/// word, the character's position in it (in chars) and the reading there. 重 is zhòng alone but
/// chóng in 重复申请 and 重新出具.
const PHRASES: &[(&str, usize, &str)] = &[("重复", 0, "chong"), ("重新", 0, "chong")];

/// Whether `c` is a CJK ideograph (the basic block and extension A, where every label's characters
/// are).
pub fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// The toneless reading of every CJK character of `text`, in order, other characters skipped.
pub fn syllables(text: &str) -> Vec<&'static str> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        if !is_cjk(c) {
            continue;
        }
        if let Some(reading) = phrase_reading(&chars, i) {
            out.push(reading);
        } else if let Some(p) = c.to_pinyin() {
            out.push(p.plain());
        }
    }
    out
}

/// The reading [`PHRASES`] gives the character at `i`, when a listed word covers it.
fn phrase_reading(chars: &[char], i: usize) -> Option<&'static str> {
    PHRASES.iter().find_map(|&(word, at, reading)| {
        let start = i.checked_sub(at)?;
        let len = word.chars().count();
        let window = chars.get(start..start + len)?;
        window.iter().copied().eq(word.chars()).then_some(reading)
    })
}

/// The initials of the CJK characters of `text`: `（一）予以公开` → `yyygk`, `2.重复申请` → `cfsq`.
pub fn initials(text: &str) -> String {
    syllables(text)
        .iter()
        .filter_map(|s| s.chars().next())
        .collect()
}

/// The toneless syllables of the CJK characters of `text`, joined: `予以公开` → `yuyigongkai`.
pub fn full(text: &str) -> String {
    syllables(text).concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_follow_the_reading_in_the_word() {
        assert_eq!(initials("（一）予以公开"), "yyygk");
        assert_eq!(initials("2.重复申请"), "cfsq");
        assert_eq!(
            initials("5.要求行政机关确认或重新出具已获取信息"),
            "yqxzjgqrhcxcjyhqxx"
        );
        assert_eq!(initials("重要"), "zy");
        assert_eq!(full("行政强制"), "xingzhengqiangzhi");
        assert_eq!(initials("𠮷a1"), "");
    }

    #[test]
    fn every_character_of_the_catalog_has_a_reading() {
        use crate::catalog::{table_spec, Format, TableKind, COLUMN_HEADERS, SECTIONS};
        let mut labels: Vec<String> = SECTIONS.iter().map(|s| s.heading()).collect();
        for kind in TableKind::ALL {
            for format in Format::ALL {
                for row in table_spec(kind, format).rows {
                    labels.push(row.label.to_owned());
                    labels.extend(row.columns().iter().map(|c| c.label.to_owned()));
                }
            }
        }
        labels.extend(COLUMN_HEADERS.iter().map(|h| h.label.to_owned()));
        for label in &labels {
            assert_eq!(
                syllables(label).len(),
                label.chars().filter(|&c| is_cjk(c)).count(),
                "{label}"
            );
        }
    }
}
