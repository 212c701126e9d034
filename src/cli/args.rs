//! Arguments shared by several commands, and the one pre-reading step clap
//! needs: `-党史` is an exclusion, not a cluster of short flags.

use std::ffi::OsString;
use std::path::{Component, Path};

use anyhow::{bail, Result};
use clap::Args;

use xunwen::search::{Day, Filter};

use super::choices::SortArg;

use super::search::relative_to_corpus;

/// Marks an argument that was protected from flag parsing. A private-use
/// character no one types; removed again by [`query_text`].
const PROTECTED: char = '\u{e000}';

/// Marks an argument given after `--` that starts with `-`: text to find,
/// as grep reads it, not an exclusion. Another private-use character;
/// [`query_text`] turns the argument into a quoted literal.
const LITERAL: char = '\u{e001}';

/// Lets a query term start with `-` without `--`: an argument of `-`
/// followed by a non-ASCII character or a quote (`-党史`, `-"党史学习"`) is
/// an exclusion, never a flag (every flag is ASCII), so it is marked for clap
/// to read as a value. After `--` an argument starting with `-` is text to
/// find (`xunwen search -- --json`, as in `grep -- --json`), and is marked so
/// for the commands that take a query; file arguments are left as given.
pub fn protect_exclusions(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let args: Vec<OsString> = args.into_iter().collect();
    let takes_query = matches!(command_name(&args), Some("search" | "trend"));
    let mut after_separator = false;
    args.into_iter()
        .map(|arg| {
            if !after_separator && arg == "--" {
                after_separator = true;
                return arg;
            }
            let mark = match arg.to_str() {
                Some(text) if after_separator && takes_query && text.starts_with('-') => LITERAL,
                Some(text) if !after_separator && is_exclusion(text) => PROTECTED,
                _ => return arg,
            };
            OsString::from(format!("{mark}{}", arg.to_string_lossy()))
        })
        .collect()
}

/// The subcommand named in `args` (program name first): the first argument
/// that is neither a flag nor the value of a global flag taking one.
fn command_name(args: &[OsString]) -> Option<&str> {
    let mut rest = args.iter().skip(1).map(|a| a.to_str());
    while let Some(arg) = rest.next() {
        match arg? {
            "--corpus" | "--index" | "--synonyms" => {
                rest.next();
            }
            "--" => return None,
            flag if flag.starts_with('-') => {}
            name => return Some(name),
        }
    }
    None
}

fn is_exclusion(arg: &str) -> bool {
    let mut chars = arg.chars();
    chars.next() == Some('-')
        && chars
            .next()
            .is_some_and(|c| !c.is_ascii() || matches!(c, '"' | '\''))
}

/// The query as one string: the words given, joined by spaces, with any
/// protection mark removed. A word given after `--` that starts with `-` is
/// quoted, so the query language reads it as text to find; the quotes it
/// held itself are dropped (they are punctuation, never matched).
pub fn query_text(words: &[String]) -> String {
    words
        .iter()
        .map(|w| match w.strip_prefix(LITERAL) {
            Some(text) => {
                let bare: String = text.chars().filter(|c| !"\"“”".contains(*c)).collect();
                format!("\"{bare}\"")
            }
            None => w.strip_prefix(PROTECTED).unwrap_or(w).to_string(),
        })
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
    /// Only documents under PATH, a folder or file of the corpus: relative
    /// to the corpus, to the current folder, or absolute (repeatable: any
    /// of them).
    #[arg(long = "in", value_name = "PATH")]
    pub places: Vec<String>,
}

impl FilterArgs {
    /// The search filter these flags describe, with every place made
    /// relative to `corpus`. A place outside the corpus, or one it does not
    /// hold, is an error: it would narrow the search to nothing, which looks
    /// like a word never used.
    pub fn filter(&self, corpus: &Path) -> Result<Filter> {
        let places = self
            .places
            .iter()
            .map(|p| corpus_place(p, corpus))
            .collect::<Result<_>>()?;
        Ok(Filter {
            since: self.since,
            until: self.until,
            places,
        })
    }
}

/// A place of `--in` as the index names it: relative to the corpus,
/// '/'-separated, without `./` or a trailing slash. An absolute path, or one
/// from the current folder, must lie inside the corpus.
fn corpus_place(place: &str, corpus: &Path) -> Result<String> {
    let rel = relative_to_corpus(place, corpus);
    let rel_path = Path::new(&rel);
    if rel_path.is_absolute() || rel_path.components().any(|c| c == Component::ParentDir) {
        bail!(
            "--in {place}: outside the corpus {}; give a folder or file inside it, \
             absolute or relative to the corpus",
            corpus.display()
        );
    }
    let rel = clean_place(&rel);
    if !corpus.join(&rel).exists() {
        bail!(
            "--in {place}: no such folder or file in the corpus {}",
            corpus.display()
        );
    }
    Ok(rel)
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
    fn after_the_separator_a_leading_dash_is_text() {
        let out = protect(&["xunwen", "search", "--", "-党史", "--json", "党建", "--"]);
        assert_eq!(out[..3], ["xunwen", "search", "--"]);
        assert_eq!(out[3], format!("{LITERAL}-党史"));
        assert_eq!(out[4], format!("{LITERAL}--json"));
        assert_eq!(out[5], "党建");
        assert_eq!(out[6], format!("{LITERAL}--"));
        assert_eq!(query_text(&out[3..6]), "\"-党史\" \"--json\" 党建");
        let quoted = protect(&["xunwen", "trend", "--", "-\"党史\""]);
        assert_eq!(query_text(&quoted[3..]), "\"-党史\"");
    }

    #[test]
    fn after_the_separator_file_arguments_are_left_as_given() {
        let out = protect(&["xunwen", "--index", "search", "add", "--", "-a.txt"]);
        assert_eq!(out[5], "-a.txt");
        let out = protect(&["xunwen", "show", "--", "-a.txt"]);
        assert_eq!(out[3], "-a.txt");
    }

    #[test]
    fn places_are_made_relative_to_the_corpus_or_refused() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(corpus.join("news/2024")).expect("corpus folders");
        let place = |p: &str| corpus_place(p, &corpus).map_err(|e| e.to_string());
        assert_eq!(place("news/2024/").as_deref(), Ok("news/2024"));
        let absolute = corpus.join("news/2024");
        assert_eq!(
            place(&absolute.to_string_lossy()).as_deref(),
            Ok("news/2024")
        );
        let outside = place(&dir.path().to_string_lossy()).expect_err("outside");
        assert!(outside.contains("outside the corpus"), "{outside}");
        let above = place("news/../..").expect_err("above the corpus");
        assert!(above.contains("outside the corpus"), "{above}");
        let missing = place("nosuch").expect_err("missing");
        assert!(missing.contains("no such folder or file"), "{missing}");
    }

    #[test]
    fn places_are_cleaned() {
        assert_eq!(clean_place("./cctv_xwlb/2024/"), "cctv_xwlb/2024");
        assert_eq!(clean_place("laws_local"), "laws_local");
    }
}
