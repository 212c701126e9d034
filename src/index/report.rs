//! The account of an index run: what happened to each file and the totals,
//! as `xunwen index` prints them (text, or JSON with --json), and the
//! progress events a bar is fed during the run.

use std::time::Duration;

use serde::Serialize;

/// What happened to one file during a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Indexed cleanly.
    Indexed {
        /// Encoding the file was decoded from.
        encoding: String,
        /// Paragraphs indexed.
        paragraphs: u32,
    },
    /// Indexed, but invalid byte sequences were replaced while decoding.
    Repaired {
        /// Encoding the file was decoded from.
        encoding: String,
        /// Paragraphs indexed.
        paragraphs: u32,
        /// Invalid sequences replaced by U+FFFD.
        repairs: usize,
    },
    /// Not indexed.
    Skipped {
        /// Why, in words the user can act on.
        reason: String,
    },
    /// Its paragraphs were removed (the file is gone).
    Removed,
}

/// One file's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileVerdict {
    /// Corpus-relative path.
    pub path: String,
    /// What happened to it.
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// The account of an index run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RefreshReport {
    /// The index directory was created by this run.
    pub created: bool,
    /// Everything was indexed again (`--rebuild`, or a new index).
    pub rebuilt: bool,
    /// Files indexed for the first time.
    pub added: usize,
    /// Files whose content changed and were indexed again.
    pub updated: usize,
    /// Files found under a new path with content already indexed elsewhere.
    pub renamed: usize,
    /// Files gone from the corpus whose paragraphs were removed.
    pub removed: usize,
    /// Files in the index left as they were.
    pub unchanged: usize,
    /// Files not indexed, with reasons (this run's and earlier runs' still
    /// standing). With `added`, `updated`, `renamed` and `unchanged` this
    /// accounts for every file the run covered, once.
    pub skipped: Vec<SkippedFile>,
    /// Verdicts of the files this run read.
    pub files: Vec<FileVerdict>,
    /// Documents in the index after the run.
    pub documents: u64,
    /// Paragraphs in the index after the run.
    pub paragraphs: u64,
    /// Whether a commit was made (nothing to commit when nothing changed).
    pub committed: bool,
    /// Wall-clock time of the run; `elapsed_ms` in JSON, so the unit is
    /// in the name.
    #[serde(rename = "elapsed_ms", serialize_with = "as_millis")]
    pub elapsed: Duration,
}

/// A file the run did not index; `[path, reason]` in JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFile {
    /// Corpus-relative path.
    pub path: String,
    /// Why, in words the user can act on.
    pub reason: String,
    /// Of a kind xunwen does not read, rather than a document it could not
    /// use ([`ingest::Skipped::unsupported`]).
    pub unsupported: bool,
    /// Not skipped for this reason by the last run: a report need only
    /// mention these (not in JSON, which lists every skip).
    pub new: bool,
}

impl Serialize for SkippedFile {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (&self.path, &self.reason).serialize(s)
    }
}

fn as_millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u128(d.as_millis())
}

/// Progress of a run, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressEvent {
    /// The corpus was walked: `to_read` of `total` files must be read.
    Planned {
        /// Files in scope.
        total: usize,
        /// Files that need reading.
        to_read: usize,
    },
    /// One more file was read and handed to the indexer.
    FileDone,
    /// All files are read; tantivy is finishing and committing segments.
    Committing,
}
