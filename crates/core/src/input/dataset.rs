//! The data model: instances with a split, a group, ground-truth attributes and
//! (optionally) the model's predictions, built from a [`Table`] and a
//! [`ColumnMapping`]. Applies the stand-in rule of `docs/spec/metrics.md` section 1.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::input::mapping::{ColumnMapping, ATTR_PREFIX, PRED_PREFIX, SCORE_PREFIX};
use crate::input::table::{Cell, CellRef, Table};

/// What a row's split means to the amplification metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitRole {
    /// A training row.
    Train,
    /// A test row.
    Test,
    /// The data set has no split column: every row is both train and test.
    Both,
    /// `val` or any other split: shown in the overview, ignored by the metrics.
    Ignored,
}

impl SplitRole {
    /// Whether the row counts as a training row.
    pub fn is_train(self) -> bool {
        matches!(self, SplitRole::Train | SplitRole::Both)
    }
    /// Whether the row counts as a test row.
    pub fn is_test(self) -> bool {
        matches!(self, SplitRole::Test | SplitRole::Both)
    }
}

/// Which predictions are missing and replaced by ground truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StandIns {
    /// No predicted-group column: the ground-truth group stands in for `ĝ`.
    pub pred_group: bool,
    /// No predicted-attribute columns: the ground-truth attributes stand in for `â`.
    pub pred_attributes: bool,
}

impl StandIns {
    /// Sentences for the user, one per stand-in in use.
    pub fn describe(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.pred_group {
            out.push("no predicted groups: ground truth stands in");
        }
        if self.pred_attributes {
            out.push("no predicted attributes: ground truth stands in");
        }
        out
    }
}

/// The most groups a data set may have: the counting layer packs each row's
/// (group, predicted group) cell into 16 bits (255 · 256 + 255 = 65,535), and a
/// column with more values is not a column of group labels.
pub const MAX_GROUPS: usize = 255;

/// The score threshold where nothing states one (`docs/spec/formats.md`): a
/// predicted score at or above it counts as a prediction.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// A loaded data set, ready to count.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// A name to show.
    pub name: String,
    /// One id per row.
    pub ids: Vec<String>,
    /// The split name of each row (`all` when there is no split column).
    pub split_names: Vec<String>,
    /// The split of each row, as an index into `split_names`.
    pub split: Vec<u16>,
    /// The role of each row's split.
    pub role: Vec<SplitRole>,
    /// The name of the group column.
    pub group_column: String,
    /// Group values, sorted.
    pub groups: Vec<String>,
    /// The ground-truth group of each row (index into `groups`).
    pub group: Vec<Option<u32>>,
    /// The predicted group of each row (the ground truth when it stands in).
    pub pred_group: Vec<Option<u32>>,
    /// `A`: every attribute in the ground truth of a row with a group, sorted.
    pub attributes: Vec<String>,
    /// Each row's ground-truth attributes (sorted indices into `attributes`).
    pub gt: Vec<Vec<u32>>,
    /// Each row's predicted attributes, restricted to `A` (the ground truth when it stands in).
    pub pred: Vec<Vec<u32>>,
    /// Which stand-ins are in use.
    pub stand_ins: StandIns,
    /// True when the data set has no split column and one split serves as train and test.
    pub single_split: bool,
    /// Each row's image URL or path, when the table has an image column.
    pub images: Vec<Option<String>>,
    /// Each row's 2-D map position: the table's own `x`, `y` columns, or the first
    /// two PCA components of its embeddings (empty when there is neither).
    pub coords: Vec<[f32; 2]>,
}

/// A summary of a data set for the header and the CLI's `dataset` object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetSummary {
    /// The data set's name.
    pub name: String,
    /// Number of rows.
    pub rows: usize,
    /// Rows per split name.
    pub splits: BTreeMap<String, usize>,
    /// True when one split serves as both train and test.
    pub single_split: bool,
    /// The group column.
    pub group_column: String,
    /// Rows per group.
    pub groups: BTreeMap<String, usize>,
    /// Number of attributes in `A`.
    pub n_attributes: usize,
    /// The attributes of `A`.
    pub attributes: Vec<String>,
    /// Rows without a group (excluded from every group metric).
    pub rows_without_group: usize,
    /// Which stand-ins are in use.
    pub stand_ins: StandIns,
}

