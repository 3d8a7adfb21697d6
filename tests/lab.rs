//! End to end: the bias lab's dials regenerate the data set in the browser and
//! move the metrics the way they should; the dials are in the link.

use biaslens_core::lab::{lab_csv, LabSettings};
use biaslens_core::{analyze, load_with_defaults, CombinationSettings};
use biaslens_e2e::Session;

/// Multi_MALS of the lab data natively, at the lab's suggested support.
fn native_mean(lab: LabSettings) -> f64 {
    let (_, d) = load_with_defaults("lab", "lab.csv", lab_csv(&lab).as_bytes()).unwrap();
    let settings = CombinationSettings {
        min_support: 20,
        ..CombinationSettings::default()
    };
    analyze(&d, &settings)
        .unwrap()
        .metrics
        .multi_mals
        .mean
        .unwrap()
}

#[tokio::test]
async fn the_lab_dials_move_the_metrics() {
    let s = Session::start().await.unwrap();
    s.open("/?demo=lab&lab_amp=0&b=0").await.unwrap();
    s.wait_for("[data-testid=lab]").await.unwrap();
    let calm = LabSettings {
        amplification: 0.0,
        ..LabSettings::default()
    };
    let before: f64 = s.value("multi_mals.mean").await.unwrap().parse().unwrap();
    assert!((before - native_mean(calm)).abs() <= 1e-9, "{before}");
    // Drag amplification up: the label follows the pointer before the release.
    s.client
        .execute(
            r#"const d = document.querySelector('#lab-amp');
               d.value = '0.7'; d.dispatchEvent(new Event('input', { bubbles: true }));"#,
            vec![],
        )
        .await
        .unwrap();
    s.until("the dial's label while dragging", || async {
        let label = s.text("label[for=lab-amp] output").await.ok()?;
        (label == "0.70").then_some(())
    })
    .await
    .unwrap();
    // Let go at the top.
    s.client
        .execute(
            r#"const d = document.querySelector('#lab-amp');
               d.value = '1'; d.dispatchEvent(new Event('change', { bubbles: true }));"#,
            vec![],
        )
        .await
        .unwrap();
    let want = native_mean(LabSettings {
        amplification: 1.0,
        ..calm
    });
    assert!(
        want > before,
        "amplification raises Multi_MALS: {before} -> {want}"
    );
    s.until("Multi_MALS of the amplified lab", || async {
        let got: f64 = s.value("multi_mals.mean").await.ok()?.parse().ok()?;
        ((got - want).abs() <= 1e-9).then_some(())
    })
    .await
    .unwrap();
    let url = s.url().await;
    assert!(url.contains("lab_amp=1"), "{url}");
    s.screenshot("lab").await;
    // Back: the dial and the data set go back with the link.
    s.client.back().await.unwrap();
    s.until("Multi_MALS of the calm lab again", || async {
        let got: f64 = s.value("multi_mals.mean").await.ok()?.parse().ok()?;
        ((got - before).abs() <= 1e-9).then_some(())
    })
    .await
    .unwrap();
    assert!(s.url().await.contains("lab_amp=0"), "{}", s.url().await);
    s.close().await;
}

#[tokio::test]
async fn the_selected_combination_shows_its_formulas_with_its_counts() {
    let s = Session::start().await.unwrap();
    s.open("/?demo=kitchen&view=amplification&select=laundry%7Csink&b=0")
        .await
        .unwrap();
    let (csv, file) = biaslens_core::demo::demo_csv("kitchen").unwrap();
    let (_, d) = load_with_defaults("kitchen", &file, csv.as_bytes()).unwrap();
    let settings = CombinationSettings {
        min_support: 30,
        ..CombinationSettings::default()
    };
    let a = analyze(&d, &settings).unwrap();
    let cell = a
        .cells
        .iter()
        .find(|c| c.combination == ["laundry", "sink"] && c.group == "woman")
        .unwrap();
    let step = s
        .wait_for("[data-testid=explain] [data-group=woman] [data-testid=explain-delta]")
        .await
        .unwrap();
    let shown: f64 = step
        .attr("data-value")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    assert!((shown - cell.delta.unwrap()).abs() <= 1e-12, "{shown}");
    // The counts behind it are spelled out.
    let text = s
        .text("[data-testid=explain] [data-group=woman]")
        .await
        .unwrap();
    let train = format!("{} / {}", cell.n_train, cell.n_train_combination);
    let pred = format!("{} / {}", cell.n_pred, cell.n_pred_combination);
    assert!(text.contains(&train) && text.contains(&pred), "{text}");
    // Multi→ G→M is written as one line, "P(…) − P(…) = a/n − b/n = x − y = r",
    // with typographic minus signs only.
    let line = s
        .text("[data-testid=explain] [data-group=woman] [data-testid=explain-difference]")
        .await
        .unwrap();
    let fractions = format!(
        "P(m ⊆ â | woman) − P(m ⊆ a | woman) = {}/{} − {}/{} = ",
        cell.n_pred_attr_true_group, cell.n_test_group, cell.n_test, cell.n_test_group
    );
    let rest = line
        .strip_prefix(&fractions)
        .unwrap_or_else(|| panic!("{line}"));
    let (values, result) = rest.split_once(" = ").unwrap_or_else(|| panic!("{line}"));
    assert_eq!(values.split(" − ").count(), 2, "{line}");
    assert!(!line.contains('-'), "{line}");
    let r: f64 = result.replace('−', "-").parse().unwrap();
    assert!((r - cell.delta_g_to_m.unwrap()).abs() < 5e-3, "{line}");
    s.screenshot("explain").await;
    s.close().await;
}

#[tokio::test]
async fn large_text_is_a_setting_in_the_link() {
    let s = Session::start().await.unwrap();
    s.open("/?demo=toy&present=1&b=0").await.unwrap();
    s.wait_for("[data-testid=summary]").await.unwrap();
    let size = |s: &Session| {
        let client = s.client.clone();
        async move {
            client
                .execute(
                    "return getComputedStyle(document.documentElement).fontSize",
                    vec![],
                )
                .await
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    assert_eq!(size(&s).await, "22px");
    s.screenshot("present").await;
    // The toggle is a button with its state said; pressing it goes back.
    let pressed = s
        .attr("[data-testid=present]", "aria-pressed")
        .await
        .unwrap();
    assert_eq!(pressed, "true");
    s.click("[data-testid=present]").await.unwrap();
    s.until("present gone from the URL", || async {
        (!s.url().await.contains("present=1")).then_some(())
    })
    .await
    .unwrap();
    assert_eq!(size(&s).await, "15px");
    s.close().await;
}
