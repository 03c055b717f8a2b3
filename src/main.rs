use std::process::ExitCode;

use clap::Parser;
use itsm_crosswalk::cli::{self, Cli, Command, ServeArgs};

fn main() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Validate(args)) => Ok(cli::validate(&args)),
        Some(Command::Schema) => Ok(cli::schema()),
        Some(Command::Stats(args)) => args.run(itsm_crosswalk::report::quality::report),
        Some(Command::TransitionReport(args)) => cli::transition_report(&args),
        Some(Command::Plan(args)) => cli::plan(&args),
        Some(Command::Export(args)) => cli::export(&args),
        Some(Command::Mcp(args)) => cli::mcp(&args),
        Some(Command::Diff(args)) => cli::diff(&args),
        Some(Command::Probe(args)) => Ok(cli::probe(&args)),
        Some(Command::ReleaseManifest(args)) => cli::release_manifest(&args),
        Some(Command::Serve(args)) => cli::serve(&args),
        // With no command, serve the embedded dataset on the default (or ITSM_CROSSWALK_ADDR) address.
        None => cli::serve(&ServeArgs::parse_default()),
    }
}
