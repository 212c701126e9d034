//! The output stage: search results for people (terminal) or programs (JSON Lines).

pub mod json;
pub mod terminal;

pub use json::write_json_lines;
pub use terminal::{write_terminal, ColorChoice, TerminalStyle};
