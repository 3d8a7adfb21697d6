//! End to end: the Probe tab (issue 20). The birds demo's probe in the browser
//! equals the native engine's, and flags the backgrounds; a concepts table picked
//! beside a file the user opened gives scikit-learn's weights; a bad concepts
//! table is refused with its line and the data set stays.

use std::path::Path;

use biaslens_core::demo::demo_probe;
use biaslens_core::probe::sap::{ProbeReport, ProbeSettings, ProbeTarget, DEFAULT_REFITS};
use biaslens_e2e::Session;

/// The birds demo's probe of the group, as the app runs it at its defaults.
fn birds_probe() -> ProbeReport {
    let settings = ProbeSettings {
        target: ProbeTarget::Group,
        refits: DEFAULT_REFITS,
        seed: 0,
    };
    demo_probe("birds", &settings).unwrap().1
}

fn close(a: &str, b: f64) -> bool {
    a.parse::<f64>().is_ok_and(|a| (a - b).abs() <= 1e-9)
}

#[tokio::test]
async fn the_birds_probe_equals_the_native_one_and_flags_the_backgrounds() {
    let native = birds_probe();

    let s = Session::start().await.unwrap();
    s.open("/?demo=birds&view=probe").await.unwrap();
    s.wait_for("[data-testid=probe-target][data-target=waterbird]")
        .await
        .unwrap();
    s.screenshot("probe-birds").await;
    for t in &native.targets {
        let section = format!("[data-testid=probe-target][data-target={}]", t.target);
        let said = s
            .text(&format!("{section} [data-testid=probe-spurious]"))
            .await
            .unwrap();
        for sp in &t.spurious {
            assert!(said.contains(&sp.concept), "{said}");
        }
        let cg = t.counter_group.as_ref().unwrap();
        let high = s
            .attr(
                &format!("{section} [data-metric='probe.accuracy_high']"),
                "data-value",
            )
            .await
            .unwrap();
        assert!(close(&high, cg.high.accuracy.unwrap()), "{high}");
        let gap = s
            .attr(
                &format!("{section} [data-metric='probe.gap']"),
                "data-value",
            )
            .await
            .unwrap();
        assert!(close(&gap, cg.gap.unwrap()), "{gap}");
    }
    let water = native
        .targets
        .iter()
        .find(|t| t.target == "waterbird")
        .unwrap();
    assert!(water
        .spurious
        .iter()
        .any(|sp| sp.concept == "water" && sp.stability >= Some(0.9)));
    // The table view holds every weight, as the engine computed it.
    s.click("[data-testid=probe] .chart-tools button[aria-pressed]")
        .await
        .unwrap();
    let first = &water.rows()[0];
    let css = format!(
        "[data-target=waterbird] tr[data-concept='{}'] [data-metric='probe.weight']",
        first.concept
    );
    let shown = s.attr(&css, "data-value").await.unwrap();
    assert!(close(&shown, first.weight), "{shown} vs {}", first.weight);
    s.close().await;
}

#[tokio::test]
async fn concepts_picked_beside_an_opened_file_give_scikit_learns_weights() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../data/probe")
        .canonicalize()
        .unwrap();
    let s = Session::start().await.unwrap();
    s.open("/").await.unwrap();
    s.open_file(&data.join("birds.csv"), "birds").await.unwrap();
    s.click("#tab-probe").await.unwrap();
    // No concepts yet: the view says what to add.
    let said = s
        .until("the view asking for concepts", || async {
            s.text("[data-testid=probe] .error").await.ok()
        })
        .await
        .unwrap();
    assert!(said.contains("no concepts"), "{said}");
    // A table with a line that names no target is refused, with its line.
    let bad = std::env::temp_dir().join(format!("bad-concepts-{}.csv", std::process::id()));
    std::fs::write(&bad, "concept,target,core\nwater,,false\n").unwrap();
    s.wait_for("#concepts-file")
        .await
        .unwrap()
        .send_keys(&bad.display().to_string())
        .await
        .unwrap();
    let error = s.load_error().await.unwrap();
    assert!(error.contains("line 2, column \"target\""), "{error}");
    std::fs::remove_file(&bad).unwrap();
    // The good table: the weights are scikit-learn's (data/probe/make.py, `birds`).
    let good = data.join("birds-concepts.csv");
    s.wait_for("#concepts-file")
        .await
        .unwrap()
        .send_keys(&good.display().to_string())
        .await
        .unwrap();
    s.wait_for("[data-testid=probe-target][data-target=waterbird]")
        .await
        .unwrap();
    s.click("[data-testid=probe] .chart-tools button[aria-pressed]")
        .await
        .unwrap();
    let water = s
        .attr(
            "[data-target=waterbird] tr[data-concept=water] [data-metric='probe.weight']",
            "data-value",
        )
        .await
        .unwrap();
    assert!(
        (water.parse::<f64>().unwrap() - 1.49687996305).abs() < 1e-6,
        "{water}"
    );
    let summary = s.text("[data-testid=probe-summary]").await.unwrap();
    assert!(summary.contains("the annotated attributes"), "{summary}");
    s.close().await;
}

