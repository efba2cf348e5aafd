//! The client's byte stream, checked frame by frame before the message loop (`transport.rs`) reads it.
//!
//! tower-lsp-server 0.23's own reader answers an undecodable message (bad JSON, a body that is no
//! JSON-RPC message, a frame without `Content-Length`) with an error and then stops reading, which ends
//! the server; this reader was written to sit in front of it, and the message loop that replaced it
//! reads what this one lets through. Well-formed messages pass through unchanged (with their headers
//! normalised to `Content-Length`), and each malformed one is replaced by a request to
//! [`MALFORMED`], which the server answers with the proper JSON-RPC error (`-32700` parse error or
//! `-32600` invalid request, with the message's id when it could be read, else `null`). A message whose
//! only fault is its text (invalid UTF-8, or an unpaired surrogate escape such as `\ud800`) is not
//! dropped but read with U+FFFD in place of the bad text, so that no edit is lost (see [`repair`]). The
//! reader also tells the server when stdin ends, so that it can exit.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use serde::Deserialize;
use serde_json::{json, Value};
use tokio::io::{AsyncRead, ReadBuf};
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
/// Buffers that grew beyond this for a large message are given back once the message has passed, so
/// that opening a 5 MB document does not keep 5 MB buffers for the rest of the session.
const KEEP_CAPACITY: usize = 1 << 20;

/// What the library accepts as a message: a response or a request, tried in that order.
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Message {
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
    jsonrpc::Error { code, message: format!("{}: {}", code.description(), params.message).into(), data: None }
}

/// A reader of LSP frames that replaces malformed messages (see the module documentation).
pub struct Checked<R> {
    inner: R,
    /// Bytes read and not yet framed.
    input: Vec<u8>,
    /// Checked frames not yet handed out, from `out_pos`.
    output: Vec<u8>,
    out_pos: usize,
    /// The header of the frame being read: where its body starts and how long it is.
    header: Option<(usize, usize)>,
    eof: bool,
    ended: Arc<Notify>,
}

impl<R> Checked<R> {
    /// Wraps `inner`; `ended` is notified when it ends or fails.
    pub fn new(inner: R, ended: Arc<Notify>) -> Checked<R> {
        Checked { inner, input: Vec::new(), output: Vec::new(), out_pos: 0, header: None, eof: false, ended }
    }

    fn emit(&mut self, body: &[u8]) {
        self.output.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
        self.output.extend_from_slice(body);
    }

    /// Emits the request that makes the server answer with an error.
    fn emit_error(&mut self, id: Value, code: jsonrpc::ErrorCode, why: &str) {
        log!(Warn, "malformed message from the client ({why}): answered with error {}", code.code());
        let req = json!({ "jsonrpc": "2.0", "id": id, "method": MALFORMED, "params": { "code": code.code(), "message": why } });
        self.emit(req.to_string().as_bytes());
    }

    /// Frames what `input` holds; returns whether anything was emitted.
    fn frame(&mut self) -> bool {
        let before = self.output.len();
        while let Some((start, len)) = self.header.or_else(|| self.read_header()) {
            self.header = Some((start, len));
            if self.input.len() < start + len {
                break;
            }
            self.header = None;
            let body: Vec<u8> = self.input.drain(..start + len).skip(start).collect();
            if self.input.capacity() > KEEP_CAPACITY && self.input.len() < KEEP_CAPACITY / 2 {
                self.input.shrink_to(KEEP_CAPACITY / 2);
            }
            self.check(&body);
        }
        self.output.len() > before
    }

    /// Reads the header at the start of `input`: `Some((body start, body length))` when complete. Garbage
    /// before a header is dropped (and answered with a parse error).
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
                name.trim().eq_ignore_ascii_case("content-length").then(|| value.trim().parse::<usize>().ok())?
            });
            match len {
                Some(len) if len <= MAX_BODY => return Some((end + 4, len)),
                Some(_) => self.resync("a body longer than the server accepts"),
                None => self.resync("a frame without a valid Content-Length"),
            }
        }
    }

    /// Drops input up to the next `Content-Length` header and answers the dropped part with a parse error.
    fn resync(&mut self, why: &str) {
        let lower: Vec<u8> = self.input.iter().map(u8::to_ascii_lowercase).collect();
        let next = find(&lower[1.min(lower.len())..], CONTENT_LENGTH).map(|i| i + 1);
        // Without a next header, keep only a tail that may be the start of one (`Content-Le`): anything
        // longer would be found to be garbage again, and answered again, a byte at a time.
        let drop = next.unwrap_or_else(|| {
            let partial = (1..CONTENT_LENGTH.len()).rev().find(|&n| lower.ends_with(&CONTENT_LENGTH[..n])).unwrap_or(0);
            lower.len() - partial
        });
        self.input.drain(..drop.max(1).min(self.input.len()));
        self.emit_error(Value::Null, jsonrpc::ErrorCode::ParseError, why);
    }

    /// Passes a well-formed body through; repairs one whose only fault is its text (see [`repair`]);
    /// replaces any other malformed one.
    fn check(&mut self, body: &[u8]) {
        if body.is_empty() {
            // The library skips empty bodies itself.
            return;
        }
        if serde_json::from_slice::<Message>(body).is_ok() {
            self.emit(body);
            return;
        }
        if let Some(repaired) = repair(body) {
            if serde_json::from_slice::<Message>(&repaired).is_ok() {
                log!(Warn, "a message from the client holds invalid UTF-8 or unpaired surrogates: read with U+FFFD in their place");
                self.emit(&repaired);
                return;
            }
        }
        match serde_json::from_slice::<Value>(body) {
            Err(e) => self.emit_error(Value::Null, jsonrpc::ErrorCode::ParseError, &format!("invalid JSON: {e}")),
            Ok(v) => {
                let id = match v.get("id") {
                    Some(id) if id.is_i64() || id.is_string() => id.clone(),
                    _ => Value::Null,
                };
                self.emit_error(id, jsonrpc::ErrorCode::InvalidRequest, "not a JSON-RPC 2.0 message")
            }
        }
    }
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
                let unit = if b.get(i + 1) == Some(&b'u') { hex4(i + 2) } else { None };
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

