//! This module turns command-line PATH arguments into the list of report files and their decoded
//! texts.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

// Decoding is pure and shared with the language server (which reads workspace files): it lives in
// the core.
use nianbao_core::messages::{Ui, Unreadable};
#[cfg(all(test, unix))]
use nianbao_core::text::decode::first_invalid_gb18030;
pub use nianbao_core::text::decode::{decode_bytes, DecodeError, Decoded, Encoding, UTF8_BOM};
use nianbao_core::Lang;
use nianbao_documents::{Document, ReadError};

/// Why one input could not be read; `path` is the path as the user gave it / as found under a
/// folder.
#[derive(Debug)]
pub struct InputError {
    pub path: PathBuf,
    pub kind: InputErrorKind,
}

/// The reasons an input can fail to be read.
#[derive(Debug)]
pub enum InputErrorKind {
    /// The path does not exist (or is a symlink pointing nowhere).
    NotFound,
    /// The user may not read the file or list the folder.
    PermissionDenied,
    /// Any other operating-system error.
    Io(io::Error),
    /// The path is not a regular file, e.g. a fifo, a socket or a device.
    IsSpecial,
    /// Following symbolic links leads back to where they started.
    SymlinkLoop,
    /// The file is larger than the limit, which is checked before reading.
    TooLarge { bytes: u64, limit: u64 },
    /// The bytes are no document or text nianbao reads, or a damaged one (see [`ReadError`]).
    Document(ReadError),
}

impl InputError {
    fn new(path: impl Into<PathBuf>, kind: InputErrorKind) -> Self {
        InputError {
            path: path.into(),
            kind,
        }
    }

    /// Builds the error for an operating-system error met while looking at `path`.
    pub fn from_io(path: impl Into<PathBuf>, err: io::Error) -> Self {
        InputError::new(path, kind_from_io(err))
    }

    /// A one-line message naming the file and why ("无法读取 a/b.txt：文件不存在", "cannot read
    /// a/b.txt: no such file").
    pub fn message(&self, lang: Lang) -> String {
        Ui::CannotRead {
            path: self.path.display().to_string(),
            why: self.unreadable(),
        }
        .render(lang)
    }

    /// Why the file could not be read ("文件不存在", "no such file").
    pub fn reason(&self, lang: Lang) -> String {
        self.unreadable().render(lang)
    }

    /// Why, as the message catalogue names it.
    fn unreadable(&self) -> Unreadable {
        match &self.kind {
            InputErrorKind::NotFound => Unreadable::NotFound,
            InputErrorKind::PermissionDenied => Unreadable::PermissionDenied,
            InputErrorKind::Io(err) => Unreadable::Io(err.to_string()),
            InputErrorKind::IsSpecial => Unreadable::IsSpecial,
            InputErrorKind::SymlinkLoop => Unreadable::SymlinkLoop,
            InputErrorKind::TooLarge { bytes, limit } => Unreadable::TooLarge {
                bytes: *bytes,
                limit: *limit,
            },
            InputErrorKind::Document(e) => e.unreadable(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            InputErrorKind::Io(err) => Some(err),
            _ => None,
        }
    }
}

/// Classifies an operating-system error into the kinds users are told about.
fn kind_from_io(err: io::Error) -> InputErrorKind {
    match err.kind() {
        io::ErrorKind::NotFound => InputErrorKind::NotFound,
        io::ErrorKind::PermissionDenied => InputErrorKind::PermissionDenied,
        _ if is_loop_error(&err) => InputErrorKind::SymlinkLoop,
        _ => InputErrorKind::Io(err),
    }
}

/// Tells whether the operating system refused a path because its symbolic links loop (ELOOP).
fn is_loop_error(err: &io::Error) -> bool {
    // The stable `io::ErrorKind` has no variant for ELOOP, so the raw error number is compared.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    const ELOOP: Option<i32> = Some(40);
    #[cfg(any(
        target_os = "macos",
        target_os = "ios",
        target_os = "freebsd",
        target_os = "netbsd",
        target_os = "openbsd",
        target_os = "dragonfly"
    ))]
    const ELOOP: Option<i32> = Some(62);
    #[cfg(not(any(
        target_os = "linux",
        target_os = "android",
        target_os = "macos",
        target_os = "ios",
        target_os = "freebsd",
        target_os = "netbsd",
        target_os = "openbsd",
        target_os = "dragonfly"
    )))]
    const ELOOP: Option<i32> = None;
    ELOOP.is_some() && err.raw_os_error() == ELOOP
}

