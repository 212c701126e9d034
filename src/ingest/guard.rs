//! The one guard around every document-format reader (PDF, DOCX, DOC/WPS,
//! OFD, RTF): limits on size, expansion, pages and time, and the verdicts a
//! reader gives when a file can't be read.
//!
//! Readers run third-party parsers on whatever lands in a corpus. A parser
//! may panic, loop or allocate without end on a damaged file, so each read
//! runs on its own thread under [`run`]: a panic becomes
//! [`FormatError::ReaderFailed`], a read past [`MAX_READ_TIME`] becomes
//! [`FormatError::Limit`], and the index run goes on with the next file. The
//! caps live here, in one place, so every reader applies the same ones.

use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Longest a single file may take to read. A thread that runs over is left
/// to finish on its own (Rust can't stop a thread), but readers check
/// [`Budget::check`] between pages, so it stops soon after.
pub const MAX_READ_TIME: Duration = Duration::from_secs(60);

/// Most bytes one zip entry (a DOCX part, an OFD page) may expand to: zip
/// bombs expand a few KB into gigabytes.
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;

/// Most bytes all entries read from one zip file may expand to.
pub const MAX_EXPANDED_BYTES: u64 = 256 * 1024 * 1024;

/// Most pages read from one PDF or OFD file.
pub const MAX_PAGES: usize = 3000;

/// Most characters of text taken from one file: a generous book, and a
/// bound on memory whatever a file claims.
pub const MAX_TEXT_CHARS: usize = 20_000_000;

/// Why a file in a document format could not be read. Each message is the
/// reason shown in the index account, and says what the user can do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// A PDF whose pages are images only: there is no text to index.
    #[error("no text layer (scanned pages): run OCR first")]
    Scanned,
    /// The file needs a password to open.
    #[error("encrypted {0} (it needs a password to open); save a copy without a password to have it indexed")]
    Encrypted(&'static str),
    /// The file is cut short or its structure is broken.
    #[error("damaged {format} file ({detail}); download or save it again")]
    Damaged {
        /// "PDF", "DOCX", …
        format: &'static str,
        /// What the reader found wrong.
        detail: String,
    },
    /// The file is of a kind the reader recognises but does not read.
    #[error("unsupported {format} file ({detail}); save it as .docx or .pdf to have it indexed")]
    Unsupported {
        /// "DOC", …
        format: &'static str,
        /// What is unsupported.
        detail: String,
    },
    /// A limit of this module was reached.
    #[error("{format} file over a limit ({detail}); split it or save its text to a .txt file")]
    Limit {
        /// "PDF", "DOCX", …
        format: &'static str,
        /// Which limit, with the numbers.
        detail: String,
    },
    /// The third-party parser panicked on the file.
    #[error("the {0} reader failed on this file (it may be damaged); save it again, or export its text to a .txt file")]
    ReaderFailed(&'static str),
}

impl FormatError {
    /// A short, stable name of the verdict, for counting failures by kind.
    pub fn kind(&self) -> &'static str {
        match self {
            FormatError::Scanned => "scanned",
            FormatError::Encrypted(_) => "encrypted",
            FormatError::Damaged { .. } => "damaged",
            FormatError::Unsupported { .. } => "unsupported-format",
            FormatError::Limit { .. } => "limit",
            FormatError::ReaderFailed(_) => "reader-failed",
        }
    }

    /// A damaged-file verdict.
    pub fn damaged(format: &'static str, detail: impl std::fmt::Display) -> FormatError {
        FormatError::Damaged {
            format,
            detail: detail.to_string(),
        }
    }

    /// An over-the-limit verdict.
    pub fn limit(format: &'static str, detail: impl std::fmt::Display) -> FormatError {
        FormatError::Limit {
            format,
            detail: detail.to_string(),
        }
    }
}

/// A reader's allowance of time, checked between units of work (pages,
/// zip entries) so a slow file stops with a verdict instead of running on.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    format: &'static str,
    deadline: Instant,
}

