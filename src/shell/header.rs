//! The header: the data set's name and size, the stand-ins in use, the data menu
//! (demos, open file) and the Copy link button.

use biaslens_core::demo::DEMOS;
use biaslens_core::filter::RowFilter;
use leptos::prelude::*;

use crate::query::QueryStoreFields;

use crate::engine::Engine;
use crate::format::thousands;
use crate::shell::file_picker::FilePicker;
use crate::shell::filter_panel::FilterChips;
use crate::shell::kept_line::KeptLine;
use crate::state::{AppState, Computed, Shared};

/// "kitchen — 5,000 rows, 2 groups, 24 attributes, train 3,000 / test 2,000".
fn describe(s: &biaslens_core::dataset::DatasetSummary) -> String {
    let split = |name: &str| s.splits.get(name).copied().unwrap_or(0) as u64;
    let splits = if s.single_split {
        "no split column: one split serves as train and test".to_owned()
    } else {
        let mut text = format!(
            "train {} / test {}",
            thousands(split("train")),
            thousands(split("test"))
        );
        let other: u64 = s
            .splits
            .iter()
            .filter(|(k, _)| *k != "train" && *k != "test")
            .map(|(_, v)| *v as u64)
            .sum();
        if other > 0 {
            text.push_str(&format!(" / other {} (ignored)", thousands(other)));
        }
        text
    };
    let plural = |n: usize, one: &str| {
        format!(
            "{} {one}{}",
            thousands(n as u64),
            if n == 1 { "" } else { "s" }
        )
    };
    let mut out = format!(
        "{}, {} ({}), {}, {splits}",
        plural(s.rows, "row"),
        plural(s.groups.len(), "group"),
        s.group_column,
        plural(s.n_attributes, "attribute")
    );
    if s.rows_without_group > 0 {
        out.push_str(&format!(
            ", {} rows without a group",
            thousands(s.rows_without_group as u64)
        ));
    }
    out
}

/// The page header.
#[component]
pub fn Header() -> impl IntoView {
    let state = expect_context::<AppState>();
    let engine = expect_context::<Engine>();
    // What the Copy link button says: its label, or how the last copy went.
    let copy_label = RwSignal::new("Copy link");
    let copy_link = move |_| {
        let Ok(href) = window().location().href() else {
            return;
        };
        let promise = window().navigator().clipboard().write_text(&href);
        leptos::task::spawn_local(async move {
            let done = wasm_bindgen_futures::JsFuture::from(promise).await;
            copy_label.set(if done.is_ok() {
                "Link copied"
            } else {
                "Copy failed: copy the address bar"
            });
            // The message fades after a few seconds.
            set_timeout(
                move || copy_label.set("Copy link"),
                std::time::Duration::from_secs(3),
            );
        });
    };
    // What a manifest says about the data set: shown as text, never as markup.
    let about = move || {
        state.loaded.with(|l| l.as_ref().and_then(|l| l.about.clone())).map(|m| {
            let facts: Vec<String> = [
                m.license.as_ref().map(|l| format!("License: {l}")),
                m.source.as_ref().map(|s| format!("Source: {s}")),
            ]
            .into_iter()
            .flatten()
            .collect();
            view! {
                <details class="about" data-testid="about">
                    <summary>"About this data set"</summary>
                    {m.description.clone().map(|d| view! { <p>{d}</p> })}
                    {(!facts.is_empty()).then(|| view! { <p class="facts">{facts.join(" · ")}</p> })}
                </details>
            }
        })
    };
    // The last analysis that succeeded, for the data set on screen: the header
    // keeps its name and size while a settings error shows, and forgets them
    // when another data set is installed.
    let last_good = RwSignal::new(None::<Shared<Computed>>);
    Effect::new(move |_| {
        state.loaded.track();
        last_good.set(None);
    });
    Effect::new(move |_| {
        if let Some(Ok(a)) = state.results.analysis.get() {
            last_good.set(Some(a));
        }
    });
    let summary = move || {
        let Some(a) = last_good.get() else {
            // Refused settings before any analysis of this data set: its name.
            if !matches!(state.results.analysis.get(), Some(Err(_))) {
                return None;
            }
            return state
                .loaded
                .with(|l| l.as_ref().map(|l| l.name.clone()))
                .map(|name| {
                    view! {
                        <p class="summary" data-testid="summary">
                            <strong class="dataset-name">{name}</strong>
                        </p>
                    }
                    .into_any()
                });
        };
        let s = a.unfiltered.clone();
        let stand_ins = s.stand_ins.describe().join("; ");
        let filtered = (!state.settings.filter().with(|f| f.is_empty()))
            .then(|| format!("Filtered to {} rows:", thousands(a.dataset.rows as u64)));
        let counts = state.loaded.with(|l| l.as_ref().and_then(|l| l.counts));
        Some(
            view! {
                <p class="summary" data-testid="summary">
                    <strong class="dataset-name">{s.name.clone()}</strong>
                    " — "
                    {describe(&s)}
                </p>
                {counts.map(|c| view! {
                    <p class="counts-only" data-testid="counts-only">
                        {format!(
                            "Opened from counts (combinations of up to {} attributes, minimum support {} or more): the Overview, Amplification and Co-occurrence views work from counts; Spurious, Rows, Embeddings, filters and bootstrap intervals need rows.",
                            c.k_max, c.min_support_floor
                        )}
                    </p>
                })}
                {about()}
                {(!stand_ins.is_empty()).then(|| view! { <p class="stand-ins">{stand_ins}</p> })}
                {filtered.map(|f| view! {
                    <p class="filtered" data-testid="filtered">
                        {f}
                        " "
                        <FilterChips testid="header-chip" />
                        <button class="link" on:click=move |_| state.settings.filter().set(RowFilter::default())>
                            "Clear the filter"
                        </button>
                    </p>
                })}
            }
            .into_any(),
        )
    };
    view! {
        <header class="header">
            <div class="brand">
                <h1>"biaslens"</h1>
                <span class="tagline">"Does this model amplify the biases in its data?"</span>
            </div>
            <div class="header-data">{summary}<KeptLine /></div>
            <nav class="data-menu" aria-label="Data">
                <span class="menu-label">"Demos:"</span>
                {DEMOS
                    .iter()
                    .map(|d| {
                        let name = d.name;
                        view! {
                            <button class="demo-button" title=d.description on:click=move |_| engine.load_demo(name, false)>
                                {name}
                            </button>
                        }
                    })
                    .collect_view()}
                <FilePicker id="file-header" />
                <button
                    class="toggle"
                    aria-pressed=move || state.settings.present().get().to_string()
                    class:active=move || state.settings.present().get()
                    title="Large text, readable on a projector"
                    data-testid="present"
                    on:click=move |_| state.settings.present().update(|p| *p = !*p)
                >
                    "Large text"
                </button>
                <Show when=move || state.loaded.with(Option::is_some)>
                    <button class="primary" on:click=copy_link title="Copy a link that reproduces this screen">
                        {move || copy_label.get()}
                    </button>
                </Show>
            </nav>
        </header>
    }
}
