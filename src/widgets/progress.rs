//! The working state: what the engine is doing, how far it has come, and a Cancel
//! button. The rest of the page stays usable meanwhile.

use biaslens_core::progress::Progress;
use leptos::prelude::*;

use crate::engine::Engine;
use crate::state::AppState;
use biaslens_worker::protocol::JobError;

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

/// A step's progress in words ("counting 456 combinations — 100 of 456", or
/// "about 40%" against an estimate) and as a fraction when its size is known.
pub fn describe(p: &Progress) -> (String, Option<f64>) {
    (p.text(), p.share())
}

/// What a view shows instead of its result: why it could not be computed, or
/// that its computation was cancelled, with a button to compute it again.
pub fn failed(error: JobError) -> AnyView {
    if error != JobError::Cancelled {
        return view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any();
    }
    let state = expect_context::<AppState>();
    view! {
        <div class="notice" data-testid="cancelled">
            <p>"Cancelled."</p>
            <button on:click=move |_| state.retry.update(|n| *n += 1)>"Compute again"</button>
        </div>
    }
    .into_any()
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
        state.results.working.get().as_ref().map(describe)
    };
    move || {
        line().map(|(text, fraction)| {
            progress_line("working", text, fraction, move || engine.cancel())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_estimated_total_reads_as_an_approximate_share() {
        let exact = Progress::of("counting combinations", 100, 456);
        assert_eq!(describe(&exact).0, "counting combinations — 100 of 456");
        let estimated = Progress {
            approximate: true,
            ..Progress::of("finding and counting combinations", 400, 1000)
        };
        assert_eq!(
            describe(&estimated),
            (
                "finding and counting combinations — about 40%".to_owned(),
                Some(0.4)
            )
        );
        // Past the estimate, the bar waits short of full.
        let over = Progress {
            approximate: true,
            ..Progress::of("finding and counting combinations", 1000, 1000)
        };
        assert_eq!(describe(&over).1, Some(0.99));
        assert_eq!(describe(&Progress::step("loading")).0, "loading…");
    }
}
