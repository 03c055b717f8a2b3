//! `crosswalk(from:, to:)`: one standard read against another, page by page.

use std::sync::Arc;

use async_graphql::Object;

use super::objects::MappingConnection;
use super::objects::{MappingNode, StandardNode};
use crate::analysis::crosswalk::Crosswalk;
use crate::model::{Dataset, StandardIdx};

/// Every mapping between two standards, oriented from `from` to `to`, with coverage figures.
pub struct CrosswalkNode {
    pub(super) data: Arc<Dataset>,
    pub(super) from: StandardIdx,
    pub(super) to: StandardIdx,
    pub(super) crosswalk: Crosswalk,
    pub(super) page: super::connection::Page,
}

/// Every mapping between two standards, oriented from `from` to `to`, with coverage figures.
#[Object(name = "Crosswalk")]
impl CrosswalkNode {
    /// The standard the mappings are read from (their `source`).
    async fn from(&self) -> StandardNode {
        StandardNode::new(&self.data, self.from)
    }

    /// The standard the mappings lead to (their `target`).
    async fn to(&self) -> StandardNode {
        StandardNode::new(&self.data, self.to)
    }

    /// The mappings that pass the filters, in stored order, a page at a time.
    async fn mappings(&self) -> MappingConnection {
        let items = self
            .crosswalk
            .mappings
            .iter()
            .map(|m| MappingNode::new(&self.data, *m))
            .collect();
        MappingConnection::page(items, self.page)
    }

    /// Share (0 to 1) of the `from` standard's requirement-carrying clauses (all clauses for guidance) with at least one link to `to` other than NOT_RELATED. Ignores the filters.
    async fn source_coverage(&self) -> f64 {
        self.crosswalk.source_coverage
    }

    /// Share (0 to 1) of the `to` standard's requirement-carrying clauses (all clauses for guidance) with at least one link to `from` other than NOT_RELATED. Ignores the filters.
    async fn target_coverage(&self) -> f64 {
        self.crosswalk.target_coverage
    }
}
