//! Bigram coverage of a reference text, shared by the format examples
//! (`pdf_compare`, `format_coverage`): one measure, so their figures compare.

use std::collections::HashMap;

/// Share of the reference's character bigrams (whitespace removed, with
/// multiplicity) that `text` also has.
pub fn coverage(reference: &str, text: &str) -> f64 {
    let bigrams = |s: &str| {
        let chars: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
        let mut m: HashMap<(char, char), usize> = HashMap::new();
        for w in chars.windows(2) {
            *m.entry((w[0], w[1])).or_default() += 1;
        }
        m
    };
    let want = bigrams(reference);
    let have = bigrams(text);
    let total: usize = want.values().sum();
    let found: usize = want
        .iter()
        .map(|(k, n)| (*n).min(have.get(k).copied().unwrap_or(0)))
        .sum();
    if total == 0 {
        1.0
    } else {
        found as f64 / total as f64
    }
}
