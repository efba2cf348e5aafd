//! Every message nianbao shows, in Chinese (the default) and English, rendered from structured data
//! so that a message names the row, the column, the expected and the actual value.

use serde::Serialize;

mod completion;
mod hover;
mod names;
#[cfg(test)]
mod tests;
mod ui;

pub use completion::{Offer, SnippetLayout};
pub use hover::{colon, Gloss, RelationWords, Wording};
pub use names::{
    cell_of, restated, row_name, row_of, section_name, table_short, Name, OverviewTopic,
    PercentBase, StatedYear, TableFigure,
};
use names::{t4_terms, totals};
pub use ui::{DocPlace, Tally, Ui, UnreadFormat, Unreadable};

use crate::catalog::{Format, SectionId, TableKind};
use crate::parse::narrative::Restates;

/// The language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, Serialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Reads a language tag such as `zh`, `zh-CN`, `en`, `en-US`; anything else is `None`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.trim().to_ascii_lowercase();
        if t.starts_with("zh") {
            Some(Lang::Zh)
        } else if t.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

/// Why a cell's content is not a valid number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadNumber {
    NotANumber,
    Negative,
    Fraction,
    TooLarge,
    /// A count or amount written with a sign (`+22`): the format's counts have none.
    Signed,
    /// Letters drawn like digits or Chinese numerals (`O`, `1O`, `十二`), probably `reading`.
    Misread {
        reading: i128,
        check: ReadingCheck,
    },
}

/// What a table's relations say of the probable reading of a misread value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadingCheck {
    /// The relations the cell takes part in all hold with the reading.
    Confirmed,
    /// No relation of the table involves the cell (or none can be checked).
    Unchecked,
    /// Some relations do not hold with the reading, but the table's smallest repairs leave the cell
    /// as read: the error is elsewhere.
    Fits,
    /// The relations do not hold with the reading, and no other value makes them all hold.
    Contradicted,
    /// The relations do not hold with the reading but all hold with this value.
    Computed(i128),
}

/// Which relation a sum belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SumKind {
    /// Table 三: 总计 is the sum of the six applicant columns.
    RowTotal,
    /// Table 三: （七）总计 is the sum of the outcome rows.
    OutcomeTotal,
    /// Table 三: 一 + 二 = （七）总计 + 四, per column.
    Balance,
    /// Table 四: each group's 总计 is upheld + corrected + other result + pending.
    ReviewTotal,
}

/// A message, with what it needs to be said in either language.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    MissingSection {
        heading: String,
    },
    SectionOrder {
        heading: String,
        anchor: String,
        after: bool,
    },
    DuplicateSection {
        heading: String,
    },
    HeadingOfficialVariant {
        written: String,
        canonical: String,
    },
    HeadingTypo {
        written: String,
        canonical: String,
    },
    HeadingNumeral {
        written: String,
        canonical: String,
    },
    /// A heading worded another way that keeps the section's key words.
    HeadingReworded {
        written: String,
        canonical: String,
    },
    /// The right numeral written another way (`第一部分`, `一.`, `（一）`).
    HeadingNumbering {
        written: String,
        canonical: String,
    },
    MissingTable {
        heading: String,
        table: TableKind,
        format: Option<Format>,
    },
    MissingRow {
        table: TableKind,
        format: Format,
        label: String,
        en: String,
    },
    /// All the rows of a table after `after` are missing: the table was cut off there. `labels` are
    /// the missing rows' short names, in order.
    TableCutOff {
        table: TableKind,
        format: Format,
        after: String,
        labels: Vec<String>,
    },
    /// Several rows missing from a table, said at once. `labels` are their short names, in order.
    MissingRows {
        table: TableKind,
        format: Format,
        labels: Vec<String>,
    },
    /// A row read by its place: the `count` values after the `own` values of the row `merged` (0
    /// for a group label) taken for the row `row`, whose label is missing.
    UnlabelledRow {
        row: String,
        merged: String,
        own: usize,
        count: usize,
    },
    /// A table whose rows mostly have the wrong number of values, or no label.
    TableUnreadable {
        table: TableKind,
        rows: usize,
        bad: usize,
    },
    UnknownRow {
        table: TableKind,
        format: Format,
        label: String,
    },
    DuplicateRow {
        label: String,
    },
    /// More diagnostics of one code than are listed one by one.
    MoreOfTheSame {
        code: &'static str,
        more: usize,
    },
    ValuesWithoutLabel {
        table: TableKind,
        count: usize,
    },
    LabelTypo {
        written: String,
        canonical: String,
    },
    FormatMismatch {
        table: TableKind,
        year: i32,
        expected: Format,
        found: Format,
    },
    FormatMixed {
        table: TableKind,
        found: Format,
        other_table: TableKind,
        other: Format,
    },
    ForeignRow {
        label: String,
        found: Format,
        expected: Format,
    },
    CellCount {
        row: Name,
        expected: usize,
        actual: usize,
    },
    GroupWithValues {
        row: String,
    },
    EmptyCell {
        cell: Name,
        written: Option<String>,
    },
    EmptyRow {
        row: Name,
    },
    EmptyTable {
        table: TableKind,
    },
    /// Many blank cells (or cells holding only a dash) in one table, counted as 0.
    BlankCells {
        table: TableKind,
        count: usize,
        dashes: usize,
        computed: usize,
    },
    /// A blank cell that a sum of the table computes (a blank 总计 whose terms are filled).
    EmptyComputed {
        cell: Name,
        written: Option<String>,
        expected: i128,
    },
    InvalidNumber {
        cell: Name,
        written: String,
        why: BadNumber,
    },
    Sum {
        kind: SumKind,
        cell: Name,
        expected: i128,
        actual: i128,
        detail: String,
    },
    /// A cell of the smallest repair of a table: the relations it breaks (and whether it is their
    /// total), the value that makes every relation hold, and the other cells of the repair. A cell
    /// of a table's smallest repair; `by_text` when the narrative's figures chose it among equally
    /// small ones.
    Repair {
        cell: Name,
        expected: i128,
        actual: i128,
        broken: Vec<(SumKind, bool)>,
        with: Vec<(Name, i128)>,
        by_text: bool,
    },
    /// A failing relation (`sum`, a [`Msg::Sum`]) whose table has several equally small repairs,
    /// each a list of cells with their new values.
    Alternatives {
        sum: Box<Msg>,
        repairs: Vec<Vec<(Name, i128)>>,
    },
    /// A figure of the narrative that restates a table figure and disagrees with it.
    NarrativeMismatch {
        what: Restates,
        written: String,
        table: TableFigure,
        expected: String,
    },
    /// The narrative says no request was received while table 三 counts some, or the reverse.
    NarrativeNoRequests {
        table: TableFigure,
        value: i128,
    },
    /// The narrative claims that every request was dealt with (`claim`, its words) while table 三
    /// carries some over to next year: `value` in the row `label`, its 总计 or, when that is blank,
    /// the sum of its applicant columns (`summed`).
    NarrativeAllDone {
        claim: String,
        table: TableFigure,
        value: i128,
    },
    /// A percentage of the narrative that no table figure gives.
    NarrativePercent {
        written: String,
        expected: String,
        base: PercentBase,
    },
    FeeStatementMissing,
    FeeStatementRequired {
        value: i128,
    },
    PartCount {
        stated: u32,
        found: usize,
    },
    YearMismatch {
        what: StatedYear,
        written: i32,
        title: i32,
    },
    MalformedDate {
        written: String,
    },
    CitationIssuer {
        written: String,
        correct: &'static str,
    },
    CitationOldFormat {
        written: String,
        year: i32,
    },
    ThinProblems {
        chars: usize,
    },
    ThinOverview {
        missing: Vec<OverviewTopic>,
    },
    ImplausibleRegulations {
        agency: String,
        value: i128,
    },
    CarryOver {
        cell: Name,
        expected: i128,
        actual: i128,
        file: String,
    },
    /// Table 二's documents in force (`cell`): last year's, plus this year's issued, less this
    /// year's repealed, is `expected`.
    RollForward {
        cell: Name,
        expected: i128,
        actual: i128,
        before: i128,
        issued: i128,
        repealed: i128,
        file: String,
    },
    CopiedText {
        section: SectionId,
        percent: u32,
        file: String,
    },
    /// A row whose values were run together (`written`), read as `split` (the values, ` | ` between
    /// them).
    RunTogether {
        row: Name,
        written: String,
        split: String,
        read: crate::model::RunRead,
    },
    /// A row whose values were run together and split no one way: `ways` splits fit its relations
    /// (`None`: too many to try).
    RunTogetherUnsplit {
        row: Name,
        written: String,
        expected: usize,
        actual: usize,
        ways: Option<usize>,
    },
}

