//! Column roles: which column of a table is the id, the split, the group, the
//! attributes and the predictions (`docs/spec/formats.md`, column roles).
//! Recognised by name (case-insensitive), and chosen by the user where the names
//! do not say it: a [`ColumnChoice`] (the app's mapping panel, a link's `group=`
//! and `col_ROLE=` keys, the command line's `--ROLE-column` options).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::input::table::{Cell, Table};

/// Prefix of a wide-form ground-truth attribute column (`attr:NAME`).
pub const ATTR_PREFIX: &str = "attr:";
/// Prefix of a wide-form predicted attribute column (`pred:NAME`).
pub const PRED_PREFIX: &str = "pred:";
/// Prefix of a wide-form predicted score column (`score:NAME`).
pub const SCORE_PREFIX: &str = "score:";

/// The most distinct values a column may have to be offered as a group column.
pub const MAX_GROUPS: usize = 50;

/// Names recognised as the group column, the first present winning.
pub const GROUP_NAMES: &[&str] = &["group", "gender", "sex", "race"];
/// Names recognised as the attributes column (list form), the first present winning.
pub const ATTRIBUTE_NAMES: &[&str] = &["attributes", "objects", "labels", "categories", "tags"];
/// Prefixes that make a column the prediction of another (`pred_gender` of `gender`).
pub const PREDICTED_PREFIXES: &[&str] = &["pred_", "predicted_"];

/// `names` in words: "a, b or c".
pub fn either(names: &[&str]) -> String {
    match names.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// A role a column can play.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Instance ids.
    Id,
    /// The split.
    Split,
    /// The ground-truth group.
    Group,
    /// The model's predicted group.
    PredGroup,
    /// Ground-truth attributes, list form.
    Attributes,
    /// Predicted attributes, list form.
    PredAttributes,
    /// An image URL or path.
    Image,
}

impl Role {
    /// Every role, in the order the mapping panel lists them.
    pub const ALL: [Role; 7] = [
        Role::Group,
        Role::PredGroup,
        Role::Attributes,
        Role::PredAttributes,
        Role::Split,
        Role::Id,
        Role::Image,
    ];

    /// The role's key: in links (`col_KEY=`, `group=` for the group), in
    /// manifests' `columns`, and in the command line's `--KEY-column` (with `-`).
    pub fn key(self) -> &'static str {
        match self {
            Role::Id => "id",
            Role::Split => "split",
            Role::Group => "group",
            Role::PredGroup => "pred_group",
            Role::Attributes => "attributes",
            Role::PredAttributes => "pred_attributes",
            Role::Image => "image",
        }
    }

    /// The role named by `key` ([`Role::key`]; `-` and `_` alike).
    pub fn from_key(key: &str) -> Option<Role> {
        let key = key.replace('-', "_");
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The role holding this role's predictions (a chosen group column brings
    /// its `pred_`/`predicted_` column as the predicted group).
    pub fn prediction(self) -> Option<Role> {
        match self {
            Role::Group => Some(Role::PredGroup),
            Role::Attributes => Some(Role::PredAttributes),
            _ => None,
        }
    }

    /// The role in words, for messages and the mapping panel.
    pub fn words(self) -> &'static str {
        match self {
            Role::Id => "id",
            Role::Split => "split",
            Role::Group => "group",
            Role::PredGroup => "predicted group",
            Role::Attributes => "attributes",
            Role::PredAttributes => "predicted attributes",
            Role::Image => "image",
        }
    }
}

/// Columns the user chose for roles, over what the names say. A role chosen as
/// the empty string has no column (a predicted group the user wants left out).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ColumnChoice(pub BTreeMap<Role, String>);

impl ColumnChoice {
    /// No choice: every role as its column's name says.
    pub fn none() -> Self {
        Self::default()
    }

    /// Only the group column chosen (`None`: nothing chosen).
    pub fn group(column: Option<&str>) -> Self {
        let mut c = Self::default();
        if let Some(g) = column {
            c.set(Role::Group, g);
        }
        c
    }

    /// The column chosen for `role`, if any (`""`: none).
    pub fn get(&self, role: Role) -> Option<&str> {
        self.0.get(&role).map(String::as_str)
    }

    /// Chooses `column` for `role` (`""`: no column).
    pub fn set(&mut self, role: Role, column: &str) {
        self.0.insert(role, column.to_owned());
    }

    /// Takes back the choice of `role`: its column's name decides again.
    pub fn clear(&mut self, role: Role) {
        self.0.remove(&role);
    }

