//! The combination set `M` of `metrics.md` section 2, in both modes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::bitset::Bitset;
use crate::counts::{
    count_with_progress, CountTables, Histogram, RowIndex, Rows, PREDICTION_TABLES, SPARSE_BELOW,
    TRUTH_TABLES,
};
use crate::dataset::Dataset;
use crate::error::SettingsError;

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

    /// Parses the name used in URLs, the CLI and JSON.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "subsets" => Some(Mode::Subsets),
            "label_sets" => Some(Mode::LabelSets),
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

impl Default for CombinationSettings {
    fn default() -> Self {
        Self {
            mode: Mode::Subsets,
            k_min: 1,
            k_max: 3,
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

/// Chooses `M` (attribute indices, each combination sorted), ordered by size, then
/// by attribute index.
pub fn combinations(
    d: &Dataset,
    ix: &RowIndex,
    settings: &CombinationSettings,
) -> Result<Vec<Vec<u32>>, SettingsError> {
    settings.validate()?;
    let mut out = match settings.mode {
        Mode::Subsets => subsets(ix, settings)?,
        Mode::LabelSets => label_sets(d, ix, settings),
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

/// Depth-first enumeration with support pruning: a superset of a combination
/// below the support threshold is never visited. Each visited combination's rows
/// come from its parent's (one intersection, list or bitset, see [`Rows`]); with
/// `count`, its predicted rows too, and both are counted on the spot, so the count
/// tables cost what the enumeration already walked.
struct Walk<'a> {
    ix: &'a RowIndex,
    s: &'a CombinationSettings,
    count: bool,
    out: Vec<Found>,
    prefix: Vec<u32>,
    scratch: Histogram,
    row: Vec<u64>,
}

impl Walk<'_> {
    /// The rows of `parent ∪ {a}` (ground truth, or prediction) and, for ground
    /// truth, their train and test counts.
    fn child(&self, parent: Option<&Rows>, a: usize, predicted: bool) -> (Rows, u64, u64) {
        let ix = self.ix;
        let (columns, lists) = if predicted {
            (&ix.pred, &ix.pred_rows)
        } else {
            (&ix.gt, &ix.gt_rows)
        };
        let (Some(column), Some(list)) = (columns.get(a), lists.get(a)) else {
            return (Rows::Sparse(Vec::new()), 0, 0);
        };
        let bits = match parent {
            None if list.len() * SPARSE_BELOW < ix.rows() => {
                return self.counted(list.clone());
            }
            None => column.clone(),
            Some(Rows::Sparse(rows)) => {
                let rows = rows
                    .iter()
                    .copied()
                    .filter(|&i| column.contains(i as usize))
                    .collect();
                return self.counted(rows);
            }
            // A rare attribute under a common prefix: walk the attribute's list and
            // look the prefix up (a list step per row beats a pass over the words).
            Some(Rows::Dense(bits)) if list.len() * SPARSE_BELOW * 2 < ix.rows() => {
                let rows = list
                    .iter()
                    .copied()
                    .filter(|&i| bits.contains(i as usize))
                    .collect();
                return self.counted(rows);
            }
            Some(Rows::Dense(bits)) => {
                let mut next = Bitset::new(ix.rows());
                let (train, test) =
                    bits.and_into_counting(column, &mut next, &ix.train_any, &ix.test_any);
                return self.settle(next, train, test, predicted);
            }
        };
        let (train, test) = (bits.and_count(&ix.train_any), bits.and_count(&ix.test_any));
        self.settle(bits, train, test, predicted)
    }

    /// A bitset child, as a list when its rows are few.
    fn settle(&self, bits: Bitset, train: u64, test: u64, predicted: bool) -> (Rows, u64, u64) {
        let ix = self.ix;
        let kept = if predicted { test } else { train + test };
        if (kept as usize) * SPARSE_BELOW < ix.rows() {
            let wanted = if predicted { 2 } else { 3 };
            let rows = bits
                .ones()
                .filter(|&i| ix.split_of(i as u32) & wanted != 0)
                .map(|i| i as u32)
                .collect();
            return (Rows::Sparse(rows), train, test);
        }
        (Rows::Dense(bits), train, test)
    }

    /// A list of counted rows with its train and test counts.
    fn counted(&self, rows: Vec<u32>) -> (Rows, u64, u64) {
        let (mut train, mut test) = (0, 0);
        for &i in &rows {
            let split = self.ix.split_of(i);
            train += u64::from(split & 1);
            test += u64::from(split >> 1);
        }
        (Rows::Sparse(rows), train, test)
    }

    fn visit(&mut self, parent: Option<(&Rows, &Rows)>, start: usize) -> Result<(), SettingsError> {
        for a in start..self.ix.gt.len() {
            let (gt, train, test) = self.child(parent.map(|p| p.0), a, false);
            if train < self.s.min_support || test < self.s.min_support {
                continue;
            }
            let pred = if self.count {
                self.child(parent.map(|p| p.1), a, true).0
            } else {
                Rows::Sparse(Vec::new())
            };
            self.prefix.push(a as u32);
            if self.prefix.len() >= self.s.k_min {
                if self.out.len() >= MAX_COMBINATIONS {
                    return Err(SettingsError::TooManyCombinations {
                        limit: MAX_COMBINATIONS,
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
        }
        Ok(())
    }
}

/// The subsets mode's walk; with `count`, each combination's counts too.
fn walk(
    ix: &RowIndex,
    groups: usize,
    s: &CombinationSettings,
    count: bool,
) -> Result<Vec<Found>, SettingsError> {
    let mut walk = Walk {
        ix,
        s,
        count,
        out: Vec::new(),
        prefix: Vec::new(),
        scratch: Histogram::new(groups),
        row: vec![0; 5 * groups],
    };
    walk.visit(None, 0)?;
    Ok(walk.out)
}

fn subsets(ix: &RowIndex, s: &CombinationSettings) -> Result<Vec<Vec<u32>>, SettingsError> {
    Ok(walk(ix, 0, s, false)?
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
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Vec<Vec<u32>>, CountTables), SettingsError> {
    if settings.mode == Mode::LabelSets {
        let m = combinations(d, ix, settings)?;
        let t = count_with_progress(d, ix, &m, progress);
        return Ok((m, t));
    }
    settings.validate()?;
    let mut found = walk(ix, d.groups.len(), settings, true)?;
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
    progress(found.len(), found.len());
    Ok((m, t))
}

/// The distinct full attribute sets of training rows with a group, kept when
/// at least `s` training rows have exactly that set and at least `s` test rows
/// have it (superset match).
fn label_sets(d: &Dataset, ix: &RowIndex, s: &CombinationSettings) -> Vec<Vec<u32>> {
    let mut exact: BTreeMap<&[u32], u64> = BTreeMap::new();
    for ((attrs, role), group) in d.gt.iter().zip(&d.role).zip(&d.group) {
        if role.is_train() && group.is_some() && attrs.len() >= s.k_min {
            *exact.entry(attrs.as_slice()).or_insert(0) += 1;
        }
    }
    exact
        .into_iter()
        .filter(|&(m, n)| {
            n >= s.min_support && ix.rows_with(m, false).and_count(&ix.test_any) >= s.min_support
        })
        .map(|(m, _)| m.to_vec())
        .collect()
}
