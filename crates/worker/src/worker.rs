//! The engine in a Web Worker: it keeps the parsed file, builds the data set for
//! the requested column roles and threshold (kept until they change), and answers
//! each analysis with progress on the way, so the page never freezes.

use biaslens_core::analysis::analyze_with_progress;
use biaslens_core::bootstrap::{bootstrap_with_progress, progress_of, Resampler};
use biaslens_core::cooccurrence::cooccurrence;
use biaslens_core::counts::RowIndex;
use biaslens_core::counts_file::Counts;
use biaslens_core::dataset::{DatasetSummary, DEFAULT_THRESHOLD};
use biaslens_core::demo::DemoExtras;
use biaslens_core::embeddings::column::{from_column, COLUMN};
use biaslens_core::embeddings::map::map_view;
use biaslens_core::embeddings::map::MapView;
use biaslens_core::embeddings::matrix::select_rows;
use biaslens_core::embeddings::pca::Pca;
use biaslens_core::embeddings::{project, report, EmbeddingReport, Embeddings};
use biaslens_core::filter::{list_rows, RowFilter};
use biaslens_core::lab::lab_csv;
use biaslens_core::manifest::Manifest;
use biaslens_core::mapping::NeedsColumns;
use biaslens_core::open::{
    align, manifest_concepts, manifest_embeddings, open, ConceptFiles, Files, LoadOptions, Memory,
    Opened, Wanted,
};
use biaslens_core::probe::concepts::{parse_concepts, ConceptSource};
use biaslens_core::probe::sap::{probe, ProbeReport, ProbeSettings, ProbeTarget};
use biaslens_core::probe::slices::{slices, SliceReport, SliceSettings};
use biaslens_core::progress::Progress;
use biaslens_core::spurious::{spurious, Target};
use biaslens_core::support::suggest_min_support;
use biaslens_core::{
    build_dataset, build_from_table, demo, mapping, ColumnChoice, ColumnMapping, Dataset, Table,
};
use gloo_worker::{HandlerId, Worker, WorkerScope};

use crate::files::Picked;
use crate::protocol::{
    Analyzed, Answer, BenchTimes, ConceptsInfo, CountsInfo, DataSpec, Job, JobError, LoadFailure,
    Replicates, Request, Response,
};

/// The data set of `table` under the roles `columns` chooses, with those roles,
/// or, when roles a data set needs are still missing, what the page's mapping
/// panel shows.
fn checked(
    name: &str,
    table: &Table,
    columns: &ColumnChoice,
    threshold: f64,
) -> Result<(Dataset, ColumnMapping), LoadFailure> {
    let roles = ColumnMapping::resolve(table, columns).map_err(|e| e.to_string())?;
    if let Some(needs) = NeedsColumns::of(table, &roles) {
        return Err(LoadFailure::NeedsColumns(Box::new(needs)));
    }
    let dataset = build_dataset(name, table, &roles, threshold).map_err(|e| e.to_string())?;
    Ok((dataset, roles))
}

/// Runs one job on the rows of `whole` that `filter` keeps (the map's jobs, which
/// need the worker's embeddings, are answered by [`EngineWorker::embedding_job`]).
fn run(
    whole: &Dataset,
    filter: &RowFilter,
    job: Job,
    progress: &mut dyn FnMut(Progress),
) -> Answer {
    let text = JobError::from;
    // Without a filter the kept data set is used as it is, not copied.
    let filtered;
    let d = if filter.is_empty() {
        whole
    } else {
        filtered = whole.filtered(filter);
        &filtered
    };
    match job {
        Job::Analyze(settings) => Answer::Analysis(
            analyze_with_progress(d, &settings, progress)
                .map(|analysis| {
                    Box::new(Analyzed {
                        analysis,
                        unfiltered: whole.summary(),
                    })
                })
                .map_err(text),
        ),
        Job::Bootstrap(settings, b) => {
            Answer::Bootstrap(bootstrap_with_progress(d, &settings, &b, progress).map_err(text))
        }
        Job::BootstrapShare {
            settings,
            b,
            start,
            end,
        } => Answer::Replicates(Resampler::new(d, &settings).map_err(text).map(|resampler| {
            let share = resampler.run(&b, start..end, &mut |done| {
                progress(progress_of(done, end.saturating_sub(start)))
            });
            Replicates {
                share,
                not_available: resampler.not_available().to_vec(),
            }
        })),
        Job::Cooccurrence {
            split,
            k_max,
            min_support,
        } => Answer::Cooccurrence(cooccurrence(d, split, k_max, min_support).map_err(text)),
        Job::Spurious { target } => Answer::Spurious(
            Target::resolve(d, &target)
                .map(|target| spurious(d, &RowIndex::new(d), &target))
                .map_err(JobError::from),
        ),
        Job::Rows {
            selection,
            offset,
            limit,
        } => Answer::Rows(Ok(list_rows(d, &selection, offset, limit))),
        Job::Map | Job::EmbeddingReport | Job::Probe { .. } | Job::Slices { .. } => {
            Answer::failed_job(
                &job,
                JobError::Failed("this job reads the worker's embeddings and concepts".to_owned()),
            )
        }
    }
}

