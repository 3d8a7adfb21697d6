//! The Probe tab: what the representation leans on (`docs/spec/metrics.md`
//! section 10). For a target (the group column or an attribute), the weights a
//! probe from the concept scores gives each concept, per target value, with the
//! core concepts' threshold `γ` drawn; the non-core concepts weighing at least as
//! much (spurious), with how stable that finding is over refits; and what leaning
//! on them costs the model: its accuracy on the value's test rows that score high
//! and low on them.

use biaslens_core::export::csv_of_serialize;
use biaslens_core::probe::concepts::ConceptSource;
use biaslens_core::probe::sap::{CounterGroup, ProbeReport, Side, TargetProbe, WeightRow};
use leptos::prelude::*;

use crate::engine::Engine;
use crate::format::{sig3, thousands};
use crate::loader::{load_concepts, picked_files};
use crate::query::{QueryStoreFields, MAX_PROBE_REFITS};
use crate::state::{AppState, Shared};
use crate::widgets::export_menu::ExportMenu;
use crate::widgets::number::Num;
use crate::widgets::progress::failed;
use crate::widgets::table_toggle::{tables_shown, TableToggle};
use biaslens_worker::protocol::Job;

/// Okabe–Ito blue: a concept core for the value.
const CORE: &str = "#0072B2";
/// Okabe–Ito vermillion: a spurious concept.
const SPURIOUS: &str = "#D55E00";
/// Grey: any other concept.
const OTHER: &str = "#999999";

/// "Add concepts…": a concepts table, and optionally a `.npy` of their embeddings.
#[component]
fn ConceptsPicker() -> impl IntoView {
    let state = expect_context::<AppState>();
    let engine = expect_context::<Engine>();
    let on_change = move |ev: leptos::ev::Event| {
        let files = picked_files(&ev);
        if !files.is_empty() {
            load_concepts(state, engine, files);
        }
    };
    view! {
        <label class="button file-button" for="concepts-file">"Add concepts…"</label>
        <input id="concepts-file" class="visually-hidden file-input" type="file" multiple accept=".csv,.tsv,.json,.jsonl,.npy" on:change=on_change />
    }
}

/// One value's weights as a diverging bar chart, heaviest first, with `γ`.
fn weights_chart(t: &TargetProbe, index: usize) -> impl IntoView {
    let rows = t.rows();
    let row = 22.0;
    let (label_w, bar_w) = (170.0, 360.0);
    let top = 8.0;
    let height = top + row * rows.len() as f64 + 34.0;
    let zero = label_w + bar_w / 2.0;
    let max = rows
        .iter()
        .map(|r| r.weight.abs())
        .chain(t.gamma.map(f64::abs))
        .fold(0.0_f64, f64::max)
        .max(1e-12);
    let x = move |w: f64| zero + (bar_w / 2.0 - 8.0) * w / max;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y = top + row * i as f64;
            let (from, to) = (x(0.0).min(x(r.weight)), x(0.0).max(x(r.weight)));
            let fill = if r.core {
                CORE
            } else if r.spurious {
                SPURIOUS
            } else {
                OTHER
            };
            let kind = if r.core {
                "core"
            } else if r.spurious {
                "spurious"
            } else {
                "not core"
            };
            let title = format!("{}: weight {} ({kind} for {})", r.concept, sig3(r.weight), r.target);
            view! {
                <g class="probe-bar" tabindex="0" data-concept=r.concept.clone() data-kind=kind>
                    <title>{title}</title>
                    <text x=label_w - 6.0 y=y + 15.0 text-anchor="end" class="tick">{r.concept.clone()}</text>
                    <rect x=from y=y + 3.0 width=(to - from).max(1.0) height=row - 6.0 fill=fill rx="2" />
                </g>
            }
        })
        .collect_view();
    let gamma = t.gamma.map(|g| {
        let gx = x(g);
        view! {
            <line x1=gx x2=gx y1=top - 4.0 y2=height - 28.0 stroke="currentColor" stroke-dasharray="4 3" />
            <text x=gx + 4.0 y=height - 16.0 class="tick">{format!("γ = {}", sig3(g))}</text>
        }
    });
    let id = format!("probe-chart-{index}");
    view! {
        <figure id=id.clone() class="chart-scroll probe-chart">
            <svg width=label_w + bar_w + 10.0 height=height viewBox=format!("0 0 {} {height}", label_w + bar_w + 10.0) role="img" aria-label=format!("Weights of the concepts for {}", t.target)>
                <line x1=zero x2=zero y1=top - 4.0 y2=height - 28.0 stroke="#bbbbbb" />
                {bars}
                {gamma}
                <text x=zero y=height - 2.0 text-anchor="middle" class="tick">
                    {format!("weight: ← against {} · for {} →", t.target, t.target)}
                </text>
            </svg>
        </figure>
    }
}

