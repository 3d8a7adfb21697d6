//! Every claim of the demos' tours (`biaslens_core::lessons`, shown by the app's
//! tour) checked against the engine's numbers — the lab's with each dial swept —
//! at the demos' own settings and the app's default bootstrap (B = 1,000, seed
//! 0): a change to a generator, a demo's data or a metric that breaks a lesson
//! fails here. The real demos (`adult`, `words`) are read from `public/demos/`,
//! as the app fetches them.

// Test helpers outside #[test] functions: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use biaslens_core::bootstrap::{bootstrap, BootstrapReport, BootstrapSettings};
use biaslens_core::counts::RowIndex;
use biaslens_core::demo::{demo_csv, find};
use biaslens_core::lab::{lab_csv, LabSettings, LAB_PAIR};
use biaslens_core::lessons::{ADULT, BIRDS, KITCHEN, LAB, TOY, WORDS};
use biaslens_core::metrics::headline::Quantity;
use biaslens_core::ranking::{ranked, Rank};
use biaslens_core::spurious::{spurious, Target, TargetKind};
use biaslens_core::{analyze, load_with_defaults, Analysis, CombinationSettings, Dataset};

fn settings(demo: &str) -> CombinationSettings {
    CombinationSettings {
        min_support: find(demo).unwrap().min_support,
        ..CombinationSettings::default()
    }
}

fn lab(s: LabSettings) -> (Dataset, Analysis) {
    let (_, d) = load_with_defaults("lab", "lab.csv", lab_csv(&s).as_bytes()).unwrap();
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
    let (_, d) = load_with_defaults("kitchen", &file, csv.as_bytes()).unwrap();
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
fn kitchen_step_3_the_strongest_combination_cells_hold_a_planted_pair() {
    use biaslens_core::cooccurrence::{group_table, rows_for, Split};
    use biaslens_core::counts::count;
    says(
        KITCHEN[2].text,
        "the strongest cells all hold {sink, laundry} or {computer, keyboard}",
    );
    let (d, a) = kitchen();
    let ix = RowIndex::new(&d);
    // What the view counts: combinations up to k_max at the demo's support.
    let rows = rows_for(&d, &ix, a.settings.k_max, settings("kitchen").min_support).unwrap();
    let mut table = group_table(&count(&d, &ix, &rows), Split::Train);
    table.sort_by(|x, y| {
        let v = |r: &biaslens_core::cooccurrence::GroupRow| r.stats.npmi.unwrap_or(0.0).abs();
        v(y).total_cmp(&v(x))
    });
    for r in &table[..12] {
        assert!(
            holds_pair(&r.attributes, ["laundry", "sink"])
                || holds_pair(&r.attributes, ["computer", "keyboard"]),
            "{:?}",
            r.attributes
        );
    }
}

#[test]
fn kitchen_step_4_laundry_comes_first_for_sink() {
    assert!(KITCHEN[3].text.contains("laundry, comes first"));
    let (d, _) = kitchen();
    let ix = RowIndex::new(&d);
    let target = Target {
        kind: TargetKind::Attribute,
        name: "sink".into(),
    };
    let report = spurious(&d, &ix, &target);
    assert_eq!(report.candidates[0].attribute, "laundry");
}

/// A real demo's file from `public/demos/`, decompressed.
fn public(path: &str) -> Vec<u8> {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../public/demos")
        .join(path);
    let bytes = std::fs::read(&full).unwrap();
    biaslens_core::table::gunzip(path, &bytes, 1 << 28).unwrap()
}

fn real(demo: &str, csv: &str) -> Dataset {
    let bytes = public(csv);
    let file = csv.trim_end_matches(".gz");
    let (_, d) = load_with_defaults(demo, file, &bytes).unwrap();
    d
}

/// `part / whole` as a whole percentage, the way the tours write it.
fn percent(part: u64, whole: u64) -> u64 {
    (100.0 * part as f64 / whole as f64).round() as u64
}

fn says(text: &str, claim: &str) {
    assert!(text.contains(claim), "the tour no longer says {claim:?}");
}

fn cell<'a>(
    a: &'a Analysis,
    combination: &[&str],
    group: &str,
) -> &'a biaslens_core::metrics::amplification::Cell {
    a.cells
        .iter()
        .find(|c| c.combination == combination && c.group == group)
        .unwrap()
}

#[test]
fn adult_step_1_the_records_and_the_sex_model() {
    let d = real("adult", "adult/adult.csv.gz");
    says(ADULT[0].text, "48,842 census records grouped by sex, with the original split: 32,561 train and 16,281 test");
    let s = d.summary();
    assert_eq!(s.rows, 48_842);
    assert_eq!((s.splits["train"], s.splits["test"]), (32_561, 16_281));
    assert_eq!(d.groups, ["female", "male"]);
    says(ADULT[0].text, "which gets 84% of the test records right");
    let test: Vec<usize> = (0..d.len())
        .filter(|&i| d.split_names[d.split[i] as usize] == "test")
        .collect();
    let right = test
        .iter()
        .filter(|&&i| d.pred_group[i] == d.group[i])
        .count();
    assert_eq!(percent(right as u64, test.len() as u64), 84);
}

