//! Titles are indexed once per document; these queries bring them to its
//! paragraphs.
//!
//! Each document is indexed as one block of consecutive tantivy documents, its
//! paragraphs in order (the writer hands a file's paragraphs to tantivy as one
//! batch, which tantivy keeps together in one segment, and merges keep the
//! order). Only the block's first document, paragraph 1, carries the title
//! fields. Repeating the title on every paragraph made title postings 23 % of
//! the index and of its build time (BENCHMARKS.md, issue 15).
//!
//! [`TitleJoin`] is the block join that makes up for it, as Lucene's
//! `ToChildBlockJoinQuery` does for nested documents: a query on the title
//! fields matches first paragraphs, and the join matches every paragraph of
//! their blocks, each with its first paragraph's score. [`PerDocument`]
//! scores such a title query over documents rather than paragraphs, as if
//! the index held one title per document, which it does.

use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// A query on the title fields scored per document: BM25 sees as many
/// documents as there are first paragraphs (titles), not every paragraph, so
/// a title's length is compared with other titles and a word's rarity with
/// other documents.
#[derive(Debug)]
pub struct PerDocument {
    inner: Box<dyn Query>,
    first_paragraph: Term,
}

impl Clone for PerDocument {
    fn clone(&self) -> Self {
        PerDocument {
            inner: self.inner.box_clone(),
            first_paragraph: self.first_paragraph.clone(),
        }
    }
}

impl PerDocument {
    /// `inner`, scored per document; `first_paragraph` is the term that marks
    /// a block's first paragraph (its number, 1), which counts the documents.
    pub fn new(inner: Box<dyn Query>, first_paragraph: Term) -> PerDocument {
        PerDocument {
            inner,
            first_paragraph,
        }
    }
}

/// The index's statistics with the number of documents in place of the
/// number of paragraphs.
struct DocumentStatistics<'a> {
    index: &'a dyn Bm25StatisticsProvider,
    documents: u64,
}

impl Bm25StatisticsProvider for DocumentStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.index.total_num_tokens(field)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.documents.max(1))
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.index.doc_freq(term)
    }
}

impl Query for PerDocument {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        match scoring {
            EnableScoring::Enabled {
                searcher,
                statistics_provider,
            } => {
                let statistics = DocumentStatistics {
                    index: statistics_provider,
                    documents: statistics_provider.doc_freq(&self.first_paragraph)?,
                };
                let scoring =
                    EnableScoring::enabled_from_statistics_provider(&statistics, searcher);
                self.inner.weight(scoring)
            }
            disabled => self.inner.weight(disabled),
        }
    }
}

/// Every paragraph of the documents whose first paragraph matches `titles`
/// (a query on the title fields), scored as that first paragraph, per
/// document ([`PerDocument`]).
#[derive(Clone, Debug)]
pub struct TitleJoin {
    titles: PerDocument,
}

impl TitleJoin {
    /// The join of `titles`, a query that only first paragraphs can match;
    /// `first_paragraph` as for [`PerDocument::new`].
    pub fn new(titles: Box<dyn Query>, first_paragraph: Term) -> TitleJoin {
        TitleJoin {
            titles: PerDocument::new(titles, first_paragraph),
        }
    }
}

impl Query for TitleJoin {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(TitleJoinWeight {
            titles: self.titles.weight(scoring)?,
            first_paragraph: self.titles.first_paragraph.clone(),
        }))
    }
}

struct TitleJoinWeight {
    titles: Box<dyn Weight>,
    first_paragraph: Term,
}

impl TitleJoinWeight {
    /// The matching blocks of a segment as `(first, end, score)`, in
    /// document order: a block ends where the next document's first
    /// paragraph starts (the postings of paragraph 1), so the cost is a seek
    /// per matching title, whatever the documents' length.
    fn blocks(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Vec<Block>> {
        let mut titles = self.titles.scorer(reader, boost)?;
        let firsts = reader
            .inverted_index(self.first_paragraph.field())?
            .read_postings(&self.first_paragraph, IndexRecordOption::Basic)?;
        let Some(mut firsts) = firsts else {
            return Ok(Vec::new());
        };
        let mut blocks = Vec::new();
        let mut first = titles.doc();
        while first != TERMINATED {
            let end = match firsts.seek(first + 1) {
                TERMINATED => reader.max_doc(),
                next => next,
            };
            blocks.push(Block {
                first,
                end,
                score: titles.score(),
            });
            // A title query matches first paragraphs only; should it match
            // inside a block already taken, it adds nothing.
            first = titles.seek(end);
        }
        Ok(blocks)
    }
}

/// The paragraphs `first..end` of one document, with its title's score.
#[derive(Debug, Clone, Copy)]
struct Block {
    first: DocId,
    end: DocId,
    score: Score,
}

impl Weight for TitleJoinWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(BlockScorer::new(self.blocks(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let blocks = self.blocks(reader, 1.0)?;
        match blocks.iter().find(|b| (b.first..b.end).contains(&doc)) {
            Some(block) => Ok(Explanation::new(
                "title of the paragraph's document",
                block.score,
            )),
            None => Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match the title join"
            ))),
        }
    }
}

/// Every paragraph of a sorted list of blocks, each with its block's score.
struct BlockScorer {
    blocks: Vec<Block>,
    at: usize,
    doc: DocId,
}

impl BlockScorer {
    fn new(blocks: Vec<Block>) -> BlockScorer {
        let doc = blocks.first().map_or(TERMINATED, |b| b.first);
        BlockScorer { blocks, at: 0, doc }
    }
}

