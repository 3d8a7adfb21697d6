//! Attribute directions, `metrics.md` section 8: for each attribute `s`, the unit
//! vector from the mean embedding of rows without `s` to the mean of rows with it;
//! for the groups, from the first group's mean to the second's (two groups, in
//! sorted order) or from the rest to each group (more groups). Their cosine says
//! how much an attribute is entangled with the group in the representation.

use serde::{Deserialize, Serialize};

use crate::dataset::Dataset;
use crate::embeddings::linalg::cosine;
use crate::embeddings::Embeddings;

/// One attribute's alignment with the group direction(s).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Direction {
    /// The attribute.
    pub attribute: String,
    /// `cos(d_s, d_G)` with two groups (`None` with more, or when undefined).
    pub cos_group: Option<f64>,
    /// `cos(d_s, d_g)` for each group against the rest, in group order.
    pub cos_groups: Vec<Option<f64>>,
}

/// `mean(rows in) − mean(rows out)`, `None` when either side is empty.
fn difference(e: &Embeddings, rows: impl Iterator<Item = (usize, bool)>) -> Option<Vec<f64>> {
    let mut sums = [vec![0.0; e.dim], vec![0.0; e.dim]];
    let mut counts = [0usize; 2];
    for (i, inside) in rows {
        let side = usize::from(inside);
        counts[side] += 1;
        for (s, &x) in sums[side].iter_mut().zip(e.row(i)) {
            *s += f64::from(x);
        }
    }
    if counts[0] == 0 || counts[1] == 0 {
        return None;
    }
    Some(
        sums[1]
            .iter()
            .zip(&sums[0])
            .map(|(a, b)| a / counts[1] as f64 - b / counts[0] as f64)
            .collect(),
    )
}

/// Every attribute's direction against the group direction(s), ranked by the
/// largest |cosine| first. Rows of `d` and `e` are aligned by position; rows
/// without a group count for attributes, not for groups.
pub fn directions(d: &Dataset, e: &Embeddings) -> Vec<Direction> {
    let n = d.len().min(e.rows);
    let group_directions: Vec<Option<Vec<f64>>> = if d.groups.len() == 2 {
        vec![difference(
            e,
            (0..n).filter_map(|i| d.group.get(i).copied().flatten().map(|g| (i, g == 1))),
        )]
    } else {
        (0..d.groups.len() as u32)
            .map(|g| {
                difference(
                    e,
                    (0..n).filter_map(|i| d.group.get(i).copied().flatten().map(|x| (i, x == g))),
                )
            })
            .collect()
    };
    let mut out: Vec<Direction> = (0..d.attributes.len() as u32)
        .map(|a| {
            let ds = difference(
                e,
                (0..n).map(|i| (i, d.gt.get(i).is_some_and(|r| r.contains(&a)))),
            );
            let cos: Vec<Option<f64>> = group_directions
                .iter()
                .map(|dg| cosine(ds.as_deref()?, dg.as_deref()?))
                .collect();
            Direction {
                attribute: d.attributes.get(a as usize).cloned().unwrap_or_default(),
                cos_group: if d.groups.len() == 2 {
                    cos.first().copied().flatten()
                } else {
                    None
                },
                cos_groups: cos,
            }
        })
        .collect();
    let strength = |x: &Direction| {
        x.cos_groups
            .iter()
            .flatten()
            .fold(0.0_f64, |m, c| m.max(c.abs()))
    };
    out.sort_by(|a, b| {
        strength(b)
            .total_cmp(&strength(a))
            .then(a.attribute.cmp(&b.attribute))
    });
    out
}
