//! This file owns the in-process tests of the language server: each drives the `LspService` as an
//! editor would and asserts what the user would see (diagnostics with their codes, ranges, versions
//! and messages; code actions; completion items; the server's view of the text).

mod common;

use common::*;
use futures::StreamExt;
use serde_json::{json, Value};
use tower::{Service, ServiceExt};
use tower_lsp_server::jsonrpc::{ErrorCode, Request};

fn plain_caps() -> Value {
    json!({})
}

/// Opens the fixture with the first row of table 三 broken and returns its diagnostics.
async fn open_broken(client: &mut Client) -> Vec<Value> {
    client
        .open(URI, 1, &report_with(NEW_ROW, NEW_ROW_BROKEN))
        .await;
    client.diagnostics(URI, 1).await
}

// ---------------------------------------------------------------------------------------------------
// Diagnostics

#[tokio::test]
async fn opening_a_report_publishes_its_diagnostics_with_code_and_range() {
    let (mut client, _) = Client::start(plain_caps(), Value::Null).await;
    let text = report_with(NEW_ROW, NEW_ROW_BROKEN);
    client.open(URI, 1, &text).await;
    let diags = client.diagnostics(URI, 1).await;
    let row_total = with_code(&diags, "row-total");
    assert_eq!(row_total.len(), 1, "{diags:#?}");
    let d = row_total[0];
    assert_eq!(
        d["range"],
        range_in_line(&text, NEW_ROW_BROKEN, "3", "utf-16")
    );
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "nianbao");
    assert!(d["message"].as_str().unwrap().contains("应为 0"), "{d}");
    assert_eq!(d["data"]["expected"], 0);
    assert_eq!(d["data"]["fixes"][0]["edits"][0]["newText"], "0");
}

#[tokio::test]
async fn a_clean_report_and_a_text_that_is_no_report_get_empty_lists() {
    let (mut client, _) = Client::start(plain_caps(), Value::Null).await;
    client.open(URI, 1, REPORT).await;
    assert_eq!(client.diagnostics(URI, 1).await, Vec::<Value>::new());
    client
        .open("file:///notes.txt", 7, "今天开会。\n一、买菜\n")
        .await;
    assert_eq!(
        client.diagnostics("file:///notes.txt", 7).await,
        Vec::<Value>::new()
    );
}

#[tokio::test]
async fn an_incremental_edit_that_breaks_a_total_is_reported_with_its_version() {
    let (mut client, _) = Client::start(plain_caps(), Value::Null).await;
    client.open(URI, 1, REPORT).await;
    assert!(client.diagnostics(URI, 1).await.is_empty());
    let total = range_in_line(REPORT, NEW_ROW, "0", "utf-16");
    client
        .change(URI, 2, json!([{ "range": total, "text": "3" }]))
        .await;
    let diags = client.diagnostics(URI, 2).await;
    let text = report_with(NEW_ROW, NEW_ROW_BROKEN);
    let row_total = with_code(&diags, "row-total");
    assert_eq!(row_total.len(), 1, "{diags:#?}");
    assert_eq!(
        row_total[0]["range"],
        range_in_line(&text, NEW_ROW_BROKEN, "3", "utf-16")
    );
}

#[tokio::test]
async fn applying_the_quick_fix_removes_the_diagnostic() {
    let (mut client, _) = Client::start(plain_caps(), Value::Null).await;
    let diags = open_broken(&mut client).await;
    let d = with_code(&diags, "row-total")[0].clone();
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": URI },
                "range": d["range"],
                "context": { "diagnostics": [d], "only": ["quickfix"] },
            }),
        )
        .await;
    let actions = actions.as_array().expect("a list of actions");
    assert!(
        actions.iter().all(|a| a["kind"] == "quickfix"),
        "{actions:#?}"
    );
    let fix = actions
        .iter()
        .find(|a| {
            workspace_edits(&a["edit"], URI)
                .iter()
                .any(|e| e["newText"] == "0")
        })
        .unwrap_or_else(|| panic!("a fix that writes the computed 0: {actions:#?}"));
    let edits = workspace_edits(&fix["edit"], URI);
    let changes: Vec<Value> = edits
        .iter()
        .map(|e| json!({ "range": e["range"], "text": e["newText"] }))
        .collect();
    client.change(URI, 2, Value::Array(changes)).await;
    let after = client.diagnostics(URI, 2).await;
    assert!(with_code(&after, "row-total").is_empty(), "{after:#?}");
    let (_, text) = client
        .service
        .inner()
        .document_text(&URI.parse().unwrap())
        .unwrap();
    assert_eq!(text, REPORT);
}

#[tokio::test]
async fn closing_a_document_clears_its_diagnostics() {
    let (mut client, _) = Client::start(plain_caps(), Value::Null).await;
    assert!(!open_broken(&mut client).await.is_empty());
    client
        .notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    let params = client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == URI && p["diagnostics"] == json!([])
        })
        .await;
    assert!(params["version"].is_null(), "{params}");
    // A request about the closed document answers null.
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 0 } }),
        )
        .await;
    assert_eq!(hover, Value::Null);
}

