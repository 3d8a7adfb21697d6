//! Row filters: restrict every view to some rows (only test rows, one group, rows
//! whose group was mispredicted, rows holding a combination), and list the rows
//! behind a selection.

use serde::{Deserialize, Serialize};

use crate::input::dataset::Dataset;

/// Conditions a row must meet; an empty filter keeps every row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RowFilter {
    /// The row's split name (`train`, `test`, `val`, …).
    pub split: Option<String>,
    /// The row's ground-truth group.
    pub group: Option<String>,
    /// The row's predicted group.
    pub pred_group: Option<String>,
    /// `Some(true)`: the group was predicted correctly; `Some(false)`: mispredicted
    /// (rows without a prediction match neither).
    pub group_correct: Option<bool>,
    /// Attributes the row's ground truth must all hold.
    pub has: Vec<String>,
    /// Attributes the row's prediction must all hold.
    pub pred_has: Vec<String>,
    /// A region of the map the row's position must lie in (rows without a
    /// position match no region).
    pub region: Option<Region>,
}

/// A region drawn on the map, in the map's data coordinates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Region {
    /// `[x0, x1, y0, y1]` with `x0 ≤ x1`, `y0 ≤ y1`; its edges belong to it.
    Rectangle([f64; 4]),
    /// A closed polygon through these vertices (a lasso); a point is inside by
    /// the even–odd rule.
    Polygon(Vec<[f64; 2]>),
}

impl Region {
    /// Whether the point lies in the region.
    pub fn contains(&self, x: f64, y: f64) -> bool {
        match self {
            Region::Rectangle([x0, x1, y0, y1]) => *x0 <= x && x <= *x1 && *y0 <= y && y <= *y1,
            Region::Polygon(vertices) => {
                // Count the edges a ray going right from the point crosses.
                let mut inside = false;
                let mut previous = vertices.last().copied();
                for &[xi, yi] in vertices {
                    if let Some([xj, yj]) = previous {
                        if (yi > y) != (yj > y) && x < xi + (y - yi) * (xj - xi) / (yj - yi) {
                            inside = !inside;
                        }
                    }
                    previous = Some([xi, yi]);
                }
                inside
            }
        }
    }

    /// The region in words (for the filter's chip).
    pub fn describe(&self) -> String {
        match self {
            Region::Rectangle([x0, x1, y0, y1]) => {
                format!("map region x {x0:.3}…{x1:.3}, y {y0:.3}…{y1:.3}")
            }
            Region::Polygon(v) => format!("map lasso ({} points)", v.len()),
        }
    }
}

impl RowFilter {
    /// Whether the filter keeps every row.
    pub fn is_empty(&self) -> bool {
        *self == RowFilter::default()
    }

    /// The filter with every condition of `other` added (other's value wins).
    pub fn and(&self, other: &RowFilter) -> RowFilter {
        let pick = |a: &Option<String>, b: &Option<String>| b.clone().or_else(|| a.clone());
        let union = |a: &[String], b: &[String]| {
            let mut v: Vec<String> = a.iter().chain(b).cloned().collect();
            v.sort();
            v.dedup();
            v
        };
        RowFilter {
            split: pick(&self.split, &other.split),
            group: pick(&self.group, &other.group),
            pred_group: pick(&self.pred_group, &other.pred_group),
            group_correct: other.group_correct.or(self.group_correct),
            has: union(&self.has, &other.has),
            pred_has: union(&self.pred_has, &other.pred_has),
            region: other.region.clone().or_else(|| self.region.clone()),
        }
    }

    /// Each condition in words, with the key that removes it (for chips).
    pub fn describe(&self) -> Vec<(FilterKey, String)> {
        let mut out = Vec::new();
        if let Some(s) = &self.split {
            out.push((FilterKey::Split, format!("split = {s}")));
        }
        if let Some(g) = &self.group {
            out.push((FilterKey::Group, format!("group = {g}")));
        }
        if let Some(g) = &self.pred_group {
            out.push((FilterKey::PredGroup, format!("predicted group = {g}")));
        }
        if let Some(c) = self.group_correct {
            let text = if c {
                "group predicted correctly"
            } else {
                "group mispredicted"
            };
            out.push((FilterKey::GroupCorrect, text.to_owned()));
        }
        if !self.has.is_empty() {
            out.push((FilterKey::Has, format!("has {{{}}}", self.has.join(", "))));
        }
        if !self.pred_has.is_empty() {
            out.push((
                FilterKey::PredHas,
                format!("predicted {{{}}}", self.pred_has.join(", ")),
            ));
        }
        if let Some(r) = &self.region {
            out.push((FilterKey::Region, r.describe()));
        }
        out
    }

