//! The language server against a hostile client: the real `nianbao server` binary over pipes, fed
//! malformed frames and JSON, invalid UTF-8, a message larger than 64 MB, requests before
//! `initialize`, unknown methods, edits to unopened documents, stale and out-of-range edits, ten
//! thousand edits in a burst, requests interleaved with edits, and a client that vanishes. After
//! each, the server still answers (or has exited with the status the protocol gives), has not
//! panicked, and its view of every open document equals the client's.
//!
//! The view is compared through answers that depend on the whole text: the published diagnostics,
//! the document symbols and the formatting edits must be exactly what the core computes from the
//! client's text. Most test documents are Markdown tables whose cells have no padding, so that
//! formatting rewrites every line of them and its answer is a copy of the server's text (blanks
//! aside).
//!
//! Every wait has a deadline and waits for a specific message; nothing sleeps and hopes.

mod common;

use common::{messages_on_a_thread, read_on_a_thread};

use std::io::Write;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use nianbao_core::features::format::format_tables;
use nianbao_core::features::outline::{symbols, Symbol};
use nianbao_core::features::Snapshot;
use nianbao_core::text::{LineCol, LineIndex, PositionEncoding, TextRange};
use nianbao_core::{analyze, Lang, ParseOptions};
use serde_json::{json, Value};

const SEED_001: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/corpus/seeds/001_de67b3003fa77aa1.txt"
));
/// The outcome total of table 三 in seed 001 (all zero).
const TOTAL_ROW: &str = "(七)总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
const REPORT_URI: &str = "file:///hostile/report.txt";
const TABLE_URI: &str = "file:///hostile/table.md";
/// How long any one wait may take: generous, for a debug build on a loaded machine. The tests take
/// a small fraction of it when nothing is wrong.
const DEADLINE: Duration = Duration::from_secs(30);

/// Table 二 of a 2021 report as a Markdown table without padding, with CJK text, 𠮷 (two UTF-16
/// units) and an emoji in its cells: formatting rewrites every line.
const TABLE: &str = "|第二十条第（一）项|||\n|---|---|---|\n|信息内容|本年制发件数|本年废止件数|现行有效件数|\n|规章𠮷|0|0|0|\n|行政规范性文件|2|2|15|\n|第二十条第（五）项|\n|信息内容|本年处理决定数量|\n|行政许可😀|3|\n|第二十条第（六）项|\n|行政处罚|1|\n|行政强制|0|\n";

// ---- The client ---------------------------------------------------------------------------------

/// The server process and the framing client talking to it.
struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: mpsc::Receiver<Value>,
    stderr: Option<JoinHandle<std::io::Result<String>>>,
    /// Messages received and not yet consumed by a wait.
    pending: Vec<Value>,
    /// The last messages received, for failure messages.
    recent: Vec<String>,
    next_id: i64,
}

impl Server {
    fn start() -> Server {
        Server::start_with(|_| {})
    }

    /// Starts the server; `stdout` is given the server's stdout instead of the reader thread when
    /// the test wants to close it itself.
    fn start_with(keep_stdout: impl FnOnce(&mut Option<ChildStdout>)) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(["server", "--stdio"])
            .env("NIANBAO_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("nianbao server starts");
        let mut stdout = child.stdout.take();
        keep_stdout(&mut stdout);
        // Without the stdout, a receiver whose sender is gone: no message ever arrives.
        let rx = stdout.map_or_else(|| mpsc::channel().1, messages_on_a_thread);
        let stderr = read_on_a_thread(child.stderr.take().expect("stderr is piped"));
        Server {
            stdin: child.stdin.take(),
            child,
            messages: rx,
            stderr: Some(stderr),
            pending: Vec::new(),
            recent: Vec::new(),
            next_id: 0,
        }
    }

