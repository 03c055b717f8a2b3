//! GraphQL wrappers of the analyses: coverage, derived crosswalks, transition plans,
//! integrated views.

use std::sync::Arc;

use async_graphql::{Enum, InputObject, Object, SimpleObject};

use super::enums;
use super::objects::{ClauseNode, MappingNode, StandardNode};
use crate::analysis::{coverage, derive, integrated, plan};
use crate::model::{Dataset, StandardIdx};

/// How well a clause is covered by the standards an organisation already meets.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverageLevel {
    /// Meeting the sources meets every requirement of the clause (and of all its sub-clauses).
    Full,
    /// The sources meet some of its requirements.
    Partial,
    /// Nothing in the sources meets its requirements.
    None,
}

impl From<coverage::CoverageLevel> for CoverageLevel {
    fn from(level: coverage::CoverageLevel) -> Self {
        match level {
            coverage::CoverageLevel::Full => CoverageLevel::Full,
            coverage::CoverageLevel::Partial => CoverageLevel::Partial,
            coverage::CoverageLevel::None => CoverageLevel::None,
        }
    }
}

/// How much of a target standard a set of source standards covers, clause by clause.
pub struct CoverageReportNode {
    pub(super) data: Arc<Dataset>,
    pub(super) target: StandardIdx,
    pub(super) sources: Vec<StandardIdx>,
    pub(super) report: coverage::CoverageReport,
}

/// How much of a target standard a set of source standards covers, clause by clause.
#[Object(name = "CoverageReport")]
impl CoverageReportNode {
    /// The standard whose coverage is measured.
    async fn target(&self) -> StandardNode {
        StandardNode::new(&self.data, self.target)
    }

    /// The standards the organisation already meets.
    async fn sources(&self) -> Vec<StandardNode> {
        self.sources
            .iter()
            .map(|s| StandardNode::new(&self.data, *s))
            .collect()
    }

    /// Requirement-carrying clauses of the target fully covered.
    async fn full(&self) -> usize {
        self.report.full
    }

    /// Requirement-carrying clauses of the target partly covered.
    async fn partial(&self) -> usize {
        self.report.partial
    }

    /// Requirement-carrying clauses of the target not covered at all.
    async fn none(&self) -> usize {
        self.report.none
    }

    /// FULL clauses as a share (0 to 1) of the target's requirement-carrying clauses.
    async fn ratio(&self) -> f64 {
        self.report.ratio()
    }

    /// Every clause of the target in document order, with its level and the mappings behind it.
    #[graphql(complexity = "200 * child_complexity")]
    async fn clauses(
        &self,
        #[graphql(desc = "Only clauses at these levels.")] levels: Option<Vec<CoverageLevel>>,
    ) -> Vec<ClauseCoverageNode> {
        self.report
            .clauses
            .iter()
            .filter(|c| levels.as_ref().is_none_or(|l| l.contains(&c.level.into())))
            .map(|c| ClauseCoverageNode {
                data: Arc::clone(&self.data),
                coverage: c.clone(),
            })
            .collect()
    }
}

/// One target clause's coverage.
pub struct ClauseCoverageNode {
    data: Arc<Dataset>,
    coverage: coverage::ClauseCoverage,
}

/// One target clause's coverage.
#[Object(name = "ClauseCoverage")]
impl ClauseCoverageNode {
    /// The target clause.
    async fn clause(&self) -> ClauseNode {
        ClauseNode::new(&self.data, self.coverage.clause)
    }

    /// How well it is covered (a parent is FULL only when all its sub-clauses are).
    async fn level(&self) -> CoverageLevel {
        self.coverage.level.into()
    }

    /// The mappings to the sources that justify the level, read from the target clause (for a clause covered through its parent, the parent's mappings).
    async fn via(&self) -> Vec<MappingNode> {
        self.coverage
            .via
            .iter()
            .map(|m| MappingNode::new(&self.data, *m))
            .collect()
    }