/// Largest file read (bytes); larger files are an InputErrorKind::TooLarge error. Set it to 256
/// MiB.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The path that stands for standard input.
pub const STDIN: &str = "-";

/// Reads one file (or standard input, for `-`) as a report: a text file, Word document, web page or
/// PDF.
pub fn read_report(path: &Path) -> Result<Document, InputError> {
    let bytes = read_input(path)?;
    nianbao_documents::read(&bytes).map_err(|e| InputError::new(path, InputErrorKind::Document(e)))
}

/// The bytes of one file, or of standard input for `-`, within the size limit.
pub fn read_input(path: &Path) -> Result<Vec<u8>, InputError> {
    if path == Path::new(STDIN) {
        read_stdin(MAX_FILE_BYTES)
    } else {
        read_bytes(path, MAX_FILE_BYTES)
    }
}

/// Reads the start of a file as a report (see `nianbao_documents::read_start`): its title and year.
pub fn read_report_start(path: &Path) -> Result<Document, InputError> {
    let bytes = read_bytes(path, MAX_FILE_BYTES)?;
    nianbao_documents::read_start(&bytes)
        .map_err(|e| InputError::new(path, InputErrorKind::Document(e)))
}

/// Reads standard input to its end, refusing more than `limit` bytes.
fn read_stdin(limit: u64) -> Result<Vec<u8>, InputError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| InputError::from_io(STDIN, err))?;
    let read_len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read_len > limit {
        return Err(InputError::new(
            STDIN,
            InputErrorKind::TooLarge {
                bytes: read_len,
                limit,
            },
        ));
    }
    Ok(bytes)
}

/// Reads and decodes one text file, refusing files larger than `limit` bytes.
#[cfg(test)]
fn read_report_with_limit(path: &Path, limit: u64) -> Result<Decoded, InputError> {
    let bytes = read_bytes(path, limit)?;
    decode_bytes(&bytes).map_err(|reason| {
        InputError::new(
            path,
            InputErrorKind::Document(ReadError::Undecodable(reason)),
        )
    })
}

/// Reads the bytes of one file, refusing files larger than `limit` bytes.
fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    // The metadata is checked before opening, so that a fifo is never opened (which would block)
    // and an oversized file is never read.
    let metadata = std::fs::metadata(path).map_err(|err| InputError::from_io(path, err))?;
    if !metadata.is_file() {
        return Err(InputError::new(path, InputErrorKind::IsSpecial));
    }
    if metadata.len() > limit {
        let kind = InputErrorKind::TooLarge {
            bytes: metadata.len(),
            limit,
        };
        return Err(InputError::new(path, kind));
    }
    let bytes = std::fs::read(path).map_err(|err| InputError::from_io(path, err))?;
    // The file may have grown between the size check and the read.
    let read_len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read_len > limit {
        let kind = InputErrorKind::TooLarge {
            bytes: read_len,
            limit,
        };
        return Err(InputError::new(path, kind));
    }
    Ok(bytes)
}

/// Reads and decodes only the first `head` bytes of a file (all of it when it is shorter), for what
/// a report says about itself in its first kilobytes (its title and year). The encoding is decided
/// on those bytes as `decode_bytes` decides it on a whole file, and a character cut at the end of
/// them is left out, so the text is the start of the whole file's text, except in a file whose
/// bytes beyond the first `head` change the decision (UTF-8 up to there, damaged after). Files over
/// the size limit are refused as `read_report` refuses them. The flag tells whether the text is the
/// whole file's.
pub fn read_report_head(path: &Path, head: usize) -> Result<(Decoded, bool), InputError> {
    let (bytes, whole) = read_head_bytes(path, head)?;
    let decoded = decode_read_head(&bytes, whole).map_err(|reason| {
        InputError::new(
            path,
            InputErrorKind::Document(ReadError::Undecodable(reason)),
        )
    })?;
    Ok((decoded, whole))
}

