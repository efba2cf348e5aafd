//! Criterion benchmarks of the core: parsing and checking whole texts (the seeds, a typical report,
//! a long narrative and a 汇总 of many reports), one keystroke re-analysed incrementally against the
//! same keystroke parsed from scratch, and completion and hover on a typical report.
//!
//! Run with `cargo bench -p nianbao-core` (or `tools/bench.sh`, which runs every benchmark).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use nianbao_bench::{cell_after, long_narrative, narrative_line_end, summary, typical};
use nianbao_core::features::{completion, hover, Snapshot};
use nianbao_core::{analyze, parse_parts, reparse, Change, Document, Lang, ParseOptions, Settings};

/// The five seeds, one after another.
fn seeds() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/corpus/seeds");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("seed folder")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("seed text"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The size of the large documents (`NIANBAO_BENCH_MB`, 5 by default).
fn big() -> usize {
    std::env::var("NIANBAO_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
        << 20
}

fn documents() -> Vec<(&'static str, String)> {
    vec![
        ("seeds", seeds()),
        ("typical", typical()),
        ("narrative-5MB", long_narrative(big())),
        ("summary-5MB", summary(big())),
    ]
}

fn whole_texts(c: &mut Criterion) {
    let opts = ParseOptions::default();
    let mut g = c.benchmark_group("whole");
    g.sample_size(10);
    for (name, text) in documents() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("parse/{name}"), |b| {
            b.iter(|| parse_parts(black_box(&text)))
        });
        g.bench_function(format!("analyze/{name}"), |b| {
            b.iter(|| analyze(black_box(&text), &opts))
        });
    }
    g.finish();
}

/// One keystroke: `text` with `insert` typed at `at`.
fn keystroke(text: &str, at: usize, insert: &str) -> (String, Change) {
    let new = format!("{}{insert}{}", &text[..at], &text[at..]);
    (
        new,
        Change {
            start: at,
            old_end: at,
            new_end: at + insert.len(),
        },
    )
}

fn keystrokes(c: &mut Criterion) {
    let opts = ParseOptions::default();
    let mut g = c.benchmark_group("keystroke");
    g.sample_size(20);
    for (name, text) in documents().into_iter().skip(1) {
        let cell = cell_after(&text, "行政复议", 0).expect("a 行政复议 cell");
        let line = narrative_line_end(&text, text.len() / 2).expect("a narrative line");
        for (place, at, insert) in [("cell", cell, "7"), ("narrative", line, "字")] {
            let parsed = parse_parts(&text);
            let doc = Document::open(text.clone(), "r.txt", &Settings::default());
            let (new, change) = keystroke(&text, at, insert);
            g.bench_function(format!("{name}/{place}/incremental"), |b| {
                b.iter_batched(
                    || new.clone(),
                    |new| doc.edited(new, Some(change), &Settings::default()),
                    BatchSize::LargeInput,
                )
            });
            g.bench_function(format!("{name}/{place}/full"), |b| {
                b.iter(|| analyze(black_box(&new), &opts))
            });
            g.bench_function(format!("{name}/{place}/reparse-only"), |b| {
                b.iter_batched(
                    || (),
                    |()| reparse(black_box(&parsed), black_box(&new), change),
                    BatchSize::SmallInput,
                )
            });
        }
    }
    g.finish();
}

fn features(c: &mut Criterion) {
    let text = typical();
    let analysis = analyze(&text, &ParseOptions::default());
    let snap = Snapshot {
        text: &text,
        analysis: &analysis,
        lang: Lang::Zh,
    };
    let label = text
        .find("（七）总计")
        .or_else(|| text.find("(七)总计"))
        .expect("a （七）总计 row");
    let line_start = text[..label].rfind('\n').map_or(0, |i| i + 1);
    let cell = cell_after(&text, "（七）总计", 0)
        .or_else(|| cell_after(&text, "(七)总计", 0))
        .expect("a cell");
    let mut g = c.benchmark_group("features");
    g.bench_function("completion/typical", |b| {
        b.iter(|| completion::completions(black_box(&snap), line_start))
    });
    g.bench_function("hover/typical", |b| {
        b.iter(|| hover::hover(black_box(&snap), cell - 1))
    });
    g.finish();
}

criterion_group!(benches, whole_texts, keystrokes, features);
criterion_main!(benches);
