//! The counting layer: the five count tables of `docs/spec/counts.md` over
//! (combination, group), computed from a [`Dataset`] with bitsets. Metrics are
//! pure functions of [`CountTables`].

use serde::Serialize;

use crate::counting::bitset::Bitset;
use crate::input::dataset::{Dataset, StandIns};

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
    /// All five tables in the order of `docs/spec/counts.md`.
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

/// One value per count table, indexed by [`Table`] (an index that cannot be out
/// of range).
#[derive(Debug, Clone, PartialEq)]
struct PerTable<T>([T; 5]);

impl<T> std::ops::Index<Table> for PerTable<T> {
    type Output = T;

    fn index(&self, table: Table) -> &T {
        let [train, test, pred, pred_true, true_pred] = &self.0;
        match table {
            Table::Train => train,
            Table::Test => test,
            Table::Pred => pred,
            Table::PredAttrTrueGroup => pred_true,
            Table::TrueAttrPredGroup => true_pred,
        }
    }
}

impl<T> std::ops::IndexMut<Table> for PerTable<T> {
    fn index_mut(&mut self, table: Table) -> &mut T {
        let [train, test, pred, pred_true, true_pred] = &mut self.0;
        match table {
            Table::Train => train,
            Table::Test => test,
            Table::Pred => pred,
            Table::PredAttrTrueGroup => pred_true,
            Table::TrueAttrPredGroup => true_pred,
        }
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
    counts: PerTable<Vec<u64>>,
    totals: PerTable<Vec<u64>>,
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
            counts: PerTable(std::array::from_fn(|_| vec![0; cells])),
            totals: PerTable(std::array::from_fn(|_| vec![0; groups.len()])),
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
        self.counts[table]
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
        self.totals[table].get(g).copied().unwrap_or(0)
    }

    /// `|S|`: all rows a table counts (the sum of its group totals).
    pub fn grand_total(&self, table: Table) -> u64 {
        self.totals[table].iter().sum()
    }

    /// Sets one count.
    pub fn set(&mut self, table: Table, m: usize, g: usize, value: u64) {
        let width = self.groups.len();
        if let Some(c) = self.counts[table].get_mut(m * width + g) {
            *c = value;
        }
    }

    /// Adds `value` to one count.
    pub fn add(&mut self, table: Table, m: usize, g: usize, value: u64) {
        let width = self.groups.len();
        if let Some(c) = self.counts[table].get_mut(m * width + g) {
            *c += value;
        }
    }

    /// Adds `value` to one group total.
    pub fn add_total(&mut self, table: Table, g: usize, value: u64) {
        if let Some(c) = self.totals[table].get_mut(g) {
            *c += value;
        }
    }

    /// Sets every count and group total of one table to 0.
    pub fn clear(&mut self, table: Table) {
        self.counts[table].fill(0);
        self.totals[table].fill(0);
    }

    /// The tables of a perfect model on the same rows: every prediction equals the
    /// ground truth (`ĝ = g`, `â = a`), so each test-side table is the `test` table.
    pub fn perfect(&self) -> CountTables {
        let mut out = self.clone();
        let test = Table::Test;
        for table in [
            Table::Pred,
            Table::PredAttrTrueGroup,
            Table::TrueAttrPredGroup,
        ] {
            out.counts[table] = self.counts[test].clone();
            out.totals[table] = self.totals[test].clone();
        }
        out
    }

    /// Writes into `out` (tables of the same shape, such as an earlier
    /// [`CountTables::perfect`]) the counts of a perfect model on this table's rows,
    /// without allocating: the bootstrap does this for every resample.
    pub fn perfect_into(&self, out: &mut CountTables) {
        let test = Table::Test;
        for table in [Table::Train, Table::Test] {
            out.counts[table].clone_from(&self.counts[table]);
            out.totals[table].clone_from(&self.totals[table]);
        }
        for table in [
            Table::Pred,
            Table::PredAttrTrueGroup,
            Table::TrueAttrPredGroup,
        ] {
            out.counts[table].clone_from(&self.counts[test]);
            out.totals[table].clone_from(&self.totals[test]);
        }
    }

