//! Counting full matches over time, for `xunwen trend`: per year or month,
//! the documents and paragraphs that fully match a query.
//!
//! An analyst's first question about a term is *when* it was talked about,
//! so this must be fast: every count comes from the `doc_key` and `day` fast
//! fields through the [`Matches`](super::collect::Matches) collector, without
//! reading a single stored paragraph. The matches are exactly those `search`
//! counts in `total_hits` (a title-only document counts one paragraph).

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::time::{Duration, Instant};

use serde::{Serialize, Serializer};

use super::{SearchError, SearchRequest, Session};
use crate::analysis::Analyzer;
use crate::index::XunwenIndex;

/// Spans (in months, first to last dated match) above which the default
/// period is a year: past three years, months make too many bars to read.
const MONTHS_FOR_YEARS: i32 = 36;

/// The length of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// Calendar years (`2024`).
    Year,
    /// Calendar months (`2024-03`).
    Month,
}

/// One calendar year or month: the unit a trend counts in. Ordered in time
/// (a year sorts before its months never matters: one trend uses one kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    year: i32,
    month: Option<u8>,
}

impl Period {
    /// The year `year`.
    pub fn year(year: i32) -> Period {
        Period { year, month: None }
    }

    /// Month `month` (1–12) of `year`.
    pub fn month(year: i32, month: u8) -> Period {
        Period {
            year,
            month: Some(month),
        }
    }

    /// The month a document's day falls in.
    pub fn month_of(day: tantivy::DateTime) -> Period {
        let utc = day.into_utc();
        Period::month(utc.year(), u8::from(utc.month()))
    }

    /// This period as one of the given length (a month becomes its year).
    pub fn by(self, by: By) -> Period {
        match by {
            By::Year => Period::year(self.year),
            By::Month => self,
        }
    }

    /// The period right after this one.
    pub fn next(self) -> Period {
        match self.month {
            None => Period::year(self.year + 1),
            Some(12) => Period::month(self.year + 1, 1),
            Some(m) => Period::month(self.year, m + 1),
        }
    }

    /// Months since year 0, for measuring spans.
    fn months(self) -> i32 {
        self.year * 12 + i32::from(self.month.unwrap_or(1)) - 1
    }
}

impl fmt::Display for Period {
    /// `2024` or `2024-03`: what `--since` and `--until` accept, so a bar's
    /// label can be pasted back as a filter.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.month {
            None => write!(f, "{:04}", self.year),
            Some(m) => write!(f, "{:04}-{m:02}", self.year),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The default length of a period: years when the dated matches span more
/// than three years, else months.
pub fn default_by(first: Period, last: Period) -> By {
    if last.months() - first.months() > MONTHS_FOR_YEARS {
        By::Year
    } else {
        By::Month
    }
}

/// What fully matched in one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PeriodCount {
    /// The year or month.
    pub period: Period,
    /// Documents dated in it with at least one full match.
    pub documents: usize,
    /// Their fully matching paragraphs (a title-only document counts one).
    pub paragraphs: usize,
}

/// Full matches of a query over time.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// The length of the periods (as asked, or the default for the span).
    pub by: By,
    /// Every period from the first to the last with a match, in order;
    /// those between without any are zero, so the picture keeps its scale.
    pub periods: Vec<PeriodCount>,
    /// Every full match, dated or not (`total_hits` of the same search).
    pub total_hits: usize,
    /// Documents with a full match, dated or not.
    pub documents: usize,
    /// Matching documents without a date: in no period.
    pub undated_documents: usize,
    /// Their fully matching paragraphs.
    pub undated_paragraphs: usize,
    /// What the query parser read leniently.
    pub notes: Vec<String>,
    /// Time spent.
    pub elapsed: Duration,
}

impl Trend {
    /// Whether anything fully matched: the exit status of `trend`.
    pub fn found(&self) -> bool {
        self.total_hits > 0
    }
}

/// Counts the full matches of `request` per period of length `by` (the
/// default for the span when `None`). The request's filter narrows them
/// as it narrows a search; its limit and sort are not used.
pub fn trend(
    index: &XunwenIndex,
    analyzer: &Analyzer,
    request: &SearchRequest,
    by: Option<By>,
) -> Result<Trend, SearchError> {
    let started = Instant::now();
    let session = Session::open(index, analyzer, request)?;
    let matches = session
        .full_matches(false)
        .map_err(|e| session.corrupt(e))?;
    let dated: Vec<(Option<Period>, u64)> = matches
        .iter()
        .map(|(m, _)| (m.day.map(Period::month_of), m.doc_key))
        .collect();
    let tally = tally(&dated, by);
    Ok(Trend {
        by: tally.by,
        periods: tally.periods,
        total_hits: matches.len(),
        documents: tally.documents,
        undated_documents: tally.undated_documents,
        undated_paragraphs: tally.undated_paragraphs,
        notes: session.into_notes(),
        elapsed: started.elapsed(),
    })
}

/// The counts of a list of matches, before timing and notes are added.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tally {
    by: By,
    periods: Vec<PeriodCount>,
    documents: usize,
    undated_documents: usize,
    undated_paragraphs: usize,
}

