//! What operators watch: `/metrics` scraped and parsed as Prometheus text, the request id echoed,
//! the admin address, and request logs that never hold a body, a variable, a query string or
//! anything of an inventory (checked on the built binary's stderr with a marker string).

mod common;

use std::process::Command;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

async fn send(
    router: &axum::Router,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let (status, headers, body) = common::send_to(router, request).await;
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn value(scrape: &prometheus_parse::Scrape, name: &str, labels: &[(&str, &str)]) -> f64 {
    scrape
        .samples
        .iter()
        .filter(|s| s.metric == name)
        .filter(|s| labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
        .map(|s| match s.value {
            prometheus_parse::Value::Counter(v)
            | prometheus_parse::Value::Gauge(v)
            | prometheus_parse::Value::Untyped(v) => v,
            _ => 0.0,
        })
        .sum()
}

#[tokio::test]
async fn metrics_are_scraped_as_prometheus_text_with_per_server_counts() {
    // A router of its own: its registry counts only these requests.
    let router = itsm_crosswalk::http::app(common::state(itsm_crosswalk::http::Limits::default()));
    let query = "/graphql?query=%7Bdataset%7Bversion%7D%7D";
    for _ in 0..3 {
        let (status, headers, _) =
            send(&router, Request::get(query).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers.contains_key("x-request-id"));
    }
    send(
        &router,
        Request::get("/graphql?query=%7Bnope%7D")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    send(
        &router,
        Request::get("/no-such-route").body(Body::empty()).unwrap(),
    )
    .await;
    // A client's own request id is echoed.
    let (_, headers, _) = send(
        &router,
        Request::get("/healthz")
            .header("x-request-id", "trace-42")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(headers["x-request-id"], "trace-42");
    // A method of the client's own making does not become a label of its own.
    let (status, _, _) = send(
        &router,
        Request::builder()
            .method("BREW")
            .uri("/healthz")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);

    let (status, headers, text) = send(
        &router,
        Request::get("/metrics").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .contains("openmetrics-text")
    );
    let scrape = prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_string()))).unwrap();
    let requests = "itsm_crosswalk_http_requests_total";
    assert_eq!(
        value(
            &scrape,
            requests,
            &[
                ("route", "/graphql"),
                ("operation", "query"),
                ("outcome", "ok")
            ]
        ),
        3.0,
        "{text}"
    );
    assert_eq!(
        value(
            &scrape,
            requests,
            &[("route", "/graphql"), ("operation", "refused")]
        ),
        1.0,
        "{text}"
    );
    assert_eq!(
        value(&scrape, requests, &[("route", "unmatched")]),
        1.0,
        "{text}"
    );
    assert_eq!(
        value(
            &scrape,
            requests,
            &[("route", "/healthz"), ("method", "other")]
        ),
        1.0,
        "{text}"
    );
    assert!(!text.contains("BREW"), "{text}");
    assert_eq!(
        value(
            &scrape,
            "itsm_crosswalk_errors_total",
            &[("code", "GRAPHQL_VALIDATION_FAILED")]
        ),
        1.0
    );
    assert_eq!(
        value(
            &scrape,
            "itsm_crosswalk_errors_total",
            &[("code", "NOT_FOUND")]
        ),
        1.0
    );
    assert_eq!(
        value(
            &scrape,
            "itsm_crosswalk_response_cache_lookups_total",
            &[("result", "hit")]
        ),
        2.0
    );
    assert_eq!(
        value(
            &scrape,
            "itsm_crosswalk_response_cache_lookups_total",
            &[("result", "miss")]
        ),
        2.0
    );
    assert_eq!(
        value(&scrape, "itsm_crosswalk_http_requests_in_flight", &[]),
        1.0,
        "the scrape itself"
    );
    let version = common::dataset().version.clone();
    assert_eq!(
        value(&scrape, "itsm_crosswalk_dataset", &[("version", &version)]),
        1.0
    );
    assert!(
        value(
            &scrape,
            "itsm_crosswalk_dataset_loaded_timestamp_seconds",
            &[]
        ) > 1.7e9
    );
    assert!(value(&scrape, "itsm_crosswalk_response_cache_bytes", &[]) > 0.0);
    assert!(
        scrape.samples.iter().any(
            |s| s.metric == "itsm_crosswalk_http_request_duration_seconds"
                && matches!(s.value, prometheus_parse::Value::Histogram(_))
        ),
        "{text}"
    );
}

/// A plan carrying a marker string, sent every way an inventory can arrive (GraphQL POST with
/// variables, GraphQL GET in the query string, a CSV upload, the MCP tool), never shows in the
/// logs, which do carry one JSON line per request with its route, status and request id. The
/// admin address serves /metrics, and the public one then does not.
#[tokio::test]
async fn request_logs_never_hold_an_inventory_and_metrics_can_move_to_an_admin_address() {
    const MARKER: &str = "SECRET-CONTROL-7f3a9c";
    let admin = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let server = common::start_server(
        Command::new(env!("CARGO_BIN_EXE_itsm-crosswalk"))
            .args(["serve", "--addr", "127.0.0.1:0", "--log-format", "json"])
            .args(["--metrics-addr", &admin.to_string()])
            .env("RUST_LOG", "debug"),
    );
    let mut logged = server.startup.clone();
    let addr = &server.addr;
    let client = reqwest::Client::new();
    let base = format!("http://{addr}");
    let plan = "query($input: TransitionPlanInput!) { transitionPlan(input: $input) { plan { summary { carryOver } } userErrors { message } } }";
    let input = serde_json::json!({ "input": { "from": "iso-iec-20000-1-2018", "to": "iso-iec-20000-1-next",
        "controls": [{ "id": MARKER, "title": MARKER, "clauses": ["8.6.1", MARKER] }] } });
    let answer = client
        .post(format!("{base}/graphql"))
        .json(&serde_json::json!({ "query": plan, "variables": input }))
        .header("x-request-id", "privacy-check-1")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.headers()["x-request-id"], "privacy-check-1");
    assert!(
        answer.text().await.unwrap().contains(MARKER),
        "the answer itself names the control"
    );
    let inline = format!(
        "{{ transitionPlan(input: {{ from: \"iso-iec-20000-1-2018\", to: \"iso-iec-20000-1-next\", controls: [{{ id: \"{MARKER}\", clauses: [\"8.6.1\", \"{MARKER}\"] }}] }}) {{ plan {{ summary {{ review }} }} userErrors {{ message }} }} }}"
    );
    // Each way in must have carried the inventory to the server, or the check below proves
    // nothing: each answer is a success that names the control.
    let received = |answer: reqwest::Response| async move {
        let status = answer.status();
        let text = answer.text().await.unwrap();
        assert!(
            status.is_success() && text.contains(MARKER),
            "{status}: {text}"
        );
    };
    received(
        client
            .get(format!("{base}/graphql"))
            .query(&[("query", inline.as_str())])
            .send()
            .await
            .unwrap(),
    )
    .await;
    received(
        client
            .post(format!(
                "{base}/export/plan?from=iso-iec-20000-1-2018&to=iso-iec-20000-1-next&format=json"
            ))
            .body(format!(
                "id,title,clauses,status\n{MARKER},{MARKER},8.6.1;{MARKER},\n"
            ))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let mcp = client
        .post(format!("{base}/mcp"))
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .json(&serde_json::json!({ "jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": { "name": "transition_plan", "arguments": { "from": "iso-iec-20000-1-2018", "to": "iso-iec-20000-1-next",
                "controls": [{ "id": MARKER, "clauses": ["8.6.1"] }] } } }))
        .send()
        .await
        .unwrap();
    received(mcp).await;

    // Metrics answer on the admin address only.
    let scraped = client
        .get(format!("http://{admin}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(scraped.status(), 200);
    let text = scraped.text().await.unwrap();
    assert!(text.contains("itsm_crosswalk_http_requests_total"));
    let public = client.get(format!("{base}/metrics")).send().await.unwrap();
    assert_eq!(public.status(), 404);

    server.signal("TERM");
    let mut server = server;
    server.child.wait().unwrap();
    while let Ok(line) = server.lines.recv_timeout(Duration::from_secs(5)) {
        logged.push(line);
    }
    let all = logged.join("\n");
    assert!(
        !all.contains(MARKER),
        "an inventory reached the logs:\n{all}"
    );
    let requests: Vec<serde_json::Value> = logged
        .iter()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["message"] == "request")
        .collect();
    assert!(requests.len() >= 5, "{all}");
    let first = requests
        .iter()
        .find(|r| r["request_id"] == "privacy-check-1")
        .expect("logged with its id");
    assert_eq!(first["route"], "/graphql");
    assert_eq!(first["status"], 200);
    assert!(first["duration_ms"].as_f64().is_some());
    assert!(requests.iter().any(|r| r["route"] == "/export/plan"));
    assert!(requests.iter().any(|r| r["route"] == "/mcp"));
}
