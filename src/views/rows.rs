//! The instance list: the rows behind the current selection (within the filter),
//! with id, split, group, prediction, attributes and a thumbnail when the row has
//! an image URL.

use biaslens_core::export::csv_of_serialize;
use biaslens_core::filter::RowFilter;
use leptos::prelude::*;

use crate::query::QueryStoreFields;

use crate::engine::Engine;
use crate::format::thousands;
use crate::state::AppState;
use crate::widgets::export_menu::ExportMenu;
use crate::widgets::progress::failed;
use biaslens_worker::protocol::Job;

/// Rows per page.
const PAGE: usize = 50;

/// Only http(s) and relative paths are shown as images (never `javascript:`).
pub fn safe_image(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || !(lower.contains(':') || lower.starts_with("//"))
}

/// The rows behind the selection, a page at a time.
#[component]
pub fn RowList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let engine = expect_context::<Engine>();
    // The page shown: its first row is in the link (`rows_from=`).
    let offset = Memo::new(move |_| state.settings.layout().with(|l| l.rows_from));
    let go_to = move |from: usize| state.settings.layout().update(|l| l.rows_from = from);
    // A new selection or filter starts at the first page (not the first run: a
    // followed link opens on its page).
    Effect::new(move |first: Option<()>| {
        state.selection();
        state.settings.filter().track();
        if first.is_some() {
            go_to(0);
        }
    });
    engine.follow(move || {
        let job = Job::Rows {
            selection: state.selection(),
            offset: offset.get(),
            limit: PAGE,
        };
        Some((state.data_spec(), job))
    });
    let describe = move || {
        let sel = state.selection();
        if sel == RowFilter::default() {
            "Every row (within the filter)".to_owned()
        } else {
            let conditions: Vec<String> = sel.describe().into_iter().map(|(_, t)| t).collect();
            format!("Rows behind the selection: {}", conditions.join(", "))
        }
    };
    let csv = Callback::new(move |()| {
        state
            .results
            .rows
            .get_untracked()
            .and_then(Result::ok)
            .map(|p| csv_of_serialize(&p.rows))
            .unwrap_or_default()
    });
    let page_host = window().location().host().unwrap_or_default();
    let body = move || match state.results.rows.get() {
        None => view! { <p class="busy">"Listing rows…"</p> }.into_any(),
        Some(Err(e)) => failed(e),
        Some(Ok(page)) => {
            let offset = offset.get_untracked();
            let total = page.total;
            let last = (offset + page.rows.len()).min(total);
            let has_pred_group = page.rows.iter().any(|r| r.pred_group.is_some());
            let has_pred = page.rows.iter().any(|r| r.pred_attributes.is_some());
            let has_image = page.rows.iter().any(|r| r.image.is_some());
            // Images from other hosts wait for the user's permission.
            let allowed = state.image_hosts.get();
            let remote = |u: &str| crate::images::remote_host(u, &page_host);
            let shown =
                |u: &String| safe_image(u) && remote(u).is_none_or(|h| allowed.contains(&h));
            let blocked: std::collections::BTreeSet<String> = page
                .rows
                .iter()
                .filter_map(|r| r.image.as_deref())
                .filter(|u| safe_image(u))
                .filter_map(remote)
                .filter(|h| !allowed.contains(h))
                .collect();
            let rows = page
                .rows
                .iter()
                .map(|r| {
                    let wrong = r.pred_group.is_some() && r.pred_group != r.group;
                    view! {
                        <tr>
                            {has_image.then(|| view! {
                                <td class="thumb">
                                    {r.image.clone().map(|u| if shown(&u) {
                                        view! {
                                            <img src=u.clone() alt=format!("image of row {}", r.id) loading="lazy" width="64" height="64" />
                                        }.into_any()
                                    } else {
                                        // Where the image would be: why it is not.
                                        let why = if safe_image(&u) {
                                            "not loaded: its host is not allowed yet (see above)"
                                        } else {
                                            "not an image address (only http(s) and relative paths show)"
                                        };
                                        view! { <span class="thumb-wait" title=why>"not loaded"</span> }.into_any()
                                    })}
                                </td>
                            })}
                            <td>{r.id.clone()}</td>
                            <td>{r.split.clone()}</td>
                            <td>{r.group.clone().unwrap_or_else(|| "—".into())}</td>
                            {has_pred_group.then(|| view! {
                                <td class:mispredicted=wrong>{r.pred_group.clone().unwrap_or_else(|| "—".into())}</td>
                            })}
                            <td class="attr-list gt-attrs">{r.attributes.join(", ")}</td>
                            {has_pred.then(|| view! {
                                <td class="attr-list">{r.pred_attributes.clone().unwrap_or_default().join(", ")}</td>
                            })}
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <p class="count-line" data-testid="rows-count" data-value=total.to_string()>
                    {if total == 0 {
                        "No row matches.".to_owned()
                    } else {
                        format!("Rows {}–{} of {}", thousands(offset as u64 + 1), thousands(last as u64), thousands(total as u64))
                    }}
                </p>
                {(!blocked.is_empty()).then(|| {
                    let buttons = blocked
                        .iter()
                        .map(|host| {
                            let h = host.clone();
                            view! {
                                <button on:click=move |_| state.image_hosts.update(|s| { s.insert(h.clone()); })>
                                    {format!("Show images from {host}")}
                                </button>
                            }
                        })
                        .collect_view();
                    view! {
                        <div class="notice image-consent" data-testid="image-consent">
                            <p>{format!(
                                "This data set's images are on {}. Loading them tells that host that you are looking; nothing else is sent.",
                                blocked.iter().cloned().collect::<Vec<_>>().join(", ")
                            )}</p>
                            {buttons}
                        </div>
                    }
                })}
                <div class="table-scroll">
                    <table class="data-table" data-testid="rows-table">
                        <thead>
                            <tr>
                                {has_image.then(|| view! { <th>"image"</th> })}
                                <th>"id"</th><th>"split"</th><th>"group"</th>
                                {has_pred_group.then(|| view! { <th>"predicted group"</th> })}
                                <th>"attributes"</th>
                                {has_pred.then(|| view! { <th>"predicted attributes"</th> })}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <div class="pager">
                    <button disabled={offset == 0} on:click=move |_| go_to(offset.saturating_sub(PAGE))>"Previous"</button>
                    <button disabled={last >= total} on:click=move |_| go_to(offset + PAGE)>"Next"</button>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <section class="row-list" aria-label="Rows" data-testid="row-list">
            <h2>{describe}</h2>
            <div class="table-tools">
                {move || (state.selection() != RowFilter::default()).then(|| view! {
                    <button class="toggle" on:click=move |_| {
                        let sel = state.selection();
                        state.settings.filter().update(|f| *f = f.and(&sel));
                        state.clear_selection();
                    } title="Add the selection to the filter, so every view is computed on these rows">
                        "Restrict every view to these rows"
                    </button>
                    <button class="link" on:click=move |_| state.clear_selection()>"Clear selection"</button>
                })}
                <ExportMenu name="rows" csv=csv />
            </div>
            {body}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_image;

    #[test]
    fn only_web_and_relative_images() {
        assert!(safe_image("https://example.org/a.jpg"));
        assert!(safe_image("images/a.jpg"));
        assert!(!safe_image("javascript:alert(1)"));
        assert!(!safe_image("data:image/png;base64,xx"));
        assert!(!safe_image("//evil.example/a.jpg"));
    }
}
