//! Full matches grouped by document, for `-l` (`--files-with-matches`) and
//! `-c` (`--count`): each document once, best first, with the number of its
//! paragraphs that fully match. Grouping reads the `doc_key` fast field;
//! only one stored paragraph per document is read, for its path and title.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::collect::Match;
use super::stored::{day_field, text_field};
use super::{SearchError, SearchRequest, Session};
use crate::analysis::Analyzer;
use crate::index::XunwenIndex;

/// A document with full matches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentHit {
    /// Path relative to the corpus.
    pub doc: String,
    /// Title.
    pub title: String,
    /// Document date (printed `YYYY-MM-DD`), if known.
    pub date: Option<crate::ingest::Day>,
    /// Its paragraphs that fully match (1 for a title-only match).
    pub paragraphs: usize,
    /// Its best paragraph's score.
    pub score: f32,
    /// It matches on its title alone.
    pub title_only: bool,
}

/// The documents with full matches.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentResults {
    /// Best first.
    pub documents: Vec<DocumentHit>,
    /// Full-match paragraphs over all documents (`total_hits` of a search).
    pub total_hits: usize,
    /// What the parser read leniently.
    pub notes: Vec<String>,
    /// Time spent.
    pub elapsed: Duration,
}

/// Groups every full match of `request` by document.
pub fn matching_documents(
    index: &XunwenIndex,
    analyzer: &Analyzer,
    request: &SearchRequest,
) -> Result<DocumentResults, SearchError> {
    let started = Instant::now();
    let session = Session::open(index, analyzer, request)?;
    let corrupt = |e| session.corrupt(e);
    let matches = session.full_matches(true).map_err(corrupt)?;
    let total_hits = matches.len();
    let mut groups: HashMap<u64, (Match, usize, bool)> = HashMap::new();
    for (m, title_only) in matches {
        let group = groups.entry(m.doc_key).or_insert((m, 0, title_only));
        group.1 += 1;
        if m.score > group.0.score {
            group.0 = m;
        }
    }
    let mut best: Vec<(Match, usize, bool)> = groups.into_values().collect();
    best.sort_by(|a, b| {
        b.0.score
            .total_cmp(&a.0.score)
            .then(a.0.addr.cmp(&b.0.addr))
    });
    let mut documents = Vec::with_capacity(best.len());
    for (m, paragraphs, title_only) in best {
        let doc: tantivy::TantivyDocument = session.searcher().doc(m.addr).map_err(corrupt)?;
        let fields = session.fields();
        documents.push(DocumentHit {
            doc: text_field(&doc, fields.path).to_string(),
            title: text_field(&doc, fields.title).to_string(),
            date: day_field(&doc, fields.date),
            paragraphs,
            score: m.score,
            title_only,
        });
    }
    Ok(DocumentResults {
        documents,
        total_hits,
        notes: session.into_notes(),
        elapsed: started.elapsed(),
    })
}

/// How many documents fully match `request` but are left out by its date
/// filter because they have no date (for `--verbose`).
pub fn undated_documents(
    index: &XunwenIndex,
    analyzer: &Analyzer,
    request: &SearchRequest,
) -> Result<usize, SearchError> {
    let mut undated = request.clone();
    undated.filter.since = None;
    undated.filter.until = None;
    let session = Session::open(index, analyzer, &undated)?;
    let matches = session
        .full_matches(false)
        .map_err(|e| session.corrupt(e))?;
    let keys: std::collections::HashSet<u64> = matches
        .iter()
        .filter(|(m, _)| m.day.is_none())
        .map(|(m, _)| m.doc_key)
        .collect();
    Ok(keys.len())
}
