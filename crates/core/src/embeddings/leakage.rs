//! Group leakage, `docs/spec/metrics.md` section 8: how well an L2-regularised logistic
//! regression on the standardised embeddings predicts the group, by 5-fold
//! cross-validation with a seeded shuffle; accuracy and ROC AUC beside the
//! majority-class baseline. Multinomial (softmax) for any number of groups;
//! trained by seeded mini-batch gradient descent with Adam, each fold on at most
//! 20,000 of its training rows; every row is scored once, held out.

use serde::{Deserialize, Serialize};

use crate::embeddings::linalg::dot;
use crate::embeddings::matrix::Embeddings;
use crate::rng::SeededRng;

/// Folds of the cross-validation.
pub const FOLDS: usize = 5;
/// Passes over each training fold (more on small folds, see [`MIN_STEPS`]).
const EPOCHS: usize = 3;
/// Rows per gradient step.
const BATCH: usize = 64;
/// The fewest gradient steps a fold trains for: small folds take more passes.
const MIN_STEPS: usize = 400;
/// Adam's step size.
const LEARNING_RATE: f64 = 0.01;
/// The most rows a fold trains on (a seeded sample of its training rows): enough
/// for a linear probe, and it keeps 100,000-row data sets to seconds.
const MAX_TRAIN: usize = 20_000;

/// The cross-validated leakage of the group from the embeddings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Leakage {
    /// Share of held-out rows whose group is predicted right.
    pub accuracy: f64,
    /// ROC AUC of the held-out scores (two groups), or the mean one-vs-rest AUC.
    pub auc: Option<f64>,
    /// The share of the most common group: what predicting it always scores.
    pub baseline: f64,
    /// Rows used (those with a group).
    pub rows: usize,
    /// A one-line reading for non-experts.
    pub reading: String,
}

/// Why leakage cannot be measured.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LeakageError {
    /// Fewer than two groups among the rows.
    #[error("needs at least two groups among the rows with embeddings")]
    OneGroup,
    /// Too few rows for 5 folds.
    #[error("needs at least {FOLDS} rows with a group per group to cross-validate")]
    TooFewRows,
}

/// A trained softmax model: `classes × (dim + 1)` weights (the last is the bias).
struct Model {
    classes: usize,
    dim: usize,
    w: Vec<f64>,
}

impl Model {
    fn scores(&self, x: &[f64], out: &mut [f64]) {
        let stride = self.dim + 1;
        for (c, o) in out.iter_mut().enumerate().take(self.classes) {
            let w = self.w.get(c * stride..(c + 1) * stride).unwrap_or_default();
            *o = dot(w, x) + w.last().copied().unwrap_or(0.0);
        }
        // Softmax, stably.
        let max = out.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut sum = 0.0;
        for o in out.iter_mut() {
            *o = (*o - max).exp();
            sum += *o;
        }
        out.iter_mut().for_each(|o| *o /= sum);
    }
}

/// Standardises a row with the training fold's means and `1 / deviation`s.
fn standardise(e: &Embeddings, i: usize, mean: &[f64], scale: &[f64], out: &mut [f64]) {
    for (((o, &x), m), s) in out.iter_mut().zip(e.row(i)).zip(mean).zip(scale) {
        *o = (f64::from(x) - m) * s;
    }
}

