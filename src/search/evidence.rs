//! Ordering partial hits: how much of the query a paragraph covers, and
//! what its document adds.
//!
//! A question typed as a sentence spreads its words over a document: the
//! place in the title, the subject in one paragraph, the measure in the next.
//! Its keywords are not worth the same: 要求 or 措施 appear everywhere, a
//! city's name or a measure's name in a few documents. So each keyword
//! weighs its inverse document frequency; a candidate paragraph's BM25 score
//! is scaled by the share of the query's weight it covers itself (text or
//! title) and raised by the weight its document covers elsewhere. A keyword
//! its document's title holds counts in the paragraph's own score too: the
//! title says what each paragraph is about; and one the paragraph next to
//! it holds counts in part.
//!
//! Everything here reads postings and the `doc_key` fast field, never stored
//! text, so a pool of a few hundred candidates costs milliseconds.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use std::sync::Arc;

use tantivy::index::SegmentId;
use tantivy::query::{
    BitSetDocSet, BooleanQuery, ConstScorer, EmptyScorer, EnableScoring, Explanation, Occur, Query,
    Scorer, Weight,
};
use tantivy::{BitSet, DocAddress, DocId, Score, Searcher, SegmentReader, Term};

use super::collect::Matches;
use super::document_bm25::Bm25;
use super::plan::{Keyword, QueryPlan};
use crate::analysis::literal_grams;
use crate::index::Fields;

/// How much the rest of the document raises a partial hit's score: with all
/// missing keywords found elsewhere in the document the score is multiplied
/// by `1 + weight * missing share`. Chosen with `xunwen eval` (RELEVANCE.md:
/// 0.5 and 2.0 measured worse on the tuning sets).
pub const DOCUMENT_EVIDENCE_WEIGHT: f32 = 1.0;

/// How strongly the share of the query's weight a paragraph covers scales
/// its score: `score × share^power`. Ordering by the share first and the
/// score second let one rare word outrank a paragraph with every common one
/// and lost 0.05 MRR@10 on citizen-tune; 1.5 measured best of 0.5–2
/// (RELEVANCE.md, decision 9).
const COVERAGE_POWER: f32 = 1.5;

/// What a keyword held by the document's title, and not by the paragraph,
/// adds to the paragraph's own score, per unit of the keyword's weight
/// (its IDF). A title says what every paragraph of its document is about:
/// each article of 威海市节约用水条例 is about 威海, though none names it,
/// so passage retrieval reads a passage with its title. A keyword in the
/// text scores about three to four times its IDF (as a word at
/// `WORD_BOOST` 2, by its bigrams, as typed); 8 measured best of 1–20 on
/// the tuning sets (RELEVANCE.md, decision 16).
const TITLE_IN_PARAGRAPH: f32 = 8.0;

/// The share of a keyword's weight a paragraph holds when the paragraph
/// next to it, in the same document, holds the keyword: a sentence goes on
/// in the next passage of a long line, and an article's subject is often
/// named in the one before. 0.3 measured best of 0.2–0.6 on the tuning sets
/// (RELEVANCE.md, decision 16).
const NEIGHBOUR_SHARE: f32 = 0.3;

/// Candidates ranked for partial hits, however short the page: the ranking
/// of a top-10 page is then the top of the same ranking `xunwen eval`
/// measures on longer lists.
pub const PARTIAL_POOL: usize = 200;

/// A partial-hit candidate: its BM25 score and where it is.
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    /// Score of the query that found it.
    pub score: f32,
    /// The paragraph.
    pub addr: DocAddress,
    /// Its document.
    pub doc_key: u64,
}

