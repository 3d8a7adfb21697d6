//! The combination set `M` of `docs/spec/metrics.md` section 2, in both modes.

use std::collections::BTreeMap;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize};

use serde::{Deserialize, Serialize};

use crate::bitset::Bitset;
use crate::counts::{
    count_with_progress, CountTables, Histogram, RowIndex, Rows, PREDICTION_TABLES, SPARSE_BELOW,
    TRUTH_TABLES,
};
use crate::dataset::Dataset;
use crate::error::SettingsError;
use crate::progress::Progress;

mod estimate;

pub use estimate::{estimate, estimate_if_large, Estimate, QUICK_WORK};

/// How the combination set `M` is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Every subset of `A` of size `k_min..=k_max` with enough support in train and test.
    #[default]
    Subsets,
    /// The distinct full attribute sets of training rows (the reference code's choice).
    LabelSets,
}

impl Mode {
    /// The name used in URLs, the CLI and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Subsets => "subsets",
            Mode::LabelSets => "label_sets",
        }
    }

    /// Parses the name used in URLs, the CLI and JSON (`label-sets`, the CLI's
    /// spelling, is the same mode).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "subsets" => Some(Mode::Subsets),
            "label_sets" | "label-sets" => Some(Mode::LabelSets),
            _ => None,
        }
    }
}

/// The settings that choose `M`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CombinationSettings {
    /// Selection mode.
    pub mode: Mode,
    /// Smallest combination size (at least 1).
    pub k_min: usize,
    /// Largest combination size (`subsets` mode only).
    pub k_max: usize,
    /// Minimum support `s` in train and in test (at least 1).
    pub min_support: u64,
}

/// The smallest combination size where nothing states one.
pub const DEFAULT_K_MIN: usize = 1;
/// The largest combination size where nothing states one.
pub const DEFAULT_K_MAX: usize = 3;

impl Default for CombinationSettings {
    fn default() -> Self {
        Self {
            mode: Mode::Subsets,
            k_min: DEFAULT_K_MIN,
            k_max: DEFAULT_K_MAX,
            min_support: 1,
        }
    }
}

impl CombinationSettings {
    /// Checks the settings' ranges.
    pub fn validate(&self) -> Result<(), SettingsError> {
        if self.k_min < 1 || self.k_min > self.k_max {
            return Err(SettingsError::KRange {
                k_min: self.k_min,
                k_max: self.k_max,
            });
        }
        if self.min_support < 1 {
            return Err(SettingsError::MinSupport);
        }
        Ok(())
    }
}

/// The most combinations the engine enumerates before asking for stricter settings.
pub const MAX_COMBINATIONS: usize = 500_000;

/// The most memory the results of one analysis may take (its count tables and
/// cells; the page holds a second copy): 600 MB, so that larger groups and larger
/// combinations lower the combinations allowed.
pub const MAX_RESULT_BYTES: usize = 600_000_000;

/// The memory one combination of `k` attributes takes in an analysis's results
/// with `groups` groups: a cell per group (224 bytes, its names and the group's)
/// and the count tables' entries and names. Measured natively: 329,082
/// combinations (2 groups, sizes up to 8) peaked at 660 MB, 2.0 kB each, as this
/// gives for k = 6.
pub fn bytes_per_combination(groups: usize, k: usize) -> usize {
    groups * (300 + 64 * k) + 64 * k + 200
}

/// The most row operations (a list entry or a 64-row bitset word intersected, see
/// `Walk::child`) one search may take. Measured natively (the browser's walk is
/// as fast): 120 million a second where counting dense combinations dominates
/// (celeba-like), 280-550 million elsewhere; so about a minute at most.
pub const MAX_WORK: u64 = 6_000_000_000;

/// How far one search for `M` may go before it stops with a message instead of
/// exhausting memory or running for minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most combinations.
    pub combinations: usize,
    /// The most row operations.
    pub work: u64,
}