    /// Whether nothing is chosen.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// This choice, with `other`'s choices for the roles this one leaves open.
    pub fn or(mut self, other: &ColumnChoice) -> Self {
        for (role, column) in &other.0 {
            self.0.entry(*role).or_insert_with(|| column.clone());
        }
        self
    }
}

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

/// The first of `names` that is a column of `table`, as the table spells it.
fn find(table: &Table, names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|n| table.column_index(n))
        .and_then(|i| table.columns.get(i).cloned())
}

/// The column holding the predictions of `column` (`pred_COLUMN` or
/// `predicted_COLUMN`), if the table has one.
fn predicted(table: &Table, column: &str) -> Option<String> {
    prediction_of(&table.columns, column)
}

/// Among `columns`, the one holding the predictions of `column` (`pred_COLUMN`
/// or `predicted_COLUMN`, case-insensitively), as it is spelled there.
pub fn prediction_of(columns: &[String], column: &str) -> Option<String> {
    PREDICTED_PREFIXES.iter().find_map(|p| {
        let name = format!("{p}{column}");
        columns
            .iter()
            .find(|c| c.eq_ignore_ascii_case(&name))
            .cloned()
    })
}

/// Whether `name` is named as a prediction (`pred_…`, `predicted_…`).
fn is_predicted(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    PREDICTED_PREFIXES.iter().any(|p| lower.starts_with(p))
}

impl ColumnMapping {
    /// The roles recognised from the column names of `table`: the group is the
    /// first of [`GROUP_NAMES`] present, the attributes the first of
    /// [`ATTRIBUTE_NAMES`], and each prediction is its column's `pred_` or
    /// `predicted_` form.
    pub fn detect(table: &Table) -> Self {
        let group = find(table, GROUP_NAMES);
        let attributes = find(table, ATTRIBUTE_NAMES);
        Self {
            id: find(table, &["id", "image_id"]),
            split: find(table, &["split"]),
            pred_group: predicted(table, group.as_deref().unwrap_or("group")),
            pred_attributes: predicted(table, attributes.as_deref().unwrap_or("attributes")),
            group,
            attributes,
            image: find(table, &["image", "image_url", "url"]),
        }
    }

    /// The roles of `table`'s columns: those `choice` names, the rest as
    /// [`ColumnMapping::detect`] finds them. A chosen group or attributes column
    /// brings its own prediction (`pred_COLUMN`, `predicted_COLUMN`) unless the
    /// prediction is chosen too. A chosen column the table lacks, or one column
    /// in two roles, is an error naming the file and its columns.
    pub fn resolve(table: &Table, choice: &ColumnChoice) -> Result<Self, InputError> {
        let mut m = Self::detect(table);
        let file = table.file.as_str();
        let exists = |role: Role, column: &str| -> Result<Option<String>, InputError> {
            if column.is_empty() {
                return Ok(None);
            }
            let at = table.column_index(column).ok_or_else(|| {
                InputError::file(
                    file,
                    format!(
                        "the {} column \"{column}\" is not in {file} (its columns: {})",
                        role.words(),
                        table.columns.join(", ")
                    ),
                )
            })?;
            Ok(table.columns.get(at).cloned())
        };
        // Role::ALL lists each prediction after its column: a chosen prediction
        // wins over the one its column brings.
        for role in Role::ALL {
            if let Some(column) = choice.get(role) {
                let column = exists(role, column)?;
                if let Some(p) = role.prediction() {
                    m.set(p, column.as_deref().and_then(|c| predicted(table, c)));
                }
                m.set(role, column);
            }
        }
        let mut seen: Vec<(Role, &str)> = Vec::new();
        for role in Role::ALL {
            let Some(column) = m.get(role) else { continue };
            if let Some((other, _)) = seen.iter().find(|(_, c)| c.eq_ignore_ascii_case(column)) {
                return Err(InputError::file(
                    file,
                    format!(
                        "the column \"{column}\" is chosen as both the {} and the {}: give each role its own column",
                        other.words(),
                        role.words()
                    ),
                ));
            }
            seen.push((role, column));
        }
        Ok(m)
    }

    /// The column of `role`, if any.
    pub fn get(&self, role: Role) -> Option<&str> {
        match role {
            Role::Id => self.id.as_deref(),
            Role::Split => self.split.as_deref(),
            Role::Group => self.group.as_deref(),
            Role::PredGroup => self.pred_group.as_deref(),
            Role::Attributes => self.attributes.as_deref(),
            Role::PredAttributes => self.pred_attributes.as_deref(),
            Role::Image => self.image.as_deref(),
        }
    }

