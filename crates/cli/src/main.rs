//! `biaslens`: the biaslens engine on the command line. Prints JSON on stdout;
//! bad input prints a message naming file, line and column on stderr and exits
//! with status 2.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use biaslens_core::{analyze, load, CombinationSettings, InputError, Mode, SettingsError};
use clap::{Parser, Subcommand, ValueEnum};

/// Multi-attribute bias amplification, on the command line.
#[derive(Debug, Parser)]
#[command(name = "biaslens", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The combination modes of `metrics.md` section 2.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Combinations {
    /// Every supported subset of size k_min..=k_max.
    Subsets,
    /// The distinct full attribute sets of training rows.
    LabelSets,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Computes every headline metric, the per-cell breakdown and the data set summary.
    Metrics {
        /// An annotation table: CSV, TSV, JSON or JSON Lines, optionally gzip-compressed.
        file: PathBuf,
        /// Smallest combination size.
        #[arg(long, default_value_t = 1)]
        k_min: usize,
        /// Largest combination size (subsets mode).
        #[arg(long, default_value_t = 3)]
        k_max: usize,
        /// Minimum number of train and of test rows with a combination.
        #[arg(long, default_value_t = 1)]
        min_support: u64,
        /// How the combination set is chosen.
        #[arg(long, value_enum, default_value_t = Combinations::Subsets)]
        combinations: Combinations,
        /// A predicted score at or above this is a positive prediction.
        #[arg(long, default_value_t = 0.5)]
        threshold: f64,
        /// The column to use as the group (default: the column named `group`).
        #[arg(long)]
        group_column: Option<String>,
    },
    /// Writes a built-in demo data set (`kitchen` or `toy`) as CSV on stdout.
    Demo {
        /// The demo's name.
        name: String,
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

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Other(e)
    }
}

fn run(cli: Cli) -> Result<String, Failure> {
    match cli.command {
        Command::Metrics {
            file,
            k_min,
            k_max,
            min_support,
            combinations,
            threshold,
            group_column,
        } => {
            if !(0.0..=1.0).contains(&threshold) {
                return Err(SettingsError::Threshold(threshold.to_string()).into());
            }
            let name = file.display().to_string();
            let bytes = std::fs::read(&file)
                .map_err(|e| Failure::Input(format!("{name}: cannot read this file: {e}")))?;
            let stem = file
                .file_stem()
                .map_or_else(|| name.clone(), |s| s.to_string_lossy().into_owned());
            let (_, dataset) = load(&stem, &name, &bytes, group_column.as_deref(), threshold)?;
            let settings = CombinationSettings {
                mode: match combinations {
                    Combinations::Subsets => Mode::Subsets,
                    Combinations::LabelSets => Mode::LabelSets,
                },
                k_min,
                k_max,
                min_support,
            };
            let analysis = analyze(&dataset, &settings)?;
            Ok(serde_json::to_string_pretty(&analysis).context("writing JSON")?)
        }
        Command::Demo { name } => biaslens_core::demo::demo_csv(&name)
            .map(|(csv, _)| csv)
            .map_err(Failure::Input),
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
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
