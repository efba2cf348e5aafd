//! Hover: on a section heading, the canonical heading and what 条例第五十条 asks of the section; on a row
//! label, what the row counts and its legal basis, with the article quoted when its text is
//! confirmed; on a number, its row, column and the relations it takes part in with the computed
//! values; on a column header, what the column counts. Markdown, in Chinese or English.

use super::Snapshot;
use crate::catalog::{
    parse_basis, quotation, ArticleRef, ColSpec, Format, RowKind, RowSpec, TableKind,
    FORMAT_2021_OVERVIEW, T3_COLUMNS, T4_COLUMNS, T4_GROUPS,
};
use crate::check::cell_name;
pub(crate) use crate::messages::colon;
use crate::messages::{Gloss, Lang, RelationWords, SumKind, Wording};
use crate::model::{Cell, CellValue, HeadingWording, Row, Section, Table};
use crate::parse::items::{classify, ItemKind};
use crate::parse::labels::{LabelRole, MatchQuality};
use crate::parse::lex::lex;
use crate::relations::{self, CellRef, Relation};
use crate::text::TextRange;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    pub range: TextRange,
    /// Markdown.
    pub markdown: String,
}

/// The hover at `offset`: on a section heading, a row label, a value cell or a column header;
/// `None` anywhere else and in a text that is not a report.
pub fn hover(snap: &Snapshot, offset: usize) -> Option<Hover> {
    let report = &snap.analysis.report;
    if !report.is_report || offset >= snap.text.len() {
        return None;
    }
    let hover = own_hover(snap, offset)?;
    Some(with_last_year(snap, offset, hover))
}

/// Adds, under a hover, what last year's report says where a cross-year diagnostic stands.
fn with_last_year(snap: &Snapshot, offset: usize, mut hover: Hover) -> Hover {
    use crate::diagnostic::Code;
    for d in snap
        .analysis
        .diagnostics
        .iter()
        .filter(|d| d.range.contains(offset))
    {
        if !matches!(
            d.code,
            Code::CarryOver | Code::RollForward | Code::CopiedText
        ) {
            continue;
        }
        let last = &d.data["lastYear"];
        let file = last["file"].as_str().unwrap_or("");
        let year = last["year"]
            .as_i64()
            .map(|y| y.to_string())
            .unwrap_or_default();
        let line = Gloss::LastYear {
            year,
            file: file.to_owned(),
            value: last.get("value").map(|v| v.to_string()),
        }
        .render(snap.lang);
        hover
            .markdown
            .push_str(&format!("\n\n---\n\n{line}\n\n{}", d.message(snap.lang)));
    }
    hover
}

fn own_hover(snap: &Snapshot, offset: usize) -> Option<Hover> {
    let report = &snap.analysis.report;
    if let Some(s) = report.sections.iter().find(|s| s.heading.contains(offset)) {
        return Some(Hover {
            range: s.heading,
            markdown: section_hover(snap, s),
        });
    }
    for table in &report.tables {
        for (i, row) in table.rows.iter().enumerate() {
            if let Some(label) = row.label.filter(|l| l.range.contains(offset)) {
                return Some(Hover {
                    range: label.range,
                    markdown: row_hover(snap, table, row),
                });
            }
            if let Some(cell) = row.cells.iter().find(|c| c.range.contains(offset)) {
                return Some(Hover {
                    range: cell.range,
                    markdown: cell_hover(snap, table, i, cell),
                });
            }
        }
    }
    report
        .tables
        .iter()
        .filter(|t| t.range.contains(offset))
        .find_map(|t| header_hover(snap, t, offset))
}

/// A label without its numbering: "1.属于国家秘密" → "属于国家秘密", "（三）不予公开" → "不予公开".
fn strip_numbering(label: &str) -> &str {
    if let Some(rest) = label.strip_prefix(['（', '(']) {
        if let Some(close) = rest.find(['）', ')']) {
            let after = &rest[close..];
            return after.trim_start_matches(['）', ')']);
        }
        return label;
    }
    let numeral_len: usize = label
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
        .map(|(_, c)| c.len_utf8())
        .sum();
    match label[numeral_len..].chars().next() {
        Some(c @ ('.' | '、' | '．')) if numeral_len > 0 => &label[numeral_len + c.len_utf8()..],
        _ => label,
    }
}

/// The numbering of a label: "一、本年新收…" → "一".
fn numbering(label: &str) -> &str {
    let body = strip_numbering(label);
    let head = &label[..label.len() - body.len()];
    head.trim_end_matches(['.', '、', '．'])
}

