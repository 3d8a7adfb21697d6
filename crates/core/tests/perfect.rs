//! The perfect-model floor of issue 4: what the MALS-type metrics give when every
//! prediction equals the ground truth, and the paired interval of what the model
//! adds over it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use biaslens_core::bootstrap::{bootstrap, BootstrapSettings};
use biaslens_core::metrics::headline::Quantity;
use biaslens_core::rng::SeededRng;
use biaslens_core::{analyze, load_with_defaults, CombinationSettings, Dataset};

fn dataset(csv: &str) -> Dataset {
    load_with_defaults("t", "t.csv", csv.as_bytes()).unwrap().1
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

const TOY: &str = include_str!("../../../data/toy/toy.csv");

#[test]
fn toy_by_hand() {
    // The toy's test ground truth has the train split's bias scores in every
    // unmasked cell (a0/man 3/4, a2/woman 3/4, {a0,a1}/man 2/3, {a1,a2}/woman 1):
    // a perfect model scores 0, and the model adds its whole Multi_MALS, 1/6.
    let a = analyze(&dataset(TOY), &CombinationSettings::default()).unwrap();
    let p = &a.perfect_model;
    assert_eq!(p.multi_mals.mean, Some(0.0));
    assert_eq!(p.multi_mals.signed_mean, Some(0.0));
    assert_eq!(p.multi_mals.variance, Some(0.0));
    assert_eq!(p.biasamp_mals.value, Some(0.0));
    assert!(close(
        a.model_minus_perfect(Quantity::MultiMalsMean).unwrap(),
        1.0 / 6.0
    ));
    assert!(close(
        a.model_minus_perfect(Quantity::BiasAmpMals).unwrap(),
        1.0 / 6.0
    ));
    // Directional metrics: 0 by construction.
    assert_eq!(a.perfect_value(Quantity::GToMMeanAbs), Some(0.0));
    assert!(a.cells.iter().all(|c| c.delta_perfect == Some(0.0)));
}

#[test]
fn a_split_that_moves_the_bias_by_hand() {
    // Train: x in 3 man rows and 1 woman row (man 3/4, unmasked; woman masked).
    // Test: x in 1 man and 1 woman row: bias_test(man) = 1/2, so the perfect model's
    // Δ(man) = 1/2 − 3/4 = −1/4 and Δ(woman) = 0 (masked); |M| = 1:
    // mean 1/4, signed mean −1/4, variance of {−1/4, 0} = 1/64.
    let csv = "split,group,attributes,pred_attributes\n\
        train,man,x,x\ntrain,man,x,x\ntrain,man,x,x\ntrain,woman,x,x\n\
        train,man,,\ntrain,woman,,\ntrain,woman,,\ntrain,woman,,\n\
        test,man,x,x\ntest,woman,x,\ntest,man,,\ntest,woman,,\n";
    let settings = CombinationSettings {
        k_max: 1,
        ..CombinationSettings::default()
    };
    let a = analyze(&dataset(csv), &settings).unwrap();
    let p = &a.perfect_model.multi_mals;
    assert!(close(p.mean.unwrap(), 0.25));
    assert!(close(p.signed_mean.unwrap(), -0.25));
    assert!(close(p.variance.unwrap(), 1.0 / 64.0));
    // BiasAmp_MALS over the one attribute: the same signed mean.
    assert!(close(a.perfect_model.biasamp_mals.value.unwrap(), -0.25));
    // The model predicts x only on the man row: bias_pred(man) = 1, Δ = 1/4;
    // it adds 1/4 − (−1/4) = 1/2 to the signed mean.
    assert!(close(a.metrics.multi_mals.signed_mean.unwrap(), 0.25));
    assert!(close(
        a.model_minus_perfect(Quantity::MultiMalsSignedMean)
            .unwrap(),
        0.5
    ));
    let man = a.cells.iter().find(|c| c.group == "man").unwrap();
    assert!(close(man.delta_perfect.unwrap(), -0.25));
}

#[test]
fn a_test_split_copied_from_train_has_a_zero_floor() {
    let mut rng = SeededRng::new(9);
    let mut train = String::new();
    for _ in 0..300 {
        let g = if rng.chance(0.5) { "a" } else { "b" };
        let attrs: Vec<&str> = ["x", "y", "z"]
            .into_iter()
            .filter(|_| rng.chance(0.4))
            .collect();
        let pred: Vec<&str> = ["x", "y", "z"]
            .into_iter()
            .filter(|_| rng.chance(0.4))
            .collect();
        train.push_str(&format!("{g},{},{}\n", attrs.join("|"), pred.join("|")));
    }
    let mut csv = String::from("split,group,attributes,pred_attributes\n");
    for split in ["train", "test"] {
        for line in train.lines() {
            csv.push_str(&format!("{split},{line}\n"));
        }
    }
    let a = analyze(&dataset(&csv), &CombinationSettings::default()).unwrap();
    assert_eq!(a.perfect_model.multi_mals.mean, Some(0.0));
    assert_eq!(a.perfect_model.biasamp_mals.value, Some(0.0));
    assert!(a.metrics.multi_mals.mean.unwrap() > 0.0);
}

#[test]
fn predictions_equal_to_ground_truth_add_exactly_nothing() {
    let csv = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/toy/toy.csv"
    ))
    .unwrap();
    // Replace the predictions with the ground truth, row by row.
    let mut perfect = String::from("id,split,group,pred_group,attributes,pred_attributes\n");
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        perfect.push_str(&format!(
            "{},{},{},{},{},{}\n",
            f[0], f[1], f[2], f[2], f[4], f[4]
        ));
    }
    let d = dataset(&perfect);
    let a = analyze(&d, &CombinationSettings::default()).unwrap();
    let b = bootstrap(
        &d,
        &CombinationSettings::default(),
        &BootstrapSettings {
            replicates: 200,
            seed: 1,
        },
    )
    .unwrap();
    for q in Quantity::FLOORED {
        assert_eq!(a.model_minus_perfect(q), Some(0.0), "{q:?}");
        assert_eq!(b.difference(q).unwrap().ci95, Some([0.0, 0.0]), "{q:?}");
    }
}

