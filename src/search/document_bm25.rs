//! BM25 over whole documents, computed from the paragraph index.
//!
//! Documents are the unit of evidence: a question spreads its words over a
//! document's title and several paragraphs, and no single paragraph has to
//! hold most of them. xunwen's index holds paragraphs, and a document is a
//! block of consecutive paragraphs ([`super::join`]). Everything BM25 needs
//! about documents follows from that:
//!
//! - a term's frequency in a document is the sum of its frequencies in the
//!   document's paragraphs and title;
//! - its document frequency is the number of blocks it occurs in;
//! - a document's length is the `doc_len` fast field, exact (tantivy's
//!   field norms are one byte per paragraph).
//!
//! So one walk over a term's postings gives all of it, and the index needs
//! no document-level postings: no extra build time or size, at the price of
//! reading every posting of the query's terms (a few milliseconds for a
//! question). A paragraph's block starts `paragraph - 1` documents before it,
//! read from the `paragraph` fast field.
//!
//! BM25 here is Lucene's (and `bm25s`'s) form: `idf × tf / (tf + k1 × (1 − b
//! + b × len / avg))`, with `idf = ln(1 + (N − df + 0.5) / (df + 0.5))`.
//! tantivy fixes `k1` and `b` in its own scorer; here they are parameters.

use std::collections::HashMap;

use tantivy::collector::DocSetCollector;
use tantivy::columnar::Column;
use tantivy::fastfield::AliveBitSet;
use tantivy::index::SegmentId;
use tantivy::postings::Postings;
use tantivy::query::Query;
use tantivy::schema::IndexRecordOption;
use tantivy::{BitSet, DocAddress, DocId, DocSet, Searcher, SegmentReader, Term, TERMINATED};

use super::evidence::Within;

use crate::index::Fields;

/// BM25's two parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bm25 {
    /// Term-frequency saturation.
    pub k1: f32,
    /// Length normalization: 0 ignores a document's length, 1 divides by it.
    pub b: f32,
}

impl Bm25 {
    /// The textbook values (Lucene's and tantivy's defaults): the baseline.
    pub const CLASSIC: Bm25 = Bm25 { k1: 1.2, b: 0.75 };

    /// Inverse document frequency of a term in `df` of `documents`.
    pub fn idf(documents: u64, df: u64) -> f32 {
        let (n, df) = (documents as f32, df as f32);
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln().max(0.0)
    }

    /// The term-frequency part of a document's score.
    fn saturation(&self, tf: f32, len: f32, average: f32) -> f32 {
        tf / (tf + self.k1 * (1.0 - self.b + self.b * len / average))
    }
}

/// The documents a term occurs in, per segment, by the address of their
/// first paragraph, with its frequency in each; sorted.
#[derive(Debug, Clone, Default)]
pub struct Occurrences {
    per_segment: Vec<Vec<(DocId, u32)>>,
}

impl Occurrences {
    /// Occurrences given segment by segment, each sorted (for tests of what
    /// reads them).
    #[cfg(test)]
    pub(crate) fn from_segments(per_segment: Vec<Vec<(DocId, u32)>>) -> Occurrences {
        Occurrences { per_segment }
    }

    /// In how many documents the term occurs.
    pub fn document_frequency(&self) -> u64 {
        self.per_segment.iter().map(|s| s.len() as u64).sum()
    }

    /// Whether the document starting at `first` holds the term.
    pub fn contains(&self, first: DocAddress) -> bool {
        self.per_segment
            .get(first.segment_ord as usize)
            .is_some_and(|s| s.binary_search_by_key(&first.doc_id, |(d, _)| *d).is_ok())
    }

    /// Every document holding the term, with the term's frequency in it.
    fn iter(&self) -> impl Iterator<Item = (DocAddress, u32)> + '_ {
        self.per_segment.iter().enumerate().flat_map(|(seg, s)| {
            s.iter()
                .map(move |&(doc, tf)| (DocAddress::new(seg as u32, doc), tf))
        })
    }
}

/// What one segment answers about its paragraphs' documents.
struct SegmentDocuments {
    paragraph: Column<u64>,
    doc_len: Column<u64>,
    alive: Option<AliveBitSet>,
}

impl SegmentDocuments {
    fn open(reader: &SegmentReader) -> tantivy::Result<SegmentDocuments> {
        Ok(SegmentDocuments {
            paragraph: Fields::paragraph_column(reader)?,
            doc_len: Fields::doc_len_column(reader)?,
            alive: reader.alive_bitset().cloned(),
        })
    }

    fn is_alive(&self, doc: DocId) -> bool {
        self.alive.as_ref().is_none_or(|a| a.is_alive(doc))
    }