impl Dataset {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The summary shown in the header and printed by the CLI.
    pub fn summary(&self) -> DatasetSummary {
        let mut splits = BTreeMap::new();
        for &s in &self.split {
            let name = self
                .split_names
                .get(s as usize)
                .cloned()
                .unwrap_or_default();
            *splits.entry(name).or_insert(0) += 1;
        }
        let mut groups: BTreeMap<String, usize> =
            self.groups.iter().map(|g| (g.clone(), 0)).collect();
        for g in self.group.iter().flatten() {
            if let Some(name) = self.groups.get(*g as usize) {
                *groups.entry(name.clone()).or_insert(0) += 1;
            }
        }
        DatasetSummary {
            name: self.name.clone(),
            rows: self.len(),
            splits,
            single_split: self.single_split,
            group_column: self.group_column.clone(),
            groups,
            n_attributes: self.attributes.len(),
            attributes: self.attributes.clone(),
            rows_without_group: self.group.iter().filter(|g| g.is_none()).count(),
            stand_ins: self.stand_ins,
        }
    }

    /// Names of a combination's attributes.
    pub fn names(&self, combination: &[u32]) -> Vec<String> {
        combination
            .iter()
            .filter_map(|&a| self.attributes.get(a as usize).cloned())
            .collect()
    }
}

/// A wide-form column: its index and the attribute it names.
struct Wide {
    index: usize,
    column: String,
    attribute: String,
}

fn wide_columns(table: &Table, prefix: &str) -> Vec<Wide> {
    table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.to_ascii_lowercase().starts_with(prefix))
        .map(|(index, c)| Wide {
            index,
            column: c.clone(),
            attribute: c[prefix.len()..].trim().to_owned(),
        })
        .collect()
}

fn column(table: &Table, name: &Option<String>, role: &str) -> Result<Option<usize>, InputError> {
    match name {
        None => Ok(None),
        Some(n) => table.column_index(n).map(Some).ok_or_else(|| {
            InputError::at(
                &table.file,
                1,
                Some(n),
                format!("the header has no column \"{n}\" to use as the {role}"),
            )
        }),
    }
}

/// Calls `f` with each name of a list-form cell: `|`-separated names in text, or a
/// JSON array.
fn for_each_name(cell: CellRef<'_>, mut f: impl FnMut(&str)) {
    match cell {
        CellRef::Empty => {}
        CellRef::Text(s) => match bracketed(s) {
            // A list written by pandas (`['cup', 'laptop']`) or as JSON text.
            Some(inner) => inner
                .split(',')
                .map(|s| s.trim().trim_matches(|c| c == '\'' || c == '"').trim())
                .filter(|s| !s.is_empty())
                .for_each(f),
            None => s
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .for_each(f),
        },
        CellRef::List(items) => items
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .for_each(&mut f),
    }
}

/// The inside of `[...]`, when a cell's text is a bracketed list.
fn bracketed(s: &str) -> Option<&str> {
    s.trim().strip_prefix('[')?.strip_suffix(']')
}

/// Names seen so far, each with a provisional id in order of first sight (a fast
/// hash: a name is looked up for every attribute of every row).
#[derive(Default)]
struct Interner {
    ids: FxHashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(name.to_owned(), id);
        self.names.push(name.to_owned());
        id
    }

    /// The names sorted, and each provisional id's place among them (`keep`
    /// chooses the names kept; the others map to `None`).
    fn sorted(self, keep: impl Fn(usize) -> bool) -> (Vec<String>, Vec<Option<u32>>) {
        let n = self.names.len();
        let mut kept: Vec<(String, usize)> = self
            .names
            .into_iter()
            .enumerate()
            .filter(|&(id, _)| keep(id))
            .map(|(id, name)| (name, id))
            .collect();
        kept.sort_unstable();
        let mut renumber = vec![None; n];
        for (new, (_, old)) in kept.iter().enumerate() {
            if let Some(slot) = renumber.get_mut(*old) {
                *slot = Some(new as u32);
            }
        }
        (kept.into_iter().map(|(name, _)| name).collect(), renumber)
    }
}

/// Reads one wide-form 0/1 cell.
fn flag(cell: CellRef<'_>) -> Result<bool, String> {
    let text = match cell {
        CellRef::Text(t) => t.trim().to_ascii_lowercase(),
        CellRef::Empty => return Err("empty value; expected 0/1 or true/false".into()),
        CellRef::List(_) => return Err("a list; expected 0/1 or true/false".into()),
    };
    match text.as_str() {
        "1" | "1.0" | "true" => Ok(true),
        "0" | "0.0" | "false" => Ok(false),
        _ => Err(format!(
            "\"{text}\" is not 0/1 or true/false in a wide attribute column"
        )),
    }
}

