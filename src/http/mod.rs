//! The HTTP layer: axum routes, limits, health, the offline GraphiQL page. The only place that
//! knows HTTP.

mod app;
mod assets;
mod export;
mod graphql;

use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::cors::{Any, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::graphql::{ApiSchema, ErrorCode, Snapshot};

/// Largest request body accepted (a 1,000-control inventory is about 150 KiB).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Longest a request may run.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Shared state of the server: the schema and the dataset snapshot currently served.
#[derive(Clone)]
pub struct AppState {
    pub schema: ApiSchema,
    current: Arc<RwLock<Snapshot>>,
}

impl AppState {
    pub fn new(snapshot: Snapshot) -> Self {
        AppState {
            schema: crate::graphql::build_schema(),
            current: Arc::new(RwLock::new(snapshot)),
        }
    }

    /// The snapshot to answer the next request with.
    pub fn snapshot(&self) -> Snapshot {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Replaces the served dataset (after a successful reload).
    pub fn replace(&self, snapshot: Snapshot) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = snapshot;
    }
}

/// The whole application router.
pub fn app(state: AppState) -> Router {
    Router::new()
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
        .with_state(state)
        .layer(axum::middleware::map_response(
            json_errors_for_layer_refusals,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(
            CorsLayer::new()
                .allow_origin(Any)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE]),
        )
}

/// Liveness: the process answers.
async fn healthz() -> &'static str {
    "ok\n"
}

/// Readiness: a valid dataset is loaded (the server never starts without one).
async fn readyz(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    let snapshot = state.snapshot();
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
    (status, axum::Json(body)).into_response()
}

/// The body-limit and timeout layers answer with bare status codes; give them the same JSON
/// error shape and codes as everything else.
async fn json_errors_for_layer_refusals(response: Response) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE if !is_json => error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            &format!("request body larger than {MAX_BODY_BYTES} bytes"),
        ),
        StatusCode::REQUEST_TIMEOUT if !is_json => error_response(
            StatusCode::REQUEST_TIMEOUT,
            ErrorCode::Timeout,
            &format!("request took longer than {} s", REQUEST_TIMEOUT.as_secs()),
        ),
        // Extractor rejections (a bad query string, a wrong method) come as plain text.
        status if status.is_client_error() && !is_json => {
            let message = match axum::body::to_bytes(response.into_body(), 4096).await {
                Ok(bytes) if !bytes.is_empty() => String::from_utf8_lossy(&bytes).into_owned(),
                _ => status
                    .canonical_reason()
                    .unwrap_or("bad request")
                    .to_string(),
            };
            error_response(status, ErrorCode::BadRequest, &message)
        }
        _ => response,
    }
}

/// Serves `state` on `addr` until Ctrl-C or SIGTERM. With `reload`, SIGHUP reloads the dataset;
/// a dataset that fails validation is reported and the last good one keeps being served.
pub async fn serve(
    state: AppState,
    addr: std::net::SocketAddr,
    reload: Option<Box<dyn Fn() -> Result<Snapshot, String> + Send + Sync>>,
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    // The SIGHUP handler is installed before the banner, so a reload asked for as soon as the
    // banner shows is never taken as the default "terminate".
    #[cfg(unix)]
    if let Some(reload) = reload {
        let mut hangups = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;
        let state = state.clone();
        tokio::spawn(async move {
            while hangups.recv().await.is_some() {
                match reload() {
                    Ok(snapshot) => {
                        eprintln!(
                            "itsm-crosswalk: reloaded dataset {}",
                            snapshot.dataset.version
                        );
                        state.replace(snapshot);
                    }
                    Err(problems) => eprintln!(
                        "itsm-crosswalk: reload refused, still serving {}:\n{problems}",
                        state.snapshot().dataset.version
                    ),
                }
            }
        });
    }
    eprintln!(
        "itsm-crosswalk: serving dataset {} at http://{}/graphql (GraphiQL at http://{}/)",
        state.snapshot().dataset.version,
        listener.local_addr()?,
        listener.local_addr()?
    );
    #[cfg(not(unix))]
    let _ = reload;
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