    /// Writes raw bytes to the server's stdin.
    fn write(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).expect("the server reads its stdin");
        stdin.flush().expect("the server reads its stdin");
    }

    fn send(&mut self, msg: &Value) {
        self.write(&frame(&serde_json::to_vec(msg).unwrap()));
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request without waiting; returns its id.
    fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Waits for the response to request `id`.
    fn response(&mut self, id: i64) -> Value {
        self.wait(&format!("the response to request {id}"), |m| {
            m["id"] == id && m.get("method").is_none()
        })
    }

    /// Sends a request and returns its result; fails on an error response.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        let resp = self.response(id);
        assert!(resp.get("error").is_none(), "{method} failed: {resp}");
        resp["result"].clone()
    }

    /// Waits for a message that satisfies `pred`, looking first at those received and not consumed
    /// yet.
    fn wait(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&pred) {
            return self.pending.remove(i);
        }
        let deadline = Instant::now() + DEADLINE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(msg) => {
                    let shown = msg.to_string();
                    self.recent.push(shown.chars().take(300).collect());
                    if self.recent.len() > 20 {
                        self.recent.remove(0);
                    }
                    if pred(&msg) {
                        return msg;
                    }
                    self.pending.push(msg);
                }
                Err(_) => panic!(
                    "no {what} within {DEADLINE:?}; the last messages: {:#?}",
                    self.recent
                ),
            }
        }
    }

    /// Waits for `n` error answers with a null id: the answers to messages whose id could not be
    /// read. Each is a parse error, or an invalid-request error when several such answers were due
    /// at once (the library refuses a second pending request with the same id, here null).
    fn null_id_errors(&mut self, n: usize) -> Vec<Value> {
        let mut out = Vec::new();
        while out.len() < n {
            let e = self.wait("an error answer with a null id", |m| {
                m["id"].is_null() && m.get("error").is_some()
            });
            assert!(
                e["error"]["code"] == -32700 || e["error"]["code"] == -32600,
                "{e}"
            );
            out.push(e);
        }
        out
    }

    /// `initialize` with no capabilities (UTF-16 positions, flat symbols, no snippets), then
    /// `initialized`.
    fn initialize(&mut self) {
        let init = self.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": {} }),
        );
        assert_eq!(init["capabilities"]["positionEncoding"], "utf-16", "{init}");
        self.notify("initialized", json!({}));
    }

    fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "plaintext", "version": version, "text": text } }),
        );
    }

    fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }));
    }

    /// Waits for the diagnostics of `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let msg = self.wait(
            &format!("the diagnostics of {uri} at version {version}"),
            |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && m["params"]["version"] == version
            },
        );
        msg["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Checks that the server's text of `uri` is `text`: its formatting edits, document symbols and
    /// (for version `version`) published diagnostics are what the core computes from `text`.
    fn assert_view(&mut self, uri: &str, version: i64, text: &str) {
        let doc = json!({ "textDocument": { "uri": uri } });
        let formatting = self.request("textDocument/formatting", json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 4, "insertSpaces": true } }));
        assert_eq!(
            formatting,
            expected_formatting(text),
            "the server's text of {uri} differs from the client's (formatting)"
        );
        let symbols = self.request("textDocument/documentSymbol", doc);
        assert_eq!(
            symbol_summary(&symbols),
            expected_symbols(text),
            "the server's text of {uri} differs from the client's (symbols)"
        );
        let diags = self.diagnostics(uri, version);
        assert_eq!(
            diagnostic_summary(&diags),
            expected_diagnostics(text),
            "the server's text of {uri} differs from the client's (diagnostics)"
        );
    }

    /// Checks that the server answers a request.
    fn assert_alive(&mut self) {
        let hover = self.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": "file:///hostile/never-opened.txt" }, "position": { "line": 0, "character": 0 } }),
        );
        assert_eq!(hover, Value::Null);
    }

    /// Waits for the process to end within the deadline; returns its status.
    fn exit_status(&mut self) -> ExitStatus {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().expect("the status can be read") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not exit within {DEADLINE:?}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The server's stderr, once it has exited.
    fn stderr(&mut self) -> String {
        self.stderr
            .take()
            .and_then(|h| h.join().ok()?.ok())
            .unwrap_or_default()
    }

    /// Shuts the server down as the protocol says, and checks that it exits with 0 and did not
    /// panic.
    fn shutdown(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let status = self.exit_status();
        let stderr = self.stderr();
        assert_eq!(status.code(), Some(0), "stderr: {stderr}");
        assert_no_panic(&stderr);
    }

    /// Closes stdin and checks that the server exits with 0 and did not panic.
    fn close(mut self) -> String {
        drop(self.stdin.take());
        let status = self.exit_status();
        let stderr = self.stderr();
        assert_eq!(status.code(), Some(0), "stderr: {stderr}");
        assert_no_panic(&stderr);
        stderr
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // A failed test must not leave the server running.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn assert_no_panic(stderr: &str) {
    assert!(
        !stderr.contains("panicked"),
        "the server panicked: {stderr}"
    );
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

// ---- What the server must answer, computed from the client's text -------------------------------

fn position(text: &str, index: &LineIndex, offset: usize) -> Value {
    let lc = index.to_line_col(text, offset, PositionEncoding::Utf16);
    json!({ "line": lc.line, "character": lc.col })
}

fn range(text: &str, index: &LineIndex, r: TextRange) -> Value {
    json!({ "start": position(text, index, r.start), "end": position(text, index, r.end) })
}

fn expected_formatting(text: &str) -> Value {
    let a = analyze(text, &ParseOptions::default());
    let index = LineIndex::new(text);
    let edits = format_tables(&Snapshot {
        text,
        analysis: &a,
        lang: Lang::Zh,
    });
    Value::Array(
        edits
            .iter()
            .map(|e| json!({ "range": range(text, &index, e.range), "newText": e.new_text }))
            .collect(),
    )
}

fn expected_symbols(text: &str) -> Vec<(String, Value)> {
    fn flat(s: &[Symbol], text: &str, index: &LineIndex, out: &mut Vec<(String, Value)>) {
        for s in s {
            out.push((s.name.clone(), range(text, index, s.range)));
            flat(&s.children, text, index, out);
        }
    }
    let a = analyze(text, &ParseOptions::default());
    let index = LineIndex::new(text);
    let mut out = Vec::new();
    flat(
        &symbols(&Snapshot {
            text,
            analysis: &a,
            lang: Lang::Zh,
        }),
        text,
        &index,
        &mut out,
    );
    out
}

fn symbol_summary(answer: &Value) -> Vec<(String, Value)> {
    answer
        .as_array()
        .map(|list| {
            list.iter()
                .map(|s| {
                    (
                        s["name"].as_str().unwrap_or("").to_owned(),
                        s["location"]["range"].clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// (code, range, message) of every diagnostic the server publishes for `text`.
fn expected_diagnostics(text: &str) -> Vec<(String, Value, String)> {
    let a = analyze(text, &ParseOptions::default());
    if !a.report.is_report {
        return Vec::new();
    }
    let index = LineIndex::new(text);
    a.diagnostics
        .iter()
        .map(|d| {
            (
                d.code.as_str().to_owned(),
                range(text, &index, d.range),
                d.message(Lang::Zh),
            )
        })
        .collect()
}

fn diagnostic_summary(diags: &[Value]) -> Vec<(String, Value, String)> {
    diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                d["range"].clone(),
                d["message"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// The client's side of an edit: `range` (UTF-16, clamped as the server documents it: a line past
/// the end is the end of the text, a column past the end of its line is the end of the line, a
/// column inside a character is its start, a reversed range is empty at its start) replaced by
/// `new_text`.
fn apply_edit(text: &str, range: &Value, new_text: &str) -> String {
    let index = LineIndex::new(text);
    let at = |p: &Value| {
        let lc = LineCol {
            line: p["line"].as_u64().unwrap() as u32,
            col: p["character"].as_u64().unwrap() as u32,
        };
        index.to_offset(text, lc, PositionEncoding::Utf16)
    };
    let start = at(&range["start"]);
    let end = at(&range["end"]).max(start);
    format!("{}{}{}", &text[..start], new_text, &text[end..])
}

/// The UTF-16 position of byte `offset`.
fn pos(text: &str, offset: usize) -> Value {
    position(text, &LineIndex::new(text), offset)
}

/// A range covering bytes `start..end`.
fn span(text: &str, start: usize, end: usize) -> Value {
    json!({ "start": pos(text, start), "end": pos(text, end) })
}

/// A small deterministic generator (xorshift), so that a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// A random edit inside a cell of the table document: insert a character, or delete one that is no
/// separator or line break. Returns the change event and the new text.
fn cell_edit(text: &str, rng: &mut Rng) -> (Value, String) {
    const CHARS: [&str; 8] = ["年", "报", "𠮷", "😀", "7", "a", "—", "（"];
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    loop {
        let at = boundaries[rng.below(boundaries.len())];
        let next = text[at..].chars().next();
        let prev = text[..at].chars().next_back();
        // Only inside a line that keeps a separator: never at the very start of a line.
        if prev.is_none() || prev == Some('\n') {
            continue;
        }
        if rng.below(3) == 0 {
            let Some(c) = next.filter(|c| !matches!(c, '|' | '\n')) else {
                continue;
            };
            let end = at + c.len_utf8();
            let change = json!({ "range": span(text, at, end), "text": "" });
            return (change, format!("{}{}", &text[..at], &text[end..]));
        }
        let ins = CHARS[rng.below(CHARS.len())];
        let change = json!({ "range": span(text, at, at), "text": ins });
        return (change, format!("{}{}{}", &text[..at], ins, &text[at..]));
    }
}

/// Seed 001 with its （七）总计 row made wrong at its last cell (7 instead of 0): an error whose
/// position depends on every line before it.
fn broken_report() -> String {
    let row = SEED_001
        .find(TOTAL_ROW)
        .expect("seed 001 has the outcome total row");
    let at = row + TOTAL_ROW.rfind('0').unwrap();
    format!("{}7{}", &SEED_001[..at], &SEED_001[at + 1..])
}

// ---- Malformed frames and JSON ------------------------------------------------------------------

#[test]
fn malformed_headers_are_answered_with_parse_errors_and_the_next_frames_are_read() {
    let mut s = Server::start();
    s.initialize();
    s.open(TABLE_URI, 1, TABLE);
    let mut text = TABLE.to_owned();
    let garbage: Vec<Vec<u8>> = vec![
        // No Content-Length at all.
        b"Content-Type: application/vscode-jsonrpc\r\n\r\n{}".to_vec(),
        // A length that is no number, a negative one, one that overflows, and one past the limit (1
        // GiB).
        b"Content-Length: abc\r\n\r\n".to_vec(),
        b"Content-Length: -5\r\n\r\n".to_vec(),
        b"Content-Length: 99999999999999999999999\r\n\r\n".to_vec(),
        b"Content-Length: 4294967296\r\n\r\n".to_vec(),
        // A header that never ends, longer than the 8 KiB a header may take.
        vec![b'x'; 9000],
        // Bare line feeds instead of CRLF.
        b"Content-Length: 2\n\n{}".to_vec(),
        // Binary junk.
        (0u8..=255).collect(),
    ];
    for (i, g) in garbage.iter().enumerate() {
        s.write(g);
        // A valid edit right after each: it must not be lost.
        let end = text.find('\n').unwrap();
        let change = json!([{ "range": span(&text, end, end), "text": format!("{i}") }]);
        text = format!("{}{i}{}", &text[..end], &text[end..]);
        s.change(TABLE_URI, 2 + i as i64, change);
        s.null_id_errors(1);
    }
    s.assert_view(TABLE_URI, 1 + garbage.len() as i64, &text);
    // Lowercase names, other headers, blanks around the value: all accepted.
    let body = br#"{"jsonrpc":"2.0","id":"x1","method":"shutdown"}"#;
    let mut odd = format!(
        "content-length:   {}  \r\ncontent-type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
        body.len()
    )
    .into_bytes();
    odd.extend_from_slice(body);
    s.write(&odd);
    let resp = s.wait("the answer to a frame with an unusual header", |m| {
        m["id"] == "x1"
    });
    assert_eq!(resp["result"], Value::Null, "{resp}");
    // After shutdown, requests are refused (but answered) until `exit`.
    let id = s.send_request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": TABLE_URI } }),
    );
    assert_eq!(s.response(id)["error"]["code"], -32600);
    s.notify("exit", Value::Null);
    assert_eq!(s.exit_status().code(), Some(0));
    assert_no_panic(&s.stderr());
}

#[test]
fn a_content_length_longer_than_the_body_swallows_what_follows_until_a_frame_is_found_again() {
    let mut s = Server::start();
    s.initialize();
    s.open(TABLE_URI, 1, TABLE);
    // 40 bytes announced, 2 sent: the body takes the first 38 bytes of the next frame, is no JSON
    // and is answered with a parse error; the rest of that frame is skipped up to the next header.
    s.write(b"Content-Length: 40\r\n\r\n{}");
    s.change(
        TABLE_URI,
        2,
        json!([{ "range": span(TABLE, 0, 0), "text": "lost" }]),
    );
    // The rest of the swallowed frame is found to be garbage when the next frame comes.
    s.assert_alive();
    s.null_id_errors(2);
    // The swallowed edit is lost, as it must be: the next edit applies to the text as opened.
    let (change, text) = cell_edit(TABLE, &mut Rng(5));
    s.change(TABLE_URI, 3, json!([change]));
    s.assert_view(TABLE_URI, 3, &text);
    s.close();
}

#[test]
fn malformed_json_gets_errors_with_the_request_id_when_it_can_be_read() {
    let mut s = Server::start();
    s.initialize();
    s.open(TABLE_URI, 1, TABLE);
    let bodies: [(&str, Value, i64); 10] = [
        ("{", Value::Null, -32700),
        (
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"shutdown\"} trailing",
            Value::Null,
            -32700,
        ),
        ("[]", Value::Null, -32600),
        (
            "[{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"shutdown\"}]",
            Value::Null,
            -32600,
        ),
        ("42", Value::Null, -32600),
        ("\"text\"", Value::Null, -32600),
        ("null", Value::Null, -32600),
        (
            "{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"shutdown\"}",
            json!(7),
            -32600,
        ),
        (
            "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"shutdown\"}",
            Value::Null,
            -32600,
        ),
        (
            "{\"jsonrpc\":\"2.0\",\"id\":\"s\",\"method\":5}",
            json!("s"),
            -32600,
        ),
    ];
    for (body, id, code) in &bodies {
        s.write(&frame(body.as_bytes()));
        let resp = s.wait(&format!("the error for {body}"), |m| {
            m.get("error").is_some() && m["id"] == *id
        });
        assert_eq!(resp["error"]["code"], *code, "{body}: {resp}");
    }
    // A known method with parameters of the wrong shape: an invalid-params error for a request; a
    // notification is dropped.
    let id = s.send_request("textDocument/hover", json!({ "textDocument": 5 }));
    assert_eq!(s.response(id)["error"]["code"], -32602);
    s.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": TABLE_URI }, "contentChanges": "x" }),
    );
    s.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": 7 } }),
    );
    // A response to a request the server never sent.
    s.send(&json!({ "jsonrpc": "2.0", "id": 99, "result": null }));
    s.send(&json!({ "jsonrpc": "2.0", "id": 98, "error": { "code": -1, "message": "no" } }));
    let mut text = TABLE.to_owned();
    let (change, next) = cell_edit(&text, &mut Rng(7));
    text = next;
    s.change(TABLE_URI, 2, json!([change]));
    s.assert_view(TABLE_URI, 2, &text);
    s.shutdown();
}

#[test]
fn invalid_utf8_and_unpaired_surrogates_in_an_edit_become_replacement_characters() {
    let mut s = Server::start();
    s.initialize();
    s.open(TABLE_URI, 1, TABLE);
    // An edit whose text holds bytes that are no UTF-8 (a lone continuation byte, a truncated
    // sequence).
    let at = TABLE.find("规章").unwrap();
    let mut body = serde_json::to_vec(&json!({
        "jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": { "textDocument": { "uri": TABLE_URI, "version": 2 }, "contentChanges": [{ "range": span(TABLE, at, at), "text": "AB" }] },
    }))
    .unwrap();
    let text_at = body.windows(4).position(|w| w == b"\"AB\"").unwrap() + 2;
    body.splice(text_at..text_at, [0x80, 0xE5, 0xB9]);
    s.write(&frame(&body));
    let mut text = format!("{}A\u{FFFD}\u{FFFD}B{}", &TABLE[..at], &TABLE[at..]);
    // An edit with an unpaired surrogate escape, as a JavaScript client sends a lone surrogate.
    let at = text.find("行政处罚").unwrap();
    let raw = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"textDocument":{{"uri":"{TABLE_URI}","version":3}},"contentChanges":[{{"range":{},"text":"x\udc00y\ud83d\ude00"}}]}}}}"#,
        span(&text, at, at)
    );
    s.write(&frame(raw.as_bytes()));
    text = format!("{}x\u{FFFD}y😀{}", &text[..at], &text[at..]);
    // The next edit lands where the client means: the replacement characters took the surrogate's
    // one UTF-16 unit.
    let (change, next) = cell_edit(&text, &mut Rng(11));
    s.change(TABLE_URI, 4, json!([change]));
    text = next;
    s.assert_view(TABLE_URI, 4, &text);
    // Invalid UTF-8 outside a string is still a parse error, and changes nothing.
    s.write(&frame(
        b"{\"jsonrpc\":\"2.0\",\"method\":\"initialized\"}\xFF",
    ));
    s.null_id_errors(1);
    let (change, next) = cell_edit(&text, &mut Rng(13));
    s.change(TABLE_URI, 5, json!([change]));
    text = next;
    s.assert_view(TABLE_URI, 5, &text);
    let stderr = s.close();
    assert!(stderr.contains("U+FFFD"), "the repair is logged: {stderr}");
}

// ---- Huge messages ------------------------------------------------------------------------------

#[test]
fn a_message_larger_than_64_mb_is_read_and_the_server_goes_on() {
    let mut s = Server::start();
    s.initialize();
    s.open(TABLE_URI, 1, TABLE);
    // 65 MiB of text in a request of a method the server does not know: read whole, then answered
    // with "method not found". (A notification of the same size is read whole and dropped, by the
    // same path.)
    let big = "年".repeat(65 * 1024 * 1024 / 3 + 1);
    let started = Instant::now();
    let id = s.send_request("nianbao/unknownRequest", json!({ "text": big }));
    assert_eq!(s.response(id)["error"]["code"], -32601);
    drop(big);
    let mut text = TABLE.to_owned();
    let (change, next) = cell_edit(&text, &mut Rng(3));
    s.change(TABLE_URI, 2, json!([change]));
    text = next;
    s.assert_view(TABLE_URI, 2, &text);
    eprintln!(
        "a 65 MiB message read and answered in {:?}",
        started.elapsed()
    );
    s.shutdown();
}

#[test]
fn a_document_larger_than_64_mb_is_opened_without_holding_up_the_others() {
    let mut s = Server::start();
    s.initialize();
    // 65 MiB in lines of a hundred characters: not a report, analysed on the blocking pool.
    let line = format!("{}\n", "年报".repeat(50));
    let big = line.repeat(65 * 1024 * 1024 / line.len() + 1);
    let started = Instant::now();
    s.open("file:///hostile/big.txt", 1, &big);
    drop(big);
    s.open(TABLE_URI, 1, TABLE);
    s.assert_view(TABLE_URI, 1, TABLE);
    eprintln!(
        "answered about another document {:?} after sending 65 MiB",
        started.elapsed()
    );
    // The client leaves, maybe while the big document is still being analysed: the server exits
    // with 0 (within the watchdog's deadline; a handler that never ends is the next test's).
    s.close();
}

#[test]
fn a_header_announcing_more_than_the_limit_is_refused_without_reading_the_body() {
    let mut s = Server::start();
    s.initialize();
    // 2 GiB announced: refused at once (the limit is 1 GiB), and the frame after it is read.
    s.write(b"Content-Length: 2147483648\r\n\r\n");
    s.null_id_errors(1);
    s.open(TABLE_URI, 1, TABLE);
    s.assert_view(TABLE_URI, 1, TABLE);
    s.close();
}

// ---- The protocol's order -----------------------------------------------------------------------

#[test]
fn requests_before_initialize_are_refused_and_notifications_dropped() {
    let mut s = Server::start();
    let id = s.send_request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": TABLE_URI }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(
        s.response(id)["error"]["code"],
        -32002,
        "server not initialized"
    );
    let id = s.send_request("shutdown", Value::Null);
    assert_eq!(s.response(id)["error"]["code"], -32002);
    // Dropped: the document is not open once the server is initialized.
    s.open(TABLE_URI, 1, TABLE);
    s.initialize();
    let symbols = s.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": TABLE_URI } }),
    );
    assert_eq!(
        symbols,
        Value::Null,
        "a document opened before initialize is not open"
    );
    // A second initialize is refused.
    let id = s.send_request("initialize", json!({ "capabilities": {} }));
    assert_eq!(s.response(id)["error"]["code"], -32600);
    s.open(TABLE_URI, 1, TABLE);
    s.assert_view(TABLE_URI, 1, TABLE);
    s.shutdown();
}

