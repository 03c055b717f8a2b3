//! The response cache and its validators, as HTTP clients and caches meet them: repeated
//! requests are answered from the cache (same bytes), `ETag` and `304` for GET, `Vary: Accept`,
//! nothing carrying an inventory or an error is ever kept (`Cache-Control: no-store`), a reload
//! drops the cache, and persisted queries work with their errors coded.

mod common;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const CLAUSE: &str = r#"{ clause(standard: "iso-iec-20000-1-2018", ref: "8.5.1.3") { id title mappings { target { id } relationship strength } } }"#;

async fn send(router: &axum::Router, request: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    common::send_to(router, request).await
}

fn get(query: &str) -> Request<Body> {
    let encoded: String = url_encode(query);
    Request::get(format!("/graphql?query={encoded}"))
        .body(Body::empty())
        .unwrap()
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn post(body: Value) -> Request<Body> {
    Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// A router of its own, so that cache hits and misses are this test's.
fn fresh_router() -> axum::Router {
    itsm_crosswalk::http::app(common::state(itsm_crosswalk::http::Limits::default()))
}

#[tokio::test]
async fn a_repeated_query_is_answered_from_the_cache_with_the_same_bytes_and_validators() {
    let router = fresh_router();
    let (status, first_headers, first) = send(&router, get(CLAUSE)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first_headers["x-cache"], "miss");
    let (_, headers, second) = send(&router, get(CLAUSE)).await;
    assert_eq!(headers["x-cache"], "hit");
    assert_eq!(first, second);
    assert_eq!(headers[header::ETAG], first_headers[header::ETAG]);
    assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=300");
    assert_eq!(headers[header::VARY], "accept");

    // The same request by POST, keys in another order, shares the entry.
    let (_, headers, third) =
        send(&router, post(json!({ "variables": {}, "query": CLAUSE }))).await;
    assert_eq!(headers["x-cache"], "hit");
    assert_eq!(third, first);

    // A GET that already holds the answer gets 304 and no body.
    let etag = first_headers[header::ETAG].clone();
    let mut request = get(CLAUSE);
    request
        .headers_mut()
        .insert(header::IF_NONE_MATCH, etag.clone());
    let (status, headers, body) = send(&router, request).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    assert_eq!(headers[header::ETAG], etag);
    // As a cache that holds several versions sends it: a weak tag, on a line of its own.
    let mut request = get(CLAUSE);
    request.headers_mut().append(
        header::IF_NONE_MATCH,
        "\"0000000000000000\"".parse().unwrap(),
    );
    request.headers_mut().append(
        header::IF_NONE_MATCH,
        format!("W/{}", etag.to_str().unwrap()).parse().unwrap(),
    );
    assert_eq!(send(&router, request).await.0, StatusCode::NOT_MODIFIED);

    // Another media type is another answer.
    let mut request = get(CLAUSE);
    request.headers_mut().insert(
        header::ACCEPT,
        "application/graphql-response+json".parse().unwrap(),
    );
    let (_, headers, _) = send(&router, request).await;
    assert_eq!(headers["x-cache"], "miss");
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "application/graphql-response+json"
    );
}

#[tokio::test]
async fn plans_and_errors_are_never_kept() {
    let router = fresh_router();
    let plan = r#"{ transitionPlan(input: { from: "iso-iec-20000-1-2018", to: "iso-iec-20000-1-next", controls: [{ id: "MARKER-7f3a", clauses: ["8.6.1"] }] }) { plan { summary { carryOver } } } }"#;
    for _ in 0..2 {
        let (status, headers, _) = send(&router, get(plan)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        assert_eq!(headers["x-cache"], "miss");
        assert!(!headers.contains_key(header::ETAG));
    }
    let failing =
        r#"{ crosswalk(from: "no-such", to: "iso-9001-2015") { mappings { totalCount } } }"#;
    for _ in 0..2 {
        let (_, headers, body) = send(&router, get(failing)).await;
        assert!(String::from_utf8(body).unwrap().contains("NOT_FOUND"));
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        assert_eq!(headers["x-cache"], "miss");
    }
    // Plan downloads too.
    let (status, headers, _) = send(
        &router,
        Request::post("/export/plan?from=iso-iec-20000-1-2018&to=iso-iec-20000-1-next")
            .body(Body::from("id,title,clauses,status\nA,,8.6.1,\n"))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn a_reload_drops_the_cache() {
    let valid = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let source = itsm_crosswalk::service::DataSource::Dirs(vec![valid]);
    let service = itsm_crosswalk::service::Service::start(source).unwrap();
    let state = itsm_crosswalk::http::AppState::new(
        service.clone(),
        itsm_crosswalk::http::Limits::default(),
    );
    let router = itsm_crosswalk::http::app(state);
    let query = "{ dataset { version } }";
    assert_eq!(send(&router, get(query)).await.1["x-cache"], "miss");
    assert_eq!(send(&router, get(query)).await.1["x-cache"], "hit");
    assert!(matches!(
        service.reload(),
        itsm_crosswalk::service::Reload::Accepted { .. }
    ));
    assert_eq!(send(&router, get(query)).await.1["x-cache"], "miss");
}

#[tokio::test]
async fn persisted_queries_are_answered_by_hash_and_their_errors_are_coded() {
    let router = fresh_router();
    let hash = |query: &str| {
        Sha256::digest(query.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let by_hash = |query: &str| json!({ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash(query) } } });
    let codes = |body: &[u8]| common::error_codes(&serde_json::from_slice(body).unwrap());

    let (_, _, body) = send(&router, post(by_hash(CLAUSE))).await;
    assert_eq!(codes(&body), ["PERSISTED_QUERY_NOT_FOUND"]);
    let mut with_text = by_hash(CLAUSE);
    with_text["query"] = json!(CLAUSE);
    let (_, _, body) = send(&router, post(with_text)).await;
    let answer: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        answer["data"]["clause"]["id"],
        "iso-iec-20000-1-2018:8.5.1.3"
    );
    let (_, _, body) = send(&router, post(by_hash(CLAUSE))).await;
    let by_hash_answer: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(by_hash_answer["data"], answer["data"]);

    // A hash that does not match the text.
    let mut wrong = by_hash("{ dataset { version } }");
    wrong["query"] = json!(CLAUSE);
    let (_, _, body) = send(&router, post(wrong)).await;
    assert_eq!(codes(&body), ["BAD_REQUEST"]);

    // A plan query is answered but never stored as a persisted query.
    let plan = r#"{ transitionPlan(input: { from: "iso-iec-20000-1-2018", to: "iso-iec-20000-1-next", controls: [{ id: "A", clauses: ["8.6.1"] }] }) { plan { summary { carryOver } } } }"#;
    let mut with_text = by_hash(plan);
    with_text["query"] = json!(plan);
    let (_, headers, body) = send(&router, post(with_text)).await;
    assert!(codes(&body).is_empty());
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let (_, _, body) = send(&router, post(by_hash(plan))).await;
    assert_eq!(codes(&body), ["PERSISTED_QUERY_NOT_FOUND"]);
}
