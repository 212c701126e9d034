//! Extraction throughput of the document readers (issue 20): each format's
//! fixture from `tests/fixtures/formats/` read by `parse_document`, in MB/s
//! of file and pages/s. The real files of `../shared/formats` are measured
//! with `examples/format_coverage.rs` (see BENCHMARKS.md).
//!
//! Run: `cargo bench --bench formats` (about a minute on 2 cores).

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use xunwen::ingest::{parse_document, FileKind};

/// (fixture, kind, pages)
const FIXTURES: &[(&str, FileKind, u64)] = &[
    ("notice.pdf", FileKind::Pdf, 2),
    ("notice.docx", FileKind::Docx, 1),
    ("notice.doc", FileKind::Doc, 1),
    ("letter.ofd", FileKind::Ofd, 1),
];

fn bench(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    for (name, kind, pages) in FIXTURES {
        let bytes = std::fs::read(dir.join(name)).expect("fixture (run make.py)");
        let mut group = c.benchmark_group(format!("formats/{name}"));
        group
            .sample_size(20)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(5));
        group.throughput(Throughput::BytesDecimal(bytes.len() as u64));
        group.bench_function("bytes", |b| {
            b.iter(|| parse_document(&bytes, name, *kind).expect("fixture reads"))
        });
        group.throughput(Throughput::Elements(*pages));
        group.bench_function("pages", |b| {
            b.iter(|| parse_document(&bytes, name, *kind).expect("fixture reads"))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
