//! The outline (sections and tables as document symbols) and folding ranges of sections and tables.

use super::Snapshot;
use crate::text::TextRange;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Section,
    Table,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole section or table.
    pub range: TextRange,
    /// What is selected when the symbol is chosen: the heading, or the table's first label.
    pub selection: TextRange,
    pub children: Vec<Symbol>,
}

pub fn symbols(snap: &Snapshot) -> Vec<Symbol> {
    let _ = snap;
    Vec::new()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldKind {
    Section,
    Table,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fold {
    pub range: TextRange,
    pub kind: FoldKind,
}

pub fn folding_ranges(snap: &Snapshot) -> Vec<Fold> {
    let _ = snap;
    Vec::new()
}
