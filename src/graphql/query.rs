//! The root `Query` type.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, SimpleObject};

use super::connection::Page;
use super::crosswalk::CrosswalkNode;
use super::enums;
use super::error::{invalid_argument, not_found};
use super::objects::{ClauseNode, MappingSetNode, Node, StandardNode, ThemeNode, node_by_id};
use crate::analysis::crosswalk::{CrosswalkFilter, crosswalk};
use crate::model::{Dataset, MappingSetIdx, StandardIdx};

/// Facts about the dataset being served.
#[derive(SimpleObject)]
pub struct DatasetInfo {
    /// Content version: the release plus a hash of every data file. Changes whenever the data does.
    pub version: String,
    /// When this process loaded the dataset (RFC 3339, UTC).
    pub loaded_at: String,
    /// Number of standards.
    pub standard_count: usize,
    /// Number of clauses across all standards.
    pub clause_count: usize,
    /// Number of mapping sets.
    pub mapping_set_count: usize,
    /// Number of mapping rows across all sets.
    pub mapping_count: usize,
}

/// The dataset handle and its load time, put into every request's context.
#[derive(Clone)]
pub struct Snapshot {
    pub dataset: Arc<Dataset>,
    pub loaded_at: String,
}

pub(super) fn snapshot<'a>(ctx: &'a Context<'_>) -> &'a Snapshot {
    ctx.data_unchecked::<Snapshot>()
}

pub(super) fn dataset<'a>(ctx: &'a Context<'_>) -> &'a Arc<Dataset> {
    &snapshot(ctx).dataset
}

/// Looks up a standard id given as an argument; unknown ids are a NOT_FOUND error.
pub(super) fn standard_arg(data: &Dataset, id: &str) -> async_graphql::Result<StandardIdx> {
    data.standard_by_id(id)
        .ok_or_else(|| not_found("standard", id))
}

/// Read-only entry points of the crosswalk API.
#[derive(Default)]
pub struct Query;

/// Read-only entry points of the crosswalk API.
#[Object]
impl Query {
    /// The dataset being served: version, load time and counts.
    async fn dataset(&self, ctx: &Context<'_>) -> DatasetInfo {
        let snapshot = snapshot(ctx);
        let data = &snapshot.dataset;
        DatasetInfo {
            version: data.version.clone(),
            loaded_at: snapshot.loaded_at.clone(),
            standard_count: data.standards.len(),
            clause_count: data.clauses.len(),
            mapping_set_count: data.mapping_sets.len(),
            mapping_count: data.mappings.len(),
        }
    }

    /// All standards, optionally filtered by kind and status, in dataset order.
    #[graphql(complexity = "10 * child_complexity")]
    async fn standards(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only standards of these kinds.")] kinds: Option<Vec<enums::StandardKind>>,
        #[graphql(desc = "Only standards with these statuses.")] statuses: Option<
            Vec<enums::EditionStatus>,
        >,
    ) -> Vec<StandardNode> {
        let data = dataset(ctx);
        data.standards
            .iter()
            .enumerate()
            .filter(|(_, s)| kinds.as_ref().is_none_or(|k| k.contains(&s.kind.into())))
            .filter(|(_, s)| {
                statuses
                    .as_ref()
                    .is_none_or(|st| st.contains(&s.status.into()))
            })
            .map(|(i, _)| StandardNode::new(data, StandardIdx(i as u32)))
            .collect()
    }

    /// One standard by id; null if there is none.
    async fn standard(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Standard id, e.g. `iso-iec-20000-1-2018`.")] id: ID,
    ) -> Option<StandardNode> {
        let data = dataset(ctx);
        data.standard_by_id(&id).map(|s| StandardNode::new(data, s))
    }

