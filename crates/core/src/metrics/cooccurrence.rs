//! Co-occurrence and association tables, `docs/spec/metrics.md` section 5: for a chosen split,
//! every (attribute or combination) × group 2×2 table, and every attribute ×
//! attribute 2×2 table, with the statistics of [`crate::metrics::association`] and
//! Benjamini–Hochberg q-values over the tests of one table.

use serde::{Deserialize, Serialize};

use crate::counting::combinations::{combinations, CombinationSettings, Mode};
use crate::counting::counts::{CountTables, RowIndex, Table};
use crate::error::SettingsError;
use crate::input::dataset::Dataset;
use crate::metrics::association::{benjamini_hochberg, Association, TwoByTwo};

/// Which split's ground truth a co-occurrence table counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Split {
    /// The training rows.
    #[default]
    Train,
    /// The test rows (ground truth).
    Test,
}

impl Split {
    /// The name used in URLs, the CLI and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Test => "test",
        }
    }

    /// Parses `train` or `test`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "train" => Some(Split::Train),
            "test" => Some(Split::Test),
            _ => None,
        }
    }

    /// The count table with this split's ground truth.
    pub fn table(self) -> Table {
        match self {
            Split::Train => Table::Train,
            Split::Test => Table::Test,
        }
    }
}

/// The statistics of one 2×2 table, as JSON prints them (`null` for undefined;
/// PMI is printed as `null` when it is −∞, i.e. when `n11 = 0` and nPMI is −1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// Both.
    pub n11: u64,
    /// The attribute (row) only.
    pub n10: u64,
    /// The column only.
    pub n01: u64,
    /// Neither.
    pub n00: u64,
    /// `P(column | row)`: for a group column, the bias score `P(g | m)`.
    pub p_group_given_attr: Option<f64>,
    /// `P(row | column)`.
    pub p_attr_given_group: Option<f64>,
    /// PMI (−∞ when `n11 = 0`).
    pub pmi: Option<f64>,
    /// Normalised PMI.
    pub npmi: Option<f64>,
    /// Phi coefficient.
    pub phi: Option<f64>,
    /// Odds ratio.
    pub odds_ratio: Option<f64>,
    /// 95% interval of the odds ratio.
    pub odds_ratio_ci95: Option<[f64; 2]>,
    /// Chi-square p-value.
    pub chi2_p: Option<f64>,
    /// Benjamini–Hochberg q-value over the table's tests.
    pub q: Option<f64>,
}

impl Stats {
    /// The statistics of a 2×2 table (q-value not yet set).
    pub fn from_association(a: &Association) -> Self {
        Self {
            n11: a.counts.n11,
            n10: a.counts.n10,
            n01: a.counts.n01,
            n00: a.counts.n00,
            p_group_given_attr: a.p_group_given_attr,
            p_attr_given_group: a.p_attr_given_group,
            pmi: a.pmi.map(|p| p.as_f64()),
            npmi: a.npmi,
            phi: a.phi,
            odds_ratio: a.odds_ratio,
            odds_ratio_ci95: a.odds_ratio_ci95,
            chi2_p: a.chi2_p,
            q: None,
        }
    }
}

/// One row of the combination × group table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupRow {
    /// The combination's attributes.
    pub attributes: Vec<String>,
    /// The group.
    pub group: String,
    /// Counts and statistics.
    pub stats: Stats,
}

/// One cell of the attribute × attribute table (`a` < `b` in attribute order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairRow {
    /// The first attribute (the "row" of the 2×2 table).
    pub a: String,
    /// The second attribute (the "column").
    pub b: String,
    /// Counts and statistics.
    pub stats: Stats,
}

/// `fields` followed by the statistics' keys, as one flat JSON object (what the
/// CLI prints for each row).
fn flat_json(
    fields: serde_json::Map<String, serde_json::Value>,
    stats: &Stats,
) -> serde_json::Value {
    let mut out = fields;
    if let Ok(serde_json::Value::Object(s)) = serde_json::to_value(stats) {
        out.extend(s);
    }
    serde_json::Value::Object(out)
}

impl GroupRow {
    /// The row as the CLI prints it: `attributes`, `group`, then the statistics.
    pub fn to_json(&self) -> serde_json::Value {
        let mut fields = serde_json::Map::new();
        fields.insert("attributes".into(), self.attributes.clone().into());
        fields.insert("group".into(), self.group.clone().into());
        flat_json(fields, &self.stats)
    }
}

impl PairRow {
    /// The row as the CLI prints it: `a`, `b`, then the statistics.
    pub fn to_json(&self) -> serde_json::Value {
        let mut fields = serde_json::Map::new();
        fields.insert("a".into(), self.a.clone().into());
        fields.insert("b".into(), self.b.clone().into());
        flat_json(fields, &self.stats)
    }
}

/// Fills the q-values of a table's rows.
fn with_q(stats: &mut [&mut Stats]) {
    let p: Vec<Option<f64>> = stats.iter().map(|s| s.chi2_p).collect();
    for (s, q) in stats.iter_mut().zip(benjamini_hochberg(&p)) {
        s.q = q;
    }
}

