//! Hover: on a section heading, the canonical heading and what 条例第五十条 asks of the section; on a row
//! label, what the row counts and its legal basis, with the article quoted when its text is confirmed;
//! on a number, its row, column and the relations it takes part in with the computed values; on a column
//! header, what the column counts. Markdown, in Chinese or English.

use super::outline::table_title;
use super::Snapshot;
use crate::catalog::{
    parse_basis, quotation, ArticleRef, ColSpec, Format, RowKind, RowSpec, TableKind, ValueKind,
    FORMAT_2021_OVERVIEW, T3_COLUMNS, T4_COLUMNS, T4_GROUPS,
};
use crate::check::cell_name;
use crate::messages::{Lang, SumKind};
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

/// The hover at `offset`: on a section heading, a row label, a value cell or a column header; `None`
/// anywhere else and in a text that is not a report.
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
        let line = match (snap.lang, last.get("value")) {
            (Lang::Zh, Some(v)) => format!("上年（{year}年）报告“{file}”：{v}"),
            (Lang::En, Some(v)) => format!("last year's ({year}) report “{file}”: {v}"),
            (Lang::Zh, None) => format!("上年（{year}年）报告：“{file}”"),
            (Lang::En, None) => format!("last year's ({year}) report: “{file}”"),
        };
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

/// A colon in the language of the text around it.
pub(crate) fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
}

