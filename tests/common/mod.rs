//! Shared helpers for the integration tests: the embedded dataset, the real router in process
//! (built once, like a running server), GraphQL calls through it, and a JSON call over TCP.
#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use itsm_crosswalk::http::{AppState, Limits, app};
use itsm_crosswalk::load;
use itsm_crosswalk::model::Dataset;
use itsm_crosswalk::service::{DataSource, Service, Snapshot};
use serde_json::{Value, json};
use tower::ServiceExt;

/// The embedded dataset, loaded once per test binary.
pub fn dataset() -> Arc<Dataset> {
    static DATA: OnceLock<Arc<Dataset>> = OnceLock::new();
    DATA.get_or_init(|| Arc::new(load::load_embedded().expect("the embedded dataset is valid")))
        .clone()
}

/// The real application router over the embedded dataset, built once per test binary like a
/// running server: every request sees the same snapshot (and so the same `loadedAt`).
pub fn router() -> Router {
    static ROUTER: OnceLock<Router> = OnceLock::new();
    ROUTER.get_or_init(|| app(state(Limits::default()))).clone()
}

/// Server state over the embedded dataset with `limits`.
pub fn state(limits: Limits) -> AppState {
    let snapshot = Snapshot::new(dataset());
    AppState::new(
        Service::with_snapshot(snapshot, DataSource::Embedded),
        limits,
    )
}

/// Sends a request through `router`; returns status, headers and body.
pub async fn send_to(router: &Router, request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let response = router
        .clone()
        .oneshot(request)
        .await
        .expect("the router answers");
    let (status, headers) = (response.status(), response.headers().clone());
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, headers, body)
}

/// Sends a request through the router; returns status, content type and body.
pub async fn send(request: Request<Body>) -> (StatusCode, String, Vec<u8>) {
    let (status, headers, body) = send_to(&router(), request).await;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, content_type, body)
}

/// GETs `uri` through the router; returns status, content type and body.
pub async fn get(uri: impl AsRef<str>) -> (StatusCode, String, Vec<u8>) {
    send(Request::get(uri.as_ref()).body(Body::empty()).unwrap()).await
}

/// POSTs a GraphQL query with variables; returns the whole JSON response.
pub async fn graphql(query: &str, variables: Value) -> Value {
    let body = json!({ "query": query, "variables": variables }).to_string();
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    let (status, _, body) = send(request).await;
    assert_eq!(status, StatusCode::OK);
    serde_json::from_slice(&body).expect("the answer is JSON")
}

/// POSTs a query that must succeed; returns its `data`.
pub async fn data(query: &str, variables: Value) -> Value {
    let response = graphql(query, variables).await;
    assert!(
        response.get("errors").is_none(),
        "unexpected errors: {}",
        response["errors"]
    );
    response["data"].clone()
}

/// The `extensions.code` of every error of a response.
pub fn error_codes(response: &Value) -> Vec<String> {
    response["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    e["extensions"]["code"]
                        .as_str()
                        .unwrap_or("<none>")
                        .to_string()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The `id` of every element of a JSON list of objects.
pub fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|item| item["id"].as_str().expect("an id").to_string())
        .collect()
}

/// The `field` path of every user error, dotted (`controls.1.clauses.0`).
pub fn error_fields(user_errors: &Value) -> Vec<String> {
    user_errors
        .as_array()
        .expect("a list of user errors")
        .iter()
        .map(|e| {
            e["field"]
                .as_array()
                .expect("a field path")
                .iter()
                .map(|f| f.as_str().expect("a path segment"))
                .collect::<Vec<_>>()
                .join(".")
        })
        .collect()
}

/// Sends a request over real TCP and reads the JSON answer.
pub async fn json_over_tcp(request: reqwest::RequestBuilder) -> Value {
    request
        .send()
        .await
        .expect("the server answers")
        .json()
        .await
        .expect("the answer is JSON")
}

/// The built binary, serving: its child process, the address its "serving dataset" banner
/// names, and every line it writes on stderr, read as they come (the lines up to the banner are
/// in `startup`).
pub struct Running {
    pub child: std::process::Child,
    pub addr: String,
    pub lines: std::sync::mpsc::Receiver<String>,
    pub startup: Vec<String>,
}

/// Starts `command` (the binary's `serve`, on a loopback port of its choosing) with stderr piped,
/// and waits for its banner.
pub fn start_server(command: &mut std::process::Command) -> Running {
    use std::io::{BufRead, BufReader};
    let mut child = command
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let stderr = child.stderr.take().expect("stderr is piped");
    let (send, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = send.send(line);
        }
    });
    let mut startup = Vec::new();
    let addr = loop {
        let line = lines
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("the server announces its address");
        startup.push(line.clone());
        if let Some(rest) = line.split("serving dataset").nth(1) {
            let url = rest
                .split("http://")
                .nth(1)
                .expect("the banner names a URL");
            break url.split('/').next().unwrap_or(url).to_string();
        }
    };
    Running {
        child,
        addr,
        lines,
        startup,
    }
}

impl Running {
    /// Sends the signal `name` (`HUP`, `TERM`) to the server.
    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for a stderr line containing `needle`, and returns it.
    pub fn wait_for(&self, needle: &str) -> String {
        loop {
            let line = self
                .lines
                .recv_timeout(std::time::Duration::from_secs(20))
                .unwrap_or_else(|_| panic!("no line with `{needle}`"));
            if line.contains(needle) {
                return line;
            }
        }
    }
}

/// Copies the directory tree `from` to `to` (files and folders, nothing else).
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
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

/// Lays out the dataset in `files` as the kubelet mounts a ConfigMap at `mount`: the files in a
/// timestamped `..<time>` directory, a `..data` link to it, and each top-level entry a link
/// through `..data`.
#[cfg(unix)]
pub fn kubelet_mount(files: &std::path::Path, mount: &std::path::Path) {
    let version = mount.join("..2026_12_06_00_00_00.000000001");
    copy_dir(files, &version);
    std::os::unix::fs::symlink(version.file_name().unwrap(), mount.join("..data")).unwrap();
    for top in std::fs::read_dir(&version).unwrap() {
        let name = top.unwrap().file_name();
        std::os::unix::fs::symlink(
            std::path::Path::new("..data").join(&name),
            mount.join(&name),
        )
        .unwrap();
    }
}

/// Updates a [`kubelet_mount`] as the kubelet does: a copy of the current files in a new
/// timestamped directory, `edit` applied to it, the `..data` link swapped in one rename, the old
/// directory removed. No file the links point to is written in place.
#[cfg(unix)]
pub fn kubelet_update(mount: &std::path::Path, edit: impl FnOnce(&std::path::Path)) {
    let old = mount.join(std::fs::read_link(mount.join("..data")).unwrap());
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let new = mount.join(format!("..2026_12_06_{stamp}"));
    copy_dir(&old, &new);
    edit(&new);
    let link = mount.join("..data_tmp");
    std::os::unix::fs::symlink(new.file_name().unwrap(), &link).unwrap();
    std::fs::rename(&link, mount.join("..data")).unwrap();
    std::fs::remove_dir_all(old).unwrap();
}