/// Decodes what `read_head_bytes` read: the whole file as `decode_bytes` does, or its first bytes.
pub fn decode_read_head(bytes: &[u8], whole: bool) -> Result<Decoded, DecodeError> {
    if whole {
        decode_bytes(bytes)
    } else {
        decode_head(bytes)
    }
}

/// Reads the first `head` bytes of a file (all of it when it is shorter, which the flag tells),
/// refusing what `read_report` refuses before reading.
pub fn read_head_bytes(path: &Path, head: usize) -> Result<(Vec<u8>, bool), InputError> {
    use std::io::Read;
    let metadata = std::fs::metadata(path).map_err(|err| InputError::from_io(path, err))?;
    if !metadata.is_file() {
        return Err(InputError::new(path, InputErrorKind::IsSpecial));
    }
    if metadata.len() > MAX_FILE_BYTES {
        let kind = InputErrorKind::TooLarge {
            bytes: metadata.len(),
            limit: MAX_FILE_BYTES,
        };
        return Err(InputError::new(path, kind));
    }
    let file = std::fs::File::open(path).map_err(|err| InputError::from_io(path, err))?;
    let mut bytes = Vec::with_capacity(head + 1);
    // One byte more than asked tells whether the file goes on after the head.
    file.take(head as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| InputError::from_io(path, err))?;
    let whole = bytes.len() <= head;
    bytes.truncate(head);
    Ok((bytes, whole))
}

/// Decodes the first bytes of a longer file as `decode_bytes` decodes a whole one, leaving out a
/// character cut in two at the end, so that such a cut neither fails the decoding nor makes it fall
/// back to another encoding.
fn decode_head(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let utf16 = |rest: &[u8], big_endian: bool| -> usize {
        let mut len = rest.len() - rest.len() % 2;
        // A lead surrogate at the end has lost its trail.
        if len >= 2 {
            let pair = [rest[len - 2], rest[len - 1]];
            let unit = if big_endian {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            };
            if (0xD800..0xDC00).contains(&unit) {
                len -= 2;
            }
        }
        len
    };
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return decode_bytes(&bytes[..2 + utf16(&bytes[2..], false)]);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return decode_bytes(&bytes[..2 + utf16(&bytes[2..], true)]);
    }
    let bom = if bytes.starts_with(UTF8_BOM) {
        UTF8_BOM.len()
    } else {
        0
    };
    // What `decode_bytes` gives for valid UTF-8, without validating it a second time.
    let utf8 = |text: &str| {
        let encoding = if bom > 0 {
            Encoding::Utf8Bom
        } else {
            Encoding::Utf8
        };
        Ok(Decoded {
            text: text.to_owned(),
            encoding,
        })
    };
    match simdutf8::compat::from_utf8(&bytes[bom..]) {
        Ok(text) => utf8(text),
        // Valid UTF-8 up to a character cut at the end.
        Err(e) if e.error_len().is_none() => utf8(
            simdutf8::compat::from_utf8(&bytes[bom..bom + e.valid_up_to()]).unwrap_or_default(),
        ),
        // Not UTF-8: GB18030 sequences are at most four bytes long and one cut at the end is
        // malformed, so up to three bytes are dropped until the rest decodes.
        Err(_) => {
            let first = decode_bytes(bytes);
            if first.is_ok() || bom > 0 {
                return first;
            }
            (1..4)
                .map(|cut| decode_bytes(&bytes[..bytes.len().saturating_sub(cut)]))
                .find(Result::is_ok)
                .unwrap_or(first)
        }
    }
}

