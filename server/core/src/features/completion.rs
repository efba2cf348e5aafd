//! Completion of the format's row labels, section headings and column headers by context, and
//! snippets that insert a whole empty table in the report's format and layout.

use super::Snapshot;
use crate::text::TextRange;

/// What a completion item inserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    RowLabel,
    Heading,
    ColumnHeader,
    TableSnippet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    /// What the list shows.
    pub label: String,
    pub kind: CompletionKind,
    /// A short note beside the label (e.g. "表三 · 2021年格式").
    pub detail: String,
    pub documentation: Option<String>,
    /// What the client filters on: the label plus its pinyin initials (e.g. "（一）予以公开 yygk").
    pub filter_text: String,
    /// The order of the list.
    pub sort_text: String,
    /// The text inserted; a snippet in LSP snippet syntax when `is_snippet`.
    pub insert_text: String,
    pub is_snippet: bool,
    /// The text the item replaces (what the user typed of it).
    pub replace: TextRange,
}

/// The completion items at `offset`.
pub fn completions(snap: &Snapshot, offset: usize) -> Vec<CompletionItem> {
    let _ = (snap, offset);
    Vec::new()
}
