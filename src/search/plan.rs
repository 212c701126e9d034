//! Turning a parsed query into tantivy queries.
//!
//! What *matches* is literal: every term the user typed is looked up as a
//! string in the character n-gram field (a phrase of bigrams), after the
//! normalization the index applies, so a full match contains what was typed
//! and nothing else counts as one. How full matches *rank* is word-aware:
//! the jieba words of each term add score where they stand as words (市长 as
//! a word ranks above 市长 inside 南京市长江大桥), and so does the query
//! standing together as typed.
//!
//! When too few paragraphs match in full, the page is filled by two looser
//! tiers over the query's [`Keyword`]s (its jieba words): paragraphs with
//! every keyword, then paragraphs with most of them. See [`Tier`].

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::expand::{self, Origin};
use super::join::TitleJoin;
use super::keywords;
pub use super::keywords::Keyword;
pub use super::literal::literal_query;
use super::literal::positioned_query;
use super::parse::{Atom, ParsedQuery, Scope};
use crate::analysis::{literal_grams, term_literal, Analyzer, QueryWord};
use crate::index::Fields;

/// Weight of a term's jieba words standing as words in the paragraph.
const WORD_BOOST: f32 = 2.0;
/// Weight of a literal (character n-gram) match.
pub(super) const CHAR_BOOST: f32 = 1.0;
/// Weight of a query term found in the document's title.
const TITLE_BOOST: f32 = 1.0;
/// Weight of all terms standing together exactly as typed.
const EXACT_BOOST: f32 = 0.5;
/// Weight of all terms standing close together.
const NEAR_BOOST: f32 = 0.3;
/// Weight of a quoted phrase found as typed in a partial hit's paragraph:
/// the user named it, so it is the strongest evidence there is.
const PHRASE_BOOST: f32 = 3.0;
/// Weight of an unquoted typed term found as typed in a partial hit's
/// paragraph (over the keywords it is made of).
const TYPED_BOOST: f32 = 2.0;
/// How far apart (in characters) terms may stand to count as close.
const NEAR_SLOP: u32 = 12;

/// One searchable term after analysis: a word typed between spaces, or a
/// quoted phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    /// The normalized literal: what must be found, and what is highlighted.
    pub literal: String,
    /// The literal cut into jieba words (default mode), with char offsets.
    pub words: Vec<QueryWord>,
    /// Where it must match.
    pub scope: Scope,
    /// It was quoted: an exact phrase stays required in partial hits too.
    pub phrase: bool,
    /// `None` for a term as typed; for a synonym searched in its place,
    /// what was typed and where the equivalence comes from.
    pub origin: Option<Origin>,
}

/// A positive requirement: any of its alternatives (joined by `OR`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// The terms, any one of which satisfies the requirement.
    pub alternatives: Vec<QueryTerm>,
}

impl Requirement {
    /// The alternatives as typed (their equivalents left out).
    pub fn typed(&self) -> impl Iterator<Item = &QueryTerm> {
        self.alternatives.iter().filter(|t| t.origin.is_none())
    }

    /// Whether any alternative may be found in paragraph text (not only in
    /// titles, as `title:` terms are).
    fn reaches_text(&self) -> bool {
        self.alternatives.iter().any(|t| t.scope == Scope::Text)
    }

    /// Whether partial hits must meet it as typed: every alternative is a
    /// quoted phrase or a `title:` term, which the user asked for exactly.
    fn is_strict(&self) -> bool {
        self.alternatives
            .iter()
            .all(|t| t.phrase || t.scope == Scope::Title)
    }
}

/// The passes that fill a results page, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    /// Every term literally in the paragraph or its title, at least one in
    /// the paragraph: a full match, counted in `total_hits`.
    Full,
    /// Every keyword in the paragraph or its title, but not as typed
    /// (学习 … 强国 for 学习强国): partial.
    AllKeywords,
    /// Some of the keywords, ordered by how much of the query's weight they
    /// cover: partial.
    SomeKeywords,
}

