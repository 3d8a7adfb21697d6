//! The root component: state from the URL, the URL from the state, and the three
//! regions of the screen.

use leptos::prelude::*;

use crate::query::QueryStoreFields;

use crate::engine::Engine;
use crate::query::{Query, Source};
use crate::shell::bench_page::BenchPage;
use crate::shell::column_panel::ColumnPanel;
use crate::shell::header::Header;
use crate::shell::landing::Landing;
use crate::shell::main_area::MainArea;
use crate::shell::settings_rail::SettingsRail;
use crate::state::AppState;

fn current_search() -> String {
    window().location().search().unwrap_or_default()
}

/// Whether a query string says which view to show (`view=`).
fn names_view(search: &str) -> bool {
    web_sys::UrlSearchParams::new_with_str(search).is_ok_and(|p| p.has("view"))
}

/// Loads the data set a query names, when it is not the one already loaded.
fn follow(state: AppState, engine: Engine, q: &Query) {
    let loaded_source = state
        .loaded
        .with_untracked(|l| l.as_ref().map(|l| l.source.clone()));
    // The same data set, unless it is the lab generated with other dials.
    let same_lab = q.source != Some(Source::Demo("lab".into())) || engine.held_lab() == Some(q.lab);
    if q.source == loaded_source && same_lab {
        return;
    }
    match &q.source {
        Some(Source::Demo(name)) => {
            // A link that names no view (`?demo=words`, typed by hand) opens on the
            // view the demo's tour starts with, as the demo's card does.
            if !names_view(&current_search()) {
                if let Some(first) = crate::tour::tour(name).first() {
                    state.settings.view().set(first.view);
                }
            }
            engine.load_demo(name, true)
        }
        Some(Source::File(name)) => {
            state.settings.source().set(q.source.clone());
            // Reopens the file from this browser's storage when it is kept there.
            crate::loader::reopen_kept(state, engine, name.clone());
        }
        Some(Source::Url(url)) => engine.load_url(url, true),
        None => {}
    }
}

/// The page: the app, or its bench mode (`?bench=NAME`, see `bench/run.py`).
#[component]
pub fn Root() -> impl IntoView {
    let bench = web_sys::UrlSearchParams::new_with_str(&current_search())
        .ok()
        .and_then(|p| p.get("bench"));
    match bench {
        Some(set) => view! { <BenchPage set=set /> }.into_any(),
        None => view! { <App /> }.into_any(),
    }
}

/// The biaslens app.
#[component]
pub fn App() -> impl IntoView {
    let initial = Query::parse(&current_search());
    let (state, writers) = AppState::new(&initial);
    let engine = Engine::start(state, writers);
    provide_context(state);
    provide_context(engine);
    crate::loader::show_kept(state);
    follow(state, engine, &initial);

    // Large text for a projector: every size is in rem, so the root's size scales it all.
    Effect::new(move |_| {
        let on = state.settings.present().get();
        if let Some(root) = document().document_element() {
            let _ = root.class_list().toggle_with_force("present", on);
        }
    });

    // The URL follows the state: the first write replaces (normalising the link),
    // later ones push, so that back and forward move between states.
    Effect::new(move |pushed_before: Option<bool>| {
        let search = state.query().to_search();
        if search != current_search() {
            if let Ok(history) = window().history() {
                let _ = if pushed_before.is_some() {
                    history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&search))
                } else {
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&search))
                };
            }
        }
        true
    });

    // Back and forward: the state follows the URL.
    let popstate = window_event_listener(leptos::ev::popstate, move |_| {
        let q = Query::parse(&current_search());
        state.apply(&q);
        follow(state, engine, &q);
    });
    // Escape clears the selection, wherever the focus is.
    let keydown = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            state.clear_selection();
        }
    });
    on_cleanup(move || {
        popstate.remove();
        keydown.remove();
    });

    let has_data = move || state.loaded.with(Option::is_some);
    view! {
        <Header />
        <ErrorBanner />
        <ColumnPanel />
        <Show when=has_data fallback=|| view! { <Landing /> }>
            <div class="layout">
                <SettingsRail />
                <MainArea />
            </div>
        </Show>
    }
}

/// The last error, with a button to dismiss it. The data set already loaded stays.
#[component]
fn ErrorBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.error.get().map(|message| {
            view! {
                <div class="error" role="alert" data-testid="error">
                    <strong>"Could not load: "</strong>
                    <span class="error-message">{message}</span>
                    {move || state.loaded.with(|l| l.as_ref().map(|l| format!(" — {} is still loaded.", l.name)))}
                    <button class="link" on:click=move |_| state.error.set(None)>
                        "Dismiss"
                    </button>
                </div>
            }
        })
    }
}
