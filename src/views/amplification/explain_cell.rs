//! Classroom view of the selected combination: each metric's formula with the
//! counts of the current selection substituted in, step by step, for every group
//! (a student sees *why* {sink, laundry} scores what it scores). Every count and
//! value shown is the engine's own (a [`Cell`]); the page only lays them out.

use biaslens_core::metrics::amplification::Cell;
use leptos::prelude::*;

use crate::query::QueryStoreFields;

use crate::format::sig3;
use crate::state::{AppState, Computed, Shared};

/// A value, or "undefined" with the reason.
fn value(v: Option<f64>, why: &str) -> String {
    v.map_or_else(|| format!("undefined ({why})"), sig3)
}

/// A directional metric's Δ: its formula, its two shares as counts (numerator,
/// denominator), and the result: "P(…) − P(…) = 46/972 − 72/972 = 0.0473 −
/// 0.0741 = −0.0267".
fn difference(
    title: &'static str,
    formula: String,
    shares: [(u64, u64); 2],
    result: String,
) -> impl IntoView {
    let [(a, da), (b, db)] = shares;
    let line = if da == 0 || db == 0 {
        format!("{formula} = {a}/{da} − {b}/{db} = {result}")
    } else {
        format!(
            "{formula} = {a}/{da} − {b}/{db} = {} − {} = {result}",
            sig3(a as f64 / da as f64),
            sig3(b as f64 / db as f64)
        )
    };
    view! {
        <h4>{title}</h4>
        <p data-testid="explain-difference">{line}</p>
    }
}

/// The signed scores' sign `y` and the single-attribute ancestors' terms.
fn signed(c: &Cell, attributes: usize) -> impl IntoView {
    let g = &c.group;
    let leaning = match c.y {
        1 => format!("m and {g} occur together more often than chance in training"),
        -1 => format!("m and {g} occur together less often than chance in training"),
        _ => "m and the group are independent in training".to_owned(),
    };
    let times = |d: Option<f64>| {
        d.map_or_else(
            || "undefined (Δ is undefined)".to_owned(),
            |d| format!("{} · {} = {}", c.y, sig3(d), sig3(f64::from(c.y) * d)),
        )
    };
    let single = (c.combination.len() == 1).then(|| {
        let term = if c.masked {
            "0 (masked)".to_owned()
        } else {
            c.delta.map_or_else(
                || "nothing (Δ is undefined: skipped, the denominator stays |A|)".to_owned(),
                |d| format!("Δ / |A| = {} / {attributes} = {}", sig3(d), sig3(d / attributes.max(1) as f64)),
            )
        };
        view! {
            <h4>"Single-attribute ancestors"</h4>
            <ul>
                <li>{format!("BiasAmp_MALS = (1/|A|) Σ_g Σ_a 1[b_train > 1/|G|] · (b_pred − b_train), over all |A| = {attributes} attributes whatever the support: this cell adds {term}.")}</li>
                <li>"BiasAmp→ A→T and T→A: the mean of y · Δ over every single attribute's cells, this cell's y · Δ above among them."</li>
            </ul>
        }
    });
    view! {
        <h4>"Signed scores"</h4>
        <p>{format!("y = sign(P_train({g}, m) − P_train({g}) · P_train(m)) = {}: {leaning}.", c.y)}</p>
        <ul>
            <li>{format!("G→M: y · Δ = {}", times(c.delta_g_to_m))}</li>
            <li>{format!("M→G: y · Δ = {}", times(c.delta_m_to_g))}</li>
        </ul>
        {single}
    }
}

/// The steps for one (combination, group) cell.
fn steps(c: &Cell, groups: usize, attributes: usize) -> impl IntoView {
    let m = format!("{{{}}}", c.combination.join(", "));
    let g = c.group.clone();
    let chance = 1.0 / groups.max(1) as f64;
    let lean = if c.masked {
        format!(
            "{} ≤ 1/|G| = {}: the combination does not lean to {g} in training, so the indicator masks this cell: Δ = 0.",
            value(c.bias_train, "no train rows with it"),
            sig3(chance)
        )
    } else {
        format!(
            "{} > 1/|G| = {}: it leans to {g} in training, so the cell counts.",
            value(c.bias_train, "no train rows with it"),
            sig3(chance)
        )
    };
    let delta = if c.masked {
        "Δ = 0 (masked)".to_owned()
    } else {
        format!(
            "Δ({g}, m) = bias_pred − bias_train = {} − {} = {}",
            value(c.bias_pred, "never predicted"),
            value(c.bias_train, "no train rows with it"),
            value(c.delta, "bias_pred is undefined")
        )
    };
    view! {
        <article class="card explain-cell" data-group=g.clone()>
            <h3>{format!("m = {m}, g = {g}")}</h3>
            <h4>"Multi_MALS"</h4>
            <ol>
                <li>{format!("bias_train(m, {g}) = n_train(m, {g}) / n_train(m) = {} / {} = {}", c.n_train, c.n_train_combination, value(c.bias_train, "no train rows with it"))}</li>
                <li>{lean}</li>
                <li>{format!("bias_pred(m, {g}) = n_pred(m, {g}) / n_pred(m) = {} / {} = {}", c.n_pred, c.n_pred_combination, value(c.bias_pred, "never predicted"))}</li>
                <li data-testid="explain-delta" data-value=c.delta.map(|d| d.to_string()).unwrap_or_default()>{delta}</li>
            </ol>
            {difference(
                "Multi→ G→M",
                format!("P(m ⊆ â | {g}) − P(m ⊆ a | {g})"),
                [(c.n_pred_attr_true_group, c.n_test_group), (c.n_test, c.n_test_group)],
                value(c.delta_g_to_m, "no test rows in the group"),
            )}
            {difference(
                "Multi→ M→G",
                format!("P(ĝ = {g} | m ⊆ a) − P({g} | m ⊆ a)"),
                [(c.n_true_attr_pred_group, c.n_test_combination), (c.n_test, c.n_test_combination)],
                value(c.delta_m_to_g, "no test rows with m"),
            )}
            {signed(c, attributes)}
        </article>
    }
}

/// "Why this number?" for the selected combination (nothing without a selection).
#[component]
pub fn ExplainSelection(analysis: Shared<Computed>) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let selected = state.settings.selected().get()?;
        let cells: Vec<Cell> = analysis
            .cells
            .iter()
            .filter(|c| c.combination == selected)
            .cloned()
            .collect();
        let groups = analysis.dataset.groups.len();
        let attributes = analysis.dataset.n_attributes;
        Some(view! {
            <section class="explain" data-testid="explain" aria-label="How the selected combination's numbers are computed">
                <h2>{format!("Why {{{}}} scores what it scores", selected.join(", "))}</h2>
                <p class="hint">"Each metric's formula with this combination's counts substituted in, for every group."</p>
                {if cells.is_empty() {
                    view! { <p class="na-reason">"This combination is not in M under the current settings (too rare, or outside k_min…k_max)."</p> }.into_any()
                } else {
                    view! { <div class="cards">{cells.iter().map(|c| steps(c, groups, attributes)).collect_view()}</div> }.into_any()
                }}
            </section>
        })
    }
}
