//! Association statistics of a 2×2 table, `docs/spec/metrics.md` section 5: the bias score,
//! PMI and normalised PMI, phi, the odds ratio with its 95% interval, Pearson's
//! chi-square p-value, and Benjamini–Hochberg q-values over a table of tests.

use serde::{Deserialize, Serialize};

use crate::metrics::stats::ratio;

pub use crate::metrics::stats::Z_975;

/// The four counts of "has m" × "is in g": `n11` has both, `n10` has `m` only,
/// `n01` is in `g` only, `n00` neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoByTwo {
    /// Has `m`, in `g`.
    pub n11: u64,
    /// Has `m`, not in `g`.
    pub n10: u64,
    /// Lacks `m`, in `g`.
    pub n01: u64,
    /// Lacks `m`, not in `g`.
    pub n00: u64,
}

/// A PMI value: finite, or −∞ when the two never co-occur.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pmi {
    /// `ln(P(m,g) / (P(m)P(g)))`.
    Finite(f64),
    /// `n11 = 0`.
    NegativeInfinity,
}

impl Pmi {
    /// As an `f64` (−∞ included).
    pub fn as_f64(self) -> f64 {
        match self {
            Pmi::Finite(v) => v,
            Pmi::NegativeInfinity => f64::NEG_INFINITY,
        }
    }
}

/// Every statistic of one 2×2 table. `None` is undefined.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Association {
    /// The counts.
    pub counts: TwoByTwo,
    /// `P(g | m)`, the bias score.
    pub p_group_given_attr: Option<f64>,
    /// `P(m | g)`.
    pub p_attr_given_group: Option<f64>,
    /// PMI; undefined when `m` or `g` never occurs.
    pub pmi: Option<Pmi>,
    /// Normalised PMI in [−1, 1]; −1 when `n11 = 0`, 1 when `P(m,g) = 1`.
    pub npmi: Option<f64>,
    /// Phi coefficient; undefined when a margin is 0.
    pub phi: Option<f64>,
    /// Odds ratio (Haldane–Anscombe: 0.5 added to every cell when one is 0).
    pub odds_ratio: Option<f64>,
    /// Its 95% interval from the log odds ratio's standard error.
    pub odds_ratio_ci95: Option<[f64; 2]>,
    /// Pearson chi-square p-value (1 df, no continuity correction); undefined when a margin is 0.
    pub chi2_p: Option<f64>,
}

impl TwoByTwo {
    /// All rows.
    pub fn total(&self) -> u64 {
        self.n11 + self.n10 + self.n01 + self.n00
    }

    /// Computes every statistic of section 5.
    pub fn association(&self) -> Association {
        let &TwoByTwo { n11, n10, n01, n00 } = self;
        let n = self.total();
        let has = n11 + n10;
        let lacks = n01 + n00;
        let in_g = n11 + n01;
        let out_g = n10 + n00;
        let margins_positive = has > 0 && lacks > 0 && in_g > 0 && out_g > 0;

        let pmi = (has > 0 && in_g > 0).then(|| {
            if n11 == 0 {
                Pmi::NegativeInfinity
            } else {
                Pmi::Finite(((n11 as f64) * (n as f64) / ((has as f64) * (in_g as f64))).ln())
            }
        });
        let npmi = pmi.map(|p| match p {
            Pmi::NegativeInfinity => -1.0,
            Pmi::Finite(v) => {
                if n11 == n {
                    1.0
                } else {
                    v / -((n11 as f64) / (n as f64)).ln()
                }
            }
        });
        let product = (has as f64) * (lacks as f64) * (in_g as f64) * (out_g as f64);
        let cross = (n11 as f64) * (n00 as f64) - (n10 as f64) * (n01 as f64);
        let phi = margins_positive.then(|| cross / product.sqrt());
        let chi2_p = margins_positive.then(|| {
            let chi2 = (n as f64) * cross * cross / product;
            libm::erfc((chi2 / 2.0).sqrt())
        });

        let (odds_ratio, odds_ratio_ci95) = if n == 0 {
            (None, None)
        } else {
            let shift = if n11 == 0 || n10 == 0 || n01 == 0 || n00 == 0 {
                0.5
            } else {
                0.0
            };
            let [a, b, c, d] = [n11, n10, n01, n00].map(|x| x as f64 + shift);
            let log_or = (a * d / (b * c)).ln();
            let se = (1.0 / a + 1.0 / b + 1.0 / c + 1.0 / d).sqrt();
            (
                Some(log_or.exp()),
                Some([(log_or - Z_975 * se).exp(), (log_or + Z_975 * se).exp()]),
            )
        };

        Association {
            counts: *self,
            p_group_given_attr: ratio(n11, has),
            p_attr_given_group: ratio(n11, in_g),
            pmi,
            npmi,
            phi,
            odds_ratio,
            odds_ratio_ci95,
            chi2_p,
        }
    }
}

