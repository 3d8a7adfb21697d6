//! The TensorFlow Embedding Projector's `vectors.tsv`: one row per line,
//! tab-separated numbers, no header (its `metadata.tsv` is read as the annotations).

use crate::embeddings::matrix::Embeddings;
use crate::error::InputError;

/// Reads a `vectors.tsv`.
pub fn parse_vectors_tsv(file: &str, bytes: &[u8]) -> Result<Embeddings, InputError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| InputError::file(file, "the vectors file is not UTF-8 text"))?;
    let mut values = Vec::new();
    let mut dim = None;
    let mut rows = 0;
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        if line.trim().is_empty() {
            continue;
        }
        let before = values.len();
        for (c, cell) in line.split('\t').enumerate() {
            let v: f32 = cell.trim().parse().map_err(|_| {
                InputError::at_position(
                    file,
                    line_no,
                    c + 1,
                    format!("\"{}\" is not a number", cell.trim()),
                )
            })?;
            if !v.is_finite() {
                return Err(InputError::at_position(
                    file,
                    line_no,
                    c + 1,
                    "NaN or infinite: every value must be a finite number",
                ));
            }
            values.push(v);
        }
        let width = values.len() - before;
        match dim {
            None => dim = Some(width),
            Some(d) if d != width => {
                return Err(InputError::at(
                    file,
                    line_no,
                    None,
                    format!("this row has {width} values, the first row has {d}"),
                ))
            }
            Some(_) => {}
        }
        rows += 1;
    }
    let dim = dim.ok_or_else(|| InputError::file(file, "the vectors file is empty"))?;
    Embeddings::new(file, rows, dim, values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_of_tab_separated_numbers() {
        let e = parse_vectors_tsv("v.tsv", b"1\t2\n3\t4.5\n\n").unwrap();
        assert_eq!((e.rows, e.dim), (2, 2));
        assert_eq!(e.values, [1.0, 2.0, 3.0, 4.5]);
        let err = parse_vectors_tsv("v.tsv", b"1\t2\n3\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 2") && err.contains("has 1 values"),
            "{err}"
        );
        let err = parse_vectors_tsv("v.tsv", b"1\tx\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 1, column 2:"), "{err}");
        let err = parse_vectors_tsv("v.tsv", b"1\tNaN\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("finite"), "{err}");
    }
}
