//! What the format requires a report to say, and says about itself: the 信息处理费 statement of section
//! 六, the number of parts the preamble announces, the format document it cites, sections 一 and 五 that
//! say too little, and 规章 counted by a body that cannot make them.

use serde_json::json;

use super::prose;
use crate::catalog::{Format, SectionId, TableKind};
use crate::diagnostic::{num, Code, Diagnostic, Edit, Severity};
use crate::messages::{FixKind, Msg};
use crate::model::Report;
use crate::text::TextRange;

pub fn check(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    fee_statement(text, report, out);
    part_count(text, report, out);
    citations(text, report, out);
    thin_sections(text, report, out);
    implausible(report, out);
}

fn joined(text: &str, ranges: &[TextRange]) -> String {
    ranges.iter().map(|r| r.slice(text)).collect::<Vec<_>>().join("\n")
}

/// Section 六 of a 2021-format report must say whether 信息处理费 was charged.
fn fee_statement(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    let Some(year) = report.year.map(|y| y.value).filter(|y| *y >= 2021) else { return };
    let Some(six) = report.section(SectionId(6)) else { return };
    let body = joined(text, &prose::section_narrative(text, report, Some(SectionId(6))));
    let stated = body.contains("信息处理费")
        || body.contains("处理费")
        || (body.contains("收费") && (body.contains("信息公开") || body.contains("申请")));
    if stated {
        return;
    }
    let unpaid = report
        .table(TableKind::T3)
        .filter(|t| t.format == Format::F2021)
        .and_then(|t| t.row("other.unpaid_fee"))
        .and_then(|r| r.cell(6))
        .and_then(|c| super::relations::value(Some(c)))
        .filter(|v| *v > 0);
    let (severity, msg) = match unpaid {
        Some(value) => (Severity::Error, Msg::FeeStatementRequired { value }),
        None => (Severity::Warning, Msg::FeeStatementMissing),
    };
    out.push(Diagnostic::new(Code::FeeStatement, severity, six.heading, msg).with_data(json!({ "year": year })));
}

/// A count written with Arabic digits or a Chinese numeral up to 十: its byte length and value.
fn count_at(s: &str) -> Option<(usize, u32)> {
    let digits: Vec<char> = s.chars().take_while(|c| prose::is_digit(*c)).collect();
    if !digits.is_empty() {
        let value = digits.iter().try_fold(0u32, |acc, c| {
            let d = c.to_digit(10).or_else(|| ('０'..='９').contains(c).then(|| *c as u32 - '０' as u32))?;
            acc.checked_mul(10)?.checked_add(d)
        })?;
        return Some((digits.iter().map(|c| c.len_utf8()).sum(), value));
    }
    let c = s.chars().next()?;
    let n = "一二三四五六七八九十".chars().position(|d| d == c)? as u32 + 1;
    Some((c.len_utf8(), n))
}

/// The preamble's "共N个部分" against the sections the report has.
fn part_count(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    let mut ids: Vec<u8> = report.sections.iter().map(|s| s.id.0).collect();
    ids.sort_unstable();
    ids.dedup();
    let found = ids.len();
    for region in prose::section_narrative(text, report, None) {
        let s = region.slice(text);
        for (at, _) in s.match_indices("部分") {
            // "…N个部分" or "…N部分", the count just before.
            let head = &s[..at];
            let head = head.strip_suffix('个').unwrap_or(head);
            let Some(c) = head.chars().next_back() else { continue };
            let start = if prose::is_digit(c) {
                head.char_indices().rev().take_while(|(_, c)| prose::is_digit(*c)).last().map_or(head.len(), |(i, _)| i)
            } else if "一二三四五六七八九十".contains(c) {
                head.len() - c.len_utf8()
            } else {
                continue;
            };
            // Only a statement about the report itself: 共/由/分为/包括 … 部分 (组成).
            let context: String = s[..start].chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
            let after: String = s[at..].chars().take(6).collect();
            if !(context.contains('共') || context.contains("分为") || context.contains("包括") || after.contains("组成")) {
                continue;
            }
            let Some((len, stated)) = count_at(&head[start..]) else { continue };
            // A report that lacks a section and still announces the six parts of the format is reported
            // as a missing section, not here.
            if stated as usize != found && stated != 6 {
                let range = TextRange::new(region.start + start, region.start + start + len);
                out.push(
                    Diagnostic::new(Code::PartCount, Severity::Warning, range, Msg::PartCount { stated, found })
                        .with_data(json!({ "stated": stated, "found": found }))
                        .with_fix(FixKind::ReplaceValue { value: found.to_string() }, vec![Edit { range, new_text: found.to_string() }]),
                );
            }
        }
    }
}

