//! Error slices, `docs/spec/metrics.md` section 11 (after Domino): the test rows
//! clustered by an error-aware Gaussian mixture on their PCA-reduced embeddings,
//! the clusters ranked by the model's error rate, and each described by its
//! groups, the attributes over-represented in it and, with concept embeddings,
//! the concepts that set it apart from its class.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::concepts::Concepts;
use super::target::{labels, ProbeTarget};
use crate::embeddings::pca::pca;
use crate::embeddings::Embeddings;
use crate::error::SettingsError;
use crate::input::dataset::Dataset;
use crate::metrics::association::{benjamini_hochberg, TwoByTwo};
use crate::progress::Progress;
use crate::rng::SeededRng;

/// Mixture components unless a setting says otherwise.
pub const DEFAULT_COMPONENTS: usize = 8;
/// The most PCA components the mixture is fitted on.
pub const MAX_DIMS: usize = 16;
/// How much the target and the error weigh in a row's likelihood.
pub const WEIGHT: f64 = 10.0;
/// The smallest variance of a component along a coordinate.
const VARIANCE_FLOOR: f64 = 1e-3;
/// EM iterations at most.
const MAX_ITERATIONS: usize = 300;
/// EM stops when the mean log-likelihood changes by less than this.
const TOLERANCE: f64 = 1e-8;
/// Concepts listed per slice.
const CONCEPTS_SHOWN: usize = 5;

/// How the slices are found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SliceSettings {
    /// The target whose errors are sliced.
    pub target: ProbeTarget,
    /// Mixture components.
    pub components: usize,
    /// Seed of the PCA and of the mixture's start.
    pub seed: u64,
}

/// An attribute over-represented in a slice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SliceAttribute {
    /// The attribute.
    pub attribute: String,
    /// `P(a | slice) / P(a | all rows)`.
    pub lift: f64,
    /// Rows of the slice with it.
    pub in_slice: u64,
    /// Rows with it among all the rows sliced.
    pub in_all: u64,
    /// Its Benjamini–Hochberg q-value.
    pub q: f64,
}

/// A concept that sets a slice apart from its class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SliceConcept {
    /// The concept.
    pub concept: String,
    /// Its cosine with the slice's mean minus its class's mean.
    pub score: f64,
}

/// One slice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Slice {
    /// Its mixture component.
    pub component: usize,
    /// Its rows' ids.
    pub rows: Vec<String>,
    /// Its rows' positions in the data set.
    pub indices: Vec<usize>,
    /// Rows the model gets wrong.
    pub errors: usize,
    /// `errors / rows`.
    pub error_rate: f64,
    /// The error rate of the other rows sliced (none when there are none).
    pub rest_error_rate: Option<f64>,
    /// Rows per group.
    pub groups: BTreeMap<String, usize>,
    /// The target value most of its rows have.
    pub target: String,
    /// Attributes over-represented in it.
    pub attributes: Vec<SliceAttribute>,
    /// With concept embeddings: what sets it apart from its class.
    pub concepts: Vec<SliceConcept>,
}

/// What the slice search found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SliceReport {
    /// The group column's name, or the attribute's.
    pub target: String,
    /// Rows sliced (test rows with a value and a prediction).
    pub rows: usize,
    /// Of which the model gets wrong.
    pub errors: usize,
    /// PCA components the mixture was fitted on.
    pub dims: usize,
    /// EM iterations.
    pub iterations: usize,
    /// Whether EM met its tolerance.
    pub converged: bool,
    /// The slices, worst first.
    pub slices: Vec<Slice>,
    /// The settings.
    pub settings: SliceSettings,
}

/// The mixture's parameters.
struct Mixture {
    weight: Vec<f64>,
    mean: Vec<Vec<f64>>,
    variance: Vec<Vec<f64>>,
    value: Vec<Vec<f64>>,
    error: Vec<f64>,
}

/// The rows the mixture works on: coordinates, values and errors.
struct Points<'a> {
    x: &'a [f64],
    dims: usize,
    y: &'a [usize],
    errs: &'a [bool],
    values: usize,
}

