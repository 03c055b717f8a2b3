//! The rules across the rows of an edition-transition set, which make it comprehensive: a SPLIT
//! source and a MERGED target have a row per part, a NEW clause has no predecessor and a REMOVED
//! clause no successor, and every clause of both editions appears in at least one row, so that
//! "new" and "removed" are stated, never inferred from absence. Each rule is written once, for a
//! [`Side`]: what it says of a source clause, its mirror says of a target clause.

use std::collections::HashMap;

use super::Problems;
use super::build::Draft;
use super::side::{BySide, Side};
use crate::model::{ClauseIdx, Mapping, MappingSet};

/// Checks one transition set, whose rows have each been checked on their own.
pub(super) fn check(set: &MappingSet, rows: &[Mapping], draft: &Draft, problems: &mut Problems) {
    let rows_by_clause = rows_by_clause(rows);
    for row in rows {
        for side in Side::BOTH {
            let Some(clause) = side.clause(row) else {
                continue;
            };
            let rows_naming = &rows_by_clause.get(side)[&clause];
            if row.change == Some(side.in_parts()) {
                check_parts(row, side, clause, rows_naming, draft, problems);
            }
            if row.change == Some(side.alone()) {
                check_alone(row, side, clause, rows_naming, draft, problems);
            }
        }
    }
    for side in Side::BOTH {
        check_accounted_for(set, side, &rows_by_clause, draft, problems);
    }
}

/// For each side, the rows that name each clause on that side, in file order.
type RowsByClause<'a> = BySide<HashMap<ClauseIdx, Vec<&'a Mapping>>>;

fn rows_by_clause(rows: &[Mapping]) -> RowsByClause<'_> {
    let mut index = RowsByClause::default();
    for row in rows {
        for side in Side::BOTH {
            if let Some(clause) = side.clause(row) {
                index.get_mut(side).entry(clause).or_default().push(row);
            }
        }
    }
    index
}

/// A SPLIT source or a MERGED target has at least two rows of that change, one per part.
fn check_parts(
    row: &Mapping,
    side: Side,
    clause: ClauseIdx,
    rows_naming: &[&Mapping],
    draft: &Draft,
    problems: &mut Problems,
) {
    let change = side.in_parts();
    let parts = rows_naming
        .iter()
        .filter(|part| part.change == Some(change))
        .count();
    if parts < 2 {
        let shortfall = side.pick(
            "but has only one part: a split needs a row per part",
            "from only one clause: a merge needs a row per part",
        );
        problems.at(
            &row.origin,
            format!(
                "`{}` is {change} {shortfall}",
                draft.clause(clause).reference
            ),
        );
    }
}

/// A REMOVED source or a NEW target has no row that links it to the other edition.
fn check_alone(
    row: &Mapping,
    side: Side,
    clause: ClauseIdx,
    rows_naming: &[&Mapping],
    draft: &Draft,
    problems: &mut Problems,
) {
    let linked = rows_naming
        .iter()
        .find(|other| side.other().clause(other).is_some());
    if let Some(linked) = linked {
        problems.at(
            &row.origin,
            format!(
                "`{}` is {} but line {} gives it a {}",
                draft.clause(clause).reference,
                side.alone(),
                linked.origin.line,
                side.counterpart()
            ),
        );
    }
}

/// Every clause of the side's edition appears in a row; reported at the clause's own line.
fn check_accounted_for(
    set: &MappingSet,
    side: Side,
    rows_by_clause: &RowsByClause,
    draft: &Draft,
    problems: &mut Problems,
) {
    let standard = draft.standard(side.standard(set));
    for &clause in &standard.clauses {
        if rows_by_clause.get(side).contains_key(&clause) {
            continue;
        }
        let clause = draft.clause(clause);
        problems.at(
            &clause.origin,
            format!(
                "clause `{}` of `{}` is not accounted for in transition set `{}` (mappings/{}.csv): add a row, a {} row if it has no {}",
                clause.reference,
                standard.id,
                set.id,
                set.id,
                side.alone(),
                side.counterpart()
            ),
        );
    }
}
