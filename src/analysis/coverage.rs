//! Coverage: how much of a target standard the standards an organisation already meets cover.
//!
//! A target clause is covered `FULL` by a source clause when meeting the source meets it (read
//! from the target clause: `EQUAL` or `SUBSET_OF`), `PARTIAL` when they overlap (`SUPERSET_OF`,
//! `INTERSECTS_WITH`). Checked absences and guidance links cover nothing. A mapping on a parent
//! clause stands for the parent as a whole, so a `FULL` parent covers its descendants. A parent
//! is `FULL` only when its own requirements (if it carries any) and all of its descendants' are.

use crate::model::{ClauseIdx, Dataset, OrientedMapping, Relationship, StandardIdx};

/// How well a clause is covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CoverageLevel {
    None,
    Partial,
    Full,
}

impl CoverageLevel {
    /// The name every document and answer gives the level.
    pub fn as_str(self) -> &'static str {
        match self {
            CoverageLevel::Full => "FULL",
            CoverageLevel::Partial => "PARTIAL",
            CoverageLevel::None => "NONE",
        }
    }
}

/// One target clause's coverage and the mappings that justify it.
#[derive(Debug, Clone)]
pub struct ClauseCoverage {
    pub clause: ClauseIdx,
    pub level: CoverageLevel,
    /// Mappings from this clause (or from an ancestor whose FULL coverage it inherits) to the sources.
    pub via: Vec<OrientedMapping>,
    /// `NOT_RELATED` rows from this clause to the sources: it was checked against them and the
    /// note says why nothing corresponds. Empty when no crosswalk assessed it.
    pub checked_absences: Vec<OrientedMapping>,
}

/// The coverage report for a target standard.
#[derive(Debug, Clone)]
pub struct CoverageReport {
    /// Every clause of the target, in document order.
    pub clauses: Vec<ClauseCoverage>,
    /// Counts over the clauses that carry requirements (see [`super::crosswalk::counted_clauses`]).
    pub full: usize,
    pub partial: usize,
    pub none: usize,
}

impl CoverageReport {
    /// FULL clauses as a share of the counted clauses.
    pub fn ratio(&self) -> f64 {
        let total = self.full + self.partial + self.none;
        if total == 0 {
            0.0
        } else {
            self.full as f64 / total as f64
        }
    }
}

impl CoverageLevel {
    /// What meeting the far clause says about the near one, given the relationship read from the
    /// near clause: it is met in full when it equals or is part of the far clause, in part when
    /// they overlap; checked absences and guidance links meet nothing.
    pub fn from_relationship(relationship: Relationship) -> CoverageLevel {
        match relationship {
            Relationship::Equal | Relationship::SubsetOf => CoverageLevel::Full,
            Relationship::SupersetOf | Relationship::IntersectsWith => CoverageLevel::Partial,
            Relationship::NotRelated | Relationship::Supports | Relationship::SupportedBy => {
                CoverageLevel::None
            }
        }
    }
}

fn level_of(relationship: Option<Relationship>) -> CoverageLevel {
    relationship.map_or(CoverageLevel::None, CoverageLevel::from_relationship)
}

pub fn coverage(data: &Dataset, target: StandardIdx, sources: &[StandardIdx]) -> CoverageReport {
    let clauses = &data.standard(target).clauses;
    // Own level of each clause from its own mappings.
    let mut own: Vec<(CoverageLevel, Vec<OrientedMapping>)> = clauses
        .iter()
        .map(|clause| {
            let via: Vec<OrientedMapping> = data
                .mappings_toward(*clause, sources)
                .filter(|m| level_of(m.relationship(data)) > CoverageLevel::None)
                .collect();
            let level = via
                .iter()
                .map(|m| level_of(m.relationship(data)))
                .max()
                .unwrap_or(CoverageLevel::None);
            (level, via)
        })
        .collect();
    let position = |clause: ClauseIdx| {
        clauses
            .binary_search(&clause)
            .expect("clause of the target")
    };
    // A FULL ancestor covers its descendants (top-down: clauses are in document order).
    for i in 0..clauses.len() {
        if let Some(parent) = data.clause(clauses[i]).parent {
            let (parent_level, parent_via) = own[position(parent)].clone();
            if parent_level == CoverageLevel::Full && own[i].0 < CoverageLevel::Full {
                own[i] = (CoverageLevel::Full, parent_via);
            }
        }
    }
    // A parent is FULL only when every descendant is; bottom-up in reverse document order.
    let mut effective: Vec<CoverageLevel> = own.iter().map(|(level, _)| *level).collect();
    for i in (0..clauses.len()).rev() {
        let clause = data.clause(clauses[i]);
        if clause.children.is_empty() {
            continue;
        }
        let children: Vec<CoverageLevel> = clause
            .children
            .iter()
            .map(|c| effective[position(*c)])
            .collect();
        let own_level = own[i].0;
        let all_children_full = children.iter().all(|l| *l == CoverageLevel::Full);
        let any_cover =
            own_level > CoverageLevel::None || children.iter().any(|l| *l > CoverageLevel::None);
        effective[i] =
            if all_children_full && (!clause.normative || own_level == CoverageLevel::Full) {
                CoverageLevel::Full
            } else if any_cover {
                CoverageLevel::Partial
            } else {
                CoverageLevel::None
            };
    }
    let counted = super::crosswalk::counted_clauses(data, target);
    let mut report = CoverageReport {
        clauses: Vec::new(),
        full: 0,
        partial: 0,
        none: 0,
    };
    for (i, clause) in clauses.iter().enumerate() {
        let level = effective[i];
        if counted.contains(clause) {
            match level {
                CoverageLevel::Full => report.full += 1,
                CoverageLevel::Partial => report.partial += 1,
                CoverageLevel::None => report.none += 1,
            }
        }
        report.clauses.push(ClauseCoverage {
            clause: *clause,
            level,
            via: own[i].1.clone(),
            checked_absences: data.checked_absences(*clause, sources).collect(),
        });
    }
    report
}
