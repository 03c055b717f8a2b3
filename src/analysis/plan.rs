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

use std::collections::{BTreeMap, HashSet};

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

/// A problem with one input value; the plan is still computed for the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserError {
    /// Path to the offending input value, e.g. `["controls", "3", "clauses", "0"]`.
    pub field: Vec<String>,
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

/// One line of the plan.
#[derive(Debug, Clone)]
pub struct TransitionItem {
    /// A clause of `to` (or, for `RETIRE`, the removed clause of `from`).
    pub clause: ClauseIdx,
    pub action: Action,
    /// The change from `from` to `to`, the most significant one when several rows apply.
    pub change: Option<Change>,
    pub predecessors: Vec<ClauseIdx>,
    /// Ids of the input controls that can be reused (or, for `RETIRE`, that served the clause).
    pub reusable_controls: Vec<String>,
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
}

/// Why no plan can be made at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("no edition-transition set from `{from}` to `{to}`")]
    NoTransition { from: String, to: String },
}

/// Where the controls land: coverage of `from` clauses and direct claims on `to` clauses.
#[derive(Default)]
struct ControlCoverage {
    /// `from` clause -> (control id, level).
    on_from: BTreeMap<ClauseIdx, Vec<(String, CoverageLevel)>>,
    /// `to` clause -> (control id, level).
    on_to: BTreeMap<ClauseIdx, Vec<(String, CoverageLevel)>>,
}

/// Records `level` for `key` in a small list, keeping the higher level when `key` is already there.
fn raise<K: PartialEq>(entries: &mut Vec<(K, CoverageLevel)>, key: K, level: CoverageLevel) {
    match entries.iter_mut().find(|(k, _)| *k == key) {
        Some(entry) => entry.1 = entry.1.max(level),
        None => entries.push((key, level)),
    }
}

/// Builds the plan. Fails only when the two editions have no transition set.
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

    let mut items = Vec::new();
    for &clause in &data.standard(to).clauses {
        if data.clause(clause).normative {
            items.push(item_for_new_clause(data, set, clause, &coverage));
        }
    }
    for &clause in &data.standard(from).clauses {
        let rows: Vec<OrientedMapping> = rows_in_set(data, set, clause);
        // Removed: the clause has rows in the transition and none of them leads anywhere.
        if !rows.is_empty() && rows.iter().all(|m| m.far(data).is_none()) {
            let reusable: Vec<String> = coverage
                .on_from
                .get(&clause)
                .map(|v| v.iter().map(|(id, _)| id.clone()).collect())
                .unwrap_or_default();
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
                    "Removed in {}: controls {} served only this clause here; retire them or map them to other clauses. {note}",
                    data.standard(to).designation,
                    reusable.join(", ")
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
        },
        errors,
    ))
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

    let mut reusable: Vec<(String, CoverageLevel)> = Vec::new();
    let mut carried_in_full = false;
    for (predecessor, relationship) in &linked {
        // The new clause is carried in full by its predecessor when it asks nothing more.
        let carried = CoverageLevel::from_relationship(*relationship);
        for (control, level) in coverage.on_from.get(predecessor).into_iter().flatten() {
            let level = (*level).min(carried);
            carried_in_full |= level == CoverageLevel::Full;
            raise(&mut reusable, control.clone(), level);
        }
    }
    let direct = coverage.on_to.get(&clause).cloned().unwrap_or_default();
    let direct_full = direct.iter().any(|(_, l)| *l == CoverageLevel::Full);
    for (control, level) in &direct {
        raise(&mut reusable, control.clone(), *level);
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
    let rationale = rationale(data, action, change, &linked, &reusable, direct_full, &rows);
    TransitionItem {
        clause,
        action,
        change,
        predecessors,
        reusable_controls: reusable.into_iter().map(|(id, _)| id).collect(),
        provisional,
        rationale,
        guidance,
        transition_mappings: rows,
    }
}

fn rationale(
    data: &Dataset,
    action: Action,
    change: Option<Change>,
    linked: &[(ClauseIdx, Relationship)],
    reusable: &[(String, CoverageLevel)],
    direct_full: bool,
    rows: &[OrientedMapping],
) -> String {
    let change_text = match change {
        Some(Change::New) | None => "New clause with no predecessor".to_string(),
        Some(change) => {
            let from: Vec<String> = linked
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
    let controls = |level: CoverageLevel| -> Vec<&str> {
        reusable
            .iter()
            .filter(|(_, l)| *l == level)
            .map(|(id, _)| id.as_str())
            .collect()
    };
    let (full, partial) = (
        controls(CoverageLevel::Full),
        controls(CoverageLevel::Partial),
    );
    let list = |ids: &[&str]| -> String {
        match ids.len() {
            1 => format!("control {}", ids[0]),
            _ => format!("controls {}", ids.join(", ")),
        }
    };
    let verb = |ids: &[&str], one: &'static str, many: &'static str| {
        if ids.len() == 1 { one } else { many }
    };
    let verdict = match action {
        Action::CarryOver if direct_full => format!(
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
    let note = rows
        .iter()
        .filter_map(|m| data.mapping(m.mapping).note.as_deref())
        .next()
        .unwrap_or("");
    format!("{change_text}; {verdict}. {note}")
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
fn resolve_controls(
    data: &Dataset,
    from: StandardIdx,
    to: StandardIdx,
    controls: &[Control],
    errors: &mut Vec<UserError>,
) -> ControlCoverage {
    let mut coverage = ControlCoverage::default();
    let mut seen_ids = HashSet::new();
    for (i, control) in controls.iter().enumerate() {
        let field = |rest: &[&str]| -> Vec<String> {
            ["controls".to_string(), i.to_string()]
                .into_iter()
                .chain(rest.iter().map(|s| s.to_string()))
                .collect()
        };
        if control.id.trim().is_empty() {
            errors.push(UserError {
                field: field(&["id"]),
                message: "a control needs an id".to_string(),
            });
            continue;
        }
        if !seen_ids.insert(control.id.clone()) {
            errors.push(UserError {
                field: field(&["id"]),
                message: format!("control id `{}` appears more than once", control.id),
            });
            continue;
        }
        if control.clauses.is_empty() {
            errors.push(UserError {
                field: field(&["clauses"]),
                message: format!("control `{}` names no clause", control.id),
            });
        }
        let cap = match control.status {
            ControlStatus::Implemented => CoverageLevel::Full,
            ControlStatus::Partial | ControlStatus::Planned => CoverageLevel::Partial,
        };
        for (j, reference) in control.clauses.iter().enumerate() {
            let j = j.to_string();
            match resolve(data, from, to, reference.trim()) {
                Ok(found) => {
                    for (clause, level) in found.on_from {
                        let entries = coverage.on_from.entry(clause).or_default();
                        raise(entries, control.id.clone(), level.min(cap));
                    }
                    for (clause, level) in found.on_to {
                        let entries = coverage.on_to.entry(clause).or_default();
                        raise(entries, control.id.clone(), level.min(cap));
                    }
                }
                Err(message) => errors.push(UserError {
                    field: field(&["clauses", &j]),
                    message,
                }),
            }
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
    let mut found: Vec<(ClauseIdx, CoverageLevel)> = Vec::new();
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
    found
}
