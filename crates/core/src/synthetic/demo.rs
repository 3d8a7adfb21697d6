//! Built-in demo data sets, addressed by name (`?demo=NAME`): `toy`, the hand-checked
//! set of `shared/data/toy`; `kitchen`, a seeded synthetic set with a planted
//! multi-attribute bias that single-attribute metrics miss; `lab`, the bias lab's
//! generator; `birds`, the probe's Waterbirds-like set (`synthetic::birds`); and real data sets (`adult`, `words`) that `scripts/demos.py` converts
//! into `public/demos/NAME/` and the app fetches on demand through their manifests.

use std::fmt::Write;

use crate::embeddings::synthetic::{embeddings_for, KITCHEN_DIM};
use crate::embeddings::Embeddings;
use crate::input::dataset::Dataset;
use crate::input::open::ConceptFiles;
use crate::probe::concepts::parse_concepts;
use crate::probe::sap::{probe, ProbeReport, ProbeSettings};
use crate::rng::SeededRng;
use crate::synthetic::birds::{birds, BIRDS_DIM, BIRDS_ROWS, BIRDS_SEED};

/// A built-in demo: its name, a one-line description, and a file name for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Demo {
    /// The name used in `?demo=NAME`.
    pub name: &'static str,
    /// What the demo shows, in one line.
    pub description: &'static str,
    /// The minimum support the demo is best read with (where the URL sets none).
    pub min_support: u64,
    /// For a real data set: its manifest's path, relative to the app's page (the
    /// data is fetched when the demo is opened, not shipped in the app's bundle).
    pub manifest: Option<&'static str>,
}

/// Every built-in demo.
pub const DEMOS: [Demo; 6] = [
    Demo {
        name: "kitchen",
        description: "5,000 synthetic kitchen images: {sink, laundry} leans to women and \
                      {computer, keyboard} to men, while each object alone is balanced. \
                      The model amplifies both pairs.",
        // Thousands of rows: at support 1, sparse triples dominate with sampling noise.
        min_support: 30,
        manifest: None,
    },
    Demo {
        name: "lab",
        description: "The bias lab: three dials (how much a pair leans to a group in the \
                      data, how much the model amplifies it, noise) regenerate the data set \
                      and every view.",
        min_support: 20,
        manifest: None,
    },
    Demo {
        name: "birds",
        description: "3,000 synthetic photos of land and water birds: in training the \
                      background goes with the bird, in test it does not, and the model \
                      leans on it. The probe finds what the representation uses.",
        min_support: 30,
        manifest: None,
    },
    Demo {
        name: "adult",
        description: "UCI Adult: 48,842 real census records grouped by sex, with a \
                      logistic-regression income model. Real data (CC BY 4.0), 0.6 MB, \
                      fetched when opened.",
        min_support: 30,
        manifest: Some("demos/adult/manifest.json"),
    },
    Demo {
        name: "words",
        description: "word2vec: 410 words from Google News vectors, gendered words and \
                      professions. Where does a profession fall along the gender direction? \
                      (Apache 2.0, 0.2 MB, fetched when opened.)",
        min_support: 1,
        manifest: Some("demos/words/manifest.json"),
    },
    Demo {
        name: "toy",
        description: "16 rows, 3 attributes: small enough to check every number by hand.",
        min_support: 1,
        manifest: None,
    },
];

/// The built-in demo named `name`.
pub fn find(name: &str) -> Option<&'static Demo> {
    DEMOS.iter().find(|d| d.name == name)
}

/// The toy data set's CSV text.
pub const TOY_CSV: &str = include_str!("../../../../data/toy/toy.csv");

/// The CSV text and file name of a demo; for an unknown name, a message that
/// lists the demos there are.
pub fn demo_csv(name: &str) -> Result<(String, String), String> {
    match name {
        "toy" => Ok((TOY_CSV.to_owned(), "toy.csv".to_owned())),
        "kitchen" => Ok((
            kitchen_csv(KITCHEN_SEED, KITCHEN_ROWS),
            "kitchen.csv".to_owned(),
        )),
        "lab" => Ok((
            crate::synthetic::lab::lab_csv(&crate::synthetic::lab::LabSettings::default()),
            "lab.csv".to_owned(),
        )),
        "birds" => Ok((
            birds(BIRDS_SEED, BIRDS_ROWS, BIRDS_DIM).csv,
            "birds.csv".to_owned(),
        )),
        _ => {
            if let Some(path) = find(name).and_then(|d| d.manifest) {
                return Err(format!(
                    "the demo \"{name}\" is a real data set: open public/{path} (its manifest)"
                ));
            }
            let names: Vec<&str> = DEMOS.iter().map(|d| d.name).collect();
            Err(format!(
                "there is no demo named \"{name}\" (demos: {})",
                names.join(", ")
            ))
        }
    }
}

/// What a built-in demo brings beside its rows: embeddings (with a name for
/// messages) and concepts.
#[derive(Debug, Clone, Default)]
pub struct DemoExtras {
    /// The rows' embeddings.
    pub embeddings: Option<(String, Embeddings)>,
    /// The concepts.
    pub concepts: Option<DemoConcepts>,
}

/// A demo's concepts: the table as CSV text, and parsed with their embeddings.
#[derive(Debug, Clone)]
pub struct DemoConcepts {
    /// `concept,target,core`.
    pub csv: String,
    /// The table parsed, and the concepts' embeddings.
    pub files: ConceptFiles,
}

