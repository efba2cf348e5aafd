//! The names messages give to what the checks compare: the table figure a narrative figure
//! restates, what the narrative says it counts, the base of a share, the topics of section 一.
//! Every label is the catalog's; the English names are the catalog's glosses.

use crate::catalog::{table_spec, Format, SectionId, TableKind, T3_COLUMNS, T4_COLUMNS, T4_GROUPS};
use crate::parse::narrative::Restates;

use super::Lang;

/// A table's short name: 表二 / table 2.
pub fn table_short(table: TableKind, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("表{}", SectionId(table.section()).spec().numeral),
        Lang::En => format!("table {}", table.section()),
    }
}

/// A section's name: 第五部分“存在的主要问题及改进情况” / section 5 (main problems and improvements).
pub fn section_name(id: SectionId, lang: Lang) -> String {
    let spec = id.spec();
    match lang {
        Lang::Zh => format!("第{}部分“{}”", spec.numeral, spec.title),
        Lang::En => format!("section {} ({})", id.0, spec.en),
    }
}

/// A row of table 三 in `format`, by its key: its short label, or its English gloss.
fn t3_row(format: Format, key: &str, lang: Lang) -> &'static str {
    let row = table_spec(TableKind::T3, format).row(key).map(|(_, r)| r);
    match lang {
        Lang::Zh => row.map_or("", |r| r.short),
        Lang::En => row.map_or("", |r| r.en),
    }
}

/// A row of table 三 by its full label (a group's name), or its English gloss.
fn t3_label(format: Format, key: &str, lang: Lang) -> &'static str {
    let row = table_spec(TableKind::T3, format).row(key).map(|(_, r)| r);
    match lang {
        Lang::Zh => row.map_or("", |r| r.label),
        Lang::En => row.map_or("", |r| r.en),
    }
}

/// The column 总计 of tables 三 and 四.
fn total(lang: Lang) -> &'static str {
    let col = &T3_COLUMNS[T3_COLUMNS.len() - 1];
    match lang {
        Lang::Zh => col.label,
        Lang::En => col.en,
    }
}

/// A group of table 四 (复议, 直接起诉, 复议后起诉).
fn t4_group(group: usize, lang: Lang) -> &'static str {
    let g = T4_GROUPS.get(group).copied().unwrap_or(("", "", ""));
    match lang {
        Lang::Zh => g.1,
        Lang::En => g.2,
    }
}