    /// Why a clause is not covered, where we know: the `NOT_RELATED` rows that record it was checked against the sources and nothing corresponds (the note says why). Empty when no crosswalk assessed the clause, so `NONE` with no checked absence means "not assessed", not "checked and absent".
    async fn checked_absences(&self) -> Vec<MappingNode> {
        self.coverage
            .checked_absences
            .iter()
            .map(|m| MappingNode::new(&self.data, *m))
            .collect()
    }
}

/// Mappings derived by chaining crosswalks through intermediate standards.
pub struct DerivedCrosswalkNode {
    pub(super) data: Arc<Dataset>,
    pub(super) from: StandardIdx,
    pub(super) via: Vec<StandardIdx>,
    pub(super) to: StandardIdx,
    pub(super) mappings: Vec<derive::DerivedMapping>,
}

/// Mappings derived by chaining crosswalks through intermediate standards.
#[Object(name = "DerivedCrosswalk")]
impl DerivedCrosswalkNode {
    /// Where the paths start.
    async fn from(&self) -> StandardNode {
        StandardNode::new(&self.data, self.from)
    }

    /// The standards the paths pass through, in order.
    async fn via(&self) -> Vec<StandardNode> {
        self.via
            .iter()
            .map(|s| StandardNode::new(&self.data, *s))
            .collect()
    }

    /// Where the paths end.
    async fn to(&self) -> StandardNode {
        StandardNode::new(&self.data, self.to)
    }

    /// One derived mapping per path, by source then target clause.
    #[graphql(complexity = "200 * child_complexity")]
    async fn mappings(
        &self,
        #[graphql(desc = "Include paths whose composition is indeterminate (default true).")]
        include_indeterminate: Option<bool>,
    ) -> Vec<DerivedMappingNode> {
        let include = include_indeterminate.unwrap_or(true);
        self.mappings
            .iter()
            .filter(|m| include || m.relationship.is_some())
            .map(|m| DerivedMappingNode {
                data: Arc::clone(&self.data),
                mapping: m.clone(),
            })
            .collect()
    }
}

/// A mapping derived along a path of stored mappings.
pub struct DerivedMappingNode {
    data: Arc<Dataset>,
    mapping: derive::DerivedMapping,
}

/// A mapping derived along a path of stored mappings.
#[Object(name = "DerivedMapping")]
impl DerivedMappingNode {
    /// The clause the path starts from.
    async fn source(&self) -> ClauseNode {
        ClauseNode::new(&self.data, self.mapping.source)
    }

    /// The clause the path ends at.
    async fn target(&self) -> ClauseNode {
        ClauseNode::new(&self.data, self.mapping.target)
    }

    /// The strongest relationship that always holds along the path; null when indeterminate. A derived INTERSECTS_WITH claims only that the two overlap.
    async fn relationship(&self) -> Option<enums::Relationship> {
        self.mapping.relationship.map(Into::into)
    }

    /// Whether the composition along the path is indeterminate.
    async fn indeterminate(&self) -> bool {
        self.mapping.relationship.is_none()
    }

    /// The weakest strength along the path.
    async fn strength(&self) -> u8 {
        self.mapping.strength
    }

    /// The stored mappings the path is built from, each read along the path.
    async fn path(&self) -> Vec<MappingNode> {
        self.mapping
            .path
            .iter()
            .map(|m| MappingNode::new(&self.data, *m))
            .collect()
    }
}

/// How far along a control is.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ControlStatus {
    /// In place and working: it can carry a clause in full.
    #[default]
    Implemented,
    /// Partly in place: it covers at most part of a clause.
    Partial,
    /// Decided but not in place: it covers at most part of a clause.
    Planned,
}

impl From<ControlStatus> for plan::ControlStatus {
    fn from(status: ControlStatus) -> Self {
        match status {
            ControlStatus::Implemented => plan::ControlStatus::Implemented,
            ControlStatus::Partial => plan::ControlStatus::Partial,
            ControlStatus::Planned => plan::ControlStatus::Planned,
        }
    }
}

