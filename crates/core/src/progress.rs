//! How far a long computation has come, for a progress bar: what every long
//! step of the engine reports through its `progress` callback.

use serde::{Deserialize, Serialize};

use crate::numbers::thousands;

/// What the engine is doing, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The step, in words ("counting 10,057 combinations").
    pub stage: String,
    /// Units done in this step.
    pub done: usize,
    /// Units in this step (0 when unknown).
    pub total: usize,
    /// Whether `total` is an estimate, so that `done / total` is only roughly the
    /// share done (the search for combinations).
    #[serde(default)]
    pub approximate: bool,
}

impl Progress {
    /// A step `done` units into `total` (exactly known).
    pub fn of(stage: &str, done: usize, total: usize) -> Self {
        Self {
            stage: stage.to_owned(),
            done,
            total,
            approximate: false,
        }
    }

    /// A step whose size is unknown.
    pub fn step(stage: &str) -> Self {
        Self {
            stage: stage.to_owned(),
            done: 0,
            total: 0,
            approximate: false,
        }
    }

    /// The progress in words: "counting 456 combinations — 100 of 456", "about
    /// 40%" against an estimate, or the step alone when its size is unknown.
    pub fn text(&self) -> String {
        match self.share() {
            Some(share) if self.approximate => {
                format!("{} — about {:.0}%", self.stage, 100.0 * share)
            }
            Some(_) => format!(
                "{} — {} of {}",
                self.stage,
                thousands(self.done as u64),
                thousands(self.total as u64)
            ),
            None => format!("{}…", self.stage),
        }
    }

    /// The share done, when the step's size is known (at most 0.99 against an
    /// estimate, which the work may pass).
    pub fn share(&self) -> Option<f64> {
        let share = (self.total > 0).then(|| self.done as f64 / self.total as f64)?;
        Some(if self.approximate {
            share.min(0.99)
        } else {
            share
        })
    }
}