#[tokio::test]
async fn a_stale_edit_is_ignored() {
    let (mut client, _) = Client::start(plain_caps(), Value::Null).await;
    client.open(URI, 5, REPORT).await;
    assert!(client.diagnostics(URI, 5).await.is_empty());
    let total = range_in_line(REPORT, NEW_ROW, "0", "utf-16");
    client
        .change(URI, 3, json!([{ "range": total, "text": "3" }]))
        .await;
    let (version, text) = client
        .service
        .inner()
        .document_text(&URI.parse().unwrap())
        .unwrap();
    assert_eq!((version, text.as_str()), (5, REPORT));
    // The next valid edit is applied to the unchanged text.
    client
        .change(URI, 6, json!([{ "range": total, "text": "4" }]))
        .await;
    let diags = client.diagnostics(URI, 6).await;
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "row-total" && d["data"]["actual"] == 4),
        "{diags:#?}"
    );
    let versions: Vec<&Value> = client
        .received
        .iter()
        .filter(|r| r.method() == "textDocument/publishDiagnostics")
        .map(|r| &r.params().unwrap()["version"])
        .collect();
    assert!(!versions.contains(&&json!(3)), "{versions:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_a_thousand_edits_ends_in_the_clients_text_and_version() {
    let (mut client, _) = Client::start(plain_caps(), Value::Null).await;
    client.open(URI, 1, REPORT).await;
    let mut text = REPORT.to_owned();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut rand = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let chars = ['年', '报', '𠮷', 'a', '0', '|', '\n', ' '];
    let mut futures = Vec::new();
    for i in 0..1000 {
        let lines: Vec<&str> = text.split('\n').collect();
        let line = rand(lines.len());
        let units: Vec<u32> = std::iter::once(0)
            .chain(lines[line].chars().scan(0u32, |u, c| {
                *u += c.len_utf16() as u32;
                Some(*u)
            }))
            .collect();
        let k = rand(units.len());
        let edit = if i % 3 == 2 && k + 1 < units.len() {
            // Delete one character.
            json!({ "range": { "start": { "line": line, "character": units[k] }, "end": { "line": line, "character": units[k + 1] } }, "text": "" })
        } else {
            let at = json!({ "line": line, "character": units[k] });
            json!({ "range": { "start": at, "end": at }, "text": chars[rand(chars.len())].to_string() })
        };
        text = apply_edits(
            &text,
            &[json!({ "range": edit["range"], "newText": edit["text"] })],
        );
        let req = Request::build("textDocument/didChange")
            .params(json!({ "textDocument": { "uri": URI, "version": 2 + i }, "contentChanges": [edit] }))
            .finish();
        futures.push(client.service.ready().await.unwrap().call(req));
    }
    // The handlers run concurrently, as the real server runs them, while the worker analyses.
    let results: Vec<_> = futures::stream::iter(futures)
        .buffer_unordered(16)
        .collect()
        .await;
    assert!(results.iter().all(|r| r == &Ok(None)));
    let folds = client
        .request(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    assert!(folds.is_array());
    let (version, seen) = client
        .service
        .inner()
        .document_text(&URI.parse().unwrap())
        .unwrap();
    assert_eq!(version, 1001);
    assert!(seen == text, "the server's text differs from the client's");
    // The last diagnostics are those of the client's text, analysed from the text the server
    // patched edit by edit.
    let last: Vec<(String, Value, String)> = client
        .diagnostics(URI, 1001)
        .await
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["range"].clone(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(last, fresh_diagnostics(&text));
    assert_eq!(
        client.service.inner().analysed_text(&URI.parse().unwrap()),
        Some((1001, nianbao_core::text::to_simplified(&text).into_owned()))
    );
    let versions: Vec<i64> = client
        .received
        .iter()
        .filter(|r| r.method() == "textDocument/publishDiagnostics")
        .map(|r| r.params().unwrap()["version"].as_i64().unwrap())
        .collect();
    assert!(
        versions.windows(2).all(|w| w[0] < w[1]),
        "published out of order: {versions:?}"
    );
    assert!(
        versions.len() < 1000,
        "the edits of a burst are coalesced: {} publications",
        versions.len()
    );
    // No analysis failed.
    let errors: Vec<&Request> = client
        .received
        .iter()
        .filter(|r| r.method() == "window/logMessage" && r.params().unwrap()["type"] == 1)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// What a from-scratch analysis of `text` reports, as the server would publish it (UTF-16,
/// Chinese).
fn fresh_diagnostics(text: &str) -> Vec<(String, Value, String)> {
    let a = nianbao_core::analyze(text, &nianbao_core::ParseOptions::default());
    if !a.report.is_report {
        return Vec::new();
    }
    a.diagnostics
        .iter()
        .map(|d| {
            let range = json!({ "start": position(text, d.range.start, "utf-16"), "end": position(text, d.range.end, "utf-16") });
            (d.code.as_str().to_owned(), range, d.message(nianbao_core::Lang::Zh))
        })
        .collect()
}

#[tokio::test]
async fn after_every_edit_the_published_diagnostics_equal_a_fresh_analysis() {
    // Edits around the tables (from line 10 on), where an edit can move rows, tables and section
    // boundaries.
    let inserts = [
        "1",
        "0",
        " | ",
        "\n",
        "",
        "7",
        "三、收到和处理政府信息公开申请情况\n",
        "(七)总计 | 1 |",
        "政",
    ];
    let edits = RandomEdits {
        seed: 0x9e37_79b9_7f4a_7c15,
        inserts: &inserts,
        count: 60,
        first_line: 10,
        delete_lines: false,
    };
    random_edits_match_a_fresh_analysis(report_with(NEW_ROW, NEW_ROW_BROKEN), edits).await;
}

/// A 汇总: three units' reports one after another, the second with a wrong 总计 and a 2020 title (so
/// that its year is its own), the third with a page-header title in its middle.
fn summary_text() -> String {
    let second = report_with(NEW_ROW, NEW_ROW_BROKEN).replacen("某某局2021年", "某某县2021年", 1);
    let third = REPORT.replacen("某某局", "某某镇", 1).replacen(
        "二、主动公开政府信息情况",
        "某某镇2021年政府信息公开工作年度报告\n二、主动公开政府信息情况",
        1,
    );
    format!("{REPORT}{second}{third}")
}

#[tokio::test]
async fn in_a_summary_each_report_is_checked_on_its_own() {
    let (mut client, _) = Client::start(plain_caps(), Value::Null).await;
    let text = summary_text();
    client.open(URI, 1, &text).await;
    let diags = client.diagnostics(URI, 1).await;
    // The second report's wrong total (the balance it breaks is named in its message), and no
    // repeated sections although every heading comes thrice.
    assert_eq!(codes(&diags), ["row-total"], "{diags:#?}");
    let second = text.find("某某县").unwrap();
    let at = second + text[second..].find(NEW_ROW_BROKEN).unwrap();
    assert_eq!(
        diags[0]["range"]["start"],
        position(&text, at + NEW_ROW_BROKEN.rfind('3').unwrap(), "utf-16")
    );
    let third = text.find("某某镇").unwrap();
    let (first_line, last_line) = (
        position(&text, second, "utf-16")["line"].as_u64(),
        position(&text, third, "utf-16")["line"].as_u64(),
    );
    for d in &diags {
        let line = d["range"]["start"]["line"].as_u64();
        assert!(
            first_line <= line && line < last_line,
            "outside the second report: {d}"
        );
    }
}

#[tokio::test]
async fn in_a_summary_features_answer_from_the_report_under_the_cursor() {
    let (mut client, _) = Client::start(plain_caps(), Value::Null).await;
    // The first report has the same wrong total as the second, so that the second's diagnostics are
    // not the first published.
    let text = summary_text().replacen(NEW_ROW, NEW_ROW_BROKEN, 1);
    client.open(URI, 1, &text).await;
    let diags = client.diagnostics(URI, 1).await;
    assert_eq!(codes(&diags), ["row-total", "row-total"], "{diags:#?}");
    // The quick fix of the second report's wrong total names that published diagnostic and writes
    // the computed value into its cell.
    let d = with_code(&diags, "row-total")[1].clone();
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": URI }, "range": d["range"], "context": { "diagnostics": [d], "only": ["quickfix"] } }),
        )
        .await;
    let fix = actions
        .as_array()
        .and_then(|a| {
            a.iter().find(|a| {
                workspace_edits(&a["edit"], URI)
                    .iter()
                    .any(|e| e["newText"] == "0")
            })
        })
        .unwrap_or_else(|| panic!("a fix that writes 0: {actions:#?}"))
        .clone();
    assert_eq!(fix["diagnostics"], json!([d]), "{fix:#?}");
    assert_eq!(workspace_edits(&fix["edit"], URI)[0]["range"], d["range"]);
    // Hover on the third report's 总计 cell shows that report's sum, with a range in that report.
    let third = text.find("某某镇").unwrap();
    let line_start = third + text[third..].find(NEW_ROW).unwrap();
    let cell = line_start + NEW_ROW.rfind('0').unwrap();
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": URI }, "position": position(&text, cell, "utf-16") }),
        )
        .await;
    assert_eq!(
        hover["range"]["start"],
        position(&text, cell, "utf-16"),
        "{hover:#?}"
    );
    // The outline lists the six sections of each of the three reports.
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .filter(|n| n.starts_with("一"))
        .collect();
    assert_eq!(names.len(), 3, "{symbols:#?}");
}

/// The random edits of [`random_edits_match_a_fresh_analysis`].
struct RandomEdits<'a> {
    seed: u64,
    /// What an edit inserts in place of up to two characters.
    inserts: &'a [&'a str],
    count: i64,
    /// The first line an edit may touch.
    first_line: usize,
    /// Whether a fourth of the edits delete a whole line instead.
    delete_lines: bool,
}

