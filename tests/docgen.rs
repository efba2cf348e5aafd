//! Generated reports as the documents they are published in: the article page of a government site
//! (HTML, UTF-8 or GBK, tables pasted from Word with merged cells) and the Word file itself (a
//! minimal WordprocessingML package: runs split mid-word, list-numbered headings,
//! `gridSpan`/`vMerge` tables, header, footer, footnote and comment parts that are no report text).
//!
//! The content is [`gen::build`]'s: the title, headings and narrative of its blocks, and the cells
//! of its tables (with the planted errors in them), drawn on the grids of the official templates.
//! Every label and column header comes from `nianbao_core::catalog`; only the page chrome and the
//! texts of the parts that must not be read are written here. See `/work/shared/documents.md` for
//! the real shapes imitated.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use nianbao_core::catalog::{
    table_spec, Format, RowKind, TableKind, T3_COLUMNS, T4_COLUMNS, T4_GROUPS,
};

use crate::gen::{
    self, extra_headers, half_width, Block, Piece, Plant, ReportSpec, Rng, Style, Target,
};

// ---- Choices ------------------------------------------------------------------------------------

/// The encoding a web page is served in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    Utf8,
    /// GBK bytes, declared as `gb2312` or `gbk` (sites declare gb2312 and write GBK).
    Gbk,
}

/// How the section headings of a Word file get their numerals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// Typed in the text: `一、总体情况`.
    Typed,
    /// Word's list numbering on the paragraph (`<w:numPr>`), the text holding only `总体情况`.
    Direct,
    /// The same numbering linked to the `Heading1` style: the paragraph names only its style.
    ViaStyle,
}

/// The choices a site or a drafter makes that do not change what a report says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocStyle {
    /// Web page: its encoding.
    pub charset: Charset,
    /// Web page: the charset in `<meta http-equiv="Content-Type" content="text/html; charset=…">`
    /// rather than `<meta charset="…">`.
    pub http_equiv: bool,
    /// Web page: the whole article inside a layout `<table>`.
    pub layout_table: bool,
    /// Web page: table 三's header merged with `rowspan` (else the "flattened" CMS shape with empty
    /// placeholder cells). Word files always merge it.
    pub merged_t3_header: bool,
    /// Web page: the site footer in a `<footer>` element (else a `<div id="footer">`).
    pub footer_element: bool,
    /// Web page: the title again at the top of the article body, as pasted from the Word file.
    pub title_in_body: bool,
    /// Word: how headings are numbered (typed numerals whenever a heading is planted missing, since
    /// Word would renumber the others).
    pub numbering: Numbering,
    /// Word: a tab after a list number (else nothing, `<w:suff w:val="nothing"/>`).
    pub number_tab: bool,
    /// Word: a footnote on the preamble.
    pub footnote: bool,
    /// Word: a reviewer's comment on section 五.
    pub comment: bool,
    /// Word: tracked changes (an insertion that is text and a deletion that is not).
    pub revisions: bool,
    /// Word: the title inside a content control (`<w:sdt>`), as templates have it.
    pub content_control: bool,
    /// Drives the splitting of runs, spans and the other small choices.
    pub seed: u64,
}

impl DocStyle {
    pub fn random(seed: u64) -> DocStyle {
        let mut r = Rng::new(seed.rotate_left(29) ^ 0xD0C5);
        DocStyle {
            charset: if r.chance(0.5) {
                Charset::Gbk
            } else {
                Charset::Utf8
            },
            http_equiv: r.chance(0.5),
            layout_table: r.chance(0.3),
            merged_t3_header: r.chance(0.5),
            footer_element: r.chance(0.5),
            title_in_body: r.chance(0.4),
            numbering: *r.pick(&[Numbering::Typed, Numbering::Direct, Numbering::ViaStyle]),
            number_tab: r.chance(0.5),
            footnote: r.chance(0.6),
            comment: r.chance(0.6),
            revisions: r.chance(0.4),
            content_control: r.chance(0.3),
            seed: r.next_u64(),
        }
    }
}

/// The text of a Word file's page header, which is no report text.
pub const WORD_HEADER_TEXT: &str = "内部资料　注意保存　第2期";
/// A footnote's text: a figure that would contradict table 三 if it were read as narrative.
pub const WORD_FOOTNOTE_TEXT: &str = "注：本年共新收政府信息公开申请99999件。";
/// A reviewer's comment, likewise.
pub const WORD_COMMENT_TEXT: &str = "请核对：本年共新收政府信息公开申请88888件。";
/// Text deleted with tracked changes on, likewise.
pub const WORD_DELETED_TEXT: &str = "本年共新收政府信息公开申请77777件。";

/// The style the document's blocks are built in: the options that only text extractions produce
/// (labels split by a space or broken over lines, bookmark marks, page breaks, chrome lines,
/// filler, a title broken over lines) are off; the page chrome is the page's own; headings keep the
/// format's numbering, which Word's list numbering replaces.
fn doc_style(style: &Style) -> Style {
    Style {
        spaced_labels: false,
        artefacts: false,
        chrome: false,
        fillers: false,
        crlf: false,
        split_title: false,
        broken_labels: false,
        page_headers: false,
        heading_numbering: "{n}、",
        ..style.clone()
    }
}

// ---- Tables on their grids ----------------------------------------------------------------------

/// A cell as drawn: its paragraphs (one empty paragraph for a blank cell) and the grid it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub lines: Vec<String>,
    pub colspan: usize,
    pub rowspan: usize,
}

impl Cell {
    fn new(text: &str, colspan: usize, rowspan: usize) -> Cell {
        Cell {
            lines: vec![text.to_owned()],
            colspan,
            rowspan,
        }
    }
}

