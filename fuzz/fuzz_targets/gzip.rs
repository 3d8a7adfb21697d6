//! Gzip-compressed annotations: the input as a `.gz` file (mostly corrupt gzip),
//! and the input compressed (so the table parser behind the decompression is
//! reached too).
#![no_main]

use std::io::Write;

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::load_and_analyse("f.csv.gz", data);
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    if z.write_all(data).is_ok() {
        if let Ok(compressed) = z.finish() {
            common::load_and_analyse("f.jsonl.gz", &compressed);
        }
    }
});
