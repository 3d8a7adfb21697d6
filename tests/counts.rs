//! End to end (issue 9): the app opened on a counts manifest (`?data=URL`) shows
//! the same headline values as on the rows, says which views need rows, and those
//! views say so.

use biaslens_core::counts_file::{counts_of_rows, write_counts, CountsManifest};
use biaslens_core::{analyze, demo, load, CombinationSettings};
use biaslens_e2e::{serve, Session, TempDir};

#[tokio::test]
async fn a_counts_manifest_gives_the_same_headline_values_as_the_rows() {
    let (csv, file) = demo::demo_csv("kitchen").unwrap();
    let (_, d) = load("kitchen", &file, csv.as_bytes(), None, 0.5).unwrap();
    let counts = counts_of_rows(&d, 3, 5, 1).unwrap();
    let dir = TempDir::new("counts").unwrap();
    std::fs::write(
        dir.0.join("kitchen.counts.csv"),
        write_counts(&counts.tables),
    )
    .unwrap();
    let manifest = CountsManifest {
        name: Some("kitchen counts".into()),
        counts: "kitchen.counts.csv".into(),
        k_max: 3,
        min_support_floor: 5,
        stand_ins: d.stand_ins,
        dataset: Some(d.summary()),
    };
    std::fs::write(
        dir.0.join("kitchen.counts.json"),
        serde_json::to_string(&manifest).unwrap(),
    )
    .unwrap();
    let host = serve(dir.0.clone()).unwrap();
    let settings = CombinationSettings {
        min_support: 30,
        ..CombinationSettings::default()
    };
    let native = analyze(&d, &settings).unwrap();

    let s = Session::start().await.unwrap();
    s.open(&format!("/?data={host}/kitchen.counts.json&min_support=30"))
        .await
        .unwrap();
    let said = s.text("[data-testid=counts-only]").await.unwrap();
    assert!(
        said.starts_with(
            "Opened from counts (combinations of up to 3 attributes, minimum support 5 or more)"
        ),
        "{said}"
    );
    let m = native.metrics;
    for (key, want) in [
        ("multi_mals.mean", m.multi_mals.mean),
        ("multi_mals.variance", m.multi_mals.variance),
        ("multi_g_to_m.mean_abs", m.multi_g_to_m.mean_abs),
        ("multi_m_to_g.mean_abs", m.multi_m_to_g.mean_abs),
        ("biasamp_mals.value", m.biasamp_mals.value),
        ("biasamp_a_to_t.value", m.biasamp_a_to_t.value),
    ] {
        let got: f64 = s
            .until(key, || async { s.value(key).await.ok()?.parse().ok() })
            .await
            .unwrap();
        assert!(
            (got - want.unwrap()).abs() <= 1e-12,
            "{key}: {got} vs {want:?}"
        );
    }
    assert_eq!(
        s.value("multi_mals.n_combinations").await.unwrap(),
        m.multi_mals.n_combinations.to_string()
    );
    s.screenshot("counts-overview").await;
    // A view that needs rows says so.
    s.click("#tab-rows").await.unwrap();
    let rows = s
        .until("the rows view's answer", || async {
            let t = s.text("[data-testid=row-list]").await.ok()?;
            t.contains("not available").then_some(t)
        })
        .await
        .unwrap();
    assert!(
        rows.contains("not available: the list of rows needs rows, and only counts were loaded"),
        "{rows}"
    );
    // A support below the file's floor is refused with the reason.
    s.click("#tab-overview").await.unwrap();
    s.client
        .execute(
            "const i = document.querySelector('#min-support'); i.value = '2'; \
             i.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![],
        )
        .await
        .unwrap();
    let refused = s
        .until("the refusal", || async {
            s.text("[data-testid=settings-error]").await.ok()
        })
        .await
        .unwrap();
    assert!(
        refused.contains("min support must be at least 5 (asked 2)"),
        "{refused}"
    );
    // The counts CSV alone, picked from disk: its k_max and floor are read from it,
    // and at that floor the numbers are the rows' own.
    s.wait_for("#file-header")
        .await
        .unwrap()
        .send_keys(&dir.0.join("kitchen.counts.csv").display().to_string())
        .await
        .unwrap();
    let floor: u64 = s
        .until("the picked counts", || async {
            let t = s.text("[data-testid=counts-only]").await.ok()?;
            let rest = t.split("minimum support ").nth(1)?;
            rest.split(' ').next()?.parse().ok()
        })
        .await
        .unwrap();
    assert!(floor >= 5, "{floor}");
    let at_floor = analyze(
        &d,
        &CombinationSettings {
            min_support: floor,
            ..CombinationSettings::default()
        },
    )
    .unwrap();
    let want = at_floor.metrics.multi_mals.mean.unwrap();
    let got: f64 = s
        .until("the picked counts' Multi_MALS", || async {
            let v: f64 = s.value("multi_mals.mean").await.ok()?.parse().ok()?;
            ((v - want).abs() <= 1e-12).then_some(v)
        })
        .await
        .unwrap();
    assert!((got - want).abs() <= 1e-12);
    s.close().await;
}
