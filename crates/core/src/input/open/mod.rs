//! One way to open a data set, for every front end (`docs/spec/formats.md`): an
//! entry (a rows file, a rows manifest, a counts manifest or a counts CSV) and the
//! files it names become [`Rows`] to build a data set from, or [`Opened::Counts`];
//! embeddings (and their ids) are read and aligned to the rows by [`align`].
//!
//! Front ends differ only in how they reach a file: a [`Files`] provider. The
//! command line reads a [`Folder`] on disk; the worker reads the files picked
//! together (or fetched beside the entry); generated data sets are one file in
//! [`Memory`].

mod files;
mod folder;
mod memory;

use std::io::Read;

use crate::embeddings::{parse_ids, Embeddings};
use crate::input::counts_file::{
    is_counts_file, parse_counts, parse_counts_alone, sniff_counts_manifest, Counts, CountsManifest,
};
use crate::input::dataset::{DatasetSummary, DEFAULT_THRESHOLD};
use crate::input::manifest::{self, Manifest};
use crate::input::table::{delimiter_of, parse_table_within, MAX_DECOMPRESSED_BYTES};
use crate::probe::concepts::{parse_concepts, Concepts};
use crate::{
    build_from_stream, build_from_table, ColumnChoice, Dataset, DelimitedRows, InputError,
    Progress, SettingsError, Table,
};

pub use files::{Files, Wanted};
pub use folder::Folder;
pub use memory::Memory;

/// How to open an entry: the front end's choices, each `None` or empty falling
/// back to the manifest's and then to the defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadOptions {
    /// The data set's name unless a manifest names it (the file's stem, a demo's name).
    pub name: String,
    /// The columns chosen for their roles (a manifest's group applies where
    /// these choose none).
    pub columns: ColumnChoice,
    /// The score threshold: else the manifest's, else [`DEFAULT_THRESHOLD`].
    pub threshold: Option<f64>,
}

