//! A part's raw tables, as found or in a compact byte form: the parts of an open document keep them
//! packed between edits. Raw tables are most of a parsed part's size in memory (a slot takes 64
//! bytes there, four to six here), and they are read only when the part's report is assembled,
//! which unpacks them. A text checked once (the batch) keeps them as found: packing would only cost
//! time there.
//!
//! The form is private to this module: unsigned numbers are LEB128 varints, signed ones zigzagged
//! first, and every range is its start and its length. Unpacking what was packed gives the tables
//! back exactly; unpacking damaged bytes (which nothing produces) gives whatever they read as,
//! never a panic.

use std::borrow::Cow;

use super::labels::{LabelMatch, MatchQuality};
use super::lex::Number;
use super::tables::{RawRow, RawTable, Slot, SlotKind};
use crate::catalog::{Format, TableKind};
use crate::text::TextRange;

/// A part's raw tables, as found or packed; equal when they hold the same tables, whatever the
/// form.
#[derive(Debug, Clone)]
pub enum PartTables {
    Found(Vec<RawTable>),
    Packed(PackedTables),
}

impl PartTables {
    /// The tables, unpacked when packed.
    pub fn tables(&self) -> Cow<'_, [RawTable]> {
        match self {
            PartTables::Found(t) => Cow::Borrowed(t),
            PartTables::Packed(p) => Cow::Owned(p.unpack()),
        }
    }

    /// The same tables, packed.
    pub fn packed(self) -> PartTables {
        match self {
            PartTables::Found(t) => PartTables::Packed(PackedTables::pack(&t)),
            packed => packed,
        }
    }

    pub fn is_packed(&self) -> bool {
        matches!(self, PartTables::Packed(_))
    }

    pub fn len(&self) -> usize {
        match self {
            PartTables::Found(t) => t.len(),
            PartTables::Packed(p) => p.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether one of the tables is of `kind`.
    pub fn has(&self, kind: TableKind) -> bool {
        match self {
            PartTables::Found(t) => t.iter().any(|t| t.kind == kind),
            PartTables::Packed(p) => p.has(kind),
        }
    }

    /// The bytes the tables' packed form takes on the heap (0 when they are not packed).
    pub fn packed_bytes(&self) -> usize {
        match self {
            PartTables::Found(_) => 0,
            PartTables::Packed(p) => p.heap_bytes(),
        }
    }
}

impl PartialEq for PartTables {
    fn eq(&self, other: &PartTables) -> bool {
        match (self, other) {
            (PartTables::Packed(a), PartTables::Packed(b)) => a == b,
            _ => self.tables() == other.tables(),
        }
    }
}

/// Raw tables, packed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PackedTables {
    bytes: Box<[u8]>,
    /// How many tables there are.
    count: u32,
    /// Which kinds of table there are, one bit each (see [`kind_bit`]).
    kinds: u8,
}

impl PackedTables {
    pub fn pack(tables: &[RawTable]) -> PackedTables {
        let mut w = Writer(Vec::new());
        let mut kinds = 0;
        for t in tables {
            kinds |= kind_bit(t.kind);
            w.table(t);
        }
        PackedTables {
            bytes: w.0.into_boxed_slice(),
            count: u32::try_from(tables.len()).unwrap_or(u32::MAX),
            kinds,
        }
    }

    pub fn unpack(&self) -> Vec<RawTable> {
        let mut r = Reader {
            bytes: &self.bytes,
            at: 0,
        };
        (0..self.count).map(|_| r.table()).collect()
    }

    pub fn len(&self) -> usize {
        self.count as usize
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Whether one of the tables is of `kind`.
    pub fn has(&self, kind: TableKind) -> bool {
        self.kinds & kind_bit(kind) != 0
    }

    /// The bytes the packed form takes on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.len()
    }
}

fn kind_bit(kind: TableKind) -> u8 {
    match kind {
        TableKind::T2 => 1,
        TableKind::T3 => 2,
        TableKind::T4 => 4,
    }
}

struct Writer(Vec<u8>);

impl Writer {
    fn byte(&mut self, b: u8) {
        self.0.push(b);
    }