/// Quotes confirmed text as a Markdown blockquote followed by its attribution.
fn blockquote(lines: &[&str], source: &str, excerpt: bool, lang: Lang) -> String {
    let body: Vec<String> = lines.iter().map(|l| format!("> {l}")).collect();
    let note = if excerpt {
        Gloss::Excerpt.render(lang)
    } else {
        String::new()
    };
    format!("{}\n\n——{source}{note}", body.join("\n>\n"))
}

/// The quotation of an article reference, when its text is confirmed.
fn quote_ref(r: &ArticleRef, lang: Lang) -> Option<String> {
    let q = quotation(r)?;
    Some(blockquote(&q.lines, &q.source, q.excerpt, lang))
}

// ---- Section headings ---------------------------------------------------------------------------

fn section_hover(snap: &Snapshot, s: &Section) -> String {
    let lang = snap.lang;
    let spec = s.id.spec();
    let canonical = spec.heading();
    let written = s.heading.slice(snap.text);
    let mut parts = vec![format!("**{canonical}**")];
    if written != canonical {
        let why = match s.wording {
            HeadingWording::OfficialVariant => Wording::Longer,
            HeadingWording::Typo(_) => Wording::Differs,
            HeadingWording::Reworded => Wording::Reworded,
            HeadingWording::Canonical => Wording::Numbering,
        };
        let written = written.to_owned();
        parts.push(Gloss::HeadingWrittenAs { written, why }.render(lang));
    }
    let format = snap
        .analysis
        .report
        .format
        .or(snap.analysis.report.expected_format());
    if let Some(table) = spec.table {
        parts.push(Gloss::SectionTable { table, format }.render(lang));
    }
    // Sections 二 to 六 are items （一） to （五） of 条例第五十条; section 一 is not one of them.
    if s.id.0 >= 2 {
        let r = ArticleRef {
            article: 50,
            paragraph: None,
            items: vec![u32::from(s.id.0) - 1],
        };
        if let Some(q) = quote_ref(&r, lang) {
            parts.push(Gloss::Article50Asks.render(lang));
            parts.push(q);
        }
    } else {
        parts.push(Gloss::NotInArticle50.render(lang));
        if format != Some(Format::F2019) {
            parts.push(Gloss::Format2021Asks.render(lang));
            parts.push(blockquote(
                &[&format!("{FORMAT_2021_OVERVIEW}……")],
                Format::F2021.document(),
                true,
                lang,
            ));
        }
    }
    parts.join("\n\n")
}

// ---- Row labels ---------------------------------------------------------------------------------

/// What a row counts, in a plain sentence built from the catalog.
fn row_meaning(table: &Table, spec: &'static RowSpec, lang: Lang) -> String {
    let body = strip_numbering(spec.label);
    let group = group_of(table, spec);
    let gloss = match (table.kind, &spec.kind) {
        (_, RowKind::Block(cols)) => Gloss::BlockTitle { cols },
        (_, RowKind::Group) if spec.key == "outcomes" => Gloss::OutcomesGroup,
        (_, RowKind::Group) => Gloss::Group { body, en: spec.en },
        (TableKind::T2, RowKind::Data(cols)) => Gloss::T2Row {
            body,
            en: spec.en,
            cols,
        },
        (TableKind::T3, RowKind::Data(_)) => t3_row_meaning(table, spec, group),
        (TableKind::T4, RowKind::Data(_)) => Gloss::T4Row,
    };
    gloss.render(lang)
}

/// The group label a row of table 三 stands under, if any (（三）不予公开 for 1.属于国家秘密).
fn group_of(table: &Table, spec: &RowSpec) -> Option<&'static RowSpec> {
    let rows = table.spec().rows;
    let at = rows.iter().position(|r| std::ptr::eq(r, spec))?;
    if !spec.label.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    rows[..at]
        .iter()
        .rev()
        .find(|r| matches!(r.kind, RowKind::Group))
}

fn t3_row_meaning(table: &Table, spec: &'static RowSpec, group: Option<&'static RowSpec>) -> Gloss {
    let body = strip_numbering(spec.label);
    let numerals = |key: &str| {
        table
            .spec()
            .row(key)
            .map_or("", |(_, r)| numbering(r.label))
    };
    let total_label = table.spec().row("total").map_or("", |(_, r)| r.label);
    match spec.key {
        "new" => Gloss::T3New,
        "carried_in" => Gloss::T3CarriedIn,
        "total" => Gloss::T3Total,
        "carried_out" => Gloss::T3CarriedOut {
            new: numerals("new"),
            carried_in: numerals("carried_in"),
            total: total_label,
            carried_out: numerals("carried_out"),
        },
        _ => match group {
            Some(g) if g.key == "other" => Gloss::T3OtherOutcome {
                group: (strip_numbering(g.label), g.en),
                row: (body, spec.en),
            },
            Some(g) => Gloss::T3Reason {
                group: (strip_numbering(g.label), g.en),
                row: (body, spec.en),
            },
            None => {
                // （二）部分公开（区分处理的，…）: the note in brackets follows the sentence.
                let (main, note) = match body.find('（') {
                    Some(i) if body.ends_with('）') => (&body[..i], &body[i..]),
                    _ => (body, ""),
                };
                Gloss::T3Outcome {
                    main,
                    note,
                    en: spec.en,
                }
            }
        },
    }
}

