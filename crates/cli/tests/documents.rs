//! End-to-end tests of `nianbao check` and `nianbao text` on the documents reports come in: Word
//! files, web pages, standard input, and the formats it names as unreadable.

mod common;

use std::path::Path;

use common::docs::{as_docx, as_html};
use common::{nianbao, nianbao_with_input, write, Run};
use serde_json::Value;

/// The bundled example report (a real report with errors planted in it), one table row per line.
const EXAMPLE: &str = include_str!("../../../examples/example-report-2021.txt");

/// The diagnostics of a JSON run's only file, by code and message.
fn diagnostics(run: &Run) -> Vec<(String, String)> {
    let v: Value = serde_json::from_str(&run.stdout).expect("JSON output");
    v["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn json(dir: &Path, path: &str) -> (Run, Value) {
    let run = nianbao(dir, &["check", "--format", "json", path]);
    let v = serde_json::from_str(&run.stdout).expect("JSON output");
    (run, v)
}

#[test]
fn a_word_file_and_a_web_page_of_the_example_get_its_diagnostics_with_their_places() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.txt", EXAMPLE);
    write(dir.path(), "r.docx", as_docx(EXAMPLE));
    // A saved web page, named .txt as reviewers' downloads often are: recognised by its content.
    write(dir.path(), "page.txt", as_html(EXAMPLE));
    let text = nianbao(dir.path(), &["check", "--format", "json", "r.txt"]);
    assert_eq!(text.code, 1);
    let expected = diagnostics(&text);
    assert_eq!(expected.len(), 8, "{expected:?}");
    for (path, kind, encoding) in [
        ("r.docx", "docx", Value::Null),
        ("page.txt", "html", Value::from("gb18030")),
    ] {
        let (run, v) = json(dir.path(), path);
        assert_eq!(run.code, 1, "{path}: {}", run.stderr);
        assert_eq!(diagnostics(&run), expected, "{path}");
        let file = &v["files"][0];
        assert_eq!(
            (file["kind"].clone(), file["encoding"].clone()),
            (Value::from(kind), encoding),
            "{path}"
        );
        // The wrong total of （五）2.重复申请 is the 8th cell of the 20th row of table 三, the document's
        // second table.
        let row_total = file["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "row-total")
            .expect("row-total");
        assert_eq!(
            row_total["place"],
            serde_json::json!({"kind": "cell", "table": 2, "row": 20, "column": 8, "text": "表三 第20行第8列"}),
            "{path}"
        );
        let heading = file["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "heading-variant")
            .expect("heading");
        assert_eq!(heading["place"]["kind"], "paragraph", "{path}");
    }
    let human = nianbao(dir.path(), &["check", "r.docx"]);
    assert!(
        human
            .stdout
            .contains("2.重复申请 | 1 | 1 | 0 | 0 | 0 | 0 | 3 |\n"),
        "the row is shown as its cells: {}",
        human.stdout
    );
    assert!(
        human.stdout.contains("= 位置：表三 第20行第8列（docx）\n"),
        "{}",
        human.stdout
    );
    let english = nianbao(dir.path(), &["check", "--lang", "en", "r.docx"]);
    assert!(
        english
            .stdout
            .contains("= in the document: table of section 3, row 20, column 8 (docx)\n"),
        "{}",
        english.stdout
    );
}

#[test]
fn the_text_read_from_a_document_is_printed_and_checks_alike() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.docx", as_docx(EXAMPLE));
    let run = nianbao(dir.path(), &["text", "r.docx"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert!(
        run.stdout
            .starts_with("阜新市示例局2021年政府信息公开工作年度报告\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\n(七)总计 | 5 | 2 | 0 | 0 | 0 | 0 | 7 |\n"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("第 1 页"),
        "the page header is not report text"
    );
    write(dir.path(), "r.txt", &run.stdout);
    let from_text = nianbao(dir.path(), &["check", "--format", "json", "r.txt"]);
    let from_docx = nianbao(dir.path(), &["check", "--format", "json", "r.docx"]);
    assert_eq!(diagnostics(&from_text), diagnostics(&from_docx));
}

#[test]
fn standard_input_is_read_for_a_dash() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.txt", EXAMPLE);
    let file = nianbao(dir.path(), &["check", "--format", "json", "r.txt"]);
    let piped = nianbao_with_input(
        dir.path(),
        &["check", "--format", "json", "-"],
        EXAMPLE.as_bytes(),
    );
    assert_eq!(piped.code, 1, "{}", piped.stderr);
    assert_eq!(diagnostics(&piped), diagnostics(&file));
    let v: Value = serde_json::from_str(&piped.stdout).unwrap();
    assert_eq!(v["files"][0]["path"], "-");
    let docx = nianbao_with_input(dir.path(), &["text", "-"], &as_docx(EXAMPLE));
    assert!(
        docx.stdout
            .contains("\n(七)总计 | 5 | 2 | 0 | 0 | 0 | 0 | 7 |\n"),
        "{}",
        docx.stderr
    );
}

#[test]
fn old_office_files_and_damaged_documents_are_named_and_the_others_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.docx", as_docx(EXAMPLE));
    // An OLE compound document, as Word 97–2003 and WPS save.
    write(
        dir.path(),
        "in/b.doc",
        [
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..],
            &[0; 504],
        ]
        .concat(),
    );
    let docx = as_docx(EXAMPLE);
    write(dir.path(), "in/c.docx", &docx[..docx.len() / 2]);
    write(dir.path(), "in/d.html", as_html(EXAMPLE));
    write(dir.path(), "in/notes.csv", "a,b");
    let run = nianbao(dir.path(), &["check", "in"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let stderr: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(stderr.len(), 2, "{}", run.stderr);
    assert_eq!(
        stderr[0],
        "无法读取 in/b.doc：这是 Word 97–2003（.doc）、WPS（.wps）或 ET（.et）格式的文件，无法直接读取；请在 Word 或 WPS 中“另存为” .docx 格式后重试"
    );
    assert!(
        stderr[1].starts_with("无法读取 in/c.docx：文档已损坏，无法读取（详情："),
        "{}",
        stderr[1]
    );
    // The Word file and the web page, 4 errors and 4 warnings each; the .csv is not a report's
    // extension.
    assert!(
        run.stdout
            .contains("\n共检查 4 个文件：8 个错误，8 个警告，0 条提示；2 个文件无法读取\n"),
        "{}",
        run.stdout
    );
    let listed: Vec<&str> = run
        .stdout
        .lines()
        .skip_while(|l| *l != "未检查的文件：")
        .skip(1)
        .collect();
    assert_eq!(
        listed,
        [
            format!("  {}", stderr[0].replacen("无法读取 ", "", 1)),
            format!("  {}", stderr[1].replacen("无法读取 ", "", 1))
        ]
    );
    let en = nianbao(dir.path(), &["check", "--lang", "en", "in/b.doc"]);
    assert_eq!(
        en.stderr,
        "cannot read in/b.doc: a Word 97–2003 (.doc), WPS (.wps) or ET (.et) file, which cannot be read; save it as .docx in Word or WPS and try again\n"
    );
}

/// The committed PDF fixtures (`tests/documents`; made by the scripts there with LibreOffice).
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/documents");

#[test]
fn pdfs_are_checked_like_the_text_they_were_made_from() {
    let dir = Path::new(FIXTURES);
    for (pdf, txt) in [
        // The example over three pages with a page header and page numbers, tables broken across
        // pages.
        ("pdf/example-2021.pdf", "pdf/example-2021.txt"),
        // Table 三's header flattened into placeholder cells.
        ("pdf/example-flat.pdf", "pdf/example-2021.txt"),
        // The tables drawn without borders: columns from the text's positions, blank cells kept.
        ("pdf/example-noborder.pdf", "pdf/example-2021.txt"),
        ("pdf/seed003-2019.pdf", "pdf/seed003-2019.txt"),
        // Generated Word files printed to PDF: typed, list-numbered and style-numbered headings.
        ("generated/report-0001.pdf", "generated/report-0001.txt"),
        ("generated/report-0002.pdf", "generated/report-0002.txt"),
        ("generated/report-0003.pdf", "generated/report-0003.txt"),
    ] {
        let (from_pdf, v) = json(dir, pdf);
        let from_text = nianbao(dir, &["check", "--format", "json", txt]);
        assert_eq!(diagnostics(&from_pdf), diagnostics(&from_text), "{pdf}");
        assert_eq!(v["files"][0]["kind"], "pdf");
    }
    let (run, v) = json(dir, "pdf/example-2021.pdf");
    let row_total = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "row-total")
        .cloned()
        .expect("row-total");
    // （五）2.重复申请 is on the third page, the fourth line kept there (the page header is not counted).
    assert_eq!(
        row_total["place"],
        serde_json::json!({"kind": "line", "page": 3, "line": 4, "text": "表三 第3页第4行"}),
        "{}",
        run.stdout
    );
    let human = nianbao(dir, &["check", "pdf/example-2021.pdf"]);
    assert!(
        human.stdout.contains("= 位置：表三 第3页第4行（pdf）\n"),
        "{}",
        human.stdout
    );
}

/// Real reports (tests/corpus/real/README.md): what a reviewer finds in them, and nothing else.
#[test]
fn real_pdfs_get_what_a_reviewer_finds() {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/corpus/real"
    ));
    for (pdf, expected) in [
        (
            "huaian-hongze-2023.pdf",
            vec![
                "format-mismatch",
                "label-typo",
                "review-total",
                "review-total",
            ],
        ),
        // `区政府办代表区政府受理政府信息公开申请17件` is the part the office handled for the district
        // government, not the district's total of table 三 (95): no narrative-mismatch.
        (
            "huaian-hongze-2024.pdf",
            vec!["format-mismatch", "label-typo"],
        ),
        // Every relation holds; only the （六） sub-rows numbered `1、` `2、` `3、` for `1.` `2.` `3.`.
        (
            "huaian-city-2024.pdf",
            vec!["label-typo", "label-typo", "label-typo"],
        ),
    ] {
        let run = nianbao(dir, &["check", "--format", "json", pdf]);
        let mut codes: Vec<String> = diagnostics(&run)
            .into_iter()
            .map(|(code, _)| code)
            .collect();
        codes.sort();
        assert_eq!(codes, expected, "{pdf}: {}", run.stdout);
    }
    // The city report's three label hints (information, not warnings) are its three `、`-numbered
    // rows, each told the format's label.
    let run = nianbao(dir, &["check", "--format", "json", "huaian-city-2024.pdf"]);
    let labels: Vec<String> = diagnostics(&run)
        .into_iter()
        .map(|(_, message)| message)
        .collect();
    for (printed, canonical) in [
        (
            "“1、申请人无正当理由逾期不补正",
            "“1.申请人无正当理由逾期不补正",
        ),
        (
            "“2、申请人逾期未按收费通知要求缴纳费用",
            "“2.申请人逾期未按收费通知要求缴纳费用",
        ),
        ("“3、其他”", "“3.其他”"),
    ] {
        assert!(
            labels
                .iter()
                .any(|m| m.contains(printed) && m.contains(canonical)),
            "{printed}: {labels:?}"
        );
    }
}

#[test]
fn pdfs_that_cannot_be_read_are_named_with_why() {
    let dir = Path::new(FIXTURES);
    let run = nianbao(
        dir,
        &[
            "check",
            "pdf/encrypted.pdf",
            "pdf/image-only.pdf",
            "pdf/truncated.pdf",
            "pdf/bomb.pdf",
        ],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.lines().collect::<Vec<_>>(),
        [
            "无法读取 pdf/encrypted.pdf：文档已加密或设有密码，无法读取；请取消加密后重试",
            "无法读取 pdf/image-only.pdf：PDF 中没有文字层（可能是扫描件或图片），无法读取文字；请使用可复制文字的 PDF 或原始 Word 文档",
            "无法读取 pdf/truncated.pdf：文档已损坏，无法读取（详情：failed parsing cross reference table）",
            "无法读取 pdf/bomb.pdf：文档解压后超过 200 MB（可能已损坏或是恶意构造的压缩包），未读取",
        ]
    );
}
