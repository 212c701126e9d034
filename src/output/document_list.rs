//! Documents with full matches, for `search -l` and `search -c`: one path
//! per line, `path:count` lines as ripgrep's `-c` prints them, or JSON Lines.

use std::io::{self, Write};

use serde::Serialize;

use crate::search::DocumentResults;

/// One path per line, best first.
pub fn write_paths(out: &mut impl Write, results: &DocumentResults) -> io::Result<()> {
    for doc in &results.documents {
        writeln!(out, "{}", doc.doc)?;
    }
    Ok(())
}

/// `path:count` per document, best first: the paragraphs that fully match
/// (a title-only match counts one).
pub fn write_counts(out: &mut impl Write, results: &DocumentResults) -> io::Result<()> {
    for doc in &results.documents {
        writeln!(out, "{}:{}", doc.doc, doc.paragraphs)?;
    }
    Ok(())
}

#[derive(Serialize)]
struct DocumentSummary {
    #[serde(rename = "type")]
    kind: &'static str,
    documents: usize,
    total_hits: usize,
    elapsed_ms: f64,
}

/// `{"type":"document",…}` per document, then `{"type":"summary",…}`.
pub fn write_document_lines(out: &mut impl Write, results: &DocumentResults) -> io::Result<()> {
    super::json::write_documents(out, &results.documents)?;
    let summary = DocumentSummary {
        kind: "summary",
        documents: results.documents.len(),
        total_hits: results.total_hits,
        elapsed_ms: super::json::milliseconds(results.elapsed),
    };
    super::json::write_line(out, &summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::DocumentHit;
    use std::time::Duration;

    fn results() -> DocumentResults {
        let doc = |path: &str, paragraphs| DocumentHit {
            doc: path.into(),
            title: "标题".into(),
            date: "2024-01-02".parse().ok(),
            paragraphs,
            score: 1.0,
            title_only: false,
        };
        DocumentResults {
            documents: vec![doc("a/b.txt", 3), doc("c.txt", 1)],
            total_hits: 4,
            notes: Vec::new(),
            elapsed: Duration::from_millis(2),
        }
    }

    #[test]
    fn paths_and_counts_are_one_line_per_document() {
        let mut buf = Vec::new();
        write_paths(&mut buf, &results()).expect("write");
        assert_eq!(String::from_utf8_lossy(&buf), "a/b.txt\nc.txt\n");
        let mut buf = Vec::new();
        write_counts(&mut buf, &results()).expect("write");
        assert_eq!(String::from_utf8_lossy(&buf), "a/b.txt:3\nc.txt:1\n");
    }

    #[test]
    fn json_has_one_object_per_document_and_a_summary() {
        let mut buf = Vec::new();
        write_document_lines(&mut buf, &results()).expect("write");
        let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&buf)
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["type"], "document");
        assert_eq!(lines[0]["paragraphs"], 3);
        assert_eq!(lines[0]["date"], "2024-01-02");
        assert_eq!(lines[2]["documents"], 2);
        assert_eq!(lines[2]["total_hits"], 4);
    }
}
