//! PCA of the mean-centred embeddings to a few components.
//!
//! Where it is cheap (`D` ≤ 1,000 and `N·D²/2` within [`COVARIANCE_BUDGET`]), the
//! `D × D` covariance matrix is formed and subspace iteration runs on it until
//! every component is an eigenvector to a stated tolerance ([`RESIDUAL`]): the
//! figures are exact, as scikit-learn's `PCA` (`covariance_eigh`) gives them, even
//! on a nearly flat spectrum. Otherwise, by randomized subspace
//! iteration (never a `D × D` matrix): a block of `k + 10` seeded random directions
//! is multiplied by `XᵀX` and re-orthonormalised until the Ritz values settle (on
//! a seeded sample of 20,000 rows when there are more), then the small projected
//! problem `(Xc Q)ᵀ(Xc Q)` is solved exactly on every row: at most 7 passes in all,
//! scikit-learn's choice for a few components of a randomized PCA. Signs are fixed
//! so that each component's largest-magnitude loading is positive.

use serde::{Deserialize, Serialize};

use crate::embeddings::linalg::{dot, orthonormalize, symmetric_eigen};
use crate::embeddings::matrix::Embeddings;
use crate::rng::SeededRng;

/// Extra directions carried along to speed convergence.
const OVERSAMPLING: usize = 10;
/// The most passes: multiplications by `XᵀX` on the sample, then the last step.
const MAX_ITERATIONS: usize = 7;
/// Stop when the Ritz values change by less than this, relatively.
const TOLERANCE: f64 = 1e-10;
/// Above this many rows, the subspace is found on a seeded sample of this many
/// rows; the last step (the components and their variances) uses every row.
const SAMPLE: usize = 20_000;

/// The most multiply-adds spent forming the covariance matrix (`N·D·(D+1)/2`).
pub const COVARIANCE_BUDGET: f64 = 1e9;
/// The widest embeddings whose covariance matrix is formed.
pub const COVARIANCE_MAX_DIM: usize = 1000;
/// On the covariance matrix, iterate until each component `v` with value `λ` has
/// `‖C v − λ v‖ ≤ RESIDUAL · λ₁`.
pub const RESIDUAL: f64 = 1e-10;
/// The most multiply-adds the iteration on the covariance matrix spends (each
/// multiplication costs `D²·(k + 10)`); past it the figures are reported as
/// approximate.
pub const ITERATION_BUDGET: f64 = 2e9;

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
    /// Whether the figures are exact: found on the covariance matrix, each
    /// component an eigenvector to [`RESIDUAL`]. `false`: the randomized method's
    /// approximation (or the iteration limit was reached).
    pub exact: bool,
}

