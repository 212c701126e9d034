//! The `xunwen` command line: parses arguments, calls the library, reports.
//!
//! Exit status follows grep and ripgrep: 0 when something was found (or a
//! command succeeded), 1 when a search found nothing, 2 on any error.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use xunwen::analysis::Analyzer;
use xunwen::index::locate::{Location, Purpose, Request};
use xunwen::index::{
    self, IndexError, ProgressEvent, RefreshOptions, RefreshReport, Staleness, XunwenIndex,
};
use xunwen::search::SearchError;

mod cli;
mod evaluate;
mod progress;

/// 寻文 xunwen — search Chinese government releases from the terminal.
#[derive(Parser)]
#[command(name = "xunwen", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    place: Place,
    /// Say more: every skipped file, and the library's own account of an error.
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

/// Where the index and the corpus are (resolved by `xunwen::index::locate`).
#[derive(Args)]
struct Place {
    /// Folder of documents (.txt .md .html .htm .shtml) to build a new index
    /// from; an existing index knows its corpus. Default: $XUNWEN_CORPUS,
    /// else ./corpus.
    #[arg(long, global = true, value_name = "DIR")]
    corpus: Option<PathBuf>,
    /// Folder holding the index. Default: $XUNWEN_INDEX, else the nearest
    /// `index` folder (holding an XUNWEN-INDEX file) here or in a folder
    /// above, else ./index.
    #[arg(long, global = true, value_name = "DIR")]
    index: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the index, or bring it up to date with the corpus (incremental).
    Index {
        /// Index everything again from scratch.
        #[arg(long)]
        rebuild: bool,
        /// Print the run's account as JSON.
        #[arg(long)]
        json: bool,
        /// Refresh only these files or folders (from here, or inside the corpus).
        paths: Vec<PathBuf>,
    },
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
    Stats {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Measure ranking quality on judged query sets (TSV: id, query, relevant paths).
    Eval {
        /// Query set files; each file is one set, named after its stem.
        #[arg(required = true)]
        sets: Vec<PathBuf>,
        /// Also run the baselines: BM25 over jieba words (all, any), over
        /// character bigrams (any, by paragraph) and over whole documents
        /// (character bigrams, any; built in memory for the run).
        #[arg(long)]
        baselines: bool,
        /// Save this run (per-query outcomes) as JSON, for a later --compare.
        #[arg(long)]
        save: Option<PathBuf>,
        /// List the queries that got worse since a saved run.
        #[arg(long)]
        compare: Option<PathBuf>,
        /// Fail (exit 1) if a set's metric falls below this JSON file's floor:
        /// {"set": {"mrr_10": 0.8, "recall_10": 0.9, "recall_100": 0.95}}.
        #[arg(long)]
        floor: Option<PathBuf>,
    },
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
        dir: Option<PathBuf>,
    },
    /// Copy files into the corpus and index them.
    Add {
        /// Files or folders to add (all or nothing; a folder keeps its layout).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
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
            report_error(&err, verbose);
            ExitCode::from(2)
        }
    }
}

fn report_error(err: &anyhow::Error, verbose: bool) {
    // A syntax error already shows the query and a caret: print it bare.
    if let Some(SearchError::Syntax(e)) = err.downcast_ref::<SearchError>() {
        eprintln!("xunwen: {e}");
        return;
    }
    // An index error says everything in one sentence: the chain stops there,
    // so the error beneath it is not printed again after it.
    let mut message = String::new();
    let mut detail = None;
    for cause in err.chain() {
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&cause.to_string());
        let index_error = cause.downcast_ref::<IndexError>().or_else(|| {
            match cause.downcast_ref::<SearchError>() {
                Some(SearchError::Index(e)) => Some(e),
                _ => None,
            }
        });
        if let Some(e) = index_error {
            detail = e.detail();
            break;
        }
    }
    eprintln!("xunwen: {message}");
    if let (true, Some(detail)) = (verbose, detail) {
        eprintln!("xunwen: detail: {detail}");
    }
}

/// Finds the index and corpus for a command (the rule is in
/// `xunwen::index::locate`).
fn locate(place: &Place, purpose: Purpose) -> Result<Location> {
    let cwd = std::env::current_dir().context("reading the current folder")?;
    let env = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let (env_index, env_corpus) = (env("XUNWEN_INDEX"), env("XUNWEN_CORPUS"));
    Ok(index::locate::locate(&Request {
        index: place.index.as_deref(),
        corpus: place.corpus.as_deref(),
        env_index: env_index.as_deref(),
        env_corpus: env_corpus.as_deref(),
        cwd: &cwd,
        purpose,
    })?)
}

