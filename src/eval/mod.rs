//! Relevance evaluation: judged query sets in, MRR and recall out.
//!
//! A query set is a TSV file (`id`, `query`, `relevant` paths joined by `|`);
//! its name is the file stem. Every query runs through the same search path
//! the CLI uses, and a document's rank is the rank of its best paragraph.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub mod documents;

pub use documents::DocumentBaseline;

use crate::analysis::Analyzer;
use crate::index::XunwenIndex;
use crate::search::{search_ranked, Limit, Ranking, SearchError};

/// Paragraphs fetched per query: enough to rank ~100 distinct documents.
const PARAGRAPHS_PER_QUERY: usize = 400;

/// One judged query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JudgedQuery {
    /// Identifier, unique within its set.
    pub id: String,
    /// The query as a user would type it.
    pub query: String,
    /// Corpus-relative paths of the documents that answer it.
    pub relevant: Vec<String>,
}

/// A named set of judged queries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuerySet {
    /// The set's name (its file stem).
    pub name: String,
    /// Its queries.
    pub queries: Vec<JudgedQuery>,
}

/// Why a query set could not be used.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file could not be read.
    #[error("{path}: cannot read query set: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A line is not `id<TAB>query<TAB>relevant`.
    #[error("{path}:{line}: expected `id<TAB>query<TAB>relevant[|relevant…]`, found {found:?}")]
    Format {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// The offending line.
        found: String,
    },
    /// A query could not be run.
    #[error("{set}/{id} ({query}): {source}")]
    Search {
        /// Set name.
        set: String,
        /// Query id.
        id: String,
        /// The query.
        query: String,
        /// The underlying error.
        source: Box<SearchError>,
    },
}

impl QuerySet {
    /// Reads a TSV query set. A first line starting with `id\t` is a header.
    pub fn load(path: &Path) -> Result<QuerySet, EvalError> {
        let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut queries = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty()
                || line.starts_with('#')
                || (i == 0 && line.starts_with("id\t"))
            {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let relevant: Vec<String> = cols
                .get(2)
                .map(|r| {
                    r.split('|')
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default();
            if cols.len() < 3 || cols[1].trim().is_empty() || relevant.is_empty() {
                return Err(EvalError::Format {
                    path: path.to_path_buf(),
                    line: i + 1,
                    found: line.to_string(),
                });
            }
            queries.push(JudgedQuery {
                id: cols[0].to_string(),
                query: cols[1].to_string(),
                relevant,
            });
        }
        let name = path.file_stem().map_or_else(
            || "queries".to_string(),
            |s| s.to_string_lossy().to_string(),
        );
        Ok(QuerySet { name, queries })
    }
}

/// How one query fared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryOutcome {
    /// Query id.
    pub id: String,
    /// The query.
    pub query: String,
    /// Rank (1-based, by document) of the first relevant document, if found.
    pub first_relevant: Option<usize>,
    /// Relevant documents in the top 10 / number relevant.
    pub recall_10: f64,
    /// Relevant documents in the top 100 / number relevant.
    pub recall_100: f64,
}

/// Averages over a set, for one ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetScore {
    /// Query set name.
    pub set: String,
    /// Ranking evaluated (`default`, `words-and`, `words-or`).
    pub ranking: String,
    /// Number of queries.
    pub queries: usize,
    /// Mean reciprocal rank of the first relevant document, cut at 10.
    pub mrr_10: f64,
    /// Mean recall at 10.
    pub recall_10: f64,
    /// Mean recall at 100.
    pub recall_100: f64,
    /// Per-query outcomes.
    pub outcomes: Vec<QueryOutcome>,
}

/// What ranks the documents of an evaluation run.
#[derive(Clone, Copy)]
pub enum Ranker<'a> {
    /// A search ranking over paragraphs (a document ranks at its best paragraph).
    Search(Ranking),
    /// BM25 over whole documents (a baseline).
    Documents(&'a DocumentBaseline),
}

