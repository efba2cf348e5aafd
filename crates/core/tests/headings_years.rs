//! Headings written another way (第一部分, 一., （一）, a title with text after its colon, a re-worded
//! title) and the year a report states outside its title (statistics period, `XXXX年，`, a title set
//! on two lines): what a user sees for each, and nothing on a clean report in each style.

use nianbao_core::catalog::{Format, SECTIONS};
use nianbao_core::{analyze, Lang, ParseOptions};

mod common;

use common::{problems, report};

/// Every diagnostic as the user sees it: code, severity, the underlined text and the message.
fn shown(text: &str) -> Vec<String> {
    analyze(text, &ParseOptions::default())
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {:?} [{}] {}",
                d.code.as_str(),
                d.severity,
                d.range.slice(text),
                d.message(Lang::Zh)
            )
        })
        .collect()
}

/// The report with every section heading numbered by `numbering` (`{n}` the numeral) instead of `一、
/// `.
fn restyled(text: &str, numbering: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        match SECTIONS.iter().find(|s| s.heading() == line) {
            Some(s) => out.push_str(&format!(
                "{}{}",
                numbering.replace("{n}", s.numeral),
                s.title
            )),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

fn year_and_format(text: &str) -> (Option<i32>, Option<Format>) {
    let a = analyze(text, &ParseOptions::default());
    (a.report.year.map(|y| y.value), a.report.format)
}

#[test]
fn section_headings_numbered_another_way_are_their_sections() {
    for (numbering, first) in [
        ("第{n}部分 ", "第一部分 "),
        ("第{n}部分：", "第一部分："),
        ("{n}.", "一."),
        ("{n} ", "一 "),
        ("（{n}）", "（一）"),
        ("({n})", "(一)"),
    ] {
        for (year, format) in [(2023, Format::F2021), (2020, Format::F2019)] {
            let t = restyled(&report(year, format), numbering);
            // Read as the six sections: no missing section, one note a heading.
            assert_eq!(problems(&t), Vec::<String>::new(), "{numbering} {year}");
            let seen = shown(&t);
            assert_eq!(seen.len(), 6, "{numbering}: {seen:#?}");
            assert_eq!(
                seen[0],
                format!("heading-variant Information [{first}] 标题“{first}总体情况”的序号写法与年度报告格式不同，格式的标题为“一、总体情况”")
            );
            let a = analyze(&t, &ParseOptions::default());
            assert_eq!(a.report.sections.len(), 6);
            let d = &a.diagnostics[0];
            assert_eq!(d.fixes[0].edits[0].new_text, "一、");
            assert!(d
                .message(Lang::En)
                .contains("numbers the section another way"));
        }
    }
}

#[test]
fn paren_headings_under_the_format_s_headings_are_sub_headings() {
    // Section 一 that goes through the topics under （一）…: sub-headings, not sections.
    let t = report(2023, Format::F2021).replacen(
        "一、总体情况\n",
        "一、总体情况\n（一）总体情况\n本年工作总体平稳。\n（二）主动公开政府信息情况\n本年主动公开。\n（三）收到和处理政府信息公开申请情况\n（五）存在的主要问题及改进情况\n",
        1,
    );
    assert_eq!(shown(&t), Vec::<String>::new());
    assert_eq!(
        analyze(&t, &ParseOptions::default()).report.sections.len(),
        6
    );
}

#[test]
fn a_heading_with_text_after_its_colon() {
    let t = report(2023, Format::F2021)
        .replacen(
            "一、总体情况\n",
            "一、总体情况：2023年，本局扎实推进政务公开工作。\n",
            1,
        )
        .replacen(
            "五、存在的主要问题及改进情况\n",
            "五、存在的主要问题及改进情况:主要问题是公开不够全面。\n",
            1,
        );
    assert_eq!(shown(&t), Vec::<String>::new());
    let t = restyled(&report(2023, Format::F2021), "第{n}部分 ").replacen(
        "第一部分 总体情况\n",
        "第一部分 总体情况。2023年，本局扎实推进政务公开工作。\n",
        1,
    );
    assert_eq!(problems(&t), Vec::<String>::new());
}

#[test]
fn a_reworded_heading_is_its_section() {
    for written in [
        "存在的主要问题及下一步工作打算",
        "存在的主要问题及整改措施",
        "存在的主要问题及改进措施",
        "存在问题及下一步工作打算",
        "存在的不足及改进措施",
    ] {
        let t = report(2023, Format::F2021).replacen(
            "五、存在的主要问题及改进情况",
            &format!("五、{written}"),
            1,
        );
        assert_eq!(
            shown(&t),
            vec![format!("heading-variant Information [{written}] 标题“五、{written}”的表述与年度报告格式不同，格式的标题为“五、存在的主要问题及改进情况”")],
        );
        let a = analyze(&t, &ParseOptions::default());
        assert_eq!(
            a.diagnostics[0].fixes[0].edits[0].new_text,
            "存在的主要问题及改进情况"
        );
    }
    // One character off stays a misspelling (a warning).
    let t = report(2023, Format::F2021).replacen(
        "五、存在的主要问题及改进情况",
        "五、存在的主要问题和改进情况",
        1,
    );
    assert_eq!(
        problems(&t),
        vec!["heading-variant [存在的主要问题和改进情况] 标题“五、存在的主要问题和改进情况”有误，应为“五、存在的主要问题及改进情况”"]
    );
}

#[test]
fn a_reworded_heading_out_of_place_is_narrative() {
    // A list in section 一 whose fifth item speaks of problems: not section 五, which comes later.
    let t = report(2023, Format::F2021).replacen(
        "一、总体情况\n",
        "一、总体情况\n五、问题整改\n本年整改问题3个。\n",
        1,
    );
    assert_eq!(problems(&t), Vec::<String>::new());
    assert_eq!(
        analyze(&t, &ParseOptions::default()).report.sections.len(),
        6
    );
    // Section 五's own list under its heading neither.
    let t = report(2023, Format::F2021).replacen(
        "五、存在的主要问题及改进情况\n",
        "五、存在的主要问题及改进情况\n五、整改措施\n",
        1,
    );
    assert_eq!(problems(&t), Vec::<String>::new());
}

#[test]
fn the_year_from_the_text_when_the_title_has_none() {
    let bare = |y: i32, f: Format| {
        report(y, f).replacen(
            &format!("某某局{y}年政府信息公开工作年度报告"),
            "某某街道政府信息公开工作年度报告",
            1,
        )
    };
    // `2020年，` in section 一.
    let t = bare(2020, Format::F2019);
    assert_eq!(year_and_format(&t), (Some(2020), Some(Format::F2019)));
    assert_eq!(shown(&t), Vec::<String>::new());
    // Only the statistics period.
    let t = bare(2020, Format::F2019)
        .replace("2020年，", "本年度，")
        .replacen(
            "某某街道政府信息公开工作年度报告\n",
            "某某街道政府信息公开工作年度报告\n本报告统计期限为2020年1月1日至12月31日。\n",
            1,
        );
    assert_eq!(year_and_format(&t), (Some(2020), Some(Format::F2019)));
    assert_eq!(shown(&t), Vec::<String>::new());
    // Only a section other than 一 says it.
    let t = bare(2020, Format::F2019)
        .replace("2020年，", "本年度，")
        .replacen(
            "二、主动公开政府信息情况\n",
            "二、主动公开政府信息情况\n2020年，我街道主动公开政府信息。\n",
            1,
        );
    assert_eq!(year_and_format(&t), (Some(2020), Some(Format::F2019)));
    assert_eq!(problems(&t), Vec::<String>::new());
}

#[test]
fn one_report_one_format_when_the_year_is_unknown() {
    let t = report(2020, Format::F2019)
        .replacen(
            "某某局2020年政府信息公开工作年度报告",
            "某某街道政府信息公开工作年度报告",
            1,
        )
        .replace("2020年，", "本年度，");
    assert_eq!(year_and_format(&t), (None, Some(Format::F2019)));
    assert_eq!(problems(&t), Vec::<String>::new());
    // Table 三 without the rows that tell the formats apart is read in table 二's format: its missing
    // row is one, not the three rows of the other format.
    let total = "（六）其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n";
    assert!(t.contains(total));
    let cut = t.replacen(total, "", 1);
    let missing: Vec<String> = problems(&cut);
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert!(
        missing[0].starts_with("missing-row")
            && missing[0].contains("（六）其他处理")
            && missing[0].contains("2019年格式"),
        "{missing:#?}"
    );
    // Table 三 drawn in the other format: one format-mismatch, no missing rows.
    let t21 = report(2021, Format::F2021);
    let t3 =
        |s: &str| s.find("三、收到和处理").unwrap()..s.find("四、政府信息公开行政复议").unwrap();
    let mixed = format!(
        "{}{}{}",
        &t[..t3(&t).start],
        &t21[t3(&t21)],
        &t[t3(&t).end..]
    );
    let seen = problems(&mixed);
    assert_eq!(seen.len(), 1, "{seen:#?}");
    assert!(
        seen[0].starts_with("format-mismatch") && seen[0].contains("两种格式混用"),
        "{seen:#?}"
    );
}

#[test]
fn a_title_set_on_two_lines() {
    let t = report(2023, Format::F2021).replacen(
        "某某局2023年政府信息公开工作年度报告",
        "某某县应急管理局 2023 年\n政府信息公开工作年度报告",
        1,
    );
    let a = analyze(&t, &ParseOptions::default());
    assert_eq!(
        a.report.year.map(|y| (y.value, y.range.slice(&t))),
        Some((2023, "2023"))
    );
    assert_eq!(a.report.agency.as_deref(), Some("某某县应急管理局"));
    assert_eq!(shown(&t), Vec::<String>::new());
    // Without a year in the title, the statistics period's.
    let t = report(2020, Format::F2019)
        .replacen(
            "某某局2020年政府信息公开工作年度报告",
            "某某县应急管理局\n政府信息公开工作年度报告\n本报告统计期限为2020年1月1日至12月31日。",
            1,
        )
        .replace("2020年，", "本年度，");
    let a = analyze(&t, &ParseOptions::default());
    assert_eq!(
        (a.report.year.map(|y| y.value), a.report.format),
        (Some(2020), Some(Format::F2019))
    );
    assert_eq!(a.report.agency.as_deref(), Some("某某县应急管理局"));
    assert_eq!(shown(&t), Vec::<String>::new());
}

#[test]
fn a_summary_of_reports_with_split_titles_and_other_numberings() {
    let split = |y: i32, f: Format, agency: &str| {
        report(y, f).replacen(
            &format!("某某局{y}年政府信息公开工作年度报告"),
            &format!("{agency} {y} 年\n政府信息公开工作年度报告"),
            1,
        )
    };
    let text = format!(
        "{}{}",
        split(2023, Format::F2021, "某某县应急管理局"),
        split(2020, Format::F2019, "某某县民政局")
    );
    let a = analyze(&text, &ParseOptions::default());
    assert_eq!(a.units.len(), 2);
    // The second report starts at its title's first line, and is held to its own year's format.
    assert!(text[a.units[1].start..].starts_with("某某县民政局 2020 年\n"));
    assert_eq!(shown(&text), Vec::<String>::new());
    // Two reports whose sections are numbered （一）…（六）.
    let text = format!(
        "{}{}",
        restyled(&report(2023, Format::F2021), "（{n}）"),
        restyled(&report(2020, Format::F2019), "（{n}）").replacen("某某局", "某某街道", 1)
    );
    let a = analyze(&text, &ParseOptions::default());
    assert_eq!(a.units.len(), 2);
    assert_eq!(problems(&text), Vec::<String>::new());
    assert_eq!(a.report.sections.len(), 12);
}
