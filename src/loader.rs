//! Reading a file the user picked or dropped, before the engine's worker parses it.

use leptos::prelude::*;

use crate::engine::Engine;
use crate::file_size::{self, Kind};
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
    let keep_settings = state.source.get_untracked() == Some(Source::File(file.name()))
        && state.loaded.with_untracked(Option::is_none);
    hand_over(state, &file, Kind::Table, move |name, url| {
        engine.load_file(name, url, keep_settings)
    });
}

/// Reads an embeddings file (`.npy`, `vectors.tsv`) for the data set on screen.
pub fn load_embeddings(state: AppState, engine: Engine, file: web_sys::File) {
    hand_over(state, &file, Kind::Embeddings, move |name, url| {
        engine.load_embeddings(name, url)
    });
}
