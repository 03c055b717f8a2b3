//! The checks behind the fuzz targets, shared by the AFL binaries (`src/bin/{loader,graphql,
//! inventory}.rs`) and by `replay`, which runs saved inputs through them without AFL.
//!
//! Each check takes arbitrary bytes and panics when the property fails; AFL records a panic as a
//! crash. The properties are those of `tests/robustness.rs`, with coverage guidance instead of
//! random generation:
//!
//! - `loader`: the first byte picks one CSV file of the small valid dataset
//!   (`tests/fixtures/valid`), the rest replaces its contents. The loader never panics, and
//!   either the dataset loads or every problem names that dataset's files and a line inside one
//!   (or the line just after its end), with a message.
//! - `graphql`: the bytes are a `POST /graphql` body (`application/json`) sent through the real
//!   router in process. The answer is a 200 or 400 with a JSON body, and every error code is a
//!   documented one, never `INTERNAL_ERROR`.
//! - `inventory`: the bytes are an inventory CSV. `Inventory::from_csv` never panics; every
//!   problem has a place (a line of the file, a control that exists, or the inventory as a
//!   whole); a plan from 20000-1:2018 to the next edition is made from it, and its document (the
//!   format picked by the input's length) lists every problem with its line.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use itsm_crosswalk::http::{AppState, Limits, app};
use itsm_crosswalk::load::{self, Layer, LoadError, load_layers};
use itsm_crosswalk::report::Format;
use itsm_crosswalk::service::inventory::Place;
use itsm_crosswalk::service::{DataSource, ErrorCode, Inventory, PlanRequest, Service, Snapshot};
use serde_json::Value;
use tower::ServiceExt;

/// The valid fixture dataset, read once.
pub fn fixture() -> &'static Layer {
    static FIXTURE: OnceLock<Layer> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        Layer::from_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/valid"))
            .expect("the fixture is readable")
    })
}

/// The fixture's file names, in the order the first byte of a `loader` input picks them.
pub fn fixture_files() -> Vec<String> {
    fixture().files.keys().cloned().collect()
}

/// Lines in a file as the loader counts them (the line after a final newline included).
fn line_count(bytes: &[u8]) -> u64 {
    bytes.split(|b| *b == b'\n').count() as u64
}

/// `loader`: byte 0 picks a fixture file, the rest is its new contents.
pub fn check_loader(data: &[u8]) {
    let Some((&pick, contents)) = data.split_first() else {
        return;
    };
    let mut layer = fixture().clone();
    let names = fixture_files();
    let name = &names[usize::from(pick) % names.len()];
    *layer.files.get_mut(name).unwrap() = contents.to_vec();
    let loaded = load_layers(std::slice::from_ref(&layer));
    if verbose() {
        match &loaded {
            Ok(_) => eprintln!("  {name}: loads"),
            Err(e) => eprintln!(
                "  {name}: {}",
                e.to_string()
                    .lines()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(" | ")
            ),
        }
    }
    match loaded {
        Ok(_) => {}
        Err(LoadError::Invalid(problems)) => {
            assert!(!problems.is_empty(), "refused with no problem");
            for problem in &problems {
                let relative = problem
                    .file
                    .strip_prefix(&format!("{}/", layer.display_root))
                    .unwrap_or_else(|| panic!("{problem} is not under the dataset directory"));
                let bytes = layer
                    .files
                    .get(relative)
                    .unwrap_or_else(|| panic!("{problem} names a file that does not exist"));
                let lines = line_count(bytes);
                assert!(
                    problem.line >= 1 && problem.line <= lines + 1,
                    "{problem}: the file has {lines} lines"
                );
                assert!(!problem.message.trim().is_empty(), "{problem}: no message");
            }
        }
        Err(other) => panic!("unexpected error kind: {other}"),
    }
}

/// The embedded dataset, loaded once.
fn snapshot() -> &'static Snapshot {
    static SNAPSHOT: OnceLock<Snapshot> = OnceLock::new();
    SNAPSHOT.get_or_init(|| {
        Snapshot::new(Arc::new(
            load::load_embedded().expect("the embedded dataset is valid"),
        ))
    })
}

/// The real router over the embedded dataset with the default limits, built once like a server.
fn router() -> Router {
    static ROUTER: OnceLock<Router> = OnceLock::new();
    ROUTER
        .get_or_init(|| {
            app(AppState::new(
                Service::with_snapshot(snapshot().clone(), DataSource::Embedded),
                Limits::default(),
            ))
        })
        .clone()
}

/// One current-thread runtime for every request (the heavy pool's blocking threads included).
fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
    })
}

/// Reads the fixture and builds the dataset and the router before the first input, so that AFL's
/// fork server starts from a process where they exist (and so that they are not counted as an
/// input's coverage). The runtime is left to each forked child: its I/O driver is not shared.
pub fn warm_up() {
    let _ = fixture();
    let _ = router();
}

