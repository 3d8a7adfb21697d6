//! The column-mapping panel: shown instead of an error when a file's column
//! names do not say which is the group or the attributes
//! (`docs/spec/formats.md`, column roles). It lists the file's columns for each
//! role with a preview of its first rows; "Open" opens the file with the roles
//! chosen (they go into the link and the kept copy), "Cancel" gives it up and
//! leaves what was on screen.

use biaslens_core::mapping::{prediction_of, ColumnMapping, NeedsColumns};
use biaslens_core::{ColumnChoice, Role};
use leptos::prelude::*;

use crate::engine::Engine;
use crate::state::AppState;

/// What each role is, under its select.
fn hint(role: Role) -> &'static str {
    match role {
        Role::Group => {
            "Required: the protected attribute whose groups are compared, one value per row."
        }
        Role::PredGroup => "Optional: the model's prediction of the group.",
        Role::Attributes => {
            "Required: each row's attributes (objects, labels…), names separated by |."
        }
        Role::PredAttributes => "Optional: the attributes the model predicted.",
        Role::Split => "Optional: train, test or val.",
        Role::Id => "Optional: each row's id (else its row number).",
        Role::Image => "Optional: an image URL or path, shown as a thumbnail.",
    }
}

/// The roles `chosen` gives that differ from what the names gave (`found`):
/// what the link and the kept copy carry.
fn choice_of(found: &ColumnMapping, chosen: &ColumnMapping) -> ColumnChoice {
    let mut choice = ColumnChoice::none();
    for role in Role::ALL {
        if found.get(role) != chosen.get(role) {
            choice.set(role, chosen.get(role).unwrap_or_default());
        }
    }
    choice
}

/// The mapping panel, while a file waits for its columns.
#[component]
pub fn ColumnPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state
            .needs_columns
            .get()
            .map(|needs| view! { <Panel needs=*needs /> })
    }
}

#[component]
fn Panel(needs: NeedsColumns) -> impl IntoView {
    let state = expect_context::<AppState>();
    let engine = expect_context::<Engine>();
    let chosen = RwSignal::new(needs.found.clone());
    let found = needs.found.clone();
    let columns = needs.columns.clone();
    let heading = NodeRef::<leptos::html::H2>::new();
    // The panel takes the focus when it opens, so that it is announced and the
    // keyboard starts in it.
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    // Every role the file lacked has a column.
    let missing = StoredValue::new(needs.missing.clone());
    let complete =
        move || chosen.with(|m| missing.with_value(|l| l.iter().all(|&r| m.get(r).is_some())));
    let open = {
        let found = found.clone();
        move || {
            if complete() {
                state.error.set(None);
                engine.open_with_columns(choice_of(&found, &chosen.get_untracked()));
            }
        }
    };
    let cancel = move || {
        state.error.set(None);
        engine.cancel_columns();
    };
    let selects = Role::ALL
        .into_iter()
        .map(|role| {
            let id = format!("col-{}", role.key());
            let hint_id = format!("{id}-hint");
            let options = columns.clone();
            let all = columns.clone();
            let on_change = move |ev| {
                let value = event_target_value(&ev);
                chosen.update(|m| {
                    m.set(role, (!value.is_empty()).then_some(value.clone()));
                    // A group or attributes column brings its prediction column.
                    if let Some(p) = role.prediction() {
                        m.set(p, prediction_of(&all, &value));
                    }
                });
            };
            view! {
                <div class="setting">
                    <label for=id.clone()>{role_label(role)}</label>
                    <select id=id.clone() aria-describedby=hint_id.clone() data-role=role.key() on:change=on_change>
                        <option value="" selected=move || chosen.with(|m| m.get(role).is_none())>
                            "(none)"
                        </option>
                        {options
                            .into_iter()
                            .map(|c| {
                                let value = c.clone();
                                view! {
                                    <option
                                        value=c.clone()
                                        selected=move || chosen.with(|m| m.get(role) == Some(value.as_str()))
                                    >
                                        {c.clone()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <p class="hint" id=hint_id>{hint(role)}</p>
                </div>
            }
        })
        .collect_view();
    let head = {
        let columns = needs.columns.clone();
        move || {
            columns
                .iter()
                .map(|c| {
                    let name = c.clone();
                    let role = move || {
                        chosen.with(|m| {
                            Role::ALL
                                .into_iter()
                                .find(|&r| m.get(r) == Some(name.as_str()))
                                .map(|r| r.words())
                        })
                    };
                    view! {
                        <th scope="col">
                            {c.clone()}
                            {move || role().map(|r| view! { <span class="role-tag">{r}</span> })}
                        </th>
                    }
                })
                .collect_view()
        }
    };
    let rows = needs
        .preview
        .iter()
        .map(|row| {
            let cells = row
                .iter()
                .map(|v| view! { <td>{v.clone()}</td> })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    let message = needs.message();
    let file = needs.file.clone();
    let shown = needs.preview.len();
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.stop_propagation();
            cancel();
        }
    };
    view! {
        <section class="column-panel" aria-labelledby="column-panel-title" data-testid="column-panel" on:keydown=on_key>
            <h2 id="column-panel-title" tabindex="-1" node_ref=heading>
                "Which column is which in " {file.clone()} "?"
            </h2>
            <p data-testid="column-panel-why">{message}"."</p>
            <div class="column-roles">{selects}</div>
            <p class="hint">{format!("The first {shown} rows of {file}:")}</p>
            <div class="table-scroll">
                <table class="data-table preview-table" data-testid="column-preview">
                    <thead>
                        <tr>{head}</tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <div class="chart-tools">
                <button
                    class="primary"
                    data-testid="column-open"
                    disabled=move || !complete()
                    on:click={
                        let open = open.clone();
                        move |_| open()
                    }
                >
                    "Open with these columns"
                </button>
                <button data-testid="column-cancel" on:click=move |_| cancel()>
                    "Cancel"
                </button>
            </div>
        </section>
    }
}

/// A role's words with a capital letter, as the label of its select.
fn role_label(role: Role) -> String {
    let words = role.words();
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
