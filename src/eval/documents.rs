//! The document-level baselines: BM25 over whole documents, any term,
//! with the textbook parameters (k1 = 1.2, b = 0.75), over the query's
//! character bigrams (`doc-chars-or`) or its jieba words (`doc-words-or`).
//!
//! They are the strongest simple systems for questions. They run on the
//! same document statistics xunwen's own partial hits use
//! ([`crate::search::document_bm25`]), and `eval/bm25_reference.py`
//! computes the same method independently (Python `bm25s` over the raw
//! files) to check them.

use crate::analysis::Analyzer;
use crate::index::XunwenIndex;
use crate::search::retrieval::Weights;
use crate::search::{rank_documents, SearchError};

/// A document-level baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DocumentBaseline {
    weights: Weights,
    name: &'static str,
}

impl DocumentBaseline {
    /// BM25 over character bigrams, any of them.
    pub const CHARS: DocumentBaseline = DocumentBaseline {
        weights: Weights::BIGRAMS_ONLY,
        name: "doc-chars-or",
    };

    /// BM25 over jieba words, any of them.
    pub const WORDS: DocumentBaseline = DocumentBaseline {
        weights: Weights::WORDS_ONLY,
        name: "doc-words-or",
    };

    /// The name the baseline is reported under.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The documents for `query`, best first, at most `limit`.
    pub fn rank(
        &self,
        index: &XunwenIndex,
        analyzer: &Analyzer,
        query: &str,
        limit: usize,
    ) -> Result<Vec<String>, SearchError> {
        match rank_documents(index, analyzer, query, &self.weights, limit) {
            Err(SearchError::NothingToSearch { .. }) => Ok(Vec::new()),
            other => other,
        }
    }
}
