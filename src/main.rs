//! The `xunwen` command line: parses arguments and hands each command to
//! its module in `cli/`.
//!
//! Exit status follows grep and ripgrep: 0 when something was found (or a
//! command succeeded), 1 when a search found nothing, 2 on any error, and
//! 130 when Ctrl-C stopped an index run (as a shell reports it).

use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

mod cli;

/// mimalloc instead of the system allocator: an index build allocates and
/// frees in many threads at once (tantivy's per-document field lists, the
/// buffers its postings are serialized through, ingest's lines), and glibc's
/// malloc, free and realloc were about 6 % of a build's CPU; and its
/// segments sit on transparent huge pages, so tantivy's postings arena,
/// looked up for every token, misses the TLB far less (BENCHMARKS.md,
/// "Build ratio back under 2.0×").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use cli::place::{searchable, Place};
use cli::synonyms::searchable_with;

/// 寻文 xunwen — search Chinese government releases from the terminal.
#[derive(Parser)]
#[command(name = "xunwen", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    place: Place,
    #[command(flatten)]
    synonyms: cli::synonyms::SynonymArgs,
    /// Say more: every skipped file, and the library's own account of an error.
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the index, or bring it up to date with the corpus (incremental).
    Index(cli::index::IndexArgs),
    /// Search the index (building it first if there is none).
    Search(cli::search::SearchArgs),
    /// Count the documents and paragraphs that fully match, per year or month.
    ///
    /// One bar per period on a terminal, JSON Lines with --json. Periods
    /// without a match between the first and the last are shown as zero;
    /// undated documents are in no period (stderr says how many).
    Trend(cli::trend::TrendArgs),
    /// Print a document as indexed: title, date, path, numbered paragraphs.
    ///
    /// `DOC:N` starts at paragraph N and marks it; --highlight marks a
    /// query's terms.
    Show(cli::show::ShowArgs),
    /// Show what the index holds.
    Stats(cli::stats::StatsArgs),
    /// Measure ranking quality on judged query sets (TSV: id, query, relevant paths).
    Eval(cli::eval::EvalArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; `xunwen man | man -l -`), or write one
    /// page per command into a folder.
    Man {
        /// Write xunwen.1, xunwen-search.1, … into this folder.
        #[arg(long, value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
    },
    /// Copy files into the corpus and index them.
    Add(cli::add::AddArgs),
    /// List the documents that share the most of a text (a file, standard
    /// input or an indexed document): where else it was published.
    ///
    /// Each with the share of the text it holds, measured on character
    /// shingles; near-identical copies first, marked.
    Similar(cli::similar::SimilarArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse_from(cli::args::protect_exclusions(std::env::args_os())) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let verbose = cli.verbose;
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            cli::error::report(&err, verbose);
            ExitCode::from(cli::error::exit_status(&err))
        }
    }
}

/// The dispatch table: each command's module does the work.
fn run(cli: Cli) -> Result<ExitCode> {
    let (place, verbose, synonyms) = (&cli.place, cli.verbose, &cli.synonyms);
    match cli.command {
        Command::Index(args) => cli::index::run(place, &args, verbose),
        Command::Search(args) => {
            let (index, analyzer) = searchable_with(place, args.refresh, synonyms)?;
            cli::search::run(&index, &analyzer, &args, verbose)
        }
        Command::Trend(args) => {
            let (index, analyzer) = searchable_with(place, false, synonyms)?;
            cli::trend::run(&index, &analyzer, &args, verbose)
        }
        Command::Show(args) => {
            let (index, analyzer) = searchable(place, false)?;
            cli::show::run(&index, &analyzer, &args)
        }
        Command::Stats(args) => cli::stats::run(place, &args),
        Command::Eval(args) => {
            let (index, analyzer) = searchable_with(place, false, synonyms)?;
            cli::eval::run(&index, &analyzer, &args)
        }
        Command::Add(args) => cli::add::run(place, &args, verbose),
        Command::Similar(args) => {
            let (index, _) = searchable(place, false)?;
            cli::similar::run(&index, &args)
        }
        Command::Completions { shell } => {
            cli::manual::completions(shell, &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { dir } => {
            cli::manual::man_pages(dir.as_deref(), &mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
