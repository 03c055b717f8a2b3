//! Derived crosswalks: mappings from one standard to another through intermediate standards,
//! composed with the algebra of [`super::compose`]. Only set-theory links are chained; supportive
//! links and the one-sided rows of an edition transition are never part of a path.

use crate::analysis::compose::compose;
use crate::model::{ClauseIdx, Dataset, OrientedMapping, Relationship, StandardIdx};

/// One derived mapping: a path of stored mappings from a `from` clause to a `to` clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedMapping {
    pub source: ClauseIdx,
    pub target: ClauseIdx,
    /// `None` when the composition is indeterminate.
    pub relationship: Option<Relationship>,
    /// The weakest strength along the path.
    pub strength: u8,
    /// The stored mappings, each oriented along the path.
    pub path: Vec<OrientedMapping>,
}

/// Every path `from` → `via[0]` → … → `to`, one derived mapping per path, ordered by source
/// clause, then target clause. Paths only follow set-theory links with both sides present.
pub fn derive(
    data: &Dataset,
    from: StandardIdx,
    via: &[StandardIdx],
    to: StandardIdx,
) -> Vec<DerivedMapping> {
    let chain: Vec<StandardIdx> = std::iter::once(from)
        .chain(via.iter().copied())
        .chain(std::iter::once(to))
        .collect();
    let mut out = Vec::new();
    for &start in &data.standard(from).clauses {
        let mut paths: Vec<(ClauseIdx, Vec<OrientedMapping>)> = vec![(start, Vec::new())];
        for step in chain.windows(2) {
            let next_standard = step[1];
            paths = paths
                .into_iter()
                .flat_map(|(clause, path)| {
                    links(data, clause, next_standard)
                        .map(move |(far, link)| {
                            let mut extended = path.clone();
                            extended.push(link);
                            (far, extended)
                        })
                        .collect::<Vec<_>>()
                })
                .collect();
        }
        for (end, path) in paths {
            let relationship = path
                .iter()
                .map(|m| m.relationship(data).expect("links have a relationship"))
                .try_fold(None::<Relationship>, |acc, r| match acc {
                    None => Some(Some(r)),
                    Some(previous) => compose(previous, r).map(Some),
                })
                .flatten();
            let strength = path
                .iter()
                .filter_map(|m| data.mapping(m.mapping).strength)
                .min()
                .unwrap_or(0);
            out.push(DerivedMapping {
                source: start,
                target: end,
                relationship,
                strength,
                path,
            });
        }
    }
    out.sort_by_key(|d| (d.source, d.target));
    out
}

/// The set-theory links from `clause` to clauses of `standard`.
fn links(
    data: &Dataset,
    clause: ClauseIdx,
    standard: StandardIdx,
) -> impl Iterator<Item = (ClauseIdx, OrientedMapping)> + '_ {
    data.mappings_of(clause).iter().filter_map(move |oriented| {
        let far = oriented.far(data)?;
        let relationship = oriented.relationship(data)?;
        (data.clause(far).standard == standard && !relationship.is_supportive())
            .then_some((far, *oriented))
    })
}