/// Answers a job from counts alone: the analysis and the co-occurrence tables;
/// every other view needs rows.
fn counts_job(counts: &Counts, summary: &DatasetSummary, data: &DataSpec, job: Job) -> Answer {
    let needs_rows = |what: &str| Answer::failed_job(&job, JobError::NeedsRows(what.to_owned()));
    if !data.filter.is_empty() {
        return needs_rows("a filter");
    }
    match &job {
        Job::Analyze(settings) => Answer::Analysis(
            counts
                .analyze(summary.clone(), settings)
                .map(|analysis| {
                    Box::new(Analyzed {
                        analysis,
                        unfiltered: summary.clone(),
                    })
                })
                .map_err(JobError::from),
        ),
        Job::Bootstrap(..) | Job::BootstrapShare { .. } => needs_rows("the bootstrap"),
        Job::Cooccurrence {
            split,
            k_max,
            min_support,
        } => Answer::Cooccurrence(
            counts
                .cooccurrence(*split, *k_max, *min_support)
                .map_err(JobError::from),
        ),
        Job::Spurious { .. } => needs_rows("the spurious-cue ranking"),
        Job::Rows { .. } => needs_rows("the list of rows"),
        Job::Map | Job::EmbeddingReport => needs_rows("the embeddings view"),
        Job::Probe { .. } => needs_rows("the probe"),
        Job::Slices { .. } => needs_rows("the error slices"),
    }
}

