//! Manifests, `docs/spec/formats.md`: a JSON object that names a data set's files by paths
//! relative to its own location (its annotations, and optionally embeddings and
//! an ids file), with the columns' roles, suggested settings, and what the data
//! set is (name, description, license, source). Only `annotations` is required.
//! Resolving the paths is the caller's (a URL in the browser, a path natively).

use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::input::table::Table;

/// A data set described by a manifest.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// The data set's name, shown in the header.
    #[serde(default)]
    pub name: Option<String>,
    /// A paragraph on what it is and what it shows.
    #[serde(default)]
    pub description: Option<String>,
    /// Its license.
    #[serde(default)]
    pub license: Option<String>,
    /// Where the data comes from (a citation or a URL).
    #[serde(default)]
    pub source: Option<String>,
    /// The annotations table, relative to the manifest.
    pub annotations: String,
    /// The embeddings (`.npy` or `vectors.tsv`), relative to the manifest.
    #[serde(default)]
    pub embeddings: Option<String>,
    /// One id per line naming the annotation row of each embedding row.
    #[serde(default)]
    pub ids: Option<String>,
    /// The concepts a probe reads (`docs/spec/formats.md`, "Concepts").
    #[serde(default)]
    pub concepts: Option<String>,
    /// The concepts' text embeddings, one row per concept.
    #[serde(default)]
    pub concept_embeddings: Option<String>,
    /// Which columns play which role, when their names do not say it.
    #[serde(default)]
    pub columns: Columns,
    /// Settings the data set is meant to be viewed with.
    #[serde(default)]
    pub settings: Settings,
}

/// Column roles named by a manifest.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Columns {
    /// The group column.
    #[serde(default)]
    pub group: Option<String>,
    /// The predicted group column.
    #[serde(default)]
    pub pred_group: Option<String>,
    /// The ground-truth attributes column (a list per row).
    #[serde(default)]
    pub attributes: Option<String>,
    /// The predicted attributes column.
    #[serde(default)]
    pub pred_attributes: Option<String>,
}

/// Suggested settings (a link's own settings win over these).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Settings {
    /// Smallest combination size.
    #[serde(default)]
    pub k_min: Option<usize>,
    /// Largest combination size.
    #[serde(default)]
    pub k_max: Option<usize>,
    /// Minimum support.
    #[serde(default)]
    pub min_support: Option<u64>,
    /// Score threshold.
    #[serde(default)]
    pub threshold: Option<f64>,
}

/// Reads a manifest, or `None` when the bytes are not one (anything but a single
/// JSON object with an `annotations` key, such as an annotations table).
///
/// A JSON object that is broken (a manifest with a typo, say) is an error located
/// at the break, unless its first line is a whole object of its own (JSON Lines,
/// which the table reader reports on).
pub fn sniff(file: &str, bytes: &[u8]) -> Result<Option<Manifest>, InputError> {
    let object = match serde_json::from_slice(bytes) {
        Ok(serde_json::Value::Object(object)) => object,
        Ok(_) => return Ok(None),
        Err(e) if e.is_syntax() || e.is_eof() => {
            let Ok(text) = std::str::from_utf8(bytes) else {
                return Ok(None);
            };
            let text = text.trim_start_matches('\u{feff}').trim_start();
            let lower = file.to_ascii_lowercase();
            let lines = lower.ends_with(".jsonl") || lower.ends_with(".ndjson");
            let first = text.lines().next().unwrap_or_default();
            let json_lines = serde_json::from_str::<serde_json::Value>(first).is_ok();
            if !text.starts_with('{') || lines || json_lines {
                return Ok(None);
            }
            return Err(InputError::at_position(
                file,
                e.line().max(1),
                e.column(),
                format!(
                    "this is not valid JSON: {}",
                    crate::input::table::json_reason(&e)
                ),
            ));
        }
        Err(_) => return Ok(None),
    };
    if !object.contains_key("annotations") {
        return Ok(None);
    }
    serde_json::from_value(serde_json::Value::Object(object))
        .map(Some)
        .map_err(|e| InputError::file(file, format!("not a valid manifest: {e}")))
}

