//! Prints where a text's parts start and their headings, for debugging: `cargo run --example parts
//! FILE`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        return;
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        return;
    };
    let parsed = nianbao_core::parse_parts(&text);
    for p in parsed.parts() {
        let h = p
            .part
            .heading
            .map(|h| h.heading.shifted(p.start).slice(&text).to_owned());
        println!(
            "{:>6} len={:<6} tables={} {:?}",
            p.start,
            p.part.len,
            p.part.tables.len(),
            h
        );
    }
}
