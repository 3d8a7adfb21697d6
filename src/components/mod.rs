//! One component per file.

pub mod bar_chart;
pub mod bench_page;
pub mod cells_table;
pub mod column_panel;
pub mod cooc_view;
pub mod embedding_view;
pub mod explain_cell;
pub mod explain_stats;
pub mod export_menu;
pub mod file_picker;
pub mod filter_panel;
pub mod header;
pub mod heatmap;
pub mod interval;
pub mod kept_line;
pub mod lab_panel;
pub mod landing;
pub mod main_area;
pub mod metrics_panel;
pub mod number;
pub mod progress;
pub mod row_list;
pub mod scatter;
pub mod settings_rail;
pub mod spurious_view;
pub mod table_toggle;
pub mod tour_panel;

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;
