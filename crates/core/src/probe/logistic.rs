//! The probe's model, `docs/spec/metrics.md` section 10: L2-regularised logistic
//! regression with `C = 1` and an unpenalised intercept (multinomial for three or
//! more classes, binomial for two), fitted by [`lbfgs`](super::lbfgs) to a
//! gradient of at most [`TOLERANCE`]: the model of scikit-learn's
//! `LogisticRegression(C=1.0)`.

use std::ops::Range;

use super::lbfgs::minimise;
use crate::embeddings::linalg::dot;

/// The largest absolute gradient component (of the objective over the rows'
/// total weight) at which a fit has converged.
pub const TOLERANCE: f64 = 1e-9;
/// Iterations a fit may take.
pub const MAX_ITERATIONS: usize = 2000;

/// What to fit: `rows × dim` standardised scores, each row's class, and
/// optionally each row's weight (a bootstrap resample's counts).
#[derive(Debug, Clone, Copy)]
pub struct Problem<'a> {
    /// Row-major scores.
    pub z: &'a [f64],
    /// Scores per row.
    pub dim: usize,
    /// Each row's class, below `classes`.
    pub y: &'a [u32],
    /// How many classes (at least 2).
    pub classes: usize,
    /// Each row's weight (1 for every row when `None`).
    pub weights: Option<&'a [f64]>,
}

impl Problem<'_> {
    fn rows(&self) -> usize {
        self.y.len()
    }

    fn weight(&self, i: usize) -> f64 {
        self.weights.and_then(|w| w.get(i).copied()).unwrap_or(1.0)
    }

    fn row(&self, i: usize) -> &[f64] {
        self.z.get(i * self.dim..(i + 1) * self.dim).unwrap_or(&[])
    }

    /// Parameters optimised: `classes × dim` weights and `classes` intercepts
    /// (multinomial), or `dim` weights and one intercept (binomial).
    fn parameters(&self) -> usize {
        if self.classes == 2 {
            self.dim + 1
        } else {
            self.classes * (self.dim + 1)
        }
    }
}

/// A fitted probe.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// Classes.
    pub classes: usize,
    /// Scores per row.
    pub dim: usize,
    /// `W[c, a]`, row-major `classes × dim` (for two classes, `W[1] = w` and
    /// `W[0] = −w`).
    pub weights: Vec<f64>,
    /// `b[c]` (for two classes, `b[1] = b` and `b[0] = −b`).
    pub intercepts: Vec<f64>,
    /// Whether the gradient reached [`TOLERANCE`].
    pub converged: bool,
    /// The largest absolute gradient component where the fit stopped.
    pub gradient: f64,
    /// Iterations taken.
    pub iterations: usize,
}

impl Fit {
    /// `W[c, a]`.
    pub fn weight(&self, c: usize, a: usize) -> f64 {
        self.weights.get(c * self.dim + a).copied().unwrap_or(0.0)
    }

    /// The class with the largest score `W[c]·z + b[c]` (the first on ties).
    pub fn predict(&self, z: &[f64]) -> usize {
        let mut best = (0, f64::NEG_INFINITY);
        for c in 0..self.classes {
            let w = self
                .weights
                .get(c * self.dim..(c + 1) * self.dim)
                .unwrap_or(&[]);
            let score = dot(w, z) + self.intercepts.get(c).copied().unwrap_or(0.0);
            if score > best.1 {
                best = (c, score);
            }
        }
        best.0
    }

    /// The optimiser's parameters, to start another fit from this one.
    fn parameters(&self) -> Vec<f64> {
        if self.classes == 2 {
            let mut p: Vec<f64> = self.weights.get(self.dim..).unwrap_or(&[]).to_vec();
            p.push(self.intercepts.get(1).copied().unwrap_or(0.0));
            p
        } else {
            let mut p = self.weights.clone();
            p.extend_from_slice(&self.intercepts);
            p
        }
    }
}

