//! Recognises the labels of the format in text: row labels, group labels, block titles and column
//! headers, after normalisation and then fuzzily, so that a truncated or misspelled label is still
//! recognised as its row (and reported).

use std::sync::OnceLock;

use crate::catalog::{table_spec, ColumnHeader, Format, TableKind, COLUMN_HEADERS};
pub use crate::model::MatchQuality;
use crate::text::hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use crate::text::{normalize, split_numbering, Normalized, Numbering};

/// What a label of the catalog is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelRole {
    /// A row, group or block label of a table; `formats` lists the formats whose table has it.
    Row {
        table: TableKind,
        key: &'static str,
        in_2019: bool,
        in_2021: bool,
    },
    /// A column header.
    Header(&'static ColumnHeader),
}

impl LabelRole {
    pub fn in_format(&self, f: Format) -> bool {
        match *self {
            LabelRole::Row {
                in_2019, in_2021, ..
            } => match f {
                Format::F2019 => in_2019,
                Format::F2021 => in_2021,
            },
            LabelRole::Header(h) => h.format.is_none_or(|hf| hf == f),
        }
    }
}

/// One label of the catalog, prepared for matching.
#[derive(Debug)]
pub struct LabelEntry {
    pub canonical: &'static str,
    pub role: LabelRole,
    /// The normalised label.
    pub full: String,
    pub numbering: Option<Numbering>,
    /// The normalised label without its numbering.
    pub body: String,
    pub body_chars: Vec<char>,
    pub has_quotes: bool,
    pub has_brackets: usize,
    /// A 128-bit signature of the body's characters, to skip hopeless comparisons quickly.
    pub mask: u128,
    /// The body without brackets, to recognise labels that lost a bracket.
    pub body_unbracketed: String,
}

/// A 128-bit signature of a text's characters.
pub fn char_mask(chars: &[char]) -> u128 {
    chars.iter().fold(0u128, |m, &c| {
        m | 1u128 << ((c as u32).wrapping_mul(2_654_435_761) >> 25)
    })
}

pub fn entries() -> &'static [LabelEntry] {
    static ENTRIES: OnceLock<Vec<LabelEntry>> = OnceLock::new();
    ENTRIES.get_or_init(build_entries)
}

fn entry(canonical: &'static str, role: LabelRole) -> LabelEntry {
    let full = normalize(canonical, 0).text;
    let (numbering, at) = split_numbering(&full);
    let body: String = full.chars().skip(at).collect();
    LabelEntry {
        canonical,
        role,
        numbering,
        body_chars: body.chars().collect(),
        mask: char_mask(&body.chars().collect::<Vec<_>>()),
        body_unbracketed: body.chars().filter(|c| !matches!(c, '(' | ')')).collect(),
        body,
        has_quotes: canonical.contains(['“', '”']),
        has_brackets: canonical.matches(['（', '）']).count(),
        full,
    }
}

