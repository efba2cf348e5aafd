//! The report checker core: text in, report model and diagnostics out.
//!
//! Nothing here does IO or knows about the Language Server Protocol: the command line, the language
//! server, fuzzers and benchmarks all call the same pure functions.

pub mod analysis;
pub mod catalog;
pub mod check;
pub mod crossyear;
pub mod diagnostic;
pub mod document;
pub mod features;
pub mod messages;
pub mod model;
pub mod parse;
pub mod relations;
pub mod settings;
pub mod text;

pub use analysis::Analysis;
pub use diagnostic::{Code, Diagnostic, Edit, Fix, Severity};
pub use document::analyze;
pub use document::Document;
pub use messages::Lang;
pub use parse::{parse, parse_parts, parse_parts_packed, reparse, Change, ParseOptions, Parsed};
pub use settings::Settings;