/// The extras of demo `name`, whose rows `d` holds (with the roles its names say).
pub fn demo_extras(name: &str, d: &Dataset) -> DemoExtras {
    match name {
        "kitchen" => DemoExtras {
            embeddings: Some((
                "kitchen embeddings".to_owned(),
                embeddings_for(d, KITCHEN_SEED, KITCHEN_DIM),
            )),
            concepts: None,
        },
        "birds" => {
            let b = birds(BIRDS_SEED, BIRDS_ROWS, BIRDS_DIM);
            // The demo's own table: its tests see that it parses.
            let concepts = parse_concepts("birds concepts", b.concepts_csv.as_bytes())
                .ok()
                .map(|concepts| DemoConcepts {
                    csv: b.concepts_csv,
                    files: ConceptFiles {
                        concepts,
                        embeddings: Some(("birds concept embeddings".to_owned(), b.concepts)),
                    },
                });
            DemoExtras {
                embeddings: Some(("birds image embeddings".to_owned(), b.images)),
                concepts,
            }
        }
        _ => DemoExtras::default(),
    }
}

/// The probe of demo `name` as the app runs it (its rows with the roles their
/// names say, its embeddings and concepts), with those rows; `None` for a demo
/// without concepts.
pub fn demo_probe(name: &str, settings: &ProbeSettings) -> Option<(Dataset, ProbeReport)> {
    let (csv, file) = demo_csv(name).ok()?;
    let (_, d) = crate::load_with_defaults(name, &file, csv.as_bytes()).ok()?;
    let extras = demo_extras(name, &d);
    let files = extras.concepts?.files;
    let images = extras.embeddings.as_ref().map(|(f, e)| (f.as_str(), e));
    let texts = files.embeddings.as_ref().map(|(f, e)| (f.as_str(), e));
    let (source, scores) = files.concepts.scores(&d, images, texts).ok()?;
    let report = probe(&d, &files.concepts, source, &scores, settings, &mut |_| {}).ok()?;
    Some((d, report))
}

/// The seed of the built-in `kitchen` demo.
pub const KITCHEN_SEED: u64 = 2023;
/// The number of rows of the built-in `kitchen` demo.
pub const KITCHEN_ROWS: usize = 5000;

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
    /// The other attributes are drawn independently per group.
    joint: (f64, f64),
}

const PAIRS: [PlantedPair; 2] = [
    PlantedPair {
        first: "sink",
        second: "laundry",
        favoured: 1,
        marginal: 0.35,
        joint: (0.20, 0.08),
    },
    PlantedPair {
        first: "computer",
        second: "keyboard",
        favoured: 0,
        marginal: 0.30,
        joint: (0.18, 0.07),
    },
];

const GROUPS: [&str; 2] = ["man", "woman"];
const AGES: [&str; 3] = ["young", "adult", "senior"];

/// The name of group `g` of the kitchen demo.
fn group_name(g: usize) -> &'static str {
    GROUPS.get(g).copied().unwrap_or("man")
}

/// How the simulated model treats one attribute of one image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    /// Absent, and the model has no reason to see it (rare false positives).
    Absent,
    /// Present (the model finds it about 97% of the time).
    Present,
    /// Absent, but its partner is there in the favoured group: the model
    /// "fills in" the pair 60% of the time.
    FilledIn,
    /// Present as part of a pair in the other group: the model misses it 60% of the time.
    Doubted,
}

/// A model's score for one attribute (three decimals, like an exported CSV).
fn score(rng: &mut SeededRng, seen: Seen) -> f64 {
    let u = rng.uniform();
    let s = match seen {
        Seen::Absent => 0.55 * u.powi(4),
        Seen::Present => 1.0 - 0.55 * u.powi(3),
        Seen::FilledIn => (1.25 * u).min(1.0),
        Seen::Doubted => (1.0 - 1.25 * u).max(0.0),
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
        let age = AGES
            .get(rng.weighted(&[0.3, 0.5, 0.2]))
            .copied()
            .unwrap_or("adult");
        let mut present: Vec<&str> = Vec::new();
        let mut seen: Vec<(&str, Seen)> = Vec::new();
        let mut pair_favours: Option<usize> = None;
        for p in &PAIRS {
            let favoured = g == p.favoured;
            let both = if favoured { p.joint.0 } else { p.joint.1 };
            let only = p.marginal - both;
            match rng.weighted(&[both, only, only, 1.0 - both - 2.0 * only]) {
                0 => {
                    present.extend([p.first, p.second]);
                    pair_favours = Some(p.favoured);
                    if !favoured {
                        seen.push((p.second, Seen::Doubted));
                    }
                }
                1 => {
                    present.push(p.first);
                    if favoured {
                        seen.push((p.second, Seen::FilledIn));
                    }
                }
                2 => {
                    present.push(p.second);
                    if favoured {
                        seen.push((p.first, Seen::FilledIn));
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
        // The model reads the group well, except that a planted pair pulls its
        // guess toward the pair's favoured group.
        let pred_group = match pair_favours {
            Some(f) if f == g => usize::from(rng.chance(0.01)) ^ g,
            Some(f) => {
                if rng.chance(0.5) {
                    f
                } else {
                    g
                }
            }
            None => usize::from(rng.chance(0.02)) ^ g,
        };
        let _ = write!(
            out,
            "img{i:05},{split},{},{},{age},{}",
            group_name(g),
            group_name(pred_group),
            present.join("|")
        );
        for n in &names {
            let how = match seen.iter().find(|(m, _)| m == n) {
                Some(&(_, how)) => how,
                None if present.contains(n) => Seen::Present,
                None => Seen::Absent,
            };
            let s = score(&mut rng, how);
            let _ = write!(out, ",{s}");
        }
        out.push('\n');
    }
    out
}
