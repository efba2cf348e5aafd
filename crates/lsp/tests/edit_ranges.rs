//! Every range the language server sends is a valid range in the position encoding it negotiated
//! (UTF-8, UTF-16 or UTF-32): on an existing line, no further than the line's end, and never inside
//! a character (half of a surrogate pair, a byte inside a CJK character). And every edit it
//! proposes (quick fixes, "fix all totals", the table 二 conversion, formatting, the fixes in a
//! diagnostic's `data`), applied by a client in that encoding, gives exactly the text that the
//! core's own edits give. The inputs are the seed reports with errors planted in them, characters
//! outside the Basic Multilingual Plane before their title and in a label, and Windows line breaks.
//!
//! The positions are checked by a converter written here, independently of the server's.

mod common;

use common::{workspace_edits, Client};
use nianbao_core::features::actions::{apply, code_actions};
use nianbao_core::features::format::format_tables;
use nianbao_core::features::Snapshot;
use nianbao_core::text::TextRange;
use nianbao_core::{analyze, Lang, ParseOptions};
use serde_json::{json, Value};

const SEEDS: [&str; 5] = [
    include_str!("../../../tests/corpus/seeds/000_e22fc2599b138d8b.txt"),
    include_str!("../../../tests/corpus/seeds/001_de67b3003fa77aa1.txt"),
    include_str!("../../../tests/corpus/seeds/002_763b898b65aef6cb.txt"),
    include_str!("../../../tests/corpus/seeds/003_04358ba433e2261a.txt"),
    include_str!("../../../tests/corpus/seeds/004_d6d84b68e1105486.txt"),
];

const ENCODINGS: [&str; 3] = ["utf-8", "utf-16", "utf-32"];

/// The test documents: every seed, with 𠮷 and 😀 before the title, and seed 001 with a wrong total,
/// a label typo and an astral character inside a label, with Windows line breaks.
fn documents() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, seed) in SEEDS.iter().enumerate() {
        out.push((format!("file:///seed{i}.txt"), format!("𠮷😀{seed}")));
    }
    let broken = SEEDS[1]
        .replacen(
            "(七)总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "(七)总计 | 0 | 0 | 0 | 0 | 0 | 0 | 7 |",
            1,
        )
        .replacen("\n行政处罚 | 2 |", "\n政处罚 | 2 |", 1)
        .replacen("行政强制", "行政𠮷强制", 1)
        .replace('\n', "\r\n");
    assert_ne!(broken, SEEDS[1].replace('\n', "\r\n"), "the plants apply");
    out.push(("file:///broken.txt".to_owned(), broken));
    out
}

/// The lines of a text as (start, end without the line break), split at `\n`, `\r\n` and `\r`.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let (mut out, mut start, mut i) = (Vec::new(), 0, 0);
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            out.push((start, i));
            i += if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            start = i;
        } else {
            i += 1;
        }
    }
    out.push((start, b.len()));
    out
}

fn units(c: char, enc: &str) -> usize {
    match enc {
        "utf-8" => c.len_utf8(),
        "utf-16" => c.len_utf16(),
        _ => 1,
    }
}

/// The byte offset of a protocol position, or why it is not a valid position of `text` in `enc`.
fn offset(text: &str, pos: &Value, enc: &str) -> Result<usize, String> {
    let (line, col) = (
        pos["line"].as_u64().ok_or("no line")? as usize,
        pos["character"].as_u64().ok_or("no character")? as usize,
    );
    let all = lines(text);
    let &(start, end) = all
        .get(line)
        .ok_or_else(|| format!("line {line} of {}", all.len()))?;
    let mut seen = 0;
    for (i, c) in text[start..end].char_indices() {
        if seen == col {
            return Ok(start + i);
        }
        seen += units(c, enc);
        if seen > col {
            return Err(format!("{pos} is inside the character {c:?}"));
        }
    }
    if seen == col {
        Ok(end)
    } else {
        Err(format!(
            "{pos} is past the end of line {line} ({seen} units)"
        ))
    }
}