impl Manifest {
    /// Gives the columns the manifest names the names biaslens recognises, so
    /// that the usual detection finds them (a column that already had such a
    /// name keeps its values under `NAME (unused)`). Returns the group column.
    pub fn apply_columns(
        &self,
        file: &str,
        table: &mut Table,
    ) -> Result<Option<String>, InputError> {
        let group = self.columns.group.clone();
        let pred_group_name = match group.as_deref() {
            None => "pred_group".to_owned(),
            Some(g) if g.eq_ignore_ascii_case("group") => "pred_group".to_owned(),
            Some(g) => format!("pred_{g}"),
        };
        if let Some(g) = &group {
            self.find(file, table, "group", g)?;
        }
        for (role, named) in [
            (pred_group_name.as_str(), &self.columns.pred_group),
            ("attributes", &self.columns.attributes),
            ("pred_attributes", &self.columns.pred_attributes),
        ] {
            let Some(named) = named else { continue };
            let at = self.find(file, table, role, named)?;
            if named.eq_ignore_ascii_case(role) {
                continue;
            }
            if let Some(taken) = table
                .column_index(role)
                .and_then(|c| table.columns.get_mut(c))
            {
                *taken = format!("{role} (unused)");
            }
            if let Some(column) = table.columns.get_mut(at) {
                *column = role.to_owned();
            }
        }
        Ok(group)
    }

    /// The index of a column the manifest names, or an error naming what exists.
    fn find(
        &self,
        file: &str,
        table: &Table,
        role: &str,
        named: &str,
    ) -> Result<usize, InputError> {
        table.column_index(named).ok_or_else(|| {
            InputError::file(
                file,
                format!(
                    "columns: the {role} column \"{named}\" is not in {} (its columns: {})",
                    table.file,
                    table.columns.join(", ")
                ),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::table::parse_table;

    #[test]
    fn a_manifest_is_told_from_an_annotations_file() {
        let m = br#"{"name": "K", "annotations": "a.csv", "embeddings": "e.npy",
                     "columns": {"group": "gender"}, "settings": {"k_max": 2, "min_support": 5}}"#;
        let m = sniff("m.json", m).unwrap().unwrap();
        assert_eq!(m.annotations, "a.csv");
        assert_eq!(m.embeddings.as_deref(), Some("e.npy"));
        assert_eq!(
            (m.settings.k_max, m.settings.min_support),
            (Some(2), Some(5))
        );
        // An annotations table in JSON (an array), JSON Lines, or CSV: not manifests.
        for other in [
            &b"[{\"group\": \"a\"}]"[..],
            b"{\"group\": \"a\"}\n{\"group\": \"b\"}\n",
            b"group\na\n",
        ] {
            assert_eq!(sniff("x", other).unwrap(), None);
        }
        // A manifest with a wrong type says which.
        let err = sniff("m.json", br#"{"annotations": 3}"#)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("m.json") && err.contains("invalid type"),
            "{err}"
        );
    }

    #[test]
    fn columns_are_renamed_to_their_roles() {
        let csv = "gender,model_gender,objects,attributes\nman,man,a|b,x\nwoman,man,b,y\n";
        let mut t = parse_table("a.csv", csv.as_bytes()).unwrap();
        let m = Manifest {
            annotations: "a.csv".into(),
            columns: Columns {
                group: Some("gender".into()),
                pred_group: Some("model_gender".into()),
                attributes: Some("objects".into()),
                pred_attributes: None,
            },
            ..Manifest::default()
        };
        let group = m.apply_columns("m.json", &mut t).unwrap();
        assert_eq!(group.as_deref(), Some("gender"));
        assert_eq!(
            t.columns,
            ["gender", "pred_gender", "attributes", "attributes (unused)"]
        );
        let d =
            crate::build_from_table("k", &t, &crate::ColumnChoice::group(group.as_deref()), 0.5)
                .unwrap();
        assert_eq!(d.attributes, ["a", "b"]);
        // A column the annotations lack is named in the error, with what they have.
        let wrong = Manifest {
            columns: Columns {
                attributes: Some("things".into()),
                ..Columns::default()
            },
            ..m
        };
        let err = wrong
            .apply_columns("m.json", &mut t)
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"things\" is not in a.csv"), "{err}");
    }
}
