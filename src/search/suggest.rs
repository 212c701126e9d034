//! "Did you mean": a typed word found nowhere, one edit away from a word
//! the index holds often (失业保检 → 失业保险).
//!
//! The candidates are the `words` field's terms within one edit (a
//! substitution, insertion, deletion or swap of characters) of the term or
//! of one of its jieba words that the index lacks (保检 in 失业|保检), found
//! by streaming the term dictionary through tantivy's Levenshtein
//! automaton, as its `FuzzyTermQuery` does. The reading the index holds
//! most often as a literal wins. Only terms of three characters or more are
//! corrected: a two-character term has dozens of neighbours one edit away,
//! and no context to tell which was meant; and none over eight: a question
//! is found nowhere as typed by nature.

use tantivy::query::{FuzzyTermQuery, Query};
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use super::parse::Scope;
use super::plan::{literal_query, QueryPlan};
use crate::analysis::Analyzer;
use crate::index::Fields;

/// Shortest term corrected, in characters.
const MIN_CHARS: usize = 3;

/// Longest term corrected, in characters: a word or a name, not a pasted
/// sentence, which is found nowhere as typed by nature.
const MAX_CHARS: usize = 8;

/// Readings tried per word: the commonest neighbours in the index.
const CANDIDATES: usize = 12;

/// Fewest paragraphs the suggested word must stand in: a correction to a
/// word as rare as the typo is no correction.
const MIN_PARAGRAPHS: u32 = 5;

/// A typed term and the word it most likely meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The term as typed (normalized).
    pub typed: String,
    /// The word one edit away that the index holds most often.
    pub meant: String,
}

/// Suggestions for the typed terms of `plan` that no paragraph or title
/// holds as typed.
pub fn suggestions(
    searcher: &Searcher,
    fields: &Fields,
    analyzer: &Analyzer,
    plan: &QueryPlan,
) -> tantivy::Result<Vec<Suggestion>> {
    let mut found = Vec::new();
    for term in plan.positive_terms() {
        let length = term.literal.chars().count();
        if term.scope != Scope::Text || term.phrase || !(MIN_CHARS..=MAX_CHARS).contains(&length) {
            continue;
        }
        if occurs(searcher, fields, &term.literal)? {
            continue;
        }
        if let Some(meant) = nearest_word(searcher, fields, analyzer, &term.literal)? {
            found.push(Suggestion {
                typed: term.literal.clone(),
                meant,
            });
        }
    }
    Ok(found)
}

/// Whether `literal` stands as typed in some paragraph or title.
pub fn occurs(searcher: &Searcher, fields: &Fields, literal: &str) -> tantivy::Result<bool> {
    for field in [fields.chars, fields.title_chars] {
        if let Some(query) = literal_query(literal, field) {
            if query.count(searcher)? > 0 {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// The commonest reading of `typed` one edit away that the index holds as
/// a literal: the whole term replaced by a word one edit from it, or one of
/// its words (missing from the index) replaced by a word one edit from that.
fn nearest_word(
    searcher: &Searcher,
    fields: &Fields,
    analyzer: &Analyzer,
    typed: &str,
) -> tantivy::Result<Option<String>> {
    let mut candidates: Vec<String> = neighbours(searcher, fields.words, typed)?
        .into_iter()
        .filter(|w| w.chars().count() >= MIN_CHARS)
        .take(CANDIDATES)
        .collect();
    for word in analyzer.query_words(typed) {
        let known = searcher.doc_freq(&Term::from_field_text(fields.words, &word.text))?;
        if known > 0 || word.text.chars().count() < 2 {
            continue;
        }
        for replacement in neighbours(searcher, fields.words, &word.text)?
            .into_iter()
            .take(CANDIDATES)
        {
            candidates.push(typed.replacen(&word.text, &replacement, 1));
        }
    }
    candidates.extend(bigram_readings(searcher, fields, typed)?);
    // A substitution or a swap first: a deletion's reading (失业保 for
    // 失业保检) is a fragment of many longer words and always common.
    let length = typed.chars().count();
    candidates.sort_by_key(|c| c.chars().count() != length);
    let mut best: Option<(bool, u32, String)> = None;
    for candidate in candidates {
        if candidate == typed {
            continue;
        }
        let Some(query) = literal_query(&candidate, fields.chars) else {
            continue;
        };
        let count = query.count(searcher)? as u32;
        let same_length = candidate.chars().count() == length;
        let better = best
            .as_ref()
            .is_none_or(|(same, n, _)| (same_length, count) > (*same, *n));
        if count >= MIN_PARAGRAPHS && better {
            best = Some((same_length, count, candidate));
        }
    }
    Ok(best.map(|(_, _, c)| c))
}

/// The byte range of the terms that begin with `first`.
fn prefix_range(first: char) -> (Vec<u8>, Vec<u8>) {
    let from = first.to_string().into_bytes();
    let mut to = from.clone();
    // UTF-8 orders as code points: the next code point's bytes end the range.
    match char::from_u32(first as u32 + 1) {
        Some(next) => to = next.to_string().into_bytes(),
        None => to.push(0xff),
    }
    (from, to)
}

/// Readings of `typed` with its rarest character bigram replaced by a
/// bigram one edit from it (保检 → 保险): where jieba cuts the term into
/// pieces the index holds (失业|保险), no word is one edit away.
fn bigram_readings(
    searcher: &Searcher,
    fields: &Fields,
    typed: &str,
) -> tantivy::Result<Vec<String>> {
    let chars: Vec<char> = typed.chars().collect();
    let mut rarest: Option<(u64, usize)> = None;
    for i in 0..chars.len().saturating_sub(1) {
        let gram: String = chars[i..i + 2].iter().collect();
        let df = searcher.doc_freq(&Term::from_field_text(fields.chars, &gram))?;
        if rarest.is_none_or(|(least, _)| df < least) {
            rarest = Some((df, i));
        }
    }
    let Some((_, at)) = rarest else {
        return Ok(Vec::new());
    };
    let gram: String = chars[at..at + 2].iter().collect();
    let readings = neighbours(searcher, fields.chars, &gram)?
        .into_iter()
        .filter(|n| n.chars().count() == 2)
        .take(CANDIDATES)
        .map(|n| {
            let mut reading: String = chars[..at].iter().collect();
            reading.push_str(&n);
            reading.extend(&chars[at + 2..]);
            reading
        })
        .collect();
    Ok(readings)
}

/// The terms of `field` one edit from `typed` that begin with its first
/// character, commonest first. The first character is taken as typed: the
/// dictionary is then read over one prefix's range, not over every term
/// (a whole scan of the bigram field cost 50 ms).
fn neighbours(searcher: &Searcher, field: Field, typed: &str) -> tantivy::Result<Vec<String>> {
    let Some(first) = typed.chars().next() else {
        return Ok(Vec::new());
    };
    let (from, to) = prefix_range(first);
    let fuzzy = FuzzyTermQuery::new(Term::from_field_text(field, typed), 1, true);
    let mut counts: Vec<(String, u32)> = Vec::new();
    for reader in searcher.segment_readers() {
        let inverted = reader.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .search(fuzzy.automaton()?)
            .ge(&from)
            .lt(&to)
            .into_stream()?;
        while stream.advance() {
            let Ok(word) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            let df = stream.value().doc_freq;
            match counts.iter_mut().find(|(w, _)| w == word) {
                Some((_, n)) => *n += df,
                None => counts.push((word.to_string(), df)),
            }
        }
    }
    counts.retain(|(w, _)| w != typed);
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(counts.into_iter().map(|(w, _)| w).collect())
}