/// The analysed query, ready to become tantivy queries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryPlan {
    /// What every full match must contain.
    pub required: Vec<Requirement>,
    /// What no hit may contain.
    pub excluded: Vec<Requirement>,
    /// The jieba words of the unquoted paragraph-text terms, stop words
    /// dropped, each once: what partial tiers look for.
    pub keywords: Vec<Keyword>,
    /// Official forms related to the everyday words of the unquoted
    /// paragraph-text terms ([`crate::analysis::related`]): evidence for
    /// partial hits only.
    pub related: Vec<String>,
}

impl QueryPlan {
    /// Analyses a parsed query.
    pub fn new(parsed: &ParsedQuery, analyzer: &Analyzer) -> QueryPlan {
        let mut plan = QueryPlan::default();
        for clause in &parsed.clauses {
            let mut alternatives: Vec<QueryTerm> = clause
                .alternatives
                .iter()
                .filter_map(|atom| query_term(atom, analyzer))
                .collect();
            let equivalents: Vec<QueryTerm> = alternatives
                .iter()
                .flat_map(|t| expand::equivalents(t, analyzer))
                .collect();
            alternatives.extend(equivalents);
            if alternatives.is_empty() {
                continue;
            }
            let requirement = Requirement { alternatives };
            if clause.negated {
                plan.excluded.push(requirement);
            } else {
                plan.required.push(requirement);
            }
        }
        plan.derive(analyzer);
        plan
    }

    /// The plan with the text term `typed` read as `meant` (a suggested
    /// correction, taken for partial hits).
    pub fn corrected(&self, typed: &str, meant: &str, analyzer: &Analyzer) -> QueryPlan {
        let mut plan = self.clone();
        for term in plan
            .required
            .iter_mut()
            .flat_map(|r| r.alternatives.iter_mut())
        {
            if term.scope == Scope::Text && term.literal == typed {
                term.literal = meant.to_string();
                term.words = analyzer.query_words(meant);
            }
        }
        plan.derive(analyzer);
        plan
    }

    /// The plan with the quoted phrase `literal` searched as its words (a
    /// phrase found nowhere as typed).
    pub fn unquoted(&self, literal: &str, analyzer: &Analyzer) -> QueryPlan {
        let mut plan = self.clone();
        for term in plan
            .required
            .iter_mut()
            .flat_map(|r| r.alternatives.iter_mut())
        {
            if term.phrase && term.literal == literal {
                term.phrase = false;
            }
        }
        plan.derive(analyzer);
        plan
    }

    /// Sets what follows from the requirements: the keywords and the
    /// related forms.
    fn derive(&mut self, analyzer: &Analyzer) {
        (self.keywords, self.related) = keywords::of(&self.required, analyzer);
    }

    /// The quoted phrases that reach paragraph text.
    pub fn phrases(&self) -> impl Iterator<Item = &QueryTerm> {
        self.positive_terms()
            .filter(|t| t.phrase && t.scope == Scope::Text)
    }

    /// Whether nothing searchable is left (only punctuation was typed).
    pub fn is_empty(&self) -> bool {
        self.required.is_empty()
    }

    /// All positive terms as typed (synonyms searched for them left out).
    pub fn positive_terms(&self) -> impl Iterator<Item = &QueryTerm> {
        self.every_term().filter(|t| t.origin.is_none())
    }

    /// All positive terms and their equivalents: what a full match may hold,
    /// and what is highlighted.
    pub fn every_term(&self) -> impl Iterator<Item = &QueryTerm> {
        self.required.iter().flat_map(|r| r.alternatives.iter())
    }

    /// Whether some requirement can be met in paragraph text; a query of
    /// `title:` terms alone finds documents, one hit each.
    pub fn reaches_text(&self) -> bool {
        self.required.iter().any(Requirement::reaches_text)
    }

