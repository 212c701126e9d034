//! The search stage: query string → ranked paragraphs with highlights.
//!
//! [`parse`](mod@parse) finds the query's structure, [`plan`] turns it into tantivy
//! queries over words and characters, this module runs them (full matches
//! first, then partial matches to fill the page), and [`snippet`] marks the
//! terms in each hit.

pub mod evidence;
pub mod parse;
pub mod plan;
pub mod snippet;
pub mod stored;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

use stored::{text_field, StoredParagraphs};

pub use parse::{parse, ParsedQuery, Scope, SyntaxError};
pub use plan::{QueryPlan, QueryTerm};

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
    /// Document date, ISO `YYYY-MM-DD`, if known.
    pub date: Option<String>,
    /// 1-based paragraph number in the cleaned document.
    pub paragraph: u64,
    /// The paragraph.
    pub text: String,
    /// Character ranges `[start, end)` of `text` to highlight.
    pub highlights: Vec<(usize, usize)>,
    /// True when the paragraph matches only some of the query's terms.
    pub partial: bool,
}

/// The answer to a query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// Hits, best first: full matches, then partial ones.
    pub hits: Vec<Hit>,
    /// Exact number of paragraphs that match the whole query.
    pub total_hits: usize,
    /// Time spent searching.
    #[serde(skip)]
    pub elapsed: Duration,
}

/// How hits are chosen and ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ranking {
    /// xunwen's ranking: words or literals, title and proximity evidence,
    /// partial matches to fill the page.
    #[default]
    Default,
    /// Baseline for evaluation: plain BM25 over jieba words, every word required.
    WordsAnd,
    /// Baseline for evaluation: plain BM25 over jieba words, any word.
    WordsOr,
}

/// Runs `query` against `index` with xunwen's ranking.
pub fn search(
    index: &XunwenIndex,
    analyzer: &Analyzer,
    query: &str,
    limit: Limit,
) -> Result<SearchResults, SearchError> {
    search_ranked(index, analyzer, query, limit, Ranking::Default)
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
    let started = Instant::now();
    let parsed = parse(query)?;
    let plan = QueryPlan::new(&parsed, analyzer);
    if plan.is_empty() {
        return Err(SearchError::NothingToSearch {
            query: query.to_string(),
        });
    }
    let searcher = index.searcher()?;
    let fields = index.fields();
    let corrupt = |e: tantivy::TantivyError| {
        SearchError::Index(IndexError::Corrupt {
            path: index.dir().to_path_buf(),
            detail: e.to_string(),
        })
    };

    let full = match ranking {
        Ranking::Default => plan.full_query(&fields),
        Ranking::WordsAnd => plan.baseline_query(&fields, true),
        Ranking::WordsOr => plan.baseline_query(&fields, false),
    };
    let mut page = Page::new(&searcher, fields, &plan, limit);
    // Fetch spares: identical paragraphs are skipped on the page.
    let fetch = |wanted: usize| if page.dedupe { wanted * 2 + 10 } else { wanted };
    let top_docs = |n: usize| TopDocs::with_limit(n).order_by_score();
    // A page of the top hits is counted in the same pass; `--all` must count
    // first to know how many to fetch.
    let (total_hits, top) = match limit {
        Limit::Top(0) => (
            searcher.search(&*full, &Count).map_err(corrupt)?,
            Vec::new(),
        ),
        Limit::Top(n) => searcher
            .search(&*full, &(Count, top_docs(fetch(n))))
            .map_err(corrupt)?,
        Limit::All => match searcher.search(&*full, &Count).map_err(corrupt)? {
            0 => (0, Vec::new()),
            total => (
                total,
                searcher
                    .search(&*full, &top_docs(fetch(total)))
                    .map_err(corrupt)?,
            ),
        },
    };
    for (score, addr) in top {
        if page.is_full() {
            break;
        }
        page.offer(score, addr, false).map_err(corrupt)?;
    }
    // Fill the page with paragraphs matching most of the terms: a question
    // typed as a sentence rarely has every word in one paragraph. Candidates
    // come from ever looser queries, then document evidence orders them.
    if let (Limit::Top(n), Ranking::Default) = (limit, ranking) {
        if !page.is_full() {
            let pool_size = 2 * (n - page.hits.len());
            let mut pool = Vec::new();
            let mut pooled = HashSet::new();
            let mut minimum = plan.required.len();
            while pool.len() < pool_size && minimum > 1 {
                minimum -= 1;
                let partial = plan.partial_query(&fields, minimum);
                let top = searcher
                    .search(
                        &*partial,
                        &TopDocs::with_limit(n * 2 + page.offered()).order_by_score(),
                    )
                    .map_err(corrupt)?;
                for (score, addr) in top {
                    if !page.offered.contains(&addr) && pooled.insert(addr) {
                        pool.push(evidence::Candidate { score, addr });
                    }
                }
            }
            let ranked = evidence::rank_partial(
                &searcher,
                &mut page.stored,
                fields,
                &plan,
                pool,
                evidence::DOCUMENT_EVIDENCE_WEIGHT,
            )
            .map_err(corrupt)?;
            for c in ranked {
                if page.is_full() {
                    break;
                }
                page.offer(c.score, c.addr, true).map_err(corrupt)?;
            }
        }
    }
    let hits = page.hits;
    Ok(SearchResults {
        hits,
        total_hits,
        elapsed: started.elapsed(),
    })
}

