//! The texts of completion items and of the outline, in Chinese and English: what a row, heading,
//! column header or table snippet offered is. The labels inserted are the catalog's.

use crate::catalog::{Format, RowKind, RowSpec, SectionId, TableKind};

use super::Lang;

/// How a table snippet lays out its rows, as the report around it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnippetLayout {
    Markdown,
    Rows,
    CellPerLine,
    Tabs,
}

/// A text of a completion item or an outline symbol.
#[derive(Debug, Clone)]
pub enum Offer {
    /// The detail of a row offered in a table: the table and its format, and whether the table has
    /// the row already.
    RowDetail {
        table: TableKind,
        format: Format,
        present: bool,
    },
    /// What a row offered is: its gloss, what it takes, its legal basis.
    RowDoc(&'static RowSpec),
    /// The detail of a heading offered.
    HeadingDetail(SectionId),
    /// What a section is, and the table it holds.
    HeadingDoc(SectionId),
    /// The detail of a column header offered.
    HeaderDetail { table: TableKind, format: Format },
    /// The label of a table snippet: the table's title in the format's words, which is also what
    /// the item is matched on, in either language.
    SnippetLabel { table: TableKind, format: Format },
    /// The detail of a table snippet.
    SnippetDetail {
        table: TableKind,
        format: Format,
        layout: SnippetLayout,
    },
    /// What a table snippet inserts.
    SnippetDoc {
        table: TableKind,
        format: Format,
        lines: usize,
    },
    /// A table in the outline.
    OutlineTable(TableKind),
    /// The format of a table in the outline.
    OutlineFormat(Format),
}

impl Offer {
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    fn zh(&self) -> String {
        match self {
            Offer::RowDetail {
                table,
                format,
                present,
            } => {
                let numeral = SectionId(table.section()).spec().numeral;
                let here = if *present { " · 表中已有" } else { "" };
                format!("表{numeral} · {}年格式{here}", format.name())
            }
            Offer::RowDoc(row) => {
                let mut parts = Vec::new();
                match row.kind {
                    RowKind::Group => parts.push("分组标题，本行不填数字。".to_owned()),
                    RowKind::Block(_) => {
                        parts.push("分项标题，本行不填数字，下一行为本项的列标题。".to_owned())
                    }
                    RowKind::Data(cols) => {
                        let names: Vec<&str> = cols.iter().map(|c| c.label).collect();
                        parts.push(format!(
                            "本行填 {} 个数：{}。",
                            cols.len(),
                            names.join("、")
                        ));
                    }
                }
                if !row.basis.is_empty() {
                    parts.push(format!("依据：{}。", row.basis));
                }
                // Paragraphs: clients show documentation as Markdown.
                parts.join("\n\n")
            }
            Offer::HeadingDetail(id) => format!("第{}部分标题", id.spec().numeral),
            Offer::HeadingDoc(id) => match id.spec().table {
                Some(k) => format!("本部分应有{}。", k.name_zh()),
                None => format!("年度报告的第{}部分。", id.spec().numeral),
            },
            Offer::HeaderDetail { table, format } => {
                let numeral = SectionId(table.section()).spec().numeral;
                format!("表{numeral}列标题 · {}年格式", format.name())
            }
            Offer::SnippetLabel { table, format } => {
                let section = SectionId(table.section()).spec();
                format!(
                    "表{}：{}（{}年格式）",
                    section.numeral,
                    section.title,
                    format.name()
                )
            }
            Offer::SnippetDetail {
                table,
                format,
                layout,
            } => {
                let layout = match layout {
                    SnippetLayout::Markdown => "Markdown 表格",
                    SnippetLayout::Rows => "一行一行，以 | 分隔",
                    SnippetLayout::CellPerLine => "一格一行",
                    SnippetLayout::Tabs => "制表符分隔",
                };
                format!(
                    "插入空白表{} · {}年格式 · {layout}",
                    SectionId(table.section()).spec().numeral,
                    format.name()
                )
            }
            Offer::SnippetDoc {
                table,
                format,
                lines,
            } => format!(
                "插入{}（{}年格式，{lines} 行），数字均为 0，按 Tab 键逐格填写。",
                table.name_zh(),
                format.name()
            ),
            Offer::OutlineTable(kind) => {
                let spec = SectionId(kind.section()).spec();
                format!("表{}：{}", spec.numeral, spec.title)
            }
            Offer::OutlineFormat(f) => format!("{}年格式", f.name()),
        }
    }

    fn en(&self) -> String {
        match self {
            Offer::RowDetail {
                table,
                format,
                present,
            } => {
                let here = if *present {
                    " · already in the table"
                } else {
                    ""
                };
                format!("Table {} · {} format{here}", table.section(), format.name())
            }
            Offer::RowDoc(row) => {
                let mut parts = Vec::new();
                let mut en = row.en.chars();
                parts.push(format!(
                    "{}{}.",
                    en.next()
                        .map(|c| c.to_ascii_uppercase())
                        .into_iter()
                        .collect::<String>(),
                    en.as_str()
                ));
                match row.kind {
                    RowKind::Group => parts.push("A group label: it carries no numbers.".into()),
                    RowKind::Block(_) => parts.push(
                        "A block title: it carries no numbers; the block's column headers \
                         follow it."
                            .into(),
                    ),
                    RowKind::Data(cols) => parts.push(format!(
                        "{} column{}: {}.",
                        cols.len(),
                        if cols.len() == 1 { "" } else { "s" },
                        cols.iter().map(|c| c.en).collect::<Vec<_>>().join(", ")
                    )),
                }
                if let Some(a) = crate::catalog::parse_basis(row.basis) {
                    parts.push(format!("Basis: {}.", super::hover::article_en(&a)));
                }
                parts.join("\n\n")
            }
            Offer::HeadingDetail(id) => format!("Heading of section {}", id.0),
            Offer::HeadingDoc(id) => {
                let spec = id.spec();
                match spec.table {
                    Some(k) => format!("Section {}: {}; it holds {}.", id.0, spec.en, k.name_en()),
                    None => format!("Section {}: {}.", id.0, spec.en),
                }
            }
            Offer::HeaderDetail { table, format } => format!(
                "Table {} column header · {} format",
                table.section(),
                format.name()
            ),
            Offer::SnippetLabel { .. } => self.zh(),
            Offer::SnippetDetail {
                table,
                format,
                layout,
            } => {
                let layout = match layout {
                    SnippetLayout::Markdown => "Markdown table",
                    SnippetLayout::Rows => "one row per line, | separated",
                    SnippetLayout::CellPerLine => "one cell per line",
                    SnippetLayout::Tabs => "tab-separated",
                };
                format!(
                    "Insert an empty table {} · {} format · {layout}",
                    table.section(),
                    format.name()
                )
            }
            Offer::SnippetDoc {
                table,
                format,
                lines,
            } => format!(
                "Inserts {} ({} format, {lines} lines) with every value 0; Tab moves from value \
                 to value.",
                table.name_en(),
                format.name()
            ),
            Offer::OutlineTable(kind) => super::Gloss::TableTitle(*kind).render(Lang::En),
            Offer::OutlineFormat(f) => format!("{} format", f.name()),
        }
    }
}
