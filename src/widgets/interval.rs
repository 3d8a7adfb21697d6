//! Bootstrap intervals next to the headline numbers (`0.085 [0.071, 0.099]`), and
//! the bootstrap's status line: progress with Cancel while it runs, how it was
//! computed when done.

use biaslens_core::bootstrap::QuantityInterval;
use biaslens_core::metrics::headline::Quantity;
use leptos::prelude::*;

use crate::query::QueryStoreFields;

use crate::engine::Engine;
use crate::format::{full, sig3, thousands};
use crate::state::AppState;
use crate::widgets::number::Num;
use crate::widgets::progress::{describe, progress_line};
use biaslens_worker::protocol::JobError;

/// The 95% interval of one headline quantity (or, with `difference`, of what the
/// model adds over a perfect model on it), once the bootstrap has it.
#[component]
pub fn Interval(
    /// Which number.
    quantity: Quantity,
    /// The paired interval of model − perfect model instead.
    #[prop(optional)]
    difference: bool,
    /// The value the interval stands beside: when it lies outside, a note in
    /// place says why.
    #[prop(default = None)]
    point: Option<f64>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (object, field) = quantity.location();
    let metric = if difference {
        format!("model_minus_perfect.{}.ci95", quantity.key())
    } else {
        format!("{object}.{field}.ci95")
    };
    move || {
        let report = state.results.intervals.get().and_then(Result::ok)?;
        let interval = if difference {
            report.difference(quantity)
        } else {
            report.interval(quantity)
        }?
        .clone();
        let b = report.settings;
        let what = if difference {
            "paired (model and perfect model on the same resampled rows) 95% percentile bootstrap interval"
        } else {
            "95% percentile bootstrap interval"
        };
        let undefined = if interval.undefined > 0 {
            format!(
                "; undefined in {} resamples",
                thousands(interval.undefined as u64)
            )
        } else {
            String::new()
        };
        let note = outside_note(point, &interval, difference);
        Some(match interval.ci95 {
            Some([lo, hi]) => view! {
                <span
                    class="ci"
                    data-metric=metric.clone()
                    data-lo=full(lo)
                    data-hi=full(hi)
                    title=format!(
                        "{what} [{}, {}] from {} resamples of the test rows (seed {}){undefined}",
                        full(lo), full(hi), thousands(b.replicates as u64), b.seed
                    )
                >
                    {format!("[{}, {}]", sig3(lo), sig3(hi))}
                </span>
                {note}
            }
            .into_any(),
            None => view! {
                <span class="ci na" data-metric=metric.clone() data-lo="" data-hi="" title="no interval: the number is not available or undefined in every resample">
                    "[—]"
                </span>
            }
            .into_any(),
        })
    }
}

/// Why a value lies outside its own interval, said where it stands (`None` when
/// it lies inside): the resamples' mean, how far it is from the value, and why.
fn outside_note(
    point: Option<f64>,
    interval: &QuantityInterval,
    difference: bool,
) -> Option<impl IntoView> {
    let (v, [lo, hi]) = (point?, interval.ci95?);
    if (lo..=hi).contains(&v) {
        return None;
    }
    let side = if v < lo { "below" } else { "above" };
    let mean = interval.replicate_mean?;
    let why = if difference {
        "With few test rows, resamples often leave out the rows that carry the difference, so the resampled differences sit away from the data's own."
    } else {
        "A mean of |Δ| (or a variance) grows when resampling adds noise to every Δ, so the resampled values sit above the data's own: the interval shows where they fall, shifted by that bias. What the model adds, compared with a perfect model on the same resamples, cancels most of it."
    };
    Some(view! {
        <span class="ci-note" data-testid="ci-outside" data-shift=full(mean - v)>
            {format!(
                "The value lies {side} its interval: the resamples average {}, {} from it. {why}",
                sig3(mean),
                sig3(mean - v)
            )}
        </span>
    })
}

