//! Messages between the page and the engine's Web Workers. Every request carries an
//! id; the page ignores answers to requests it has since replaced.

use biaslens_core::bootstrap::{BootstrapReport, BootstrapSettings, Share};
use biaslens_core::cooccurrence::{CooccurrenceReport, Split};
use biaslens_core::dataset::DatasetSummary;
use biaslens_core::embeddings::map::MapView;
use biaslens_core::embeddings::EmbeddingReport;
use biaslens_core::filter::{RowFilter, RowPage};
use biaslens_core::lab::LabSettings;
use biaslens_core::manifest::Manifest;
use biaslens_core::mapping::NeedsColumns;
use biaslens_core::metrics::headline::Quantity;
use biaslens_core::probe::sap::ProbeReport;
use biaslens_core::probe::slices::SliceReport;
use biaslens_core::progress::Progress;
use biaslens_core::spurious::SpuriousReport;
use biaslens_core::support::Suggestion;
use biaslens_core::{Analysis, ColumnChoice, CombinationSettings, InputError, SettingsError};
use serde::{Deserialize, Serialize};

/// Why a job has no answer, as a value the views match on (its words are its
/// `Display`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum JobError {
    /// The user cancelled it (its answer would be of a view no longer asked for).
    #[error("Cancelled.")]
    Cancelled,
    /// It needs rows, and only counts were loaded: what needs them, in words.
    #[error("{}", biaslens_core::error::needs_rows(.0))]
    NeedsRows(String),
    /// The rows cannot make a data set with these columns: where and why.
    #[error("{0}")]
    Input(InputError),
    /// The settings cannot be computed (a range, too many combinations…), in words.
    #[error("{0}")]
    Settings(String),
    /// Anything else the engine could not do, in words.
    #[error("{0}")]
    Failed(String),
}

impl From<SettingsError> for JobError {
    fn from(e: SettingsError) -> Self {
        match e {
            SettingsError::NeedsRows(what) => JobError::NeedsRows(what.to_owned()),
            other => JobError::Settings(other.to_string()),
        }
    }
}

impl From<InputError> for JobError {
    fn from(e: InputError) -> Self {
        JobError::Input(e)
    }
}

impl From<String> for JobError {
    fn from(e: String) -> Self {
        JobError::Failed(e)
    }
}

/// Which rows of the kept file a job works on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataSpec {
    /// The columns chosen for roles (the rest as their names say).
    pub columns: ColumnChoice,
    /// The score threshold.
    pub threshold: f64,
    /// The filter every view is restricted to.
    pub filter: RowFilter,
}

/// The settings of one analysis: which rows, and how `M` is chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisRequest {
    /// Which rows.
    pub data: DataSpec,
    /// How `M` is chosen.
    pub settings: CombinationSettings,
}

/// A computation on the kept data set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Job {
    /// Every headline metric and the cell breakdown.
    Analyze(CombinationSettings),
    /// Bootstrap intervals of every headline number (the page splits it into
    /// [`Job::BootstrapShare`]s for its pool of workers).
    Bootstrap(CombinationSettings, BootstrapSettings),
    /// Replicates `start..end` of a bootstrap: one worker's share.
    BootstrapShare {
        /// How `M` is chosen.
        settings: CombinationSettings,
        /// `B` and the seed.
        b: BootstrapSettings,
        /// First replicate of the share.
        start: usize,
        /// One past its last replicate.
        end: usize,
    },
    /// The co-occurrence tables of a split.
    Cooccurrence {
        /// The split.
        split: Split,
        /// Largest combination size (1: attributes only).
        k_max: usize,
        /// Minimum support of combinations.
        min_support: u64,
    },
    /// The spurious-correlation ranking of a target.
    Spurious {
        /// An attribute or group value.
        target: String,
    },
    /// The map: positions and colours (the PCA comes first, so the map shows
    /// before the slower analyses).
    Map,
    /// The embedding analyses: group leakage and attribute directions.
    EmbeddingReport,
    /// A page of the rows behind a selection.
    Rows {
        /// The selection (within the filter).
        selection: RowFilter,
        /// First row of the page.
        offset: usize,
        /// Rows per page.
        limit: usize,
    },
    /// Where the model fails: error slices of the worker's embeddings.
    Slices {
        /// The group column's name, or an attribute.
        target: String,
        /// Mixture components.
        components: usize,
        /// Seed of the PCA and of the mixture's start.
        seed: u64,
    },
    /// The probe of what the representation leans on (the worker's concepts).
    Probe {
        /// The group column's name, or an attribute.
        target: String,
        /// Bootstrap refits for the stability (0: none).
        refits: usize,
        /// The refits' seed.
        seed: u64,
    },
}