/// Chooses the Chinese or the English text.
fn tr(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The format's name for messages: "2021年格式（国办公开办函〔2021〕30号）".
fn format_name(format: Format, lang: Lang) -> String {
    tr(
        lang,
        format!("{}年格式（{}）", format.name(), format.document()),
        format!("{} format ({})", format.name(), format.document()),
    )
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
        tr(lang, "（节选）".to_owned(), " (excerpt)".to_owned())
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

// ---- Section headings ----------------------------------------------------------------------------

fn section_hover(snap: &Snapshot, s: &Section) -> String {
    let lang = snap.lang;
    let spec = s.id.spec();
    let canonical = spec.heading();
    let written = s.heading.slice(snap.text);
    let mut parts = vec![format!("**{canonical}**")];
    if written != canonical {
        let why = match s.wording {
            HeadingWording::OfficialVariant => {
                tr(lang, "较长的表述".to_owned(), "a longer wording".to_owned())
            }
            HeadingWording::Typo(_) => tr(
                lang,
                "与格式不一致".to_owned(),
                "differs from the format".to_owned(),
            ),
            HeadingWording::Reworded => tr(
                lang,
                "另一种表述".to_owned(),
                "worded another way".to_owned(),
            ),
            HeadingWording::Canonical => {
                tr(lang, "序号不同".to_owned(), "another numbering".to_owned())
            }
        };
        parts.push(tr(
            lang,
            format!("文中写作“{written}”（{why}）。"),
            format!("Written here as “{written}” ({why})."),
        ));
    }
    let format = snap
        .analysis
        .report
        .format
        .or(snap.analysis.report.expected_format());
    if let Some(kind) = spec.table {
        parts.push(match format {
            Some(f) => tr(
                lang,
                format!(
                    "本部分应包含统计表“{}”，按{}填写。",
                    table_title(kind),
                    format_name(f, lang)
                ),
                format!(
                    "This section holds a table: {}, in the {}.",
                    table_title(kind),
                    format_name(f, lang)
                ),
            ),
            None => tr(
                lang,
                format!("本部分应包含统计表“{}”。", table_title(kind)),
                format!("This section holds a table: {}.", table_title(kind)),
            ),
        });
    }
    // Sections 二 to 六 are items （一） to （五） of 条例第五十条; section 一 is not one of them.
    if s.id.0 >= 2 {
        let r = ArticleRef {
            article: 50,
            paragraph: None,
            items: vec![u32::from(s.id.0) - 1],
        };
        if let Some(q) = quote_ref(&r, lang) {
            parts.push(tr(
                lang,
                "条例第五十条规定年度报告应当包括：".to_owned(),
                "Article 50 of the Regulations requires the report to include:".to_owned(),
            ));
            parts.push(q);
        }
    } else {
        parts.push(tr(
            lang,
            "条例第五十条所列内容中没有单列本部分。".to_owned(),
            "Article 50 of the Regulations does not list this section as such.".to_owned(),
        ));
        if format != Some(Format::F2019) {
            parts.push(tr(
                lang,
                format!("{}对本部分的要求：", Format::F2021.document()),
                format!(
                    "What the 2021 format ({}) asks of this section:",
                    Format::F2021.document()
                ),
            ));
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

// ---- Row labels --------------------------------------------------------------------------------------

/// What a row counts, in a plain sentence built from the catalog.
fn row_meaning(table: &Table, spec: &RowSpec, lang: Lang) -> String {
    let body = strip_numbering(spec.label);
    let group = group_of(table, spec);
    match (table.kind, &spec.kind) {
        (_, RowKind::Block(cols)) => tr(
            lang,
            format!("栏目标题，本行不填数值；其下各行填写{}。", col_list(cols, "、")),
            format!("A block title that takes no values; the rows under it give {}.", col_list_en(cols)),
        ),
        (_, RowKind::Group) if spec.key == "outcomes" => tr(
            lang,
            "分组标题，本行不填数值；其下各行按办理结果分列本年度的申请件数。".to_owned(),
            "A group label that takes no values; the rows under it count this year's requests by outcome.".to_owned(),
        ),
        (_, RowKind::Group) => tr(
            lang,
            format!("分组标题，本行不填数值；其下各行按情形分列{body}的申请件数。"),
            format!("A group label that takes no values; the rows under it count the requests {} by reason.", spec.en),
        ),
        (TableKind::T2, RowKind::Data(cols)) => tr(
            lang,
            format!("{body}的{}。", col_list(cols, "、")),
            format!("{}: {}.", spec.en, col_list_en(cols)),
        ),
        (TableKind::T3, RowKind::Data(_)) => t3_row_meaning(table, spec, group, lang),
        (TableKind::T4, RowKind::Data(_)) => tr(
            lang,
            "因政府信息公开工作被申请行政复议、提起行政诉讼的案件数。".to_owned(),
            "Cases of administrative reconsideration and litigation about information disclosure.".to_owned(),
        ),
    }
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

fn t3_row_meaning(table: &Table, spec: &RowSpec, group: Option<&RowSpec>, lang: Lang) -> String {
    let body = strip_numbering(spec.label);
    let numerals = |key: &str| {
        table
            .spec()
            .row(key)
            .map_or("", |(_, r)| numbering(r.label))
    };
    let total_label = table.spec().row("total").map_or("", |(_, r)| r.label);
    match spec.key {
        "new" => tr(
            lang,
            "本年度新收到的政府信息公开申请件数。".to_owned(),
            "Requests received this year.".to_owned(),
        ),
        "carried_in" => tr(
            lang,
            "上一年度结转、本年度继续办理的政府信息公开申请件数。".to_owned(),
            "Requests carried over from last year and handled this year.".to_owned(),
        ),
        "total" => tr(
            lang,
            "本年度各项办理结果的合计件数：每列等于本列各办理结果行之和。".to_owned(),
            "All outcomes of this year: each column is the sum of the outcome rows.".to_owned(),
        ),
        "carried_out" => tr(
            lang,
            format!(
                "本年度未办结、结转下年度继续办理的申请件数。每列应满足{} + {} = {} + {}。",
                numerals("new"),
                numerals("carried_in"),
                total_label,
                numerals("carried_out")
            ),
            format!(
                "Requests carried over to next year. Each column must satisfy {} + {} = {} + {}.",
                numerals("new"),
                numerals("carried_in"),
                total_label,
                numerals("carried_out")
            ),
        ),
        _ => match group {
            Some(g) if g.key == "other" => {
                let g_body = strip_numbering(g.label);
                tr(
                    lang,
                    format!("办理结果为{g_body}的申请中，“{body}”的件数。"),
                    format!("Requests with the outcome {}: {}.", g.en, spec.en),
                )
            }
            Some(g) => {
                let g_body = strip_numbering(g.label);
                tr(
                    lang,
                    format!("因{body}而{g_body}的申请件数。"),
                    format!("Requests {} because of: {}.", g.en, spec.en),
                )
            }
            None => {
                // （二）部分公开（区分处理的，…）: the note in brackets follows the sentence.
                let (main, note) = match body.find('（') {
                    Some(i) if body.ends_with('）') => (&body[..i], &body[i..]),
                    _ => (body, ""),
                };
                tr(
                    lang,
                    format!("本年度办理结果为“{main}”的申请件数{note}。"),
                    format!("Requests with the outcome: {}.", spec.en),
                )
            }
        },
    }
}

fn col_list(cols: &[ColSpec], sep: &str) -> String {
    cols.iter().map(|c| c.label).collect::<Vec<_>>().join(sep)
}

fn col_list_en(cols: &[ColSpec]) -> String {
    cols.iter().map(|c| c.en).collect::<Vec<_>>().join(", ")
}

fn table_line(table: &Table, lang: Lang) -> String {
    format!(
        "{} · {}",
        table_title(table.kind),
        format_name(table.format, lang)
    )
}

fn row_hover(snap: &Snapshot, table: &Table, row: &Row) -> String {
    let lang = snap.lang;
    let spec = table.row_spec(row);
    let mut parts = vec![format!("**{}**", spec.label)];
    if let Some(label) = row.label.filter(|l| l.quality != MatchQuality::Exact) {
        let written = label.range.slice(snap.text).replace(['\n', '\r'], "");
        parts.push(tr(
            lang,
            format!("文中写作“{written}”，与格式中的行名称不一致。"),
            format!("Written here as “{written}”, which differs from the format's label."),
        ));
    }
    parts.push(row_meaning(table, spec, lang));
    let mut line = table_line(table, lang);
    if let RowKind::Data(cols) = spec.kind {
        line.push_str(&tr(
            lang,
            format!("；本行 {} 列：{}", cols.len(), col_list(cols, "、")),
            format!("; {} columns: {}", cols.len(), col_list(cols, "、")),
        ));
    }
    parts.push(line);
    if !spec.basis.is_empty() {
        parts.push(tr(
            lang,
            format!("依据：{}", spec.basis),
            format!("Legal basis: {}", spec.basis),
        ));
        if let Some(q) = parse_basis(spec.basis).and_then(|r| quote_ref(&r, lang)) {
            parts.push(q);
        }
    }
    parts.join("\n\n")
}

// ---- Number cells ------------------------------------------------------------------------------------

/// What a column counts.
fn col_meaning(kind: TableKind, col: usize, cols: &[ColSpec], lang: Lang) -> Option<String> {
    let c = cols.get(col)?;
    Some(match kind {
        TableKind::T3 => t3_col_meaning(c, lang),
        TableKind::T4 => {
            let (key, name, en) = *T4_GROUPS.get(col / 5)?;
            format!(
                "{}{}",
                t4_group_meaning(key, name, en, lang),
                t4_col_meaning(c, lang)
            )
        }
        TableKind::T2 => t2_col_meaning(c, lang),
    })
}

fn t3_col_meaning(c: &ColSpec, lang: Lang) -> String {
    let applicants = col_list(&T3_COLUMNS[..6], "、");
    match c.key {
        "total" => tr(
            lang,
            format!("各类申请人的合计，应等于{applicants}六列之和。"),
            "All applicants: the sum of the six columns before it.".to_owned(),
        ),
        "natural" => tr(
            lang,
            format!("申请人为{}的申请件数。", c.label),
            format!("Requests from {}.", c.en),
        ),
        "other" => tr(
            lang,
            "申请人为其他法人或其他组织的申请件数。".to_owned(),
            format!("Requests from {}.", c.en),
        ),
        _ => tr(
            lang,
            format!("申请人为{}（法人或其他组织）的申请件数。", c.label),
            format!("Requests from {}.", c.en),
        ),
    }
}

fn t4_group_meaning(key: &str, name: &str, en: &str, lang: Lang) -> String {
    match (key, lang) {
        ("review", Lang::Zh) => "因政府信息公开工作被申请行政复议的案件中，".to_owned(),
        ("direct_suit", Lang::Zh) => "未经行政复议、直接提起行政诉讼的案件中，".to_owned(),
        ("suit_after_review", Lang::Zh) => "经行政复议后提起行政诉讼的案件中，".to_owned(),
        (_, Lang::Zh) => format!("{name}中，"),
        (_, Lang::En) => format!("Of the {en}: "),
    }
}

fn t4_col_meaning(c: &ColSpec, lang: Lang) -> String {
    let suffix = c.key.rsplit('.').next().unwrap_or("");
    match (suffix, lang) {
        ("upheld", Lang::Zh) => "审结后结果为维持的件数。".to_owned(),
        ("corrected", Lang::Zh) => "审结后结果为纠正的件数。".to_owned(),
        ("other", Lang::Zh) => "审结后为维持、纠正以外其他结果的件数。".to_owned(),
        ("pending", Lang::Zh) => "截至统计期末尚未审结的件数。".to_owned(),
        ("total", Lang::Zh) => format!(
            "本组合计，应等于{}四项之和。",
            col_list(&T4_COLUMNS[..4], "、")
        ),
        ("total", Lang::En) => {
            "the group's total, the sum of the four columns before it.".to_owned()
        }
        (_, Lang::En) => format!("cases with the result: {}.", c.en),
        (_, Lang::Zh) => format!("{}的件数。", c.label),
    }
}

fn t2_col_meaning(c: &ColSpec, lang: Lang) -> String {
    let zh = match c.key {
        "issued" => "本年度制定发布的件数。",
        "repealed" => "本年度废止的件数。",
        "in_force" => "截至本年度末现行有效的件数。",
        "decisions" => "本年度作出的处理决定数量。",
        "fee_amount" => "本年度收取的费用金额，单位为万元，可含小数。",
        "made" => "本年度新制作的件数。",
        "published" => "本年度新公开的件数。",
        "published_total" => "对外公开的总数量。",
        "previous" => "上一年度的项目数量。",
        "change" => "本年度项目的增减数量，减少时填负数。",
        "projects" => "政府集中采购项目的数量。",
        "amount" => "政府集中采购的总金额，可含小数。",
        _ => "",
    };
    match lang {
        Lang::Zh if !zh.is_empty() => zh.to_owned(),
        Lang::Zh => format!("{}。", c.label),
        Lang::En => {
            let mut chars = c.en.chars();
            let first = chars
                .next()
                .map(|f| f.to_uppercase().collect::<String>())
                .unwrap_or_default();
            format!("{first}{}.", chars.as_str())
        }
    }
}

fn kind_note(kind: ValueKind, lang: Lang) -> String {
    match (kind, lang) {
        (ValueKind::Count, Lang::Zh) => "件数：不小于 0 的整数".to_owned(),
        (ValueKind::SignedCount, Lang::Zh) => "增减数：整数，可为负数".to_owned(),
        (ValueKind::Amount, Lang::Zh) => "金额：不小于 0，可含小数".to_owned(),
        (ValueKind::Count, Lang::En) => "a count: a whole number, 0 or more".to_owned(),
        (ValueKind::SignedCount, Lang::En) => {
            "a change: a whole number, may be negative".to_owned()
        }
        (ValueKind::Amount, Lang::En) => "an amount: 0 or more, decimals allowed".to_owned(),
    }
}

/// How a cell's content reads in a hover.
fn value_text(snap: &Snapshot, cell: &Cell) -> String {
    let written = cell.range.slice(snap.text).trim();
    match (cell.value, snap.lang) {
        (CellValue::Number(_), _) => format!("`{written}`"),
        (CellValue::Blank, Lang::Zh) => "空白（计算时按 0 计）".to_owned(),
        (CellValue::Blank, Lang::En) => "blank (counted as 0)".to_owned(),
        (CellValue::Dash, Lang::Zh) => format!("“{written}”（计算时按 0 计）"),
        (CellValue::Dash, Lang::En) => format!("“{written}” (counted as 0)"),
        (CellValue::Invalid, Lang::Zh) => format!("“{written}”（不是数字）"),
        (CellValue::Invalid, Lang::En) => format!("“{written}” (not a number)"),
    }
}

/// A relation in words, from the catalog's labels: "（七）总计 = 本列各办理结果之和".
pub(crate) fn relation_words(table: &Table, rel: &Relation, lang: Lang) -> String {
    let spec = table.spec();
    let num = |key: &str| spec.row(key).map_or("", |(_, r)| numbering(r.label));
    let total = spec.row("total").map_or("", |(_, r)| r.label);
    let target_key = table
        .rows
        .get(rel.target.row)
        .map_or("", |r| table.row_spec(r).key);
    match (rel.kind, lang) {
        (SumKind::RowTotal, Lang::Zh) => {
            format!("本行总计 = {}", col_list(&T3_COLUMNS[..6], " + "))
        }
        (SumKind::RowTotal, Lang::En) => "the row's total = the six applicant columns".to_owned(),
        (SumKind::OutcomeTotal, Lang::Zh) => format!("{total} = 本列各办理结果之和"),
        (SumKind::OutcomeTotal, Lang::En) => {
            format!("{total} = the sum of the outcome rows in this column")
        }
        (SumKind::Balance, _) => {
            let (new, carried_in, carried_out) =
                (num("new"), num("carried_in"), num("carried_out"));
            let solved = if target_key == "total" {
                format!("{total} = {new} + {carried_in} − {carried_out}")
            } else {
                format!("{carried_out} = {new} + {carried_in} − {total}")
            };
            tr(
                lang,
                format!("本列勾稽关系 {new} + {carried_in} = {total} + {carried_out}，即 {solved}"),
                format!("per column, {new} + {carried_in} = {total} + {carried_out} (the template's note), so {solved}"),
            )
        }
        (SumKind::ReviewTotal, Lang::Zh) => {
            format!("本组总计 = {}", col_list(&T4_COLUMNS[..4], " + "))
        }
        (SumKind::ReviewTotal, Lang::En) => {
            format!("the group's total = {}", col_list(&T4_COLUMNS[..4], " + "))
        }
    }
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
    match (rel.holds(), lang) {
        (true, Lang::Zh) => "✓ 与填写值一致。".to_owned(),
        (true, Lang::En) => "✓ Matches the value written.".to_owned(),
        (false, Lang::Zh) => format!(
            "⚠ 填写值为 {}，与计算值 {} 不符。",
            rel.actual, rel.expected
        ),
        (false, Lang::En) => format!(
            "⚠ The value written, {}, differs from the computed value {}.",
            rel.actual, rel.expected
        ),
    }
}

fn cell_hover(snap: &Snapshot, table: &Table, row_index: usize, cell: &Cell) -> String {
    let lang = snap.lang;
    let row = &table.rows[row_index];
    let cols = table.columns_of(row);
    let mut parts = vec![format!(
        "**{}** = {}",
        cell_name(table, row, cell.col),
        value_text(snap, cell)
    )];
    let mut line = table_line(table, lang);
    if let Some(c) = cols.get(cell.col) {
        line.push_str(&format!(" · {}", kind_note(c.kind, lang)));
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
                cell_name(table, target, r.target.col),
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
        parts.push(format!(
            "{}\n\n{list}",
            tr(lang, "计入：".to_owned(), "Counted in:".to_owned())
        ));
    }
    parts.join("\n\n")
}

// ---- Column headers ----------------------------------------------------------------------------------

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
    parts.push(meaning.unwrap_or_else(|| {
        tr(
            lang,
            format!("{}的表头。", table_title(table.kind)),
            format!("A header of {}.", table_title(table.kind)),
        )
    }));
    parts.push(match h.format {
        Some(f) => tr(
            lang,
            format!("仅见于{}。", format_name(f, lang)),
            format!("Only in the {}.", format_name(f, lang)),
        ),
        None => tr(
            lang,
            "2019年格式和2021年格式通用。".to_owned(),
            "Used by both the 2019 and the 2021 format.".to_owned(),
        ),
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
            .map(|c| t3_col_meaning(c, lang)),
        TableKind::T4 => {
            if let Some(&(key, name, en)) = T4_GROUPS.iter().find(|g| g.1 == label) {
                let zh = t4_group_meaning(key, name, en, Lang::Zh);
                return Some(tr(
                    lang,
                    format!(
                        "{}：分{}五列。",
                        zh.trim_end_matches('，'),
                        col_list(&T4_COLUMNS[..5], "、")
                    ),
                    format!("{en}: five columns, the four results and their total."),
                ));
            }
            let c = T4_COLUMNS.iter().find(|c| c.label == label)?;
            Some(tr(
                lang,
                format!("各组中，{}", t4_col_meaning(c, Lang::Zh)),
                format!("In each group, {}", t4_col_meaning(c, Lang::En)),
            ))
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
            .map(|c| t2_col_meaning(c, lang)),
    }
}
