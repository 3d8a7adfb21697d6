//! End to end: the embedding map (issue 5) — kitchen's generated embeddings drawn,
//! coloured by an attribute, and a region dragged on the map that filters every
//! other view to the rows inside it, with the native engine's numbers.

use biaslens_core::embeddings::pca::pca;
use biaslens_core::embeddings::synthetic::{embeddings_for, KITCHEN_DIM};
use biaslens_core::filter::RowFilter;
use biaslens_core::{analyze, demo, load, CombinationSettings};
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
    s.client
        .execute(
            r#"const c = document.querySelector('[data-testid=map] canvas');
               const r = c.getBoundingClientRect();
               const at = (type, x, y) => c.dispatchEvent(new MouseEvent(type, {
                   bubbles: true, clientX: r.left + x, clientY: r.top + y }));
               at('mousedown', 120, 80); at('mousemove', 300, 200);
               at('mousemove', 400, 300); at('mouseup', 400, 300);"#,
            vec![],
        )
        .await
        .unwrap();
    let url = s
        .until("a region in the URL", || async {
            let url = s.url().await;
            url.contains("f_region=").then_some(url)
        })
        .await
        .unwrap();
    let region: Vec<f64> = url
        .split("f_region=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .replace("%2C", ",")
        .split(',')
        .map(|x| x.parse().unwrap())
        .collect();

    // The same rows natively: kitchen, its embeddings' PCA as positions.
    let (csv, file) = demo::demo_csv("kitchen").unwrap();
    let (_, mut d) = load("kitchen", &file, csv.as_bytes(), None, 0.5).unwrap();
    let e = embeddings_for(&d, demo::KITCHEN_SEED, KITCHEN_DIM);
    let p = pca(&e, 3, 0, &mut |_, _| {});
    d.coords = p.coordinates.chunks(3).map(|c| [c[0], c[1]]).collect();
    let filter = RowFilter {
        region: Some([region[0], region[1], region[2], region[3]]),
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
    let filtered = s.text("[data-testid=filtered]").await.unwrap();
    assert!(
        filtered
            .replace(',', "")
            .contains(&inside.len().to_string()),
        "{filtered}"
    );
    s.screenshot("kitchen-map-region").await;
    s.close().await;
}
