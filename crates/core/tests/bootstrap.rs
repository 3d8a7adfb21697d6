//! The bootstrap of `docs/spec/metrics.md` section 6: weighted recounting against counting
//! materialised resamples, determinism, and coverage on simulated data whose true
//! value is known.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use biaslens_core::analysis::analyze;
use biaslens_core::bootstrap::{bootstrap, replicates, resample_weights, BootstrapSettings};
use biaslens_core::combinations::combinations;
use biaslens_core::counts::{count, RowIndex};
use biaslens_core::demo::demo_csv;
use biaslens_core::metrics::headline::{headline, Quantity};
use biaslens_core::rng::SeededRng;
use biaslens_core::{load_with_defaults, CombinationSettings, Dataset};

fn kitchen() -> Dataset {
    let (csv, _) = demo_csv("kitchen").unwrap();
    load_with_defaults("kitchen", "kitchen.csv", csv.as_bytes())
        .unwrap()
        .1
}

/// The data set with test row `l` (in row order, rows with a group) repeated `w[l]`
/// times and the train rows unchanged; the attribute list is kept.
fn materialise(d: &Dataset, w: &[u32]) -> Dataset {
    let mut out = d.clone();
    let mut keep = Vec::new();
    let mut l = 0;
    for i in 0..d.len() {
        if d.role[i].is_test() && d.group[i].is_some() {
            for _ in 0..w[l] {
                keep.push(i);
            }
            l += 1;
        } else if d.role[i].is_train() {
            keep.push(i);
        }
    }
    out.ids = keep.iter().map(|&i| d.ids[i].clone()).collect();
    out.split = keep.iter().map(|&i| d.split[i]).collect();
    out.role = keep.iter().map(|&i| d.role[i]).collect();
    out.group = keep.iter().map(|&i| d.group[i]).collect();
    out.pred_group = keep.iter().map(|&i| d.pred_group[i]).collect();
    out.gt = keep.iter().map(|&i| d.gt[i].clone()).collect();
    out.pred = keep.iter().map(|&i| d.pred[i].clone()).collect();
    out
}

#[test]
fn replicates_equal_counting_the_resampled_rows() {
    let d = kitchen();
    let settings = CombinationSettings {
        min_support: 30,
        ..CombinationSettings::default()
    };
    let b = BootstrapSettings {
        replicates: 3,
        seed: 11,
    };
    let values = replicates(&d, &settings, &b, &mut |_, _| {}).unwrap();
    let ix = RowIndex::new(&d);
    let m = combinations(&d, &ix, &settings).unwrap();
    let singles: Vec<Vec<u32>> = (0..d.attributes.len() as u32).map(|a| vec![a]).collect();
    let n_test = ix.test_any.count() as usize;
    for (r, v) in values.replicates.iter().enumerate() {
        let w = resample_weights(n_test, b.seed, r);
        let resampled = materialise(&d, &w);
        let rix = RowIndex::new(&resampled);
        let expected = headline(
            &count(&resampled, &rix, &m),
            &count(&resampled, &rix, &singles),
        );
        assert_eq!(v.model, expected, "replicate {r}");
        // The perfect model: the resampled rows with predictions set to ground truth.
        let mut perfect = resampled.clone();
        perfect.pred = perfect.gt.clone();
        perfect.pred_group = perfect.group.clone();
        let pix = RowIndex::new(&perfect);
        let expected = headline(&count(&perfect, &pix, &m), &count(&perfect, &pix, &singles));
        assert_eq!(v.perfect, expected, "replicate {r}, perfect model");
    }
}

#[test]
fn unit_weights_give_the_point_estimates() {
    let d = kitchen();
    let settings = CombinationSettings {
        min_support: 30,
        ..CombinationSettings::default()
    };
    let a = analyze(&d, &settings).unwrap();
    let ix = RowIndex::new(&d);
    let m = combinations(&d, &ix, &settings).unwrap();
    let singles: Vec<Vec<u32>> = (0..d.attributes.len() as u32).map(|a| vec![a]).collect();
    let point = headline(&count(&d, &ix, &m), &count(&d, &ix, &singles));
    let m = &a.metrics;
    let reported = [
        m.multi_mals.mean,
        m.multi_mals.signed_mean,
        m.multi_mals.variance,
        m.multi_g_to_m.mean_abs,
        m.multi_g_to_m.variance,
        m.multi_g_to_m.signed,
        m.multi_m_to_g.mean_abs,
        m.multi_m_to_g.variance,
        m.multi_m_to_g.signed,
        m.biasamp_mals.value,
        m.biasamp_a_to_t.value,
        m.biasamp_t_to_a.value,
    ];
    assert_eq!(point, reported);
}

