//! The subsets mode's search for `M`: a depth-first walk with support pruning
//! that counts each combination it keeps on the spot.

use std::sync::atomic::Ordering::Relaxed;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize};

use crate::counting::bitset::Bitset;
use crate::counting::combinations::settings::{CombinationSettings, Limits};
use crate::counting::counts::{
    Histogram, RowIndex, Rows, PREDICTION_TABLES, SPARSE_BELOW, TRUTH_TABLES,
};
use crate::error::SettingsError;

/// One combination of `M` found by the walk, with its counts (laid out as
/// [`CountTables::set_row`] reads them).
pub(super) struct Found {
    pub(super) combination: Vec<u32>,
    pub(super) counts: Vec<u64>,
}

/// The rows of a combination tried by the walk, with their train and test counts
/// and what finding them cost in row operations.
pub(super) struct Child {
    pub(super) rows: Rows,
    pub(super) train: u64,
    pub(super) test: u64,
    pub(super) cost: u64,
}

/// Depth-first enumeration with support pruning: a superset of a combination
/// below the support threshold is never visited. Each visited combination's rows
/// come from its parent's (one intersection, list or bitset, see [`Rows`]); with
/// `count`, its predicted rows too, and both are counted on the spot, so the count
/// tables cost what the enumeration already walked.
///
/// The walk counts its row operations (ground truth side) and stops at its
/// [`Limits`]; [`estimate`] predicts that count before it starts.
pub(super) struct Walk<'a> {
    pub(super) ix: &'a RowIndex,
    pub(super) s: &'a CombinationSettings,
    pub(super) count: bool,
    pub(super) limits: Limits,
    pub(super) out: Vec<Found>,
    pub(super) prefix: Vec<u32>,
    pub(super) scratch: Histogram,
    pub(super) row: Vec<u64>,
    /// Row operations so far.
    pub(super) work: u64,
    /// Reports `work` from time to time (every [`REPORT_EVERY`]).
    pub(super) progress: &'a mut dyn FnMut(u64),
    pub(super) next_report: u64,
    /// The counters of all the walks sharing one search among threads (each takes
    /// first-level attributes in turn), or `None` for a walk alone.
    pub(super) shared: Option<&'a Shared>,
}

/// What the threads of one search share: the limits apply to their sum, and one
/// thread's failure stops the others.
#[derive(Default)]
pub(super) struct Shared {
    pub(super) work: AtomicU64,
    pub(super) found: AtomicUsize,
    pub(super) stop: AtomicBool,
}

/// Row operations between two progress reports of the walk.
pub(super) const REPORT_EVERY: u64 = 20_000_000;

impl<'a> Walk<'a> {
    /// A walk alone (not sharing a search), with nothing found yet.
    pub(super) fn new(
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
    pub(super) fn child(&self, parent: Option<&Rows>, a: usize, predicted: bool) -> Child {
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
    pub(super) fn settle(
        &self,
        bits: Bitset,
        train: u64,
        test: u64,
        predicted: bool,
        cost: u64,
    ) -> Child {
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
    pub(super) fn counted(&self, rows: Vec<u32>, cost: u64) -> Child {
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
    pub(super) fn supported(&self, c: &Child) -> bool {
        c.train >= self.s.min_support && c.test >= self.s.min_support
    }

    pub(super) fn visit(
        &mut self,
        parent: Option<(&Rows, &Rows)>,
        start: usize,
    ) -> Result<(), SettingsError> {
        for a in start..self.ix.gt.len() {
            self.step(parent, a)?;
        }
        Ok(())
    }

    /// Tries `parent ∪ {a}`: kept (and counted) when supported, then extended.
    pub(super) fn step(
        &mut self,
        parent: Option<(&Rows, &Rows)>,
        a: usize,
    ) -> Result<(), SettingsError> {
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