/// How many names of a list a message shows before it says how many there are in all.
const LISTED: usize = 3;

/// A list of row names for a message: all of them when there are few, else the first few and how
/// many there are (`“A”、“B”、“C”等 14 行`).
fn listed_zh(labels: &[String]) -> String {
    let shown: Vec<String> = labels.iter().take(LISTED).map(|l| q(l)).collect();
    if labels.len() > LISTED {
        format!("{}等 {} 行", shown.join("、"), labels.len())
    } else {
        shown.join("、")
    }
}

fn listed_en(labels: &[String]) -> String {
    let shown: Vec<String> = labels.iter().take(LISTED).map(|l| q(l)).collect();
    if labels.len() > LISTED {
        format!("{} and {} more", shown.join(", "), labels.len() - LISTED)
    } else {
        shown.join(", ")
    }
}

/// Quotes a text, with corner brackets when it holds curly quotes itself.
fn q(s: &str) -> String {
    if s.contains(['“', '”']) {
        format!("「{s}」")
    } else {
        format!("“{s}”")
    }
}

impl Msg {
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    fn zh(&self) -> String {
        match self {
            Msg::MissingSection { heading } => format!("缺少第{}部分：应有标题{}", numeral_of(heading), q(heading)),
            Msg::SectionOrder { heading, anchor, after } => {
                format!("部分顺序有误：{}应在{}之{}", q(heading), q(anchor), if *after { "后" } else { "前" })
            }
            Msg::DuplicateSection { heading } => format!("{}重复出现", q(heading)),
            Msg::HeadingOfficialVariant { written, canonical } => {
                format!("标题{}使用了较长的表述，年度报告格式的标题为{}", q(written), q(canonical))
            }
            Msg::HeadingTypo { written, canonical } => format!("标题{}有误，应为{}", q(written), q(canonical)),
            Msg::HeadingNumeral { written, canonical } => format!("标题{}的序号有误，应为{}", q(written), q(canonical)),
            Msg::HeadingReworded { written, canonical } => {
                format!("标题{}的表述与年度报告格式不同，格式的标题为{}", q(written), q(canonical))
            }
            Msg::HeadingNumbering { written, canonical } => {
                format!("标题{}的序号写法与年度报告格式不同，格式的标题为{}", q(written), q(canonical))
            }
            Msg::MissingTable { heading, table, format } => match format {
                Some(f) => format!("{}部分缺少统计表（{}，应按{}年格式填写）", q(heading), table.name_zh(), f.name()),
                None => format!("{}部分缺少统计表（{}）", q(heading), table.name_zh()),
            },
            Msg::MissingRow { table, format, label, .. } => {
                format!("{}缺少行{}（{}年格式）", table.name_zh(), q(label), format.name())
            }
            Msg::TableCutOff { table, format, after, labels } => format!(
                "{}在{}之后缺少 {} 行：{}（{}年格式），表格可能在此处被截断，请核对原表",
                table.name_zh(),
                q(after),
                labels.len(),
                listed_zh(labels),
                format.name()
            ),
            Msg::MissingRows { table, format, labels } => {
                format!("{}缺少 {} 行：{}（{}年格式）", table.name_zh(), labels.len(), listed_zh(labels), format.name())
            }
            Msg::UnlabelledRow { row, merged, own: 0, count } => format!(
                "分组标题{}后面有 {} 个数值，按位置读作{}，但该行缺少行名称，请核对原表并补上行名称",
                q(merged),
                count,
                q(row)
            ),
            Msg::UnlabelledRow { row, merged, own, count } => format!(
                "{}一行有 {} 个数值，后 {} 个按位置读作{}，但该行缺少行名称，请核对原表并补上行名称",
                q(merged),
                own + count,
                count,
                q(row)
            ),
            Msg::TableUnreadable { table, rows, bad } => format!(
                "{}无法可靠读取：{} 行中有 {} 行数值个数不对或缺少行名称（可能是从 PDF 转换时表格错位），请核对原表；此表的合计与勾稽关系暂不检查",
                table.name_zh(),
                rows,
                bad
            ),
            Msg::UnknownRow { table, format, label } => {
                format!("{}不是{}中的行（{}年格式没有此行）", q(label), table.name_zh(), format.name())
            }
            Msg::DuplicateRow { label } => format!("行{}重复出现", q(label)),
            Msg::MoreOfTheSame { code, more } => format!("此后另有 {more} 处同类问题（{code}）未逐一列出"),
            Msg::ValuesWithoutLabel { table, count } => format!("{}中有 {} 个数值前面没有行名称", table.name_zh(), count),
            Msg::LabelTypo { written, canonical } => format!("行名称{}与年度报告格式不一致，应为{}", q(written), q(canonical)),
            Msg::FormatMismatch { table, year, expected, found } => format!(
                "本报告为{}年度报告，应使用{}年格式（{}），但{}使用的是{}年格式（{}）",
                year,
                expected.name(),
                expected.document(),
                table.name_zh(),
                found.name(),
                found.document()
            ),
            Msg::FormatMixed { table, found, other_table, other } => format!(
                "{}使用{}年格式，而{}使用{}年格式，两种格式混用",
                table.name_zh(),
                found.name(),
                other_table.name_zh(),
                other.name()
            ),
            Msg::ForeignRow { label, found, expected } => {
                format!("行{}属于{}年格式，{}年格式中没有此行", q(label), found.name(), expected.name())
            }
            Msg::CellCount { row: Name { zh: row, .. }, expected, actual } => {
                format!("{}应有 {} 个数值，实有 {} 个", row, expected, actual)
            }
            Msg::GroupWithValues { row } => format!("{}是分组标题，不填写数值", q(row)),
            Msg::EmptyCell { cell: Name { zh: cell, .. }, written } => match written {
                Some(w) => format!("{} 填写了{}，请填写数字（没有则填 0）", cell, q(w)),
                None => format!("{} 未填写，请填写数字（没有则填 0）", cell),
            },
            Msg::EmptyRow { row: Name { zh: row, .. } } => format!("{}一行未填写数值（没有则填 0）", q(row)),
            Msg::EmptyTable { table } => format!("{}未填写任何数值（没有则填 0）", table.name_zh()),
            Msg::BlankCells { table, count, dashes, computed } => {
                let what = if *dashes > 0 { "空白或只填了“/”“—”等符号" } else { "空白" };
                if *computed > 0 {
                    format!("{}有 {count} 个单元格{what}，其中 {computed} 个合计可按勾稽关系算出，其余按 0 计算", table_short(*table, Lang::Zh))
                } else {
                    format!("{}有 {count} 个单元格{what}，按 0 计算", table_short(*table, Lang::Zh))
                }
            }
            Msg::EmptyComputed { cell: Name { zh: cell, .. }, written, expected } => match written {
                Some(w) => format!("{cell} 填写了{}，按勾稽关系应为 {expected}", q(w)),
                None => format!("{cell} 未填写，按勾稽关系应为 {expected}"),
            },
            Msg::InvalidNumber { cell: Name { zh: cell, .. }, written, why } => match why {
                BadNumber::NotANumber => format!("{} 的{}不是数字，请用阿拉伯数字填写", cell, q(written)),
                BadNumber::Negative => format!("{} 不能为负数，实为 {}", cell, written),
                BadNumber::Fraction => format!("{} 是件数，应为整数，实为 {}", cell, written),
                BadNumber::TooLarge => format!("{} 的数值 {} 过大", cell, written),
                BadNumber::Signed => format!("{} 的数值不应带正负号，实为 {}", cell, written),
                BadNumber::Misread { reading, check } => match check {
                    ReadingCheck::Confirmed => format!("{cell} 的{}不是数字，应为 {reading}（按字形读作 {reading}，本表勾稽关系随之成立）", q(written)),
                    ReadingCheck::Unchecked => format!("{cell} 的{}不是数字，疑为 {reading}，请用阿拉伯数字填写", q(written)),
                    ReadingCheck::Fits => format!(
                        "{cell} 的{}不是数字，应为 {reading}（按字形读作 {reading}；本表另有错误，改正后勾稽关系成立）",
                        q(written)
                    ),
                    ReadingCheck::Contradicted => {
                        format!("{cell} 的{}不是数字，按字形疑为 {reading}，但与本表勾稽关系不符，请核对", q(written))
                    }
                    ReadingCheck::Computed(v) => format!("{cell} 的{}不是数字，按字形疑为 {reading}，按本表勾稽关系应为 {v}", q(written)),
                },
            },
            Msg::Sum { kind, cell: Name { zh: cell, .. }, expected, actual, detail } => {
                let why = match kind {
                    SumKind::RowTotal => "自然人、法人或其他组织各列之和".to_owned(),
                    SumKind::OutcomeTotal => "各办理结果之和".to_owned(),
                    SumKind::Balance => format!("本列勾稽关系：第一项加第二项之和等于第三项加第四项之和，{detail}"),
                    SumKind::ReviewTotal => format!("{}之和", t4_terms(Lang::Zh).join("、")),
                };
                format!("{cell} 应为 {expected}（{why}），实为 {actual}")
            }
            Msg::Repair { cell: Name { zh: cell, .. }, expected, actual, broken, with, by_text } => {
                let (col_total, row_total) = totals(Lang::Zh);
                let why: Vec<String> = broken
                    .iter()
                    .map(|&(kind, total)| match (kind, total) {
                        (SumKind::RowTotal, true) => "自然人、法人或其他组织各列之和".to_owned(),
                        (SumKind::RowTotal, false) => format!("使本行{col_total}成立"),
                        (SumKind::OutcomeTotal, true) => "各办理结果之和".to_owned(),
                        (SumKind::OutcomeTotal, false) => format!("使本列{row_total}成立"),
                        (SumKind::Balance, _) => "使本列第一项加第二项之和等于第三项加第四项之和".to_owned(),
                        (SumKind::ReviewTotal, true) => format!("{}之和", t4_terms(Lang::Zh).join("、")),
                        (SumKind::ReviewTotal, false) => format!("使本组{col_total}成立"),
                    })
                    .collect();
                let then = if with.is_empty() {
                    format!("改为 {expected} 后本表勾稽关系全部成立")
                } else {
                    let others: Vec<String> = with.iter().map(|(c, v)| format!("{}（改为 {v}）", c.zh)).collect();
                    format!("与{}一并改正后本表勾稽关系全部成立", others.join("、"))
                };
                let text = if *by_text { "，与正文所述件数相符" } else { "" };
                format!("{cell} 应为 {expected}（{}），实为 {actual}；{then}{text}", why.join("；"))
            }
            Msg::Alternatives { sum, repairs } => {
                let ways: Vec<String> = repairs
                    .iter()
                    .map(|r| r.iter().map(|(c, v)| format!("{} 改为 {v}", c.zh)).collect::<Vec<_>>().join(" 且 "))
                    .collect();
                format!("{}；以下 {} 种改法同样小，均可使本表勾稽关系全部成立：{}", sum.zh(), ways.len(), ways.join("，或 "))
            }
            Msg::NarrativeMismatch { what, written, table, expected } => {
                format!("正文称{} {written} 件，与{}（{expected}）不一致", restated(*what, Lang::Zh), table.render(Lang::Zh))
            }
            Msg::NarrativeNoRequests { table, value } => {
                let table = table.render(Lang::Zh);
                if *value > 0 {
                    format!("正文称未收到政府信息公开申请，但{table}为 {value}")
                } else {
                    format!("正文称收到了政府信息公开申请，但{table}为 0")
                }
            }
            Msg::NarrativeAllDone { claim, table, value } => {
                format!("正文称申请已全部办结（{}），但{}为 {value} 件", q(claim), table.render(Lang::Zh))
            }
            Msg::NarrativePercent { written, expected, base } => {
                format!("正文所列比例 {written}% 与表中数值不符：按{}计算应为 {expected}%", base.render(Lang::Zh))
            }
            Msg::FeeStatementMissing => format!(
                "第六部分未说明是否收取信息处理费（2021年格式要求报告信息处理费的收取情况；注意与表二“{}”不同）",
                row_name(TableKind::T2, Format::F2021, "fees", Lang::Zh)
            ),
            Msg::FeeStatementRequired { value } => format!(
                "第六部分未说明信息处理费的收取情况，而表三“{}”为 {value}，说明已发出收费通知",
                row_name(TableKind::T3, Format::F2021, "other.unpaid_fee", Lang::Zh)
            ),
            Msg::PartCount { stated, found } => format!("报告称共 {stated} 个部分，实有 {found} 个部分"),
            Msg::YearMismatch { what, written, title } => format!("{}为 {written} 年，与报告标题的年度 {title} 年不一致", what.render(Lang::Zh)),
            Msg::MalformedDate { written } => format!("日期“{written}”格式有误（缺少“年”字或月份有误）"),
            Msg::CitationIssuer { written, correct } => format!("文号“{written}”有误，年度报告格式的文号为“{correct}”"),
            Msg::CitationOldFormat { written, year } => format!(
                "{year}年度报告引用了2019年格式的文号“{written}”，2021年起应依据{}",
                Format::F2021.document()
            ),
            Msg::ThinProblems { chars } => format!(
                "{}内容过于简略（仅 {chars} 字），应写明存在的主要问题和改进措施",
                section_name(SectionId(5), Lang::Zh)
            ),
            Msg::ThinOverview { missing } => format!(
                "{}未涉及：{}",
                section_name(SectionId(1), Lang::Zh),
                missing.iter().map(|t| t.render(Lang::Zh)).collect::<Vec<_>>().join("、")
            ),
            Msg::ImplausibleRegulations { agency, value } => format!(
                "{agency}为乡镇、街道或县级单位，一般无权制定规章，表二“{}”为 {value}，请核实",
                row_name(TableKind::T2, Format::F2021, "regulations", Lang::Zh)
            ),
            Msg::CarryOver { cell: Name { zh: cell, .. }, expected, actual, file } => format!(
                "{cell} 应为 {expected}（上年报告“{file}”的“{}”为 {expected}），实为 {actual}",
                row_name(TableKind::T3, Format::F2021, "carried_out", Lang::Zh)
            ),
            Msg::RollForward { cell: Name { zh: cell, .. }, expected, actual, before, issued, repealed, file } => format!(
                "{cell} 按上年报告“{file}”推算应为 {expected}（上年 {before} + 本年制发 {issued} − 本年废止 {repealed}），实为 {actual}；如本年清理过文件可忽略"
            ),
            Msg::CopiedText { section, percent, file } => format!(
                "{}与上年报告“{file}”的相应部分重复 {percent}%（按相同的连续 8 字计），内容雷同",
                section.spec().heading()
            ),
            Msg::RunTogether { row: Name { zh: row, .. }, written, split, read } => run_together_zh(row, written, split, *read),
            Msg::RunTogetherUnsplit { row: Name { zh: row, .. }, written, expected, actual, ways } => {
                let why = match ways {
                    Some(0) => "没有一种拆法能使本表勾稽关系成立".to_owned(),
                    Some(w) => format!("有 {w} 种拆法都能使本表勾稽关系成立"),
                    None => "可能的拆法太多".to_owned(),
                };
                format!("{row}应有 {expected} 个数值，实有 {actual} 个：数值连写在一起（{}），无法唯一拆分（{why}），请用分隔符分开各列", q(written))
            }
        }
    }