/// Fits a softmax model on `rows` (row index, class) of the standardised embeddings.
fn train(
    e: &Embeddings,
    rows: &[(usize, usize)],
    classes: usize,
    mean: &[f64],
    scale: &[f64],
    seed: u64,
) -> Model {
    let dim = e.dim;
    let stride = dim + 1;
    let mut model = Model {
        classes,
        dim,
        w: vec![0.0; classes * stride],
    };
    let (mut m1, mut m2) = (vec![0.0; model.w.len()], vec![0.0; model.w.len()]);
    let (beta1, beta2, eps): (f64, f64, f64) = (0.9, 0.999, 1e-8);
    // sklearn's C = 1: the penalty ½‖w‖² against the summed log loss, i.e. 1/n per row.
    let l2 = 1.0 / rows.len().max(1) as f64;
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let mut rng = SeededRng::new(seed);
    let mut x = vec![0.0; dim];
    let mut p = vec![0.0; classes];
    let mut grad = vec![0.0; model.w.len()];
    let mut step = 0;
    let steps_per_epoch = rows.len().div_ceil(BATCH).max(1);
    let epochs = EPOCHS.max(MIN_STEPS.div_ceil(steps_per_epoch));
    for _ in 0..epochs {
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i as u32 + 1) as usize);
        }
        for batch in order.chunks(BATCH) {
            grad.iter_mut().for_each(|g| *g = 0.0);
            for &r in batch {
                let Some(&(i, y)) = rows.get(r) else { continue };
                standardise(e, i, mean, scale, &mut x);
                model.scores(&x, &mut p);
                for (c, &pc) in p.iter().enumerate() {
                    let err = pc - if c == y { 1.0 } else { 0.0 };
                    let g = grad
                        .get_mut(c * stride..(c + 1) * stride)
                        .unwrap_or_default();
                    for (gj, xj) in g.iter_mut().zip(&x) {
                        *gj += err * xj;
                    }
                    if let Some(b) = g.last_mut() {
                        *b += err;
                    }
                }
            }
            step += 1;
            let scale = 1.0 / batch.len() as f64;
            let (c1, c2) = (1.0 - beta1.powi(step), 1.0 - beta2.powi(step));
            let moments = m1.iter_mut().zip(m2.iter_mut());
            for (k, ((w, &gk), (m1k, m2k))) in
                model.w.iter_mut().zip(&grad).zip(moments).enumerate()
            {
                let is_bias = k % stride == dim;
                let g = gk * scale + if is_bias { 0.0 } else { l2 * *w };
                *m1k = beta1 * *m1k + (1.0 - beta1) * g;
                *m2k = beta2 * *m2k + (1.0 - beta2) * g * g;
                *w -= LEARNING_RATE * (*m1k / c1) / ((*m2k / c2).sqrt() + eps);
            }
        }
    }
    model
}

/// ROC AUC of scores for positives vs negatives (ties count half), by ranks.
pub fn roc_auc(scores: &[(f64, bool)]) -> Option<f64> {
    let positives = scores.iter().filter(|s| s.1).count();
    let negatives = scores.len() - positives;
    if positives == 0 || negatives == 0 {
        return None;
    }
    let mut sorted: Vec<(f64, bool)> = scores.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Average ranks over ties.
    let mut rank_sum = 0.0;
    let mut i = 0;
    for tie in sorted.chunk_by(|a, b| a.0 == b.0) {
        let j = i + tie.len() - 1;
        let rank = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += rank * tie.iter().filter(|s| s.1).count() as f64;
        i = j + 1;
    }
    let p = positives as f64;
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * negatives as f64))
}

