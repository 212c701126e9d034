//! The `xunwen` command line: parses arguments, calls the library, reports.
//!
//! Exit status follows grep and ripgrep: 0 when something was found (or a
//! command succeeded), 1 when a search found nothing, 2 on any error.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

use xunwen::analysis::Analyzer;
use xunwen::index::{self, IndexError, ProgressEvent, RefreshOptions, RefreshReport, XunwenIndex};
use xunwen::search::SearchError;

mod cli;
mod evaluate;
mod progress;

/// 寻文 xunwen — search Chinese government releases from the terminal.
#[derive(Parser)]
#[command(name = "xunwen", version, about, long_about = None)]
pub struct Cli {
    /// Folder of documents (.txt .md .html .htm .shtml) to index.
    #[arg(long, global = true, env = "XUNWEN_CORPUS", default_value = "corpus")]
    corpus: PathBuf,
    /// Folder holding the index.
    #[arg(long, global = true, env = "XUNWEN_INDEX", default_value = "index")]
    index: PathBuf,
    #[command(subcommand)]
    command: Command,
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
        /// List every skipped file, not just a summary.
        #[arg(long, short)]
        verbose: bool,
        /// Refresh only these files or folders of the corpus.
        paths: Vec<PathBuf>,
    },
    /// Search the index (building it first if there is none).
    Search(cli::search::SearchArgs),
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
        /// Also run the baselines (BM25 over jieba words with AND, with OR).
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
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            report_error(&err);
            ExitCode::from(2)
        }
    }
}

fn report_error(err: &anyhow::Error) {
    // A syntax error already shows the query and a caret: print it bare.
    if let Some(SearchError::Syntax(e)) = err.downcast_ref::<SearchError>() {
        eprintln!("xunwen: {e}");
        return;
    }
    eprintln!("xunwen: {err:#}");
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Index {
            rebuild,
            json,
            verbose,
            paths,
        } => {
            let analyzer = Analyzer::new();
            let options = RefreshOptions { rebuild, paths };
            let report = refresh(&cli.corpus, &cli.index, &analyzer, &options, !json)?;
            if json {
                serde_json::to_writer_pretty(std::io::stdout().lock(), &report)?;
                println!();
            } else {
                print_report(&cli.corpus, &cli.index, &report, verbose);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Search(args) => {
            let analyzer = Analyzer::new();
            let index = open_or_build(&cli.corpus, &cli.index, &analyzer)?;
            cli::search::run(&index, &analyzer, &args)
        }
        Command::Completions { shell } => {
            cli::manual::completions(shell, &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man { dir } => {
            cli::manual::man_pages(dir.as_deref(), &mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats { json } => {
            let index = XunwenIndex::open(&cli.index)?;
            let stats = index.stats()?;
            if json {
                serde_json::to_writer_pretty(std::io::stdout().lock(), &stats)?;
                println!();
            } else {
                println!("index        {}", stats.index);
                println!("corpus       {}", stats.corpus);
                println!("documents    {}", stats.documents);
                println!("paragraphs   {}", stats.paragraphs);
                println!("terms        {} distinct words", stats.distinct_terms);
                println!(
                    "size         {:.1} MB on disk ({} segments)",
                    stats.size_bytes as f64 / 1e6,
                    stats.segments
                );
                println!("built        {}", format_time(stats.built_at));
                println!("skipped      {} files", stats.skipped_files);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            sets,
            baselines,
            save,
            compare,
            floor,
        } => {
            let analyzer = Analyzer::new();
            let index = open_or_build(&cli.corpus, &cli.index, &analyzer)?;
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
        Command::Add { files } => {
            let copied = add_files(&cli.corpus, &files)?;
            let analyzer = Analyzer::new();
            let options = RefreshOptions {
                rebuild: false,
                paths: copied,
            };
            let report = refresh(&cli.corpus, &cli.index, &analyzer, &options, true)?;
            print_report(&cli.corpus, &cli.index, &report, false);
            Ok(ExitCode::SUCCESS)
        }
    }
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

/// Opens the index, building it first when there is none yet.
fn open_or_build(corpus: &Path, index_dir: &Path, analyzer: &Analyzer) -> Result<XunwenIndex> {
    match XunwenIndex::open(index_dir) {
        Err(IndexError::Missing { .. }) => {
            eprintln!(
                "xunwen: no index at {} yet; building it from {} first",
                index_dir.display(),
                corpus.display()
            );
            let report = refresh(
                corpus,
                index_dir,
                analyzer,
                &RefreshOptions::default(),
                true,
            )?;
            eprintln!(
                "xunwen: indexed {} documents ({} paragraphs) in {:.2} s",
                report.documents,
                report.paragraphs,
                report.elapsed.as_secs_f64()
            );
            Ok(XunwenIndex::open(index_dir)?)
        }
        other => Ok(other?),
    }
}

fn print_report(corpus: &Path, index_dir: &Path, report: &RefreshReport, verbose: bool) {
    let what = if report.rebuilt { "built" } else { "refreshed" };
    println!(
        "{what} {} from {} in {:.2} s{}",
        index_dir.display(),
        corpus.display(),
        report.elapsed.as_secs_f64(),
        if report.committed {
            ""
        } else {
            " (nothing changed)"
        }
    );
    println!(
        "  added {}, updated {}, renamed {}, removed {}, unchanged {}, skipped {}",
        report.added,
        report.updated,
        report.renamed,
        report.removed,
        report.unchanged,
        report.skipped.len()
    );
    println!(
        "  {} documents, {} paragraphs in the index",
        report.documents, report.paragraphs
    );
    for file in &report.files {
        if let index::Verdict::Repaired {
            encoding, repairs, ..
        } = &file.verdict
        {
            eprintln!(
                "xunwen: {}: decoded as {encoding} with {repairs} invalid byte sequences replaced",
                file.path
            );
        }
    }
    // Unsupported file types are expected (notes, spreadsheets): one line
    // unless --verbose. Files that should have been text are always listed.
    let (unsupported, failed): (Vec<_>, Vec<_>) =
        report.skipped.iter().partition(|skip| skip.unsupported);
    for skip in failed
        .iter()
        .chain(if verbose { &unsupported[..] } else { &[] })
    {
        eprintln!("xunwen: skipped {}: {}", skip.path, skip.reason);
    }
    if !verbose && !unsupported.is_empty() {
        eprintln!(
            "xunwen: skipped {} files of unsupported types (--verbose lists them)",
            unsupported.len()
        );
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
