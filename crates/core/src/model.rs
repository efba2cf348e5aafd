//! The report model: what the parser understood of a text, with the exact source range of every
//! heading, label and cell. Checks, and later completion, hover and fixes, read only this.

use crate::catalog::{table_spec, ColSpec, Format, RowSpec, SectionId, TableKind, TableSpec};
use crate::text::TextRange;

/// A parsed report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Whether the text looks like an annual report at all; other texts get no diagnostics.
    pub is_report: bool,
    /// The title line, when there is one.
    pub title: Option<TextRange>,
    /// The agency the report is from, read from the title or the preamble.
    pub agency: Option<String>,
    /// The report year and where it was read.
    pub year: Option<Year>,
    /// The format the tables use (the majority when they disagree).
    pub format: Option<Format>,
    /// The six sections, in document order, as found.
    pub sections: Vec<Section>,
    /// The tables, in document order.
    pub tables: Vec<Table>,
    /// Lines recognised as page chrome (web footers, page numbers).
    pub chrome: Vec<TextRange>,
    /// What the narrative says, part by part, in document order.
    pub narrative: Vec<NarrativeAt>,
}

/// The narrative of one part of the text, and where the part starts.
#[derive(Debug, Clone, PartialEq)]
pub struct NarrativeAt {
    pub start: usize,
    /// The section the part belongs to; `None` in the preamble.
    pub section: Option<SectionId>,
    /// Whether the part is in the preamble or in the first section with its number (a repeated
    /// section's figures are not compared with the tables).
    pub first: bool,
    pub narrative: std::sync::Arc<crate::parse::narrative::Narrative>,
}

impl NarrativeAt {
    /// A range of the narrative, in the text.
    pub fn at(&self, r: TextRange) -> TextRange {
        r.shifted(self.start)
    }
}

impl Report {
    pub fn table(&self, kind: TableKind) -> Option<&Table> {
        self.tables.iter().find(|t| t.kind == kind)
    }

    /// The table of `kind` when it can be read with confidence (see [`Table::assess`]): the one
    /// whose values may be compared with the narrative and with other years.
    pub fn readable_table(&self, kind: TableKind) -> Option<&Table> {
        self.table(kind).filter(|t| t.is_readable())
    }

    pub fn section(&self, id: SectionId) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// Moves every range of the report by `by` bytes.
    pub fn shift(&mut self, by: usize) {
        let s = |r: &mut TextRange| *r = r.shifted(by);
        if let Some(t) = self.title.as_mut() {
            s(t);
        }
        if let Some(y) = self.year.as_mut() {
            s(&mut y.range);
        }
        for sec in &mut self.sections {
            s(&mut sec.heading);
            s(&mut sec.title);
            s(&mut sec.body);
            if let Some(n) = sec.numeral_range.as_mut() {
                s(n);
            }
        }
        self.tables.iter_mut().for_each(|t| t.shift(by));
        self.chrome.iter_mut().for_each(s);
        self.narrative.iter_mut().for_each(|n| n.start += by);
    }

    /// The narrative of the preamble (`None`) or of a section, in order.
    pub fn narrative_of(&self, section: Option<SectionId>) -> impl Iterator<Item = &NarrativeAt> {
        self.narrative
            .iter()
            .filter(move |n| n.first && n.section == section)
    }

    /// The format the report must use for its year, when the year is known.
    pub fn expected_format(&self) -> Option<Format> {
        self.year.and_then(|y| Format::for_year(y.value))
    }
}

/// Where the report year was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearSource {
    /// `XXXX年(度)…政府信息公开工作年度报告`.
    Title,
    /// `统计期限自XXXX年1月1日…`.
    Period,
    /// The first `XXXX年，` of the preamble or of 总体情况.
    Narrative,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Year {
    pub value: i32,
    pub range: TextRange,
    pub source: YearSource,
}

