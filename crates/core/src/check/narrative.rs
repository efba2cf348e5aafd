//! Narrative against tables: a figure the text restates (收到/新收 … N件, 结转, 予以公开, 不予公开,
//! 无法提供, 不予处理, 其他处理, 行政复议, 行政诉讼, 制发规范性文件) must equal the table, a stated share
//! (占 X%) must follow from the table, and "未收到…申请" must agree with table 三.

use serde_json::json;

use crate::catalog::{Format, SectionId, TableKind};
use crate::diagnostic::{num, Code, Diagnostic, Edit, Severity};
use crate::messages::{FixKind, Lang, Msg, PercentBase, TableFigure};
use crate::model::{Report, Table};
use crate::parse::narrative::Restates;
use crate::relations::value;
use crate::text::prose::{self, Figure};
use crate::text::TextRange;

/// What a narrative figure restates: what its words count, the table figure, where it stands.
struct Target {
    what: Restates,
    table: TableFigure,
    value: i128,
    /// The one cell the figure is, when it is one cell (then the table can be changed to match).
    cell: Option<TextRange>,
    /// Where to show the table figure.
    at: TextRange,
}

/// The value of a filled cell: an empty cell is reported on its own and restates nothing.
fn filled(cell: Option<&crate::model::Cell>) -> Option<i128> {
    cell.filter(|c| !c.is_empty()).and_then(|c| value(Some(c)))
}

/// The 总计 of a row of table 三.
fn t3_total(t: &Table, key: &str) -> Option<(i128, TextRange)> {
    t3_total_cell(t, key).map(|(v, at, _)| (v, at))
}

/// The 总计 of a row of table 三, and whether it is the 总计 cell itself: a blank 总计 (web pages often
/// leave the column blank) is the sum of the applicant columns, as the row total would have it,
/// when at least one of them is filled (blank ones count as 0, as in every sum of the table).
fn t3_total_cell(t: &Table, key: &str) -> Option<(i128, TextRange, bool)> {
    let row = t.row(key).filter(|r| r.is_complete())?;
    let cell = row.cell(6)?;
    if !cell.is_empty() {
        return Some((value(Some(cell))?, cell.range, true));
    }
    let mut sum = 0;
    let mut at: Option<TextRange> = None;
    for i in 0..6 {
        let c = row.cell(i)?;
        if !c.is_empty() {
            sum += value(Some(c))?;
            at = Some(at.map_or(c.range, |a| a.cover(c.range)));
        }
    }
    Some((sum, at?, false))
}

/// The sum of the 总计 of every row of table 三 whose key starts with `prefix` (a group).
fn t3_group(t: &Table, prefix: &str) -> Option<(i128, TextRange)> {
    let spec = t.spec();
    let mut sum = 0;
    let mut at: Option<TextRange> = None;
    for r in spec
        .rows
        .iter()
        .filter(|r| r.outcome && (r.key == prefix || r.key.starts_with(&format!("{prefix}."))))
    {
        // A missing row counts as 0; a row present but unreadable makes the sum unknown.
        let (v, range) = match t.row(r.key) {
            None => (0, TextRange::default()),
            Some(_) => t3_total(t, r.key)?,
        };
        sum += v;
        if !range.is_empty() {
            at = Some(at.map_or(range, |a| a.cover(range)));
        }
    }
    let label = t
        .rows
        .iter()
        .find(|r| t.row_spec(r).key == prefix)
        .and_then(|r| r.label)
        .map(|l| l.range);
    Some((sum, label.or(at)?))
}

fn t4_total(t: &Table, groups: &[usize]) -> Option<(i128, TextRange)> {
    let row = t.rows.first().filter(|r| r.is_complete())?;
    let mut sum = 0;
    let mut at: Option<TextRange> = None;
    for g in groups {
        let cell = row.cell(g * 5 + 4)?;
        sum += filled(Some(cell))?;
        at = Some(at.map_or(cell.range, |a| a.cover(cell.range)));
    }
    Some((sum, at?))
}

