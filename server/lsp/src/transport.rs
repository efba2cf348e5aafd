//! Serving the language service over a byte stream: reading the checked frames, dispatching them to the
//! service (several at once), and writing its answers and its requests to the client.
//!
//! This does what tower-lsp-server's `Server::serve` does, with one difference that matters for large
//! documents: no buffer keeps the size of the largest message. The library's reader grows its buffer to
//! hold a whole message and keeps it for the rest of the session, so opening a 5 MB document left 5 MB
//! of it resident for good. Here every frame is read into a buffer that is given back once a large
//! message has passed, and every answer is written from a buffer of its own.

use std::fmt::Display;

use futures::channel::mpsc;
use futures::future::BoxFuture;
use futures::{future, stream, FutureExt, SinkExt, StreamExt};
use serde::Deserialize;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_lsp_server::ClientSocket;

use crate::framing::Checked;
use crate::log::log;

/// How many requests may wait to be dispatched.
const QUEUE: usize = 100;

/// A buffer that grew beyond this for a large message is given back once the message has been read.
const KEEP_CAPACITY: usize = 1 << 20;

/// A message from the client: a response to one of the server's requests, or a request or notification.
#[derive(Deserialize)]
#[serde(untagged)]
enum Incoming {
    Response(Response),
    Request(Request),
}

/// A message to the client.
enum Outgoing {
    Response(Response),
    Request(Request),
}

/// Reads the messages of a checked frame stream (see [`Checked`]): each frame is `Content-Length: N`,
/// an empty line and a body that is a well-formed message.
pub(crate) struct MessageReader<R> {
    frames: Checked<R>,
    buffer: Vec<u8>,
}

impl<R: AsyncRead + Unpin> MessageReader<R> {
    pub fn new(frames: Checked<R>) -> MessageReader<R> {
        MessageReader { frames, buffer: Vec::new() }
    }

    /// The next message; `None` when the stream has ended.
    async fn next(&mut self) -> Option<Incoming> {
        loop {
            if let Some((start, len)) = header(&self.buffer) {
                if self.buffer.len() >= start + len {
                    let parsed = serde_json::from_slice::<Incoming>(&self.buffer[start..start + len]);
                    self.buffer.drain(..start + len);
                    if self.buffer.capacity() > KEEP_CAPACITY && self.buffer.len() < KEEP_CAPACITY / 2 {
                        self.buffer.shrink_to(KEEP_CAPACITY / 2);
                    }
                    match parsed {
                        Ok(message) => return Some(message),
                        // `Checked` lets only messages through that parse; an empty body is skipped.
                        Err(e) => {
                            if len > 0 {
                                log!(Warn, "a checked message did not parse ({e}): skipped");
                            }
                            continue;
                        }
                    }
                }
            }
            let mut chunk = [0u8; 64 * 1024];
            match self.frames.read(&mut chunk).await {
                Ok(0) | Err(_) => return None,
                Ok(n) => self.buffer.extend_from_slice(&chunk[..n]),
            }
        }
    }
}

/// Where the body of the frame at the start of `buffer` starts, and its length, once its header is
/// complete. `Checked` writes the header as `Content-Length: N\r\n\r\n`.
fn header(buffer: &[u8]) -> Option<(usize, usize)> {
    let end = buffer.windows(4).take(64).position(|w| w == b"\r\n\r\n")?;
    let line = std::str::from_utf8(&buffer[..end]).ok()?;
    let len = line.split_once(':')?.1.trim().parse().ok()?;
    Some((end + 4, len))
}

/// Writes one message as a frame.
async fn write_message(out: &mut (impl AsyncWrite + Unpin), message: &Outgoing) -> std::io::Result<()> {
    let body = match message {
        Outgoing::Response(r) => serde_json::to_vec(r),
        Outgoing::Request(r) => serde_json::to_vec(r),
    }
    .map_err(std::io::Error::other)?;
    out.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes()).await?;
    out.write_all(&body).await?;
    out.flush().await
}

/// Serves `service` on `input` and `output` until the input ends or the client sends `exit`, with up to
/// `concurrency` requests handled at once.
pub(crate) async fn serve<R, W, S>(input: MessageReader<R>, mut output: W, socket: ClientSocket, mut service: S, concurrency: usize)
where
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

    // The service's answers, as they complete. The stream ends once the tasks' channel is closed and
    // every task is done, and closes the answers' channel with it.
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
                        log!(Warn, "a response from the client arrived after the service stopped");
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use tokio::sync::Notify;

    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[tokio::test]
    async fn the_buffer_of_a_large_message_is_given_back_once_it_has_been_read() {
        let big = serde_json::json!({ "jsonrpc": "2.0", "method": "big", "params": { "text": "字".repeat(1 << 20) } }).to_string();
        let input = format!("{}{}", frame(&big), frame(r#"{"jsonrpc":"2.0","method":"small"}"#));
        let mut reader = MessageReader::new(Checked::new(input.as_bytes(), Arc::new(Notify::new())));
        let method = |m: Option<Incoming>| match m {
            Some(Incoming::Request(r)) => r.method().to_owned(),
            _ => "none".to_owned(),
        };
        assert_eq!(method(reader.next().await), "big");
        assert!(reader.buffer.capacity() <= KEEP_CAPACITY, "{}", reader.buffer.capacity());
        assert_eq!(method(reader.next().await), "small");
        assert_eq!(method(reader.next().await), "none");
    }

    #[test]
    fn a_header_is_read_once_complete() {
        assert_eq!(header(b"Content-Length: 12\r\n\r\n{}"), Some((22, 12)));
        assert_eq!(header(b"Content-Length: 12\r\n"), None);
    }
}
