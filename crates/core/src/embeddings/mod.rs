//! Embeddings, `metrics.md` section 8: an `N × D` matrix aligned with the rows,
//! loaded from `.npy` or the Embedding Projector's `vectors.tsv`; its PCA
//! projection, how well it predicts the group (leakage), and how each attribute's
//! direction lines up with the group's.

pub mod column;
pub mod directions;
pub mod leakage;
pub mod linalg;
pub mod map;
pub mod npy;
pub mod pca;
pub mod projector;
pub mod synthetic;

use crate::error::InputError;

/// An `rows × dim` matrix of finite values, row-major, stored as `f32` (what
/// embedding models export; 100,000 × 768 is 307 MB).
#[derive(Debug, Clone, PartialEq)]
pub struct Embeddings {
    /// Number of rows (instances).
    pub rows: usize,
    /// Number of columns (dimensions).
    pub dim: usize,
    /// `rows × dim` values, row after row.
    pub values: Vec<f32>,
}

impl Embeddings {
    /// A matrix from row-major values, checking the shape and that every value is finite.
    pub fn new(file: &str, rows: usize, dim: usize, values: Vec<f32>) -> Result<Self, InputError> {
        if rows.checked_mul(dim) != Some(values.len()) {
            return Err(InputError::file(
                file,
                format!(
                    "the embeddings have {} values, not {rows} rows × {dim} columns",
                    values.len()
                ),
            ));
        }
        if dim == 0 {
            return Err(InputError::file(file, "the embeddings have no columns"));
        }
        if let Some(at) = values.iter().position(|v| !v.is_finite()) {
            let what = if values.get(at).is_some_and(|v| v.is_nan()) {
                "NaN"
            } else {
                "an infinite value"
            };
            return Err(InputError::file(
                file,
                format!(
                    "row {}, column {} of the embeddings is {what}: every value must be a finite number",
                    at / dim + 1,
                    at % dim + 1
                ),
            ));
        }
        Ok(Self { rows, dim, values })
    }

    /// Reads embeddings by the file's extension: `.npy`, else a Projector
    /// `vectors.tsv` (sniffing the `.npy` magic first).
    pub fn load(file: &str, bytes: &[u8]) -> Result<Self, InputError> {
        if bytes.starts_with(b"\x93NUMPY") || file.to_ascii_lowercase().ends_with(".npy") {
            npy::parse_npy(file, bytes)
        } else {
            projector::parse_vectors_tsv(file, bytes)
        }
    }

    /// Checks that there is one row of embeddings per annotation row.
    pub fn check_aligned(&self, file: &str, annotation_rows: usize) -> Result<(), InputError> {
        if self.rows == annotation_rows {
            Ok(())
        } else {
            Err(InputError::file(
                file,
                format!(
                    "the embeddings have {} rows but the annotations have {annotation_rows}: row i of the embeddings must belong to annotation row i",
                    self.rows
                ),
            ))
        }
    }

    /// Row `i` (empty when out of range).
    pub fn row(&self, i: usize) -> &[f32] {
        self.values
            .get(i * self.dim..(i + 1) * self.dim)
            .unwrap_or_default()
    }
}

/// Everything the embedding views show, as `biaslens embeddings` prints it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EmbeddingReport {
    /// Rows and dimensions.
    pub shape: [usize; 2],
    /// PCA to 3 components (coordinates left out of the CLI's JSON).
    pub pca: pca::Pca,
    /// Group leakage, or why it cannot be measured.
    pub leakage: Result<leakage::Leakage, String>,
    /// Attribute directions against the group direction, strongest first.
    pub directions: Vec<directions::Direction>,
}

/// A progress report of the embedding analyses.
fn step(stage: &str, done: usize, total: usize) -> crate::analysis::Progress {
    crate::analysis::Progress {
        stage: stage.to_owned(),
        done,
        total,
    }
}

/// The PCA behind the map (3 components), with progress.
pub fn project(
    e: &Embeddings,
    seed: u64,
    progress: &mut dyn FnMut(crate::analysis::Progress),
) -> pca::Pca {
    pca::pca(e, 3, seed, &mut |done, total| {
        progress(step("PCA: subspace iterations", done, total))
    })
}

/// Leakage and directions beside a PCA already computed by [`project`].
pub fn report(
    d: &crate::dataset::Dataset,
    e: &Embeddings,
    projection: pca::Pca,
    seed: u64,
    progress: &mut dyn FnMut(crate::analysis::Progress),
) -> EmbeddingReport {
    let leak = leakage::leakage(e, &d.group, d.groups.len(), seed, &mut |done, total| {
        progress(step("group leakage: cross-validation folds", done, total))
    })
    .map_err(|e| e.to_string());
    progress(step("attribute directions", 0, 0));
    EmbeddingReport {
        shape: [e.rows, e.dim],
        pca: projection,
        leakage: leak,
        directions: directions::directions(d, e),
    }
}

/// Runs every embedding analysis on a data set and its aligned embeddings.
pub fn analyze_embeddings(
    d: &crate::dataset::Dataset,
    e: &Embeddings,
    seed: u64,
    progress: &mut dyn FnMut(crate::analysis::Progress),
) -> EmbeddingReport {
    let projection = project(e, seed, progress);
    report(d, e, projection, seed, progress)
}
