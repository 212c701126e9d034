//! Which documents answer a query that no paragraph matches in full.
//!
//! A question, or a few keywords spread over a document, is answered by a
//! document, not by one paragraph: the place in the title, the subject in
//! one paragraph, the measure in another. So partial hits start from whole
//! documents, scored by BM25 over three kinds of evidence
//! ([`super::document_bm25`]):
//!
//! - the query's character bigrams, any of them: recall whatever jieba does
//!   with the text, and typos still share most of their bigrams;
//! - its keywords (jieba words, stop words dropped) as words: 市长 as a
//!   word, not inside 南京市长江大桥;
//! - each typed term of several characters, and each quoted phrase, as a
//!   literal: a term as typed outranks its own fragments (学习强国 above
//!   学习), and a quoted name is the strongest evidence without being a
//!   filter that can empty the page.
//!
//! A document must also cover a real share of the query's weight (each
//! keyword weighs its inverse document frequency), so a query that matches
//! nothing but a common word finds nothing rather than noise; and the
//! scores of the best documents are scaled by that share
//! ([`Weights::coordination`]), so a document that holds every keyword
//! gains on one that repeats a single rare one.

use tantivy::{DocAddress, Term};

use super::document_bm25::{Bm25, DocumentIndex, Occurrences};
use super::parse::Scope;
use super::plan::{literal_query, QueryPlan};
use super::query_bigrams::{overlapping_bigrams, query_bigrams};
use crate::index::Fields;

/// How the evidence is weighed. Each figure was chosen with `xunwen eval`
/// on the tuning sets (RELEVANCE.md, decision 13).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// BM25's parameters for documents.
    pub bm25: Bm25,
    /// Weight of a character bigram of the query.
    pub bigrams: f32,
    /// Weight of a keyword found as a jieba word, relative to a bigram.
    pub words: f32,
    /// Weight of a typed term found as typed, relative to a bigram.
    pub literals: f32,
    /// Weight of a quoted phrase found as typed: the user named it.
    pub phrases: f32,
    /// Smallest share of the keywords' weight a document must hold.
    pub floor: f32,
    /// Weight of an official form related to the query's everyday words
    /// ([`crate::analysis::related`]), found as written.
    pub related: f32,
    /// Leave out the query bigrams that touch a stop word (多少, 可以);
    /// the baselines keep every bigram, as a plain BM25 does.
    pub content_bigrams: bool,
    /// How strongly the share of the keywords' weight a document holds
    /// scales its score: `score × share^coordination`. BM25 sums its terms,
    /// so a document with one rare keyword many times can outrank one that
    /// holds them all; 0 leaves BM25 as it is. 0.35 measured best of
    /// 0.25–1 on the tuning sets (RELEVANCE.md, decision 16).
    pub coordination: f32,
}

impl Weights {
    /// xunwen's ranking.
    pub const DEFAULT: Weights = Weights {
        bm25: Bm25 { k1: 1.2, b: 0.3 },
        bigrams: 1.0,
        words: 1.0,
        literals: 3.0,
        phrases: 3.0,
        floor: 0.35,
        related: 2.0,
        content_bigrams: true,
        coordination: 0.35,
    };

    /// The baseline: BM25 over character bigrams alone, any of them, with
    /// the textbook parameters and no floor (`doc-chars-or`).
    pub const BIGRAMS_ONLY: Weights = Weights {
        bm25: Bm25::CLASSIC,
        bigrams: 1.0,
        words: 0.0,
        literals: 0.0,
        phrases: 0.0,
        floor: 0.0,
        related: 0.0,
        content_bigrams: false,
        coordination: 0.0,
    };

    /// The baseline over jieba words alone (`doc-words-or`).
    pub const WORDS_ONLY: Weights = Weights {
        bm25: Bm25::CLASSIC,
        bigrams: 0.0,
        words: 1.0,
        literals: 0.0,
        phrases: 0.0,
        floor: 0.0,
        related: 0.0,
        content_bigrams: false,
        coordination: 0.0,
    };
}

/// Share of an unquoted typed term's keyword weight a document must hold
/// for the noise floor to count the term as held.
const HELD_SHARE: f32 = 0.5;

/// A document found for a query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Retrieved {
    /// Its first paragraph.
    pub first: DocAddress,
    /// Its BM25 score.
    pub score: f32,
}

