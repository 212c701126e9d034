//! The plain reference index of issue 15: what a user would write in an
//! afternoon with tantivy and jieba, built from the same corpus xunwen
//! indexes, so `benches/build_ratio.sh` can time both side by side.
//!
//! ```text
//! cargo run --release --example plain_reference -- CORPUS INDEX_DIR [--unit paragraphs|documents|lines]
//! ```
//!
//! - one tantivy document per unit of text, over the files
//!   `ingest::walk_corpus` finds:
//!   - `paragraphs` (default): the text xunwen indexes, got with xunwen's own
//!     ingest steps (`decode`, HTML extraction or Markdown stripping, line
//!     normalization, boilerplate removal, passage splitting), without what
//!     only xunwen needs: finding each document's date and title. The only
//!     difference in text is the title line, which xunwen drops from the body
//!     when it takes it as the title and the reference keeps;
//!   - `documents`: exactly xunwen's paragraphs, from `ingest::read_document`,
//!     date and title detection included (about a fifth of this program's CPU);
//!   - `lines`: each non-empty line of each file read as UTF-8 (lossy), as the
//!     issue's first measurement did (no decoding, no HTML extraction);
//! - `id` (`path#paragraph`) is STRING | STORED;
//! - `text` is STORED and indexed (frequencies and positions) with jieba's
//!   search mode (`cut_for_search`, HMM on), each token positioned at the
//!   index of its first character, tokens over 40 bytes removed, ASCII
//!   letters lower-cased: the tantivy-jieba tokenizer plus tantivy's
//!   `RemoveLongFilter(40)` and an ASCII-only `LowerCaser`, done in one pass;
//! - 2 writer threads, 200 MB budget, default index settings (lz4 store),
//!   default merge policy; files are read on rayon's threads (one per core),
//!   as xunwen reads them.
//!
//! Prints one line of JSON: documents, tokens indexed, segments, elapsed
//! seconds (of the build; the token count is read after it).
//! `plain_reference --tokens-of DIR` prints the tokens of each text field of
//! any index (xunwen's too).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use jieba_rs::Jieba;
use rayon::prelude::*;
// `Searcher::total_num_tokens`: a field's tokens, summed over segments.
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{doc, Index, IndexWriter, TantivyDocument};
use xunwen::ingest::{self, clean, decode, html, markdown, passage, CorpusFile, FileKind};

const TOKENIZER: &str = "jieba_search";
const MAX_TOKEN_BYTES: usize = 40;
const WRITER_THREADS: usize = 2;
const WRITER_BUDGET_BYTES: usize = 200_000_000;

/// tantivy-jieba's search-mode tokenizer, with the long-token filter and an
/// ASCII-only lower-caser folded in.
#[derive(Clone)]
struct JiebaSearch {
    jieba: Arc<Jieba>,
}

