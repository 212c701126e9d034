//! `xunwen add`: copy files into the corpus, all or nothing, then index
//! what was copied.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use xunwen::index::locate::Purpose;
use xunwen::index::RefreshOptions;

use super::index::{print_report, refresh};
use super::place::Place;
use super::stdout::plural;

/// Arguments of `xunwen add`.
#[derive(Args)]
pub struct AddArgs {
    /// Files or folders to add (all or nothing; a folder keeps its layout).
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// Copies, then refreshes the index on the copied paths only.
pub fn run(place: &Place, args: &AddArgs, verbose: bool) -> Result<ExitCode> {
    let place = place.locate(Purpose::Add)?;
    let corpus = place.corpus()?;
    // All or nothing: nothing is copied while another run holds the index.
    xunwen::index::check_unlocked(&place.index)?;
    let copied = add_files(corpus, &args.files)?;
    let options = RefreshOptions {
        paths: copied,
        ..RefreshOptions::default()
    };
    let report = refresh(corpus, &place.index, &options, true)?;
    print_report(corpus, &place.index, &report, verbose);
    Ok(ExitCode::SUCCESS)
}

/// Adds `files` (files and folders) to the corpus, all or nothing: checks
/// every argument, then copies. Returns the paths inside the corpus.
fn add_files(corpus: &Path, files: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let checked = xunwen::ingest::add::check_add(corpus, files)?;
    // Files of other types inside added folders: listed, up to a point.
    const LISTED: usize = 10;
    for note in checked.notes().iter().take(LISTED) {
        eprintln!("xunwen: skipped {}: {}", note.path.display(), note.reason);
    }
    if let Some(more) = checked.notes().len().checked_sub(LISTED).filter(|&n| n > 0) {
        eprintln!("xunwen: skipped {more} more files of unsupported types");
    }
    let targets = checked.apply()?;
    tell_copies(checked.files());
    Ok(targets)
}

/// Says where each file went (or that it was already there), on stdout
/// before the index account: up to [`LISTED_COPIES`] files, then a count.
fn tell_copies(files: &[xunwen::ingest::add::FileToAdd]) {
    for file in files.iter().take(LISTED_COPIES) {
        if file.copy {
            println!(
                "copied {} to {}",
                file.source.display(),
                file.target.display()
            );
        } else {
            println!(
                "{} is already in the corpus as {}",
                file.source.display(),
                file.target.display()
            );
        }
    }
    if files.len() > LISTED_COPIES {
        let copied = files.iter().filter(|f| f.copy).count();
        println!(
            "… {} in all: {copied} copied, {} already there",
            plural(files.len() as u64, "file"),
            files.len() - copied
        );
    }
}

/// Files `add` names one by one; beyond, a count.
const LISTED_COPIES: usize = 20;
