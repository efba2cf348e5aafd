//! `nianbao check` over a folder holding three years of one agency's reports: each report is
//! checked against the year before (carry-over, copied text), and reports of other agencies are
//! left alone.

use std::path::Path;
use std::process::Command;

mod common;

use common::docs::{as_docx, as_html};

fn seed_001() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/corpus/seeds/001_de67b3003fa77aa1.txt"
    );
    std::fs::read_to_string(path).expect("seed 001")
}

/// Seed 001 as the report of `year`, with a title that names the agency, and `carried` requests
/// carried over to the next year (自然人) and from the last one.
fn report(year: i32, carried_in: u32, carried_out: u32) -> String {
    let body = seed_001().replace("2021年", &format!("{year}年"));
    let body = body.replacen(
        "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        &format!(
            "二、上年结转政府信息公开申请数量 | {carried_in} | 0 | 0 | 0 | 0 | 0 | {carried_in} |"
        ),
        1,
    );
    let body = body.replacen(
        "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        &format!("一、本年新收政府信息公开申请数量 | {carried_out} | 0 | 0 | 0 | 0 | 0 | {carried_out} |"),
        1,
    );
    let body = body.replacen(
        "三、本年度办理结果 | (一)予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        &format!(
            "三、本年度办理结果 | (一)予以公开 | {carried_in} | 0 | 0 | 0 | 0 | 0 | {carried_in} |"
        ),
        1,
    );
    let body = body.replacen(
        "(七)总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        &format!("(七)总计 | {carried_in} | 0 | 0 | 0 | 0 | 0 | {carried_in} |"),
        1,
    );
    let body = body.replacen(
        "四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        &format!("四、结转下年度继续办理 | {carried_out} | 0 | 0 | 0 | 0 | 0 | {carried_out} |"),
        1,
    );
    format!("阜新市煤炭工业转型发展局{year}年政府信息公开工作年度报告\n{body}")
}

fn check(dir: &Path) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .current_dir(dir)
        .args(["check", "--format", "json", "."])
        .output()
        .expect("nianbao runs");
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn codes(file: &serde_json::Value, code: &str) -> Vec<serde_json::Value> {
    file["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == code)
        .cloned()
        .collect()
}

#[test]
fn three_years_of_one_agency() {
    let dir = tempfile::tempdir().expect("a temp dir");
    // 2020 carries 2 over; 2021 takes 2 in (right) and carries 1 over; 2022 takes 3 in (wrong: 1).
    std::fs::write(dir.path().join("2020.txt"), report(2020, 0, 2)).unwrap();
    std::fs::write(dir.path().join("2021.txt"), report(2021, 2, 1)).unwrap();
    std::fs::write(dir.path().join("2022.txt"), report(2022, 3, 0)).unwrap();
    let json = check(dir.path());
    let files = json["files"].as_array().expect("files");
    let by_name = |n: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(n)))
            .expect("the file is checked")
    };
    // 2020 has no earlier report; 2021's carry-over agrees with 2020.
    assert!(codes(by_name("2020.txt"), "carry-over").is_empty());
    assert!(codes(by_name("2021.txt"), "carry-over").is_empty());
    let wrong = codes(by_name("2022.txt"), "carry-over");
    assert_eq!(wrong.len(), 2, "{wrong:#?}");
    assert_eq!(
        wrong[0]["message"],
        "二、上年结转政府信息公开申请数量·自然人 应为 1（上年报告“2021.txt”的“四、结转下年度继续办理”为 1），实为 3"
    );
    assert_eq!(wrong[0]["data"]["lastYear"]["file"], "2021.txt");
    // The same seed every year: sections 一 and 五 are copies of last year's.
    let copied: Vec<String> = codes(by_name("2021.txt"), "copied-text")
        .iter()
        .map(|d| d["message"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(copied.len(), 2, "{copied:?}");
    assert!(
        copied[0].starts_with("一、总体情况与上年报告“2020.txt”的相应部分重复"),
        "{copied:?}"
    );
    assert!(codes(by_name("2020.txt"), "copied-text").is_empty());
}

#[test]
fn reports_of_other_agencies_are_not_paired() {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join("a.txt"), report(2021, 0, 2)).unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        report(2022, 3, 0).replace("阜新市煤炭工业转型发展局2022年", "阜新市统计局2022年"),
    )
    .unwrap();
    let json = check(dir.path());
    for f in json["files"].as_array().expect("files") {
        assert!(
            codes(f, "carry-over").is_empty() && codes(f, "copied-text").is_empty(),
            "{f:#}"
        );
    }
}

#[test]
fn years_held_as_word_files_and_web_pages_are_paired() {
    let dir = tempfile::tempdir().expect("a temp dir");
    // 2021 is a Word file carrying 1 over; 2022 a web page taking 3 in (wrong: 1); the names say
    // nothing.
    std::fs::write(dir.path().join("a.docx"), as_docx(&report(2021, 0, 1))).unwrap();
    std::fs::write(dir.path().join("b.html"), as_html(&report(2022, 3, 0))).unwrap();
    let json = check(dir.path());
    let files = json["files"].as_array().expect("files");
    let by_name = |n: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(n)))
            .expect("the file is checked")
    };
    let wrong = codes(by_name("b.html"), "carry-over");
    assert_eq!(wrong.len(), 2, "{wrong:#?}");
    assert_eq!(
        wrong[0]["message"],
        "二、上年结转政府信息公开申请数量·自然人 应为 1（上年报告“a.docx”的“四、结转下年度继续办理”为 1），实为 3"
    );
    assert!(codes(by_name("a.docx"), "carry-over").is_empty());
}
