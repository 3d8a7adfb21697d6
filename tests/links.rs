//! End to end: a `?data=` link to a manifest on another host (a second local
//! port, with CORS) loads the annotations and the embeddings it names, with the
//! manifest's column roles, name and license, and the native engine's numbers.

use biaslens_core::embeddings::npy::to_npy;
use biaslens_core::embeddings::synthetic::{embeddings_for, KITCHEN_DIM};
use biaslens_core::{analyze, demo, load_with_defaults, CombinationSettings};
use biaslens_e2e::{serve, Session, TempDir};

#[tokio::test]
async fn a_data_link_to_a_manifest_on_another_host_loads_its_files() {
    // The data host: kitchen with its columns named otherwise, its embeddings,
    // and a manifest naming both and the columns' roles.
    let host = TempDir::new("data-host").unwrap();
    std::fs::create_dir_all(host.0.join("kitchen")).unwrap();
    let (csv, file) = demo::demo_csv("kitchen").unwrap();
    let (_, d) = load_with_defaults("kitchen", &file, csv.as_bytes()).unwrap();
    let renamed = csv.replacen(
        "id,split,group,pred_group,",
        "id,split,gender,model_says,",
        1,
    );
    std::fs::write(host.0.join("kitchen/rows.csv"), renamed).unwrap();
    let e = embeddings_for(&d, demo::KITCHEN_SEED, KITCHEN_DIM);
    std::fs::write(host.0.join("kitchen/clip.npy"), to_npy(&e)).unwrap();
    std::fs::write(
        host.0.join("kitchen.json"),
        r#"{"name": "Kitchen via manifest", "license": "CC0-1.0",
            "description": "Generated kitchen scenes <b>not markup</b>.",
            "annotations": "kitchen/rows.csv", "embeddings": "kitchen/clip.npy",
            "columns": {"group": "gender", "pred_group": "model_says"},
            "settings": {"min_support": 30}}"#,
    )
    .unwrap();
    let data_host = serve(host.0.clone()).unwrap();

    let s = Session::start().await.unwrap();
    s.open(&format!("/?data={data_host}/kitchen.json&b=0"))
        .await
        .unwrap();
    s.until("the manifest's data set", || async {
        let summary = s.text("[data-testid=summary]").await.ok()?;
        summary.contains("Kitchen via manifest").then_some(())
    })
    .await
    .unwrap();
    // Its suggested support, its group column (renamed in the file) and its
    // predicted groups (found under their manifest name): the native numbers.
    let settings = CombinationSettings {
        min_support: 30,
        ..CombinationSettings::default()
    };
    let native = analyze(&d, &settings).unwrap();
    let want = native.metrics.multi_mals.n_combinations.to_string();
    s.until("the manifest's metrics", || async {
        (s.value("multi_mals.n_combinations").await.ok()? == want).then_some(())
    })
    .await
    .unwrap();
    let got: f64 = s.value("multi_mals.mean").await.unwrap().parse().unwrap();
    let mean = native.metrics.multi_mals.mean.unwrap();
    assert!((got - mean).abs() <= 1e-9, "{got} vs {mean}");
    let m_to_g: f64 = s
        .value("multi_m_to_g.mean_abs")
        .await
        .unwrap()
        .parse()
        .unwrap();
    let want_m_to_g = native.metrics.multi_m_to_g.mean_abs.unwrap();
    assert!((m_to_g - want_m_to_g).abs() <= 1e-9, "{m_to_g}");
    // What the manifest says about the data set, as text.
    let about = s.text("[data-testid=about]").await.unwrap();
    assert!(about.contains("About this data set"), "{about}");
    s.click("[data-testid=about] summary").await.unwrap();
    let about = s.text("[data-testid=about]").await.unwrap();
    assert!(
        about.contains("CC0-1.0") && about.contains("<b>not markup</b>"),
        "{about}"
    );
    // The link stays a link to the manifest.
    assert!(s.url().await.contains("data="), "{}", s.url().await);
    // Its embeddings came with it: the map and the leakage.
    s.click("#tab-embeddings").await.unwrap();
    s.wait_for("[data-testid=pca-line]").await.unwrap();
    s.wait_for("[data-testid=leakage]").await.unwrap();
    s.screenshot("manifest-link").await;

    // The same manifest opened from disk alone cannot reach its files: it says
    // which to pick with it, and the data set on screen stays.
    s.pick(&[&host.0.join("kitchen.json")]).await.unwrap();
    let error = s.load_error().await.unwrap();
    assert!(
        error.contains("kitchen.json names \"kitchen/rows.csv\": opened from this computer, pick rows.csv together with kitchen.json"),
        "{error}"
    );
    let summary = s.text("[data-testid=summary]").await.unwrap();
    assert!(summary.contains("Kitchen via manifest"), "{summary}");

    // Not an http(s) address: refused with a message, nothing fetched.
    s.open("/?data=javascript:alert(1)").await.unwrap();
    let error = s.text("[data-testid=error]").await.unwrap();
    assert!(error.contains("not an http(s) address"), "{error}");
    s.close().await;
}

#[tokio::test]
async fn the_built_app_works_from_a_sub_path_of_a_static_host() {
    // GitHub Pages style: the bundle in a folder, nothing at the host's root.
    let host = TempDir::new("pages").unwrap();
    let folder = host.0.join("someone/biaslens");
    std::fs::create_dir_all(&folder).unwrap();
    for entry in std::fs::read_dir(biaslens_e2e::dist_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
        }
    }
    let pages = serve(host.0.clone()).unwrap();
    let s = Session::start().await.unwrap();
    s.client
        .goto(&format!("{pages}/someone/biaslens/?demo=toy&b=0"))
        .await
        .unwrap();
    // The page, its wasm and the engine's worker all load from the folder.
    assert_eq!(
        super::check_headline(&s, "subsets k=1..3 s=1")
            .await
            .unwrap(),
        14
    );
    s.close().await;
}
