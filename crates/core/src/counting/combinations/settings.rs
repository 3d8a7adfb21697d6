//! The settings that choose `M` and the limits a search for it stays within.

use serde::{Deserialize, Serialize};

use crate::error::SettingsError;

/// How the combination set `M` is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Mode {
    /// Every subset of `A` of size `k_min..=k_max` with enough support in train and test.
    #[default]
    Subsets,
    /// The distinct full attribute sets of training rows (the reference code's
    /// choice; `label_sets`, the links' spelling, is the same).
    #[cfg_attr(feature = "clap", value(alias = "label_sets"))]
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

    /// Parses the name used in URLs, the CLI and JSON (`label-sets`, the CLI's
    /// spelling, is the same mode).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "subsets" => Some(Mode::Subsets),
            "label_sets" | "label-sets" => Some(Mode::LabelSets),
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

/// The smallest combination size where nothing states one.
pub const DEFAULT_K_MIN: usize = 1;
/// The largest combination size where nothing states one.
pub const DEFAULT_K_MAX: usize = 3;

impl Default for CombinationSettings {
    fn default() -> Self {
        Self {
            mode: Mode::Subsets,
            k_min: DEFAULT_K_MIN,
            k_max: DEFAULT_K_MAX,
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

/// The most memory the results of one analysis may take (its count tables and
/// cells; the page holds a second copy): 600 MB, so that larger groups and larger
/// combinations lower the combinations allowed.
pub const MAX_RESULT_BYTES: usize = 600_000_000;

/// The memory one combination of `k` attributes takes in an analysis's results
/// with `groups` groups: a cell per group (224 bytes, its names and the group's)
/// and the count tables' entries and names. Measured natively: 329,082
/// combinations (2 groups, sizes up to 8) peaked at 660 MB, 2.0 kB each, as this
/// gives for k = 6.
pub fn bytes_per_combination(groups: usize, k: usize) -> usize {
    groups * (300 + 64 * k) + 64 * k + 200
}

/// The most row operations (a list entry or a 64-row bitset word intersected, see
/// `Walk::child`) one search may take. Measured natively (the browser's walk is
/// as fast): 120 million a second where counting dense combinations dominates
/// (celeba-like), 280-550 million elsewhere; so about a minute at most.
pub const MAX_WORK: u64 = 6_000_000_000;

/// How far one search for `M` may go before it stops with a message instead of
/// exhausting memory or running for minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most combinations.
    pub combinations: usize,
    /// The most row operations.
    pub work: u64,
}

impl Limits {
    /// The limits for a data set with `groups` groups and combinations of up to
    /// `k_max` attributes.
    pub fn new(groups: usize, k_max: usize) -> Self {
        Self {
            combinations: MAX_COMBINATIONS
                .min(MAX_RESULT_BYTES / bytes_per_combination(groups.max(1), k_max)),
            work: MAX_WORK,
        }
    }
}
