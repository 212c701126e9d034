//! Property tests of analysis, parsing and highlighting (proptest), plus an
//! ignored throughput check of normalization.

use std::time::Instant;

use xunwen::analysis::normalize::{normalize, normalize_char};

/// Normalization throughput over the CCTV news corpus, when it is present.
/// Run with `cargo test --release --test properties -- --ignored --nocapture`.
#[test]
#[ignore = "timing; run in release by hand"]
fn normalize_throughput() {
    let root = std::path::Path::new("/work/shared/corpus/cctv_xwlb");
    if !root.exists() {
        return;
    }
    let mut texts = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(s) = std::fs::read_to_string(&p) {
                texts.push(s);
            }
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let mb = bytes as f64 / 1e6;
    for round in 0..3 {
        let started = Instant::now();
        let mut changed = 0usize;
        for t in &texts {
            if let std::borrow::Cow::Owned(_) = normalize(t) {
                changed += 1;
            }
        }
        let s1 = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let mut folded = 0usize;
        for t in &texts {
            folded += t.chars().filter(|&c| normalize_char(c) != c).count();
        }
        let s2 = started.elapsed().as_secs_f64();
        println!(
            "round {round}: {mb:.1} MB; normalize() {:.0} MB/s ({changed} texts changed); \
             per-char normalize_char {:.0} MB/s ({folded} chars folded)",
            mb / s1,
            mb / s2
        );
    }
}
