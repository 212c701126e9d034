//! "Did you mean": a typed word found nowhere, one edit away from a word
//! the index holds often (失业保检 → 失业保险).
//!
//! The candidates are the `words` field's terms within one edit (a
//! substitution or a swap of characters: the reading keeps the typed
//! length) of the term or of one of its jieba words that the index lacks,
//! found by streaming the term dictionary through tantivy's Levenshtein
//! automaton, as its `FuzzyTermQuery` does. A reading that sounds the same
//! wins, then the one the index holds most often ([`nearest_word`]). Only terms of three characters or more are
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

/// Shortest term corrected into a reading that does not sound the same:
/// three characters with one changed are too often another real phrase.
const MIN_CHARS_UNLIKE: usize = 4;

/// Longest term corrected, in characters: a word or a name, not a pasted
/// sentence, which is found nowhere as typed by nature.
const MAX_CHARS: usize = 8;

/// Readings tried per word: the commonest neighbours in the index.
const CANDIDATES: usize = 12;

/// Fewest paragraphs the suggested word must stand in: a correction to a
/// word as rare as the typo is no correction.
const MIN_PARAGRAPHS: u32 = 5;

/// How many times more paragraphs must hold a reading's bigram than the
/// typed one it replaces for the typed one to count as broken
/// ([`broken_where_changed`]).
const BROKEN_RATIO: u64 = 20;

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

/// The reading of `typed` most likely meant, if any: the same length with
/// one character changed (or two swapped), held as a literal by at least
/// [`MIN_PARAGRAPHS`] paragraphs (a reading over four characters, by one).
///
/// A reading comes from the `words` dictionary (the whole term one edit
/// from a word, or one of its words the index lacks replaced by a word one
/// edit from it), or from one of the term's bigrams one edit from a bigram
/// the index holds. A reading that sounds the same wins: a typo typed with
/// a pinyin input method is a homophone (补帖 for 补贴, 年令 for 年龄). A
/// reading that does not sound the same is taken only in a term of
/// [`MIN_CHARS_UNLIKE`] characters or more (失业保检 → 失业保险, 营商坏境 →
/// 营商环境) and only when [`MIN_PARAGRAPHS`] paragraphs hold it. Otherwise
/// a rare but real phrase (最多罚, 评职称, 停暖费) would be "corrected" into
/// a common one (最多时, 评论称, 停车费).
fn nearest_word(
    searcher: &Searcher,
    fields: &Fields,
    analyzer: &Analyzer,
    typed: &str,
) -> tantivy::Result<Option<String>> {
    let length = typed.chars().count();
    let mut readings: Vec<(bool, String)> = word_readings(searcher, fields, analyzer, typed)?
        .into_iter()
        .map(|w| (sounds_alike(typed, &w), w))
        .filter(|(homophone, _)| *homophone || length >= MIN_CHARS_UNLIKE)
        .collect();
    readings.extend(bigram_readings(searcher, fields, typed)?);
    let mut best: Option<(bool, u32, String)> = None;
    for (homophone, reading) in readings {
        if reading == typed || reading.chars().count() != length {
            continue;
        }
        if !homophone && !broken_where_changed(searcher, fields, typed, &reading)? {
            continue;
        }
        let Some(query) = literal_query(&reading, fields.chars) else {
            continue;
        };
        let count = query.count(searcher)? as u32;
        let better = best
            .as_ref()
            .is_none_or(|(alike, n, _)| (homophone, count) > (*alike, *n));
        // A long reading that sounds the same is a phrase: found even once
        // where the typed one is found nowhere, it is what was meant.
        let least = if homophone && length > MIN_CHARS_UNLIKE {
            1
        } else {
            MIN_PARAGRAPHS
        };
        if count >= least && better {
            best = Some((homophone, count, reading));
        }
    }
    Ok(best.map(|(_, _, reading)| reading))
}

