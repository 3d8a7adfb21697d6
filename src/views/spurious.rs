//! The spurious-correlation tab: pick a target (an attribute or a group value) and
//! see every other attribute ranked as a cue the model may lean on, with its
//! association in training and the model's error rates with and without it — the
//! counts next to every rate.

use biaslens_core::export::csv_of_serialize;
use biaslens_core::spurious::{Rate, SpuriousReport, TargetKind};
use leptos::prelude::*;

use crate::query::QueryStoreFields;

use crate::charts::heatmap::significant;
use crate::engine::Engine;
use crate::format::thousands;
use crate::state::{AppState, Shared};
use crate::views::rows::RowList;
use crate::widgets::export_menu::ExportMenu;
use crate::widgets::number::Num;
use crate::widgets::progress::failed;
use biaslens_worker::protocol::Job;

/// A rate from fewer rows than this is marked as weak.
const WEAK: u64 = 10;

/// A rate with its counts: `0.31 (13/42)`, marked weak under [`WEAK`] rows.
fn rate(metric: &'static str, r: Option<Rate>, reason: &Option<String>) -> impl IntoView {
    match r {
        Some(r) => {
            let weak = r.denominator < WEAK;
            view! {
                <span class:weak=weak title=if weak { "fewer than 10 rows: a weak estimate" } else { "" }>
                    <Num metric=metric.into() value=r.value reason=Some("no rows".to_owned()) />
                    <span class="n">{format!(" ({}/{})", thousands(r.numerator), thousands(r.denominator))}</span>
                </span>
            }
            .into_any()
        }
        None => view! { <Num metric=metric.into() value=None reason=reason.clone() /> }.into_any(),
    }
}

