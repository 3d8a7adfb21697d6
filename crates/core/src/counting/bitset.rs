//! Fixed-size bitsets over rows: the counting layer intersects attribute columns
//! and counts the result with popcount on 64-bit words.

/// A set of row indices `0..len` as packed 64-bit words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitset {
    words: Vec<u64>,
}

impl Bitset {
    /// An empty set able to hold rows `0..len`.
    pub fn new(len: usize) -> Self {
        Self {
            words: vec![0; len.div_ceil(64)],
        }
    }

    /// Adds row `i` (ignored when out of range).
    pub fn insert(&mut self, i: usize) {
        if let Some(w) = self.words.get_mut(i / 64) {
            *w |= 1u64 << (i % 64);
        }
    }

    /// Whether row `i` is in the set.
    pub fn contains(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }

    /// Number of rows in the set.
    pub fn count(&self) -> u64 {
        self.words.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    /// `self ∩ other` into `out` (all three the same length).
    pub fn and_into(&self, other: &Bitset, out: &mut Bitset) {
        for ((o, a), b) in out.words.iter_mut().zip(&self.words).zip(&other.words) {
            *o = a & b;
        }
    }

    /// `self ∪ other` (the same length).
    pub fn union(&self, other: &Bitset) -> Bitset {
        Bitset {
            words: self
                .words
                .iter()
                .zip(&other.words)
                .map(|(a, b)| a | b)
                .collect(),
        }
    }

    /// The rows in the set, in increasing order.
    pub fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let b = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                Some(w * 64 + b)
            })
        })
    }

    /// `self ∩ other` into `out`, returning how many of its rows are in `x` and in
    /// `y`: one pass over the words instead of three.
    pub fn and_into_counting(
        &self,
        other: &Bitset,
        out: &mut Bitset,
        x: &Bitset,
        y: &Bitset,
    ) -> (u64, u64) {
        let (mut in_x, mut in_y) = (0_u64, 0_u64);
        for ((((o, a), b), wx), wy) in out
            .words
            .iter_mut()
            .zip(&self.words)
            .zip(&other.words)
            .zip(&x.words)
            .zip(&y.words)
        {
            let w = a & b;
            *o = w;
            in_x += u64::from((w & wx).count_ones());
            in_y += u64::from((w & wy).count_ones());
        }
        (in_x, in_y)
    }

    /// `|self ∩ other|` without building the intersection.
    pub fn and_count(&self, other: &Bitset) -> u64 {
        self.words
            .iter()
            .zip(&other.words)
            .map(|(a, b)| u64::from((a & b).count_ones()))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_count_and() {
        let mut a = Bitset::new(130);
        let mut b = Bitset::new(130);
        for i in [0, 5, 64, 129] {
            a.insert(i);
        }
        for i in [5, 64, 100] {
            b.insert(i);
        }
        a.insert(1000);
        assert_eq!(a.count(), 4);
        assert_eq!(a.and_count(&b), 2);
        let mut c = Bitset::new(130);
        a.and_into(&b, &mut c);
        assert!(c.contains(5) && c.contains(64) && !c.contains(0));
        assert_eq!(c.count(), 2);
        assert_eq!(a.ones().collect::<Vec<_>>(), vec![0, 5, 64, 129]);
        let mut x = Bitset::new(130);
        x.insert(5);
        let mut d = Bitset::new(130);
        assert_eq!(a.and_into_counting(&b, &mut d, &x, &c), (1, 2));
        assert_eq!(d, c);
    }
}
