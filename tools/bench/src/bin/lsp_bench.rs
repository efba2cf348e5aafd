//! The LSP latency benchmark: drives the real `nianbao server` binary over stdio, as an editor
//! does, and prints the median and p99 of what a user waits for: start-up (spawn → initialize
//! answered), opening (didOpen → first diagnostics), a keystroke (didChange → publishDiagnostics of
//! its version, one edit at a time, in a table cell and in a narrative line), completion and hover;
//! and the server's resident memory before and after opening a large document.
//!
//! Usage: `lsp_bench [--bin PATH] [--edits N] [--quick] [--only WORDS] [--memory]` (the binary
//! defaults to `target/release/nianbao`). Every keystroke run is also made with full-text sync (the
//! whole text sent with each edit, so that the server parses it from scratch), to show what the
//! incremental path buys.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use nianbao_bench::{
    cell_after, long_narrative, narrative_line_end, summary, typical, utf16_position,
};
use serde_json::{json, Value};

/// What the reader thread passes on: the message and when its last byte arrived.
struct Incoming {
    at: Instant,
    msg: Value,
}

/// A running server and the client's end of its pipes.
struct Server {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Incoming>,
    next_id: u64,
}

impl Server {
    fn spawn(bin: &str) -> Server {
        let mut child = Command::new(bin)
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if std::env::var_os("NIANBAO_BENCH_STDERR").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin}: {e}"));
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::with_capacity(1 << 20, stdout);
            loop {
                let mut len = None;
                let mut line = String::new();
                loop {
                    line.clear();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let l = line.trim_end();
                    if l.is_empty() {
                        break;
                    }
                    if let Some(v) = l.strip_prefix("Content-Length:") {
                        len = v.trim().parse::<usize>().ok();
                    }
                }
                let Some(len) = len else { return };
                let mut body = vec![0u8; len];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let at = Instant::now();
                // Diagnostics are large for big documents: only the envelope is kept.
                let msg: Value = match serde_json::from_slice::<Value>(&body) {
                    Ok(mut v) => {
                        if let Some(p) = v.get_mut("params").and_then(|p| p.get_mut("diagnostics"))
                        {
                            let n = p.as_array().map_or(0, Vec::len);
                            *p = json!(n);
                        }
                        v
                    }
                    Err(_) => continue,
                };
                if tx.send(Incoming { at, msg }).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin,
            rx,
            next_id: 1,
        }
    }

    fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).expect("json");
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(&body);
        self.stdin.write_all(&frame).expect("write to the server");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its id.
    fn request(&mut self, method: &str, params: Value) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Waits for the first message that `want` accepts, answering the server's own requests
    /// meanwhile.
    fn wait(&mut self, mut want: impl FnMut(&Value) -> bool) -> Incoming {
        loop {
            let inc = self
                .rx
                .recv_timeout(Duration::from_secs(120))
                .expect("the server answers within two minutes");
            if inc.msg.get("method").is_some() && inc.msg.get("id").is_some() {
                let id = inc.msg["id"].clone();
                self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": null }));
                continue;
            }
            if want(&inc.msg) {
                return inc;
            }
        }
    }

    fn response(&mut self, id: u64) -> Incoming {
        self.wait(|m| m.get("id").and_then(Value::as_u64) == Some(id) && m.get("method").is_none())
    }

    fn diagnostics(&mut self, uri: &str, version: i64) -> Incoming {
        self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        })
    }

    fn initialize(&mut self) -> Incoming {
        let id = self.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": { "language": "zh" } }),
        );
        let r = self.response(id);
        self.notify("initialized", json!({}));
        r
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "plaintext", "version": 1, "text": text } }),
        );
    }

    /// Resident memory of the server, in KiB.
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    fn stop(mut self) {
        let id = self.request("shutdown", Value::Null);
        self.response(id);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

/// Median, p99 and max of durations, in milliseconds.
fn stats(mut v: Vec<Duration>) -> (f64, f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| ms(v[((v.len() as f64 - 1.0) * q).round() as usize]);
    (at(0.5), at(0.99), ms(*v.last().expect("samples")))
}

fn row(name: &str, samples: Vec<Duration>) {
    let n = samples.len();
    let (med, p99, max) = stats(samples);
    println!("| {name} | {n} | {med:.2} | {p99:.2} | {max:.2} |");
}

/// How the text of a keystroke is sent.
#[derive(Clone, Copy, PartialEq)]
enum Sync {
    /// The edit's range and text (what editors do).
    Incremental,
    /// The whole new text (the server then parses it from scratch).
    Full,
}

/// Types `edits` single characters one at a time at `offset` of a document opened with `text`, each
/// waiting for the diagnostics of its version. In a cell, a digit is typed and deleted in turn; in
/// a narrative line, Chinese characters are typed one after another.
fn keystrokes(
    s: &mut Server,
    uri: &str,
    text: &str,
    offset: usize,
    in_cell: bool,
    edits: usize,
    sync: Sync,
) -> Vec<Duration> {
    s.open(uri, text);
    s.diagnostics(uri, 1);
    let mut doc = text.to_owned();
    let (line, col) = utf16_position(text, offset);
    let typed: Vec<char> = "依法保障人民群众的知情权参与权和监督权".chars().collect();
    let mut col_now = col;
    let mut out = Vec::with_capacity(edits);
    let mut byte_at = offset;
    for k in 0..edits {
        let version = 2 + k as i64;
        let (range, new_text) = if in_cell {
            if k % 2 == 0 {
                doc.insert(byte_at, '7');
                (
                    json!({ "start": { "line": line, "character": col }, "end": { "line": line, "character": col } }),
                    "7".to_owned(),
                )
            } else {
                doc.remove(byte_at);
                (
                    json!({ "start": { "line": line, "character": col }, "end": { "line": line, "character": col + 1 } }),
                    String::new(),
                )
            }
        } else {
            let c = typed[k % typed.len()];
            doc.insert(byte_at, c);
            byte_at += c.len_utf8();
            let r = json!({ "start": { "line": line, "character": col_now }, "end": { "line": line, "character": col_now } });
            col_now += c.len_utf16() as u32;
            (r, c.to_string())
        };
        let change = match sync {
            Sync::Incremental => json!({ "range": range, "text": new_text }),
            Sync::Full => json!({ "text": doc }),
        };
        let params = json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] });
        let start = Instant::now();
        s.notify("textDocument/didChange", params);
        let got = s.diagnostics(uri, version);
        out.push(got.at.duration_since(start));
    }
    s.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let quick = args.iter().any(|a| a == "--quick");
    let bin = arg("--bin").unwrap_or_else(|| "target/release/nianbao".to_owned());
    let edits: usize = arg("--edits")
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 40 } else { 200 });
    let big: usize = arg("--big-mb")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(5)
        << 20;
    let repeats = if quick { 5 } else { 20 };
    // `--only WORDS`: only the keystroke runs whose name contains WORDS (to profile one of them).
    let only = arg("--only");
    // `--memory`: only the resident memory of the large documents.
    let memory_only = args.iter().any(|a| a == "--memory");

    let typical = typical();
    let narrative = long_narrative(big);
    let summary = summary(big);
    println!(
        "documents: typical {} KB, long narrative {:.1} MB, 汇总 {:.1} MB ({} reports); {edits} keystrokes per run",
        typical.len() / 1024,
        narrative.len() as f64 / 1048576.0,
        summary.len() as f64 / 1048576.0,
        summary.matches("一、总体情况").count()
    );
    if memory_only {
        memory(&bin, &narrative, &summary);
        return;
    }
    println!();
    println!("| measurement | n | median ms | p99 ms | max ms |");
    println!("|---|---|---|---|---|");

    // Start-up: spawn → initialize answered.
    let mut startup = Vec::new();
    for _ in 0..repeats {
        let t = Instant::now();
        let mut s = Server::spawn(&bin);
        let r = s.initialize();
        startup.push(r.at.duration_since(t));
        s.stop();
    }
    row("spawn → initialize answered", startup);

    let mut s = Server::spawn(&bin);
    s.initialize();
    // Opening: didOpen → first diagnostics.
    let mut open = Vec::new();
    for k in 0..repeats {
        let uri = format!("file:///bench/open{k}.txt");
        let t = Instant::now();
        s.open(&uri, &typical);
        let got = s.diagnostics(&uri, 1);
        open.push(got.at.duration_since(t));
        s.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    }
    row("didOpen → diagnostics, typical", open);

    // Completion and hover on the typical report.
    let uri = "file:///bench/features.txt";
    s.open(uri, &typical);
    s.diagnostics(uri, 1);
    let label_at = typical
        .find("（七）总计")
        .or_else(|| typical.find("(七)总计"))
        .expect("a （七）总计 row");
    let (l, _) = utf16_position(&typical, label_at);
    let cell = cell_after(&typical, "（七）总计", 0)
        .or_else(|| cell_after(&typical, "(七)总计", 0))
        .expect("a cell");
    let (cl, cc) = utf16_position(&typical, cell - 1);
    let n = if quick { 20 } else { 100 };
    let mut completion = Vec::new();
    let mut hover = Vec::new();
    for _ in 0..n {
        let t = Instant::now();
        let id = s.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": { "line": l, "character": 0 } }),
        );
        completion.push(s.response(id).at.duration_since(t));
        let t = Instant::now();
        let id = s.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": cl, "character": cc } }),
        );
        hover.push(s.response(id).at.duration_since(t));
    }
    row("completion, typical", completion);
    row("hover on a total, typical", hover);
    s.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );

    // Keystrokes.
    let cell_typical = cell_after(&typical, "行政复议", 0).expect("a 行政复议 cell");
    let line_typical = narrative_line_end(&typical, typical.find("一、总体情况").unwrap_or(0))
        .expect("a narrative line");
    let cell_narr = cell_after(&narrative, "行政复议", 0).expect("a 行政复议 cell");
    let line_narr = narrative_line_end(&narrative, narrative.len() / 2).expect("a narrative line");
    let reports = summary.matches("一、总体情况").count();
    let cell_sum = cell_after(&summary, "（七）总计", reports / 4)
        .or_else(|| cell_after(&summary, "(七)总计", reports / 4))
        .expect("a cell");
    let line_sum = narrative_line_end(&summary, summary.len() / 2).expect("a narrative line");
    let runs: [(&str, &str, usize, bool); 6] = [
        ("typical, table cell", &typical, cell_typical, true),
        ("typical, narrative line", &typical, line_typical, false),
        ("5 MB narrative, table cell", &narrative, cell_narr, true),
        (
            "5 MB narrative, narrative line",
            &narrative,
            line_narr,
            false,
        ),
        ("5 MB 汇总, table cell", &summary, cell_sum, true),
        ("5 MB 汇总, narrative line", &summary, line_sum, false),
    ];
    if let Some(only) = &only {
        for (k, (name, text, at, in_cell)) in runs
            .iter()
            .enumerate()
            .filter(|(_, r)| r.0.contains(only.as_str()))
        {
            let uri = format!("file:///bench/only{k}.txt");
            row(
                &format!("keystroke → diagnostics, {name}"),
                keystrokes(&mut s, &uri, text, *at, *in_cell, edits, Sync::Incremental),
            );
        }
        s.stop();
        return;
    }
    for (k, (name, text, at, in_cell)) in runs.iter().enumerate() {
        let uri = format!("file:///bench/edit{k}.txt");
        row(
            &format!("keystroke → diagnostics, {name}"),
            keystrokes(&mut s, &uri, text, *at, *in_cell, edits, Sync::Incremental),
        );
    }
    // The same with full-text sync: every edit parsed from scratch.
    for (k, (name, text, at, in_cell)) in runs.iter().enumerate() {
        let big = text.len() > 1 << 20;
        let n = if big { (edits / 10).max(4) } else { edits };
        let uri = format!("file:///bench/full{k}.txt");
        row(
            &format!("full-text sync (full re-parse), {name}"),
            keystrokes(&mut s, &uri, text, *at, *in_cell, n, Sync::Full),
        );
    }
    s.stop();

    memory(&bin, &narrative, &summary);
}

