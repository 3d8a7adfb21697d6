//! How counts read in messages: thousands separators, and estimates rounded so
//! that they claim no false precision.

/// An integer with thousands separators (`4,000`).
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number with three significant digits, ASCII (`0.0851`, `12.3`, `-0.500`;
/// `0`, `—` for a value that is not finite, `4.25e-17` below 1e-4). The app
/// shows it with a typographic minus (`format::sig3`).
pub fn sig3(x: f64) -> String {
    if x == 0.0 {
        return "0".to_owned();
    }
    if !x.is_finite() {
        return "—".to_owned();
    }
    let magnitude = x.abs().log10().floor() as i32;
    if magnitude < -4 {
        // Tiny values (p- and q-values) in scientific notation: `4.25e-17`.
        return format!("{x:.2e}");
    }
    let decimals = (2 - magnitude).clamp(0, 12) as usize;
    format!("{x:.decimals$}")
}

/// `n` rounded to two significant digits (`123,456` → `120,000`).
pub fn round2(n: u64) -> u64 {
    let mut scale: u64 = 1;
    while n / scale >= 100 {
        scale *= 10;
    }
    n.saturating_add(scale / 2) / scale * scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(4000), "4,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn estimates_keep_two_digits() {
        assert_eq!(round2(7), 7);
        assert_eq!(round2(99), 99);
        assert_eq!(round2(123_456), 120_000);
        assert_eq!(round2(125_000), 130_000);
        assert_eq!(round2(u64::MAX), 18_000_000_000_000_000_000);
    }
}
