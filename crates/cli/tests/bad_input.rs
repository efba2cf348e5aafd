//! `nianbao check` on input that is not a clean text file: unreadable files and folders,
//! symbolic-link loops, devices, files too large to read, files in UTF-8, UTF-16 and GB18030 with
//! invalid byte sequences, text in encodings nianbao does not read, files that are empty or hold
//! only a byte order mark, file names that are not UTF-8, and a 100 MB report. In each case the
//! message names the file, the other files are still checked, and the exit status is the documented
//! one (2 when a file could not be read).
//!
//! The cases `cli.rs` covers already (every supported encoding decoded alike, a binary file, a
//! missing path, an empty file) are not repeated here.
//!
//! Permissions: CI runs as root, for whom `chmod 000` does not prevent reading, so the permission
//! test checks what happens for whoever runs it: refused and named for a normal user, read for
//! root. A file that not even root can read (`/proc/self/mem`, whose first page is never mapped)
//! covers the read error path everywhere on Linux.

mod common;

use common::{nianbao, write, Run};

use std::fs;
use std::path::Path;

use serde_json::Value;

const SEED_001: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/corpus/seeds/001_de67b3003fa77aa1.txt"
));
/// The first row of table 三 in seed 001, and the same row with a wrong 总计: one error.
const NEW_ROW: &str = "\n一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
const NEW_ROW_WRONG_TOTAL: &str =
    "\n一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 3 |";

/// A report with one error (a wrong 总计).
fn report_with_an_error() -> String {
    assert!(SEED_001.contains(NEW_ROW));
    SEED_001.replacen(NEW_ROW, NEW_ROW_WRONG_TOTAL, 1)
}

/// The `files` of the JSON output.
fn files(run: &Run) -> Vec<Value> {
    let v: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("JSON output ({e}): {}", run.stdout));
    v["files"].as_array().cloned().expect("a files array")
}

