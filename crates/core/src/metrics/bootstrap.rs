//! Percentile bootstrap intervals for every headline number, `docs/spec/metrics.md` section 6:
//! the test rows are resampled with replacement `B` times (train split and `M`
//! fixed) and every headline number is recomputed from the resampled counts.
//!
//! A resample is a vector of weights (how often each test row was drawn). Counts
//! are refilled from each combination's list of test rows, weighted, instead of
//! materialising the resampled rows: the train table and `M` never change.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::counting::combinations::{combinations, CombinationSettings};
use crate::counting::counts::{count, CountTables, RowIndex, Table};
use crate::error::SettingsError;
use crate::input::dataset::Dataset;
use crate::metrics::amplification::{added, cell_numbers};
use crate::metrics::analysis::availability;
use crate::metrics::association::{benjamini_hochberg, Z_975};
use crate::metrics::headline::{headline, Quantity};
use crate::progress::Progress;
use crate::rng::SeededRng;

/// How many resamples, from which seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BootstrapSettings {
    /// `B`, the number of resamples (at least 1).
    pub replicates: usize,
    /// The seed: the same seed gives the same interval everywhere.
    pub seed: u64,
}

impl Default for BootstrapSettings {
    fn default() -> Self {
        Self {
            replicates: 1000,
            seed: 0,
        }
    }
}

/// The interval of one headline number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuantityInterval {
    /// Which number.
    pub quantity: Quantity,
    /// The 2.5th and 97.5th percentiles of the replicates where it is defined
    /// (`None` when it is defined in none, or is not available).
    pub ci95: Option<[f64; 2]>,
    /// Replicates in which the number was undefined.
    pub undefined: usize,
    /// The mean of the replicates where it is defined: how far it lies from the
    /// data's own value is the bootstrap's estimate of the number's bias (a mean
    /// of `|Δ|` grows when resampling adds noise to every Δ).
    pub replicate_mean: Option<f64>,
}

/// What the model adds to one cell of `M` (`Δ − Δ_perfect`, see
/// [`crate::metrics::amplification::Cell::added`]), with its bootstrap spread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellInterval {
    /// The data's own value (`None` where a cell's Δ is undefined).
    pub added: Option<f64>,
    /// The standard deviation of the replicates' values (`None` with fewer than
    /// two defined replicates).
    pub se: Option<f64>,
    /// The normal bootstrap interval, `added ± 1.96 · se` (`None` for a masked
    /// cell, which adds 0 by definition, or without `se`).
    pub ci95: Option<[f64; 2]>,
    /// The Benjamini–Hochberg q-value of the two-sided test that the cell adds 0
    /// (`p = erfc(|added| / se / √2)`), over every cell with an interval.
    pub q: Option<f64>,
}

impl CellInterval {
    /// Whether the cell is told apart from a perfect model: its interval leaves 0.
    pub fn distinguishable(&self) -> bool {
        self.ci95.is_some_and(|[lo, hi]| lo > 0.0 || hi < 0.0)
    }
}

/// Running sums, over replicates, of what the model adds to every cell of `M`,
/// in the cells' order (combination, then group): mergeable, so that each worker
/// of a pool sends its share's sums instead of every value. The sums are of
/// deviations from the observed value in fixed point (units of 2⁻⁴⁰), so they
/// are exact and the same however the replicates are split among threads or
/// workers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CellSums {
    /// The data's own value of each cell, and whether it is masked.
    observed: Vec<(Option<f64>, bool)>,
    /// Replicates where the cell's value is defined.
    n: Vec<u32>,
    /// Sum of the replicates' deviations from the observed value.
    sum: Vec<i128>,
    /// Sum of their squares.
    sum_sq: Vec<i128>,
}

/// The fixed-point unit of [`CellSums`]: 2⁴⁰ per 1.
const FIXED: f64 = (1_u64 << 40) as f64;

impl CellSums {
    fn new(observed: Vec<(Option<f64>, bool)>) -> Self {
        let n = observed.len();
        Self {
            observed,
            n: vec![0; n],
            sum: vec![0; n],
            sum_sq: vec![0; n],
        }
    }

