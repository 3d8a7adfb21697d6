//! Reading a file the user picked or dropped, before the engine's worker parses it.

use leptos::prelude::*;

use crate::query::QueryStoreFields;

use biaslens_core::ColumnChoice;

use crate::engine::Engine;
use crate::kept::Kept;
use crate::query::Source;
use crate::state::AppState;
use biaslens_worker::file_size::{self, Kind};

/// The file chosen in the `<input type=file>` an event came from, and the input
/// emptied so that the same file can be chosen again after it is fixed.
pub fn picked_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    picked_files(ev).into_iter().next()
}

/// Every file chosen in the `<input type=file>` an event came from (the input
/// emptied, as [`picked_file`] does).
pub fn picked_files(ev: &leptos::ev::Event) -> Vec<web_sys::File> {
    let Some(input) = ev
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
    else {
        return Vec::new();
    };
    let files = input.files().map(|f| list(&f)).unwrap_or_default();
    input.set_value("");
    files
}

/// The files of a `FileList` (a file input's, or a drop's).
pub fn list(files: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..files.length()).filter_map(|i| files.get(i)).collect()
}

/// Hands a picked file to the engine as a URL its worker reads; the page itself
/// never copies the bytes. A file larger than the browser can hold is refused
/// before anything reads it. On failure the data set already loaded stays.
fn hand_over(state: AppState, file: &web_sys::File, kind: Kind, then: impl FnOnce(String, String)) {
    let name = file.name();
    if let Err(e) = file_size::check(&name, file.size(), kind) {
        state.error.set(Some(e));
        return;
    }
    match crate::blob::object_url(file) {
        Some(url) => then(name, url),
        None => state.error.set(Some(format!(
            "{name}: the browser could not read this file"
        ))),
    }
}

/// Reads an annotations file and hands it to the engine.
pub fn load_file(state: AppState, engine: Engine, file: web_sys::File) {
    // A link that named this file carries its settings: opening the file restores them.
    let keep_settings = state.settings.source().get_untracked() == Some(Source::File(file.name()))
        && state.loaded.with_untracked(Option::is_none);
    hand_over(state, &file, Kind::Table, move |name, url| {
        engine.load_file(name, url, Vec::new(), keep_settings)
    });
}

/// Reads files picked or dropped together: one file as [`load_file`] reads it;
/// several as a manifest (the one `.json` among them) and the files it names.
pub fn load_files(state: AppState, engine: Engine, mut files: Vec<web_sys::File>) {
    if files.len() <= 1 {
        if let Some(file) = files.pop() {
            load_file(state, engine, file);
        }
        return;
    }
    let (manifests, others): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|f| f.name().to_ascii_lowercase().ends_with(".json"));
    let [manifest] = manifests.as_slice() else {
        let names: Vec<String> = manifests.iter().chain(&others).map(|f| f.name()).collect();
        state.error.set(Some(format!(
            "{}: open one data file, or one manifest (.json) with the files it names",
            names.join(", ")
        )));
        return;
    };
    let mut beside = Vec::new();
    for file in &others {
        let kind = if file.name().to_ascii_lowercase().ends_with(".npy") {
            Kind::Embeddings
        } else {
            Kind::Table
        };
        let mut handed = None;
        hand_over(state, file, kind, |name, url| handed = Some((name, url)));
        match handed {
            Some(named) => beside.push(named),
            None => {
                beside.iter().for_each(|(_, url)| crate::blob::release(url));
                return;
            }
        }
    }
    // A link that named this manifest carries its settings, as in `load_file`.
    let keep_settings = state.settings.source().get_untracked()
        == Some(Source::File(manifest.name()))
        && state.loaded.with_untracked(Option::is_none);
    hand_over(state, manifest, Kind::Table, move |name, url| {
        engine.load_file(name, url, beside, keep_settings)
    });
}

/// Reads an embeddings file (`.npy`, `vectors.tsv`) for the data set on screen.
pub fn load_embeddings(state: AppState, engine: Engine, file: web_sys::File) {
    hand_over(state, &file, Kind::Embeddings, move |name, url| {
        engine.load_embeddings(name, url)
    });
}

/// Reads a concepts table (CSV, TSV, JSON) and, picked with it, a `.npy` of the
/// concepts' embeddings, for the data set on screen.
pub fn load_concepts(state: AppState, engine: Engine, files: Vec<web_sys::File>) {
    let (arrays, tables): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|f| f.name().to_ascii_lowercase().ends_with(".npy"));
    if tables.len() != 1 || arrays.len() > 1 {
        let names: Vec<String> = tables.iter().chain(&arrays).map(|f| f.name()).collect();
        state.error.set(Some(format!(
            "{}: pick one concepts table (concept, target, core), and at most one .npy of the concepts' embeddings",
            names.join(", ")
        )));
        return;
    }
    let mut beside = Vec::new();
    for file in &arrays {
        let mut handed = None;
        hand_over(state, file, Kind::Embeddings, |name, url| {
            handed = Some((name, url))
        });
        match handed {
            Some(named) => beside.push(named),
            None => return,
        }
    }
    if let Some(table) = tables.first() {
        hand_over(state, table, Kind::Table, move |name, url| {
            engine.load_concepts(name, url, beside)
        });
    }
}

/// Says in the header what this browser keeps (on the page's start).
pub fn show_kept(state: AppState) {
    leptos::task::spawn_local(async move {
        if let Some(name) = crate::kept::kept_name().await {
            if state.kept.with_untracked(|k| *k == Kept::Nothing) {
                state.kept.set(Kept::File {
                    name,
                    restored: false,
                });
            }
        }
    });
}

/// Opens the kept files when they are the file a link names (`?file=NAME`) and
/// nothing is loaded: the settings and the view come from the link.
pub fn reopen_kept(state: AppState, engine: Engine, name: String) {
    leptos::task::spawn_local(async move {
        let Some(kept) = crate::kept::reopen(&name).await else {
            return;
        };
        if state.loaded.with_untracked(Option::is_some) {
            return;
        }
        state.kept.set(Kept::File {
            name,
            restored: true,
        });
        // A link that chooses no columns opens with those it was kept with.
        if state
            .settings
            .columns()
            .with_untracked(ColumnChoice::is_empty)
        {
            state.settings.columns().set(kept.columns);
        }
        load_files(state, engine, kept.files);
        if let Some(e) = kept.embeddings {
            // Read by the worker after the annotations (it answers in order).
            load_embeddings(state, engine, e);
        }
    });
}
