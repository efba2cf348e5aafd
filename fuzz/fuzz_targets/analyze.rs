//! Fuzz target: the parser, the checks and every editor feature on arbitrary bytes.
//!
//! The first byte chooses how the bytes become text (lossy UTF-8, or only valid UTF-8), the parse
//! options and the message language; the next eight give cursor offsets (inside characters and past
//! the end too); the rest is the text. See `nianbao_fuzz::check_everything` for what is checked.

#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao_core::Lang;
use nianbao_fuzz::{check_everything, options, Reader};

fuzz_target!(|data: &[u8]| {
    let mut r = Reader::new(data);
    let mode = r.u8();
    let offsets: Vec<usize> = (0..4).map(|_| r.u16() as usize).collect();
    let bytes = r.rest();
    let text = if mode & 1 == 0 {
        String::from_utf8_lossy(bytes).into_owned()
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(_) => return,
        }
    };
    let lang = if mode & 2 == 0 { Lang::Zh } else { Lang::En };
    // Offsets are spread over the text, so that short inputs still get cursors inside them.
    let len = text.len();
    let mut at: Vec<usize> = offsets
        .iter()
        .map(|&o| if len == 0 { o } else { o % (len + 8) })
        .collect();
    at.push(usize::MAX);
    check_everything(&text, &options(mode >> 2), lang, &at);
});