/// Reads one score cell and applies the threshold.
fn score(cell: CellRef<'_>, threshold: f64) -> Result<bool, String> {
    let CellRef::Text(text) = cell else {
        return Err("empty value; expected a probability in [0, 1]".into());
    };
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("\"{text}\" is not a number; expected a probability in [0, 1]"))?;
    if !(0.0..=1.0).contains(&value) {
        return Err(format!("score {text} is outside [0, 1]"));
    }
    Ok(value >= threshold)
}

/// Which column plays which role, resolved against a header.
struct Columns {
    id: Option<usize>,
    split: Option<usize>,
    group: usize,
    group_name: String,
    pred_group: Option<usize>,
    attributes: Option<usize>,
    pred_attributes: Option<usize>,
    wide_gt: Vec<(Wide, u32)>,
    wide_pred: Vec<(Wide, u32)>,
    wide_score: Vec<(Wide, u32)>,
    image: Option<usize>,
    xy: Option<(usize, usize)>,
    names: Vec<String>,
}

/// Builds a [`Dataset`] one row at a time, so that a file streamed past (the
/// command line's `counts` on millions of rows) need never be held as a
/// [`Table`]. Groups and attributes get provisional ids in order of first sight
/// and are renumbered in name order by [`DatasetBuilder::finish`].
pub struct DatasetBuilder {
    name: String,
    file: String,
    cols: Columns,
    has_pred_attributes: bool,
    stand_ins: StandIns,
    threshold: f64,
    ids: Vec<String>,
    split_names: Vec<String>,
    split: Vec<u16>,
    groups: Interner,
    group: Vec<Option<u32>>,
    /// Predicted-group values, checked against the groups at the end; each with
    /// the first line it is on.
    pred_values: Interner,
    pred_lines: Vec<usize>,
    pred_group: Vec<Option<u32>>,
    names: Interner,
    gt: Vec<Vec<u32>>,
    pred: Vec<Vec<u32>>,
    images: Vec<Option<String>>,
    coords: Vec<[f32; 2]>,
}

impl DatasetBuilder {
    /// A builder for rows with the columns of `header` (its rows are not read),
    /// the column roles of `mapping`, and the score `threshold` (a score
    /// `>= threshold` is a positive prediction).
    pub fn new(
        name: &str,
        header: &Table,
        mapping: &ColumnMapping,
        threshold: f64,
    ) -> Result<Self, InputError> {
        let file = header.file.as_str();
        let group = column(header, &mapping.group, "group")?.ok_or_else(|| {
            InputError::file(
                file,
                format!(
                    "no group column: no column is named {}; choose one (its columns: {})",
                    crate::input::mapping::either(crate::input::mapping::GROUP_NAMES),
                    header.columns.join(", ")
                ),
            )
        })?;
        let mut names = Interner::default();
        let mut wide = |prefix: &str| -> Vec<(Wide, u32)> {
            wide_columns(header, prefix)
                .into_iter()
                .map(|w| {
                    let id = names.id(&w.attribute);
                    (w, id)
                })
                .collect()
        };
        let (wide_gt, wide_pred, wide_score) =
            (wide(ATTR_PREFIX), wide(PRED_PREFIX), wide(SCORE_PREFIX));
        let cols = Columns {
            id: column(header, &mapping.id, "id")?,
            split: column(header, &mapping.split, "split")?,
            group,
            group_name: header.columns.get(group).cloned().unwrap_or_default(),
            pred_group: column(header, &mapping.pred_group, "predicted group")?,
            attributes: column(header, &mapping.attributes, "attributes")?,
            pred_attributes: column(header, &mapping.pred_attributes, "predicted attributes")?,
            wide_gt,
            wide_pred,
            wide_score,
            image: column(header, &mapping.image, "image")?,
            xy: header.column_index("x").zip(header.column_index("y")),
            names: header.columns.clone(),
        };
        if cols.attributes.is_none() && cols.wide_gt.is_empty() {
            return Err(InputError::file(
                file,
                format!(
                    "no attributes: no column is named {} or attr:NAME; choose one (its columns: {})",
                    crate::input::mapping::ATTRIBUTE_NAMES.join(", "),
                    header.columns.join(", ")
                ),
            ));
        }
        let has_pred_attributes = cols.pred_attributes.is_some()
            || !cols.wide_pred.is_empty()
            || !cols.wide_score.is_empty();
        Ok(Self {
            name: name.to_owned(),
            file: file.to_owned(),
            stand_ins: StandIns {
                pred_group: cols.pred_group.is_none(),
                pred_attributes: !has_pred_attributes,
            },
            cols,
            has_pred_attributes,
            threshold,
            ids: Vec::new(),
            split_names: Vec::new(),
            split: Vec::new(),
            groups: Interner::default(),
            group: Vec::new(),
            pred_values: Interner::default(),
            pred_lines: Vec::new(),
            pred_group: Vec::new(),
            names,
            gt: Vec::new(),
            pred: Vec::new(),
            images: Vec::new(),
            coords: Vec::new(),
        })
    }

