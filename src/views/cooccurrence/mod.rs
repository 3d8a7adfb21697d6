//! The co-occurrence tab: for a chosen split, the association of every attribute
//! (and combination) with every group, or of every pair of attributes, as a
//! heatmap and as a sortable table, with the rows behind a clicked cell.

pub mod explain;

use biaslens_core::cooccurrence::{CooccurrenceReport, Split, Stats};
use biaslens_core::export::csv_of;
use leptos::prelude::*;

use crate::query::QueryStoreFields;

use crate::widgets::table_toggle::{tables_shown, TableToggle};
use explain::ExplainAssociation;

use crate::charts::heatmap::{details, significant, HeatCell, Heatmap, Measure};
use crate::engine::Engine;
use crate::format::{support_rows, thousands};
use crate::query::{Layout, SortBy};
use crate::state::{AppState, Shared};
use crate::views::rows::RowList;
use crate::widgets::export_menu::ExportMenu;
use crate::widgets::number::{Count, Num};
use crate::widgets::progress::failed;
use biaslens_worker::protocol::Job;

/// Rows of the attribute × group heatmap (the strongest; the table has all).
const HEATMAP_ROWS: usize = 60;
/// Attributes of the attribute × attribute heatmap (the most frequent).
const PAIR_ATTRIBUTES: usize = 40;
/// Table rows shown before "Show more".
const PAGE: usize = 200;

/// One table row, from either table.
#[derive(Debug, Clone)]
struct Line {
    row: String,
    column: String,
    stats: Stats,
}

fn lines(r: &CooccurrenceReport, pairs: bool) -> Vec<Line> {
    if pairs {
        r.pair_rows
            .iter()
            .map(|p| Line {
                row: p.a.clone(),
                column: p.b.clone(),
                stats: p.stats.clone(),
            })
            .collect()
    } else {
        r.group_rows
            .iter()
            .map(|g| Line {
                row: g.attributes.join(" + "),
                column: g.group.clone(),
                stats: g.stats.clone(),
            })
            .collect()
    }
}

/// The sortable columns of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sort {
    Row,
    N11,
    Bias,
    Npmi,
    Phi,
    OddsRatio,
    Q,
}

impl Sort {
    const ALL: [Sort; 7] = [
        Sort::Row,
        Sort::N11,
        Sort::Bias,
        Sort::Npmi,
        Sort::Phi,
        Sort::OddsRatio,
        Sort::Q,
    ];

    /// The key in the link (`cooc_sort=`).
    fn name(self) -> &'static str {
        match self {
            Sort::Row => "name",
            Sort::N11 => "n11",
            Sort::Bias => "bias",
            Sort::Npmi => "npmi",
            Sort::Phi => "phi",
            Sort::OddsRatio => "odds_ratio",
            Sort::Q => "q",
        }
    }

    /// The sort a link asks for; by q when it asks for none (or for no column).
    fn of(layout: &Layout) -> Sort {
        layout
            .cooc_sort
            .as_ref()
            .and_then(|s| Sort::ALL.into_iter().find(|c| c.name() == s.key))
            .unwrap_or(Sort::Q)
    }
}

fn sort_key(s: Sort, l: &Line) -> Option<f64> {
    match s {
        Sort::Row => None,
        Sort::N11 => Some(l.stats.n11 as f64),
        Sort::Bias => l.stats.p_group_given_attr,
        Sort::Npmi => l.stats.npmi,
        Sort::Phi => l.stats.phi,
        Sort::OddsRatio => l.stats.odds_ratio,
        Sort::Q => l.stats.q.map(|q| -q),
    }
}

