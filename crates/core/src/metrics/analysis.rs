//! One call from a data set and settings to every headline metric of
//! `docs/spec/metrics.md` sections 3–4, with the per-cell breakdown: what the CLI prints and
//! what the app shows.

use serde::{Deserialize, Serialize};

use crate::counting::combinations::{combinations_counted, CombinationSettings};
use crate::counting::counts::{count, CountTables, RowIndex, Table};
use crate::error::SettingsError;
use crate::input::dataset::{Dataset, DatasetSummary, StandIns};
use crate::metrics::amplification::{cells, directional, mals, Cell, Directional, Mals};
use crate::metrics::headline::Quantity;
use crate::progress::Progress;

/// Multi_MALS as the CLI prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MalsReport {
    /// `(1/|M|) Σ |Δ|`.
    pub mean: Option<f64>,
    /// `(1/|M|) Σ Δ`.
    pub signed_mean: Option<f64>,
    /// Population variance of Δ.
    pub variance: Option<f64>,
    /// `|M|`.
    pub n_combinations: usize,
    /// How many combinations the model never predicts.
    pub never_predicted: Option<usize>,
    /// Those combinations.
    pub never_predicted_combinations: Vec<Vec<String>>,
    /// Why the metric is not available (`null` when it is).
    pub not_available: Option<String>,
}

/// One direction of Multi→ as the CLI prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DirectionalReport {
    /// Mean `|Δ|`.
    pub mean_abs: Option<f64>,
    /// Population variance of Δ.
    pub variance: Option<f64>,
    /// Mean `y · Δ`.
    pub signed: Option<f64>,
    /// Why the metric is not available (`null` when it is).
    pub not_available: Option<String>,
}

/// A single-number metric as the CLI prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueReport {
    /// The value.
    pub value: Option<f64>,
    /// Why the metric is not available (`null` when it is).
    pub not_available: Option<String>,
}

/// The six headline metric objects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Multi_MALS over `M`.
    pub multi_mals: MalsReport,
    /// Multi→, group influences attribute prediction.
    pub multi_g_to_m: DirectionalReport,
    /// Multi→, attributes influence group prediction.
    pub multi_m_to_g: DirectionalReport,
    /// BiasAmp_MALS over single attributes.
    pub biasamp_mals: ValueReport,
    /// BiasAmp→ A→T (our G→M) over single attributes.
    pub biasamp_a_to_t: ValueReport,
    /// BiasAmp→ T→A (our M→G) over single attributes.
    pub biasamp_t_to_a: ValueReport,
}

/// What a perfect model (`ĝ = g`, `â = a` on the test rows) scores: the floor that
/// the split alone puts under the MALS-type metrics. The directional metrics
/// compare predictions with ground truth on the same rows, so their floor is 0 by
/// construction and is not computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PerfectModel {
    /// Multi_MALS of a perfect model.
    pub multi_mals: MalsReport,
    /// BiasAmp_MALS of a perfect model.
    pub biasamp_mals: ValueReport,
}

/// Everything `biaslens metrics` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// The headline metrics.
    pub metrics: Metrics,
    /// The same MALS-type metrics for a perfect model on the same split.
    pub perfect_model: PerfectModel,
    /// One object per (combination, group) of `M`.
    pub cells: Vec<Cell>,
    /// The data set's summary.
    pub dataset: DatasetSummary,
    /// The settings used.
    pub settings: CombinationSettings,
}