    /// The filter without one condition.
    pub fn without(&self, key: FilterKey) -> RowFilter {
        let mut f = self.clone();
        match key {
            FilterKey::Split => f.split = None,
            FilterKey::Group => f.group = None,
            FilterKey::PredGroup => f.pred_group = None,
            FilterKey::GroupCorrect => f.group_correct = None,
            FilterKey::Has => f.has.clear(),
            FilterKey::PredHas => f.pred_has.clear(),
            FilterKey::Region => f.region = None,
        }
        f
    }

    /// Whether row `i` of `d` meets every condition.
    pub fn matches(&self, d: &Dataset, i: usize) -> bool {
        let group_name = |ix: Option<u32>| ix.and_then(|x| d.groups.get(x as usize));
        let group = d.group.get(i).copied().flatten();
        let pred_group = d.pred_group.get(i).copied().flatten();
        let holds = |wanted: &[String], set: Option<&Vec<u32>>| {
            wanted.iter().all(|w| {
                set.is_some_and(|s| {
                    s.iter()
                        .any(|&a| d.attributes.get(a as usize).is_some_and(|n| n == w))
                })
            })
        };
        let split = d.split.get(i).and_then(|&s| d.split_names.get(s as usize));
        self.split.as_ref().is_none_or(|s| split == Some(s))
            && self
                .group
                .as_ref()
                .is_none_or(|g| group_name(group) == Some(g))
            && self
                .pred_group
                .as_ref()
                .is_none_or(|g| group_name(pred_group) == Some(g))
            && self
                .group_correct
                .is_none_or(|c| match (group, pred_group) {
                    (Some(g), Some(p)) => (g == p) == c,
                    _ => false,
                })
            && holds(&self.has, d.gt.get(i))
            && holds(&self.pred_has, d.pred.get(i))
            && self.region.as_ref().is_none_or(|r| {
                d.coords
                    .get(i)
                    .is_some_and(|&[x, y]| r.contains(f64::from(x), f64::from(y)))
            })
    }

    /// The rows of `d` that meet every condition.
    pub fn rows(&self, d: &Dataset) -> Vec<usize> {
        (0..d.len()).filter(|&i| self.matches(d, i)).collect()
    }
}

/// One condition of a [`RowFilter`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FilterKey {
    /// [`RowFilter::split`].
    Split,
    /// [`RowFilter::group`].
    Group,
    /// [`RowFilter::pred_group`].
    PredGroup,
    /// [`RowFilter::group_correct`].
    GroupCorrect,
    /// [`RowFilter::has`].
    Has,
    /// [`RowFilter::pred_has`].
    PredHas,
    /// [`RowFilter::region`].
    Region,
}

impl Dataset {
    /// The data set restricted to the rows the filter keeps. Groups and splits are
    /// kept (so `|G|` and colours do not change); `A` is recomputed over the kept rows.
    pub fn filtered(&self, f: &RowFilter) -> Dataset {
        if f.is_empty() {
            return self.clone();
        }
        let keep = f.rows(self);
        let mut in_a = vec![false; self.attributes.len()];
        for &i in &keep {
            if self.group.get(i).copied().flatten().is_some() {
                for &a in self.gt.get(i).map(Vec::as_slice).unwrap_or_default() {
                    if let Some(x) = in_a.get_mut(a as usize) {
                        *x = true;
                    }
                }
            }
        }
        let mut renumber = vec![None; self.attributes.len()];
        let mut attributes = Vec::new();
        for (a, name) in self.attributes.iter().enumerate() {
            if in_a.get(a).copied().unwrap_or(false) {
                if let Some(r) = renumber.get_mut(a) {
                    *r = Some(attributes.len() as u32);
                }
                attributes.push(name.clone());
            }
        }
        let remap = |v: Option<&Vec<u32>>| -> Vec<u32> {
            v.map(|v| {
                v.iter()
                    .filter_map(|&a| renumber.get(a as usize).copied().flatten())
                    .collect()
            })
            .unwrap_or_default()
        };
        let take = |i: usize| keep.get(i).copied().unwrap_or(0);
        let n = keep.len();
        Dataset {
            name: self.name.clone(),
            ids: (0..n)
                .map(|k| self.ids.get(take(k)).cloned().unwrap_or_default())
                .collect(),
            split_names: self.split_names.clone(),
            split: (0..n)
                .map(|k| self.split.get(take(k)).copied().unwrap_or(0))
                .collect(),
            role: (0..n)
                .filter_map(|k| self.role.get(take(k)).copied())
                .collect(),
            group_column: self.group_column.clone(),
            groups: self.groups.clone(),
            group: (0..n)
                .map(|k| self.group.get(take(k)).copied().flatten())
                .collect(),
            pred_group: (0..n)
                .map(|k| self.pred_group.get(take(k)).copied().flatten())
                .collect(),
            attributes,
            gt: (0..n).map(|k| remap(self.gt.get(take(k)))).collect(),
            pred: (0..n).map(|k| remap(self.pred.get(take(k)))).collect(),
            stand_ins: self.stand_ins,
            single_split: self.single_split,
            coords: if self.coords.is_empty() {
                Vec::new()
            } else {
                (0..n)
                    .map(|k| self.coords.get(take(k)).copied().unwrap_or_default())
                    .collect()
            },
            images: if self.images.is_empty() {
                Vec::new()
            } else {
                (0..n)
                    .map(|k| self.images.get(take(k)).cloned().flatten())
                    .collect()
            },
        }
    }
}

