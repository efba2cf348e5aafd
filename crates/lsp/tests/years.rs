//! The checks across years in the server: last year's report is read from the workspace folders
//! (and kept current by file watching), and an open document's unsaved text wins over its file.

mod common;

use common::{codes, Client, REPORT};
use serde_json::json;

/// The fixture as the report of `year`, carrying `carried_in` 自然人 requests in (and granting them).
fn report(year: i32, carried_in: u32, carried_out: u32) -> String {
    let t = REPORT.replace("2021年", &format!("{year}年"));
    let t = t.replacen(
        "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        &format!(
            "二、上年结转政府信息公开申请数量 | {carried_in} | 0 | 0 | 0 | 0 | 0 | {carried_in} |"
        ),
        1,
    );
    let t = t.replacen(
        "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        &format!("一、本年新收政府信息公开申请数量 | {carried_out} | 0 | 0 | 0 | 0 | 0 | {carried_out} |"),
        1,
    );
    let t = t.replacen(
        "(一)予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        &format!("(一)予以公开 | {carried_in} | 0 | 0 | 0 | 0 | 0 | {carried_in} |"),
        1,
    );
    let t = t.replacen(
        "(七)总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        &format!("(七)总计 | {carried_in} | 0 | 0 | 0 | 0 | 0 | {carried_in} |"),
        1,
    );
    t.replacen(
        "四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        &format!("四、结转下年度继续办理 | {carried_out} | 0 | 0 | 0 | 0 | 0 | {carried_out} |"),
        1,
    )
}

fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

#[tokio::test]
async fn last_years_file_in_the_workspace_is_read_and_watched() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let last = dir.path().join("2021.txt");
    std::fs::write(&last, report(2021, 0, 1)).unwrap();
    let init = json!({
        "capabilities": { "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } },
        "workspaceFolders": [{ "uri": file_uri(dir.path()), "name": "reports" }],
    });
    let (mut client, _) = Client::start_with(init).await;
    let this = dir.path().join("2022.txt");
    let uri = file_uri(&this);
    // This year takes 2 in where last year carried 1 over.
    client.open(&uri, 1, &report(2022, 2, 0)).await;
    let diags = client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri.as_str()
                && p["diagnostics"]
                    .as_array()
                    .is_some_and(|d| d.iter().any(|d| d["code"] == "carry-over"))
        })
        .await;
    let carry: Vec<_> = diags["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "carry-over")
        .cloned()
        .collect();
    assert_eq!(carry[0]["message"], "二、上年结转政府信息公开申请数量·自然人 应为 1（上年报告“2021.txt”的“四、结转下年度继续办理”为 1），实为 2");
    // Last year's file changes on disk: the server is told and checks again.
    std::fs::write(&last, report(2021, 0, 2)).unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": file_uri(&last), "type": 2 }] }),
        )
        .await;
    let diags = client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri.as_str()
                && !codes(p["diagnostics"].as_array().unwrap()).contains(&"carry-over".to_owned())
        })
        .await;
    assert!(!codes(diags["diagnostics"].as_array().unwrap()).contains(&"carry-over".to_owned()));
}

#[tokio::test]
async fn an_open_documents_text_wins_over_its_file() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let last = dir.path().join("2021.txt");
    std::fs::write(&last, report(2021, 0, 1)).unwrap();
    let init = json!({ "capabilities": {}, "workspaceFolders": [{ "uri": file_uri(dir.path()), "name": "reports" }] });
    let (mut client, _) = Client::start_with(init).await;
    // Last year's report is open, unsaved, carrying 2 over: this year's 2 agrees with it.
    client.open(&file_uri(&last), 1, &report(2021, 0, 2)).await;
    let _ = client.diagnostics(&file_uri(&last), 1).await;
    let uri = file_uri(&dir.path().join("2022.txt"));
    client.open(&uri, 1, &report(2022, 2, 0)).await;
    let diags = client.diagnostics(&uri, 1).await;
    assert!(
        !codes(&diags).contains(&"carry-over".to_owned()),
        "{diags:#?}"
    );
}
