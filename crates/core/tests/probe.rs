//! The probe against scikit-learn (`docs/spec/metrics.md` section 10): the
//! weights of the standardised scores of `data/probe/scores.csv` equal
//! `LogisticRegression(C=1.0)`'s, pinned from `python data/probe/make.py`
//! (scikit-learn 1.9.1): `LogisticRegression(C=1.0, tol=1e-12,
//! max_iter=100000).fit(StandardScaler().fit_transform(X), y)`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use biaslens_core::probe::logistic::{fit, Problem};
use biaslens_core::probe::Standardiser;

/// scikit-learn's `coef_` and `intercept_` for `class3`.
const COEF3: [[f64; 6]; 3] = [
    [
        1.144281667363,
        -0.110632378243,
        -0.240354037735,
        -0.188393786401,
        0.0,
        -0.008777664678,
    ],
    [
        -0.781656954275,
        0.664176070372,
        0.271814132792,
        0.192251967059,
        0.0,
        -0.057879672437,
    ],
    [
        -0.362624713087,
        -0.553543692129,
        -0.031460095057,
        -0.003858180658,
        0.0,
        0.066657337115,
    ],
];
const INTERCEPT3: [f64; 3] = [0.082396432295, -0.048026475768, -0.034369956527];
/// scikit-learn's `coef_[0]` and `intercept_[0]` for `class2` (the weights of class 1).
const COEF2: [f64; 6] = [
    1.632666595301,
    -0.157769786215,
    -0.304024622435,
    -0.275454404344,
    0.0,
    -0.026038571874,
];
const INTERCEPT2: f64 = -0.732293477592;

/// The six scores and the two targets of every row.
fn reference() -> (Vec<f64>, Vec<u32>, Vec<u32>) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/probe/scores.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    let (mut x, mut class3, mut class2) = (Vec::new(), Vec::new(), Vec::new());
    for record in reader.records() {
        let record = record.unwrap();
        for j in 0..6 {
            x.push(record[j].parse::<f64>().unwrap());
        }
        class3.push(record[6].parse().unwrap());
        class2.push(record[7].parse().unwrap());
    }
    (x, class3, class2)
}

fn standardised(x: &[f64]) -> Vec<f64> {
    let rows: Vec<usize> = (0..x.len() / 6).collect();
    Standardiser::fit(x, 6, &rows, None).transform(x, &rows)
}

#[test]
fn multinomial_weights_equal_scikit_learns() {
    let (x, y, _) = reference();
    let z = standardised(&x);
    let f = fit(
        &Problem {
            z: &z,
            dim: 6,
            y: &y,
            classes: 3,
            weights: None,
        },
        None,
    );
    assert!(f.converged, "{f:?}");
    for c in 0..3 {
        for (a, &theirs) in COEF3[c].iter().enumerate() {
            let ours = f.weight(c, a);
            assert!(
                (ours - theirs).abs() < 1e-6,
                "W[{c}, {a}] = {ours}, scikit-learn {theirs}"
            );
        }
        assert!((f.intercepts[c] - INTERCEPT3[c]).abs() < 1e-6);
    }
}

#[test]
fn binomial_weights_equal_scikit_learns_for_the_second_class() {
    let (x, _, y) = reference();
    let z = standardised(&x);
    let f = fit(
        &Problem {
            z: &z,
            dim: 6,
            y: &y,
            classes: 2,
            weights: None,
        },
        None,
    );
    assert!(f.converged, "{f:?}");
    for (a, &theirs) in COEF2.iter().enumerate() {
        assert!((f.weight(1, a) - theirs).abs() < 1e-6, "W[1, {a}]");
        assert_eq!(f.weight(0, a), -f.weight(1, a));
    }
    assert!((f.intercepts[1] - INTERCEPT2).abs() < 1e-6);
}

#[test]
fn a_fit_started_elsewhere_ends_at_the_same_weights() {
    let (x, y, _) = reference();
    let z = standardised(&x);
    let p = Problem {
        z: &z,
        dim: 6,
        y: &y,
        classes: 3,
        weights: None,
    };
    let cold = fit(&p, None);
    let mut start = cold.clone();
    start.weights.iter_mut().for_each(|w| *w = 3.0 - *w);
    let warm = fit(&p, Some(&start));
    for (a, b) in cold.weights.iter().zip(&warm.weights) {
        assert!((a - b).abs() < 1e-8);
    }
}

mod birds {
    use biaslens_core::load_with_defaults;
    use biaslens_core::probe::concepts::{parse_concepts, ConceptSource};
    use biaslens_core::probe::sap::{probe, ProbeSettings, ProbeTarget};

