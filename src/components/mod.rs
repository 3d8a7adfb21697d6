//! One component per file.

pub mod bar_chart;
pub mod cells_table;
pub mod file_picker;
pub mod header;
pub mod landing;
pub mod main_area;
pub mod metrics_panel;
pub mod number;
pub mod progress;
pub mod settings_rail;

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;