/// The weight of each keyword of `plan`: BM25's inverse document frequency
/// over paragraphs, from the word's postings, or, for a string jieba never
/// cut as a word, from its rarest character gram (an upper bound of its
/// frequency).
pub fn keyword_weights(searcher: &Searcher, fields: &Fields, plan: &QueryPlan) -> Vec<f32> {
    let paragraphs = searcher.num_docs();
    plan.keywords
        .iter()
        .map(|k| Bm25::idf(paragraphs, keyword_frequency(searcher, fields, k)))
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

/// Which keywords each of a set of keys (paragraphs, documents) holds: a
/// row of flags per key, so a candidate's keywords are one lookup, not one
/// per keyword.
struct KeywordRows<K> {
    keywords: usize,
    row_of: HashMap<K, usize>,
    flags: Vec<bool>,
}

impl<K: Hash + Eq> KeywordRows<K> {
    fn new(keywords: usize) -> Self {
        KeywordRows {
            keywords,
            row_of: HashMap::new(),
            flags: Vec::new(),
        }
    }

    /// Records that `key` holds keyword `keyword`.
    fn set(&mut self, key: K, keyword: usize) {
        let next = self.row_of.len();
        let row = *self.row_of.entry(key).or_insert(next);
        if row == next {
            self.flags.resize(self.flags.len() + self.keywords, false);
        }
        self.flags[row * self.keywords + keyword] = true;
    }

    /// The keywords `key` holds, by index; `None` when it holds none.
    fn row(&self, key: &K) -> Option<&[bool]> {
        let row = *self.row_of.get(key)?;
        self.flags
            .get(row * self.keywords..(row + 1) * self.keywords)
    }
}

/// Where each keyword stands among the candidates' documents.
struct Coverage {
    /// The keywords each paragraph holds in its text.
    in_paragraph: KeywordRows<DocAddress>,
    /// The document of each paragraph that holds a keyword.
    document_of: HashMap<DocAddress, u64>,
    /// The keywords each document holds in a paragraph.
    in_document: KeywordRows<u64>,
    /// The keywords each document holds in its title.
    in_title: KeywordRows<u64>,
    /// The paragraphs that carry their document's title: their own score
    /// already counts it.
    title_carriers: HashSet<DocAddress>,
}

/// The share of the query one candidate paragraph holds, as keyword weight.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Held {
    /// In the paragraph's text or its document's title, and
    /// [`NEIGHBOUR_SHARE`] of what only a paragraph next to it holds.
    own: f32,
    /// Anywhere in its document.
    document: f32,
    /// In its document's title and not in its text, when its own score
    /// does not count the title already.
    title_only: f32,
}

impl Coverage {
    fn new(keywords: usize) -> Coverage {
        Coverage {
            in_paragraph: KeywordRows::new(keywords),
            document_of: HashMap::new(),
            in_document: KeywordRows::new(keywords),
            in_title: KeywordRows::new(keywords),
            title_carriers: HashSet::new(),
        }
    }

    /// Records that paragraph `addr` of document `doc_key` holds keyword
    /// `keyword` in its text.
    fn in_text(&mut self, keyword: usize, addr: DocAddress, doc_key: u64) {
        self.in_paragraph.set(addr, keyword);
        self.document_of.insert(addr, doc_key);
        self.in_document.set(doc_key, keyword);
    }

    /// Records that the title of document `doc_key`, carried by paragraph
    /// `carrier`, holds keyword `keyword`.
    fn in_title(&mut self, keyword: usize, carrier: DocAddress, doc_key: u64) {
        self.in_title.set(doc_key, keyword);
        self.title_carriers.insert(carrier);
    }

    /// Looks every keyword up within the paragraphs `within` (the
    /// candidates' documents).
    fn find(
        searcher: &Searcher,
        fields: &Fields,
        plan: &QueryPlan,
        within: &Within,
    ) -> tantivy::Result<Coverage> {
        let among = |query: Box<dyn Query>| {
            BooleanQuery::new(vec![
                (Occur::Must, query),
                (Occur::Must, Box::new(within.clone()) as Box<dyn Query>),
            ])
        };
        let unscored = Matches { scoring: false };
        let mut coverage = Coverage::new(plan.keywords.len());
        for (i, keyword) in plan.keywords.iter().enumerate() {
            let text = searcher.search(&among(plan.keyword_in_text(keyword, fields)), &unscored)?;
            for m in &text {
                coverage.in_text(i, m.addr, m.doc_key);
            }
            let title =
                searcher.search(&among(plan.keyword_in_title(keyword, fields)), &unscored)?;
            for m in &title {
                coverage.in_title(i, m.addr, m.doc_key);
            }
        }
        Ok(coverage)
    }

