//! How big a file the browser can hold. A tab's WebAssembly memory ends at 4 GB,
//! and a table takes about 15 times its file's size once parsed and analysed (a
//! 43 MB CSV of 10^6 rows × 100 attributes peaks at 650 MB natively), so files
//! past these sizes are refused with a message before they are read, instead of
//! the tab dying while it reads them.

use biaslens_core::numbers::thousands;

/// The largest annotations file (or its decompressed text) the app reads.
pub const MAX_TABLE_BYTES: usize = 200_000_000;

/// The largest embeddings file the app reads (float32 values are copied once).
pub const MAX_EMBEDDINGS_BYTES: usize = 1_000_000_000;

/// What a file holds, for its size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Annotations, a manifest or an ids file.
    Table,
    /// Embeddings (`.npy`, `vectors.tsv`).
    Embeddings,
}

impl Kind {
    /// The largest file of this kind, in bytes.
    pub fn max(self) -> usize {
        match self {
            Kind::Table => MAX_TABLE_BYTES,
            Kind::Embeddings => MAX_EMBEDDINGS_BYTES,
        }
    }
}

/// Refuses a file of `size` bytes that the browser cannot hold, saying how big it
/// is, the limit, and what reads it instead.
pub fn check(file: &str, size: f64, kind: Kind) -> Result<(), String> {
    if size <= kind.max() as f64 {
        return Ok(());
    }
    let (what, command) = match kind {
        Kind::Table => ("annotation files", "biaslens metrics"),
        Kind::Embeddings => ("embeddings", "biaslens embeddings"),
    };
    Err(format!(
        "{file}: {} MB is more than the browser can hold ({what} up to {} MB): the command line's `{command}` reads it",
        thousands((size / 1e6).ceil() as u64),
        thousands((kind.max() / 1_000_000) as u64),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_past_the_limit_is_refused_with_its_size() {
        assert_eq!(check("a.csv", MAX_TABLE_BYTES as f64, Kind::Table), Ok(()));
        assert_eq!(
            check("big.csv", 350_200_000.0, Kind::Table),
            Err("big.csv: 351 MB is more than the browser can hold (annotation files up to 200 MB): the command line's `biaslens metrics` reads it".to_owned())
        );
        assert!(check("x.npy", 900e6, Kind::Embeddings).is_ok());
        assert!(check("x.npy", 1.2e9, Kind::Embeddings)
            .unwrap_err()
            .contains("1,200 MB is more than the browser can hold (embeddings up to 1,000 MB)"));
    }
}