    /// Adds one replicate's value of cell `k`.
    fn push(&mut self, k: usize, value: Option<f64>) {
        let (Some(x), Some(&(Some(o), _))) = (value, self.observed.get(k)) else {
            return;
        };
        let d = i128::from(((x - o) * FIXED).round() as i64);
        if let (Some(n), Some(s), Some(q)) = (
            self.n.get_mut(k),
            self.sum.get_mut(k),
            self.sum_sq.get_mut(k),
        ) {
            *n += 1;
            *s += d;
            *q += d * d;
        }
    }

    /// Adds another share's sums (of the same cells).
    pub fn merge(&mut self, other: &CellSums) {
        if self.observed.is_empty() {
            *self = other.clone();
            return;
        }
        for (k, (&n, (&s, &q))) in other
            .n
            .iter()
            .zip(other.sum.iter().zip(&other.sum_sq))
            .enumerate()
        {
            if let (Some(a), Some(b), Some(c)) = (
                self.n.get_mut(k),
                self.sum.get_mut(k),
                self.sum_sq.get_mut(k),
            ) {
                *a += n;
                *b += s;
                *c += q;
            }
        }
    }

    /// Each cell's interval and q-value.
    pub fn intervals(&self) -> Vec<CellInterval> {
        let se: Vec<Option<f64>> = (0..self.observed.len())
            .map(|k| {
                let n = i128::from(*self.n.get(k)?);
                let (s, q) = (*self.sum.get(k)?, *self.sum_sq.get(k)?);
                // (n·Σd² − (Σd)²) / (n (n − 1)), exact up to the last division.
                let spread = (n * q - s * s) as f64 / (n * (n - 1)).max(1) as f64;
                (n >= 2).then(|| spread.max(0.0).sqrt() / FIXED)
            })
            .collect();
        let ci: Vec<Option<[f64; 2]>> = self
            .observed
            .iter()
            .zip(&se)
            .map(|(&(added, masked), &se)| match (added, se) {
                (Some(a), Some(se)) if !masked => Some([a - Z_975 * se, a + Z_975 * se]),
                _ => None,
            })
            .collect();
        let p: Vec<Option<f64>> = self
            .observed
            .iter()
            .zip(&se)
            .zip(&ci)
            .map(|((&(added, _), &se), ci)| {
                ci.as_ref()?;
                let (a, se) = (added?, se?);
                Some(if se > 0.0 {
                    libm::erfc(a.abs() / se / std::f64::consts::SQRT_2)
                } else if a == 0.0 {
                    1.0
                } else {
                    0.0
                })
            })
            .collect();
        let q = benjamini_hochberg(&p);
        self.observed
            .iter()
            .zip(se)
            .zip(ci.into_iter().zip(q))
            .map(|((&(added, _), se), (ci95, q))| CellInterval { added, se, ci95, q })
            .collect()
    }
}

/// What the model adds to each cell of the tables of `M` (`Δ − Δ_perfect`),
/// with whether the cell is masked, in the cells' order.
fn cell_values<'a>(
    t: &'a CountTables,
    perfect: &'a CountTables,
) -> impl Iterator<Item = (Option<f64>, bool)> + 'a {
    (0..t.n_combinations()).flat_map(move |m| {
        (0..t.n_groups()).map(move |g| {
            let x = cell_numbers(t, m, g);
            (added(x.delta, cell_numbers(perfect, m, g).delta), x.masked)
        })
    })
}

/// One share of the resamples: every replicate's headline numbers and the
/// share's sums of what the model adds to each cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Share {
    /// The index of its first replicate (shares are merged in this order, so the
    /// sums do not depend on the order the shares come back in).
    pub start: usize,
    /// The replicates, in order.
    pub replicates: Vec<Replicate>,
    /// Their per-cell sums.
    pub cells: CellSums,
}

/// Intervals for every headline number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BootstrapReport {
    /// The settings used.
    pub settings: BootstrapSettings,
    /// One interval per [`Quantity::ALL`], in that order.
    pub intervals: Vec<QuantityInterval>,
    /// Paired intervals of what the model adds over a perfect model (model −
    /// perfect on the same resampled rows), one per [`Quantity::FLOORED`].
    pub model_minus_perfect: Vec<QuantityInterval>,
    /// What the model adds to each cell of `M`, with its interval, in the order
    /// of [`crate::Analysis::cells`].
    pub cells: Vec<CellInterval>,
}

