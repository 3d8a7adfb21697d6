//! The page's side of the engine's Web Workers, split by role:
//!
//! - [`scheduler`]: which answers are wanted (ids, latest-wins, dedupe, the
//!   working line), pure and tested natively;
//! - [`bridge`]: one worker, and the data it holds;
//! - [`pool`]: the bootstrap's replicates shared among workers;
//! - [`session`]: the data set held, and what a load's answer installs;
//! - [`deliver`]: answers into the state, one signal per kind.
//!
//! This module is the handle the views use ([`Engine`]): it sends jobs, routes
//! answers, and cancels by replacing a worker (the page keeps what it needs to
//! hand a new worker the same data set). `main` answers the analysis and the
//! exploring views; the pool answers the bootstrap.

mod bridge;
mod deliver;
mod pool;
mod scheduler;
mod session;

use biaslens_core::bootstrap::{shares, BootstrapSettings};
use biaslens_core::dataset::DEFAULT_THRESHOLD;
use biaslens_core::progress::Progress;
use biaslens_core::ColumnChoice;
use biaslens_worker::protocol::{
    AnalysisRequest, Answer, DataSpec, Job, JobError, Kind, Request, Response,
};
use leptos::prelude::*;

use crate::query::QueryStoreFields;

pub use bridge::WORKER_PATH;
pub use pool::pool_size;

use bridge::{Beside, Data, FileUrl, Slot};
use pool::{Shares, POOL_MAX};
use scheduler::{Decision, Scheduler, QUIET_MS};
use session::{Found, PendingLoad, Session};

use crate::query::Source;
use crate::state::{AppState, ResultWriters};

/// The cores the browser reports (`navigator.hardwareConcurrency`), at least 1.
pub fn cores() -> usize {
    let n = window().navigator().hardware_concurrency();
    if n.is_finite() && n >= 1.0 {
        n as usize
    } else {
        1
    }
}

