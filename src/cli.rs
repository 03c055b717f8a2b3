//! The command line: `serve`, `validate`, `schema` and friends, all calling the same core.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::load::{self, LoadError};
use crate::model::Dataset;

/// Crosswalks between ISO/IEC 20000-1 and related management-system standards.
#[derive(Debug, Parser)]
#[command(name = "itsm-crosswalk", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the GraphQL API (the default command).
    Serve(ServeArgs),
    /// Check a dataset and print every problem as `file:line: message`.
    Validate(DataArgs),
    /// Print the GraphQL schema (SDL), as committed in graphql/schema.graphql.
    Schema,
    /// Print the data-quality report (Markdown), as committed in docs/DATA_QUALITY.md.
    Stats(ReportArgs),
    /// Print the transition summary between two editions (Markdown), as committed in docs/.
    TransitionReport(TransitionReportArgs),
    /// Make a transition plan for an inventory of controls (CSV file, see examples/).
    Plan(PlanArgs),
    /// Export a crosswalk between two standards.
    Export(ExportArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct TransitionReportArgs {
    #[command(flatten)]
    pub report: ReportArgs,
    /// The older edition.
    #[arg(long, default_value = "iso-iec-20000-1-2018")]
    pub from: String,
    /// The newer edition.
    #[arg(long, default_value = "iso-iec-20000-1-next")]
    pub to: String,
}

#[derive(Debug, Clone, clap::Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub report: ReportArgs,
    /// The edition the inventory is mapped to.
    #[arg(long)]
    pub from: String,
    /// The edition to move to.
    #[arg(long)]
    pub to: String,
    /// The inventory CSV (columns id,title,clauses,status).
    #[arg(long, value_name = "FILE.csv")]
    pub inventory: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    pub format: crate::report::Format,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub report: ReportArgs,
    /// The standard the mappings are read from.
    #[arg(long)]
    pub from: String,
    /// The standard the mappings lead to.
    #[arg(long)]
    pub to: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: crate::report::Format,
}

/// A generated report: where the data comes from and where the output goes.
#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl ReportArgs {
    /// Loads the dataset, renders with `render` and writes the result.
    pub fn run(&self, render: impl FnOnce(&Dataset) -> String) -> anyhow::Result<ExitCode> {
        self.try_run(|data| Ok(render(data).into_bytes()))
    }

    /// Like [`ReportArgs::run`], for renderings that can fail with a message for the user.
    pub fn try_run(
        &self,
        render: impl FnOnce(&Dataset) -> Result<Vec<u8>, String>,
    ) -> anyhow::Result<ExitCode> {
        let dataset = match self.data.load() {
            Ok(dataset) => dataset,
            Err(error) => {
                eprintln!("error: {error}");
                return Ok(ExitCode::FAILURE);
            }
        };
        let bytes = match render(&dataset) {
            Ok(bytes) => bytes,
            Err(message) => {
                eprintln!("error: {message}");
                return Ok(ExitCode::FAILURE);
            }
        };
        match &self.output {
            Some(path) => std::fs::write(path, bytes)?,
            None => write_stdout(&bytes)?,
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// Where the dataset comes from.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct DataArgs {
    /// A dataset directory; repeat to overlay (later directories win). Without it, the dataset
    /// embedded in the binary is used.
    #[arg(long = "data", value_name = "DIR")]
    pub data: Vec<PathBuf>,
}

impl DataArgs {
    pub fn load(&self) -> Result<Dataset, LoadError> {
        if self.data.is_empty() {
            load::load_embedded()
        } else {
            load::load_dirs(&self.data)
        }
    }
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Address to listen on.
    #[arg(long, env = "ITSM_CROSSWALK_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
}

/// Runs `validate`: prints the problems (or a one-line summary) and returns the exit code.
pub fn validate(args: &DataArgs) -> ExitCode {
    match args.load() {
        Ok(dataset) => {
            println!(
                "ok: {} standards, {} clauses, {} mapping sets, {} mappings (dataset {})",
                dataset.standards.len(),
                dataset.clauses.len(),
                dataset.mapping_sets.len(),
                dataset.mappings.len(),
                dataset.version
            );
            ExitCode::SUCCESS
        }
        Err(LoadError::Invalid(problems)) => {
            for problem in &problems {
                println!("{problem}");
            }
            eprintln!("{} problem(s) found", problems.len());
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `serve`: loads the dataset (refusing to start on any problem) and serves it.
pub fn serve(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let dataset = match args.data.load() {
        Ok(dataset) => dataset,
        Err(error) => {
            eprintln!("itsm-crosswalk: refusing to start: {error}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let state =
        crate::http::AppState::new(crate::graphql::snapshot_now(std::sync::Arc::new(dataset)));
    // Reloading on SIGHUP only makes sense for files on disk; the embedded dataset cannot change.
    let reload: Option<Box<dyn Fn() -> Result<crate::graphql::Snapshot, String> + Send + Sync>> =
        if args.data.data.is_empty() {
            None
        } else {
            let data = args.data.clone();
            Some(Box::new(move || {
                data.load()
                    .map(|d| crate::graphql::snapshot_now(std::sync::Arc::new(d)))
                    .map_err(|e| e.to_string())
            }))
        };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(crate::http::serve(state, args.addr, reload))?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `schema`: prints the SDL.
pub fn schema() -> ExitCode {
    match write_stdout(crate::graphql::sdl(&crate::graphql::build_schema()).as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

impl ServeArgs {
    /// `serve` with no flags (the environment still applies), for a bare `itsm-crosswalk`.
    pub fn parse_default() -> ServeArgs {
        #[derive(Parser)]
        struct Bare {
            #[command(flatten)]
            serve: ServeArgs,
        }
        Bare::parse_from(["itsm-crosswalk"]).serve
    }
}

fn standard(data: &Dataset, id: &str) -> Result<crate::model::StandardIdx, String> {
    data.standard_by_id(id)
        .ok_or_else(|| format!("unknown standard `{id}`"))
}

/// Runs `transition-report`.
pub fn transition_report(args: &TransitionReportArgs) -> anyhow::Result<ExitCode> {
    args.report.try_run(|data| {
        let (from, to) = (standard(data, &args.from)?, standard(data, &args.to)?);
        crate::report::transition::render(data, from, to)
            .map(String::into_bytes)
            .ok_or_else(|| {
                format!(
                    "no edition-transition set from `{}` to `{}`",
                    args.from, args.to
                )
            })
    })
}

/// Runs `plan`: reads the inventory, reports its problems on standard error with their line,
/// and writes the plan for everything that could be read.
pub fn plan(args: &PlanArgs) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&args.inventory)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.inventory.display()))?;
    let file = args.inventory.display().to_string();
    args.report.try_run(|data| {
        let (from, to) = (standard(data, &args.from)?, standard(data, &args.to)?);
        let (text, problems) =
            crate::report::plan_for_inventory(data, from, to, &bytes, args.format)?;
        for (line, message) in problems {
            eprintln!("{file}:{line}: {message}");
        }
        Ok(text)
    })
}

/// Runs `export`.
pub fn export(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    args.report.try_run(|data| {
        let (from, to) = (standard(data, &args.from)?, standard(data, &args.to)?);
        let now = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
        crate::report::crosswalk::render(data, from, to, args.format, &now)
    })
}

/// Writes to standard output; a closed pipe (`... | head`) is not an error.
fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    match std::io::stdout().lock().write_all(bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