fn table_line(table: &Table, lang: Lang) -> String {
    format!(
        "{} · {}",
        Gloss::TableTitle(table.kind).render(lang),
        Gloss::FormatName(table.format).render(lang)
    )
}

fn row_hover(snap: &Snapshot, table: &Table, row: &Row) -> String {
    let lang = snap.lang;
    let spec = table.row_spec(row);
    let mut parts = vec![format!("**{}**", spec.label)];
    if let Some(label) = row.label.filter(|l| l.quality != MatchQuality::Exact) {
        let written = label.range.slice(snap.text).replace(['\n', '\r'], "");
        parts.push(Gloss::RowWrittenAs { written }.render(lang));
    }
    parts.push(row_meaning(table, spec, lang));
    let mut line = table_line(table, lang);
    if let RowKind::Data(cols) = spec.kind {
        line.push_str(&Gloss::RowColumns { cols }.render(lang));
    }
    parts.push(line);
    if !spec.basis.is_empty() {
        let article = parse_basis(spec.basis);
        let quoted = article.as_ref().and_then(|r| quote_ref(r, lang));
        parts.push(
            Gloss::LegalBasis {
                basis: spec.basis,
                article,
            }
            .render(lang),
        );
        if let Some(q) = quoted {
            parts.push(q);
        }
    }
    parts.join("\n\n")
}

// ---- Number cells -------------------------------------------------------------------------------

/// What a column counts.
fn col_meaning(
    kind: TableKind,
    col: usize,
    cols: &'static [ColSpec],
    lang: Lang,
) -> Option<String> {
    let c = cols.get(col)?;
    Some(match kind {
        TableKind::T3 => Gloss::T3Column(c).render(lang),
        TableKind::T4 => {
            let (key, label, en) = *T4_GROUPS.get(col / 5)?;
            format!(
                "{}{}",
                Gloss::T4Group { key, label, en }.render(lang),
                Gloss::T4Column(c).render(lang)
            )
        }
        TableKind::T2 => Gloss::T2Column(c).render(lang),
    })
}

/// How a cell's content reads in a hover.
fn value_text(snap: &Snapshot, cell: &Cell) -> String {
    let written = cell.range.slice(snap.text).trim();
    let written = written.to_owned();
    match cell.value {
        CellValue::Number(_) => format!("`{written}`"),
        CellValue::Blank => Gloss::Blank.render(snap.lang),
        CellValue::Dash => Gloss::Dash { written }.render(snap.lang),
        CellValue::Invalid => Gloss::NotANumber { written }.render(snap.lang),
    }
}

/// A relation in words, from the catalog's labels: "（七）总计 = 本列各办理结果之和".
pub(crate) fn relation_words(table: &Table, rel: &Relation, lang: Lang) -> String {
    let spec = table.spec();
    let num = |key: &str| {
        spec.row(key)
            .map_or(("", ""), |(_, r)| (numbering(r.label), r.en))
    };
    let total = spec.row("total").map_or(("", ""), |(_, r)| (r.label, r.en));
    let target_key = table
        .rows
        .get(rel.target.row)
        .map_or("", |r| table.row_spec(r).key);
    let words = match rel.kind {
        SumKind::RowTotal => RelationWords::RowTotal,
        SumKind::OutcomeTotal => RelationWords::OutcomeTotal { total },
        SumKind::Balance => RelationWords::Balance {
            new: num("new"),
            carried_in: num("carried_in"),
            total,
            carried_out: num("carried_out"),
            for_total: target_key == "total",
        },
        SumKind::ReviewTotal => RelationWords::ReviewTotal,
    };
    Gloss::Relation(words).render(lang)
}

/// The arithmetic of a relation: "3 + 1 − 2 = 2".
pub(crate) fn computation(rel: &Relation) -> String {
    let mut s = String::new();
    for (i, t) in rel.terms.iter().enumerate() {
        match (i, t.negative) {
            (0, false) => s.push_str(&t.value.to_string()),
            (0, true) => s.push_str(&format!("−{}", t.value)),
            (_, false) => s.push_str(&format!(" + {}", t.value)),
            (_, true) => s.push_str(&format!(" − {}", t.value)),
        }
    }
    format!("{s} = {}", rel.expected)
}