    /// Gives `role` the column `column` (`None`: no column).
    pub fn set(&mut self, role: Role, column: Option<String>) {
        *self.slot(role) = column;
    }

    fn slot(&mut self, role: Role) -> &mut Option<String> {
        match role {
            Role::Id => &mut self.id,
            Role::Split => &mut self.split,
            Role::Group => &mut self.group,
            Role::PredGroup => &mut self.pred_group,
            Role::Attributes => &mut self.attributes,
            Role::PredAttributes => &mut self.pred_attributes,
            Role::Image => &mut self.image,
        }
    }

    /// The roles a data set needs that no column of `table` plays: the group,
    /// and the attributes unless the table has wide `attr:NAME` columns.
    pub fn missing(&self, table: &Table) -> Vec<Role> {
        let wide = table
            .columns
            .iter()
            .any(|c| c.to_ascii_lowercase().starts_with(ATTR_PREFIX));
        let mut out = Vec::new();
        if self.group.is_none() {
            out.push(Role::Group);
        }
        if self.attributes.is_none() && !wide {
            out.push(Role::Attributes);
        }
        out
    }

    /// Whether `column` has a role in this mapping (or is a wide attribute column).
    pub fn has_role(&self, column: &str) -> bool {
        let lower = column.to_ascii_lowercase();
        Role::ALL
            .iter()
            .any(|&r| self.get(r).is_some_and(|c| c.eq_ignore_ascii_case(column)))
            || lower.starts_with(ATTR_PREFIX)
            || lower.starts_with(PRED_PREFIX)
            || lower.starts_with(SCORE_PREFIX)
    }
}

/// Rows of a file the mapping panel shows beside its columns.
pub const PREVIEW_ROWS: usize = 5;

/// A table that opens once the user chooses columns for the roles its names do
/// not give: what the app's mapping panel shows instead of an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedsColumns {
    /// The file.
    pub file: String,
    /// Its columns, in file order.
    pub columns: Vec<String>,
    /// Its first [`PREVIEW_ROWS`] rows as text (a list's items joined by `|`).
    pub preview: Vec<Vec<String>>,
    /// The roles found so far.
    pub found: ColumnMapping,
    /// The roles a data set needs that no column plays yet.
    pub missing: Vec<Role>,
}

impl NeedsColumns {
    /// What `table` still needs under `mapping`, or `None` when it has every role.
    pub fn of(table: &Table, mapping: &ColumnMapping) -> Option<Self> {
        let missing = mapping.missing(table);
        if missing.is_empty() {
            return None;
        }
        let preview = table
            .rows
            .iter()
            .take(PREVIEW_ROWS)
            .map(|row| {
                row.iter()
                    .map(|c| match c {
                        Cell::Empty => String::new(),
                        Cell::Text(t) => t.clone(),
                        Cell::List(items) => items.join("|"),
                    })
                    .collect()
            })
            .collect();
        Some(Self {
            file: table.file.clone(),
            columns: table.columns.clone(),
            preview,
            found: mapping.clone(),
            missing,
        })
    }

    /// The roles to choose, in words ("choose the group and the attributes").
    pub fn message(&self) -> String {
        let roles: Vec<String> = self
            .missing
            .iter()
            .map(|&r| match r {
                Role::Group => format!("{} (the group)", either(GROUP_NAMES)),
                Role::Attributes => format!("{} (the attributes)", either(ATTRIBUTE_NAMES)),
                other => format!("{} (the {})", other.key(), other.words()),
            })
            .collect();
        format!(
            "{}: no column is named {}; choose {} below",
            self.file,
            roles.join(" or "),
            if roles.len() == 1 { "it" } else { "them" }
        )
    }
}

