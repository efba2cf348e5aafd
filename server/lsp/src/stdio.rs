//! Serving over stdin and stdout, and making sure the server ends: after the `exit` notification, or
//! when stdin closes, the server stops within a short grace period even if a handler is still waiting
//! (for instance on a client that no longer answers a `workspace/configuration` request). Stdin is
//! read through `framing::Checked`, so that a malformed message gets an error instead of ending the
//! server.

use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::Server;

use crate::framing::Checked;
use crate::log::log;

/// How long in-flight work may still run once the client has gone.
const GRACE: Duration = Duration::from_millis(1500);

/// How many messages are handled at once (tower-lsp-server's default is 4). Edits stay ordered whatever
/// the number (see `lib.rs`); the room keeps the server reading, and answering about other documents,
/// while requests about a large document wait for its analysis.
const CONCURRENCY: usize = 64;

/// Serves the language server on stdin and stdout until `exit` or the end of stdin.
pub async fn run_stdio() {
    let (service, socket) = crate::build_service();
    let ended = Arc::new(Notify::new());
    let stdin = Checked::new(tokio::io::stdin(), Arc::clone(&ended));
    let service = ExitWatch { inner: service, ended: Arc::clone(&ended) };
    log!(Info, "nianbao {} serving on stdio", env!("CARGO_PKG_VERSION"));
    let serve = Server::new(stdin, tokio::io::stdout(), socket).concurrency_level(CONCURRENCY).serve(service);
    tokio::select! {
        () = serve => log!(Info, "the server stopped"),
        () = async {
            ended.notified().await;
            tokio::time::sleep(GRACE).await;
        } => log!(Warn, "handlers were still running {GRACE:?} after the client left: stopping anyway"),
    }
}

/// The service, telling `ended` when the `exit` notification passes through it.
struct ExitWatch<S> {
    inner: S,
    ended: Arc<Notify>,
}

impl<S: tower_service::Service<Request, Response = Option<Response>>> tower_service::Service<Request> for ExitWatch<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        if req.method() == "exit" {
            self.ended.notify_one();
        }
        self.inner.call(req)
    }
}