    /// The keyword weight `candidate` holds.
    fn of(&self, candidate: &Candidate, weights: &[f32]) -> Held {
        let mut held = Held::default();
        let carrier = self.title_carriers.contains(&candidate.addr);
        let text = self.in_paragraph.row(&candidate.addr);
        let title = self.in_title.row(&candidate.doc_key);
        let document = self.in_document.row(&candidate.doc_key);
        let neighbours = self.neighbours(candidate);
        let has = |row: Option<&[bool]>, i: usize| row.is_some_and(|r| r[i]);
        for (i, weight) in weights.iter().enumerate() {
            let (in_title, in_text) = (has(title, i), has(text, i));
            if in_title && !in_text && !carrier {
                held.title_only += weight;
            }
            if in_title || in_text {
                held.own += weight;
                held.document += weight;
            } else if neighbours.iter().any(|&row| has(row, i)) {
                held.own += NEIGHBOUR_SHARE * weight;
                held.document += weight;
            } else if has(document, i) {
                held.document += weight;
            }
        }
        held
    }

    /// The keywords held by the paragraphs before and after `candidate`,
    /// when they are of the same document.
    fn neighbours(&self, candidate: &Candidate) -> [Option<&[bool]>; 2] {
        let DocAddress {
            segment_ord,
            doc_id,
        } = candidate.addr;
        [doc_id.checked_sub(1), doc_id.checked_add(1)].map(|doc| {
            let next = DocAddress::new(segment_ord, doc?);
            if self.document_of.get(&next) != Some(&candidate.doc_key) {
                return None;
            }
            self.in_paragraph.row(&next)
        })
    }
}

/// `candidates` best first by their score (plus [`TITLE_IN_PARAGRAPH`] for
/// each keyword only the title holds), scaled by the share of the
/// keywords' weight met in the paragraph or its title, and in part next
/// to it ([`NEIGHBOUR_SHARE`]), to the power [`COVERAGE_POWER`], and raised by `weight` (normally
/// [`DOCUMENT_EVIDENCE_WEIGHT`]) for the share met only elsewhere in the same
/// document, each with its scaled score. `within` holds the paragraphs of
/// the candidates' documents.
pub(crate) fn rescore_partial(
    searcher: &Searcher,
    fields: Fields,
    plan: &QueryPlan,
    candidates: Vec<Candidate>,
    weight: f32,
    within: &Within,
) -> tantivy::Result<Vec<(f32, Candidate)>> {
    if candidates.is_empty() || plan.keywords.len() < 2 {
        return Ok(candidates.into_iter().map(|c| (c.score, c)).collect());
    }
    let weights = keyword_weights(searcher, &fields, plan);
    let total: f32 = weights.iter().sum::<f32>().max(f32::EPSILON);
    let coverage = Coverage::find(searcher, &fields, plan, within)?;
    let mut keyed: Vec<(f32, Candidate)> = candidates
        .into_iter()
        .map(|c| {
            let held = coverage.of(&c, &weights);
            let with_title = c.score + TITLE_IN_PARAGRAPH * held.title_only;
            let raised = with_title * (1.0 + weight * (held.document - held.own) / total);
            (raised * (held.own / total).powf(COVERAGE_POWER), c)
        })
        .collect();
    keyed.sort_by(|(ka, a), (kb, b)| kb.total_cmp(ka).then(b.score.total_cmp(&a.score)));
    Ok(keyed)
}

/// A set of paragraphs computed once, as a query: intersecting a keyword
/// with "the paragraphs of these 200 documents" would otherwise read the 200
/// documents' postings again for every keyword.
#[derive(Clone, Debug)]
pub(crate) struct Within {
    segments: Arc<HashMap<SegmentId, BitSet>>,
}

