//! The built binary as an operator runs it: `serve --data DIR` on an address from
//! `ITSM_CROSSWALK_ADDR`, reload on SIGHUP, and a bad edit never replaces the last good dataset.

mod common;

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_itsm-crosswalk");

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

async fn version(client: &reqwest::Client, addr: &str) -> String {
    let ready = common::json_over_tcp(client.get(format!("http://{addr}/readyz"))).await;
    ready["datasetVersion"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn serve_reloads_on_sighup_and_keeps_the_last_good_dataset_on_a_bad_edit() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid"),
        &data,
    );
    let mut server = common::start_server(
        Command::new(BIN)
            // Only SIGHUP reloads here; the next test covers reloads on file change.
            .args([
                "serve",
                "--watch-interval",
                "0s",
                "--data",
                data.to_str().unwrap(),
            ])
            .env("ITSM_CROSSWALK_ADDR", "127.0.0.1:0"),
    );
    let addr = server.addr.clone();
    let client = reqwest::Client::new();
    let first = version(&client, &addr).await;

    // A broken edit is refused; the old dataset keeps being served.
    let clauses = data.join("clauses/hub.csv");
    let good = std::fs::read_to_string(&clauses).unwrap();
    std::fs::write(&clauses, good.replace("4.1,4,", "4.1,4.9,")).unwrap();
    server.signal("HUP");
    let refused = server.wait_for("reload refused");
    assert!(refused.contains(&first), "{refused}");
    server.wait_for("clauses/hub.csv:3: unknown parent `4.9`");
    assert_eq!(version(&client, &addr).await, first);
    let answer = common::json_over_tcp(
        client
            .post(format!("http://{addr}/graphql"))
            .json(&serde_json::json!({ "query": "{ clause(standard: \"hub\", ref: \"4.1\") { parent { ref } } }" })),
    )
    .await;
    assert_eq!(answer["data"]["clause"]["parent"]["ref"], "4");

    // A good edit is taken.
    std::fs::write(
        &clauses,
        good.replace(
            "Understanding the organization and its context",
            "Context (edited)",
        ),
    )
    .unwrap();
    server.signal("HUP");
    server.wait_for("reloaded dataset");
    let second = version(&client, &addr).await;
    assert_ne!(second, first);

    server.signal("TERM");
    let status = server.child.wait().unwrap();
    assert!(status.success(), "graceful shutdown on SIGTERM");
}

/// A mounted ConfigMap changes without any signal: the data directory is polled, a good edit is
/// served once it has settled, a broken one is refused and the last good dataset kept. Then the
/// self-probe a container healthcheck runs answers 0 for the live server and 1 for a dead one.
#[tokio::test]
async fn serve_reloads_when_the_files_change_and_probe_checks_readiness() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid"),
        &data,
    );
    let mut server = common::start_server(
        Command::new(BIN)
            .args([
                "serve",
                "--watch-interval",
                "200ms",
                "--data",
                data.to_str().unwrap(),
            ])
            .env("ITSM_CROSSWALK_ADDR", "127.0.0.1:0"),
    );
    let addr = server.addr.clone();
    let client = reqwest::Client::new();
    let first = version(&client, &addr).await;

    let clauses = data.join("clauses/hub.csv");
    let good = std::fs::read_to_string(&clauses).unwrap();
    std::fs::write(&clauses, good.replace("4.1,4,", "4.1,4.9,")).unwrap();
    let refused = server.wait_for("reload refused (file change)");
    assert!(refused.contains(&first), "{refused}");
    assert_eq!(version(&client, &addr).await, first);

    std::fs::write(
        &clauses,
        good.replace("Understanding the organization", "Knowing the organization"),
    )
    .unwrap();
    server.wait_for("reloaded dataset");
    assert_ne!(version(&client, &addr).await, first);

    let probe = |args: &[&str]| {
        Command::new(BIN)
            .arg("probe")
            .args(args)
            .status()
            .unwrap()
            .success()
    };
    assert!(probe(&[&format!("http://{addr}/readyz")]));
    assert!(probe(&["--addr", &addr]));
    server.signal("TERM");
    assert!(server.child.wait().unwrap().success());
    assert!(
        !probe(&["--addr", &addr, "--timeout", "1s"]),
        "a stopped server fails the probe"
    );
}
