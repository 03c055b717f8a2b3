//! GraphQL object types. Each wraps a shared handle on the dataset plus an index; the dataset is
//! immutable, so a response is always computed against one consistent snapshot.

use std::sync::Arc;

use async_graphql::{ID, Interface, Object, SimpleObject};

use super::connection::{Page, connection};
use super::enums;
use super::error::service_error;
use crate::analysis;
use crate::model::{self, ClauseIdx, Dataset, MappingSetIdx, OrientedMapping, StandardIdx};

connection!(ClauseConnection, ClauseEdge, ClauseNode, "clause");
connection!(MappingConnection, MappingEdge, MappingNode, "mapping");

/// Anything with a stable, global id.
#[derive(Interface, Clone)]
#[graphql(field(
    name = "id",
    ty = "ID",
    desc = "Stable, human-readable id: a standard id (`iso-iec-20000-1-2018`), a clause id (`iso-iec-20000-1-2018:8.5.1.3`) or a mapping set id."
))]
pub enum Node {
    /// A standard.
    Standard(StandardNode),
    /// A clause.
    Clause(ClauseNode),
    /// A mapping set.
    MappingSet(MappingSetNode),
}

/// Resolves a global id to a node.
pub fn node_by_id(data: &Arc<Dataset>, id: &str) -> Option<Node> {
    use crate::service::resolve;
    if let Ok(idx) = resolve::clause(data, id) {
        return Some(Node::Clause(ClauseNode::new(data, idx)));
    }
    if let Ok(idx) = resolve::standard(data, id) {
        return Some(Node::Standard(StandardNode::new(data, idx)));
    }
    data.mapping_sets
        .iter()
        .position(|s| s.id == id)
        .map(|i| Node::MappingSet(MappingSetNode::new(data, MappingSetIdx(i as u32))))
}

/// An edition of a standard, guidance document, structure or framework.
#[derive(Clone)]
pub struct StandardNode {
    data: Arc<Dataset>,
    idx: StandardIdx,
}

impl StandardNode {
    pub fn new(data: &Arc<Dataset>, idx: StandardIdx) -> Self {
        StandardNode {
            data: Arc::clone(data),
            idx,
        }
    }

    fn get(&self) -> &model::Standard {
        self.data.standard(self.idx)
    }
}

/// An edition of a standard, guidance document, structure or framework.
#[Object(name = "Standard")]
impl StandardNode {
    /// Stable id, e.g. `iso-iec-20000-1-2018`.
    async fn id(&self) -> ID {
        ID(self.get().id.clone())
    }

    /// How the publisher designates it, e.g. `ISO/IEC 20000-1:2018`.
    async fn designation(&self) -> &str {
        &self.get().designation
    }

    /// The document title.
    async fn title(&self) -> &str {
        &self.get().title
    }

    /// Who publishes it.
    async fn publisher(&self) -> &str {
        &self.get().publisher
    }

    /// Year of publication; null for an anticipated edition.
    async fn year(&self) -> Option<u16> {
        self.get().year
    }

    /// What kind of document it is.
    async fn kind(&self) -> enums::StandardKind {
        self.get().kind.into()
    }

    /// Publication status.
    async fn status(&self) -> enums::EditionStatus {
        self.get().status.into()
    }

    /// For an edition not yet published, the ISO stage its draft has reached (e.g. FDIS).
    async fn stage(&self) -> Option<enums::Stage> {
        self.get().stage.map(Into::into)
    }

    /// When the accreditation body ends certification to this edition (ISO 8601 date), where one
    /// is public.
    async fn transition_ends(&self) -> Option<&str> {
        self.get().transition_ends.as_deref()
    }

    /// The edition this one replaces.
    async fn supersedes(&self) -> Option<StandardNode> {
        self.get()
            .supersedes
            .map(|s| StandardNode::new(&self.data, s))
    }

    /// The editions that replace this one.
    #[graphql(complexity = "10 * child_complexity")]
    async fn superseded_by(&self) -> Vec<StandardNode> {
        self.data
            .standards
            .iter()
            .enumerate()
            .filter(|(_, s)| s.supersedes == Some(self.idx))
            .map(|(i, _)| StandardNode::new(&self.data, StandardIdx(i as u32)))
            .collect()
    }

