//! The output stage: search results for people (terminal) or programs (JSON Lines).

mod context;
pub mod document_list;
pub mod json;
pub mod show;
pub mod similar;
pub mod terminal;
pub mod trend;
mod wrap;

pub use document_list::{write_counts, write_document_lines, write_paths};
pub use json::write_json_lines;
pub use show::{write_document, write_document_json};
pub use similar::{similar_summary, write_similar, write_similar_json};
pub use terminal::{summary_line, write_terminal, ColorChoice, TerminalStyle};
pub use trend::{trend_summary, undated_note, write_bars, write_trend_json, PIPED_WIDTH};

/// `1 noun` or `n nouns`: the one English plural every message uses, so
/// the library and the command line never disagree on it.
pub fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
