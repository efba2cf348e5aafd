//! This file owns the end-to-end tests of the `nianbao` binary: they run it and assert what a user
//! sees.
//!
//! The fixtures are built here: seed 001 (one table row per line) is the base report, and errors
//! are planted in it with `str::replacen`. The seed files themselves are read from
//! `tests/corpus/seeds`. Every run is made from a folder chosen by the test, with relative paths,
//! so that the paths printed are known in advance.

mod common;

use common::{nianbao, write, Run};

use std::fs;
use std::path::PathBuf;

use serde_json::{json, Value};

/// The folder of the real reports used as seeds.
const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/corpus/seeds");

const SEED_000: &str = "000_e22fc2599b138d8b.txt";
const SEED_001: &str = "001_de67b3003fa77aa1.txt";
const SEED_002: &str = "002_763b898b65aef6cb.txt";
const SEED_003: &str = "003_04358ba433e2261a.txt";
const SEED_004: &str = "004_d6d84b68e1105486.txt";

/// The row of table 二 that holds the label typo planted by `typo_report`.
const PENALTY_ROW: &str = "\n行政处罚 | 2 |";
/// The same row with its first character lost, as happens in seed 002.
const PENALTY_TYPO_ROW: &str = "\n政处罚 | 2 |";
/// The outcome total of table 三 in seed 001 (all zero).
const TOTAL_ROW: &str = "\n(七)总计 | 0 | 0 | 0 |";
/// The outcome total with an astral character in the first cell and a wrong 科研机构 cell.
const ASTRAL_TOTAL_ROW: &str = "\n（七）总计 | 0𠮷 | 0 | 5 |";
/// The first row of table 三 in seed 001 (all zero).
const NEW_ROW: &str = "\n一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
/// The same row with a 总计 of 3 although every applicant column is 0.
const NEW_ROW_WRONG_TOTAL: &str =
    "\n一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 3 |";

/// The folder of the seeds, to run from it.
fn seeds() -> PathBuf {
    PathBuf::from(SEEDS)
}

/// The text of a seed report.
fn seed(name: &str) -> String {
    fs::read_to_string(seeds().join(name)).expect("the seed is readable")
}

/// Replaces the first `from` in `text` by `to`, failing when the seed no longer contains `from`.
fn plant(text: &str, from: &str, to: &str) -> String {
    assert!(
        text.contains(from),
        "the base report no longer contains {from:?}"
    );
    text.replacen(from, to, 1)
}

/// Seed 001 with the label 行政处罚 truncated to 政处罚.
fn typo_report() -> String {
    plant(&seed(SEED_001), PENALTY_ROW, PENALTY_TYPO_ROW)
}

/// Seed 001 with `0𠮷` in the first cell of （七）总计 and 5 in its 科研机构 cell.
fn astral_report() -> String {
    plant(&seed(SEED_001), TOTAL_ROW, ASTRAL_TOTAL_ROW)
}

/// Seed 001 with a wrong 总计 (3 instead of 0) in the first row of table 三.
fn row_total_report() -> String {
    plant(&seed(SEED_001), NEW_ROW, NEW_ROW_WRONG_TOTAL)
}

/// A new empty folder for one test.
fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Where `needle` starts in `text`: the 0-based line, the whole line, and the byte offset within
/// it. A needle starting with a line feed is located at the character after it.
fn locate<'a>(text: &'a str, needle: &str) -> (usize, &'a str, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is in the text"));
    let at = if needle.starts_with('\n') { at + 1 } else { at };
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    (text[..at].matches('\n').count(), line, at - line_start)
}

/// The terminal width of fixture text: ASCII takes one column and every other character used in
/// these fixtures (CJK ideographs, full-width punctuation, 𠮷) takes two.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            assert!(
                c.is_ascii() || c >= '\u{2E80}',
                "{c:?} has no known width in these tests"
            );
            if c.is_ascii() {
                1
            } else {
                2
            }
        })
        .sum()
}

/// One diagnostic as printed by the human output.
#[derive(Debug)]
struct Block {
    /// `error`, `warning`, `note` or `help`.
    severity: String,
    code: String,
    message: String,
    /// `path:line:column`, as printed after `┌─`.
    location: String,
    /// The source line shown, without the line number gutter.
    source: String,
    /// The number of terminal columns before the first `^`.
    caret_offset: usize,
    /// The number of `^`.
    caret_width: usize,
    /// The lines starting with `= `, such as the suggested fix.
    notes: Vec<String>,
}

/// Splits the human output into its diagnostics and its summary line (after the diagnostics, before
/// the list of files not checked).
fn parse_human(stdout: &str) -> (Vec<Block>, String) {
    let lines: Vec<&str> = stdout.lines().collect();
    let summary = summary_line(stdout).to_string();
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some((severity, rest)) = lines[i].split_once('[') else {
            i += 1;
            continue;
        };
        if !["error", "warning", "note", "help"].contains(&severity) {
            i += 1;
            continue;
        }
        let (code, message) = rest
            .split_once("]: ")
            .expect("a header is severity[code]: message");
        let location = lines[i + 1]
            .split_once("┌─ ")
            .expect("the header is followed by ┌─ path")
            .1;
        let mut block = Block {
            severity: severity.to_string(),
            code: code.to_string(),
            message: message.to_string(),
            location: location.to_string(),
            source: String::new(),
            caret_offset: 0,
            caret_width: 0,
            notes: Vec::new(),
        };
        i += 2;
        // The block runs until the blank line that separates diagnostics.
        while i < lines.len() && !lines[i].is_empty() {
            let line = lines[i];
            if let Some((gutter, text)) = line.split_once(" │ ") {
                if gutter.trim().parse::<usize>().is_ok() && block.source.is_empty() {
                    block.source = text.to_string();
                } else if text.contains('^') && block.caret_width == 0 {
                    block.caret_offset = text.len() - text.trim_start_matches(' ').len();
                    block.caret_width = text
                        .trim_start_matches(' ')
                        .chars()
                        .take_while(|&c| c == '^')
                        .count();
                }
            } else if let Some(note) = line.trim_start().strip_prefix("= ") {
                block.notes.push(note.to_string());
            }
            i += 1;
        }
        blocks.push(block);
    }
    (blocks, summary)
}