/// What a perfect model scores on a MALS-type quantity and what this model adds,
/// with the paired interval: a sentence (`sentence`) or a compact line.
#[component]
pub fn Floor(
    /// Which number.
    quantity: Quantity,
    /// What a perfect model scores.
    perfect: Option<f64>,
    /// Model − perfect model.
    adds: Option<f64>,
    /// Why the floor is not available.
    reason: Option<String>,
    /// A full sentence (for the main number) rather than a compact line.
    #[prop(optional)]
    sentence: bool,
) -> impl IntoView {
    let (object, field) = quantity.location();
    let perfect_metric = format!("perfect_model.{object}.{field}");
    let adds_metric = format!("model_minus_perfect.{}", quantity.key());
    let adds_reason = Some("needs the model's own value".to_owned());
    if sentence {
        view! {
            <p class="floor" data-testid=format!("floor-{}", quantity.key())>
                "A perfect model would score "
                <Num metric=perfect_metric value=perfect reason=reason.clone() />
                " on this split; this model adds "
                <Num metric=adds_metric value=adds reason=adds_reason />
                <Interval quantity=quantity difference=true point=adds />
                "."
            </p>
        }
        .into_any()
    } else {
        view! {
            <span class="floor-compact">
                "perfect "
                <Num metric=perfect_metric value=perfect reason=reason.clone() />
                ", adds "
                <Num metric=adds_metric value=adds reason=adds_reason />
                <Interval quantity=quantity difference=true point=adds />
            </span>
        }
        .into_any()
    }
}

/// The bootstrap's progress bar and Cancel button, shown above every tab while it
/// runs in its own worker.
#[component]
pub fn BootstrapWorking() -> impl IntoView {
    let state = expect_context::<AppState>();
    let engine = expect_context::<Engine>();
    move || {
        state.results.boot_working.get().map(|p| {
            let (text, fraction) = describe(&p);
            progress_line("bootstrap-working", text, fraction, move || {
                engine.cancel_bootstrap()
            })
        })
    }
}

/// What the bootstrap did, above the headline cards. (Without an engine in the
/// context, as in component tests, it reports but offers no button to run.)
#[component]
pub fn BootstrapStatus() -> impl IntoView {
    let state = expect_context::<AppState>();
    let engine = use_context::<Engine>();
    let run = move |_| {
        if let (Some(engine), Some(b)) = (engine, state.bootstrap_settings()) {
            engine.bootstrap(state.request(), b);
        }
    };
    move || {
        if state.results.boot_working.with(Option::is_some) {
            // The progress bar is above the tabs (see `BootstrapWorking`).
            return view! { <p class="boot-line" data-testid="bootstrap-status">"Computing the intervals…"</p> }.into_any();
        }
        if state.settings.replicates().get() == 0 {
            return view! {
                <p class="boot-line" data-testid="bootstrap-status">
                    "Intervals are off (bootstrap resamples B = 0 in the settings)."
                </p>
            }
            .into_any();
        }
        match state.results.intervals.get() {
            Some(Ok(r)) => view! {
                <p class="boot-line" data-testid="bootstrap-status" data-millis=move || state.results.boot_millis.get().map(|m| m.to_string()).unwrap_or_default()>
                    {format!(
                        "[lo, hi]: 95% percentile bootstrap intervals from {} resamples of the test rows (train split and combinations fixed, seed {}), computed in {} ms. ",
                        thousands(r.settings.replicates as u64),
                        r.settings.seed,
                        state.results.boot_millis.get_untracked().map_or(0.0, f64::round)
                    )}
                </p>
            }
            .into_any(),
            Some(Err(e)) => view! {
                <p class="boot-line" data-testid="bootstrap-status">
                    {match e {
                        JobError::Cancelled => "Bootstrap cancelled: press \"Compute intervals\" to run it again.".to_owned(),
                        other => other.to_string(),
                    }}
                    " "
                    <button class="toggle" on:click=run>"Compute intervals"</button>
                </p>
            }
            .into_any(),
            None => view! {
                <p class="boot-line" data-testid="bootstrap-status">
                    <button class="toggle" on:click=run>"Compute intervals"</button>
                </p>
            }
            .into_any(),
        }
    }
}
