//! Traditional characters folded to simplified ones, for reports copied from a site's 繁體 mirror.
//!
//! One character becomes one character, and only when both have the same UTF-8 length, so every
//! byte offset, char count and UTF-16 offset of the folded text is that of the original: the
//! analysis of the folded text points at the client's own text. The table is OpenCC's (see
//! `fold_table.rs`).

use std::borrow::Cow;

use super::fold_table::TABLE;

/// One bit per code point of the basic plane: set when the character is folded.
static BMP: [u64; 1024] = bmp_bits();

const fn bmp_bits() -> [u64; 1024] {
    let mut bits = [0u64; 1024];
    let mut i = 0;
    while i < TABLE.len() {
        let c = TABLE[i].0 as u32;
        if c < 0x10000 {
            bits[(c >> 6) as usize] |= 1 << (c & 63);
        }
        i += 1;
    }
    bits
}

/// The lowest lead byte of a folded character: every key is at U+3400 or above (E3 90 80).
const FIRST_LEAD: u8 = 0xE3;

/// The simplified form of `c` (`c` itself when it has none of the same UTF-8 length).
pub fn simplified_char(c: char) -> char {
    let u = c as u32;
    if u < 0x10000 && BMP[(u >> 6) as usize] & (1 << (u & 63)) == 0 {
        return c;
    }
    TABLE
        .binary_search_by_key(&c, |&(t, _)| t)
        .map_or(c, |i| TABLE[i].1)
}

/// [`simplified_char`] of a code point of the basic plane (of an ideograph decoded by hand).
#[inline]
pub fn simplified_code(u: u32) -> u32 {
    if u < 0x10000 && BMP[(u >> 6) as usize] & (1 << (u & 63)) == 0 {
        return u;
    }
    char::from_u32(u).map_or(u, |c| simplified_char(c) as u32)
}

/// `text` with each traditional character replaced by its simplified form of the same UTF-8 length;
/// borrowed, without allocating, when nothing is folded.
pub fn to_simplified(text: &str) -> Cow<'_, str> {
    let Some(mut next) = next_fold(text, 0) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    loop {
        let (at, simplified) = next;
        out.push_str(&text[done..at]);
        out.push(simplified);
        done = at + simplified.len_utf8();
        match next_fold(text, done) {
            Some(n) => next = n,
            None => break,
        }
    }
    out.push_str(&text[done..]);
    Cow::Owned(out)
}

/// The offset of the first folded character at or after `from` (a char boundary), and its
/// simplified form. Only lead bytes of 3- and 4-byte sequences are looked at: continuation bytes
/// (80–BF) are below [`FIRST_LEAD`], so stepping one byte at a time over anything else never starts
/// inside a character. A 3-byte character's first two bytes index its 64-bit word of [`BMP`], its
/// last one the bit.
fn next_fold(text: &str, from: usize) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(rest) = bytes.get(i..) {
        match *rest {
            [b, ..] if b < FIRST_LEAD => i += 1,
            [b, b1, b2, ..] if b < 0xF0 => {
                let word = BMP[(usize::from(b & 0x0F) << 6) | usize::from(b1 & 0x3F)];
                if (word >> (b2 & 0x3F)) & 1 != 0 {
                    let c = text.get(i..).and_then(|r| r.chars().next())?;
                    return Some((i, simplified_char(c)));
                }
                i += 3;
            }
            [_, ..] => {
                let c = text.get(i..).and_then(|r| r.chars().next())?;
                let s = simplified_char(c);
                if s != c {
                    return Some((i, s));
                }
                i += c.len_utf8();
            }
            [] => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_keeps_lengths_and_is_idempotent() {
        assert!(TABLE.windows(2).all(|w| w[0].0 < w[1].0));
        for &(t, s) in TABLE {
            assert_ne!(t, s);
            assert_eq!(t.len_utf8(), s.len_utf8(), "{t} → {s}");
            assert_eq!(simplified_char(s), s, "{t} → {s} folds again");
        }
    }

    #[test]
    fn traditional_labels_fold_to_the_catalog_s_and_simplified_text_is_borrowed() {
        let t = "政府資訊公開 政府信息公開工作年度報告 一、總體情況 （一）予以公開 三、收到和處理政府信息公開申請情況";
        assert_eq!(
            to_simplified(t),
            "政府资讯公开 政府信息公开工作年度报告 一、总体情况 （一）予以公开 三、收到和处理政府信息公开申请情况"
        );
        let s = "一、总体情况\n2023年，本机关收到申请 12 件。𠮷 emoji 🎉 |";
        assert!(matches!(to_simplified(s), Cow::Borrowed(_)));
        assert!(matches!(to_simplified(""), Cow::Borrowed(_)));
    }

    #[test]
    fn every_catalog_text_is_already_simplified() {
        use crate::catalog::{table_spec, Format, TableKind, COLUMN_HEADERS, SECTIONS};
        let sections = SECTIONS.iter().flat_map(|s| {
            [s.numeral, s.title]
                .into_iter()
                .chain(s.official_variants.iter().copied())
        });
        let rows = Format::ALL
            .iter()
            .flat_map(|&f| {
                TableKind::ALL
                    .iter()
                    .flat_map(move |&k| table_spec(k, f).rows.iter())
            })
            .flat_map(|r| {
                [r.label, r.short]
                    .into_iter()
                    .chain(r.columns().iter().map(|c| c.label))
            });
        for w in sections
            .chain(rows)
            .chain(COLUMN_HEADERS.iter().map(|h| h.label))
        {
            assert_eq!(to_simplified(w), w);
        }
    }

    /// Strings of traditional characters from the table, any characters and a few of the report's.
    fn mixed() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let folded: Vec<char> = TABLE.iter().map(|p| p.0).collect();
        let chars = prop_oneof![
            proptest::sample::select(folded),
            any::<char>(),
            proptest::sample::select(vec!['报', '告', '\n', '|', ' ', '𠮷', 'a']),
        ];
        proptest::collection::vec(chars, 0..40).prop_map(|v| v.into_iter().collect())
    }

    proptest::proptest! {
        /// Folding keeps the length and every char boundary, changes only folded characters, and is
        /// idempotent.
        #[test]
        fn folding_keeps_every_offset(s in mixed()) {
            let f = to_simplified(&s);
            proptest::prop_assert_eq!(f.len(), s.len());
            proptest::prop_assert_eq!(f.char_indices().map(|(i, _)| i).collect::<Vec<_>>(), s.char_indices().map(|(i, _)| i).collect::<Vec<_>>());
            proptest::prop_assert_eq!(f.chars().collect::<Vec<_>>(), s.chars().map(simplified_char).collect::<Vec<_>>());
            proptest::prop_assert_eq!(to_simplified(&f), f.clone());
        }
    }
}
