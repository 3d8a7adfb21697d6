//! biaslens-core: the engine behind biaslens. Parsers turn files into a
//! [`dataset::Dataset`]; the counting layer turns a data set into the count tables
//! of `spec/counts.md`; metrics are pure functions of those counts.
//!
//! No web dependencies: the same code runs natively (the CLI, the tests) and in
//! WebAssembly (the app), and gives the same numbers.
//!
//! No panic is reachable from data: outside tests the engine may not unwrap,
//! expect or index (a panic in WebAssembly stops the whole app).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod analysis;
pub mod bitset;
pub mod bootstrap;
pub mod combinations;
pub mod cooccurrence;
pub mod counts;
pub mod counts_file;
pub mod dataset;
pub mod demo;
pub mod embeddings;
pub mod error;
pub mod export;
pub mod filter;
pub mod generate;
pub mod lab;
pub mod manifest;
pub mod mapping;
pub mod metrics;
pub mod numbers;
pub mod rng;
pub mod spurious;
pub mod table;

pub use analysis::{analyze, Analysis};
pub use combinations::{CombinationSettings, Mode};
pub use dataset::{build_dataset, Dataset};
pub use error::{InputError, SettingsError};
pub use mapping::ColumnMapping;
pub use table::{parse_table, Table};

/// Parses a file and builds its data set with the detected column roles, the
/// group column `group_column` when given, and the score `threshold`.
pub fn load(
    name: &str,
    file: &str,
    bytes: &[u8],
    group_column: Option<&str>,
    threshold: f64,
) -> Result<(Table, Dataset), InputError> {
    let table = parse_table(file, bytes)?;
    let dataset = build_from_table(name, &table, group_column, threshold)?;
    Ok((table, dataset))
}

/// Builds the data set of an already parsed table (after a change of group column
/// or threshold, the file need not be parsed again).
pub fn build_from_table(
    name: &str,
    table: &Table,
    group_column: Option<&str>,
    threshold: f64,
) -> Result<Dataset, InputError> {
    let detected = ColumnMapping::detect(table);
    let mapping = match group_column {
        Some(g) => detected.with_group(table, g),
        None => detected,
    };
    build_dataset(name, table, &mapping, threshold)
}
