//! Mapping sets (`mapping-sets.csv`) and the rows of each (`mappings/<set-id>.csv`), one row at a
//! time: a set has a slug id, two different known standards, a title and a file, and every file
//! belongs to a declared set. A row's clause refs resolve in the standard of their side; its values
//! are in their vocabularies; a change only in a transition set, and there on every row; a NEW or
//! REMOVED row has its one side and no relationship, rationale or strength; strength fits the
//! relationship; a supportive link has a guidance side; a basis always and a note unless EQUAL; no
//! pair twice; a row into an ANTICIPATED edition is provisional. The rules across the rows of a
//! transition set are in `transitions`.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::build::Draft;
use super::cells::{Cells, is_slug, non_empty};
use super::merge::Merged;
use super::rows::{MappingRow, MappingSetRow};
use super::side::{BySide, Side};
use super::table::{Located, read_table};
use super::{Problem, Problems};
use crate::model::{
    Change, ClauseIdx, ClauseKind, Mapping, MappingIdx, MappingSet, MappingSetIdx, Rationale,
    Relationship, Standard, StandardIdx, clause_id,
};

/// Reports mapping files that no row of `mapping-sets.csv` declares.
pub(super) fn undeclared_files(merged: &Merged, problems: &mut Problems) {
    let declared: HashSet<&str> = merged
        .mapping_sets
        .iter()
        .map(|set| set.row.id.as_str())
        .collect();
    for (id, (file, _)) in &merged.mapping_files {
        if !declared.contains(id.as_str()) {
            problems.push(Problem::at(
                file,
                1,
                format!("mapping file for undeclared set `{id}` (add it to mapping-sets.csv)"),
            ));
        }
    }
}

/// The mapping sets read so far and their rows, in the order of the dataset.
#[derive(Default)]
pub(super) struct MappingTables {
    pub sets: Vec<MappingSet>,
    pub mappings: Vec<Mapping>,
}

impl MappingTables {
    /// Reads one mapping set and the rows of its file. Returns the set and its rows, or `None`
    /// when the set is left out (invalid id, unknown or equal standards, no file).
    pub fn read_set(
        &mut self,
        set_row: &Located<MappingSetRow>,
        files: &BTreeMap<String, (String, Vec<u8>)>,
        draft: &Draft,
        problems: &mut Problems,
    ) -> Option<(&MappingSet, &[Mapping])> {
        let Located { origin, row } = set_row;
        let mut cells = Cells::new(origin, problems);
        if !is_slug(&row.id) {
            cells.problem(format!("invalid mapping set id `{}`", row.id));
            return None;
        }
        let standards = BySide::from_fn(|side| {
            standard_ref(&mut cells, draft, side, side.pick(&row.source, &row.target))
        });
        let transition = cells.required_boolean("transition", &row.transition);
        if row.title.is_empty() {
            cells.problem(format!("mapping set `{}` has no title", row.id));
        }
        let (Some(source), Some(target)) = (standards.source, standards.target) else {
            return None;
        };
        if source == target {
            cells.problem("a mapping set needs two different standards");
            return None;
        }
        let Some((file, bytes)) = files.get(&row.id) else {
            cells.problem(format!(
                "mapping set `{}` has no file mappings/{}.csv",
                row.id, row.id
            ));
            return None;
        };
        let set_idx = MappingSetIdx(self.sets.len() as u32);
        let first = self.mappings.len();
        let mut set = MappingSet {
            id: row.id.clone(),
            source,
            target,
            transition,
            title: row.title.clone(),
            description: non_empty(&row.description),
            mappings: Vec::new(),
        };
        let rows = mapping_rows(&set, set_idx, file, bytes, draft, problems);
        self.mappings.extend(rows);
        set.mappings = (first..self.mappings.len())
            .map(|i| MappingIdx(i as u32))
            .collect();
        self.sets.push(set);
        Some((&self.sets[set_idx.0 as usize], &self.mappings[first..]))
    }
}

fn standard_ref(cells: &mut Cells, draft: &Draft, side: Side, id: &str) -> Option<StandardIdx> {
    let found = draft.standard_by_id.get(id).copied();
    if found.is_none() {
        cells.problem(format!("{}: unknown standard `{id}`", side.column()));
    }
    found
}

