//! No request can starve the service, and every refusal carries the contract. Each case sends
//! what an attacker or a real client sends, over real TCP to the real server loop (with small
//! limits so that nothing waits long), and checks the coded answer: docs/RELIABILITY.md lists
//! them.

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use itsm_crosswalk::http::{Limits, MAX_BODY_BYTES, MAX_URI_BYTES, serve_listener};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Limits small enough for tests: short timeouts, no rate limit unless a test asks for one.
fn test_limits() -> Limits {
    Limits {
        request_timeout: Duration::from_millis(1500),
        header_timeout: Duration::from_millis(700),
        rate_per_second: 0,
        ..Limits::default()
    }
}

/// Starts the real server loop on a free loopback port.
async fn start(limits: Limits) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve_listener(
        common::state(limits),
        listener,
        std::future::pending(),
    ));
    addr
}

/// Writes raw bytes on a new connection and reads until the server closes it or `wait` passes;
/// returns what was read and whether the server closed the connection.
async fn raw(addr: SocketAddr, bytes: &[u8], wait: Duration) -> (String, bool) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    read_until_closed(&mut stream, wait).await
}

async fn read_until_closed(stream: &mut TcpStream, wait: Duration) -> (String, bool) {
    let mut answer = Vec::new();
    let mut buffer = [0u8; 8192];
    let deadline = Instant::now() + wait;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (String::from_utf8_lossy(&answer).into(), true),
            Ok(Ok(n)) => answer.extend_from_slice(&buffer[..n]),
            Err(_) => return (String::from_utf8_lossy(&answer).into(), false),
        }
    }
}

/// The status and JSON body of a raw HTTP/1.1 answer.
fn parse_answer(answer: &str) -> (u16, Value) {
    let status: u16 = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {answer:?}"));
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or("");
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<none>")
}

async fn health_latency(client: &reqwest::Client, addr: SocketAddr) -> Duration {
    let started = Instant::now();
    let answer = client
        .get(format!("http://{addr}/healthz"))
        .send()
        .await
        .expect("/healthz answers");
    assert_eq!(answer.status(), 200);
    started.elapsed()
}

