//! Errors are values: every problem with user input says which file, line and
//! column it comes from, in words a user can act on.

use std::fmt;

use crate::numbers::{round2, thousands};

/// Where in an input file a problem was found.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// The file's name as the user knows it (a path, a URL, or a demo name).
    pub file: String,
    /// 1-based line number, when the problem is on one line.
    pub line: Option<usize>,
    /// The column's name, when the problem is in a named column.
    pub column: Option<String>,
    /// Otherwise the 1-based position on the line: the character of a JSON
    /// syntax error, or the field of a file without a header (or with an empty
    /// column name).
    pub position: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column \"{column}\"")?;
        } else if let Some(position) = self.position {
            write!(f, ", column {position}")?;
        }
        Ok(())
    }
}

/// A problem with an input file: what went wrong and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("{location}: {message}")]
pub struct InputError {
    /// Where the problem is.
    pub location: Location,
    /// What the problem is, in words.
    pub message: String,
}

impl InputError {
    /// A problem with the file as a whole.
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Self {
            location: Location {
                file: file.to_owned(),
                ..Location::default()
            },
            message: message.into(),
        }
    }

    /// A problem at a line (and optionally a column) of a file.
    pub fn at(file: &str, line: usize, column: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            location: Location {
                file: file.to_owned(),
                line: Some(line),
                column: column.map(str::to_owned),
                position: None,
            },
            message: message.into(),
        }
    }

    /// A problem at a line and a 1-based position on it (a character of JSON text,
    /// or a field without a column name); position 0 means unknown.
    pub fn at_position(
        file: &str,
        line: usize,
        position: usize,
        message: impl Into<String>,
    ) -> Self {
        Self {
            location: Location {
                file: file.to_owned(),
                line: Some(line),
                column: None,
                position: (position > 0).then_some(position),
            },
            message: message.into(),
        }
    }
}

/// Why something cannot be computed from counts alone: "not available: `what`
/// needs rows, and only counts were loaded" (the one wording, for the engine's
/// and the app's errors).
pub fn needs_rows(what: &str) -> String {
    format!("not available: {what} needs rows, and only counts were loaded")
}

/// A setting that cannot be used (for example `k_min > k_max`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
pub enum SettingsError {
    /// `k_min` must be at least 1 and at most `k_max`.
    #[error("k_min must be between 1 and k_max (got k_min = {k_min}, k_max = {k_max})")]
    KRange {
        /// The requested smallest combination size.
        k_min: usize,
        /// The requested largest combination size.
        k_max: usize,
    },
    /// Minimum support 0 would make every subset of the attributes a combination.
    #[error("min support must be at least 1")]
    MinSupport,
    /// A bootstrap needs at least one resample.
    #[error("the bootstrap needs at least 1 resample (B >= 1)")]
    Replicates,
    /// The threshold turns scores into predictions and must be a probability.
    #[error("threshold must be a number between 0 and 1 (got {0})")]
    Threshold(String),
    /// The settings would make more combinations than the engine counts at once
    /// (found while enumerating, or `estimated` before it).
    #[error("{}", too_many(*limit, *estimated))]
    TooManyCombinations {
        /// The largest number of combinations the engine will enumerate.
        limit: usize,
        /// The estimate that refused the settings before enumerating, if any.
        estimated: Option<u64>,
    },
    /// The analysis needs rows, and only counts were loaded.
    #[error("{}", needs_rows(.0))]
    NeedsRows(&'static str),
    /// A counts file counted combinations up to a smaller size.
    #[error("the counts go up to k_max = {counted}; k_max = {asked} needs counts of larger combinations")]
    CountsKMax {
        /// The k_max asked for.
        asked: usize,
        /// The largest combination the file counts.
        counted: usize,
    },
    /// A counts file left out combinations below its support floor.
    #[error("the counts leave out combinations below a support of {floor}: min support must be at least {floor} (asked {asked})")]
    CountsFloor {
        /// The minimum support asked for.
        asked: u64,
        /// The file's support floor.
        floor: u64,
    },
    /// A probe's target is neither the group column nor an attribute.
    #[error("\"{0}\" is neither the group column nor an attribute: the probe's target is the group column or one attribute")]
    ProbeTarget(String),
    /// A probe needs train rows of two target values at least.
    #[error(
        "the probe of {target} needs train rows of at least two of its values (found {found})"
    )]
    ProbeValues {
        /// The target, in words.
        target: String,
        /// How many values its train rows have.
        found: usize,
    },
    /// An analysis of the model's errors, on data without its predictions.
    #[error("not available: needs predicted {0}")]
    NeedsPredictions(&'static str),
    /// Too few rows to cluster.
    #[error("the slices need at least two test rows with a prediction (found {0})")]
    SliceRows(usize),
    /// Finding the combinations would take minutes: more row operations than the
    /// engine runs in one go (found while enumerating, or `estimated` before it).
    #[error("{}", too_slow(*limit, *estimated))]
    TooSlow {
        /// The most row operations one search may take.
        limit: u64,
        /// The estimate that refused the settings before enumerating, if any.
        estimated: Option<u64>,
    },
}

/// What to change when a search is refused.
const STRICTER: &str = "raise min support or lower k_max";

fn too_many(limit: usize, estimated: Option<u64>) -> String {
    match estimated {
        Some(e) => format!(
            "these settings would give about {} combinations (estimated before counting); \
             at most {} fit in memory: {STRICTER}",
            thousands(round2(e)),
            thousands(limit as u64)
        ),
        None => format!(
            "these settings give more than {} combinations, more than fit in memory: {STRICTER}",
            thousands(limit as u64)
        ),
    }
}

fn too_slow(limit: u64, estimated: Option<u64>) -> String {
    match estimated {
        Some(e) => format!(
            "finding the combinations for these settings would take minutes (about {} row \
             operations, estimated before counting; the limit is {}): {STRICTER}",
            thousands(round2(e)),
            thousands(limit)
        ),
        None => format!(
            "finding the combinations for these settings takes too long (more than {} row \
             operations): {STRICTER}",
            thousands(limit)
        ),
    }
}
