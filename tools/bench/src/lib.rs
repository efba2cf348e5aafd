//! The documents the benchmarks run on, built from the synthetic-report generator: a typical report
//! (about 20 KB, narrative included), a long narrative of several megabytes in one section, a 汇总 of
//! many units' reports in one file, and folders of varied reports for the batch benchmark.

use nianbao_core::catalog::Format;
use nianbao_tests::gen::{build, render_blocks, Block, Layout, ReportSpec, Rng, Style};

/// Sentences the narrative paragraphs are made of (the kind of prose sections 一, 五 and 六 hold).
const SENTENCES: [&str; 12] = [
    "本机关坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》",
    "围绕中心工作，紧扣群众关切，持续深化政务公开，不断提升政府工作透明度",
    "全年通过政府门户网站主动公开各类政府信息{n}条，其中政策文件{m}件，政策解读{k}篇",
    "进一步规范依申请公开的受理、审核和答复流程，依法保障人民群众的知情权、参与权和监督权",
    "健全信息发布前的保密审查机制，坚持先审查后公开、一事一审，全年未发生泄密事件",
    "持续优化政府信息公开专栏的栏目设置，及时更新机构职能、领导分工和办事指南等内容",
    "组织开展政务公开业务培训{k}次，参训人员{n}人次，工作人员的业务能力明显提升",
    "通过新闻发布会、在线访谈和政务新媒体等渠道，多角度解读重要政策，回应社会关切",
    "将政务公开工作纳入年度绩效考核，明确分管领导和具体承办人员，形成一级抓一级的工作格局",
    "下一步，将继续加强政策解读和回应关切，提升公开质量和实效，推动政务公开工作再上新台阶",
    "主动接受社会监督，在门户网站设置意见箱，全年收到并办理群众意见建议{m}条",
    "存在的主要问题是部分栏目更新不够及时，政策解读的形式还不够丰富",
];

/// A paragraph of narrative of about `chars` characters, varied by `rng`.
pub fn paragraph(rng: &mut Rng, chars: usize) -> String {
    let mut p = String::new();
    while p.chars().count() < chars {
        let s = rng
            .pick(&SENTENCES)
            .replace("{n}", &(rng.below(900) + 10).to_string());
        let s = s
            .replace("{m}", &(rng.below(90) + 1).to_string())
            .replace("{k}", &(rng.below(9) + 1).to_string());
        p.push_str(&s);
        p.push(if rng.chance(0.7) { '，' } else { '。' });
    }
    p.pop();
    p.push('。');
    p
}

/// A clean report's figures: a 2019-format report (2019 or 2020) one time in five, else a
/// 2021-format one (2021 to 2024), drawn with `rng`.
fn consistent_spec(rng: &mut Rng, seed: u64) -> ReportSpec {
    let format = if rng.chance(0.2) {
        Format::F2019
    } else {
        Format::F2021
    };
    let year = if format == Format::F2019 {
        2019 + rng.below(2) as i32
    } else {
        2021 + rng.below(4) as i32
    };
    ReportSpec::consistent(format, year, seed)
}

/// The blocks of a clean report drawn from `seed`, in a random style, with `extra` bytes of
/// narrative added to sections 一, 五 and 六 (in paragraphs of about 150 characters).
fn blocks(seed: u64, extra: usize) -> Vec<Block> {
    let mut rng = Rng::new(seed);
    let spec = consistent_spec(&mut rng, seed);
    let mut style = Style::random(seed);
    style.crlf = false;
    let mut blocks = build(&spec, &style);
    if extra == 0 {
        return blocks;
    }
    // Each of the three narrative sections gets a third of the extra text, after its heading's
    // first block.
    for section in [1u8, 5, 6] {
        let Some(at) = blocks
            .iter()
            .position(|b| matches!(b, Block::Heading(id, _) if *id == section))
        else {
            continue;
        };
        let mut added = Vec::new();
        let mut bytes = 0;
        while bytes < extra / 3 {
            let p = paragraph(&mut rng, 150);
            bytes += p.len() + 1;
            added.push(Block::Para(p));
        }
        let at = (at + 2).min(blocks.len());
        blocks.splice(at..at, added);
    }
    blocks
}

