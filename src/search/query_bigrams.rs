//! The query's character bigrams, as the document ranking reads them.
//!
//! Documents are ranked by BM25 over the query's overlapping character
//! bigrams ([`super::retrieval`]), the unit a document's length counts
//! ([`bigram_count`]); a question's fillers (多少, 怎么, 可以) are left out,
//! because they say nothing about which document answers.

use std::collections::HashMap;

use super::parse::Scope;
use super::plan::{QueryPlan, QueryTerm};
use crate::analysis::{bigram_count, is_indexable, is_stop_word};

/// Every overlapping bigram of the positive text terms (a one-character
/// run as itself), with `content` only those that touch no stop word, with
/// how often the query holds it.
pub(super) fn query_bigrams(plan: &QueryPlan, content: bool) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for term in plan.positive_terms().filter(|t| t.scope == Scope::Text) {
        let grams = if content {
            content_bigrams(term)
        } else {
            overlapping_bigrams(&term.literal)
        };
        for gram in grams {
            match index.get(&gram) {
                Some(&i) => counts[i].1 += 1,
                None => {
                    index.insert(gram.clone(), counts.len());
                    counts.push((gram, 1));
                }
            }
        }
    }
    counts
}

/// The overlapping bigrams of `term`'s runs of letters and digits, leaving
/// out every bigram that touches a stop word (多少, 怎么, 可以): they say
/// nothing about which document answers, and a question is full of them.
fn content_bigrams(term: &QueryTerm) -> Vec<String> {
    let mut stop = vec![false; term.literal.chars().count()];
    for word in term.words.iter().filter(|w| is_stop_word(&w.text)) {
        let end = (word.char_offset + word.text.chars().count()).min(stop.len());
        for flag in stop.iter_mut().take(end).skip(word.char_offset) {
            *flag = true;
        }
    }
    positioned_bigrams(&term.literal)
        .into_iter()
        .filter(|(at, gram)| !stop[*at..*at + gram.chars().count()].contains(&true))
        .map(|(_, gram)| gram)
        .collect()
}

/// The overlapping bigrams of each run of letters and digits of a
/// normalized text, a run of one character as itself: the unit the
/// document length ([`bigram_count`]) counts.
pub fn overlapping_bigrams(normalized: &str) -> Vec<String> {
    let grams: Vec<String> = positioned_bigrams(normalized)
        .into_iter()
        .map(|(_, gram)| gram)
        .collect();
    debug_assert_eq!(grams.len() as u64, bigram_count(normalized));
    grams
}

/// [`overlapping_bigrams`], each with the character offset it starts at.
fn positioned_bigrams(normalized: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = normalized.chars().collect();
    let mut grams = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        if !is_indexable(chars[start]) {
            start += 1;
            continue;
        }
        let end = (start..chars.len())
            .find(|&i| !is_indexable(chars[i]))
            .unwrap_or(chars.len());
        if end - start == 1 {
            grams.push((start, chars[start].to_string()));
        }
        for at in start..end.saturating_sub(1) {
            grams.push((at, chars[at..at + 2].iter().collect()));
        }
        start = end;
    }
    grams
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_overlap_within_runs_and_stand_alone_for_one_character() {
        assert_eq!(overlapping_bigrams("学习强国"), ["学习", "习强", "强国"]);
        assert_eq!(overlapping_bigrams("罚，款a"), ["罚", "款a"]);
        assert!(overlapping_bigrams("，。").is_empty());
    }

    #[test]
    fn a_question_keeps_the_bigrams_of_its_content_words_only() {
        let analyzer = crate::analysis::Analyzer::new();
        let literal = "罚款多少钱";
        let term = QueryTerm {
            literal: literal.to_string(),
            words: analyzer.query_words(literal),
            scope: Scope::Text,
            phrase: false,
            origin: None,
        };
        assert_eq!(content_bigrams(&term), ["罚款"]);
    }
}
