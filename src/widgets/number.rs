//! A number on the page: three significant digits on screen, the full value in the
//! tooltip and in `data-value`, and `data-metric` naming what it is, so that tests
//! read exact values. Undefined is "—" with its reason, never 0.

use leptos::prelude::*;

use crate::format::{full, p_value, sig3, thousands};

/// A real-valued metric; `None` shows "—" and the reason.
#[component]
pub fn Num(
    /// The metric's key path (`multi_mals.mean`).
    metric: String,
    /// The value, if defined.
    value: Option<f64>,
    /// Why the value is undefined.
    #[prop(optional_no_strip)]
    reason: Option<String>,
    /// The counts behind the value, for its tooltip (`3/4 − 1/4`).
    #[prop(optional_no_strip)]
    from: Option<String>,
    /// A p- or q-value (an exact 0 is shown as an underflow, see [`p_value`]).
    #[prop(optional)]
    p: bool,
) -> impl IntoView {
    match value {
        Some(v) => view! {
            <span
                class="num"
                data-metric=metric
                data-value=full(v)
                title=match from {
                    Some(f) => format!("{} = {f}", full(v)),
                    None => full(v),
                }
            >
                {if p { p_value(v) } else { sig3(v) }}
            </span>
        }
        .into_any(),
        None => {
            let why = reason.unwrap_or_else(|| "undefined".to_owned());
            view! {
                <span class="num na" data-metric=metric data-value="" title=why.clone() aria-label=format!("not available: {why}")>
                    "—"
                </span>
            }
            .into_any()
        }
    }
}

/// A count.
#[component]
pub fn Count(
    /// The count's key path (`cells.n_train`).
    metric: String,
    /// The count.
    value: u64,
) -> impl IntoView {
    view! {
        <span class="num count" data-metric=metric data-value=value.to_string()>
            {thousands(value)}
        </span>
    }
}
