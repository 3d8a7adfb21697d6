//! Criterion benchmarks of the engine on the `kitchen` generator: loading a file
//! and the whole analysis (combinations, five count tables, six headline metrics),
//! at two sizes and two support thresholds, side by side in one run; then the
//! explaining views on the 5,000-row demo: a 1,000-resample bootstrap, the
//! co-occurrence tables and a spurious-correlation ranking.

#![allow(missing_docs, clippy::unwrap_used)]

use biaslens_core::bootstrap::{bootstrap, BootstrapSettings};
use biaslens_core::cooccurrence::{cooccurrence, Split};
use biaslens_core::counts::RowIndex;
use biaslens_core::demo::kitchen_csv;
use biaslens_core::spurious::{spurious, Target};
use biaslens_core::{analyze, load_with_defaults, CombinationSettings};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

fn engine(c: &mut Criterion) {
    let mut group = c.benchmark_group("kitchen");
    group.sample_size(20);
    for rows in [5_000usize, 50_000] {
        let csv = kitchen_csv(7, rows);
        group.bench_with_input(BenchmarkId::new("load", rows), &csv, |b, csv| {
            b.iter(|| load_with_defaults("k", "k.csv", csv.as_bytes()).unwrap())
        });
        let (_, d) = load_with_defaults("k", "k.csv", csv.as_bytes()).unwrap();
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

fn explain(c: &mut Criterion) {
    let mut group = c.benchmark_group("kitchen 5000");
    group.sample_size(10);
    let csv = kitchen_csv(2023, 5_000);
    let (_, d) = load_with_defaults("k", "k.csv", csv.as_bytes()).unwrap();
    let s = CombinationSettings {
        min_support: 30,
        ..Default::default()
    };
    group.bench_function("analyze k<=3 s=30", |b| b.iter(|| analyze(&d, &s).unwrap()));
    let boot = BootstrapSettings {
        replicates: 1000,
        seed: 0,
    };
    group.bench_function("bootstrap B=1000 k<=3 s=30", |b| {
        b.iter(|| bootstrap(&d, &s, &boot).unwrap())
    });
    group.bench_function("cooccurrence train k<=3 s=30", |b| {
        b.iter(|| cooccurrence(&d, Split::Train, 3, 30).unwrap())
    });
    let target = Target::resolve(&d, "keyboard").unwrap();
    group.bench_function("spurious keyboard", |b| {
        b.iter(|| spurious(&d, &RowIndex::new(&d), &target))
    });
    group.finish();
}

criterion_group!(benches, engine, explain);
criterion_main!(benches);