impl BootstrapReport {
    /// The interval of one quantity.
    pub fn interval(&self, q: Quantity) -> Option<&QuantityInterval> {
        self.intervals.iter().find(|i| i.quantity == q)
    }

    /// The paired interval of model − perfect model for one MALS-type quantity.
    pub fn difference(&self, q: Quantity) -> Option<&QuantityInterval> {
        self.model_minus_perfect.iter().find(|i| i.quantity == q)
    }
}

/// One resample's headline numbers, for the model and for a perfect model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Replicate {
    /// The model's, in [`Quantity::ALL`] order.
    pub model: [Option<f64>; 12],
    /// A perfect model's (`ĝ = g`, `â = a`) on the same resampled rows.
    pub perfect: [Option<f64>; 12],
}

/// The `p`-quantile (0..=1) of sorted values, interpolating linearly between order
/// statistics (NumPy's default); `None` for no values.
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let h = last as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let a = *sorted.get(lo)?;
    let b = sorted.get(lo + 1).copied().unwrap_or(a);
    Some(a + (h - lo as f64) * (b - a))
}

/// How often each of `n` test rows is drawn in replicate `r`: `n` draws with
/// replacement from stream `r` of the seed.
pub fn resample_weights(n: usize, seed: u64, r: usize) -> Vec<u32> {
    let mut w = vec![0u32; n];
    let Ok(n32) = u32::try_from(n) else {
        return w;
    };
    if n32 == 0 {
        return w;
    }
    let mut rng = SeededRng::with_stream(seed, r as u64);
    for _ in 0..n {
        if let Some(slot) = w.get_mut(rng.below(n32) as usize) {
            *slot += 1;
        }
    }
    w
}

/// The test rows (with a group) that a resample weights, and for each combination
/// the test rows that hold it in ground truth or prediction.
struct TestRows {
    /// Ground-truth group of each test row.
    group: Vec<u32>,
    /// Predicted group of each test row.
    pred_group: Vec<Option<u32>>,
    /// Number of groups.
    groups: usize,
    /// `rows[start[m]..start[m + 1]]`: the test rows of combination `m`.
    start: Vec<usize>,
    /// Local test-row indices.
    rows: Vec<u32>,
    /// For each entry of `rows`, where its weight is summed: `4 · cell + flags`,
    /// with the row's cell `g · (G + 1) + ĝ` (`ĝ = G`: no predicted group) and
    /// flags bit 0 when the row has `m` in ground truth, bit 1 in its prediction.
    /// One add per entry, no branch: truth sums are slots 1 and 3 of a cell,
    /// prediction sums slots 2 and 3.
    keys: Vec<u32>,
}

impl TestRows {
    fn new(d: &Dataset, ix: &RowIndex, combos: &[Vec<u32>]) -> Self {
        let groups = d.groups.len();
        let mut local = vec![u32::MAX; d.len()];
        let mut group = Vec::new();
        let mut pred_group = Vec::new();
        let mut cell = Vec::new();
        let width = groups + 1;
        for i in ix.test_any.ones() {
            if let (Some(slot), Some(Some(g))) = (local.get_mut(i), d.group.get(i)) {
                *slot = group.len() as u32;
                let pg = d.pred_group.get(i).copied().flatten();
                group.push(*g);
                pred_group.push(pg);
                cell.push((*g as usize * width + pg.map_or(groups, |p| p as usize)) as u32);
            }
        }
        let mut start = vec![0];
        let mut rows = Vec::new();
        let mut keys = Vec::new();
        for m in combos {
            // Both lists are sorted: merge them, flagging where each row came from.
            let gt = ix.rows_of(m, false);
            let pred = ix.rows_of(m, true);
            let (mut a, mut b) = (gt.iter().peekable(), pred.iter().peekable());
            loop {
                let (i, f) = match (a.peek(), b.peek()) {
                    (Some(&&x), Some(&&y)) if x == y => {
                        a.next();
                        b.next();
                        (x, 3)
                    }
                    (Some(&&x), Some(&&y)) if x < y => {
                        a.next();
                        (x, 1)
                    }
                    (Some(&&x), None) => {
                        a.next();
                        (x, 1)
                    }
                    (_, Some(&&y)) => {
                        b.next();
                        (y, 2)
                    }
                    (None, None) => break,
                };
                if let Some(&l) = local.get(i as usize).filter(|&&l| l != u32::MAX) {
                    rows.push(l);
                    keys.push(4 * cell.get(l as usize).copied().unwrap_or(0) + f);
                }
            }
            start.push(rows.len());
        }
        Self {
            group,
            pred_group,
            groups,
            start,
            rows,
            keys,
        }
    }

