//! Hover: on a row label, what the row counts and its legal basis; on a number, its row, column and
//! the relation it takes part in with the computed value.

use super::Snapshot;
use crate::text::TextRange;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    pub range: TextRange,
    /// Markdown.
    pub markdown: String,
}

pub fn hover(snap: &Snapshot, offset: usize) -> Option<Hover> {
    let _ = (snap, offset);
    None
}
