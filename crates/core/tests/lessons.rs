//! Every claim of the `lab` and `kitchen` tours (`biaslens_core::lessons`, shown by
//! the app's tour) checked against the engine's numbers, each dial swept, at the
//! demos' own settings and the app's default bootstrap (B = 1,000, seed 0): a
//! change to a generator or a metric that breaks a lesson fails here.

// Test helpers outside #[test] functions: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use biaslens_core::bootstrap::{bootstrap, BootstrapReport, BootstrapSettings};
use biaslens_core::counts::RowIndex;
use biaslens_core::demo::{demo_csv, find};
use biaslens_core::lab::{lab_csv, LabSettings, LAB_PAIR};
use biaslens_core::lessons::{KITCHEN, LAB};
use biaslens_core::metrics::headline::Quantity;
use biaslens_core::ranking::{ranked, Rank};
use biaslens_core::spurious::{spurious, Target, TargetKind};
use biaslens_core::{analyze, load, Analysis, CombinationSettings, Dataset};

fn settings(demo: &str) -> CombinationSettings {
    CombinationSettings {
        min_support: find(demo).unwrap().min_support,
        ..CombinationSettings::default()
    }
}

fn lab(s: LabSettings) -> (Dataset, Analysis) {
    let (_, d) = load(
        "lab",
        "lab.csv",
        lab_csv(&s).as_bytes(),
        &biaslens_core::ColumnChoice::none(),
        0.5,
    )
    .unwrap();
    let a = analyze(&d, &settings("lab")).unwrap();
    (d, a)
}

fn intervals(d: &Dataset, demo: &str) -> BootstrapReport {
    bootstrap(d, &settings(demo), &BootstrapSettings::default()).unwrap()
}

fn value(a: &Analysis, q: Quantity) -> f64 {
    a.value(q).unwrap()
}

fn holds_pair(combination: &[String], pair: [&str; 2]) -> bool {
    pair.iter().all(|p| combination.iter().any(|c| c == p))
}

const AMPLIFICATIONS: [f64; 5] = [0.0, 0.25, 0.5, 0.75, 1.0];

#[test]
fn lab_step_1_no_amplification_adds_nothing() {
    assert!(LAB[0]
        .text
        .contains("Multi_MALS equals what a perfect model scores"));
    for pair_bias in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let (_, a) = lab(LabSettings {
            pair_bias,
            amplification: 0.0,
            ..LabSettings::default()
        });
        let (mm, floor) = (
            value(&a, Quantity::MultiMalsMean),
            a.perfect_value(Quantity::MultiMalsMean).unwrap(),
        );
        assert!(
            (mm - floor).abs() < 1e-12,
            "pair bias {pair_bias}: {mm} vs {floor}"
        );
        let adds = a.model_minus_perfect(Quantity::MultiMalsMean).unwrap();
        assert!(adds.abs() < 1e-12, "{adds}");
    }
}

#[test]
fn lab_step_2_multi_mals_climbs_while_biasamp_barely_moves() {
    assert!(LAB[1].text.contains("Multi_MALS climbs with it"));
    for pair_bias in [0.5, 0.75, 1.0] {
        let runs: Vec<(Dataset, Analysis)> = AMPLIFICATIONS
            .iter()
            .map(|&amplification| {
                lab(LabSettings {
                    pair_bias,
                    amplification,
                    ..LabSettings::default()
                })
            })
            .collect();
        let mm: Vec<f64> = runs
            .iter()
            .map(|r| value(&r.1, Quantity::MultiMalsMean))
            .collect();
        assert!(
            mm.windows(2).all(|w| w[1] > w[0]),
            "Multi_MALS climbs at pair bias {pair_bias}: {mm:?}"
        );
        // At full amplification, what the model adds is told apart from 0.
        let (d, _) = runs.last().unwrap();
        let full = intervals(d, "lab");
        let [lo, _] = full
            .difference(Quantity::MultiMalsMean)
            .unwrap()
            .ci95
            .unwrap();
        assert!(lo > 0.0, "pair bias {pair_bias}: adds interval from {lo}");
        // BiasAmp_MALS barely moves: less than a quarter of Multi_MALS's climb,
        // and within its own interval at amplification 0.
        let ba: Vec<f64> = runs
            .iter()
            .map(|r| value(&r.1, Quantity::BiasAmpMals))
            .collect();
        let moved = ba.iter().map(|b| (b - ba[0]).abs()).fold(0.0, f64::max);
        let climb = mm[4] - mm[0];
        assert!(
            moved < climb / 4.0,
            "BiasAmp_MALS {ba:?} vs Multi_MALS {mm:?}"
        );
        let calm = intervals(&runs[0].0, "lab");
        let [blo, bhi] = calm.interval(Quantity::BiasAmpMals).unwrap().ci95.unwrap();
        assert!(
            ba.iter().all(|b| (blo..=bhi).contains(b)),
            "BiasAmp_MALS {ba:?} within [{blo}, {bhi}]"
        );
    }
}

