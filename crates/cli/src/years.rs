//! Pairs the reports `nianbao check` is given by agency and year, so that each report is checked
//! against the same agency's report of the year before (carry-over, roll-forward, copied text).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};

use nianbao_core::catalog::SectionId;
use nianbao_core::crossyear::{self, Identity, YearSummary};
use nianbao_core::{analyze, Analysis, ParseOptions};
use rayon::prelude::*;

use crate::input;

/// How many bytes of a file are read first for its identity: most reports' preamble ends well
/// within them.
const SHORT_HEAD_BYTES: usize = 4096;

/// How many bytes of a file are read for its identity when its preamble does not end within the
/// first `SHORT_HEAD_BYTES`. `crossyear::identity` reads the first 8 000 bytes of the text; the
/// text of UTF-16 (two bytes for an ASCII character, after a BOM) is at most twice as long in bytes
/// as in UTF-8, and one cut character may be left out at the end.
const HEAD_BYTES: usize = 2 * 8000 + 64;

/// How many files' identities are read at a time: their agencies' names are interned after each
/// chunk, so that only one number per file is kept.
const CHUNK: usize = 1024;

/// Which file is last year's report of which, and the summaries of last year's reports while some
/// file still needs them.
#[derive(Debug, Default)]
pub struct Pairing {
    /// For each item (by its index), the index of last year's report among the items.
    previous: Vec<Option<u32>>,
    /// The items that are some item's last year, by index.
    slots: Mutex<HashMap<usize, Slot>>,
    /// Signalled when a summary being computed is ready.
    ready: Condvar,
}

/// A report that is last year's report of other reports.
#[derive(Debug)]
struct Slot {
    /// How many reports have not yet taken its summary.
    takers_left: usize,
    summary: Summary,
}

#[derive(Debug)]
enum Summary {
    /// Neither computed nor being computed.
    Absent,
    /// A worker computes it.
    Computing,
    /// Computed (`None` when its agency or year is unknown).
    Ready(Option<Arc<YearSummary>>),
    /// Every report that needed it has taken it: it is dropped and never computed again.
    Done,
}

