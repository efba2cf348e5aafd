//! The language server of nianbao: a thin translation between the Language Server Protocol and the
//! pure functions of `nianbao-core`.
//!
//! Modules, one job each: `documents` (open texts as ropes, edits, the change log), `position`
//! (encodings and every position conversion), `analysis` (each version handed to the core's
//! `Document` engine, the result installed as a snapshot), `diagnostics` (conversion and the
//! per-document publishing worker), `features` and `actions` (translation of the core's editor
//! features), `config` and `capabilities` (settings and what each side supports), `guard` (panic
//! containment), `log` (stderr logging), `memory` (freed memory handed back when a large document
//! rests), `versions` (each version's text written into the previous one's buffer), `state` (the
//! shared state), `backend` (the protocol handlers), `framing` (malformed messages answered instead
//! of fatal), `transport` (the message loop: reading, dispatching, writing) and `stdio` (serving
//! and ending cleanly).
//!
//! # Edit ordering
//!
//! The message loop (`transport`, which does what tower-lsp-server's `Server` does) reads messages
//! one by one and turns each into a handler future, in order; the futures are polled through one
//! ordered queue, so each handler's first poll happens in message order, and several handlers may
//! then be in flight at once. `didChange` applies its edits in its first poll, synchronously, under
//! the state lock (a `std::sync::Mutex` never held across an `.await`), and every request captures
//! the document's text (a cheap rope clone) in its first poll too. So a request sees exactly the
//! edits sent before it, whatever the handlers still running. (One exception, for texts over 256
//! KiB: a request that waited for an analysis still running is answered from that analysis when it
//! is of a newer version, rather than analysing the older text again.)

mod actions;
mod analysis;
mod backend;
mod capabilities;
mod config;
mod diagnostics;
mod documents;
mod features;
mod framing;
mod guard;
mod log;
mod memory;
mod position;
mod state;
mod stdio;
mod transport;
mod versions;
mod workspace;

pub use backend::Backend;
pub use stdio::run_stdio;
pub use tower_lsp_server::{ClientSocket, LspService};

/// The server as a tower service and the socket its messages to the client come out of (for tests
/// and for serving on other transports).
pub fn build_service() -> (LspService<Backend>, ClientSocket) {
    LspService::build(Backend::new)
        .custom_method(framing::MALFORMED, Backend::malformed)
        .finish()
}
