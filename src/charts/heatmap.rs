//! Heatmaps of association (nPMI or phi, both in [−1, 1]) on a diverging,
//! colour-blind-safe scale (PuOr), with a legend, the counts on hover, cells
//! significant after Benjamini–Hochberg marked, and click to select.

use biaslens_core::cooccurrence::Stats;
use leptos::prelude::*;

use crate::format::{full, p_value, sig3};

/// Which association a heatmap shows (its name in the link is in `query`).
pub use crate::query::Measure;

impl Measure {
    /// The value of a table row.
    pub fn of(self, s: &Stats) -> Option<f64> {
        match self {
            Measure::Npmi => s.npmi,
            Measure::Phi => s.phi,
        }
    }

    /// The name on screen.
    pub fn label(self) -> &'static str {
        match self {
            Measure::Npmi => "nPMI",
            Measure::Phi => "phi",
        }
    }
}

/// PuOr stops from −1 (orange) through 0 (grey-white) to +1 (purple).
const STOPS: [(f64, [u8; 3]); 5] = [
    (-1.0, [0xe6, 0x61, 0x01]),
    (-0.5, [0xfd, 0xb8, 0x63]),
    (0.0, [0xf7, 0xf7, 0xf7]),
    (0.5, [0xb2, 0xab, 0xd2]),
    (1.0, [0x5e, 0x3c, 0x99]),
];

/// The colour of a value in [−1, 1] (clamped).
pub fn diverging(v: f64) -> String {
    let v = if v.is_nan() { 0.0 } else { v.clamp(-1.0, 1.0) };
    let mut lo = STOPS[0];
    let mut hi = STOPS[STOPS.len() - 1];
    for pair in STOPS.windows(2) {
        if v >= pair[0].0 && v <= pair[1].0 {
            lo = pair[0];
            hi = pair[1];
            break;
        }
    }
    let t = if hi.0 > lo.0 {
        (v - lo.0) / (hi.0 - lo.0)
    } else {
        0.0
    };
    let mix = |a: u8, b: u8| (f64::from(a) + t * (f64::from(b) - f64::from(a))).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(lo.1[0], hi.1[0]),
        mix(lo.1[1], hi.1[1]),
        mix(lo.1[2], hi.1[2])
    )
}

/// Whether a row is significant at q < 0.05.
pub fn significant(s: &Stats) -> bool {
    s.q.is_some_and(|q| q < 0.05)
}

fn text(v: Option<f64>) -> String {
    match v {
        Some(x) if x == f64::NEG_INFINITY => "−∞".to_owned(),
        Some(x) => full(x),
        None => "undefined".to_owned(),
    }
}

/// A p- or q-value at full precision; an exact 0 is an underflow.
fn p_text(v: Option<f64>) -> String {
    match v {
        Some(0.0) => p_value(0.0),
        other => text(other),
    }
}

/// One line of hover text with the counts and every statistic.
pub fn details(row: &str, column: &str, s: &Stats) -> String {
    format!(
        "{row} × {column}: n11 = {}, n10 = {}, n01 = {}, n00 = {}; P({column} | {row}) = {}; P({row} | {column}) = {}; PMI = {}; nPMI = {}; phi = {}; odds ratio = {}{}; chi-square p = {}; q = {}",
        s.n11,
        s.n10,
        s.n01,
        s.n00,
        text(s.p_group_given_attr),
        text(s.p_attr_given_group),
        text(if s.n11 == 0 && s.npmi == Some(-1.0) { Some(f64::NEG_INFINITY) } else { s.pmi }),
        text(s.npmi),
        text(s.phi),
        text(s.odds_ratio),
        s.odds_ratio_ci95
            .map(|[lo, hi]| format!(" [{}, {}]", sig3(lo), sig3(hi)))
            .unwrap_or_default(),
        p_text(s.chi2_p),
        p_text(s.q),
    )
}

/// One cell of a heatmap.
#[derive(Debug, Clone)]
pub struct HeatCell {
    /// Row index.
    pub row: usize,
    /// Column index.
    pub column: usize,
    /// The statistics.
    pub stats: Stats,
    /// The hover text.
    pub tip: String,
    /// What clicking selects: attributes and group.
    pub select: (Vec<String>, Option<String>),
}

const CELL_H: f64 = 24.0;
const TOP: f64 = 90.0;

