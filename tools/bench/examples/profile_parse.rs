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
    let t = std::time::Instant::now();
    let rounds = 5;
    let mut n = 0;
    for _ in 0..rounds {
        for text in &texts {
            n += match what {
                "parse" => nianbao_core::parse_parts(text).parts.len(),
                _ => nianbao_core::analyze(text, &opts).diagnostics.len(),
            };
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!("{what}: {:.1} MB/s ({n})", (bytes * rounds) as f64 / 1048576.0 / secs);
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
