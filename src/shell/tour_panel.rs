//! The guided tour of a demo: a strip above the tabs with the current step's
//! title and text and Back / Next / Close. Each step opens its view (and selects
//! what it talks about); the step is in the URL (`tour=N`), so a teacher's link
//! can open the lesson at any step.

use leptos::prelude::*;

use crate::query::QueryStoreFields;

use crate::query::Source;
use crate::state::AppState;
use crate::tour::{tour, Step};

/// The tour strip, or a button that starts the tour, when a demo is loaded.
#[component]
pub fn TourPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let steps = move || -> &'static [Step] {
        match state.settings.source().get() {
            Some(Source::Demo(name)) => tour(&name),
            _ => &[],
        }
    };
    // Opens step `n` (from 1): its view, selection and target; 0 closes the tour.
    let go = move |n: usize| {
        let all = steps();
        if let Some(s) = n.checked_sub(1).and_then(|i| all.get(i)) {
            state.settings.view().set(s.view);
            if let Some((names, group)) = s.select {
                state
                    .settings
                    .selected()
                    .set(Some(names.iter().map(|n| (*n).to_owned()).collect()));
                state.settings.selected_group().set(Some(group.to_owned()));
            }
            if let Some(t) = s.target {
                state.settings.target().set(Some(t.to_owned()));
            }
        }
        state.settings.tour().set(n.min(all.len()));
    };
    let current = move || {
        let n = state.settings.tour().get();
        n.checked_sub(1).and_then(|i| steps().get(i)).copied()
    };
    let count = move || steps().len();
    let at = move || state.settings.tour().get().min(count());
    view! {
        <Show when=move || !steps().is_empty()>
            <Show
                when=move || current().is_some()
                fallback=move || view! {
                    <p class="tour-start">
                        <button class="toggle" data-testid="tour-start" on:click=move |_| go(1)>
                            {move || format!("Guided tour ({} steps)", count())}
                        </button>
                    </p>
                }
            >
                <section class="tour" aria-label="Guided tour" aria-live="polite" data-testid="tour">
                    <p class="tour-count">{move || format!("Guided tour · step {} of {}", at(), count())}</p>
                    <h2 class="tour-title">{move || current().map(|s| s.title)}</h2>
                    <p class="tour-text">{move || current().map(|s| s.text)}</p>
                    <div class="tour-buttons">
                        <button
                            class="toggle"
                            data-testid="tour-back"
                            disabled=move || at() <= 1
                            on:click=move |_| go(at().saturating_sub(1).max(1))
                        >
                            "Back"
                        </button>
                        <button
                            class="toggle"
                            data-testid="tour-next"
                            on:click=move |_| if at() < count() { go(at() + 1) } else { go(0) }
                        >
                            {move || if at() < count() { "Next" } else { "Finish" }}
                        </button>
                        <button class="toggle" data-testid="tour-close" on:click=move |_| go(0)>
                            "Close the tour"
                        </button>
                    </div>
                </section>
            </Show>
        </Show>
    }
}
