//! The documented error codes of the API and how every error gets one.

use async_graphql::{Enum, ErrorExtensions, ServerError};

/// The value of `extensions.code` on every top-level error. Problems in user data inside a valid
/// request (an unknown clause in an inventory) are not errors but `userErrors` in the payload.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// A standard, clause or other id named in an argument does not exist.
    NotFound,
    /// An argument is well-formed GraphQL but not acceptable (e.g. `first` outside 1-100, a bad cursor).
    InvalidArgument,
    /// The query nests deeper than the server allows.
    QueryTooDeep,
    /// The query's computed complexity exceeds the server's limit.
    QueryTooComplex,
    /// The query text is not valid GraphQL syntax.
    GraphqlParseFailed,
    /// The query does not validate against the schema (unknown field, wrong argument type, a
    /// required variable missing or of the wrong type, ...).
    GraphqlValidationFailed,
    /// The HTTP request is not a GraphQL request (bad JSON, missing query, batch, wrong method).
    BadRequest,
    /// The request body is larger than the server accepts.
    PayloadTooLarge,
    /// The request took longer than the server allows.
    Timeout,
    /// A fault on the server's side; please report it.
    InternalError,
}

impl ErrorCode {
    /// The SCREAMING_CASE spelling used in `extensions.code`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::InvalidArgument => "INVALID_ARGUMENT",
            ErrorCode::QueryTooDeep => "QUERY_TOO_DEEP",
            ErrorCode::QueryTooComplex => "QUERY_TOO_COMPLEX",
            ErrorCode::GraphqlParseFailed => "GRAPHQL_PARSE_FAILED",
            ErrorCode::GraphqlValidationFailed => "GRAPHQL_VALIDATION_FAILED",
            ErrorCode::BadRequest => "BAD_REQUEST",
            ErrorCode::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            ErrorCode::Timeout => "TIMEOUT",
            ErrorCode::InternalError => "INTERNAL_ERROR",
        }
    }

    /// Whether the request as a whole was refused before execution (the HTTP layer answers 400
    /// to clients that accept `application/graphql-response+json`).
    pub fn is_request_error(self) -> bool {
        matches!(
            self,
            ErrorCode::QueryTooDeep
                | ErrorCode::QueryTooComplex
                | ErrorCode::GraphqlParseFailed
                | ErrorCode::GraphqlValidationFailed
                | ErrorCode::BadRequest
        )
    }
}

/// A resolver error with a code.
pub fn api_error(code: ErrorCode, message: impl Into<String>) -> async_graphql::Error {
    async_graphql::Error::new(message.into()).extend_with(|_, e| e.set("code", code.as_str()))
}

pub fn not_found(what: &str, id: &str) -> async_graphql::Error {
    api_error(ErrorCode::NotFound, format!("no {what} with id `{id}`"))
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
        && let Some(known) = ErrorCode::from_str(&code)
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

impl ErrorCode {
    /// Every documented code.
    pub const ALL: [ErrorCode; 10] = [
        ErrorCode::NotFound,
        ErrorCode::InvalidArgument,
        ErrorCode::QueryTooDeep,
        ErrorCode::QueryTooComplex,
        ErrorCode::GraphqlParseFailed,
        ErrorCode::GraphqlValidationFailed,
        ErrorCode::BadRequest,
        ErrorCode::PayloadTooLarge,
        ErrorCode::Timeout,
        ErrorCode::InternalError,
    ];

    fn from_str(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|code| code.as_str() == text)
    }
}