struct Tokens {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for JiebaSearch {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let tokens = self
            .jieba
            .cut_for_search(text, true)
            .into_iter()
            .filter(|t| t.word.len() <= MAX_TOKEN_BYTES)
            .map(|t| {
                let mut word = t.word.to_string();
                word.make_ascii_lowercase();
                Token {
                    offset_from: t.byte_start,
                    offset_to: t.byte_start + t.word.len(),
                    position: t.start,
                    text: word,
                    position_length: t.end - t.start,
                }
            })
            .collect();
        Tokens { tokens, next: 0 }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Unit {
    Paragraphs,
    Documents,
    Lines,
}

/// The paragraphs of one file as xunwen's ingest cleans them, without the
/// date and title detection; `None` when xunwen would skip the file.
fn clean_paragraphs(bytes: &[u8], kind: FileKind) -> Option<Vec<String>> {
    let decoded = decode::decode(bytes, kind == FileKind::Html).ok()?;
    let body = match kind {
        FileKind::Text => decoded.text,
        FileKind::Markdown => markdown::strip(&decoded.text),
        FileKind::Html => html::extract(&decoded.text).body,
        // The reference covers the text corpus; documents are not in it.
        _ => return None,
    };
    let mut paragraphs = Vec::new();
    for line in body.split(['\n', '\r', '\u{2028}', '\u{2029}']) {
        let line = clean::normalize_line(line);
        if !clean::is_boilerplate(&line) {
            paragraphs.extend(
                passage::split_passages(&line)
                    .into_iter()
                    .map(str::to_owned),
            );
        }
    }
    Some(paragraphs)
}

/// The units of text of one file.
fn units_of(file: &CorpusFile, unit: Unit) -> Vec<String> {
    match unit {
        Unit::Documents => ingest::read_document(&file.abs, &file.rel)
            .map(|d| d.paragraphs.into_iter().map(|p| p.text).collect())
            .unwrap_or_default(),
        Unit::Paragraphs => std::fs::read(&file.abs)
            .ok()
            .and_then(|bytes| {
                let kind = FileKind::from_path(&file.abs).unwrap_or(FileKind::Text);
                clean_paragraphs(&bytes, kind)
            })
            .unwrap_or_default(),
        Unit::Lines => std::fs::read(&file.abs)
            .map(|bytes| {
                String::from_utf8_lossy(&bytes)
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Prints the tokens indexed in each text field of the index at `dir`
/// (xunwen's or the reference's): `plain_reference --tokens-of DIR`.
fn print_tokens_of(dir: &str) -> anyhow::Result<()> {
    let index = Index::open_in_dir(dir)?;
    let searcher = index.reader()?.searcher();
    let schema = index.schema();
    let mut total = 0;
    for (field, entry) in schema.fields() {
        if !entry.is_indexed() || !matches!(entry.field_type(), tantivy::schema::FieldType::Str(_))
        {
            continue;
        }
        let tokens = searcher.total_num_tokens(field)?;
        total += tokens;
        println!("{:<12} {tokens:>12}", entry.name());
    }
    println!("{:<12} {total:>12}", "all");
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, dir] = args.as_slice() {
        if flag == "--tokens-of" {
            return print_tokens_of(dir);
        }
    }
    let unit = match args
        .iter()
        .position(|a| a == "--unit")
        .map(|i| args.get(i + 1).map(String::as_str))
    {
        None | Some(Some("paragraphs")) => Unit::Paragraphs,
        Some(Some("documents")) => Unit::Documents,
        Some(Some("lines")) => Unit::Lines,
        Some(other) => anyhow::bail!("unknown --unit {other:?}: paragraphs, documents or lines"),
    };
    let paths: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--unit"))
        .map(|(_, a)| a)
        .collect();
    let [corpus, index_dir] = paths.as_slice() else {
        anyhow::bail!(
            "usage: plain_reference CORPUS INDEX_DIR [--unit paragraphs|documents|lines]"
        );
    };
    let (corpus, index_dir) = (PathBuf::from(corpus), PathBuf::from(index_dir));
    let started = Instant::now();

    let mut builder = Schema::builder();
    let id = builder.add_text_field("id", STRING | STORED);
    let text_options = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let text = builder.add_text_field("text", text_options);
    let schema = builder.build();

    if index_dir.exists() {
        std::fs::remove_dir_all(&index_dir)?;
    }
    std::fs::create_dir_all(&index_dir)?;
    let index = Index::create_in_dir(&index_dir, schema)?;
    index.tokenizers().register(
        TOKENIZER,
        JiebaSearch {
            jieba: Arc::new(Jieba::new()),
        },
    );
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(WRITER_THREADS, WRITER_BUDGET_BYTES)?;

    let (files, _passed_over) = ingest::walk_corpus(&corpus)?;
    let documents: u64 = files
        .par_iter()
        .map(|file| -> tantivy::Result<u64> {
            let units = units_of(file, unit);
            let added = units.len() as u64;
            for (n, unit_text) in units.into_iter().enumerate() {
                writer.add_document(doc!(
                    id => format!("{}#{}", file.rel, n + 1),
                    text => unit_text,
                ))?;
            }
            Ok(added)
        })
        .sum::<tantivy::Result<u64>>()?;
    writer.commit()?;
    writer.wait_merging_threads()?;
    let elapsed = started.elapsed().as_secs_f64();
    // After the clock stops: the postings written, to set against xunwen's.
    let searcher = index.reader()?.searcher();
    let tokens = searcher.total_num_tokens(text)?;
    println!(
        "{{\"documents\": {documents}, \"tokens\": {tokens}, \"segments\": {}, \"elapsed_s\": {elapsed:.3}, \"unit\": \"{unit:?}\"}}",
        searcher.segment_readers().len(),
    );
    Ok(())
}