impl Limits {
    /// The limits for a data set with `groups` groups and combinations of up to
    /// `k_max` attributes.
    pub fn new(groups: usize, k_max: usize) -> Self {
        Self {
            combinations: MAX_COMBINATIONS
                .min(MAX_RESULT_BYTES / bytes_per_combination(groups.max(1), k_max)),
            work: MAX_WORK,
        }
    }

    /// Refuses, before any counting, settings whose estimate is well past a limit
    /// (twice: an estimate from a few random paths can be off either way; the
    /// search itself stops at the limits).
    pub fn check(&self, e: &Estimate) -> Result<(), SettingsError> {
        if e.combinations > 2.0 * self.combinations as f64 {
            return Err(SettingsError::TooManyCombinations {
                limit: self.combinations,
                estimated: Some(e.combinations as u64),
            });
        }
        if e.work > 2.0 * self.work as f64 {
            return Err(SettingsError::TooSlow {
                limit: self.work,
                estimated: Some(e.work as u64),
            });
        }
        Ok(())
    }
}

/// Chooses `M` (attribute indices, each combination sorted), ordered by size, then
/// by attribute index.
pub fn combinations(
    d: &Dataset,
    ix: &RowIndex,
    settings: &CombinationSettings,
) -> Result<Vec<Vec<u32>>, SettingsError> {
    settings.validate()?;
    let mut out = match settings.mode {
        Mode::Subsets => subsets(ix, d.groups.len(), settings)?,
        Mode::LabelSets => label_sets(d, ix, settings, &|k| Limits::new(d.groups.len(), k))?,
    };
    out.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    Ok(out)
}

/// One combination of `M` found by the walk, with its counts (laid out as
/// [`CountTables::set_row`] reads them).
struct Found {
    combination: Vec<u32>,
    counts: Vec<u64>,
}

/// The rows of a combination tried by the walk, with their train and test counts
/// and what finding them cost in row operations.
struct Child {
    rows: Rows,
    train: u64,
    test: u64,
    cost: u64,
}

/// Depth-first enumeration with support pruning: a superset of a combination
/// below the support threshold is never visited. Each visited combination's rows
/// come from its parent's (one intersection, list or bitset, see [`Rows`]); with
/// `count`, its predicted rows too, and both are counted on the spot, so the count
/// tables cost what the enumeration already walked.
///
/// The walk counts its row operations (ground truth side) and stops at its
/// [`Limits`]; [`estimate`] predicts that count before it starts.
struct Walk<'a> {
    ix: &'a RowIndex,
    s: &'a CombinationSettings,
    count: bool,
    limits: Limits,
    out: Vec<Found>,
    prefix: Vec<u32>,
    scratch: Histogram,
    row: Vec<u64>,
    /// Row operations so far.
    work: u64,
    /// Reports `work` from time to time (every [`REPORT_EVERY`]).
    progress: &'a mut dyn FnMut(u64),
    next_report: u64,
    /// The counters of all the walks sharing one search among threads (each takes
    /// first-level attributes in turn), or `None` for a walk alone.
    shared: Option<&'a Shared>,
}

/// What the threads of one search share: the limits apply to their sum, and one
/// thread's failure stops the others.
#[derive(Default)]
struct Shared {
    work: AtomicU64,
    found: AtomicUsize,
    stop: AtomicBool,
}

/// Row operations between two progress reports of the walk.
const REPORT_EVERY: u64 = 20_000_000;

impl<'a> Walk<'a> {
    /// A walk alone (not sharing a search), with nothing found yet.
    fn new(
        ix: &'a RowIndex,
        s: &'a CombinationSettings,
        count: bool,
        limits: Limits,
        groups: usize,
        progress: &'a mut dyn FnMut(u64),
    ) -> Self {
        Walk {
            ix,
            s,
            count,
            limits,
            out: Vec::new(),
            prefix: Vec::new(),
            scratch: Histogram::new(groups),
            row: vec![0; 5 * groups],
            work: 0,
            progress,
            next_report: REPORT_EVERY,
            shared: None,
        }
    }

