//! The combinations whose bias moves most from training to predictions: an
//! interactive SVG bar chart (each bar focusable, with hover details, click to
//! select), with a table view of the same data.

use biaslens_core::bootstrap::{BootstrapReport, CellInterval};
use biaslens_core::metrics::amplification::Cell;
use biaslens_core::ranking::{ranked, Rank};
use biaslens_core::Analysis;
use leptos::prelude::*;

use crate::query::QueryStoreFields;

use biaslens_core::export::csv_of_serialize;

use crate::format::{full, p_value, sig3, thousands};
use crate::state::{AppState, Computed, Shared};
use crate::widgets::export_menu::ExportMenu;
use crate::widgets::number::{Count, Num};
use crate::widgets::table_toggle::{tables_shown, TableToggle};

/// Okabe–Ito, colour-blind safe: the same colour for the same group on every chart.
pub const GROUP_COLOURS: [&str; 7] = [
    "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442",
];

/// The colour of rows without a group (the map's "no group").
pub const NO_GROUP_COLOUR: &str = "#b8bec8";

/// Group names that mean female and male, whatever the data set calls them:
/// they keep one colour each across data sets (orange and sky blue).
const FEMALE: [&str; 6] = ["female", "woman", "women", "f", "girl", "girls"];
const MALE: [&str; 6] = ["male", "man", "men", "m", "boy", "boys"];

/// The colour of group `name`, number `index` in its data set: the same on every
/// chart, and the same for "woman" in one data set and "female" in another.
pub fn group_colour(name: &str, index: usize) -> &'static str {
    let lower = name.to_lowercase();
    if FEMALE.contains(&lower.as_str()) {
        GROUP_COLOURS[0]
    } else if MALE.contains(&lower.as_str()) {
        GROUP_COLOURS[1]
    } else {
        // The other groups share none of those two colours.
        GROUP_COLOURS[2 + index % (GROUP_COLOURS.len() - 2)]
    }
}

/// How many bars the chart shows.
const TOP: usize = 20;

const WIDTH: f64 = 860.0;
const LABEL_WIDTH: f64 = 330.0;
const VALUE_WIDTH: f64 = 60.0;
/// The widest the label column grows to fit its labels.
const MAX_LABEL_WIDTH: f64 = 620.0;
/// The average width of a label's character at the chart's 14 px (DejaVu Sans
/// and its kin: a little over half the font size), with a margin.
const CHAR_WIDTH: f64 = 7.6;

/// The widest the label column may be in a window `inner` px wide, so that the
/// chart, scaled down to the window, keeps its 14-unit text at 12 px or more (a
/// scale of at least 6/7); labels longer than that keep their end.
fn label_cap(inner: f64) -> f64 {
    let available = (inner - 48.0).max(320.0);
    (available * 7.0 / 6.0 - (WIDTH - LABEL_WIDTH)).clamp(160.0, MAX_LABEL_WIDTH)
}

/// A bar's label: its combination and group.
fn bar_label(c: &Cell) -> String {
    format!("{} ({})", c.combination.join(" + "), c.group)
}

/// The width a label takes on the chart, with the gap before its bar.
fn label_width(label: &str) -> f64 {
    label.chars().count() as f64 * CHAR_WIDTH + 16.0
}

/// A label cut to fit `width`, keeping its end (the last attributes and the
/// group): "… + own child (male)".
fn fitted(label: &str, width: f64) -> String {
    let fits = ((width - 16.0) / CHAR_WIDTH) as usize;
    let n = label.chars().count();
    if n <= fits {
        return label.to_owned();
    }
    let tail: String = label.chars().skip(n + 1 - fits).collect();
    format!("…{tail}")
}
const ROW: f64 = 26.0;
const TOP_MARGIN: f64 = 28.0;
const BOTTOM_MARGIN: f64 = 44.0;

/// One bar: its group's number, the cell, its rank (from 1) and, once the
/// bootstrap is in, its interval.
struct Bar {
    group: usize,
    cell: Cell,
    rank: usize,
    interval: Option<CellInterval>,
}

