//! Classroom view of a selected co-occurrence cell: each association statistic of
//! `docs/spec/metrics.md` section 5 with the cell's 2×2 counts substituted into its formula.
//! The results are the engine's ([`Stats`]); the page writes out the counts.

use biaslens_core::cooccurrence::Stats;
use leptos::prelude::*;

use crate::query::QueryStoreFields;

use crate::format::{p_value, sig3};
use crate::state::AppState;

/// A statistic, or "undefined" with the reason.
fn or_undefined(v: Option<f64>, why: &str) -> String {
    v.map_or_else(|| format!("undefined ({why})"), sig3)
}

/// The formulas of one cell: `row` (an attribute or combination) against
/// `column` (a group, or a second attribute).
fn formulas(row: &str, column: &str, s: &Stats) -> impl IntoView {
    let (a, b, c, d) = (s.n11, s.n10, s.n01, s.n00);
    let n = a + b + c + d;
    let pmi = match (s.pmi, a) {
        (_, 0) => "−∞ (n11 = 0)".to_owned(),
        (v, _) => or_undefined(v, "an empty margin"),
    };
    let zero_cell = a == 0 || b == 0 || c == 0 || d == 0;
    let odds = format!(
        "odds ratio = (n11·n00) / (n10·n01) = ({a}·{d}) / ({b}·{c}){} = {}{}",
        if zero_cell {
            ", with 0.5 added to every cell (a cell is 0)"
        } else {
            ""
        },
        or_undefined(s.odds_ratio, "a zero count"),
        s.odds_ratio_ci95
            .map(|[lo, hi]| format!(", 95% interval [{}, {}]", sig3(lo), sig3(hi)))
            .unwrap_or_default()
    );
    view! {
        <article class="card explain-cell">
            <h3>{format!("m = {row}, column = {column}")}</h3>
            <p>{format!(
                "Counts: n11 = {a} (both), n10 = {b} ({row} only), n01 = {c} ({column} only), n00 = {d} (neither); n = {n}."
            )}</p>
            <ol>
                <li>{format!("P({column} | m) = n11 / (n11 + n10) = {a} / {} = {}", a + b, or_undefined(s.p_group_given_attr, "no row has m"))}</li>
                <li>{format!("P(m | {column}) = n11 / (n11 + n01) = {a} / {} = {}", a + c, or_undefined(s.p_attr_given_group, "no row is in the column"))}</li>
                <li>{format!("PMI = ln( P(m, {column}) / (P(m)·P({column})) ) = ln( ({a}/{n}) / (({}/{n})·({}/{n})) ) = {pmi}", a + b, a + c)}</li>
                <li data-testid="explain-npmi" data-value=s.npmi.map(|v| v.to_string()).unwrap_or_default()>
                    {format!("nPMI = PMI / −ln P(m, {column}) = {pmi} / −ln({a}/{n}) = {}", or_undefined(s.npmi, "an empty margin"))}
                </li>
                <li>{format!(
                    "phi = (n11·n00 − n10·n01) / √((n11+n10)(n01+n00)(n11+n01)(n10+n00)) = ({a}·{d} − {b}·{c}) / √({}·{}·{}·{}) = {}",
                    a + b, c + d, a + c, b + d, or_undefined(s.phi, "a margin is 0")
                )}</li>
                <li>{odds}</li>
                <li>{format!(
                    "Pearson chi-square (1 degree of freedom): p = {}; Benjamini–Hochberg over the table's tests: q = {}{}",
                    s.chi2_p.map_or_else(|| "undefined (a margin is 0)".to_owned(), p_value),
                    s.q.map_or_else(|| "undefined (no p-value)".to_owned(), p_value),
                    if s.q.is_some_and(|q| q < 0.05) { " < 0.05: significant." } else { "." }
                )}</li>
            </ol>
        </article>
    }
}

/// "How is this cell computed?" for the selected co-occurrence cell, when the
/// table on screen has it.
#[component]
pub fn ExplainAssociation() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let selected = state.settings.selected().get()?;
        let group = state.settings.selected_group().get();
        let Some(Ok(report)) = state.results.cooc.get() else {
            return None;
        };
        let name = format!("{{{}}}", selected.join(", "));
        let (row, column, stats) = match (&group, selected.as_slice()) {
            (Some(g), _) => report
                .group_rows
                .iter()
                .find(|r| r.attributes == selected && &r.group == g)
                .map(|r| (name.clone(), g.clone(), r.stats.clone()))?,
            // A pair: n10 counts the table's row attribute alone, whichever was clicked first.
            (None, [x, y]) => report
                .pair_rows
                .iter()
                .find(|p| (&p.a, &p.b) == (x, y) || (&p.a, &p.b) == (y, x))
                .map(|p| {
                    (
                        format!("{{{}}}", p.a),
                        format!("{{{}}}", p.b),
                        p.stats.clone(),
                    )
                })?,
            _ => return None,
        };
        Some(view! {
            <section class="explain" data-testid="explain-association" aria-label="How the selected cell's statistics are computed">
                <h2>{format!("How the statistics of {row} × {column} are computed")}</h2>
                <p class="hint">"Each statistic's formula with this cell's counts on the chosen split substituted in."</p>
                <div class="cards">{formulas(&row, &column, &stats)}</div>
            </section>
        })
    }
}