    /// Sets every count of combination `m` from `row`: table after table (in the
    /// order of [`Table::ALL`]), group after group.
    pub fn set_row(&mut self, m: usize, row: &[u64]) {
        let groups = self.groups.len();
        for table in Table::ALL {
            for g in 0..groups {
                let v = row.get(table.slot() * groups + g).copied().unwrap_or(0);
                self.set(table, m, g, v);
            }
        }
    }

    /// The tables of the combinations `picked` (indices, in that order; any out
    /// of range left out), with the same groups and totals.
    pub fn pick(&self, picked: &[usize]) -> CountTables {
        let groups = self.n_groups();
        let picked: Vec<usize> = picked
            .iter()
            .copied()
            .filter(|&m| m < self.n_combinations())
            .collect();
        let names = picked
            .iter()
            .filter_map(|&m| self.combinations.get(m).cloned())
            .collect();
        let mut out = CountTables::zeroed(self.groups.clone(), names, self.stand_ins);
        out.totals = self.totals.clone();
        for table in Table::ALL {
            for (k, &m) in picked.iter().enumerate() {
                for g in 0..groups {
                    out.set(table, k, g, self.get(table, m, g));
                }
            }
        }
        out
    }

    /// These combinations followed by `other`'s (tables of the same groups and
    /// rows: the totals are these).
    pub fn append(&self, other: &CountTables) -> CountTables {
        let mut out = self.clone();
        out.combinations.extend(other.combinations.iter().cloned());
        for table in Table::ALL {
            out.counts[table].extend_from_slice(&other.counts[table]);
        }
        out
    }

    /// Sets one group total.
    pub fn set_total(&mut self, table: Table, g: usize, value: u64) {
        if let Some(c) = self.totals[table].get_mut(g) {
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
    /// `gt_rows[a]`: the counted rows (a group, and train or test) whose ground
    /// truth holds `a`, in increasing order: rare attributes are cheaper to walk
    /// as lists than as bitsets of every row.
    pub gt_rows: Vec<Vec<u32>>,
    /// `pred_rows[a]`: the test rows with a group whose prediction holds `a`.
    pub pred_rows: Vec<Vec<u32>>,
    /// Each row's cell of the count tables: `g · (G + 1) + ĝ`, with `ĝ = G` when
    /// the row has no predicted group.
    cell: Vec<u16>,
    /// Each row's splits: bit 0 train, bit 1 test (both: the one-split case);
    /// 0 for a row no table counts.
    split: Vec<u8>,
    groups: usize,
    rows: usize,
}

/// Counts of the rows holding one combination, by split and cell: the first
/// `cells` entries are train rows, the next `cells` test rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Histogram {
    counts: Vec<u64>,
    cells: usize,
}

impl Histogram {
    pub(crate) fn new(groups: usize) -> Self {
        let cells = groups * (groups + 1);
        Self {
            counts: vec![0; 2 * cells],
            cells,
        }
    }

