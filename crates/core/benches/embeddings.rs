//! Criterion benchmarks of the embedding analyses on the `kitchen` generator with
//! its planted embeddings at CLIP's width (768): PCA to 3 components, 5-fold group
//! leakage and the attribute directions, side by side in one run.

#![allow(missing_docs, clippy::unwrap_used)]

use biaslens_core::demo::kitchen_csv;
use biaslens_core::embeddings::directions::directions;
use biaslens_core::embeddings::leakage::leakage;
use biaslens_core::embeddings::pca::pca;
use biaslens_core::embeddings::synthetic::embeddings_for;
use biaslens_core::load_with_defaults;
use criterion::{criterion_group, criterion_main, Criterion};

fn embeddings(c: &mut Criterion) {
    let rows = 50_000;
    let csv = kitchen_csv(7, rows);
    let (_, d) = load_with_defaults("k", "k.csv", csv.as_bytes()).unwrap();
    let e = embeddings_for(&d, 7, 768);
    let mut group = c.benchmark_group("embeddings 50000 x 768");
    group.sample_size(10);
    group.bench_function("pca k=3", |b| b.iter(|| pca(&e, 3, 0, &mut |_, _| {})));
    group.bench_function("leakage 5 folds", |b| {
        b.iter(|| leakage(&e, &d.group, d.groups.len(), 0, &mut |_, _| {}).unwrap())
    });
    group.bench_function("directions", |b| b.iter(|| directions(&d, &e)));
    group.finish();
}

criterion_group!(benches, embeddings);
criterion_main!(benches);
