//! The command line: `serve`, `validate`, `schema` and friends. Like every front end it only
//! translates: arguments into service calls, their answers and refusals into output and exit
//! codes.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::load::LoadError;
use crate::model::Dataset;
use crate::report::Format;
use crate::service::{DataSource, Inventory, PlanRequest, ServiceError, Snapshot, resolve};

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
    /// List the standards, clauses and mapping rows added, removed or changed from one dataset
    /// directory to another (e.g. two checkouts of crosswalks/).
    Diff(DiffArgs),
    /// Write the manifest of the dataset (every record's key and fingerprint), as kept in
    /// crosswalks/releases/<n>.csv for each shipped release.
    ReleaseManifest(ReportArgs),
    /// Check that a server answers: GET a URL (default: /readyz of ITSM_CROSSWALK_ADDR or
    /// 127.0.0.1:8080) and exit 0 on HTTP 200, 1 otherwise. For container healthchecks, which
    /// may have no shell and no curl.
    Probe(ProbeArgs),
    /// Speak the Model Context Protocol over stdio, for desktop assistants (stdout carries only
    /// protocol; messages go to stderr).
    Mcp(DataArgs),
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
    /// The edition the inventory is mapped to. Leave out --from and --to for an integrated plan
    /// of every standard the inventory names (by full clause id) that has a newer edition.
    #[arg(long, requires = "to")]
    pub from: Option<String>,
    /// The edition to move to.
    #[arg(long, requires = "from")]
    pub to: Option<String>,
    /// For an integrated plan: a transition to plan, as `FROM:TO` (repeat; default: every
    /// standard the inventory names that has a newer edition).
    #[arg(long = "transition", value_name = "FROM:TO", conflicts_with = "from")]
    pub transitions: Vec<String>,
    /// The inventory CSV (columns id,title,clauses,status).
    #[arg(long, value_name = "FILE.csv")]
    pub inventory: PathBuf,
    /// Output format: csv, md, json or xlsx.
    #[arg(long, default_value = "md", value_parser = parse_format)]
    pub format: Format,
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
    /// Output format: csv, md, json, oscal or xlsx.
    #[arg(long, default_value = "csv", value_parser = parse_format)]
    pub format: Format,
}

/// The service's format parser, so that the CLI and the downloads accept the same names.
fn parse_format(text: &str) -> Result<Format, String> {
    crate::service::parse_format(text).map_err(|e| e.message)
}

#[derive(Debug, Clone, clap::Args)]
pub struct ProbeArgs {
    /// The URL to GET, `http://HOST:PORT/PATH`.
    pub url: Option<String>,
    /// The server's address when no URL is given (as for `serve`).
    #[arg(long, env = "ITSM_CROSSWALK_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Longest to wait for the answer.
    #[arg(long, default_value = "3s", value_parser = humantime::parse_duration)]
    pub timeout: std::time::Duration,
}