fn heatmap(r: &CooccurrenceReport, pairs: bool, measure: Measure) -> AnyView {
    let state = expect_context::<AppState>();
    let on_select = Callback::new(move |(attrs, group): (Vec<String>, Option<String>)| {
        let same = state.settings.selected().get_untracked() == Some(attrs.clone())
            && state.settings.selected_group().get_untracked() == group;
        if same {
            state.clear_selection();
        } else {
            state.settings.selected().set(Some(attrs));
            state.settings.selected_group().set(group);
        }
    });
    let selected = Signal::derive(move || {
        (
            state.settings.selected().get().unwrap_or_default(),
            state.settings.selected_group().get(),
        )
    });
    if pairs {
        // The most frequent attributes, in name order, as a symmetric matrix.
        let mut freq: Vec<(String, u64)> = r.attributes.iter().map(|a| (a.clone(), 0)).collect();
        for p in &r.pair_rows {
            for (name, n) in freq.iter_mut() {
                if *name == p.a && *n == 0 {
                    *n = p.stats.n11 + p.stats.n10;
                }
                if *name == p.b && *n == 0 {
                    *n = p.stats.n11 + p.stats.n01;
                }
            }
        }
        freq.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        freq.truncate(PAIR_ATTRIBUTES);
        let mut names: Vec<String> = freq.into_iter().map(|(a, _)| a).collect();
        names.sort();
        let index = |n: &str| names.iter().position(|x| x == n);
        let cells: Vec<HeatCell> = r
            .pair_rows
            .iter()
            .filter_map(|p| {
                let (i, j) = (index(&p.a)?, index(&p.b)?);
                let tip = details(&p.a, &p.b, &p.stats);
                let select = (vec![p.a.clone(), p.b.clone()], None);
                Some([(i, j), (j, i)].map(|(row, column)| HeatCell {
                    row,
                    column,
                    stats: p.stats.clone(),
                    tip: tip.clone(),
                    select: select.clone(),
                }))
            })
            .flatten()
            .collect();
        return view! {
            <Heatmap id="cooc-chart" rows=names.clone() columns=names cells=cells measure=measure
                cell_w=24.0 label_w=130.0 on_select=on_select selected=selected />
        }
        .into_any();
    }
    // Attribute (or combination) × group: the rows with the strongest association.
    let mut order: Vec<(String, f64)> = Vec::new();
    for g in &r.group_rows {
        let name = g.attributes.join(" + ");
        let v = measure.of(&g.stats).map_or(0.0, f64::abs);
        match order.iter_mut().find(|(n, _)| *n == name) {
            Some((_, best)) => *best = best.max(v),
            None => order.push((name, v)),
        }
    }
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    order.truncate(HEATMAP_ROWS);
    let rows: Vec<String> = order.into_iter().map(|(n, _)| n).collect();
    let cells: Vec<HeatCell> = r
        .group_rows
        .iter()
        .filter_map(|g| {
            let name = g.attributes.join(" + ");
            let row = rows.iter().position(|x| *x == name)?;
            let column = r.groups.iter().position(|x| *x == g.group)?;
            Some(HeatCell {
                row,
                column,
                stats: g.stats.clone(),
                tip: details(&name, &g.group, &g.stats),
                select: (g.attributes.clone(), Some(g.group.clone())),
            })
        })
        .collect();
    view! {
        <Heatmap id="cooc-chart" rows=rows columns=r.groups.clone() cells=cells measure=measure
            cell_w=96.0 label_w=260.0 on_select=on_select selected=selected />
    }
    .into_any()
}

