//! The headline metrics, each with a one-line explanation and the counts it
//! comes from.

use biaslens_core::analysis::DirectionalReport;
use biaslens_core::Analysis;
use leptos::prelude::*;

use biaslens_core::metrics::headline::Quantity;

use crate::download::download_text;
use crate::format::{support_rows, thousands};
use crate::state::{AppState, Computed, Shared};
use crate::widgets::interval::{BootstrapStatus, Floor, Interval};
use crate::widgets::number::{Count, Num};
use biaslens_core::export::analysis_json;

/// One headline card.
#[component]
fn Card(
    /// The metric's name.
    title: &'static str,
    /// What it measures, in one line.
    explain: &'static str,
    /// Why it is not available, if it is not.
    reason: Option<String>,
    children: Children,
) -> impl IntoView {
    let unavailable = reason.is_some();
    view! {
        <article class="card" class:unavailable=unavailable>
            <h3>{title}</h3>
            <p class="explain">{explain}</p>
            {children()}
            {reason.map(|r| view! { <p class="na-reason">"Not available: " {r}</p> })}
        </article>
    }
}

fn mals_card(a: &Analysis) -> impl IntoView {
    let m = a.metrics.multi_mals.clone();
    let r = m.not_available.clone();
    let floor_reason = a.perfect_model.multi_mals.not_available.clone();
    let floor = |q: Quantity, sentence: bool| {
        view! {
            <Floor quantity=q perfect=a.perfect_value(q) adds=a.model_minus_perfect(q) reason=floor_reason.clone() sentence=sentence />
        }
    };
    let mean_floor = floor(Quantity::MultiMalsMean, true);
    let signed_floor = floor(Quantity::MultiMalsSignedMean, false);
    let variance_floor = floor(Quantity::MultiMalsVariance, false);
    let never = m
        .never_predicted_combinations
        .iter()
        .map(|c| c.join(" + "))
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <Card
            title="Multi_MALS"
            explain="How far the predictions' bias scores move from training's, for combinations that lean to a group (mean |Δ| over combinations; 0 is ideal)."
            reason=r.clone()
        >
            <p class="headline">
                <Num metric="multi_mals.mean".into() value=m.mean reason=r.clone() />
                <Interval quantity=Quantity::MultiMalsMean point=m.mean />
            </p>
            {mean_floor}
            <dl class="sub">
                <dt>"signed mean"</dt>
                <dd><Num metric="multi_mals.signed_mean".into() value=m.signed_mean reason=r.clone() /><Interval quantity=Quantity::MultiMalsSignedMean point=m.signed_mean /></dd>
                <dd class="full">{signed_floor}</dd>
                <dt>"variance"</dt>
                <dd><Num metric="multi_mals.variance".into() value=m.variance reason=r.clone() /><Interval quantity=Quantity::MultiMalsVariance point=m.variance /></dd>
                <dd class="full">{variance_floor}</dd>
                <dt>"combinations |M|"</dt>
                <dd><Count metric="multi_mals.n_combinations".into() value=m.n_combinations as u64 /></dd>
                <dt>"never predicted"</dt>
                <dd title=never.clone()>
                    {match m.never_predicted {
                        Some(n) => view! { <Count metric="multi_mals.never_predicted".into() value=n as u64 /> }.into_any(),
                        None => view! { <Num metric="multi_mals.never_predicted".into() value=None reason=r.clone() /> }.into_any(),
                    }}
                </dd>
            </dl>
            {(!never.is_empty()).then(|| view! {
                <p class="never" data-testid="never-predicted">
                    "Never predicted (left out of the mean, still counted in |M|): " {never.clone()}
                </p>
            })}
        </Card>
    }
}

fn directional_card(
    key: &'static str,
    quantities: [Quantity; 3],
    title: &'static str,
    explain: &'static str,
    d: DirectionalReport,
) -> impl IntoView {
    let r = d.not_available.clone();
    view! {
        <Card title=title explain=explain reason=r.clone()>
            <p class="headline">
                <Num metric=format!("{key}.mean_abs") value=d.mean_abs reason=r.clone() />
                <Interval quantity=quantities[0] point=d.mean_abs />
            </p>
            <dl class="sub">
                <dt>"signed (y·Δ)"</dt>
                <dd><Num metric=format!("{key}.signed") value=d.signed reason=r.clone() /><Interval quantity=quantities[2] point=d.signed /></dd>
                <dt>"variance"</dt>
                <dd><Num metric=format!("{key}.variance") value=d.variance reason=r.clone() /><Interval quantity=quantities[1] point=d.variance /></dd>
            </dl>
            <p class="floor">"A perfect model scores 0 here by construction: Δ compares predictions with ground truth on the same test rows."</p>
        </Card>
    }
}

fn value_card(
    key: &'static str,
    quantity: Quantity,
    title: &'static str,
    explain: &'static str,
    a: &Analysis,
) -> impl IntoView {
    let v = match quantity {
        Quantity::BiasAmpAToT => a.metrics.biasamp_a_to_t.clone(),
        Quantity::BiasAmpTToA => a.metrics.biasamp_t_to_a.clone(),
        _ => a.metrics.biasamp_mals.clone(),
    };
    let r = v.not_available.clone();
    // BiasAmp_MALS has a perfect-model floor; the directional BiasAmp→ are 0 for it.
    let floor = if quantity == Quantity::BiasAmpMals {
        view! {
            <Floor
                quantity=quantity
                perfect=a.perfect_value(quantity)
                adds=a.model_minus_perfect(quantity)
                reason=a.perfect_model.biasamp_mals.not_available.clone()
                sentence=true
            />
        }
        .into_any()
    } else {
        view! { <p class="floor">"A perfect model scores 0 here by construction."</p> }.into_any()
    };
    view! {
        <Card title=title explain=explain reason=r.clone()>
            <p class="headline">
                <Num metric=format!("{key}.value") value=v.value reason=r />
                <Interval quantity=quantity point=v.value />
            </p>
            {floor}
        </Card>
    }
}

