//! Metrics: pure functions of [`crate::counts::CountTables`].

pub mod amplification;
pub mod association;
pub mod headline;
pub mod stats;
