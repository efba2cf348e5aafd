//! Checks of single cells: empty cells and values that are not valid numbers for their column.

use std::collections::HashMap;

use serde_json::json;

use super::cell_name;
use super::localise;
use crate::catalog::ValueKind;
use crate::diagnostic::{Code, Diagnostic, Edit, Severity};
use crate::messages::{BadNumber, FixKind, Msg, Name, ReadingCheck};
use crate::model::{Cell, CellValue, Report, Row, Table};
use crate::parse::misread::{self, Reading};
use crate::relations::{self, CellRef};
use crate::text::TextRange;

pub fn check(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    for table in &report.tables {
        check_table(text, table, out);
    }
}

fn check_table(text: &str, table: &Table, out: &mut Vec<Diagnostic>) {
    let table_name = table.kind.key();
    let data_cells: Vec<_> = table.rows.iter().flat_map(|r| r.cells.iter()).collect();
    // A table with no value at all gets one diagnostic, not one per cell; a required table left
    // unfilled is an error (the format asks for every figure), where a blank cell here and there is
    // a warning.
    if table.has_no_value() && (data_cells.len() > 1 || table.rows.len() > 1) {
        let d = Diagnostic::new(
            Code::EmptyCell,
            Severity::Error,
            table.range,
            Msg::EmptyTable { table: table.kind },
        )
        .with_data(json!({ "table": table_name }));
        // Cells read as blank can be filled; rows whose blank cells were not seen cannot.
        let fillable = table.rows.iter().all(|r| r.is_complete());
        out.push(if fillable {
            d.with_fix(
                FixKind::FillZero,
                data_cells
                    .iter()
                    .map(|c| fill_zero(text, c.range))
                    .collect(),
            )
        } else {
            d
        });
        return;
    }
    // The blank cells (and cells holding only a dash) of the table, row by row: reported one by
    // one, or all together when there are many. Bad numbers are reported as they are met.
    let mut blanks: Vec<Blank> = Vec::new();
    let computed = crate::relations::computed_blanks(table);
    // How many diagnostics the blanks would make one by one: one per wholly blank row, one per
    // other cell.
    let mut one_by_one = 0;
    // Blank rows none of whose cells were seen (a PDF prints no blank cell): named by their labels,
    // with no fix, since there is no cell to fill.
    let mut blank_rows_unseen: Vec<usize> = Vec::new();
    let mut misread_judged = 0;
    for (r, row) in table.rows.iter().enumerate() {
        let spec = table.row_spec(row);
        let cols = spec.columns();
        // A blank row whose cells the sums compute (a blank （七）总计 under filled outcomes) is not one
        // to fill with 0: its cells are reported one by one, with their values.
        let sums_fill_it = row.cells.iter().any(|c| computed.contains_key(&(r, c.col)));
        if row.is_blank() && !sums_fill_it {
            one_by_one += 1;
            if row.cells.is_empty() {
                blank_rows_unseen.push(r);
            }
            blanks.extend(row.cells.iter().map(|c| Blank {
                row: r,
                cell: *c,
                whole_row: true,
            }));
            continue;
        }
        let complete = row.is_complete();
        for cell in &row.cells {
            let Some(col) = cols.get(cell.col) else {
                continue;
            };
            let why = match cell.value {
                CellValue::Blank | CellValue::Dash => {
                    one_by_one += 1;
                    blanks.push(Blank {
                        row: r,
                        cell: *cell,
                        whole_row: false,
                    });
                    continue;
                }
                CellValue::Invalid => match misread::probable_value(cell.range.slice(text)) {
                    Some(reading) => {
                        let at = CellRef {
                            row: r,
                            col: cell.col,
                        };
                        // Each judgement reads the whole table: a few per table keeps the check
                        // linear.
                        let judge = misread_judged < MAX_JUDGED;
                        misread_judged += 1;
                        out.push(misread_error(
                            text,
                            table,
                            at,
                            reading,
                            judge,
                            name_of(table, row, cell.col),
                        ));
                        continue;
                    }
                    None => BadNumber::NotANumber,
                },
                CellValue::Number(n) => {
                    if n.mantissa.is_none() {
                        BadNumber::TooLarge
                    } else if !complete {
                        continue;
                    } else if n.is_negative() && col.kind != ValueKind::SignedCount {
                        BadNumber::Negative
                    } else if col.kind != ValueKind::SignedCount
                        && text
                            .get(cell.range.start..)
                            .is_some_and(|t| t.starts_with(['+', '＋']))
                    {
                        // A count (or an amount) is written without a sign: `+22` is a change, not
                        // a count.
                        BadNumber::Signed
                    } else if col.kind != ValueKind::Amount && n.as_integer().is_none() {
                        BadNumber::Fraction
                    } else {
                        continue;
                    }
                }
            };
            // Only a cell that is reported gets its name, data and written text: most cells are
            // fine.
            let name = name_of(table, row, cell.col);
            let data = json!({ "table": table_name, "row": spec.key, "column": col.key });
            let written = cell.range.slice(text).to_owned();
            out.push(
                Diagnostic::new(
                    Code::InvalidNumber,
                    Severity::Error,
                    cell.range,
                    Msg::InvalidNumber {
                        cell: name,
                        written,
                        why,
                    },
                )
                .with_data(data),
            );
        }
    }
    if one_by_one > MAX_ONE_BY_ONE {
        out.push(all_blanks(
            text,
            table,
            &mut blanks,
            &blank_rows_unseen,
            &computed,
        ));
        return;
    }
    for &r in &blank_rows_unseen {
        let row = &table.rows[r];
        let spec = table.row_spec(row);
        out.push(
            Diagnostic::new(
                Code::EmptyCell,
                Severity::Warning,
                row.range(),
                Msg::EmptyRow {
                    row: crate::messages::row_of(spec),
                },
            )
            .with_data(json!({ "table": table_name, "row": spec.key })),
        );
    }
    for (i, b) in blanks.iter().enumerate() {
        let row = &table.rows[b.row];
        let spec = table.row_spec(row);
        if b.whole_row {
            // The first cell of a wholly blank row stands for the row.
            if i > 0 && blanks[i - 1].row == b.row {
                continue;
            }
            let range = row.label.map_or(row.range(), |l| l.range);
            let d = Diagnostic::new(
                Code::EmptyCell,
                Severity::Warning,
                range,
                Msg::EmptyRow {
                    row: crate::messages::row_of(spec),
                },
            )
            .with_data(json!({ "table": table_name, "row": spec.key }));
            // Zeros in some of a row's cells would leave it short: filled only when every cell was
            // seen.
            out.push(if row.is_complete() {
                d.with_fix(
                    FixKind::FillZero,
                    row.cells.iter().map(|c| fill_zero(text, c.range)).collect(),
                )
            } else {
                d
            });
            continue;
        }
        let cell = &b.cell;
        let col = spec.columns().get(cell.col).map_or("", |c| c.key);
        let written = cell.range.slice(text);
        let shown = if cell.range.is_empty() || written.trim().is_empty() {
            None
        } else {
            Some(written.to_owned())
        };
        let name = name_of(table, row, cell.col);
        let data = json!({ "table": table_name, "row": spec.key, "column": col });
        let d = match computed.get(&(b.row, cell.col)) {
            Some(&v) => Diagnostic::new(Code::EmptyCell, Severity::Warning, visible(text, cell.range), Msg::EmptyComputed { cell: name, written: shown, expected: v })
                .with_data(json!({ "table": table_name, "row": spec.key, "column": col, "expected": crate::diagnostic::num(v) }))
                .with_fix(FixKind::ReplaceValue { value: v.to_string() }, vec![fill(text, cell.range, v)]),
            None => Diagnostic::new(Code::EmptyCell, Severity::Warning, visible(text, cell.range), Msg::EmptyCell { cell: name, written: shown })
                .with_data(data)
                .with_fix(FixKind::FillZero, vec![fill_zero(text, cell.range)]),
        };
        out.push(d);
    }
}

