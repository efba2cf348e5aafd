//! End-to-end tests of `nianbao fix`: the safe fixes written back to text files as they were
//! encoded, the dry run and its diff, documents it cannot rewrite, standard input.

mod common;

use std::fs;

use common::docs::as_docx;
use common::{nianbao, nianbao_with_input, write};

/// The bundled example report (a real report with errors planted in it).
const EXAMPLE: &str = include_str!("../../../examples/example-report-2021.txt");

/// The example as `nianbao fix` should leave it: the planted wrong numbers of table 三 put right
/// (the smallest repair), the mistyped row label and the misspelt heading of section 四 corrected.
fn example_fixed() -> String {
    EXAMPLE
        .replacen("1.属于国家密秘", "1.属于国家秘密", 1)
        .replacen(
            "2.重复申请 | 1 | 1 | 0 | 0 | 0 | 0 | 3 |",
            "2.重复申请 | 1 | 1 | 0 | 0 | 0 | 0 | 2 |",
            1,
        )
        .replacen(
            "四、结转下年度继续办理 | 1 | 1 | 0 |",
            "四、结转下年度继续办理 | 1 | 0 | 0 |",
            1,
        )
        .replacen("四、政府信息公开行政法复议", "四、政府信息公开行政复议", 1)
}

fn codes(dir: &std::path::Path, file: &str) -> Vec<String> {
    let run = nianbao(dir, &["check", "--format", "json", file]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_example_is_fixed_in_place_where_it_was_wrong_and_nowhere_else() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.txt", EXAMPLE);
    let run = nianbao(dir.path(), &["fix", "r.txt"]);
    // Errors remain that no safe fix can settle (the text contradicting table 三, a group total of
    // table 四 that any of its cells could repair): the status is `check`'s.
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join("r.txt")).unwrap(),
        example_fixed()
    );
    assert_eq!(
        run.stdout,
        "已修正 r.txt：4 处\n\
         \x20 r.txt:37:11：“1.属于国家密秘” → “1.属于国家秘密”\n\
         \x20 r.txt:49:34：“3” → “2”\n\
         \x20 r.txt:57:19：“1” → “0”\n\
         \x20 r.txt:58:3：“政府信息公开行政法复议、行政诉讼情况” → “政府信息公开行政复议、行政诉讼情况”\n\
         共 1 个文件：修正 1 个文件的 4 处；现有 2 个错误，2 个警告，0 条提示\n"
    );
    let left = codes(dir.path(), "r.txt");
    assert!(
        !left.iter().any(|c| [
            "row-total",
            "outcome-total",
            "balance",
            "label-typo",
            "heading-variant"
        ]
        .contains(&c.as_str())),
        "{left:?}"
    );
    // The group total of table 四 has five equally small repairs: they are offered in the editor,
    // and `fix` guesses none of them.
    assert!(left.contains(&"review-total".to_owned()), "{left:?}");
    // Fixing again changes nothing.
    let again = nianbao(dir.path(), &["fix", "r.txt"]);
    assert!(
        again
            .stdout
            .starts_with("共 1 个文件：修正 0 个文件的 0 处；"),
        "{}",
        again.stdout
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("r.txt")).unwrap(),
        example_fixed()
    );
}

