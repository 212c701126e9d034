//! Synonyms in a query: each typed term's equivalents become further
//! alternatives of its requirement, so a full match holds what was typed or
//! a listed equivalent, and every count (`total_hits`, `-c`, `-l`, `trend`)
//! counts the same matches. A hit that met a requirement only through an
//! equivalent says which ([`via`]).
//!
//! Quoted phrases and `title:` terms are never expanded: a quote asks for
//! exactly what it holds. The table is the analyzer's
//! ([`crate::analysis::Analyzer::synonyms`]); `--no-synonyms` and `--exact`
//! give an empty one.

use serde::Serialize;

use super::parse::Scope;
use super::plan::{QueryPlan, QueryTerm};
use crate::analysis::{is_indexable, literal, Analyzer, SynonymSource};

/// Where an equivalent searched for a typed term comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The term as typed (normalized).
    pub typed: String,
    /// The source of the equivalence.
    pub source: SynonymSource,
}

/// A requirement a hit met only through an equivalent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Via {
    /// The term as typed (normalized).
    pub typed: String,
    /// The equivalent the hit holds instead.
    pub matched: String,
    /// Where the equivalence comes from.
    pub source: SynonymSource,
}

/// The equivalents of `term`, as terms of the same scope, each marked with
/// its origin; none for a quoted phrase or a `title:` term.
pub fn equivalents(term: &QueryTerm, analyzer: &Analyzer) -> Vec<QueryTerm> {
    if term.phrase || term.scope != Scope::Text || term.origin.is_some() {
        return Vec::new();
    }
    analyzer
        .synonyms()
        .expand(&term.literal, &term.words)
        .into_iter()
        .map(|e| QueryTerm {
            words: analyzer.query_words(&e.text),
            literal: e.text,
            scope: term.scope,
            phrase: false,
            origin: Some(Origin {
                typed: term.literal.clone(),
                source: e.source,
            }),
        })
        .collect()
}

/// The requirements of `plan` that the paragraph `text` (under `title`)
/// meets only through an equivalent: none of the typed alternatives is
/// there, one of the equivalents is.
pub fn via(plan: &QueryPlan, text: &str, title: &str) -> Vec<Via> {
    let mut found = Vec::new();
    let text: Vec<char> = literal(text).chars().collect();
    let title: Vec<char> = literal(title).chars().collect();
    let holds = |t: &QueryTerm| {
        let pattern: Vec<char> = t.literal.chars().collect();
        contains(&text, &pattern) || contains(&title, &pattern)
    };
    for requirement in &plan.required {
        let (typed, equivalent): (Vec<&QueryTerm>, Vec<&QueryTerm>) = requirement
            .alternatives
            .iter()
            .partition(|t| t.origin.is_none());
        if equivalent.is_empty() || typed.iter().any(|t| holds(t)) {
            continue;
        }
        if let Some(term) = equivalent.into_iter().find(|t| holds(t)) {
            if let Some(origin) = &term.origin {
                found.push(Via {
                    typed: origin.typed.clone(),
                    matched: term.literal.clone(),
                    source: origin.source.clone(),
                });
            }
        }
    }
    found
}

/// Whether `text` holds `literal` as the index matches a literal: its
/// letters and digits in place, anything where it has punctuation or a
/// space (a literal is a phrase of the character grams of its runs).
fn contains(text: &[char], literal: &[char]) -> bool {
    let literal = trim_separators(literal);
    if literal.is_empty() || literal.len() > text.len() {
        return false;
    }
    text.windows(literal.len()).any(|window| {
        window
            .iter()
            .zip(literal)
            .all(|(t, l)| !is_indexable(*l) || t == l)
    })
}

fn trim_separators(literal: &[char]) -> &[char] {
    let start = literal
        .iter()
        .position(|&c| is_indexable(c))
        .unwrap_or(literal.len());
    let end = literal
        .iter()
        .rposition(|&c| is_indexable(c))
        .map_or(start, |e| e + 1);
    &literal[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Synonyms;
    use crate::search::parse;

    fn plan(query: &str) -> QueryPlan {
        let analyzer = Analyzer::new().with_synonyms(Synonyms::built_in());
        QueryPlan::new(&parse(query).expect("parses"), &analyzer)
    }

    #[test]
    fn a_typed_term_gains_its_equivalents_a_quoted_one_does_not() {
        let p = plan("发改委");
        let literals: Vec<&str> = p.required[0]
            .alternatives
            .iter()
            .map(|t| t.literal.as_str())
            .collect();
        assert!(literals.contains(&"发展和改革委员会"), "{literals:?}");
        assert_eq!(
            p.positive_terms().count(),
            1,
            "equivalents are not typed terms"
        );
        assert_eq!(plan("\"发改委\"").required[0].alternatives.len(), 1);
    }

    #[test]
    fn equivalents_add_no_keywords() {
        let keywords: Vec<String> = plan("发改委")
            .keywords
            .into_iter()
            .map(|k| k.text)
            .collect();
        assert!(keywords.iter().all(|k| k != "委员会"), "{keywords:?}");
    }

    #[test]
    fn a_hit_says_which_equivalent_it_holds() {
        let p = plan("发改委 会议");
        let found = via(&p, "市发展和改革委员会召开会议", "");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].typed, "发改委");
        assert_eq!(found[0].matched, "发展和改革委员会");
        assert!(via(&p, "市发改委召开会议", "").is_empty());
    }

    #[test]
    fn punctuation_in_an_equivalent_stands_for_any_character_as_in_the_index() {
        let p = plan("三农");
        let found = via(&p, "农业、农村和农民问题", "");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].matched, "农业、农村、农民");
        assert!(via(&p, "农业农村工作", "").is_empty());
    }
}
