//! The strongest simple baseline for questions: BM25 over whole documents,
//! any character bigram of the question (k1 = 1.2, b = 0.75, tantivy's).
//!
//! xunwen's index holds paragraphs, so document-level statistics do not
//! exist in it. They are computed for evaluation only: this module reads
//! every stored paragraph once, joins each document's title and paragraphs,
//! and indexes them in a tantivy index in RAM with xunwen's character
//! n-gram tokenizer. On the development corpus that takes about 10 s and
//! a few hundred MB, once per `xunwen eval --baselines` run; nothing is
//! added to the index on disk.

use std::collections::BTreeMap;

use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::{Index, IndexReader, TantivyDocument, Term};

use crate::analysis::{literal_grams, normalize, CharNgramTokenizer};
use crate::index::XunwenIndex;

const TOKENIZER: &str = "xw_doc_chars";

/// Whole documents as character n-grams, in RAM.
pub struct DocumentBaseline {
    reader: IndexReader,
    path: Field,
    text: Field,
}

impl DocumentBaseline {
    /// Builds the document index from every stored paragraph of `index`.
    pub fn build(index: &XunwenIndex) -> tantivy::Result<DocumentBaseline> {
        let mut schema = Schema::builder();
        let path = schema.add_text_field("path", STRING | STORED);
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs);
        let text = schema.add_text_field(
            "text",
            TextOptions::default().set_indexing_options(indexing),
        );
        let ram = Index::create_in_ram(schema.build());
        ram.tokenizers()
            .register(TOKENIZER, CharNgramTokenizer::default());
        let mut writer = ram.writer(200_000_000)?;
        for (doc_path, body) in documents(index)? {
            let mut doc = TantivyDocument::default();
            doc.add_text(path, &doc_path);
            doc.add_text(text, &body);
            writer.add_document(doc)?;
        }
        writer.commit()?;
        Ok(DocumentBaseline {
            reader: ram.reader()?,
            path,
            text,
        })
    }

    /// The documents for `query`, best first, at most `limit`.
    pub fn rank(&self, query: &str, limit: usize) -> tantivy::Result<Vec<String>> {
        let normalized = normalize(query);
        let any: Vec<(Occur, Box<dyn Query>)> = literal_grams(&normalized)
            .into_iter()
            .map(|(_, gram)| {
                let term = Term::from_field_text(self.text, &gram);
                let q: Box<dyn Query> =
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                (Occur::Should, q)
            })
            .collect();
        let searcher = self.reader.searcher();
        let top = searcher.search(
            &BooleanQuery::new(any),
            &TopDocs::with_limit(limit.max(1)).order_by_score(),
        )?;
        let mut paths = Vec::with_capacity(top.len());
        for (_, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            if let Some(p) = doc.get_first(self.path).and_then(|v| v.as_str()) {
                paths.push(p.to_string());
            }
        }
        Ok(paths)
    }
}

/// Each document's title and paragraphs, in paragraph order, one text.
fn documents(index: &XunwenIndex) -> tantivy::Result<BTreeMap<String, String>> {
    let searcher = index
        .searcher()
        .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
    let fields = index.fields();
    let mut paragraphs: BTreeMap<String, (String, Vec<(u64, String)>)> = BTreeMap::new();
    for addr in searcher.search(&tantivy::query::AllQuery, &DocSetCollector)? {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let field = |f| {
            doc.get_first(f)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let number = doc
            .get_first(fields.paragraph)
            .and_then(|v| v.as_u64())
            .unwrap_or(0);
        let entry = paragraphs
            .entry(field(fields.path))
            .or_insert_with(|| (field(fields.title), Vec::new()));
        entry.1.push((number, field(fields.text)));
    }
    Ok(paragraphs
        .into_iter()
        .map(|(path, (title, mut body))| {
            body.sort_by_key(|(n, _)| *n);
            let mut text = title;
            for (_, p) in body {
                text.push('\n');
                text.push_str(&p);
            }
            (path, text)
        })
        .collect())
}
