//! The combinations whose bias moves most from training to predictions: an
//! interactive SVG bar chart (each bar focusable, with hover details, click to
//! select), with a table view of the same data.

use biaslens_core::metrics::amplification::Cell;
use biaslens_core::Analysis;
use leptos::prelude::*;

use biaslens_core::export::csv_of_serialize;

use crate::components::export_menu::ExportMenu;
use crate::components::number::{Count, Num};
use crate::format::sig3;
use crate::state::{AppState, Computed, Shared};

/// Okabe–Ito, colour-blind safe: the same colour for the same group on every chart.
pub const GROUP_COLOURS: [&str; 7] = [
    "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442",
];

/// The colour of group number `g`.
pub fn group_colour(g: usize) -> &'static str {
    GROUP_COLOURS[g % GROUP_COLOURS.len()]
}

/// How many bars the chart shows.
const TOP: usize = 20;

const WIDTH: f64 = 860.0;
const LABEL_WIDTH: f64 = 330.0;
const VALUE_WIDTH: f64 = 60.0;
const ROW: f64 = 26.0;
const TOP_MARGIN: f64 = 28.0;
const BOTTOM_MARGIN: f64 = 44.0;

/// How the bars are ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rank {
    /// Largest Δ first: where the model amplifies most.
    Amplification,
    /// Largest |Δ| first: where predictions move most, either way.
    Change,
}

/// The cells ranked by `rank`, one per combination (the group with the largest
/// |Δ|), the first [`TOP`].
fn top_cells(a: &Analysis, rank: Rank) -> Vec<(usize, Cell)> {
    let groups: Vec<&String> = a.dataset.groups.keys().collect();
    let mut best: Vec<(usize, Cell)> = Vec::new();
    for c in &a.cells {
        let Some(d) = c.delta else { continue };
        let g = groups.iter().position(|x| **x == c.group).unwrap_or(0);
        match best.last_mut() {
            Some((bg, b)) if b.combination == c.combination => {
                if d.abs() > b.delta.unwrap_or(0.0).abs() {
                    *bg = g;
                    *b = c.clone();
                }
            }
            _ => best.push((g, c.clone())),
        }
    }
    let key = |c: &Cell| {
        let d = c.delta.unwrap_or(0.0);
        match rank {
            Rank::Amplification => d,
            Rank::Change => d.abs(),
        }
    };
    best.sort_by(|x, y| {
        key(&y.1)
            .total_cmp(&key(&x.1))
            .then_with(|| x.1.combination.cmp(&y.1.combination))
    });
    best.truncate(TOP);
    best
}

/// About five round tick values covering `[lo, hi]`, 0 among them.
fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let raw = (hi - lo).max(1e-9) / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(raw);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// One line of hover text: the exact values and the counts behind them.
fn details(c: &Cell) -> String {
    format!(
        "{} — {}: Δ = {} (bias in training {} from {} of {} rows; in predictions {} from {} of {} rows)",
        c.combination.join(" + "),
        c.group,
        c.delta.map_or("undefined".into(), |d| d.to_string()),
        c.bias_train.map_or("undefined".into(), |b| b.to_string()),
        c.n_train,
        c.n_train_combination,
        c.bias_pred.map_or("undefined".into(), |b| b.to_string()),
        c.n_pred,
        c.n_pred_combination,
    )
}

/// The chart, its legend and its table toggle.
#[component]
pub fn BarChart(analysis: Shared<Computed>) -> impl IntoView {
    let as_table = RwSignal::new(false);
    let rank = RwSignal::new(Rank::Change);
    let charted = analysis.clone();
    let csv = Callback::new(move |()| {
        let cells: Vec<Cell> = top_cells(&charted, rank.get_untracked())
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        csv_of_serialize(&cells)
    });
    let rank_button = move |r: Rank, label: &'static str| {
        view! {
            <button
                class="toggle"
                aria-pressed=move || (rank.get() == r).to_string()
                class:active=move || rank.get() == r
                on:click=move |_| rank.set(r)
            >
                {label}
            </button>
        }
    };
    view! {
        <figure class="chart" data-testid="bar-chart">
            <figcaption>
                <h2>
                    {move || match rank.get() {
                        Rank::Amplification => "Combinations the model amplifies most",
                        Rank::Change => "Combinations whose bias moves most from training to predictions",
                    }}
                </h2>
                <p class="hint">
                    "Each bar is a combination's Multi_MALS Δ = bias in predictions − bias in training, for the group it leans to in training "
                    "(the group with the largest |Δ|). Right: the model amplifies the bias; left: it weakens it. "
                    "Click a bar to list its cells below; Escape clears."
                </p>
                <div class="chart-tools">
                    <span class="menu-label">"Rank by"</span>
                    {rank_button(Rank::Change, "change (|Δ|)")}
                    {rank_button(Rank::Amplification, "amplification (Δ)")}
                    <button class="link" aria-pressed=move || as_table.get().to_string() on:click=move |_| as_table.update(|t| *t = !*t)>
                        {move || if as_table.get() { "Show chart" } else { "Show as table" }}
                    </button>
                    <ExportMenu name="amplification-chart" chart="bar-chart-svg" csv=csv />
                </div>
            </figcaption>
            {move || chart_body(&analysis, rank.get(), as_table)}
        </figure>
    }
}

