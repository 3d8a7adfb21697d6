//! The built-in demos against the native engine on the same files, a view set up
//! by hand and reopened from its link in a fresh browser, and the guided tour.

use std::collections::BTreeMap;
use std::path::Path;

use biaslens_core::demo::{demo_csv, DEMOS};
use biaslens_core::embeddings::{analyze_embeddings, Embeddings};
use biaslens_core::lab::{lab_csv, LabSettings};
use biaslens_core::manifest;
use biaslens_core::{
    analyze, build_from_table, load_with_defaults, parse_table, CombinationSettings, Dataset,
};
use biaslens_e2e::Session;
use fantoccini::Locator;

/// The folder the real demos' files are converted into (`scripts/demos.py`).
fn public() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../public"))
}

/// A demo's data set and its manifest's settings, read natively the way the CLI
/// reads them (`biaslens metrics public/demos/NAME/manifest.json`).
fn native(name: &str) -> (Dataset, manifest::Settings, Option<Embeddings>) {
    let demo = DEMOS.iter().find(|d| d.name == name).unwrap();
    let Some(path) = demo.manifest else {
        let (csv, file) = match name {
            "lab" => (lab_csv(&LabSettings::default()), "lab.csv".to_owned()),
            _ => demo_csv(name).unwrap(),
        };
        let (_, d) = load_with_defaults(name, &file, csv.as_bytes()).unwrap();
        return (d, manifest::Settings::default(), None);
    };
    let path = public().join(path);
    let dir = path.parent().unwrap();
    let m = manifest::sniff("manifest.json", &std::fs::read(&path).unwrap())
        .unwrap()
        .unwrap();
    let file = m.annotations.clone();
    let mut table = parse_table(&file, &std::fs::read(dir.join(&file)).unwrap()).unwrap();
    let group = m.apply_columns("manifest.json", &mut table).unwrap();
    let d = build_from_table(
        name,
        &table,
        &biaslens_core::ColumnChoice::group(group.as_deref()),
        0.5,
    )
    .unwrap();
    let e = m
        .embeddings
        .as_ref()
        .map(|e| Embeddings::load(e, &std::fs::read(dir.join(e)).unwrap()).unwrap());
    (d, m.settings, e)
}

/// The part of an address from `/?`: what a link carries.
fn query(url: &str) -> &str {
    url.find("/?").map_or(url, |i| &url[i..])
}

