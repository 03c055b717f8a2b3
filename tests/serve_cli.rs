//! The built binary as an operator runs it: `serve --data DIR` on an address from
//! `ITSM_CROSSWALK_ADDR`, reload on SIGHUP, and a bad edit never replaces the last good dataset.

mod common;

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_itsm-crosswalk");

async fn version(client: &reqwest::Client, addr: &str) -> String {
    let ready = common::json_over_tcp(client.get(format!("http://{addr}/readyz"))).await;
    ready["datasetVersion"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn serve_reloads_on_sighup_and_keeps_the_last_good_dataset_on_a_bad_edit() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    common::copy_dir(
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
    common::copy_dir(
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

/// A ConfigMap update as the kubelet makes it: the files appear in a new directory and the
/// `..data` link is swapped, nothing is written in place, and an edit may keep every file's
/// size. The server reloads on its own, and refuses a broken update the same way.
#[cfg(unix)]
#[tokio::test]
async fn serve_reloads_when_the_kubelet_swaps_a_configmap_mount() {
    let mount = tempfile::tempdir().unwrap();
    common::kubelet_mount(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid"),
        mount.path(),
    );
    let mut server = common::start_server(Command::new(BIN).args([
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--watch-interval",
        "200ms",
        "--data",
        mount.path().to_str().unwrap(),
    ]));
    let client = reqwest::Client::new();
    let first = version(&client, &server.addr).await;

    // The same number of bytes: only the new files' identity and time tell the change.
    let edit = |from: &'static str, to: &'static str| {
        assert_eq!(from.len(), to.len());
        move |dir: &std::path::Path| {
            let clauses = dir.join("clauses/hub.csv");
            let text = std::fs::read_to_string(&clauses).unwrap();
            assert!(text.contains(from));
            std::fs::write(&clauses, text.replace(from, to)).unwrap();
        }
    };
    common::kubelet_update(
        mount.path(),
        edit(
            "Understanding the organization",
            "Understanding the organisation",
        ),
    );
    server.wait_for("reloaded dataset");
    let second = version(&client, &server.addr).await;
    assert_ne!(second, first);

    common::kubelet_update(mount.path(), edit("4.1,4,", "4.1,Q,"));
    let refused = server.wait_for("reload refused (file change)");
    assert!(refused.contains(&second), "{refused}");
    assert_eq!(version(&client, &server.addr).await, second);

    server.signal("TERM");
    assert!(server.child.wait().unwrap().success());
}
