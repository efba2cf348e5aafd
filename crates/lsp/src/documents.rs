//! The open documents: each one's text as a rope, its version, the last analysed snapshot and the
//! edits made since that snapshot, so that the next analysis re-parses only what changed.
//!
//! Everything here is synchronous and runs under the server's state lock: an edit is applied whole,
//! in the order the client sent it, before any later message is handled.

use std::sync::Arc;

use nianbao_core::text::PositionEncoding;
use nianbao_core::Change;
use ropey::Rope;
use tokio::sync::watch;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use crate::analysis::Analysed;
use crate::position;

/// How many edits the change log keeps separately before it folds them into one.
const MAX_STEPS: usize = 1024;

/// One step of the change log: the edit that turned the text of sequence number `from` into the
/// text of `to` (several edits when steps were folded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Step {
    from: u64,
    to: u64,
    change: Change,
}

/// The edits made to a document since its last installed snapshot.
#[derive(Debug, Default)]
pub struct ChangeLog {
    steps: Vec<Step>,
    /// Set when the steps no longer start at the snapshot (a folded step straddled it): the next
    /// analysis then parses from scratch.
    broken: bool,
}

impl ChangeLog {
    /// Records an edit from the text of sequence number `from` to that of `to`.
    pub fn push(&mut self, from: u64, to: u64, change: Change) {
        if self.steps.len() >= MAX_STEPS {
            let first = self.steps[0];
            let folded = self.steps[1..]
                .iter()
                .fold(first.change, |acc, s| acc.then(s.change));
            let last = self.steps[self.steps.len() - 1].to;
            self.steps.clear();
            self.steps.push(Step {
                from: first.from,
                to: last,
                change: folded,
            });
        }
        self.steps.push(Step { from, to, change });
    }

    /// The single change from the text of sequence number `base` to the newest text, when the log
    /// can tell; `None` means "parse from scratch".
    pub fn since(&self, base: u64) -> Option<Change> {
        if self.broken {
            return None;
        }
        let first = self.steps.first()?;
        if first.from != base || self.steps.windows(2).any(|w| w[0].to != w[1].from) {
            return None;
        }
        Some(
            self.steps[1..]
                .iter()
                .fold(first.change, |acc, s| acc.then(s.change)),
        )
    }

    /// Forgets the edits up to sequence number `seq`, whose snapshot has just been installed.
    pub fn forget_until(&mut self, seq: u64) {
        self.steps.retain(|s| s.to > seq);
        self.broken = self.steps.first().is_some_and(|s| s.from != seq);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.steps.len()
    }
}

/// One open document.
pub struct Doc {
    pub uri: Uri,
    pub rope: Rope,
    /// The version the client gave with the last applied edit.
    pub version: i32,
    /// The sequence number of the current text (unique across all documents and all edits).
    pub seq: u64,
    /// The sequence number the document was opened with: a result computed for an earlier one
    /// belongs to a previous opening of the same URI.
    pub opened: u64,
    /// The newest analysis installed, whatever its version.
    pub snapshot: Option<Arc<Analysed>>,
    pub log: ChangeLog,
    /// Wakes the document's diagnostics worker; dropping it (on close) stops the worker.
    pub wake: watch::Sender<()>,
    /// Held by whoever analyses this document, so that one analysis runs at a time and the requests
    /// that arrive meanwhile reuse its result.
    pub analysing: Arc<tokio::sync::Mutex<()>>,
    /// The (sequence number, settings generation) whose diagnostics were last published.
    pub published: Option<(u64, u64)>,
    /// The buffer of a large text no longer in use (the snapshot before the installed one), which
    /// the next analysis writes its text into instead of allocating (and faulting in) megabytes
    /// again.
    pub spare: Option<crate::versions::Spare>,
}

/// What happened to an edit notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The edits were applied; the text now has this sequence number.
    Yes,
    /// The version is older than the document's: nothing was applied.
    Stale { current: i32 },
}

