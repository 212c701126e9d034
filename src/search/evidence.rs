//! Ordering partial hits: how much of the query a paragraph covers, and
//! what its document adds.
//!
//! A question typed as a sentence spreads its words over a document: the
//! place in the title, the subject in one paragraph, the measure in the next.
//! Its keywords are not worth the same: 要求 or 措施 appear everywhere, a
//! city's name or a measure's name in a few documents. So each keyword
//! weighs its inverse document frequency, a candidate paragraph is ranked
//! first by the share of the query's weight it covers itself (text or
//! title), then by its BM25 score raised by the weight its document covers
//! elsewhere.

use std::collections::HashSet;

use tantivy::query::{BooleanQuery, Occur, Query, TermSetQuery};
use tantivy::{DocAddress, Searcher, Term};

use super::collect::Matches;
use super::plan::{Keyword, QueryPlan};
use super::stored::{text_field, StoredParagraphs};
use crate::analysis::{literal_grams, normalize};
use crate::index::{doc_key, Fields};

/// How much the rest of the document raises a partial hit's score: with all
/// missing keywords found elsewhere in the document the score is multiplied
/// by `1 + weight * missing share`. Chosen with `xunwen eval` (RELEVANCE.md).
pub const DOCUMENT_EVIDENCE_WEIGHT: f32 = 1.0;

/// A partial-hit candidate: its BM25 score and where it is.
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    /// Score of the query that found it.
    pub score: f32,
    /// The paragraph.
    pub addr: DocAddress,
}

/// The weight of each keyword of `plan`: BM25's inverse document frequency
/// over paragraphs, from the word's postings, or, for a string jieba never
/// cut as a word, from its rarest character gram (an upper bound of its
/// frequency).
pub fn keyword_weights(searcher: &Searcher, fields: &Fields, plan: &QueryPlan) -> Vec<f32> {
    let total = searcher.num_docs() as f32;
    plan.keywords
        .iter()
        .map(|k| {
            let df = keyword_frequency(searcher, fields, k) as f32;
            (1.0 + (total - df + 0.5) / (df + 0.5)).ln().max(0.0)
        })
        .collect()
}

fn keyword_frequency(searcher: &Searcher, fields: &Fields, keyword: &Keyword) -> u64 {
    let as_word = searcher
        .doc_freq(&Term::from_field_text(fields.words, &keyword.text))
        .unwrap_or(0);
    if as_word > 0 {
        return as_word;
    }
    literal_grams(&keyword.text)
        .iter()
        .map(|(_, gram)| {
            searcher
                .doc_freq(&Term::from_field_text(fields.chars, gram))
                .unwrap_or(0)
        })
        .min()
        .unwrap_or(0)
}

/// Which keywords each candidate's paragraph and document hold.
struct Coverage {
    /// Per keyword: the candidate documents' paragraphs holding it in text.
    in_paragraph: Vec<HashSet<DocAddress>>,
    /// Per keyword: the candidate documents holding it in some paragraph.
    in_document: Vec<HashSet<u64>>,
}

impl Coverage {
    /// Looks every keyword up within the documents at `paths`.
    fn find(
        searcher: &Searcher,
        fields: &Fields,
        plan: &QueryPlan,
        paths: &HashSet<&str>,
    ) -> tantivy::Result<Coverage> {
        let in_documents =
            TermSetQuery::new(paths.iter().map(|p| Term::from_field_text(fields.path, p)));
        let mut coverage = Coverage {
            in_paragraph: Vec::new(),
            in_document: Vec::new(),
        };
        for keyword in &plan.keywords {
            let query = BooleanQuery::new(vec![
                (Occur::Must, plan.keyword_in_text(keyword, fields)),
                (
                    Occur::Must,
                    Box::new(in_documents.clone()) as Box<dyn Query>,
                ),
            ]);
            let found = searcher.search(&query, &Matches { scoring: false })?;
            coverage
                .in_paragraph
                .push(found.iter().map(|m| m.addr).collect());
            coverage
                .in_document
                .push(found.iter().map(|m| m.doc_key).collect());
        }
        Ok(coverage)
    }
}

/// Orders `candidates` best first: by the share of the keywords' weight met
/// in the paragraph or its title, then by score raised by `weight` (normally
/// [`DOCUMENT_EVIDENCE_WEIGHT`]) for the share met only elsewhere in the
/// same document.
pub fn rank_partial(
    searcher: &Searcher,
    stored: &mut StoredParagraphs<'_>,
    fields: Fields,
    plan: &QueryPlan,
    candidates: Vec<Candidate>,
    weight: f32,
) -> tantivy::Result<Vec<Candidate>> {
    if candidates.is_empty() || plan.keywords.len() < 2 {
        return Ok(candidates);
    }
    let weights = keyword_weights(searcher, &fields, plan);
    let total: f32 = weights.iter().sum::<f32>().max(f32::EPSILON);
    let mut sources: Vec<(String, String)> = Vec::with_capacity(candidates.len());
    for c in &candidates {
        let doc = stored.get(c.addr)?;
        sources.push((
            text_field(doc, fields.path).to_string(),
            normalize(text_field(doc, fields.title)).into_owned(),
        ));
    }
    let paths: HashSet<&str> = sources.iter().map(|(p, _)| p.as_str()).collect();
    let coverage = Coverage::find(searcher, &fields, plan, &paths)?;

    let mut keyed: Vec<(f32, Candidate)> = candidates
        .into_iter()
        .zip(&sources)
        .map(|(c, (path, title))| {
            let key = doc_key(path);
            let (mut own, mut document) = (0.0, 0.0);
            for (i, keyword) in plan.keywords.iter().enumerate() {
                if title.contains(&keyword.text) || coverage.in_paragraph[i].contains(&c.addr) {
                    own += weights[i];
                    document += weights[i];
                } else if coverage.in_document[i].contains(&key) {
                    document += weights[i];
                }
            }
            let boosted = c.score * (1.0 + weight * (document - own) / total);
            // Coverage decides first; within equal coverage the boosted
            // score (mapped into [0, 1)) orders.
            let share = (own / total * 1000.0).round();
            (share + boosted / (1.0 + boosted), c)
        })
        .collect();
    keyed.sort_by(|(ka, a), (kb, b)| kb.total_cmp(ka).then(b.score.total_cmp(&a.score)));
    Ok(keyed.into_iter().map(|(_, c)| c).collect())
}
