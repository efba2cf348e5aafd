//! Web pages: the charset from the BOM, `<meta>` or the bytes; paragraphs from block elements and
//! `<br>`; `<table>`s placed on their grid (`rowspan`/`colspan`); scripts, styles, navigation and
//! forms dropped. Layout tables (a page wrapped in a table, a cell holding a table or prose) are
//! read as paragraphs.
//!
//! The markup is read as a stream of tokens (html5ever's tokenizer) with no tree, so 100 000 nested
//! tags cost what 100 000 tags cost.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
};
use nianbao_core::text::decode::decode_bytes;

use crate::blocks::{Block, CellText, Place};
use crate::layout::is_cjk;
use crate::ReadError;

/// Decodes a page: a BOM, else the charset its first kilobyte declares, else UTF-8 or GB18030 by
/// content.
pub(crate) fn decode(bytes: &[u8]) -> Result<(String, &'static str), ReadError> {
    let has_bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF])
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF]);
    let declared = if has_bom {
        None
    } else {
        declared_charset(&bytes[..bytes.len().min(1024)])
    };
    match declared {
        // GB2312 and GBK pages are decoded as GB18030, their superset (sites declare gb2312 and
        // write GBK).
        Some(enc) if enc != encoding_rs::UTF_8 => {
            let enc = if enc == encoding_rs::GBK {
                encoding_rs::GB18030
            } else {
                enc
            };
            let (text, _) = enc.decode_without_bom_handling(bytes);
            Ok((text.into_owned(), enc.name()))
        }
        // A page that says UTF-8 (or nothing) is decoded as a text file is: UTF-8, else GB18030.
        _ => decode_bytes(bytes)
            .map(|d| (d.text, d.encoding.name()))
            .map_err(ReadError::Undecodable),
    }
}

/// The encoding named by `charset=` in the head of a page (`<meta charset="gbk">`,
/// `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`).
fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = memchr::memmem::find(&lower, b"charset=")? + b"charset=".len();
    let rest = &lower[at..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_'))
        .unwrap_or(rest.len());
    encoding_rs::Encoding::for_label(&rest[..end])
}

/// Elements whose content is not report text.
const DROPPED: [&str; 14] = [
    "script", "style", "noscript", "template", "head", "title", "select", "button", "textarea",
    "iframe", "svg", "nav", "footer", "object",
];

/// Elements that end a line of text.
const BLOCKS: [&str; 30] = [
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "header",
    "main",
    "aside",
    "blockquote",
    "pre",
    "hr",
    "center",
    "form",
    "address",
    "figure",
    "figcaption",
    "caption",
    "body",
];

/// A table longer than this in one cell holds prose, not a value or a label: its table is for
/// layout.
const PROSE_CELL_CHARS: usize = 200;
/// Tables nested deeper than this are read as text, so that nesting costs nothing per level.
const MAX_TABLE_DEPTH: usize = 16;
/// Spans are capped as browsers cap them, and a row's width with them.
const MAX_COLSPAN: usize = 64;
const MAX_ROWSPAN: usize = 1000;
const MAX_COLUMNS: usize = 256;

/// Reads a decoded page into blocks.
pub(crate) fn read(text: &str) -> Vec<Block> {
    let sink = Sink(RefCell::new(Reader::default()));
    let tokenizer = Tokenizer::new(sink, Default::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(text));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut reader = tokenizer.sink.0.into_inner();
    reader.close_all();
    reader.out
}

