//! A crosswalk between two standards: every mapping between them, oriented from `from` to `to`,
//! and how much of each side it touches.

use crate::model::{ClauseIdx, Dataset, OrientedMapping, Relationship, StandardIdx};

/// Filters on a crosswalk.
#[derive(Debug, Clone, Default)]
pub struct CrosswalkFilter {
    pub relationships: Option<Vec<Relationship>>,
    pub min_strength: Option<u8>,
}

/// The mappings between two standards and their coverage figures.
#[derive(Debug, Clone)]
pub struct Crosswalk {
    /// Oriented with the `from` clause as the near side; in the order of the stored rows.
    pub mappings: Vec<OrientedMapping>,
    /// Share of the `from` standard's clauses that carry requirements and have a link to `to`.
    pub source_coverage: f64,
    /// Share of the `to` standard's clauses that carry requirements and have a link to `from`.
    pub target_coverage: f64,
}

/// Every mapping stored between `from` and `to` (in either direction), read from `from`.
/// Coverage counts a clause as touched when it has a mapping other than `NOT_RELATED` (a checked
/// absence is not a link); it ignores the filters, so it describes the whole table.
pub fn crosswalk(
    data: &Dataset,
    from: StandardIdx,
    to: StandardIdx,
    filter: &CrosswalkFilter,
) -> Crosswalk {
    let mut all = Vec::new();
    for (_, set) in data.sets_between(from, to) {
        let reversed = set.source != from;
        all.extend(set.mappings.iter().map(|m| OrientedMapping {
            mapping: *m,
            reversed,
        }));
    }
    let linked = |standard: StandardIdx| -> f64 {
        let counted = counted_clauses(data, standard);
        if counted.is_empty() {
            return 0.0;
        }
        let touched = counted
            .iter()
            .filter(|clause| {
                all.iter().any(|m| {
                    let near_side = if standard == from {
                        m.near(data)
                    } else {
                        m.far(data)
                    };
                    near_side == Some(**clause)
                        && m.relationship(data)
                            .is_some_and(|r| r != Relationship::NotRelated)
                })
            })
            .count();
        touched as f64 / counted.len() as f64
    };
    let source_coverage = linked(from);
    let target_coverage = linked(to);
    let mappings = all
        .into_iter()
        .filter(|m| {
            filter
                .relationships
                .as_ref()
                .is_none_or(|rs| m.relationship(data).is_some_and(|r| rs.contains(&r)))
        })
        .filter(|m| {
            filter
                .min_strength
                .is_none_or(|min| data.mapping(m.mapping).strength.is_some_and(|s| s >= min))
        })
        .collect();
    Crosswalk {
        mappings,
        source_coverage,
        target_coverage,
    }
}

/// The clauses a coverage figure counts: those that carry requirements, or every clause of a
/// standard that has none (guidance, frameworks).
pub fn counted_clauses(data: &Dataset, standard: StandardIdx) -> Vec<ClauseIdx> {
    let clauses = &data.standard(standard).clauses;
    let normative: Vec<ClauseIdx> = clauses
        .iter()
        .copied()
        .filter(|c| data.clause(*c).normative)
        .collect();
    if normative.is_empty() {
        clauses.clone()
    } else {
        normative
    }
}
