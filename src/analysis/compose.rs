//! The composition algebra of set-theory relationships (DESIGN §6, NIST IR 8477).
//!
//! A stored relationship between clauses A and B compares the requirement sets the clauses stand
//! for, all non-empty: `EQUAL` A = B, `SUBSET_OF` A ⊊ B, `SUPERSET_OF` A ⊋ B, `INTERSECTS_WITH`
//! a partial overlap, `NOT_RELATED` A ∩ B = ∅. Knowing A r1 B and B r2 C, [`compose`] gives the
//! strongest relationship that holds between A and C for **every** choice of sets, or `None` when
//! nothing useful always holds (indeterminate).
//!
//! A composed `INTERSECTS_WITH` claims only that A and C overlap (A ∩ C ≠ ∅): for
//! `SUPERSET_OF ∘ SUBSET_OF` both contain B, so they overlap, but they might also be equal or
//! nested. The others keep their strict meaning.
//!
//! The full table (rows r1, columns r2; `—` indeterminate):
//!
//! | r1 \ r2         | EQUAL           | SUBSET_OF       | SUPERSET_OF | INTERSECTS_WITH | NOT_RELATED |
//! |-----------------|-----------------|-----------------|-------------|-----------------|-------------|
//! | EQUAL           | EQUAL           | SUBSET_OF       | SUPERSET_OF | INTERSECTS_WITH | NOT_RELATED |
//! | SUBSET_OF       | SUBSET_OF       | SUBSET_OF       | —           | —               | NOT_RELATED |
//! | SUPERSET_OF     | SUPERSET_OF     | INTERSECTS_WITH | SUPERSET_OF | INTERSECTS_WITH | —           |
//! | INTERSECTS_WITH | INTERSECTS_WITH | INTERSECTS_WITH | —           | —               | —           |
//! | NOT_RELATED     | NOT_RELATED     | —               | NOT_RELATED | —               | —           |
//!
//! Supportive links (`SUPPORTS`, `SUPPORTED_BY`) relate guidance to requirements and are never
//! chained (NIST IR 8477 §4.2): composing one gives `None`. Soundness and maximality of the table
//! are proven by `tests/composition.rs` over every triple of subsets of a small universe and by a
//! property test over random sets.

use crate::model::Relationship::{self, *};

/// The strongest relationship that always holds between A and C given `a_to_b` and `b_to_c`,
/// or `None` when it is indeterminate or either link is supportive.
pub fn compose(a_to_b: Relationship, b_to_c: Relationship) -> Option<Relationship> {
    if a_to_b.is_supportive() || b_to_c.is_supportive() {
        return None;
    }
    match (a_to_b, b_to_c) {
        (Equal, r) | (r, Equal) => Some(r),
        (SubsetOf, SubsetOf) => Some(SubsetOf),
        (SubsetOf, NotRelated) => Some(NotRelated),
        (SupersetOf, SupersetOf) => Some(SupersetOf),
        (SupersetOf, SubsetOf | IntersectsWith) => Some(IntersectsWith),
        (IntersectsWith, SubsetOf) => Some(IntersectsWith),
        (NotRelated, SupersetOf) => Some(NotRelated),
        _ => None,
    }
}

/// Composes a whole path left to right; `None` as soon as a step is indeterminate.
pub fn compose_path(relationships: impl IntoIterator<Item = Relationship>) -> Option<Relationship> {
    let mut relationships = relationships.into_iter();
    let first = relationships.next()?;
    if first.is_supportive() {
        return None;
    }
    relationships.try_fold(first, compose)
}

/// The set-theory relationships, the ones [`compose`] works on.
pub const SET_RELATIONSHIPS: [Relationship; 5] =
    [Equal, SubsetOf, SupersetOf, IntersectsWith, NotRelated];