#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {
    /// The older dataset directory.
    pub old: PathBuf,
    /// The newer dataset directory.
    pub new: PathBuf,
    /// Output format: md or json.
    #[arg(long, default_value = "md", value_parser = parse_format)]
    pub format: Format,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
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
        self.try_run_snapshot(|snapshot| render(&snapshot.dataset))
    }

    /// Like [`ReportArgs::try_run`], for documents the service layer makes from a snapshot.
    pub fn try_run_snapshot(
        &self,
        render: impl FnOnce(&Snapshot) -> Result<Vec<u8>, String>,
    ) -> anyhow::Result<ExitCode> {
        let dataset = match self.data.load() {
            Ok(dataset) => dataset,
            Err(error) => {
                eprintln!("error: {error}");
                return Ok(ExitCode::FAILURE);
            }
        };
        let snapshot = Snapshot::new(std::sync::Arc::new(dataset));
        let bytes = match render(&snapshot) {
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
    pub fn source(&self) -> DataSource {
        DataSource::from_dirs(&self.data)
    }

    pub fn load(&self) -> Result<Dataset, LoadError> {
        self.source().load()
    }
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Address to listen on.
    #[arg(long, env = "ITSM_CROSSWALK_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Most bytes of answers the response cache keeps (0 turns it off); it is emptied on reload.
    #[arg(long, env = "ITSM_CROSSWALK_CACHE_BYTES", default_value_t = crate::service::cache::DEFAULT_CACHE_BYTES)]
    pub cache_bytes: u64,
    /// Serve `/metrics` (and `/healthz`) on this address only, so that they need not face the
    /// public; without it, `/metrics` is on the main address.
    #[arg(long, env = "ITSM_CROSSWALK_METRICS_ADDR")]
    pub metrics_addr: Option<std::net::SocketAddr>,
    #[command(flatten)]
    pub log: LogArgs,
    /// A `Host` that `/mcp` answers (a host name for any port, or `host:port`); repeat for more.
    /// Default: localhost, 127.0.0.1 and ::1. Behind an ingress, name its public host.
    #[arg(
        long = "mcp-allow-host",
        env = "ITSM_CROSSWALK_MCP_ALLOWED_HOSTS",
        value_delimiter = ',',
        value_name = "HOST"
    )]
    pub mcp_allowed_hosts: Vec<String>,
    /// A browser `Origin` allowed to call `/mcp` (`https://app.example.com`, `http://localhost:*`);
    /// repeat for more. Default: loopback origins. Requests without `Origin` always pass.
    #[arg(
        long = "mcp-allow-origin",
        env = "ITSM_CROSSWALK_MCP_ALLOWED_ORIGINS",
        value_delimiter = ',',
        value_name = "ORIGIN"
    )]
    pub mcp_allowed_origins: Vec<String>,
}

impl ServeArgs {
    /// The `/mcp` allow-lists: the defaults, replaced list by list by what was given.
    pub fn mcp_access(&self) -> crate::http::McpAccess {
        let mut access = crate::http::McpAccess::default();
        if !self.mcp_allowed_hosts.is_empty() {
            access.allowed_hosts = self.mcp_allowed_hosts.clone();
        }
        if !self.mcp_allowed_origins.is_empty() {
            access.allowed_origins = self.mcp_allowed_origins.clone();
        }
        access
    }
}

/// How the logs on standard error look.
#[derive(Debug, Clone, clap::Args)]
pub struct LogArgs {
    /// `text` (one human-readable line per event) or `json` (one JSON object per line).
    /// `RUST_LOG` chooses what is logged (default `info`).
    #[arg(long, env = "ITSM_CROSSWALK_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"])]
    pub log_format: String,
}

impl LogArgs {
    /// Sends `tracing` events to standard error (stdout belongs to the MCP stdio transport).
    pub fn init(&self) {
        use tracing_subscriber::EnvFilter;
        // The MCP SDK logs whole requests (tool arguments: an inventory) at debug level, and
        // announces every stateless request at info: it is held at warnings whatever RUST_LOG
        // says, so that no log ever holds an organisation's controls.
        let filter = EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| EnvFilter::new("info"))
            .add_directive("rmcp=warn".parse().expect("a valid directive"));
        let builder = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .with_ansi(false);
        let _ = if self.log_format == "json" {
            builder.json().flatten_event(true).try_init()
        } else {
            builder.try_init()
        };
    }
}

