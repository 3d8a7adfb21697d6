//! Built-in demo data sets, addressed by name (`?demo=NAME`): `toy`, the hand-checked
//! set of `shared/data/toy`, and `kitchen`, a seeded synthetic set with a planted
//! multi-attribute bias that single-attribute metrics miss.

use std::fmt::Write;

use crate::rng::SeededRng;

/// A built-in demo: its name, a one-line description, and a file name for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Demo {
    /// The name used in `?demo=NAME`.
    pub name: &'static str,
    /// What the demo shows, in one line.
    pub description: &'static str,
}

/// Every built-in demo.
pub const DEMOS: [Demo; 2] = [
    Demo {
        name: "kitchen",
        description: "4,000 synthetic kitchen images: {sink, laundry} leans to women and \
                      {computer, keyboard} to men, while each object alone is balanced. \
                      The model amplifies both pairs.",
    },
    Demo {
        name: "toy",
        description: "16 rows, 3 attributes: small enough to check every number by hand.",
    },
];

/// The toy data set's CSV text.
pub const TOY_CSV: &str = include_str!("../../../data/toy/toy.csv");

/// The CSV text and file name of a demo, or `None` for an unknown name.
pub fn demo_csv(name: &str) -> Option<(String, String)> {
    match name {
        "toy" => Some((TOY_CSV.to_owned(), "toy.csv".to_owned())),
        "kitchen" => Some((kitchen_csv(KITCHEN_SEED, KITCHEN_ROWS), "kitchen.csv".to_owned())),
        _ => None,
    }
}

/// The seed of the built-in `kitchen` demo.
pub const KITCHEN_SEED: u64 = 2023;
/// The number of rows of the built-in `kitchen` demo.
pub const KITCHEN_ROWS: usize = 4000;

/// Attributes drawn independently, with their probability for (man, woman).
const INDEPENDENT: [(&str, f64, f64); 20] = [
    ("stove", 0.20, 0.20),
    ("oven", 0.15, 0.17),
    ("microwave", 0.18, 0.18),
    ("refrigerator", 0.25, 0.25),
    ("dishwasher", 0.10, 0.12),
    ("cup", 0.30, 0.32),
    ("bowl", 0.22, 0.25),
    ("knife", 0.16, 0.11),
    ("fork", 0.14, 0.14),
    ("spoon", 0.14, 0.15),
    ("plate", 0.20, 0.20),
    ("bottle", 0.20, 0.16),
    ("towel", 0.12, 0.16),
    ("detergent", 0.08, 0.10),
    ("kettle", 0.10, 0.10),
    ("toaster", 0.08, 0.08),
    ("mouse", 0.10, 0.08),
    ("chair", 0.25, 0.25),
    ("table", 0.30, 0.30),
    ("plant", 0.10, 0.12),
];

/// A planted pair: each attribute alone has the same rate in both groups, but the
/// pair co-occurs far more often in `favoured` (0 = man, 1 = woman).
struct PlantedPair {
    first: &'static str,
    second: &'static str,
    favoured: usize,
    /// P(first) = P(second) in both groups.
    marginal: f64,
    /// P(both) in the favoured group and in the other group.
    joint: (f64, f64),
}

const PAIRS: [PlantedPair; 2] = [
    PlantedPair {
        first: "sink",
        second: "laundry",
        favoured: 1,
        marginal: 0.35,
        joint: (0.25, 0.05),
    },
    PlantedPair {
        first: "computer",
        second: "keyboard",
        favoured: 0,
        marginal: 0.30,
        joint: (0.22, 0.05),
    },
];

const GROUPS: [&str; 2] = ["man", "woman"];
const AGES: [&str; 3] = ["young", "adult", "senior"];

/// A model's score for one attribute: high when present, low when absent, and
/// `boost` raises an absent attribute's score (the model "fills in" the pair).
fn score(rng: &mut SeededRng, present: bool, boost: bool) -> f64 {
    let u = rng.uniform();
    let s = if present {
        1.0 - 0.6 * u * u
    } else if boost {
        0.62 * u
    } else {
        0.6 * u * u * u
    };
    (s * 1000.0).round() / 1000.0
}

/// Generates the `kitchen` data set as CSV: list-form ground truth, wide-form
/// predicted scores, predicted groups, and an `age` column that can serve as an
/// alternative group column.
pub fn kitchen_csv(seed: u64, rows: usize) -> String {
    let mut rng = SeededRng::new(seed);
    let mut names: Vec<&str> = PAIRS.iter().flat_map(|p| [p.first, p.second]).collect();
    names.extend(INDEPENDENT.iter().map(|a| a.0));
    names.sort_unstable();

    let mut out = String::from("id,split,group,pred_group,age,attributes");
    for n in &names {
        let _ = write!(out, ",score:{n}");
    }
    out.push('\n');
    for i in 0..rows {
        let split = if rng.chance(0.6) { "train" } else { "test" };
        let g = usize::from(rng.chance(0.5));
        let age = AGES[rng.weighted(&[0.3, 0.5, 0.2])];
        let mut present: Vec<&str> = Vec::new();
        let mut boosted: Vec<&str> = Vec::new();
        let mut pred_group_bias: Option<usize> = None;
        for p in &PAIRS {
            let both = if g == p.favoured { p.joint.0 } else { p.joint.1 };
            let only = p.marginal - both;
            match rng.weighted(&[both, only, only, 1.0 - both - 2.0 * only]) {
                0 => {
                    present.extend([p.first, p.second]);
                    pred_group_bias = Some(p.favoured);
                }
                1 => {
                    present.push(p.first);
                    if g == p.favoured {
                        boosted.push(p.second);
                    }
                }
                2 => {
                    present.push(p.second);
                    if g == p.favoured {
                        boosted.push(p.first);
                    }
                }
                _ => {}
            }
        }
        for (name, p_man, p_woman) in INDEPENDENT {
            if rng.chance(if g == 0 { p_man } else { p_woman }) {
                present.push(name);
            }
        }
        present.sort_unstable();
        let correct = match pred_group_bias {
            Some(f) if f == g => 0.97,
            Some(_) => 0.55,
            None => 0.88,
        };
        let pred_group = if rng.chance(correct) { g } else { 1 - g };
        let _ = write!(
            out,
            "img{i:05},{split},{},{},{age},{}",
            GROUPS[g],
            GROUPS[pred_group],
            present.join("|")
        );
        for n in &names {
            let s = score(&mut rng, present.contains(n), boosted.contains(n));
            let _ = write!(out, ",{s}");
        }
        out.push('\n');
    }
    out
}
