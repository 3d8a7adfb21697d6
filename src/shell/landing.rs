//! The empty state: what to load, the demos, and a drop zone for a file.

use biaslens_core::demo::DEMOS;
use leptos::prelude::*;

use crate::query::QueryStoreFields;

use crate::engine::Engine;
use crate::query::Source;
use crate::shell::file_picker::{DropZone, FilePicker};
use crate::state::AppState;
use crate::widgets::progress::Working;

/// The landing screen shown until a data set is loaded.
#[component]
pub fn Landing() -> impl IntoView {
    let state = expect_context::<AppState>();
    let engine = expect_context::<Engine>();
    let pending = move || match state.settings.source().get() {
        Some(Source::File(name)) => Some(view! {
            <p class="notice" role="status">
                "This link was made with the file " <strong>{name}</strong>
                " from its author's disk, which cannot travel in a link. Open that file to restore the view."
            </p>
        }),
        _ => None,
    };
    view! {
        <main class="landing">
            {pending}
            <Working />
            <h2>"Load a data set"</h2>
            <p>
                "biaslens measures whether a model's predictions amplify the biases in its training data, "
                "for single attributes and for combinations of them. Everything runs in your browser: "
                "your data never leaves this machine."
            </p>
            <div class="demo-cards">
                {DEMOS
                    .iter()
                    .map(|d| {
                        let name = d.name;
                        view! {
                            <button class="demo-card" data-demo=name on:click=move |_| engine.load_demo(name, false)>
                                <strong>{name}</strong>
                                <span>{d.description}</span>
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <DropZone>
                <p>"Drop an annotation file here (CSV, TSV, JSON, JSON Lines, optionally .gz), or"</p>
                <FilePicker id="file-landing" />
                <p class="hint">
                    "Columns: " <code>"split"</code> ", " <code>"group"</code> ", " <code>"attributes"</code>
                    " (names separated by |) or " <code>"attr:NAME"</code> " (0/1), and optionally "
                    <code>"pred_group"</code> ", " <code>"pred_attributes"</code> ", " <code>"pred:NAME"</code>
                    " or " <code>"score:NAME"</code> "."
                </p>
            </DropZone>
        </main>
    }
}