    /// The query of a tier. [`Tier::Full`] is exact; the partial tiers also
    /// match paragraphs of earlier tiers, which the page skips.
    pub fn tier_query(&self, tier: Tier, fields: &Fields) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        match tier {
            Tier::Full => match self.required.as_slice() {
                // One requirement of paragraph-text terms: a term in the
                // paragraph is the requirement and the anchor at once, and
                // the title only adds score. Same matches, same scores as
                // the general form, with each literal looked for once.
                [only] if only.alternatives.iter().all(|t| t.scope == Scope::Text) => {
                    clauses.push((Occur::Must, requirement_query(only, fields, false)));
                    clauses.extend(title_evidence(only.alternatives.iter(), fields));
                    clauses.extend(self.word_evidence(fields));
                }
                required => {
                    for r in required {
                        clauses.push((Occur::Must, requirement_query(r, fields, true)));
                    }
                    clauses.push((Occur::Must, self.text_anchor(fields)));
                    clauses.extend(self.word_evidence(fields));
                }
            },
            Tier::AllKeywords | Tier::SomeKeywords => {
                let keywords = self.keyword_queries(fields, tier == Tier::AllKeywords);
                clauses.push((Occur::Must, keywords));
                clauses.push((Occur::Must, self.keyword_anchor(fields)));
                // Among partial hits a quoted phrase is evidence (below),
                // not a filter that can empty the page.
                let strict = self.required.iter().filter(|r| r.is_strict());
                if tier == Tier::AllKeywords {
                    for r in strict {
                        clauses.push((Occur::Must, requirement_query(r, fields, true)));
                    }
                }
                if tier == Tier::SomeKeywords {
                    // Character evidence: a mistyped or differently cut
                    // word (农名工) still shares bigrams with the text.
                    clauses.push(boosted(self.chars_query(fields), CHAR_BOOST));
                    // A term as typed outranks its fragments (学习强国 over
                    // 学习), a quoted phrase most of all.
                    clauses.extend(self.typed_evidence(fields));
                }
            }
        }
        clauses.extend(self.exclusions(fields));
        clauses.extend(self.proximity(fields));
        Box::new(BooleanQuery::new(clauses))
    }

    /// Score for each text term found as typed in the paragraph.
    fn typed_evidence(&self, fields: &Fields) -> Vec<(Occur, Box<dyn Query>)> {
        self.positive_terms()
            .filter(|t| t.scope == Scope::Text)
            .filter_map(|t| {
                let boost = if t.phrase { PHRASE_BOOST } else { TYPED_BOOST };
                literal_query(&t.literal, fields.chars).map(|q| boosted(q, boost))
            })
            .collect()
    }

    /// First paragraphs (title carriers) of documents whose title meets
    /// every requirement; with [`QueryPlan::any_in_text`] this finds
    /// documents that match on their title alone. Excluded terms are looked
    /// for in the title.
    pub fn title_query(&self, fields: &Fields) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = self
            .required
            .iter()
            .map(|r| (Occur::Must, alternatives_in(r, fields.title_chars)))
            .collect();
        for r in &self.excluded {
            clauses.push((Occur::MustNot, alternatives_in(r, fields.title_chars)));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Paragraphs containing any positive term as typed, or an equivalent.
    pub fn any_in_text(&self, fields: &Fields) -> Box<dyn Query> {
        let any: Vec<(Occur, Box<dyn Query>)> = self
            .every_term()
            .filter(|t| t.scope == Scope::Text)
            .filter_map(|t| literal_query(&t.literal, fields.chars))
            .map(|q| (Occur::Should, q))
            .collect();
        Box::new(BooleanQuery::new(any))
    }

    /// Baseline for evaluation: BM25 over the keywords (the jieba words of
    /// the terms, stop words dropped), all required (`conjunctive`) or any;
    /// no literals, titles or proximity. Exclusions still apply.
    pub fn baseline_query(&self, fields: &Fields, conjunctive: bool) -> Box<dyn Query> {
        let occur = if conjunctive {
            Occur::Must
        } else {
            Occur::Should
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = self
            .keywords
            .iter()
            .map(|k| (occur, word_query(fields.words, &k.text)))
            .collect();
        clauses.extend(self.exclusions(fields));
        Box::new(BooleanQuery::new(clauses))
    }

    /// Baseline for evaluation: BM25 over every character gram of the
    /// positive terms, any of them.
    pub fn chars_query(&self, fields: &Fields) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = self
            .positive_terms()
            .flat_map(|t| literal_grams(&t.literal))
            .map(|(_, gram)| (Occur::Should, word_query(fields.chars, &gram)))
            .collect();
        clauses.extend(self.exclusions(fields));
        Box::new(BooleanQuery::new(clauses))
    }

    /// One query per keyword: the keyword as a word or a literal, in the
    /// paragraph (scored) or its title.
    pub fn keyword_query(&self, keyword: &Keyword, fields: &Fields) -> Box<dyn Query> {
        let text = self.keyword_in_text(keyword, fields);
        let title = in_title(self.keyword_in_title(keyword, fields), fields);
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, text),
            (Occur::Should, Box::new(BoostQuery::new(title, TITLE_BOOST))),
        ]))
    }

    /// The keyword (or an official form standing for it) in the
    /// document's title only (matching its first paragraph, which carries
    /// the title).
    pub fn keyword_in_title(&self, keyword: &Keyword, fields: &Fields) -> Box<dyn Query> {
        keywords::keyword_or_related(keyword, fields.title_words, fields.title_chars)
    }

    /// The keyword (or an official form standing for it) in the
    /// paragraph's text only.
    pub fn keyword_in_text(&self, keyword: &Keyword, fields: &Fields) -> Box<dyn Query> {
        keywords::keyword_or_related(keyword, fields.words, fields.chars)
    }

    /// Every keyword (`all`) or any of them, each in the paragraph or title;
    /// with any, a quoted phrase or a related official form in the
    /// paragraph counts as one too.
    fn keyword_queries(&self, fields: &Fields, all: bool) -> Box<dyn Query> {
        let occur = if all { Occur::Must } else { Occur::Should };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = self
            .keywords
            .iter()
            .map(|k| (occur, self.keyword_query(k, fields)))
            .collect();
        if !all {
            clauses.extend(
                self.phrases()
                    .map(|t| t.literal.as_str())
                    .chain(self.related.iter().map(String::as_str))
                    .filter_map(|literal| literal_query(literal, fields.chars))
                    .map(|q| (Occur::Should, q)),
            );
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// A partial hit rests on something in the paragraph itself: a keyword
    /// of two or more characters when the query has one (a lone 到 or 道
    /// matches nearly every paragraph), else any keyword.
    fn keyword_anchor(&self, fields: &Fields) -> Box<dyn Query> {
        let has_long = self.keywords.iter().any(|k| !k.is_single_char());
        let mut anchor: Vec<(Occur, Box<dyn Query>)> = self
            .keywords
            .iter()
            .filter(|k| !has_long || !k.is_single_char())
            .map(|k| (Occur::Should, self.keyword_in_text(k, fields)))
            .collect();
        // A quoted phrase in the paragraph anchors it too, and so does an
        // official form of the query's everyday words.
        anchor.extend(
            self.phrases()
                .map(|t| t.literal.as_str())
                .chain(self.related.iter().map(String::as_str))
                .filter_map(|literal| literal_query(literal, fields.chars))
                .map(|q| (Occur::Should, q)),
        );
        Box::new(ConstScoreQuery::new(
            Box::new(BooleanQuery::new(anchor)),
            0.0,
        ))
    }

    /// A full match has at least one term in the paragraph itself: a title
    /// match alone does not make every paragraph of a document a hit (those
    /// documents get one title-only hit instead). Scores nothing; the
    /// requirements already score it.
    fn text_anchor(&self, fields: &Fields) -> Box<dyn Query> {
        Box::new(ConstScoreQuery::new(self.any_in_text(fields), 0.0))
    }

    /// Excluded terms, as typed, in the paragraph.
    fn exclusions(&self, fields: &Fields) -> Vec<(Occur, Box<dyn Query>)> {
        self.excluded
            .iter()
            .map(|r| (Occur::MustNot, requirement_query(r, fields, false)))
            .collect()
    }

    /// Score for each term's jieba words standing as words in the paragraph
    /// (a term typed as 市长 ranks a paragraph about a 市长 above 南京市长江大桥).
    fn word_evidence(&self, fields: &Fields) -> Vec<(Occur, Box<dyn Query>)> {
        self.words_in(fields.words)
    }

    /// The same evidence in the title, for documents that match on their
    /// title alone: their title is scored as a paragraph would be.
    pub fn title_word_evidence(&self, fields: &Fields) -> Vec<(Occur, Box<dyn Query>)> {
        self.words_in(fields.title_words)
    }

    fn words_in(&self, field: Field) -> Vec<(Occur, Box<dyn Query>)> {
        self.every_term()
            .filter(|t| t.scope == Scope::Text && !t.words.is_empty())
            .map(|t| {
                let words = t
                    .words
                    .iter()
                    .map(|w| (w.char_offset, Term::from_field_text(field, &w.text)))
                    .collect();
                let query = BoostQuery::new(positioned_query(words), WORD_BOOST);
                (Occur::Should, Box::new(query) as Box<dyn Query>)
            })
            .collect()
    }

    /// Evidence that the terms stand together: the exact concatenation as a
    /// literal, and the words within a few characters of each other. Only for
    /// queries of several plain text terms (no OR), where order is meaningful.
    fn proximity(&self, fields: &Fields) -> Vec<(Occur, Box<dyn Query>)> {
        let terms: Vec<&QueryTerm> = self
            .required
            .iter()
            .filter_map(|r| match r.typed().collect::<Vec<_>>().as_slice() {
                [only] => Some(*only),
                _ => None,
            })
            .filter(|t| t.scope == Scope::Text)
            .collect();
        if terms.len() < 2 {
            return Vec::new();
        }
        let joined: String = terms.iter().map(|t| t.literal.as_str()).collect();
        let mut evidence = Vec::new();
        if let Some(exact) = literal_query(&joined, fields.chars) {
            evidence.push(boosted(exact, EXACT_BOOST));
        }
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
        if positioned.len() >= 2 {
            let near = PhraseQuery::new_with_offset_and_slop(positioned, NEAR_SLOP);
            evidence.push(boosted(Box::new(near), NEAR_BOOST));
        }
        evidence
    }
}

pub(super) fn boosted(query: Box<dyn Query>, boost: f32) -> (Occur, Box<dyn Query>) {
    (Occur::Should, Box::new(BoostQuery::new(query, boost)))
}

/// The term of one atom, or `None` when it holds nothing searchable. A word
/// and a phrase are both literals; a phrase may hold spaces, compared as a
/// paragraph holds them ([`term_literal`]).
fn query_term(atom: &Atom, analyzer: &Analyzer) -> Option<QueryTerm> {
    let words = analyzer.query_words(&atom.text);
    let literal = term_literal(&atom.text);
    literal_grams(&literal).first()?;
    Some(QueryTerm {
        literal,
        words,
        scope: atom.scope,
        phrase: atom.phrase,
        origin: None,
    })
}

/// The query for one requirement: any alternative, as typed, in the
/// paragraph, or (with `or_title`, and always for `title:` terms) in the
/// document's title.
fn requirement_query(requirement: &Requirement, fields: &Fields, or_title: bool) -> Box<dyn Query> {
    let terms = &requirement.alternatives;
    let mut either: Vec<(Occur, Box<dyn Query>)> = terms
        .iter()
        .filter(|t| t.scope == Scope::Text)
        .filter_map(|t| literal_query(&t.literal, fields.chars))
        .map(|q| boosted(q, CHAR_BOOST))
        .collect();
    let in_titles = terms.iter().filter(|t| or_title || t.scope == Scope::Title);
    either.extend(title_evidence(in_titles, fields));
    Box::new(BooleanQuery::new(either))
}

/// Every paragraph of the documents whose title matches `title_query` (a
/// query on the title fields), scored per document.
pub fn in_title(title_query: Box<dyn Query>, fields: &Fields) -> Box<dyn Query> {
    Box::new(TitleJoin::new(title_query, first_paragraph(fields)))
}

/// The term that marks a document's first paragraph, which carries its
/// title's tokens.
pub fn first_paragraph(fields: &Fields) -> Term {
    Term::from_field_u64(fields.paragraph, 1)
}

/// Score for each of `terms` found, as typed, in the document's title.
fn title_evidence<'a>(
    terms: impl Iterator<Item = &'a QueryTerm>,
    fields: &Fields,
) -> Vec<(Occur, Box<dyn Query>)> {
    terms
        .filter_map(|t| literal_query(&t.literal, fields.title_chars))
        .map(|q| boosted(in_title(q, fields), TITLE_BOOST))
        .collect()
}