/// The paths of the JSON output, and for each whether it has an error entry.
fn listing(run: &Run) -> Vec<(String, bool)> {
    files(run)
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or("?").to_owned(),
                f.get("error").is_some(),
            )
        })
        .collect()
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        out.extend_from_slice(&if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

// ---- Files that cannot be read ------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_named_and_the_others_still_checked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "in/a.txt", report_with_an_error());
    write(root, "in/locked.txt", SEED_001);
    write(root, "in/shut/c.txt", SEED_001);
    write(root, "in/z.txt", SEED_001);
    let lock = |p: &str, mode: u32| {
        fs::set_permissions(root.join(p), fs::Permissions::from_mode(mode)).unwrap()
    };
    lock("in/locked.txt", 0o000);
    lock("in/shut", 0o000);
    // Root reads whatever the permissions say.
    let privileged = fs::read(root.join("in/locked.txt")).is_ok();
    let run = nianbao(root, &["check", "--format", "json", "in"]);
    let human = nianbao(root, &["check", "in"]);
    lock("in/shut", 0o755);
    lock("in/locked.txt", 0o644);
    if privileged {
        // Nothing is refused: every file is checked, and the one error decides the status.
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert_eq!(run.stderr, "");
        let paths: Vec<(String, bool)> = listing(&run);
        let expected = ["in/a.txt", "in/locked.txt", "in/shut/c.txt", "in/z.txt"]
            .map(|p| (p.to_owned(), false));
        assert_eq!(paths, expected);
    } else {
        assert_eq!(run.code, 2, "an unreadable file or folder gives 2");
        assert_eq!(
            human.stderr, "无法读取 in/locked.txt：没有读取权限\n无法读取 in/shut：没有读取权限\n",
            "each named once, in path order"
        );
        assert_eq!(
            listing(&run),
            [
                ("in/a.txt", false),
                ("in/locked.txt", true),
                ("in/shut", true),
                ("in/z.txt", false)
            ]
            .map(|(p, e)| (p.to_owned(), e))
        );
        assert!(
            summary_line(&human.stdout).ends_with("；2 个文件无法读取"),
            "{}",
            human.stdout
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_that_even_root_cannot_read_is_named_with_the_system_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.txt", SEED_001);
    // Reading the start of a process's memory fails with EIO, for root too.
    let run = nianbao(dir.path(), &["check", "/proc/self/mem", "ok.txt"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("无法读取 /proc/self/mem：读取时出错（"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    let summary = summary_line(&run.stdout);
    assert!(
        summary.starts_with("共检查 2 个文件：0 个错误") && summary.ends_with("；1 个文件无法读取"),
        "{summary}"
    );
    let run = nianbao(dir.path(), &["check", "--lang", "en", "/proc/self/mem"]);
    assert!(
        run.stderr.starts_with("cannot read /proc/self/mem: "),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn devices_and_folders_given_as_files_are_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.txt", SEED_001);
    // A character device would never end (/dev/zero) or block (a terminal); it is refused from its
    // metadata, before it is opened.
    let run = nianbao(dir.path(), &["check", "/dev/zero", "/dev/null", "ok.txt"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "无法读取 /dev/zero：不是普通文件（可能是文件夹、设备或管道）\n无法读取 /dev/null：不是普通文件（可能是文件夹、设备或管道）\n"
    );
    assert!(
        summary_line(&run.stdout).contains("2 个文件无法读取"),
        "{}",
        run.stdout
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_once_each_and_the_walk_goes_on() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "in/a.txt", SEED_001);
    write(root, "in/sub/b.md", report_with_an_error());
    write(root, "in/z.txt", SEED_001);
    // A folder that links back to its ancestor, two files that link to each other, a link to
    // itself.
    symlink(root.join("in"), root.join("in/sub/up")).unwrap();
    symlink(root.join("in/y.txt"), root.join("in/x.txt")).unwrap();
    symlink(root.join("in/x.txt"), root.join("in/y.txt")).unwrap();
    symlink(root.join("in/self.txt"), root.join("in/self.txt")).unwrap();
    let run = nianbao(root, &["check", "--format", "json", "in", "in/x.txt"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let loops: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        loops,
        [
            "无法读取 in/self.txt：符号链接形成了循环",
            "无法读取 in/sub/up：符号链接形成了循环",
            "无法读取 in/x.txt：符号链接形成了循环",
            "无法读取 in/y.txt：符号链接形成了循环",
            "无法读取 in/x.txt：符号链接形成了循环",
        ]
    );
    let checked: Vec<String> = listing(&run)
        .into_iter()
        .filter(|(_, e)| !e)
        .map(|(p, _)| p)
        .collect();
    assert_eq!(checked, ["in/a.txt", "in/sub/b.md", "in/z.txt"]);
}

// ---- Files that cannot be decoded ---------------------------------------------------------------

#[test]
fn invalid_byte_sequences_in_every_encoding_are_named_with_their_offset() {
    let dir = tempfile::tempdir().unwrap();
    let text = report_with_an_error();
    let mut utf8_bom = vec![0xEF, 0xBB, 0xBF];
    utf8_bom.extend_from_slice("一、总体情况\n".as_bytes());
    utf8_bom.extend_from_slice(b"\xE5\xB9\n");
    let mut utf16_odd = utf16("一、总体情况\n", false);
    utf16_odd.push(b'x');
    // 报 (U+62A5), then an unpaired high surrogate, then A, in UTF-16BE.
    let utf16_lone = [0xFE, 0xFF, 0x62, 0xA5, 0xD8, 0x42, 0x00, 0x41];
    let mut gb_bad = gb18030("一、总体情况\n");
    // A GB18030 lead byte followed by a space, after six two-byte characters and a line feed (byte
    // 13): invalid in GB18030, and in UTF-8 from byte 2.
    gb_bad.extend_from_slice(b"\x81 \n");
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("b-utf8-bom.txt", utf8_bom, "the file starts with a UTF-8 byte order mark but is not valid UTF-8: the first invalid byte sequence is at byte offset 22"),
        ("c-utf16-odd.txt", utf16_odd, "the file starts with a UTF-16LE byte order mark but is not valid UTF-16LE: it has an odd number of bytes"),
        ("d-utf16-lone.txt", utf16_lone.to_vec(), "the file starts with a UTF-16BE byte order mark but is not valid UTF-16BE: there is an unpaired surrogate at byte offset 4"),
        (
            "e-gb18030.txt",
            gb_bad,
            "the file is neither valid UTF-8 nor valid GB18030: the first invalid UTF-8 byte sequence is at byte offset 2, the first invalid GB18030 one at byte offset 13",
        ),
    ];
    write(dir.path(), "a-ok.txt", &text);
    for (name, bytes, _) in &cases {
        write(dir.path(), name, bytes);
    }
    write(dir.path(), "f-ok.txt", gb18030(&text));
    write(dir.path(), "g-ok.txt", utf16(&text, true));
    let run = nianbao(
        dir.path(),
        &["check", "--lang", "en", "--format", "json", "."],
    );
    assert_eq!(run.code, 2);
    let expected: Vec<String> = cases
        .iter()
        .map(|(name, _, why)| {
            format!("cannot read ./{name}: cannot recognise the text encoding ({why})")
        })
        .collect();
    assert_eq!(run.stderr.lines().collect::<Vec<_>>(), expected);
    let files = files(&run);
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        [
            "./a-ok.txt",
            "./b-utf8-bom.txt",
            "./c-utf16-odd.txt",
            "./d-utf16-lone.txt",
            "./e-gb18030.txt",
            "./f-ok.txt",
            "./g-ok.txt"
        ]
    );
    // The readable ones are checked whatever their encoding, with the same diagnostics.
    for i in [0, 5, 6] {
        assert!(files[i].get("error").is_none());
        assert_eq!(
            files[i]["diagnostics"], files[0]["diagnostics"],
            "{}",
            paths[i]
        );
        assert!(!files[i]["diagnostics"].as_array().unwrap().is_empty());
    }
    for f in &files[1..5] {
        assert_eq!(f["isReport"], false);
        assert_eq!(f["diagnostics"], serde_json::json!([]));
    }
    // In Chinese the message says what to do, and what was tried in Chinese too.
    let run = nianbao(dir.path(), &["check", "c-utf16-odd.txt"]);
    assert_eq!(
        run.stderr,
        "无法读取 c-utf16-odd.txt：无法识别文件的文字编码，请将其另存为 UTF-8 编码的文本文件后重试\
         （详情：文件以 UTF-16LE 字节顺序标记开头，但字节数为奇数，不是有效的 UTF-16LE）\n"
    );
}

#[test]
fn text_in_encodings_nianbao_does_not_read_is_refused_or_read_as_documented() {
    let dir = tempfile::tempdir().unwrap();
    // UTF-16 without a byte order mark: its ASCII characters bring NUL bytes, so it is taken for a
    // binary file and refused.
    let mut utf16_no_bom = utf16("2021年报告 report", false);
    utf16_no_bom.drain(..2);
    write(dir.path(), "utf16-no-bom.txt", utf16_no_bom);
    // Latin-1 (or Windows-1252) text whose bytes happen to be valid GB18030 is read as GB18030,
    // giving nonsense that is no report: detection by content cannot tell the two apart. Most
    // Latin-1 text is not valid GB18030 (an accented letter before a space or at the end of a line)
    // and is refused.
    write(dir.path(), "latin1-lucky.txt", b"R\xe9sum\xe9s caf\xe9s\n");
    write(dir.path(), "latin1.txt", b"caf\xe9 cr\xe8me\n");
    let run = nianbao(
        dir.path(),
        &[
            "check",
            "--lang",
            "en",
            "--format",
            "json",
            "utf16-no-bom.txt",
            "latin1-lucky.txt",
            "latin1.txt",
        ],
    );
    assert_eq!(run.code, 2);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    assert!(lines[0].starts_with("cannot read utf16-no-bom.txt: cannot recognise the text encoding (looks like a binary file: "), "{}", lines[0]);
    assert!(lines[1].starts_with("cannot read latin1.txt: cannot recognise the text encoding (the file is neither valid UTF-8 nor valid GB18030"), "{}", lines[1]);
    let files = files(&run);
    assert_eq!(
        (
            files[1]["encoding"].as_str(),
            files[1]["isReport"].as_bool()
        ),
        (Some("GB18030"), Some(false))
    );
}

#[test]
fn empty_files_and_files_with_only_a_byte_order_mark_are_empty_texts() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", report_with_an_error());
    let boms: [(&str, &[u8], &str); 4] = [
        ("b-empty.txt", b"", "UTF-8"),
        ("c-bom8.txt", b"\xEF\xBB\xBF", "UTF-8 (BOM)"),
        ("d-bom16le.txt", b"\xFF\xFE", "UTF-16LE"),
        ("e-bom16be.txt", b"\xFE\xFF", "UTF-16BE"),
    ];
    for (name, bytes, _) in &boms {
        write(dir.path(), name, bytes);
    }
    let run = nianbao(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(run.code, 1, "the report's error decides: {}", run.stderr);
    assert_eq!(run.stderr, "");
    let files = files(&run);
    for (f, (name, _, encoding)) in files[1..].iter().zip(&boms) {
        assert_eq!(f["path"], format!("./{name}"));
        assert_eq!(f["encoding"], *encoding, "{name}");
        assert_eq!(
            (f["isReport"].clone(), f["diagnostics"].clone()),
            (Value::Bool(false), serde_json::json!([])),
            "{name}"
        );
    }
    let run = nianbao(dir.path(), &["check", "."]);
    assert!(
        summary_line(&run.stdout).ends_with("；4 个文件不是年度报告，未检查"),
        "{}",
        run.stdout
    );
    let list: Vec<&str> = run
        .stdout
        .lines()
        .skip_while(|l| *l != "未检查的文件：")
        .collect();
    assert_eq!(
        list,
        [
            "未检查的文件：",
            "  ./b-empty.txt：文件为空",
            "  ./c-bom8.txt：文件为空",
            "  ./d-bom16le.txt：文件为空",
            "  ./e-bom16be.txt：文件为空"
        ]
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_is_shown_with_a_replacement_character() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    // 报告 in GB18030, as a Windows archive unpacked on Linux names a file.
    let name = std::ffi::OsStr::from_bytes(b"\xB1\xA8\xB8\xE6.txt");
    fs::write(dir.path().join(name), report_with_an_error()).unwrap();
    write(dir.path(), "ok.txt", SEED_001);
    let run = nianbao(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let shown = "./\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}.txt";
    assert_eq!(
        listing(&run),
        [("./ok.txt".to_owned(), false), (shown.to_owned(), false)]
    );
    let run = nianbao(dir.path(), &["check", "."]);
    assert!(run.stdout.contains(&format!("{shown}:")), "{}", run.stdout);
}

/// The summary line of the human output (the list of files not checked may follow it).
fn summary_line(stdout: &str) -> &str {
    stdout
        .lines()
        .find(|l| l.starts_with("共检查 ") || l.starts_with("checked "))
        .unwrap_or("")
}

// ---- Large files --------------------------------------------------------------------------------

#[test]
fn a_file_over_the_256_mib_limit_is_refused_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.txt", SEED_001);
    // A sparse file: nothing is written to the disk.
    let f = fs::File::create(dir.path().join("huge.txt")).unwrap();
    f.set_len(256 * 1024 * 1024 + 1).unwrap();
    drop(f);
    let run = nianbao(dir.path(), &["check", "huge.txt", "ok.txt"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "无法读取 huge.txt：文件过大（268435457 字节，上限为 268435456 字节）\n"
    );
    assert!(
        summary_line(&run.stdout).starts_with("共检查 2 个文件："),
        "{}",
        run.stdout
    );
}

/// A report followed by narrative up to `mb` megabytes (1 MB = 2^20 bytes), in `dir/name`.
fn large_report(dir: &Path, name: &str, mb: usize) {
    let prose = "本机关严格执行《政府信息公开信息处理费管理办法》，未收取信息处理费。\n";
    let mut text = report_with_an_error();
    let target = mb * 1024 * 1024;
    text.reserve(target);
    while text.len() + prose.len() <= target {
        text.push_str(prose);
    }
    while text.len() < target {
        text.push('\n');
    }
    write(dir, name, text);
}

#[test]
fn a_ten_megabyte_report_is_checked_in_a_debug_build() {
    let dir = tempfile::tempdir().unwrap();
    large_report(dir.path(), "big.txt", 10);
    write(dir.path(), "small.txt", SEED_001);
    let run = nianbao(dir.path(), &["check", "big.txt", "small.txt"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("big.txt:"),
        "the error is found: {}",
        run.stdout
    );
}

/// 100 MB: about 3 seconds in a release build, some 30 in the debug build the test command uses
/// (how fast is measured by the batch benchmark, not here).
#[test]
fn a_100_megabyte_report_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    large_report(dir.path(), "big.txt", 100);
    write(dir.path(), "small.txt", report_with_an_error());
    let run = nianbao(
        dir.path(),
        &["check", "--format", "json", "big.txt", "small.txt"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let files = files(&run);
    assert_eq!(files.len(), 2);
    let row_total = |f: &Value| -> Vec<Value> {
        f["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "row-total")
            .cloned()
            .collect()
    };
    assert_eq!(
        row_total(&files[0]).len(),
        1,
        "the error is found in the big file"
    );
    assert_eq!(
        row_total(&files[0]),
        row_total(&files[1]),
        "the same error in both"
    );
}