/// The extensions of the files checked under a folder: texts, Word documents, web pages and PDFs,
/// and the old Office formats, which are named as not readable rather than passed over.
const REPORT_EXTENSIONS: [&str; 12] = [
    "txt", "md", "docx", "html", "htm", "shtml", "xhtml", "pdf", "doc", "wps", "et", "wpt",
];

/// Tells whether a file found under a folder is a report by its extension, in any case.
fn has_report_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| {
            REPORT_EXTENSIONS
                .iter()
                .any(|r| ext.eq_ignore_ascii_case(r))
        })
}

/// Expands the command-line paths into the list of files to check, in a deterministic order: an
/// explicit file argument (or `-`, standard input) is kept whatever its extension; a folder is
/// walked recursively and yields every regular file with one of [`REPORT_EXTENSIONS`]
/// (case-insensitive), sorted by path within the folder; symlinks are followed but a symlink loop
/// yields one InputError (SymlinkLoop) naming the looping path and the walk goes on with the rest;
/// a missing argument yields InputError(NotFound); an unreadable directory yields an error item and
/// the walk goes on. Order of the output: arguments in the order given, each folder's files sorted.
pub fn expand_paths(args: &[PathBuf]) -> Vec<Item> {
    let mut out = Vec::new();
    for arg in args {
        if arg.as_path() == Path::new(STDIN) {
            out.push(Ok(arg.as_path().into()));
            continue;
        }
        match std::fs::metadata(arg) {
            Err(err) => out.push(Err(Box::new(InputError::from_io(arg, err)))),
            Ok(meta) if meta.is_file() => out.push(Ok(arg.as_path().into())),
            Ok(meta) if meta.is_dir() => walk_folder(arg, &mut out),
            Ok(_) => out.push(Err(Box::new(InputError::new(
                arg,
                InputErrorKind::IsSpecial,
            )))),
        }
    }
    // The list is kept for the whole run: no spare room.
    out.shrink_to_fit();
    out
}

/// A file to check, or why a path given cannot be: 16 bytes and the path's own, for a list that is
/// kept while every file is checked (10 000 files take well under a megabyte).
pub type Item = Result<Box<Path>, Box<InputError>>;

/// Appends the report files under `root`, and the errors met on the way, in path order.
fn walk_folder(root: &Path, out: &mut Vec<Item>) {
    // Sorting each directory's entries by name makes the depth-first walk visit paths in the
    // same order as sorting the full paths component by component.
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by(|a, b| a.file_name().cmp(b.file_name()));
    for entry in walker {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_file() && has_report_extension(entry.path()) {
                    out.push(Ok(entry.into_path().into_boxed_path()));
                }
            }
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                if err.loop_ancestor().is_some() {
                    out.push(Err(Box::new(InputError::new(
                        path,
                        InputErrorKind::SymlinkLoop,
                    ))));
                    continue;
                }
                if is_ignorable_dangling_link(&path) {
                    continue;
                }
                let kind = match err.into_io_error() {
                    Some(io_err) => kind_from_io(io_err),
                    None => InputErrorKind::Io(io::Error::other("cannot walk the folder")),
                };
                out.push(Err(Box::new(InputError::new(path, kind))));
            }
        }
    }
}

/// Tells whether `path` is a symlink pointing nowhere whose name is not a report's name; such
/// links are not reports, so they are skipped rather than reported.
fn is_ignorable_dangling_link(path: &Path) -> bool {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let target_missing = matches!(
        std::fs::metadata(path),
        Err(err) if err.kind() == io::ErrorKind::NotFound
    );
    is_link && target_missing && !has_report_extension(path)
}

