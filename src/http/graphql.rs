//! `GET` and `POST /graphql`: one request per call (no batches), JSON in, JSON out, every error
//! with a documented code.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::observe::AnswerCodes;
use super::{AppState, error_response};
use crate::graphql::{execute, sdl};
use crate::service::ErrorCode;
use crate::service::cache::Cached;

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

pub async fn graphql_post(State(state): State<AppState>, request: Request) -> Response {
    // The request is taken whole rather than through a `HeaderMap` extractor, which would copy
    // every header: the handler reads two of them.
    if !is_json_media_type(request.headers().get(header::CONTENT_TYPE)) {
        return error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "POST /graphql takes a JSON body: send `content-type: application/json`",
        );
    }
    let graphql_response = wants_graphql_response(request.headers());
    let body = match Bytes::from_request(request, &state).await {
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
    let sent = String::from_utf8_lossy(&body);
    if let Some(hit) = cached(&state, "POST", graphql_response, &sent, None) {
        return hit;
    }
    let raw_key = raw_key("POST", graphql_response, &sent);
    // Read straight into a request (no JSON tree in between); what kind of error it is tells a
    // body that is not JSON from JSON that is not one GraphQL request.
    match serde_json::from_slice::<async_graphql::Request>(&body) {
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
        Ok(request) => run(&state, request, graphql_response, None, raw_key).await,
        Err(error) if !error.is_data() => error_response(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            &format!("the body is not JSON: {error}"),
        ),
        Err(_) if body.trim_ascii_start().starts_with(b"[") => error_response(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            "batch requests are not supported: send one operation per request",
        ),
        Err(error) => error_response(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            &format!(
                "not a GraphQL request (expected {{\"query\": ..., \"variables\": ..., \"operationName\": ...}}): {error}"
            ),
        ),
    }
}

