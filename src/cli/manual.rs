//! Shell completions and the manual pages, generated from the same clap
//! definition that parses the arguments, so they never drift from it. The
//! manual adds what no flag describes: the query syntax, what a match is,
//! the exit status and examples.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_mangen::roff::{bold, italic, roman, Roff};
use clap_mangen::Man;

use crate::Cli;

/// Writes the completion script for `shell`. It is generated in memory
/// first (clap_complete panics on a failed write); a closed pipe
/// (`| head`) ends quietly, and any other failure is said on stderr.
pub fn completions(shell: clap_complete::Shell, out: &mut impl Write) {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "xunwen", &mut script);
    if let Err(e) = write_quietly(out, &script) {
        eprintln!("xunwen: writing the completion script: {e}");
    }
}

/// Writes `bytes` and flushes; a closed pipe is not an error.
fn write_quietly(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes the roff manual page of xunwen to `out`, or, with `dir`, one page
/// per command (`xunwen.1`, `xunwen-search.1`, …) into that folder, naming
/// on stderr what it wrote. A closed pipe (`xunwen man | head`) ends
/// quietly, as for `search`.
pub fn man_pages(dir: Option<&Path>, out: &mut impl Write) -> Result<()> {
    match dir {
        None => write_quietly(out, &main_page()?).context("writing the manual page"),
        Some(dir) => {
            let written = write_pages(dir)?;
            let names: Vec<String> = written
                .iter()
                .filter_map(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .collect();
            eprintln!(
                "xunwen: wrote {} manual pages to {}: {}",
                names.len(),
                dir.display(),
                names.join(", ")
            );
            Ok(())
        }
    }
}

/// The command as the pages describe it: without clap's `help` subcommand,
/// which has no page of its own (`xunwen help CMD` still works).
fn command() -> clap::Command {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    command
}

/// Writes `xunwen.1` and a page per command into `dir`; returns their paths.
fn write_pages(dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let failed = || format!("writing manual pages to {}", dir.display());
    let main = dir.join("xunwen.1");
    std::fs::write(&main, main_page()?).with_context(failed)?;
    let mut written = vec![main];
    for sub in command().get_subcommands().filter(|s| !s.is_hide_set()) {
        written.push(
            Man::new(sub.clone())
                .generate_to(dir)
                .with_context(failed)?,
        );
    }
    Ok(written)
}

/// The main page: clap's sections, then xunwen's own before the version.
fn main_page() -> Result<Vec<u8>> {
    let man = Man::new(command());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    man.render_subcommands_section(&mut page)?;
    extra_sections().to_writer(&mut page)?;
    man.render_version_section(&mut page)?;
    Ok(page)
}

/// A section of paragraphs; each item a tagged paragraph (`.TP`) when it
/// has a tag.
fn section(roff: &mut Roff, title: &str, items: &[(&str, &str)]) {
    roff.control("SH", [title]);
    for (tag, text) in items {
        if tag.is_empty() {
            roff.control("PP", []);
        } else {
            roff.control("TP", []);
            roff.text([bold(*tag)]);
        }
        roff.text([roman(*text)]);
    }
}

fn extra_sections() -> Roff {
    let mut roff = Roff::default();
    section(&mut roff, "QUERY SYNTAX", QUERY_SYNTAX);
    section(&mut roff, "WHAT A MATCH IS", WHAT_A_MATCH_IS);
    section(&mut roff, "EXIT STATUS", EXIT_STATUS);
    roff.control("SH", ["EXAMPLES"]);
    for (command, what) in EXAMPLES {
        roff.control("TP", []);
        roff.text([bold(*command)]);
        roff.text([roman(*what)]);
    }
    roff.control("SH", ["SEE ALSO"]);
    let pages: Vec<String> = command()
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| format!("xunwen-{}(1)", s.get_name()))
        .collect();
    roff.text([italic(pages.join(", "))]);
    roff
}

const QUERY_SYNTAX: &[(&str, &str)] = &[
    (
        "党史",
        "A word: found as typed, as a word or inside a longer one (党史学习教育).",
    ),
    (
        "乡村振兴 人才 政策",
        "Several words: every one is required, in any order; words standing \
         together as typed rank first.",
    ),
    (
        "\"党史学习\" or “党史学习”",
        "A quoted phrase: found exactly as typed. Whitespace inside is \
         compared collapsed, and a space between two Chinese characters is \
         no boundary.",
    ),
    (
        "党史 OR 党建",
        "Either term (OR in capitals; a lower-case or is a word).",
    ),
    (
        "党建 -党史, 党建 -\"党史学习\"",
        "Exclusion: no paragraph containing the term. A query of exclusions \
         alone is an error.",
    ),
    (
        "title:政府工作报告",
        "The term must be in the document's title.",
    ),
    (
        "-- --json",
        "After --, every argument is query text, and a leading - is text to \
         find, as in grep. Without --, an argument of - followed by a Chinese \
         character or a quote is an exclusion; any other -x is a flag.",
    ),
    (
        "",
        "A quote without its partner is ignored, with a note on stderr. OR \
         without a term on each side, or a - or title: with nothing after it, \
         is an error that points at the problem. A query longer than 256 \
         characters is a pasted passage, answered as xunwen similar answers it.",
    ),
    (
        "发改委",
        "An abbreviation or a listed synonym also finds its equivalents \
         (发展和改革委员会), and the hit says via which: from the built-in \
         table, synonyms.txt in the index folder, --synonyms FILE (a, b, c or \
         a => b), and the short forms the corpus defines (以下简称…). Quotes, \
         --no-synonyms and --exact turn them off.",
    ),
];

const WHAT_A_MATCH_IS: &[(&str, &str)] = &[
    (
        "",
        "Every term is matched as a literal string, after the normalization \
         the index applies: full-width and half-width characters are the \
         same, Latin letters ignore case, Traditional characters equal \
         Simplified ones, and a space between two Chinese characters, or a \
         Chinese character and a digit, is no boundary.",
    ),
    (
        "full match",
        "A paragraph with every term in the paragraph or in its document's \
         title, at least one in the paragraph itself. A document whose title \
         holds every term while no paragraph holds any is one title match. \
         Full matches are what --all lists and what -c, -l, trend and the exit \
         status count.",
    ),
    (
        "partial match",
        "When there are fewer full matches than asked for, the page is filled \
         with paragraphs holding the query's words but not every term as \
         typed, marked partial: the best documents, each by its best \
         paragraph (--per-doc N for up to N; a document the page already shows N \
         times by its full matches is not shown again). Stop words (的 了 哪些 多少钱 …) \
         count for nothing in them; everyday words count with their official \
         wording (放鞭炮 with 燃放烟花爆竹); paragraphs holding every quoted \
         phrase come first.",
    ),
];

const EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "Something fully matched (search, trend), or the command succeeded.",
    ),
    (
        "1",
        "Nothing fully matched; partial matches may still have been shown. \
         eval: a metric fell below its --floor.",
    ),
    (
        "2",
        "An error: a query syntax error, an unknown flag, a missing or \
         outdated index, a --in path outside the corpus, an unreadable file. \
         The message says what to do.",
    ),
    (
        "130",
        "Ctrl-C stopped an index run (index, add, or the build before a \
         search); what it wrote was removed and the previous index is as it was.",
    ),
];

