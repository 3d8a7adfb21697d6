//! The bias lab: a small synthetic data set regenerated from three dials, so a class
//! can watch amplification appear. Two attributes, `sink` and `laundry`, are each as
//! common in both groups, but the pair co-occurs more often with `woman` in the
//! data (`pair_bias`); the simulated model "fills in" the pair for women and misses
//! it for men (`amplification`); `noise` flips random predictions. Single-attribute
//! metrics see little, since each attribute alone stays balanced; Multi_MALS sees
//! the pair.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::rng::SeededRng;

/// The lab's dials, each in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LabSettings {
    /// How strongly the pair leans to one group in the data: 0 = not at all, 1 =
    /// the pair appears only with `woman` (each attribute's rate stays equal).
    pub pair_bias: f64,
    /// How much the model amplifies the pair: the chance it adds the missing half
    /// of the pair for `woman` and drops half of it for `man`.
    pub amplification: f64,
    /// The chance that any one prediction (attribute or group) is flipped at random.
    pub noise: f64,
}

impl Default for LabSettings {
    fn default() -> Self {
        Self {
            pair_bias: 0.5,
            amplification: 0.5,
            noise: 0.05,
        }
    }
}

impl LabSettings {
    /// The settings with every dial clamped to [0, 1] (NaN becomes the default).
    pub fn clamped(self) -> Self {
        let d = Self::default();
        let c = |x: f64, default: f64| {
            if x.is_nan() {
                default
            } else {
                x.clamp(0.0, 1.0)
            }
        };
        Self {
            pair_bias: c(self.pair_bias, d.pair_bias),
            amplification: c(self.amplification, d.amplification),
            noise: c(self.noise, d.noise),
        }
    }
}

/// Rows of the lab data set.
pub const LAB_ROWS: usize = 4000;
/// Its seed (fixed: moving a dial changes only what the dial controls).
pub const LAB_SEED: u64 = 7;

/// Attributes besides the pair, each with the same rate in both groups.
const OTHERS: [(&str, f64); 4] = [
    ("cup", 0.3),
    ("plate", 0.25),
    ("towel", 0.15),
    ("chair", 0.2),
];
/// How often each of `sink` and `laundry` appears, in both groups.
const MARGINAL: f64 = 0.4;

/// The lab data set as CSV (`id, split, group, pred_group, attributes,
/// pred_attributes`).
pub fn lab_csv(settings: &LabSettings) -> String {
    let s = settings.clamped();
    let mut rng = SeededRng::new(LAB_SEED);
    // P(both) per group: equal (MARGINAL²) at pair_bias 0; at 1 the pair is as
    // common as it can be for women and absent for men, marginals unchanged.
    let base = MARGINAL * MARGINAL;
    let joint = [
        base * (1.0 - s.pair_bias),
        base + (MARGINAL - base) * s.pair_bias,
    ];
    let mut out = String::from("id,split,group,pred_group,attributes,pred_attributes\n");
    for i in 0..LAB_ROWS {
        let split = if rng.chance(0.6) { "train" } else { "test" };
        let g = usize::from(rng.chance(0.5));
        let both = if g == 1 { joint[1] } else { joint[0] };
        let only = MARGINAL - both;
        let (sink, laundry) = match rng.weighted(&[both, only, only, 1.0 - both - 2.0 * only]) {
            0 => (true, true),
            1 => (true, false),
            2 => (false, true),
            _ => (false, false),
        };
        let mut truth: Vec<(&str, bool)> = vec![("laundry", laundry), ("sink", sink)];
        for (name, p) in OTHERS {
            truth.push((name, rng.chance(p)));
        }
        let mut predicted: Vec<(&str, bool)> = truth.clone();
        // The model's learned shortcut: complete the pair for women, break it for men.
        let amplify = rng.chance(s.amplification);
        if amplify && g == 1 && (sink || laundry) {
            for p in predicted.iter_mut().take(2) {
                p.1 = true;
            }
        }
        if amplify && g == 0 && sink && laundry {
            let drop = usize::from(rng.chance(0.5));
            if let Some(p) = predicted.get_mut(drop) {
                p.1 = false;
            }
        }
        for p in &mut predicted {
            if rng.chance(s.noise) {
                p.1 = !p.1;
            }
        }
        let pred_group = if rng.chance(s.noise) { 1 - g } else { g };
        let names = |v: &[(&str, bool)]| {
            let mut n: Vec<&str> = v.iter().filter(|x| x.1).map(|x| x.0).collect();
            n.sort_unstable();
            n.join("|")
        };
        let group = |k: usize| if k == 1 { "woman" } else { "man" };
        let _ = writeln!(
            out,
            "lab{i:04},{split},{},{},{},{}",
            group(g),
            group(pred_group),
            names(&truth),
            names(&predicted)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, load, CombinationSettings};

    fn metrics(s: LabSettings) -> (f64, f64) {
        let (_, d) = load("lab", "lab.csv", lab_csv(&s).as_bytes(), None, 0.5).unwrap();
        let settings = CombinationSettings {
            min_support: 20,
            ..CombinationSettings::default()
        };
        let a = analyze(&d, &settings).unwrap();
        let pair = a
            .cells
            .iter()
            .filter(|c| c.combination == ["laundry", "sink"])
            .map(|c| c.delta.unwrap_or(0.0).abs())
            .fold(0.0, f64::max);
        (a.metrics.multi_mals.mean.unwrap(), pair)
    }

    #[test]
    fn amplification_moves_the_pair_and_the_mean() {
        let at = |amplification| {
            metrics(LabSettings {
                pair_bias: 0.6,
                amplification,
                noise: 0.02,
            })
        };
        let (low, mid, high) = (at(0.0), at(0.5), at(1.0));
        assert!(low.1 < mid.1 && mid.1 < high.1, "{low:?} {mid:?} {high:?}");
        assert!(low.0 < high.0, "{low:?} {high:?}");
        assert!(
            high.1 > low.1 + 0.05,
            "amplification shows in the pair: {low:?} {high:?}"
        );
    }

    #[test]
    fn each_attribute_alone_stays_balanced() {
        let csv = lab_csv(&LabSettings {
            pair_bias: 1.0,
            amplification: 0.0,
            noise: 0.0,
        });
        let (_, d) = load("lab", "lab.csv", csv.as_bytes(), None, 0.5).unwrap();
        let sink = d.attributes.iter().position(|a| a == "sink").unwrap() as u32;
        let rate = |g: u32| {
            let rows: Vec<usize> = (0..d.len()).filter(|&i| d.group[i] == Some(g)).collect();
            rows.iter().filter(|&&i| d.gt[i].contains(&sink)).count() as f64 / rows.len() as f64
        };
        assert!(
            (rate(0) - rate(1)).abs() < 0.04,
            "{} vs {}",
            rate(0),
            rate(1)
        );
    }

    #[test]
    fn dials_are_clamped() {
        let s = LabSettings {
            pair_bias: 2.0,
            amplification: -1.0,
            noise: f64::NAN,
        }
        .clamped();
        assert_eq!((s.pair_bias, s.amplification, s.noise), (1.0, 0.0, 0.05));
    }
}
