//! The filter every view is restricted to: split, group, whether the group was
//! predicted correctly, and attributes added from a selection, shown as removable
//! chips.

use biaslens_core::filter::RowFilter;
use leptos::prelude::*;

use crate::query::QueryStoreFields;

use crate::state::AppState;

/// A `<select>` with "any" and the given values, bound to one filter field.
fn choice(
    id: &'static str,
    values: Signal<Vec<String>>,
    get: impl Fn(&RowFilter) -> Option<String> + Copy + Send + Sync + 'static,
    set: impl Fn(&mut RowFilter, Option<String>) + Copy + 'static,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <select
            id=id
            aria-describedby=format!("{id}-hint")
            on:change=move |ev| {
                let v = event_target_value(&ev);
                state.settings.filter().update(|f| set(f, (!v.is_empty()).then_some(v)));
            }
        >
            {move || {
                let current = state.settings.filter().with(get).unwrap_or_default();
                let mut options = vec![view! { <option value="" selected=current.is_empty()>"any"</option> }.into_any()];
                let mut values = values.get();
                if !current.is_empty() && !values.contains(&current) {
                    values.push(current.clone());
                }
                options.extend(values.into_iter().map(|v| {
                    let selected = v == current;
                    view! { <option value=v.clone() selected=selected>{v.clone()}</option> }.into_any()
                }));
                options
            }}
        </select>
    }
}

/// The filter's conditions as chips, each with a button that removes it
/// (`testid` names the chips, so that the rail's and the header's differ).
#[component]
pub fn FilterChips(testid: &'static str) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state
            .settings
            .filter()
            .get()
            .describe()
            .into_iter()
            .map(|(key, text)| {
                view! {
                    <span class="chip" data-testid=testid>
                        {text.clone()}
                        <button
                            aria-label=format!("Remove the filter {text}")
                            title="Remove this condition"
                            on:click=move |_| state.settings.filter().update(|f| *f = f.without(key))
                        >
                            "×"
                        </button>
                    </span>
                }
            })
            .collect_view()
    }
}

/// The filter controls and chips.
#[component]
pub fn FilterPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let summary = Memo::new(move |_| {
        state
            .results
            .analysis
            .get()
            .and_then(Result::ok)
            .map(|a| a.unfiltered.clone())
    });
    let splits = Signal::derive(move || {
        summary.with(|s| {
            s.as_ref()
                .map(|s| s.splits.keys().cloned().collect())
                .unwrap_or_default()
        })
    });
    let groups = Signal::derive(move || {
        summary.with(|s| {
            s.as_ref()
                .map(|s| s.groups.keys().cloned().collect())
                .unwrap_or_default()
        })
    });
    let correctness = Signal::derive(|| vec!["correct".to_owned(), "mispredicted".to_owned()]);
    view! {
        <fieldset class="filter-panel">
            <legend>"Filter (every view)"</legend>
            <div class="setting">
                <label for="filter-split">"Split"</label>
                {choice("filter-split", splits, |f| f.split.clone(), |f, v| f.split = v)}
                <p class="hint" id="filter-split-hint">"Only rows of this split (metrics need train and test)."</p>
            </div>
            <div class="setting">
                <label for="filter-group">"Group"</label>
                {choice("filter-group", groups, |f| f.group.clone(), |f, v| f.group = v)}
                <p class="hint" id="filter-group-hint">"Only rows of this ground-truth group."</p>
            </div>
            <div class="setting">
                <label for="filter-correct">"Group prediction"</label>
                {choice(
                    "filter-correct",
                    correctness,
                    |f| f.group_correct.map(|c| if c { "correct" } else { "mispredicted" }.to_owned()),
                    |f, v| f.group_correct = v.map(|v| v == "correct"),
                )}
                <p class="hint" id="filter-correct-hint">"Only rows whose group the model got right, or wrong."</p>
            </div>
            <div class="chips" aria-live="polite"><FilterChips testid="filter-chip" /></div>
            <Show when=move || !state.settings.filter().with(RowFilter::is_empty)>
                <button class="link" on:click=move |_| state.settings.filter().set(RowFilter::default())>"Clear the filter"</button>
            </Show>
        </fieldset>
    }
}
