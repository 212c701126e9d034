//! The tantivy schema: one tantivy document per paragraph.

use tantivy::columnar::{Column, StrColumn};
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, Schema, TextFieldIndexing,
    TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{DateTime, IndexSettings, SegmentReader};

/// Bytes of documents compressed together in the document store. Larger
/// blocks compress Chinese text better; fetching a hit decompresses one block
/// (tens of microseconds for 64 KiB).
const DOCSTORE_BLOCK_BYTES: usize = 64 << 10;

use crate::analysis::{CHARS_TOKENIZER, WORDS_TOKENIZER};

/// Handles to the fields of a xunwen index.
///
/// The paragraph is the unit of search. A document is a block of consecutive
/// paragraphs; short document-level values (path, date, key, place, the title
/// as stored text) are repeated on each, so a hit carries its source and
/// filters need no join. The title's tokens are indexed once, on the block's
/// first paragraph, and [`crate::search::join`] brings them to the others.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Corpus-relative path; a raw term, so a refresh can delete a file's
    /// paragraphs, and a fast field, so a folded duplicate's path is read
    /// without its stored paragraph.
    pub path: Field,
    /// Document title, stored for display on every paragraph; not indexed.
    pub title: Field,
    /// Document title as jieba words, on the first paragraph only.
    pub title_words: Field,
    /// Document title as character n-grams (literal recall on titles), on
    /// the first paragraph only.
    pub title_chars: Field,
    /// ISO date of the document, if one was found; stored for display only
    /// (filters use `day`).
    pub date: Field,
    /// The same date as a tantivy date (day precision), indexed and a fast
    /// field: date filters are range queries and trends read the column.
    pub day: Field,
    /// A stable 64-bit key of the document (from its path), a fast field:
    /// grouping paragraphs by document (`-l`, `-c`, title-only hits,
    /// trends) reads a column instead of stored text; indexed too, so
    /// partial ranking can look within a set of documents.
    pub doc_key: Field,
    /// The path as a facet (`/folder/sub/file.txt`): a facet term matches
    /// its descendants, so `--in folder` is one term query.
    pub place: Field,
    /// 1-based paragraph number within the cleaned document; paragraph 1
    /// starts the document's block and carries its title's tokens. A fast
    /// field too: a paragraph's document starts `number - 1` tantivy
    /// documents before it, which is how document scoring walks postings
    /// (`search::document_bm25`).
    pub paragraph: Field,
    /// Length of the whole document (title and paragraphs) in character
    /// bigrams, the same on each of its paragraphs; a fast field: BM25 over
    /// documents normalizes by the exact length, which tantivy's one-byte
    /// per-paragraph field norms cannot give.
    pub doc_len: Field,
    /// The paragraph as shown to the user; stored only.
    pub text: Field,
    /// A hash of the paragraph's folding key (`analysis::folding_key`), a
    /// fast field: a page tells duplicates apart without reading them.
    pub text_key: Field,
    /// The paragraph as jieba words (default cut), positioned by character.
    pub words: Field,
    /// The paragraph as character bigrams (a unigram where a run of letters
    /// ends), positioned by character.
    pub chars: Field,
}

fn indexed_with(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

// The names of the fields read as fast columns: tantivy opens a column by
// name, so the names stay here and the columns are opened below.
const PATH: &str = "path";
const DAY: &str = "day";
const DOC_KEY: &str = "doc_key";
const TEXT_KEY: &str = "text_key";
const PARAGRAPH: &str = "paragraph";
const DOC_LEN: &str = "doc_len";

impl Fields {
    /// Builds the schema xunwen writes.
    pub fn schema() -> Schema {
        let mut builder = Schema::builder();
        builder.add_text_field(PATH, STRING | STORED | FAST);
        builder.add_text_field("title", TextOptions::default().set_stored());
        builder.add_text_field("title_words", indexed_with(WORDS_TOKENIZER));
        builder.add_text_field("title_chars", indexed_with(CHARS_TOKENIZER));
        builder.add_text_field("date", TextOptions::default().set_stored());
        builder.add_date_field(
            DAY,
            DateOptions::from(INDEXED | FAST).set_precision(DateTimePrecision::Seconds),
        );
        builder.add_u64_field(DOC_KEY, INDEXED | FAST);
        builder.add_facet_field("place", INDEXED);
        builder.add_u64_field(PARAGRAPH, INDEXED | STORED | FAST);
        builder.add_u64_field(DOC_LEN, FAST);
        builder.add_text_field("text", TextOptions::default().set_stored());
        builder.add_u64_field(TEXT_KEY, FAST);
        builder.add_text_field("words", indexed_with(WORDS_TOKENIZER));
        builder.add_text_field("chars", indexed_with(CHARS_TOKENIZER));
        builder.build()
    }

    /// The settings a new index is created with: the document store (paragraph
    /// text, titles, paths) compressed with zstd rather than lz4, which makes
    /// it about a third smaller on Chinese text.
    pub fn index_settings() -> IndexSettings {
        IndexSettings {
            docstore_compression: Compressor::Zstd(ZstdCompressor::default()),
            docstore_blocksize: DOCSTORE_BLOCK_BYTES,
            ..IndexSettings::default()
        }
    }

    /// Looks the fields up in `schema`; `None` when it is not xunwen's schema.
    pub fn from_schema(schema: &Schema) -> Option<Fields> {
        let f = |name: &str| schema.get_field(name).ok();
        Some(Fields {
            path: f(PATH)?,
            title: f("title")?,
            title_words: f("title_words")?,
            title_chars: f("title_chars")?,
            date: f("date")?,
            day: f(DAY)?,
            doc_key: f(DOC_KEY)?,
            place: f("place")?,
            paragraph: f(PARAGRAPH)?,
            doc_len: f(DOC_LEN)?,
            text: f("text")?,
            text_key: f(TEXT_KEY)?,
            words: f("words")?,
            chars: f("chars")?,
        })
    }
}

/// A segment's fast columns, opened here so that search reads them by field
/// rather than spelling the schema's names.
impl Fields {
    /// The `path` column of a segment.
    pub fn path_column(reader: &SegmentReader) -> tantivy::Result<StrColumn> {
        reader.fast_fields().str(PATH)?.ok_or_else(|| {
            tantivy::TantivyError::SchemaError("the path is not a fast field".into())
        })
    }

    /// The `day` column of a segment.
    pub fn day_column(reader: &SegmentReader) -> tantivy::Result<Column<DateTime>> {
        reader.fast_fields().date(DAY)
    }

    /// The `doc_key` column of a segment.
    pub fn doc_key_column(reader: &SegmentReader) -> tantivy::Result<Column<u64>> {
        reader.fast_fields().u64(DOC_KEY)
    }

    /// The `text_key` column of a segment.
    pub fn text_key_column(reader: &SegmentReader) -> tantivy::Result<Column<u64>> {
        reader.fast_fields().u64(TEXT_KEY)
    }

    /// The `paragraph` column of a segment.
    pub fn paragraph_column(reader: &SegmentReader) -> tantivy::Result<Column<u64>> {
        reader.fast_fields().u64(PARAGRAPH)
    }

    /// The `doc_len` column of a segment.
    pub fn doc_len_column(reader: &SegmentReader) -> tantivy::Result<Column<u64>> {
        reader.fast_fields().u64(DOC_LEN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_round_trips_through_field_lookup() {
        let schema = Fields::schema();
        assert!(Fields::from_schema(&schema).is_some());
        let other = Schema::builder().build();
        assert!(Fields::from_schema(&other).is_none());
    }
}
