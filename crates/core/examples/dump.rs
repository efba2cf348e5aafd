//! Prints the report model of a file, for debugging the parser: `cargo run --example dump FILE`.

use nianbao_core::parse::labels::MatchQuality;
use nianbao_core::ParseOptions;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let analysis = nianbao_core::analyze(&text, &ParseOptions::default());
    let r = &analysis.report;
    println!(
        "is_report={} year={:?} format={:?} agency={:?}",
        r.is_report,
        r.year.map(|y| (y.value, y.source)),
        r.format,
        r.agency
    );
    if let Some(t) = r.title {
        println!("title: {}", t.slice(&text));
    }
    for s in &r.sections {
        println!(
            "section {} {:?} {:?}: {}",
            s.id.0,
            s.numeral,
            s.wording,
            s.heading.slice(&text)
        );
    }
    for t in &r.tables {
        println!(
            "table {:?} format={:?} shown={} rows={} unknown={} foreign={} order={:?}",
            t.kind,
            t.format,
            t.format_shown,
            t.rows.len(),
            t.unknown.len(),
            t.foreign.len(),
            t.column_order
        );
        for row in &t.rows {
            let spec = t.row_spec(row);
            let q = row
                .label
                .map(|l| l.quality)
                .filter(|q| *q != MatchQuality::Exact);
            let cells: Vec<String> = row
                .cells
                .iter()
                .map(|c| format!("{}:{}", c.col, c.range.slice(&text)))
                .collect();
            println!(
                "  {:<40} {:?} cells={:?} extra={} missing={}",
                spec.short,
                q,
                cells,
                row.extra.len(),
                row.missing
            );
        }
        for u in &t.unknown {
            println!(
                "  UNKNOWN {:?} dup={:?} values={}",
                u.label.map(|l| l.slice(&text)),
                u.duplicate_of,
                u.values.len()
            );
        }
        for f in &t.foreign {
            println!("  FOREIGN {} {}", f.key, f.label.slice(&text));
        }
    }
    for d in &analysis.diagnostics {
        println!(
            "DIAG {:?} {} [{}] {}",
            d.severity,
            d.code.as_str(),
            d.range.slice(&text).replace('\n', "⏎"),
            d.message(nianbao_core::Lang::Zh)
        );
    }
}
