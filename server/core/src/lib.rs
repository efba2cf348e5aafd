//! The report checker core: text in, report model and diagnostics out.
//!
//! Nothing here does IO or knows about the Language Server Protocol: the command line, the language
//! server, fuzzers and benchmarks all call the same pure functions.

pub mod catalog;
pub mod model;
pub mod parse;
pub mod text;

pub use parse::{parse, ParseOptions};