    fn en(&self) -> String {
        match self {
            Msg::MissingSection { heading } => format!("missing section: the report needs the heading {}", q(heading)),
            Msg::SectionOrder { heading, anchor, after } => format!(
                "sections out of order: {} must come {} {}",
                q(heading),
                if *after { "after" } else { "before" },
                q(anchor)
            ),
            Msg::DuplicateSection { heading } => format!("section {} appears more than once", q(heading)),
            Msg::HeadingOfficialVariant { written, canonical } => {
                format!("heading {} uses a longer wording; the format's heading is {}", q(written), q(canonical))
            }
            Msg::HeadingTypo { written, canonical } => format!("heading {} is misspelt; it should be {}", q(written), q(canonical)),
            Msg::HeadingNumeral { written, canonical } => format!("heading {} has the wrong number; it should be {}", q(written), q(canonical)),
            Msg::HeadingReworded { written, canonical } => {
                format!("heading {} is worded differently from the format's heading {}", q(written), q(canonical))
            }
            Msg::HeadingNumbering { written, canonical } => {
                format!("heading {} numbers the section another way; the format's heading is {}", q(written), q(canonical))
            }
            Msg::MissingTable { heading, table, format } => match format {
                Some(f) => format!("section {} lacks its table ({}, in the {} format)", q(heading), table.name_en(), f.name()),
                None => format!("section {} lacks its table ({})", q(heading), table.name_en()),
            },
            Msg::MissingRow { table, format, label, en } => {
                format!("{} lacks the row {} ({}; {} format)", table.name_en(), q(label), en, format.name())
            }
            Msg::TableCutOff { table, format, after, labels } => format!(
                "{} lacks the {} rows after {}: {} ({} format); the table may have been cut off there, check it against the original",
                table.name_en(),
                labels.len(),
                q(after),
                listed_en(labels),
                format.name()
            ),
            Msg::MissingRows { table, format, labels } => {
                format!("{} lacks {} rows: {} ({} format)", table.name_en(), labels.len(), listed_en(labels), format.name())
            }
            Msg::UnlabelledRow { row, merged, own: 0, count } => format!(
                "the group label {} is followed by {} values, read by their place as the row {}, whose label is missing: check the original and add the label",
                q(merged),
                count,
                q(row)
            ),
            Msg::UnlabelledRow { row, merged, own, count } => format!(
                "{} has {} values; the last {} are read by their place as the row {}, whose label is missing: check the original and add the label",
                q(merged),
                own + count,
                count,
                q(row)
            ),
            Msg::TableUnreadable { table, rows, bad } => format!(
                "{} cannot be read reliably: {} of its {} rows have the wrong number of values or no label (perhaps the table was misaligned when converted from a PDF); check it against the original. Its totals are not checked for now",
                table.name_en(),
                bad,
                rows
            ),
            Msg::UnknownRow { table, format, label } => {
                format!("{} is not a row of {} (the {} format has no such row)", q(label), table.name_en(), format.name())
            }
            Msg::DuplicateRow { label } => format!("row {} appears more than once", q(label)),
            Msg::MoreOfTheSame { code, more } => format!("{more} more problems of the same kind ({code}) follow and are not listed one by one"),
            Msg::ValuesWithoutLabel { table, count } => format!("{count} value(s) in {} have no row label", table.name_en()),
            Msg::LabelTypo { written, canonical } => format!("row label {} differs from the format; it should be {}", q(written), q(canonical)),
            Msg::FormatMismatch { table, year, expected, found } => format!(
                "a report for {} must use the {} format ({}), but {} uses the {} format ({})",
                year,
                expected.name(),
                expected.document(),
                table.name_en(),
                found.name(),
                found.document()
            ),
            Msg::FormatMixed { table, found, other_table, other } => format!(
                "{} uses the {} format while {} uses the {} format: the two formats are mixed",
                table.name_en(),
                found.name(),
                other_table.name_en(),
                other.name()
            ),
            Msg::ForeignRow { label, found, expected } => {
                format!("row {} belongs to the {} format; the {} format has no such row", q(label), found.name(), expected.name())
            }
            Msg::CellCount { row: Name { en: row, .. }, expected, actual } => format!("{row} should have {expected} values but has {actual}"),
            Msg::GroupWithValues { row } => format!("{} is a group label and takes no values", q(row)),
            Msg::EmptyCell { cell: Name { en: cell, .. }, written } => match written {
                Some(w) => format!("{cell} holds {} instead of a number (write 0 for none)", q(w)),
                None => format!("{cell} is empty (write 0 for none)"),
            },
            Msg::EmptyRow { row: Name { en: row, .. } } => format!("row {row} has no values (write 0 for none)"),
            Msg::EmptyTable { table } => format!("{} has no values at all (write 0 for none)", table.name_en()),
            Msg::BlankCells { table, count, dashes, computed } => {
                let what = if *dashes > 0 { "cells blank or holding only a dash" } else { "blank cells" };
                if *computed > 0 {
                    format!("{} has {count} {what}: {computed} totals follow from the table's sums, the others count as 0", table_short(*table, Lang::En))
                } else {
                    format!("{} has {count} {what}, counted as 0", table_short(*table, Lang::En))
                }
            }
            Msg::EmptyComputed { cell: Name { en: cell, .. }, written, expected } => match written {
                Some(w) => format!("{cell} holds {} instead of a number; by the table's sums it is {expected}", q(w)),
                None => format!("{cell} is empty; by the table's sums it is {expected}"),
            },
            Msg::InvalidNumber { cell: Name { en: cell, .. }, written, why } => match why {
                BadNumber::NotANumber => format!("{cell}: {} is not a number; use Arabic digits", q(written)),
                BadNumber::Negative => format!("{cell} cannot be negative, but is {written}"),
                BadNumber::Fraction => format!("{cell} is a count and must be a whole number, but is {written}"),
                BadNumber::TooLarge => format!("{cell}: the number {written} is too large"),
                BadNumber::Signed => format!("{cell} is written without a sign, but is {written}"),
                BadNumber::Misread { reading, check } => match check {
                    ReadingCheck::Confirmed => {
                        format!("{cell}: {} is not a number; it should be {reading} (read as {reading}, every relation of the table holds)", q(written))
                    }
                    ReadingCheck::Unchecked => format!("{cell}: {} is not a number; probably {reading}. Use Arabic digits", q(written)),
                    ReadingCheck::Fits => format!(
                        "{cell}: {} is not a number; it should be {reading} (read as {reading}; the relations hold once the table's other error is corrected)",
                        q(written)
                    ),
                    ReadingCheck::Contradicted => {
                        format!("{cell}: {} is not a number; it looks like {reading}, which does not fit the table's relations. Please check", q(written))
                    }
                    ReadingCheck::Computed(v) => {
                        format!("{cell}: {} is not a number; it looks like {reading}, but the table's relations give {v}", q(written))
                    }
                },
            },
            Msg::Sum { kind, cell: Name { en: cell, .. }, expected, actual, detail } => {
                let why = match kind {
                    SumKind::RowTotal => "the sum of the applicant columns".to_owned(),
                    SumKind::OutcomeTotal => "the sum of the outcome rows".to_owned(),
                    SumKind::Balance => format!("per column, item 1 plus item 2 equals item 3 plus item 4: {detail}"),
                    SumKind::ReviewTotal => t4_terms(Lang::En).join(" + "),
                };
                format!("{cell} should be {expected} ({why}), but is {actual}")
            }
            Msg::Repair { cell: Name { en: cell, .. }, expected, actual, broken, with, by_text } => {
                let (col_total, row_total) = totals(Lang::En);
                let why: Vec<String> = broken
                    .iter()
                    .map(|&(kind, total)| match (kind, total) {
                        (SumKind::RowTotal, true) => "the sum of the applicant columns".to_owned(),
                        (SumKind::RowTotal, false) => format!("so that the row's {col_total} holds"),
                        (SumKind::OutcomeTotal, true) => "the sum of the outcome rows".to_owned(),
                        (SumKind::OutcomeTotal, false) => format!("so that the column's {row_total} holds"),
                        (SumKind::Balance, _) => "so that item 1 plus item 2 equals item 3 plus item 4 in the column".to_owned(),
                        (SumKind::ReviewTotal, true) => t4_terms(Lang::En).join(" + "),
                        (SumKind::ReviewTotal, false) => format!("so that the group's {col_total} holds"),
                    })
                    .collect();
                let then = if with.is_empty() {
                    format!("with {expected}, every relation of the table holds")
                } else {
                    let others: Vec<String> = with.iter().map(|(c, v)| format!("{} (to {v})", c.en)).collect();
                    format!("corrected together with {}, every relation of the table holds", others.join(", "))
                };
                let text = if *by_text { ", as the figures the text states agree" } else { "" };
                format!("{cell} should be {expected} ({}), but is {actual}; {then}{text}", why.join("; "))
            }
            Msg::Alternatives { sum, repairs } => {
                let ways: Vec<String> = repairs
                    .iter()
                    .map(|r| r.iter().map(|(c, v)| format!("{} to {v}", c.en)).collect::<Vec<_>>().join(" and "))
                    .collect();
                format!(
                    "{}; {} equally small repairs each make every relation of the table hold: {}",
                    sum.en(),
                    ways.len(),
                    ways.join(", or ")
                )
            }
            Msg::NarrativeMismatch { what, written, table, expected } => {
                format!("the text gives {} as {written}, but {} is {expected}", restated(*what, Lang::En), table.render(Lang::En))
            }
            Msg::NarrativeNoRequests { table, value } => {
                let table = table.render(Lang::En);
                if *value > 0 {
                    format!("the text says no request was received, but {table} is {value}")
                } else {
                    format!("the text says requests were received, but {table} is 0")
                }
            }
            Msg::NarrativeAllDone { claim, table, value } => {
                format!("the text says every request was dealt with ({}), but {} is {value}", q(claim), table.render(Lang::En))
            }
            Msg::NarrativePercent { written, expected, base } => {
                format!("the percentage {written}% matches no table figure: against {} it is {expected}%", base.render(Lang::En))
            }
            Msg::FeeStatementMissing => format!(
                "section 6 does not say whether information processing fees were charged, which the 2021 format requires (not to be confused with “{}” in table 2)",
                row_name(TableKind::T2, Format::F2021, "fees", Lang::En)
            ),
            Msg::FeeStatementRequired { value } => format!(
                "section 6 does not state the information processing fees, yet table 3 counts {value} request(s) dropped for unpaid fees"
            ),
            Msg::PartCount { stated, found } => format!("the report says it has {stated} parts, but it has {found}"),
            Msg::YearMismatch { what, written, title } => format!("{} is {written}, but the title's year is {title}", what.render(Lang::En)),
            Msg::MalformedDate { written } => format!("the date “{written}” is malformed (the year's mark missing, or a wrong month)"),
            Msg::CitationIssuer { written, correct } => format!("the document number “{written}” is wrong; the format is “{correct}”"),
            Msg::CitationOldFormat { written, year } => format!(
                "a report for {year} cites the 2019 format “{written}”; from 2021 the format is {}",
                Format::F2021.document()
            ),
            Msg::ThinProblems { chars } => format!(
                "{} is too thin ({chars} characters); it should state the problems and what was done",
                section_name(SectionId(5), Lang::En)
            ),
            Msg::ThinOverview { missing } => format!(
                "{} does not cover: {}",
                section_name(SectionId(1), Lang::En),
                missing.iter().map(|t| t.render(Lang::En)).collect::<Vec<_>>().join(", ")
            ),
            Msg::ImplausibleRegulations { agency, value } => format!(
                "{agency} is a township, street or county-level body, which cannot normally make rules, yet table 2 gives {value}: please check"
            ),
            Msg::CarryOver { cell: Name { en: cell, .. }, expected, actual, file } => format!(
                "{cell} should be {expected} (carried over to this year in last year's report “{file}”), but is {actual}"
            ),
            Msg::RollForward { cell: Name { en: cell, .. }, expected, actual, before, issued, repealed, file } => format!(
                "{cell} would be {expected} from last year's report “{file}” (last year {before} + issued {issued} − repealed {repealed}), but is {actual}; ignore this after a clean-up of documents"
            ),
            Msg::CopiedText { section, percent, file } => format!(
                "{} repeats {percent}% of last year's report “{file}” (share of shared 8-character runs)",
                section_name(*section, Lang::En)
            ),
            Msg::RunTogether { row: Name { en: row, .. }, written, split, read } => run_together_en(row, written, split, *read),
            Msg::RunTogetherUnsplit { row: Name { en: row, .. }, written, expected, actual, ways } => {
                let why = match ways {
                    Some(0) => "no split makes the table's relations hold".to_owned(),
                    Some(w) => format!("{w} splits make the table's relations hold"),
                    None => "there are too many ways to split them".to_owned(),
                };
                format!("{row} should have {expected} values but has {actual}: the values are run together ({}) and cannot be split one way ({why}); separate the columns", q(written))
            }
        }
    }
}