impl Pairing {
    /// Reads the identity of every file (title and year, from its first kilobytes) and pairs them.
    /// The summaries are made later, while the files are checked: memory stays flat however many
    /// files.
    pub fn build(items: &[input::Item]) -> Pairing {
        let mut agencies: HashMap<String, u32> = HashMap::new();
        let mut ids: Vec<Option<(u32, i32)>> = Vec::with_capacity(items.len());
        for chunk in items.chunks(CHUNK) {
            let found: Vec<Option<Identity>> = chunk
                .par_iter()
                .map(|item| identity_of(item.as_ref().ok()?))
                .collect();
            for id in found {
                ids.push(id.map(|id| {
                    let next = u32::try_from(agencies.len()).unwrap_or(u32::MAX);
                    (*agencies.entry(id.agency).or_insert(next), id.year)
                }));
            }
        }
        let mut by_id: HashMap<(u32, i32), usize> = HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            // Two files of one agency and year: the first one (in path order) is the one paired.
            if let Some(id) = id {
                by_id.entry(*id).or_insert(i);
            }
        }
        let previous: Vec<Option<u32>> = ids
            .iter()
            .map(|id| {
                let (agency, year) = (*id)?;
                by_id
                    .get(&(agency, year - 1))
                    .and_then(|&p| u32::try_from(p).ok())
            })
            .collect();
        let mut slots: HashMap<usize, Slot> = HashMap::new();
        for &p in previous.iter().flatten() {
            slots
                .entry(p as usize)
                .or_insert(Slot {
                    takers_left: 0,
                    summary: Summary::Absent,
                })
                .takers_left += 1;
        }
        Pairing {
            previous,
            slots: Mutex::new(slots),
            ready: Condvar::new(),
        }
    }

    /// Last year's summary for the item at `index`, if the files given hold it. It comes from last
    /// year's own check when that came first (`offer`), else it is made now, once, from that file.
    pub fn last_year(
        &self,
        index: usize,
        items: &[input::Item],
        opts: &ParseOptions,
    ) -> Option<Arc<YearSummary>> {
        let p = self.previous.get(index).copied().flatten()? as usize;
        let mut slots = self.lock();
        loop {
            let slot = slots.get_mut(&p)?;
            match &slot.summary {
                Summary::Ready(s) => {
                    let s = s.clone();
                    slot.takers_left -= 1;
                    if slot.takers_left == 0 {
                        slot.summary = Summary::Done;
                    }
                    return s;
                }
                Summary::Computing => {
                    slots = self.ready.wait(slots).unwrap_or_else(|e| e.into_inner())
                }
                Summary::Absent => {
                    slot.summary = Summary::Computing;
                    drop(slots);
                    let made = items[p].as_ref().ok().and_then(|path| {
                        let text = input::read_report(path).ok()?.text;
                        let analysis = analyze(&text, opts);
                        crossyear::summarize(&text, &analysis, &display_name(path)).map(Arc::new)
                    });
                    slots = self.lock();
                    if let Some(slot) = slots.get_mut(&p) {
                        if matches!(slot.summary, Summary::Computing) {
                            slot.summary = Summary::Ready(made);
                        }
                    }
                    self.ready.notify_all();
                }
                // Every taker has taken it: no other item has this one as last year.
                Summary::Done => return None,
            }
        }
    }

    /// Called with every report checked: when it is last year's report of others that have not yet
    /// taken its summary, the summary is made from this analysis, which saves analysing it again.
    /// Offers the analysed report at `index` as last year's report of the files that wait for it,
    /// and returns its summary when one was made (so that the report's own checks across years
    /// reuse it).
    pub fn offer(
        &self,
        index: usize,
        path: &Path,
        text: &str,
        analysis: &Analysis,
    ) -> Option<Arc<YearSummary>> {
        let wanted = |s: &Summary| matches!(s, Summary::Absent | Summary::Computing);
        if !self
            .lock()
            .get(&index)
            .is_some_and(|slot| wanted(&slot.summary))
        {
            return None;
        }
        let made = crossyear::summarize(text, analysis, &display_name(path)).map(Arc::new);
        let mut slots = self.lock();
        if let Some(slot) = slots.get_mut(&index) {
            if wanted(&slot.summary) {
                slot.summary = Summary::Ready(made.clone());
                self.ready.notify_all();
            }
        }
        made
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<usize, Slot>> {
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The identity of a report, read from the first kilobytes of a text file (of the text read from a
/// document). `crossyear::identity` reads the text up to the first `一、总体情况` within the first 8 000
/// bytes: a start of the text that holds that heading gives the same identity as the whole text, so
/// most files need only their first 4 KB, and a UTF-8 file only its preamble decoded. (As with any
/// start of a file, bytes further on that would make the whole file undecodable, or not UTF-8, are
/// not seen.)
fn identity_of(path: &Path) -> Option<Identity> {
    let (bytes, whole) = input::read_head_bytes(path, SHORT_HEAD_BYTES).ok()?;
    // The heading that ends the preamble, where `crossyear::identity` stops reading.
    let first_heading = SectionId(1).spec().heading();
    if !nianbao_documents::is_plain_text(&bytes) {
        // A Word file, PDF or web page: its title is in the text read from the document's start.
        return crossyear::identity(&input::read_report_start(path).ok()?.text);
    }
    if !whole {
        // The common case, UTF-8: only the preamble is decoded (up to the heading, as found in the
        // bytes).
        let body = bytes.strip_prefix(input::UTF8_BOM).unwrap_or(&bytes);
        let end = find(body, first_heading.as_bytes()).map(|at| at + first_heading.len());
        if let Some(text) = end.and_then(|end| std::str::from_utf8(&body[..end]).ok()) {
            return crossyear::identity(text);
        }
    }
    let short = input::decode_read_head(&bytes, whole).ok()?;
    if whole || short.text.contains(&first_heading) {
        return crossyear::identity(&short.text);
    }
    let (text, _) = input::read_report_head(path, HEAD_BYTES).ok()?;
    crossyear::identity(&text.text)
}

/// Where `needle` (not empty) first stands in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut from = 0;
    while let Some(at) = hay[from..].iter().position(|&b| b == first) {
        let at = from + at;
        if hay[at + 1..].starts_with(rest) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// How a report is named in messages: its file name.
fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seed 001 as the report of `year` of the agency named in its title.
    fn report(year: i32) -> String {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/corpus/seeds/001_de67b3003fa77aa1.txt"
        );
        let body = std::fs::read_to_string(path)
            .expect("seed 001")
            .replace("2021年", &format!("{year}年"));
        format!("阜新市煤炭工业转型发展局{year}年政府信息公开工作年度报告\n{body}")
    }

    #[test]
    fn the_identity_read_from_the_start_of_a_file_is_the_whole_text_s_in_every_encoding() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("r.txt");
        let text = report(2021);
        assert!(
            text.len() > SHORT_HEAD_BYTES,
            "the seed is longer than the first read"
        );
        let expected = crossyear::identity(&text);
        assert!(expected.is_some());
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let gb18030 = encoding_rs::GB18030.encode(&text).0.into_owned();
        let (title, rest) = text.split_once('\n').expect("a title line");
        let long_preamble = format!("{title}\n{}\n{rest}", "说明文字".repeat(1500));
        for bytes in [
            text.as_bytes().to_vec(),
            [input::UTF8_BOM, text.as_bytes()].concat(),
            utf16,
            gb18030,
        ] {
            std::fs::write(&path, &bytes).expect("write");
            assert_eq!(identity_of(&path), expected);
        }
        // A preamble that does not end within the first 4 KB.
        std::fs::write(&path, &long_preamble).expect("write");
        assert_eq!(identity_of(&path), crossyear::identity(&long_preamble));
        assert!(identity_of(&path).is_some());
    }

    #[test]
    fn summaries_are_made_once_whether_last_year_is_checked_before_or_after_and_dropped_when_taken()
    {
        let dir = tempfile::tempdir().expect("a temp dir");
        // In path order the later years come first, so their last year's summary is made on demand;
        // 2022 is last year of both c (2023) and d (2023, the same agency and year again).
        let names = [
            ("a.txt", 2021),
            ("b.txt", 2022),
            ("c.txt", 2023),
            ("d.txt", 2023),
            ("e.txt", 2020),
        ];
        let items: Vec<input::Item> = names
            .iter()
            .map(|(name, year)| {
                let path = dir.path().join(name);
                std::fs::write(&path, report(*year)).expect("write");
                Ok(path.into_boxed_path())
            })
            .collect();
        let opts = ParseOptions::default();
        let pairing = Pairing::build(&items);
        let year_of = |s: Option<Arc<YearSummary>>| s.map(|s| (s.identity.year, s.name.clone()));
        // c takes b's summary (made now); b offers its own afterwards, which is not wanted any
        // more…
        assert_eq!(
            year_of(pairing.last_year(2, &items, &opts)),
            Some((2022, "b.txt".to_owned()))
        );
        // …until d, which still needs it.
        let text = report(2022);
        pairing.offer(1, &dir.path().join("b.txt"), &text, &analyze(&text, &opts));
        assert_eq!(
            year_of(pairing.last_year(3, &items, &opts)),
            Some((2022, "b.txt".to_owned()))
        );
        assert!(
            matches!(pairing.lock()[&1].summary, Summary::Done),
            "b's summary is dropped once taken by all"
        );
        // a is offered (checked) before b needs it: b takes that summary.
        let text = report(2021);
        pairing.offer(0, &dir.path().join("a.txt"), &text, &analyze(&text, &opts));
        assert!(matches!(
            pairing.lock()[&0].summary,
            Summary::Ready(Some(_))
        ));
        assert_eq!(
            year_of(pairing.last_year(1, &items, &opts)),
            Some((2021, "a.txt".to_owned()))
        );
        // e (2020) is a's last year; nothing precedes 2020.
        assert_eq!(
            year_of(pairing.last_year(0, &items, &opts)),
            Some((2020, "e.txt".to_owned()))
        );
        assert_eq!(year_of(pairing.last_year(4, &items, &opts)), None);
    }
}
