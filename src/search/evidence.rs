//! Document evidence for partial hits.
//!
//! A question typed as a sentence spreads its words over a document: the
//! place in the title, the subject in one paragraph, the measure in the next.
//! A paragraph that matches only some terms is then worth more when the rest
//! of the query is found elsewhere in the same document than when it stands
//! alone in a document about something else. This module counts, for each
//! candidate paragraph, the requirements it meets itself (text or title) and
//! the ones its whole document meets. Partial hits are ordered by the first,
//! then by their BM25 score raised by the second.

use std::collections::{HashMap, HashSet};

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery, TermSetQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

use super::plan::{requirement_query, QueryPlan, Requirement, Within};
use super::stored::{text_field, StoredParagraphs};
use crate::analysis::normalize;
use crate::index::Fields;

/// How much the rest of the document raises a partial hit's score: with all
/// missing requirements met elsewhere in the document the score is
/// multiplied by `1 + weight * missing / requirements`. Chosen with
/// `xunwen eval` (RELEVANCE.md). Letting document evidence outweigh the
/// paragraph's own matches (a one-term paragraph of a long report that
/// mentions everything above a paragraph meeting all but one term) measured
/// worse at every weight tried.
pub const DOCUMENT_EVIDENCE_WEIGHT: f32 = 1.0;

/// A partial-hit candidate: its BM25 score and where it is.
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    /// Score of the partial query that found it.
    pub score: f32,
    /// The paragraph.
    pub addr: DocAddress,
}

/// Orders `candidates` best first: by the number of requirements met in the
/// paragraph or its title, then by score, raised by `weight` (normally
/// [`DOCUMENT_EVIDENCE_WEIGHT`]) for requirements met only elsewhere in the
/// same document.
pub fn rank_partial(
    searcher: &Searcher,
    stored: &mut StoredParagraphs<'_>,
    fields: Fields,
    plan: &QueryPlan,
    candidates: Vec<Candidate>,
    weight: f32,
) -> tantivy::Result<Vec<Candidate>> {
    if candidates.is_empty() || plan.required.len() < 2 {
        return Ok(candidates);
    }
    // Path and title of each candidate's document.
    let mut candidate_docs: Vec<(String, String)> = Vec::with_capacity(candidates.len());
    for c in &candidates {
        let doc = stored.get(c.addr)?;
        candidate_docs.push((
            text_field(doc, fields.path).to_string(),
            text_field(doc, fields.title).to_string(),
        ));
    }
    let paths: HashSet<&str> = candidate_docs.iter().map(|(p, _)| p.as_str()).collect();
    let in_candidate_docs =
        TermSetQuery::new(paths.iter().map(|p| Term::from_field_text(fields.path, p)));
    // The document of every paragraph of those documents, from the postings
    // of their paths: reading each stored paragraph for its path would
    // decompress a store block per paragraph of a long report.
    let mut document_of: HashMap<DocAddress, &str> = HashMap::new();
    for &path in &paths {
        let term = Term::from_field_text(fields.path, path);
        let paragraphs = TermQuery::new(term, IndexRecordOption::Basic);
        for addr in searcher.search(&paragraphs, &DocSetCollector)? {
            document_of.insert(addr, path);
        }
    }

    // For each requirement: the candidate documents' paragraphs that meet it
    // in their text, and the documents that have such a paragraph.
    let mut met_by_paragraph: Vec<HashSet<DocAddress>> = Vec::new();
    let mut met_by_document: Vec<HashSet<&str>> = Vec::new();
    for requirement in &plan.required {
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                requirement_query(requirement, &fields, Within::Paragraph),
            ),
            (
                Occur::Must,
                Box::new(in_candidate_docs.clone()) as Box<dyn Query>,
            ),
        ]);
        let addrs = searcher.search(&query, &DocSetCollector)?;
        let documents = addrs
            .iter()
            .filter_map(|addr| document_of.get(addr).copied())
            .collect();
        met_by_paragraph.push(addrs);
        met_by_document.push(documents);
    }

    let mut keyed: Vec<(f32, Candidate)> = candidates
        .into_iter()
        .zip(&candidate_docs)
        .map(|(c, (path, title))| {
            let title = normalize(title);
            let mut own = 0usize;
            let mut document = 0usize;
            for (i, requirement) in plan.required.iter().enumerate() {
                let in_title = title_meets(&title, requirement);
                if in_title || met_by_paragraph[i].contains(&c.addr) {
                    own += 1;
                    document += 1;
                } else if met_by_document[i].contains(path.as_str()) {
                    document += 1;
                }
            }
            let extra = (document - own) as f32 / plan.required.len() as f32;
            let boosted = c.score * (1.0 + weight * extra);
            // Requirements met by the paragraph decide first; within a
            // class the boosted score (mapped into [0, 1)) orders.
            (own as f32 + boosted / (1.0 + boosted), c)
        })
        .collect();
    keyed.sort_by(|(ka, a), (kb, b)| kb.total_cmp(ka).then(b.score.total_cmp(&a.score)));
    Ok(keyed.into_iter().map(|(_, c)| c).collect())
}

/// Whether the (normalized) title contains every term of one alternative of
/// `requirement` literally: the same test the title's character field makes.
fn title_meets(title: &str, requirement: &Requirement) -> bool {
    requirement
        .alternatives
        .iter()
        .any(|terms| terms.iter().all(|t| title.contains(&t.literal)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::plan::QueryTerm;
    use crate::search::Scope;

    fn term(literal: &str) -> QueryTerm {
        QueryTerm {
            literal: literal.to_string(),
            words: Vec::new(),
            scope: Scope::Text,
        }
    }

    #[test]
    fn a_title_meets_a_requirement_when_one_alternative_is_all_there() {
        let either = Requirement {
            alternatives: vec![vec![term("防汛"), term("演练")], vec![term("抗旱")]],
        };
        assert!(title_meets("青河县开展防汛应急演练", &either));
        assert!(title_meets("全县抗旱保苗工作会议", &either));
        assert!(!title_meets("全县防汛工作会议", &either), "演练 is missing");
    }
}
