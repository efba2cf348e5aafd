//! A loop to profile with perf: parses (or analyses) the benchmark documents many times.
//! `profile_parse parse|analyze|check-folder DIR`.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map_or("parse", String::as_str);
    let opts = nianbao_core::ParseOptions::default();
    let texts: Vec<String> = match args.get(2) {
        Some(dir) => walk(std::path::Path::new(dir)),
        None => (0..300).map(nianbao_bench::varied_report).collect(),
    };
    let bytes: usize = texts.iter().map(String::len).sum();
    if what == "stages" {
        stages(&texts, bytes, &opts);
        return;
    }
    let t = std::time::Instant::now();
    let rounds = 5;
    let mut n = 0;
    for _ in 0..rounds {
        for text in &texts {
            n += match what {
                "parse" => nianbao_core::parse_parts(text).part_count(),
                _ => nianbao_core::analyze(text, &opts).diagnostics.len(),
            };
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{what}: {:.1} MB/s ({n})",
        (bytes * rounds) as f64 / 1048576.0 / secs
    );
}

/// Times parsing, assembling and checking separately (best of five rounds each).
fn stages(texts: &[String], bytes: usize, opts: &nianbao_core::ParseOptions) {
    use nianbao_core::{check, parse};
    let best = |f: &mut dyn FnMut()| {
        (0..5)
            .map(|_| {
                let t = std::time::Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .fold(f64::MAX, f64::min)
    };
    let parsed: Vec<_> = texts.iter().map(|t| parse::parse_parts(t)).collect();
    let reports: Vec<_> = texts
        .iter()
        .zip(&parsed)
        .map(|(t, p)| parse::assemble(t, p, opts))
        .collect();
    let mb = bytes as f64 / 1048576.0;
    let report = |name: &str, secs: f64| {
        println!(
            "{name:10} {:7.1} MB/s {:8.1} µs a file",
            mb / secs,
            secs * 1e6 / texts.len() as f64
        )
    };
    report(
        "lex",
        best(&mut || texts.iter().for_each(|t| drop(parse::lex::lex(t)))),
    );
    report(
        "parse",
        best(&mut || texts.iter().for_each(|t| drop(parse::parse_parts(t)))),
    );
    report(
        "assemble",
        best(&mut || {
            texts
                .iter()
                .zip(&parsed)
                .for_each(|(t, p)| drop(parse::assemble(t, p, opts)))
        }),
    );
    report(
        "check",
        best(&mut || {
            texts
                .iter()
                .zip(&reports)
                .for_each(|(t, r)| drop(check::check(t, r)))
        }),
    );
    report(
        "analyze",
        best(&mut || {
            texts
                .iter()
                .for_each(|t| drop(nianbao_core::analyze(t, opts)))
        }),
    );
    report(
        "index",
        best(&mut || {
            texts
                .iter()
                .for_each(|t| drop(nianbao_core::text::LineIndex::new(t)))
        }),
    );
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("folder") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if let Ok(t) = std::fs::read_to_string(&p) {
            out.push(t);
        }
    }
    out
}
