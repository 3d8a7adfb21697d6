//! What the map view draws: every row's 2-D position (PCA of the embeddings, or
//! the table's own `x`, `y`), with what it can be coloured by and what hover shows.

use serde::{Deserialize, Serialize};

use crate::embeddings::pca::Pca;
use crate::input::dataset::Dataset;

/// Every row of the map, in row order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapView {
    /// Where the positions come from, in words.
    pub source: String,
    /// Each row's position.
    pub coords: Vec<[f32; 2]>,
    /// The PCA behind the positions (without per-row coordinates), when they
    /// come from embeddings.
    pub pca: Option<Pca>,
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
pub fn map_view(d: &Dataset, pca: Option<&Pca>, source: String) -> Result<MapView, String> {
    if d.coords.len() != d.len() {
        return Err(
            "no map: load embeddings (.npy or vectors.tsv) or give the table x and y columns"
                .into(),
        );
    }
    let pca = pca.map(Pca::without_coordinates);
    let index = |g: Option<u32>| g.map_or(-1, |g| i16::try_from(g).unwrap_or(-1));
    Ok(MapView {
        source,
        coords: d.coords.clone(),
        pca,
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

/// One row of the map's CSV export.
#[derive(Serialize)]
struct Position<'a> {
    id: &'a str,
    x: f32,
    y: f32,
    group: Option<&'a str>,
    group_predicted_right: Option<bool>,
    attributes: String,
}

impl MapView {
    /// The map as CSV: each row's id, position, group, whether its group was
    /// predicted right (empty when unknown) and its attributes (`|`-separated).
    pub fn to_csv(&self) -> String {
        let rows: Vec<Position> = self
            .coords
            .iter()
            .enumerate()
            .map(|(i, &[x, y])| Position {
                id: self.ids.get(i).map_or("", String::as_str),
                x,
                y,
                group: self
                    .group
                    .get(i)
                    .and_then(|&g| usize::try_from(g).ok())
                    .and_then(|g| self.groups.get(g))
                    .map(String::as_str),
                group_predicted_right: match self.correct.get(i) {
                    Some(1) => Some(true),
                    Some(0) => Some(false),
                    _ => None,
                },
                attributes: self
                    .attrs
                    .get(i)
                    .map(|r| {
                        r.iter()
                            .filter_map(|&a| self.attributes.get(usize::from(a)).cloned())
                            .collect::<Vec<_>>()
                            .join("|")
                    })
                    .unwrap_or_default(),
            })
            .collect();
        crate::export::csv_of_serialize(&rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_has_a_line_per_row() {
        let csv = "id,x,y,group,pred_group,attributes\nr1,0.5,1,a,a,s|t\nr2,-2,0,b,a,\n";
        let (_, d) = crate::load_with_defaults("m", "m.csv", csv.as_bytes()).unwrap();
        let m = map_view(&d, None, "x, y".into()).unwrap();
        let out = m.to_csv();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "id,x,y,group,group_predicted_right,attributes");
        assert_eq!(lines[1], "r1,0.5,1.0,a,true,s|t");
        assert_eq!(lines[2], "r2,-2.0,0.0,b,false,");
        assert_eq!(lines.len(), 3);
    }
}
