//! Persisted queries (the Apollo protocol): a client sends a query's SHA-256 instead of its
//! text, and the text once when the server does not know the hash yet. The store is bounded, and
//! never keeps a query that asks for a transition plan: an organisation's inventory may be
//! written into such a query's text, and nothing of an inventory is stored on the server.

use std::sync::Arc;

use async_graphql::extensions::apollo_persisted_queries::CacheStorage;
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

/// Most persisted queries kept; the least recently used go first.
pub const MAX_PERSISTED_QUERIES: usize = 4096;

/// The root fields whose answers carry an organisation's inventory.
pub const INVENTORY_FIELDS: &[&str] = &["transitionPlan", "integratedTransitionPlan"];

#[derive(Clone)]
pub struct PersistedQueries {
    queries: Arc<quick_cache::sync::Cache<String, ExecutableDocument>>,
}

impl PersistedQueries {
    pub fn new() -> PersistedQueries {
        PersistedQueries {
            queries: Arc::new(quick_cache::sync::Cache::new(MAX_PERSISTED_QUERIES)),
        }
    }
}

impl Default for PersistedQueries {
    fn default() -> Self {
        PersistedQueries::new()
    }
}

#[async_trait::async_trait]
impl CacheStorage for PersistedQueries {
    async fn get(&self, key: String) -> Option<ExecutableDocument> {
        self.queries.get(&key)
    }

    async fn set(&self, key: String, query: ExecutableDocument) {
        if !asks_for_inventory(&query) {
            self.queries.insert(key, query);
        }
    }
}

/// Whether any operation or fragment of the document selects a field whose answer carries an
/// inventory.
pub fn asks_for_inventory(document: &ExecutableDocument) -> bool {
    fn selects(set: &SelectionSet) -> bool {
        set.items.iter().any(|selection| match &selection.node {
            Selection::Field(field) => {
                INVENTORY_FIELDS.contains(&field.node.name.node.as_str())
                    || selects(&field.node.selection_set.node)
            }
            Selection::FragmentSpread(_) => false,
            Selection::InlineFragment(inline) => selects(&inline.node.selection_set.node),
        })
    }
    document
        .operations
        .iter()
        .any(|(_, operation)| selects(&operation.node.selection_set.node))
        || document
            .fragments
            .values()
            .any(|fragment| selects(&fragment.node.selection_set.node))
}
