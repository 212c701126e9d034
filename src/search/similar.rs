//! "Where else was this published?": the documents that share the most of
//! a text, measured exactly.
//!
//! Two steps, as a search engine's more-like-this is built. First the
//! index proposes candidates: the text's rarest character bigrams (a few
//! from each stretch of it, so a long text is not represented by one corner)
//! are searched in the `chars` field, and the documents whose paragraphs
//! score best are kept. Then each candidate's whole text is compared with
//! the given text on character shingles (runs of [`SHINGLE`] letters and
//! digits, after normalization and with punctuation and spaces dropped, so a
//! reprint with other punctuation or widths is still a copy): the *share* is
//! the part of the text's shingles the document holds, the *resemblance*
//! the shingles both hold over all either holds.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use serde::Serialize;
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use super::stored::{day_field, text_field, u64_field};
use super::{Filter, SearchError};
use crate::analysis::{folding_chars, is_indexable, literal};
use crate::index::{doc_key, Fields, IndexError, XunwenIndex};
use crate::ingest::Day;

/// Characters per shingle. Five Chinese characters are rarely repeated by
/// chance between unrelated texts (stock phrases aside), and a changed
/// character breaks only five shingles.
pub const SHINGLE: usize = 5;
/// Share of the text a document must hold to be listed: below it, what is
/// shared is stock phrasing (深入学习贯彻…), not a copy.
pub const MIN_SHARE: f64 = 0.1;
/// Share and resemblance from which a document is the same text (a copy with
/// other punctuation, a header or a signature more or less).
const NEAR_IDENTICAL_SHARE: f64 = 0.9;
const NEAR_IDENTICAL_RESEMBLANCE: f64 = 0.8;
/// The text is cut into at most this many stretches of equal length (of
/// at least [`MIN_STRETCH`] bigrams), and each gives its rarest bigrams: a
/// copy that differs in one part still shares the rare bigrams of the
/// others, and a long text is not represented by one corner of it.
const STRETCHES: usize = 40;
const MIN_STRETCH: usize = 50;
/// Rarest bigrams taken from each stretch.
const GRAMS_PER_STRETCH: usize = 3;
/// Paragraphs the candidate query collects, and documents compared exactly.
const CANDIDATE_PARAGRAPHS: usize = 400;
const CANDIDATE_DOCUMENTS: usize = 40;
/// Past the first [`SURE_CANDIDATES`], a document is compared only while
/// its candidate score is at least [`CANDIDATE_FLOOR`] of the best one's: a
/// copy holds nearly all the rare bigrams the best candidate holds, so it
/// scores near it, and reading a long document that scores far below costs
/// more than it can find.
const SURE_CANDIDATES: usize = 20;
const CANDIDATE_FLOOR: f32 = 0.3;

/// What `similar` is asked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SimilarRequest {
    /// The text to look for (any length).
    pub text: String,
    /// The indexed document the text came from, left out of the answer.
    pub source: Option<String>,
    /// What to narrow the candidates to.
    pub filter: Filter,
    /// How many documents to list.
    pub limit: usize,
}

/// One document that shares part of the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimilarDocument {
    /// 1-based rank.
    pub rank: usize,
    /// Corpus-relative path.
    pub doc: String,
    /// Its title.
    pub title: String,
    /// Its date, if known.
    pub date: Option<Day>,
    /// Part of the text's shingles the document holds (0–1).
    pub share: f64,
    /// Shingles both hold over the shingles either holds (0–1): near 1 when
    /// the document is the text and nothing more.
    pub resemblance: f64,
    /// The document is the same text (share ≥ 0.9 and resemblance ≥ 0.8).
    pub near_identical: bool,
}

/// The answer of `similar`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimilarResults {
    /// Documents, near-identical copies first, then by share.
    pub documents: Vec<SimilarDocument>,
    /// Distinct shingles of the text.
    pub shingles: usize,
    /// Documents compared exactly.
    pub candidates: usize,
    /// Time spent.
    #[serde(skip)]
    pub elapsed: Duration,
}

/// The whole text of an indexed document (title, then its paragraphs), or
/// `None` when the index holds no document at `path`.
pub fn document_text(index: &XunwenIndex, path: &str) -> Result<Option<String>, IndexError> {
    let Some(doc) = super::read_back::indexed_document(index, path)? else {
        return Ok(None);
    };
    let mut text = doc.title;
    for p in doc.paragraphs {
        text.push('\n');
        text.push_str(&p.text);
    }
    Ok(Some(text))
}

