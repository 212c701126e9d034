//! Human-readable results: each document's title and source once, then its
//! hits with the terms marked — in colour on a terminal, in `[brackets]`
//! otherwise.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use unicode_width::UnicodeWidthChar;

use super::wrap::wrap;
use crate::search::{snippet, ContextParagraph, Day, Hit, SearchResults};
/// Indent of a hit's first line (`" 1. ¶9  "` is padded to it) and of
/// every wrapped line after it.
const HIT_INDENT: usize = 4;

/// When to colour output, as in ripgrep's `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Columns to wrap at (a terminal's width), keeping the indent; `None`
    /// writes each paragraph on one line (for pipes).
    pub width: Option<usize>,
}

impl TerminalStyle {
    /// Resolves `choice` against whether stdout is a terminal and `NO_COLOR`.
    pub fn resolve(choice: ColorChoice, is_terminal: bool, no_color_env: bool, full: bool) -> Self {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && !no_color_env,
        };
        TerminalStyle {
            color,
            full,
            width: None,
        }
    }

    /// The same style, wrapping at `width` columns.
    pub fn with_width(self, width: Option<usize>) -> Self {
        TerminalStyle { width, ..self }
    }
}

pub(crate) const TITLE: Style = Style::new().bold();
pub(crate) const SOURCE: Style =
    Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Magenta)));
pub(crate) const DIM: Style = Style::new().dimmed();
pub(crate) const MATCH: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
const PARTIAL: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));

pub(crate) fn styled(style: Style, text: &str, color: bool) -> String {
    if color {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_string()
    }
}

/// The line for stderr after a search: how many paragraphs fully match,
/// what the partial hits shown are, and the time.
pub fn summary_line(query: &str, results: &SearchResults) -> String {
    let partial = results.hits.iter().filter(|h| h.partial).count();
    let ms = results.elapsed.as_secs_f64() * 1000.0;
    let total = match results.total_hits {
        0 => "no paragraph matches".to_string(),
        1 => "1 paragraph matches".to_string(),
        n => format!("{n} paragraphs match"),
    };
    let note = match partial {
        0 => String::new(),
        1 => " (1 partial match shown: not every term as typed)".to_string(),
        n => format!(" ({n} partial matches shown: not every term as typed)"),
    };
    format!("{total} \"{query}\"{note} · {ms:.1} ms")
}

/// Writes every hit, then nothing else: the count goes to stderr (as
/// ripgrep's stats do) so stdout stays the results. Consecutive hits from
/// one document share its heading; with context (`-C`) each document is
/// printed once, in paragraph order, as `rg -C` prints context.
pub fn write_terminal(
    out: &mut impl Write,
    results: &SearchResults,
    style: TerminalStyle,
) -> io::Result<()> {
    if results.hits.iter().any(|h| h.context_before.is_some()) {
        return super::context::write_with_context(out, results, style);
    }
    let mut previous: Option<&str> = None;
    for hit in &results.hits {
        if previous != Some(hit.doc.as_str()) {
            if previous.is_some() {
                writeln!(out)?;
            }
            write_heading(
                out,
                &hit.title,
                &hit.doc,
                hit.date.map(Day::iso).as_deref(),
                style,
            )?;
        }
        write_hit(out, hit, style)?;
        previous = Some(&hit.doc);
    }
    Ok(())
}

/// A document's heading: its title, then its path and date.
pub(crate) fn write_heading(
    out: &mut impl Write,
    title: &str,
    doc: &str,
    date: Option<&str>,
    style: TerminalStyle,
) -> io::Result<()> {
    let c = style.color;
    writeln!(out, "{}", styled(TITLE, title, c))?;
    let date = date.map(|d| format!(" · {d}")).unwrap_or_default();
    writeln!(out, "{}{}", styled(SOURCE, doc, c), styled(DIM, &date, c))
}

/// One hit: rank, paragraph number, a label for a partial or title-only
/// match, the marked text, and the copies folded into it. Its context is
/// the caller's to place.
pub(crate) fn write_hit(out: &mut impl Write, hit: &Hit, style: TerminalStyle) -> io::Result<()> {
    let c = style.color;
    let marker = if hit.partial {
        styled(PARTIAL, " (partial match: not every term as typed)", c)
    } else if hit.title_only {
        styled(PARTIAL, " (title match: no paragraph has the terms)", c)
    } else {
        String::new()
    };
    let marker = match hit.via.as_slice() {
        [] => marker,
        via => {
            let matched: Vec<&str> = via.iter().map(|v| v.matched.as_str()).collect();
            format!(
                "{marker}{}",
                styled(DIM, &format!(" (via {})", matched.join(", ")), c)
            )
        }
    };
    let prefix = format!("{:>2}. ¶{}", hit.rank, hit.paragraph);
    let pieces = marked_snippet(&hit.text, &hit.highlights, style);
    write_wrapped(out, &prefix, &marker, &pieces, style)?;
    if !hit.also_in.is_empty() {
        let also = format!("also in: {}", hit.also_in.join(", "));
        writeln!(out, "{}{}", " ".repeat(HIT_INDENT), styled(DIM, &also, c))?;
    }
    Ok(())
}