/// How many misread values of a table are judged by its relations; the others are offered as read.
const MAX_JUDGED: usize = 16;

/// The error on a value that is not a number but probably stands for `reading` (`O`, `1O`, `十二`),
/// with the digits as its fix, judged by the relations the cell takes part in when `judge`.
fn misread_error(
    text: &str,
    table: &Table,
    at: CellRef,
    reading: Reading,
    judge: bool,
    name: Name,
) -> Diagnostic {
    let row = &table.rows[at.row];
    let spec = table.row_spec(row);
    let col = spec.columns().get(at.col).map_or("", |c| c.key);
    let cell_range = row.cell(at.col).map_or(row.range(), |c| c.range);
    let check = if judge {
        check_reading(table, at, reading.value)
    } else {
        ReadingCheck::Unchecked
    };
    let value = match check {
        ReadingCheck::Computed(v) => v,
        _ => reading.value,
    };
    let msg = Msg::InvalidNumber {
        cell: name,
        written: cell_range.slice(text).to_owned(),
        why: BadNumber::Misread {
            reading: reading.value,
            check,
        },
    };
    let expected = (check != ReadingCheck::Contradicted).then(|| crate::diagnostic::num(value));
    let reading_json = crate::diagnostic::num(reading.value);
    let data = json!({ "table": table.kind.key(), "row": spec.key, "column": col, "reading": reading_json, "expected": expected });
    let edit = vec![Edit {
        range: cell_range,
        new_text: value.to_string(),
    }];
    let d = Diagnostic::new(Code::InvalidNumber, Severity::Error, cell_range, msg).with_data(data);
    match check {
        ReadingCheck::Computed(v) => d.with_fix(
            FixKind::ReplaceValue {
                value: v.to_string(),
            },
            edit,
        ),
        // Writing the reading would only bring out the relations it breaks: the user is asked to
        // check.
        ReadingCheck::Contradicted => d,
        // A reading that could be a mistyped word (`S` for 5) is offered, but `nianbao fix` leaves
        // it unless the relations confirm it (see `features::fix`).
        ReadingCheck::Confirmed | ReadingCheck::Unchecked | ReadingCheck::Fits => {
            let certain = check == ReadingCheck::Confirmed || reading.certain;
            d.with_fix(
                FixKind::ReadAs {
                    value: value.to_string(),
                    certain,
                },
                edit,
            )
        }
    }
}