impl Points<'_> {
    fn len(&self) -> usize {
        self.y.len()
    }

    fn row(&self, i: usize) -> &[f64] {
        self.x
            .get(i * self.dims..(i + 1) * self.dims)
            .unwrap_or(&[])
    }
}

/// The M step: parameters from responsibilities `r` (`n × k`).
fn maximise(p: &Points, r: &[f64], k: usize) -> Mixture {
    let (n, dims) = (p.len(), p.dims);
    let mut m = Mixture {
        weight: vec![0.0; k],
        mean: vec![vec![0.0; dims]; k],
        variance: vec![vec![0.0; dims]; k],
        value: vec![vec![0.0; p.values]; k],
        error: vec![0.0; k],
    };
    for i in 0..n {
        let row = p.row(i);
        for c in 0..k {
            let w = r.get(i * k + c).copied().unwrap_or(0.0);
            if w == 0.0 {
                continue;
            }
            if let Some(x) = m.weight.get_mut(c) {
                *x += w;
            }
            if let Some(mean) = m.mean.get_mut(c) {
                mean.iter_mut().zip(row).for_each(|(a, v)| *a += w * v);
            }
            if let Some(v) = m
                .value
                .get_mut(c)
                .and_then(|v| v.get_mut(p.y.get(i).copied().unwrap_or(0)))
            {
                *v += w;
            }
            if p.errs.get(i) == Some(&true) {
                if let Some(e) = m.error.get_mut(c) {
                    *e += w;
                }
            }
        }
    }
    for c in 0..k {
        let nk = m.weight.get(c).copied().unwrap_or(0.0);
        if let Some(mean) = m.mean.get_mut(c) {
            mean.iter_mut().for_each(|a| *a /= nk.max(1e-300));
        }
    }
    for i in 0..n {
        let row = p.row(i);
        for c in 0..k {
            let w = r.get(i * k + c).copied().unwrap_or(0.0);
            if w == 0.0 {
                continue;
            }
            if let (Some(var), Some(mean)) = (m.variance.get_mut(c), m.mean.get(c)) {
                for ((s, v), mu) in var.iter_mut().zip(row).zip(mean) {
                    *s += w * (v - mu) * (v - mu);
                }
            }
        }
    }
    for c in 0..k {
        let nk = m.weight.get(c).copied().unwrap_or(0.0);
        if let Some(var) = m.variance.get_mut(c) {
            var.iter_mut()
                .for_each(|s| *s = (*s / nk.max(1e-300)).max(VARIANCE_FLOOR));
        }
        if let Some(v) = m.value.get_mut(c) {
            v.iter_mut()
                .for_each(|x| *x = (*x + 1.0) / (nk + p.values as f64));
        }
        if let Some(e) = m.error.get_mut(c) {
            *e = (*e + 1.0) / (nk + 2.0);
        }
        if let Some(w) = m.weight.get_mut(c) {
            *w = nk / n as f64;
        }
    }
    m
}

/// The E step: responsibilities into `r`; returns the mean log-likelihood.
fn expect(p: &Points, m: &Mixture, r: &mut [f64]) -> f64 {
    let k = m.weight.len();
    let mut total = 0.0;
    let mut l = vec![0.0; k];
    let half_log_two_pi = 0.5 * (2.0 * std::f64::consts::PI).ln();
    for i in 0..p.len() {
        let row = p.row(i);
        let y = p.y.get(i).copied().unwrap_or(0);
        let err = p.errs.get(i) == Some(&true);
        for (c, lc) in l.iter_mut().enumerate() {
            let pi = m.weight.get(c).copied().unwrap_or(0.0);
            if pi <= 0.0 {
                *lc = f64::NEG_INFINITY;
                continue;
            }
            let (Some(mean), Some(var)) = (m.mean.get(c), m.variance.get(c)) else {
                *lc = f64::NEG_INFINITY;
                continue;
            };
            let gauss: f64 = row
                .iter()
                .zip(mean)
                .zip(var)
                .map(|((x, mu), s)| {
                    -half_log_two_pi - 0.5 * s.ln() - (x - mu) * (x - mu) / (2.0 * s)
                })
                .sum();
            let pv = m
                .value
                .get(c)
                .and_then(|v| v.get(y))
                .copied()
                .unwrap_or(1.0);
            let e = m.error.get(c).copied().unwrap_or(0.5);
            let pe = if err { e } else { 1.0 - e };
            *lc = pi.ln() + gauss + WEIGHT * (pv.ln() + pe.ln());
        }
        let top = l.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let sum: f64 = l.iter().map(|v| (v - top).exp()).sum();
        total += top + sum.ln();
        for (c, lc) in l.iter().enumerate() {
            if let Some(x) = r.get_mut(i * k + c) {
                *x = (lc - top).exp() / sum;
            }
        }
    }
    total / p.len().max(1) as f64
}

