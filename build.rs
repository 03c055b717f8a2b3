//! Embeds the dataset in `crosswalks/` and the web page's files in `assets/app/` into the binary,
//! so that the binary alone serves both. Cargo re-runs this script whenever anything under either
//! changes.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("crosswalks");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    // The folders `load::DATASET_FOLDERS` names (a build script cannot use the crate it builds).
    for sub in ["", "clauses", "mappings", "releases"] {
        let dir = root.join(sub);
        println!("cargo:rerun-if-changed={}", dir.display());
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".csv") && entry.path().is_file() {
                let relative = if sub.is_empty() {
                    name
                } else {
                    format!("{sub}/{name}")
                };
                files.push((relative, entry.path()));
            }
        }
    }
    write_files_table(
        files,
        "Every CSV file of `crosswalks/`, by path relative to it.",
        "embedded.rs",
    );
    embed_app_assets();
}

/// Lists every file of `assets/app/` (its READMEs aside) plus the inventory template
/// `examples/inventory-2018.csv`, for `src/http/app.rs`, which serves them at `/app`.
fn embed_app_assets() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.join("assets/app");
    let mut files = Vec::new();
    collect_files(&root, &root, &mut files);
    let template = manifest.join("examples/inventory-2018.csv");
    println!("cargo:rerun-if-changed={}", template.display());
    files.push(("inventory-2018.csv".to_string(), template));
    write_files_table(
        files,
        "Every file the web page serves, by path relative to `assets/app/`.",
        "app_assets.rs",
    );
}

/// Writes `OUT_DIR/<out_name>`: a `FILES` table of (relative path, bytes) that includes every
/// file, sorted by path, and tells Cargo to re-run when any of them changes.
fn write_files_table(mut files: Vec<(String, std::path::PathBuf)>, doc: &str, out_name: &str) {
    files.sort();
    let mut code = format!("/// {doc}\npub static FILES: &[(&str, &[u8])] = &[\n");
    for (relative, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            code,
            "    ({relative:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join(out_name);
    std::fs::write(out, code).unwrap();
}

fn collect_files(root: &Path, dir: &Path, files: &mut Vec<(String, std::path::PathBuf)>) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            collect_files(root, &path, files);
        } else if path.is_file() && name != "README.md" && !name.starts_with('.') {
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push((relative, path));
        }
    }
}
