//! Downloads: the same bytes as `itsm-crosswalk export` and `itsm-crosswalk plan`.
//!
//! - `GET /export/crosswalk?from=ID&to=ID&format=csv|json|md`
//! - `POST /export/plan?from=ID&to=ID&format=csv|json|md` with the inventory CSV as the body
//!   (problems in the inventory are counted in the `x-inventory-problems` header and listed in
//!   the Markdown and JSON documents).

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{AppState, error_response};
use crate::graphql::ErrorCode;
use crate::model::{Dataset, StandardIdx};
use crate::report::{self, Format};

#[derive(Debug, Deserialize)]
pub struct ExportParams {
    from: Option<String>,
    to: Option<String>,
    format: Option<String>,
}

struct Resolved {
    from: StandardIdx,
    to: StandardIdx,
    format: Format,
}

/// A refusal: status, code and message, turned into the JSON error body by the handler.
type Refusal = (StatusCode, ErrorCode, String);

fn resolve(data: &Dataset, params: &ExportParams, default: Format) -> Result<Resolved, Refusal> {
    let standard = |name: &str, value: &Option<String>| -> Result<StandardIdx, Refusal> {
        let id = value.as_deref().ok_or_else(|| {
            (
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidArgument,
                format!("the `{name}` parameter is required"),
            )
        })?;
        data.standard_by_id(id).ok_or_else(|| {
            (
                StatusCode::NOT_FOUND,
                ErrorCode::NotFound,
                format!("no standard with id `{id}`"),
            )
        })
    };
    let format = match params.format.as_deref() {
        None => default,
        Some(text) => Format::parse(text).ok_or_else(|| {
            (
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidArgument,
                format!("format `{text}` is not one of csv, json, md, oscal, xlsx"),
            )
        })?,
    };
    Ok(Resolved {
        from: standard("from", &params.from)?,
        to: standard("to", &params.to)?,
        format,
    })
}

fn refuse((status, code, message): Refusal) -> Response {
    error_response(status, code, &message)
}

fn download(bytes: Vec<u8>, format: Format, name: &str, version: &str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{name}.{}\"",
        format.extension()
    )) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(version) {
        headers.insert("x-dataset-version", v);
    }
    response
}

pub async fn crosswalk(
    State(state): State<AppState>,
    Query(params): Query<ExportParams>,
) -> Response {
    let snapshot = state.snapshot();
    let data = snapshot.dataset;
    let r = match resolve(&data, &params, Format::Csv) {
        Ok(r) => r,
        Err(refusal) => return refuse(refusal),
    };
    let name = format!("{}--{}", data.standard(r.from).id, data.standard(r.to).id);
    match report::crosswalk::render(&data, r.from, r.to, r.format, &snapshot.loaded_at) {
        Ok(bytes) => download(bytes, r.format, &name, &data.version),
        Err(message) => error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::InternalError,
            &message,
        ),
    }
}

pub async fn plan(
    State(state): State<AppState>,
    Query(params): Query<ExportParams>,
    body: Bytes,
) -> Response {
    let data = state.snapshot().dataset;
    let r = match resolve(&data, &params, Format::Md) {
        Ok(r) => r,
        Err(refusal) => return refuse(refusal),
    };
    match report::plan_for_inventory(&data, r.from, r.to, &body, r.format) {
        Ok((text, problems)) => {
            let name = format!(
                "plan-{}--{}",
                data.standard(r.from).id,
                data.standard(r.to).id
            );
            let mut response = download(text, r.format, &name, &data.version);
            response
                .headers_mut()
                .insert("x-inventory-problems", HeaderValue::from(problems.len()));
            response
        }
        Err(message) => error_response(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidArgument,
            &message,
        ),
    }
}