/// The figure of a table that a figure of the narrative restates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableFigure {
    /// The 总计 of the row `row` (its key) of table 三.
    T3Total { format: Format, row: &'static str },
    /// The applicant columns of the row `row` of table 三 added up, its 总计 being blank.
    T3Applicants { format: Format, row: &'static str },
    /// The 总计 of every row of the group `row` of table 三 added up.
    T3Group { format: Format, row: &'static str },
    /// The 总计 of two rows of table 三 added up.
    T3Totals {
        format: Format,
        rows: [&'static str; 2],
    },
    /// The 总计 of the groups of table 四 (their places in `T4_GROUPS`) added up.
    T4Totals { groups: Vec<usize> },
    /// The cell of the row `row` and the column `col` (its place) of table 二.
    T2Cell {
        format: Format,
        row: &'static str,
        col: usize,
    },
}

impl TableFigure {
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    fn zh(&self) -> String {
        let t3 = table_short(TableKind::T3, Lang::Zh);
        let tot = total(Lang::Zh);
        match self {
            TableFigure::T3Total { format, row } => {
                format!("{t3}“{}·{tot}”", t3_row(*format, row, Lang::Zh))
            }
            TableFigure::T3Applicants { format, row } => format!(
                "{t3}“{}”各申请人列之和（{tot}栏空白）",
                t3_row(*format, row, Lang::Zh)
            ),
            TableFigure::T3Group { format, row } => {
                format!("{t3}“{}”各项之和", t3_label(*format, row, Lang::Zh))
            }
            TableFigure::T3Totals { format, rows } => format!(
                "{t3}“{}”与“{}”的{tot}之和",
                t3_row(*format, rows[0], Lang::Zh),
                t3_row(*format, rows[1], Lang::Zh)
            ),
            TableFigure::T4Totals { groups } => {
                let t4 = table_short(TableKind::T4, Lang::Zh);
                let tot = T4_COLUMNS[4].label;
                let names: Vec<String> = groups
                    .iter()
                    .map(|&g| format!("“{}·{tot}”", t4_group(g, Lang::Zh)))
                    .collect();
                if names.len() > 1 {
                    format!("{t4}{}之和", names.join("与"))
                } else {
                    format!("{t4}{}", names.concat())
                }
            }
            TableFigure::T2Cell { format, row, col } => {
                let (row, col) = t2_cell(*format, row, *col, Lang::Zh);
                format!("{}“{row}·{col}”", table_short(TableKind::T2, Lang::Zh))
            }
        }
    }

    fn en(&self) -> String {
        let t3 = table_short(TableKind::T3, Lang::En);
        let tot = total(Lang::En);
        match self {
            TableFigure::T3Total { format, row } => {
                format!("the {tot} of {t3} “{}”", t3_row(*format, row, Lang::En))
            }
            TableFigure::T3Applicants { format, row } => format!(
                "the applicant columns of {t3} “{}” added up ({tot} left blank)",
                t3_row(*format, row, Lang::En)
            ),
            TableFigure::T3Group { format, row } => format!(
                "the rows of {t3} “{}” added up",
                t3_label(*format, row, Lang::En)
            ),
            TableFigure::T3Totals { format, rows } => format!(
                "the {tot}s of {t3} “{}” and “{}” added up",
                t3_row(*format, rows[0], Lang::En),
                t3_row(*format, rows[1], Lang::En)
            ),
            TableFigure::T4Totals { groups } => {
                let t4 = table_short(TableKind::T4, Lang::En);
                let names: Vec<String> = groups
                    .iter()
                    .map(|&g| format!("“{}”", t4_group(g, Lang::En)))
                    .collect();
                if names.len() > 1 {
                    format!("the {tot}s of {t4} {} added up", names.join(" and "))
                } else {
                    format!("the {tot} of {t4} {}", names.concat())
                }
            }
            TableFigure::T2Cell { format, row, col } => {
                let (row, col) = t2_cell(*format, row, *col, Lang::En);
                format!("{} “{row}” ({col})", table_short(TableKind::T2, Lang::En))
            }
        }
    }
}

/// A row and a column of table 二: their labels, or their glosses.
fn t2_cell(format: Format, key: &str, col: usize, lang: Lang) -> (&'static str, &'static str) {
    let Some((_, row)) = table_spec(TableKind::T2, format).row(key) else {
        return ("", "");
    };
    let c = row.columns().get(col);
    match lang {
        Lang::Zh => (row.short, c.map_or("", |c| c.label)),
        Lang::En => (row.en, c.map_or("", |c| c.en)),
    }
}

/// What a figure of the narrative counts, as its words say.
pub fn restated(r: Restates, lang: Lang) -> &'static str {
    let (zh, en) = match r {
        Restates::Review => ("行政复议", "administrative reconsiderations"),
        Restates::Litigation => ("行政诉讼", "lawsuits"),
        Restates::NormativeDocuments => ("制发行政规范性文件", "normative documents issued"),
        Restates::CarriedIn => ("上年结转的申请", "requests carried over from last year"),
        Restates::CarriedOut => (
            "结转下年度继续办理的申请",
            "requests carried over to next year",
        ),
        Restates::GrantedAndPartly => (
            "予以公开及部分公开",
            "requests disclosed or partly disclosed",
        ),
        Restates::PartlyGranted => ("部分公开", "requests partly disclosed"),
        Restates::Granted => ("予以公开", "requests disclosed"),
        Restates::Refused => ("不予公开", "requests not disclosed"),
        Restates::Unable => ("无法提供", "requests that could not be met"),
        Restates::NotHandled => ("不予处理", "requests not handled"),
        Restates::Other => ("其他处理", "requests otherwise handled"),
        Restates::Received {
            with_carried_in: true,
        } => (
            "收到的申请（含上年结转）",
            "requests received (with those carried over)",
        ),
        Restates::Received {
            with_carried_in: false,
        } => ("收到的政府信息公开申请", "requests received"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The figure of table 三 a share of the narrative is taken of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PercentBase {
    /// The new requests' 总计.
    New,
    /// The new requests' and the carried-over requests' 总计 added up.
    NewAndCarried,
    /// （七）总计.
    Total,
}

impl PercentBase {
    /// A stable key, for diagnostics' data.
    pub fn key(self) -> &'static str {
        match self {
            PercentBase::New => "new",
            PercentBase::NewAndCarried => "new+carried_in",
            PercentBase::Total => "total",
        }
    }

    pub fn render(self, lang: Lang) -> String {
        let row = |key| t3_row(Format::F2021, key, lang);
        match (self, lang) {
            (PercentBase::New, Lang::Zh) => "本年新收申请数".to_owned(),
            (PercentBase::NewAndCarried, Lang::Zh) => "本年新收与上年结转之和".to_owned(),
            (PercentBase::Total, Lang::Zh) => row("total").to_owned(),
            (PercentBase::New, Lang::En) => row("new").to_owned(),
            (PercentBase::NewAndCarried, Lang::En) => {
                format!("{} and {}", row("new"), row("carried_in"))
            }
            (PercentBase::Total, Lang::En) => row("total").to_owned(),
        }
    }
}

/// A topic of section 一 that the 2021 format asks a report to cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverviewTopic {
    Proactive,
    OnRequest,
    Management,
    Platforms,
    Oversight,
    /// 工作考核、社会评议和责任追究结果, which a government's own report covers (条例第五十条第四项).
    OversightResults,
}

impl OverviewTopic {
    pub fn render(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            OverviewTopic::Proactive => ("主动公开", "proactive disclosure"),
            OverviewTopic::OnRequest => ("依申请公开", "disclosure on request"),
            OverviewTopic::Management => ("政府信息管理", "information management"),
            OverviewTopic::Platforms => ("平台建设", "disclosure platforms"),
            OverviewTopic::Oversight => ("监督保障", "oversight and safeguards"),
            OverviewTopic::OversightResults => (
                "工作考核、社会评议和责任追究结果",
                "results of assessment, public evaluation and accountability",
            ),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Where a report states a year other than its title's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatedYear {
    /// The statistics period (统计期限).
    Period,
    /// The first section's opening (`XXXX年，`).
    Overview,
}

impl StatedYear {
    pub fn render(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (StatedYear::Period, Lang::Zh) => "统计期限中的年份",
            (StatedYear::Overview, Lang::Zh) => "第一部分所述年度",
            (StatedYear::Period, Lang::En) => "the year of the statistics period",
            (StatedYear::Overview, Lang::En) => "the year section 1 states",
        }
    }
}

/// A row of a table in `format`, by its key: its short label, or its English gloss.
pub fn row_name(table: TableKind, format: Format, key: &str, lang: Lang) -> &'static str {
    let row = table_spec(table, format).row(key).map(|(_, r)| r);
    match lang {
        Lang::Zh => row.map_or("", |r| r.short),
        Lang::En => row.map_or("", |r| r.en),
    }
}

/// The terms of a group total of table 四, in order: 结果维持、结果纠正、其他结果、尚未审结.
pub fn t4_terms(lang: Lang) -> Vec<&'static str> {
    T4_COLUMNS[..4]
        .iter()
        .map(|c| match lang {
            Lang::Zh => c.label,
            Lang::En => c.en,
        })
        .collect()
}

/// The 总计 column of tables 三 and 四 and the （七）总计 row of table 三.
pub fn totals(lang: Lang) -> (&'static str, &'static str) {
    (total(lang), t3_row(Format::F2021, "total", lang))
}

/// The name of a place of the report in either language: a cell or row of the format by its
/// catalog label and its gloss, or words quoted from the text, the same in both.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Name {
    pub zh: String,
    pub en: String,
}

