//! The language server of nianbao.
