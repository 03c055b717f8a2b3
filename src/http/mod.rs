//! The HTTP layer: axum routes, limits, health, the offline GraphiQL page, the downloads, and
//! the server loop. The only place that knows HTTP; it translates requests into service calls.

mod app;
mod assets;
mod export;
mod graphql;
pub mod limits;
mod mcp;
pub mod observe;
mod server;

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::cors::{Any, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

pub use limits::{Limits, MAX_BODY_BYTES, MAX_URI_BYTES};
pub use mcp::McpAccess;
pub use server::{serve, serve_listener};

use crate::graphql::ApiSchema;
use crate::service::{ErrorCode, Service};

/// Shared state of the server, cheap to clone: axum clones it for every middleware and handler
/// that takes it, several times per request, so it is one reference-counted pointer.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// What [`AppState`] points to: the service, the schema, and the limits with their guard.
#[derive(Clone)]
pub struct Shared {
    pub service: Service,
    pub schema: ApiSchema,
    pub persisted: Arc<crate::graphql::persisted::PersistedQueries>,
    pub limits: Arc<Limits>,
    pub mcp_access: McpAccess,
    pub metrics: Arc<observe::Metrics>,
    /// Whether `/metrics` is on the public router (off when it has an admin address of its own).
    pub metrics_on_main: bool,
    guard: Arc<limits::Guard>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    pub fn new(service: Service, limits: Limits) -> Self {
        AppState(Arc::new(Shared {
            service,
            schema: crate::graphql::build_schema(),
            persisted: Arc::default(),
            guard: Arc::new(limits::Guard::new(&limits)),
            limits: Arc::new(limits),
            mcp_access: McpAccess::default(),
            metrics: Arc::new(observe::Metrics::new()),
            metrics_on_main: true,
        }))
    }

    /// The same state with `/metrics` served only on an admin address (see [`admin_app`]).
    pub fn with_metrics_elsewhere(mut self) -> Self {
        Arc::make_mut(&mut self.0).metrics_on_main = false;
        self
    }

    /// The same state with other `Host` / `Origin` allow-lists for `/mcp`.
    pub fn with_mcp_access(mut self, access: McpAccess) -> Self {
        Arc::make_mut(&mut self.0).mcp_access = access;
        self
    }
}

/// The whole application router. Layers of the GraphQL, download, page and health routes, from
/// the outside in: CORS (so that refusals reach browser clients readably), JSON error bodies for
/// every refusal the layers below make, the guard (URL length, client rate, requests in flight),
/// the request timeout and the body limit. `/mcp` has only the guard (see [`mcp`]).
pub fn app(state: AppState) -> Router {
    let limits = Arc::clone(&state.limits);
    let mcp = mcp::routes(&state);
    let metrics = if state.metrics_on_main {
        Router::new().route("/metrics", get(observe::metrics))
    } else {
        Router::new()
    };
    Router::new()
        .merge(metrics)
        .route("/", get(assets::graphiql_page))
        .route("/assets/graphiql/{file}", get(assets::graphiql_asset))
        .merge(app::routes())
        .route(
            "/graphql",
            get(graphql::graphql_get).post(graphql::graphql_post),
        )
        .route("/schema.graphql", get(graphql::schema_sdl))
        .route("/export/crosswalk", get(export::crosswalk))
        .route("/export/plan", axum::routing::post(export::plan))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .fallback(not_found)
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limits::guard,
        ))
        .layer(axum::middleware::map_response_with_state(
            limits,
            json_errors_for_refusals,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            observe::observe,
        ))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE]),
        )
        .with_state(state)
        .merge(mcp)
}

/// Liveness: the process answers.
async fn healthz() -> &'static str {
    "ok\n"
}

/// Readiness: a valid dataset is loaded (the server never starts without one).
async fn readyz(State(state): State<AppState>) -> Response {
    let snapshot = state.service.snapshot();
    axum::Json(serde_json::json!({
        "status": "ready",
        "datasetVersion": snapshot.dataset.version,
        "loadedAt": &*snapshot.loaded_at,
    }))
    .into_response()
}

async fn not_found() -> Response {
    error_response(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        "no such route; the API is at /graphql",
    )
}

