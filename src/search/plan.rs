//! Turning a parsed query into tantivy queries.
//!
//! Every term is looked up twice: as a jieba word (precise, ranks high) and as
//! a literal string of the character n-gram field (recall that never depends
//! on how jieba cut the paragraph). A paragraph matches a term if either
//! matches; it scores for both, so word matches outrank mere substrings.

use tantivy::query::{
    BooleanQuery, BoostQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::parse::{Atom, ParsedQuery, Scope};
use crate::analysis::{is_stop_word, literal_grams, normalize, Analyzer, QueryWord};
use crate::index::Fields;
use crate::ingest::clean::normalize_line;

/// Weight of a match on jieba words.
const WORD_BOOST: f32 = 2.0;
/// Weight of a literal (character n-gram) match.
const CHAR_BOOST: f32 = 1.0;
/// Weight of a query term found in the document's title.
const TITLE_BOOST: f32 = 1.0;
/// Weight of all terms standing together exactly as typed.
const EXACT_BOOST: f32 = 0.5;
/// Weight of all terms standing close together.
const NEAR_BOOST: f32 = 0.3;
/// How far apart (in characters) terms may stand to count as close.
const NEAR_SLOP: u32 = 12;

/// The exact-phrase query and, with enough words, the near query.
type ProximityQueries = (Box<dyn Query>, Option<Box<dyn Query>>);

/// One searchable term after analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    /// The normalized literal: what the n-gram field and highlights look for.
    pub literal: String,
    /// The literal cut into jieba words (default mode), with char offsets.
    pub words: Vec<QueryWord>,
    /// Where it must match.
    pub scope: Scope,
}

/// A positive requirement: any of its alternatives, each a set of terms that
/// must all match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// Alternatives joined by `OR`.
    pub alternatives: Vec<Vec<QueryTerm>>,
}

/// The analysed query, ready to become tantivy queries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryPlan {
    /// What every hit must contain.
    pub required: Vec<Requirement>,
    /// What no hit may contain.
    pub excluded: Vec<Requirement>,
}

impl QueryPlan {
    /// Analyses a parsed query. Stop words are dropped from bare words unless
    /// that would leave the query with nothing to search.
    pub fn new(parsed: &ParsedQuery, analyzer: &Analyzer) -> QueryPlan {
        let mut plan = QueryPlan::default();
        let plan_with = |keep_stop_words: bool| {
            let mut plan = QueryPlan::default();
            for clause in &parsed.clauses {
                let alternatives: Vec<Vec<QueryTerm>> = clause
                    .alternatives
                    .iter()
                    .map(|atom| atom_terms(atom, analyzer, keep_stop_words))
                    .filter(|terms| !terms.is_empty())
                    .collect();
                if alternatives.is_empty() {
                    continue;
                }
                if clause.negated {
                    // `-党史学习` excludes paragraphs having all its words.
                    plan.excluded.push(Requirement { alternatives });
                } else if let [terms] = alternatives.as_slice() {
                    // Without OR, each word is a requirement of its own, so
                    // the partial-match fallback can drop words one by one.
                    plan.required.extend(terms.iter().map(|t| Requirement {
                        alternatives: vec![vec![t.clone()]],
                    }));
                } else {
                    plan.required.push(Requirement { alternatives });
                }
            }
            plan
        };
        let without_stop_words = plan_with(false);
        if !without_stop_words.required.is_empty() {
            plan = without_stop_words;
        } else {
            let with_stop_words = plan_with(true);
            if !with_stop_words.required.is_empty() {
                plan = with_stop_words;
            }
        }
        plan
    }

    /// Whether nothing searchable is left (only punctuation was typed).
    pub fn is_empty(&self) -> bool {
        self.required.is_empty()
    }

    /// All positive terms, for highlighting.
    pub fn positive_terms(&self) -> impl Iterator<Item = &QueryTerm> {
        self.required
            .iter()
            .flat_map(|r| r.alternatives.iter().flatten())
    }

