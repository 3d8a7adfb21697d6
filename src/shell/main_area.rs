//! The main area: the tour and lab panels, the tabs (each its own URL state),
//! the working lines, and the open view (`views`).

use leptos::prelude::*;

use crate::query::QueryStoreFields;

use crate::query::View;
use crate::shell::lab_panel::LabPanel;
use crate::shell::tour_panel::TourPanel;
use crate::state::AppState;
use crate::views::CurrentView;
use crate::widgets::interval::BootstrapWorking;
use crate::widgets::progress::Working;

/// Tabs and the open view.
#[component]
pub fn MainArea() -> impl IntoView {
    let state = expect_context::<AppState>();
    let tabs = View::ALL
        .into_iter()
        .map(|v| {
            view! {
                <button
                    role="tab"
                    id=format!("tab-{}", v.as_str())
                    aria-selected=move || (state.settings.view().get() == v).to_string()
                    tabindex=move || if state.settings.view().get() == v { "0" } else { "-1" }
                    class:active=move || state.settings.view().get() == v
                    on:click=move |_| state.settings.view().set(v)
                >
                    {v.label()}
                </button>
            }
        })
        .collect_view();
    // When the tabs do not fit (a narrow window, Large text) they scroll: the
    // open one is brought to the middle of the strip (without scrolling the page).
    let strip = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let v = state.settings.view().get();
        let Some(strip) = strip.get() else { return };
        let Some(tab) = document().get_element_by_id(&format!("tab-{}", v.as_str())) else {
            return;
        };
        let Ok(tab) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(tab) else {
            return;
        };
        let middle = tab.offset_left()
            - strip.offset_left()
            - (strip.client_width() - tab.offset_width()) / 2;
        strip.set_scroll_left(middle.max(0));
    });
    // Arrow keys move between tabs (the WAI-ARIA tabs pattern), Home/End to the ends.
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let all = View::ALL;
        let at = all
            .iter()
            .position(|v| *v == state.settings.view().get_untracked())
            .unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" => (at + 1) % all.len(),
            "ArrowLeft" => (at + all.len() - 1) % all.len(),
            "Home" => 0,
            "End" => all.len() - 1,
            _ => return,
        };
        ev.prevent_default();
        if let Some(v) = all.get(next) {
            state.settings.view().set(*v);
            if let Some(tab) = document().get_element_by_id(&format!("tab-{}", v.as_str())) {
                if let Ok(tab) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(tab) {
                    let _ = tab.focus();
                }
            }
        }
    };
    view! {
        <main class="main">
            <TourPanel />
            <LabPanel />
            <div class="tabs" role="tablist" aria-label="Views" node_ref=strip on:keydown=on_key>{tabs}</div>
            <Working />
            <BootstrapWorking />
            <section class="view" role="tabpanel" class:stale=move || state.results.working.with(Option::is_some)>
                <CurrentView />
            </section>
        </main>
    }
}
