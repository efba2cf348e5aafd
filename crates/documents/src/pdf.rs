//! Reads the text of a PDF report in reading order and rebuilds its tables from positions.
//!
//! The file is parsed with `lopdf` (objects, xref repair, decryption with the empty password,
//! bounded stream decompression); the page content streams are interpreted here: text operators
//! give positioned glyph runs (decoded through ToUnicode CMaps, predefined UCS-2/GBK CMaps or the
//! simple-font encoding), path operators give the ruling lines that Word and LibreOffice draw as
//! table borders. Per page, ruled regions become tables (rows and columns from the rulings,
//! merged cells from missing borders); the remaining runs become lines, and runs of consecutive
//! lines with wide gaps become borderless tables (columns clustered from x positions, numbers
//! always making a column, each section keeping its own columns, a header wrapped over lines read
//! as a whole). Across pages, repeated headers/footers and page numbers are dropped, a table
//! broken by a page break is joined (its parts' columns lining up, a closing border left out
//! at the break), and a paragraph wrapped over several lines is joined into one block.

use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

use crate::blocks::{Block, CellText, Place};

/// Why a PDF gave no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// Password-protected: the empty user password does not open it.
    Encrypted,
    /// Pages but no text (a scan, a PDF of images).
    NoTextLayer,
    /// Damaged or unreadable; a short technical detail in English.
    Corrupt(String),
    /// Would need more memory or work than the reader accepts.
    TooLarge,
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::Encrypted => f.write_str("the PDF is encrypted"),
            PdfError::NoTextLayer => f.write_str("the PDF has no text layer"),
            PdfError::Corrupt(detail) => write!(f, "the PDF is damaged: {detail}"),
            PdfError::TooLarge => f.write_str("the PDF is too large to read"),
        }
    }
}

impl std::error::Error for PdfError {}

/// Total decompressed bytes accepted over the whole document (content streams, forms, CMaps).
const MAX_DECODED_TOTAL: usize = 200 << 20;
/// Bound on any single decompressed stream: 24 MB plus 8 bytes per input byte, at most 64 MB
/// (a real page's content is well under 1 MB; this keeps a small bomb from taking 64 MB).
fn max_stream(input_len: usize) -> usize {
    (24usize << 20)
        .saturating_add(input_len.saturating_mul(8))
        .min(64 << 20)
}
/// Content-stream operators interpreted over the whole document.
const MAX_OPS: usize = 30_000_000;
/// Glyphs kept over the whole document: 500 000 plus 4 per input byte, at most 3 million (a run
/// of text costs about 80 bytes; real reports have under one glyph per byte of file).
fn max_glyphs(input_len: usize) -> usize {
    input_len
        .saturating_mul(4)
        .saturating_add(500_000)
        .min(3_000_000)
}
/// Entries of one ToUnicode CMap (a CJK font has at most 65 536 codes).
const MAX_CMAP_ENTRIES: usize = 100_000;
/// Ruling segments considered per page; a page drawn with more is read without ruled tables.
const MAX_SEGMENTS: usize = 20_000;
/// Nesting of form XObjects.
const MAX_FORM_DEPTH: usize = 8;
/// Depth of the graphics-state stack (q without Q).
const MAX_STATE_DEPTH: usize = 256;

/// Reads the text of a PDF as blocks in reading order.
pub fn read(bytes: &[u8]) -> Result<Vec<Block>, PdfError> {
    if !bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Err(PdfError::Corrupt("no %PDF- header".into()));
    }
    // lopdf is hardened against malformed files, but a panic in it must not reach the caller.
    match std::panic::catch_unwind(|| read_inner(bytes)) {
        Ok(result) => result,
        Err(_) => Err(PdfError::Corrupt(
            "the PDF parser failed on this file".into(),
        )),
    }
}

fn read_inner(bytes: &[u8]) -> Result<Vec<Block>, PdfError> {
    let options = LoadOptions {
        max_decompressed_size: Some(max_stream(bytes.len())),
        ..LoadOptions::default()
    };
    let has_encrypt = trailer_mentions_encrypt(bytes);
    let doc = match Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            return Err(PdfError::TooLarge)
        }
        Err(lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_)) => {
            return Err(PdfError::Encrypted)
        }
        Err(_) if has_encrypt => return Err(PdfError::Encrypted),
        Err(e) => return Err(PdfError::Corrupt(short(&e.to_string()))),
    };
    // Opened with the empty user password (an owner-password-only file): its text is read. Still
    // encrypted: no usable password.
    if doc.is_encrypted() && doc.encryption_state.is_none() {
        return Err(PdfError::Encrypted);
    }
    let mut reader = Reader::new(&doc, bytes.len());
    let mut pages = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for page_id in doc.page_iter() {
        // A page object listed twice in the tree is read once (a repeated kid would multiply work).
        if !seen.insert(page_id) {
            continue;
        }
        pages.push(reader.page(page_id)?);
    }
    if pages.is_empty() {
        return Err(PdfError::Corrupt("no pages".into()));
    }
    if reader.glyphs == 0 {
        return Err(PdfError::NoTextLayer);
    }
    let blocks = layout_document(pages);
    if blocks.is_empty() {
        return Err(PdfError::NoTextLayer);
    }
    Ok(blocks)
}

fn short(s: &str) -> String {
    s.chars().take(120).collect()
}

/// Whether a trailer (or xref stream dictionary) names an /Encrypt dictionary, read from the raw
/// bytes so that a file lopdf cannot open is still told apart as encrypted.
fn trailer_mentions_encrypt(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    let hit = |hay: &[u8]| hay.windows(8).any(|w| w == b"/Encrypt");
    hit(tail) || hit(&bytes[..bytes.len().min(4096)])
}

// ---------------------------------------------------------------------------------------------
// Content-stream lexer

#[derive(Debug, Clone)]
enum Operand {
    Num(f32),
    Str(Vec<u8>),
    Name(Vec<u8>),
    Array(Vec<Operand>),
    Other,
}

impl Operand {
    fn num(&self) -> Option<f32> {
        match self {
            Operand::Num(n) if n.is_finite() => Some(*n),
            _ => None,
        }
    }
}

enum Token<'a> {
    Operand(Operand),
    Op(&'a [u8]),
    ArrayStart,
    ArrayEnd,
    DictStart,
    DictEnd,
}

struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    fn new(data: &'a [u8]) -> Self {
        Lexer { data, pos: 0 }
    }

    fn skip_white(&mut self) {
        while self.pos < self.data.len() {
            let b = self.data[self.pos];
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.pos < self.data.len() && !matches!(self.data[self.pos], b'\n' | b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn next_token(&mut self) -> Option<Token<'a>> {
        self.skip_white();
        let data = self.data;
        let b = *data.get(self.pos)?;
        match b {
            b'(' => Some(Token::Operand(Operand::Str(self.literal()))),
            b'<' if data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                Some(Token::DictStart)
            }
            b'<' => Some(Token::Operand(Operand::Str(self.hex()))),
            b'>' if data.get(self.pos + 1) == Some(&b'>') => {
                self.pos += 2;
                Some(Token::DictEnd)
            }
            b'[' => {
                self.pos += 1;
                Some(Token::ArrayStart)
            }
            b']' => {
                self.pos += 1;
                Some(Token::ArrayEnd)
            }
            b'/' => {
                self.pos += 1;
                let start = self.pos;
                while self.pos < data.len()
                    && !is_white(data[self.pos])
                    && !is_delim(data[self.pos])
                {
                    self.pos += 1;
                }
                Some(Token::Operand(Operand::Name(
                    data[start..self.pos].to_vec(),
                )))
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                let start = self.pos;
                self.pos += 1;
                while self.pos < data.len()
                    && matches!(
                        data[self.pos],
                        b'0'..=b'9' | b'.' | b'-' | b'+' | b'e' | b'E'
                    )
                {
                    self.pos += 1;
                }
                let text = std::str::from_utf8(&data[start..self.pos]).unwrap_or("");
                Some(Token::Operand(
                    text.parse::<f32>()
                        .map(Operand::Num)
                        .unwrap_or(Operand::Num(0.0)),
                ))
            }
            _ if is_delim(b) => {
                // A stray ')', '>', '{' or '}': skipped.
                self.pos += 1;
                Some(Token::Operand(Operand::Other))
            }
            _ => {
                let start = self.pos;
                while self.pos < data.len()
                    && !is_white(data[self.pos])
                    && !is_delim(data[self.pos])
                {
                    self.pos += 1;
                }
                Some(Token::Op(&data[start..self.pos]))
            }
        }
    }

    fn literal(&mut self) -> Vec<u8> {
        let data = self.data;
        let mut out = Vec::new();
        let mut depth = 0usize;
        self.pos += 1;
        while self.pos < data.len() {
            let b = data[self.pos];
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    if depth == 0 {
                        return out;
                    }
                    depth -= 1;
                    out.push(b);
                }
                b'\\' => {
                    let Some(&e) = data.get(self.pos) else { break };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if data.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match data.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        _ => out.push(e),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn hex(&mut self) -> Vec<u8> {
        let data = self.data;
        let mut out = Vec::new();
        let mut hi: Option<u8> = None;
        self.pos += 1;
        while self.pos < data.len() {
            let b = data[self.pos];
            self.pos += 1;
            if b == b'>' {
                break;
            }
            if let Some(v) = hex_val(b) {
                match hi.take() {
                    Some(h) => out.push(h << 4 | v),
                    None => hi = Some(v),
                }
            }
        }
        if let Some(h) = hi {
            out.push(h << 4);
        }
        out
    }

    /// Skips an inline image's data after `ID`, up to its `EI`.
    fn skip_inline_image(&mut self) {
        let data = self.data;
        let mut i = self.pos + 1;
        while i + 2 <= data.len() {
            if data[i] == b'E'
                && data[i + 1] == b'I'
                && i > 0
                && is_white(data[i - 1])
                && data.get(i + 2).is_none_or(|&b| is_white(b))
            {
                self.pos = i + 2;
                return;
            }
            i += 1;
        }
        self.pos = data.len();
    }
}

/// Calls `op` with each operator and its operands. Arrays are kept one level deep (TJ);
/// dictionaries (marked-content properties) are skipped.
fn for_each_op<'a>(data: &'a [u8], mut op: impl FnMut(&'a [u8], &[Operand]) -> bool) {
    let mut lexer = Lexer::new(data);
    let mut operands: Vec<Operand> = Vec::new();
    let mut array: Option<Vec<Operand>> = None;
    let mut array_depth = 0usize;
    let mut dict_depth = 0usize;
    while let Some(token) = lexer.next_token() {
        match token {
            Token::DictStart => dict_depth += 1,
            Token::DictEnd => dict_depth = dict_depth.saturating_sub(1),
            _ if dict_depth > 0 => {}
            Token::ArrayStart => {
                array_depth += 1;
                if array.is_none() {
                    array = Some(Vec::new());
                }
            }
            Token::ArrayEnd => {
                array_depth = array_depth.saturating_sub(1);
                if array_depth == 0 {
                    if let Some(items) = array.take() {
                        operands.push(Operand::Array(items));
                    }
                }
            }
            Token::Operand(o) => match array.as_mut() {
                Some(items) if array_depth == 1 => items.push(o),
                Some(_) => {}
                None => operands.push(o),
            },
            Token::Op(name) => {
                if let Some(items) = array.take() {
                    operands.push(Operand::Array(items));
                    array_depth = 0;
                }
                if name == b"ID" {
                    lexer.skip_inline_image();
                    operands.clear();
                    continue;
                }
                if !op(name, &operands) {
                    return;
                }
                operands.clear();
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fonts

/// A ToUnicode CMap: code → text.
#[derive(Default)]
struct CMap {
    /// Code-space ranges: (byte length, low, high).
    codespace: Vec<(usize, u32, u32)>,
    single: HashMap<(usize, u32), String>,
    /// (byte length, low, high, destination): a base text whose last unit counts up, or a list.
    ranges: Vec<(usize, u32, u32, RangeDst)>,
}

enum RangeDst {
    Base(Vec<u16>),
    List(Vec<String>),
}

fn code_of(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, &b| acc << 8 | u32::from(b))
}

fn utf16_text(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| u16::from(c[0]) << 8 | u16::from(*c.get(1).unwrap_or(&0)))
        .collect();
    clean_text(char::decode_utf16(units).map(|r| r.unwrap_or('\u{fffd}')))
}

/// The ideographs of the Kangxi radicals U+2F00–U+2FD5 (their NFKC forms): fonts in Word's PDFs
/// often map 一, 二, 人 … to the radical code points, which look the same and compare unequal.
const KANGXI: &str = "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠";

/// Text with control characters dropped, tabs as spaces and radicals as ideographs.
fn clean_text(chars: impl Iterator<Item = char>) -> String {
    chars
        .filter(|c| !c.is_control() || *c == '\t')
        .map(|c| match c {
            '\t' => ' ',
            '\u{2f00}'..='\u{2fd5}' => KANGXI.chars().nth(c as usize - 0x2f00).unwrap_or(c),
            '\u{2e9f}' => '母',
            '\u{2ef3}' => '龟',
            c => c,
        })
        .collect()
}

impl CMap {
    fn parse(data: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        for_each_op(data, |op, args| {
            match op {
                b"endcodespacerange" => {
                    for pair in args.chunks(2) {
                        if let [Operand::Str(lo), Operand::Str(hi)] = pair {
                            // Codes are tried against every range: a few dozen is plenty.
                            if (1..=4).contains(&lo.len()) && cmap.codespace.len() < 64 {
                                cmap.codespace.push((lo.len(), code_of(lo), code_of(hi)));
                            }
                        }
                    }
                }
                b"endbfchar" => {
                    let room = MAX_CMAP_ENTRIES.saturating_sub(cmap.single.len());
                    for pair in args.chunks(2).take(room) {
                        if let [Operand::Str(src), dst] = pair {
                            let text = match dst {
                                Operand::Str(d) => utf16_text(d),
                                Operand::Name(n) => glyph_name_text(n),
                                _ => continue,
                            };
                            if (1..=4).contains(&src.len()) {
                                cmap.single.insert((src.len(), code_of(src)), text);
                            }
                        }
                    }
                }
                b"endbfrange" => {
                    let room = MAX_CMAP_ENTRIES.saturating_sub(cmap.ranges.len());
                    for triple in args.chunks(3).take(room) {
                        if let [Operand::Str(lo), Operand::Str(hi), dst] = triple {
                            if !(1..=4).contains(&lo.len()) {
                                continue;
                            }
                            let (lo_code, hi_code) = (code_of(lo), code_of(hi));
                            if hi_code < lo_code {
                                continue;
                            }
                            let dst = match dst {
                                Operand::Str(d) => RangeDst::Base(
                                    d.chunks(2)
                                        .map(|c| {
                                            u16::from(c[0]) << 8
                                                | u16::from(*c.get(1).unwrap_or(&0))
                                        })
                                        .collect(),
                                ),
                                Operand::Array(items) => RangeDst::List(
                                    items
                                        .iter()
                                        .map(|i| match i {
                                            Operand::Str(d) => utf16_text(d),
                                            _ => String::new(),
                                        })
                                        .collect(),
                                ),
                                _ => continue,
                            };
                            cmap.ranges.push((lo.len(), lo_code, hi_code, dst));
                        }
                    }
                }
                _ => {}
            }
            true
        });
        cmap.ranges.sort_by_key(|r| r.1);
        cmap
    }

    fn lookup(&self, len: usize, code: u32) -> Option<String> {
        if let Some(text) = self.single.get(&(len, code)) {
            return Some(text.clone());
        }
        // Ranges are sorted by their low code; a few before the insertion point are checked (real
        // CMaps do not overlap, crafted ones get a bounded look).
        let end = self.ranges.partition_point(|r| r.1 <= code);
        for (l, lo, hi, dst) in self.ranges[..end].iter().rev().take(8) {
            if *l != len || code < *lo || code > *hi {
                continue;
            }
            let offset = code - lo;
            return Some(match dst {
                RangeDst::Base(units) => {
                    let mut units = units.clone();
                    if let Some(last) = units.last_mut() {
                        *last = last.wrapping_add(offset as u16);
                    }
                    clean_text(char::decode_utf16(units).map(|r| r.unwrap_or('\u{fffd}')))
                }
                RangeDst::List(list) => list.get(offset as usize).cloned().unwrap_or_default(),
            });
        }
        None
    }
}

/// The text of a glyph name from an encoding's /Differences (only what reports use).
fn glyph_name_text(name: &[u8]) -> String {
    let name = std::str::from_utf8(name).unwrap_or("");
    if let Some(hex) = name.strip_prefix("uni") {
        if let Some(Ok(v)) = hex
            .get(..4.min(hex.len()))
            .map(|h| u32::from_str_radix(h, 16))
        {
            return char::from_u32(v).map(String::from).unwrap_or_default();
        }
    }
    if name.len() == 1 {
        return name.to_string();
    }
    let known = [
        ("space", " "),
        ("period", "."),
        ("comma", ","),
        ("hyphen", "-"),
        ("colon", ":"),
        ("semicolon", ";"),
        ("slash", "/"),
        ("percent", "%"),
        ("parenleft", "("),
        ("parenright", ")"),
        ("zero", "0"),
        ("one", "1"),
        ("two", "2"),
        ("three", "3"),
        ("four", "4"),
        ("five", "5"),
        ("six", "6"),
        ("seven", "7"),
        ("eight", "8"),
        ("nine", "9"),
        ("bullet", "•"),
        ("endash", "–"),
        ("emdash", "—"),
        ("quotedblleft", "“"),
        ("quotedblright", "”"),
        ("quoteleft", "‘"),
        ("quoteright", "’"),
    ];
    known
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| t.to_string())
        .unwrap_or_default()
}

/// How codes without a ToUnicode entry become text.
enum Fallback {
    /// One-byte codes of a simple font: WinAnsi/Latin-1, with /Differences.
    Simple(Box<[Option<String>; 256]>),
    /// Two-byte UCS-2 codes (UniGB-UCS2-H and similar).
    Ucs2,
    /// GBK codes, one or two bytes (GBK-EUC-H, GBpc-EUC-H).
    Gbk,
    /// Identity or unknown CID encoding: no text.
    None,
}

struct Font {
    cmap: Option<CMap>,
    fallback: Fallback,
    /// Code length when the CMap gives no code space.
    default_len: usize,
    /// Glyph widths in text space units per 1 of font size.
    widths: HashMap<u32, f32>,
    width_ranges: Vec<(u32, u32, f32)>,
    default_width: f32,
}

impl Font {
    fn load(doc: &Document, dict: &Dictionary, budget: &mut Budget) -> Result<Font, PdfError> {
        let subtype = name_of(doc, dict.get(b"Subtype").ok());
        let is_type0 = subtype.as_deref() == Some(b"Type0".as_slice());
        let cmap = match deref(doc, dict.get(b"ToUnicode").ok()) {
            Some(Object::Stream(s)) => Some(CMap::parse(&budget.decode(s)?)),
            _ => None,
        };
        let encoding = deref(doc, dict.get(b"Encoding").ok());
        let mut font = Font {
            cmap,
            fallback: Fallback::None,
            default_len: if is_type0 { 2 } else { 1 },
            widths: HashMap::new(),
            width_ranges: Vec::new(),
            default_width: 0.5,
        };
        if is_type0 {
            let enc_name = match encoding {
                Some(Object::Name(n)) => n.clone(),
                _ => Vec::new(),
            };
            let enc = String::from_utf8_lossy(&enc_name);
            font.fallback = if enc.contains("UCS2") || enc.contains("UTF16") {
                Fallback::Ucs2
            } else if enc.contains("GBK") || enc.contains("EUC") {
                font.default_len = 0; // variable: decided per byte
                Fallback::Gbk
            } else {
                Fallback::None
            };
            font.default_width = 1.0;
            let descendant = match deref(doc, dict.get(b"DescendantFonts").ok()) {
                Some(Object::Array(a)) => a.first().and_then(|o| match deref(doc, Some(o)) {
                    Some(Object::Dictionary(d)) => Some(d),
                    _ => None,
                }),
                _ => None,
            };
            if let Some(desc) = descendant {
                if let Some(dw) = deref(doc, desc.get(b"DW").ok()).and_then(|o| o.as_float().ok()) {
                    font.default_width = dw / 1000.0;
                }
                if let Some(Object::Array(w)) = deref(doc, desc.get(b"W").ok()) {
                    font.read_cid_widths(doc, w);
                    font.width_ranges.sort_by_key(|r| r.0);
                }
            }
        } else {
            let scale = match deref(doc, dict.get(b"FontMatrix").ok()) {
                Some(Object::Array(m)) => {
                    m.first().and_then(|o| o.as_float().ok()).unwrap_or(0.001)
                }
                _ => 0.001,
            };
            let first = deref(doc, dict.get(b"FirstChar").ok())
                .and_then(|o| o.as_i64().ok())
                .unwrap_or(0);
            if let Some(Object::Array(ws)) = deref(doc, dict.get(b"Widths").ok()) {
                for (i, w) in ws.iter().enumerate().take(256) {
                    if let Some(w) = deref(doc, Some(w)).and_then(|o| o.as_float().ok()) {
                        font.widths.insert(
                            first.saturating_add(i as i64).clamp(0, 0xffff_ffff) as u32,
                            w * scale,
                        );
                    }
                }
            }
            let mut table: Box<[Option<String>; 256]> = Box::new(std::array::from_fn(|i| {
                let c = winansi(i as u8);
                (c != '\0').then(|| c.to_string())
            }));
            if let Some(Object::Dictionary(enc)) = encoding {
                if let Some(Object::Array(diffs)) = deref(doc, enc.get(b"Differences").ok()) {
                    let mut code = 0usize;
                    for item in diffs {
                        match item {
                            Object::Integer(n) => code = (*n).clamp(0, 255) as usize,
                            Object::Name(n) => {
                                if code < 256 {
                                    let text = glyph_name_text(n);
                                    table[code] = (!text.is_empty()).then_some(text);
                                }
                                code += 1;
                            }
                            _ => {}
                        }
                    }
                }
            }
            font.fallback = Fallback::Simple(table);
        }
        Ok(font)
    }

    fn read_cid_widths(&mut self, doc: &Document, w: &[Object]) {
        let num = |o: &Object| deref(doc, Some(o)).and_then(|o| o.as_float().ok());
        let mut i = 0;
        while i < w.len() {
            let Some(first) = num(&w[i]) else { break };
            match w.get(i + 1).and_then(|o| deref(doc, Some(o))) {
                Some(Object::Array(list)) => {
                    for (k, v) in list.iter().enumerate() {
                        if let Some(v) = num(v) {
                            self.widths
                                .insert((first as u32).saturating_add(k as u32), v / 1000.0);
                        }
                    }
                    i += 2;
                }
                Some(o) => {
                    let (Ok(last), Some(v)) = (o.as_float(), w.get(i + 2).and_then(num)) else {
                        break;
                    };
                    self.width_ranges
                        .push((first as u32, last as u32, v / 1000.0));
                    i += 3;
                }
                None => break,
            }
        }
    }

    fn width(&self, code: u32) -> f32 {
        if let Some(w) = self.widths.get(&code) {
            return *w;
        }
        let end = self.width_ranges.partition_point(|r| r.0 <= code);
        self.width_ranges[..end]
            .iter()
            .rev()
            .take(8)
            .find(|(lo, hi, _)| (*lo..=*hi).contains(&code))
            .map(|r| r.2)
            .unwrap_or(self.default_width)
    }

    /// Splits a shown string into codes: (code, byte length).
    fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        if let Some(cmap) = &self.cmap {
            if !cmap.codespace.is_empty() {
                for len in 1..=4usize.min(bytes.len()) {
                    let code = code_of(&bytes[..len]);
                    if cmap
                        .codespace
                        .iter()
                        .any(|(l, lo, hi)| *l == len && (*lo..=*hi).contains(&code))
                    {
                        return (code, len);
                    }
                }
            }
        }
        let len = match self.default_len {
            0 => {
                if bytes[0] >= 0x81 && bytes.len() >= 2 {
                    2
                } else {
                    1
                }
            }
            n => n.min(bytes.len()),
        };
        (code_of(&bytes[..len]), len)
    }

    fn text(&self, code: u32, len: usize) -> String {
        if let Some(text) = self.cmap.as_ref().and_then(|c| c.lookup(len, code)) {
            return text;
        }
        match &self.fallback {
            Fallback::Simple(table) => table
                .get(code as usize)
                .and_then(|t| t.clone())
                .unwrap_or_default(),
            Fallback::Ucs2 => clean_text(char::from_u32(code).into_iter()),
            Fallback::Gbk => {
                let bytes = if len == 2 {
                    vec![(code >> 8) as u8, code as u8]
                } else {
                    vec![code as u8]
                };
                let (text, _, _) = encoding_rs::GBK.decode(&bytes);
                clean_text(text.chars())
            }
            Fallback::None => String::new(),
        }
    }
}

/// WinAnsiEncoding (Latin-1 with the 0x80–0x9F extras that reports use); '\0' for none.
fn winansi(b: u8) -> char {
    match b {
        0x20..=0x7e | 0xa0..=0xff => b as char,
        0x91 => '‘',
        0x92 => '’',
        0x93 => '“',
        0x94 => '”',
        0x95 => '•',
        0x96 => '–',
        0x97 => '—',
        _ => '\0',
    }
}

fn deref<'a>(doc: &'a Document, obj: Option<&'a Object>) -> Option<&'a Object> {
    let mut obj = obj?;
    for _ in 0..8 {
        match obj {
            Object::Reference(id) => obj = doc.get_object(*id).ok()?,
            _ => return Some(obj),
        }
    }
    None
}

fn name_of(doc: &Document, obj: Option<&Object>) -> Option<Vec<u8>> {
    match deref(doc, obj)? {
        Object::Name(n) => Some(n.clone()),
        _ => None,
    }
}

fn dict_of<'a>(doc: &'a Document, obj: Option<&'a Object>) -> Option<&'a Dictionary> {
    match deref(doc, obj)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Interpreter

/// Work done so far, against the document-wide limits.
struct Budget {
    decoded: usize,
    ops: usize,
    max_stream: usize,
}

impl Budget {
    fn decode(&mut self, stream: &lopdf::Stream) -> Result<Vec<u8>, PdfError> {
        let remaining = MAX_DECODED_TOTAL.saturating_sub(self.decoded);
        let data = match stream.decompressed_content_with_limit(remaining.min(self.max_stream)) {
            Ok(data) => data,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => return Err(PdfError::TooLarge),
            // Not compressed, or an unknown filter: the raw bytes (a bad stream yields no text).
            Err(_) => stream.content.clone(),
        };
        self.decoded += data.len();
        if self.decoded > MAX_DECODED_TOTAL {
            return Err(PdfError::TooLarge);
        }
        Ok(data)
    }
}

type Matrix = [f32; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// A run of glyphs on one baseline, in page space (points, y up).
#[derive(Debug, Clone)]
struct Run {
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    text: String,
    /// Quarter turns of the text direction (0 upright, 1 upwards, 2 upside down, 3 downwards);
    /// the coordinates are in the text's own frame, turned back upright.
    turn: u8,
}

/// The quarter turn of a text rendering matrix, or None for skewed or mirrored text.
fn turn_of(m: &Matrix) -> Option<u8> {
    let straight = |a: f32, b: f32| a.abs() > 0.0 && b.abs() < 0.1 * a.abs();
    // The baseline direction is (m[0], m[1]); the glyphs' up direction (m[2], m[3]).
    match () {
        _ if straight(m[0], m[1]) && straight(m[3], m[2]) && m[0] > 0.0 && m[3] > 0.0 => Some(0),
        _ if straight(m[1], m[0]) && straight(m[2], m[3]) && m[1] > 0.0 && m[2] < 0.0 => Some(1),
        _ if straight(m[0], m[1]) && straight(m[3], m[2]) && m[0] < 0.0 && m[3] < 0.0 => Some(2),
        _ if straight(m[1], m[0]) && straight(m[2], m[3]) && m[1] < 0.0 && m[2] > 0.0 => Some(3),
        _ => None,
    }
}

/// A page point in the frame of text turned `turn` quarter turns, turned back upright.
fn unturn(turn: u8, (x, y): (f32, f32)) -> (f32, f32) {
    match turn {
        1 => (y, -x),
        2 => (-x, -y),
        3 => (-y, x),
        _ => (x, y),
    }
}

/// A horizontal or vertical ruling segment in page space.
#[derive(Debug, Clone, Copy)]
struct Seg {
    horizontal: bool,
    /// y of a horizontal segment, x of a vertical one.
    at: f32,
    lo: f32,
    hi: f32,
}

struct PageData {
    runs: Vec<Run>,
    segs: Vec<Seg>,
    /// Page box: x0, y0, x1, y1.
    bbox: [f32; 4],
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    hscale: f32,
    leading: f32,
    rise: f32,
}

struct Reader<'a> {
    doc: &'a Document,
    fonts: HashMap<ObjectId, Rc<Font>>,
    budget: Budget,
    glyphs: usize,
    max_glyphs: usize,
}

struct PageSink {
    runs: Vec<Run>,
    segs: Vec<Seg>,
    /// The current path's line segments and rectangles.
    path_lines: Vec<(f32, f32, f32, f32)>,
    path_rects: Vec<[f32; 4]>,
    current: (f32, f32),
    subpath_start: (f32, f32),
    bbox: [f32; 4],
    /// Glyphs seen at each quarter turn.
    turns: [usize; 4],
}

impl<'a> Reader<'a> {
    fn new(doc: &'a Document, input_len: usize) -> Self {
        Reader {
            doc,
            fonts: HashMap::new(),
            budget: Budget {
                decoded: 0,
                ops: 0,
                max_stream: max_stream(input_len),
            },
            glyphs: 0,
            max_glyphs: max_glyphs(input_len),
        }
    }

    fn page(&mut self, page_id: ObjectId) -> Result<PageData, PdfError> {
        let doc = self.doc;
        let page = doc.get_dictionary(page_id).ok();
        let bbox = page
            .and_then(|p| inherited(doc, p, b"CropBox").or_else(|| inherited(doc, p, b"MediaBox")))
            .and_then(|o| match deref(doc, Some(o)) {
                Some(Object::Array(a)) if a.len() == 4 => {
                    let v: Vec<f32> = a
                        .iter()
                        .filter_map(|o| deref(doc, Some(o)).and_then(|o| o.as_float().ok()))
                        .collect();
                    (v.len() == 4).then(|| {
                        [
                            v[0].min(v[2]),
                            v[1].min(v[3]),
                            v[0].max(v[2]),
                            v[1].max(v[3]),
                        ]
                    })
                }
                _ => None,
            })
            .unwrap_or([0.0, 0.0, 595.0, 842.0]);
        let mut sink = PageSink {
            runs: Vec::new(),
            segs: Vec::new(),
            path_lines: Vec::new(),
            path_rects: Vec::new(),
            current: (0.0, 0.0),
            subpath_start: (0.0, 0.0),
            bbox,
            turns: [0; 4],
        };
        let resources =
            page.and_then(|p| inherited(doc, p, b"Resources").and_then(|o| dict_of(doc, Some(o))));
        let mut content = Vec::new();
        for id in doc.get_page_contents(page_id) {
            if let Ok(Object::Stream(s)) = doc.get_object(id) {
                content.extend(self.budget.decode(s)?);
                content.push(b'\n');
            }
        }
        self.run(&content, resources, IDENTITY, &mut sink, 0)?;
        // The page is read in the direction most of its text runs; rulings and the page box are
        // turned the same way.
        let turn = (0..4u8)
            .max_by_key(|&t| (sink.turns[t as usize], std::cmp::Reverse(t)))
            .unwrap_or(0);
        let mut runs = sink.runs;
        runs.retain(|r| r.turn == turn);
        let segs = sink
            .segs
            .into_iter()
            .map(|s| {
                let (a, b) = if s.horizontal {
                    ((s.lo, s.at), (s.hi, s.at))
                } else {
                    ((s.at, s.lo), (s.at, s.hi))
                };
                let (a, b) = (unturn(turn, a), unturn(turn, b));
                let horizontal = (a.1 - b.1).abs() < (a.0 - b.0).abs();
                if horizontal {
                    Seg {
                        horizontal,
                        at: a.1,
                        lo: a.0.min(b.0),
                        hi: a.0.max(b.0),
                    }
                } else {
                    Seg {
                        horizontal,
                        at: a.0,
                        lo: a.1.min(b.1),
                        hi: a.1.max(b.1),
                    }
                }
            })
            .collect();
        let (a, b) = (
            unturn(turn, (bbox[0], bbox[1])),
            unturn(turn, (bbox[2], bbox[3])),
        );
        Ok(PageData {
            runs,
            segs,
            bbox: [a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1)],
        })
    }

    fn font(
        &mut self,
        resources: Option<&Dictionary>,
        name: &[u8],
    ) -> Result<Option<Rc<Font>>, PdfError> {
        let doc = self.doc;
        let Some(fonts) = resources.and_then(|r| dict_of(doc, r.get(b"Font").ok())) else {
            return Ok(None);
        };
        let Ok(entry) = fonts.get(name) else {
            return Ok(None);
        };
        if let Object::Reference(id) = entry {
            if let Some(font) = self.fonts.get(id) {
                return Ok(Some(font.clone()));
            }
        }
        let Some(dict) = dict_of(doc, Some(entry)) else {
            return Ok(None);
        };
        let font = Rc::new(Font::load(doc, dict, &mut self.budget)?);
        if let Object::Reference(id) = entry {
            self.fonts.insert(*id, font.clone());
        }
        Ok(Some(font))
    }

    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&Dictionary>,
        ctm: Matrix,
        sink: &mut PageSink,
        depth: usize,
    ) -> Result<(), PdfError> {
        let mut gs = GState {
            ctm,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            hscale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let mut stack: Vec<GState> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        let mut error: Option<PdfError> = None;
        for_each_op(content, |op, args| {
            self.budget.ops += 1;
            if self.budget.ops > MAX_OPS || self.glyphs > self.max_glyphs {
                error = Some(PdfError::TooLarge);
                return false;
            }
            let n = |i: usize| args.get(i).and_then(Operand::num).unwrap_or(0.0);
            let last_nums = |k: usize| -> Option<Vec<f32>> {
                (args.len() >= k)
                    .then(|| args[args.len() - k..].iter().map(Operand::num).collect())
                    .flatten()
            };
            match op {
                b"q" if stack.len() < MAX_STATE_DEPTH => stack.push(gs.clone()),
                b"Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                b"cm" => {
                    if let Some(v) = last_nums(6) {
                        let m = [v[0], v[1], v[2], v[3], v[4], v[5]];
                        gs.ctm = mul(&m, &gs.ctm);
                    }
                }
                b"BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                b"Tf" => {
                    if let (Some(Operand::Name(name)), Some(size)) =
                        (args.first(), args.get(1).and_then(Operand::num))
                    {
                        match self.font(resources, name) {
                            Ok(f) => gs.font = f,
                            Err(e) => {
                                error = Some(e);
                                return false;
                            }
                        }
                        gs.size = size;
                    }
                }
                b"Tc" => gs.char_spacing = n(0),
                b"Tw" => gs.word_spacing = n(0),
                b"Tz" => gs.hscale = n(0) / 100.0,
                b"TL" => gs.leading = n(0),
                b"Ts" => gs.rise = n(0),
                b"Td" | b"TD" => {
                    if op == b"TD" {
                        gs.leading = -n(1);
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(0), n(1)], &tlm);
                    tm = tlm;
                }
                b"Tm" => {
                    if let Some(v) = last_nums(6) {
                        tlm = [v[0], v[1], v[2], v[3], v[4], v[5]];
                        tm = tlm;
                    }
                }
                b"T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" | b"TJ" => {
                    if op == b"\"" {
                        gs.word_spacing = n(0);
                        gs.char_spacing = n(1);
                    }
                    if op != b"Tj" && op != b"TJ" {
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                        tm = tlm;
                    }
                    if let Some(last) = args.last() {
                        self.show(last, &gs, &mut tm, sink);
                    }
                }
                b"m" => {
                    sink.current = apply(&gs.ctm, n(0), n(1));
                    sink.subpath_start = sink.current;
                }
                b"l" => {
                    let p = apply(&gs.ctm, n(0), n(1));
                    if sink.path_lines.len() < MAX_SEGMENTS {
                        sink.path_lines
                            .push((sink.current.0, sink.current.1, p.0, p.1));
                    }
                    sink.current = p;
                }
                b"h" => {
                    let (s, c) = (sink.subpath_start, sink.current);
                    if sink.path_lines.len() < MAX_SEGMENTS {
                        sink.path_lines.push((c.0, c.1, s.0, s.1));
                    }
                    sink.current = s;
                }
                b"c" | b"v" | b"y" => {
                    if let Some(v) = last_nums(2) {
                        sink.current = apply(&gs.ctm, v[0], v[1]);
                    }
                }
                b"re" => {
                    let (x, y, w, h) = (n(0), n(1), n(2), n(3));
                    let a = apply(&gs.ctm, x, y);
                    let b = apply(&gs.ctm, x + w, y + h);
                    if sink.path_rects.len() < MAX_SEGMENTS {
                        sink.path_rects.push([
                            a.0.min(b.0),
                            a.1.min(b.1),
                            a.0.max(b.0),
                            a.1.max(b.1),
                        ]);
                    }
                    sink.current = a;
                    sink.subpath_start = a;
                }
                b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" | b"n" => {
                    let stroke = matches!(op, b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*");
                    let fill = matches!(op, b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*");
                    sink.paint(stroke, fill);
                }
                b"Do" if depth < MAX_FORM_DEPTH => {
                    if let Some(Operand::Name(name)) = args.first() {
                        if let Err(e) = self.form(resources, name, &gs, sink, depth) {
                            error = Some(e);
                            return false;
                        }
                    }
                }
                _ => {}
            }
            true
        });
        match error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn form(
        &mut self,
        resources: Option<&Dictionary>,
        name: &[u8],
        gs: &GState,
        sink: &mut PageSink,
        depth: usize,
    ) -> Result<(), PdfError> {
        let doc = self.doc;
        let Some(xobjects) = resources.and_then(|r| dict_of(doc, r.get(b"XObject").ok())) else {
            return Ok(());
        };
        let Some(Object::Stream(stream)) = deref(doc, xobjects.get(name).ok()) else {
            return Ok(());
        };
        if name_of(doc, stream.dict.get(b"Subtype").ok()).as_deref() != Some(b"Form".as_slice()) {
            return Ok(());
        }
        let matrix = match deref(doc, stream.dict.get(b"Matrix").ok()) {
            Some(Object::Array(a)) if a.len() == 6 => {
                let v: Vec<f32> = a.iter().map(|o| o.as_float().unwrap_or(0.0)).collect();
                [v[0], v[1], v[2], v[3], v[4], v[5]]
            }
            _ => IDENTITY,
        };
        let own = dict_of(doc, stream.dict.get(b"Resources").ok());
        let content = self.budget.decode(stream)?;
        self.run(
            &content,
            own.or(resources),
            mul(&matrix, &gs.ctm),
            sink,
            depth + 1,
        )
    }

    /// Shows a string (Tj) or an array of strings and adjustments (TJ), advancing the text matrix.
    fn show(&mut self, arg: &Operand, gs: &GState, tm: &mut Matrix, sink: &mut PageSink) {
        let Some(font) = gs.font.clone() else { return };
        let items: &[Operand] = match arg {
            Operand::Array(items) => items,
            other => std::slice::from_ref(other),
        };
        for item in items {
            match item {
                Operand::Num(adj) => {
                    let tx = -adj / 1000.0 * gs.size * gs.hscale;
                    *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
                }
                Operand::Str(bytes) => {
                    let mut i = 0;
                    while i < bytes.len() {
                        let (code, len) = font.next_code(&bytes[i..]);
                        let len = len.max(1);
                        let text = font.text(code, len);
                        let w0 = font.width(code);
                        let space = len == 1 && code == 32;
                        let tx = (w0 * gs.size
                            + gs.char_spacing
                            + if space { gs.word_spacing } else { 0.0 })
                            * gs.hscale;
                        let trm = mul(&[gs.size * gs.hscale, 0.0, 0.0, gs.size, 0.0, gs.rise], tm);
                        let m = mul(&trm, &gs.ctm);
                        let size = (m[2] * m[2] + m[3] * m[3]).sqrt();
                        // Text set at a right angle (a landscape table drawn on a portrait page)
                        // is kept with its turn; skewed text (a watermark) is not.
                        if let Some(turn) = turn_of(&m).filter(|_| !text.is_empty()) {
                            let start = apply(&m, 0.0, 0.0);
                            let end = apply(&m, w0, 0.0);
                            sink.glyph(turn, start, end, size, &text);
                            self.glyphs += 1;
                        }
                        *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
                        i += len;
                    }
                }
                _ => {}
            }
        }
    }
}

/// A page attribute given on the page or inherited from its page-tree ancestors.
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..32 {
        if let Ok(v) = node.get(key) {
            return Some(v);
        }
        node = dict_of(doc, node.get(b"Parent").ok())?;
    }
    None
}