    /// The rows of `parent ∪ {a}` (ground truth, or prediction) and, for ground
    /// truth, their train and test counts.
    fn child(&self, parent: Option<&Rows>, a: usize, predicted: bool) -> Child {
        let ix = self.ix;
        let (columns, lists) = if predicted {
            (&ix.pred, &ix.pred_rows)
        } else {
            (&ix.gt, &ix.gt_rows)
        };
        let (Some(column), Some(list)) = (columns.get(a), lists.get(a)) else {
            return Child {
                rows: Rows::Sparse(Vec::new()),
                train: 0,
                test: 0,
                cost: 0,
            };
        };
        let words = ix.rows().div_ceil(64) as u64;
        let (bits, cost) = match parent {
            None if list.len() * SPARSE_BELOW < ix.rows() => {
                return self.counted(list.clone(), list.len() as u64);
            }
            None => (column.clone(), 3 * words),
            Some(Rows::Sparse(rows)) => {
                let kept = rows
                    .iter()
                    .copied()
                    .filter(|&i| column.contains(i as usize))
                    .collect();
                return self.counted(kept, rows.len() as u64);
            }
            // A rare attribute under a common prefix: walk the attribute's list and
            // look the prefix up (a list step per row beats a pass over the words).
            Some(Rows::Dense(bits)) if list.len() * SPARSE_BELOW * 2 < ix.rows() => {
                let kept = list
                    .iter()
                    .copied()
                    .filter(|&i| bits.contains(i as usize))
                    .collect();
                return self.counted(kept, list.len() as u64);
            }
            Some(Rows::Dense(bits)) => {
                let mut next = Bitset::new(ix.rows());
                let (train, test) =
                    bits.and_into_counting(column, &mut next, &ix.train_any, &ix.test_any);
                return self.settle(next, train, test, predicted, words);
            }
        };
        let (train, test) = (bits.and_count(&ix.train_any), bits.and_count(&ix.test_any));
        self.settle(bits, train, test, predicted, cost)
    }

    /// A bitset child, as a list when its rows are few.
    fn settle(&self, bits: Bitset, train: u64, test: u64, predicted: bool, cost: u64) -> Child {
        let ix = self.ix;
        let kept = if predicted { test } else { train + test };
        let rows = if (kept as usize) * SPARSE_BELOW < ix.rows() {
            let wanted = if predicted { 2 } else { 3 };
            Rows::Sparse(
                bits.ones()
                    .filter(|&i| ix.split_of(i as u32) & wanted != 0)
                    .map(|i| i as u32)
                    .collect(),
            )
        } else {
            Rows::Dense(bits)
        };
        Child {
            rows,
            train,
            test,
            cost,
        }
    }

    /// A list of counted rows with its train and test counts.
    fn counted(&self, rows: Vec<u32>, cost: u64) -> Child {
        let (mut train, mut test) = (0, 0);
        for &i in &rows {
            let split = self.ix.split_of(i);
            train += u64::from(split & 1);
            test += u64::from(split >> 1);
        }
        Child {
            rows: Rows::Sparse(rows),
            train,
            test,
            cost,
        }
    }

    /// Whether a combination with these counts is supported in train and test.
    fn supported(&self, c: &Child) -> bool {
        c.train >= self.s.min_support && c.test >= self.s.min_support
    }

    fn visit(&mut self, parent: Option<(&Rows, &Rows)>, start: usize) -> Result<(), SettingsError> {
        for a in start..self.ix.gt.len() {
            self.step(parent, a)?;
        }
        Ok(())
    }

