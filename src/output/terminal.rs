//! Human-readable results: each document's title and source once, then its
//! hits with the terms marked — in colour on a terminal, in `[brackets]`
//! otherwise.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use unicode_width::UnicodeWidthChar;

use crate::analysis::is_indexable;
use crate::ingest::Day;
use crate::search::{ContextParagraph, Hit, SearchResults};

/// Characters of a paragraph shown around its hits; whole paragraphs are at
/// most ~500 characters, but ten of them fill a screen.
const SNIPPET_CHARS: usize = 200;
/// Characters kept before the first hit of the window when a paragraph is cut.
const LEAD_CHARS: usize = 40;
/// How far past a window's edge a cut may move to land on punctuation.
const CUT_SLACK: usize = 20;
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
/// one document share its heading.
pub fn write_terminal(
    out: &mut impl Write,
    results: &SearchResults,
    style: TerminalStyle,
) -> io::Result<()> {
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

fn write_hit(out: &mut impl Write, hit: &Hit, style: TerminalStyle) -> io::Result<()> {
    let c = style.color;
    for context in hit.context_before.iter().flatten() {
        write_context(out, context, style)?;
    }
    let marker = if hit.partial {
        styled(PARTIAL, " (partial match: not every term as typed)", c)
    } else if hit.title_only {
        styled(PARTIAL, " (title match: no paragraph has the terms)", c)
    } else {
        String::new()
    };
    let prefix = format!("{:>2}. ¶{}", hit.rank, hit.paragraph);
    let pieces = marked_snippet(&hit.text, &hit.highlights, style);
    write_wrapped(out, &prefix, &marker, &pieces, style)?;
    if !hit.also_in.is_empty() {
        let also = format!("also in: {}", hit.also_in.join(", "));
        writeln!(out, "{}{}", " ".repeat(HIT_INDENT), styled(DIM, &also, c))?;
    }
    for context in hit.context_after.iter().flatten() {
        write_context(out, context, style)?;
    }
    Ok(())
}

/// A neighbouring paragraph (`-C`), dimmed.
fn write_context(
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
        text,
        style: style.color.then_some(DIM),
    };
    let prefix = format!("  - ¶{}", context.paragraph);
    write_wrapped(out, &prefix, "", &[piece], style)
}

/// A run of snippet text and how to show it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Piece {
    pub(crate) text: String,
    pub(crate) style: Option<Style>,
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

/// Splits pieces into lines of at most `width` columns (`None`: one line).
fn wrap(pieces: &[Piece], width: Option<usize>) -> Vec<Vec<Piece>> {
    let Some(width) = width else {
        return vec![pieces.to_vec()];
    };
    let mut lines: Vec<Vec<Piece>> = vec![Vec::new()];
    let mut used = 0;
    for piece in pieces {
        let mut current = String::new();
        for c in piece.text.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width && used > 0 {
                push_piece(&mut lines, &mut current, piece.style);
                lines.push(Vec::new());
                used = 0;
            }
            current.push(c);
            used += w;
        }
        push_piece(&mut lines, &mut current, piece.style);
    }
    lines
}

fn push_piece(lines: &mut [Vec<Piece>], text: &mut String, style: Option<Style>) {
    if !text.is_empty() {
        if let Some(line) = lines.last_mut() {
            line.push(Piece {
                text: std::mem::take(text),
                style,
            });
        }
    }
}

/// The paragraph, or the window of it with the most distinct marked terms,
/// as pieces with the highlights marked.
pub(crate) fn marked_snippet(
    text: &str,
    highlights: &[(usize, usize)],
    style: TerminalStyle,
) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let (from, to) = if style.full || chars.len() <= SNIPPET_CHARS {
        (0, chars.len())
    } else {
        snippet_window(&chars, highlights, SNIPPET_CHARS)
    };
    let mut pieces = Vec::new();
    let plain = |text: String| Piece { text, style: None };
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
        if style.color {
            pieces.push(Piece {
                text: word,
                style: Some(MATCH),
            });
        } else {
            pieces.push(plain(format!("[{word}]")));
        }
        pos = end;
    }
    pieces.push(plain(chars[pos..to].iter().collect()));
    if to < chars.len() {
        pieces.push(plain("…".into()));
    }
    pieces.retain(|p| !p.text.is_empty());
    pieces
}

/// The window `[from, to)` of about `size` characters holding the most
/// distinct highlighted strings (the earliest such window on ties), its edges
/// moved to punctuation or spaces where one is near, so no word is cut.
fn snippet_window(chars: &[char], highlights: &[(usize, usize)], size: usize) -> (usize, usize) {
    let Some(&(first, _)) = highlights.first() else {
        return (0, cut_end(chars, size.min(chars.len())));
    };
    let text_of = |&(s, e): &(usize, usize)| chars[s..e].iter().collect::<String>();
    let mut best = (0usize, first);
    for (i, &(start, _)) in highlights.iter().enumerate() {
        let mut distinct: Vec<String> = Vec::new();
        for h in highlights[i..]
            .iter()
            .take_while(|h| h.1 <= start + size - LEAD_CHARS)
        {
            let t = text_of(h);
            if !distinct.contains(&t) {
                distinct.push(t);
            }
        }
        if distinct.len() > best.0 {
            best = (distinct.len(), start);
        }
    }
    let anchor = best.1;
    let from = cut_start(chars, anchor.saturating_sub(LEAD_CHARS), anchor);
    (from, cut_end(chars, (from + size).min(chars.len())))
}

fn is_break(c: char) -> bool {
    !is_indexable(c)
}

/// A start at or after `at` (but before `limit`) right after a break, or
/// `at` itself when there is none near.
fn cut_start(chars: &[char], at: usize, limit: usize) -> usize {
    if at == 0 {
        return 0;
    }
    (at..limit.min(at + CUT_SLACK))
        .find(|&i| i > 0 && is_break(chars[i - 1]))
        .unwrap_or(at)
}

/// An end at or before `at` right after a break (the break kept), or `at`
/// itself when there is none near.
fn cut_end(chars: &[char], at: usize) -> usize {
    if at >= chars.len() {
        return chars.len();
    }
    (at.saturating_sub(CUT_SLACK)..=at)
        .rev()
        .find(|&i| i > 0 && is_break(chars[i - 1]))
        .unwrap_or(at)
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
        assert!(inner.chars().count() <= SNIPPET_CHARS, "{out}");
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
