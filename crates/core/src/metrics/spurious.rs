//! Spurious correlations, `docs/spec/metrics.md` section 7: for a target (an attribute or a
//! group value), every other attribute `s` with its association with the target on
//! the train split and the model's error rates on test rows with and without `s`.

use serde::{Deserialize, Serialize};

use crate::counting::bitset::Bitset;
use crate::counting::counts::RowIndex;
use crate::input::dataset::Dataset;
use crate::metrics::association::{benjamini_hochberg, TwoByTwo};
use crate::metrics::cooccurrence::Stats;
use crate::metrics::stats::ratio;

/// Whether a target is an attribute or a group value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// An attribute: positive when `t ∈ a`, predicted when `t ∈ â`.
    Attribute,
    /// A group value: positive when `g = t`, predicted when `ĝ = t`.
    Group,
}

/// What the model is asked to predict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// Attribute or group value.
    pub kind: TargetKind,
    /// Its name.
    pub name: String,
}

impl Target {
    /// The attribute or group name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Finds `name` among the data set's attributes, then its groups.
    pub fn resolve(d: &Dataset, name: &str) -> Result<Self, String> {
        let kind = if d.attributes.iter().any(|a| a == name) {
            TargetKind::Attribute
        } else if d.groups.iter().any(|g| g == name) {
            TargetKind::Group
        } else {
            return Err(format!(
                "target \"{name}\" is neither an attribute nor a group of {} (groups: {})",
                d.name,
                d.groups.join(", ")
            ));
        };
        Ok(Target {
            kind,
            name: name.to_owned(),
        })
    }
}

/// A rate with the counts it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    /// `numerator / denominator`; undefined when the denominator is 0.
    pub value: Option<f64>,
    /// Rows counted in the numerator.
    pub numerator: u64,
    /// Rows the rate is over.
    pub denominator: u64,
}

impl Rate {
    fn new(numerator: u64, denominator: u64) -> Self {
        Self {
            value: ratio(numerator, denominator),
            numerator,
            denominator,
        }
    }
}

/// The accuracy of the model's target prediction in its worst (target, attribute) cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorstGroup {
    /// The cell, as "t, s", "t, not s", "not t, s" or "not t, not s".
    pub cell: String,
    /// Its accuracy.
    pub accuracy: Rate,
}

/// One candidate spurious attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The attribute `s`.
    pub attribute: String,
    /// Association of `s` with the target on the train split (2×2: has `s` × is `t`).
    pub association: Stats,
    /// `TPR(t | s)` on the test split.
    pub tpr_with: Option<Rate>,
    /// `TPR(t | ¬s)`.
    pub tpr_without: Option<Rate>,
    /// `FPR(t | s)`.
    pub fpr_with: Option<Rate>,
    /// `FPR(t | ¬s)`.
    pub fpr_without: Option<Rate>,
    /// `TPR(t | s) − TPR(t | ¬s)`.
    pub tpr_gap: Option<f64>,
    /// `FPR(t | s) − FPR(t | ¬s)`.
    pub fpr_gap: Option<f64>,
    /// The lowest accuracy over the four (t, s) cells.
    pub worst_group: Option<WorstGroup>,
    /// The ranking score: phi × the mean of the defined gaps (positive when the
    /// model leans on `s` in the direction of its association); without
    /// predictions, |phi|.
    pub score: Option<f64>,
}

/// The spurious-correlation ranking for one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpuriousReport {
    /// The target.
    pub target: Target,
    /// Why the model's rates are not available (`None` when they are).
    pub not_available: Option<String>,
    /// Train rows (with a group) that are positive for the target, and all train rows.
    pub train_positive: Rate,
    /// Candidates, best-ranked first.
    pub candidates: Vec<Candidate>,
}

/// Rows of `split` (as a bitset) that are positive for the target, and (test split)
/// those the model predicts positive.
fn target_rows(d: &Dataset, ix: &RowIndex, target: &Target) -> (Bitset, Bitset) {
    let n = d.len();
    let name = &target.name;
    match target.kind {
        TargetKind::Attribute => {
            let a = d.attributes.iter().position(|x| x == name);
            let col = |cols: &Vec<Bitset>| {
                a.and_then(|a| cols.get(a).cloned())
                    .unwrap_or_else(|| Bitset::new(n))
            };
            (col(&ix.gt), col(&ix.pred))
        }
        TargetKind::Group => {
            let g = d.groups.iter().position(|x| x == name);
            let mut positive = Bitset::new(n);
            let mut predicted = Bitset::new(n);
            for i in 0..n {
                let gi = d.group.get(i).copied().flatten().map(|x| x as usize);
                if gi.is_some() && gi == g {
                    positive.insert(i);
                }
                let pi = d.pred_group.get(i).copied().flatten().map(|x| x as usize);
                if gi.is_some() && pi.is_some() && pi == g {
                    predicted.insert(i);
                }
            }
            (positive, predicted)
        }
    }
}

fn and(a: &Bitset, b: &Bitset) -> Bitset {
    let mut out = a.clone();
    a.and_into(b, &mut out);
    out
}