/// The evidence of one query, looked up once.
pub struct Evidence {
    bigrams: Vec<(f32, Occurrences)>,
    words: Vec<Occurrences>,
    /// Each typed text term as typed: its requirement, whether it was
    /// quoted, whether it is longer than one bigram, and where it stands.
    typed: Vec<Typed>,
    /// Per keyword: its weight, and the occurrences that show it is present.
    keywords: Vec<Keyword>,
    /// Official forms related to the query's everyday words, as written.
    related: Vec<Occurrences>,
    documents: u64,
}

/// A keyword of the query, as the noise floor reads it.
struct Keyword {
    /// Its inverse document frequency over documents.
    weight: f32,
    /// Its bigrams (indexes into the query's bigrams).
    grams: Vec<usize>,
    /// Its occurrences as a word (index into the query's words).
    word: usize,
    /// The official forms standing for it (indexes into the related
    /// forms' occurrences).
    related: Vec<usize>,
    /// Whether any document holds it.
    found: bool,
}

/// A typed term looked up as typed.
struct Typed {
    requirement: usize,
    /// Its keywords (indexes into the plan's keywords; none for a phrase).
    keywords: Vec<usize>,
    phrase: bool,
    long: bool,
    occurrences: Occurrences,
}

impl Evidence {
    /// Looks every bigram, keyword and literal of `plan` up over documents;
    /// the bigrams as `weights` reads them.
    pub fn find(
        index: &DocumentIndex<'_>,
        plan: &QueryPlan,
        weights: &Weights,
    ) -> tantivy::Result<Evidence> {
        let fields = *index.fields();
        let bigram_texts = query_bigrams(plan, weights.content_bigrams);
        let mut bigrams = Vec::with_capacity(bigram_texts.len());
        for (gram, count) in &bigram_texts {
            let occurrences = index.term(
                &Term::from_field_text(fields.chars, gram),
                &Term::from_field_text(fields.title_chars, gram),
            )?;
            bigrams.push((*count as f32, occurrences));
        }
        let mut words = Vec::with_capacity(plan.keywords.len());
        for keyword in &plan.keywords {
            words.push(index.term(
                &Term::from_field_text(fields.words, &keyword.text),
                &Term::from_field_text(fields.title_words, &keyword.text),
            )?);
        }
        let mut typed = Vec::new();
        for (requirement, r) in plan.required.iter().enumerate() {
            for term in r.alternatives.iter().filter(|t| t.scope == Scope::Text) {
                let keywords = term
                    .words
                    .iter()
                    .filter_map(|w| plan.keywords.iter().position(|k| k.text == w.text))
                    .collect();
                typed.push(Typed {
                    requirement,
                    keywords,
                    phrase: term.phrase,
                    long: overlapping_bigrams(&term.literal).len() > 1,
                    occurrences: literal_occurrences(index, &fields, &term.literal)?,
                });
            }
        }
        let mut related = Vec::new();
        for form in &plan.related {
            related.push(literal_occurrences(index, &fields, form)?);
        }
        let found = Found {
            bigram_texts: &bigram_texts,
            bigrams: &bigrams,
            words: &words,
            related: &related,
        };
        let keywords = keyword_weights(index, plan, &found);
        Ok(Evidence {
            related,
            bigrams,
            words,
            typed,
            keywords,
            documents: index.documents(),
        })
    }

    /// Whether the document starting at `first` clears the noise floor.
    ///
    /// With several typed terms, it must hold terms carrying at least
    /// [`Weights::floor`] of their weight: `紫色长颈鹿 计划` finds nothing
    /// when only 计划 is there. A term is held as typed, or (unquoted) by
    /// most of its keywords ([`Evidence::holds`]); it weighs the inverse document frequency of its
    /// rarest keyword (a phrase, of itself), so a pasted piece of sentence
    /// found nowhere (的积分怎么算) weighs what its words weigh. A single
    /// typed term (a question) is not held to it: its keywords rank the
    /// documents.
    fn clears_floor(&self, first: DocAddress, floor: f32) -> bool {
        let requirements = self.requirements();
        if floor <= 0.0 || requirements < 2 {
            return true;
        }
        let (mut total, mut held) = (0.0f32, 0.0f32);
        for r in 0..requirements {
            let alternatives = self.typed.iter().filter(|t| t.requirement == r);
            let weight = alternatives
                .clone()
                .map(|t| self.term_weight(t))
                .fold(0.0f32, f32::max);
            total += weight;
            if alternatives.clone().any(|t| self.holds(t, first)) {
                held += weight;
            }
        }
        total <= 0.0 || held / total >= floor
    }