#[test]
fn exit_without_shutdown_ends_with_status_1() {
    let mut s = Server::start();
    s.initialize();
    s.open(TABLE_URI, 1, TABLE);
    s.assert_view(TABLE_URI, 1, TABLE);
    s.notify("exit", Value::Null);
    let status = s.exit_status();
    assert_eq!(
        status.code(),
        Some(1),
        "the protocol asks for 1 when exit comes without shutdown"
    );
    assert_no_panic(&s.stderr());
}

#[test]
fn exit_before_initialize_ends_with_status_1() {
    let mut s = Server::start();
    // A shutdown refused (the server is not initialized) does not count.
    let id = s.send_request("shutdown", Value::Null);
    assert_eq!(s.response(id)["error"]["code"], -32002);
    s.notify("exit", Value::Null);
    assert_eq!(s.exit_status().code(), Some(1));
    assert_no_panic(&s.stderr());
}

#[test]
fn unknown_methods_get_method_not_found_and_unknown_notifications_are_ignored() {
    let mut s = Server::start();
    s.initialize();
    s.open(TABLE_URI, 1, TABLE);
    // Unknown methods, `$/` requests (which the protocol says must be answered), and methods of the
    // protocol the server does not offer.
    let rename = json!({ "textDocument": { "uri": TABLE_URI }, "position": { "line": 0, "character": 1 }, "newName": "x" });
    let requests = [
        ("nianbao/noSuchMethod", json!({})),
        ("$/noSuchRequest", json!({})),
        ("", json!(null)),
        ("textDocument/rename", rename),
        (
            "workspace/executeCommand",
            json!({ "command": "nianbao.nothing", "arguments": [] }),
        ),
    ];
    for (method, params) in requests {
        let id = s.send_request(method, params);
        assert_eq!(s.response(id)["error"]["code"], -32601, "{method}");
    }
    for method in [
        "nianbao/noSuchNotification",
        "$/cancelRequest",
        "$/setTrace",
        "$/progress",
        "workspace/didChangeWatchedFiles",
    ] {
        s.notify(
            method,
            json!({ "id": 12345, "value": "off", "changes": [] }),
        );
    }
    s.assert_view(TABLE_URI, 1, TABLE);
    s.shutdown();
}

