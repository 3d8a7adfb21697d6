//! The embedding matrix: `rows × dim` finite values aligned with the annotation
//! rows (by position, or by an ids file).

use crate::error::InputError;

/// An `rows × dim` matrix of finite values, row-major, stored as `f32` (what
/// embedding models export; 100,000 × 768 is 307 MB).
#[derive(Debug, Clone, PartialEq)]
pub struct Embeddings {
    /// Number of rows (instances).
    pub rows: usize,
    /// Number of columns (dimensions).
    pub dim: usize,
    /// `rows × dim` values, row after row.
    pub values: Vec<f32>,
}

impl Embeddings {
    /// A matrix from row-major values, checking the shape and that every value is finite.
    pub fn new(file: &str, rows: usize, dim: usize, values: Vec<f32>) -> Result<Self, InputError> {
        if rows.checked_mul(dim) != Some(values.len()) {
            return Err(InputError::file(
                file,
                format!(
                    "the embeddings have {} values, not {rows} rows × {dim} columns",
                    values.len()
                ),
            ));
        }
        if dim == 0 {
            return Err(InputError::file(file, "the embeddings have no columns"));
        }
        if let Some(at) = values.iter().position(|v| !v.is_finite()) {
            let what = if values.get(at).is_some_and(|v| v.is_nan()) {
                "NaN"
            } else {
                "an infinite value"
            };
            return Err(InputError::file(
                file,
                format!(
                    "row {}, column {} of the embeddings is {what}: every value must be a finite number",
                    at / dim + 1,
                    at % dim + 1
                ),
            ));
        }
        Ok(Self { rows, dim, values })
    }

    /// Checks that there is one row of embeddings per annotation row.
    pub fn check_aligned(&self, file: &str, annotation_rows: usize) -> Result<(), InputError> {
        if self.rows == annotation_rows {
            Ok(())
        } else {
            Err(InputError::file(
                file,
                format!(
                    "the embeddings have {} rows but the annotations have {annotation_rows}: row i of the embeddings must belong to annotation row i",
                    self.rows
                ),
            ))
        }
    }

    /// The rows reordered so that row `i` belongs to annotation row `i`, when
    /// row `r` of the embeddings belongs to the annotation whose id is `ids[r]`
    /// (an ids file). Embeddings of ids the annotations lack are left out; an
    /// annotation without an embedding is an error.
    pub fn aligned_by_ids(
        &self,
        file: &str,
        ids: &[String],
        annotation_ids: &[String],
    ) -> Result<Self, InputError> {
        if ids.len() != self.rows {
            return Err(InputError::file(
                file,
                format!(
                    "the ids file has {} ids but the embeddings have {} rows: line i names the row of embedding i",
                    ids.len(),
                    self.rows
                ),
            ));
        }
        let mut row_of: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::with_capacity(ids.len());
        for (r, id) in ids.iter().enumerate() {
            if let Some(first) = row_of.insert(id.as_str(), r) {
                return Err(InputError::file(
                    file,
                    format!(
                        "the id \"{id}\" is listed twice (ids {} and {}): each embedding needs its own id",
                        first + 1,
                        r + 1
                    ),
                ));
            }
        }
        let mut values = Vec::with_capacity(annotation_ids.len() * self.dim);
        for (i, id) in annotation_ids.iter().enumerate() {
            let r = row_of.get(id.as_str()).ok_or_else(|| {
                InputError::file(
                    file,
                    format!(
                        "annotation row {} (id \"{id}\") has no embedding: the ids file does not list it",
                        i + 1
                    ),
                )
            })?;
            values.extend_from_slice(self.row(*r));
        }
        Ok(Self {
            rows: annotation_ids.len(),
            dim: self.dim,
            values,
        })
    }

    /// The rows `rows`, in that order (a row out of range is left out).
    pub fn select(&self, rows: &[usize]) -> Self {
        let values = select_rows(&self.values, self.dim, rows);
        Self {
            rows: values.len() / self.dim.max(1),
            dim: self.dim,
            values,
        }
    }

    /// Row `i` (empty when out of range).
    pub fn row(&self, i: usize) -> &[f32] {
        self.values
            .get(i * self.dim..(i + 1) * self.dim)
            .unwrap_or_default()
    }
}

/// The rows `rows` of the row-major `values`, `width` to a row, in that order
/// (a row out of range is left out).
pub fn select_rows<T: Copy>(values: &[T], width: usize, rows: &[usize]) -> Vec<T> {
    let mut out = Vec::with_capacity(rows.len() * width);
    for &i in rows {
        if let Some(row) = values.get(i * width..(i + 1) * width) {
            out.extend_from_slice(row);
        }
    }
    out
}

/// Reads an ids file: one id per line (surrounding spaces and a final empty line
/// ignored; a first line `id` is a header). Line `i` names the row of embedding `i`.
pub fn parse_ids(file: &str, bytes: &[u8]) -> Result<Vec<String>, InputError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        InputError::file(
            file,
            format!(
                "byte {} is not UTF-8 text: an ids file has one id per line",
                e.valid_up_to() + 1
            ),
        )
    })?;
    let mut ids: Vec<String> = text.lines().map(|l| l.trim().to_owned()).collect();
    if ids.last().is_some_and(String::is_empty) {
        ids.pop();
    }
    if let Some(at) = ids.iter().position(String::is_empty) {
        return Err(InputError::file(
            file,
            format!("line {} is empty: every line needs an id", at + 1),
        ));
    }
    if ids.first().is_some_and(|h| h.eq_ignore_ascii_case("id")) {
        ids.remove(0);
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_selected_in_the_order_asked_and_out_of_range_ones_left_out() {
        let e = Embeddings::new("e", 3, 2, vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
        let s = e.select(&[2, 0, 7]);
        assert_eq!((s.rows, s.dim, s.values), (2, 2, vec![4.0, 5.0, 0.0, 1.0]));
        assert_eq!(select_rows(&[1.5, 2.5, 3.5], 1, &[1, 1]), vec![2.5, 2.5]);
    }
}
