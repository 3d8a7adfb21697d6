//! `biaslens`: the biaslens engine on the command line. Prints JSON on stdout;
//! bad input prints a message naming file, line and column on stderr and exits
//! with status 2.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use biaslens_core::bootstrap::{bootstrap_with_progress, BootstrapSettings};
use biaslens_core::combinations::{available_threads, DEFAULT_K_MAX, DEFAULT_K_MIN};
use biaslens_core::cooccurrence::{group_table, rows_for, Split};
use biaslens_core::counts::{count, RowIndex};
use biaslens_core::counts_file::{counts_of_rows, write_counts, CountsManifest};
use biaslens_core::demo::demo_extras;
use biaslens_core::embeddings::column::from_column;
use biaslens_core::embeddings::npy::to_npy;
use biaslens_core::embeddings::{analyze_embeddings, EmbeddingReport, Embeddings};
use biaslens_core::export::analysis_json;
use biaslens_core::generate::{bench_embeddings, generate_csv, Shape};
use biaslens_core::open::{
    align, manifest_concepts, manifest_embeddings, open, ConceptFiles, CountsEntry, Folder,
    LoadOptions, OpenError, Opened, Rows, TableRows,
};
use biaslens_core::probe::concepts::parse_concepts;
use biaslens_core::probe::sap::{probe, ProbeSettings, ProbeTarget, DEFAULT_REFITS};
use biaslens_core::probe::slices::{slices, SliceSettings, DEFAULT_COMPONENTS};
use biaslens_core::spurious::{spurious, Target};
use biaslens_core::{
    analyze, load_with_defaults, ColumnChoice, CombinationSettings, Dataset, InputError, Mode,
    Progress, Role, SettingsError,
};
use clap::{Args, Parser, Subcommand};

