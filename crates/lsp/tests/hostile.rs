//! In-process tests of what a hostile or careless client can make the server read: file-change
//! events naming files outside the workspace folders, paths that climb out of them with `..`, and
//! symbolic links inside them that point elsewhere. None of these files may be read. (The
//! hostile-client suite over stdio, against the real binary, is `crates/cli/tests/hostile.rs`.)

mod common;

use common::{codes, Client, REPORT};
use serde_json::json;

/// The fixture as the report of `year`, carrying `carried_in` 自然人 requests in (and granting them)
/// and `carried_out` over to the next year.
fn report(year: i32, carried_in: u32, carried_out: u32) -> String {
    let t = REPORT.replace("2021年", &format!("{year}年"));
    let row = |label: &str, v: u32| format!("{label} | {v} | 0 | 0 | 0 | 0 | 0 | {v} |");
    let zero = |label: &str| row(label, 0);
    let t = t.replacen(
        &zero("一、本年新收政府信息公开申请数量"),
        &row("一、本年新收政府信息公开申请数量", carried_out),
        1,
    );
    let t = t.replacen(
        &zero("二、上年结转政府信息公开申请数量"),
        &row("二、上年结转政府信息公开申请数量", carried_in),
        1,
    );
    let t = t.replacen(&zero("(一)予以公开"), &row("(一)予以公开", carried_in), 1);
    let t = t.replacen(&zero("(七)总计"), &row("(七)总计", carried_in), 1);
    t.replacen(
        &zero("四、结转下年度继续办理"),
        &row("四、结转下年度继续办理", carried_out),
        1,
    )
}

fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

/// How a file outside the workspace folder is named to the server.
#[derive(Debug, Clone, Copy)]
enum Outside {
    /// By its own path.
    Path,
    /// Through the folder and `..`.
    Climbing,
    /// Through a symbolic link inside the folder.
    Link,
}

/// Last year's report outside the workspace folder (carrying 1 over) is named in a file-change
/// event, then last year's report inside it (carrying 3 over) is: the carry-over diagnostic of this
/// year's report (which takes 2 in) must quote the one inside. Both files are of one agency and
/// year; had the outside one been read, it would be the one quoted, as its path sorts first.
async fn only_files_inside_the_folder_are_read(how: Outside) {
    let root = tempfile::tempdir().unwrap();
    let (elsewhere, workspace) = (
        root.path().join("a-elsewhere"),
        root.path().join("b-workspace"),
    );
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::create_dir_all(&workspace).unwrap();
    let outside = elsewhere.join("2021.txt");
    std::fs::write(&outside, report(2021, 0, 1)).unwrap();
    let named = match how {
        Outside::Path => file_uri(&outside),
        Outside::Climbing => format!("{}/../a-elsewhere/2021.txt", file_uri(&workspace)),
        Outside::Link => {
            let link = workspace.join("2021.txt");
            #[cfg(unix)]
            std::os::unix::fs::symlink(&outside, &link).unwrap();
            file_uri(&link)
        }
    };
    let init = json!({
        "capabilities": { "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } },
        "workspaceFolders": [{ "uri": file_uri(&workspace), "name": "reports" }],
    });
    let (mut client, _) = Client::start_with(init).await;
    let uri = file_uri(&workspace.join("2022.txt"));
    client.open(&uri, 1, &report(2022, 2, 0)).await;
    let diags = client.diagnostics(&uri, 1).await;
    assert!(
        !codes(&diags).contains(&"carry-over".to_owned()),
        "{how:?}: nothing is read yet: {diags:#?}"
    );
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": named, "type": 1 }] }),
        )
        .await;
    let inside = workspace.join("last.txt");
    std::fs::write(&inside, report(2021, 0, 3)).unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": file_uri(&inside), "type": 1 }] }),
        )
        .await;
    let published = client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri.as_str()
                && p["diagnostics"]
                    .as_array()
                    .is_some_and(|d| d.iter().any(|d| d["code"] == "carry-over"))
        })
        .await;
    let carry = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "carry-over")
        .unwrap()
        .clone();
    assert_eq!(
        carry["message"],
        "二、上年结转政府信息公开申请数量·自然人 应为 3（上年报告“last.txt”的“四、结转下年度继续办理”为 3），实为 2",
        "{how:?}: a file outside the workspace folder was read"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn a_file_change_event_naming_a_file_outside_the_folders_is_not_read() {
    only_files_inside_the_folder_are_read(Outside::Path).await;
}

#[cfg(unix)]
#[tokio::test]
async fn a_file_change_event_climbing_out_of_the_folders_is_not_read() {
    only_files_inside_the_folder_are_read(Outside::Climbing).await;
}

#[cfg(unix)]
#[tokio::test]
async fn a_file_change_event_naming_a_link_out_of_the_folders_is_not_read() {
    only_files_inside_the_folder_are_read(Outside::Link).await;
}