/// The server's limits (docs/RELIABILITY.md says why each default is what it is).
#[derive(Debug, Clone, clap::Args)]
pub struct LimitArgs {
    /// Longest a request may run, its body included.
    #[arg(long, env = "ITSM_CROSSWALK_REQUEST_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    pub request_timeout: std::time::Duration,
    /// Longest a client may take to send request headers; also ends idle keep-alive connections.
    #[arg(long, env = "ITSM_CROSSWALK_HEADER_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    pub header_timeout: std::time::Duration,
    /// Most connections open at once (kept below the open-file limit).
    #[arg(long, env = "ITSM_CROSSWALK_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,
    /// Most requests in flight at once; more get 503 OVERLOADED.
    #[arg(long, env = "ITSM_CROSSWALK_MAX_IN_FLIGHT", default_value_t = 256)]
    pub max_in_flight: usize,
    /// Requests per second one client address may make on average; 0 turns rate limiting off.
    #[arg(long, env = "ITSM_CROSSWALK_RATE_LIMIT", default_value_t = 50)]
    pub rate_limit: u32,
    /// Requests one client may make in a burst above its average.
    #[arg(long, env = "ITSM_CROSSWALK_RATE_BURST", default_value_t = 100)]
    pub rate_burst: u32,
    /// Rate-limit loopback clients too (off by default: a local proxy is one client).
    #[arg(long, env = "ITSM_CROSSWALK_RATE_LIMIT_LOOPBACK")]
    pub rate_limit_loopback: bool,
    /// How long a shutdown waits for requests in flight.
    #[arg(long, env = "ITSM_CROSSWALK_DRAIN_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    pub drain_timeout: std::time::Duration,
    /// How often `--data` directories are polled for changes to reload (`0s`: only on SIGHUP).
    #[arg(long, env = "ITSM_CROSSWALK_WATCH_INTERVAL", default_value = "5s", value_parser = humantime::parse_duration)]
    pub watch_interval: std::time::Duration,
}

