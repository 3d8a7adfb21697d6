//! Which job answers are wanted: one slot per job kind holding its latest
//! request's id, what it sent, what the result on screen answers, and its
//! progress. Pure (no worker, no signal), so that latest-wins, dedupe and the
//! working line are tested natively.

use biaslens_core::progress::Progress;
use biaslens_worker::protocol::{DataSpec, Job, Kind};

/// A view's job that has run this long shows the working line (and its Cancel);
/// quicker ones never flash it.
pub const QUIET_MS: f64 = 400.0;

/// The main worker's kinds in the order the working line prefers them: the
/// analysis and the map's computations first (they show at once), then the views'
/// quick jobs (they show only once they take long, see [`QUIET_MS`]). The
/// bootstrap has workers and a progress line of its own.
pub const LINE_ORDER: [Kind; 8] = [
    Kind::Analysis,
    Kind::Map,
    Kind::Report,
    Kind::Probe,
    Kind::Slices,
    Kind::Cooccurrence,
    Kind::Spurious,
    Kind::Rows,
];

/// What a job of this kind does, for the working line until it reports more.
pub fn doing(kind: Kind) -> &'static str {
    match kind {
        Kind::Analysis => "starting the analysis",
        Kind::Bootstrap => "starting the bootstrap",
        Kind::Cooccurrence => "computing the co-occurrence table",
        Kind::Spurious => "ranking candidate spurious cues",
        Kind::Rows => "listing the rows",
        Kind::Map => "computing the map",
        Kind::Report => "measuring group leakage and attribute directions",
        Kind::Probe => "probing what the representation leans on",
        Kind::Slices => "finding where the model fails",
    }
}

/// Whether a kind's progress shows only after [`QUIET_MS`].
pub fn quiet(kind: Kind) -> bool {
    matches!(kind, Kind::Cooccurrence | Kind::Spurious | Kind::Rows)
}

/// A request: which rows and what to compute.
pub type Sent = (DataSpec, Job);

/// One kind's slot.
#[derive(Debug, Clone, Default)]
struct JobSlot {
    /// The id whose answer is wanted, while one is.
    latest: Option<u64>,
    /// The last request sent.
    sent: Option<Sent>,
    /// The request the result on screen answers.
    done: Option<Sent>,
    /// Its progress while it runs, and since when (the page's clock).
    progress: Option<(Progress, f64)>,
}

/// What to do with a submitted job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The same job is already running: wait for its answer.
    Running,
    /// The result on screen already answers it: nothing to do.
    OnScreen,
    /// Send it with this id (answers to earlier requests of its kind are ignored).
    Send(u64),
}

/// The page's jobs, one slot per [`Kind`].
#[derive(Debug, Clone, Default)]
pub struct Scheduler {
    next_id: u64,
    slots: [JobSlot; Kind::COUNT],
}

impl Scheduler {
    /// A fresh id for any request (loads and shares too): ids never repeat.
    pub fn id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    fn slot(&mut self, kind: Kind) -> &mut JobSlot {
        &mut self.slots[kind.slot()]
    }

    /// Decides about a job; `present` says whether a result of its kind is on
    /// screen. A job to send starts its slot's progress (keeping when a job it
    /// replaces started, so that the working line does not flash).
    pub fn submit(&mut self, data: &DataSpec, job: &Job, present: bool, now: f64) -> Decision {
        let kind = job.kind();
        let same = |r: &Option<Sent>| r.as_ref().is_some_and(|(d, j)| d == data && j == job);
        let slot = &self.slots[kind.slot()];
        if slot.latest.is_some() && same(&slot.sent) {
            return Decision::Running;
        }
        if present && same(&slot.done) {
            self.stop(kind);
            return Decision::OnScreen;
        }
        let id = self.id();
        let slot = self.slot(kind);
        slot.latest = Some(id);
        slot.sent = Some((data.clone(), job.clone()));
        let since = slot.progress.as_ref().map_or(now, |(_, since)| *since);
        slot.progress = Some((Progress::step(doing(kind)), since));
        Decision::Send(id)
    }

