//! What the map view draws: every row's 2-D position (PCA of the embeddings, or
//! the table's own `x`, `y`), with what it can be coloured by and what hover shows.

use serde::{Deserialize, Serialize};

use crate::dataset::Dataset;
use crate::embeddings::EmbeddingReport;

/// Every row of the map, in row order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapView {
    /// Where the positions come from, in words.
    pub source: String,
    /// Each row's position.
    pub coords: Vec<[f32; 2]>,
    /// The embedding analyses (PCA without per-row coordinates, leakage,
    /// directions), when the data has embeddings.
    pub report: Option<EmbeddingReport>,
    /// Row ids, for hover.
    pub ids: Vec<String>,
    /// Group names.
    pub groups: Vec<String>,
    /// Each row's group index (−1: none).
    pub group: Vec<i16>,
    /// 1 when the group was predicted right, 0 wrong, −1 unknown.
    pub correct: Vec<i8>,
    /// Attribute names.
    pub attributes: Vec<String>,
    /// Each row's ground-truth attributes (indices into `attributes`).
    pub attrs: Vec<Vec<u16>>,
    /// Each row's image URL (empty when the table has no image column).
    pub images: Vec<Option<String>>,
}

/// The map of a data set whose rows have positions (`d.coords`).
pub fn map_view(
    d: &Dataset,
    report: Option<EmbeddingReport>,
    source: String,
) -> Result<MapView, String> {
    if d.coords.len() != d.len() {
        return Err(
            "no map: load embeddings (.npy or vectors.tsv) or give the table x and y columns"
                .into(),
        );
    }
    let report = report.map(|mut r| {
        r.pca.coordinates = Vec::new();
        r
    });
    let index = |g: Option<u32>| g.map_or(-1, |g| i16::try_from(g).unwrap_or(-1));
    Ok(MapView {
        source,
        coords: d.coords.clone(),
        report,
        ids: d.ids.clone(),
        groups: d.groups.clone(),
        group: d.group.iter().map(|&g| index(g)).collect(),
        correct: d
            .group
            .iter()
            .zip(&d.pred_group)
            .map(|(g, p)| match (g, p) {
                _ if d.stand_ins.pred_group => -1,
                (Some(g), Some(p)) => i8::from(g == p),
                _ => -1,
            })
            .collect(),
        attributes: d.attributes.clone(),
        attrs: d
            .gt
            .iter()
            .map(|r| r.iter().filter_map(|&a| u16::try_from(a).ok()).collect())
            .collect(),
        images: d.images.clone(),
    })
}
