//! Small statistics shared by the metrics.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variance_is_population() {
        assert_eq!(population_variance(&[1.0, 3.0]), Some(1.0));
        assert_eq!(population_variance(&[]), None);
        assert_eq!(ratio(1, 0), None);
        assert_eq!(count_difference(3, 1, 4), Some(0.5));
    }
}