/// The first [`TOP`] bars by `rank`, and the selected combination's bar after
/// them when it ranks lower (so a selection is always on the chart).
fn top_bars(
    a: &Analysis,
    rank: Rank,
    intervals: Option<&BootstrapReport>,
    selected: Option<&Vec<String>>,
) -> Vec<Bar> {
    let groups: Vec<&String> = a.dataset.groups.keys().collect();
    // The intervals belong to these cells only when they are as many.
    let intervals = intervals.filter(|r| r.cells.len() == a.cells.len());
    let bar = |(r, &i): (usize, &usize)| {
        let cell = a.cells.get(i)?.clone();
        Some(Bar {
            group: groups.iter().position(|g| **g == cell.group).unwrap_or(0),
            rank: r + 1,
            interval: intervals.and_then(|b| b.cells.get(i)).cloned(),
            cell,
        })
    };
    let order = ranked(&a.cells, rank);
    let mut bars: Vec<Bar> = order.iter().enumerate().take(TOP).filter_map(bar).collect();
    if let Some(sel) = selected {
        if !bars.iter().any(|b| &b.cell.combination == sel) {
            let pinned = order
                .iter()
                .enumerate()
                .find(|(_, &i)| a.cells.get(i).is_some_and(|c| &c.combination == sel));
            bars.extend(pinned.and_then(bar));
        }
    }
    bars
}

/// The chart's title for a ranking.
fn title(rank: Rank) -> &'static str {
    match rank {
        Rank::Added => "Combinations the model amplifies beyond a perfect model",
        Rank::Delta => "Combinations whose bias grows most from training to predictions",
        Rank::Change => "Combinations whose bias moves most from training to predictions",
    }
}

/// The axis title for a ranking.
fn axis_title(rank: Rank) -> &'static str {
    match rank {
        Rank::Added => "what the model adds: Δ − Δ of a perfect model (= bias in predictions − bias in the test split's truth)",
        Rank::Delta => "Δ (bias score in predictions − in training)",
        Rank::Change => "|Δ| (bias score in predictions − in training, either way)",
    }
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

/// One line of hover text: the values (three significant digits; the full ones
/// are in the table's `data-value`) and the counts behind them.
fn details(c: &Cell, interval: Option<&CellInterval>) -> String {
    let num = |x: Option<f64>| x.map_or("undefined".into(), sig3);
    let spread = match interval.and_then(|i| Some((i.ci95?, i.q?))) {
        Some(([lo, hi], q)) => format!(" [{}, {}], q = {}", sig3(lo), sig3(hi), p_value(q)),
        None => String::new(),
    };
    format!(
        "{} — {}: adds {}{spread}; Δ = {}, a perfect model's Δ = {} (bias in training {} from {} of {} rows; in predictions {} from {} of {} rows)",
        c.combination.join(" + "),
        c.group,
        num(c.added),
        num(c.delta),
        num(c.delta_perfect),
        num(c.bias_train),
        thousands(c.n_train),
        thousands(c.n_train_combination),
        num(c.bias_pred),
        thousands(c.n_pred),
        thousands(c.n_pred_combination),
    )
}

