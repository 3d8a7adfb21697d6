//! Embeddings, `docs/spec/metrics.md` section 8: an `N × D` matrix aligned with the rows,
//! loaded from `.npy` or the Embedding Projector's `vectors.tsv`; its PCA
//! projection, how well it predicts the group (leakage), and how each attribute's
//! direction lines up with the group's.

pub mod axis;
pub mod column;
pub mod directions;
pub mod leakage;
pub mod linalg;
pub mod map;
pub mod matrix;
pub mod npy;
pub mod pca;
pub mod projector;
pub mod synthetic;

use crate::error::InputError;
use crate::progress::Progress;

pub use matrix::{parse_ids, Embeddings};

impl Embeddings {
    /// Reads embeddings by the file's extension: `.npy`, else a Projector
    /// `vectors.tsv` (sniffing the `.npy` magic first); either may be
    /// gzip-compressed (`emb.npy.gz`).
    pub fn load(file: &str, bytes: &[u8]) -> Result<Self, InputError> {
        let decompressed;
        let (kind, bytes) = if crate::input::table::is_gzip(file, bytes) {
            decompressed = crate::input::table::gunzip(
                file,
                bytes,
                crate::input::table::MAX_DECOMPRESSED_BYTES,
            )?;
            let lower = file.to_ascii_lowercase();
            (
                lower.trim_end_matches(".gz").to_owned(),
                decompressed.as_slice(),
            )
        } else {
            (file.to_ascii_lowercase(), bytes)
        };
        if bytes.starts_with(npy::MAGIC) || kind.ends_with(".npy") {
            npy::parse_npy(file, bytes)
        } else {
            projector::parse_vectors_tsv(file, bytes)
        }
    }
}

/// Everything the embedding views show, as `biaslens embeddings` prints it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EmbeddingReport {
    /// Rows and dimensions.
    pub shape: [usize; 2],
    /// PCA to 3 components (coordinates left out of the CLI's JSON and of what
    /// the app's worker sends).
    pub pca: pca::Pca,
    /// Group leakage, or why it cannot be measured.
    pub leakage: Result<leakage::Leakage, String>,
    /// Attribute directions against the group direction, strongest first.
    pub directions: Vec<directions::Direction>,
    /// The rows nearest each end of the group direction (two groups only).
    pub axis: Option<axis::GroupAxis>,
}

/// The PCA behind the map (3 components), with progress.
pub fn project(e: &Embeddings, seed: u64, progress: &mut dyn FnMut(Progress)) -> pca::Pca {
    pca::pca(e, 3, seed, &mut |done, total| {
        progress(Progress::of("PCA: subspace iterations", done, total))
    })
}

/// Leakage and directions beside a PCA already computed by [`project`].
pub fn report(
    d: &crate::input::dataset::Dataset,
    e: &Embeddings,
    projection: pca::Pca,
    seed: u64,
    progress: &mut dyn FnMut(Progress),
) -> EmbeddingReport {
    let leak = leakage::leakage(e, &d.group, d.groups.len(), seed, &mut |done, total| {
        progress(Progress::of(
            "group leakage: cross-validation folds",
            done,
            total,
        ))
    })
    .map_err(|e| e.to_string());
    progress(Progress::step("attribute directions"));
    EmbeddingReport {
        shape: [e.rows, e.dim],
        pca: projection,
        leakage: leak,
        directions: directions::directions(d, e),
        axis: axis::group_axis(d, e, axis::AXIS_ENDS),
    }
}

/// Runs every embedding analysis on a data set and its aligned embeddings.
pub fn analyze_embeddings(
    d: &crate::input::dataset::Dataset,
    e: &Embeddings,
    seed: u64,
    progress: &mut dyn FnMut(Progress),
) -> EmbeddingReport {
    let projection = project(e, seed, progress);
    report(d, e, projection, seed, progress)
}
