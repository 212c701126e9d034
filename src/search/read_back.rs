//! One document read back from the index, for `xunwen show`: its title,
//! date, path and numbered paragraphs, as they were indexed.
//!
//! A hit is a paragraph; reading it in full means the whole document. The
//! paragraphs come from the index rather than the file, so the numbers are
//! the ones `search` printed (`¶9`), the text is the cleaned text the search
//! saw, and the file may since have changed or gone.

use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use super::parse::{parse, Scope};
use super::plan::QueryPlan;
use super::snippet::highlights;
use super::stored::{day_field, text_field, u64_field};
use super::SearchError;
use crate::analysis::Analyzer;
use crate::index::{IndexError, XunwenIndex};

/// What to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShowRequest {
    /// Corpus-relative paths to try in order (as `search` prints them, or
    /// the same path made relative to the corpus): the first the index
    /// holds is shown.
    pub candidates: Vec<String>,
    /// Start at this 1-based paragraph and mark it (`DOC:N`).
    pub from: Option<u64>,
    /// Mark this query's terms in the text.
    pub highlight: Option<String>,
}

/// One paragraph of a shown document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownParagraph {
    /// 1-based number in the cleaned document (as `search` prints `¶N`).
    pub paragraph: u64,
    /// The cleaned text.
    pub text: String,
    /// Character ranges `[start, end)` of `text` holding the highlighted
    /// query's terms (empty without `--highlight`).
    pub highlights: Vec<(usize, usize)>,
}

/// A document as indexed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownDocument {
    /// Path relative to the corpus.
    pub doc: String,
    /// Title.
    pub title: String,
    /// Document date (printed `YYYY-MM-DD`), if known.
    pub date: Option<crate::ingest::Day>,
    /// The paragraphs shown: all of them, or from the one asked for on.
    pub paragraphs: Vec<ShownParagraph>,
    /// The paragraph asked for (`DOC:N`), marked when shown.
    #[serde(skip)]
    pub marked: Option<u64>,
    /// What the highlight query's parser read leniently (a stray quote).
    #[serde(skip)]
    pub notes: Vec<String>,
}

/// Why a document cannot be shown.
#[derive(Debug, thiserror::Error)]
pub enum ShowError {
    /// The index holds no document at that path.
    #[error(
        "no document {doc:?} in the index{}; paths are relative to the corpus {corpus}, \
         as `xunwen search` prints them: find one with `xunwen search -l QUERY`",
        did_you_mean(.similar)
    )]
    UnknownDocument {
        /// The path as given.
        doc: String,
        /// The corpus the index was built from.
        corpus: String,
        /// Indexed paths ending in the same file name (a name given without
        /// its folders), at most [`SUGGESTIONS`].
        similar: Vec<String>,
    },
    /// The paragraph number is not one of the document's.
    #[error("{doc} has paragraphs 1–{count}; there is no paragraph {paragraph}")]
    NoSuchParagraph {
        /// The document.
        doc: String,
        /// The number asked for.
        paragraph: u64,
        /// How many paragraphs it has.
        count: u64,
    },
    /// The highlight query is malformed, or the index could not be read.
    #[error(transparent)]
    Search(#[from] SearchError),
}

/// Paths suggested for an unknown document, at most: enough to spot the
/// right folder, few enough to read.
pub const SUGGESTIONS: usize = 3;

fn did_you_mean(similar: &[String]) -> String {
    if similar.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", similar.join(", "))
    }
}

/// Reads the document `request` names back from the index, with its terms
/// marked.
pub fn read_back(
    index: &XunwenIndex,
    analyzer: &Analyzer,
    request: &ShowRequest,
) -> Result<ShownDocument, ShowError> {
    let (plan, notes) = match &request.highlight {
        Some(query) => {
            let (plan, notes) = highlight_plan(query, analyzer)?;
            (Some(plan), notes)
        }
        None => (None, Vec::new()),
    };
    let mut found = None;
    for doc in &request.candidates {
        found = indexed_document(index, doc).map_err(SearchError::Index)?;
        if found.is_some() {
            break;
        }
    }
    let Some(mut document) = found else {
        let doc = request.candidates.first().cloned().unwrap_or_default();
        return Err(ShowError::UnknownDocument {
            similar: similar_paths(index, &doc).map_err(SearchError::Index)?,
            corpus: index.header().corpus.clone(),
            doc,
        });
    };
    document.notes = notes;
    if let Some(from) = request.from {
        start_at(&mut document, from)?;
    }
    if let Some(plan) = plan {
        let terms: Vec<_> = plan
            .positive_terms()
            .filter(|t| t.scope == Scope::Text)
            .collect();
        for p in &mut document.paragraphs {
            p.highlights = highlights(&p.text, terms.iter().copied());
        }
    }
    Ok(document)
}

/// The plan of a `--highlight` query and the parser's notes, refused as a
/// search would refuse it.
fn highlight_plan(
    query: &str,
    analyzer: &Analyzer,
) -> Result<(QueryPlan, Vec<String>), SearchError> {
    let parsed = parse(query)?;
    let plan = QueryPlan::new(&parsed, analyzer);
    if plan.is_empty() {
        return Err(SearchError::NothingToSearch {
            query: query.to_string(),
        });
    }
    Ok((plan, parsed.notes))
}