/// The README's recipe in the app: rows opened from a file, their embeddings
/// added in the Embeddings tab, then the concepts table and its embeddings picked
/// together in the Probe tab: the probe reads cosines and equals the demo's.
#[tokio::test]
async fn embeddings_then_concepts_picked_in_the_app_give_the_demos_probe() {
    use biaslens_core::embeddings::npy::to_npy;
    use biaslens_core::synthetic::birds::{birds, BIRDS_DIM, BIRDS_ROWS, BIRDS_SEED};
    let dir = std::env::temp_dir().join(format!("biaslens-e2e-birds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let dir = dir.canonicalize().unwrap();
    let b = birds(BIRDS_SEED, BIRDS_ROWS, BIRDS_DIM);
    std::fs::write(dir.join("birds.csv"), &b.csv).unwrap();
    std::fs::write(dir.join("images.npy"), to_npy(&b.images)).unwrap();
    std::fs::write(dir.join("concepts.csv"), &b.concepts_csv).unwrap();
    std::fs::write(dir.join("concepts.npy"), to_npy(&b.concepts)).unwrap();
    let native = birds_probe();

    let s = Session::start().await.unwrap();
    s.open("/").await.unwrap();
    s.open_file(&dir.join("birds.csv"), "birds").await.unwrap();
    s.click("#tab-embeddings").await.unwrap();
    let images = dir.join("images.npy").display().to_string();
    s.wait_for("#embeddings-file")
        .await
        .unwrap()
        .send_keys(&images)
        .await
        .unwrap();
    s.wait_for("[data-testid=leakage]").await.unwrap();
    s.click("#tab-probe").await.unwrap();
    let both = format!(
        "{}\n{}",
        dir.join("concepts.csv").display(),
        dir.join("concepts.npy").display()
    );
    s.wait_for("#concepts-file")
        .await
        .unwrap()
        .send_keys(&both)
        .await
        .unwrap();
    let summary = s
        .until("the probe of the cosines", || async {
            let t = s.text("[data-testid=probe-summary]").await.ok()?;
            t.contains("cosine similarities").then_some(t)
        })
        .await
        .unwrap();
    assert!(summary.contains("from 7 concepts"), "{summary}");
    for t in &native.targets {
        let css = format!(
            "[data-testid=probe-target][data-target={}] [data-metric='probe.gap']",
            t.target
        );
        let gap = s.attr(&css, "data-value").await.unwrap();
        assert!(
            close(&gap, t.counter_group.as_ref().unwrap().gap.unwrap()),
            "{gap}"
        );
    }
    s.close().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The Slices tab on the birds demo: the worst slice is the engine's (the water
/// birds on land, every one of them wrong), worst first.
#[tokio::test]
async fn the_birds_worst_slice_is_the_engines() {
    use biaslens_core::demo::{demo_csv, demo_extras};
    use biaslens_core::load_with_defaults;
    use biaslens_core::probe::slices::{slices, SliceSettings, DEFAULT_COMPONENTS};
    let (csv, file) = demo_csv("birds").unwrap();
    let (_, d) = load_with_defaults("birds", &file, csv.as_bytes()).unwrap();
    let extras = demo_extras("birds", &d);
    let images = extras.embeddings.unwrap().1;
    let c = extras.concepts.unwrap();
    let texts = &c.files.embeddings.as_ref().unwrap().1;
    let settings = SliceSettings {
        target: ProbeTarget::Group,
        components: DEFAULT_COMPONENTS,
        seed: 0,
    };
    let native = slices(
        &d,
        &images,
        Some((&c.files.concepts, texts)),
        &settings,
        &mut |_| {},
    )
    .unwrap();

    let s = Session::start().await.unwrap();
    s.open("/?demo=birds&view=slices").await.unwrap();
    s.wait_for("[data-testid=slice][data-rank='1']")
        .await
        .unwrap();
    s.screenshot("slices-birds").await;
    for (i, want) in native.slices.iter().enumerate() {
        let css = format!(
            "[data-testid=slice][data-rank='{}'] [data-metric='slices.error_rate']",
            i + 1
        );
        let got = s.attr(&css, "data-value").await.unwrap();
        assert!(
            close(&got, want.error_rate),
            "slice {}: {got} vs {}",
            i + 1,
            want.error_rate
        );
    }
    let first = s.text("[data-testid=slice][data-rank='1']").await.unwrap();
    assert!(
        first.contains("waterbird") && first.contains("land"),
        "{first}"
    );
    s.close().await;
}
