//! Measures how well ingest dates documents, for issue 13 and the README.
//!
//! ```sh
//! # CCTV items: does the date agree with the YYYYMMDD prefix of the file name?
//! cargo run --release --example date_agreement -- ../shared/corpus/cctv_xwlb
//! # _index.tsv dates (column 2, where it is a full date) of one folder
//! cargo run --release --example date_agreement -- --index ../shared/corpus/policy_docs
//! # every folder of the corpus: how many documents get no date at all
//! cargo run --release --example date_agreement -- --undated ../shared/corpus
//! # every document's path, date and title, to diff a change of the rules
//! cargo run --release --example date_agreement -- --dump ../shared/corpus > after.tsv
//! ```
//!
//! The file name of a CCTV item carries its broadcast date, which is its
//! publication date, so agreement with it measures the date rules on real
//! text: a date the item merely mentions must not win. Up to
//! [`MAX_SHOWN`] disagreements are listed so each class can be explained.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use xunwen::ingest::read_document;

/// Disagreements listed at the end of a run.
const MAX_SHOWN: usize = 20;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, dir) = match args.first().map(String::as_str) {
        Some(flag @ ("--undated" | "--index" | "--dump")) => {
            (flag.to_owned(), args.get(1).cloned())
        }
        _ => ("--name".to_owned(), args.first().cloned()),
    };
    let default = if matches!(mode.as_str(), "--undated" | "--dump") {
        "../shared/corpus"
    } else {
        "../shared/corpus/cctv_xwlb"
    };
    let dir = PathBuf::from(dir.unwrap_or_else(|| default.to_owned()));
    match mode.as_str() {
        "--undated" => undated(&dir),
        "--dump" => dump(&dir),
        "--index" => agreement(&dir, &index_dates(&dir)),
        _ => agreement(&dir, &name_dates(&dir)),
    }
}

/// The corpus's `.txt` documents under `dir`, sorted, as (absolute path,
/// path relative to `dir`).
fn documents(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out: Vec<(PathBuf, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
            let rel = rel.to_string_lossy().replace('\\', "/");
            (e.path().to_path_buf(), rel)
        })
        .collect();
    out.sort();
    out
}

/// Expected dates from the `YYYYMMDD` prefix of each file name.
fn name_dates(dir: &Path) -> BTreeMap<String, String> {
    documents(dir)
        .into_iter()
        .filter_map(|(_, rel)| {
            let name = rel.rsplit('/').next()?;
            let d = name.get(..8)?;
            d.bytes().all(|b| b.is_ascii_digit()).then(|| {
                let iso = format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]);
                (rel.clone(), iso)
            })
        })
        .collect()
}

/// Expected dates from `_index.tsv` (file, date, …), where the date starts
/// with a full `YYYY-MM-DD` or `YYYYMMDD` (not a `08-16 20:49` stamp).
fn index_dates(dir: &Path) -> BTreeMap<String, String> {
    let tsv = std::fs::read_to_string(dir.join("_index.tsv")).unwrap_or_else(|e| {
        eprintln!("{}: {e}", dir.join("_index.tsv").display());
        std::process::exit(2)
    });
    tsv.lines()
        .skip(1)
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let file = cols.next()?;
            let first = cols.next()?.split_whitespace().next()?;
            let d: String = first.chars().filter(char::is_ascii_digit).collect();
            let d = d.as_str();
            if d.len() != 8 || !(d.starts_with("19") || d.starts_with("20")) {
                return None;
            }
            Some((
                file.to_owned(),
                format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]),
            ))
        })
        .collect()
}

/// Prints agreed/total with `expected`, and the first disagreements. Paths
/// are given to ingest with the folder's own name in front, as when the
/// corpus above it is indexed (`crud_news_2023/` supplies a year).
fn agreement(dir: &Path, expected: &BTreeMap<String, String>) {
    let (mut agreed, mut total, mut undated) = (0usize, 0usize, 0usize);
    let mut shown = Vec::new();
    let folder = dir
        .canonicalize()
        .ok()
        .and_then(|d| Some(d.file_name()?.to_string_lossy().into_owned()))
        .unwrap_or_default();
    for (rel, want) in expected {
        let Ok(doc) = read_document(&dir.join(rel), &format!("{folder}/{rel}")) else {
            continue;
        };
        total += 1;
        match doc.date.map(|d| d.iso()).as_deref() {
            Some(d) if d == want => agreed += 1,
            got => {
                undated += usize::from(got.is_none());
                if shown.len() < MAX_SHOWN {
                    shown.push(format!(
                        "  {rel}: expected {want}, got {}  ({})",
                        got.unwrap_or("no date"),
                        doc.title
                    ));
                }
            }
        }
    }
    let pct = 100.0 * agreed as f64 / total.max(1) as f64;
    println!(
        "{}: {agreed}/{total} agree ({pct:.2} %), {undated} undated",
        dir.display()
    );
    for s in shown {
        println!("{s}");
    }
}

/// Per top-level folder: documents read and documents without a date.
fn undated(dir: &Path) {
    let mut per: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (abs, rel) in documents(dir) {
        let Ok(doc) = read_document(&abs, &rel) else {
            continue;
        };
        let top = rel.split('/').next().unwrap_or("").to_owned();
        let e = per.entry(top).or_default();
        e.0 += 1;
        e.1 += usize::from(doc.date.is_none());
    }
    let (mut n, mut u) = (0, 0);
    for (folder, (docs, none)) in &per {
        println!("{folder:<24} {docs:>6} documents, {none:>5} undated");
        n += docs;
        u += none;
    }
    println!("{:<24} {n:>6} documents, {u:>5} undated", "total");
}

/// One line per document: path, date (or `-`) and title, tab-separated.
fn dump(dir: &Path) {
    for (abs, rel) in documents(dir) {
        if let Ok(doc) = read_document(&abs, &rel) {
            println!(
                "{rel}\t{}\t{}",
                doc.date.map(|d| d.iso()).as_deref().unwrap_or("-"),
                doc.title
            );
        }
    }
}