/// Opens `text`, makes the random `edits`, and asserts after each that the published diagnostics
/// equal a fresh analysis of the client's text, that the text the server analysed is the client's,
/// and that nothing was logged (no analysis failed).
async fn random_edits_match_a_fresh_analysis(mut text: String, edits: RandomEdits<'_>) {
    let (mut client, _) = Client::start(plain_caps(), Value::Null).await;
    client.open(URI, 1, &text).await;
    client.diagnostics(URI, 1).await;
    let RandomEdits {
        mut seed,
        inserts,
        count,
        first_line,
        delete_lines,
    } = edits;
    let mut rand = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    for version in 2..2 + count {
        let lines: Vec<&str> = text.split('\n').collect();
        let line = first_line + rand(lines.len().saturating_sub(first_line));
        let chars: Vec<char> = lines[line].chars().collect();
        let whole_line = delete_lines && rand(4) == 0;
        let (from, to) = if whole_line {
            (0, chars.len())
        } else {
            let from = rand(chars.len() + 1);
            (from, (from + rand(3)).min(chars.len()))
        };
        let col = |k: usize| chars[..k].iter().map(|c| c.len_utf16()).sum::<usize>();
        let range = json!({ "start": { "line": line, "character": col(from) }, "end": { "line": line, "character": col(to) } });
        let new_text = if whole_line {
            ""
        } else {
            inserts[rand(inserts.len())]
        };
        text = apply_edits(&text, &[json!({ "range": range, "newText": new_text })]);
        client
            .change(URI, version, json!([{ "range": range, "text": new_text }]))
            .await;
        let published: Vec<(String, Value, String)> = client
            .diagnostics(URI, version)
            .await
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_owned(),
                    d["range"].clone(),
                    d["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            published,
            fresh_diagnostics(&text),
            "after edit {version} ({range} → {new_text:?})"
        );
        let analysed = client.service.inner().analysed_text(&URI.parse().unwrap());
        assert!(
            analysed
                == Some((
                    version as i32,
                    nianbao_core::text::to_simplified(&text).into_owned()
                )),
            "the analysed text after edit {version} is not the client's"
        );
    }
    let logged: Vec<&Value> = client
        .received
        .iter()
        .filter(|r| r.method() == "window/logMessage")
        .filter_map(|r| r.params())
        .collect();
    assert!(logged.is_empty(), "an analysis failed: {logged:#?}");
}