/// The bars (or their table) for one ranking.
fn chart_body(analysis: &Analysis, rank: Rank, as_table: RwSignal<bool>) -> AnyView {
    let state = expect_context::<AppState>();
    if let Some(reason) = &analysis.metrics.multi_mals.not_available {
        return view! {
            <p class="na-reason">"Amplification per combination is not available: " {reason.clone()}</p>
        }
        .into_any();
    }
    let cells = top_cells(analysis, rank);
    if cells.is_empty() {
        return view! {
            <p class="empty">"No combination has a defined Δ with these settings: lower the minimum support or k_min."</p>
        }
        .into_any();
    }
    // The axis spans the data and always includes 0.
    let deltas = cells.iter().filter_map(|(_, c)| c.delta);
    let lo = deltas.clone().fold(0.0_f64, f64::min);
    let hi = deltas.fold(0.0_f64, f64::max);
    let span = (hi - lo).max(1e-9);
    let plot = WIDTH - LABEL_WIDTH - 2.0 * VALUE_WIDTH;
    let x_of = move |d: f64| LABEL_WIDTH + VALUE_WIDTH + plot * (d - lo) / span;
    let zero = x_of(0.0);
    let height = TOP_MARGIN + ROW * cells.len() as f64 + BOTTOM_MARGIN;
    let groups: Vec<String> = analysis.dataset.groups.keys().cloned().collect();

    let bars = cells
        .iter()
        .enumerate()
        .map(|(i, (g, c))| {
            let d = c.delta.unwrap_or(0.0);
            let y = TOP_MARGIN + ROW * i as f64;
            let x = x_of(d.min(0.0));
            let w = (x_of(d.max(0.0)) - x).max(1.0);
            let combination = c.combination.clone();
            let selected_combination = combination.clone();
            let is_selected = move || state.selected.get().as_ref() == Some(&selected_combination);
            let select = {
                let combination = combination.clone();
                move || {
                    let same = state.selected.get_untracked().as_ref() == Some(&combination);
                    state.selected.set(if same {
                        None
                    } else {
                        Some(combination.clone())
                    });
                }
            };
            let select_key = select.clone();
            let label = combination.join(" + ");
            let tip = details(c);
            let value_x = if d >= 0.0 { x + w + 4.0 } else { x - 4.0 };
            let anchor = if d >= 0.0 { "start" } else { "end" };
            view! {
                <g
                    class="bar"
                    class:selected=is_selected
                    tabindex="0"
                    role="button"
                    // The visible label and value first, then the details.
                    aria-label=format!("{label} ({}) {}: {tip}", c.group, sig3(d))
                    data-combination=label.clone()
                    on:click=move |_| select()
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            select_key();
                        }
                    }
                >
                    // Built as an SVG element: a `<title>` outside the `<svg>` of its
                    // own view! would be an HTML one, and show no tooltip.
                    {leptos::svg::title().child(tip.clone())}
                    <rect class="row-hit" x="0" y=y width=WIDTH height=ROW fill="transparent" />
                    <text class="bar-label" x=LABEL_WIDTH - 8.0 y=y + ROW * 0.68 text-anchor="end">
                        {format!("{label} ({})", c.group)}
                    </text>
                    <rect x=x y=y + 4.0 width=w height=ROW - 8.0 fill=group_colour(*g) rx="2" />
                    <text class="bar-value" x=value_x y=y + ROW * 0.68 text-anchor=anchor>
                        {sig3(d)}
                    </text>
                </g>
            }
        })
        .collect_view();

    let axis_y = TOP_MARGIN + ROW * cells.len() as f64;
    let ticks = ticks(lo, hi)
        .into_iter()
        .map(|t| {
            view! {
                <line x1=x_of(t) x2=x_of(t) y1=TOP_MARGIN - 4.0 y2=axis_y class="grid" />
                <text x=x_of(t) y=axis_y + 14.0 text-anchor="middle" class="tick">{sig3(t)}</text>
            }
        })
        .collect_view();
    let legend = groups
        .iter()
        .enumerate()
        .map(|(g, name)| {
            view! {
                <span class="legend-item">
                    <span class="swatch" style=format!("background:{}", group_colour(g))></span>
                    {name.clone()}
                </span>
            }
        })
        .collect_view();
    let table_rows = cells
        .iter()
        .map(|(_, c)| {
            view! {
                <tr>
                    <td>{c.combination.join(" + ")}</td>
                    <td>{c.group.clone()}</td>
                    <td><Num metric="chart.delta".into() value=c.delta /></td>
                    <td><Num metric="chart.bias_train".into() value=c.bias_train /> " (n = " <Count metric="chart.n_train_combination".into() value=c.n_train_combination /> ")"</td>
                    <td><Num metric="chart.bias_pred".into() value=c.bias_pred /> " (n = " <Count metric="chart.n_pred_combination".into() value=c.n_pred_combination /> ")"</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <div class="legend" aria-label="Groups">{legend}</div>
        <div class="chart-scroll" id="bar-chart-svg" class:hidden=move || as_table.get()>
            <svg
                class="bars"
                xmlns="http://www.w3.org/2000/svg"
                viewBox=format!("0 0 {WIDTH} {height}")
                width=WIDTH
                height=height
                role="group"
                aria-label="Bar chart of the combinations with the largest Δ"
            >
                {ticks}
                <line x1=zero x2=zero y1=TOP_MARGIN - 4.0 y2=axis_y class="zero" />
                {bars}
                <text x=zero y=axis_y + 34.0 text-anchor="middle" class="axis-title">
                    "Δ (bias score in predictions − in training)"
                </text>
            </svg>
        </div>
        <table class="data-table" class:hidden=move || !as_table.get()>
            <thead>
                <tr><th>"combination"</th><th>"group"</th><th>"Δ"</th><th>"bias in training"</th><th>"bias in predictions"</th></tr>
            </thead>
            <tbody>{table_rows}</tbody>
        </table>
    }
    .into_any()
}