/// How a heading's wording relates to the format.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HeadingWording {
    Canonical,
    /// A longer official wording (from 条例第五十条) or the canonical title with a few words added.
    OfficialVariant,
    /// A misspelling of the title.
    Typo(f32),
    /// Another wording that keeps the section's key words, under the section's own numeral
    /// (`五、存在的主要问题及下一步工作打算`).
    Reworded,
}

/// How a heading's numeral is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingNumbering {
    /// The format's `一、`.
    Format,
    /// `一.`, `一，` or `一 ` (a numeral followed by other punctuation or a space).
    Punctuated,
    /// `第一部分`.
    Part,
    /// `（一）`, which the format uses for sub-headings.
    Paren,
    /// No numeral.
    None,
}

/// A section heading found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub id: SectionId,
    /// The heading: numeral and title.
    pub heading: TextRange,
    /// The numeral as written (`None` when the heading has none).
    pub numeral: Option<u8>,
    /// The range of the numbering, when there is one.
    pub numeral_range: Option<TextRange>,
    /// How the numeral is written.
    pub numbering: HeadingNumbering,
    /// The title as written.
    pub title: TextRange,
    pub wording: HeadingWording,
    /// From the end of the heading to the start of the next heading (or the end of the text).
    pub body: TextRange,
}

/// What a cell holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CellValue {
    Number(Number),
    /// Nothing between the separators.
    Blank,
    /// `/`, `-`, `—` or `无`.
    Dash,
    /// Text that is not a number.
    Invalid,
}

/// One value cell of a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    pub range: TextRange,
    pub value: CellValue,
    /// The column index in the row's [`RowSpec::columns`].
    pub col: usize,
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        matches!(self.value, CellValue::Blank | CellValue::Dash)
    }
}

/// How the label of a row was written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Label {
    pub range: TextRange,
    pub quality: MatchQuality,
}

/// A row of a table, matched to its row of the format.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Index of the row in [`TableSpec::rows`] of the table's kind and format.
    pub spec: usize,
    /// The label; `None` for table 四's single row.
    pub label: Option<Label>,
    /// One cell per column when the row is complete; fewer when values are missing.
    pub cells: Vec<Cell>,
    /// Values beyond the row's columns.
    pub extra: Vec<TextRange>,
    /// How many values the row lacks.
    pub missing: usize,
    /// Where the row's text ends (its last cell, or its label).
    pub end: usize,
}

impl Row {
    /// Whether the row has exactly one value per column, so that its cells can be checked by
    /// column.
    pub fn is_complete(&self) -> bool {
        self.extra.is_empty() && self.missing == 0
    }

    pub fn cell(&self, col: usize) -> Option<&Cell> {
        self.cells.iter().find(|c| c.col == col)
    }

    /// Whether the row was left blank: it has columns and not one value, whether its blank cells
    /// were all seen (`| | |`), some of them, or none (a PDF prints no blank cell). A blank row is
    /// one diagnostic, not a count of its cells.
    pub fn is_blank(&self) -> bool {
        self.extra.is_empty()
            && self.cells.iter().all(Cell::is_empty)
            && (self.cells.len() > 1 || self.missing > 0)
    }

    /// A range that shows the row: its label, else its cells.
    pub fn range(&self) -> TextRange {
        let mut r = self.label.map(|l| l.range);
        for c in &self.cells {
            r = Some(r.map_or(c.range, |r| r.cover(c.range)));
        }
        r.unwrap_or_default()
    }
}

/// A row whose label is not in the format (e.g. 其他主动公开文件), or values without a label.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownRow {
    pub label: Option<TextRange>,
    pub values: Vec<TextRange>,
    /// Set when the label is a row of the format already seen in this table.
    pub duplicate_of: Option<usize>,
}

/// A row of the other format found in this table (e.g. 其他对外管理服务事项 in a 2021 table).
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignRow {
    pub label: TextRange,
    pub key: &'static str,
}

