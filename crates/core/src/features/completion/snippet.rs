//! Snippets that insert a whole empty table (二, 三 or 四) of one format, written in the layout the
//! document already uses, with a `${n:0}` placeholder in every value cell.

use crate::catalog::{
    table_spec, Format, RowKind, TableKind, COLUMN_HEADERS, T3_COLUMNS, T4_COLUMNS, T4_GROUPS,
};
use crate::messages::SnippetLayout;
use crate::model::Report;
use crate::parse::lex::lines;
use crate::text::is_blank_char;

/// How the document writes its tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Markdown pipe tables: `| a | b |` rows under a `|---|---|` separator.
    Markdown,
    /// One row per line: `label | a | b |`.
    Rows,
    /// One cell per line, each ending in ` |`.
    CellPerLine,
    /// One row per line, cells separated by tabs (pasted from a spreadsheet).
    Tabs,
}

impl Layout {
    /// The layout as the message catalogue names it.
    pub fn offered(self) -> SnippetLayout {
        match self {
            Layout::Markdown => SnippetLayout::Markdown,
            Layout::Rows => SnippetLayout::Rows,
            Layout::CellPerLine => SnippetLayout::CellPerLine,
            Layout::Tabs => SnippetLayout::Tabs,
        }
    }
}

/// Whether a line is a Markdown table separator such as `|---|:---:|`.
fn is_markdown_separator(line: &str) -> bool {
    let t = line.trim_matches(is_blank_char);
    t.contains("---")
        && t.contains('|')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The layout of the document's tables: Markdown when a `|---|` separator is anywhere; else the
/// most common kind of line among the lines of the tables found (the whole text when there is
/// none); rows separated by `|` when nothing tells.
pub fn detect_layout(text: &str, report: &Report) -> Layout {
    let mut counts = [0usize; 3]; // Rows, CellPerLine, Tabs.
    for range in lines(text) {
        let line = range.slice(text);
        if is_markdown_separator(line) {
            return Layout::Markdown;
        }
        let in_table = report.tables.is_empty()
            || report.tables.iter().any(|t| {
                t.range.start < range.end.max(range.start + 1) && range.start < t.range.end
            });
        if !in_table {
            continue;
        }
        let filled = |sep: &dyn Fn(char) -> bool| {
            line.split(sep)
                .filter(|c| !c.trim_matches(is_blank_char).is_empty())
                .count()
        };
        if line.contains(['|', '｜']) {
            match filled(&|c| c == '|' || c == '｜') {
                0 => {}
                1 if line.trim_end_matches(is_blank_char).ends_with(['|', '｜']) => counts[1] += 1,
                1 => {}
                _ => counts[0] += 1,
            }
        } else if line.contains('\t') && filled(&|c| c == '\t') >= 2 {
            counts[2] += 1;
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    match (counts[best], best) {
        (0, _) | (_, 0) => Layout::Rows,
        (_, 1) => Layout::CellPerLine,
        _ => Layout::Tabs,
    }
}

/// One cell of a table to insert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Text(&'static str),
    /// A value: a placeholder whose default is 0.
    Value,
    /// A cell left empty to keep the columns aligned (Markdown and tabs).
    Empty,
}

/// The lines of an empty table of `kind` in `format`, as cells; all text comes from the catalog.
fn table_lines(kind: TableKind, format: Format) -> Vec<Vec<Cell>> {
    let spec = table_spec(kind, format);
    let mut out: Vec<Vec<Cell>> = Vec::new();
    match kind {
        TableKind::T2 => {
            // The row-header column's header (信息内容): the catalog lists a table's headers from its
            // top-left cell on.
            let content = first_header(TableKind::T2);
            for row in spec.rows {
                match row.kind {
                    RowKind::Block(cols) => {
                        out.push(vec![Cell::Text(row.label)]);
                        let mut header: Vec<Cell> = content.map(Cell::Text).into_iter().collect();
                        header.extend(cols.iter().map(|c| Cell::Text(c.label)));
                        out.push(header);
                    }
                    RowKind::Data(cols) => out.push(data_line(row.label, cols.len())),
                    RowKind::Group => out.push(vec![Cell::Text(row.label)]),
                }
            }
        }
        TableKind::T3 => {
            // A flat header: the label column's header (the top-left cell, the note on the relation
            // the columns obey), then the seven data columns in data order, which the parser reads
            // as the columns' order.
            let mut header: Vec<Cell> = first_header(TableKind::T3)
                .map(Cell::Text)
                .into_iter()
                .collect();
            header.extend(T3_COLUMNS.iter().map(|c| Cell::Text(c.label)));
            out.push(header);
            for row in spec.rows {
                match row.kind {
                    RowKind::Data(cols) => out.push(data_line(row.label, cols.len())),
                    RowKind::Group | RowKind::Block(_) => out.push(vec![Cell::Text(row.label)]),
                }
            }
        }
        TableKind::T4 => {
            // The three groups over their five columns each, then the columns, then the one data
            // row.
            let per_group = T4_COLUMNS.len() / T4_GROUPS.len().max(1);
            let mut groups = Vec::new();
            for (_, name, _) in &T4_GROUPS {
                groups.push(Cell::Text(name));
                for _ in 1..per_group {
                    groups.push(Cell::Empty);
                }
            }
            out.push(groups);
            out.push(T4_COLUMNS.iter().map(|c| Cell::Text(c.label)).collect());
            out.push(spec.rows[0].columns().iter().map(|_| Cell::Value).collect());
        }
    }
    out
}

/// A data row: its label and one value per column.
fn data_line(label: &'static str, values: usize) -> Vec<Cell> {
    std::iter::once(Cell::Text(label))
        .chain((0..values).map(|_| Cell::Value))
        .collect()
}

/// The first column header the catalog lists for `kind` alone: the table's top-left cell.
fn first_header(kind: TableKind) -> Option<&'static str> {
    COLUMN_HEADERS
        .iter()
        .find(|h| h.tables == [kind])
        .map(|h| h.label)
}

/// Joins cells into a `|` row: `a | | b |`, or `| a | | b |` with `leading`.
fn pipe_row(cells: &[String], leading: bool) -> String {
    let mut out = String::from(if leading { "|" } else { "" });
    for (i, c) in cells.iter().enumerate() {
        if i > 0 || leading {
            out.push(' ');
        }
        if !c.is_empty() {
            out.push_str(c);
            out.push(' ');
        }
        out.push('|');
    }
    out
}

/// Escapes text for LSP snippet syntax.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '$' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The snippet (LSP snippet syntax) of an empty table of `kind` in `format`, written in `layout`.
pub fn table_snippet(kind: TableKind, format: Format, layout: Layout) -> String {
    let rows = table_lines(kind, format);
    let width = rows.iter().map(Vec::len).max().unwrap_or(1);
    let mut n = 0usize;
    let mut cell = |c: Cell| match c {
        Cell::Text(t) => escape(t),
        Cell::Value => {
            n += 1;
            format!("${{{n}:0}}")
        }
        Cell::Empty => String::new(),
    };
    let mut out: Vec<String> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        // Trailing empty cells are dropped except in Markdown, where every row spans the table.
        let used = row
            .iter()
            .rposition(|c| *c != Cell::Empty)
            .map_or(0, |p| p + 1);
        match layout {
            Layout::Markdown => {
                let mut cells: Vec<String> = row.iter().map(|&c| cell(c)).collect();
                cells.resize(width, String::new());
                out.push(pipe_row(&cells, true));
                if i == 0 {
                    out.push(format!("|{}", "---|".repeat(width)));
                }
            }
            Layout::Rows => {
                let cells: Vec<String> = row[..used].iter().map(|&c| cell(c)).collect();
                out.push(pipe_row(&cells, false));
            }
            Layout::CellPerLine => {
                for &c in &row[..used] {
                    if c != Cell::Empty {
                        out.push(format!("{} |", cell(c)));
                    }
                }
            }
            Layout::Tabs => {
                let cells: Vec<String> = row[..used].iter().map(|&c| cell(c)).collect();
                out.push(cells.join("\t"));
            }
        }
    }
    out.join("\n")
}

/// How many lines the table of `kind` in `format` has (for the documentation of its snippet).
pub fn line_count(kind: TableKind, format: Format) -> usize {
    table_lines(kind, format).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_text_is_escaped() {
        assert_eq!(escape("a$b}c\\d"), "a\\$b\\}c\\\\d");
    }

    #[test]
    fn table_four_in_rows() {
        let s = table_snippet(TableKind::T4, Format::F2021, Layout::Rows);
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(
            lines[0].starts_with("行政复议 | | | | | 未经复议直接起诉 |"),
            "{}",
            lines[0]
        );
        assert!(
            lines[2].starts_with("${1:0} | ${2:0} |") && lines[2].ends_with("${15:0} |"),
            "{}",
            lines[2]
        );
    }
}
