//! This file owns the in-process test client: it drives the server's `LspService` with JSON-RPC
//! requests (tower's `Service::call`), answers the server's own requests (`workspace/configuration`
//! with the settings the test chose, anything else with `null`), and collects what the server sends
//! so that a test can wait for one specific notification, with a timeout.
//!
//! It also owns the fixtures: a small, clean 2021 report (`fixtures/report.txt`, one table row per
//! line) and helpers that find text in it and compute positions in any encoding.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use nianbao_lsp::{build_service, Backend, LspService};
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::{Request, Response};

/// A clean 2021 report: no diagnostics.
pub const REPORT: &str = include_str!("../fixtures/report.txt");
/// The first row of table 三, all zero.
pub const NEW_ROW: &str = "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
/// The same row with a 总计 of 3 although every applicant column is 0 (a `row-total` error on the 3).
pub const NEW_ROW_BROKEN: &str = "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 3 |";
pub const URI: &str = "file:///work/%E5%B9%B4%E6%8A%A5.txt";

/// How long a test waits for one answer or notification before failing.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The report with `from` replaced by `to` (once; `from` must occur).
pub fn report_with(from: &str, to: &str) -> String {
    assert!(REPORT.contains(from), "the fixture has no {from:?}");
    REPORT.replacen(from, to, 1)
}

/// The column of a byte offset in one encoding ("utf-8", "utf-16" or "utf-32").
pub fn column(line: &str, enc: &str) -> u32 {
    (match enc {
        "utf-8" => line.len(),
        "utf-16" => line.encode_utf16().count(),
        "utf-32" => line.chars().count(),
        other => panic!("unknown encoding {other}"),
    }) as u32
}

/// The position (line, column in `enc`) of byte offset `offset` of `text`.
pub fn position(text: &str, offset: usize, enc: &str) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": column(&text[line_start..offset], enc) })
}

/// The range of the `nth` occurrence of `needle` in the line that contains `anchor`.
pub fn range_in_line(text: &str, anchor: &str, needle: &str, enc: &str) -> Value {
    let line_start = text.find(anchor).expect("anchor in text");
    let line_start = text[..line_start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let at = line_start
        + text[line_start..line_end]
            .rfind(needle)
            .expect("needle in line");
    json!({ "start": position(text, at, enc), "end": position(text, at + needle.len(), enc) })
}

/// Applies protocol text edits (in the coordinates of `text`, UTF-16) and returns the new text.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().unwrap() as usize;
        let col = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= col || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_owned();
    for (s, e, new) in spans {
        out.replace_range(s..e, new);
    }
    out
}

