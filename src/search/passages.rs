//! The paragraphs to show for the documents [`super::retrieval`] found.
//!
//! Documents are the unit of evidence, paragraphs the unit of display. Each
//! retrieved document's paragraphs are scored as partial hits always were
//! ([`Tier::SomeKeywords`], scaled by the share of the query they cover,
//! [`super::evidence`]), and a paragraph ranks by
//! passage–document interpolation: `α × document + (1 − α) × paragraph`,
//! each normalized by the best of its kind among the candidates.

use std::collections::HashMap;

use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::{DocAddress, Searcher};

use super::collect::Matches;
use super::document_bm25::DocumentIndex;
use super::evidence::{doc_keys, rescore_partial, Candidate, Within, DOCUMENT_EVIDENCE_WEIGHT};
use super::plan::{QueryPlan, Tier};
use super::retrieval::Retrieved;
use crate::index::Fields;

/// Share of a partial hit's score that comes from its document; the rest
/// comes from the paragraph. Chosen with `xunwen eval` (RELEVANCE.md,
/// decision 13).
pub const DOCUMENT_SHARE: f32 = 0.5;

/// Paragraphs shown per document among partial hits: the best, and the
/// next best when it is nearly as good, so one long document does not fill
/// the page.
pub const PER_DOCUMENT: usize = 2;

/// Least share of its document's best paragraph score (by its own
/// evidence) another paragraph of the document needs to be shown too.
const SECOND_PARAGRAPH_SHARE: f32 = 0.5;

/// A paragraph chosen to show, with its interpolated score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Passage {
    /// The paragraph.
    pub addr: DocAddress,
    /// Its interpolated score.
    pub score: f32,
}

/// The best paragraphs of `documents`, best document first, each
/// document's paragraphs together; `narrow` applies the search's filter.
pub fn best_passages(
    index: &DocumentIndex<'_>,
    plan: &QueryPlan,
    documents: &[Retrieved],
    share: f32,
    narrow: impl Fn(Box<dyn Query>) -> Box<dyn Query>,
) -> tantivy::Result<Vec<Passage>> {
    if documents.is_empty() {
        return Ok(Vec::new());
    }
    let (searcher, fields) = (index.searcher(), index.fields());
    let firsts: Vec<DocAddress> = documents.iter().map(|d| d.first).collect();
    let keys = doc_keys(searcher, &firsts)?;
    let rank_of: HashMap<u64, usize> = keys.iter().enumerate().map(|(i, &k)| (k, i)).collect();
    let within = index.paragraphs_of(&firsts);
    let found = scored_paragraphs(searcher, fields, plan, within, narrow)?;
    let best_paragraph = found.iter().map(|(s, _)| *s).fold(0.0f32, f32::max);
    // A document's best paragraph by its own score, to judge its others by.
    let mut best_own: HashMap<u64, f32> = HashMap::new();
    for (own, candidate) in &found {
        let best = best_own.entry(candidate.doc_key).or_insert(0.0);
        *best = best.max(*own);
    }
    let best_document = documents.iter().map(|d| d.score).fold(0.0f32, f32::max);
    let mut per_document: Vec<Vec<Passage>> = vec![Vec::new(); documents.len()];
    for (own, candidate) in found {
        let Some(&rank) = rank_of.get(&candidate.doc_key) else {
            continue;
        };
        // Another paragraph of the document is shown only when it holds
        // evidence of its own, not a fragment its document's score carries.
        if own < SECOND_PARAGRAPH_SHARE * best_own.get(&candidate.doc_key).copied().unwrap_or(0.0) {
            continue;
        }
        let score = share * documents[rank].score / best_document.max(f32::EPSILON)
            + (1.0 - share) * own / best_paragraph.max(f32::EPSILON);
        per_document[rank].push(Passage {
            addr: candidate.addr,
            score,
        });
    }
    Ok(arrange(per_document))
}

/// The paragraphs of the candidates' documents that hold a keyword, each
/// with its partial-hit score (BM25 scaled by the share of the query it
/// covers, [`rescore_partial`]).
fn scored_paragraphs(
    searcher: &Searcher,
    fields: &Fields,
    plan: &QueryPlan,
    within: Within,
    narrow: impl Fn(Box<dyn Query>) -> Box<dyn Query>,
) -> tantivy::Result<Vec<(f32, Candidate)>> {
    let query = BooleanQuery::new(vec![
        (Occur::Must, Box::new(within.clone()) as Box<dyn Query>),
        (Occur::Must, plan.tier_query(Tier::SomeKeywords, fields)),
    ]);
    let candidates = searcher
        .search(&*narrow(Box::new(query)), &Matches { scoring: true })?
        .into_iter()
        .map(|m| Candidate {
            score: m.score,
            addr: m.addr,
            doc_key: m.doc_key,
        })
        .collect();
    rescore_partial(
        searcher,
        *fields,
        plan,
        candidates,
        DOCUMENT_EVIDENCE_WEIGHT,
        &within,
    )
}

/// Each document's best paragraphs, together, documents ordered by their
/// best. A
/// document none of whose paragraphs holds a keyword (its title carried
/// the evidence, or an excluded term ruled them out) shows nothing.
fn arrange(per_document: Vec<Vec<Passage>>) -> Vec<Passage> {
    let mut groups: Vec<Vec<Passage>> = per_document
        .into_iter()
        .filter(|passages| !passages.is_empty())
        .map(|mut passages| {
            passages.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.addr.cmp(&b.addr)));
            passages.truncate(PER_DOCUMENT);
            passages
        })
        .collect();
    groups.sort_by(|a, b| {
        b[0].score
            .total_cmp(&a[0].score)
            .then(a[0].addr.cmp(&b[0].addr))
    });
    groups.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(doc: u32, score: f32) -> Passage {
        Passage {
            addr: DocAddress::new(0, doc),
            score,
        }
    }

    #[test]
    fn documents_are_ordered_by_their_best_paragraph_and_kept_together() {
        let per_document = vec![
            vec![passage(1, 0.5), passage(2, 0.6), passage(3, 0.1)],
            Vec::new(),
            vec![passage(11, 0.9)],
        ];
        let arranged: Vec<u32> = arrange(per_document)
            .iter()
            .map(|p| p.addr.doc_id)
            .collect();
        assert_eq!(arranged, [11, 2, 1]);
        let per_document = vec![
            vec![passage(1, 0.9), passage(2, 0.2)],
            vec![passage(11, 0.5)],
        ];
        let arranged: Vec<u32> = arrange(per_document)
            .iter()
            .map(|p| p.addr.doc_id)
            .collect();
        assert_eq!(arranged, [1, 2, 11]);
    }
}
