//! The documents reports come in — Word files, web pages, PDFs, plain text — read into the text the
//! checker reads, with the place in the document of every piece of that text.
//!
//! A reader turns its format into [`Block`]s (paragraphs and tables of cell texts, each with its
//! [`Place`]); [`layout`] writes the blocks in the canonical layout (one table row per line, cells
//! joined by ` | `), which the core's text reader reads like any pasted report. So a document and
//! the text `nianbao text` prints of it are checked alike. Pure: the callers read the bytes.

pub mod blocks;
mod docx;
pub mod flat;
mod html;
mod layout;
mod pdf;
mod sniff;
mod xml;

pub use blocks::{Block, CellText, Place};
pub use sniff::{is_plain_text, Kind};

use nianbao_core::messages::{UnreadFormat, Unreadable};
use nianbao_core::text::decode::{decode_bytes, DecodeError};
use nianbao_core::Lang;

/// The largest size any part of a document may inflate to (a zip bomb is refused past it).
pub const MAX_INFLATED_BYTES: u64 = 200 * 1024 * 1024;

/// How far a part of a document of `file_len` bytes may inflate: a hundred times the file (Word's
/// XML compresses ten to thirty times), at least 20 MB and at most [`MAX_INFLATED_BYTES`], so that
/// reading a zip bomb takes no more memory than ten times its size and 50 MB.
pub fn inflate_limit(file_len: usize) -> u64 {
    (file_len as u64)
        .saturating_mul(100)
        .clamp(20 * 1024 * 1024, MAX_INFLATED_BYTES)
}

/// A document read into text.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: Kind,
    /// The text encoding of a text file or web page (e.g. "GB18030").
    pub encoding: Option<&'static str>,
    /// The text the checker reads: the file's own text, or the canonical layout of a document.
    pub text: String,
    /// Where each piece of `text` comes from, by the byte offset it starts at (ascending); empty
    /// for a text file, whose own lines and columns are the places.
    places: Vec<(usize, Place)>,
    /// For a text file flattened onto one line (a scraped page): its own text, and where line
    /// breaks were put back into `text` before its headings and rows (see [`flat`]).
    unflattened: Option<Box<(String, Vec<usize>)>>,
}

impl Document {
    /// The place in the document of the text at `offset`, if the document has places.
    pub fn place(&self, offset: usize) -> Option<Place> {
        let i = self.places.partition_point(|(start, _)| *start <= offset);
        i.checked_sub(1).map(|i| self.places[i].1)
    }

    /// Whether the text was made from a document (Word, web page, PDF) rather than read as it is.
    pub fn is_extracted(&self) -> bool {
        self.kind != Kind::Text
    }

    /// The file's own text, when `text` is it with line breaks put back (a flattened page).
    pub fn original(&self) -> Option<&str> {
        self.unflattened.as_deref().map(|(text, _)| text.as_str())
    }

    /// The offset in the file's own text of `offset` in `text` (the same unless line breaks were
    /// put back).
    pub fn to_original(&self, offset: usize) -> usize {
        self.unflattened
            .as_deref()
            .map_or(offset, |(_, inserted)| flat::to_original(inserted, offset))
    }
}

/// Why a file could not be read as a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// A format nianbao does not read (Word 97–2003 `.doc`, WPS `.wps`, a spreadsheet …): the name
    /// of the format, as users know it.
    Unsupported(Unsupported),
    /// The document is encrypted or protected by a password.
    Encrypted,
    /// A PDF whose pages hold images but no text (a scan).
    NoTextLayer,
    /// A part of the document inflates past its [`inflate_limit`] (in MB).
    TooLarge { limit_mb: u64 },
    /// The document is damaged; the detail is technical, in English.
    Corrupt(String),
    /// The bytes are no text in a known encoding.
    Undecodable(DecodeError),
}

/// The formats that are recognised but not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsupported {
    /// Word 97–2003, WPS and ET files (OLE compound documents).
    OldOffice,
    /// Excel, PowerPoint or another zip-based format that is not a Word document.
    OtherOffice,
    /// OpenDocument text (.odt).
    OpenDocument,
    /// Rich text (.rtf).
    Rtf,
    /// A zip archive that is no document.
    Zip,
}

