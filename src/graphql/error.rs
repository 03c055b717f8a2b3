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
    /// The HTTP request is not a GraphQL request (bad JSON, missing query, batch, a persisted query's hash that does not match its text).
    BadRequest,
    /// A persisted query's hash the server does not know (yet): send the query text with it once (the Apollo protocol).
    PersistedQueryNotFound,
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
    set_code(error, code);
    code
}

/// Sets (or replaces) an error's `extensions.code`.
pub fn set_code(error: &mut ServerError, code: ErrorCode) {
    let mut extensions = error.extensions.take().unwrap_or_default();
    extensions.set("code", code.as_str());
    error.extensions = Some(extensions);
}

/// Longest parse-error message returned; the position and what was expected fit easily.
const MAX_PARSE_MESSAGE: usize = 300;

/// A parse error without the quoted source line: "syntax error at 1:324: expected selection_set,
/// ...". The parser's own message draws the whole offending line, which for a one-line query of
/// a megabyte would double the answer.
pub fn concise_parse_message(message: &str) -> String {
    let position = message
        .lines()
        .find_map(|line| line.trim_start().strip_prefix("--> "))
        .map(str::trim);
    let expected = message
        .lines()
        .find_map(|line| line.trim_start().strip_prefix("= "))
        .map(str::trim);
    let text = match (position, expected) {
        (Some(position), Some(expected)) => format!("syntax error at {position}: {expected}"),
        (Some(position), None) => format!("syntax error at {position}"),
        _ => message.to_string(),
    };
    if text.len() <= MAX_PARSE_MESSAGE {
        return text;
    }
    let mut end = MAX_PARSE_MESSAGE;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &text[..end])
}

/// A fragment that spreads itself, directly or through others, as a message naming the cycle
/// ("fragment `A` spreads itself: A -> B -> A"), or `None` when there is none.
pub fn fragment_cycle(
    document: &async_graphql::parser::types::ExecutableDocument,
) -> Option<String> {
    use async_graphql::parser::types::{Selection, SelectionSet};
    use std::collections::{BTreeMap, BTreeSet};

    fn spreads(set: &SelectionSet, out: &mut BTreeSet<String>) {
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => spreads(&field.node.selection_set.node, out),
                Selection::FragmentSpread(spread) => {
                    out.insert(spread.node.fragment_name.node.to_string());
                }
                Selection::InlineFragment(inline) => spreads(&inline.node.selection_set.node, out),
            }
        }
    }

    let graph: BTreeMap<String, BTreeSet<String>> = document
        .fragments
        .iter()
        .map(|(name, fragment)| {
            let mut out = BTreeSet::new();
            spreads(&fragment.node.selection_set.node, &mut out);
            (name.to_string(), out)
        })
        .collect();
    // Depth-first search with the path on a stack; a name met again on the path closes a cycle.
    fn visit(
        name: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == name) {
            let mut cycle = path[start..].to_vec();
            cycle.push(name.to_string());
            return Some(cycle);
        }
        if done.contains(name) {
            return None;
        }
        path.push(name.to_string());
        for next in graph.get(name).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(name.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for name in graph.keys() {
        if let Some(cycle) = visit(name, &graph, &mut Vec::new(), &mut done) {
            return Some(format!(
                "fragment `{}` spreads itself: {}",
                cycle[0],
                cycle.join(" -> ")
            ));
        }
    }
    None
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
