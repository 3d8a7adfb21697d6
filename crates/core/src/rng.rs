//! A seeded random number generator that gives the same stream natively and in
//! WebAssembly (ChaCha8), for the demo generators and resampling.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// A portable, seeded random stream.
#[derive(Debug, Clone)]
pub struct SeededRng(ChaCha8Rng);

impl SeededRng {
    /// A stream determined by `seed`.
    pub fn new(seed: u64) -> Self {
        Self(ChaCha8Rng::seed_from_u64(seed))
    }

    /// Stream `stream` of the generator seeded with `seed`: independent streams that
    /// can be drawn in any order (one per bootstrap replicate), with the same
    /// numbers natively and in WebAssembly.
    pub fn with_stream(seed: u64, stream: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        Self(rng)
    }

    /// A uniform index in `0..n` (`n` > 0), by Lemire's multiply-shift with rejection,
    /// so every index is exactly equally likely.
    pub fn below(&mut self, n: u32) -> u32 {
        let n64 = u64::from(n.max(1));
        let threshold = (u32::MAX - n.max(1) + 1) % n.max(1);
        loop {
            let x = u64::from(self.0.next_u32());
            let m = x * n64;
            if (m as u32) >= threshold {
                return (m >> 32) as u32;
            }
        }
    }

    /// A uniform number in `[0, 1)` with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// `true` with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Picks an index with the given weights (which need not sum to 1).
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.uniform() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let a: Vec<f64> = {
            let mut r = SeededRng::new(7);
            (0..5).map(|_| r.uniform()).collect()
        };
        let mut r = SeededRng::new(7);
        assert!(a
            .iter()
            .all(|&x| x == r.uniform() && (0.0..1.0).contains(&x)));
        assert_ne!(SeededRng::new(8).uniform(), a[0]);
        let mut r = SeededRng::with_stream(7, 3);
        let draws: Vec<u32> = (0..1000).map(|_| r.below(10)).collect();
        assert!(draws.iter().all(|&d| d < 10));
        assert!((0..10).all(|d| draws.contains(&d)));
        assert_eq!(SeededRng::with_stream(7, 3).below(10), draws[0]);
    }
}