struct Sink(RefCell<Reader>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut reader = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => reader.tag(&tag),
            Token::CharacterTokens(s) => {
                reader.text(&s);
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

/// A cell being read: its text and spans.
#[derive(Debug, Default)]
struct RawCell {
    text: String,
    colspan: usize,
    rowspan: usize,
}

/// A table being read.
#[derive(Debug, Default)]
struct TableState {
    rows: Vec<Vec<RawCell>>,
    /// Whether a `<tr>` is open (cells outside any row open one).
    in_row: bool,
    cell: Option<RawCell>,
    /// A table found to be for layout: its cells are read as paragraphs from then on.
    layout: bool,
}

#[derive(Default)]
struct Reader {
    out: Vec<Block>,
    paragraphs: u32,
    tables: u32,
    /// The paragraph being read outside any data cell.
    line: String,
    tables_open: Vec<TableState>,
    /// Tables opened past [`MAX_TABLE_DEPTH`], whose tags are ignored.
    deep_tables: usize,
    /// The dropped element being skipped and how deep it nests in itself.
    skipping: Option<(String, usize)>,
}

impl Reader {
    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        let start = tag.kind == TagKind::StartTag;
        if let Some((skipped, depth)) = &mut self.skipping {
            if name == skipped.as_str() && !tag.self_closing {
                if start {
                    *depth += 1;
                } else {
                    *depth -= 1;
                    if *depth == 0 {
                        self.skipping = None;
                    }
                }
            }
            return TokenSinkResult::Continue;
        }
        if start && DROPPED.contains(&name) && !tag.self_closing {
            self.skipping = Some((name.to_owned(), 1));
            // The tokenizer must read a script's or style's content as raw text, not as markup.
            return match name {
                "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                "style" | "noscript" | "iframe" => TokenSinkResult::RawData(RawKind::Rawtext),
                "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
                _ => TokenSinkResult::Continue,
            };
        }
        match (name, start) {
            ("table", true) => self.open_table(),
            ("table", false) => self.close_table(),
            ("tr", true) => self.start_row(),
            ("tr", false) => self.end_row(),
            ("td" | "th", true) => self.start_cell(tag),
            ("td" | "th", false) => self.end_cell(),
            _ if BLOCKS.contains(&name) => self.line_break(),
            _ => {}
        }
        TokenSinkResult::Continue
    }

    fn text(&mut self, s: &str) {
        if self.skipping.is_some() {
            return;
        }
        match self.data_cell() {
            Some(cell) => push_collapsed(&mut cell.text, s),
            None => push_collapsed(&mut self.line, s),
        }
    }

    /// The cell of a data table that text goes into now, if any.
    fn data_cell(&mut self) -> Option<&mut RawCell> {
        self.tables_open
            .last_mut()
            .filter(|t| !t.layout)
            .and_then(|t| t.cell.as_mut())
    }

    fn line_break(&mut self) {
        match self.data_cell() {
            Some(cell) => cell.text.push('\n'),
            None => self.flush_line(),
        }
    }

    fn flush_line(&mut self) {
        if self.line.trim().is_empty() {
            self.line.clear();
            return;
        }
        self.paragraphs += 1;
        let text = std::mem::take(&mut self.line);
        self.out.push(Block::Para {
            text,
            place: Place::Paragraph {
                index: self.paragraphs,
            },
        });
    }

    fn open_table(&mut self) {
        if self.tables_open.len() >= MAX_TABLE_DEPTH {
            self.deep_tables += 1;
            return self.line_break();
        }
        // A table inside a cell makes the table around it one for layout.
        if let Some(outer) = self.tables_open.last_mut() {
            if !outer.layout {
                self.dissolve_innermost();
            }
        }
        self.flush_line();
        self.tables_open.push(TableState::default());
    }

    fn close_table(&mut self) {
        if self.deep_tables > 0 {
            self.deep_tables -= 1;
            return self.line_break();
        }
        let Some(mut table) = self.tables_open.pop() else {
            return self.line_break();
        };
        if table.layout {
            return self.flush_line();
        }
        close_cell(&mut table);
        let prose = table
            .rows
            .iter()
            .flatten()
            .any(|c| c.text.trim().chars().count() > PROSE_CELL_CHARS);
        if prose {
            self.tables_open.push(table);
            self.dissolve_innermost();
            self.tables_open.pop();
            return self.flush_line();
        }
        let rows = self.place_on_grid(table.rows);
        if !rows.is_empty() {
            self.out.push(Block::Table { rows });
        }
    }

    /// Reads what the innermost table holds so far as paragraphs, and the rest of it as text.
    fn dissolve_innermost(&mut self) {
        let Some(table) = self.tables_open.last_mut() else {
            return;
        };
        close_cell(table);
        table.layout = true;
        let cells: Vec<String> = table.rows.drain(..).flatten().map(|c| c.text).collect();
        for text in cells {
            for line in text.split('\n') {
                self.line.push_str(line);
                self.flush_line();
            }
        }
    }

    fn start_row(&mut self) {
        if self.deep_tables > 0 {
            return;
        }
        match self.tables_open.last_mut() {
            Some(t) if !t.layout => {
                close_cell(t);
                t.rows.push(Vec::new());
                t.in_row = true;
            }
            _ => self.flush_line(),
        }
    }

    fn end_row(&mut self) {
        if self.deep_tables > 0 {
            return;
        }
        match self.tables_open.last_mut() {
            Some(t) if !t.layout => {
                close_cell(t);
                t.in_row = false;
            }
            _ => self.flush_line(),
        }
    }

    fn start_cell(&mut self, tag: &Tag) {
        if self.deep_tables > 0 {
            return self.line_break();
        }
        let span = |name: &str, max: usize| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == name)
                .and_then(|a| a.value.trim().parse::<usize>().ok())
                .map_or(1, |n| n.clamp(1, max))
        };
        match self.tables_open.last_mut() {
            Some(t) if !t.layout => {
                close_cell(t);
                if !t.in_row || t.rows.is_empty() {
                    t.rows.push(Vec::new());
                    t.in_row = true;
                }
                t.cell = Some(RawCell {
                    text: String::new(),
                    colspan: span("colspan", MAX_COLSPAN),
                    rowspan: span("rowspan", MAX_ROWSPAN),
                });
            }
            _ => self.flush_line(),
        }
    }

    fn end_cell(&mut self) {
        if self.deep_tables > 0 {
            return self.line_break();
        }
        match self.tables_open.last_mut() {
            Some(t) if !t.layout => close_cell(t),
            _ => self.flush_line(),
        }
    }

    /// Places a table's cells on its grid: each cell at the first column its row leaves free after
    /// the cells merged down from the rows above.
    fn place_on_grid(&mut self, rows: Vec<Vec<RawCell>>) -> Vec<Vec<CellText>> {
        self.tables += 1;
        let table = self.tables;
        // For each column, how many more rows a cell from above covers it.
        let mut covered: Vec<usize> = Vec::new();
        let mut out = Vec::with_capacity(rows.len());
        for (r, row) in rows.into_iter().enumerate() {
            let mut column = 0;
            let mut cells = Vec::with_capacity(row.len());
            for cell in row {
                while covered.get(column).is_some_and(|&n| n > 0) {
                    column += 1;
                }
                if column >= MAX_COLUMNS {
                    break;
                }
                let place = Place::Cell {
                    table,
                    row: r as u32 + 1,
                    column: column as u32 + 1,
                };
                let end = (column + cell.colspan).min(MAX_COLUMNS);
                if covered.len() < end {
                    covered.resize(end, 0);
                }
                for c in &mut covered[column..end] {
                    *c = cell.rowspan;
                }
                cells.push(CellText {
                    text: cell.text,
                    place,
                });
                column = end;
            }
            for c in &mut covered {
                *c = c.saturating_sub(1);
            }
            out.push(cells);
        }
        out
    }

    /// Closes whatever is open at the end of the page.
    fn close_all(&mut self) {
        self.deep_tables = 0;
        self.skipping = None;
        while !self.tables_open.is_empty() {
            self.close_table();
        }
        self.flush_line();
    }
}

