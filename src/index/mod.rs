//! The index stage: a tantivy index of paragraphs in a directory, plus the
//! header and manifest that make refreshes incremental and safe.
//!
//! Layout of an index directory:
//! - `XUNWEN-INDEX` — marker written when xunwen creates the directory; xunwen
//!   never deletes or rebuilds a directory without it, and [`locate`] finds an
//!   index by it;
//! - `meta.json` and segment files — tantivy's, committed atomically; the
//!   commit payload is the [`CommitHeader`];
//! - `manifest-*.json` — the [`IndexManifest`] named by the current header
//!   (the previous commit's is kept one commit longer, for a reader that read
//!   the previous header just before a commit);
//! - `dirs-*.json` — the corpus's folder times at the run ([`CorpusDirs`]),
//!   named by the header too, for [`XunwenIndex::staleness`];
//! - `.tantivy-writer.lock` — held (an OS lock) while an index run writes,
//!   including while `--rebuild` clears a damaged index.
//!
//! Guarantees a refresh keeps: a run killed at any point leaves the previous
//! commit searchable, and the next run removes what it left behind; a run
//! that fails (a full disk) removes the files it wrote before it reports; a
//! second concurrent run fails with [`IndexError::Locked`] instead of
//! waiting; an index whose files are damaged, or that was built with other
//! settings or from another corpus, is refused (the command line adds what
//! to run: `xunwen index --rebuild`); and a directory without the marker is never
//! written to or deleted.

mod commit;
mod committed;
mod dir;
mod document;
mod failure;
pub mod locate;
mod manifest;
mod marker;
pub mod mined;
mod read;
mod read_only;
mod refresh_plan;
mod refresh_scope;
mod report;
mod run;
mod schema;
mod stale;
mod watched;

use std::path::{Path, PathBuf};

pub use committed::{IndexStats, XunwenIndex};
pub use dir::check_unlocked;
pub use document::{day_value, doc_key, place_of, text_key};
pub use failure::WriteCause;
pub use manifest::{CommitHeader, FileRecord, IndexManifest, INDEX_FORMAT};
pub use report::{FileVerdict, ProgressEvent, RefreshReport, SkippedFile, Verdict};
pub use run::{open_fresh, refresh, RefreshOptions};
pub use schema::Fields;
pub use stale::{CorpusDirs, Staleness};

use crate::ingest::{IngestError, INDEX_MARKER};

