//! Attribute directions, `docs/spec/metrics.md` section 8: for each attribute `s`, the unit
//! vector from the mean embedding of rows without `s` to the mean of rows with it;
//! for the groups, from the first group's mean to the second's (two groups, in
//! sorted order) or from the rest to each group (more groups). Their cosine says
//! how much an attribute is entangled with the group in the representation.

use serde::{Deserialize, Serialize};

use crate::embeddings::linalg::cosine;
use crate::embeddings::matrix::Embeddings;
use crate::input::dataset::Dataset;

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

/// Sums of embedding rows and how many rows each holds.
struct Sums {
    dim: usize,
    sums: Vec<f64>,
    counts: Vec<usize>,
}

impl Sums {
    fn new(classes: usize, dim: usize) -> Self {
        Self {
            dim,
            sums: vec![0.0; classes * dim],
            counts: vec![0; classes],
        }
    }

    fn add(&mut self, class: usize, row: &[f32]) {
        if let Some(sum) = self.sums.get_mut(class * self.dim..(class + 1) * self.dim) {
            for (s, &x) in sum.iter_mut().zip(row) {
                *s += f64::from(x);
            }
            if let Some(n) = self.counts.get_mut(class) {
                *n += 1;
            }
        }
    }

    fn sum(&self, class: usize) -> (&[f64], usize) {
        (
            self.sums
                .get(class * self.dim..(class + 1) * self.dim)
                .unwrap_or_default(),
            self.counts.get(class).copied().unwrap_or(0),
        )
    }
}

/// `mean(inside) − mean(outside)` from the inside's sum and the sum of both
/// sides; `None` when either side is empty.
fn difference(inside: (&[f64], usize), both: (&[f64], usize)) -> Option<Vec<f64>> {
    let (n_in, n_out) = (inside.1, both.1.checked_sub(inside.1)?);
    if n_in == 0 || n_out == 0 {
        return None;
    }
    Some(
        inside
            .0
            .iter()
            .zip(both.0)
            .map(|(i, b)| i / n_in as f64 - (b - i) / n_out as f64)
            .collect(),
    )
}

/// Every attribute's direction against the group direction(s), ranked by the
/// largest |cosine| first. Rows of `d` and `e` are aligned by position; rows
/// without a group count for attributes, not for groups.
///
/// One pass over the rows: each row is added to the total, to its group's sum and
/// to the sum of each of its attributes; the rows *without* an attribute are the
/// total minus those with it.
// Never inlined: the app's worker links this crate into code built for size,
// and a loop inlined there is not vectorised (LTO keeps the caller's size goal).
#[inline(never)]
pub fn directions(d: &Dataset, e: &Embeddings) -> Vec<Direction> {
    let n = d.len().min(e.rows);
    let (groups, attributes) = (d.groups.len(), d.attributes.len());
    // Classes: the attributes, then the groups, then all rows, then rows with a group.
    let (all, grouped) = (attributes + groups, attributes + groups + 1);
    let mut sums = Sums::new(attributes + groups + 2, e.dim);
    for i in 0..n {
        let row = e.row(i);
        sums.add(all, row);
        if let Some(g) = d.group.get(i).copied().flatten() {
            sums.add(attributes + g as usize, row);
            sums.add(grouped, row);
        }
        for &a in d.gt.get(i).map_or(&[][..], Vec::as_slice) {
            sums.add(a as usize, row);
        }
    }
    let group_directions: Vec<Option<Vec<f64>>> = if groups == 2 {
        // From the first group's mean to the second's.
        vec![difference(sums.sum(attributes + 1), sums.sum(grouped))]
    } else {
        (0..groups)
            .map(|g| difference(sums.sum(attributes + g), sums.sum(grouped)))
            .collect()
    };
    let mut out: Vec<Direction> = (0..attributes)
        .map(|a| {
            let ds = difference(sums.sum(a), sums.sum(all));
            let cos: Vec<Option<f64>> = group_directions
                .iter()
                .map(|dg| cosine(ds.as_deref()?, dg.as_deref()?))
                .collect();
            Direction {
                attribute: d.attributes.get(a).cloned().unwrap_or_default(),
                cos_group: if groups == 2 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SeededRng;

    /// `mean(rows in) − mean(rows out)` summed directly over each side.
    fn direct(e: &Embeddings, rows: &[(usize, bool)]) -> Option<Vec<f64>> {
        let mean = |side: bool| {
            let picked: Vec<usize> = rows.iter().filter(|r| r.1 == side).map(|r| r.0).collect();
            (!picked.is_empty()).then(|| {
                (0..e.dim)
                    .map(|j| {
                        picked.iter().map(|&i| f64::from(e.row(i)[j])).sum::<f64>()
                            / picked.len() as f64
                    })
                    .collect::<Vec<f64>>()
            })
        };
        let (a, b) = (mean(true)?, mean(false)?);
        Some(a.iter().zip(&b).map(|(x, y)| x - y).collect())
    }

    #[test]
    fn one_pass_equals_the_direct_means() {
        let mut rng = SeededRng::new(5);
        let mut csv = String::from("group,attributes\n");
        for i in 0..300 {
            let group = ["a", "b", "c", ""][rng.below(4) as usize];
            let attrs: Vec<&str> = ["s", "t", "u"]
                .into_iter()
                .filter(|_| rng.uniform() < 0.3 + 0.001 * i as f64)
                .collect();
            csv += &format!("{group},{}\n", attrs.join("|"));
        }
        let (_, d) = crate::load_with_defaults("r", "r.csv", csv.as_bytes()).unwrap();
        let values = (0..d.len() * 5).map(|_| rng.uniform() as f32).collect();
        let e = Embeddings::new("r", d.len(), 5, values).unwrap();
        let dirs = directions(&d, &e);
        assert_eq!(d.groups.len(), 3);
        for dir in &dirs {
            let a = d
                .attributes
                .iter()
                .position(|x| *x == dir.attribute)
                .unwrap() as u32;
            let rows: Vec<(usize, bool)> =
                (0..d.len()).map(|i| (i, d.gt[i].contains(&a))).collect();
            let ds = direct(&e, &rows).unwrap();
            for (g, got) in dir.cos_groups.iter().enumerate() {
                let rows: Vec<(usize, bool)> = (0..d.len())
                    .filter_map(|i| d.group[i].map(|x| (i, x == g as u32)))
                    .collect();
                let want = cosine(&ds, &direct(&e, &rows).unwrap()).unwrap();
                assert!((got.unwrap() - want).abs() < 1e-9, "{dir:?} {g}: {want}");
            }
            assert_eq!(dir.cos_group, None);
        }
    }
}
