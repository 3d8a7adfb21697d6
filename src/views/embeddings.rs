//! The Embeddings tab: the map of the rows, what the representation encodes about
//! the group (cross-validated leakage), and which attributes point the same way as
//! the group (directions), with a picker for an embeddings file.

use biaslens_core::embeddings::axis::{AxisRow, GroupAxis};
use biaslens_core::embeddings::directions::Direction;
use biaslens_core::embeddings::map::MapView;
use biaslens_core::embeddings::EmbeddingReport;
use biaslens_core::export::csv_of_serialize;
use leptos::prelude::*;

use crate::query::QueryStoreFields;

use crate::charts::bar_chart::group_colour;
use crate::charts::heatmap::diverging;
use crate::charts::scatter::Scatter;
use crate::engine::Engine;
use crate::format::{sig3, thousands};
use crate::loader::{load_embeddings, picked_file};
use crate::query::Colour;
use crate::state::{AppState, Shared};
use crate::widgets::export_menu::ExportMenu;
use crate::widgets::number::Num;
use crate::widgets::progress::failed;
use crate::widgets::table_toggle::{tables_shown, TableToggle};
use biaslens_worker::protocol::JobError;
use biaslens_worker::protocol::{DataSpec, Job};

/// Bars in the directions chart.
const TOP: usize = 20;

/// "Add embeddings…": a `.npy` or Projector `vectors.tsv` for the rows on screen.
#[component]
fn EmbeddingsPicker() -> impl IntoView {
    let state = expect_context::<AppState>();
    let engine = expect_context::<Engine>();
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(file) = picked_file(&ev) {
            load_embeddings(state, engine, file);
        }
    };
    view! {
        <label class="button file-button" for="embeddings-file">"Add embeddings…"</label>
        <input id="embeddings-file" class="visually-hidden file-input" type="file" accept=".npy,.tsv,.txt" on:change=on_change />
    }
}

/// The directions chart: attributes by `cos(d_s, d_G)`, click to colour the map.
fn directions_chart(dirs: &[Direction], groups: &[String]) -> impl IntoView {
    // Two groups: d_G runs from the first group's mean to the second's, so +1
    // points to the second; each bar takes the colour of the group it points to.
    let pair = match groups {
        [a, b] => Some((a.clone(), b.clone())),
        _ => None,
    };
    let toward = |v: f64| match &pair {
        Some((a, _)) if v < 0.0 => group_colour(a, 0).to_owned(),
        Some((_, b)) => group_colour(b, 1).to_owned(),
        None => diverging(v).to_string(),
    };
    let state = expect_context::<AppState>();
    let shown: Vec<Direction> = dirs.iter().take(TOP).cloned().collect();
    let row = 24.0;
    let (label_w, bar_w) = (150.0, 300.0);
    let height = row * shown.len() as f64 + 36.0;
    let zero = label_w + bar_w / 2.0;
    let axis = match &pair {
        Some((a, b)) => format!("cos(d_s, d_G): −1 toward {a} … 0 … +1 toward {b}"),
        None => "cos(d_s, d_g), each group against the rest: −1 … 0 … +1".to_owned(),
    };
    let bars = shown
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let value = d.cos_group.or_else(|| {
                d.cos_groups
                    .iter()
                    .flatten()
                    .copied()
                    .max_by(|a, b| a.abs().total_cmp(&b.abs()))
            });
            let v = value.unwrap_or(0.0);
            let y = row * i as f64 + 4.0;
            let (x, w) = if v >= 0.0 {
                (zero, v * bar_w / 2.0)
            } else {
                (zero + v * bar_w / 2.0, -v * bar_w / 2.0)
            };
            let name = d.attribute.clone();
            let pick = name.clone();
            let key_pick = name.clone();
            let shown = value.map_or("—".into(), sig3);
            // The visible label and value first (what a speech user says), then the
            // full value; the same words in the tooltip and the accessible name.
            let tip = format!(
                "{name} {shown}: cos(d_s, d_G) = {}.",
                value.map_or("undefined".into(), |v| v.to_string())
            );
            view! {
                <g
                    class="bar direction"
                    tabindex="0"
                    role="button"
                    aria-label=tip.clone()
                    data-attribute=name.clone()
                    data-value=value.map(|v| v.to_string()).unwrap_or_default()
                    on:click=move |_| state.settings.colour().set(Colour::Attribute(pick.clone()))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            state.settings.colour().set(Colour::Attribute(key_pick.clone()));
                        }
                    }
                >
                    {leptos::svg::title().child(tip.clone())}
                    <rect class="row-hit" x="0" y=y width=label_w + bar_w + 60.0 height=row fill="transparent" />
                    <text class="bar-label" x=label_w - 8.0 y=y + row * 0.68 text-anchor="end">{name.clone()}</text>
                    <rect x=x y=y + 4.0 width=w.max(1.0) height=row - 8.0 fill=toward(v) rx="2" />
                    <text class="bar-value" x=label_w + bar_w + 6.0 y=y + row * 0.68>{format!(" {shown}")}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <div class="chart-scroll" id="directions-chart">
            <svg class="bars" xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {} {height}", label_w + bar_w + 70.0) width=label_w + bar_w + 70.0 height=height role="group"
                aria-label="Attributes ranked by how their direction lines up with the group direction">
                <line class="zero" x1=zero x2=zero y1="0" y2=height - 30.0 />
                {bars}
                <text class="axis-title" x=zero y=height - 10.0 text-anchor="middle" data-testid="directions-axis">{axis}</text>
            </svg>
        </div>
    }
}