    /// Rows of `split` (0 train, 1 test) with ground-truth group `g` and predicted
    /// group `pg` (`None`: any, including none).
    fn sum(&self, split: usize, g: Option<usize>, pg: Option<usize>, groups: usize) -> u64 {
        let width = groups + 1;
        let part = self
            .counts
            .get(split * self.cells..(split + 1) * self.cells)
            .unwrap_or_default();
        part.iter()
            .enumerate()
            .filter(|(c, _)| g.is_none_or(|g| c / width == g) && pg.is_none_or(|p| c % width == p))
            .map(|(_, n)| n)
            .sum()
    }
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
            gt_rows: vec![Vec::new(); d.attributes.len()],
            pred_rows: vec![Vec::new(); d.attributes.len()],
            cell: vec![0; n],
            split: vec![0; n],
            groups: d.groups.len(),
            rows: n,
        };
        for i in 0..n {
            let Some(g) = d.group.get(i).copied().flatten() else {
                continue;
            };
            let g = g as usize;
            let (Some(&role), Some(gt), Some(pred)) = (d.role.get(i), d.gt.get(i), d.pred.get(i))
            else {
                continue;
            };
            let insert = |sets: &mut [Bitset], k: usize| {
                if let Some(set) = sets.get_mut(k) {
                    set.insert(i);
                }
            };
            for &a in gt {
                insert(&mut ix.gt, a as usize);
            }
            for &a in pred {
                insert(&mut ix.pred, a as usize);
            }
            let pg = d.pred_group.get(i).copied().flatten();
            if role.is_train() {
                insert(&mut ix.train_group, g);
                ix.train_any.insert(i);
            }
            if role.is_test() {
                insert(&mut ix.test_group, g);
                ix.test_any.insert(i);
                if let Some(pg) = pg {
                    insert(&mut ix.test_pred_group, pg as usize);
                }
            }
            let split = u8::from(role.is_train()) | (u8::from(role.is_test()) << 1);
            if split == 0 {
                continue;
            }
            let width = ix.groups + 1;
            if let (Some(cell), Some(slot)) = (ix.cell.get_mut(i), ix.split.get_mut(i)) {
                *cell = (g * width + pg.map_or(ix.groups, |p| p as usize)) as u16;
                *slot = split;
            }
            for &a in gt {
                if let Some(list) = ix.gt_rows.get_mut(a as usize) {
                    list.push(i as u32);
                }
            }
            if role.is_test() {
                for &a in pred {
                    if let Some(list) = ix.pred_rows.get_mut(a as usize) {
                        list.push(i as u32);
                    }
                }
            }
        }
        ix
    }

    /// The counted rows holding every attribute of `m` (in ground truth, or in the
    /// prediction: then test rows only), in increasing order. Walks the rarest
    /// attribute's list and looks the others up in their bitsets.
    pub fn rows_of(&self, m: &[u32], predicted: bool) -> Vec<u32> {
        let (lists, columns) = if predicted {
            (&self.pred_rows, &self.pred)
        } else {
            (&self.gt_rows, &self.gt)
        };
        let Some(&driver) = m
            .iter()
            .min_by_key(|&&a| lists.get(a as usize).map_or(0, Vec::len))
        else {
            // The empty combination: every counted row.
            return (0..self.rows as u32)
                .filter(|&i| {
                    let s = self.split.get(i as usize).copied().unwrap_or(0);
                    if predicted {
                        s & 2 != 0
                    } else {
                        s != 0
                    }
                })
                .collect();
        };
        let others: Vec<&Bitset> = m
            .iter()
            .filter(|&&a| a != driver)
            .filter_map(|&a| columns.get(a as usize))
            .collect();
        if others.len() + 1 < m.len() {
            return Vec::new(); // an attribute index out of range: no row has it
        }
        lists
            .get(driver as usize)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .copied()
            .filter(|&i| others.iter().all(|b| b.contains(i as usize)))
            .collect()
    }

    /// Adds each row of `rows` to `h` by its split and cell.
    pub(crate) fn histogram(&self, rows: &[u32], h: &mut Histogram) {
        h.counts.fill(0);
        for &i in rows {
            let (Some(&cell), Some(&split)) =
                (self.cell.get(i as usize), self.split.get(i as usize))
            else {
                continue;
            };
            let cell = cell as usize;
            if split & 1 != 0 {
                if let Some(c) = h.counts.get_mut(cell) {
                    *c += 1;
                }
            }
            if split & 2 != 0 {
                if let Some(c) = h.counts.get_mut(h.cells + cell) {
                    *c += 1;
                }
            }
        }
    }

    /// The split bits of row `i` (bit 0 train, bit 1 test; 0: not counted).
    pub fn split_of(&self, i: u32) -> u8 {
        self.split.get(i as usize).copied().unwrap_or(0)
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
    let mut t = ix.empty_tables(d, combinations);
    // A rare combination's rows as a list (walking its rarest attribute), a common
    // one's as a bitset: see [`Rows`].
    let mut scratch = Histogram::new(d.groups.len());
    let mut row = vec![0; 5 * d.groups.len()];
    for (m, combination) in combinations.iter().enumerate() {
        if m % PROGRESS_EVERY == 0 {
            progress(m, combinations.len());
        }
        let rarest = combination
            .iter()
            .map(|&a| ix.gt_rows.get(a as usize).map_or(0, Vec::len))
            .min()
            .unwrap_or(ix.rows);
        let (gt, pred) = if rarest * SPARSE_BELOW >= ix.rows {
            (
                Rows::Dense(ix.rows_with(combination, false)),
                Rows::Dense(ix.rows_with(combination, true)),
            )
        } else {
            (
                Rows::Sparse(ix.rows_of(combination, false)),
                Rows::Sparse(ix.rows_of(combination, true)),
            )
        };
        ix.write_counts(&gt, &TRUTH_TABLES, &mut scratch, &mut row);
        ix.write_counts(&pred, &PREDICTION_TABLES, &mut scratch, &mut row);
        t.set_row(m, &row);
    }
    t
}

