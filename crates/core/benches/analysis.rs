//! Criterion benchmarks of the engine on the `kitchen` generator: loading a file
//! and the whole analysis (combinations, five count tables, six headline metrics),
//! at two sizes and two support thresholds, side by side in one run.

#![allow(missing_docs, clippy::unwrap_used)]

use biaslens_core::demo::kitchen_csv;
use biaslens_core::{analyze, load, CombinationSettings};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

fn engine(c: &mut Criterion) {
    let mut group = c.benchmark_group("kitchen");
    group.sample_size(20);
    for rows in [5_000usize, 50_000] {
        let csv = kitchen_csv(7, rows);
        group.bench_with_input(BenchmarkId::new("load", rows), &csv, |b, csv| {
            b.iter(|| load("k", "k.csv", csv.as_bytes(), None, 0.5).unwrap())
        });
        let (_, d) = load("k", "k.csv", csv.as_bytes(), None, 0.5).unwrap();
        for min_support in [1u64, 30] {
            let s = CombinationSettings {
                min_support,
                ..Default::default()
            };
            group.bench_with_input(
                BenchmarkId::new(format!("analyze k<=3 s={min_support}"), rows),
                &d,
                |b, d| b.iter(|| analyze(d, &s).unwrap()),
            );
        }
    }
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
