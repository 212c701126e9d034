//! The search stage: query string → ranked paragraphs with highlights.
//!
//! A query read end to end: [`parse`](mod@parse) finds its structure and
//! [`plan`] turns it into tantivy queries ([`literal`] phrases of the
//! character field, [`join`] for titles), one per [`Tier`]; [`filter`]
//! narrows every tier alike. This module runs the tiers in order: full
//! matches (each term as typed, in the paragraph or its title, collected
//! with their document and date by [`collect`]), documents that match on
//! their title alone, then — only to fill the page — partial matches
//! (`partial`: [`retrieval`] ranks whole documents by [`document_bm25`] and
//! [`evidence`], [`passages`] picks the paragraphs to show, [`suggest`]
//! corrects a typo). [`page`] folds duplicates into the hits shown,
//! [`stored`] reads each stored paragraph once, and [`snippet`] marks the
//! terms in each hit and picks the window of a long one.
//!
//! Beside the page: [`matching_documents`] groups full matches by document
//! for `-l` and `-c`, [`trend`](mod@trend) counts them per year or month,
//! and [`read_back`](mod@read_back) reads one document back from the index for `show`.

pub mod collect;
pub mod document_bm25;
pub mod evidence;
pub mod expand;
pub mod filter;
pub mod join;
pub mod keywords;
pub mod literal;
pub mod matching_documents;
pub mod page;
pub mod parse;
mod partial;
pub mod passages;
pub mod plan;
pub mod query_bigrams;
pub mod read_back;
pub mod retrieval;
pub mod similar;
pub mod snippet;
pub mod stored;
pub mod suggest;
pub mod trend;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

use collect::{Match, Matches};
use document_bm25::DocumentIndex;
use page::Page;
use retrieval::{Evidence, Weights};

pub use filter::{DateError, Day, Filter};
pub use matching_documents::{matching_documents, undated_documents, DocumentHit, DocumentResults};
pub use parse::{parse, ParsedQuery, Scope, SyntaxError};
pub use plan::{QueryPlan, QueryTerm, Tier};
pub use read_back::{read_back, ShowError, ShowRequest, ShownDocument, ShownParagraph};
pub use trend::{trend, By, Period, PeriodCount, Trend};

use crate::analysis::Analyzer;
use crate::index::{Fields, IndexError, XunwenIndex};

/// Why a search failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query string is malformed.
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    /// The query has no letter or digit to search for.
    #[error("the query {query:?} has nothing to search for (only punctuation or symbols)")]
    NothingToSearch {
        /// The query as typed.
        query: String,
    },
    /// The index could not be read.
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// How many hits to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// At most this many, filled with partial matches when full ones run out.
    Top(usize),
    /// Every full match, and no partial ones.
    All,
}

/// The order of full matches on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best first.
    #[default]
    Relevance,
    /// Newest first; undated documents last.
    Date,
}

/// How hits are chosen and ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ranking {
    /// xunwen's ranking: literal matches ranked by words, titles and
    /// proximity, then partial matches to fill the page.
    #[default]
    Default,
    /// Baseline for evaluation: plain BM25 over jieba words, every word required.
    WordsAnd,
    /// Baseline for evaluation: plain BM25 over jieba words, any word.
    WordsOr,
    /// Baseline for evaluation: plain BM25 over the query's character
    /// bigrams, any bigram, over paragraphs.
    CharsOr,
}

/// Everything a search is asked: built by the command line, read by every
/// step of the search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// The query as typed.
    pub query: String,
    /// How many hits.
    pub limit: Limit,
    /// What to narrow to.
    pub filter: Filter,
    /// The order of full matches.
    pub sort: Sort,
    /// Neighbouring paragraphs to add before and after each hit (`-C`).
    pub context: usize,
    /// The ranking (baselines exist for `xunwen eval`).
    pub ranking: Ranking,
    /// Partial hits shown per document (`--per-doc`): a page of partial
    /// hits lists documents, each by its best paragraph, so ten hits are
    /// ten documents; more shows a document's next paragraphs that hold
    /// evidence of their own.
    pub per_document: usize,
}

