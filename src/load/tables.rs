//! The tables that describe the dataset itself: the vocabularies it declares (`themes.csv`,
//! `bases.csv`: valid ids, a title each), the standards (`standards.csv`: a slug id, designation,
//! title and publisher, kind and status from their vocabularies, a year unless ANTICIPATED, and a
//! `supersedes` that names another known standard) and the amendments (`amendments.csv`: a known
//! standard, its text columns, a year, and at least one clause it touches, each known; so they are
//! read after the clause tables).

use super::Problems;
use super::build::Draft;
use super::cells::{Cells, DeclaredTerms, TermKind, is_iso_date, is_slug, non_empty, split_list};
use super::rows::{AmendmentRow, StandardRow, TermRow};
use super::table::Located;
use crate::model::{
    Amendment, EditionStatus, Stage, Standard, StandardIdx, StandardKind, Term, clause_id,
};

/// Reads a declared vocabulary; rows with an invalid id are left out.
pub(super) fn terms(
    rows: &[Located<TermRow>],
    kind: TermKind,
    problems: &mut Problems,
) -> DeclaredTerms {
    let mut terms = Vec::new();
    for Located { origin, row } in rows {
        let mut cells = Cells::new(origin, problems);
        if !kind.is_valid_id(&row.id) {
            cells.problem(format!("invalid {} id `{}`", kind.noun(), row.id));
            continue;
        }
        if row.title.is_empty() {
            cells.problem(format!("{} `{}` has no title", kind.noun(), row.id));
        }
        terms.push(Term {
            id: row.id.clone(),
            title: row.title.clone(),
            description: row.description.clone(),
        });
    }
    DeclaredTerms { kind, terms }
}

/// Reads the standards, then links each to the edition it supersedes (which may come later in
/// the file). Rows with an invalid id are left out, so a standard's index need not be its row's.
pub(super) fn standards(rows: &[Located<StandardRow>], draft: &mut Draft, problems: &mut Problems) {
    for Located { origin, row } in rows {
        let mut cells = Cells::new(origin, problems);
        if !is_slug(&row.id) {
            cells.problem(format!(
                "invalid standard id `{}`: use lower-case letters, digits and `-`",
                row.id
            ));
            continue;
        }
        for (column, value) in [
            ("designation", &row.designation),
            ("title", &row.title),
            ("publisher", &row.publisher),
        ] {
            if value.is_empty() {
                cells.problem(format!("standard `{}` has no {column}", row.id));
            }
        }
        let kind = cells.vocabulary::<StandardKind>("kind", &row.kind);
        let status = cells.vocabulary::<EditionStatus>("status", &row.status);
        let year = if row.year.is_empty() {
            if status != Some(EditionStatus::Anticipated) {
                cells.problem("year is required unless the status is ANTICIPATED");
            }
            None
        } else {
            cells.year(&row.year)
        };
        let stage = (!row.stage.is_empty())
            .then(|| cells.vocabulary::<Stage>("stage", &row.stage))
            .flatten();
        match (status, stage) {
            (Some(EditionStatus::Draft), None) if row.stage.is_empty() => {
                cells.problem("a DRAFT edition names its stage (WD, CD, DIS or FDIS)")
            }
            (Some(status), Some(_)) if !status.is_unconfirmed() => cells.problem(format!(
                "only a DRAFT or ANTICIPATED edition has a stage; this one is {status}"
            )),
            _ => {}
        }
        let transition_ends = non_empty(&row.transition_ends);
        if let Some(date) = &transition_ends
            && !is_iso_date(date)
        {
            cells.problem(format!(
                "transition_ends `{date}` is not a date (YYYY-MM-DD)"
            ));
        }
        let idx = StandardIdx(draft.standards.len() as u32);
        draft.standard_by_id.insert(row.id.clone(), idx);
        draft.standards.push(Standard {
            id: row.id.clone(),
            designation: row.designation.clone(),
            title: row.title.clone(),
            publisher: row.publisher.clone(),
            year,
            kind: kind.unwrap_or(StandardKind::Requirements),
            status: status.unwrap_or(EditionStatus::Published),
            supersedes: None,
            note: non_empty(&row.note),
            stage,
            transition_ends,
            amendments: Vec::new(),
            clauses: Vec::new(),
            roots: Vec::new(),
        });
    }
    link_supersedes(rows, draft, problems);
}

fn link_supersedes(rows: &[Located<StandardRow>], draft: &mut Draft, problems: &mut Problems) {
    for Located { origin, row } in rows {
        if row.supersedes.is_empty() {
            continue;
        }
        let Some(&idx) = draft.standard_by_id.get(&row.id) else {
            continue;
        };
        match draft.standard_by_id.get(&row.supersedes).copied() {
            Some(previous) if previous == idx => {
                problems.at(origin, format!("standard `{}` supersedes itself", row.id))
            }
            Some(previous) => draft.standard_mut(idx).supersedes = Some(previous),
            None => problems.at(
                origin,
                format!("supersedes unknown standard `{}`", row.supersedes),
            ),
        }
    }
}

/// Reads the amendments and marks the clauses each one touches.
pub(super) fn amendments(
    rows: &[Located<AmendmentRow>],
    draft: &mut Draft,
    problems: &mut Problems,
) {
    for Located { origin, row } in rows {
        let mut cells = Cells::new(origin, problems);
        let Some(&standard) = draft.standard_by_id.get(&row.standard) else {
            cells.problem(format!("amendment of unknown standard `{}`", row.standard));
            continue;
        };
        for (column, value) in [
            ("designation", &row.designation),
            ("title", &row.title),
            ("note", &row.note),
        ] {
            if value.is_empty() {
                cells.problem(format!("amendment has no {column}"));
            }
        }
        let year = cells.year(&row.year).unwrap_or(0);
        let position = draft.standard(standard).amendments.len();
        let mut clauses = Vec::new();
        for reference in split_list(&row.clauses) {
            match draft
                .clause_by_id
                .get(&clause_id(&row.standard, &reference))
            {
                Some(&clause) => {
                    clauses.push(clause);
                    draft.clause_mut(clause).amendments.push(position);
                }
                None => cells.problem(format!(
                    "amendment names unknown clause `{reference}` of `{}`",
                    row.standard
                )),
            }
        }
        if clauses.is_empty() {
            cells.problem("an amendment must name the clauses it changes");
        }
        draft.standard_mut(standard).amendments.push(Amendment {
            designation: row.designation.clone(),
            title: row.title.clone(),
            year,
            clauses,
            note: row.note.clone(),
        });
    }
}