/// Appends markup text as a browser shows it: each run of spaces, tabs and line breaks is one
/// space, and none where the run holds a line break beside a Chinese character (the source's own
/// line wrapping: `一、总体\n情况` reads `一、总体情况`). Line breaks come from `<br>` and blocks only.
fn push_collapsed(out: &mut String, s: &str) {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if !matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            out.push(c);
            continue;
        }
        let mut wrapped = matches!(c, '\n' | '\r');
        while let Some(&n) = chars
            .peek()
            .filter(|n| matches!(n, ' ' | '\t' | '\n' | '\r' | '\u{c}'))
        {
            wrapped |= matches!(n, '\n' | '\r');
            chars.next();
        }
        let before = out.chars().next_back();
        let after = chars.peek().copied();
        let beside_chinese = before.is_some_and(is_cjk) || after.is_some_and(is_cjk);
        if before.is_some_and(|b| b != ' ' && b != '\n') && !(wrapped && beside_chinese) {
            out.push(' ');
        }
    }
}

fn close_cell(table: &mut TableState) {
    if let Some(cell) = table.cell.take() {
        match table.rows.last_mut() {
            Some(row) => row.push(cell),
            None => table.rows.push(vec![cell]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout;

    fn text_of(html: &str) -> String {
        layout::write(&read(html)).0
    }

    #[test]
    fn paragraphs_and_breaks_are_lines_and_scripts_are_dropped() {
        let html = "<html><head><title>标题</title><style>p{}</style></head><body><nav>首页</nav>\
                    <p>一、总体情况</p><p>2023年，本局<br>主动公开&nbsp;12条。</p><script>var a='<p>x</p>';</script>\
                    <footer>网站标识码</footer></body></html>";
        assert_eq!(
            text_of(html),
            "一、总体情况\n2023年，本局\n主动公开\u{a0}12条。\n"
        );
    }

    #[test]
    fn a_merged_header_is_placed_on_the_grid() {
        let html = r#"<table><tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：…）</td><td colspan="7">申请人情况</td></tr>
            <tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
            <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
            <tr><td rowspan="20">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>1</td><td><p align="center">&nbsp;</p></td></tr>
            <tr><td colspan="2">（二）部分公开</td><td>2</td><td>0</td></tr></table>"#;
        let blocks = read(html);
        let Block::Table { rows } = &blocks[0] else {
            panic!("a table: {blocks:?}")
        };
        let at = |r: usize, i: usize| match rows[r][i].place {
            Place::Cell { row, column, .. } => (rows[r][i].text.trim().to_owned(), row, column),
            other => panic!("{other:?}"),
        };
        assert_eq!(at(2, 0), ("商业企业".to_owned(), 3, 5));
        assert_eq!(at(3, 1), ("（一）予以公开".to_owned(), 4, 2));
        assert_eq!(at(4, 0), ("（二）部分公开".to_owned(), 5, 2));
        assert_eq!(at(4, 1), ("2".to_owned(), 5, 4));
        assert_eq!(
            layout::write(&blocks).0,
            "（本列数据的勾稽关系为：…） | 申请人情况 |\n自然人 | 法人或其他组织 | 总计 |\n商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n\
             三、本年度办理结果 | （一）予以公开 | 1 |  |\n（二）部分公开 | 2 | 0 |\n\n"
        );
    }

    #[test]
    fn a_page_wrapped_in_a_layout_table_is_read_as_paragraphs_and_its_data_table_as_a_table() {
        let html = "<table><tr><td><p>某局2023年政府信息公开工作年度报告</p><p>一、总体情况</p>\
                    <table><tr><td>规章</td><td>0</td></tr></table><p>三、收到</p></td></tr></table>";
        assert_eq!(
            text_of(html),
            "某局2023年政府信息公开工作年度报告\n一、总体情况\n规章 | 0 |\n\n三、收到\n"
        );
    }

    #[test]
    fn a_cell_of_prose_makes_its_table_a_layout_table() {
        let long = "本机关认真贯彻落实条例。".repeat(20);
        let html = format!("<table><tr><td><p>一、总体情况</p><p>{long}</p></td></tr></table>");
        assert_eq!(text_of(&html), format!("一、总体情况\n{long}\n"));
    }

    #[test]
    fn source_line_breaks_and_indentation_are_spaces_as_a_browser_shows_them() {
        let html = "<p>\n    一、总体\n    情况\n</p><p>Total:\n  12 件</p>\n<table>\n<tr>\n<td>\n 行政\n 处罚 </td><td> 2 </td></tr></table>";
        assert_eq!(
            text_of(html),
            "一、总体情况\nTotal: 12 件\n行政处罚 | 2 |\n\n"
        );
    }

    #[test]
    fn deep_nesting_and_unclosed_tags_are_read_in_one_pass() {
        let html = format!(
            "{}一、总体情况{}",
            "<div><table><tr><td>".repeat(20_000),
            "</span>".repeat(20_000)
        );
        assert!(text_of(&html).contains("一、总体情况"));
    }

    #[test]
    fn the_declared_charset_decides_the_decoding() {
        let (bytes, _, _) = encoding_rs::GBK.encode("<meta charset=\"gb2312\"><p>年度报告</p>");
        let (text, encoding) = decode(&bytes).expect("decodes");
        assert!(text.contains("年度报告"));
        assert_eq!(encoding, "gb18030");
        let (text, encoding) = decode("<p>年度报告</p>".as_bytes()).expect("decodes");
        assert_eq!((text.as_str(), encoding), ("<p>年度报告</p>", "UTF-8"));
    }
}