#[tokio::test]
async fn an_oversized_body_sent_with_content_length_gets_the_json_refusal() {
    let addr = start(test_limits()).await;
    let body = vec![b' '; MAX_BODY_BYTES + 1];
    let answer = reqwest::Client::new()
        .post(format!("http://{addr}/graphql"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 413);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(code(&body), "PAYLOAD_TOO_LARGE", "{body}");

    // The same for an inventory upload.
    let answer = reqwest::Client::new()
        .post(format!(
            "http://{addr}/export/plan?from=iso-iec-20000-1-2018&to=iso-iec-20000-1-next"
        ))
        .body(vec![b'x'; MAX_BODY_BYTES + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 413);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(code(&body), "PAYLOAD_TOO_LARGE", "{body}");
}

#[tokio::test]
async fn a_body_that_stalls_gets_timeout_as_json() {
    let addr = start(test_limits()).await;
    let (answer, _) = raw(
        addr,
        b"POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"query\":",
        Duration::from_secs(5),
    )
    .await;
    let (status, body) = parse_answer(&answer);
    assert_eq!(status, 408, "{answer}");
    assert_eq!(code(&body), "TIMEOUT", "{answer}");
}

#[tokio::test]
async fn refusals_of_method_media_type_and_url_length_are_coded() {
    let addr = start(test_limits()).await;
    let client = reqwest::Client::new();

    let answer = client
        .put(format!("http://{addr}/graphql"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 405);
    assert!(answer.headers().contains_key("allow"));
    let body: Value = answer.json().await.unwrap();
    assert_eq!(code(&body), "METHOD_NOT_ALLOWED", "{body}");

    for content_type in ["text/notjson", "text/plain", "application/jsonp"] {
        let answer = client
            .post(format!("http://{addr}/graphql"))
            .header("content-type", content_type)
            .body(r#"{"query":"{ dataset { version } }"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 415, "{content_type}");
        let body: Value = answer.json().await.unwrap();
        assert_eq!(code(&body), "UNSUPPORTED_MEDIA_TYPE", "{content_type}");
    }
    // A JSON media type with parameters is JSON.
    let answer = client
        .post(format!("http://{addr}/graphql"))
        .header("content-type", "application/json; charset=utf-8")
        .body(r#"{"query":"{ dataset { version } }"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);

    // A URL over our limit (and under hyper's 64 KiB) gets our coded 414.
    let long = "x".repeat(MAX_URI_BYTES + 1);
    let answer = client
        .get(format!("http://{addr}/graphql?query={long}"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 414);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(code(&body), "URI_TOO_LONG", "{body}");
}

#[tokio::test]
async fn a_client_over_its_rate_gets_429_with_retry_after() {
    let addr = start(Limits {
        rate_per_second: 1,
        rate_burst: 3,
        rate_limit_loopback: true,
        ..test_limits()
    })
    .await;
    let client = reqwest::Client::new();
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let answer = client
            .get(format!("http://{addr}/readyz"))
            .send()
            .await
            .unwrap();
        statuses.push(answer.status().as_u16());
        if answer.status() == 429 {
            assert!(answer.headers().contains_key("retry-after"));
            let body: Value = answer.json().await.unwrap();
            assert_eq!(code(&body), "RATE_LIMITED", "{body}");
        }
    }
    assert_eq!(statuses[..3], [200, 200, 200]);
    assert!(statuses[3..].contains(&429), "{statuses:?}");
}

#[tokio::test]
async fn loopback_clients_are_not_rate_limited_by_default() {
    let addr = start(Limits {
        rate_per_second: 1,
        rate_burst: 1,
        ..test_limits()
    })
    .await;
    let client = reqwest::Client::new();
    for _ in 0..5 {
        let answer = client
            .get(format!("http://{addr}/readyz"))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
    }
}

#[tokio::test]
async fn requests_beyond_the_in_flight_cap_are_shed_with_503_and_probes_still_answer() {
    let addr = start(Limits {
        max_in_flight: 1,
        request_timeout: Duration::from_secs(5),
        ..test_limits()
    })
    .await;
    // One request holds the only place: its body never finishes.
    let mut holder = TcpStream::connect(addr).await.unwrap();
    holder
        .write_all(b"POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 50\r\n\r\n{")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let client = reqwest::Client::new();
    let answer = client
        .get(format!(
            "http://{addr}/graphql?query=%7Bdataset%7Bversion%7D%7D"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 503);
    assert!(answer.headers().contains_key("retry-after"));
    let body: Value = answer.json().await.unwrap();
    assert_eq!(code(&body), "OVERLOADED", "{body}");
    assert!(health_latency(&client, addr).await < Duration::from_secs(1));
    drop(holder);
}

#[tokio::test]
async fn headers_trickled_or_never_sent_are_cut_off_at_the_header_timeout() {
    let limits = test_limits();
    let addr = start(limits.clone()).await;
    // An idle socket that never sends a byte.
    let started = Instant::now();
    let (_, closed) = raw(addr, b"", Duration::from_secs(5)).await;
    assert!(closed, "an idle connection is closed");
    assert!(started.elapsed() < limits.header_timeout + Duration::from_secs(2));

    // Headers trickled one byte at a time, slower than the timeout allows in all.
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    let mut closed = false;
    for byte in b"GET /healthz HTTP/1.1\r\nhost: x\r\nx-slow: aaaaaaaaaaaaaaaaaaaa\r\n\r\n" {
        if stream.write_all(&[*byte]).await.is_err() {
            closed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        if started.elapsed() > Duration::from_secs(5) {
            break;
        }
    }
    if !closed {
        closed = read_until_closed(&mut stream, Duration::from_secs(2))
            .await
            .1;
    }
    assert!(closed, "a trickling client is cut off");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_header_timeout() {
    let limits = test_limits();
    let addr = start(limits.clone()).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let (answer, closed) = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(closed, "the idle keep-alive connection is closed");
    assert!(started.elapsed() < limits.header_timeout + Duration::from_secs(2));
}

#[tokio::test]
async fn sockets_held_up_to_the_connection_cap_keep_healthz_waiting_no_longer_than_the_header_timeout()
 {
    let limits = Limits {
        max_connections: 8,
        ..test_limits()
    };
    let addr = start(limits.clone()).await;
    let mut held = Vec::new();
    for _ in 0..8 {
        held.push(TcpStream::connect(addr).await.unwrap());
    }
    let client = reqwest::Client::new();
    let waited = health_latency(&client, addr).await;
    assert!(
        waited < limits.header_timeout + Duration::from_secs(2),
        "/healthz waited {waited:?}"
    );
    drop(held);
}

/// The heaviest inventory the limits allow, as CSV: 5,000 controls, each naming broad headings,
/// leaves and clauses of other standards, with repeats, under the 1 MiB body limit.
fn heaviest_inventory_csv() -> String {
    let data = common::dataset();
    let leaves: Vec<String> = data
        .standard(data.standard_by_id("iso-iec-20000-1-2018").unwrap())
        .clauses
        .iter()
        .map(|c| data.clause(*c).reference.clone())
        .collect();
    let mut csv = String::from("id,title,clauses,status\n");
    for i in 0..itsm_crosswalk::service::MAX_CONTROLS {
        let refs = [
            "8",
            "8",
            "4",
            &leaves[i % leaves.len()],
            &leaves[(i * 7) % leaves.len()],
            "iso-iec-27001-2022:A.5.24",
            "iso-9001-2015:8.5.6",
            "8.5",
            "9",
            "10",
        ];
        csv.push_str(&format!("C{i},,{},\n", refs.join(";")));
    }
    assert!(csv.len() < MAX_BODY_BYTES, "{} bytes", csv.len());
    csv
}

#[tokio::test]
async fn healthz_answers_while_the_heaviest_plans_run_two_at_a_time() {
    let addr = start(Limits {
        request_timeout: Duration::from_secs(30),
        ..test_limits()
    })
    .await;
    let csv = heaviest_inventory_csv();
    let client = reqwest::Client::new();
    let plan = |format: &'static str| {
        let (client, csv) = (client.clone(), csv.clone());
        tokio::spawn(async move {
            let started = Instant::now();
            let answer = client
                .post(format!("http://{addr}/export/plan?from=iso-iec-20000-1-2018&to=iso-iec-20000-1-next&format={format}"))
                .body(csv)
                .send()
                .await
                .unwrap();
            let status = answer.status();
            let bytes = answer.bytes().await.unwrap();
            (status, bytes.len(), started.elapsed())
        })
    };
    let (first, second) = (plan("xlsx"), plan("json"));
    let mut worst = Duration::ZERO;
    while !(first.is_finished() && second.is_finished()) {
        worst = worst.max(health_latency(&client, addr).await);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for plan in [first, second] {
        let (status, size, took) = plan.await.unwrap();
        assert_eq!(status, 200);
        assert!(size > 0);
        assert!(
            took < Duration::from_secs(20),
            "a heaviest plan took {took:?}"
        );
    }
    assert!(worst < Duration::from_secs(1), "/healthz waited {worst:?}");
}

#[tokio::test]
async fn an_inventory_over_the_control_cap_is_refused_the_same_way_everywhere() {
    let addr = start(test_limits()).await;
    let mut csv = String::from("id,title,clauses,status\n");
    for i in 0..=itsm_crosswalk::service::MAX_CONTROLS {
        csv.push_str(&format!("C{i},,8.6.1,\n"));
    }
    let answer = reqwest::Client::new()
        .post(format!(
            "http://{addr}/export/plan?from=iso-iec-20000-1-2018&to=iso-iec-20000-1-next"
        ))
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
    let upload: Value = answer.json().await.unwrap();
    assert_eq!(code(&upload), "INVALID_ARGUMENT");

    let controls: Vec<Value> = (0..=itsm_crosswalk::service::MAX_CONTROLS)
        .map(|i| json!({ "id": format!("C{i}"), "clauses": ["8.6.1"] }))
        .collect();
    let variables = json!({ "input": { "from": "iso-iec-20000-1-2018", "to": "iso-iec-20000-1-next", "controls": controls } });
    let graphql = common::graphql(
        "query($input: TransitionPlanInput!) { transitionPlan(input: $input) { plan { summary { implement } } } }",
        variables,
    )
    .await;
    assert_eq!(common::error_codes(&graphql), ["INVALID_ARGUMENT"]);
    assert_eq!(
        graphql["errors"][0]["message"], upload["errors"][0]["message"],
        "one message for one limit"
    );
}

#[tokio::test]
async fn graphql_refusals_are_precise_and_said_once() {
    // A fragment cycle is invalid, not too deep.
    let cycle = common::graphql(
        "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
        json!({}),
    )
    .await;
    assert_eq!(common::error_codes(&cycle), ["GRAPHQL_VALIDATION_FAILED"]);
    assert!(
        cycle["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("A -> B -> A"),
        "{cycle}"
    );
    // A deep query is still too deep.
    let deep = format!(
        "{{ clause(standard: \"iso-iec-20000-1-2018\", ref: \"4\") {{ {} id {} }} }}",
        "parent { ".repeat(20),
        "} ".repeat(20)
    );
    let deep = common::graphql(&deep, json!({})).await;
    assert_eq!(common::error_codes(&deep), ["QUERY_TOO_DEEP"], "{deep}");

    // A mutation and a subscription get one error each.
    for operation in ["mutation { x }", "subscription { x }"] {
        let answer = common::graphql(operation, json!({})).await;
        assert_eq!(
            common::error_codes(&answer),
            ["GRAPHQL_VALIDATION_FAILED"],
            "{answer}"
        );
    }

    // A parse error does not echo a huge query back.
    let huge = format!("{{ dataset {{ version }} {} ) }}", "x".repeat(900_000));
    let answer = common::graphql(&huge, json!({})).await;
    assert_eq!(common::error_codes(&answer), ["GRAPHQL_PARSE_FAILED"]);
    let size = answer.to_string().len();
    assert!(size < 1_000, "a {size}-byte answer to a bad query");
}

#[test]
fn address_already_in_use_says_which_address() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_itsm-crosswalk"))
        .args(["serve", "--addr", &addr])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&addr) && stderr.to_lowercase().contains("in use"),
        "{stderr}"
    );
}
