//! NumPy `.npy` embeddings: any bytes give embeddings or an error naming the file.
#![no_main]

use biaslens_core::embeddings::Embeddings;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    match Embeddings::load("e.npy", data) {
        Ok(e) => assert_eq!(e.rows * e.dim, e.values.len()),
        Err(err) => assert_eq!(err.location.file, "e.npy", "{err}"),
    }
});
