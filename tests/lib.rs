//! Shared helpers of the corpus and end-to-end tests.