    fn len(&self) -> usize {
        self.group.len()
    }

    /// Refills the four test-side tables of `t` from the weights: each
    /// combination's weighted rows are summed into its (group, predicted group)
    /// cells, and the tables are sums of cells.
    fn fill(&self, w: &[u32], t: &mut CountTables) {
        const TEST_SIDE: [Table; 4] = [
            Table::Test,
            Table::Pred,
            Table::PredAttrTrueGroup,
            Table::TrueAttrPredGroup,
        ];
        for table in TEST_SIDE {
            t.clear(table);
        }
        for ((&g, &pg), &wi) in self.group.iter().zip(&self.pred_group).zip(w) {
            let (g, wi) = (g as usize, u64::from(wi));
            t.add_total(Table::Test, g, wi);
            t.add_total(Table::PredAttrTrueGroup, g, wi);
            if let Some(pg) = pg {
                t.add_total(Table::Pred, pg as usize, wi);
                t.add_total(Table::TrueAttrPredGroup, pg as usize, wi);
            }
        }
        let groups = self.groups;
        let width = groups + 1;
        let cells = groups * width;
        let mut sums = vec![0_u64; 4 * cells];
        for (m, bounds) in self.start.windows(2).enumerate() {
            let &[from, to] = bounds else {
                continue;
            };
            let (Some(rows), Some(keys)) = (self.rows.get(from..to), self.keys.get(from..to))
            else {
                continue;
            };
            sums.fill(0);
            for (&l, &k) in rows.iter().zip(keys) {
                if let (Some(&wi), Some(s)) = (w.get(l as usize), sums.get_mut(k as usize)) {
                    *s += u64::from(wi);
                }
            }
            for (c, slots) in sums.chunks_exact(4).enumerate() {
                let &[_, truth_only, pred_only, both] = slots else {
                    continue;
                };
                let (truth, predicted) = (truth_only + both, pred_only + both);
                let (g, pg) = (c / width, c % width);
                t.add(Table::Test, m, g, truth);
                t.add(Table::PredAttrTrueGroup, m, g, predicted);
                if pg < groups {
                    t.add(Table::TrueAttrPredGroup, m, pg, truth);
                    t.add(Table::Pred, m, pg, predicted);
                }
            }
        }
    }
}

/// What the resamples share: `M` (chosen once, on the original data), the count
/// tables whose train side never changes, and each combination's test rows.
/// Built once per data set and settings; [`Resampler::run`] computes any range of
/// replicates, so a pool of workers (or threads) can each take a share.
pub struct Resampler {
    multi: CountTables,
    single: CountTables,
    multi_rows: TestRows,
    single_rows: TestRows,
    not_available: Vec<Quantity>,
}

impl Resampler {
    /// Chooses `M` and indexes the test rows.
    pub fn new(d: &Dataset, settings: &CombinationSettings) -> Result<Self, SettingsError> {
        let ix = RowIndex::new(d);
        let multi_m = combinations(d, &ix, settings)?;
        let single_m: Vec<Vec<u32>> = (0..d.attributes.len() as u32).map(|a| vec![a]).collect();
        let avail = availability(d.groups.len(), d.stand_ins, &count(d, &ix, &[]));
        Ok(Self {
            multi: count(d, &ix, &multi_m),
            single: count(d, &ix, &single_m),
            multi_rows: TestRows::new(d, &ix, &multi_m),
            single_rows: TestRows::new(d, &ix, &single_m),
            not_available: Quantity::ALL
                .into_iter()
                .filter(|&q| avail.reason(q).is_some())
                .collect(),
        })
    }

    /// The headline numbers not available on this data set at all (no interval).
    pub fn not_available(&self) -> &[Quantity] {
        &self.not_available
    }

