//! The client's byte stream, read frame by frame into the messages the message loop
//! (`transport.rs`) dispatches; each body is parsed once, here.
//!
//! tower-lsp-server 0.23's own reader answers an undecodable message (bad JSON, a body that is no
//! JSON-RPC message, a frame without `Content-Length`) with an error and then stops reading, which
//! ends the server. This reader never stops: each well-formed message is handed out parsed, and
//! each malformed one is replaced by a request to [`MALFORMED`], which the server answers with the
//! proper JSON-RPC error (`-32700` parse error or `-32600` invalid request, with the message's id
//! when it could be read, else `null`). A message whose only fault is its text (invalid UTF-8, or
//! an unpaired surrogate escape such as `\ud800`) is not dropped but read with U+FFFD in place of
//! the bad text, so that no edit is lost (see [`repair`]). The reader also tells the server when
//! stdin ends, so that it can exit.

use std::collections::VecDeque;
use std::sync::Arc;

use serde::Deserialize;
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::{self, Request, Response};

use crate::log::log;

/// The method a malformed message is replaced with; its parameters say which error to answer.
pub const MALFORMED: &str = "nianbao/malformedMessage";

/// Headers longer than this are garbage.
const MAX_HEADER: usize = 8 * 1024;
/// Bodies longer than this are refused (a 50 MB report is far below it).
const MAX_BODY: usize = 1 << 30;
const CONTENT_LENGTH: &[u8] = b"content-length";
/// A buffer that grew beyond this for a large message is given back once the message has been read,
/// so that opening a 5 MB document does not keep a 5 MB buffer for the rest of the session.
const KEEP_CAPACITY: usize = 1 << 20;
/// How many bytes are read from the client at a time, at least.
const READ_CHUNK: usize = 64 * 1024;

/// A message from the client: a response to one of the server's requests, or a request or
/// notification.
#[derive(Debug)]
pub(crate) enum Incoming {
    Response(Response),
    Request(Request),
}

/// The parameters of a [`MALFORMED`] request.
#[derive(Debug, Deserialize)]
pub struct MalformedParams {
    pub code: i64,
    pub message: String,
}

/// The error a [`MALFORMED`] request is answered with.
pub fn malformed_error(params: &MalformedParams) -> jsonrpc::Error {
    let code = if params.code == jsonrpc::ErrorCode::InvalidRequest.code() {
        jsonrpc::ErrorCode::InvalidRequest
    } else {
        jsonrpc::ErrorCode::ParseError
    };
    jsonrpc::Error {
        code,
        message: format!("{}: {}", code.description(), params.message).into(),
        data: None,
    }
}

/// A reader of LSP frames that hands out their messages parsed, malformed ones replaced (see the
/// module documentation).
pub struct Checked<R> {
    inner: R,
    /// Bytes read and not yet framed.
    input: Vec<u8>,
    /// Messages read and not yet handed out.
    ready: VecDeque<Incoming>,
    /// The header of the frame being read: where its body starts and how long it is.
    header: Option<(usize, usize)>,
    eof: bool,
    ended: Arc<Notify>,
}

impl<R: AsyncRead + Unpin> Checked<R> {
    /// Wraps `inner`; `ended` is notified when it ends or fails.
    pub fn new(inner: R, ended: Arc<Notify>) -> Checked<R> {
        Checked {
            inner,
            input: Vec::new(),
            ready: VecDeque::new(),
            header: None,
            eof: false,
            ended,
        }
    }

    /// The next message; `None` once the stream has ended (or failed) and every message read before
    /// has been handed out.
    pub(crate) async fn next(&mut self) -> Option<Incoming> {
        loop {
            if let Some(message) = self.ready.pop_front() {
                return Some(message);
            }
            if self.eof {
                return None;
            }
            self.frame();
            if !self.ready.is_empty() {
                continue;
            }
            // The rest of a frame whose length is known is read straight into the input buffer, in
            // as few reads as the pipe allows.
            let wanted = self.header.map_or(0, |(start, len)| {
                (start + len).saturating_sub(self.input.len())
            });
            self.input.reserve(wanted.max(READ_CHUNK));
            match self.inner.read_buf(&mut self.input).await {
                Ok(0) => {
                    if !self.input.is_empty() {
                        log!(
                            Warn,
                            "stdin ended inside a message ({} bytes dropped)",
                            self.input.len()
                        );
                    }
                    log!(Info, "stdin closed");
                    self.end();
                }
                Ok(_) => {}
                Err(e) => {
                    log!(Warn, "stdin failed: {e}");
                    self.end();
                }
            }
        }
    }

