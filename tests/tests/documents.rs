//! The same report checked as pasted text, as its web page and as its Word file gives the same
//! diagnostics: generated reports (`nianbao_tests::gen`) written by `nianbao_tests::docgen` as HTML
//! (UTF-8 or GBK, merged or flattened table 三 header, page chrome, layout tables) and `.docx` (runs
//! split mid-word, list-numbered headings, `gridSpan`/`vMerge` tables, header, footer, footnote,
//! comment and tracked-change parts), read with `nianbao_documents::read` and analysed like a
//! pasted text.
//!
//! Planted errors are those of `generated.rs`'s layout-invariance property, all of which a document
//! can show (a value too few is a missing `<td>`/`<w:tc>`, a value too many an extra one). Left
//! out: a blank cell last in table 四's one row, which no text layout tells from padding (a row one
//! value short in the text and in the documents alike).

use nianbao_core::catalog::{table_spec, Format, RowKind, TableKind};
use nianbao_core::{analyze, Analysis, Lang, ParseOptions, Severity};
use nianbao_documents::{Document, Kind};
use nianbao_tests::docgen::{self, Charset, DocStyle, Numbering};
use nianbao_tests::gen::*;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// Cases per property (or `NIANBAO_GEN_CASES`): about six seconds for the file in a debug build.
const CASES: u32 = 64;

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("NIANBAO_GEN_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases)
    }
}

/// A report of `year` (2019–2024) in the format the year calls for.
fn spec_for(year: i32, seed: u64) -> ReportSpec {
    ReportSpec::consistent(Format::for_year(year).expect("a report year"), year, seed)
}

/// A year whose format is `format`.
fn year_in(format: Format, pick: u64) -> i32 {
    match format {
        Format::F2019 => 2019 + (pick % 2) as i32,
        Format::F2021 => 2021 + (pick % 4) as i32,
    }
}

/// Any value cell of the report's tables, except the last of table 四's one row when the plant is a
/// blank (see the module comment).
fn any_cell(spec: &ReportSpec, pick: u64, blank: bool) -> (TableKind, &'static str, usize) {
    let mut cells = Vec::new();
    for kind in TableKind::ALL {
        for (_, r) in table_spec(kind, spec.format).data_rows() {
            if let RowKind::Data(cols) = r.kind {
                for c in 0..cols.len() {
                    if !(blank && kind == TableKind::T4 && c == cols.len() - 1) {
                        cells.push((kind, r.key, c));
                    }
                }
            }
        }
    }
    cells[(pick % cells.len() as u64) as usize]
}

/// A planted error drawn from `pick`, of the kinds `generated.rs` plants, that a document can show.
fn document_plant(spec: &ReportSpec, pick: u64) -> Plant {
    let format = spec.format;
    let t3 = data_row_keys(TableKind::T3, format);
    let t3_row = |p: u64| t3[(p % t3.len() as u64) as usize];
    match pick % 13 {
        0 | 1 => Plant::ChangeCell {
            table: TableKind::T3,
            row: t3_row(pick >> 8),
            col: ((pick >> 16) % 7) as usize,
            delta: 1 + (pick >> 24) as i64 % 5,
        },
        2 => Plant::ChangeCell {
            table: TableKind::T4,
            row: table_spec(TableKind::T4, format).rows[0].key,
            col: ((pick >> 8) % 15) as usize,
            delta: 2,
        },
        3 => {
            // A letter of a long label left out (after its numbering).
            let labels: Vec<(TableKind, &'static str, &'static str)> =
                [TableKind::T2, TableKind::T3]
                    .iter()
                    .flat_map(|k| {
                        table_spec(*k, format)
                            .data_rows()
                            .map(move |(_, r)| (*k, r.key, r.label))
                    })
                    .filter(|(_, _, l)| l.chars().count() >= 10)
                    .collect();
            let (table, row, label) = labels[((pick >> 8) % labels.len() as u64) as usize];
            let numbering = label
                .chars()
                .position(|c| matches!(c, '、' | '.' | '）'))
                .map_or(0, |i| i + 1);
            Plant::TypoLabel {
                table,
                row,
                at: numbering + 1,
            }
        }
        4 => Plant::DropRow {
            table: TableKind::T3,
            row: t3_row(pick >> 8),
        },
        5 => {
            let text = ["十二", "O", "—", "/", ""][((pick >> 40) % 5) as usize];
            let (table, row, col) = any_cell(spec, pick >> 8, text.is_empty());
            Plant::SetCell {
                table,
                row,
                col,
                text: text.to_owned(),
            }
        }
        6 => Plant::Year(year_in(format.other(), pick >> 8)),
        7 => Plant::DropHeading {
            section: 1 + ((pick >> 8) % 6) as u8,
        },
        8 => {
            let (table, row, col) = any_cell(spec, pick >> 8, false);
            Plant::DropCell { table, row, col }
        }
        9 => {
            let (table, row, _) = any_cell(spec, pick >> 8, false);
            Plant::ExtraCell {
                table,
                row,
                text: "0".to_owned(),
            }
        }
        10 => Plant::DuplicateRow {
            table: TableKind::T3,
            row: t3[1 + ((pick >> 8) % (t3.len() as u64 - 1)) as usize],
        },
        11 => Plant::ExtraRow {
            table: TableKind::T2,
            after: data_row_keys(TableKind::T2, format)[1],
            label: "其他主动公开文件".to_owned(),
            values: vec!["1".to_owned(), "0".to_owned(), "1".to_owned()],
        },
        // Section 一's heading is short enough that a missing letter makes it another text
        // (generated.rs pins that case); the others are misspelt headings.
        _ => Plant::TypoHeading {
            section: 2 + ((pick >> 8) % 5) as u8,
            at: ((pick >> 16) % 4) as usize,
        },
    }
}

