//! Narrowing a search by date and by place in the corpus.
//!
//! A [`Filter`] is built by the command line (`--since`, `--until`, `--in`)
//! and becomes one more required clause of every query the search runs, so
//! counts, pages and trends all see the same set of documents. Dates are
//! range queries on the `day` field and places are facet terms: tantivy
//! narrows the postings instead of the search filtering hits afterwards.

use std::ops::Bound;

use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use crate::index::{day_value, place_of, Fields};
pub use crate::ingest::{DateError, Day};

/// What a search is narrowed to. The default narrows nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Documents dated on or after this day.
    pub since: Option<Day>,
    /// Documents dated on or before this day.
    pub until: Option<Day>,
    /// Documents under any of these corpus-relative folders or files.
    pub places: Vec<String>,
}

impl Filter {
    /// Whether documents without a date are excluded.
    pub fn is_dated(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }

    /// The clause every query of the search must also meet, or `None` when
    /// nothing is narrowed.
    pub fn query(&self, fields: &Fields) -> Option<Box<dyn Query>> {
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if self.is_dated() {
            let bound = |day: Option<Day>| match day {
                Some(day) => Bound::Included(Term::from_field_date(fields.day, day_value(day))),
                None => Bound::Unbounded,
            };
            let range = RangeQuery::new(bound(self.since), bound(self.until));
            must.push((Occur::Must, Box::new(range)));
        }
        if !self.places.is_empty() {
            let any = self
                .places
                .iter()
                .map(|place| {
                    let term = Term::from_facet(fields.place, &place_of(place));
                    let query = TermQuery::new(term, IndexRecordOption::Basic);
                    (Occur::Should, Box::new(query) as Box<dyn Query>)
                })
                .collect();
            must.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        (!must.is_empty()).then(|| Box::new(BooleanQuery::new(must)) as Box<dyn Query>)
    }

    /// `query` narrowed by this filter.
    pub fn apply(&self, query: Box<dyn Query>, fields: &Fields) -> Box<dyn Query> {
        match self.query(fields) {
            None => query,
            Some(filter) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, query),
                (Occur::Must, filter),
            ])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_filter_narrows_nothing() {
        let fields = Fields::from_schema(&Fields::schema()).expect("schema");
        assert!(Filter::default().query(&fields).is_none());
        let dated = Filter {
            since: Day::first_of("2024").ok(),
            ..Filter::default()
        };
        assert!(dated.is_dated() && dated.query(&fields).is_some());
    }
}