/// k-means++ seeding: each row in its nearest of `k` seeded centres, as
/// responsibilities.
fn seeded_start(p: &Points, k: usize, seed: u64) -> Vec<f64> {
    let n = p.len();
    let mut rng = SeededRng::new(seed);
    let distance =
        |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>();
    let first = rng.below(n as u32) as usize;
    let mut centres: Vec<usize> = vec![first];
    let mut nearest: Vec<f64> = (0..n).map(|i| distance(p.row(i), p.row(first))).collect();
    while centres.len() < k {
        let next = if nearest.iter().sum::<f64>() > 0.0 {
            rng.weighted(&nearest)
        } else {
            rng.below(n as u32) as usize
        };
        centres.push(next);
        for (i, d) in nearest.iter_mut().enumerate() {
            *d = d.min(distance(p.row(i), p.row(next)));
        }
    }
    let mut r = vec![0.0; n * k];
    for i in 0..n {
        let best = centres
            .iter()
            .enumerate()
            .map(|(c, &j)| (c, distance(p.row(i), p.row(j))))
            .fold((0, f64::INFINITY), |b, x| if x.1 < b.1 { x } else { b });
        if let Some(x) = r.get_mut(i * k + best.0) {
            *x = 1.0;
        }
    }
    r
}

/// Finds the error slices of `settings.target` in `d`, whose rows `images`
/// embeds; `concepts` (the table and its embeddings) describe them.
pub fn slices(
    d: &Dataset,
    images: &Embeddings,
    concepts: Option<(&Concepts, &Embeddings)>,
    settings: &SliceSettings,
    progress: &mut dyn FnMut(Progress),
) -> Result<SliceReport, SettingsError> {
    let labels = labels(d, &settings.target);
    let Some(predicted) = &labels.predicted else {
        return Err(SettingsError::NeedsPredictions(match settings.target {
            ProbeTarget::Group => "groups",
            ProbeTarget::Attribute(_) => "attributes",
        }));
    };
    let mut rows = Vec::new();
    let mut y = Vec::new();
    let mut errs = Vec::new();
    for i in 0..d.len() {
        let test = d.role.get(i).is_some_and(|r| r.is_test());
        let value = labels.truth.get(i).copied().flatten();
        let guess = predicted.get(i).copied().flatten();
        if let (true, Some(v), Some(g)) = (test, value, guess) {
            rows.push(i);
            y.push(v as usize);
            errs.push(v != g);
        }
    }
    let n = rows.len();
    if n < 2 {
        return Err(SettingsError::SliceRows(n));
    }
    let dim = images.dim;
    let sub = images.select(&rows);
    let dims = MAX_DIMS.min(dim).min(n - 1).max(1);
    progress(Progress::step("reducing the embeddings (PCA)"));
    let projection = pca(&sub, dims, settings.seed, &mut |_, _| {});
    // Each coordinate over its standard deviation.
    let mut x: Vec<f64> = projection
        .coordinates
        .iter()
        .map(|&v| f64::from(v))
        .collect();
    for j in 0..dims {
        let column = || (0..n).filter_map(|i| x.get(i * dims + j).copied());
        let mean = column().sum::<f64>() / n as f64;
        let sd = (column().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n as f64).sqrt();
        let sd = if sd > 0.0 { sd } else { 1.0 };
        for i in 0..n {
            if let Some(v) = x.get_mut(i * dims + j) {
                *v /= sd;
            }
        }
    }
    let points = Points {
        x: &x,
        dims,
        y: &y,
        errs: &errs,
        values: labels.values.len(),
    };
    let k = settings.components.clamp(1, n);
    let mut r = seeded_start(&points, k, settings.seed);
    let mut previous = f64::NEG_INFINITY;
    let (mut iterations, mut converged) = (0, false);
    while iterations < MAX_ITERATIONS {
        progress(Progress::of(
            "fitting the error-aware mixture",
            iterations,
            MAX_ITERATIONS,
        ));
        let m = maximise(&points, &r, k);
        let ll = expect(&points, &m, &mut r);
        iterations += 1;
        if (ll - previous).abs() < TOLERANCE {
            converged = true;
            break;
        }
        previous = ll;
    }
    progress(Progress::step("describing the slices"));
    let assigned: Vec<usize> = (0..n)
        .map(|i| {
            (0..k).fold(0, |best, c| {
                let at = |c: usize| r.get(i * k + c).copied().unwrap_or(0.0);
                if at(c) > at(best) {
                    c
                } else {
                    best
                }
            })
        })
        .collect();
    let total_errors = errs.iter().filter(|&&e| e).count();
    let mut found = Vec::new();
    for c in 0..k {
        let members: Vec<usize> = (0..n).filter(|&i| assigned.get(i) == Some(&c)).collect();
        if members.is_empty() {
            continue;
        }
        found.push(describe(
            d,
            &labels.values,
            &rows,
            &y,
            &errs,
            &members,
            c,
            total_errors,
        ));
    }
    let p_values: Vec<Option<f64>> = found
        .iter()
        .flat_map(|(_, tables)| tables.iter().map(|(_, t)| t.association().chi2_p))
        .collect();
    let q = benjamini_hochberg(&p_values);
    let mut q = q.into_iter();
    let mut slices: Vec<Slice> = Vec::new();
    for (mut slice, tables) in found {
        for (attribute, t) in tables {
            let q = q.next().flatten();
            let size = (t.n11 + t.n01) as f64;
            let lift = (t.n11 as f64 / size) / ((t.n11 + t.n10) as f64 / n as f64);
            if let Some(q) = q.filter(|&q| q < 0.05 && lift > 1.0) {
                slice.attributes.push(SliceAttribute {
                    attribute,
                    lift,
                    in_slice: t.n11,
                    in_all: t.n11 + t.n10,
                    q,
                });
            }
        }
        slice.attributes.sort_by(|a, b| {
            b.lift
                .total_cmp(&a.lift)
                .then_with(|| a.attribute.cmp(&b.attribute))
        });
        slices.push(slice);
    }
    if let Some((table, texts)) = concepts {
        for slice in &mut slices {
            slice.concepts =
                describe_concepts(&sub, &rows, &y, &labels.values, slice, table, texts);
        }
    }
    slices.sort_by(|a, b| {
        b.error_rate
            .total_cmp(&a.error_rate)
            .then_with(|| b.rows.len().cmp(&a.rows.len()))
            .then_with(|| a.component.cmp(&b.component))
    });
    Ok(SliceReport {
        target: settings.target.name(d).to_owned(),
        rows: n,
        errors: total_errors,
        dims,
        iterations,
        converged,
        slices,
        settings: settings.clone(),
    })
}

