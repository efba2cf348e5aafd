//! Writes a folder of generated reports for the batch benchmark: `gen_corpus DIR N` writes N
//! reports (varied numbers, layouts, styles and lengths, some with wrong totals) as DIR/NNNNN.txt,
//! in subfolders of a thousand, and prints the total size; with `--docx`, Word files instead
//! (DIR/NNNNN.docx); with `--large`, also the 5 MB documents of the latency benchmark in DIR/large.

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = PathBuf::from(args.get(1).map_or("target/bench-corpus", String::as_str));
    let n: u64 = args.get(2).and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let docx = args.iter().any(|a| a == "--docx");
    let mut bytes = 0usize;
    for i in 0..n {
        let sub = dir.join(format!("{:03}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&sub).expect("create the folder");
        }
        let (name, content) = if docx {
            (format!("{i:05}.docx"), nianbao_bench::varied_docx(i))
        } else {
            (
                format!("{i:05}.txt"),
                nianbao_bench::varied_report(i).into_bytes(),
            )
        };
        bytes += content.len();
        std::fs::write(sub.join(name), content).expect("write a report");
    }
    println!(
        "{n} reports, {bytes} bytes ({:.1} MB) in {}",
        bytes as f64 / 1048576.0,
        dir.display()
    );
    // `--large`: also the two 5 MB documents of the latency benchmark, to check them from the
    // command line.
    if args.iter().any(|a| a == "--large") {
        let large = dir.join("large");
        std::fs::create_dir_all(&large).expect("create the folder");
        std::fs::write(
            large.join("narrative.txt"),
            nianbao_bench::long_narrative(5 << 20),
        )
        .expect("write");
        std::fs::write(large.join("summary.txt"), nianbao_bench::summary(5 << 20)).expect("write");
    }
}
