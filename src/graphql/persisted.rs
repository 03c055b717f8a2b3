//! Persisted queries (the Apollo protocol): a client sends a query's SHA-256 in
//! `extensions.persistedQuery` instead of its text, and the text once when the server does not
//! know the hash yet (`PERSISTED_QUERY_NOT_FOUND`). Applied before execution rather than as an
//! async-graphql extension, which would put every field's resolution through an extension chain
//! (a fifth of the cost of a query). The store is bounded, and never keeps a query that asks for
//! a transition plan: an organisation's inventory may be written into such a query's text, and
//! nothing of an inventory is stored on the server.

use std::sync::Arc;

use async_graphql::ServerError;
use sha2::{Digest, Sha256};

use super::error::set_code;
use crate::service::ErrorCode;

/// Most persisted queries kept; the least recently used go first.
pub const MAX_PERSISTED_QUERIES: usize = 4096;

/// The root fields whose answers carry an organisation's inventory. A query whose text names
/// one is never stored (a conservative test: the name may be in a comment, and then the query is
/// merely not stored). The text is what would be stored, so the test is on the text, before
/// execution: the mark resolvers set when they read an inventory (`CarriesInventory`) would miss
/// a plan field that is skipped (`@skip`) or never reached, whose text still holds the controls.
pub const INVENTORY_FIELDS: &[&str] = &["transitionPlan", "integratedTransitionPlan"];

pub struct PersistedQueries {
    queries: quick_cache::sync::Cache<String, Arc<str>>,
}

impl Default for PersistedQueries {
    fn default() -> Self {
        PersistedQueries {
            queries: quick_cache::sync::Cache::new(MAX_PERSISTED_QUERIES),
        }
    }
}

fn refusal(code: ErrorCode, message: &str) -> ServerError {
    let mut error = ServerError::new(message, None);
    set_code(&mut error, code);
    error
}

impl PersistedQueries {
    /// Fills in the text of a request that names a persisted query, and keeps the text of one
    /// that sends both. A request without the extension is left alone.
    pub fn apply(&self, request: &mut async_graphql::Request) -> Result<(), ServerError> {
        let Some(extension) = request.extensions.get("persistedQuery") else {
            return Ok(());
        };
        let value = serde_json::to_value(extension).unwrap_or_default();
        let (Some(1), Some(hash)) = (value["version"].as_i64(), value["sha256Hash"].as_str())
        else {
            return Err(refusal(
                ErrorCode::BadRequest,
                "`extensions.persistedQuery` must be {\"version\": 1, \"sha256Hash\": \"...\"}",
            ));
        };
        let hash = hash.to_ascii_lowercase();
        if request.query.is_empty() {
            let text = self.queries.get(&hash).ok_or_else(|| {
                refusal(ErrorCode::PersistedQueryNotFound, "PersistedQueryNotFound")
            })?;
            request.query = text.to_string();
            return Ok(());
        }
        let actual = Sha256::digest(request.query.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>();
        if actual != hash {
            return Err(refusal(
                ErrorCode::BadRequest,
                "the persisted query's sha256Hash does not match its text",
            ));
        }
        if !INVENTORY_FIELDS
            .iter()
            .any(|field| request.query.contains(field))
        {
            self.queries.insert(hash, request.query.as_str().into());
        }
        Ok(())
    }
}
