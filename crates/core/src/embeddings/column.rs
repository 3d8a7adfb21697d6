//! Embeddings inside the annotations: a JSON `embedding` column (an array of
//! numbers per row) in JSON or JSON Lines files.

use crate::embeddings::matrix::Embeddings;
use crate::error::InputError;
use crate::input::table::{Cell, Table};

/// The name of the column that holds embeddings.
pub const COLUMN: &str = "embedding";

/// The embeddings of the table's `embedding` column, if it has one.
pub fn from_column(table: &Table) -> Option<Result<Embeddings, InputError>> {
    let c = table.column_index(COLUMN)?;
    let name = table
        .columns
        .get(c)
        .cloned()
        .unwrap_or_else(|| COLUMN.to_owned());
    Some(read(table, c, &name))
}

fn read(table: &Table, c: usize, name: &str) -> Result<Embeddings, InputError> {
    let file = table.file.as_str();
    let mut values = Vec::new();
    let mut dim = None;
    for (r, row) in table.rows.iter().enumerate() {
        let line = table.lines.get(r).copied().unwrap_or(r + 2);
        let at = |m: String| InputError::at(file, line, Some(name), m);
        let Some(Cell::List(items)) = row.get(c) else {
            return Err(at(
                "every row needs an embedding: a JSON array of numbers".into()
            ));
        };
        if dim.is_some_and(|d| d != items.len()) {
            return Err(at(format!(
                "this embedding has {} values, the first has {}",
                items.len(),
                dim.unwrap_or(0)
            )));
        }
        dim = Some(items.len());
        for item in items {
            let v: f32 = item
                .parse()
                .map_err(|_| at(format!("\"{item}\" is not a number")))?;
            if !v.is_finite() {
                return Err(at(
                    "NaN or infinite: every value must be a finite number".into()
                ));
            }
            values.push(v);
        }
    }
    Embeddings::new(file, table.rows.len(), dim.unwrap_or(0), values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::table::parse_table;

    #[test]
    fn a_json_lines_embedding_column() {
        let t = parse_table(
            "e.jsonl",
            b"{\"group\": \"a\", \"embedding\": [1, 2.5]}\n{\"group\": \"b\", \"embedding\": [3, -4]}\n",
        )
        .unwrap();
        let e = from_column(&t).unwrap().unwrap();
        assert_eq!((e.rows, e.dim), (2, 2));
        assert_eq!(e.values, [1.0, 2.5, 3.0, -4.0]);
        let t = parse_table(
            "e.jsonl",
            b"{\"group\": \"a\", \"embedding\": [1, 2]}\n{\"group\": \"b\", \"embedding\": [3]}\n",
        )
        .unwrap();
        let err = from_column(&t).unwrap().unwrap_err().to_string();
        assert!(
            err.contains("line 2") && err.contains("embedding") && err.contains("has 1 values"),
            "{err}"
        );
        let t = parse_table("e.csv", b"group,x\na,1\n").unwrap();
        assert!(from_column(&t).is_none());
    }
}