/// Lists the documents that share the most of `request.text`.
pub fn similar(
    index: &XunwenIndex,
    request: &SimilarRequest,
) -> Result<SimilarResults, SearchError> {
    let started = Instant::now();
    let searcher = index.searcher()?;
    let fields = index.fields();
    let corrupt = |e: tantivy::TantivyError| {
        SearchError::Index(IndexError::Corrupt {
            path: index.dir().to_path_buf(),
            detail: e.to_string(),
        })
    };
    let shingles = shingles(&request.text);
    let mut results = SimilarResults {
        documents: Vec::new(),
        shingles: shingles.len(),
        candidates: 0,
        elapsed: Duration::ZERO,
    };
    let grams = rarest_grams(&searcher, fields, &request.text).map_err(corrupt)?;
    if shingles.is_empty() || grams.is_empty() {
        results.elapsed = started.elapsed();
        return Ok(results);
    }
    let skip = request.source.as_deref().map(doc_key);
    let keys = candidates(&searcher, fields, &grams, &request.filter, skip).map_err(corrupt)?;
    results.candidates = keys.len();
    for key in keys {
        let Some(doc) = compare(&searcher, fields, key, &shingles).map_err(corrupt)? else {
            continue;
        };
        if doc.share >= MIN_SHARE {
            results.documents.push(doc);
        }
    }
    results.documents.sort_by(|a, b| {
        b.near_identical
            .cmp(&a.near_identical)
            .then(b.share.total_cmp(&a.share))
            .then(b.resemblance.total_cmp(&a.resemblance))
            .then(a.doc.cmp(&b.doc))
    });
    results.documents.truncate(request.limit);
    for (i, doc) in results.documents.iter_mut().enumerate() {
        doc.rank = i + 1;
    }
    results.elapsed = started.elapsed();
    Ok(results)
}

/// The text's letters and digits, normalized as the index reads them.
fn folded(text: &str) -> Vec<char> {
    folding_chars(text).collect()
}

/// The distinct shingles of `text`, hashed; a text shorter than a shingle
/// is one shingle.
pub fn shingles(text: &str) -> HashSet<u64> {
    let chars = folded(text);
    if chars.is_empty() {
        return HashSet::new();
    }
    if chars.len() < SHINGLE {
        return HashSet::from([hash(&chars)]);
    }
    chars.windows(SHINGLE).map(hash).collect()
}

/// How many of `text`'s shingles `whole` holds, and how many distinct
/// shingles `whole` has. Only the shared ones are kept in a set: a long
/// candidate (a work report of 30,000 characters) is read once, without a
/// set of its own, unless it holds nearly all of the text, when its
/// distinct shingles are counted exactly for the resemblance.
fn overlap(text: &HashSet<u64>, whole: &str) -> (usize, usize) {
    let chars = folded(whole);
    let hashes = || -> Box<dyn Iterator<Item = u64> + '_> {
        if chars.len() < SHINGLE {
            Box::new((!chars.is_empty()).then(|| hash(&chars)).into_iter())
        } else {
            Box::new(chars.windows(SHINGLE).map(hash))
        }
    };
    let shared: HashSet<u64> = hashes().filter(|h| text.contains(h)).collect();
    let windows = chars.len().saturating_sub(SHINGLE - 1).max(1);
    let distinct = if shared.len() as f64 >= NEAR_IDENTICAL_SHARE * text.len() as f64 {
        hashes().collect::<HashSet<u64>>().len()
    } else {
        windows
    };
    (shared.len(), distinct)
}