impl Within {
    /// The paragraphs set in `segments`, by segment.
    pub(crate) fn from_bits(segments: HashMap<SegmentId, BitSet>) -> Within {
        Within {
            segments: Arc::new(segments),
        }
    }
}

impl Query for Within {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for Within {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.segments.get(&reader.segment_id()) {
            Some(bits) => Box::new(ConstScorer::new(BitSetDocSet::from(bits.clone()), boost)),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, _: &SegmentReader, _: DocId) -> tantivy::Result<Explanation> {
        Ok(Explanation::new("within the candidates' documents", 0.0))
    }
}

/// The `doc_key` of each address, read from the fast field.
pub fn doc_keys(searcher: &Searcher, addrs: &[DocAddress]) -> tantivy::Result<Vec<u64>> {
    let mut columns = HashMap::new();
    let mut keys = Vec::with_capacity(addrs.len());
    for addr in addrs {
        let column = match columns.entry(addr.segment_ord) {
            std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
            std::collections::hash_map::Entry::Vacant(entry) => entry.insert(
                Fields::doc_key_column(searcher.segment_reader(addr.segment_ord))?,
            ),
        };
        let key = column.first(addr.doc_id);
        keys.push(key.unwrap_or_default());
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(doc: u32, doc_key: u64) -> Candidate {
        Candidate {
            score: 1.0,
            addr: DocAddress::new(0, doc),
            doc_key,
        }
    }

    /// Two keywords (weights 3 and 1) over one document (key 7) of four
    /// paragraphs: 0 carries the title, which holds keyword 0; paragraph 1
    /// holds keyword 1; paragraphs 2 and 3 hold nothing. Paragraph 4 starts
    /// document 8.
    fn coverage() -> Coverage {
        let addr = |doc| DocAddress::new(0, doc);
        let mut coverage = Coverage::new(2);
        coverage.in_title(0, addr(0), 7);
        coverage.in_text(1, addr(1), 7);
        coverage.in_text(1, addr(4), 8);
        coverage
    }

    #[test]
    fn a_keyword_in_the_title_counts_for_every_paragraph_of_the_document() {
        let held = coverage().of(&candidate(1, 7), &[3.0, 1.0]);
        assert_eq!(
            held,
            Held {
                own: 4.0,
                document: 4.0,
                title_only: 3.0
            }
        );
        let bare = coverage().of(&candidate(3, 7), &[3.0, 1.0]);
        assert_eq!(bare.own, 3.0);
        assert_eq!(bare.document, 4.0);
        assert_eq!(bare.title_only, 3.0);
    }

    #[test]
    fn a_keyword_next_door_in_the_same_document_counts_in_part() {
        let held = coverage().of(&candidate(2, 7), &[3.0, 1.0]);
        assert_eq!(held.own, 3.0 + NEIGHBOUR_SHARE);
        assert_eq!(held.document, 4.0);
        let other = coverage().of(&candidate(2, 8), &[3.0, 1.0]);
        assert_eq!(other.own, 0.0, "paragraph 1 is not in document 8");
        assert_eq!(
            other.document, 1.0,
            "document 8 holds keyword 1 in paragraph 4"
        );
        let last = coverage().of(&candidate(3, 7), &[3.0, 1.0]);
        assert_eq!(last.own, 3.0, "paragraph 4, next door, is document 8's");
    }

    #[test]
    fn the_title_carrier_is_not_given_its_title_twice() {
        let held = coverage().of(&candidate(0, 7), &[3.0, 1.0]);
        assert_eq!(
            held.own,
            3.0 + NEIGHBOUR_SHARE,
            "title, and paragraph 1 next door"
        );
        assert_eq!(held.title_only, 0.0);
    }

    #[test]
    fn another_documents_title_adds_nothing() {
        let held = coverage().of(&candidate(5, 8), &[3.0, 1.0]);
        assert_eq!(held.title_only, 0.0);
        assert_eq!(held.own, NEIGHBOUR_SHARE, "paragraph 4 next door only");
    }
}
