//! Concepts, `docs/spec/formats.md` ("Concepts"): which concepts a probe reads,
//! the target values each describes and whether it is core for them, and each
//! row's concept scores (cosine similarities to the concepts' text embeddings,
//! or the annotated attributes when there are none).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::embeddings::Embeddings;
use crate::error::InputError;
use crate::input::dataset::Dataset;
use crate::input::table::{parse_table, Cell, Table};

/// The prefix of a target value naming an attribute's absence (`not water`).
pub const NOT: &str = "not ";

/// One (concept, target value) line of a concepts table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Listing {
    /// The target value it describes.
    pub target: String,
    /// Whether the concept is part of that value.
    pub core: bool,
    /// The line it came from.
    pub line: usize,
}

/// One concept and the values it is listed for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Concept {
    /// Its name.
    pub name: String,
    /// Its lines, in file order.
    pub listings: Vec<Listing>,
}

impl Concept {
    /// Whether it is core for the target value `value`.
    pub fn is_core_for(&self, value: &str) -> bool {
        self.listings.iter().any(|l| l.core && l.target == value)
    }
}

/// A concepts table: its concepts in the order they first appear.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Concepts {
    /// The file it came from.
    pub file: String,
    /// The concepts.
    pub concepts: Vec<Concept>,
}

/// Where a probe's concept scores come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConceptSource {
    /// Cosine similarities of image and concept embeddings.
    Embeddings,
    /// The annotated attributes (1 when a row has the concept, else 0).
    Attributes,
}

/// Reads `core`: true/false, 1/0, yes/no, any case; empty is false.
fn parse_core(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "false" | "0" | "no" => Some(false),
        "true" | "1" | "yes" => Some(true),
        _ => None,
    }
}

/// The text of a cell (a list's items joined by `|`), trimmed.
fn text(cell: Option<&Cell>) -> String {
    match cell {
        Some(Cell::Text(t)) => t.trim().to_owned(),
        Some(Cell::List(items)) => items.join("|"),
        _ => String::new(),
    }
}

/// Parses a concepts table (CSV, TSV, JSON or JSON Lines).
pub fn parse_concepts(file: &str, bytes: &[u8]) -> Result<Concepts, InputError> {
    let table = parse_table(file, bytes)?;
    concepts_of(&table)
}

/// The concepts of a parsed table.
pub fn concepts_of(table: &Table) -> Result<Concepts, InputError> {
    let file = &table.file;
    let column = |name: &str| {
        table.column_index(name).ok_or_else(|| {
            InputError::file(
                file,
                format!(
                    "a concepts table needs a \"{name}\" column (it has: {}); its columns are concept, target and optionally core",
                    table.columns.join(", ")
                ),
            )
        })
    };
    let concept_col = column("concept")?;
    let target_col = column("target")?;
    let core_col = table.column_index("core");
    let mut concepts: Vec<Concept> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for (row, &line) in table.rows.iter().zip(&table.lines) {
        let name = text(row.get(concept_col));
        let target = text(row.get(target_col));
        if name.is_empty() {
            return Err(InputError::at(
                file,
                line,
                Some("concept"),
                "the concept is empty: every line names a concept",
            ));
        }
        if target.is_empty() {
            return Err(InputError::at(
                file,
                line,
                Some("target"),
                format!("\"{name}\" has no target: name the class, attribute or group value it describes"),
            ));
        }
        let core_text = core_col.map(|c| text(row.get(c))).unwrap_or_default();
        let core = parse_core(&core_text).ok_or_else(|| {
            InputError::at(
                file,
                line,
                Some("core"),
                format!("\"{core_text}\" is not true or false (also 1/0, yes/no)"),
            )
        })?;
        let k = *index.entry(name.clone()).or_insert_with(|| {
            concepts.push(Concept {
                name: name.clone(),
                listings: Vec::new(),
            });
            concepts.len() - 1
        });
        if let Some(c) = concepts.get_mut(k) {
            c.listings.push(Listing { target, core, line });
        }
    }
    if concepts.is_empty() {
        return Err(InputError::file(
            file,
            "the concepts table lists no concepts",
        ));
    }
    Ok(Concepts {
        file: file.clone(),
        concepts,
    })
}

impl Concepts {
    /// How many concepts.
    pub fn len(&self) -> usize {
        self.concepts.len()
    }

