//! Shared helpers of the corpus and end-to-end tests.

pub mod docgen;
pub mod gen;
