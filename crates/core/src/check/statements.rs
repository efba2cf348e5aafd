//! What the format requires a report to say, and says about itself: the 信息处理费 statement of section
//! 六, the number of parts the preamble announces, the format document it cites, sections 一 and 五
//! that say too little, and 规章 counted by a body that cannot make them.

use serde_json::json;

use crate::catalog::{Format, SectionId, TableKind};
use crate::diagnostic::{num, Code, Diagnostic, Edit, Severity};
use crate::messages::{FixKind, Lang, Msg, OverviewTopic};
use crate::model::Report;

pub fn check(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    fee_statement(report, out);
    part_count(report, out);
    citations(text, report, out);
    thin_sections(report, out);
    implausible(report, out);
}

/// Whether the narrative of the preamble (`None`) or of a section holds `word` (one of the words
/// the parts' narratives record).
fn has(report: &Report, section: Option<SectionId>, word: &str) -> bool {
    report.narrative_of(section).any(|n| n.narrative.has(word))
}

fn fee_statement(report: &Report, out: &mut Vec<Diagnostic>) {
    let Some(year) = report.year.map(|y| y.value).filter(|y| *y >= 2021) else {
        return;
    };
    let Some(six) = report.section(SectionId(6)) else {
        return;
    };
    let id = Some(SectionId(6));
    let stated = has(report, id, "处理费")
        || (has(report, id, "收费") && (has(report, id, "信息公开") || has(report, id, "申请")));
    if stated {
        return;
    }
    let unpaid = report
        .table(TableKind::T3)
        .filter(|t| t.format == Format::F2021)
        .and_then(|t| t.row("other.unpaid_fee"))
        .and_then(|r| r.cell(6))
        .and_then(|c| crate::relations::value(Some(c)))
        .filter(|v| *v > 0);
    let (severity, msg) = match unpaid {
        Some(value) => (Severity::Error, Msg::FeeStatementRequired { value }),
        None => (Severity::Warning, Msg::FeeStatementMissing),
    };
    out.push(
        Diagnostic::new(Code::FeeStatement, severity, six.heading, msg)
            .with_data(json!({ "year": year })),
    );
}

fn part_count(report: &Report, out: &mut Vec<Diagnostic>) {
    let mut ids: Vec<u8> = report.sections.iter().map(|s| s.id.0).collect();
    ids.sort_unstable();
    ids.dedup();
    let found = ids.len();
    for n in report.narrative_of(None) {
        for &(range, stated) in &n.narrative.part_counts {
            if stated as usize != found && stated != 6 {
                let range = n.at(range);
                out.push(
                    Diagnostic::new(
                        Code::PartCount,
                        Severity::Warning,
                        range,
                        Msg::PartCount { stated, found },
                    )
                    .with_data(json!({ "stated": stated, "found": found }))
                    .with_fix(
                        FixKind::ReplaceValue {
                            value: found.to_string(),
                        },
                        vec![Edit {
                            range,
                            new_text: found.to_string(),
                        }],
                    ),
                );
            }
        }
    }
}

/// Document numbers of the format: the right issuer, and the format of the report's year.
fn citations(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    let year = report.year.map(|y| y.value);
    for n in &report.narrative {
        for c in &n.narrative.citations {
            let range = n.at(c.range);
            let written = range.slice(text).to_owned();
            if c.wrong_issuer {
                out.push(
                    Diagnostic::new(
                        Code::Citation,
                        Severity::Warning,
                        range,
                        Msg::CitationIssuer {
                            written,
                            correct: c.correct,
                        },
                    )
                    .with_data(json!({ "correct": c.correct }))
                    .with_fix(
                        FixKind::ReplaceLabel {
                            canonical: c.correct.to_owned(),
                        },
                        vec![Edit {
                            range,
                            new_text: c.correct.to_owned(),
                        }],
                    ),
                );
            } else if c.old && year.is_some_and(|y| y >= 2021) {
                out.push(
                    Diagnostic::new(
                        Code::Citation,
                        Severity::Warning,
                        range,
                        Msg::CitationOldFormat {
                            written,
                            year: year.unwrap_or(2021),
                        },
                    )
                    .with_data(json!({ "correct": Format::F2021.document() })),
                );
            }
        }
    }
}

