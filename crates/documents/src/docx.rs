//! Word documents (`.docx`, also saved by WPS): the body's paragraphs in order, with the numbers
//! Word's list numbering puts before them, and its tables on their grid (`gridSpan`, `vMerge`).
//! Headers, footers, footnotes and comments are other parts of the package and are not read; text
//! boxes, drawings, deleted text and field codes inside the body are skipped.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};

use crate::blocks::{Block, CellText, Place};
use crate::xml::{attr, events, events_while, Flow, Tag, Xml};
use crate::{inflate_limit, ReadError};

/// Elements of the body whose content is skipped unread: what is not report text (text boxes,
/// drawings, deleted text, field codes), and the properties of runs, tables, sections and content
/// controls, which hold nothing the reader uses (fonts, sizes, borders, page margins: half of a
/// report's markup).
const SKIPPED: [&[u8]; 18] = [
    b"txbxContent",
    b"drawing",
    b"pict",
    b"AlternateContent",
    b"del",
    b"delText",
    b"instrText",
    b"object",
    b"moveFrom",
    b"rPr",
    b"tblPr",
    b"tblGrid",
    b"sectPr",
    b"sdtPr",
    b"sdtEndPr",
    // Tracked changes of properties hold the properties as they were, not as they are.
    b"pPrChange",
    b"trPrChange",
    b"tcPrChange",
];

/// A cell longer than this holds prose: its table is for layout, read as paragraphs.
const PROSE_CELL_CHARS: usize = 200;
/// Spans and grids are capped so that a hostile file cannot make a row cost more than its cells.
const MAX_COLUMNS: u32 = 256;

pub(crate) fn read(bytes: &[u8]) -> Result<Vec<Block>, ReadError> {
    let limit = inflate_limit(bytes.len());
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError::Corrupt(format!("not a readable zip archive: {e}")))?;
    let document = part(&mut zip, "word/document.xml", limit)?
        .ok_or_else(|| ReadError::Corrupt("word/document.xml is missing".to_owned()))?;
    let document = text("word/document.xml", &document)?;
    let numbering = match part(&mut zip, "word/numbering.xml", limit)? {
        Some(xml) => Numbering::parse(&text("word/numbering.xml", &xml)?)?,
        None => Numbering::default(),
    };
    let styles = match part(&mut zip, "word/styles.xml", limit)? {
        Some(xml) => StyleNumbers::parse(&text("word/styles.xml", &xml)?)?,
        None => StyleNumbers::default(),
    };
    let mut body = Body {
        numbering,
        styles,
        ..Body::default()
    };
    events_while("word/document.xml", &document, |e| body.event(e))?;
    body.finish();
    Ok(body.out)
}

/// How much of `word/document.xml` [`read_start`] inflates at first, and at most: a report's title
/// and preamble take a few kilobytes of text in some tens of kilobytes of markup.
const START_XML_BYTES: [u64; 2] = [32 << 10, 256 << 10];

/// The paragraphs of the body before its first table (at most `blocks` of them), read from the
/// start of `word/document.xml` only: what a report says about itself at its start (its title, year
/// and first section), at a fraction of the cost of reading it all. List numbers are left out.
pub(crate) fn read_start(bytes: &[u8], blocks: usize) -> Result<Vec<Block>, ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError::Corrupt(format!("not a readable zip archive: {e}")))?;
    let [mut want, most] = START_XML_BYTES;
    let most = most.min(inflate_limit(bytes.len()));
    loop {
        let file = zip
            .by_name("word/document.xml")
            .map_err(|e| ReadError::Corrupt(format!("word/document.xml: {e}")))?;
        let whole = file.size() <= want;
        let mut xml = Vec::with_capacity(want.min(file.size()) as usize);
        file.take(want)
            .read_to_end(&mut xml)
            .map_err(|e| ReadError::Corrupt(format!("word/document.xml: {e}")))?;
        // The cut may fall inside a character: the text up to it.
        let text = match simdutf8::compat::from_utf8(&xml) {
            Ok(t) => t,
            Err(e) if e.error_len().is_none() => {
                std::str::from_utf8(&xml[..e.valid_up_to()]).unwrap_or("")
            }
            Err(_) => {
                return Err(ReadError::Corrupt(
                    "word/document.xml is not UTF-8 text".to_owned(),
                ))
            }
        };
        let mut body = Body::default();
        let mut stopped = false;
        // A part cut short ends inside an element: what was read before the cut stands.
        let _ = events_while("word/document.xml", text, |e| {
            let flow = body.event(e);
            stopped = body.out.len() >= blocks || !body.tables_open.is_empty();
            if stopped {
                Flow::Stop
            } else {
                flow
            }
        });
        if stopped || whole || want >= most {
            body.tables_open.clear();
            body.finish();
            body.out.truncate(blocks);
            body.out.retain(|b| !matches!(b, Block::Table { .. }));
            return Ok(body.out);
        }
        want = (want * 2).min(most);
    }
}

