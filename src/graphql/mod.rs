//! The GraphQL layer: wraps the core types for the API, runs requests and gives every error a
//! documented code. The only place that knows GraphQL.

mod analysis;
mod connection;
mod crosswalk;
mod enums;
pub mod error;
mod objects;
pub mod persisted;
mod query;

use async_graphql::{EmptyMutation, EmptySubscription, Schema};

pub use error::ErrorCode;
pub use query::Query;

use crate::service::{HeavyPool, Snapshot};

/// The schema type served by the API.
pub type ApiSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// Deepest nesting a query may have.
pub const MAX_DEPTH: usize = 16;
/// Largest computed complexity a query may have (each field costs 1; lists multiply).
pub const MAX_COMPLEXITY: usize = 20_000;

/// Builds the schema with its limits. The dataset is not part of the schema: each request
/// carries its own [`Snapshot`], so a reload never changes the data under a running request.
pub fn build_schema() -> ApiSchema {
    Schema::build(Query, EmptyMutation, EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_recursive_depth(32)
        .limit_directives(8)
        .finish()
}

/// The schema in SDL, sorted so the committed copy diffs cleanly.
pub fn sdl(schema: &ApiSchema) -> String {
    schema.sdl_with_options(
        async_graphql::SDLExportOptions::new()
            .sorted_fields()
            .sorted_arguments()
            .sorted_enum_items(),
    )
}

/// A request's answer and what the HTTP layer needs to know about it.
pub struct Executed {
    pub response: async_graphql::Response,
    /// The request was refused as a whole (parse, validation or limits).
    pub refused: bool,
    /// The answer carries an organisation's inventory (a transition plan): it must never be
    /// kept by any cache.
    pub carries_inventory: bool,
}

/// Set by the resolvers whose answers carry an organisation's inventory.
#[derive(Default)]
pub(crate) struct CarriesInventory(std::sync::atomic::AtomicBool);

impl CarriesInventory {
    pub(crate) fn mark(ctx: &async_graphql::Context<'_>) {
        if let Some(flag) = ctx.data_opt::<std::sync::Arc<CarriesInventory>>() {
            flag.0.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

/// Runs one request against a dataset snapshot and gives every error its code; heavy resolvers
/// (plans, derived crosswalks) run on `heavy`.
pub async fn execute(
    schema: &ApiSchema,
    persisted: &persisted::PersistedQueries,
    snapshot: Snapshot,
    heavy: HeavyPool,
    mut request: async_graphql::Request,
) -> Executed {
    if let Err(refusal) = persisted.apply(&mut request) {
        return Executed {
            response: async_graphql::Response::from_errors(vec![refusal]),
            refused: true,
            carries_inventory: false,
        };
    }
    let query = request.query.clone();
    let inventory = std::sync::Arc::new(CarriesInventory::default());
    let mut response = schema
        .execute(
            request
                .data(snapshot)
                .data(heavy)
                .data(std::sync::Arc::clone(&inventory)),
        )
        .await;
    let mut refused = false;
    if !response.errors.is_empty() {
        let parsed = async_graphql::parser::parse_query(&query);
        let parse_failed = parsed.is_err();
        let cycle = parsed
            .ok()
            .and_then(|document| error::fragment_cycle(&document));
        let mut codes: Vec<ErrorCode> = response
            .errors
            .iter_mut()
            .map(|error| error::classify(error, parse_failed))
            .collect();
        for (error, code) in response.errors.iter_mut().zip(codes.iter_mut()) {
            match code {
                // async-graphql expands fragments (and hits its recursion limit) before it
                // validates them, so a fragment cycle first looks like a query too deep; the
                // specification calls it invalid.
                ErrorCode::QueryTooDeep if cycle.is_some() => {
                    *code = ErrorCode::GraphqlValidationFailed;
                    error.message = cycle.clone().unwrap_or_default();
                    error::set_code(error, *code);
                }
                // A parse error quotes the whole offending line: keep the position and what
                // was expected, so a huge bad query does not get a huger answer.
                ErrorCode::GraphqlParseFailed => {
                    error.message = error::concise_parse_message(&error.message);
                }
                _ => {}
            }
        }
        refused = codes.iter().any(|code| code.is_request_error());
        if refused {
            // A request error voids the whole answer. Only variable values are checked during
            // execution (async-graphql reads them inside the resolvers), so other fields may
            // have added errors of their own; the request error is the one to report.
            let mut codes = codes.into_iter();
            response
                .errors
                .retain(|_| codes.next().is_some_and(ErrorCode::is_request_error));
        }
        // The same error reported twice (async-graphql does so for a mutation or subscription
        // on a schema without them) is said once.
        let mut seen = Vec::new();
        response.errors.retain(|error| {
            let key = (error.message.clone(), error.locations.clone());
            let new = !seen.contains(&key);
            if new {
                seen.push(key);
            }
            new
        });
    }
    Executed {
        response,
        refused,
        carries_inventory: inventory.0.load(std::sync::atomic::Ordering::Relaxed),
    }
}