#[tokio::test]
async fn after_every_edit_in_a_summary_the_published_diagnostics_equal_a_fresh_analysis() {
    // Among the edits, some start a report (a title and 一), end one (a deleted line may be a title)
    // and change figures that only one report's checks read.
    let inserts = [
        "1",
        "\n",
        "",
        "7",
        "某某市2021年政府信息公开工作年度报告\n一、总体情况\n",
        "一、总体情况\n",
        "六、其他需要报告的事项\n",
        "政",
    ];
    let edits = RandomEdits {
        seed: 0x2545_f491_4f6c_dd1d,
        inserts: &inserts,
        count: 70,
        first_line: 0,
        delete_lines: true,
    };
    random_edits_match_a_fresh_analysis(summary_text(), edits).await;
}

#[tokio::test]
async fn after_every_edit_in_a_large_report_the_published_diagnostics_equal_a_fresh_analysis() {
    // Over 256 KB, the server writes each version's text into the buffer of the version before
    // last, patched in place; that text (traditional characters typed in folded) is compared with
    // the client's after every edit.
    let line = "本机关持续深化政务公开工作，围绕中心工作紧扣群众关切，不断提升政府工作透明度和公信力，推动各项工作取得实效，依法保障人民群众的知情权。𠮷\n";
    let long: String = (0..1800).map(|i| format!("{i}{line}")).collect();
    let text = report_with(NEW_ROW, NEW_ROW_BROKEN).replacen(
        "一、总体情况\n",
        &format!("一、总体情况\n{long}"),
        1,
    );
    assert!(text.len() > 300 * 1024);
    let inserts = ["1", "\n", "", "字", "𠮷", "收到申请3件。", "報告"];
    let edits = RandomEdits {
        seed: 0x9e37_79b9_7f4a_7c15,
        inserts: &inserts,
        count: 24,
        first_line: 0,
        delete_lines: true,
    };
    random_edits_match_a_fresh_analysis(text, edits).await;
}

// ---------------------------------------------------------------------------------------------------
// Traditional characters (a report copied from a 繁體 mirror) are read as simplified ones.

const EXAMPLE: &str = include_str!("../../../examples/example-report-2021.txt");
/// The example report in traditional characters (see crates/core/tests/traditional.rs).
const EXAMPLE_TRADITIONAL: &str =
    include_str!("../../core/tests/fixtures/example-report-2021-traditional.txt");