impl Analysis {
    /// The value of a headline quantity.
    pub fn value(&self, q: Quantity) -> Option<f64> {
        let m = &self.metrics;
        match q {
            Quantity::MultiMalsMean => m.multi_mals.mean,
            Quantity::MultiMalsSignedMean => m.multi_mals.signed_mean,
            Quantity::MultiMalsVariance => m.multi_mals.variance,
            Quantity::GToMMeanAbs => m.multi_g_to_m.mean_abs,
            Quantity::GToMVariance => m.multi_g_to_m.variance,
            Quantity::GToMSigned => m.multi_g_to_m.signed,
            Quantity::MToGMeanAbs => m.multi_m_to_g.mean_abs,
            Quantity::MToGVariance => m.multi_m_to_g.variance,
            Quantity::MToGSigned => m.multi_m_to_g.signed,
            Quantity::BiasAmpMals => m.biasamp_mals.value,
            Quantity::BiasAmpAToT => m.biasamp_a_to_t.value,
            Quantity::BiasAmpTToA => m.biasamp_t_to_a.value,
        }
    }

    /// What a perfect model scores on a quantity: computed for the MALS-type ones,
    /// exactly 0 for the directional ones (they compare predictions with ground
    /// truth on the same rows).
    pub fn perfect_value(&self, q: Quantity) -> Option<f64> {
        let p = &self.perfect_model;
        match q {
            Quantity::MultiMalsMean => p.multi_mals.mean,
            Quantity::MultiMalsSignedMean => p.multi_mals.signed_mean,
            Quantity::MultiMalsVariance => p.multi_mals.variance,
            Quantity::BiasAmpMals => p.biasamp_mals.value,
            _ => self.value(q).map(|_| 0.0),
        }
    }

    /// What the model adds over a perfect model: value − perfect value.
    pub fn model_minus_perfect(&self, q: Quantity) -> Option<f64> {
        Some(self.value(q)? - self.perfect_value(q)?)
    }
}

/// Why each family is or is not available for a data set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Availability {
    /// Why nothing can be computed, predictions or not (`None`: the split and
    /// groups allow the perfect-model floor).
    base: Option<String>,
    mals: Option<String>,
    g_to_m: Option<String>,
    m_to_g: Option<String>,
}

impl Availability {
    /// Why a headline quantity is not available (`None` when it is).
    pub(crate) fn reason(&self, q: Quantity) -> Option<&String> {
        match q.location().0 {
            "multi_mals" | "biasamp_mals" => self.mals.as_ref(),
            "multi_g_to_m" | "biasamp_a_to_t" => self.g_to_m.as_ref(),
            _ => self.m_to_g.as_ref(),
        }
    }
}

pub(crate) fn availability(groups: usize, stand_ins: StandIns, t: &CountTables) -> Availability {
    let all = |reason: &str| Availability {
        base: Some(reason.to_owned()),
        mals: Some(reason.to_owned()),
        g_to_m: Some(reason.to_owned()),
        m_to_g: Some(reason.to_owned()),
    };
    if groups < 2 {
        return all("needs at least two groups");
    }
    if t.grand_total(Table::Train) == 0 || t.grand_total(Table::Test) == 0 {
        return all("needs train and test rows with a group");
    }
    if stand_ins.pred_group && stand_ins.pred_attributes {
        return Availability {
            base: None,
            ..all("needs predictions (predicted groups or predicted attributes)")
        };
    }
    Availability {
        base: None,
        mals: None,
        g_to_m: stand_ins
            .pred_attributes
            .then(|| "needs predicted attributes".to_owned()),
        m_to_g: stand_ins
            .pred_group
            .then(|| "needs predicted groups".to_owned()),
    }
}

fn mals_report(m: Mals, reason: &Option<String>) -> MalsReport {
    let ok = reason.is_none();
    MalsReport {
        mean: m.mean.filter(|_| ok),
        signed_mean: m.signed_mean.filter(|_| ok),
        variance: m.variance.filter(|_| ok),
        n_combinations: m.n_combinations,
        never_predicted: ok.then_some(m.never_predicted.len()),
        never_predicted_combinations: if ok { m.never_predicted } else { Vec::new() },
        not_available: reason.clone(),
    }
}