/// The bytes of a part of the package, or None when it has none; refused past the
/// [`inflate_limit`].
fn part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> Result<Option<Vec<u8>>, ReadError> {
    let file = match zip.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(ReadError::Corrupt(format!("{name}: {e}"))),
    };
    // A part that says it inflates past the limit is refused before it is read; one that says less
    // is read up to the limit, into room for what it says (so that a false size costs no more than
    // the limit).
    if file.size() > limit {
        return Err(ReadError::TooLarge {
            limit_mb: limit >> 20,
        });
    }
    let mut bytes = Vec::with_capacity(file.size() as usize + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Corrupt(format!("{name}: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            limit_mb: limit >> 20,
        });
    }
    Ok(Some(bytes))
}

/// The text of a part: UTF-8 as it is, without a copy; anything else (a byte order mark, UTF-16)
/// decoded as report files are.
fn text<'a>(name: &str, bytes: &'a [u8]) -> Result<Cow<'a, str>, ReadError> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) if !text.starts_with('\u{feff}') => Ok(Cow::Borrowed(text)),
        _ => nianbao_core::text::decode::decode_bytes(bytes)
            .map(|d| Cow::Owned(d.text))
            .map_err(|_| ReadError::Corrupt(format!("{name} is not UTF-8 text"))),
    }
}

/// One level of a numbered list: its first number, format (`chineseCounting`, `decimal` …) and text
/// (`%1、`).
#[derive(Debug, Clone, Default)]
struct Level {
    start: i64,
    format: String,
    text: String,
}

/// Word's list numbering: the lists' levels and each numbering instance's list and restarts.
#[derive(Debug, Default)]
struct Numbering {
    lists: HashMap<String, [Level; 9]>,
    /// numId → (abstractNumId, start overrides by level).
    instances: HashMap<String, (String, Vec<(usize, i64)>)>,
    /// The current counters of each list.
    counters: HashMap<String, [i64; 9]>,
    /// The instances already used (a start override applies when an instance is first used).
    used: Vec<String>,
}