/// Benjamini–Hochberg q-values of a list of p-values; undefined p-values are left
/// out of the correction (and get no q-value).
pub fn benjamini_hochberg(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut defined: Vec<(usize, f64)> = p
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.map(|p| (i, p)))
        .collect();
    defined.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let m = defined.len() as f64;
    let mut q = vec![None; p.len()];
    let mut running = 1.0_f64;
    for (rank, &(i, p)) in defined.iter().enumerate().rev() {
        running = running.min(p * m / (rank as f64 + 1.0)).min(1.0);
        if let Some(slot) = q.get_mut(i) {
            *slot = Some(running);
        }
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn hand_computed_table() {
        // n11=10, n10=20, n01=30, n00=40; N=100.
        let a = TwoByTwo {
            n11: 10,
            n10: 20,
            n01: 30,
            n00: 40,
        }
        .association();
        assert!(close(a.p_group_given_attr.unwrap(), 10.0 / 30.0));
        assert!(close(a.p_attr_given_group.unwrap(), 10.0 / 40.0));
        // PMI = ln(0.1 / (0.3 * 0.4)) = ln(5/6).
        let pmi = a.pmi.unwrap().as_f64();
        assert!(close(pmi, (5.0f64 / 6.0).ln()));
        assert!(close(a.npmi.unwrap(), (5.0f64 / 6.0).ln() / -(0.1f64).ln()));
        // phi = (400 - 600) / sqrt(30 * 70 * 40 * 60) = -200 / sqrt(5_040_000).
        assert!(close(a.phi.unwrap(), -200.0 / 5_040_000f64.sqrt()));
        // OR = 400/600; SE = sqrt(1/10+1/20+1/30+1/40).
        assert!(close(a.odds_ratio.unwrap(), 2.0 / 3.0));
        let se = (0.1f64 + 0.05 + 1.0 / 30.0 + 0.025).sqrt();
        let [lo, hi] = a.odds_ratio_ci95.unwrap();
        assert!(close(lo, ((2.0f64 / 3.0).ln() - Z_975 * se).exp()));
        assert!(close(hi, ((2.0f64 / 3.0).ln() + Z_975 * se).exp()));
        // chi2 = 100 * 200^2 / 5_040_000 = 0.793650…; p = erfc(sqrt(chi2 / 2)), as scipy.stats.chi2.sf(chi2, 1).
        assert!((a.chi2_p.unwrap() - 0.372_998_483_613_487_14).abs() < 1e-12);
    }

    #[test]
    fn zero_cells() {
        // Never together: PMI is −∞, nPMI −1, OR with Haldane–Anscombe.
        let a = TwoByTwo {
            n11: 0,
            n10: 5,
            n01: 5,
            n00: 10,
        }
        .association();
        assert_eq!(a.pmi, Some(Pmi::NegativeInfinity));
        assert_eq!(a.npmi, Some(-1.0));
        assert!(close(a.odds_ratio.unwrap(), (0.5 * 10.5) / (5.5 * 5.5)));
        assert!(a.phi.is_some());
        // A margin of 0 (nobody lacks m): phi and chi-square undefined.
        let b = TwoByTwo {
            n11: 3,
            n10: 7,
            n01: 0,
            n00: 0,
        }
        .association();
        assert_eq!(b.phi, None);
        assert_eq!(b.chi2_p, None);
        assert_eq!(b.p_attr_given_group, Some(1.0));
        // Everyone has m and is in g: P(m,g) = 1, nPMI is 1.
        let c = TwoByTwo {
            n11: 4,
            n10: 0,
            n01: 0,
            n00: 0,
        }
        .association();
        assert_eq!(c.npmi, Some(1.0));
        assert_eq!(c.pmi, Some(Pmi::Finite(0.0)));
        // m never occurs: P(g|m) and PMI undefined.
        let d = TwoByTwo {
            n11: 0,
            n10: 0,
            n01: 2,
            n00: 3,
        }
        .association();
        assert_eq!(d.p_group_given_attr, None);
        assert_eq!(d.pmi, None);
        assert_eq!(d.npmi, None);
        // Empty table.
        let e = TwoByTwo {
            n11: 0,
            n10: 0,
            n01: 0,
            n00: 0,
        }
        .association();
        assert_eq!(e.odds_ratio, None);
    }

    #[test]
    fn perfect_association() {
        let a = TwoByTwo {
            n11: 5,
            n10: 0,
            n01: 0,
            n00: 5,
        }
        .association();
        assert!(close(a.phi.unwrap(), 1.0));
        // chi2 = 10, p = erfc(sqrt(5)).
        assert!(close(a.chi2_p.unwrap(), 0.001_565_402_258_002_549_3));
    }

    #[test]
    fn benjamini_hochberg_textbook() {
        // Benjamini & Hochberg (1995), their 15 p-values; q from R's p.adjust(method = "BH").
        let p = [
            0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262,
            0.5719, 0.6528, 0.7590, 1.0000,
        ];
        let expected = [
            0.0015,
            0.0030,
            0.0095,
            0.035625,
            0.0603,
            0.06385714285714286,
            0.06385714285714286,
            0.0645,
            0.0765,
            0.486,
            0.5811818181818182,
            0.714875,
            0.7532307692307693,
            0.8132142857142857,
            1.0,
        ];
        let q = benjamini_hochberg(&p.map(Some));
        for (q, e) in q.iter().zip(expected) {
            assert!(close(q.unwrap(), e), "{q:?} vs {e}");
        }
        // Undefined p-values are skipped and do not count in m.
        let q = benjamini_hochberg(&[Some(0.01), None, Some(0.04)]);
        assert_eq!(q[1], None);
        assert!(close(q[0].unwrap(), 0.02) && close(q[2].unwrap(), 0.04));
    }
}
