//! Errors of the ingest stage.
//!
//! The message of a per-file error is the *reason* only: the caller names the
//! file (the index run prints `skipped PATH: REASON`, `add` prints
//! `PATH: REASON`), so the path is not repeated. Each reason says what is
//! wrong with this file and what the user can do about it, because these
//! messages end up in the account of an index run that a non-programmer reads.
//! Use [`IngestError::path`] for the file.

use std::path::{Path, PathBuf};

/// Largest file ingest reads; bigger files are refused so that memory per file
/// stays bounded (a file is decoded and parsed in memory as a whole).
pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// Why a file (or the corpus root) could not be ingested.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be opened or read.
    #[error("cannot read it ({source}); check that it exists and that you may read it")]
    Io {
        /// The file that failed.
        path: PathBuf,
        /// The underlying operating-system error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not text: a known binary format, or NUL bytes near its
    /// start that are not UTF-16 text.
    #[error("binary file ({}); {}", binary_what(*format), binary_remedy(*format))]
    Binary {
        /// The file that was refused.
        path: PathBuf,
        /// The format recognised by its signature, e.g. "a PDF document".
        format: Option<&'static str>,
    },
    /// No text encoding could decode the file.
    #[error("cannot decode text ({detail}); re-save the file as UTF-8")]
    Undecodable {
        /// The file that was refused.
        path: PathBuf,
        /// What went wrong while decoding.
        detail: String,
    },
    /// The file decoded, but nothing in it is worth indexing (empty, or only
    /// navigation/toolbar boilerplate).
    #[error("no indexable text ({}){}", if *blank { "the file is empty or blank" } else { "no body text, only navigation, toolbars, scripts or other page furniture" }, if *blank { "" } else { "; nothing to do unless the file should have body text" })]
    Empty {
        /// The file that was refused.
        path: PathBuf,
        /// Nothing but whitespace (or nothing at all), as opposed to lines
        /// that were all dropped as boilerplate.
        blank: bool,
    },
    /// The file exceeds [`MAX_FILE_SIZE`].
    #[error("too large ({} MB; the limit is {} MB, to keep memory per file bounded); split it into smaller files", mb(*size), mb(*limit))]
    TooLarge {
        /// The file that was refused.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A document (PDF, DOCX, DOC, WPS, OFD, RTF) whose reader gave a
    /// verdict instead of text: scanned, encrypted, damaged, over a limit.
    #[error("{source}")]
    Format {
        /// The file that was refused.
        path: PathBuf,
        /// The reader's verdict.
        source: super::guard::FormatError,
    },
    /// The corpus root is missing, unreadable or not a directory. Unlike the
    /// per-file errors, its message names the folder.
    #[error("{}: cannot use as corpus root ({detail}); pass an existing, readable directory", path.display())]
    CorpusRoot {
        /// The root that was given.
        path: PathBuf,
        /// What is wrong with it.
        detail: String,
    },
}

fn binary_what(format: Option<&'static str>) -> &'static str {
    format.unwrap_or("NUL bytes near the start, and not UTF-16 text")
}

fn binary_remedy(format: Option<&'static str>) -> &'static str {
    match format {
        Some(_) => "export its text to a .txt file to have it indexed",
        None => "if it should be text, re-save it as UTF-8",
    }
}

/// Bytes as megabytes with one decimal, for messages.
fn mb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
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
            IngestError::Format { source, .. } => source.kind(),
            IngestError::CorpusRoot { .. } => "corpus-root",
        }
    }

    /// The file (or corpus root) the error is about.
    pub fn path(&self) -> &Path {
        match self {
            IngestError::Io { path, .. }
            | IngestError::Binary { path, .. }
            | IngestError::Undecodable { path, .. }
            | IngestError::Empty { path, .. }
            | IngestError::TooLarge { path, .. }
            | IngestError::Format { path, .. }
            | IngestError::CorpusRoot { path, .. } => path,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_file_messages_give_the_reason_without_the_path() {
        let e = IngestError::Binary {
            path: PathBuf::from("corpus/a.txt"),
            format: None,
        };
        assert_eq!(
            e.to_string(),
            "binary file (NUL bytes near the start, and not UTF-16 text); if it should be text, re-save it as UTF-8"
        );
        assert_eq!(e.path(), Path::new("corpus/a.txt"));
        let e = IngestError::Binary {
            path: PathBuf::from("report.txt"),
            format: Some("a PDF document"),
        };
        assert_eq!(
            e.to_string(),
            "binary file (a PDF document); export its text to a .txt file to have it indexed"
        );
        let e = IngestError::TooLarge {
            path: PathBuf::from("big.txt"),
            size: 100 << 20,
            limit: 64 << 20,
        };
        assert_eq!(
            e.to_string(),
            "too large (100.0 MB; the limit is 64.0 MB, to keep memory per file bounded); split it into smaller files"
        );
        assert_eq!(e.kind(), "too-large");
        let blank = IngestError::Empty {
            path: PathBuf::from("e.md"),
            blank: true,
        };
        assert_eq!(
            blank.to_string(),
            "no indexable text (the file is empty or blank)"
        );
        let furniture = IngestError::Empty {
            path: PathBuf::from("nav.html"),
            blank: false,
        };
        assert!(furniture.to_string().contains("page furniture"));
        for e in [e, blank, furniture] {
            let path = e.path().display().to_string();
            assert!(!e.to_string().contains(&path), "{e}");
            assert!(!e.to_string().contains("skipped"), "{e}");
        }
    }

    #[test]
    fn the_corpus_root_error_names_the_folder() {
        let e = IngestError::CorpusRoot {
            path: PathBuf::from("/data/corpus"),
            detail: "not a directory".into(),
        };
        assert!(e.to_string().starts_with("/data/corpus: cannot use"));
    }
}
