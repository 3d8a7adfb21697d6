//! The working state: what the engine is doing, how far it has come, and a Cancel
//! button. The rest of the page stays usable meanwhile.

use biaslens_core::analysis::Progress;
use leptos::prelude::*;

use crate::engine::Engine;
use crate::format::thousands;
use crate::state::AppState;

/// A progress bar (indeterminate without a `fraction`), what is being done, and a
/// Cancel button; `testid` names it for tests.
pub fn progress_line(
    testid: &'static str,
    text: String,
    fraction: Option<f64>,
    cancel: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <div class="working" role="status" aria-live="polite" data-testid=testid>
            {match fraction {
                Some(f) => view! { <progress max="1" value=f.to_string()></progress> }.into_any(),
                None => view! { <progress></progress> }.into_any(),
            }}
            <span>{text}</span>
            <button on:click=move |_| cancel()>"Cancel"</button>
        </div>
    }
}

/// A step's progress in words ("counting 456 combinations — 100 of 456") and as a
/// fraction when its size is known.
pub fn describe(p: &Progress) -> (String, Option<f64>) {
    if p.total > 0 {
        let text = format!(
            "{} — {} of {}",
            p.stage,
            thousands(p.done as u64),
            thousands(p.total as u64)
        );
        (text, Some(p.done as f64 / p.total as f64))
    } else {
        (format!("{}…", p.stage), None)
    }
}

/// A progress line with a Cancel button, shown while loading or computing.
#[component]
pub fn Working() -> impl IntoView {
    let state = expect_context::<AppState>();
    let engine = expect_context::<Engine>();
    let line = move || {
        if let Some(busy) = state.busy.get() {
            return Some((busy, None));
        }
        state.working.get().as_ref().map(describe)
    };
    move || {
        line().map(|(text, fraction)| {
            progress_line("working", text, fraction, move || engine.cancel())
        })
    }
}
