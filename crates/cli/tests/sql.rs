//! The SQL of `sql/` (issue 9): the counts DuckDB and Spark write equal `biaslens
//! counts` byte for byte, and the metrics from their counts files equal the
//! metrics from the rows. Runs where Python has the PyPI packages `duckdb` and
//! `pyspark` (and, for Spark, Java runs) — `BIASLENS_SQL_PYTHON`, else
//! `.tools/sql-venv/bin/python`, which `scripts/setup.sh test` installs; elsewhere
//! each test prints why it is skipped.

// Test helpers outside #[test] functions: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A Python that imports `package`, or why there is none.
fn python(package: &str) -> Result<PathBuf, String> {
    let python = std::env::var_os("BIASLENS_SQL_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join(".tools/sql-venv/bin/python"));
    let ok = Command::new(&python)
        .args(["-c", &format!("import {package}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        Ok(python)
    } else {
        Err(format!(
            "{} cannot import {package} (scripts/setup.sh test installs it)",
            python.display()
        ))
    }
}

/// A temporary folder, and rows to count in it: generated rows, the same with odd
/// rows added (a third split, rows without a group, an attribute seen only in
/// validation), without predictions, without a split column, and the toy set.
fn cases(tag: &str) -> (PathBuf, Vec<(&'static str, String)>) {
    let dir = std::env::temp_dir().join(format!("biaslens-sql-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let generated = biaslens(&["generate", "coco-like", "--rows", "6000", "--seed", "9"])
        .trim_end()
        .to_owned()
        + "\n";
    let mut odd = generated.clone();
    odd.push_str("x1,val,g0,g1,a00|a01|a79,a00\nx2,train,,g0,a00|a01,a01\nx3,test,,,a02,\n");
    let cases = vec![
        ("generated", generated.clone()),
        ("odd", odd),
        (
            "no_predictions",
            without(&generated, &["pred_group", "pred_attributes"]),
        ),
        ("no_split", without(&generated, &["split"])),
        (
            "toy",
            std::fs::read_to_string(repo().join("data/toy/toy.csv")).unwrap(),
        ),
    ];
    for (name, rows) in &cases {
        std::fs::write(dir.join(format!("{name}.csv")), rows).unwrap();
    }
    (dir, cases)
}

/// Runs `script` (with `extra` flags) and `biaslens counts` on the rows `name` of
/// `dir` at `k_max` and `floor`: the two files are equal, and the metrics from the
/// script's manifest equal the metrics from the rows.
fn same_counts(
    python: &Path,
    script: &str,
    extra: &[&str],
    dir: &Path,
    name: &str,
    (k_max, floor): (usize, u64),
) {
    let rows = dir.join(format!("{name}.csv")).display().to_string();
    let (k, s) = (k_max.to_string(), floor.to_string());
    let ours = dir
        .join(format!("{name}-{k}-{s}.csv"))
        .display()
        .to_string();
    let theirs = dir
        .join(format!("{name}-{k}-{s}-{script}.csv"))
        .display()
        .to_string();
    let flags = ["--k-max", &k, "--min-support-floor", &s];
    biaslens(&[&["counts", &rows, "-o", &ours], &flags[..]].concat());
    let path = repo().join("sql").join(script).display().to_string();
    run(
        python,
        &[&[path.as_str(), &rows, "-o", &theirs], &flags[..], extra].concat(),
    );
    assert_eq!(
        std::fs::read_to_string(&theirs).unwrap(),
        std::fs::read_to_string(&ours).unwrap(),
        "{script}: {name}, k_max {k}, floor {s}"
    );
    let manifest = theirs.replace(".csv", ".json");
    let settings = ["--k-max", &k, "--min-support", &s];
    let from_counts = biaslens(&[&["metrics", &manifest], &settings[..]].concat());
    let from_rows = biaslens(&[&["metrics", &rows], &settings[..]].concat());
    assert_eq!(
        numbers(&from_counts),
        numbers(&from_rows),
        "{script}: {name}, k_max {k}"
    );
}

fn run(program: &Path, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{} {args:?}: {}",
        program.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn biaslens(args: &[&str]) -> String {
    run(Path::new(env!("CARGO_BIN_EXE_biaslens")), args)
}

/// The numbers of a `metrics` output (its data set summary aside: a counts file
/// from SQL knows only the counted rows).
fn numbers(json: &str) -> Value {
    let mut v: Value = serde_json::from_str(json).unwrap();
    v.as_object_mut().unwrap().remove("dataset");
    v
}

/// `rows` with the columns `drop` left out (CSV without quoted commas).
fn without(rows: &str, drop: &[&str]) -> String {
    let mut lines = rows.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let keep: Vec<usize> = (0..header.len())
        .filter(|&i| !drop.contains(&header[i]))
        .collect();
    let pick = |line: &str| {
        let fields: Vec<&str> = line.split(',').collect();
        keep.iter()
            .map(|&i| fields[i])
            .collect::<Vec<_>>()
            .join(",")
    };
    std::iter::once(pick(&header.join(",")))
        .chain(lines.map(pick))
        .map(|l| l + "\n")
        .collect()
}

#[test]
fn duckdb_counts_equal_biaslens_counts_and_give_the_same_metrics() {
    let python = match python("duckdb") {
        Ok(p) => p,
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let (dir, cases) = cases("duckdb");
    let mut compared = 0;
    for (name, _) in &cases {
        for setting in [(1, 1), (2, 2), (3, 1), (3, 4)] {
            same_counts(&python, "duckdb_counts.py", &[], &dir, name, setting);
            compared += 1;
        }
    }
    assert_eq!(compared, 20);
    // Parquet with list columns reads the same.
    let parquet = dir.join("generated.parquet").display().to_string();
    let csv = dir.join("generated.csv").display().to_string();
    run(
        &python,
        &[
            "-c",
            &format!(
                "import duckdb; duckdb.sql(\"COPY (SELECT id, split, \\\"group\\\", pred_group, \
                 string_split(attributes, '|') AS attributes, string_split(pred_attributes, '|') AS pred_attributes \
                 FROM read_csv('{csv}', all_varchar = true)) TO '{parquet}' (FORMAT parquet)\")"
            ),
        ],
    );
    let script = repo().join("sql/duckdb_counts.py").display().to_string();
    let from_parquet = dir.join("parquet-duckdb.csv").display().to_string();
    run(&python, &[script.as_str(), &parquet, "-o", &from_parquet]);
    let ours = dir.join("parquet-ours.csv").display().to_string();
    biaslens(&["counts", &csv, "-o", &ours]);
    assert_eq!(
        std::fs::read_to_string(&from_parquet).unwrap(),
        std::fs::read_to_string(&ours).unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn spark_counts_equal_biaslens_counts_and_give_the_same_metrics() {
    let python = match python("pyspark") {
        Ok(p) => p,
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    if !Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        println!("skipped: Spark needs Java, and `java -version` does not run (scripts/setup.sh test installs it)");
        return;
    }
    let (dir, _) = cases("spark");
    // Local mode, a few partitions: about 40 s a run on 2 cores.
    let extra = ["--partitions", "4"];
    same_counts(&python, "spark_counts.py", &extra, &dir, "odd", (3, 2));
    same_counts(
        &python,
        "spark_counts.py",
        &extra,
        &dir,
        "no_predictions",
        (2, 1),
    );
    let _ = std::fs::remove_dir_all(&dir);
}