    fn end(&mut self) {
        self.eof = true;
        self.input = Vec::new();
        self.ended.notify_one();
    }
}

impl<R> Checked<R> {
    /// Queues the request that makes the server answer with an error.
    fn emit_error(&mut self, id: Value, code: jsonrpc::ErrorCode, why: &str) {
        self.ready.push_back(malformed(id, code, why));
    }

    /// Reads the messages of the complete frames `input` holds.
    fn frame(&mut self) {
        while let Some((start, len)) = self.header.or_else(|| self.read_header()) {
            self.header = Some((start, len));
            if self.input.len() < start + len {
                break;
            }
            self.header = None;
            if let Some(message) = check(&self.input[start..start + len]) {
                self.ready.push_back(message);
            }
            self.input.drain(..start + len);
            if self.input.capacity() > KEEP_CAPACITY && self.input.len() < KEEP_CAPACITY / 2 {
                self.input.shrink_to(KEEP_CAPACITY / 2);
            }
        }
    }

    /// Reads the header at the start of `input`: `Some((body start, body length))` when complete.
    /// Garbage before a header is dropped (and answered with a parse error).
    fn read_header(&mut self) -> Option<(usize, usize)> {
        loop {
            let end = find(&self.input[..self.input.len().min(MAX_HEADER)], b"\r\n\r\n");
            let Some(end) = end else {
                if self.input.len() >= MAX_HEADER {
                    self.resync("a header without its end");
                    continue;
                }
                return None;
            };
            let header = String::from_utf8_lossy(&self.input[..end]).into_owned();
            let len = header.split("\r\n").find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.trim()
                    .eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>().ok())?
            });
            match len {
                Some(len) if len <= MAX_BODY => return Some((end + 4, len)),
                Some(_) => self.resync("a body longer than the server accepts"),
                None => self.resync("a frame without a valid Content-Length"),
            }
        }
    }

    /// Drops input up to the next `Content-Length` header and answers the dropped part with a parse
    /// error.
    fn resync(&mut self, why: &str) {
        let lower: Vec<u8> = self.input.iter().map(u8::to_ascii_lowercase).collect();
        let next = find(&lower[1.min(lower.len())..], CONTENT_LENGTH).map(|i| i + 1);
        // Without a next header, keep only a tail that may be the start of one (`Content-Le`):
        // anything longer would be found to be garbage again, and answered again, a byte at a time.
        let drop = next.unwrap_or_else(|| {
            let partial = (1..CONTENT_LENGTH.len())
                .rev()
                .find(|&n| lower.ends_with(&CONTENT_LENGTH[..n]))
                .unwrap_or(0);
            lower.len() - partial
        });
        self.input.drain(..drop.max(1).min(self.input.len()));
        self.emit_error(Value::Null, jsonrpc::ErrorCode::ParseError, why);
    }
}

/// The request that makes the server answer with an error (see [`MALFORMED`]).
fn malformed(id: Value, code: jsonrpc::ErrorCode, why: &str) -> Incoming {
    log!(
        Warn,
        "malformed message from the client ({why}): answered with error {}",
        code.code()
    );
    let req = json!({ "jsonrpc": "2.0", "id": id, "method": MALFORMED, "params": { "code": code.code(), "message": why } });
    let req = serde_json::from_value(req).unwrap_or_else(|_| {
        Request::build(MALFORMED)
            .params(json!({ "code": code.code(), "message": why }))
            .finish()
    });
    Incoming::Request(req)
}