/// Buckets matches — each its document's month (`None`: undated) and
/// document key — into periods of length `by` (or the span's default), with
/// empty periods between the first and last filled in as zero.
fn tally(matches: &[(Option<Period>, u64)], by: Option<By>) -> Tally {
    let first = matches.iter().filter_map(|m| m.0).min();
    let last = matches.iter().filter_map(|m| m.0).max();
    let by = by.unwrap_or(match (first, last) {
        (Some(first), Some(last)) => default_by(first, last),
        _ => By::Month,
    });
    let mut buckets: BTreeMap<Period, (HashSet<u64>, usize)> = BTreeMap::new();
    let mut undated: (HashSet<u64>, usize) = (HashSet::new(), 0);
    let mut documents = HashSet::new();
    for &(month, doc_key) in matches {
        documents.insert(doc_key);
        let bucket = match month {
            Some(month) => buckets.entry(month.by(by)).or_default(),
            None => &mut undated,
        };
        bucket.0.insert(doc_key);
        bucket.1 += 1;
    }
    let counts = buckets
        .into_iter()
        .map(|(period, (docs, paragraphs))| PeriodCount {
            period,
            documents: docs.len(),
            paragraphs,
        });
    Tally {
        by,
        periods: fill_gaps(counts),
        documents: documents.len(),
        undated_documents: undated.0.len(),
        undated_paragraphs: undated.1,
    }
}

/// `counts` (in order, all of one length) with every missing period between
/// the first and the last inserted as zero.
fn fill_gaps(counts: impl IntoIterator<Item = PeriodCount>) -> Vec<PeriodCount> {
    let mut filled: Vec<PeriodCount> = Vec::new();
    for count in counts {
        if let Some(previous) = filled.last() {
            let mut gap = previous.period.next();
            while gap < count.period {
                filled.push(PeriodCount {
                    period: gap,
                    documents: 0,
                    paragraphs: 0,
                });
                gap = gap.next();
            }
        }
        filled.push(count);
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(tally: &Tally) -> Vec<(String, usize, usize)> {
        tally
            .periods
            .iter()
            .map(|c| (c.period.to_string(), c.documents, c.paragraphs))
            .collect()
    }

    fn row(label: &str, documents: usize, paragraphs: usize) -> (String, usize, usize) {
        (label.to_string(), documents, paragraphs)
    }

    #[test]
    fn labels_are_what_the_date_flags_accept() {
        assert_eq!(Period::year(2024).to_string(), "2024");
        assert_eq!(Period::month(2024, 3).to_string(), "2024-03");
        assert_eq!(Period::month(2024, 12).to_string(), "2024-12");
        let json = serde_json::to_string(&Period::month(2025, 10)).expect("json");
        assert_eq!(json, "\"2025-10\"");
    }

    #[test]
    fn periods_follow_the_calendar() {
        assert_eq!(Period::month(2024, 12).next(), Period::month(2025, 1));
        assert_eq!(Period::month(2024, 3).next(), Period::month(2024, 4));
        assert_eq!(Period::year(2024).next(), Period::year(2025));
        assert_eq!(Period::month(2024, 3).by(By::Year), Period::year(2024));
        let day = crate::index::day_value("2024-03-05".parse().expect("a day"));
        assert_eq!(Period::month_of(day), Period::month(2024, 3));
    }

    #[test]
    fn documents_are_counted_once_and_paragraphs_each() {
        let m = |y, mo, key| (Some(Period::month(y, mo)), key);
        let matches = [m(2024, 3, 1), m(2024, 3, 1), m(2024, 3, 2), m(2024, 4, 3)];
        let tally = tally(&matches, Some(By::Month));
        assert_eq!(labels(&tally), [row("2024-03", 2, 3), row("2024-04", 1, 1)]);
        assert_eq!(tally.documents, 3);
    }

    #[test]
    fn empty_periods_in_between_are_zero_not_skipped() {
        let m = |y, mo, key| (Some(Period::month(y, mo)), key);
        let by_month = tally(&[m(2024, 11, 1), m(2025, 2, 2)], Some(By::Month));
        assert_eq!(
            labels(&by_month),
            [
                row("2024-11", 1, 1),
                row("2024-12", 0, 0),
                row("2025-01", 0, 0),
                row("2025-02", 1, 1)
            ]
        );
        let by_year = tally(&[m(2020, 1, 1), m(2022, 6, 2)], Some(By::Year));
        assert_eq!(
            labels(&by_year),
            [row("2020", 1, 1), row("2021", 0, 0), row("2022", 1, 1)]
        );
    }

    #[test]
    fn undated_matches_are_in_no_period() {
        let matches = [
            (None, 7),
            (None, 7),
            (None, 8),
            (Some(Period::month(2024, 1)), 1),
        ];
        let tally = tally(&matches, None);
        assert_eq!(labels(&tally), [row("2024-01", 1, 1)]);
        assert_eq!((tally.undated_documents, tally.undated_paragraphs), (2, 3));
        assert_eq!(tally.documents, 3);
        let none = super::tally(&[(None, 1)], None);
        assert!(none.periods.is_empty());
    }

    #[test]
    fn years_by_default_only_past_three_years() {
        let (a, b) = (Period::month(2021, 1), Period::month(2024, 1));
        assert_eq!(default_by(a, b), By::Month);
        assert_eq!(default_by(a, Period::month(2024, 2)), By::Year);
        let m = |y, mo| (Some(Period::month(y, mo)), 1);
        assert_eq!(tally(&[m(2015, 5), m(2025, 5)], None).by, By::Year);
        assert_eq!(tally(&[m(2025, 5), m(2025, 9)], None).by, By::Month);
    }
}
