//! xunwen (寻文): full-text search for Chinese government releases.
//!
//! Data flows one way, one module per stage, each stage's output type being
//! the next stage's input:
//!
//! files → [`ingest`] ([`ingest::Document`]) → [`analysis`] (tokens) →
//! [`index`] (a tantivy index plus its manifest) → [`search`]
//! ([`search::SearchResults`]) → [`output`] (terminal or JSON Lines).

#![warn(missing_docs)]

pub mod analysis;
pub mod eval;
pub mod index;
pub mod ingest;
pub mod output;
pub mod search;