/// Why an entry did not open.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OpenError {
    /// A file could not be read: the provider's words.
    #[error("{0}")]
    Unreadable(String),
    /// A file was read, and is wrong (located by file, line and column).
    #[error(transparent)]
    Input(#[from] InputError),
    /// A setting is out of range.
    #[error(transparent)]
    Settings(#[from] SettingsError),
}

/// An opened entry.
pub enum Opened {
    /// Rows, to build a data set from.
    Rows(Box<Rows>),
    /// Counts in place of rows.
    Counts(Box<CountsEntry>),
}

/// Counts in place of rows, with the summary of the rows they were made from.
#[derive(Debug, Clone, PartialEq)]
pub struct CountsEntry {
    /// The count tables.
    pub counts: Counts,
    /// What the rows were (or what the counts tell of them).
    pub summary: DatasetSummary,
    /// The counts manifest they came through; `None` for a counts CSV alone.
    pub manifest: Option<CountsManifest>,
    /// The entry's name, as messages name it.
    pub file: String,
}

/// An annotation file's rows, not yet parsed: whole bytes, or a stream of a CSV
/// or TSV when the provider streams.
enum Source {
    Bytes(Vec<u8>),
    Stream(Box<dyn Read>),
}

/// The rows an entry opened to, and how to build them.
pub struct Rows {
    /// The data set's name: the manifest's, else the options'.
    pub name: String,
    /// The annotation file's name, as messages name it.
    pub file: String,
    /// The score threshold (checked to lie in 0..=1).
    pub threshold: f64,
    /// The manifest the rows came through, with its file name.
    pub manifest: Option<(String, Manifest)>,
    columns: ColumnChoice,
    source: Source,
    max_table_bytes: usize,
}

/// Rows parsed into a table (the worker keeps it, to build the data set again
/// for other columns or thresholds).
pub struct TableRows {
    /// The data set's name.
    pub name: String,
    /// The table, its columns renamed as a manifest names them.
    pub table: Table,
    /// The columns the options chose, with the manifest's group where they
    /// chose none.
    pub columns: ColumnChoice,
    /// The score threshold.
    pub threshold: f64,
    /// The manifest the rows came through, with its file name.
    pub manifest: Option<(String, Manifest)>,
}

/// Opens an entry through `files`: counts (a counts manifest and the CSV it
/// names, or a counts CSV alone), or rows (a rows file, or a rows manifest and
/// the annotations it names).
pub fn open(files: &mut dyn Files, options: &LoadOptions) -> Result<Opened, OpenError> {
    let entry = files.name(&Wanted::Entry);
    if delimiter_of(&entry).is_some() {
        if let Some(stream) = files.stream(&Wanted::Entry) {
            return open_stream(&entry, stream.map_err(OpenError::Unreadable)?, options);
        }
    }
    let bytes = files.read(&Wanted::Entry).map_err(OpenError::Unreadable)?;
    if let Some(m) = sniff_counts_manifest(&entry, &bytes)? {
        let wanted = Wanted::Named {
            manifest: &entry,
            role: "counts",
            path: &m.counts,
        };
        let counts_file = files.name(&wanted);
        let bytes = files.read(&wanted).map_err(OpenError::Unreadable)?;
        let counts = parse_counts(
            &counts_file,
            &bytes,
            m.stand_ins,
            m.k_max,
            m.min_support_floor,
        )?;
        return Ok(Opened::Counts(Box::new(CountsEntry {
            summary: m.summary(&counts, &options.name),
            counts,
            manifest: Some(m),
            file: entry,
        })));
    }
    if let Some(m) = manifest::sniff(&entry, &bytes)? {
        let threshold = threshold(options.threshold.or(m.settings.threshold))?;
        let wanted = Wanted::Named {
            manifest: &entry,
            role: "annotations",
            path: &m.annotations,
        };
        let file = files.name(&wanted);
        let streamed = match delimiter_of(&file) {
            Some(_) => files.stream(&wanted),
            None => None,
        };
        let source = match streamed {
            Some(stream) => Source::Stream(stream.map_err(OpenError::Unreadable)?),
            None => Source::Bytes(files.read(&wanted).map_err(OpenError::Unreadable)?),
        };
        return Ok(Opened::Rows(Box::new(Rows {
            name: m.name.clone().unwrap_or_else(|| options.name.clone()),
            file,
            threshold,
            manifest: Some((entry, m)),
            columns: options.columns.clone(),
            source,
            max_table_bytes: files.max_table_bytes(),
        })));
    }
    if is_counts_file(&bytes) {
        return counts_alone(entry, &bytes, options);
    }
    Ok(Opened::Rows(Box::new(Rows {
        name: options.name.clone(),
        threshold: threshold(options.threshold)?,
        file: entry,
        manifest: None,
        columns: options.columns.clone(),
        source: Source::Bytes(bytes),
        max_table_bytes: files.max_table_bytes(),
    })))
}

/// A streamed CSV or TSV entry: a counts CSV (its header says so) or rows.
fn open_stream(
    entry: &str,
    mut stream: Box<dyn Read>,
    options: &LoadOptions,
) -> Result<Opened, OpenError> {
    // Enough of the start to know a counts file by its header.
    let mut start = Vec::new();
    (&mut stream)
        .take(COUNTS_SNIFF_BYTES)
        .read_to_end(&mut start)
        .map_err(|e| OpenError::Unreadable(format!("{entry}: {e}")))?;
    if is_counts_file(&start) {
        stream
            .read_to_end(&mut start)
            .map_err(|e| OpenError::Unreadable(format!("{entry}: {e}")))?;
        return counts_alone(entry.to_owned(), &start, options);
    }
    Ok(Opened::Rows(Box::new(Rows {
        name: options.name.clone(),
        file: entry.to_owned(),
        threshold: threshold(options.threshold)?,
        manifest: None,
        columns: options.columns.clone(),
        source: Source::Stream(Box::new(std::io::Cursor::new(start).chain(stream))),
        max_table_bytes: MAX_DECOMPRESSED_BYTES,
    })))
}

/// How much of a streamed entry is read to tell a counts file by its header.
const COUNTS_SNIFF_BYTES: u64 = 256;

/// A counts CSV opened without its manifest.
fn counts_alone(entry: String, bytes: &[u8], options: &LoadOptions) -> Result<Opened, OpenError> {
    let counts = parse_counts_alone(&entry, bytes)?;
    Ok(Opened::Counts(Box::new(CountsEntry {
        summary: counts.summary(&options.name),
        counts,
        manifest: None,
        file: entry,
    })))
}

/// The score threshold chosen (else [`DEFAULT_THRESHOLD`]), checked to lie in 0..=1.
fn threshold(chosen: Option<f64>) -> Result<f64, SettingsError> {
    let threshold = chosen.unwrap_or(DEFAULT_THRESHOLD);
    if !(0.0..=1.0).contains(&threshold) {
        return Err(SettingsError::Threshold(threshold.to_string()));
    }
    Ok(threshold)
}

impl Rows {
    /// Parses the rows into a table (a stream is read whole) and renames its
    /// columns as the manifest names them.
    pub fn into_table(self) -> Result<TableRows, OpenError> {
        let bytes = match self.source {
            Source::Bytes(bytes) => bytes,
            Source::Stream(mut stream) => {
                let mut bytes = Vec::new();
                stream
                    .read_to_end(&mut bytes)
                    .map_err(|e| OpenError::Unreadable(format!("{}: {e}", self.file)))?;
                bytes
            }
        };
        let mut table = parse_table_within(&self.file, &bytes, self.max_table_bytes)?;
        let columns = renamed(&self.manifest, &mut table, &self.columns)?;
        Ok(TableRows {
            name: self.name,
            table,
            columns,
            threshold: self.threshold,
            manifest: self.manifest,
        })
    }

    /// Builds the data set, streaming a CSV or TSV one row at a time (ten
    /// million rows never sit in memory as text); returns the manifest too.
    pub fn into_dataset(
        self,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(Dataset, Option<(String, Manifest)>), OpenError> {
        let Source::Stream(stream) = self.source else {
            let rows = self.into_table()?;
            let dataset = build_from_table(&rows.name, &rows.table, &rows.columns, rows.threshold)?;
            return Ok((dataset, rows.manifest));
        };
        let delimiter = delimiter_of(&self.file).unwrap_or(b',');
        let mut rows = DelimitedRows::new(&self.file, stream, delimiter)?;
        let mut header = rows.header();
        let columns = renamed(&self.manifest, &mut header, &self.columns)?;
        let dataset = build_from_stream(
            &self.name,
            &mut rows,
            &header,
            &columns,
            self.threshold,
            progress,
        )?;
        Ok((dataset, self.manifest))
    }
}

/// Renames `table`'s columns as the manifest names them; returns the columns
/// chosen, with the manifest's group where the choice names none.
fn renamed(
    manifest: &Option<(String, Manifest)>,
    table: &mut Table,
    columns: &ColumnChoice,
) -> Result<ColumnChoice, InputError> {
    Ok(match manifest {
        Some((file, m)) => {
            let group = m.apply_columns(file, table)?;
            columns.clone().or(&ColumnChoice::group(group.as_deref()))
        }
        None => columns.clone(),
    })
}

impl TableRows {
    /// The data set of these rows under their columns and threshold.
    pub fn dataset(&self) -> Result<Dataset, InputError> {
        build_from_table(&self.name, &self.table, &self.columns, self.threshold)
    }
}

/// The embeddings (and ids) a manifest names, read through `files` and aligned
/// to `dataset`'s rows: `None` when it names none.
pub fn manifest_embeddings(
    files: &mut dyn Files,
    (file, m): &(String, Manifest),
    dataset: &Dataset,
) -> Result<Option<(String, Embeddings)>, OpenError> {
    let Some(path) = &m.embeddings else {
        return Ok(None);
    };
    let wanted = Wanted::Named {
        manifest: file,
        role: "embeddings",
        path,
    };
    let e_file = files.name(&wanted);
    let e = files
        .read_embeddings(&wanted)
        .map_err(OpenError::Unreadable)?;
    let ids = match &m.ids {
        Some(path) => {
            let wanted = Wanted::Named {
                manifest: file,
                role: "ids",
                path,
            };
            let bytes = files.read(&wanted).map_err(OpenError::Unreadable)?;
            Some((files.name(&wanted), bytes))
        }
        None => None,
    };
    let ids = ids
        .as_ref()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice(), dataset.ids.as_slice()));
    Ok(Some((
        e_file.clone(),
        align(e, &e_file, ids, dataset.len())?,
    )))
}

