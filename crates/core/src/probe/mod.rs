//! Probing what a representation leans on, `docs/spec/metrics.md` section 10
//! (Spurious Attribute Probing): concept scores standardised on the train rows
//! ([`Standardiser`]), a logistic-regression probe from them to a target
//! ([`logistic`], fitted by [`lbfgs`]), and the spurious concepts it finds
//! ([`sap`]), from the concepts of a [`concepts`] table.

pub mod concepts;
pub mod lbfgs;
pub mod logistic;
pub mod sap;
pub mod slices;
pub mod target;

/// Scores standardised as scikit-learn's `StandardScaler` does: each column
/// minus its mean over the rows it was fitted on (each with its weight), over
/// its population standard deviation; a column that does not vary there is 0.
#[derive(Debug, Clone, PartialEq)]
pub struct Standardiser {
    /// Each column's mean.
    pub mean: Vec<f64>,
    /// Each column's standard deviation (1 where it is 0).
    pub scale: Vec<f64>,
}

impl Standardiser {
    /// The means and deviations of `dim` columns of the row-major `x`, over the
    /// rows `rows`, the `k`-th with weight `weights[k]` (1 each when `None`).
    pub fn fit(x: &[f64], dim: usize, rows: &[usize], weights: Option<&[f64]>) -> Self {
        let weight = |k: usize| weights.and_then(|w| w.get(k)).copied().unwrap_or(1.0);
        let mut mean = vec![0.0; dim];
        let mut total = 0.0;
        for (k, &i) in rows.iter().enumerate() {
            let w = weight(k);
            total += w;
            if let Some(row) = x.get(i * dim..(i + 1) * dim) {
                mean.iter_mut().zip(row).for_each(|(m, v)| *m += w * v);
            }
        }
        let total = if total > 0.0 { total } else { 1.0 };
        mean.iter_mut().for_each(|m| *m /= total);
        let mut var = vec![0.0; dim];
        for (k, &i) in rows.iter().enumerate() {
            let w = weight(k);
            if let Some(row) = x.get(i * dim..(i + 1) * dim) {
                for ((s, v), m) in var.iter_mut().zip(row).zip(&mean) {
                    *s += w * (v - m) * (v - m);
                }
            }
        }
        let scale = var
            .iter()
            .map(|s| {
                let sd = (s / total).sqrt();
                // StandardScaler leaves a column of (near) zero variance unscaled.
                if sd > 10.0 * f64::EPSILON * total.sqrt() {
                    sd
                } else {
                    1.0
                }
            })
            .collect();
        Self { mean, scale }
    }

    /// Row `i` of `x` standardised into `out`.
    pub fn apply(&self, row: &[f64], out: &mut [f64]) {
        for (((o, v), m), s) in out.iter_mut().zip(row).zip(&self.mean).zip(&self.scale) {
            *o = (v - m) / s;
        }
    }

    /// The rows `rows` of `x`, standardised, row-major.
    pub fn transform(&self, x: &[f64], rows: &[usize]) -> Vec<f64> {
        let dim = self.mean.len();
        let mut out = vec![0.0; rows.len() * dim];
        for (k, &i) in rows.iter().enumerate() {
            if let (Some(row), Some(o)) = (
                x.get(i * dim..(i + 1) * dim),
                out.get_mut(k * dim..(k + 1) * dim),
            ) {
                self.apply(row, o);
            }
        }
        out
    }
}