/// The chart, its legend and its table toggle.
#[component]
pub fn BarChart(analysis: Shared<Computed>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let as_table = tables_shown();
    let rank = state.settings.rank();
    let report = move || match state.results.intervals.get() {
        Some(Ok(r)) => Some(r),
        _ => None,
    };
    let charted = analysis.clone();
    let csv = Callback::new(move |()| {
        let r = report();
        let cells: Vec<Cell> = top_bars(&charted, rank.get_untracked(), r.as_deref(), None)
            .into_iter()
            .map(|b| b.cell)
            .collect();
        csv_of_serialize(&cells)
    });
    let rank_button = move |r: Rank, label: &'static str| {
        view! {
            <button
                class="toggle"
                aria-pressed=move || (rank.get() == r).to_string()
                class:active=move || rank.get() == r
                data-rank=r.name()
                on:click=move |_| rank.set(r)
            >
                {label}
            </button>
        }
    };
    view! {
        <figure class="chart" data-testid="bar-chart">
            <figcaption>
                <h2>{move || title(rank.get())}</h2>
                <p class="hint">
                    {move || match rank.get() {
                        Rank::Added => "Each bar is what the model adds to a combination's bias, for the group it leans to in training: Δ minus the Δ a perfect model scores on the same split, so the noise of the split cancels. Right: the model amplifies the bias; left: it weakens it. With the bootstrap in, each bar has its 95% interval, and pale bars are not told apart from a perfect model (q ≥ 0.05).",
                        _ => "Each bar is a combination's Multi_MALS Δ = bias in predictions − bias in training, for the group it leans to in training. Right: the model amplifies the bias; left: it weakens it. Sparse combinations swing by chance: rank by what the model adds to set that noise aside.",
                    }}
                    " Click a bar to list its cells below; Escape clears."
                </p>
                <div class="chart-tools">
                    <span class="menu-label">"Rank by"</span>
                    {rank_button(Rank::Added, "what the model adds")}
                    {rank_button(Rank::Delta, "Δ")}
                    {rank_button(Rank::Change, "|Δ|")}
                    <TableToggle />
                    <ExportMenu name="amplification-chart" chart="bar-chart-svg" csv=csv />
                </div>
            </figcaption>
            {move || {
                let r = report();
                let selected = state.settings.selected().get();
                chart_body(&analysis, rank.get(), r.as_deref(), selected.as_ref(), as_table)
            }}
        </figure>
    }
}

