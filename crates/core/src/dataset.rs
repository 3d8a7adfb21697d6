//! The data model: instances with a split, a group, ground-truth attributes and
//! (optionally) the model's predictions, built from a [`Table`] and a
//! [`ColumnMapping`]. Applies the stand-in rule of `metrics.md` section 1.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::mapping::{ColumnMapping, ATTR_PREFIX, PRED_PREFIX, SCORE_PREFIX};
use crate::table::{Cell, Table};

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
fn for_each_name(cell: &Cell, mut f: impl FnMut(&str)) {
    match cell {
        Cell::Empty => {}
        Cell::Text(s) => match bracketed(s) {
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
        Cell::List(items) => items
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

/// Attribute names seen so far, each with a provisional id.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
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
}

/// The cell at column `i` of a row (empty past the end).
fn cell(row: &[Cell], i: usize) -> &Cell {
    const EMPTY: &Cell = &Cell::Empty;
    row.get(i).unwrap_or(EMPTY)
}

/// Reads one wide-form 0/1 cell.
fn flag(cell: &Cell) -> Result<bool, String> {
    let text = match cell {
        Cell::Text(t) => t.trim().to_ascii_lowercase(),
        Cell::Empty => return Err("empty value; expected 0/1 or true/false".into()),
        Cell::List(_) => return Err("a list; expected 0/1 or true/false".into()),
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
fn score(cell: &Cell, threshold: f64) -> Result<bool, String> {
    let Some(text) = cell.text() else {
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

/// Builds a data set from a table, its column mapping and the score threshold
/// (a score `>= threshold` is a positive prediction).
pub fn build_dataset(
    name: &str,
    table: &Table,
    mapping: &ColumnMapping,
    threshold: f64,
) -> Result<Dataset, InputError> {
    let file = table.file.as_str();
    if table.is_empty() {
        return Err(InputError::file(file, "the file has a header but no rows"));
    }
    let id_col = column(table, &mapping.id, "id")?;
    let split_col = column(table, &mapping.split, "split")?;
    let group_col = column(table, &mapping.group, "group")?.ok_or_else(|| {
        InputError::file(
            file,
            format!(
                "no group column: name one \"group\" or choose one (columns: {})",
                table.columns.join(", ")
            ),
        )
    })?;
    let pred_group_col = column(table, &mapping.pred_group, "predicted group")?;
    let attr_col = column(table, &mapping.attributes, "attributes")?;
    let pred_attr_col = column(table, &mapping.pred_attributes, "predicted attributes")?;
    let wide_gt = wide_columns(table, ATTR_PREFIX);
    let wide_pred = wide_columns(table, PRED_PREFIX);
    let wide_score = wide_columns(table, SCORE_PREFIX);
    if attr_col.is_none() && wide_gt.is_empty() {
        return Err(InputError::file(
            file,
            "no attributes: expected a column \"attributes\" or columns \"attr:NAME\"",
        ));
    }
    let has_pred_attributes =
        pred_attr_col.is_some() || !wide_pred.is_empty() || !wide_score.is_empty();
    let stand_ins = StandIns {
        pred_group: pred_group_col.is_none(),
        pred_attributes: !has_pred_attributes,
    };

    let text_of = |row: &[Cell], i: usize| -> String {
        match row.get(i) {
            Some(Cell::Text(t)) => t.trim().to_owned(),
            Some(Cell::List(items)) => items.join("|"),
            _ => String::new(),
        }
    };
    let group_name = table.columns.get(group_col).cloned().unwrap_or_default();

    let mut groups: BTreeSet<String> = BTreeSet::new();
    for row in &table.rows {
        let g = text_of(row, group_col);
        if !g.is_empty() {
            groups.insert(g);
        }
    }
    let groups: Vec<String> = groups.into_iter().collect();
    if groups.len() > MAX_GROUPS {
        return Err(InputError::file(
            &table.file,
            format!(
                "the group column \"{group_name}\" has {} different values; biaslens compares \
                 at most {MAX_GROUPS} groups: choose the column of group labels",
                groups.len()
            ),
        ));
    }
    let group_index: HashMap<&str, u32> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.as_str(), i as u32))
        .collect();

    let image_col = column(table, &mapping.image, "image")?;
    let xy = match (table.column_index("x"), table.column_index("y")) {
        (Some(x), Some(y)) => Some((x, y)),
        _ => None,
    };
    let mut coords = Vec::with_capacity(if xy.is_some() { table.len() } else { 0 });
    let mut images = Vec::with_capacity(if image_col.is_some() { table.len() } else { 0 });
    let mut ids = Vec::with_capacity(table.len());
    let mut split_names: Vec<String> = Vec::new();
    let mut split = Vec::with_capacity(table.len());
    let mut group = Vec::with_capacity(table.len());
    let mut pred_group = Vec::with_capacity(table.len());
    let mut names = Interner::default();
    let wide_gt_ids: Vec<u32> = wide_gt.iter().map(|w| names.id(&w.attribute)).collect();
    let wide_pred_ids: Vec<u32> = wide_pred.iter().map(|w| names.id(&w.attribute)).collect();
    let wide_score_ids: Vec<u32> = wide_score.iter().map(|w| names.id(&w.attribute)).collect();
    let mut raw_gt: Vec<Vec<u32>> = Vec::with_capacity(table.len());
    let mut raw_pred: Vec<Vec<u32>> = Vec::with_capacity(table.len());

    for (r, row) in table.rows.iter().enumerate() {
        let line = table.lines.get(r).copied().unwrap_or(r + 2);
        let at = |col: &str, msg: String| InputError::at(file, line, Some(col), msg);
        if let Some((x, y)) = xy {
            let number = |i: usize| -> Result<f32, InputError> {
                let text = text_of(row, i);
                text.parse::<f32>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| {
                        at(
                            table.columns.get(i).map_or("x", String::as_str),
                            format!("\"{text}\" is not a finite number (the x and y columns place each row on the map)"),
                        )
                    })
            };
            coords.push([number(x)?, number(y)?]);
        }
        if let Some(i) = image_col {
            let url = text_of(row, i);
            images.push((!url.is_empty()).then_some(url));
        }
        ids.push(match id_col {
            Some(i) => text_of(row, i),
            None => (r + 1).to_string(),
        });
        let split_value = match split_col {
            Some(i) => text_of(row, i).to_ascii_lowercase(),
            None => "all".to_owned(),
        };
        let s = match split_names.iter().position(|n| *n == split_value) {
            Some(s) => s,
            None => {
                split_names.push(split_value);
                split_names.len() - 1
            }
        };
        split.push(s as u16);

        let g = text_of(row, group_col);
        let g = if g.is_empty() {
            None
        } else {
            group_index.get(g.as_str()).copied()
        };
        group.push(g);

        let pg = match pred_group_col {
            None => g,
            Some(i) => {
                let v = text_of(row, i);
                if v.is_empty() {
                    None
                } else {
                    Some(*group_index.get(v.as_str()).ok_or_else(|| {
                        at(
                            table.columns.get(i).map_or("", String::as_str),
                            format!(
                                "predicted group \"{v}\" is not a value of the group column \"{group_name}\" ({})",
                                groups.join(", ")
                            ),
                        )
                    })?)
                }
            }
        };
        pred_group.push(pg);

        let mut gt: Vec<u32> = Vec::new();
        if let Some(i) = attr_col {
            for_each_name(cell(row, i), |n| gt.push(names.id(n)));
        }
        for (w, &id) in wide_gt.iter().zip(&wide_gt_ids) {
            if flag(cell(row, w.index)).map_err(|m| at(&w.column, m))? {
                gt.push(id);
            }
        }
        let pred = if has_pred_attributes {
            let mut pred: Vec<u32> = Vec::new();
            if let Some(i) = pred_attr_col {
                for_each_name(cell(row, i), |n| pred.push(names.id(n)));
            }
            for (w, &id) in wide_pred.iter().zip(&wide_pred_ids) {
                if flag(cell(row, w.index)).map_err(|m| at(&w.column, m))? {
                    pred.push(id);
                }
            }
            for (w, &id) in wide_score.iter().zip(&wide_score_ids) {
                if score(cell(row, w.index), threshold).map_err(|m| at(&w.column, m))? {
                    pred.push(id);
                }
            }
            pred
        } else {
            gt.clone()
        };
        raw_gt.push(gt);
        raw_pred.push(pred);
    }

    // A: the names in the ground truth of rows with a group, sorted; provisional
    // ids are then renumbered in name order (and names outside A dropped).
    let mut in_a = vec![false; names.names.len()];
    for (ids, g) in raw_gt.iter().zip(&group) {
        if g.is_some() {
            for &id in ids {
                if let Some(seen) = in_a.get_mut(id as usize) {
                    *seen = true;
                }
            }
        }
    }
    let mut attributes: Vec<(String, u32)> = names
        .names
        .into_iter()
        .enumerate()
        .filter(|&(id, _)| in_a.get(id).copied().unwrap_or(false))
        .map(|(id, name)| (name, id as u32))
        .collect();
    attributes.sort_unstable();
    let mut renumber: Vec<Option<u32>> = vec![None; in_a.len()];
    for (new, (_, old)) in attributes.iter().enumerate() {
        if let Some(slot) = renumber.get_mut(*old as usize) {
            *slot = Some(new as u32);
        }
    }
    let attributes: Vec<String> = attributes.into_iter().map(|(name, _)| name).collect();
    let to_a = |ids: Vec<u32>| -> Vec<u32> {
        let mut out: Vec<u32> = ids
            .into_iter()
            .filter_map(|id| renumber.get(id as usize).copied().flatten())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    };
    let gt: Vec<Vec<u32>> = raw_gt.into_iter().map(to_a).collect();
    let pred: Vec<Vec<u32>> = raw_pred.into_iter().map(to_a).collect();

    let single_split = split_col.is_none();
    let role = split
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
        name: name.to_owned(),
        ids,
        split_names,
        split,
        role,
        group_column: group_name,
        groups,
        group,
        pred_group,
        attributes,
        gt,
        pred,
        stand_ins,
        single_split,
        images,
        coords,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::parse_table;

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