/// The message of a body: the body's own when it is well-formed; when its only fault is its text,
/// the message it holds read with that text mended (see [`repair`]); else the request that answers
/// it with an error. `None` for an empty body, which is skipped.
fn check(body: &[u8]) -> Option<Incoming> {
    if body.is_empty() {
        return None;
    }
    let value = match serde_json::from_slice::<Value>(body) {
        Ok(value) => value,
        Err(e) => match repair(body)
            .and_then(|repaired| serde_json::from_slice::<Value>(&repaired).ok())
        {
            Some(value) => {
                log!(Warn, "a message from the client holds invalid UTF-8 or unpaired surrogates: read with U+FFFD in their place");
                value
            }
            None => {
                return Some(malformed(
                    Value::Null,
                    jsonrpc::ErrorCode::ParseError,
                    &format!("invalid JSON: {e}"),
                ))
            }
        },
    };
    let id = match value.get("id") {
        Some(id) if id.is_i64() || id.is_string() => id.clone(),
        _ => Value::Null,
    };
    // The body is parsed once, into a JSON value; the message is then built from that value, whose
    // strings (a whole document's text, in a `didOpen`) move into it without a copy.
    let message = if value.get("method").is_some() {
        serde_json::from_value::<Request>(value).map(Incoming::Request)
    } else {
        serde_json::from_value::<Response>(value).map(Incoming::Response)
    };
    Some(message.unwrap_or_else(|_| {
        malformed(
            id,
            jsonrpc::ErrorCode::InvalidRequest,
            "not a JSON-RPC 2.0 message",
        )
    }))
}

