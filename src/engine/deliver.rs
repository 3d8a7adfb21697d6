//! Answers into the page's results: each [`Answer`] variant has its one signal,
//! so an answer can only reach the view of its own kind. Only the engine holds
//! the [`ResultWriters`] this module writes with.

use std::sync::Arc;

use biaslens_worker::protocol::{Answer, Kind};
use leptos::prelude::*;

use crate::state::{Computed, Outcome, ResultWriters, Results, Shared};

/// Sets one result signal from a job's result.
fn set<T, U: 'static>(
    signal: WriteSignal<Outcome<U>>,
    result: Result<T, biaslens_worker::protocol::JobError>,
    into: impl FnOnce(T) -> U,
) where
    Outcome<U>: Send + Sync,
{
    signal.set(Some(result.map(|v| Shared(Arc::new(into(v))))));
}

/// Shows an answer that took the engine `millis` (a bootstrap's shares are put
/// together before they get here: see `pool`).
pub fn deliver(s: ResultWriters, answer: Answer, millis: f64) {
    match answer {
        Answer::Analysis(r) => set(s.analysis, r, |a| Computed {
            analysis: a.analysis,
            unfiltered: a.unfiltered,
            millis,
        }),
        Answer::Bootstrap(r) => {
            if r.is_ok() {
                s.boot_millis.set(Some(millis));
            }
            set(s.intervals, r, |b| b);
        }
        // A share alone is never shown.
        Answer::Replicates(_) => {}
        Answer::Cooccurrence(r) => set(s.cooc, r, |c| c),
        Answer::Spurious(r) => set(s.spurious, r, |r| r),
        Answer::Rows(r) => set(s.rows, r, |r| r),
        Answer::Map(r) => set(s.map, r, |m| *m),
        Answer::Report(r) => set(s.embedding_report, r, |r| *r),
        Answer::Probe(r) => set(s.probe, r, |r| *r),
        Answer::Slices(r) => set(s.slices, r, |r| *r),
    }
}

/// Whether a result of `kind` is on screen.
pub fn has_result(s: Results, kind: Kind) -> bool {
    fn ok<T: 'static>(signal: ReadSignal<Outcome<T>>) -> bool
    where
        Outcome<T>: Send + Sync,
    {
        signal.with_untracked(|a| matches!(a, Some(Ok(_))))
    }
    match kind {
        Kind::Analysis => ok(s.analysis),
        Kind::Bootstrap => ok(s.intervals),
        Kind::Cooccurrence => ok(s.cooc),
        Kind::Spurious => ok(s.spurious),
        Kind::Rows => ok(s.rows),
        Kind::Map => ok(s.map),
        Kind::Report => ok(s.embedding_report),
        Kind::Probe => ok(s.probe),
        Kind::Slices => ok(s.slices),
    }
}

/// Clears the results of these kinds (they are of data no longer held).
pub fn clear(s: ResultWriters, kinds: &[Kind]) {
    for kind in kinds {
        match kind {
            Kind::Analysis => s.analysis.set(None),
            Kind::Bootstrap => s.intervals.set(None),
            Kind::Cooccurrence => s.cooc.set(None),
            Kind::Spurious => s.spurious.set(None),
            Kind::Rows => s.rows.set(None),
            Kind::Map => s.map.set(None),
            Kind::Report => s.embedding_report.set(None),
            Kind::Probe => s.probe.set(None),
            Kind::Slices => s.slices.set(None),
        }
    }
}
