//! Times the steps of one keystroke in the 5 MB 汇总 with cold caches (8 MB of other memory read
//! between runs), as the server meets them between two keystrokes: median of 200 runs, µs.

use std::hint::black_box;
use std::time::Instant;

use nianbao_core::parse::units::{unit_parsed, unit_spans};
use nianbao_core::parse::{assemble_cached, TableCache};
use nianbao_core::text::LineIndex;
use nianbao_core::{check, parse_parts_packed, reparse, Change, ParseOptions};

fn main() {
    let text = nianbao_bench::summary(5 << 20);
    let reports = text.matches("一、总体情况").count();
    let at = nianbao_bench::cell_after(&text, "（七）总计", reports / 4)
        .or_else(|| nianbao_bench::cell_after(&text, "(七)总计", reports / 4))
        .expect("a cell");
    let new = format!("{}1{}", &text[..at], &text[at..]);
    let change = Change {
        start: at,
        old_end: at,
        new_end: at + 1,
    };
    let parsed = parse_parts_packed(&text);
    let index = LineIndex::new(&text);
    let mut thrash = vec![0u8; 8 << 20];
    let mut time = |what: &str, f: &mut dyn FnMut()| {
        let mut t = Vec::new();
        for k in 0..200 {
            for i in (0..thrash.len()).step_by(64) {
                thrash[i] = thrash[i].wrapping_add(k as u8);
            }
            let s = Instant::now();
            f();
            t.push(s.elapsed().as_secs_f64() * 1e6);
        }
        t.sort_by(f64::total_cmp);
        println!("{what:14} {:8.1} µs", t[t.len() / 2]);
    };
    let (_, replaced) = nianbao_core::parse::reparse_replacing(&parsed, &new, change);
    let sizes: Vec<usize> = (replaced.start..replaced.old_end)
        .filter_map(|i| parsed.part(i).map(|p| p.part.len))
        .collect();
    println!("the edit replaces parts {replaced:?} of {sizes:?} bytes");
    time("reparse", &mut || {
        drop(black_box(reparse(&parsed, &new, change)))
    });
    let re = reparse(&parsed, &new, change);
    time("index edit", &mut || {
        drop(black_box(index.edited(&new, at, at, at + 1)))
    });
    time("unit spans", &mut || drop(black_box(unit_spans(&re))));
    let spans = unit_spans(&re);
    let span = spans
        .iter()
        .find(|s| s.range.start <= at && at < s.range.end)
        .expect("the edited unit")
        .clone();
    time("unit parsed", &mut || {
        drop(black_box(unit_parsed(&new, &re, &span)))
    });
    let own = &new[span.range.start..span.range.end];
    let unit = unit_parsed(&new, &re, &span);
    let opts = ParseOptions::default();
    let (report, cache) = assemble_cached(own, &unit, &opts, &TableCache::default());
    time("assemble", &mut || {
        drop(black_box(assemble_cached(
            own,
            &unit,
            &opts,
            &TableCache::default(),
        )))
    });
    time("assemble cached", &mut || {
        drop(black_box(assemble_cached(own, &unit, &opts, &cache)))
    });
    time("check", &mut || drop(black_box(check::check(own, &report))));
    time("clone+drop", &mut || drop(black_box(re.clone())));
    println!(
        "{} parts, {} units, unit of {} bytes",
        re.part_count(),
        spans.len(),
        own.len()
    );
}