/// A heatmap with row and column labels.
#[component]
pub fn Heatmap(
    /// The id of the chart's container (for export).
    id: &'static str,
    /// Row labels.
    rows: Vec<String>,
    /// Column labels.
    columns: Vec<String>,
    /// The cells that have a value.
    cells: Vec<HeatCell>,
    /// The measure shown.
    measure: Measure,
    /// Width of one column.
    cell_w: f64,
    /// Width of the row labels.
    label_w: f64,
    /// Called with a cell's selection when it is clicked.
    on_select: Callback<(Vec<String>, Option<String>)>,
    /// What is selected now.
    selected: Signal<(Vec<String>, Option<String>)>,
) -> impl IntoView {
    let width = (label_w + cell_w * columns.len() as f64 + 16.0).max(420.0);
    // The colour scale is symmetric around 0 and spans the largest |value| shown,
    // so that weak associations are still told apart; the legend gives the range.
    let scale = cells
        .iter()
        .filter_map(|c| measure.of(&c.stats))
        .filter(|v| v.is_finite())
        .fold(0.0_f64, |m, v| m.max(v.abs()))
        .max(1e-9);
    let height = TOP + CELL_H * rows.len() as f64 + 112.0;
    let column_labels = columns
        .iter()
        .enumerate()
        .map(|(c, name)| {
            let x = label_w + cell_w * (c as f64 + 0.5);
            view! {
                <text class="column-label" x=x y=TOP - 8.0 transform=format!("rotate(-40 {x} {})", TOP - 8.0)>
                    {name.clone()}
                </text>
            }
        })
        .collect_view();
    let row_labels = rows
        .iter()
        .enumerate()
        .map(|(r, name)| {
            view! {
                <text class="row-label" x=label_w - 6.0 y=TOP + CELL_H * (r as f64 + 0.68) text-anchor="end">
                    {name.clone()}
                </text>
            }
        })
        .collect_view();
    let marks = cells
        .into_iter()
        .map(|cell| {
            let x = label_w + cell_w * cell.column as f64;
            let y = TOP + CELL_H * cell.row as f64;
            let value = measure.of(&cell.stats);
            let fill = value.map_or_else(|| "#f2f2f5".to_owned(), |v| diverging(v / scale));
            let star = significant(&cell.stats);
            let pick = cell.select.clone();
            let pick_key = cell.select.clone();
            let is_selected = {
                let pick = cell.select.clone();
                move || selected.get() == pick
            };
            let label = format!("{} = {}", measure.label(), value.map_or("undefined".into(), sig3));
            let show_value = cell_w >= 56.0;
            // Light text on the dark ends of the scale.
            let dark = value.is_some_and(|v| (v / scale).abs() > 0.6);
            view! {
                <g
                    class="heat-cell"
                    class:selected=is_selected
                    tabindex="0"
                    role="button"
                    aria-label=format!("{}; {label}", cell.tip)
                    data-row=rows.get(cell.row).cloned().unwrap_or_default()
                    data-column=columns.get(cell.column).cloned().unwrap_or_default()
                    data-value=value.map(full).unwrap_or_default()
                    data-q=cell.stats.q.map(full).unwrap_or_default()
                    data-n11=cell.stats.n11.to_string()
                    on:click=move |_| on_select.run(pick.clone())
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            on_select.run(pick_key.clone());
                        }
                    }
                >
                    {leptos::svg::title().child(cell.tip.clone())}
                    <rect x=x + 1.0 y=y + 1.0 width=cell_w - 2.0 height=CELL_H - 2.0 fill=fill rx="2" />
                    {show_value.then(|| view! {
                        <text class="cell-value" class:on-dark=dark x=x + cell_w / 2.0 y=y + CELL_H * 0.68 text-anchor="middle">
                            {value.map_or("—".into(), sig3)}{if star { " *" } else { "" }}
                        </text>
                    })}
                    {(!show_value && star).then(|| view! {
                        <circle class="sig-dot" cx=x + cell_w / 2.0 cy=y + CELL_H / 2.0 r="2.5" />
                    })}
                </g>
            }
        })
        .collect_view();
    // The legend, under the cells from the left edge: a gradient over the scale
    // with its three values, then what the colours and marks mean, one short line
    // each (SVG text does not wrap, and the narrowest heatmap is 420 wide).
    let legend_y = TOP + CELL_H * rows.len() as f64 + 24.0;
    let legend_w = 240.0;
    let legend_x = 8.0;
    let steps = (0..=40)
        .map(|i| {
            let v = -1.0 + 2.0 * f64::from(i) / 40.0;
            view! {
                <rect x=legend_x + legend_w * f64::from(i) / 41.0 y=legend_y width=legend_w / 41.0 + 0.5 height="10" fill=diverging(v) />
            }
        })
        .collect_view();
    let lines = [
        format!("{}, orange: together less often than by chance", measure.label()),
        "purple: more often; 0: independent (range −1 to 1)".to_owned(),
        "* or •: q < 0.05 (Benjamini–Hochberg); grey: undefined".to_owned(),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, line)| {
        view! {
            <text class="tick legend-line" x=legend_x y=legend_y + 46.0 + 18.0 * i as f64>{line}</text>
        }
    })
    .collect_view();
    view! {
        <div class="chart-scroll" id=id>
            <svg
                class="heatmap"
                xmlns="http://www.w3.org/2000/svg"
                viewBox=format!("0 0 {width} {height}")
                width=width
                height=height
                role="group"
                aria-label=format!("Heatmap of {} between rows and columns", measure.label())
            >
                {column_labels}
                {row_labels}
                {marks}
                {steps}
                <text class="tick" x=legend_x y=legend_y + 24.0>{format!("−{}", sig3(scale))}</text>
                <text class="tick" x=legend_x + legend_w / 2.0 y=legend_y + 24.0 text-anchor="middle">"0"</text>
                <text class="tick" x=legend_x + legend_w y=legend_y + 24.0 text-anchor="end">{format!("+{}", sig3(scale))}</text>
                {lines}
            </svg>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diverging_scale_ends_and_middle() {
        assert_eq!(diverging(-1.0), "#e66101");
        assert_eq!(diverging(0.0), "#f7f7f7");
        assert_eq!(diverging(1.0), "#5e3c99");
        assert_eq!(diverging(7.0), "#5e3c99");
    }
}
