//! The `nianbao` binary: command-line checker (and, later, the language server).
mod input;
fn main() {}