    /// Replicates `range` of `b` (replicate `r` draws from stream `r` of the seed,
    /// so any split of the range gives the same replicates), calling
    /// `progress(done)` with how many of the range are done.
    pub fn run(
        &self,
        b: &BootstrapSettings,
        range: Range<usize>,
        progress: &mut dyn FnMut(usize),
    ) -> Share {
        let (mut multi, mut single) = (self.multi.clone(), self.single.clone());
        let (mut perfect_multi, mut perfect_single) = (multi.perfect(), single.perfect());
        let mut cells = CellSums::new(cell_values(&multi, &perfect_multi).collect());
        let start = range.start;
        let every = (range.len() / 100).max(1);
        let mut out = Vec::with_capacity(range.len());
        for (done, r) in range.enumerate() {
            if done % every == 0 {
                progress(done);
            }
            let w = resample_weights(self.multi_rows.len(), b.seed, r);
            self.multi_rows.fill(&w, &mut multi);
            self.single_rows.fill(&w, &mut single);
            multi.perfect_into(&mut perfect_multi);
            single.perfect_into(&mut perfect_single);
            out.push(Replicate {
                model: headline(&multi, &single),
                perfect: headline(&perfect_multi, &perfect_single),
            });
            for (k, (value, _)) in cell_values(&multi, &perfect_multi).enumerate() {
                cells.push(k, value);
            }
        }
        progress(out.len());
        Share {
            start,
            replicates: out,
            cells,
        }
    }
}

/// `replicates` split into at most `parts` contiguous shares of nearly equal size
/// (none empty), in order.
pub fn shares(replicates: usize, parts: usize) -> Vec<Range<usize>> {
    let parts = parts.clamp(1, replicates.max(1));
    (0..parts)
        .map(|k| replicates * k / parts..replicates * (k + 1) / parts)
        .filter(|r| !r.is_empty())
        .collect()
}

/// Every replicate's headline numbers, for the model and a perfect model, and the
/// per-cell sums, calling
/// `progress(done, total)` as replicates finish. `M` is chosen once, on the
/// original data.
pub fn replicates(
    d: &Dataset,
    settings: &CombinationSettings,
    b: &BootstrapSettings,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Share, SettingsError> {
    let resampler = Resampler::new(d, settings)?;
    Ok(resampler.run(b, 0..b.replicates, &mut |done| progress(done, b.replicates)))
}

/// The 95% percentile interval of every headline number.
pub fn bootstrap(
    d: &Dataset,
    settings: &CombinationSettings,
    b: &BootstrapSettings,
) -> Result<BootstrapReport, SettingsError> {
    bootstrap_with_progress(d, settings, b, &mut |_| {})
}

/// The progress line of the bootstrap ("resampling the test rows: 120 of 1,000").
pub fn progress_of(done: usize, total: usize) -> Progress {
    Progress::of(
        "bootstrap intervals: resamples of the test rows",
        done,
        total,
    )
}

/// [`bootstrap`], reporting progress. Natively the replicates are shared among
/// the machine's cores (threads); in WebAssembly the page shares them among a
/// pool of workers instead (each runs [`Resampler::run`] on its share), and this
/// runs on one thread.
pub fn bootstrap_with_progress(
    d: &Dataset,
    settings: &CombinationSettings,
    b: &BootstrapSettings,
    progress: &mut dyn FnMut(Progress),
) -> Result<BootstrapReport, SettingsError> {
    if b.replicates == 0 {
        return Err(SettingsError::Replicates);
    }
    let resampler = Resampler::new(d, settings)?;
    let values = run_shared(&resampler, b, &mut |done| {
        progress(progress_of(done, b.replicates))
    });
    Ok(summarize(b, resampler.not_available(), &values))
}

/// Every replicate, on as many threads as the machine has cores (up to 8). The
/// calling thread runs the first share and reports progress as an estimate of the
/// whole (the shares are equal and run side by side).
#[cfg(not(target_arch = "wasm32"))]
fn run_shared(
    resampler: &Resampler,
    b: &BootstrapSettings,
    progress: &mut dyn FnMut(usize),
) -> Vec<Share> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let mut parts = shares(b.replicates, threads).into_iter();
    let Some(first) = parts.next() else {
        return Vec::new();
    };
    let scale = b.replicates as f64 / first.len().max(1) as f64;
    std::thread::scope(|scope| {
        let others: Vec<_> = parts
            .map(|range| scope.spawn(move || resampler.run(b, range, &mut |_| {})))
            .collect();
        let mut all = vec![resampler.run(b, first, &mut |done| {
            progress(((done as f64 * scale) as usize).min(b.replicates))
        })];
        for handle in others {
            // A share's thread only panics on a bug; its replicates are then missing
            // and counted nowhere (the interval is over the rest).
            if let Ok(share) = handle.join() {
                all.push(share);
            }
        }
        progress(b.replicates);
        all
    })
}