impl Pca {
    /// The same projection without the per-row coordinates (what a page shows
    /// beside a map that has them already).
    pub fn without_coordinates(&self) -> Self {
        Self {
            components: self.components.clone(),
            explained_variance: self.explained_variance.clone(),
            explained_variance_ratio: self.explained_variance_ratio.clone(),
            coordinates: Vec::new(),
            iterations: self.iterations,
            exact: self.exact,
        }
    }
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

/// The `l` vectors of `q` interleaved: `D × l`, row-major (row `j` holds every
/// vector's `j`-th value).
fn interleave(q: &[Vec<f64>], dim: usize) -> Vec<f64> {
    let l = q.len();
    let mut interleaved = vec![0.0; dim * l];
    for (k, qk) in q.iter().enumerate() {
        for (row, &x) in interleaved.chunks_exact_mut(l).zip(qk) {
            if let Some(slot) = row.get_mut(k) {
                *slot = x;
            }
        }
    }
    interleaved
}

/// A centred row's coordinates on the interleaved vectors: `t_k = Σ_j c_j q_jk`,
/// `l` independent sums that the compiler vectorises.
fn coordinates_on(centred: &[f64], interleaved: &[f64], t: &mut [f64]) {
    t.iter_mut().for_each(|x| *x = 0.0);
    for (&c, qj) in centred.iter().zip(interleaved.chunks_exact(t.len())) {
        for (tk, qk) in t.iter_mut().zip(qj) {
            *tk += c * qk;
        }
    }
}

/// Averages a square matrix with its transpose (rounding leaves it slightly
/// asymmetric).
fn symmetrize(b: &mut [f64], l: usize) {
    for i in 0..l {
        for j in 0..i {
            let (Some(&x), Some(&y)) = (b.get(i * l + j), b.get(j * l + i)) else {
                continue;
            };
            let s = 0.5 * (x + y);
            for at in [i * l + j, j * l + i] {
                if let Some(v) = b.get_mut(at) {
                    *v = s;
                }
            }
        }
    }
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
    let interleaved = interleave(q, e.dim);
    let mut out = vec![0.0; e.dim * l];
    let mut t = vec![0.0; l];
    for &i in rows {
        for ((c, &x), m) in centred.iter_mut().zip(e.row(i)).zip(mean) {
            *c = f64::from(x) - m;
        }
        coordinates_on(centred, &interleaved, &mut t);
        for (&c, oj) in centred.iter().zip(out.chunks_exact_mut(l)) {
            for (ok, tk) in oj.iter_mut().zip(&t) {
                *ok += c * tk;
            }
        }
    }
    (0..l)
        .map(|k| out.iter().skip(k).step_by(l).copied().collect())
        .collect()
}

/// The centred rows' coordinates on the basis `q`: `Xc Q`, `N × l` row after row
/// (one pass over every row), and the total variance `‖Xc‖²` found on the way.
fn project_rows(e: &Embeddings, mean: &[f64], q: &[Vec<f64>]) -> (Vec<f64>, f64) {
    let l = q.len();
    let interleaved = interleave(q, e.dim);
    let mut centred = vec![0.0; e.dim];
    let mut t = vec![0.0; e.rows * l];
    let mut total = 0.0;
    for (i, ti) in t.chunks_exact_mut(l).enumerate() {
        for ((c, &x), m) in centred.iter_mut().zip(e.row(i)).zip(mean) {
            *c = f64::from(x) - m;
        }
        total += centred.iter().map(|c| c * c).sum::<f64>();
        coordinates_on(&centred, &interleaved, ti);
    }
    (t, total)
}

/// The first `k` principal components (`k` ≤ `D`), calling `progress(done, total)`
/// after each iteration.
// Never inlined: the app's worker links this crate into code built for size,
// and a loop inlined there is not vectorised (LTO keeps the caller's size goal).
#[inline(never)]
pub fn pca(e: &Embeddings, k: usize, seed: u64, progress: &mut dyn FnMut(usize, usize)) -> Pca {
    let (n, d) = (e.rows as f64, e.dim as f64);
    if e.dim <= COVARIANCE_MAX_DIM && n * d * (d + 1.0) / 2.0 <= COVARIANCE_BUDGET {
        return by_covariance(e, k, seed, progress);
    }
    let k = k.min(e.dim).max(1);
    let l = (k + OVERSAMPLING).min(e.dim);
    let mean = means(e);
    let mut centred = vec![0.0; e.dim];
    let mut rng = SeededRng::new(seed);
    let sample: Vec<usize> = if e.rows > SAMPLE {
        let mut order: Vec<usize> = (0..e.rows).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i as u32 + 1) as usize);
        }
        order.truncate(SAMPLE);
        order.sort_unstable();
        order
    } else {
        (0..e.rows).collect()
    };
    let mut q = random_basis(&mut rng, l, e.dim);
    // Subspace iteration on the sample until the Ritz values settle.
    let mut ritz: Vec<f64> = Vec::new();
    let mut iterations = 0;
    while iterations + 1 < MAX_ITERATIONS {
        iterations += 1;
        let y = multiply(e, &sample, &mean, &q, &mut centred);
        // Rayleigh–Ritz on the current basis: B = Qᵀ (XᵀX Q).
        let mut b = vec![0.0; l * l];
        for (qi, row) in q.iter().zip(b.chunks_exact_mut(l)) {
            for (bij, yj) in row.iter_mut().zip(&y) {
                *bij = dot(qi, yj);
            }
        }
        symmetrize(&mut b, l);
        let (values, _) = symmetric_eigen(&b, l);
        let settled = ritz.len() == values.len()
            && ritz
                .iter()
                .zip(&values)
                .take(k)
                .all(|(a, b)| (a - b).abs() <= TOLERANCE * b.abs().max(1e-300));
        progress(iterations, MAX_ITERATIONS);
        q = y;
        orthonormalize(&mut q);
        if settled {
            break;
        }
        ritz = values;
    }
    // The last step uses every row: Rayleigh–Ritz with B = (Xc Q)ᵀ (Xc Q), whose
    // eigenvectors give the components (Q·s) and the coordinates ((Xc Q)·s).
    iterations += 1;
    let (t, total_variance) = project_rows(e, &mean, &q);
    let mut b = vec![0.0; l * l];
    for ti in t.chunks_exact(l) {
        for (i, (&x, row)) in ti.iter().zip(b.chunks_exact_mut(l)).enumerate() {
            for (bij, &y) in row.iter_mut().zip(ti).take(i + 1) {
                *bij += x * y;
            }
        }
    }
    // The upper triangle is the lower one, mirrored.
    for i in 0..l {
        for j in 0..i {
            if let Some(&x) = b.get(i * l + j) {
                if let Some(v) = b.get_mut(j * l + i) {
                    *v = x;
                }
            }
        }
    }
    let (values, small) = symmetric_eigen(&b, l);
    progress(iterations, MAX_ITERATIONS);
    let denominator = (e.rows.max(2) - 1) as f64;
    let mut signs = Vec::with_capacity(k);
    let mut components: Vec<Vec<f64>> = Vec::with_capacity(k);
    for s in small.iter().take(k) {
        let mut c = vec![0.0; e.dim];
        for (qj, &sj) in q.iter().zip(s) {
            for (x, y) in c.iter_mut().zip(qj) {
                *x += sj * y;
            }
        }
        // The largest-magnitude loading is positive.
        let sign = sign_of(&c);
        c.iter_mut().for_each(|x| *x *= sign);
        signs.push(sign);
        components.push(c);
    }
    let (explained_variance, explained_variance_ratio) =
        variances(&values, k, denominator, total_variance);
    let mut coordinates = Vec::with_capacity(e.rows * k);
    for ti in t.chunks_exact(l) {
        coordinates.extend(
            small
                .iter()
                .zip(&signs)
                .map(|(s, sign)| (sign * dot(ti, s)) as f32),
        );
    }
    Pca {
        components,
        explained_variance,
        explained_variance_ratio,
        coordinates,
        iterations,
        exact: false,
    }
}