/// A neighbouring paragraph (`-C`), dimmed, cut to a window as a hit
/// without highlights is (whole with `--full`).
pub(crate) fn write_context(
    out: &mut impl Write,
    context: &ContextParagraph,
    style: TerminalStyle,
) -> io::Result<()> {
    let plain = TerminalStyle {
        color: false,
        ..style
    };
    let text: String = marked_snippet(&context.text, &[], plain)
        .into_iter()
        .map(|p| p.text)
        .collect();
    let piece = Piece {
        style: style.color.then_some(DIM),
        ..Piece::plain(text)
    };
    let prefix = format!("  - ¶{}", context.paragraph);
    write_wrapped(out, &prefix, "", &[piece], style)
}

/// A run of snippet text and how to show it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Piece {
    pub(crate) text: String,
    pub(crate) style: Option<Style>,
    /// A marked term: wrapping keeps it on one line where it fits.
    pub(crate) whole: bool,
}

impl Piece {
    /// Unstyled text, wrapped anywhere the line-breaking rules allow.
    pub(crate) fn plain(text: String) -> Piece {
        Piece {
            text,
            style: None,
            whole: false,
        }
    }
}

/// Writes `prefix` (padded to the indent), the marker, then the pieces,
/// wrapped at the style's width with every line after the first indented.
pub(crate) fn write_wrapped(
    out: &mut impl Write,
    prefix: &str,
    marker: &str,
    pieces: &[Piece],
    style: TerminalStyle,
) -> io::Result<()> {
    let indent = HIT_INDENT.max(display_width(prefix) + 1);
    let head = format!("{prefix:<width$}", width = indent - 1);
    if !marker.is_empty() {
        writeln!(out, "{head}{marker}")?;
        write!(out, "{}", " ".repeat(indent))?;
    } else {
        write!(out, "{head} ")?;
    }
    let lines = wrap(
        pieces,
        style.width.map(|w| w.saturating_sub(indent).max(20)),
    );
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            write!(out, "{}", " ".repeat(indent))?;
        }
        for piece in line {
            match piece.style {
                Some(s) if style.color => write!(out, "{}", styled(s, &piece.text, true))?,
                _ => write!(out, "{}", piece.text)?,
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

fn display_width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// The paragraph, or the window of it with the most distinct marked terms,
/// as pieces with the highlights marked.
pub(crate) fn marked_snippet(
    text: &str,
    highlights: &[(usize, usize)],
    style: TerminalStyle,
) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let (from, to) = if style.full {
        (0, chars.len())
    } else {
        snippet::window(&chars, highlights)
    };
    let mut pieces = Vec::new();
    let plain = Piece::plain;
    if from > 0 {
        pieces.push(plain("…".into()));
    }
    let mut pos = from;
    for &(start, end) in highlights {
        let (start, end) = (start.max(from).min(to), end.max(from).min(to));
        if start >= end {
            continue;
        }
        pieces.push(plain(chars[pos..start].iter().collect()));
        let word: String = chars[start..end].iter().collect();
        let (text, mark) = if style.color {
            (word, Some(MATCH))
        } else {
            (format!("[{word}]"), None)
        };
        pieces.push(Piece {
            text,
            style: mark,
            whole: true,
        });
        pos = end;
    }
    pieces.push(plain(chars[pos..to].iter().collect()));
    if to < chars.len() {
        pieces.push(plain("…".into()));
    }
    pieces.retain(|p| !p.text.is_empty());
    pieces
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
            date: "2021-12-14".parse().ok(),
            paragraph: 2,
            text: text.into(),
            highlights,
            partial: false,
            title_only: false,
            also_in: Vec::new(),
            via: Vec::new(),
            context_before: None,
            context_after: None,
        }
    }

    const PLAIN: TerminalStyle = TerminalStyle {
        color: false,
        full: false,
        width: None,
    };

    fn shown(h: &Hit, style: TerminalStyle) -> String {
        marked_snippet(&h.text, &h.highlights, style)
            .into_iter()
            .map(|p| styled(p.style.unwrap_or_default(), &p.text, style.color))
            .collect()
    }

    fn results(hits: Vec<Hit>) -> SearchResults {
        SearchResults {
            total_hits: hits.len(),
            hits,
            notes: Vec::new(),
            elapsed: std::time::Duration::ZERO,
        }
    }

    fn render(hits: Vec<Hit>, style: TerminalStyle) -> String {
        let mut buf = Vec::new();
        write_terminal(&mut buf, &results(hits), style).expect("write");
        String::from_utf8(buf).expect("utf-8")
    }

    #[test]
    fn brackets_mark_hits_without_colour() {
        let h = hit("开展党史学习教育", vec![(2, 4)]);
        assert_eq!(shown(&h, PLAIN), "开展[党史]学习教育");
    }

    #[test]
    fn colour_uses_ansi_and_no_brackets() {
        let h = hit("开展党史学习教育", vec![(2, 4)]);
        let style = TerminalStyle {
            color: true,
            ..PLAIN
        };
        let out = render(vec![h], style);
        assert!(out.contains("\u{1b}["), "{out:?}");
        assert!(!out.contains("[党史]"), "{out:?}");
    }

    #[test]
    fn the_window_holds_the_most_distinct_terms_and_ends_at_punctuation() {
        // 党史 alone early; 党史 and 学习 together after 300 characters of
        // clauses ending in commas.
        let clauses = |c: &str| format!("{}，", c.repeat(9)).repeat(30);
        let text = format!("前前党史。{}党史学习，{}", clauses("中"), clauses("后"));
        let at = 5 + 300;
        let h = Hit {
            highlights: vec![(2, 4), (at, at + 2), (at + 2, at + 4)],
            ..hit(&text, Vec::new())
        };
        let out = shown(&h, PLAIN);
        assert!(out.contains("[党史][学习]"), "{out}");
        assert!(!out.contains("前"), "{out}");
        // Both edges fall right after a comma: no clause is cut.
        let inner = out.trim_start_matches('…').trim_end_matches('…');
        assert!(inner.starts_with('中'), "{out}");
        assert!(inner.ends_with('，'), "{out}");
        assert!(inner.chars().count() <= snippet::WINDOW_CHARS + 4, "{out}");
    }

    #[test]
    fn hits_of_one_document_share_its_heading() {
        let a = hit("开展党史学习", vec![(2, 4)]);
        let b = Hit {
            rank: 2,
            paragraph: 5,
            ..hit("党史宣讲", vec![(0, 2)])
        };
        let c = Hit {
            rank: 3,
            doc: "b.txt".into(),
            ..hit("党史", vec![(0, 2)])
        };
        let out = render(vec![a, b, c], PLAIN);
        assert_eq!(out.matches("a.txt").count(), 1, "{out}");
        assert_eq!(out.matches("b.txt").count(), 1, "{out}");
        assert!(out.contains(" 2. ¶5 [党史]宣讲"), "{out}");
    }

    #[test]
    fn wrapped_lines_keep_the_indent() {
        let h = hit(&"党".repeat(60), vec![]);
        let style = TerminalStyle {
            width: Some(44),
            full: true,
            ..PLAIN
        };
        let out = render(vec![h], style);
        let body: Vec<&str> = out.lines().skip(2).collect();
        assert!(body.len() >= 3, "{out}");
        for line in &body[1..] {
            // " 1. ¶2" and a space: the text's column.
            assert!(line.starts_with(&" ".repeat(7)), "{line:?}");
            assert!(!line.starts_with(&" ".repeat(8)), "{line:?}");
            assert!(display_width(line) <= 44, "{line:?}");
        }
    }

    #[test]
    fn partial_title_only_context_and_also_in_are_labelled() {
        let mut h = hit("开展党史学习", vec![(2, 4)]);
        h.partial = true;
        h.also_in = vec!["copy.txt".into()];
        h.context_before = Some(vec![ContextParagraph {
            paragraph: 1,
            text: "前一段".into(),
        }]);
        let out = render(vec![h], PLAIN);
        assert!(out.contains("partial match"), "{out}");
        assert!(out.contains("also in: copy.txt"), "{out}");
        assert!(out.contains("¶1 前一段"), "{out}");
    }

    #[test]
    fn no_color_env_and_pipes_disable_colour() {
        assert!(!TerminalStyle::resolve(ColorChoice::Auto, true, true, false).color);
        assert!(!TerminalStyle::resolve(ColorChoice::Auto, false, false, false).color);
        assert!(TerminalStyle::resolve(ColorChoice::Auto, true, false, false).color);
        assert!(TerminalStyle::resolve(ColorChoice::Always, false, true, false).color);
    }
}
