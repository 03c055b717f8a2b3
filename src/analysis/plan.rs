//! Transition plans: an organisation's controls, mapped to the clauses of one edition, read
//! through the edition-transition set into the next edition.
//!
//! Every requirement-carrying clause of the `to` edition gets an item:
//! - `CARRY_OVER`: an implemented control fully covers a predecessor whose requirements contain
//!   the new clause's (the new clause is `EQUAL` to or `SUBSET_OF` it: renumbered, reworded, or a
//!   part of a split), or a control already names the new clause;
//! - `REVIEW`: controls can be reused, but the clause changed, the predecessor only partly carries
//!   it, or the controls are only partly implemented or partly cover it;
//! - `IMPLEMENT`: no control can be reused (a new clause, or nothing covered its predecessors).
//!
//! Every clause of the `from` edition that the transition removes gets a `RETIRE` item listing the
//! controls that served it. Problems in the inventory are returned as user errors and the plan is
//! computed for the rest.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::coverage::CoverageLevel;
use crate::model::{
    Change, ClauseIdx, Dataset, MappingSetIdx, OrientedMapping, Relationship, StandardIdx,
    StandardKind,
};

/// How far along a control is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ControlStatus {
    #[default]
    Implemented,
    Partial,
    Planned,
}

/// One control of an organisation's inventory.
#[derive(Debug, Clone)]
pub struct Control {
    pub id: String,
    pub title: Option<String>,
    /// Refs in the `from` edition (`8.5.1`) or full clause ids of any standard.
    pub clauses: Vec<String>,
    pub status: ControlStatus,
}

/// Which part of a control a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlField {
    Id,
    Clauses,
    /// One clause reference, by its position in the control's list.
    Clause(usize),
}

/// A problem with one input value; the plan is still computed for the rest. The position is
/// typed: each front end says it in its own terms (a GraphQL path, a line of a CSV file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserError {
    /// The control's position in the input.
    pub control: usize,
    pub field: ControlField,
    pub message: String,
}

/// What to do about a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    CarryOver,
    Review,
    Implement,
    Retire,
}

impl Action {
    /// The name every document and answer gives the action.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::CarryOver => "CARRY_OVER",
            Action::Review => "REVIEW",
            Action::Implement => "IMPLEMENT",
            Action::Retire => "RETIRE",
        }
    }
}

/// One line of the plan.
#[derive(Debug, Clone)]
pub struct TransitionItem {
    /// A clause of `to` (or, for `RETIRE`, the removed clause of `from`).
    pub clause: ClauseIdx,
    pub action: Action,
    /// The change from `from` to `to`, the most significant one when several rows apply.
    pub change: Option<Change>,
    pub predecessors: Vec<ClauseIdx>,
    /// Positions of the input controls that can be reused (or, for `RETIRE`, that served the
    /// clause), in input order; [`TransitionPlan::control_id`] names them.
    pub reusable_controls: Vec<usize>,
    pub provisional: bool,
    pub rationale: String,
    /// Guidance clauses that support this clause (e.g. ISO/IEC TS 20000-16).
    pub guidance: Vec<ClauseIdx>,
    /// The transition rows the item rests on, read from `clause`.
    pub transition_mappings: Vec<OrientedMapping>,
}

/// Counts and readiness.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub carry_over: usize,
    pub review: usize,
    pub implement: usize,
    pub retire: usize,
    /// (CARRY_OVER + ½ REVIEW) / (CARRY_OVER + REVIEW + IMPLEMENT): how much of the new edition
    /// the existing controls already carry.
    pub readiness: f64,
}

#[derive(Debug, Clone)]
pub struct TransitionPlan {
    pub from: StandardIdx,
    pub to: StandardIdx,
    pub items: Vec<TransitionItem>,
    pub summary: Summary,
    /// The input controls' ids, by position.
    pub control_ids: Vec<String>,
}

impl TransitionPlan {
    /// The id of the input control at `position`.
    pub fn control_id(&self, position: usize) -> &str {
        &self.control_ids[position]
    }

    /// The ids of the reusable controls of `item`, in input order.
    pub fn reusable_ids<'a>(&'a self, item: &'a TransitionItem) -> impl Iterator<Item = &'a str> {
        item.reusable_controls.iter().map(|&i| self.control_id(i))
    }
}

/// Most control ids a rationale names before it says how many more there are: the full list is
/// in `reusable_controls`, and a sentence must stay readable (and fit a spreadsheet cell).
pub const CONTROLS_NAMED_IN_RATIONALE: usize = 10;

