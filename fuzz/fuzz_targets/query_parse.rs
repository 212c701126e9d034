//! Query parsing, planning and highlighting on arbitrary strings.
//!
//! `parse` must return a query or a syntax error whose message renders; a
//! parsed query is planned with the real analyzer and its terms highlighted
//! in a paragraph made of the query's own atoms between two halves of the
//! input: every highlight must lie inside the paragraph and contain one of
//! the query's terms.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use xunwen::analysis::{normalize, Analyzer};
use xunwen::search::parse::{parse, Scope};
use xunwen::search::plan::QueryPlan;
use xunwen::search::snippet::highlights;

fn analyzer() -> &'static Analyzer {
    static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
    ANALYZER.get_or_init(Analyzer::new)
}

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data);
    let parsed = match parse(&query) {
        Ok(parsed) => parsed,
        Err(e) => {
            assert!(e.position <= query.chars().count());
            let shown = e.to_string();
            assert_eq!(shown.lines().count(), 3, "{shown}");
            return;
        }
    };
    assert!(!parsed.clauses.is_empty());
    let plan = QueryPlan::new(&parsed, analyzer());
    let terms: Vec<_> = plan
        .positive_terms()
        .filter(|t| t.scope == Scope::Text)
        .collect();
    let atoms: String = parsed
        .clauses
        .iter()
        .flat_map(|c| c.alternatives.iter().map(|a| a.text.as_str()))
        .collect();
    let half = query
        .char_indices()
        .nth(query.chars().count() / 2)
        .map_or(query.len(), |(i, _)| i);
    let text = format!("{}{atoms}{}", &query[..half], &query[half..]);
    let chars = text.chars().count();
    let normalized: Vec<char> = normalize(&text).chars().collect();
    let needles: Vec<&str> = terms
        .iter()
        .flat_map(|t| {
            std::iter::once(t.literal.as_str()).chain(t.words.iter().map(|w| w.text.as_str()))
        })
        .filter(|n| !n.is_empty())
        .collect();
    for (s, e) in highlights(&text, terms.iter().copied()) {
        assert!(s < e && e <= chars, "{s}..{e} of {chars}");
        let marked: String = normalized[s..e].iter().collect();
        assert!(
            needles.iter().any(|n| marked.contains(n)),
            "{marked:?} holds none of {needles:?}"
        );
    }
});
