//! Annotations as `f.tsv`: any bytes load or fail with a located error, never panic;
//! streamed row by row they give the same data set.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::load_and_analyse("f.tsv", data);
    common::stream_agrees("f.tsv", data, b'\t');
});