fn table(r: Shared<CooccurrenceReport>, pairs: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let sort = Memo::new(move |_| state.settings.layout().with(Sort::of));
    let sort_by = move |s: Sort| {
        state.settings.layout().update(|l| {
            l.cooc_sort = (s != Sort::Q).then(|| SortBy {
                key: s.name().to_owned(),
                descending: true,
            })
        })
    };
    let shown = RwSignal::new(PAGE);
    let all = lines(&r, pairs);
    let total = all.len();
    let sorted = Memo::new(move |_| {
        let mut v = all.clone();
        let s = sort.get();
        v.sort_by(|a, b| match (sort_key(s, a), sort_key(s, b)) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.row.cmp(&b.row).then(a.column.cmp(&b.column)),
        });
        v.into_iter()
            .map(|l| (l.row, l.column, l.stats))
            .collect::<Vec<_>>()
    });
    let header = move |s: Sort, label: &'static str, hint: &'static str| {
        view! {
            <th title=hint aria-sort=move || if sort.get() == s { "descending" } else { "none" }>
                <button class="sort" on:click=move |_| sort_by(s)>{label}</button>
            </th>
        }
    };
    let column_name = if pairs { "second attribute" } else { "group" };
    view! {
        <div class="table-scroll">
            <table class="data-table" data-testid="cooc-table">
                <thead>
                    <tr>
                        {header(Sort::Row, if pairs { "attribute" } else { "attribute or combination" }, "Sort by name")}
                        <th>{column_name}</th>
                        {header(Sort::N11, "n11", "Rows with both (n10: row only, n01: column only, n00: neither)")}
                        {header(Sort::Bias, "P(col | row)", "For groups: the bias score P(g | m)")}
                        <th title="P(row | column)">"P(row | col)"</th>
                        <th title="ln P(m,g) / (P(m)P(g)); −∞ when n11 = 0">"PMI"</th>
                        {header(Sort::Npmi, "nPMI", "PMI / −ln P(m,g), in [−1, 1]")}
                        {header(Sort::Phi, "phi", "Phi coefficient; undefined when a margin is 0")}
                        {header(Sort::OddsRatio, "odds ratio [95% CI]", "0.5 added to every cell when one is 0")}
                        <th title="Pearson chi-square, 1 df, no continuity correction">"p"</th>
                        {header(Sort::Q, "q", "Benjamini–Hochberg over every test in this table; * marks q < 0.05")}
                    </tr>
                </thead>
                <tbody>
                    {move || sorted.with(|rows| rows.iter().take(shown.get()).map(|(row, column, s)| {
                        let sig = significant(s);
                        let pmi = if s.n11 == 0 && s.npmi == Some(-1.0) {
                            view! { <span class="num" data-metric="cooc.pmi" data-value="-inf" title="n11 = 0: PMI is −∞">"−∞"</span> }.into_any()
                        } else {
                            view! { <Num metric="cooc.pmi".into() value=s.pmi /> }.into_any()
                        };
                        view! {
                            <tr class:significant=sig>
                                <td>{row.clone()}</td>
                                <td>{column.clone()}</td>
                                <td title=format!("n10 = {}, n01 = {}, n00 = {}", s.n10, s.n01, s.n00)><Count metric="cooc.n11".into() value=s.n11 /></td>
                                <td><Num metric="cooc.p_group_given_attr".into() value=s.p_group_given_attr /> <span class="n">{format!(" (n = {})", thousands(s.n11 + s.n10))}</span></td>
                                <td><Num metric="cooc.p_attr_given_group".into() value=s.p_attr_given_group /> <span class="n">{format!(" (n = {})", thousands(s.n11 + s.n01))}</span></td>
                                <td>{pmi}</td>
                                <td><Num metric="cooc.npmi".into() value=s.npmi /></td>
                                <td><Num metric="cooc.phi".into() value=s.phi reason=Some("a margin is 0".to_owned()) /></td>
                                <td>
                                    <Num metric="cooc.odds_ratio".into() value=s.odds_ratio />
                                    {s.odds_ratio_ci95.map(|[lo, hi]| format!(" [{}, {}]", crate::format::sig3(lo), crate::format::sig3(hi)))}
                                </td>
                                <td><Num metric="cooc.chi2_p".into() value=s.chi2_p reason=Some("a margin is 0".to_owned()) p=true /></td>
                                <td><Num metric="cooc.q".into() value=s.q reason=Some("no test".to_owned()) p=true />{sig.then_some(" *")}</td>
                            </tr>
                        }
                    }).collect_view())}
                </tbody>
            </table>
        </div>
        {move || (total > shown.get()).then(|| view! {
            <button class="more" on:click=move |_| shown.update(|s| *s += PAGE * 5)>
                {format!("Show more ({} rows in all)", thousands(total as u64))}
            </button>
        })}
    }
}

/// What the attribute × attribute table from counts lacks: the pairs the counts
/// file left out (fewer than `floor` train or test rows), of `attributes`' pairs.
fn pairs_note(pairs: usize, attributes: usize, floor: u64) -> String {
    if pairs == attributes * attributes.saturating_sub(1) / 2 {
        return format!(
            "From counts: every pair of attributes has {}, so the counts file holds all {} pairs and this table is the rows' own.",
            support_rows(floor),
            thousands(pairs as u64)
        );
    }
    if pairs == 0 {
        return format!(
            "From counts: the counts file holds no pair of attributes with {} (or it counts single attributes only), so this table is empty: open the rows for every pair.",
            support_rows(floor)
        );
    }
    format!(
        "From counts: only the {} pairs with {} are in the counts file; the other pairs are left blank, and q-values are over these {} tests.",
        thousands(pairs as u64),
        support_rows(floor),
        thousands(pairs as u64)
    )
}

