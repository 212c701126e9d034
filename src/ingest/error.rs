//! Errors of the ingest stage.
//!
//! Every message names the file and tells the user what happens next (the file
//! is skipped) and what they can do about it, because these messages end up in
//! the account of an index run that a non-programmer reads.

use std::path::PathBuf;

/// Largest file ingest reads; bigger files are refused so that memory per file
/// stays bounded (a file is decoded and parsed in memory as a whole).
pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// Why a file (or the corpus root) could not be ingested.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be opened or read.
    #[error("{}: cannot read file ({source}), skipped; check that it exists and is readable", path.display())]
    Io {
        /// The file that failed.
        path: PathBuf,
        /// The underlying operating-system error.
        #[source]
        source: std::io::Error,
    },
    /// The file looks binary (NUL bytes near its start) and is not UTF-16 text.
    #[error("{}: binary file (NUL bytes in the first 1 KiB), skipped; only .txt/.md/.html text files are indexed", path.display())]
    Binary {
        /// The file that was refused.
        path: PathBuf,
    },
    /// No text encoding could decode the file.
    #[error("{}: cannot decode text ({detail}), skipped; re-save the file as UTF-8", path.display())]
    Undecodable {
        /// The file that was refused.
        path: PathBuf,
        /// What went wrong while decoding.
        detail: String,
    },
    /// The file decoded, but nothing in it is worth indexing (empty, or only
    /// navigation/toolbar boilerplate).
    #[error("{}: no indexable text (empty, or only navigation/boilerplate lines), skipped; nothing to do unless the file should have content", path.display())]
    Empty {
        /// The file that was refused.
        path: PathBuf,
    },
    /// The file exceeds [`MAX_FILE_SIZE`].
    #[error("{}: file too large ({size} bytes, limit {limit} bytes to keep memory per file bounded), skipped; split it into smaller files", path.display())]
    TooLarge {
        /// The file that was refused.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The corpus root is missing, unreadable or not a directory.
    #[error("{}: cannot use as corpus root ({detail}); pass an existing, readable directory", path.display())]
    CorpusRoot {
        /// The root that was given.
        path: PathBuf,
        /// What is wrong with it.
        detail: String,
    },
}

impl IngestError {
    /// A short, stable name of the error kind, for counting failures by kind
    /// in an index run's summary.
    pub fn kind(&self) -> &'static str {
        match self {
            IngestError::Io { .. } => "io",
            IngestError::Binary { .. } => "binary",
            IngestError::Undecodable { .. } => "undecodable",
            IngestError::Empty { .. } => "empty",
            IngestError::TooLarge { .. } => "too-large",
            IngestError::CorpusRoot { .. } => "corpus-root",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_and_the_remedy() {
        let e = IngestError::Binary {
            path: PathBuf::from("corpus/a.bin"),
        };
        assert_eq!(
            e.to_string(),
            "corpus/a.bin: binary file (NUL bytes in the first 1 KiB), skipped; only .txt/.md/.html text files are indexed"
        );
        let e = IngestError::TooLarge {
            path: PathBuf::from("big.txt"),
            size: 100,
            limit: 10,
        };
        assert!(e.to_string().starts_with("big.txt: file too large"));
        assert!(e.to_string().contains("memory"));
        assert_eq!(e.kind(), "too-large");
    }
}