    /// The first paragraph of the document `doc` belongs to.
    fn first_of(&self, doc: DocId) -> DocId {
        let number = self.paragraph.first(doc).unwrap_or(1).max(1);
        doc.saturating_sub((number - 1).min(u64::from(doc)) as DocId)
    }

    /// The paragraphs of the document starting at `first`: up to the next
    /// first paragraph (numbered 1) or the segment's end.
    fn block_of(&self, first: DocId, max_doc: DocId) -> std::ops::Range<DocId> {
        let mut end = first.saturating_add(1);
        while end < max_doc && self.paragraph.first(end).unwrap_or(1) > 1 {
            end += 1;
        }
        first..end.min(max_doc)
    }

    fn len_of(&self, first: DocId) -> f32 {
        self.doc_len.first(first).unwrap_or(0) as f32
    }
}

/// The paragraph index seen as documents: their number, average length, and
/// the occurrences of terms in them.
pub struct DocumentIndex<'a> {
    searcher: &'a Searcher,
    fields: Fields,
    segments: Vec<SegmentDocuments>,
    documents: u64,
    average_len: f32,
}

impl<'a> DocumentIndex<'a> {
    /// Counts the documents (live first paragraphs) and their average length.
    pub fn open(searcher: &'a Searcher, fields: Fields) -> tantivy::Result<DocumentIndex<'a>> {
        let first = Term::from_field_u64(fields.paragraph, 1);
        let (mut documents, mut total_len) = (0u64, 0f64);
        let mut segments = Vec::new();
        for reader in searcher.segment_readers() {
            let segment = SegmentDocuments::open(reader)?;
            let inverted = reader.inverted_index(fields.paragraph)?;
            if let Some(mut firsts) = inverted.read_postings(&first, IndexRecordOption::Basic)? {
                let mut doc = firsts.doc();
                while doc != TERMINATED {
                    if segment.is_alive(doc) {
                        documents += 1;
                        total_len += f64::from(segment.len_of(doc));
                    }
                    doc = firsts.advance();
                }
            }
            segments.push(segment);
        }
        let average_len = (total_len / documents.max(1) as f64).max(1.0) as f32;
        Ok(DocumentIndex {
            searcher,
            fields,
            segments,
            documents,
            average_len,
        })
    }

    /// The first paragraph of the document holding the paragraph at `addr`.
    pub fn first_of(&self, addr: DocAddress) -> DocAddress {
        match self.segments.get(addr.segment_ord as usize) {
            Some(segment) => DocAddress::new(addr.segment_ord, segment.first_of(addr.doc_id)),
            None => addr,
        }
    }

    /// Every paragraph of the documents starting at `firsts`, as a query
    /// that intersects cheaply: read from the documents' blocks, not from
    /// a term per document.
    pub(crate) fn paragraphs_of(&self, firsts: &[DocAddress]) -> Within {
        let readers = self.searcher.segment_readers();
        let mut bits: HashMap<SegmentId, BitSet> = HashMap::new();
        for first in firsts {
            let (Some(reader), Some(segment)) = (
                readers.get(first.segment_ord as usize),
                self.segments.get(first.segment_ord as usize),
            ) else {
                continue;
            };
            let set = bits
                .entry(reader.segment_id())
                .or_insert_with(|| BitSet::with_max_value(reader.max_doc()));
            for doc in segment.block_of(first.doc_id, reader.max_doc()) {
                set.insert(doc);
            }
        }
        Within::from_bits(bits)
    }

    /// How many documents the index holds.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// The searcher the documents are read with.
    pub fn searcher(&self) -> &'a Searcher {
        self.searcher
    }

    /// The handles to the index's fields.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// Where `text` (a term of a paragraph field) and `title` (the same term
    /// in the matching title field) occur, by document.
    pub fn term(&self, text: &Term, title: &Term) -> tantivy::Result<Occurrences> {
        let mut per_segment = Vec::with_capacity(self.segments.len());
        for (reader, segment) in self.searcher.segment_readers().iter().zip(&self.segments) {
            let in_text = self.walk(reader, segment, text)?;
            let in_title = self.walk(reader, segment, title)?;
            per_segment.push(merge(in_text, in_title));
        }
        Ok(Occurrences { per_segment })
    }

    /// Where a query over paragraphs matches, by document: the frequency
    /// in a document is the number of its paragraphs that match (for a
    /// literal phrase, which has no term of its own to walk).
    pub fn query(&self, query: &dyn Query) -> tantivy::Result<Occurrences> {
        let mut per_segment = vec![Vec::new(); self.segments.len()];
        let mut found: Vec<DocAddress> = self
            .searcher
            .search(query, &DocSetCollector)?
            .into_iter()
            .collect();
        found.sort();
        for addr in found {
            let Some(segment) = self.segments.get(addr.segment_ord as usize) else {
                continue;
            };
            let first = segment.first_of(addr.doc_id);
            push(&mut per_segment[addr.segment_ord as usize], first, 1);
        }
        Ok(Occurrences { per_segment })
    }