/// Milliseconds on the worker's clock.
fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        js_sys::global()
            .dyn_into::<web_sys::WorkerGlobalScope>()
            .ok()
            .and_then(|w| w.performance())
            .map_or_else(js_sys::Date::now, |p| p.now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// The rows of `d` that `filter` keeps, as a data set with their positions in
/// `d`; `None` when it keeps every row (then `d` itself serves).
fn kept_rows(d: &Dataset, filter: &RowFilter) -> Option<(Dataset, Vec<usize>)> {
    (!filter.is_empty()).then(|| (d.filtered(filter), filter.rows(d)))
}

/// The data set built for one (column choice, threshold).
struct Built {
    columns: ColumnChoice,
    threshold: f64,
    dataset: Result<Dataset, JobError>,
}

/// The worker's state: the kept file, its embeddings, and what is derived from them.
#[derive(Default)]
pub struct EngineWorker {
    file: Option<(String, Table)>,
    built: Option<Built>,
    /// The embeddings of the kept file, with their file name.
    embeddings: Option<(String, Embeddings)>,
    /// Their PCA (seed 0), computed once: the map's positions.
    projection: Option<Pca>,
    /// The embedding analyses for one group column.
    report: Option<(Option<String>, EmbeddingReport)>,
    /// Counts opened instead of rows (a counts file), with the rows' summary.
    counts: Option<(Counts, DatasetSummary)>,
    /// The concepts the probe reads, and their embeddings.
    concepts: Option<ConceptFiles>,
    /// The concept scores of every row, computed once for the rows they were
    /// computed from.
    scores: Option<Scores>,
}

/// Every row's concept scores (row-major), with where they come from and the
/// column choice and threshold they were computed with (`None` for the
/// embeddings' cosines, which do not depend on them).
struct Scores {
    built_with: Option<(ColumnChoice, f64)>,
    source: ConceptSource,
    values: Vec<f64>,
}

impl EngineWorker {
    /// Opens an entry through `files` (the engine's open path) and keeps what
    /// it opened to; the manifest comes back for the page to show. Every file is
    /// read and checked before anything kept is replaced.
    fn open(
        &mut self,
        files: &mut dyn Files,
        name: &str,
        columns: ColumnChoice,
        threshold: f64,
    ) -> Result<(Vec<String>, Option<Box<Manifest>>), LoadFailure> {
        let options = LoadOptions {
            name: name.to_owned(),
            columns,
            threshold: Some(threshold),
        };
        let rows = match open(files, &options).map_err(|e| e.to_string())? {
            Opened::Counts(entry) => {
                return Ok((self.keep_counts(entry.counts, entry.summary), None))
            }
            Opened::Rows(rows) => rows.into_table().map_err(|e| e.to_string())?,
        };
        let checked = checked(&rows.name, &rows.table, &rows.columns, rows.threshold)?;
        let embeddings = match &rows.manifest {
            Some(m) => manifest_embeddings(files, m, &checked.0).map_err(|e| e.to_string())?,
            None => None,
        };
        let concepts = match &rows.manifest {
            Some(m) => manifest_concepts(files, m, &checked.0).map_err(|e| e.to_string())?,
            None => None,
        };
        let candidates = self.keep(
            &rows.name,
            rows.table,
            checked,
            &rows.columns,
            rows.threshold,
        )?;
        if let Some((e_file, e)) = embeddings {
            self.set_embeddings(e_file, e);
        }
        self.concepts = concepts;
        Ok((candidates, rows.manifest.map(|(_, m)| Box::new(m))))
    }

    /// Opens a generated file (a demo, the lab, a benchmark set) and keeps it.
    fn load(
        &mut self,
        name: &str,
        file: &str,
        bytes: &[u8],
        columns: ColumnChoice,
        threshold: f64,
    ) -> Result<Vec<String>, LoadFailure> {
        let mut files = Memory { file, bytes };
        Ok(self.open(&mut files, name, columns, threshold)?.0)
    }

    /// Keeps a parsed table and the data set [`checked`] built from it, with its
    /// roles (replacing what was kept).
    fn keep(
        &mut self,
        name: &str,
        table: Table,
        (dataset, roles): (Dataset, ColumnMapping),
        columns: &ColumnChoice,
        threshold: f64,
    ) -> Result<Vec<String>, LoadFailure> {
        let file = table.file.clone();
        let candidates = mapping::group_candidates(&table, &roles);
        self.built = Some(Built {
            columns: columns.clone(),
            threshold,
            dataset: Ok(dataset),
        });
        // A JSON `embedding` column brings the embeddings with the rows.
        let embedded = from_column(&table).transpose().map_err(|e| e.to_string())?;
        self.file = Some((name.to_owned(), table));
        self.counts = None;
        self.embeddings = None;
        self.projection = None;
        self.report = None;
        self.concepts = None;
        self.scores = None;
        if let Some(e) = embedded {
            self.set_embeddings(format!("the {COLUMN} column of {file}"), e);
        }
        Ok(candidates)
    }

    /// Keeps counts in place of rows (nothing of the rows kept before stays);
    /// returns the group column, the only one counts offer.
    fn keep_counts(&mut self, counts: Counts, summary: DatasetSummary) -> Vec<String> {
        self.file = None;
        self.built = None;
        self.embeddings = None;
        self.projection = None;
        self.report = None;
        self.concepts = None;
        self.scores = None;
        // The one group column the counts were made with.
        let group = vec![summary.group_column.clone()];
        self.counts = Some((counts, summary));
        group
    }

    /// What the kept counts cover, when counts and not rows are kept.
    fn counts_info(&self) -> Option<CountsInfo> {
        self.counts.as_ref().map(|(c, _)| CountsInfo {
            k_max: c.k_max,
            min_support_floor: c.min_support_floor,
        })
    }

    /// Reads embeddings for the kept file and keeps them (the data set is built
    /// again with their PCA as its map positions).
    fn load_embeddings(&mut self, file: &str, url: &str) -> Result<[usize; 2], String> {
        let Some((_, table)) = &self.file else {
            return Err("load annotations before their embeddings".to_owned());
        };
        let e = Picked::new(file, url, &[]).read_embeddings(&Wanted::Entry)?;
        let e = align(e, file, None, table.len()).map_err(|e| e.to_string())?;
        let shape = [e.rows, e.dim];
        self.set_embeddings(file.to_owned(), e);
        Ok(shape)
    }

    fn set_embeddings(&mut self, file: String, e: Embeddings) {
        self.embeddings = Some((file, e));
        self.projection = None;
        self.report = None;
        self.built = None;
        self.scores = None;
    }

    /// Keeps what a demo brings beside its rows (`d`: its rows with the roles
    /// their names say, to check its concepts' targets against).
    fn keep_extras(&mut self, extras: DemoExtras, d: &Dataset) {
        if let Some((file, e)) = extras.embeddings {
            self.set_embeddings(file, e);
        }
        if let Some(c) = extras.concepts {
            // A demo's concepts are checked by its tests; a failure here keeps none.
            self.concepts = c.files.concepts.check_targets(d).is_ok().then_some(c.files);
            self.scores = None;
        }
    }

    /// Reads a concepts table (and a `.npy` of their embeddings among `beside`)
    /// for the kept file and keeps them; what was kept before stays on failure.
    fn load_concepts(
        &mut self,
        file: &str,
        url: &str,
        beside: &[(String, String)],
    ) -> Result<ConceptsInfo, String> {
        if self.file.is_none() {
            return Err("load annotations before their concepts".to_owned());
        }
        let mut files = Picked::new(file, url, beside);
        let bytes = files.read(&Wanted::Entry)?;
        let concepts = parse_concepts(file, &bytes).map_err(|e| e.to_string())?;
        // Checked against the data set when it is built (embeddings loaded since
        // have it built again); the probe checks them again against its own.
        if let Some(Ok(d)) = self.built.as_ref().map(|b| &b.dataset) {
            concepts.check_targets(d).map_err(|e| e.to_string())?;
        }
        let embeddings = match beside.iter().find(|(name, _)| name.ends_with(".npy")) {
            Some((name, url)) => {
                let e = Picked::new(name, url, &[]).read_embeddings(&Wanted::Entry)?;
                Some((name.clone(), e))
            }
            None => None,
        };
        let info = ConceptsInfo {
            file: file.to_owned(),
            concepts: concepts.len(),
            embeddings: embeddings.as_ref().map(|(name, _)| name.clone()),
        };
        self.concepts = Some(ConceptFiles {
            concepts,
            embeddings,
        });
        self.scores = None;
        Ok(info)
    }

    /// The error slices of `target` on the rows of `d` that the filter keeps.
    fn slices_job(
        &self,
        d: &Dataset,
        data: &DataSpec,
        (target, components, seed): (String, usize, u64),
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Box<SliceReport>, JobError> {
        let Some((_, images)) = &self.embeddings else {
            return Err(JobError::Failed(
                "no embeddings: add a .npy or vectors.tsv in the Embeddings tab".to_owned(),
            ));
        };
        let settings = SliceSettings {
            target: ProbeTarget::named(d, &target)?,
            components,
            seed,
        };
        let described = self
            .concepts
            .as_ref()
            .and_then(|c| c.embeddings.as_ref().map(|(_, e)| (&c.concepts, e)));
        let report = match kept_rows(d, &data.filter) {
            None => slices(d, images, described, &settings, progress)?,
            Some((filtered, keep)) => {
                let kept = images.select(&keep);
                slices(&filtered, &kept, described, &settings, progress)?
            }
        };
        Ok(Box::new(report))
    }

    /// The kept concepts and every row's scores on them, computed once for the
    /// rows they were computed from (checked against `d` first).
    fn concept_scores(
        &mut self,
        d: &Dataset,
        data: &DataSpec,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(&ConceptFiles, &Scores), JobError> {
        let Some(files) = &self.concepts else {
            return Err(JobError::Failed(
                "no concepts: add a concepts table (concept, target, core)".to_owned(),
            ));
        };
        files.concepts.check_targets(d)?;
        let key = files
            .embeddings
            .is_none()
            .then(|| (data.columns.clone(), data.threshold));
        let scores = match self.scores.take() {
            Some(s) if s.built_with == key => s,
            _ => {
                progress(Progress::step("scoring every row on every concept"));
                let images = self.embeddings.as_ref().map(|(f, e)| (f.as_str(), e));
                let texts = files.embeddings.as_ref().map(|(f, e)| (f.as_str(), e));
                let (source, values) = files.concepts.scores(d, images, texts)?;
                Scores {
                    built_with: key,
                    source,
                    values,
                }
            }
        };
        Ok((files, self.scores.insert(scores)))
    }

    /// The probe of `target` on the rows of `d` that the filter keeps.
    fn probe_job(
        &mut self,
        d: &Dataset,
        data: &DataSpec,
        (target, refits, seed): (String, usize, u64),
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Box<ProbeReport>, JobError> {
        let (files, scores) = self.concept_scores(d, data, progress)?;
        let settings = ProbeSettings {
            target: ProbeTarget::named(d, &target)?,
            refits,
            seed,
        };
        let (concepts, source) = (&files.concepts, scores.source);
        let report = match kept_rows(d, &data.filter) {
            None => probe(d, concepts, source, &scores.values, &settings, progress)?,
            Some((filtered, keep)) => {
                let kept = select_rows(&scores.values, concepts.len(), &keep);
                probe(&filtered, concepts, source, &kept, &settings, progress)?
            }
        };
        Ok(Box::new(report))
    }

    /// The embeddings' PCA (seed 0), computed once, with progress: the map's
    /// positions. Computed only for a job that needs positions.
    fn projection(&mut self, progress: &mut dyn FnMut(Progress)) -> Option<&Pca> {
        if self.projection.is_none() {
            let (_, e) = self.embeddings.as_ref()?;
            self.projection = Some(project(e, 0, progress));
        }
        self.projection.as_ref()
    }

    /// The map of `d` (every row): placed by the embeddings' PCA, or by the
    /// table's own x and y columns when there are no embeddings.
    fn map_job(
        &mut self,
        d: &Dataset,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Box<MapView>, JobError> {
        let projection = self.projection(progress).map(Pca::without_coordinates);
        let view = match (projection, self.embeddings.as_ref()) {
            (Some(projection), Some((file, e))) => {
                let source = format!("PCA of {file} ({} × {})", e.rows, e.dim);
                map_view(d, Some(&projection), source)?
            }
            _ => map_view(d, None, "the table's x and y columns".to_owned())?,
        };
        Ok(Box::new(view))
    }

    /// The embedding analyses of `d` (cached per group column).
    fn report_job(
        &mut self,
        d: &Dataset,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Box<EmbeddingReport>, JobError> {
        let no_embeddings =
            || JobError::Failed("no embeddings: add a .npy or vectors.tsv".to_owned());
        let projection = self
            .projection(progress)
            .map(Pca::without_coordinates)
            .ok_or_else(no_embeddings)?;
        let (_, e) = self.embeddings.as_ref().ok_or_else(no_embeddings)?;
        let key = Some(d.group_column.clone());
        if self.report.as_ref().is_none_or(|(k, _)| *k != key) {
            self.report = Some((key, report(d, e, projection, 0, progress)));
        }
        self.report
            .as_ref()
            .map(|(_, r)| Box::new(r.clone()))
            .ok_or_else(no_embeddings)
    }

    /// Runs a job on the kept rows (building the data set for its group column and
    /// threshold first, and the PCA where the job needs positions).
    fn rows_job(&mut self, data: DataSpec, job: Job, report: &mut dyn FnMut(Progress)) -> Answer {
        report(Progress::step("building the data set"));
        // Positions come from the PCA: computed first (with progress) for the jobs
        // that need them, never for the others.
        let embedding_job = matches!(
            job,
            Job::Map | Job::EmbeddingReport | Job::Probe { .. } | Job::Slices { .. }
        );
        if embedding_job || data.filter.region.is_some() {
            self.projection(report);
        }
        let d = match self.dataset(data.columns.clone(), data.threshold) {
            Err(e) => return Answer::failed_job(&job, e),
            // The embedding jobs need `&mut self` (they are cached): work on a copy.
            Ok(d) if embedding_job => d.clone(),
            Ok(d) => return run(d, &data.filter, job, report),
        };
        match job {
            Job::Map => Answer::Map(self.map_job(&d, report)),
            Job::Probe {
                target,
                refits,
                seed,
            } => Answer::Probe(self.probe_job(&d, &data, (target, refits, seed), report)),
            Job::Slices {
                target,
                components,
                seed,
            } => Answer::Slices(self.slices_job(&d, &data, (target, components, seed), report)),
            _ => Answer::Report(self.report_job(&d, report)),
        }
    }

    /// The data set for these settings, built again only when they changed.
    fn dataset(&mut self, columns: ColumnChoice, threshold: f64) -> Result<&Dataset, JobError> {
        let not_loaded = || JobError::Failed("no data set is loaded".to_owned());
        let Some((name, table)) = &self.file else {
            return Err(not_loaded());
        };
        let stale = self
            .built
            .as_ref()
            .is_none_or(|b| b.columns != columns || b.threshold != threshold);
        if stale {
            let dataset =
                build_from_table(name, table, &columns, threshold).map_err(JobError::from);
            self.built = Some(Built {
                columns,
                threshold,
                dataset,
            });
        }
        let built = self.built.as_mut().map(|b| &mut b.dataset);
        // Rows without their own x, y are placed by the embeddings' PCA, once it is computed.
        if let (Some(Ok(d)), Some(p)) = (built, &self.projection) {
            if d.coords.is_empty() {
                d.coords = p
                    .coordinates
                    .chunks(3)
                    .map(|c| {
                        [
                            c.first().copied().unwrap_or(0.0),
                            c.get(1).copied().unwrap_or(0.0),
                        ]
                    })
                    .collect();
            }
        }
        match self.built.as_ref().map(|b| &b.dataset) {
            Some(Ok(d)) => Ok(d),
            Some(Err(e)) => Err(e.clone()),
            None => Err(not_loaded()),
        }
    }
}

/// The answer to loading a generated data set (a demo or a benchmark set: no
/// manifest).
fn loaded_generated(id: u64, result: Result<Vec<String>, LoadFailure>) -> Response {
    Response::Loaded {
        id,
        result,
        manifest: None,
        counts: None,
        support: None,
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
                url,
                beside,
                columns,
                threshold,
                suggest_support,
            } => {
                let mut files = Picked::new(&file, &url, &beside);
                let loaded = self.open(&mut files, &name, columns, threshold);
                let (result, manifest) = match loaded {
                    Ok((candidates, manifest)) => (Ok(candidates), manifest),
                    Err(e) => (Err(e), None),
                };
                let counts = result.as_ref().ok().and(self.counts_info());
                // Rows that state no minimum support get one chosen from them.
                let stated = manifest
                    .as_ref()
                    .is_some_and(|m| m.settings.min_support.is_some());
                let support = match (&result, counts, stated) {
                    (Ok(_), None, false) if suggest_support => {
                        match self.built.as_ref().map(|b| &b.dataset) {
                            Some(Ok(d)) => Some(suggest_min_support(d)),
                            _ => None,
                        }
                    }
                    _ => None,
                };
                scope.respond(
                    who,
                    Response::Loaded {
                        id,
                        result,
                        manifest,
                        counts,
                        support,
                    },
                );
            }
            Request::LoadDemo {
                id,
                name,
                lab,
                columns,
                threshold,
            } => {
                let generated = if name == "lab" {
                    Ok((lab_csv(&lab), "lab.csv".to_owned()))
                } else {
                    demo::demo_csv(&name)
                };
                let result = LoadFailure::from_result(generated).and_then(|(csv, file)| {
                    self.load(&name, &file, csv.as_bytes(), columns, threshold)
                });
                // A demo may come with embeddings and concepts (generated from its rows).
                let default = result.is_ok().then(|| {
                    self.file.as_ref().and_then(|(n, t)| {
                        build_from_table(n, t, &ColumnChoice::none(), DEFAULT_THRESHOLD).ok()
                    })
                });
                if let Some(d) = default.flatten() {
                    self.keep_extras(demo::demo_extras(&name, &d), &d);
                }
                scope.respond(who, loaded_generated(id, result));
            }
            Request::LoadConcepts {
                id,
                file,
                url,
                beside,
            } => {
                let result = self.load_concepts(&file, &url, &beside);
                scope.respond(who, Response::ConceptsLoaded { id, result });
            }
            Request::LoadEmbeddings { id, file, url } => {
                let result = self.load_embeddings(&file, &url);
                scope.respond(who, Response::EmbeddingsLoaded { id, result });
            }
            Request::LoadBench { id, set } => {
                let result = biaslens_core::generate::bench_set(&set)
                    .ok_or_else(|| format!("there is no benchmark data set named \"{set}\"").into())
                    .and_then(|s| {
                        let csv = biaslens_core::generate::generate_csv(&s.shape);
                        self.load(
                            &set,
                            "bench.csv",
                            csv.as_bytes(),
                            ColumnChoice::none(),
                            DEFAULT_THRESHOLD,
                        )
                    });
                scope.respond(who, loaded_generated(id, result));
            }
            Request::Bench { id, set } => {
                let report =
                    |progress: Progress| scope.respond(who, Response::Progress { id, progress });
                let result = bench(&set, &mut |p| report(p));
                scope.respond(who, Response::Bench { id, result });
            }
            Request::Run { id, data, job } => {
                let (data, job) = (*data, *job);
                let start = now_ms();
                let report =
                    |progress: Progress| scope.respond(who, Response::Progress { id, progress });
                let answer = match &self.counts {
                    Some((counts, summary)) => counts_job(counts, summary, &data, job),
                    None => self.rows_job(data, job, &mut |p| report(p)),
                };
                scope.respond(
                    who,
                    Response::Done {
                        id,
                        answer: Box::new(answer),
                        millis: now_ms() - start,
                    },
                );
            }
        }
    }
}

/// Times the benchmark's tasks on the generated data set `name` (generation is
/// not timed: it stands for the file the user would open).
fn bench(name: &str, progress: &mut dyn FnMut(Progress)) -> Result<BenchTimes, String> {
    use biaslens_core::bootstrap::BootstrapSettings;
    use biaslens_core::cooccurrence::Split;
    use biaslens_core::generate::{bench_set, generate_csv, BENCH_MIN_SUPPORT};
    use biaslens_core::{load_with_defaults, CombinationSettings};
    let set = bench_set(name)
        .ok_or_else(|| format!("there is no benchmark data set named \"{name}\""))?;
    let step = Progress::step;
    progress(step("generating the data set"));
    let csv = generate_csv(&set.shape);
    let mut tasks = Vec::new();
    let timed = |task: &str, tasks: &mut Vec<(String, f64)>, start: f64| {
        tasks.push((task.to_owned(), now_ms() - start));
    };
    progress(step("load"));
    let start = now_ms();
    let (_, d) =
        load_with_defaults(name, "bench.csv", csv.as_bytes()).map_err(|e| e.to_string())?;
    timed("load", &mut tasks, start);
    drop(csv);
    let settings = CombinationSettings {
        k_max: set.k_max,
        min_support: BENCH_MIN_SUPPORT,
        ..Default::default()
    };
    progress(step("metrics"));
    let start = now_ms();
    let analysis = analyze_with_progress(&d, &settings, &mut |_| {}).map_err(|e| e.to_string())?;
    timed("metrics", &mut tasks, start);
    progress(step("cooccurrence"));
    let start = now_ms();
    cooccurrence(&d, Split::Train, 1, BENCH_MIN_SUPPORT).map_err(|e| e.to_string())?;
    timed("cooccurrence", &mut tasks, start);
    if set.full {
        let b = BootstrapSettings {
            replicates: 1000,
            seed: 0,
        };
        let start = now_ms();
        bootstrap_with_progress(&d, &settings, &b, &mut |p| progress(p))
            .map_err(|e| e.to_string())?;
        timed("bootstrap", &mut tasks, start);
        progress(step("generating the embeddings"));
        let e = biaslens_core::generate::bench_embeddings(&d);
        let start = now_ms();
        project(&e, 0, &mut |p| progress(p));
        timed("pca", &mut tasks, start);
    }
    Ok(BenchTimes {
        set: set.name,
        rows: d.len(),
        attributes: d.attributes.len(),
        combinations: analysis.metrics.multi_mals.n_combinations,
        tasks,
    })
}