const EXAMPLES: &[(&str, &str)] = &[
    (
        "xunwen search 党史",
        "The ten best paragraphs (the index is built on first use).",
    ),
    (
        "xunwen search -n 30 乡村振兴 人才 政策",
        "The thirty best; flags go before or after the query.",
    ),
    (
        "xunwen search --all '\"党史学习教育\"'",
        "Every paragraph with the exact phrase.",
    ),
    (
        "xunwen search -C 1 鹤山",
        "One paragraph of context around each hit, read as rg -C.",
    ),
    (
        "xunwen search 就业 --since 2024 --until 2024-06 --in news/2024",
        "Narrowed by date and by a folder of the corpus.",
    ),
    (
        "xunwen search 学习强国 --json | jq 'select(.type==\"hit\") | .text'",
        "JSON Lines for scripts: one line per hit, then a summary.",
    ),
    (
        "xunwen trend 就业 --by year",
        "How many documents match, per year.",
    ),
    (
        "xunwen show reports/2024.txt:9",
        "A document as indexed, from paragraph 9.",
    ),
    (
        "xunwen man --dir ~/.local/share/man/man1",
        "Install these pages for man(1).",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> String {
        String::from_utf8(main_page().expect("renders")).expect("UTF-8")
    }

    #[test]
    fn the_page_has_syntax_matching_exit_status_and_examples() {
        let page = page();
        for heading in [
            "QUERY SYNTAX",
            "WHAT A MATCH IS",
            "EXIT STATUS",
            "EXAMPLES",
            "SEE ALSO",
        ] {
            assert!(
                page.contains(&format!(".SH \"{heading}\""))
                    || page.contains(&format!(".SH {heading}")),
                "{heading}"
            );
        }
        assert!(page.contains("title:政府工作报告"));
    }

    #[test]
    fn the_page_names_only_pages_that_are_written() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let written = write_pages(dir.path()).expect("writes");
        let page = page();
        for sub in command().get_subcommands() {
            // roff writes a hyphen as `\-`.
            let name = format!("xunwen-{}", sub.get_name());
            assert!(
                page.contains(&format!("{}(1)", name.replace('-', "\\-"))),
                "{name}"
            );
            assert!(
                written.iter().any(|p| p.ends_with(format!("{name}.1"))),
                "{name}"
            );
        }
        assert!(!page.contains("xunwen\\-help"), "no page for help");
        assert_eq!(written.len(), command().get_subcommands().count() + 1);
    }
}