/// A table as drawn: the widths of its grid columns (twips) and, per row, the cells that start in
/// it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub kind: TableKind,
    pub widths: Vec<u32>,
    /// How many rows at the top are column headers.
    pub header_rows: usize,
    pub rows: Vec<Vec<Cell>>,
}

/// A row of a table as written: its label (none for table 四), the key of the catalog row whose
/// place it takes, and its value texts.
struct Row {
    label: Option<String>,
    key: &'static str,
    values: Vec<String>,
}

/// The rows of a built table, header rows left out (the grid draws its own headers); a group label
/// that shares a line with its first row starts a row of its own.
fn rows_of(pieces: &[Vec<Piece>]) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    for line in pieces {
        let mut open = false;
        for p in line {
            match p.target {
                Target::Label(_, key) | Target::OtherLabel(_, key) => {
                    out.push(Row {
                        label: Some(p.text.clone()),
                        key,
                        values: Vec::new(),
                    });
                    open = true;
                }
                Target::Cell(_, key, _) | Target::OtherCell(_, key, _) | Target::Extra(_, key) => {
                    if !open {
                        out.push(Row {
                            label: None,
                            key,
                            values: Vec::new(),
                        });
                        open = true;
                    }
                    if let Some(row) = out.last_mut() {
                        row.values.push(p.text.clone());
                    }
                }
                Target::Header | Target::Dropped | Target::Title | Target::Heading(_) => {}
            }
        }
    }
    out
}

/// A header cell in the style's punctuation, split into two paragraphs as drafters break long
/// headers.
fn header(style: &Style, label: &str, colspan: usize, rowspan: usize) -> Cell {
    let text = if style.full_width {
        label.to_owned()
    } else {
        half_width(label)
    };
    let mut lines = vec![text.clone()];
    if style.broken_headers {
        let chars: Vec<char> = text.chars().collect();
        if let Some(at) = chars.iter().position(|c| matches!(c, '，' | ',')) {
            lines = vec![
                chars[..=at].iter().collect(),
                chars[at + 1..].iter().collect(),
            ];
        } else if chars.len() >= 6 && chars.iter().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)) {
            lines = vec![chars[..3].iter().collect(), chars[3..].iter().collect()];
        }
    }
    Cell {
        lines,
        colspan,
        rowspan,
    }
}

/// Draws a built table on its template's grid.
pub fn grid(
    kind: TableKind,
    pieces: &[Vec<Piece>],
    format: Format,
    style: &Style,
    doc: &DocStyle,
) -> Grid {
    let rows = rows_of(pieces);
    match kind {
        TableKind::T2 => t2_grid(&rows, format, style),
        TableKind::T3 => t3_grid(&rows, format, style, doc.merged_t3_header),
        TableKind::T4 => t4_grid(&rows, style),
    }
}

/// Table 二: block rows across the table, each followed by its header row; in the 2021 format a
/// block of one column spans it over the three value columns (`colspan="3"`), in the 2019 format
/// the labels take two grid columns and a block of two columns spans its second one over two.
fn t2_grid(rows: &[Row], format: Format, style: &Style) -> Grid {
    let f2019 = format == Format::F2019;
    let width = if f2019 { 5 } else { 4 };
    let label_span = if f2019 { 2 } else { 1 };
    let spans = |n: usize| -> Vec<usize> {
        match (f2019, n) {
            (false, 1) => vec![3],
            (true, 2) => vec![1, 2],
            _ => vec![1; n],
        }
    };
    let spec = table_spec(TableKind::T2, format);
    let info = extra_headers().info_content;
    let mut out = Vec::new();
    for r in rows {
        let label = r.label.clone().unwrap_or_default();
        match spec.row(r.key).map(|(_, rs)| &rs.kind) {
            Some(RowKind::Block(cols)) => {
                out.push(vec![Cell::new(&label, width, 1)]);
                let mut h = vec![header(style, info, label_span, 1)];
                h.extend(
                    cols.iter()
                        .zip(spans(cols.len()))
                        .map(|(c, span)| header(style, c.label, span, 1)),
                );
                out.push(h);
            }
            Some(RowKind::Data(cols)) => {
                let mut cells = vec![Cell::new(&label, label_span, 1)];
                let mut spans = spans(cols.len()).into_iter();
                cells.extend(
                    r.values
                        .iter()
                        .map(|v| Cell::new(v, spans.next().unwrap_or(1), 1)),
                );
                out.push(cells);
            }
            _ => out.push(vec![Cell::new(&label, width, 1)]),
        }
    }
    let widths = if f2019 {
        vec![1000, 1000, 2000, 2000, 2000]
    } else {
        vec![2000, 2000, 2000, 2000]
    };
    Grid {
        kind: TableKind::T2,
        widths,
        header_rows: 0,
        rows: out,
    }
}