/// The summary line of the human output.
fn summary_line(stdout: &str) -> &str {
    stdout
        .lines()
        .find(|l| l.starts_with("共检查 ") || l.starts_with("checked "))
        .expect("the output has a summary")
}

/// The only block with `code` whose location is `location`.
fn block<'a>(blocks: &'a [Block], code: &str, location: &str) -> &'a Block {
    let found: Vec<&Block> = blocks
        .iter()
        .filter(|b| b.code == code && b.location == location)
        .collect();
    assert_eq!(found.len(), 1, "one {code} at {location} in {blocks:#?}");
    found[0]
}

/// Checks that `block` points at `len` bytes from byte `at` of `line` (0-based line `line_no`) of
/// `path`: the header gives the 1-based line and character column, and the carets sit under the
/// text, as wide as it is on a terminal.
fn assert_underlined(block: &Block, path: &str, line_no: usize, line: &str, at: usize, len: usize) {
    let column = line[..at].chars().count() + 1;
    assert_eq!(
        block.location,
        format!("{path}:{}:{column}", line_no + 1),
        "{block:#?}"
    );
    assert_eq!(block.source, line, "{block:#?}");
    assert_eq!(
        block.caret_offset,
        width(&line[..at]),
        "carets start under the text: {block:#?}"
    );
    assert_eq!(
        block.caret_width,
        width(&line[at..at + len]),
        "carets as wide as the text: {block:#?}"
    );
}

/// The counts of a Chinese summary line: files, errors, warnings, hints.
fn summary_counts(summary: &str) -> [usize; 4] {
    let numbers: Vec<usize> = summary
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().expect("a count"))
        .collect();
    assert!(
        summary.starts_with("共检查 ") && numbers.len() >= 4,
        "a summary line: {summary}"
    );
    [numbers[0], numbers[1], numbers[2], numbers[3]]
}

/// Checks that the summary's error, warning and hint counts are those of the printed diagnostics.
fn assert_summary_matches(blocks: &[Block], summary: &str) {
    let count = |severities: &[&str]| {
        blocks
            .iter()
            .filter(|b| severities.contains(&b.severity.as_str()))
            .count()
    };
    let [_, errors, warnings, hints] = summary_counts(summary);
    assert_eq!(
        [errors, warnings, hints],
        [
            count(&["error"]),
            count(&["warning"]),
            count(&["note", "help"])
        ],
        "{summary}"
    );
}

/// Parses the JSON output.
fn parse_json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is JSON ({e}): {}", run.stdout))
}

/// The `files` array of the JSON output.
fn json_files(run: &Run) -> Vec<Value> {
    parse_json(run)["files"]
        .as_array()
        .expect("files is an array")
        .clone()
}

/// The diagnostics of one file entry with the given code.
fn with_code<'a>(file: &'a Value, code: &str) -> Vec<&'a Value> {
    file["diagnostics"]
        .as_array()
        .expect("diagnostics is an array")
        .iter()
        .filter(|d| d["code"] == code)
        .collect()
}

/// The `range` object of an LSP diagnostic on one line, from UTF-16 character `start` to `end`.
fn range(line: usize, start: usize, end: usize) -> Value {
    json!({ "start": { "line": line, "character": start }, "end": { "line": line, "character": end } })
}

/// The names of the keys of a JSON object, sorted.
fn keys(v: &Value) -> Vec<String> {
    let mut keys: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
    keys.sort();
    keys
}

