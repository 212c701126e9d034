//! A collector of every match with its document key and date, read from
//! fast fields: what grouping by document (`-l`, `-c`, title-only hits) and
//! counting over time (`trend`) need, without touching stored text.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::index::Fields;

/// One matching paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// Where it is.
    pub addr: DocAddress,
    /// Its score (0 when collected without scoring).
    pub score: Score,
    /// Its document's key (the `doc_key` fast field).
    pub doc_key: u64,
    /// Its document's date, if it has one.
    pub day: Option<DateTime>,
}

/// Collects every [`Match`], scored or not.
#[derive(Debug, Clone, Copy)]
pub struct Matches {
    /// Whether scores are wanted (ranking) or not (counting is faster).
    pub scoring: bool,
}

/// [`Matches`] for one segment.
pub struct SegmentMatches {
    segment: SegmentOrdinal,
    doc_key: Column<u64>,
    day: Column<DateTime>,
    found: Vec<Match>,
}

impl Collector for Matches {
    type Fruit = Vec<Match>;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        Ok(SegmentMatches {
            segment,
            doc_key: Fields::doc_key_column(reader)?,
            day: Fields::day_column(reader)?,
            found: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Match>>) -> tantivy::Result<Vec<Match>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<Match>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.found.push(Match {
            addr: DocAddress::new(self.segment, doc),
            score,
            doc_key: self.doc_key.first(doc).unwrap_or_default(),
            day: self.day.first(doc),
        });
    }

    fn harvest(self) -> Vec<Match> {
        self.found
    }
}