impl Msg {
    /// The note on one blank cell among the related places of [`Msg::BlankCells`], in Chinese and
    /// in English: the cell's name, and what it holds when it holds a dash.
    pub fn blank_cell_note(
        cell: &Name,
        dash: Option<&str>,
        computed: Option<i128>,
    ) -> (String, String) {
        let (zh, en) = match dash {
            Some(w) => (
                format!("{}（填写了{}）", cell.zh, q(w)),
                format!("{} (holds {})", cell.en, q(w)),
            ),
            None => (cell.zh.clone(), cell.en.clone()),
        };
        match computed {
            Some(v) => (format!("{zh}，应为 {v}"), format!("{en}, should be {v}")),
            None => (zh, en),
        }
    }
}

impl Msg {
    /// The note naming a row of a table's blank cells none of whose cells was seen.
    pub fn blank_row_note(row: &Name) -> (String, String) {
        (
            format!("{}（整行未填写）", q(&row.zh)),
            format!("{} (the whole row)", row.en),
        )
    }

    /// The note on the table figure a narrative figure or claim contradicts, in Chinese and in
    /// English: the figure's name and its value.
    pub fn figure_note(table: &TableFigure, value: i128) -> (String, String) {
        (
            format!("{}：{value}", table.render(Lang::Zh)),
            format!("{}: {value}", table.render(Lang::En)),
        )
    }
}

