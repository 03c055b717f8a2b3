//! The documented error codes of the API and how every error gets one.

use async_graphql::{Enum, ErrorExtensions, ServerError};

pub use crate::service::ErrorCode;
use crate::service::ServiceError;

/// The value of `extensions.code` on every top-level error: the service's codes, mirrored for
/// the schema so that code generators see them. Problems in user data inside a valid request
/// (an unknown clause in an inventory) are not errors but `userErrors` in the payload.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "ErrorCode", remote = "crate::service::ErrorCode")]
pub enum ErrorCodeDoc {
    /// A standard, clause or other id named in an argument does not exist (or an unknown HTTP route).
    NotFound,
    /// An argument is well-formed GraphQL but not acceptable (e.g. `first` outside 1-100, a bad cursor, too many controls).
    InvalidArgument,
    /// The query nests deeper than the server allows.
    QueryTooDeep,
    /// The query's computed complexity exceeds the server's limit.
    QueryTooComplex,
    /// The query text is not valid GraphQL syntax.
    GraphqlParseFailed,
    /// The query does not validate against the schema (unknown field, wrong argument type, a fragment cycle, a required variable missing or of the wrong type, an operation type the schema lacks, ...).
    GraphqlValidationFailed,
    /// The HTTP request is not a GraphQL request (bad JSON, missing query, batch).
    BadRequest,
    /// The request body is larger than the server accepts (HTTP 413).
    PayloadTooLarge,
    /// The request body is not of a media type the route takes (HTTP 415).
    UnsupportedMediaType,
    /// The route does not take this HTTP method (HTTP 405).
    MethodNotAllowed,
    /// The request URL is longer than the server accepts (HTTP 414).
    UriTooLong,
    /// The client sent more requests than its rate allows (HTTP 429, with `Retry-After`).
    RateLimited,
    /// The server is at its limit of requests in flight (HTTP 503, with `Retry-After`).
    Overloaded,
    /// The request, or its body, took longer than the server allows (HTTP 408).
    Timeout,
    /// A fault on the server's side; please report it.
    InternalError,
}

/// A resolver error with a code.
pub fn api_error(code: ErrorCode, message: impl Into<String>) -> async_graphql::Error {
    async_graphql::Error::new(message.into()).extend_with(|_, e| e.set("code", code.as_str()))
}

/// A service refusal as a resolver error with the service's code.
pub fn service_error(error: ServiceError) -> async_graphql::Error {
    api_error(error.code, error.message)
}

pub fn invalid_argument(message: impl Into<String>) -> async_graphql::Error {
    api_error(ErrorCode::InvalidArgument, message)
}

/// Gives a code to an error that async-graphql raised itself (parse, validation, limits), which
/// carries none. Resolver errors keep the code they were raised with.
/// `parse_failed` tells whether the query text failed to parse (the caller checks, since
/// async-graphql's parse errors carry no marker of their own).
pub fn classify(error: &mut ServerError, parse_failed: bool) -> ErrorCode {
    if let Some(code) = error
        .extensions
        .as_ref()
        .and_then(|e| e.get("code"))
        .and_then(|v| match v {
            async_graphql::Value::String(s) => Some(s.clone()),
            async_graphql::Value::Enum(e) => Some(e.to_string()),
            _ => None,
        })
        && let Some(known) = ErrorCode::from_wire(&code)
    {
        return known;
    }
    let message = error.message.as_str();
    let code = if message.contains("nested too deep") || message.contains("recursion depth") {
        ErrorCode::QueryTooDeep
    } else if message.contains("too complex") {
        ErrorCode::QueryTooComplex
    } else if parse_failed {
        ErrorCode::GraphqlParseFailed
    } else if error.path.is_empty() || is_variable_coercion(message) {
        ErrorCode::GraphqlValidationFailed
    } else {
        ErrorCode::InternalError
    };
    let mut extensions = error.extensions.take().unwrap_or_default();
    extensions.set("code", code.as_str());
    error.extensions = Some(extensions);
    code
}

/// Whether async-graphql raised this error while reading a variable's value inside a resolver:
/// a required variable left out, or a value that does not fit the declared type. Literal
/// arguments are checked during validation, so at execution only variables can fail this way,
/// and the GraphQL spec makes a failed variable coercion a request error.
fn is_variable_coercion(message: &str) -> bool {
    (message.starts_with("Variable ") && message.ends_with(" is not defined."))
        || message.starts_with("Expected input type \"")
        || message.starts_with("Failed to parse \"")
}
