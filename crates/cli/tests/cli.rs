//! The CLI as other programs use it: fixed JSON keys on stdout, exit status 2 and
//! a located message on bad input.

// Test helpers outside #[test] functions: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn biaslens(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_biaslens"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn data(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(name)
        .display()
        .to_string()
}

/// Writes the birds demo into a new folder `tag` (rows as `birds.csv`, with
/// `images.npy`, `concepts.csv`, `concepts.npy`); returns a path maker for it.
fn birds_files(tag: &str) -> (PathBuf, impl Fn(&str) -> String) {
    let dir = std::env::temp_dir().join(format!("biaslens-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let root = dir.clone();
    let path = move |name: &str| root.join(name).display().to_string();
    let (code, csv, stderr) = biaslens(&[
        "demo",
        "birds",
        "--embeddings",
        &path("images.npy"),
        "--concepts",
        &path("concepts.csv"),
        "--concept-embeddings",
        &path("concepts.npy"),
    ]);
    assert_eq!(code, 0, "{stderr}");
    std::fs::write(dir.join("birds.csv"), csv).unwrap();
    (dir, path)
}

fn temp_file(name: &str, contents: &str) -> String {
    let dir = std::env::temp_dir().join(format!("biaslens-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path.display().to_string()
}

#[test]
fn metrics_json_has_the_fixed_keys_and_the_toy_values() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(data("toy/expected.json")).unwrap()).unwrap();
    for (case, args) in [
        ("subsets k=1..3 s=1", vec![]),
        (
            "label_sets k_min=1 s=1",
            vec!["--combinations", "label-sets"],
        ),
        ("subsets k=1..1 s=1", vec!["--k-max", "1"]),
    ] {
        let file = data("toy/toy.csv");
        let mut all = vec!["metrics", file.as_str()];
        all.extend(args);
        let (code, stdout, stderr) = biaslens(&all);
        assert_eq!(code, 0, "{stderr}");
        let got: Value = serde_json::from_str(&stdout).unwrap();
        for (metric, fields) in expected[case].as_object().unwrap() {
            for (field, want) in fields.as_object().unwrap() {
                let g = got["metrics"][metric][field].as_f64().unwrap();
                assert!(
                    (g - want.as_f64().unwrap()).abs() < 1e-12,
                    "{case} {metric}.{field}"
                );
            }
        }
        let n = got["metrics"]["multi_mals"]["n_combinations"]
            .as_u64()
            .unwrap();
        assert_eq!(got["cells"].as_array().unwrap().len() as u64, 2 * n);
        assert_eq!(got["dataset"]["rows"], 16);
        assert_eq!(got["dataset"]["rows_without_group"], 0);
    }
}

#[test]
fn undefined_is_null_and_reason_is_given() {
    let f = temp_file(
        "nopred.csv",
        "split,group,attributes\ntrain,a,x\ntrain,b,y\ntest,a,x\ntest,b,x|y\n",
    );
    let (code, stdout, _) = biaslens(&["metrics", &f]);
    assert_eq!(code, 0);
    let got: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(got["metrics"]["multi_mals"]["mean"], Value::Null);
    assert!(got["metrics"]["multi_mals"]["not_available"]
        .as_str()
        .unwrap()
        .contains("needs predictions"));
    assert_eq!(got["metrics"]["biasamp_t_to_a"]["value"], Value::Null);
}

#[test]
fn bad_input_exits_2_with_file_line_and_column() {
    let f = temp_file("bad.csv", "split,group,attr:cup\ntrain,a,1\ntest,b,yes\n");
    let (code, stdout, stderr) = biaslens(&["metrics", &f]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("bad.csv, line 3, column \"attr:cup\""),
        "{stderr}"
    );
    let (code, _, stderr) = biaslens(&["metrics", "/nonexistent/x.csv"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("/nonexistent/x.csv"), "{stderr}");
    let (code, _, stderr) = biaslens(&[
        "metrics",
        &data("toy/toy.csv"),
        "--k-min",
        "3",
        "--k-max",
        "2",
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("k_min"), "{stderr}");
}

#[test]
fn demo_round_trips() {
    let (code, _, stderr) = biaslens(&["demo", "nope"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("kitchen, lab, birds, adult, words, toy"),
        "{stderr}"
    );
    // A real data set is a manifest beside the app, not generated.
    let (code, _, stderr) = biaslens(&["demo", "adult"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("public/demos/adult/manifest.json"),
        "{stderr}"
    );
    let (code, csv, _) = biaslens(&["demo", "kitchen"]);
    assert_eq!(code, 0);
    let f = temp_file("kitchen.csv", &csv);
    let (code, stdout, stderr) = biaslens(&["metrics", &f, "--min-support", "5"]);
    assert_eq!(code, 0, "{stderr}");
    let got: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(got["dataset"]["rows"], 5000);
    assert!(got["metrics"]["multi_mals"]["mean"].as_f64().unwrap() > 0.0);
}

#[test]
fn bootstrap_adds_ci95_to_every_headline_metric_and_is_seeded() {
    let file = data("toy/toy.csv");
    let args = ["metrics", &file, "--bootstrap", "200", "--seed", "7"];
    let (code, out, err) = biaslens(&args);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    for metric in [
        "multi_mals",
        "multi_g_to_m",
        "multi_m_to_g",
        "biasamp_mals",
        "biasamp_a_to_t",
        "biasamp_t_to_a",
    ] {
        let ci = &v["metrics"][metric]["ci95"];
        let pair = ci.as_array().unwrap_or_else(|| panic!("{metric}: {ci}"));
        assert_eq!(pair.len(), 2);
        assert!(pair[0].as_f64().unwrap() <= pair[1].as_f64().unwrap());
    }
    assert_eq!(v["bootstrap"]["replicates"], 200);
    // The same seed gives the same output; another seed another interval.
    assert_eq!(biaslens(&args).1, out);
    let other = biaslens(&["metrics", &file, "--bootstrap", "200", "--seed", "8"]).1;
    assert_ne!(other, out);
    // Without --bootstrap, no interval keys.
    let (_, plain, _) = biaslens(&["metrics", &file]);
    let plain: Value = serde_json::from_str(&plain).unwrap();
    assert!(plain["metrics"]["multi_mals"].get("ci95").is_none());
}

#[test]
fn cooccurrence_rows_have_the_documented_keys() {
    let file = data("toy/toy.csv");
    for split in ["train", "test"] {
        let (code, out, err) = biaslens(&["cooccurrence", &file, "--split", split]);
        assert_eq!(code, 0, "{err}");
        let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
        assert!(!rows.is_empty());
        for r in &rows {
            for key in [
                "attributes",
                "group",
                "n11",
                "n10",
                "n01",
                "n00",
                "p_group_given_attr",
                "p_attr_given_group",
                "pmi",
                "npmi",
                "phi",
                "odds_ratio",
                "odds_ratio_ci95",
                "chi2_p",
                "q",
            ] {
                assert!(r.get(key).is_some(), "{key} missing in {r}");
            }
            let n: u64 = ["n11", "n10", "n01", "n00"]
                .iter()
                .map(|k| r[k].as_u64().unwrap())
                .sum();
            assert!(n > 0);
        }
    }
    let (_, out, _) = biaslens(&["cooccurrence", &file, "--k-max", "2"]);
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert!(rows
        .iter()
        .any(|r| r["attributes"].as_array().unwrap().len() == 2));
}

#[test]
fn spurious_ranks_candidates_with_counts_and_rejects_unknown_targets() {
    let (_, csv, _) = biaslens(&["demo", "kitchen"]);
    let file = temp_file("kitchen.csv", &csv);
    let (code, out, err) = biaslens(&["spurious", &file, "--target", "keyboard"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["target"]["kind"], "attribute");
    let top = &v["candidates"][0];
    assert_eq!(top["attribute"], "computer");
    assert!(top["fpr_with"]["denominator"].as_u64().unwrap() > 0);
    assert!(top["fpr_gap"].as_f64().unwrap() > 0.0);
    let (code, _, err) = biaslens(&["spurious", &file, "--target", "unicorn"]);
    assert_eq!(code, 2);
    assert!(err.contains("unicorn"), "{err}");
}

#[test]
fn the_perfect_model_floor_and_what_the_model_adds() {
    let file = data("toy/toy.csv");
    let (code, out, err) = biaslens(&["metrics", &file]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let p = &v["perfect_model"];
    for key in [
        "mean",
        "signed_mean",
        "variance",
        "n_combinations",
        "never_predicted",
        "never_predicted_combinations",
        "not_available",
    ] {
        assert!(
            p["multi_mals"].get(key).is_some(),
            "perfect_model.multi_mals.{key}"
        );
    }
    // The toy's test split has the train split's bias scores: the floor is 0.
    assert_eq!(p["multi_mals"]["mean"], 0.0);
    assert_eq!(p["biasamp_mals"]["value"], 0.0);
    assert!(v.get("model_minus_perfect").is_none());

    let (_, out, _) = biaslens(&["metrics", &file, "--bootstrap", "100"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let d = &v["model_minus_perfect"];
    for key in ["multi_mals_mean", "biasamp_mals"] {
        let value = d[key]["value"].as_f64().unwrap();
        assert!((value - 1.0 / 6.0).abs() < 1e-12, "{key}: {value}");
        let ci = d[key]["ci95"].as_array().unwrap();
        assert!(ci[0].as_f64().unwrap() <= ci[1].as_f64().unwrap());
    }
}

#[test]
fn embeddings_report_pca_leakage_and_the_planted_directions() {
    let dir = std::env::temp_dir().join(format!("biaslens-cli-emb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let npy = dir.join("kitchen.npy").display().to_string();
    let (code, csv, err) = biaslens(&["demo", "kitchen", "--embeddings", &npy]);
    assert_eq!(code, 0, "{err}");
    let file = temp_file("kitchen-emb.csv", &csv);
    let (code, out, err) = biaslens(&["embeddings", &file, "--embeddings", &npy]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let ratios = v["pca"]["explained_variance_ratio"].as_array().unwrap();
    assert_eq!(ratios.len(), 3);
    assert!(ratios.windows(2).all(|w| w[0].as_f64() >= w[1].as_f64()));
    for key in ["accuracy", "auc", "baseline"] {
        let x = v["leakage"][key].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&x), "{key} = {x}");
    }
    assert!(v["leakage"]["auc"].as_f64().unwrap() > 0.7);
    let top: Vec<&str> = v["directions"]
        .as_array()
        .unwrap()
        .iter()
        .take(3)
        .map(|d| d["attribute"].as_str().unwrap())
        .collect();
    for planted in ["towel", "detergent", "mouse"] {
        assert!(top.contains(&planted), "{top:?}");
    }
    assert!(v["directions"][0]["cos_group"].is_number());

    // The same embeddings in reverse order, with an ids file naming each row: the
    // same report.
    let (_, d) = biaslens_core::load_with_defaults("k", "k.csv", csv.as_bytes()).unwrap();
    let e =
        biaslens_core::embeddings::npy::parse_npy("k.npy", &std::fs::read(&npy).unwrap()).unwrap();
    let reversed: Vec<f32> = (0..e.rows).rev().flat_map(|i| e.row(i).to_vec()).collect();
    let reversed =
        biaslens_core::embeddings::Embeddings::new("r", e.rows, e.dim, reversed).unwrap();
    let reversed_npy = dir.join("reversed.npy");
    std::fs::write(
        &reversed_npy,
        biaslens_core::embeddings::npy::to_npy(&reversed),
    )
    .unwrap();
    let ids: Vec<&str> = d.ids.iter().rev().map(String::as_str).collect();
    let ids_file = temp_file("kitchen-ids.txt", &format!("id\n{}\n", ids.join("\n")));
    let reversed_npy = reversed_npy.display().to_string();
    let (code, by_id, err) = biaslens(&[
        "embeddings",
        &file,
        "--embeddings",
        &reversed_npy,
        "--ids",
        &ids_file,
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(by_id, out);
    // An ids file that leaves out an annotation row is refused, naming it.
    let short = temp_file("short-ids.txt", &ids[1..].join("\n"));
    let (code, _, err) = biaslens(&[
        "embeddings",
        &file,
        "--embeddings",
        &reversed_npy,
        "--ids",
        &short,
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("ids but the embeddings have 5000 rows"),
        "{err}"
    );

    // Embeddings of another length are refused, naming both counts.
    let toy = data("toy/toy.csv");
    let (code, _, err) = biaslens(&["embeddings", &toy, "--embeddings", &npy]);
    assert_eq!(code, 2);
    assert!(err.contains("5000 rows") && err.contains("16"), "{err}");
}

#[test]
fn a_manifest_names_the_files_and_the_columns() {
    let dir = std::env::temp_dir().join(format!("biaslens-cli-manifest-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("data")).unwrap();
    let npy = dir.join("data/kitchen.npy").display().to_string();
    let (code, csv, err) = biaslens(&["demo", "kitchen", "--embeddings", &npy]);
    assert_eq!(code, 0, "{err}");
    let plain = dir.join("data/plain.csv");
    std::fs::write(&plain, &csv).unwrap();
    // The same table with its columns named otherwise, and a manifest naming them.
    let renamed = csv.replacen(
        "id,split,group,pred_group,",
        "id,split,gender,model_says,",
        1,
    );
    std::fs::write(dir.join("data/kitchen.csv"), renamed).unwrap();
    let manifest = dir.join("kitchen.json");
    std::fs::write(
        &manifest,
        r#"{"name": "Kitchen", "license": "CC0", "annotations": "data/kitchen.csv",
            "embeddings": "data/kitchen.npy",
            "columns": {"group": "gender", "pred_group": "model_says"}}"#,
    )
    .unwrap();
    let (manifest, plain) = (manifest.display().to_string(), plain.display().to_string());
    let metrics = |file: &str| {
        let (code, out, err) = biaslens(&["metrics", file, "--min-support", "30"]);
        assert_eq!(code, 0, "{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        assert!(v["metrics"]["multi_mals"]["mean"].is_number(), "{v}");
        (v["metrics"].clone(), v["dataset"]["groups"].clone())
    };
    let (via_manifest, groups) = metrics(&manifest);
    assert_eq!(groups, serde_json::json!({"man": 2495, "woman": 2505}));
    // The predicted group column was found under its manifest name: M→G is there.
    assert!(via_manifest["multi_m_to_g"]["mean_abs"].is_number());
    assert_eq!((via_manifest, groups), metrics(&plain));
    let (code, by_manifest, err) = biaslens(&["embeddings", &manifest]);
    assert_eq!(code, 0, "{err}");
    let (_, direct, _) = biaslens(&["embeddings", &plain, "--embeddings", &npy]);
    assert_eq!(by_manifest, direct);
    // A manifest naming a file that is not there says which.
    let broken = dir.join("broken.json");
    std::fs::write(&broken, r#"{"annotations": "data/missing.csv"}"#).unwrap();
    let (code, _, err) = biaslens(&["metrics", &broken.display().to_string()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("missing.csv") && err.contains("cannot read"),
        "{err}"
    );
}

#[test]
fn embeddings_can_come_in_a_json_lines_column() {
    let mut lines = String::new();
    for i in 0..40 {
        let group = if i % 2 == 0 { "a" } else { "b" };
        let shift = if i % 2 == 0 { 0.0 } else { 2.0 };
        let attrs = if i % 4 < 2 { "[\"x\"]" } else { "[\"y\"]" };
        lines.push_str(&format!(
            "{{\"group\": \"{group}\", \"attributes\": {attrs}, \"embedding\": [{}, {}, {}]}}\n",
            shift + f64::from(i % 3) * 0.1,
            f64::from(i % 5) * 0.1,
            f64::from(i % 7) * 0.1
        ));
    }
    let file = temp_file("emb.jsonl", &lines);
    let (code, out, err) = biaslens(&["embeddings", &file]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["shape"], serde_json::json!([40, 3]));
    assert!(
        v["leakage"]["accuracy"].as_f64().unwrap() > 0.9,
        "{}",
        v["leakage"]
    );
    // Without embeddings anywhere: said so.
    let (code, _, err) = biaslens(&["embeddings", &data("toy/toy.csv")]);
    assert_eq!(code, 2);
    assert!(err.contains("no embeddings"), "{err}");
}

/// The real demos' manifests: their settings are the defaults (a flag overrides
/// them), gzip-compressed tables and `.npy.gz` embeddings are read, and a closed
/// pipe ends the output quietly.
#[test]
fn real_demo_manifests_bring_their_settings_and_compressed_files() {
    let public = |p: &str| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../public/demos")
            .join(p)
            .display()
            .to_string()
    };
    let adult = public("adult/manifest.json");
    let (code, stdout, stderr) = biaslens(&["metrics", &adult]);
    assert_eq!(code, 0, "{stderr}");
    let got: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(got["settings"]["min_support"], 30);
    assert_eq!(got["dataset"]["rows"], 48_842);
    let (_, stdout, _) = biaslens(&["metrics", &adult, "--min-support", "200", "--k-max", "2"]);
    let got: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(got["settings"]["min_support"], 200);
    assert_eq!(got["settings"]["k_max"], 2);
    let (code, stdout, stderr) = biaslens(&["embeddings", &public("words/manifest.json")]);
    assert_eq!(code, 0, "{stderr}");
    let got: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(got["shape"][1], 300);
    assert_eq!(got["axis"]["ends"][0], "female");
    // `| head`: the reader goes away; no panic, no error.
    let mut child = Command::new(env!("CARGO_BIN_EXE_biaslens"))
        .args(["metrics", &adult])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[test]
fn settings_far_past_the_limits_are_refused_before_counting() {
    // Dense attributes (about 9 of 40 per row): every subset up to k_max 8 would be
    // millions of combinations.
    let (code, csv, _) = biaslens(&["generate", "celeba-like", "--rows", "20000"]);
    assert_eq!(code, 0);
    let file = temp_file("dense.csv", &csv);
    let started = std::time::Instant::now();
    let (code, out, err) = biaslens(&["metrics", &file, "--k-max", "8", "--min-support", "1"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.is_empty());
    assert!(
        err.contains("combinations (estimated before counting); at most 256,849 fit in memory: raise min support or lower k_max"),
        "{err}"
    );
    assert!(
        started.elapsed().as_secs() < 5,
        "refused after {:?}",
        started.elapsed()
    );
    // The same data with the default settings goes through.
    let (code, _, err) = biaslens(&["metrics", &file]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn metrics_from_a_counts_manifest_equal_the_metrics_from_the_rows() {
    let (code, csv, _) = biaslens(&["demo", "kitchen"]);
    assert_eq!(code, 0);
    let rows = temp_file("kitchen.csv", &csv);
    let dir = std::path::Path::new(&rows).parent().unwrap().join("counts");
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("kitchen.counts.csv").display().to_string();
    let (code, printed, err) = biaslens(&[
        "counts",
        &rows,
        "--k-max",
        "3",
        "--min-support-floor",
        "5",
        "-o",
        &out,
    ]);
    assert_eq!(code, 0, "{err}");
    let manifest: Value = serde_json::from_str(&printed).unwrap();
    assert_eq!(manifest["counts"], "kitchen.counts.csv");
    assert_eq!(manifest["k_max"], 3);
    assert_eq!(manifest["min_support_floor"], 5);
    let written = std::fs::read_to_string(dir.join("kitchen.counts.json")).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&written).unwrap(), manifest);
    let counts_csv = std::fs::read_to_string(&out).unwrap();
    assert!(counts_csv.starts_with("table,attributes,group,count\ntrain,,man,"));
    let manifest_path = dir.join("kitchen.counts.json").display().to_string();
    for args in [
        vec!["--min-support", "30"],
        vec!["--k-max", "2", "--min-support", "5"],
    ] {
        let (code, from_counts, err) =
            biaslens(&[&["metrics", manifest_path.as_str()], args.as_slice()].concat());
        assert_eq!(code, 0, "{err}");
        let (_, from_rows, _) = biaslens(&[&["metrics", rows.as_str()], args.as_slice()].concat());
        assert_eq!(from_counts, from_rows, "{args:?}");
    }
    // The counts CSV alone is read as counts too (its floor is its smallest count
    // of a combination, here at least 5): the same metrics as the rows.
    let metrics = |file: &str| {
        let (code, out, err) = biaslens(&["metrics", file, "--min-support", "30"]);
        assert_eq!(code, 0, "{file}: {err}");
        serde_json::from_str::<Value>(&out).unwrap()["metrics"].clone()
    };
    assert_eq!(metrics(&out), metrics(&rows));
    let (code, _, err) = biaslens(&["spurious", &out, "--target", "sink"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("this is a counts file, and only `metrics` and `cooccurrence` read counts"),
        "{err}"
    );
    // What the counts cannot answer says so, with exit status 2.
    for (args, says) in [
        (
            vec!["--bootstrap", "100"],
            "not available: the bootstrap needs rows, and only counts were loaded",
        ),
        (
            vec!["--k-max", "4", "--min-support", "5"],
            "the counts go up to k_max = 3",
        ),
        (
            vec!["--min-support", "2"],
            "min support must be at least 5 (asked 2)",
        ),
    ] {
        let (code, _, err) =
            biaslens(&[&["metrics", manifest_path.as_str()], args.as_slice()].concat());
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    // The co-occurrence table (combination × group) from counts is the rows' too.
    for args in [
        vec!["--split", "test"],
        vec!["--k-max", "3", "--min-support", "8"],
    ] {
        let (code, from_counts, err) =
            biaslens(&[&["cooccurrence", manifest_path.as_str()], args.as_slice()].concat());
        assert_eq!(code, 0, "{err}");
        let (_, from_rows, _) =
            biaslens(&[&["cooccurrence", rows.as_str()], args.as_slice()].concat());
        assert_eq!(from_counts, from_rows, "{args:?}");
    }
    for command in [
        vec!["spurious", manifest_path.as_str(), "--target", "sink"],
        vec!["embeddings", manifest_path.as_str()],
    ] {
        let (code, _, err) = biaslens(&command);
        assert_eq!(code, 2, "{command:?}");
        assert!(
            err.contains("this is a counts manifest, and only `metrics` and `cooccurrence` read counts: this command needs the rows"),
            "{command:?}: {err}"
        );
    }
}

/// The words demo labels each gendered word by what it means, not by its place
/// in the source's pairs (which lists "wives" before "husbands" and
/// "ex_girlfriend" before "ex_boyfriend"): `scripts/demos.py`, FEMALE_WORDS and
/// MALE_WORDS.
#[test]
fn the_words_demo_labels_each_word_by_what_it_means() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../public/demos/words/words.csv.gz");
    let text = biaslens_core::table::gunzip("words.csv.gz", &std::fs::read(path).unwrap(), 1 << 26)
        .unwrap();
    let text = String::from_utf8(text).unwrap();
    let group: std::collections::HashMap<&str, &str> = text
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut fields = l.split(',');
            Some((fields.next()?, fields.next()?))
        })
        .collect();
    for (word, meaning) in [
        ("husbands", "male"),
        ("wives", "female"),
        ("ex boyfriend", "male"),
        ("ex girlfriend", "female"),
        ("woman", "female"),
        ("man", "male"),
        ("convent", "female"),
        ("monastery", "male"),
        ("nurse", ""),
    ] {
        assert_eq!(group.get(word), Some(&meaning), "{word}");
    }
}

/// `docs/spec/formats.md`, column roles: common names are recognised, and the
/// `--ROLE-column` options choose the rest; the numbers are those of the same
/// rows under the names biaslens recognises.
#[test]
fn columns_are_recognised_by_common_names_or_chosen_by_options() {
    let toy = std::fs::read_to_string(data("toy/toy.csv")).unwrap();
    let metrics = |file: &str, options: &[&str]| -> Value {
        let mut args = vec!["metrics", file];
        args.extend(options);
        let (code, stdout, stderr) = biaslens(&args);
        assert_eq!(code, 0, "{file} {options:?}: {stderr}");
        let mut got: Value = serde_json::from_str(&stdout).unwrap();
        got["dataset"]["name"] = Value::Null;
        got["dataset"]["group_column"] = Value::Null;
        got
    };
    let want = metrics(&data("toy/toy.csv"), &[]);
    let renamed = |names: [&str; 4]| {
        let (header, rest) = toy.split_once('\n').unwrap();
        let header = header
            .replace("pred_group", "@1")
            .replace("pred_attributes", "@2")
            .replace("group", names[0])
            .replace("attributes", names[2])
            .replace("@1", names[1])
            .replace("@2", names[3]);
        format!("{header}\n{rest}")
    };
    // gender, pred_gender, objects, pred_objects: open as they are.
    let common = temp_file(
        "common.csv",
        &renamed(["gender", "pred_gender", "objects", "predicted_objects"]),
    );
    assert_eq!(metrics(&common, &[]), want);
    // Names nothing recognises: refused with the roles to choose, then chosen.
    let own = temp_file(
        "own.csv",
        &renamed(["who", "model_who", "stuff", "model_stuff"]),
    );
    let (code, _, stderr) = biaslens(&["metrics", &own]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no group column: no column is named group, gender, sex or race"),
        "{stderr}"
    );
    let chosen = [
        "--group-column",
        "who",
        "--pred-group-column",
        "model_who",
        "--attributes-column",
        "stuff",
        "--pred-attributes-column",
        "model_stuff",
    ];
    assert_eq!(metrics(&own, &chosen), want);
    // A chosen column the file lacks is named with the columns it has.
    let (code, _, stderr) = biaslens(&["metrics", &own, "--attributes-column", "things"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("the attributes column \"things\" is not in"),
        "{stderr}"
    );
}

#[test]
fn probe_prints_the_documented_json_and_finds_the_background() {
    let (code, stdout, stderr) = biaslens(&[
        "probe",
        &data("probe/birds.csv"),
        "--concepts",
        &data("probe/birds-concepts.csv"),
        "--target",
        "group",
        "--bootstrap",
        "10",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let r: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(r["target_column"], "group");
    assert_eq!(r["concept_source"], "attributes");
    let water = &r["targets"][1];
    assert_eq!(water["target"], "waterbird");
    // scikit-learn's coef_ for waterbird (data/probe/make.py, `birds`).
    assert!((water["weights"]["water"].as_f64().unwrap() - 1.49687996305).abs() < 1e-6);
    assert_eq!(water["spurious"][0]["concept"], "water");
    assert_eq!(water["spurious"][0]["stability"], 1.0);
    for side in ["low", "high"] {
        let s = &water["counter_group"][side];
        assert!(s["correct"].as_u64().unwrap() <= s["rows"].as_u64().unwrap());
    }
    for key in ["gamma", "core"] {
        assert!(water.get(key).is_some(), "{key}");
    }
    // An unknown target and a concept that is not an attribute are refused.
    let (code, _, stderr) = biaslens(&[
        "probe",
        &data("probe/birds.csv"),
        "--concepts",
        &data("probe/birds-concepts.csv"),
        "--target",
        "colour",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("\"colour\" is neither the group column nor an attribute"),
        "{stderr}"
    );
    let odd = temp_file(
        "odd-concepts.csv",
        "concept,target,core\nwings,waterbird,true\n",
    );
    let (code, _, stderr) = biaslens(&[
        "probe",
        &data("probe/birds.csv"),
        "--concepts",
        &odd,
        "--target",
        "group",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "odd-concepts.csv, line 2, column \"concept\": \"wings\" is not an attribute"
        ),
        "{stderr}"
    );
}

#[test]
fn probe_reads_concept_embeddings_from_a_manifest() {
    use biaslens_core::embeddings::npy::to_npy;
    use biaslens_core::embeddings::Embeddings;
    use biaslens_core::probe::concepts::parse_concepts;
    use biaslens_core::probe::sap::{probe, ProbeSettings, ProbeTarget};

    let rows = std::fs::read(data("probe/birds.csv")).unwrap();
    let concepts_csv = std::fs::read_to_string(data("probe/birds-concepts.csv")).unwrap();
    let (_, d) = biaslens_core::load_with_defaults("birds", "birds.csv", &rows).unwrap();
    // Image embeddings: each row's concepts (webbed, talons, water, forest, sky)
    // as a vector, with a small deterministic tilt; the concepts' embeddings are
    // the unit vectors, so that each cosine is the row's own concept.
    let names = ["webbed", "talons", "water", "forest", "sky"];
    let mut values = Vec::new();
    for (i, gt) in d.gt.iter().enumerate() {
        for (j, name) in names.iter().enumerate() {
            let a = d.attributes.iter().position(|x| x == name).unwrap() as u32;
            let tilt = ((i * 7 + j * 3) % 11) as f32 / 110.0;
            values.push(if gt.contains(&a) { 1.0 } else { 0.0 } + tilt);
        }
    }
    let images = Embeddings::new("images.npy", d.len(), 5, values).unwrap();
    let mut eye = vec![0.0f32; 25];
    (0..5).for_each(|k| eye[k * 6] = 1.0);
    let texts = Embeddings::new("concepts.npy", 5, 5, eye).unwrap();
    let dir = std::env::temp_dir().join(format!("biaslens-probe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("birds.csv"), &rows).unwrap();
    std::fs::write(dir.join("concepts.csv"), &concepts_csv).unwrap();
    std::fs::write(dir.join("images.npy"), to_npy(&images)).unwrap();
    std::fs::write(dir.join("concepts.npy"), to_npy(&texts)).unwrap();
    let manifest = r#"{"annotations": "birds.csv", "embeddings": "images.npy",
        "concepts": "concepts.csv", "concept_embeddings": "concepts.npy"}"#;
    std::fs::write(dir.join("birds.json"), manifest).unwrap();
    let (code, stdout, stderr) = biaslens(&[
        "probe",
        &dir.join("birds.json").display().to_string(),
        "--target",
        "group",
        "--bootstrap",
        "0",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let r: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(r["concept_source"], "embeddings");
    // The same probe, run here on the same scores.
    let concepts = parse_concepts("concepts.csv", concepts_csv.as_bytes()).unwrap();
    let (source, scores) = concepts
        .scores(
            &d,
            Some(("images.npy", &images)),
            Some(("concepts.npy", &texts)),
        )
        .unwrap();
    let settings = ProbeSettings {
        target: ProbeTarget::Group,
        refits: 0,
        seed: 0,
    };
    let want = probe(&d, &concepts, source, &scores, &settings, &mut |_| {}).unwrap();
    for (t, w) in r["targets"].as_array().unwrap().iter().zip(&want.targets) {
        for (name, weight) in &w.weights {
            assert_eq!(t["weights"][name].as_f64().unwrap(), *weight, "{name}");
        }
    }
    // Concept embeddings of another dimension are refused, naming both files.
    let wide = Embeddings::new("concepts.npy", 5, 4, vec![0.5; 20]).unwrap();
    std::fs::write(dir.join("concepts.npy"), to_npy(&wide)).unwrap();
    let (code, _, stderr) = biaslens(&[
        "probe",
        &dir.join("birds.json").display().to_string(),
        "--target",
        "group",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "concepts.npy: the concept embeddings have 4 dimensions but the image embeddings"
        ),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_birds_demo_writes_its_concepts_and_the_probe_reads_them_back() {
    let (dir, path) = birds_files("birds");
    let (code, stdout, stderr) = biaslens(&[
        "probe",
        &path("birds.csv"),
        "--embeddings",
        &path("images.npy"),
        "--concepts",
        &path("concepts.csv"),
        "--concept-embeddings",
        &path("concepts.npy"),
        "--target",
        "group",
        "--bootstrap",
        "10",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let r: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(r["concept_source"], "embeddings");
    let water = r["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == "waterbird")
        .unwrap();
    assert!(water["spurious"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["concept"] == "water"));
    // The kitchen demo has no concepts, and says so.
    let (code, _, stderr) = biaslens(&["demo", "kitchen", "--concepts", &path("none.csv")]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("the demo \"kitchen\" has no concepts"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn slices_print_the_documented_json_worst_first() {
    let (dir, path) = birds_files("slices");
    let args = [
        "slices",
        &path("birds.csv"),
        "--embeddings",
        &path("images.npy"),
        "--target",
        "group",
        "--concepts",
        &path("concepts.csv"),
        "--concept-embeddings",
        &path("concepts.npy"),
    ];
    let (code, stdout, stderr) = biaslens(&args);
    assert_eq!(code, 0, "{stderr}");
    let r: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(r["target"], "group");
    let slices = r["slices"].as_array().unwrap();
    let rates: Vec<f64> = slices
        .iter()
        .map(|s| s["error_rate"].as_f64().unwrap())
        .collect();
    assert!(rates.windows(2).all(|w| w[0] >= w[1]), "{rates:?}");
    let worst = &slices[0];
    for key in [
        "rows",
        "error_rate",
        "rest_error_rate",
        "groups",
        "attributes",
        "concepts",
    ] {
        assert!(worst.get(key).is_some(), "{key}");
    }
    assert_eq!(worst["concepts"][0]["concept"], "land");
    assert!(worst["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["q"].as_f64().unwrap() < 0.05));
    // The same seed gives the same slices; the toy has no embeddings to slice.
    assert_eq!(biaslens(&args).1, stdout);
    let (code, _, stderr) = biaslens(&["slices", &data("toy/toy.csv"), "--target", "group"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no embeddings"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}