/// The hits being collected for one results page.
struct Page<'a> {
    stored: StoredParagraphs<'a>,
    fields: Fields,
    plan: &'a QueryPlan,
    limit: Option<usize>,
    /// Skip paragraphs whose text repeats one already on the page (the same
    /// notice republished by several sites), except when listing `--all`.
    dedupe: bool,
    offered: HashSet<DocAddress>,
    texts: HashSet<String>,
    hits: Vec<Hit>,
}

impl<'a> Page<'a> {
    fn new(searcher: &'a Searcher, fields: Fields, plan: &'a QueryPlan, limit: Limit) -> Self {
        let (limit, dedupe) = match limit {
            Limit::Top(n) => (Some(n), true),
            Limit::All => (None, false),
        };
        Page {
            stored: StoredParagraphs::new(searcher),
            fields,
            plan,
            limit,
            dedupe,
            offered: HashSet::new(),
            texts: HashSet::new(),
            hits: Vec::new(),
        }
    }

    fn is_full(&self) -> bool {
        self.limit.is_some_and(|n| self.hits.len() >= n)
    }

    fn offered(&self) -> usize {
        self.offered.len()
    }

    /// Adds the paragraph at `addr` unless it is already on the page.
    fn offer(&mut self, score: f32, addr: DocAddress, partial: bool) -> tantivy::Result<()> {
        if !self.offered.insert(addr) {
            return Ok(());
        }
        let rank = self.hits.len() + 1;
        let doc = self.stored.take(addr)?;
        let hit = hit_from(&doc, self.fields, self.plan, rank, score, partial);
        if self.dedupe {
            let key: String = hit.text.chars().filter(|c| !c.is_whitespace()).collect();
            if !self.texts.insert(key) {
                return Ok(());
            }
        }
        self.hits.push(hit);
        Ok(())
    }
}

/// A hit from its stored paragraph.
fn hit_from(
    doc: &TantivyDocument,
    fields: Fields,
    plan: &QueryPlan,
    rank: usize,
    score: f32,
    partial: bool,
) -> Hit {
    let text = text_field(doc, fields.text).to_string();
    let highlights = snippet::highlights(
        &text,
        plan.positive_terms().filter(|t| t.scope == Scope::Text),
    );
    let date = text_field(doc, fields.date);
    Hit {
        rank,
        score,
        doc: text_field(doc, fields.path).to_string(),
        title: text_field(doc, fields.title).to_string(),
        date: (!date.is_empty()).then(|| date.to_string()),
        paragraph: doc
            .get_first(fields.paragraph)
            .and_then(|v| v.as_u64())
            .unwrap_or(0),
        text,
        highlights,
        partial,
    }
}
