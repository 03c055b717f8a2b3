//! The root `Query` type.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, SimpleObject};

use super::analysis::{
    ControlInput, CoverageReportNode, DerivedCrosswalkNode, IntegratedPlanNode,
    IntegratedTransitionPlanInput, IntegratedTransitionPlanPayload, IntegratedViewNode,
    TransitionPlanInput, TransitionPlanPayload, UserError,
};
use super::connection::Page;
use super::crosswalk::CrosswalkNode;
use super::enums;
use super::error::{invalid_argument, service_error};
use super::objects::ClauseConnection;
use super::objects::{ClauseNode, MappingSetNode, Node, StandardNode, ThemeNode, node_by_id};
use crate::analysis::coverage::coverage;
use crate::analysis::crosswalk::{CrosswalkFilter, crosswalk};
use crate::analysis::derive::derive;
use crate::analysis::integrated::integrated_view;
use crate::model::{Dataset, MappingSetIdx, StandardIdx};
use crate::service::inventory::{Inventory, Place};
use crate::service::{HeavyPool, Snapshot, resolve};

/// Facts about the dataset being served.
#[derive(SimpleObject)]
#[graphql(name = "Dataset")]
pub struct DatasetInfo {
    /// Content version: the release number plus a hash of every data file (`2+8c6d04ba466d`).
    /// Changes whenever the data does; cache keys are built on it.
    pub version: String,
    /// The release this data is (absent for data without releases, such as an unreleased overlay).
    pub release: Option<u32>,
    /// Every release of the dataset, oldest first; `datasetChanges(since:)` answers for each.
    pub releases: Vec<ReleaseInfo>,
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

/// A release of the dataset.
#[derive(SimpleObject)]
#[graphql(name = "Release")]
pub struct ReleaseInfo {
    /// Release number: 1, 2, ...
    pub number: u32,
    /// Release date (ISO 8601).
    pub date: String,
    /// What the release brought, in a line.
    pub title: String,
}

/// The keys of the records a change list is about.
#[derive(SimpleObject)]
pub struct RecordChanges {
    /// Keys of records that are new.
    pub added: Vec<String>,
    /// Keys of records that are gone.
    pub removed: Vec<String>,
    /// Keys of records whose content changed.
    pub changed: Vec<String>,
}

impl From<&crate::analysis::changes::RecordChanges> for RecordChanges {
    fn from(c: &crate::analysis::changes::RecordChanges) -> Self {
        RecordChanges {
            added: c.added.clone(),
            removed: c.removed.clone(),
            changed: c.changed.clone(),
        }
    }
}

/// What changed between a release and the data served, so that a tool that cached that release
/// knows what to re-read.
#[derive(SimpleObject)]
pub struct DatasetChanges {
    /// The release compared from.
    pub since: u32,
    /// The release served (its `dataset { version }` carries the content hash).
    pub release: u32,
    /// Standards, by id.
    pub standards: RecordChanges,
    /// Clauses, by clause id (`iso-14001-2026:6.3`).
    pub clauses: RecordChanges,
    /// Mapping rows, by `set|source ref|target ref` (a side is empty on a NEW or REMOVED row).
    pub mappings: RecordChanges,
}

pub(super) fn snapshot<'a>(ctx: &'a Context<'_>) -> &'a Snapshot {
    ctx.data_unchecked::<Snapshot>()
}

pub(super) fn dataset<'a>(ctx: &'a Context<'_>) -> &'a Arc<Dataset> {
    &snapshot(ctx).dataset
}

fn heavy<'a>(ctx: &'a Context<'_>) -> &'a HeavyPool {
    ctx.data_unchecked::<HeavyPool>()
}

/// Looks up a standard id given as an argument; unknown ids are a NOT_FOUND error.
fn standard_arg(data: &Dataset, id: &str) -> async_graphql::Result<StandardIdx> {
    resolve::standard(data, id).map_err(service_error)
}

/// Looks up a list of standard ids given as an argument; the first unknown one is NOT_FOUND.
fn standard_args(data: &Dataset, ids: &[ID]) -> async_graphql::Result<Vec<StandardIdx>> {
    resolve::standards(data, ids).map_err(service_error)
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
            release: data.release().map(|r| r.number),
            releases: data
                .releases
                .iter()
                .map(|r| ReleaseInfo {
                    number: r.number,
                    date: r.date.clone(),
                    title: r.title.clone(),
                })
                .collect(),
            loaded_at: snapshot.loaded_at.to_string(),
            standard_count: data.standards.len(),
            clause_count: data.clauses.len(),
            mapping_set_count: data.mapping_sets.len(),
            mapping_count: data.mappings.len(),
        }
    }

    /// The standards, clauses and mapping rows added, removed or changed since a release, so that
    /// a tool that cached that release knows what to re-read. NOT_FOUND for a release this
    /// dataset does not keep.
    async fn dataset_changes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The release the client has, e.g. 1.")] since: u32,
    ) -> async_graphql::Result<DatasetChanges> {
        let snapshot = snapshot(ctx);
        let changes = snapshot.changes_since(since).map_err(service_error)?;
        Ok(DatasetChanges {
            since,
            release: snapshot.dataset.release().map_or(0, |r| r.number),
            standards: (&changes.standards).into(),
            clauses: (&changes.clauses).into(),
            mappings: (&changes.mappings).into(),
        })
    }

    /// Every code an error's `extensions.code` can take (a refusal of the HTTP layer too), so
    /// that clients and code generators see them; the README says when each is given.
    async fn error_codes(&self) -> Vec<super::error::ErrorCodeDoc> {
        crate::service::ErrorCode::ALL
            .into_iter()
            .map(Into::into)
            .collect()
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
        // Unknown ids are null here (the contract): no refusal, so no message to make.
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
        let idx = resolve::clause(data, &clause).map_err(service_error)?;
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
        let (from_idx, to_idx) = resolve::standard_pair(data, &from, &to).map_err(service_error)?;
        let min_strength =
            resolve::min_strength(min_strength.map(i64::from)).map_err(service_error)?;
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

    /// Ranked clause search over refs, titles, summaries and themes, tolerant of typos and word
    /// forms ("incidents", "continuty plan"). Best match first.
    #[graphql(complexity = "first.unwrap_or(20).clamp(1, 100) as usize * child_complexity")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words to look for, or a clause ref such as `8.5.1` or `A.5.24`.")] query: String,
        #[graphql(desc = "Only clauses of these standards.")] standards: Option<Vec<ID>>,
        #[graphql(desc = "Page size, 1 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor after which the page starts.")] after: Option<String>,
    ) -> async_graphql::Result<ClauseConnection> {
        let snapshot = snapshot(ctx);
        let data = &snapshot.dataset;
        let only =
            resolve::search_scope(data, &query, standards.as_deref()).map_err(service_error)?;
        let page = Page::from_args(first, after.as_deref(), 20)?;
        let hits = snapshot.search.search(data, &query, only.as_deref());
        let items = hits
            .into_iter()
            .map(|h| ClauseNode::new(data, h.clause))
            .collect();
        Ok(ClauseConnection::page(items, page))
    }

    /// How much of `target` the `sources` cover, clause by clause: FULL, PARTIAL or NONE with the
    /// mappings that justify it (e.g. "we hold 27001 and 9001: how much of 20000-1 do we cover?").
    async fn coverage(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The standard to measure, e.g. `iso-iec-20000-1-2018`.")] target: ID,
        #[graphql(
            desc = "The standards already met, e.g. `[\"iso-iec-27001-2022\", \"iso-9001-2015\"]`."
        )]
        sources: Vec<ID>,
    ) -> async_graphql::Result<CoverageReportNode> {
        let data = dataset(ctx);
        let (target_idx, source_idx) =
            resolve::coverage_standards(data, &target, &sources).map_err(service_error)?;
        Ok(CoverageReportNode {
            data: Arc::clone(data),
            target: target_idx,
            report: coverage(data, target_idx, &source_idx),
            sources: source_idx,
        })
    }

    /// Mappings from `from` to `to` derived by chaining crosswalks through `via` (e.g. 27001 to
    /// 9001 via the harmonized structure), composed with the set-theory algebra; supportive links
    /// are never chained and indeterminate compositions are reported as such.
    async fn derived_crosswalk(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Standard the paths start from.")] from: ID,
        #[graphql(desc = "Standards the paths pass through, in order (1 to 3).")] via: Vec<ID>,
        #[graphql(desc = "Standard the paths end at.")] to: ID,
    ) -> async_graphql::Result<DerivedCrosswalkNode> {
        let data = dataset(ctx);
        let from_idx = standard_arg(data, &from)?;
        let to_idx = standard_arg(data, &to)?;
        if via.is_empty() || via.len() > 3 {
            return Err(invalid_argument("`via` must name 1 to 3 standards"));
        }
        let via_idx = standard_args(data, &via)?;
        let mappings = {
            let (data, via_idx) = (Arc::clone(data), via_idx.clone());
            heavy(ctx)
                .run(move || derive(&data, from_idx, &via_idx, to_idx))
                .await
        };
        Ok(DerivedCrosswalkNode {
            data: Arc::clone(data),
            from: from_idx,
            mappings,
            via: via_idx,
            to: to_idx,
        })
    }

    /// A transition plan for an organisation's controls from one edition to the next: for every
    /// requirement of the new edition, carry over, review or implement, with reasons and the
    /// sustainability guidance that applies. Problems in the inventory are `userErrors`; the plan
    /// is still computed for the rest.
    async fn transition_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The editions and the organisation's controls.")]
        input: TransitionPlanInput,
    ) -> async_graphql::Result<TransitionPlanPayload> {
        super::CarriesInventory::mark(ctx);
        let snapshot = snapshot(ctx).clone();
        let inventory = inventory_arg(input.controls)?;
        let (from, to) = (input.from.to_string(), input.to.to_string());
        let planned = heavy(ctx)
            .run({
                let snapshot = snapshot.clone();
                move || snapshot.plan(&from, &to, &inventory)
            })
            .await
            .map_err(service_error)?;
        Ok(TransitionPlanPayload {
            data: snapshot.dataset,
            plan: Some(Arc::new(planned.plan)),
            user_errors: user_errors(planned.problems),
        })
    }

    /// Transition plans for an integrated management system: one inventory whose controls name
    /// clauses of several standards (full clause ids), planned for several edition transitions at
    /// once (by default every standard named that has a newer edition), with the controls that
    /// serve several transitions and the new requirements one control could meet for all.
    async fn integrated_transition_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The organisation's controls and, optionally, the transitions.")]
        input: IntegratedTransitionPlanInput,
    ) -> async_graphql::Result<IntegratedTransitionPlanPayload> {
        super::CarriesInventory::mark(ctx);
        let snapshot = snapshot(ctx).clone();
        let inventory = inventory_arg(input.controls)?;
        let transitions: Vec<(String, String)> = input
            .transitions
            .unwrap_or_default()
            .into_iter()
            .map(|t| (t.from.to_string(), t.to.to_string()))
            .collect();
        let planned = heavy(ctx)
            .run({
                let snapshot = snapshot.clone();
                move || snapshot.integrated_plan(&transitions, &inventory)
            })
            .await
            .map_err(service_error)?;
        Ok(IntegratedTransitionPlanPayload {
            plan: Some(IntegratedPlanNode::new(snapshot.dataset, planned.plan)),
            user_errors: user_errors(planned.problems),
        })
    }

    /// The chosen standards side by side: one row per harmonized-structure clause with the
    /// matching clauses of each, then their discipline-specific requirement clauses.
    async fn integrated_view(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The standards to integrate, e.g. 20000-1, 27001 and 9001.")]
        standards: Vec<ID>,
    ) -> async_graphql::Result<IntegratedViewNode> {
        let data = dataset(ctx);
        let (hub, chosen) =
            resolve::integrated_standards(data, &standards).map_err(service_error)?;
        Ok(IntegratedViewNode {
            data: Arc::clone(data),
            view: integrated_view(data, hub, &chosen),
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

/// The controls of a plan's input, through the one front door for inventories.
fn inventory_arg(controls: Vec<ControlInput>) -> async_graphql::Result<Inventory> {
    Inventory::from_controls(
        controls
            .into_iter()
            .map(ControlInput::into_control)
            .collect(),
    )
    .map_err(|e| invalid_argument(e.to_string()))
}

/// The problems of an inventory as `userErrors`, each with its path into the input.
fn user_errors(problems: Vec<crate::service::inventory::Problem>) -> Vec<UserError> {
    problems
        .into_iter()
        .map(|problem| UserError {
            field: graphql_path(problem.place),
            message: problem.message,
        })
        .collect()
}

/// Where an inventory problem is, as a path into the `transitionPlan` input.
fn graphql_path(place: Place) -> Vec<String> {
    use crate::analysis::plan::ControlField;
    match place {
        Place::Inventory | Place::Line(_) => vec!["controls".to_string()],
        Place::Control { position, field } => {
            let mut path = vec!["controls".to_string(), position.to_string()];
            match field {
                ControlField::Id => path.push("id".to_string()),
                ControlField::Clauses => path.push("clauses".to_string()),
                ControlField::Clause(j) => {
                    path.push("clauses".to_string());
                    path.push(j.to_string());
                }
            }
            path
        }
    }
}