impl SearchRequest {
    /// A request for `query` with every other setting at its default.
    pub fn new(query: impl Into<String>, limit: Limit) -> Self {
        SearchRequest {
            query: query.into(),
            limit,
            filter: Filter::default(),
            sort: Sort::Relevance,
            context: 0,
            ranking: Ranking::Default,
            per_document: 1,
        }
    }
}

/// A neighbouring paragraph shown around a hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContextParagraph {
    /// Its 1-based number in the document.
    pub paragraph: u64,
    /// Its text.
    pub text: String,
}

/// One ranked paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// 1-based rank.
    pub rank: usize,
    /// Relevance score (higher is better; comparable within one search only).
    pub score: f32,
    /// Path of the document, relative to the corpus.
    pub doc: String,
    /// Document title.
    pub title: String,
    /// Document date (printed `YYYY-MM-DD`), if known.
    pub date: Option<crate::ingest::Day>,
    /// 1-based paragraph number in the cleaned document.
    pub paragraph: u64,
    /// The paragraph.
    pub text: String,
    /// Character ranges `[start, end)` of `text` to highlight.
    pub highlights: Vec<(usize, usize)>,
    /// True when the paragraph matches only some of the query: a page
    /// filler, not counted in `total_hits`.
    pub partial: bool,
    /// True when the document matches on its title alone: no paragraph holds
    /// any term, and the document is one hit (its first paragraph shown).
    pub title_only: bool,
    /// Other documents whose paragraph has the same text (the same release
    /// published twice), folded into this hit.
    pub also_in: Vec<String>,
    /// The terms this hit holds only as a synonym: what was typed, the
    /// equivalent found, and where the equivalence comes from.
    pub via: Vec<expand::Via>,
    /// Paragraphs before this one (`-C`), nearest last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_before: Option<Vec<ContextParagraph>>,
    /// Paragraphs after this one (`-C`), nearest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_after: Option<Vec<ContextParagraph>>,
}

/// The answer to a query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// Hits, best first: full matches, then partial ones.
    pub hits: Vec<Hit>,
    /// Exact number of full matches: paragraphs with every term, plus one
    /// per document that matches on its title alone.
    pub total_hits: usize,
    /// What the query parser read leniently (a stray quote ignored).
    #[serde(skip)]
    pub notes: Vec<String>,
    /// Time spent searching.
    #[serde(skip)]
    pub elapsed: Duration,
}

impl SearchResults {
    /// Whether anything fully matched: the exit status of `search`.
    pub fn found(&self) -> bool {
        self.total_hits > 0
    }
}

/// Runs `query` against `index` with xunwen's ranking.
pub fn search(
    index: &XunwenIndex,
    analyzer: &Analyzer,
    query: &str,
    limit: Limit,
) -> Result<SearchResults, SearchError> {
    search_with(index, analyzer, &SearchRequest::new(query, limit))
}

/// Runs `query` with the given ranking (the baselines exist to measure the
/// default against them; see `xunwen eval`).
pub fn search_ranked(
    index: &XunwenIndex,
    analyzer: &Analyzer,
    query: &str,
    limit: Limit,
    ranking: Ranking,
) -> Result<SearchResults, SearchError> {
    let request = SearchRequest {
        ranking,
        ..SearchRequest::new(query, limit)
    };
    search_with(index, analyzer, &request)
}