/// One side of the group axis: its rows, most extreme first, each with a bar.
fn axis_side(rows: &[AxisRow], side: &str) -> impl IntoView {
    let items = rows
        .iter()
        .map(|r| {
            let shown = sig3(r.position);
            let label = match &r.group {
                Some(g) => format!("{} ({g}) {shown}", r.id),
                None => format!("{} {shown}", r.id),
            };
            let width = format!("width: {:.1}%", r.position.abs() * 100.0);
            view! {
                <tr data-id=r.id.clone() data-value=r.position.to_string() aria-label=label>
                    <th scope="row">{r.id.clone()}</th>
                    <td class="num">{shown}</td>
                    <td class="axis-bar-cell" aria-hidden="true">
                        <span class="axis-bar" style=width style:background=diverging(r.position)></span>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="axis-side">
            <caption>{format!("Toward {side}")}</caption>
            <thead><tr><th scope="col">"row"</th><th scope="col">"position"</th><th scope="col"><span class="visually-hidden">"bar"</span></th></tr></thead>
            <tbody>{items}</tbody>
        </table>
    }
}

/// Where rows fall along the group direction: the most extreme at each end.
fn axis_panel(a: &GroupAxis) -> impl IntoView {
    let [first, second] = a.ends.clone();
    let which = if a.ungrouped_only {
        format!(
            "the {} rows without a group",
            thousands(a.considered as u64)
        )
    } else {
        format!("all {} rows", thousands(a.considered as u64))
    };
    let rows: Vec<AxisRow> = a
        .toward_first
        .iter()
        .chain(&a.toward_second)
        .cloned()
        .collect();
    let csv = Callback::new(move |()| csv_of_serialize(&rows));
    view! {
        <figure class="chart" data-testid="axis">
            <figcaption>
                <h2>{format!("Where rows fall between {first} and {second}")}</h2>
                <p class="hint">{format!(
                    "Of {which}: those nearest each end of the group direction (the mean embedding of {first} to that of {second}). Position = the cosine between a row's embedding, centred on the mean of all rows, and that direction: −1 is {first}'s side, +1 {second}'s."
                )}</p>
                <div class="chart-tools"><ExportMenu name="group-axis" csv=csv /></div>
            </figcaption>
            <div class="axis-sides">
                {axis_side(&a.toward_first, &first)}
                {axis_side(&a.toward_second, &second)}
            </div>
        </figure>
    }
}

fn panels(m: Shared<MapView>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let has_pca = m.pca.is_some();
    let attributes = m.attributes.clone();
    let colour_select = move || {
        let current = state.settings.colour().get().to_param();
        let option = |value: String, label: String| {
            let selected = value == current;
            view! { <option value=value selected=selected>{label}</option> }
        };
        let mut options = vec![
            option("group".into(), "group".into()),
            option("correct".into(), "group prediction right / wrong".into()),
            option("selection".into(), "the selected combination".into()),
        ];
        options.extend(
            attributes
                .iter()
                .map(|a| option(format!("attr:{a}"), format!("attribute: {a}"))),
        );
        view! {
            <label for="colour-by">"Colour by"</label>
            <select id="colour-by" on:change=move |ev| {
                if let Some(c) = Colour::parse(&event_target_value(&ev)) {
                    state.settings.colour().set(c);
                }
            }>{options}</select>
        }
    };
    let pca_line = m.pca.as_ref().map(|p| {
        let parts = p
            .explained_variance_ratio
            .iter()
            .enumerate()
            .map(|(k, v)| view! {
                <span>{format!("PC{} ", k + 1)}<Num metric=format!("pca.explained_variance_ratio.{k}") value=Some(*v) /></span>
                " "
            })
            .collect_view();
        let approximate = (!p.exact).then_some(view! {
            <span class="note" data-testid="pca-approximate" title="Too many rows × dimensions to form the covariance matrix here: randomized subspace iteration (7 passes), as scikit-learn's randomized PCA.">
                "(approximate: randomized PCA)"
            </span>
        });
        view! { <p class="settings-line" data-testid="pca-line">"Share of the variance: " {parts} {approximate}</p> }
    });
    let groups = m.groups.clone();
    let analyses = move || match state.results.embedding_report.get() {
        None => view! { <p class="busy">"Measuring group leakage and attribute directions…"</p> }
            .into_any(),
        Some(Err(JobError::Cancelled)) => failed(JobError::Cancelled),
        Some(Err(e)) => view! { <p class="na-reason">{e.to_string()}</p> }.into_any(),
        Some(Ok(r)) => report_panels(&r, &groups).into_any(),
    };
    view! {
        <p class="settings-line">{format!("{} points: {}.", thousands(m.coords.len() as u64), m.source)}</p>
        <div class="chart-tools">{colour_select} <EmbeddingsPicker /></div>
        {pca_line}
        <Scatter map=m.clone() />
        {has_pca.then_some(analyses)}
    }
}

/// Group leakage and the directions chart.
fn report_panels(r: &EmbeddingReport, groups: &[String]) -> impl IntoView {
    let leakage = match r.leakage.clone() {
        Ok(l) => view! {
            <article class="card leakage" data-testid="leakage">
                <h3>"Group leakage"</h3>
                <p class="explain">"5-fold cross-validated logistic regression predicting the group from the standardised embeddings."</p>
                <dl class="sub">
                    <dt>"accuracy"</dt><dd><Num metric="leakage.accuracy".into() value=Some(l.accuracy) /></dd>
                    <dt>"ROC AUC"</dt><dd><Num metric="leakage.auc".into() value=l.auc reason=Some("needs two groups among the rows".to_owned()) /></dd>
                    <dt>"majority baseline"</dt><dd><Num metric="leakage.baseline".into() value=Some(l.baseline) /></dd>
                </dl>
                <p class="floor">{l.reading.clone()}</p>
            </article>
        }
        .into_any(),
        Err(why) => view! {
            <article class="card leakage unavailable" data-testid="leakage">
                <h3>"Group leakage"</h3>
                <p class="na-reason">"Not available: " {why}</p>
            </article>
        }
        .into_any(),
    };
    let dirs = r.directions.clone();
    let csv = Callback::new(move |()| csv_of_serialize(&dirs));
    let as_table = tables_shown();
    let table_rows = r
        .directions
        .iter()
        .map(|d| {
            let cells = d
                .cos_groups
                .iter()
                .map(|c| view! { <td class="num">{c.map_or("—".into(), sig3)}</td> })
                .collect_view();
            view! { <tr><th scope="row">{d.attribute.clone()}</th>{cells}</tr> }
        })
        .collect_view();
    // Two groups: one direction between them; more: each group against the rest.
    let headers: Vec<String> = if r
        .directions
        .first()
        .is_some_and(|d| d.cos_groups.len() == 1)
    {
        vec!["cos(d_s, d_G)".to_owned()]
    } else {
        groups.iter().map(|g| format!("cos(d_s, d_{g})")).collect()
    };
    view! {
        {leakage}
        <figure class="chart" data-testid="directions">
            <figcaption>
                <h2>"Attributes that point the way the group does"</h2>
                <p class="hint">"For each attribute s: the direction from the mean embedding of rows without s to those with it, against the direction between the groups. Near ±1: the representation entangles s with the group. Click one to colour the map by it."</p>
                <div class="chart-tools">
                    <TableToggle />
                    <ExportMenu name="directions" chart="directions-chart" csv=csv />
                </div>
            </figcaption>
            <div class:hidden=move || as_table.get()>{directions_chart(&r.directions, groups)}</div>
            <table class="data-table" data-testid="directions-table" class:hidden=move || !as_table.get()>
                <thead><tr><th scope="col">"attribute"</th>{headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                <tbody>{table_rows}</tbody>
            </table>
        </figure>
        {r.axis.as_ref().map(axis_panel)}
    }
}

/// The Embeddings tab.
#[component]
pub fn EmbeddingView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let engine = expect_context::<Engine>();
    // The map is of every row; a region drawn on it filters the other views.
    let every_row = move || DataSpec {
        columns: state.settings.columns().get(),
        threshold: state.settings.threshold().get(),
        filter: Default::default(),
    };
    engine.follow(move || {
        state.embeddings_version.track();
        Some((every_row(), Job::Map))
    });
    // Once the map shows (its PCA done), the slower analyses of the same rows.
    engine.follow(move || {
        let with_pca = state
            .results
            .map
            .with(|m| matches!(m, Some(Ok(m)) if m.pca.is_some()));
        with_pca.then(|| (untrack(every_row), Job::EmbeddingReport))
    });
    let body = move || {
        match state.results.map.get() {
        None => view! { <p class="busy">"Computing the map (PCA)…"</p> }.into_any(),
        Some(Err(JobError::Cancelled)) => failed(JobError::Cancelled),
        Some(Err(e)) => view! {
            <div class="notice" data-testid="no-map">
                <p>{e.to_string()}</p>
                <p>"Embeddings: a NumPy .npy (np.save of an N × D float array, row i for annotation row i) or the Embedding Projector's vectors.tsv."</p>
                <EmbeddingsPicker />
            </div>
        }
        .into_any(),
        Some(Ok(m)) => panels(m).into_any(),
    }
    };
    view! {
        <section class="chart" data-testid="embeddings">
            <h2>"Where the rows sit in the representation"</h2>
            {body}
        </section>
    }
}