    /// A note on the edition, in our own words.
    async fn note(&self) -> Option<&str> {
        self.get().note.as_deref()
    }

    /// Amendments of this edition (e.g. Amd 1:2024 climate action changes).
    #[graphql(complexity = "10 * child_complexity")]
    async fn amendments(&self) -> Vec<AmendmentNode> {
        (0..self.get().amendments.len())
            .map(|position| AmendmentNode {
                data: Arc::clone(&self.data),
                standard: self.idx,
                position,
            })
            .collect()
    }

    /// All clauses in document order, a page at a time.
    #[graphql(complexity = "first.unwrap_or(100).clamp(1, 100) as usize * child_complexity")]
    async fn clauses(
        &self,
        #[graphql(desc = "Page size, 1 to 100 (default 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor after which the page starts.")] after: Option<String>,
    ) -> async_graphql::Result<ClauseConnection> {
        let page = Page::from_args(first, after.as_deref(), 100)?;
        let items = self
            .get()
            .clauses
            .iter()
            .map(|c| ClauseNode::new(&self.data, *c))
            .collect();
        Ok(ClauseConnection::page(items, page))
    }

    /// The top-level clauses in document order; follow `children` for the tree.
    #[graphql(complexity = "10 * child_complexity")]
    async fn top_level_clauses(&self) -> Vec<ClauseNode> {
        self.get()
            .roots
            .iter()
            .map(|c| ClauseNode::new(&self.data, *c))
            .collect()
    }

    /// The number of clauses.
    async fn clause_count(&self) -> usize {
        self.get().clauses.len()
    }

    /// The mapping sets this standard takes part in, on either side.
    #[graphql(complexity = "10 * child_complexity")]
    async fn mapping_sets(&self) -> Vec<MappingSetNode> {
        self.data
            .mapping_sets
            .iter()
            .enumerate()
            .filter(|(_, s)| s.source == self.idx || s.target == self.idx)
            .map(|(i, _)| MappingSetNode::new(&self.data, MappingSetIdx(i as u32)))
            .collect()
    }
}

/// An amendment of an edition: an annotation on it and on the clauses it changes.
#[derive(Clone)]
pub struct AmendmentNode {
    data: Arc<Dataset>,
    standard: StandardIdx,
    position: usize,
}

impl AmendmentNode {
    fn get(&self) -> &model::Amendment {
        &self.data.standard(self.standard).amendments[self.position]
    }
}

/// An amendment of an edition: an annotation on it and on the clauses it changes.
#[Object(name = "Amendment")]
impl AmendmentNode {
    /// How the publisher designates it, e.g. `ISO/IEC 20000-1:2018/Amd 1:2024`.
    async fn designation(&self) -> &str {
        &self.get().designation
    }

    /// Its title, e.g. `Climate action changes`.
    async fn title(&self) -> &str {
        &self.get().title
    }

    /// Year of publication.
    async fn year(&self) -> u16 {
        self.get().year
    }

    /// What it changes, in our own words.
    async fn note(&self) -> &str {
        &self.get().note
    }

    /// The clauses it changes.
    async fn clauses(&self) -> Vec<ClauseNode> {
        self.get()
            .clauses
            .iter()
            .map(|c| ClauseNode::new(&self.data, *c))
            .collect()
    }
}

/// A numbered clause, annex control, practice or guidance topic of a standard.
#[derive(Clone)]
pub struct ClauseNode {
    data: Arc<Dataset>,
    idx: ClauseIdx,
}

impl ClauseNode {
    pub fn new(data: &Arc<Dataset>, idx: ClauseIdx) -> Self {
        ClauseNode {
            data: Arc::clone(data),
            idx,
        }
    }

    fn get(&self) -> &model::Clause {
        self.data.clause(self.idx)
    }

    fn nodes(&self, clauses: impl IntoIterator<Item = ClauseIdx>) -> Vec<ClauseNode> {
        clauses
            .into_iter()
            .map(|c| ClauseNode::new(&self.data, c))
            .collect()
    }
}

