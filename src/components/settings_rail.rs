//! The settings rail: every control with a label and a one-line hint. Each one
//! writes a signal, and so the URL.

use biaslens_core::Mode;
use leptos::prelude::*;

use crate::state::AppState;

/// The largest k offered: the number of combinations grows quickly past it.
const K_LIMIT: usize = 5;

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

/// A `<select>` of sizes 1..=K_LIMIT bound to a signal.
#[component]
fn SizeSelect(id: &'static str, value: RwSignal<usize>) -> impl IntoView {
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

/// The left rail of settings.
#[component]
pub fn SettingsRail() -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = RwSignal::new(true);
    let candidates = move || {
        state.loaded.with(|l| {
            l.as_ref()
                .map(|l| l.group_candidates.clone())
                .unwrap_or_default()
        })
    };
    let current_group = move || {
        state
            .analysis
            .get()
            .and_then(Result::ok)
            .map(|a| a.dataset.group_column.clone())
            .or_else(|| state.group.get())
            .unwrap_or_default()
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
                        on:change=move |ev| state.group.set(Some(event_target_value(&ev)))
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
                                state.mode.set(m);
                            }
                        }
                    >
                        <option value="subsets" selected=move || state.mode.get() == Mode::Subsets>"subsets"</option>
                        <option value="label_sets" selected=move || state.mode.get() == Mode::LabelSets>"label sets"</option>
                    </select>
                </Setting>
                <Setting id="k-min" label="Smallest combination (k_min)" hint="1 includes single attributes.">
                    <SizeSelect id="k-min" value=state.k_min />
                </Setting>
                <Setting id="k-max" label="Largest combination (k_max)" hint="Subsets mode: pairs at 2, triples at 3.">
                    <SizeSelect id="k-max" value=state.k_max />
                </Setting>
                <Setting id="min-support" label="Minimum support" hint="Rows with the combination needed in train and in test.">
                    <input
                        id="min-support"
                        type="number"
                        min="1"
                        step="1"
                        aria-describedby="min-support-hint"
                        prop:value=move || state.effective_min_support().to_string()
                        on:change=move |ev| {
                            match event_target_value(&ev).trim().parse::<u64>() {
                                Ok(s) if s >= 1 => state.min_support.set(Some(s)),
                                _ => state.min_support.set(state.min_support.get_untracked()),
                            }
                        }
                    />
                </Setting>
                <Setting id="threshold" label="Score threshold" hint="A predicted score at or above this counts as predicted.">
                    <input
                        id="threshold"
                        type="number"
                        min="0"
                        max="1"
                        step="0.05"
                        aria-describedby="threshold-hint"
                        prop:value=move || state.threshold.get().to_string()
                        on:change=move |ev| {
                            match event_target_value(&ev).trim().parse::<f64>() {
                                Ok(t) if (0.0..=1.0).contains(&t) => state.threshold.set(t),
                                _ => state.threshold.set(state.threshold.get_untracked()),
                            }
                        }
                    />
                </Setting>
            </div>
        </aside>
    }
}
