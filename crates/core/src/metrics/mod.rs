//! Metrics: pure functions of [`crate::counts::CountTables`].

pub mod amplification;
pub mod stats;
