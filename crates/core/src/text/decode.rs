//! Decoding the bytes of a report file: UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030,
//! detected by content. Pure: the callers read the files.

use std::borrow::Cow;

/// The text encoding a report file was found to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

impl Encoding {
    /// The name shown to users, such as "UTF-8 (BOM)".
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gb18030 => "GB18030",
        }
    }
}

/// The text of a report file, with any byte order mark removed, and the encoding it was read in.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
}

pub const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const UTF16LE_BOM: &[u8] = &[0xFF, 0xFE];
const UTF16BE_BOM: &[u8] = &[0xFE, 0xFF];

/// Why bytes are no text in a known encoding: what was tried, and where it failed (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// A UTF-8 byte order mark followed by bytes that are not UTF-8.
    Utf8AfterBom { at: usize },
    /// Not UTF-8, and NUL bytes, which Chinese text never holds.
    Binary { utf8_at: usize },
    /// Neither UTF-8 nor GB18030.
    Neither {
        utf8_at: usize,
        gb18030_at: Option<usize>,
    },
    /// A UTF-16 byte order mark (`name` the encoding's) followed by an odd number of bytes.
    Utf16OddLength { name: &'static str },
    /// A UTF-16 byte order mark followed by an unpaired surrogate.
    Utf16Surrogate { name: &'static str, at: usize },
    /// A UTF-16 byte order mark followed by bytes that are not UTF-16.
    Utf16Invalid { name: &'static str },
}

/// In English, for logs and errors that are not shown to users.
impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::messages::Unreadable::decoding(
            self,
            crate::Lang::En,
        ))
    }
}

/// Decodes the bytes of a report file: a UTF-8 BOM, a UTF-16LE/BE BOM, else strict UTF-8, else
/// GB18030 (Chinese text saved on Windows is often GBK/GB18030) when that decodes with no malformed
/// sequence; otherwise Err(reason) that says what was tried. Detection is by content, never by file
/// extension.
pub fn decode_bytes(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return match simdutf8::compat::from_utf8(rest) {
            Ok(text) => Ok(Decoded {
                text: text.to_owned(),
                encoding: Encoding::Utf8Bom,
            }),
            Err(err) => Err(DecodeError::Utf8AfterBom {
                at: err.valid_up_to() + UTF8_BOM.len(),
            }),
        };
    }
    if let Some(rest) = bytes.strip_prefix(UTF16LE_BOM) {
        return decode_utf16(rest, Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(UTF16BE_BOM) {
        return decode_utf16(rest, Encoding::Utf16Be);
    }

    let utf8_error = match simdutf8::compat::from_utf8(bytes) {
        Ok(text) => {
            return Ok(Decoded {
                text: text.to_owned(),
                encoding: Encoding::Utf8,
            })
        }
        Err(err) => err,
    };
    let offset = utf8_error.valid_up_to();

    // Nearly any byte string decodes as GB18030, so a NUL byte, which Chinese text never contains,
    // marks the file as binary rather than as GB18030 text.
    if bytes.contains(&0) {
        return Err(DecodeError::Binary { utf8_at: offset });
    }

    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => {
            // A GB18030 byte order mark (84 31 95 33) decodes to U+FEFF, which is not part of the
            // text.
            let text = match text {
                Cow::Borrowed(s) => s.strip_prefix('\u{FEFF}').unwrap_or(s).to_owned(),
                Cow::Owned(s) => match s.strip_prefix('\u{FEFF}') {
                    Some(rest) => rest.to_owned(),
                    None => s,
                },
            };
            Ok(Decoded {
                text,
                encoding: Encoding::Gb18030,
            })
        }
        None => Err(DecodeError::Neither {
            utf8_at: offset,
            gb18030_at: first_invalid_gb18030(bytes),
        }),
    }
}

/// The byte offset of the first malformed GB18030 sequence, if any. A file saved in GB18030 is
/// valid UTF-8 only by accident up to some point, so the GB18030 offset is the one that tells its
/// user where the damage is.
pub fn first_invalid_gb18030(bytes: &[u8]) -> Option<usize> {
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut buf = [0u8; 16 * 1024];
    let mut pos = 0;
    loop {
        let (result, read, _) =
            decoder.decode_to_utf8_without_replacement(&bytes[pos..], &mut buf, true);
        match result {
            encoding_rs::DecoderResult::InputEmpty => return None,
            encoding_rs::DecoderResult::OutputFull => pos += read,
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                return Some(pos + read - usize::from(bad) - usize::from(after))
            }
        }
    }
}

/// The bytes of `text` in `encoding`, with the byte order mark the encoding has (the inverse of
/// [`decode_bytes`], for writing a fixed file back as it was).
pub fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [UTF8_BOM, text.as_bytes()].concat(),
        Encoding::Utf16Le => UTF16LE_BOM
            .iter()
            .copied()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        Encoding::Utf16Be => UTF16BE_BOM
            .iter()
            .copied()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        // GB18030 maps every Unicode character, so nothing is replaced.
        Encoding::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
    }
}

/// Decodes the bytes after a UTF-16 byte order mark, refusing odd lengths and unpaired surrogates.
fn decode_utf16(rest: &[u8], encoding: Encoding) -> Result<Decoded, DecodeError> {
    let big_endian = encoding == Encoding::Utf16Be;
    let decoder = if big_endian {
        encoding_rs::UTF_16BE
    } else {
        encoding_rs::UTF_16LE
    };
    let name = encoding.name();
    if let Some(text) = decoder.decode_without_bom_handling_and_without_replacement(rest) {
        return Ok(Decoded {
            text: text.into_owned(),
            encoding,
        });
    }
    if rest.len() % 2 == 1 {
        return Err(DecodeError::Utf16OddLength { name });
    }
    match first_unpaired_surrogate(rest, big_endian) {
        Some(offset) => Err(DecodeError::Utf16Surrogate {
            name,
            at: offset + 2,
        }),
        None => Err(DecodeError::Utf16Invalid { name }),
    }
}

/// Finds the byte offset (within `bytes`) of the first unpaired UTF-16 surrogate, if any.
fn first_unpaired_surrogate(bytes: &[u8], big_endian: bool) -> Option<usize> {
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let mut offset = 0;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => offset += 2 * c.len_utf16(),
            Err(_) => return Some(offset),
        }
    }
    None
}
