//! Segmentation throughput, and the indexing speed limit it sets.
//!
//! `jieba_search_all_cores` is jieba search-mode segmentation alone over every
//! paragraph of the corpus on all cores (rayon): the yardstick for a
//! full index build (a build may take at most 4× this). The other benches
//! show what xunwen's own analysis adds on top (normalization, filtering, the
//! character n-grams) and what one core does.
//!
//! Run: `cargo bench --bench segment` (about a minute on 2 cores).

mod common;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jieba_rs::Jieba;
use rayon::prelude::*;
use tantivy::tokenizer::{TokenStream, Tokenizer};
use xunwen::analysis::{normalize, CharNgramTokenizer, Segmenter, Workload};

fn bench(c: &mut Criterion) {
    let corpus = common::corpus();
    let paragraphs = common::paragraphs(&corpus.dir);
    let bytes = common::total_bytes(&paragraphs);
    eprintln!(
        "segment: {} paragraphs, {:.1} MB of paragraph text from the {}; {} threads",
        paragraphs.len(),
        bytes as f64 / 1e6,
        corpus.describe(),
        rayon::current_num_threads()
    );
    let jieba = Jieba::new();
    let segmenter = Segmenter::new();

    let mut group = c.benchmark_group("segment");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::BytesDecimal(bytes));

    group.bench_function("jieba_search_all_cores", |b| {
        b.iter(|| {
            paragraphs
                .par_iter()
                .map(|p| jieba.cut_for_search(p, true).len())
                .sum::<usize>()
        })
    });
    group.bench_function("jieba_search_one_core", |b| {
        b.iter(|| {
            paragraphs
                .iter()
                .map(|p| jieba.cut_for_search(p, true).len())
                .sum::<usize>()
        })
    });
    group.bench_function("xunwen_words_all_cores", |b| {
        b.iter(|| {
            paragraphs
                .par_iter()
                .map(|p| segmenter.words(&normalize(p), Workload::Bulk).len())
                .sum::<usize>()
        })
    });
    group.bench_function("xunwen_chars_all_cores", |b| {
        b.iter(|| {
            paragraphs
                .par_iter()
                .map_init(CharNgramTokenizer::default, |tok, p| {
                    let mut stream = tok.token_stream(p);
                    let mut n = 0usize;
                    while stream.advance() {
                        n += 1;
                    }
                    n
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