fn build_entries() -> Vec<LabelEntry> {
    let mut out: Vec<LabelEntry> = Vec::new();
    for kind in [TableKind::T2, TableKind::T3] {
        for format in Format::ALL {
            for row in table_spec(kind, format).rows {
                if row.label.is_empty() {
                    continue;
                }
                let (in_2019, in_2021) = (format == Format::F2019, format == Format::F2021);
                if let Some(e) = out.iter_mut().find(|e| e.canonical == row.label) {
                    if let LabelRole::Row {
                        in_2019: a,
                        in_2021: b,
                        ..
                    } = &mut e.role
                    {
                        *a |= in_2019;
                        *b |= in_2021;
                    }
                    continue;
                }
                out.push(entry(
                    row.label,
                    LabelRole::Row {
                        table: kind,
                        key: row.key,
                        in_2019,
                        in_2021,
                    },
                ));
            }
        }
    }
    for h in &COLUMN_HEADERS {
        out.push(entry(h.label, LabelRole::Header(h)));
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelMatch {
    pub entry: usize,
    pub quality: MatchQuality,
}

impl LabelMatch {
    pub fn entry(&self) -> &'static LabelEntry {
        &entries()[self.entry]
    }
}

/// Longest normalised text that is tried as a label at all.
pub const MAX_LABEL_CHARS: usize = 80;

/// Lookup tables over [`entries`], so that exact matches and prefixes are found without a scan.
struct Index {
    /// Each normalised label and the first entry that has it.
    by_full: HashMap<&'static str, usize>,
    /// Each body and the entries that have it, in order.
    by_body: HashMap<&'static str, Vec<usize>>,
    /// Every proper, non-empty prefix of a normalised label.
    prefixes: HashSet<&'static str>,
    /// The first characters of the normalised labels, sorted.
    first_chars: Vec<char>,
    /// Each first character of a normalised label and the entries that start with it, in order.
    by_first: HashMap<char, Vec<usize>>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let all = entries();
        let mut ix = Index {
            by_full: HashMap::default(),
            by_body: HashMap::default(),
            prefixes: HashSet::default(),
            first_chars: Vec::new(),
            by_first: HashMap::default(),
        };
        for (i, e) in all.iter().enumerate() {
            ix.by_full.entry(e.full.as_str()).or_insert(i);
            ix.by_body.entry(e.body.as_str()).or_default().push(i);
            for (at, _) in e.full.char_indices().skip(1) {
                ix.prefixes.insert(&e.full[..at]);
            }
            ix.first_chars.extend(e.full.chars().next());
            if let Some(c) = e.full.chars().next() {
                ix.by_first.entry(c).or_default().push(i);
            }
        }
        ix.first_chars.sort_unstable();
        ix.first_chars.dedup();
        ix
    })
}

/// Whether `norm` (a normalised text) is the start of some label: used to join labels broken over
/// lines.
pub fn is_label_prefix(norm: &str) -> bool {
    index().prefixes.contains(norm)
}

/// Whether some normalised label starts with `c`.
pub fn may_start_label(c: char) -> bool {
    index().first_chars.binary_search(&c).is_ok()
}

/// The entries whose normalised label starts with `c`, in entry order. (No normalised label is
/// empty, so every label a text starts with is among those of the text's first character.)
pub fn entries_starting_with(c: char) -> &'static [usize] {
    index().by_first.get(&c).map_or(&[], Vec::as_slice)
}

/// Whether `norm` is exactly some label.
pub fn exact(norm: &str) -> Option<LabelMatch> {
    let (numbering, at) = split_numbering(norm);
    let body: String = norm.chars().skip(at).collect();
    best_exact(numbering, &body, norm)
}

fn best_exact(numbering: Option<Numbering>, body: &str, full: &str) -> Option<LabelMatch> {
    let all = entries();
    let ix = index();
    if let Some(&i) = ix.by_full.get(full) {
        return Some(LabelMatch {
            entry: i,
            quality: MatchQuality::Exact,
        });
    }
    // Same body, other numbering: prefer an entry without numbering only when the text has none.
    let same_body: &[usize] = ix.by_body.get(body).map_or(&[], Vec::as_slice);
    match same_body {
        [] => None,
        [only] => {
            let e = &all[*only];
            // A text with no numbering matching a numbered label (or the other way round) is a
            // numbering mistake; a header never has numbering.
            if e.numbering.is_none() && numbering.is_some() {
                return None;
            }
            Some(LabelMatch {
                entry: *only,
                quality: MatchQuality::WrongNumbering,
            })
        }
        many => {
            // Pick the one whose numbering kind agrees (e.g. "(七)" for （七）总计 rather than the 总计
            // header).
            let kind = |n: Option<Numbering>| n.map(|n| std::mem::discriminant(&n));
            many.iter()
                .copied()
                .find(|&i| kind(all[i].numbering) == kind(numbering) && all[i].numbering.is_some())
                .map(|i| LabelMatch {
                    entry: i,
                    quality: MatchQuality::WrongNumbering,
                })
        }
    }
}

