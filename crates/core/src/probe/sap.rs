//! Spurious Attribute Probing, `docs/spec/metrics.md` section 10: the probe of a
//! target from the concept scores, each value's adaptive threshold `γ_c` and
//! spurious concepts, their stability over bootstrap refits, and what leaning on
//! them costs the model (the counter-group test).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::concepts::{ConceptSource, Concepts};
use super::logistic::{fit, Fit, Problem};
use super::target::labels;
pub use super::target::ProbeTarget;
use super::Standardiser;
use crate::error::SettingsError;
use crate::input::dataset::Dataset;
use crate::metrics::stats::{newcombe, wilson};
use crate::progress::Progress;
use crate::rng::SeededRng;

/// Refits of the stability bootstrap unless a setting says otherwise.
pub const DEFAULT_REFITS: usize = 100;

/// How the probe runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbeSettings {
    /// Its target.
    pub target: ProbeTarget,
    /// Bootstrap refits for the stability (0: none).
    pub refits: usize,
    /// The refits' seed.
    pub seed: u64,
}

/// A spurious concept of a target value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpuriousConcept {
    /// The concept.
    pub concept: String,
    /// Its weight `W[c, a]`.
    pub weight: f64,
    /// The share of refits in which it is spurious for the value (none without refits).
    pub stability: Option<f64>,
}

/// One side of the counter-group test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    /// Rows whose prediction is the value.
    pub correct: u64,
    /// Rows.
    pub rows: u64,
    /// `correct / rows` (none without rows).
    pub accuracy: Option<f64>,
    /// Its 95% Wilson interval.
    pub ci95: Option<[f64; 2]>,
}

impl Side {
    fn of(correct: u64, rows: u64) -> Self {
        Self {
            correct,
            rows,
            accuracy: (rows > 0).then(|| correct as f64 / rows as f64),
            ci95: wilson(correct, rows),
        }
    }
}

/// The model's accuracy on a value's test rows that score low and high on its
/// spurious concepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CounterGroup {
    /// Rows at or below the mean spurious score.
    pub low: Side,
    /// Rows above it.
    pub high: Side,
    /// `accuracy(high) − accuracy(low)`.
    pub gap: Option<f64>,
    /// Newcombe's 95% interval of the gap.
    pub gap_ci95: Option<[f64; 2]>,
}

/// The probe's findings for one target value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetProbe {
    /// The value.
    pub target: String,
    /// Train rows of this value.
    pub train_rows: usize,
    /// Every concept's weight `W[c, a]`.
    pub weights: BTreeMap<String, f64>,
    /// The concepts core for this value.
    pub core: Vec<String>,
    /// `γ_c`, the smallest weight of a core concept (none without core concepts).
    pub gamma: Option<f64>,
    /// Non-core concepts weighing at least `γ_c`, heaviest first.
    pub spurious: Vec<SpuriousConcept>,
    /// The counter-group test, when there are spurious concepts and predictions.
    pub counter_group: Option<CounterGroup>,
}

/// What the probe found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProbeReport {
    /// The group column's name, or the attribute's.
    pub target_column: String,
    /// Where the scores come from.
    pub concept_source: ConceptSource,
    /// The concepts, in order.
    pub concepts: Vec<String>,
    /// One entry per target value, in the order of `docs/spec/metrics.md`.
    pub targets: Vec<TargetProbe>,
    /// Train rows the probe was fitted on.
    pub train_rows: usize,
    /// Test rows of the counter-group test.
    pub test_rows: usize,
    /// Why there is no counter-group test, when there is none for any value.
    pub counter_group_unavailable: Option<String>,
    /// Whether the fit on every train row converged.
    pub converged: bool,
    /// Its largest absolute gradient component.
    pub gradient: f64,
    /// Its iterations.
    pub iterations: usize,
    /// The settings.
    pub settings: ProbeSettings,
}

/// One (target value, concept) of a probe, flat: what its table and its CSV
/// export show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightRow {
    /// The target value.
    pub target: String,
    /// The concept.
    pub concept: String,
    /// `W[c, a]`.
    pub weight: f64,
    /// Whether it is core for the value.
    pub core: bool,
    /// Whether it is spurious for the value.
    pub spurious: bool,
    /// Its stability, when it is spurious and there were refits.
    pub stability: Option<f64>,
}