    /// How many requirements reach paragraph text (each typed term names
    /// its own).
    fn requirements(&self) -> usize {
        self.typed
            .iter()
            .map(|t| t.requirement + 1)
            .max()
            .unwrap_or(0)
    }

    /// A typed term's weight: its rarest keyword's, or its own as typed.
    fn term_weight(&self, term: &Typed) -> f32 {
        let keywords = term.keywords.iter().map(|&k| self.keywords[k].weight);
        match keywords.reduce(f32::max) {
            Some(weight) if !term.phrase => weight,
            _ => Bm25::idf(self.documents, term.occurrences.document_frequency()),
        }
    }

    /// Whether the document starting at `first` holds a typed term: as
    /// typed, or (unquoted) by its keywords. A term of one or two keywords
    /// is a name and needs them all, so one found nowhere leaves it unheld
    /// (紫色长颈鹿 is not held by 长颈鹿 alone, nor 隐形斗篷 by 隐形 when
    /// 斗篷 is nowhere). A longer one leaves out keywords found nowhere (a
    /// typo such as 年令): with one or two left it needs them all, with more
    /// it is a piece of sentence, held by keywords carrying [`HELD_SHARE`]
    /// of their weight (临沂献血年令限制 by 临沂, 献血 and 限制).
    fn holds(&self, term: &Typed, first: DocAddress) -> bool {
        if term.occurrences.contains(first) {
            return true;
        }
        if term.phrase {
            return false;
        }
        if term.keywords.len() <= 2 {
            return !term.keywords.is_empty()
                && term
                    .keywords
                    .iter()
                    .all(|&k| self.keywords[k].found && self.keyword_held(k, first));
        }
        let found: Vec<usize> = term
            .keywords
            .iter()
            .copied()
            .filter(|&k| self.keywords[k].found)
            .collect();
        if found.len() <= 2 {
            return !found.is_empty() && found.iter().all(|&k| self.keyword_held(k, first));
        }
        let (mut total, mut held) = (0.0f32, 0.0f32);
        for k in found {
            let weight = self.keywords[k].weight;
            total += weight;
            if self.keyword_held(k, first) {
                held += weight;
            }
        }
        total > 0.0 && held / total >= HELD_SHARE
    }

    /// The share of the query's weight that the document starting at
    /// `first` holds (1 when nothing of the query is found anywhere). Each
    /// typed term weighs its keywords found anywhere, or, for a quoted
    /// phrase or an equivalent (which give no keywords), itself as typed;
    /// of a requirement's alternatives (`A OR B`, a synonym) the one the
    /// document best meets counts.
    fn held_share(&self, first: DocAddress) -> f32 {
        let (mut total, mut held) = (0.0f32, 0.0f32);
        for r in 0..self.requirements() {
            let best = self
                .typed
                .iter()
                .filter(|t| t.requirement == r)
                .map(|t| self.term_held(t, first))
                .filter(|&(_, of)| of > 0.0)
                .max_by(|a, b| (a.0 / a.1).total_cmp(&(b.0 / b.1)));
            if let Some((h, of)) = best {
                held += h;
                total += of;
            }
        }
        if total > 0.0 {
            held / total
        } else {
            1.0
        }
    }

    /// The weight of `term` the document starting at `first` holds, and
    /// the term's whole weight (both 0 when it is found nowhere).
    fn term_held(&self, term: &Typed, first: DocAddress) -> (f32, f32) {
        if term.phrase || term.keywords.is_empty() {
            let df = term.occurrences.document_frequency();
            if df == 0 {
                return (0.0, 0.0);
            }
            let weight = Bm25::idf(self.documents, df);
            let held = if term.occurrences.contains(first) {
                weight
            } else {
                0.0
            };
            return (held, weight);
        }
        let found = term.keywords.iter().filter(|&&k| self.keywords[k].found);
        found.fold((0.0, 0.0), |(held, of), &k| {
            let weight = self.keywords[k].weight;
            let held = if self.keyword_held(k, first) {
                held + weight
            } else {
                held
            };
            (held, of + weight)
        })
    }