// ---- Edits the server must ignore or clamp ------------------------------------------------------

#[test]
fn edits_to_unopened_documents_are_ignored() {
    let mut s = Server::start();
    s.initialize();
    s.change(TABLE_URI, 2, json!([{ "text": "全文替换" }]));
    s.change(
        TABLE_URI,
        3,
        json!([{ "range": span("", 0, 0), "text": "x" }]),
    );
    s.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": TABLE_URI } }),
    );
    s.change("not a uri at all", 2, json!([{ "text": "x" }]));
    s.open(TABLE_URI, 1, TABLE);
    s.assert_view(TABLE_URI, 1, TABLE);
    // Closed, then edited: ignored; opened again: the new text.
    s.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": TABLE_URI } }),
    );
    s.change(TABLE_URI, 2, json!([{ "text": "全文替换" }]));
    let hover = s.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": TABLE_URI }, "position": { "line": 0, "character": 1 } }),
    );
    assert_eq!(hover, Value::Null);
    let text = broken_report();
    s.open(TABLE_URI, 5, &text);
    s.assert_view(TABLE_URI, 5, &text);
    s.close();
}

#[test]
fn stale_and_out_of_range_edits_are_ignored_or_clamped_as_documented() {
    let mut s = Server::start();
    s.initialize();
    let mut text = broken_report();
    s.open(REPORT_URI, 10, &text);
    // Older versions are ignored.
    for stale in [9, 1, 0, -5] {
        s.change(REPORT_URI, stale, json!([{ "text": "stale" }]));
    }
    // Out of range, reversed, inside a surrogate pair, past the end of a line, at u32::MAX.
    let lines = text.lines().count() as u64;
    let edits = [
        json!({ "start": { "line": lines + 5, "character": 0 }, "end": { "line": lines + 9, "character": 3 } }),
        json!({ "start": { "line": 2, "character": 4_294_967_295u64 }, "end": { "line": 2, "character": 4_294_967_295u64 } }),
        json!({ "start": { "line": 3, "character": 9 }, "end": { "line": 3, "character": 2 } }),
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }),
        json!({ "start": { "line": 0, "character": 1 }, "end": { "line": 0, "character": 1 } }),
        json!({ "start": { "line": 4_294_967_295u64, "character": 4_294_967_295u64 }, "end": { "line": 0, "character": 0 } }),
        json!({ "start": { "line": 1, "character": 3 }, "end": { "line": 5, "character": 1 } }),
    ];
    let inserts = ["末尾", "行尾", "反", "𠮷", "半", "大", "\r\n跨行\r"];
    let mut version = 10;
    for (r, ins) in edits.iter().zip(inserts) {
        version += 1;
        s.change(REPORT_URI, version, json!([{ "range": r, "text": ins }]));
        text = apply_edit(&text, r, ins);
    }
    // The same version again is applied (only older ones are stale).
    let r = json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } });
    s.change(REPORT_URI, version, json!([{ "range": r, "text": "同" }]));
    text = apply_edit(&text, &r, "同");
    // Several changes in one notification apply in order, each to the result of the one before.
    version += 1;
    let a = json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 2 } });
    let b = json!({ "start": { "line": 0, "character": 1 }, "end": { "line": 1, "character": 0 } });
    s.change(
        REPORT_URI,
        version,
        json!([{ "range": a, "text": "一" }, { "range": b, "text": "二\n" }]),
    );
    text = apply_edit(&apply_edit(&text, &a, "一"), &b, "二\n");
    // Positions that are no numbers drop the notification (invalid parameters), and nothing
    // changes.
    s.change(REPORT_URI, version + 1, json!([{ "range": { "start": { "line": -1, "character": 0 }, "end": { "line": 0, "character": "x" } }, "text": "坏" }]));
    let r = json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } });
    s.change(
        REPORT_URI,
        version + 1,
        json!([{ "range": r, "text": "终" }]),
    );
    text = apply_edit(&text, &r, "终");
    s.assert_view(REPORT_URI, version + 1, &text);
    assert!(
        expected_diagnostics(&text)
            .iter()
            .any(|d| d.0 == "outcome-total" || d.0 == "row-total"),
        "the planted error is still seen"
    );
    s.close();
}

