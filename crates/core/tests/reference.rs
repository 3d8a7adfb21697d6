//! Property tests: the engine (bitsets, pruned enumeration, count tables) against a
//! plain re-computation of `docs/spec/metrics.md` straight from the rows, on random data sets.

// Test helpers outside #[test] functions: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use biaslens_core::{analyze, load_with_defaults, Analysis, CombinationSettings, Dataset, Mode};
use proptest::prelude::*;

/// One random row: split, group, predicted group, attributes, predicted attributes.
type Row = (u8, Option<u8>, Option<u8>, Vec<u8>, Vec<u8>);

fn to_csv(rows: &[Row], pred_group: bool, pred_attrs: bool) -> String {
    let names = |v: &[u8]| {
        let set: BTreeSet<u8> = v.iter().copied().collect();
        set.iter()
            .map(|a| format!("x{a}"))
            .collect::<Vec<_>>()
            .join("|")
    };
    let mut out = String::from("split,group,attributes");
    if pred_group {
        out.push_str(",pred_group");
    }
    if pred_attrs {
        out.push_str(",pred_attributes");
    }
    out.push('\n');
    for (s, g, pg, a, pa) in rows {
        let split = ["train", "test", "val"][*s as usize];
        let g = g.map(|g| format!("g{g}")).unwrap_or_default();
        out.push_str(&format!("{split},{g},{}", names(a)));
        if pred_group {
            out.push_str(&format!(
                ",{}",
                pg.map(|g| format!("g{g}")).unwrap_or_default()
            ));
        }
        if pred_attrs {
            out.push_str(&format!(",{}", names(pa)));
        }
        out.push('\n');
    }
    out
}

/// Plain re-computation of every headline metric from the rows.
struct Reference<'a> {
    d: &'a Dataset,
}