/// Reads the rows of one set's file and checks each row on its own.
fn mapping_rows(
    set: &MappingSet,
    set_idx: MappingSetIdx,
    file: &str,
    bytes: &[u8],
    draft: &Draft,
    problems: &mut Problems,
) -> Vec<Mapping> {
    let rows: Vec<Located<MappingRow>> = read_table(
        file,
        bytes,
        MappingRow::COLUMNS,
        MappingRow::OPTIONAL,
        problems,
    );
    let standards = BySide::from_fn(|side| draft.standard(side.standard(set)));
    let unconfirmed = Side::BOTH
        .iter()
        .find(|&&side| standards.get(side).status.is_unconfirmed())
        .map(|&side| standards.get(side).status);
    let mut pairs: HashMap<(Option<ClauseIdx>, Option<ClauseIdx>), u64> = HashMap::new();
    let mut mappings = Vec::new();
    for Located { origin, row } in &rows {
        let mut cells = Cells::new(origin, problems);
        let refs = BySide::from_fn(|side| side.pick(&row.source, &row.target));
        let clauses = BySide::from_fn(|side| {
            clause_ref(&mut cells, draft, &standards.get(side).id, refs.get(side))
        });
        let unresolved = |side: Side| !refs.get(side).is_empty() && clauses.get(side).is_none();
        if unresolved(Side::Source) || unresolved(Side::Target) {
            continue;
        }
        let change = change(&mut cells, set.transition, &row.change);
        check_sides(&mut cells, change, &refs);
        let one_sided = change.and_then(Side::kept_by).is_some();
        let (relationship, rationale, strength) = if one_sided {
            if !(row.relationship.is_empty() && row.rationale.is_empty() && row.strength.is_empty())
            {
                cells.problem("a NEW or REMOVED row has no relationship, rationale or strength");
            }
            (None, None, None)
        } else {
            let relationship =
                cells.required_vocabulary::<Relationship>("relationship", &row.relationship);
            let rationale = cells.required_vocabulary::<Rationale>("rationale", &row.rationale);
            let strength = strength(&mut cells, &row.strength, relationship);
            (relationship, rationale, strength)
        };
        if let Some(relationship) = relationship {
            check_guidance_side(&mut cells, draft, relationship, &clauses, &standards);
        }
        let provisional = cells.boolean("provisional", &row.provisional);
        if let Some(status) = unconfirmed
            && !provisional
        {
            cells.problem(format!(
                "a row into an {status} edition must be provisional"
            ));
        }
        let basis = cells.terms(&draft.bases, &row.basis);
        if row.basis.is_empty() {
            cells.problem("every row needs a basis (see bases.csv)");
        }
        if row.note.is_empty() && relationship != Some(Relationship::Equal) {
            cells.problem("every row that is not EQUAL needs a note saying why");
        }
        let (source, target) = (clauses.source, clauses.target);
        if let Some(first) = pairs.insert((source, target), origin.line) {
            cells.problem(format!(
                "duplicate pair `{}` -> `{}` (first on line {first})",
                row.source, row.target
            ));
        }
        mappings.push(Mapping {
            set: set_idx,
            source,
            target,
            relationship,
            rationale,
            strength,
            change,
            provisional,
            basis,
            note: non_empty(&row.note),
            origin: origin.clone(),
        });
    }
    mappings
}

/// Resolves a clause ref in the standard of its side; an empty ref is no clause.
fn clause_ref(
    cells: &mut Cells,
    draft: &Draft,
    standard: &str,
    reference: &str,
) -> Option<ClauseIdx> {
    if reference.is_empty() {
        return None;
    }
    let found = draft
        .clause_by_id
        .get(&clause_id(standard, reference))
        .copied();
    if found.is_none() {
        cells.problem(format!("unknown clause `{reference}` in `{standard}`"));
    }
    found
}

/// A row's change: required in a transition set, absent everywhere else.
fn change(cells: &mut Cells, transition: bool, value: &str) -> Option<Change> {
    if !transition {
        if !value.is_empty() {
            cells.problem("change is only for edition-transition sets; leave it empty");
        }
        return None;
    }
    if value.is_empty() {
        cells.problem(format!(
            "a transition row needs a change ({})",
            Change::expected()
        ));
        return None;
    }
    cells.vocabulary::<Change>("change", value)
}

/// A NEW or REMOVED row has exactly its one side; every other row has both.
fn check_sides(cells: &mut Cells, change: Option<Change>, refs: &BySide<&String>) {
    let has = |side: Side| !refs.get(side).is_empty();
    match change.and_then(Side::kept_by) {
        Some(kept) if !has(kept) || has(kept.other()) => cells.problem(format!(
            "a {} row has {}",
            kept.alone(),
            kept.pick("a source and an empty target", "an empty source and a target")
        )),
        Some(_) => {}
        None if !has(Side::Source) || !has(Side::Target) => cells.problem(
            "source and target are both required (only NEW and REMOVED rows of a transition have one side)",
        ),
        None => {}
    }
}

/// Strength is 0 to 10 and fits the relationship: 10 for EQUAL, 0 for NOT_RELATED, 1 to 9 for
/// the other set relations.
fn strength(cells: &mut Cells, value: &str, relationship: Option<Relationship>) -> Option<u8> {
    if value.is_empty() {
        cells.problem("strength is required (0 to 10)");
        return None;
    }
    let strength = match value.parse::<u8>() {
        Ok(s) if s <= 10 => s,
        _ => {
            cells.problem(format!("strength `{value}` is outside 0-10"));
            return None;
        }
    };
    let allowed = match relationship {
        Some(Relationship::Equal) => 10..=10,
        Some(Relationship::NotRelated) => 0..=0,
        Some(Relationship::Supports | Relationship::SupportedBy) => 1..=10,
        Some(_) => 1..=9,
        None => 0..=10,
    };
    if !allowed.contains(&strength) {
        let relationship = relationship.map_or("", Relationship::as_str);
        cells.problem(format!(
            "strength {strength} does not fit {relationship} (allowed {}-{})",
            allowed.start(),
            allowed.end()
        ));
    }
    Some(strength)
}

/// `SUPPORTS` needs guidance on the source side, `SUPPORTED_BY` on the target side: a guidance
/// or framework standard, or a guidance topic or practice in any standard.
fn check_guidance_side(
    cells: &mut Cells,
    draft: &Draft,
    relationship: Relationship,
    clauses: &BySide<Option<ClauseIdx>>,
    standards: &BySide<&Standard>,
) {
    let side = match relationship {
        Relationship::Supports => Side::Source,
        Relationship::SupportedBy => Side::Target,
        _ => return,
    };
    let guidance_like = standards.get(side).kind.is_guidance_like()
        || clauses.get(side).is_some_and(|clause| {
            matches!(
                draft.clause(clause).kind,
                ClauseKind::GuidanceTopic | ClauseKind::Practice | ClauseKind::PracticeGroup
            )
        });
    if !guidance_like {
        cells.problem(format!(
            "{relationship} needs a guidance {} (a GUIDANCE or FRAMEWORK standard, a guidance topic or practice)",
            side.column()
        ));
    }
}
