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
use tantivy::time::{Date, Month};
use tantivy::Term;

use crate::index::{place_of, Fields};

/// Why a date given on the command line was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{given:?} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (2024, 2024-06, 2024-06-30)")]
pub struct DateError {
    /// The text as given.
    pub given: String,
}

/// A calendar date, as the first or last day of what the user wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day(Date);

impl Day {
    /// The first day of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn first_of(text: &str) -> Result<Day, DateError> {
        parse_period(text, false)
    }

    /// The last day of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: `--until 2025-12`
    /// means through 31 December.
    pub fn last_of(text: &str) -> Result<Day, DateError> {
        parse_period(text, true)
    }

    /// As a tantivy date at midnight UTC, as dates are indexed.
    pub fn to_tantivy(self) -> tantivy::DateTime {
        tantivy::DateTime::from_utc(self.0.midnight().assume_utc())
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!(
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }
}

fn parse_period(text: &str, last: bool) -> Result<Day, DateError> {
    let error = || DateError {
        given: text.to_string(),
    };
    let parts: Vec<&str> = text.trim().split(['-', '/', '.']).collect();
    let number = |i: usize, digits: std::ops::RangeInclusive<usize>| -> Result<u32, DateError> {
        let part = parts.get(i).ok_or_else(error)?;
        if !digits.contains(&part.len()) || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(error());
        }
        part.parse().map_err(|_| error())
    };
    if parts.len() > 3 {
        return Err(error());
    }
    let year = i32::try_from(number(0, 4..=4)?).map_err(|_| error())?;
    let month = if parts.len() > 1 {
        number(1, 1..=2)?
    } else if last {
        12
    } else {
        1
    };
    let month = Month::try_from(u8::try_from(month).map_err(|_| error())?).map_err(|_| error())?;
    let day = if parts.len() > 2 {
        u8::try_from(number(2, 1..=2)?).map_err(|_| error())?
    } else if last {
        month.length(year)
    } else {
        1
    };
    Date::from_calendar_date(year, month, day)
        .map(Day)
        .map_err(|_| error())
}

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
                Some(day) => Bound::Included(Term::from_field_date(fields.day, day.to_tantivy())),
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
    fn periods_cover_their_whole_span() {
        assert_eq!(Day::first_of("2024").map(Day::iso), Ok("2024-01-01".into()));
        assert_eq!(Day::last_of("2024").map(Day::iso), Ok("2024-12-31".into()));
        assert_eq!(
            Day::last_of("2025-12").map(Day::iso),
            Ok("2025-12-31".into())
        );
        assert_eq!(
            Day::last_of("2024-02").map(Day::iso),
            Ok("2024-02-29".into())
        );
        assert_eq!(
            Day::first_of("2024-6").map(Day::iso),
            Ok("2024-06-01".into())
        );
        assert_eq!(
            Day::last_of("2024-06-15").map(Day::iso),
            Ok("2024-06-15".into())
        );
    }

    #[test]
    fn malformed_dates_are_refused_by_name() {
        for bad in [
            "24",
            "2024-13",
            "2024-02-30",
            "yesterday",
            "2024-01-01-01",
            "",
        ] {
            let err = Day::first_of(bad).expect_err(bad);
            assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
        }
    }

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