/// The bars (or their table) for one ranking.
fn chart_body(
    analysis: &Analysis,
    rank: Rank,
    report: Option<&BootstrapReport>,
    selected: Option<&Vec<String>>,
    as_table: Memo<bool>,
) -> AnyView {
    let state = expect_context::<AppState>();
    if let Some(reason) = &analysis.metrics.multi_mals.not_available {
        return view! {
            <p class="na-reason">"Amplification per combination is not available: " {reason.clone()}</p>
        }
        .into_any();
    }
    let bars = top_bars(analysis, rank, report, selected);
    if bars.is_empty() {
        return view! {
            <p class="empty">"No combination has a defined Δ with these settings: lower the minimum support or k_min."</p>
        }
        .into_any();
    }
    let value = move |b: &Bar| rank.key(&b.cell).unwrap_or(0.0);
    // Whiskers only where the bar is what the interval is of.
    let whisker = move |b: &Bar| {
        b.interval
            .as_ref()
            .and_then(|i| i.ci95)
            .filter(|_| rank == Rank::Added)
    };
    // The axis spans the bars and their whiskers, and always includes 0.
    let ends = bars.iter().flat_map(|b| {
        [value(b)]
            .into_iter()
            .chain(whisker(b).into_iter().flatten())
    });
    let lo = ends.clone().fold(0.0_f64, f64::min);
    let hi = ends.fold(0.0_f64, f64::max);
    let span = (hi - lo).max(1e-9);
    // The label column fits the longest label (up to a limit; a longer one
    // keeps its end, where the group is, and shows it all in its tooltip).
    let inner = window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .unwrap_or(1280.0);
    let label_w = bars
        .iter()
        .map(|b| label_width(&bar_label(&b.cell)))
        .fold(LABEL_WIDTH, f64::max)
        .min(label_cap(inner));
    let width = WIDTH - LABEL_WIDTH + label_w;
    let plot = WIDTH - LABEL_WIDTH - 2.0 * VALUE_WIDTH;
    let x_of = move |d: f64| label_w + VALUE_WIDTH + plot * (d - lo) / span;
    let zero = x_of(0.0);
    let pinned = bars.len() > TOP || bars.last().is_some_and(|b| b.rank > TOP);
    let pinned_rank = bars.last().map(|b| b.rank).filter(|&r| r > TOP);
    let extra = if pinned { ROW } else { 0.0 };
    let height = TOP_MARGIN + ROW * bars.len() as f64 + extra + BOTTOM_MARGIN;
    let groups: Vec<String> = analysis.dataset.groups.keys().cloned().collect();
    let any_interval = bars.iter().any(|b| whisker(b).is_some());

    let marks = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let c = &b.cell;
            let d = value(b);
            // A pinned selection sits one row lower, below a gap that says so.
            let y = TOP_MARGIN + ROW * i as f64 + if b.rank > TOP { ROW } else { 0.0 };
            let x = x_of(d.min(0.0));
            let w = (x_of(d.max(0.0)) - x).max(1.0);
            let weak = any_interval && b.interval.as_ref().is_some_and(|i| i.q.is_none_or(|q| q >= 0.05));
            let combination = c.combination.clone();
            let selected_combination = combination.clone();
            let is_selected = move || state.settings.selected().get().as_ref() == Some(&selected_combination);
            let select = {
                let combination = combination.clone();
                move || {
                    let same = state.settings.selected().get_untracked().as_ref() == Some(&combination);
                    state.settings.selected().set(if same {
                        None
                    } else {
                        Some(combination.clone())
                    });
                }
            };
            let select_key = select.clone();
            let label = combination.join(" + ");
            let tip = details(c, b.interval.as_ref());
            let whisker = whisker(b).map(|[lo, hi]| {
                let mid = y + ROW / 2.0;
                view! {
                    <line class="whisker" x1=x_of(lo) x2=x_of(hi) y1=mid y2=mid />
                    <line class="whisker" x1=x_of(lo) x2=x_of(lo) y1=mid - 5.0 y2=mid + 5.0 />
                    <line class="whisker" x1=x_of(hi) x2=x_of(hi) y1=mid - 5.0 y2=mid + 5.0 />
                }
            });
            let reach = whisker_end(d, b, rank);
            let value_x = if d >= 0.0 { x_of(reach.max(d)) + 4.0 } else { x_of(reach.min(d)) - 4.0 };
            let anchor = if d >= 0.0 { "start" } else { "end" };
            let shown = fitted(&bar_label(c), label_w);
            // A pinned selection's rank is said by the line above it; its name is
            // the other bars' form: label, value, details.
            let aria = format!("{shown} {}: {tip}", sig3(d));
            view! {
                <g
                    class="bar"
                    class:selected=is_selected
                    class:weak=weak
                    tabindex="0"
                    role="button"
                    // The visible label and value first, then the details.
                    aria-label=aria
                    data-combination=label.clone()
                    data-group=c.group.clone()
                    data-rank=b.rank.to_string()
                    data-value=full(d)
                    data-distinguishable=b.interval.as_ref().map(|i| i.distinguishable().to_string())
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
                    <rect class="row-hit" x="0" y=y width=width height=ROW fill="transparent" />
                    <text class="bar-label" x=label_w - 8.0 y=y + ROW * 0.68 text-anchor="end">
                        {shown}
                    </text>
                    <rect class="bar-fill" x=x y=y + 4.0 width=w height=ROW - 8.0 fill=group_colour(groups.get(b.group).map_or("", String::as_str), b.group) rx="2" />
                    {whisker}
                    <text class="bar-value" x=value_x y=y + ROW * 0.68 text-anchor=anchor>
                        {sig3(d)}
                    </text>
                </g>
            }
        })
        .collect_view();
    let pinned_note = pinned.then(|| {
        let y = TOP_MARGIN + ROW * TOP as f64 + ROW * 0.68;
        let said = match pinned_rank {
            Some(r) => format!("… the selection ranks {r}:"),
            None => "… the selection ranks lower:".to_owned(),
        };
        view! { <text class="tick" x=label_w - 8.0 y=y text-anchor="end" data-testid="pinned-rank">{said}</text> }
    });

    let axis_y = TOP_MARGIN + ROW * bars.len() as f64 + extra;
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
                    <span class="swatch" style=format!("background:{}", group_colour(name, g))></span>
                    {name.clone()}
                </span>
            }
        })
        .collect_view();
    let weak_note = any_interval.then(|| {
        view! {
            <span class="legend-item">
                <span class="swatch weak"></span>
                "not told apart from a perfect model (q ≥ 0.05)"
            </span>
        }
    });
    let table_rows = bars
        .iter()
        .map(|b| {
            let c = &b.cell;
            let i = b.interval.as_ref();
            view! {
                <tr>
                    <td>{b.rank}</td>
                    <td>{c.combination.join(" + ")}</td>
                    <td>{c.group.clone()}</td>
                    <td><Num metric="chart.added".into() value=c.added /></td>
                    <td>{i.and_then(|i| i.ci95).map_or("—".to_owned(), |[lo, hi]| format!("[{}, {}]", sig3(lo), sig3(hi)))}</td>
                    <td><Num metric="chart.added_q".into() value=i.and_then(|i| i.q) /></td>
                    <td><Num metric="chart.delta".into() value=c.delta /></td>
                    <td><Num metric="chart.bias_train".into() value=c.bias_train /> " (n = " <Count metric="chart.n_train_combination".into() value=c.n_train_combination /> ")"</td>
                    <td><Num metric="chart.bias_pred".into() value=c.bias_pred /> " (n = " <Count metric="chart.n_pred_combination".into() value=c.n_pred_combination /> ")"</td>
                </tr>
            }
        })
        .collect_view();

    view! {
        <div class="legend" aria-label="Groups">{legend}{weak_note}</div>
        <div class="chart-scroll" id="bar-chart-svg" class:hidden=move || as_table.get()>
            <svg
                class="bars"
                xmlns="http://www.w3.org/2000/svg"
                viewBox=format!("0 0 {width} {height}")
                width=width
                height=height
                role="group"
                aria-label=title(rank)
            >
                {ticks}
                <line x1=zero x2=zero y1=TOP_MARGIN - 4.0 y2=axis_y class="zero" />
                {marks}
                {pinned_note}
                <text x=zero y=axis_y + 34.0 text-anchor="middle" class="axis-title">
                    {axis_title(rank)}
                </text>
            </svg>
        </div>
        <table class="data-table" class:hidden=move || !as_table.get()>
            <thead>
                <tr><th>"rank"</th><th>"combination"</th><th>"group"</th><th>"adds"</th><th>"95% interval"</th><th>"q"</th><th>"Δ"</th><th>"bias in training"</th><th>"bias in predictions"</th></tr>
            </thead>
            <tbody>{table_rows}</tbody>
        </table>
    }
    .into_any()
}