/// The co-occurrence tab.
#[component]
pub fn CoocView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let engine = expect_context::<Engine>();
    let as_table = tables_shown();
    let measure = Memo::new(move |_| state.settings.layout().with(|l| l.cooc_colour));
    let colour_by = move |m: Measure| state.settings.layout().update(|l| l.cooc_colour = m);
    engine.follow(move || {
        let k_max = if state.settings.cooc_combinations().get() {
            state.settings.k_max().get()
        } else {
            1
        };
        let job = Job::Cooccurrence {
            split: state.settings.split().get(),
            k_max,
            min_support: state.effective_min_support(),
        };
        Some((state.data_spec(), job))
    });
    let toggle = move |label: &'static str, active: Signal<bool>, set: Callback<()>| {
        view! {
            <button class="toggle" data-option=label class:active=move || active.get() aria-pressed=move || active.get().to_string() on:click=move |_| set.run(())>
                {label}
            </button>
        }
    };
    let pairs = state.settings.cooc_pairs();
    // A new shape of rows (attribute × group, combination × group or attribute
    // × attribute): the cell explained below belongs to the old one.
    let shape = move |to_pairs: bool, combinations: bool| {
        let changed = to_pairs != pairs.get_untracked()
            || (!to_pairs && combinations != state.settings.cooc_combinations().get_untracked());
        if changed {
            state.clear_selection();
        }
        pairs.set(to_pairs);
        if !to_pairs {
            state.settings.cooc_combinations().set(combinations);
        }
    };
    let csv = Callback::new(move |()| {
        let Some(Ok(r)) = state.results.cooc.get_untracked() else {
            return String::new();
        };
        let rows: Vec<serde_json::Value> = if pairs.get_untracked() {
            r.pair_rows.iter().map(|p| p.to_json()).collect()
        } else {
            r.group_rows.iter().map(|g| g.to_json()).collect()
        };
        csv_of(&rows)
    });
    let body = move || match state.results.cooc.get() {
        None => view! { <p class="busy">"Counting co-occurrences…"</p> }.into_any(),
        Some(Err(e)) => failed(e),
        Some(Ok(r)) => {
            let pairs = pairs.get();
            let tests = if pairs {
                r.pair_rows.len()
            } else {
                r.group_rows.len()
            };
            let significant_count = if pairs {
                r.pair_rows.iter().filter(|p| significant(&p.stats)).count()
            } else {
                r.group_rows
                    .iter()
                    .filter(|g| significant(&g.stats))
                    .count()
            };
            view! {
                <p class="settings-line" data-testid="cooc-summary">
                    {format!(
                        "{} tests on {} {} rows; {} significant at q < 0.05 after the Benjamini–Hochberg correction.",
                        thousands(tests as u64),
                        thousands(r.rows),
                        r.split.as_str(),
                        thousands(significant_count as u64)
                    )}
                </p>
                {pairs.then(|| r.pairs_below.map(|floor| view! {
                    <p class="note" data-testid="cooc-pairs-below">{pairs_note(tests, r.attributes.len(), floor)}</p>
                }))}
                <div class:hidden=move || as_table.get()>{heatmap(&r, pairs, measure.get())}</div>
                <div class:hidden=move || !as_table.get()>{table(r.clone(), pairs)}</div>
            }
            .into_any()
        }
    };
    let has_selection = move || state.settings.selected().with(Option::is_some);
    view! {
        <figure class="chart" data-testid="cooc">
            <figcaption>
                <h2>
                    {move || if pairs.get() {
                        "Which attributes occur together"
                    } else {
                        "Which attributes occur with which group"
                    }}
                </h2>
                <p class="hint">
                    "Association on the chosen split's ground truth. Hover a cell for its counts and statistics; click it to list its rows below; Escape clears."
                </p>
                <div class="chart-tools">
                    <span class="menu-label">"Split"</span>
                    {toggle("train", Signal::derive(move || state.settings.split().get() == Split::Train), Callback::new(move |()| state.settings.split().set(Split::Train)))}
                    {toggle("test", Signal::derive(move || state.settings.split().get() == Split::Test), Callback::new(move |()| state.settings.split().set(Split::Test)))}
                    <span class="menu-label">"Rows"</span>
                    {toggle("attribute × group", Signal::derive(move || !pairs.get() && !state.settings.cooc_combinations().get()), Callback::new(move |()| shape(false, false)))}
                    {toggle("combination × group", Signal::derive(move || !pairs.get() && state.settings.cooc_combinations().get()), Callback::new(move |()| shape(false, true)))}
                    {toggle("attribute × attribute", Signal::derive(move || pairs.get()), Callback::new(move |()| shape(true, false)))}
                    <span class="menu-label">"Colour"</span>
                    {toggle("nPMI", Signal::derive(move || measure.get() == Measure::Npmi), Callback::new(move |()| colour_by(Measure::Npmi)))}
                    {toggle("phi", Signal::derive(move || measure.get() == Measure::Phi), Callback::new(move |()| colour_by(Measure::Phi)))}
                    <TableToggle chart="heatmap" />
                    <ExportMenu name="cooccurrence" chart="cooc-chart" csv=csv />
                </div>
            </figcaption>
            {body}
        </figure>
        <Show when=has_selection>
            <ExplainAssociation />
            <RowList />
        </Show>
    }
}