    /// Whether the document starting at `first` holds keyword `k`, as a
    /// word, as all of its bigrams, or by an official form standing for it.
    fn keyword_held(&self, k: usize, first: DocAddress) -> bool {
        let keyword = &self.keywords[k];
        self.words[keyword.word].contains(first)
            || keyword
                .related
                .iter()
                .any(|&r| self.related[r].contains(first))
            || (!keyword.grams.is_empty()
                && keyword
                    .grams
                    .iter()
                    .all(|&g| self.bigrams[g].1.contains(first)))
    }

    /// Every piece of evidence the document BM25 sums, with its weight.
    fn weighted_terms(&self, weights: &Weights) -> Vec<(f32, &Occurrences)> {
        let mut terms: Vec<(f32, &Occurrences)> = Vec::new();
        if weights.bigrams > 0.0 {
            terms.extend(self.bigrams.iter().map(|(n, o)| (n * weights.bigrams, o)));
        }
        if weights.words > 0.0 {
            terms.extend(self.words.iter().map(|o| (weights.words, o)));
        }
        for typed in self.typed.iter().filter(|t| t.phrase || t.long) {
            let weight = if typed.phrase {
                weights.phrases
            } else {
                weights.literals
            };
            if weight > 0.0 {
                terms.push((weight, &typed.occurrences));
            }
        }
        if weights.related > 0.0 {
            terms.extend(self.related.iter().map(|o| (weights.related, o)));
        }
        terms
    }

    /// The documents best supported by the evidence, at most `limit` of
    /// those `keep` accepts, and the documents `also` (those of the best
    /// paragraphs by their own score, which BM25 over whole documents may
    /// rank low: a long law with one paragraph that answers).
    pub fn rank(
        &self,
        index: &DocumentIndex<'_>,
        weights: &Weights,
        keep: impl Fn(DocAddress) -> bool,
        limit: usize,
        also: &[DocAddress],
    ) -> Vec<Retrieved> {
        let terms = self.weighted_terms(weights);
        let mut ranked: Vec<Retrieved> = index
            .rank(&terms, weights.bm25, keep, limit * 10)
            .into_iter()
            .map(|(first, score)| Retrieved { first, score })
            .collect();
        // The noise floor is the page's: when no document holds a real
        // share of the query, there is nothing to show.
        if !ranked
            .iter()
            .any(|r| self.clears_floor(r.first, weights.floor))
        {
            return Vec::new();
        }
        if weights.coordination > 0.0 {
            for r in &mut ranked {
                r.score *= self.held_share(r.first).powf(weights.coordination);
            }
        }
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.first.cmp(&b.first)));
        let beyond = ranked.split_off(limit.min(ranked.len()));
        // The documents of the best paragraphs join the candidates with the
        // score BM25 gave them, however far down its ranking they are.
        for first in also {
            if ranked.iter().any(|r| r.first == *first) {
                continue;
            }
            let score = beyond
                .iter()
                .find(|r| r.first == *first)
                .map_or(0.0, |r| r.score);
            ranked.push(Retrieved {
                first: *first,
                score,
            });
        }
        ranked
    }
}

/// Where a literal stands as typed, in paragraphs and titles.
fn literal_occurrences(
    index: &DocumentIndex<'_>,
    fields: &Fields,
    literal: &str,
) -> tantivy::Result<Occurrences> {
    let Some(in_text) = literal_query(literal, fields.chars) else {
        return Ok(Occurrences::default());
    };
    let in_title = literal_query(literal, fields.title_chars);
    let mut either = vec![(tantivy::query::Occur::Should, in_text)];
    if let Some(title) = in_title {
        either.push((tantivy::query::Occur::Should, title));
    }
    index.query(&tantivy::query::BooleanQuery::new(either))
}

/// What [`Evidence::find`] looked up, for weighing the keywords.
struct Found<'a> {
    bigram_texts: &'a [(String, usize)],
    bigrams: &'a [(f32, Occurrences)],
    words: &'a [Occurrences],
    /// The related official forms' occurrences, in the plan's order.
    related: &'a [Occurrences],
}

