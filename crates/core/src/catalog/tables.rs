//! The three tables of a report (二 主动公开, 三 依申请, 四 复议诉讼) in both formats: every row label,
//! column, value kind and legal basis, in format order.

use serde::Serialize;

use super::Format;

/// Which table of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum TableKind {
    /// Section 二: 主动公开政府信息情况.
    T2,
    /// Section 三: 收到和处理政府信息公开申请情况.
    T3,
    /// Section 四: 政府信息公开行政复议、行政诉讼情况.
    T4,
}

impl TableKind {
    pub const ALL: [TableKind; 3] = [TableKind::T2, TableKind::T3, TableKind::T4];

    /// The key in diagnostics' data: "T2", "T3", "T4".
    pub fn key(self) -> &'static str {
        match self {
            TableKind::T2 => "T2",
            TableKind::T3 => "T3",
            TableKind::T4 => "T4",
        }
    }

    /// The Chinese name used in messages, e.g. "表二（主动公开）".
    pub fn name_zh(self) -> &'static str {
        match self {
            TableKind::T2 => "第二部分表格（主动公开政府信息情况）",
            TableKind::T3 => "第三部分表格（收到和处理政府信息公开申请情况）",
            TableKind::T4 => "第四部分表格（行政复议、行政诉讼情况）",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            TableKind::T2 => "the table of section 2 (proactive disclosure)",
            TableKind::T3 => "the table of section 3 (requests)",
            TableKind::T4 => "the table of section 4 (reconsideration and litigation)",
        }
    }

    /// The section the table belongs to (2, 3 or 4).
    pub fn section(self) -> u8 {
        match self {
            TableKind::T2 => 2,
            TableKind::T3 => 3,
            TableKind::T4 => 4,
        }
    }
}

/// What a cell may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ValueKind {
    /// A whole number ≥ 0 (件).
    Count,
    /// A whole number that may be negative (2019 format 本年增/减).
    SignedCount,
    /// An amount ≥ 0 that may carry decimals and a unit such as 元 or 万元.
    Amount,
}

/// One column of a table row.
#[derive(Debug, Serialize)]
pub struct ColSpec {
    /// A stable key, used in diagnostic data.
    pub key: &'static str,
    /// The official header text.
    pub label: &'static str,
    /// An English gloss for messages in English.
    pub en: &'static str,
    pub kind: ValueKind,
}

/// What kind of line a row of the format is.
#[derive(Debug)]
pub enum RowKind {
    /// A row that carries one value per column.
    Data(&'static [ColSpec]),
    /// A label that groups the rows under it and carries no numbers (三、本年度办理结果, （三）不予公开).
    Group,
    /// A block title of table 二 (第二十条第（一）项) with the columns of its block.
    Block(&'static [ColSpec]),
}

/// One row of a table in one format.
#[derive(Debug)]
pub struct RowSpec {
    /// A stable key, used in diagnostic data, e.g. "refused.state_secret".
    pub key: &'static str,
    /// The official label, full-width punctuation, e.g. "1.属于国家秘密". Empty for table 四's row.
    pub label: &'static str,
    /// A short name for messages that says where the row is, e.g. "（三）1.属于国家秘密".
    pub short: &'static str,
    /// An English gloss.
    pub en: &'static str,
    pub kind: RowKind,
    /// Whether the row is one of the outcomes that （七）总计 adds up.
    pub outcome: bool,
    /// The article of 条例 the row rests on, for hover (a reference, never a quotation).
    pub basis: &'static str,
}

impl RowSpec {
    pub fn columns(&self) -> &'static [ColSpec] {
        match self.kind {
            RowKind::Data(cols) => cols,
            RowKind::Group | RowKind::Block(_) => &[],
        }
    }

    pub fn is_data(&self) -> bool {
        matches!(self.kind, RowKind::Data(_))
    }
}

/// One table in one format.
#[derive(Debug)]
pub struct TableSpec {
    pub kind: TableKind,
    pub format: Format,
    pub rows: &'static [RowSpec],
}

impl TableSpec {
    pub fn row(&self, key: &str) -> Option<(usize, &'static RowSpec)> {
        self.rows.iter().enumerate().find(|(_, r)| r.key == key)
    }

    pub fn data_rows(&self) -> impl Iterator<Item = (usize, &'static RowSpec)> {
        self.rows.iter().enumerate().filter(|(_, r)| r.is_data())
    }

