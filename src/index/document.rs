//! What the indexer hands tantivy for one paragraph, without copies.
//!
//! A paragraph's text feeds three fields (`text` stored, `words` and `chars`
//! indexed) and its document's title one (`title`, stored) or, on the first
//! paragraph, three (`title_words` and `title_chars` indexed too). tantivy's
//! own `TantivyDocument` owns a copy of the value for each field, so a file
//! of 40 paragraphs meant 120 copies of paragraph text and 80 of its title
//! waiting in the indexing queue. [`ParagraphDoc`] holds each value once and
//! the file-level values once per file, and lists a value under every
//! field that indexes it; tantivy indexes and stores documents through its
//! `Document` trait, so nothing is copied on the way.

use std::sync::Arc;

use tantivy::schema::document::Document as TantivyDocumentTrait;
use tantivy::schema::{Facet, Field, OwnedValue};

use super::schema::Fields;
use crate::analysis::bigram_count;
use crate::ingest::{Day, Document, Paragraph};

/// The values shared by the paragraphs of one file.
#[derive(Debug)]
pub struct FileValues {
    fields: Fields,
    path: OwnedValue,
    title: OwnedValue,
    date: Option<OwnedValue>,
    day: Option<OwnedValue>,
    doc_key: OwnedValue,
    place: OwnedValue,
    doc_len: OwnedValue,
}

impl FileValues {
    /// The file-level values of `document`.
    pub fn new(fields: Fields, document: &Document) -> Arc<FileValues> {
        Arc::new(FileValues {
            fields,
            path: OwnedValue::Str(document.path.clone()),
            title: OwnedValue::Str(document.title.clone()),
            date: document.date.map(|day| OwnedValue::Str(day.iso())),
            day: document.date.map(|day| OwnedValue::Date(day_value(day))),
            doc_key: OwnedValue::U64(doc_key(&document.path)),
            place: OwnedValue::Facet(place_of(&document.path)),
            doc_len: OwnedValue::U64(document_length(document)),
        })
    }
}

/// The document's length in character bigrams, title included, as BM25
/// over whole documents counts it.
fn document_length(document: &Document) -> u64 {
    bigram_count(&document.title)
        + document
            .paragraphs
            .iter()
            .map(|p| bigram_count(&p.text))
            .sum::<u64>()
}

/// The stable key of the document at corpus-relative `path`, as stored in
/// the `doc_key` fast field.
pub fn doc_key(path: &str) -> u64 {
    key_of(path.as_bytes())
}

/// The key duplicates are folded by: a hash of the paragraph's folding key,
/// as stored in the `text_key` fast field.
///
/// Hashed as the characters come, through a small buffer: building the key
/// as a string first (two allocations per paragraph) was 2.5 % of a build.
pub fn text_key(text: &str) -> u64 {
    let mut hasher = blake3::Hasher::new();
    let mut buffer = [0u8; 256];
    let mut len = 0;
    for c in crate::analysis::folding_chars(text) {
        if len + 4 > buffer.len() {
            hasher.update(&buffer[..len]);
            len = 0;
        }
        len += c.encode_utf8(&mut buffer[len..]).len();
    }
    hasher.update(&buffer[..len]);
    first_64_bits(&hasher.finalize())
}

/// The first 64 bits of the BLAKE3 hash of `bytes`: stable across runs and
/// machines, as keys written into an index must be.
fn key_of(bytes: &[u8]) -> u64 {
    first_64_bits(&blake3::hash(bytes))
}

fn first_64_bits(hash: &blake3::Hash) -> u64 {
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_le_bytes(first)
}

/// The facet of a corpus-relative path: one facet segment per component.
pub fn place_of(path: &str) -> Facet {
    Facet::from_path(path.split('/').filter(|c| !c.is_empty()))
}

/// A day as the index's `day` fast field holds it: a tantivy date at
/// midnight UTC.
pub fn day_value(day: Day) -> tantivy::DateTime {
    tantivy::DateTime::from_utc(day.date().midnight().assume_utc())
}

/// One paragraph as a tantivy document.
#[derive(Debug)]
pub struct ParagraphDoc {
    file: Arc<FileValues>,
    number: OwnedValue,
    text: OwnedValue,
    text_key: OwnedValue,
}

impl ParagraphDoc {
    /// The tantivy document of `paragraph`, one of `file`'s; takes over its
    /// text.
    pub fn new(file: &Arc<FileValues>, paragraph: Paragraph) -> ParagraphDoc {
        ParagraphDoc {
            file: Arc::clone(file),
            number: OwnedValue::U64(u64::from(paragraph.number)),
            text_key: OwnedValue::U64(text_key(&paragraph.text)),
            text: OwnedValue::Str(paragraph.text),
        }
    }
}

impl ParagraphDoc {
    /// Whether this is its document's first paragraph, which carries the
    /// title's tokens.
    fn is_first(&self) -> bool {
        self.number == OwnedValue::U64(1)
    }
}

/// Fields and values of a [`ParagraphDoc`], in schema order.
pub type ParagraphValues<'a> =
    std::iter::Flatten<std::array::IntoIter<Option<(Field, &'a OwnedValue)>, 14>>;

impl TantivyDocumentTrait for ParagraphDoc {
    type Value<'a> = &'a OwnedValue;
    type FieldsValuesIter<'a> = ParagraphValues<'a>;

    fn iter_fields_and_values(&self) -> ParagraphValues<'_> {
        let file = &*self.file;
        let f = &file.fields;
        let first = self.is_first();
        [
            Some((f.path, &file.path)),
            Some((f.title, &file.title)),
            first.then_some((f.title_words, &file.title)),
            first.then_some((f.title_chars, &file.title)),
            file.date.as_ref().map(|date| (f.date, date)),
            file.day.as_ref().map(|day| (f.day, day)),
            Some((f.doc_key, &file.doc_key)),
            Some((f.place, &file.place)),
            Some((f.paragraph, &self.number)),
            Some((f.doc_len, &file.doc_len)),
            Some((f.text, &self.text)),
            Some((f.text_key, &self.text_key)),
            Some((f.words, &self.text)),
            Some((f.chars, &self.text)),
        ]
        .into_iter()
        .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_midnight_utc() {
        let day = day_value(Day::from_ymd(2024, 2, 29).expect("leap day"));
        assert_eq!(day.into_timestamp_secs() % 86_400, 0);
    }

    #[test]
    fn text_keys_hash_the_folding_characters() {
        let folded: String =
            crate::analysis::folding_chars("鹤山市　开展“党史”学习，ＡＢ。").collect();
        assert_eq!(
            text_key("鹤山市　开展“党史”学习，ＡＢ。"),
            key_of(folded.as_bytes())
        );
        assert_eq!(text_key("鹤山市开展黨史学习ab"), key_of(folded.as_bytes()));
        // Longer than the buffer: the hash is over the whole text.
        let long = "汛期值守".repeat(200);
        let long_folded: String = crate::analysis::folding_chars(&long).collect();
        assert_eq!(text_key(&long), key_of(long_folded.as_bytes()));
        assert_ne!(text_key("党史学习"), text_key("党史教育"));
    }

    #[test]
    fn places_are_facets_of_the_path() {
        assert_eq!(
            place_of("cctv_xwlb/2024/a.txt").to_string(),
            "/cctv_xwlb/2024/a.txt"
        );
        assert_ne!(doc_key("a.txt"), doc_key("b.txt"));
    }
}
