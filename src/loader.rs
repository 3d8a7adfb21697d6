//! Reading a file the user picked or dropped, before the engine's worker parses it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::engine::Engine;
use crate::query::Source;
use crate::state::AppState;

/// The file chosen in the `<input type=file>` an event came from, and the input
/// emptied so that the same file can be chosen again after it is fixed.
pub fn picked_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    let input = ev
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())?;
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file
}

/// Reads a file's bytes off the main thread's event loop and hands them to `then`;
/// on any error the data set already loaded stays.
fn read(state: AppState, file: web_sys::File, then: impl FnOnce(String, Vec<u8>) + 'static) {
    let name = file.name();
    state.busy.set(Some(format!("Reading {name}…")));
    spawn_local(async move {
        match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => then(name, js_sys::Uint8Array::new(&buffer).to_vec()),
            Err(_) => {
                state.busy.set(None);
                state.error.set(Some(format!(
                    "{name}: the browser could not read this file"
                )));
            }
        }
    });
}

/// Reads an annotations file and hands it to the engine.
pub fn load_file(state: AppState, engine: Engine, file: web_sys::File) {
    // A link that named this file carries its settings: opening the file restores them.
    let keep_settings = state.source.get_untracked() == Some(Source::File(file.name()))
        && state.loaded.with_untracked(Option::is_none);
    read(state, file, move |name, bytes| {
        engine.load_file(name, bytes, keep_settings)
    });
}

/// Reads an embeddings file (`.npy`, `vectors.tsv`) for the data set on screen.
pub fn load_embeddings(state: AppState, engine: Engine, file: web_sys::File) {
    read(state, file, move |name, bytes| {
        engine.load_embeddings(name, bytes)
    });
}