fn directional_report(d: Directional, reason: &Option<String>) -> DirectionalReport {
    let ok = reason.is_none();
    DirectionalReport {
        mean_abs: d.mean_abs.filter(|_| ok),
        variance: d.variance.filter(|_| ok),
        signed: d.signed.filter(|_| ok),
        not_available: reason.clone(),
    }
}

fn value_report(value: Option<f64>, reason: &Option<String>) -> ValueReport {
    ValueReport {
        value: value.filter(|_| reason.is_none()),
        not_available: reason.clone(),
    }
}

/// Blanks the prediction-derived fields of cells whose metric is not available,
/// so that a stand-in is never shown as if it were a prediction.
fn blank_unavailable(cells: &mut [Cell], a: &Availability) {
    for c in cells {
        if a.mals.is_some() {
            c.bias_pred = None;
            c.delta = None;
            c.added = None;
        }
        if a.base.is_some() {
            c.delta_perfect = None;
            c.added = None;
        }
        if a.g_to_m.is_some() {
            c.delta_g_to_m = None;
        }
        if a.m_to_g.is_some() {
            c.delta_m_to_g = None;
        }
    }
}

/// Computes `M`, its count tables, every headline metric and the cell breakdown.
pub fn analyze(d: &Dataset, settings: &CombinationSettings) -> Result<Analysis, SettingsError> {
    analyze_with_progress(d, settings, &mut |_| {})
}

/// [`analyze`], reporting each step and the counting's progress to `progress`.
pub fn analyze_with_progress(
    d: &Dataset,
    settings: &CombinationSettings,
    progress: &mut dyn FnMut(Progress),
) -> Result<Analysis, SettingsError> {
    progress(Progress::step("finding and counting combinations"));
    let ix = RowIndex::new(d);
    let (_, multi) = combinations_counted(d, &ix, settings, progress)?;
    progress(Progress::step("counting single attributes"));
    let singles: Vec<Vec<u32>> = (0..d.attributes.len() as u32).map(|a| vec![a]).collect();
    let single = count(d, &ix, &singles);
    Ok(analysis_of_counts(&multi, &single, d.summary(), settings))
}

/// Every headline metric and the cell breakdown from count tables alone: `multi`
/// over `M`, `single` over every attribute of `A` (`docs/spec/metrics.md` sections 3–4; the
/// tables carry the groups and the stand-ins in use). The same numbers whether the
/// tables were counted from rows here or read from a counts file.
pub fn analysis_of_counts(
    multi: &CountTables,
    single: &CountTables,
    dataset: DatasetSummary,
    settings: &CombinationSettings,
) -> Analysis {
    let avail = availability(multi.n_groups(), multi.stand_ins, multi);

    let mut multi_cells = cells(multi);
    let single_cells = cells(single);
    let (perfect_multi, perfect_single) = (multi.perfect(), single.perfect());
    let perfect_model = PerfectModel {
        multi_mals: mals_report(mals(&perfect_multi), &avail.base),
        biasamp_mals: value_report(mals(&perfect_single).signed_mean, &avail.base),
    };
    let metrics = Metrics {
        multi_mals: mals_report(mals(multi), &avail.mals),
        multi_g_to_m: directional_report(
            directional(&multi_cells, |c| c.delta_g_to_m),
            &avail.g_to_m,
        ),
        multi_m_to_g: directional_report(
            directional(&multi_cells, |c| c.delta_m_to_g),
            &avail.m_to_g,
        ),
        biasamp_mals: value_report(mals(single).signed_mean, &avail.mals),
        biasamp_a_to_t: value_report(
            directional(&single_cells, |c| c.delta_g_to_m).signed,
            &avail.g_to_m,
        ),
        biasamp_t_to_a: value_report(
            directional(&single_cells, |c| c.delta_m_to_g).signed,
            &avail.m_to_g,
        ),
    };
    blank_unavailable(&mut multi_cells, &avail);
    Analysis {
        metrics,
        perfect_model,
        cells: multi_cells,
        dataset,
        settings: *settings,
    }
}
