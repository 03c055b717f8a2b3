//! The HTTP surface: routes, limits and the exact error bodies (pinned as snapshots).

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{error_codes, get, graphql, send};
use serde_json::{Value, json};

fn post(body: impl Into<Body>) -> Request<Body> {
    Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap()
}

async fn json_of(request: Request<Body>) -> (StatusCode, Value) {
    let (status, content_type, body) = send(request).await;
    assert!(content_type.contains("json"), "content type {content_type}");
    (status, serde_json::from_slice(&body).unwrap())
}

#[tokio::test]
async fn graphiql_is_served_from_the_binary_without_a_cdn() {
    let (status, content_type, body) = get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"));
    let page = String::from_utf8(body).unwrap();
    assert!(!page.contains("https://"), "no remote assets");
    for asset in [
        "graphiql.min.js",
        "graphiql.min.css",
        "react.production.min.js",
        "react-dom.production.min.js",
    ] {
        assert!(page.contains(&format!("/assets/graphiql/{asset}")));
        let (status, _, bytes) = get(format!("/assets/graphiql/{asset}")).await;
        assert_eq!(status, StatusCode::OK, "{asset}");
        assert!(bytes.len() > 1000, "{asset}");
    }
}

#[tokio::test]
async fn health_and_readiness() {
    let (status, _, body) = get("/healthz").await;
    assert_eq!(
        (status, body.as_slice()),
        (StatusCode::OK, b"ok\n".as_slice())
    );
    let (status, ready) = json_of(Request::get("/readyz").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["datasetVersion"], common::dataset().version);
}

#[tokio::test]
async fn get_queries_work_and_are_cacheable() {
    let request = Request::get("/graphql?query=%7Bdataset%7Bversion%7D%7D")
        .body(Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(common::router(), request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "public, max-age=300"
    );
    assert_eq!(
        response.headers()["x-dataset-version"],
        common::dataset().version.as_str()
    );
}

#[tokio::test]
async fn the_schema_is_served_as_sdl() {
    let (status, _, body) = get("/schema.graphql").await;
    assert_eq!(status, StatusCode::OK);
    assert!(String::from_utf8(body).unwrap().contains("type Query"));
}

#[tokio::test]
async fn malformed_requests_get_documented_codes() {
    // Each refusal with its code and the start of a message that says what was wrong.
    let cases: Vec<(&str, Request<Body>, StatusCode, &str, &str)> = vec![
        (
            "not json",
            post("{query"),
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "the body is not JSON",
        ),
        (
            "batch",
            post(r#" [{"query":"{dataset{version}}"}]"#),
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "batch requests are not supported",
        ),
        (
            "JSON of another shape",
            post(r#"{"query": 5}"#),
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "not a GraphQL request",
        ),
        (
            "no query field",
            post(r#"{"variables":{}}"#),
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "the request has no `query`",
        ),
        (
            "no content type",
            Request::post("/graphql")
                .body(Body::from(r#"{"query":"{dataset{version}}"}"#))
                .unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "POST /graphql takes a JSON body",
        ),
        (
            "GET without query",
            Request::get("/graphql").body(Body::empty()).unwrap(),
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "GET /graphql needs a `query` parameter",
        ),
        (
            "unknown route",
            Request::get("/nope").body(Body::empty()).unwrap(),
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "no such route",
        ),
    ];
    for (name, request, status, code, message) in cases {
        let (got_status, body) = json_of(request).await;
        assert_eq!(got_status, status, "{name}");
        assert_eq!(error_codes(&body), [code], "{name}: {body}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .is_some_and(|m| m.starts_with(message)),
            "{name}: {body}"
        );
    }
}

#[tokio::test]
async fn an_oversized_body_is_refused_before_it_is_read() {
    let padding = "x".repeat(itsm_crosswalk::http::MAX_BODY_BYTES + 1);
    let (status, body) = json_of(post(format!(
        r#"{{"query":"{{dataset{{version}}}}","extensions":{{"p":"{padding}"}}}}"#
    )))
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    insta::assert_json_snapshot!("payload_too_large", body);
}

#[tokio::test]
async fn query_errors_have_codes_and_exact_bodies() {
    let deep = format!(
        "{{ clause(standard: \"iso-iec-20000-1-2018\", ref: \"8.5.1.3\") {{ {} id {} }} }}",
        "parent {".repeat(20),
        "}".repeat(20)
    );
    let wide = format!(
        "{{ {} }}",
        (0..60)
            .map(|i| format!("s{i}: standards {{ clauses(first: 100) {{ nodes {{ mappings {{ target {{ id }} }} }} }} }}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let cases = [
        ("parse_error", "{ dataset { version ".to_string(), "GRAPHQL_PARSE_FAILED"),
        ("unknown_field", "{ dataset { colour } }".to_string(), "GRAPHQL_VALIDATION_FAILED"),
        ("too_deep", deep, "QUERY_TOO_DEEP"),
        ("too_complex", wide, "QUERY_TOO_COMPLEX"),
        ("first_out_of_range", r#"{ standard(id: "iso-iec-20000-1-2018") { clauses(first: 500) { totalCount } } }"#.to_string(), "INVALID_ARGUMENT"),
        ("bad_cursor", r#"{ standard(id: "iso-iec-20000-1-2018") { clauses(after: "garbage") { totalCount } } }"#.to_string(), "INVALID_ARGUMENT"),
        ("wrong_argument_type", r#"{ standard(id: "iso-iec-20000-1-2018") { clauses(first: "ten") { totalCount } } }"#.to_string(), "GRAPHQL_VALIDATION_FAILED"),
        ("crosswalk_unknown_standard", r#"{ crosswalk(from: "iso-iec-20000-1-2018", to: "iso-0000") { sourceCoverage } }"#.to_string(), "NOT_FOUND"),
    ];
    for (name, query, code) in cases {
        let response = graphql(&query, json!({})).await;
        let mut codes = error_codes(&response);
        codes.dedup();
        assert_eq!(codes, [code], "{name}: {response}");
        insta::assert_json_snapshot!(name, response);
    }
}

#[tokio::test]
async fn refused_requests_are_400_for_graphql_response_json_clients() {
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/graphql-response+json")
        .body(Body::from(r#"{"query":"{ dataset { colour } }"}"#))
        .unwrap();
    let (status, content_type, _) = send(request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(content_type, "application/graphql-response+json");
}
