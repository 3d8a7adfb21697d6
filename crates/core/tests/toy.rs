//! The hand-checked toy data set: every headline value of `expected.json` to 1e-12.

// Test helpers outside #[test] functions: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use biaslens_core::demo::TOY_CSV;
use biaslens_core::{analyze, load_with_defaults, Analysis, CombinationSettings, Dataset, Mode};
use serde_json::Value;

fn toy_dataset() -> Dataset {
    let (_, d) = load_with_defaults("toy", "toy.csv", TOY_CSV.as_bytes()).unwrap();
    d
}

fn toy(settings: CombinationSettings) -> Analysis {
    analyze(&toy_dataset(), &settings).unwrap()
}

fn expected() -> Value {
    serde_json::from_str(include_str!("../../../data/toy/expected.json")).unwrap()
}

fn check(case: &str, settings: CombinationSettings) {
    let got = serde_json::to_value(toy(settings).metrics).unwrap();
    let want = &expected()[case];
    let mut checked = 0;
    for (metric, fields) in want.as_object().unwrap() {
        for (field, value) in fields.as_object().unwrap() {
            let g = got[metric][field]
                .as_f64()
                .unwrap_or_else(|| panic!("{case}: {metric}.{field} missing"));
            let w = value.as_f64().unwrap();
            assert!(
                (g - w).abs() < 1e-12,
                "{case}: {metric}.{field} = {g}, expected {w}"
            );
            checked += 1;
        }
    }
    assert!(checked == 14, "{case}: only {checked} values checked");
}

#[test]
fn subsets_k1_to_3() {
    check("subsets k=1..3 s=1", CombinationSettings::default());
}

#[test]
fn label_sets() {
    check(
        "label_sets k_min=1 s=1",
        CombinationSettings {
            mode: Mode::LabelSets,
            ..Default::default()
        },
    );
}

#[test]
fn subsets_k1_only() {
    check(
        "subsets k=1..1 s=1",
        CombinationSettings {
            k_max: 1,
            ..Default::default()
        },
    );
}

#[test]
fn combination_sets_match_the_readme() {
    let a = toy(CombinationSettings::default());
    let m: Vec<Vec<String>> = a
        .cells
        .iter()
        .step_by(2)
        .map(|c| c.combination.clone())
        .collect();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        m,
        vec![
            s(&["a0"]),
            s(&["a1"]),
            s(&["a2"]),
            s(&["a0", "a1"]),
            s(&["a1", "a2"])
        ]
    );
    assert_eq!(
        a.metrics.multi_mals.never_predicted_combinations,
        vec![s(&["a1", "a2"])]
    );
    let l = toy(CombinationSettings {
        mode: Mode::LabelSets,
        ..Default::default()
    });
    let mut m: Vec<Vec<String>> = l
        .cells
        .iter()
        .step_by(2)
        .map(|c| c.combination.clone())
        .collect();
    m.sort();
    assert_eq!(
        m,
        vec![s(&["a0"]), s(&["a0", "a1"]), s(&["a1", "a2"]), s(&["a2"])]
    );
}

#[test]
fn exact_fractions_of_the_readme() {
    let a = toy(CombinationSettings::default()).metrics;
    let close = |x: Option<f64>, y: f64| assert!((x.unwrap() - y).abs() < 1e-15, "{x:?} vs {y}");
    close(a.multi_mals.variance, 103.0 / 5832.0);
    close(a.multi_m_to_g.variance, 43.0 / 720.0);
    close(a.multi_m_to_g.mean_abs, 13.0 / 60.0);
}

#[test]
fn progress_names_each_step() {
    let d = toy_dataset();
    let mut stages = Vec::new();
    let with = biaslens_core::analysis::analyze_with_progress(
        &d,
        &CombinationSettings::default(),
        &mut |p| stages.push((p.stage, p.done, p.total)),
    )
    .unwrap();
    assert_eq!(
        stages,
        vec![
            ("finding and counting combinations".to_owned(), 0, 0),
            ("counting single attributes".to_owned(), 0, 0),
        ]
    );
    assert_eq!(with, analyze(&d, &CombinationSettings::default()).unwrap());
}