/// A numbered clause, annex control, practice or guidance topic of a standard.
#[Object(name = "Clause")]
impl ClauseNode {
    /// Stable id: `<standard id>:<ref>`, e.g. `iso-iec-20000-1-2018:8.5.1.3`.
    async fn id(&self) -> ID {
        ID(self.get().id.clone())
    }

    /// The number as the standard writes it (`8.5.1.3`, `A.5.24`) or a slug for unnumbered items.
    #[graphql(name = "ref")]
    async fn reference(&self) -> &str {
        &self.get().reference
    }

    /// The published heading; null for a numbered paragraph the standard leaves untitled.
    async fn title(&self) -> Option<&str> {
        self.get().title.as_deref()
    }

    /// The standard it belongs to.
    async fn standard(&self) -> StandardNode {
        StandardNode::new(&self.data, self.get().standard)
    }

    /// The enclosing clause; null at the top level.
    async fn parent(&self) -> Option<ClauseNode> {
        self.get().parent.map(|p| ClauseNode::new(&self.data, p))
    }

    /// The clauses directly below, in document order.
    #[graphql(complexity = "10 * child_complexity")]
    async fn children(&self) -> Vec<ClauseNode> {
        self.nodes(self.get().children.iter().copied())
    }

    /// The enclosing clauses, nearest first.
    #[graphql(complexity = "10 * child_complexity")]
    async fn ancestors(&self) -> Vec<ClauseNode> {
        self.nodes(self.data.ancestors(self.idx))
    }

    /// What it is: clause, control, practice, guidance topic, ...
    async fn kind(&self) -> enums::ClauseKind {
        self.get().kind.into()
    }

    /// Whether the clause itself carries requirements.
    async fn normative(&self) -> bool {
        self.get().normative
    }

    /// What it asks an organisation to do, in our own words (never the standard's text).
    async fn summary(&self) -> Option<&str> {
        self.get().summary.as_deref()
    }

    /// The themes it bears on.
    #[graphql(complexity = "10 * child_complexity")]
    async fn themes(&self) -> Vec<ThemeNode> {
        self.get()
            .themes
            .iter()
            .map(|id| ThemeNode {
                data: Arc::clone(&self.data),
                id: id.clone(),
            })
            .collect()
    }

    /// Whether the clause itself is a projection not confirmed by a published text.
    async fn provisional(&self) -> bool {
        self.get().provisional
    }

    /// Why a provisional clause is expected (empty for published clauses).
    async fn basis(&self) -> Vec<BasisNode> {
        basis_nodes(&self.get().basis, &self.data)
    }

    /// Amendments that changed this clause.
    async fn amendments(&self) -> Vec<AmendmentNode> {
        self.get()
            .amendments
            .iter()
            .map(|position| AmendmentNode {
                data: Arc::clone(&self.data),
                standard: self.get().standard,
                position: *position,
            })
            .collect()
    }

    /// Every mapping touching this clause, oriented with this clause as `source` (relationship
    /// and change inverted where the row is stored the other way round).
    #[graphql(complexity = "20 * child_complexity")]
    async fn mappings(
        &self,
        #[graphql(desc = "Only mappings whose other side belongs to one of these standards.")]
        to: Option<Vec<ID>>,
        #[graphql(
            desc = "Only mappings with one of these relationships (as read from this clause)."
        )]
        relationships: Option<Vec<enums::Relationship>>,
    ) -> async_graphql::Result<Vec<MappingNode>> {
        let data = &self.data;
        let standards = to
            .map(|ids| crate::service::resolve::standards(data, &ids).map_err(service_error))
            .transpose()?;
        let relationships: Option<Vec<model::Relationship>> =
            relationships.map(|rs| rs.into_iter().map(Into::into).collect());
        Ok(data
            .mappings_of(self.idx)
            .iter()
            .filter(|oriented| {
                let set = data.mapping_set(data.mapping(oriented.mapping).set);
                let far_standard = if oriented.reversed {
                    set.source
                } else {
                    set.target
                };
                standards.as_ref().is_none_or(|s| s.contains(&far_standard))
            })
            .filter(|oriented| {
                relationships
                    .as_ref()
                    .is_none_or(|rs| oriented.relationship(data).is_some_and(|r| rs.contains(&r)))
            })
            .map(|oriented| MappingNode::new(data, *oriented))
            .collect())
    }

    /// This clause and its predecessors and successors across editions, oldest edition first.
    #[graphql(complexity = "10 * child_complexity")]
    async fn lineage(&self) -> Vec<ClauseNode> {
        self.nodes(analysis::lineage::lineage(&self.data, self.idx))
    }

    /// Where the clause is defined in the dataset (`file:line`).
    async fn provenance(&self) -> String {
        crate::service::provenance(&self.get().origin)
    }
}

