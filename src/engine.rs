//! The page's side of the engine's Web Workers: sends jobs, turns answers into
//! state, ignores answers it no longer wants, and cancels by replacing a worker
//! (the page keeps what it needs to hand a new worker the same data set).
//!
//! `main` answers the analysis and the exploring views; a pool of workers (one per
//! core the browser reports, up to [`POOL_MAX`]) shares the bootstrap's replicates,
//! so a long bootstrap never holds up the rest of the page and uses every core. The
//! workers share nothing (no SharedArrayBuffer: static hosts cannot send the headers
//! it needs): each is handed the data set, runs its share of the replicates, and
//! the page puts the intervals together.

use std::sync::Arc;

use biaslens_core::bootstrap::{progress_of, shares, summarize, BootstrapSettings, Share};
use biaslens_core::dataset::DEFAULT_THRESHOLD;
use biaslens_core::lab::LabSettings;
use biaslens_core::metrics::headline::Quantity;
use biaslens_core::progress::Progress;
use biaslens_core::{ColumnChoice, CombinationSettings, Role};
use gloo_worker::{Spawnable, WorkerBridge};
use leptos::prelude::*;

use crate::engine_worker::EngineWorker;
use crate::protocol::{DataSpec, Job, JobError, LoadFailure, Output, Request, Response};
use crate::query::Source;
use crate::state::{AppState, Computed, Loaded, Shared};

/// Where Trunk puts the worker's loader (`data-loader-shim` in index.html).
pub const WORKER_PATH: &str = "./biaslens-worker_loader.js";

/// The data a worker holds, as the page can hand it over again.
#[derive(Debug, Clone)]
enum Data {
    /// A built-in demo, by name (with the lab's dials, for the lab).
    Demo(String, LabSettings),
    /// A file: the data set's name, the file's name, where a worker reads it, and
    /// the files picked with it (name and URL: those a manifest names).
    File {
        name: String,
        file: String,
        url: String,
        beside: Vec<(String, String)>,
    },
}

impl Data {
    /// Lets the browser drop the files behind this data, once no worker needs them.
    fn release(&self) {
        if let Data::File { url, beside, .. } = self {
            crate::blob::release(url);
            for (_, url) in beside {
                crate::blob::release(url);
            }
        }
    }
}

/// A load the page waits for: what to install when it succeeds.
#[derive(Debug, Clone)]
struct PendingLoad {
    id: u64,
    data: Data,
    name: String,
    source: Source,
    suggested_min_support: Option<u64>,
    keep_settings: bool,
    /// The columns chosen for roles, to open it with.
    columns: ColumnChoice,
}

/// The settings of one analysis request.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisRequest {
    /// Which rows.
    pub data: DataSpec,
    /// How `M` is chosen.
    pub settings: CombinationSettings,
}

/// The kinds of job, each with its own latest request and result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Analysis,
    Bootstrap,
    Cooccurrence,
    Spurious,
    Rows,
    Map,
    Report,
}

impl Kind {
    const COUNT: usize = 7;
    /// Every kind, in slot order.
    const ALL: [Kind; Kind::COUNT] = [
        Kind::Analysis,
        Kind::Bootstrap,
        Kind::Cooccurrence,
        Kind::Spurious,
        Kind::Rows,
        Kind::Map,
        Kind::Report,
    ];

    fn of(job: &Job) -> Self {
        match job {
            Job::Analyze(_) => Kind::Analysis,
            Job::Bootstrap(..) | Job::BootstrapShare { .. } => Kind::Bootstrap,
            Job::Cooccurrence { .. } => Kind::Cooccurrence,
            Job::Spurious { .. } => Kind::Spurious,
            Job::Rows { .. } => Kind::Rows,
            Job::Map => Kind::Map,
            Job::EmbeddingReport => Kind::Report,
        }
    }

    fn slot(self) -> usize {
        self as usize
    }

    /// The main worker's kinds in the order the working line prefers them: the
    /// analysis and the map's computations first (they show at once), then the
    /// views' quick jobs (they show only once they take long, see [`QUIET_MS`]).
    const LINE_ORDER: [Kind; 6] = [
        Kind::Analysis,
        Kind::Map,
        Kind::Report,
        Kind::Cooccurrence,
        Kind::Spurious,
        Kind::Rows,
    ];