/// Why no plan can be made at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("no edition-transition set from `{from}` to `{to}`")]
    NoTransition { from: String, to: String },
}

/// Where the controls land: coverage of `from` clauses and direct claims on `to` clauses.
/// Each list holds one entry per control, in input order (controls are resolved one after the
/// other), so merging and listing them is linear in the inventory.
#[derive(Default)]
struct ControlCoverage {
    /// `from` clause -> (control position, level).
    on_from: HashMap<ClauseIdx, Vec<(usize, CoverageLevel)>>,
    /// `to` clause -> (control position, level).
    on_to: HashMap<ClauseIdx, Vec<(usize, CoverageLevel)>>,
}

impl ControlCoverage {
    fn on_from(&self, clause: ClauseIdx) -> &[(usize, CoverageLevel)] {
        self.on_from.get(&clause).map_or(&[], Vec::as_slice)
    }

    fn on_to(&self, clause: ClauseIdx) -> &[(usize, CoverageLevel)] {
        self.on_to.get(&clause).map_or(&[], Vec::as_slice)
    }
}

/// Records `level` for `key`, keeping the higher level when `key` is already there.
fn raise<K: Ord>(entries: &mut BTreeMap<K, CoverageLevel>, key: K, level: CoverageLevel) {
    let entry = entries.entry(key).or_insert(level);
    *entry = (*entry).max(level);
}

/// Builds the plan. Fails only when the two editions have no transition set. Linear in the
/// inventory: each distinct clause reference is resolved once, and each control lands once per
/// clause it reaches.
pub fn plan(
    data: &Dataset,
    from: StandardIdx,
    to: StandardIdx,
    controls: &[Control],
) -> Result<(TransitionPlan, Vec<UserError>), PlanError> {
    let set = transition_set(data, from, to).ok_or_else(|| PlanError::NoTransition {
        from: data.standard(from).id.clone(),
        to: data.standard(to).id.clone(),
    })?;
    let mut errors = Vec::new();
    let coverage = resolve_controls(data, from, to, controls, &mut errors);
    let control_ids: Vec<String> = controls.iter().map(|c| c.id.clone()).collect();

    let mut items = Vec::new();
    for &clause in &data.standard(to).clauses {
        if data.clause(clause).normative {
            items.push(item_for_new_clause(
                data,
                set,
                clause,
                &coverage,
                &control_ids,
            ));
        }
    }
    for &clause in &data.standard(from).clauses {
        let rows: Vec<OrientedMapping> = rows_in_set(data, set, clause);
        // Removed: the clause has rows in the transition and none of them leads anywhere.
        if !rows.is_empty() && rows.iter().all(|m| m.far(data).is_none()) {
            let reusable: Vec<usize> = coverage.on_from(clause).iter().map(|(i, _)| *i).collect();
            let note = rows
                .iter()
                .find_map(|m| data.mapping(m.mapping).note.clone())
                .unwrap_or_default();
            let rationale = if reusable.is_empty() {
                format!(
                    "Removed in {}; nothing to retire. {note}",
                    data.standard(to).designation
                )
            } else {
                format!(
                    "Removed in {}: {} served only this clause here; retire them or map them to other clauses. {note}",
                    data.standard(to).designation,
                    name_controls(&control_ids, &reusable)
                )
            };
            items.push(TransitionItem {
                clause,
                action: Action::Retire,
                change: Some(Change::Removed),
                predecessors: Vec::new(),
                reusable_controls: reusable,
                provisional: rows.iter().any(|m| data.mapping(m.mapping).provisional),
                rationale: rationale.trim_end().to_string(),
                guidance: Vec::new(),
                transition_mappings: rows,
            });
        }
    }
    let count = |action: Action| items.iter().filter(|i| i.action == action).count();
    let (carry_over, review, implement, retire) = (
        count(Action::CarryOver),
        count(Action::Review),
        count(Action::Implement),
        count(Action::Retire),
    );
    let open = carry_over + review + implement;
    let readiness = if open == 0 {
        0.0
    } else {
        (carry_over as f64 + review as f64 / 2.0) / open as f64
    };
    Ok((
        TransitionPlan {
            from,
            to,
            items,
            summary: Summary {
                carry_over,
                review,
                implement,
                retire,
                readiness,
            },
            control_ids,
        },
        errors,
    ))
}