/// Memory: a fresh server, before and after opening each large document.
fn memory(bin: &str, narrative: &str, summary: &str) {
    println!();
    println!("| resident memory of the server | KiB | × the document |");
    println!("|---|---|---|");
    for (name, text) in [("5 MB narrative", narrative), ("5 MB 汇总", summary)] {
        let mut s = Server::spawn(bin);
        s.initialize();
        std::thread::sleep(Duration::from_millis(100));
        let before = s.rss_kib();
        let uri = "file:///bench/memory.txt";
        s.open(uri, text);
        s.diagnostics(uri, 1);
        let ratio = |kib: u64| (kib.saturating_sub(before) * 1024) as f64 / text.len() as f64;
        // Right after the diagnostics, and at rest (the server hands freed memory back after 300
        // ms).
        let after = s.rss_kib();
        std::thread::sleep(Duration::from_millis(1000));
        let rest = s.rss_kib();
        println!("| {name}: before opening | {before} | |");
        println!(
            "| {name}: open, diagnostics just published | {after} | {:.2} |",
            ratio(after)
        );
        println!(
            "| {name}: open, at rest (1 s later) | {rest} | {:.2} |",
            ratio(rest)
        );
        // After some edits, as while typing.
        let at = narrative_line_end(text, text.len() / 2).expect("a narrative line");
        let (line, col) = utf16_position(text, at);
        for v in 2..22 {
            let range = json!({ "start": { "line": line, "character": col }, "end": { "line": line, "character": col } });
            s.notify(
                "textDocument/didChange",
                json!({ "textDocument": { "uri": uri, "version": v }, "contentChanges": [{ "range": range, "text": "字" }] }),
            );
            s.diagnostics(uri, v);
        }
        let edited = s.rss_kib();
        std::thread::sleep(Duration::from_millis(1000));
        let rest = s.rss_kib();
        println!(
            "| {name}: after 20 edits, just published | {edited} | {:.2} |",
            ratio(edited)
        );
        println!(
            "| {name}: after 20 edits, at rest (1 s later) | {rest} | {:.2} |",
            ratio(rest)
        );
        s.stop();
    }
}
