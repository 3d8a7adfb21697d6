//! The charts: each draws engine results it is given, with hover details,
//! keyboard access and a table view of the same data.

pub mod bar_chart;
pub mod heatmap;
pub mod scatter;
