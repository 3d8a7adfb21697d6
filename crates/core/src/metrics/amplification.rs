//! Multi-attribute bias amplification (Zhao, Andrews & Xiang, ICML 2023) and its
//! single-attribute ancestors, `docs/spec/metrics.md` sections 3 and 4: functions of count
//! tables only. Run on the combination set `M` they give Multi_MALS and Multi→;
//! run on every single attribute they give BiasAmp_MALS and BiasAmp→.

use serde::{Deserialize, Serialize};

use crate::counting::counts::{CountTables, Table};
use crate::metrics::stats::{count_difference, mean, population_variance, ratio};

/// The per-(combination, group) breakdown behind every number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// The combination's attribute names.
    pub combination: Vec<String>,
    /// The group.
    pub group: String,
    /// `n_train(m, g)`.
    pub n_train: u64,
    /// `n_train(m)`.
    pub n_train_combination: u64,
    /// `bias_train(m, g) = n_train(m, g) / n_train(m)`.
    pub bias_train: Option<f64>,
    /// True when `bias_train(m, g) <= 1/|G|`: the indicator masks this cell (Δ = 0).
    pub masked: bool,
    /// `n_pred(m, g)`: test rows predicted to have `m` and predicted in group `g`.
    pub n_pred: u64,
    /// `n_pred(m)`.
    pub n_pred_combination: u64,
    /// `bias_pred(m, g)`.
    pub bias_pred: Option<f64>,
    /// Multi_MALS `Δ(g, m)`: 0 when masked, undefined when unmasked and `bias_pred` is undefined.
    pub delta: Option<f64>,
    /// `y(g, m)`: sign of the training association, in {-1, 0, 1}.
    pub y: i8,
    /// `n_test(m, g)` (ground truth).
    pub n_test: u64,
    /// `n_test(m)` (ground truth).
    pub n_test_combination: u64,
    /// Test rows in group `g` (ground truth).
    pub n_test_group: u64,
    /// Test rows of group `g` predicted to have `m`.
    pub n_pred_attr_true_group: u64,
    /// Test rows with `m` predicted in group `g`.
    pub n_true_attr_pred_group: u64,
    /// `G→M` Δ: `P(m ⊆ â | g) − P(m ⊆ a | g)`.
    pub delta_g_to_m: Option<f64>,
    /// `M→G` Δ: `P(ĝ = g | m ⊆ a) − P(g | m ⊆ a)`.
    pub delta_m_to_g: Option<f64>,
    /// Multi_MALS Δ of a perfect model: the bias score of the test split's ground
    /// truth minus training's (0 when masked) — what the split alone moves.
    pub delta_perfect: Option<f64>,
    /// What the model adds to this cell beyond a perfect model on the same split:
    /// `Δ − Δ_perfect` (for an unmasked cell, `bias_pred(m, g) − bias_test(m, g)`;
    /// 0 when masked). The amplification bars rank by it: the split's own noise,
    /// which a perfect model scores too, cancels.
    pub added: Option<f64>,
}

/// Summary of the MALS family over a set of combinations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mals {
    /// `(1/|M|) Σ |Δ|` over defined cells.
    pub mean: Option<f64>,
    /// `(1/|M|) Σ Δ` over defined cells.
    pub signed_mean: Option<f64>,
    /// Population variance of the signed Δ over defined cells.
    pub variance: Option<f64>,
    /// `|M|`.
    pub n_combinations: usize,
    /// Combinations the model never predicts (`n_pred(m) = 0`).
    pub never_predicted: Vec<Vec<String>>,
}

/// Summary of one direction of the directional family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Directional {
    /// Mean `|Δ|` over defined cells.
    pub mean_abs: Option<f64>,
    /// Population variance of Δ over defined cells.
    pub variance: Option<f64>,
    /// Mean `y · Δ` over defined cells.
    pub signed: Option<f64>,
}

/// `y(g, m) = sign(P_train(g, m) − P_train(g) · P_train(m))`, in exact integers.
fn association_sign(t: &CountTables, m: usize, g: usize) -> i8 {
    let n = i128::from(t.grand_total(Table::Train));
    let joint = i128::from(t.get(Table::Train, m, g));
    let group = i128::from(t.total(Table::Train, g));
    let combination = i128::from(t.combination_total(Table::Train, m));
    match (joint * n).cmp(&(group * combination)) {
        std::cmp::Ordering::Greater => 1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Less => -1,
    }
}

/// The numbers of one (combination, group) cell, without names: what the headline
/// metrics and the bootstrap need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellNumbers {
    /// `bias_train(m, g)`.
    pub bias_train: Option<f64>,
    /// The indicator masks this cell.
    pub masked: bool,
    /// `bias_pred(m, g)`.
    pub bias_pred: Option<f64>,
    /// Multi_MALS Δ.
    pub delta: Option<f64>,
    /// `y(g, m)`.
    pub y: i8,
    /// `G→M` Δ.
    pub delta_g_to_m: Option<f64>,
    /// `M→G` Δ.
    pub delta_m_to_g: Option<f64>,
}

