//! `xunwen show`: a document for reading (title, source, numbered
//! paragraphs wrapped under their number) or one JSON object for programs.
//!
//! The terminal layout is the search's: the same title and source styles,
//! terms marked in colour or `[brackets]`, the same wrapping, so a hit and
//! the document it came from look alike.

use std::io::{self, Write};

use anstyle::Style;

use super::terminal::{marked_snippet, styled, write_heading, write_wrapped, Piece, DIM};
use super::TerminalStyle;
use crate::search::{Day, ShownDocument, ShownParagraph};

/// The gutter mark of the paragraph asked for (`DOC:N`), in colour or not.
const MARK: &str = "▶ ";
/// The text of the paragraph asked for, in colour.
const MARKED: Style = Style::new().bold();

/// Title, source and date, then each paragraph shown as `¶N text`, the
/// one asked for marked `▶` (and bold in colour).
pub fn write_document(
    out: &mut impl Write,
    document: &ShownDocument,
    style: TerminalStyle,
) -> io::Result<()> {
    let c = style.color;
    write_heading(
        out,
        &document.title,
        &document.doc,
        document.date.map(Day::iso).as_deref(),
        style,
    )?;
    writeln!(out)?;
    if let Some(first) = document.paragraphs.first().filter(|p| p.paragraph > 1) {
        let skipped = match first.paragraph - 1 {
            1 => "¶1 not shown".to_string(),
            n => format!("¶1–{n} not shown"),
        };
        writeln!(out, "{}", styled(DIM, &skipped, c))?;
    }
    let digits = document
        .paragraphs
        .last()
        .map_or(1, |p| p.paragraph.to_string().len());
    for paragraph in &document.paragraphs {
        write_paragraph(out, paragraph, document.marked, digits, style)?;
    }
    Ok(())
}

/// One paragraph under its number, padded so every paragraph's text starts
/// in the same column.
fn write_paragraph(
    out: &mut impl Write,
    paragraph: &ShownParagraph,
    marked: Option<u64>,
    digits: usize,
    style: TerminalStyle,
) -> io::Result<()> {
    let is_marked = marked == Some(paragraph.paragraph);
    let gutter = if is_marked { MARK } else { "  " };
    let prefix = format!("{gutter}¶{:<digits$}", paragraph.paragraph);
    let whole = TerminalStyle {
        full: true,
        ..style
    };
    let mut pieces: Vec<Piece> = marked_snippet(&paragraph.text, &paragraph.highlights, whole);
    if is_marked && style.color {
        for piece in &mut pieces {
            piece.style.get_or_insert(MARKED);
        }
    }
    write_wrapped(out, &prefix, "", &pieces, style)
}

/// The document as one JSON object on one line:
/// `{"doc","title","date","paragraphs":[{"paragraph","text","highlights"}]}`.
pub fn write_document_json(out: &mut impl Write, document: &ShownDocument) -> io::Result<()> {
    serde_json::to_writer(&mut *out, document)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> ShownDocument {
        let p = |paragraph, text: &str, highlights| ShownParagraph {
            paragraph,
            text: text.into(),
            highlights,
        };
        ShownDocument {
            doc: "reports/a.txt".into(),
            title: "区政府工作报告".into(),
            date: "2024-03-05".parse().ok(),
            paragraphs: (1..=9)
                .map(|n| p(n, "稳就业保民生。", Vec::new()))
                .chain([p(10, "开展党史学习教育。", vec![(2, 4)])])
                .collect(),
            marked: None,
            notes: Vec::new(),
        }
    }

    const PLAIN: TerminalStyle = TerminalStyle {
        color: false,
        full: false,
        width: None,
    };

    fn render(document: &ShownDocument, style: TerminalStyle) -> String {
        let mut buf = Vec::new();
        write_document(&mut buf, document, style).expect("write");
        String::from_utf8(buf).expect("utf-8")
    }

    #[test]
    fn heading_then_numbered_paragraphs_in_one_column() {
        let out = render(&document(), PLAIN);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "区政府工作报告");
        assert_eq!(lines[1], "reports/a.txt · 2024-03-05");
        assert_eq!(lines[2], "");
        assert_eq!(lines[3], "  ¶1  稳就业保民生。");
        assert_eq!(lines[12], "  ¶10 开展[党史]学习教育。");
    }

    #[test]
    fn the_paragraph_asked_for_is_marked_and_the_ones_before_counted() {
        let mut doc = document();
        doc.paragraphs.drain(..8);
        doc.marked = Some(9);
        let out = render(&doc, PLAIN);
        assert!(out.contains("¶1–8 not shown"), "{out}");
        assert!(out.contains("▶ ¶9  稳就业保民生。"), "{out}");
        assert!(out.contains("\n  ¶10 "), "{out}");
        let coloured = render(
            &doc,
            TerminalStyle {
                color: true,
                ..PLAIN
            },
        );
        assert!(coloured.contains("\u{1b}[1m稳就业保民生。"), "{coloured:?}");
        assert!(!coloured.contains("[党史]"), "{coloured:?}");
    }

    #[test]
    fn long_paragraphs_wrap_under_their_text() {
        let mut doc = document();
        doc.paragraphs[0].text = "党".repeat(80);
        let style = TerminalStyle {
            width: Some(40),
            ..PLAIN
        };
        let out = render(&doc, style);
        let wrapped: Vec<&str> = out
            .lines()
            .skip(4)
            .take_while(|l| !l.contains('¶'))
            .collect();
        assert!(!wrapped.is_empty(), "{out}");
        for line in wrapped {
            assert!(line.starts_with("      党"), "{line:?}");
        }
    }

    #[test]
    fn json_is_one_object_with_the_paragraphs() {
        let mut buf = Vec::new();
        write_document_json(&mut buf, &document()).expect("write");
        let text = String::from_utf8(buf).expect("utf-8");
        assert_eq!(text.lines().count(), 1);
        let value: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(value["doc"], "reports/a.txt");
        assert_eq!(value["date"], "2024-03-05");
        assert_eq!(value["paragraphs"][9]["paragraph"], 10);
        assert_eq!(
            value["paragraphs"][9]["highlights"],
            serde_json::json!([[2, 4]])
        );
        assert!(value.get("marked").is_none());
    }
}