impl Name {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Name {
        Name {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// In data (a fix's description) a name is its Chinese, the language of the format.
impl serde::Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.zh)
    }
}

/// Words quoted from the text are said alike in both languages.
impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name::new(s, s)
    }
}

impl From<String> for Name {
    fn from(s: String) -> Name {
        Name::new(s.clone(), s)
    }
}

/// The name of a cell of the format: its row and its column, "（七）总计·自然人" or
/// "“total of the outcomes”, natural persons"; in table 四, its group and its column.
pub fn cell_of(table: TableKind, row: &crate::catalog::RowSpec, col: usize) -> Name {
    let c = row.columns().get(col);
    let (col_zh, col_en) = c.map_or(("", ""), |c| (c.label, c.en));
    if table == TableKind::T4 {
        let (_, zh, en) = T4_GROUPS.get(col / 5).copied().unwrap_or(("", "", ""));
        return Name::new(format!("{zh}·{col_zh}"), format!("“{en}”, {col_en}"));
    }
    Name::new(
        format!("{}·{col_zh}", row.short),
        format!("“{}”, {col_en}", row.en),
    )
}

/// The name of a row of the format: its short label, or its gloss in quotes.
pub fn row_of(row: &crate::catalog::RowSpec) -> Name {
    Name::new(row.short, format!("“{}”", row.en))
}
