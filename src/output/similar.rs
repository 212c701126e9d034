//! The answer of `xunwen similar`: one document per line block for people,
//! JSON Lines for programs.

use std::io::{self, Write};

use serde::Serialize;

use crate::search::similar::SimilarResults;

/// `rank. share% [near-identical] title`, then `path · date` indented.
pub fn write_similar(out: &mut impl Write, results: &SimilarResults) -> io::Result<()> {
    for doc in &results.documents {
        let mark = if doc.near_identical {
            "  near-identical"
        } else {
            ""
        };
        writeln!(
            out,
            "{:>2}. {:>3}%{mark}  {}",
            doc.rank,
            percent(doc.share),
            doc.title
        )?;
        let date = doc
            .date
            .map_or_else(|| "(no date)".to_string(), |d| d.to_string());
        writeln!(out, "    {} · {date}", doc.doc)?;
    }
    Ok(())
}

/// The one line on stderr after the list.
pub fn similar_summary(results: &SimilarResults) -> String {
    format!(
        "{} of {} compared share at least {}% of the text ({} shingles), {:.1} ms",
        super::plural(results.documents.len() as u64, "document"),
        results.candidates,
        percent(crate::search::similar::MIN_SHARE),
        results.shingles,
        results.elapsed.as_secs_f64() * 1000.0
    )
}

/// A share as a whole percentage, never rounded up to 100 unless it is.
fn percent(share: f64) -> u32 {
    let p = (share * 100.0).floor();
    p.clamp(0.0, 100.0) as u32
}

#[derive(Serialize)]
struct Summary {
    #[serde(rename = "type")]
    kind: &'static str,
    documents: usize,
    shingles: usize,
    candidates: usize,
    elapsed_ms: f64,
}

/// `{"type":"document",…}` per document, then `{"type":"summary",…}`.
pub fn write_similar_json(out: &mut impl Write, results: &SimilarResults) -> io::Result<()> {
    super::json::write_documents(out, &results.documents)?;
    let summary = Summary {
        kind: "summary",
        documents: results.documents.len(),
        shingles: results.shingles,
        candidates: results.candidates,
        elapsed_ms: super::json::milliseconds(results.elapsed),
    };
    super::json::write_line(out, &summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_floored_so_only_a_whole_copy_reads_100() {
        assert_eq!(percent(0.999), 99);
        assert_eq!(percent(1.0), 100);
        assert_eq!(percent(0.1), 10);
    }
}
