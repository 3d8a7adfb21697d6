//! End to end in headless Chromium: the real bundle, served on 127.0.0.1, driven
//! through WebDriver. Every number is read from `data-value`, at full precision.

// Test helpers outside #[test] functions: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod audit;
mod bench;
mod columns;
mod counts;
mod demos;
mod explore;
mod floor;
mod images;
mod keyboard;
mod lab;
mod layout;
mod links;
mod malformed;
mod map;
mod network;
mod probe;

use biaslens_e2e::{Session, TempDir};
use fantoccini::Locator;
use serde_json::Value;

fn expected(case: &str) -> Value {
    let all: Value = serde_json::from_str(include_str!("../data/toy/expected.json")).unwrap();
    all[case].clone()
}

/// Every headline value of an `expected.json` case, read off the page.
async fn check_headline(s: &Session, case: &str) -> Result<usize, String> {
    let want = expected(case);
    let mut checked = 0;
    for (metric, fields) in want.as_object().unwrap() {
        for (field, value) in fields.as_object().unwrap() {
            let key = format!("{metric}.{field}");
            let w = value.as_f64().unwrap();
            let got = s.value(&key).await?;
            let g: f64 = got
                .parse()
                .map_err(|_| format!("{key}: data-value {got:?} is not a number"))?;
            if (g - w).abs() > 1e-12 {
                return Err(format!("{case}: {key} = {g} on the page, expected {w}"));
            }
            checked += 1;
        }
    }
    Ok(checked)
}

/// A browser on `?demo=toy`, its analysis on screen.
async fn open_toy() -> Session {
    let s = Session::start().await.unwrap();
    s.open("/?demo=toy").await.unwrap();
    wait_for_combinations(&s, 5).await.unwrap();
    s
}

/// Waits until the page shows `|M| = n` (the analysis has caught up with a change).
async fn wait_for_combinations(s: &Session, n: usize) -> Result<(), String> {
    s.until(&format!("|M| = {n}"), || async {
        (s.value("multi_mals.n_combinations").await.ok()? == n.to_string()).then_some(())
    })
    .await
}

#[tokio::test]
async fn toy_demo_shows_the_expected_headline_values() {
    let s = open_toy().await;
    assert_eq!(check_headline(&s, "subsets k=1..3 s=1").await.unwrap(), 14);
    let summary = s.text("[data-testid=summary]").await.unwrap();
    assert!(summary.contains("16 rows"), "{summary}");
    s.screenshot("toy-overview").await;
    // The tabs follow the arrow keys, and the URL follows the tab.
    let tab = s.wait_for("#tab-overview").await.unwrap();
    tab.send_keys(&fantoccini::key::Key::Right.to_string())
        .await
        .unwrap();
    s.until("view=amplification in the URL", || async {
        s.url().await.contains("view=amplification").then_some(())
    })
    .await
    .unwrap();
    s.wait_for("[data-testid=bar-chart]").await.unwrap();
    s.close().await;
}

#[tokio::test]
async fn changing_k_max_changes_the_url_and_the_values_and_back_restores_them() {
    let s = open_toy().await;
    s.select("#k-max", "1").await.unwrap();
    wait_for_combinations(&s, 3).await.unwrap();
    let url = s.url().await;
    assert!(url.contains("k_max=1"), "{url}");
    assert_eq!(check_headline(&s, "subsets k=1..1 s=1").await.unwrap(), 14);

    // Label sets through the mode control.
    s.select("#mode", "label_sets").await.unwrap();
    wait_for_combinations(&s, 4).await.unwrap();
    assert!(s.url().await.contains("mode=label_sets"));
    assert_eq!(
        check_headline(&s, "label_sets k_min=1 s=1").await.unwrap(),
        14
    );

    // Back twice: the URL and the numbers follow.
    s.client.back().await.unwrap();
    wait_for_combinations(&s, 3).await.unwrap();
    s.client.back().await.unwrap();
    wait_for_combinations(&s, 5).await.unwrap();
    assert!(s.url().await.contains("k_max=3"));
    assert_eq!(check_headline(&s, "subsets k=1..3 s=1").await.unwrap(), 14);
    s.client.forward().await.unwrap();
    wait_for_combinations(&s, 3).await.unwrap();
    s.close().await;
}