impl Reference<'_> {
    fn rows(&self, train: bool) -> impl Iterator<Item = usize> + '_ {
        (0..self.d.len()).filter(move |&i| {
            self.d.group[i].is_some()
                && if train {
                    self.d.role[i].is_train()
                } else {
                    self.d.role[i].is_test()
                }
        })
    }
    fn has(set: &[u32], m: &[u32]) -> bool {
        m.iter().all(|a| set.contains(a))
    }
    fn n(&self, train: bool, m: &[u32], pred_attr: bool, group: Option<(u32, bool)>) -> f64 {
        self.rows(train)
            .filter(|&i| {
                Self::has(
                    if pred_attr {
                        &self.d.pred[i]
                    } else {
                        &self.d.gt[i]
                    },
                    m,
                )
            })
            .filter(|&i| match group {
                None => true,
                Some((g, pred)) => {
                    (if pred {
                        self.d.pred_group[i]
                    } else {
                        self.d.group[i]
                    }) == Some(g)
                }
            })
            .count() as f64
    }
    fn combinations(&self, s: &CombinationSettings) -> Vec<Vec<u32>> {
        let a = self.d.attributes.len() as u32;
        match s.mode {
            Mode::Subsets => (1u32..(1 << a))
                .map(|mask| {
                    (0..a)
                        .filter(|b| mask & (1 << b) != 0)
                        .collect::<Vec<u32>>()
                })
                .filter(|m| m.len() >= s.k_min && m.len() <= s.k_max)
                .filter(|m| {
                    self.n(true, m, false, None) >= s.min_support as f64
                        && self.n(false, m, false, None) >= s.min_support as f64
                })
                .collect(),
            Mode::LabelSets => {
                let sets: BTreeSet<Vec<u32>> =
                    self.rows(true).map(|i| self.d.gt[i].clone()).collect();
                sets.into_iter()
                    .filter(|m| m.len() >= s.k_min)
                    .filter(|m| {
                        let exact = self.rows(true).filter(|&i| &self.d.gt[i] == m).count();
                        exact as u64 >= s.min_support
                            && self.n(false, m, false, None) >= s.min_support as f64
                    })
                    .collect()
            }
        }
    }
    /// (Σ|Δ|/|M|, ΣΔ/|M|, var) of MALS; Δ over defined cells.
    fn mals(&self, combos: &[Vec<u32>]) -> (f64, f64, Option<f64>) {
        let groups = self.d.groups.len() as u32;
        let mut deltas = Vec::new();
        for m in combos {
            for g in 0..groups {
                let nt = self.n(true, m, false, None);
                let n_pred_m: f64 = (0..groups)
                    .map(|h| self.n(false, m, true, Some((h, true))))
                    .sum();
                if nt == 0.0 {
                    continue;
                }
                let bt = self.n(true, m, false, Some((g, false))) / nt;
                if bt <= 1.0 / groups as f64 {
                    deltas.push(0.0); // masked: 0 whatever the model predicts
                } else if n_pred_m > 0.0 {
                    deltas.push(self.n(false, m, true, Some((g, true))) / n_pred_m - bt);
                }
            }
        }
        let k = combos.len() as f64;
        let var = variance(&deltas);
        (
            deltas.iter().map(|d| d.abs()).sum::<f64>() / k,
            deltas.iter().sum::<f64>() / k,
            var,
        )
    }
    /// (mean|Δ|, var, mean yΔ) of one direction.
    fn directional(&self, combos: &[Vec<u32>], g_to_m: bool) -> Option<(f64, f64, f64)> {
        let n_train = self.rows(true).count() as f64;
        let mut cells = Vec::new();
        for m in combos {
            for g in 0..self.d.groups.len() as u32 {
                let p_gm = self.n(true, m, false, Some((g, false))) / n_train;
                let p_g = self
                    .rows(true)
                    .filter(|&i| self.d.group[i] == Some(g))
                    .count() as f64
                    / n_train;
                let p_m = self.n(true, m, false, None) / n_train;
                let x = p_gm - p_g * p_m;
                let y = if x.abs() < 1e-12 { 0.0 } else { x.signum() };
                let delta = if g_to_m {
                    let n_g = self
                        .rows(false)
                        .filter(|&i| self.d.group[i] == Some(g))
                        .count() as f64;
                    if n_g == 0.0 {
                        continue;
                    }
                    self.n(false, m, true, Some((g, false))) / n_g
                        - self.n(false, m, false, Some((g, false))) / n_g
                } else {
                    let n_m = self.n(false, m, false, None);
                    if n_m == 0.0 {
                        continue;
                    }
                    let pred = self
                        .rows(false)
                        .filter(|&i| Self::has(&self.d.gt[i], m) && self.d.pred_group[i] == Some(g))
                        .count() as f64;
                    pred / n_m - self.n(false, m, false, Some((g, false))) / n_m
                };
                cells.push((delta, y));
            }
        }
        if cells.is_empty() {
            return None;
        }
        let k = cells.len() as f64;
        let ds: Vec<f64> = cells.iter().map(|c| c.0).collect();
        Some((
            ds.iter().map(|d| d.abs()).sum::<f64>() / k,
            variance(&ds)?,
            cells.iter().map(|(d, y)| d * y).sum::<f64>() / k,
        ))
    }
}

fn variance(x: &[f64]) -> Option<f64> {
    if x.is_empty() {
        return None;
    }
    let m = x.iter().sum::<f64>() / x.len() as f64;
    Some(x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / x.len() as f64)
}

fn close(a: Option<f64>, b: Option<f64>, what: &str) -> Result<(), TestCaseError> {
    match (a, b) {
        (Some(a), Some(b)) => {
            prop_assert!((a - b).abs() < 1e-12, "{what}: engine {a}, reference {b}")
        }
        (a, b) => prop_assert_eq!(
            a.is_some(),
            b.is_some(),
            "{}: engine {:?}, reference {:?}",
            what,
            a,
            b
        ),
    }
    Ok(())
}

fn row() -> impl Strategy<Value = Row> {
    (
        0u8..3,
        proptest::option::weighted(0.9, 0u8..3),
        proptest::option::weighted(0.9, 0u8..3),
        proptest::collection::vec(0u8..5, 0..4),
        proptest::collection::vec(0u8..5, 0..4),
    )
}