/// Every `data-metric` number on the page with its `data-value`.
async fn numbers(s: &Session) -> BTreeMap<String, String> {
    let got = s
        .client
        .execute(
            "return [...document.querySelectorAll('[data-metric]')].map(e => [e.dataset.metric, e.dataset.value]);",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value::<Vec<(String, String)>>(got)
        .unwrap()
        .into_iter()
        .collect()
}

/// Each demo opened from the landing screen (its card, as a teacher would) shows
/// the headline numbers the native engine computes from the same file, with the
/// settings of its manifest; the word embeddings show the native leakage and the
/// same words at each end of the gender direction.
#[tokio::test]
async fn every_demo_equals_the_native_engine_on_its_file() {
    let s = Session::start().await.unwrap();
    for demo in DEMOS {
        let (d, preset, embeddings) = native(demo.name);
        s.open("/").await.unwrap();
        s.click(&format!(".demo-card[data-demo='{}']", demo.name))
            .await
            .unwrap();
        if let Some(e) = embeddings {
            let report = analyze_embeddings(&d, &e, 0, &mut |_| {});
            let leakage = report.leakage.unwrap();
            let got: f64 = s.value("leakage.accuracy").await.unwrap().parse().unwrap();
            assert!(
                (got - leakage.accuracy).abs() <= 1e-9,
                "{}: leakage {got}",
                demo.name
            );
            let axis = report.axis.unwrap();
            let first = s
                .attr("[data-testid=axis] .axis-side tbody tr", "data-id")
                .await
                .unwrap();
            assert_eq!(first, axis.toward_first[0].id, "{}", demo.name);
            continue;
        }
        let settings = CombinationSettings {
            k_min: preset.k_min.unwrap_or(1),
            k_max: preset.k_max.unwrap_or(3),
            min_support: preset.min_support.unwrap_or(demo.min_support),
            ..Default::default()
        };
        let want = serde_json::to_value(analyze(&d, &settings).unwrap().metrics).unwrap();
        let n = want["multi_mals"]["n_combinations"]
            .as_u64()
            .unwrap()
            .to_string();
        s.until(&format!("{}: |M| = {n}", demo.name), || async {
            (s.value("multi_mals.n_combinations").await.ok()? == n).then_some(())
        })
        .await
        .unwrap();
        let mut compared = 0;
        for (metric, fields) in want.as_object().unwrap() {
            for (field, value) in fields.as_object().unwrap() {
                let Some(w) = value.as_f64() else { continue };
                let key = format!("{metric}.{field}");
                let got: f64 = s.value(&key).await.unwrap().parse().unwrap();
                assert!(
                    (got - w).abs() <= 1e-9,
                    "{}: {key} = {got}, native {w}",
                    demo.name
                );
                compared += 1;
            }
        }
        assert!(compared >= 6, "{}: only {compared} numbers", demo.name);
    }
    // A link that names no view opens the demo where its card does: the words
    // demo has no predictions, so on its Embeddings view, not an empty Overview.
    s.open("/?demo=words").await.unwrap();
    s.wait_for("[data-metric='leakage.accuracy']")
        .await
        .unwrap();
    assert!(
        s.url().await.contains("view=embeddings"),
        "{}",
        s.url().await
    );
    // The directions chart says which group +1 is; the map's legend has a swatch
    // for the words without a group (the professions).
    let axis = s.text("[data-testid=directions-axis]").await.unwrap();
    assert_eq!(axis, "cos(d_s, d_G): −1 toward female … 0 … +1 toward male");
    s.wait_for("[data-testid=legend-no-group]").await.unwrap();
    s.close().await;
}

/// A view set up by hand (settings, a filter, a selected combination, a tab)
/// travels in its link: a fresh browser — no storage, no history — opening it
/// shows the same settings and every number the same.
#[tokio::test]
async fn a_view_set_up_by_hand_reopens_from_its_link_in_a_fresh_browser() {
    let a = Session::start().await.unwrap();
    a.open("/?demo=kitchen&b=0").await.unwrap();
    a.wait_for("[data-metric='multi_mals.mean']").await.unwrap();
    a.select("#k-max", "2").await.unwrap();
    a.select("#filter-correct", "correct").await.unwrap();
    a.until("the filter in the URL", || async {
        a.url().await.contains("f_correct=yes").then_some(())
    })
    .await
    .unwrap();
    a.click("#tab-amplification").await.unwrap();
    let bar = a.wait_for("[data-testid=bar-chart] g.bar").await.unwrap();
    bar.click().await.unwrap();
    let link = a
        .until("the selection in the URL", || async {
            let u = a.url().await;
            (u.contains("select=") && u.contains("k_max=2")).then_some(u)
        })
        .await
        .unwrap();
    a.wait_for("[data-testid=explain]").await.unwrap();
    let before = numbers(&a).await;
    a.close().await;

    let b = Session::start().await.unwrap();
    b.open(query(&link)).await.unwrap();
    b.wait_for("[data-testid=explain]").await.unwrap();
    let k_max = b
        .client
        .find(Locator::Css("#k-max"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(k_max.as_deref(), Some("2"));
    let after = b
        .until("the same numbers", || async {
            let n = numbers(&b).await;
            (n == before).then_some(n)
        })
        .await;
    assert!(after.is_ok(), "the numbers differ: {before:?}");
    assert!(before.len() >= 10, "{} numbers", before.len());
    assert_eq!(query(&b.url().await), query(&link));
    b.close().await;
}

/// The tour walks through its steps (each opens its view and selects what it
/// talks about), its step is in the link, and it closes.
#[tokio::test]
async fn the_guided_tour_opens_each_step_and_its_link_reopens_it() {
    let s = Session::start().await.unwrap();
    s.open("/?demo=kitchen&b=0").await.unwrap();
    s.click("[data-testid=tour-start]").await.unwrap();
    assert!(s
        .text("[data-testid=tour]")
        .await
        .unwrap()
        .contains("step 1 of 5"));
    s.click("[data-testid=tour-next]").await.unwrap();
    // Step 2 opens the amplification view with {laundry, sink} selected and explained.
    let explained = s.text("[data-testid=explain]").await.unwrap();
    assert!(
        explained.contains("laundry") && explained.contains("sink"),
        "{explained}"
    );
    assert!(s.url().await.contains("tour=2"));
    s.click("[data-testid=tour-next]").await.unwrap();
    s.click("[data-testid=tour-next]").await.unwrap();
    // Step 4: the spurious view with sink as the target; laundry ranks first.
    s.until("the spurious ranking for sink", || async {
        let t = s.text("[data-testid=spurious-table] tbody tr").await.ok()?;
        t.contains("laundry").then_some(())
    })
    .await
    .unwrap();
    let link = s.url().await;
    assert!(
        link.contains("tour=4") && link.contains("target=sink"),
        "{link}"
    );
    s.click("[data-testid=tour-back]").await.unwrap();
    assert!(s.url().await.contains("tour=3"));
    s.click("[data-testid=tour-close]").await.unwrap();
    s.wait_for("[data-testid=tour-start]").await.unwrap();
    assert!(!s.url().await.contains("tour="));
    // The step's link opens the tour at that step.
    s.open(query(&link)).await.unwrap();
    assert!(s
        .text("[data-testid=tour]")
        .await
        .unwrap()
        .contains("step 4 of 5"));
    s.close().await;
}

/// The formula panels: a co-occurrence cell's statistics with its counts written
/// out (nPMI equal to the native table's), a single attribute's terms of the
/// single-attribute ancestors, and the directions chart's table view.
#[tokio::test]
async fn formula_panels_substitute_the_selections_numbers() {
    use biaslens_core::cooccurrence::{group_table, rows_for, Split};
    use biaslens_core::counts::{count, RowIndex};
    let (d, _, _) = native("toy");
    let ix = RowIndex::new(&d);
    let rows = rows_for(&d, &ix, 1, 1).unwrap();
    let table = group_table(&count(&d, &ix, &rows), Split::Train);
    let cell = table
        .iter()
        .find(|r| r.attributes == ["a0"] && r.group == "man")
        .unwrap();
    let s = Session::start().await.unwrap();
    s.open("/?demo=toy&b=0&view=cooccurrence&split=train&select=a0&select_group=man")
        .await
        .unwrap();
    let npmi = s
        .attr("[data-testid=explain-npmi]", "data-value")
        .await
        .unwrap();
    assert_eq!(npmi, cell.stats.npmi.unwrap().to_string());
    let text = s.text("[data-testid=explain-association]").await.unwrap();
    let n = cell.stats.n11 + cell.stats.n10 + cell.stats.n01 + cell.stats.n00;
    assert!(
        text.contains(&format!("n11 = {}", cell.stats.n11)),
        "{text}"
    );
    assert!(text.contains(&format!("n = {n}")), "{text}");
    // Another shape of rows: the cell of the old one is no longer explained.
    s.click("[data-testid=cooc] button[data-option='attribute × attribute']")
        .await
        .unwrap();
    s.gone("[data-testid=explain-association]").await.unwrap();
    s.until("the selection to leave the link", || async {
        (!s.url().await.contains("select=")).then_some(())
    })
    .await
    .unwrap();

    s.open("/?demo=toy&b=0&view=amplification&select=a0&select_group=man")
        .await
        .unwrap();
    let text = s.text("[data-testid=explain]").await.unwrap();
    assert!(text.contains("Single-attribute ancestors"), "{text}");
    assert!(text.contains("|A| = 3"), "{text}");

    s.open("/?demo=kitchen&b=0&view=embeddings").await.unwrap();
    s.wait_for("[data-testid=directions] .bar").await.unwrap();
    s.click("[data-testid=directions] button.link")
        .await
        .unwrap();
    let first = s
        .text("[data-testid=directions-table] tbody tr")
        .await
        .unwrap();
    let bar = s
        .attr("[data-testid=directions] g.bar", "data-attribute")
        .await
        .unwrap();
    assert!(first.starts_with(&bar), "{first} / {bar}");
    s.close().await;
}

/// How each view lays out what it shows travels in its link too: the ranking,
/// table-or-chart, the cells table's filter text and sort, the co-occurrence
/// colour and sort, and the rows page. A fresh browser opening the copied link
/// shows each as it was.
#[tokio::test]
async fn each_views_layout_reopens_from_its_link_in_a_fresh_browser() {
    let a = Session::start().await.unwrap();
    a.open("/?demo=kitchen&b=0&view=amplification")
        .await
        .unwrap();
    a.wait_for("[data-testid=bar-chart] g.bar").await.unwrap();
    a.click("button[data-rank=delta]").await.unwrap();
    a.click("[data-testid=bar-chart] button.link")
        .await
        .unwrap();
    a.wait_for("#cell-filter")
        .await
        .unwrap()
        .send_keys("sink")
        .await
        .unwrap();
    a.click("[data-testid=cells-table] th[title^='bias_train'] button")
        .await
        .unwrap();
    a.click("#tab-cooccurrence").await.unwrap();
    a.click("[data-testid=cooc] button[data-option=phi]")
        .await
        .unwrap();
    a.click("[data-testid=cooc-table] th[title^='Rows with both'] button")
        .await
        .unwrap();
    a.click("#tab-rows").await.unwrap();
    a.wait_for(".pager").await.unwrap();
    a.click(".pager button:last-child").await.unwrap();
    let link = a
        .until("every layout setting in the URL", || async {
            let u = a.url().await;
            [
                "rank=delta",
                "table=1",
                "cells_find=sink",
                "cells_sort=-bias_train",
                "cooc_colour=phi",
                "cooc_sort=-n11",
                "rows_from=50",
            ]
            .iter()
            .all(|k| u.contains(k))
            .then_some(u)
        })
        .await
        .unwrap();
    a.click("button.primary").await.unwrap();
    a.copy_link_answer().await.unwrap();
    let page = a
        .until("the second rows page", || async {
            let t = a.text("[data-testid=rows-count]").await.ok()?;
            t.starts_with("Rows 51–100 of").then_some(t)
        })
        .await
        .unwrap();
    a.close().await;

    let b = Session::start().await.unwrap();
    b.open(query(&link)).await.unwrap();
    b.until("the same rows page", || async {
        (b.text("[data-testid=rows-count]").await.ok()? == page).then_some(())
    })
    .await
    .unwrap();
    assert_eq!(query(&b.url().await), query(&link));
    b.click("#tab-cooccurrence").await.unwrap();
    let sorted = b
        .attr(
            "[data-testid=cooc-table] th[title^='Rows with both']",
            "aria-sort",
        )
        .await
        .unwrap();
    assert_eq!(sorted, "descending");
    let phi = b
        .attr("[data-testid=cooc] button[data-option=phi]", "aria-pressed")
        .await
        .unwrap();
    assert_eq!(phi, "true");
    b.click("#tab-amplification").await.unwrap();
    let find: String = b
        .client
        .execute(
            "return document.querySelector('#cell-filter').value",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(find, "sink");
    let sorted = b
        .attr(
            "[data-testid=cells-table] th[title^='bias_train']",
            "aria-sort",
        )
        .await
        .unwrap();
    assert_eq!(sorted, "descending");
    let pressed = b
        .attr("button[data-rank=delta]", "aria-pressed")
        .await
        .unwrap();
    assert_eq!(pressed, "true");
    let table = b
        .attr("[data-testid=bar-chart] button.link", "aria-pressed")
        .await
        .unwrap();
    assert_eq!(table, "true");
    b.close().await;
}
