//! End to end: the perfect-model floor (issue 4) beside every MALS-type number, the
//! same in the browser as natively, with its paired interval, and the per-cell
//! "model adds" column to sort by.

use biaslens_core::bootstrap::{bootstrap, BootstrapSettings};
use biaslens_core::metrics::headline::Quantity;
use biaslens_core::{analyze, demo, load_with_defaults, CombinationSettings};
use biaslens_e2e::Session;
use fantoccini::Locator;

#[tokio::test]
async fn the_floor_and_what_the_model_adds_equal_the_native_engine() {
    let (csv, file) = demo::demo_csv("kitchen").unwrap();
    let (_, d) = load_with_defaults("kitchen", &file, csv.as_bytes()).unwrap();
    let settings = CombinationSettings {
        min_support: 30,
        ..CombinationSettings::default()
    };
    let a = analyze(&d, &settings).unwrap();
    let b = BootstrapSettings {
        replicates: 300,
        seed: 5,
    };
    let boot = bootstrap(&d, &settings, &b).unwrap();

    let s = Session::start().await.unwrap();
    s.open("/?demo=kitchen&b=300&seed=5").await.unwrap();
    for q in Quantity::FLOORED {
        let (object, field) = q.location();
        let perfect: f64 = s
            .value(&format!("perfect_model.{object}.{field}"))
            .await
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            (perfect - a.perfect_value(q).unwrap()).abs() <= 1e-9,
            "{q:?}"
        );
        let key = format!("model_minus_perfect.{}", q.key());
        let adds: f64 = s.value(&key).await.unwrap().parse().unwrap();
        assert!(
            (adds - a.model_minus_perfect(q).unwrap()).abs() <= 1e-9,
            "{q:?}"
        );
        let css = format!("[data-metric='{key}.ci95']");
        let [lo, hi] = boot.difference(q).unwrap().ci95.unwrap();
        let got_lo: f64 = s
            .until("the paired interval", || async {
                s.attr(&css, "data-lo").await.ok()?.parse().ok()
            })
            .await
            .unwrap();
        let got_hi: f64 = s.attr(&css, "data-hi").await.unwrap().parse().unwrap();
        assert!(
            (got_lo - lo).abs() <= 1e-9 && (got_hi - hi).abs() <= 1e-9,
            "{q:?}"
        );
    }
    let sentence = s
        .text("[data-testid='floor-multi_mals_mean']")
        .await
        .unwrap();
    assert!(
        sentence.starts_with("A perfect model would score") && sentence.contains("this model adds"),
        "{sentence}"
    );
    s.screenshot("kitchen-floor").await;

    // The cell table opens sorted by what the model adds, largest first, as the
    // bars; a click on that column's header reverses it.
    s.click("#tab-amplification").await.unwrap();
    let adds: Vec<f64> = a
        .cells
        .iter()
        .filter_map(|c| Some(c.delta? - c.delta_perfect?))
        .collect();
    let best = adds.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let worst = adds.iter().copied().fold(f64::INFINITY, f64::min);
    let first: f64 = s.value("cells.model_adds").await.unwrap().parse().unwrap();
    assert!((first - best).abs() <= 1e-9, "{first} vs {best}");
    s.click("[data-testid=cells-table] th[title^='Δ − Δ perfect'] button")
        .await
        .unwrap();
    s.until(
        "the cells sorted by what the model adds, smallest first",
        || async {
            let first: f64 = s.value("cells.model_adds").await.ok()?.parse().ok()?;
            ((first - worst).abs() <= 1e-9).then_some(())
        },
    )
    .await
    .unwrap();
    assert!(
        s.url().await.contains("cells_sort=adds"),
        "{}",
        s.url().await
    );
    assert!(s
        .client
        .find(Locator::Css("[data-metric='cells.delta_perfect']"))
        .await
        .is_ok());
    s.close().await;
}
