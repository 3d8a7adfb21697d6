//! The native side of the benchmark command (`bench/run.py`): criterion timings of
//! each task on the generated data sets of `biaslens_core::generate` — the same
//! bytes `biaslens generate` writes for the NumPy reference. Groups are named after
//! the data set (`coco-like`, `rows-100000`, …), functions after the task (`load`,
//! `metrics`, `cooccurrence`, `bootstrap`, `pca`, and beside the PyPI package
//! `metrics-all`, `metrics-single`); `bench/run.py` reads criterion's
//! estimates from `target/criterion/GROUP/TASK/new/estimates.json`.
//! `BIASLENS_BENCH_SETS=coco-like,rows-10000` picks data sets (default: all).

#![allow(missing_docs, clippy::unwrap_used)]

use std::time::Duration;

use biaslens_core::bootstrap::{bootstrap, BootstrapSettings};
use biaslens_core::cooccurrence::{cooccurrence, Split};
use biaslens_core::embeddings::project;
use biaslens_core::generate::{
    bench_embeddings, bench_sets, generate_csv, BENCH_MIN_SUPPORT as MIN_SUPPORT,
};
use biaslens_core::{analyze, load_with_defaults, CombinationSettings};
use criterion::{criterion_group, criterion_main, Criterion};

fn scale(c: &mut Criterion) {
    let chosen = std::env::var("BIASLENS_BENCH_SETS").ok();
    for s in bench_sets() {
        if chosen
            .as_deref()
            .is_some_and(|c| !c.split(',').any(|n| n == s.name))
        {
            continue;
        }
        let mut group = c.benchmark_group(&s.name);
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
        let csv = generate_csv(&s.shape);
        group.bench_function("load", |b| {
            b.iter(|| load_with_defaults("g", "g.csv", csv.as_bytes()).unwrap())
        });
        let (_, d) = load_with_defaults("g", "g.csv", csv.as_bytes()).unwrap();
        let settings = CombinationSettings {
            k_max: s.k_max,
            min_support: MIN_SUPPORT,
            ..Default::default()
        };
        group.bench_function("metrics", |b| b.iter(|| analyze(&d, &settings).unwrap()));
        group.bench_function("cooccurrence", |b| {
            b.iter(|| cooccurrence(&d, Split::Train, 1, MIN_SUPPORT).unwrap())
        });
        if s.full {
            let boot = BootstrapSettings {
                replicates: 1000,
                seed: 0,
            };
            group.bench_function("bootstrap", |b| {
                b.iter(|| bootstrap(&d, &settings, &boot).unwrap())
            });
            // Beside the PyPI package bias-amplification (bench/package.py): its
            // MDBA keeps every combination that occurs, its BA_MALS and DBA are
            // single-attribute.
            let every = CombinationSettings {
                min_support: 1,
                ..settings
            };
            group.bench_function("metrics-all", |b| b.iter(|| analyze(&d, &every).unwrap()));
            let single = CombinationSettings {
                k_max: 1,
                ..settings
            };
            group.bench_function("metrics-single", |b| {
                b.iter(|| analyze(&d, &single).unwrap())
            });
            let e = bench_embeddings(&d);
            group.bench_function("pca", |b| b.iter(|| project(&e, 0, &mut |_| {})));
        }
        group.finish();
    }
}

criterion_group!(benches, scale);
criterion_main!(benches);
