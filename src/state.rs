//! The app's state: a small `Copy` struct of signals, provided through context,
//! in three parts by who writes them: what the user sets (`settings`, one
//! [`Store`] of the URL's [`Query`]), what the engine computed (`results`,
//! read-only signals whose writers only the engine holds), and the page's own
//! flags (the data set loaded, errors, what is being loaded). Everything shown
//! is derived from these.

use std::sync::Arc;

use biaslens_core::bootstrap::{BootstrapReport, BootstrapSettings};
use biaslens_core::cooccurrence::CooccurrenceReport;
use biaslens_core::dataset::DatasetSummary;
use biaslens_core::embeddings::map::MapView;
use biaslens_core::embeddings::EmbeddingReport;
use biaslens_core::filter::{RowFilter, RowPage};
use biaslens_core::manifest::Manifest;
use biaslens_core::mapping::NeedsColumns;
use biaslens_core::probe::sap::ProbeReport;
use biaslens_core::probe::slices::SliceReport;
use biaslens_core::progress::Progress;
use biaslens_core::spurious::SpuriousReport;
use biaslens_core::{Analysis, ColumnChoice, CombinationSettings};
use leptos::prelude::*;
use reactive_stores::Store;

use crate::query::{Query, QueryStoreFields, Source};
use biaslens_worker::protocol::AnalysisRequest;
use biaslens_worker::protocol::{DataSpec, JobError};

/// Shared, immutable data in a signal: equal only when it is the same allocation,
/// so nothing compares big values element by element.
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
    /// Everything the engine computed (on the filtered rows).
    pub analysis: Analysis,
    /// The summary of the whole data set, before the filter.
    pub unfiltered: DatasetSummary,
    /// Milliseconds the engine took.
    pub millis: f64,
}

impl std::ops::Deref for Computed {
    type Target = Analysis;
    fn deref(&self) -> &Analysis {
        &self.analysis
    }
}

/// A result from the engine: nothing yet, or the value, or why there is none.
pub type Outcome<T> = Option<Result<Shared<T>, JobError>>;

/// A data set the engine's worker holds, as the page knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The name shown in the header.
    pub name: String,
    /// Where it came from.
    pub source: Source,
    /// Columns that can serve as the group.
    pub group_candidates: Vec<String>,
    /// The minimum support the data set suggests (a demo's or a manifest's
    /// setting, a counts file's floor, or one chosen from its rows), if any.
    pub suggested_min_support: Option<u64>,
    /// How the suggestion was chosen from the rows, when it was.
    pub support_chosen: Option<biaslens_core::support::Suggestion>,
    /// What its manifest says about it (description, license, source), if any.
    pub about: Option<Box<Manifest>>,
    /// Set when only counts were loaded (a counts file): what they cover.
    pub counts: Option<biaslens_worker::protocol::CountsInfo>,
}

/// The app's signals.
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// What the engine computed (read-only here: the engine holds the writers).
    pub results: Results,
    /// What the user sets, as the URL carries it: one value, parsed from the
    /// query string and written back to it in `query.rs` (each field reactive on
    /// its own: `state.settings.k_max().get()`).
    pub settings: Store<Query>,
    /// The loaded data set, if any.
    pub loaded: RwSignal<Option<Loaded>>,
    /// The last error, in words that name file, line and column.
    pub error: RwSignal<Option<String>>,
    /// What is being loaded, while it is.
    pub busy: RwSignal<Option<String>>,
    /// Hosts the user allowed row images from (for this page only: see `images`).
    pub image_hosts: RwSignal<std::collections::BTreeSet<String>>,
    /// Presses of "Compute again" after a cancel: the views' jobs track it.
    pub retry: RwSignal<u64>,
    /// What this browser keeps of the last data set opened from a file.
    pub kept: RwSignal<crate::kept::Kept>,
    /// A file that opens once the user chooses columns for its roles: what the
    /// mapping panel shows.
    pub needs_columns: RwSignal<Option<Box<NeedsColumns>>>,
    /// Counts embeddings loads, so that the map asks again.
    pub embeddings_version: RwSignal<u64>,
    /// Counts concepts loads, so that the probe asks again.
    pub concepts_version: RwSignal<u64>,
}