#[tokio::test]
async fn a_share_link_reproduces_the_settings() {
    let s = Session::start().await.unwrap();
    s.open("/?demo=toy&k_max=1&view=amplification")
        .await
        .unwrap();
    // The amplification tab: a bar per combination with a defined Δ, and the cells table.
    let bar = s.wait_for("[data-testid=bar-chart] g.bar").await.unwrap();
    let label = bar.attr("aria-label").await.unwrap().unwrap();
    assert!(label.contains("Δ ="), "{label}");
    let rows = s
        .client
        .find_all(Locator::Css("[data-testid=cells-table] tbody tr"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 6);
    // Clicking a bar filters the table to its combination, and the URL keeps it.
    bar.click().await.unwrap();
    s.until("the table filtered to one combination", || async {
        let rows = s
            .client
            .find_all(Locator::Css("[data-testid=cells-table] tbody tr"))
            .await
            .ok()?;
        (rows.len() == 2).then_some(())
    })
    .await
    .unwrap();
    assert!(s.url().await.contains("select="));
    s.screenshot("toy-amplification").await;
    // Copy link answers with what happened (headless Chromium may refuse the clipboard).
    s.click("button.primary").await.unwrap();
    s.copy_link_answer().await.unwrap();
    s.close().await;
}

#[tokio::test]
async fn a_malformed_file_gives_a_located_error_and_keeps_the_loaded_data() {
    let s = open_toy().await;

    let dir = TempDir::new("e2e-upload").unwrap();
    let bad = dir.0.join("broken.csv");
    std::fs::write(
        &bad,
        "split,group,attr:cup\ntrain,man,1\ntest,woman,maybe\n",
    )
    .unwrap();
    let input = s.wait_for("#file-header").await.unwrap();
    input.send_keys(&bad.display().to_string()).await.unwrap();
    let error = s.text("[data-testid=error]").await.unwrap();
    assert!(error.contains("broken.csv"), "{error}");
    assert!(error.contains("line 3"), "{error}");
    assert!(error.contains("attr:cup"), "{error}");
    s.screenshot("error").await;

    // The toy set is still there, and still usable.
    assert_eq!(check_headline(&s, "subsets k=1..3 s=1").await.unwrap(), 14);
    s.select("#k-max", "1").await.unwrap();
    wait_for_combinations(&s, 3).await.unwrap();

    // A good file replaces it, and the link names the file.
    let good = dir.0.join("mine.csv");
    std::fs::write(&good, biaslens_core_toy()).unwrap();
    s.wait_for("#file-header")
        .await
        .unwrap()
        .send_keys(&good.display().to_string())
        .await
        .unwrap();
    s.until("the file's name in the URL", || async {
        s.url().await.contains("file=mine.csv").then_some(())
    })
    .await
    .unwrap();
    let summary = s.text("[data-testid=summary]").await.unwrap();
    assert!(summary.starts_with("mine"), "{summary}");
    s.close().await;
}

/// The toy set's CSV, as a user's own file.
fn biaslens_core_toy() -> &'static str {
    include_str!("../data/toy/toy.csv")
}

#[tokio::test]
async fn the_empty_state_offers_the_demos_and_a_file_link_says_which_file_to_open() {
    let s = Session::start().await.unwrap();
    s.open("/").await.unwrap();
    let cards = s
        .client
        .wait()
        .at_most(biaslens_e2e::PATIENCE)
        .for_element(Locator::Css(".demo-card"))
        .await;
    assert!(cards.is_ok());
    let n = s
        .client
        .find_all(Locator::Css(".demo-card"))
        .await
        .unwrap()
        .len();
    assert_eq!(n, biaslens_core::demo::DEMOS.len());
    s.screenshot("landing").await;
    s.open("/?file=audit.csv&k_max=2").await.unwrap();
    let notice = s.text(".notice").await.unwrap();
    assert!(notice.contains("audit.csv"), "{notice}");
    // Clicking a demo card loads it.
    s.open("/").await.unwrap();
    s.wait_for(".demo-card")
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let summary = s.text("[data-testid=summary]").await.unwrap();
    assert!(
        summary.contains("kitchen") && summary.contains("5,000 rows"),
        "{summary}"
    );
    s.close().await;
}

