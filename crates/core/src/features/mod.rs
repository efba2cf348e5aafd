//! Editor features over an analysed text: completion, hover, inlay hints, outline and folding,
//! formatting, code actions and the safe fixes. Each takes a [`Snapshot`] (the safe fixes, an
//! analysis) and returns plain data with byte offsets; the language server converts them to the
//! protocol at its edge.

pub mod actions;
pub mod completion;
pub mod fix;
pub mod format;
pub mod hints;
pub mod hover;
pub mod outline;

pub use crate::analysis::Snapshot;
