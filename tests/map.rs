//! End to end: the embedding map (issue 5) — kitchen's generated embeddings drawn,
//! coloured by an attribute, and a rectangle then a lasso drawn on the map, each
//! filtering every other view to the rows inside it, with the native engine's
//! numbers.

use biaslens_core::embeddings::pca::pca;
use biaslens_core::embeddings::synthetic::{embeddings_for, KITCHEN_DIM};
use biaslens_core::filter::{Region, RowFilter};
use biaslens_core::Dataset;
use biaslens_core::{analyze, demo, load_with_defaults, CombinationSettings};
use biaslens_e2e::Session;

#[tokio::test]
async fn a_region_drawn_on_the_map_filters_the_metrics() {
    let s = Session::start().await.unwrap();
    s.open("/?demo=kitchen&view=embeddings&b=0").await.unwrap();
    s.wait_for("[data-testid=map] canvas").await.unwrap();
    let auc: f64 = s.value("leakage.auc").await.unwrap().parse().unwrap();
    assert!(auc > 0.7, "{auc}");
    let top = s
        .attr(
            "#directions-chart g.direction:first-of-type",
            "data-attribute",
        )
        .await
        .unwrap();
    assert!(
        ["towel", "detergent", "mouse"].contains(&top.as_str()),
        "{top}"
    );
    // Colour by an attribute: the choice is in the URL.
    s.select("#colour-by", "attr:towel").await.unwrap();
    s.until("colour in the URL", || async {
        s.url().await.contains("colour=attr%3Atowel").then_some(())
    })
    .await
    .unwrap();
    // Drag a rectangle over the upper-left part of the map in select mode.
    s.click("[data-testid=select-region]").await.unwrap();
    drag(&s, &[(120, 80), (300, 200), (400, 300)]).await;
    let r = numbers_in_url(&s, "f_region").await;
    let d = kitchen_with_map();
    let rectangle = Region::Rectangle([r[0], r[1], r[2], r[3]]);
    let inside = shows_the_metrics_of(&s, &d, rectangle).await;
    s.screenshot("kitchen-map-region").await;

    // A lasso around the middle replaces the rectangle.
    s.click("#tab-embeddings").await.unwrap();
    s.wait_for("[data-testid=map] canvas").await.unwrap();
    s.click("[data-testid=select-lasso]").await.unwrap();
    let path: Vec<(i32, i32)> = (0..=40)
        .map(|k| {
            let a = f64::from(k) / 40.0 * std::f64::consts::TAU;
            (
                (380.0 + 170.0 * a.cos()) as i32,
                (260.0 + 120.0 * a.sin()) as i32,
            )
        })
        .collect();
    drag(&s, &path).await;
    let v = numbers_in_url(&s, "f_lasso").await;
    assert!(
        !s.url().await.contains("f_region="),
        "the lasso replaces the rectangle"
    );
    let lasso = Region::Polygon(v.chunks(2).map(|p| [p[0], p[1]]).collect());
    let in_lasso = shows_the_metrics_of(&s, &d, lasso).await;
    assert_ne!(in_lasso, inside, "a different region, different rows");
    s.screenshot("kitchen-map-lasso").await;
    // The header's chip removes the region: every row is back.
    let chip = s.text("[data-testid=header-chip]").await.unwrap();
    assert!(chip.starts_with("map lasso"), "{chip}");
    s.click("[data-testid=header-chip] button").await.unwrap();
    s.gone("[data-testid=filtered]").await.unwrap();
    s.until("the lasso to leave the link", || async {
        (!s.url().await.contains("f_lasso=")).then_some(())
    })
    .await
    .unwrap();
    s.close().await;
}

/// Presses the mouse at the first point, moves through the rest and lets go there.
async fn drag(s: &Session, points: &[(i32, i32)]) {
    let points: Vec<String> = points.iter().map(|(x, y)| format!("[{x},{y}]")).collect();
    s.client
        .execute(
            &format!(
                r#"const c = document.querySelector('[data-testid=map] canvas');
                   const r = c.getBoundingClientRect();
                   const at = (type, [x, y]) => c.dispatchEvent(new MouseEvent(type, {{
                       bubbles: true, clientX: r.left + x, clientY: r.top + y }}));
                   const p = [{}];
                   at('mousedown', p[0]); p.slice(1).forEach(q => at('mousemove', q));
                   at('mouseup', p[p.length - 1]);"#,
                points.join(",")
            ),
            vec![],
        )
        .await
        .unwrap();
}