/// The browser and the native engine give the same numbers (to 1e-9) on a data set
/// with thousands of rows, with a setting changed through the URL.
#[tokio::test]
async fn kitchen_in_the_browser_equals_the_native_engine() {
    use biaslens_core::{analyze, demo, load_with_defaults, CombinationSettings};
    let (csv, file) = demo::demo_csv("kitchen").unwrap();
    let (_, d) = load_with_defaults("kitchen", &file, csv.as_bytes()).unwrap();
    let settings = CombinationSettings {
        k_max: 2,
        min_support: 30,
        ..Default::default()
    };
    let native = serde_json::to_value(analyze(&d, &settings).unwrap().metrics).unwrap();

    let s = Session::start().await.unwrap();
    s.open("/?demo=kitchen&k_max=2").await.unwrap();
    let n = native["multi_mals"]["n_combinations"].as_u64().unwrap() as usize;
    wait_for_combinations(&s, n).await.unwrap();
    let mut compared = 0;
    for (metric, fields) in native.as_object().unwrap() {
        for (field, value) in fields.as_object().unwrap() {
            let Some(want) = value.as_f64() else { continue };
            let key = format!("{metric}.{field}");
            let got: f64 = s.value(&key).await.unwrap().parse().unwrap();
            assert!(
                (got - want).abs() <= 1e-9,
                "{key}: browser {got}, native {want}"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 14);
    s.screenshot("kitchen-overview").await;
    s.close().await;
}

#[tokio::test]
async fn an_unknown_demo_is_an_error_on_the_landing_screen() {
    let s = Session::start().await.unwrap();
    s.open("/?demo=nope").await.unwrap();
    let error = s.text("[data-testid=error]").await.unwrap();
    assert!(
        error.contains("nope") && error.contains("kitchen"),
        "{error}"
    );
    assert!(s.client.find(Locator::Css(".demo-card")).await.is_ok());
    s.close().await;
}

/// A long analysis shows its progress and can be cancelled: the settings go back
/// to those of the last finished analysis, and so do the numbers.
#[tokio::test]
async fn a_long_analysis_can_be_cancelled() {
    let s = Session::start().await.unwrap();
    s.open("/?demo=kitchen&min_support=1").await.unwrap();
    wait_for_combinations(&s, 2301).await.unwrap();
    let before = s.value("multi_mals.mean").await.unwrap();
    // Ask for every combination up to size 5 (about 20,000), and press Cancel as
    // soon as the working line shows, long before the engine is done.
    let clicked = s
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               const k = document.querySelector('#k-max');
               k.value = '5';
               k.dispatchEvent(new Event('change', { bubbles: true }));
               const start = performance.now();
               (function poll() {
                 const b = document.querySelector('[data-testid=working] button');
                 if (b) { const text = b.parentElement.textContent; b.click(); done(text); }
                 else if (performance.now() - start > 5000) done(null);
                 else setTimeout(poll, 1);
               })();"#,
            vec![],
        )
        .await
        .unwrap();
    let text = clicked.as_str().unwrap_or_default().to_owned();
    assert!(!text.is_empty(), "no working line appeared");
    s.until("k_max back to 3 in the URL", || async {
        s.url().await.contains("k_max=3").then_some(())
    })
    .await
    .unwrap();
    // The analysis on screen answers the restored settings: nothing is recomputed.
    s.until("the working line to go", || async {
        s.client
            .find(Locator::Css("[data-testid=working]"))
            .await
            .is_err()
            .then_some(())
    })
    .await
    .unwrap();
    assert_eq!(s.value("multi_mals.n_combinations").await.unwrap(), "2301");
    assert_eq!(s.value("multi_mals.mean").await.unwrap(), before);
    // The fresh worker holds the data set: a new setting computes as before.
    s.select("#k-max", "2").await.unwrap();
    s.until("k_max = 2 computed", || async {
        (s.value("multi_mals.n_combinations").await.ok()? != "2301").then_some(())
    })
    .await
    .unwrap();
    s.close().await;
}
