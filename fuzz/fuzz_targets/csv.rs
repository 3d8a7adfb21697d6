//! Annotations as `f.csv`: any bytes load or fail with a located error, never panic;
//! streamed row by row they give the same data set.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::load_and_analyse("f.csv", data);
    common::stream_agrees("f.csv", data, b',');
});
