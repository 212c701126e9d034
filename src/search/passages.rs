//! The paragraphs to show for the documents [`super::retrieval`] found.
//!
//! Documents are the unit of evidence, paragraphs the unit of display. Each
//! retrieved document's paragraphs are scored as partial hits always were
//! ([`Tier::SomeKeywords`], scaled by the share of the query they cover,
//! [`super::evidence`]), and a paragraph ranks by
//! passage–document interpolation: `α × document + (1 − α) × paragraph`,
//! each normalized by the best of its kind among the candidates.
//!
//! A quoted phrase is the strongest evidence there is: the user named it.
//! So paragraphs that hold every quoted phrase (in their own text or their
//! document's title) come before those that do not, whatever their scores,
//! and a document shows such a paragraph first.
//! That keeps the phrase a filter-in-order, never a filter that empties the
//! page (`"学习强国" 积分` lists the paragraphs with 学习强国 when no
//! document also has 积分).

use std::collections::{HashMap, HashSet};

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::{DocAddress, Searcher};

use super::collect::Matches;
use super::document_bm25::DocumentIndex;
use super::evidence::{doc_keys, rescore_partial, Candidate, Within, DOCUMENT_EVIDENCE_WEIGHT};
use super::literal::literal_query;
use super::plan::{QueryPlan, Tier};
use super::retrieval::Retrieved;
use crate::index::Fields;

/// Share of a partial hit's score that comes from its document; the rest
/// comes from the paragraph. Chosen with `xunwen eval` (RELEVANCE.md,
/// decision 13).
pub const DOCUMENT_SHARE: f32 = 0.5;

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
    /// It holds every quoted phrase of the query (trivially, when there is
    /// none): such paragraphs come first.
    pub named: bool,
}

/// The best paragraphs of `documents`, at most `per_document` each, best
/// document first, each document's paragraphs together; `narrow` applies
/// the search's filter.
pub fn best_passages(
    index: &DocumentIndex<'_>,
    plan: &QueryPlan,
    documents: &[Retrieved],
    share: f32,
    per_document: usize,
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
    let named = Named::find(searcher, fields, plan, &within)?;
    let found = scored_paragraphs(searcher, fields, plan, within, narrow)?;
    let best_paragraph = found.iter().map(|(s, _)| *s).fold(0.0f32, f32::max);
    // A document's best paragraph by its own score, to judge its others by.
    let mut best_own: HashMap<u64, f32> = HashMap::new();
    for (own, candidate) in &found {
        let best = best_own.entry(candidate.doc_key).or_insert(0.0);
        *best = best.max(*own);
    }
    let best_document = documents.iter().map(|d| d.score).fold(0.0f32, f32::max);
    let mut per_rank: Vec<Vec<Passage>> = vec![Vec::new(); documents.len()];
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
        per_rank[rank].push(Passage {
            addr: candidate.addr,
            score,
            named: named
                .as_ref()
                .is_none_or(|n| n.holds(candidate.addr, candidate.doc_key)),
        });
    }
    Ok(arrange(per_rank, per_document))
}

/// Where the query's quoted phrases stand among the candidates: per phrase,
/// the paragraphs that hold it and the documents whose title does.
struct Named {
    phrases: Vec<(HashSet<DocAddress>, HashSet<u64>)>,
}

impl Named {
    /// Looks every quoted phrase of `plan` up in the paragraphs of
    /// `within` and in their documents' titles; `None` when the plan
    /// quotes nothing.
    fn find(
        searcher: &Searcher,
        fields: &Fields,
        plan: &QueryPlan,
        within: &Within,
    ) -> tantivy::Result<Option<Named>> {
        let among = |query: Box<dyn Query>| -> tantivy::Result<HashSet<DocAddress>> {
            let both = BooleanQuery::new(vec![
                (Occur::Must, Box::new(within.clone()) as Box<dyn Query>),
                (Occur::Must, query),
            ]);
            searcher.search(&both, &DocSetCollector)
        };
        let mut phrases = Vec::new();
        for term in plan.phrases() {
            let (Some(text), Some(title)) = (
                literal_query(&term.literal, fields.chars),
                literal_query(&term.literal, fields.title_chars),
            ) else {
                continue;
            };
            let titled: Vec<DocAddress> = among(title)?.into_iter().collect();
            let titled = doc_keys(searcher, &titled)?.into_iter().collect();
            phrases.push((among(text)?, titled));
        }
        Ok((!phrases.is_empty()).then_some(Named { phrases }))
    }

    /// Whether the paragraph at `addr`, of document `doc_key`, holds every
    /// phrase, in its own text or its document's title.
    fn holds(&self, addr: DocAddress, doc_key: u64) -> bool {
        self.phrases
            .iter()
            .all(|(text, titles)| text.contains(&addr) || titles.contains(&doc_key))
    }
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

/// Each document's best paragraphs, at most `per_document`, together,
/// documents ordered by their best; paragraphs that hold the quoted
/// phrases before those that do not. A document none of whose paragraphs
/// holds a keyword (its title carried the evidence, or an excluded term
/// ruled them out) shows nothing.
fn arrange(per_rank: Vec<Vec<Passage>>, per_document: usize) -> Vec<Passage> {
    let order = |a: &Passage, b: &Passage| {
        b.named
            .cmp(&a.named)
            .then(b.score.total_cmp(&a.score))
            .then(a.addr.cmp(&b.addr))
    };
    let mut groups: Vec<Vec<Passage>> = per_rank
        .into_iter()
        .filter(|passages| !passages.is_empty())
        .map(|mut passages| {
            passages.sort_by(order);
            passages.truncate(per_document.max(1));
            passages
        })
        .collect();
    groups.sort_by(|a, b| order(&a[0], &b[0]));
    groups.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(doc: u32, score: f32) -> Passage {
        Passage {
            addr: DocAddress::new(0, doc),
            score,
            named: true,
        }
    }

    fn unnamed(doc: u32, score: f32) -> Passage {
        Passage {
            named: false,
            ..passage(doc, score)
        }
    }

    fn arranged(per_rank: Vec<Vec<Passage>>, per_document: usize) -> Vec<u32> {
        arrange(per_rank, per_document)
            .iter()
            .map(|p| p.addr.doc_id)
            .collect()
    }

    #[test]
    fn documents_are_ordered_by_their_best_paragraph_and_kept_together() {
        let per_rank = || {
            vec![
                vec![passage(1, 0.5), passage(2, 0.6), passage(3, 0.1)],
                Vec::new(),
                vec![passage(11, 0.9)],
            ]
        };
        assert_eq!(arranged(per_rank(), 2), [11, 2, 1]);
        let per_rank = vec![
            vec![passage(1, 0.9), passage(2, 0.2)],
            vec![passage(11, 0.5)],
        ];
        assert_eq!(arranged(per_rank, 2), [1, 2, 11]);
    }

    #[test]
    fn by_default_a_document_shows_its_best_paragraph_alone() {
        let per_rank = vec![
            vec![passage(1, 0.5), passage(2, 0.6), passage(3, 0.1)],
            vec![passage(11, 0.9), passage(12, 0.8)],
        ];
        assert_eq!(arranged(per_rank, 1), [11, 2]);
    }

    #[test]
    fn paragraphs_holding_the_quoted_phrases_come_first_whatever_their_score() {
        let per_rank = vec![
            vec![unnamed(1, 0.9), passage(2, 0.2)],
            vec![unnamed(11, 0.95)],
            vec![passage(21, 0.3)],
        ];
        assert_eq!(arranged(per_rank, 1), [21, 2, 11]);
    }
}
