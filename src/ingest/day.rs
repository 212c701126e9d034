//! The one calendar-day type: what ingest finds as a document's date, what
//! the index stores, what `--since`/`--until` bound and what output prints.
//! Parsed once (from the text, or from what the user typed) and passed on
//! as a value, never as a string to read again.

use std::fmt;
use std::str::FromStr;

use time::{Date, Month};

/// A calendar day (proleptic Gregorian), shown and serialized as ISO
/// `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(Date);

/// Why a date given on the command line was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{given:?} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (2024, 2024-06, 2024-06-30)")]
pub struct DateError {
    /// The text as given.
    pub given: String,
}

impl Day {
    /// The day `year`-`month`-`day` if the calendar has it (no 2月30日, no
    /// 2023年2月29日).
    pub fn from_ymd(year: u32, month: u32, day: u32) -> Option<Day> {
        let year = i32::try_from(year).ok()?;
        let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
        let day = u8::try_from(day).ok()?;
        Date::from_calendar_date(year, month, day).ok().map(Day)
    }

    /// The first day of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn first_of(text: &str) -> Result<Day, DateError> {
        parse_period(text, false)
    }

    /// The last day of `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: `--until 2025-12`
    /// means through 31 December.
    pub fn last_of(text: &str) -> Result<Day, DateError> {
        parse_period(text, true)
    }

    /// The day as a `time` date, for stages that compute with it (the
    /// index's date field, a trend's periods).
    pub fn date(self) -> Date {
        self.0
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }
}

/// Exactly `YYYY-MM-DD`, as [`Day`] prints itself (the index's stored form).
impl FromStr for Day {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Day, DateError> {
        let exact = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
        match Day::first_of(text) {
            Ok(day) if exact => Ok(day),
            _ => Err(DateError {
                given: text.to_string(),
            }),
        }
    }
}

impl serde::Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
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
    fn the_stored_form_reads_back_and_nothing_else_does() {
        let day: Day = "2024-02-29".parse().expect("leap day");
        assert_eq!(day, Day::from_ymd(2024, 2, 29).expect("leap day"));
        assert_eq!(
            serde_json::to_string(&day).ok(),
            Some("\"2024-02-29\"".into())
        );
        for bad in ["2023-02-29", "2024-13-01", "", "2024-6-01", "2024"] {
            assert!(bad.parse::<Day>().is_err(), "{bad}");
        }
    }
}