/// One mapping between two clauses, read from one side: `source` is the near clause.
#[derive(Clone)]
pub struct MappingNode {
    data: Arc<Dataset>,
    oriented: OrientedMapping,
}

impl MappingNode {
    pub fn new(data: &Arc<Dataset>, oriented: OrientedMapping) -> Self {
        MappingNode {
            data: Arc::clone(data),
            oriented,
        }
    }

    fn get(&self) -> &model::Mapping {
        self.data.mapping(self.oriented.mapping)
    }
}

/// One mapping between two clauses, read from one side: `source` is the near clause.
#[Object(name = "Mapping")]
impl MappingNode {
    /// The near clause; null only on the far side of a NEW or REMOVED edition-transition row.
    async fn source(&self) -> Option<ClauseNode> {
        self.oriented
            .near(&self.data)
            .map(|c| ClauseNode::new(&self.data, c))
    }

    /// The far clause; null only on the far side of a NEW or REMOVED edition-transition row.
    async fn target(&self) -> Option<ClauseNode> {
        self.oriented
            .far(&self.data)
            .map(|c| ClauseNode::new(&self.data, c))
    }

    /// How source relates to target; null on a NEW or REMOVED row, which has only one side.
    async fn relationship(&self) -> Option<enums::Relationship> {
        self.oriented.relationship(&self.data).map(Into::into)
    }

    /// Why the relationship holds.
    async fn rationale(&self) -> Option<enums::Rationale> {
        self.get().rationale.map(Into::into)
    }

    /// 0 to 10 (NIST IR 8278A): 10 equal, 7-9 much more alike than not, 4-6 about as alike as not, 1-3 mostly different, 0 not related.
    async fn strength(&self) -> Option<u8> {
        self.get().strength
    }

    /// In an edition transition: how the clause changed going from the source's edition to the target's.
    async fn change(&self) -> Option<enums::Change> {
        self.oriented.change(&self.data).map(Into::into)
    }

    /// Whether the link (or the edition it leads to) is not confirmed by a published text.
    async fn provisional(&self) -> bool {
        self.get().provisional
    }

    /// Where the link comes from.
    async fn basis(&self) -> Vec<BasisNode> {
        basis_nodes(&self.get().basis, &self.data)
    }

    /// Why this relationship and not a stronger one, in our own words.
    async fn note(&self) -> Option<&str> {
        self.get().note.as_deref()
    }

    /// Whether this reading is the reverse of the stored row (source and target swapped, relationship inverted).
    async fn inverted(&self) -> bool {
        self.oriented.reversed
    }

    /// The mapping set the row belongs to.
    async fn mapping_set(&self) -> MappingSetNode {
        MappingSetNode::new(&self.data, self.get().set)
    }

    /// Where the row is stored in the dataset (`file:line`).
    async fn provenance(&self) -> String {
        crate::service::provenance(&self.get().origin)
    }
}

/// A table of mappings between two standards.
#[derive(Clone)]
pub struct MappingSetNode {
    data: Arc<Dataset>,
    idx: MappingSetIdx,
}

impl MappingSetNode {
    pub fn new(data: &Arc<Dataset>, idx: MappingSetIdx) -> Self {
        MappingSetNode {
            data: Arc::clone(data),
            idx,
        }
    }

    fn get(&self) -> &model::MappingSet {
        self.data.mapping_set(self.idx)
    }
}