/// FNV-1a over the characters: stable, fast, and collisions among a few
/// thousand shingles are negligible.
fn hash(chars: &[char]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in chars {
        for b in (c as u32).to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The rarest bigrams the index holds, a few from each stretch of the text.
fn rarest_grams(searcher: &Searcher, fields: Fields, text: &str) -> tantivy::Result<Vec<Term>> {
    let normalized = literal(text);
    let mut grams: Vec<String> = Vec::new();
    for run in normalized.split(|c: char| !is_indexable(c)) {
        let chars: Vec<char> = run.chars().collect();
        grams.extend(chars.windows(2).map(|pair| pair.iter().collect::<String>()));
    }
    let stretch = grams.len().div_ceil(STRETCHES).max(MIN_STRETCH);
    let mut frequency: HashMap<&str, u64> = HashMap::new();
    let mut chosen: Vec<Term> = Vec::new();
    let mut taken: HashSet<&str> = HashSet::new();
    for part in grams.chunks(stretch) {
        let mut ranked: Vec<(u64, &str)> = Vec::new();
        for gram in part {
            let df = match frequency.get(gram.as_str()) {
                Some(&df) => df,
                None => {
                    let df = searcher.doc_freq(&Term::from_field_text(fields.chars, gram))?;
                    frequency.insert(gram, df);
                    df
                }
            };
            if df > 0 && !taken.contains(gram.as_str()) {
                ranked.push((df, gram));
            }
        }
        ranked.sort_unstable();
        ranked.dedup();
        for (_, gram) in ranked.into_iter().take(GRAMS_PER_STRETCH) {
            if taken.insert(gram) {
                chosen.push(Term::from_field_text(fields.chars, gram));
            }
        }
    }
    Ok(chosen)
}

/// The documents whose paragraphs hold the most of the rare bigrams (scored
/// by BM25, summed per document), best first; `skip` is left out.
fn candidates(
    searcher: &Searcher,
    fields: Fields,
    grams: &[Term],
    filter: &Filter,
    skip: Option<u64>,
) -> tantivy::Result<Vec<u64>> {
    let any: Vec<(Occur, Box<dyn Query>)> = grams
        .iter()
        .map(|t| {
            let q: Box<dyn Query> =
                Box::new(TermQuery::new(t.clone(), IndexRecordOption::WithFreqs));
            (Occur::Should, q)
        })
        .collect();
    let query = filter.apply(Box::new(BooleanQuery::new(any)), &fields);
    let top = searcher.search(
        &*query,
        &TopDocs::with_limit(CANDIDATE_PARAGRAPHS).order_by_score(),
    )?;
    let mut per_document: HashMap<u64, f32> = HashMap::new();
    for (score, addr) in top {
        let key = key_of(searcher, addr)?;
        if Some(key) != skip {
            *per_document.entry(key).or_default() += score;
        }
    }
    let mut ranked: Vec<(f32, u64)> = per_document.into_iter().map(|(k, s)| (s, k)).collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let best = ranked.first().map_or(0.0, |r| r.0);
    Ok(ranked
        .into_iter()
        .take(CANDIDATE_DOCUMENTS)
        .enumerate()
        .take_while(|&(i, (score, _))| i < SURE_CANDIDATES || score >= CANDIDATE_FLOOR * best)
        .map(|(_, (_, k))| k)
        .collect())
}

/// The document key of the paragraph at `addr`, from its fast field.
fn key_of(searcher: &Searcher, addr: DocAddress) -> tantivy::Result<u64> {
    let column = Fields::doc_key_column(searcher.segment_reader(addr.segment_ord))?;
    Ok(column.first(addr.doc_id).unwrap_or_default())
}

/// The document with `key` measured against the text's shingles.
fn compare(
    searcher: &Searcher,
    fields: Fields,
    key: u64,
    text: &HashSet<u64>,
) -> tantivy::Result<Option<SimilarDocument>> {
    let term = Term::from_field_u64(fields.doc_key, key);
    let addresses = searcher.search(
        &TermQuery::new(term, IndexRecordOption::Basic),
        &DocSetCollector,
    )?;
    let mut paragraphs: Vec<TantivyDocument> = Vec::with_capacity(addresses.len());
    for addr in addresses {
        paragraphs.push(searcher.doc(addr)?);
    }
    paragraphs.sort_by_key(|d| u64_field(d, fields.paragraph));
    let Some(first) = paragraphs.first() else {
        return Ok(None);
    };
    let mut whole = text_field(first, fields.title).to_string();
    for p in &paragraphs {
        whole.push('\n');
        whole.push_str(text_field(p, fields.text));
    }
    let (shared, theirs) = overlap(text, &whole);
    let share = shared as f64 / text.len().max(1) as f64;
    let union = text.len() + theirs - shared;
    let resemblance = shared as f64 / union.max(1) as f64;
    Ok(Some(SimilarDocument {
        rank: 0,
        doc: text_field(first, fields.path).to_string(),
        title: text_field(first, fields.title).to_string(),
        date: day_field(first, fields.date),
        share,
        resemblance,
        near_identical: share >= NEAR_IDENTICAL_SHARE && resemblance >= NEAR_IDENTICAL_RESEMBLANCE,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_ignore_punctuation_width_and_spaces() {
        let a = shingles("鹤山市教育局，召开党史学习教育动员会。");
        let b = shingles("鹤山市教育局 召开党史学习教育动员会");
        assert_eq!(a, b);
        assert_eq!(
            a.len(),
            "鹤山市教育局召开党史学习教育动员会".chars().count() - SHINGLE + 1
        );
    }

    #[test]
    fn a_short_text_is_one_shingle_and_punctuation_none() {
        assert_eq!(shingles("党史").len(), 1);
        assert!(shingles("，。！").is_empty());
    }

    #[test]
    fn one_changed_character_breaks_at_most_a_shingle_width() {
        let a = shingles("一二三四五六七八九十甲乙丙丁戊己庚辛壬癸");
        let b = shingles("一二三四五六七八九X甲乙丙丁戊己庚辛壬癸");
        let lost = a.difference(&b).count();
        assert!(lost <= SHINGLE, "{lost}");
        assert!(lost > 0);
    }
}