/// The bytes of `text` in UTF-16 with a byte order mark.
fn utf16_with_bom(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

#[test]
fn human_output_underlines_a_truncated_label_at_the_start_of_a_line() {
    let dir = temp();
    let text = typo_report();
    write(dir.path(), "typo.txt", &text);
    let run = nianbao(dir.path(), &["check", "typo.txt"]);
    assert_eq!(
        run.code, 0,
        "a warning alone does not fail the check: {}",
        run.stdout
    );
    assert_eq!(run.stderr, "");
    let (blocks, summary) = parse_human(&run.stdout);
    let (line_no, line, at) = locate(&text, PENALTY_TYPO_ROW);
    let b = block(
        &blocks,
        "label-typo",
        &format!("typo.txt:{}:1", line_no + 1),
    );
    assert_eq!(b.severity, "warning");
    assert_eq!(
        b.message,
        "行名称“政处罚”与年度报告格式不一致，应为“行政处罚”"
    );
    assert_underlined(b, "typo.txt", line_no, line, at, "政处罚".len());
    assert_eq!(b.caret_width, 6, "three ideographs take six columns");
    assert_eq!(b.notes, ["建议：改为“行政处罚”"]);
    assert_summary_matches(&blocks, &summary);
    assert_eq!(summary_counts(&summary)[..2], [1, 0], "{summary}");
    assert!(
        summary.starts_with("共检查 1 个文件：0 个错误，"),
        "{summary}"
    );
}

#[test]
fn human_output_aligns_carets_after_chinese_text_on_the_same_line() {
    let dir = temp();
    let row = "\n(三)不予公开 | 1.属于国家秘密 |";
    let typo_row = "\n（三）不予公开 | 1.属于国家机密 |";
    let text = plant(&seed(SEED_001), row, typo_row);
    write(dir.path(), "secret.txt", &text);
    let run = nianbao(dir.path(), &["check", "secret.txt"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let (blocks, summary) = parse_human(&run.stdout);
    let (line_no, line, _) = locate(&text, typo_row);
    let at = line.find("1.属于国家机密").expect("the planted label");
    let b = block(
        &blocks,
        "label-typo",
        &format!(
            "secret.txt:{}:{}",
            line_no + 1,
            "（三）不予公开 | ".chars().count() + 1
        ),
    );
    assert_eq!(
        b.message,
        "行名称“1.属于国家机密”与年度报告格式不一致，应为“1.属于国家秘密”"
    );
    assert_underlined(b, "secret.txt", line_no, line, at, "1.属于国家机密".len());
    assert_eq!(
        (b.caret_offset, b.caret_width),
        (17, 14),
        "（三）不予公开 | is 17 columns wide"
    );
    assert_summary_matches(&blocks, &summary);
}

#[test]
fn human_output_underlines_wrong_cells_after_an_astral_character() {
    let dir = temp();
    let text = astral_report();
    write(dir.path(), "astral.txt", &text);
    let run = nianbao(dir.path(), &["check", "astral.txt"]);
    assert_eq!(
        run.code, 1,
        "an arithmetic error fails the check: {}",
        run.stdout
    );
    let (blocks, summary) = parse_human(&run.stdout);
    let (line_no, line, _) = locate(&text, ASTRAL_TOTAL_ROW);

    // The cell `0𠮷` is three columns wide: the digit and the wide astral ideograph.
    let at = line.find("0𠮷").expect("the astral cell");
    let b = block(
        &blocks,
        "invalid-number",
        &format!("astral.txt:{}:9", line_no + 1),
    );
    assert_eq!(b.severity, "error");
    assert_eq!(
        b.message,
        "（七）总计·自然人 的“0𠮷”不是数字，请用阿拉伯数字填写"
    );
    assert_underlined(b, "astral.txt", line_no, line, at, "0𠮷".len());
    assert_eq!((b.caret_offset, b.caret_width), (13, 3));

    // The 科研机构 cell comes after the astral character: its column counts 𠮷 as one character
    // and its carets count it as two terminal columns.
    let at = line.find("| 5 |").expect("the wrong cell") + 2;
    let location = format!("astral.txt:{}:18", line_no + 1);
    let b = block(&blocks, "outcome-total", &location);
    assert_eq!(b.severity, "error");
    assert_eq!(
        b.message,
        "（七）总计·科研机构 应为 0（各办理结果之和；使本列第一项加第二项之和等于第三项加第四项之和），实为 5；改为 0 后本表勾稽关系全部成立"
    );
    assert_underlined(b, "astral.txt", line_no, line, at, 1);
    assert_eq!((b.caret_offset, b.caret_width), (23, 1));
    assert_eq!(b.notes, ["建议：改为 0（本表勾稽关系随之全部成立）"]);
    // The balance of that column holds once the wrong cell is corrected, so it is not reported
    // again.
    assert!(blocks.iter().all(|b| b.code != "balance"), "{blocks:#?}");

    assert_summary_matches(&blocks, &summary);
    assert!(
        summary.starts_with("共检查 1 个文件：2 个错误，"),
        "{summary}"
    );
}

#[test]
fn human_output_reports_a_wrong_row_total_and_exits_1() {
    let dir = temp();
    let text = row_total_report();
    write(dir.path(), "total.txt", &text);
    let run = nianbao(dir.path(), &["check", "total.txt"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.stderr, "");
    let (blocks, summary) = parse_human(&run.stdout);

    let (line_no, line, _) = locate(&text, NEW_ROW_WRONG_TOTAL);
    let at = line.rfind("| 3 |").expect("the wrong total") + 2;
    let b = block(
        &blocks,
        "row-total",
        &format!(
            "total.txt:{}:{}",
            line_no + 1,
            line[..at].chars().count() + 1
        ),
    );
    assert_eq!(b.severity, "error");
    assert_eq!(
        b.message,
        "一、本年新收政府信息公开申请数量·总计 应为 0（自然人、法人或其他组织各列之和；使本列第一项加第二项之和等于第三项加第四项之和），实为 3；改为 0 后本表勾稽关系全部成立"
    );
    assert_underlined(b, "total.txt", line_no, line, at, 1);
    assert_eq!(b.notes, ["建议：改为 0（本表勾稽关系随之全部成立）"]);

    // The balance 一 + 二 = （七） + 四 of the 总计 column fails too, but only because of that cell:
    // it is named in the message and not reported again on another cell.
    assert!(blocks.iter().all(|b| b.code != "balance"), "{blocks:#?}");

    // Seed 001's text says 未收到依申请公开事项, which the wrong 3 now contradicts.
    assert!(
        blocks.iter().any(|b| b.code == "narrative-mismatch"),
        "{blocks:#?}"
    );
    assert_summary_matches(&blocks, &summary);
    assert!(
        summary.starts_with("共检查 1 个文件：2 个错误，"),
        "{summary}"
    );
}

#[test]
fn human_output_shows_the_blank_cells_of_a_table_in_one_warning() {
    let dir = temp();
    // Seed 001 with the 0s of table 三 after its first row left blank, as web pages leave them.
    let text = seed(SEED_001);
    let (start, end) = (
        text.find(NEW_ROW).unwrap() + NEW_ROW.len(),
        text.find("\n四、政府").unwrap(),
    );
    let blank = format!(
        "{}{}{}",
        &text[..start],
        text[start..end].replace(" 0 |", "  |"),
        &text[end..]
    );
    let cells = text[start..end].matches(" 0 |").count();
    write(dir.path(), "blank.txt", &blank);
    let run = nianbao(dir.path(), &["check", "blank.txt"]);
    let (blocks, summary) = parse_human(&run.stdout);
    let empty: Vec<&Block> = blocks
        .iter()
        .filter(|b| b.code == "empty-cell" && b.message.starts_with("表三"))
        .collect();
    assert_eq!(empty.len(), 1, "{}", run.stdout);
    assert_eq!(empty[0].severity, "warning");
    assert_eq!(
        empty[0].message,
        format!("表三有 {cells} 个单元格空白，按 0 计算")
    );
    // The fix, and the first blank cells by name with how many there are.
    assert_eq!(empty[0].notes[0], "建议：填写 0");
    assert!(
        empty[0].notes[1].starts_with("涉及：二、上年结转政府信息公开申请数量·自然人、"),
        "{:?}",
        empty[0].notes
    );
    assert!(
        empty[0].notes[1].ends_with(&format!(" 等 {cells} 处")),
        "{:?}",
        empty[0].notes
    );
    assert_summary_matches(&blocks, &summary);
}

#[test]
fn clean_seeds_exit_0_without_errors() {
    for name in [SEED_000, SEED_001, SEED_003] {
        let run = nianbao(&seeds(), &["check", name]);
        assert_eq!(run.code, 0, "{name}: {}", run.stdout);
        assert_eq!(run.stderr, "", "{name}");
        let (blocks, summary) = parse_human(&run.stdout);
        assert!(
            blocks.iter().all(|b| b.severity != "error"),
            "{name}: {blocks:#?}"
        );
        assert_summary_matches(&blocks, &summary);
        assert_eq!(summary_counts(&summary)[..2], [1, 0], "{name}: {summary}");
    }
    let run = nianbao(&seeds(), &["check", SEED_000, SEED_001, SEED_003]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.ends_with('\n'));
    assert!(
        run.stdout
            .lines()
            .last()
            .unwrap()
            .starts_with("共检查 3 个文件：0 个错误，"),
        "{}",
        run.stdout
    );
}

#[test]
fn seed_002_has_warnings_only_and_exits_0() {
    let text = seed(SEED_002);
    let run = nianbao(&seeds(), &["check", SEED_002]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let (blocks, summary) = parse_human(&run.stdout);
    assert!(blocks.iter().all(|b| b.severity != "error"), "{blocks:#?}");
    assert_summary_matches(&blocks, &summary);
    assert_eq!(summary_counts(&summary)[..2], [1, 0], "{summary}");

    // The three damaged labels the README lists are each underlined from the start of their line.
    for (label, canonical) in [
        ("政处罚", "“行政处罚”"),
        ("3.危及三安全一稳定", "「3.危及“三安全一稳定”」"),
        (
            "(二)部分公开(区分处理的,只计这一情形,不计其他情形",
            "“（二）部分公开（区分处理的，只计这一情形，不计其他情形）”",
        ),
    ] {
        let (line_no, line, at) = locate(&text, &format!("\n{label}\n"));
        let b = block(
            &blocks,
            "label-typo",
            &format!("{SEED_002}:{}:1", line_no + 1),
        );
        assert_eq!(b.severity, "warning");
        assert_eq!(
            b.message,
            format!("行名称“{label}”与年度报告格式不一致，应为{canonical}")
        );
        // Half-width brackets and commas are one column wide each, ideographs two.
        assert_underlined(b, SEED_002, line_no, line, at, label.len());
    }

    // The longer official wording of heading 二 is a note, underlined after its numeral.
    let heading = "二、行政机关主动公开政府信息情况";
    let (line_no, line, at) = locate(&text, heading);
    let b = block(
        &blocks,
        "heading-variant",
        &format!("{SEED_002}:{}:3", line_no + 1),
    );
    assert_eq!(b.severity, "note");
    assert_underlined(
        b,
        SEED_002,
        line_no,
        line,
        at + "二、".len(),
        heading.len() - "二、".len(),
    );
}

#[test]
fn english_messages_and_summary_with_lang_en() {
    let dir = temp();
    write(dir.path(), "typo.txt", typo_report());
    write(dir.path(), "total.txt", row_total_report());
    let run = nianbao(
        dir.path(),
        &["check", "--lang", "en", "typo.txt", "total.txt"],
    );
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines.contains(&"warning[label-typo]: row label “政处罚” differs from the format; it should be “行政处罚”"),
        "{}",
        run.stdout
    );
    assert!(
        lines
            .iter()
            .any(|l| l.trim() == "= fix: Replace with “行政处罚”"),
        "{}",
        run.stdout
    );
    assert!(
        lines.contains(
            &"error[row-total]: “new requests this year”, total should be 0 (the sum of the applicant columns; so that item 1 plus item 2 equals item 3 plus item 4 in the column), but is 3; with 0, every relation of the table holds"
        ),
        "{}",
        run.stdout
    );
    let summary = *lines.last().unwrap();
    assert!(
        summary.starts_with("checked 2 file(s): 2 error(s), "),
        "{summary}"
    );
    assert!(summary.ends_with(" info"), "{summary}");
    assert!(
        !run.stdout.contains("共检查"),
        "no Chinese summary in English output"
    );

    // The JSON messages follow --lang as well.
    let run = nianbao(
        dir.path(),
        &["check", "--format", "json", "--lang", "en", "total.txt"],
    );
    let files = json_files(&run);
    let d = with_code(&files[0], "row-total");
    assert_eq!(d[0]["message"], "“new requests this year”, total should be 0 (the sum of the applicant columns; so that item 1 plus item 2 equals item 3 plus item 4 in the column), but is 3; with 0, every relation of the table holds");
}

#[test]
fn json_of_a_clean_seed_has_the_documented_schema() {
    let run = nianbao(&seeds(), &["check", "--format", "json", SEED_003]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "");
    let files = json_files(&run);
    assert_eq!(files.len(), 1);
    let f = &files[0];
    assert_eq!(
        keys(f),
        [
            "diagnostics",
            "encoding",
            "format",
            "isReport",
            "kind",
            "path",
            "year"
        ]
    );
    assert_eq!(f["kind"], "text");
    assert_eq!(f["path"], SEED_003);
    assert_eq!(f["encoding"], "UTF-8");
    assert_eq!(f["isReport"], true);
    assert_eq!(f["year"], 2020, "seed 003 is the report for 2020");
    assert_eq!(f["format"], "2019", "seed 003 uses the 2019 tables");
    assert!(
        with_code(f, "format-mismatch").is_empty(),
        "the 2019 tables are right for 2020"
    );
    assert!(f["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["severity"] != 1));
}

#[test]
fn json_of_seed_004_reports_the_2019_tables_in_a_2021_report() {
    let run = nianbao(&seeds(), &["check", "--format", "json", SEED_004]);
    assert_eq!(run.code, 0, "a format mismatch is a warning");
    let files = json_files(&run);
    let f = &files[0];
    assert_eq!(
        (&f["year"], &f["format"], &f["isReport"]),
        (&json!(2021), &json!("2019"), &json!(true))
    );
    let mismatches = with_code(f, "format-mismatch");
    assert!(!mismatches.is_empty(), "{f:#}");
    for d in &mismatches {
        assert_eq!(
            keys(d),
            ["code", "data", "message", "range", "severity", "source"]
        );
        assert_eq!(d["severity"], 2);
        assert_eq!(d["source"], "nianbao");
        assert_eq!(d["data"]["expected"], "2021");
        assert_eq!(d["data"]["found"], "2019");
        let message = d["message"].as_str().unwrap();
        assert!(
            message.starts_with(
                "本报告为2021年度报告，应使用2021年格式（国办公开办函〔2021〕30号），但第"
            ),
            "{message}"
        );
        assert!(
            message.ends_with("使用的是2019年格式（国办公开办函〔2019〕60号）"),
            "{message}"
        );
    }
}

#[test]
fn json_ranges_count_utf16_code_units() {
    let dir = temp();
    let text = plant(&astral_report(), PENALTY_ROW, PENALTY_TYPO_ROW);
    write(dir.path(), "astral.txt", &text);
    let run = nianbao(dir.path(), &["check", "--format", "json", "astral.txt"]);
    assert_eq!(run.code, 1);
    let files = json_files(&run);
    let f = &files[0];
    assert_eq!(f["path"], "astral.txt");

    // The truncated label starts its line: three ideographs are three UTF-16 units.
    let (typo_line, _, _) = locate(&text, PENALTY_TYPO_ROW);
    let typo = with_code(f, "label-typo");
    assert_eq!(typo.len(), 1, "{f:#}");
    assert_eq!(typo[0]["range"], range(typo_line, 0, 3));
    assert_eq!(typo[0]["severity"], 2);

    // On the total row, （七）总计 is five units and 𠮷 is two (a surrogate pair), so the 科研机构
    // cell starts at unit 18 although it is the 17th character (0-based) of the line.
    let (line_no, line, _) = locate(&text, ASTRAL_TOTAL_ROW);
    let cell = line.find("0𠮷").unwrap();
    let wrong = line.find("| 5 |").unwrap() + 2;
    let utf16 = |byte: usize| line[..byte].encode_utf16().count();
    assert_eq!(
        (utf16(cell), utf16(wrong), line[..wrong].chars().count()),
        (8, 18, 17)
    );
    let invalid = with_code(f, "invalid-number");
    assert_eq!(invalid.len(), 1, "{f:#}");
    assert_eq!(invalid[0]["range"], range(line_no, 8, 11));
    // The balance of that column holds once the wrong cell is corrected, so it is not reported
    // again.
    assert!(with_code(f, "balance").is_empty(), "{f:#}");
    {
        let code = "outcome-total";
        let d = with_code(f, code);
        assert_eq!(d.len(), 1, "{code}: {f:#}");
        assert_eq!(d[0]["range"], range(line_no, 18, 19), "{code}");
        assert_eq!(d[0]["severity"], 1);
        assert_eq!(d[0]["data"]["expected"], 0);
        assert_eq!(d[0]["data"]["actual"], 5);
        // The fix replaces exactly the wrong cell, in the same UTF-16 units.
        let edit = &d[0]["data"]["fixes"][0]["edits"][0];
        assert_eq!(edit["range"], range(line_no, 18, 19));
        assert_eq!(edit["newText"], "0");
    }
}

#[test]
fn json_arithmetic_diagnostics_carry_the_expected_value() {
    let dir = temp();
    let text = row_total_report();
    write(dir.path(), "total.txt", &text);
    let run = nianbao(dir.path(), &["check", "--format", "json", "total.txt"]);
    assert_eq!(run.code, 1, "an error fails the check in JSON output too");
    let files = json_files(&run);
    let f = &files[0];
    assert_eq!((&f["year"], &f["format"]), (&json!(2021), &json!("2021")));

    let (line_no, line, _) = locate(&text, NEW_ROW_WRONG_TOTAL);
    let at = line.rfind("| 3 |").unwrap() + 2;
    let col = line[..at].encode_utf16().count();
    let d = with_code(f, "row-total");
    assert_eq!(d.len(), 1, "{f:#}");
    let d = d[0];
    assert_eq!(
        keys(d),
        ["code", "data", "message", "range", "severity", "source"]
    );
    assert_eq!(d["range"], range(line_no, col, col + 1));
    assert_eq!(
        (&d["severity"], &d["source"]),
        (&json!(1), &json!("nianbao"))
    );
    assert_eq!(
        d["message"],
        "一、本年新收政府信息公开申请数量·总计 应为 0（自然人、法人或其他组织各列之和；使本列第一项加第二项之和等于第三项加第四项之和），实为 3；改为 0 后本表勾稽关系全部成立"
    );
    assert_eq!(
        (&d["data"]["expected"], &d["data"]["actual"]),
        (&json!(0), &json!(3))
    );
    assert_eq!(
        (&d["data"]["table"], &d["data"]["row"]),
        (&json!("T3"), &json!("new"))
    );

    assert!(with_code(f, "balance").is_empty(), "{f:#}");
}

#[test]
fn folders_yield_txt_and_md_files_in_path_order() {
    let dir = temp();
    let root = dir.path();
    write(root, "reports/z.txt", typo_report());
    write(root, "reports/b.txt", seed(SEED_001));
    write(root, "reports/b/deeper/x.md", row_total_report());
    write(root, "reports/b/y.TXT", seed(SEED_001));
    write(root, "reports/b/main.rs", "fn main() {}\n");
    write(root, "reports/a/data.csv", "a,b\n1,2\n");
    write(
        root,
        "reports/a/poem.md",
        "静夜思\n床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n",
    );
    let run = nianbao(root, &["check", "--format", "json", "reports"]);
    assert_eq!(run.code, 1, "x.md holds an arithmetic error");
    let files = json_files(&run);
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        [
            "reports/a/poem.md",
            "reports/b/deeper/x.md",
            "reports/b/y.TXT",
            "reports/b.txt",
            "reports/z.txt"
        ]
    );
    let poem = &files[0];
    assert_eq!(poem["isReport"], false);
    assert_eq!(poem["diagnostics"], json!([]));
    assert_eq!(
        (&poem["year"], &poem["format"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(files[2]["isReport"], true);
    assert!(!with_code(&files[1], "row-total").is_empty());
    assert!(!with_code(&files[4], "label-typo").is_empty());

    // The human output prints the files in the same order and says the poem is not a report.
    let run = nianbao(root, &["check", "reports"]);
    assert_eq!(run.code, 1);
    let (blocks, summary) = parse_human(&run.stdout);
    let order: Vec<&str> = blocks
        .iter()
        .map(|b| b.location.split(':').next().unwrap())
        .collect();
    let first_typo = order
        .iter()
        .position(|p| *p == "reports/z.txt")
        .expect("z.txt is reported");
    let last_total = order
        .iter()
        .rposition(|p| *p == "reports/b/deeper/x.md")
        .expect("x.md is reported");
    assert!(last_total < first_typo, "{order:?}");
    assert!(summary.starts_with("共检查 5 个文件："), "{summary}");
    assert!(
        summary.ends_with("；1 个文件不是年度报告，未检查"),
        "{summary}"
    );
    assert!(
        run.stdout.ends_with(
            "\n未检查的文件：\n  reports/a/poem.md：不是年度报告（未找到报告的标题、章节或表格）\n"
        ),
        "{}",
        run.stdout
    );
    assert_summary_matches(&blocks, &summary);
}

#[test]
fn a_poem_alone_is_not_a_report() {
    let dir = temp();
    write(
        dir.path(),
        "poem.txt",
        "春眠不觉晓，处处闻啼鸟。\n夜来风雨声，花落知多少。\n",
    );
    let run = nianbao(dir.path(), &["check", "poem.txt"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "共检查 1 个文件：0 个错误，0 个警告，0 条提示；1 个文件不是年度报告，未检查\n\
         未检查的文件：\n  poem.txt：不是年度报告（未找到报告的标题、章节或表格）\n"
    );
    let run = nianbao(dir.path(), &["check", "--lang", "en", "poem.txt"]);
    assert_eq!(
        run.stdout,
        "checked 1 file(s): 0 error(s), 0 warning(s), 0 info; 1 file(s) are not annual reports and were skipped\n\
         files not checked:\n  poem.txt: not an annual report (no title, sections or tables of one found)\n"
    );
}

#[test]
fn many_files_keep_path_order_across_batches() {
    // More files than one batch of parallel work (64), with reports and non-reports interleaved.
    let dir = temp();
    let report = typo_report();
    let mut expected = Vec::new();
    for i in 0..70 {
        let name = format!("many/{:02}/r.txt", 69 - i);
        write(
            dir.path(),
            &name,
            if i % 7 == 0 {
                report.as_str()
            } else {
                "一首诗\n"
            },
        );
        expected.push(name);
    }
    expected.sort();
    let run = nianbao(dir.path(), &["check", "--format", "json", "many"]);
    assert_eq!(run.code, 0);
    let files = json_files(&run);
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, expected);
    let reports = files.iter().filter(|f| f["isReport"] == true).count();
    assert_eq!(reports, 10);
}

#[test]
fn every_supported_encoding_gives_the_same_diagnostics() {
    let dir = temp();
    // The fixture holds CJK text, 𠮷 (outside the Basic Multilingual Plane) and three diagnostics.
    let text = plant(&astral_report(), PENALTY_ROW, PENALTY_TYPO_ROW);
    let (gb18030, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable, "GB18030 encodes every character");
    let mut utf8_bom = vec![0xEF, 0xBB, 0xBF];
    utf8_bom.extend_from_slice(text.as_bytes());
    let variants: [(&str, Vec<u8>, &str); 6] = [
        ("utf8.txt", text.as_bytes().to_vec(), "UTF-8"),
        ("utf8-bom.txt", utf8_bom, "UTF-8 (BOM)"),
        ("utf16le.txt", utf16_with_bom(&text, false), "UTF-16LE"),
        ("utf16be.txt", utf16_with_bom(&text, true), "UTF-16BE"),
        ("gb18030.txt", gb18030.into_owned(), "GB18030"),
        // Windows line endings are not an encoding, but they must not move any position either.
        ("crlf.txt", text.replace('\n', "\r\n").into_bytes(), "UTF-8"),
    ];
    let mut names = Vec::new();
    for (name, bytes, _) in &variants {
        write(dir.path(), name, bytes);
        names.push(*name);
    }
    let mut args = vec!["check", "--format", "json"];
    args.extend(&names);
    let run = nianbao(dir.path(), &args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    let files = json_files(&run);
    assert_eq!(files.len(), variants.len());
    let reference = &files[0]["diagnostics"];
    // The three planted ones, and seed 001's missing fee statement.
    assert_eq!(reference.as_array().unwrap().len(), 4, "{reference:#}");
    for (f, (name, _, encoding)) in files.iter().zip(&variants) {
        assert_eq!(f["path"], *name);
        assert_eq!(f["encoding"], *encoding, "{name}");
        assert_eq!(
            (&f["year"], &f["format"]),
            (&json!(2021), &json!("2021")),
            "{name}"
        );
        assert_eq!(&f["diagnostics"], reference, "{name}");
    }

    // The human output of the UTF-16 file shows the same decoded line and carets as the UTF-8 one.
    let utf8 = nianbao(dir.path(), &["check", "utf8.txt"]);
    let utf16 = nianbao(dir.path(), &["check", "utf16be.txt"]);
    assert_eq!(utf16.stdout.replace("utf16be.txt", "utf8.txt"), utf8.stdout);
}

#[test]
fn an_undecodable_file_goes_to_stderr_and_the_others_are_still_checked() {
    let dir = temp();
    write(dir.path(), "in/a.txt", row_total_report());
    // A NUL byte and bytes that are neither UTF-8 nor GB18030.
    write(
        dir.path(),
        "in/b.txt",
        b"\xC4\xEA\xB6\xC8\x00\xFF\x80\xFF".as_slice(),
    );
    write(dir.path(), "in/c.txt", seed(SEED_001));

    let run = nianbao(dir.path(), &["check", "in"]);
    assert_eq!(run.code, 2, "an unreadable file wins over errors");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("无法读取 in/b.txt：无法识别文件的文字编码，请将其另存为 UTF-8 编码的文本文件后重试（详情："),
        "{}",
        run.stderr
    );
    let (blocks, summary) = parse_human(&run.stdout);
    assert!(blocks
        .iter()
        .any(|b| b.location.starts_with("in/a.txt:") && b.code == "row-total"));
    let reason = run
        .stderr
        .trim_end()
        .strip_prefix("无法读取 in/b.txt：")
        .expect("the message names the file");
    assert!(
        run.stdout
            .ends_with(&format!("\n未检查的文件：\n  in/b.txt：{reason}\n")),
        "the summary lists the file with why: {}",
        run.stdout
    );
    assert!(
        summary.starts_with("共检查 3 个文件：2 个错误，"),
        "{summary}"
    );
    assert!(summary.ends_with("；1 个文件无法读取"), "{summary}");
    assert_summary_matches(&blocks, &summary);

    let run = nianbao(
        dir.path(),
        &["check", "--format", "json", "--lang", "en", "in"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("cannot read in/b.txt: cannot recognise the text encoding ("),
        "{}",
        run.stderr
    );
    let files = json_files(&run);
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["in/a.txt", "in/b.txt", "in/c.txt"]);
    assert_eq!(files[1]["error"], run.stderr.trim_end());
    // The entry of an unreadable file has the keys of every other entry, plus its error.
    assert_eq!(
        keys(&files[1]),
        [
            "diagnostics",
            "encoding",
            "error",
            "format",
            "isReport",
            "kind",
            "path",
            "year"
        ]
    );
    assert_eq!(files[1]["isReport"], false);
    assert_eq!(files[1]["diagnostics"], json!([]));
    assert!(files[0].get("error").is_none() && files[2].get("error").is_none());
    assert_eq!(files[2]["isReport"], true);
    assert_eq!(with_code(&files[0], "row-total").len(), 1);
}

#[test]
fn a_missing_path_exits_2_and_is_named() {
    let dir = temp();
    write(dir.path(), "ok.txt", seed(SEED_001));
    let run = nianbao(dir.path(), &["check", "missing.txt", "ok.txt"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "无法读取 missing.txt：文件不存在\n");
    assert!(
        run.stdout
            .ends_with("\n未检查的文件：\n  missing.txt：文件不存在\n"),
        "{}",
        run.stdout
    );
    let summary = summary_line(&run.stdout);
    assert!(
        summary.starts_with("共检查 2 个文件：0 个错误，"),
        "{summary}"
    );
    assert!(summary.ends_with("；1 个文件无法读取"), "{summary}");

    let run = nianbao(
        dir.path(),
        &[
            "check",
            "--lang",
            "en",
            "--format",
            "json",
            "missing.txt",
            "ok.txt",
        ],
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "cannot read missing.txt: no such file\n");
    let files = json_files(&run);
    assert_eq!(files[0]["path"], "missing.txt");
    assert_eq!(files[0]["error"], "cannot read missing.txt: no such file");
    assert_eq!(files[1]["path"], "ok.txt");
    assert_eq!(files[1]["isReport"], true);
}

#[test]
fn an_empty_file_is_checked_without_diagnostics() {
    let dir = temp();
    write(dir.path(), "empty.txt", b"");
    let run = nianbao(dir.path(), &["check", "empty.txt"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        "共检查 1 个文件：0 个错误，0 个警告，0 条提示；1 个文件不是年度报告，未检查\n未检查的文件：\n  empty.txt：文件为空\n"
    );
    let run = nianbao(dir.path(), &["check", "--format", "json", "empty.txt"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        parse_json(&run),
        json!({ "files": [{
            "path": "empty.txt", "encoding": "UTF-8", "isReport": false, "kind": "text",
            "year": null, "format": null, "diagnostics": [],
        }] })
    );
}

#[test]
fn the_year_option_applies_only_to_a_report_that_states_no_year() {
    let dir = temp();
    // Every four-digit number starting with 20 goes, so that the text names no year at all.
    let mut text = seed(SEED_001);
    for year in ["2019", "2020", "2021", "2022"] {
        text = text.replace(year, "本");
    }
    write(dir.path(), "undated.txt", &text);
    let year_of = |args: &[&str]| {
        let run = nianbao(dir.path(), args);
        let files = json_files(&run);
        (
            files[0]["year"].clone(),
            files[0]["format"].clone(),
            with_code(&files[0], "format-mismatch").len(),
        )
    };
    assert_eq!(
        year_of(&["check", "--format", "json", "undated.txt"]),
        (Value::Null, json!("2021"), 0)
    );
    assert_eq!(
        year_of(&["check", "--format", "json", "--year", "2021", "undated.txt"]),
        (json!(2021), json!("2021"), 0)
    );
    let (year, _, mismatches) =
        year_of(&["check", "--format", "json", "--year", "2020", "undated.txt"]);
    assert_eq!(year, 2020);
    assert!(
        mismatches > 0,
        "the 2021 tables are wrong for a 2020 report"
    );

    // Seed 003 states 2020, which wins over the option.
    let run = nianbao(
        &seeds(),
        &["check", "--format", "json", "--year", "2021", SEED_003],
    );
    assert_eq!(json_files(&run)[0]["year"], 2020);
}

#[test]
fn version_flag_prints_the_package_version() {
    let run = nianbao(&seeds(), &["--version"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        format!("nianbao {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn check_without_a_path_is_a_usage_error() {
    let run = nianbao(&seeds(), &["check"]);
    assert_ne!(run.code, 0);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("<PATHS>..."), "{}", run.stderr);
    assert!(
        run.stderr.contains("Usage: nianbao check"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_diagnostics_name_their_related_places() {
    // The example says no request came in while table 三 counts 8: the diagnostic points at that
    // cell.
    let dir = temp();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/example-report-2021.txt"
    ))
    .unwrap();
    write(dir.path(), "example.txt", &text);
    let run = nianbao(dir.path(), &["check", "--format", "json", "example.txt"]);
    let files = json_files(&run);
    let d = with_code(&files[0], "narrative-mismatch");
    assert_eq!(d.len(), 1, "{:#}", files[0]);
    let related = d[0]["relatedInformation"]
        .as_array()
        .expect("related places");
    assert_eq!(related.len(), 1);
    assert_eq!(
        related[0]["message"],
        "表三“一、本年新收政府信息公开申请数量·总计”：8"
    );
    let (line_no, line, _) = locate(
        &text,
        "一、本年新收政府信息公开申请数量 | 6 | 2 | 0 | 0 | 0 | 0 | 8 |",
    );
    let at = line.find("| 8 |").unwrap() + 2;
    let col = line[..at].encode_utf16().count();
    assert_eq!(related[0]["range"], range(line_no, col, col + 1));
    // In English on request.
    let run = nianbao(
        dir.path(),
        &["check", "--format", "json", "--lang", "en", "example.txt"],
    );
    let files = json_files(&run);
    let d = with_code(&files[0], "narrative-mismatch");
    assert_eq!(
        d[0]["relatedInformation"][0]["message"],
        "the total of table 3 “new requests this year”: 8"
    );
}
