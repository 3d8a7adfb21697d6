//! Small statistics shared by the metrics.

/// The 97.5th percentile of the standard normal: the half-width of a 95% interval in
/// standard errors.
pub const Z_975: f64 = 1.959_963_984_540_054;

/// Mean of the values, `None` when there are none.
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        None
    } else {
        Some(values.iter().sum::<f64>() / values.len() as f64)
    }
}

/// Population variance (divide by the number of values), `None` when there are none.
pub fn population_variance(values: &[f64]) -> Option<f64> {
    let m = mean(values)?;
    Some(values.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / values.len() as f64)
}

/// `a / b`, undefined (`None`) when `b` is 0.
pub fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// `(a - b) / n` for counts, undefined when `n` is 0.
pub fn count_difference(a: u64, b: u64, n: u64) -> Option<f64> {
    (n > 0).then(|| (a as f64 - b as f64) / n as f64)
}

/// The 95% Wilson score interval of `correct / rows` (statsmodels'
/// `proportion_confint(correct, rows, method="wilson")`), undefined without rows.
pub fn wilson(correct: u64, rows: u64) -> Option<[f64; 2]> {
    if rows == 0 {
        return None;
    }
    let (n, z) = (rows as f64, Z_975);
    let p = correct as f64 / n;
    let denominator = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denominator;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denominator;
    Some([(centre - half).max(0.0), (centre + half).min(1.0)])
}

/// Newcombe's hybrid score interval (his method 10) of the difference
/// `a.0 / a.1 − b.0 / b.1` of two independent proportions, each `(correct,
/// rows)` (statsmodels' `confint_proportions_2indep(…, method="newcomb",
/// compare="diff")`), undefined when either has no rows.
pub fn newcombe(a: (u64, u64), b: (u64, u64)) -> Option<[f64; 2]> {
    let [a_low, a_high] = wilson(a.0, a.1)?;
    let [b_low, b_high] = wilson(b.0, b.1)?;
    let (pa, pb) = (a.0 as f64 / a.1 as f64, b.0 as f64 / b.1 as f64);
    let d = pa - pb;
    let low = d - ((pa - a_low).powi(2) + (b_high - pb).powi(2)).sqrt();
    let high = d + ((a_high - pa).powi(2) + (pb - b_low).powi(2)).sqrt();
    Some([low, high])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// statsmodels 0.15.0: `proportion_confint(7, 20, method="wilson")`, `(0, 5)`,
    /// `(30, 30)`; `confint_proportions_2indep(18, 20, 9, 25, method="newcomb",
    /// compare="diff")` and `(0, 5, 5, 5)`.
    #[test]
    fn wilson_and_newcombe_equal_statsmodels() {
        let close =
            |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).abs() < 1e-12 && (a[1] - b[1]).abs() < 1e-12;
        assert!(close(
            wilson(7, 20).unwrap(),
            [0.18119182410108203, 0.5671457233147638]
        ));
        assert!(close(wilson(0, 5).unwrap(), [0.0, 0.43448246478317487]));
        assert!(close(wilson(30, 30).unwrap(), [0.8864866068260311, 1.0]));
        assert!(close(
            newcombe((18, 20), (9, 25)).unwrap(),
            [0.26005818548727117, 0.7132517548022298]
        ));
        assert!(close(
            newcombe((0, 5), (5, 5)).unwrap(),
            [-1.0, -0.38554900569034356]
        ));
        assert_eq!(wilson(0, 0), None);
    }

    #[test]
    fn variance_is_population() {
        assert_eq!(population_variance(&[1.0, 3.0]), Some(1.0));
        assert_eq!(population_variance(&[]), None);
        assert_eq!(ratio(1, 0), None);
        assert_eq!(count_difference(3, 1, 4), Some(0.5));
    }
}