    /// The query every full hit matches: all requirements, no exclusion,
    /// ranked with title and proximity evidence.
    pub fn full_query(&self, fields: &Fields) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = self
            .required
            .iter()
            .map(|r| {
                (
                    Occur::Must,
                    requirement_query(r, fields, Within::ParagraphOrTitle),
                )
            })
            .collect();
        self.add_anchor_exclusions_and_evidence(&mut clauses, fields);
        Box::new(BooleanQuery::new(clauses))
    }

    /// Baseline for evaluation: BM25 over the jieba words of every positive
    /// term, all required (`conjunctive`) or any; no literals, titles or
    /// proximity. Exclusions still apply.
    pub fn baseline_query(&self, fields: &Fields, conjunctive: bool) -> Box<dyn Query> {
        let occur = if conjunctive {
            Occur::Must
        } else {
            Occur::Should
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = self
            .positive_terms()
            .flat_map(|t| t.words.iter())
            .map(|w| {
                let term = Term::from_field_text(fields.words, &w.text);
                (
                    occur,
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)) as Box<dyn Query>,
                )
            })
            .collect();
        for r in &self.excluded {
            clauses.push((
                Occur::MustNot,
                requirement_query(r, fields, Within::Paragraph),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// The query for partial hits: at least `minimum` of the requirements.
    pub fn partial_query(&self, fields: &Fields, minimum: usize) -> Box<dyn Query> {
        let should: Vec<(Occur, Box<dyn Query>)> = self
            .required
            .iter()
            .map(|r| {
                (
                    Occur::Should,
                    requirement_query(r, fields, Within::ParagraphOrTitle),
                )
            })
            .collect();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(
            Occur::Must,
            Box::new(BooleanQuery::with_minimum_required_clauses(should, minimum)),
        )];
        self.add_anchor_exclusions_and_evidence(&mut clauses, fields);
        Box::new(BooleanQuery::new(clauses))
    }

    /// Adds what every hit needs besides its requirements: at least one term
    /// in the paragraph itself (a title match alone does not make a paragraph
    /// relevant; it scores nothing, the requirements already score it), no
    /// excluded term, and the proximity bonus.
    fn add_anchor_exclusions_and_evidence(
        &self,
        clauses: &mut Vec<(Occur, Box<dyn Query>)>,
        fields: &Fields,
    ) {
        let in_paragraph: Vec<(Occur, Box<dyn Query>)> = self
            .required
            .iter()
            .filter(|r| {
                r.alternatives
                    .iter()
                    .flatten()
                    .any(|t| t.scope == Scope::Text)
            })
            .map(|r| {
                (
                    Occur::Should,
                    requirement_query(r, fields, Within::Paragraph),
                )
            })
            .collect();
        if !in_paragraph.is_empty() {
            let anchor = BooleanQuery::new(in_paragraph);
            clauses.push((
                Occur::Must,
                Box::new(BoostQuery::new(Box::new(anchor), 0.0)),
            ));
        }
        for r in &self.excluded {
            clauses.push((
                Occur::MustNot,
                requirement_query(r, fields, Within::Paragraph),
            ));
        }
        if let Some((exact, near)) = self.proximity_queries(fields) {
            clauses.push((Occur::Should, Box::new(BoostQuery::new(exact, EXACT_BOOST))));
            if let Some(near) = near {
                clauses.push((Occur::Should, Box::new(BoostQuery::new(near, NEAR_BOOST))));
            }
        }
    }

    /// Evidence that the terms stand together: the exact concatenation as a
    /// literal, and the words within a few characters of each other. Only for
    /// queries of several plain text terms (no OR), where order is meaningful.
    fn proximity_queries(&self, fields: &Fields) -> Option<ProximityQueries> {
        let terms: Vec<&QueryTerm> = self
            .required
            .iter()
            .filter(|r| r.alternatives.len() == 1)
            .flat_map(|r| r.alternatives[0].iter())
            .filter(|t| t.scope == Scope::Text)
            .collect();
        if terms.len() < 2 {
            return None;
        }
        let joined: String = terms.iter().map(|t| t.literal.as_str()).collect();
        let exact = literal_query(&joined, fields.chars)?;
        let mut offset = 0;
        let mut positioned = Vec::new();
        for term in &terms {
            for word in &term.words {
                positioned.push((
                    offset + word.char_offset,
                    Term::from_field_text(fields.words, &word.text),
                ));
            }
            offset += term.literal.chars().count();
        }
        let near: Option<Box<dyn Query>> = (positioned.len() >= 2).then(|| {
            Box::new(PhraseQuery::new_with_offset_and_slop(positioned, NEAR_SLOP)) as Box<dyn Query>
        });
        Some((exact, near))
    }
}

/// The terms of one atom: a phrase is one term; a bare word is one term per
/// jieba word, so its words may appear in any order.
fn atom_terms(atom: &Atom, analyzer: &Analyzer, keep_stop_words: bool) -> Vec<QueryTerm> {
    let words = analyzer.query_words(&atom.text);
    if atom.phrase {
        if words.is_empty() {
            return Vec::new();
        }
        // Paragraphs were cleaned line by line (whitespace runs collapsed to
        // one space); a phrase must be compared with them cleaned alike, or a
        // piece copied from the original file would not find itself.
        return vec![QueryTerm {
            literal: normalize(&normalize_line(&atom.text)).into_owned(),
            words,
            scope: atom.scope,
        }];
    }
    words
        .into_iter()
        .filter(|w| keep_stop_words || !is_stop_word(&w.text))
        .map(|w| QueryTerm {
            literal: w.text.clone(),
            words: vec![QueryWord {
                text: w.text,
                char_offset: 0,
            }],
            scope: atom.scope,
        })
        .collect()
}

/// Where a plain (not `title:`) term may be found to satisfy a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Within {
    /// In the paragraph's text only.
    Paragraph,
    /// In the paragraph's text or its document's title: queries often spread
    /// their words over the title and the body (政府工作报告 就业).
    ParagraphOrTitle,
}