    fn uint(&mut self, mut v: u128) {
        loop {
            let low = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(low);
                return;
            }
            self.0.push(low | 0x80);
        }
    }

    fn int(&mut self, v: i128) {
        // Zigzag: small magnitudes of either sign take few bytes.
        self.uint(((v << 1) ^ (v >> 127)) as u128);
    }

    fn range(&mut self, r: TextRange) {
        self.uint(r.start as u128);
        self.uint(r.end.saturating_sub(r.start) as u128);
    }

    fn slot(&mut self, s: &Slot) {
        match s.kind {
            SlotKind::Number(n) => {
                self.byte(match (n.mantissa.is_some(), n.has_unit) {
                    (true, false) => 0,
                    (true, true) => 1,
                    (false, false) => 2,
                    (false, true) => 3,
                });
                self.byte(n.scale);
                if let Some(m) = n.mantissa {
                    self.int(m);
                }
            }
            SlotKind::Dash => self.byte(4),
            SlotKind::Blank { strong: false } => self.byte(5),
            SlotKind::Blank { strong: true } => self.byte(6),
            SlotKind::Invalid => self.byte(7),
        }
        self.range(s.range);
    }

    fn slots(&mut self, slots: &[Slot]) {
        self.uint(slots.len() as u128);
        slots.iter().for_each(|s| self.slot(s));
    }

    fn row(&mut self, r: &RawRow) {
        match r.label {
            None => self.byte(0),
            Some(m) => {
                match m.quality {
                    MatchQuality::Exact => self.byte(1),
                    MatchQuality::LostPunctuation => self.byte(2),
                    MatchQuality::WrongNumbering => self.byte(3),
                    MatchQuality::Truncated => self.byte(4),
                    MatchQuality::Fuzzy(sim) => {
                        self.byte(5);
                        self.0.extend_from_slice(&sim.to_bits().to_le_bytes());
                    }
                }
                self.uint(m.entry as u128);
            }
        }
        self.option_range(r.label_range);
        self.slots(&r.slots);
        match r.line_cells {
            None => self.byte(0),
            Some(n) => {
                self.byte(1);
                self.uint(n as u128);
            }
        }
    }

    fn option_range(&mut self, r: Option<TextRange>) {
        match r {
            None => self.byte(0),
            Some(r) => {
                self.byte(1);
                self.range(r);
            }
        }
    }

    fn table(&mut self, t: &RawTable) {
        self.byte(kind_bit(t.kind));
        self.uint(t.rows.len() as u128);
        t.rows.iter().for_each(|r| self.row(r));
        self.uint(t.markers.len() as u128);
        for &(format, range) in &t.markers {
            self.byte(match format {
                Format::F2019 => 0,
                Format::F2021 => 1,
            });
            self.range(range);
        }
        self.slots(&t.values);
        self.uint(t.value_lines.len() as u128);
        t.value_lines.iter().for_each(|&l| self.uint(u128::from(l)));
        self.range(t.range);
        match t.column_order {
            None => self.byte(0),
            Some(order) => {
                self.byte(1);
                order.iter().for_each(|&c| self.uint(c as u128));
            }
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    fn uint(&mut self) -> u128 {
        let mut v = 0u128;
        for shift in (0..128).step_by(7) {
            let b = self.byte();
            v |= u128::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                break;
            }
        }
        v
    }

    fn usize(&mut self) -> usize {
        usize::try_from(self.uint()).unwrap_or(usize::MAX)
    }

    /// A count of items that each take at least one byte: never more than the bytes left, so that
    /// damaged bytes cannot ask for a huge allocation.
    fn count(&mut self) -> usize {
        self.usize().min(self.bytes.len().saturating_sub(self.at))
    }

    fn int(&mut self) -> i128 {
        let v = self.uint();
        ((v >> 1) as i128) ^ -((v & 1) as i128)
    }

    fn range(&mut self) -> TextRange {
        let start = self.usize();
        let len = self.usize();
        TextRange::new(start, start.saturating_add(len))
    }

    fn slot(&mut self) -> Slot {
        let tag = self.byte();
        let kind = match tag {
            0..=3 => {
                let scale = self.byte();
                let mantissa = if tag < 2 { Some(self.int()) } else { None };
                SlotKind::Number(Number {
                    mantissa,
                    scale,
                    has_unit: tag % 2 == 1,
                })
            }
            4 => SlotKind::Dash,
            5 => SlotKind::Blank { strong: false },
            6 => SlotKind::Blank { strong: true },
            _ => SlotKind::Invalid,
        };
        Slot {
            range: self.range(),
            kind,
        }
    }

    fn slots(&mut self) -> Vec<Slot> {
        let n = self.count();
        (0..n).map(|_| self.slot()).collect()
    }

    fn option_range(&mut self) -> Option<TextRange> {
        (self.byte() == 1).then(|| self.range())
    }

    fn row(&mut self) -> RawRow {
        let label = match self.byte() {
            0 => None,
            tag => {
                let quality = match tag {
                    1 => MatchQuality::Exact,
                    2 => MatchQuality::LostPunctuation,
                    3 => MatchQuality::WrongNumbering,
                    4 => MatchQuality::Truncated,
                    _ => {
                        let bits = [self.byte(), self.byte(), self.byte(), self.byte()];
                        MatchQuality::Fuzzy(f32::from_bits(u32::from_le_bytes(bits)))
                    }
                };
                Some(LabelMatch {
                    entry: self.usize(),
                    quality,
                })
            }
        };
        let label_range = self.option_range();
        let slots = self.slots();
        let line_cells = (self.byte() == 1).then(|| self.usize());
        RawRow {
            label,
            label_range,
            slots,
            line_cells,
        }
    }

    fn table(&mut self) -> RawTable {
        let kind = match self.byte() {
            1 => TableKind::T2,
            2 => TableKind::T3,
            _ => TableKind::T4,
        };
        let n = self.count();
        let rows = (0..n).map(|_| self.row()).collect();
        let n = self.count();
        let markers = (0..n)
            .map(|_| {
                let format = if self.byte() == 0 {
                    Format::F2019
                } else {
                    Format::F2021
                };
                (format, self.range())
            })
            .collect();
        let values = self.slots();
        let n = self.count();
        let value_lines = (0..n)
            .map(|_| u32::try_from(self.uint()).unwrap_or(u32::MAX))
            .collect();
        let range = self.range();
        let column_order = (self.byte() == 1).then(|| std::array::from_fn(|_| self.usize()));
        RawTable {
            kind,
            rows,
            markers,
            values,
            value_lines,
            range,
            column_order,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(mantissa: Option<i128>, scale: u8, has_unit: bool) -> SlotKind {
        SlotKind::Number(Number {
            mantissa,
            scale,
            has_unit,
        })
    }

    #[test]
    fn tables_come_back_exactly_as_they_were_packed() {
        let slot = |start: usize, kind| Slot {
            range: TextRange::new(start, start + 3),
            kind,
        };
        let kinds = [
            number(Some(0), 0, false),
            number(Some(-185), 1, true),
            number(Some(i128::MAX), 0, false),
            number(Some(i128::MIN), 2, false),
            number(None, 0, true),
            SlotKind::Dash,
            SlotKind::Blank { strong: true },
            SlotKind::Blank { strong: false },
            SlotKind::Invalid,
        ];
        let rows = vec![
            RawRow {
                label: Some(LabelMatch {
                    entry: 41,
                    quality: MatchQuality::Fuzzy(0.8125),
                }),
                label_range: Some(TextRange::new(7, 30)),
                slots: kinds
                    .iter()
                    .enumerate()
                    .map(|(i, &k)| slot(40 + 5 * i, k))
                    .collect(),
                line_cells: Some(8),
            },
            RawRow {
                label: None,
                label_range: None,
                slots: Vec::new(),
                line_cells: None,
            },
            RawRow {
                label: Some(LabelMatch {
                    entry: 0,
                    quality: MatchQuality::WrongNumbering,
                }),
                label_range: None,
                slots: vec![slot(usize::MAX - 3, SlotKind::Dash)],
                line_cells: Some(0),
            },
        ];
        let tables = vec![
            RawTable {
                kind: TableKind::T3,
                rows,
                markers: vec![
                    (Format::F2019, TextRange::new(1, 2)),
                    (Format::F2021, TextRange::new(3, 3)),
                ],
                values: vec![slot(100, SlotKind::Invalid)],
                value_lines: vec![0, 7, u32::MAX],
                range: TextRange::new(0, 90_000),
                column_order: Some([6, 0, 1, 2, 3, 4, 5]),
            },
            RawTable {
                kind: TableKind::T4,
                rows: Vec::new(),
                markers: Vec::new(),
                values: Vec::new(),
                value_lines: Vec::new(),
                range: TextRange::default(),
                column_order: None,
            },
        ];
        let packed = PackedTables::pack(&tables);
        assert_eq!(packed.unpack(), tables);
        assert_eq!(packed.len(), 2);
        assert!(
            packed.has(TableKind::T3) && packed.has(TableKind::T4) && !packed.has(TableKind::T2)
        );
    }

    #[test]
    fn tables_found_and_packed_are_equal_when_they_hold_the_same() {
        let t = RawTable {
            kind: TableKind::T2,
            rows: Vec::new(),
            markers: Vec::new(),
            values: Vec::new(),
            value_lines: vec![3],
            range: TextRange::new(0, 9),
            column_order: None,
        };
        let found = PartTables::Found(vec![t.clone()]);
        let packed = found.clone().packed();
        assert!(packed.is_packed() && !found.is_packed());
        assert_eq!(found, packed);
        assert_eq!(packed.tables().into_owned(), vec![t.clone()]);
        let other = PartTables::Found(vec![RawTable {
            value_lines: vec![4],
            ..t
        }]);
        assert_ne!(other, packed);
    }

    #[test]
    fn damaged_bytes_unpack_without_a_panic() {
        let tables = vec![RawTable {
            kind: TableKind::T2,
            rows: Vec::new(),
            markers: Vec::new(),
            values: vec![Slot {
                range: TextRange::new(1, 2),
                kind: SlotKind::Dash,
            }],
            value_lines: Vec::new(),
            range: TextRange::new(0, 5),
            column_order: None,
        }];
        let good = PackedTables::pack(&tables);
        for cut in 0..good.bytes.len() {
            let mut damaged = good.clone();
            damaged.bytes = good.bytes[..cut]
                .iter()
                .chain(std::iter::repeat_n(&0xff, 40))
                .copied()
                .collect();
            let _ = damaged.unpack();
        }
    }
}
