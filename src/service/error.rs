//! The documented error codes, and the error every service call returns. The codes are the
//! contract of every front end: GraphQL puts them in `extensions.code`, the HTTP layer in its
//! JSON error bodies (and picks the status), MCP in its tool errors, the CLI in its messages.

/// A documented error code. README.md and docs/RELIABILITY.md list them with their HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorCode {
    /// A standard, clause or other id named in an argument does not exist (or an unknown route).
    NotFound,
    /// An argument is well-formed but not acceptable (`first` outside 1-100, a bad cursor, an
    /// unknown format, too many controls, ...).
    InvalidArgument,
    /// The query nests deeper than the server allows.
    QueryTooDeep,
    /// The query's computed complexity exceeds the server's limit.
    QueryTooComplex,
    /// The query text is not valid GraphQL syntax.
    GraphqlParseFailed,
    /// The query does not validate against the schema (unknown field, wrong argument type, a
    /// fragment cycle, a required variable missing or of the wrong type, an operation type the
    /// schema does not have, ...).
    GraphqlValidationFailed,
    /// The HTTP request is not a GraphQL request (bad JSON, missing query, batch, a persisted
    /// query's hash that does not match its text).
    BadRequest,
    /// A persisted query's hash the server does not know (yet): send the query text with it once.
    PersistedQueryNotFound,
    /// The request body is larger than the server accepts.
    PayloadTooLarge,
    /// The request body is not of a media type the route takes.
    UnsupportedMediaType,
    /// The route does not take this HTTP method.
    MethodNotAllowed,
    /// The request URL is longer than the server accepts.
    UriTooLong,
    /// This client sent more requests than its rate allows; retry after the time given.
    RateLimited,
    /// The server is at its limit of requests in flight; retry shortly.
    Overloaded,
    /// The request (or its body) took longer than the server allows.
    Timeout,
    /// A fault on the server's side; please report it.
    InternalError,
}

impl ErrorCode {
    /// Every documented code, in the order of the documentation.
    pub const ALL: [ErrorCode; 16] = [
        ErrorCode::NotFound,
        ErrorCode::InvalidArgument,
        ErrorCode::QueryTooDeep,
        ErrorCode::QueryTooComplex,
        ErrorCode::GraphqlParseFailed,
        ErrorCode::GraphqlValidationFailed,
        ErrorCode::BadRequest,
        ErrorCode::PersistedQueryNotFound,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::MethodNotAllowed,
        ErrorCode::UriTooLong,
        ErrorCode::RateLimited,
        ErrorCode::Overloaded,
        ErrorCode::Timeout,
        ErrorCode::InternalError,
    ];

    /// The SCREAMING_CASE spelling used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::InvalidArgument => "INVALID_ARGUMENT",
            ErrorCode::QueryTooDeep => "QUERY_TOO_DEEP",
            ErrorCode::QueryTooComplex => "QUERY_TOO_COMPLEX",
            ErrorCode::GraphqlParseFailed => "GRAPHQL_PARSE_FAILED",
            ErrorCode::GraphqlValidationFailed => "GRAPHQL_VALIDATION_FAILED",
            ErrorCode::BadRequest => "BAD_REQUEST",
            ErrorCode::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
            ErrorCode::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            ErrorCode::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            ErrorCode::MethodNotAllowed => "METHOD_NOT_ALLOWED",
            ErrorCode::UriTooLong => "URI_TOO_LONG",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::Overloaded => "OVERLOADED",
            ErrorCode::Timeout => "TIMEOUT",
            ErrorCode::InternalError => "INTERNAL_ERROR",
        }
    }

    pub fn from_wire(text: &str) -> Option<ErrorCode> {
        Self::ALL.into_iter().find(|code| code.as_str() == text)
    }

    /// Whether the request as a whole was refused before execution (the GraphQL layer answers
    /// without `data`, and HTTP 400 to clients that accept `application/graphql-response+json`).
    pub fn is_request_error(self) -> bool {
        matches!(
            self,
            ErrorCode::QueryTooDeep
                | ErrorCode::QueryTooComplex
                | ErrorCode::GraphqlParseFailed
                | ErrorCode::GraphqlValidationFailed
                | ErrorCode::BadRequest
                | ErrorCode::PersistedQueryNotFound
        )
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a service call gave no answer: a documented code and a message for a person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ServiceError {
    pub code: ErrorCode,
    pub message: String,
}

impl ServiceError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ServiceError {
        ServiceError {
            code,
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> ServiceError {
        ServiceError::new(ErrorCode::NotFound, message)
    }

    pub fn invalid_argument(message: impl Into<String>) -> ServiceError {
        ServiceError::new(ErrorCode::InvalidArgument, message)
    }

    pub fn internal(message: impl Into<String>) -> ServiceError {
        ServiceError::new(ErrorCode::InternalError, message)
    }
}
