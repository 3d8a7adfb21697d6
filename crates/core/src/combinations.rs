//! The combination set `M` of `metrics.md` section 2, in both modes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::bitset::Bitset;
use crate::counts::RowIndex;
use crate::dataset::Dataset;
use crate::error::SettingsError;

/// How the combination set `M` is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Every subset of `A` of size `k_min..=k_max` with enough support in train and test.
    #[default]
    Subsets,
    /// The distinct full attribute sets of training rows (the reference code's choice).
    LabelSets,
}

impl Mode {
    /// The name used in URLs, the CLI and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Subsets => "subsets",
            Mode::LabelSets => "label_sets",
        }
    }

    /// Parses the name used in URLs, the CLI and JSON.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "subsets" => Some(Mode::Subsets),
            "label_sets" => Some(Mode::LabelSets),
            _ => None,
        }
    }
}

/// The settings that choose `M`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CombinationSettings {
    /// Selection mode.
    pub mode: Mode,
    /// Smallest combination size (at least 1).
    pub k_min: usize,
    /// Largest combination size (`subsets` mode only).
    pub k_max: usize,
    /// Minimum support `s` in train and in test (at least 1).
    pub min_support: u64,
}

impl Default for CombinationSettings {
    fn default() -> Self {
        Self {
            mode: Mode::Subsets,
            k_min: 1,
            k_max: 3,
            min_support: 1,
        }
    }
}

impl CombinationSettings {
    /// Checks the settings' ranges.
    pub fn validate(&self) -> Result<(), SettingsError> {
        if self.k_min < 1 || self.k_min > self.k_max {
            return Err(SettingsError::KRange {
                k_min: self.k_min,
                k_max: self.k_max,
            });
        }
        if self.min_support < 1 {
            return Err(SettingsError::MinSupport);
        }
        Ok(())
    }
}

/// The most combinations the engine enumerates before asking for stricter settings.
pub const MAX_COMBINATIONS: usize = 500_000;

/// Chooses `M` (attribute indices, each combination sorted), ordered by size, then
/// by attribute index.
pub fn combinations(
    d: &Dataset,
    ix: &RowIndex,
    settings: &CombinationSettings,
) -> Result<Vec<Vec<u32>>, SettingsError> {
    settings.validate()?;
    let mut out = match settings.mode {
        Mode::Subsets => subsets(ix, settings)?,
        Mode::LabelSets => label_sets(d, ix, settings),
    };
    out.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    Ok(out)
}

/// Depth-first enumeration with support pruning: a superset of a combination
/// below the support threshold is never visited.
fn subsets(ix: &RowIndex, s: &CombinationSettings) -> Result<Vec<Vec<u32>>, SettingsError> {
    struct Walk<'a> {
        ix: &'a RowIndex,
        s: &'a CombinationSettings,
        out: Vec<Vec<u32>>,
        prefix: Vec<u32>,
    }
    impl Walk<'_> {
        fn supported(&self, rows: &Bitset) -> bool {
            rows.and_count(&self.ix.train_any) >= self.s.min_support
                && rows.and_count(&self.ix.test_any) >= self.s.min_support
        }
        fn visit(&mut self, rows: &Bitset, start: usize) -> Result<(), SettingsError> {
            let mut next = Bitset::new(self.ix.rows());
            for a in start..self.ix.gt.len() {
                if self.prefix.is_empty() {
                    next.clone_from(&self.ix.gt[a]);
                } else {
                    rows.and_into(&self.ix.gt[a], &mut next);
                }
                if !self.supported(&next) {
                    continue;
                }
                self.prefix.push(a as u32);
                if self.prefix.len() >= self.s.k_min {
                    if self.out.len() >= MAX_COMBINATIONS {
                        return Err(SettingsError::TooManyCombinations {
                            limit: MAX_COMBINATIONS,
                        });
                    }
                    self.out.push(self.prefix.clone());
                }
                if self.prefix.len() < self.s.k_max {
                    let rows = next.clone();
                    self.visit(&rows, a + 1)?;
                }
                self.prefix.pop();
            }
            Ok(())
        }
    }
    let mut walk = Walk {
        ix,
        s,
        out: Vec::new(),
        prefix: Vec::new(),
    };
    walk.visit(&Bitset::new(ix.rows()), 0)?;
    Ok(walk.out)
}

/// The distinct full attribute sets of training rows with a group, kept when
/// at least `s` training rows have exactly that set and at least `s` test rows
/// have it (superset match).
fn label_sets(d: &Dataset, ix: &RowIndex, s: &CombinationSettings) -> Vec<Vec<u32>> {
    let mut exact: BTreeMap<&[u32], u64> = BTreeMap::new();
    for (i, attrs) in d.gt.iter().enumerate() {
        if d.role[i].is_train() && d.group[i].is_some() && attrs.len() >= s.k_min {
            *exact.entry(attrs.as_slice()).or_insert(0) += 1;
        }
    }
    exact
        .into_iter()
        .filter(|&(m, n)| {
            n >= s.min_support && ix.rows_with(m, false).and_count(&ix.test_any) >= s.min_support
        })
        .map(|(m, _)| m.to_vec())
        .collect()
}
