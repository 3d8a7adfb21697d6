//! Counts files (`docs/spec/counts.md`) and counts manifests: any bytes are counts, or
//! an error naming the file; counts that read are analysed without panicking, and
//! what they give back written out reads back the same.
#![no_main]

use biaslens_core::counts_file::{parse_counts_alone, sniff_counts_manifest, write_counts};
use biaslens_core::{CombinationSettings, Mode};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(err) = sniff_counts_manifest("c.json", data) {
        assert_eq!(err.location.file, "c.json", "{err}");
    }
    match parse_counts_alone("c.csv", data) {
        Ok(counts) => {
            let summary = counts.summary("c");
            for k_max in 1..=counts.k_max.min(3) {
                let s = CombinationSettings {
                    mode: Mode::Subsets,
                    k_min: 1,
                    k_max,
                    min_support: counts.min_support_floor,
                };
                let _ = counts.analyze(summary.clone(), &s);
            }
            let again = parse_counts_alone("c.csv", write_counts(&counts.tables).as_bytes())
                .expect("written counts read back");
            assert_eq!(again.tables, counts.tables);
        }
        Err(err) => assert_eq!(err.location.file, "c.csv", "{err}"),
    }
});