/// A body with its text faults mended: every invalid UTF-8 sequence, and every `\uXXXX` escape of a
/// surrogate that is not half of a pair (which JavaScript clients send for a lone surrogate in a
/// document), becomes U+FFFD. `None` when there was nothing to mend.
///
/// Dropping such a message would lose an edit, and the server's text would then differ from the
/// client's for good; with U+FFFD in their place, it differs by a replacement character only, which
/// takes one unit in UTF-16 and UTF-32 as the unpaired surrogate did, so every later position still
/// lands where the client means.
fn repair(body: &[u8]) -> Option<Vec<u8>> {
    let text = String::from_utf8_lossy(body);
    let mut changed = matches!(text, std::borrow::Cow::Owned(_));
    let b = text.as_bytes();
    let hex4 = |at: usize| -> Option<u32> {
        let digits = b.get(at..at + 4)?;
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    };
    let mut out = String::with_capacity(text.len());
    let (mut i, mut copied, mut in_string) = (0, 0, false);
    while i < b.len() {
        match b[i] {
            b'"' => {
                in_string = !in_string;
                i += 1;
            }
            b'\\' if in_string => {
                let unit = if b.get(i + 1) == Some(&b'u') {
                    hex4(i + 2)
                } else {
                    None
                };
                let Some(unit) = unit.filter(|u| (0xD800..0xE000).contains(u)) else {
                    // Any other escape, `\"` included, is two characters long (`\uXXXX` is skipped
                    // in two steps, harmlessly).
                    i += 2;
                    continue;
                };
                let paired = unit < 0xDC00
                    && b.get(i + 6) == Some(&b'\\')
                    && b.get(i + 7) == Some(&b'u')
                    && hex4(i + 8).is_some_and(|low| (0xDC00..0xE000).contains(&low));
                if paired {
                    i += 12;
                } else {
                    out.push_str(&text[copied..i]);
                    out.push_str("\\uFFFD");
                    i += 6;
                    copied = i;
                    changed = true;
                }
            }
            _ => i += 1,
        }
    }
    if !changed {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out.into_bytes())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// The messages `Checked` reads from `input`, as JSON values, and whether it saw the end.
    async fn checked(input: &[u8]) -> (Vec<Value>, bool) {
        let ended = Arc::new(Notify::new());
        let mut r = Checked::new(input, Arc::clone(&ended));
        let mut msgs = Vec::new();
        while let Some(message) = r.next().await {
            msgs.push(match message {
                Incoming::Request(req) => serde_json::to_value(req).unwrap(),
                Incoming::Response(res) => serde_json::to_value(res).unwrap(),
            });
        }
        (msgs, r.eof)
    }

    #[tokio::test]
    async fn the_buffer_of_a_large_message_is_given_back_once_it_has_been_read() {
        let text = "年".repeat(1 << 20);
        let open = json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "text": text } }).to_string();
        let small = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = [frame(&open), frame(small), frame(small)].concat();
        let mut r = Checked::new(input.as_bytes(), Arc::new(Notify::new()));
        let Some(Incoming::Request(first)) = r.next().await else {
            panic!("no didOpen")
        };
        assert_eq!(
            first
                .params()
                .and_then(|p| p["text"].as_str())
                .map(str::len),
            Some(text.len())
        );
        assert!(r.next().await.is_some());
        assert!(
            r.input.capacity() <= KEEP_CAPACITY,
            "{}",
            r.input.capacity()
        );
        assert!(r.next().await.is_some());
        assert!(r.next().await.is_none());
    }

    #[tokio::test]
    async fn responses_from_the_client_are_read_as_responses() {
        let input = [
            frame(r#"{"jsonrpc":"2.0","id":3,"result":[{"lang":"en"}]}"#),
            frame(r#"{"jsonrpc":"2.0","id":4,"error":{"code":-32601,"message":"no"}}"#),
        ]
        .concat();
        let mut r = Checked::new(input.as_bytes(), Arc::new(Notify::new()));
        for id in [3, 4] {
            match r.next().await {
                Some(Incoming::Response(res)) => {
                    assert_eq!(serde_json::to_value(&res).unwrap()["id"], id)
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[tokio::test]
    async fn good_messages_pass_and_bad_ones_become_error_requests() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;
        let input = [
            frame(good),
            frame(r#"{"jsonrpc":"2.0","method":"#),
            "garbage\r\n\r\n".to_owned(),
            frame(r#"{"jsonrpc":"1.0","id":7,"method":"x"}"#),
            format!(
                "content-length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{good}",
                good.len()
            ),
        ]
        .concat();
        let (msgs, eof) = checked(input.as_bytes()).await;
        assert!(eof);
        assert_eq!(msgs.len(), 5, "{msgs:#?}");
        assert_eq!(msgs[0]["method"], "initialize");
        assert_eq!(
            (
                msgs[1]["method"].as_str(),
                msgs[1]["id"].clone(),
                msgs[1]["params"]["code"].clone()
            ),
            (Some(MALFORMED), Value::Null, json!(-32700))
        );
        assert_eq!(msgs[2]["params"]["code"], -32700);
        assert_eq!(
            (msgs[3]["id"].clone(), msgs[3]["params"]["code"].clone()),
            (json!(7), json!(-32600))
        );
        assert_eq!(msgs[4]["method"], "initialize");
    }

    #[tokio::test]
    async fn a_garbage_frame_is_answered_once() {
        for garbage in [
            "Content-Length: abc\r\n\r\n",
            "Content-Type: x\r\n\r\n{}",
            "garbage\r\n\r\nContent-Le",
        ] {
            let input = format!(
                "{garbage}{}",
                frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#)
            );
            let (msgs, _) = checked(input.as_bytes()).await;
            assert_eq!(msgs.len(), 2, "{garbage:?}: {msgs:#?}");
            assert_eq!(msgs[0]["params"]["code"], -32700);
            assert_eq!(msgs[1]["method"], "initialized");
        }
        // Garbage at the end of the stream, with no frame after it.
        let (msgs, _) = checked(b"Content-Length: abc\r\n\r\n").await;
        assert_eq!(msgs.len(), 1, "{msgs:#?}");
    }

    #[tokio::test]
    async fn invalid_utf8_and_unpaired_surrogates_become_replacement_characters() {
        let mut input = frame(r#"{"jsonrpc":"2.0","method":"x","params":{"text":"a\ud800b\udc00c\ud83d\ude00\\ud800"}}"#).into_bytes();
        let body = b"{\"jsonrpc\":\"2.0\",\"method\":\"y\",\"params\":{\"text\":\"\xE5\xB9\xB4\xFF\xC0\"}}";
        input.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
        input.extend_from_slice(body);
        // Invalid UTF-8 outside a string is still a parse error.
        let bad = b"{\"jsonrpc\":\"2.0\",\"method\":\"z\"}\xFF";
        input.extend_from_slice(format!("Content-Length: {}\r\n\r\n", bad.len()).as_bytes());
        input.extend_from_slice(bad);
        let (msgs, _) = checked(&input).await;
        assert_eq!(msgs.len(), 3, "{msgs:#?}");
        assert_eq!(msgs[0]["params"]["text"], "a\u{FFFD}b\u{FFFD}c😀\\ud800");
        assert_eq!(msgs[1]["params"]["text"], "年\u{FFFD}\u{FFFD}");
        assert_eq!(msgs[2]["params"]["code"], -32700);
    }
}
