//! The Slices tab: where the model fails (`docs/spec/metrics.md` section 11).
//! The test rows of the target clustered by an error-aware mixture on their
//! embeddings, worst slice first: its rows and error rate against the rest, its
//! groups, the attributes over-represented in it and, with concept embeddings,
//! the concepts that set it apart from its class.

use biaslens_core::export::csv_of_serialize;
use biaslens_core::probe::slices::{Slice, SliceReport};
use leptos::prelude::*;
use serde::Serialize;

use crate::engine::Engine;
use crate::format::{sig3, thousands};
use crate::query::{QueryStoreFields, MAX_SLICE_COMPONENTS};
use crate::state::{AppState, Shared};
use crate::views::probe::{probe_target, target_picker};
use crate::widgets::export_menu::ExportMenu;
use crate::widgets::number::Num;
use crate::widgets::progress::failed;
use biaslens_worker::protocol::Job;

/// Attributes and concepts shown per slice.
const SHOWN: usize = 3;

/// One slice, flat: what its CSV export holds.
#[derive(Serialize)]
struct SliceLine {
    rank: usize,
    rows: usize,
    target: String,
    errors: usize,
    error_rate: f64,
    rest_error_rate: Option<f64>,
    groups: String,
    attributes: String,
    concepts: String,
}

fn line(rank: usize, s: &Slice) -> SliceLine {
    SliceLine {
        rank,
        rows: s.rows.len(),
        target: s.target.clone(),
        errors: s.errors,
        error_rate: s.error_rate,
        rest_error_rate: s.rest_error_rate,
        groups: s
            .groups
            .iter()
            .map(|(g, n)| format!("{g}: {n}"))
            .collect::<Vec<_>>()
            .join("; "),
        attributes: s
            .attributes
            .iter()
            .map(|a| format!("{} (lift {}, q {})", a.attribute, sig3(a.lift), sig3(a.q)))
            .collect::<Vec<_>>()
            .join("; "),
        concepts: s
            .concepts
            .iter()
            .map(|c| format!("{} ({})", c.concept, sig3(c.score)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn table(r: Shared<SliceReport>) -> impl IntoView {
    let rows = r
        .slices
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let attributes = s
                .attributes
                .iter()
                .take(SHOWN)
                .map(|a| format!("{} ×{} ({}/{})", a.attribute, sig3(a.lift), thousands(a.in_slice), thousands(a.in_all)))
                .collect::<Vec<_>>()
                .join(", ");
            let concepts = s
                .concepts
                .iter()
                .take(SHOWN)
                .map(|c| format!("{} ({})", c.concept, sig3(c.score)))
                .collect::<Vec<_>>()
                .join(", ");
            let groups = s
                .groups
                .iter()
                .map(|(g, n)| format!("{g} {}", thousands(*n as u64)))
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <tr data-testid="slice" data-rank=(i + 1).to_string() tabindex="0">
                    <td>{i + 1}</td>
                    <td>{s.target.clone()}</td>
                    <td>{thousands(s.rows.len() as u64)}</td>
                    <td>
                        <Num metric="slices.error_rate".into() value=Some(s.error_rate) />
                        <span class="n">{format!(" ({}/{})", thousands(s.errors as u64), thousands(s.rows.len() as u64))}</span>
                    </td>
                    <td><Num metric="slices.rest_error_rate".into() value=s.rest_error_rate reason=Some("no other rows".to_owned()) /></td>
                    <td>{groups}</td>
                    <td>{if attributes.is_empty() { "—".to_owned() } else { attributes }}</td>
                    <td>{if concepts.is_empty() { "—".to_owned() } else { concepts }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="settings-line" data-testid="slices-summary">
            {format!(
                "{} test rows of {} with the model's prediction, {} of them wrong; {} slices from a mixture on {} PCA components{}.",
                thousands(r.rows as u64),
                r.target,
                thousands(r.errors as u64),
                r.slices.len(),
                r.dims,
                if r.converged { "" } else { " (stopped before converging)" }
            )}
        </p>
        <div class="table-scroll">
            <table class="data-table slices-table" data-testid="slices-table">
                <thead>
                    <tr>
                        <th>"#"</th>
                        <th title="The target value most of its rows have">"mostly"</th>
                        <th>"rows"</th>
                        <th title="Rows of the slice the model gets wrong">"error rate"</th>
                        <th title="The error rate of every other row">"rest"</th>
                        <th>"groups"</th>
                        <th title="Attributes over-represented in the slice: lift, and rows with it in the slice / in all (q < 0.05)">"attributes"</th>
                        <th title="With concept embeddings: the concepts that set the slice apart from its class">"concepts"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The Slices tab.
#[component]
pub fn SlicesView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let engine = expect_context::<Engine>();
    let (names, target) = probe_target();
    engine.follow(move || {
        state.embeddings_version.track();
        state.concepts_version.track();
        let job = Job::Slices {
            target: target.get()?,
            components: state.settings.slice_components().get(),
            seed: state.settings.seed().get(),
        };
        Some((state.data_spec(), job))
    });
    let csv = Callback::new(move |()| {
        state
            .results
            .slices
            .get_untracked()
            .and_then(Result::ok)
            .map(|r| {
                let lines: Vec<SliceLine> = r
                    .slices
                    .iter()
                    .enumerate()
                    .map(|(i, s)| line(i + 1, s))
                    .collect();
                csv_of_serialize(&lines)
            })
            .unwrap_or_default()
    });
    let body = move || match state.results.slices.get() {
        None => view! { <p class="busy">"Finding where the model fails…"</p> }.into_any(),
        Some(Err(e)) => failed(e),
        Some(Ok(r)) => table(r).into_any(),
    };
    view! {
        <section class="chart" data-testid="slices">
            <h2>"Where the model fails"</h2>
            <p class="hint">
                "The test rows are grouped by their embeddings and by whether the model gets them right, so that each slice is "
                "a coherent set of images with its own error rate. The worst slices come first, with what describes them: their "
                "groups, the attributes more common in them than overall, and the concepts that set them apart from their class."
            </p>
            <div class="chart-tools">
                {target_picker(names, target, "slices-target")}
                <label for="slices-k">"Slices"</label>
                <input
                    id="slices-k"
                    type="number"
                    min="1"
                    max=MAX_SLICE_COMPONENTS.to_string()
                    prop:value=move || state.settings.slice_components().get().to_string()
                    on:change=move |ev| {
                        if let Ok(k) = event_target_value(&ev).parse::<usize>() {
                            state.settings.slice_components().set(k.clamp(1, MAX_SLICE_COMPONENTS));
                        }
                    }
                />
                <ExportMenu name="slices" csv=csv />
            </div>
            {body}
        </section>
    }
}
