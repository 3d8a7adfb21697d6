//! PCA of the mean-centred embeddings to a few components, by randomized subspace
//! iteration (never a `D × D` matrix): a block of `k + 10` seeded random directions
//! is multiplied by `XᵀX` and re-orthonormalised until the Ritz values settle (at
//! most 10 times; on a seeded sample of 20,000 rows when there are more), then
//! the small projected problem is solved exactly on every row. Signs are fixed so that each
//! component's largest-magnitude loading is positive.

use serde::{Deserialize, Serialize};

use crate::embeddings::linalg::{dot, orthonormalize, symmetric_eigen};
use crate::embeddings::Embeddings;
use crate::rng::SeededRng;

/// Extra directions carried along to speed convergence.
const OVERSAMPLING: usize = 10;
/// The most multiplications by `XᵀX`.
const MAX_ITERATIONS: usize = 10;
/// Stop when the Ritz values change by less than this, relatively.
const TOLERANCE: f64 = 1e-10;
/// Above this many rows, the subspace is found on a seeded sample of this many
/// rows; the last step (the components and their variances) uses every row.
const SAMPLE: usize = 20_000;

/// A PCA projection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pca {
    /// The unit principal directions, `k` of length `D`.
    pub components: Vec<Vec<f64>>,
    /// Each component's variance (eigenvalue of the covariance, divided by `N − 1`).
    pub explained_variance: Vec<f64>,
    /// Each component's share of the total variance.
    pub explained_variance_ratio: Vec<f64>,
    /// Each row's coordinates on the components, `N × k`, row after row.
    pub coordinates: Vec<f32>,
    /// How many multiplications by `XᵀX` it took.
    pub iterations: usize,
}

/// The column means.
fn means(e: &Embeddings) -> Vec<f64> {
    let mut m = vec![0.0; e.dim];
    for i in 0..e.rows {
        for (s, &x) in m.iter_mut().zip(e.row(i)) {
            *s += f64::from(x);
        }
    }
    let n = e.rows.max(1) as f64;
    m.iter_mut().for_each(|s| *s /= n);
    m
}

/// `Xcᵀ Xc Q` for the centred matrix, one row at a time. The `l` vectors of `q`
/// are interleaved (`D × l`, row-major) so that the inner loops run over `l`
/// independent sums, which the compiler vectorises.
fn multiply(
    e: &Embeddings,
    rows: &[usize],
    mean: &[f64],
    q: &[Vec<f64>],
    centred: &mut [f64],
) -> Vec<Vec<f64>> {
    let l = q.len();
    let mut interleaved = vec![0.0; e.dim * l];
    for (k, qk) in q.iter().enumerate() {
        for (j, &x) in qk.iter().enumerate() {
            if let Some(slot) = interleaved.get_mut(j * l + k) {
                *slot = x;
            }
        }
    }
    let mut out = vec![0.0; e.dim * l];
    let mut t = vec![0.0; l];
    for &i in rows {
        for ((c, &x), m) in centred.iter_mut().zip(e.row(i)).zip(mean) {
            *c = f64::from(x) - m;
        }
        t.iter_mut().for_each(|x| *x = 0.0);
        for (&c, qj) in centred.iter().zip(interleaved.chunks_exact(l)) {
            for (tk, qk) in t.iter_mut().zip(qj) {
                *tk += c * qk;
            }
        }
        for (&c, oj) in centred.iter().zip(out.chunks_exact_mut(l)) {
            for (ok, tk) in oj.iter_mut().zip(&t) {
                *ok += c * tk;
            }
        }
    }
    (0..l)
        .map(|k| {
            (0..e.dim)
                .map(|j| out.get(j * l + k).copied().unwrap_or(0.0))
                .collect()
        })
        .collect()
}