/// Table 三: the header (merged, or flattened with placeholders), then 三、本年度办理结果 down the first
/// column over the outcome rows and （七）总计, and each group （三）…（六） down the second over its rows.
fn t3_grid(rows: &[Row], format: Format, style: &Style, merged: bool) -> Grid {
    let h = extra_headers();
    let cols: Vec<&str> = T3_COLUMNS.iter().map(|c| c.label).collect();
    let mut out = Vec::new();
    if merged {
        out.push(vec![
            header(style, h.t3_note, 3, 3),
            header(style, h.applicant, 7, 1),
        ]);
        out.push(vec![
            header(style, cols[0], 1, 2),
            header(style, h.legal_person, 5, 1),
            header(style, cols[6], 1, 2),
        ]);
        out.push(cols[1..6].iter().map(|c| header(style, c, 1, 1)).collect());
    } else {
        out.push(vec![
            header(style, h.t3_note, 3, 1),
            header(style, h.applicant, 7, 1),
        ]);
        out.push(vec![
            header(style, cols[0], 1, 1),
            header(style, h.legal_person, 5, 1),
            header(style, cols[6], 1, 1),
        ]);
        let mut third = vec![Cell::new("", 1, 1)];
        third.extend(cols[1..6].iter().map(|c| header(style, c, 1, 1)));
        third.push(Cell::new("", 1, 1));
        out.push(third);
    }
    let spec = table_spec(TableKind::T3, format);
    let top_level = |k: &str| matches!(k, "new" | "carried_in" | "carried_out");
    // How many more rows the outcome cell and a group cell cover, and the cells waiting for their
    // first row.
    let (mut outer, mut inner) = (0usize, 0usize);
    let mut pending: Vec<Cell> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let label = r.label.clone().unwrap_or_default();
        let used = usize::from(outer > 0) + usize::from(inner > 0);
        if let Some((_, rs)) = spec.row(r.key).filter(|(_, rs)| !rs.is_data()) {
            let below = rows[i + 1..].iter();
            let n = if rs.key == "outcomes" {
                below
                    .take_while(|x| !top_level(x.key) && x.key != "outcomes")
                    .count()
            } else {
                let prefix = format!("{}.", rs.key);
                below.take_while(|x| x.key.starts_with(&prefix)).count()
            };
            if n == 0 {
                out.push(vec![Cell::new(&label, 3 - used, 1)]);
            } else {
                pending.push(Cell::new(&label, 1, n));
                if rs.key == "outcomes" {
                    outer = n;
                } else {
                    inner = n;
                }
            }
            continue;
        }
        let mut cells = std::mem::take(&mut pending);
        cells.push(Cell::new(&label, 3 - used, 1));
        cells.extend(r.values.iter().map(|v| Cell::new(v, 1, 1)));
        out.push(cells);
        outer = outer.saturating_sub(1);
        inner = inner.saturating_sub(1);
    }
    let mut widths = vec![500, 900, 2300];
    widths.extend([620; 7]);
    Grid {
        kind: TableKind::T3,
        widths,
        header_rows: 3,
        rows: out,
    }
}

/// Table 四: 行政复议 over five columns and 行政诉讼 over ten; the review group's five headers down two rows
/// beside 未经复议直接起诉 and 复议后起诉 over five each; then the ten litigation headers and the values.
fn t4_grid(rows: &[Row], style: &Style) -> Grid {
    let h = extra_headers();
    let mut out = vec![vec![
        header(style, T4_GROUPS[0].1, 5, 1),
        header(style, h.litigation, 10, 1),
    ]];
    let mut second: Vec<Cell> = T4_COLUMNS[..5]
        .iter()
        .map(|c| header(style, c.label, 1, 2))
        .collect();
    second.push(header(style, T4_GROUPS[1].1, 5, 1));
    second.push(header(style, T4_GROUPS[2].1, 5, 1));
    out.push(second);
    out.push(
        T4_COLUMNS[5..]
            .iter()
            .map(|c| header(style, c.label, 1, 1))
            .collect(),
    );
    for r in rows {
        let mut cells: Vec<Cell> = r.label.iter().map(|l| Cell::new(l, 1, 1)).collect();
        cells.extend(r.values.iter().map(|v| Cell::new(v, 1, 1)));
        out.push(cells);
    }
    Grid {
        kind: TableKind::T4,
        widths: vec![560; 15],
        header_rows: 3,
        rows: out,
    }
}

// ---- Small helpers ------------------------------------------------------------------------------

