//! What the indexer hands tantivy for one paragraph, without copies.
//!
//! A paragraph's text feeds three fields (`text` stored, `words` and `chars`
//! indexed) and its document's title two (`title`, `title_chars`). tantivy's
//! own `TantivyDocument` owns a copy of the value for each field, so a file
//! of 40 paragraphs meant 120 copies of paragraph text and 80 of its title
//! waiting in the indexing queue. [`ParagraphDoc`] holds each value once and
//! the file-level values once per file, and lists a value under every
//! field that indexes it; tantivy indexes and stores documents through its
//! `Document` trait, so nothing is copied on the way.

use std::sync::Arc;

use tantivy::schema::document::Document as TantivyDocumentTrait;
use tantivy::schema::{Field, OwnedValue};

use super::schema::Fields;
use crate::ingest::{Document, Paragraph};

/// The values shared by the paragraphs of one file.
#[derive(Debug)]
pub struct FileValues {
    fields: Fields,
    path: OwnedValue,
    title: OwnedValue,
    date: Option<OwnedValue>,
}

impl FileValues {
    /// The file-level values of `document`.
    pub fn new(fields: Fields, document: &Document) -> Arc<FileValues> {
        Arc::new(FileValues {
            fields,
            path: OwnedValue::Str(document.path.clone()),
            title: OwnedValue::Str(document.title.clone()),
            date: document.date.clone().map(OwnedValue::Str),
        })
    }
}

/// One paragraph as a tantivy document.
#[derive(Debug)]
pub struct ParagraphDoc {
    file: Arc<FileValues>,
    number: OwnedValue,
    text: OwnedValue,
}

impl ParagraphDoc {
    /// The tantivy document of `paragraph`, one of `file`'s; takes over its
    /// text.
    pub fn new(file: &Arc<FileValues>, paragraph: Paragraph) -> ParagraphDoc {
        ParagraphDoc {
            file: Arc::clone(file),
            number: OwnedValue::U64(u64::from(paragraph.number)),
            text: OwnedValue::Str(paragraph.text),
        }
    }
}

/// Fields and values of a [`ParagraphDoc`], in schema order.
pub type ParagraphValues<'a> =
    std::iter::Flatten<std::array::IntoIter<Option<(Field, &'a OwnedValue)>, 8>>;

impl TantivyDocumentTrait for ParagraphDoc {
    type Value<'a> = &'a OwnedValue;
    type FieldsValuesIter<'a> = ParagraphValues<'a>;

    fn iter_fields_and_values(&self) -> ParagraphValues<'_> {
        let file = &*self.file;
        let f = &file.fields;
        [
            Some((f.path, &file.path)),
            Some((f.title, &file.title)),
            Some((f.title_chars, &file.title)),
            file.date.as_ref().map(|date| (f.date, date)),
            Some((f.paragraph, &self.number)),
            Some((f.text, &self.text)),
            Some((f.words, &self.text)),
            Some((f.chars, &self.text)),
        ]
        .into_iter()
        .flatten()
    }
}
