//! The page's side of the engine's Web Worker: sends requests, turns answers into
//! state, ignores answers it no longer wants, and cancels by replacing the worker
//! (the page keeps what it needs to hand the new worker the same data set).

use std::sync::Arc;

use biaslens_core::analysis::Progress;
use biaslens_core::CombinationSettings;
use gloo_worker::{Spawnable, WorkerBridge};
use leptos::prelude::*;

use crate::engine_worker::EngineWorker;
use crate::protocol::{Request, Response};
use crate::query::Source;
use crate::state::{AppState, Computed, Loaded, Shared};

/// Where Trunk puts the worker's loader (`data-loader-shim` in index.html).
const WORKER_PATH: &str = "./biaslens-worker_loader.js";

/// The data the worker holds, as the page can hand it over again.
#[derive(Debug, Clone)]
enum Data {
    /// A built-in demo, by name.
    Demo(String),
    /// A file's name and bytes.
    File {
        name: String,
        file: String,
        bytes: Arc<Vec<u8>>,
    },
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
}

/// The settings of one analysis request.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisRequest {
    /// The group column.
    pub group: Option<String>,
    /// The score threshold.
    pub threshold: f64,
    /// How `M` is chosen.
    pub settings: CombinationSettings,
}

/// A handle to the engine's worker (cheap to copy; lives as long as the app).
#[derive(Clone, Copy)]
pub struct Engine {
    state: AppState,
    bridge: StoredValue<Option<WorkerBridge<EngineWorker>>, LocalStorage>,
    next_id: StoredValue<u64>,
    latest_analysis: StoredValue<u64>,
    pending: StoredValue<Option<PendingLoad>, LocalStorage>,
    held: StoredValue<Option<Data>, LocalStorage>,
    last_sent: StoredValue<Option<AnalysisRequest>>,
    last_done: StoredValue<Option<AnalysisRequest>>,
}

impl Engine {
    /// Starts the worker.
    pub fn start(state: AppState) -> Self {
        let engine = Self {
            state,
            bridge: StoredValue::new_local(None),
            next_id: StoredValue::new(0),
            latest_analysis: StoredValue::new(0),
            pending: StoredValue::new_local(None),
            held: StoredValue::new_local(None),
            last_sent: StoredValue::new(None),
            last_done: StoredValue::new(None),
        };
        engine.spawn();
        engine
    }

    fn spawn(self) {
        let bridge = EngineWorker::spawner()
            .callback(move |response| self.receive(response))
            .with_loader(true)
            .spawn(WORKER_PATH);
        self.bridge.set_value(Some(bridge));
    }

    fn next_id(self) -> u64 {
        self.next_id.update_value(|n| *n += 1);
        self.next_id.get_value()
    }

    fn send(self, request: Request) {
        self.bridge.with_value(|b| {
            if let Some(b) = b {
                b.send(request);
            }
        });
    }

    fn request_for(id: u64, data: &Data, group: Option<String>, threshold: f64) -> Request {
        match data {
            Data::Demo(name) => Request::LoadDemo {
                id,
                name: name.clone(),
                group,
                threshold,
            },
            Data::File { name, file, bytes } => Request::Load {
                id,
                name: name.clone(),
                file: file.clone(),
                bytes: bytes.as_ref().clone(),
                group,
                threshold,
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
        let id = self.next_id();
        let group = if keep_settings {
            self.state.group.get_untracked()
        } else {
            None
        };
        self.state.busy.set(Some(format!("Loading {name}…")));
        self.send(Self::request_for(
            id,
            &data,
            group,
            self.state.threshold.get_untracked(),
        ));
        self.pending.set_value(Some(PendingLoad {
            id,
            data,
            name,
            source,
            suggested_min_support: suggested,
            keep_settings,
        }));
    }

    /// Loads a built-in demo. With `keep_settings` (a followed link) the settings
    /// in the state are kept; otherwise they reset.
    pub fn load_demo(self, name: &str, keep_settings: bool) {
        self.load(
            Data::Demo(name.to_owned()),
            name.to_owned(),
            Source::Demo(name.to_owned()),
            biaslens_core::demo::find(name).map(|d| d.min_support),
            keep_settings,
        );
    }

    /// Loads a file's bytes.
    pub fn load_file(self, file: String, bytes: Vec<u8>, keep_settings: bool) {
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
                bytes: Arc::new(bytes),
            },
            name,
            Source::File(file),
            None,
            keep_settings,
        );
    }

    /// Asks for an analysis; answers to earlier ones are ignored from now on. The
    /// analysis on screen is kept when it already answers this request.
    pub fn analyze(self, request: AnalysisRequest) {
        let id = self.next_id();
        self.latest_analysis.set_value(id);
        let on_screen = self
            .state
            .analysis
            .with_untracked(|a| matches!(a, Some(Ok(_))));
        if on_screen && self.last_done.with_value(|d| d.as_ref() == Some(&request)) {
            self.state.working.set(None);
            return;
        }
        self.state.working.set(Some(Progress {
            stage: "starting".into(),
            done: 0,
            total: 0,
        }));
        self.send(Request::Analyze {
            id,
            group: request.group.clone(),
            threshold: request.threshold,
            settings: request.settings,
        });
        self.last_sent.set_value(Some(request));
    }

    /// Stops what the worker is doing: the page drops the busy worker (which ends
    /// after its current step, its answer ignored) and starts a fresh one with the
    /// same data set, and the settings go back to those of the analysis on screen.
    pub fn cancel(self) {
        self.bridge.set_value(None);
        self.pending.set_value(None);
        self.state.busy.set(None);
        self.state.working.set(None);
        self.spawn();
        if let Some(data) = self.held.get_value() {
            let done = self.last_done.get_value();
            let group = done.as_ref().and_then(|d| d.group.clone());
            let threshold = done.as_ref().map_or(0.5, |d| d.threshold);
            let id = self.next_id();
            self.send(Self::request_for(id, &data, group, threshold));
            match done {
                // Back to the analysis on screen: the request equals it, so nothing is recomputed.
                Some(done) => self.state.restore(&done),
                None => self.state.analysis.set(Some(Err(
                    "Cancelled: change a setting to compute again.".into(),
                ))),
            }
        }
    }

    fn receive(self, response: Response) {
        match response {
            Response::Loaded { id, result } => {
                let Some(pending) = self.pending.get_value().filter(|p| p.id == id) else {
                    return;
                };
                self.pending.set_value(None);
                self.state.busy.set(None);
                match result {
                    Ok(group_candidates) => {
                        self.held.set_value(Some(pending.data));
                        // The analysis on screen is of the previous data set.
                        self.last_done.set_value(None);
                        self.state.install(
                            Loaded {
                                name: pending.name,
                                source: pending.source,
                                group_candidates,
                                suggested_min_support: pending.suggested_min_support,
                            },
                            pending.keep_settings,
                        );
                    }
                    Err(e) => self.state.error.set(Some(e)),
                }
            }
            Response::Progress { id, progress } => {
                if id == self.latest_analysis.get_value() {
                    self.state.working.set(Some(progress));
                }
            }
            Response::Analyzed { id, result, millis } => {
                if id != self.latest_analysis.get_value() {
                    return;
                }
                self.state.working.set(None);
                let result = *result;
                if result.is_ok() {
                    self.last_done.set_value(self.last_sent.get_value());
                }
                self.state.analysis.set(Some(
                    result.map(|analysis| Shared(Arc::new(Computed { analysis, millis }))),
                ));
            }
        }
    }
}
