//! How an error reaches the user: one line on stderr, plus the library's own
//! account with --verbose.
//!
//! The library says what is wrong; what to type next names commands and
//! flags, which only the command line knows, so it is added here
//! ([`advice`]).

use xunwen::index::{IndexError, WriteCause};
use xunwen::search::SearchError;

/// The exit status for `err`: 130 for an index run stopped by Ctrl-C (as
/// for any command a shell sees interrupted), else 2.
pub fn exit_status(err: &anyhow::Error) -> u8 {
    let interrupted = err
        .chain()
        .any(|c| matches!(c.downcast_ref(), Some(IndexError::Interrupted { .. })));
    if interrupted {
        super::interrupt::EXIT_INTERRUPTED
    } else {
        2
    }
}

/// Prints `err` as `xunwen: …` on stderr.
pub fn report(err: &anyhow::Error, verbose: bool) {
    // A syntax error already shows the query and a caret: print it bare.
    if let Some(SearchError::Syntax(e)) = err.downcast_ref::<SearchError>() {
        eprintln!("xunwen: {e}");
        return;
    }
    let (message, detail) = describe(err);
    eprintln!("xunwen: {message}");
    if let (true, Some(detail)) = (verbose, detail) {
        eprintln!("xunwen: detail: {detail}");
    }
}

/// The line for `err`, and the library's own account for `--verbose`.
///
/// An index error says everything in one sentence, with its advice: the
/// chain stops there, so the error beneath it is not printed again after it.
fn describe(err: &anyhow::Error) -> (String, Option<&str>) {
    let mut message = String::new();
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
            message.push_str(&advice(e));
            return (message, e.detail());
        }
    }
    (message, None)
}

/// What to run about an index error, as it follows the library's sentence
/// (empty when the sentence says all).
fn advice(e: &IndexError) -> String {
    let rebuild = "rebuild it with `xunwen index --rebuild`";
    match e {
        IndexError::Missing { path } => format!(
            "; build one with `xunwen --index {} index --corpus DIR`",
            path.display()
        ),
        IndexError::NotFound { .. } => ". Create one with `xunwen index --corpus DIR` \
             (it is written to ./index and found from this folder and every folder below it), \
             or name one with --index DIR or $XUNWEN_INDEX"
            .to_owned(),
        IndexError::CorpusUnknown { path, damaged } => format!(
            "; name the corpus: `xunwen --index {} index {}--corpus DIR`",
            path.display(),
            if *damaged { "--rebuild " } else { "" }
        ),
        IndexError::CorpusGone { path, .. } => format!(
            "; if it moved, rebuild the index from its new place: \
             `xunwen --index {} index --rebuild --corpus DIR`",
            path.display()
        ),
        IndexError::CorpusMoved { path, given, .. } => format!(
            "; if it moved to {}, rebuild the index from there: \
             `xunwen --index {} index --rebuild --corpus {}`",
            given.display(),
            path.display(),
            given.display()
        ),
        IndexError::NotXunwen { .. } => "; choose an empty or new directory with --index. \
             xunwen never deletes a directory it did not create"
            .to_owned(),
        IndexError::Corrupt { .. } => {
            format!("; {rebuild} (--verbose shows what tantivy found wrong)")
        }
        IndexError::Damaged { .. } => format!("; {rebuild}"),
        IndexError::Outdated { .. } => format!(": {rebuild}"),
        IndexError::OtherCorpus {
            path,
            indexed,
            requested,
        } => format!(
            "; leave out --corpus to use {indexed}, give --index DIR to keep a separate index \
             of {requested}, or rebuild this one from it with \
             `xunwen --index {} index --rebuild --corpus {requested}`",
            path.display()
        ),
        IndexError::OutsideCorpus { .. } => "; add it with `xunwen add` first".to_owned(),
        IndexError::WriteFailed { cause, .. } => format!("; {}", write_advice(*cause)),
        _ => String::new(),
    }
}

