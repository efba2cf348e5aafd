//! Serving the language service over a byte stream: dispatching the messages `framing::Checked`
//! reads to the service (several at once), and writing its answers and its requests to the client.
//!
//! This does what tower-lsp-server's `Server::serve` does, with two differences that matter for
//! large documents. No buffer keeps the size of the largest message: the library's reader grows its
//! buffer to hold a whole message and keeps it for the rest of the session, so opening a 5 MB
//! document left 5 MB of it resident for good; `Checked` gives a large message's buffer back once
//! it has been read, and every answer is written from a buffer of its own. And each message is
//! parsed once, by `Checked`.

use std::fmt::Display;

use futures::channel::mpsc;
use futures::future::BoxFuture;
use futures::{future, stream, FutureExt, SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::ClientSocket;

use crate::framing::{Checked, Incoming};
use crate::log::log;

/// How many requests may wait to be dispatched.
const QUEUE: usize = 100;

/// A message to the client.
enum Outgoing {
    Response(Response),
    Request(Request),
}

/// Writes one message as a frame.
async fn write_message(
    out: &mut (impl AsyncWrite + Unpin),
    message: &Outgoing,
) -> std::io::Result<()> {
    let body = match message {
        Outgoing::Response(r) => serde_json::to_vec(r),
        Outgoing::Request(r) => serde_json::to_vec(r),
    }
    .map_err(std::io::Error::other)?;
    out.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
        .await?;
    out.write_all(&body).await?;
    out.flush().await
}

/// Serves `service` on `input` and `output` until the input ends or the client sends `exit`, with
/// up to `concurrency` requests handled at once.
pub(crate) async fn serve<R, W, S>(
    input: Checked<R>,
    mut output: W,
    socket: ClientSocket,
    mut service: S,
    concurrency: usize,
) where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
    S: tower_service::Service<Request, Response = Option<Response>>,
    S::Error: Display + Send + 'static,
    S::Future: Send + 'static,
{
    let mut input = input;
    let (client_requests, mut client_responses) = socket.split();
    let (client_requests, stop_client_requests) = stream::abortable(client_requests);
    let (answers_tx, answers_rx) = mpsc::channel::<Outgoing>(0);
    let (mut tasks_tx, tasks_rx) = mpsc::channel::<BoxFuture<'static, Option<Response>>>(QUEUE);

    // The service's answers, as they complete. The stream ends once the tasks' channel is closed
    // and every task is done, and closes the answers' channel with it.
    let answer = tasks_rx
        .buffer_unordered(concurrency)
        .filter_map(future::ready)
        .map(|r| Ok(Outgoing::Response(r)))
        .forward(answers_tx.sink_map_err(|_| ()));

    // The answers and the server's own requests to the client, one frame at a time.
    let write = async {
        let mut out = stream::select(answers_rx, client_requests.map(Outgoing::Request));
        while let Some(message) = out.next().await {
            if let Err(e) = write_message(&mut output, &message).await {
                log!(Warn, "writing to the client failed: {e}");
            }
        }
    };

    let read = async {
        while let Some(message) = input.next().await {
            match message {
                Incoming::Request(req) => {
                    if let Err(e) = future::poll_fn(|cx| service.poll_ready(cx)).await {
                        log!(Error, "the service stopped: {e}");
                        break;
                    }
                    // The server exits right after `exit`: a client may keep stdin open.
                    let exit = req.method() == "exit";
                    let call = service.call(req).map(|r| {
                        r.unwrap_or_else(|e| {
                            log!(Error, "a request failed: {e}");
                            None
                        })
                    });
                    if tasks_tx.send(call.boxed()).await.is_err() || exit {
                        break;
                    }
                }
                Incoming::Response(res) => {
                    if client_responses.send(res).await.is_err() {
                        log!(
                            Warn,
                            "a response from the client arrived after the service stopped"
                        );
                    }
                }
            }
        }
        tasks_tx.disconnect();
        stop_client_requests.abort();
    };
    // The writer ends when both its sources have.
    let _ = futures::join!(answer, write, read);
}
