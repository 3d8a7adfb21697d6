//! Getting bytes into the app: built-in demos and files from the user's disk.

use biaslens_core::demo;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::query::Source;
use crate::state::{prepare, AppState};

/// The minimum support a demo suggests: `kitchen` has thousands of rows and
/// sparse triples whose Δ is mostly sampling noise at support 1.
fn suggested_min_support(name: &str) -> Option<u64> {
    (name == "kitchen").then_some(30)
}

/// Loads a built-in demo by name. With `keep_settings` (a followed link), the
/// settings already in the state are kept; otherwise they reset.
pub fn load_demo(state: AppState, name: &str, keep_settings: bool) {
    let Some((csv, file)) = demo::demo_csv(name) else {
        let names: Vec<&str> = demo::DEMOS.iter().map(|d| d.name).collect();
        state.error.set(Some(format!(
            "There is no demo named \"{name}\". Demos: {}.",
            names.join(", ")
        )));
        return;
    };
    let group = if keep_settings {
        state.group.get_untracked()
    } else {
        None
    };
    match prepare(
        name,
        Source::Demo(name.to_owned()),
        &file,
        csv.as_bytes(),
        group.as_deref(),
        state.threshold.get_untracked(),
        suggested_min_support(name),
    ) {
        Ok(loaded) => state.install(loaded, keep_settings),
        Err(e) => state.error.set(Some(e)),
    }
}

/// Reads a file the user picked or dropped, then loads it; on error the data set
/// already loaded stays.
pub fn load_file(state: AppState, file: web_sys::File) {
    let name = file.name();
    // A link that named this file carries its settings: opening the file restores them.
    let keep_settings = state.source.get_untracked() == Some(Source::File(name.clone()))
        && state.loaded.with_untracked(Option::is_none);
    let group = if keep_settings {
        state.group.get_untracked()
    } else {
        None
    };
    state.busy.set(Some(format!("Reading {name}…")));
    spawn_local(async move {
        let result = match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => {
                let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                let stem = name
                    .split('.')
                    .next()
                    .filter(|s| !s.is_empty())
                    .unwrap_or(&name)
                    .to_owned();
                prepare(
                    &stem,
                    Source::File(name.clone()),
                    &name,
                    &bytes,
                    group.as_deref(),
                    state.threshold.get_untracked(),
                    None,
                )
            }
            Err(_) => Err(format!("{name}: the browser could not read this file")),
        };
        state.busy.set(None);
        match result {
            Ok(loaded) => state.install(loaded, keep_settings),
            Err(e) => state.error.set(Some(e)),
        }
    });
}
