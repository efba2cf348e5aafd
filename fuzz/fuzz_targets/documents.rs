//! Fuzz target: the document readers (Word, web page, PDF, text) on arbitrary bytes, and the
//! analysis of the text they read. Nothing may panic, and a document's places must lie inside its
//! text.

#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao_core::{analyze, ParseOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = nianbao_documents::read(data) else {
        return;
    };
    for offset in [0, doc.text.len() / 2, doc.text.len()] {
        let _ = doc.place(offset);
    }
    let analysis = analyze(&doc.text, &ParseOptions::default());
    for d in &analysis.diagnostics {
        assert!(d.range.end <= doc.text.len());
        let _ = doc.place(d.range.start);
    }
});