/// Multi-attribute bias amplification, on the command line.
#[derive(Debug, Parser)]
#[command(name = "biaslens", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The input file and how to read it.
#[derive(Debug, Args)]
struct Input {
    /// An annotation table (CSV, TSV, JSON or JSON Lines, optionally
    /// gzip-compressed), or a manifest (JSON) naming it.
    file: PathBuf,
    /// A predicted score at or above this is a positive prediction (default: the
    /// manifest's setting, else 0.5).
    #[arg(long)]
    threshold: Option<f64>,
    /// The column to use as the group (default: the first column named group,
    /// gender, sex or race).
    #[arg(long)]
    group_column: Option<String>,
    /// The predicted group column (default: the group column's `pred_` or
    /// `predicted_` form; "" for none).
    #[arg(long)]
    pred_group_column: Option<String>,
    /// The attributes column, a list per row (default: the first column named
    /// attributes, objects, labels, categories or tags).
    #[arg(long)]
    attributes_column: Option<String>,
    /// The predicted attributes column (default: the attributes column's `pred_`
    /// or `predicted_` form; "" for none).
    #[arg(long)]
    pred_attributes_column: Option<String>,
    /// The split column (default: the column named split).
    #[arg(long)]
    split_column: Option<String>,
    /// The id column (default: the column named id or image_id; "" for the row number).
    #[arg(long)]
    id_column: Option<String>,
    /// The image column (default: the column named image, image_url or url).
    #[arg(long)]
    image_column: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Computes every headline metric, the per-cell breakdown and the data set summary.
    Metrics {
        #[command(flatten)]
        input: Input,
        /// Smallest combination size (default: the manifest's setting, else 1).
        #[arg(long)]
        k_min: Option<usize>,
        /// Largest combination size, subsets mode (default: the manifest's, else 3).
        #[arg(long)]
        k_max: Option<usize>,
        /// Minimum number of train and of test rows with a combination (default:
        /// the manifest's setting, else 1).
        #[arg(long)]
        min_support: Option<u64>,
        /// How the combination set is chosen (`docs/spec/metrics.md` section 2).
        #[arg(long, value_enum, default_value_t = Mode::Subsets)]
        combinations: Mode,
        /// Resamples of the test rows for 95% intervals on every headline number
        /// (adds "ci95" to each metric object); 0 for none.
        #[arg(long, default_value_t = 0)]
        bootstrap: usize,
        /// The bootstrap's seed: the same seed gives the same intervals everywhere.
        #[arg(long, default_value_t = 0)]
        seed: u64,
    },
    /// Writes the count tables of `docs/spec/counts.md` (every combination of up to
    /// --k-max attributes with train and test counts of at least
    /// --min-support-floor, and every single attribute) to the CSV named by -o, and
    /// beside it a counts manifest (`NAME.json`) that `biaslens metrics` and the
    /// app open like a data set; prints the manifest.
    Counts {
        #[command(flatten)]
        input: Input,
        /// Largest combination counted.
        #[arg(long, default_value_t = DEFAULT_K_MAX)]
        k_max: usize,
        /// Combinations of two or more attributes below this train or test count are
        /// left out (analyses of the file can use this minimum support or more).
        #[arg(long, default_value_t = 1)]
        min_support_floor: u64,
        /// The counts CSV to write (the manifest goes beside it, as `.json`).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Prints the association of every attribute (and, with --k-max ≥ 2, every
    /// supported combination) with every group: counts, P(g|m), P(m|g), PMI (null
    /// when it is −∞, i.e. n11 = 0), nPMI, phi, odds ratio with its 95% interval,
    /// chi-square p and Benjamini–Hochberg q over the whole table.
    Cooccurrence {
        #[command(flatten)]
        input: Input,
        /// Which split's ground truth to count.
        #[arg(long, value_enum, default_value_t = Split::Train)]
        split: Split,
        /// Largest combination size (1: single attributes only).
        #[arg(long, default_value_t = 1)]
        k_max: usize,
        /// Minimum train and test support of combinations of 2 or more attributes
        /// (default: 1, or a counts manifest's floor).
        #[arg(long)]
        min_support: Option<u64>,
    },
    /// Ranks candidate spurious cues for a target (an attribute or a group value):
    /// association on the train split, and the model's TPR/FPR with and without
    /// each attribute on the test split, with the counts behind every rate.
    Spurious {
        #[command(flatten)]
        input: Input,
        /// The target: an attribute name or a group value.
        #[arg(long)]
        target: String,
    },
    /// Measures what embeddings encode about the group: PCA to 3 components
    /// (explained-variance ratios), 5-fold cross-validated group leakage (accuracy,
    /// ROC AUC, majority baseline), and every attribute's direction against the
    /// group direction (`cos_group`). Row i of the embeddings belongs to row i of
    /// FILE, or with `--ids` to the row whose id is on line i of the ids file.
    Embeddings {
        #[command(flatten)]
        input: Input,
        /// The embeddings: a NumPy `.npy` (float16/32/64, 2-D) or a Projector
        /// `vectors.tsv`; without it, FILE's JSON `embedding` column.
        #[arg(long)]
        embeddings: Option<PathBuf>,
        /// One id per line: line i names the annotation row of embedding i.
        #[arg(long, requires = "embeddings")]
        ids: Option<PathBuf>,
        /// Seed of the PCA start and the cross-validation shuffle.
        #[arg(long, default_value_t = 0)]
        seed: u64,
    },
    /// Probes what the representation leans on (Spurious Attribute Probing,
    /// `docs/spec/metrics.md` section 10): a logistic-regression probe from the
    /// concept scores to the target, each target value's spurious concepts (non-core
    /// concepts weighing at least its core ones) with their stability over
    /// bootstrap refits, and the model's accuracy on the value's test rows that
    /// score low and high on them.
    Probe {
        #[command(flatten)]
        input: Input,
        /// The concepts table (`concept,target,core`; default: the manifest's).
        #[arg(long)]
        concepts: Option<PathBuf>,
        /// The concepts' text embeddings (`.npy`, a row per concept, in the order
        /// the table first names them); without them the concepts are attributes
        /// and their scores the annotations.
        #[arg(long)]
        concept_embeddings: Option<PathBuf>,
        /// The image embeddings (default: the manifest's, or FILE's `embedding`
        /// column); used with concept embeddings.
        #[arg(long)]
        embeddings: Option<PathBuf>,
        /// One id per line: line i names the annotation row of embedding i.
        #[arg(long, requires = "embeddings")]
        ids: Option<PathBuf>,
        /// The target: the group column (its name, or `group`) or an attribute.
        #[arg(long)]
        target: String,
        /// Bootstrap refits for the stability of each spurious concept (0: none).
        #[arg(long, default_value_t = DEFAULT_REFITS)]
        bootstrap: usize,
        /// The refits' seed.
        #[arg(long, default_value_t = 0)]
        seed: u64,
    },
    /// Finds where the model fails (error slices, `docs/spec/metrics.md` section
    /// 11): the test rows clustered by an error-aware Gaussian mixture on their
    /// PCA-reduced embeddings, worst slice first, each with its error rate, its
    /// groups, the attributes over-represented in it and, with concept embeddings,
    /// the concepts that set it apart from its class.
    Slices {
        #[command(flatten)]
        input: Input,
        /// The image embeddings (default: the manifest's, or FILE's `embedding` column).
        #[arg(long)]
        embeddings: Option<PathBuf>,
        /// One id per line: line i names the annotation row of embedding i.
        #[arg(long, requires = "embeddings")]
        ids: Option<PathBuf>,
        /// The target: the group column (its name, or `group`) or an attribute.
        #[arg(long)]
        target: String,
        /// Mixture components.
        #[arg(long, default_value_t = DEFAULT_COMPONENTS)]
        components: usize,
        /// Seed of the PCA and of the mixture's start.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// A concepts table, to describe the slices (default: the manifest's).
        #[arg(long, requires = "concept_embeddings")]
        concepts: Option<PathBuf>,
        /// The concepts' text embeddings.
        #[arg(long, requires = "concepts")]
        concept_embeddings: Option<PathBuf>,
    },
    /// Writes a built-in demo data set (`kitchen`, `birds`, `lab` or `toy`) as CSV
    /// on stdout.
    Demo {
        /// The demo's name.
        name: String,
        /// Also write the demo's embeddings (`kitchen`, `birds`) to this `.npy`.
        #[arg(long)]
        embeddings: Option<PathBuf>,
        /// Also write the demo's concepts table (`birds`) to this CSV.
        #[arg(long)]
        concepts: Option<PathBuf>,
        /// Also write the demo's concept embeddings (`birds`) to this `.npy`.
        #[arg(long)]
        concept_embeddings: Option<PathBuf>,
    },
    /// Writes a generated benchmark data set as CSV on stdout: `coco-like`
    /// (120,000 rows, 80 Zipf-distributed attributes, about 3 per row) or
    /// `celeba-like` (200,000 rows, 40 attributes, about 9 per row), two groups,
    /// 60/40 train/test, with a simulated model that amplifies; any size with the flags.
    Generate {
        /// `coco-like` or `celeba-like`.
        shape: String,
        /// Rows (default: the shape's).
        #[arg(long)]
        rows: Option<usize>,
        /// Attributes (default: the shape's).
        #[arg(long)]
        attributes: Option<usize>,
        /// Seed (default: the shape's).
        #[arg(long)]
        seed: Option<u64>,
        /// Also write 512-dimensional embeddings of the rows to this `.npy` (what
        /// the benchmark times the PCA on).
        #[arg(long)]
        embeddings: Option<PathBuf>,
    },
}

/// What went wrong: bad input (exit status 2) or anything else (exit status 1).
enum Failure {
    Input(String),
    Other(anyhow::Error),
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Self {
        Failure::Input(e.to_string())
    }
}

impl From<SettingsError> for Failure {
    fn from(e: SettingsError) -> Self {
        Failure::Input(e.to_string())
    }
}

impl From<OpenError> for Failure {
    fn from(e: OpenError) -> Self {
        Failure::Input(e.to_string())
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Other(e)
    }
}

impl Input {
    /// The columns the options choose for their roles.
    fn columns(&self) -> ColumnChoice {
        let mut choice = ColumnChoice::none();
        for (role, column) in [
            (Role::Group, &self.group_column),
            (Role::PredGroup, &self.pred_group_column),
            (Role::Attributes, &self.attributes_column),
            (Role::PredAttributes, &self.pred_attributes_column),
            (Role::Split, &self.split_column),
            (Role::Id, &self.id_column),
            (Role::Image, &self.image_column),
        ] {
            if let Some(column) = column {
                choice.set(role, column);
            }
        }
        choice
    }

