//! Limited-memory BFGS (Nocedal & Wright, *Numerical Optimization*, algorithm
//! 7.4) for the smooth, convex objectives of the probe: the last
//! [`MEMORY`] steps approximate the inverse Hessian, and a backtracking line
//! search accepts a step by the Armijo condition, or, once the objective's
//! decrease is below its rounding, by the approximate Wolfe conditions of Hager
//! and Zhang (2005), so that the gradient can be driven far below what the
//! objective's own digits could confirm.

use crate::embeddings::linalg::dot;

/// Steps remembered.
pub const MEMORY: usize = 10;
/// Armijo's sufficient-decrease constant.
const ARMIJO: f64 = 1e-4;
/// The curvature constant of the approximate Wolfe conditions.
const CURVATURE: f64 = 0.9;
/// Halvings a line search tries before it gives up.
const MAX_HALVINGS: usize = 60;

/// Where a minimisation stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    /// The point.
    pub x: Vec<f64>,
    /// The objective there.
    pub value: f64,
    /// The largest absolute component of the gradient there.
    pub gradient: f64,
    /// Iterations taken.
    pub iterations: usize,
    /// Whether the gradient reached the tolerance.
    pub converged: bool,
}

/// The largest absolute value.
fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

/// Minimises `f` from `x0`, where `f(x, grad)` returns the objective at `x` and
/// writes its gradient into `grad`, until the gradient's largest absolute
/// component is at most `tolerance` or `max_iterations` pass.
pub fn minimise(
    mut f: impl FnMut(&[f64], &mut [f64]) -> f64,
    x0: Vec<f64>,
    tolerance: f64,
    max_iterations: usize,
) -> Minimum {
    let n = x0.len();
    let mut x = x0;
    let mut g = vec![0.0; n];
    let mut value = f(&x, &mut g);
    // The remembered steps s = x_{k+1} − x_k, y = g_{k+1} − g_k, and 1 / (y·s).
    let mut steps: std::collections::VecDeque<(Vec<f64>, Vec<f64>, f64)> =
        std::collections::VecDeque::with_capacity(MEMORY);
    let mut direction = vec![0.0; n];
    let mut alphas = [0.0; MEMORY];
    let mut x_new = vec![0.0; n];
    let mut g_new = vec![0.0; n];
    let mut iterations = 0;
    while max_abs(&g) > tolerance && iterations < max_iterations {
        iterations += 1;
        // The two-loop recursion: direction = −H g.
        direction.copy_from_slice(&g);
        for (k, (s, y, rho)) in steps.iter().enumerate().rev() {
            let a = rho * dot(s, &direction);
            if let Some(slot) = alphas.get_mut(k) {
                *slot = a;
            }
            direction.iter_mut().zip(y).for_each(|(d, yi)| *d -= a * yi);
        }
        let scale = steps
            .back()
            .map_or(1.0 / max_abs(&g).max(1.0), |(_, y, rho)| {
                1.0 / (rho * dot(y, y))
            });
        direction.iter_mut().for_each(|d| *d *= scale);
        for (k, (s, y, rho)) in steps.iter().enumerate() {
            let b = rho * dot(y, &direction);
            let a = alphas.get(k).copied().unwrap_or(0.0);
            direction
                .iter_mut()
                .zip(s)
                .for_each(|(d, si)| *d += (a - b) * si);
        }
        direction.iter_mut().for_each(|d| *d = -*d);
        let mut slope = dot(&g, &direction);
        if slope >= 0.0 {
            // Not a descent direction (rounding in the memory): start afresh.
            steps.clear();
            for (d, gi) in direction.iter_mut().zip(&g) {
                *d = -gi / max_abs(&g).max(1.0);
            }
            slope = dot(&g, &direction);
        }
        // Backtracking from the full step.
        let noise = 1e-13 * value.abs().max(1.0);
        let mut step = 1.0;
        let mut accepted = None;
        for _ in 0..MAX_HALVINGS {
            for ((xn, xi), di) in x_new.iter_mut().zip(&x).zip(&direction) {
                *xn = xi + step * di;
            }
            let v = f(&x_new, &mut g_new);
            let armijo = v <= value + ARMIJO * step * slope;
            let new_slope = dot(&g_new, &direction);
            let approximate_wolfe = v <= value + noise
                && new_slope >= CURVATURE * slope
                && new_slope <= (2.0 * ARMIJO - 1.0) * slope;
            if v.is_finite() && (armijo || approximate_wolfe) {
                accepted = Some(v);
                break;
            }
            step *= 0.5;
        }
        let Some(v) = accepted else {
            break;
        };
        let s: Vec<f64> = x_new.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = g_new.iter().zip(&g).map(|(a, b)| a - b).collect();
        let ys = dot(&y, &s);
        if ys > 1e-300 {
            if steps.len() == MEMORY {
                steps.pop_front();
            }
            steps.push_back((s, y, 1.0 / ys));
        }
        std::mem::swap(&mut x, &mut x_new);
        std::mem::swap(&mut g, &mut g_new);
        value = v;
    }
    let gradient = max_abs(&g);
    Minimum {
        x,
        value,
        gradient,
        iterations,
        converged: gradient <= tolerance,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rosenbrock_valley_is_followed_to_its_minimum() {
        let rosenbrock = |x: &[f64], g: &mut [f64]| {
            let (a, b) = (x[0], x[1]);
            g[0] = -2.0 * (1.0 - a) - 400.0 * a * (b - a * a);
            g[1] = 200.0 * (b - a * a);
            (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2)
        };
        let m = minimise(rosenbrock, vec![-1.2, 1.0], 1e-10, 1000);
        assert!(m.converged, "{m:?}");
        assert!((m.x[0] - 1.0).abs() < 1e-8 && (m.x[1] - 1.0).abs() < 1e-8);
    }

    #[test]
    fn a_quadratic_converges_past_the_objectives_rounding() {
        // f = ½ Σ k (x_k − 1)² + 1e6: a gradient of 1e-12 changes f by far less
        // than its last digit.
        let f = |x: &[f64], g: &mut [f64]| {
            let mut v = 1e6;
            for (k, (xi, gi)) in x.iter().zip(g.iter_mut()).enumerate() {
                let c = (k + 1) as f64;
                *gi = c * (xi - 1.0);
                v += 0.5 * c * (xi - 1.0).powi(2);
            }
            v
        };
        let m = minimise(f, vec![0.0; 20], 1e-12, 500);
        assert!(m.converged, "{m:?}");
        assert!(m.x.iter().all(|x| (x - 1.0).abs() < 1e-12));
    }
}
