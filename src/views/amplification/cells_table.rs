//! The per-(combination, group) breakdown: a sortable, filterable table with the
//! counts next to every rate.

use biaslens_core::metrics::amplification::Cell;
use leptos::prelude::*;

use crate::query::QueryStoreFields;

use biaslens_core::export::csv_of_serialize;

use crate::format::thousands;
use crate::query::{Layout, SortBy};
use crate::state::{AppState, Computed, Shared};
use crate::widgets::export_menu::ExportMenu;
use crate::widgets::number::{Count, Num};

/// Rows shown before "Show more".
const PAGE: usize = 100;

/// A rate from fewer rows than this is marked as weak.
const WEAK: u64 = 10;

/// The sortable columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Combination,
    Group,
    BiasTrain,
    BiasPred,
    Delta,
    Perfect,
    Adds,
    GToM,
    MToG,
}

impl Column {
    const ALL: [(Column, &'static str, &'static str); 9] = [
        (Column::Combination, "combination", "The attributes of m"),
        (Column::Group, "group", "The group g"),
        (
            Column::BiasTrain,
            "bias in training",
            "bias_train(m, g) = n_train(m, g) / n_train(m)",
        ),
        (
            Column::BiasPred,
            "bias in predictions",
            "bias_pred(m, g) on test, predicted group and attributes",
        ),
        (
            Column::Delta,
            "Δ (MALS)",
            "1[bias_train > 1/|G|] · (bias_pred − bias_train)",
        ),
        (
            Column::Perfect,
            "Δ perfect model",
            "Δ if the predictions were the test ground truth: what the split alone moves",
        ),
        (
            Column::Adds,
            "model adds",
            "Δ − Δ perfect model: the amplification that is the model's own",
        ),
        (Column::GToM, "Δ G→M", "P(m ⊆ â | g) − P(m ⊆ a | g) on test"),
        (
            Column::MToG,
            "Δ M→G",
            "P(ĝ = g | m ⊆ a) − P(g | m ⊆ a) on test",
        ),
    ];

    /// The key in the link (`cells_sort=`).
    fn name(self) -> &'static str {
        match self {
            Column::Combination => "combination",
            Column::Group => "group",
            Column::BiasTrain => "bias_train",
            Column::BiasPred => "bias_pred",
            Column::Delta => "delta",
            Column::Perfect => "delta_perfect",
            Column::Adds => "adds",
            Column::GToM => "g_to_m",
            Column::MToG => "m_to_g",
        }
    }

    /// The table's first order: what the model adds, largest first (as the bars).
    const DEFAULT: (Column, bool) = (Column::Adds, true);

    /// The sort a link asks for, or [`Column::DEFAULT`].
    fn sort_of(layout: &Layout) -> (Column, bool) {
        layout
            .cells_sort
            .as_ref()
            .and_then(|s| {
                let col = Column::ALL.iter().find(|c| c.0.name() == s.key)?.0;
                Some((col, s.descending))
            })
            .unwrap_or(Column::DEFAULT)
    }

    fn key(self, c: &Cell) -> Option<f64> {
        match self {
            Column::BiasTrain => c.bias_train,
            Column::BiasPred => c.bias_pred,
            Column::Delta => c.delta,
            Column::Perfect => c.delta_perfect,
            Column::Adds => Some(c.delta? - c.delta_perfect?),
            Column::GToM => c.delta_g_to_m,
            Column::MToG => c.delta_m_to_g,
            Column::Combination | Column::Group => None,
        }
    }
}

