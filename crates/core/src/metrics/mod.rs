//! Metrics: pure functions of [`crate::counting::counts::CountTables`].

pub mod amplification;
pub mod analysis;
pub mod association;
pub mod bootstrap;
pub mod cooccurrence;
pub mod headline;
pub mod ranking;
pub mod spurious;
pub mod stats;
pub mod support;