impl Numbering {
    fn parse(xml: &str) -> Result<Numbering, ReadError> {
        let mut n = Numbering::default();
        let mut list: Option<String> = None;
        let mut level: Option<usize> = None;
        let mut instance: Option<String> = None;
        let mut override_level: Option<usize> = None;
        events("word/numbering.xml", xml, |e| match e {
            Xml::Start(s, name) | Xml::Empty(s, name) => {
                let val = || attr(s, b"val");
                match name {
                    b"abstractNum" => list = attr(s, b"abstractNumId"),
                    b"lvl" => {
                        level = attr(s, b"ilvl")
                            .and_then(|v| v.parse().ok())
                            .filter(|l: &usize| *l < 9)
                    }
                    b"num" => instance = attr(s, b"numId"),
                    b"lvlOverride" => {
                        override_level = attr(s, b"ilvl")
                            .and_then(|v| v.parse().ok())
                            .filter(|l: &usize| *l < 9)
                    }
                    b"abstractNumId" => {
                        if let (Some(id), Some(list_id)) = (&instance, val()) {
                            n.instances.entry(id.clone()).or_default().0 = list_id;
                        }
                    }
                    b"startOverride" => {
                        if let (Some(id), Some(l), Some(v)) = (
                            &instance,
                            override_level,
                            val().and_then(|v| v.parse().ok()),
                        ) {
                            n.instances.entry(id.clone()).or_default().1.push((l, v));
                        }
                    }
                    _ if instance.is_none() => {
                        if let (Some(list_id), Some(l)) = (&list, level) {
                            let lvl = &mut n.lists.entry(list_id.clone()).or_default()[l];
                            match name {
                                b"start" => {
                                    lvl.start = val().and_then(|v| v.parse().ok()).unwrap_or(1)
                                }
                                b"numFmt" => lvl.format = val().unwrap_or_default(),
                                b"lvlText" => lvl.text = val().unwrap_or_default(),
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            Xml::End(b"abstractNum") => list = None,
            Xml::End(b"lvl") => level = None,
            Xml::End(b"num") => instance = None,
            Xml::End(b"lvlOverride") => override_level = None,
            _ => {}
        })?;
        // A level whose start is not given starts at 1.
        for levels in n.lists.values_mut() {
            for l in levels
                .iter_mut()
                .filter(|l| l.start == 0 && l.format.is_empty())
            {
                l.start = 1;
            }
        }
        Ok(n)
    }

    /// The number Word shows before the next paragraph of instance `num_id` at `level` (`三、`),
    /// counting it.
    fn next(&mut self, num_id: &str, level: usize) -> Option<String> {
        let (list_id, overrides) = self.instances.get(num_id)?.clone();
        let levels = self.lists.get(&list_id)?.clone();
        let counters = self
            .counters
            .entry(list_id)
            .or_insert_with(|| std::array::from_fn(|l| levels[l].start - 1));
        if !self.used.iter().any(|u| u == num_id) {
            self.used.push(num_id.to_owned());
            for (l, start) in overrides {
                counters[l] = start - 1;
            }
        }
        counters[level] += 1;
        for l in level + 1..9 {
            counters[l] = levels[l].start - 1;
        }
        let mut out = String::new();
        let mut chars = levels[level].text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d)) if (1..=9).contains(&d) => {
                    chars.next();
                    let l = d as usize - 1;
                    out.push_str(&format_number(counters[l], &levels[l].format));
                }
                _ => out.push(c),
            }
        }
        Some(out)
    }
}

/// A list number in one of Word's formats.
fn format_number(n: i64, format: &str) -> String {
    let n = n.max(0);
    let small = u32::try_from(n).unwrap_or(u32::MAX);
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
            if small > 0 && small < 100_000 =>
        {
            nianbao_core::catalog::chinese_number(small)
        }
        "ideographDigital" | "taiwaneseDigital" => n
            .to_string()
            .chars()
            .map(|d| {
                "〇一二三四五六七八九"
                    .chars()
                    .nth(d as usize - '0' as usize)
                    .unwrap_or(d)
            })
            .collect(),
        "chineseLegalSimplified" => n
            .to_string()
            .chars()
            .map(|d| {
                "零壹贰叁肆伍陆柒捌玖"
                    .chars()
                    .nth(d as usize - '0' as usize)
                    .unwrap_or(d)
            })
            .collect(),
        "ideographTraditional" if (1..=10).contains(&n) => "甲乙丙丁戊己庚辛壬癸"
            .chars()
            .nth(small as usize - 1)
            .map(String::from)
            .unwrap_or_default(),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32).unwrap_or(d))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32('①' as u32 + small - 1)
                .map(String::from)
                .unwrap_or_default()
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => char::from_u32('⑴' as u32 + small - 1)
            .map(String::from)
            .unwrap_or_default(),
        "lowerLetter" | "upperLetter" if n > 0 => {
            let base = if format == "lowerLetter" { b'a' } else { b'A' };
            let letter = (base + ((n - 1) % 26) as u8) as char;
            letter
                .to_string()
                .repeat(((n - 1) / 26 + 1).min(10) as usize)
        }
        "lowerRoman" | "upperRoman" if (1..4000).contains(&n) => {
            let roman = roman(small);
            if format == "lowerRoman" {
                roman.to_lowercase()
            } else {
                roman
            }
        }
        "none" | "bullet" => String::new(),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, s) in table {
        while n >= value {
            out.push_str(s);
            n -= value;
        }
    }
    out
}

