//! The minimum support a data set opens at when it states none
//! (`docs/spec/metrics.md`, section 2, "The suggested minimum support"): the
//! smallest support at which chance alone — the difference between the train and
//! the test split's ground truth — moves the bias score of the sparsest
//! combinations it keeps by at most [`NOISE_LIMIT`] on average.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::numbers::sig3;
use crate::{analyze, CombinationSettings, Dataset};

/// The supports tried, smallest first.
pub const CANDIDATES: [u64; 13] = [1, 2, 3, 5, 10, 15, 20, 30, 50, 100, 200, 500, 1000];

/// The mean |bias_test − bias_train| a suggested support stays within.
pub const NOISE_LIMIT: f64 = 0.1;

/// The fewest combinations a suggested support keeps.
pub const MIN_COMBINATIONS: usize = 10;

/// The fewest cells a candidate's noise is measured over.
pub const MIN_BAND_CELLS: usize = 5;

/// The largest combination size the rule counts.
pub const K_MAX: usize = 3;

/// How much chance moves a bias score at one support.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Noise {
    /// The support.
    pub support: u64,
    /// The mean |bias_testGT(m, g) − bias_train(m, g)| over the sparsest cells
    /// kept: those whose support is in `[support, 2·support)`, or the
    /// [`MIN_BAND_CELLS`] sparsest when fewer fall there (`None`: fewer than that
    /// many cells are kept at all).
    pub noise: Option<f64>,
    /// Combinations kept at this support (support ≥ it).
    pub combinations: usize,
}

/// The suggested minimum support and what it was chosen from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The support to open at: the smallest candidate that keeps the same
    /// combinations as the first measured one within the limit (1 when none is).
    pub support: u64,
    /// That measured candidate (`None`: there is none).
    pub at: Option<Noise>,
    /// The measured candidate below it, when there is one.
    pub below: Option<Noise>,
}

impl Suggestion {
    /// Why this support, in one sentence for the screen (`None` when it was not
    /// chosen from a measurement: support 1 for want of one).
    pub fn explain(&self) -> Option<String> {
        let at = self.at?;
        let noise = at.noise?;
        let limit = format!("within the {NOISE_LIMIT} this default allows");
        let mut text = if at.support == 1 {
            format!(
                "Chosen from the data: the train and test splits give the sparsest \
                 combinations' bias scores {} apart on average, {limit}.",
                sig3(noise)
            )
        } else {
            format!(
                "Chosen from the data: combinations seen {}–{} times in each split \
                 differ in bias between train and test by {} on average, {limit}",
                at.support,
                2 * at.support - 1,
                sig3(noise)
            )
        };
        if at.support > 1 {
            match self.below.and_then(|b| Some((b.support, b.noise?))) {
                Some((s, n)) => text.push_str(&format!("; at {s} they differ by {}.", sig3(n))),
                None => text.push('.'),
            }
        }
        if self.support < at.support {
            text.push_str(&format!(
                " Support {} keeps the same combinations.",
                self.support
            ));
        }
        Some(text)
    }
}

/// The noise at every candidate support that keeps a combination.
pub fn noise_by_support(d: &Dataset) -> Vec<Noise> {
    let settings = CombinationSettings {
        k_min: 1,
        k_max: K_MAX,
        min_support: 1,
        ..CombinationSettings::default()
    };
    let Ok(a) = analyze(d, &settings) else {
        return Vec::new();
    };
    let support =
        |c: &crate::metrics::amplification::Cell| c.n_train_combination.min(c.n_test_combination);
    // Per cell: its support and how far the split alone moves its bias.
    let mut cells: Vec<(u64, f64)> = a
        .cells
        .iter()
        .filter_map(|c| {
            let train = c.bias_train?;
            let test = c.n_test as f64 / c.n_test_combination as f64;
            Some((support(c), (test - train).abs()))
        })
        .collect();
    cells.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let combinations: BTreeMap<&[String], u64> = a
        .cells
        .iter()
        .map(|c| (c.combination.as_slice(), support(c)))
        .collect();
    CANDIDATES
        .iter()
        .filter_map(|&s| {
            // The cells kept (sorted by support), from the sparsest on: those
            // below 2s, or the sparsest MIN_BAND_CELLS when fewer fall there.
            let kept_cells = cells.iter().skip(cells.partition_point(|c| c.0 < s));
            let in_band = kept_cells.clone().take_while(|c| c.0 < 2 * s).count();
            let band: Vec<f64> = kept_cells
                .take(in_band.max(MIN_BAND_CELLS))
                .map(|c| c.1)
                .collect();
            let kept = combinations.values().filter(|&&n| n >= s).count();
            (kept > 0).then(|| Noise {
                support: s,
                noise: (band.len() >= MIN_BAND_CELLS)
                    .then(|| band.iter().sum::<f64>() / band.len() as f64),
                combinations: kept,
            })
        })
        .collect()
}

/// The minimum support a data set opens at (the spec's rule).
pub fn suggest_min_support(d: &Dataset) -> Suggestion {
    choose(&noise_by_support(d))
}