    /// What a job of this kind does, for the working line until it reports more.
    fn doing(self) -> &'static str {
        match self {
            Kind::Analysis => "starting the analysis",
            Kind::Bootstrap => "starting the bootstrap",
            Kind::Cooccurrence => "computing the co-occurrence table",
            Kind::Spurious => "ranking candidate spurious cues",
            Kind::Rows => "listing the rows",
            Kind::Map => "computing the map",
            Kind::Report => "measuring group leakage and attribute directions",
        }
    }

    /// Whether its progress shows only after [`QUIET_MS`].
    fn quiet(self) -> bool {
        matches!(self, Kind::Cooccurrence | Kind::Spurious | Kind::Rows)
    }
}

/// A view's job that has run this long shows the working line (and its Cancel);
/// quicker ones never flash it.
const QUIET_MS: f64 = 400.0;

/// What a bootstrap share's worker says: how far it has come, or its answer.
enum ShareAnswer {
    /// Its progress.
    Progress(Progress),
    /// Its replicates, or why there are none.
    Done(Result<Output, JobError>),
}

/// One Web Worker and the version of the data set it holds.
struct Slot {
    bridge: Option<WorkerBridge<EngineWorker>>,
    holds: u64,
}

type Sent = Option<(DataSpec, Job)>;

/// A file's name and where a worker reads it, kept to hand to a new worker.
type FileUrl = (String, String);

/// At most this many bootstrap workers: each holds a copy of the data set.
pub const POOL_MAX: usize = 4;

/// Replicates below which a share is not worth a worker of its own.
const SHARE_MIN: usize = 100;

/// How many workers share a bootstrap of `replicates` on a machine with `cores`.
pub fn pool_size(cores: usize, replicates: usize) -> usize {
    cores
        .clamp(1, POOL_MAX)
        .min(replicates.div_ceil(SHARE_MIN))
        .max(1)
}

/// The cores the browser reports (`navigator.hardwareConcurrency`), at least 1.
pub fn cores() -> usize {
    let n = window().navigator().hardware_concurrency();
    if n.is_finite() && n >= 1.0 {
        n as usize
    } else {
        1
    }
}

/// A bootstrap shared among the pool: each share's request id, progress and
/// replicates once answered.
struct Shares {
    b: BootstrapSettings,
    ids: Vec<u64>,
    done: Vec<usize>,
    values: Vec<Option<Share>>,
    not_available: Vec<Quantity>,
    /// When it was sent (the page's clock).
    started: f64,
}

