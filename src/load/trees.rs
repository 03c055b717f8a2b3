//! The clause tables (`clauses/<standard-id>.csv`) and the tree each one describes: one table per
//! known standard and no table for an unknown one; refs well formed and unique in their file; kind,
//! booleans, themes and basis from their vocabularies; a title unless the clause is a numbered
//! paragraph; a basis on a provisional clause, and every clause of an ANTICIPATED edition
//! provisional; summaries short. Then parents: each names a ref of the same file (not itself),
//! and following parents never loops.

use std::collections::HashMap;

use super::build::Draft;
use super::cells::{Cells, is_ref, non_empty};
use super::merge::Merged;
use super::rows::ClauseRow;
use super::table::{Located, read_table};
use super::{Problem, Problems};
use crate::model::{Clause, ClauseIdx, ClauseKind, StandardIdx, clause_id};

/// A longer summary starts to restate the standard instead of saying what it asks, in our words.
const MAX_SUMMARY_WORDS: usize = 40;

/// Reads the clause table of every standard, in the order of `standards.csv`.
pub(super) fn clause_tables(merged: &Merged, draft: &mut Draft, problems: &mut Problems) {
    for (standard_id, (file, _)) in &merged.clause_files {
        if !draft.standard_by_id.contains_key(standard_id) {
            problems.push(Problem::at(
                file,
                1,
                format!(
                    "clause table for unknown standard `{standard_id}` (add it to standards.csv)"
                ),
            ));
        }
    }
    for Located { origin, row } in &merged.standards {
        let Some(&standard) = draft.standard_by_id.get(&row.id) else {
            continue;
        };
        match merged.clause_files.get(&row.id) {
            Some((file, bytes)) => clause_table(standard, file, bytes, draft, problems),
            None => problems.at(
                origin,
                format!(
                    "standard `{}` has no clause table clauses/{}.csv",
                    row.id, row.id
                ),
            ),
        }
    }
}

/// A clause of the table being read: its index and the line it was defined on.
type LocalRefs = HashMap<String, (ClauseIdx, u64)>;

fn clause_table(
    standard: StandardIdx,
    file: &str,
    bytes: &[u8],
    draft: &mut Draft,
    problems: &mut Problems,
) {
    let rows: Vec<Located<ClauseRow>> = read_table(
        file,
        bytes,
        ClauseRow::COLUMNS,
        ClauseRow::OPTIONAL,
        problems,
    );
    let (local, parents) = clauses(standard, &rows, draft, problems);
    link_parents(&local, parents, draft, problems);
    let members: Vec<ClauseIdx> = {
        let mut members: Vec<ClauseIdx> = local.values().map(|(idx, _)| *idx).collect();
        members.sort();
        members
    };
    report_cycles(&members, draft, problems);
    draft.standard_mut(standard).clauses = members.clone();
    for &clause in &members {
        match draft.clause(clause).parent {
            Some(parent) => draft.clause_mut(parent).children.push(clause),
            None => draft.standard_mut(standard).roots.push(clause),
        }
    }
}

/// Reads the rows of one table into clauses; returns the refs of the file and, for each clause
/// that names one, its parent's ref (resolved once the whole file is read).
fn clauses(
    standard: StandardIdx,
    rows: &[Located<ClauseRow>],
    draft: &mut Draft,
    problems: &mut Problems,
) -> (LocalRefs, Vec<(ClauseIdx, String)>) {
    let standard_id = draft.standard(standard).id.clone();
    let status = draft.standard(standard).status;
    let mut local = LocalRefs::new();
    let mut parents = Vec::new();
    for Located { origin, row } in rows {
        let mut cells = Cells::new(origin, problems);
        if !is_ref(&row.reference) {
            cells.problem(format!(
                "invalid ref `{}`: use letters, digits, `.`, `-` and `_`",
                row.reference
            ));
            continue;
        }
        if let Some((_, first)) = local.get(&row.reference) {
            cells.problem(format!(
                "duplicate ref `{}` (first defined on line {first})",
                row.reference
            ));
            continue;
        }
        let kind = cells
            .vocabulary::<ClauseKind>("kind", &row.kind)
            .unwrap_or(ClauseKind::Clause);
        let title = non_empty(&row.title);
        if title.is_none() && kind != ClauseKind::Clause {
            cells.problem(format!(
                "`{}` has no title: only a numbered clause may be untitled",
                row.reference
            ));
        }
        let normative = cells.required_boolean("normative", &row.normative);
        let provisional = cells.boolean("provisional", &row.provisional);
        let themes = cells.terms(&draft.themes, &row.themes);
        let basis = cells.terms(&draft.bases, &row.basis);
        if provisional && basis.is_empty() {
            cells.problem(format!(
                "provisional clause `{}` has no basis",
                row.reference
            ));
        }
        if status.is_unconfirmed() && !provisional {
            cells.problem(format!(
                "`{}` belongs to an {status} edition and must be provisional",
                row.reference
            ));
        }
        let words = row.summary.split_whitespace().count();
        if words > MAX_SUMMARY_WORDS {
            cells.problem(format!("summary has {words} words; keep it to {MAX_SUMMARY_WORDS} (own words, never requirement text)"));
        }
        let idx = ClauseIdx(draft.clauses.len() as u32);
        let id = clause_id(&standard_id, &row.reference);
        local.insert(row.reference.clone(), (idx, origin.line));
        draft.clause_by_id.insert(id.clone(), idx);
        if !row.parent.is_empty() {
            parents.push((idx, row.parent.clone()));
        }
        draft.clauses.push(Clause {
            id,
            standard,
            reference: row.reference.clone(),
            title,
            parent: None,
            children: Vec::new(),
            kind,
            normative,
            summary: non_empty(&row.summary),
            themes,
            provisional,
            basis,
            amendments: Vec::new(),
            origin: origin.clone(),
        });
    }
    (local, parents)
}

/// Resolves each parent ref within the same file.
fn link_parents(
    local: &LocalRefs,
    parents: Vec<(ClauseIdx, String)>,
    draft: &mut Draft,
    problems: &mut Problems,
) {
    for (child, parent_ref) in parents {
        let clause = draft.clause_mut(child);
        match local.get(&parent_ref) {
            Some(&(parent, _)) if parent == child => {
                problems.at(&clause.origin, format!("`{parent_ref}` is its own parent"))
            }
            Some(&(parent, _)) => clause.parent = Some(parent),
            None => problems.at(
                &clause.origin,
                format!("unknown parent `{parent_ref}` (no such ref in this file)"),
            ),
        }
    }
}

/// Reports every clause of the table that its own parents lead back to.
fn report_cycles(members: &[ClauseIdx], draft: &Draft, problems: &mut Problems) {
    for &clause in members {
        if let Some(cycle) = parent_cycle(draft, clause, members.len()) {
            problems.at(
                &draft.clause(clause).origin,
                format!("parent cycle: {cycle}"),
            );
        }
    }
}

/// Follows parents from `start`; returns the loop as text if it comes back to `start`.
fn parent_cycle(draft: &Draft, start: ClauseIdx, limit: usize) -> Option<String> {
    let mut path = vec![draft.clause(start).reference.clone()];
    let mut current = draft.clause(start).parent;
    for _ in 0..=limit {
        let next = current?;
        path.push(draft.clause(next).reference.clone());
        if next == start {
            return Some(path.join(" -> "));
        }
        current = draft.clause(next).parent;
    }
    None
}
