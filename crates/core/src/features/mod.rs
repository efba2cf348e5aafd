//! Editor features over an analysed text: completion, hover, inlay hints, outline and folding,
//! formatting, code actions and the safe fixes. Each takes a [`Snapshot`] (the safe fixes, an analysis)
//! and returns plain data with byte offsets; the language server converts them to the protocol at its
//! edge.

pub mod actions;
pub mod completion;
pub mod fix;
pub mod format;
pub mod hints;
pub mod hover;
pub mod outline;

use crate::analysis::Analysis;
use crate::messages::Lang;

/// One version of a document and what the analysis made of it.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot<'a> {
    pub text: &'a str,
    pub analysis: &'a Analysis,
    pub lang: Lang,
}