impl PageSink {
    fn glyph(&mut self, turn: u8, start: (f32, f32), end: (f32, f32), size: f32, text: &str) {
        let [bx0, by0, bx1, by1] = self.bbox;
        let finite = [start.0, start.1, end.0, end.1, size]
            .iter()
            .all(|v| v.is_finite());
        if !finite || size <= 0.0 {
            return;
        }
        // Text outside the page box is not shown.
        let slack = size.max(1.0);
        if start.0 < bx0 - slack
            || start.0 > bx1 + slack
            || start.1 < by0 - slack
            || start.1 > by1 + slack
        {
            return;
        }
        self.turns[turn as usize] += 1;
        let (x0, y) = unturn(turn, start);
        let x1 = unturn(turn, end).0.max(x0);
        if let Some(last) = self.runs.last_mut() {
            let same_line = last.turn == turn
                && (last.y - y).abs() < 0.1 * size
                && (last.size - size).abs() < 0.1 * size;
            let gap = x0 - last.x1;
            if same_line && gap > -0.2 * size && gap < 0.15 * size {
                last.text.push_str(text);
                last.x1 = last.x1.max(x1);
                return;
            }
        }
        self.runs.push(Run {
            x0,
            x1,
            y,
            size,
            text: text.to_string(),
            turn,
        });
    }

