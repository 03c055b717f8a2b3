//! The lineage of a clause across editions, followed through edition-transition sets only.

use std::collections::{BTreeSet, VecDeque};

use crate::model::{ClauseIdx, Dataset, Relationship, StandardIdx};

/// Which way in time to walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// From an edition to the one that supersedes it.
    Forward,
    /// From an edition to the one it supersedes.
    Backward,
}

/// The clause, its predecessors in older editions and its successors in newer ones, oldest
/// edition first and in document order within an edition.
///
/// Only transition rows with both sides count (a `NEW` or `REMOVED` row has no other side), and
/// `NOT_RELATED` rows are checked absences, not links. The walk goes strictly backwards from the
/// clause and strictly forwards from it, so the siblings of a split (2011 6.3 becoming 2018 8.7.1
/// and 8.7.2) are not each other's lineage.
pub fn lineage(data: &Dataset, clause: ClauseIdx) -> Vec<ClauseIdx> {
    let mut found: BTreeSet<ClauseIdx> = BTreeSet::from([clause]);
    for direction in [Direction::Forward, Direction::Backward] {
        let mut queue = VecDeque::from([clause]);
        while let Some(current) = queue.pop_front() {
            for next in steps(data, current, direction) {
                if found.insert(next) {
                    queue.push_back(next);
                }
            }
        }
    }
    let mut out: Vec<ClauseIdx> = found.into_iter().collect();
    out.sort_by_key(|c| (edition_depth(data, data.clause(*c).standard), *c));
    out
}

/// The clauses one transition step away from `clause` in `direction`.
fn steps(data: &Dataset, clause: ClauseIdx, direction: Direction) -> Vec<ClauseIdx> {
    data.mappings_of(clause)
        .iter()
        .filter(|oriented| {
            let mapping = data.mapping(oriented.mapping);
            let set = data.mapping_set(mapping.set);
            // A transition set's source is the older edition: reading it forwards means
            // reading it from its source side.
            set.transition
                && mapping.relationship != Some(Relationship::NotRelated)
                && (oriented.reversed == (direction == Direction::Backward))
        })
        .filter_map(|oriented| oriented.far(data))
        .collect()
}

/// How many `supersedes` links lead back from an edition: orders editions oldest first.
pub fn edition_depth(data: &Dataset, standard: StandardIdx) -> usize {
    let mut depth = 0;
    let mut current = data.standard(standard).supersedes;
    while let Some(previous) = current {
        depth += 1;
        if depth > data.standards.len() {
            break;
        }
        current = data.standard(previous).supersedes;
    }
    depth
}
