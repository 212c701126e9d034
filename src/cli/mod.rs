//! The command line's own pieces, one module per command, plus what the
//! commands share: argument pre-reading and the filter flags.
//!
//! Every flag is defined once, with its help text, in the command's `Args`
//! struct; the README's flag tables follow these definitions.

pub mod args;
pub mod manual;
pub mod search;
pub mod show;
pub mod trend;