    fn paint(&mut self, stroke: bool, fill: bool) {
        let lines = std::mem::take(&mut self.path_lines);
        let rects = std::mem::take(&mut self.path_rects);
        if !stroke && !fill {
            return;
        }
        let mut add = |horizontal: bool, at: f32, a: f32, b: f32| {
            if self.segs.len() < MAX_SEGMENTS && (b - a).abs() > 1.0 && at.is_finite() {
                self.segs.push(Seg {
                    horizontal,
                    at,
                    lo: a.min(b),
                    hi: a.max(b),
                });
            }
        };
        if stroke {
            for (x0, y0, x1, y1) in lines {
                if (y0 - y1).abs() < 1.0 {
                    add(true, (y0 + y1) / 2.0, x0, x1);
                } else if (x0 - x1).abs() < 1.0 {
                    add(false, (x0 + x1) / 2.0, y0, y1);
                }
            }
        }
        for [x0, y0, x1, y1] in rects {
            let (w, h) = (x1 - x0, y1 - y0);
            if h < 3.0 && w > h {
                // A thin filled or stroked bar: a horizontal rule (Word draws borders so).
                add(true, (y0 + y1) / 2.0, x0, x1);
            } else if w < 3.0 {
                add(false, (x0 + x1) / 2.0, y0, y1);
            } else if stroke {
                add(true, y0, x0, x1);
                add(true, y1, x0, x1);
                add(false, x0, y0, y1);
                add(false, x1, y0, y1);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Layout

/// A table cell as laid out, with its geometry kept for joining tables across pages.
#[derive(Debug, Clone)]
struct LaidCell {
    text: String,
    x0: f32,
    x1: f32,
    /// Grid rows the cell spans in its page part.
    span: usize,
    bottom: bool,
}

#[derive(Debug, Clone)]
struct LaidTable {
    x0: f32,
    x1: f32,
    rows: Vec<Vec<LaidCell>>,
    /// (page, line) of each row.
    places: Vec<(u32, u32)>,
    /// Its column borders (a ruled table's grid lines, a borderless table's band edges), sorted.
    cols: Vec<f32>,
}

#[derive(Debug, Clone)]
struct Line {
    text: String,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
}

enum Item {
    Line(Line),
    Table(LaidTable, f32),
}

impl Item {
    fn top(&self) -> f32 {
        match self {
            Item::Line(l) => l.y + l.size,
            Item::Table(_, top) => *top,
        }
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x31FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF
        | 0x20000..=0x2FFFF)
}

/// Joins two pieces of one line: no space between CJK characters, a space where the gap is wide
/// or between Latin words set apart.
fn join_same_line(out: &mut String, prev_x1: f32, next: &Run) {
    let gap = next.x0 - prev_x1;
    let last = out.chars().last();
    let first = next.text.chars().next();
    let spaced = last.is_none_or(char::is_whitespace) || first.is_none_or(char::is_whitespace);
    if !spaced {
        let cjk = last.is_some_and(is_cjk) || first.is_some_and(is_cjk);
        if gap > next.size || (gap > 0.2 * next.size && !cjk) {
            out.push(' ');
        }
    }
    out.push_str(&next.text);
}

/// Joins a wrapped line to the text before it: no space next to CJK, a space between Latin words.
fn join_wrapped(out: &mut String, next: &str) {
    let out_trim = out.trim_end().len();
    out.truncate(out_trim);
    let next = next.trim_start();
    let last = out.chars().last();
    let first = next.chars().next();
    if last.is_some_and(|c| c.is_ascii_alphabetic())
        && first.is_some_and(|c| c.is_ascii_alphabetic())
    {
        out.push(' ');
    }
    out.push_str(next);
}

fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Groups runs into lines by baseline, top to bottom, each left to right.
fn group_lines(mut runs: Vec<Run>) -> Vec<Vec<Run>> {
    runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Vec<Run>> = Vec::new();
    let mut line_y = f32::NAN;
    for run in runs {
        match lines.last_mut() {
            Some(line) if (line_y - run.y).abs() <= 0.35 * run.size.max(line[0].size) => {
                line.push(run)
            }
            _ => {
                line_y = run.y;
                lines.push(vec![run]);
            }
        }
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        // Fake bold: the same text drawn twice a fraction of a point apart.
        line.dedup_by(|b, a| a.text == b.text && (a.x0 - b.x0).abs() < 1.0);
    }
    lines
}

fn line_text(runs: &[Run]) -> String {
    let mut text = String::new();
    let mut x1 = f32::NEG_INFINITY;
    for run in runs {
        if text.is_empty() {
            text.push_str(&run.text);
        } else {
            join_same_line(&mut text, x1, run);
        }
        x1 = x1.max(run.x1);
    }
    collapse_spaces(&text)
}

/// The text of a cell: its lines joined as a wrapped label.
fn cell_text(runs: Vec<Run>) -> String {
    let mut text = String::new();
    for line in group_lines(runs) {
        join_wrapped(&mut text, &line_text(&line));
    }
    collapse_spaces(&text)
}

/// Values within `tol` of each other merged to their mean; sorted ascending.
fn cluster(mut values: Vec<f32>, tol: f32) -> Vec<f32> {
    values.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, usize)> = Vec::new();
    for v in values {
        match out.last_mut() {
            Some((mean, n)) if (v - *mean).abs() <= tol => {
                *mean = (*mean * *n as f32 + v) / (*n as f32 + 1.0);
                *n += 1;
            }
            _ => out.push((v, 1)),
        }
    }
    out.into_iter().map(|(m, _)| m).collect()
}

/// Rulings closer than this (points) are one grid line: a double or thick border, or strokes a
/// little apart, must not make a sliver of a row or column.
const GRID_TOL: f32 = 3.0;

/// Grid cells of one ruled table at most (the report's largest table has about 450).
const MAX_GRID_CELLS: usize = 20_000;
/// Horizontal-vertical segment pairs tested for crossing over the whole document.
const MAX_GRID_PAIRS: usize = 50_000_000;

/// A ruled table region: grid lines and the segments that draw it.
struct Grid {
    xs: Vec<f32>,
    /// Descending (top first).
    ys: Vec<f32>,
    /// Horizontal and vertical segments, each sorted by position.
    hsegs: Vec<Seg>,
    vsegs: Vec<Seg>,
    /// Whether the first (top) and last (bottom) row lines were added where the outer borders
    /// run on past the last horizontal border (a table broken by a page break, its closing
    /// border left out).
    open: (bool, bool),
}

impl Grid {
    /// Drops an added row line whose row holds no text.
    fn trim_open(&mut self, runs: &[Run]) {
        let holds = |hi: f32, lo: f32| {
            runs.iter().any(|r| {
                let cy = r.y + 0.3 * r.size;
                cy < hi && cy > lo
            })
        };
        let n = self.ys.len();
        if self.open.1 && n > 2 && !holds(self.ys[n - 2], self.ys[n - 1]) {
            self.ys.pop();
        }
        let n = self.ys.len();
        if self.open.0 && n > 2 && !holds(self.ys[0], self.ys[1]) {
            self.ys.remove(0);
        }
        self.open = (false, false);
    }

    fn bbox(&self) -> [f32; 4] {
        [
            self.xs[0],
            *self.ys.last().unwrap_or(&0.0),
            *self.xs.last().unwrap_or(&0.0),
            self.ys[0],
        ]
    }

    fn contains(&self, x: f32, y: f32) -> bool {
        let [x0, y0, x1, y1] = self.bbox();
        x > x0 - 0.5 && x < x1 + 0.5 && y > y0 - 0.5 && y < y1 + 0.5
    }

    /// Whether a border is drawn at `at` (x of a vertical, y of a horizontal) across lo..hi.
    fn has_border(&self, horizontal: bool, at: f32, lo: f32, hi: f32) -> bool {
        let mid = (lo + hi) / 2.0;
        let reach = (hi - lo) * 0.25;
        let segs = if horizontal { &self.hsegs } else { &self.vsegs };
        let start = segs.partition_point(|s| s.at <= at - GRID_TOL);
        segs[start..]
            .iter()
            .take_while(|s| s.at < at + GRID_TOL)
            .any(|s| s.lo <= mid - reach + 0.5 && s.hi >= mid + reach - 0.5)
    }
}

/// Finds ruled tables: groups of crossing horizontal and vertical segments. `pairs` is the
/// document's remaining budget of segment pairs to test; past it no more tables are ruled.
fn find_grids(segs: &[Seg], pairs: &mut usize) -> Vec<Grid> {
    let n = segs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let tol = 2.0;
    let (hs, vs): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| segs[i].horizontal);
    // Sorted by x, verticals are matched to each horizontal by a window (the page's segments are
    // capped, so this stays within MAX_SEGMENTS² in the worst case and is near-linear in practice).
    let mut vs_sorted = vs.clone();
    vs_sorted.sort_by(|&a, &b| segs[a].at.total_cmp(&segs[b].at));
    let vx: Vec<f32> = vs_sorted.iter().map(|&i| segs[i].at).collect();
    for &h in &hs {
        let hseg = segs[h];
        let start = vx.partition_point(|&x| x < hseg.lo - tol);
        for k in start..vs_sorted.len() {
            if vx[k] > hseg.hi + tol {
                break;
            }
            if *pairs == 0 {
                return Vec::new();
            }
            *pairs -= 1;
            let v = vs_sorted[k];
            let vseg = segs[v];
            if hseg.at >= vseg.lo - tol && hseg.at <= vseg.hi + tol {
                let (a, b) = (find(&mut parent, h), find(&mut parent, v));
                parent[a] = b;
            }
        }
    }
    let mut groups: HashMap<usize, Vec<Seg>> = HashMap::new();
    for (i, seg) in segs.iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(*seg);
    }
    let mut grids = Vec::new();
    for (_, group) in groups {
        let xs = cluster(
            group
                .iter()
                .filter(|s| !s.horizontal)
                .map(|s| s.at)
                .collect(),
            GRID_TOL,
        );
        let mut ys = cluster(
            group
                .iter()
                .filter(|s| s.horizontal)
                .map(|s| s.at)
                .collect(),
            GRID_TOL,
        );
        ys.reverse();
        // A table has at least two cells; a single frame around text is not one.
        if xs.len() < 2 || ys.len() < 2 {
            continue;
        }
        // Outer borders running on past the last (or first) horizontal border close a row of
        // their own: the page broke the table there and left its closing border out.
        let (left, right) = (xs[0], xs[xs.len() - 1]);
        let outer = |x: f32| {
            group
                .iter()
                .filter(move |s| !s.horizontal && (s.at - x).abs() <= GRID_TOL)
        };
        let bottom = outer(left)
            .map(|s| s.lo)
            .fold(f32::INFINITY, f32::min)
            .max(outer(right).map(|s| s.lo).fold(f32::INFINITY, f32::min));
        let top = outer(left)
            .map(|s| s.hi)
            .fold(f32::NEG_INFINITY, f32::max)
            .min(outer(right).map(|s| s.hi).fold(f32::NEG_INFINITY, f32::max));
        let mut open = (false, false);
        if bottom.is_finite() && bottom < ys[ys.len() - 1] - 2.0 * GRID_TOL {
            ys.push(bottom);
            open.1 = true;
        }
        if top.is_finite() && top > ys[0] + 2.0 * GRID_TOL {
            ys.insert(0, top);
            open.0 = true;
        }
        let cells = (xs.len() - 1) * (ys.len() - 1);
        if !(2..=MAX_GRID_CELLS).contains(&cells) {
            continue;
        }
        let (mut hsegs, mut vsegs): (Vec<Seg>, Vec<Seg>) =
            group.into_iter().partition(|s| s.horizontal);
        hsegs.sort_by(|a, b| a.at.total_cmp(&b.at));
        vsegs.sort_by(|a, b| a.at.total_cmp(&b.at));
        grids.push(Grid {
            xs,
            ys,
            hsegs,
            vsegs,
            open,
        });
    }
    grids.sort_by(|a, b| b.ys[0].total_cmp(&a.ys[0]));
    grids
}

/// Lays out the runs of a ruled table into rows of merged cells.
///
/// Cells are grown greedily from their top-left grid cell, right then down, across missing
/// borders. Growing rectangles (rather than joining every pair of grid cells without a border)
/// keeps one missing border stroke — LibreOffice leaves some out around cells merged over many
/// rows — from fusing unrelated cells into one.
fn lay_grid(grid: &Grid, runs: Vec<Run>) -> LaidTable {
    let (nc, nr) = (grid.xs.len() - 1, grid.ys.len() - 1);
    let open_right =
        |r: usize, c: usize| !grid.has_border(false, grid.xs[c + 1], grid.ys[r + 1], grid.ys[r]);
    let open_below =
        |r: usize, c: usize| !grid.has_border(true, grid.ys[r + 1], grid.xs[c], grid.xs[c + 1]);
    let mut owner: Vec<usize> = vec![usize::MAX; nc * nr];
    // Each merged cell: its grid extent (r0, r1, c0, c1).
    let mut extents: Vec<(usize, usize, usize, usize)> = Vec::new();
    for r in 0..nr {
        for c in 0..nc {
            if owner[r * nc + c] != usize::MAX {
                continue;
            }
            let mut c1 = c;
            while c1 + 1 < nc && owner[r * nc + c1 + 1] == usize::MAX && open_right(r, c1) {
                c1 += 1;
            }
            let mut r1 = r;
            while r1 + 1 < nr
                && (c..=c1).all(|k| owner[(r1 + 1) * nc + k] == usize::MAX && open_below(r1, k))
                && (c..c1).all(|k| open_right(r1 + 1, k))
            {
                r1 += 1;
            }
            let id = extents.len();
            for rr in r..=r1 {
                for cc in c..=c1 {
                    owner[rr * nc + cc] = id;
                }
            }
            extents.push((r, r1, c, c1));
        }
    }
    let mut texts: Vec<Vec<Run>> = vec![Vec::new(); extents.len()];
    for run in runs {
        let cx = (run.x0 + run.x1) / 2.0;
        let cy = run.y + 0.3 * run.size;
        let c = grid.xs.partition_point(|&x| x < cx).clamp(1, nc) - 1;
        let r = grid.ys.partition_point(|&y| y > cy).clamp(1, nr) - 1;
        texts[owner[r * nc + c]].push(run);
    }
    let mut cells: Vec<GridCell> = extents
        .into_iter()
        .zip(texts)
        .map(|((r0, r1, c0, c1), runs)| {
            let ink = runs
                .iter()
                .fold((f32::INFINITY, f32::NEG_INFINITY, 0.0f32), |a, r| {
                    (a.0.min(r.x0), a.1.max(r.x1), a.2.max(r.size))
                });
            GridCell {
                r0,
                r1,
                c0,
                c1,
                text: cell_text(runs),
                ink,
            }
        })
        .collect();
    cells.sort_by_key(|c| (c.r0, c.c0));
    absorb_blank_cells(&grid.xs, &mut cells);
    let mut rows: Vec<Vec<LaidCell>> = vec![Vec::new(); nr];
    for g in cells {
        rows[g.r0].push(LaidCell {
            text: g.text,
            x0: grid.xs[g.c0],
            x1: grid.xs[g.c1 + 1],
            span: g.r1 - g.r0 + 1,
            bottom: g.r1 + 1 == nr,
        });
    }
    rows.retain(|r| !r.is_empty());
    LaidTable {
        x0: grid.xs[0],
        x1: grid.xs[nc],
        rows,
        places: Vec::new(),
        cols: grid.xs.clone(),
    }
}

/// A merged cell of a ruled table on its grid, with its text and the extent of its ink.
struct GridCell {
    r0: usize,
    r1: usize,
    c0: usize,
    c1: usize,
    text: String,
    /// Leftmost and rightmost x of its glyphs, and their largest size.
    ink: (f32, f32, f32),
}

/// Joins to a neighbour the blank cells of a ruled table that are not cells of the table's
/// matrix, though a border is drawn beside them (Word keeps a split cell's border):
/// - a blank cell left of every column holding a number, right after a label of the same rows:
///   the label spans it (`（六）其他处理` drawn over a sub-label column left blank);
/// - a blank cell beside a header whose text is centred over both: the header spans it
///   (`行政诉讼` centred over ten columns, a border drawn across the first few).
///
/// `cells` are sorted by (row, column); linear in their number.
fn absorb_blank_cells(xs: &[f32], cells: &mut Vec<GridCell>) {
    let nc = xs.len().saturating_sub(1);
    // The first grid column holding a number in any row.
    let first_valued = cells
        .iter()
        .filter(|c| is_value(&c.text))
        .map(|c| c.c0)
        .min()
        .unwrap_or(nc);
    let mut rows_with_values = std::collections::HashSet::new();
    for c in cells.iter().filter(|c| is_value(&c.text)) {
        rows_with_values.insert(c.r0);
    }
    let mut out: Vec<GridCell> = Vec::with_capacity(cells.len());
    let mut pending: Vec<GridCell> = std::mem::take(cells);
    pending.reverse();
    while let Some(cell) = pending.pop() {
        let same_rows = |a: &GridCell, b: &GridCell| a.r0 == b.r0 && a.r1 == b.r1;
        let is_label = |c: &GridCell| !c.text.is_empty() && !is_value(&c.text);
        // Centred over `lo..hi` rather than over its own cell.
        let centred = |c: &GridCell, lo: f32, hi: f32| {
            let (a, b, size) = c.ink;
            if !(a.is_finite() && b.is_finite()) {
                return false;
            }
            let mid = (a + b) / 2.0;
            let own = (xs[c.c0] + xs[c.c1 + 1]) / 2.0;
            let tol = size.max(2.0);
            (mid - (lo + hi) / 2.0).abs() <= tol && (mid - own).abs() > 2.0 * tol
        };
        if cell.text.is_empty() {
            if let Some(prev) = out.last_mut() {
                let adjacent = prev.c1 + 1 == cell.c0 && same_rows(prev, &cell);
                let label_area = cell.c1 < first_valued;
                let header = !rows_with_values.contains(&cell.r0);
                if adjacent
                    && is_label(prev)
                    && (label_area || header && centred(prev, xs[prev.c0], xs[cell.c1 + 1]))
                {
                    prev.c1 = cell.c1;
                    continue;
                }
            }
            if let Some(next) = pending.last_mut() {
                let adjacent = cell.c1 + 1 == next.c0 && same_rows(next, &cell);
                let header = !rows_with_values.contains(&cell.r0);
                if adjacent
                    && is_label(next)
                    && header
                    && centred(next, xs[cell.c0], xs[next.c1 + 1])
                {
                    next.c0 = cell.c0;
                    continue;
                }
            }
        }
        out.push(cell);
    }
    *cells = out;
}

/// A piece of a line between wide gaps.
#[derive(Debug, Clone)]
struct Piece {
    x0: f32,
    x1: f32,
    text: String,
}

/// A line split where the gap between runs is wider than a character.
fn line_pieces(runs: &[Run]) -> Vec<Piece> {
    let mut pieces: Vec<(f32, f32, Vec<Run>)> = Vec::new();
    for run in runs {
        if run.text.trim().is_empty() {
            continue;
        }
        match pieces.last_mut() {
            Some(p) if run.x0 - p.1 < run.size => {
                p.1 = p.1.max(run.x1);
                p.2.push(run.clone());
            }
            _ => pieces.push((run.x0, run.x1, vec![run.clone()])),
        }
    }
    pieces
        .into_iter()
        .map(|(x0, x1, runs)| Piece {
            x0,
            x1,
            text: line_text(&runs),
        })
        .collect()
}

/// A table value: a number, a blank mark (`/`, `-`) or a percentage.
fn is_value(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '/' | '%' | '／'))
}

/// The kind of a label's leading marker: 1 for 一、, 2 for (一), 3 for 1. (0 for none).
fn marker_kind(text: &str) -> u8 {
    if !starts_with_marker(text) {
        0
    } else if text.starts_with(['(', '（']) {
        2
    } else if text.starts_with(|c: char| c.is_ascii_digit()) {
        3
    } else {
        1
    }
}

