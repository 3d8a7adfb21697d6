//! Component tests in headless Chromium (`wasm-bindgen-test`): each component
//! mounted on its own, given an analysis computed by the engine, and read back
//! from the DOM.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use biaslens_core::metrics::headline::Quantity;
use biaslens_core::{analyze, demo, load_with_defaults, CombinationSettings};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

use crate::charts::bar_chart::BarChart;
use crate::query::Query;
use crate::state::{AppState, Computed, Shared};
use crate::views::overview::MetricsPanel;
use crate::widgets::number::Num;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the page to mount into.
fn host() -> web_sys::HtmlElement {
    let document = document();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn toy() -> Shared<Computed> {
    let (csv, file) = demo::demo_csv("toy").unwrap();
    let (_, d) = load_with_defaults("toy", &file, csv.as_bytes()).unwrap();
    let analysis = analyze(&d, &CombinationSettings::default()).unwrap();
    Shared(Arc::new(Computed {
        analysis,
        unfiltered: d.summary(),
        millis: 0.0,
    }))
}

fn attribute(root: &web_sys::HtmlElement, css: &str, name: &str) -> Option<String> {
    root.query_selector(css).unwrap()?.get_attribute(name)
}

#[wasm_bindgen_test]
fn a_number_shows_three_digits_and_keeps_the_full_value() {
    let root = host();
    let el = root.clone();
    let handle = leptos::mount::mount_to(el, || {
        view! {
            <Num metric="x.defined".into() value=Some(1.0 / 6.0) />
            <Num metric="x.undefined".into() value=None reason=Some("needs predicted groups".into()) />
            <Num metric="x.counted".into() value=Some(0.25) from=Some("1/4".into()) />
        }
    });
    let defined = root
        .query_selector("[data-metric='x.defined']")
        .unwrap()
        .unwrap();
    assert_eq!(defined.text_content().unwrap(), "0.167");
    assert_eq!(
        defined.get_attribute("data-value").unwrap(),
        "0.16666666666666666"
    );
    let undefined = root
        .query_selector("[data-metric='x.undefined']")
        .unwrap()
        .unwrap();
    assert_eq!(undefined.text_content().unwrap(), "—");
    assert_eq!(undefined.get_attribute("data-value").unwrap(), "");
    assert!(undefined
        .get_attribute("title")
        .unwrap()
        .contains("predicted groups"));
    drop(handle);
}

#[wasm_bindgen_test]
fn the_metrics_panel_shows_every_engine_value() {
    let root = host();
    let a = toy();
    let expected = serde_json::to_value(&a.metrics).unwrap();
    let floors: Vec<(Quantity, Option<f64>, Option<f64>)> = Quantity::FLOORED
        .iter()
        .map(|&q| (q, a.perfect_value(q), a.model_minus_perfect(q)))
        .collect();
    let el = root.clone();
    let handle = leptos::mount::mount_to(el, move || {
        provide_context(AppState::new(&Query::default()).0);
        view! { <MetricsPanel analysis=a /> }
    });
    let mut compared = 0;
    for (metric, fields) in expected.as_object().unwrap() {
        for (field, value) in fields.as_object().unwrap() {
            let Some(want) = value.as_f64() else { continue };
            let css = format!("[data-metric='{metric}.{field}']");
            let got: f64 = attribute(&root, &css, "data-value")
                .unwrap()
                .parse()
                .unwrap();
            assert_eq!(got, want, "{css}");
            compared += 1;
        }
    }
    assert_eq!(compared, 14);
    // Beside each MALS-type number: the perfect model's value and what the model adds.
    for (q, perfect, adds) in floors {
        let (object, field) = q.location();
        let read = |css: String| -> f64 {
            attribute(&root, &css, "data-value")
                .unwrap()
                .parse()
                .unwrap()
        };
        assert_eq!(
            Some(read(format!(
                "[data-metric='perfect_model.{object}.{field}']"
            ))),
            perfect
        );
        assert_eq!(
            Some(read(format!(
                "[data-metric='model_minus_perfect.{}']",
                q.key()
            ))),
            adds
        );
    }
    let text = root.text_content().unwrap();
    assert!(text.contains("Never predicted"), "{text}");
    assert!(text.contains("a1 + a2"), "{text}");
    drop(handle);
}

/// Lets Leptos run the effects a change scheduled.
async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[wasm_bindgen_test]
async fn a_bar_is_a_focusable_button_that_selects_its_combination() {
    let root = host();
    let a = toy();
    let el = root.clone();
    let handle = leptos::mount::mount_to(el, move || {
        provide_context(AppState::new(&Query::default()).0);
        view! { <BarChart analysis=a /> }
    });
    let bars = root.query_selector_all("g.bar").unwrap();
    assert_eq!(bars.length(), 5);
    let first: web_sys::Element = bars.item(0).unwrap().unchecked_into();
    assert_eq!(first.get_attribute("tabindex").unwrap(), "0");
    // Its name starts with what it shows (label and what the model adds),
    // then the details: Δ beside a perfect model's Δ, and the counts.
    let name = first.get_attribute("aria-label").unwrap();
    assert!(
        name.starts_with(
            "a0 + a1 (man) 0.333: a0 + a1 — man: adds 0.333; Δ = 0.333, a perfect model's Δ = 0 ("
        ),
        "{name}"
    );
    // The tooltip is an SVG <title>, not an HTML element.
    let title = first.query_selector("title").unwrap().unwrap();
    assert_eq!(title.namespace_uri().unwrap(), "http://www.w3.org/2000/svg");
    let click = web_sys::MouseEvent::new("click").unwrap();
    first.dispatch_event(&click).unwrap();
    tick().await;
    assert!(first.class_list().contains("selected"));
    // A second click clears the selection.
    first.dispatch_event(&click).unwrap();
    tick().await;
    assert!(!first.class_list().contains("selected"));
    drop(handle);
}

/// The statistics that use transcendental functions (ln, exp, erfc) give, in
/// WebAssembly, the values hand-computed for the native tests.
#[wasm_bindgen_test]
fn association_statistics_match_the_native_hand_computed_values() {
    use biaslens_core::metrics::association::TwoByTwo;
    let a = TwoByTwo {
        n11: 10,
        n10: 20,
        n01: 30,
        n00: 40,
    }
    .association();
    let close = |x: f64, y: f64| (x - y).abs() < 1e-12;
    assert!(close(a.chi2_p.unwrap(), 0.372_998_483_613_487_14));
    assert!(close(a.pmi.unwrap().as_f64(), (5.0f64 / 6.0).ln()));
    assert!(close(a.odds_ratio.unwrap(), 2.0 / 3.0));
}

/// A bootstrap replicate's resampling draws the same rows in WebAssembly as natively
/// (the native test `bootstrap::weights_sum_to_n_and_are_seeded` pins the same stream).
#[wasm_bindgen_test]
fn resampling_is_the_same_stream_as_natively() {
    use biaslens_core::bootstrap::resample_weights;
    let w = resample_weights(10, 0, 0);
    assert_eq!(w.iter().sum::<u32>(), 10);
    assert_eq!(w, [1, 1, 0, 0, 1, 2, 2, 2, 1, 0]);
}

/// After a bug stops the app, a message covers the page with a link that reloads
/// the same address (the settings live there), shown once, text only.
#[wasm_bindgen_test]
fn the_recovery_message_reloads_the_same_address() {
    crate::crash::show_recovery("panicked at <b>src/x.rs</b>");
    crate::crash::show_recovery("a second panic");
    let document = document();
    let panels = document.query_selector_all("#crash").unwrap();
    assert_eq!(panels.length(), 1);
    let panel = document.get_element_by_id("crash").unwrap();
    assert_eq!(panel.get_attribute("role").as_deref(), Some("alert"));
    let link = panel.query_selector("a").unwrap().unwrap();
    assert_eq!(
        link.get_attribute("href"),
        Some(window().location().href().unwrap())
    );
    let detail = panel.query_selector("pre").unwrap().unwrap();
    assert_eq!(
        detail.text_content().as_deref(),
        Some("panicked at <b>src/x.rs</b>")
    );
    assert!(panel.query_selector("b").unwrap().is_none());
    panel.remove();
}
