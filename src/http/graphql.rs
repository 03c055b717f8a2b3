//! `GET` and `POST /graphql`: one request per call (no batches), JSON in, JSON out, every error
//! with a documented code.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::observe::{AnswerCodes, CacheOutcome};
use super::{AppState, error_response};
use crate::graphql::{execute, sdl};
use crate::service::ErrorCode;
use crate::service::cache::Cached;

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
    // The body as sent is a key of its own: a repeated request is answered without parsing it.
    let raw_key = raw_key("POST", &headers, &String::from_utf8_lossy(&body));
    if let Some(hit) = cached(&state, &raw_key, false, &headers) {
        return hit;
    }
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
        Ok(request)
            if request.query.trim().is_empty()
                && !request.extensions.contains_key("persistedQuery") =>
        {
            error_response(
                StatusCode::BAD_REQUEST,
                ErrorCode::BadRequest,
                "the request has no `query`",
            )
        }
        Ok(request) => run(&state, &headers, request, false, raw_key).await,
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
    // The URL as sent is a key of its own: a repeated request is answered without parsing it.
    let raw_key = raw_key("GET", &headers, &query);
    if let Some(hit) = cached(&state, &raw_key, true, &headers) {
        return hit;
    }
    match async_graphql::http::parse_query_string(&query) {
        Ok(request) => run(&state, &headers, request, true, raw_key).await,
        Err(error) => error_response(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            &format!("cannot read the GraphQL request from the query string: {error}"),
        ),
    }
}

/// How a GraphQL answer may be kept by caches.
const PUBLIC_GET: &str = "public, max-age=300";
const NO_STORE: &str = "no-store";

fn wants_graphql_response(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains(GRAPHQL_RESPONSE_JSON))
}

/// The key of a request as sent (method, the media type Accept selects, the URL's query string
/// or the body), checked before the request is parsed.
fn raw_key(method: &str, headers: &HeaderMap, sent: &str) -> String {
    let media = if wants_graphql_response(headers) {
        "gr"
    } else {
        "j"
    };
    format!("{method}\u{1f}{media}\u{1f}{sent}")
}

/// The cached answer to a request sent exactly so before, if there is one.
fn cached(state: &AppState, raw_key: &str, is_get: bool, headers: &HeaderMap) -> Option<Response> {
    let snapshot = state.service.snapshot();
    let hit = snapshot.cache.get(raw_key)?;
    Some(answer(
        &hit,
        StatusCode::OK,
        is_get,
        true,
        headers,
        &snapshot.dataset.version,
        "hit",
    ))
}

async fn run(
    state: &AppState,
    headers: &HeaderMap,
    request: async_graphql::Request,
    is_get: bool,
    raw_key: String,
) -> Response {
    let snapshot = state.service.snapshot();
    let version = snapshot.dataset.version.clone();
    let wants_graphql_response = wants_graphql_response(headers);
    // The same request gets the same bytes until the next reload (the cache lives with the
    // snapshot): answer from the cache when it has them, under the normalised key (the same
    // request sent another way: GET or POST, keys in another order).
    let key = cache_key(&request, wants_graphql_response);
    let cache = std::sync::Arc::clone(&snapshot.cache);
    if let Some(hit) = cache.get(&key) {
        cache.insert(raw_key, std::sync::Arc::clone(&hit));
        return answer(&hit, StatusCode::OK, is_get, true, headers, &version, "hit");
    }
    let heavy = state.service.heavy().clone();
    let executed = execute(&state.schema, &state.persisted, snapshot, heavy, request).await;
    let (response, refused) = (executed.response, executed.refused);
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
    // Errors and answers carrying an organisation's inventory are never kept, here or by any
    // cache downstream.
    let shareable = ok && !executed.carries_inventory;
    let codes: Vec<ErrorCode> = response
        .errors
        .iter()
        .filter_map(|e| e.extensions.as_ref()?.get("code"))
        .filter_map(|code| match code {
            async_graphql::Value::String(s) => ErrorCode::from_wire(s),
            async_graphql::Value::Enum(e) => ErrorCode::from_wire(e.as_str()),
            _ => None,
        })
        .collect();
    let cached = std::sync::Arc::new(Cached::new(body.into(), content_type));
    if shareable {
        cache.insert(key, std::sync::Arc::clone(&cached));
        cache.insert(raw_key, std::sync::Arc::clone(&cached));
    }
    let mut http = answer(
        &cached, status, is_get, shareable, headers, &version, "miss",
    );
    http.extensions_mut().insert(AnswerCodes(codes));
    http
}

/// An answer with its validators: `ETag`, `Cache-Control` (public for a shareable GET, `no-store`
/// for anything not shareable), `Vary: Accept` (the media type changes the body), and `304` when a
/// GET's `If-None-Match` already names it.
fn answer(
    cached: &Cached,
    status: StatusCode,
    is_get: bool,
    shareable: bool,
    request_headers: &HeaderMap,
    version: &str,
    cache_outcome: &'static str,
) -> Response {
    let not_modified = is_get
        && shareable
        && request_headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|tags| {
                tags.split(',')
                    .any(|tag| tag.trim() == cached.etag || tag.trim() == "*")
            });
    let mut http = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut http = (status, cached.body.clone()).into_response();
        http.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(cached.content_type),
        );
        http
    };
    let h = http.headers_mut();
    if let Ok(v) = HeaderValue::from_str(version) {
        h.insert("x-dataset-version", v);
    }
    h.insert(header::VARY, HeaderValue::from_static("accept"));
    h.insert("x-cache", HeaderValue::from_static(cache_outcome));
    http.extensions_mut().insert(CacheOutcome(cache_outcome));
    let h = http.headers_mut();
    if shareable {
        if let Ok(v) = HeaderValue::from_str(&cached.etag) {
            h.insert(header::ETAG, v);
        }
        if is_get {
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static(PUBLIC_GET));
        }
    } else {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_STORE));
    }
    http
}

/// The cache key of a request: what selects the answer (the query text or persisted-query
/// hash, the operation name, the variables and extensions with their keys sorted, and the media
/// type), so that equal requests sent differently (GET or POST, keys in another order) share it.
fn cache_key(request: &async_graphql::Request, graphql_response: bool) -> String {
    let canonical = |value: serde_json::Value| canonical_json(&value);
    format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
        if graphql_response { "gr" } else { "j" },
        request.operation_name.as_deref().unwrap_or(""),
        canonical(serde_json::to_value(&request.variables).unwrap_or_default()),
        canonical(serde_json::to_value(&request.extensions).unwrap_or_default()),
        request.query
    )
}

/// JSON with object keys sorted, whatever order they came in.
fn canonical_json(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let fields: Vec<String> = keys
                .into_iter()
                .map(|k| {
                    format!(
                        "{}:{}",
                        serde_json::Value::from(k.as_str()),
                        canonical_json(&map[k])
                    )
                })
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        serde_json::Value::Array(items) => {
            format!(
                "[{}]",
                items
                    .iter()
                    .map(canonical_json)
                    .collect::<Vec<_>>()
                    .join(",")
            )
        }
        other => other.to_string(),
    }
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
