//! The data set the page holds: the load it waits for, the file waiting for its
//! columns, the embeddings beside it; and what happens when the worker says a
//! data set has loaded (results of the old one cleared, the new one installed
//! with its manifest's presets and its tour's first view, and kept in the
//! browser).

use biaslens_core::lab::LabSettings;
use biaslens_core::manifest::Manifest;
use biaslens_core::support::Suggestion;
use biaslens_core::{ColumnChoice, Role};
use biaslens_worker::protocol::{CountsInfo, Kind, LoadFailure};
use leptos::prelude::*;

use crate::query::QueryStoreFields;

use super::bridge::{Beside, Data};
use super::deliver;
use crate::query::Source;
use crate::state::{AppState, Loaded, ResultWriters};

/// A load the page waits for: what to install when it succeeds.
#[derive(Debug, Clone)]
pub struct PendingLoad {
    /// Its request's id.
    pub id: u64,
    /// The data to open.
    pub data: Data,
    /// The data set's name (a manifest may give another).
    pub name: String,
    /// Where it comes from, for the link.
    pub source: Source,
    /// A minimum support a demo states.
    pub suggested_min_support: Option<u64>,
    /// Whether the settings on screen stay (a followed link).
    pub keep_settings: bool,
    /// The columns chosen for roles, to open it with.
    pub columns: ColumnChoice,
}

/// What the page holds or waits for.
#[derive(Debug, Default)]
pub struct Session {
    /// The data set's version: 0 before the first load; a worker holding an
    /// older one is handed the data again.
    pub version: u64,
    /// The data the workers hold.
    pub held: Option<Data>,
    /// Files the workers hold beside it (one of each kind).
    pub held_beside: Vec<Beside>,
    /// The load the page waits for.
    pub pending: Option<PendingLoad>,
    /// A load that opens once the user chooses columns (the mapping panel).
    pub awaiting_columns: Option<PendingLoad>,
    /// The load of files beside the data set the page waits for, with its id.
    pub pending_beside: Option<(u64, Beside)>,
}

impl Session {
    /// The dials the data set held was generated with, when it is the lab.
    pub fn held_lab(&self) -> Option<LabSettings> {
        match &self.held {
            Some(Data::Demo(name, lab)) if name == "lab" => Some(*lab),
            _ => None,
        }
    }

    /// The load waited for, if `id` is its request's (it is no longer waited for).
    pub fn take_pending(&mut self, id: u64) -> Option<PendingLoad> {
        if self.pending.as_ref().is_some_and(|p| p.id == id) {
            self.pending.take()
        } else {
            None
        }
    }

    /// The load of files beside the data set waited for, if `id` is its request's.
    pub fn take_pending_beside(&mut self, id: u64) -> Option<Beside> {
        if self.pending_beside.as_ref().is_some_and(|(p, _)| *p == id) {
            self.pending_beside.take().map(|(_, b)| b)
        } else {
            None
        }
    }

    /// Waits for `load` (a load still waited for is replaced: its files go).
    pub fn wait_for(&mut self, load: PendingLoad) {
        if let Some(p) = self.pending.replace(load) {
            p.data.release();
        }
    }

    /// Holds `data` (the previous data set's files, and those beside it, go): a
    /// new version.
    pub fn hold(&mut self, data: Data) {
        if let Some(old) = self.held.replace(data) {
            old.release();
        }
        for b in self.held_beside.drain(..) {
            b.release();
        }
        self.version += 1;
    }

    /// Holds files beside the data set (those of the same kind held before go):
    /// a new version.
    pub fn hold_beside(&mut self, beside: Beside) {
        self.held_beside.retain(|old| {
            let replaced = old.same_kind(&beside);
            if replaced {
                old.release();
            }
            !replaced
        });
        self.held_beside.push(beside);
        self.version += 1;
    }
}

/// What a data set that loaded brings.
pub struct Found {
    /// The columns that can serve as the group.
    pub group_candidates: Vec<String>,
    /// The manifest it came through.
    pub manifest: Option<Box<Manifest>>,
    /// What counts opened alone cover.
    pub counts: Option<CountsInfo>,
    /// The minimum support chosen from the rows.
    pub support: Option<Suggestion>,
}

