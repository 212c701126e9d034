//! `xunwen trend`: how many documents and paragraphs fully match, per year
//! or month, drawn as bars or printed as JSON Lines.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use xunwen::analysis::Analyzer;
use xunwen::index::XunwenIndex;
use xunwen::output;
use xunwen::search::{self, By, Limit, SearchRequest};

use super::args::{query_text, FilterArgs};
use super::search::{exit_status, with_stdout};

/// Flags of `xunwen trend`.
#[derive(Debug, Args)]
pub struct TrendArgs {
    /// Length of a period. Default: year when the matching documents span
    /// more than three years, else month.
    #[arg(long, value_enum, value_name = "PERIOD")]
    pub by: Option<By>,
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
            "xunwen: the date filter left out {undated} matching document{} without a date",
            if undated == 1 { "" } else { "s" }
        );
    }
    let trend = search::trend(index, analyzer, &request, args.by)?;
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
            output::write_bars(out, &trend, width())
        }
    })?;
    if written && !args.json {
        eprintln!("{}", output::trend_summary(&request.query, &trend));
    }
    Ok(exit_status(trend.found()))
}

/// The terminal's width, or [`output::PIPED_WIDTH`] when stdout is not a
/// terminal (or its width is unknown).
fn width() -> usize {
    let out = std::io::stdout();
    out.is_terminal()
        .then(|| terminal_size::terminal_size_of(&out).map(|(w, _)| usize::from(w.0)))
        .flatten()
        .unwrap_or(output::PIPED_WIDTH)
}