    /// How the options open the input (the file's stem names the data set
    /// unless a manifest does).
    fn options(&self) -> LoadOptions {
        LoadOptions {
            name: self.stem(),
            columns: self.columns(),
            threshold: self.threshold,
        }
    }

    /// Opens the input: rows (CSV and TSV streamed one row at a time, perhaps
    /// gzipped, so that ten million rows never sit in memory as text) or counts.
    fn open(&self) -> Result<Opened, Failure> {
        Ok(open(&mut Folder::streaming(&self.file), &self.options())?)
    }

    /// The input's data set and the manifest it came through, if any; counts
    /// are refused (the command needs the rows).
    fn stream(&self, progress: &mut dyn FnMut(Progress)) -> Result<Dataset, Failure> {
        Ok(rows_of(self.open()?)?.into_dataset(progress)?.0)
    }

    /// The input's rows as a table (the embeddings command reads its `embedding`
    /// column), the file provider they came through, and their data set.
    fn load(&self) -> Result<(TableRows, Folder, Dataset), Failure> {
        let mut folder = Folder::new(&self.file);
        let rows = rows_of(open(&mut folder, &self.options())?)?.into_table()?;
        let dataset = rows.dataset()?;
        Ok((rows, folder, dataset))
    }

    /// The input file's name without its extension: the data set's default name.
    fn stem(&self) -> String {
        self.file.file_stem().map_or_else(
            || self.file.display().to_string(),
            |s| s.to_string_lossy().into_owned(),
        )
    }
}

/// The rows an entry opened to; counts are refused, naming what they are.
fn rows_of(opened: Opened) -> Result<Rows, Failure> {
    match opened {
        Opened::Rows(rows) => Ok(*rows),
        Opened::Counts(entry) => {
            let CountsEntry { manifest, file, .. } = *entry;
            let what = if manifest.is_some() {
                "a counts manifest"
            } else {
                "a counts file"
            };
            Err(Failure::Input(format!(
                "{file}: this is {what}, and only `metrics` and `cooccurrence` read counts: this command needs the rows"
            )))
        }
    }
}

/// Shows progress on standard error as one line rewritten in place, when standard
/// error is a terminal (never in a file or a test's capture); a step's updates at
/// most five times a second.
struct Reporter {
    on: bool,
    last: Option<(String, Instant)>,
}

impl Reporter {
    fn new() -> Self {
        Self {
            on: std::io::stderr().is_terminal(),
            last: None,
        }
    }