/// The topics 条例第五十条 and the 2021 format ask section 一 to cover, each with the words that show it.
const TOPICS: [(OverviewTopic, &[&str]); 5] = [
    (OverviewTopic::Proactive, &["主动公开"]),
    (
        OverviewTopic::OnRequest,
        &["依申请", "政府信息公开申请", "申请公开"],
    ),
    (
        OverviewTopic::Management,
        &["信息管理", "保密审查", "公开指南", "公开目录", "信息发布"],
    ),
    (
        OverviewTopic::Platforms,
        &["平台", "网站", "专栏", "新媒体"],
    ),
    (
        OverviewTopic::Oversight,
        &["监督", "保障", "考核", "培训", "责任"],
    ),
];

/// What a government's own overview must also cover: 考核、评议、责任追究.
const OVERSIGHT: [&str; 3] = ["考核", "评议", "责任追究"];

fn thin_sections(report: &Report, out: &mut Vec<Diagnostic>) {
    if let Some(five) = report.section(SectionId(5)) {
        // Fewer than 30 characters (which covers a bare 无 or 暂无).
        let chars: usize = report
            .narrative_of(Some(SectionId(5)))
            .map(|n| n.narrative.chars)
            .sum();
        if chars < 30 {
            out.push(
                Diagnostic::new(
                    Code::ThinSection,
                    Severity::Warning,
                    five.heading,
                    Msg::ThinProblems { chars },
                )
                .with_data(json!({ "section": 5, "chars": chars })),
            );
        }
    }
    // The topics are the 2021 format's: from the 2021 reports on.
    if report.year.is_none_or(|y| y.value < 2021) {
        return;
    }
    if let Some(one) = report.section(SectionId(1)) {
        let id = Some(SectionId(1));
        let mut missing: Vec<OverviewTopic> = TOPICS
            .iter()
            .filter(|(_, words)| !words.iter().any(|w| has(report, id, w)))
            .map(|(t, _)| *t)
            .collect();
        // A government's own report also covers 考核、评议、责任追究 (条例第五十条第四项).
        if report
            .agency
            .as_deref()
            .is_some_and(|a| a.ends_with("人民政府"))
            && !OVERSIGHT.iter().any(|w| has(report, id, w))
        {
            missing.push(OverviewTopic::OversightResults);
        }
        if !missing.is_empty() {
            out.push(
                Diagnostic::new(
                    Code::ThinSection,
                    Severity::Warning,
                    one.heading,
                    Msg::ThinOverview {
                        missing: missing.clone(),
                    },
                )
                .with_data(json!({
                    "section": 1,
                    "missing": missing.iter().map(|t| t.render(Lang::Zh)).collect::<Vec<_>>(),
                })),
            );
        }
    }
}

/// 规章 made by a township, street or county-level body.
fn implausible(report: &Report, out: &mut Vec<Diagnostic>) {
    let Some(agency) = report.agency.as_deref() else {
        return;
    };
    let local = ["乡", "镇", "街道", "县", "旗"]
        .iter()
        .any(|w| agency.contains(w))
        || (agency.contains('区') && !agency.contains("自治区"));
    if !local {
        return;
    }
    let Some(t2) = report.table(TableKind::T2) else {
        return;
    };
    let Some(row) = t2.row("regulations") else {
        return;
    };
    for cell in &row.cells {
        if let Some(v) = crate::relations::value(Some(cell)).filter(|v| *v > 0) {
            out.push(
                Diagnostic::new(
                    Code::ImplausibleValue,
                    Severity::Information,
                    cell.range,
                    Msg::ImplausibleRegulations {
                        agency: agency.to_owned(),
                        value: v,
                    },
                )
                .with_data(json!({ "agency": agency, "value": num(v) })),
            );
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::narrative::{MORE_WORDS, WORDS};

    #[test]
    fn every_word_the_checks_ask_about_is_recorded_by_the_parts() {
        let recorded = |w: &&str| WORDS.contains(w) || MORE_WORDS.contains(w);
        let asked = TOPICS
            .iter()
            .flat_map(|(_, words)| words.iter())
            .chain(OVERSIGHT.iter())
            .chain(["处理费", "收费", "信息公开", "申请"].iter());
        let missing: Vec<&&str> = asked.filter(|w| !recorded(w)).collect();
        assert!(missing.is_empty(), "not recorded: {missing:?}");
    }
}