/// `log(1 + e^x)` without overflow.
fn softplus(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

/// The logistic function.
fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// Rows are summed in this many fixed chunks, each into its own partial sums,
/// added in order: the same arithmetic whether the chunks run one after another
/// (in the browser) or side by side on threads (natively, on large problems).
const CHUNKS: usize = 4;
/// Row × parameter products from which the chunks run on threads natively.
const THREADED_FROM: usize = 1 << 20;

/// The binomial data term of the rows `rows` (loss; gradient into `grad`,
/// zeroed first).
fn binomial_rows(p: &Problem, theta: &[f64], rows: Range<usize>, grad: &mut [f64]) -> f64 {
    let d = p.dim;
    let (w, b) = theta.split_at(d);
    let b = b.first().copied().unwrap_or(0.0);
    grad.iter_mut().for_each(|g| *g = 0.0);
    let (gw, gb) = grad.split_at_mut(d);
    let (mut loss, mut gb_sum) = (0.0, 0.0);
    for i in rows {
        let weight = p.weight(i);
        if weight == 0.0 {
            continue;
        }
        let z = p.row(i);
        let sign = if p.y.get(i) == Some(&1) { 1.0 } else { -1.0 };
        let margin = dot(w, z) + b;
        loss += weight * softplus(-sign * margin);
        // d/dm log(1 + e^{−s m}) = −s σ(−s m).
        let r = -sign * sigmoid(-sign * margin) * weight;
        gw.iter_mut().zip(z).for_each(|(g, zi)| *g += r * zi);
        gb_sum += r;
    }
    if let Some(g) = gb.first_mut() {
        *g = gb_sum;
    }
    loss
}

/// The multinomial data term of the rows `rows` (loss; gradient into `grad`,
/// zeroed first).
fn multinomial_rows(p: &Problem, theta: &[f64], rows: Range<usize>, grad: &mut [f64]) -> f64 {
    let (d, k) = (p.dim, p.classes);
    let (w, b) = theta.split_at(k * d);
    grad.iter_mut().for_each(|g| *g = 0.0);
    let (gw, gb) = grad.split_at_mut(k * d);
    let mut logits = vec![0.0; k];
    let mut loss = 0.0;
    for i in rows {
        let weight = p.weight(i);
        if weight == 0.0 {
            continue;
        }
        let z = p.row(i);
        for (c, l) in logits.iter_mut().enumerate() {
            let wc = w.get(c * d..(c + 1) * d).unwrap_or(&[]);
            *l = dot(wc, z) + b.get(c).copied().unwrap_or(0.0);
        }
        let top = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let sum: f64 = logits.iter().map(|l| (l - top).exp()).sum();
        let lse = top + sum.ln();
        let y = p.y.get(i).copied().unwrap_or(0) as usize;
        loss += weight * (lse - logits.get(y).copied().unwrap_or(0.0));
        for (c, l) in logits.iter().enumerate() {
            let r = weight * ((l - lse).exp() - if c == y { 1.0 } else { 0.0 });
            if let Some(gc) = gw.get_mut(c * d..(c + 1) * d) {
                gc.iter_mut().zip(z).for_each(|(g, zi)| *g += r * zi);
            }
            if let Some(g) = gb.get_mut(c) {
                *g += r;
            }
        }
    }
    loss
}

/// The objective over the rows' total weight, and its gradient: the data term
/// summed chunk by chunk ([`CHUNKS`]), plus `½‖W‖²` (the intercepts are not
/// penalised).
fn objective(p: &Problem, theta: &[f64], grad: &mut [f64], total: f64) -> f64 {
    let threaded = cfg!(not(target_arch = "wasm32")) && p.rows() * grad.len() >= THREADED_FROM;
    objective_on(p, theta, grad, total, threaded)
}

/// [`objective`], its chunks on threads or one after another.
fn objective_on(p: &Problem, theta: &[f64], grad: &mut [f64], total: f64, threaded: bool) -> f64 {
    let n = p.rows();
    let size = n.div_ceil(CHUNKS).max(1);
    let ranges: Vec<Range<usize>> = (0..CHUNKS)
        .map(|c| (c * size).min(n)..((c + 1) * size).min(n))
        .collect();
    let mut partials = vec![vec![0.0; grad.len()]; CHUNKS];
    let mut losses = [0.0; CHUNKS];
    let term = |rows: Range<usize>, g: &mut [f64]| {
        if p.classes == 2 {
            binomial_rows(p, theta, rows, g)
        } else {
            multinomial_rows(p, theta, rows, g)
        }
    };
    let jobs = ranges
        .into_iter()
        .zip(partials.iter_mut())
        .zip(losses.iter_mut());
    if threaded {
        std::thread::scope(|s| {
            for ((rows, g), l) in jobs {
                s.spawn(move || *l = term(rows, g));
            }
        });
    } else {
        for ((rows, g), l) in jobs {
            *l = term(rows, g);
        }
    }
    grad.iter_mut().for_each(|g| *g = 0.0);
    for partial in &partials {
        grad.iter_mut().zip(partial).for_each(|(g, x)| *g += x);
    }
    let mut loss: f64 = losses.iter().sum();
    let penalised = if p.classes == 2 {
        p.dim
    } else {
        p.classes * p.dim
    };
    let w = theta.get(..penalised).unwrap_or(&[]);
    loss += 0.5 * dot(w, w);
    if let Some(gw) = grad.get_mut(..penalised) {
        gw.iter_mut().zip(w).for_each(|(g, wi)| *g += wi);
    }
    grad.iter_mut().for_each(|g| *g /= total);
    loss / total
}

/// Fits the probe, from `start` when given (a fit of the same shape: the
/// bootstrap's refits start from the full fit), else from zero.
pub fn fit(p: &Problem, start: Option<&Fit>) -> Fit {
    let total: f64 = (0..p.rows()).map(|i| p.weight(i)).sum::<f64>().max(1.0);
    let x0 = start
        .filter(|s| s.classes == p.classes && s.dim == p.dim)
        .map_or_else(|| vec![0.0; p.parameters()], Fit::parameters);
    let m = minimise(
        |t, g| objective(p, t, g, total),
        x0,
        TOLERANCE,
        MAX_ITERATIONS,
    );
    let d = p.dim;
    let (weights, intercepts) = if p.classes == 2 {
        let (w, b) = m.x.split_at(d);
        let b = b.first().copied().unwrap_or(0.0);
        let mut weights: Vec<f64> = w.iter().map(|v| -v).collect();
        weights.extend_from_slice(w);
        (weights, vec![-b, b])
    } else {
        let (w, b) = m.x.split_at(p.classes * d);
        (w.to_vec(), b.to_vec())
    };
    Fit {
        classes: p.classes,
        dim: d,
        weights,
        intercepts,
        converged: m.converged,
        gradient: m.gradient,
        iterations: m.iterations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The gradient against central differences of the objective.
    fn check_gradient(classes: usize) {
        let z = [
            0.5, -1.0, 1.5, 0.2, -0.3, 0.8, 1.0, 1.0, -2.0, 0.1, 0.0, 0.4,
        ];
        let y: Vec<u32> = (0..6).map(|i| (i % classes) as u32).collect();
        let weights = [1.0, 2.0, 0.5, 1.0, 3.0, 1.0];
        let p = Problem {
            z: &z,
            dim: 2,
            y: &y,
            classes,
            weights: Some(&weights),
        };
        let n = p.parameters();
        let theta: Vec<f64> = (0..n).map(|j| 0.1 * j as f64 - 0.3).collect();
        let f = |t: &[f64], g: &mut [f64]| objective(&p, t, g, 8.5);
        let mut g = vec![0.0; n];
        f(&theta, &mut g);
        let mut scratch = vec![0.0; n];
        for j in 0..n {
            let (mut up, mut down) = (theta.clone(), theta.clone());
            up[j] += 1e-6;
            down[j] -= 1e-6;
            let numeric = (f(&up, &mut scratch) - f(&down, &mut scratch)) / 2e-6;
            assert!(
                (numeric - g[j]).abs() < 1e-7,
                "{classes} classes, parameter {j}"
            );
        }
    }

    #[test]
    fn threads_give_the_same_bits_as_one_chunk_after_another() {
        let (rows, dim, classes) = (1003, 7, 3);
        let z: Vec<f64> = (0..rows * dim)
            .map(|i| ((i * 37 % 101) as f64 - 50.0) / 17.0)
            .collect();
        let y: Vec<u32> = (0..rows).map(|i| (i * 7 % classes) as u32).collect();
        let p = Problem {
            z: &z,
            dim,
            y: &y,
            classes,
            weights: None,
        };
        let theta: Vec<f64> = (0..p.parameters())
            .map(|j| (j as f64 - 10.0) / 30.0)
            .collect();
        let (mut a, mut b) = (vec![0.0; theta.len()], vec![0.0; theta.len()]);
        let la = objective_on(&p, &theta, &mut a, rows as f64, true);
        let lb = objective_on(&p, &theta, &mut b, rows as f64, false);
        assert_eq!(la.to_bits(), lb.to_bits());
        assert!(a.iter().zip(&b).all(|(x, y)| x.to_bits() == y.to_bits()));
    }

    #[test]
    fn the_gradients_are_those_of_the_objectives() {
        check_gradient(2);
        check_gradient(3);
    }

    #[test]
    fn integer_weights_fit_as_repeated_rows() {
        let z = [0.5, -1.0, 1.5, 0.2, -0.3, 0.8, 1.0, 1.0];
        let y = [0, 1, 2, 1];
        let weights = [2.0, 1.0, 3.0, 1.0];
        let weighted = fit(
            &Problem {
                z: &z,
                dim: 2,
                y: &y,
                classes: 3,
                weights: Some(&weights),
            },
            None,
        );
        let mut zr = Vec::new();
        let mut yr = Vec::new();
        for (i, &w) in weights.iter().enumerate() {
            for _ in 0..w as usize {
                zr.extend_from_slice(&z[i * 2..i * 2 + 2]);
                yr.push(y[i]);
            }
        }
        let repeated = fit(
            &Problem {
                z: &zr,
                dim: 2,
                y: &yr,
                classes: 3,
                weights: None,
            },
            None,
        );
        assert!(weighted.converged && repeated.converged);
        for (a, b) in weighted.weights.iter().zip(&repeated.weights) {
            assert!((a - b).abs() < 1e-8);
        }
    }
}
