//! Code actions: the quick fixes of the diagnostics in a range, a "fix all totals" source action, and
//! the conversion of a 2019-format table 二 to the 2021 layout.

use super::Snapshot;
use crate::diagnostic::Edit;
use crate::text::TextRange;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    QuickFix,
    /// `source.fixAll`.
    SourceFixAll,
    /// `refactor.rewrite`.
    Rewrite,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub title: String,
    pub kind: ActionKind,
    pub edits: Vec<Edit>,
    /// Indices into `snap.analysis.diagnostics` of the diagnostics the action fixes.
    pub diagnostics: Vec<usize>,
    pub preferred: bool,
}

/// The actions available for `range` (a cursor is an empty range).
pub fn code_actions(snap: &Snapshot, range: TextRange) -> Vec<Action> {
    let _ = (snap, range);
    Vec::new()
}