/// The rule over the noise levels (ordered by support).
fn choose(levels: &[Noise]) -> Suggestion {
    let within = |n: &&Noise| {
        n.noise.is_some_and(|x| x <= NOISE_LIMIT) && n.combinations >= MIN_COMBINATIONS
    };
    let Some(at) = levels.iter().find(within).copied() else {
        return Suggestion {
            support: 1,
            at: None,
            below: None,
        };
    };
    // A smaller support that keeps the very same combinations is as good.
    let same = levels
        .iter()
        .find(|n| n.combinations == at.combinations)
        .map_or(at.support, |n| n.support);
    Suggestion {
        support: same,
        at: Some(at),
        below: levels
            .iter()
            .rev()
            .find(|n| n.support < at.support && n.noise.is_some())
            .copied(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_with_defaults;
    use crate::synthetic::demo::demo_csv;

    fn dataset(csv: &str) -> Dataset {
        load_with_defaults("t", "t.csv", csv.as_bytes()).unwrap().1
    }

    /// Kitchen's sparse triples: at 15 rows in each split the bias of the
    /// sparsest combinations kept moves by 0.106 on average, at 20 by 0.089.
    #[test]
    fn kitchen_opens_where_the_split_moves_the_sparsest_bias_by_under_a_tenth() {
        let (csv, _) = demo_csv("kitchen").unwrap();
        let s = suggest_min_support(&dataset(&csv));
        assert_eq!(s.support, 20);
        let (at, below) = (s.at.unwrap(), s.below.unwrap());
        assert!(at.noise.unwrap() <= NOISE_LIMIT, "{at:?}");
        assert_eq!(below.support, 15);
        assert!(below.noise.unwrap() > NOISE_LIMIT, "{below:?}");
        // Each level's noise is its band's mean, recomputed here by hand from
        // the cells of an analysis at support 1.
        let d = dataset(&csv);
        let a = analyze(
            &d,
            &CombinationSettings {
                min_support: 1,
                ..CombinationSettings::default()
            },
        )
        .unwrap();
        let band: Vec<f64> = a
            .cells
            .iter()
            .filter(|c| {
                let n = c.n_train_combination.min(c.n_test_combination);
                (20..40).contains(&n) && c.bias_train.is_some()
            })
            .map(|c| (c.n_test as f64 / c.n_test_combination as f64 - c.bias_train.unwrap()).abs())
            .collect();
        let mean = band.iter().sum::<f64>() / band.len() as f64;
        assert!((at.noise.unwrap() - mean).abs() < 1e-12);
        // What the screen says is these numbers.
        assert_eq!(
            s.explain().unwrap(),
            format!(
                "Chosen from the data: combinations seen 20–39 times in each split differ \
                 in bias between train and test by {} on average, within the 0.1 this \
                 default allows; at 15 they differ by {}.",
                sig3(at.noise.unwrap()),
                sig3(below.noise.unwrap())
            )
        );
        assert!(sig3(below.noise.unwrap()).starts_with("0.10"));
    }

    /// 800 rows: the wall of combinations seen once is not the first screen.
    #[test]
    fn a_small_file_opens_above_support_one() {
        let s = suggest_min_support(&dataset(&crate::synthetic::demo::kitchen_csv(7, 800)));
        assert!(s.support >= 10, "{s:?}");
        assert!(s.at.unwrap().combinations >= MIN_COMBINATIONS);
    }

    /// Where every combination is seen often (the lab: 8,000 rows, five
    /// attributes, its sparsest combination seen about 50 times in each split)
    /// support 1 keeps every combination and the split moves their bias little.
    #[test]
    fn where_every_combination_is_seen_often_support_one_is_kept() {
        let lab = crate::synthetic::lab::lab_csv(&Default::default());
        let s = suggest_min_support(&dataset(&lab));
        assert_eq!(s.support, 1);
        let at = s.at.unwrap();
        assert_eq!((at.support, at.combinations), (1, 25));
        assert!(at.noise.unwrap() < 0.05, "{at:?}");
        assert!(
            s.explain().unwrap().contains("sparsest"),
            "{:?}",
            s.explain()
        );
    }

    /// A split that moves no bias at all is said as 0, not as digits of log(0).
    #[test]
    fn no_noise_at_all_is_said_as_zero() {
        let level = |support| Noise {
            support,
            noise: Some(0.0),
            combinations: 12,
        };
        let s = choose(&[level(1), level(2)]);
        assert_eq!(s.support, 1);
        assert!(
            s.explain().unwrap().contains("scores 0 apart"),
            "{:?}",
            s.explain()
        );
    }

    /// Too few combinations to measure: support 1, with nothing claimed.
    #[test]
    fn a_tiny_data_set_opens_at_one() {
        let (csv, _) = demo_csv("toy").unwrap();
        let s = suggest_min_support(&dataset(&csv));
        assert_eq!((s.support, s.at), (1, None));
        assert_eq!(s.explain(), None);
    }
}
