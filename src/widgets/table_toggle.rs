//! "Show as table" / "Show chart": one setting for every chart (in the link as
//! `table=1`), so that a reader who prefers tables gets them in every view.

use leptos::prelude::*;

use crate::query::QueryStoreFields;

use crate::state::AppState;

/// Whether the charts are shown as their tables.
pub fn tables_shown() -> Memo<bool> {
    let state = expect_context::<AppState>();
    Memo::new(move |_| state.settings.layout().with(|l| l.tables))
}

/// The button that switches between a chart (called `chart`, as in "Show
/// heatmap") and its table.
#[component]
pub fn TableToggle(#[prop(default = "chart")] chart: &'static str) -> impl IntoView {
    let state = expect_context::<AppState>();
    let shown = tables_shown();
    view! {
        <button class="link" aria-pressed=move || shown.get().to_string() on:click=move |_| state.settings.layout().update(|l| l.tables = !l.tables)>
            {move || if shown.get() { format!("Show {chart}") } else { "Show as table".to_owned() }}
        </button>
    }
}