/// The name a ranker is reported under.
pub fn ranker_name(ranker: Ranker<'_>) -> &'static str {
    match ranker {
        Ranker::Search(Ranking::Default) => "default",
        Ranker::Search(Ranking::WordsAnd) => "words-and",
        Ranker::Search(Ranking::WordsOr) => "words-or",
        Ranker::Search(Ranking::CharsOr) => "chars-or",
        Ranker::Documents(baseline) => baseline.name(),
    }
}

/// The documents `ranker` returns for `q`, best first, at most 100.
fn ranked_documents(
    index: &XunwenIndex,
    analyzer: &Analyzer,
    set: &QuerySet,
    q: &JudgedQuery,
    ranker: Ranker<'_>,
) -> Result<Vec<String>, EvalError> {
    let failed = |source: SearchError| EvalError::Search {
        set: set.name.clone(),
        id: q.id.clone(),
        query: q.query.clone(),
        source: Box::new(source),
    };
    let ranking = match ranker {
        Ranker::Search(ranking) => ranking,
        Ranker::Documents(baseline) => {
            return baseline
                .rank(index, analyzer, &q.query, 100)
                .map_err(failed)
        }
    };
    let limit = Limit::Top(PARAGRAPHS_PER_QUERY);
    let hits = match search_ranked(index, analyzer, &q.query, limit, ranking) {
        Ok(r) => r.hits,
        // A question that is only stop words or punctuation simply finds nothing.
        Err(SearchError::NothingToSearch { .. }) => Vec::new(),
        Err(source) => return Err(failed(source)),
    };
    let mut seen = HashSet::new();
    Ok(hits
        .into_iter()
        .flat_map(|h| std::iter::once(h.doc).chain(h.also_in))
        .filter(|d| seen.insert(d.clone()))
        .take(100)
        .collect())
}

/// Runs every query of `set` with `ranker`.
pub fn evaluate(
    index: &XunwenIndex,
    analyzer: &Analyzer,
    set: &QuerySet,
    ranker: Ranker<'_>,
) -> Result<SetScore, EvalError> {
    let mut outcomes = Vec::with_capacity(set.queries.len());
    for q in &set.queries {
        let ranked = ranked_documents(index, analyzer, set, q, ranker)?;
        let ranked_docs: Vec<&str> = ranked.iter().map(String::as_str).collect();
        outcomes.push(score_query(q, &ranked_docs));
    }
    let n = outcomes.len().max(1) as f64;
    let mean = |f: &dyn Fn(&QueryOutcome) -> f64| outcomes.iter().map(f).sum::<f64>() / n;
    Ok(SetScore {
        set: set.name.clone(),
        ranking: ranker_name(ranker).to_string(),
        queries: outcomes.len(),
        mrr_10: mean(&|o| reciprocal_rank(o.first_relevant, 10)),
        recall_10: mean(&|o| o.recall_10),
        recall_100: mean(&|o| o.recall_100),
        outcomes,
    })
}

fn reciprocal_rank(rank: Option<usize>, cutoff: usize) -> f64 {
    match rank {
        Some(r) if r <= cutoff => 1.0 / r as f64,
        _ => 0.0,
    }
}

/// Scores one query given the documents it returned, best first.
pub fn score_query(q: &JudgedQuery, ranked_docs: &[&str]) -> QueryOutcome {
    let relevant: HashSet<&str> = q.relevant.iter().map(String::as_str).collect();
    let first_relevant = ranked_docs
        .iter()
        .position(|d| relevant.contains(d))
        .map(|p| p + 1);
    let recall = |k: usize| {
        ranked_docs
            .iter()
            .take(k)
            .filter(|d| relevant.contains(*d))
            .count() as f64
            / relevant.len().max(1) as f64
    };
    QueryOutcome {
        id: q.id.clone(),
        query: q.query.clone(),
        first_relevant,
        recall_10: recall(10),
        recall_100: recall(100),
    }
}

/// A query whose first relevant document ranks lower than before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Regression {
    /// Query set.
    pub set: String,
    /// Query id.
    pub id: String,
    /// The query.
    pub query: String,
    /// Rank of the first relevant document before (None: not in the list).
    pub before: Option<usize>,
    /// Rank now.
    pub after: Option<usize>,
}

/// Queries whose first relevant document ranks worse now than in `previous`
/// (same set, same ranking).
pub fn regressions(previous: &[SetScore], current: &[SetScore]) -> Vec<Regression> {
    let before: BTreeMap<(&str, &str, &str), Option<usize>> = previous
        .iter()
        .flat_map(|s| {
            s.outcomes.iter().map(move |o| {
                (
                    (s.set.as_str(), s.ranking.as_str(), o.id.as_str()),
                    o.first_relevant,
                )
            })
        })
        .collect();
    let worse = |b: Option<usize>, a: Option<usize>| match (b, a) {
        (Some(b), Some(a)) => a > b,
        (Some(_), None) => true,
        _ => false,
    };
    current
        .iter()
        .flat_map(|s| {
            let before = &before;
            s.outcomes.iter().filter_map(move |o| {
                let b = *before.get(&(s.set.as_str(), s.ranking.as_str(), o.id.as_str()))?;
                worse(b, o.first_relevant).then(|| Regression {
                    set: s.set.clone(),
                    id: o.id.clone(),
                    query: o.query.clone(),
                    before: b,
                    after: o.first_relevant,
                })
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(relevant: &[&str]) -> JudgedQuery {
        JudgedQuery {
            id: "q1".into(),
            query: "党史".into(),
            relevant: relevant.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn first_relevant_rank_and_recall_are_by_document() {
        let q = judged(&["b.txt", "z.txt"]);
        let outcome = score_query(&q, &["a.txt", "b.txt", "c.txt"]);
        assert_eq!(outcome.first_relevant, Some(2));
        assert_eq!(outcome.recall_10, 0.5);
        assert_eq!(reciprocal_rank(outcome.first_relevant, 10), 0.5);
        assert_eq!(reciprocal_rank(Some(11), 10), 0.0);
    }

    #[test]
    fn tsv_sets_parse_with_header_and_multiple_relevant_documents() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("questions.tsv");
        std::fs::write(
            &path,
            "id\tquery\trelevant\nq1\t党史学习\ta.txt|b/c.txt\n\nq2\t反诈\td.txt\n",
        )
        .expect("write");
        let set = QuerySet::load(&path).expect("parses");
        assert_eq!(set.name, "questions");
        assert_eq!(set.queries.len(), 2);
        assert_eq!(set.queries[0].relevant, ["a.txt", "b/c.txt"]);
        std::fs::write(&path, "q1\tno relevant column\n").expect("write");
        let err = QuerySet::load(&path).unwrap_err();
        assert!(err.to_string().contains(":1:"), "{err}");
    }

    #[test]
    fn regressions_list_queries_that_fell() {
        let outcome = |rank| QueryOutcome {
            id: "q1".into(),
            query: "党史".into(),
            first_relevant: rank,
            recall_10: 0.0,
            recall_100: 0.0,
        };
        let score = |rank| SetScore {
            set: "s".into(),
            ranking: "default".into(),
            queries: 1,
            mrr_10: 0.0,
            recall_10: 0.0,
            recall_100: 0.0,
            outcomes: vec![outcome(rank)],
        };
        assert_eq!(regressions(&[score(Some(1))], &[score(Some(3))]).len(), 1);
        assert!(regressions(&[score(Some(3))], &[score(Some(1))]).is_empty());
        assert_eq!(regressions(&[score(Some(3))], &[score(None)]).len(), 1);
    }
}
