//! Shell completions and the manual pages, generated from the same clap
//! definition that parses the arguments, so they never drift from it.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::Cli;

/// Writes the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell, out: &mut impl Write) {
    clap_complete::generate(shell, &mut Cli::command(), "xunwen", out);
}

/// Writes the roff manual page of xunwen to `out`, or, with `dir`, one page
/// per command (`xunwen.1`, `xunwen-search.1`, …) into that folder.
pub fn man_pages(dir: Option<&Path>, out: &mut impl Write) -> Result<()> {
    let command = Cli::command();
    match dir {
        None => clap_mangen::Man::new(command).render(out)?,
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            clap_mangen::generate_to(command, dir)
                .with_context(|| format!("writing manual pages to {}", dir.display()))?;
        }
    }
    Ok(())
}