/// What the relations that `at` takes part in say of its reading `value`: they hold with it, or
/// they would once the table's other errors are corrected (its smallest repairs leave the cell as
/// read), or every smallest repair gives the cell one other value, or none of these, or no relation
/// can judge it.
fn check_reading(table: &Table, at: CellRef, value: i128) -> ReadingCheck {
    if !table.is_readable() {
        return ReadingCheck::Unchecked;
    }
    let changed = [(at, value)];
    let rels = relations::relations_with(table, &relations::checked_value(table, &changed));
    let mut involved = rels
        .iter()
        .filter(|r| r.cells().any(|c| c == at))
        .peekable();
    if involved.peek().is_none() {
        return ReadingCheck::Unchecked;
    }
    if involved.all(|r| r.holds()) {
        return ReadingCheck::Confirmed;
    }
    let repairs = localise::smallest_repairs(table, &changed);
    let values: Vec<Option<i128>> = repairs
        .iter()
        .map(|r| r.iter().find(|x| x.cell == at).map(|x| x.value))
        .collect();
    match values.first() {
        None => ReadingCheck::Contradicted,
        Some(None) if values.iter().all(Option::is_none) => ReadingCheck::Fits,
        Some(&Some(v)) if values.iter().all(|x| *x == Some(v)) => ReadingCheck::Computed(v),
        Some(_) => ReadingCheck::Contradicted,
    }
}

/// How many empty-cell warnings a table gets one by one (a wholly blank row counts as one). Past it
/// the table gets a single warning listing every blank cell: a web page that leaves its zeros (or
/// its 总计 column) blank would otherwise bury the report's real problems under dozens of warnings —
/// a blank 总计 column alone is some twenty cells of table 三 — while a handful of blanks are more
/// likely omissions worth naming one by one, and five warnings still read as a short list.
const MAX_ONE_BY_ONE: usize = 5;

/// A blank cell (or one holding only a dash) of a table.
struct Blank {
    /// Its row's index in the table's rows.
    row: usize,
    cell: Cell,
    /// Whether every cell of its row is blank.
    whole_row: bool,
}

/// The name of a cell of a row: in a row with too many or too few values the columns are uncertain,
/// and the row is named alone.
fn name_of(table: &Table, row: &Row, col: usize) -> Name {
    if row.is_complete() {
        cell_name(table, row, col)
    } else {
        crate::messages::row_of(table.row_spec(row))
    }
}

