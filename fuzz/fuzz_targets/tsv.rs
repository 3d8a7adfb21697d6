//! Annotations as `f.tsv`: any bytes load or fail with a located error, never panic.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::load_and_analyse("f.tsv", data));