/// A slice's rows, errors and groups, and each attribute's 2×2 table (in the
/// slice, has the attribute) over the sliced rows.
#[allow(clippy::too_many_arguments)]
fn describe(
    d: &Dataset,
    values: &[String],
    rows: &[usize],
    y: &[usize],
    errs: &[bool],
    members: &[usize],
    component: usize,
    total_errors: usize,
) -> (Slice, Vec<(String, TwoByTwo)>) {
    let n = rows.len();
    let errors = members
        .iter()
        .filter(|&&m| errs.get(m) == Some(&true))
        .count();
    let rest = n - members.len();
    let mut groups = BTreeMap::new();
    let mut value_counts = vec![0usize; values.len()];
    for &m in members {
        let i = rows.get(m).copied().unwrap_or(0);
        if let Some(name) = d
            .group
            .get(i)
            .copied()
            .flatten()
            .and_then(|g| d.groups.get(g as usize))
        {
            *groups.entry(name.clone()).or_insert(0) += 1;
        }
        if let Some(v) = value_counts.get_mut(y.get(m).copied().unwrap_or(0)) {
            *v += 1;
        }
    }
    let common = (0..values.len()).fold(0, |b, v| {
        if value_counts.get(v) > value_counts.get(b) {
            v
        } else {
            b
        }
    });
    let mut in_slice = vec![false; n];
    for &m in members {
        if let Some(x) = in_slice.get_mut(m) {
            *x = true;
        }
    }
    let mut tables = Vec::new();
    for (a, name) in d.attributes.iter().enumerate() {
        let mut t = TwoByTwo {
            n11: 0,
            n10: 0,
            n01: 0,
            n00: 0,
        };
        for (m, &i) in rows.iter().enumerate() {
            let has =
                d.gt.get(i)
                    .is_some_and(|g| g.binary_search(&(a as u32)).is_ok());
            match (has, in_slice.get(m) == Some(&true)) {
                (true, true) => t.n11 += 1,
                (true, false) => t.n10 += 1,
                (false, true) => t.n01 += 1,
                (false, false) => t.n00 += 1,
            }
        }
        if t.n11 > 0 {
            tables.push((name.clone(), t));
        }
    }
    let slice = Slice {
        component,
        rows: members
            .iter()
            .filter_map(|&m| rows.get(m).and_then(|&i| d.ids.get(i)).cloned())
            .collect(),
        indices: members
            .iter()
            .filter_map(|&m| rows.get(m).copied())
            .collect(),
        errors,
        error_rate: errors as f64 / members.len() as f64,
        rest_error_rate: (rest > 0).then(|| (total_errors - errors) as f64 / rest as f64),
        groups,
        target: values.get(common).cloned().unwrap_or_default(),
        attributes: Vec::new(),
        concepts: Vec::new(),
    };
    (slice, tables)
}