    fn report(&mut self, p: &Progress) {
        if !self.on {
            return;
        }
        let recent = self.last.as_ref().is_some_and(|(stage, at)| {
            *stage == p.stage && at.elapsed() < Duration::from_millis(200)
        });
        if !recent {
            eprint!("\r\x1b[2K{}", p.text());
            self.last = Some((p.stage.clone(), Instant::now()));
        }
    }
}

impl Drop for Reporter {
    /// Clears the line before the result or an error is printed.
    fn drop(&mut self) {
        if self.last.take().is_some() {
            eprint!("\r\x1b[2K");
        }
    }
}

/// A file's name (for messages) and bytes.
fn read(path: &std::path::Path) -> Result<(String, Vec<u8>), Failure> {
    let name = path.display().to_string();
    std::fs::read(path)
        .map(|bytes| (name.clone(), bytes))
        .map_err(|e| Failure::Input(format!("{name}: cannot read this file: {e}")))
}

/// The image embeddings: the file given (aligned by `ids` when given), else the
/// manifest's, else the table's `embedding` column; `None` when there are none.
fn image_embeddings(
    rows: &TableRows,
    folder: &mut Folder,
    dataset: &Dataset,
    embeddings: Option<PathBuf>,
    ids: Option<PathBuf>,
) -> Result<Option<(String, Embeddings)>, Failure> {
    if let Some(path) = embeddings {
        let (name, bytes) = read(&path)?;
        let e = Embeddings::load(&name, &bytes)?;
        let ids = match ids {
            Some(ids) => Some(read(&ids)?),
            None => None,
        };
        let ids = ids
            .as_ref()
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice(), dataset.ids.as_slice()));
        let aligned = align(e, &name, ids, dataset.len())?;
        return Ok(Some((name, aligned)));
    }
    if let Some(manifest) = &rows.manifest {
        if let Some(named) = manifest_embeddings(folder, manifest, dataset)? {
            return Ok(Some(named));
        }
    }
    match from_column(&rows.table) {
        Some(e) => Ok(Some((rows.table.file.clone(), e?))),
        None => Ok(None),
    }
}