    /// The kind whose latest request has this id, if its answer is still wanted.
    pub fn kind_of(&self, id: u64) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| self.slots[k.slot()].latest == Some(id))
    }

    /// Takes an answer to `id` for `kind`: `false` (and nothing changes) unless it
    /// is the one wanted. A result (`ok`) is then what the screen shows.
    pub fn answered(&mut self, kind: Kind, id: u64, ok: bool) -> bool {
        if self.slots[kind.slot()].latest != Some(id) {
            return false;
        }
        let slot = self.slot(kind);
        slot.latest = None;
        slot.progress = None;
        if ok {
            slot.done = slot.sent.clone();
        }
        true
    }

    /// Takes a progress report of `id`: `false` unless it is the latest of its
    /// kind. A view's job says which view it is for, whatever step it reports.
    pub fn progress(&mut self, id: u64, mut progress: Progress, now: f64) -> bool {
        let Some(kind) = self.kind_of(id) else {
            return false;
        };
        if quiet(kind) && progress.stage != doing(kind) {
            progress.stage = format!("{}: {}", doing(kind), progress.stage);
        }
        let slot = self.slot(kind);
        let since = slot.progress.as_ref().map_or(now, |(_, since)| *since);
        slot.progress = Some((progress, since));
        true
    }

    /// Whether a job of `kind` is running.
    pub fn running(&self, kind: Kind) -> bool {
        self.slots[kind.slot()].latest.is_some()
    }

    /// Stops waiting for `kind`'s answer (it will be ignored).
    pub fn stop(&mut self, kind: Kind) {
        let slot = self.slot(kind);
        slot.latest = None;
        slot.progress = None;
    }

    /// The request the result on screen of `kind` answers.
    pub fn done(&self, kind: Kind) -> Option<&Sent> {
        self.slots[kind.slot()].done.as_ref()
    }

    /// Forgets what the result of `kind` on screen answers (it is gone, or of
    /// data no longer held).
    pub fn forget(&mut self, kind: Kind) {
        self.slot(kind).done = None;
    }

    /// Stops every job of the main worker (it is replaced) and gives the requests
    /// that were running, other than `cancelled`'s, to send again.
    pub fn cancel_main(&mut self, cancelled: Kind) -> Vec<Sent> {
        let waiting = LINE_ORDER
            .into_iter()
            .filter(|k| *k != cancelled && self.running(*k))
            .filter_map(|k| self.slots[k.slot()].sent.clone())
            .collect();
        for kind in LINE_ORDER {
            self.stop(kind);
        }
        waiting
    }

    /// The working line at `now`: the first running job of [`LINE_ORDER`] that
    /// shows (a quiet one once it has run [`QUIET_MS`]).
    pub fn line(&self, now: f64) -> Option<(Kind, Progress)> {
        LINE_ORDER.into_iter().find_map(|k| {
            let (p, since) = self.slots[k.slot()].progress.as_ref()?;
            (!quiet(k) || now - since >= QUIET_MS).then(|| (k, p.clone()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use biaslens_core::cooccurrence::Split;
    use biaslens_core::filter::RowFilter;
    use biaslens_core::{ColumnChoice, CombinationSettings};

    fn data(threshold: f64) -> DataSpec {
        DataSpec {
            columns: ColumnChoice::none(),
            threshold,
            filter: RowFilter::default(),
        }
    }

    fn analyze(k_max: usize) -> Job {
        Job::Analyze(CombinationSettings {
            k_max,
            ..Default::default()
        })
    }

    fn cooc() -> Job {
        Job::Cooccurrence {
            split: Split::Train,
            k_max: 1,
            min_support: 1,
        }
    }

    #[test]
    fn the_latest_request_wins_and_earlier_answers_are_ignored() {
        let mut s = Scheduler::default();
        let Decision::Send(first) = s.submit(&data(0.5), &analyze(2), false, 0.0) else {
            panic!("a new job is sent");
        };
        let Decision::Send(second) = s.submit(&data(0.5), &analyze(3), false, 10.0) else {
            panic!("a changed job is sent");
        };
        assert_ne!(first, second);
        assert_eq!(s.kind_of(first), None);
        assert!(!s.answered(Kind::Analysis, first, true), "superseded");
        assert!(s.running(Kind::Analysis));
        assert!(s.answered(Kind::Analysis, second, true));
        assert!(!s.running(Kind::Analysis));
        assert_eq!(s.done(Kind::Analysis), Some(&(data(0.5), analyze(3))));
        // An answer comes once.
        assert!(!s.answered(Kind::Analysis, second, true));
    }

    #[test]
    fn the_same_job_is_sent_once_and_not_again_when_on_screen() {
        let mut s = Scheduler::default();
        let Decision::Send(id) = s.submit(&data(0.5), &analyze(3), false, 0.0) else {
            panic!("sent");
        };
        assert_eq!(
            s.submit(&data(0.5), &analyze(3), false, 1.0),
            Decision::Running
        );
        assert!(s.answered(Kind::Analysis, id, true));
        assert_eq!(
            s.submit(&data(0.5), &analyze(3), true, 2.0),
            Decision::OnScreen
        );
        // Gone from the screen (or another threshold): computed again.
        assert!(matches!(
            s.submit(&data(0.5), &analyze(3), false, 3.0),
            Decision::Send(_)
        ));
        assert!(matches!(
            s.submit(&data(0.6), &analyze(3), true, 3.0),
            Decision::Send(_)
        ));
    }

    #[test]
    fn a_failed_answer_is_not_remembered_as_on_screen() {
        let mut s = Scheduler::default();
        let Decision::Send(id) = s.submit(&data(0.5), &cooc(), false, 0.0) else {
            panic!("sent");
        };
        assert!(s.answered(Kind::Cooccurrence, id, false));
        assert_eq!(s.done(Kind::Cooccurrence), None);
        assert!(matches!(
            s.submit(&data(0.5), &cooc(), true, 1.0),
            Decision::Send(_)
        ));
    }

    #[test]
    fn the_working_line_prefers_the_analysis_and_waits_for_quiet_jobs() {
        let mut s = Scheduler::default();
        let Decision::Send(c) = s.submit(&data(0.5), &cooc(), false, 0.0) else {
            panic!("sent");
        };
        assert_eq!(
            s.line(QUIET_MS - 1.0),
            None,
            "a quick view's job never flashes"
        );
        let (kind, p) = s.line(QUIET_MS).expect("shown once it takes long");
        assert_eq!(kind, Kind::Cooccurrence);
        assert_eq!(p.stage, doing(Kind::Cooccurrence));
        assert!(s.progress(c, Progress::step("counting"), QUIET_MS));
        assert_eq!(
            s.line(QUIET_MS).map(|(_, p)| p.stage),
            Some("computing the co-occurrence table: counting".to_owned())
        );
        s.submit(&data(0.5), &analyze(3), false, QUIET_MS);
        assert_eq!(s.line(QUIET_MS).map(|(k, _)| k), Some(Kind::Analysis));
        // Progress of an id no longer wanted is dropped.
        assert!(!s.progress(999, Progress::step("old"), 0.0));
    }

    #[test]
    fn a_cancel_stops_the_main_worker_and_gives_back_the_others_to_send_again() {
        let mut s = Scheduler::default();
        s.submit(&data(0.5), &analyze(3), false, 0.0);
        s.submit(&data(0.5), &cooc(), false, 0.0);
        let waiting = s.cancel_main(Kind::Analysis);
        assert_eq!(waiting, vec![(data(0.5), cooc())]);
        assert!(!s.running(Kind::Analysis));
        assert!(!s.running(Kind::Cooccurrence));
        assert_eq!(s.line(1e9), None);
        // Sent again, it is a new request.
        assert!(matches!(
            s.submit(&data(0.5), &cooc(), false, 1.0),
            Decision::Send(_)
        ));
    }
}