/// A table found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub kind: TableKind,
    /// The format the table's own content shows.
    pub format: Format,
    /// Whether the format was decided from the table's content (rather than assumed).
    pub format_shown: bool,
    /// The range of the first label or header that marks the table's format.
    pub format_marker: Option<TextRange>,
    /// From the first header or label to the last cell.
    pub range: TextRange,
    pub rows: Vec<Row>,
    pub unknown: Vec<UnknownRow>,
    pub foreign: Vec<ForeignRow>,
    /// The order of table 三's data columns when a flat header states it; else the format's order.
    pub column_order: Option<[usize; 7]>,
    /// Set when the table cannot be read with confidence (see [`Table::assess`]): its rows' values
    /// cannot be trusted to stand in their rows and columns, so the checks that compare values
    /// (sums, the narrative, missing rows, per-row value counts) leave it alone and one diagnostic
    /// says so.
    pub unreadable: Option<Unreadable>,
    /// The rows whose values were written run together (`4100005`), and how each was read (see
    /// `parse::runs`).
    pub runs: Vec<RunTogether>,
}

/// A row of a table whose values were written run together, without separators (`4100005` for
/// `4 | 1 | 0 | 0 | 0 | 0 | 5`, as a scraper that flattened a web page writes them).
#[derive(Debug, Clone, PartialEq)]
pub struct RunTogether {
    /// The row, an index into [`Table::rows`].
    pub row: usize,
    /// The values as written: runs of digits, some perhaps separated (`12 0 00 0 113`).
    pub written: Vec<TextRange>,
    pub read: RunRead,
}

/// How a row of values run together was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunRead {
    /// Its digits split into its columns one way only, whatever the values: the relations check it
    /// as usual.
    Only,
    /// Split the one way for which the row's own relations hold (its 总计 the sum of its columns): a
    /// wrong 总计 cannot show, since the split was chosen so that it holds.
    ByRow,
    /// Split the one way for which the table's relations hold (outcome totals, balance).
    ByTable,
    /// Left as written: `ways` splits fit the relations (0, or several), `None` when too many to
    /// try.
    Unsplit { ways: Option<usize> },
}

impl RunRead {
    pub fn is_split(self) -> bool {
        !matches!(self, RunRead::Unsplit { .. })
    }
}

/// Why a table cannot be read with confidence: of its rows that carry values, how many have a wrong
/// number of values or no label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable {
    /// The rows that carry values (or should): the format's data rows found, group labels with
    /// values, and runs of values without a label.
    pub rows: usize,
    /// Of these, the rows with too many or too few values, and the runs of values without a label.
    pub bad: usize,
}

/// Fewer rows with values than this are too few to tell a misread table from a few mistyped rows:
/// each bad row keeps its own diagnostic.
const MIN_ROWS_TO_JUDGE: usize = 4;

impl Table {
    /// Decides whether the table can be read with confidence, from its rows as matched. A table
    /// whose rows mostly have the wrong number of values (a PDF conversion that shifted its
    /// columns, merged or split its rows) or whose values mostly stand without a label cannot: when
    /// more than half of the rows that carry values are so, row by row diagnostics would each name
    /// a row that is not the one at fault. A good table with one bad row (or a few, up to half)
    /// keeps its precise cell-count errors naming the rows. Table 四 has one row and is not judged.
    pub fn assess(&mut self) {
        self.unreadable = None;
        if self.kind == TableKind::T4 {
            return;
        }
        let mut rows = 0;
        let mut bad = 0;
        for row in &self.rows {
            let n = self.row_spec(row).columns().len();
            // A group label, or a row with no value read at all (left blank: reported as such),
            // carries none.
            if (n == 0 || row.cells.is_empty()) && row.extra.is_empty() {
                continue;
            }
            rows += 1;
            bad += usize::from(!row.is_complete());
        }
        let unlabelled = self
            .unknown
            .iter()
            .filter(|u| u.label.is_none() && !u.values.is_empty())
            .count();
        rows += unlabelled;
        bad += unlabelled;
        if rows >= MIN_ROWS_TO_JUDGE && bad * 2 > rows {
            self.unreadable = Some(Unreadable { rows, bad });
        }
    }

