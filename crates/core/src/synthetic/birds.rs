//! The `birds` demo: a seeded, Waterbirds-like set for the probe
//! (`docs/spec/metrics.md` section 10). Land and water birds on land and water
//! backgrounds: in training the background goes with the bird (95%), in test it
//! does not (50%), and the model predicts mostly from the background. Image and
//! concept embeddings come from one concept space (each concept a direction,
//! each image the sum of its concepts' directions and noise), so the probe reads
//! the same concepts the annotations name, and must find the backgrounds
//! spurious for the birds they went with in training.

use std::fmt::Write;

use crate::embeddings::linalg::orthonormalize;
use crate::embeddings::synthetic::unit;
use crate::embeddings::Embeddings;
use crate::rng::SeededRng;

/// The seed of the built-in demo.
pub const BIRDS_SEED: u64 = 1;
/// Its rows.
pub const BIRDS_ROWS: usize = 3000;
/// Dimensions of its embeddings.
pub const BIRDS_DIM: usize = 48;
/// The length of the part every image embedding shares.
const COMMON: f64 = 3.0;
/// The share of training rows whose background goes with the bird.
pub const TRAIN_COUPLING: f64 = 0.95;
/// The same share in test.
pub const TEST_COUPLING: f64 = 0.5;

/// A concept: its name, its chance on a (land bird, water bird), and the bird it
/// is core for, if any. The backgrounds are drawn apart (see [`birds`]).
const FEATURES: [(&str, f64, f64, Option<&str>); 5] = [
    ("webbed feet", 0.05, 0.7, Some("waterbird")),
    ("long neck", 0.15, 0.55, Some("waterbird")),
    ("talons", 0.6, 0.05, Some("landbird")),
    ("perching", 0.55, 0.15, Some("landbird")),
    ("sky", 0.4, 0.4, None),
];

/// The demo: its annotations as CSV (`group` is the bird, `pred_group` the
/// model's guess), the images' embeddings, the concepts table as CSV, and the
/// concepts' text embeddings (one row per concept, in the table's order).
pub struct Birds {
    /// `id,split,group,pred_group,attributes`.
    pub csv: String,
    /// One row per annotation row.
    pub images: Embeddings,
    /// `concept,target,core`.
    pub concepts_csv: String,
    /// One row per concept.
    pub concepts: Embeddings,
}

/// The concepts in the order of the concepts table.
pub fn concept_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = FEATURES.iter().map(|f| f.0).collect();
    names.extend(["water", "land"]);
    names
}

/// Generates the demo (`rows` rows, `dim` dimensions, seeded).
pub fn birds(seed: u64, rows: usize, dim: usize) -> Birds {
    let names = concept_names();
    // Orthonormal directions: the part every photo shares, then one per concept.
    let mut directions: Vec<Vec<f64>> = (0..=names.len())
        .map(|k| unit(&mut SeededRng::with_stream(seed, k as u64), dim))
        .collect();
    orthonormalize(&mut directions);
    let common = directions.remove(0);
    let mut rng = SeededRng::new(seed);
    let mut noise = SeededRng::with_stream(seed, u64::MAX);
    let mut csv = String::from("id,split,group,pred_group,attributes\n");
    let mut values = Vec::with_capacity(rows * dim);
    for i in 0..rows {
        let train = rng.chance(0.6);
        let water_bird = rng.chance(0.5);
        let coupling = if train { TRAIN_COUPLING } else { TEST_COUPLING };
        let on_water = rng.chance(if water_bird { coupling } else { 1.0 - coupling });
        let mut present: Vec<usize> = Vec::new();
        for (k, (_, land, water, _)) in FEATURES.iter().enumerate() {
            if rng.chance(if water_bird { *water } else { *land }) {
                present.push(k);
            }
        }
        present.push(if on_water {
            FEATURES.len()
        } else {
            FEATURES.len() + 1
        });
        // The model: mostly the background, a little of the bird itself.
        let evidence: f64 = present
            .iter()
            .map(|&k| match FEATURES.get(k).and_then(|f| f.3) {
                Some("waterbird") => 0.6,
                Some(_) => -0.6,
                None => 0.0,
            })
            .sum();
        let score = if on_water { 1.5 } else { -1.5 } + evidence + 0.8 * (rng.uniform() - 0.5);
        let bird = |w: bool| if w { "waterbird" } else { "landbird" };
        let mut labels: Vec<&str> = present
            .iter()
            .filter_map(|&k| names.get(k).copied())
            .collect();
        labels.sort_unstable();
        let _ = writeln!(
            csv,
            "bird{i:04},{},{},{},{}",
            if train { "train" } else { "test" },
            bird(water_bird),
            bird(score > 0.0),
            labels.join("|")
        );
        // What every bird photo shares (as real image embeddings share a large
        // common part), so that one more concept in a photo barely changes the
        // others' cosines.
        let mut x: Vec<f64> = common.iter().map(|c| COMMON * c).collect();
        for &k in &present {
            if let Some(d) = directions.get(k) {
                x.iter_mut().zip(d).for_each(|(xi, di)| *xi += di);
            }
        }
        values.extend(
            x.iter()
                .map(|xi| (xi + 0.35 * (noise.uniform() - 0.5)) as f32),
        );
    }
    let mut concepts_csv = String::from("concept,target,core\n");
    for (name, _, _, core) in FEATURES {
        match core {
            Some(bird) => {
                let _ = writeln!(concepts_csv, "{name},{bird},true");
            }
            None => {
                let _ = writeln!(concepts_csv, "{name},waterbird,false");
            }
        }
    }
    concepts_csv.push_str("water,waterbird,false\nland,landbird,false\n");
    let concepts = directions.iter().flatten().map(|&v| v as f32).collect();
    Birds {
        csv,
        images: Embeddings { rows, dim, values },
        concepts_csv,
        concepts: Embeddings {
            rows: names.len(),
            dim,
            values: concepts,
        },
    }
}
