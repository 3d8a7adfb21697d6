//! The header's line about what this browser keeps (see `kept`), with
//! "Forget this data".

use leptos::prelude::*;

use crate::kept::Kept;
use crate::state::AppState;

/// Forgets the kept files; the line says whether they went.
fn forget(state: AppState) {
    let name = match state.kept.get_untracked() {
        Kept::File { name, .. } | Kept::NotForgotten { name, .. } => name,
        _ => String::new(),
    };
    let kept = state.kept;
    crate::kept::forget(name, move |k| kept.set(k));
}

/// The header's line about what this browser keeps, with "Forget this data".
#[component]
pub fn KeptLine() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        match state.kept.get() {
        Kept::Nothing => None,
        Kept::File { name, restored } => {
            let said = if restored {
                format!("{name} was reopened from this browser's storage (on this computer only), with the view of the link.")
            } else {
                format!("{name} is kept in this browser's storage (on this computer only), so that a reload finds it.")
            };
            Some(view! {
                <p class="kept" data-testid="kept">
                    {said} " "
                    <button class="link" on:click=move |_| forget(state)>"Forget this data"</button>
                </p>
            }
            .into_any())
        }
        Kept::Forgotten(name) => Some(view! {
            <p class="kept" data-testid="kept">
                {format!("Forgotten: this browser no longer keeps {name}. What is on screen stays until the page is closed.")}
            </p>
        }
        .into_any()),
        Kept::Refused { name, why } => Some(view! {
            <p class="kept error-line" data-testid="kept" role="status">
                {format!("{name} could not be kept in this browser's storage ({why}): after a reload, open it again.")}
            </p>
        }
        .into_any()),
        Kept::NotForgotten { name, why } => Some(view! {
            <p class="kept error-line" data-testid="kept" role="status">
                {format!("{name} could not be forgotten ({why}): it stays in this browser's storage.")} " "
                <button class="link" on:click=move |_| forget(state)>"Try again"</button>
            </p>
        }
        .into_any()),
    }
    }
}