/// Matches a normalised text against every label: exactly, then for lost punctuation, wrong
/// numbering, truncation and typos. `raw` is the source text, used to see lost quotes.
pub fn match_label(norm: &Normalized, raw: &str) -> Option<LabelMatch> {
    let n_chars = norm.char_len();
    if n_chars == 0 || n_chars > MAX_LABEL_CHARS {
        return None;
    }
    // The result depends only on the normalised text and on whether the source has quotes; texts
    // repeat (the same labels in every report), so each thread remembers the results it computed.
    let quotes = raw.contains(['“', '”', '"', '「', '」', '‘', '’']);
    thread_local! {
        static MEMO: std::cell::RefCell<HashMap<String, [Option<Option<LabelMatch>>; 2]>> =
            std::cell::RefCell::new(HashMap::default());
    }
    /// How many texts a thread remembers before it forgets them all.
    const MEMO_LIMIT: usize = 1 << 12;
    if let Some(found) = MEMO.with(|m| {
        m.borrow()
            .get(norm.text.as_str())
            .and_then(|v| v[usize::from(quotes)])
    }) {
        return found;
    }
    let found = match_label_uncached(&norm.text, quotes);
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MEMO_LIMIT {
            m.clear();
        }
        m.entry(norm.text.clone()).or_default()[usize::from(quotes)] = Some(found);
    });
    found
}

fn match_label_uncached(text: &str, quotes: bool) -> Option<LabelMatch> {
    let all = entries();
    let (numbering, at) = split_numbering(text);
    let body: String = text.chars().skip(at).collect();
    if let Some(m) = best_exact(numbering, &body, text) {
        let e = &all[m.entry];
        if m.quality == MatchQuality::Exact && e.has_quotes && !quotes {
            return Some(LabelMatch {
                entry: m.entry,
                quality: MatchQuality::LostPunctuation,
            });
        }
        return Some(m);
    }
    let body_chars: Vec<char> = body.chars().collect();
    if body_chars.len() < 2 {
        return None;
    }
    // Lost brackets: equal once brackets are dropped from both.
    // Every label has a Chinese character; text without one is no label.
    if !body_chars
        .iter()
        .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
    {
        return None;
    }
    let body_nb: String = body.chars().filter(|c| !matches!(c, '(' | ')')).collect();
    if let Some(i) = (0..all.len()).find(|&i| {
        all[i].has_brackets > 0
            && all[i].body_unbracketed == body_nb
            && numbering_fits(all[i].numbering, numbering)
    }) {
        return Some(LabelMatch {
            entry: i,
            quality: MatchQuality::LostPunctuation,
        });
    }
    // Truncation: a unique label starts with the body.
    if body_chars.len() >= 4 {
        let starts: Vec<usize> = (0..all.len())
            .filter(|&i| {
                all[i].body.starts_with(body.as_str())
                    && numbering_fits(all[i].numbering, numbering)
            })
            .collect();
        if let [only] = starts.as_slice() {
            return Some(LabelMatch {
                entry: *only,
                quality: MatchQuality::Truncated,
            });
        }
    }
    // Typos: the closest body by edit distance.
    let mut best: Option<(usize, f32)> = None;
    let mut second = 0f32;
    let mask = char_mask(&body_chars);
    let mask_bits = mask.count_ones();
    let threshold = if body_chars.len() <= 3 { 0.66 } else { 0.6 };
    let char_bits: Vec<u128> = body_chars.iter().map(|&c| char_mask(&[c])).collect();
    for (i, e) in all.iter().enumerate() {
        let (a, b) = (body_chars.len(), e.body_chars.len());
        if a.abs_diff(b) > (a.max(b) / 2).max(1) {
            continue;
        }
        // Texts within the threshold share most of their characters.
        let shared = (mask & e.mask).count_ones();
        if shared * 2 < mask_bits.min(e.mask.count_ones()) {
            continue;
        }
        // The characters the label lacks must each be replaced or deleted: when even that lower
        // bound of the distance keeps the label a clear margin below the threshold, it can neither
        // be the best match nor spoil the best one's margin, and the distance is not computed.
        let lacking = char_bits.iter().filter(|&&bit| e.mask & bit == 0).count();
        let bound = 1.0 - a.abs_diff(b).max(lacking) as f32 / a.max(b) as f32;
        if bound < threshold - 0.05 {
            continue;
        }
        let dist = levenshtein(&body_chars, &e.body_chars);
        let mut sim = 1.0 - dist as f32 / a.max(b) as f32;
        if !numbering_fits(e.numbering, numbering) {
            sim -= 0.05;
        }
        match best {
            Some((_, s)) if sim <= s => second = second.max(sim),
            _ => {
                if let Some((_, s)) = best {
                    second = second.max(s);
                }
                best = Some((i, sim));
            }
        }
    }
    let (i, sim) = best?;
    if sim >= threshold && sim - second > 0.04 {
        return Some(LabelMatch {
            entry: i,
            quality: MatchQuality::Fuzzy(sim),
        });
    }
    None
}