fn numeral_of(heading: &str) -> &str {
    heading.split('、').next().unwrap_or("")
}

/// What a fix does, for its title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum FixKind {
    /// Replace a wrong value with the computed one.
    ReplaceValue { value: String },
    /// Replace a label or heading with the canonical wording.
    ReplaceLabel { canonical: String },
    /// Insert a missing heading.
    InsertHeading { heading: String },
    /// Write 0 into an empty cell.
    FillZero,
    /// Fill a table's blank cells: the totals its sums compute with those values, the others with
    /// 0.
    FillBlanks,
    /// Insert a missing piece of text, such as a heading's numeral.
    InsertText { text: String },
    /// Change a table cell to the figure the text states.
    ReplaceCell { value: String },
    /// Write the digits a misread value stands for; `certain` when nothing else could be meant
    /// (only letters drawn like 0 and 1, or confirmed by the relations).
    ReadAs { value: String, certain: bool },
    /// Apply the smallest repair of a table: this cell to `value`, and `others` more cells.
    Repair { value: String, others: usize },
    /// Apply one of several equally small repairs of a table: each cell (named) to its value.
    Alternative { changes: Vec<(Name, String)> },
}

/// A code action that is not the fix of one diagnostic, for its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    /// Apply the smallest repair of every table, at once.
    FixAllTotals,
    /// Rewrite a table in another format.
    Convert { table: TableKind, format: Format },
}