/// Every replicate, on this thread.
#[cfg(target_arch = "wasm32")]
fn run_shared(
    resampler: &Resampler,
    b: &BootstrapSettings,
    progress: &mut dyn FnMut(usize),
) -> Vec<Share> {
    vec![resampler.run(b, 0..b.replicates, progress)]
}

/// The intervals from the shares of replicates (in any order), given which
/// headline numbers are not available on the data at all.
pub fn summarize(
    b: &BootstrapSettings,
    not_available: &[Quantity],
    shares: &[Share],
) -> BootstrapReport {
    let mut ordered: Vec<&Share> = shares.iter().collect();
    ordered.sort_by_key(|s| s.start);
    let mut cells = CellSums::default();
    for s in &ordered {
        cells.merge(&s.cells);
    }
    let values: Vec<&Replicate> = ordered.iter().flat_map(|s| &s.replicates).collect();
    let interval = |quantity: Quantity, value: &dyn Fn(&Replicate) -> Option<f64>| {
        let mut defined: Vec<f64> = values.iter().copied().filter_map(value).collect();
        let replicate_mean =
            crate::metrics::stats::mean(&defined).filter(|_| !not_available.contains(&quantity));
        defined.sort_by(f64::total_cmp);
        let ci95 = match (percentile(&defined, 0.025), percentile(&defined, 0.975)) {
            (Some(lo), Some(hi)) if !not_available.contains(&quantity) => Some([lo, hi]),
            _ => None,
        };
        QuantityInterval {
            quantity,
            ci95,
            undefined: values.len() - defined.len(),
            replicate_mean,
        }
    };
    let intervals = Quantity::ALL
        .iter()
        .enumerate()
        .map(|(k, &q)| interval(q, &|r: &Replicate| r.model.get(k).copied().flatten()))
        .collect();
    let model_minus_perfect = Quantity::FLOORED
        .iter()
        .map(|&q| {
            let k = Quantity::ALL.iter().position(|x| *x == q).unwrap_or(0);
            interval(q, &|r: &Replicate| {
                Some(r.model.get(k).copied().flatten()? - r.perfect.get(k).copied().flatten()?)
            })
        })
        .collect();
    BootstrapReport {
        settings: *b,
        intervals,
        model_minus_perfect,
        cells: cells.intervals(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_percentiles() {
        // np.percentile([1, 2, 3, 4], [2.5, 97.5]) = [1.075, 3.925].
        let v = [1.0, 2.0, 3.0, 4.0];
        assert!((percentile(&v, 0.025).unwrap() - 1.075).abs() < 1e-12);
        assert!((percentile(&v, 0.975).unwrap() - 3.925).abs() < 1e-12);
        assert_eq!(percentile(&[5.0], 0.975), Some(5.0));
        assert_eq!(percentile(&[], 0.5), None);
    }

    #[test]
    fn weights_sum_to_n_and_are_seeded() {
        let w = resample_weights(100, 0, 5);
        assert_eq!(w.iter().sum::<u32>(), 100);
        assert_eq!(w, resample_weights(100, 0, 5));
        assert_ne!(w, resample_weights(100, 0, 6));
        assert_ne!(w, resample_weights(100, 1, 5));
        assert!(resample_weights(0, 0, 0).is_empty());
        // Pinned: the browser test `resampling_is_the_same_stream_as_natively`
        // checks WebAssembly draws exactly these.
        assert_eq!(resample_weights(10, 0, 0), [1, 1, 0, 0, 1, 2, 2, 2, 1, 0]);
    }
}
