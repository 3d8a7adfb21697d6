//! End to end: from a headline number to the combinations, rows and attributes
//! behind it (issue 3) — bootstrap intervals equal to the native engine's while the
//! page stays usable, the planted combination and its rows, the co-occurrence
//! heatmap, the spurious ranking, filters in the URL, and exports.

use biaslens_core::bootstrap::{bootstrap, BootstrapSettings};
use biaslens_core::cooccurrence::{cooccurrence, Split};
use biaslens_core::counts::RowIndex;
use biaslens_core::filter::RowFilter;
use biaslens_core::metrics::headline::Quantity;
use biaslens_core::spurious::{spurious, Target};
use biaslens_core::{analyze, demo, load_with_defaults, CombinationSettings, Dataset};
use biaslens_e2e::Session;
use fantoccini::Locator;

fn kitchen() -> Dataset {
    let (csv, file) = demo::demo_csv("kitchen").unwrap();
    load_with_defaults("kitchen", &file, csv.as_bytes())
        .unwrap()
        .1
}

/// The kitchen demo's own settings (its suggested minimum support is 30).
fn kitchen_settings() -> CombinationSettings {
    CombinationSettings {
        min_support: 30,
        ..CombinationSettings::default()
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9
}

/// The number of rows on the page's row list (its `data-value`), once it is `want`.
async fn wait_for_rows(s: &Session, want: usize) -> Result<(), String> {
    s.until(&format!("{want} rows listed"), || async {
        let got = s
            .attr("[data-testid=rows-count]", "data-value")
            .await
            .ok()?;
        (got == want.to_string()).then_some(())
    })
    .await
}

#[tokio::test]
async fn bootstrap_intervals_equal_the_native_ones_and_the_page_stays_usable_meanwhile() {
    let d = kitchen();
    let b = BootstrapSettings {
        replicates: 12000,
        seed: 3,
    };
    let native = bootstrap(&d, &kitchen_settings(), &b).unwrap();

    let s = Session::start().await.unwrap();
    s.open("/?demo=kitchen&b=12000&seed=3").await.unwrap();
    // The bootstrap shows its progress in its own worker …
    s.wait_for("[data-testid=bootstrap-working]").await.unwrap();
    // … while the page answers: another tab opens and computes its own view.
    s.click("#tab-cooccurrence").await.unwrap();
    s.wait_for(".heat-cell").await.unwrap();
    let still_running = s
        .client
        .find(Locator::Css("[data-testid=bootstrap-working]"))
        .await
        .is_ok();
    assert!(still_running, "the bootstrap ended before the other tab answered: nothing was shown about the page staying usable");
    s.click("#tab-overview").await.unwrap();
    s.until("the intervals", || async {
        let lo = s
            .attr("[data-metric='multi_mals.mean.ci95']", "data-lo")
            .await
            .ok()?;
        (!lo.is_empty()).then_some(())
    })
    .await
    .unwrap();
    let mut compared = 0;
    for q in Quantity::ALL {
        let (object, field) = q.location();
        let css = format!("[data-metric='{object}.{field}.ci95']");
        let want = native.interval(q).unwrap().ci95;
        let lo = s.attr(&css, "data-lo").await.unwrap();
        let hi = s.attr(&css, "data-hi").await.unwrap();
        match want {
            Some([wl, wh]) => {
                let (gl, gh): (f64, f64) = (lo.parse().unwrap(), hi.parse().unwrap());
                assert!(
                    close(gl, wl) && close(gh, wh),
                    "{css}: [{gl}, {gh}] vs [{wl}, {wh}]"
                );
                compared += 1;
            }
            None => assert!(lo.is_empty(), "{css}: {lo}"),
        }
    }
    assert_eq!(compared, 12);
    let millis = s
        .attr("[data-testid=bootstrap-status]", "data-millis")
        .await
        .unwrap();
    println!("kitchen bootstrap, B = 12,000, in the browser: {millis} ms");
    s.screenshot("kitchen-intervals").await;
    s.close().await;
}

#[tokio::test]
async fn the_planted_combination_tops_the_ranking_and_a_click_lists_its_rows() {
    let d = kitchen();
    let s = Session::start().await.unwrap();
    s.open("/?demo=kitchen&view=amplification&b=0")
        .await
        .unwrap();
    // The bars rank by what the model adds: the planted pairs come first.
    let top = s
        .attr("svg.bars g.bar:first-of-type", "data-combination")
        .await
        .unwrap();
    let planted = ["computer + keyboard", "laundry + sink"];
    assert!(
        planted.iter().any(|p| top.contains(p)),
        "top of the ranking: {top}"
    );
    s.click("svg.bars g.bar:first-of-type").await.unwrap();
    let attrs: Vec<String> = top.split(" + ").map(str::to_owned).collect();
    let want = RowFilter {
        has: attrs.clone(),
        ..RowFilter::default()
    }
    .rows(&d)
    .len();
    wait_for_rows(&s, want).await.unwrap();
    let url = s.url().await;
    assert!(
        url.contains(&format!("select={}", attrs.join("|"))),
        "{url}"
    );
    // Every listed row holds the combination.
    let cells = s
        .client
        .find_all(Locator::Css(
            "[data-testid=rows-table] tbody tr td.gt-attrs",
        ))
        .await
        .unwrap();
    assert!(!cells.is_empty());
    for c in cells {
        let text = c.text().await.unwrap();
        assert!(attrs.iter().all(|a| text.contains(a.as_str())), "{text}");
    }
    s.screenshot("kitchen-amplification-rows").await;
    s.close().await;
}

#[tokio::test]
async fn the_heatmap_shows_the_engines_association_and_a_cell_becomes_a_filter() {
    let d = kitchen();
    let report = cooccurrence(&d, Split::Test, 1, 30).unwrap();
    let row = report
        .group_rows
        .iter()
        .find(|r| r.attributes == ["sink"] && r.group == "woman")
        .unwrap();
    let s = Session::start().await.unwrap();
    s.open("/?demo=kitchen&view=cooccurrence&split=test&b=0")
        .await
        .unwrap();
    let cell = ".heat-cell[data-row='sink'][data-column='woman']";
    let value: f64 = s.attr(cell, "data-value").await.unwrap().parse().unwrap();
    assert!(close(value, row.stats.npmi.unwrap()), "{value}");
    let q: f64 = s.attr(cell, "data-q").await.unwrap().parse().unwrap();
    assert!(close(q, row.stats.q.unwrap()), "{q}");
    s.click(cell).await.unwrap();
    let behind = RowFilter {
        group: Some("woman".into()),
        has: vec!["sink".into()],
        ..RowFilter::default()
    };
    wait_for_rows(&s, behind.rows(&d).len()).await.unwrap();
    let url = s.url().await;
    assert!(
        url.contains("select=sink") && url.contains("select_group=woman"),
        "{url}"
    );
    // The selection becomes the filter of every view, in the URL and the header.
    s.click("[data-testid=row-list] .table-tools button.toggle")
        .await
        .unwrap();
    s.until("the filter in the URL", || async {
        let url = s.url().await;
        (url.contains("f_group=woman") && url.contains("f_has=sink")).then_some(())
    })
    .await
    .unwrap();
    let filtered = s.text("[data-testid=filtered]").await.unwrap();
    assert!(
        filtered.contains(&behind.rows(&d).len().to_string()),
        "{filtered}"
    );
    s.screenshot("kitchen-cooccurrence").await;
    s.close().await;
}

#[tokio::test]
async fn the_spurious_ranking_puts_the_planted_partner_first_with_its_counts() {
    let d = kitchen();
    let ix = RowIndex::new(&d);
    let native = spurious(&d, &ix, &Target::resolve(&d, "keyboard").unwrap());
    let top = &native.candidates[0];
    let s = Session::start().await.unwrap();
    s.open("/?demo=kitchen&view=spurious&target=keyboard&b=0")
        .await
        .unwrap();
    let first = s
        .attr("tr.candidate:first-of-type", "data-attribute")
        .await
        .unwrap();
    assert_eq!(first, top.attribute);
    let gap: f64 = s.value("spurious.fpr_gap").await.unwrap().parse().unwrap();
    assert!(close(gap, top.fpr_gap.unwrap()), "{gap}");
    let text = s.text("tr.candidate:first-of-type").await.unwrap();
    let fpr = top.fpr_with.unwrap();
    assert!(
        text.contains(&format!("({}/{})", fpr.numerator, fpr.denominator)),
        "{text}"
    );
    s.click("tr.candidate:first-of-type").await.unwrap();
    let want = RowFilter {
        has: vec![top.attribute.clone()],
        ..RowFilter::default()
    };
    wait_for_rows(&s, want.rows(&d).len()).await.unwrap();
    s.screenshot("kitchen-spurious").await;
    s.close().await;
}

#[tokio::test]
async fn a_filter_in_the_link_restricts_every_view() {
    let d = kitchen();
    let filter = RowFilter {
        split: Some("test".into()),
        group_correct: Some(false),
        ..RowFilter::default()
    };
    let mispredicted = filter.rows(&d).len();
    let s = Session::start().await.unwrap();
    s.open("/?demo=kitchen&view=rows&f_split=test&f_correct=no&b=0")
        .await
        .unwrap();
    wait_for_rows(&s, mispredicted).await.unwrap();
    // The pager's two buttons say what they do (a comparison in the markup once
    // printed its source code as the Next button's label); Next turns the page.
    assert!(mispredicted > 50, "{mispredicted} rows fit one page");
    assert_eq!(s.text(".pager").await.unwrap(), "Previous\nNext");
    s.click(".pager button:last-child").await.unwrap();
    s.until("the second page", || async {
        s.text("[data-testid=row-list]")
            .await
            .ok()?
            .contains("Rows 51–")
            .then_some(())
    })
    .await
    .unwrap();
    assert_eq!(
        s.client
            .find_all(Locator::Css("[data-testid=filter-chip]"))
            .await
            .unwrap()
            .len(),
        2
    );
    // The metrics say why they cannot be computed on test rows alone.
    s.click("#tab-overview").await.unwrap();
    let reason = s.text(".card .na-reason").await.unwrap();
    assert!(reason.contains("train and test"), "{reason}");
    // Removing the split chip brings the train rows back into the metrics.
    s.click("[data-testid=filter-chip] button").await.unwrap();
    let native = analyze(
        &d.filtered(&RowFilter {
            group_correct: Some(false),
            ..RowFilter::default()
        }),
        &kitchen_settings(),
    )
    .unwrap();
    let want = native.metrics.multi_mals.n_combinations;
    s.until("the metrics of the mispredicted rows", || async {
        (s.value("multi_mals.n_combinations").await.ok()? == want.to_string()).then_some(())
    })
    .await
    .unwrap();
    s.close().await;
}

#[tokio::test]
async fn tables_download_as_csv_charts_as_svg_and_png_and_the_analysis_as_json() {
    let d = kitchen();
    let native = analyze(&d, &kitchen_settings()).unwrap();
    let s = Session::start().await.unwrap();
    s.open("/?demo=kitchen&view=amplification&b=0")
        .await
        .unwrap();
    s.wait_for("svg.bars g.bar").await.unwrap();
    s.click("[aria-label='Cells'] [data-export=csv]")
        .await
        .unwrap();
    let csv = s.downloaded("cells.csv").await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].starts_with("combination,group,n_train,"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), native.cells.len() + 1);
    s.click("[data-testid=bar-chart] [data-export=svg]")
        .await
        .unwrap();
    let svg = s.downloaded("amplification-chart.svg").await.unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("xmlns=\"http://www.w3.org/2000/svg\""),
        "{}",
        &svg[..80.min(svg.len())]
    );
    assert_eq!(svg.matches("data-combination=").count(), 20);
    s.click("[data-testid=bar-chart] [data-export=png]")
        .await
        .unwrap();
    let png_path = s.downloads.0.join("amplification-chart.png");
    s.until("the PNG", || async {
        let bytes = std::fs::read(&png_path).ok()?;
        (bytes.len() > 1000 && bytes.starts_with(b"\x89PNG")).then_some(())
    })
    .await
    .unwrap();
    s.click("#tab-overview").await.unwrap();
    s.click("[data-export=json]").await.unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&s.downloaded("analysis.json").await.unwrap()).unwrap();
    assert_eq!(json, serde_json::to_value(&native).unwrap());
    s.close().await;
}