    /// The number of value cells of the whole table.
    pub fn cell_count(&self) -> usize {
        self.rows.iter().map(|r| r.columns().len()).sum()
    }
}

pub fn table_spec(kind: TableKind, format: Format) -> &'static TableSpec {
    match (kind, format) {
        (TableKind::T2, Format::F2019) => &T2_2019,
        (TableKind::T2, Format::F2021) => &T2_2021,
        (TableKind::T3, Format::F2019) => &T3_2019,
        (TableKind::T3, Format::F2021) => &T3_2021,
        (TableKind::T4, Format::F2019) => &T4_2019,
        (TableKind::T4, Format::F2021) => &T4_2021,
    }
}

const fn col(key: &'static str, label: &'static str, en: &'static str, kind: ValueKind) -> ColSpec {
    ColSpec {
        key,
        label,
        en,
        kind,
    }
}

const fn data(
    key: &'static str,
    label: &'static str,
    short: &'static str,
    en: &'static str,
    cols: &'static [ColSpec],
    basis: &'static str,
) -> RowSpec {
    RowSpec {
        key,
        label,
        short,
        en,
        kind: RowKind::Data(cols),
        outcome: false,
        basis,
    }
}

const fn outcome(
    key: &'static str,
    label: &'static str,
    short: &'static str,
    en: &'static str,
    basis: &'static str,
) -> RowSpec {
    RowSpec {
        key,
        label,
        short,
        en,
        kind: RowKind::Data(&T3_COLUMNS),
        outcome: true,
        basis,
    }
}

const fn group(key: &'static str, label: &'static str, en: &'static str) -> RowSpec {
    RowSpec {
        key,
        label,
        short: label,
        en,
        kind: RowKind::Group,
        outcome: false,
        basis: "",
    }
}

const fn block(
    key: &'static str,
    label: &'static str,
    en: &'static str,
    cols: &'static [ColSpec],
    basis: &'static str,
) -> RowSpec {
    RowSpec {
        key,
        label,
        short: label,
        en,
        kind: RowKind::Block(cols),
        outcome: false,
        basis,
    }
}

use ValueKind::{Amount, Count, SignedCount};

// ---- Table 二, 2021 format -----------------------------------------------------------------------

static T2_2021_ITEM1: [ColSpec; 3] = [
    col("issued", "本年制发件数", "issued this year", Count),
    col("repealed", "本年废止件数", "repealed this year", Count),
    col("in_force", "现行有效件数", "in force", Count),
];
static T2_2021_DECISIONS: [ColSpec; 1] = [col(
    "decisions",
    "本年处理决定数量",
    "decisions this year",
    Count,
)];
static T2_2021_FEES: [ColSpec; 1] = [col(
    "fee_amount",
    "本年收费金额（单位：万元）",
    "fees collected (10,000 yuan)",
    Amount,
)];

static T2_2021_ROWS: [RowSpec; 10] = [
    block(
        "item1",
        "第二十条第（一）项",
        "Article 20, item 1 of the Regulations",
        &T2_2021_ITEM1,
        "条例第二十条第（一）项",
    ),
    data(
        "regulations",
        "规章",
        "规章",
        "rules",
        &T2_2021_ITEM1,
        "条例第二十条第（一）项",
    ),
    data(
        "normative_documents",
        "行政规范性文件",
        "行政规范性文件",
        "normative documents",
        &T2_2021_ITEM1,
        "条例第二十条第（一）项",
    ),
    block(
        "item5",
        "第二十条第（五）项",
        "Article 20, item 5 of the Regulations",
        &T2_2021_DECISIONS,
        "条例第二十条第（五）项",
    ),
    data(
        "licensing",
        "行政许可",
        "行政许可",
        "administrative licensing",
        &T2_2021_DECISIONS,
        "条例第二十条第（五）项",
    ),
    block(
        "item6",
        "第二十条第（六）项",
        "Article 20, item 6 of the Regulations",
        &T2_2021_DECISIONS,
        "条例第二十条第（六）项",
    ),
    data(
        "penalties",
        "行政处罚",
        "行政处罚",
        "administrative penalties",
        &T2_2021_DECISIONS,
        "条例第二十条第（六）项",
    ),
    data(
        "enforcement",
        "行政强制",
        "行政强制",
        "administrative coercion",
        &T2_2021_DECISIONS,
        "条例第二十条第（六）项",
    ),
    block(
        "item8",
        "第二十条第（八）项",
        "Article 20, item 8 of the Regulations",
        &T2_2021_FEES,
        "条例第二十条第（八）项",
    ),
    data(
        "fees",
        "行政事业性收费",
        "行政事业性收费",
        "administrative fees",
        &T2_2021_FEES,
        "条例第二十条第（八）项",
    ),
];
static T2_2021: TableSpec = TableSpec {
    kind: TableKind::T2,
    format: Format::F2021,
    rows: &T2_2021_ROWS,
};

