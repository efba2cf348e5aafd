//! The fixes safe to apply without a look, which `nianbao fix` applies: the smallest repair of each
//! table where it is certain, the canonical wording of a mistyped row label, the numeral and
//! wording of a misspelt or misnumbered heading, and the digits of a value written with letters
//! drawn like them (`O` for 0) or in Chinese numerals. Nothing that guesses (a total recomputed
//! when the wrong cell is not certain, a blank filled in, a legitimate variant replaced) is among
//! them.

use crate::analysis::Analysis;
use crate::diagnostic::{Code, Diagnostic, Edit, Severity};
use crate::messages::FixKind;

/// One safe edit, with the diagnostic it comes from (an index into the analysis's diagnostics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeEdit {
    pub diagnostic: usize,
    pub edit: Edit,
}

/// Whether the first fix of `d` is safe to apply without a look.
fn is_safe(d: &Diagnostic, kind: &FixKind) -> bool {
    match (kind, d.code) {
        (FixKind::Repair { .. }, _) => true,
        (FixKind::ReadAs { certain, .. }, _) => *certain,
        (
            FixKind::ReplaceLabel { .. } | FixKind::InsertText { .. },
            Code::LabelTypo | Code::HeadingVariant,
        ) => {
            matches!(d.severity, Severity::Error | Severity::Warning)
        }
        _ => false,
    }
}

/// The safe edits of an analysis, sorted by position, each once, none overlapping another (the
/// first one met is kept).
pub fn safe_edits(analysis: &Analysis) -> Vec<SafeEdit> {
    let mut edits: Vec<SafeEdit> = Vec::new();
    for (i, d) in analysis.diagnostics.iter().enumerate() {
        let Some(fix) = d.fixes.first() else { continue };
        if is_safe(d, &fix.kind) {
            edits.extend(fix.edits.iter().map(|e| SafeEdit {
                diagnostic: i,
                edit: e.clone(),
            }));
        }
    }
    edits.sort_by_key(|s| (s.edit.range.start, s.edit.range.end));
    let mut out: Vec<SafeEdit> = Vec::with_capacity(edits.len());
    for s in edits {
        if let Some(last) = out.last() {
            if last.edit == s.edit {
                continue;
            }
            let overlaps = s.edit.range.start < last.edit.range.end
                || (s.edit.range.start == last.edit.range.start
                    && (s.edit.range.is_empty() || last.edit.range.is_empty()));
            if overlaps {
                continue;
            }
        }
        out.push(s);
    }
    out
}