/// The kinds of job: each has one slot on the page (its latest request, what it
/// sent, its progress) and one variant of [`Answer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// [`Job::Analyze`].
    Analysis,
    /// [`Job::Bootstrap`] (and its shares).
    Bootstrap,
    /// [`Job::Cooccurrence`].
    Cooccurrence,
    /// [`Job::Spurious`].
    Spurious,
    /// [`Job::Rows`].
    Rows,
    /// [`Job::Map`].
    Map,
    /// [`Job::EmbeddingReport`].
    Report,
    /// [`Job::Probe`].
    Probe,
    /// [`Job::Slices`].
    Slices,
}

impl Kind {
    /// How many kinds there are.
    pub const COUNT: usize = 9;
    /// Every kind, in slot order.
    pub const ALL: [Kind; Kind::COUNT] = [
        Kind::Analysis,
        Kind::Bootstrap,
        Kind::Cooccurrence,
        Kind::Spurious,
        Kind::Rows,
        Kind::Map,
        Kind::Report,
        Kind::Probe,
        Kind::Slices,
    ];

    /// Its place in [`Kind::ALL`] (and in a table with one slot per kind).
    pub fn slot(self) -> usize {
        self as usize
    }
}

impl Job {
    /// The kind of job this is (a bootstrap's share is of the bootstrap).
    pub fn kind(&self) -> Kind {
        match self {
            Job::Analyze(_) => Kind::Analysis,
            Job::Bootstrap(..) | Job::BootstrapShare { .. } => Kind::Bootstrap,
            Job::Cooccurrence { .. } => Kind::Cooccurrence,
            Job::Spurious { .. } => Kind::Spurious,
            Job::Rows { .. } => Kind::Rows,
            Job::Map => Kind::Map,
            Job::EmbeddingReport => Kind::Report,
            Job::Probe { .. } => Kind::Probe,
            Job::Slices { .. } => Kind::Slices,
        }
    }
}

/// The analysis and the summary of the whole data set (the analysis' own summary
/// is of the filtered rows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analyzed {
    /// Every headline metric and the cell breakdown.
    pub analysis: Analysis,
    /// The whole data set, before the filter.
    pub unfiltered: DatasetSummary,
}

/// A bootstrap share's replicates and per-cell sums, and the headline numbers not
/// available on the data at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Replicates {
    /// The share's replicates.
    pub share: Share,
    /// The headline numbers not available on this data.
    pub not_available: Vec<Quantity>,
}

/// A job's answer: one variant per job, each holding that job's own result or
/// why there is none. The page routes an answer by its variant, so that no
/// answer can reach a view of another kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// To [`Job::Analyze`] (boxed: it is large).
    Analysis(Result<Box<Analyzed>, JobError>),
    /// To [`Job::Bootstrap`].
    Bootstrap(Result<BootstrapReport, JobError>),
    /// To [`Job::BootstrapShare`].
    Replicates(Result<Replicates, JobError>),
    /// To [`Job::Cooccurrence`].
    Cooccurrence(Result<CooccurrenceReport, JobError>),
    /// To [`Job::Spurious`].
    Spurious(Result<SpuriousReport, JobError>),
    /// To [`Job::Rows`].
    Rows(Result<RowPage, JobError>),
    /// To [`Job::Map`] (boxed: it holds every row).
    Map(Result<Box<MapView>, JobError>),
    /// To [`Job::EmbeddingReport`] (the PCA without per-row coordinates).
    Report(Result<Box<EmbeddingReport>, JobError>),
    /// To [`Job::Probe`].
    Probe(Result<Box<ProbeReport>, JobError>),
    /// To [`Job::Slices`].
    Slices(Result<Box<SliceReport>, JobError>),
}

impl Answer {
    /// The answer of a job of `kind` that failed with `e` (a share's failure is
    /// the bootstrap's).
    pub fn failed(kind: Kind, e: JobError) -> Self {
        match kind {
            Kind::Analysis => Answer::Analysis(Err(e)),
            Kind::Bootstrap => Answer::Bootstrap(Err(e)),
            Kind::Cooccurrence => Answer::Cooccurrence(Err(e)),
            Kind::Spurious => Answer::Spurious(Err(e)),
            Kind::Rows => Answer::Rows(Err(e)),
            Kind::Map => Answer::Map(Err(e)),
            Kind::Report => Answer::Report(Err(e)),
            Kind::Probe => Answer::Probe(Err(e)),
            Kind::Slices => Answer::Slices(Err(e)),
        }
    }

