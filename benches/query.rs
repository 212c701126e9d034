//! In-process query latency on an index of the corpus, and the start-up
//! cost a command-line search pays before it can search (the analyzer).
//!
//! The index is built once into `target/bench-index` (an unchanged corpus
//! makes later runs a no-op refresh), or taken from `XUNWEN_BENCH_INDEX`.
//!
//! Run: `cargo bench --bench query`.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use xunwen::analysis::Analyzer;
use xunwen::index::{refresh, RefreshOptions, XunwenIndex};
use xunwen::search::{search, Limit};

const QUERIES: &[&str] = &[
    "党史",
    "乡村振兴 人才 政策",
    "市人民政府",
    "\"中华人民共和国\" -条例",
];

fn bench(c: &mut Criterion) {
    let corpus = common::corpus();
    let index_dir = std::env::var_os("XUNWEN_BENCH_INDEX")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let name = if corpus.real {
                "bench-index"
            } else {
                "bench-index-fixture"
            };
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target")
                .join(name)
        });
    let analyzer = Analyzer::new();
    let report = refresh(
        &corpus.dir,
        &index_dir,
        &analyzer,
        &RefreshOptions::default(),
        &|_| {},
    )
    .expect("build the bench index");
    eprintln!(
        "query: index {} of {} paragraphs from the {}",
        index_dir.display(),
        report.paragraphs,
        corpus.describe()
    );
    let index = XunwenIndex::open(&index_dir).expect("open index");

    let mut group = c.benchmark_group("query");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for q in QUERIES {
        group.bench_function(format!("search_top10/{q}"), |b| {
            b.iter(|| search(&index, &analyzer, q, Limit::Top(10)).expect("search"))
        });
    }
    // What a fresh process pays before searching: open the index, build the
    // analyzer, cut the query words.
    group.bench_function("open_index", |b| {
        b.iter(|| XunwenIndex::open(&index_dir).expect("open index"))
    });
    group.bench_function("analyzer_new_and_query_words", |b| {
        b.iter(|| Analyzer::new().query_words("乡村振兴 人才 政策").len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
