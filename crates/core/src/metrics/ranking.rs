//! How the amplification chart orders combinations: one bar per combination (its
//! group whose value ranks highest), largest first. The default ranks by what the
//! model adds beyond a perfect model on the same split (`Cell::added`): the
//! split's own noise — sparse combinations that leaned hard in training and swing
//! back on test, which a perfect model scores too — cancels, so planted signal
//! comes before regression to the mean.

use serde::{Deserialize, Serialize};

use crate::metrics::amplification::Cell;

/// What the bars are ranked by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rank {
    /// Largest `Δ − Δ_perfect` first: what the model adds (the default).
    #[default]
    Added,
    /// Largest Δ first: where bias scores grow most from training to predictions.
    Delta,
    /// Largest |Δ| first: where they move most, either way.
    Change,
}

impl Rank {
    /// Every ranking, the default first.
    pub const ALL: [Rank; 3] = [Rank::Added, Rank::Delta, Rank::Change];

    /// The name used in links (`rank=NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Rank::Added => "added",
            Rank::Delta => "delta",
            Rank::Change => "change",
        }
    }

    /// The ranking named `name` in a link.
    pub fn from_name(name: &str) -> Option<Rank> {
        Rank::ALL.into_iter().find(|r| r.name() == name)
    }

    /// The value a cell is ranked by (`None` when undefined: not ranked).
    pub fn key(self, c: &Cell) -> Option<f64> {
        match self {
            Rank::Added => c.added,
            Rank::Delta => c.delta,
            Rank::Change => c.delta.map(f64::abs),
        }
    }
}

/// The indices into `cells` (which come combination by combination, as
/// [`crate::Analysis::cells`] does) of one cell per combination — the group whose
/// key is largest — ordered by `rank`, largest first; ties by combination.
pub fn ranked(cells: &[Cell], rank: Rank) -> Vec<usize> {
    let mut best: Vec<(usize, f64)> = Vec::new();
    for (i, c) in cells.iter().enumerate() {
        let Some(k) = rank.key(c) else { continue };
        let same = best
            .last()
            .and_then(|&(j, _)| cells.get(j))
            .is_some_and(|b| b.combination == c.combination);
        match best.last_mut() {
            Some(last) if same => {
                if k > last.1 {
                    *last = (i, k);
                }
            }
            _ => best.push((i, k)),
        }
    }
    best.sort_by(|x, y| {
        y.1.total_cmp(&x.1).then_with(|| {
            let (a, b) = (cells.get(x.0), cells.get(y.0));
            a.map(|c| &c.combination).cmp(&b.map(|c| &c.combination))
        })
    });
    best.into_iter().map(|(i, _)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(combination: &[&str], group: &str, delta: Option<f64>, added: Option<f64>) -> Cell {
        Cell {
            combination: combination.iter().map(|s| s.to_string()).collect(),
            group: group.into(),
            n_train: 0,
            n_train_combination: 0,
            bias_train: None,
            masked: false,
            n_pred: 0,
            n_pred_combination: 0,
            bias_pred: None,
            delta,
            y: 0,
            n_test: 0,
            n_test_combination: 0,
            n_test_group: 0,
            n_pred_attr_true_group: 0,
            n_true_attr_pred_group: 0,
            delta_g_to_m: None,
            delta_m_to_g: None,
            delta_perfect: None,
            added,
        }
    }

    #[test]
    fn one_bar_per_combination_in_each_ranking() {
        let cells = [
            cell(&["a"], "m", Some(-0.4), Some(0.01)),
            cell(&["a"], "w", Some(0.0), Some(0.0)),
            cell(&["b"], "m", Some(0.0), Some(0.0)),
            cell(&["b"], "w", Some(0.2), Some(0.3)),
            cell(&["c"], "m", None, None),
            cell(&["c"], "w", Some(0.1), Some(0.1)),
        ];
        assert_eq!(ranked(&cells, Rank::Added), [3, 5, 0]);
        assert_eq!(ranked(&cells, Rank::Delta), [3, 5, 1]);
        assert_eq!(ranked(&cells, Rank::Change), [0, 3, 5]);
        for r in Rank::ALL {
            assert_eq!(Rank::from_name(r.name()), Some(r));
        }
        assert_eq!(Rank::default(), Rank::Added);
    }
}
