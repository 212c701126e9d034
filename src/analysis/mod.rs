//! Analysis: text → searchable tokens, identically for documents and queries.
//!
//! The steps are separate so each can be tested alone (as in charabia):
//! [`normalize`](mod@normalize) (width, case, Traditional → Simplified via [`script`]) →
//! [`spacing`] (spaces that separate nothing dropped) →
//! [`segment`] (jieba words) → [`tokenizer`] (tantivy token streams for the
//! `words` and `chars` fields). The query side uses the same normalization and
//! dictionary through [`Analyzer::query_words`], so a query word and an
//! indexed word agree by construction.

pub mod definitions;
pub mod normalize;
pub mod query_dict;
pub mod related;
pub mod script;
pub mod segment;
pub mod spacing;
pub mod stopwords;
pub mod synonyms;
pub mod tokenizer;
pub mod user_dict;

use std::sync::Arc;

use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};

pub use normalize::{folding_chars, is_indexable, normalize};
pub use related::{Related, RelatedForm};
pub use segment::{Segmenter, Word, Workload};
pub use spacing::{join_stray_spaces, matched_chars};
pub use stopwords::is_stop_word;
pub use synonyms::{Equivalent, SynonymSource, Synonyms};
pub use tokenizer::{bigram_count, literal_grams, CharNgramTokenizer, JiebaTokenizer};
pub use user_dict::{UserDict, UserDictError, USER_DICT_FILE};

/// Name under which the jieba word tokenizer (default cut with HMM, for
/// documents and queries alike) is registered.
pub const WORDS_TOKENIZER: &str = "xw_words";
/// Name under which the character n-gram tokenizer is registered.
pub const CHARS_TOKENIZER: &str = "xw_chars";

/// Identifies everything that decides which tokens a text produces. An index
/// records it when built; a different value means the index was built by an
/// analysis this binary does not reproduce and must be rebuilt, not mixed.
///
/// `script=t2s:…` names the Traditional → Simplified table by its size and
/// checksum; a test fails when the table in use no longer matches it.
pub const ANALYSIS_FINGERPRINT: &str =
    "xunwen-analysis/5 jieba-rs/0.11 default-dict hmm index=default query=default \
     positions=char normalize=width+lowercase+t2s script=t2s:opencc-ts:4105:d8d5dbf6 \
     spaces=join-han-han+han-digit chars=bigram+run-end-unigram";

/// A query term as the index reads text: normalized, and without the
/// spaces that separate nothing (`"党史 学习"` is the literal 党史学习, as the
/// index reads 党史 学习 in a paragraph). What a full match must contain.
pub fn literal(text: &str) -> String {
    join_stray_spaces(&normalize(text)).into_owned()
}

/// A query term as a paragraph holds it: whitespace trimmed and collapsed
/// as ingest cleans every line of a document, then read as [`literal`]
/// does. A phrase copied from the original file, with its line breaks or
/// doubled spaces, then finds itself.
pub fn term_literal(text: &str) -> String {
    literal(&crate::ingest::clean::normalize_line(text))
}

/// One word of a query, normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// The normalized word, as it is indexed.
    pub text: String,
    /// Character offset of the word inside the text it was cut from.
    pub char_offset: usize,
}

/// The analysis shared by indexing and searching: one jieba dictionary,
/// and the synonyms and related terms a query is read with (none unless
/// set: indexing never uses them).
#[derive(Clone, Debug, Default)]
pub struct Analyzer {
    segmenter: Segmenter,
    synonyms: Arc<Synonyms>,
    related: Arc<Related>,
}

impl Analyzer {
    /// A new analyzer. Cheap: jieba's full dictionary (about 100 ms and
    /// 33 MB) is loaded on the first index-side cut; query words are cut with
    /// the precompiled dictionary of [`query_dict`] until then, identically.
    pub fn new() -> Self {
        Analyzer {
            segmenter: Segmenter::new(),
            ..Analyzer::default()
        }
    }

    /// An analyzer whose jieba knows `user`'s words too (documents and
    /// queries alike).
    pub fn with_user_dict(user: UserDict) -> Self {
        Analyzer {
            segmenter: Segmenter::with_user_dict(user),
            ..Analyzer::default()
        }
    }

