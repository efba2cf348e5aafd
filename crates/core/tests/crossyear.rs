//! The checks across years: a report against the same agency's report of the year before.

mod common;

use common::{report, set_row};
use nianbao_core::catalog::Format;
use nianbao_core::crossyear::{cross_year, identity, summarize, Identity};
use nianbao_core::features::{hover::hover, Snapshot};
use nianbao_core::{analyze, Lang, ParseOptions};

/// This year's overview, written afresh rather than copied from last year's.
fn fresh(t: String) -> String {
    t.replace(
        "2022年，本机关围绕主动公开、依申请公开、政府信息管理、平台建设和监督保障等方面推进政府信息公开工作。",
        "2022年，本机关把主动公开的重点放在惠企政策上，依申请公开答复全部在法定期限内办结；政府信息管理方面完成了公开目录的全面梳理，平台建设上新增了政策问答专栏，监督保障方面开展了两次专项检查。",
    )
}

fn diags(this: &str, last: &str) -> Vec<String> {
    let prev = analyze(last, &ParseOptions::default());
    let summary = summarize(last, &prev, "2021年报.txt")
        .expect("last year's report has an agency and a year");
    let a = analyze(this, &ParseOptions::default());
    cross_year(this, &a, &summary)
        .iter()
        .map(|d| {
            format!(
                "{} [{}] {}",
                d.code.as_str(),
                d.range.slice(this),
                d.message(Lang::Zh)
            )
        })
        .collect()
}

/// Two years of one agency: last year carried 2 requests over (自然人 1, 商业企业 1).
fn two_years(carried_in: &[&str]) -> (String, String) {
    let last = set_row(
        &report(2021, Format::F2021),
        "四、结转下年度继续办理",
        &["1", "1", "0", "0", "0", "0", "2"],
    );
    let last = set_row(
        &last,
        "一、本年新收政府信息公开申请数量",
        &["1", "1", "0", "0", "0", "0", "2"],
    );
    let this = fresh(report(2022, Format::F2021));
    let this = set_row(&this, "二、上年结转政府信息公开申请数量", carried_in);
    let this = set_row(&this, "（一）予以公开", carried_in);
    let this = set_row(&this, "（七）总计", carried_in);
    (this, last)
}

#[test]
fn reports_are_paired_by_agency_and_year() {
    assert_eq!(
        identity(&report(2021, Format::F2021)),
        Some(Identity {
            agency: "某某局".into(),
            year: 2021
        })
    );
}

#[test]
fn carry_over_per_column() {
    let (this, last) = two_years(&["1", "1", "0", "0", "0", "0", "2"]);
    assert_eq!(diags(&this, &last), Vec::<String>::new());
    let (this, last) = two_years(&["2", "0", "0", "0", "0", "0", "2"]);
    assert_eq!(
        diags(&this, &last),
        vec![
            "carry-over [2] 二、上年结转政府信息公开申请数量·自然人 应为 1（上年报告“2021年报.txt”的“四、结转下年度继续办理”为 1），实为 2",
            "carry-over [0] 二、上年结转政府信息公开申请数量·商业企业 应为 1（上年报告“2021年报.txt”的“四、结转下年度继续办理”为 1），实为 0",
        ]
    );
}

#[test]
fn roll_forward_of_documents_in_force() {
    let last = set_row(
        &report(2021, Format::F2021),
        "行政规范性文件",
        &["5", "0", "20"],
    );
    let this = set_row(
        &fresh(report(2022, Format::F2021)),
        "行政规范性文件",
        &["3", "1", "22"],
    );
    assert_eq!(diags(&this, &last), Vec::<String>::new());
    let this = set_row(
        &fresh(report(2022, Format::F2021)),
        "行政规范性文件",
        &["3", "1", "25"],
    );
    assert_eq!(
        diags(&this, &last),
        vec!["roll-forward [25] 行政规范性文件·现行有效件数 按上年报告“2021年报.txt”推算应为 22（上年 20 + 本年制发 3 − 本年废止 1），实为 25；如本年清理过文件可忽略"]
    );
}

#[test]
fn sections_copied_from_last_year() {
    let problems = "主要问题是公开内容还不够全面，政策解读形式单一，部分栏目更新不够及时，信息发布的审核流程有待进一步规范。下一步将加强业务培训，完善信息发布审核机制，丰富政策解读形式，提升公开质量和时效。";
    let with = |t: String| {
        t.replace("主要问题是公开内容还不够全面，政策解读形式单一。下一步将加强培训，完善审核机制，提升公开质量。", problems)
    };
    let last = with(report(2021, Format::F2021));
    let this = with(fresh(report(2022, Format::F2021)));
    let seen = diags(&this, &last);
    assert_eq!(seen, vec!["copied-text [五、存在的主要问题及改进情况] 五、存在的主要问题及改进情况与上年报告“2021年报.txt”的相应部分重复 100%（按相同的连续 8 字计），内容雷同"]);
    let rewritten = fresh(report(2022, Format::F2021)).replace(
        "主要问题是公开内容还不够全面，政策解读形式单一。下一步将加强培训，完善审核机制，提升公开质量。",
        "本年度新发现的问题集中在依申请公开的答复时限上，个别答复临近法定期限；政务新媒体的内容审核也出现过疏漏。明年将建立答复时限预警台账，并对新媒体发布实行双人复核。",
    );
    assert_eq!(diags(&rewritten, &last), Vec::<String>::new());
}

