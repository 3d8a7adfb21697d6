//! End to end (issue 9): the app opened on a counts manifest (`?data=URL`) shows
//! the same headline values as on the rows, says which views need rows, and those
//! views say so.

use biaslens_core::cooccurrence::{cooccurrence, Split};
use biaslens_core::counts_file::{counts_of_rows, write_counts, CountsManifest};
use biaslens_core::{analyze, demo, load_with_defaults, CombinationSettings};
use biaslens_e2e::{serve, Session, TempDir};

#[tokio::test]
async fn a_counts_manifest_gives_the_same_headline_values_as_the_rows() {
    let (csv, file) = demo::demo_csv("kitchen").unwrap();
    let (_, d) = load_with_defaults("kitchen", &file, csv.as_bytes()).unwrap();
    let counts = counts_of_rows(&d, 3, 5, 1, &mut |_| {}).unwrap();
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
    // The co-occurrence view from counts: the attribute × group table is the rows'
    // exactly; the attribute × attribute table has the pairs the file holds.
    let rows_test = cooccurrence(&d, Split::Test, 1, 30).unwrap();
    let sink_woman = rows_test
        .group_rows
        .iter()
        .find(|r| r.attributes == ["sink"] && r.group == "woman")
        .unwrap();
    s.open(&format!(
        "/?data={host}/kitchen.counts.json&min_support=30&view=cooccurrence&split=test"
    ))
    .await
    .unwrap();
    let cell = ".heat-cell[data-row='sink'][data-column='woman']";
    let npmi: f64 = s
        .until("the counts' heatmap", || async {
            s.attr(cell, "data-value").await.ok()?.parse().ok()
        })
        .await
        .unwrap();
    assert!((npmi - sink_woman.stats.npmi.unwrap()).abs() <= 1e-12);
    let q: f64 = s.attr(cell, "data-q").await.unwrap().parse().unwrap();
    assert!((q - sink_woman.stats.q.unwrap()).abs() <= 1e-12);
    s.click("[data-testid=cooc] .chart-tools button.toggle:nth-of-type(5)")
        .await
        .unwrap();
    let train_pairs = cooccurrence(&d, Split::Train, 1, 1).unwrap().pair_rows;
    let held: Vec<_> = rows_test
        .pair_rows
        .iter()
        .zip(&train_pairs)
        .filter(|(te, tr)| te.stats.n11 >= 5 && tr.stats.n11 >= 5)
        .map(|(te, _)| te)
        .collect();
    let note = s
        .until("the pairs' note", || async {
            s.text("[data-testid=cooc-pairs-below]").await.ok()
        })
        .await
        .unwrap();
    // Every pair of the kitchen's 24 attributes has 5 rows in train and in test.
    assert_eq!(held.len(), 24 * 23 / 2);
    assert_eq!(
        note,
        "From counts: every pair of attributes has at least 5 train rows and 5 test rows, so the counts file holds all 276 pairs and this table is the rows' own."
    );
    let pair = held.first().unwrap();
    let pair_cell = format!(
        ".heat-cell[data-row='{}'][data-column='{}']",
        pair.a, pair.b
    );
    let n11: u64 = s
        .attr(&pair_cell, "data-n11")
        .await
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(n11, pair.stats.n11);
    // With a floor of 40, the file lacks the rarer pairs: the note counts the
    // pairs held, and a pair left out has no cell.
    let floor40 = counts_of_rows(&d, 2, 40, 1, &mut |_| {}).unwrap();
    std::fs::write(dir.0.join("k40.csv"), write_counts(&floor40.tables)).unwrap();
    let manifest40 = CountsManifest {
        counts: "k40.csv".into(),
        k_max: 2,
        min_support_floor: 40,
        ..manifest.clone()
    };
    std::fs::write(
        dir.0.join("k40.json"),
        serde_json::to_string(&manifest40).unwrap(),
    )
    .unwrap();
    let (held40, left_out): (Vec<_>, Vec<_>) = rows_test
        .pair_rows
        .iter()
        .zip(&train_pairs)
        .partition(|(te, tr)| te.stats.n11 >= 40 && tr.stats.n11 >= 40);
    assert!(!held40.is_empty() && !left_out.is_empty());
    s.open(&format!(
        "/?data={host}/k40.json&k_max=2&view=cooccurrence&split=test&cooc=pairs"
    ))
    .await
    .unwrap();
    let note = s
        .until("the pairs' note at floor 40", || async {
            s.text("[data-testid=cooc-pairs-below]").await.ok()
        })
        .await
        .unwrap();
    assert_eq!(
        note,
        format!(
            "From counts: only the {} pairs with at least 40 train rows and 40 test rows are in the counts file; the other pairs are left blank, and q-values are over these {} tests.",
            held40.len(),
            held40.len()
        )
    );
    let (kept, _) = held40[0];
    let kept_cell = format!(
        ".heat-cell[data-row='{}'][data-column='{}']",
        kept.a, kept.b
    );
    let n11: u64 = s
        .attr(&kept_cell, "data-n11")
        .await
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(n11, kept.stats.n11);
    let (gone, _) = left_out[0];
    let gone_cell = format!(
        ".heat-cell[data-row='{}'][data-column='{}']",
        gone.a, gone.b
    );
    let cells = s
        .client
        .find_all(fantoccini::Locator::Css(&gone_cell))
        .await
        .unwrap();
    assert!(cells.is_empty(), "{gone_cell} is drawn");
    s.screenshot("counts-cooccurrence-pairs").await;
    // A support below the file's floor is refused with the reason.
    s.open(&format!("/?data={host}/kitchen.counts.json&min_support=30"))
        .await
        .unwrap();
    s.wait_for("[data-testid=counts-only]").await.unwrap();
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
    let csv_path = dir.0.join("kitchen.counts.csv");
    let manifest_path = dir.0.join("kitchen.counts.json");
    s.pick(&[&csv_path]).await.unwrap();
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
    // The manifest alone, picked from disk, cannot reach its counts file: it says
    // which file to pick with it.
    s.pick(&[&manifest_path]).await.unwrap();
    let said = s.load_error().await.unwrap();
    assert!(
        said.contains("kitchen.counts.json names \"kitchen.counts.csv\": opened from this computer, pick kitchen.counts.csv together with kitchen.counts.json"),
        "{said}"
    );
    // Both picked at once: the manifest's floor (5, not the one read from the
    // CSV), its name and its stand-ins; at that floor the rows' numbers.
    s.pick(&[&manifest_path, &csv_path]).await.unwrap();
    // (The CSV alone was named by its file; the manifest names the data set.)
    let summary = s
        .until("the manifest and its counts", || async {
            let t = s.text("[data-testid=summary]").await.ok()?;
            t.starts_with("kitchen counts — ").then_some(t)
        })
        .await
        .unwrap();
    assert!(
        summary.starts_with("kitchen counts — 5,000 rows"),
        "{summary}"
    );
    let said = s.text("[data-testid=counts-only]").await.unwrap();
    assert!(
        said.starts_with(
            "Opened from counts (combinations of up to 3 attributes, minimum support 5 or more)"
        ),
        "{said}"
    );
    let at_5 = analyze(
        &d,
        &CombinationSettings {
            min_support: 5,
            ..CombinationSettings::default()
        },
    )
    .unwrap();
    let want = at_5.metrics.multi_mals.mean.unwrap();
    s.until("Multi_MALS at the manifest's floor", || async {
        let v: f64 = s.value("multi_mals.mean").await.ok()?.parse().ok()?;
        ((v - want).abs() <= 1e-12).then_some(())
    })
    .await
    .unwrap();
    s.screenshot("counts-manifest-picked").await;
    // Kept together: a reload reopens the manifest and its counts file.
    let kept = s
        .until("the kept line", || async {
            let t = s.text("[data-testid=kept]").await.ok()?;
            t.starts_with("kitchen.counts.json is kept").then_some(t)
        })
        .await
        .unwrap();
    assert!(kept.contains("so that a reload finds it"), "{kept}");
    let url = s.url().await;
    assert!(url.contains("file=kitchen.counts.json"), "{url}");
    s.client.goto(&url).await.unwrap();
    let restored = s
        .until("the reopened manifest", || async {
            let t = s.text("[data-testid=kept]").await.ok()?;
            t.contains("reopened").then_some(t)
        })
        .await
        .unwrap();
    assert!(
        restored.starts_with("kitchen.counts.json was reopened"),
        "{restored}"
    );
    s.until("Multi_MALS after the reload", || async {
        let v: f64 = s.value("multi_mals.mean").await.ok()?.parse().ok()?;
        ((v - want).abs() <= 1e-12).then_some(())
    })
    .await
    .unwrap();
    s.close().await;
}