/// The query for one requirement: any alternative, each with all its terms.
pub(crate) fn requirement_query(
    requirement: &Requirement,
    fields: &Fields,
    within: Within,
) -> Box<dyn Query> {
    let alternatives: Vec<(Occur, Box<dyn Query>)> = requirement
        .alternatives
        .iter()
        .map(|terms| {
            let all: Vec<(Occur, Box<dyn Query>)> = terms
                .iter()
                .map(|t| {
                    let q = match (t.scope, within) {
                        (Scope::Text, Within::Paragraph) => {
                            term_query(t, fields.words, fields.chars)
                        }
                        (Scope::Text, Within::ParagraphOrTitle) => {
                            let text = term_query(t, fields.words, fields.chars);
                            let title = term_query(t, fields.title, fields.title_chars);
                            Box::new(BooleanQuery::new(vec![
                                (Occur::Should, text),
                                (Occur::Should, Box::new(BoostQuery::new(title, TITLE_BOOST))),
                            ]))
                        }
                        (Scope::Title, _) => term_query(t, fields.title, fields.title_chars),
                    };
                    (Occur::Must, q)
                })
                .collect();
            (
                Occur::Should,
                Box::new(BooleanQuery::new(all)) as Box<dyn Query>,
            )
        })
        .collect();
    Box::new(BooleanQuery::new(alternatives))
}

/// A term as a word (or phrase of words) OR as a literal: either satisfies it.
fn term_query(term: &QueryTerm, words_field: Field, chars_field: Field) -> Box<dyn Query> {
    let mut either: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let word_terms: Vec<(usize, Term)> = term
        .words
        .iter()
        .map(|w| (w.char_offset, Term::from_field_text(words_field, &w.text)))
        .collect();
    let words_query = positioned_query(word_terms);
    either.push((
        Occur::Should,
        Box::new(BoostQuery::new(words_query, WORD_BOOST)),
    ));
    if let Some(literal) = literal_query(&term.literal, chars_field) {
        either.push((
            Occur::Should,
            Box::new(BoostQuery::new(literal, CHAR_BOOST)),
        ));
    }
    Box::new(BooleanQuery::new(either))
}

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
fn literal_query(literal: &str, chars_field: Field) -> Option<Box<dyn Query>> {
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
fn positioned_query(mut terms: Vec<(usize, Term)>) -> Box<dyn Query> {
    if terms.len() == 1 {
        Box::new(TermQuery::new(
            terms.remove(0).1,
            IndexRecordOption::WithFreqs,
        ))
    } else {
        Box::new(PhraseQuery::new_with_offset(terms))
    }
}
