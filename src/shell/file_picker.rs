//! Opening a file from disk: a button with a hidden file input, and a drop zone.

use leptos::prelude::*;

use crate::engine::Engine;
use crate::loader::{list, load_files, picked_files};
use crate::state::AppState;

/// File types the loader reads (`.npy`: embeddings a manifest names).
const ACCEPT: &str = ".csv,.tsv,.json,.jsonl,.ndjson,.gz,.npy,text/csv,application/json";

/// An "Open file…" button backed by a file input (keyboard-accessible, testable
/// through `input[type=file]`). Several files may be picked at once: a manifest
/// with the files it names.
#[component]
pub fn FilePicker(
    /// The input's id (several pickers may be on the page).
    id: &'static str,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let engine = expect_context::<Engine>();
    let on_change = move |ev: leptos::ev::Event| load_files(state, engine, picked_files(&ev));
    view! {
        <label class="button file-button" for=id>
            "Open file…"
        </label>
        <input id=id class="visually-hidden file-input" type="file" multiple accept=ACCEPT on:change=on_change />
    }
}

/// A region that loads a file dropped on it.
#[component]
pub fn DropZone(children: Children) -> impl IntoView {
    let state = expect_context::<AppState>();
    let engine = expect_context::<Engine>();
    let over = RwSignal::new(false);
    view! {
        <div
            class="drop-zone"
            class:over=move || over.get()
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                over.set(false);
                if let Some(files) = ev.data_transfer().and_then(|d| d.files()) {
                    load_files(state, engine, list(&files));
                }
            }
        >
            {children()}
        </div>
    }
}