/// Milliseconds on the page's clock.
pub fn now_ms() -> f64 {
    window()
        .performance()
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// A handle to the engine's workers (cheap to copy; lives as long as the app).
#[derive(Clone, Copy)]
pub struct Engine {
    state: AppState,
    main: StoredValue<Slot, LocalStorage>,
    /// The bootstrap's workers.
    pool: StoredValue<Vec<StoredValue<Slot, LocalStorage>>, LocalStorage>,
    /// The bootstrap the pool works on.
    shares: StoredValue<Option<Shares>, LocalStorage>,
    next_id: StoredValue<u64>,
    /// The data set's version: 0 before the first load.
    version: StoredValue<u64>,
    latest: StoredValue<[u64; Kind::COUNT]>,
    /// Each running job's progress and when it started (the page's clock).
    progress: StoredValue<[Option<(Progress, f64)>; Kind::COUNT]>,
    /// The job the working line describes (what its Cancel stops).
    on_line: StoredValue<Option<Kind>>,
    sent: StoredValue<[Sent; Kind::COUNT]>,
    done: StoredValue<[Sent; Kind::COUNT]>,
    pending: StoredValue<Option<PendingLoad>, LocalStorage>,
    /// A load that opens once the user chooses columns (the mapping panel).
    awaiting_columns: StoredValue<Option<PendingLoad>, LocalStorage>,
    held: StoredValue<Option<Data>, LocalStorage>,
    /// Embeddings the workers hold for the data set: file name and URL.
    held_embeddings: StoredValue<Option<FileUrl>, LocalStorage>,
    /// The embeddings load the page waits for: its id, file and URL.
    pending_embeddings: StoredValue<Option<(u64, FileUrl)>, LocalStorage>,
}

impl Engine {
    /// Starts the main worker (the bootstrap's workers start when first needed).
    pub fn start(state: AppState) -> Self {
        let engine = Self {
            state,
            main: StoredValue::new_local(Slot {
                bridge: None,
                holds: 0,
            }),
            pool: StoredValue::new_local(
                (0..cores().min(POOL_MAX))
                    .map(|_| {
                        StoredValue::new_local(Slot {
                            bridge: None,
                            holds: 0,
                        })
                    })
                    .collect(),
            ),
            shares: StoredValue::new_local(None),
            next_id: StoredValue::new(0),
            version: StoredValue::new(0),
            latest: StoredValue::new([0; Kind::COUNT]),
            progress: StoredValue::new(Default::default()),
            on_line: StoredValue::new(None),
            sent: StoredValue::new(Default::default()),
            done: StoredValue::new(Default::default()),
            pending: StoredValue::new_local(None),
            awaiting_columns: StoredValue::new_local(None),
            held: StoredValue::new_local(None),
            held_embeddings: StoredValue::new_local(None),
            pending_embeddings: StoredValue::new_local(None),
        };
        engine.respawn(engine.main);
        engine
    }

    /// Replaces a slot's worker with a fresh one that holds nothing yet.
    fn respawn(self, slot: StoredValue<Slot, LocalStorage>) {
        let bridge = EngineWorker::spawner()
            .callback(move |response| self.receive(response))
            .with_loader(true)
            .spawn(WORKER_PATH);
        slot.set_value(Slot {
            bridge: Some(bridge),
            holds: 0,
        });
    }

    fn next_id(self) -> u64 {
        self.next_id.update_value(|n| *n += 1);
        self.next_id.get_value()
    }

    fn send(slot: StoredValue<Slot, LocalStorage>, request: Request) {
        slot.with_value(|s| {
            if let Some(b) = &s.bridge {
                b.send(request);
            }
        });
    }

    fn request_for(
        id: u64,
        data: &Data,
        columns: ColumnChoice,
        threshold: f64,
        suggest_support: bool,
    ) -> Request {
        match data {
            Data::Demo(name, lab) => Request::LoadDemo {
                id,
                name: name.clone(),
                lab: *lab,
                columns,
                threshold,
            },
            Data::File {
                name,
                file,
                url,
                beside,
            } => Request::Load {
                id,
                name: name.clone(),
                file: file.clone(),
                url: url.clone(),
                beside: beside.clone(),
                columns,
                threshold,
                suggest_support,
            },
        }
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
            self.state.columns.get_untracked()
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
            && !(load.keep_settings && self.state.min_support.get_untracked().is_some());
        Self::send(
            self.main,
            Self::request_for(
                load.id,
                &load.data,
                load.columns.clone(),
                self.state.threshold.get_untracked(),
                suggest,
            ),
        );
        // A load still waited for is replaced: its file is no longer needed.
        if let Some(p) = self.pending.get_value() {
            p.data.release();
        }
        self.pending.set_value(Some(load));
    }

    /// Opens the file that waits for its columns with the roles `columns`
    /// chooses (the mapping panel's "Open").
    pub fn open_with_columns(self, columns: ColumnChoice) {
        let Some(mut load) = self.awaiting_columns.get_value() else {
            return;
        };
        self.awaiting_columns.set_value(None);
        load.columns = columns;
        self.send_load(load);
    }

    /// Gives up the file that waits for its columns (the mapping panel's
    /// "Cancel"); what was on screen stays.
    pub fn cancel_columns(self) {
        if let Some(load) = self.awaiting_columns.get_value() {
            load.data.release();
        }
        self.awaiting_columns.set_value(None);
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
                file: crate::blob::file_name(&url),
                url,
                beside: Vec::new(),
            },
            None => Data::Demo(name.to_owned(), self.state.lab.get_untracked()),
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
    pub fn held_lab(self) -> Option<LabSettings> {
        match self.held.get_value() {
            Some(Data::Demo(name, lab)) if name == "lab" => Some(lab),
            _ => None,
        }
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
        let file = crate::blob::file_name(&absolute);
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

    /// Hands the held embeddings (if any) to a worker that was just given the data.
    fn send_embeddings(self, slot: StoredValue<Slot, LocalStorage>) {
        if let Some((file, url)) = self.held_embeddings.get_value() {
            let id = self.next_id();
            Self::send(slot, Request::LoadEmbeddings { id, file, url });
        }
    }

    /// Loads embeddings (read by a worker at `url`) for the data set on screen
    /// (row i belongs to row i).
    pub fn load_embeddings(self, file: String, url: String) {
        let id = self.next_id();
        self.state.busy.set(Some(format!("Loading {file}…")));
        Self::send(
            self.main,
            Request::LoadEmbeddings {
                id,
                file: file.clone(),
                url: url.clone(),
            },
        );
        if let Some((_, (_, old))) = self.pending_embeddings.get_value() {
            crate::blob::release(&old);
        }
        self.pending_embeddings.set_value(Some((id, (file, url))));
    }

    /// Whether the latest job of a kind has been answered.
    fn finished(self, kind: Kind) -> bool {
        self.latest.with_value(|l| l[kind.slot()]) == 0
    }

    /// Whether the result on screen for `kind` already answers this job.
    fn on_screen(self, kind: Kind, data: &DataSpec, job: &Job) -> bool {
        let present = match kind {
            Kind::Analysis => self
                .state
                .analysis
                .with_untracked(|a| matches!(a, Some(Ok(_)))),
            Kind::Bootstrap => self
                .state
                .intervals
                .with_untracked(|a| matches!(a, Some(Ok(_)))),
            Kind::Cooccurrence => self.state.cooc.with_untracked(|a| matches!(a, Some(Ok(_)))),
            Kind::Spurious => self
                .state
                .spurious
                .with_untracked(|a| matches!(a, Some(Ok(_)))),
            Kind::Rows => self.state.rows.with_untracked(|a| matches!(a, Some(Ok(_)))),
            Kind::Map => self.state.map.with_untracked(|a| matches!(a, Some(Ok(_)))),
            Kind::Report => self
                .state
                .embedding_report
                .with_untracked(|a| matches!(a, Some(Ok(_)))),
        };
        present
            && self.done.with_value(|d| {
                d[kind.slot()]
                    .as_ref()
                    .is_some_and(|(dd, dj)| dd == data && dj == job)
            })
    }

    /// Runs a job; answers to earlier jobs of its kind are ignored from now on.
    fn run(self, data: DataSpec, job: Job) {
        let kind = Kind::of(&job);
        let same = |sent: &[Sent; Kind::COUNT]| {
            sent[kind.slot()]
                .as_ref()
                .is_some_and(|(d, j)| *d == data && *j == job)
        };
        if !self.finished(kind) && self.sent.with_value(same) {
            // The same job is already running.
            return;
        }
        if self.on_screen(kind, &data, &job) {
            self.latest.update_value(|l| l[kind.slot()] = 0);
            self.set_working(kind, None);
            return;
        }
        self.sent
            .update_value(|s| s[kind.slot()] = Some((data.clone(), job.clone())));
        self.set_working(kind, Some(Progress::step(kind.doing())));
        if let Job::Bootstrap(settings, b) = job {
            self.run_shared(data, settings, b);
            return;
        }
        self.hand_data(self.main, &data);
        let id = self.next_id();
        self.latest.update_value(|l| l[kind.slot()] = id);
        Self::send(
            self.main,
            Request::Run {
                id,
                data: Box::new(data),
                job: Box::new(job),
            },
        );
    }

    /// Gives a worker the data set on screen (and its embeddings) unless it holds it.
    fn hand_data(self, slot: StoredValue<Slot, LocalStorage>, data: &DataSpec) {
        let version = self.version.get_value();
        if slot.with_value(|s| s.holds) != version {
            if let Some(held) = self.held.get_value() {
                let id = self.next_id();
                Self::send(
                    slot,
                    Self::request_for(id, &held, data.columns.clone(), data.threshold, false),
                );
                self.send_embeddings(slot);
                slot.update_value(|s| s.holds = version);
            }
        }
    }

    /// Shares a bootstrap's replicates among the pool (a bootstrap still running is
    /// for settings no longer shown: its workers are replaced).
    fn run_shared(self, data: DataSpec, settings: CombinationSettings, b: BootstrapSettings) {
        let pool = self.pool.get_value();
        let ranges = shares(b.replicates, pool_size(pool.len(), b.replicates));
        let running = !self.finished(Kind::Bootstrap);
        let mut ids = Vec::with_capacity(ranges.len());
        for (slot, range) in pool.into_iter().zip(ranges) {
            if running || slot.with_value(|s| s.bridge.is_none()) {
                self.respawn(slot);
            }
            self.hand_data(slot, &data);
            let id = self.next_id();
            ids.push(id);
            let job = Job::BootstrapShare {
                settings,
                b,
                start: range.start,
                end: range.end,
            };
            Self::send(
                slot,
                Request::Run {
                    id,
                    data: Box::new(data.clone()),
                    job: Box::new(job),
                },
            );
        }
        self.latest
            .update_value(|l| l[Kind::Bootstrap.slot()] = ids.first().copied().unwrap_or(0));
        self.shares.set_value(Some(Shares {
            b,
            done: vec![0; ids.len()],
            values: vec![None; ids.len()],
            ids,
            not_available: Vec::new(),
            started: now_ms(),
        }));
    }

    /// Which share of the running bootstrap a request id is.
    fn share_of(self, id: u64) -> Option<usize> {
        self.shares
            .with_value(|s| s.as_ref().and_then(|s| s.ids.iter().position(|&i| i == id)))
    }

    /// A share's progress or answer; the intervals once every share has answered.
    fn receive_share(self, k: usize, answer: ShareAnswer) {
        let mut finished = None;
        self.shares.update_value(|shares| {
            let Some(s) = shares.as_mut() else {
                return;
            };
            match answer {
                ShareAnswer::Progress(p) => {
                    if let Some(d) = s.done.get_mut(k) {
                        *d = p.done;
                    }
                }
                ShareAnswer::Done(Ok(Output::Replicates(values, not_available))) => {
                    if let (Some(slot), Some(d)) = (s.values.get_mut(k), s.done.get_mut(k)) {
                        *d = values.replicates.len();
                        *slot = Some(values);
                    }
                    s.not_available = not_available;
                    if s.values.iter().all(Option::is_some) {
                        let all: Vec<Share> = s.values.iter().flatten().cloned().collect();
                        let report = summarize(&s.b, &s.not_available, &all);
                        finished = Some((Ok(Output::Bootstrap(report)), now_ms() - s.started));
                    }
                }
                ShareAnswer::Done(Ok(_)) => finished = Some((Self::wrong(), 0.0)),
                ShareAnswer::Done(Err(e)) => finished = Some((Err(e), 0.0)),
            }
            if finished.is_none() {
                let done = s.done.iter().sum();
                self.state
                    .boot_working
                    .set(Some(progress_of(done, s.b.replicates)));
            }
        });
        if let Some((result, millis)) = finished {
            // One share failing fails the bootstrap: the others' answers are ignored.
            self.shares.set_value(None);
            self.latest.update_value(|l| l[Kind::Bootstrap.slot()] = 0);
            self.set_working(Kind::Bootstrap, None);
            if result.is_ok() {
                let sent = self.sent.with_value(|s| s[Kind::Bootstrap.slot()].clone());
                self.done.update_value(|d| d[Kind::Bootstrap.slot()] = sent);
            }
            self.deliver(Kind::Bootstrap, result, millis);
        }
    }

    fn set_working(self, kind: Kind, progress: Option<Progress>) {
        if kind == Kind::Bootstrap {
            self.state.boot_working.set(progress);
            return;
        }
        let now = now_ms();
        let running = progress.is_some();
        // A view's job says which view it is for, whatever step it reports.
        let progress = progress.map(|mut p| {
            if kind.quiet() && p.stage != kind.doing() {
                p.stage = format!("{}: {}", kind.doing(), p.stage);
            }
            p
        });
        self.progress.update_value(|all| {
            let since = all[kind.slot()].as_ref().map_or(now, |(_, since)| *since);
            all[kind.slot()] = progress.map(|p| (p, since));
        });
        if kind.quiet() && running {
            // Look again once it has run long enough to show.
            set_timeout(
                move || self.show_working(),
                std::time::Duration::from_millis(QUIET_MS as u64 + 10),
            );
        }
        self.show_working();
    }

    /// The working line: the first running job of [`Kind::LINE_ORDER`] that shows.
    fn show_working(self) {
        let now = now_ms();
        let shown = self.progress.with_value(|all| {
            Kind::LINE_ORDER.into_iter().find_map(|k| {
                let (p, since) = all[k.slot()].as_ref()?;
                (!k.quiet() || now - since >= QUIET_MS).then(|| (k, p.clone()))
            })
        });
        self.on_line.set_value(shown.as_ref().map(|(k, _)| *k));
        let progress = shown.map(|(_, p)| p);
        if self.state.working.with_untracked(|w| *w != progress) {
            self.state.working.set(progress);
        }
    }

    /// Forgets every job's progress on the main worker (it was replaced).
    fn clear_working(self) {
        self.progress.update_value(|all| {
            for kind in Kind::LINE_ORDER {
                all[kind.slot()] = None;
            }
        });
        self.show_working();
    }

    /// Asks for an analysis.
    pub fn analyze(self, request: AnalysisRequest) {
        self.run(request.data, Job::Analyze(request.settings));
    }

    /// Asks for bootstrap intervals of an analysis.
    pub fn bootstrap(self, request: AnalysisRequest, b: BootstrapSettings) {
        self.run(request.data, Job::Bootstrap(request.settings, b));
    }

    /// Asks for another job (co-occurrence, spurious ranking, rows).
    pub fn explore(self, data: DataSpec, job: Job) {
        self.run(data, job);
    }

    /// Stops what the working line describes: the page drops the busy worker
    /// (which ends after its current step, its answer ignored) and starts a fresh
    /// one with the same data set. A cancelled analysis puts the settings back to
    /// those of the analysis on screen; a cancelled view's job leaves the view
    /// saying so, with a button to compute it again. Other jobs that were waiting
    /// are asked again of the new worker.
    pub fn cancel(self) {
        let cancelled = self.on_line.get_value().unwrap_or(Kind::Analysis);
        self.pending.set_value(None);
        self.state.busy.set(None);
        let waiting: Vec<(DataSpec, Job)> = Kind::LINE_ORDER
            .into_iter()
            .filter(|k| *k != cancelled && !self.finished(*k))
            .filter_map(|k| self.sent.with_value(|s| s[k.slot()].clone()))
            .collect();
        // Every job of the main worker (the bootstrap has its own).
        self.latest.update_value(|l| {
            for kind in Kind::LINE_ORDER {
                l[kind.slot()] = 0;
            }
        });
        self.clear_working();
        self.respawn(self.main);
        if let Some(data) = self.held.get_value() {
            let done = self.done.with_value(|d| d[Kind::Analysis.slot()].clone());
            let (columns, threshold) = done
                .as_ref()
                .map_or((ColumnChoice::none(), DEFAULT_THRESHOLD), |(d, _)| {
                    (d.columns.clone(), d.threshold)
                });
            let id = self.next_id();
            Self::send(
                self.main,
                Self::request_for(id, &data, columns, threshold, false),
            );
            self.send_embeddings(self.main);
            self.main
                .update_value(|s| s.holds = self.version.get_value());
            match (cancelled, done) {
                // Back to the analysis on screen: the request equals it, so nothing is recomputed.
                (Kind::Analysis, Some((data, Job::Analyze(settings)))) => {
                    self.state.restore(&AnalysisRequest { data, settings })
                }
                (kind, _) => self.deliver(kind, Err(JobError::Cancelled), 0.0),
            }
        }
        for (data, job) in waiting {
            self.run(data, job);
        }
    }

    /// Stops the bootstrap (its workers are dropped); the intervals say so.
    pub fn cancel_bootstrap(self) {
        for slot in self.pool.get_value() {
            slot.set_value(Slot {
                bridge: None,
                holds: 0,
            });
        }
        self.shares.set_value(None);
        self.latest.update_value(|l| l[Kind::Bootstrap.slot()] = 0);
        self.done.update_value(|d| d[Kind::Bootstrap.slot()] = None);
        self.state.boot_working.set(None);
        self.state.intervals.set(Some(Err(JobError::Cancelled)));
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
                let Some(pending) = self.pending.get_value().filter(|p| p.id == id) else {
                    return;
                };
                self.pending.set_value(None);
                self.state.busy.set(None);
                match result {
                    Ok(group_candidates) => {
                        self.state.needs_columns.set(None);
                        if let Some(old) = self.held.get_value() {
                            old.release();
                        }
                        if let Data::File { url, beside, .. } = &pending.data {
                            crate::kept::keep_annotations(
                                self.state,
                                url,
                                beside,
                                &pending.columns,
                            );
                        }
                        self.held.set_value(Some(pending.data));
                        // A new data set: embeddings of the previous one no longer apply.
                        if let Some((_, url)) = self.held_embeddings.get_value() {
                            crate::blob::release(&url);
                        }
                        self.held_embeddings.set_value(None);
                        self.state.map.set(None);
                        self.state.embedding_report.set(None);
                        self.version.update_value(|v| *v += 1);
                        self.main
                            .update_value(|s| s.holds = self.version.get_value());
                        // Every result on screen is of the previous data set.
                        self.done.set_value(Default::default());
                        self.state.intervals.set(None);
                        self.state.cooc.set(None);
                        self.state.spurious.set(None);
                        self.state.rows.set(None);
                        let manifest_group =
                            manifest.as_ref().and_then(|m| m.columns.group.clone());
                        let preset = manifest.as_ref().map(|m| m.settings.clone());
                        let suggested_min_support = pending
                            .suggested_min_support
                            .or_else(|| manifest.as_ref().and_then(|m| m.settings.min_support))
                            .or(counts.map(|c| c.min_support_floor));
                        // Chosen from the rows only when nothing above states one.
                        let support_chosen = support.filter(|_| suggested_min_support.is_none());
                        let suggested_min_support =
                            suggested_min_support.or(support_chosen.as_ref().map(|s| s.support));
                        self.state.install(
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
                        // The columns it opened with, and the manifest's group
                        // column unless another was chosen.
                        let mut columns = pending.columns.clone();
                        if let (None, Some(g)) = (columns.get(Role::Group), manifest_group) {
                            columns.set(Role::Group, &g);
                        }
                        self.state.columns.set(columns);
                        // Its settings, unless a followed link carries its own.
                        if let Some(p) = preset.filter(|_| !pending.keep_settings) {
                            self.state.apply_preset(&p);
                        }
                        // A demo opens on the view its tour starts with.
                        if let (Some(Source::Demo(d)), false) =
                            (self.state.source.get_untracked(), pending.keep_settings)
                        {
                            if let Some(first) = crate::tour::tour(&d).first() {
                                self.state.view.set(first.view);
                            }
                        }
                    }
                    Err(LoadFailure::NeedsColumns(needs)) => {
                        // The file stays picked until the user chooses or cancels.
                        self.awaiting_columns.set_value(Some(pending));
                        self.state.needs_columns.set(Some(needs));
                    }
                    // Columns chosen in the mapping panel that do not make a data
                    // set: the panel stays open with the message, to choose again.
                    Err(LoadFailure::Message(e))
                        if self.state.needs_columns.with_untracked(Option::is_some) =>
                    {
                        self.awaiting_columns.set_value(Some(pending));
                        self.state.error.set(Some(e));
                    }
                    Err(LoadFailure::Message(e)) => {
                        pending.data.release();
                        self.state.error.set(Some(e));
                    }
                }
            }
            Response::EmbeddingsLoaded { id, result } => {
                let Some((_, (file, url))) =
                    self.pending_embeddings.get_value().filter(|p| p.0 == id)
                else {
                    return;
                };
                self.pending_embeddings.set_value(None);
                self.state.busy.set(None);
                match result {
                    Ok(_) => {
                        if let Some((_, old)) = self.held_embeddings.get_value() {
                            crate::blob::release(&old);
                        }
                        crate::kept::keep_embeddings(self.state, &url);
                        self.held_embeddings.set_value(Some((file, url)));
                        // Other workers get them with the data on their next job.
                        self.version.update_value(|v| *v += 1);
                        self.main
                            .update_value(|s| s.holds = self.version.get_value());
                        self.done.update_value(|d| {
                            d[Kind::Map.slot()] = None;
                            d[Kind::Report.slot()] = None;
                        });
                        self.state.map.set(None);
                        self.state.embedding_report.set(None);
                        self.state.embeddings_version.update(|v| *v += 1);
                    }
                    Err(e) => {
                        crate::blob::release(&url);
                        self.state.error.set(Some(e));
                    }
                }
            }
            // Only the bench page asks for benchmarks, with a worker of its own.
            Response::Bench { .. } => {}
            Response::Progress { id, progress } => {
                if let Some(k) = self.share_of(id) {
                    self.receive_share(k, ShareAnswer::Progress(progress));
                    return;
                }
                let kind = self.kind_of(id);
                if let Some(kind) = kind {
                    self.set_working(kind, Some(progress));
                }
            }
            Response::Done { id, result, millis } => {
                if let Some(k) = self.share_of(id) {
                    self.receive_share(k, ShareAnswer::Done(*result));
                    return;
                }
                let Some(kind) = self.kind_of(id) else {
                    return;
                };
                self.latest.update_value(|l| l[kind.slot()] = 0);
                self.set_working(kind, None);
                let result = *result;
                if result.is_ok() {
                    let sent = self.sent.with_value(|s| s[kind.slot()].clone());
                    self.done.update_value(|d| d[kind.slot()] = sent);
                }
                self.deliver(kind, result, millis);
            }
        }
    }

    /// The kind of job whose latest request has this id.
    fn kind_of(self, id: u64) -> Option<Kind> {
        let latest = self.latest.get_value();
        Kind::ALL.into_iter().find(|k| latest[k.slot()] == id)
    }

    /// The error for an answer of the wrong kind (a bug, said in words).
    fn wrong<T>() -> Result<T, JobError> {
        Err(JobError::Failed(
            "the engine answered with the wrong kind of result".to_owned(),
        ))
    }

    fn deliver(self, kind: Kind, result: Result<Output, JobError>, millis: f64) {
        let s = self.state;
        match kind {
            Kind::Analysis => s.analysis.set(Some(result.and_then(|o| match o {
                Output::Analysis(analysis, unfiltered) => Ok(Shared(Arc::new(Computed {
                    analysis: *analysis,
                    unfiltered,
                    millis,
                }))),
                _ => Self::wrong(),
            }))),
            Kind::Bootstrap => s.intervals.set(Some(result.and_then(|o| match o {
                Output::Bootstrap(b) => {
                    s.boot_millis.set(Some(millis));
                    Ok(Shared(Arc::new(b)))
                }
                _ => Self::wrong(),
            }))),
            Kind::Cooccurrence => s.cooc.set(Some(result.and_then(|o| match o {
                Output::Cooccurrence(c) => Ok(Shared(Arc::new(c))),
                _ => Self::wrong(),
            }))),
            Kind::Spurious => s.spurious.set(Some(result.and_then(|o| match o {
                Output::Spurious(r) => Ok(Shared(Arc::new(r))),
                _ => Self::wrong(),
            }))),
            Kind::Rows => s.rows.set(Some(result.and_then(|o| match o {
                Output::Rows(r) => Ok(Shared(Arc::new(r))),
                _ => Self::wrong(),
            }))),
            Kind::Map => s.map.set(Some(result.and_then(|o| match o {
                Output::Map(m) => Ok(Shared(Arc::new(*m))),
                _ => Self::wrong(),
            }))),
            Kind::Report => s.embedding_report.set(Some(result.and_then(|o| match o {
                Output::EmbeddingReport(r) => Ok(Shared(Arc::new(*r))),
                _ => Self::wrong(),
            }))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{pool_size, Kind, POOL_MAX};

    #[test]
    fn the_pool_uses_the_cores_up_to_its_max_and_not_for_small_bootstraps() {
        assert_eq!(pool_size(2, 1000), 2);
        assert_eq!(pool_size(16, 1000), POOL_MAX);
        assert_eq!(pool_size(4, 150), 2);
        assert_eq!(pool_size(4, 50), 1);
        assert_eq!(pool_size(0, 1000), 1);
        assert_eq!(pool_size(4, 0), 1);
    }

    #[test]
    fn every_kind_is_listed_once_in_slot_order() {
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(kind.slot(), i, "{kind:?}");
        }
    }
}