// ---- Table 二, 2019 format -----------------------------------------------------------------------

static T2_2019_ITEM1: [ColSpec; 3] = [
    col("made", "本年新制作数量", "newly made this year", Count),
    col(
        "published",
        "本年新公开数量",
        "newly published this year",
        Count,
    ),
    col(
        "published_total",
        "对外公开总数量",
        "published in total",
        Count,
    ),
];
static T2_2019_ITEMS: [ColSpec; 3] = [
    col("previous", "上一年项目数量", "items last year", Count),
    col("change", "本年增/减", "change this year", SignedCount),
    col("decisions", "处理决定数量", "decisions", Count),
];
static T2_2019_FEES: [ColSpec; 2] = [
    col("previous", "上一年项目数量", "items last year", Count),
    col("change", "本年增/减", "change this year", SignedCount),
];
static T2_2019_PROCUREMENT: [ColSpec; 2] = [
    col("projects", "采购项目数量", "procurement projects", Count),
    col("amount", "采购总金额", "total procurement amount", Amount),
];

static T2_2019_ROWS: [RowSpec; 13] = [
    block(
        "item1",
        "第二十条第（一）项",
        "Article 20, item 1 of the Regulations",
        &T2_2019_ITEM1,
        "条例第二十条第（一）项",
    ),
    data(
        "regulations",
        "规章",
        "规章",
        "rules",
        &T2_2019_ITEM1,
        "条例第二十条第（一）项",
    ),
    data(
        "normative_documents",
        "规范性文件",
        "规范性文件",
        "normative documents",
        &T2_2019_ITEM1,
        "条例第二十条第（一）项",
    ),
    block(
        "item5",
        "第二十条第（五）项",
        "Article 20, item 5 of the Regulations",
        &T2_2019_ITEMS,
        "条例第二十条第（五）项",
    ),
    data(
        "licensing",
        "行政许可",
        "行政许可",
        "administrative licensing",
        &T2_2019_ITEMS,
        "条例第二十条第（五）项",
    ),
    data(
        "other_services",
        "其他对外管理服务事项",
        "其他对外管理服务事项",
        "other external management services",
        &T2_2019_ITEMS,
        "条例第二十条第（五）项",
    ),
    block(
        "item6",
        "第二十条第（六）项",
        "Article 20, item 6 of the Regulations",
        &T2_2019_ITEMS,
        "条例第二十条第（六）项",
    ),
    data(
        "penalties",
        "行政处罚",
        "行政处罚",
        "administrative penalties",
        &T2_2019_ITEMS,
        "条例第二十条第（六）项",
    ),
    data(
        "enforcement",
        "行政强制",
        "行政强制",
        "administrative coercion",
        &T2_2019_ITEMS,
        "条例第二十条第（六）项",
    ),
    block(
        "item8",
        "第二十条第（八）项",
        "Article 20, item 8 of the Regulations",
        &T2_2019_FEES,
        "条例第二十条第（八）项",
    ),
    data(
        "fees",
        "行政事业性收费",
        "行政事业性收费",
        "administrative fees",
        &T2_2019_FEES,
        "条例第二十条第（八）项",
    ),
    block(
        "item9",
        "第二十条第（九）项",
        "Article 20, item 9 of the Regulations",
        &T2_2019_PROCUREMENT,
        "条例第二十条第（九）项",
    ),
    data(
        "procurement",
        "政府集中采购",
        "政府集中采购",
        "government centralised procurement",
        &T2_2019_PROCUREMENT,
        "条例第二十条第（九）项",
    ),
];
static T2_2019: TableSpec = TableSpec {
    kind: TableKind::T2,
    format: Format::F2019,
    rows: &T2_2019_ROWS,
};

// ---- Table 三 ------------------------------------------------------------------------------------

/// The seven data columns of table 三, in data order (whatever order the header text is read in).
pub static T3_COLUMNS: [ColSpec; 7] = [
    col("natural", "自然人", "natural persons", Count),
    col("commercial", "商业企业", "commercial enterprises", Count),
    col("research", "科研机构", "research institutions", Count),
    col(
        "public_interest",
        "社会公益组织",
        "public-interest organisations",
        Count,
    ),
    col("legal", "法律服务机构", "legal service institutions", Count),
    col("other", "其他", "other organisations", Count),
    col("total", "总计", "total", Count),
];

