//! Counts the live heap bytes of each stage's result on the 5 MB benchmark documents: the text, its
//! parsed parts, each unit's analysis, the merged analysis and the line index.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

fn main() {
    use nianbao_core::parse::units::unit_spans;
    use nianbao_core::ParseOptions;
    let opts = ParseOptions::default();
    sizes();
    for (name, make) in [
        (
            "narrative",
            nianbao_bench::long_narrative as fn(usize) -> String,
        ),
        ("summary", nianbao_bench::summary),
    ] {
        let text = make(5 << 20);
        let mb = |bytes: usize| {
            format!(
                "{:6.2} MB {:5.2}×",
                bytes as f64 / 1048576.0,
                bytes as f64 / text.len() as f64
            )
        };
        let at = live();
        let parsed = nianbao_core::parse_parts_packed(&text);
        println!("{name:10} parsed parts   {}", mb(live() - at));
        breakdown(&parsed);
        let at = live();
        let spans = unit_spans(&parsed);
        let units: Vec<_> = spans
            .iter()
            .map(|s| nianbao_core::analyze(&text[s.range.start..s.range.end], &opts))
            .collect();
        println!("{name:10} unit analyses  {}", mb(live() - at));
        let reports: usize = units
            .iter()
            .map(|u| {
                u.report
                    .tables
                    .iter()
                    .map(|t| t.rows.iter().map(|r| r.cells.len()).sum::<usize>())
                    .sum::<usize>()
            })
            .sum();
        let at = live();
        let diags: Vec<_> = units.iter().map(|u| u.diagnostics.clone()).collect();
        println!(
            "{name:10} diagnostics    {} ({} cells in the units' tables)",
            mb(live() - at),
            reports
        );
        drop(diags);
        let at = live();
        let index = nianbao_core::text::LineIndex::new(&text);
        println!("{name:10} line index     {}", mb(live() - at));
        drop((index, units, parsed));
    }
}

fn sizes() {
    use nianbao_core::model::{Cell, Row, Table};
    use nianbao_core::parse::narrative::{Narrative, Sentence};
    use nianbao_core::parse::tables::{RawRow, RawTable, Slot};
    println!(
        "Slot {} RawRow {} RawTable {} Narrative {} Sentence {} Cell {} Row {} Table {} Part {}",
        size_of::<Slot>(),
        size_of::<RawRow>(),
        size_of::<RawTable>(),
        size_of::<Narrative>(),
        size_of::<Sentence>(),
        size_of::<Cell>(),
        size_of::<Row>(),
        size_of::<Table>(),
        size_of::<nianbao_core::parse::Part>()
    );
}

/// Where the parsed parts' bytes are, by capacity: tables (rows, slots, markers), narrative facts.
fn breakdown(parsed: &nianbao_core::Parsed) {
    use nianbao_core::parse::tables::{RawRow, RawTable, Slot};
    let mut tables = 0usize;
    let mut rows = 0usize;
    let mut slots = 0usize;
    let mut slot_len = 0usize;
    let mut other = 0usize;
    let mut narr = 0usize;
    let mut parts = 0usize;
    let mut packed = 0usize;
    let mut count_table = |t: &RawTable, tables: &mut usize| {
        *tables += size_of::<RawTable>();
        rows += t.rows.capacity() * size_of::<RawRow>();
        for r in &t.rows {
            slots += r.slots.capacity() * size_of::<Slot>();
            slot_len += r.slots.len();
        }
        slots += t.values.capacity() * size_of::<Slot>();
        other += t.markers.capacity() * 24 + t.value_lines.capacity() * 4;
    };
    for p in parsed.parts() {
        parts +=
            size_of::<nianbao_core::parse::Part>() + 16 + size_of::<nianbao_core::parse::PartAt>();
        packed += p.part.tables.packed_bytes()
            + p.part
                .headerless_t4
                .as_ref()
                .map_or(0, |t| t.packed_bytes());
        for t in p.part.tables.tables().iter() {
            count_table(t, &mut tables);
        }
        let n = &p.part.narrative;
        narr += size_of::<nianbao_core::parse::narrative::Narrative>()
            + 16
            + n.regions.capacity() * 16
            + n.sentences
                .iter()
                .map(|s| s.figures.capacity() * 64)
                .sum::<usize>()
            + n.sentences.capacity() * 64
            + n.titles.capacity() * 16;
    }
    let mb = |b: usize| b as f64 / 1048576.0;
    println!("  packed tables {:.2} MB, unpacked:", mb(packed));
    println!("  parts {:.2} MB, tables {:.2}, rows {:.2}, slots {:.2} ({slot_len} slots), markers/lines {:.2}, narrative {:.2}", mb(parts), mb(tables), mb(rows), mb(slots), mb(other), mb(narr));
}
