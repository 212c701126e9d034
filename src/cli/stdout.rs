//! Where a command's output goes: stdout buffered and quiet on a closed
//! pipe, the terminal's colours and width, grep's exit status.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};

use xunwen::output::{ColorChoice, TerminalStyle};

pub use xunwen::output::plural;

/// The terminal's width in columns, or None when stdout is not a terminal
/// (or its width is unknown).
pub fn width() -> Option<usize> {
    let out = std::io::stdout();
    out.is_terminal()
        .then(|| terminal_size::terminal_size_of(&out).map(|(w, _)| usize::from(w.0)))
        .flatten()
}

/// Colour and width for stdout: `choice` as the user gave it, weighed
/// against whether stdout is a terminal and NO_COLOR; `full` keeps
/// paragraphs whole.
pub fn terminal_style(choice: ColorChoice, full: bool) -> TerminalStyle {
    let is_terminal = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    TerminalStyle::resolve(choice, is_terminal, no_color, full).with_width(width())
}

/// Writes to a buffered stdout; a closed pipe (`| head`) ends quietly and
/// returns false.
pub fn with_stdout(
    write: impl FnOnce(&mut std::io::BufWriter<std::io::StdoutLock<'static>>) -> std::io::Result<()>,
) -> Result<bool> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match write(&mut out).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        other => other.context("writing results").map(|_| true),
    }
}

/// grep's convention: 0 found, 1 not found.
pub fn exit_status(found: bool) -> ExitCode {
    if found {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
