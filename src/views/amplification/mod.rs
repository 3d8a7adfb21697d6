//! The amplification tab: the combinations ranked by how much the model moves
//! their bias (`charts::bar_chart`), the selected one's formulas with its counts
//! (`explain_cell`), every (combination, group) cell as a table (`cells_table`),
//! and the rows behind the selection.

pub mod cells_table;
pub mod explain_cell;

use leptos::prelude::*;

use crate::charts::bar_chart::BarChart;
use crate::query::QueryStoreFields;
use crate::state::{AppState, Computed, Shared};
use crate::views::rows::RowList;
use cells_table::CellsTable;
use explain_cell::ExplainSelection;

/// The amplification tab of an analysis.
#[component]
pub fn AmplificationView(analysis: Shared<Computed>) -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <BarChart analysis=analysis.clone() />
        <ExplainSelection analysis=analysis.clone() />
        <CellsTable analysis=analysis />
        <Show when=move || state.settings.selected().with(Option::is_some)>
            <RowList />
        </Show>
    }
}
