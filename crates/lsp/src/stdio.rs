//! Serving over stdin and stdout, and making sure the server ends: after the `exit` notification,
//! or when stdin closes, the server stops within a short grace period even if a handler is still
//! waiting (for instance on a client that no longer answers a `workspace/configuration` request).
//! Stdin is read through `framing::Checked`, so that a malformed message gets an error instead of
//! ending the server. A `$/` request, which the library leaves unanswered, gets "method not found".
//! The caller learns whether the session ended as the protocol wants (`exit` after `shutdown`), for
//! the exit status.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::{self, Request, Response};

use crate::framing::Checked;
use crate::log::log;

/// How long in-flight work may still run once the client has gone.
const GRACE: Duration = Duration::from_millis(1500);

/// How many messages are handled at once (tower-lsp-server's default is 4). Edits stay ordered
/// whatever the number (see `lib.rs`); the room keeps the server reading, and answering about other
/// documents, while requests about a large document wait for its analysis.
const CONCURRENCY: usize = 64;

/// Serves the language server on stdin and stdout until `exit` or the end of stdin. Returns `false`
/// when the client sent `exit` without a `shutdown` request before it, for which the protocol asks
/// the server to exit with status 1; `true` otherwise (the end of stdin included).
pub async fn run_stdio() -> bool {
    crate::memory::configure();
    let (service, socket) = crate::build_service();
    let ended = Arc::new(Notify::new());
    let stdin = Checked::new(tokio::io::stdin(), Arc::clone(&ended));
    let flags = Arc::new(Flags::default());
    let service = ExitWatch {
        inner: service,
        ended: Arc::clone(&ended),
        flags: Arc::clone(&flags),
    };
    log!(
        Info,
        "nianbao {} serving on stdio",
        env!("CARGO_PKG_VERSION")
    );
    let serve = crate::transport::serve(stdin, tokio::io::stdout(), socket, service, CONCURRENCY);
    tokio::select! {
        () = serve => log!(Info, "the server stopped"),
        () = async {
            ended.notified().await;
            tokio::time::sleep(GRACE).await;
        } => log!(Warn, "handlers were still running {GRACE:?} after the client left: stopping anyway"),
    }
    let clean = !flags.exit.load(Ordering::SeqCst) || flags.shutdown.load(Ordering::SeqCst);
    if !clean {
        log!(Warn, "exit without shutdown: ending with status 1");
    }
    clean
}

/// What passed through the service.
#[derive(Default)]
struct Flags {
    /// A `shutdown` request.
    shutdown: AtomicBool,
    /// The `exit` notification.
    exit: AtomicBool,
}

/// The service, telling `ended` when the `exit` notification passes through it, and answering the
/// `$/` requests the library leaves unanswered.
struct ExitWatch<S> {
    inner: S,
    ended: Arc<Notify>,
    flags: Arc<Flags>,
}

impl<S> tower_service::Service<Request> for ExitWatch<S>
where
    S: tower_service::Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Option<Response>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let shutdown = req.method() == "shutdown" && req.id().is_some();
        if req.method() == "exit" {
            self.flags.exit.store(true, Ordering::SeqCst);
            self.ended.notify_one();
        }
        // tower-lsp-server drops the "method not found" answer to every `$/` method, requests
        // included, which would leave the client waiting for ever: the protocol wants such a
        // request answered with that error.
        let unanswered = req.id().filter(|_| req.method().starts_with("$/")).cloned();
        let fut = self.inner.call(req);
        if shutdown {
            // Only a shutdown that was accepted (not one refused before `initialize`) counts.
            let flags = Arc::clone(&self.flags);
            return Box::pin(async move {
                let answer = fut.await?;
                if answer.as_ref().is_some_and(|r| r.error().is_none()) {
                    flags.shutdown.store(true, Ordering::SeqCst);
                }
                Ok(answer)
            });
        }
        match unanswered {
            None => Box::pin(fut),
            Some(id) => Box::pin(async move {
                let answer = fut.await?;
                Ok(answer
                    .or_else(|| Some(Response::from_error(id, jsonrpc::Error::method_not_found()))))
            }),
        }
    }
}