/// The text layout to compare with: `Layout::ALL[pick]`, or the next one that can show a blank
/// cell.
fn text_layout(pick: u64, plant: Option<&Plant>) -> Layout {
    let blank = matches!(plant, Some(Plant::SetCell { text, .. }) if text.is_empty());
    (0..Layout::ALL.len() as u64)
        .map(|i| Layout::ALL[((pick + i) % Layout::ALL.len() as u64) as usize])
        .find(|l| !blank || l.can_show_blank())
        .expect("a layout shows a blank cell")
}

/// The report of a case, with its planted error (if any) and the text layout it is compared in.
struct Case {
    spec: ReportSpec,
    style: Style,
    doc: DocStyle,
    layout: Layout,
    what: String,
}

fn case(
    spec_seed: u64,
    style_seed: u64,
    doc_seed: u64,
    year_pick: u64,
    plant: Option<u64>,
) -> Case {
    let mut spec = spec_for(2019 + (year_pick % 6) as i32, spec_seed);
    let plant = plant.map(|pick| document_plant(&spec, pick));
    let layout = text_layout(style_seed >> 3, plant.as_ref());
    if let Some(p) = &plant {
        spec.plant(p.clone());
    }
    let style = Style::random(style_seed);
    let doc = DocStyle::random(doc_seed);
    let what = format!(
        "{} {} year {} plant {plant:?} {layout:?} {style:?} {doc:?}",
        spec.format.name(),
        spec.agency,
        spec.year
    );
    Case {
        spec,
        style,
        doc,
        layout,
        what,
    }
}

/// What a user sees of a diagnostic, as one comparable string (see `gen::fingerprint`).
fn fingerprints(a: &Analysis) -> Vec<String> {
    let mut v: Vec<String> = a.diagnostics.iter().map(fingerprint).collect();
    v.sort();
    v
}

/// Saves the texts of a failing case and lists each one's diagnostics.
fn describe(
    what: &str,
    name: &str,
    sides: &[(&str, &str, &Analysis)],
    files: &[(&str, &[u8])],
) -> String {
    let dir = std::env::temp_dir().join("nianbao-documents");
    let _ = std::fs::create_dir_all(&dir);
    let mut s = format!("{what}\n");
    for (ext, bytes) in files {
        let path = dir.join(format!("{name}.{ext}"));
        let _ = std::fs::write(&path, bytes);
        s.push_str(&format!("saved {}\n", path.display()));
    }
    for (side, text, a) in sides {
        let path = dir.join(format!("{name}.{side}.txt"));
        let _ = std::fs::write(&path, text);
        s.push_str(&format!("{side}: text saved to {}\n", path.display()));
        for d in &a.diagnostics {
            s.push_str(&format!(
                "  {:?} {} [{}] {}\n",
                d.severity,
                fingerprint(d),
                d.range.slice(text).replace('\n', "⏎"),
                d.message(Lang::Zh)
            ));
        }
    }
    s
}