    /// The term's postings in one segment, summed per document.
    fn walk(
        &self,
        reader: &SegmentReader,
        segment: &SegmentDocuments,
        term: &Term,
    ) -> tantivy::Result<Vec<(DocId, u32)>> {
        let mut found = Vec::new();
        let inverted = reader.inverted_index(term.field())?;
        let Some(mut postings) = inverted.read_postings(term, IndexRecordOption::WithFreqs)? else {
            return Ok(found);
        };
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if segment.is_alive(doc) {
                push(&mut found, segment.first_of(doc), postings.term_freq());
            }
            doc = postings.advance();
        }
        Ok(found)
    }

    /// Every document holding any of `terms`, scored by BM25 with each
    /// term's weight, best first, at most `limit` of those `keep` accepts.
    pub fn rank(
        &self,
        terms: &[(f32, &Occurrences)],
        bm25: Bm25,
        keep: impl Fn(DocAddress) -> bool,
        limit: usize,
    ) -> Vec<(DocAddress, f32)> {
        let mut scores: Vec<Vec<f32>> = self
            .searcher
            .segment_readers()
            .iter()
            .map(|r| vec![0.0; r.max_doc() as usize])
            .collect();
        let mut touched = Vec::new();
        for (weight, occurrences) in terms {
            let idf = Bm25::idf(self.documents, occurrences.document_frequency());
            for (addr, tf) in occurrences.iter() {
                let segment = &self.segments[addr.segment_ord as usize];
                let len = segment.len_of(addr.doc_id);
                let slot = &mut scores[addr.segment_ord as usize][addr.doc_id as usize];
                if *slot == 0.0 {
                    touched.push(addr);
                }
                *slot += weight * idf * bm25.saturation(tf as f32, len, self.average_len);
            }
        }
        let mut ranked: Vec<(DocAddress, f32)> = touched
            .into_iter()
            .map(|a| (a, scores[a.segment_ord as usize][a.doc_id as usize]))
            .filter(|&(a, s)| s > 0.0 && keep(a))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(limit);
        ranked
    }
}

/// Adds `tf` to the document starting at `first`, which is the last one
/// seen or a later one (postings come in document order).
fn push(found: &mut Vec<(DocId, u32)>, first: DocId, tf: u32) {
    match found.last_mut() {
        Some((last, sum)) if *last == first => *sum += tf,
        _ => found.push((first, tf)),
    }
}

/// Two sorted occurrence lists of one segment as one, frequencies summed.
fn merge(a: Vec<(DocId, u32)>, b: Vec<(DocId, u32)>) -> Vec<(DocId, u32)> {
    if b.is_empty() {
        return a;
    }
    if a.is_empty() {
        return b;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let next = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                i += 1;
                j += 1;
                (x.0, x.1 + y.1)
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                i += 1;
                *x
            }
            (Some(x), None) => {
                i += 1;
                *x
            }
            (_, Some(y)) => {
                j += 1;
                *y
            }
            (None, None) => break,
        };
        out.push(next);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idf_falls_with_document_frequency_and_never_goes_negative() {
        assert!(Bm25::idf(100, 1) > Bm25::idf(100, 10));
        assert!(Bm25::idf(100, 100) >= 0.0);
        assert!(Bm25::idf(100, 0) > Bm25::idf(100, 1));
    }

    #[test]
    fn saturation_grows_with_frequency_and_falls_with_length() {
        let bm25 = Bm25::CLASSIC;
        assert!(bm25.saturation(2.0, 100.0, 100.0) > bm25.saturation(1.0, 100.0, 100.0));
        assert!(bm25.saturation(1.0, 50.0, 100.0) > bm25.saturation(1.0, 200.0, 100.0));
        let flat = Bm25 { k1: 1.2, b: 0.0 };
        assert_eq!(
            flat.saturation(1.0, 50.0, 100.0),
            flat.saturation(1.0, 200.0, 100.0)
        );
    }

    #[test]
    fn merged_occurrences_sum_frequencies_in_order() {
        let merged = merge(vec![(0, 1), (5, 2), (9, 1)], vec![(5, 1), (7, 3)]);
        assert_eq!(merged, [(0, 1), (5, 3), (7, 3), (9, 1)]);
        assert_eq!(merge(vec![], vec![(1, 1)]), [(1, 1)]);
    }

    #[test]
    fn pushes_sum_a_documents_paragraphs() {
        let mut found = Vec::new();
        push(&mut found, 0, 1);
        push(&mut found, 0, 2);
        push(&mut found, 4, 1);
        assert_eq!(found, [(0, 3), (4, 1)]);
    }
}
