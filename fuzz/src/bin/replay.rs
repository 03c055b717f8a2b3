//! Runs saved inputs through a target's check without AFL, to reproduce a crash or to replay
//! the seeds: `cargo run --release --bin replay -- TARGET FILE_OR_DIR...`. Prints each file and
//! stops at the first failing one with the panic message.

use std::path::{Path, PathBuf};

fn files(path: &Path) -> Vec<PathBuf> {
    if path.is_dir() {
        let mut all: Vec<PathBuf> = std::fs::read_dir(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .map(|entry| entry.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        all.sort();
        all
    } else {
        vec![path.to_path_buf()]
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let target = args.next().unwrap_or_default();
    let check: fn(&[u8]) = match target.as_str() {
        "loader" => itsm_crosswalk_fuzz::check_loader,
        "graphql" => itsm_crosswalk_fuzz::check_graphql,
        "inventory" => itsm_crosswalk_fuzz::check_inventory,
        _ => {
            eprintln!("usage: replay loader|graphql|inventory FILE_OR_DIR...");
            std::process::exit(2);
        }
    };
    itsm_crosswalk_fuzz::warm_up();
    let mut count = 0;
    for arg in args {
        for file in files(Path::new(&arg)) {
            let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            eprintln!("{target}: {}", file.display());
            check(&data);
            count += 1;
        }
    }
    eprintln!("{count} input(s) replayed through `{target}` without a failure");
}