/// One warning for all the blank cells of a table, each cell in its related places, with one fix
/// that fills them all with 0.
fn all_blanks(
    text: &str,
    table: &Table,
    blanks: &mut [Blank],
    unseen_rows: &[usize],
    computed: &HashMap<(usize, usize), i128>,
) -> Diagnostic {
    // In the text's order (a table 三 whose header orders its columns otherwise has its cells so
    // too), as the fix's edits must be.
    blanks.sort_by_key(|b| b.cell.range.start);
    let dashes = blanks
        .iter()
        .filter(|b| b.cell.value == CellValue::Dash)
        .count();
    let range = first_line(text, table).unwrap_or_else(|| {
        blanks
            .first()
            .map_or(table.range, |b| visible(text, b.cell.range))
    });
    let value = |b: &Blank| computed.get(&(b.row, b.cell.col)).copied();
    let sums = blanks.iter().filter(|b| value(b).is_some()).count();
    let unseen_cells: usize = unseen_rows.iter().map(|&r| table.rows[r].missing).sum();
    let count = blanks.len() + unseen_cells;
    let msg = Msg::BlankCells {
        table: table.kind,
        count,
        dashes,
        computed: sums,
    };
    let fix = if sums > 0 {
        FixKind::FillBlanks
    } else {
        FixKind::FillZero
    };
    let mut d = Diagnostic::new(Code::EmptyCell, Severity::Warning, range, msg)
        .with_data(json!({ "table": table.kind.key(), "count": count, "computed": sums }))
        .with_fix(
            fix,
            blanks
                .iter()
                .map(|b| fill(text, b.cell.range, value(b).unwrap_or(0)))
                .collect(),
        );
    let mut related: Vec<_> = blanks
        .iter()
        .map(|b| {
            let name = name_of(table, &table.rows[b.row], b.cell.col);
            let written = b.cell.range.slice(text).trim();
            let (zh, en) = Msg::blank_cell_note(
                &name,
                (b.cell.value == CellValue::Dash).then_some(written),
                value(b),
            );
            (b.cell.range.start, (visible(text, b.cell.range), zh, en))
        })
        .chain(unseen_rows.iter().map(|&r| {
            let row = &table.rows[r];
            let (zh, en) = Msg::blank_row_note(&crate::messages::row_of(table.row_spec(row)));
            (row.range().start, (row.range(), zh, en))
        }))
        .collect();
    related.sort_by_key(|&(start, _)| start);
    d.related = related.into_iter().map(|(_, note)| note).collect();
    d
}

/// The table's first line when it is a header line (the words above the first row, such as
/// `申请人情况 | 自然人 | …`), without its padding, and short enough to underline: a table that starts
/// with a row, or is flattened onto one line, has none.
fn first_line(text: &str, table: &Table) -> Option<TextRange> {
    let start = table.range.start;
    let rest = text.get(start..table.range.end.max(start))?;
    let line = rest.split(['\n', '\r']).next()?;
    let first_row = table
        .rows
        .iter()
        .map(|r| r.label.map_or(r.range().start, |l| l.range.start))
        .min()?;
    if first_row < start + line.len() {
        return None;
    }
    let trimmed = line.trim_end();
    let lead = trimmed.len() - trimmed.trim_start().len();
    let range = TextRange::new(start + lead, start + trimmed.len());
    (!range.is_empty() && trimmed.chars().count() <= 80).then_some(range)
}

/// An empty cell has an empty range; it is shown on the separator that follows it.
fn visible(text: &str, range: TextRange) -> TextRange {
    if !range.is_empty() {
        return range;
    }
    if let Some(c) = text[range.start..]
        .chars()
        .next()
        .filter(|c| *c != '\n' && *c != '\r')
    {
        return TextRange::new(range.start, range.start + c.len_utf8());
    }
    // At the end of a line: the separator before it.
    match text[..range.start]
        .chars()
        .next_back()
        .filter(|c| *c != '\n' && *c != '\r')
    {
        Some(c) => TextRange::new(range.start - c.len_utf8(), range.start),
        None => range,
    }
}

/// The edit that writes 0 into an empty cell, keeping one space of padding when the cell had some.
fn fill_zero(text: &str, range: TextRange) -> Edit {
    fill(text, range, 0)
}

/// The edit that writes `value` into an empty cell, keeping one space of padding when the cell had
/// some.
fn fill(text: &str, range: TextRange, value: i128) -> Edit {
    let written = range.slice(text);
    let new_text = if written.chars().count() >= 3 && written.trim().is_empty() {
        format!(" {value} ")
    } else {
        value.to_string()
    };
    Edit { range, new_text }
}