impl<R: AsyncRead + Unpin> AsyncRead for Checked<R> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        loop {
            if this.out_pos < this.output.len() {
                let n = buf.remaining().min(this.output.len() - this.out_pos);
                buf.put_slice(&this.output[this.out_pos..this.out_pos + n]);
                this.out_pos += n;
                if this.out_pos == this.output.len() {
                    if this.output.capacity() > KEEP_CAPACITY {
                        this.output = Vec::new();
                    } else {
                        this.output.clear();
                    }
                    this.out_pos = 0;
                }
                return Poll::Ready(Ok(()));
            }
            if this.eof {
                return Poll::Ready(Ok(()));
            }
            if this.frame() {
                continue;
            }
            let mut chunk = [0u8; 64 * 1024];
            let mut rb = ReadBuf::new(&mut chunk);
            match Pin::new(&mut this.inner).poll_read(cx, &mut rb) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Ok(())) if rb.filled().is_empty() => {
                    if !this.input.is_empty() {
                        log!(Warn, "stdin ended inside a message ({} bytes dropped)", this.input.len());
                    }
                    log!(Info, "stdin closed");
                    this.eof = true;
                    this.ended.notify_one();
                }
                Poll::Ready(Ok(())) => this.input.extend_from_slice(rb.filled()),
                Poll::Ready(Err(e)) => {
                    log!(Warn, "stdin failed: {e}");
                    this.eof = true;
                    this.ended.notify_one();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    async fn checked(input: &[u8]) -> (Vec<Value>, bool) {
        let ended = Arc::new(Notify::new());
        let mut r = Checked::new(input, Arc::clone(&ended));
        let mut out = Vec::new();
        r.read_to_end(&mut out).await.unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut msgs = Vec::new();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("\r\n\r\n") {
            let len: usize = rest[..i].strip_prefix("Content-Length: ").unwrap().parse().unwrap();
            msgs.push(serde_json::from_str(&rest[i + 4..i + 4 + len]).unwrap());
            rest = &rest[i + 4 + len..];
        }
        assert!(rest.is_empty());
        (msgs, r.eof)
    }

    #[tokio::test]
    async fn the_buffers_of_a_large_message_are_given_back_once_it_has_passed() {
        let text = "年".repeat(1 << 20);
        let open = json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "text": text } }).to_string();
        let small = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = [frame(&open), frame(small)].concat();
        let mut r = Checked::new(input.as_bytes(), Arc::new(Notify::new()));
        let mut out = Vec::new();
        r.read_to_end(&mut out).await.unwrap();
        assert_eq!(out.len(), input.len());
        assert!(r.input.capacity() <= KEEP_CAPACITY && r.output.capacity() <= KEEP_CAPACITY, "{} {}", r.input.capacity(), r.output.capacity());
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
            (msgs[1]["method"].as_str(), msgs[1]["id"].clone(), msgs[1]["params"]["code"].clone()),
            (Some(MALFORMED), Value::Null, json!(-32700))
        );
        assert_eq!(msgs[2]["params"]["code"], -32700);
        assert_eq!((msgs[3]["id"].clone(), msgs[3]["params"]["code"].clone()), (json!(7), json!(-32600)));
        assert_eq!(msgs[4]["method"], "initialize");
    }

    #[tokio::test]
    async fn a_garbage_frame_is_answered_once() {
        for garbage in ["Content-Length: abc\r\n\r\n", "Content-Type: x\r\n\r\n{}", "garbage\r\n\r\nContent-Le"] {
            let input = format!("{garbage}{}", frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#));
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
