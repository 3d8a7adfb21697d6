//! Bad input is normal input: whatever bytes arrive, loading and analysing them
//! returns a value or a located error, and never panics (a panic in WebAssembly
//! kills the whole app).

// Test helpers outside #[test] functions: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use biaslens_core::{analyze, load_with_defaults, CombinationSettings, Mode};
use proptest::prelude::*;

/// Loads and analyses; any error must name the file.
fn run(file: &str, bytes: &[u8]) {
    match load_with_defaults("fuzz", file, bytes) {
        Ok((_, d)) => {
            for mode in [Mode::Subsets, Mode::LabelSets] {
                let s = CombinationSettings {
                    mode,
                    k_max: 3,
                    ..Default::default()
                };
                let _ = analyze(&d, &s);
            }
        }
        Err(e) => assert_eq!(e.location.file, file, "{e}"),
    }
}

/// Cells drawn from values that break naive parsers.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("NaN".to_owned()),
        Just("inf".to_owned()),
        Just("-0.5".to_owned()),
        Just("1.5".to_owned()),
        Just("1".to_owned()),
        Just("0".to_owned()),
        Just("true".to_owned()),
        Just("train".to_owned()),
        Just("test".to_owned()),
        Just("man".to_owned()),
        Just("a|b||c".to_owned()),
        Just("['a', 'b']".to_owned()),
        Just("[".to_owned()),
        Just("\"".to_owned()),
        Just("é|ü|漢".to_owned()),
        "[a-c|]{0,6}",
    ]
}

fn header() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("split".to_owned()),
        Just("group".to_owned()),
        Just("pred_group".to_owned()),
        Just("attributes".to_owned()),
        Just("pred_attributes".to_owned()),
        Just("attr:a".to_owned()),
        Just("pred:a".to_owned()),
        Just("score:a".to_owned()),
        Just("score:b".to_owned()),
        Just("id".to_owned()),
        Just("x".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        for file in ["f.csv", "f.tsv", "f.json", "f.jsonl", "f.csv.gz", "f"] {
            run(file, &bytes);
        }
    }

    #[test]
    fn tables_of_odd_values_never_panic(
        columns in proptest::collection::vec(header(), 1..7),
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..8), 0..12),
    ) {
        let mut csv = columns.join(",");
        csv.push('\n');
        let mut jsonl = String::new();
        for row in &rows {
            csv.push_str(&row.join(","));
            csv.push('\n');
            let object: serde_json::Map<String, serde_json::Value> = columns
                .iter()
                .zip(row)
                .map(|(c, v)| (c.clone(), serde_json::Value::String(v.clone())))
                .collect();
            jsonl.push_str(&serde_json::Value::Object(object).to_string());
            jsonl.push('\n');
        }
        run("t.csv", csv.as_bytes());
        run("t.jsonl", jsonl.as_bytes());
    }
}
