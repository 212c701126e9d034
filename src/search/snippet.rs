//! Highlights: where the query's terms stand in a paragraph.
//!
//! Computed on the normalized text, character by character. Normalization
//! maps one char to one char, so the offsets found are offsets into the
//! original paragraph as well.

use super::plan::{Keyword, QueryTerm};
use crate::analysis::{is_indexable, normalize};

/// Character ranges `[start, end)` of `text` to highlight for `terms`,
/// sorted, with overlapping and touching ranges merged into one.
pub fn highlights<'a>(
    text: &str,
    terms: impl IntoIterator<Item = &'a QueryTerm>,
) -> Vec<(usize, usize)> {
    let haystack: Vec<char> = normalize(text).chars().collect();
    let mut spans = Vec::new();
    for term in terms {
        let literal_is_plain = term.literal.chars().all(is_indexable);
        if literal_is_plain {
            find_all(&haystack, &term.literal, &mut spans);
        } else {
            // A phrase with spaces or punctuation: its words are what can be
            // found reliably, and adjacent ones merge back into the phrase.
            for word in &term.words {
                find_all(&haystack, &word.text, &mut spans);
            }
        }
    }
    merge(spans)
}

/// Character ranges of `text` holding the query's keywords, for partial
/// hits. One-character keywords are left out when longer ones exist: a
/// lone 的 or 到 marked all over a paragraph says nothing.
pub fn keyword_highlights(text: &str, keywords: &[Keyword]) -> Vec<(usize, usize)> {
    let haystack: Vec<char> = normalize(text).chars().collect();
    let has_long = keywords.iter().any(|k| !k.is_single_char());
    let mut spans = Vec::new();
    for keyword in keywords {
        if !has_long || !keyword.is_single_char() {
            find_all(&haystack, &keyword.text, &mut spans);
        }
    }
    merge(spans)
}

fn find_all(haystack: &[char], needle: &str, spans: &mut Vec<(usize, usize)>) {
    let needle: Vec<char> = needle.chars().collect();
    if needle.is_empty() || needle.len() > haystack.len() {
        return;
    }
    for start in 0..=haystack.len() - needle.len() {
        if haystack[start..start + needle.len()] == needle[..] {
            spans.push((start, start + needle.len()));
        }
    }
}

/// Sorts ranges and merges those that overlap or touch.
pub fn merge(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::QueryWord;
    use crate::search::parse::Scope;

    fn term(literal: &str) -> QueryTerm {
        QueryTerm {
            literal: literal.into(),
            words: vec![QueryWord {
                text: literal.into(),
                char_offset: 0,
            }],
            scope: Scope::Text,
            phrase: false,
        }
    }

    #[test]
    fn adjacent_terms_merge_into_one_highlight() {
        let terms = [term("党史"), term("学习"), term("教育")];
        assert_eq!(highlights("开展党史学习教育活动", &terms), [(2, 8)]);
    }

    #[test]
    fn offsets_are_char_offsets_into_the_original_text() {
        let terms = [term("app")];
        // Full-width letters are normalized for matching, offsets stay put.
        assert_eq!(highlights("安装ＡＰＰ和app", &terms), [(2, 5), (6, 9)]);
    }

    #[test]
    fn keyword_highlights_skip_lone_characters_beside_words() {
        let keywords = [
            Keyword {
                text: "分享".into(),
            },
            Keyword { text: "到".into() },
        ];
        assert_eq!(
            keyword_highlights("分享经验，走到基层", &keywords),
            [(0, 2)]
        );
        let single = [Keyword { text: "到".into() }];
        assert_eq!(keyword_highlights("走到基层", &single), [(1, 2)]);
    }

    #[test]
    fn merge_keeps_separate_ranges_apart() {
        assert_eq!(
            merge(vec![(5, 7), (0, 2), (1, 3), (7, 8)]),
            [(0, 3), (5, 8)]
        );
    }
}
