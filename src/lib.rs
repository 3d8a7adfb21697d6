//! biaslens, the web app: a thin Leptos shell over `biaslens-core`. The UI asks the
//! engine and draws; it computes no number itself.
//!
//! Its folders: `views/` (one module per tab, named after it), `charts/` and
//! `widgets/` (what the views draw with), `shell/` (the page around the views),
//! `engine/` (the page's side of the workers); `state.rs` (who writes what) and
//! `query.rs` (the settings as the URL carries them).

mod app;
mod blob;
mod charts;
pub mod crash;
mod download;
mod engine;
mod format;
mod images;
mod kept;
mod loader;
pub mod query;
mod shell;
mod state;
mod tour;
mod views;
mod widgets;

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;

pub use app::{App, Root};
