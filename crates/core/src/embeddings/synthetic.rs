//! Embeddings for the `kitchen` demo, generated from its rows: each row is the sum
//! of its attributes' vectors, a moderate push along a group direction, and noise.
//! A few attributes are planted to be entangled with the group: their vectors lean
//! along the group direction, so `cos(d_s, d_G)` is large for them while they are
//! not much more common in either group.

use crate::embeddings::linalg::norm;
use crate::embeddings::matrix::Embeddings;
use crate::input::dataset::Dataset;
use crate::rng::SeededRng;

/// Dimensions of the demo embeddings.
pub const KITCHEN_DIM: usize = 32;

/// Attributes whose vectors lean toward the second group (`woman`) or the first (`man`).
pub const ENTANGLED: [(&str, f64); 3] = [("towel", 1.0), ("detergent", 1.0), ("mouse", -1.0)];

/// A seeded unit vector in `dim` dimensions (sum of uniforms: near-Gaussian).
pub(crate) fn unit(rng: &mut SeededRng, dim: usize) -> Vec<f64> {
    let v: Vec<f64> = (0..dim)
        .map(|_| (0..4).map(|_| rng.uniform() - 0.5).sum::<f64>())
        .collect();
    let n = norm(&v).max(1e-12);
    v.into_iter().map(|x| x / n).collect()
}

/// The demo embeddings of a data set's rows (`dim` columns, seeded).
pub fn embeddings_for(d: &Dataset, seed: u64, dim: usize) -> Embeddings {
    let group_axis = unit(&mut SeededRng::with_stream(seed, 0), dim);
    let attribute_axes: Vec<Vec<f64>> = d
        .attributes
        .iter()
        .enumerate()
        .map(|(a, name)| {
            let own = unit(&mut SeededRng::with_stream(seed, a as u64 + 1), dim);
            match ENTANGLED.iter().find(|(n, _)| n == name) {
                Some(&(_, side)) => own
                    .iter()
                    .zip(&group_axis)
                    .map(|(o, g)| 0.45 * o + 0.9 * side * g)
                    .collect(),
                None => own,
            }
        })
        .collect();
    let mut noise = SeededRng::with_stream(seed, u64::MAX);
    let mut values = Vec::with_capacity(d.len() * dim);
    for i in 0..d.len() {
        let side = match d.group.get(i).copied().flatten() {
            Some(0) => -0.35,
            Some(_) => 0.35,
            None => 0.0,
        };
        let mut x: Vec<f64> = group_axis.iter().map(|g| side * g).collect();
        for &a in d.gt.get(i).map(Vec::as_slice).unwrap_or_default() {
            if let Some(v) = attribute_axes.get(a as usize) {
                for (xi, vi) in x.iter_mut().zip(v) {
                    *xi += vi;
                }
            }
        }
        values.extend(
            x.iter()
                .map(|xi| (xi + 0.6 * (noise.uniform() - 0.5)) as f32),
        );
    }
    Embeddings {
        rows: d.len(),
        dim,
        values,
    }
}