/// Runs a full request: the tiers in order, then context.
pub fn search_with(
    index: &XunwenIndex,
    analyzer: &Analyzer,
    request: &SearchRequest,
) -> Result<SearchResults, SearchError> {
    let started = Instant::now();
    let session = Session::open(index, analyzer, request)?;
    let corrupt = |e| session.corrupt(e);
    let mut page = Page::new(
        &session.searcher,
        session.fields,
        &session.plan,
        request.limit,
    );
    let total_hits = match request.ranking {
        Ranking::Default => session.full_tier(&mut page, request).map_err(corrupt)?,
        baseline => session.baseline(&mut page, baseline).map_err(corrupt)?,
    };
    let mut notes = session.notes.clone();
    if let (Limit::Top(_), Ranking::Default) = (request.limit, request.ranking) {
        if !page.is_full() {
            let (plan, corrections) = session.partial_plan().map_err(corrupt)?;
            notes.extend(corrections);
            page.highlight_by(plan.clone());
            session.partial_tiers(&mut page, &plan).map_err(corrupt)?;
        }
    }
    let mut hits = page.into_hits();
    if request.context > 0 {
        session
            .add_context(&mut hits, request.context)
            .map_err(corrupt)?;
    }
    Ok(SearchResults {
        hits,
        total_hits,
        notes,
        elapsed: started.elapsed(),
    })
}

/// The documents BM25 over whole documents ranks first for `query` with
/// `weights`, as corpus-relative paths, at most `limit`: the document-level
/// baselines of `xunwen eval` (`doc-chars-or`, `doc-words-or`).
pub fn rank_documents(
    index: &XunwenIndex,
    analyzer: &Analyzer,
    query: &str,
    weights: &Weights,
    limit: usize,
) -> Result<Vec<String>, SearchError> {
    let request = SearchRequest::new(query, Limit::Top(limit));
    let session = Session::open(index, analyzer, &request)?;
    let corrupt = |e| session.corrupt(e);
    let documents = DocumentIndex::open(&session.searcher, session.fields).map_err(corrupt)?;
    let evidence = Evidence::find(&documents, &session.plan, weights).map_err(corrupt)?;
    let mut paths = Vec::new();
    for found in evidence.rank(&documents, weights, |_| true, limit, &[]) {
        let doc: tantivy::TantivyDocument = session.searcher.doc(found.first).map_err(corrupt)?;
        paths.push(stored::text_field(&doc, session.fields.path).to_string());
    }
    Ok(paths)
}

/// Weight of a document that matches on its title alone, over the title's
/// own score: a title that holds the whole query describes the document
/// better than a paragraph that cites it (a law's title against the laws
/// that quote it). 1.0 → 2.0 took the title set from 0.946 to 0.992
/// MRR@10 and moved no other set (RELEVANCE.md).
const TITLE_ONLY_BOOST: f32 = 2.0;

/// Documents ranked for partial hits, however short the page: a top-10
/// page is then the top of the same ranking `xunwen eval` measures on
/// longer lists.
const DOCUMENT_POOL: usize = 100;

/// One search's view of the index: the plan, the searcher and the filter.
pub(crate) struct Session<'a> {
    index: &'a XunwenIndex,
    analyzer: &'a Analyzer,
    searcher: Searcher,
    fields: Fields,
    plan: QueryPlan,
    filter: &'a Filter,
    per_document: usize,
    notes: Vec<String>,
}

impl<'a> Session<'a> {
    /// Parses and plans the query and opens a searcher.
    pub(crate) fn open(
        index: &'a XunwenIndex,
        analyzer: &'a Analyzer,
        request: &'a SearchRequest,
    ) -> Result<Self, SearchError> {
        let parsed = parse(&request.query)?;
        let plan = QueryPlan::new(&parsed, analyzer);
        if plan.is_empty() {
            return Err(SearchError::NothingToSearch {
                query: request.query.clone(),
            });
        }
        Ok(Session {
            index,
            analyzer,
            searcher: index.searcher()?,
            fields: index.fields(),
            plan,
            filter: &request.filter,
            per_document: request.per_document,
            notes: parsed.notes,
        })
    }

    /// A tantivy failure while reading: the index is damaged.
    pub(crate) fn corrupt(&self, e: tantivy::TantivyError) -> SearchError {
        SearchError::Index(IndexError::Corrupt {
            path: self.index.dir().to_path_buf(),
            detail: e.to_string(),
        })
    }