    /// The answer of `job` that failed with `e` (a share's is its replicates').
    pub fn failed_job(job: &Job, e: JobError) -> Self {
        match job {
            Job::BootstrapShare { .. } => Answer::Replicates(Err(e)),
            _ => Answer::failed(job.kind(), e),
        }
    }

    /// The kind of job it answers.
    pub fn kind(&self) -> Kind {
        match self {
            Answer::Analysis(_) => Kind::Analysis,
            Answer::Bootstrap(_) | Answer::Replicates(_) => Kind::Bootstrap,
            Answer::Cooccurrence(_) => Kind::Cooccurrence,
            Answer::Spurious(_) => Kind::Spurious,
            Answer::Rows(_) => Kind::Rows,
            Answer::Map(_) => Kind::Map,
            Answer::Report(_) => Kind::Report,
            Answer::Probe(_) => Kind::Probe,
            Answer::Slices(_) => Kind::Slices,
        }
    }

    /// Whether it is a result (not an error).
    pub fn is_ok(&self) -> bool {
        match self {
            Answer::Analysis(r) => r.is_ok(),
            Answer::Bootstrap(r) => r.is_ok(),
            Answer::Replicates(r) => r.is_ok(),
            Answer::Cooccurrence(r) => r.is_ok(),
            Answer::Spurious(r) => r.is_ok(),
            Answer::Rows(r) => r.is_ok(),
            Answer::Map(r) => r.is_ok(),
            Answer::Report(r) => r.is_ok(),
            Answer::Probe(r) => r.is_ok(),
            Answer::Slices(r) => r.is_ok(),
        }
    }
}

/// What the page asks a worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Parse a file and keep it; the file kept before stays when this one fails.
    Load {
        /// The request's id.
        id: u64,
        /// The data set's name.
        name: String,
        /// The file name, for messages and the format.
        file: String,
        /// Where the worker reads the file (a `blob:` URL of a picked file).
        url: String,
        /// Files picked with it (name, `blob:` URL): those a manifest names.
        #[serde(default)]
        beside: Vec<(String, String)>,
        /// The columns chosen for roles, to check it with.
        columns: ColumnChoice,
        /// The score threshold to check it with.
        threshold: f64,
        /// Choose a minimum support from the rows when nothing states one: only
        /// for the load a user asked for (a worker handed the data set for a
        /// job, or one started again after a cancel, does not need it).
        #[serde(default)]
        suggest_support: bool,
    },
    /// Generate a built-in demo and keep it.
    LoadDemo {
        /// The request's id.
        id: u64,
        /// The demo's name.
        name: String,
        /// The dials of the `lab` demo (ignored by the others).
        lab: LabSettings,
        /// The columns chosen for roles, to check it with.
        columns: ColumnChoice,
        /// The score threshold to check it with.
        threshold: f64,
    },
    /// Parse embeddings for the kept file (row i belongs to its row i) and keep them.
    LoadEmbeddings {
        /// The request's id.
        id: u64,
        /// The file name, for messages and the format.
        file: String,
        /// Where the worker reads the file (a `blob:` URL of a picked file).
        url: String,
    },
    /// Parse a concepts table (and, among `beside`, the concepts' embeddings) for
    /// the kept file and keep them; the concepts kept before stay when it fails.
    LoadConcepts {
        /// The request's id.
        id: u64,
        /// The table's file name.
        file: String,
        /// Where the worker reads it.
        url: String,
        /// Files picked with it (name, URL): a `.npy` among them is the concepts'
        /// embeddings.
        #[serde(default)]
        beside: Vec<(String, String)>,
    },
    /// Time the benchmark's tasks on a generated data set (the app's bench mode,
    /// `?bench=NAME`); the kept data set is not touched.
    Bench {
        /// The request's id.
        id: u64,
        /// The data set (`biaslens_core::generate::bench_set`).
        set: String,
    },
    /// Generate a benchmark data set and keep it, as [`Request::LoadDemo`] keeps a
    /// demo (the bench page's pool of workers, for timing the shared bootstrap).
    LoadBench {
        /// The request's id.
        id: u64,
        /// The data set (`biaslens_core::generate::bench_set`).
        set: String,
    },
    /// Run a job on the kept file.
    Run {
        /// The request's id.
        id: u64,
        /// Which rows.
        data: Box<DataSpec>,
        /// What to compute.
        job: Box<Job>,
    },
}

/// The bench mode's measurements on one data set, in the worker with
/// `performance.now()`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchTimes {
    /// The data set.
    pub set: String,
    /// Its rows.
    pub rows: usize,
    /// Its attributes.
    pub attributes: usize,
    /// `|M|` of the analysis.
    pub combinations: usize,
    /// Each task and its milliseconds: load (parse and check the CSV text),
    /// metrics (M, the count tables, the six headline metrics and every cell),
    /// cooccurrence (the attribute × group table), bootstrap (B = 1000) where timed.
    pub tasks: Vec<(String, f64)>,
}