/// The text edits a workspace edit makes to `uri` (from `changes` or `documentChanges`).
pub fn workspace_edits(edit: &Value, uri: &str) -> Vec<Value> {
    if let Some(edits) = edit["changes"][uri].as_array() {
        return edits.clone();
    }
    edit["documentChanges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["textDocument"]["uri"] == uri)
        .flat_map(|d| d["edits"].as_array().cloned().unwrap_or_default())
        .collect()
}

/// The in-process client.
pub struct Client {
    pub service: LspService<Backend>,
    from_server: mpsc::UnboundedReceiver<Request>,
    /// Everything the server sent, in order.
    pub received: Vec<Request>,
    /// What `workspace/configuration` answers (one value per requested item).
    pub configuration: Arc<Mutex<Value>>,
    next_id: i64,
}

impl Client {
    /// Starts a server and initializes it with these client capabilities and initialization
    /// options; returns the client and the `initialize` result.
    pub async fn start(capabilities: Value, options: Value) -> (Client, Value) {
        Client::start_with(
            json!({ "capabilities": capabilities, "initializationOptions": options }),
        )
        .await
    }

    /// Starts a server and initializes it with these `initialize` parameters.
    pub async fn start_with(init: Value) -> (Client, Value) {
        let (service, socket) = build_service();
        let (tx, rx) = mpsc::unbounded_channel();
        let configuration = Arc::new(Mutex::new(Value::Null));
        let answers = Arc::clone(&configuration);
        tokio::spawn(async move {
            let (mut requests, mut responses) = socket.split();
            while let Some(req) = requests.next().await {
                if let Some(id) = req.id().cloned() {
                    let result = match req.method() {
                        "workspace/configuration" => {
                            let n = req
                                .params()
                                .and_then(|p| p["items"].as_array())
                                .map_or(1, Vec::len);
                            let value = answers.lock().unwrap().clone();
                            Value::Array(vec![value; n])
                        }
                        _ => Value::Null,
                    };
                    if responses.send(Response::from_ok(id, result)).await.is_err() {
                        break;
                    }
                }
                if tx.send(req).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            service,
            from_server: rx,
            received: Vec::new(),
            configuration,
            next_id: 0,
        };
        let result = client.request("initialize", init).await;
        client.notify("initialized", json!({})).await;
        (client, result)
    }

    /// Sends a request; returns the whole response (result or error).
    pub async fn call(&mut self, method: &str, params: Value) -> Response {
        self.next_id += 1;
        let req = Request::build(method.to_owned())
            .params(params)
            .id(self.next_id)
            .finish();
        let fut = self
            .service
            .ready()
            .await
            .expect("the service is ready")
            .call(req);
        tokio::time::timeout(TIMEOUT, fut)
            .await
            .unwrap_or_else(|_| panic!("no answer to {method} within {TIMEOUT:?}"))
            .expect("the server has not exited")
            .expect("a request gets a response")
    }

    /// Sends a request and returns its result, failing the test on an error.
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let resp = self.call(method, params).await;
        let (_, body) = resp.into_parts();
        body.unwrap_or_else(|e| panic!("{method} failed: {e:?}"))
    }

    /// Sends a notification (whose handler has run when this returns).
    pub async fn notify(&mut self, method: &str, params: Value) {
        let req = Request::build(method.to_owned()).params(params).finish();
        let fut = self
            .service
            .ready()
            .await
            .expect("the service is ready")
            .call(req);
        let resp = tokio::time::timeout(TIMEOUT, fut)
            .await
            .expect("the notification is handled in time");
        assert_eq!(resp, Ok(None), "a notification gets no response");
    }

    /// Waits for the next message from the server with this method whose parameters satisfy `pred`;
    /// returns its parameters. Earlier messages stay in `received`.
    pub async fn wait_for(&mut self, method: &str, mut pred: impl FnMut(&Value) -> bool) -> Value {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            let next = tokio::time::timeout_at(deadline, self.from_server.recv())
                .await
                .unwrap_or_else(|_| {
                    panic!(
                        "no {method} as expected within {TIMEOUT:?}; received: {:#?}",
                        self.summary()
                    )
                })
                .expect("the server's message stream is open");
            let params = next.params().cloned().unwrap_or(Value::Null);
            let hit = next.method() == method && pred(&params);
            self.received.push(next);
            if hit {
                return params;
            }
        }
    }

    /// Waits for the diagnostics of `uri` at `version`.
    pub async fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let params = self
            .wait_for("textDocument/publishDiagnostics", |p| {
                p["uri"] == uri && p["version"] == version
            })
            .await;
        params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// A one-line description of each message received so far.
    pub fn summary(&self) -> Vec<String> {
        self.received
            .iter()
            .map(|r| {
                let p = r.params().cloned().unwrap_or(Value::Null);
                format!(
                    "{} version={} {}",
                    r.method(),
                    p["version"],
                    p["diagnostics"].as_array().map_or(String::new(), |d| {
                        d.iter()
                            .map(|d| d["code"].as_str().unwrap_or("?").to_owned())
                            .collect::<Vec<_>>()
                            .join(",")
                    })
                )
            })
            .collect()
    }

    pub async fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "plaintext", "version": version, "text": text } }),
        )
        .await;
    }

    /// Sends one `didChange` with these content changes.
    pub async fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        )
        .await;
    }
}

/// The diagnostics with this code.
pub fn with_code<'a>(diags: &'a [Value], code: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

/// The codes of a list of diagnostics.
pub fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("?").to_owned())
        .collect()
}
