//! JSON Lines output: one object per hit, then a summary.
//!
//! The schema is a public interface that scripts depend on; it is documented
//! in the README and checked by tests. Add fields, never rename or remove.

use std::io::{self, Write};

use serde::Serialize;

use crate::search::{Hit, SearchResults};

#[derive(Serialize)]
struct HitLine<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    hit: &'a Hit,
}

#[derive(Serialize)]
struct SummaryLine {
    #[serde(rename = "type")]
    kind: &'static str,
    total_hits: usize,
    elapsed_ms: f64,
}

/// A duration in milliseconds, rounded to the microsecond.
pub(crate) fn milliseconds(elapsed: std::time::Duration) -> f64 {
    (elapsed.as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0
}

/// One JSON object and its newline: a line of every `--json` output.
pub(crate) fn write_line(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

/// A document as one JSON line: `{"type":"document", …its fields}`.
#[derive(Serialize)]
struct DocumentLine<'a, T> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    doc: &'a T,
}

/// One `{"type":"document",…}` line per document, in order: what `search
/// -l --json` and `similar --json` print before their summary.
pub(crate) fn write_documents<'a, T: Serialize + 'a>(
    out: &mut impl Write,
    docs: impl IntoIterator<Item = &'a T>,
) -> io::Result<()> {
    for doc in docs {
        write_line(
            out,
            &DocumentLine {
                kind: "document",
                doc,
            },
        )?;
    }
    Ok(())
}

/// Writes `{"type":"hit",…}` per hit and a final `{"type":"summary",…}`.
pub fn write_json_lines(out: &mut impl Write, results: &SearchResults) -> io::Result<()> {
    for hit in &results.hits {
        write_line(out, &HitLine { kind: "hit", hit })?;
    }
    let summary = SummaryLine {
        kind: "summary",
        total_hits: results.total_hits,
        elapsed_ms: milliseconds(results.elapsed),
    };
    write_line(out, &summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn hits_then_summary_with_the_documented_fields() {
        let results = SearchResults {
            hits: vec![Hit {
                rank: 1,
                score: 2.5,
                doc: "a/b.txt".into(),
                title: "标题".into(),
                date: None,
                paragraph: 3,
                text: "党史学习".into(),
                highlights: vec![(0, 2)],
                partial: false,
                title_only: false,
                also_in: Vec::new(),
                via: Vec::new(),
                context_before: None,
                context_after: None,
            }],
            total_hits: 1,
            notes: Vec::new(),
            elapsed: Duration::from_micros(1500),
        };
        let mut buf = Vec::new();
        write_json_lines(&mut buf, &results).expect("write");
        let text = String::from_utf8(buf).expect("utf8");
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        assert_eq!(lines.len(), 2);
        let hit = &lines[0];
        for key in [
            "type",
            "rank",
            "score",
            "doc",
            "title",
            "date",
            "paragraph",
            "text",
            "highlights",
            "partial",
            "title_only",
            "also_in",
        ] {
            assert!(hit.get(key).is_some(), "missing {key}");
        }
        assert_eq!(hit["type"], "hit");
        assert!(hit.get("context_before").is_none(), "only with -C");
        assert_eq!(hit["highlights"], serde_json::json!([[0, 2]]));
        assert_eq!(lines[1]["type"], "summary");
        assert_eq!(lines[1]["total_hits"], 1);
        assert_eq!(lines[1]["elapsed_ms"], 1.5);
    }
}
