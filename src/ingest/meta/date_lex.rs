//! The dates a line of text holds, read left to right: full dates in
//! digits or Chinese numerals, month-days, and the stamp forms of web
//! pages. Which of them is the document's own is date_policy's question.

use crate::ingest::Day;

/// The first `max` characters of `s`, full-width digits as ASCII.
pub(super) fn date_chars(s: &str, max: usize) -> Vec<char> {
    s.chars().take(max).map(ascii_digit).collect()
}

/// A real day between 1900 and 2100 (no 2月30日, no 2023年2月29日):
/// earlier or later years in a government release are not its date.
fn valid(y: u32, m: u32, d: u32) -> Option<Day> {
    (1900..=2100)
        .contains(&y)
        .then(|| Day::from_ymd(y, m, d))
        .flatten()
}

/// A month and day without a year (`12月14日`, a `08-16` stamp).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct MonthDay(u32, u32);

impl MonthDay {
    /// A month-day that exists in some year (2月29日 does).
    fn valid(m: u32, d: u32) -> Option<MonthDay> {
        // 2000 is a leap year: every month-day some year has.
        Day::from_ymd(2000, m, d).map(|_| MonthDay(m, d))
    }
}

/// A date read from text: full, or a month-day waiting for its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Found {
    Full(Day),
    Partial(MonthDay),
}

impl Found {
    pub(super) fn full(self) -> Option<Day> {
        match self {
            Found::Full(d) => Some(d),
            Found::Partial(_) => None,
        }
    }
    /// The full date, a month-day taking `year` (none without a year).
    pub(super) fn with_year(self, year: Option<u32>) -> Option<Day> {
        match self {
            Found::Full(d) => Some(d),
            Found::Partial(MonthDay(m, d)) => valid(year?, m, d),
        }
    }
}

/// A date in a line: what it says and where it sits (character indices,
/// `end` exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Hit {
    pub(super) found: Found,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// The dates of `chars`, left to right, none overlapping. With `compact`,
/// `20211214` counts (file names, metadata).
pub(super) fn hits(chars: &[char], compact: bool) -> impl Iterator<Item = Hit> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < chars.len() {
            if let Some(h) = hit_at(chars, i, compact) {
                i = h.end.max(i + 1);
                return Some(h);
            }
            i += 1;
        }
        None
    })
}

/// A date starting at `i`: a full date in digits or Chinese numerals, or a
/// month-day `M月D日`.
pub(super) fn hit_at(chars: &[char], i: usize, compact: bool) -> Option<Hit> {
    let c = *chars.get(i)?;
    let (found, end) = if c.is_ascii_digit() {
        match full_date_at(chars, i, compact) {
            Some((d, end)) => (Found::Full(d), end),
            None => {
                let (md, end) = month_day_at(chars, i)?;
                (Found::Partial(md), end)
            }
        }
    } else if matches!(c, '一' | '二') && chars.get(i + 4) == Some(&'年') {
        let (d, end) = chinese_date_at(chars, i)?;
        (Found::Full(d), end)
    } else {
        return None;
    };
    Some(Hit {
        found,
        start: i,
        end,
    })
}

/// The date forms of stamp lines, read from the start of `chars`:
/// `2023-08-13`, `23-08-13` (two-digit year, 20xx), `202308/02` and the
/// month-days `08-16`, `8/16`, `08月16日`. A time after a space or glued to
/// the day (`202308/0209:03:40`) is ignored.
pub(super) fn stamp_date(chars: &[char]) -> Option<Found> {
    let end = chars
        .iter()
        .position(|c| matches!(c, ' ' | ':' | '：'))
        .unwrap_or(chars.len());
    let groups: Vec<&[char]> = chars[..end]
        .split(|c| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let num = |g: &[char]| {
        g.iter()
            .filter_map(|c| c.to_digit(10))
            .fold(0, |v, d| v * 10 + d)
    };
    match groups.as_slice() {
        [ym, d] if ym.len() == 6 && d.len() >= 2 => {
            valid(num(&ym[..4]), num(&ym[4..]), num(&d[..2])).map(Found::Full)
        }
        [y, m, d] if (y.len() == 2 || y.len() == 4) && m.len() <= 2 && d.len() <= 2 => {
            let y = if y.len() == 2 { 2000 + num(y) } else { num(y) };
            valid(y, num(m), num(d)).map(Found::Full)
        }
        [m, d] if m.len() <= 2 && d.len() <= 2 => {
            MonthDay::valid(num(m), num(d)).map(Found::Partial)
        }
        _ => None,
    }
}

/// Full-width digits count as digits in dates.
fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

/// Reads up to `max` ASCII digits at `i`; returns (value, digits read).
pub(super) fn number(chars: &[char], i: usize, max: usize) -> Option<(u32, usize)> {
    let mut v = 0u32;
    let mut n = 0;
    while n < max {
        match chars.get(i + n).and_then(|c| c.to_digit(10)) {
            Some(d) => {
                v = v * 10 + d;
                n += 1;
            }
            None => break,
        }
    }
    (n > 0).then_some((v, n))
}

pub(super) fn is_digit_at(chars: &[char], i: usize) -> bool {
    chars.get(i).is_some_and(char::is_ascii_digit)
}

/// Skips spaces at `i`.
pub(super) fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|c| *c == ' ' || *c == '\u{3000}') {
        i += 1;
    }
    i
}

