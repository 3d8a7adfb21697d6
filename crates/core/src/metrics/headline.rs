//! The headline numbers of sections 3–4 as one fixed list, computed from count
//! tables without building the named cell breakdown: what the bootstrap
//! recomputes for every resample.

use serde::{Deserialize, Serialize};

use crate::counting::counts::CountTables;
use crate::metrics::amplification::{all_cell_numbers, directional_numbers, mals_numbers};

/// One headline number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// Multi_MALS mean `(1/|M|) Σ |Δ|`.
    MultiMalsMean,
    /// Multi_MALS signed mean.
    MultiMalsSignedMean,
    /// Multi_MALS variance.
    MultiMalsVariance,
    /// Multi→ G→M mean `|Δ|`.
    GToMMeanAbs,
    /// Multi→ G→M variance.
    GToMVariance,
    /// Multi→ G→M signed score.
    GToMSigned,
    /// Multi→ M→G mean `|Δ|`.
    MToGMeanAbs,
    /// Multi→ M→G variance.
    MToGVariance,
    /// Multi→ M→G signed score.
    MToGSigned,
    /// BiasAmp_MALS.
    BiasAmpMals,
    /// BiasAmp→ A→T.
    BiasAmpAToT,
    /// BiasAmp→ T→A.
    BiasAmpTToA,
}

impl Quantity {
    /// Every quantity, in the order of [`headline`]'s output.
    pub const ALL: [Quantity; 12] = [
        Quantity::MultiMalsMean,
        Quantity::MultiMalsSignedMean,
        Quantity::MultiMalsVariance,
        Quantity::GToMMeanAbs,
        Quantity::GToMVariance,
        Quantity::GToMSigned,
        Quantity::MToGMeanAbs,
        Quantity::MToGVariance,
        Quantity::MToGSigned,
        Quantity::BiasAmpMals,
        Quantity::BiasAmpAToT,
        Quantity::BiasAmpTToA,
    ];

    /// The MALS-type quantities, which a perfect model does not score 0 on (the
    /// split alone moves them): each gets a perfect-model floor and a model − floor
    /// difference.
    pub const FLOORED: [Quantity; 4] = [
        Quantity::MultiMalsMean,
        Quantity::MultiMalsSignedMean,
        Quantity::MultiMalsVariance,
        Quantity::BiasAmpMals,
    ];

    /// The key of this quantity in the CLI's `model_minus_perfect` object.
    pub fn key(self) -> String {
        let (object, field) = self.location();
        if field == "value" {
            object.to_owned()
        } else {
            format!("{object}_{field}")
        }
    }

    /// The metric object this quantity belongs to in the CLI's `metrics`, and its
    /// field there.
    pub fn location(self) -> (&'static str, &'static str) {
        match self {
            Quantity::MultiMalsMean => ("multi_mals", "mean"),
            Quantity::MultiMalsSignedMean => ("multi_mals", "signed_mean"),
            Quantity::MultiMalsVariance => ("multi_mals", "variance"),
            Quantity::GToMMeanAbs => ("multi_g_to_m", "mean_abs"),
            Quantity::GToMVariance => ("multi_g_to_m", "variance"),
            Quantity::GToMSigned => ("multi_g_to_m", "signed"),
            Quantity::MToGMeanAbs => ("multi_m_to_g", "mean_abs"),
            Quantity::MToGVariance => ("multi_m_to_g", "variance"),
            Quantity::MToGSigned => ("multi_m_to_g", "signed"),
            Quantity::BiasAmpMals => ("biasamp_mals", "value"),
            Quantity::BiasAmpAToT => ("biasamp_a_to_t", "value"),
            Quantity::BiasAmpTToA => ("biasamp_t_to_a", "value"),
        }
    }

    /// Whether this is its metric object's main number (the one its `ci95` is for).
    pub fn is_primary(self) -> bool {
        matches!(
            self,
            Quantity::MultiMalsMean
                | Quantity::GToMMeanAbs
                | Quantity::MToGMeanAbs
                | Quantity::BiasAmpMals
                | Quantity::BiasAmpAToT
                | Quantity::BiasAmpTToA
        )
    }
}

/// The twelve headline numbers in the order of [`Quantity::ALL`], from the tables of
/// `M` (`multi`) and of every single attribute (`single`). `None` is undefined.
pub fn headline(multi: &CountTables, single: &CountTables) -> [Option<f64>; 12] {
    let [mm, ms, mv, gm, gv, gs, tm, tv, ts] = summaries(multi);
    let [_, single_mals, _, _, _, a_to_t, _, _, t_to_a] = summaries(single);
    [
        mm,
        ms,
        mv,
        gm,
        gv,
        gs,
        tm,
        tv,
        ts,
        single_mals,
        a_to_t,
        t_to_a,
    ]
}

/// MALS (mean, signed mean, variance), then G→M and M→G (mean |Δ|, variance,
/// signed), from one pass over the cells.
fn summaries(t: &CountTables) -> [Option<f64>; 9] {
    let mut deltas = Vec::new();
    let mut g_to_m = Vec::new();
    let mut m_to_g = Vec::new();
    for c in all_cell_numbers(t) {
        deltas.extend(c.delta);
        g_to_m.extend(c.delta_g_to_m.map(|d| (d, c.y)));
        m_to_g.extend(c.delta_m_to_g.map(|d| (d, c.y)));
    }
    let [a, b, c] = mals_numbers(t.n_combinations(), &deltas);
    let [d, e, f] = directional_numbers(&g_to_m);
    let [g, h, i] = directional_numbers(&m_to_g);
    [a, b, c, d, e, f, g, h, i]
}