#[test]
fn hover_on_a_cross_year_diagnostic_shows_last_year() {
    let (this, last) = two_years(&["2", "1", "0", "0", "0", "0", "3"]);
    let prev = analyze(&last, &ParseOptions::default());
    let summary = summarize(&last, &prev, "2021年报.txt").unwrap();
    let mut a = analyze(&this, &ParseOptions::default());
    let extra = cross_year(&this, &a, &summary);
    let at = extra[0].range.start;
    a.diagnostics.extend(extra);
    let h = hover(
        &Snapshot {
            text: &this,
            analysis: &a,
            lang: Lang::Zh,
        },
        at,
    )
    .expect("a hover on the cell");
    assert!(
        h.markdown.contains("上年（2021年）报告“2021年报.txt”：1"),
        "{}",
        h.markdown
    );
}

#[test]
fn an_edited_version_reuses_the_runs_of_sections_it_left_alone() {
    use nianbao_core::{Change, Document, Settings};
    let settings = Settings::default();
    let text = fresh(report(2022, Format::F2021));
    let doc = Document::open(text.clone(), "2022年报.txt", &settings);
    let first = doc.summary().unwrap();
    let edit = |at: usize| {
        let new = format!("{}字{}", &text[..at], &text[at..]);
        let change = Change {
            start: at,
            old_end: at,
            new_end: at + '字'.len_utf8(),
        };
        doc.edited(new, Some(change), &settings)
    };
    // An edit in section 四 (which re-parses 三 and 四): the runs of 一 and 五 are the earlier
    // version's, not read again.
    let four = text.find("四、政府信息公开行政复议").unwrap();
    let four = four + text[four..].find('\n').unwrap() + 1;
    let other = edit(four);
    let again = other.summary().unwrap();
    assert!(std::sync::Arc::ptr_eq(
        &again.runs[0].set,
        &first.runs[0].set
    ));
    assert!(std::sync::Arc::ptr_eq(
        &again.runs[1].set,
        &first.runs[1].set
    ));
    // An edit in section 一: its runs are read again and equal a fresh summary's.
    let one = edit(text.find("本机关把主动公开").unwrap());
    let reused = one.summary().unwrap();
    assert!(!std::sync::Arc::ptr_eq(
        &reused.runs[0].set,
        &first.runs[0].set
    ));
    assert_eq!(
        reused,
        &summarize(one.text(), &one.analysis(), "2022年报.txt").unwrap()
    );
    assert_ne!(reused.runs[0], first.runs[0]);
}

#[test]
fn an_edit_past_the_runs_of_a_long_overview_reuses_them() {
    use nianbao_core::crossyear::MAX_RUN_CHARS;
    use nianbao_core::{Change, Document, Settings};
    let settings = Settings::default();
    let base = fresh(report(2022, Format::F2021));
    let at = base.find("本机关把主动公开").unwrap();
    // About four times the letters the runs are read from, in lines the parser cuts the section
    // after.
    let line = "本机关持续深化政务公开工作，围绕中心工作紧扣群众关切，不断提升政府工作透明度和公信力，推动各项工作取得实效，进一步规范依申请公开的受理、审核和答复流程，依法保障人民群众的知情权。\n";
    let long: String = (0..MAX_RUN_CHARS * 4 / line.chars().count())
        .map(|i| format!("{i}{line}"))
        .collect();
    let text = format!("{}{}{}", &base[..at], long, &base[at..]);
    let doc = Document::open(text.clone(), "x", &settings);
    assert!(
        doc.parsed().parts().filter(|p| p.part.continued).count() > 4,
        "section 一 is cut into parts"
    );
    let first = doc.summary().unwrap();
    let end = at + long.len() - line.len();
    let new = format!("{}字{}", &text[..end], &text[end..]);
    let change = Change {
        start: end,
        old_end: end,
        new_end: end + '字'.len_utf8(),
    };
    let edited = doc.edited(new, Some(change), &settings);
    let again = edited.summary().unwrap();
    assert!(std::sync::Arc::ptr_eq(
        &again.runs[0].set,
        &first.runs[0].set
    ));
    assert_eq!(
        again,
        &summarize(edited.text(), &edited.analysis(), "x").unwrap()
    );
}