#[test]
fn lab_step_3_the_top_bars_are_the_pair_and_fall_without_a_lean() {
    assert!(LAB[2].text.contains("The top bars are the pair"));
    // At the lab's defaults (and above), the top bars are the four combinations
    // holding the pair, with women, each distinguishable from a perfect model.
    for amplification in [0.5, 0.75, 1.0] {
        let (d, a) = lab(LabSettings {
            amplification,
            ..LabSettings::default()
        });
        let report = intervals(&d, "lab");
        let order = ranked(&a.cells, Rank::default());
        for &i in &order[..4] {
            let c = &a.cells[i];
            assert!(holds_pair(&c.combination, LAB_PAIR), "{:?}", c.combination);
            assert_eq!(c.group, "woman");
            let q = report.cells[i].q.unwrap();
            assert!(
                q < 0.05 && report.cells[i].distinguishable(),
                "{:?}: q {q}",
                c.combination
            );
        }
    }
    // "every bar falls to 0" without a lean in the data.
    for amplification in AMPLIFICATIONS {
        let (_, a) = lab(LabSettings {
            pair_bias: 0.0,
            amplification,
            ..LabSettings::default()
        });
        assert!(a
            .cells
            .iter()
            .all(|c| c.added.is_none_or(|x| x.abs() < 1e-12)));
    }
    // "its bar shrinks" as the noise rises.
    let pair_added = |noise: f64| {
        let (_, a) = lab(LabSettings {
            noise,
            ..LabSettings::default()
        });
        a.cells
            .iter()
            .find(|c| c.combination == LAB_PAIR && c.group == "woman")
            .and_then(|c| c.added)
            .unwrap()
    };
    let bars: Vec<f64> = [0.0, 0.1, 0.2, 0.3].into_iter().map(pair_added).collect();
    assert!(bars.windows(2).all(|w| w[1] < w[0]), "{bars:?}");
}

fn kitchen() -> (Dataset, Analysis) {
    let (csv, file) = demo_csv("kitchen").unwrap();
    let (_, d) = load(
        "kitchen",
        &file,
        csv.as_bytes(),
        &biaslens_core::ColumnChoice::none(),
        0.5,
    )
    .unwrap();
    let a = analyze(&d, &settings("kitchen")).unwrap();
    (d, a)
}

#[test]
fn kitchen_step_1_each_object_alone_is_balanced_the_pairs_lean() {
    assert!(KITCHEN[0]
        .text
        .contains("each appear about as often with men as with women"));
    let (d, a) = kitchen();
    let group = |name: &str| d.groups.iter().position(|g| g == name).unwrap() as u32;
    let rate = |attribute: &[&str], g: u32| {
        let ids: Vec<u32> = attribute
            .iter()
            .map(|n| d.attributes.iter().position(|a| a == n).unwrap() as u32)
            .collect();
        let rows: Vec<usize> = (0..d.len()).filter(|&i| d.group[i] == Some(g)).collect();
        let with = rows
            .iter()
            .filter(|&&i| ids.iter().all(|x| d.gt[i].contains(x)));
        with.count() as f64 / rows.len() as f64
    };
    let (man, woman) = (group("man"), group("woman"));
    for object in ["sink", "laundry", "computer", "keyboard"] {
        let (m, w) = (rate(&[object], man), rate(&[object], woman));
        assert!((m - w).abs() < 0.03, "{object}: {m} vs {w}");
    }
    assert!(rate(&["laundry", "sink"], woman) > 2.0 * rate(&["laundry", "sink"], man));
    assert!(rate(&["computer", "keyboard"], man) > 2.0 * rate(&["computer", "keyboard"], woman));
    // Multi_MALS sees more than BiasAmp_MALS: it is larger, and what the model adds
    // to it is told apart from 0.
    let report = intervals(&d, "kitchen");
    let [lo, _] = report
        .difference(Quantity::MultiMalsMean)
        .unwrap()
        .ci95
        .unwrap();
    assert!(lo > 0.0);
    assert!(value(&a, Quantity::MultiMalsMean) > value(&a, Quantity::BiasAmpMals).abs());
}

#[test]
fn kitchen_step_2_the_top_bars_hold_a_planted_pair() {
    assert!(KITCHEN[1]
        .text
        .contains("the top bars all hold a planted pair"));
    let (d, a) = kitchen();
    let order = ranked(&a.cells, Rank::default());
    for &i in &order[..8] {
        let c = &a.cells[i].combination;
        assert!(
            holds_pair(c, ["laundry", "sink"]) || holds_pair(c, ["computer", "keyboard"]),
            "{c:?}"
        );
    }
    // The selected cell, {laundry, sink} with women, is told apart from 0.
    let report = intervals(&d, "kitchen");
    let k = a
        .cells
        .iter()
        .position(|c| c.combination == ["laundry", "sink"] && c.group == "woman")
        .unwrap();
    assert!(report.cells[k].distinguishable() && report.cells[k].q.unwrap() < 0.05);
}

#[test]
fn kitchen_step_4_laundry_comes_first_for_sink() {
    assert!(KITCHEN[2].text.contains("laundry, comes first"));
    let (d, _) = kitchen();
    let ix = RowIndex::new(&d);
    let target = Target {
        kind: TargetKind::Attribute,
        name: "sink".into(),
    };
    let report = spurious(&d, &ix, &target);
    assert_eq!(report.candidates[0].attribute, "laundry");
}
