//! Stored paragraphs, read from tantivy's document store at most once per
//! search: document evidence reads a candidate's path and title, and the page
//! then needs the same paragraph whole. Each read decompresses a store block,
//! so the second read is the one to avoid.

use std::collections::HashMap;

use tantivy::schema::{Field, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument};

use crate::ingest::Day;

/// A per-search cache of stored paragraphs.
pub struct StoredParagraphs<'a> {
    searcher: &'a Searcher,
    read: HashMap<DocAddress, TantivyDocument>,
}

impl<'a> StoredParagraphs<'a> {
    /// An empty cache over `searcher`'s document store.
    pub fn new(searcher: &'a Searcher) -> Self {
        StoredParagraphs {
            searcher,
            read: HashMap::new(),
        }
    }

    /// The paragraph at `addr`, read now or earlier, kept for later.
    pub fn get(&mut self, addr: DocAddress) -> tantivy::Result<&TantivyDocument> {
        if !self.read.contains_key(&addr) {
            let doc = self.searcher.doc(addr)?;
            self.read.insert(addr, doc);
        }
        Ok(&self.read[&addr])
    }

    /// The paragraph at `addr` for its last use: taken from the cache if an
    /// earlier step read it, else read without being kept (a `--all` listing
    /// reads each paragraph once and must not hold them all).
    pub fn take(&mut self, addr: DocAddress) -> tantivy::Result<TantivyDocument> {
        match self.read.remove(&addr) {
            Some(doc) => Ok(doc),
            None => self.searcher.doc(addr),
        }
    }
}

/// The text of a stored string field (empty when absent).
pub fn text_field(doc: &TantivyDocument, field: Field) -> &str {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
}

/// The day of a stored date field, written by the index as `YYYY-MM-DD`
/// (None when absent).
pub fn day_field(doc: &TantivyDocument, field: Field) -> Option<Day> {
    text_field(doc, field).parse().ok()
}

/// The value of a stored u64 field (0 when absent).
pub fn u64_field(doc: &TantivyDocument, field: Field) -> u64 {
    doc.get_first(field)
        .and_then(|v| v.as_u64())
        .unwrap_or_default()
}
