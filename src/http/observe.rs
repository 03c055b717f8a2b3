//! What operators watch: Prometheus metrics (a registry per server, so in-process tests do not
//! share counts) and one structured log line per request on stderr, with a request id echoed in
//! `x-request-id`. A log line names the route template, never the URL's query string, a body, a
//! variable or anything of an inventory.

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use super::AppState;
use crate::service::{ErrorCode, Reload};

/// The codes of the errors an answer carries, attached to the response by whoever made it
/// (the JSON error bodies, the GraphQL handler), for the log line and the error counts.
#[derive(Debug, Clone, Default)]
pub struct AnswerCodes(pub Vec<ErrorCode>);

/// Labels are borrowed where their values are a fixed set (methods, operations, outcomes, codes),
/// so counting a request allocates nothing for them; a route template is a `Cow` that borrows the
/// router's templates.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: Cow<'static, str>,
    /// The standard methods by name, anything else as `other` (a client cannot mint labels).
    method: &'static str,
    /// `query` for a GraphQL request that was executed, `refused` for one refused before
    /// execution, empty for the other routes.
    operation: &'static str,
    /// `ok`, `client_error` or `server_error`.
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabel {
    route: Cow<'static, str>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CodeLabel {
    code: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ResultLabel {
    result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DatasetLabels {
    version: String,
    release: String,
}

/// The server's metrics.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    duration: Family<RouteLabel, Histogram>,
    errors: Family<CodeLabel, Counter>,
    cache: Family<ResultLabel, Counter>,
    in_flight: Gauge,
    dataset: Family<DatasetLabels, Gauge>,
    dataset_loaded: Gauge,
    cache_bytes: Gauge,
    reloads: Family<ResultLabel, Counter>,
    next_request_id: AtomicU64,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("itsm_crosswalk");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests by route template, method, GraphQL operation type and outcome",
            requests.clone(),
        );
        // From 100 µs to 10 s: cached answers take well under a millisecond, the request
        // timeout is 10 s.
        let duration = Family::<RouteLabel, Histogram>::new_with_constructor(|| {
            Histogram::new([
                0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                1.0, 2.5, 5.0, 10.0,
            ])
        });
        registry.register_with_unit(
            "http_request_duration",
            "Time from the request reaching the router to its response, by route template",
            prometheus_client::registry::Unit::Seconds,
            duration.clone(),
        );
        let errors = Family::<CodeLabel, Counter>::default();
        registry.register(
            "errors",
            "Errors in answers (GraphQL errors and HTTP refusals), by documented code",
            errors.clone(),
        );
        let cache = Family::<ResultLabel, Counter>::default();
        registry.register(
            "response_cache_lookups",
            "GraphQL requests answered from the response cache (hit) or computed (miss)",
            cache.clone(),
        );
        let in_flight = Gauge::default();
        registry.register(
            "http_requests_in_flight",
            "Requests being answered now",
            in_flight.clone(),
        );
        let dataset = Family::<DatasetLabels, Gauge>::default();
        registry.register(
            "dataset",
            "The dataset served (1), labelled with its version and release",
            dataset.clone(),
        );
        let dataset_loaded = Gauge::default();
        registry.register_with_unit(
            "dataset_loaded_timestamp",
            "When the dataset served was loaded (Unix time)",
            prometheus_client::registry::Unit::Seconds,
            dataset_loaded.clone(),
        );
        let cache_bytes = Gauge::default();
        registry.register_with_unit(
            "response_cache",
            "Bytes of answers the response cache of the dataset served holds",
            prometheus_client::registry::Unit::Bytes,
            cache_bytes.clone(),
        );
        let reloads = Family::<ResultLabel, Counter>::default();
        registry.register(
            "dataset_reloads",
            "Dataset reloads (SIGHUP or file change), accepted or refused",
            reloads.clone(),
        );
        Metrics {
            registry,
            requests,
            duration,
            errors,
            cache,
            in_flight,
            dataset,
            dataset_loaded,
            cache_bytes,
            reloads,
            next_request_id: AtomicU64::new(1),
        }
    }

    pub fn reload(&self, reload: &Reload) {
        let result = match reload {
            Reload::Accepted { .. } => "accepted",
            Reload::Refused { .. } => "refused",
        };
        self.reloads.get_or_create(&ResultLabel { result }).inc();
    }

    /// The metrics in the Prometheus text format, with the dataset gauges read now.
    fn encode(&self, state: &AppState) -> String {
        let snapshot = state.service.snapshot();
        self.dataset.clear();
        self.dataset
            .get_or_create(&DatasetLabels {
                version: snapshot.dataset.version.clone(),
                release: snapshot
                    .dataset
                    .release()
                    .map_or_else(String::new, |r| r.number.to_string()),
            })
            .set(1);
        if let Ok(loaded) = humantime::parse_rfc3339(&snapshot.loaded_at)
            && let Ok(since_epoch) = loaded.duration_since(std::time::UNIX_EPOCH)
        {
            self.dataset_loaded.set(since_epoch.as_secs() as i64);
        }
        self.cache_bytes.set(snapshot.cache.bytes() as i64);
        let mut text = String::new();
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

/// `GET /metrics`.
pub async fn metrics(State(state): State<AppState>) -> Response {
    let text = state.metrics.encode(&state);
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

/// Counts, times and logs every request; gives it a request id (the client's `x-request-id` when
/// it is a short token, else a new one) and echoes it in the response.
pub async fn observe(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let metrics = Arc::clone(&state.metrics);
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(Cow::Borrowed("unmatched"), |p| route_label(p.as_str()));
    let method = method_label(request.method());
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|id| {
            !id.is_empty()
                && id.len() <= 64
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        })
        .map(str::to_string)
        .unwrap_or_else(|| {
            format!(
                "{:x}-{:x}",
                std::process::id(),
                metrics.next_request_id.fetch_add(1, Ordering::Relaxed)
            )
        });
    metrics.in_flight.inc();
    let mut response = next.run(request).await;
    metrics.in_flight.dec();
    let elapsed = started.elapsed();

    let status = response.status();
    let codes = response
        .extensions()
        .get::<AnswerCodes>()
        .map(|c| c.0.clone())
        .unwrap_or_default();
    let cache = response
        .headers()
        .get("x-cache")
        .and_then(|v| match v.as_bytes() {
            b"hit" => Some("hit"),
            b"miss" => Some("miss"),
            _ => None,
        });
    let operation = if route == "/graphql" && method != "OPTIONS" {
        if codes.iter().any(|c| c.is_request_error())
            || status.is_client_error() && codes.is_empty()
        {
            "refused"
        } else {
            "query"
        }
    } else {
        ""
    };
    let outcome = if status.is_server_error() {
        "server_error"
    } else if status.is_client_error() || !codes.is_empty() {
        "client_error"
    } else {
        "ok"
    };
    metrics
        .requests
        .get_or_create(&RequestLabels {
            route: route.clone(),
            method,
            operation,
            outcome,
        })
        .inc();
    metrics
        .duration
        .get_or_create(&RouteLabel {
            route: route.clone(),
        })
        .observe(elapsed.as_secs_f64());
    for code in &codes {
        metrics
            .errors
            .get_or_create(&CodeLabel {
                code: code.as_str(),
            })
            .inc();
    }
    if let Some(result) = cache {
        metrics.cache.get_or_create(&ResultLabel { result }).inc();
    }
    let code_list = codes
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",");
    tracing::info!(
        target: "itsm_crosswalk::request",
        request_id = %request_id,
        method = %method,
        route = %route,
        status = status.as_u16(),
        code = %code_list,
        cache = cache.unwrap_or(""),
        duration_ms = elapsed.as_secs_f64() * 1000.0,
        "request"
    );
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// The routes of [`super::app`], so that a route label borrows instead of copying the template.
/// A template missing here is still counted, as an owned label.
const ROUTES: &[&str] = &[
    "/",
    "/graphql",
    "/healthz",
    "/readyz",
    "/metrics",
    "/mcp",
    "/schema.graphql",
    "/export/crosswalk",
    "/export/plan",
    "/assets/graphiql/{file}",
    "/app",
    "/app/",
    "/app/assets/{version}/{*file}",
    "/app/{*deep_link}",
];

fn route_label(template: &str) -> Cow<'static, str> {
    ROUTES.iter().find(|route| **route == template).map_or_else(
        || Cow::Owned(template.to_string()),
        |route| Cow::Borrowed(*route),
    )
}

fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        _ => "other",
    }
}
