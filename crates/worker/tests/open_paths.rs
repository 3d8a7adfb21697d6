//! The command line and the worker open data sets by one path
//! (`biaslens_core::open`): every entry kind, opened through the file system
//! (the CLI's provider) and through the picked files (the worker's, reading
//! `blob:` URLs), gives equal data sets, counts and embeddings.

// Test helpers outside #[test] functions: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use biaslens_core::counts_file::{counts_of_rows, write_counts, CountsManifest};
use biaslens_core::demo::demo_csv;
use biaslens_core::embeddings::npy::to_npy;
use biaslens_core::embeddings::synthetic::embeddings_for;
use biaslens_core::embeddings::Embeddings;
use biaslens_core::open::{manifest_embeddings, open, Files, Folder, LoadOptions, Opened, Wanted};
use biaslens_core::{load_with_defaults, ColumnChoice, Dataset};
use biaslens_worker::file_size::Kind;
use biaslens_worker::files::{Picked, Reader};

/// Reads `blob:NAME` from a folder on disk, as the browser reads a picked file.
struct Disk(PathBuf);

impl Reader for Disk {
    fn bytes(&self, _file: &str, url: &str, _kind: Kind) -> Result<Vec<u8>, String> {
        let name = url.strip_prefix("blob:").ok_or("not a blob URL")?;
        std::fs::read(self.0.join(name)).map_err(|e| e.to_string())
    }

    fn embeddings(&self, file: &str, url: &str) -> Result<Embeddings, String> {
        Embeddings::load(file, &self.bytes(file, url, Kind::Embeddings)?).map_err(|e| e.to_string())
    }
}

/// What an entry opened to, said the same way whichever provider read it.
#[derive(Debug, PartialEq)]
enum Seen {
    Rows {
        dataset: Dataset,
        embeddings: Option<Embeddings>,
        manifest: bool,
    },
    Counts {
        counts: biaslens_core::counts_file::Counts,
        summary: biaslens_core::dataset::DatasetSummary,
        manifest: bool,
    },
}

fn seen(files: &mut dyn Files) -> Seen {
    let options = LoadOptions {
        name: "entry".to_owned(),
        columns: ColumnChoice::none(),
        threshold: None,
    };
    match open(files, &options).unwrap() {
        Opened::Counts(entry) => Seen::Counts {
            manifest: entry.manifest.is_some(),
            counts: entry.counts,
            summary: entry.summary,
        },
        Opened::Rows(rows) => {
            let rows = rows.into_table().unwrap();
            let dataset = rows.dataset().unwrap();
            let embeddings = rows
                .manifest
                .as_ref()
                .and_then(|m| manifest_embeddings(files, m, &dataset).unwrap())
                .map(|(_, e)| e);
            Seen::Rows {
                dataset,
                embeddings,
                manifest: rows.manifest.is_some(),
            }
        }
    }
}

/// Opens `entry` in `dir` through both providers (the worker's with every file
/// of the folder picked beside it) and checks they agree.
fn both(dir: &Path, entry: &str) -> Seen {
    let beside: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|f| {
            let name = f.unwrap().file_name().to_string_lossy().into_owned();
            (name.clone(), format!("blob:{name}"))
        })
        .collect();
    let url = format!("blob:{entry}");
    let mut picked = Picked {
        file: entry,
        url: &url,
        beside: &beside,
        reader: Disk(dir.to_owned()),
    };
    let from_folder = seen(&mut Folder::new(&dir.join(entry)));
    assert_eq!(from_folder, seen(&mut picked), "{entry}");
    // The CLI streams CSV rows; the data set is the one read whole.
    if let Seen::Rows { dataset, .. } = &from_folder {
        let Opened::Rows(rows) = open(
            &mut Folder::streaming(&dir.join(entry)),
            &LoadOptions {
                name: "entry".to_owned(),
                columns: ColumnChoice::none(),
                threshold: None,
            },
        )
        .unwrap() else {
            panic!("{entry} opened to counts when streamed");
        };
        assert_eq!(
            &rows.into_dataset(&mut |_| {}).unwrap().0,
            dataset,
            "{entry}"
        );
    }
    from_folder
}

