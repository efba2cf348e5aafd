//! Pairs the reports `nianbao check` is given by agency and year, so that each report is checked
//! against the same agency's report of the year before (carry-over, roll-forward, copied text).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use nianbao_core::crossyear::{self, Identity, YearSummary};
use nianbao_core::{analyze, ParseOptions};
use rayon::prelude::*;

use crate::input::{self, InputError};

/// How many bytes of a file are read first for its identity: most reports' preamble ends well within them.
const SHORT_HEAD_BYTES: usize = 4096;

/// The heading that ends the preamble, where `crossyear::identity` stops reading.
const FIRST_HEADING: &str = "一、总体情况";

/// How many bytes of a file are read for its identity when its preamble does not end within the first
/// `SHORT_HEAD_BYTES`. `crossyear::identity` reads the first 8 000 bytes
/// of the text; the text of UTF-16 (two bytes for an ASCII character, after a BOM) is at most twice as
/// long in bytes as in UTF-8, and one cut character may be left out at the end.
const HEAD_BYTES: usize = 2 * 8000 + 64;

/// Which file is last year's report of which.
#[derive(Debug, Default)]
pub struct Pairing {
    /// This year's file → last year's file.
    previous: HashMap<PathBuf, PathBuf>,
    /// The summaries of the files that are some file's last year.
    summaries: HashMap<PathBuf, YearSummary>,
}

impl Pairing {
    /// Reads the identity of every file (title and year, from its first kilobytes), pairs them, and
    /// summarises the files that are last year's report of another one.
    pub fn build(items: &[Result<PathBuf, InputError>], opts: &ParseOptions) -> Pairing {
        let ids: Vec<(PathBuf, Identity)> = items
            .par_iter()
            .filter_map(|item| {
                let path = item.as_ref().ok()?;
                Some((path.clone(), identity_of(path)?))
            })
            .collect();
        let mut by_id: HashMap<&Identity, &PathBuf> = HashMap::new();
        for (path, id) in &ids {
            // Two files of one agency and year: the first one (in path order) is the one paired.
            by_id.entry(id).or_insert(path);
        }
        let mut previous = HashMap::new();
        for (path, id) in &ids {
            let last = Identity { agency: id.agency.clone(), year: id.year - 1 };
            if let Some(prev) = by_id.get(&last) {
                previous.insert(path.clone(), (*prev).clone());
            }
        }
        let mut wanted: Vec<&PathBuf> = previous.values().collect();
        wanted.sort();
        wanted.dedup();
        let summaries = wanted
            .par_iter()
            .filter_map(|path| {
                let text = input::read_report(path).ok()?.text;
                let analysis = analyze(&text, opts);
                let summary = crossyear::summarize(&text, &analysis, &display_name(path))?;
                Some(((*path).clone(), summary))
            })
            .collect();
        Pairing { previous, summaries }
    }

    /// Last year's summary for `path`, if the files given hold it.
    pub fn last_year(&self, path: &Path) -> Option<&YearSummary> {
        self.summaries.get(self.previous.get(path)?)
    }
}

/// How a report is named in messages: its file name.
fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// The identity of a report, read from its first kilobytes. `crossyear::identity` reads the text up to
/// the first `一、总体情况` within the first 8 000 bytes: a start of the text that holds that heading
/// gives the same identity as the whole text, so most files need only their first 4 KB.
fn identity_of(path: &Path) -> Option<Identity> {
    let (short, whole) = input::read_report_head(path, SHORT_HEAD_BYTES).ok()?;
    if whole || short.text.contains(FIRST_HEADING) {
        return crossyear::identity(&short.text);
    }
    let (text, _) = input::read_report_head(path, HEAD_BYTES).ok()?;
    crossyear::identity(&text.text)
}
