//! The tabs' views, one module per tab and named after it: `overview`,
//! `amplification`, `cooccurrence`, `spurious`, `probe`, `slices`, `embeddings`, `rows`. Each asks
//! the engine for its job and draws the job's states; [`CurrentView`] routes the
//! open tab to its view.

pub mod amplification;
pub mod cooccurrence;
pub mod embeddings;
pub mod overview;
pub mod probe;
pub mod rows;
pub mod slices;
pub mod spurious;

use biaslens_worker::protocol::JobError;
use leptos::prelude::*;

use crate::query::{QueryStoreFields, View};
use crate::state::AppState;

/// The open tab's view. The views of the analysis (overview, amplification)
/// show its states here; the others ask for their own jobs.
#[component]
pub fn CurrentView() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || match (state.settings.view().get(), state.results.analysis.get()) {
        (View::Cooccurrence, _) => view! { <cooccurrence::CoocView /> }.into_any(),
        (View::Spurious, _) => view! { <spurious::SpuriousView /> }.into_any(),
        (View::Probe, _) => view! { <probe::ProbeView /> }.into_any(),
        (View::Slices, _) => view! { <slices::SlicesView /> }.into_any(),
        (View::Rows, _) => view! { <rows::RowList /> }.into_any(),
        (View::Embeddings, _) => view! { <embeddings::EmbeddingView /> }.into_any(),
        (_, None) => view! { <p class="busy">"Computing…"</p> }.into_any(),
        (_, Some(Err(JobError::Cancelled))) => view! {
            <div class="error" role="alert" data-testid="settings-error">
                "Cancelled: change a setting to compute again."
            </div>
        }
        .into_any(),
        (_, Some(Err(e))) => view! {
            <div class="error" role="alert" data-testid="settings-error">{e.to_string()}</div>
        }
        .into_any(),
        (View::Amplification, Some(Ok(a))) => {
            view! { <amplification::AmplificationView analysis=a /> }.into_any()
        }
        (View::Overview, Some(Ok(a))) => view! { <overview::MetricsPanel analysis=a /> }.into_any(),
    }
}