impl Doc {
    pub fn new(uri: Uri, text: &str, version: i32, seq: u64, wake: watch::Sender<()>) -> Doc {
        Doc {
            uri,
            rope: Rope::from_str(text),
            version,
            seq,
            opened: seq,
            snapshot: None,
            log: ChangeLog::default(),
            wake,
            analysing: Arc::new(tokio::sync::Mutex::new(())),
            published: None,
            spare: None,
        }
    }

    /// Applies the edits of one `didChange` in order. `next_seq` hands out sequence numbers.
    pub fn apply(
        &mut self,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        enc: PositionEncoding,
        mut next_seq: impl FnMut() -> u64,
    ) -> Applied {
        if version < self.version {
            return Applied::Stale {
                current: self.version,
            };
        }
        for ev in changes {
            let change = match ev.range {
                None => {
                    let change = Change {
                        start: 0,
                        old_end: self.rope.len_bytes(),
                        new_end: ev.text.len(),
                    };
                    self.rope = Rope::from_str(&ev.text);
                    change
                }
                Some(range) => {
                    let (start, end) = position::rope_chars(&self.rope, range, enc);
                    let start_byte = self.rope.char_to_byte(start);
                    let end_byte = self.rope.char_to_byte(end);
                    self.rope.remove(start..end);
                    self.rope.insert(start, &ev.text);
                    Change {
                        start: start_byte,
                        old_end: end_byte,
                        new_end: start_byte + ev.text.len(),
                    }
                }
            };
            let seq = next_seq();
            self.log.push(self.seq, seq, change);
            self.seq = seq;
        }
        self.version = version;
        Applied::Yes
    }

    /// Installs `analysed` when it is newer than the installed snapshot and belongs to this opening
    /// of the document; returns whether it did, and the snapshot it replaced (for the caller to
    /// drop outside the state lock: a large one holds thousands of parts).
    pub fn install(&mut self, analysed: &Arc<Analysed>) -> (bool, Option<Arc<Analysed>>) {
        if analysed.seq < self.opened || analysed.seq > self.seq {
            return (false, None);
        }
        let newer = self
            .snapshot
            .as_ref()
            .is_none_or(|s| (s.seq, s.settings_gen) < (analysed.seq, analysed.settings_gen));
        if newer {
            if self.snapshot.as_ref().is_none_or(|s| s.seq < analysed.seq) {
                self.log.forget_until(analysed.seq);
            }
            let mut old = self.snapshot.replace(Arc::clone(analysed));
            // The replaced snapshot's text buffer, when it is large and nobody else reads it any
            // more.
            if let Some(only) = old
                .as_mut()
                .and_then(Arc::get_mut)
                .filter(|o| o.text().len() > crate::analysis::LARGE)
            {
                if let Ok(text) = Arc::try_unwrap(only.doc.take_text()) {
                    self.spare = Some(crate::versions::Spare {
                        seq: only.seq,
                        text,
                    });
                }
            }
            return (true, old);
        }
        (newer, None)
    }

