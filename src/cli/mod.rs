//! The command line's own pieces, one module per command, plus what the
//! commands share: where the index is, argument pre-reading, the filter
//! flags, stdout and the report of an error.
//!
//! Every flag is defined once, with its help text, in the command's `Args`
//! struct; the README's flag tables follow these definitions.

pub mod add;
pub mod args;
pub mod choices;
pub mod dictionary;
pub mod error;
pub mod eval;
pub mod index;
pub mod interrupt;
pub mod manual;
pub mod place;
pub mod progress;
pub mod search;
pub mod show;
pub mod similar;
pub mod stats;
pub mod stdout;
pub mod synonyms;
pub mod trend;
