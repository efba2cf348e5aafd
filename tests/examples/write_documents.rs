//! Writes generated reports as text, web page and Word file, for benchmarks and document fixtures:
//!
//! ```sh
//! cargo run -p nianbao-tests --example write_documents -- OUT_DIR [COUNT] [--seed N] [--errors] [--for-pdf]
//! ```
//!
//! Report `i` (from 1) is drawn from seed `N + i` (N is 0 unless given): its year (2019–2024, the
//! format the year calls for), values, style and document style. It is written as `report-IIII.txt`
//! (the row-per-line layout, `a | b | c |`), `report-IIII.html` and `report-IIII.docx`, the same
//! report in each. With `--errors`, every other report has one value of table 三 off by one (a
//! row-total error and the relations it breaks). With `--for-pdf`, the Word files have no footnote,
//! comment or tracked change, which a PDF made from them would print as page text (their page
//! header and footer stay). Prints one line per report: its files, year, format and document style.

use nianbao_core::catalog::{Format, TableKind};
use nianbao_tests::docgen::{self, DocStyle};
use nianbao_tests::gen::{data_row_keys, render, Layout, Plant, ReportSpec, Rng, Style};

fn usage() -> ! {
    eprintln!("usage: write_documents OUT_DIR [COUNT] [--seed N] [--errors] [--for-pdf]");
    std::process::exit(2)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut dir, mut count, mut seed, mut errors, mut for_pdf) = (None, 10u64, 0u64, false, false);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seed" => {
                seed = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            "--errors" => errors = true,
            "--for-pdf" => for_pdf = true,
            "-h" | "--help" => usage(),
            _ if dir.is_none() => dir = Some(std::path::PathBuf::from(a)),
            _ => count = a.parse().unwrap_or_else(|_| usage()),
        }
    }
    let dir = dir.unwrap_or_else(|| usage());
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    for i in 1..=count {
        let s = seed.wrapping_add(i);
        let mut rng = Rng::new(s);
        let year = 2019 + rng.below(6) as i32;
        let format = Format::for_year(year).expect("a year with a format");
        let mut spec = ReportSpec::consistent(format, year, s);
        if errors && i % 2 == 0 {
            let rows = data_row_keys(TableKind::T3, format);
            let row = rows[rng.below(rows.len() as u64) as usize];
            spec.plant(Plant::ChangeCell {
                table: TableKind::T3,
                row,
                col: rng.below(6) as usize,
                delta: 1,
            });
        }
        let style = Style::random(s);
        let mut doc = DocStyle::random(s);
        if for_pdf {
            (doc.footnote, doc.comment, doc.revisions) = (false, false, false);
        }
        let stem = dir.join(format!("report-{i:04}"));
        let write = |ext: &str, bytes: &[u8]| {
            let path = stem.with_extension(ext);
            std::fs::write(&path, bytes)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        };
        write("txt", render(&spec, Layout::RowPipe, &style).as_bytes());
        write("html", &docgen::html(&spec, &style, &doc));
        write("docx", &docgen::docx(&spec, &style, &doc));
        println!(
            "{}.{{txt,html,docx}}: {year}, format {}, {:?}, numbering {:?}{}",
            stem.display(),
            format.name(),
            doc.charset,
            doc.numbering,
            if spec.plants.is_empty() {
                ""
            } else {
                ", one value of table 三 off by one"
            }
        );
    }
}
