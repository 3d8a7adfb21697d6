//! How numbers look on screen: three significant digits, thousands separators,
//! and the full value kept for tooltips and `data-value`.

/// A number as shown: the engine's three significant digits
/// ([`biaslens_core::numbers::sig3`]) with a typographic minus (U+2212) for the
/// sign and in an exponent.
pub fn sig3(x: f64) -> String {
    biaslens_core::numbers::sig3(x).replace('-', "\u{2212}")
}

/// A p- or q-value: like [`sig3`], except that an exact 0 is a value below the
/// smallest double the test's arithmetic holds (an underflow), shown as such.
pub fn p_value(p: f64) -> String {
    if p == 0.0 {
        "< 1e-300".to_owned()
    } else {
        sig3(p)
    }
}

pub use biaslens_core::numbers::thousands;

/// "at least N train row(s) and N test row(s)": a support, in words that agree
/// with their number.
pub fn support_rows(n: u64) -> String {
    let rows = if n == 1 { "row" } else { "rows" };
    format!(
        "at least {} train {rows} and {} test {rows}",
        thousands(n),
        thousands(n)
    )
}

/// The full-precision text of a value for `data-value` (shortest round-trip form).
pub fn full(x: f64) -> String {
    format!("{x:?}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_underflowed_p_value_is_not_zero() {
        assert_eq!(super::p_value(0.0), "< 1e-300");
        assert_eq!(super::p_value(0.0123), "0.0123");
    }

    use super::*;

    #[test]
    fn a_support_in_words() {
        assert_eq!(support_rows(1), "at least 1 train row and 1 test row");
        assert_eq!(
            support_rows(1200),
            "at least 1,200 train rows and 1,200 test rows"
        );
    }

    #[test]
    fn three_significant_digits() {
        assert_eq!(sig3(0.16666), "0.167");
        assert_eq!(sig3(-0.0851234), "\u{2212}0.0851");
        assert_eq!(sig3(-4.2546e-17), "\u{2212}4.25e\u{2212}17");
        assert_eq!(sig3(12.345), "12.3");
        assert_eq!(sig3(0.5), "0.500");
        assert_eq!(sig3(1234.0), "1234");
        assert_eq!(sig3(0.0), "0");
        assert_eq!(sig3(4.2546e-17), "4.25e\u{2212}17");
        assert_eq!(sig3(0.000123), "0.000123");
        assert_eq!(thousands(4000), "4,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(full(0.1), "0.1");
    }
}