fn read(bytes: &[u8], kind: Kind, what: &str) -> Result<Document, TestCaseError> {
    let doc = nianbao_documents::read(bytes)
        .map_err(|e| TestCaseError::fail(format!("not read: {} ({what})", e.message(Lang::En))))?;
    prop_assert_eq!(doc.kind, kind, "{}", what);
    Ok(doc)
}

/// The text's diagnostics; a clean report must have no error or warning, a planted error some
/// diagnostic.
fn text_side(c: &Case) -> Result<(String, Analysis), TestCaseError> {
    let text = render(&c.spec, c.layout, &c.style);
    let a = analyze(&text, &ParseOptions::default());
    let shown = describe(&c.what, "text", &[("text", &text, &a)], &[]);
    if c.spec.plants.is_empty() {
        prop_assert!(
            a.diagnostics.iter().all(|d| d.severity > Severity::Warning),
            "a clean report has errors\n{}",
            shown
        );
    } else {
        prop_assert!(
            !a.diagnostics.is_empty(),
            "the planted error shows nowhere\n{}",
            shown
        );
    }
    Ok((text, a))
}

fn check_web_page(c: &Case) -> Result<(), TestCaseError> {
    let (text, want) = text_side(c)?;
    let page = docgen::html(&c.spec, &c.style, &c.doc);
    let doc = read(&page, Kind::Html, &c.what)?;
    prop_assert_eq!(
        doc.encoding,
        Some(if c.doc.charset == Charset::Gbk {
            "gb18030"
        } else {
            "UTF-8"
        }),
        "{}",
        c.what
    );
    let got = analyze(&doc.text, &ParseOptions::default());
    let shown = || {
        describe(
            &c.what,
            "page",
            &[("text", &text, &want), ("html", &doc.text, &got)],
            &[("html", &page)],
        )
    };
    prop_assert_eq!(fingerprints(&got), fingerprints(&want), "{}", shown());
    // Scripts, styles, the navigation and the page title are no report text.
    for chrome in ["_hmt", "setFont", "访问量统计", "互动交流", "font-family"] {
        prop_assert!(
            !doc.text.contains(chrome),
            "{} read as text\n{}",
            chrome,
            shown()
        );
    }
    Ok(())
}

fn check_word_file(c: &Case) -> Result<(), TestCaseError> {
    let (text, want) = text_side(c)?;
    let file = docgen::docx(&c.spec, &c.style, &c.doc);
    let doc = read(&file, Kind::Docx, &c.what)?;
    let got = analyze(&doc.text, &ParseOptions::default());
    let shown = || {
        describe(
            &c.what,
            "word",
            &[("text", &text, &want), ("docx", &doc.text, &got)],
            &[("docx", &file)],
        )
    };
    prop_assert_eq!(fingerprints(&got), fingerprints(&want), "{}", shown());
    // The page header, the footnote, the comment and deleted text are not read; the footer's page
    // number field is not either.
    for hidden in [
        docgen::WORD_HEADER_TEXT,
        docgen::WORD_FOOTNOTE_TEXT,
        docgen::WORD_COMMENT_TEXT,
        docgen::WORD_DELETED_TEXT,
        "PAGE",
    ] {
        prop_assert!(
            !doc.text.contains(hidden),
            "{} read as text\n{}",
            hidden,
            shown()
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(CASES))]

    /// A clean report, or one with a planted error, gives the same diagnostics as its web page as
    /// in a text layout.
    #[test]
    fn a_web_page_is_checked_like_its_text(spec_seed in any::<u64>(), style_seed in any::<u64>(), doc_seed in any::<u64>(),
                                            year_pick in 0u64..6, plant in proptest::option::of(any::<u64>())) {
        check_web_page(&case(spec_seed, style_seed, doc_seed, year_pick, plant))?;
    }

    /// The same for the Word file.
    #[test]
    fn a_word_file_is_checked_like_its_text(spec_seed in any::<u64>(), style_seed in any::<u64>(), doc_seed in any::<u64>(),
                                             year_pick in 0u64..6, plant in proptest::option::of(any::<u64>())) {
        check_word_file(&case(spec_seed, style_seed, doc_seed, year_pick, plant))?;
    }
}