/// Document numbers of the format: the right issuer, and the format of the report's year.
fn citations(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    const RIGHT: &str = "国办公开办函";
    let year = report.year.map(|y| y.value);
    for region in prose::narrative(report, TextRange::new(0, text.len())) {
        let s = region.slice(text);
        for (doc_year, number, correct) in [("2021", "30号", "国办公开办函〔2021〕30号"), ("2019", "60号", "国办公开办函〔2019〕60号")] {
            let mut from = 0;
            while let Some(pos) = s[from..].find(doc_year) {
                let at = from + pos;
                from = at + doc_year.len();
                // 〔2021〕30号 with any bracket.
                let open = s[..at].chars().next_back();
                if !open.is_some_and(|c| "〔[［(（【".contains(c)) {
                    continue;
                }
                let rest = &s[at + doc_year.len()..];
                let close = rest.chars().next();
                if !close.is_some_and(|c| "〕]］)）】".contains(c)) {
                    continue;
                }
                let after = &rest[close.map_or(0, char::len_utf8)..];
                if !after.starts_with(number) {
                    continue;
                }
                let open_len = open.map_or(0, char::len_utf8);
                let issuer_end = at - open_len;
                // The issuer: the Chinese words before the bracket, from their last 国 (国办公开办函, 国办发).
                let run: String = s[..issuer_end].chars().rev().take_while(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)).take(12).collect::<Vec<_>>().into_iter().rev().collect();
                let issuer: String = match run.rfind('国') {
                    Some(g) => run[g..].to_owned(),
                    None => run,
                };
                let issuer_start = issuer_end - issuer.len();
                let end = at + doc_year.len() + close.map_or(0, char::len_utf8) + number.len();
                let range = TextRange::new(region.start + issuer_start, region.start + end);
                let written = range.slice(text).to_owned();
                // The issuer must end with 国办公开办函 (a longer prefix such as a title is fine).
                if !issuer.ends_with(RIGHT) && issuer.starts_with('国') {
                    out.push(
                        Diagnostic::new(Code::Citation, Severity::Warning, range, Msg::CitationIssuer { written: written.clone(), correct })
                            .with_data(json!({ "correct": correct }))
                            .with_fix(FixKind::ReplaceLabel { canonical: correct.to_owned() }, vec![Edit { range, new_text: correct.to_owned() }]),
                    );
                } else if doc_year == "2019" && year.is_some_and(|y| y >= 2021) && issuer.ends_with(RIGHT) {
                    out.push(
                        Diagnostic::new(Code::Citation, Severity::Warning, range, Msg::CitationOldFormat { written, year: year.unwrap_or(2021) })
                            .with_data(json!({ "correct": "国办公开办函〔2021〕30号" })),
                    );
                }
            }
        }
    }
}

/// The topics 条例第五十条 and the 2021 format ask section 一 to cover, each with the words that show it.
const TOPICS: [(&str, &[&str]); 5] = [
    ("主动公开", &["主动公开"]),
    ("依申请公开", &["依申请", "政府信息公开申请", "申请公开"]),
    ("政府信息管理", &["信息管理", "保密审查", "公开指南", "公开目录", "信息发布"]),
    ("平台建设", &["平台", "网站", "专栏", "新媒体"]),
    ("监督保障", &["监督", "保障", "考核", "培训", "责任"]),
];

fn thin_sections(text: &str, report: &Report, out: &mut Vec<Diagnostic>) {
    if let Some(five) = report.section(SectionId(5)) {
        let body = joined(text, &prose::section_narrative(text, report, Some(SectionId(5))));
        let chars = body.chars().filter(|c| !c.is_whitespace()).count();
        let trimmed = body.trim().trim_end_matches('。');
        if chars < 30 || trimmed == "无" || trimmed == "暂无" {
            out.push(Diagnostic::new(Code::ThinSection, Severity::Warning, five.heading, Msg::ThinProblems { chars }).with_data(json!({ "section": 5, "chars": chars })));
        }
    }
    // The topics are the 2021 format's: from the 2021 reports on.
    if report.year.is_none_or(|y| y.value < 2021) {
        return;
    }
    if let Some(one) = report.section(SectionId(1)) {
        let body = joined(text, &prose::section_narrative(text, report, Some(SectionId(1))));
        let mut missing: Vec<&'static str> = TOPICS.iter().filter(|(_, words)| !words.iter().any(|w| body.contains(w))).map(|(t, _)| *t).collect();
        // A government's own report also covers 考核、评议、责任追究 (条例第五十条第四项).
        if report.agency.as_deref().is_some_and(|a| a.ends_with("人民政府")) && !["考核", "评议", "责任追究"].iter().any(|w| body.contains(w)) {
            missing.push("工作考核、社会评议和责任追究结果");
        }
        if !missing.is_empty() {
            out.push(
                Diagnostic::new(Code::ThinSection, Severity::Warning, one.heading, Msg::ThinOverview { missing: missing.clone() })
                    .with_data(json!({ "section": 1, "missing": missing })),
            );
        }
    }
}

/// 规章 made by a township, street or county-level body.
fn implausible(report: &Report, out: &mut Vec<Diagnostic>) {
    let Some(agency) = report.agency.as_deref() else { return };
    let local = ["乡", "镇", "街道", "县", "旗"].iter().any(|w| agency.contains(w)) || (agency.contains('区') && !agency.contains("自治区"));
    if !local {
        return;
    }
    let Some(t2) = report.table(TableKind::T2) else { return };
    let Some(row) = t2.row("regulations") else { return };
    for cell in &row.cells {
        if let Some(v) = super::relations::value(Some(cell)).filter(|v| *v > 0) {
            out.push(
                Diagnostic::new(Code::ImplausibleValue, Severity::Information, cell.range, Msg::ImplausibleRegulations { agency: agency.to_owned(), value: v })
                    .with_data(json!({ "agency": agency, "value": num(v) })),
            );
            break;
        }
    }
}
