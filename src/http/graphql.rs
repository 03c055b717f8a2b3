//! `GET` and `POST /graphql`: one request per call (no batches), JSON in, JSON out, every error
//! with a documented code.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{AppState, error_response};
use crate::graphql::{execute, sdl};
use crate::service::ErrorCode;

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

pub async fn graphql_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if !is_json_media_type(headers.get(header::CONTENT_TYPE)) {
        return error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "POST /graphql takes a JSON body: send `content-type: application/json`",
        );
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::PayloadTooLarge,
                &format!("request body larger than {} bytes", super::MAX_BODY_BYTES),
            );
        }
        Err(rejection) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                ErrorCode::BadRequest,
                &rejection.body_text(),
            );
        }
    };
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(error) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                ErrorCode::BadRequest,
                &format!("the body is not JSON: {error}"),
            );
        }
    };
    if value.is_array() {
        return error_response(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            "batch requests are not supported: send one operation per request",
        );
    }
    match serde_json::from_value::<async_graphql::Request>(value) {
        Ok(request) if request.query.trim().is_empty() => error_response(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            "the request has no `query`",
        ),
        Ok(request) => run(&state, &headers, request, false).await,
        Err(error) => error_response(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            &format!(
                "not a GraphQL request (expected {{\"query\": ..., \"variables\": ..., \"operationName\": ...}}): {error}"
            ),
        ),
    }
}

pub async fn graphql_get(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(query) = query else {
        return error_response(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            "GET /graphql needs a `query` parameter (the GraphiQL page is at /)",
        );
    };
    match async_graphql::http::parse_query_string(&query) {
        Ok(request) => run(&state, &headers, request, true).await,
        Err(error) => error_response(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            &format!("cannot read the GraphQL request from the query string: {error}"),
        ),
    }
}

async fn run(
    state: &AppState,
    headers: &HeaderMap,
    request: async_graphql::Request,
    cacheable: bool,
) -> Response {
    let snapshot = state.service.snapshot();
    let version = snapshot.dataset.version.clone();
    let heavy = state.service.heavy().clone();
    let (response, refused) = execute(&state.schema, snapshot, heavy, request).await;
    let wants_graphql_response = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains(GRAPHQL_RESPONSE_JSON));
    // GraphQL over HTTP: with the newer media type a refused request is a 400; with plain
    // application/json it is a 200 whose body carries the errors.
    let (status, content_type) = if wants_graphql_response {
        (
            if refused {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::OK
            },
            GRAPHQL_RESPONSE_JSON,
        )
    } else {
        (StatusCode::OK, "application/json")
    };
    let ok = response.errors.is_empty();
    // A request refused before execution (parse, validation, limits) has no `data` entry at all,
    // as the GraphQL specification asks; async-graphql would write `"data": null`. Executed
    // answers are encoded once, straight from the response.
    let encoded = if refused {
        serde_json::to_vec(&serde_json::json!({ "errors": response.errors }))
    } else {
        serde_json::to_vec(&response)
    };
    let body = match encoded {
        Ok(body) => body,
        Err(error) => {
            return error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::InternalError,
                &format!("cannot encode the response: {error}"),
            );
        }
    };
    let mut http = (status, body).into_response();
    let h = http.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&version) {
        h.insert("x-dataset-version", v);
    }
    // The dataset is immutable per version, so a successful GET answer can be cached; a cache
    // keyed on the URL is invalidated by the version header changing on redeploy.
    if cacheable && ok {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        );
    }
    http
}

/// The schema in SDL, for tools that want it without introspection.
pub async fn schema_sdl(State(state): State<AppState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        sdl(&state.schema),
    )
        .into_response()
}

/// Whether a `Content-Type` names JSON: `application/json` or a structured `+json` type of the
/// `application` tree, with any parameters (`; charset=utf-8`). A media type that merely contains
/// the letters "json" (`text/notjson`) is not JSON.
fn is_json_media_type(value: Option<&HeaderValue>) -> bool {
    let Some(value) = value.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.split_once('/') {
        Some(("application", subtype)) => subtype == "json" || subtype.ends_with("+json"),
        _ => false,
    }
}
