//! The counting layer: the five count tables of `spec/counts.md` over
//! (combination, group), computed from a [`Dataset`] with bitsets. Metrics are
//! pure functions of [`CountTables`].

use serde::Serialize;

use crate::bitset::Bitset;
use crate::dataset::{Dataset, StandIns};

/// One of the five count tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    /// Train rows with `m ⊆ a`, by ground-truth group.
    Train,
    /// Test rows with `m ⊆ a`, by ground-truth group.
    Test,
    /// Test rows with `m ⊆ â`, by predicted group.
    Pred,
    /// Test rows with `m ⊆ â`, by ground-truth group.
    PredAttrTrueGroup,
    /// Test rows with `m ⊆ a`, by predicted group.
    TrueAttrPredGroup,
}

impl Table {
    /// All five tables in the order of `spec/counts.md`.
    pub const ALL: [Table; 5] = [
        Table::Train,
        Table::Test,
        Table::Pred,
        Table::PredAttrTrueGroup,
        Table::TrueAttrPredGroup,
    ];

    fn slot(self) -> usize {
        self as usize
    }
}

/// Co-occurrence counts for a list of combinations: `n[table][combination][group]`
/// plus each table's group totals (the count with `m` empty).
#[derive(Debug, Clone, PartialEq)]
pub struct CountTables {
    /// Group names, in the order of the group index.
    pub groups: Vec<String>,
    /// The combinations counted, as names (sorted within each combination).
    pub combinations: Vec<Vec<String>>,
    /// Which stand-ins were used before counting.
    pub stand_ins: StandIns,
    counts: [Vec<u64>; 5],
    totals: [Vec<u64>; 5],
}

impl CountTables {
    /// Empty tables for these groups and combinations, to be filled with [`CountTables::set`].
    pub fn zeroed(
        groups: Vec<String>,
        combinations: Vec<Vec<String>>,
        stand_ins: StandIns,
    ) -> Self {
        let cells = groups.len() * combinations.len();
        Self {
            counts: std::array::from_fn(|_| vec![0; cells]),
            totals: std::array::from_fn(|_| vec![0; groups.len()]),
            groups,
            combinations,
            stand_ins,
        }
    }

    /// Number of groups.
    pub fn n_groups(&self) -> usize {
        self.groups.len()
    }

    /// Number of combinations.
    pub fn n_combinations(&self) -> usize {
        self.combinations.len()
    }

    /// `n_table(m, g)` for combination index `m` and group index `g` (0 when out of range).
    pub fn get(&self, table: Table, m: usize, g: usize) -> u64 {
        self.counts[table.slot()]
            .get(m * self.groups.len() + g)
            .copied()
            .unwrap_or(0)
    }

    /// `n_table(m) = Σ_g n_table(m, g)`.
    pub fn combination_total(&self, table: Table, m: usize) -> u64 {
        (0..self.n_groups()).map(|g| self.get(table, m, g)).sum()
    }

    /// The group total of a table: rows of group `g` with `m` empty.
    pub fn total(&self, table: Table, g: usize) -> u64 {
        self.totals[table.slot()].get(g).copied().unwrap_or(0)
    }

    /// `|S|`: all rows a table counts (the sum of its group totals).
    pub fn grand_total(&self, table: Table) -> u64 {
        self.totals[table.slot()].iter().sum()
    }

    /// Sets one count.
    pub fn set(&mut self, table: Table, m: usize, g: usize, value: u64) {
        let width = self.groups.len();
        if let Some(c) = self.counts[table.slot()].get_mut(m * width + g) {
            *c = value;
        }
    }

    /// Adds `value` to one count.
    pub fn add(&mut self, table: Table, m: usize, g: usize, value: u64) {
        let width = self.groups.len();
        if let Some(c) = self.counts[table.slot()].get_mut(m * width + g) {
            *c += value;
        }
    }

    /// Adds `value` to one group total.
    pub fn add_total(&mut self, table: Table, g: usize, value: u64) {
        if let Some(c) = self.totals[table.slot()].get_mut(g) {
            *c += value;
        }
    }

    /// Sets every count and group total of one table to 0.
    pub fn clear(&mut self, table: Table) {
        self.counts[table.slot()].fill(0);
        self.totals[table.slot()].fill(0);
    }

    /// The tables of a perfect model on the same rows: every prediction equals the
    /// ground truth (`ĝ = g`, `â = a`), so each test-side table is the `test` table.
    pub fn perfect(&self) -> CountTables {
        let mut out = self.clone();
        let test = Table::Test.slot();
        for table in [
            Table::Pred,
            Table::PredAttrTrueGroup,
            Table::TrueAttrPredGroup,
        ] {
            out.counts[table.slot()] = self.counts[test].clone();
            out.totals[table.slot()] = self.totals[test].clone();
        }
        out
    }

    /// Writes into `out` (tables of the same shape, such as an earlier
    /// [`CountTables::perfect`]) the counts of a perfect model on this table's rows,
    /// without allocating: the bootstrap does this for every resample.
    pub fn perfect_into(&self, out: &mut CountTables) {
        let test = Table::Test.slot();
        for table in [Table::Train, Table::Test] {
            out.counts[table.slot()].clone_from(&self.counts[table.slot()]);
            out.totals[table.slot()].clone_from(&self.totals[table.slot()]);
        }
        for table in [
            Table::Pred,
            Table::PredAttrTrueGroup,
            Table::TrueAttrPredGroup,
        ] {
            out.counts[table.slot()].clone_from(&self.counts[test]);
            out.totals[table.slot()].clone_from(&self.totals[test]);
        }
    }

