//! Embeddings (`docs/spec/metrics.md` section 8): the `.npy` loader on files written by
//! numpy's own `np.save` (`data/npy/make_fixtures.py`), PCA against a direct
//! eigendecomposition, leakage near chance and near 1, and directions on a
//! constructed case with known cosines.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use biaslens_core::embeddings::directions::directions;
use biaslens_core::embeddings::leakage::{leakage, roc_auc};
use biaslens_core::embeddings::linalg::symmetric_eigen;
use biaslens_core::embeddings::npy::parse_npy;
use biaslens_core::embeddings::pca::pca;
use biaslens_core::embeddings::{parse_ids, Embeddings};
use biaslens_core::load_with_defaults;
use biaslens_core::rng::SeededRng;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../data/npy/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

const BASE: [f32; 12] = [
    0.5, -1.0, 2.0, 1.5, 0.25, -0.75, 3.0, 4.0, -2.5, 0.0, 1.0, 8.0,
];

#[test]
fn every_float_type_and_header_version_numpy_writes() {
    for name in ["f32.npy", "f64.npy", "f16.npy", "f32_v2.npy", "f64_v3.npy"] {
        let e = parse_npy(name, &fixture(name)).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!((e.rows, e.dim), (4, 3), "{name}");
        assert_eq!(e.values, BASE, "{name}");
    }
}

#[test]
fn what_cannot_be_read_says_why() {
    let cases = [
        ("fortran.npy", "Fortran order"),
        ("big_endian.npy", "big-endian"),
        ("one_d.npy", "2-D"),
        ("int.npy", "float16, float32 or float64"),
        ("nan.npy", "row 3, column 2"),
        ("truncated.npy", "cut short"),
    ];
    for (name, says) in cases {
        let err = parse_npy(name, &fixture(name)).unwrap_err().to_string();
        assert!(err.starts_with(name) && err.contains(says), "{name}: {err}");
    }
    let err = parse_npy("x.npy", b"id,group\n1,a\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a NumPy .npy file"), "{err}");
}

/// A random `n × d` matrix with a few strong directions.
fn planted(n: usize, d: usize, seed: u64) -> Embeddings {
    let mut rng = SeededRng::new(seed);
    let mut values = Vec::with_capacity(n * d);
    for _ in 0..n {
        let (a, b, c) = (
            rng.uniform() - 0.5,
            rng.uniform() - 0.5,
            rng.uniform() - 0.5,
        );
        for j in 0..d {
            let signal = 6.0 * a * (j as f64).cos()
                + 3.0 * b * (j as f64 * 0.7).sin()
                + 1.5 * c * ((j % 3) as f64 - 1.0);
            values.push((signal + 0.2 * (rng.uniform() - 0.5) + 0.3) as f32);
        }
    }
    Embeddings::new("planted", n, d, values).unwrap()
}

#[test]
fn pca_equals_a_direct_eigendecomposition() {
    for (n, d, seed) in [(60, 6, 1), (200, 12, 2), (40, 3, 3)] {
        let e = planted(n, d, seed);
        let p = pca(&e, 3, 7, &mut |_, _| {});
        // The covariance matrix, directly.
        let mean: Vec<f64> = (0..d)
            .map(|j| (0..n).map(|i| f64::from(e.row(i)[j])).sum::<f64>() / n as f64)
            .collect();
        let mut cov = vec![0.0; d * d];
        for i in 0..n {
            let r = e.row(i);
            for a in 0..d {
                for b in 0..d {
                    cov[a * d + b] +=
                        (f64::from(r[a]) - mean[a]) * (f64::from(r[b]) - mean[b]) / (n - 1) as f64;
                }
            }
        }
        let (values, vectors) = symmetric_eigen(&cov, d);
        let total: f64 = values.iter().sum();
        for k in 0..3.min(d) {
            assert!(
                (p.explained_variance[k] - values[k]).abs() < 1e-6 * values[0],
                "{n}x{d} λ{k}"
            );
            assert!(
                (p.explained_variance_ratio[k] - values[k] / total).abs() < 1e-6,
                "{n}x{d} ratio{k}"
            );
            // The sign rule: the largest-magnitude loading is positive.
            let mut v = vectors[k].clone();
            let largest = v
                .iter()
                .copied()
                .max_by(|a, b| a.abs().total_cmp(&b.abs()))
                .unwrap();
            if largest < 0.0 {
                v.iter_mut().for_each(|x| *x = -*x);
            }
            for (x, y) in p.components[k].iter().zip(&v) {
                assert!((x - y).abs() < 1e-6, "{n}x{d} component {k}: {x} vs {y}");
            }
        }
        assert_eq!(p.coordinates.len(), n * 3.min(d));
        // Coordinates are the centred rows projected: their variance is λ.
        let var0: f64 = (0..n)
            .map(|i| f64::from(p.coordinates[i * 3]).powi(2))
            .sum::<f64>()
            / (n - 1) as f64;
        assert!((var0 - values[0]).abs() < 1e-4 * values[0]);
    }
}