    /// Reads one row from its line and its cells (`cell(i)` is column `i`'s value).
    /// A row refused leaves the builder part-way through it: stop at the first error.
    pub fn push<'a>(
        &mut self,
        line: usize,
        cell: impl Fn(usize) -> CellRef<'a>,
    ) -> Result<(), InputError> {
        let cols = &self.cols;
        let file = self.file.as_str();
        let column_name = |i: usize| cols.names.get(i).map_or("", String::as_str);
        let at = |col: &str, msg: String| InputError::at(file, line, Some(col), msg);
        if let Some((x, y)) = cols.xy {
            let number = |i: usize| -> Result<f32, InputError> {
                let text = cell(i).text();
                text.parse::<f32>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| {
                        at(
                            column_name(i),
                            format!("\"{text}\" is not a finite number (the x and y columns place each row on the map)"),
                        )
                    })
            };
            self.coords.push([number(x)?, number(y)?]);
        }
        if let Some(i) = cols.image {
            let url = cell(i).text();
            self.images
                .push((!url.is_empty()).then(|| url.into_owned()));
        }
        self.ids.push(match cols.id {
            Some(i) => cell(i).text().into_owned(),
            None => (self.ids.len() + 1).to_string(),
        });
        let split_value = match cols.split {
            Some(i) => cell(i).text(),
            None => Cow::Borrowed("all"),
        };
        // Split names are kept in lower case.
        let known = self
            .split_names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(&split_value));
        let s = match known {
            Some(s) => s,
            None => {
                self.split_names.push(split_value.to_ascii_lowercase());
                self.split_names.len() - 1
            }
        };
        self.split.push(s as u16);

        let g = cell(cols.group).text();
        let g = (!g.is_empty()).then(|| self.groups.id(&g));
        if self.groups.names.len() > MAX_GROUPS {
            return Err(InputError::file(
                file,
                format!(
                    "the group column \"{}\" has more than {MAX_GROUPS} different values; \
                     biaslens compares at most {MAX_GROUPS} groups: choose the column of group labels",
                    cols.group_name
                ),
            ));
        }
        self.group.push(g);
        // A predicted group is checked against the group column's values at the end
        // (they are all known only then); until then it is kept as its own value.
        let pg = match cols.pred_group {
            None => g,
            Some(i) => {
                let v = cell(i).text();
                (!v.is_empty()).then(|| {
                    let id = self.pred_values.id(&v);
                    if id as usize == self.pred_lines.len() {
                        self.pred_lines.push(line);
                    }
                    id
                })
            }
        };
        self.pred_group.push(pg);

        let names = &mut self.names;
        let mut gt: Vec<u32> = Vec::new();
        if let Some(i) = cols.attributes {
            for_each_name(cell(i), |n| gt.push(names.id(n)));
        }
        for (w, id) in &cols.wide_gt {
            if flag(cell(w.index)).map_err(|m| at(&w.column, m))? {
                gt.push(*id);
            }
        }
        let pred = if self.has_pred_attributes {
            let mut pred: Vec<u32> = Vec::new();
            if let Some(i) = cols.pred_attributes {
                for_each_name(cell(i), |n| pred.push(names.id(n)));
            }
            for (w, id) in &cols.wide_pred {
                if flag(cell(w.index)).map_err(|m| at(&w.column, m))? {
                    pred.push(*id);
                }
            }
            for (w, id) in &cols.wide_score {
                if score(cell(w.index), self.threshold).map_err(|m| at(&w.column, m))? {
                    pred.push(*id);
                }
            }
            pred
        } else {
            gt.clone()
        };
        self.gt.push(gt);
        self.pred.push(pred);
        Ok(())
    }

    /// The data set: groups and `A` in name order, the stand-in rule applied.
    pub fn finish(self) -> Result<Dataset, InputError> {
        let file = self.file.as_str();
        if self.ids.is_empty() {
            return Err(InputError::file(file, "the file has a header but no rows"));
        }
        let (groups, group_order) = self.groups.sorted(|_| true);
        let regroup =
            |g: Option<u32>| g.and_then(|g| group_order.get(g as usize).copied().flatten());
        let group: Vec<Option<u32>> = self.group.into_iter().map(regroup).collect();
        let pred_group: Vec<Option<u32>> = if self.cols.pred_group.is_none() {
            group.clone()
        } else {
            // Each predicted value's group, or the first line with a value that is none.
            let mut of_value = Vec::with_capacity(self.pred_values.names.len());
            let mut unknown: Option<(usize, &str)> = None;
            for (v, name) in self.pred_values.names.iter().enumerate() {
                let g = groups.binary_search(name).ok().map(|g| g as u32);
                let line = self.pred_lines.get(v).copied().unwrap_or(0);
                if g.is_none() && unknown.is_none_or(|(l, _)| line < l) {
                    unknown = Some((line, name));
                }
                of_value.push(g);
            }
            if let Some((line, v)) = unknown {
                let column = self.cols.pred_group.and_then(|i| self.cols.names.get(i));
                return Err(InputError::at(
                    file,
                    line,
                    column.map(String::as_str),
                    format!(
                        "predicted group \"{v}\" is not a value of the group column \"{}\" ({})",
                        self.cols.group_name,
                        groups.join(", ")
                    ),
                ));
            }
            self.pred_group
                .into_iter()
                .map(|p| p.and_then(|p| of_value.get(p as usize).copied().flatten()))
                .collect()
        };

        // A: the names in the ground truth of rows with a group, sorted; provisional
        // ids are renumbered in name order (names outside A dropped), in place.
        let mut in_a = vec![false; self.names.names.len()];
        for (ids, g) in self.gt.iter().zip(&group) {
            if g.is_some() {
                for &id in ids {
                    if let Some(seen) = in_a.get_mut(id as usize) {
                        *seen = true;
                    }
                }
            }
        }
        let (attributes, renumber) = self
            .names
            .sorted(|id| in_a.get(id).copied().unwrap_or(false));
        let to_a = |ids: &mut Vec<u32>| {
            ids.retain_mut(|id| match renumber.get(*id as usize).copied().flatten() {
                Some(new) => {
                    *id = new;
                    true
                }
                None => false,
            });
            ids.sort_unstable();
            ids.dedup();
        };
        let (mut gt, mut pred) = (self.gt, self.pred);
        gt.iter_mut().chain(pred.iter_mut()).for_each(to_a);

        let single_split = self.cols.split.is_none();
        let split_names = self.split_names;
        let role = self
            .split
            .iter()
            .map(|&s| {
                if single_split {
                    return SplitRole::Both;
                }
                match split_names.get(s as usize).map(String::as_str) {
                    Some("train") => SplitRole::Train,
                    Some("test") => SplitRole::Test,
                    _ => SplitRole::Ignored,
                }
            })
            .collect();

        Ok(Dataset {
            name: self.name,
            ids: self.ids,
            split_names,
            split: self.split,
            role,
            group_column: self.cols.group_name,
            groups,
            group,
            pred_group,
            attributes,
            gt,
            pred,
            stand_ins: self.stand_ins,
            single_split,
            images: self.images,
            coords: self.coords,
        })
    }
}

