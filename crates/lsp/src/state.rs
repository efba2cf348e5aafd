//! The state every handler and worker shares: the open documents and the configuration behind one
//! lock, the per-URI gates that order diagnostics publications, and the sequence counter that
//! numbers every text.
//!
//! The state lock is a `std::sync::Mutex`: it is only ever held for synchronous work and never
//! across an `.await`, which is what lets an edit be applied whole before its handler first yields.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tower_lsp_server::ls_types::Uri;
use tower_lsp_server::Client;

use crate::config::Config;
use crate::documents::Doc;
use crate::workspace::YearIndex;

pub(crate) struct State {
    /// Open documents by URI.
    pub docs: HashMap<String, Doc>,
    pub config: Config,
    /// The workspace folders the client named.
    pub folders: Vec<std::path::PathBuf>,
    /// The report files under them, for the checks across years.
    pub years: Arc<YearIndex>,
    /// Whether the client lets the server watch files (dynamic registration of
    /// didChangeWatchedFiles).
    pub watch_files: bool,
}

pub(crate) struct Shared {
    pub client: Client,
    state: Mutex<State>,
    /// One gate per URI ever opened: whoever publishes diagnostics for the URI holds it from
    /// deciding what to publish until the notification is queued, so publications of one URI never
    /// overtake each other.
    gates: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    seq: AtomicU64,
}

impl Shared {
    pub fn new(client: Client) -> Shared {
        Shared {
            client,
            state: Mutex::new(State {
                docs: HashMap::new(),
                config: Config::default(),
                folders: Vec::new(),
                years: Arc::new(YearIndex::default()),
                watch_files: false,
            }),
            gates: Mutex::new(HashMap::new()),
            seq: AtomicU64::new(0),
        }
    }

    /// Locks the state. A panic while the lock was held cannot leave it half-updated (every update
    /// is a plain assignment or an edit of one rope), so a poisoned lock is used as it is.
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A new sequence number, larger than every one handed out before.
    pub fn next_seq(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// The publication gate of a URI.
    pub fn gate(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut gates = self
            .gates
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Arc::clone(gates.entry(key.to_owned()).or_default())
    }
}

/// The key of a document in the state.
pub(crate) fn key(uri: &Uri) -> String {
    uri.as_str().to_owned()
}

/// The local path of a `file:` URI (percent-decoded), if it is one.
pub fn uri_path(uri: &str) -> Option<std::path::PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(std::path::PathBuf::from(String::from_utf8(out).ok()?))
}