#[tokio::test]
async fn a_traditional_report_gets_the_diagnostics_of_its_simplified_text_and_of_analyze() {
    let (mut client, _) = Client::start(plain_caps(), Value::Null).await;
    client.open(URI, 1, EXAMPLE_TRADITIONAL).await;
    let traditional = client.diagnostics(URI, 1).await;
    client.open("file:///simplified.txt", 1, EXAMPLE).await;
    let simplified = client.diagnostics("file:///simplified.txt", 1).await;
    assert!(
        !with_code(&traditional, "row-total").is_empty(),
        "{traditional:#?}"
    );
    // Same codes, ranges, messages and data (expected values, canonical labels, fixes), and the
    // same related places, each in its own document.
    let in_no_document = |ds: &[Value]| -> Vec<Value> {
        let mut ds = ds.to_vec();
        for r in ds
            .iter_mut()
            .filter_map(|d| d.get_mut("relatedInformation"))
            .filter_map(Value::as_array_mut)
            .flatten()
        {
            r["location"]["uri"] = Value::Null;
        }
        ds
    };
    assert!(
        traditional
            .iter()
            .any(|d| d["relatedInformation"][0]["location"]["uri"] == URI),
        "{traditional:#?}"
    );
    assert_eq!(in_no_document(&traditional), in_no_document(&simplified));
    let published: Vec<(String, Value, String)> = traditional
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["range"].clone(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(published, fresh_diagnostics(EXAMPLE_TRADITIONAL));
    // Formatting aligns the same tables and keeps the client's own characters.
    let mut formatted = Vec::new();
    for (uri, text) in [
        (URI, EXAMPLE_TRADITIONAL),
        ("file:///simplified.txt", EXAMPLE),
    ] {
        let params = json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 4, "insertSpaces": true } });
        let edits = client.request("textDocument/formatting", params).await;
        let edits = edits.as_array().cloned().unwrap_or_default();
        assert!(!edits.is_empty());
        formatted.push(apply_edits(text, &edits));
    }
    assert!(
        formatted[0].contains("總計") && formatted[0].contains("(一)予以公開"),
        "{}",
        formatted[0]
    );
    assert_eq!(
        nianbao_core::text::to_simplified(&formatted[0]),
        formatted[1]
    );
}

#[tokio::test]
async fn after_every_edit_in_a_traditional_report_the_published_diagnostics_equal_a_fresh_analysis()
{
    let inserts = [
        "1",
        "\n",
        "",
        "7",
        "總計 | 1 |",
        "報",
        "開",
        "(七)總計 | 1 |",
        "三、收到和處理政府信息公開申請情況\n",
    ];
    let edits = RandomEdits {
        seed: 0x2545_f491_4f6c_dd1d,
        inserts: &inserts,
        count: 50,
        first_line: 0,
        delete_lines: true,
    };
    random_edits_match_a_fresh_analysis(EXAMPLE_TRADITIONAL.to_owned(), edits).await;
}

#[tokio::test]
async fn after_every_edit_in_a_large_traditional_report_the_published_diagnostics_equal_a_fresh_analysis(
) {
    // Over 256 KB the text is patched in place in a spare buffer: only the inserted bytes are
    // folded.
    let line = "本機關持續深化政務公開工作，圍繞中心工作緊扣羣衆關切，不斷提升政府工作透明度和公信力。𠮷\n";
    let long: String = (0..4000).map(|i| format!("{i}{line}")).collect();
    let text = EXAMPLE_TRADITIONAL.replacen("一、總體情況\n", &format!("一、總體情況\n{long}"), 1);
    assert!(text.len() > 300 * 1024);
    let inserts = ["1", "\n", "", "報", "𠮷", "收到申請3件。", "總計"];
    let edits = RandomEdits {
        seed: 0x9e37_79b9_7f4a_7c15,
        inserts: &inserts,
        count: 24,
        first_line: 0,
        delete_lines: true,
    };
    random_edits_match_a_fresh_analysis(text, edits).await;
}

// ---------------------------------------------------------------------------------------------------
// Position encodings: 𠮷 (4 bytes, 2 UTF-16 units, 1 UTF-32 unit) before the offending text.

/// The table-三 row with 𠮷 in its label and a wrong total.
const ASTRAL_ROW: &str = "一、本年新收政府信息公开申请数量𠮷 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";

async fn astral_total_range_is_right_in(enc: &str) {
    let caps = json!({ "general": { "positionEncodings": [enc] } });
    let (mut client, init) = Client::start(caps, Value::Null).await;
    assert_eq!(init["capabilities"]["positionEncoding"], enc);
    let text = report_with(NEW_ROW, ASTRAL_ROW);
    client.open(URI, 1, &text).await;
    client.diagnostics(URI, 1).await;
    // The edit's range is in the negotiated encoding too.
    let total = range_in_line(&text, ASTRAL_ROW, "0", enc);
    client
        .change(URI, 2, json!([{ "range": total, "text": "3" }]))
        .await;
    let diags = client.diagnostics(URI, 2).await;
    let row_total = with_code(&diags, "row-total");
    assert_eq!(row_total.len(), 1, "{diags:#?}");
    assert_eq!(row_total[0]["range"], total, "in {enc}");
    let fix_range = &row_total[0]["data"]["fixes"][0]["edits"][0]["range"];
    assert_eq!(fix_range, &total, "the fix's range is in {enc} too");
}

#[tokio::test]
async fn utf8_ranges_count_bytes_after_an_astral_character() {
    astral_total_range_is_right_in("utf-8").await;
}