/// Escapes text for HTML and XML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// A text cut into runs the way editors leave it: anywhere, even inside a word, and where digits
/// start or end (Word gives them their own font).
fn runs(text: &str, rng: &mut Rng) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut cuts: Vec<usize> = (0..rng.below(4))
        .map(|_| rng.below(chars.len() as u64 + 1) as usize)
        .collect();
    for i in 1..chars.len() {
        if chars[i - 1].is_ascii_digit() != chars[i].is_ascii_digit() && rng.chance(0.5) {
            cuts.push(i);
        }
    }
    cuts.push(chars.len());
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let mut start = 0;
    for cut in cuts {
        if cut > start {
            out.push(chars[start..cut].iter().collect());
            start = cut;
        }
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

fn is_section_five_para(text: &str) -> bool {
    text.contains("不足")
}

// ---- Web pages ----------------------------------------------------------------------------------

/// The report as its article page: page chrome, scripts and styles around the article, paragraphs
/// with spans, tables pasted from Word; encoded and declared as `doc.charset` says.
pub fn html(spec: &ReportSpec, style: &Style, doc: &DocStyle) -> Vec<u8> {
    let page = html_text(spec, style, doc);
    match doc.charset {
        Charset::Utf8 => page.into_bytes(),
        Charset::Gbk => encoding_rs::GBK.encode(&page).0.into_owned(),
    }
}

/// The page before it is encoded.
pub fn html_text(spec: &ReportSpec, style: &Style, doc: &DocStyle) -> String {
    let style = doc_style(style);
    let blocks = gen::build(spec, &style);
    let mut rng = Rng::new(doc.seed ^ 0x4854_4D4C);
    let y = spec.year;
    let charset = match (doc.charset, rng.chance(0.5)) {
        (Charset::Utf8, _) => "utf-8",
        (Charset::Gbk, true) => "gb2312",
        (Charset::Gbk, false) => "gbk",
    };
    let title = blocks
        .iter()
        .find_map(|b| {
            if let Block::Title(t) = b {
                Some(t.clone())
            } else {
                None
            }
        })
        .unwrap_or_default();
    let mut p = String::new();
    if doc.http_equiv {
        p.push_str("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n");
        p.push_str("<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n");
        let _ = writeln!(
            p,
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\" />"
        );
    } else {
        p.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n");
        let _ = writeln!(p, "<meta charset=\"{charset}\">");
    }
    let _ = writeln!(
        p,
        "<meta name=\"ArticleTitle\" content=\"{}\">",
        esc(&title)
    );
    let _ = writeln!(p, "<title>{}_{}</title>", esc(&title), esc(&spec.agency));
    p.push_str("<style type=\"text/css\">\nbody{margin:0;font-family:\"微软雅黑\";}\n.TRS_Editor p{line-height:2;font-size:16px;}\n.TRS_Editor table td{border:1px solid #000;}\n</style>\n");
    p.push_str("<script type=\"text/javascript\">var _hmt = _hmt || [];\nfunction setFont(s){ document.getElementById('zoom').style.fontSize = s + 'px'; }\nvar tpl = \"<p>一、总体情况</p><td>0</td>\";\n</script>\n");
    p.push_str("</head>\n<body>\n");
    let _ = writeln!(
        p,
        "<div class=\"top-bar\"><span>{}门户网站</span> <a href=\"#\">无障碍</a> <a href=\"#\">长者模式</a></div>",
        esc(&spec.agency)
    );
    p.push_str("<nav class=\"menu\"><ul><li><a href=\"/\">首页</a></li><li><a href=\"/zwgk/\">政务公开</a></li><li><a href=\"/hdjl/\">互动交流</a></li><li><a href=\"/bsfw/\">办事服务</a></li></ul></nav>\n");
    p.push_str("<div class=\"location\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/zwgk/\">政务公开</a> &gt; <a href=\"/zwgk/ndbg/\">政府信息公开年报</a></div>\n");
    if doc.layout_table {
        p.push_str(
            "<table width=\"1000\" border=\"0\" align=\"center\" cellpadding=\"0\" cellspacing=\"0\"><tr><td valign=\"top\">\n",
        );
    }
    p.push_str("<div class=\"article\">\n");
    let _ = writeln!(p, "<h1 class=\"article-title\">{}</h1>", esc(&title));
    let _ = writeln!(
        p,
        "<div class=\"info\">发布日期：{}-01-20　来源：{}　浏览次数：<span id=\"hits\">{}</span>　【字体：<a href=\"javascript:setFont(18)\">大</a> <a href=\"javascript:setFont(16)\">中</a> <a href=\"javascript:setFont(14)\">小</a>】</div>",
        y + 1,
        esc(&spec.agency),
        100 + spec.t4[0] * 7
    );
    p.push_str("<div class=\"share\">分享到：<a href=\"#\">微信</a> <a href=\"#\">微博</a> <a href=\"#\">QQ空间</a></div>\n");
    p.push_str("<div class=\"TRS_Editor\" id=\"zoom\">\n");
    for b in &blocks {
        match b {
            Block::Chrome(_) => {}
            Block::Title(t) => {
                if doc.title_in_body {
                    let _ = writeln!(
                        p,
                        "<p align=\"center\" style=\"text-align:center\"><strong><span style=\"font-size:22pt;font-family:方正小标宋简体\">{}</span></strong></p>",
                        html_runs(t, &mut rng)
                    );
                }
            }
            Block::Heading(_, t) => match rng.below(3) {
                0 => {
                    let _ = writeln!(
                        p,
                        "<p style=\"text-indent:2em\"><strong>{}</strong></p>",
                        html_runs(t, &mut rng)
                    );
                }
                1 => {
                    let _ = writeln!(p, "<h3>{}</h3>", esc(t));
                }
                _ => {
                    let _ = writeln!(
                        p,
                        "<p class=\"MsoNormal\" style=\"text-indent:32pt\"><b><span style=\"font-family:黑体\">{}</span></b></p>",
                        html_runs(t, &mut rng)
                    );
                }
            },
            Block::Para(t) => {
                let text = html_runs(t, &mut rng);
                let _ = match rng.below(5) {
                    0 => writeln!(p, "<p style=\"text-indent:2em\">{text}</p>"),
                    1 => writeln!(p, "<p>&nbsp;&nbsp;&nbsp;&nbsp;{text}</p>"),
                    2 => writeln!(p, "<p>&ensp;&ensp;&#12288;{text}</p>"),
                    3 => writeln!(p, "<div style=\"text-indent:2em\">{text}<br/></div>"),
                    _ => writeln!(p, "<p class=\"MsoNormal\">\u{3000}\u{3000}{text}</p>"),
                };
            }
            Block::Table(kind, pieces) => {
                let g = grid(*kind, pieces, spec.format, &style, doc);
                html_table(&mut p, &g, &mut rng);
            }
        }
    }
    p.push_str("</div>\n<div class=\"attach\">附件：<a href=\"/files/report.docx\">报告电子版（Word格式）</a></div>\n</div>\n");
    if doc.layout_table {
        p.push_str("</td></tr></table>\n");
    }
    p.push_str("<div class=\"bottom-tools\"><a href=\"javascript:window.print()\">打印本页</a> <a href=\"javascript:window.close()\">关闭窗口</a></div>\n");
    let footer = format!(
        "主办单位：{}办公室　地址：某市人民路1号<br>网站标识码：1234000001　备案序号：某ICP备12345678号",
        esc(&spec.agency)
    );
    if doc.footer_element {
        let _ = writeln!(p, "<footer class=\"footer\"><p>{footer}</p></footer>");
    } else {
        let _ = writeln!(p, "<div id=\"footer\"><p>{footer}</p></div>");
    }
    p.push_str(
        "<script src=\"/js/stat.js\"></script>\n<script>document.write('<p>访问量统计</p>');</script>\n</body>\n</html>\n",
    );
    p
}

/// A paragraph's text as pasted from Word: runs in `<span>`s (digits with `lang="EN-US"`), or bare.
fn html_runs(text: &str, rng: &mut Rng) -> String {
    if rng.chance(0.3) {
        return esc(text);
    }
    let mut out = String::new();
    for run in runs(text, rng) {
        if run.starts_with(|c: char| c.is_ascii_digit()) {
            let _ = write!(
                out,
                "<span lang=\"EN-US\" style=\"font-family:'Times New Roman'\">{}</span>",
                esc(&run)
            );
        } else {
            let _ = write!(
                out,
                "<span style=\"font-family:仿宋_GB2312;font-size:16pt\">{}</span>",
                esc(&run)
            );
        }
    }
    out
}

/// A table as Word pastes it into a CMS: `nowrap` cells with inline widths, each text in a centred
/// paragraph, `&nbsp;` in a blank cell.
fn html_table(p: &mut String, g: &Grid, rng: &mut Rng) {
    let total: u32 = g.widths.iter().sum();
    let _ = writeln!(
        p,
        "<table class=\"MsoNormalTable\" border=\"1\" cellspacing=\"0\" cellpadding=\"0\" width=\"{}\" style=\"border-collapse:collapse;border:none\">",
        total / 15
    );
    // Some editors indent the markup; some sites put the header rows in a `<thead>`.
    let (nl, indent) = if rng.chance(0.4) {
        ("\n", "  ")
    } else {
        ("", "")
    };
    let thead = g.header_rows > 0 && rng.chance(0.3);
    p.push_str(if thead { "<thead>\n" } else { "<tbody>\n" });
    for (ri, row) in g.rows.iter().enumerate() {
        if thead && ri == g.header_rows {
            p.push_str("</thead>\n<tbody>\n");
        }
        p.push_str("<tr>");
        let mut col = 0;
        for cell in row {
            let width: u32 = g.widths.iter().skip(col).take(cell.colspan).sum();
            col += cell.colspan;
            let _ = write!(p, "{nl}{indent}<td");
            if rng.chance(0.7) {
                p.push_str(" nowrap");
            }
            if cell.colspan > 1 {
                let _ = write!(p, " colspan=\"{}\"", cell.colspan);
            }
            if cell.rowspan > 1 {
                let _ = write!(p, " rowspan=\"{}\"", cell.rowspan);
            }
            let _ = write!(
                p,
                " valign=\"center\" style=\"width:{:.1}pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt\">{nl}{indent}{indent}",
                f64::from(width) / 20.0
            );
            let texts: Vec<String> = cell
                .lines
                .iter()
                .map(|l| {
                    if l.is_empty() {
                        "&nbsp;".to_owned()
                    } else {
                        esc(l)
                    }
                })
                .collect();
            // A header broken over two lines: two paragraphs, or one with a `<br>`.
            let paragraphs = if texts.len() > 1 && rng.chance(0.5) {
                vec![texts.join("<br>")]
            } else {
                texts
            };
            for text in paragraphs {
                if rng.chance(0.8) {
                    let _ = write!(
                        p,
                        "<p align=\"center\" style=\"text-align:center\"><span style=\"font-size:10.5pt\">{text}</span></p>"
                    );
                } else {
                    let _ = write!(p, "<p class=\"MsoNormal\" align=\"center\">{text}</p>");
                }
            }
            let _ = write!(p, "{nl}{indent}</td>");
        }
        let _ = writeln!(p, "{nl}</tr>");
    }
    p.push_str("</tbody>\n</table>\n");
}

// ---- Word files ---------------------------------------------------------------------------------

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The words of the narrative a Word file links to the site.
const SITE: &str = "政府门户网站";

/// Run properties: body text in 仿宋_GB2312 三号, headings in 黑体, the title in 方正小标宋简体 二号.
const RPR_BODY: &str = "<w:rPr><w:rFonts w:ascii=\"仿宋_GB2312\" w:hAnsi=\"仿宋_GB2312\" w:eastAsia=\"仿宋_GB2312\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr>";
const RPR_DIGITS: &str = "<w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"仿宋_GB2312\"/><w:sz w:val=\"32\"/></w:rPr>";
const RPR_HEADING: &str = "<w:rPr><w:rFonts w:ascii=\"黑体\" w:hAnsi=\"黑体\" w:eastAsia=\"黑体\"/><w:sz w:val=\"32\"/></w:rPr>";
const RPR_TITLE: &str = "<w:rPr><w:rFonts w:ascii=\"方正小标宋简体\" w:eastAsia=\"方正小标宋简体\"/><w:sz w:val=\"44\"/></w:rPr>";
const RPR_CELL: &str = "<w:rPr><w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\"/><w:sz w:val=\"21\"/></w:rPr>";

/// One `<w:t>` run (with `xml:space="preserve"` when its text has spaces at an end).
fn w_run(out: &mut String, rpr: &str, text: &str) {
    let preserve = if text.starts_with(' ') || text.ends_with(' ') {
        " xml:space=\"preserve\""
    } else {
        ""
    };
    let _ = write!(out, "<w:r>{rpr}<w:t{preserve}>{}</w:t></w:r>", esc(text));
}

/// A paragraph's runs, split as Word splits them, with the proofing marks and rendered page breaks
/// Word leaves between runs.
fn w_runs(out: &mut String, rpr: &str, text: &str, rng: &mut Rng) {
    for (i, run) in runs(text, rng).iter().enumerate() {
        if i > 0 && rng.chance(0.15) {
            out.push_str("<w:proofErr w:type=\"gramStart\"/>");
        }
        if i > 0 && rng.chance(0.05) {
            let _ = write!(out, "<w:r>{rpr}<w:lastRenderedPageBreak/></w:r>");
        }
        let rpr = if rpr == RPR_BODY && run.starts_with(|c: char| c.is_ascii_digit()) {
            RPR_DIGITS
        } else {
            rpr
        };
        w_run(out, rpr, run);
    }
}

/// What the body of a Word file holds besides its text: the parts referred to.
struct WordParts {
    footnote: bool,
    comment: bool,
    hyperlink: bool,
}

/// The report as a Word file (`.docx`).
pub fn docx(spec: &ReportSpec, style: &Style, doc: &DocStyle) -> Vec<u8> {
    let style = doc_style(style);
    let blocks = gen::build(spec, &style);
    let mut rng = Rng::new(doc.seed ^ 0x0D0C_0000);
    let dropped_heading = spec
        .plants
        .iter()
        .any(|p| matches!(p, Plant::DropHeading { .. }));
    let numbering = if dropped_heading {
        Numbering::Typed
    } else {
        doc.numbering
    };
    let mut body = String::new();
    let mut parts = WordParts {
        footnote: false,
        comment: false,
        hyperlink: false,
    };
    let mut paras = 0;
    for b in &blocks {
        match b {
            Block::Chrome(_) => {}
            Block::Title(t) => {
                if doc.content_control {
                    body.push_str(
                        "<w:sdt><w:sdtPr><w:alias w:val=\"标题\"/><w:id w:val=\"1473829\"/><w:text/></w:sdtPr><w:sdtContent>",
                    );
                }
                body.push_str(
                    "<w:p><w:pPr><w:pStyle w:val=\"Title\"/><w:jc w:val=\"center\"/></w:pPr>",
                );
                w_runs(&mut body, RPR_TITLE, t, &mut rng);
                body.push_str("</w:p>");
                if doc.content_control {
                    body.push_str("</w:sdtContent></w:sdt>");
                }
                // A blank line under the title, as drafters leave it.
                body.push_str("<w:p/>");
            }
            Block::Heading(_, t) => {
                let (ppr, text) = match numbering {
                    Numbering::Typed => ("<w:pPr><w:pStyle w:val=\"Heading1\"/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr>".to_owned(), t.as_str()),
                    Numbering::Direct => (
                        "<w:pPr><w:pStyle w:val=\"Heading1\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr>".to_owned(),
                        t.split_once('、').map_or(t.as_str(), |(_, rest)| rest),
                    ),
                    Numbering::ViaStyle => {
                        ("<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>".to_owned(), t.split_once('、').map_or(t.as_str(), |(_, rest)| rest))
                    }
                };
                body.push_str("<w:p>");
                body.push_str(&ppr);
                w_runs(&mut body, RPR_HEADING, text, &mut rng);
                body.push_str("</w:p>");
            }
            Block::Para(t) => {
                paras += 1;
                body.push_str("<w:p><w:pPr><w:spacing w:line=\"560\" w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr>");
                let comment_here = doc.comment && !parts.comment && is_section_five_para(t);
                if comment_here {
                    body.push_str("<w:commentRangeStart w:id=\"0\"/>");
                }
                if doc.revisions && paras == 2 {
                    // The first half of the paragraph inserted with tracking on, and a sentence
                    // deleted.
                    let cut = t
                        .char_indices()
                        .nth(t.chars().count() / 2)
                        .map_or(t.len(), |(i, _)| i);
                    body.push_str(
                        "<w:ins w:id=\"11\" w:author=\"起草人\" w:date=\"2022-01-05T09:00:00Z\">",
                    );
                    w_runs(&mut body, RPR_BODY, &t[..cut], &mut rng);
                    body.push_str("</w:ins><w:del w:id=\"12\" w:author=\"起草人\" w:date=\"2022-01-05T09:01:00Z\">");
                    let _ = write!(
                        body,
                        "<w:r>{RPR_BODY}<w:delText>{}</w:delText></w:r>",
                        esc(WORD_DELETED_TEXT)
                    );
                    body.push_str("</w:del>");
                    w_runs(&mut body, RPR_BODY, &t[cut..], &mut rng);
                } else if let Some((before, after)) = t.split_once(SITE).filter(|_| rng.chance(0.6))
                {
                    // The site's name as a link to it.
                    parts.hyperlink = true;
                    w_runs(&mut body, RPR_BODY, before, &mut rng);
                    let _ = write!(
                        body,
                        "<w:hyperlink r:id=\"rId7\" w:history=\"1\"><w:r><w:rPr><w:rStyle w:val=\"Hyperlink\"/></w:rPr><w:t>{SITE}</w:t></w:r></w:hyperlink>"
                    );
                    w_runs(&mut body, RPR_BODY, after, &mut rng);
                } else {
                    if comment_here || rng.chance(0.05) {
                        // Word's mark of the last edit.
                        body.push_str("<w:bookmarkStart w:id=\"20\" w:name=\"_GoBack\"/><w:bookmarkEnd w:id=\"20\"/>");
                    }
                    w_runs(&mut body, RPR_BODY, t, &mut rng);
                }
                if comment_here {
                    parts.comment = true;
                    body.push_str("<w:commentRangeEnd w:id=\"0\"/><w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"0\"/></w:r>");
                }
                if doc.footnote && !parts.footnote && paras == 1 {
                    parts.footnote = true;
                    body.push_str(
                        "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"1\"/></w:r>",
                    );
                }
                body.push_str("</w:p>");
            }
            Block::Table(kind, pieces) => {
                if rng.chance(0.3) {
                    // The table starts on a new page.
                    body.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
                }
                // Word's template merges table 三's header; the flattened shape is a CMS's.
                let g = grid(
                    *kind,
                    pieces,
                    spec.format,
                    &style,
                    &DocStyle {
                        merged_t3_header: true,
                        ..doc.clone()
                    },
                );
                w_table(&mut body, &g, &mut rng);
                // Word keeps a paragraph after every table.
                body.push_str("<w:p/>");
            }
        }
        if rng.chance(0.1) {
            body.push_str(
                "<w:p><w:pPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr></w:p>",
            );
        }
    }
    body.push_str(
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId3\"/><w:footerReference w:type=\"default\" r:id=\"rId4\"/>\
         <w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>\
         <w:cols w:space=\"425\"/><w:docGrid w:type=\"lines\" w:linePitch=\"312\"/></w:sectPr>",
    );
    let document = format!("{XML_DECL}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>{body}</w:body></w:document>");
    let title = blocks
        .iter()
        .find_map(|b| {
            if let Block::Title(t) = b {
                Some(t.clone())
            } else {
                None
            }
        })
        .unwrap_or_default();
    package(&document, &title, numbering, doc, &parts)
}

/// A table with its grid, `gridSpan`s and vertical merges: the first cell of a merge has `<w:vMerge
/// w:val="restart"/>`, the cells it covers below are present, empty, with a bare `<w:vMerge/>`.
fn w_table(out: &mut String, g: &Grid, rng: &mut Rng) {
    let total: u32 = g.widths.iter().sum();
    let _ = write!(
        out,
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\"/></w:tblPr><w:tblGrid>"
    );
    for w in &g.widths {
        let _ = write!(out, "<w:gridCol w:w=\"{w}\"/>");
    }
    out.push_str("</w:tblGrid>");
    let n = g.widths.len();
    // Per grid column: how many more rows the merge above covers, and that merge's width.
    let mut left = vec![0usize; n + 64];
    let mut span_of = vec![1usize; n + 64];
    let width = |col: usize, span: usize| -> u32 { g.widths.iter().skip(col).take(span).sum() };
    for row in &g.rows {
        out.push_str("<w:tr><w:trPr><w:jc w:val=\"center\"/></w:trPr>");
        let mut col = 0;
        let continued = |out: &mut String, col: &mut usize, left: &mut [usize]| {
            while *col < n && left[*col] > 0 {
                let span = span_of[*col];
                left[*col] -= 1;
                let _ = write!(
                    out,
                    "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>",
                    width(*col, span)
                );
                if span > 1 {
                    let _ = write!(out, "<w:gridSpan w:val=\"{span}\"/>");
                }
                out.push_str(
                    "<w:vMerge/><w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr></w:p></w:tc>",
                );
                *col += span;
            }
        };
        let mut starts: Vec<(usize, usize, usize)> = Vec::new();
        for cell in row {
            continued(out, &mut col, &mut left);
            let _ = write!(
                out,
                "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>",
                width(col, cell.colspan)
            );
            if cell.colspan > 1 {
                let _ = write!(out, "<w:gridSpan w:val=\"{}\"/>", cell.colspan);
            }
            if cell.rowspan > 1 {
                out.push_str("<w:vMerge w:val=\"restart\"/>");
                starts.push((col, cell.colspan, cell.rowspan - 1));
            }
            out.push_str("<w:vAlign w:val=\"center\"/></w:tcPr>");
            if cell.lines.len() > 1 && rng.chance(0.5) {
                // A header broken with a line break (Shift+Enter) rather than in two paragraphs.
                out.push_str("<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>");
                for (i, line) in cell.lines.iter().enumerate() {
                    if i > 0 {
                        let _ = write!(out, "<w:r>{RPR_CELL}<w:br/></w:r>");
                    }
                    w_runs(out, RPR_CELL, line, rng);
                }
                out.push_str("</w:p>");
            } else {
                for line in &cell.lines {
                    out.push_str("<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>");
                    if !line.is_empty() {
                        w_runs(out, RPR_CELL, line, rng);
                    }
                    out.push_str("</w:p>");
                }
            }
            out.push_str("</w:tc>");
            col += cell.colspan;
        }
        continued(out, &mut col, &mut left);
        for (col, span, rows) in starts {
            left[col] = rows;
            span_of[col] = span;
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

/// The package around `word/document.xml`.
fn package(
    document: &str,
    title: &str,
    numbering: Numbering,
    doc: &DocStyle,
    parts: &WordParts,
) -> Vec<u8> {
    let numbered = numbering != Numbering::Typed;
    let mut types = String::from(XML_DECL);
    types
        .push_str("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">");
    types.push_str("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>");
    types.push_str("<Default Extension=\"xml\" ContentType=\"application/xml\"/>");
    let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let mut overrides = vec![
        ("/word/document.xml", "document.main"),
        ("/word/styles.xml", "styles"),
        ("/word/header1.xml", "header"),
        ("/word/footer1.xml", "footer"),
    ];
    let mut rels = vec![
        ("rId1", "styles", "styles.xml"),
        ("rId3", "header", "header1.xml"),
        ("rId4", "footer", "footer1.xml"),
    ];
    if numbered {
        overrides.push(("/word/numbering.xml", "numbering"));
        rels.push(("rId2", "numbering", "numbering.xml"));
    }
    if parts.footnote {
        overrides.push(("/word/footnotes.xml", "footnotes"));
        rels.push(("rId5", "footnotes", "footnotes.xml"));
    }
    if parts.comment {
        overrides.push(("/word/comments.xml", "comments"));
        rels.push(("rId6", "comments", "comments.xml"));
    }
    for (part, kind) in &overrides {
        let _ = write!(
            types,
            "<Override PartName=\"{part}\" ContentType=\"{wml}.{kind}+xml\"/>"
        );
    }
    types.push_str(
        "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>",
    );
    types.push_str("</Types>");

    let root_rels = format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{R_NS}/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         </Relationships>"
    );
    let mut doc_rels =
        format!("{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    for (id, kind, target) in &rels {
        let _ = write!(
            doc_rels,
            "<Relationship Id=\"{id}\" Type=\"{R_NS}/{kind}\" Target=\"{target}\"/>"
        );
    }
    if parts.hyperlink {
        let _ = write!(
            doc_rels,
            "<Relationship Id=\"rId7\" Type=\"{R_NS}/hyperlink\" Target=\"http://www.example.gov.cn/\" TargetMode=\"External\"/>"
        );
    }
    doc_rels.push_str("</Relationships>");

    let core = format!(
        "{XML_DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>办公室</dc:creator>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">2022-01-05T09:00:00Z</dcterms:created></cp:coreProperties>",
        esc(title)
    );

    let mut files: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", types),
        ("_rels/.rels", root_rels),
        ("docProps/core.xml", core),
        ("word/document.xml", document.to_owned()),
        ("word/_rels/document.xml.rels", doc_rels),
        (
            "word/styles.xml",
            styles_xml(numbering == Numbering::ViaStyle),
        ),
        ("word/header1.xml", header_xml()),
        ("word/footer1.xml", footer_xml()),
    ];
    if numbered {
        files.push((
            "word/numbering.xml",
            numbering_xml(numbering == Numbering::ViaStyle, doc.number_tab),
        ));
    }
    if parts.footnote {
        files.push(("word/footnotes.xml", footnotes_xml()));
    }
    if parts.comment {
        files.push(("word/comments.xml", comments_xml()));
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in files {
        zip.start_file(name, options)
            .expect("a zip entry in memory");
        zip.write_all(text.as_bytes()).expect("written to memory");
    }
    zip.finish().expect("a zip in memory").into_inner()
}

fn styles_xml(numbered_heading: bool) -> String {
    let heading_num = if numbered_heading {
        "<w:numPr><w:numId w:val=\"1\"/></w:numPr>"
    } else {
        ""
    };
    let border = |side: &str| {
        format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>")
    };
    let borders: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
        .iter()
        .map(|s| border(s))
        .collect();
    format!(
        "{XML_DECL}<w:styles xmlns:w=\"{W_NS}\">\
         <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"仿宋_GB2312\" w:hAnsi=\"Times New Roman\"/><w:kern w:val=\"2\"/><w:sz w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/><w:pPr><w:widowControl w:val=\"0\"/><w:jc w:val=\"both\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:sz w:val=\"44\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>{heading_num}<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:rFonts w:eastAsia=\"黑体\"/></w:rPr></w:style>\
         <w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:semiHidden/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
         <w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:basedOn w:val=\"TableNormal\"/><w:tblPr><w:tblBorders>{borders}</w:tblBorders></w:tblPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"FootnoteText\"><w:name w:val=\"footnote text\"/><w:basedOn w:val=\"Normal\"/><w:rPr><w:sz w:val=\"18\"/></w:rPr></w:style>\
         <w:style w:type=\"character\" w:styleId=\"FootnoteReference\"><w:name w:val=\"footnote reference\"/><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"CommentText\"><w:name w:val=\"annotation text\"/><w:basedOn w:val=\"Normal\"/></w:style>\
         <w:style w:type=\"character\" w:styleId=\"CommentReference\"><w:name w:val=\"annotation reference\"/><w:rPr><w:sz w:val=\"21\"/></w:rPr></w:style>\
         <w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/><w:rPr><w:color w:val=\"0000FF\"/><w:u w:val=\"single\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/><w:basedOn w:val=\"Normal\"/><w:rPr><w:sz w:val=\"18\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/><w:rPr><w:sz w:val=\"18\"/></w:rPr></w:style>\
         </w:styles>"
    )
}

/// One list of Chinese numerals, `一、` `二、` …: the numbering Word's 编号 button gives headings.
fn numbering_xml(via_style: bool, tab: bool) -> String {
    let p_style = if via_style {
        "<w:pStyle w:val=\"Heading1\"/>"
    } else {
        ""
    };
    let suffix = if tab {
        ""
    } else {
        "<w:suff w:val=\"nothing\"/>"
    };
    format!(
        "{XML_DECL}<w:numbering xmlns:w=\"{W_NS}\"><w:abstractNum w:abstractNumId=\"0\"><w:nsid w:val=\"3A1F2B7C\"/><w:multiLevelType w:val=\"singleLevel\"/>\
         <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/>{p_style}{suffix}<w:lvlText w:val=\"%1、\"/><w:lvlJc w:val=\"left\"/>\
         <w:pPr><w:ind w:left=\"0\" w:firstLine=\"640\"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>"
    )
}

fn header_xml() -> String {
    format!(
        "{XML_DECL}<w:hdr xmlns:w=\"{W_NS}\"><w:p><w:pPr><w:pStyle w:val=\"Header\"/><w:jc w:val=\"right\"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p></w:hdr>",
        esc(WORD_HEADER_TEXT)
    )
}

/// A footer with the page number as a field (`- 1 -`).
fn footer_xml() -> String {
    format!(
        "{XML_DECL}<w:ftr xmlns:w=\"{W_NS}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:jc w:val=\"center\"/></w:pPr>\
         <w:r><w:t xml:space=\"preserve\">- </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE   \\* MERGEFORMAT </w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t xml:space=\"preserve\"> -</w:t></w:r></w:p></w:ftr>"
    )
}

fn footnotes_xml() -> String {
    format!(
        "{XML_DECL}<w:footnotes xmlns:w=\"{W_NS}\">\
         <w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>\
         <w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>\
         <w:footnote w:id=\"1\"><w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr><w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r>\
         <w:r><w:t xml:space=\"preserve\"> {}</w:t></w:r></w:p></w:footnote></w:footnotes>",
        esc(WORD_FOOTNOTE_TEXT)
    )
}

fn comments_xml() -> String {
    format!(
        "{XML_DECL}<w:comments xmlns:w=\"{W_NS}\"><w:comment w:id=\"0\" w:author=\"审核人\" w:date=\"2022-01-10T10:00:00Z\" w:initials=\"审\">\
         <w:p><w:pPr><w:pStyle w:val=\"CommentText\"/></w:pPr><w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:annotationRef/></w:r><w:r><w:t>{}</w:t></w:r></w:p></w:comment></w:comments>",
        esc(WORD_COMMENT_TEXT)
    )
}
