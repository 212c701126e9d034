//! Where the index and the corpus are, and the index a search opens: built
//! first when there is none, refreshed first when asked.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use xunwen::analysis::Analyzer;
use xunwen::index::locate::{self, Location, Purpose, Request};
use xunwen::index::{self, IndexError, ProgressEvent, Staleness, XunwenIndex};

use super::interrupt::CtrlC;
use super::progress::Progress;
use super::stdout::plural;

/// Where the index and the corpus are (resolved by `xunwen::index::locate`).
#[derive(Args)]
pub struct Place {
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

impl Place {
    /// Finds the index and corpus for a command (the rule is in
    /// `xunwen::index::locate`).
    pub fn locate(&self, purpose: Purpose) -> Result<Location> {
        let cwd = std::env::current_dir().context("reading the current folder")?;
        let env = |name| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let (env_index, env_corpus) = (env("XUNWEN_INDEX"), env("XUNWEN_CORPUS"));
        Ok(locate::locate(&Request {
            index: self.index.as_deref(),
            corpus: self.corpus.as_deref(),
            env_index: env_index.as_deref(),
            env_corpus: env_corpus.as_deref(),
            cwd: &cwd,
            purpose,
        })?)
    }
}

/// The index to search (built first when there is none, refreshed first
/// when asked) and the analysis to search it with.
pub fn searchable(place: &Place, refresh_first: bool) -> Result<(XunwenIndex, Analyzer)> {
    let location = place.locate(Purpose::Search)?;
    let analyzer = super::dictionary::analyzer_for(&location.index)?;
    let index = open_or_build(&location, &analyzer, refresh_first)?;
    Ok((index, analyzer))
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
    let ctrl_c = CtrlC::catch();
    let bar = Progress::new(std::io::stderr().is_terminal());
    let opened = index::open_fresh(
        corpus,
        &place.index,
        analyzer,
        ctrl_c.flag(),
        &|event: ProgressEvent| bar.event(event),
    );
    bar.finish();
    drop(ctrl_c);
    let (index, report) = match opened {
        // Another run is writing: the last commit is still there to search.
        Err(IndexError::Locked { .. }) if !place.build => {
            eprintln!(
                "xunwen: another xunwen index run holds the index lock; \
                 the refresh was skipped and the last commit searched"
            );
            return Ok(XunwenIndex::open(&place.index)?);
        }
        other => other?,
    };
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
