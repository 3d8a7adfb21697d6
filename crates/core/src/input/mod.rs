//! Input: files into a [`crate::Dataset`]. [`table`] parses CSV, TSV, JSON and
//! JSON Lines into named columns; [`mapping`] gives the columns their roles;
//! [`dataset`] builds the rows; [`manifest`] and [`counts_file`] read the files
//! that describe a data set or hold its counts; [`open`] is the one path from an
//! entry to what the CLI and the worker need; [`filter`] restricts the rows.

pub mod counts_file;
pub mod dataset;
pub mod filter;
pub mod manifest;
pub mod mapping;
pub mod open;
pub mod table;
