//! The working state: what the engine is doing, how far it has come, and a Cancel
//! button. The rest of the page stays usable meanwhile.

use leptos::prelude::*;

use crate::engine::Engine;
use crate::format::thousands;
use crate::state::AppState;

/// A progress line with a Cancel button, shown while loading or computing.
#[component]
pub fn Working() -> impl IntoView {
    let state = expect_context::<AppState>();
    let engine = expect_context::<Engine>();
    let line = move || {
        if let Some(busy) = state.busy.get() {
            return Some((busy, None));
        }
        state.working.get().map(|p| {
            let fraction = (p.total > 0).then(|| p.done as f64 / p.total as f64);
            let text = if p.total > 0 {
                format!(
                    "{} — {} of {}",
                    p.stage,
                    thousands(p.done as u64),
                    thousands(p.total as u64)
                )
            } else {
                format!("{}…", p.stage)
            };
            (text, fraction)
        })
    };
    move || {
        line().map(|(text, fraction)| {
            view! {
                <div class="working" role="status" aria-live="polite" data-testid="working">
                    {match fraction {
                        Some(f) => view! { <progress max="1" value=f.to_string()></progress> }.into_any(),
                        None => view! { <progress></progress> }.into_any(),
                    }}
                    <span>{text}</span>
                    <button on:click=move |_| engine.cancel()>"Cancel"</button>
                </div>
            }
        })
    }
}
