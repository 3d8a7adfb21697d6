//! The page around the views: the header (data set, demos, kept line), the
//! landing page, the settings rail and its filter, the file picker and column
//! mapping, the main area with its tabs, the tour and lab panels, the benchmark
//! page.

pub mod bench_page;
pub mod column_panel;
pub mod file_picker;
pub mod filter_panel;
pub mod header;
pub mod kept_line;
pub mod lab_panel;
pub mod landing;
pub mod main_area;
pub mod settings_rail;
pub mod tour_panel;