/// Why an index could not be found, opened, built or refreshed. Each message
/// names the directory and what is wrong; what to type next is the command
/// line's to say (a library has no command line), and tantivy's own account
/// of a damaged index is kept apart ([`IndexError::detail`]) for `--verbose`.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No index has been built (or committed) in the directory yet.
    #[error("no xunwen index has been built in {path} yet")]
    Missing {
        /// The index directory.
        path: PathBuf,
    },
    /// No index was named, none was found, and there is no corpus to build one from.
    #[error(
        "no xunwen index here: none in {cwd} or a folder above it (an `index` folder holding an {marker} file), \
         and no `corpus` folder to build one from", marker = INDEX_MARKER
    )]
    NotFound {
        /// The folder the search started from.
        cwd: PathBuf,
    },
    /// The index does not say which corpus it was built from, and none was given.
    #[error(
        "the index at {path} {why} and does not say which corpus it belongs to",
        why = either(.damaged, "is damaged", "was never completed")
    )]
    CorpusUnknown {
        /// The index directory.
        path: PathBuf,
        /// Its header cannot be read (rather than never written).
        damaged: bool,
    },
    /// The corpus recorded in the index is no longer there.
    #[error("the corpus {corpus} that the index at {path} was built from is gone")]
    CorpusGone {
        /// The index directory.
        path: PathBuf,
        /// The corpus it records.
        corpus: PathBuf,
    },
    /// The corpus recorded in the index is gone and another was given: most
    /// likely the corpus moved there.
    #[error("the corpus {corpus} that the index at {path} was built from is gone")]
    CorpusMoved {
        /// The index directory.
        path: PathBuf,
        /// The corpus it records.
        corpus: PathBuf,
        /// The corpus the user gave.
        given: PathBuf,
    },
    /// The run was interrupted (Ctrl-C) before its commit: what it wrote is
    /// removed, and the last commit, if any, is as it was.
    #[error(
        "interrupted: {}",
        if *.nothing_yet {
            format!("nothing indexed yet in {}; run the same command again to build it from {}", .path.display(), .corpus.display())
        } else {
            format!("the previous index at {} is unchanged and searchable", .path.display())
        }
    )]
    Interrupted {
        /// The index directory.
        path: PathBuf,
        /// The corpus the run was reading.
        corpus: PathBuf,
        /// No commit had been made before: there is nothing to search yet.
        nothing_yet: bool,
    },
    /// The directory holds something that xunwen did not create.
    #[error("{path} is not a xunwen index (it has files xunwen did not write)")]
    NotXunwen {
        /// The directory in question.
        path: PathBuf,
    },
    /// The index files are damaged or unreadable.
    #[error("the index at {path} is damaged")]
    Corrupt {
        /// The index directory.
        path: PathBuf,
        /// What was found wrong (shown with `--verbose`).
        detail: String,
    },
    /// One of xunwen's own files in the index is missing or garbled.
    #[error("the index at {path} is damaged: {what}")]
    Damaged {
        /// The index directory.
        path: PathBuf,
        /// Which file, and what is wrong with it, in words.
        what: String,
        /// The system's or the parser's message (shown with `--verbose`).
        detail: String,
    },
    /// The index was built by an analysis or format this binary does not use.
    #[error(
        "the index at {path} was built with different settings ({found}; this xunwen uses {expected}); \
         searching it would mix two analyses"
    )]
    Outdated {
        /// The index directory.
        path: PathBuf,
        /// Settings recorded in the index.
        found: String,
        /// Settings of this binary.
        expected: String,
    },
    /// The index was built from another corpus than the one asked for.
    #[error("the index at {path} was built from the corpus {indexed}, not {requested}")]
    OtherCorpus {
        /// The index directory.
        path: PathBuf,
        /// Corpus recorded in the index.
        indexed: String,
        /// Corpus asked for now.
        requested: String,
    },
    /// Another process is writing the index.
    #[error(
        "another xunwen index run holds the index lock ({path}/.tantivy-writer.lock); \
         wait for it to finish and try again"
    )]
    Locked {
        /// The index directory.
        path: PathBuf,
    },
    /// A path given to refresh lies outside the corpus.
    #[error("{path} is not inside the corpus {corpus}")]
    OutsideCorpus {
        /// The path given.
        path: PathBuf,
        /// The corpus root.
        corpus: PathBuf,
    },
    /// A path given to refresh exists neither as given nor inside the corpus,
    /// and the index knows nothing under it.
    #[error(
        "{path} does not exist (looked for it from the current folder and inside the corpus {corpus}), \
         and the index has no file under that name"
    )]
    NoSuchPath {
        /// The path given.
        path: PathBuf,
        /// The corpus root.
        corpus: PathBuf,
    },
    /// The corpus root could not be walked.
    #[error(transparent)]
    Corpus(#[from] IngestError),
    /// Writing the index failed (a full disk, a read-only file system…); the
    /// files the run wrote were removed.
    #[error(
        "{cause} while writing the index at {path}; {state}",
        state = either(.kept, "the previous index is intact and searchable", "no index was made")
    )]
    WriteFailed {
        /// The index directory.
        path: PathBuf,
        /// What went wrong, in words.
        cause: WriteCause,
        /// The last commit is still there and opens.
        kept: bool,
        /// The system's or tantivy's own message (shown with `--verbose`).
        detail: String,
    },
    /// A file system operation on the index failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// tantivy failed while writing or reading the index.
    #[error("index at {path}: {source}")]
    Tantivy {
        /// The index directory.
        path: PathBuf,
        /// The underlying error.
        source: tantivy::TantivyError,
    },
}

impl IndexError {
    /// The library's own account of the problem, when the message leaves it
    /// out (a damaged index, a failed write): for `--verbose`.
    pub fn detail(&self) -> Option<&str> {
        match self {
            IndexError::Corrupt { detail, .. }
            | IndexError::Damaged { detail, .. }
            | IndexError::WriteFailed { detail, .. } => Some(detail),
            _ => None,
        }
    }
}

/// `yes` when `flag` is set, else `no` (for the messages above).
fn either(flag: &bool, yes: &'static str, no: &'static str) -> &'static str {
    if *flag {
        yes
    } else {
        no
    }
}

/// `path` made absolute against `cwd`, with `.` and `..` resolved by name.
pub(crate) fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in cwd.join(path).components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
