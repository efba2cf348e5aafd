//! Recognising a file's format by its content: zip (Word or not), PDF, OLE (old Office), RTF, HTML
//! or text.

use crate::Unsupported;

/// The kinds of document read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Docx,
    Html,
    Pdf,
}

impl Kind {
    /// The name shown to users.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Docx => "docx",
            Kind::Html => "html",
            Kind::Pdf => "pdf",
        }
    }
}

/// What the first bytes say a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sniffed {
    Docx,
    Pdf,
    Html,
    Text,
    Unsupported(Unsupported),
}

const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub(crate) fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(OLE) {
        return Sniffed::Unsupported(Unsupported::OldOffice);
    }
    // Some writers put a few bytes of junk before the PDF header; readers accept it within 1 KB.
    let head = &bytes[..bytes.len().min(1024)];
    if memfind(head, b"%PDF-").is_some() {
        return Sniffed::Pdf;
    }
    if bytes.starts_with(b"{\\rtf") {
        return Sniffed::Unsupported(Unsupported::Rtf);
    }
    if looks_like_html_bytes(head) {
        return Sniffed::Html;
    }
    Sniffed::Text
}

/// Whether a file starting with `head` is plain text (not a Word file, PDF, web page or other
/// binary): what a reader of its first bytes alone can take as the start of its text.
pub fn is_plain_text(head: &[u8]) -> bool {
    matches!(sniff(head), Sniffed::Text)
}

/// A zip is a Word document when it holds `word/document.xml`; the names are found in the central
/// directory and local headers, so a look at the raw bytes tells without unpacking.
fn sniff_zip(bytes: &[u8]) -> Sniffed {
    if memfind(bytes, b"word/document.xml").is_some() {
        Sniffed::Docx
    } else if memfind(bytes, b"content.xml").is_some() && memfind(bytes, b"opendocument").is_some()
    {
        Sniffed::Unsupported(Unsupported::OpenDocument)
    } else if memfind(bytes, b"[Content_Types].xml").is_some() {
        Sniffed::Unsupported(Unsupported::OtherOffice)
    } else {
        Sniffed::Unsupported(Unsupported::Zip)
    }
}

fn memfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// The markup that starts a web page, or stands in the first kilobyte of a saved article body.
const HTML_MARKERS: [&[u8]; 8] = [
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<meta",
    b"<table",
    b"<div",
    b"<p",
];

fn looks_like_html_bytes(head: &[u8]) -> bool {
    // Report text seldom holds an ASCII `<` at all (its brackets are 《》): most files stop here.
    if memchr::memchr(b'<', head).is_none() {
        return false;
    }
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let start = lower
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(lower.len());
    let rest = &lower[start..];
    // A page begins with markup; a text that merely mentions a tag further on is still text.
    let opens = rest.starts_with(b"<") || rest.starts_with(b"\xef\xbb\xbf<");
    let strong = [b"<!doctype html".as_slice(), b"<html", b"<body"]
        .iter()
        .any(|m| memfind(&lower, m).is_some());
    let tags = HTML_MARKERS
        .iter()
        .filter(|m| memfind(&lower, m).is_some())
        .count();
    (opens && tags >= 1) || strong || tags >= 3
}

/// The same test on decoded text (for UTF-16 pages, whose bytes hide the markup).
pub(crate) fn looks_like_html(text: &str) -> bool {
    looks_like_html_bytes(&text.as_bytes()[..text.len().min(1024)])
}