/// Any alternative of `requirement` as a literal of `field`.
fn alternatives_in(requirement: &Requirement, field: Field) -> Box<dyn Query> {
    let any = requirement
        .alternatives
        .iter()
        .filter_map(|t| literal_query(&t.literal, field))
        .map(|q| (Occur::Should, q))
        .collect();
    Box::new(BooleanQuery::new(any))
}

/// A jieba word as a word token (ranks high) or as a literal (recall where
/// jieba cut the text otherwise).
pub(super) fn word_or_literal(
    word: &str,
    words_field: Field,
    chars_field: Field,
) -> Box<dyn Query> {
    let mut either: Vec<(Occur, Box<dyn Query>)> =
        vec![boosted(word_query(words_field, word), WORD_BOOST)];
    if let Some(literal) = literal_query(word, chars_field) {
        either.push(boosted(literal, CHAR_BOOST));
    }
    Box::new(BooleanQuery::new(either))
}

fn word_query(field: Field, word: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, word),
        IndexRecordOption::WithFreqs,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::parse;

    fn plan(query: &str) -> QueryPlan {
        QueryPlan::new(&parse(query).expect("parses"), &Analyzer::new())
    }

    #[test]
    fn an_unbroken_word_is_one_literal_requirement() {
        let p = plan("学习强国");
        assert_eq!(p.required.len(), 1);
        assert_eq!(p.required[0].alternatives[0].literal, "学习强国");
        let keywords: Vec<&str> = p.keywords.iter().map(|k| k.text.as_str()).collect();
        assert_eq!(keywords, ["学习", "强国"]);
    }

    #[test]
    fn terms_are_normalized_literals() {
        let p = plan("ＡＰＰ 黨史");
        let literals: Vec<&str> = p.positive_terms().map(|t| t.literal.as_str()).collect();
        assert_eq!(literals, ["app", "党史"]);
    }

    #[test]
    fn stop_words_leave_the_keywords_not_the_literal() {
        let p = plan("鹤山市的学校");
        assert_eq!(p.required[0].alternatives[0].literal, "鹤山市的学校");
        assert!(
            p.keywords.iter().all(|k| k.text != "的"),
            "{:?}",
            p.keywords
        );
        // A query of stop words alone still has something to look for.
        assert!(!plan("的").keywords.is_empty());
    }

    #[test]
    fn punctuation_only_terms_are_dropped() {
        assert!(plan("，。").is_empty());
        assert_eq!(plan("党史 ，").required.len(), 1);
    }

    #[test]
    fn or_makes_one_requirement_and_title_terms_do_not_reach_text() {
        let p = plan("党史 OR 党建 title:通知");
        assert_eq!(p.required.len(), 2);
        assert_eq!(p.required[0].alternatives.len(), 2);
        assert!(p.reaches_text());
        assert!(!plan("title:通知").reaches_text());
        assert!(p.keywords.iter().all(|k| k.text != "通知"));
    }

    #[test]
    fn quoted_phrases_give_no_keywords() {
        assert!(plan("\"党史学习教育\"").keywords.is_empty());
        let p = plan("\"党史学习\" 鹤山");
        let keywords: Vec<&str> = p.keywords.iter().map(|k| k.text.as_str()).collect();
        assert_eq!(keywords, ["鹤山"]);
        assert!(p.required[0].is_strict() && !p.required[1].is_strict());
    }
}