/// Whether every bigram of `typed` that holds a character `reading`
/// changes looks broken: fewer than [`MIN_PARAGRAPHS`] paragraphs hold it,
/// or [`BROKEN_RATIO`] times fewer than hold the reading's bigram there.
/// 营商坏境 → 营商环境 qualifies (商坏 and 坏境 are nearly nowhere), and so
/// does 失业保检 → 失业保险 (保检 36 paragraphs, 保险 3,912); 受灾职工 →
/// 受伤职工 does not (受灾 is as common as 受伤: 受灾职工 is a real phrase
/// the corpus lacks, not a typo).
fn broken_where_changed(
    searcher: &Searcher,
    fields: &Fields,
    typed: &str,
    reading: &str,
) -> tantivy::Result<bool> {
    let chars: Vec<char> = typed.chars().collect();
    let changed: Vec<usize> = typed
        .chars()
        .zip(reading.chars())
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, _)| i)
        .collect();
    for at in 0..chars.len().saturating_sub(1) {
        if !changed.contains(&at) && !changed.contains(&(at + 1)) {
            continue;
        }
        let df = |gram: String| searcher.doc_freq(&Term::from_field_text(fields.chars, &gram));
        let typed_df = df(chars[at..at + 2].iter().collect())?;
        let reading_df = df(reading.chars().skip(at).take(2).collect())?;
        if typed_df >= u64::from(MIN_PARAGRAPHS) && typed_df * BROKEN_RATIO > reading_df {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether `reading` differs from `typed` only in characters that share a
/// pinyin reading (tones aside; any reading of a character with several).
fn sounds_alike(typed: &str, reading: &str) -> bool {
    use pinyin::ToPinyinMulti;
    let differing: Vec<(char, char)> = typed
        .chars()
        .zip(reading.chars())
        .filter(|(a, b)| a != b)
        .collect();
    let readings = |c: char| -> Vec<&'static str> {
        c.to_pinyin_multi()
            .map(|multi| multi.into_iter().map(|p| p.plain()).collect())
            .unwrap_or_default()
    };
    typed.chars().count() == reading.chars().count()
        && !differing.is_empty()
        && differing.iter().all(|&(a, b)| {
            let of_b = readings(b);
            readings(a).iter().any(|p| of_b.contains(p))
        })
}

/// Readings of `typed` of its own length from the `words` dictionary: the
/// whole term one edit from a word, or one of its words the index lacks
/// replaced by a word one edit from it.
fn word_readings(
    searcher: &Searcher,
    fields: &Fields,
    analyzer: &Analyzer,
    typed: &str,
) -> tantivy::Result<Vec<String>> {
    let length = typed.chars().count();
    let mut readings: Vec<String> = neighbours(searcher, fields.words, typed)?
        .into_iter()
        .filter(|w| w.chars().count() == length)
        .take(CANDIDATES)
        .collect();
    for word in analyzer.query_words(typed) {
        let known = searcher.doc_freq(&Term::from_field_text(fields.words, &word.text))?;
        let word_length = word.text.chars().count();
        if known > 0 || word_length < 2 {
            continue;
        }
        for replacement in neighbours(searcher, fields.words, &word.text)?
            .into_iter()
            .filter(|w| w.chars().count() == word_length)
            .take(CANDIDATES)
        {
            readings.push(typed.replacen(&word.text, &replacement, 1));
        }
    }
    Ok(readings)
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

/// Readings of `typed` with one of its character bigrams replaced by a
/// bigram the index holds one edit from it, each flagged when it sounds the
/// same (公基 → 公积); a reading that does not sound the same only for a term
/// of [`MIN_CHARS_UNLIKE`] characters or more. Where jieba cuts a term into
/// pieces the index holds (疫情|防空, 失业|保险), no word is one edit away.
/// A bigram's first character is kept as typed ([`neighbours`]), so the
/// bigrams together reach every character but the term's first.
fn bigram_readings(
    searcher: &Searcher,
    fields: &Fields,
    typed: &str,
) -> tantivy::Result<Vec<(bool, String)>> {
    let chars: Vec<char> = typed.chars().collect();
    let unlike = chars.len() >= MIN_CHARS_UNLIKE;
    let mut readings = Vec::new();
    for at in 0..chars.len().saturating_sub(1) {
        let gram: String = chars[at..at + 2].iter().collect();
        // The commonest homophones, and the commonest others: the others
        // must not crowd the homophones out (公基 has dozens of neighbours
        // commoner than 公积).
        let (alike, others): (Vec<_>, Vec<_>) = neighbours(searcher, fields.chars, &gram)?
            .into_iter()
            .filter(|n| n.chars().count() == 2)
            .map(|n| (sounds_alike(&gram, &n), n))
            .partition(|(homophone, _)| *homophone);
        let others = others.into_iter().filter(|_| unlike).take(CANDIDATES);
        for (homophone, replacement) in alike.into_iter().take(CANDIDATES).chain(others) {
            let mut reading: String = chars[..at].iter().collect();
            reading.push_str(&replacement);
            reading.extend(&chars[at + 2..]);
            readings.push((homophone, reading));
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_homophone_sounds_alike_and_another_character_does_not() {
        assert!(sounds_alike("补帖", "补贴"));
        assert!(sounds_alike("住房公基金", "住房公积金"));
        // A character with several readings matches on any of them.
        assert!(sounds_alike("长度", "常度"));
        assert!(!sounds_alike("失业保检", "失业保险"));
        assert!(!sounds_alike("最多能", "最多时"));
        assert!(!sounds_alike("补贴", "补贴"));
        assert!(!sounds_alike("补贴", "补贴费"));
    }
}