/// A table of mappings between two standards.
#[Object(name = "MappingSet")]
impl MappingSetNode {
    /// Stable id, e.g. `iso-iec-20000-1-2018--iso-iec-27001-2022`.
    async fn id(&self) -> ID {
        ID(self.get().id.clone())
    }

    /// A short human title.
    async fn title(&self) -> &str {
        &self.get().title
    }

    /// Scope and method of the set.
    async fn description(&self) -> Option<&str> {
        self.get().description.as_deref()
    }

    /// The standard on the stored source side.
    async fn source(&self) -> StandardNode {
        StandardNode::new(&self.data, self.get().source)
    }

    /// The standard on the stored target side.
    async fn target(&self) -> StandardNode {
        StandardNode::new(&self.data, self.get().target)
    }

    /// Whether this is an edition transition (comprehensive: every clause of both editions appears).
    async fn transition(&self) -> bool {
        self.get().transition
    }

    /// The number of rows.
    async fn mapping_count(&self) -> usize {
        self.get().mappings.len()
    }
}

/// A theme that clauses of many standards bear on (sustainability, climate, AI, ...).
#[derive(Clone)]
pub struct ThemeNode {
    pub(super) data: Arc<Dataset>,
    pub(super) id: String,
}

/// A theme that clauses of many standards bear on (sustainability, climate, AI, ...).
#[Object(name = "Theme")]
impl ThemeNode {
    /// Stable id, e.g. `sustainability`.
    async fn id(&self) -> &str {
        &self.id
    }

    /// Human title.
    async fn title(&self) -> &str {
        self.data.theme(&self.id).map_or("", |t| t.title.as_str())
    }

    /// What the theme covers.
    async fn description(&self) -> &str {
        self.data
            .theme(&self.id)
            .map_or("", |t| t.description.as_str())
    }

    /// Every clause of every standard tagged with this theme, by standard then document order.
    #[graphql(complexity = "50 * child_complexity")]
    async fn clauses(
        &self,
        #[graphql(desc = "Only clauses of these standards.")] standards: Option<Vec<ID>>,
    ) -> async_graphql::Result<Vec<ClauseNode>> {
        let only = standards
            .map(|ids| crate::service::resolve::standards(&self.data, &ids).map_err(service_error))
            .transpose()?;
        let mut clauses: Vec<ClauseIdx> = self
            .data
            .clauses
            .iter()
            .enumerate()
            .filter(|(_, c)| c.themes.iter().any(|t| t == &self.id))
            .filter(|(_, c)| only.as_ref().is_none_or(|o| o.contains(&c.standard)))
            .map(|(i, _)| ClauseIdx(i as u32))
            .collect();
        clauses.sort_by_key(|c| (self.data.clause(*c).standard, *c));
        Ok(clauses
            .into_iter()
            .map(|c| ClauseNode::new(&self.data, c))
            .collect())
    }

    /// The standards with at least one clause on this theme.
    async fn standards(&self) -> Vec<StandardNode> {
        let mut found: Vec<StandardIdx> = self
            .data
            .clauses
            .iter()
            .filter(|c| c.themes.iter().any(|t| t == &self.id))
            .map(|c| c.standard)
            .collect();
        found.sort();
        found.dedup();
        found
            .into_iter()
            .map(|s| StandardNode::new(&self.data, s))
            .collect()
    }
}

/// Where a mapping or a projected clause comes from (an official correlation, the harmonized structure, expert judgement, ...).
#[derive(SimpleObject, Clone)]
#[graphql(name = "Basis")]
pub struct BasisNode {
    /// Stable id, e.g. `HS-2021`.
    pub id: String,
    /// Human title.
    pub title: String,
    /// What this basis means and how far it can be trusted.
    pub description: String,
}

fn basis_nodes(ids: &[String], data: &Dataset) -> Vec<BasisNode> {
    ids.iter()
        .map(|id| {
            let term = data.basis(id);
            BasisNode {
                id: id.clone(),
                title: term.map_or_else(String::new, |t| t.title.clone()),
                description: term.map_or_else(String::new, |t| t.description.clone()),
            }
        })
        .collect()
}