/// The concepts closest to the slice's mean embedding minus its class's mean.
fn describe_concepts(
    sub: &Embeddings,
    rows: &[usize],
    y: &[usize],
    values: &[String],
    slice: &Slice,
    table: &Concepts,
    texts: &Embeddings,
) -> Vec<SliceConcept> {
    let dim = sub.dim;
    let class = values.iter().position(|v| *v == slice.target).unwrap_or(0);
    let position: BTreeMap<usize, usize> = rows.iter().enumerate().map(|(m, &i)| (i, m)).collect();
    let mean_of = |members: &mut dyn Iterator<Item = usize>| {
        let mut mean = vec![0.0; dim];
        let mut count = 0.0;
        for m in members {
            if let Some(row) = sub.values.get(m * dim..(m + 1) * dim) {
                mean.iter_mut()
                    .zip(row)
                    .for_each(|(a, &v)| *a += f64::from(v));
                count += 1.0;
            }
        }
        mean.iter_mut().for_each(|a| *a /= f64::max(count, 1.0));
        mean
    };
    let slice_mean = mean_of(
        &mut slice
            .indices
            .iter()
            .filter_map(|i| position.get(i).copied()),
    );
    let class_mean = mean_of(&mut (0..rows.len()).filter(|&m| y.get(m) == Some(&class)));
    let direction: Vec<f64> = slice_mean
        .iter()
        .zip(&class_mean)
        .map(|(a, b)| a - b)
        .collect();
    let mut scored: Vec<SliceConcept> = table
        .concepts
        .iter()
        .enumerate()
        .filter_map(|(k, c)| {
            let t: Vec<f64> = texts
                .values
                .get(k * dim..(k + 1) * dim)?
                .iter()
                .map(|&v| f64::from(v))
                .collect();
            let score = crate::embeddings::linalg::cosine(&direction, &t)?;
            Some(SliceConcept {
                concept: c.name.clone(),
                score,
            })
        })
        .collect();
    scored.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.concept.cmp(&b.concept))
    });
    scored.truncate(CONCEPTS_SHOWN);
    scored
}
