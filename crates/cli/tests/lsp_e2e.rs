//! This file owns the end-to-end tests of `nianbao server`: they start the real binary, speak LSP
//! to it over pipes with a small Content-Length framing client written here, and assert what an
//! editor would see, down to the exit status and what the server wrote on stderr.

mod common;

use common::{messages_on_a_thread, read_on_a_thread};

use std::io::Write;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const SEED_001: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/corpus/seeds/001_de67b3003fa77aa1.txt"
));
/// The outcome total of table 三 in seed 001 (all zero).
const TOTAL_ROW: &str = "(七)总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
const URI: &str = "file:///reports/001.txt";
/// How long the test waits for any one message or for the server to exit.
const TIMEOUT: Duration = Duration::from_secs(15);

/// The server process and the framing client talking to it.
struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: mpsc::Receiver<Value>,
    stderr: Option<JoinHandle<std::io::Result<String>>>,
    /// Everything received so far, for failure messages.
    seen: Vec<Value>,
    next_id: i64,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(["server", "--stdio"])
            .env("NIANBAO_LOG", "info")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("nianbao server starts");
        let rx = messages_on_a_thread(child.stdout.take().unwrap());
        let stderr = read_on_a_thread(child.stderr.take().unwrap());
        Server {
            stdin: child.stdin.take(),
            child,
            messages: rx,
            stderr: Some(stderr),
            seen: Vec::new(),
            next_id: 0,
        }
    }

    fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).unwrap();
        self.send_raw(&body);
    }

    fn send_raw(&mut self, body: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        stdin.write_all(body).unwrap();
        stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its response.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let resp = self.wait(&format!("the response to {method}"), |m| {
            m["id"] == id && m.get("method").is_none()
        });
        assert!(resp.get("error").is_none(), "{method} failed: {resp}");
        resp["result"].clone()
    }

    /// Waits for a message that satisfies `pred`.
    fn wait(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(msg) => {
                    self.seen.push(msg.clone());
                    if pred(&msg) {
                        return msg;
                    }
                }
                Err(_) => panic!("no {what} within {TIMEOUT:?}; received: {:#?}", self.seen),
            }
        }
    }

    /// Waits for the diagnostics of `URI` at `version`.
    fn diagnostics(&mut self, version: i64) -> Vec<Value> {
        let msg = self.wait(&format!("diagnostics for version {version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == URI
                && m["params"]["version"] == version
        });
        msg["params"]["diagnostics"].as_array().cloned().unwrap()
    }

    /// Closes stdin and waits for the process to end; returns its status and its stderr.
    fn finish(mut self) -> (ExitStatus, String) {
        drop(self.stdin.take());
        let deadline = Instant::now() + TIMEOUT;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit within {TIMEOUT:?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let stderr = self
            .stderr
            .take()
            .unwrap()
            .join()
            .unwrap()
            .unwrap_or_default();
        (status, stderr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // A failed test must not leave the server running.
        let _ = self.child.kill();
    }
}

/// The position (UTF-16) of byte offset `offset` in `text`.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": before.matches('\n').count(), "character": text[line_start..offset].encode_utf16().count() })
}

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

fn initialize(server: &mut Server) -> Value {
    let result = server.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {} }),
    );
    server.notify("initialized", json!({}));
    result
}

#[test]
fn a_broken_total_is_reported_fixed_and_the_server_exits_cleanly() {
    let mut server = Server::start();
    let init = initialize(&mut server);
    assert_eq!(
        init["capabilities"]["textDocumentSync"]["change"], 2,
        "{init}"
    );
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": URI, "languageId": "plaintext", "version": 1, "text": SEED_001 } }),
    );
    let before = server.diagnostics(1);
    assert!(!codes(&before).contains(&"outcome-total"), "{before:#?}");

    // Type 7 over the last 0 of (七)总计: the total no longer adds up.
    let row = SEED_001
        .find(TOTAL_ROW)
        .expect("seed 001 has the outcome total row");
    let at = row + TOTAL_ROW.rfind('0').unwrap();
    let range = json!({ "start": position(SEED_001, at), "end": position(SEED_001, at + 1) });
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [{ "range": range, "text": "7" }] }),
    );
    let broken = server.diagnostics(2);
    let total = broken
        .iter()
        .find(|d| d["code"] == "outcome-total" || d["code"] == "row-total")
        .unwrap_or_else(|| panic!("a total diagnostic: {broken:#?}"))
        .clone();
    assert_eq!(total["range"], range, "the diagnostic sits on the 7");

    // Ask for the code actions there and apply the fix's workspace edit.
    let actions = server.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": total["range"], "context": { "diagnostics": [total] } }),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["edit"]["changes"][URI][0]["newText"] == "0")
        .unwrap_or_else(|| panic!("a quick fix writing 0: {actions:#}"))
        .clone();
    let changes: Vec<Value> = fix["edit"]["changes"][URI]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| json!({ "range": e["range"], "text": e["newText"] }))
        .collect();
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 3 }, "contentChanges": changes }),
    );
    let fixed = server.diagnostics(3);
    for code in ["outcome-total", "row-total", "balance"] {
        assert!(!codes(&fixed).contains(&code), "{code} is gone: {fixed:#?}");
    }

    assert_eq!(server.request("shutdown", Value::Null), Value::Null);
    server.notify("exit", Value::Null);
    let (status, stderr) = server.finish();
    assert_eq!(status.code(), Some(0), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn the_server_exits_with_0_when_stdin_closes_and_survives_malformed_messages() {
    let mut server = Server::start();
    initialize(&mut server);
    server.send_raw(b"{\"jsonrpc\":\"2.0\",\"method\":");
    let err = server.wait("the parse error", |m| m.get("error").is_some());
    assert_eq!(err["error"]["code"], -32700, "{err}");
    // Still answering.
    let hover = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(hover, Value::Null);
    let (status, stderr) = server.finish();
    assert_eq!(status.code(), Some(0), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn version_prints_the_version() {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        format!("nianbao {}", env!("CARGO_PKG_VERSION"))
    );
}
