//! The Embedding Projector's `vectors.tsv`: any bytes give embeddings of finite
//! values or an error naming the file.
#![no_main]

use biaslens_core::embeddings::projector::parse_vectors_tsv;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    match parse_vectors_tsv("vectors.tsv", data) {
        Ok(e) => assert!(e.values.iter().all(|v| v.is_finite())),
        Err(err) => assert_eq!(err.location.file, "vectors.tsv", "{err}"),
    }
});