/// Orders two cells by a column; undefined values sort last in either direction.
fn compare(col: Column, descending: bool, a: &Cell, b: &Cell) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let direct = |o: Ordering| if descending { o.reverse() } else { o };
    match col {
        Column::Combination => direct(
            a.combination
                .len()
                .cmp(&b.combination.len())
                .then_with(|| a.combination.cmp(&b.combination)),
        ),
        Column::Group => direct(a.group.cmp(&b.group)),
        _ => match (col.key(a), col.key(b)) {
            (Some(x), Some(y)) => direct(x.total_cmp(&y)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
    }
}

/// A rate with its count: `0.31 (n = 42)`, marked weak under [`WEAK`] rows.
#[component]
fn Rate(
    metric: &'static str,
    value: Option<f64>,
    n: u64,
    count_metric: &'static str,
) -> impl IntoView {
    view! {
        <span class="rate" class:weak=n < WEAK title=if n < WEAK { "fewer than 10 rows: a weak estimate" } else { "" }>
            <Num metric=metric.into() value=value reason=Some("no rows".to_owned()) />
            <span class="n">" (n = " <Count metric=count_metric.into() value=n /> ")"</span>
        </span>
    }
}

/// The table of cells.
#[component]
pub fn CellsTable(analysis: Shared<Computed>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // The sort and the filter text are in the link; "Show more" is not.
    let sort = Memo::new(move |_| state.settings.layout().with(Column::sort_of));
    let filter = Memo::new(move |_| state.settings.layout().with(|l| l.cells_find.clone()));
    let sort_by = move |col: Column| {
        let (c, d) = sort.get_untracked();
        let next = if c == col { (col, !d) } else { (col, true) };
        state.settings.layout().update(|l| {
            l.cells_sort = (next != Column::DEFAULT).then(|| SortBy {
                key: next.0.name().to_owned(),
                descending: next.1,
            })
        });
    };
    let shown = RwSignal::new(PAGE);
    let total = analysis.cells.len();
    let cells = analysis.clone();
    let every_cell = analysis.clone();
    let csv = Callback::new(move |()| csv_of_serialize(&every_cell.cells));
    let rows = Memo::new(move |_| {
        let needle = filter.get().to_lowercase();
        let selected = state.settings.selected().get();
        let (col, descending) = sort.get();
        let mut idx: Vec<usize> = (0..cells.cells.len())
            .filter(|&i| {
                let c = &cells.cells[i];
                selected.as_ref().is_none_or(|s| *s == c.combination)
                    && (needle.is_empty()
                        || c.group.to_lowercase().contains(&needle)
                        || c.combination
                            .iter()
                            .any(|a| a.to_lowercase().contains(&needle)))
            })
            .collect();
        idx.sort_by(|&a, &b| compare(col, descending, &cells.cells[a], &cells.cells[b]));
        idx
    });
    let headers = Column::ALL
        .into_iter()
        .map(|(col, label, hint)| {
            let aria = move || match sort.get() {
                (c, true) if c == col => "descending",
                (c, false) if c == col => "ascending",
                _ => "none",
            };
            view! {
                <th scope="col" aria-sort=aria title=hint>
                    <button
                        class="sort"
                        on:click=move |_| sort_by(col)
                    >
                        {label}
                        {move || match sort.get() {
                            (c, true) if c == col => " ▼",
                            (c, false) if c == col => " ▲",
                            _ => "",
                        }}
                    </button>
                </th>
            }
        })
        .collect_view();
    let body = {
        let analysis = analysis.clone();
        move || {
            let idx = rows.get();
            idx.iter()
                .take(shown.get())
                .filter_map(|&i| analysis.cells.get(i))
                .map(|c| {
                    view! {
                        <tr class:masked=c.masked>
                            <td>{c.combination.join(" + ")}</td>
                            <td>{c.group.clone()}</td>
                            <td><Rate metric="cells.bias_train" value=c.bias_train n=c.n_train_combination count_metric="cells.n_train_combination" /></td>
                            <td><Rate metric="cells.bias_pred" value=c.bias_pred n=c.n_pred_combination count_metric="cells.n_pred_combination" /></td>
                            <td class="delta">
                                <Num
                                    metric="cells.delta".into()
                                    value=c.delta
                                    reason=Some("the model never predicts this combination".to_owned())
                                    from=Some(format!(
                                        "{}/{} − {}/{} (bias in predictions − bias in training)",
                                        c.n_pred, c.n_pred_combination, c.n_train, c.n_train_combination
                                    ))
                                />
                                {c.masked.then_some(view! { <span class="masked-note" title="bias in training is not above 1/|G|: the indicator masks this cell">" masked"</span> })}
                            </td>
                            <td>
                                <Num
                                    metric="cells.delta_perfect".into()
                                    value=c.delta_perfect
                                    reason=Some("no test row has this combination".to_owned())
                                    from=Some(format!(
                                        "{}/{} − {}/{} (bias in the test ground truth − bias in training)",
                                        c.n_test, c.n_test_combination, c.n_train, c.n_train_combination
                                    ))
                                />
                            </td>
                            <td>
                                <Num
                                    metric="cells.model_adds".into()
                                    value=Column::Adds.key(c)
                                    reason=Some("Δ or the perfect model's Δ is undefined".to_owned())
                                />
                            </td>
                            <td>
                                <Num
                                    metric="cells.delta_g_to_m".into()
                                    value=c.delta_g_to_m
                                    reason=Some("needs predicted attributes".to_owned())
                                    from=Some(format!(
                                        "{}/{} − {}/{} (P(m ⊆ â | g) − P(m ⊆ a | g), test rows of the group)",
                                        c.n_pred_attr_true_group, c.n_test_group, c.n_test, c.n_test_group
                                    ))
                                />
                            </td>
                            <td>
                                <Num
                                    metric="cells.delta_m_to_g".into()
                                    value=c.delta_m_to_g
                                    reason=Some("needs predicted groups".to_owned())
                                    from=Some(format!(
                                        "{}/{} − {}/{} (P(ĝ = g | m) − P(g | m), test rows with the combination)",
                                        c.n_true_attr_pred_group, c.n_test_combination, c.n_test, c.n_test_combination
                                    ))
                                />
                            </td>
                        </tr>
                    }
                })
                .collect_view()
        }
    };
    view! {
        <section class="cells" aria-label="Cells">
            <h2>"Every (combination, group) cell"</h2>
            <div class="table-tools">
                <label for="cell-filter">"Filter"</label>
                <input
                    id="cell-filter"
                    type="search"
                    placeholder="attribute or group"
                    prop:value=move || filter.get()
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        state.settings.layout().update(|l| l.cells_find = text);
                        shown.set(PAGE);
                    }
                />
                {move || state.settings.selected().get().map(|s| view! {
                    <span class="chip">
                        {format!("combination: {}", s.join(" + "))}
                        <button aria-label="Clear the selected combination" on:click=move |_| state.settings.selected().set(None)>"×"</button>
                    </span>
                })}
                <ExportMenu name="cells" csv=csv />
                <span class="count-line">
                    {move || format!("{} of {} cells", thousands(rows.with(Vec::len) as u64), thousands(total as u64))}
                </span>
            </div>
            <div class="table-scroll">
                <table class="data-table" data-testid="cells-table">
                    <thead><tr>{headers}</tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            {move || (rows.with(Vec::len) > shown.get()).then(|| view! {
                <button class="more" on:click=move |_| shown.update(|s| *s += PAGE * 5)>"Show more"</button>
            })}
        </section>
    }
}