/// The first `k` eigenvalues of `Xcᵀ Xc` as variances (divided by `N − 1`) and
/// as shares of the total variance.
fn variances(values: &[f64], k: usize, denominator: f64, total: f64) -> (Vec<f64>, Vec<f64>) {
    let kept = || values.iter().take(k).map(|v| v.max(0.0));
    let share = |v: f64| if total > 0.0 { v / total } else { 0.0 };
    (
        kept().map(|v| v / denominator).collect(),
        kept().map(share).collect(),
    )
}

/// The mean-centred scatter matrix `Xcᵀ Xc` (`D × D`, row-major) and its trace.
fn scatter(e: &Embeddings, mean: &[f64]) -> (Vec<f64>, f64) {
    let d = e.dim;
    let mut c = vec![0.0; d * d];
    let mut centred = vec![0.0; d];
    for i in 0..e.rows {
        for ((x, &v), m) in centred.iter_mut().zip(e.row(i)).zip(mean) {
            *x = f64::from(v) - m;
        }
        // The lower triangle, row by row; mirrored below.
        for (a, row) in c.chunks_exact_mut(d).enumerate() {
            let xa = centred.get(a).copied().unwrap_or(0.0);
            for (cab, &xb) in row.iter_mut().zip(&centred).take(a + 1) {
                *cab += xa * xb;
            }
        }
    }
    for a in 0..d {
        for b in 0..a {
            if let Some(&x) = c.get(a * d + b) {
                if let Some(v) = c.get_mut(b * d + a) {
                    *v = x;
                }
            }
        }
    }
    let trace = (0..d).filter_map(|a| c.get(a * d + a)).sum();
    (c, trace)
}

