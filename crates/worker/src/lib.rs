//! The engine's Web Worker and the messages the page exchanges with it. The worker
//! keeps the data set and answers jobs with progress on the way; the page (the
//! `biaslens` crate) sends [`protocol::Request`]s and reads
//! [`protocol::Response`]s. No Leptos here: this crate knows nothing of the page.

pub mod fetch;
pub mod file_size;
pub mod files;
pub mod protocol;
mod worker;

pub use worker::EngineWorker;