    /// Sets one group total.
    pub fn set_total(&mut self, table: Table, g: usize, value: u64) {
        if let Some(c) = self.totals[table.slot()].get_mut(g) {
            *c = value;
        }
    }
}

/// Bitset columns of a data set: one bitset of rows per attribute (ground truth and
/// prediction) and the row masks of each table's (split, group) cells.
#[derive(Debug, Clone)]
pub struct RowIndex {
    /// `gt[a]`: rows whose ground truth contains attribute `a`.
    pub gt: Vec<Bitset>,
    /// `pred[a]`: rows whose prediction contains attribute `a`.
    pub pred: Vec<Bitset>,
    /// Train rows of each ground-truth group.
    pub train_group: Vec<Bitset>,
    /// Test rows of each ground-truth group.
    pub test_group: Vec<Bitset>,
    /// Test rows (with a ground-truth group) of each predicted group.
    pub test_pred_group: Vec<Bitset>,
    /// Train rows with a group.
    pub train_any: Bitset,
    /// Test rows with a group.
    pub test_any: Bitset,
    rows: usize,
}

impl RowIndex {
    /// Builds the bitset columns of a data set.
    pub fn new(d: &Dataset) -> Self {
        let n = d.len();
        let new = |k: usize| vec![Bitset::new(n); k];
        let mut ix = Self {
            gt: new(d.attributes.len()),
            pred: new(d.attributes.len()),
            train_group: new(d.groups.len()),
            test_group: new(d.groups.len()),
            test_pred_group: new(d.groups.len()),
            train_any: Bitset::new(n),
            test_any: Bitset::new(n),
            rows: n,
        };
        for i in 0..n {
            let Some(g) = d.group.get(i).copied().flatten() else {
                continue;
            };
            let g = g as usize;
            let role = d.role[i];
            for &a in &d.gt[i] {
                ix.gt[a as usize].insert(i);
            }
            for &a in &d.pred[i] {
                ix.pred[a as usize].insert(i);
            }
            if role.is_train() {
                ix.train_group[g].insert(i);
                ix.train_any.insert(i);
            }
            if role.is_test() {
                ix.test_group[g].insert(i);
                ix.test_any.insert(i);
                if let Some(pg) = d.pred_group.get(i).copied().flatten() {
                    ix.test_pred_group[pg as usize].insert(i);
                }
            }
        }
        ix
    }

    /// Number of rows indexed.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The rows holding every attribute of `m` (in ground truth or prediction).
    pub fn rows_with(&self, m: &[u32], predicted: bool) -> Bitset {
        let columns = if predicted { &self.pred } else { &self.gt };
        let mut out = Bitset::new(self.rows);
        let mut first = true;
        for &a in m {
            let Some(col) = columns.get(a as usize) else {
                return Bitset::new(self.rows);
            };
            if first {
                out = col.clone();
                first = false;
            } else {
                let prev = out.clone();
                prev.and_into(col, &mut out);
            }
        }
        if first {
            // The empty combination: every row.
            for i in 0..self.rows {
                out.insert(i);
            }
        }
        out
    }
}

/// How many combinations are counted between two progress reports.
const PROGRESS_EVERY: usize = 4096;

/// Counts the five tables for `combinations` (attribute indices of `d`).
pub fn count(d: &Dataset, ix: &RowIndex, combinations: &[Vec<u32>]) -> CountTables {
    count_with_progress(d, ix, combinations, &mut |_, _| {})
}

/// [`count`], calling `progress(done, total)` every few thousand combinations.
pub fn count_with_progress(
    d: &Dataset,
    ix: &RowIndex,
    combinations: &[Vec<u32>],
    progress: &mut dyn FnMut(usize, usize),
) -> CountTables {
    let names = combinations.iter().map(|m| d.names(m)).collect();
    let mut t = CountTables::zeroed(d.groups.clone(), names, d.stand_ins);
    for g in 0..d.groups.len() {
        let train = ix.train_group[g].count();
        let test = ix.test_group[g].count();
        let pred = ix.test_pred_group[g].count();
        t.set_total(Table::Train, g, train);
        t.set_total(Table::Test, g, test);
        t.set_total(Table::Pred, g, pred);
        t.set_total(Table::PredAttrTrueGroup, g, test);
        t.set_total(Table::TrueAttrPredGroup, g, pred);
    }
    for (m, combination) in combinations.iter().enumerate() {
        if m % PROGRESS_EVERY == 0 {
            progress(m, combinations.len());
        }
        let gt = ix.rows_with(combination, false);
        let pred = ix.rows_with(combination, true);
        for g in 0..d.groups.len() {
            t.set(Table::Train, m, g, gt.and_count(&ix.train_group[g]));
            t.set(Table::Test, m, g, gt.and_count(&ix.test_group[g]));
            t.set(Table::Pred, m, g, pred.and_count(&ix.test_pred_group[g]));
            t.set(
                Table::PredAttrTrueGroup,
                m,
                g,
                pred.and_count(&ix.test_group[g]),
            );
            t.set(
                Table::TrueAttrPredGroup,
                m,
                g,
                gt.and_count(&ix.test_pred_group[g]),
            );
        }
    }
    t
}