// The tests create sockets and symlinks, which need a Unix system.
#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::symlink;

    const SENTENCE: &str = "本机关2023年度政府信息公开工作年度报告𠮷";

    fn utf16_bytes(text: &str, big_endian: bool) -> Vec<u8> {
        let mut bytes = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            if big_endian {
                bytes.extend_from_slice(&unit.to_be_bytes());
            } else {
                bytes.extend_from_slice(&unit.to_le_bytes());
            }
        }
        bytes
    }

    fn gb18030_bytes(text: &str) -> Vec<u8> {
        let (bytes, _, had_errors) = encoding_rs::GB18030.encode(text);
        assert!(!had_errors);
        bytes.into_owned()
    }

    /// Turns the expansion into what a user would read: a path relative to `root`, or an error
    /// line.
    fn listing(root: &Path, items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|item| match item {
                Ok(path) => path
                    .strip_prefix(root)
                    .unwrap_or(path)
                    .display()
                    .to_string(),
                Err(err) => format!(
                    "ERR {:?} {}",
                    err.kind,
                    err.path.strip_prefix(root).unwrap_or(&err.path).display()
                ),
            })
            .collect()
    }

    #[test]
    fn utf8_text_is_decoded_as_utf8() {
        let decoded = decode_bytes(SENTENCE.as_bytes()).expect("UTF-8 decodes");
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, Encoding::Utf8);
        assert_eq!(decoded.encoding.name(), "UTF-8");
    }

    #[test]
    fn utf8_bom_is_stripped_from_the_text() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice(SENTENCE.as_bytes());
        let decoded = decode_bytes(&bytes).expect("UTF-8 with BOM decodes");
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, Encoding::Utf8Bom);
        assert_eq!(decoded.encoding.name(), "UTF-8 (BOM)");
    }

    #[test]
    fn utf16le_with_bom_decodes_chinese_and_supplementary_characters() {
        let decoded = decode_bytes(&utf16_bytes(SENTENCE, false)).expect("UTF-16LE decodes");
        assert_eq!(decoded.text, SENTENCE);
        assert!(decoded.text.ends_with('\u{20BB7}'));
        assert_eq!(decoded.encoding, Encoding::Utf16Le);
        assert_eq!(decoded.encoding.name(), "UTF-16LE");
    }

    #[test]
    fn utf16be_with_bom_decodes_chinese_and_supplementary_characters() {
        let decoded = decode_bytes(&utf16_bytes(SENTENCE, true)).expect("UTF-16BE decodes");
        assert_eq!(decoded.text, SENTENCE);
        assert!(decoded.text.ends_with('\u{20BB7}'));
        assert_eq!(decoded.encoding, Encoding::Utf16Be);
        assert_eq!(decoded.encoding.name(), "UTF-16BE");
    }

    #[test]
    fn gb18030_chinese_sentence_is_detected() {
        let bytes = gb18030_bytes(SENTENCE);
        assert!(std::str::from_utf8(&bytes).is_err());
        let decoded = decode_bytes(&bytes).expect("GB18030 decodes");
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, Encoding::Gb18030);
        assert_eq!(decoded.encoding.name(), "GB18030");
    }

    #[test]
    fn gb18030_bom_is_stripped_from_the_text() {
        let mut bytes = vec![0x84, 0x31, 0x95, 0x33];
        bytes.extend_from_slice(&gb18030_bytes(SENTENCE));
        let decoded = decode_bytes(&bytes).expect("GB18030 with BOM decodes");
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, Encoding::Gb18030);
    }

    #[test]
    fn utf16_with_odd_length_is_refused_naming_utf16() {
        let mut bytes = utf16_bytes("报告", false);
        bytes.push(0x41);
        let reason = decode_bytes(&bytes)
            .expect_err("odd length is refused")
            .to_string();
        assert!(reason.contains("UTF-16LE"), "{reason}");
        assert!(reason.contains("odd number of bytes"), "{reason}");
    }

    #[test]
    fn utf16_with_lone_surrogate_is_refused_naming_utf16() {
        // "报" followed by a lone high surrogate and then "A", big-endian.
        let bytes = [0xFE, 0xFF, 0x62, 0xA5, 0xD8, 0x42, 0x00, 0x41];
        let reason = decode_bytes(&bytes)
            .expect_err("a lone surrogate is refused")
            .to_string();
        assert!(reason.contains("UTF-16BE"), "{reason}");
        assert!(
            reason.contains("unpaired surrogate at byte offset 4"),
            "{reason}"
        );
    }

    #[test]
    fn bytes_neither_utf8_nor_gb18030_are_refused_with_the_offset() {
        let reason = decode_bytes(b"abc\xFF\xFFdef")
            .expect_err("0xFF is invalid in both")
            .to_string();
        assert!(
            reason.contains("neither valid UTF-8 nor valid GB18030"),
            "{reason}"
        );
        assert!(reason.contains("byte offset 3"), "{reason}");
    }

    #[test]
    fn a_damaged_gb18030_file_is_refused_with_the_gb18030_offset() {
        let mut bytes = gb18030_bytes(SENTENCE);
        let at = bytes.len();
        bytes.extend_from_slice(b"\x81 ");
        bytes.extend_from_slice(&gb18030_bytes(SENTENCE));
        let reason = decode_bytes(&bytes)
            .expect_err("0x81 0x20 is no GB18030")
            .to_string();
        assert!(
            reason.ends_with(&format!(
                "the first invalid GB18030 one at byte offset {at}"
            )),
            "{reason}"
        );
        assert_eq!(first_invalid_gb18030(&gb18030_bytes(SENTENCE)), None);
        // Far into a large file, past the decoding buffer.
        let mut big = gb18030_bytes(&SENTENCE.repeat(4000));
        let at = big.len();
        big.push(0xFF);
        assert_eq!(first_invalid_gb18030(&big), Some(at));
    }

    #[test]
    fn invalid_utf8_with_nul_bytes_is_refused_as_binary() {
        let reason = decode_bytes(b"\x7FELF\x02\x01\x00\x00\xB1\xA8")
            .expect_err("binary")
            .to_string();
        assert!(reason.contains("looks like a binary file"), "{reason}");
        assert!(reason.contains("byte offset 8"), "{reason}");
    }

    #[test]
    fn valid_utf8_with_odd_characters_is_accepted() {
        let decoded = decode_bytes(b"a\x00b\x07c").expect("valid UTF-8 is accepted");
        assert_eq!(decoded.text, "a\u{0}b\u{7}c");
        assert_eq!(decoded.encoding, Encoding::Utf8);
    }

    #[test]
    fn the_head_of_a_file_is_the_start_of_its_text_in_every_encoding_and_at_every_cut() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("r.txt");
        let text = format!("{SENTENCE}\nab\n{SENTENCE}{SENTENCE}");
        let with_bom = |bytes: &[u8]| [UTF8_BOM, bytes].concat();
        let files: Vec<(Vec<u8>, Encoding)> = vec![
            (text.as_bytes().to_vec(), Encoding::Utf8),
            (with_bom(text.as_bytes()), Encoding::Utf8Bom),
            (utf16_bytes(&text, false), Encoding::Utf16Le),
            (utf16_bytes(&text, true), Encoding::Utf16Be),
            (gb18030_bytes(&text), Encoding::Gb18030),
        ];
        for (bytes, encoding) in files {
            fs::write(&path, &bytes).expect("write");
            for head in 0..bytes.len() + 2 {
                let (decoded, whole) = read_report_head(&path, head).expect("the head decodes");
                assert_eq!(whole, head >= bytes.len(), "head {head}");
                // An empty head reads as empty UTF-8 text, as an empty file does.
                if !decoded.text.is_empty() {
                    assert_eq!(decoded.encoding, encoding, "head {head}");
                }
                assert!(
                    text.starts_with(&decoded.text),
                    "{encoding:?}, head {head}: {:?}",
                    decoded.text
                );
                // At most one character (four bytes, a BOM aside) is left out.
                assert!(
                    decoded.text.len() + 8 >= head.min(bytes.len()) / 2,
                    "{encoding:?}, head {head}"
                );
            }
            assert_eq!(
                read_report_head(&path, bytes.len()).expect("whole").0.text,
                text
            );
        }
    }

    #[test]
    fn empty_file_reads_as_empty_utf8_text() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("empty.txt");
        fs::write(&path, b"").expect("write");
        let decoded = read_report(&path).expect("an empty file is not an error");
        assert_eq!(decoded.text, "");
        assert_eq!(decoded.encoding, Some(Encoding::Utf8.name()));
    }

    #[test]
    fn gb18030_file_is_read_and_decoded() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("报告.txt");
        fs::write(&path, gb18030_bytes(SENTENCE)).expect("write");
        let decoded = read_report(&path).expect("GB18030 file decodes");
        assert_eq!(decoded.text, SENTENCE);
        assert_eq!(decoded.encoding, Some(Encoding::Gb18030.name()));
    }

    #[test]
    fn missing_file_message_names_the_file() {
        let err = read_report(Path::new("a/b.txt")).expect_err("the file is missing");
        assert!(matches!(err.kind, InputErrorKind::NotFound));
        assert_eq!(err.message(Lang::Zh), "无法读取 a/b.txt：文件不存在");
        assert_eq!(err.message(Lang::En), "cannot read a/b.txt: no such file");
        assert_eq!(err.to_string(), "cannot read a/b.txt: no such file");
    }

    #[test]
    fn undecodable_file_message_names_the_file_and_advises_utf8() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("bin.txt");
        fs::write(&path, b"\x00\x01\xFF").expect("write");
        let err = read_report(&path).expect_err("binary is refused");
        assert!(matches!(
            err.kind,
            InputErrorKind::Document(ReadError::Undecodable(_))
        ));
        let zh = err.message(Lang::Zh);
        assert!(
            zh.starts_with(&format!("无法读取 {}：", path.display())),
            "{zh}"
        );
        assert!(zh.contains("另存为 UTF-8"), "{zh}");
        assert!(err.message(Lang::En).contains("looks like a binary file"));
    }

    #[test]
    fn file_over_the_limit_is_refused_as_too_large() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("big.txt");
        fs::write(&path, "年度报告").expect("write");
        let err = read_report_with_limit(&path, 5).expect_err("12 bytes exceed 5");
        assert!(matches!(
            err.kind,
            InputErrorKind::TooLarge {
                bytes: 12,
                limit: 5
            }
        ));
        assert!(err
            .message(Lang::Zh)
            .ends_with("文件过大（12 字节，上限为 5 字节）"));
        let decoded = read_report_with_limit(&path, 12).expect("12 bytes fit a limit of 12");
        assert_eq!(decoded.text, "年度报告");
        assert_eq!(MAX_FILE_BYTES, 256 * 1024 * 1024);
    }

    #[test]
    fn socket_is_not_a_regular_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("sock.txt");
        let _listener = std::os::unix::net::UnixListener::bind(&path).expect("bind socket");
        let err = read_report(&path).expect_err("a socket is not a report");
        assert!(matches!(err.kind, InputErrorKind::IsSpecial));
        let items = expand_paths(std::slice::from_ref(&path));
        assert_eq!(items.len(), 1);
        assert!(matches!(&items[0], Err(e) if matches!(e.kind, InputErrorKind::IsSpecial)));
        // Under a folder a socket is skipped, since only regular files are reports.
        assert!(expand_paths(&[dir.path().to_path_buf()]).is_empty());
    }

    #[test]
    fn folder_yields_only_report_files_sorted_by_path() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        fs::create_dir_all(root.join("b/deeper")).expect("mkdir");
        fs::create_dir_all(root.join("a")).expect("mkdir");
        for name in [
            "z.txt",
            "b.txt",
            "b/deeper/x.md",
            "b/y.TXT",
            "b/main.rs",
            "b/r.DOCX",
            "b/page.htm",
            "b/old.doc",
            "a/notes.Md",
            "a/data.csv",
            "a/README",
        ] {
            fs::write(root.join(name), "报告").expect("write");
        }
        let items = expand_paths(&[root.to_path_buf()]);
        assert_eq!(
            listing(root, &items),
            [
                "a/notes.Md",
                "b/deeper/x.md",
                "b/old.doc",
                "b/page.htm",
                "b/r.DOCX",
                "b/y.TXT",
                "b.txt",
                "z.txt"
            ]
        );
    }

    #[test]
    fn explicit_files_are_kept_whatever_their_extension_in_argument_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        fs::create_dir(root.join("folder")).expect("mkdir");
        fs::write(root.join("folder/r.txt"), "报告").expect("write");
        fs::write(root.join("report.doc.bak"), "报告").expect("write");
        fs::write(root.join("a.txt"), "报告").expect("write");
        let args = [
            root.join("report.doc.bak"),
            root.join("missing.txt"),
            root.join("folder"),
            root.join("a.txt"),
        ];
        let items = expand_paths(&args);
        assert_eq!(
            listing(root, &items),
            [
                "report.doc.bak",
                "ERR NotFound missing.txt",
                "folder/r.txt",
                "a.txt"
            ]
        );
        let Err(err) = &items[1] else {
            panic!("the missing argument must be an error");
        };
        assert_eq!(err.path, root.join("missing.txt"));
        assert!(err.message(Lang::Zh).ends_with("missing.txt：文件不存在"));
    }

    #[test]
    fn symlink_loop_in_folder_yields_one_error_and_the_walk_goes_on() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        fs::create_dir(root.join("sub")).expect("mkdir");
        fs::write(root.join("a.txt"), "报告").expect("write");
        fs::write(root.join("sub/b.md"), "报告").expect("write");
        fs::write(root.join("z.txt"), "报告").expect("write");
        symlink(root, root.join("sub/loop")).expect("symlink to the parent");
        let items = expand_paths(&[root.to_path_buf()]);
        assert_eq!(
            listing(root, &items),
            ["a.txt", "sub/b.md", "ERR SymlinkLoop sub/loop", "z.txt"]
        );
        let Some(Err(err)) = items.get(2) else {
            panic!("the loop must be reported");
        };
        assert!(err.message(Lang::Zh).ends_with("符号链接形成了循环"));
    }

    #[test]
    fn symlinks_pointing_at_each_other_are_a_loop() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        symlink(root.join("x.txt"), root.join("y.txt")).expect("symlink");
        symlink(root.join("y.txt"), root.join("x.txt")).expect("symlink");
        let items = expand_paths(&[root.join("x.txt")]);
        assert_eq!(listing(root, &items), ["ERR SymlinkLoop x.txt"]);
        let items = expand_paths(&[root.to_path_buf()]);
        assert_eq!(
            listing(root, &items),
            ["ERR SymlinkLoop x.txt", "ERR SymlinkLoop y.txt"]
        );
        let err = read_report(&root.join("x.txt")).expect_err("a loop cannot be read");
        assert!(matches!(err.kind, InputErrorKind::SymlinkLoop));
    }

    #[test]
    fn symlinked_files_and_folders_are_followed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let elsewhere = tempfile::tempdir().expect("temp dir");
        fs::write(elsewhere.path().join("r.txt"), "报告").expect("write");
        fs::create_dir(root.join("reports")).expect("mkdir");
        symlink(elsewhere.path(), root.join("reports/linked")).expect("symlink");
        symlink(
            elsewhere.path().join("r.txt"),
            root.join("reports/alias.md"),
        )
        .expect("symlink");
        let items = expand_paths(&[root.join("reports")]);
        assert_eq!(
            listing(root, &items),
            ["reports/alias.md", "reports/linked/r.txt"]
        );
    }

    #[test]
    fn dangling_symlink_is_reported_only_when_named_like_a_report() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        symlink(root.join("gone"), root.join("broken.txt")).expect("symlink");
        symlink(root.join("gone"), root.join("broken.o")).expect("symlink");
        fs::write(root.join("ok.md"), "报告").expect("write");
        let items = expand_paths(&[root.to_path_buf()]);
        assert_eq!(listing(root, &items), ["ERR NotFound broken.txt", "ok.md"]);
    }
}