#[test]
fn auc_by_hand() {
    // Positives 0.8, 0.4; negatives 0.6, 0.2: 3 of 4 pairs ordered → 0.75.
    let s = [(0.8, true), (0.4, true), (0.6, false), (0.2, false)];
    assert_eq!(roc_auc(&s), Some(0.75));
    assert_eq!(roc_auc(&[(0.5, true), (0.5, false)]), Some(0.5));
    assert_eq!(roc_auc(&[(0.5, true)]), None);
}

/// `n` rows in two groups; `signal` shifts the first dimension by group.
fn grouped(n: usize, d: usize, signal: f64, seed: u64) -> (Embeddings, Vec<Option<u32>>) {
    let mut rng = SeededRng::new(seed);
    let mut values = Vec::new();
    let mut labels = Vec::new();
    for _ in 0..n {
        let g = u32::from(rng.chance(0.4));
        labels.push(Some(g));
        for j in 0..d {
            let shift = if j == 0 { signal * f64::from(g) } else { 0.0 };
            values.push((rng.uniform() - 0.5 + shift) as f32);
        }
    }
    (Embeddings::new("g", n, d, values).unwrap(), labels)
}

#[test]
fn leakage_is_near_chance_without_signal_and_near_one_with_it() {
    let (e, labels) = grouped(1000, 8, 0.0, 1);
    let l = leakage(&e, &labels, 2, 0, &mut |_, _| {}).unwrap();
    assert!((l.auc.unwrap() - 0.5).abs() < 0.07, "{l:?}");
    assert!((l.baseline - 0.6).abs() < 0.05, "{l:?}");
    assert!(l.accuracy < l.baseline + 0.04, "{l:?}");
    let (e, labels) = grouped(1000, 8, 3.0, 2);
    let l = leakage(&e, &labels, 2, 0, &mut |_, _| {}).unwrap();
    assert!(l.auc.unwrap() > 0.99 && l.accuracy > 0.97, "{l:?}");
    assert!(l.reading.contains("strongly"), "{}", l.reading);
    // Seeded: the same call gives the same numbers.
    assert_eq!(leakage(&e, &labels, 2, 0, &mut |_, _| {}).unwrap(), l);
    // One group only: said so.
    let one = vec![Some(0); 1000];
    assert!(leakage(&e, &one, 2, 0, &mut |_, _| {}).is_err());
}