// ---- Load ---------------------------------------------------------------------------------------

#[test]
fn ten_thousand_edits_in_a_burst_end_in_the_clients_text() {
    let mut s = Server::start();
    s.initialize();
    s.open(TABLE_URI, 1, TABLE);
    let mut report = broken_report();
    s.open(REPORT_URI, 1, &report);
    let mut text = TABLE.to_owned();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    // All the frames are written at once, as fast as the pipe takes them.
    let mut burst = Vec::new();
    for i in 0..10_000 {
        let (change, next) = cell_edit(&text, &mut rng);
        text = next;
        let msg = json!({ "jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": { "textDocument": { "uri": TABLE_URI, "version": 2 + i }, "contentChanges": [change] } });
        burst.extend(frame(&serde_json::to_vec(&msg).unwrap()));
        // Every tenth edit goes to the report: a character typed at the start of a random line.
        if i % 10 == 0 {
            let line_starts: Vec<usize> = std::iter::once(0)
                .chain(report.match_indices('\n').map(|(k, _)| k + 1))
                .collect();
            let at = line_starts[rng.below(line_starts.len())];
            let change = json!({ "range": span(&report, at, at), "text": "报" });
            report = format!("{}报{}", &report[..at], &report[at..]);
            let msg = json!({ "jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": { "textDocument": { "uri": REPORT_URI, "version": 2 + i / 10 }, "contentChanges": [change] } });
            burst.extend(frame(&serde_json::to_vec(&msg).unwrap()));
        }
    }
    let started = Instant::now();
    s.write(&burst);
    s.assert_view(TABLE_URI, 10_001, &text);
    s.assert_view(REPORT_URI, 1_001, &report);
    eprintln!(
        "10,000 edits ({} bytes of frames) applied and checked in {:?}",
        burst.len(),
        started.elapsed()
    );
    s.shutdown();
}