#[test]
fn adult_step_2_the_model_calls_more_high_earners_men_than_the_data_has() {
    let d = real("adult", "adult/adult.csv.gz");
    let a = analyze(&d, &settings("adult")).unwrap();
    says(
        ADULT[1].text,
        "in the training data 85% of the high earners are men",
    );
    let c = cell(&a, &["income >50K"], "male");
    assert_eq!(percent(c.n_train, c.n_train_combination), 85);
    says(
        ADULT[1].text,
        "it calls 86% men, so the model leans a little further than the data",
    );
    assert_eq!(percent(c.n_pred, c.n_pred_combination), 86);
    assert!(c.delta.unwrap() > 0.0);
    says(
        ADULT[1].text,
        "every combination of up to three fields by what the model adds",
    );
    assert_eq!(a.settings.k_max, 3);
    assert_eq!(Rank::default(), Rank::Added);
}

#[test]
fn adult_step_3_husband_and_wife_stand_in_for_sex() {
    use biaslens_core::cooccurrence::{group_table, rows_for, Split};
    use biaslens_core::counts::count;
    let d = real("adult", "adult/adult.csv.gz");
    let ix = RowIndex::new(&d);
    let table = group_table(
        &count(&d, &ix, &rows_for(&d, &ix, 1, 1).unwrap()),
        Split::Train,
    );
    says(
        ADULT[2].text,
        "\"husband\" goes with sex more strongly than any other field",
    );
    let strongest = table
        .iter()
        .max_by(|x, y| {
            x.stats
                .phi
                .unwrap_or(0.0)
                .abs()
                .total_cmp(&y.stats.phi.unwrap_or(0.0).abs())
        })
        .unwrap();
    assert_eq!(strongest.attributes, ["husband"]);
    says(
        ADULT[2].text,
        "1 of the 13,193 husbands is recorded as female and 2 of the 1,568 wives as male",
    );
    let n = |attribute: &str, group: &str| {
        let r = table
            .iter()
            .find(|r| r.attributes == [attribute] && r.group == group)
            .unwrap();
        (r.stats.n11, r.stats.n11 + r.stats.n10)
    };
    assert_eq!(n("husband", "female"), (1, 13_193));
    assert_eq!(n("wife", "male"), (2, 1_568));
}

#[test]
fn adult_step_4_the_income_model_leans_on_marriage() {
    let d = real("adult", "adult/adult.csv.gz");
    let ix = RowIndex::new(&d);
    let target = Target {
        kind: TargetKind::Attribute,
        name: "income >50K".into(),
    };
    let report = spurious(&d, &ix, &target);
    says(ADULT[3].text, "\"married\" comes first: the model finds 33 points more of the married high earners than of the others");
    let first = &report.candidates[0];
    assert_eq!(first.attribute, "married");
    assert_eq!((100.0 * first.tpr_gap.unwrap()).round(), 33.0);
}

fn words() -> (Dataset, biaslens_core::embeddings::EmbeddingReport) {
    use biaslens_core::embeddings::{analyze_embeddings, Embeddings};
    let d = real("words", "words/words.csv.gz");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../public/demos/words/words.npy.gz");
    let e = Embeddings::load("words.npy.gz", &std::fs::read(path).unwrap()).unwrap();
    e.check_aligned("words.npy.gz", d.len()).unwrap();
    let report = analyze_embeddings(&d, &e, 0, &mut |_| {});
    (d, report)
}

#[test]
fn words_steps_the_gendered_words_and_the_direction_between_them() {
    let (d, report) = words();
    says(WORDS[0].text, "The 96 gendered words (she/he, woman/man, …) are coloured by their gender, 48 female and 48 male; the 314 profession words have no group");
    let s = d.summary();
    assert_eq!((s.groups["female"], s.groups["male"]), (48, 48));
    assert_eq!(s.rows_without_group, 314);
    let group_of = |word: &str| {
        let i = d.ids.iter().position(|w| w == word).unwrap();
        d.group[i].map(|g| d.groups[g as usize].as_str())
    };
    for (word, group) in [
        ("she", Some("female")),
        ("woman", Some("female")),
        ("he", Some("male")),
        ("man", Some("male")),
        ("nurse", None),
        ("carpenter", None),
    ] {
        assert_eq!(group_of(word), group, "{word}");
    }
    says(WORDS[1].text, "a linear model tells the female words from the male words from their vectors alone, more than nine times in ten");
    let leakage = report.leakage.as_ref().unwrap();
    assert!(leakage.accuracy > 0.9, "{}", leakage.accuracy);
    says(WORDS[1].text, "among the professions nearest the female end of the direction are \"nurse\" and \"homemaker\", among those nearest the male end \"carpenter\" and \"architect\"");
    let axis = report.axis.as_ref().unwrap();
    assert_eq!(axis.ends, ["female", "male"]);
    assert!(axis.ungrouped_only);
    let listed = |rows: &[biaslens_core::embeddings::axis::AxisRow], word: &str| {
        rows.iter().any(|r| r.id == word)
    };
    for word in ["nurse", "homemaker"] {
        assert!(listed(&axis.toward_first, word), "{word}");
    }
    for word in ["carpenter", "architect"] {
        assert!(listed(&axis.toward_second, word), "{word}");
    }
}

