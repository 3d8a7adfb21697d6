//! Generated data sets for benchmarks: the sizes and shapes of real audits
//! (`coco-like`: 120,000 images, 80 objects with Zipf-like frequencies, about 3 per
//! image; `celeba-like`: 200,000 faces, 40 denser attributes), two groups, a 60/40
//! train/test split, and a simulated model that finds attributes that lean to an
//! image's group a little more often than the others (so there is amplification to
//! measure). Seeded: the same shape and seed give the same bytes everywhere.

use std::fmt::Write;

use crate::rng::SeededRng;

/// The shape of a generated data set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    /// Rows (images).
    pub rows: usize,
    /// Attributes (`a00`, `a01`, …).
    pub attributes: usize,
    /// Mean attributes per row (the Zipf weights are scaled to it; each
    /// attribute's rate is capped at 0.9).
    pub per_row: f64,
    /// Zipf exponent of the attribute frequencies (0: all equally common).
    pub zipf: f64,
    /// Seed.
    pub seed: u64,
}

impl Shape {
    /// `coco-like`: 120,000 rows, 80 attributes, Zipf 1, about 3 per row.
    pub const COCO: Shape = Shape {
        rows: 120_000,
        attributes: 80,
        per_row: 3.0,
        zipf: 1.0,
        seed: 1,
    };
    /// `celeba-like`: 200,000 rows, 40 attributes, flatter and denser (about 9 per row).
    pub const CELEBA: Shape = Shape {
        rows: 200_000,
        attributes: 40,
        per_row: 9.0,
        zipf: 0.5,
        seed: 2,
    };

    /// The named shapes (`coco-like`, `celeba-like`).
    pub fn named(name: &str) -> Option<Shape> {
        match name {
            "coco-like" => Some(Self::COCO),
            "celeba-like" => Some(Self::CELEBA),
            _ => None,
        }
    }

    /// Each attribute's base rate: Zipf weights scaled to `per_row`, capped at 0.9.
    fn rates(&self) -> Vec<f64> {
        let weights: Vec<f64> = (0..self.attributes)
            .map(|j| 1.0 / ((j + 1) as f64).powf(self.zipf))
            .collect();
        let total: f64 = weights.iter().sum();
        weights
            .iter()
            .map(|w| (w * self.per_row / total).min(0.9))
            .collect()
    }
}

/// The minimum support of every benchmark task (issue 7: k_max = 3, support 5).
pub const BENCH_MIN_SUPPORT: u64 = 5;

/// One data set of the benchmark command (`bench/run.py`), natively and in the app.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchSet {
    /// Its name (`coco-like`, `rows-100000`, `attributes-50`, `kmax-4`, …).
    pub name: String,
    /// What to generate.
    pub shape: Shape,
    /// Largest combination size.
    pub k_max: usize,
    /// Whether every task is timed on it: also the bootstrap (B = 1,000) and the
    /// PCA of its [`bench_embeddings`].
    pub full: bool,
}

/// Columns of the benchmark's embeddings (as CLIP ViT-B/32's image embeddings).
pub const BENCH_DIM: usize = 512;

/// Embeddings of a generated data set's rows for timing the PCA: `BENCH_DIM`
/// columns built from each row's group and attributes (seeded), as
/// `biaslens generate --embeddings` writes them for the NumPy reference.
pub fn bench_embeddings(d: &crate::Dataset) -> crate::embeddings::Embeddings {
    crate::embeddings::synthetic::embeddings_for(d, 2023, BENCH_DIM)
}

/// Every data set of the benchmark: `coco-like` and `celeba-like`, then the
/// scaling series over rows (10⁴–10⁶), attributes (20–200, at 10⁵ rows) and
/// k_max (1, 2, 4 on `coco-like`).
pub fn bench_sets() -> Vec<BenchSet> {
    let set = |name: String, shape: Shape, k_max: usize, full: bool| BenchSet {
        name,
        shape,
        k_max,
        full,
    };
    let mut out = vec![
        set("coco-like".into(), Shape::COCO, 3, true),
        set("celeba-like".into(), Shape::CELEBA, 3, false),
    ];
    for rows in [10_000, 100_000, 1_000_000] {
        let shape = Shape {
            rows,
            ..Shape::COCO
        };
        out.push(set(format!("rows-{rows}"), shape, 3, false));
    }
    for attributes in [20, 50, 100, 200] {
        let shape = Shape {
            rows: 100_000,
            attributes,
            ..Shape::COCO
        };
        out.push(set(format!("attributes-{attributes}"), shape, 3, false));
    }
    for k_max in [1, 2, 4] {
        out.push(set(format!("kmax-{k_max}"), Shape::COCO, k_max, false));
    }
    out
}

