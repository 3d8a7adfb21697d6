//! biaslens-core: the engine behind biaslens, in six groups: [`input`] (files
//! into a [`Dataset`]: tables, column roles, manifests, counts files, the one
//! open path), [`counting`] (a data set into the count tables of
//! `docs/spec/counts.md`, and the combinations worth counting), [`metrics`]
//! (pure functions of those counts, and the analyses assembled from them),
//! [`embeddings`] (matrices, PCA, leakage, directions, the map), [`probe`]
//! (what a representation leans on, and where the model fails) and
//! [`synthetic`] (the demos, the benchmark sets, the bias lab and its lessons).
//!
//! No web dependencies: the same code runs natively (the CLI, the tests) and in
//! WebAssembly (the app), and gives the same numbers.
//!
//! No panic is reachable from data: outside tests the engine may not unwrap,
//! expect or index (a panic in WebAssembly stops the whole app).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod counting;
pub mod embeddings;
pub mod error;
pub mod export;
pub mod input;
pub mod metrics;
pub mod numbers;
pub mod probe;
pub mod progress;
pub mod rng;
pub mod synthetic;

// Every module keeps its path of before the grouping (`biaslens_core::table`).
pub use counting::{bitset, combinations, counts};
pub use input::{counts_file, dataset, filter, manifest, mapping, open, table};
pub use metrics::{analysis, bootstrap, cooccurrence, ranking, spurious, support};
pub use synthetic::{demo, generate, lab, lessons};

pub use counting::combinations::{CombinationSettings, Mode};
pub use error::{InputError, SettingsError};
pub use input::dataset::{build_dataset, Dataset, DatasetBuilder};
pub use input::mapping::{ColumnChoice, ColumnMapping, Role};
pub use input::table::{parse_table, CellRef, DelimitedRows, Table};
pub use metrics::analysis::{analyze, Analysis};
pub use progress::Progress;

/// Parses a file and builds its data set with the column roles its names say
/// and those `columns` chooses, and the score `threshold`.
pub fn load(
    name: &str,
    file: &str,
    bytes: &[u8],
    columns: &ColumnChoice,
    threshold: f64,
) -> Result<(Table, Dataset), InputError> {
    let table = parse_table(file, bytes)?;
    let dataset = build_from_table(name, &table, columns, threshold)?;
    Ok((table, dataset))
}

/// [`load`] with the column roles the names say and the default score threshold
/// ([`dataset::DEFAULT_THRESHOLD`]): how the demos, the benchmarks and the tests
/// open a file.
pub fn load_with_defaults(
    name: &str,
    file: &str,
    bytes: &[u8],
) -> Result<(Table, Dataset), InputError> {
    load(
        name,
        file,
        bytes,
        &ColumnChoice::none(),
        dataset::DEFAULT_THRESHOLD,
    )
}

/// Builds the data set of an already parsed table (after a change of group column
/// or threshold, the file need not be parsed again).
pub fn build_from_table(
    name: &str,
    table: &Table,
    columns: &ColumnChoice,
    threshold: f64,
) -> Result<Dataset, InputError> {
    build_dataset(
        name,
        table,
        &ColumnMapping::resolve(table, columns)?,
        threshold,
    )
}

/// Builds the data set of a CSV or TSV stream one row at a time, never holding
/// the file or a [`Table`] of it: what the command line's `counts` does with
/// files of millions of rows. `header` is the stream's [`DelimitedRows::header`],
/// perhaps with a manifest's renames; the result equals [`build_from_table`]'s.
/// `progress` hears of every million rows read.
pub fn build_from_stream<R: std::io::Read>(
    name: &str,
    rows: &mut DelimitedRows<R>,
    header: &Table,
    columns: &ColumnChoice,
    threshold: f64,
    progress: &mut dyn FnMut(Progress),
) -> Result<Dataset, InputError> {
    let mapping = ColumnMapping::resolve(header, columns)?;
    let mut builder = DatasetBuilder::new(name, header, &mapping, threshold)?;
    let mut read: u64 = 0;
    while let Some((line, record)) = rows.next_row()? {
        builder.push(line, |i| CellRef::field(record.get(i)))?;
        read += 1;
        if read % 1_000_000 == 0 {
            progress(Progress::step(&format!(
                "reading rows: {} so far",
                numbers::thousands(read)
            )));
        }
    }
    progress(Progress::step("building the data set"));
    builder.finish()
}