/// Every year from 2019 to 2024, in every shape a document takes (both table 三 headers, GBK and
/// UTF-8, a layout table, typed and list-numbered headings), reads as a clean report with the
/// values written.
#[test]
fn every_year_and_shape_reads_as_a_clean_report() {
    for year in 2019..=2024 {
        for (i, numbering) in [Numbering::Typed, Numbering::Direct, Numbering::ViaStyle]
            .into_iter()
            .enumerate()
        {
            let spec = spec_for(year, 40 + year as u64);
            let style = Style::random(year as u64 * 3 + i as u64);
            let doc = DocStyle {
                charset: if i % 2 == 0 {
                    Charset::Gbk
                } else {
                    Charset::Utf8
                },
                http_equiv: i == 1,
                layout_table: i == 2,
                merged_t3_header: i != 1,
                numbering,
                ..DocStyle::random(year as u64)
            };
            let what = format!("{year} {numbering:?} {doc:?}");
            for (kind, bytes) in [
                (Kind::Html, docgen::html(&spec, &style, &doc)),
                (Kind::Docx, docgen::docx(&spec, &style, &doc)),
            ] {
                let d = nianbao_documents::read(&bytes).unwrap_or_else(|e| {
                    panic!("{kind:?} not read: {} ({what})", e.message(Lang::En))
                });
                let a = analyze(&d.text, &ParseOptions::default());
                let shown: Vec<String> = a
                    .diagnostics
                    .iter()
                    .map(|d| format!("{} {}", fingerprint(d), d.message(Lang::Zh)))
                    .collect();
                assert!(
                    a.diagnostics.iter().all(|d| d.severity > Severity::Warning),
                    "{kind:?} {what}: {shown:#?}\n{}",
                    d.text
                );
                assert_eq!(
                    a.report.year.map(|y| y.value),
                    Some(year),
                    "{kind:?} {what}"
                );
                let new = a
                    .report
                    .table(TableKind::T3)
                    .and_then(|t| t.row("new"))
                    .and_then(|r| r.cell(6))
                    .map(|c| c.value);
                let want = spec.t3_row("new").map(|r| r[6]);
                assert_eq!(
                    new.and_then(|v| match v {
                        nianbao_core::model::CellValue::Number(n) => n.as_integer(),
                        _ => None,
                    }),
                    want.map(i128::from),
                    "{kind:?} {what}: 一、本年新收 总计"
                );
            }
        }
    }
}

/// A blank first cell in table 四's one row, which has no label: the text layouts with separators
/// show it as an empty cell (see `an_empty_first_cell_of_table_4` in generated.rs), and so do the
/// documents, whose canonical layout keeps the blank cells a row of values starts with.
#[test]
fn a_blank_first_cell_of_table_4_in_a_document_is_an_empty_cell() {
    let mut spec = spec_for(2022, 7);
    let row = table_spec(TableKind::T4, spec.format).rows[0].key;
    spec.plant(Plant::SetCell {
        table: TableKind::T4,
        row,
        col: 0,
        text: String::new(),
    });
    let style = Style {
        fillers: false,
        ..Style::random(3)
    };
    let codes = |text: &str| -> Vec<String> {
        analyze(text, &ParseOptions::default())
            .diagnostics
            .iter()
            .filter(|d| d.data.get("table").and_then(|t| t.as_str()) == Some("T4"))
            .map(|d| d.code.as_str().to_owned())
            .collect()
    };
    assert_eq!(
        codes(&render(&spec, Layout::RowPipe, &style)),
        ["empty-cell"]
    );
    let doc = DocStyle::random(5);
    for bytes in [
        docgen::html(&spec, &style, &doc),
        docgen::docx(&spec, &style, &doc),
    ] {
        let d = nianbao_documents::read(&bytes).expect("read");
        assert_eq!(codes(&d.text), ["empty-cell"], "{:?}\n{}", d.kind, d.text);
    }
}
