//! Index build throughput: the real `xunwen::index::refresh` (read, decode,
//! clean, analyze, invert, commit, merge) rebuilding an index from scratch.
//!
//! A full build of the 92 MB corpus takes seconds, too long to repeat ten
//! times, so this bench rebuilds a subset (`XUNWEN_BENCH_BUILD_MB`, default
//! 12 MB of files sampled across every source folder). The full-corpus figure
//! is measured on the real binary by `benches/cli.sh --build`.
//!
//! Run: `cargo bench --bench index_build`.

mod common;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use xunwen::analysis::Analyzer;
use xunwen::index::{refresh, RefreshOptions};

fn bench(c: &mut Criterion) {
    let corpus = common::corpus();
    let mb: u64 = std::env::var("XUNWEN_BENCH_BUILD_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let scratch = tempfile::tempdir().expect("tempdir");
    let subset = scratch.path().join("corpus");
    let file_bytes = common::subset(&corpus.dir, &subset, mb * 1_000_000);
    let paragraphs = common::paragraphs(&subset);
    let bytes = common::total_bytes(&paragraphs);
    eprintln!(
        "index_build: {:.1} MB of files, {} paragraphs ({:.1} MB of paragraph text) from the {}",
        file_bytes as f64 / 1e6,
        paragraphs.len(),
        bytes as f64 / 1e6,
        corpus.describe()
    );
    drop(paragraphs);
    let analyzer = Analyzer::new();
    let index_dir = scratch.path().join("index");
    let options = RefreshOptions {
        rebuild: true,
        ..RefreshOptions::default()
    };

    let mut group = c.benchmark_group("index_build");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::BytesDecimal(bytes));
    group.bench_function("rebuild_subset", |b| {
        b.iter(|| {
            let report =
                refresh(&subset, &index_dir, &analyzer, &options, &|_| {}).expect("index build");
            assert!(report.paragraphs > 0);
            report.paragraphs
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