    /// scikit-learn's `coef_[0]` (waterbird) for the concepts webbed, talons,
    /// water, forest, sky of `data/probe/birds.csv`'s train rows (`make.py`'s `birds`).
    const COEF: [f64; 5] = [
        0.765662947287,
        -0.600885942325,
        1.49687996305,
        -1.49687996305,
        -0.143062424548,
    ];

    fn open() -> (
        biaslens_core::Dataset,
        biaslens_core::probe::concepts::Concepts,
    ) {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/probe/");
        let rows = std::fs::read(format!("{dir}birds.csv")).unwrap();
        let (_, d) = load_with_defaults("birds", "birds.csv", &rows).unwrap();
        let c = std::fs::read(format!("{dir}birds-concepts.csv")).unwrap();
        let concepts = parse_concepts("birds-concepts.csv", &c).unwrap();
        concepts.check_targets(&d).unwrap();
        (d, concepts)
    }

    #[test]
    fn the_background_is_spurious_and_leaning_on_it_costs_accuracy() {
        let (d, concepts) = open();
        let (source, scores) = concepts.scores(&d, None, None).unwrap();
        assert_eq!(source, ConceptSource::Attributes);
        let settings = ProbeSettings {
            target: ProbeTarget::named(&d, "group").unwrap(),
            refits: 20,
            seed: 0,
        };
        let r = probe(&d, &concepts, source, &scores, &settings, &mut |_| {}).unwrap();
        assert!(r.converged);
        let [land, water] = &r.targets[..] else {
            panic!("two values")
        };
        assert_eq!(
            (land.target.as_str(), water.target.as_str()),
            ("landbird", "waterbird")
        );
        for (name, theirs) in ["webbed", "talons", "water", "forest", "sky"]
            .iter()
            .zip(COEF)
        {
            assert!((water.weights[*name] - theirs).abs() < 1e-6, "{name}");
            assert!((land.weights[*name] + theirs).abs() < 1e-6, "{name}");
        }
        // γ is the core concept's weight; only the background weighs more.
        assert_eq!(water.gamma, Some(water.weights["webbed"]));
        assert_eq!(land.gamma, Some(land.weights["talons"]));
        let names = |t: &biaslens_core::probe::sap::TargetProbe| {
            t.spurious
                .iter()
                .map(|s| s.concept.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(water), ["water"]);
        assert_eq!(names(land), ["forest"]);
        assert!(water.spurious[0].stability.unwrap() >= 0.9);
        // The counter-group test, counted again from the rows: waterbirds of the
        // test split with water (high) and without (low), right when the model
        // says waterbird.
        let (mut high, mut low) = ((0, 0), (0, 0));
        let w = d.groups.iter().position(|g| g == "waterbird").unwrap() as u32;
        let water_attr = d.attributes.binary_search(&"water".to_owned()).unwrap() as u32;
        for i in 0..d.len() {
            if d.role[i].is_test() && d.group[i] == Some(w) {
                let side = if d.gt[i].contains(&water_attr) {
                    &mut high
                } else {
                    &mut low
                };
                side.1 += 1;
                side.0 += u64::from(d.pred_group[i] == Some(w));
            }
        }
        let cg = water.counter_group.as_ref().unwrap();
        assert_eq!((cg.high.correct, cg.high.rows), high);
        assert_eq!((cg.low.correct, cg.low.rows), low);
        assert!(
            cg.gap.unwrap() > 0.5 && cg.gap_ci95.unwrap()[0] > 0.0,
            "{cg:?}"
        );
    }

    #[test]
    fn an_attribute_target_is_that_attribute_against_its_absence() {
        let (d, concepts) = open();
        let (source, scores) = concepts.scores(&d, None, None).unwrap();
        let settings = ProbeSettings {
            target: ProbeTarget::named(&d, "sky").unwrap(),
            refits: 0,
            seed: 0,
        };
        let r = probe(&d, &concepts, source, &scores, &settings, &mut |_| {}).unwrap();
        let values: Vec<&str> = r.targets.iter().map(|t| t.target.as_str()).collect();
        assert_eq!(values, ["not sky", "sky"]);
        // sky is its own score: it alone separates the values.
        assert!(r.targets[1].weights["sky"] > 1.0);
        assert!(r
            .targets
            .iter()
            .all(|t| t.spurious.iter().all(|s| s.stability.is_none())));
        assert_eq!(
            r.counter_group_unavailable.as_deref(),
            Some("not available: needs predicted attributes")
        );
    }

    #[test]
    fn a_target_that_is_neither_group_nor_attribute_is_refused() {
        let (d, _) = open();
        let e = ProbeTarget::named(&d, "colour").unwrap_err();
        assert_eq!(e.to_string(), "\"colour\" is neither the group column nor an attribute: the probe's target is the group column or one attribute");
    }
}

mod birds_demo {
    use biaslens_core::load_with_defaults;
    use biaslens_core::probe::concepts::{parse_concepts, ConceptSource};
    use biaslens_core::probe::sap::{probe, ProbeSettings, ProbeTarget};
    use biaslens_core::synthetic::birds::{birds, BIRDS_DIM, BIRDS_ROWS, BIRDS_SEED};

