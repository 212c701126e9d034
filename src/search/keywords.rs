//! The keywords of a query: the unit of the partial tiers.
//!
//! A question or a few words that no paragraph holds in full are read by
//! their jieba words, stop words dropped, each once; and each keyword by
//! the official forms that stand for its everyday wording (鞭炮 →
//! 烟花爆竹, [`crate::analysis::related`]), which count as the keyword
//! wherever partial hits are ranked.

use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::Field;

use super::literal::literal_query;
use super::parse::Scope;
use super::plan::{boosted, word_or_literal, Requirement, CHAR_BOOST};
use crate::analysis::{is_stop_word, literal_grams, Analyzer, RelatedForm};

/// A jieba word of the query, the unit of the looser tiers that fill a page
/// when full matches run out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyword {
    /// The normalized word.
    pub text: String,
    /// Official forms that stand for it among partial hits (鞭炮 → 烟花爆竹,
    /// [`crate::analysis::related`]).
    pub related: Vec<String>,
}

impl Keyword {
    /// A keyword of one character (到, 道) matches almost anywhere: no hit
    /// may rest on such keywords alone when the query has longer ones.
    pub fn is_single_char(&self) -> bool {
        self.text.chars().count() == 1
    }
}

/// The keywords of `required`, each with the official forms standing for
/// it, and every related form of the query once (for the document
/// ranking).
pub(super) fn of(required: &[Requirement], analyzer: &Analyzer) -> (Vec<Keyword>, Vec<String>) {
    let mut keywords = words_of(required);
    let forms: Vec<RelatedForm> = required
        .iter()
        .flat_map(Requirement::typed)
        .filter(|t| t.scope == Scope::Text && !t.phrase)
        .flat_map(|t| analyzer.related().forms(&t.literal))
        .collect();
    let mut related: Vec<String> = Vec::new();
    for form in forms {
        // The keywords the everyday words are made of, or part of.
        for keyword in keywords.iter_mut().filter(|k| {
            form.everyday.contains(k.text.as_str()) || k.text.contains(form.everyday.as_str())
        }) {
            if !keyword.related.contains(&form.official) {
                keyword.related.push(form.official.clone());
            }
        }
        if !related.contains(&form.official) {
            related.push(form.official);
        }
    }
    (keywords, related)
}

/// The keywords of the unquoted paragraph-text terms: their jieba words,
/// each once, without stop words unless nothing else is left.
fn words_of(required: &[Requirement]) -> Vec<Keyword> {
    let mut all: Vec<String> = Vec::new();
    for term in required.iter().flat_map(Requirement::typed) {
        if term.scope != Scope::Text || term.phrase {
            continue;
        }
        for word in &term.words {
            if literal_grams(&word.text).is_empty() || all.contains(&word.text) {
                continue;
            }
            all.push(word.text.clone());
        }
    }
    let content: Vec<String> = all.iter().filter(|w| !is_stop_word(w)).cloned().collect();
    let chosen = if content.is_empty() { all } else { content };
    chosen
        .into_iter()
        .map(|text| Keyword {
            text,
            related: Vec::new(),
        })
        .collect()
}

/// A keyword as a word or literal, or any official form standing for it
/// as written.
pub(super) fn keyword_or_related(
    keyword: &Keyword,
    words_field: Field,
    chars_field: Field,
) -> Box<dyn Query> {
    let as_typed = word_or_literal(&keyword.text, words_field, chars_field);
    if keyword.related.is_empty() {
        return as_typed;
    }
    let mut either = vec![(Occur::Should, as_typed)];
    either.extend(
        keyword
            .related
            .iter()
            .filter_map(|form| literal_query(form, chars_field))
            .map(|q| boosted(q, CHAR_BOOST)),
    );
    Box::new(BooleanQuery::new(either))
}
