//! Downloads: the same bytes as `itsm-crosswalk export` and `itsm-crosswalk plan`, made by the
//! service layer; this module only reads the query string and writes the HTTP answer.
//!
//! - `GET /export/crosswalk?from=ID&to=ID&format=csv|json|md|oscal|xlsx` (default csv)
//! - `POST /export/plan?from=ID&to=ID&format=csv|json|md|xlsx` (default md) with the inventory
//!   CSV as the body; without `from` and `to`, the integrated plan of every standard the inventory
//!   names that has a newer edition (or of `transitions=FROM:TO,...`). Every problem of the
//!   inventory is listed in the document with its line, and counted in the
//!   `x-inventory-problems` header.
//!
//! Both run on the service's heavy-work pool.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{AppState, service_error_response};
use crate::report::Format;
use crate::service::{
    Document, Inventory, PlanRequest, ServiceError, parse_format, parse_transition,
};

#[derive(Debug, Deserialize)]
pub struct ExportParams {
    from: Option<String>,
    to: Option<String>,
    format: Option<String>,
    /// For an integrated plan: `FROM:TO` pairs separated by commas.
    transitions: Option<String>,
}

impl ExportParams {
    fn required(value: &Option<String>, name: &str) -> Result<String, ServiceError> {
        value.clone().ok_or_else(|| {
            ServiceError::invalid_argument(format!("the `{name}` parameter is required"))
        })
    }

    /// The format asked for, or `default`.
    fn format(&self, default: Format) -> Result<Format, ServiceError> {
        self.format.as_deref().map_or(Ok(default), parse_format)
    }

    /// `from`, `to` and the format (or `default`).
    fn read(&self, default: Format) -> Result<(String, String, Format), ServiceError> {
        Ok((
            Self::required(&self.from, "from")?,
            Self::required(&self.to, "to")?,
            self.format(default)?,
        ))
    }
}

fn download(document: Document, version: &str) -> Response {
    let mut response = document.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(document.format.content_type()),
    );
    if let Ok(v) =
        HeaderValue::from_str(&format!("attachment; filename=\"{}\"", document.file_name))
    {
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
    let snapshot = state.service.snapshot();
    let (from, to, format) = match params.read(Format::Csv) {
        Ok(read) => read,
        Err(error) => return service_error_response(&error),
    };
    // Refusals (unknown ids, same standard, nothing stored) are cheap and answered here.
    if let Err(error) = snapshot.crosswalk_pair(&from, &to) {
        return service_error_response(&error);
    }
    let version = snapshot.dataset.version.clone();
    let made = state
        .service
        .heavy()
        .run(move || snapshot.crosswalk_document(&from, &to, format))
        .await;
    match made {
        Ok(document) => download(document, &version),
        Err(error) => service_error_response(&error),
    }
}

impl ExportParams {
    fn plan_request(&self) -> Result<(PlanRequest, Format), ServiceError> {
        let format = self.format(Format::Md)?;
        let request = match (&self.from, &self.to, &self.transitions) {
            (Some(from), Some(to), None) => PlanRequest::One {
                from: from.clone(),
                to: to.clone(),
            },
            (None, None, transitions) => PlanRequest::Integrated {
                transitions: transitions
                    .as_deref()
                    .map(|list| {
                        list.split(',')
                            .filter(|t| !t.trim().is_empty())
                            .map(parse_transition)
                            .collect::<Result<Vec<_>, _>>()
                    })
                    .transpose()?
                    .unwrap_or_default(),
            },
            _ => {
                return Err(ServiceError::invalid_argument(
                    "give `from` and `to` for one transition, or neither (and optionally `transitions=FROM:TO,...`) for an integrated plan",
                ));
            }
        };
        Ok((request, format))
    }
}

pub async fn plan(
    State(state): State<AppState>,
    Query(params): Query<ExportParams>,
    body: Bytes,
) -> Response {
    let snapshot = state.service.snapshot();
    let (request, format) = match params.plan_request() {
        Ok(read) => read,
        Err(error) => return service_error_response(&error),
    };
    let version = snapshot.dataset.version.clone();
    let made = state
        .service
        .heavy()
        .run(move || {
            let inventory = Inventory::from_csv(&body)
                .map_err(|e| ServiceError::invalid_argument(e.to_string()))?;
            snapshot.plan_request_document(&request, &inventory, format)
        })
        .await;
    match made {
        Ok(document) => {
            let problems = document.problems.len();
            let mut response = download(document, &version);
            let headers = response.headers_mut();
            headers.insert("x-inventory-problems", HeaderValue::from(problems));
            // An organisation's inventory went into this answer: no cache may keep it.
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(error) => service_error_response(&error),
    }
}