/// Indexed paths ending in `/NAME`, where NAME is the last component of
/// `doc`: someone who typed a bare file name finds its folder. Reads the
/// path terms (one per document), only when a document was not found.
fn similar_paths(index: &XunwenIndex, doc: &str) -> Result<Vec<String>, IndexError> {
    let name = doc.rsplit('/').next().unwrap_or(doc);
    if name.is_empty() {
        return Ok(Vec::new());
    }
    let suffix = format!("/{name}");
    let searcher = index.searcher()?;
    let corrupt = |detail: String| IndexError::Corrupt {
        path: index.dir().to_path_buf(),
        detail,
    };
    let mut found = std::collections::BTreeSet::new();
    for reader in searcher.segment_readers() {
        let paths = reader
            .inverted_index(index.fields().path)
            .map_err(|e| corrupt(e.to_string()))?;
        let mut terms = paths.terms().stream().map_err(|e| corrupt(e.to_string()))?;
        while terms.advance() {
            let path = String::from_utf8_lossy(terms.key());
            if path.ends_with(&suffix) && path != doc {
                found.insert(path.into_owned());
            }
        }
    }
    let mut similar = Vec::new();
    for path in found {
        // A deleted document's term may linger until segments merge.
        if similar.len() < SUGGESTIONS && indexed_document(index, &path)?.is_some() {
            similar.push(path);
        }
    }
    Ok(similar)
}

/// Drops the paragraphs before `from` and marks it; refuses a number the
/// document does not have, naming the range it has.
fn start_at(document: &mut ShownDocument, from: u64) -> Result<(), ShowError> {
    let count = document.paragraphs.last().map_or(0, |p| p.paragraph);
    let Some(at) = document.paragraphs.iter().position(|p| p.paragraph == from) else {
        return Err(ShowError::NoSuchParagraph {
            doc: document.doc.clone(),
            paragraph: from,
            count,
        });
    };
    document.paragraphs.drain(..at);
    document.marked = Some(from);
    Ok(())
}

/// Every paragraph the index holds for the document at `path`, in order;
/// `None` when it holds none.
pub(crate) fn indexed_document(
    index: &XunwenIndex,
    path: &str,
) -> Result<Option<ShownDocument>, IndexError> {
    let fields = index.fields();
    let searcher = index.searcher()?;
    let corrupt = |e: tantivy::TantivyError| IndexError::Corrupt {
        path: index.dir().to_path_buf(),
        detail: e.to_string(),
    };
    let term = Term::from_field_text(fields.path, path);
    let query = TermQuery::new(term, IndexRecordOption::Basic);
    let addresses = searcher.search(&query, &DocSetCollector).map_err(corrupt)?;
    let mut stored: Vec<TantivyDocument> = Vec::with_capacity(addresses.len());
    for addr in addresses {
        stored.push(searcher.doc(addr).map_err(corrupt)?);
    }
    let Some(first) = stored.first() else {
        return Ok(None);
    };
    let mut document = ShownDocument {
        doc: path.to_string(),
        title: text_field(first, fields.title).to_string(),
        date: day_field(first, fields.date),
        paragraphs: Vec::with_capacity(stored.len()),
        marked: None,
        notes: Vec::new(),
    };
    for doc in &stored {
        document.paragraphs.push(ShownParagraph {
            paragraph: u64_field(doc, fields.paragraph),
            text: text_field(doc, fields.text).to_string(),
            highlights: Vec::new(),
        });
    }
    document.paragraphs.sort_by_key(|p| p.paragraph);
    Ok(Some(document))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(numbers: &[u64]) -> ShownDocument {
        ShownDocument {
            doc: "a/b.txt".into(),
            title: "标题".into(),
            date: None,
            paragraphs: numbers
                .iter()
                .map(|&paragraph| ShownParagraph {
                    paragraph,
                    text: format!("第{paragraph}段"),
                    highlights: Vec::new(),
                })
                .collect(),
            marked: None,
            notes: Vec::new(),
        }
    }

    #[test]
    fn starting_at_a_paragraph_drops_the_ones_before_and_marks_it() {
        let mut doc = document(&[1, 2, 3, 4]);
        start_at(&mut doc, 3).expect("paragraph 3 exists");
        let numbers: Vec<u64> = doc.paragraphs.iter().map(|p| p.paragraph).collect();
        assert_eq!(numbers, [3, 4]);
        assert_eq!(doc.marked, Some(3));
    }

    #[test]
    fn a_paragraph_past_the_end_names_the_range() {
        for wrong in [0, 5] {
            let err = start_at(&mut document(&[1, 2, 3, 4]), wrong).expect_err("out of range");
            let message = err.to_string();
            assert!(message.contains("1–4"), "{message}");
            assert!(message.contains(&wrong.to_string()), "{message}");
        }
    }

    #[test]
    fn highlight_queries_are_checked_like_searches() {
        let analyzer = Analyzer::new();
        assert!(highlight_plan("党史 学习", &analyzer).is_ok());
        assert!(matches!(
            highlight_plan("-党史", &analyzer),
            Err(SearchError::Syntax(_))
        ));
        assert!(matches!(
            highlight_plan("，。", &analyzer),
            Err(SearchError::NothingToSearch { .. })
        ));
    }
}