#[tokio::test]
async fn utf16_ranges_count_code_units_after_an_astral_character() {
    astral_total_range_is_right_in("utf-16").await;
}

#[tokio::test]
async fn utf32_ranges_count_characters_after_an_astral_character() {
    astral_total_range_is_right_in("utf-32").await;
}

// ---------------------------------------------------------------------------------------------------
// Features

/// A fixture with a `$0` cursor marker: the text without it and the marker's offset.
fn with_cursor(marked: &str) -> (String, usize) {
    let at = marked.find("$0").expect("a $0 marker");
    (marked.replacen("$0", "", 1), at)
}

#[tokio::test]
async fn completion_answers_with_items_at_the_cursor() {
    const AFTER: &str = "2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||\n";
    let marked = report_with(AFTER, &format!("{AFTER}$0\n"));
    let (text, at) = with_cursor(&marked);
    for snippets in [false, true] {
        let caps = json!({ "textDocument": { "completion": { "completionItem": { "snippetSupport": snippets } } } });
        let (mut client, init) = Client::start(caps, Value::Null).await;
        assert!(init["capabilities"]["completionProvider"]["triggerCharacters"].is_null());
        client.open(URI, 1, &text).await;
        let pos = position(&text, at, "utf-16");
        let result = client
            .request(
                "textDocument/completion",
                json!({ "textDocument": { "uri": URI }, "position": pos }),
            )
            .await;
        let items = result
            .as_array()
            .or_else(|| result["items"].as_array())
            .expect("a list of items");
        assert!(
            !items.is_empty(),
            "completion items at an empty line of table 三"
        );
        for item in items {
            assert!(item["label"].is_string(), "{item}");
            if let Some(edit) = item.get("textEdit") {
                assert_eq!(edit["range"]["start"]["line"], pos["line"], "{item}");
            }
            if !snippets {
                assert_ne!(
                    item["insertTextFormat"], 2,
                    "no snippet for a client without snippets: {item}"
                );
            }
        }
    }
}

#[tokio::test]
async fn every_advertised_capability_answers() {
    let caps = json!({
        "textDocument": {
            "documentSymbol": { "hierarchicalDocumentSymbolSupport": true },
            "completion": { "completionItem": { "snippetSupport": true } },
        },
        "workspace": { "workspaceEdit": { "documentChanges": true } },
    });
    let (mut client, init) = Client::start(caps, Value::Null).await;
    let text = report_with(NEW_ROW, NEW_ROW_BROKEN);
    let td = json!({ "uri": URI });
    let pos = position(&text, text.find(NEW_ROW_BROKEN).unwrap() + 3, "utf-16");
    let whole =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 200, "character": 0 } });
    let capabilities = init["capabilities"]
        .as_object()
        .expect("capabilities")
        .clone();
    let mut checked = Vec::new();
    for (name, value) in &capabilities {
        if value.is_null() || value == &json!(false) {
            continue;
        }
        let request = match name.as_str() {
            // Properties, not handlers.
            "positionEncoding" => None,
            "textDocumentSync" => {
                assert_eq!(value["change"], 2, "incremental sync");
                client.open(URI, 1, &text).await;
                client
                    .change(
                        URI,
                        2,
                        json!([{ "range": { "start": pos, "end": pos }, "text": "" }]),
                    )
                    .await;
                client.diagnostics(URI, 2).await;
                None
            }
            "completionProvider" => Some((
                "textDocument/completion",
                json!({ "textDocument": td, "position": pos }),
            )),
            "hoverProvider" => Some((
                "textDocument/hover",
                json!({ "textDocument": td, "position": pos }),
            )),
            "inlayHintProvider" => Some((
                "textDocument/inlayHint",
                json!({ "textDocument": td, "range": whole }),
            )),
            "documentSymbolProvider" => {
                Some(("textDocument/documentSymbol", json!({ "textDocument": td })))
            }
            "foldingRangeProvider" => {
                Some(("textDocument/foldingRange", json!({ "textDocument": td })))
            }
            "documentFormattingProvider" => Some((
                "textDocument/formatting",
                json!({ "textDocument": td, "options": { "tabSize": 4, "insertSpaces": true } }),
            )),
            "codeActionProvider" => Some((
                "textDocument/codeAction",
                json!({ "textDocument": td, "range": whole, "context": { "diagnostics": [] } }),
            )),
            other => panic!(
                "the capability {other} is advertised but this test does not know its request"
            ),
        };
        checked.push(name.clone());
        if let Some((method, params)) = request {
            let resp = client.call(method, params).await;
            if let Some(e) = resp.error() {
                assert_ne!(
                    e.code,
                    ErrorCode::MethodNotFound,
                    "{name} is advertised but {method} has no handler"
                );
                panic!("{method} failed: {e:?}");
            }
        }
    }
    checked.sort();
    assert_eq!(
        checked,
        [
            "codeActionProvider",
            "completionProvider",
            "documentFormattingProvider",
            "documentSymbolProvider",
            "foldingRangeProvider",
            "hoverProvider",
            "inlayHintProvider",
            "positionEncoding",
            "textDocumentSync",
        ]
    );
}