    /// `query` narrowed by the filter.
    fn narrowed(&self, query: Box<dyn Query>) -> Box<dyn Query> {
        self.filter.apply(query, &self.fields)
    }

    /// Every full match: each paragraph matching [`Tier::Full`], and one
    /// paragraph per document matching on its title alone (flagged).
    pub(crate) fn full_matches(&self, scoring: bool) -> tantivy::Result<Vec<(Match, bool)>> {
        let full = self.narrowed(self.plan.tier_query(Tier::Full, &self.fields));
        let mut all: Vec<(Match, bool)> = if self.plan.reaches_text() {
            let found = self.searcher.search(&*full, &Matches { scoring })?;
            found.into_iter().map(|m| (m, false)).collect()
        } else {
            Vec::new()
        };
        all.extend(self.title_only()?.into_iter().map(|m| (m, true)));
        Ok(all)
    }

    /// Documents whose title holds every term while none of their
    /// paragraphs holds any: one match each, on the first paragraph.
    fn title_only(&self) -> tantivy::Result<Vec<Match>> {
        // Only first paragraphs carry title tokens: one match per document.
        let mut titled = vec![(Occur::Must, self.plan.title_query(&self.fields))];
        titled.extend(self.plan.title_word_evidence(&self.fields));
        let titled = join::PerDocument::new(
            Box::new(BooleanQuery::new(titled)),
            plan::first_paragraph(&self.fields),
        );
        let titled = BoostQuery::new(Box::new(titled), TITLE_ONLY_BOOST);
        let titled = self.narrowed(Box::new(titled));
        let mut found = self.searcher.search(&*titled, &Matches { scoring: true })?;
        if found.is_empty() || !self.plan.reaches_text() {
            return Ok(found);
        }
        let with_text = BooleanQuery::new(vec![
            (
                Occur::Must,
                plan::in_title(self.plan.title_query(&self.fields), &self.fields),
            ),
            (Occur::Must, self.plan.any_in_text(&self.fields)),
        ]);
        let with_text = self.narrowed(Box::new(with_text));
        let texted: HashSet<u64> = self
            .searcher
            .search(&*with_text, &Matches { scoring: false })?
            .into_iter()
            .map(|m| m.doc_key)
            .collect();
        found.retain(|m| !texted.contains(&m.doc_key));
        Ok(found)
    }

    /// Puts the full matches on the page in the requested order; returns
    /// their exact number.
    ///
    /// Fetches twice the page (and spares) of the best full matches; when
    /// folded duplicates leave the page short of hits while more full
    /// matches exist, fetches four times as many and goes on where it
    /// stopped, so a page is never filled with partial hits ahead of full
    /// ones.
    fn full_tier(&self, page: &mut Page<'_>, request: &SearchRequest) -> tantivy::Result<usize> {
        let n = match (request.limit, request.sort) {
            (Limit::Top(n), Sort::Relevance) => n,
            _ => return self.every_full_match(page, request.sort),
        };
        let full = self.narrowed(self.plan.tier_query(Tier::Full, &self.fields));
        let title_only = self.title_only()?;
        let mut fetch = page.fetch(n).max(1);
        loop {
            let (count, top) = if self.plan.reaches_text() {
                let top = TopDocs::with_limit(fetch).order_by_score();
                self.searcher.search(&*full, &(Count, top))?
            } else {
                (0, Vec::new())
            };
            // With more full matches beyond this fetch, offer nothing that
            // ranks below them yet (title-only hits included).
            let more = top.len() == fetch;
            let floor = match top.last() {
                Some((score, _)) if more => *score,
                _ => f32::NEG_INFINITY,
            };
            let mut ranked: Vec<(f32, DocAddress, bool)> =
                top.into_iter().map(|(s, a)| (s, a, false)).collect();
            ranked.extend(title_only.iter().map(|m| (m.score, m.addr, true)));
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
            for (score, addr, title_only) in ranked {
                if page.is_full() || score < floor {
                    break;
                }
                page.offer(score, addr, page::Kind::full(title_only))?;
            }
            if page.is_full() || !more {
                return Ok(count + title_only.len());
            }
            fetch = fetch.saturating_mul(4);
        }
    }

