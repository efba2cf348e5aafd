//! The six sections of a report, with their canonical headings and the long official wordings seen
//! in real reports.

use serde::Serialize;

use super::TableKind;

/// Which of the six sections (一 to 六).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct SectionId(pub u8);

impl SectionId {
    pub fn spec(self) -> &'static SectionSpec {
        &SECTIONS[usize::from(self.0.clamp(1, 6) - 1)]
    }
}

/// What the format says about one section.
#[derive(Debug)]
pub struct SectionSpec {
    pub id: SectionId,
    /// The Chinese numeral of its heading, e.g. "二".
    pub numeral: &'static str,
    /// The canonical title without the numeral, e.g. "主动公开政府信息情况".
    pub title: &'static str,
    /// Longer official wordings (from 条例第五十条) that real reports use; accepted with a hint.
    pub official_variants: &'static [&'static str],
    /// Words of which a re-worded heading under the section's own numeral holds at least one to be
    /// that section (`五、存在的主要问题及下一步工作打算`).
    pub key_words: &'static [&'static str],
    /// An English name for messages in English.
    pub en: &'static str,
    /// The table the section must contain, if any.
    pub table: Option<TableKind>,
}

impl SectionSpec {
    /// The canonical heading line, e.g. "二、主动公开政府信息情况".
    pub fn heading(&self) -> String {
        format!("{}、{}", self.numeral, self.title)
    }
}

pub static SECTIONS: [SectionSpec; 6] = [
    SectionSpec {
        id: SectionId(1),
        numeral: "一",
        title: "总体情况",
        official_variants: &[],
        key_words: &["总体", "概况", "概述", "基本情况"],
        en: "overview",
        table: None,
    },
    SectionSpec {
        id: SectionId(2),
        numeral: "二",
        title: "主动公开政府信息情况",
        official_variants: &[
            "行政机关主动公开政府信息情况",
            "行政机关主动公开政府信息的情况",
        ],
        key_words: &["主动公开"],
        en: "information disclosed on the agency's own initiative",
        table: Some(TableKind::T2),
    },
    SectionSpec {
        id: SectionId(3),
        numeral: "三",
        title: "收到和处理政府信息公开申请情况",
        official_variants: &[
            "行政机关收到和处理政府信息公开申请情况",
            "行政机关收到和处理政府信息公开申请的情况",
        ],
        key_words: &["申请"],
        en: "requests received and handled",
        table: Some(TableKind::T3),
    },
    SectionSpec {
        id: SectionId(4),
        numeral: "四",
        title: "政府信息公开行政复议、行政诉讼情况",
        official_variants: &[
            "因政府信息公开工作被申请行政复议、行政诉讼情况",
            "因政府信息公开工作被申请行政复议、提起行政诉讼的情况",
            "政府信息公开行政复议和行政诉讼情况",
            "政府信息公开行政复议、提起行政诉讼情况",
        ],
        key_words: &["复议", "诉讼"],
        en: "administrative reconsideration and litigation",
        table: Some(TableKind::T4),
    },
    SectionSpec {
        id: SectionId(5),
        numeral: "五",
        title: "存在的主要问题及改进情况",
        official_variants: &[
            "政府信息公开工作存在的主要问题及改进情况",
            "存在问题及改进情况",
        ],
        key_words: &["问题", "不足", "改进", "整改"],
        en: "main problems and improvements",
        table: None,
    },
    SectionSpec {
        id: SectionId(6),
        numeral: "六",
        title: "其他需要报告的事项",
        official_variants: &[],
        key_words: &["其他需要报告", "其他事项", "需要报告"],
        en: "other matters to report",
        table: None,
    },
];