fn run(cli: Cli) -> Result<ExitCode> {
    let (place, verbose) = (&cli.place, cli.verbose);
    match cli.command {
        Command::Index {
            rebuild,
            json,
            paths,
        } => index_command(place, RefreshOptions { rebuild, paths }, json, verbose),
        Command::Search(args) => {
            let (index, analyzer) = searchable(place, args.refresh)?;
            cli::search::run(&index, &analyzer, &args, verbose)
        }
        Command::Trend(args) => {
            let (index, analyzer) = searchable(place, false)?;
            cli::trend::run(&index, &analyzer, &args, verbose)
        }
        Command::Show(args) => {
            let (index, analyzer) = searchable(place, false)?;
            cli::show::run(&index, &analyzer, &args)
        }
        Command::Completions { shell } => {
            cli::manual::completions(shell, &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { dir } => {
            cli::manual::man_pages(dir.as_deref(), &mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats { json } => stats_command(place, json),
        Command::Eval {
            sets,
            baselines,
            save,
            compare,
            floor,
        } => {
            let (index, analyzer) = searchable(place, false)?;
            evaluate::run(
                &index,
                &analyzer,
                &sets,
                baselines,
                save.as_deref(),
                compare.as_deref(),
                floor.as_deref(),
            )
        }
        Command::Add { files } => add_command(place, &files, verbose),
    }
}

/// The index to search (built first when there is none, refreshed first
/// when asked) and the analysis to search it with.
fn searchable(place: &Place, refresh_first: bool) -> Result<(XunwenIndex, Analyzer)> {
    let analyzer = Analyzer::new();
    let index = open_or_build(&locate(place, Purpose::Search)?, &analyzer, refresh_first)?;
    Ok((index, analyzer))
}

/// `xunwen index`: build or refresh, then the account.
fn index_command(
    place: &Place,
    options: RefreshOptions,
    json: bool,
    verbose: bool,
) -> Result<ExitCode> {
    let place = locate(
        place,
        Purpose::Index {
            rebuild: options.rebuild,
        },
    )?;
    let corpus = place.corpus()?;
    let report = refresh(corpus, &place.index, &Analyzer::new(), &options, !json)?;
    if json {
        serde_json::to_writer_pretty(std::io::stdout().lock(), &report)?;
        println!();
    } else {
        print_report(corpus, &place.index, &report, verbose);
    }
    Ok(ExitCode::SUCCESS)
}

/// `xunwen stats`.
fn stats_command(place: &Place, json: bool) -> Result<ExitCode> {
    let place = locate(place, Purpose::Stats)?;
    let stats = XunwenIndex::open(&place.index)?.stats()?;
    if json {
        serde_json::to_writer_pretty(std::io::stdout().lock(), &stats)?;
        println!();
    } else {
        print_stats(&stats);
    }
    Ok(ExitCode::SUCCESS)
}

/// `xunwen add`: copy all or nothing, then index what was copied.
fn add_command(place: &Place, files: &[PathBuf], verbose: bool) -> Result<ExitCode> {
    let place = locate(place, Purpose::Add)?;
    let corpus = place.corpus()?;
    let copied = add_files(corpus, files)?;
    let options = RefreshOptions {
        rebuild: false,
        paths: copied,
    };
    let report = refresh(corpus, &place.index, &Analyzer::new(), &options, true)?;
    print_report(corpus, &place.index, &report, verbose);
    Ok(ExitCode::SUCCESS)
}

/// Runs an index refresh with a progress bar on a terminal.
fn refresh(
    corpus: &Path,
    index_dir: &Path,
    analyzer: &Analyzer,
    options: &RefreshOptions,
    show_progress: bool,
) -> Result<RefreshReport> {
    let bar = progress::Progress::new(show_progress && std::io::stderr().is_terminal());
    let report = index::refresh(
        corpus,
        index_dir,
        analyzer,
        options,
        &|event: ProgressEvent| bar.event(event),
    );
    bar.finish();
    Ok(report?)
}

/// Opens the index: built first when there is none, refreshed first when
/// `refresh_first` (`search --refresh`); otherwise a note on stderr says when
/// the corpus changed since the index was built.
fn open_or_build(
    place: &Location,
    analyzer: &Analyzer,
    refresh_first: bool,
) -> Result<XunwenIndex> {
    if !place.build && !refresh_first {
        let index = XunwenIndex::open(&place.index)?;
        note_staleness(&index);
        return Ok(index);
    }
    let corpus = place.corpus()?;
    if place.build {
        eprintln!(
            "xunwen: there is no index at {} yet; building it from {} first",
            place.index.display(),
            corpus.display()
        );
    }
    let bar = progress::Progress::new(std::io::stderr().is_terminal());
    let opened = index::open_fresh(corpus, &place.index, analyzer, &|event: ProgressEvent| {
        bar.event(event)
    });
    bar.finish();
    let (index, report) = opened?;
    if place.build {
        eprintln!(
            "xunwen: indexed {} ({}) in {:.2} s",
            plural(report.documents, "document"),
            plural(report.paragraphs, "paragraph"),
            report.elapsed.as_secs_f64()
        );
    } else if report.added + report.updated + report.renamed + report.removed > 0 {
        eprintln!(
            "xunwen: refreshed the index first: added {}, updated {}, renamed {}, removed {} ({:.2} s)",
            report.added,
            report.updated,
            report.renamed,
            report.removed,
            report.elapsed.as_secs_f64()
        );
    }
    Ok(index)
}

/// One line on stderr when the corpus changed since the last index run.
fn note_staleness(index: &XunwenIndex) {
    match index.staleness() {
        Staleness::Changed { folders } => eprintln!(
            "xunwen: the corpus changed since the index was built (files added, removed or renamed in {}); \
             run `xunwen index`, or search with --refresh",
            plural(folders as u64, "folder")
        ),
        Staleness::CorpusGone => eprintln!(
            "xunwen: the corpus {} is gone; searching the index as it was built",
            index.header().corpus
        ),
        Staleness::Current | Staleness::Unknown => {}
    }
}

fn print_report(corpus: &Path, index_dir: &Path, report: &RefreshReport, verbose: bool) {
    let what = if report.rebuilt { "built" } else { "refreshed" };
    let changed = report.added + report.updated + report.renamed + report.removed;
    println!(
        "{what} the index at {} from {} in {:.2} s{}",
        index_dir.display(),
        corpus.display(),
        report.elapsed.as_secs_f64(),
        if changed == 0 && !report.rebuilt {
            " (nothing changed)"
        } else {
            ""
        }
    );
    let files =
        report.added + report.updated + report.renamed + report.unchanged + report.skipped.len();
    println!(
        "  {}: added {}, updated {}, renamed {}, unchanged {}, skipped {}; removed {}",
        plural(files as u64, "file"),
        report.added,
        report.updated,
        report.renamed,
        report.unchanged,
        report.skipped.len(),
        report.removed,
    );
    println!(
        "  {} and {} in the index",
        plural(report.documents, "document"),
        plural(report.paragraphs, "paragraph")
    );
    for file in &report.files {
        if let index::Verdict::Repaired {
            encoding, repairs, ..
        } = &file.verdict
        {
            eprintln!(
                "xunwen: {}: decoded as {encoding} with {} replaced",
                file.path,
                plural(*repairs as u64, "invalid byte sequence")
            );
        }
    }
    // Skips are listed when new since the last run (all of them with
    // --verbose). Unsupported file types are expected (notes, spreadsheets):
    // one line unless --verbose; files that should have been text are named.
    let (unsupported, failed): (Vec<_>, Vec<_>) = report
        .skipped
        .iter()
        .filter(|skip| verbose || skip.new)
        .partition(|skip| skip.unsupported);
    for skip in failed
        .iter()
        .chain(if verbose { &unsupported[..] } else { &[] })
    {
        eprintln!("xunwen: skipped {}: {}", skip.path, skip.reason);
    }
    if !verbose && !unsupported.is_empty() {
        eprintln!(
            "xunwen: skipped {} of unsupported types (--verbose lists them)",
            plural(unsupported.len() as u64, "file")
        );
    }
}

fn print_stats(stats: &index::IndexStats) {
    println!("index        {}", stats.index);
    println!("corpus       {}", stats.corpus);
    println!("documents    {}", stats.documents);
    println!("paragraphs   {}", stats.paragraphs);
    println!("terms        {} distinct words", stats.distinct_terms);
    println!(
        "size         {:.1} MB on disk ({})",
        stats.size_bytes as f64 / 1e6,
        plural(stats.segments as u64, "segment")
    );
    println!("built        {}", format_time(stats.built_at));
    println!(
        "skipped      {}",
        plural(stats.skipped_files as u64, "file")
    );
    match stats.changed_folders {
        Some(0) => println!("changed      nothing in the corpus since"),
        Some(n) => println!(
            "changed      files added, removed or renamed in {} of the corpus since; run `xunwen index`",
            plural(n as u64, "folder")
        ),
        None => {}
    }
}

/// `n noun` or `n nouns`.
fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn format_time(secs: u64) -> String {
    let ago = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        .saturating_sub(secs);
    let when = match ago {
        0..=59 => format!("{ago} s ago"),
        60..=3599 => format!("{} min ago", ago / 60),
        3600..=86399 => format!("{} h ago", ago / 3600),
        _ => format!("{} days ago", ago / 86400),
    };
    format!("{when} (unix time {secs})")
}

/// Adds `files` (files and folders) to the corpus, all or nothing: checks
/// every argument, then copies. Returns the paths inside the corpus.
fn add_files(corpus: &Path, files: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let plan = xunwen::ingest::add::plan_add(corpus, files)?;
    // Files of other types inside added folders: listed, up to a point.
    const LISTED: usize = 10;
    for note in plan.notes().iter().take(LISTED) {
        eprintln!("xunwen: skipped {}: {}", note.path.display(), note.reason);
    }
    if let Some(more) = plan.notes().len().checked_sub(LISTED).filter(|&n| n > 0) {
        eprintln!("xunwen: skipped {more} more files of unsupported types");
    }
    Ok(plan.apply()?)
}