    /// Tries `parent ∪ {a}`: kept (and counted) when supported, then extended.
    fn step(&mut self, parent: Option<(&Rows, &Rows)>, a: usize) -> Result<(), SettingsError> {
        if self.shared.is_some_and(|s| s.stop.load(Relaxed)) {
            return Ok(()); // another thread failed: its error is the search's
        }
        let gt = self.child(parent.map(|p| p.0), a, false);
        self.work += gt.cost;
        let work = match self.shared {
            Some(s) => s.work.fetch_add(gt.cost, Relaxed) + gt.cost,
            None => self.work,
        };
        if work > self.limits.work {
            return Err(SettingsError::TooSlow {
                limit: self.limits.work,
                estimated: None,
            });
        }
        if self.work >= self.next_report {
            (self.progress)(self.work);
            self.next_report = self.work + REPORT_EVERY;
        }
        if !self.supported(&gt) {
            return Ok(());
        }
        let gt = gt.rows;
        let pred = if self.count {
            self.child(parent.map(|p| p.1), a, true).rows
        } else {
            Rows::Sparse(Vec::new())
        };
        self.prefix.push(a as u32);
        if self.prefix.len() >= self.s.k_min {
            let found = match self.shared {
                Some(s) => s.found.fetch_add(1, Relaxed),
                None => self.out.len(),
            };
            if found >= self.limits.combinations {
                return Err(SettingsError::TooManyCombinations {
                    limit: self.limits.combinations,
                    estimated: None,
                });
            }
            let mut counts = Vec::new();
            if self.count {
                let (ix, h, row) = (self.ix, &mut self.scratch, &mut self.row);
                ix.write_counts(&gt, &TRUTH_TABLES, h, row);
                ix.write_counts(&pred, &PREDICTION_TABLES, h, row);
                counts.clone_from(&self.row);
            }
            self.out.push(Found {
                combination: self.prefix.clone(),
                counts,
            });
        }
        if self.prefix.len() < self.s.k_max {
            self.visit(Some((&gt, &pred)), a + 1)?;
        }
        self.prefix.pop();
        Ok(())
    }
}

/// The subsets mode's walk; with `count`, each combination's counts too. Settings
/// whose estimate is well past the [`Limits`] are refused before it starts;
/// `progress` gets (row operations done, row operations expected). With more than
/// one thread, the threads take the first level's attributes in turn (results in
/// no particular order: callers sort).
fn walk(
    ix: &RowIndex,
    groups: usize,
    s: &CombinationSettings,
    count: bool,
    limits: Limits,
    threads: usize,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Vec<Found>, SettingsError> {
    let expected = estimate_if_large(ix, s, limits.combinations);
    if let Some(e) = &expected {
        limits.check(e)?;
    }
    // A small search reports no share done (its total is unknown, and it is quick).
    let total = expected.map_or(0, |e| e.work as u64);
    let mut report = |done: u64| progress(done, if total == 0 { 0 } else { total.max(done) });
    if threads <= 1 {
        let mut walk = Walk::new(ix, s, count, limits, groups, &mut report);
        walk.visit(None, 0)?;
        return Ok(walk.out);
    }
    let shared = Shared::default();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut quiet = |_: u64| {};
                    let mut walk = Walk {
                        shared: Some(&shared),
                        ..Walk::new(ix, s, count, limits, groups, &mut quiet)
                    };
                    let result = loop {
                        let a = next.fetch_add(1, Relaxed);
                        if a >= ix.gt.len() {
                            break Ok(());
                        }
                        if let Err(e) = walk.step(None, a) {
                            shared.stop.store(true, Relaxed);
                            break Err(e);
                        }
                    };
                    result.map(|()| walk.out)
                })
            })
            .collect();
        // This thread reports the threads' progress.
        let mut next_report = REPORT_EVERY;
        while !workers.iter().all(|w| w.is_finished()) {
            std::thread::sleep(std::time::Duration::from_millis(20));
            let done = shared.work.load(Relaxed);
            if done >= next_report {
                report(done);
                next_report = done + REPORT_EVERY;
            }
        }
        let mut out = Vec::new();
        let mut failure = None;
        for worker in workers {
            match worker.join() {
                Ok(Ok(found)) => out.extend(found),
                Ok(Err(e)) => failure = failure.or(Some(e)),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        failure.map_or(Ok(out), Err)
    })
}

/// The threads a search may use here: the machine's cores natively, one in the
/// browser (WebAssembly has no threads without shared memory).
pub fn available_threads() -> usize {
    if cfg!(target_arch = "wasm32") {
        1
    } else {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    }
}

