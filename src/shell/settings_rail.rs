//! The settings rail: every control with a label and a one-line hint. Each one
//! writes a signal, and so the URL.

use biaslens_core::{Mode, Role};
use leptos::prelude::*;
use reactive_stores::Field;

use crate::query::QueryStoreFields;

use crate::query::{K_LIMIT, MAX_REPLICATES};
use crate::shell::filter_panel::FilterPanel;
use crate::state::AppState;

/// One labelled control with a hint.
#[component]
fn Setting(
    /// The control's id.
    id: &'static str,
    /// The label.
    label: &'static str,
    /// A one-line hint.
    hint: &'static str,
    children: Children,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <div class="setting">
            <label for=id>{label}</label>
            {children()}
            <p class="hint" id=hint_id>{hint}</p>
        </div>
    }
}

/// A `<select>` of sizes 1..=K_LIMIT bound to a setting.
#[component]
fn SizeSelect(id: &'static str, #[prop(into)] value: Field<usize>) -> impl IntoView {
    view! {
        <select
            id=id
            aria-describedby=format!("{id}-hint")
            on:change=move |ev| {
                if let Ok(k) = event_target_value(&ev).parse() {
                    value.set(k);
                }
            }
        >
            {(1..=K_LIMIT)
                .map(|k| {
                    view! {
                        <option value=k.to_string() selected=move || value.get() == k>
                            {k.to_string()}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

/// A number input showing `shown()`; `accept` parses and sets a typed value and
/// says whether it was valid (an invalid entry goes back to the value in force).
fn number_input(
    id: &'static str,
    min: &'static str,
    max: Option<&'static str>,
    step: &'static str,
    shown: impl Fn() -> String + Send + Sync + 'static,
    accept: impl Fn(&str) -> bool + 'static,
) -> impl IntoView {
    let shown = std::sync::Arc::new(shown);
    let current = std::sync::Arc::clone(&shown);
    view! {
        <input
            id=id
            type="number"
            min=min
            max=max
            step=step
            aria-describedby=format!("{id}-hint")
            prop:value=move || shown()
            on:change=move |ev| {
                if !accept(event_target_value(&ev).trim()) {
                    if let Some(input) = ev
                        .target()
                        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
                    {
                        input.set_value(&current());
                    }
                }
            }
        />
    }
}

/// The left rail of settings.
#[component]
pub fn SettingsRail() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Open where there is room beside the views: a window of 1,000 CSS px, or
    // 1,600 in Large text (a projector wants the chart, not the settings).
    let wide = window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .is_none_or(|w| {
            w >= if state.settings.present().get_untracked() {
                1600.0
            } else {
                1000.0
            }
        });
    let open = RwSignal::new(wide);
    let candidates = move || {
        state.loaded.with(|l| {
            l.as_ref()
                .map(|l| l.group_candidates.clone())
                .unwrap_or_default()
        })
    };
    let current_group = move || {
        state
            .results
            .analysis
            .get()
            .and_then(Result::ok)
            .map(|a| a.dataset.group_column.clone())
            .or_else(|| {
                state
                    .settings
                    .columns()
                    .with(|c| c.get(Role::Group).map(str::to_owned))
            })
            .unwrap_or_default()
    };
    // Why the minimum support in force was chosen, while it is the chosen one.
    let support_why = move || {
        if state.settings.min_support().get().is_some() {
            return None;
        }
        state
            .loaded
            .with(|l| l.as_ref()?.support_chosen.as_ref()?.explain())
    };
    view! {
        <aside class="rail" class:collapsed=move || !open.get() aria-label="Settings">
            <button
                class="rail-toggle"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {move || if open.get() { "Hide settings" } else { "Settings" }}
            </button>
            <div class="rail-body" class:hidden=move || !open.get()>
                <Setting id="group-column" label="Group column" hint="The protected attribute whose groups are compared.">
                    <select
                        id="group-column"
                        aria-describedby="group-column-hint"
                        on:change=move |ev| {
                            // A new group brings its own prediction column.
                            let group = event_target_value(&ev);
                            state.settings.columns().update(|c| {
                                c.set(Role::Group, &group);
                                c.clear(Role::PredGroup);
                            });
                        }
                    >
                        {move || {
                            let current = current_group();
                            candidates()
                                .into_iter()
                                .map(|c| {
                                    let selected = c == current;
                                    view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </Setting>
                <Setting id="mode" label="Combinations" hint="Subsets of the attributes, or the label sets seen in training (reference code).">
                    <select
                        id="mode"
                        aria-describedby="mode-hint"
                        on:change=move |ev| {
                            if let Some(m) = Mode::parse(&event_target_value(&ev)) {
                                state.settings.mode().set(m);
                            }
                        }
                    >
                        <option value="subsets" selected=move || state.settings.mode().get() == Mode::Subsets>"subsets"</option>
                        <option value="label_sets" selected=move || state.settings.mode().get() == Mode::LabelSets>"label sets"</option>
                    </select>
                </Setting>
                <Setting id="k-min" label="Smallest combination (k_min)" hint="1 includes single attributes.">
                    <SizeSelect id="k-min" value=state.settings.k_min() />
                </Setting>
                <Setting id="k-max" label="Largest combination (k_max)" hint="Subsets mode: pairs at 2, triples at 3.">
                    <SizeSelect id="k-max" value=state.settings.k_max() />
                </Setting>
                <Setting id="min-support" label="Minimum support" hint="Rows with the combination needed in train and in test.">
                    {number_input("min-support", "1", None, "1",
                        move || state.effective_min_support().to_string(),
                        move |v| v.parse::<u64>().ok().filter(|&s| s >= 1).map(|s| state.settings.min_support().set(Some(s))).is_some())}
                    {move || support_why().map(|why| view! { <p class="hint" data-testid="support-why">{why}</p> })}
                </Setting>
                <Setting id="threshold" label="Score threshold" hint="A predicted score at or above this counts as predicted.">
                    {number_input("threshold", "0", Some("1"), "0.05",
                        move || state.settings.threshold().get().to_string(),
                        move |v| v.parse::<f64>().ok().filter(|t| (0.0..=1.0).contains(t)).map(|t| state.settings.threshold().set(t)).is_some())}
                </Setting>
                <Setting id="replicates" label="Bootstrap resamples (B)" hint="Resamples of the test rows for 95% intervals; 0 turns them off.">
                    {number_input("replicates", "0", Some("100000"), "100",
                        move || state.settings.replicates().get().to_string(),
                        move |v| v.parse::<usize>().ok().filter(|&b| b <= MAX_REPLICATES).map(|b| state.settings.replicates().set(b)).is_some())}
                </Setting>
                <Setting id="seed" label="Bootstrap seed" hint="The same seed gives the same intervals, here and in the CLI.">
                    {number_input("seed", "0", None, "1",
                        move || state.settings.seed().get().to_string(),
                        move |v| v.parse::<u64>().ok().map(|s| state.settings.seed().set(s)).is_some())}
                </Setting>
                <FilterPanel />
            </div>
        </aside>
    }
}