/// One control of the organisation's inventory.
#[derive(InputObject, Debug, Clone)]
pub struct ControlInput {
    /// The organisation's own id for the control (unique in the inventory).
    pub id: String,
    /// A human title.
    pub title: Option<String>,
    /// Clauses the control satisfies: refs in the `from` edition (`8.5.1`) or full clause ids of any standard (`iso-iec-27001-2022:A.8.32`), resolved through the crosswalks (directly, or composed through one other standard). A clause stands for its sub-clauses too.
    pub clauses: Vec<String>,
    /// How far along the control is (default IMPLEMENTED).
    pub status: Option<ControlStatus>,
}

/// What to plan: from which edition to which, with which controls.
#[derive(InputObject, Debug, Clone)]
pub struct TransitionPlanInput {
    /// The edition the controls are mapped to, e.g. `iso-iec-20000-1-2018`.
    pub from: async_graphql::ID,
    /// The edition to move to, e.g. `iso-iec-20000-1-next`.
    pub to: async_graphql::ID,
    /// The organisation's controls (at most 5,000).
    pub controls: Vec<ControlInput>,
}

impl ControlInput {
    pub fn into_control(self) -> plan::Control {
        plan::Control {
            id: self.id,
            title: self.title,
            clauses: self.clauses,
            status: self.status.unwrap_or_default().into(),
        }
    }
}

/// A problem with one input value; the rest of the answer is still computed.
#[derive(SimpleObject, Debug, Clone)]
pub struct UserError {
    /// Path to the input value, e.g. `["controls", "3", "clauses", "0"]`.
    pub field: Vec<String>,
    /// What is wrong, in words.
    pub message: String,
}

/// The answer to `transitionPlan`: the plan and any problems found in the input.
pub struct TransitionPlanPayload {
    pub(super) data: Arc<Dataset>,
    pub(super) plan: Option<Arc<plan::TransitionPlan>>,
    pub(super) user_errors: Vec<UserError>,
}

/// The answer to `transitionPlan`: the plan and any problems found in the input.
#[Object]
impl TransitionPlanPayload {
    /// The plan, computed for every input value that could be read.
    async fn plan(&self) -> Option<TransitionPlanNode> {
        self.plan.as_ref().map(|p| TransitionPlanNode {
            data: Arc::clone(&self.data),
            plan: Arc::clone(p),
        })
    }

    /// Problems in the input (unknown clauses, duplicate control ids, ...).
    async fn user_errors(&self) -> &[UserError] {
        &self.user_errors
    }
}

/// What to do, clause by clause, to move from one edition to the next.
pub struct TransitionPlanNode {
    data: Arc<Dataset>,
    plan: Arc<plan::TransitionPlan>,
}

/// Counts of the plan's actions and how ready the organisation is.
#[derive(SimpleObject, Debug, Clone)]
pub struct TransitionSummary {
    /// Items whose controls carry over as they are.
    pub carry_over: usize,
    /// Items whose controls must be reviewed against changed requirements.
    pub review: usize,
    /// Items with no reusable control.
    pub implement: usize,
    /// Removed clauses whose controls can be retired.
    pub retire: usize,
    /// (carryOver + ½ review) / (carryOver + review + implement), 0 to 1.
    pub readiness: f64,
}

/// What to do, clause by clause, to move from one edition to the next.
#[Object(name = "TransitionPlan")]
impl TransitionPlanNode {
    /// The edition the controls are mapped to.
    async fn from(&self) -> StandardNode {
        StandardNode::new(&self.data, self.plan.from)
    }

    /// The edition to move to.
    async fn to(&self) -> StandardNode {
        StandardNode::new(&self.data, self.plan.to)
    }

    /// Counts and readiness.
    async fn summary(&self) -> TransitionSummary {
        let s = self.plan.summary;
        TransitionSummary {
            carry_over: s.carry_over,
            review: s.review,
            implement: s.implement,
            retire: s.retire,
            readiness: s.readiness,
        }
    }