/// Builds a data set from a table, its column mapping and the score threshold
/// (a score `>= threshold` is a positive prediction).
pub fn build_dataset(
    name: &str,
    table: &Table,
    mapping: &ColumnMapping,
    threshold: f64,
) -> Result<Dataset, InputError> {
    if table.is_empty() {
        return Err(InputError::file(
            &table.file,
            "the file has a header but no rows",
        ));
    }
    let mut builder = DatasetBuilder::new(name, table, mapping, threshold)?;
    for (r, row) in table.rows.iter().enumerate() {
        let line = table.lines.get(r).copied().unwrap_or(r + 2);
        builder.push(line, |i| {
            row.get(i).map_or(CellRef::Empty, Cell::as_cell_ref)
        })?;
    }
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::table::parse_table;

    fn load(text: &str) -> Result<Dataset, InputError> {
        let t = parse_table("t.csv", text.as_bytes())?;
        build_dataset("t", &t, &ColumnMapping::detect(&t), 0.5)
    }

    #[test]
    fn wide_form_and_scores() {
        let d = load(
            "split,group,attr:cup,attr:sink,score:cup,score:sink\n\
             train,man,1,0,0.9,0.1\n\
             test,woman,true,1,0.5,0.49\n",
        )
        .unwrap();
        assert_eq!(d.attributes, vec!["cup", "sink"]);
        assert_eq!(d.gt, vec![vec![0], vec![0, 1]]);
        assert_eq!(d.pred, vec![vec![0], vec![0]]);
        assert!(d.stand_ins.pred_group);
        assert!(!d.stand_ins.pred_attributes);
        assert_eq!(d.pred_group, d.group);
    }

    #[test]
    fn bad_values_name_line_and_column() {
        let e = load("group,attr:cup\nman,1\nwoman,2\n").unwrap_err();
        assert_eq!(e.location.line, Some(3));
        assert_eq!(e.location.column.as_deref(), Some("attr:cup"));
        let e = load("group,attributes,score:cup\nman,cup,1.5\n").unwrap_err();
        assert!(e.message.contains("outside [0, 1]"), "{e}");
        assert_eq!(e.location.column.as_deref(), Some("score:cup"));
        let e = load("group,attributes,score:cup\nman,cup,NaN\n").unwrap_err();
        assert_eq!(e.location.line, Some(2));
        let e = load("group,pred_group,attributes\nman,man,a\nwoman,robot,a\n").unwrap_err();
        assert_eq!(e.location.line, Some(3));
        assert_eq!(e.location.column.as_deref(), Some("pred_group"));
        assert!(e.message.contains("robot"));
        let e = load("id,attributes\n1,a\n").unwrap_err();
        assert!(e.message.contains("no group column"));
        let e = load("group,attributes\n").unwrap_err();
        assert!(e.message.contains("no rows"));
    }

    #[test]
    fn a_is_attributes_of_rows_with_a_group() {
        let d =
            load("split,group,attributes,pred_attributes\ntrain,man,a|b,a|z\ntest,,c,c\n").unwrap();
        assert_eq!(d.attributes, vec!["a", "b"]);
        assert_eq!(d.pred[0], vec![0]);
        assert_eq!(d.summary().rows_without_group, 1);
        assert!(d.stand_ins.pred_group);
        assert!(!d.stand_ins.pred_attributes);
    }

    #[test]
    fn list_cells_in_every_spelling() {
        let d = load(
            "group,attributes\nman,cup|laptop\nwoman,\"['cup', 'sink']\"\nman,\"[\"\"oven\"\"]\"\nwoman,[]\n",
        )
        .unwrap();
        assert_eq!(d.attributes, vec!["cup", "laptop", "oven", "sink"]);
        assert_eq!(d.gt, vec![vec![0, 1], vec![0, 3], vec![2], vec![]]);
        let t = parse_table(
            "t.jsonl",
            b"{\"group\": \"a\", \"attributes\": [\"x\", \"y\", \"x\"]}\n",
        )
        .unwrap();
        let d = build_dataset("t", &t, &ColumnMapping::detect(&t), 0.5).unwrap();
        assert_eq!(d.gt, vec![vec![0, 1]]);
    }

    #[test]
    fn no_split_column_is_one_split_used_twice() {
        let d = load("group,attributes\nman,a\nwoman,b\n").unwrap();
        assert!(d.single_split);
        assert!(d.role.iter().all(|r| r.is_train() && r.is_test()));
    }

    #[test]
    fn missing_mapped_column_is_named() {
        let t = parse_table("t.csv", b"group,attributes\nman,a\n").unwrap();
        let m = ColumnMapping {
            split: Some("fold".into()),
            ..ColumnMapping::detect(&t)
        };
        let e = build_dataset("t", &t, &m, 0.5).unwrap_err();
        assert_eq!(e.location.column.as_deref(), Some("fold"));
    }
}