fn subsets(
    ix: &RowIndex,
    groups: usize,
    s: &CombinationSettings,
) -> Result<Vec<Vec<u32>>, SettingsError> {
    Ok(walk(
        ix,
        groups,
        s,
        false,
        Limits::new(groups, s.k_max),
        1,
        &mut |_, _| {},
    )?
    .into_iter()
    .map(|f| f.combination)
    .collect())
}

/// `M` and its count tables in one pass (subsets mode: counted during the walk;
/// label sets: counted after), combinations in the order of [`combinations`].
pub fn combinations_counted(
    d: &Dataset,
    ix: &RowIndex,
    settings: &CombinationSettings,
    progress: &mut dyn FnMut(Progress),
) -> Result<(Vec<Vec<u32>>, CountTables), SettingsError> {
    combinations_counted_threads(d, ix, settings, 1, progress)
}

/// [`combinations_counted`], the subsets mode's walk shared among `threads`
/// threads (see [`available_threads`]): the same result.
pub fn combinations_counted_threads(
    d: &Dataset,
    ix: &RowIndex,
    settings: &CombinationSettings,
    threads: usize,
    progress: &mut dyn FnMut(Progress),
) -> Result<(Vec<Vec<u32>>, CountTables), SettingsError> {
    if settings.mode == Mode::LabelSets {
        let m = combinations(d, ix, settings)?;
        let t = count_with_progress(d, ix, &m, &mut |done, total| {
            progress(Progress {
                stage: "counting combinations".to_owned(),
                done,
                total,
                approximate: false,
            })
        });
        return Ok((m, t));
    }
    settings.validate()?;
    // The walk's progress is in row operations against an estimate: reported in
    // thousandths, as an approximate share.
    let stage = "finding and counting combinations";
    let groups = d.groups.len();
    let limits = Limits::new(groups, settings.k_max);
    let mut found = walk(
        ix,
        groups,
        settings,
        true,
        limits,
        threads,
        &mut |done, total| {
            progress(match total {
                0 => Progress::step(stage),
                _ => Progress {
                    stage: stage.to_owned(),
                    done: (done.saturating_mul(1000) / total) as usize,
                    total: 1000,
                    approximate: true,
                },
            })
        },
    )?;
    found.sort_by(|a, b| {
        a.combination
            .len()
            .cmp(&b.combination.len())
            .then_with(|| a.combination.cmp(&b.combination))
    });
    let m: Vec<Vec<u32>> = found.iter().map(|f| f.combination.clone()).collect();
    let mut t = ix.empty_tables(d, &m);
    for (k, f) in found.iter().enumerate() {
        t.set_row(k, &f.counts);
    }
    Ok((m, t))
}

