//! How an error reaches the user: one line on stderr, plus the library's own
//! account with --verbose.

use xunwen::index::IndexError;
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
    // An index error says everything in one sentence: the chain stops there,
    // so the error beneath it is not printed again after it.
    let mut message = String::new();
    let mut detail = None;
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
            detail = e.detail();
            break;
        }
    }
    eprintln!("xunwen: {message}");
    if let (true, Some(detail)) = (verbose, detail) {
        eprintln!("xunwen: detail: {detail}");
    }
}
