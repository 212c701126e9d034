//! The fixed choices of some flags (`--sort`, `--by`, `--color`), as clap
//! reads them. The library's own enums stay free of clap; each choice here
//! names its library value, with the help text the manual shows.

use clap::ValueEnum;

use xunwen::output::ColorChoice;
use xunwen::search::{By, Sort};

/// `--sort`: the order of full matches on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best first.
    Relevance,
    /// Newest first; undated documents last.
    Date,
}

impl From<SortArg> for Sort {
    fn from(arg: SortArg) -> Sort {
        match arg {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        }
    }
}

/// `--by`: the length of a trend's period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    /// Calendar years (`2024`).
    Year,
    /// Calendar months (`2024-03`).
    Month,
}

impl From<ByArg> for By {
    fn from(arg: ByArg) -> By {
        match arg {
            ByArg::Year => By::Year,
            ByArg::Month => By::Month,
        }
    }
}

/// `--color`: when to use colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl From<ColorArg> for ColorChoice {
    fn from(arg: ColorArg) -> ColorChoice {
        match arg {
            ColorArg::Auto => ColorChoice::Auto,
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
        }
    }
}