impl DocSet for BlockScorer {
    fn advance(&mut self) -> DocId {
        let Some(block) = self.blocks.get(self.at) else {
            return TERMINATED;
        };
        self.doc += 1;
        if self.doc >= block.end {
            self.at += 1;
            self.doc = self.blocks.get(self.at).map_or(TERMINATED, |b| b.first);
        }
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if target <= self.doc {
            return self.doc;
        }
        self.at += self.blocks[self.at..].partition_point(|b| b.end <= target);
        self.doc = self
            .blocks
            .get(self.at)
            .map_or(TERMINATED, |b| b.first.max(target));
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.blocks[self.at.min(self.blocks.len())..]
            .iter()
            .map(|b| b.end - b.first)
            .sum()
    }
}

impl Scorer for BlockScorer {
    fn score(&mut self) -> Score {
        self.blocks.get(self.at).map_or(0.0, |b| b.score)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use tantivy::collector::TopDocs;
    use tantivy::indexer::UserOperation;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, Schema, Value, FAST, INDEXED, STORED, TEXT};
    use tantivy::{doc, Index, IndexWriter, TantivyDocument};

    use super::*;

    /// Documents as blocks: (key, title, paragraphs), each written as one
    /// batch by a writer with two indexing threads, the second half in a
    /// second commit, then the first document deleted and written again.
    fn index_of(docs: &[(u64, &str, usize)]) -> (Index, Schema) {
        let mut builder = Schema::builder();
        let key = builder.add_u64_field("doc_key", INDEXED | FAST | STORED);
        let paragraph = builder.add_u64_field("paragraph", INDEXED | STORED);
        let title = builder.add_text_field("title", TEXT);
        let schema = builder.build();
        let index = Index::create_in_ram(schema.clone());
        let mut writer: IndexWriter = index
            .writer_with_num_threads(2, 30_000_000)
            .expect("writer");
        let block = |&(k, t, n): &(u64, &str, usize)| -> Vec<UserOperation> {
            (1..=n as u64)
                .map(|p| {
                    let doc = if p == 1 {
                        doc!(key => k, paragraph => p, title => t)
                    } else {
                        doc!(key => k, paragraph => p)
                    };
                    UserOperation::Add(doc)
                })
                .collect()
        };
        let (first_half, second_half) = docs.split_at(docs.len() / 2);
        for half in [first_half, second_half] {
            for d in half {
                writer.run(block(d)).expect("run");
            }
            writer.commit().expect("commit");
        }
        writer.delete_term(Term::from_field_u64(key, docs[0].0));
        writer.run(block(&docs[0])).expect("run");
        writer.commit().expect("commit");
        (index, schema)
    }

    fn blocks() -> BlockScorer {
        let block = |first, end, score| Block { first, end, score };
        BlockScorer::new(vec![block(2, 5, 1.0), block(9, 10, 2.0)])
    }

    #[test]
    fn a_block_scorer_walks_and_seeks_through_its_blocks() {
        let mut walk = blocks();
        let mut docs = vec![walk.doc()];
        while walk.advance() != TERMINATED {
            docs.push(walk.doc());
        }
        assert_eq!(docs, [2, 3, 4, 9]);
        let mut seek = blocks();
        assert_eq!(seek.seek(4), 4);
        assert_eq!(seek.score(), 1.0);
        assert_eq!(seek.seek(6), 9);
        assert_eq!(seek.score(), 2.0);
        assert_eq!(seek.seek(10), TERMINATED);
        assert_eq!(BlockScorer::new(Vec::new()).doc(), TERMINATED);
    }

    #[test]
    fn a_title_match_reaches_every_paragraph_of_its_document_with_one_score() {
        let docs: Vec<(u64, &str, usize)> = (0..40)
            .map(|i| {
                let title = if i % 3 == 0 {
                    "annual report"
                } else {
                    "notice"
                };
                (1000 + i, title, 1 + (i as usize % 7))
            })
            .collect();
        let (index, schema) = index_of(&docs);
        let title = schema.get_field("title").expect("title");
        let key = schema.get_field("doc_key").expect("key");
        let paragraph = schema.get_field("paragraph").expect("paragraph");
        let join = TitleJoin::new(
            Box::new(TermQuery::new(
                Term::from_field_text(title, "report"),
                IndexRecordOption::WithFreqs,
            )),
            Term::from_field_u64(paragraph, 1),
        );
        let searcher = index.reader().expect("reader").searcher();
        let found = searcher
            .search(&join, &TopDocs::with_limit(1000).order_by_score())
            .expect("search");
        let mut per_key: BTreeMap<u64, Vec<Score>> = BTreeMap::new();
        for (score, addr) in found {
            let doc: TantivyDocument = searcher.doc(addr).expect("doc");
            let k = doc.get_first(key).and_then(|v| v.as_u64()).expect("key");
            per_key.entry(k).or_default().push(score);
        }
        let expected: BTreeMap<u64, usize> = docs
            .iter()
            .filter(|(_, t, _)| t.contains("report"))
            .map(|&(k, _, n)| (k, n))
            .collect();
        let got: BTreeMap<u64, usize> = per_key.iter().map(|(k, s)| (*k, s.len())).collect();
        assert_eq!(got, expected);
        for scores in per_key.values() {
            assert!(scores.iter().all(|s| *s == scores[0] && *s > 0.0));
        }
    }
}