/// Column bands of a borderless table region. A column boundary lies where several lines have a
/// gap between pieces and at least as many have a gap as have text there: a label spanning
/// columns crosses a boundary in some rows, cells of other rows leave it open.
fn column_bands(lines: &[Vec<Piece>]) -> Vec<(f32, f32)> {
    let lo = lines
        .iter()
        .flat_map(|l| l.iter().map(|p| p.x0))
        .fold(f32::INFINITY, f32::min);
    let hi = lines
        .iter()
        .flat_map(|l| l.iter().map(|p| p.x1))
        .fold(f32::NEG_INFINITY, f32::max);
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return Vec::new();
    }
    // Half-point bins, at most 8000 of them.
    let step = ((hi - lo) / 8000.0).max(0.5);
    let bins = ((hi - lo) / step) as usize + 1;
    let bin = |x: f32| (((x - lo) / step).max(0.0) as usize).min(bins - 1);
    // Counts per bin through difference arrays: linear in pieces plus bins.
    let mut cover = vec![0i64; bins + 1];
    let mut gaps = vec![0i64; bins + 1];
    // Numbers never span columns: where one is set there is a column, whatever the gaps of
    // other rows (a section of the table with fewer, wider columns) say.
    let mut values = vec![0i64; bins + 1];
    for line in lines {
        for (k, piece) in line.iter().enumerate() {
            let (a, b) = (bin(piece.x0), bin(piece.x1).max(bin(piece.x0)));
            cover[a] += 1;
            cover[b + 1] -= 1;
            if is_value(&piece.text) {
                values[a] += 1;
                values[b + 1] -= 1;
            }
            if let Some(next) = line.get(k + 1) {
                if next.x0 > piece.x1 {
                    gaps[bin(piece.x1)] += 1;
                    gaps[bin(next.x0) + 1] -= 1;
                }
            }
        }
    }
    for k in 1..=bins {
        cover[k] += cover[k - 1];
        gaps[k] += gaps[k - 1];
        values[k] += values[k - 1];
    }
    let mut bands = Vec::new();
    let mut start: Option<usize> = None;
    for k in 0..=bins {
        let text =
            k < bins && cover[k] > 0 && (values[k] > 0 || !(gaps[k] >= 2 && gaps[k] >= cover[k]));
        match (text, start) {
            (true, None) => start = Some(k),
            (false, Some(s)) => {
                bands.push((lo + s as f32 * step, lo + k as f32 * step));
                start = None;
            }
            _ => {}
        }
    }
    bands
}

/// The band a piece belongs to: the one it overlaps most, else the nearest.
fn band_of(bands: &[(f32, f32)], piece: &Piece) -> usize {
    let centre = (piece.x0 + piece.x1) / 2.0;
    let score = |b: &(f32, f32)| {
        let overlap = piece.x1.min(b.1) - piece.x0.max(b.0);
        if overlap > 0.0 {
            overlap
        } else {
            -((b.0 + b.1) / 2.0 - centre).abs() - 1e6
        }
    };
    (0..bands.len())
        .max_by(|&a, &b| score(&bands[a]).total_cmp(&score(&bands[b])))
        .unwrap_or(0)
}

/// Borderless tables: regions of consecutive lines that split into pieces at wide gaps (with the
/// few single-piece lines among them: section rows, wrapped labels), at the same font size.
/// Columns are the x bands the pieces cover; a wrapped label line or a line of values set
/// beside a label is joined to its row; a label spanning rows is given on the first row of
/// its group. Returns each table with the range of lines it used.
fn borderless_tables(lines: &[Vec<Run>]) -> Vec<(std::ops::Range<usize>, LaidTable)> {
    let pieces: Vec<Vec<Piece>> = lines.iter().map(|l| line_pieces(l)).collect();
    let size_of = |k: usize| lines[k].iter().map(|r| r.size).fold(0.0, f32::max);
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if pieces[i].len() < 2 {
            i += 1;
            continue;
        }
        let size = size_of(i);
        let mut last_multi = i;
        let mut j = i + 1;
        while j < lines.len() {
            let gap = lines[j - 1][0].y - lines[j][0].y;
            if gap > 3.0 * size || (size_of(j) - size).abs() > 0.15 * size {
                break;
            }
            if pieces[j].len() >= 2 {
                last_multi = j;
            } else if j - last_multi > 3 {
                break;
            }
            j += 1;
        }
        let end = last_multi + 1;
        let multi: Vec<&Vec<Piece>> = pieces[i..end].iter().filter(|l| l.len() >= 2).collect();
        if multi.len() >= 2 && multi.iter().any(|l| l.len() >= 3) {
            // Bands from the runs (a run never crosses a cell), of the lines with several pieces.
            let runs: Vec<Vec<Piece>> = (i..end)
                .filter(|&k| pieces[k].len() >= 2)
                .map(|k| run_pieces(&lines[k]))
                .collect();
            let bands = column_bands(&runs);
            // More than 64 bands is not a table of a report (and bounds the work per piece).
            if (2..=64).contains(&bands.len()) {
                let region: Vec<Vec<Piece>> = (i..end).map(|k| run_pieces(&lines[k])).collect();
                out.push((i..end, lay_borderless(&region, &bands, &lines[i..end])));
            }
        }
        i = end.max(i + 1);
    }
    out
}

/// The non-blank runs of a line as pieces.
fn run_pieces(runs: &[Run]) -> Vec<Piece> {
    runs.iter()
        .filter(|r| !r.text.trim().is_empty())
        .map(|r| Piece {
            x0: r.x0,
            x1: r.x1,
            text: collapse_spaces(&r.text),
        })
        .collect()
}

/// The number of a label's marker (一、 (一) 1.), if any.
fn marker_number(text: &str) -> Option<u32> {
    let t = text.trim_start_matches(['(', '（']);
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        return digits.parse().ok();
    }
    let numerals = "一二三四五六七八九十";
    let mut n: u32 = 0;
    for c in t.chars() {
        match numerals.chars().position(|d| d == c) {
            Some(9) => n = if n == 0 { 10 } else { n.saturating_mul(10) },
            Some(d) => {
                n = if n >= 10 && n.is_multiple_of(10) {
                    n.saturating_add(d as u32 + 1)
                } else {
                    d as u32 + 1
                }
            }
            None => break,
        }
    }
    (n > 0).then_some(n)
}

/// Lays out a borderless region: `region` holds each line's runs as pieces.
fn lay_borderless(region: &[Vec<Piece>], bands: &[(f32, f32)], lines: &[Vec<Run>]) -> LaidTable {
    // Adjacent bands that no line fills both of are one column (a header and its values set a
    // little apart).
    let masks: Vec<u64> = region
        .iter()
        .map(|line| {
            line.iter()
                .fold(0u64, |m, p| m | 1u64 << band_of(bands, p).min(63))
        })
        .collect();
    let mut merged: Vec<(f32, f32)> = Vec::new();
    let mut group = 0u64;
    for (k, band) in bands.iter().enumerate() {
        let bit = 1u64 << k.min(63);
        let shared = masks.iter().any(|m| m & group != 0 && m & bit != 0);
        match merged.last_mut() {
            Some(last) if !shared => {
                last.1 = band.1;
                group |= bit;
            }
            _ => {
                merged.push(*band);
                group = bit;
            }
        }
    }
    let bands = merged;
    let nb = bands.len();
    let mut rows: Vec<Vec<String>> = Vec::new();
    // Where the last line of each cell of the open row ends.
    let mut row_ends: Vec<f32> = Vec::new();
    let mut prev_y = f32::NAN;
    let (header, skip) = stacked_header(region, &bands, lines);
    for (k, line) in region.iter().enumerate().skip(skip) {
        let y = lines[k][0].y;
        let size = lines[k][0].size;
        let close = (prev_y - y).abs() < 2.0 * size;
        prev_y = y;
        let mut cells = vec![String::new(); nb];
        let mut ends = vec![f32::NEG_INFINITY; nb];
        for piece in line.iter() {
            let b = band_of(&bands, piece);
            if cells[b].is_empty() {
                cells[b].push_str(&piece.text);
            } else {
                let run = Run {
                    x0: piece.x0,
                    x1: piece.x1,
                    y,
                    size,
                    text: piece.text.clone(),
                    turn: 0,
                };
                join_same_line(&mut cells[b], ends[b], &run);
            }
            ends[b] = ends[b].max(piece.x1);
        }
        let filled: Vec<usize> = (0..nb).filter(|&b| !cells[b].is_empty()).collect();
        if let Some(row) = rows.last_mut().filter(|_| close) {
            let row_has_values = row.iter().any(|c| is_value(c));
            // A line continues the row above when each of its cells is the wrapped tail of a
            // label that filled its column to the edge, a value set beside that label (the row
            // has none yet), or a piece of a label spanning rows; and at least one is not the
            // last kind.
            let tail = |b: usize| {
                !is_value(&cells[b])
                    && marker_kind(&cells[b]) == 0
                    && !row[b].is_empty()
                    && !is_value(&row[b])
                    && row_ends[b] >= bands[b].1 - 2.0 * size
            };
            let value = |b: usize| is_value(&cells[b]) && !row_has_values && row[b].is_empty();
            let fragment =
                |b: usize| !is_value(&cells[b]) && marker_kind(&cells[b]) == 0 && row[b].is_empty();
            // 1 tail, 2 value, 3 fragment, 0 none of these.
            let kinds: Vec<u8> = filled
                .iter()
                .map(|&b| {
                    if tail(b) {
                        1
                    } else if value(b) {
                        2
                    } else if fragment(b) {
                        3
                    } else {
                        0
                    }
                })
                .collect();
            if kinds.iter().all(|&k| k != 0) && kinds.iter().any(|&k| k != 3) {
                let mut rest = vec![String::new(); nb];
                let mut any_left = false;
                for (&b, &kind) in filled.iter().zip(&kinds) {
                    if kind == 3 {
                        // Left in a row of its own for the pass below.
                        rest[b] = std::mem::take(&mut cells[b]);
                        any_left = true;
                    } else {
                        join_wrapped(&mut row[b], &cells[b]);
                        row_ends[b] = ends[b];
                    }
                }
                if !any_left {
                    continue;
                }
                cells = rest;
            }
        }
        rows.push(cells);
        row_ends = ends;
    }
    // A label spanning rows sits beside one of them, perhaps split over two lines: a fragment
    // (no marker) is joined to the label above it in its column, and the label moves up to the
    // first row of its group (the rows above with nothing in its column whose next labels count
    // down to it: 3. 2. 1.).
    for r in 0..rows.len() {
        for c in 0..nb {
            let text = rows[r][c].clone();
            if text.is_empty() || is_value(&text) {
                continue;
            }
            let right = (c + 1..nb).find(|&k| !rows[r][k].is_empty() && !is_value(&rows[r][k]));
            let alone = rows[r]
                .iter()
                .enumerate()
                .all(|(k, t)| k == c || t.is_empty());
            if marker_kind(&text) == 0 {
                if right.is_none_or(|k| marker_kind(&rows[r][k]) == 0) && !alone {
                    continue;
                }
                if let Some(up) = (r.saturating_sub(64)..r)
                    .rev()
                    .find(|&u| !rows[u][c].is_empty())
                {
                    if marker_kind(&rows[up][c]) != 0 && !is_value(&rows[up][c]) {
                        let mut joined = rows[up][c].clone();
                        join_wrapped(&mut joined, &text);
                        rows[up][c] = joined;
                        rows[r][c].clear();
                    }
                }
                continue;
            }
            let Some(right) = right else { continue };
            let kind = marker_kind(&rows[r][right]);
            let Some(mut number) = marker_number(&rows[r][right]).filter(|_| kind != 0) else {
                continue;
            };
            let mut to = r;
            while to > 0 && number > 1 && r - to < 64 {
                let above = &rows[to - 1];
                let next = (c + 1..nb).find(|&k| !above[k].is_empty() && !is_value(&above[k]));
                let follows = next.is_some_and(|k| {
                    marker_kind(&above[k]) == kind && marker_number(&above[k]) == Some(number - 1)
                });
                if above[c].is_empty() && follows {
                    to -= 1;
                    number -= 1;
                } else {
                    break;
                }
            }
            if to < r {
                rows[to][c] = std::mem::take(&mut rows[r][c]);
            }
        }
    }
    let kept = section_columns(&rows);
    let laid_rows = header
        .into_iter()
        .chain(rows.into_iter().zip(kept).map(|(cells, kept)| {
            // Leading blank label cells are cells merged down from above: not repeated.
            let first = cells
                .iter()
                .position(|c| !c.is_empty())
                .unwrap_or(cells.len());
            cells
                .into_iter()
                .enumerate()
                .skip(first)
                .filter(|&(k, _)| kept[k])
                .map(|(k, text)| LaidCell {
                    text,
                    x0: bands[k].0,
                    x1: bands[k].1,
                    span: 1,
                    bottom: false,
                })
                .collect::<Vec<_>>()
        }))
        .filter(|r: &Vec<LaidCell>| !r.is_empty())
        .collect();
    LaidTable {
        x0: bands[0].0,
        x1: bands[nb - 1].1,
        rows: laid_rows,
        places: Vec::new(),
        cols: bands.iter().flat_map(|b| [b.0, b.1]).collect(),
    }
}

/// The header of a borderless table whose header words wrap over several lines (`商业` over
/// `企业`, a cell's text set between the lines of its neighbours): the lines above the first
/// number read as a whole. Returns its rows and the number of lines it takes (0 for none).
///
/// Text left of the columns of numbers is one label cell (the note on 勾稽关系); a header over
/// several columns of numbers (`法人或其他组织`) is a group header; the other header words are
/// stacked per column. The header is one row — label, then each column's words — or, with group
/// headers, two: label and group headers, then the columns' words.
fn stacked_header(
    region: &[Vec<Piece>],
    bands: &[(f32, f32)],
    lines: &[Vec<Run>],
) -> (Vec<Vec<LaidCell>>, usize) {
    let nb = bands.len();
    let lines_above = region
        .iter()
        .take_while(|l| !l.iter().any(|p| is_value(&p.text)))
        .count();
    if lines_above < 2 || lines_above >= region.len() || lines_above > 8 {
        return (Vec::new(), 0);
    }
    // The bands holding numbers, and each band's share of the width (to the midpoints).
    let mut valued = vec![false; nb];
    for p in region[lines_above..].iter().flatten() {
        if is_value(&p.text) {
            valued[band_of(bands, p)] = true;
        }
    }
    let Some(first_valued) = valued.iter().position(|&v| v) else {
        return (Vec::new(), 0);
    };
    if valued.iter().filter(|&&v| v).count() < 3 {
        return (Vec::new(), 0);
    }
    let left = |k: usize| {
        if k == 0 {
            f32::NEG_INFINITY
        } else {
            (bands[k - 1].1 + bands[k].0) / 2.0
        }
    };
    let right = |k: usize| {
        if k + 1 == nb {
            f32::INFINITY
        } else {
            (bands[k].1 + bands[k + 1].0) / 2.0
        }
    };
    let label_edge = left(first_valued);
    let mut label = String::new();
    let mut groups: Vec<(f32, f32, String)> = Vec::new();
    let mut stacks: Vec<String> = vec![String::new(); nb];
    let mut stacked_lines = vec![0usize; nb];
    for (k, line) in region[..lines_above].iter().enumerate() {
        let size = lines[k][0].size;
        for p in line {
            if (p.x0 + p.x1) / 2.0 < label_edge {
                join_wrapped(&mut label, &p.text);
                continue;
            }
            let width = p.x1 - p.x0;
            let spanned = (first_valued..nb)
                .filter(|&b| {
                    let share = p.x1.min(right(b)) - p.x0.max(left(b));
                    share > (0.15 * width).max(0.5 * size)
                })
                .count();
            if spanned >= 2 {
                groups.push((p.x0, p.x1, p.text.clone()));
            } else {
                let b = band_of(bands, p);
                join_wrapped(&mut stacks[b], &p.text);
                stacked_lines[b] += 1;
            }
        }
    }
    // Only a header with a wrapped word is read so; others keep their lines.
    if !stacked_lines.iter().any(|&n| n >= 2) {
        return (Vec::new(), 0);
    }
    let cell = |text: String, x0: f32, x1: f32| LaidCell {
        text,
        x0,
        x1,
        span: 1,
        bottom: false,
    };
    let mut out = Vec::new();
    let mut first_row = Vec::new();
    if !label.is_empty() {
        first_row.push(cell(
            label,
            bands[0].0,
            bands[first_valued.saturating_sub(1)].1,
        ));
    }
    groups.sort_by(|a, b| a.0.total_cmp(&b.0));
    let columns: Vec<LaidCell> = stacks
        .into_iter()
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .map(|(b, t)| cell(t, bands[b].0, bands[b].1))
        .collect();
    if groups.is_empty() {
        first_row.extend(columns);
        out.push(first_row);
    } else {
        first_row.extend(groups.into_iter().map(|(x0, x1, t)| cell(t, x0, x1)));
        out.push(first_row);
        out.push(columns);
    }
    out.retain(|r| !r.is_empty());
    (out, lines_above)
}