/// The numbering each paragraph style carries (heading styles are often numbered), with what it is
/// based on.
#[derive(Debug, Default)]
struct StyleNumbers {
    styles: HashMap<String, StyleNumber>,
}

/// A style's numbering: (the style it is based on, its numbering instance, its level).
type StyleNumber = (Option<String>, Option<String>, Option<usize>);

impl StyleNumbers {
    fn parse(xml: &str) -> Result<StyleNumbers, ReadError> {
        let mut s = StyleNumbers::default();
        let mut current: Option<String> = None;
        events_while("word/styles.xml", xml, |e| {
            match e {
                // Fonts and sizes, and the hundreds of built-in styles Word lists: nothing to read.
                Xml::Start(_, b"rPr" | b"latentStyles") => return Flow::Skip,
                Xml::Start(e, b"style") => current = attr(e, b"styleId"),
                Xml::End(b"style") => current = None,
                Xml::Start(e, name @ (b"basedOn" | b"numId" | b"ilvl"))
                | Xml::Empty(e, name @ (b"basedOn" | b"numId" | b"ilvl")) => {
                    if let Some(id) = &current {
                        let entry = s.styles.entry(id.clone()).or_default();
                        match name {
                            b"basedOn" => entry.0 = attr(e, b"val"),
                            b"numId" => entry.1 = attr(e, b"val"),
                            _ => entry.2 = attr(e, b"val").and_then(|v| v.parse().ok()),
                        }
                    }
                }
                _ => {}
            }
            Flow::Next
        })?;
        Ok(s)
    }

    /// The numbering instance and level a style gives its paragraphs, through the styles it is
    /// based on.
    fn numbering(&self, style: &str) -> Option<(String, usize)> {
        let mut id = style;
        for _ in 0..16 {
            let (based_on, num, level) = self.styles.get(id)?;
            if let Some(num) = num {
                return Some((num.clone(), level.unwrap_or(0)));
            }
            id = based_on.as_deref()?;
        }
        None
    }
}

/// A paragraph being read.
#[derive(Debug, Default)]
struct Para {
    text: String,
    style: Option<String>,
    num_id: Option<String>,
    level: Option<usize>,
}

/// A table being read: its rows of (column, span, text, continued) and the cell open now.
#[derive(Debug, Default)]
struct Table {
    rows: Vec<Vec<Cell>>,
    column: u32,
    cell: Option<Cell>,
    /// A table found to hold a table: read as paragraphs from then on.
    layout: bool,
}

#[derive(Debug, Default)]
struct Cell {
    text: String,
    column: u32,
    span: u32,
    /// A cell merged into the one above it (`<w:vMerge/>`): its place belongs to that cell.
    continued: bool,
    /// A cell merged into the one on its left (`<w:hMerge/>`).
    merged_left: bool,
}

#[derive(Default)]
struct Body {
    numbering: Numbering,
    styles: StyleNumbers,
    out: Vec<Block>,
    paragraphs: u32,
    tables: u32,
    para: Option<Para>,
    tables_open: Vec<Table>,
    in_run: bool,
    in_text: bool,
}

