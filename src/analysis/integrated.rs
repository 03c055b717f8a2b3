//! The integrated view: one row per clause of the harmonized structure with the matching clauses
//! of each chosen standard, then the discipline-specific requirement clauses of each standard,
//! which no hub clause covers. What an integrated management-system manual is built from.

use crate::model::{ClauseIdx, Dataset, Relationship, StandardIdx};

/// The hub every management-system standard maps to.
pub const HUB: &str = "iso-hs-2021";

#[derive(Debug, Clone)]
pub struct IntegratedRow {
    /// The hub clause; `None` on a discipline-specific row.
    pub hub: Option<ClauseIdx>,
    /// One cell per chosen standard, in the order asked for.
    pub cells: Vec<(StandardIdx, Vec<ClauseIdx>)>,
}

#[derive(Debug, Clone)]
pub struct IntegratedView {
    pub standards: Vec<StandardIdx>,
    pub rows: Vec<IntegratedRow>,
    /// Chosen standards that have no mapping set to the hub (their cells stay empty on hub rows).
    pub without_hub_mapping: Vec<StandardIdx>,
}

/// The clauses of `standard` that `clause` corresponds to: a stored row between them that says
/// they share requirements (any relationship but NOT_RELATED and the supportive ones), in index
/// order, each once. What puts two clauses in one row of the view, and what makes a new
/// requirement of several transitions one shared requirement.
pub fn corresponding(data: &Dataset, clause: ClauseIdx, standard: StandardIdx) -> Vec<ClauseIdx> {
    let mut found: Vec<ClauseIdx> = data
        .mappings_toward(clause, &[standard])
        .filter(|m| {
            m.relationship(data)
                .is_some_and(|r| r != Relationship::NotRelated && !r.is_supportive())
        })
        .filter_map(|m| m.far(data))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// Builds the view; `hub` must be the harmonized structure's standard.
pub fn integrated_view(
    data: &Dataset,
    hub: StandardIdx,
    standards: &[StandardIdx],
) -> IntegratedView {
    let links = |clause: ClauseIdx, standard: StandardIdx| corresponding(data, clause, standard);
    let mut rows: Vec<IntegratedRow> = data
        .standard(hub)
        .clauses
        .iter()
        .map(|hub_clause| IntegratedRow {
            hub: Some(*hub_clause),
            cells: standards
                .iter()
                .map(|s| (*s, links(*hub_clause, *s)))
                .collect(),
        })
        .collect();
    let mut without_hub_mapping = Vec::new();
    for &standard in standards {
        if data.sets_between(standard, hub).next().is_none() {
            without_hub_mapping.push(standard);
        }
        for &clause in &data.standard(standard).clauses {
            let c = data.clause(clause);
            if c.normative && c.children.is_empty() && links(clause, hub).is_empty() {
                rows.push(IntegratedRow {
                    hub: None,
                    cells: standards
                        .iter()
                        .map(|s| {
                            (
                                *s,
                                if *s == standard {
                                    vec![clause]
                                } else {
                                    Vec::new()
                                },
                            )
                        })
                        .collect(),
                });
            }
        }
    }
    IntegratedView {
        standards: standards.to_vec(),
        rows,
        without_hub_mapping,
    }
}
