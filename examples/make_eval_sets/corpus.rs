//! The corpus as the generators see it: every document as xunwen reads it
//! (`read_document`) and the document frequency of every query word, so all
//! sets draw rarity and salience from the same counts.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;
use xunwen::analysis::Analyzer;
use xunwen::ingest::{read_document, walk_corpus, CorpusFile, Document};

/// Documents, their words and the words' document frequencies.
pub struct Corpus {
    /// Every file of the sorted corpus walk.
    pub files: Vec<CorpusFile>,
    /// The file read as xunwen reads it, `None` when ingest refuses it.
    pub docs: Vec<Option<Document>>,
    /// Each document's distinct query words (title and paragraphs), sorted.
    pub doc_words: Vec<Vec<String>>,
    /// Documents read.
    pub n_docs: usize,
    df: HashMap<String, u32>,
}

impl Corpus {
    /// Walks, reads and segments the whole corpus (about 30 s).
    pub fn load(root: &Path, analyzer: &Analyzer) -> Result<Corpus, Box<dyn std::error::Error>> {
        let (files, _skipped) = walk_corpus(root)?;
        Ok(Corpus::from_files(files, analyzer))
    }

    /// Reads and segments files already walked.
    pub fn from_files(files: Vec<CorpusFile>, analyzer: &Analyzer) -> Corpus {
        let docs: Vec<Option<Document>> = files
            .par_iter()
            .map(|f| read_document(&f.abs, &f.rel).ok())
            .collect();
        let doc_words: Vec<Vec<String>> = docs
            .par_iter()
            .map(|d| {
                let Some(d) = d else { return Vec::new() };
                let mut words: Vec<String> = std::iter::once(d.title.as_str())
                    .chain(d.paragraphs.iter().map(|p| p.text.as_str()))
                    .flat_map(|t| analyzer.query_words(t))
                    .map(|w| w.text)
                    .collect();
                words.sort_unstable();
                words.dedup();
                words
            })
            .collect();
        let n_docs = docs.iter().filter(|d| d.is_some()).count();
        let mut df: HashMap<String, u32> = HashMap::new();
        for words in &doc_words {
            for w in words {
                match df.get_mut(w.as_str()) {
                    Some(n) => *n += 1,
                    None => {
                        df.insert(w.clone(), 1);
                    }
                }
            }
        }
        Corpus {
            files,
            docs,
            doc_words,
            n_docs,
            df,
        }
    }

    /// Distinct words over the corpus.
    pub fn vocabulary(&self) -> usize {
        self.df.len()
    }

    /// Documents holding `word` as a segmented word (0 if none).
    pub fn df(&self, word: &str) -> u32 {
        self.df.get(word).copied().unwrap_or(0)
    }

    /// ln(N_docs / df), a word found nowhere counting as df 1.
    pub fn idf(&self, word: &str) -> f64 {
        (self.n_docs as f64 / f64::from(self.df(word).max(1))).ln()
    }
}