    /// One item per requirement-carrying clause of `to` (document order), then one RETIRE item per clause of `from` the transition removes.
    #[graphql(complexity = "200 * child_complexity")]
    async fn items(
        &self,
        #[graphql(desc = "Only items with these actions.")] actions: Option<Vec<TransitionAction>>,
    ) -> Vec<TransitionItemNode> {
        self.plan
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| {
                actions
                    .as_ref()
                    .is_none_or(|a| a.contains(&i.action.into()))
            })
            .map(|(index, _)| TransitionItemNode {
                data: Arc::clone(&self.data),
                plan: Arc::clone(&self.plan),
                index,
            })
            .collect()
    }
}

/// What to do about a clause.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionAction {
    /// Existing controls carry the clause as they are.
    CarryOver,
    /// Existing controls can be reused but must be checked against changed or wider requirements.
    Review,
    /// Nothing existing covers the clause: implement it.
    Implement,
    /// The clause is gone: the controls serving it can be retired or re-mapped.
    Retire,
}

impl From<plan::Action> for TransitionAction {
    fn from(action: plan::Action) -> Self {
        match action {
            plan::Action::CarryOver => TransitionAction::CarryOver,
            plan::Action::Review => TransitionAction::Review,
            plan::Action::Implement => TransitionAction::Implement,
            plan::Action::Retire => TransitionAction::Retire,
        }
    }
}

/// One line of a transition plan.
pub struct TransitionItemNode {
    data: Arc<Dataset>,
    plan: Arc<plan::TransitionPlan>,
    index: usize,
}

impl TransitionItemNode {
    fn item(&self) -> &plan::TransitionItem {
        &self.plan.items[self.index]
    }
}

/// One line of a transition plan.
#[Object(name = "TransitionItem")]
impl TransitionItemNode {
    /// A clause of the new edition (for RETIRE, the removed clause of the old one).
    async fn clause(&self) -> ClauseNode {
        ClauseNode::new(&self.data, self.item().clause)
    }

    /// What to do.
    async fn action(&self) -> TransitionAction {
        self.item().action.into()
    }

    /// How the clause changed from the old edition (the most significant change when several rows apply).
    async fn change(&self) -> Option<enums::Change> {
        self.item().change.map(Into::into)
    }

    /// The clauses of the old edition it comes from.
    async fn predecessors(&self) -> Vec<ClauseNode> {
        self.item()
            .predecessors
            .iter()
            .map(|c| ClauseNode::new(&self.data, *c))
            .collect()
    }

    /// Ids of the input controls that can be reused for it (for RETIRE: that served the removed clause).
    async fn reusable_controls(&self) -> Vec<&str> {
        self.plan.reusable_ids(self.item()).collect()
    }

    /// Whether the clause or its transition is a projection not confirmed by a published text.
    async fn provisional(&self) -> bool {
        self.item().provisional
    }

    /// Why this action, in words, with the note of the transition row.
    async fn rationale(&self) -> &str {
        &self.item().rationale
    }

    /// Guidance (e.g. ISO/IEC TS 20000-16 sustainability topics) that supports the clause.
    async fn guidance(&self) -> Vec<ClauseNode> {
        self.item()
            .guidance
            .iter()
            .map(|c| ClauseNode::new(&self.data, *c))
            .collect()
    }

    /// The transition rows the item rests on, read from this clause.
    async fn transition_mappings(&self) -> Vec<MappingNode> {
        self.item()
            .transition_mappings
            .iter()
            .map(|m| MappingNode::new(&self.data, *m))
            .collect()
    }
}

/// The standards side by side, anchored on the harmonized structure.
pub struct IntegratedViewNode {
    pub(super) data: Arc<Dataset>,
    pub(super) view: integrated::IntegratedView,
}

