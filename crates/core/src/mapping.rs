//! Column roles: which column of a table is the id, the split, the group, the
//! attributes and the predictions. Recognised by name (case-insensitive) and
//! reassignable by the user.

use serde::{Deserialize, Serialize};

use crate::table::Table;

/// Prefix of a wide-form ground-truth attribute column (`attr:NAME`).
pub const ATTR_PREFIX: &str = "attr:";
/// Prefix of a wide-form predicted attribute column (`pred:NAME`).
pub const PRED_PREFIX: &str = "pred:";
/// Prefix of a wide-form predicted score column (`score:NAME`).
pub const SCORE_PREFIX: &str = "score:";

/// The most distinct values a column may have to be offered as a group column.
pub const MAX_GROUPS: usize = 50;

/// Which column plays which role. `None` means the table has no such column.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// Instance ids (default: the row number).
    pub id: Option<String>,
    /// `train` / `test` / `val` / other.
    pub split: Option<String>,
    /// The ground-truth group.
    pub group: Option<String>,
    /// The model's predicted group.
    pub pred_group: Option<String>,
    /// Ground-truth attributes in list form.
    pub attributes: Option<String>,
    /// Predicted attributes in list form.
    pub pred_attributes: Option<String>,
    /// An image URL or path.
    pub image: Option<String>,
}

fn find(table: &Table, names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|n| table.column_index(n))
        .and_then(|i| table.columns.get(i).cloned())
}

impl ColumnMapping {
    /// The roles recognised from the column names of `table`.
    pub fn detect(table: &Table) -> Self {
        Self {
            id: find(table, &["id", "image_id"]),
            split: find(table, &["split"]),
            group: find(table, &["group"]),
            pred_group: find(table, &["pred_group"]),
            attributes: find(table, &["attributes"]),
            pred_attributes: find(table, &["pred_attributes"]),
            image: find(table, &["image", "image_url", "url"]),
        }
    }

    /// The same mapping with `column` as the group. The predicted group becomes
    /// `pred_COLUMN` when the table has it (`pred_group` for the column `group`),
    /// and is absent otherwise.
    pub fn with_group(&self, table: &Table, column: &str) -> Self {
        let pred_name = if column.eq_ignore_ascii_case("group") {
            "pred_group".to_owned()
        } else {
            format!("pred_{column}")
        };
        Self {
            group: Some(column.to_owned()),
            pred_group: find(table, &[pred_name.as_str()]),
            ..self.clone()
        }
    }

    /// Whether `column` has a role in this mapping (or is a wide attribute column).
    pub fn has_role(&self, column: &str) -> bool {
        let lower = column.to_ascii_lowercase();
        [
            &self.id,
            &self.split,
            &self.group,
            &self.pred_group,
            &self.attributes,
            &self.pred_attributes,
            &self.image,
        ]
        .iter()
        .any(|r| r.as_deref().is_some_and(|r| r.eq_ignore_ascii_case(column)))
            || lower.starts_with(ATTR_PREFIX)
            || lower.starts_with(PRED_PREFIX)
            || lower.starts_with(SCORE_PREFIX)
    }
}

/// Columns that can serve as the group: the mapped group column first, then every
/// other column without a role whose values are categorical (2 to [`MAX_GROUPS`]
/// distinct values) and that is not a predicted-group column.
pub fn group_candidates(table: &Table, mapping: &ColumnMapping) -> Vec<String> {
    let mut out: Vec<String> = mapping.group.iter().cloned().collect();
    for (i, name) in table.columns.iter().enumerate() {
        let lower = name.to_ascii_lowercase();
        if mapping.has_role(name) || lower.starts_with("pred_") {
            continue;
        }
        let n = table.distinct_values(i, MAX_GROUPS).len();
        if (2..=MAX_GROUPS).contains(&n) {
            out.push(name.clone());
        }
    }
    out
}