/// The byte range of a protocol range, checked.
fn byte_range(text: &str, range: &Value, enc: &str, what: &str) -> TextRange {
    let start = offset(text, &range["start"], enc).unwrap_or_else(|e| panic!("{what}: {e}"));
    let end = offset(text, &range["end"], enc).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(start <= end, "{what}: reversed range {range}");
    TextRange::new(start, end)
}

/// Applies protocol text edits in `enc`, as a client does: ranges checked, applied from the last.
fn apply_lsp(text: &str, edits: &[Value], enc: &str, what: &str) -> String {
    let mut spans: Vec<(TextRange, String)> = edits
        .iter()
        .map(|e| {
            (
                byte_range(text, &e["range"], enc, what),
                e["newText"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    spans.sort_by_key(|(r, _)| (r.start, r.end));
    for w in spans.windows(2) {
        assert!(
            w[0].0.end <= w[1].0.start,
            "{what}: overlapping edits {:?} and {:?}",
            w[0].0,
            w[1].0
        );
    }
    let mut out = text.to_owned();
    for (r, new) in spans.iter().rev() {
        out.replace_range(r.start..r.end, new);
    }
    out
}

/// The protocol position of byte `offset` in `enc`.
fn position(text: &str, at: usize, enc: &str) -> Value {
    let all = lines(text);
    let line = all.iter().rposition(|&(s, _)| s <= at).unwrap_or(0);
    let col: usize = text[all[line].0..at].chars().map(|c| units(c, enc)).sum();
    json!({ "line": line, "character": col })
}

/// Checks one document; returns how many fixes, code actions and completion items were checked.
async fn check_document(client: &mut Client, uri: &str, text: &str, enc: &str) -> [usize; 3] {
    let mut checked = [0; 3];
    let a = analyze(text, &ParseOptions::default());
    let snap = Snapshot {
        text,
        analysis: &a,
        lang: Lang::Zh,
    };
    client.open(uri, 1, text).await;
    let diags = client.diagnostics(uri, 1).await;
    assert_eq!(
        diags.len(),
        if a.report.is_report {
            a.diagnostics.len()
        } else {
            0
        },
        "{uri} {enc}"
    );
    for (d, core) in diags.iter().zip(&a.diagnostics) {
        let what = format!("{uri} {enc} diagnostic {}", d["code"]);
        assert_eq!(
            byte_range(text, &d["range"], enc, &what),
            core.range,
            "{what}"
        );
        // The fixes carried in `data`, and the code actions at the diagnostic.
        for (fix, core_fix) in d["data"]["fixes"]
            .as_array()
            .into_iter()
            .flatten()
            .zip(&core.fixes)
        {
            let edits = fix["edits"].as_array().cloned().unwrap_or_default();
            let expected = apply(text, &core_fix.edits).expect("the core's fix applies");
            assert_eq!(
                apply_lsp(text, &edits, enc, &what),
                expected,
                "{what}: data.fixes"
            );
            checked[0] += 1;
        }
        let actions = client
            .request("textDocument/codeAction", json!({ "textDocument": { "uri": uri }, "range": d["range"], "context": { "diagnostics": [d] } }))
            .await;
        let mut got: Vec<(String, String)> = actions
            .as_array()
            .into_iter()
            .flatten()
            .map(|act| {
                let title = act["title"].as_str().unwrap_or("").to_owned();
                let edits = workspace_edits(&act["edit"], uri);
                let what = format!("{what} action “{title}”");
                (title, apply_lsp(text, &edits, enc, &what))
            })
            .collect();
        let mut expected: Vec<(String, String)> = code_actions(&snap, core.range)
            .into_iter()
            .filter(|x| !x.edits.is_empty())
            .map(|x| {
                (
                    x.title,
                    apply(text, &x.edits).expect("the core's action applies"),
                )
            })
            .collect();
        got.sort();
        expected.sort();
        assert!(
            got == expected,
            "{what}: the actions differ from the core's"
        );
        checked[1] += got.len();
    }
    // Formatting.
    let edits = client
        .request("textDocument/formatting", json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 4, "insertSpaces": true } }))
        .await;
    let expected = apply(text, &format_tables(&snap)).expect("formatting applies");
    let what = format!("{uri} {enc} formatting");
    assert_eq!(
        apply_lsp(
            text,
            edits.as_array().map_or(&[][..], Vec::as_slice),
            enc,
            &what
        ),
        expected,
        "{what}"
    );
    // Completion at the start, middle and end of every tenth line; hover there too.
    for (n, &(start, end)) in lines(text).iter().enumerate().step_by(10) {
        let mid = text[start..end]
            .char_indices()
            .nth(3)
            .map_or(end, |(i, _)| start + i);
        for at in [start, mid, end] {
            let pos = position(text, at, enc);
            let what = format!("{uri} {enc} line {n} at {pos}");
            let items = client
                .request(
                    "textDocument/completion",
                    json!({ "textDocument": { "uri": uri }, "position": pos }),
                )
                .await;
            for item in items.as_array().into_iter().flatten() {
                let r = byte_range(text, &item["textEdit"]["range"], enc, &what);
                assert!(
                    r.end == at && r.start >= start,
                    "{what}: completion “{}” replaces {r:?}",
                    item["label"]
                );
                checked[2] += 1;
            }
            let hover = client
                .request(
                    "textDocument/hover",
                    json!({ "textDocument": { "uri": uri }, "position": pos }),
                )
                .await;
            if !hover.is_null() {
                byte_range(text, &hover["range"], enc, &format!("{what} hover"));
            }
        }
    }
    // Inlay hints, symbols and folding ranges.
    let whole = json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 1_000_000, "character": 0 } });
    let hints = client
        .request(
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": uri }, "range": whole }),
        )
        .await;
    for h in hints.as_array().into_iter().flatten() {
        offset(text, &h["position"], enc).unwrap_or_else(|e| panic!("{uri} {enc} inlay hint: {e}"));
    }
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await;
    fn walk(text: &str, s: &Value, enc: &str, what: &str) {
        let r = byte_range(text, &s["range"], enc, what);
        let sel = byte_range(text, &s["selectionRange"], enc, what);
        assert!(
            r.start <= sel.start && sel.end <= r.end,
            "{what}: the selection is outside the range"
        );
        for c in s["children"].as_array().into_iter().flatten() {
            walk(text, c, enc, what);
        }
    }
    for s in symbols.as_array().into_iter().flatten() {
        walk(text, s, enc, &format!("{uri} {enc} symbol {}", s["name"]));
    }
    let folds = client
        .request(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await;
    let line_count = lines(text).len() as u64;
    for f in folds.as_array().into_iter().flatten() {
        let (s, e) = (
            f["startLine"].as_u64().unwrap(),
            f["endLine"].as_u64().unwrap(),
        );
        assert!(s < e && e < line_count, "{uri} {enc} folding range {f}");
    }
    checked
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_range_is_valid_in_the_negotiated_encoding_and_every_edit_gives_the_cores_text() {
    for enc in ENCODINGS {
        let caps = json!({
            "general": { "positionEncodings": [enc] },
            "textDocument": {
                "completion": { "completionItem": { "snippetSupport": true } },
                "documentSymbol": { "hierarchicalDocumentSymbolSupport": true },
            },
        });
        let (mut client, init) = Client::start(caps, Value::Null).await;
        assert_eq!(init["capabilities"]["positionEncoding"], enc);
        let mut checked = [0; 3];
        for (uri, text) in documents() {
            let n = check_document(&mut client, &uri, &text, enc).await;
            checked = [checked[0] + n[0], checked[1] + n[1], checked[2] + n[2]];
        }
        // The documents hold fixes, actions and completion items to check.
        assert!(
            checked.iter().all(|&n| n >= 5),
            "{enc}: checked (fixes, actions, completion items) {checked:?}"
        );
    }
}