/// A clean generated report in `layout`, drawn from `seed`, with `extra` bytes of narrative.
pub fn report(seed: u64, layout: Layout, extra: usize) -> String {
    let style = Style::random(seed);
    render_blocks(
        &blocks(seed, extra),
        layout,
        &Style {
            crlf: false,
            ..style
        },
    )
    .text
}

/// A report with errors in it, as the batch benchmark's folders hold: one or two values changed.
pub fn varied_report(seed: u64) -> String {
    let mut rng = Rng::new(seed ^ 0xBA7C);
    let layout = *rng.pick(&Layout::ALL);
    let extra = rng.below(6000) as usize;
    let mut text = report(seed, layout, extra);
    // A wrong number here and there, so that the output holds diagnostics as real folders do.
    if rng.chance(0.5) {
        if let Some(at) = text.find("（七）总计").or_else(|| text.find("(七)总计")) {
            if let Some(d) = text[at..].find(|c: char| c.is_ascii_digit()) {
                text.insert(at + d, '1');
            }
        }
    }
    text
}

/// The typical report of the latency benchmarks: about 20 KB, pipe rows, narrative in 一, 五 and 六.
pub fn typical() -> String {
    report(7, Layout::RowPipe, 14_000)
}

/// A report whose section 一 (总体情况, the section real reports make long) holds a narrative of `bytes`
/// bytes: one paragraph per line, no heading and no blank line in it.
pub fn long_narrative(bytes: usize) -> String {
    let base = typical();
    let at = base.find("一、总体情况").expect("section 一");
    let at = at + base[at..].find('\n').map_or(base.len() - at, |i| i + 1);
    let mut rng = Rng::new(42);
    let mut narrative = String::with_capacity(bytes + 1024);
    while narrative.len() < bytes {
        narrative.push_str(&paragraph(&mut rng, 150));
        narrative.push('\n');
    }
    format!("{}{}{}", &base[..at], narrative, &base[at..])
}

/// A 汇总: the reports of many units, in varied layouts, one after another in one file, up to
/// `bytes`.
pub fn summary(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 64 * 1024);
    let mut seed = 1000;
    while out.len() < bytes {
        let layout = Layout::ALL[(seed % Layout::ALL.len() as u64) as usize];
        out.push_str(&report(seed, layout, 4_000));
        out.push('\n');
        seed += 1;
    }
    out
}

/// Where a benchmark edits: the byte offset just after the first number of the row `label`, in the
/// `nth` occurrence of the label (counted from 0); `None` when there is no such row.
pub fn cell_after(text: &str, label: &str, nth: usize) -> Option<usize> {
    let at = text.match_indices(label).nth(nth)?.0 + label.len();
    let rest = &text[at..];
    let d = rest.find(|c: char| c.is_ascii_digit())?;
    let end = rest[d..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(rest.len(), |e| d + e);
    Some(at + end)
}

/// The byte offset of the end of the first narrative line (a line longer than 200 bytes) from the
/// line that holds `from` on (`from` may be any byte offset).
pub fn narrative_line_end(text: &str, from: usize) -> Option<usize> {
    // From the start of the line after `from` (or the text's start).
    let bytes = text.as_bytes();
    let mut at = bytes[..from.min(text.len())]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        if end - at > 200 {
            // Before the final 。, so that typing stays inside the sentence.
            return Some(end - '。'.len_utf8());
        }
        at = end + 1;
    }
    None
}

/// The zero-based line and UTF-16 column of a byte offset.
pub fn utf16_position(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].encode_utf16().count() as u32;
    (line, col)
}

/// A generated report as a Word file (`nianbao_tests::docgen`): merged table cells, list-numbered
/// headings in some, split runs, header and footer parts; drawn from `seed` like [`varied_report`].
pub fn varied_docx(seed: u64) -> Vec<u8> {
    use nianbao_tests::docgen::{docx, DocStyle};
    let spec = consistent_spec(&mut Rng::new(seed ^ 0xD0C5), seed);
    docx(&spec, &Style::random(seed), &DocStyle::random(seed))
}