/// `within ∖ set`.
fn minus(within: &Bitset, set: &Bitset, n: usize) -> Bitset {
    let mut out = Bitset::new(n);
    for i in within.ones() {
        if !set.contains(i) {
            out.insert(i);
        }
    }
    out
}

/// Ranks every other attribute as a candidate spurious cue for `target`.
pub fn spurious(d: &Dataset, ix: &RowIndex, target: &Target) -> SpuriousReport {
    let n = d.len();
    let (positive, predicted) = target_rows(d, ix, target);
    let not_available = match target.kind {
        TargetKind::Attribute if d.stand_ins.pred_attributes => Some("needs predicted attributes"),
        TargetKind::Group if d.stand_ins.pred_group => Some("needs predicted groups"),
        _ if ix.test_any.count() == 0 => Some("needs test rows with a group"),
        _ => None,
    }
    .map(str::to_owned);

    let train_pos = and(&positive, &ix.train_any);
    let train_n = ix.train_any.count();
    let test_pos = and(&positive, &ix.test_any);
    let test_neg = minus(&ix.test_any, &positive, n);
    let pred_test = and(&predicted, &ix.test_any);

    let mut candidates: Vec<Candidate> = Vec::new();
    for (s, name) in d.attributes.iter().enumerate() {
        if target.kind == TargetKind::Attribute && target.name == *name {
            continue;
        }
        let Some(col) = ix.gt.get(s) else { continue };
        let n_s = col.and_count(&ix.train_any);
        let n11 = col.and_count(&train_pos);
        let n10 = n_s.saturating_sub(n11);
        let n01 = train_pos.count().saturating_sub(n11);
        let counts = TwoByTwo {
            n11,
            n10,
            n01,
            n00: train_n.saturating_sub(n11 + n10 + n01),
        };
        let association = Stats::from_association(&counts.association());

        let model = not_available.is_none().then(|| {
            let pos_s = and(&test_pos, col);
            let pos_not_s = minus(&test_pos, col, n);
            let neg_s = and(&test_neg, col);
            let neg_not_s = minus(&test_neg, col, n);
            let hits = |rows: &Bitset| rows.and_count(&pred_test);
            let tpr_with = Rate::new(hits(&pos_s), pos_s.count());
            let tpr_without = Rate::new(hits(&pos_not_s), pos_not_s.count());
            let fpr_with = Rate::new(hits(&neg_s), neg_s.count());
            let fpr_without = Rate::new(hits(&neg_not_s), neg_not_s.count());
            let cells = [
                ("t, s", tpr_with),
                ("t, not s", tpr_without),
                ("not t, s", fpr_with.complement()),
                ("not t, not s", fpr_without.complement()),
            ];
            let worst = cells
                .iter()
                .filter(|(_, r)| r.value.is_some())
                .min_by(|a, b| {
                    a.1.value
                        .unwrap_or(f64::INFINITY)
                        .total_cmp(&b.1.value.unwrap_or(f64::INFINITY))
                })
                .map(|(cell, accuracy)| WorstGroup {
                    cell: (*cell).to_owned(),
                    accuracy: *accuracy,
                });
            (tpr_with, tpr_without, fpr_with, fpr_without, worst)
        });
        let gap = |a: Option<Rate>, b: Option<Rate>| Some(a?.value? - b?.value?);
        let (tpr_with, tpr_without, fpr_with, fpr_without, worst_group) = match model {
            Some((a, b, c, e, w)) => (Some(a), Some(b), Some(c), Some(e), w),
            None => (None, None, None, None, None),
        };
        let tpr_gap = gap(tpr_with, tpr_without);
        let fpr_gap = gap(fpr_with, fpr_without);
        let gaps: Vec<f64> = [tpr_gap, fpr_gap].into_iter().flatten().collect();
        let score = if not_available.is_some() {
            association.phi.map(f64::abs)
        } else if gaps.is_empty() {
            None
        } else {
            association
                .phi
                .map(|phi| phi * gaps.iter().sum::<f64>() / gaps.len() as f64)
        };
        candidates.push(Candidate {
            attribute: name.clone(),
            association,
            tpr_with,
            tpr_without,
            fpr_with,
            fpr_without,
            tpr_gap,
            fpr_gap,
            worst_group,
            score,
        });
    }
    let p: Vec<Option<f64>> = candidates.iter().map(|c| c.association.chi2_p).collect();
    for (c, q) in candidates.iter_mut().zip(benjamini_hochberg(&p)) {
        c.association.q = q;
    }
    candidates.sort_by(|a, b| match (a.score, b.score) {
        (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.attribute.cmp(&b.attribute)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.attribute.cmp(&b.attribute),
    });
    SpuriousReport {
        target: target.clone(),
        not_available,
        train_positive: Rate::new(train_pos.count(), train_n),
        candidates,
    }
}

impl Rate {
    /// `1 − rate` over the same rows (accuracy of the negatives from a false-positive rate).
    fn complement(self) -> Rate {
        Rate::new(
            self.denominator.saturating_sub(self.numerator),
            self.denominator,
        )
    }
}