#[test]
fn a_dry_run_prints_the_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.txt", EXAMPLE);
    let run = nianbao(dir.path(), &["fix", "--dry-run", "--diff", "r.txt"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        fs::read_to_string(dir.path().join("r.txt")).unwrap(),
        EXAMPLE
    );
    assert!(
        run.stdout.starts_with("--- a/r.txt\n+++ b/r.txt\n@@ "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("\n-2.重复申请 | 1 | 1 | 0 | 0 | 0 | 0 | 3 | ||\n+2.重复申请 | 1 | 1 | 0 | 0 | 0 | 0 | 2 | ||\n"), "{}", run.stdout);
    assert_eq!(
        run.stdout
            .lines()
            .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
            .count(),
        4,
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("共 1 个文件：可修正 1 个文件的 4 处（预演，未写入）；现有 4 个错误，4 个警告，0 条提示\n"), "{}", run.stdout);
}

#[test]
fn the_encoding_byte_order_mark_and_line_endings_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let crlf = |s: &str| s.replace('\n', "\r\n");
    let gb = |s: &str| encoding_rs::GB18030.encode(s).0.into_owned();
    let utf16le = |s: &str| {
        [0xFF, 0xFE]
            .into_iter()
            .chain(s.encode_utf16().flat_map(u16::to_le_bytes))
            .collect::<Vec<u8>>()
    };
    let cases: Vec<(&str, Vec<u8>, Vec<u8>)> = vec![
        (
            "gb18030-crlf.txt",
            gb(&crlf(EXAMPLE)),
            gb(&crlf(&example_fixed())),
        ),
        (
            "gb18030-bom.txt",
            [&[0x84, 0x31, 0x95, 0x33][..], &gb(EXAMPLE)].concat(),
            [&[0x84, 0x31, 0x95, 0x33][..], &gb(&example_fixed())].concat(),
        ),
        (
            "utf8-bom.txt",
            [&b"\xEF\xBB\xBF"[..], crlf(EXAMPLE).as_bytes()].concat(),
            [&b"\xEF\xBB\xBF"[..], crlf(&example_fixed()).as_bytes()].concat(),
        ),
        ("utf16le.txt", utf16le(EXAMPLE), utf16le(&example_fixed())),
    ];
    for (name, before, _) in &cases {
        write(dir.path(), name, before);
    }
    let run = nianbao(dir.path(), &["fix", "."]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    for (name, _, expected) in &cases {
        assert!(
            fs::read(dir.path().join(name)).unwrap() == *expected,
            "{name} is not as expected"
        );
    }
    assert!(
        run.stdout
            .ends_with("共 4 个文件：修正 4 个文件的 16 处；现有 8 个错误，8 个警告，0 条提示\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_clean_report_is_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    // What the fixes left of the example: nothing safe to fix.
    let clean = example_fixed();
    write(dir.path(), "r.txt", &clean);
    let before = fs::metadata(dir.path().join("r.txt"))
        .unwrap()
        .modified()
        .unwrap();
    let run = nianbao(dir.path(), &["fix", "r.txt"]);
    assert!(
        run.stdout
            .starts_with("共 1 个文件：修正 0 个文件的 0 处；"),
        "{}",
        run.stdout
    );
    assert_eq!(fs::read_to_string(dir.path().join("r.txt")).unwrap(), clean);
    assert_eq!(
        fs::metadata(dir.path().join("r.txt"))
            .unwrap()
            .modified()
            .unwrap(),
        before
    );
}

#[test]
fn a_word_file_is_not_rewritten_and_the_changes_are_named_by_their_places() {
    let dir = tempfile::tempdir().unwrap();
    let docx = as_docx(EXAMPLE);
    write(dir.path(), "r.docx", &docx);
    let run = nianbao(dir.path(), &["fix", "r.docx"]);
    assert_eq!(run.code, 1);
    assert_eq!(fs::read(dir.path().join("r.docx")).unwrap(), docx);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0], "r.docx（docx）无法直接改写，请在原文档中修改：",
        "{}",
        run.stdout
    );
    assert_eq!(lines.len(), 6, "{}", run.stdout);
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with("：“3” → “2”") && l.contains("第2个表格")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("共 1 个文件：修正 0 个文件的 0 处；4 处需在原文档中修改；现有 4 个错误，4 个警告，0 条提示\n"), "{}", run.stdout);
}

#[test]
fn standard_input_is_fixed_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let run = nianbao_with_input(dir.path(), &["fix", "-"], EXAMPLE.as_bytes());
    assert_eq!(run.stdout, example_fixed());
    assert!(run.stderr.contains("已修正 -：4 处\n"), "{}", run.stderr);
    assert_eq!(run.code, 1);
}

#[test]
fn letters_drawn_like_digits_are_written_as_the_digits_the_table_confirms() {
    let dir = tempfile::tempdir().unwrap();
    // `O` for the 0 of a zero row, `lO` for a 10 of table 二 (no relation to judge it, but beyond
    // doubt).
    let text = EXAMPLE
        .replacen(
            "2.其他法律行政法规禁止公开 | 0 |",
            "2.其他法律行政法规禁止公开 | O |",
            1,
        )
        .replacen("规章 | 0 |  | 3 |", "规章 | lO |  | 3 |", 1);
    write(dir.path(), "r.txt", &text);
    let check = nianbao(dir.path(), &["check", "r.txt"]);
    for message in [
        "（三）2.其他法律行政法规禁止公开·自然人 的“O”不是数字，应为 0（按字形读作 0，本表勾稽关系随之成立）",
        "规章·本年制发件数 的“lO”不是数字，疑为 10，请用阿拉伯数字填写",
    ] {
        assert!(check.stdout.contains(message), "{}", check.stdout);
    }
    let run = nianbao(dir.path(), &["fix", "r.txt"]);
    assert!(
        run.stdout.contains("r.txt:38:18：“O” → “0”"),
        "{}",
        run.stdout
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("r.txt")).unwrap(),
        example_fixed().replacen("规章 | 0 |  | 3 |", "规章 | 10 |  | 3 |", 1)
    );
}

#[test]
fn a_dry_run_in_english_says_its_changes_its_summary_and_its_errors_in_english() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.txt", EXAMPLE);
    let run = nianbao(
        dir.path(),
        &["fix", "--dry-run", "--lang", "en", "r.txt", "missing.txt"],
    );
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join("r.txt")).unwrap(),
        EXAMPLE
    );
    assert_eq!(
        run.stdout,
        "would fix r.txt: 4 change(s) (dry run, nothing written)\n\
         \x20 r.txt:37:11: “1.属于国家密秘” → “1.属于国家秘密”\n\
         \x20 r.txt:49:34: “3” → “2”\n\
         \x20 r.txt:57:19: “1” → “0”\n\
         \x20 r.txt:58:3: “政府信息公开行政法复议、行政诉讼情况” → “政府信息公开行政复议、行政诉讼情况”\n\
         2 file(s): 4 change(s) in 1 file(s) would be made (dry run); now 4 error(s), 4 warning(s), \
         0 info; 1 file(s) could not be read\n"
    );
    assert_eq!(run.stderr, "cannot read missing.txt: no such file\n");
    // In Chinese by default.
    let run = nianbao(dir.path(), &["fix", "--dry-run", "missing.txt"]);
    assert_eq!(run.stderr, "无法读取 missing.txt：文件不存在\n");
    assert!(
        run.stdout.ends_with("；1 个文件无法读取\n"),
        "{}",
        run.stdout
    );
}
