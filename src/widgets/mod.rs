//! Small parts every view uses: numbers with their full values, bootstrap
//! intervals, the working line with Cancel, the table toggle, the export menu.

pub mod export_menu;
pub mod interval;
pub mod number;
pub mod progress;
pub mod table_toggle;
