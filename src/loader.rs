//! Reading a file the user picked or dropped, before the engine's worker parses it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::engine::Engine;
use crate::query::Source;
use crate::state::AppState;

/// Reads a file's bytes and hands them to the engine; on any error the data set
/// already loaded stays.
pub fn load_file(state: AppState, engine: Engine, file: web_sys::File) {
    let name = file.name();
    // A link that named this file carries its settings: opening the file restores them.
    let keep_settings = state.source.get_untracked() == Some(Source::File(name.clone()))
        && state.loaded.with_untracked(Option::is_none);
    state.busy.set(Some(format!("Reading {name}…")));
    spawn_local(async move {
        match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => {
                let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                engine.load_file(name, bytes, keep_settings);
            }
            Err(_) => {
                state.busy.set(None);
                state.error.set(Some(format!(
                    "{name}: the browser could not read this file"
                )));
            }
        }
    });
}