/// `l` seeded random orthonormal directions of length `dim`: where the
/// iteration starts.
fn random_basis(rng: &mut SeededRng, l: usize, dim: usize) -> Vec<Vec<f64>> {
    let mut q: Vec<Vec<f64>> = (0..l)
        .map(|_| (0..dim).map(|_| rng.uniform() - 0.5).collect())
        .collect();
    orthonormalize(&mut q);
    q
}

/// `C v` for a symmetric `D × D` matrix.
fn times(c: &[f64], v: &[f64]) -> Vec<f64> {
    c.chunks_exact(v.len()).map(|row| dot(row, v)).collect()
}

/// The sign that makes a component's largest-magnitude loading positive.
fn sign_of(c: &[f64]) -> f64 {
    let largest = c
        .iter()
        .copied()
        .max_by(|a, b| a.abs().total_cmp(&b.abs()))
        .unwrap_or(0.0);
    if largest < 0.0 {
        -1.0
    } else {
        1.0
    }
}

/// Exact PCA: subspace iteration with Rayleigh–Ritz on the covariance matrix
/// until every one of the first `k` Ritz vectors has a residual within
/// [`RESIDUAL`]` · λ₁`.
fn by_covariance(
    e: &Embeddings,
    k: usize,
    seed: u64,
    progress: &mut dyn FnMut(usize, usize),
) -> Pca {
    let k = k.min(e.dim).max(1);
    let l = (k + OVERSAMPLING).min(e.dim);
    let mean = means(e);
    let (c, total_variance) = scatter(e, &mean);
    progress(1, 2);
    let mut rng = SeededRng::new(seed);
    let mut q = random_basis(&mut rng, l, e.dim);
    let most = (ITERATION_BUDGET / (e.dim * e.dim * l).max(1) as f64).max(1.0) as usize;
    let mut iterations = 0;
    let (values, ritz, exact) = loop {
        iterations += 1;
        let y: Vec<Vec<f64>> = q.iter().map(|v| times(&c, v)).collect();
        let mut b = vec![0.0; l * l];
        for (qi, row) in q.iter().zip(b.chunks_exact_mut(l)) {
            for (bij, yj) in row.iter_mut().zip(&y) {
                *bij = dot(qi, yj);
            }
        }
        symmetrize(&mut b, l);
        let (values, small) = symmetric_eigen(&b, l);
        // The Ritz vectors v = Q s and their residuals C v − θ v = Y s − θ Q s.
        let combine = |basis: &[Vec<f64>], s: &[f64]| {
            let mut v = vec![0.0; e.dim];
            for (bj, &sj) in basis.iter().zip(s) {
                for (x, y) in v.iter_mut().zip(bj) {
                    *x += sj * y;
                }
            }
            v
        };
        let largest = values.first().copied().unwrap_or(0.0).abs().max(1e-300);
        let ritz: Vec<Vec<f64>> = small.iter().take(k).map(|s| combine(&q, s)).collect();
        let converged = small
            .iter()
            .zip(&values)
            .zip(&ritz)
            .take(k)
            .all(|((s, &theta), v)| {
                let cv = combine(&y, s);
                let r: f64 = cv.iter().zip(v).map(|(a, b)| (a - theta * b).powi(2)).sum();
                r.sqrt() <= RESIDUAL * largest
            });
        if converged || iterations >= most {
            break (values, ritz, converged);
        }
        q = y;
        orthonormalize(&mut q);
    };
    progress(2, 2);
    let components: Vec<Vec<f64>> = ritz
        .into_iter()
        .map(|mut v| {
            let sign = sign_of(&v);
            v.iter_mut().for_each(|x| *x *= sign);
            v
        })
        .collect();
    let denominator = (e.rows.max(2) - 1) as f64;
    let (explained_variance, explained_variance_ratio) =
        variances(&values, k, denominator, total_variance);
    let (t, _) = project_rows(e, &mean, &components);
    Pca {
        components,
        explained_variance,
        explained_variance_ratio,
        coordinates: t.into_iter().map(|x| x as f32).collect(),
        iterations,
        exact,
    }
}