/// A file that states no minimum support opens at one chosen from its rows
/// (`docs/spec/metrics.md`, the suggested minimum support), and the rail says
/// why in the engine's words; a support the user types replaces it.
#[tokio::test]
async fn a_file_without_a_support_opens_at_one_chosen_from_its_rows() {
    let dir = biaslens_e2e::TempDir::new("support").unwrap();
    let path = dir.0.join("small.csv");
    let csv = demo::kitchen_csv(7, 800);
    std::fs::write(&path, &csv).unwrap();
    let (_, d) = load_with_defaults("small", "small.csv", csv.as_bytes()).unwrap();
    let chosen = biaslens_core::support::suggest_min_support(&d);
    assert!(chosen.support > 1, "{chosen:?}");
    let s = Session::start().await.unwrap();
    s.open("/").await.unwrap();
    s.open_file(&path, "small").await.unwrap();
    let want = CombinationSettings {
        min_support: chosen.support,
        ..CombinationSettings::default()
    };
    let n = analyze(&d, &want)
        .unwrap()
        .metrics
        .multi_mals
        .n_combinations;
    s.until("|M| at the chosen support", || async {
        (s.value("multi_mals.n_combinations").await.ok()? == n.to_string()).then_some(())
    })
    .await
    .unwrap();
    let why = s.text("[data-testid=support-why]").await.unwrap();
    assert_eq!(why, chosen.explain().unwrap());
    let shown: String = s
        .client
        .execute(
            "return document.querySelector('#min-support').value",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(shown, chosen.support.to_string());
    s.close().await;
}