/// The benchmark data set named `name`.
pub fn bench_set(name: &str) -> Option<BenchSet> {
    bench_sets().into_iter().find(|s| s.name == name)
}

/// The name of attribute `j` (`a00` … `a199`, zero-padded to sort by index).
fn name(j: usize, attributes: usize) -> String {
    let width = attributes.saturating_sub(1).to_string().len().max(2);
    format!("a{j:0width$}")
}

/// A generated data set as CSV: `id, split, group, pred_group, attributes,
/// pred_attributes` (list form, `|`-separated), groups `g0`/`g1` (60/40).
pub fn generate_csv(shape: &Shape) -> String {
    let mut rng = SeededRng::new(shape.seed);
    let rates = shape.rates();
    // How much each attribute leans to g1 (negative: to g0), in [−0.4, 0.4].
    let lean: Vec<f64> = (0..shape.attributes)
        .map(|_| 0.8 * rng.uniform() - 0.4)
        .collect();
    let names: Vec<String> = (0..shape.attributes)
        .map(|j| name(j, shape.attributes))
        .collect();
    let mut out = String::with_capacity(shape.rows * 40);
    out.push_str("id,split,group,pred_group,attributes,pred_attributes\n");
    let (mut truth, mut predicted) = (Vec::new(), Vec::new());
    for i in 0..shape.rows {
        let split = if rng.chance(0.6) { "train" } else { "test" };
        let g = usize::from(rng.chance(0.4));
        let sign = if g == 1 { 1.0 } else { -1.0 };
        truth.clear();
        predicted.clear();
        for (j, (&rate, &l)) in rates.iter().zip(&lean).enumerate() {
            let p = (rate * (1.0 + sign * l)).clamp(0.0, 0.95);
            let has = rng.chance(p);
            // The model finds attributes that lean to the row's group more often,
            // and imagines them more often too: amplification.
            let leans_here = sign * l > 0.0;
            let found = if has {
                rng.chance(if leans_here { 0.95 } else { 0.85 })
            } else {
                rng.chance(if leans_here {
                    0.02 * rate
                } else {
                    0.005 * rate
                })
            };
            if has {
                truth.push(j);
            }
            if found {
                predicted.push(j);
            }
        }
        // The group is predicted right 90% of the time.
        let pred_g = if rng.chance(0.9) { g } else { 1 - g };
        let list = |set: &[usize]| {
            set.iter()
                .filter_map(|&j| names.get(j).map(String::as_str))
                .collect::<Vec<_>>()
                .join("|")
        };
        let _ = writeln!(
            out,
            "r{i},{split},g{g},g{pred_g},{},{}",
            list(&truth),
            list(&predicted)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_with_defaults;

    #[test]
    fn coco_like_has_its_shape() {
        let shape = Shape {
            rows: 20_000,
            ..Shape::COCO
        };
        let csv = generate_csv(&shape);
        assert_eq!(csv, generate_csv(&shape), "seeded");
        let (_, d) = load_with_defaults("c", "c.csv", csv.as_bytes()).unwrap();
        assert_eq!(d.len(), 20_000);
        assert_eq!(d.groups, ["g0", "g1"]);
        let per_row = d.gt.iter().map(Vec::len).sum::<usize>() as f64 / d.len() as f64;
        assert!((2.7..3.3).contains(&per_row), "{per_row}");
        // Zipf-like: the first attribute is far more common than the last.
        let count = |a: u32| d.gt.iter().filter(|r| r.contains(&a)).count();
        assert!(
            count(0) > 20 * count(79).max(1),
            "{} vs {}",
            count(0),
            count(79)
        );
        let train = d.role.iter().filter(|r| r.is_train()).count() as f64 / d.len() as f64;
        assert!((0.58..0.62).contains(&train), "{train}");
    }
}