/// One value's weights as a table.
fn weights_table(rows: Vec<WeightRow>) -> impl IntoView {
    let body = rows
        .into_iter()
        .map(|r| {
            view! {
                <tr data-concept=r.concept.clone()>
                    <td>{r.concept.clone()}</td>
                    <td><Num metric="probe.weight".into() value=Some(r.weight) /></td>
                    <td>{if r.core { "core" } else { "" }}</td>
                    <td>{if r.spurious { "spurious" } else { "" }}</td>
                    <td><Num metric="probe.stability".into() value=r.stability reason=Some(if r.spurious { "no refits".to_owned() } else { "not spurious".to_owned() }) /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="data-table probe-table">
            <thead><tr><th>"concept"</th><th>"weight"</th><th>"core"</th><th>"spurious"</th><th>"stability"</th></tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
}

/// An accuracy with its counts and interval: `0.932 (295/316) [0.901, 0.956]`.
fn accuracy(metric: &'static str, s: &Side) -> impl IntoView {
    let interval = s
        .ci95
        .map(|[lo, hi]| format!(" [{}, {}]", sig3(lo), sig3(hi)))
        .unwrap_or_default();
    view! {
        <span class:weak=s.rows < 10>
            <Num metric=metric.into() value=s.accuracy reason=Some("no rows".to_owned()) />
            <span class="n">{format!(" ({}/{}){interval}", thousands(s.correct), thousands(s.rows))}</span>
        </span>
    }
}

/// What leaning on the spurious concepts costs the model on one value.
fn counter_group(t: &TargetProbe, cg: &CounterGroup) -> impl IntoView {
    let gap_interval = cg
        .gap_ci95
        .map(|[lo, hi]| format!(" [{}, {}]", sig3(lo), sig3(hi)))
        .unwrap_or_default();
    view! {
        <dl class="counter-group" data-testid="counter-group" data-target=t.target.clone()>
            <dt>{format!("Model's accuracy on {} test rows high on its spurious concepts", t.target)}</dt>
            <dd>{accuracy("probe.accuracy_high", &cg.high)}</dd>
            <dt>"… and on those low on them"</dt>
            <dd>{accuracy("probe.accuracy_low", &cg.low)}</dd>
            <dt>"Gap (high − low)"</dt>
            <dd>
                <Num metric="probe.gap".into() value=cg.gap reason=Some("a side has no rows".to_owned()) />
                <span class="n">{gap_interval}</span>
            </dd>
        </dl>
    }
}

/// One target value: its chart or table, its spurious concepts, its counter-group test.
fn target_section(t: TargetProbe, index: usize, unavailable: Option<String>) -> impl IntoView {
    let tables = tables_shown();
    let spurious = if t.spurious.is_empty() {
        match t.gamma {
            Some(_) => format!(
                "No concept outside {}'s own weighs as much as its core concepts.",
                t.target
            ),
            None => format!(
                "No concept is core for {}: without a threshold, none is called spurious.",
                t.target
            ),
        }
    } else {
        let names: Vec<String> = t
            .spurious
            .iter()
            .map(|s| match s.stability {
                Some(st) => format!("{} (flagged in {:.0}% of refits)", s.concept, 100.0 * st),
                None => s.concept.clone(),
            })
            .collect();
        format!("Spurious for {}: {}.", t.target, names.join(", "))
    };
    let test = match (&t.counter_group, t.spurious.is_empty()) {
        (Some(cg), _) => counter_group(&t, cg).into_any(),
        (None, false) => view! { <p class="na-reason">{format!("The counter-group test is {}.", unavailable.unwrap_or_else(|| "not available".to_owned()))}</p> }.into_any(),
        (None, true) => ().into_any(),
    };
    let rows = t.rows();
    let chart_target = t.clone();
    view! {
        <section class="probe-target" data-testid="probe-target" data-target=t.target.clone()>
            <h3>{format!("{} ({} train rows)", t.target, thousands(t.train_rows as u64))}</h3>
            {move || if tables.get() {
                weights_table(rows.clone()).into_any()
            } else {
                weights_chart(&chart_target, index).into_any()
            }}
            <p class="probe-spurious" data-testid="probe-spurious">{spurious}</p>
            {test}
        </section>
    }
}

/// The report: what was probed, the legend, and one section per target value.
fn report(r: Shared<ProbeReport>) -> impl IntoView {
    let source = match r.concept_source {
        ConceptSource::Embeddings => "cosine similarities of the image and concept embeddings",
        ConceptSource::Attributes => "the annotated attributes (no concept embeddings)",
    };
    let fit = if r.converged {
        format!("fitted on {} train rows", thousands(r.train_rows as u64))
    } else {
        format!(
            "fitted on {} train rows, but it stopped before converging (gradient {})",
            thousands(r.train_rows as u64),
            sig3(r.gradient)
        )
    };
    let sections = r
        .targets
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, t)| target_section(t, i, r.counter_group_unavailable.clone()))
        .collect_view();
    view! {
        <p class="settings-line" data-testid="probe-summary">
            {format!(
                "Probe of {} from {} concepts: {source}; {fit}.",
                r.target_column,
                r.concepts.len()
            )}
        </p>
        <p class="legend probe-legend">
            <span class="legend-item"><span class="swatch" style=format!("background:{CORE}")></span>"core for the value"</span>
            <span class="legend-item"><span class="swatch" style=format!("background:{SPURIOUS}")></span>"spurious: not core, weighs at least γ"</span>
            <span class="legend-item"><span class="swatch" style=format!("background:{OTHER}")></span>"other concepts"</span>
            <span class="legend-item">"dashed line: γ, the smallest weight of a core concept"</span>
        </p>
        {sections}
    }
}

/// The probe's and the slices' target (`probe=` in the link): what a target
/// can be (the group column, and the attributes) and the one in force (the
/// chosen one, else the group column).
#[allow(clippy::type_complexity)]
pub fn probe_target() -> (Memo<(String, Vec<String>)>, Memo<Option<String>>) {
    let state = expect_context::<AppState>();
    let names = Memo::new(move |_| {
        state
            .results
            .analysis
            .get()
            .and_then(Result::ok)
            .map(|a| {
                (
                    a.unfiltered.group_column.clone(),
                    a.unfiltered.attributes.clone(),
                )
            })
            .unwrap_or_default()
    });
    let target = Memo::new(move |_| {
        state
            .settings
            .probe_target()
            .get()
            .or_else(|| names.with(|(group, _)| (!group.is_empty()).then(|| group.clone())))
    });
    (names, target)
}

/// The `<select>` of the probe's target (`id` names it).
pub fn target_picker(
    names: Memo<(String, Vec<String>)>,
    target: Memo<Option<String>>,
    id: &'static str,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let (group, attributes) = names.get();
        let current = target.get().unwrap_or_default();
        let option = move |n: String| {
            let selected = n == current;
            view! { <option value=n.clone() selected=selected>{n.clone()}</option> }
        };
        view! {
            <label for=id>"Target"</label>
            <select id=id on:change=move |ev| state.settings.probe_target().set(Some(event_target_value(&ev)))>
                <optgroup label="the group column">{option(group)}</optgroup>
                <optgroup label="an attribute against its absence">
                    {attributes.into_iter().map(option).collect_view()}
                </optgroup>
            </select>
        }
    }
}