pub async fn graphql_get(State(state): State<AppState>, request: Request) -> Response {
    // Borrowed from the request: no copy of the headers or of the query string on a cache hit.
    let Some(query) = request.uri().query() else {
        return error_response(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            "GET /graphql needs a `query` parameter (the GraphiQL page is at /)",
        );
    };
    let headers = request.headers();
    let graphql_response = wants_graphql_response(headers);
    // The URL as sent is a key of its own: a repeated request is answered without parsing it.
    if let Some(hit) = cached(&state, "GET", graphql_response, query, Some(headers)) {
        return hit;
    }
    let raw_key = raw_key("GET", graphql_response, query);
    match async_graphql::http::parse_query_string(query) {
        Ok(parsed) => run(&state, parsed, graphql_response, Some(headers), raw_key).await,
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
fn raw_key(method: &str, graphql_response: bool, sent: &str) -> String {
    let mut key = String::new();
    write_raw_key(&mut key, method, graphql_response, sent);
    key
}

fn write_raw_key(key: &mut String, method: &str, graphql_response: bool, sent: &str) {
    key.clear();
    key.reserve(method.len() + sent.len() + 6);
    key.push_str(method);
    key.push('\u{1f}');
    key.push_str(if graphql_response { "gr" } else { "j" });
    key.push('\u{1f}');
    key.push_str(sent);
}

/// The cached answer to a request sent exactly so before, if there is one. The key is built in a
/// buffer kept by the thread, so a hit allocates nothing for it. `get_headers`: a GET's request
/// headers (for `If-None-Match`), `None` for a POST.
fn cached(
    state: &AppState,
    method: &str,
    graphql_response: bool,
    sent: &str,
    get_headers: Option<&HeaderMap>,
) -> Option<Response> {
    thread_local! {
        static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    let cache = state.service.cache();
    let hit = KEY.with_borrow_mut(|key| {
        write_raw_key(key, method, graphql_response, sent);
        let hit = cache.get(key);
        // A long key (a big POST body) is not kept by the thread.
        if key.capacity() > 16 * 1024 {
            *key = String::new();
        }
        hit
    })?;
    Some(answer(&hit, StatusCode::OK, get_headers, true, "hit"))
}

/// Executes a request that was not answered from the cache. `get_headers`: a GET's request
/// headers (for `If-None-Match`), `None` for a POST.
async fn run(
    state: &AppState,
    request: async_graphql::Request,
    wants_graphql_response: bool,
    get_headers: Option<&HeaderMap>,
    raw_key: String,
) -> Response {
    let snapshot = state.service.snapshot();
    let version = Bytes::from(snapshot.dataset.version.clone());
    // The same request gets the same bytes until the next reload (the cache lives with the
    // snapshot): answer from the cache when it has them, under the normalised key (the same
    // request sent another way: GET or POST, keys in another order).
    let key = cache_key(&request, wants_graphql_response);
    let cache = std::sync::Arc::clone(&snapshot.cache);
    if let Some(hit) = cache.get(&key) {
        cache.insert(raw_key, std::sync::Arc::clone(&hit));
        return answer(&hit, StatusCode::OK, get_headers, true, "hit");
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
        encode(&serde_json::json!({ "errors": response.errors }))
    } else {
        encode(&response)
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
    let cached = std::sync::Arc::new(Cached::new(body, content_type, version));
    if shareable {
        cache.insert(key, std::sync::Arc::clone(&cached));
        cache.insert(raw_key, std::sync::Arc::clone(&cached));
    }
    let mut http = answer(&cached, status, get_headers, shareable, "miss");
    http.extensions_mut().insert(AnswerCodes(codes));
    http
}

/// JSON of `value`, written into a buffer the thread keeps (an answer of a few kilobytes would
/// otherwise grow a new vector a dozen times), then copied once to bytes of its exact size.
fn encode(value: &impl serde::Serialize) -> serde_json::Result<Bytes> {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        let written = serde_json::to_writer(&mut *buffer, value);
        let bytes = written.map(|()| Bytes::copy_from_slice(buffer));
        // A huge answer (a large plan) does not stay with the thread.
        if buffer.capacity() > 256 * 1024 {
            *buffer = Vec::new();
        }
        bytes
    })
}

/// An answer with its validators: `ETag`, `Cache-Control` (public for a shareable GET, `no-store`
/// for anything not shareable), `Vary: Accept` (the media type changes the body), and `304` when a
/// GET's `If-None-Match` already names it. `x-cache` says whether the cache had it (`hit`,
/// `miss`), for clients and for the request metrics. Header values are shared with the cached
/// answer, not copied.
fn answer(
    cached: &Cached,
    status: StatusCode,
    get_headers: Option<&HeaderMap>,
    shareable: bool,
    cache_outcome: &'static str,
) -> Response {
    let is_get = get_headers.is_some();
    let not_modified = shareable
        && get_headers.is_some_and(|headers| {
            std::str::from_utf8(&cached.etag).is_ok_and(|etag| super::if_none_match(headers, etag))
        });
    let mut http = if not_modified {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut http = Response::new(Body::from(cached.body.clone()));
        *http.status_mut() = status;
        http
    };
    let h = http.headers_mut();
    h.reserve(8);
    if !not_modified {
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(cached.content_type),
        );
    }
    if let Ok(v) = HeaderValue::from_maybe_shared(cached.version.clone()) {
        h.insert("x-dataset-version", v);
    }
    h.insert(header::VARY, HeaderValue::from_static("accept"));
    h.insert("x-cache", HeaderValue::from_static(cache_outcome));
    if shareable {
        if let Ok(v) = HeaderValue::from_maybe_shared(cached.etag.clone()) {
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
    // Most requests carry no variables or extensions: no JSON tree to build for those.
    let canonical = |value: serde_json::Value| canonical_json(&value);
    let variables = if request.variables.is_empty() {
        "{}".to_string()
    } else {
        canonical(serde_json::to_value(&request.variables).unwrap_or_default())
    };
    let extensions = if request.extensions.is_empty() {
        "{}".to_string()
    } else {
        canonical(serde_json::to_value(&request.extensions).unwrap_or_default())
    };
    format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
        if graphql_response { "gr" } else { "j" },
        request.operation_name.as_deref().unwrap_or(""),
        variables,
        extensions,
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