/// What a data set opened from a counts file covers (`docs/spec/counts.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountsInfo {
    /// The largest combination counted.
    pub k_max: usize,
    /// The smallest minimum support an analysis of it can use.
    pub min_support_floor: u64,
}

/// The concepts a worker keeps, as the page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConceptsInfo {
    /// The concepts table's file.
    pub file: String,
    /// How many concepts it lists.
    pub concepts: usize,
    /// The concepts' embeddings' file, when there are any.
    pub embeddings: Option<String>,
}

/// Why a file did not open (what was kept before stays).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LoadFailure {
    /// The error in words.
    Message(String),
    /// Roles that no column plays by its name: the page asks the user to choose.
    NeedsColumns(Box<NeedsColumns>),
}

impl LoadFailure {
    /// A result whose error is in words, as one whose error is a [`LoadFailure`].
    pub fn from_result<T>(result: Result<T, String>) -> Result<T, LoadFailure> {
        result.map_err(LoadFailure::Message)
    }
}

impl From<String> for LoadFailure {
    fn from(message: String) -> Self {
        LoadFailure::Message(message)
    }
}

/// What a worker answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// A file or demo was parsed (and is now kept) or could not be.
    Loaded {
        /// The request's id.
        id: u64,
        /// The columns that can serve as the group, or why the file did not open.
        result: Result<Vec<String>, LoadFailure>,
        /// The manifest the data set came through, if any.
        manifest: Option<Box<Manifest>>,
        /// Set when only counts were loaded (no rows).
        counts: Option<CountsInfo>,
        /// The minimum support chosen from the rows, when nothing states one
        /// (`docs/spec/metrics.md`, the suggested minimum support).
        support: Option<Suggestion>,
    },
    /// Embeddings were read and kept (`[rows, dim]`), or could not be.
    EmbeddingsLoaded {
        /// The request's id.
        id: u64,
        /// Their shape, or the error in words.
        result: Result<[usize; 2], String>,
    },
    /// Concepts were read and kept, or could not be.
    ConceptsLoaded {
        /// The request's id.
        id: u64,
        /// What was kept, or the error in words.
        result: Result<ConceptsInfo, String>,
    },
    /// How far a job has come.
    Progress {
        /// The request's id.
        id: u64,
        /// The step and its progress.
        progress: Progress,
    },
    /// The benchmark's times, or why it could not run.
    Bench {
        /// The request's id.
        id: u64,
        /// The times.
        result: Result<BenchTimes, String>,
    },
    /// A job finished.
    Done {
        /// The request's id.
        id: u64,
        /// The result, or why there is none (boxed: it is large).
        answer: Box<Answer>,
        /// Milliseconds the engine took.
        millis: f64,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use biaslens_core::bootstrap::bootstrap;
    use biaslens_core::cooccurrence::cooccurrence;
    use biaslens_core::counts::RowIndex;
    use biaslens_core::embeddings::map::map_view;
    use biaslens_core::embeddings::{analyze_embeddings, Embeddings};
    use biaslens_core::filter::list_rows;
    use biaslens_core::probe::concepts::parse_concepts;
    use biaslens_core::probe::sap::{probe, ProbeSettings, ProbeTarget};
    use biaslens_core::spurious::{spurious, Target};
    use biaslens_core::{analyze, load_with_defaults};

    fn round_trip(response: Response) {
        let bytes = bincode::serialize(&response).unwrap();
        assert_eq!(bincode::deserialize::<Response>(&bytes).unwrap(), response);
    }

    /// Why a job has no answer crosses as a value, and reads as the engine's words.
    #[test]
    fn job_errors_cross_as_values_with_their_words() {
        let needs = JobError::from(SettingsError::NeedsRows("the bootstrap"));
        assert_eq!(needs, JobError::NeedsRows("the bootstrap".into()));
        assert_eq!(
            needs.to_string(),
            SettingsError::NeedsRows("the bootstrap").to_string()
        );
        let input = InputError::at("t.csv", 3, Some("group"), "is empty");
        let errors = [
            JobError::Cancelled,
            needs,
            JobError::from(input.clone()),
            JobError::from(SettingsError::MinSupport),
            JobError::from("no embeddings".to_owned()),
        ];
        assert_eq!(errors[2].to_string(), input.to_string());
        assert_eq!(
            errors[3],
            JobError::Settings("min support must be at least 1".into())
        );
        for (e, kind) in errors.into_iter().zip(Kind::ALL) {
            round_trip(Response::Done {
                id: 1,
                answer: Box::new(Answer::failed(kind, e)),
                millis: 0.0,
            });
        }
    }

    /// A failure is the answer of its own kind, and every kind has its slot.
    #[test]
    fn a_failure_answers_its_own_kind_and_every_kind_has_its_slot() {
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(kind.slot(), i, "{kind:?}");
            let answer = Answer::failed(kind, JobError::Cancelled);
            assert_eq!(answer.kind(), kind);
            assert!(!answer.is_ok());
        }
        let share = Job::BootstrapShare {
            settings: CombinationSettings::default(),
            b: BootstrapSettings {
                replicates: 10,
                seed: 0,
            },
            start: 0,
            end: 5,
        };
        assert_eq!(share.kind(), Kind::Bootstrap);
        assert_eq!(Job::Map.kind(), Kind::Map);
    }

    /// Answers cross to the page in bincode, which is not self-describing: every
    /// field must survive the round trip (a skipped field would garble the rest).
    #[test]
    fn every_output_survives_the_worker_codec() {
        // Predicted attributes but no predicted groups: some metrics are available
        // (`not_available` is None), others are not (Some).
        let csv = "split,group,attributes,pred_attributes\ntrain,a,x,x\ntrain,b,y,y\ntest,a,x,y\ntest,b,x|y,x\n";
        let (_, d) = load_with_defaults("t", "t.csv", csv.as_bytes()).unwrap();
        let settings = CombinationSettings::default();
        let analysis = analyze(&d, &settings).unwrap();
        assert!(analysis.metrics.multi_mals.not_available.is_none());
        assert!(analysis.metrics.multi_m_to_g.not_available.is_some());
        let b = BootstrapSettings {
            replicates: 5,
            seed: 0,
        };
        let ix = RowIndex::new(&d);
        // Embeddings of the four rows: the map with its PCA, and the analyses (leakage
        // not available with one row per group and fold: an error string).
        let e = Embeddings::new("e", 4, 2, vec![0.0, 1.0, 1.0, 0.0, 0.5, 0.5, 2.0, 1.0]).unwrap();
        let report = analyze_embeddings(&d, &e, 0, &mut |_| {});
        assert!(report.leakage.is_err());
        let mut placed = d.clone();
        placed.coords = vec![[0.0, 1.0], [1.0, 0.0], [0.5, 0.5], [2.0, 1.0]];
        let map = map_view(&placed, Some(&report.pca), "PCA".into()).unwrap();
        let answers = [
            Answer::Map(Ok(Box::new(map))),
            Answer::Report(Ok(Box::new(report.clone()))),
            Answer::Analysis(Ok(Box::new(Analyzed {
                unfiltered: d.summary(),
                analysis,
            }))),
            Answer::Bootstrap(Ok(bootstrap(&d, &settings, &b).unwrap())),
            Answer::Cooccurrence(Ok(cooccurrence(&d, Split::Train, 2, 1).unwrap())),
            Answer::Spurious(Ok(spurious(&d, &ix, &Target::resolve(&d, "x").unwrap()))),
            Answer::Rows(Ok(list_rows(&d, &RowFilter::default(), 0, 10))),
        ];
        // The probe of an attribute (a target with a name) and of the group.
        let concepts = "concept,target,core\nx,a,true\ny,b,false\n";
        let concepts = parse_concepts("c.csv", concepts.as_bytes()).unwrap();
        let (source, scores) = concepts.scores(&d, None, None).unwrap();
        let probes = [ProbeTarget::Attribute("y".into()), ProbeTarget::Group].map(|target| {
            let settings = ProbeSettings {
                target,
                refits: 2,
                seed: 0,
            };
            Answer::Probe(Ok(Box::new(
                probe(&d, &concepts, source, &scores, &settings, &mut |_| {}).unwrap(),
            )))
        });
        let answers = answers.into_iter().chain(probes);
        for answer in answers {
            round_trip(Response::Done {
                id: 7,
                answer: Box::new(answer),
                millis: 1.5,
            });
        }
        let request = Request::Load {
            id: 1,
            name: "t".into(),
            file: "t.csv".into(),
            url: "blob:http://127.0.0.1/0".into(),
            beside: vec![("c.csv".into(), "blob:http://127.0.0.1/1".into())],
            columns: ColumnChoice::none(),
            threshold: 0.5,
            suggest_support: true,
        };
        let bytes = bincode::serialize(&request).unwrap();
        assert_eq!(bincode::deserialize::<Request>(&bytes).unwrap(), request);
    }
}
