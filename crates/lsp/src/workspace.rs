//! The reports under the workspace folders, for the checks across years: each report file's
//! summary, read on start and kept current by file watching. An open document's own text wins over
//! its file.
//!
//! Only files under the folders the client names are read, and none is written.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use nianbao_core::crossyear::{self, Identity, YearSummary};
use nianbao_core::{analyze, ParseOptions};

/// Folders that are never reports.
const SKIP_DIRS: [&str; 5] = ["node_modules", "target", ".git", ".svn", ".hg"];
/// At most this many files are read, each at most this large: a workspace that holds more is a
/// workspace of something else.
const MAX_FILES: usize = 5000;
const MAX_BYTES: u64 = 8 * 1024 * 1024;

/// The summaries of the report files under the workspace folders, by path.
#[derive(Debug, Default, Clone)]
pub struct YearIndex {
    by_path: HashMap<PathBuf, YearSummary>,
}

impl YearIndex {
    /// Reads every report file under `folders`.
    pub fn scan(folders: &[PathBuf], opts: &ParseOptions) -> YearIndex {
        let mut files = Vec::new();
        for f in folders {
            walk(f, &mut files, 0);
        }
        let mut index = YearIndex::default();
        for path in files.into_iter().take(MAX_FILES) {
            index.update(&path, opts);
        }
        index
    }

    /// Reads one file again (or forgets it when it is gone or no longer a report).
    pub fn update(&mut self, path: &Path, opts: &ParseOptions) {
        match summarize_file(path, opts) {
            Some(s) => {
                self.by_path.insert(path.to_path_buf(), s);
            }
            None => {
                self.by_path.remove(path);
            }
        }
    }

    pub fn remove(&mut self, path: &Path) {
        self.by_path.remove(path);
    }

    /// The summary of the report of `identity`, outside `except` (the document itself).
    pub fn find(&self, identity: &Identity, except: Option<&Path>) -> Option<&YearSummary> {
        let mut found: Vec<(&PathBuf, &YearSummary)> = self
            .by_path
            .iter()
            .filter(|(p, s)| s.identity == *identity && Some(p.as_path()) != except)
            .collect();
        found.sort_by(|a, b| a.0.cmp(b.0));
        found.first().map(|(_, s)| *s)
    }

    pub fn len(&self) -> usize {
        self.by_path.len()
    }
}

/// Whether a path names a report file by its extension.
pub fn is_report_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    if depth > 12 || out.len() >= MAX_FILES {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let path = e.path();
        // Symlinks are not followed: a loop could not stop the walk.
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if !name.starts_with('.') && !SKIP_DIRS.contains(&name.as_ref()) {
                walk(&path, out, depth + 1);
            }
        } else if kind.is_file() && is_report_file(&path) {
            out.push(path);
        }
    }
}

fn summarize_file(path: &Path, opts: &ParseOptions) -> Option<YearSummary> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let text = nianbao_core::text::decode::decode_bytes(&bytes).ok()?.text;
    crossyear::identity(&text)?;
    let analysis = analyze(&text, opts);
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    crossyear::summarize(&text, &analysis, &name)
}
