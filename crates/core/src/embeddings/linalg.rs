//! The little linear algebra the embedding views need, in `f64`: dot products,
//! Gram–Schmidt, and the cyclic Jacobi eigendecomposition of small symmetric
//! matrices.

/// `Σ a_i b_i`, in four interleaved partial sums (element `i` goes to sum
/// `i mod 4`) added at the end: a fixed order, so every platform gets the same
/// result, and independent sums, so the compiler vectorises it.
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    // Unequal lengths: the shorter decides, as with `zip`.
    let n = a.len().min(b.len());
    let (a, b) = (
        a.get(..n).unwrap_or_default(),
        b.get(..n).unwrap_or_default(),
    );
    let mut sums = [0.0; 4];
    let (a4, b4) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = a4
        .remainder()
        .iter()
        .zip(b4.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a4.zip(b4) {
        for ((s, x), y) in sums.iter_mut().zip(x).zip(y) {
            *s += x * y;
        }
    }
    (sums[0] + sums[1]) + (sums[2] + sums[3]) + tail
}

/// The Euclidean norm.
pub fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

/// Cosine similarity; `None` when either vector is 0.
pub fn cosine(a: &[f64], b: &[f64]) -> Option<f64> {
    let n = norm(a) * norm(b);
    (n > 0.0).then(|| dot(a, b) / n)
}

/// Makes the vectors orthonormal in place (modified Gram–Schmidt); a vector that is
/// (numerically) in the span of the ones before it becomes 0.
pub fn orthonormalize(vectors: &mut [Vec<f64>]) {
    for i in 0..vectors.len() {
        let (done, rest) = vectors.split_at_mut(i);
        let Some(v) = rest.first_mut() else { continue };
        let before = norm(v);
        for u in done.iter() {
            let p = dot(u, v);
            for (x, y) in v.iter_mut().zip(u) {
                *x -= p * y;
            }
        }
        let n = norm(v);
        // What is left of a vector in the span of the others is rounding noise.
        let scale = if n > 1e-10 * before && n > 1e-300 {
            1.0 / n
        } else {
            0.0
        };
        for x in v.iter_mut() {
            *x *= scale;
        }
    }
}

/// A row-major `n × n` matrix whose reads and writes outside it are ignored (0).
struct Square {
    n: usize,
    data: Vec<f64>,
}

impl Square {
    fn at(&self, r: usize, c: usize) -> f64 {
        self.data.get(r * self.n + c).copied().unwrap_or(0.0)
    }

    fn set(&mut self, r: usize, c: usize, value: f64) {
        if let Some(x) = self.data.get_mut(r * self.n + c) {
            *x = value;
        }
    }

    /// Rotates columns `p` and `q` (`transpose`: rows) by (c, s).
    fn rotate(&mut self, p: usize, q: usize, c: f64, s: f64, transpose: bool) {
        for k in 0..self.n {
            let ((kp_r, kp_c), (kq_r, kq_c)) = if transpose {
                ((p, k), (q, k))
            } else {
                ((k, p), (k, q))
            };
            let (xp, xq) = (self.at(kp_r, kp_c), self.at(kq_r, kq_c));
            self.set(kp_r, kp_c, c * xp - s * xq);
            self.set(kq_r, kq_c, s * xp + c * xq);
        }
    }
}

/// Eigenvalues (descending) and unit eigenvectors of the symmetric `n × n` matrix
/// `a` (row-major), by cyclic Jacobi rotations.
pub fn symmetric_eigen(a: &[f64], n: usize) -> (Vec<f64>, Vec<Vec<f64>>) {
    let mut data = a.to_vec();
    data.resize(n * n, 0.0);
    let mut m = Square { n, data };
    let mut v = Square {
        n,
        data: vec![0.0; n * n],
    };
    for i in 0..n {
        v.set(i, i, 1.0);
    }
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|p| (0..n).filter(move |&q| q != p).map(move |q| (p, q)))
            .map(|(p, q)| m.at(p, q) * m.at(p, q))
            .sum();
        let scale: f64 = m.data.iter().map(|x| x * x).sum::<f64>().max(1e-300);
        if off <= 1e-30 * scale {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = m.at(p, q);
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (m.at(q, q) - m.at(p, p)) / (2.0 * apq);
                let sign = if theta >= 0.0 { 1.0 } else { -1.0 };
                let t = sign / (theta.abs() + (theta * theta + 1.0).sqrt());
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                m.rotate(p, q, c, s, false);
                m.rotate(p, q, c, s, true);
                v.rotate(p, q, c, s, false);
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| m.at(j, j).total_cmp(&m.at(i, i)));
    let values = order.iter().map(|&i| m.at(i, i)).collect();
    let vectors = order
        .iter()
        .map(|&i| (0..n).map(|k| v.at(k, i)).collect())
        .collect();
    (values, vectors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_sums_every_term() {
        for n in 0..11 {
            let a: Vec<f64> = (0..n).map(|i| f64::from(i) + 1.0).collect();
            let b: Vec<f64> = (0..n).map(|i| 2.0 - f64::from(i)).collect();
            let plain: f64 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert_eq!(dot(&a, &b), plain, "length {n}");
        }
        // Unequal lengths: the shorter decides, as with zip.
        assert_eq!(dot(&[1.0, 2.0, 3.0, 4.0, 5.0], &[1.0; 4]), 10.0);
        assert_eq!(dot(&[1.0; 5], &[1.0; 8]), 5.0);
    }

    #[test]
    fn jacobi_on_a_known_matrix() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1, vectors (1, 1)/√2 and (1, −1)/√2.
        let (values, vectors) = symmetric_eigen(&[2.0, 1.0, 1.0, 2.0], 2);
        assert!((values[0] - 3.0).abs() < 1e-12 && (values[1] - 1.0).abs() < 1e-12);
        let r = std::f64::consts::FRAC_1_SQRT_2;
        assert!((vectors[0][0].abs() - r).abs() < 1e-12);
        assert!((vectors[0][0] - vectors[0][1]).abs() < 1e-12);
        assert!((vectors[1][0] + vectors[1][1]).abs() < 1e-12);
    }

    #[test]
    fn gram_schmidt() {
        let mut v = vec![
            vec![1.0, 1.0, 0.0],
            vec![1.0, 0.0, 0.0],
            vec![2.0, 2.0, 0.0],
        ];
        orthonormalize(&mut v);
        assert!((norm(&v[0]) - 1.0).abs() < 1e-12);
        assert!(dot(&v[0], &v[1]).abs() < 1e-12);
        assert!(norm(&v[2]) < 1e-12);
        assert_eq!(cosine(&[1.0, 0.0], &[0.0, 0.0]), None);
    }
}
