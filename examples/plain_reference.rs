//! The plain reference index of issue 15: what a user would write in an
//! afternoon with tantivy and jieba, built from the same corpus xunwen
//! indexes, so `benches/build_ratio.sh` can time both side by side.
//!
//! ```text
//! cargo run --release --example plain_reference -- CORPUS INDEX_DIR [--lines]
//! ```
//!
//! - one tantivy document per paragraph: xunwen's own cleaned paragraphs
//!   (`ingest::walk_corpus` + `ingest::read_document`, the same decoding,
//!   HTML extraction and cleaning xunwen's build does), or with `--lines` one
//!   per non-empty line of each file read as UTF-8 (lossy), as the issue's
//!   first measurement did;
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
//! Prints one line of JSON: documents, segments, elapsed seconds.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use jieba_rs::Jieba;
use rayon::prelude::*;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{doc, Index, IndexWriter, TantivyDocument};

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

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lines = args.iter().any(|a| a == "--lines");
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [corpus, index_dir] = paths.as_slice() else {
        anyhow::bail!("usage: plain_reference CORPUS INDEX_DIR [--lines]");
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

    let (files, _passed_over) = xunwen::ingest::walk_corpus(&corpus)?;
    let documents: u64 = files
        .par_iter()
        .map(|file| -> tantivy::Result<u64> {
            let mut added = 0;
            if lines {
                let Ok(bytes) = std::fs::read(&file.abs) else {
                    return Ok(0);
                };
                let content = String::from_utf8_lossy(&bytes);
                for (n, line) in content.lines().enumerate() {
                    let line = line.trim();
                    if !line.is_empty() {
                        writer.add_document(
                            doc!(id => format!("{}#{}", file.rel, n + 1), text => line),
                        )?;
                        added += 1;
                    }
                }
            } else if let Ok(document) = xunwen::ingest::read_document(&file.abs, &file.rel) {
                for paragraph in document.paragraphs {
                    writer.add_document(doc!(
                        id => format!("{}#{}", file.rel, paragraph.number),
                        text => paragraph.text,
                    ))?;
                    added += 1;
                }
            }
            Ok(added)
        })
        .sum::<tantivy::Result<u64>>()?;
    writer.commit()?;
    writer.wait_merging_threads()?;
    let segments = index.searchable_segment_ids()?.len();
    println!(
        "{{\"documents\": {documents}, \"segments\": {segments}, \"elapsed_s\": {:.3}, \"unit\": \"{}\"}}",
        started.elapsed().as_secs_f64(),
        if lines { "line" } else { "paragraph" }
    );
    Ok(())
}