/// Cross-validated leakage of `labels` (each row's group index, `None` without a
/// group) from the embeddings, calling `progress(fold, FOLDS)`.
// Never inlined: the app's worker links this crate into code built for size,
// and a loop inlined there is not vectorised (LTO keeps the caller's size goal).
#[inline(never)]
pub fn leakage(
    e: &Embeddings,
    labels: &[Option<u32>],
    classes: usize,
    seed: u64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Leakage, LeakageError> {
    let mut rows: Vec<(usize, usize)> = labels
        .iter()
        .take(e.rows)
        .enumerate()
        .filter_map(|(i, g)| g.map(|g| (i, g as usize)))
        .filter(|&(_, g)| g < classes)
        .collect();
    let mut counts = vec![0usize; classes];
    for &(_, g) in &rows {
        if let Some(n) = counts.get_mut(g) {
            *n += 1;
        }
    }
    if counts.iter().filter(|&&c| c > 0).count() < 2 {
        return Err(LeakageError::OneGroup);
    }
    if rows.len() < 2 * FOLDS {
        return Err(LeakageError::TooFewRows);
    }
    let mut rng = SeededRng::new(seed);
    for i in (1..rows.len()).rev() {
        rows.swap(i, rng.below(i as u32 + 1) as usize);
    }
    let mut correct = 0usize;
    let mut held_out: Vec<(usize, Vec<f64>)> = Vec::with_capacity(rows.len());
    for fold in 0..FOLDS {
        progress(fold, FOLDS);
        let (test, rest): (Vec<_>, Vec<_>) = rows
            .iter()
            .enumerate()
            .partition(|(k, _)| k % FOLDS == fold);
        // The rows are already in a seeded random order: the first MAX_TRAIN are a sample.
        let fitted: Vec<(usize, usize)> =
            rest.into_iter().map(|(_, r)| *r).take(MAX_TRAIN).collect();
        let mut mean = vec![0.0; e.dim];
        let mut sq = vec![0.0; e.dim];
        for &(i, _) in &fitted {
            for ((m, s), &x) in mean.iter_mut().zip(sq.iter_mut()).zip(e.row(i)) {
                *m += f64::from(x);
                *s += f64::from(x) * f64::from(x);
            }
        }
        let n = fitted.len() as f64;
        let scale: Vec<f64> = mean
            .iter_mut()
            .zip(&sq)
            .map(|(m, s)| {
                *m /= n;
                let var = (s / n - *m * *m).max(0.0);
                if var > 1e-24 {
                    1.0 / var.sqrt()
                } else {
                    1.0
                }
            })
            .collect();
        let model = train(
            e,
            &fitted,
            classes,
            &mean,
            &scale,
            seed.wrapping_add(fold as u64 + 1),
        );
        let mut x = vec![0.0; e.dim];
        for (_, &(i, y)) in test {
            standardise(e, i, &mean, &scale, &mut x);
            let mut p = vec![0.0_f64; classes];
            model.scores(&x, &mut p);
            let best = p
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .map_or(0, |(c, _)| c);
            if best == y {
                correct += 1;
            }
            held_out.push((y, p));
        }
    }
    progress(FOLDS, FOLDS);
    let present: Vec<usize> = (0..classes)
        .filter(|&c| counts.get(c).is_some_and(|&n| n > 0))
        .collect();
    let auc = if let [_, positive] = present[..] {
        roc_auc(
            &held_out
                .iter()
                .map(|(y, p)| (p.get(positive).copied().unwrap_or(0.0), *y == positive))
                .collect::<Vec<_>>(),
        )
    } else {
        let aucs: Vec<f64> = present
            .iter()
            .filter_map(|&c| {
                roc_auc(
                    &held_out
                        .iter()
                        .map(|(y, p)| (p.get(c).copied().unwrap_or(0.0), *y == c))
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        (!aucs.is_empty()).then(|| aucs.iter().sum::<f64>() / aucs.len() as f64)
    };
    let total = rows.len();
    let accuracy = correct as f64 / total as f64;
    let baseline = counts.iter().copied().max().unwrap_or(0) as f64 / total as f64;
    Ok(Leakage {
        accuracy,
        auc,
        baseline,
        rows: total,
        reading: reading(accuracy, auc, baseline),
    })
}

/// One line a non-expert can act on.
fn reading(accuracy: f64, auc: Option<f64>, baseline: f64) -> String {
    let auc = auc.unwrap_or(0.5);
    let pct = |x: f64| format!("{:.0}%", 100.0 * x);
    if auc >= 0.9 {
        format!(
            "The embeddings encode the group strongly: a linear model recovers it for {} of rows (guessing the largest group gets {}).",
            pct(accuracy),
            pct(baseline)
        )
    } else if auc >= 0.7 {
        format!(
            "The embeddings encode the group: a linear model recovers it for {} of rows, well above the {} of always guessing the largest group.",
            pct(accuracy),
            pct(baseline)
        )
    } else if auc >= 0.6 {
        format!(
            "The embeddings carry some information about the group ({} right vs {} by guessing).",
            pct(accuracy),
            pct(baseline)
        )
    } else {
        format!(
            "The embeddings carry little linear information about the group ({} right vs {} by guessing).",
            pct(accuracy),
            pct(baseline)
        )
    }
}
