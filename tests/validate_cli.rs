//! `itsm-crosswalk validate` on broken fixtures: one fixture per class of error, each an overlay
//! on a small valid dataset, with the exact `file:line` problems it must report in
//! `expected.txt` (one `file:line: message start` per line). Every problem is reported, not
//! only the first, so the output must hold exactly the expected lines.

use std::path::Path;
use std::process::Command;

mod common;

const BIN: &str = env!("CARGO_BIN_EXE_itsm-crosswalk");

fn validate(dirs: &[&str]) -> (bool, String, String) {
    let mut command = Command::new(BIN);
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("validate");
    for dir in dirs {
        command.arg("--data").arg(dir);
    }
    let output = command.output().expect("the binary runs");
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn the_valid_fixture_passes() {
    let (ok, stdout, stderr) = validate(&["tests/fixtures/valid"]);
    assert!(ok, "{stdout}{stderr}");
    assert!(
        stdout.starts_with("ok: 4 standards, 19 clauses, 3 mapping sets, 14 mappings"),
        "{stdout}"
    );
}

#[test]
fn the_embedded_dataset_passes() {
    let (ok, stdout, stderr) = validate(&[]);
    assert!(ok, "{stdout}{stderr}");
}

#[test]
fn the_repository_directory_passes_and_matches_the_embedded_copy() {
    let (ok, stdout, stderr) = validate(&["crosswalks"]);
    assert!(ok, "{stdout}{stderr}");
    let (_, embedded, _) = validate(&[]);
    assert_eq!(stdout, embedded, "same files, same version");
}

#[test]
fn every_broken_fixture_reports_exactly_its_problems_with_file_and_line() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 12, "one fixture per class of error");
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let dir = format!("tests/fixtures/broken/{name}");
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        let expected: Vec<&str> = expected.lines().filter(|l| !l.is_empty()).collect();
        let (ok, stdout, stderr) = validate(&["tests/fixtures/valid", &dir]);
        assert!(!ok, "{name}: validate must fail");
        assert!(
            stderr.contains(&format!("{} problem(s) found", expected.len())),
            "{name}: {stderr}"
        );
        let reported: Vec<&str> = stdout.lines().collect();
        assert_eq!(reported.len(), expected.len(), "{name}: reported\n{stdout}");
        for line in expected {
            assert!(
                reported.iter().any(|r| r.starts_with(line)),
                "{name}: expected a problem starting with\n  {line}\nreported:\n{stdout}"
            );
        }
    }
}

#[test]
fn serve_refuses_to_start_on_an_invalid_dataset_and_says_why() {
    let output = Command::new(BIN)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--data",
            "tests/fixtures/valid",
            "--data",
            "tests/fixtures/broken/unknown-clause",
        ])
        .output()
        .expect("the binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("refusing to start"), "{stderr}");
    assert!(stderr.contains("tests/fixtures/broken/unknown-clause/mappings/new--hub.csv:3: unknown clause `7.7` in `hub`"), "{stderr}");
}

#[test]
fn a_missing_data_directory_is_an_error_not_an_empty_dataset() {
    let (ok, stdout, stderr) = validate(&["tests/fixtures/does-not-exist"]);
    assert!(!ok, "{stdout}");
    assert!(stderr.contains("cannot read data directory"), "{stderr}");
}

/// A mounted Kubernetes ConfigMap shows its files as symlinks into a `..data` directory (which
/// the kubelet swaps on update); a dataset laid out that way loads like plain files.
#[cfg(unix)]
#[test]
fn a_dataset_of_symlinks_as_a_configmap_mounts_it_loads() {
    let mount = tempfile::tempdir().unwrap();
    common::kubelet_mount(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid"),
        mount.path(),
    );
    let (ok, stdout, stderr) = validate(&[mount.path().to_str().unwrap()]);
    assert!(ok, "{stdout}{stderr}");
    assert!(
        stdout.starts_with("ok: 4 standards, 19 clauses"),
        "{stdout}"
    );
}