/// The standards side by side, anchored on the harmonized structure.
#[Object(name = "IntegratedView")]
impl IntegratedViewNode {
    /// The chosen standards, in the order asked for (the order of every row's cells).
    async fn standards(&self) -> Vec<StandardNode> {
        self.view
            .standards
            .iter()
            .map(|s| StandardNode::new(&self.data, *s))
            .collect()
    }

    /// One row per harmonized-structure clause, then one per discipline-specific requirement clause.
    #[graphql(complexity = "200 * child_complexity")]
    async fn rows(&self) -> Vec<IntegratedRowNode> {
        self.view
            .rows
            .iter()
            .map(|r| IntegratedRowNode {
                data: Arc::clone(&self.data),
                row: r.clone(),
            })
            .collect()
    }

    /// Chosen standards with no mapping set to the harmonized structure (their hub cells are empty).
    async fn without_hub_mapping(&self) -> Vec<StandardNode> {
        self.view
            .without_hub_mapping
            .iter()
            .map(|s| StandardNode::new(&self.data, *s))
            .collect()
    }
}

/// One row of an integrated view.
pub struct IntegratedRowNode {
    data: Arc<Dataset>,
    row: integrated::IntegratedRow,
}

/// One row of an integrated view.
#[Object(name = "IntegratedRow")]
impl IntegratedRowNode {
    /// The harmonized-structure clause; null on a discipline-specific row.
    async fn hub(&self) -> Option<ClauseNode> {
        self.row.hub.map(|c| ClauseNode::new(&self.data, c))
    }

    /// One cell per chosen standard, in the order asked for.
    async fn cells(&self) -> Vec<IntegratedCellNode> {
        self.row
            .cells
            .iter()
            .map(|(s, c)| IntegratedCellNode {
                data: Arc::clone(&self.data),
                standard: *s,
                clauses: c.clone(),
            })
            .collect()
    }
}

/// The clauses of one standard on one row.
pub struct IntegratedCellNode {
    data: Arc<Dataset>,
    standard: StandardIdx,
    clauses: Vec<crate::model::ClauseIdx>,
}

/// The clauses of one standard on one row.
#[Object(name = "IntegratedCell")]
impl IntegratedCellNode {
    /// The standard.
    async fn standard(&self) -> StandardNode {
        StandardNode::new(&self.data, self.standard)
    }

    /// Its clauses on this row (empty when it has none).
    async fn clauses(&self) -> Vec<ClauseNode> {
        self.clauses
            .iter()
            .map(|c| ClauseNode::new(&self.data, *c))
            .collect()
    }
}

/// One transition of an integrated plan.
#[derive(InputObject, Debug, Clone)]
pub struct TransitionInput {
    /// The edition the controls are mapped to, e.g. `iso-14001-2015`.
    pub from: async_graphql::ID,
    /// The edition to move to, e.g. `iso-14001-2026`.
    pub to: async_graphql::ID,
}

/// What to plan for an integrated management system: one inventory, several transitions.
#[derive(InputObject, Debug, Clone)]
pub struct IntegratedTransitionPlanInput {
    /// The organisation's controls (at most 5,000); `clauses` must be full clause ids
    /// (`iso-14001-2015:6.1.2`), since refs repeat across standards and editions.
    pub controls: Vec<ControlInput>,
    /// The transitions to plan. Default: every standard the controls name that a transition in
    /// the dataset leads away from (20000-1:2018 to next, 14001:2015 to 2026, 9001:2015 to 2026, ...).
    pub transitions: Option<Vec<TransitionInput>>,
}

/// The answer to `integratedTransitionPlan`.
pub struct IntegratedTransitionPlanPayload {
    pub(super) plan: Option<IntegratedPlanNode>,
    pub(super) user_errors: Vec<UserError>,
}

/// The answer to `integratedTransitionPlan`: the plans and any problems found in the input.
#[Object]
impl IntegratedTransitionPlanPayload {
    /// The plans, computed for every input value that could be read.
    async fn plan(&self) -> Option<&IntegratedPlanNode> {
        self.plan.as_ref()
    }

