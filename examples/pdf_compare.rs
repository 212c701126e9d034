//! Compares two pure-Rust PDF text readers on real files, for issue 20's
//! choice of crate (the numbers are in BENCHMARKS.md).
//!
//! ```sh
//! # every PDF with a NAME.ref.txt beside it: bigram coverage, time, pages
//! cargo run --release --example pdf_compare -- oxide ../shared/formats/pdf/*.pdf
//! cargo run --release --example pdf_compare -- extract ../shared/formats/pdf/*.pdf
//! # damaged copies (cut at 10/50/90 % and with bytes overwritten): panics, errors, time
//! cargo run --release --example pdf_compare -- oxide --damaged ../shared/formats/pdf/*.pdf
//! # peak memory: one process per file under /usr/bin/time -f %M
//! ```
//!
//! With `PDF_COMPARE_DUMP=1` the extracted text is printed too.
//!
//! `oxide` is `pdf_oxide` (plain text per page), `extract` is `pdf-extract`
//! (which reads with `lopdf`). Each file is read on its own thread with a
//! time limit, and panics are caught, so one bad file can't stop the run.
//! Coverage is the share of the reference's character bigrams (whitespace
//! removed, counted with multiplicity) found in the extracted text.

#[path = "common/coverage.rs"]
mod coverage;
use coverage::coverage;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Longest a single file may take before it counts as a hang.
const LIMIT: Duration = Duration::from_secs(60);

fn main() {
    let mut args = std::env::args().skip(1);
    let reader = args.next().unwrap_or_default();
    let mut damaged = false;
    let mut files = Vec::new();
    for a in args {
        if a == "--damaged" {
            damaged = true;
        } else {
            files.push(PathBuf::from(a));
        }
    }
    if !matches!(reader.as_str(), "oxide" | "extract") || files.is_empty() {
        eprintln!("usage: pdf_compare oxide|extract [--damaged] FILE.pdf...");
        std::process::exit(2);
    }
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            eprintln!("{}: cannot read", f.display());
            continue;
        };
        if damaged {
            for (label, copy) in damaged_copies(&bytes) {
                let (verdict, took, _) = run(&reader, copy);
                println!("{}\t{label}\t{verdict}\t{:.0} ms", name(f), ms(took));
            }
        } else {
            let (verdict, took, text) = run(&reader, bytes.clone());
            let cov = reference(f).map(|r| coverage(&r, &text));
            if std::env::var_os("PDF_COMPARE_DUMP").is_some() {
                println!("{text}");
            }
            println!(
                "{}\t{verdict}\t{:.0} ms\t{:.2} MB/s\t{} chars\tcoverage {}",
                name(f),
                ms(took),
                bytes.len() as f64 / 1e6 / took.as_secs_f64().max(1e-9),
                text.chars().count(),
                cov.map_or("-".into(), |c| format!("{:.1} %", c * 100.0)),
            );
        }
    }
}

fn name(f: &Path) -> String {
    f.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The reference text beside `pdf`, if there is one.
fn reference(pdf: &Path) -> Option<String> {
    std::fs::read_to_string(pdf.with_extension("ref.txt")).ok()
}

/// Cut copies and a copy with bytes overwritten every 997 bytes.
fn damaged_copies(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for pct in [10, 50, 90] {
        out.push((
            format!("cut {pct} %"),
            bytes[..bytes.len() * pct / 100].to_vec(),
        ));
    }
    let mut flipped = bytes.to_vec();
    for i in (512..flipped.len()).step_by(997) {
        flipped[i] ^= 0x5a;
    }
    out.push(("bytes overwritten".into(), flipped));
    out
}

/// Reads `bytes` with `reader` on its own thread: verdict, time, text.
fn run(reader: &str, bytes: Vec<u8>) -> (String, Duration, String) {
    let (tx, rx) = mpsc::channel();
    let reader = reader.to_owned();
    let start = Instant::now();
    std::thread::spawn(move || {
        let out = std::panic::catch_unwind(move || match reader.as_str() {
            "oxide" => oxide(bytes),
            _ => extract(&bytes),
        });
        let _ = tx.send(out);
    });
    match rx.recv_timeout(LIMIT) {
        Ok(Ok(Ok((pages, text)))) => (format!("ok {pages} pages"), start.elapsed(), text),
        Ok(Ok(Err(e))) => (format!("error: {e}"), start.elapsed(), String::new()),
        Ok(Err(_)) => ("PANIC".into(), start.elapsed(), String::new()),
        Err(_) => ("HANG (over 60 s)".into(), start.elapsed(), String::new()),
    }
}

fn oxide(bytes: Vec<u8>) -> Result<(usize, String), String> {
    let doc = pdf_oxide::PdfDocument::from_bytes(bytes).map_err(|e| e.to_string())?;
    if doc.is_encrypted() {
        let _ = doc.authenticate(b"");
    }
    let pages = doc.page_count().map_err(|e| e.to_string())?;
    let mut text = String::new();
    for p in 0..pages {
        match doc.extract_text(p) {
            Ok(t) => text.push_str(&t),
            Err(e) => return Err(format!("page {}: {e}", p + 1)),
        }
        text.push('\n');
    }
    Ok((pages, text))
}

fn extract(bytes: &[u8]) -> Result<(usize, String), String> {
    let pages = pdf_extract::extract_text_from_mem_by_pages(bytes).map_err(|e| e.to_string())?;
    Ok((pages.len(), pages.concat()))
}
