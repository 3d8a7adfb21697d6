//! What the open path asks of a front end: a [`Files`] provider, and the
//! [`Wanted`] files it reads.

use std::io::Read;

use crate::embeddings::Embeddings;
use crate::input::table::MAX_DECOMPRESSED_BYTES;

/// A file the open path asks a provider for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted<'a> {
    /// The entry: the file the user opened.
    Entry,
    /// A file the entry's manifest names.
    Named {
        /// The manifest's file name, as messages name it.
        manifest: &'a str,
        /// What the file is to the manifest: `annotations`, `counts`,
        /// `embeddings` or `ids` (its key).
        role: &'static str,
        /// The path the manifest gives, relative to the manifest.
        path: &'a str,
    },
}

/// Where the open path reads files: each front end's own way to reach them, with
/// its own words when a file cannot be read.
pub trait Files {
    /// The file's name as messages name it (known before it is read).
    fn name(&self, wanted: &Wanted) -> String;

    /// The file's bytes, or why they cannot be read (naming the file).
    fn read(&mut self, wanted: &Wanted) -> Result<Vec<u8>, String>;

    /// The file's embeddings: read and parsed by [`Embeddings::load`] unless
    /// the provider has a faster way.
    fn read_embeddings(&mut self, wanted: &Wanted) -> Result<Embeddings, String> {
        let name = self.name(wanted);
        let bytes = self.read(wanted)?;
        Embeddings::load(&name, &bytes).map_err(|e| e.to_string())
    }

    /// The file's (decompressed) bytes as a stream, for a CSV or TSV that the
    /// provider streams rather than reads whole; `None` reads it whole.
    fn stream(&mut self, _wanted: &Wanted) -> Option<Result<Box<dyn Read>, String>> {
        None
    }

    /// The most a gzip table may decompress to (the browser holds less than
    /// the command line).
    fn max_table_bytes(&self) -> usize {
        MAX_DECOMPRESSED_BYTES
    }
}