    /// What the index records of the user dictionary in use
    /// ([`UserDict::id`]).
    pub fn user_dict_id(&self) -> Option<String> {
        self.segmenter.user_dict().id()
    }

    /// Readies the document tokenizers for an index run that will cut
    /// `bytes` of text (see [`Segmenter::prepare_bulk`]).
    pub fn prepare_bulk(&self, bytes: u64) {
        self.segmenter.prepare_bulk(bytes);
    }

    /// The same analyzer reading queries with `synonyms`.
    pub fn with_synonyms(self, synonyms: Synonyms) -> Self {
        Analyzer {
            synonyms: Arc::new(synonyms),
            ..self
        }
    }

    /// The synonyms queries are read with.
    pub fn synonyms(&self) -> &Synonyms {
        &self.synonyms
    }

    /// The same analyzer ranking partial hits with `related` terms too.
    pub fn with_related(self, related: Related) -> Self {
        Analyzer {
            related: Arc::new(related),
            ..self
        }
    }

    /// The related terms partial hits are ranked with.
    pub fn related(&self) -> &Related {
        &self.related
    }

    /// Registers the index-side tokenizers under [`WORDS_TOKENIZER`] and
    /// [`CHARS_TOKENIZER`], as the schema names them.
    pub fn register(&self, manager: &TokenizerManager) {
        manager.register(
            WORDS_TOKENIZER,
            TextAnalyzer::from(JiebaTokenizer::new(self.segmenter.clone(), Workload::Bulk)),
        );
        manager.register(
            CHARS_TOKENIZER,
            TextAnalyzer::from(CharNgramTokenizer::default()),
        );
    }

    /// The words of a query string: normalized, spaces that separate
    /// nothing dropped (as [`literal`] does), cut in default mode,
    /// punctuation dropped. Offsets count the characters kept.
    pub fn query_words(&self, text: &str) -> Vec<QueryWord> {
        let literal = literal(text);
        self.segmenter
            .words(&literal, Workload::Interactive)
            .into_iter()
            .map(|w| QueryWord {
                text: w.text.to_string(),
                char_offset: w.char_start,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_words_are_normalized_default_mode_words() {
        let analyzer = Analyzer::new();
        let words: Vec<String> = analyzer
            .query_words("鹤山市　ＡＰＰ")
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(words, ["鹤山市", "app"]);
    }

    #[test]
    fn fingerprint_names_the_script_table_in_use() {
        let id = script::table_id();
        assert!(
            ANALYSIS_FINGERPRINT.contains(&format!("script=t2s:{id} ")),
            "the T2S table is now {id}: update ANALYSIS_FINGERPRINT (and bump its version)"
        );
    }

    #[test]
    fn traditional_queries_are_simplified_words() {
        let analyzer = Analyzer::new();
        let words: Vec<String> = analyzer
            .query_words("鄉村振興")
            .into_iter()
            .map(|w| w.text)
            .collect();
        let simplified: Vec<String> = analyzer
            .query_words("乡村振兴")
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(words, simplified);
    }

    #[test]
    fn stray_spaces_are_dropped_from_literals_and_query_words() {
        assert_eq!(literal("党史　学习"), "党史学习");
        assert_eq!(literal("活动 ２０００"), "活动2000");
        assert_eq!(literal("学习 APP"), "学习 app");
        let analyzer = Analyzer::new();
        let offsets: Vec<(String, usize)> = analyzer
            .query_words("党史 学习")
            .into_iter()
            .map(|w| (w.text, w.char_offset))
            .collect();
        assert_eq!(offsets, [("党史".into(), 0), ("学习".into(), 2)]);
    }

    #[test]
    fn term_literals_collapse_whitespace_as_paragraphs_do() {
        assert_eq!(term_literal(" rural  \n revival\u{200b} "), "rural revival");
        assert_eq!(term_literal("学习　 APP"), "学习 app");
        assert_eq!(literal(" rural  revival"), " rural  revival");
    }

    #[test]
    fn query_word_offsets_are_char_offsets() {
        let analyzer = Analyzer::new();
        let words = analyzer.query_words("党史学习教育");
        let offsets: Vec<usize> = words.iter().map(|w| w.char_offset).collect();
        assert_eq!(offsets, [0, 2, 4]);
    }
}