/// The table figure a narrative figure restates, when the report has that table.
fn target(report: &Report, restates: Restates) -> Option<Target> {
    let t4 = || report.readable_table(TableKind::T4);
    match restates {
        Restates::Review => {
            let (v, at) = t4_total(t4()?, &[0])?;
            return Some(Target {
                what: restates,
                table: TableFigure::T4Totals { groups: vec![0] },
                value: v,
                cell: Some(at),
                at,
            });
        }
        Restates::Litigation => {
            let (v, at) = t4_total(t4()?, &[1, 2])?;
            return Some(Target {
                what: restates,
                table: TableFigure::T4Totals { groups: vec![1, 2] },
                value: v,
                cell: None,
                at,
            });
        }
        Restates::NormativeDocuments => {
            let t2 = report
                .readable_table(TableKind::T2)
                .filter(|t| t.format == Format::F2021)?;
            let row = t2.row("normative_documents").filter(|r| r.is_complete())?;
            let cell = row.cell(0)?;
            let v = filled(Some(cell))?;
            return Some(Target {
                what: restates,
                table: TableFigure::T2Cell {
                    format: t2.format,
                    row: "normative_documents",
                    col: 0,
                },
                value: v,
                cell: Some(cell.range),
                at: cell.range,
            });
        }
        _ => {}
    }
    let t3 = report.readable_table(TableKind::T3)?;
    let format = t3.format;
    let one = |row: &'static str| {
        let (v, at, is_cell) = t3_total_cell(t3, row)?;
        let table = if is_cell {
            TableFigure::T3Total { format, row }
        } else {
            TableFigure::T3Applicants { format, row }
        };
        Some(Target {
            what: restates,
            table,
            value: v,
            cell: is_cell.then_some(at),
            at,
        })
    };
    let group = |row: &'static str| {
        let (v, at) = t3_group(t3, row)?;
        Some(Target {
            what: restates,
            table: TableFigure::T3Group { format, row },
            value: v,
            cell: None,
            at,
        })
    };
    match restates {
        Restates::CarriedIn => one("carried_in"),
        Restates::CarriedOut => one("carried_out"),
        Restates::GrantedAndPartly => {
            let (a, at1) = t3_total(t3, "granted")?;
            let (b, at2) = t3_total(t3, "partly_granted")?;
            Some(Target {
                what: restates,
                table: TableFigure::T3Totals {
                    format,
                    rows: ["granted", "partly_granted"],
                },
                value: a + b,
                cell: None,
                at: at1.cover(at2),
            })
        }
        Restates::PartlyGranted => one("partly_granted"),
        Restates::Granted => one("granted"),
        Restates::Refused => group("refused"),
        Restates::Unable => group("unable"),
        Restates::NotHandled => group("not_handled"),
        Restates::Other => group("other"),
        Restates::Received {
            with_carried_in: true,
        } => {
            let (a, at) = t3_total(t3, "new")?;
            let (b, at2) = t3_total(t3, "carried_in")?;
            Some(Target {
                what: restates,
                table: TableFigure::T3Totals {
                    format,
                    rows: ["new", "carried_in"],
                },
                value: a + b,
                cell: None,
                at: at.cover(at2),
            })
        }
        Restates::Received {
            with_carried_in: false,
        } => one("new"),
        Restates::Review | Restates::Litigation | Restates::NormativeDocuments => None,
    }
}

pub fn check(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    let t3 = report.readable_table(TableKind::T3);
    // The preamble and the first section with each number; a repeated section is reported on its
    // own.
    for n in report.narrative.iter().filter(|n| n.first) {
        for s in &n.narrative.sentences {
            let sentence = n.at(s.range);
            if let (Some(t3), Some(words)) = (t3, s.no_requests) {
                no_requests(t3, n.at(words), out);
            }
            // A claim that all requests were dealt with is about them when it names them, or stands
            // in the section about them.
            if let (Some(t3), Some(claim)) = (t3, s.all_done) {
                if claim.names_requests || n.section == Some(SectionId(TableKind::T3.section())) {
                    all_done(text, t3, n.at(claim.range), out);
                }
            }
            for &(f, restates) in &s.figures {
                let f = Figure {
                    range: n.at(f.range),
                    value: f.value,
                    before: n.at(f.before),
                };
                let Some(t) = target(report, restates) else {
                    continue;
                };
                if f.value != t.value {
                    out.push(mismatch(text, &f, &t));
                }
                percentage(text, report, sentence, &f, out);
            }
        }
    }
}

fn mismatch(text: &str, f: &Figure, t: &Target) -> Diagnostic {
    let written = f.range.slice(text).to_owned();
    let mut d = Diagnostic::new(
        Code::NarrativeMismatch,
        Severity::Error,
        f.range,
        Msg::NarrativeMismatch { what: t.what, written: written.clone(), table: t.table.clone(), expected: t.value.to_string() },
    )
    .with_data(json!({ "expected": num(t.value), "actual": num(f.value), "table": t.table.render(Lang::Zh), "tableRange": [t.at.start, t.at.end] }))
    .with_fix(FixKind::ReplaceValue { value: t.value.to_string() }, vec![Edit { range: f.range, new_text: t.value.to_string() }]);
    if let Some(cell) = t.cell {
        d = d.with_fix(
            FixKind::ReplaceCell {
                value: written.clone(),
            },
            vec![Edit {
                range: cell,
                new_text: written,
            }],
        );
    }
    let (zh, en) = Msg::figure_note(&t.table, t.value);
    d.related.push((t.at, zh, en));
    d
}

