//! Writes one synthetic report per layout and format, every style option on, to the temp directory,
//! to look at what the generator makes: `cargo run -p nianbao-tests --example write_samples`.

use nianbao_core::catalog::Format;
use nianbao_core::{analyze, Lang, ParseOptions};
use nianbao_tests::gen::*;

fn main() {
    let dir = std::env::temp_dir().join("nianbao-samples");
    std::fs::create_dir_all(&dir).expect("a temp directory");
    for layout in Layout::ALL {
        for format in Format::ALL {
            let spec = ReportSpec::consistent(
                format,
                if format == Format::F2019 { 2020 } else { 2022 },
                7,
            );
            let style = Style {
                full_width: false,
                spaced_headers: true,
                spaced_labels: true,
                chrome: true,
                share_group_line: true,
                flat_t3_header: false,
                long_headings: false,
                subheadings: true,
                fillers: true,
                broken_headers: true,
                crlf: false,
                artefacts: true,
                bare_title: false,
                decorated_amounts: true,
                heading_numbering: "第{n}部分 ",
                heading_text: true,
                split_title: true,
                no_period: false,
                reworded_headings: true,
                finished_claim: true,
                broken_labels: true,
                page_headers: true,
                pad_seed: 3,
            };
            let text = render(&spec, layout, &style);
            let path = dir.join(format!("{layout:?}_{}.txt", format.name()));
            std::fs::write(&path, &text).expect("written");
            let a = analyze(&text, &ParseOptions::default());
            println!("{}: {} diagnostics", path.display(), a.diagnostics.len());
            for d in &a.diagnostics {
                println!(
                    "  {:?} {} {}",
                    d.severity,
                    d.code.as_str(),
                    d.message(Lang::Zh)
                );
            }
        }
    }
}