/// Train: `x` in 60% of group a, 20% of b (a leans to x). Test from the same
/// population; the model adds false positives of `x` in group a (20% of rows
/// without x), and predicts groups and other rows perfectly. BiasAmp_MALS of a
/// perfect model tends to 0 (its test bias is the population's, 3/4), the model's to
/// b_pred(x, a) − 3/4 with b_pred = 0.68 / 0.88: the model adds 0.68/0.88 − 3/4.
fn simulated(seed: u64, n_test: usize) -> Dataset {
    let mut rng = SeededRng::new(seed);
    let mut csv = String::from("split,group,pred_group,attributes,pred_attributes\n");
    for i in 0..4000 + n_test {
        let split = if i < 4000 { "train" } else { "test" };
        let a = rng.chance(0.5);
        let x = rng.chance(if a { 0.6 } else { 0.2 });
        let predicted = x || (a && rng.chance(0.2));
        let g = if a { "a" } else { "b" };
        let name = |has: bool| if has { "x" } else { "" };
        csv.push_str(&format!(
            "{split},{g},{g},{},{}\n",
            name(x),
            name(predicted)
        ));
    }
    dataset(&csv)
}

#[test]
fn the_paired_interval_covers_the_models_own_effect_about_95_percent_of_the_time() {
    let truth = 0.68 / 0.88 - 0.75;
    let trials = 200;
    let settings = CombinationSettings {
        k_max: 1,
        ..CombinationSettings::default()
    };
    let mut covered = 0;
    for seed in 0..trials {
        let d = simulated(seed, 1000);
        let b = BootstrapSettings {
            replicates: 400,
            seed,
        };
        let report = bootstrap(&d, &settings, &b).unwrap();
        let [lo, hi] = report
            .difference(Quantity::BiasAmpMals)
            .unwrap()
            .ci95
            .unwrap();
        if lo <= truth && truth <= hi {
            covered += 1;
        }
    }
    let rate = f64::from(covered) / trials as f64;
    eprintln!("paired interval coverage of the model's own BiasAmp_MALS: {rate}");
    assert!((0.90..=0.99).contains(&rate), "coverage {rate}");
}
