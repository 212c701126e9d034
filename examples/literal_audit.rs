//! Audits the full-match contract on a built index: for each query, every
//! paragraph `xunwen search --all` reports must contain the query string, and
//! `total_hits` must equal the number of paragraphs that contain it, counted
//! independently by reading every stored paragraph (after the same
//! normalization: width, case, Traditional → Simplified).
//!
//! ```sh
//! cargo run --release --example literal_audit -- /tmp/dev-index 学习强国 市人民政府 …
//! ```
//!
//! Queries must be single unbroken terms (no spaces or operators), so that
//! "contains the query" is well defined. Prints one row per query and exits
//! 1 if any row disagrees.

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;

use tantivy::collector::DocSetCollector;
use tantivy::query::AllQuery;
use tantivy::schema::Value;
use tantivy::TantivyDocument;
use xunwen::analysis::{normalize, Analyzer};
use xunwen::index::XunwenIndex;
use xunwen::search::{search, Limit};

fn main() -> Result<ExitCode, Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: literal_audit INDEX_DIR QUERY…")?);
    let queries: Vec<String> = args.collect();
    let index = XunwenIndex::open(&dir)?;
    let searcher = index.searcher()?;
    let fields = index.fields();
    let needles: Vec<String> = queries.iter().map(|q| normalize(q).into_owned()).collect();
    let mut containing = vec![0usize; queries.len()];
    for addr in searcher.search(&AllQuery, &DocSetCollector)? {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let text = doc
            .get_first(fields.text)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let text = normalize(text);
        for (count, needle) in containing.iter_mut().zip(&needles) {
            if text.contains(needle.as_str()) {
                *count += 1;
            }
        }
    }
    let analyzer = Analyzer::new();
    let mut ok = true;
    println!("query\ttotal_hits\tcontaining\tlisted_without_it\ttitle_only");
    for ((query, needle), expected) in queries.iter().zip(&needles).zip(&containing) {
        let results = search(&index, &analyzer, query, Limit::All)?;
        let title_only = results.hits.iter().filter(|h| h.title_only).count();
        let without: HashSet<(String, u64)> = results
            .hits
            .iter()
            .filter(|h| !h.title_only && !normalize(&h.text).contains(needle.as_str()))
            .map(|h| (h.doc.clone(), h.paragraph))
            .collect();
        let paragraphs = results.total_hits - title_only;
        ok &= paragraphs == *expected && without.is_empty();
        println!(
            "{query}\t{}\t{expected}\t{}\t{title_only}",
            results.total_hits,
            without.len()
        );
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