    /// One clause by standard and ref; null if there is none.
    async fn clause(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Standard id, e.g. `iso-iec-20000-1-2018`.")] standard: ID,
        #[graphql(
            name = "ref",
            desc = "The clause number as the standard writes it, e.g. `8.5.1.3` or `A.5.24`."
        )]
        reference: String,
    ) -> Option<ClauseNode> {
        let data = dataset(ctx);
        data.clause_by_ref(&standard, &reference)
            .map(|c| ClauseNode::new(data, c))
    }

    /// Any object with a global id (standard, clause or mapping set); null if there is none.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id.")] id: ID,
    ) -> Option<Node> {
        node_by_id(dataset(ctx), &id)
    }

    /// A clause and its predecessors and successors across editions (e.g. 2011 -> 2018 -> next),
    /// followed through edition-transition sets, oldest edition first.
    #[graphql(complexity = "10 * child_complexity")]
    async fn lineage(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Clause id, e.g. `iso-iec-20000-1-2018:9.3`.")] clause: ID,
    ) -> async_graphql::Result<Vec<ClauseNode>> {
        let data = dataset(ctx);
        let idx = data
            .clause_by_id(&clause)
            .ok_or_else(|| not_found("clause", &clause))?;
        Ok(crate::analysis::lineage::lineage(data, idx)
            .into_iter()
            .map(|c| ClauseNode::new(data, c))
            .collect())
    }

    /// The theme vocabulary.
    #[graphql(complexity = "10 * child_complexity")]
    async fn themes(&self, ctx: &Context<'_>) -> Vec<ThemeNode> {
        let data = dataset(ctx);
        data.themes
            .iter()
            .map(|t| ThemeNode {
                data: Arc::clone(data),
                id: t.id.clone(),
            })
            .collect()
    }

    /// One theme by id, with every clause across standards that bears on it; null if there is none.
    async fn theme(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Theme id, e.g. `sustainability`.")] id: ID,
    ) -> Option<ThemeNode> {
        let data = dataset(ctx);
        data.theme(&id).map(|t| ThemeNode {
            data: Arc::clone(data),
            id: t.id.clone(),
        })
    }

    /// Every mapping between two standards (stored in either direction), read from `from` to
    /// `to`, a page at a time (1 to 100 per page), with coverage figures for both sides.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "first.unwrap_or(50).clamp(1, 100) as usize * child_complexity")]
    async fn crosswalk(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Standard the mappings are read from, e.g. `iso-iec-20000-1-2018`.")] from: ID,
        #[graphql(desc = "Standard the mappings lead to, e.g. `iso-iec-27001-2022`.")] to: ID,
        #[graphql(desc = "Only these relationships (as read from `from`).")] relationships: Option<
            Vec<enums::Relationship>,
        >,
        #[graphql(desc = "Only mappings at least this strong (0 to 10).")] min_strength: Option<
            i32,
        >,
        #[graphql(desc = "Page size, 1 to 100 (default 50).")] first: Option<i32>,
        #[graphql(desc = "Cursor after which the page starts.")] after: Option<String>,
    ) -> async_graphql::Result<CrosswalkNode> {
        let data = dataset(ctx);
        let from_idx = standard_arg(data, &from)?;
        let to_idx = standard_arg(data, &to)?;
        if from_idx == to_idx {
            return Err(invalid_argument(
                "`from` and `to` must be different standards",
            ));
        }
        let min_strength = match min_strength {
            None => None,
            Some(s @ 0..=10) => Some(s as u8),
            Some(s) => {
                return Err(invalid_argument(format!(
                    "`minStrength` must be 0 to 10, got {s}"
                )));
            }
        };
        let page = Page::from_args(first, after.as_deref(), 50)?;
        let filter = CrosswalkFilter {
            relationships: relationships.map(|rs| rs.into_iter().map(Into::into).collect()),
            min_strength,
        };
        Ok(CrosswalkNode {
            data: Arc::clone(data),
            from: from_idx,
            to: to_idx,
            crosswalk: crosswalk(data, from_idx, to_idx, &filter),
            page,
        })
    }

    /// All mapping sets.
    #[graphql(complexity = "10 * child_complexity")]
    async fn mapping_sets(&self, ctx: &Context<'_>) -> Vec<MappingSetNode> {
        let data = dataset(ctx);
        (0..data.mapping_sets.len())
            .map(|i| MappingSetNode::new(data, MappingSetIdx(i as u32)))
            .collect()
    }
}