impl Body {
    fn event(&mut self, e: Xml<'_>) -> Flow {
        match e {
            Xml::Start(_, name) if SKIPPED.contains(&name) => return Flow::Skip,
            Xml::Start(s, name) => self.start(s, name, false),
            Xml::Empty(s, name) => self.start(s, name, true),
            Xml::End(name) => self.end(name),
            Xml::Text(t) if self.in_text => {
                if let Some(p) = &mut self.para {
                    p.text.push_str(t);
                }
            }
            Xml::Text(_) => {}
        }
        Flow::Next
    }

    fn start(&mut self, s: &Tag<'_>, name: &[u8], empty: bool) {
        let val = || attr(s, b"val");
        match name {
            b"p" => {
                self.para = Some(Para::default());
                if empty {
                    self.end(b"p");
                }
            }
            b"r" => self.in_run = !empty,
            b"t" => self.in_text = !empty,
            b"tab" if self.in_run => self.push_text("\t"),
            b"br" | b"cr" if self.in_run => self.push_text("\n"),
            b"noBreakHyphen" if self.in_run => self.push_text("-"),
            b"pStyle" => {
                if let Some(p) = &mut self.para {
                    p.style = val();
                }
            }
            b"numId" => {
                if let Some(p) = &mut self.para {
                    p.num_id = val();
                }
            }
            b"ilvl" => {
                if let Some(p) = &mut self.para {
                    p.level = val()
                        .and_then(|v| v.parse().ok())
                        .filter(|l: &usize| *l < 9);
                }
            }
            b"tbl" => self.open_table(),
            b"tr" => {
                if let Some(t) = self.data_table() {
                    t.rows.push(Vec::new());
                    t.column = 0;
                }
            }
            b"gridBefore" => {
                let n = val().and_then(|v| v.parse::<u32>().ok()).unwrap_or(0);
                if let Some(t) = self.data_table() {
                    t.column = (t.column + n).min(MAX_COLUMNS);
                }
            }
            b"tc" => {
                if let Some(t) = self.data_table() {
                    let column = t.column;
                    t.cell = Some(Cell {
                        column,
                        span: 1,
                        ..Cell::default()
                    });
                }
            }
            b"gridSpan" => {
                let n = val()
                    .and_then(|v| v.parse::<u32>().ok())
                    .unwrap_or(1)
                    .clamp(1, MAX_COLUMNS);
                if let Some(c) = self.data_table().and_then(|t| t.cell.as_mut()) {
                    c.span = n;
                }
            }
            b"vMerge" => {
                let continued = val().is_none_or(|v| v != "restart");
                if let Some(c) = self.data_table().and_then(|t| t.cell.as_mut()) {
                    c.continued = continued;
                }
            }
            // Word 97's horizontal merge, still written by some converters: a continued cell widens
            // the cell before it.
            b"hMerge" => {
                let continued = val().is_none_or(|v| v != "restart");
                if let Some(c) = self.data_table().and_then(|t| t.cell.as_mut()) {
                    c.merged_left = continued;
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"p" => self.end_paragraph(),
            b"r" => self.in_run = false,
            b"t" => self.in_text = false,
            b"tc" => {
                if let Some(t) = self.data_table() {
                    if let Some(cell) = t.cell.take() {
                        t.column = (cell.column + cell.span).min(MAX_COLUMNS);
                        if t.rows.is_empty() {
                            t.rows.push(Vec::new());
                        }
                        if let Some(row) = t.rows.last_mut() {
                            match row.last_mut() {
                                Some(before) if cell.merged_left => before.span += cell.span,
                                _ => row.push(cell),
                            }
                        }
                    }
                }
            }
            b"tbl" => self.close_table(),
            _ => {}
        }
    }

    fn push_text(&mut self, s: &str) {
        if let Some(p) = &mut self.para {
            p.text.push_str(s);
        }
    }

    /// The innermost table, if it is read as a table (not for layout).
    fn data_table(&mut self) -> Option<&mut Table> {
        self.tables_open.last_mut().filter(|t| !t.layout)
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.para.take() else { return };
        let numbered = match (&p.num_id, &p.style) {
            (Some(id), _) => Some((id.clone(), p.level.unwrap_or(0))),
            (None, Some(style)) => self
                .styles
                .numbering(style)
                .map(|(id, level)| (id, p.level.unwrap_or(level))),
            (None, None) => None,
        };
        // numId 0 means "no numbering" (it removes a style's numbering).
        let number = numbered
            .filter(|(id, _)| id != "0")
            .and_then(|(id, level)| self.numbering.next(&id, level));
        let text = match number {
            Some(number) if !p.text.trim().is_empty() => format!("{number}{}", p.text),
            _ => p.text,
        };
        match self.data_table().and_then(|t| t.cell.as_mut()) {
            Some(cell) => {
                if !cell.text.is_empty() {
                    cell.text.push('\n');
                }
                cell.text.push_str(&text);
            }
            None => self.paragraph(text),
        }
    }

    fn paragraph(&mut self, text: String) {
        if text.trim().is_empty() {
            return;
        }
        self.paragraphs += 1;
        self.out.push(Block::Para {
            text,
            place: Place::Paragraph {
                index: self.paragraphs,
            },
        });
    }

    fn open_table(&mut self) {
        if self.data_table().is_some() {
            self.dissolve_innermost();
        }
        self.tables_open.push(Table::default());
    }

    /// Reads what the innermost table holds so far as paragraphs, and the rest of it as text.
    fn dissolve_innermost(&mut self) {
        let Some(t) = self.tables_open.last_mut() else {
            return;
        };
        t.layout = true;
        let mut cells: Vec<Cell> = t.rows.drain(..).flatten().collect();
        cells.extend(t.cell.take());
        for cell in cells.into_iter().filter(|c| !c.continued) {
            for line in cell.text.split('\n') {
                self.paragraph(line.to_owned());
            }
        }
    }

    fn close_table(&mut self) {
        let Some(t) = self.tables_open.last() else {
            return;
        };
        if t.layout {
            self.tables_open.pop();
            return;
        }
        if t.rows
            .iter()
            .flatten()
            .any(|c| c.text.trim().chars().count() > PROSE_CELL_CHARS)
        {
            self.dissolve_innermost();
            self.tables_open.pop();
            return;
        }
        let Some(t) = self.tables_open.pop() else {
            return;
        };
        self.tables += 1;
        let table = self.tables;
        let rows: Vec<Vec<CellText>> = t
            .rows
            .into_iter()
            .enumerate()
            .map(|(r, row)| {
                row.into_iter()
                    .filter(|c| !c.continued)
                    .map(|c| CellText {
                        text: c.text,
                        place: Place::Cell {
                            table,
                            row: r as u32 + 1,
                            column: c.column + 1,
                        },
                    })
                    .collect()
            })
            .collect();
        if !rows.is_empty() {
            self.out.push(Block::Table { rows });
        }
    }

    fn finish(&mut self) {
        self.end_paragraph();
        while !self.tables_open.is_empty() {
            self.close_table();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A Word package of the given parts.
    pub(crate) fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, body) in parts {
            zip.start_file(*name, options).expect("start");
            zip.write_all(body.as_bytes()).expect("write");
        }
        zip.finish().expect("finish").into_inner()
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn document(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}</w:body></w:document>"#
        )
    }

    fn text_of(parts: &[(&str, &str)]) -> String {
        crate::layout::write(&read(&docx(parts)).expect("reads")).0
    }

    #[test]
    fn the_start_of_a_long_document_is_its_first_blocks() {
        // Some 20 000 paragraphs of about 60 bytes of markup: well past what `read_start` inflates.
        let paragraph =
            |i: usize| format!("<w:p><w:r><w:t>第{i}段，某某局2023年</w:t></w:r></w:p>");
        let body: String = (0..20_000).map(paragraph).collect();
        let package = docx(&[("word/document.xml", &document(&body))]);
        let whole = read(&package).expect("reads");
        let start = read_start(&package, 60).expect("reads its start");
        assert_eq!(start.len(), 60);
        assert_eq!(start[..], whole[..60]);
        // A document shorter than the blocks asked for is read whole.
        let short = docx(&[(
            "word/document.xml",
            &document(&(0..3).map(paragraph).collect::<String>()),
        )]);
        assert_eq!(
            read_start(&short, 60).expect("reads"),
            read(&short).expect("reads")
        );
        // One with a table: up to its table.
        let table = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
        let body = format!("{}{table}{}", paragraph(0), paragraph(1));
        let with_table = docx(&[("word/document.xml", &document(&body))]);
        assert_eq!(
            read_start(&with_table, 60).expect("reads")[..],
            read(&with_table).expect("reads")[..1]
        );
    }

    #[test]
    fn runs_join_into_paragraphs_and_text_boxes_and_deleted_text_are_skipped() {
        let body = r#"<w:p><w:r><w:t>一、总体</w:t></w:r><w:r><w:t xml:space="preserve">情况</w:t></w:r></w:p>
            <w:p><w:r><w:t>主动公开&amp;</w:t></w:r><w:del><w:r><w:delText>删掉</w:delText></w:r></w:del>
            <w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r>
            <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>12条</w:t></w:r></w:p>"#;
        assert_eq!(
            text_of(&[("word/document.xml", &document(body))]),
            "一、总体情况\n主动公开&12条\n"
        );
    }

    #[test]
    fn list_numbers_of_headings_are_part_of_the_heading() {
        let numbering = format!(
            r#"<w:numbering {W}><w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>
            <w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num></w:numbering>"#
        );
        let styles = format!(
            r#"<w:styles {W}><w:style w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style></w:styles>"#
        );
        let p = |style: &str, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let sub = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr></w:pPr><w:r><w:t>主动公开</w:t></w:r></w:p>"#;
        // A paragraph whose numbering a tracked change removed: the old properties are not read.
        let unnumbered = r#"<w:p><w:pPr><w:pPrChange w:id="1"><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr></w:pPr></w:pPrChange></w:pPr><w:r><w:t>说明</w:t></w:r></w:p>"#;
        let body = [
            p("H1", "总体情况"),
            sub.to_owned(),
            unnumbered.to_owned(),
            sub.to_owned(),
            p("H1", "主动公开政府信息情况"),
            p("Body", "正文"),
        ]
        .concat();
        let text = text_of(&[
            ("word/document.xml", &document(&body)),
            ("word/numbering.xml", &numbering),
            ("word/styles.xml", &styles),
        ]);
        assert_eq!(
            text,
            "一、总体情况\n（一）主动公开\n说明\n（二）主动公开\n二、主动公开政府信息情况\n正文\n"
        );
    }

    #[test]
    fn merged_cells_are_placed_on_the_grid_once() {
        let tc = |props: &str, text: &str| {
            format!(
                r#"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"#
            )
        };
        let empty = |props: &str| format!(r#"<w:tc><w:tcPr>{props}</w:tcPr><w:p/></w:tc>"#);
        let rows = [
            format!(
                "<w:tr>{}{}{}</w:tr>",
                tc(r#"<w:vMerge w:val="restart"/>"#, "三、本年度办理结果"),
                tc(r#"<w:gridSpan w:val="2"/>"#, "（一）予以公开"),
                tc("", "5")
            ),
            format!(
                "<w:tr>{}{}{}{}</w:tr>",
                empty("<w:vMerge/>"),
                tc(r#"<w:vMerge w:val="restart"/>"#, "（三）不予公开"),
                tc("", "1.属于国家秘密"),
                empty("")
            ),
            format!(
                "<w:tr>{}{}{}{}</w:tr>",
                empty("<w:vMerge/>"),
                empty("<w:vMerge/>"),
                tc("", "2.其他法律行政法规禁止公开"),
                tc("", "0")
            ),
        ]
        .concat();
        let body = format!("<w:tbl><w:tblGrid/>{rows}</w:tbl>");
        let blocks = read(&docx(&[("word/document.xml", &document(&body))])).expect("reads");
        let Block::Table { rows } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        let places: Vec<Vec<(String, Place)>> = rows
            .iter()
            .map(|r| r.iter().map(|c| (c.text.clone(), c.place)).collect())
            .collect();
        let cell = |row, column| Place::Cell {
            table: 1,
            row,
            column,
        };
        assert_eq!(places[1][2], (String::new(), cell(2, 4)));
        assert_eq!(
            places[2],
            vec![
                ("2.其他法律行政法规禁止公开".to_owned(), cell(3, 3)),
                ("0".to_owned(), cell(3, 4))
            ]
        );
        assert_eq!(
            crate::layout::write(&blocks).0,
            "三、本年度办理结果 | （一）予以公开 | 5 |\n（三）不予公开 | 1.属于国家秘密 |  |\n2.其他法律行政法规禁止公开 | 0 |\n\n"
        );
    }

    #[test]
    fn a_legacy_horizontal_merge_widens_the_cell_before_it() {
        let tc = |props: &str, text: &str| {
            format!(
                r#"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"#
            )
        };
        let row = format!(
            "<w:tr>{}{}{}</w:tr>",
            tc(r#"<w:hMerge w:val="restart"/>"#, "行政处罚"),
            tc("<w:hMerge/>", ""),
            tc("", "2")
        );
        let body = format!("<w:tbl>{row}</w:tbl>");
        let blocks = read(&docx(&[("word/document.xml", &document(&body))])).expect("reads");
        let Block::Table { rows } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        let cells: Vec<(&str, Place)> =
            rows[0].iter().map(|c| (c.text.as_str(), c.place)).collect();
        assert_eq!(
            cells,
            [
                (
                    "行政处罚",
                    Place::Cell {
                        table: 1,
                        row: 1,
                        column: 1
                    }
                ),
                (
                    "2",
                    Place::Cell {
                        table: 1,
                        row: 1,
                        column: 3
                    }
                )
            ]
        );
    }

    #[test]
    fn damaged_packages_are_named_not_panicked_on() {
        assert!(matches!(
            read(b"PK\x03\x04 truncated"),
            Err(ReadError::Corrupt(_))
        ));
        let no_body = docx(&[("word/styles.xml", "<w:styles/>")]);
        assert_eq!(
            read(&no_body).map(|_| ()),
            Err(ReadError::Corrupt(
                "word/document.xml is missing".to_owned()
            ))
        );
        let malformed = docx(&[("word/document.xml", "<w:document><w:body><w:p></w:body>")]);
        assert!(
            matches!(read(&malformed), Err(ReadError::Corrupt(m)) if m.contains("malformed XML"))
        );
        let full = docx(&[(
            "word/document.xml",
            &document("<w:p><w:r><w:t>年度报告</w:t></w:r></w:p>"),
        )]);
        for cut in [full.len() / 3, full.len() / 2, full.len() - 10] {
            assert!(read(&full[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn a_part_that_inflates_past_the_limit_is_refused() {
        // 21 MB of one repeated byte compresses to about 20 KB: past the 20 MB a small file may
        // inflate to.
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("word/document.xml", options).expect("start");
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..21 {
            zip.write_all(&chunk).expect("write");
        }
        let bytes = zip.finish().expect("finish").into_inner();
        assert!(bytes.len() < 400 << 10, "{}", bytes.len());
        assert_eq!(
            read(&bytes).map(|_| ()),
            Err(ReadError::TooLarge { limit_mb: 20 })
        );
    }

    #[test]
    fn numbers_are_written_in_words_formats() {
        assert_eq!(format_number(3, "chineseCounting"), "三");
        assert_eq!(format_number(12, "chineseCounting"), "十二");
        assert_eq!(format_number(2, "decimal"), "2");
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
        assert_eq!(format_number(27, "lowerLetter"), "aa");
        assert_eq!(format_number(-5, "chineseCounting"), "0");
    }
}