fn numbering_fits(label: Option<Numbering>, text: Option<Numbering>) -> bool {
    match (label, text) {
        (None, None) => true,
        (Some(a), Some(b)) => a == b,
        (Some(_), None) => true,
        (None, Some(_)) => false,
    }
}

/// Similarity of two texts by edit distance, 0 to 1.
pub fn similarity(a: &str, b: &str) -> f32 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    1.0 - levenshtein(&a, &b) as f32 / a.len().max(b.len()) as f32
}

pub fn levenshtein(a: &[char], b: &[char]) -> usize {
    if a.is_empty() {
        return b.len();
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> Option<(&'static str, MatchQuality)> {
        match_label(&normalize(text, 0), text).map(|m| (m.entry().canonical, m.quality))
    }

    #[test]
    fn every_label_is_found_by_its_first_character() {
        for (i, e) in entries().iter().enumerate() {
            let first = e.full.chars().next().expect("no normalised label is empty");
            assert!(entries_starting_with(first).contains(&i), "{}", e.canonical);
        }
    }

    #[test]
    fn exact_after_normalisation() {
        assert_eq!(
            m("(一)予以公开"),
            Some(("（一）予以公开", MatchQuality::Exact))
        );
        assert_eq!(m("商业 企业"), Some(("商业企业", MatchQuality::Exact)));
        assert_eq!(
            m("3.危及\"三安全一稳定\""),
            Some(("3.危及“三安全一稳定”", MatchQuality::Exact))
        );
        assert_eq!(m("总计"), Some(("总计", MatchQuality::Exact)));
        assert_eq!(m("（七）总计"), Some(("（七）总计", MatchQuality::Exact)));
        assert_eq!(m("3.其他"), Some(("3.其他", MatchQuality::Exact)));
        assert_eq!(m("其他"), Some(("其他", MatchQuality::Exact)));
    }

    #[test]
    fn damaged_labels_are_still_recognised() {
        assert_eq!(
            m("3.危及三安全一稳定"),
            Some(("3.危及“三安全一稳定”", MatchQuality::LostPunctuation))
        );
        assert_eq!(
            m("(二)部分公开(区分处理的,只计这一情形,不计其他情形"),
            Some((
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                MatchQuality::LostPunctuation
            ))
        );
        assert!(matches!(
            m("政处罚"),
            Some(("行政处罚", MatchQuality::Fuzzy(_)))
        ));
        assert_eq!(
            m("（二）部分公开"),
            Some((
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                MatchQuality::Truncated
            ))
        );
        assert_eq!(
            m("予以公开"),
            Some(("（一）予以公开", MatchQuality::WrongNumbering))
        );
        assert!(matches!(
            m("1.属于国家密秘"),
            Some(("1.属于国家秘密", MatchQuality::Fuzzy(_)))
        ));
    }

    #[test]
    fn unrelated_text_is_not_a_label() {
        assert_eq!(m("其他主动公开文件"), None);
        assert_eq!(m("2021年,我局未收到依申请公开。"), None);
        assert_eq!(m("结果"), None);
        assert_eq!(m("规范性文件"), Some(("规范性文件", MatchQuality::Exact)));
    }
}