    /// Whether the table's values can be compared (with each other, the narrative, other years).
    pub fn is_readable(&self) -> bool {
        self.unreadable.is_none()
    }

    pub fn spec(&self) -> &'static TableSpec {
        table_spec(self.kind, self.format)
    }

    pub fn row_spec(&self, row: &Row) -> &'static RowSpec {
        &self.spec().rows[row.spec]
    }

    pub fn row(&self, key: &str) -> Option<&Row> {
        let (i, _) = self.spec().row(key)?;
        self.rows.iter().find(|r| r.spec == i)
    }

    /// Whether the table has rows but not one value in them (every cell blank, or no cell read at
    /// all: one cell per line, a table of blank lines shows no cell to count).
    pub fn has_no_value(&self) -> bool {
        !self.rows.is_empty()
            && self
                .rows
                .iter()
                .all(|r| r.extra.is_empty() && r.cells.iter().all(|c| c.is_empty()))
    }

    pub fn columns_of(&self, row: &Row) -> &'static [ColSpec] {
        self.row_spec(row).columns()
    }

    /// Moves every range of the table by `by` bytes.
    pub fn shift(&mut self, by: usize) {
        let s = |r: &mut TextRange| *r = r.shifted(by);
        s(&mut self.range);
        if let Some(m) = self.format_marker.as_mut() {
            s(m);
        }
        for row in &mut self.rows {
            if let Some(l) = row.label.as_mut() {
                s(&mut l.range);
            }
            row.cells.iter_mut().for_each(|c| s(&mut c.range));
            row.extra.iter_mut().for_each(s);
            row.end += by;
        }
        for u in &mut self.unknown {
            if let Some(l) = u.label.as_mut() {
                s(l);
            }
            u.values.iter_mut().for_each(s);
        }
        for f in &mut self.foreign {
            s(&mut f.label);
        }
        for r in &mut self.runs {
            r.written.iter_mut().for_each(s);
        }
    }

    /// How the row at `row` (an index into [`Table::rows`]) was read when its values were run
    /// together.
    pub fn run_of(&self, row: usize) -> Option<&RunTogether> {
        self.runs.iter().find(|r| r.row == row)
    }
}

/// A number as written in a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number {
    /// The digits without the decimal point; `None` when the number is too large to hold.
    pub mantissa: Option<i128>,
    /// How many digits follow the decimal point.
    pub scale: u8,
    /// Whether a unit such as 元 or 件 follows the digits.
    pub has_unit: bool,
}

impl Number {
    /// The value when it is a whole number (a zero fraction such as `12.0` counts as whole).
    pub fn as_integer(&self) -> Option<i128> {
        let m = self.mantissa?;
        if self.scale == 0 {
            return Some(m);
        }
        let p = 10i128.checked_pow(u32::from(self.scale))?;
        (m % p == 0).then_some(m / p)
    }

    pub fn is_negative(&self) -> bool {
        self.mantissa.is_some_and(|m| m < 0)
    }

    pub fn as_f64(&self) -> Option<f64> {
        let m = self.mantissa? as f64;
        Some(m / 10f64.powi(i32::from(self.scale)))
    }
}

/// How well a text matched its label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MatchQuality {
    /// Equal after normalisation (width, spaces, line breaks): nothing to report.
    Exact,
    /// Equal but for lost quotes or brackets.
    LostPunctuation,
    /// The body is right but the numbering is missing or wrong.
    WrongNumbering,
    /// A truncation of the label.
    Truncated,
    /// Close to the label: a typo.
    Fuzzy(f32),
}

impl MatchQuality {
    pub fn is_exact(self) -> bool {
        matches!(self, MatchQuality::Exact)
    }
}