/// "control A", "controls A, B" or "controls A, B, ... and 42 more": at most
/// [`CONTROLS_NAMED_IN_RATIONALE`] ids, so that a sentence stays a sentence.
fn name_controls(control_ids: &[String], positions: &[usize]) -> String {
    let named: Vec<&str> = positions
        .iter()
        .take(CONTROLS_NAMED_IN_RATIONALE)
        .map(|&i| control_ids[i].as_str())
        .collect();
    let rest = positions.len() - named.len();
    let noun = if positions.len() == 1 {
        "control"
    } else {
        "controls"
    };
    if rest == 0 {
        format!("{noun} {}", named.join(", "))
    } else {
        format!("{noun} {} and {rest} more", named.join(", "))
    }
}

/// The transition set stored from `from` to `to`.
pub fn transition_set(data: &Dataset, from: StandardIdx, to: StandardIdx) -> Option<MappingSetIdx> {
    data.mapping_sets
        .iter()
        .position(|s| s.transition && s.source == from && s.target == to)
        .map(|i| MappingSetIdx(i as u32))
}

fn rows_in_set(data: &Dataset, set: MappingSetIdx, clause: ClauseIdx) -> Vec<OrientedMapping> {
    data.mappings_of(clause)
        .iter()
        .filter(|m| data.mapping(m.mapping).set == set)
        .copied()
        .collect()
}

/// How significant a change is, for picking one when a clause has several rows.
fn significance(change: Change) -> u8 {
    match change {
        Change::New => 7,
        Change::Modified => 6,
        Change::Merged => 5,
        Change::Split => 4,
        Change::Renumbered => 3,
        Change::Editorial => 2,
        Change::Unchanged => 1,
        Change::Removed => 0,
    }
}

fn item_for_new_clause(
    data: &Dataset,
    set: MappingSetIdx,
    clause: ClauseIdx,
    coverage: &ControlCoverage,
    control_ids: &[String],
) -> TransitionItem {
    let rows = rows_in_set(data, set, clause);
    // Read from the new clause, a stored from->to row is reversed; its forward change is the stored one.
    let change = rows
        .iter()
        .filter_map(|m| data.mapping(m.mapping).change)
        .max_by_key(|c| significance(*c));
    let linked: Vec<(ClauseIdx, Relationship)> = rows
        .iter()
        .filter_map(|m| Some((m.far(data)?, m.relationship(data)?)))
        .filter(|(_, r)| *r != Relationship::NotRelated)
        .collect();
    let predecessors: Vec<ClauseIdx> = linked.iter().map(|(p, _)| *p).collect();

    let mut reusable: BTreeMap<usize, CoverageLevel> = BTreeMap::new();
    let mut carried_in_full = false;
    for (predecessor, relationship) in &linked {
        // The new clause is carried in full by its predecessor when it asks nothing more.
        let carried = CoverageLevel::from_relationship(*relationship);
        for &(control, level) in coverage.on_from(*predecessor) {
            let level = level.min(carried);
            carried_in_full |= level == CoverageLevel::Full;
            raise(&mut reusable, control, level);
        }
    }
    let direct = coverage.on_to(clause);
    let direct_full = direct.iter().any(|(_, l)| *l == CoverageLevel::Full);
    for &(control, level) in direct {
        raise(&mut reusable, control, level);
    }
    let action = if direct_full || carried_in_full {
        Action::CarryOver
    } else if reusable.is_empty() {
        Action::Implement
    } else {
        Action::Review
    };
    let provisional =
        data.clause(clause).provisional || rows.iter().any(|m| data.mapping(m.mapping).provisional);
    let guidance: Vec<ClauseIdx> = data
        .mappings_of(clause)
        .iter()
        .filter(|m| m.relationship(data) == Some(Relationship::SupportedBy))
        .filter_map(|m| m.far(data))
        .filter(|g| data.standard(data.clause(*g).standard).kind == StandardKind::Guidance)
        .collect();
    let rationale = rationale(
        data,
        Verdict {
            action,
            change,
            linked: &linked,
            reusable: &reusable,
            direct_full,
            rows: &rows,
        },
        control_ids,
    );
    TransitionItem {
        clause,
        action,
        change,
        predecessors,
        reusable_controls: reusable.into_keys().collect(),
        provisional,
        rationale,
        guidance,
        transition_mappings: rows,
    }
}

/// What an item's rationale explains.
struct Verdict<'a> {
    action: Action,
    change: Option<Change>,
    linked: &'a [(ClauseIdx, Relationship)],
    reusable: &'a BTreeMap<usize, CoverageLevel>,
    direct_full: bool,
    rows: &'a [OrientedMapping],
}