    /// Every full match, ranked or newest first (for `--all` and `--sort date`).
    fn every_full_match(&self, page: &mut Page<'_>, sort: Sort) -> tantivy::Result<usize> {
        let mut all = self.full_matches(true)?;
        match sort {
            Sort::Relevance => all.sort_by(|(a, _), (b, _)| b.score.total_cmp(&a.score)),
            Sort::Date => all.sort_by(|(a, _), (b, _)| {
                // Newest first, undated last (None sorts below Some).
                b.day.cmp(&a.day).then(b.score.total_cmp(&a.score))
            }),
        }
        let total = all.len();
        for (m, title_only) in all {
            if page.is_full() {
                break;
            }
            page.offer(m.score, m.addr, page::Kind::full(title_only))?;
        }
        Ok(total)
    }

    /// The baselines: one plain BM25 query, nothing else.
    fn baseline(&self, page: &mut Page<'_>, ranking: Ranking) -> tantivy::Result<usize> {
        let query = match ranking {
            Ranking::CharsOr => self.plan.chars_query(&self.fields),
            _ => self
                .plan
                .baseline_query(&self.fields, ranking == Ranking::WordsAnd),
        };
        let query = self.narrowed(query);
        let n = match page.limit() {
            Some(n) => n,
            None => self.searcher.search(&*query, &Count)?,
        };
        let top = TopDocs::with_limit(n.max(1)).order_by_score();
        let (count, top) = self.searcher.search(&*query, &(Count, top))?;
        for (score, addr) in top {
            page.offer(score, addr, page::Kind::full(false))?;
        }
        Ok(count)
    }

    /// Adds up to `n` neighbouring paragraphs before and after each hit.
    fn add_context(&self, hits: &mut [Hit], n: usize) -> tantivy::Result<()> {
        for hit in hits {
            let from = hit.paragraph.saturating_sub(n as u64).max(1);
            let to = hit.paragraph + n as u64;
            let numbers: Vec<(Occur, Box<dyn Query>)> = (from..=to)
                .filter(|&p| p != hit.paragraph)
                .map(|p| {
                    let term = Term::from_field_u64(self.fields.paragraph, p);
                    let q: Box<dyn Query> =
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                    (Occur::Should, q)
                })
                .collect();
            let path = Term::from_field_text(self.fields.path, &hit.doc);
            let query = BooleanQuery::new(vec![
                (
                    Occur::Must,
                    Box::new(TermQuery::new(path, IndexRecordOption::Basic)),
                ),
                (Occur::Must, Box::new(BooleanQuery::new(numbers))),
            ]);
            let found = self
                .searcher
                .search(&query, &TopDocs::with_limit(2 * n).order_by_score())?;
            let mut neighbours = Vec::new();
            for (_, addr) in found {
                let doc: tantivy::TantivyDocument = self.searcher.doc(addr)?;
                neighbours.push(ContextParagraph {
                    paragraph: stored::u64_field(&doc, self.fields.paragraph),
                    text: stored::text_field(&doc, self.fields.text).to_string(),
                });
            }
            neighbours.sort_by_key(|c| c.paragraph);
            let (before, after): (Vec<_>, Vec<_>) = neighbours
                .into_iter()
                .partition(|c| c.paragraph < hit.paragraph);
            hit.context_before = Some(before);
            hit.context_after = Some(after);
        }
        Ok(())
    }

    /// The searcher the session reads with, for modules that read stored
    /// documents themselves (document listings).
    pub(crate) fn searcher(&self) -> &Searcher {
        &self.searcher
    }

    /// The index's fields.
    pub(crate) fn fields(&self) -> Fields {
        self.fields
    }

    /// The notes gathered while planning, for the results to carry.
    pub(crate) fn into_notes(self) -> Vec<String> {
        self.notes
    }
}