/// Downloads the full analysis as the CLI prints it (with the intervals, once the
/// bootstrap has them).
#[component]
fn AnalysisDownload(analysis: Shared<Computed>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let problem = RwSignal::new(None::<String>);
    let save = move |_| {
        let intervals = state.results.intervals.get_untracked().and_then(Result::ok);
        let json = analysis_json(&analysis.analysis, intervals.as_deref());
        let text = serde_json::to_string_pretty(&json).unwrap_or_default();
        problem.set(download_text("analysis.json", "application/json", &text).err());
    };
    view! {
        <p class="chart-tools">
            <button class="toggle" data-export="json" on:click=save title="The same JSON as `biaslens metrics` prints, with --bootstrap when intervals are shown">
                "Download the full analysis (JSON)"
            </button>
            {move || problem.get().map(|p| view! { <span class="export-error" role="alert">{p}</span> })}
        </p>
    }
}

/// The six headline metrics and the data set's summary.
#[component]
pub fn MetricsPanel(analysis: Shared<Computed>) -> impl IntoView {
    let m = &analysis.metrics;
    let d = &analysis.dataset;
    let s = &analysis.settings;
    view! {
        <h2 class="section-title">"Headline metrics"</h2>
        <AnalysisDownload analysis=analysis.clone() />
        <p class="settings-line">
            {format!(
                "{} combinations of size {}–{} with {} ({} mode), computed in {} ms.",
                thousands(m.multi_mals.n_combinations as u64),
                s.k_min,
                s.k_max,
                support_rows(s.min_support),
                s.mode.as_str(),
                analysis.millis.round()
            )}
        </p>
        <BootstrapStatus />
        <details class="why-floor">
            <summary>"Why doesn't a perfect model score 0?"</summary>
            <p>
                "Multi_MALS and BiasAmp_MALS compare bias scores in the training split with bias scores of the predictions on the test split. "
                "The two splits are different samples, so their bias scores differ even when every prediction is right: "
                "a perfect model (predictions equal to the test ground truth) scores above 0. That floor is the split's, not the model's. "
                "biaslens shows it beside each such metric, and what the model adds above it, with a paired bootstrap interval: "
                "the model and the perfect model on the same resampled test rows, so the noise they share cancels. "
                "The directional metrics (Multi→, BiasAmp→) compare predictions with ground truth on the same rows: their floor is exactly 0."
            </p>
        </details>
        <div class="cards multi">
            {mals_card(&analysis)}
            {directional_card(
                "multi_g_to_m",
                [Quantity::GToMMeanAbs, Quantity::GToMVariance, Quantity::GToMSigned],
                "Multi→ G→M",
                "Does the group change which combinations the model predicts? Mean |P(m ⊆ â | g) − P(m ⊆ a | g)| on test.",
                m.multi_g_to_m.clone(),
            )}
            {directional_card(
                "multi_m_to_g",
                [Quantity::MToGMeanAbs, Quantity::MToGVariance, Quantity::MToGSigned],
                "Multi→ M→G",
                "Do combinations change which group the model predicts? Mean |P(ĝ = g | m) − P(g | m)| on test.",
                m.multi_m_to_g.clone(),
            )}
        </div>
        <h3 class="section-title">"Single-attribute ancestors"</h3>
        <div class="cards single">
            {value_card(
                "biasamp_mals",
                Quantity::BiasAmpMals,
                "BiasAmp_MALS",
                "Zhao et al. 2017, every single attribute: signed mean of Δ. Misses biases that only combinations carry.",
                &analysis,
            )}
            {value_card(
                "biasamp_a_to_t",
                Quantity::BiasAmpAToT,
                "BiasAmp→ A→T",
                "Wang & Russakovsky 2021: the group's influence on attribute predictions (signed).",
                &analysis,
            )}
            {value_card(
                "biasamp_t_to_a",
                Quantity::BiasAmpTToA,
                "BiasAmp→ T→A",
                "Wang & Russakovsky 2021: the attributes' influence on group predictions (signed).",
                &analysis,
            )}
        </div>
        <h3 class="section-title">"Data set"</h3>
        <table class="summary-table">
            <tbody>
                <tr><th scope="row">"rows"</th><td><Count metric="dataset.rows".into() value=d.rows as u64 /></td></tr>
                {d.splits.iter().map(|(k, v)| view! {
                    <tr><th scope="row">{format!("split {k}")}</th><td><Count metric=format!("dataset.splits.{k}") value=*v as u64 /></td></tr>
                }).collect_view()}
                {d.groups.iter().map(|(k, v)| view! {
                    <tr><th scope="row">{format!("group {k}")}</th><td><Count metric=format!("dataset.groups.{k}") value=*v as u64 /></td></tr>
                }).collect_view()}
                <tr><th scope="row">"attributes |A|"</th><td><Count metric="dataset.n_attributes".into() value=d.n_attributes as u64 /></td></tr>
                <tr><th scope="row">"rows without a group"</th><td><Count metric="dataset.rows_without_group".into() value=d.rows_without_group as u64 /></td></tr>
            </tbody>
        </table>
    }
}