/// One row as the instance list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowView {
    /// The row's position in the file (0-based).
    pub index: usize,
    /// Its id.
    pub id: String,
    /// Its split.
    pub split: String,
    /// Its ground-truth group.
    pub group: Option<String>,
    /// Its predicted group (absent when ground truth stands in).
    pub pred_group: Option<String>,
    /// Its ground-truth attributes.
    pub attributes: Vec<String>,
    /// Its predicted attributes (absent when ground truth stands in).
    pub pred_attributes: Option<Vec<String>>,
    /// Its image URL, when it has one.
    pub image: Option<String>,
}

/// A page of the rows a filter keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowPage {
    /// How many rows the filter keeps in all.
    pub total: usize,
    /// Rows `offset..offset + limit` of them.
    pub rows: Vec<RowView>,
}

/// Lists the rows a filter keeps, `limit` of them from `offset`.
pub fn list_rows(d: &Dataset, f: &RowFilter, offset: usize, limit: usize) -> RowPage {
    let keep = f.rows(d);
    let group = |g: Option<u32>| g.and_then(|g| d.groups.get(g as usize).cloned());
    let rows = keep
        .iter()
        .skip(offset)
        .take(limit)
        .map(|&i| RowView {
            index: i,
            id: d.ids.get(i).cloned().unwrap_or_default(),
            split: d
                .split
                .get(i)
                .and_then(|&s| d.split_names.get(s as usize))
                .cloned()
                .unwrap_or_default(),
            group: group(d.group.get(i).copied().flatten()),
            pred_group: if d.stand_ins.pred_group {
                None
            } else {
                group(d.pred_group.get(i).copied().flatten())
            },
            attributes: d.names(d.gt.get(i).map(Vec::as_slice).unwrap_or_default()),
            pred_attributes: (!d.stand_ins.pred_attributes)
                .then(|| d.names(d.pred.get(i).map(Vec::as_slice).unwrap_or_default())),
            image: d.images.get(i).cloned().flatten(),
        })
        .collect();
    RowPage {
        total: keep.len(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rectangle_holds_its_edges() {
        let r = Region::Rectangle([0.0, 2.0, -1.0, 1.0]);
        assert!(r.contains(0.0, -1.0) && r.contains(2.0, 1.0) && r.contains(1.0, 0.0));
        assert!(!r.contains(2.01, 0.0) && !r.contains(1.0, -1.5));
    }

    #[test]
    fn a_lasso_is_inside_by_the_even_odd_rule() {
        // An L: the unit square's (0,0)–(2,2) with its top-right quarter cut away.
        let l = Region::Polygon(vec![
            [0.0, 0.0],
            [2.0, 0.0],
            [2.0, 1.0],
            [1.0, 1.0],
            [1.0, 2.0],
            [0.0, 2.0],
        ]);
        for (x, y) in [(0.5, 0.5), (1.5, 0.5), (0.5, 1.5)] {
            assert!(l.contains(x, y), "({x}, {y}) is in the L");
        }
        for (x, y) in [(1.5, 1.5), (-0.5, 0.5), (0.5, 2.5), (3.0, 0.5)] {
            assert!(!l.contains(x, y), "({x}, {y}) is outside the L");
        }
        // Fewer than three vertices enclose nothing.
        assert!(!Region::Polygon(vec![[0.0, 0.0], [1.0, 1.0]]).contains(0.5, 0.5));
        assert!(!Region::Polygon(Vec::new()).contains(0.0, 0.0));
    }
}