/// The distinct full attribute sets of training rows with a group, kept when
/// at least `s` training rows have exactly that set and at least `s` test rows
/// have it (superset match).
fn label_sets(
    d: &Dataset,
    ix: &RowIndex,
    s: &CombinationSettings,
    limits_for: &dyn Fn(usize) -> Limits,
) -> Result<Vec<Vec<u32>>, SettingsError> {
    let mut exact: BTreeMap<&[u32], u64> = BTreeMap::new();
    for ((attrs, role), group) in d.gt.iter().zip(&d.role).zip(&d.group) {
        if role.is_train() && group.is_some() && attrs.len() >= s.k_min {
            *exact.entry(attrs.as_slice()).or_insert(0) += 1;
        }
    }
    exact.retain(|_, n| *n >= s.min_support);
    // Each candidate's test rows cost one intersection per attribute.
    let limits = limits_for(exact.keys().map(|m| m.len()).max().unwrap_or(1));
    let words = ix.rows().div_ceil(64) as u64;
    let work: u64 = exact.keys().map(|m| m.len() as u64 * words).sum();
    if exact.len() > limits.combinations {
        return Err(SettingsError::TooManyCombinations {
            limit: limits.combinations,
            estimated: None,
        });
    }
    if work > limits.work {
        return Err(SettingsError::TooSlow {
            limit: limits.work,
            estimated: Some(work),
        });
    }
    Ok(exact
        .into_keys()
        .filter(|m| ix.rows_with(m, false).and_count(&ix.test_any) >= s.min_support)
        .map(<[u32]>::to_vec)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::TOY_CSV;

    fn toy() -> (Dataset, RowIndex) {
        let d = crate::load_with_defaults("toy", "toy.csv", TOY_CSV.as_bytes())
            .unwrap()
            .1;
        let ix = RowIndex::new(&d);
        (d, ix)
    }

    /// The counting walk over the toy set up to triples, within `limits`, on
    /// `threads` threads.
    fn walk_toy(limits: Limits, threads: usize) -> Result<Vec<Found>, SettingsError> {
        let (d, ix) = toy();
        walk(
            &ix,
            d.groups.len(),
            &subsets_up_to(3),
            true,
            limits,
            threads,
            &mut |_, _| {},
        )
    }

    fn subsets_up_to(k_max: usize) -> CombinationSettings {
        CombinationSettings {
            k_max,
            ..CombinationSettings::default()
        }
    }

    #[test]
    fn many_groups_lower_the_combination_limit() {
        // 600 MB / 1,376 bytes (2 groups, triples), / 2,336 (2 groups, 8 attributes),
        // / 125,852 (255 groups, triples).
        assert_eq!(Limits::new(2, 3).combinations, 436_046);
        assert_eq!(Limits::new(2, 8).combinations, 256_849);
        assert_eq!(Limits::new(255, 3).combinations, 4_767);
        assert_eq!(Limits::new(2, 1).combinations, MAX_COMBINATIONS);
        assert_eq!(Limits::new(0, 3).work, MAX_WORK);
    }

    #[test]
    fn a_search_past_its_work_limit_stops_with_a_message() {
        // Threads share the limit: their sum passes it.
        let threaded = walk_toy(
            Limits {
                combinations: MAX_COMBINATIONS,
                work: 10,
            },
            3,
        );
        assert!(matches!(
            threaded,
            Err(SettingsError::TooSlow { limit: 10, .. })
        ));
        let err = walk_toy(
            Limits {
                combinations: MAX_COMBINATIONS,
                work: 10,
            },
            1,
        )
        .err()
        .unwrap();
        assert_eq!(
            err,
            SettingsError::TooSlow {
                limit: 10,
                estimated: None
            }
        );
        assert_eq!(
            err.to_string(),
            "finding the combinations for these settings takes too long (more than 10 row \
             operations): raise min support or lower k_max"
        );
    }

    #[test]
    fn a_search_past_its_combination_limit_stops_with_a_message() {
        let (d, ix) = toy();
        let all = combinations(&d, &ix, &subsets_up_to(3)).unwrap().len();
        for threads in [1, 2, 3] {
            let err = walk_toy(
                Limits {
                    combinations: all - 1,
                    work: MAX_WORK,
                },
                threads,
            )
            .err()
            .unwrap();
            assert!(
                matches!(err, SettingsError::TooManyCombinations { limit, .. } if limit == all - 1),
                "{err}"
            );
            // At the limit exactly, the search goes through.
            let limits = Limits {
                combinations: all,
                work: MAX_WORK,
            };
            assert_eq!(walk_toy(limits, threads).unwrap().len(), all);
        }
    }

    #[test]
    fn label_sets_past_the_limits_are_refused() {
        let (d, ix) = toy();
        let s = CombinationSettings {
            mode: Mode::LabelSets,
            ..CombinationSettings::default()
        };
        let all = label_sets(&d, &ix, &s, &|k| Limits::new(2, k))
            .unwrap()
            .len();
        assert!(all > 1);
        let few = Limits {
            combinations: 1,
            work: MAX_WORK,
        };
        assert!(matches!(
            label_sets(&d, &ix, &s, &|_| few),
            Err(SettingsError::TooManyCombinations { limit: 1, .. })
        ));
        let slow = Limits {
            combinations: MAX_COMBINATIONS,
            work: 1,
        };
        assert!(matches!(
            label_sets(&d, &ix, &s, &|_| slow),
            Err(SettingsError::TooSlow {
                limit: 1,
                estimated: Some(_)
            })
        ));
    }
}