impl ReadError {
    /// Why, for a Chinese civil servant or in English, with what to do about it.
    pub fn message(&self, lang: Lang) -> String {
        self.unreadable().render(lang)
    }

    /// The error as the message catalogue names it.
    pub fn unreadable(&self) -> Unreadable {
        match self {
            ReadError::Unsupported(u) => Unreadable::Unsupported(match u {
                Unsupported::OldOffice => UnreadFormat::OldOffice,
                Unsupported::OtherOffice => UnreadFormat::OtherOffice,
                Unsupported::OpenDocument => UnreadFormat::OpenDocument,
                Unsupported::Rtf => UnreadFormat::Rtf,
                Unsupported::Zip => UnreadFormat::Zip,
            }),
            ReadError::Encrypted => Unreadable::Encrypted,
            ReadError::NoTextLayer => Unreadable::NoTextLayer,
            ReadError::TooLarge { limit_mb } => Unreadable::InflatesTooFar {
                limit_mb: *limit_mb,
            },
            ReadError::Corrupt(detail) => Unreadable::Corrupt(detail.clone()),
            ReadError::Undecodable(e) => Unreadable::Undecodable(e.clone()),
        }
    }
}

/// How many paragraphs and tables of a Word file [`read_start`] reads.
const START_BLOCKS: usize = 60;

/// The start of a file read as a report (a Word file's first paragraphs and tables; any other file
/// whole): where a report names its agency and year, for pairing a folder's reports by year without
/// reading every Word file twice.
pub fn read_start(bytes: &[u8]) -> Result<Document, ReadError> {
    match sniff::sniff(bytes) {
        sniff::Sniffed::Docx => {
            from_blocks(Kind::Docx, None, docx::read_start(bytes, START_BLOCKS)?)
        }
        _ => read(bytes),
    }
}

/// Reads a file's bytes as a report, recognising its format by its content, not its name.
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    match sniff::sniff(bytes) {
        sniff::Sniffed::Docx => from_blocks(Kind::Docx, None, docx::read(bytes)?),
        sniff::Sniffed::Pdf => match pdf::read(bytes) {
            Ok(blocks) => from_blocks(Kind::Pdf, None, blocks),
            Err(pdf::PdfError::Encrypted) => Err(ReadError::Encrypted),
            Err(pdf::PdfError::NoTextLayer) => Err(ReadError::NoTextLayer),
            Err(pdf::PdfError::Corrupt(detail)) => Err(ReadError::Corrupt(detail)),
            Err(pdf::PdfError::TooLarge) => Err(ReadError::TooLarge {
                limit_mb: MAX_INFLATED_BYTES >> 20,
            }),
        },
        sniff::Sniffed::Unsupported(u) => Err(ReadError::Unsupported(u)),
        sniff::Sniffed::Html => {
            let (text, encoding) = html::decode(bytes)?;
            from_blocks(Kind::Html, Some(encoding), html::read(&text))
        }
        sniff::Sniffed::Text => {
            let decoded = decode_bytes(bytes).map_err(ReadError::Undecodable)?;
            if sniff::looks_like_html(&decoded.text) {
                return from_blocks(
                    Kind::Html,
                    Some(decoded.encoding.name()),
                    html::read(&decoded.text),
                );
            }
            let encoding = Some(decoded.encoding.name());
            let doc = match flat::unflatten(&decoded.text) {
                Some(u) => Document {
                    kind: Kind::Text,
                    encoding,
                    text: u.text,
                    places: Vec::new(),
                    unflattened: Some(Box::new((decoded.text, u.inserted))),
                },
                None => Document {
                    kind: Kind::Text,
                    encoding,
                    text: decoded.text,
                    places: Vec::new(),
                    unflattened: None,
                },
            };
            Ok(doc)
        }
    }
}

fn from_blocks(
    kind: Kind,
    encoding: Option<&'static str>,
    blocks: Vec<Block>,
) -> Result<Document, ReadError> {
    let (text, places) = layout::write(&blocks);
    Ok(Document {
        kind,
        encoding,
        text,
        places,
        unflattened: None,
    })
}