#[tokio::test]
async fn code_actions_honour_only() {
    let caps = json!({ "workspace": { "workspaceEdit": { "documentChanges": true } } });
    let (mut client, _) = Client::start(caps, Value::Null).await;
    let diags = open_broken(&mut client).await;
    let d = with_code(&diags, "row-total")[0].clone();
    for only in ["source", "refactor.rewrite", "quickfix"] {
        let actions = client
            .request(
                "textDocument/codeAction",
                json!({ "textDocument": { "uri": URI }, "range": d["range"], "context": { "diagnostics": [], "only": [only] } }),
            )
            .await;
        for a in actions.as_array().unwrap() {
            let kind = a["kind"].as_str().unwrap();
            assert!(
                kind == only || kind.starts_with(&format!("{only}.")),
                "{kind} for only={only}"
            );
            // With versioned document changes, the edit names the version it applies to.
            assert_eq!(
                a["edit"]["documentChanges"][0]["textDocument"]["version"], 1,
                "{a}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Settings

#[tokio::test]
async fn language_en_in_initialization_options_gives_english_messages() {
    let (mut client, _) = Client::start(plain_caps(), json!({ "language": "en" })).await;
    let diags = open_broken(&mut client).await;
    let msg = with_code(&diags, "row-total")[0]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        msg.contains("should be 0") && msg.contains("but is 3"),
        "{msg}"
    );
}

#[tokio::test]
async fn the_client_locale_chooses_the_language_unless_a_setting_does() {
    let init = json!({ "capabilities": {}, "locale": "en-US" });
    let (mut client, _) = Client::start_with(init).await;
    let diags = open_broken(&mut client).await;
    assert!(with_code(&diags, "row-total")[0]["message"]
        .as_str()
        .unwrap()
        .contains("should be"));
    let init = json!({ "capabilities": {}, "locale": "en-US", "initializationOptions": { "nianbao": { "language": "zh" } } });
    let (mut client, _) = Client::start_with(init).await;
    let diags = open_broken(&mut client).await;
    assert!(with_code(&diags, "row-total")[0]["message"]
        .as_str()
        .unwrap()
        .contains("应为"));
}

#[tokio::test]
async fn a_severity_override_to_off_removes_a_code() {
    let (mut client, _) =
        Client::start(plain_caps(), json!({ "severity": { "row-total": "off" } })).await;
    let diags = open_broken(&mut client).await;
    assert!(with_code(&diags, "row-total").is_empty(), "{diags:#?}");
    let (mut client, _) = Client::start(
        plain_caps(),
        json!({ "severity": { "row-total": "warning" } }),
    )
    .await;
    let diags = open_broken(&mut client).await;
    let totals = with_code(&diags, "row-total");
    assert!(
        !totals.is_empty() && totals.iter().all(|d| d["severity"] == 2),
        "{diags:#?}"
    );
}

#[tokio::test]
async fn did_change_configuration_republishes_every_open_document() {
    let (mut client, _) = Client::start(plain_caps(), Value::Null).await;
    let diags = open_broken(&mut client).await;
    assert!(with_code(&diags, "row-total")[0]["message"]
        .as_str()
        .unwrap()
        .contains("应为"));
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "nianbao": { "language": "en" } } }),
        )
        .await;
    let params = client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["version"] == 1
                && p["diagnostics"].as_array().is_some_and(|d| {
                    d.iter()
                        .any(|d| d["message"].as_str().unwrap().contains("should be"))
                })
        })
        .await;
    assert_eq!(params["uri"], URI);
}

#[tokio::test]
async fn null_settings_are_pulled_from_the_client() {
    let caps = json!({ "workspace": { "configuration": true } });
    let (mut client, _) = Client::start(caps, Value::Null).await;
    // The server pulled the configuration once initialized (the test client answered null).
    assert!(
        client
            .received
            .iter()
            .any(|r| r.method() == "workspace/configuration")
            || client
                .wait_for("workspace/configuration", |_| true)
                .await
                .is_object()
    );
    let diags = open_broken(&mut client).await;
    assert_eq!(with_code(&diags, "row-total")[0]["severity"], 1);
    *client.configuration.lock().unwrap() = json!({ "severity": { "row-total": "hint" } });
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": null }),
        )
        .await;
    client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["diagnostics"].as_array().is_some_and(|d| {
                d.iter()
                    .any(|d| d["code"] == "row-total" && d["severity"] == 4)
            })
        })
        .await;
}

#[tokio::test]
async fn a_diagnostics_delay_coalesces_the_edits_made_meanwhile() {
    let (mut client, _) =
        Client::start(plain_caps(), json!({ "diagnostics": { "delayMs": 300 } })).await;
    client.open(URI, 1, REPORT).await;
    let at = json!({ "line": 0, "character": 0 });
    for version in 2..=21 {
        client
            .change(
                URI,
                version,
                json!([{ "range": { "start": at, "end": at }, "text": "某" }]),
            )
            .await;
    }
    client.diagnostics(URI, 21).await;
    let versions: Vec<i64> = client
        .received
        .iter()
        .filter(|r| r.method() == "textDocument/publishDiagnostics")
        .map(|r| r.params().unwrap()["version"].as_i64().unwrap())
        .collect();
    // The worker waited 300 ms after the opening, by which time every edit had arrived.
    assert!(
        versions.len() <= 2 && versions.last() == Some(&21),
        "{versions:?}"
    );
}