/// Whether `replay` was asked to show each answer (`FUZZ_VERBOSE=1`).
fn verbose() -> bool {
    static VERBOSE: OnceLock<bool> = OnceLock::new();
    *VERBOSE.get_or_init(|| std::env::var_os("FUZZ_VERBOSE").is_some())
}

/// Every top-level error carries a documented code, and none is a server fault.
fn assert_codes_documented(body: &Value) {
    let Some(errors) = body.get("errors") else {
        return;
    };
    let errors = errors
        .as_array()
        .unwrap_or_else(|| panic!("`errors` is not a list: {body}"));
    for error in errors {
        let code = error["extensions"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("an error without a code: {body}"));
        assert!(
            ErrorCode::ALL.iter().any(|known| known.as_str() == code),
            "undocumented code {code} in {body}"
        );
        assert_ne!(
            code,
            ErrorCode::InternalError.as_str(),
            "a server fault for client input: {body}"
        );
    }
}

/// `graphql`: the bytes as a POST /graphql body.
pub fn check_graphql(data: &[u8]) {
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(data.to_vec()))
        .unwrap();
    let (status, body) = runtime().block_on(async {
        let response = router().oneshot(request).await.expect("the router answers");
        let status = response.status();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, body)
    });
    if verbose() {
        let text = String::from_utf8_lossy(&body);
        eprintln!("  {status} {}", text.chars().take(160).collect::<String>());
    }
    assert!(
        status == StatusCode::OK || status == StatusCode::BAD_REQUEST,
        "status {status}: {}",
        String::from_utf8_lossy(&body)
    );
    let json: Value = serde_json::from_slice(&body).unwrap_or_else(|e| {
        panic!(
            "the answer is not JSON ({e}): {}",
            String::from_utf8_lossy(&body)
        )
    });
    assert!(
        json.get("data").is_some() || json.get("errors").is_some(),
        "neither data nor errors: {json}"
    );
    assert_codes_documented(&json);
}

/// The plan formats, picked by the input's length so that every format is reached.
const PLAN_FORMATS: [Format; 4] = [Format::Csv, Format::Json, Format::Md, Format::Xlsx];

/// `inventory`: the bytes as an inventory CSV, then a plan and its document.
pub fn check_inventory(data: &[u8]) {
    let Ok(inventory) = Inventory::from_csv(data) else {
        return; // over the control cap: refused whole, with its one message
    };
    let lines = line_count(data);
    let assert_placed = |place: Place, message: &str| match place {
        Place::Inventory => {}
        Place::Line(line) => assert!(
            line >= 1 && line <= lines + 1,
            "line {line} of {lines}: {message}"
        ),
        Place::Control { position, .. } => {
            assert!(
                position < inventory.controls.len(),
                "control {position} of {}: {message}",
                inventory.controls.len()
            );
            let line = inventory
                .line_of(place)
                .unwrap_or_else(|| panic!("control {position} has no line: {message}"));
            assert!(
                line >= 1 && line <= lines + 1,
                "line {line} of {lines}: {message}"
            );
        }
    };
    for problem in &inventory.problems {
        assert!(
            !problem.message.trim().is_empty(),
            "a problem without a message"
        );
        assert_placed(problem.place, &problem.message);
    }
    let snapshot = snapshot();
    let (from, to) = ("iso-iec-20000-1-2018", "iso-iec-20000-1-next");
    let planned = snapshot
        .plan(from, to, &inventory)
        .unwrap_or_else(|e| panic!("no plan: {e}"));
    for problem in &planned.problems {
        assert!(
            !problem.message.trim().is_empty(),
            "a problem without a message"
        );
        assert_placed(problem.place, &problem.message);
    }
    let format = PLAN_FORMATS[data.len() % PLAN_FORMATS.len()];
    let document = snapshot
        .plan_request_document(
            &PlanRequest::One {
                from: from.to_string(),
                to: to.to_string(),
            },
            &inventory,
            format,
        )
        .unwrap_or_else(|e| panic!("no {format:?} document: {e}"));
    assert_eq!(document.problems.len(), planned.problems.len());
    // Read from a file, only a problem of the whole inventory has no line.
    let whole = |place: &Place| *place == Place::Inventory;
    assert_eq!(
        document
            .problems
            .iter()
            .filter(|p| p.line.is_none())
            .count(),
        planned.problems.iter().filter(|p| whole(&p.place)).count(),
        "a problem of a control read from a file has no line"
    );
    if verbose() {
        eprintln!(
            "  {} control(s), {} problem(s), {format:?} document of {} bytes",
            inventory.controls.len(),
            planned.problems.len(),
            document.bytes.len()
        );
    }
    assert!(!document.bytes.is_empty(), "an empty {format:?} document");
}