/// The numbers of cell (`m`, `g`) of the tables.
pub fn cell_numbers(t: &CountTables, m: usize, g: usize) -> CellNumbers {
    let n_groups = t.n_groups() as u64;
    let n_train = t.get(Table::Train, m, g);
    let n_train_combination = t.combination_total(Table::Train, m);
    let bias_train = ratio(n_train, n_train_combination);
    let bias_pred = ratio(
        t.get(Table::Pred, m, g),
        t.combination_total(Table::Pred, m),
    );
    // Strict indicator, in integers: n(m,g)/n(m) > 1/|G| ⇔ n(m,g)·|G| > n(m).
    let masked = bias_train.is_some() && n_train * n_groups <= n_train_combination;
    // A masked cell is 0 whatever the prediction (the indicator is 0), so it
    // counts even when the model never predicts `m`; an unmasked cell needs both.
    let delta = match (bias_train, bias_pred) {
        (Some(_), _) if masked => Some(0.0),
        (Some(bt), Some(bp)) => Some(bp - bt),
        _ => None,
    };
    let n_test = t.get(Table::Test, m, g);
    CellNumbers {
        bias_train,
        masked,
        bias_pred,
        delta,
        y: association_sign(t, m, g),
        delta_g_to_m: count_difference(
            t.get(Table::PredAttrTrueGroup, m, g),
            n_test,
            t.total(Table::Test, g),
        ),
        delta_m_to_g: count_difference(
            t.get(Table::TrueAttrPredGroup, m, g),
            n_test,
            t.combination_total(Table::Test, m),
        ),
    }
}

/// The numbers of every cell, in combination order then group order.
pub fn all_cell_numbers(t: &CountTables) -> impl Iterator<Item = CellNumbers> + '_ {
    (0..t.n_combinations()).flat_map(move |m| (0..t.n_groups()).map(move |g| cell_numbers(t, m, g)))
}

/// What a model adds to a cell beyond a perfect model: `Δ − Δ_perfect`, defined
/// when both are.
pub fn added(delta: Option<f64>, delta_perfect: Option<f64>) -> Option<f64> {
    Some(delta? - delta_perfect?)
}

/// The breakdown of every (combination, group) cell, in combination order.
pub fn cells(t: &CountTables) -> Vec<Cell> {
    let perfect = t.perfect();
    let mut out = Vec::with_capacity(t.n_combinations() * t.n_groups());
    for (m, combination) in t.combinations.iter().enumerate() {
        for (g, group) in t.groups.iter().enumerate() {
            let x = cell_numbers(t, m, g);
            let delta_perfect = cell_numbers(&perfect, m, g).delta;
            out.push(Cell {
                combination: combination.clone(),
                group: group.clone(),
                n_train: t.get(Table::Train, m, g),
                n_train_combination: t.combination_total(Table::Train, m),
                bias_train: x.bias_train,
                masked: x.masked,
                n_pred: t.get(Table::Pred, m, g),
                n_pred_combination: t.combination_total(Table::Pred, m),
                bias_pred: x.bias_pred,
                delta: x.delta,
                y: x.y,
                n_test: t.get(Table::Test, m, g),
                n_test_combination: t.combination_total(Table::Test, m),
                n_test_group: t.total(Table::Test, g),
                n_pred_attr_true_group: t.get(Table::PredAttrTrueGroup, m, g),
                n_true_attr_pred_group: t.get(Table::TrueAttrPredGroup, m, g),
                delta_g_to_m: x.delta_g_to_m,
                delta_m_to_g: x.delta_m_to_g,
                delta_perfect,
                added: added(x.delta, delta_perfect),
            });
        }
    }
    out
}

/// The three MALS numbers `(mean, signed mean, variance)` from the defined Δ of
/// `n_combinations` combinations.
pub fn mals_numbers(n_combinations: usize, deltas: &[f64]) -> [Option<f64>; 3] {
    let per_combination = |sum: f64| (n_combinations > 0).then(|| sum / n_combinations as f64);
    [
        per_combination(deltas.iter().map(|d| d.abs()).sum()),
        per_combination(deltas.iter().sum()),
        population_variance(deltas),
    ]
}

/// The three directional numbers `(mean |Δ|, variance, mean y·Δ)` from the defined
/// `(Δ, y)` pairs.
pub fn directional_numbers(defined: &[(f64, i8)]) -> [Option<f64>; 3] {
    let deltas: Vec<f64> = defined.iter().map(|&(d, _)| d).collect();
    let abs: Vec<f64> = deltas.iter().map(|d| d.abs()).collect();
    let signed: Vec<f64> = defined.iter().map(|&(d, y)| f64::from(y) * d).collect();
    [mean(&abs), population_variance(&deltas), mean(&signed)]
}

/// Multi_MALS (or, over single attributes, BiasAmp_MALS as its signed mean),
/// straight from the counts.
pub fn mals(t: &CountTables) -> Mals {
    let deltas: Vec<f64> = all_cell_numbers(t).filter_map(|c| c.delta).collect();
    let n = t.n_combinations();
    let [mean, signed_mean, variance] = mals_numbers(n, &deltas);
    Mals {
        mean,
        signed_mean,
        variance,
        n_combinations: n,
        never_predicted: (0..n)
            .filter(|&m| t.combination_total(Table::Pred, m) == 0)
            .filter_map(|m| t.combinations.get(m).cloned())
            .collect(),
    }
}

/// One direction of Multi→ (or, over single attributes, BiasAmp→ as its signed score).
pub fn directional(cells: &[Cell], delta: impl Fn(&Cell) -> Option<f64>) -> Directional {
    let defined: Vec<(f64, i8)> = cells
        .iter()
        .filter_map(|c| delta(c).map(|d| (d, c.y)))
        .collect();
    let [mean_abs, variance, signed] = directional_numbers(&defined);
    Directional {
        mean_abs,
        variance,
        signed,
    }
}