/// The Probe tab.
#[component]
pub fn ProbeView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let engine = expect_context::<Engine>();
    let (names, target) = probe_target();
    engine.follow(move || {
        state.concepts_version.track();
        let job = Job::Probe {
            target: target.get()?,
            refits: state.settings.probe_refits().get(),
            seed: state.settings.seed().get(),
        };
        Some((state.data_spec(), job))
    });
    let csv = Callback::new(move |()| {
        state
            .results
            .probe
            .get_untracked()
            .and_then(Result::ok)
            .map(|r| csv_of_serialize(&r.rows()))
            .unwrap_or_default()
    });
    let picker = move || {
        view! {
            {target_picker(names, target, "probe-target")}
            <label for="probe-refits">"Refits"</label>
            <input
                id="probe-refits"
                type="number"
                min="0"
                max=MAX_PROBE_REFITS.to_string()
                prop:value=move || state.settings.probe_refits().get().to_string()
                on:change=move |ev| {
                    if let Ok(b) = event_target_value(&ev).parse::<usize>() {
                        state.settings.probe_refits().set(b.min(MAX_PROBE_REFITS));
                    }
                }
            />
        }
    };
    let body = move || match state.results.probe.get() {
        None => view! { <p class="busy">"Probing the representation…"</p> }.into_any(),
        Some(Err(e)) => failed(e),
        Some(Ok(r)) => report(r).into_any(),
    };
    view! {
        <section class="chart" data-testid="probe">
            <h2>"What the representation leans on"</h2>
            <p class="hint">
                "A probe learns the target from each image's concept scores. A concept that is not part of a value (not core) "
                "but weighs as much as the value's own concepts is one the representation leans on: spurious. "
                "Refits on resampled training rows say how stable that finding is; the model's accuracy on rows high and low "
                "on those concepts says what leaning on them costs."
            </p>
            <div class="chart-tools">
                {picker}
                <ConceptsPicker />
                <TableToggle />
                <ExportMenu name="probe" csv=csv />
            </div>
            {body}
        </section>
    }
}