/// The numbers of a comma-separated URL parameter, once it is there.
async fn numbers_in_url(s: &Session, key: &str) -> Vec<f64> {
    let url = s
        .until("the region in the URL", || async {
            let url = s.url().await;
            url.contains(&format!("{key}=")).then_some(url)
        })
        .await
        .unwrap();
    url.split(&format!("{key}="))
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .replace("%2C", ",")
        .split(',')
        .map(|x| x.parse().unwrap())
        .collect()
}

/// Kitchen natively, its embeddings' PCA as the positions.
fn kitchen_with_map() -> Dataset {
    let (csv, file) = demo::demo_csv("kitchen").unwrap();
    let (_, mut d) = load_with_defaults("kitchen", &file, csv.as_bytes()).unwrap();
    let e = embeddings_for(&d, demo::KITCHEN_SEED, KITCHEN_DIM);
    let p = pca(&e, 3, 0, &mut |_, _| {});
    d.coords = p.coordinates.chunks(3).map(|c| [c[0], c[1]]).collect();
    d
}

/// Checks that the overview shows the native metrics of the rows in `region`;
/// returns how many rows that is.
async fn shows_the_metrics_of(s: &Session, d: &Dataset, region: Region) -> usize {
    let filter = RowFilter {
        region: Some(region),
        ..RowFilter::default()
    };
    let inside = d.filtered(&filter);
    assert!(
        inside.len() > 50 && inside.len() < d.len(),
        "{} rows",
        inside.len()
    );
    let settings = CombinationSettings {
        min_support: 30,
        ..CombinationSettings::default()
    };
    let native = analyze(&inside, &settings).unwrap();
    s.click("#tab-overview").await.unwrap();
    let want = native.metrics.multi_mals.n_combinations.to_string();
    s.until("the metrics of the region", || async {
        (s.value("multi_mals.n_combinations").await.ok()? == want).then_some(())
    })
    .await
    .unwrap();
    if let Some(mean) = native.metrics.multi_mals.mean {
        let got: f64 = s.value("multi_mals.mean").await.unwrap().parse().unwrap();
        assert!((got - mean).abs() <= 1e-9, "{got} vs {mean}");
    }
    let want_rows = inside.len().to_string();
    s.until("the filtered row count", || async {
        let filtered = s.text("[data-testid=filtered]").await.ok()?;
        filtered.replace(',', "").contains(&want_rows).then_some(())
    })
    .await
    .unwrap();
    inside.len()
}

/// A manifest picked from disk together with the files it names (annotations and
/// embeddings): the data set, its name and its map, as from a published folder.
#[tokio::test]
async fn a_manifest_picked_with_its_files_opens_them() {
    use biaslens_core::embeddings::npy::to_npy;
    let (csv, file) = demo::demo_csv("kitchen").unwrap();
    let (_, d) = load_with_defaults("kitchen", &file, csv.as_bytes()).unwrap();
    let dir = biaslens_e2e::TempDir::new("picked-manifest").unwrap();
    std::fs::write(dir.0.join("k.csv"), &csv).unwrap();
    let e = embeddings_for(&d, demo::KITCHEN_SEED, KITCHEN_DIM);
    std::fs::write(dir.0.join("k.npy"), to_npy(&e)).unwrap();
    std::fs::write(
        dir.0.join("k.json"),
        r#"{"name": "Kitchen picked", "annotations": "data/k.csv", "embeddings": "k.npy"}"#,
    )
    .unwrap();
    let path = |f: &str| dir.0.join(f);
    let s = Session::start().await.unwrap();
    s.open("/?demo=toy&b=0").await.unwrap();
    s.wait_for("[data-testid=summary]").await.unwrap();
    // The manifest names "data/k.csv": the file picked beside it is found by name.
    let (manifest, csv, npy) = (path("k.json"), path("k.csv"), path("k.npy"));
    s.pick(&[&manifest, &csv, &npy]).await.unwrap();
    s.until("the picked manifest's data set", || async {
        let t = s.text("[data-testid=summary]").await.ok()?;
        t.starts_with("Kitchen picked — 5,000 rows").then_some(())
    })
    .await
    .unwrap();
    s.click("#tab-embeddings").await.unwrap();
    s.wait_for("[data-testid=map] canvas").await.unwrap();
    let auc: f64 = s.value("leakage.auc").await.unwrap().parse().unwrap();
    assert!(auc > 0.7, "{auc}");
    // Two data files and no manifest: which to open is not guessed.
    s.pick(&[&csv, &npy]).await.unwrap();
    let said = s.load_error().await.unwrap();
    assert!(
        said.starts_with("Could not load: k.csv, k.npy: open one data file, or one manifest (.json) with the files it names — Kitchen picked is still loaded."),
        "{said}"
    );
    s.close().await;
}