/// [`image_embeddings`], which a command cannot do without.
fn required_embeddings(
    rows: &TableRows,
    folder: &mut Folder,
    dataset: &Dataset,
    embeddings: Option<PathBuf>,
    ids: Option<PathBuf>,
) -> Result<Embeddings, Failure> {
    let found = image_embeddings(rows, folder, dataset, embeddings, ids)?;
    found.map(|(_, e)| e).ok_or_else(|| {
        Failure::Input(format!(
            "{}: no embeddings: give --embeddings E.npy, or an \"embedding\" column of number arrays",
            rows.table.file
        ))
    })
}

fn json(v: &impl serde::Serialize) -> Result<String, Failure> {
    Ok(serde_json::to_string_pretty(v).context("writing JSON")?)
}

/// The embedding report as the CLI prints it: PCA without the per-row
/// coordinates, leakage or its reason.
fn embedding_json(r: &EmbeddingReport) -> serde_json::Value {
    let leakage = match &r.leakage {
        Ok(l) => serde_json::to_value(l).unwrap_or_default(),
        Err(reason) => serde_json::json!({ "not_available": reason }),
    };
    serde_json::json!({
        "shape": r.shape,
        "pca": {
            "explained_variance_ratio": r.pca.explained_variance_ratio,
            "explained_variance": r.pca.explained_variance,
            "components": r.pca.components,
            "iterations": r.pca.iterations,
            "exact": r.pca.exact,
        },
        "leakage": leakage,
        "directions": r.directions,
        "axis": r.axis,
    })
}