/// A concepts table and, when given, the concepts' text embeddings (their file
/// and matrix), read and checked against the data set's targets.
#[derive(Debug, Clone, PartialEq)]
pub struct ConceptFiles {
    /// The concepts.
    pub concepts: Concepts,
    /// Their text embeddings.
    pub embeddings: Option<(String, Embeddings)>,
}

/// The concepts (and their embeddings) a manifest names, if it names any.
pub fn manifest_concepts(
    files: &mut dyn Files,
    (file, m): &(String, Manifest),
    dataset: &Dataset,
) -> Result<Option<ConceptFiles>, OpenError> {
    let Some(path) = &m.concepts else {
        if let Some(path) = &m.concept_embeddings {
            return Err(InputError::file(
                file,
                format!("\"concept_embeddings\" ({path}) needs \"concepts\": the table that names each row"),
            )
            .into());
        }
        return Ok(None);
    };
    let wanted = Wanted::Named {
        manifest: file,
        role: "concepts",
        path,
    };
    let bytes = files.read(&wanted).map_err(OpenError::Unreadable)?;
    let concepts = parse_concepts(&files.name(&wanted), &bytes)?;
    concepts.check_targets(dataset)?;
    let embeddings = match &m.concept_embeddings {
        Some(path) => {
            let wanted = Wanted::Named {
                manifest: file,
                role: "concept_embeddings",
                path,
            };
            let e = files
                .read_embeddings(&wanted)
                .map_err(OpenError::Unreadable)?;
            Some((files.name(&wanted), e))
        }
        None => None,
    };
    Ok(Some(ConceptFiles {
        concepts,
        embeddings,
    }))
}

/// Embeddings aligned to `rows` annotation rows: with an ids file (its name, its
/// bytes and the rows' ids), line i names the row of embedding i; without,
/// embedding i belongs to row i and the counts must agree.
pub fn align(
    e: Embeddings,
    e_file: &str,
    ids: Option<(&str, &[u8], &[String])>,
    rows: usize,
) -> Result<Embeddings, InputError> {
    match ids {
        Some((ids_file, bytes, row_ids)) => {
            let list = parse_ids(ids_file, bytes)?;
            e.aligned_by_ids(ids_file, &list, row_ids)
        }
        None => {
            e.check_aligned(e_file, rows)?;
            Ok(e)
        }
    }
}
