//! NumPy's `.npy` format, versions 1–3, as `np.save` writes it: a magic string, a
//! version, a header length (2 bytes in version 1, 4 in versions 2 and 3), a Python
//! dict literal (`{'descr': '<f4', 'fortran_order': False, 'shape': (N, D), }`)
//! and the data. Little-endian float16, float32 and float64, C order, 2-D.

use crate::embeddings::matrix::Embeddings;
use crate::error::InputError;

/// The first bytes of every `.npy` file.
pub const MAGIC: &[u8] = b"\x93NUMPY";

/// The element types biaslens reads (little-endian).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dtype {
    /// float16.
    F16,
    /// float32.
    F32,
    /// float64.
    F64,
}

/// What a `.npy` header says: enough to read the data that follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The element type.
    pub dtype: Dtype,
    /// Rows (the first dimension).
    pub rows: usize,
    /// Columns (the second dimension).
    pub dim: usize,
    /// Where the data starts, in bytes from the start of the file.
    pub data_start: usize,
}

impl Dtype {
    /// Bytes per element.
    pub fn size(self) -> usize {
        match self {
            Dtype::F16 => 2,
            Dtype::F32 => 4,
            Dtype::F64 => 8,
        }
    }
}

/// The value of `key` in the header dict, as its literal text.
fn field<'a>(header: &'a str, key: &str) -> Option<&'a str> {
    let at = header.find(&format!("'{key}'"))? + key.len() + 2;
    let rest = header
        .get(at..)?
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let end = if rest.starts_with('(') {
        rest.find(')')? + 1
    } else {
        rest.find([',', '}'])?
    };
    rest.get(..end).map(str::trim)
}

/// An IEEE half-precision value.
fn f16_to_f32(bits: u16) -> f32 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let fraction = f32::from(bits & 0x3ff);
    match exponent {
        0 => sign * fraction * 2f32.powi(-24),
        31 if fraction == 0.0 => sign * f32::INFINITY,
        31 => f32::NAN,
        e => sign * (1.0 + fraction / 1024.0) * 2f32.powi(e - 15),
    }
}

/// Reads a `.npy` header from the start of a file (`bytes` may stop after the
/// header) whose whole length is `file_len`, checking that the data fits.
pub fn parse_header(file: &str, bytes: &[u8], file_len: usize) -> Result<Header, InputError> {
    let err = |m: String| InputError::file(file, m);
    if !bytes.starts_with(MAGIC) {
        return Err(err(
            "not a NumPy .npy file (it does not start with \\x93NUMPY): save the array with np.save".into(),
        ));
    }
    let major = bytes.get(6).copied().unwrap_or(0);
    let (header_len, start) = match major {
        1 => (
            bytes
                .get(8..10)
                .map(|b| usize::from(u16::from_le_bytes(array(b)))),
            10,
        ),
        2 | 3 => (
            bytes
                .get(8..12)
                .map(|b| u32::from_le_bytes(array(b)) as usize),
            12,
        ),
        v => {
            return Err(err(format!(
                "unsupported .npy format version {v} (1, 2 and 3 are read)"
            )))
        }
    };
    let header_len = header_len.ok_or_else(|| err("the .npy header is cut short".into()))?;
    let header = bytes
        .get(start..start + header_len)
        .ok_or_else(|| err("the .npy header is cut short".into()))?;
    let header =
        std::str::from_utf8(header).map_err(|_| err("the .npy header is not text".into()))?;
    let descr = field(header, "descr")
        .ok_or_else(|| err("the .npy header has no 'descr'".into()))?
        .trim_matches(['\'', '"']);
    let dtype = match descr {
        "<f2" => Dtype::F16,
        "<f4" => Dtype::F32,
        "<f8" => Dtype::F64,
        d if d.starts_with('>') => {
            return Err(err(format!(
                "the array is big-endian ({d}): save it little-endian, e.g. x.astype('<f4')"
            )))
        }
        d => {
            return Err(err(format!(
                "the array's type is {d}: embeddings must be float16, float32 or float64 (x.astype(np.float32))"
            )))
        }
    };
    if field(header, "fortran_order") != Some("False") {
        return Err(err(
            "the array is in Fortran order: save it in C order (np.ascontiguousarray(x))".into(),
        ));
    }
    let shape =
        field(header, "shape").ok_or_else(|| err("the .npy header has no 'shape'".into()))?;
    let dims: Vec<usize> = shape
        .trim_matches(['(', ')'])
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<usize>())
        .collect::<Result<_, _>>()
        .map_err(|_| err(format!("the .npy shape {shape} is not a list of sizes")))?;
    let [rows, dim] = dims[..] else {
        return Err(err(format!(
            "the array has shape {shape}: embeddings must be 2-D (rows × dimensions)"
        )));
    };
    let data_start = start + header_len;
    let available = file_len.saturating_sub(data_start);
    let expected = rows
        .checked_mul(dim)
        .and_then(|n| n.checked_mul(dtype.size()))
        .ok_or_else(|| err(format!("the shape {shape} is too large")))?;
    if available < expected {
        return Err(err(format!(
            "the file is cut short: shape {shape} needs {expected} bytes of data, it has {available}"
        )));
    }
    Ok(Header {
        dtype,
        rows,
        dim,
        data_start,
    })
}

