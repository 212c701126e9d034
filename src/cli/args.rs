//! Arguments shared by several commands, and the one pre-reading step clap
//! needs: `-党史` is an exclusion, not a cluster of short flags.

use std::ffi::OsString;

use clap::Args;

use xunwen::search::{Day, Filter};

use super::choices::SortArg;

/// Marks an argument that was protected from flag parsing. A private-use
/// character no one types; removed again by [`query_text`].
const PROTECTED: char = '\u{e000}';

/// Lets a query term start with `-` without `--`: an argument of `-`
/// followed by a non-ASCII character or a quote (`-党史`, `-"党史学习"`) is
/// an exclusion, never a flag (every flag is ASCII), so it is marked for clap
/// to read as a value. Everything after `--` is left as it is.
pub fn protect_exclusions(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut after_separator = false;
    args.into_iter()
        .map(|arg| {
            if after_separator {
                return arg;
            }
            if arg == "--" {
                after_separator = true;
                return arg;
            }
            match arg.to_str() {
                Some(text) if is_exclusion(text) => OsString::from(format!("{PROTECTED}{text}")),
                _ => arg,
            }
        })
        .collect()
}

fn is_exclusion(arg: &str) -> bool {
    let mut chars = arg.chars();
    chars.next() == Some('-')
        && chars
            .next()
            .is_some_and(|c| !c.is_ascii() || matches!(c, '"' | '\''))
}

/// The query as one string: the words given, joined by spaces, with any
/// protection mark removed.
pub fn query_text(words: &[String]) -> String {
    words
        .iter()
        .map(|w| w.strip_prefix(PROTECTED).unwrap_or(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Narrowing by date and place, for `search` and `trend`.
#[derive(Debug, Clone, Args)]
pub struct FilterArgs {
    /// Only documents dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = Day::first_of)]
    pub since: Option<Day>,
    /// Only documents dated on or before DATE, inclusive: `--until 2025-12`
    /// means through 31 December.
    #[arg(long, value_name = "DATE", value_parser = Day::last_of)]
    pub until: Option<Day>,
    /// Only documents under PATH, a folder or file relative to the corpus
    /// (repeatable: any of them).
    #[arg(long = "in", value_name = "PATH")]
    pub places: Vec<String>,
}

impl FilterArgs {
    /// The search filter these flags describe.
    pub fn filter(&self) -> Filter {
        Filter {
            since: self.since,
            until: self.until,
            places: self.places.iter().map(|p| clean_place(p)).collect(),
        }
    }
}

/// A place as the index names it: '/'-separated, without `./` or a
/// trailing slash.
fn clean_place(place: &str) -> String {
    let place = place.replace('\\', "/");
    let trimmed = place.trim_start_matches("./").trim_matches('/');
    trimmed.to_string()
}

/// The order flag of `search`.
#[derive(Debug, Clone, Args)]
pub struct SortArgs {
    /// Order of the hits: relevance (best first) or date (newest first,
    /// undated last).
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn protect(args: &[&str]) -> Vec<String> {
        protect_exclusions(args.iter().map(OsString::from))
            .into_iter()
            .map(|a| a.into_string().expect("utf-8"))
            .collect()
    }

    #[test]
    fn chinese_and_quoted_exclusions_are_protected_flags_are_not() {
        let out = protect(&[
            "xunwen",
            "search",
            "党建",
            "-党史",
            "-\"党史学习\"",
            "-n1",
            "--json",
        ]);
        assert_eq!(out[3], format!("{PROTECTED}-党史"));
        assert_eq!(out[4], format!("{PROTECTED}-\"党史学习\""));
        assert_eq!(out[5], "-n1");
        assert_eq!(out[6], "--json");
        assert_eq!(query_text(&out[2..5]), "党建 -党史 -\"党史学习\"");
    }

    #[test]
    fn after_the_separator_nothing_changes() {
        let out = protect(&["search", "--", "-党史", "--json"]);
        assert_eq!(out, ["search", "--", "-党史", "--json"]);
    }

    #[test]
    fn places_are_cleaned() {
        assert_eq!(clean_place("./cctv_xwlb/2024/"), "cctv_xwlb/2024");
        assert_eq!(clean_place("laws_local"), "laws_local");
    }
}