fn rationale(data: &Dataset, verdict: Verdict<'_>, control_ids: &[String]) -> String {
    let change_text = match verdict.change {
        Some(Change::New) | None => "New clause with no predecessor".to_string(),
        Some(change) => {
            let from: Vec<String> = verdict
                .linked
                .iter()
                .map(|(p, r)| {
                    format!(
                        "{} ({} it)",
                        data.clause(*p).reference,
                        describe(r.inverse())
                    )
                })
                .collect();
            format!(
                "{} from {}",
                change.as_str().to_lowercase().replace('_', " "),
                from.join(", ")
            )
        }
    };
    let controls = |level: CoverageLevel| -> Vec<usize> {
        verdict
            .reusable
            .iter()
            .filter(|(_, l)| **l == level)
            .map(|(i, _)| *i)
            .collect()
    };
    let (full, partial) = (
        controls(CoverageLevel::Full),
        controls(CoverageLevel::Partial),
    );
    let list = |positions: &[usize]| name_controls(control_ids, positions);
    let verb = |positions: &[usize], one: &'static str, many: &'static str| {
        if positions.len() == 1 { one } else { many }
    };
    let verdict_text = match verdict.action {
        Action::CarryOver if verdict.direct_full => format!(
            "{} already {} this clause",
            list(&full),
            verb(&full, "addresses", "address")
        ),
        Action::CarryOver => format!(
            "{} fully {} the predecessor, whose requirements contain this clause's: carry over",
            list(&full),
            verb(&full, "covers", "cover")
        ),
        Action::Implement => "no existing control covers it: implement".to_string(),
        Action::Review => {
            let mut parts = Vec::new();
            if !full.is_empty() {
                parts.push(format!(
                    "{} {} the predecessor",
                    list(&full),
                    verb(&full, "covers", "cover")
                ));
            }
            if !partial.is_empty() {
                parts.push(format!(
                    "{} {} it only in part (partial coverage, or not fully implemented)",
                    list(&partial),
                    verb(&partial, "covers", "cover")
                ));
            }
            format!("{}; review against the new requirements", parts.join("; "))
        }
        Action::Retire => String::new(),
    };
    let note = verdict
        .rows
        .iter()
        .filter_map(|m| data.mapping(m.mapping).note.as_deref())
        .next()
        .unwrap_or("");
    format!("{change_text}; {verdict_text}. {note}")
        .trim_end()
        .to_string()
}

fn describe(relationship: Relationship) -> &'static str {
    match relationship {
        Relationship::Equal => "equals",
        Relationship::SubsetOf => "is part of",
        Relationship::SupersetOf => "contains",
        Relationship::IntersectsWith => "overlaps",
        Relationship::NotRelated => "is unrelated to",
        Relationship::Supports => "supports",
        Relationship::SupportedBy => "is supported by",
    }
}

/// Resolves every control's clause references, reporting the ones that cannot be resolved.
/// A reference named by many controls (or many times by one) is resolved once.
fn resolve_controls(
    data: &Dataset,
    from: StandardIdx,
    to: StandardIdx,
    controls: &[Control],
    errors: &mut Vec<UserError>,
) -> ControlCoverage {
    let mut coverage = ControlCoverage::default();
    let mut seen_ids = HashSet::new();
    let mut resolved: HashMap<&str, Result<Resolved, String>> = HashMap::new();
    // One control's levels per clause, merged before they are recorded once.
    let mut on_from: BTreeMap<ClauseIdx, CoverageLevel> = BTreeMap::new();
    let mut on_to: BTreeMap<ClauseIdx, CoverageLevel> = BTreeMap::new();
    for (i, control) in controls.iter().enumerate() {
        let problem = |field: ControlField, message: String| UserError {
            control: i,
            field,
            message,
        };
        if control.id.trim().is_empty() {
            errors.push(problem(
                ControlField::Id,
                "a control needs an id".to_string(),
            ));
            continue;
        }
        if !seen_ids.insert(control.id.as_str()) {
            errors.push(problem(
                ControlField::Id,
                format!("control id `{}` appears more than once", control.id),
            ));
            continue;
        }
        if control.clauses.is_empty() {
            errors.push(problem(
                ControlField::Clauses,
                format!("control `{}` names no clause", control.id),
            ));
        }
        let cap = match control.status {
            ControlStatus::Implemented => CoverageLevel::Full,
            ControlStatus::Partial | ControlStatus::Planned => CoverageLevel::Partial,
        };
        for (j, reference) in control.clauses.iter().enumerate() {
            let reference = reference.trim();
            let found = resolved
                .entry(reference)
                .or_insert_with(|| resolve(data, from, to, reference));
            match found {
                Ok(found) => {
                    for &(clause, level) in &found.on_from {
                        raise(&mut on_from, clause, level.min(cap));
                    }
                    for &(clause, level) in &found.on_to {
                        raise(&mut on_to, clause, level.min(cap));
                    }
                }
                Err(message) => errors.push(problem(ControlField::Clause(j), message.clone())),
            }
        }
        for (clause, level) in std::mem::take(&mut on_from) {
            coverage.on_from.entry(clause).or_default().push((i, level));
        }
        for (clause, level) in std::mem::take(&mut on_to) {
            coverage.on_to.entry(clause).or_default().push((i, level));
        }
    }
    coverage
}

