//! The analysis never panics and every range it reports is inside the text and on char boundaries,
//! whatever the input: arbitrary strings, report fragments, astral characters inside labels.

use nianbao_core::text::{LineIndex, PositionEncoding};
use nianbao_core::{analyze, ParseOptions};
use proptest::prelude::*;

fn assert_sane(text: &str) {
    let a = analyze(text, &ParseOptions::default());
    for d in &a.diagnostics {
        assert!(
            d.range.start <= d.range.end && d.range.end <= text.len(),
            "{:?} out of {}",
            d.range,
            text.len()
        );
        assert!(
            text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end),
            "{:?}",
            d.range
        );
        for fix in &d.fixes {
            for e in &fix.edits {
                assert!(
                    e.range.end <= text.len()
                        && text.is_char_boundary(e.range.start)
                        && text.is_char_boundary(e.range.end)
                );
            }
        }
        let _ = d.message(nianbao_core::Lang::Zh);
        let _ = d.message(nianbao_core::Lang::En);
    }
    let idx = LineIndex::new(text);
    for enc in [
        PositionEncoding::Utf8,
        PositionEncoding::Utf16,
        PositionEncoding::Utf32,
    ] {
        for d in &a.diagnostics {
            let p = idx.to_line_col(text, d.range.start, enc);
            assert_eq!(idx.to_offset(text, p, enc), d.range.start);
        }
    }
}

/// Pieces real reports are made of, to build inputs that reach deep into the parser.
const PIECES: &[&str] = &[
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "第二十条第（一）项",
    "信息内容",
    "规章",
    "行政规范性文件",
    "本年制发件数",
    "行政许可",
    "行政处罚",
    "政处罚",
    "行政事业性收费",
    "一、本年新收政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（三）不予公开",
    "1.属于国家秘密",
    "3.危及“三安全一稳定”",
    "（六）其他处理",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
    "行政复议",
    "行政诉讼",
    "结果维持",
    "总计",
    "其他",
    "自然人",
    "商业 企业",
    "0",
    "12",
    "-3",
    "1.5",
    "/",
    "—",
    "十二",
    "𠮷",
    "\u{a0}",
    "\t",
    "|",
    " | ",
    "||",
    "\n",
    "\r\n",
    "\r",
    "#",
    "|---|",
    "2021年",
    "政府信息公开工作年度报告",
    "[bookmark: _GoBack]",
    "- 4 -",
    "99999999999999999999999999999999999999999",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        assert_sane(&s);
    }

    #[test]
    fn report_fragments_never_panic(parts in prop::collection::vec(prop::sample::select(PIECES), 0..200)) {
        assert_sane(&parts.concat());
    }

    #[test]
    fn arbitrary_bytes_decoded_lossily_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        assert_sane(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn a_surrogate_pair_inside_a_label_is_handled() {
    assert_sane("某局2021年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n（七）总𠮷计 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n");
}

#[test]
fn half_a_table_is_handled() {
    assert_sane("某局2021年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |\n自然人 | 法人或其他组织 | 总计\n一、本年新收政府信息公开申请数量 | 1 | 2");
}

#[test]
fn sums_beyond_the_range_of_json_numbers_are_reported_as_digits() {
    // Found by the reparse fuzz target: a total of 25 digits made the diagnostic's data panic.
    let text = "某局2021年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 | 9999999999999999999999999 | 0 | 0 | 0 | 0 | 0 | 1 |\n";
    let a = analyze(text, &ParseOptions::default());
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "row-total")
        .expect("a row-total error");
    assert_eq!(d.data["expected"], "9999999999999999999999999");
    assert_eq!(d.data["actual"], 1);
}

#[test]
fn thousands_of_junk_rows_give_the_first_ones_and_a_count_of_the_rest() {
    let base = include_str!("../../../examples/example-report-2021.txt");
    let at = base.find("二、主动公开政府信息情况").expect("section 二");
    let at = at + base[at..].find("规章").expect("规章");
    let at = at + base[at..].find('\n').expect("a line end") + 1;
    let junk = "其他主动公开文件 | 1 | 2 | 3 |\n".repeat(1000);
    let text = format!("{}{junk}{}", &base[..at], &base[at..]);
    let a = analyze(&text, &ParseOptions::default());
    let unknown: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "unknown-row")
        .collect();
    let notes: Vec<String> = unknown
        .iter()
        .filter(|d| d.severity == nianbao_core::Severity::Information)
        .map(|d| d.message(nianbao_core::Lang::Zh))
        .collect();
    assert_eq!(unknown.len(), nianbao_core::check::MAX_SAME + 1);
    assert_eq!(notes, ["此后另有 800 处同类问题（unknown-row）未逐一列出"]);
}