fn ranking(r: Shared<SpuriousReport>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let reason = r.not_available.clone();
    let max_score = r
        .candidates
        .iter()
        .filter_map(|c| c.score.map(f64::abs))
        .fold(0.0_f64, f64::max)
        .max(1e-12);
    let rows = r
        .candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let attribute = c.attribute.clone();
            let pick = attribute.clone();
            let is_selected = move || state.settings.selected().get().as_deref() == Some(std::slice::from_ref(&attribute));
            let select = move || {
                let same = state.settings.selected().get_untracked().as_deref() == Some(std::slice::from_ref(&pick));
                state.settings.selected_group().set(None);
                state.settings.selected().set(if same { None } else { Some(vec![pick.clone()]) });
            };
            let select_key = select.clone();
            let bar = c.score.map(|s| {
                let w = 60.0 * s.abs() / max_score;
                let fill = if s >= 0.0 { "#5e3c99" } else { "#e66101" };
                view! {
                    <svg class="inline-bar" width="64" height="12" aria-hidden="true">
                        <rect x="0" y="1" width=w height="10" fill=fill rx="1" />
                    </svg>
                }
            });
            let worst = c.worst_group.clone();
            view! {
                <tr
                    class="candidate"
                    class:selected=is_selected
                    tabindex="0"
                    data-attribute=c.attribute.clone()
                    on:click=move |_| select()
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" || ev.key() == " " {
                            ev.prevent_default();
                            select_key();
                        }
                    }
                >
                    <td>{i + 1}</td>
                    <td>{c.attribute.clone()}</td>
                    <td>{bar}<Num metric="spurious.score".into() value=c.score reason=Some("no defined gap".to_owned()) /></td>
                    <td class:significant=significant(&c.association)>
                        <Num metric="spurious.phi".into() value=c.association.phi reason=Some("a margin is 0".to_owned()) />
                        <span class="n">{format!(" (q = {})", c.association.q.map_or("—".into(), crate::format::sig3))}</span>
                    </td>
                    <td>{rate("spurious.tpr_with", c.tpr_with, &reason)}</td>
                    <td>{rate("spurious.tpr_without", c.tpr_without, &reason)}</td>
                    <td><Num metric="spurious.tpr_gap".into() value=c.tpr_gap reason=reason.clone().or(Some("a rate is undefined".to_owned())) /></td>
                    <td>{rate("spurious.fpr_with", c.fpr_with, &reason)}</td>
                    <td>{rate("spurious.fpr_without", c.fpr_without, &reason)}</td>
                    <td><Num metric="spurious.fpr_gap".into() value=c.fpr_gap reason=reason.clone().or(Some("a rate is undefined".to_owned())) /></td>
                    <td>
                        {match worst {
                            Some(w) => view! { {rate("spurious.worst_group_accuracy", Some(w.accuracy), &reason)} <span class="n">{format!(" {}", w.cell)}</span> }.into_any(),
                            None => view! { <Num metric="spurious.worst_group_accuracy".into() value=None reason=reason.clone() /> }.into_any(),
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {r.not_available.clone().map(|why| view! {
            <p class="na-reason">"The model's rates are not available: " {why} ". Candidates are ranked by |phi| in training alone."</p>
        })}
        <div class="table-scroll">
            <table class="data-table spurious-table" data-testid="spurious-table">
                <thead>
                    <tr>
                        <th>"#"</th>
                        <th>"attribute s"</th>
                        <th title="phi × mean of the TPR and FPR gaps: positive when the model leans on s the way s is associated with the target">"score"</th>
                        <th title="Association of s with the target in training (phi), with its Benjamini–Hochberg q">"phi in training"</th>
                        <th title="True-positive rate for the target on test rows with s">"TPR with s"</th>
                        <th title="True-positive rate on test rows without s">"TPR without s"</th>
                        <th>"TPR gap"</th>
                        <th title="False-positive rate for the target on test rows with s">"FPR with s"</th>
                        <th title="False-positive rate on test rows without s">"FPR without s"</th>
                        <th>"FPR gap"</th>
                        <th title="The lowest accuracy of the target prediction over the four (target, s) cells">"worst-group accuracy"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The spurious-correlation tab.
#[component]
pub fn SpuriousView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let engine = expect_context::<Engine>();
    // The names a target can be: the groups, then the attributes.
    let names = Memo::new(move |_| {
        state
            .results
            .analysis
            .get()
            .and_then(Result::ok)
            .map(|a| {
                (
                    a.unfiltered.groups.keys().cloned().collect::<Vec<_>>(),
                    a.unfiltered.attributes.clone(),
                    a.unfiltered.stand_ins,
                )
            })
            .unwrap_or_default()
    });
    // The target in force: the chosen one, else the first group when the model
    // predicts groups, else the first attribute.
    let target = Memo::new(move |_| {
        state.settings.target().get().or_else(|| {
            names.with(|(groups, attributes, stand_ins)| {
                if stand_ins.pred_group {
                    attributes.first().cloned()
                } else {
                    groups.first().cloned()
                }
            })
        })
    });
    engine.follow(move || {
        let target = target.get()?;
        Some((state.data_spec(), Job::Spurious { target }))
    });
    let csv = Callback::new(move |()| {
        state
            .results
            .spurious
            .get_untracked()
            .and_then(Result::ok)
            .map(|r| csv_of_serialize(&r.candidates))
            .unwrap_or_default()
    });
    let picker = move || {
        let (groups, attributes, _) = names.get();
        let current = target.get().unwrap_or_default();
        let option = |n: String| {
            let selected = n == current;
            view! { <option value=n.clone() selected=selected>{n.clone()}</option> }
        };
        view! {
            <label for="spurious-target">"Target"</label>
            <select id="spurious-target" on:change=move |ev| state.settings.target().set(Some(event_target_value(&ev)))>
                <optgroup label="group values (the model predicts the group)">
                    {groups.into_iter().map(option).collect_view()}
                </optgroup>
                <optgroup label="attributes (the model predicts the attribute)">
                    {attributes.into_iter().map(option).collect_view()}
                </optgroup>
            </select>
        }
    };
    let body = move || match state.results.spurious.get() {
        None => view! { <p class="busy">"Ranking candidate cues…"</p> }.into_any(),
        Some(Err(e)) => failed(e),
        Some(Ok(r)) => {
            let t = r.train_positive;
            view! {
                <p class="settings-line" data-testid="spurious-summary">
                    {format!(
                        "Target {} \"{}\": {} of {} training rows. Click an attribute to list its rows below.",
                        match r.target.kind { TargetKind::Group => "group", TargetKind::Attribute => "attribute" },
                        r.target.name(),
                        thousands(t.numerator),
                        thousands(t.denominator)
                    )}
                </p>
                {ranking(r)}
            }
            .into_any()
        }
    };
    let has_selection = move || state.settings.selected().with(Option::is_some);
    view! {
        <section class="chart" data-testid="spurious">
            <h2>"Attributes the model may lean on"</h2>
            <p class="hint">
                "For each attribute s: how strongly it goes with the target in training (phi), and whether the model predicts the target more often when s is there — "
                "for images that have the target (TPR) and for images that do not (FPR). Positive gaps on a positively associated s mean the model uses s as a shortcut. "
                "Rates from fewer than 10 rows are marked as weak."
            </p>
            <div class="chart-tools">
                {picker}
                <ExportMenu name="spurious" csv=csv />
            </div>
            {body}
        </section>
        <Show when=has_selection>
            <RowList />
        </Show>
    }
}
