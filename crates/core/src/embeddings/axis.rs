//! Rows along the group direction: with two groups, where each row falls on the
//! line from the first group's mean embedding to the second's (`d_G` of
//! `docs/spec/metrics.md` section 8). A row's position is `cos(x_i − x̄, d_G)`, the cosine
//! between its embedding, centred on the mean of all rows, and the group
//! direction: −1 is the first group's side, +1 the second's. It answers "where
//! does *this* row fall?" — for the word embeddings demo, where each profession
//! (a word without a group) falls between the female and the male words.

use serde::{Deserialize, Serialize};

use crate::embeddings::linalg::cosine;
use crate::embeddings::matrix::Embeddings;
use crate::input::dataset::Dataset;

/// How many rows are listed at each end.
pub const AXIS_ENDS: usize = 12;

/// One row's position on the group direction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AxisRow {
    /// The row's id.
    pub id: String,
    /// Its group, if it has one.
    pub group: Option<String>,
    /// `cos(x_i − x̄, d_G)`, in [−1, 1].
    pub position: f64,
}

/// The rows nearest each end of the group direction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupAxis {
    /// The groups at the negative and the positive end, in sorted order.
    pub ends: [String; 2],
    /// Whether the rows listed are those without a group (when the data set has
    /// any, they are the ones the question is about), or every row.
    pub ungrouped_only: bool,
    /// The rows considered.
    pub considered: usize,
    /// The rows on the first group's side (position < 0) nearest its end, most
    /// extreme first; at most [`AXIS_ENDS`].
    pub toward_first: Vec<AxisRow>,
    /// The rows on the second group's side (position > 0), likewise.
    pub toward_second: Vec<AxisRow>,
}

/// Mean of the rows `pick` selects; `None` when it selects none.
fn mean_of(e: &Embeddings, rows: usize, pick: impl Fn(usize) -> bool) -> Option<Vec<f64>> {
    let mut sum = vec![0.0; e.dim];
    let mut n = 0_usize;
    for i in (0..rows).filter(|&i| pick(i)) {
        for (s, &x) in sum.iter_mut().zip(e.row(i)) {
            *s += f64::from(x);
        }
        n += 1;
    }
    (n > 0).then(|| sum.into_iter().map(|s| s / n as f64).collect())
}

/// The rows nearest each end of the group direction (two groups only; `None`
/// otherwise, or when a group has no row). Rows without a group are listed when
/// there are any; else every row.
// Never inlined: see `directions` (vectorisation in the size-optimised worker).
#[inline(never)]
pub fn group_axis(d: &Dataset, e: &Embeddings, ends: usize) -> Option<GroupAxis> {
    if d.groups.len() != 2 {
        return None;
    }
    let n = d.len().min(e.rows);
    let group = |i: usize| d.group.get(i).copied().flatten();
    let first = mean_of(e, n, |i| group(i) == Some(0))?;
    let second = mean_of(e, n, |i| group(i) == Some(1))?;
    let all = mean_of(e, n, |_| true)?;
    let direction: Vec<f64> = second.iter().zip(&first).map(|(b, a)| b - a).collect();
    let ungrouped_only = (0..n).any(|i| group(i).is_none());
    let mut centred = vec![0.0; e.dim];
    let mut rows: Vec<AxisRow> = (0..n)
        .filter(|&i| !ungrouped_only || group(i).is_none())
        .filter_map(|i| {
            for ((c, &x), m) in centred.iter_mut().zip(e.row(i)).zip(&all) {
                *c = f64::from(x) - m;
            }
            Some(AxisRow {
                id: d.ids.get(i).cloned().unwrap_or_default(),
                group: group(i).and_then(|g| d.groups.get(g as usize).cloned()),
                position: cosine(&centred, &direction)?,
            })
        })
        .collect();
    let considered = rows.len();
    rows.sort_by(|a, b| a.position.total_cmp(&b.position).then(a.id.cmp(&b.id)));
    let toward_first: Vec<AxisRow> = rows
        .iter()
        .take_while(|r| r.position < 0.0)
        .take(ends)
        .cloned()
        .collect();
    let toward_second: Vec<AxisRow> = rows
        .iter()
        .rev()
        .take_while(|r| r.position > 0.0)
        .take(ends)
        .cloned()
        .collect();
    Some(GroupAxis {
        ends: [d.groups.first()?.clone(), d.groups.get(1)?.clone()],
        ungrouped_only,
        considered,
        toward_first,
        toward_second,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_with_defaults;

    /// Two groups on the x axis, and three ungrouped rows: one on each side and
    /// one on the y axis.
    fn fixture() -> (Dataset, Embeddings) {
        let csv =
            "id,group,attributes\nf1,f,\nf2,f,\nm1,m,\nm2,m,\nnurse,,\ncarpenter,,\nchair,,\n";
        let (_, d) = load_with_defaults("t", "t.csv", csv.as_bytes()).unwrap();
        let values = vec![
            -1.0, 0.0, // f1
            -1.0, 0.2, // f2
            1.0, 0.0, // m1
            1.0, -0.2, // m2
            -0.8, 0.1, // nurse
            0.9, 0.0, // carpenter
            0.0, 1.0, // chair
        ];
        let e = Embeddings::new("e.npy", 7, 2, values).unwrap();
        (d, e)
    }

    #[test]
    fn ungrouped_rows_fall_on_their_side() {
        let (d, e) = fixture();
        let axis = group_axis(&d, &e, 2).unwrap();
        assert_eq!(axis.ends, ["f".to_owned(), "m".to_owned()]);
        assert!(axis.ungrouped_only);
        assert_eq!(axis.considered, 3);
        assert_eq!(axis.toward_first[0].id, "nurse");
        assert_eq!(axis.toward_second[0].id, "carpenter");
        // Each side lists its own rows: the chair leans (a little) to the first.
        assert_eq!(axis.toward_first.len(), 2);
        assert_eq!(axis.toward_second.len(), 1);
        // By hand (the values are stored as f32): the mean of all rows is (0.1/7, 1.1/7); d_G = (2, -0.2).
        let (x, y): (f64, f64) = (0.9 - 0.1 / 7.0, 0.0 - 1.1 / 7.0);
        let expected = (2.0 * x - 0.2 * y) / ((x * x + y * y).sqrt() * (4.04_f64).sqrt());
        assert!((axis.toward_second[0].position - expected).abs() < 1e-6);
    }

    #[test]
    fn without_ungrouped_rows_every_row_is_listed_and_more_groups_have_no_axis() {
        let csv = "id,group,attributes\na,f,\nb,m,\n";
        let (_, d) = load_with_defaults("t", "t.csv", csv.as_bytes()).unwrap();
        let e = Embeddings::new("e.npy", 2, 1, vec![-1.0, 1.0]).unwrap();
        let axis = group_axis(&d, &e, 5).unwrap();
        assert!(!axis.ungrouped_only);
        assert_eq!(axis.toward_first[0].id, "a");
        assert_eq!(axis.toward_second[0].id, "b");
        let csv = "id,group,attributes\na,f,\nb,m,\nc,x,\n";
        let (_, d) = load_with_defaults("t", "t.csv", csv.as_bytes()).unwrap();
        let e = Embeddings::new("e.npy", 3, 1, vec![-1.0, 1.0, 0.0]).unwrap();
        assert!(group_axis(&d, &e, 5).is_none());
    }
}
