//! The texts of hover and inlay hints, in Chinese and English: what a section, row, column or
//! cell of the format is, the relations a cell takes part in and whether they hold. The labels
//! are the catalog's; the hover composes these pieces.

use crate::catalog::{
    ArticleRef, ColSpec, Format, SectionId, TableKind, ValueKind, T3_COLUMNS, T4_COLUMNS,
};

use super::Lang;

/// A colon in the language of the text around it.
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    }
}

fn labels(cols: &[ColSpec], sep: &str) -> String {
    cols.iter().map(|c| c.label).collect::<Vec<_>>().join(sep)
}

fn glosses(cols: &[ColSpec], sep: &str) -> String {
    cols.iter().map(|c| c.en).collect::<Vec<_>>().join(sep)
}

/// A column list: its labels joined with `、`, or its glosses with commas.
fn col_list(cols: &[ColSpec], lang: Lang) -> String {
    match lang {
        Lang::Zh => labels(cols, "、"),
        Lang::En => glosses(cols, ", "),
    }
}

/// A text with its first letter in capitals.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    let first = chars
        .next()
        .map(|f| f.to_uppercase().collect::<String>())
        .unwrap_or_default();
    format!("{first}{}", chars.as_str())
}

/// Why a heading differs from the format's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wording {
    Longer,
    Differs,
    Reworded,
    Numbering,
}

/// How a relation of a table reads in words; the row names are the catalog's (their numbering in
/// Chinese, their glosses in English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelationWords {
    /// Table 三: a row's 总计 is the sum of the six applicant columns.
    RowTotal,
    /// Table 三: （七）总计 is the sum of the outcome rows; `total` its label and gloss.
    OutcomeTotal { total: (&'static str, &'static str) },
    /// Table 三: 一 + 二 = （七）总计 + 四, solved for the total (`for_total`) or for 四. Each row as
    /// (its numbering or label, its gloss).
    Balance {
        new: (&'static str, &'static str),
        carried_in: (&'static str, &'static str),
        total: (&'static str, &'static str),
        carried_out: (&'static str, &'static str),
        for_total: bool,
    },
    /// Table 四: a group's 总计 is its four results.
    ReviewTotal,
}