/// Columns that can serve as the group: the mapped group column first, then every
/// other column without a role whose values are categorical (2 to [`MAX_GROUPS`]
/// distinct values) and that is not named as a prediction.
pub fn group_candidates(table: &Table, mapping: &ColumnMapping) -> Vec<String> {
    let mut out: Vec<String> = mapping.group.iter().cloned().collect();
    for (i, name) in table.columns.iter().enumerate() {
        if mapping.has_role(name) || is_predicted(name) {
            continue;
        }
        let n = table.distinct_values(i, MAX_GROUPS).len();
        if (2..=MAX_GROUPS).contains(&n) {
            out.push(name.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::table::parse_table;

    fn table(csv: &str) -> Table {
        parse_table("t.csv", csv.as_bytes()).unwrap()
    }

    #[test]
    fn common_names_are_recognised_with_their_predictions() {
        let t = table("Gender,predicted_gender,objects,pred_objects,race\nf,f,a,a,x\n");
        let m = ColumnMapping::detect(&t);
        assert_eq!(m.group.as_deref(), Some("Gender"));
        assert_eq!(m.pred_group.as_deref(), Some("predicted_gender"));
        assert_eq!(m.attributes.as_deref(), Some("objects"));
        assert_eq!(m.pred_attributes.as_deref(), Some("pred_objects"));
        assert!(m.missing(&t).is_empty());
        // `group` wins over the other group names, `attributes` over `tags`.
        let t = table("sex,group,pred_group,tags,attributes\nf,a,a,x,y\n");
        let m = ColumnMapping::detect(&t);
        assert_eq!(
            (m.group.as_deref(), m.pred_group.as_deref()),
            (Some("group"), Some("pred_group"))
        );
        assert_eq!(m.attributes.as_deref(), Some("attributes"));
        assert_eq!(m.pred_attributes, None);
    }

    #[test]
    fn a_choice_wins_over_the_names_and_brings_its_prediction() {
        let t = table("who,pred_who,gender,stuff,predicted_stuff,id\nf,f,m,a,a,1\n");
        let mut c = ColumnChoice::group(Some("who"));
        c.set(Role::Attributes, "STUFF");
        let m = ColumnMapping::resolve(&t, &c).unwrap();
        assert_eq!(m.group.as_deref(), Some("who"));
        assert_eq!(m.pred_group.as_deref(), Some("pred_who"));
        assert_eq!(m.attributes.as_deref(), Some("stuff"));
        assert_eq!(m.pred_attributes.as_deref(), Some("predicted_stuff"));
        // An empty choice is no column; the names decide the rest.
        c.set(Role::PredGroup, "");
        let m = ColumnMapping::resolve(&t, &c).unwrap();
        assert_eq!((m.pred_group, m.id.as_deref()), (None, Some("id")));
    }

    #[test]
    fn a_choice_of_a_missing_or_doubled_column_is_refused_in_words() {
        let t = table("a,b\nx,y\n");
        let e = ColumnMapping::resolve(&t, &ColumnChoice::group(Some("sex"))).unwrap_err();
        assert_eq!(e.location.file, "t.csv");
        assert!(
            e.message
                .contains("the group column \"sex\" is not in t.csv (its columns: a, b)"),
            "{e}"
        );
        let mut c = ColumnChoice::group(Some("a"));
        c.set(Role::Attributes, "A");
        let e = ColumnMapping::resolve(&t, &c).unwrap_err();
        assert!(
            e.message.contains("both the group and the attributes"),
            "{e}"
        );
    }

    #[test]
    fn the_roles_a_data_set_needs_are_named_when_missing() {
        let t = table("who,stuff\nf,a\n");
        let m = ColumnMapping::detect(&t);
        assert_eq!(m.missing(&t), vec![Role::Group, Role::Attributes]);
        let t = table("gender,attr:x\nf,1\n");
        assert!(ColumnMapping::detect(&t).missing(&t).is_empty());
    }

    #[test]
    fn a_table_without_its_roles_is_shown_for_choosing() {
        let t = table("who,stuff\nf,a|b\nm,\n");
        let n = NeedsColumns::of(&t, &ColumnMapping::detect(&t)).unwrap();
        assert_eq!(n.columns, ["who", "stuff"]);
        assert_eq!(n.preview, [["f", "a|b"], ["m", ""]]);
        assert_eq!(n.missing, [Role::Group, Role::Attributes]);
        assert_eq!(
            n.message(),
            "t.csv: no column is named group, gender, sex or race (the group) or attributes, \
             objects, labels, categories or tags (the attributes); choose them below"
        );
        let mut c = ColumnChoice::group(Some("who"));
        c.set(Role::Attributes, "stuff");
        assert_eq!(
            NeedsColumns::of(&t, &ColumnMapping::resolve(&t, &c).unwrap()),
            None
        );
    }

    #[test]
    fn predictions_are_not_offered_as_groups() {
        let t = table("group,predicted_age,age\na,1,1\nb,2,2\n");
        let m = ColumnMapping::detect(&t);
        assert_eq!(group_candidates(&t, &m), vec!["group", "age"]);
    }

    #[test]
    fn roles_read_their_keys_in_both_spellings() {
        for r in Role::ALL {
            assert_eq!(Role::from_key(r.key()), Some(r));
            assert_eq!(Role::from_key(&r.key().replace('_', "-")), Some(r));
        }
        assert_eq!(Role::from_key("colour"), None);
    }
}
