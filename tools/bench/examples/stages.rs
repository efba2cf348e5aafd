//! Times the stages of one incremental re-analysis of the large benchmark documents, in process:
//! the re-parse, the assembly of the report, the checks and the line index.

use std::time::Instant;

use nianbao_core::text::LineIndex;
use nianbao_core::{check, parse, reparse, Change, ParseOptions};

fn main() {
    let opts = ParseOptions::default();
    for (name, text) in [
        ("narrative", nianbao_bench::long_narrative(5 << 20)),
        ("summary", nianbao_bench::summary(5 << 20)),
    ] {
        let parsed = parse::parse_parts(&text);
        let at = nianbao_bench::narrative_line_end(&text, text.len() / 2).expect("a line");
        let new = format!("{}字{}", &text[..at], &text[at..]);
        let change = Change {
            start: at,
            old_end: at,
            new_end: at + '字'.len_utf8(),
        };
        let time = |what: &str, f: &mut dyn FnMut()| {
            let t = Instant::now();
            for _ in 0..10 {
                f();
            }
            println!(
                "{name:10} {what:12} {:8.3} ms",
                t.elapsed().as_secs_f64() * 100.0
            );
        };
        time("reparse", &mut || drop(reparse(&parsed, &new, change)));
        let re = reparse(&parsed, &new, change);
        time("assemble", &mut || drop(parse::assemble(&new, &re, &opts)));
        let report = parse::assemble(&new, &re, &opts);
        time("check", &mut || drop(check::check(&new, &report)));
        time("line index", &mut || drop(LineIndex::new(&new)));
        let index = LineIndex::new(&text);
        time("index edit", &mut || {
            drop(index.edited(&new, at, at, at + '字'.len_utf8()))
        });
        time("unit spans", &mut || drop(parse::units::unit_spans(&re)));
        time("copy", &mut || drop(new.clone()));
        let rope_like: Vec<String> = new
            .as_bytes()
            .chunks(1024)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        time("concat 1KB", &mut || drop(rope_like.concat()));
        println!(
            "{name:10} parts {} tables {} diagnostics {}",
            re.part_count(),
            report.tables.len(),
            check::check(&new, &report).len()
        );
    }
}