impl TargetProbe {
    /// Its concepts, heaviest first (ties by name).
    pub fn rows(&self) -> Vec<WeightRow> {
        let mut rows: Vec<WeightRow> = self
            .weights
            .iter()
            .map(|(concept, &weight)| {
                let spurious = self.spurious.iter().find(|s| s.concept == *concept);
                WeightRow {
                    target: self.target.clone(),
                    concept: concept.clone(),
                    weight,
                    core: self.core.contains(concept),
                    spurious: spurious.is_some(),
                    stability: spurious.and_then(|s| s.stability),
                }
            })
            .collect();
        rows.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| a.concept.cmp(&b.concept))
        });
        rows
    }
}

impl ProbeReport {
    /// Every (target value, concept), value by value.
    pub fn rows(&self) -> Vec<WeightRow> {
        self.targets.iter().flat_map(TargetProbe::rows).collect()
    }
}

/// `γ_c` and the spurious concepts (indices) of value `c` under `fit`.
fn flagged(fit: &Fit, c: usize, core: &[bool]) -> (Option<f64>, Vec<usize>) {
    let gamma = core
        .iter()
        .enumerate()
        .filter(|(_, &is)| is)
        .map(|(a, _)| fit.weight(c, a))
        .reduce(f64::min);
    let Some(g) = gamma else {
        return (None, Vec::new());
    };
    let spurious = (0..core.len())
        .filter(|&a| !core.get(a).copied().unwrap_or(true) && fit.weight(c, a) >= g)
        .collect();
    (gamma, spurious)
}