#[test]
fn requests_interleaved_with_edits_each_see_the_edits_sent_before_them() {
    let mut s = Server::start();
    s.initialize();
    s.open(TABLE_URI, 1, TABLE);
    let mut text = TABLE.to_owned();
    let mut rng = Rng(42);
    // Edits and requests written back to back, without waiting for any answer; each request's
    // answer must be computed from the text as it was when the request was sent.
    let mut expected: Vec<(i64, Value)> = Vec::new();
    let mut burst = Vec::new();
    for i in 0..300 {
        let (change, next) = cell_edit(&text, &mut rng);
        text = next;
        let msg = json!({ "jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": { "textDocument": { "uri": TABLE_URI, "version": 2 + i }, "contentChanges": [change] } });
        burst.extend(frame(&serde_json::to_vec(&msg).unwrap()));
        if i % 3 == 0 {
            s.next_id += 1;
            let id = s.next_id;
            let (method, params, answer) = match i % 4 {
                0 => (
                    "textDocument/formatting",
                    json!({ "textDocument": { "uri": TABLE_URI }, "options": { "tabSize": 4, "insertSpaces": true } }),
                    expected_formatting(&text),
                ),
                1 => (
                    "textDocument/documentSymbol",
                    json!({ "textDocument": { "uri": TABLE_URI } }),
                    json!(expected_symbols(&text)),
                ),
                _ => (
                    "textDocument/hover",
                    json!({ "textDocument": { "uri": TABLE_URI }, "position": { "line": 0, "character": 0 } }),
                    Value::Null,
                ),
            };
            let msg = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
            burst.extend(frame(&serde_json::to_vec(&msg).unwrap()));
            expected.push((id, answer));
        }
    }
    s.write(&burst);
    for (id, answer) in expected {
        let resp = s.response(id);
        assert!(resp.get("error").is_none(), "{resp}");
        let got = if resp["result"].is_array()
            && resp["result"]
                .as_array()
                .is_some_and(|a| a.first().is_some_and(|x| x.get("location").is_some()))
        {
            json!(symbol_summary(&resp["result"]))
        } else {
            resp["result"].clone()
        };
        assert_eq!(
            got, answer,
            "request {id} did not see exactly the edits sent before it"
        );
    }
    s.assert_view(TABLE_URI, 301, &text);
    s.shutdown();
}