/// Shows a data set that loaded: every result on screen is of the previous one;
/// the manifest's presets, the demo's first view and the columns it opened with
/// apply; a picked file is kept in the browser.
pub fn show_loaded(state: AppState, writers: ResultWriters, pending: PendingLoad, found: Found) {
    let Found {
        group_candidates,
        manifest,
        counts,
        support,
    } = found;
    state.needs_columns.set(None);
    if let Data::File { url, beside, .. } = &pending.data {
        let kept = state.kept;
        crate::kept::keep_annotations(url, beside, &pending.columns, move |k| kept.set(k));
    }
    // Every result but the analysis, which the new data set's analysis replaces.
    let of_old_data: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|k| *k != Kind::Analysis)
        .collect();
    deliver::clear(writers, &of_old_data);
    let manifest_group = manifest.as_ref().and_then(|m| m.columns.group.clone());
    let preset = manifest.as_ref().map(|m| m.settings.clone());
    let suggested_min_support = pending
        .suggested_min_support
        .or_else(|| manifest.as_ref().and_then(|m| m.settings.min_support))
        .or(counts.map(|c| c.min_support_floor));
    // Chosen from the rows only when nothing above states one.
    let support_chosen = support.filter(|_| suggested_min_support.is_none());
    let suggested_min_support =
        suggested_min_support.or(support_chosen.as_ref().map(|s| s.support));
    state.install(
        Loaded {
            name: manifest
                .as_ref()
                .and_then(|m| m.name.clone())
                .unwrap_or(pending.name),
            source: pending.source,
            group_candidates,
            suggested_min_support,
            support_chosen,
            about: manifest,
            counts,
        },
        pending.keep_settings,
    );
    // The columns it opened with, and the manifest's group column unless another
    // was chosen.
    let mut columns = pending.columns.clone();
    if let (None, Some(g)) = (columns.get(Role::Group), manifest_group) {
        columns.set(Role::Group, &g);
    }
    state.settings.columns().set(columns);
    // Its settings, unless a followed link carries its own.
    if let Some(p) = preset.filter(|_| !pending.keep_settings) {
        state.apply_preset(&p);
    }
    // A demo opens on the view its tour starts with.
    if let (Some(Source::Demo(d)), false) = (
        state.settings.source().get_untracked(),
        pending.keep_settings,
    ) {
        if let Some(first) = crate::tour::tour(&d).first() {
            state.settings.view().set(first.view);
        }
    }
}

/// Shows why a load failed; a file that needs its columns chosen (or whose
/// chosen columns do not make a data set) waits in `session` for the mapping
/// panel, any other is let go.
pub fn show_failure(
    state: AppState,
    session: &mut Session,
    pending: PendingLoad,
    failure: LoadFailure,
) {
    match failure {
        LoadFailure::NeedsColumns(needs) => {
            // The file stays picked until the user chooses or cancels.
            session.awaiting_columns = Some(pending);
            state.needs_columns.set(Some(needs));
        }
        // Columns chosen in the mapping panel that do not make a data set: the
        // panel stays open with the message, to choose again.
        LoadFailure::Message(e) if state.needs_columns.with_untracked(Option::is_some) => {
            session.awaiting_columns = Some(pending);
            state.error.set(Some(e));
        }
        LoadFailure::Message(e) => {
            pending.data.release();
            state.error.set(Some(e));
        }
    }
}

/// Shows files beside the data set that loaded: embeddings (the map and its
/// analyses are computed again, and they are kept beside the kept annotations)
/// or concepts (the probe is computed again).
pub fn show_beside(state: AppState, writers: ResultWriters, beside: &Beside) {
    match beside {
        Beside::Embeddings((_, url)) => {
            let kept = state.kept;
            crate::kept::keep_embeddings(url, move |k| kept.set(k));
            deliver::clear(
                writers,
                &[Kind::Map, Kind::Report, Kind::Probe, Kind::Slices],
            );
            state.embeddings_version.update(|v| *v += 1);
        }
        Beside::Concepts(..) => {
            deliver::clear(writers, &[Kind::Probe, Kind::Slices]);
            state.concepts_version.update(|v| *v += 1);
        }
    }
}
