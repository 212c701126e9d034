//! The index stage: a tantivy index of paragraphs in a directory, plus the
//! header and manifest that make refreshes incremental and safe.
//!
//! Layout of an index directory:
//! - `XUNWEN-INDEX` — marker written when xunwen creates the directory; xunwen
//!   never deletes or rebuilds a directory without it;
//! - `meta.json` and segment files — tantivy's, committed atomically; the
//!   commit payload is the [`CommitHeader`];
//! - `manifest-*.json` — the [`IndexManifest`] named by the current header
//!   (the previous commit's is kept one commit longer, for a reader that read
//!   the previous header just before a commit);
//! - `.tantivy-writer.lock` — held (an OS lock) while an index run writes,
//!   including while `--rebuild` clears a damaged index.
//!
//! Guarantees a refresh keeps: a run killed at any point leaves the previous
//! commit searchable; a second concurrent run fails with
//! [`IndexError::Locked`] instead of waiting; an index whose files are
//! damaged, or that was built with other settings or from another corpus, is
//! refused with advice to run `xunwen index --rebuild`; and a directory
//! without the marker is never written to or deleted.

mod build;
mod document;
mod manifest;
mod schema;
mod store;

use std::path::PathBuf;

pub use build::{
    refresh, FileVerdict, ProgressEvent, RefreshOptions, RefreshReport, SkippedFile, Verdict,
};
pub use document::{day_of, doc_key, place_of};
pub use manifest::{CommitHeader, FileRecord, IndexManifest, INDEX_FORMAT};
pub use schema::Fields;
pub use store::{IndexStats, XunwenIndex, MARKER_FILE};

use crate::ingest::IngestError;

/// Why an index could not be opened, built or refreshed. Each message names
/// the directory and says what to do next.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// No index has been built (or committed) in the directory yet.
    #[error("no xunwen index at {path}: build one with `xunwen index`")]
    Missing {
        /// The index directory.
        path: PathBuf,
    },
    /// The directory holds something that xunwen did not create.
    #[error(
        "{path} is not a xunwen index (it has files xunwen did not write); \
         choose an empty or new directory with --index. xunwen never deletes a directory it did not create"
    )]
    NotXunwen {
        /// The directory in question.
        path: PathBuf,
    },
    /// The index files are damaged or unreadable.
    #[error("the index at {path} is damaged ({detail}); rebuild it with `xunwen index --rebuild`")]
    Corrupt {
        /// The index directory.
        path: PathBuf,
        /// What was found wrong.
        detail: String,
    },
    /// The index was built by an analysis or format this binary does not use.
    #[error(
        "the index at {path} was built with different settings ({found}; this xunwen uses {expected}); \
         searching it would mix two analyses: rebuild it with `xunwen index --rebuild`"
    )]
    Outdated {
        /// The index directory.
        path: PathBuf,
        /// Settings recorded in the index.
        found: String,
        /// Settings of this binary.
        expected: String,
    },
    /// The index was built from another corpus.
    #[error(
        "the index at {path} was built from the corpus {indexed}, not {requested}; \
         pass --corpus {indexed} to refresh it, or `xunwen index --rebuild` to rebuild it from {requested}"
    )]
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
    #[error("{path} is not inside the corpus {corpus}; add it with `xunwen add` first")]
    OutsideCorpus {
        /// The path given.
        path: PathBuf,
        /// The corpus root.
        corpus: PathBuf,
    },
    /// The corpus root could not be walked.
    #[error(transparent)]
    Corpus(#[from] IngestError),
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
