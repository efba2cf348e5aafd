//! Containment of panics: every call into the core runs under `catch_unwind`, so that a bug in a
//! feature is logged and answered with an error instead of taking the server down. On large texts
//! the call runs on the blocking thread pool.

use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;

use tower_lsp_server::jsonrpc;

use crate::analysis::{Analysed, LARGE};
use crate::log::log;

/// Runs `f`, turning a panic into its message.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    // The closures run here only read their inputs (shared snapshots) or build new values, so
    // nothing observable is left half-updated by a panic.
    panic::catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned())
    })
}

/// The error a request gets when its feature panicked.
pub fn internal_error(what: &str, msg: &str) -> jsonrpc::Error {
    jsonrpc::Error {
        code: jsonrpc::ErrorCode::InternalError,
        message: format!("nianbao: {what} failed: {msg}").into(),
        data: None,
    }
}

/// Runs a feature on a snapshot: inline for small texts, on the blocking pool for large ones; a
/// panic is logged and becomes an internal error.
pub async fn feature<T, F>(what: &'static str, snap: Arc<Analysed>, f: F) -> jsonrpc::Result<T>
where
    T: Send + 'static,
    F: FnOnce(&Analysed) -> T + Send + 'static,
{
    let outcome = if snap.text().len() > LARGE {
        tokio::task::spawn_blocking(move || catch(|| f(&snap)))
            .await
            .unwrap_or_else(|e| Err(format!("the task failed: {e}")))
    } else {
        catch(|| f(&snap))
    };
    outcome.map_err(|msg| {
        log!(Error, "{what} failed: {msg}");
        internal_error(what, &msg)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message() {
        // The panics print their message on the test's captured stderr.
        let r: Result<(), String> = catch(|| panic!("boom {}", 1));
        let s: Result<(), String> = catch(|| panic!("static"));
        assert_eq!(r, Err("boom 1".to_owned()));
        assert_eq!(s, Err("static".to_owned()));
        assert_eq!(catch(|| 2), Ok(2));
    }
}
