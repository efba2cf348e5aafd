//! The same small table written in each layout real reports use gives the same cells and
//! diagnostics.

use nianbao_core::catalog::TableKind;
use nianbao_core::{analyze, Lang, ParseOptions};

const HEAD: &str = "某局2021年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n";

/// The values of table 三's row `key`, by column, as the parser read them.
fn row_values(text: &str, key: &str) -> Vec<String> {
    let a = analyze(text, &ParseOptions::default());
    let t = a.report.table(TableKind::T3).expect("table 三 is found");
    let row = t.row(key).expect("row is found");
    (0..7)
        .map(|c| {
            row.cell(c)
                .map_or("?".into(), |cell| cell.range.slice(text).to_owned())
        })
        .collect()
}

fn messages(text: &str, code: &str) -> Vec<String> {
    analyze(text, &ParseOptions::default())
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == code)
        .map(|d| d.message(Lang::Zh))
        .collect()
}

#[test]
fn one_row_in_every_layout() {
    let layouts = [
        "一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 2 | 0 | 9 |\n",
        "| 一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 2 | 0 | 9 |\n",
        "一、本年新收政府信息公开申请数量\t5\t1\t0\t0\t2\t0\t9\n",
        "一、本年新收政府信息公开申请数量 5 1 0 0 2 0 9\n",
        "一、本年新收政府信息公开申请数量 |\n5 |\n1 |\n0 |\n0 |\n2 |\n0 |\n9 |\n",
        "一、本年新收政府信息公开申请数量\n\n5\n\n1\n\n\u{a0}0\n\n0\n\n2\n\n0\n\n9\n",
        "\t一、本年新收政府信息公开申请数量\n\t5\u{a0}\n\t1\u{a0}\n\t0\u{a0}\n\t0\u{a0}\n\t2\u{a0}\n\t0\u{a0}\n\t9\u{a0}\n",
        "一、本年新收\n政府信息公开申请数量 5 1 0 0 2 0 9\n",
    ];
    for body in layouts {
        let text = format!("{HEAD}{body}");
        assert_eq!(
            row_values(&text, "new"),
            ["5", "1", "0", "0", "2", "0", "9"],
            "{body:?}"
        );
        assert_eq!(
            messages(&text, "row-total"),
            ["一、本年新收政府信息公开申请数量·总计 应为 8（自然人、法人或其他组织各列之和），实为 9"],
            "{body:?}"
        );
    }
}

#[test]
fn a_flat_markdown_header_states_the_column_order() {
    let text = format!(
        "{HEAD}| 项目 | 总计 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n|---|---|---|---|---|---|---|---|\n| 一、本年新收政府信息公开申请数量 | 8 | 5 | 1 | 0 | 0 | 2 | 0 |\n"
    );
    assert_eq!(
        row_values(&text, "new"),
        ["5", "1", "0", "0", "2", "0", "8"]
    );
    assert_eq!(messages(&text, "row-total"), Vec::<String>::new());
}

#[test]
fn the_merged_header_read_linearly_keeps_the_format_order() {
    let text = format!(
        "{HEAD}| 申请人情况 | 自然人 | 法人或其他组织 | 总计 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 2 | 0 | 8 |\n"
    );
    assert_eq!(
        row_values(&text, "new"),
        ["5", "1", "0", "0", "2", "0", "8"]
    );
}

#[test]
fn a_total_row_without_its_numbering_is_still_the_total() {
    let text = format!("{HEAD}总计 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n");
    assert_eq!(
        row_values(&text, "total"),
        ["1", "0", "0", "0", "0", "0", "1"]
    );
    assert_eq!(
        messages(&text, "label-typo"),
        ["行名称“总计”与年度报告格式不一致，应为“（七）总计”"]
    );
}

#[test]
fn a_group_label_and_its_first_row_on_one_pdf_line() {
    let text = format!("{HEAD}（三）不予公开 1.属于国家秘密 1 0 0 0 0 0 1\n");
    assert_eq!(
        row_values(&text, "refused.state_secret"),
        ["1", "0", "0", "0", "0", "0", "1"]
    );
}