/// Each keyword's weight over documents: the inverse document frequency of
/// the keyword as a word or, for a string jieba never cut as a word, of its
/// rarest bigram (an upper bound of its frequency); for a keyword found
/// neither way, of its commonest official form (鞭炮, written nowhere, is
/// held where 烟花爆竹 is).
fn keyword_weights(index: &DocumentIndex<'_>, plan: &QueryPlan, found: &Found<'_>) -> Vec<Keyword> {
    plan.keywords
        .iter()
        .enumerate()
        .map(|(i, keyword)| {
            let grams: Vec<usize> = overlapping_bigrams(&keyword.text)
                .iter()
                .filter_map(|g| found.bigram_texts.iter().position(|(t, _)| t == g))
                .collect();
            let related: Vec<usize> = keyword
                .related
                .iter()
                .filter_map(|form| plan.related.iter().position(|r| r == form))
                .collect();
            let as_word = found.words[i].document_frequency();
            let as_grams = grams
                .iter()
                .map(|&g| found.bigrams[g].1.document_frequency())
                .min()
                .unwrap_or(0);
            let as_related = related
                .iter()
                .map(|&r| found.related[r].document_frequency())
                .max()
                .unwrap_or(0);
            let df = [as_word, as_grams, as_related]
                .into_iter()
                .find(|&df| df > 0)
                .unwrap_or(0);
            Keyword {
                weight: Bm25::idf(index.documents(), df),
                grams,
                word: i,
                related,
                found: df > 0,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A typed term of requirement `requirement` over segment 0's
    /// documents `docs`.
    fn typed(requirement: usize, keywords: Vec<usize>, phrase: bool, docs: Vec<u32>) -> Typed {
        Typed {
            requirement,
            keywords,
            phrase,
            long: true,
            occurrences: Occurrences::from_segments(vec![docs
                .into_iter()
                .map(|d| (d, 1))
                .collect()]),
        }
    }

    /// Evidence of one typed term of two keywords found as words: weight 3
    /// in documents 0 and 4, weight 1 in documents 4 and 9.
    fn two_keywords(found: bool) -> Evidence {
        let keyword = |weight, word| Keyword {
            weight,
            grams: Vec::new(),
            word,
            related: Vec::new(),
            found,
        };
        Evidence {
            bigrams: Vec::new(),
            words: vec![
                Occurrences::from_segments(vec![vec![(0, 1), (4, 2)]]),
                Occurrences::from_segments(vec![vec![(4, 1), (9, 1)]]),
            ],
            typed: vec![typed(0, vec![0, 1], false, vec![])],
            keywords: vec![keyword(3.0, 0), keyword(1.0, 1)],
            related: Vec::new(),
            documents: 10,
        }
    }

    #[test]
    fn a_document_holds_the_share_of_the_keywords_weight_it_has() {
        let evidence = two_keywords(true);
        let share = |doc| evidence.held_share(DocAddress::new(0, doc));
        assert_eq!(share(4), 1.0);
        assert_eq!(share(0), 0.75);
        assert_eq!(share(9), 0.25);
        assert_eq!(share(7), 0.0);
    }

    #[test]
    fn a_quoted_phrase_counts_in_the_share_a_document_holds() {
        let mut evidence = two_keywords(true);
        // A phrase in documents 7 and 9 of 10: it weighs its own IDF, and
        // a document with the phrase alone no longer holds nothing.
        evidence.typed.push(typed(1, Vec::new(), true, vec![7, 9]));
        let phrase = Bm25::idf(10, 2);
        let share = |doc| evidence.held_share(DocAddress::new(0, doc));
        assert!((share(7) - phrase / (4.0 + phrase)).abs() < 1e-6);
        assert!((share(9) - (1.0 + phrase) / (4.0 + phrase)).abs() < 1e-6);
        assert!((share(4) - 4.0 / (4.0 + phrase)).abs() < 1e-6);
    }

    #[test]
    fn of_a_requirements_alternatives_the_one_met_best_counts() {
        let mut evidence = two_keywords(true);
        // `A OR B`: keyword 0 alone or keyword 1 alone.
        evidence.typed = vec![
            typed(0, vec![0], false, vec![]),
            typed(0, vec![1], false, vec![]),
        ];
        let share = |doc| evidence.held_share(DocAddress::new(0, doc));
        assert_eq!(share(9), 1.0, "B alone meets the query");
        assert_eq!(share(0), 1.0);
        assert_eq!(share(7), 0.0);
    }

    #[test]
    fn keywords_found_nowhere_leave_the_share_whole() {
        let evidence = two_keywords(false);
        assert_eq!(evidence.held_share(DocAddress::new(0, 7)), 1.0);
    }
}
