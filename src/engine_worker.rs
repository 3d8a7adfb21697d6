//! The engine in a Web Worker: it keeps the parsed file, builds the data set for
//! the requested group column and threshold (kept until they change), and answers
//! each analysis with progress on the way, so the page never freezes.

use biaslens_core::analysis::{analyze_with_progress, Progress};
use biaslens_core::bootstrap::bootstrap_with_progress;
use biaslens_core::cooccurrence::cooccurrence;
use biaslens_core::counts::RowIndex;
use biaslens_core::filter::{list_rows, RowFilter};
use biaslens_core::spurious::{spurious, Target};
use biaslens_core::{build_from_table, demo, mapping, parse_table, ColumnMapping, Dataset, Table};
use gloo_worker::{HandlerId, Worker, WorkerScope};

use crate::protocol::{Job, Output, Request, Response};

/// Runs one job on the rows of `whole` that `filter` keeps.
fn run(
    whole: &Dataset,
    filter: &RowFilter,
    job: Job,
    progress: &mut dyn FnMut(Progress),
) -> Result<Output, String> {
    let text = |e: biaslens_core::SettingsError| e.to_string();
    // Without a filter the kept data set is used as it is, not copied.
    let filtered;
    let d = if filter.is_empty() {
        whole
    } else {
        filtered = whole.filtered(filter);
        &filtered
    };
    Ok(match job {
        Job::Analyze(settings) => Output::Analysis(
            Box::new(analyze_with_progress(d, &settings, progress).map_err(text)?),
            whole.summary(),
        ),
        Job::Bootstrap(settings, b) => {
            Output::Bootstrap(bootstrap_with_progress(d, &settings, &b, progress).map_err(text)?)
        }
        Job::Cooccurrence {
            split,
            k_max,
            min_support,
        } => Output::Cooccurrence(cooccurrence(d, split, k_max, min_support).map_err(text)?),
        Job::Spurious { target } => {
            let target = Target::resolve(d, &target)?;
            Output::Spurious(spurious(d, &RowIndex::new(d), &target))
        }
        Job::Rows {
            selection,
            offset,
            limit,
        } => Output::Rows(list_rows(d, &selection, offset, limit)),
    })
}

/// Milliseconds on the worker's clock.
fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// The data set built for one (group column, threshold).
struct Built {
    group: Option<String>,
    threshold: f64,
    dataset: Result<Dataset, String>,
}

/// The worker's state: the kept file and the data set last built from it.
#[derive(Default)]
pub struct EngineWorker {
    file: Option<(String, Table)>,
    built: Option<Built>,
}

impl EngineWorker {
    /// Parses and checks a file; on success it replaces the kept one.
    fn load(
        &mut self,
        name: &str,
        file: &str,
        bytes: &[u8],
        group: Option<&str>,
        threshold: f64,
    ) -> Result<Vec<String>, String> {
        let table = parse_table(file, bytes).map_err(|e| e.to_string())?;
        let dataset =
            build_from_table(name, &table, group, threshold).map_err(|e| e.to_string())?;
        let candidates = mapping::group_candidates(&table, &ColumnMapping::detect(&table));
        self.built = Some(Built {
            group: group.map(str::to_owned),
            threshold,
            dataset: Ok(dataset),
        });
        self.file = Some((name.to_owned(), table));
        Ok(candidates)
    }

    /// The data set for these settings, built again only when they changed.
    fn dataset(&mut self, group: Option<String>, threshold: f64) -> Result<&Dataset, String> {
        let Some((name, table)) = &self.file else {
            return Err("no data set is loaded".to_owned());
        };
        let stale = self
            .built
            .as_ref()
            .is_none_or(|b| b.group != group || b.threshold != threshold);
        if stale {
            let dataset = build_from_table(name, table, group.as_deref(), threshold)
                .map_err(|e| e.to_string());
            self.built = Some(Built {
                group,
                threshold,
                dataset,
            });
        }
        match self.built.as_ref().map(|b| &b.dataset) {
            Some(Ok(d)) => Ok(d),
            Some(Err(e)) => Err(e.clone()),
            None => Err("no data set is loaded".to_owned()),
        }
    }
}

impl Worker for EngineWorker {
    type Message = ();
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        Self::default()
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Self::Input, who: HandlerId) {
        match msg {
            Request::Load {
                id,
                name,
                file,
                bytes,
                group,
                threshold,
            } => {
                let result = self.load(&name, &file, &bytes, group.as_deref(), threshold);
                scope.respond(who, Response::Loaded { id, result });
            }
            Request::LoadDemo {
                id,
                name,
                group,
                threshold,
            } => {
                let result = demo::demo_csv(&name).and_then(|(csv, file)| {
                    self.load(&name, &file, csv.as_bytes(), group.as_deref(), threshold)
                });
                scope.respond(who, Response::Loaded { id, result });
            }
            Request::Run { id, data, job } => {
                let start = now_ms();
                let report =
                    |progress: Progress| scope.respond(who, Response::Progress { id, progress });
                report(Progress {
                    stage: "building the data set".into(),
                    done: 0,
                    total: 0,
                });
                let result = self
                    .dataset(data.group, data.threshold)
                    .and_then(|d| run(d, &data.filter, job, &mut |p| report(p)));
                scope.respond(
                    who,
                    Response::Done {
                        id,
                        result: Box::new(result),
                        millis: now_ms() - start,
                    },
                );
            }
        }
    }
}