/// Runs the probe of `settings.target` on row-major `rows × concepts` scores,
/// calling `progress` as the refits go.
pub fn probe(
    d: &Dataset,
    concepts: &Concepts,
    source: ConceptSource,
    scores: &[f64],
    settings: &ProbeSettings,
    progress: &mut dyn FnMut(Progress),
) -> Result<ProbeReport, SettingsError> {
    let k = concepts.len();
    let labels = labels(d, &settings.target);
    let train: Vec<usize> = (0..d.len())
        .filter(|&i| {
            d.role.get(i).is_some_and(|r| r.is_train())
                && labels.truth.get(i).copied().flatten().is_some()
        })
        .collect();
    let test: Vec<usize> = (0..d.len())
        .filter(|&i| {
            d.role.get(i).is_some_and(|r| r.is_test())
                && labels.truth.get(i).copied().flatten().is_some()
        })
        .collect();
    let y_of = |i: usize| labels.truth.get(i).copied().flatten().unwrap_or(0);
    let present: std::collections::BTreeSet<u32> = train.iter().map(|&i| y_of(i)).collect();
    let target_name = settings.target.name(d).to_owned();
    if present.len() < 2 {
        return Err(SettingsError::ProbeValues {
            target: target_name,
            found: present.len(),
        });
    }
    let classes = labels.values.len();
    let y: Vec<u32> = train.iter().map(|&i| y_of(i)).collect();
    let core: Vec<Vec<bool>> = labels
        .values
        .iter()
        .map(|v| concepts.concepts.iter().map(|c| c.is_core_for(v)).collect())
        .collect();

    progress(Progress::step("fitting the probe"));
    let scaler = Standardiser::fit(scores, k, &train, None);
    let z = scaler.transform(scores, &train);
    let full = fit(
        &Problem {
            z: &z,
            dim: k,
            y: &y,
            classes,
            weights: None,
        },
        None,
    );

    // The stability: refits on resampled train rows, each with its own scaling.
    let mut times_flagged = vec![vec![0usize; k]; classes];
    let n = train.len();
    for b in 0..settings.refits {
        progress(Progress::of(
            "refitting the probe on resampled rows",
            b,
            settings.refits,
        ));
        let mut rng = SeededRng::with_stream(settings.seed, b as u64);
        let mut counts = vec![0.0; n];
        for _ in 0..n {
            if let Some(c) = counts.get_mut(rng.below(n as u32) as usize) {
                *c += 1.0;
            }
        }
        let scaler_b = Standardiser::fit(scores, k, &train, Some(&counts));
        let z_b = scaler_b.transform(scores, &train);
        let refit = fit(
            &Problem {
                z: &z_b,
                dim: k,
                y: &y,
                classes,
                weights: Some(&counts),
            },
            Some(&full),
        );
        for (c, flags) in times_flagged.iter_mut().enumerate() {
            for a in flagged(&refit, c, core.get(c).map_or(&[][..], Vec::as_slice)).1 {
                if let Some(t) = flags.get_mut(a) {
                    *t += 1;
                }
            }
        }
    }

    // The counter-group test on the test rows.
    let mut z_row = vec![0.0; k];
    let mut targets = Vec::with_capacity(classes);
    for (c, value) in labels.values.iter().enumerate() {
        let core_c = core.get(c).map_or(&[][..], Vec::as_slice);
        let (gamma, spurious_ix) = flagged(&full, c, core_c);
        let mut spurious: Vec<SpuriousConcept> = spurious_ix
            .iter()
            .map(|&a| SpuriousConcept {
                concept: concepts
                    .concepts
                    .get(a)
                    .map(|x| x.name.clone())
                    .unwrap_or_default(),
                weight: full.weight(c, a),
                stability: (settings.refits > 0).then(|| {
                    times_flagged
                        .get(c)
                        .and_then(|t| t.get(a))
                        .copied()
                        .unwrap_or(0) as f64
                        / settings.refits as f64
                }),
            })
            .collect();
        spurious.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| a.concept.cmp(&b.concept))
        });
        let counter_group = match (&labels.predicted, spurious_ix.is_empty()) {
            (Some(predicted), false) => {
                let mut scored: Vec<(f64, bool)> = Vec::new();
                for &i in test.iter().filter(|&&i| y_of(i) as usize == c) {
                    if let Some(row) = scores.get(i * k..(i + 1) * k) {
                        scaler.apply(row, &mut z_row);
                    }
                    let r = spurious_ix
                        .iter()
                        .map(|&a| z_row.get(a).copied().unwrap_or(0.0))
                        .sum::<f64>()
                        / spurious_ix.len() as f64;
                    let correct = predicted.get(i).copied().flatten() == Some(c as u32);
                    scored.push((r, correct));
                }
                Some(counter_group(&scored))
            }
            _ => None,
        };
        targets.push(TargetProbe {
            target: value.clone(),
            train_rows: y.iter().filter(|&&v| v as usize == c).count(),
            weights: concepts
                .concepts
                .iter()
                .enumerate()
                .map(|(a, x)| (x.name.clone(), full.weight(c, a)))
                .collect(),
            core: concepts
                .concepts
                .iter()
                .zip(core_c)
                .filter(|(_, &is)| is)
                .map(|(x, _)| x.name.clone())
                .collect(),
            gamma,
            spurious,
            counter_group,
        });
    }
    let counter_group_unavailable = labels.predicted.is_none().then(|| match settings.target {
        ProbeTarget::Group => "not available: needs predicted groups".to_owned(),
        ProbeTarget::Attribute(_) => "not available: needs predicted attributes".to_owned(),
    });
    Ok(ProbeReport {
        target_column: target_name,
        concept_source: source,
        concepts: concepts.names(),
        targets,
        train_rows: n,
        test_rows: test.len(),
        counter_group_unavailable,
        converged: full.converged,
        gradient: full.gradient,
        iterations: full.iterations,
        settings: settings.clone(),
    })
}

/// The low and high sides of `(spurious score, correct)` pairs, split at their
/// mean (high: strictly above it).
fn counter_group(scored: &[(f64, bool)]) -> CounterGroup {
    let mean = scored.iter().map(|s| s.0).sum::<f64>() / scored.len().max(1) as f64;
    let (mut low, mut high) = ((0u64, 0u64), (0u64, 0u64));
    for &(score, correct) in scored {
        let side = if score > mean { &mut high } else { &mut low };
        side.0 += u64::from(correct);
        side.1 += 1;
    }
    let (low_side, high_side) = (Side::of(low.0, low.1), Side::of(high.0, high.1));
    let gap = low_side
        .accuracy
        .zip(high_side.accuracy)
        .map(|(l, h)| h - l);
    CounterGroup {
        low: low_side,
        high: high_side,
        gap,
        gap_ci95: newcombe(high, low),
    }
}