/// The rows of a co-occurrence table: every attribute of `A`, then (when `k_max`
/// ≥ 2) the combinations of 2 to `k_max` attributes with at least `min_support`
/// train and test rows.
pub fn rows_for(
    d: &Dataset,
    ix: &RowIndex,
    k_max: usize,
    min_support: u64,
) -> Result<Vec<Vec<u32>>, SettingsError> {
    let mut out: Vec<Vec<u32>> = (0..d.attributes.len() as u32).map(|a| vec![a]).collect();
    if k_max >= 2 {
        let settings = CombinationSettings {
            mode: Mode::Subsets,
            k_min: 2,
            k_max,
            min_support,
        };
        out.extend(combinations(d, ix, &settings)?);
    }
    Ok(out)
}

/// The combination × group table of one split from count tables (in combination
/// order, then group order).
pub fn group_table(t: &CountTables, split: Split) -> Vec<GroupRow> {
    let table = split.table();
    let n = t.grand_total(table);
    let mut rows = Vec::with_capacity(t.n_combinations() * t.n_groups());
    for (m, attributes) in t.combinations.iter().enumerate() {
        let n_m = t.combination_total(table, m);
        for (g, group) in t.groups.iter().enumerate() {
            let n11 = t.get(table, m, g);
            let n_g = t.total(table, g);
            let n10 = n_m.saturating_sub(n11);
            let n01 = n_g.saturating_sub(n11);
            let counts = TwoByTwo {
                n11,
                n10,
                n01,
                n00: n.saturating_sub(n11 + n10 + n01),
            };
            rows.push(GroupRow {
                attributes: attributes.clone(),
                group: group.clone(),
                stats: Stats::from_association(&counts.association()),
            });
        }
    }
    with_q(&mut rows.iter_mut().map(|r| &mut r.stats).collect::<Vec<_>>());
    rows
}

/// The attribute × attribute table of one split (ground truth, rows with a group),
/// every pair `a` < `b` of `A`.
pub fn pair_table(d: &Dataset, ix: &RowIndex, split: Split) -> Vec<PairRow> {
    let mask = match split {
        Split::Train => &ix.train_any,
        Split::Test => &ix.test_any,
    };
    let in_split: Vec<_> = ix
        .gt
        .iter()
        .map(|col| {
            let mut out = mask.clone();
            mask.and_into(col, &mut out);
            out
        })
        .collect();
    let totals: Vec<u64> = in_split.iter().map(|c| c.count()).collect();
    let name = |i: usize| d.attributes.get(i).cloned().unwrap_or_default();
    let mut pairs = Vec::new();
    for (a, col_a) in in_split.iter().enumerate() {
        for (b, col_b) in in_split.iter().enumerate().skip(a + 1) {
            pairs.push(Pair {
                a: name(a),
                b: name(b),
                both: col_a.and_count(col_b),
                a_total: totals.get(a).copied().unwrap_or(0),
                b_total: totals.get(b).copied().unwrap_or(0),
            });
        }
    }
    pair_rows(pairs, mask.count())
}

/// Two attributes' counts on one split: rows with both, with each.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The first attribute (in attribute order).
    pub a: String,
    /// The second attribute.
    pub b: String,
    /// Rows with both.
    pub both: u64,
    /// Rows with `a`.
    pub a_total: u64,
    /// Rows with `b`.
    pub b_total: u64,
}

/// The attribute × attribute table's rows from pairs' counts among `n` rows, with
/// q-values over these pairs.
pub fn pair_rows(pairs: Vec<Pair>, n: u64) -> Vec<PairRow> {
    let mut rows: Vec<PairRow> = pairs
        .into_iter()
        .map(|p| {
            let n11 = p.both;
            let n10 = p.a_total.saturating_sub(n11);
            let n01 = p.b_total.saturating_sub(n11);
            let counts = TwoByTwo {
                n11,
                n10,
                n01,
                n00: n.saturating_sub(n11 + n10 + n01),
            };
            PairRow {
                a: p.a,
                b: p.b,
                stats: Stats::from_association(&counts.association()),
            }
        })
        .collect();
    with_q(&mut rows.iter_mut().map(|r| &mut r.stats).collect::<Vec<_>>());
    rows
}

/// Both co-occurrence tables of one split, as the app shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CooccurrenceReport {
    /// The split counted.
    pub split: Split,
    /// The groups, in order.
    pub groups: Vec<String>,
    /// The attributes of `A`, in order.
    pub attributes: Vec<String>,
    /// Rows of the split counted (with a group).
    pub rows: u64,
    /// Attribute (and combination) × group.
    pub group_rows: Vec<GroupRow>,
    /// Attribute × attribute.
    pub pair_rows: Vec<PairRow>,
    /// Set when the report comes from a counts file: pairs whose train or test
    /// count is below this were left out of the file, so `pair_rows` lacks them.
    #[serde(default)]
    pub pairs_below: Option<u64>,
}

/// Both tables of `split`: every attribute (and, when `k_max` ≥ 2, every combination
/// of 2..=`k_max` attributes with `min_support`) × group, and attribute × attribute.
pub fn cooccurrence(
    d: &Dataset,
    split: Split,
    k_max: usize,
    min_support: u64,
) -> Result<CooccurrenceReport, SettingsError> {
    let ix = RowIndex::new(d);
    let combos = rows_for(d, &ix, k_max, min_support)?;
    let tables = crate::counting::counts::count(d, &ix, &combos);
    Ok(CooccurrenceReport {
        split,
        groups: d.groups.clone(),
        attributes: d.attributes.clone(),
        rows: tables.grand_total(split.table()),
        group_rows: group_table(&tables, split),
        pair_rows: pair_table(d, &ix, split),
        pairs_below: None,
    })
}
