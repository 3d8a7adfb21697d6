//! The malformed-input suite (`data/malformed/`, listed in `cases.json`; issue 8):
//! every file through the CLI. Bad input exits 2 with a message that names the
//! file and, where it applies, the line and column; data that is valid but cannot
//! support a metric exits 0 and says why; nothing panics (a panic exits 101).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::PathBuf;
use std::process::Command;

use serde::Deserialize;

/// One case of `data/malformed/cases.json`.
#[derive(Deserialize)]
struct Case {
    /// The malformed file.
    file: String,
    /// With embeddings cases, the annotations they are read beside.
    annotations: Option<String>,
    /// Extra arguments.
    #[serde(default)]
    args: Vec<String>,
    /// The exit status.
    exit: i32,
    /// What the message (exit 2) or the output (exit 0) must contain.
    says: Vec<String>,
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/malformed")
}

#[test]
fn every_malformed_file_gets_a_located_message_and_no_panic() {
    let cases: Vec<Case> =
        serde_json::from_str(&std::fs::read_to_string(dir().join("cases.json")).unwrap()).unwrap();
    assert!(cases.len() >= 30, "the suite has {} files", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        // Run from the suite's folder so that messages name the files as given.
        let mut args: Vec<String> = match &case.annotations {
            Some(a) => vec![
                "embeddings".into(),
                a.clone(),
                "--embeddings".into(),
                case.file.clone(),
            ],
            None => vec!["metrics".into(), case.file.clone()],
        };
        args.extend(case.args.iter().cloned());
        let out = Command::new(env!("CARGO_BIN_EXE_biaslens"))
            .args(&args)
            .current_dir(dir())
            .output()
            .unwrap();
        let code = out.status.code().unwrap_or(-1);
        let text = if code == 0 {
            String::from_utf8_lossy(&out.stdout).into_owned()
        } else {
            String::from_utf8_lossy(&out.stderr).into_owned()
        };
        if code != case.exit {
            failures.push(format!(
                "{}: exit {code}, expected {}: {}",
                case.file,
                case.exit,
                text.trim()
            ));
            continue;
        }
        for fragment in &case.says {
            if !text.contains(fragment.as_str()) {
                failures.push(format!(
                    "{}: the message lacks {fragment:?}: {}",
                    case.file,
                    text.trim()
                ));
            }
        }
        if code == 2 {
            // One line, starting with the program's name and the file's name.
            let line = text.trim();
            assert!(!line.contains('\n'), "{}: {line}", case.file);
            assert!(line.starts_with("biaslens: "), "{}: {line}", case.file);
            failures.extend(streamed_the_same(case, line));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `metrics` (like `counts`) streams a CSV or TSV row by row; `embeddings` reads
/// the annotations whole, as the app does: a bad file gets the same message from
/// both (what differs, if anything).
fn streamed_the_same(case: &Case, message: &str) -> Option<String> {
    let name = case.file.trim_end_matches(".gz");
    let delimited = name.ends_with(".csv") || name.ends_with(".tsv");
    if case.annotations.is_some() || !case.args.is_empty() || !delimited {
        return None;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_biaslens"))
        .args(["embeddings", &case.file])
        .current_dir(dir())
        .output()
        .unwrap();
    let whole = String::from_utf8_lossy(&out.stderr);
    (out.status.code() != Some(2) || whole.trim() != message).then(|| {
        format!(
            "{}: read whole (`embeddings`) it says {:?} (exit {:?}), streamed (`metrics`) {message:?}",
            case.file,
            whole.trim(),
            out.status.code()
        )
    })
}

/// The suite's files are what `make.py` writes (so the binary ones can be read
/// and regenerated), and every file in the folder is a case.
#[test]
fn every_file_in_the_folder_is_a_case() {
    let cases: Vec<Case> =
        serde_json::from_str(&std::fs::read_to_string(dir().join("cases.json")).unwrap()).unwrap();
    let listed: std::collections::BTreeSet<&str> = cases
        .iter()
        .flat_map(|c| std::iter::once(c.file.as_str()).chain(c.annotations.as_deref()))
        .collect();
    for entry in std::fs::read_dir(dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name == "cases.json" || name == "make.py" {
            continue;
        }
        assert!(
            listed.contains(name.as_str()),
            "{name} is in data/malformed but not in cases.json"
        );
    }
}