/// Where a bar's drawing ends on its side of 0: its whisker's end when it has one.
fn whisker_end(d: f64, b: &Bar, rank: Rank) -> f64 {
    match b.interval.as_ref().and_then(|i| i.ci95) {
        Some([lo, hi]) if rank == Rank::Added => {
            if d >= 0.0 {
                hi
            } else {
                lo
            }
        }
        _ => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same group keeps its colour across data sets (kitchen's "woman",
    /// adult's "female"), and no other group takes one of those two colours.
    #[test]
    fn a_group_has_one_colour_whatever_its_data_set_calls_it() {
        assert_eq!(group_colour("woman", 1), group_colour("female", 0));
        assert_eq!(group_colour("man", 0), group_colour("Male", 1));
        assert_ne!(group_colour("woman", 1), group_colour("man", 0));
        for i in 0..20 {
            let other = group_colour("group b", i);
            assert!(other != group_colour("woman", 0) && other != group_colour("man", 0));
        }
    }

    /// A long label keeps its end (the last attributes and the group) and fits.
    #[test]
    fn a_long_label_is_cut_at_its_start() {
        let long = "a + ".repeat(40) + "own child (male)";
        let cut = fitted(&long, MAX_LABEL_WIDTH);
        assert!(
            cut.starts_with('…') && cut.ends_with("own child (male)"),
            "{cut}"
        );
        assert!(label_width(&cut) <= MAX_LABEL_WIDTH, "{cut}");
        assert_eq!(fitted("sink (woman)", MAX_LABEL_WIDTH), "sink (woman)");
        // A narrow window: a shorter column, whose chart keeps 12 px text.
        let cap = label_cap(800.0);
        assert!(cap < MAX_LABEL_WIDTH, "{cap}");
        assert!((800.0 - 48.0) / (WIDTH - LABEL_WIDTH + cap) >= 6.0 / 7.0 - 1e-9);
        assert_eq!(label_cap(1920.0), MAX_LABEL_WIDTH);
    }
}