#[test]
fn same_seed_same_interval_other_seed_other_interval() {
    let d = kitchen();
    let settings = CombinationSettings {
        min_support: 30,
        ..CombinationSettings::default()
    };
    let b = BootstrapSettings {
        replicates: 50,
        seed: 0,
    };
    let one = bootstrap(&d, &settings, &b).unwrap();
    assert_eq!(one, bootstrap(&d, &settings, &b).unwrap());
    let other = bootstrap(&d, &settings, &BootstrapSettings { seed: 1, ..b }).unwrap();
    assert_ne!(one, other);
    let point = analyze(&d, &settings)
        .unwrap()
        .metrics
        .multi_mals
        .mean
        .unwrap();
    let [lo, hi] = one.interval(Quantity::MultiMalsMean).unwrap().ci95.unwrap();
    assert!(lo <= hi && lo > 0.0, "{lo} {hi} around {point}");
    assert_eq!(one.interval(Quantity::MultiMalsMean).unwrap().undefined, 0);
}

/// One simulated audit: 2,000 train rows where `x` is more common in group `a`
/// (60%) than in `b` (20%), and `n_test` test rows from the same population whose
/// prediction of `x` adds false positives in `a` (20% of rows without `x`) and drops
/// 10% of the true `x` in `b`. True BiasAmp→ A→T = ((0.4·0.2) − (−0.2·0.1)) / 2 = 0.05.
fn simulated(seed: u64, n_test: usize) -> Dataset {
    let mut rng = SeededRng::new(seed);
    let mut csv = String::from("split,group,attributes,pred_attributes\n");
    for i in 0..2000 + n_test {
        let split = if i < 2000 { "train" } else { "test" };
        let a = rng.chance(0.5);
        let x = rng.chance(if a { 0.6 } else { 0.2 });
        let predicted = if a {
            x || rng.chance(0.2)
        } else {
            x && !rng.chance(0.1)
        };
        let name = |has: bool| if has { "x" } else { "" };
        let group = if a { "a" } else { "b" };
        csv.push_str(&format!(
            "{split},{group},{},{}\n",
            name(x),
            name(predicted)
        ));
    }
    load_with_defaults("sim", "sim.csv", csv.as_bytes())
        .unwrap()
        .1
}

#[test]
fn intervals_cover_the_true_value_about_95_percent_of_the_time() {
    let truth = 0.05;
    let trials = 200;
    let settings = CombinationSettings {
        k_max: 1,
        ..CombinationSettings::default()
    };
    let mut covered = 0;
    for seed in 0..trials {
        let d = simulated(seed, 800);
        let b = BootstrapSettings {
            replicates: 400,
            seed,
        };
        let report = bootstrap(&d, &settings, &b).unwrap();
        let [lo, hi] = report
            .interval(Quantity::BiasAmpAToT)
            .unwrap()
            .ci95
            .unwrap();
        if lo <= truth && truth <= hi {
            covered += 1;
        }
    }
    let rate = f64::from(covered) / trials as f64;
    eprintln!("bootstrap coverage of the true BiasAmp→ A→T: {rate}");
    // Binomial sd at 200 trials is 0.015: 0.90..0.99 is more than 3 sd wide each way.
    assert!((0.90..=0.99).contains(&rate), "coverage {rate}");
}

/// A pool of workers each runs a share of the replicates: the shares cover
/// 0..B once, and any split gives the same replicates and the same intervals as
/// one run (in the same order, once the shares are put back in order).
#[test]
fn shares_give_the_same_replicates_as_one_run() {
    use biaslens_core::bootstrap::{shares, summarize, Resampler};
    for (b, parts) in [(1000, 2), (1000, 3), (7, 4), (3, 8), (1, 1), (5, 0)] {
        let all: Vec<usize> = shares(b, parts).into_iter().flatten().collect();
        assert_eq!(all, (0..b).collect::<Vec<_>>(), "B = {b}, {parts} parts");
        assert!(shares(b, parts).len() <= parts.max(1));
    }
    assert!(shares(0, 3).is_empty());
    let d = kitchen();
    let settings = CombinationSettings {
        min_support: 30,
        ..CombinationSettings::default()
    };
    let b = BootstrapSettings {
        replicates: 40,
        seed: 3,
    };
    let resampler = Resampler::new(&d, &settings).unwrap();
    let whole = resampler.run(&b, 0..40, &mut |_| {});
    let mut done = Vec::new();
    let split: Vec<_> = shares(40, 3)
        .into_iter()
        .map(|r| resampler.run(&b, r, &mut |k| done.push(k)))
        .collect();
    let replicates: Vec<_> = split.iter().flat_map(|s| s.replicates.clone()).collect();
    assert_eq!(whole.replicates, replicates);
    assert_eq!(
        done.last(),
        Some(&14),
        "the last share reports all its replicates done"
    );
    // The intervals do not depend on the order the shares come back in.
    let mut reversed = split.clone();
    reversed.reverse();
    let report = bootstrap(&d, &settings, &b).unwrap();
    assert_eq!(summarize(&b, resampler.not_available(), &reversed), report);
    assert_eq!(summarize(&b, resampler.not_available(), &[whole]), report);
}