#[test]
fn directions_on_a_constructed_case() {
    // d_G = mean(b) − mean(a) = (1, 0); s1 along it (cos 1); s2 across it (cos 0);
    // s3 only on the (1, 1) row: (1, 1) − mean of the rest (1/3, 1/3) → cos 1/√2.
    let csv = "group,attributes\na,s2\na,\nb,s1|s2|s3\nb,s1\n";
    let (_, d) = load_with_defaults("c", "c.csv", csv.as_bytes()).unwrap();
    let e = Embeddings::new("c", 4, 2, vec![0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0]).unwrap();
    let dirs = directions(&d, &e);
    let cos = |name: &str| {
        dirs.iter()
            .find(|x| x.attribute == name)
            .unwrap()
            .cos_group
            .unwrap()
    };
    assert!((cos("s1") - 1.0).abs() < 1e-12);
    assert!(cos("s2").abs() < 1e-12);
    assert!((cos("s3") - std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-12);
    assert_eq!(dirs[0].attribute, "s1");
}

#[test]
fn an_ids_file_aligns_rows_by_id() {
    let e = Embeddings::new("e.npy", 3, 2, vec![1.0, 1.0, 2.0, 2.0, 3.0, 3.0]).unwrap();
    let ids = parse_ids("ids.txt", b"id\nc\na\nb\n").unwrap();
    assert_eq!(ids, ["c", "a", "b"]);
    let annotations: Vec<String> = ["a", "b"].map(String::from).to_vec();
    // Annotation a is embedding row 2, b is row 3; c has no annotation and is left out.
    let aligned = e.aligned_by_ids("ids.txt", &ids, &annotations).unwrap();
    assert_eq!(
        (aligned.rows, aligned.values),
        (2, vec![2.0, 2.0, 3.0, 3.0])
    );
    let missing = e
        .aligned_by_ids("ids.txt", &ids, &["a".into(), "z".into()])
        .unwrap_err()
        .to_string();
    assert!(missing.contains("annotation row 2 (id \"z\")"), "{missing}");
    let twice = parse_ids("ids.txt", b"a\nb\na\n").unwrap();
    let err = e
        .aligned_by_ids("ids.txt", &twice, &annotations)
        .unwrap_err()
        .to_string();
    assert!(err.contains("listed twice (ids 1 and 3)"), "{err}");
    let short = e
        .aligned_by_ids("ids.txt", &ids[..2], &annotations)
        .unwrap_err()
        .to_string();
    assert!(
        short.contains("2 ids but the embeddings have 3 rows"),
        "{short}"
    );
    let gap = parse_ids("ids.txt", b"a\n\nb\n").unwrap_err().to_string();
    assert!(gap.contains("line 2 is empty"), "{gap}");
}

/// 3,000 × 48 uniform noise whose column scales fall from 1.1 to 1.0: a nearly
/// flat spectrum, where a few passes of randomized iteration stop short (the
/// earlier method gave ratios 0.02594, 0.02549, 0.02489: 2 to 3 % off).
fn flat_spectrum() -> Embeddings {
    let (n, d) = (3000, 48);
    let mut rng = SeededRng::new(11);
    let mut v = Vec::with_capacity(n * d);
    for _ in 0..n {
        for j in 0..d {
            let scale = 1.0 + 0.1 * (d - j) as f64 / d as f64;
            v.push((scale * (rng.uniform() - 0.5)) as f32);
        }
    }
    Embeddings::new("flat", n, d, v).unwrap()
}

/// scikit-learn 1.9.1 on the same matrix (written with `npy::to_npy`):
/// `PCA(3, svd_solver="covariance_eigh").fit(np.load("flat.npy").astype(np.float64))`
/// → `explained_variance_ratio_` and `explained_variance_`.
#[test]
fn pca_on_a_flat_spectrum_equals_scikit_learn() {
    let p = pca(&flat_spectrum(), 3, 0, &mut |_, _| {});
    let ratio = [
        0.026488534154996538,
        0.02641664950274166,
        0.02565794640527367,
    ];
    let variance = [
        0.11718524150727667,
        0.11686722389686975,
        0.11351072235590642,
    ];
    for k in 0..3 {
        assert!(
            (p.explained_variance_ratio[k] - ratio[k]).abs() < 1e-9,
            "ratio {k}: {:?}",
            p.explained_variance_ratio
        );
        assert!(
            (p.explained_variance[k] - variance[k]).abs() < 1e-9,
            "variance {k}: {:?}",
            p.explained_variance
        );
    }
    assert!(p.exact, "the covariance path converged");
}
