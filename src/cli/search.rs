//! `xunwen search`: ranked paragraphs, or with `-l`/`-c` the documents.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use xunwen::analysis::Analyzer;
use xunwen::index::XunwenIndex;
use xunwen::output;
use xunwen::search::similar::SimilarRequest;
use xunwen::search::{self, Limit, SearchRequest};

use super::args::{query_text, FilterArgs, SortArgs};
use super::choices::ColorArg;
use super::stdout::{exit_status, plural, terminal_style, with_stdout};

/// Flags of `xunwen search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Number of hits to show.
    #[arg(short = 'n', long = "limit", value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Show every paragraph that fully matches (no partial hits).
    #[arg(long, conflicts_with = "limit")]
    pub all: bool,
    /// List the documents with full matches, best first, one path per line.
    #[arg(short = 'l', long = "files-with-matches", conflicts_with = "count")]
    pub files_with_matches: bool,
    /// Print the number of fully matching paragraphs per document (path:count).
    #[arg(short = 'c', long)]
    pub count: bool,
    /// Partial hits: show up to N paragraphs of each document (default 1:
    /// a page of partial hits lists documents, each by its best paragraph).
    #[arg(long = "per-doc", value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u16).range(1..))]
    pub per_doc: u16,
    /// Show N paragraphs before and after each hit.
    #[arg(short = 'C', long, value_name = "N", default_value_t = 0)]
    pub context: usize,
    /// Print JSON Lines instead of text.
    #[arg(long)]
    pub json: bool,
    /// When to use colours.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
    /// Show whole paragraphs instead of a window around the hits.
    #[arg(long)]
    pub full: bool,
    /// Bring the index up to date with the corpus before searching.
    #[arg(long)]
    pub refresh: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub sort: SortArgs,
    /// The query: words (each matched as typed), "exact phrase", a OR b,
    /// -excluded, title:word. Flags may come before or after it; after `--`
    /// everything is query text.
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
}

impl SearchArgs {
    /// The request these flags describe, with places made relative to
    /// `corpus` (an error names a place outside it or missing from it).
    pub fn request(&self, corpus: &Path) -> Result<SearchRequest> {
        let limit = if self.all || self.files_with_matches || self.count {
            Limit::All
        } else {
            Limit::Top(self.limit)
        };
        Ok(SearchRequest {
            filter: self.filter.filter(corpus)?,
            sort: self.sort.sort.into(),
            context: self.context,
            per_document: usize::from(self.per_doc),
            ..SearchRequest::new(query_text(&self.query), limit)
        })
    }
}

/// A place given from the current folder (`corpus/2024`) or absolute, made
/// relative to the corpus; a place already relative to it is kept.
pub(super) fn relative_to_corpus(place: &str, corpus: &Path) -> String {
    let given = Path::new(place);
    let stripped: Option<PathBuf> = given
        .strip_prefix(corpus)
        .ok()
        .map(Path::to_path_buf)
        .or_else(|| {
            let canonical_corpus = corpus.canonicalize().ok()?;
            let canonical = given.canonicalize().ok()?;
            let rel = canonical.strip_prefix(&canonical_corpus).ok()?;
            Some(rel.to_path_buf())
        });
    match stripped {
        Some(rel) if !rel.as_os_str().is_empty() => rel.to_string_lossy().replace('\\', "/"),
        _ => place.to_string(),
    }
}

/// Runs the search and prints it; the exit status is 0 when something fully
/// matched, 1 when nothing did (partial hits may still be shown).
///
/// With `verbose`, a date filter says how many matching documents it left
/// out for having no date.
pub fn run(
    index: &XunwenIndex,
    analyzer: &Analyzer,
    args: &SearchArgs,
    verbose: bool,
) -> Result<ExitCode> {
    let corpus = Path::new(&index.header().corpus);
    let request = args.request(corpus)?;
    if is_pasted_passage(&request.query) {
        return passage_instead(index, args, request);
    }
    if verbose && request.filter.is_dated() {
        let undated = search::undated_documents(index, analyzer, &request)?;
        eprintln!(
            "xunwen: the date filter left out {} without a date",
            plural(undated as u64, "matching document")
        );
    }
    if args.files_with_matches || args.count {
        return print_documents(index, analyzer, args, &request);
    }
    let results = search::search_with(index, analyzer, &request)?;
    for note in &results.notes {
        eprintln!("xunwen: note: {note}");
    }
    let written = with_stdout(|out| {
        if args.json {
            output::write_json_lines(out, &results)
        } else {
            output::write_terminal(out, &results, terminal_style(args.color.into(), args.full))
        }
    })?;
    if written && !args.json {
        eprintln!("{}", output::summary_line(&request.query, &results));
    }
    Ok(exit_status(results.found()))
}

/// A query longer than a query may be: text pasted to find where else it
/// appears, which is what `xunwen similar` does.
fn is_pasted_passage(query: &str) -> bool {
    query.chars().count() > search::parse::MAX_QUERY_CHARS
}

/// Answers a pasted passage as `xunwen similar -` would, saying so.
fn passage_instead(
    index: &XunwenIndex,
    args: &SearchArgs,
    request: SearchRequest,
) -> Result<ExitCode> {
    eprintln!(
        "xunwen: note: a query of {} characters is a passage, not search terms: listing the \
         documents that share it, as `xunwen similar -` does (give it the text on standard input)",
        request.query.chars().count()
    );
    let passage = SimilarRequest {
        text: request.query,
        source: None,
        filter: request.filter,
        limit: args.limit,
    };
    super::similar::list(index, &passage, args.json)
}

/// `-l` and `-c`: the documents with full matches.
fn print_documents(
    index: &XunwenIndex,
    analyzer: &Analyzer,
    args: &SearchArgs,
    request: &SearchRequest,
) -> Result<ExitCode> {
    let results = search::matching_documents(index, analyzer, request)?;
    for note in &results.notes {
        eprintln!("xunwen: note: {note}");
    }
    with_stdout(|out| {
        if args.json {
            output::write_document_lines(out, &results)
        } else if args.count {
            output::write_counts(out, &results)
        } else {
            output::write_paths(out, &results)
        }
    })?;
    Ok(exit_status(!results.documents.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_from_the_current_folder_become_corpus_relative() {
        let corpus = Path::new("corpus");
        assert_eq!(relative_to_corpus("corpus/2024", corpus), "2024");
        assert_eq!(relative_to_corpus("2024", corpus), "2024");
    }
}