/// The first `k` principal components (`k` ≤ `D`), calling `progress(done, total)`
/// after each iteration.
pub fn pca(e: &Embeddings, k: usize, seed: u64, progress: &mut dyn FnMut(usize, usize)) -> Pca {
    let k = k.min(e.dim).max(1);
    let l = (k + OVERSAMPLING).min(e.dim);
    let mean = means(e);
    let mut centred = vec![0.0; e.dim];
    let total_variance: f64 = {
        let mut sum = 0.0;
        for i in 0..e.rows {
            for (&x, m) in e.row(i).iter().zip(&mean) {
                let d = f64::from(x) - m;
                sum += d * d;
            }
        }
        sum
    };
    let mut rng = SeededRng::new(seed);
    let every: Vec<usize> = (0..e.rows).collect();
    let sample: Vec<usize> = if e.rows > SAMPLE {
        let mut order = every.clone();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i as u32 + 1) as usize);
        }
        order.truncate(SAMPLE);
        order.sort_unstable();
        order
    } else {
        every.clone()
    };
    let mut q: Vec<Vec<f64>> = (0..l)
        .map(|_| (0..e.dim).map(|_| rng.uniform() - 0.5).collect())
        .collect();
    orthonormalize(&mut q);
    let mut ritz: Vec<f64> = Vec::new();
    let mut iterations = 0;
    let (values, vectors) = loop {
        iterations += 1;
        let last = iterations >= MAX_ITERATIONS;
        // The last multiplication (and so the components and variances) uses every row.
        let rows = if last || sample.len() == e.rows {
            &every
        } else {
            &sample
        };
        let y = multiply(e, rows, &mean, &q, &mut centred);
        let scale = e.rows as f64 / rows.len() as f64;
        // Rayleigh–Ritz on the current basis: B = Qᵀ (XᵀX Q).
        let mut b = vec![0.0; l * l];
        for (i, qi) in q.iter().enumerate() {
            for (j, yj) in y.iter().enumerate() {
                b[i * l + j] = dot(qi, yj) * scale;
            }
        }
        for i in 0..l {
            for j in 0..i {
                let s = 0.5 * (b[i * l + j] + b[j * l + i]);
                b[i * l + j] = s;
                b[j * l + i] = s;
            }
        }
        let (values, small) = symmetric_eigen(&b, l);
        let settled = ritz.len() == values.len()
            && ritz
                .iter()
                .zip(&values)
                .take(k)
                .all(|(a, b)| (a - b).abs() <= TOLERANCE * b.abs().max(1e-300));
        progress(iterations, MAX_ITERATIONS);
        if last || (settled && rows.len() == e.rows) {
            // The Ritz vectors Q·s are the components.
            let vectors: Vec<Vec<f64>> = small
                .iter()
                .map(|s| {
                    let mut v = vec![0.0; e.dim];
                    for (qj, &sj) in q.iter().zip(s) {
                        for (x, y) in v.iter_mut().zip(qj) {
                            *x += sj * y;
                        }
                    }
                    v
                })
                .collect();
            break (values, vectors);
        }
        ritz = values;
        q = y;
        orthonormalize(&mut q);
        if settled {
            // Converged on the sample: one more step on every row finishes.
            iterations = iterations.max(MAX_ITERATIONS - 1);
        }
    };
    let denominator = (e.rows.max(2) - 1) as f64;
    let mut components: Vec<Vec<f64>> = vectors.into_iter().take(k).collect();
    for c in &mut components {
        // The largest-magnitude loading is positive.
        let largest = c
            .iter()
            .copied()
            .max_by(|a, b| a.abs().total_cmp(&b.abs()))
            .unwrap_or(0.0);
        if largest < 0.0 {
            c.iter_mut().for_each(|x| *x = -*x);
        }
    }
    let explained_variance: Vec<f64> = values
        .iter()
        .take(k)
        .map(|v| v.max(0.0) / denominator)
        .collect();
    let explained_variance_ratio = values
        .iter()
        .take(k)
        .map(|v| {
            if total_variance > 0.0 {
                v.max(0.0) / total_variance
            } else {
                0.0
            }
        })
        .collect();
    let mut coordinates = Vec::with_capacity(e.rows * k);
    for i in 0..e.rows {
        for ((c, &x), m) in centred.iter_mut().zip(e.row(i)).zip(&mean) {
            *c = f64::from(x) - m;
        }
        coordinates.extend(components.iter().map(|v| dot(&centred, v) as f32));
    }
    Pca {
        components,
        explained_variance,
        explained_variance_ratio,
        coordinates,
        iterations,
    }
}