fn settings() -> impl Strategy<Value = CombinationSettings> {
    (
        prop_oneof![Just(Mode::Subsets), Just(Mode::LabelSets)],
        1usize..4,
        0usize..3,
        1u64..4,
    )
        .prop_map(|(mode, k_min, extra, min_support)| CombinationSettings {
            mode,
            k_min,
            k_max: k_min + extra,
            min_support,
        })
}

fn check(a: &Analysis, d: &Dataset, s: &CombinationSettings) -> Result<(), TestCaseError> {
    let r = Reference { d };
    let combos = r.combinations(s);
    let mut got: Vec<Vec<String>> = a.cells.iter().map(|c| c.combination.clone()).collect();
    got.dedup();
    let mut want: Vec<Vec<String>> = combos.iter().map(|m| d.names(m)).collect();
    if d.groups.is_empty() {
        want.clear();
    }
    got.sort();
    want.sort();
    prop_assert_eq!(&got, &want);
    prop_assert_eq!(a.metrics.multi_mals.n_combinations, combos.len());
    if a.metrics.multi_mals.not_available.is_some() || combos.is_empty() {
        return Ok(());
    }
    let (mean, signed, var) = r.mals(&combos);
    close(a.metrics.multi_mals.mean, Some(mean), "multi_mals.mean")?;
    close(
        a.metrics.multi_mals.signed_mean,
        Some(signed),
        "multi_mals.signed_mean",
    )?;
    close(a.metrics.multi_mals.variance, var, "multi_mals.variance")?;
    let singles: Vec<Vec<u32>> = (0..d.attributes.len() as u32).map(|a| vec![a]).collect();
    close(
        a.metrics.biasamp_mals.value,
        Some(r.mals(&singles).1),
        "biasamp_mals",
    )?;
    for (g_to_m, report, single) in [
        (true, &a.metrics.multi_g_to_m, &a.metrics.biasamp_a_to_t),
        (false, &a.metrics.multi_m_to_g, &a.metrics.biasamp_t_to_a),
    ] {
        if report.not_available.is_some() {
            continue;
        }
        let want = r.directional(&combos, g_to_m);
        close(report.mean_abs, want.map(|w| w.0), "mean_abs")?;
        close(report.variance, want.map(|w| w.1), "variance")?;
        close(report.signed, want.map(|w| w.2), "signed")?;
        close(
            single.value,
            r.directional(&singles, g_to_m).map(|w| w.2),
            "biasamp→",
        )?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn engine_equals_plain_recomputation(
        rows in proptest::collection::vec(row(), 1..50),
        pred_group in any::<bool>(),
        pred_attrs in any::<bool>(),
        s in settings(),
    ) {
        let csv = to_csv(&rows, pred_group, pred_attrs);
        let Ok((_, d)) = load_with_defaults("p", "p.csv", csv.as_bytes()) else {
            // Only a table with no attribute at all, or no group, fails to load.
            return Ok(());
        };
        let a = analyze(&d, &s).unwrap();
        check(&a, &d, &s)?;
    }

    /// k_min = k_max = 1 with every attribute in both splits: Multi = single-attribute.
    #[test]
    fn single_attribute_identity(rows in proptest::collection::vec(row(), 1..50)) {
        let csv = to_csv(&rows, true, true);
        let Ok((_, d)) = load_with_defaults("p", "p.csv", csv.as_bytes()) else { return Ok(()) };
        let s = CombinationSettings { k_min: 1, k_max: 1, min_support: 1, mode: Mode::Subsets };
        let a = analyze(&d, &s).unwrap();
        prop_assume!(a.metrics.multi_mals.not_available.is_none());
        prop_assume!(a.metrics.multi_mals.n_combinations == d.attributes.len());
        close(a.metrics.multi_mals.signed_mean, a.metrics.biasamp_mals.value, "MALS identity")?;
        close(a.metrics.multi_g_to_m.signed, a.metrics.biasamp_a_to_t.value, "A→T identity")?;
        close(a.metrics.multi_m_to_g.signed, a.metrics.biasamp_t_to_a.value, "T→A identity")?;
    }
}