/// "未收到…申请" (the words at `range`) while table 三 counts new requests.
fn no_requests(t3: &Table, range: TextRange, out: &mut Vec<Diagnostic>) {
    let Some((v, cell)) = t3_total(t3, "new") else {
        return;
    };
    if v == 0 {
        return;
    }
    let new = TableFigure::T3Total {
        format: t3.format,
        row: "new",
    };
    let mut d = Diagnostic::new(
        Code::NarrativeMismatch,
        Severity::Error,
        range,
        Msg::NarrativeNoRequests {
            table: new.clone(),
            value: v,
        },
    )
    .with_data(json!({ "expected": num(v), "tableRange": [cell.start, cell.end] }));
    let (zh, en) = Msg::figure_note(&new, v);
    d.related.push((cell, zh, en));
    out.push(d);
}

/// "所有申请均已办结" (the words at `range`) while table 三 carries requests over to next year: its
/// 总计, or the sum of its applicant columns when the 总计 is blank.
fn all_done(text: &str, t3: &Table, range: TextRange, out: &mut Vec<Diagnostic>) {
    const ROW: &str = "carried_out";
    let Some((v, at, is_cell)) = t3_total_cell(t3, ROW) else {
        return;
    };
    if v <= 0 {
        return;
    }
    let format = t3.format;
    let table = if is_cell {
        TableFigure::T3Total { format, row: ROW }
    } else {
        TableFigure::T3Applicants { format, row: ROW }
    };
    let (zh, en) = Msg::figure_note(&table, v);
    let msg = Msg::NarrativeAllDone {
        claim: range.slice(text).to_owned(),
        table,
        value: v,
    };
    let mut d = Diagnostic::new(Code::NarrativeMismatch, Severity::Warning, range, msg)
        .with_data(json!({ "table": TableKind::T3.key(), "row": ROW, "actual": num(v), "tableRange": [at.start, at.end] }));
    d.related.push((at, zh, en));
    out.push(d);
}

/// A share stated after a figure (占 X%) is checked to one decimal against the bases a report may
/// use.
fn percentage(
    text: &str,
    report: &Report,
    sentence: TextRange,
    f: &Figure,
    out: &mut Vec<Diagnostic>,
) {
    let Some((range, written, decimals)) = prose::percentage_after(text, sentence, f.range.end)
    else {
        return;
    };
    let Some(t3) = report.readable_table(TableKind::T3) else {
        return;
    };
    let new = t3_total(t3, "new").map(|x| x.0);
    let carried = t3_total(t3, "carried_in").map(|x| x.0);
    let total = t3_total(t3, "total").map(|x| x.0);
    let bases: Vec<(i128, PercentBase)> = [
        (new, PercentBase::New),
        (
            new.zip(carried).map(|(a, b)| a + b),
            PercentBase::NewAndCarried,
        ),
        (total, PercentBase::Total),
    ]
    .into_iter()
    .filter_map(|(v, name)| v.filter(|v| *v > 0).map(|v| (v, name)))
    .collect();
    if bases.is_empty() {
        return;
    }
    let rounded = |base: i128| {
        let p = f.value as f64 * 100.0 / base as f64;
        let k = 10f64.powi(decimals.min(1) as i32);
        (p * k).round() / k
    };
    if bases
        .iter()
        .any(|(b, _)| (rounded(*b) - written).abs() < 1e-6)
    {
        return;
    }
    let (base, name) = bases[0];
    let expected = format!("{:.*}", decimals.min(1), rounded(base));
    out.push(
        Diagnostic::new(
            Code::NarrativeMismatch,
            Severity::Error,
            range,
            Msg::NarrativePercent {
                written: range.slice(text).to_owned(),
                expected: expected.clone(),
                base: name,
            },
        )
        .with_data(json!({ "expected": expected, "base": name.render(Lang::Zh) }))
        .with_fix(
            FixKind::ReplaceValue {
                value: expected.clone(),
            },
            vec![Edit {
                range,
                new_text: expected,
            }],
        ),
    );
}
