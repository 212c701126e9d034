//! A literal as a tantivy query: the phrase of character n-grams that
//! matches exactly the paragraphs containing it (what a full match is
//! made of), and terms at their offsets as one query.

use tantivy::query::{BooleanQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::analysis::literal_grams;

/// Most terms a one-character gram may expand to (every bigram starting with
/// the character in one segment: at most the number of distinct characters
/// that follow it, a few thousand for the commonest).
const PREFIX_EXPANSIONS: u32 = 1 << 15;

/// The literal as a phrase of character n-grams (`None` if it has no letter
/// or digit). A one-character run inside the literal is followed by
/// punctuation or a space there, and so in any text containing the literal:
/// the text indexes it as a unigram, an exact term. Only at the very end of
/// the literal may the text go on with more letters, so a final
/// one-character run matches any gram starting with it: a prefix.
pub fn literal_query(literal: &str, chars_field: Field) -> Option<Box<dyn Query>> {
    let grams = literal_grams(literal);
    let (last_offset, last_gram) = grams.last()?;
    let prefix = last_gram.chars().count() == 1 && last_offset + 1 == literal.chars().count();
    let mut terms: Vec<(usize, Term)> = grams
        .iter()
        .map(|(offset, gram)| (*offset, Term::from_field_text(chars_field, gram)))
        .collect();
    if !prefix {
        return Some(positioned_query(terms));
    }
    let prefix_query = |terms: Vec<(usize, Term)>| -> Box<dyn Query> {
        let mut query = PhrasePrefixQuery::new_with_offset(terms);
        query.set_max_expansions(PREFIX_EXPANSIONS);
        Box::new(query)
    };
    let suffix = terms.pop()?;
    let Some(anchor) = terms.last().cloned() else {
        return Some(prefix_query(vec![suffix]));
    };
    // tantivy's phrase-prefix scorer places the prefix right after the last
    // phrase term when the phrase has several terms; ours stands after a gap
    // (the punctuation that ended the previous run). Pin the prefix to the
    // last gram, where any gap is honoured, and the rest as a plain phrase.
    let tail = prefix_query(vec![anchor, suffix]);
    if terms.len() == 1 {
        return Some(tail);
    }
    Some(Box::new(BooleanQuery::new(vec![
        (Occur::Must, positioned_query(terms)),
        (Occur::Must, tail),
    ])))
}

/// Terms at their offsets (at least one) as one query: the term itself, or
/// the phrase of them.
pub(crate) fn positioned_query(mut terms: Vec<(usize, Term)>) -> Box<dyn Query> {
    if terms.len() == 1 {
        Box::new(TermQuery::new(
            terms.remove(0).1,
            IndexRecordOption::WithFreqs,
        ))
    } else {
        Box::new(PhraseQuery::new_with_offset(terms))
    }
}