impl Budget {
    /// An allowance of [`MAX_READ_TIME`] from now.
    pub fn new(format: &'static str) -> Budget {
        Budget::with_time(format, MAX_READ_TIME)
    }

    /// An allowance of `time` from now (tests use short ones).
    pub fn with_time(format: &'static str, time: Duration) -> Budget {
        Budget {
            format,
            deadline: Instant::now() + time,
        }
    }

    /// `Err` once the allowance is spent.
    pub fn check(&self) -> Result<(), FormatError> {
        if Instant::now() > self.deadline {
            return Err(self.timed_out());
        }
        Ok(())
    }

    fn timed_out(&self) -> FormatError {
        FormatError::limit(
            self.format,
            format!("reading took over {} s", MAX_READ_TIME.as_secs()),
        )
    }
}

/// Runs `read` on its own thread with the bytes of one file: its panics are
/// caught and a read that outlives [`MAX_READ_TIME`] is abandoned, each
/// turned into a verdict for `format`.
pub fn run<T, F>(format: &'static str, bytes: &[u8], read: F) -> Result<T, FormatError>
where
    T: Send + 'static,
    F: FnOnce(&[u8], Budget) -> Result<T, FormatError> + Send + 'static,
{
    run_with_time(format, bytes, MAX_READ_TIME, read)
}

/// [`run`] with an explicit time limit (tests use short ones).
pub fn run_with_time<T, F>(
    format: &'static str,
    bytes: &[u8],
    time: Duration,
    read: F,
) -> Result<T, FormatError>
where
    T: Send + 'static,
    F: FnOnce(&[u8], Budget) -> Result<T, FormatError> + Send + 'static,
{
    let budget = Budget::with_time(format, time);
    let owned = bytes.to_vec();
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name(format!("xunwen-{}", format.to_ascii_lowercase()))
        .spawn(move || {
            let out =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(&owned, budget)));
            // The receiver is gone only after a timeout: nobody to tell.
            let _ = tx.send(out);
        });
    if let Err(e) = spawned {
        return Err(FormatError::limit(
            format,
            format!("no thread to read it on: {e}"),
        ));
    }
    match rx.recv_timeout(time + Duration::from_secs(1)) {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err(FormatError::ReaderFailed(format)),
        Err(_) => Err(budget.timed_out()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_verdict() {
        let r: Result<(), _> = run("PDF", b"x", |b, _| {
            if b == b"x" {
                panic!("parser bug");
            }
            Ok(())
        });
        assert_eq!(r, Err(FormatError::ReaderFailed("PDF")));
        assert!(r.unwrap_err().to_string().contains("the PDF reader failed"));
    }

    #[test]
    fn a_hang_becomes_a_verdict() {
        let start = Instant::now();
        let r: Result<(), _> = run_with_time("PDF", b"", Duration::from_millis(50), |_, _| {
            std::thread::sleep(Duration::from_secs(5));
            Ok(())
        });
        assert_eq!(r.unwrap_err().kind(), "limit");
        assert!(start.elapsed() < Duration::from_secs(3));
    }

    #[test]
    fn results_and_budgets_pass_through() {
        let r = run("DOCX", b"abc", |b, budget| {
            budget.check()?;
            Ok(b.len())
        });
        assert_eq!(r, Ok(3));
        let spent = Budget::with_time("OFD", Duration::ZERO);
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(spent.check().unwrap_err().kind(), "limit");
    }

    #[test]
    fn verdicts_say_what_to_do() {
        assert_eq!(
            FormatError::Scanned.to_string(),
            "no text layer (scanned pages): run OCR first"
        );
        assert!(FormatError::Encrypted("PDF")
            .to_string()
            .starts_with("encrypted PDF"));
        let e = FormatError::damaged("DOCX", "no word/document.xml");
        assert_eq!(
            e.to_string(),
            "damaged DOCX file (no word/document.xml); download or save it again"
        );
    }
}