impl RowIndex {
    /// Count tables for `combinations` with every group total set and every
    /// combination's counts still 0.
    pub(crate) fn empty_tables(&self, d: &Dataset, combinations: &[Vec<u32>]) -> CountTables {
        let names = combinations.iter().map(|m| d.names(m)).collect();
        let mut t = CountTables::zeroed(d.groups.clone(), names, d.stand_ins);
        let count = |sets: &[Bitset], g: usize| sets.get(g).map_or(0, Bitset::count);
        for g in 0..d.groups.len() {
            let train = count(&self.train_group, g);
            let test = count(&self.test_group, g);
            let pred = count(&self.test_pred_group, g);
            t.set_total(Table::Train, g, train);
            t.set_total(Table::Test, g, test);
            t.set_total(Table::Pred, g, pred);
            t.set_total(Table::PredAttrTrueGroup, g, test);
            t.set_total(Table::TrueAttrPredGroup, g, pred);
        }
        t
    }
}

/// Below `rows / SPARSE_BELOW` rows, a combination's rows are walked as a list:
/// a list step costs a bitset lookup per row, a bitset step a word per 64 rows.
pub const SPARSE_BELOW: usize = 16;

/// The rows holding a combination: a bitset while they are many, a list of row
/// indices once they are few (most combinations of sparse data), so that a rare
/// combination costs its support, not the whole data set.
#[derive(Debug, Clone)]
pub enum Rows {
    /// Every row, one bit each.
    Dense(Bitset),
    /// The counted rows (see [`RowIndex::rows_of`]), in increasing order.
    Sparse(Vec<u32>),
}

/// The tables whose counts come from the rows holding a combination in ground
/// truth, each with the split it counts (0 train, 1 test) and whether its column is
/// the predicted group (else the ground-truth group).
pub(crate) const TRUTH_TABLES: [(Table, usize, bool); 3] = [
    (Table::Train, 0, false),
    (Table::Test, 1, false),
    (Table::TrueAttrPredGroup, 1, true),
];

/// Likewise, from the rows holding a combination in their prediction.
pub(crate) const PREDICTION_TABLES: [(Table, usize, bool); 2] =
    [(Table::Pred, 1, true), (Table::PredAttrTrueGroup, 1, false)];

impl RowIndex {
    /// Writes the counts of `tables` (one of [`TRUTH_TABLES`],
    /// [`PREDICTION_TABLES`]) of the combination whose rows are `rows` into `row`,
    /// laid out as [`CountTables::set_row`] reads it.
    pub(crate) fn write_counts(
        &self,
        rows: &Rows,
        tables: &[(Table, usize, bool)],
        h: &mut Histogram,
        row: &mut [u64],
    ) {
        let groups = self.groups;
        if let Rows::Sparse(list) = rows {
            self.histogram(list, h);
        }
        for &(table, split, by_predicted) in tables {
            for g in 0..groups {
                let v = match rows {
                    Rows::Dense(bits) => {
                        let column = match (split, by_predicted) {
                            (0, _) => self.train_group.get(g),
                            (_, false) => self.test_group.get(g),
                            (_, true) => self.test_pred_group.get(g),
                        };
                        column.map_or(0, |c| bits.and_count(c))
                    }
                    Rows::Sparse(_) if by_predicted => h.sum(split, None, Some(g), groups),
                    Rows::Sparse(_) => h.sum(split, Some(g), None, groups),
                };
                if let Some(c) = row.get_mut(table.slot() * groups + g) {
                    *c = v;
                }
            }
        }
    }
}
