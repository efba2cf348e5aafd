//! Checks across years: a report against the same agency's report of the year before — the requests
//! carried over (`carry-over`), the documents in force (`roll-forward`) and text copied from last
//! year (`copied-text`, the share of shared 8-character runs that the 宿迁 assessment uses).

use std::sync::Arc;

use serde_json::json;

use crate::analysis::Analysis;
use crate::catalog::{Format, SectionId, TableKind, T3_COLUMNS};
use crate::diagnostic::{num, Code, Diagnostic, Edit, Severity};
use crate::messages::{FixKind, Msg};
use crate::model::{Report, Table};
use crate::parse::meta;
use crate::relations::value;
use crate::text::hash::FxHashSet;
use crate::text::{simplified_char, to_simplified, TextRange};

/// The agency and year of a report, read cheaply from its title and preamble, to pair reports.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Identity {
    pub agency: String,
    pub year: i32,
}

/// Reads the identity of a report from its first few kilobytes, without analysing it.
pub fn identity(text: &str) -> Option<Identity> {
    let mut end = text.len().min(8000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // Read as the analysis reads it: traditional characters folded (offsets unchanged).
    let head = to_simplified(&text[..end]);
    let first = SectionId(1).spec().heading();
    let preamble_end = head.find(&first).unwrap_or(head.len());
    let preamble = TextRange::new(0, preamble_end);
    let title = meta::detect_title(&head, preamble, &[]);
    let agency = meta::detect_agency(&head, title, preamble)?;
    let year = meta::detect_year(&head, &[preamble])?.value;
    Some(Identity { agency, year })
}

/// What a report carries into the next year's checks.
#[derive(Debug, Clone, PartialEq)]
pub struct YearSummary {
    pub identity: Identity,
    /// The name the user knows the report by (its file name).
    pub name: String,
    /// Table 三's 四、结转下年度继续办理, per column.
    pub carried_out: Option<[Option<i128>; 7]>,
    /// Table 二's 现行有效件数 of 规章 and 行政规范性文件 (2021 format).
    pub in_force: Option<[Option<i128>; 2]>,
    /// The 8-character runs of sections 一 and 五.
    pub runs: [SectionRuns; 2],
}

/// The 8-character runs of a section (of its first [`MAX_RUN_CHARS`] letters and digits), and the
/// parts' narratives they were read from, so that a version whose section's beginning is unchanged
/// reuses them.
#[derive(Debug, Clone, Default)]
pub struct SectionRuns {
    pub set: Arc<FxHashSet<u64>>,
    from: Vec<Arc<crate::parse::narrative::Narrative>>,
}

impl PartialEq for SectionRuns {
    fn eq(&self, other: &SectionRuns) -> bool {
        self.set == other.set
    }
}

/// How many letters and digits of a section its runs are read from: every real section 一 or 五 is
/// shorter; a longer one is judged on its beginning, so that a keystroke in a 5 MB section costs no
/// more than in a real one.
pub const MAX_RUN_CHARS: usize = 20_000;

/// Summarises an analysed report for next year's checks; `None` when its agency or year is unknown.
pub fn summarize(text: &str, analysis: &Analysis, name: &str) -> Option<YearSummary> {
    summarize_reusing(text, analysis, name, None)
}

/// [`summarize`], reusing the runs of `earlier` (an earlier version's summary) for a section whose
/// parts are unchanged.
pub fn summarize_reusing(
    text: &str,
    analysis: &Analysis,
    name: &str,
    earlier: Option<&YearSummary>,
) -> Option<YearSummary> {
    let report = &analysis.report;
    let identity = Identity {
        agency: report.agency.clone()?,
        year: report.year?.value,
    };
    let carried_out = report
        .readable_table(TableKind::T3)
        .and_then(|t| row_values(t, "carried_out"));
    let in_force = report
        .readable_table(TableKind::T2)
        .filter(|t| t.format == Format::F2021)
        .map(|t| {
            ["regulations", "normative_documents"].map(|k| {
                t.row(k)
                    .filter(|r| r.is_complete())
                    .and_then(|r| value(r.cell(2)))
            })
        });
    let runs = [1u8, 5].map(|id| {
        // The parts the runs are read from: through the one that reaches MAX_RUN_CHARS letters and
        // digits.
        let mut letters = 0;
        let from: Vec<_> = report
            .narrative_of(Some(SectionId(id)))
            .take_while(|n| {
                let before = letters;
                letters += n.narrative.alnum;
                before < MAX_RUN_CHARS
            })
            .map(|n| Arc::clone(&n.narrative))
            .collect();
        let k = usize::from(id == 5);
        match earlier.map(|e| &e.runs[k]) {
            Some(e)
                if e.from.len() == from.len()
                    && e.from.iter().zip(&from).all(|(a, b)| Arc::ptr_eq(a, b)) =>
            {
                e.clone()
            }
            _ => SectionRuns {
                set: Arc::new(section_runs(text, report, id)),
                from,
            },
        }
    });
    Some(YearSummary {
        identity,
        name: name.to_owned(),
        carried_out,
        in_force,
        runs,
    })
}

fn row_values(t: &Table, key: &str) -> Option<[Option<i128>; 7]> {
    let row = t.row(key).filter(|r| r.is_complete())?;
    Some(std::array::from_fn(|c| value(row.cell(c))))
}

/// The hashes of every run of 8 characters (letters and digits; no spaces or punctuation) of a
/// section's first [`MAX_RUN_CHARS`] letters and digits.
fn section_runs(text: &str, report: &Report, id: u8) -> FxHashSet<u64> {
    let mut runs = FxHashSet::default();
    runs.reserve(run_count_bound(report, id));
    for_each_run(text, report, id, |h| {
        runs.insert(h);
    });
    runs
}

/// How many of a section's runs (counted once each) stand in `last`, and how many runs it has: what
/// [`section_runs`] and an intersection with `last` give, in one pass.
fn section_share(text: &str, report: &Report, id: u8, last: &FxHashSet<u64>) -> (usize, usize) {
    RUN_SET.with(|set| {
        let mut runs = set.borrow_mut();
        runs.clear();
        let mut shared = 0;
        for_each_run(text, report, id, |h| {
            if runs.insert(h) && last.contains(&h) {
                shared += 1;
            }
        });
        (shared, runs.len())
    })
}

thread_local! {
    /// The run set of the thread's [`section_share`], kept from report to report.
    static RUN_SET: std::cell::RefCell<RunSet> = std::cell::RefCell::new(RunSet::default());
}

/// A set of run hashes that only counts them: open addressing with linear probing in a table kept
/// at most half full, where an insertion costs a multiplication and a probe or two (a general hash
/// set costs several times that). The slot value 0 means empty; the hash 0 is held apart. The table
/// is reused: it is emptied by clearing the slots it filled, not all of them.
#[derive(Default)]
struct RunSet {
    slots: Vec<u64>,
    /// The slots filled, in order.
    filled: Vec<usize>,
    holds_zero: bool,
}

impl RunSet {
    fn len(&self) -> usize {
        self.filled.len() + usize::from(self.holds_zero)
    }

    fn clear(&mut self) {
        for &i in &self.filled {
            self.slots[i] = 0;
        }
        self.filled.clear();
        self.holds_zero = false;
    }

    /// Adds `h`; returns whether it was not there yet.
    fn insert(&mut self, h: u64) -> bool {
        if h == 0 {
            let new = !self.holds_zero;
            self.holds_zero = true;
            return new;
        }
        if 2 * (self.filled.len() + 1) > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = slot_of(h) & mask;
        loop {
            let s = self.slots[i];
            if s == h {
                return false;
            }
            if s == 0 {
                self.slots[i] = h;
                self.filled.push(i);
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    /// Doubles the table (to 1024 slots at first) and puts the hashes it holds in their new slots.
    #[cold]
    fn grow(&mut self) {
        let held: Vec<u64> = self.filled.iter().map(|&i| self.slots[i]).collect();
        self.slots = vec![0; (2 * self.slots.len()).max(1024)];
        self.filled.clear();
        let mask = self.slots.len() - 1;
        for h in held {
            let mut i = slot_of(h) & mask;
            while self.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = h;
            self.filled.push(i);
        }
    }
}

/// Where the search for the hash `h` starts: the high bits of a product, which mix every bit of
/// `h`.
fn slot_of(h: u64) -> usize {
    (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize
}

/// At least as many as a section's runs.
fn run_count_bound(report: &Report, id: u8) -> usize {
    report
        .narrative_of(Some(SectionId(id)))
        .map(|n| n.narrative.alnum)
        .sum::<usize>()
        .min(MAX_RUN_CHARS)
}

/// Calls `f` with the hash of every run of 8 letters and digits of the section's first
/// [`MAX_RUN_CHARS`].
fn for_each_run(text: &str, report: &Report, id: u8, f: impl FnMut(u64)) {
    let pieces = report
        .narrative_of(Some(SectionId(id)))
        .flat_map(|n| n.narrative.regions.iter().map(|r| n.at(*r).slice(text)));
    runs_of(pieces, f);
}

/// Calls `f` with the hash of every run of 8 letters and digits of the first [`MAX_RUN_CHARS`]
/// letters and digits of `pieces`, read one after the other. The characters are decoded from the
/// bytes in one loop: ASCII and the ideographs led by the bytes E5 to E9 (U+5000 to U+9FFF, all
/// letters) without a call.
fn runs_of<'a>(pieces: impl Iterator<Item = &'a str>, mut f: impl FnMut(u64)) {
    // A polynomial hash of the last 8 characters, rolled one character at a time: adding a
    // character multiplies by the base, and the character that leaves the window goes with its
    // factor, BASE⁸.
    let mut window = [0u64; 8];
    let mut h = 0u64;
    let mut i = 0usize;
    for s in pieces {
        let bytes = s.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let b = bytes[at];
            let c = if b < 0x80 {
                at += 1;
                if !b.is_ascii_alphanumeric() {
                    continue;
                }
                u32::from(b)
            } else if (0xE5..=0xE9).contains(&b) {
                let c = (u32::from(b & 0x0F) << 12)
                    | (u32::from(bytes[at + 1] & 0x3F) << 6)
                    | u32::from(bytes[at + 2] & 0x3F);
                at += 3;
                // Traditional characters count as their simplified forms, as in the analysis.
                crate::text::simplified_code(c)
            } else {
                let Some(c) = s[at..].chars().next() else {
                    break;
                };
                at += c.len_utf8();
                if !crate::parse::narrative::is_alphanumeric(c) {
                    continue;
                }
                simplified_char(c) as u32
            };
            let c = u64::from(c);
            h = h
                .wrapping_mul(BASE)
                .wrapping_add(c)
                .wrapping_sub(window[i % 8].wrapping_mul(BASE_POW_8));
            window[i % 8] = c;
            if i >= 7 {
                f(h);
            }
            i += 1;
            if i == MAX_RUN_CHARS {
                return;
            }
        }
    }
}

/// The base of the runs' rolling hash (odd, with well-mixed bits), and its 8th power.
const BASE: u64 = 0x0100_0000_01b3_a5b7;
const BASE_POW_8: u64 = {
    let mut p = 1u64;
    let mut k = 0;
    while k < 8 {
        p = p.wrapping_mul(BASE);
        k += 1;
    }
    p
};

/// A section copies last year's when more than half of its 8-character runs stand in last year's
/// too.
const COPIED_SHARE: f64 = 0.5;
/// Sections shorter than this (in runs) are not judged.
const MIN_RUNS: usize = 40;

/// The cross-year diagnostics of a report against last year's summary.
pub fn cross_year(text: &str, analysis: &Analysis, prev: &YearSummary) -> Vec<Diagnostic> {
    cross_year_with(text, analysis, prev, None)
}

/// [`cross_year`], with the report's own summary when it has one (its runs are not read again).
pub fn cross_year_with(
    text: &str,
    analysis: &Analysis,
    prev: &YearSummary,
    mine: Option<&YearSummary>,
) -> Vec<Diagnostic> {
    let report = &analysis.report;
    let mut out = Vec::new();
    let file = prev.name.clone();
    // 四、结转下年度继续办理 of last year is 二、上年结转 of this year, column by column.
    if let (Some(last), Some(t3)) = (prev.carried_out, report.readable_table(TableKind::T3)) {
        if let Some(row) = t3.row("carried_in").filter(|r| r.is_complete()) {
            for (c, col) in T3_COLUMNS.iter().enumerate() {
                let (Some(expected), Some(cell)) = (last[c], row.cell(c)) else {
                    continue;
                };
                let Some(actual) = value(Some(cell)) else {
                    continue;
                };
                if expected != actual {
                    let name = crate::check::cell_name(t3, row, c);
                    out.push(
                        Diagnostic::new(Code::CarryOver, Severity::Warning, cell.range, Msg::CarryOver { cell: name, expected, actual, file: file.clone() })
                            .with_data(json!({ "expected": num(expected), "actual": num(actual), "column": col.key, "lastYear": { "value": num(expected), "file": file, "year": prev.identity.year } }))
                            .with_fix(FixKind::ReplaceValue { value: expected.to_string() }, vec![Edit { range: cell.range, new_text: expected.to_string() }]),
                    );
                }
            }
        }
    }
    // 现行有效件数 = last year's + 本年制发 − 本年废止 (a clean-up breaks it legitimately: information).
    if let (Some(last), Some(t2)) = (
        prev.in_force,
        report
            .readable_table(TableKind::T2)
            .filter(|t| t.format == Format::F2021),
    ) {
        for (i, key) in ["regulations", "normative_documents"].iter().enumerate() {
            let Some(row) = t2.row(key).filter(|r| r.is_complete()) else {
                continue;
            };
            let (Some(before), Some(issued), Some(repealed), Some(cell)) =
                (last[i], value(row.cell(0)), value(row.cell(1)), row.cell(2))
            else {
                continue;
            };
            let Some(actual) = value(Some(cell)) else {
                continue;
            };
            let expected = before + issued - repealed;
            if expected != actual {
                let name = crate::check::cell_name(t2, row, 2);
                out.push(
                    Diagnostic::new(
                        Code::RollForward,
                        Severity::Information,
                        cell.range,
                        Msg::RollForward { cell: name, expected, actual, before, issued, repealed, file: file.clone() },
                    )
                    .with_data(json!({ "expected": num(expected), "actual": num(actual), "lastYear": { "value": num(before), "file": file, "year": prev.identity.year } })),
                );
            }
        }
    }
    // Sections 一 and 五 copied from last year.
    for (k, id) in [1u8, 5].iter().enumerate() {
        let Some(section) = report.section(SectionId(*id)) else {
            continue;
        };
        let last = &prev.runs[k].set;
        if last.len() < MIN_RUNS {
            continue;
        }
        let (shared, runs) = match mine {
            Some(m) => (
                m.runs[k].set.intersection(last).count(),
                m.runs[k].set.len(),
            ),
            None => section_share(text, report, *id, last),
        };
        if runs < MIN_RUNS {
            continue;
        }
        let share = shared as f64 / runs as f64;
        if share > COPIED_SHARE {
            let percent = (share * 100.0).round() as u32;
            out.push(
                Diagnostic::new(
                    Code::CopiedText,
                    Severity::Warning,
                    section.heading,
                    Msg::CopiedText { section: SectionId(*id), percent, file: file.clone() },
                )
                .with_data(json!({ "share": percent, "lastYear": { "file": file, "year": prev.identity.year } })),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The runs as they were read before the byte loop: a chain of character iterators.
    fn runs_by_chars(pieces: &[&str]) -> Vec<u64> {
        let chars = pieces
            .iter()
            .flat_map(|p| p.chars())
            .filter(|c| crate::parse::narrative::is_alphanumeric(*c))
            .take(MAX_RUN_CHARS);
        let mut window = [0u64; 8];
        let mut h = 0u64;
        let mut out = Vec::new();
        for (i, c) in chars.enumerate() {
            // Traditional characters count as their simplified forms.
            let c = u64::from(simplified_char(c) as u32);
            h = h
                .wrapping_mul(BASE)
                .wrapping_add(c)
                .wrapping_sub(window[i % 8].wrapping_mul(BASE_POW_8));
            window[i % 8] = c;
            if i >= 7 {
                out.push(h);
            }
        }
        out
    }

    fn runs_by_bytes(pieces: &[&str]) -> Vec<u64> {
        let mut out = Vec::new();
        runs_of(pieces.iter().copied(), |h| out.push(h));
        out
    }

    #[test]
    fn runs_stop_at_the_limit_of_letters_and_digits() {
        let long = "政府信息公开a1，".repeat(MAX_RUN_CHARS / 4);
        assert_eq!(
            runs_by_bytes(&[&long, "再来一些文字"]),
            runs_by_chars(&[&long, "再来一些文字"])
        );
        assert_eq!(runs_by_bytes(&[&long]).len(), MAX_RUN_CHARS - 7);
    }

    proptest! {
        #[test]
        fn the_run_set_counts_as_a_hash_set_does(rounds in proptest::collection::vec(proptest::collection::vec(prop_oneof![0u64..40, any::<u64>()], 0..1500), 1..4)) {
            let mut set = RunSet::default();
            for hashes in rounds {
                set.clear();
                let mut reference = FxHashSet::default();
                for h in hashes {
                    prop_assert_eq!(set.insert(h), reference.insert(h));
                    prop_assert_eq!(set.len(), reference.len());
                }
            }
        }

        #[test]
        fn runs_read_from_the_bytes_are_those_read_from_the_characters(
            pieces in proptest::collection::vec("[a-zA-Z0-9 ,.，。、《》“”〇一二三四五六七八九十百千万亿丁乀㐀䷀䷿一-龥𠮷é\u{2028}\u{3000}\u{FF10}-\u{FF5A}\u{AC00}-\u{AC10}\u{E000}\u{FFFD}]{0,40}", 0..5),
            any in proptest::collection::vec(any::<String>(), 0..3),
        ) {
            let pieces: Vec<&str> = pieces.iter().chain(&any).map(String::as_str).collect();
            prop_assert_eq!(runs_by_bytes(&pieces), runs_by_chars(&pieces));
        }
    }
}
