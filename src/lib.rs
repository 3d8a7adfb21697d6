//! biaslens, the web app: a thin Leptos shell over `biaslens-core`. The UI asks the
//! engine and draws; it computes no number itself.

mod app;
mod blob;
mod components;
pub mod crash;
mod download;
mod engine;
mod format;
mod images;
mod kept;
mod loader;
pub mod query;
mod state;
mod tour;

pub use app::{App, Root};