/// A Chinese numeral digit (`〇一二…九`, also `零`, and the circle `○` and
/// letter O that typists use for 〇).
fn chinese_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .or_else(|| matches!(c, '零' | '○' | 'Ｏ' | 'O').then_some(0))
        .map(|p| p as u32)
}

/// A small Chinese number `一` … `三十一` at `i`; returns (value, length).
fn chinese_small(chars: &[char], i: usize) -> Option<(u32, usize)> {
    let a = chars.get(i).copied()?;
    if a == '十' {
        return match chars.get(i + 1).copied().and_then(chinese_digit) {
            Some(d) if d > 0 => Some((10 + d, 2)),
            _ => Some((10, 1)),
        };
    }
    let d = chinese_digit(a).filter(|d| *d > 0)?;
    if chars.get(i + 1) == Some(&'十') {
        return match chars.get(i + 2).copied().and_then(chinese_digit) {
            Some(e) if e > 0 => Some((d * 10 + e, 3)),
            _ => Some((d * 10, 2)),
        };
    }
    Some((d, 1))
}

/// A Chinese numeral date `二〇二一年十二月十四日` at `i`; returns the date
/// and the index after it.
fn chinese_date_at(chars: &[char], i: usize) -> Option<(Day, usize)> {
    let mut y = 0;
    for k in 0..4 {
        y = y * 10 + chinese_digit(*chars.get(i + k)?)?;
    }
    if chars.get(i + 4) != Some(&'年') {
        return None;
    }
    let (m, n) = chinese_small(chars, i + 5)?;
    if chars.get(i + 5 + n) != Some(&'月') {
        return None;
    }
    let (d, k) = chinese_small(chars, i + 6 + n)?;
    let end = i + 6 + n + k;
    if !matches!(chars.get(end), Some('日' | '号')) {
        return None;
    }
    valid(y, m, d).map(|d| (d, end + 1))
}

/// A full date starting at `i`: `2021年12月14日`, `2021-12-14`, `2021/12/14`,
/// `2021.12.14`; with `compact`, also `20211214` (file names). Returns the
/// date and the index after it.
fn full_date_at(chars: &[char], i: usize, compact: bool) -> Option<(Day, usize)> {
    if i > 0 && is_digit_at(chars, i - 1) {
        return None;
    }
    let (y, n) = number(chars, i, 4)?;
    if n != 4 {
        return None;
    }
    let j = i + 4;
    if compact && is_digit_at(chars, j) {
        let (m, a) = number(chars, j, 2)?;
        let (d, b) = number(chars, j + 2, 2)?;
        if a == 2 && b == 2 && !is_digit_at(chars, j + 4) {
            return valid(y, m, d).map(|d| (d, j + 4));
        }
        return None;
    }
    let j = skip_spaces(chars, j);
    match *chars.get(j)? {
        '年' => cjk_month_day(chars, skip_spaces(chars, j + 1))
            .and_then(|(m, d, end)| Some((valid(y, m, d)?, end))),
        sep @ ('-' | '/' | '.') => {
            let (m, a) = number(chars, j + 1, 2)?;
            let k = j + 1 + a;
            if chars.get(k) != Some(&sep) {
                return None;
            }
            let (d, b) = number(chars, k + 1, 2)?;
            let end = k + 1 + b;
            if is_digit_at(chars, end) {
                return None;
            }
            valid(y, m, d).map(|d| (d, end))
        }
        _ => None,
    }
}

/// `12月14日` (spaces allowed around the numbers, `号` for `日`) at `i`;
/// returns month, day and the index after it.
fn cjk_month_day(chars: &[char], i: usize) -> Option<(u32, u32, usize)> {
    let (m, a) = number(chars, i, 2)?;
    let j = skip_spaces(chars, i + a);
    if chars.get(j) != Some(&'月') {
        return None;
    }
    let j = skip_spaces(chars, j + 1);
    let (d, b) = number(chars, j, 2)?;
    let j = skip_spaces(chars, j + b);
    matches!(chars.get(j), Some('日' | '号')).then_some((m, d, j + 1))
}

/// A month-day `M月D日` at `i` (not the tail of a longer number).
fn month_day_at(chars: &[char], i: usize) -> Option<(MonthDay, usize)> {
    if i > 0 && is_digit_at(chars, i - 1) {
        return None;
    }
    let (m, d, end) = cjk_month_day(chars, i)?;
    MonthDay::valid(m, d).map(|md| (md, end))
}