/// Declares [`Results`] and [`ResultWriters`] from one list of fields.
macro_rules! results {
    ($($(#[doc = $doc:literal])* $name:ident: $ty:ty,)*) => {
        /// What the engine computed, as the views read it. Only the engine
        /// writes these (it holds their [`ResultWriters`]); a view asks for a
        /// result through the engine (see `Engine::follow`) and reads it here.
        #[derive(Debug, Clone, Copy)]
        pub struct Results {
            $($(#[doc = $doc])* pub $name: ReadSignal<$ty>,)*
        }

        /// The writing halves of [`Results`]: the engine's alone.
        #[derive(Debug, Clone, Copy)]
        pub struct ResultWriters {
            $($(#[doc = $doc])* pub $name: WriteSignal<$ty>,)*
        }

        impl Results {
            /// Nothing computed yet, and the writers.
            fn new() -> (Self, ResultWriters) {
                $(let $name = signal(Default::default());)*
                (Self { $($name: $name.0,)* }, ResultWriters { $($name: $name.1,)* })
            }
        }
    };
}

results! {
    /// The last analysis the engine finished (or why it could not).
    analysis: Outcome<Computed>,
    /// What the engine is computing, while it is (the working line).
    working: Option<Progress>,
    /// Bootstrap intervals of the analysis on screen.
    intervals: Outcome<BootstrapReport>,
    /// The bootstrap's progress, while it runs.
    boot_working: Option<Progress>,
    /// Milliseconds the last bootstrap took in its workers.
    boot_millis: Option<f64>,
    /// The co-occurrence tables.
    cooc: Outcome<CooccurrenceReport>,
    /// The spurious-correlation ranking.
    spurious: Outcome<SpuriousReport>,
    /// The rows behind the selection.
    rows: Outcome<RowPage>,
    /// The map: positions and colours.
    map: Outcome<MapView>,
    /// The embedding analyses: leakage and attribute directions.
    embedding_report: Outcome<EmbeddingReport>,
    /// The probe of what the representation leans on.
    probe: Outcome<ProbeReport>,
    /// Where the model fails: its error slices.
    slices: Outcome<SliceReport>,
}

impl AppState {
    /// New state from the URL's query, and the writers of its results (for the
    /// engine).
    pub fn new(q: &Query) -> (Self, ResultWriters) {
        let (results, writers) = Results::new();
        let state = Self {
            results,
            settings: Store::new(q.clone()),
            loaded: RwSignal::new(None),
            error: RwSignal::new(None),
            busy: RwSignal::new(None),
            image_hosts: RwSignal::new(Default::default()),
            retry: RwSignal::new(0),
            kept: RwSignal::new(crate::kept::Kept::Nothing),
            needs_columns: RwSignal::new(None),
            embeddings_version: RwSignal::new(0),
            concepts_version: RwSignal::new(0),
        };
        (state, writers)
    }

    /// Which rows every job works on.
    pub fn data_spec(&self) -> DataSpec {
        DataSpec {
            columns: self.settings.columns().get(),
            threshold: self.settings.threshold().get(),
            filter: self.settings.filter().get(),
        }
    }

    /// The bootstrap the settings ask for (`None` when `B` is 0).
    pub fn bootstrap_settings(&self) -> Option<BootstrapSettings> {
        let replicates = self.settings.replicates().get();
        (replicates > 0).then(|| BootstrapSettings {
            replicates,
            seed: self.settings.seed().get(),
        })
    }

    /// The rows behind the current selection, as a filter.
    pub fn selection(&self) -> RowFilter {
        RowFilter {
            group: self.settings.selected_group().get(),
            has: self.settings.selected().get().unwrap_or_default(),
            ..RowFilter::default()
        }
    }

    /// Clears the selection (Escape).
    pub fn clear_selection(&self) {
        self.settings.selected().set(None);
        self.settings.selected_group().set(None);
    }

    /// The minimum support the loaded data set suggests (1 when it suggests none).
    fn suggested_min_support(&self) -> u64 {
        self.loaded
            .with(|l| l.as_ref().and_then(|l| l.suggested_min_support))
            .unwrap_or(1)
    }

    /// The minimum support in force.
    pub fn effective_min_support(&self) -> u64 {
        self.settings
            .min_support()
            .get()
            .unwrap_or_else(|| self.suggested_min_support())
    }

    /// The analysis the current settings ask for.
    pub fn request(&self) -> AnalysisRequest {
        AnalysisRequest {
            data: self.data_spec(),
            settings: CombinationSettings {
                mode: self.settings.mode().get(),
                k_min: self.settings.k_min().get(),
                k_max: self.settings.k_max().get(),
                min_support: self.effective_min_support(),
            },
        }
    }

    /// Puts the settings of an earlier analysis back (after a cancel).
    pub fn restore(&self, r: &AnalysisRequest) {
        self.settings.columns().set(r.data.columns.clone());
        self.settings.threshold().set(r.data.threshold);
        self.settings.filter().set(r.data.filter.clone());
        self.settings.mode().set(r.settings.mode);
        self.settings.k_min().set(r.settings.k_min);
        self.settings.k_max().set(r.settings.k_max);
        let suggested = untrack(|| self.suggested_min_support());
        self.settings
            .min_support()
            .set((r.settings.min_support != suggested).then_some(r.settings.min_support));
    }

    /// The query string that reproduces the current screen.
    pub fn query(&self) -> Query {
        self.settings.get()
    }

    /// Sets every setting from a query (back/forward, or a followed link).
    pub fn apply(&self, q: &Query) {
        self.settings.set(q.clone());
    }

    /// A manifest's settings (k_min, k_max, threshold; its minimum support is a
    /// suggestion, see [`Loaded::suggested_min_support`]).
    pub fn apply_preset(&self, p: &biaslens_core::manifest::Settings) {
        if let Some(k) = p.k_min {
            self.settings.k_min().set(k.max(1));
        }
        if let Some(k) = p.k_max {
            self.settings
                .k_max()
                .set(k.max(self.settings.k_min().get_untracked()));
        }
        if let Some(t) = p.threshold.filter(|t| (0.0..=1.0).contains(t)) {
            self.settings.threshold().set(t);
        }
    }

    /// Replaces the loaded data set (after the worker parsed and checked it).
    pub fn install(&self, loaded: Loaded, keep_settings: bool) {
        self.settings.source().set(Some(loaded.source.clone()));
        if !keep_settings {
            self.settings.columns().set(ColumnChoice::none());
            self.clear_selection();
            self.settings.filter().set(RowFilter::default());
            self.settings.target().set(None);
            self.settings.min_support().set(None);
        }
        self.error.set(None);
        // Counts go up to their k_max: a larger default would be refused.
        if let Some(c) = loaded.counts.filter(|_| !keep_settings) {
            if self.settings.k_max().get_untracked() > c.k_max {
                self.settings.k_max().set(c.k_max);
            }
        }
        self.loaded.set(Some(loaded));
    }
}