#[test]
fn toy_steps_sixteen_rows_and_one_cell_by_hand() {
    let (_, d) =
        load_with_defaults("toy", "toy.csv", biaslens_core::demo::TOY_CSV.as_bytes()).unwrap();
    says(TOY[0].text, "three attributes, two groups, eight train and eight test rows. Open the rows view to see all sixteen");
    let s = d.summary();
    assert_eq!((s.n_attributes, s.groups.len(), s.rows), (3, 2, 16));
    assert_eq!((s.splits["train"], s.splits["test"]), (8, 8));
    says(TOY[1].text, "2 of the 3 training rows with both are men, and all 4 test rows the model predicts with both it calls men, so Δ = 4/4 − 2/3 = 1/3");
    let a = analyze(&d, &settings("toy")).unwrap();
    let c = cell(&a, &["a0", "a1"], "man");
    assert_eq!((c.n_train, c.n_train_combination), (2, 3));
    assert_eq!((c.n_pred, c.n_pred_combination), (4, 4));
    assert!((c.delta.unwrap() - 1.0 / 3.0).abs() < 1e-12);
}

/// The birds demo's probe of the group (the bird), as the app runs it: the
/// default refits and seed 0.
fn birds_probe() -> (Dataset, biaslens_core::probe::sap::ProbeReport) {
    use biaslens_core::probe::sap::{ProbeSettings, ProbeTarget, DEFAULT_REFITS};
    let settings = ProbeSettings {
        target: ProbeTarget::Group,
        refits: DEFAULT_REFITS,
        seed: 0,
    };
    biaslens_core::demo::demo_probe("birds", &settings).unwrap()
}

#[test]
fn birds_step_1_the_background_goes_with_the_bird_in_training_only() {
    says(BIRDS[0].text, "In training, 95% of the water birds are photographed on water and 95% of the land birds on land; in test, about half of each are.");
    let (csv, file) = demo_csv("birds").unwrap();
    let (_, d) = load_with_defaults("birds", &file, csv.as_bytes()).unwrap();
    let a = |name: &str| d.attributes.iter().position(|x| x == name).unwrap() as u32;
    for (bird, background) in [("waterbird", a("water")), ("landbird", a("land"))] {
        let g = d.groups.iter().position(|x| x == bird).unwrap() as u32;
        for (train, low, high) in [(true, 93, 97), (false, 45, 55)] {
            let rows: Vec<usize> = (0..d.len())
                .filter(|&i| d.group[i] == Some(g) && d.role[i].is_train() == train)
                .collect();
            let on = rows
                .iter()
                .filter(|&&i| d.gt[i].contains(&background))
                .count();
            let p = percent(on as u64, rows.len() as u64);
            assert!((low..=high).contains(&p), "{bird}, train {train}: {p}%");
        }
    }
}

#[test]
fn birds_step_2_the_backgrounds_outweigh_the_birds_own_concepts() {
    says(BIRDS[1].text, "For land birds, \"land\" weighs more than their own talons and perching; for water birds, \"water\" weighs more than their long neck.");
    says(BIRDS[1].text, "flagged in at least 90% of the refits");
    let (_, r) = birds_probe();
    let t = |bird: &str| r.targets.iter().find(|t| t.target == bird).unwrap();
    let (land, water) = (t("landbird"), t("waterbird"));
    assert!(land.weights["land"] > land.weights["talons"]);
    assert!(land.weights["land"] > land.weights["perching"]);
    assert!(water.weights["water"] > water.weights["long neck"]);
    for (t, background) in [(land, "land"), (water, "water")] {
        let s = t.spurious.iter().find(|s| s.concept == background).unwrap();
        assert!(s.stability.unwrap() >= 0.9, "{s:?}");
    }
}

#[test]
fn birds_step_3_off_their_background_the_model_is_mostly_wrong() {
    says(BIRDS[2].text, "right on more than 90% of the test birds photographed on their training background, and on fewer than one in ten of those photographed on the other one");
    let (_, r) = birds_probe();
    for t in &r.targets {
        let cg = t.counter_group.as_ref().unwrap();
        assert!(cg.high.accuracy.unwrap() > 0.9, "{}: {cg:?}", t.target);
        assert!(cg.low.accuracy.unwrap() < 0.1, "{}: {cg:?}", t.target);
    }
}
