//! The bias lab: a small synthetic data set regenerated from three dials, so a class
//! can watch amplification appear. Two attributes, `sink` and `laundry`, are each
//! as common with men as with women, but the pair co-occurs more often with women
//! in the data (`pair_bias`). The simulated model has learned the lean and
//! exaggerates it (`amplification`, scaled by how much the data leans, so a data
//! set without a lean gives the model nothing to amplify): an image of a woman
//! with one half of the pair is read as having both or neither, with equal chance
//! (so for women each attribute alone keeps its rate), and an image of a man with
//! both is read as having only one of them. The pair's bias score moves far; each
//! attribute's moves little: single-attribute metrics see little, Multi_MALS sees
//! the pair. `noise` flips random predictions.
//!
//! Every sentence of the lab's tour is checked against these numbers by
//! `crates/core/tests/lessons.rs`.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::rng::SeededRng;

/// The lab's dials, each in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LabSettings {
    /// How strongly the pair leans to women in the data: 0 = not at all (the pair
    /// is as common in both groups), 1 = P(both) is 0.24 for women and 0.08 for men
    /// (each attribute alone stays at 0.4 in both groups).
    pub pair_bias: f64,
    /// How much the model amplifies the lean: the chance, times `pair_bias`, that it
    /// reads a woman's image holding one half of the pair as holding both or
    /// neither, and a man's image holding both as holding one.
    pub amplification: f64,
    /// The chance that any one prediction (attribute or group) is flipped at random.
    pub noise: f64,
}

impl Default for LabSettings {
    fn default() -> Self {
        Self {
            pair_bias: 0.75,
            amplification: 0.5,
            noise: 0.0,
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

    /// The chance that the model applies its shortcut to an eligible image:
    /// `amplification × pair_bias`.
    pub fn shortcut(&self) -> f64 {
        let s = self.clamped();
        s.amplification * s.pair_bias
    }
}

/// Rows of the lab data set.
pub const LAB_ROWS: usize = 8000;
/// Its seed (fixed: moving a dial changes only what the dial controls).
pub const LAB_SEED: u64 = 7;
/// The planted pair, in sorted order.
pub const LAB_PAIR: [&str; 2] = ["laundry", "sink"];

/// Attributes besides the pair, each with the same rate in both groups.
const OTHERS: [(&str, f64); 3] = [("chair", 0.3), ("cup", 0.3), ("towel", 0.3)];
/// How often each of `sink` and `laundry` appears, in both groups.
const MARGINAL: f64 = 0.4;
/// How far P(both) moves from independence (0.16) at pair bias 1: up for women,
/// down for men.
const LEAN: f64 = 0.08;

/// The lab data set as CSV (`id, split, group, pred_group, attributes,
/// pred_attributes`). Every row draws the same random numbers whatever the dials,
/// so a dial changes only what it controls: `amplification` and `noise` leave the
/// ground truth as it is.
pub fn lab_csv(settings: &LabSettings) -> String {
    let s = settings.clamped();
    let shortcut = s.shortcut();
    let mut rng = SeededRng::new(LAB_SEED);
    let base = MARGINAL * MARGINAL;
    let joint = [base - LEAN * s.pair_bias, base + LEAN * s.pair_bias];
    let mut out = String::from("id,split,group,pred_group,attributes,pred_attributes\n");
    for i in 0..LAB_ROWS {
        let split = if rng.chance(0.6) { "train" } else { "test" };
        let g = usize::from(rng.chance(0.5));
        let both = joint.get(g).copied().unwrap_or(base);
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
        // The model's learned shortcut: for a woman, one half of the pair means
        // both or neither, with equal chance; for a man, both means one.
        let applies = rng.chance(shortcut);
        let coin = rng.chance(0.5);
        if applies && g == 1 && sink != laundry {
            for p in predicted.iter_mut().take(2) {
                p.1 = coin;
            }
        }
        if applies && g == 0 && sink && laundry {
            if let Some(p) = predicted.get_mut(usize::from(coin)) {
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
    use crate::load_with_defaults;

    #[test]
    fn amplification_and_noise_leave_the_ground_truth_as_it_is() {
        let truth = |s: LabSettings| {
            let (_, d) = load_with_defaults("lab", "lab.csv", lab_csv(&s).as_bytes()).unwrap();
            (d.gt, d.group)
        };
        let calm = LabSettings {
            amplification: 0.0,
            noise: 0.0,
            ..LabSettings::default()
        };
        let loud = LabSettings {
            amplification: 1.0,
            noise: 0.4,
            ..calm
        };
        assert_eq!(truth(calm), truth(loud));
    }

    #[test]
    fn each_attribute_alone_stays_balanced() {
        let csv = lab_csv(&LabSettings {
            pair_bias: 1.0,
            amplification: 0.0,
            noise: 0.0,
        });
        let (_, d) = load_with_defaults("lab", "lab.csv", csv.as_bytes()).unwrap();
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
        assert_eq!((s.pair_bias, s.amplification, s.noise), (1.0, 0.0, 0.0));
    }
}