// ---- A client that vanishes ---------------------------------------------------------------------

#[test]
fn a_client_that_closes_stdin_mid_message_leaves_a_server_that_exits_with_0() {
    let mut s = Server::start();
    s.initialize();
    s.open(TABLE_URI, 1, TABLE);
    s.assert_view(TABLE_URI, 1, TABLE);
    // Half a frame: the header says more than comes.
    s.write(b"Content-Length: 100\r\n\r\n{\"jsonrpc\":\"2.0\",");
    let stderr = s.close();
    assert!(
        stderr.contains("stdin ended inside a message"),
        "the dropped half message is logged: {stderr}"
    );
}

#[test]
fn a_client_that_vanishes_while_a_handler_waits_for_it_leaves_a_server_that_stops_anyway() {
    let mut s = Server::start();
    // A client that can be asked for its settings, and never answers: the `initialized` handler
    // waits for the answer for ever.
    let init = s.request("initialize", json!({ "processId": null, "rootUri": null, "capabilities": { "workspace": { "configuration": true } } }));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16", "{init}");
    s.notify("initialized", json!({}));
    let asked = s.wait("the server's workspace/configuration request", |m| {
        m["method"] == "workspace/configuration"
    });
    assert!(asked["id"].is_number(), "{asked}");
    // A long analysis runs meanwhile.
    let line = format!("{}\n", "（一）予以公开 | 1 | 2 |".repeat(4));
    s.open(
        "file:///hostile/big.txt",
        1,
        &line.repeat(8 * 1024 * 1024 / line.len()),
    );
    s.assert_alive();
    // The client leaves. Without the grace period the server would wait for the answer for ever,
    // and the watchdog of `close` would fail the test; with it, the server says so and exits with
    // 0.
    let stderr = s.close();
    assert!(
        stderr.contains("stopping anyway"),
        "the server stops after its grace period: {stderr}"
    );
}

#[test]
fn a_client_that_stops_reading_leaves_a_server_that_still_exits() {
    let mut kept = None;
    let mut s = Server::start_with(|stdout| kept = stdout.take());
    let stdout = kept.expect("the test holds the server's stdout");
    // Nobody reads the answers: the server's writes fail (a broken pipe).
    drop(stdout);
    // Requests whose answers cannot be delivered.
    s.send(&json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "capabilities": {} } }));
    s.notify("initialized", json!({}));
    s.open(TABLE_URI, 1, TABLE);
    for id in 2..200 {
        let msg = json!({ "jsonrpc": "2.0", "id": id, "method": "textDocument/documentSymbol", "params": { "textDocument": { "uri": TABLE_URI } } });
        let body = frame(&serde_json::to_vec(&msg).unwrap());
        // The server may already have stopped reading: a failed write is what this test provokes.
        let Some(stdin) = s.stdin.as_mut() else { break };
        if stdin.write_all(&body).is_err() {
            break;
        }
    }
    drop(s.stdin.take());
    let status = s.exit_status();
    let stderr = s.stderr();
    assert_no_panic(&stderr);
    assert!(
        status.code().is_some(),
        "the server ended by itself, not by a signal: {status:?}"
    );
}
