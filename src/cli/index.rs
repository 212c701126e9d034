//! `xunwen index`: build the index or bring it up to date, then give an
//! account of the run.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use xunwen::index::locate::Purpose;
use xunwen::index::{self, ProgressEvent, RefreshOptions, RefreshReport};

use super::interrupt::CtrlC;
use super::place::Place;
use super::progress::Progress;
use super::stdout::plural;

/// Flags of `xunwen index`.
#[derive(Args)]
pub struct IndexArgs {
    /// Index everything again from scratch.
    #[arg(long)]
    rebuild: bool,
    /// Print the run's account as JSON.
    #[arg(long)]
    json: bool,
    /// Refresh only these files or folders (from here, or inside the corpus).
    paths: Vec<PathBuf>,
}

/// Builds or refreshes, then prints the account (text, or JSON with --json).
pub fn run(place: &Place, args: &IndexArgs, verbose: bool) -> Result<ExitCode> {
    let options = RefreshOptions {
        rebuild: args.rebuild,
        paths: args.paths.clone(),
        ..RefreshOptions::default()
    };
    let place = place.locate(Purpose::Index {
        rebuild: options.rebuild,
    })?;
    let corpus = place.corpus()?;
    let report = refresh(corpus, &place.index, &options, !args.json)?;
    if args.json {
        serde_json::to_writer_pretty(std::io::stdout().lock(), &report)?;
        println!();
    } else {
        print_report(corpus, &place.index, &report, verbose);
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs an index refresh, with a progress bar when `show_progress` and
/// stderr is a terminal.
pub fn refresh(
    corpus: &Path,
    index_dir: &Path,
    options: &RefreshOptions,
    show_progress: bool,
) -> Result<RefreshReport> {
    let ctrl_c = CtrlC::catch();
    let options = RefreshOptions {
        interrupt: ctrl_c.flag(),
        ..options.clone()
    };
    let bar = Progress::new(show_progress && std::io::stderr().is_terminal());
    let report = index::refresh(
        corpus,
        index_dir,
        &super::dictionary::analyzer_for(index_dir)?,
        &options,
        &|event: ProgressEvent| bar.event(event),
    );
    bar.finish();
    Ok(report?)
}

/// The run's account: one line for the run, one for the files, one for the
/// index; repaired encodings and new skips on stderr.
pub fn print_report(corpus: &Path, index_dir: &Path, report: &RefreshReport, verbose: bool) {
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
    print_repairs(report);
    print_skips(report, verbose);
}

/// Files decoded with invalid bytes replaced, one line each.
fn print_repairs(report: &RefreshReport) {
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
}

/// Skips are listed when new since the last run (all of them with
/// --verbose). Unsupported file types are expected (notes, spreadsheets):
/// one line unless --verbose; files that should have been text are named.
fn print_skips(report: &RefreshReport, verbose: bool) {
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