/// The columns of each row of a borderless table: a section of the table (its header rows, then
/// the rows of numbers under them) leaves out the columns none of its rows has text in (the
/// sections of table 二 under 第二十条第（五）项 have one column of numbers where the first has
/// three); a row of a single cell (a section title, a wrapped label) keeps that cell. A column
/// a section has is kept, blank, in each of its rows with no text there.
fn section_columns(rows: &[Vec<String>]) -> Vec<Vec<bool>> {
    let nb = rows.first().map_or(0, Vec::len);
    let has_values = |r: &Vec<String>| r.iter().any(|c| is_value(c));
    let mut out = vec![Vec::new(); rows.len()];
    let mut start = 0;
    while start < rows.len() {
        // A section: rows without numbers, then rows with numbers.
        let mut end = start;
        while end < rows.len() && !has_values(&rows[end]) {
            end += 1;
        }
        while end < rows.len() && has_values(&rows[end]) {
            end += 1;
        }
        let mut used = vec![false; nb];
        for row in &rows[start..end] {
            if row.iter().filter(|c| !c.is_empty()).count() >= 2 {
                for (u, c) in used.iter_mut().zip(row) {
                    *u |= !c.is_empty();
                }
            }
        }
        for (k, row) in rows.iter().enumerate().take(end).skip(start) {
            out[k] = row
                .iter()
                .zip(&used)
                .map(|(c, &u)| u || !c.is_empty())
                .collect();
        }
        start = end;
    }
    out
}

/// One page's items, top to bottom.
fn layout_page(page: PageData, pairs: &mut usize) -> Vec<Item> {
    let segs = if page.segs.len() < MAX_SEGMENTS {
        page.segs
    } else {
        Vec::new()
    };
    let mut grids = find_grids(&segs, pairs);
    let mut in_grid: Vec<Vec<Run>> = vec![Vec::new(); grids.len()];
    let mut free = Vec::new();
    for run in page.runs {
        let cx = (run.x0 + run.x1) / 2.0;
        let cy = run.y + 0.3 * run.size;
        match grids.iter().position(|g| g.contains(cx, cy)) {
            Some(k) => in_grid[k].push(run),
            None => free.push(run),
        }
    }
    for (g, runs) in grids.iter_mut().zip(&in_grid) {
        g.trim_open(runs);
    }
    let mut items: Vec<Item> = grids
        .iter()
        .zip(in_grid)
        .map(|(g, runs)| Item::Table(lay_grid(g, runs), g.ys[0]))
        .collect();
    let lines = group_lines(free);
    let tables = borderless_tables(&lines);
    let mut used = vec![false; lines.len()];
    for (range, table) in tables {
        let top = lines[range.start]
            .iter()
            .map(|r| r.y + r.size)
            .fold(f32::NEG_INFINITY, f32::max);
        used[range].iter_mut().for_each(|u| *u = true);
        items.push(Item::Table(table, top));
    }
    for (line, used) in lines.into_iter().zip(used) {
        if used {
            continue;
        }
        let text = line_text(&line);
        if text.is_empty() {
            continue;
        }
        let size = line.iter().map(|r| r.size).fold(0.0, f32::max);
        items.push(Item::Line(Line {
            text,
            x0: line.iter().map(|r| r.x0).fold(f32::INFINITY, f32::min),
            x1: line.iter().map(|r| r.x1).fold(f32::NEG_INFINITY, f32::max),
            y: line[0].y,
            size,
        }));
    }
    items.sort_by(|a, b| b.top().total_cmp(&a.top()));
    items
}

/// Whether a line is only a page number: `3`, `- 3 -`, `第 3 页`, `3/12`, `第3页 共12页`, `Page 3`.
fn is_page_number(text: &str) -> bool {
    let s: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .trim_matches(|c| matches!(c, '-' | '—' | '–' | '－' | '·' | '•' | '[' | ']'))
        .to_string();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if digits(&s) {
        return true;
    }
    if let Some((a, b)) = s.split_once('/') {
        return digits(a) && digits(b);
    }
    let stripped = s.replace("Page", "").replace("page", "").replace("of", "/");
    if let Some((a, b)) = stripped.split_once('/') {
        if digits(a) && digits(b) {
            return true;
        }
    }
    if digits(&stripped) {
        return true;
    }
    // 第3页, 第3页共12页, 共12页第3页
    let mut rest = s.as_str();
    let mut found = false;
    while !rest.is_empty() {
        let Some(after) = rest.strip_prefix('第').or_else(|| rest.strip_prefix('共')) else {
            return false;
        };
        let end = after.find('页').unwrap_or(after.len());
        if !digits(&after[..end]) || end == after.len() {
            return false;
        }
        rest = after[end + '页'.len_utf8()..].trim_start_matches([',', '，']);
        found = true;
    }
    found
}

fn chrome_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Drops page headers and footers (the same text at the same height on most pages) and page
/// numbers, both only among the first and last lines of a page and in its outer 15%.
fn drop_chrome(pages: &mut [(Vec<Item>, [f32; 4])]) {
    let n = pages.len();
    let mut counts: HashMap<(String, i64), usize> = HashMap::new();
    let edge = |items: &Vec<Item>| -> Vec<usize> {
        let lines: Vec<usize> = (0..items.len())
            .filter(|&k| matches!(items[k], Item::Line(_)))
            .collect();
        let mut edge: Vec<usize> = lines.iter().take(3).copied().collect();
        edge.extend(lines.iter().rev().take(3));
        edge.sort_unstable();
        edge.dedup();
        edge
    };
    for (items, _) in pages.iter() {
        let mut seen = std::collections::HashSet::new();
        for k in edge(items) {
            if let Item::Line(l) = &items[k] {
                let key = (chrome_key(&l.text), (l.y / 3.0).round() as i64);
                if seen.insert(key.clone()) {
                    *counts.entry(key).or_default() += 1;
                }
            }
        }
    }
    let threshold = (n / 2).max(2);
    for (items, bbox) in pages.iter_mut() {
        let height = bbox[3] - bbox[1];
        let mut drop = vec![false; items.len()];
        for k in edge(items) {
            if let Item::Line(l) = &items[k] {
                let key = chrome_key(&l.text);
                let bucket = (l.y / 3.0).round() as i64;
                let repeated = n >= 2
                    && (bucket - 1..=bucket + 1)
                        .map(|b| counts.get(&(key.clone(), b)).copied().unwrap_or(0))
                        .sum::<usize>()
                        >= threshold;
                let in_margin = l.y < bbox[1] + 0.15 * height || l.y > bbox[3] - 0.15 * height;
                if in_margin && (repeated || is_page_number(&l.text)) {
                    drop[k] = true;
                }
            }
        }
        let mut k = 0;
        items.retain(|_| {
            k += 1;
            !drop[k - 1]
        });
    }
}

/// Starts with a heading or list marker: 一、 （一） (一) 1. 1、
fn starts_with_marker(text: &str) -> bool {
    let t = text.trim_start();
    let numerals = "一二三四五六七八九十";
    let mut chars = t.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if numerals.contains(first) {
        let rest: String = t
            .chars()
            .skip_while(|c| numerals.contains(*c))
            .take(1)
            .collect();
        return rest == "、" || rest == "是";
    }
    if first == '(' || first == '（' {
        return chars
            .next()
            .is_some_and(|c| numerals.contains(c) || c.is_ascii_digit());
    }
    if first.is_ascii_digit() {
        let rest: String = t.chars().skip_while(char::is_ascii_digit).take(1).collect();
        return matches!(rest.as_str(), "." | "、" | "．");
    }
    false
}

/// Appends the continuation of a table broken by a page break: a cell merged over the break
/// (drawn again, with the rest of its wrapped text, on the new page) is joined to its first part.
fn join_tables(first: &mut LaidTable, mut next: LaidTable) {
    // The continuation's borders moved onto the first part's (its edges may differ a little).
    let bounds = column_bounds(first);
    let tol = edge_tol(first);
    for cell in next.rows.iter_mut().flat_map(|r| r.iter_mut()) {
        cell.x0 = snap(&bounds, cell.x0, tol);
        cell.x1 = snap(&bounds, cell.x1, tol);
    }
    if let Some(row) = next.rows.first_mut() {
        // The bottom cell of the first part that each cell of the continuation's first row is
        // drawn under (same left and right borders).
        let heads: Vec<Option<(usize, usize)>> = row
            .iter()
            .map(|cell| {
                let from = first.rows.len().saturating_sub(64);
                first
                    .rows
                    .iter()
                    .enumerate()
                    .skip(from)
                    .find_map(|(r, cells)| {
                        cells
                            .iter()
                            .position(|c| {
                                c.bottom
                                    && (c.x0 - cell.x0).abs() < 2.0
                                    && (c.x1 - cell.x1).abs() < 2.0
                            })
                            .map(|k| (r, k))
                    })
                    .or_else(|| {
                        // A blank cell under part of a label (the label joined the blank
                        // cells beside it on its page).
                        if !cell.text.is_empty() {
                            return None;
                        }
                        first
                            .rows
                            .iter()
                            .enumerate()
                            .skip(from)
                            .find_map(|(r, cells)| {
                                cells
                                    .iter()
                                    .position(|c| {
                                        c.bottom
                                            && c.x0 - 2.0 <= cell.x0
                                            && cell.x1 <= c.x1 + 2.0
                                            && !c.text.is_empty()
                                            && !is_value(&c.text)
                                    })
                                    .map(|k| (r, k))
                            })
                    })
            })
            .collect();
        // A row broken over the page: every cell continues one above, mostly empty, and no cell
        // starts a new label.
        let empty = row.iter().filter(|c| c.text.is_empty()).count();
        let split_row = heads.iter().all(Option::is_some)
            && empty * 2 >= row.len()
            && row.iter().all(|c| !starts_with_marker(&c.text))
            && row.iter().any(|c| !c.text.is_empty());
        let mut keep = Vec::new();
        for (cell, head) in row.drain(..).zip(heads) {
            let continued = head.is_some_and(|(r, k)| {
                let h = &first.rows[r][k];
                split_row
                    || (h.span >= 2 || cell.span >= 2)
                        && !h.text.is_empty()
                        && !starts_with_marker(&cell.text)
                        && !cell.text.chars().all(|c| c.is_ascii_digit())
                    || (cell.text.is_empty() && cell.span >= 2)
                    // A blank cell under a label: the label's merged cell drawn on.
                    || (cell.text.is_empty() && !h.text.is_empty() && !is_value(&h.text))
            });
            match head {
                Some((r, k)) if continued => {
                    let h = &mut first.rows[r][k];
                    join_wrapped(&mut h.text, &cell.text);
                }
                _ => keep.push(cell),
            }
        }
        *row = keep;
    }
    for c in first.rows.iter_mut().flat_map(|r| r.iter_mut()) {
        c.bottom = false;
    }
    // The rest of a label wrapped over the page break, alone on a row of its own among the
    // continuation's first rows (a borderless table: no border tells it): joined to the label.
    for row in next.rows.iter_mut().take(4) {
        let mut texts = row.iter().filter(|c| !c.text.is_empty());
        let (Some(cell), None) = (texts.next(), texts.next()) else {
            continue;
        };
        if is_value(&cell.text) || starts_with_marker(&cell.text) {
            continue;
        }
        let (x0, x1) = (cell.x0, cell.x1);
        let from = first.rows.len().saturating_sub(64);
        let above = first.rows[from..].iter_mut().rev().find_map(|r| {
            r.iter_mut()
                .find(|c| c.x0.max(x0) < c.x1.min(x1) && !c.text.is_empty())
        });
        if let Some(label) = above.filter(|c| starts_with_marker(&c.text) && !is_value(&c.text)) {
            let text = std::mem::take(&mut row[0].text);
            let text = if text.is_empty() {
                row.iter_mut()
                    .map(|c| std::mem::take(&mut c.text))
                    .find(|t| !t.is_empty())
                    .unwrap_or_default()
            } else {
                text
            };
            join_wrapped(&mut label.text, &text);
            row.clear();
        }
    }
    for (row, place) in next.rows.into_iter().zip(next.places) {
        if !row.is_empty() {
            first.rows.push(row);
            first.places.push(place);
        }
    }
}

/// The column borders of a table's cells (of its last rows), sorted, near ones merged.
fn column_bounds(t: &LaidTable) -> Vec<f32> {
    let from = t.rows.len().saturating_sub(64);
    let xs: Vec<f32> = t.rows[from..]
        .iter()
        .flat_map(|r| r.iter().flat_map(|c| [c.x0, c.x1]))
        .take(4096)
        .chain(t.cols.iter().copied().take(4096))
        .collect();
    cluster(xs, 1.0)
}

/// How far a continued table's outer edges may lie from its first part's.
fn edge_tol(t: &LaidTable) -> f32 {
    3.0 + 0.02 * (t.x1 - t.x0).abs()
}

/// `x` moved onto the nearest of `bounds` within `tol`, else kept.
fn snap(bounds: &[f32], x: f32, tol: f32) -> f32 {
    bounds
        .iter()
        .copied()
        .min_by(|a, b| (a - x).abs().total_cmp(&(b - x).abs()))
        .filter(|b| (b - x).abs() <= tol)
        .unwrap_or(x)
}

/// Whether a table at the top of a page continues `prev`, the last item of the page before:
/// its outer edges lie near `prev`'s and each of its column borders lines up with one of
/// `prev`'s (a continuation may leave out columns merged on its page).
fn continues_table(prev: &LaidTable, next: &LaidTable) -> bool {
    if prev.rows.is_empty() || next.rows.is_empty() {
        return false;
    }
    let tol = edge_tol(prev);
    if (prev.x1 - next.x1).abs() > tol {
        return false;
    }
    // The left edge may move when the continuation starts under merged label columns; then
    // the columns of numbers (two at least) must line up.
    let values_from = if (prev.x0 - next.x0).abs() > tol {
        let x = next
            .rows
            .iter()
            .take(8)
            .flat_map(|r| r.iter())
            .filter(|c| is_value(&c.text))
            .map(|c| c.x0)
            .fold(f32::INFINITY, f32::min);
        if !x.is_finite() {
            return false;
        }
        x - 1.5
    } else {
        next.x0 + 1.5
    };
    let bounds = column_bounds(prev);
    let inner: Vec<f32> = column_bounds(next)
        .into_iter()
        .filter(|&x| x > values_from && x < next.x1 - 1.5)
        .collect();
    if values_from > next.x0 + 1.5 && inner.len() < 3 {
        return false;
    }
    let lined_up = inner
        .iter()
        .all(|&x| bounds.iter().any(|&b| (b - x).abs() <= 3.0));
    // A table without inner borders (or an unruled one) continues only edge to edge.
    lined_up
        && (!inner.is_empty() || (prev.x0 - next.x0).abs() < 3.0 && (prev.x1 - next.x1).abs() < 3.0)
}

