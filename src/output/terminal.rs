//! Human-readable results: rank, title, source, and the paragraph with its
//! hits marked — in colour on a terminal, in `[brackets]` otherwise.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use crate::search::{Hit, SearchResults};

/// Characters of a paragraph shown around its first highlight; whole
/// paragraphs are at most ~500 characters, but ten of them fill a screen.
const SNIPPET_CHARS: usize = 200;
/// Characters kept before the first highlight when a paragraph is cut.
const LEAD_CHARS: usize = 40;

/// When to colour output, as in ripgrep's `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// How the terminal output marks things.
#[derive(Debug, Clone, Copy)]
pub struct TerminalStyle {
    /// ANSI colours instead of brackets.
    pub color: bool,
    /// Show whole paragraphs instead of a window around the hits.
    pub full: bool,
}

impl TerminalStyle {
    /// Resolves `choice` against whether stdout is a terminal and `NO_COLOR`.
    pub fn resolve(choice: ColorChoice, is_terminal: bool, no_color_env: bool, full: bool) -> Self {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && !no_color_env,
        };
        TerminalStyle { color, full }
    }
}

const TITLE: Style = Style::new().bold();
const SOURCE: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Magenta)));
const DIM: Style = Style::new().dimmed();
const MATCH: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
const PARTIAL: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));

fn styled(style: Style, text: &str, color: bool) -> String {
    if color {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_string()
    }
}

/// Writes every hit, then nothing else: the count goes to stderr (as
/// ripgrep's stats do) so stdout stays the results.
pub fn write_terminal(
    out: &mut impl Write,
    results: &SearchResults,
    style: TerminalStyle,
) -> io::Result<()> {
    for hit in &results.hits {
        write_hit(out, hit, style)?;
    }
    Ok(())
}

fn write_hit(out: &mut impl Write, hit: &Hit, style: TerminalStyle) -> io::Result<()> {
    let c = style.color;
    let partial = if hit.partial {
        format!(
            "  {}",
            styled(PARTIAL, "(partial match: not every term)", c)
        )
    } else {
        String::new()
    };
    writeln!(
        out,
        "{:>2}. {}{partial}",
        hit.rank,
        styled(TITLE, &hit.title, c)
    )?;
    let date = hit
        .date
        .as_deref()
        .map(|d| format!(" · {d}"))
        .unwrap_or_default();
    writeln!(
        out,
        "    {}{}",
        styled(SOURCE, &format!("{} ¶{}", hit.doc, hit.paragraph), c),
        styled(DIM, &date, c)
    )?;
    writeln!(out, "    {}", marked_snippet(hit, style))?;
    writeln!(out)
}

/// The paragraph (or a window of it) with highlights marked.
fn marked_snippet(hit: &Hit, style: TerminalStyle) -> String {
    let chars: Vec<char> = hit.text.chars().collect();
    let (from, to) = if style.full || chars.len() <= SNIPPET_CHARS {
        (0, chars.len())
    } else {
        let first = hit.highlights.first().map_or(0, |h| h.0);
        let from = first.saturating_sub(LEAD_CHARS);
        let to = (from + SNIPPET_CHARS).min(chars.len());
        (to.saturating_sub(SNIPPET_CHARS).min(from), to)
    };
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut pos = from;
    for &(start, end) in &hit.highlights {
        let (start, end) = (start.max(from).min(to), end.max(from).min(to));
        if start >= end {
            continue;
        }
        out.extend(&chars[pos..start]);
        let word: String = chars[start..end].iter().collect();
        if style.color {
            out.push_str(&styled(MATCH, &word, true));
        } else {
            out.push('[');
            out.push_str(&word);
            out.push(']');
        }
        pos = end;
    }
    if pos < to {
        out.extend(&chars[pos..to]);
    }
    if to < chars.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(text: &str, highlights: Vec<(usize, usize)>) -> Hit {
        Hit {
            rank: 1,
            score: 1.0,
            doc: "a.txt".into(),
            title: "标题".into(),
            date: Some("2021-12-14".into()),
            paragraph: 2,
            text: text.into(),
            highlights,
            partial: false,
        }
    }

    const PLAIN: TerminalStyle = TerminalStyle {
        color: false,
        full: false,
    };

    #[test]
    fn brackets_mark_hits_without_colour() {
        let h = hit("开展党史学习教育", vec![(2, 4)]);
        assert_eq!(marked_snippet(&h, PLAIN), "开展[党史]学习教育");
    }

    #[test]
    fn colour_uses_ansi_and_no_brackets() {
        let h = hit("开展党史学习教育", vec![(2, 4)]);
        let style = TerminalStyle {
            color: true,
            full: false,
        };
        let shown = marked_snippet(&h, style);
        assert!(shown.contains("\u{1b}["), "{shown:?}");
        assert!(!shown.contains("[党史]"), "{shown:?}");
    }

    #[test]
    fn long_paragraphs_show_a_window_around_the_first_hit() {
        let text = format!("{}党史{}", "前".repeat(300), "后".repeat(300));
        let h = hit(&text, vec![(300, 302)]);
        let shown = marked_snippet(&h, PLAIN);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.contains("[党史]"));
        assert!(shown.chars().count() <= SNIPPET_CHARS + 4);
    }

    #[test]
    fn no_color_env_and_pipes_disable_colour() {
        assert!(!TerminalStyle::resolve(ColorChoice::Auto, true, true, false).color);
        assert!(!TerminalStyle::resolve(ColorChoice::Auto, false, false, false).color);
        assert!(TerminalStyle::resolve(ColorChoice::Auto, true, false, false).color);
        assert!(TerminalStyle::resolve(ColorChoice::Always, false, true, false).color);
    }
}