fn run(cli: Cli) -> Result<String, Failure> {
    match cli.command {
        Command::Metrics {
            input,
            k_min,
            k_max,
            min_support,
            combinations,
            bootstrap,
            seed,
        } => {
            let rows = match input.open()? {
                Opened::Counts(entry) => {
                    let CountsEntry {
                        counts, summary, ..
                    } = *entry;
                    if bootstrap > 0 {
                        return Err(SettingsError::NeedsRows("the bootstrap").into());
                    }
                    let settings = CombinationSettings {
                        mode: combinations,
                        k_min: k_min.unwrap_or(1),
                        k_max: k_max.unwrap_or(counts.k_max.min(DEFAULT_K_MAX)),
                        min_support: min_support.unwrap_or(counts.min_support_floor.max(1)),
                    };
                    let analysis = counts.analyze(summary, &settings)?;
                    return json(&analysis_json(&analysis, None));
                }
                Opened::Rows(rows) => rows,
            };
            let (dataset, manifest) = rows.into_dataset(&mut |_| {})?;
            // Flags first, then the manifest's settings, then the defaults.
            let preset = manifest.map(|(_, m)| m.settings).unwrap_or_default();
            let settings = CombinationSettings {
                mode: combinations,
                k_min: k_min.or(preset.k_min).unwrap_or(DEFAULT_K_MIN),
                k_max: k_max.or(preset.k_max).unwrap_or(DEFAULT_K_MAX),
                min_support: min_support.or(preset.min_support).unwrap_or(1),
            };
            let analysis = analyze(&dataset, &settings)?;
            let intervals = if bootstrap > 0 {
                let b = BootstrapSettings {
                    replicates: bootstrap,
                    seed,
                };
                Some(bootstrap_with_progress(
                    &dataset,
                    &settings,
                    &b,
                    &mut |_| {},
                )?)
            } else {
                None
            };
            json(&analysis_json(&analysis, intervals.as_ref()))
        }
        Command::Counts {
            input,
            k_max,
            min_support_floor,
            output,
        } => {
            let mut reporter = Reporter::new();
            let dataset = input.stream(&mut |p| reporter.report(&p))?;
            let counts = counts_of_rows(
                &dataset,
                k_max,
                min_support_floor,
                available_threads(),
                &mut |p| reporter.report(&p),
            )?;
            drop(reporter);
            let csv = write_counts(&counts.tables);
            let manifest_path = output.with_extension("json");
            if manifest_path == output {
                return Err(Failure::Input(format!(
                    "{}: the counts file is a CSV (its manifest goes beside it as .json): name it NAME.csv",
                    output.display()
                )));
            }
            let manifest = CountsManifest {
                name: Some(dataset.name.clone()),
                counts: output
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                k_max,
                min_support_floor,
                stand_ins: dataset.stand_ins,
                dataset: Some(dataset.summary()),
            };
            let text = json(&manifest)?;
            std::fs::write(&output, csv)
                .with_context(|| format!("writing {}", output.display()))?;
            std::fs::write(&manifest_path, format!("{text}\n"))
                .with_context(|| format!("writing {}", manifest_path.display()))?;
            Ok(text)
        }
        Command::Cooccurrence {
            input,
            split,
            k_max,
            min_support,
        } => {
            let table = match input.open()? {
                Opened::Counts(entry) => {
                    let counts = entry.counts;
                    let min_support = min_support.unwrap_or(counts.min_support_floor.max(1));
                    counts.cooccurrence(split, k_max, min_support)?.group_rows
                }
                Opened::Rows(rows) => {
                    let (dataset, _) = rows.into_dataset(&mut |_| {})?;
                    let ix = RowIndex::new(&dataset);
                    let rows = rows_for(&dataset, &ix, k_max, min_support.unwrap_or(1))?;
                    group_table(&count(&dataset, &ix, &rows), split)
                }
            };
            let out: Vec<serde_json::Value> = table.iter().map(|r| r.to_json()).collect();
            json(&out)
        }
        Command::Spurious { input, target } => {
            let dataset = input.stream(&mut |_| {})?;
            let target = Target::resolve(&dataset, &target).map_err(Failure::Input)?;
            let ix = RowIndex::new(&dataset);
            json(&spurious(&dataset, &ix, &target))
        }
        Command::Embeddings {
            input,
            embeddings,
            ids,
            seed,
        } => {
            let (rows, mut folder, dataset) = input.load()?;
            let e = required_embeddings(&rows, &mut folder, &dataset, embeddings, ids)?;
            let report = analyze_embeddings(&dataset, &e, seed, &mut |_| {});
            json(&embedding_json(&report))
        }
        Command::Probe {
            input,
            concepts,
            concept_embeddings,
            embeddings,
            ids,
            target,
            bootstrap,
            seed,
        } => {
            let (rows, mut folder, dataset) = input.load()?;
            let from_manifest = match &rows.manifest {
                Some(m) => manifest_concepts(&mut folder, m, &dataset)?,
                None => None,
            };
            let ConceptFiles {
                concepts,
                embeddings: texts,
            } = match (concepts, from_manifest) {
                (Some(path), _) => {
                    let (name, bytes) = read(&path)?;
                    let concepts = parse_concepts(&name, &bytes)?;
                    concepts.check_targets(&dataset)?;
                    ConceptFiles {
                        concepts,
                        embeddings: None,
                    }
                }
                (None, Some(files)) => files,
                (None, None) => {
                    return Err(Failure::Input(format!(
                        "{}: no concepts: give --concepts C.csv (concept,target,core), or name them in a manifest",
                        rows.table.file
                    )))
                }
            };
            let texts = match concept_embeddings {
                Some(path) => {
                    let (name, bytes) = read(&path)?;
                    let e = Embeddings::load(&name, &bytes)?;
                    Some((name, e))
                }
                None => texts,
            };
            let images = match &texts {
                Some(_) => image_embeddings(&rows, &mut folder, &dataset, embeddings, ids)?,
                None => None,
            };
            let (source, scores) = concepts.scores(
                &dataset,
                images.as_ref().map(|(f, e)| (f.as_str(), e)),
                texts.as_ref().map(|(f, e)| (f.as_str(), e)),
            )?;
            let settings = ProbeSettings {
                target: ProbeTarget::named(&dataset, &target)?,
                refits: bootstrap,
                seed,
            };
            let mut reporter = Reporter::new();
            let report = probe(&dataset, &concepts, source, &scores, &settings, &mut |p| {
                reporter.report(&p)
            })?;
            json(&report)
        }
        Command::Slices {
            input,
            embeddings,
            ids,
            target,
            components,
            seed,
            concepts,
            concept_embeddings,
        } => {
            let (rows, mut folder, dataset) = input.load()?;
            let images = required_embeddings(&rows, &mut folder, &dataset, embeddings, ids)?;
            let described = match (concepts, concept_embeddings, &rows.manifest) {
                (Some(c), Some(e), _) => {
                    let (name, bytes) = read(&c)?;
                    let table = parse_concepts(&name, &bytes)?;
                    table.check_targets(&dataset)?;
                    let (e_name, e_bytes) = read(&e)?;
                    Some((table, Embeddings::load(&e_name, &e_bytes)?))
                }
                (_, _, Some(m)) => manifest_concepts(&mut folder, m, &dataset)?
                    .and_then(|c| c.embeddings.map(|(_, e)| (c.concepts, e))),
                _ => None,
            };
            let settings = SliceSettings {
                target: ProbeTarget::named(&dataset, &target)?,
                components,
                seed,
            };
            let mut reporter = Reporter::new();
            let report = slices(
                &dataset,
                &images,
                described.as_ref().map(|(c, e)| (c, e)),
                &settings,
                &mut |p| reporter.report(&p),
            )?;
            json(&report)
        }
        Command::Generate {
            shape,
            rows,
            attributes,
            seed,
            embeddings,
        } => {
            let base = Shape::named(&shape).ok_or_else(|| {
                Failure::Input(format!(
                    "there is no shape named \"{shape}\" (shapes: coco-like, celeba-like)"
                ))
            })?;
            let shape = Shape {
                rows: rows.unwrap_or(base.rows),
                attributes: attributes.unwrap_or(base.attributes).max(1),
                seed: seed.unwrap_or(base.seed),
                ..base
            };
            let csv = generate_csv(&shape);
            if let Some(path) = embeddings {
                let (_, d) = load_with_defaults("generated", "generated.csv", csv.as_bytes())?;
                std::fs::write(&path, to_npy(&bench_embeddings(&d)))
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            Ok(csv)
        }
        Command::Demo {
            name,
            embeddings,
            concepts,
            concept_embeddings,
        } => {
            let (csv, file) = biaslens_core::demo::demo_csv(&name).map_err(Failure::Input)?;
            let (_, d) = load_with_defaults(&name, &file, csv.as_bytes())?;
            let extras = demo_extras(&name, &d);
            let write = |path: &PathBuf, bytes: &[u8]| {
                std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
            };
            let missing = |what: &str| Failure::Input(format!("the demo \"{name}\" has no {what}"));
            if let Some(path) = embeddings {
                let (_, e) = extras
                    .embeddings
                    .as_ref()
                    .ok_or_else(|| missing("embeddings"))?;
                write(&path, &to_npy(e))?;
            }
            if let Some(path) = concepts {
                let c = extras
                    .concepts
                    .as_ref()
                    .ok_or_else(|| missing("concepts"))?;
                write(&path, c.csv.as_bytes())?;
            }
            if let Some(path) = concept_embeddings {
                let e = extras
                    .concepts
                    .as_ref()
                    .and_then(|c| c.files.embeddings.as_ref());
                let (_, e) = e.ok_or_else(|| missing("concept embeddings"))?;
                write(&path, &to_npy(e))?;
            }
            Ok(csv)
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(out) => {
            // A closed pipe (`biaslens metrics … | head`) is the reader's choice,
            // not an error worth a panic.
            let mut stdout = std::io::stdout().lock();
            match writeln!(stdout, "{out}") {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    eprintln!("biaslens: writing the output: {e}");
                    ExitCode::FAILURE
                }
                _ => ExitCode::SUCCESS,
            }
        }
        Err(Failure::Input(message)) => {
            eprintln!("biaslens: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Other(e)) => {
            eprintln!("biaslens: {e:#}");
            ExitCode::FAILURE
        }
    }
}
