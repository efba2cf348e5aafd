//! Inlay hints: the computed sum beside every total cell (`= 12`): the 总计 column of every data row
//! of table 三, the cells of its （七）总计 row, and the group totals of table 四. The sums come from the
//! same relations the checks use.

use super::hover::{colon, computation, relation_words, verdict};
use super::Snapshot;
use crate::messages::SumKind;
use crate::relations::{relations, Relation};
use crate::text::TextRange;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint is shown: just after the cell.
    pub offset: usize,
    pub label: String,
    pub tooltip: Option<String>,
}

/// Whether two ranges share a point (a cursor touching a range counts).
fn intersects(a: TextRange, b: TextRange) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// The hints whose cells lie in `range`.
pub fn inlay_hints(snap: &Snapshot, range: TextRange) -> Vec<InlayHint> {
    let report = &snap.analysis.report;
    if !report.is_report {
        return Vec::new();
    }
    let mut out = Vec::new();
    for table in &report.tables {
        let rels = relations(table);
        // One hint per total cell; the （七）总计 row's 总计 cell is both a row total and an outcome
        // total, and shows the outcome total first.
        let mut targets: Vec<_> = rels
            .iter()
            .filter(|r| r.kind != SumKind::Balance)
            .map(|r| r.target)
            .collect();
        targets.sort();
        targets.dedup();
        for target in targets {
            let Some(cell) = table.rows.get(target.row).and_then(|r| r.cell(target.col)) else {
                continue;
            };
            if !intersects(cell.range, range) {
                continue;
            }
            let mut mine: Vec<&Relation> = rels
                .iter()
                .filter(|r| r.target == target && r.kind != SumKind::Balance)
                .collect();
            mine.sort_by_key(|r| r.kind != SumKind::OutcomeTotal);
            let Some(first) = mine.first() else { continue };
            let tooltip = mine
                .iter()
                .map(|r| {
                    format!(
                        "{}{}{}\n{}",
                        relation_words(table, r, snap.lang),
                        colon(snap.lang),
                        computation(r),
                        verdict(r, snap.lang)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n\n");
            out.push(InlayHint {
                offset: cell.range.end,
                label: format!("= {}", first.expected),
                tooltip: Some(tooltip),
            });
        }
    }
    out.sort_by_key(|h| h.offset);
    out
}