/// A piece of a hover.
#[derive(Debug, Clone)]
pub enum Gloss {
    /// A format by its year and document.
    FormatName(Format),
    /// A table by its section's heading.
    TableTitle(TableKind),
    /// The note after an excerpt of a quotation.
    Excerpt,
    /// Why a heading differs from the format's.
    HeadingWording(Wording),
    /// A heading as written, and why it differs.
    HeadingWrittenAs {
        written: String,
        why: Wording,
    },
    /// The table a section holds, in the format when it is known.
    SectionTable {
        table: TableKind,
        format: Option<Format>,
    },
    /// The introduction of the quotation of 条例第五十条.
    Article50Asks,
    /// Section 一 is no item of 条例第五十条.
    NotInArticle50,
    /// The introduction of the quotation of the 2021 format on section 一.
    Format2021Asks,
    /// A block title of table 二 with its columns.
    BlockTitle {
        cols: &'static [ColSpec],
    },
    /// The group 三、本年度办理结果.
    OutcomesGroup,
    /// A group of outcomes: its label without numbering, and its gloss.
    Group {
        body: &'static str,
        en: &'static str,
    },
    /// A row of table 二: its label without numbering, its gloss, its columns.
    T2Row {
        body: &'static str,
        en: &'static str,
        cols: &'static [ColSpec],
    },
    /// The one row of table 四.
    T4Row,
    T3New,
    T3CarriedIn,
    T3Total,
    /// 四、结转下年度继续办理, with the balance its columns satisfy.
    T3CarriedOut {
        new: &'static str,
        carried_in: &'static str,
        total: &'static str,
        carried_out: &'static str,
    },
    /// An outcome under （六）其他处理: the group's body and gloss, the row's body and gloss.
    T3OtherOutcome {
        group: (&'static str, &'static str),
        row: (&'static str, &'static str),
    },
    /// A reason under a group of outcomes: the group's body and gloss, the row's body and gloss.
    T3Reason {
        group: (&'static str, &'static str),
        row: (&'static str, &'static str),
    },
    /// An outcome of its own: its label's sentence and bracketed note, and its gloss.
    T3Outcome {
        main: &'static str,
        note: &'static str,
        en: &'static str,
    },
    /// A row label as written, which differs from the format's.
    RowWrittenAs {
        written: String,
    },
    /// The columns of a row.
    RowColumns {
        cols: &'static [ColSpec],
    },
    /// The legal basis of a row (`basis`, the catalog's reference; `article`, as read from it).
    LegalBasis {
        basis: &'static str,
        article: Option<ArticleRef>,
    },
    /// What a column of table 三 counts.
    T3Column(&'static ColSpec),
    /// The group of table 四 a column stands in: its key, label and gloss.
    T4Group {
        key: &'static str,
        label: &'static str,
        en: &'static str,
    },
    /// What a column of table 四 counts.
    T4Column(&'static ColSpec),
    /// A group of table 四 as a header: its gloss, and what it is in Chinese.
    T4GroupHeader {
        key: &'static str,
        label: &'static str,
        en: &'static str,
    },
    /// A column header of table 四, standing for that column of each group.
    T4ColumnHeader(&'static ColSpec),
    /// What a column of table 二 counts.
    T2Column(&'static ColSpec),
    /// What a cell may hold.
    ValueKind(ValueKind),
    /// A blank cell.
    Blank,
    /// A cell holding a dash (`written`).
    Dash {
        written: String,
    },
    /// A cell holding no number (`written`).
    NotANumber {
        written: String,
    },
    /// A relation in words.
    Relation(RelationWords),
    /// Whether the value written agrees with the relation.
    Verdict {
        holds: bool,
        actual: i128,
        expected: i128,
    },
    /// The heading of the relations a cell is counted in.
    CountedIn,
    /// A header of a table whose meaning is not spelt out.
    HeaderOf(TableKind),
    /// A header only one format has.
    OnlyIn(Format),
    /// A header both formats have.
    BothFormats,
    /// What last year's report (`file`, of `year`) says, with the value when there is one.
    LastYear {
        year: String,
        file: String,
        value: Option<String>,
    },
}

impl Gloss {
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    fn zh(&self) -> String {
        let l = Lang::Zh;
        match self {
            Gloss::FormatName(f) => format!("{}年格式（{}）", f.name(), f.document()),
            Gloss::TableTitle(kind) => {
                let spec = SectionId(kind.section()).spec();
                format!("表{}：{}", spec.numeral, spec.title)
            }
            Gloss::Excerpt => "（节选）".to_owned(),
            Gloss::HeadingWording(w) => match w {
                Wording::Longer => "较长的表述",
                Wording::Differs => "与格式不一致",
                Wording::Reworded => "另一种表述",
                Wording::Numbering => "序号不同",
            }
            .to_owned(),
            Gloss::HeadingWrittenAs { written, why } => format!(
                "文中写作“{written}”（{}）。",
                Gloss::HeadingWording(*why).zh()
            ),
            Gloss::SectionTable { table, format } => {
                let title = Gloss::TableTitle(*table).zh();
                match format {
                    Some(f) => format!(
                        "本部分应包含统计表“{title}”，按{}填写。",
                        Gloss::FormatName(*f).zh()
                    ),
                    None => format!("本部分应包含统计表“{title}”。"),
                }
            }
            Gloss::Article50Asks => "条例第五十条规定年度报告应当包括：".to_owned(),
            Gloss::NotInArticle50 => "条例第五十条所列内容中没有单列本部分。".to_owned(),
            Gloss::Format2021Asks => format!("{}对本部分的要求：", Format::F2021.document()),
            Gloss::BlockTitle { cols } => format!(
                "栏目标题，本行不填数值；其下各行填写{}。",
                col_list(cols, l)
            ),
            Gloss::OutcomesGroup => {
                "分组标题，本行不填数值；其下各行按办理结果分列本年度的申请件数。".to_owned()
            }
            Gloss::Group { body, .. } => {
                format!("分组标题，本行不填数值；其下各行按情形分列{body}的申请件数。")
            }
            Gloss::T2Row { body, cols, .. } => format!("{body}的{}。", col_list(cols, l)),
            Gloss::T4Row => "因政府信息公开工作被申请行政复议、提起行政诉讼的案件数。".to_owned(),
            Gloss::T3New => "本年度新收到的政府信息公开申请件数。".to_owned(),
            Gloss::T3CarriedIn => "上一年度结转、本年度继续办理的政府信息公开申请件数。".to_owned(),
            Gloss::T3Total => {
                "本年度各项办理结果的合计件数：每列等于本列各办理结果行之和。".to_owned()
            }
            Gloss::T3CarriedOut {
                new,
                carried_in,
                total,
                carried_out,
            } => format!(
                "本年度未办结、结转下年度继续办理的申请件数。每列应满足{new} + {carried_in} = \
                 {total} + {carried_out}。"
            ),
            Gloss::T3OtherOutcome { group, row } => {
                format!("办理结果为{}的申请中，“{}”的件数。", group.0, row.0)
            }
            Gloss::T3Reason { group, row } => format!("因{}而{}的申请件数。", row.0, group.0),
            Gloss::T3Outcome { main, note, .. } => {
                format!("本年度办理结果为“{main}”的申请件数{note}。")
            }
            Gloss::RowWrittenAs { written } => {
                format!("文中写作“{written}”，与格式中的行名称不一致。")
            }
            Gloss::RowColumns { cols } => {
                format!("；本行 {} 列：{}", cols.len(), col_list(cols, l))
            }
            Gloss::LegalBasis { basis, .. } => format!("依据：{basis}"),
            Gloss::T3Column(c) => match c.key {
                "total" => format!(
                    "各类申请人的合计，应等于{}六列之和。",
                    labels(&T3_COLUMNS[..6], "、")
                ),
                "natural" => format!("申请人为{}的申请件数。", c.label),
                "other" => "申请人为其他法人或其他组织的申请件数。".to_owned(),
                _ => format!("申请人为{}（法人或其他组织）的申请件数。", c.label),
            },
            Gloss::T4Group { key, label, .. } => match *key {
                "review" => "因政府信息公开工作被申请行政复议的案件中，".to_owned(),
                "direct_suit" => "未经行政复议、直接提起行政诉讼的案件中，".to_owned(),
                "suit_after_review" => "经行政复议后提起行政诉讼的案件中，".to_owned(),
                _ => format!("{label}中，"),
            },
            Gloss::T4Column(c) => match c.key.rsplit('.').next().unwrap_or("") {
                "upheld" => "审结后结果为维持的件数。".to_owned(),
                "corrected" => "审结后结果为纠正的件数。".to_owned(),
                "other" => "审结后为维持、纠正以外其他结果的件数。".to_owned(),
                "pending" => "截至统计期末尚未审结的件数。".to_owned(),
                "total" => format!(
                    "本组合计，应等于{}四项之和。",
                    labels(&T4_COLUMNS[..4], "、")
                ),
                _ => format!("{}的件数。", c.label),
            },
            Gloss::T4GroupHeader { key, label, en } => {
                let group = Gloss::T4Group { key, label, en }.zh();
                format!(
                    "{}：分{}五列。",
                    group.trim_end_matches('，'),
                    labels(&T4_COLUMNS[..5], "、")
                )
            }
            Gloss::T4ColumnHeader(c) => format!("各组中，{}", Gloss::T4Column(c).zh()),
            Gloss::T2Column(c) => match c.key {
                "issued" => "本年度制定发布的件数。".to_owned(),
                "repealed" => "本年度废止的件数。".to_owned(),
                "in_force" => "截至本年度末现行有效的件数。".to_owned(),
                "decisions" => "本年度作出的处理决定数量。".to_owned(),
                "fee_amount" => "本年度收取的费用金额，单位为万元，可含小数。".to_owned(),
                "made" => "本年度新制作的件数。".to_owned(),
                "published" => "本年度新公开的件数。".to_owned(),
                "published_total" => "对外公开的总数量。".to_owned(),
                "previous" => "上一年度的项目数量。".to_owned(),
                "change" => "本年度项目的增减数量，减少时填负数。".to_owned(),
                "projects" => "政府集中采购项目的数量。".to_owned(),
                "amount" => "政府集中采购的总金额，可含小数。".to_owned(),
                _ => format!("{}。", c.label),
            },
            Gloss::ValueKind(k) => match k {
                ValueKind::Count => "件数：不小于 0 的整数",
                ValueKind::SignedCount => "增减数：整数，可为负数",
                ValueKind::Amount => "金额：不小于 0，可含小数",
            }
            .to_owned(),
            Gloss::Blank => "空白（计算时按 0 计）".to_owned(),
            Gloss::Dash { written } => format!("“{written}”（计算时按 0 计）"),
            Gloss::NotANumber { written } => format!("“{written}”（不是数字）"),
            Gloss::Relation(r) => match r {
                RelationWords::RowTotal => {
                    format!("本行总计 = {}", labels(&T3_COLUMNS[..6], " + "))
                }
                RelationWords::OutcomeTotal { total } => {
                    format!("{} = 本列各办理结果之和", total.0)
                }
                RelationWords::Balance {
                    new,
                    carried_in,
                    total,
                    carried_out,
                    for_total,
                } => {
                    let (new, carried_in, total, carried_out) =
                        (new.0, carried_in.0, total.0, carried_out.0);
                    let solved = if *for_total {
                        format!("{total} = {new} + {carried_in} − {carried_out}")
                    } else {
                        format!("{carried_out} = {new} + {carried_in} − {total}")
                    };
                    format!(
                        "本列勾稽关系 {new} + {carried_in} = {total} + {carried_out}，即 {solved}"
                    )
                }
                RelationWords::ReviewTotal => {
                    format!("本组总计 = {}", labels(&T4_COLUMNS[..4], " + "))
                }
            },
            Gloss::Verdict { holds: true, .. } => "✓ 与填写值一致。".to_owned(),
            Gloss::Verdict {
                holds: false,
                actual,
                expected,
            } => format!("⚠ 填写值为 {actual}，与计算值 {expected} 不符。"),
            Gloss::CountedIn => "计入：".to_owned(),
            Gloss::HeaderOf(kind) => format!("{}的表头。", Gloss::TableTitle(*kind).zh()),
            Gloss::OnlyIn(f) => format!("仅见于{}。", Gloss::FormatName(*f).zh()),
            Gloss::BothFormats => "2019年格式和2021年格式通用。".to_owned(),
            Gloss::LastYear { year, file, value } => match value {
                Some(v) => format!("上年（{year}年）报告“{file}”：{v}"),
                None => format!("上年（{year}年）报告：“{file}”"),
            },
        }
    }

    fn en(&self) -> String {
        let l = Lang::En;
        match self {
            Gloss::FormatName(f) => format!("{} format ({})", f.name(), f.document()),
            Gloss::TableTitle(kind) => {
                let spec = SectionId(kind.section()).spec();
                format!("table {} ({})", kind.section(), spec.en)
            }
            Gloss::Excerpt => " (excerpt)".to_owned(),
            Gloss::HeadingWording(w) => match w {
                Wording::Longer => "a longer wording",
                Wording::Differs => "differs from the format",
                Wording::Reworded => "worded another way",
                Wording::Numbering => "another numbering",
            }
            .to_owned(),
            Gloss::HeadingWrittenAs { written, why } => format!(
                "Written here as “{written}” ({}).",
                Gloss::HeadingWording(*why).en()
            ),
            Gloss::SectionTable { table, format } => {
                let title = Gloss::TableTitle(*table).en();
                match format {
                    Some(f) => format!(
                        "This section holds a table: {title}, in the {}.",
                        Gloss::FormatName(*f).en()
                    ),
                    None => format!("This section holds a table: {title}."),
                }
            }
            Gloss::Article50Asks => {
                "Article 50 of the Regulations requires the report to include:".to_owned()
            }
            Gloss::NotInArticle50 => {
                "Article 50 of the Regulations does not list this section as such.".to_owned()
            }
            Gloss::Format2021Asks => format!(
                "What the 2021 format ({}) asks of this section:",
                Format::F2021.document()
            ),
            Gloss::BlockTitle { cols } => format!(
                "A block title that takes no values; the rows under it give {}.",
                col_list(cols, l)
            ),
            Gloss::OutcomesGroup => "A group label that takes no values; the rows under it count \
                 this year's requests by outcome."
                .to_owned(),
            Gloss::Group { en, .. } => format!(
                "A group label that takes no values; the rows under it count the requests {en} \
                 by reason."
            ),
            Gloss::T2Row { en, cols, .. } => {
                format!("{en}: {}.", col_list(cols, l))
            }
            Gloss::T4Row => "Cases of administrative reconsideration and litigation about \
                 information disclosure."
                .to_owned(),
            Gloss::T3New => "Requests received this year.".to_owned(),
            Gloss::T3CarriedIn => {
                "Requests carried over from last year and handled this year.".to_owned()
            }
            Gloss::T3Total => {
                "All outcomes of this year: each column is the sum of the outcome rows.".to_owned()
            }
            Gloss::T3CarriedOut { .. } => "Requests carried over to next year. Each column must \
                 satisfy: new requests + requests carried over from last year = total of the \
                 outcomes + requests carried over to next year."
                .to_owned(),
            Gloss::T3OtherOutcome { group, row } => {
                format!("Requests with the outcome {}: {}.", group.1, row.1)
            }
            Gloss::T3Reason { group, row } => {
                format!("Requests {} because of: {}.", group.1, row.1)
            }
            Gloss::T3Outcome { en, .. } => format!("Requests with the outcome: {en}."),
            Gloss::RowWrittenAs { written } => {
                format!("Written here as “{written}”, which differs from the format's label.")
            }
            Gloss::RowColumns { cols } => {
                format!("; {} columns: {}", cols.len(), col_list(cols, l))
            }
            Gloss::LegalBasis { basis, article } => match article {
                Some(a) => format!("Legal basis: {}", article_en(a)),
                None => format!("Legal basis: {basis}"),
            },
            Gloss::T3Column(c) => match c.key {
                "total" => "All applicants: the sum of the six columns before it.".to_owned(),
                _ => format!("Requests from {}.", c.en),
            },
            Gloss::T4Group { en, .. } => format!("Of the {en}: "),
            Gloss::T4Column(c) => match c.key.rsplit('.').next().unwrap_or("") {
                "total" => "the group's total, the sum of the four columns before it.".to_owned(),
                _ => format!("cases with the result: {}.", c.en),
            },
            Gloss::T4GroupHeader { en, .. } => {
                format!("{en}: five columns, the four results and their total.")
            }
            Gloss::T4ColumnHeader(c) => format!("In each group, {}", Gloss::T4Column(c).en()),
            Gloss::T2Column(c) => format!("{}.", capitalised(c.en)),
            Gloss::ValueKind(k) => match k {
                ValueKind::Count => "a count: a whole number, 0 or more",
                ValueKind::SignedCount => "a change: a whole number, may be negative",
                ValueKind::Amount => "an amount: 0 or more, decimals allowed",
            }
            .to_owned(),
            Gloss::Blank => "blank (counted as 0)".to_owned(),
            Gloss::Dash { written } => format!("“{written}” (counted as 0)"),
            Gloss::NotANumber { written } => format!("“{written}” (not a number)"),
            Gloss::Relation(r) => match r {
                RelationWords::RowTotal => "the row's total = the six applicant columns".to_owned(),
                RelationWords::OutcomeTotal { total } => {
                    format!(
                        "the {} = the sum of the outcome rows in this column",
                        total.1
                    )
                }
                RelationWords::Balance {
                    new,
                    carried_in,
                    total,
                    carried_out,
                    for_total,
                } => {
                    let (new, carried_in, total, carried_out) =
                        (new.1, carried_in.1, total.1, carried_out.1);
                    let solved = if *for_total {
                        format!("{total} = {new} + {carried_in} − {carried_out}")
                    } else {
                        format!("{carried_out} = {new} + {carried_in} − {total}")
                    };
                    format!(
                        "per column, {new} + {carried_in} = {total} + {carried_out} (the \
                         template's note), so {solved}"
                    )
                }
                RelationWords::ReviewTotal => {
                    format!("the group's total = {}", glosses(&T4_COLUMNS[..4], " + "))
                }
            },
            Gloss::Verdict { holds: true, .. } => "✓ Matches the value written.".to_owned(),
            Gloss::Verdict {
                holds: false,
                actual,
                expected,
            } => format!(
                "⚠ The value written, {actual}, differs from the computed value {expected}."
            ),
            Gloss::CountedIn => "Counted in:".to_owned(),
            Gloss::HeaderOf(kind) => format!("A header of {}.", Gloss::TableTitle(*kind).en()),
            Gloss::OnlyIn(f) => format!("Only in the {}.", Gloss::FormatName(*f).en()),
            Gloss::BothFormats => "Used by both the 2019 and the 2021 format.".to_owned(),
            Gloss::LastYear { year, file, value } => match value {
                Some(v) => format!("last year's ({year}) report “{file}”: {v}"),
                None => format!("last year's ({year}) report: “{file}”"),
            },
        }
    }
}

/// An article reference in English: "Article 36, items 4 and 5 of the Regulations".
pub(super) fn article_en(a: &ArticleRef) -> String {
    let mut s = format!("Article {}", a.article);
    if let Some(p) = a.paragraph {
        s.push_str(&format!(", paragraph {p}"));
    }
    match a.items.as_slice() {
        [] => {}
        [i] => s.push_str(&format!(", item {i}")),
        items => {
            let list: Vec<String> = items.iter().map(u32::to_string).collect();
            s.push_str(&format!(", items {}", list.join(" and ")));
        }
    }
    s.push_str(" of the Regulations");
    s
}
