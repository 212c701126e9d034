//! `xunwen trend`: how many documents and paragraphs fully match, per year
//! or month, drawn as bars or printed as JSON Lines.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use xunwen::analysis::Analyzer;
use xunwen::index::XunwenIndex;
use xunwen::output;
use xunwen::search::{self, Limit, SearchRequest};

use super::args::{query_text, FilterArgs};
use super::choices::ByArg;
use super::stdout::{exit_status, plural, width, with_stdout};

/// Flags of `xunwen trend`.
#[derive(Debug, Args)]
pub struct TrendArgs {
    /// Length of a period. Default: year when the matching documents span
    /// more than three years, else month.
    #[arg(long, value_enum, value_name = "PERIOD")]
    pub by: Option<ByArg>,
    /// Print one JSON object per period
    /// ({"period":"2025-10","documents":N,"paragraphs":M}) instead of bars.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The query, as for `search`: words, "exact phrase", a OR b,
    /// -excluded, title:word. After `--` everything is query text.
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
}

/// Counts and prints the trend; the exit status is 0 when something fully
/// matched (dated or not), 1 when nothing did.
pub fn run(
    index: &XunwenIndex,
    analyzer: &Analyzer,
    args: &TrendArgs,
    verbose: bool,
) -> Result<ExitCode> {
    let corpus = Path::new(&index.header().corpus);
    let request = SearchRequest {
        filter: args.filter.filter(corpus)?,
        ..SearchRequest::new(query_text(&args.query), Limit::All)
    };
    if verbose && request.filter.is_dated() {
        let undated = search::undated_documents(index, analyzer, &request)?;
        eprintln!(
            "xunwen: the date filter left out {} without a date",
            plural(undated as u64, "matching document")
        );
    }
    let trend = search::trend(index, analyzer, &request, args.by.map(Into::into))?;
    for note in &trend.notes {
        eprintln!("xunwen: note: {note}");
    }
    if let Some(note) = output::undated_note(&trend) {
        eprintln!("xunwen: {note}");
    }
    let written = with_stdout(|out| {
        if args.json {
            output::write_trend_json(out, &trend)
        } else {
            output::write_bars(out, &trend, width().unwrap_or(output::PIPED_WIDTH))
        }
    })?;
    if written && !args.json {
        eprintln!("{}", output::trend_summary(&request.query, &trend));
    }
    Ok(exit_status(trend.found()))
}