    /// Whether there are none (never, once parsed).
    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty()
    }

    /// The concepts' names, in order.
    pub fn names(&self) -> Vec<String> {
        self.concepts.iter().map(|c| c.name.clone()).collect()
    }

    /// Checks that every target is a value the data set has: a group value, an
    /// attribute, or `not ATTRIBUTE`.
    pub fn check_targets(&self, dataset: &Dataset) -> Result<(), InputError> {
        let known = |t: &str| {
            let attribute = t.strip_prefix(NOT).unwrap_or(t);
            dataset.groups.iter().any(|g| g == t)
                || dataset
                    .attributes
                    .binary_search_by(|a| a.as_str().cmp(attribute))
                    .is_ok()
        };
        for c in &self.concepts {
            if let Some(l) = c.listings.iter().find(|l| !known(&l.target)) {
                return Err(InputError::at(
                    &self.file,
                    l.line,
                    Some("target"),
                    format!(
                        "\"{}\" is neither a group value of \"{}\" nor an attribute of the data set (nor \"not\" one)",
                        l.target, dataset.group_column
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Each row's concept scores, row-major `rows × concepts`: with concept
    /// embeddings (`K × D`, row `k` the `k`-th concept), the cosine similarity of
    /// each row's image embedding with each concept's; without, the annotated
    /// attributes (every concept must be one).
    pub fn scores(
        &self,
        dataset: &Dataset,
        images: Option<(&str, &Embeddings)>,
        texts: Option<(&str, &Embeddings)>,
    ) -> Result<(ConceptSource, Vec<f64>), InputError> {
        match (images, texts) {
            (Some((image_file, images)), Some((text_file, texts))) => {
                self.check_text_embeddings(text_file, texts, image_file, images)?;
                Ok((ConceptSource::Embeddings, cosines(images, texts)))
            }
            (None, Some((text_file, _))) => Err(InputError::file(
                text_file,
                "concept embeddings need the image embeddings too: load them first",
            )),
            _ => Ok((ConceptSource::Attributes, self.attribute_scores(dataset)?)),
        }
    }

    fn check_text_embeddings(
        &self,
        text_file: &str,
        texts: &Embeddings,
        image_file: &str,
        images: &Embeddings,
    ) -> Result<(), InputError> {
        if texts.rows != self.len() {
            return Err(InputError::file(
                text_file,
                format!(
                    "the concept embeddings have {} rows but {} lists {} concepts: row k must belong to the k-th concept",
                    texts.rows,
                    self.file,
                    self.len()
                ),
            ));
        }
        if texts.dim != images.dim {
            return Err(InputError::file(
                text_file,
                format!(
                    "the concept embeddings have {} dimensions but the image embeddings ({image_file}) have {}: both must come from the same model",
                    texts.dim, images.dim
                ),
            ));
        }
        Ok(())
    }

    fn attribute_scores(&self, dataset: &Dataset) -> Result<Vec<f64>, InputError> {
        let mut columns = Vec::with_capacity(self.len());
        for c in &self.concepts {
            match dataset.attributes.binary_search(&c.name) {
                Ok(a) => columns.push(a as u32),
                Err(_) => {
                    let line = c.listings.first().map_or(1, |l| l.line);
                    return Err(InputError::at(
                        &self.file,
                        line,
                        Some("concept"),
                        format!(
                            "\"{}\" is not an attribute of the data set: without concept embeddings, the concepts are the annotated attributes",
                            c.name
                        ),
                    ));
                }
            }
        }
        let k = columns.len();
        let mut out = vec![0.0; dataset.len() * k];
        for (i, gt) in dataset.gt.iter().enumerate() {
            for (j, a) in columns.iter().enumerate() {
                if gt.binary_search(a).is_ok() {
                    if let Some(v) = out.get_mut(i * k + j) {
                        *v = 1.0;
                    }
                }
            }
        }
        Ok(out)
    }
}

/// `rows × K` cosine similarities (0 where either vector is zero).
fn cosines(images: &Embeddings, texts: &Embeddings) -> Vec<f64> {
    let d = images.dim;
    let unit = |m: &Embeddings| -> Vec<Vec<f64>> {
        m.values
            .chunks(d)
            .map(|row| {
                let norm = row
                    .iter()
                    .map(|&v| f64::from(v) * f64::from(v))
                    .sum::<f64>()
                    .sqrt();
                row.iter()
                    .map(|&v| if norm > 0.0 { f64::from(v) / norm } else { 0.0 })
                    .collect()
            })
            .collect()
    };
    let concepts = unit(texts);
    let mut out = Vec::with_capacity(images.rows * concepts.len());
    for row in unit(images) {
        for c in &concepts {
            out.push(row.iter().zip(c).map(|(a, b)| a * b).sum());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concepts_keep_their_first_order_and_every_listing() {
        let csv = "concept,target,core\nfeathers,waterbird,true\nwater,waterbird,false\nfeathers,landbird,yes\nforest,landbird,\n";
        let c = parse_concepts("c.csv", csv.as_bytes()).unwrap();
        assert_eq!(c.names(), ["feathers", "water", "forest"]);
        assert!(c.concepts[0].is_core_for("waterbird") && c.concepts[0].is_core_for("landbird"));
        assert!(!c.concepts[1].is_core_for("waterbird"));
        assert!(!c.concepts[2].is_core_for("landbird"));
        assert_eq!(c.concepts[0].listings[1].line, 4);
    }

    #[test]
    fn bad_lines_are_named() {
        let no_target = "concept,target\nwater,\n";
        let e = parse_concepts("c.csv", no_target.as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "c.csv, line 2, column \"target\": \"water\" has no target: name the class, attribute or group value it describes");
        let bad_core = "concept,target,core\nwater,waterbird,maybe\n";
        let e = parse_concepts("c.csv", bad_core.as_bytes()).unwrap_err();
        assert_eq!(e.location.column.as_deref(), Some("core"));
        let no_column = "name,target\nwater,waterbird\n";
        let e = parse_concepts("c.csv", no_column.as_bytes()).unwrap_err();
        assert!(
            e.message
                .contains("needs a \"concept\" column (it has: name, target)"),
            "{e}"
        );
    }
}
