//! The export menu every chart and table has: SVG and PNG of the chart (when
//! there is one), CSV of its data.

use leptos::prelude::*;

use crate::download::{download_png, download_svg, download_text};

/// Export buttons. `chart` is the id of the element holding the chart's `<svg>`.
#[component]
pub fn ExportMenu(
    /// The file name without extension.
    name: &'static str,
    /// The id of the chart's container, when there is a chart.
    #[prop(optional)]
    chart: Option<&'static str>,
    /// Builds the CSV of the data (the engine's export of the table).
    csv: Callback<(), String>,
) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let report = move |r: Result<(), String>| problem.set(r.err());
    view! {
        <span class="export-menu" role="group" aria-label=format!("Export {name}")>
            <span class="menu-label">"Export"</span>
            {chart.map(|id| view! {
                <button class="toggle" data-export="svg" on:click=move |_| report(download_svg(id, &format!("{name}.svg")))>"SVG"</button>
                <button class="toggle" data-export="png" on:click=move |_| report(download_png(id, &format!("{name}.png")))>"PNG"</button>
            })}
            <button
                class="toggle"
                data-export="csv"
                on:click=move |_| report(download_text(&format!("{name}.csv"), "text/csv", &csv.run(())))
            >
                "CSV"
            </button>
            {move || problem.get().map(|p| view! { <span class="export-error" role="alert">{p}</span> })}
        </span>
    }
}