/// Reads a `.npy` file.
pub fn parse_npy(file: &str, bytes: &[u8]) -> Result<Embeddings, InputError> {
    let Header {
        dtype,
        rows,
        dim,
        data_start,
    } = parse_header(file, bytes, bytes.len())?;
    let data = bytes.get(data_start..).unwrap_or_default();
    let values: Vec<f32> = match dtype {
        Dtype::F16 => data
            .chunks_exact(2)
            .take(rows * dim)
            .map(|b| f16_to_f32(u16::from_le_bytes(array(b))))
            .collect(),
        Dtype::F32 => data
            .chunks_exact(4)
            .take(rows * dim)
            .map(|b| f32::from_le_bytes(array(b)))
            .collect(),
        Dtype::F64 => data
            .chunks_exact(8)
            .take(rows * dim)
            .map(|b| f64::from_le_bytes(array(b)) as f32)
            .collect(),
    };
    Embeddings::new(file, rows, dim, values)
}

/// Writes float32 embeddings as a version-1 `.npy` file (what `np.load` reads).
pub fn to_npy(e: &Embeddings) -> Vec<u8> {
    let mut header = format!(
        "{{'descr': '<f4', 'fortran_order': False, 'shape': ({}, {}), }}",
        e.rows, e.dim
    );
    // Pad so that the data starts on a 64-byte boundary, ending with a newline.
    while (MAGIC.len() + 4 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut out = Vec::with_capacity(MAGIC.len() + 4 + header.len() + 4 * e.values.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[1, 0]);
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    for v in &e.values {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out
}

/// The first `N` bytes of a slice of at least `N` (the readers' chunks are exact;
/// zeros otherwise).
fn array<const N: usize>(b: &[u8]) -> [u8; N] {
    b.get(..N).and_then(|b| b.try_into().ok()).unwrap_or([0; N])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_precision() {
        assert_eq!(f16_to_f32(0x3c00), 1.0);
        assert_eq!(f16_to_f32(0xc000), -2.0);
        assert_eq!(f16_to_f32(0x3800), 0.5);
        assert_eq!(f16_to_f32(0x0001), 2f32.powi(-24));
        assert!(f16_to_f32(0x7e00).is_nan());
        assert_eq!(f16_to_f32(0x7c00), f32::INFINITY);
    }

    #[test]
    fn writes_what_it_reads() {
        let e = Embeddings::new("e", 2, 3, vec![1.0, -2.0, 0.5, 3.0, 4.0, 5.0]).unwrap();
        let bytes = to_npy(&e);
        assert_eq!(bytes.len() % 4, 0);
        assert_eq!(parse_npy("e.npy", &bytes).unwrap(), e);
    }

    #[test]
    fn the_header_reads_from_the_first_bytes() {
        let e = Embeddings::new("e", 2, 3, vec![1.0, -2.0, 0.5, 3.0, 4.0, 5.0]).unwrap();
        let bytes = to_npy(&e);
        // The data (6 float32 values) is left out of what the header is read from.
        let head = &bytes[..bytes.len() - 24];
        let h = parse_header("e.npy", head, bytes.len()).unwrap();
        assert_eq!((h.dtype, h.rows, h.dim), (Dtype::F32, 2, 3));
        assert_eq!((h.data_start, h.data_start % 64), (head.len(), 0));
        let short = parse_header("e.npy", head, bytes.len() - 1).unwrap_err();
        assert!(short.to_string().contains("cut short"), "{short}");
    }

    #[test]
    fn header_fields() {
        let h = "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 3), }";
        assert_eq!(field(h, "descr"), Some("'<f4'"));
        assert_eq!(field(h, "fortran_order"), Some("False"));
        assert_eq!(field(h, "shape"), Some("(4, 3)"));
    }
}