impl ActionKind {
    pub fn title(self, lang: Lang) -> String {
        match (self, lang) {
            (ActionKind::FixAllTotals, Lang::Zh) => "修正全部合计".to_owned(),
            (ActionKind::FixAllTotals, Lang::En) => "Fix all totals".to_owned(),
            (ActionKind::Convert { table, format }, _) => match lang {
                Lang::Zh => format!(
                    "将{}转换为{}年格式",
                    table_short(table, lang),
                    format.name()
                ),
                Lang::En => format!(
                    "Convert {} to the {} format",
                    table_short(table, lang),
                    format.name()
                ),
            },
        }
    }
}

impl FixKind {
    pub fn title(&self, lang: Lang) -> String {
        match (self, lang) {
            (FixKind::ReplaceValue { value }, Lang::Zh) => format!("改为计算值 {value}"),
            (FixKind::ReplaceValue { value }, Lang::En) => {
                format!("Replace with the computed value {value}")
            }
            (FixKind::ReplaceLabel { canonical }, Lang::Zh) => format!("改为“{canonical}”"),
            (FixKind::ReplaceLabel { canonical }, Lang::En) => {
                format!("Replace with “{canonical}”")
            }
            (FixKind::InsertHeading { heading }, Lang::Zh) => format!("插入标题“{heading}”"),
            (FixKind::InsertHeading { heading }, Lang::En) => {
                format!("Insert the heading “{heading}”")
            }
            (FixKind::FillZero, Lang::Zh) => "填写 0".to_owned(),
            (FixKind::FillZero, Lang::En) => "Fill in 0".to_owned(),
            (FixKind::FillBlanks, Lang::Zh) => {
                "填写空白单元格（合计填计算值，其余填 0）".to_owned()
            }
            (FixKind::FillBlanks, Lang::En) => {
                "Fill in the blank cells (totals with their computed values, the others with 0)"
                    .to_owned()
            }
            (FixKind::InsertText { text }, Lang::Zh) => format!("插入“{text}”"),
            (FixKind::InsertText { text }, Lang::En) => format!("Insert “{text}”"),
            (FixKind::ReadAs { value, .. }, Lang::Zh) => format!("改为 {value}"),
            (FixKind::ReadAs { value, .. }, Lang::En) => format!("Replace with {value}"),
            (FixKind::ReplaceCell { value }, Lang::Zh) => {
                format!("将表中数值改为正文所述的 {value}")
            }
            (FixKind::ReplaceCell { value }, Lang::En) => {
                format!("Change the table cell to the text's {value}")
            }
            (FixKind::Alternative { changes }, Lang::Zh) => {
                format!(
                    "将{}",
                    changes
                        .iter()
                        .map(|(c, v)| format!("{} 改为 {v}", c.zh))
                        .collect::<Vec<_>>()
                        .join("，")
                )
            }
            (FixKind::Alternative { changes }, Lang::En) => {
                format!(
                    "Change {}",
                    changes
                        .iter()
                        .map(|(c, v)| format!("{} to {v}", c.en))
                        .collect::<Vec<_>>()
                        .join(" and ")
                )
            }
            (FixKind::Repair { value, others: 0 }, Lang::Zh) => {
                format!("改为 {value}（本表勾稽关系随之全部成立）")
            }
            (FixKind::Repair { value, others: 0 }, Lang::En) => {
                format!("Change to {value} (every relation of the table then holds)")
            }
            (FixKind::Repair { value, others }, Lang::Zh) => {
                format!("改为 {value}，并改正另外 {others} 个单元格（本表勾稽关系随之全部成立）")
            }
            (FixKind::Repair { value, others }, Lang::En) => {
                format!("Change to {value} and correct {others} more cell(s) (every relation of the table then holds)")
            }
        }
    }
}