/// Milliseconds on the page's clock.
pub fn now_ms() -> f64 {
    window()
        .performance()
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// A worker's slot, as the engine keeps it.
type SlotValue = StoredValue<Slot, LocalStorage>;

/// A handle to the engine's workers (cheap to copy; lives as long as the app).
#[derive(Clone, Copy)]
pub struct Engine {
    state: AppState,
    /// The only writers of the results the views read.
    writers: ResultWriters,
    /// The worker of the analysis and the exploring views.
    main: SlotValue,
    /// The bootstrap's workers.
    pool: StoredValue<Vec<SlotValue>, LocalStorage>,
    /// The bootstrap the pool works on.
    shares: StoredValue<Option<Shares>, LocalStorage>,
    scheduler: StoredValue<Scheduler>,
    /// The job the working line describes (what its Cancel stops).
    on_line: StoredValue<Option<Kind>>,
    session: StoredValue<Session, LocalStorage>,
}

impl Engine {
    /// Starts the main worker (the bootstrap's workers start when first needed).
    pub fn start(state: AppState, writers: ResultWriters) -> Self {
        let engine = Self {
            state,
            writers,
            main: StoredValue::new_local(Slot::default()),
            pool: StoredValue::new_local(
                (0..cores().min(POOL_MAX))
                    .map(|_| StoredValue::new_local(Slot::default()))
                    .collect(),
            ),
            shares: StoredValue::new_local(None),
            scheduler: StoredValue::new(Scheduler::default()),
            on_line: StoredValue::new(None),
            session: StoredValue::new_local(Session::default()),
        };
        engine.respawn(engine.main);
        engine.follow_settings();
        engine
    }

    /// The jobs the settings ask for, whichever view is open: every change of
    /// data set or setting asks for a new analysis, and each new analysis gets
    /// its bootstrap intervals (unless B is 0), for the request it answers.
    fn follow_settings(self) {
        let state = self.state;
        Effect::new(move |_| {
            if state.loaded.with(Option::is_some) {
                self.analyze(state.request());
            }
        });
        Effect::new(move |_| {
            let ready = state.results.analysis.with(|a| matches!(a, Some(Ok(_))));
            let b = state.bootstrap_settings();
            if !ready {
                return;
            }
            let counts = state
                .loaded
                .with(|l| l.as_ref().is_some_and(|l| l.counts.is_some()));
            match b {
                Some(_) if counts => self
                    .writers
                    .intervals
                    .set(Some(Err(JobError::NeedsRows("the bootstrap".into())))),
                Some(b) => self.bootstrap(untrack(|| state.request()), b),
                None => self.writers.intervals.set(None),
            }
        });
    }

    /// A view's job, asked again whenever what `ask` reads changes (and after
    /// "Compute again"), while a data set is held: `ask` gives the rows and the
    /// job, or `None` when the view needs nothing now. The answer arrives in
    /// `state.results`, in the signal of the job's kind. Called in the view's
    /// component, so that the asking ends with the view.
    pub fn follow(self, ask: impl Fn() -> Option<(DataSpec, Job)> + 'static) {
        let state = self.state;
        Effect::new(move |_| {
            state.retry.track();
            if state.loaded.with(Option::is_none) {
                return;
            }
            if let Some((data, job)) = ask() {
                self.run(data, job);
            }
        });
    }

    /// Replaces a slot's worker with a fresh one that holds nothing yet.
    fn respawn(self, slot: SlotValue) {
        slot.set_value(Slot::spawn(move |response| self.receive(response)));
    }

    fn next_id(self) -> u64 {
        self.scheduler.write_value().id()
    }

    fn send(slot: SlotValue, request: Request) {
        slot.with_value(|s| s.send(request));
    }

    fn load(
        self,
        data: Data,
        name: String,
        source: Source,
        suggested: Option<u64>,
        keep_settings: bool,
    ) {
        let columns = if keep_settings {
            self.state.settings.columns().get_untracked()
        } else {
            ColumnChoice::none()
        };
        // A file waiting for its columns is given up for the new one.
        self.cancel_columns();
        self.send_load(PendingLoad {
            id: 0,
            data,
            name,
            source,
            suggested_min_support: suggested,
            keep_settings,
            columns,
        });
    }

    /// Asks the main worker to open `load`'s data and waits for its answer.
    fn send_load(self, mut load: PendingLoad) {
        load.id = self.next_id();
        self.state.busy.set(Some(format!("Loading {}…", load.name)));
        // A support is chosen from the rows unless a demo or the followed link
        // states one (a manifest's or a counts file's the worker sees itself).
        let suggest = load.suggested_min_support.is_none()
            && !(load.keep_settings && self.state.settings.min_support().get_untracked().is_some());
        let request = load.data.request(
            load.id,
            load.columns.clone(),
            self.state.settings.threshold().get_untracked(),
            suggest,
        );
        Self::send(self.main, request);
        self.session.update_value(|s| s.wait_for(load));
    }

    /// Opens the file that waits for its columns with the roles `columns`
    /// chooses (the mapping panel's "Open").
    pub fn open_with_columns(self, columns: ColumnChoice) {
        let Some(mut load) = self.session.write_value().awaiting_columns.take() else {
            return;
        };
        load.columns = columns;
        self.send_load(load);
    }

    /// Gives up the file that waits for its columns (the mapping panel's
    /// "Cancel"); what was on screen stays.
    pub fn cancel_columns(self) {
        if let Some(load) = self.session.write_value().awaiting_columns.take() {
            load.data.release();
        }
        self.state.needs_columns.set(None);
    }

    /// Loads a built-in demo. With `keep_settings` (a followed link) the settings
    /// in the state are kept; otherwise they reset. A real data set's files are
    /// fetched beside the app (its manifest); the others are generated in the worker.
    pub fn load_demo(self, name: &str, keep_settings: bool) {
        let demo = biaslens_core::demo::find(name);
        let data = match demo.and_then(|d| d.manifest).and_then(crate::blob::web_url) {
            Some(url) => Data::File {
                name: name.to_owned(),
                file: biaslens_worker::fetch::file_name(&url),
                url,
                beside: Vec::new(),
            },
            None => Data::Demo(name.to_owned(), self.state.settings.lab().get_untracked()),
        };
        self.load(
            data,
            name.to_owned(),
            Source::Demo(name.to_owned()),
            demo.map(|d| d.min_support),
            keep_settings,
        );
    }

    /// Loads a file that a worker reads at `url`, with the files picked beside it
    /// (name and URL: those a manifest names).
    pub fn load_file(
        self,
        file: String,
        url: String,
        beside: Vec<(String, String)>,
        keep_settings: bool,
    ) {
        let name = file
            .split('.')
            .next()
            .filter(|s| !s.is_empty())
            .unwrap_or(&file)
            .to_owned();
        self.load(
            Data::File {
                name: name.clone(),
                file: file.clone(),
                url,
                beside,
            },
            name,
            Source::File(file),
            None,
            keep_settings,
        );
    }

    /// The dials the data set held was generated with, when it is the lab.
    pub fn held_lab(self) -> Option<biaslens_core::lab::LabSettings> {
        self.session.with_value(Session::held_lab)
    }

    /// Loads a file or manifest from the web (`?data=URL`; relative to the page).
    /// Only http(s) URLs are fetched, without credentials.
    pub fn load_url(self, url: &str, keep_settings: bool) {
        let Some(absolute) = crate::blob::web_url(url) else {
            self.state.error.set(Some(format!(
                "{url}: not an http(s) address: a data set link must be ?data=https://…"
            )));
            return;
        };
        let file = biaslens_worker::fetch::file_name(&absolute);
        let name = file.split('.').next().unwrap_or(&file).to_owned();
        self.load(
            Data::File {
                name: name.clone(),
                file,
                url: absolute,
                beside: Vec::new(),
            },
            name,
            Source::Url(url.to_owned()),
            None,
            keep_settings,
        );
    }

    /// Loads embeddings (read by a worker at `url`) for the data set on screen
    /// (row i belongs to row i).
    pub fn load_embeddings(self, file: String, url: String) {
        self.load_beside(Beside::Embeddings((file, url)));
    }

    /// Loads a concepts table (read by a worker at `url`, with the files picked
    /// with it: their embeddings) for the data set on screen.
    pub fn load_concepts(self, file: String, url: String, beside: Vec<FileUrl>) {
        self.load_beside(Beside::Concepts((file, url), beside));
    }

    /// Has the main worker read files beside the data set on screen.
    fn load_beside(self, beside: Beside) {
        let id = self.next_id();
        self.state
            .busy
            .set(Some(format!("Loading {}…", beside.file())));
        Self::send(self.main, beside.request(id));
        let replaced = self
            .session
            .write_value()
            .pending_beside
            .replace((id, beside));
        if let Some((_, old)) = replaced {
            old.release();
        }
    }

    /// Runs a job; answers to earlier jobs of its kind are ignored from now on.
    fn run(self, data: DataSpec, job: Job) {
        let kind = job.kind();
        let present = deliver::has_result(self.state.results, kind);
        let decision = self
            .scheduler
            .write_value()
            .submit(&data, &job, present, now_ms());
        let id = match decision {
            Decision::Running => return,
            Decision::OnScreen => {
                if kind == Kind::Bootstrap {
                    self.writers.boot_working.set(None);
                }
                self.show_working();
                return;
            }
            Decision::Send(id) => id,
        };
        if let Job::Bootstrap(settings, b) = job {
            self.run_shared(id, data, settings, b);
            return;
        }
        self.hand_data(self.main, &data);
        Self::send(
            self.main,
            Request::Run {
                id,
                data: Box::new(data),
                job: Box::new(job),
            },
        );
        self.show_working();
        if scheduler::quiet(kind) {
            // Look again once it has run long enough to show.
            set_timeout(
                move || self.show_working(),
                std::time::Duration::from_millis(QUIET_MS as u64 + 10),
            );
        }
    }

    /// Gives a worker the data set on screen (and its embeddings) unless it holds
    /// it: with `data`'s columns and threshold, or those of the analysis on
    /// screen.
    fn hand_data(self, slot: SlotValue, data: &DataSpec) {
        let (version, held, beside) = self
            .session
            .with_value(|s| (s.version, s.held.clone(), s.held_beside.clone()));
        if slot.with_value(|s| s.holds) == version {
            return;
        }
        let Some(held) = held else {
            return;
        };
        let id = self.next_id();
        Self::send(
            slot,
            held.request(id, data.columns.clone(), data.threshold, false),
        );
        for b in beside {
            let id = self.next_id();
            Self::send(slot, b.request(id));
        }
        slot.update_value(|s| s.holds = version);
    }

    /// Shares bootstrap `id`'s replicates among the pool (a bootstrap still
    /// running is for settings no longer shown: its workers are replaced).
    fn run_shared(
        self,
        id: u64,
        data: DataSpec,
        settings: biaslens_core::CombinationSettings,
        b: BootstrapSettings,
    ) {
        self.writers
            .boot_working
            .set(Some(Progress::step(scheduler::doing(Kind::Bootstrap))));
        let pool = self.pool.get_value();
        let ranges = shares(b.replicates, pool_size(pool.len(), b.replicates));
        let running = self.shares.with_value(Option::is_some);
        let mut ids = Vec::with_capacity(ranges.len());
        for (slot, range) in pool.into_iter().zip(ranges) {
            if running || !slot.with_value(Slot::started) {
                self.respawn(slot);
            }
            self.hand_data(slot, &data);
            let share = self.next_id();
            ids.push(share);
            let job = Job::BootstrapShare {
                settings,
                b,
                start: range.start,
                end: range.end,
            };
            Self::send(
                slot,
                Request::Run {
                    id: share,
                    data: Box::new(data.clone()),
                    job: Box::new(job),
                },
            );
        }
        self.shares
            .set_value(Some(Shares::new(id, b, ids, now_ms())));
    }

    /// A share's progress (the bootstrap's progress line), if it is one.
    fn share_progress(self, id: u64, progress: &Progress) -> bool {
        let Some(p) = self.shares.write_value().as_mut().and_then(|s| {
            let k = s.share_of(id)?;
            Some(s.progress(k, progress))
        }) else {
            return false;
        };
        self.writers.boot_working.set(Some(p));
        true
    }

    /// A share's answer, if it is one: the intervals once every share answered.
    fn share_answered(self, id: u64, answer: &mut Option<Answer>) -> bool {
        let mut shares = self.shares.write_value();
        let Some(s) = shares.as_mut() else {
            return false;
        };
        let Some(k) = s.share_of(id) else {
            return false;
        };
        // A share's answer is its replicates (see `Answer::failed_job`).
        let Some(Answer::Replicates(replicates)) = answer.take() else {
            return true;
        };
        let Some(result) = s.answered(k, replicates) else {
            return true;
        };
        let (job, started) = (s.id, s.started);
        *shares = None;
        drop(shares);
        let ok = result.is_ok();
        // Unless the settings it was for went back to the intervals on screen.
        if self
            .scheduler
            .write_value()
            .answered(Kind::Bootstrap, job, ok)
        {
            self.writers.boot_working.set(None);
            let millis = if ok { now_ms() - started } else { 0.0 };
            deliver::deliver(self.writers, Answer::Bootstrap(result), millis);
        }
        true
    }

    /// The working line: the first running job that shows.
    fn show_working(self) {
        let shown = self.scheduler.with_value(|s| s.line(now_ms()));
        self.on_line.set_value(shown.as_ref().map(|(k, _)| *k));
        let progress = shown.map(|(_, p)| p);
        if self
            .state
            .results
            .working
            .with_untracked(|w| *w != progress)
        {
            self.writers.working.set(progress);
        }
    }

    /// Asks for an analysis.
    pub fn analyze(self, request: AnalysisRequest) {
        self.run(request.data, Job::Analyze(request.settings));
    }

    /// Asks for bootstrap intervals of an analysis.
    pub fn bootstrap(self, request: AnalysisRequest, b: BootstrapSettings) {
        self.run(request.data, Job::Bootstrap(request.settings, b));
    }

    /// Stops what the working line describes: the page drops the busy worker
    /// (which ends after its current step, its answer ignored) and starts a fresh
    /// one with the same data set. A cancelled analysis puts the settings back to
    /// those of the analysis on screen; a cancelled view's job leaves the view
    /// saying so, with a button to compute it again. Other jobs that were waiting
    /// are asked again of the new worker.
    pub fn cancel(self) {
        let cancelled = self.on_line.get_value().unwrap_or(Kind::Analysis);
        self.session.update_value(|s| s.pending = None);
        self.state.busy.set(None);
        let waiting = self.scheduler.write_value().cancel_main(cancelled);
        self.show_working();
        self.respawn(self.main);
        let done = self
            .scheduler
            .with_value(|s| s.done(Kind::Analysis).cloned());
        if self.session.with_value(|s| s.held.is_some()) {
            // The data set again, with the columns and threshold of the analysis
            // on screen.
            let data = done.as_ref().map_or_else(
                || DataSpec {
                    columns: ColumnChoice::none(),
                    threshold: DEFAULT_THRESHOLD,
                    filter: Default::default(),
                },
                |(d, _)| d.clone(),
            );
            self.hand_data(self.main, &data);
            match (cancelled, done) {
                // Back to the analysis on screen: the request equals it, so nothing
                // is recomputed.
                (Kind::Analysis, Some((data, Job::Analyze(settings)))) => {
                    self.state.restore(&AnalysisRequest { data, settings })
                }
                (kind, _) => {
                    deliver::deliver(self.writers, Answer::failed(kind, JobError::Cancelled), 0.0)
                }
            }
        }
        for (data, job) in waiting {
            self.run(data, job);
        }
    }

    /// Stops the bootstrap (its workers are dropped); the intervals say so.
    pub fn cancel_bootstrap(self) {
        for slot in self.pool.get_value() {
            slot.set_value(Slot::default());
        }
        self.shares.set_value(None);
        self.scheduler.update_value(|s| {
            s.stop(Kind::Bootstrap);
            s.forget(Kind::Bootstrap);
        });
        self.writers.boot_working.set(None);
        deliver::deliver(
            self.writers,
            Answer::failed(Kind::Bootstrap, JobError::Cancelled),
            0.0,
        );
    }

    /// A data set loaded: the workers hold a new version (the main worker has
    /// it), no result on screen answers a job of it yet.
    fn loaded(self, pending: PendingLoad, found: Found) {
        let version = self.session.with_value(|s| s.version) + 1;
        self.session.update_value(|s| s.hold(pending.data.clone()));
        self.main.update_value(|s| s.holds = version);
        self.scheduler.update_value(|s| {
            for kind in Kind::ALL {
                s.forget(kind);
            }
        });
        session::show_loaded(self.state, self.writers, pending, found);
    }

    /// The worker's answer to the load of files beside the data set with this id.
    fn beside_loaded(self, id: u64, result: Result<(), String>) {
        let Some(beside) = self.session.write_value().take_pending_beside(id) else {
            return;
        };
        self.state.busy.set(None);
        if let Err(e) = result {
            beside.release();
            self.state.error.set(Some(e));
            return;
        }
        let version = self.session.with_value(|s| s.version) + 1;
        self.session.update_value(|s| s.hold_beside(beside.clone()));
        // Other workers get them with the data on their next job.
        self.main.update_value(|s| s.holds = version);
        let kinds: &[Kind] = match beside {
            Beside::Embeddings(_) => &[Kind::Map, Kind::Report, Kind::Probe, Kind::Slices],
            Beside::Concepts(..) => &[Kind::Probe, Kind::Slices],
        };
        self.scheduler.update_value(|s| {
            for &kind in kinds {
                s.forget(kind);
            }
        });
        session::show_beside(self.state, self.writers, &beside);
    }

    fn receive(self, response: Response) {
        match response {
            Response::Loaded {
                id,
                result,
                manifest,
                counts,
                support,
            } => {
                let Some(pending) = self.session.write_value().take_pending(id) else {
                    return;
                };
                self.state.busy.set(None);
                match result {
                    Ok(group_candidates) => self.loaded(
                        pending,
                        Found {
                            group_candidates,
                            manifest,
                            counts,
                            support,
                        },
                    ),
                    Err(failure) => self
                        .session
                        .update_value(|s| session::show_failure(self.state, s, pending, failure)),
                }
            }
            Response::EmbeddingsLoaded { id, result } => {
                self.beside_loaded(id, result.map(|_| ()));
            }
            Response::ConceptsLoaded { id, result } => {
                self.beside_loaded(id, result.map(|_| ()));
            }
            // Only the bench page asks for benchmarks, with a worker of its own.
            Response::Bench { .. } => {}
            Response::Progress { id, progress } => {
                if self.share_progress(id, &progress) {
                    return;
                }
                if self
                    .scheduler
                    .write_value()
                    .progress(id, progress, now_ms())
                {
                    self.show_working();
                }
            }
            Response::Done { id, answer, millis } => {
                let mut answer = Some(*answer);
                if self.share_answered(id, &mut answer) {
                    return;
                }
                let Some(answer) = answer else {
                    return;
                };
                let wanted =
                    self.scheduler
                        .write_value()
                        .answered(answer.kind(), id, answer.is_ok());
                if wanted {
                    self.show_working();
                    deliver::deliver(self.writers, answer, millis);
                }
            }
        }
    }
}
