//! How much of a reference text xunwen indexes from each document file, for
//! issue 20 and BENCHMARKS.md.
//!
//! ```sh
//! cargo run --release --example format_coverage -- ../shared/formats/pdf/*.pdf ../shared/formats/ofd/*.ofd
//! # also print what was indexed from one file
//! cargo run --release --example format_coverage -- --dump ../shared/formats/ofd/bengbu_culvert_letter_2023.ofd
//! ```
//!
//! For each FILE with a FILE-stem`.ref.txt` beside it: the share of the
//! reference's character bigrams (whitespace removed, counted with
//! multiplicity) found in the title and paragraphs xunwen indexes, the
//! paragraphs that are only a page number (there should be none), the read
//! time, MB/s and the verdict.

#[path = "common/coverage.rs"]
mod coverage;
use coverage::coverage;

use std::path::{Path, PathBuf};
use std::time::Instant;

use xunwen::ingest::read_document;

fn main() {
    let mut dump = false;
    let mut files = Vec::new();
    for a in std::env::args().skip(1) {
        if a == "--dump" {
            dump = true;
        } else {
            files.push(PathBuf::from(a));
        }
    }
    println!(
        "| file | paragraphs | title | date | page-number paragraphs | coverage | ms | MB/s |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for f in &files {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let size = std::fs::metadata(f).map_or(0, |m| m.len());
        let start = Instant::now();
        let read = read_document(f, &name);
        let took = start.elapsed().as_secs_f64();
        let mbs = size as f64 / 1e6 / took.max(1e-9);
        match read {
            Ok(d) => {
                let mut text = d.title.clone();
                for p in &d.paragraphs {
                    text.push('\n');
                    text.push_str(&p.text);
                }
                let page_numbers = d
                    .paragraphs
                    .iter()
                    .filter(|p| xunwen::ingest::layout::is_page_number(&p.text))
                    .count();
                let cov = reference(f).map_or("-".into(), |r| {
                    format!("{:.1} %", 100.0 * coverage(&r, &text))
                });
                println!(
                    "| {name} | {} | {} | {} | {page_numbers} | {cov} | {:.0} | {mbs:.1} |",
                    d.paragraphs.len(),
                    d.title,
                    d.date.map(|day| day.iso()).unwrap_or_else(|| "-".into()),
                    took * 1000.0
                );
                if dump {
                    println!("{text}");
                    for p in &d.paragraphs {
                        if xunwen::ingest::layout::is_page_number(&p.text) {
                            println!("page number as paragraph {}: {}", p.number, p.text);
                        }
                    }
                }
            }
            Err(e) => println!("| {name} | skipped: {e} | | | | | {:.0} | |", took * 1000.0),
        }
    }
}

/// The reference text beside `file`.
fn reference(file: &Path) -> Option<String> {
    std::fs::read_to_string(file.with_extension("ref.txt")).ok()
}