#[tokio::test]
async fn invalid_settings_are_shown_to_the_user() {
    let (mut client, _) = Client::start(
        plain_caps(),
        json!({ "bogus": 1, "severity": { "no-such-code": "error" } }),
    )
    .await;
    let msg = client.wait_for("window/showMessage", |_| true).await;
    assert_eq!(msg["type"], 2, "a warning: {msg}");
    let text = msg["message"].as_str().unwrap();
    assert!(
        text.contains("bogus") && text.contains("no-such-code"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------------
// Bad input

#[tokio::test]
async fn requests_about_unopened_documents_answer_null() {
    let (mut client, _) = Client::start(plain_caps(), Value::Null).await;
    let td = json!({ "uri": "file:///nowhere.txt" });
    let pos = json!({ "line": 0, "character": 0 });
    for (method, params) in [
        (
            "textDocument/hover",
            json!({ "textDocument": td, "position": pos }),
        ),
        (
            "textDocument/completion",
            json!({ "textDocument": td, "position": pos }),
        ),
        ("textDocument/documentSymbol", json!({ "textDocument": td })),
        (
            "textDocument/codeAction",
            json!({ "textDocument": td, "range": { "start": pos, "end": pos }, "context": { "diagnostics": [] } }),
        ),
    ] {
        assert_eq!(
            client.request(method, params).await,
            Value::Null,
            "{method}"
        );
    }
    client
        .change("file:///nowhere.txt", 2, json!([{ "text": "x" }]))
        .await;
    client
        .notify("textDocument/didClose", json!({ "textDocument": td }))
        .await;
}

#[tokio::test]
async fn unknown_methods_and_malformed_params_get_errors() {
    let (mut client, _) = Client::start(plain_caps(), Value::Null).await;
    let resp = client.call("nianbao/noSuchMethod", json!({})).await;
    assert_eq!(
        resp.error().map(|e| e.code),
        Some(ErrorCode::MethodNotFound)
    );
    let resp = client
        .call("textDocument/hover", json!({ "textDocument": 5 }))
        .await;
    assert_eq!(resp.error().map(|e| e.code), Some(ErrorCode::InvalidParams));
    client.notify("nianbao/noSuchNotification", json!({})).await;
    client
        .notify("textDocument/didChange", json!({ "wrong": true }))
        .await;
    // The server still works.
    client.open(URI, 1, REPORT).await;
    assert!(client.diagnostics(URI, 1).await.is_empty());
}

#[tokio::test]
async fn out_of_range_and_reversed_edits_are_clamped() {
    let (mut client, _) = Client::start(plain_caps(), Value::Null).await;
    client.open(URI, 1, "一𠮷\n").await;
    client
        .change(
            URI,
            2,
            json!([
                { "range": { "start": { "line": 0, "character": 99 }, "end": { "line": 0, "character": 1 } }, "text": "a" },
                { "range": { "start": { "line": 0, "character": 2 }, "end": { "line": 0, "character": 2 } }, "text": "b" },
                { "range": { "start": { "line": 50, "character": 3 }, "end": { "line": 60, "character": 0 } }, "text": "末" },
            ]),
        )
        .await;
    let (version, text) = client
        .service
        .inner()
        .document_text(&URI.parse().unwrap())
        .unwrap();
    // The first edit is an empty range at the end of line 0 ("一𠮷a"); column 2 of "一𠮷a" is the
    // middle of 𠮷, which lands on its start; line 50 is the end of the text.
    assert_eq!((version, text.as_str()), (2, "一b𠮷a\n末"));
    client.diagnostics(URI, 2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_document_does_not_hold_up_the_others() {
    let (mut client, _) = Client::start(plain_caps(), Value::Null).await;
    // A megabyte: analysed on the blocking pool, for a few hundred milliseconds in a debug build.
    let big = "一二三四五六七八九十\n".repeat(1024 * 1024 / 31);
    client.open("file:///big.txt", 1, &big).await;
    client
        .open(URI, 1, &report_with(NEW_ROW, NEW_ROW_BROKEN))
        .await;
    let folds = client
        .call(
            "textDocument/foldingRange",
            json!({ "textDocument": { "uri": URI } }),
        )
        .await;
    assert!(folds.is_ok());
    assert!(!client.diagnostics(URI, 1).await.is_empty());
    // The small report was analysed and published while the large text was still being analysed.
    assert!(
        !client
            .received
            .iter()
            .any(|r| r.params().is_some_and(|p| p["uri"] == "file:///big.txt")),
        "{:?}",
        client.summary()
    );
    assert!(client.diagnostics("file:///big.txt", 1).await.is_empty());
}
