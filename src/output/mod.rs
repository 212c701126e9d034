//! The output stage: search results for people (terminal) or programs (JSON Lines).

pub mod documents;
pub mod json;
pub mod terminal;

pub use documents::{write_counts, write_document_lines, write_paths};
pub use json::write_json_lines;
pub use terminal::{summary_line, write_terminal, ColorChoice, TerminalStyle};