fn layout_document(pages: Vec<PageData>) -> Vec<Block> {
    let mut pairs = MAX_GRID_PAIRS;
    let mut laid: Vec<(Vec<Item>, [f32; 4])> = pages
        .into_iter()
        .map(|p| {
            let bbox = p.bbox;
            (layout_page(p, &mut pairs), bbox)
        })
        .collect();
    drop_chrome(&mut laid);

    let mut blocks: Vec<Block> = Vec::new();
    // The open paragraph: its text, the line it ends with, its place; and an open table.
    let mut para: Option<(String, Line, Place)> = None;
    let mut table: Option<LaidTable> = None;
    let flush_para = |para: &mut Option<(String, Line, Place)>, blocks: &mut Vec<Block>| {
        if let Some((text, _, place)) = para.take() {
            blocks.push(Block::Para { text, place });
        }
    };
    let flush_table = |table: &mut Option<LaidTable>, blocks: &mut Vec<Block>| {
        if let Some(t) = table.take() {
            let rows = t
                .rows
                .into_iter()
                .zip(t.places)
                .map(|(row, (page, line))| {
                    row.into_iter()
                        .map(|c| CellText {
                            text: c.text,
                            place: Place::Line { page, line },
                        })
                        .collect()
                })
                .collect();
            blocks.push(Block::Table { rows });
        }
    };
    for (page_index, (items, _)) in laid.into_iter().enumerate() {
        let page = page_index as u32 + 1;
        let lines: Vec<&Line> = items
            .iter()
            .filter_map(|i| match i {
                Item::Line(l) => Some(l),
                _ => None,
            })
            .collect();
        let right = lines
            .iter()
            .filter(|l| l.text.chars().count() >= 10)
            .map(|l| l.x1)
            .fold(f32::NEG_INFINITY, f32::max);
        let left = lines.iter().map(|l| l.x0).fold(f32::INFINITY, f32::min);
        let mut number = 0u32;
        let item_count = items.len();
        for (k, item) in items.into_iter().enumerate() {
            match item {
                Item::Line(line) => {
                    number += 1;
                    flush_table(&mut table, &mut blocks);
                    let continues = para.as_ref().is_some_and(|(_, prev, _)| {
                        let same_page_gap = k > 0 && prev.y - line.y < 2.2 * line.size;
                        // A full line of a text column at least 20 characters wide.
                        (same_page_gap || k == 0)
                            && right - left >= 20.0 * prev.size
                            && prev.x1 >= right - 1.5 * prev.size
                            && (line.x0 - left).abs() < 0.6 * line.size
                            && (prev.size - line.size).abs() < 0.15 * line.size
                            && !starts_with_marker(&line.text)
                    });
                    if continues {
                        if let Some((text, prev, _)) = para.as_mut() {
                            join_wrapped(text, &line.text);
                            *prev = line;
                        }
                    } else {
                        flush_para(&mut para, &mut blocks);
                        let place = Place::Line { page, line: number };
                        para = Some((line.text.clone(), line, place));
                    }
                }
                Item::Table(mut t, _) => {
                    flush_para(&mut para, &mut blocks);
                    t.places = (0..t.rows.len())
                        .map(|_| {
                            number += 1;
                            (page, number)
                        })
                        .collect();
                    let joins = k == 0 && table.as_ref().is_some_and(|p| continues_table(p, &t));
                    if joins {
                        if let Some(prev) = table.as_mut() {
                            join_tables(prev, t);
                        }
                    } else {
                        flush_table(&mut table, &mut blocks);
                        table = Some(t);
                    }
                    // A table continues onto the next page only from the page's last item.
                    if k + 1 < item_count {
                        flush_table(&mut table, &mut blocks);
                    }
                }
            }
        }
    }
    flush_para(&mut para, &mut blocks);
    flush_table(&mut table, &mut blocks);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &[u8] = include_bytes!("../../../tests/documents/pdf/example-2021.pdf");
    const EXAMPLE_TXT: &str = include_str!("../../../tests/documents/pdf/example-2021.txt");
    const FLAT: &[u8] = include_bytes!("../../../tests/documents/pdf/example-flat.pdf");
    const BIG: &[u8] = include_bytes!("../../../tests/documents/pdf/example-16pt.pdf");
    const NOBORDER: &[u8] = include_bytes!("../../../tests/documents/pdf/example-noborder.pdf");
    const SEED003: &[u8] = include_bytes!("../../../tests/documents/pdf/seed003-2019.pdf");
    const SEED003_TXT: &str = include_str!("../../../tests/documents/pdf/seed003-2019.txt");
    const LONG: &[u8] = include_bytes!("../../../tests/documents/pdf/long-50p.pdf");
    const LONG_TXT: &str = include_str!("../../../tests/documents/pdf/long-50p.txt");
    const ENCRYPTED: &[u8] = include_bytes!("../../../tests/documents/pdf/encrypted.pdf");
    const OWNER_ONLY: &[u8] = include_bytes!("../../../tests/documents/pdf/owner-only.pdf");
    const IMAGE_ONLY: &[u8] = include_bytes!("../../../tests/documents/pdf/image-only.pdf");
    const BROKEN_XREF: &[u8] = include_bytes!("../../../tests/documents/pdf/broken-xref.pdf");
    const TRUNCATED: &[u8] = include_bytes!("../../../tests/documents/pdf/truncated.pdf");
    const BOMB: &[u8] = include_bytes!("../../../tests/documents/pdf/bomb.pdf");
    const HONGZE_2023: &[u8] = include_bytes!("../../../tests/corpus/real/huaian-hongze-2023.pdf");
    const HONGZE_2024: &[u8] = include_bytes!("../../../tests/corpus/real/huaian-hongze-2024.pdf");

    /// The canonical text layout: a paragraph as its text on a line, a table row as its cell
    /// texts joined by ` | `.
    fn canonical(blocks: &[Block]) -> String {
        let mut out = String::new();
        for block in blocks {
            match block {
                Block::Para { text, .. } => out.push_str(text),
                Block::Table { rows } => {
                    let lines: Vec<String> = rows
                        .iter()
                        .map(|row| {
                            let cells: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
                            cells.join(" | ")
                        })
                        .collect();
                    out.push_str(&lines.join("\n"));
                }
            }
            out.push('\n');
        }
        out
    }

    /// The checker's diagnostics of a text, without positions: code and table/row/column/values.
    fn diagnostics(text: &str) -> Vec<(String, String)> {
        let analysis = nianbao_core::analyze(text, &nianbao_core::ParseOptions::default());
        analysis
            .diagnostics
            .iter()
            .map(|d| {
                let mut kept = serde_json::Map::new();
                for key in ["table", "row", "column", "expected", "actual"] {
                    if let Some(v) = d.data.get(key) {
                        kept.insert(key.to_string(), v.clone());
                    }
                }
                (
                    d.code.as_str().to_string(),
                    serde_json::Value::Object(kept).to_string(),
                )
            })
            .collect()
    }

    fn rows(blocks: &[Block]) -> Vec<Vec<String>> {
        blocks
            .iter()
            .flat_map(|b| match b {
                Block::Table { rows } => rows
                    .iter()
                    .map(|r| r.iter().map(|c| c.text.clone()).collect())
                    .collect(),
                Block::Para { .. } => Vec::new(),
            })
            .collect()
    }

    fn row_starting<'a>(rows: &'a [Vec<String>], label: &str) -> &'a [String] {
        rows.iter()
            .find(|r| r.first().is_some_and(|c| c == label))
            .unwrap_or_else(|| panic!("no row {label}"))
    }

    fn paras(blocks: &[Block]) -> Vec<(&str, Place)> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para { text, place } => Some((text.as_str(), *place)),
                Block::Table { .. } => None,
            })
            .collect()
    }

    #[test]
    fn example_total_row_is_one_row_with_its_seven_values() {
        let blocks = read(EXAMPLE).unwrap();
        let rows = rows(&blocks);
        assert_eq!(
            row_starting(&rows, "(七)总计"),
            ["(七)总计", "5", "2", "0", "0", "0", "0", "7"]
        );
    }

    #[test]
    fn example_checks_the_same_as_its_original_text() {
        let blocks = read(EXAMPLE).unwrap();
        let from_pdf = diagnostics(&canonical(&blocks));
        assert!(!from_pdf.is_empty());
        assert_eq!(from_pdf, diagnostics(EXAMPLE_TXT));
    }

    #[test]
    fn flattened_header_checks_the_same_as_the_original_text() {
        let blocks = read(FLAT).unwrap();
        assert_eq!(diagnostics(&canonical(&blocks)), diagnostics(EXAMPLE_TXT));
    }

    #[test]
    fn government_type_sizes_check_the_same_as_the_original_text() {
        let blocks = read(BIG).unwrap();
        assert_eq!(diagnostics(&canonical(&blocks)), diagnostics(EXAMPLE_TXT));
    }

    #[test]
    fn borderless_tables_keep_rows_and_columns() {
        let blocks = read(NOBORDER).unwrap();
        let rows = rows(&blocks);
        assert_eq!(
            row_starting(&rows, "(七)总计"),
            ["(七)总计", "5", "2", "0", "0", "0", "0", "7"]
        );
        // Labels spanning rows are joined and set on the first row of their group.
        assert_eq!(
            row_starting(&rows, "(三)不予公开")[..2],
            ["(三)不予公开", "1.属于国家密秘"]
        );
        assert_eq!(
            row_starting(&rows, "(六)其他处理")[..2],
            [
                "(六)其他处理",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
            ]
        );
        // A label wrapped beside its values is one row.
        assert_eq!(
            row_starting(
                &rows,
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
            )[1..],
            ["0", "0", "0", "0", "0", "0", "0"]
        );
        assert!(rows
            .iter()
            .any(|r| r.len() == 15 && r[..5] == ["1", "0", "0", "1", "3"]));
    }

    /// The codes of the checker's diagnostics of a text, sorted.
    fn codes(text: &str) -> Vec<String> {
        let mut codes: Vec<String> = diagnostics(text).into_iter().map(|(c, _)| c).collect();
        codes.sort();
        codes
    }

    /// The table rows of the table holding a row that starts with `label`.
    fn table_with<'a>(blocks: &'a [Block], label: &str) -> Vec<Vec<&'a str>> {
        blocks
            .iter()
            .find_map(|b| match b {
                Block::Table { rows } if rows.iter().any(|r| r[0].text == label) => Some(
                    rows.iter()
                        .map(|r| r.iter().map(|c| c.text.as_str()).collect())
                        .collect(),
                ),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no table with {label}"))
    }

    #[test]
    fn real_2023_table_broken_over_pages_continues() {
        // Table 三 breaks after 1.本机关不掌握相关政府信息; the page leaves out the border under
        // the next row, and the page after goes on under the merged 三、 and （四） labels.
        let blocks = read(HONGZE_2023).unwrap();
        let table = table_with(&blocks, "一、本年新收政府信息公开申请数量");
        let at = |label: &str| {
            table
                .iter()
                .position(|r| r[0] == label)
                .unwrap_or_else(|| panic!("no row {label}"))
        };
        let second = at("2.没有现成信息需要另行制作");
        assert_eq!(
            table[second],
            [
                "2.没有现成信息需要另行制作",
                "3",
                "0",
                "0",
                "0",
                "0",
                "0",
                "3"
            ]
        );
        assert_eq!(at("（四）无法提供") + 1, second);
        assert_eq!(
            table[second + 1],
            [
                "3.补正后申请内容仍不明确",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0"
            ]
        );
        assert_eq!(
            table[at("（七）总计")],
            ["（七）总计", "21", "0", "0", "0", "0", "0", "21"]
        );
        // What a reviewer finds: the 2019 rows, the mistyped label, table 四's two totals.
        assert_eq!(
            codes(&canonical(&blocks)),
            [
                "format-mismatch",
                "label-typo",
                "review-total",
                "review-total"
            ]
        );
    }

    #[test]
    fn real_2024_label_over_a_blank_label_cell_is_one_cell() {
        // （六）其他处理 and （七）总计 are drawn beside a blank cell of the sub-label column;
        // table 四's 行政复议 and 行政诉讼 have a border drawn inside 行政诉讼's merged cell.
        let blocks = read(HONGZE_2024).unwrap();
        let rows = rows(&blocks);
        assert_eq!(
            row_starting(&rows, "（六）其他处理"),
            ["（六）其他处理", "0", "0", "0", "0", "0", "0", "0"]
        );
        assert_eq!(
            row_starting(&rows, "（七）总计"),
            ["（七）总计", "95", "0", "0", "0", "0", "0", "95"]
        );
        assert_eq!(row_starting(&rows, "行政复议"), ["行政复议", "行政诉讼"]);
        assert_eq!(
            row_starting(&rows, "（四）无法提供"),
            [
                "（四）无法提供",
                "1.本机关不掌握相关政府信息",
                "31",
                "0",
                "0",
                "0",
                "0",
                "0",
                "31"
            ]
        );
        // The 2019 rows and the mistyped label (the narrative's 17 are what the office did for the
        // district government, not the table's 95).
        assert_eq!(
            codes(&canonical(&blocks)),
            ["format-mismatch", "label-typo"]
        );
    }

    #[test]
    fn borderless_tables_keep_blank_cells_and_labels_broken_by_a_page() {
        let blocks = read(NOBORDER).unwrap();
        let rows = rows(&blocks);
        // 规章's blank 本年废止件数 is a blank cell; the later sections of table 二 have one
        // column of numbers.
        assert_eq!(row_starting(&rows, "规章"), ["规章", "0", "", "3"]);
        assert_eq!(
            row_starting(&rows, "信息内容")[..],
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
        );
        assert_eq!(row_starting(&rows, "行政处罚"), ["行政处罚", "2"]);
        // （四）无 / 法提供, wrapped over the page break.
        assert_eq!(
            row_starting(&rows, "(四)无法提供")[..2],
            ["(四)无法提供", "1.本机关不掌握相关政府信息"]
        );
        assert!(!rows.iter().any(|r| r[0] == "法提供"));
        // The header's words wrapped over two lines are one each.
        assert_eq!(
            row_starting(&rows, "自然人"),
            [
                "自然人",
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "其他",
                "总计"
            ]
        );
        assert_eq!(diagnostics(&canonical(&blocks)), diagnostics(EXAMPLE_TXT));
    }

    #[test]
    fn seed003_2019_format_checks_the_same_as_its_original_text() {
        let blocks = read(SEED003).unwrap();
        assert_eq!(diagnostics(&canonical(&blocks)), diagnostics(SEED003_TXT));
        // A label wrapped in its cell and broken over a page comes out whole, with its values.
        let rows = rows(&blocks);
        let row = row_starting(&rows, "5.要求行政机关确认或重新出具已获取信息");
        assert_eq!(row.len(), 8);
    }

    #[test]
    fn fifty_pages_check_the_same_as_their_original_text() {
        let blocks = read(LONG).unwrap();
        assert_eq!(diagnostics(&canonical(&blocks)), diagnostics(LONG_TXT));
        let last_page = paras(&blocks)
            .iter()
            .map(|(_, p)| *p)
            .fold(0, |m, p| match p {
                Place::Line { page, .. } => m.max(page),
                _ => m,
            });
        assert!(last_page >= 45, "{last_page}");
    }

    #[test]
    fn example_tables_keep_blank_cells_merged_labels_and_wrapped_labels() {
        let blocks = read(EXAMPLE).unwrap();
        let rows = rows(&blocks);
        // 规章's 本年废止件数 is blank.
        assert_eq!(row_starting(&rows, "规章"), ["规章", "0", "", "3"]);
        // 三、本年度办理结果 spans 22 rows: given once, on its first row.
        assert_eq!(
            row_starting(&rows, "三、本年度办理结果")[..3],
            ["三、本年度办理结果", "(一)予以公开", "4"]
        );
        assert_eq!(
            rows.iter()
                .filter(|r| r.contains(&"三、本年度办理结果".to_string()))
                .count(),
            1
        );
        // （三）不予公开 spans its 8 items; the following items start with their own label.
        assert_eq!(
            row_starting(&rows, "(三)不予公开")[..2],
            ["(三)不予公开", "1.属于国家密秘"]
        );
        assert_eq!(row_starting(&rows, "2.其他法律行政法规禁止公开").len(), 8);
        // A label wrapped over two lines in its cell is one cell text.
        assert!(rows
            .iter()
            .any(|r| r[0] == "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"));
        // Table 四: 15 values in one row.
        assert!(rows
            .iter()
            .any(|r| r.len() == 15 && r[..5] == ["1", "0", "0", "1", "3"]));
    }

    #[test]
    fn example_drops_page_headers_and_numbers_and_numbers_lines() {
        let blocks = read(EXAMPLE).unwrap();
        let paras = paras(&blocks);
        assert_eq!(
            paras[0],
            (
                "阜新市示例局2021年政府信息公开工作年度报告",
                Place::Line { page: 1, line: 1 }
            )
        );
        assert!(paras
            .iter()
            .all(|(t, _)| *t != "阜新市示例局政府信息公开工作年度报告" && !is_page_number(t)));
        // The paragraph after the title is its second line, joined from its wrapped lines.
        assert_eq!(paras[1].1, Place::Line { page: 1, line: 2 });
        assert!(paras[1].0.ends_with("机关作风建设日趋增强。"));
        // Table rows carry the place of their row; the last ones are on page 3.
        let last = match blocks
            .iter()
            .rev()
            .find(|b| matches!(b, Block::Table { .. }))
        {
            Some(Block::Table { rows }) => rows.last().unwrap()[0].place,
            _ => panic!("no table"),
        };
        assert!(matches!(last, Place::Line { page: 3, .. }), "{last:?}");
    }

    #[test]
    fn encrypted_needs_a_password() {
        assert_eq!(read(ENCRYPTED), Err(PdfError::Encrypted));
    }

    #[test]
    fn owner_password_only_is_read() {
        let blocks = read(OWNER_ONLY).unwrap();
        assert_eq!(canonical(&blocks), canonical(&read(EXAMPLE).unwrap()));
    }

    #[test]
    fn image_only_has_no_text_layer() {
        assert_eq!(read(IMAGE_ONLY), Err(PdfError::NoTextLayer));
    }

    #[test]
    fn broken_xref_is_repaired() {
        let blocks = read(BROKEN_XREF).unwrap();
        assert_eq!(canonical(&blocks), canonical(&read(EXAMPLE).unwrap()));
    }

    #[test]
    fn truncated_is_corrupt() {
        assert!(matches!(read(TRUNCATED), Err(PdfError::Corrupt(_))));
    }

    #[test]
    fn decompression_bomb_is_too_large() {
        assert_eq!(read(BOMB), Err(PdfError::TooLarge));
    }

    /// A PDF of uncompressed objects (the first is the catalog) with a correct xref table.
    fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n", i + 1).bytes());
            out.extend(body);
            out.extend(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for off in offsets {
            out.extend(format!("{off:010} 00000 n \n").bytes());
        }
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .bytes(),
        );
        out
    }

    /// A one-font (Helvetica, WinAnsi) PDF with one page per content stream.
    fn text_pdf(pages: &[String]) -> Vec<u8> {
        let n = pages.len();
        let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
        let mut objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
                .to_vec(),
        ];
        for (i, content) in pages.iter().enumerate() {
            objects.push(
                format!(
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents {} 0 R \
                     /Resources << /Font << /F1 3 0 R >> >> >>",
                    5 + 2 * i
                )
                .into_bytes(),
            );
            let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
            stream.extend(content.bytes());
            stream.extend(b"\nendstream");
            objects.push(stream);
        }
        pdf_of(&objects)
    }

    fn text_at(x: f32, y: f32, text: &str) -> String {
        format!("BT /F1 10 Tf {x} {y} Td ({text}) Tj ET\n")
    }

    #[test]
    fn borderless_table_columns_come_from_x_positions() {
        let mut page = text_at(50.0, 700.0, "Intro line of the report");
        for (k, (label, a, b)) in [
            ("Label", "Col A", "Col B"),
            ("First", "1", ""),
            ("Second", "2", "3"),
        ]
        .iter()
        .enumerate()
        {
            let y = 650.0 - 20.0 * k as f32;
            page += &text_at(50.0, y, label);
            page += &text_at(200.0, y, a);
            if !b.is_empty() {
                page += &text_at(300.0, y, b);
            }
        }
        let blocks = read(&text_pdf(&[page])).unwrap();
        assert_eq!(
            canonical(&blocks),
            "Intro line of the report\nLabel | Col A | Col B\nFirst | 1 | \nSecond | 2 | 3\n"
        );
    }

    #[test]
    fn text_turned_a_quarter_is_read_in_its_own_direction() {
        // A landscape table drawn on a portrait page: everything turned 90° counter-clockwise.
        let mut page = String::from("q 0 1 -1 0 600 0 cm\n");
        page += &text_at(50.0, 500.0, "Heading");
        for (k, row) in [["Name", "A", "B"], ["Row", "1", "2"]].iter().enumerate() {
            let y = 460.0 - 20.0 * k as f32;
            for (c, cell) in row.iter().enumerate() {
                page += &text_at(55.0 + 100.0 * c as f32, y, cell);
            }
        }
        // Its ruling: three columns, two rows.
        for x in [50, 150, 250, 350] {
            page += &format!("{x} 435 m {x} 475 l S\n");
        }
        for y in [435, 455, 475] {
            page += &format!("50 {y} m 350 {y} l S\n");
        }
        page += "Q\n";
        let blocks = read(&text_pdf(&[page])).unwrap();
        assert_eq!(canonical(&blocks), "Heading\nName | A | B\nRow | 1 | 2\n");
    }

    #[test]
    fn repeated_header_and_page_numbers_are_dropped() {
        let pages: Vec<String> = (1..=3)
            .map(|p| {
                text_at(250.0, 770.0, "Annual report")
                    + &text_at(50.0, 600.0, &format!("Body of page {p}"))
                    + &text_at(290.0, 30.0, &format!("- {p} -"))
            })
            .collect();
        let blocks = read(&text_pdf(&pages)).unwrap();
        assert_eq!(
            canonical(&blocks),
            "Body of page 1\nBody of page 2\nBody of page 3\n"
        );
        assert_eq!(paras(&blocks)[2].1, Place::Line { page: 3, line: 1 });
    }

    #[test]
    fn radicals_read_as_ideographs() {
        assert_eq!(clean_text("⼀、⼆是⼈".chars()), "一、二是人");
        assert_eq!(KANGXI.chars().count(), 0x2fd6 - 0x2f00);
    }

    #[test]
    fn page_numbers() {
        for yes in [
            "3",
            "- 3 -",
            "第 3 页",
            "3/12",
            "第3页 共12页",
            "共12页 第3页",
            "— 3 —",
            "Page 3 of 12",
        ] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["", "三、", "2021年", "第二十条", "3.其他", "第3章"] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    #[test]
    fn garbage_never_panics() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut noise = |n: usize| -> Vec<u8> {
            (0..n)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed as u8
                })
                .collect()
        };
        assert!(matches!(read(b""), Err(PdfError::Corrupt(_))));
        assert!(matches!(read(&noise(10_000)), Err(PdfError::Corrupt(_))));
        let mut header = b"%PDF-1.7\n".to_vec();
        header.extend(noise(50_000));
        assert!(read(&header).is_err());
        // Every prefix and some corruptions of a real file.
        for cut in (0..EXAMPLE.len()).step_by(EXAMPLE.len() / 40) {
            let _ = read(&EXAMPLE[..cut]);
        }
        for k in 0..20 {
            let mut bytes = EXAMPLE.to_vec();
            let at = (k * 7919 * 31) % bytes.len();
            let junk = noise(64);
            let end = (at + 64).min(bytes.len());
            bytes[at..end].copy_from_slice(&junk[..end - at]);
            let _ = read(&bytes);
        }
    }

    #[test]
    fn deep_nesting_and_wild_content_do_not_panic() {
        // Deeply nested arrays in an object and in a content stream, unbalanced q/Q and BT,
        // operators without operands, a string that never closes.
        let deep = "[".repeat(100_000);
        let objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            format!("<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Extra {deep} >>").into_bytes(),
            b"<< >>".to_vec(),
        ];
        let _ = read(&pdf_of(&objects));
        let wild = format!(
            "{deep} {} Tj TJ Td cm re l m S f Do Tf BT q q q ET Q Q Q Q ' \" <<<<<< (unclosed",
            "q ".repeat(10_000)
        );
        let result = read(&text_pdf(&[wild]));
        assert!(matches!(result, Err(PdfError::NoTextLayer)), "{result:?}");
    }

    /// A ruled grid: vertical borders at `xs` from `bottom` to `top`, horizontal ones at `ys`.
    fn rulings(xs: &[f32], ys: &[f32], bottom: f32, top: f32) -> String {
        let mut out = String::new();
        for x in xs {
            out += &format!("{x} {bottom} m {x} {top} l S\n");
        }
        for y in ys {
            out += &format!("{} {y} m {} {y} l S\n", xs[0], xs[xs.len() - 1]);
        }
        out
    }

    #[test]
    fn blank_cell_beside_a_label_left_of_the_numbers_is_not_a_cell() {
        // Two label columns; the second row's label is drawn beside a blank cell of the
        // sub-label column (a border between them); no column of numbers is blank.
        let mut page = rulings(
            &[50.0, 150.0, 250.0, 300.0, 350.0],
            &[740.0, 720.0, 700.0],
            700.0,
            740.0,
        );
        for (x, y, t) in [
            (55.0, 725.0, "Refused"),
            (155.0, 725.0, "Secret"),
            (260.0, 725.0, "1"),
            (310.0, 725.0, "2"),
            (55.0, 705.0, "Other"),
            (260.0, 705.0, "0"),
            (310.0, 705.0, "0"),
        ] {
            page += &text_at(x, y, t);
        }
        let rows = rows(&read(&text_pdf(&[page])).unwrap());
        assert_eq!(
            rows,
            [vec!["Refused", "Secret", "1", "2"], vec!["Other", "0", "0"]]
        );
    }

    #[test]
    fn ruled_table_without_its_closing_border_continues_on_the_next_page() {
        let xs = [50.0, 150.0, 250.0, 300.0];
        // Page 1: the outer and inner borders run 20 points past the last horizontal border.
        let mut one = rulings(&xs, &[140.0, 120.0], 100.0, 140.0);
        for (x, y, t) in [
            (55.0, 125.0, "First"),
            (260.0, 125.0, "1"),
            (55.0, 105.0, "Last"),
        ] {
            one += &text_at(x, y, t);
        }
        one += &text_at(260.0, 105.0, "2");
        // Page 2: the continuation, its left edge a little off, under a blank label cell.
        let mut two = rulings(
            &[52.0, 150.0, 250.0, 300.0],
            &[760.0, 740.0, 720.0],
            720.0,
            760.0,
        );
        for (x, y, t) in [
            (155.0, 745.0, "Next"),
            (260.0, 745.0, "3"),
            (55.0, 725.0, "End"),
        ] {
            two += &text_at(x, y, t);
        }
        two += &text_at(260.0, 725.0, "4");
        let blocks = read(&text_pdf(&[one, two])).unwrap();
        let tables: Vec<_> = blocks
            .iter()
            .filter(|b| matches!(b, Block::Table { .. }))
            .collect();
        assert_eq!(tables.len(), 1, "{blocks:?}");
        let rows = rows(&blocks);
        // The blank sub-label cells beside the labels are theirs (no numbers in that column);
        // the blank cell over Next continues the label above it.
        assert_eq!(
            rows,
            [
                vec!["First", "1"],
                vec!["Last", "2"],
                vec!["Next", "3"],
                vec!["End", "4"]
            ]
        );
    }

    #[test]
    fn borderless_sections_keep_their_own_columns_and_blank_cells() {
        let mut page = String::new();
        for (x, y, t) in [
            (60.0, 700.0, "Kind"),
            (200.0, 700.0, "Made"),
            (300.0, 700.0, "Repealed"),
            (400.0, 700.0, "Valid"),
            (60.0, 685.0, "Rules"),
            (210.0, 685.0, "0"),
            (410.0, 685.0, "3"),
            (60.0, 670.0, "Norms"),
            (210.0, 670.0, "0"),
            (315.0, 670.0, "0"),
            (410.0, 670.0, "0"),
            (60.0, 655.0, "Kind"),
            (290.0, 655.0, "Decisions made"),
            (60.0, 640.0, "Permits"),
            (315.0, 640.0, "5"),
        ] {
            page += &text_at(x, y, t);
        }
        let rows = rows(&read(&text_pdf(&[page])).unwrap());
        assert_eq!(row_starting(&rows, "Rules"), ["Rules", "0", "", "3"]);
        assert_eq!(row_starting(&rows, "Norms"), ["Norms", "0", "0", "0"]);
        assert_eq!(row_starting(&rows, "Permits"), ["Permits", "5"]);
    }

    #[test]
    fn dense_rulings_stay_bounded() {
        // 30 pages each drawing a 5000 × 5000 mesh of crossing lines around one word.
        let mut mesh = String::new();
        for k in 0..5000 {
            let at = 50.0 + k as f32 * 0.1;
            mesh += &format!("{at} 50 m {at} 750 l 50 {at} m 550 {at} l ");
        }
        mesh += "S\n";
        mesh += &text_at(300.0, 300.0, "Inside");
        let blocks = read(&text_pdf(&vec![mesh; 30])).unwrap();
        assert!(canonical(&blocks).contains("Inside"));
    }

    #[test]
    fn form_fan_out_is_too_large() {
        // A page drawing a form 1000 times that draws another 1000 times that shows 1000 glyphs.
        let stream = |body: String| {
            let mut s = format!(
                "<< /Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources 7 0 R /Length {} >>\nstream\n",
                body.len()
            )
            .into_bytes();
            s.extend(body.bytes());
            s.extend(b"\nendstream");
            s
        };
        let glyphs = format!("BT /F1 1 Tf 50 700 Td ({}) Tj ET", "a".repeat(1000));
        // (The page content carries a form dictionary too: harmless, it is read as content.)
        let page = stream("/X2 Do ".repeat(1000));
        let objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R /Resources 7 0 R >>"
                .to_vec(),
            page,
            stream("/X1 Do ".repeat(1000)),
            stream(glyphs),
            b"<< /Font << /F1 8 0 R >> /XObject << /X2 5 0 R /X1 6 0 R >> >>".to_vec(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        ];
        assert_eq!(read(&pdf_of(&objects)), Err(PdfError::TooLarge));
    }

    #[test]
    fn huge_page_trees_stay_bounded() {
        // One page listed 200 000 times, and a page tree that contains itself.
        let kids = "3 0 R ".repeat(200_000);
        let objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            format!("<< /Type /Pages /Kids [{kids} 2 0 R] /Count 200000 >>").into_bytes(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R \
               /Resources << /Font << /F1 5 0 R >> >> >>"
                .to_vec(),
            b"<< /Length 36 >>\nstream\nBT /F1 10 Tf 50 700 Td (Hello) Tj ET\nendstream".to_vec(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        ];
        let blocks = read(&pdf_of(&objects)).unwrap();
        assert_eq!(canonical(&blocks), "Hello\n");
    }
}