    /// Problems in the input (bare refs, clauses that carry into none of the transitions, ...).
    async fn user_errors(&self) -> &[UserError] {
        &self.user_errors
    }
}

/// Several transition plans for one inventory and what they have in common.
pub struct IntegratedPlanNode {
    pub(super) data: Arc<Dataset>,
    pub(super) plans: Vec<Arc<plan::TransitionPlan>>,
    pub(super) shared_controls: Vec<crate::analysis::integrated_plan::SharedControl>,
    pub(super) shared_requirements: Vec<crate::analysis::integrated_plan::SharedRequirement>,
}

impl IntegratedPlanNode {
    pub(super) fn new(
        data: Arc<Dataset>,
        plan: crate::analysis::integrated_plan::IntegratedPlan,
    ) -> Self {
        IntegratedPlanNode {
            data,
            plans: plan.plans.into_iter().map(Arc::new).collect(),
            shared_controls: plan.shared_controls,
            shared_requirements: plan.shared_requirements,
        }
    }

    fn item(&self, (p, k): crate::analysis::integrated_plan::ItemRef) -> PlannedItem {
        PlannedItem {
            data: Arc::clone(&self.data),
            plan: Arc::clone(&self.plans[p]),
            index: k,
        }
    }
}

/// Several transition plans for one inventory and what they have in common.
#[Object(name = "IntegratedTransitionPlan")]
impl IntegratedPlanNode {
    /// One plan per transition, in the order asked for (or in which the inventory first names
    /// each standard).
    async fn plans(&self) -> Vec<TransitionPlanNode> {
        self.plans
            .iter()
            .map(|plan| TransitionPlanNode {
                data: Arc::clone(&self.data),
                plan: Arc::clone(plan),
            })
            .collect()
    }

    /// New or changed requirements of two or more transitions that correspond to one
    /// harmonized-structure clause: one control, designed once, could meet them all.
    async fn shared_requirements(&self) -> Vec<SharedRequirementNode> {
        self.shared_requirements
            .iter()
            .map(|shared| SharedRequirementNode {
                hub: ClauseNode::new(&self.data, shared.hub),
                items: shared.items.iter().map(|i| self.item(*i)).collect(),
            })
            .collect()
    }

    /// Controls reusable in two or more of the transitions.
    async fn shared_controls(&self) -> Vec<SharedControlNode> {
        self.shared_controls
            .iter()
            .map(|shared| SharedControlNode {
                control: self.plans[0].control_id(shared.control).to_string(),
                items: shared.items.iter().map(|i| self.item(*i)).collect(),
            })
            .collect()
    }
}

/// A requirement several transitions add or change, on one harmonized-structure clause.
#[derive(SimpleObject)]
#[graphql(name = "SharedRequirement")]
pub struct SharedRequirementNode {
    /// The harmonized-structure clause the requirements correspond to.
    hub: ClauseNode,
    /// The plan items, one or more per transition.
    items: Vec<PlannedItem>,
}

/// A control that serves several transitions.
#[derive(SimpleObject)]
#[graphql(name = "SharedControl")]
pub struct SharedControlNode {
    /// The control's id in the inventory.
    control: String,
    /// The plan items it is reusable for.
    items: Vec<PlannedItem>,
}

/// An item of one of the plans, with the transition it belongs to.
pub struct PlannedItem {
    data: Arc<Dataset>,
    plan: Arc<plan::TransitionPlan>,
    index: usize,
}

/// An item of one of the plans, with the transition it belongs to.
#[Object]
impl PlannedItem {
    /// The edition the plan starts from.
    async fn from(&self) -> StandardNode {
        StandardNode::new(&self.data, self.plan.from)
    }

    /// The edition the plan moves to.
    async fn to(&self) -> StandardNode {
        StandardNode::new(&self.data, self.plan.to)
    }

    /// The item.
    async fn item(&self) -> TransitionItemNode {
        TransitionItemNode {
            data: Arc::clone(&self.data),
            plan: Arc::clone(&self.plan),
            index: self.index,
        }
    }
}