macro_rules! t3_rows {
    ($($extra:expr),* ; $other:expr) => {
        [
            data("new", "一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量", "new requests this year", &T3_COLUMNS, "条例第五十条第（二）项"),
            data("carried_in", "二、上年结转政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "requests carried over from last year", &T3_COLUMNS, "条例第五十条第（二）项"),
            group("outcomes", "三、本年度办理结果", "outcomes this year"),
            outcome("granted", "（一）予以公开", "（一）予以公开", "disclosed", "条例第三十六条第（一）、（二）项"),
            outcome("partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）部分公开", "partly disclosed", "条例第三十七条"),
            group("refused", "（三）不予公开", "not disclosed"),
            outcome("refused.state_secret", "1.属于国家秘密", "（三）1.属于国家秘密", "state secret", "条例第十四条"),
            outcome("refused.prohibited", "2.其他法律行政法规禁止公开", "（三）2.其他法律行政法规禁止公开", "prohibited by other laws", "条例第十四条"),
            outcome("refused.security", "3.危及“三安全一稳定”", "（三）3.危及“三安全一稳定”", "endangers the three securities and stability", "条例第十四条"),
            outcome("refused.third_party", "4.保护第三方合法权益", "（三）4.保护第三方合法权益", "protects third parties", "条例第十五条"),
            outcome("refused.internal", "5.属于三类内部事务信息", "（三）5.属于三类内部事务信息", "internal affairs", "条例第十六条第一款"),
            outcome("refused.process", "6.属于四类过程性信息", "（三）6.属于四类过程性信息", "process information", "条例第十六条第二款"),
            outcome("refused.enforcement_files", "7.属于行政执法案卷", "（三）7.属于行政执法案卷", "enforcement files", "条例第十六条第二款"),
            outcome("refused.inquiry", "8.属于行政查询事项", "（三）8.属于行政查询事项", "administrative inquiry matters", "条例第三十六条第（七）项"),
            group("unable", "（四）无法提供", "cannot be provided"),
            outcome("unable.not_held", "1.本机关不掌握相关政府信息", "（四）1.本机关不掌握相关政府信息", "not held by the agency", "条例第三十六条第（四）、（五）项"),
            outcome("unable.needs_creation", "2.没有现成信息需要另行制作", "（四）2.没有现成信息需要另行制作", "would have to be created", "条例第三十八条"),
            outcome("unable.unclear", "3.补正后申请内容仍不明确", "（四）3.补正后申请内容仍不明确", "still unclear after correction", "条例第三十条"),
            group("not_handled", "（五）不予处理", "not handled"),
            outcome("not_handled.petition", "1.信访举报投诉类申请", "（五）1.信访举报投诉类申请", "petitions and complaints", "条例第三十九条第一款"),
            outcome("not_handled.repeat", "2.重复申请", "（五）2.重复申请", "repeated requests", "条例第三十六条第（六）项"),
            outcome("not_handled.publication", "3.要求提供公开出版物", "（五）3.要求提供公开出版物", "requests for publications", "条例第三十九条第二款"),
            outcome("not_handled.excessive", "4.无正当理由大量反复申请", "（五）4.无正当理由大量反复申请", "excessive requests without good reason", "条例第三十五条"),
            outcome("not_handled.confirm", "5.要求行政机关确认或重新出具已获取信息", "（五）5.要求行政机关确认或重新出具已获取信息", "requests to confirm or reissue information", ""),
            $other,
            $($extra,)*
            data("total", "（七）总计", "（七）总计", "total of the outcomes", &T3_COLUMNS, ""),
            data("carried_out", "四、结转下年度继续办理", "四、结转下年度继续办理", "carried over to next year", &T3_COLUMNS, ""),
        ]
    };
}

static T3_2021_ROWS: [RowSpec; 30] = t3_rows!(
    outcome("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "（六）1.申请人无正当理由逾期不补正", "applicant did not correct in time", "条例第三十条"),
    outcome("other.unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "（六）2.申请人逾期未按收费通知要求缴纳费用", "applicant did not pay the fee in time", "条例第四十二条"),
    outcome("other.other", "3.其他", "（六）3.其他", "other", "");
    group("other", "（六）其他处理", "other handling")
);
static T3_2021: TableSpec = TableSpec {
    kind: TableKind::T3,
    format: Format::F2021,
    rows: &T3_2021_ROWS,
};

static T3_2019_ROWS: [RowSpec; 27] =
    t3_rows!(; outcome("other", "（六）其他处理", "（六）其他处理", "other handling", ""));
static T3_2019: TableSpec = TableSpec {
    kind: TableKind::T3,
    format: Format::F2019,
    rows: &T3_2019_ROWS,
};

// ---- Table 四 ------------------------------------------------------------------------------------

/// The three groups of table 四, each of five columns ending in its 总计.
pub static T4_GROUPS: [(&str, &str, &str); 3] = [
    ("review", "行政复议", "administrative reconsideration"),
    (
        "direct_suit",
        "未经复议直接起诉",
        "lawsuits without prior reconsideration",
    ),
    (
        "suit_after_review",
        "复议后起诉",
        "lawsuits after reconsideration",
    ),
];

/// The fifteen cells of table 四's one data row: 复议 ×5, 直接起诉 ×5, 复议后起诉 ×5.
pub static T4_COLUMNS: [ColSpec; 15] = [
    col("review.upheld", "结果维持", "upheld", Count),
    col("review.corrected", "结果纠正", "corrected", Count),
    col("review.other", "其他结果", "other result", Count),
    col("review.pending", "尚未审结", "pending", Count),
    col("review.total", "总计", "total", Count),
    col("direct_suit.upheld", "结果维持", "upheld", Count),
    col("direct_suit.corrected", "结果纠正", "corrected", Count),
    col("direct_suit.other", "其他结果", "other result", Count),
    col("direct_suit.pending", "尚未审结", "pending", Count),
    col("direct_suit.total", "总计", "total", Count),
    col("suit_after_review.upheld", "结果维持", "upheld", Count),
    col(
        "suit_after_review.corrected",
        "结果纠正",
        "corrected",
        Count,
    ),
    col("suit_after_review.other", "其他结果", "other result", Count),
    col("suit_after_review.pending", "尚未审结", "pending", Count),
    col("suit_after_review.total", "总计", "total", Count),
];

static T4_ROWS: [RowSpec; 1] = [data(
    "cases",
    "",
    "行政复议、行政诉讼",
    "reconsideration and litigation",
    &T4_COLUMNS,
    "条例第五十条第（三）项",
)];
static T4_2019: TableSpec = TableSpec {
    kind: TableKind::T4,
    format: Format::F2019,
    rows: &T4_ROWS,
};
static T4_2021: TableSpec = TableSpec {
    kind: TableKind::T4,
    format: Format::F2021,
    rows: &T4_ROWS,
};

// ---- Column headers -----------------------------------------------------------------------------

/// A header text that may stand above the data of a table: recognised so that it is not taken for
/// an unknown row, used to tell the formats apart, and offered in completion.
#[derive(Debug, PartialEq, Eq)]
pub struct ColumnHeader {
    pub label: &'static str,
    /// The tables it can stand in.
    pub tables: &'static [TableKind],
    /// The format it marks, when only one format has it.
    pub format: Option<Format>,
}

const fn header(
    label: &'static str,
    tables: &'static [TableKind],
    format: Option<Format>,
) -> ColumnHeader {
    ColumnHeader {
        label,
        tables,
        format,
    }
}

const T2: &[TableKind] = &[TableKind::T2];
const T3: &[TableKind] = &[TableKind::T3];
const T4: &[TableKind] = &[TableKind::T4];
const T3_T4: &[TableKind] = &[TableKind::T3, TableKind::T4];
const F19: Option<Format> = Some(Format::F2019);
const F21: Option<Format> = Some(Format::F2021);

pub static COLUMN_HEADERS: [ColumnHeader; 32] = [
    header("信息内容", T2, None),
    header("本年制发件数", T2, F21),
    header("本年废止件数", T2, F21),
    header("现行有效件数", T2, F21),
    header("本年处理决定数量", T2, F21),
    header("本年收费金额（单位：万元）", T2, F21),
    header("本年新制作数量", T2, F19),
    header("本年新公开数量", T2, F19),
    header("对外公开总数量", T2, F19),
    header("上一年项目数量", T2, F19),
    header("本年增/减", T2, F19),
    header("处理决定数量", T2, F19),
    header("采购项目数量", T2, F19),
    header("采购总金额", T2, F19),
    header(
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        T3,
        None,
    ),
    header("申请人情况", T3, None),
    header("自然人", T3, None),
    header("法人或其他组织", T3, None),
    header("商业企业", T3, None),
    header("科研机构", T3, None),
    header("社会公益组织", T3, None),
    header("法律服务机构", T3, None),
    header("其他", T3_T4, None),
    header("总计", T3_T4, None),
    header("行政复议", T4, None),
    header("行政诉讼", T4, None),
    header("结果维持", T4, None),
    header("结果纠正", T4, None),
    header("尚未审结", T4, None),
    header("其他结果", T4, None),
    header("未经复议直接起诉", T4, None),
    header("复议后起诉", T4, None),
];