    /// The bar: the backgrounds flagged with stability at least 0.9, and
    /// the model right far less often on birds away from their training background.
    #[test]
    fn the_probe_finds_the_backgrounds_in_the_embeddings() {
        let b = birds(BIRDS_SEED, BIRDS_ROWS, BIRDS_DIM);
        let (_, d) = load_with_defaults("birds", "birds.csv", b.csv.as_bytes()).unwrap();
        let concepts = parse_concepts("concepts.csv", b.concepts_csv.as_bytes()).unwrap();
        concepts.check_targets(&d).unwrap();
        let (source, scores) = concepts
            .scores(
                &d,
                Some(("images", &b.images)),
                Some(("concepts", &b.concepts)),
            )
            .unwrap();
        assert_eq!(source, ConceptSource::Embeddings);
        let settings = ProbeSettings {
            target: ProbeTarget::Group,
            refits: 30,
            seed: 0,
        };
        let r = probe(&d, &concepts, source, &scores, &settings, &mut |_| {}).unwrap();
        assert!(r.converged);
        for (bird, background) in [("waterbird", "water"), ("landbird", "land")] {
            let t = r.targets.iter().find(|t| t.target == bird).unwrap();
            let s = t.spurious.iter().find(|s| s.concept == background);
            let s = s.unwrap_or_else(|| panic!("{background} not spurious for {bird}: {t:?}"));
            assert!(s.stability.unwrap() >= 0.9, "{s:?}");
            let cg = t.counter_group.as_ref().unwrap();
            assert!(cg.gap_ci95.unwrap()[0] > 0.2, "{bird}: {cg:?}");
        }
    }
}

mod birds_slices {
    use biaslens_core::demo::{demo_csv, demo_extras};
    use biaslens_core::load_with_defaults;
    use biaslens_core::probe::sap::ProbeTarget;
    use biaslens_core::probe::slices::{slices, SliceSettings, DEFAULT_COMPONENTS};

    /// The issue's bar: the worst slice holds most of the planted "water birds on
    /// land" test rows, and it is the same slice for the same seed.
    #[test]
    fn the_worst_slice_is_the_water_birds_on_land() {
        let (csv, file) = demo_csv("birds").unwrap();
        let (_, d) = load_with_defaults("birds", &file, csv.as_bytes()).unwrap();
        let extras = demo_extras("birds", &d);
        let images = extras.embeddings.unwrap().1;
        let c = extras.concepts.unwrap();
        let texts = c.files.embeddings.as_ref().unwrap();
        let settings = SliceSettings {
            target: ProbeTarget::Group,
            components: DEFAULT_COMPONENTS,
            seed: 0,
        };
        let r = slices(
            &d,
            &images,
            Some((&c.files.concepts, &texts.1)),
            &settings,
            &mut |_| {},
        )
        .unwrap();
        let again = slices(
            &d,
            &images,
            Some((&c.files.concepts, &texts.1)),
            &settings,
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(r, again);
        let water = d.groups.iter().position(|g| g == "waterbird").unwrap() as u32;
        let land = d.attributes.binary_search(&"land".to_owned()).unwrap() as u32;
        let planted: Vec<usize> = (0..d.len())
            .filter(|&i| {
                d.role[i].is_test() && d.group[i] == Some(water) && d.gt[i].contains(&land)
            })
            .collect();
        let worst = &r.slices[0];
        let held = worst.indices.iter().filter(|i| planted.contains(i)).count();
        assert!(
            held * 2 > planted.len(),
            "{held} of {} planted rows: {worst:?}",
            planted.len()
        );
        assert!(
            worst.error_rate > 0.8 && worst.rest_error_rate.unwrap() < 0.5,
            "{worst:?}"
        );
        assert_eq!(worst.target, "waterbird");
        // Described by its background: "land" is over-represented, and the concept
        // that sets it apart from the other water birds is land.
        assert!(
            worst.attributes.iter().any(|a| a.attribute == "land"),
            "{:?}",
            worst.attributes
        );
        assert_eq!(worst.concepts[0].concept, "land", "{:?}", worst.concepts);
        // Error rates counted again from the rows.
        let errs = worst
            .indices
            .iter()
            .filter(|&&i| d.pred_group[i] != d.group[i])
            .count();
        assert_eq!(errs, worst.errors);
    }
}