/// A GraphQL-shaped error body with a documented code, for refusals outside GraphQL execution.
pub(crate) fn error_response(status: StatusCode, code: ErrorCode, message: &str) -> Response {
    let body = serde_json::json!({
        "errors": [{ "message": message, "extensions": { "code": code.as_str() } }]
    });
    let mut response = (status, axum::Json(body)).into_response();
    response
        .extensions_mut()
        .insert(observe::AnswerCodes(vec![code]));
    response
}

/// The admin router: `/metrics` and `/healthz` only, for an address that need not face the public.
pub fn admin_app(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(observe::metrics))
        .route("/healthz", get(healthz))
        .with_state(state)
}

/// The HTTP status of a service refusal.
pub(crate) fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::UriTooLong => StatusCode::URI_TOO_LONG,
        ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Overloaded => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Timeout => StatusCode::REQUEST_TIMEOUT,
        ErrorCode::InternalError => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::InvalidArgument
        | ErrorCode::QueryTooDeep
        | ErrorCode::QueryTooComplex
        | ErrorCode::GraphqlParseFailed
        | ErrorCode::GraphqlValidationFailed
        | ErrorCode::BadRequest
        | ErrorCode::PersistedQueryNotFound => StatusCode::BAD_REQUEST,
    }
}

/// A service refusal as an HTTP response.
pub(crate) fn service_error_response(error: &crate::service::ServiceError) -> Response {
    error_response(status_of(error.code), error.code, &error.message)
}

/// The layers and extractors below answer some refusals with a bare status or plain text (the
/// body limit with `Content-Length`, the timeout, a wrong method, a bad query string); give them
/// the documented JSON error body and code, keeping their headers (`Allow`, `Retry-After`).
async fn json_errors_for_refusals(
    State(limits): State<Arc<Limits>>,
    response: Response,
) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || is_json(response.headers()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let (code, message) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (
            ErrorCode::PayloadTooLarge,
            format!("request body larger than {MAX_BODY_BYTES} bytes"),
        ),
        StatusCode::REQUEST_TIMEOUT => (
            ErrorCode::Timeout,
            format!(
                "the request, its body included, took longer than {} s",
                limits.request_timeout.as_secs()
            ),
        ),
        StatusCode::METHOD_NOT_ALLOWED => {
            let allowed = parts
                .headers
                .get(header::ALLOW)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("another method");
            (
                ErrorCode::MethodNotAllowed,
                format!("this route takes {allowed}"),
            )
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            ErrorCode::UnsupportedMediaType,
            "the body's content type is not one this route takes".to_string(),
        ),
        status if status.is_client_error() => {
            let message = match axum::body::to_bytes(body, 4096).await {
                Ok(bytes) if !bytes.is_empty() => String::from_utf8_lossy(&bytes).into_owned(),
                _ => status
                    .canonical_reason()
                    .unwrap_or("bad request")
                    .to_string(),
            };
            (ErrorCode::BadRequest, message)
        }
        _ => (
            ErrorCode::InternalError,
            status
                .canonical_reason()
                .unwrap_or("server error")
                .to_string(),
        ),
    };
    let mut answer = error_response(status, code, &message);
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(value) = parts.headers.get(&name) {
            answer.headers_mut().insert(name, value.clone());
        }
    }
    answer
}

/// Whether a request's `If-None-Match` names `etag`, in any of its values and lists (weak
/// comparison, as RFC 9110 asks for this header): for every route that answers `304`.
pub(crate) fn if_none_match(request: &HeaderMap, etag: &str) -> bool {
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|tag| tag.trim())
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json") || v.contains("+json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(name: header::HeaderName, values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(name.clone(), header::HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn if_none_match_compares_weakly_in_lists_and_across_header_lines() {
        let etag = "\"abc-gzip\"";
        for (values, expected) in [
            (&["\"abc-gzip\""][..], true),
            (&["W/\"abc-gzip\""], true),
            (&["\"x\", \"abc-gzip\""], true),
            (&["\"x\"", "\"abc-gzip\""], true),
            (&["*"], true),
            (&["\"abc\""], false),
            (&["abc-gzip"], false),
            (&[], false),
        ] {
            assert_eq!(
                if_none_match(&with(header::IF_NONE_MATCH, values), etag),
                expected,
                "{values:?}"
            );
        }
    }
}