impl LimitArgs {
    pub fn limits(&self) -> crate::http::Limits {
        crate::http::Limits {
            request_timeout: self.request_timeout,
            header_timeout: self.header_timeout,
            max_connections: self.max_connections,
            max_in_flight: self.max_in_flight,
            rate_per_second: self.rate_limit,
            rate_burst: self.rate_burst,
            rate_limit_loopback: self.rate_limit_loopback,
            drain_timeout: self.drain_timeout,
            watch_interval: self.watch_interval,
        }
    }
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
    args.log.init();
    let service = match crate::service::Service::start(args.data.source()) {
        Ok(service) => service.with_cache_bytes(args.cache_bytes),
        Err(error) => {
            eprintln!("itsm-crosswalk: refusing to start: {error}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let state = crate::http::AppState::new(service, args.limits.limits())
        .with_mcp_access(args.mcp_access());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    if let Err(error) = runtime.block_on(crate::http::serve(state, args.addr, args.metrics_addr)) {
        eprintln!("itsm-crosswalk: {error}");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `diff`: loads both directories (each must validate) and lists what changed.
pub fn diff(args: &DiffArgs) -> anyhow::Result<ExitCode> {
    let load = |dir: &PathBuf| {
        crate::load::load_dirs(std::slice::from_ref(dir))
            .map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))
    };
    let (old, new) = match (load(&args.old), load(&args.new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(error), _) | (_, Err(error)) => {
            eprintln!("error: {error}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let changes = crate::analysis::changes::diff(
        &crate::analysis::changes::manifest(&old),
        &crate::analysis::changes::manifest(&new),
    );
    let label = |data: &Dataset, dir: &PathBuf| format!("{} ({})", dir.display(), data.version);
    let bytes = match crate::report::release::changes(
        &changes,
        &label(&old, &args.old),
        &label(&new, &args.new),
        args.format,
    ) {
        Ok(bytes) => bytes,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(ExitCode::FAILURE);
        }
    };
    match &args.output {
        Some(path) => std::fs::write(path, bytes)?,
        None => write_stdout(&bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `probe`: one plain HTTP/1.1 GET over TCP, no client library needed.
pub fn probe(args: &ProbeArgs) -> ExitCode {
    use std::io::{Read as _, Write as _};
    let url = args.url.clone().unwrap_or_else(|| {
        // A server listening on every interface is probed on loopback.
        let mut addr = args.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
        }
        format!("http://{addr}/readyz")
    });
    let Some((authority, path)) = url.strip_prefix("http://").map(|rest| {
        rest.split_once('/')
            .map_or((rest, "/".to_string()), |(a, p)| (a, format!("/{p}")))
    }) else {
        eprintln!("probe: `{url}` is not an http:// URL");
        return ExitCode::FAILURE;
    };
    let answer = (|| -> std::io::Result<String> {
        use std::net::ToSocketAddrs as _;
        let target = authority
            .to_socket_addrs()?
            .next()
            .ok_or_else(|| std::io::Error::other("no address"))?;
        let mut stream = std::net::TcpStream::connect_timeout(&target, args.timeout)?;
        stream.set_read_timeout(Some(args.timeout))?;
        stream.set_write_timeout(Some(args.timeout))?;
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {authority}\r\nUser-Agent: itsm-crosswalk-probe\r\nConnection: close\r\n\r\n"
        )?;
        let mut head = [0u8; 64];
        let n = stream.read(&mut head)?;
        Ok(String::from_utf8_lossy(&head[..n]).into_owned())
    })();
    match answer {
        Ok(head) if head.starts_with("HTTP/1.1 200") || head.starts_with("HTTP/1.0 200") => {
            ExitCode::SUCCESS
        }
        Ok(head) => {
            eprintln!(
                "probe: {url} answered {}",
                head.lines().next().unwrap_or("nothing")
            );
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("probe: {url}: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `release-manifest`.
pub fn release_manifest(args: &ReportArgs) -> anyhow::Result<ExitCode> {
    args.try_run(|data| {
        Ok(crate::report::release::manifest_csv(
            &crate::analysis::changes::manifest(data),
        ))
    })
}

/// Runs `mcp`: the MCP server over stdio until the client closes it.
pub fn mcp(args: &DataArgs) -> anyhow::Result<ExitCode> {
    use rmcp::ServiceExt as _;
    let service = match crate::service::Service::start(args.source()) {
        Ok(service) => service,
        Err(error) => {
            eprintln!("itsm-crosswalk: refusing to start: {error}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let running = crate::mcp::CrosswalkMcp::new(service)
            .serve(rmcp::transport::stdio())
            .await?;
        running.waiting().await?;
        anyhow::Ok(())
    })?;
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
    resolve::standard(data, id).map_err(|e| e.message)
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

/// Runs `plan`: reads the inventory, reports its problems on standard error as `file:line`,
/// and writes the plan (which lists them too) for everything that could be read.
pub fn plan(args: &PlanArgs) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&args.inventory)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.inventory.display()))?;
    let file = args.inventory.display().to_string();
    args.report.try_run_snapshot(|snapshot| {
        let inventory = Inventory::from_csv(&bytes).map_err(|e| format!("{file}: {e}"))?;
        let request = match (&args.from, &args.to) {
            (Some(from), Some(to)) => PlanRequest::One {
                from: from.clone(),
                to: to.clone(),
            },
            _ => PlanRequest::Integrated {
                transitions: args
                    .transitions
                    .iter()
                    .map(|t| crate::service::parse_transition(t))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(message)?,
            },
        };
        let document = snapshot
            .plan_request_document(&request, &inventory, args.format)
            .map_err(message)?;
        for problem in &document.problems {
            match problem.line {
                Some(line) => eprintln!("{file}:{line}: {}", problem.message),
                None => eprintln!("{file}: {}", problem.message),
            }
        }
        Ok(document.bytes)
    })
}

/// Runs `export`.
pub fn export(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    args.report.try_run_snapshot(|snapshot| {
        snapshot
            .crosswalk_document(&args.from, &args.to, args.format)
            .map(|document| document.bytes)
            .map_err(message)
    })
}

fn message(error: ServiceError) -> String {
    error.message
}

/// Writes to standard output; a closed pipe (`... | head`) is not an error.
fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    match std::io::stdout().lock().write_all(bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