    /// The change from the installed snapshot's text to the current text, when known.
    pub fn pending_change(&self) -> Option<Change> {
        let base = self.snapshot.as_ref()?;
        if base.seq == self.seq {
            return Some(Change {
                start: 0,
                old_end: 0,
                new_end: 0,
            });
        }
        self.log.since(base.seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn doc(text: &str) -> Doc {
        let (tx, _rx) = watch::channel(());
        Doc::new("file:///r.txt".parse().unwrap(), text, 1, 1, tx)
    }

    fn edit(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range {
                start: Position::new(l0, c0),
                end: Position::new(l1, c1),
            }),
            range_length: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn edits_apply_in_order_and_stale_versions_are_refused() {
        let mut d = doc("一、总体情况\n𠮷x\n");
        let mut seq = 1;
        let mut next = || {
            seq += 1;
            seq
        };
        let r = d.apply(
            2,
            &[edit(1, 2, 1, 3, "y"), edit(0, 0, 0, 0, "A")],
            PositionEncoding::Utf16,
            &mut next,
        );
        assert_eq!(r, Applied::Yes);
        assert_eq!(d.rope.to_string(), "A一、总体情况\n𠮷y\n");
        assert_eq!(d.seq, 3);
        assert_eq!(
            d.apply(
                1,
                &[edit(0, 0, 0, 0, "B")],
                PositionEncoding::Utf16,
                &mut next
            ),
            Applied::Stale { current: 2 }
        );
        assert_eq!(d.rope.to_string(), "A一、总体情况\n𠮷y\n");
        // A reversed range is empty at its start; positions past the end are clamped.
        d.apply(
            3,
            &[edit(1, 3, 1, 0, "z"), edit(9, 9, 9, 9, "!")],
            PositionEncoding::Utf16,
            &mut next,
        );
        assert_eq!(d.rope.to_string(), "A一、总体情况\n𠮷yz\n!");
        d.apply(
            4,
            &[TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "全新".into(),
            }],
            PositionEncoding::Utf8,
            &mut next,
        );
        assert_eq!(d.rope.to_string(), "全新");
    }

    proptest::proptest! {
        /// Edits applied to the rope land where the same positions land in the plain text
        /// (converted by the core's `LineIndex`), in every encoding, whatever the line breaks and
        /// characters; and the change log's combined change describes the whole sequence.
        #[test]
        fn rope_edits_match_a_plain_string(
            pieces in proptest::collection::vec(proptest::sample::select(vec!["a", "一", "𠮷", "\n", "\r\n", "\r", "|"]), 0..24),
            edits in proptest::collection::vec((0u32..6, 0u32..10, 0u32..6, 0u32..10, proptest::sample::select(vec!["", "x", "年", "𠮷", "\n", "\r"])), 1..8),
            enc in proptest::sample::select(vec![PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32]),
        ) {
            let mut text = pieces.concat();
            let mut d = doc(&text);
            let mut seq = 1;
            for (version, &(l0, c0, l1, c1, new)) in edits.iter().enumerate() {
                let index = nianbao_core::text::LineIndex::new(&text);
                let at = |line, col| index.to_offset(&text, nianbao_core::text::LineCol { line, col }, enc);
                let (start, end) = (at(l0, c0), at(l1, c1));
                let end = end.max(start);
                text.replace_range(start..end, new);
                d.apply(2 + version as i32, &[edit(l0, c0, l1, c1, new)], enc, || {
                    seq += 1;
                    seq
                });
                proptest::prop_assert_eq!(d.rope.to_string(), text.clone());
            }
            // The combined change, applied to the original text, gives the final text.
            let original = pieces.concat();
            let c = d.log.since(1).expect("a contiguous log");
            let rebuilt = format!("{}{}{}", &original[..c.start], &text[c.start..c.new_end], &original[c.old_end..]);
            proptest::prop_assert_eq!(rebuilt, text);
        }
    }

    #[test]
    fn the_change_log_folds_edits_and_forgets_installed_ones() {
        let mut log = ChangeLog::default();
        // "abc" → "aXbc" → "aXbYc"
        log.push(
            1,
            2,
            Change {
                start: 1,
                old_end: 1,
                new_end: 2,
            },
        );
        log.push(
            2,
            3,
            Change {
                start: 3,
                old_end: 3,
                new_end: 4,
            },
        );
        assert_eq!(
            log.since(1),
            Some(Change {
                start: 1,
                old_end: 2,
                new_end: 4
            })
        );
        assert_eq!(log.since(2), None);
        log.forget_until(2);
        assert_eq!(
            log.since(2),
            Some(Change {
                start: 3,
                old_end: 3,
                new_end: 4
            })
        );
        for i in 3..3 + MAX_STEPS as u64 + 5 {
            log.push(
                i,
                i + 1,
                Change {
                    start: 0,
                    old_end: 0,
                    new_end: 1,
                },
            );
        }
        assert!(log.len() <= MAX_STEPS + 1);
        assert!(log.since(2).is_some());
        // Installing a snapshot in the middle of a folded step means parsing from scratch next
        // time.
        log.forget_until(10);
        assert_eq!(log.since(10), None);
    }
}