#[test]
fn every_entry_kind_opens_the_same_through_both_providers() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("open_paths");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (csv, _) = demo_csv("kitchen").unwrap();
    std::fs::write(dir.join("kitchen.csv"), &csv).unwrap();
    let (_, d) = load_with_defaults("kitchen", "kitchen.csv", csv.as_bytes()).unwrap();
    // Embeddings in the rows' order, and a copy in reverse order with its ids.
    let e = embeddings_for(&d, 7, 8);
    std::fs::write(dir.join("kitchen.npy"), to_npy(&e)).unwrap();
    let reversed: Vec<f32> = (0..e.rows).rev().flat_map(|i| e.row(i).to_vec()).collect();
    let reversed = Embeddings::new("r", e.rows, e.dim, reversed).unwrap();
    std::fs::write(dir.join("reversed.npy"), to_npy(&reversed)).unwrap();
    let ids: Vec<&str> = d.ids.iter().rev().map(String::as_str).collect();
    std::fs::write(dir.join("reversed.ids.txt"), ids.join("\n")).unwrap();
    std::fs::write(
        dir.join("rows.json"),
        r#"{"name": "Kitchen", "annotations": "kitchen.csv", "embeddings": "kitchen.npy"}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("by_ids.json"),
        r#"{"annotations": "kitchen.csv", "embeddings": "reversed.npy", "ids": "reversed.ids.txt", "columns": {"group": "group"}}"#,
    )
    .unwrap();
    let counts = counts_of_rows(&d, 2, 1, 1, &mut |_| {}).unwrap();
    std::fs::write(dir.join("kitchen.counts.csv"), write_counts(&counts.tables)).unwrap();
    let manifest = CountsManifest {
        name: Some("Kitchen counts".to_owned()),
        counts: "kitchen.counts.csv".to_owned(),
        k_max: 2,
        min_support_floor: 1,
        stand_ins: d.stand_ins,
        dataset: Some(d.summary()),
    };
    std::fs::write(
        dir.join("counts.json"),
        serde_json::to_string(&manifest).unwrap(),
    )
    .unwrap();

    // A rows file.
    let Seen::Rows {
        dataset,
        embeddings: None,
        manifest: false,
    } = both(&dir, "kitchen.csv")
    else {
        panic!("kitchen.csv is rows without a manifest");
    };
    assert_eq!(dataset.ids, d.ids);
    // A rows manifest with embeddings, and one with embeddings in another order and their ids.
    let Seen::Rows {
        dataset,
        embeddings: Some(in_order),
        manifest: true,
    } = both(&dir, "rows.json")
    else {
        panic!("rows.json is rows with embeddings");
    };
    assert_eq!(dataset.name, "Kitchen");
    assert_eq!(in_order, e);
    let Seen::Rows {
        embeddings: Some(by_ids),
        ..
    } = both(&dir, "by_ids.json")
    else {
        panic!("by_ids.json is rows with embeddings");
    };
    assert_eq!(
        by_ids.values, e.values,
        "the ids put each embedding on its row"
    );
    // A counts manifest, and its counts CSV alone.
    let Seen::Counts {
        counts: from_manifest,
        summary,
        manifest: true,
    } = both(&dir, "counts.json")
    else {
        panic!("counts.json is counts");
    };
    assert_eq!(from_manifest.tables, counts.tables);
    assert_eq!(summary.name, "Kitchen counts");
    let Seen::Counts {
        counts: alone,
        manifest: false,
        ..
    } = both(&dir, "kitchen.counts.csv")
    else {
        panic!("kitchen.counts.csv is counts");
    };
    assert_eq!(alone.tables, counts.tables);
}

#[test]
fn a_named_file_that_is_missing_is_said_in_each_providers_words() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("open_paths_missing");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("m.json"), r#"{"annotations": "gone.csv"}"#).unwrap();
    let options = LoadOptions {
        name: "m".to_owned(),
        columns: ColumnChoice::none(),
        threshold: None,
    };
    let folder = open(&mut Folder::new(&dir.join("m.json")), &options)
        .err()
        .unwrap();
    let m = dir.join("m.json").display().to_string();
    assert!(
        folder
            .to_string()
            .starts_with(&format!("{m}: its \"annotations\" file cannot be read: ")),
        "{folder}"
    );
    let beside = [("m.json".to_owned(), "blob:m.json".to_owned())];
    let mut picked = Picked {
        file: "m.json",
        url: "blob:m.json",
        beside: &beside,
        reader: Disk(dir.clone()),
    };
    let worker = open(&mut picked, &options).err().unwrap();
    assert!(
        worker
            .to_string()
            .starts_with("m.json names \"gone.csv\": opened from this computer, pick gone.csv together with m.json"),
        "{worker}"
    );
    assert_eq!(picked.name(&Wanted::Entry), "m.json");
}