#[derive(Default)]
struct Resolved {
    on_from: Vec<(ClauseIdx, CoverageLevel)>,
    on_to: Vec<(ClauseIdx, CoverageLevel)>,
}

/// A ref in `from`, or a clause id of any standard. A clause stands for its whole subtree.
fn resolve(
    data: &Dataset,
    from: StandardIdx,
    to: StandardIdx,
    reference: &str,
) -> Result<Resolved, String> {
    let from_id = &data.standard(from).id;
    let clause = if reference.contains(':') {
        data.clause_by_id(reference)
            .ok_or_else(|| format!("unknown clause id `{reference}`"))?
    } else {
        data.clause_by_ref(from_id, reference).ok_or_else(|| {
            format!(
                "`{reference}` is not a clause of {}",
                data.standard(from).designation
            )
        })?
    };
    let standard = data.clause(clause).standard;
    let whole = |c: ClauseIdx| {
        data.subtree(c)
            .into_iter()
            .map(|d| (d, CoverageLevel::Full))
            .collect::<Vec<_>>()
    };
    let mut resolved = Resolved::default();
    if standard == from {
        resolved.on_from = whole(clause);
    } else if standard == to {
        resolved.on_to = whole(clause);
    } else {
        // Another standard: follow its crosswalk into `from`. Meeting the other clause meets a
        // `from` clause in full when that clause equals or is part of it.
        for mapping in data.mappings_toward(clause, &[from]) {
            let (Some(far), Some(relationship)) = (mapping.far(data), mapping.relationship(data))
            else {
                continue;
            };
            let level = CoverageLevel::from_relationship(relationship.inverse());
            if level == CoverageLevel::None {
                continue;
            }
            if level == CoverageLevel::Full {
                resolved.on_from.extend(whole(far));
            } else {
                resolved.on_from.push((far, level));
            }
        }
        if resolved.on_from.is_empty() {
            // No direct crosswalk: compose one hop through any other standard (e.g. 27001 to
            // 20000-1:2011 through 20000-1:2018), keeping only determinate compositions.
            resolved.on_from = through_one_hop(data, clause, from);
        }
        if resolved.on_from.is_empty() {
            let mut message = format!(
                "`{reference}` has no mapping to {} that would carry it over, directly or through one other standard",
                data.standard(from).designation
            );
            // A checked absence says why: the clause was compared and nothing corresponds.
            for absence in data.checked_absences(clause, &[from]) {
                if let Some(far) = absence.far(data)
                    && let Some(note) = &data.mapping(absence.mapping).note
                {
                    message.push_str(&format!(
                        "; checked against {}: {note}",
                        data.clause(far).reference
                    ));
                }
            }
            return Err(message);
        }
    }
    Ok(resolved)
}

/// The `from` clauses a clause of a third standard reaches through one intermediate clause,
/// with the coverage the composed relationship gives (see [`super::compose`]).
fn through_one_hop(
    data: &Dataset,
    clause: ClauseIdx,
    from: StandardIdx,
) -> Vec<(ClauseIdx, CoverageLevel)> {
    let mut found: BTreeMap<ClauseIdx, CoverageLevel> = BTreeMap::new();
    let set_links = |c: ClauseIdx| {
        data.mappings_of(c)
            .iter()
            .filter_map(move |m| Some((m.far(data)?, m.relationship(data)?)))
            .filter(|(_, r)| !r.is_supportive())
    };
    for (middle, first) in set_links(clause) {
        if data.clause(middle).standard == from {
            continue;
        }
        for (end, second) in set_links(middle) {
            if data.clause(end).standard != from {
                continue;
            }
            let Some(composed) = super::compose::compose(first, second) else {
                continue;
            };
            // Read from the `from` clause: covered in full when it equals or is part of the control's clause.
            let level = CoverageLevel::from_relationship(composed.inverse());
            if level == CoverageLevel::None {
                continue;
            }
            raise(&mut found, end, level);
        }
    }
    found.into_iter().collect()
}