/// What to do when writing the index failed for `cause`.
fn write_advice(cause: WriteCause) -> &'static str {
    match cause {
        WriteCause::NoSpace | WriteCause::Quota => "free some space and run `xunwen index` again",
        WriteCause::ReadOnly | WriteCause::Denied => {
            "make the folder writable, or choose another with --index, and run `xunwen index` again"
        }
        WriteCause::Other => "run `xunwen index` again (--verbose shows the system's message)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn line(e: IndexError) -> String {
        describe(&anyhow::Error::new(e)).0
    }

    /// Every index error reads word for word as it did when the library
    /// wrote the advice itself.
    #[test]
    fn index_errors_read_as_before_with_their_advice() {
        let path = || PathBuf::from("/w/index");
        let cases = [
            (
                IndexError::Missing { path: path() },
                "no xunwen index has been built in /w/index yet; \
                 build one with `xunwen --index /w/index index --corpus DIR`",
            ),
            (
                IndexError::NotFound { cwd: "/w".into() },
                "no xunwen index here: none in /w or a folder above it \
                 (an `index` folder holding an XUNWEN-INDEX file), and no `corpus` folder to \
                 build one from. Create one with `xunwen index --corpus DIR` (it is written to \
                 ./index and found from this folder and every folder below it), or name one \
                 with --index DIR or $XUNWEN_INDEX",
            ),
            (
                IndexError::CorpusUnknown {
                    path: path(),
                    damaged: true,
                },
                "the index at /w/index is damaged and does not say which corpus it belongs to; \
                 name the corpus: `xunwen --index /w/index index --rebuild --corpus DIR`",
            ),
            (
                IndexError::CorpusUnknown {
                    path: path(),
                    damaged: false,
                },
                "the index at /w/index was never completed and does not say which corpus it \
                 belongs to; name the corpus: `xunwen --index /w/index index --corpus DIR`",
            ),
            (
                IndexError::CorpusGone {
                    path: path(),
                    corpus: "/old".into(),
                },
                "the corpus /old that the index at /w/index was built from is gone; if it moved, \
                 rebuild the index from its new place: \
                 `xunwen --index /w/index index --rebuild --corpus DIR`",
            ),
            (
                IndexError::CorpusMoved {
                    path: path(),
                    corpus: "/old".into(),
                    given: "/new".into(),
                },
                "the corpus /old that the index at /w/index was built from is gone; if it moved \
                 to /new, rebuild the index from there: \
                 `xunwen --index /w/index index --rebuild --corpus /new`",
            ),
            (
                IndexError::NotXunwen { path: path() },
                "/w/index is not a xunwen index (it has files xunwen did not write); choose an \
                 empty or new directory with --index. xunwen never deletes a directory it did \
                 not create",
            ),
            (
                IndexError::Corrupt {
                    path: path(),
                    detail: "bad".into(),
                },
                "the index at /w/index is damaged; rebuild it with `xunwen index --rebuild` \
                 (--verbose shows what tantivy found wrong)",
            ),
            (
                IndexError::Damaged {
                    path: path(),
                    what: "its manifest is garbled".into(),
                    detail: "bad".into(),
                },
                "the index at /w/index is damaged: its manifest is garbled; \
                 rebuild it with `xunwen index --rebuild`",
            ),
            (
                IndexError::Outdated {
                    path: path(),
                    found: "a".into(),
                    expected: "b".into(),
                },
                "the index at /w/index was built with different settings (a; this xunwen uses \
                 b); searching it would mix two analyses: rebuild it with `xunwen index --rebuild`",
            ),
            (
                IndexError::OtherCorpus {
                    path: path(),
                    indexed: "/w/corpus".into(),
                    requested: "/w/other".into(),
                },
                "the index at /w/index was built from the corpus /w/corpus, not /w/other; leave \
                 out --corpus to use /w/corpus, give --index DIR to keep a separate index of \
                 /w/other, or rebuild this one from it with \
                 `xunwen --index /w/index index --rebuild --corpus /w/other`",
            ),
            (
                IndexError::Locked { path: path() },
                "another xunwen index run holds the index lock (/w/index/.tantivy-writer.lock); \
                 wait for it to finish and try again",
            ),
            (
                IndexError::OutsideCorpus {
                    path: "/elsewhere/a.txt".into(),
                    corpus: "/w/corpus".into(),
                },
                "/elsewhere/a.txt is not inside the corpus /w/corpus; \
                 add it with `xunwen add` first",
            ),
            (
                IndexError::WriteFailed {
                    path: path(),
                    cause: WriteCause::NoSpace,
                    kept: false,
                    detail: "os error 28".into(),
                },
                "no space left on device while writing the index at /w/index; no index was made; \
                 free some space and run `xunwen index` again",
            ),
            (
                IndexError::WriteFailed {
                    path: path(),
                    cause: WriteCause::Denied,
                    kept: true,
                    detail: "os error 13".into(),
                },
                "permission denied while writing the index at /w/index; the previous index is \
                 intact and searchable; make the folder writable, or choose another with \
                 --index, and run `xunwen index` again",
            ),
            (
                IndexError::WriteFailed {
                    path: path(),
                    cause: WriteCause::Other,
                    kept: true,
                    detail: "os error 5".into(),
                },
                "an I/O error while writing the index at /w/index; the previous index is intact \
                 and searchable; run `xunwen index` again (--verbose shows the system's message)",
            ),
        ];
        for (error, expected) in cases {
            assert_eq!(line(error), expected);
        }
    }

    #[test]
    fn advice_follows_the_index_error_under_context_and_inside_a_search_error() {
        let missing = || IndexError::Missing {
            path: "/w/index".into(),
        };
        let wrapped = anyhow::Error::new(SearchError::Index(missing())).context("searching");
        let (message, detail) = describe(&wrapped);
        assert_eq!(
            message,
            "searching: no xunwen index has been built in /w/index yet; \
             build one with `xunwen --index /w/index index --corpus DIR`"
        );
        assert_eq!(detail, None);
        let corrupt = IndexError::Corrupt {
            path: "/w/index".into(),
            detail: "checksum".into(),
        };
        assert_eq!(describe(&anyhow::Error::new(corrupt)).1, Some("checksum"));
    }
}
