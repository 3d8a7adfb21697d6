//! The app's state: a small `Copy` struct of signals and memos, provided through
//! context. What a user sets is a signal (and lives in the URL); what follows from
//! it (the data set, the analysis) is a memo, never stored twice.

use std::sync::Arc;

use biaslens_core::{
    analyze, build_from_table, mapping, Analysis, ColumnMapping, CombinationSettings, Dataset,
    Mode, Table,
};
use leptos::prelude::*;

use crate::query::{Query, Source, View};

/// Shared, immutable data in a signal: equal only when it is the same allocation,
/// so a memo never compares big values element by element.
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// An analysis and how long the engine took to compute it.
#[derive(Debug)]
pub struct Computed {
    /// Everything the engine computed.
    pub analysis: Analysis,
    /// Milliseconds the engine took (0 where the clock is unavailable).
    pub millis: f64,
}

impl std::ops::Deref for Computed {
    type Target = Analysis;
    fn deref(&self) -> &Analysis {
        &self.analysis
    }
}

/// Milliseconds since the page opened (the browser's monotonic clock).
fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// A parsed input file and what the app knows about it.
#[derive(Debug)]
pub struct Loaded {
    /// The name shown in the header.
    pub name: String,
    /// Where it came from.
    pub source: Source,
    /// The parsed table (kept so that a change of group column or threshold does
    /// not parse the file again).
    pub table: Table,
    /// Columns that can serve as the group.
    pub group_candidates: Vec<String>,
    /// The minimum support the data set suggests (a demo's setting), if any.
    pub suggested_min_support: Option<u64>,
}

/// The app's signals and memos.
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// The loaded file, if any.
    pub loaded: RwSignal<Option<Shared<Loaded>>>,
    /// The data set the URL asks for (kept while it loads, or when it cannot be
    /// loaded from a link, like a file from disk).
    pub source: RwSignal<Option<Source>>,
    /// The last error, in words that name file, line and column.
    pub error: RwSignal<Option<String>>,
    /// What is being loaded, while it is.
    pub busy: RwSignal<Option<String>>,
    /// The group column (`None`: the detected one).
    pub group: RwSignal<Option<String>>,
    /// Smallest combination size.
    pub k_min: RwSignal<usize>,
    /// Largest combination size.
    pub k_max: RwSignal<usize>,
    /// Minimum support (`None`: the data set's suggestion, else 1).
    pub min_support: RwSignal<Option<u64>>,
    /// Combination mode.
    pub mode: RwSignal<Mode>,
    /// Score threshold.
    pub threshold: RwSignal<f64>,
    /// The open tab.
    pub view: RwSignal<View>,
    /// The selected combination, filtering the table.
    pub selected: RwSignal<Option<Vec<String>>>,
    /// The data set built from the loaded table and the settings.
    pub dataset: Memo<Option<Result<Shared<Dataset>, String>>>,
    /// Every metric, from the engine.
    pub analysis: Memo<Option<Result<Shared<Computed>, String>>>,
}

impl AppState {
    /// New state from the URL's query.
    pub fn new(q: &Query) -> Self {
        let loaded: RwSignal<Option<Shared<Loaded>>> = RwSignal::new(None);
        let group = RwSignal::new(q.group.clone());
        let threshold = RwSignal::new(q.threshold);
        let k_min = RwSignal::new(q.k_min);
        let k_max = RwSignal::new(q.k_max);
        let min_support = RwSignal::new(q.min_support);
        let mode = RwSignal::new(q.mode);
        let dataset = Memo::new(move |_| {
            let l = loaded.get()?;
            let g = group.get();
            Some(
                build_from_table(&l.name, &l.table, g.as_deref(), threshold.get())
                    .map(|d| Shared(Arc::new(d)))
                    .map_err(|e| e.to_string()),
            )
        });
        let analysis = Memo::new(move |_| {
            let d = match dataset.get()? {
                Ok(d) => d,
                Err(e) => return Some(Err(e)),
            };
            let suggested = loaded
                .with(|l| l.as_ref().and_then(|l| l.suggested_min_support))
                .unwrap_or(1);
            let settings = CombinationSettings {
                mode: mode.get(),
                k_min: k_min.get(),
                k_max: k_max.get(),
                min_support: min_support.get().unwrap_or(suggested),
            };
            let start = now_ms();
            Some(
                analyze(&d, &settings)
                    .map(|analysis| {
                        let millis = now_ms() - start;
                        Shared(Arc::new(Computed { analysis, millis }))
                    })
                    .map_err(|e| e.to_string()),
            )
        });
        Self {
            loaded,
            source: RwSignal::new(q.source.clone()),
            error: RwSignal::new(None),
            busy: RwSignal::new(None),
            group,
            k_min,
            k_max,
            min_support,
            mode,
            threshold,
            view: RwSignal::new(q.view),
            selected: RwSignal::new(q.selected.clone()),
            dataset,
            analysis,
        }
    }

    /// The minimum support in force.
    pub fn effective_min_support(&self) -> u64 {
        self.min_support.get().unwrap_or_else(|| {
            self.loaded
                .with(|l| l.as_ref().and_then(|l| l.suggested_min_support))
                .unwrap_or(1)
        })
    }

    /// The query string that reproduces the current screen.
    pub fn query(&self) -> Query {
        Query {
            source: self.source.get(),
            group: self.group.get(),
            k_min: self.k_min.get(),
            k_max: self.k_max.get(),
            min_support: self.min_support.get(),
            mode: self.mode.get(),
            threshold: self.threshold.get(),
            view: self.view.get(),
            selected: self.selected.get(),
        }
    }

    /// Sets every setting from a query (back/forward, or a followed link).
    pub fn apply(&self, q: &Query) {
        self.group.set(q.group.clone());
        self.k_min.set(q.k_min);
        self.k_max.set(q.k_max);
        self.min_support.set(q.min_support);
        self.mode.set(q.mode);
        self.threshold.set(q.threshold);
        self.view.set(q.view);
        self.selected.set(q.selected.clone());
    }

    /// Replaces the loaded data set (after it parsed and built without error).
    pub fn install(&self, loaded: Loaded, keep_settings: bool) {
        self.source.set(Some(loaded.source.clone()));
        if !keep_settings {
            self.group.set(None);
            self.selected.set(None);
            self.min_support.set(None);
        }
        self.error.set(None);
        self.loaded.set(Some(Shared(Arc::new(loaded))));
    }
}

/// Parses a file and checks that it builds into a data set with the requested
/// group column, before anything already loaded is replaced.
pub fn prepare(
    name: &str,
    source: Source,
    file: &str,
    bytes: &[u8],
    group: Option<&str>,
    threshold: f64,
    suggested_min_support: Option<u64>,
) -> Result<Loaded, String> {
    let table = biaslens_core::parse_table(file, bytes).map_err(|e| e.to_string())?;
    build_from_table(name, &table, group, threshold).map_err(|e| e.to_string())?;
    let group_candidates = mapping::group_candidates(&table, &ColumnMapping::detect(&table));
    Ok(Loaded {
        name: name.to_owned(),
        source,
        table,
        group_candidates,
        suggested_min_support,
    })
}
