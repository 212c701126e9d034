//! `-C N` on a terminal, read as `rg -C`: each document once, its hits and
//! their neighbouring paragraphs in paragraph order, every paragraph printed
//! once (a hit is never repeated as another hit's context), overlapping
//! contexts merged, and `--` between groups that do not touch.
//!
//! Documents come in the order of their best hit, so the page still opens
//! with the best match; within a document the text reads as written.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::terminal::{styled, write_context, write_heading, write_hit, TerminalStyle, DIM};
use crate::search::{ContextParagraph, Hit, SearchResults};

/// One printed paragraph of a document: a hit or a neighbour of one.
enum Line<'a> {
    Hit(&'a Hit),
    Context(&'a ContextParagraph),
}

/// Writes the hits grouped per document with their context (see the
/// module's doc).
pub(crate) fn write_with_context(
    out: &mut impl Write,
    results: &SearchResults,
    style: TerminalStyle,
) -> io::Result<()> {
    for (i, group) in by_document(&results.hits).iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let first = group[0];
        let date = first.date.map(|d| d.iso());
        write_heading(out, &first.title, &first.doc, date.as_deref(), style)?;
        let mut last: Option<u64> = None;
        for (paragraph, line) in lines_of(group) {
            if last.is_some_and(|l| paragraph > l + 1) {
                writeln!(out, "{}", styled(DIM, "--", style.color))?;
            }
            match line {
                Line::Hit(hit) => write_hit(out, hit, style)?,
                Line::Context(context) => write_context(out, context, style)?,
            }
            last = Some(paragraph);
        }
    }
    Ok(())
}

/// The hits of each document, documents in the order of their first (best)
/// hit, hits in rank order.
fn by_document(hits: &[Hit]) -> Vec<Vec<&Hit>> {
    let mut groups: Vec<Vec<&Hit>> = Vec::new();
    for hit in hits {
        match groups.iter_mut().find(|g| g[0].doc == hit.doc) {
            Some(group) => group.push(hit),
            None => groups.push(vec![hit]),
        }
    }
    groups
}

/// The paragraphs to print for one document's hits, in paragraph order:
/// every hit (the better one where two share a paragraph), then each
/// neighbour not already printed as a hit or as another hit's neighbour.
fn lines_of<'a>(hits: &[&'a Hit]) -> BTreeMap<u64, Line<'a>> {
    let mut lines = BTreeMap::new();
    for hit in hits {
        lines.entry(hit.paragraph).or_insert(Line::Hit(hit));
    }
    for hit in hits {
        let before = hit.context_before.iter().flatten();
        for context in before.chain(hit.context_after.iter().flatten()) {
            lines
                .entry(context.paragraph)
                .or_insert(Line::Context(context));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(paragraph: u64) -> ContextParagraph {
        ContextParagraph {
            paragraph,
            text: format!("第{paragraph}段"),
        }
    }

    fn hit(rank: usize, doc: &str, paragraph: u64) -> Hit {
        let n = paragraph;
        Hit {
            rank,
            score: 1.0,
            doc: doc.into(),
            title: format!("{doc}标题"),
            date: None,
            paragraph,
            text: format!("命中{paragraph}"),
            highlights: vec![(0, 2)],
            partial: false,
            title_only: false,
            also_in: Vec::new(),
            via: Vec::new(),
            context_before: Some((n.saturating_sub(1).max(1)..n).map(context).collect()),
            context_after: Some((n + 1..=(n + 1).min(20)).map(context).collect()),
        }
    }

    fn render(hits: Vec<Hit>) -> String {
        let results = SearchResults {
            total_hits: hits.len(),
            hits,
            notes: Vec::new(),
            elapsed: std::time::Duration::ZERO,
        };
        let style = TerminalStyle {
            color: false,
            full: false,
            width: None,
        };
        let mut buf = Vec::new();
        write_with_context(&mut buf, &results, style).expect("write");
        String::from_utf8(buf).expect("utf-8")
    }

    /// The paragraph numbers in the order printed, with `--` kept.
    fn paragraphs(out: &str) -> Vec<String> {
        out.lines()
            .filter_map(|l| {
                if l == "--" {
                    return Some("--".to_string());
                }
                let at = l.find('¶')?;
                let digits: String = l[at + '¶'.len_utf8()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                Some(digits)
            })
            .collect()
    }

    #[test]
    fn hits_and_context_read_in_paragraph_order_each_once() {
        // Ranked ¶15, ¶3, ¶12, ¶18: contexts 14-16, 2-4, 11-13, 17-19.
        let hits = vec![
            hit(1, "a.txt", 15),
            hit(2, "a.txt", 3),
            hit(3, "a.txt", 12),
            hit(4, "a.txt", 18),
        ];
        let out = render(hits);
        assert_eq!(out.lines().filter(|l| *l == "a.txt").count(), 1, "{out}");
        let expected = [
            "2", "3", "4", "--", "11", "12", "13", "14", "15", "16", "17", "18", "19",
        ];
        assert_eq!(paragraphs(&out), expected, "{out}");
        assert!(out.contains(" 3. ¶12 [命中]12"), "{out}");
        assert!(out.contains("  - ¶13 第13段"), "{out}");
    }

    #[test]
    fn a_hit_is_never_repeated_as_context_and_documents_keep_their_rank() {
        // A two-paragraph document: each hit is the other's context.
        let mut first = hit(2, "short.txt", 1);
        first.context_after = Some(vec![context(2)]);
        let mut second = hit(3, "short.txt", 2);
        second.context_before = Some(vec![context(1)]);
        second.context_after = Some(Vec::new());
        let out = render(vec![hit(1, "b.txt", 5), first, second]);
        assert_eq!(paragraphs(&out), ["4", "5", "6", "1", "2"], "{out}");
        assert_eq!(
            out.lines().filter(|l| *l == "short.txt").count(),
            1,
            "{out}"
        );
        assert!(out.find("b.txt") < out.find("short.txt"), "{out}");
        assert_eq!(out.matches("¶1 ").count(), 1, "{out}");
        assert!(!out.contains("第1段") && !out.contains("第2段"), "{out}");
    }
}