/// [`Msg::RunTogether`] in Chinese: the split, and what chose it.
fn run_together_zh(row: &str, written: &str, split: &str, read: crate::model::RunRead) -> String {
    use crate::model::RunRead;
    let how = match read {
        RunRead::Only => "只有一种拆法，已拆分为".to_owned(),
        RunRead::ByRow => "已按本表勾稽关系拆分为".to_owned(),
        _ => "已按本表勾稽关系拆分为".to_owned(),
    };
    let note = match read {
        RunRead::Only => "；各数值照常核对勾稽关系",
        RunRead::ByRow => "（唯一使本行总计等于各列之和的拆法，因此本行总计无从核对）",
        _ => "（唯一使本表各项勾稽关系成立的拆法）",
    };
    format!(
        "{row} 的数值连写在一起（{}），{how} {split}{note}",
        q(written)
    )
}

/// [`Msg::RunTogether`] in English.
fn run_together_en(row: &str, written: &str, split: &str, read: crate::model::RunRead) -> String {
    use crate::model::RunRead;
    let how = match read {
        RunRead::Only => "read as the only possible split, {split}; its values are checked as usual",
        RunRead::ByRow => "read as {split}, the only split for which the row's total is the sum of its columns (so the total itself cannot be checked)",
        _ => "read as {split}, the only split for which the table's relations hold",
    };
    format!(
        "{row}: the values are run together ({}); {}",
        q(written),
        how.replace("{split}", split)
    )
}