/// Whether the written value agrees with the relation, in words.
pub(crate) fn verdict(rel: &Relation, lang: Lang) -> String {
    Gloss::Verdict {
        holds: rel.holds(),
        actual: rel.actual,
        expected: rel.expected,
    }
    .render(lang)
}

fn cell_hover(snap: &Snapshot, table: &Table, row_index: usize, cell: &Cell) -> String {
    let lang = snap.lang;
    let row = &table.rows[row_index];
    let cols = table.columns_of(row);
    let mut parts = vec![format!(
        "**{}** = {}",
        cell_name(table, row, cell.col).get(lang),
        value_text(snap, cell)
    )];
    let mut line = table_line(table, lang);
    if let Some(c) = cols.get(cell.col) {
        line.push_str(&format!(" · {}", Gloss::ValueKind(c.kind).render(lang)));
    }
    parts.push(line);
    if let Some(m) = col_meaning(table.kind, cell.col, cols, lang) {
        parts.push(m);
    }
    let here = CellRef {
        row: row_index,
        col: cell.col,
    };
    let rels = relations::relations(table);
    for rel in rels.iter().filter(|r| r.target == here) {
        parts.push(format!(
            "{}{}\n\n`{}`\n\n{}",
            relation_words(table, rel, lang),
            colon(lang).trim_end(),
            computation(rel),
            verdict(rel, lang)
        ));
    }
    let used_in: Vec<String> = rels
        .iter()
        .filter(|r| r.target != here && r.terms.iter().any(|t| t.cell == Some(here)))
        .filter_map(|r| {
            let target = table.rows.get(r.target.row)?;
            Some(format!(
                "{}{}{}",
                cell_name(table, target, r.target.col).get(lang),
                colon(lang),
                relation_words(table, r, lang)
            ))
        })
        .collect();
    if !used_in.is_empty() {
        let list = used_in
            .iter()
            .map(|u| format!("- {u}"))
            .collect::<Vec<_>>()
            .join("\n");
        parts.push(format!("{}\n\n{list}", Gloss::CountedIn.render(lang)));
    }
    parts.join("\n\n")
}

// ---- Column headers -----------------------------------------------------------------------------

/// The column header under `offset` in a table, found by classifying the lines of the table as the
/// parser does (so that a header broken over lines is one header).
fn header_hover(snap: &Snapshot, table: &Table, offset: usize) -> Option<Hover> {
    let text = snap.text;
    let start = text[..table.range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[table.range.end..]
        .find('\n')
        .map_or(text.len(), |i| table.range.end + i);
    let region = text.get(start..end)?;
    let (tokens, _) = lex(region);
    let items = classify(region, &tokens);
    let item = items
        .iter()
        .find(|i| i.range.shifted(start).contains(offset))?;
    let ItemKind::Label(m) = item.kind else {
        return None;
    };
    let LabelRole::Header(h) = m.entry().role else {
        return None;
    };
    let lang = snap.lang;
    let mut parts = vec![format!("**{}**", h.label)];
    let meaning = header_meaning(table, h.label, lang);
    parts.push(meaning.unwrap_or_else(|| Gloss::HeaderOf(table.kind).render(lang)));
    parts.push(match h.format {
        Some(f) => Gloss::OnlyIn(f).render(lang),
        None => Gloss::BothFormats.render(lang),
    });
    Some(Hover {
        range: item.range.shifted(start),
        markdown: parts.join("\n\n"),
    })
}

/// What a header names: a data column of the table, or a group of table 四.
fn header_meaning(table: &Table, label: &str, lang: Lang) -> Option<String> {
    match table.kind {
        TableKind::T3 => T3_COLUMNS
            .iter()
            .find(|c| c.label == label)
            .map(|c| Gloss::T3Column(c).render(lang)),
        TableKind::T4 => {
            if let Some(&(key, label, en)) = T4_GROUPS.iter().find(|g| g.1 == label) {
                return Some(Gloss::T4GroupHeader { key, label, en }.render(lang));
            }
            let c = T4_COLUMNS.iter().find(|c| c.label == label)?;
            Some(Gloss::T4ColumnHeader(c).render(lang))
        }
        TableKind::T2 => table
            .spec()
            .rows
            .iter()
            .filter_map(|r| match r.kind {
                RowKind::Block(cols) => Some(cols),
                _ => None,
            })
            .flatten()
            .find(|c| c.label == label)
            .map(|c| Gloss::T2Column(c).render(lang)),
    }
}
