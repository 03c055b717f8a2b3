//! Transition plans for an integrated management system: one inventory whose controls name
//! clauses of several standards (as full clause ids), planned for several edition transitions at
//! once (by default, every standard the inventory names that a transition set leads away from),
//! with what the plans have in common: the controls that serve several of them, and the new or
//! changed requirements that correspond to one harmonized-structure clause in several
//! transitions, which one control could meet for all (planning of changes, new in 14001:2026 and
//! in the projected editions, is the obvious one).

use std::collections::{BTreeMap, BTreeSet};

use super::plan::{Action, Control, ControlField, PlanError, TransitionPlan, UserError, plan};
use crate::model::{Change, ClauseIdx, Dataset, StandardIdx};

/// One transition of the integrated plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Transition {
    pub from: StandardIdx,
    pub to: StandardIdx,
}

/// An item of one of the plans: (plan position, item position).
pub type ItemRef = (usize, usize);

/// A control reusable in two or more of the plans.
#[derive(Debug, Clone)]
pub struct SharedControl {
    /// The control's position in the inventory.
    pub control: usize,
    /// The items it is reusable for, plan by plan.
    pub items: Vec<ItemRef>,
}

/// New or changed requirements of two or more transitions that correspond to one
/// harmonized-structure clause: one control could be designed to meet them all.
#[derive(Debug, Clone)]
pub struct SharedRequirement {
    pub hub: ClauseIdx,
    pub items: Vec<ItemRef>,
}

#[derive(Debug, Clone)]
pub struct IntegratedPlan {
    pub plans: Vec<TransitionPlan>,
    pub shared_controls: Vec<SharedControl>,
    pub shared_requirements: Vec<SharedRequirement>,
}

impl IntegratedPlan {
    /// The id of the control at `position` in the inventory (every plan is made from the same
    /// controls, and there is at least one plan).
    pub fn control_id(&self, position: usize) -> &str {
        self.plans[0].control_id(position)
    }
}

/// The transitions an inventory calls for: every standard its clause ids name (in the order
/// first named) that a transition set leads away from, to the edition that set leads to.
pub fn default_transitions(data: &Dataset, controls: &[Control]) -> Vec<Transition> {
    let mut named: Vec<StandardIdx> = Vec::new();
    for control in controls {
        for reference in &control.clauses {
            if let Some(clause) = data.clause_by_id(reference.trim()) {
                let standard = data.clause(clause).standard;
                if !named.contains(&standard) {
                    named.push(standard);
                }
            }
        }
    }
    named
        .into_iter()
        .filter_map(|from| {
            data.mapping_sets
                .iter()
                .find(|set| set.transition && set.source == from)
                .map(|set| Transition {
                    from,
                    to: set.target,
                })
        })
        .collect()
}

/// Plans every transition for the inventory. A clause reference is a problem when it is not a
/// full clause id (a bare ref is ambiguous across editions) or when it carries into none of the
/// transitions; the plans are made for everything else.
pub fn integrated_plan(
    data: &Dataset,
    transitions: &[Transition],
    controls: &[Control],
) -> Result<(IntegratedPlan, Vec<UserError>), PlanError> {
    let mut errors = Vec::new();
    // Bare refs are left out of the controls handed to each plan; `kept` maps a handed-on
    // reference back to its position in the input.
    let mut kept: Vec<Vec<usize>> = Vec::with_capacity(controls.len());
    let handed: Vec<Control> = controls
        .iter()
        .enumerate()
        .map(|(i, control)| {
            let mut positions = Vec::new();
            let mut clauses = Vec::new();
            for (j, reference) in control.clauses.iter().enumerate() {
                if reference.contains(':') {
                    positions.push(j);
                    clauses.push(reference.clone());
                } else {
                    errors.push(UserError {
                        control: i,
                        field: ControlField::Clause(j),
                        message: format!(
                            "`{reference}` is a bare ref: in an integrated inventory name the clause in full (e.g. `iso-iec-20000-1-2018:{reference}`), since refs repeat across standards and editions"
                        ),
                    });
                }
            }
            kept.push(positions);
            Control {
                clauses,
                ..control.clone()
            }
        })
        .collect();

    let mut plans = Vec::with_capacity(transitions.len());
    // (control, input clause position) -> the messages of the plans it failed in.
    let mut failed: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
    for (p, transition) in transitions.iter().enumerate() {
        let (planned, plan_errors) = plan(data, transition.from, transition.to, &handed)?;
        for error in plan_errors {
            match error.field {
                ControlField::Clause(j) => failed
                    .entry((error.control, kept[error.control][j]))
                    .or_default()
                    .push(error.message),
                // A control whose references were all bare names no clause only because of
                // them, which its own problems already say.
                ControlField::Clauses
                    if kept[error.control].is_empty()
                        && !controls[error.control].clauses.is_empty() => {}
                // Problems of the control itself are the same in every plan: say them once.
                ControlField::Id | ControlField::Clauses if p == 0 => errors.push(error),
                ControlField::Id | ControlField::Clauses => {}
            }
        }
        plans.push(planned);
    }
    for ((control, j), messages) in failed {
        if messages.len() < transitions.len() {
            continue;
        }
        let mut distinct: Vec<String> = Vec::new();
        for message in messages {
            if !distinct.contains(&message) {
                distinct.push(message);
            }
        }
        errors.push(UserError {
            control,
            field: ControlField::Clause(j),
            message: if transitions.len() == 1 {
                distinct.join("; ")
            } else {
                format!(
                    "carries into none of the {} transitions planned: {}",
                    transitions.len(),
                    distinct.join("; ")
                )
            },
        });
    }
    errors.sort_by_key(|e| (e.control, field_order(e.field)));

    let shared_controls = shared_controls(&plans);
    let shared_requirements = shared_requirements(data, &plans);
    Ok((
        IntegratedPlan {
            plans,
            shared_controls,
            shared_requirements,
        },
        errors,
    ))
}

fn field_order(field: ControlField) -> usize {
    match field {
        ControlField::Id => 0,
        ControlField::Clauses => 1,
        ControlField::Clause(j) => 2 + j,
    }
}

fn shared_controls(plans: &[TransitionPlan]) -> Vec<SharedControl> {
    let mut by_control: BTreeMap<usize, Vec<ItemRef>> = BTreeMap::new();
    for (p, plan) in plans.iter().enumerate() {
        for (k, item) in plan.items.iter().enumerate() {
            for &control in &item.reusable_controls {
                by_control.entry(control).or_default().push((p, k));
            }
        }
    }
    by_control
        .into_iter()
        .filter(|(_, items)| items.iter().map(|(p, _)| *p).collect::<BTreeSet<_>>().len() > 1)
        .map(|(control, items)| SharedControl { control, items })
        .collect()
}

/// Work to do (implement or review a new or changed requirement), grouped by the hub clause the
/// requirement corresponds to, where two or more transitions share it.
fn shared_requirements(data: &Dataset, plans: &[TransitionPlan]) -> Vec<SharedRequirement> {
    let Some(hub) = data.standard_by_id(super::integrated::HUB) else {
        return Vec::new();
    };
    let mut by_hub: BTreeMap<ClauseIdx, Vec<ItemRef>> = BTreeMap::new();
    for (p, plan) in plans.iter().enumerate() {
        for (k, item) in plan.items.iter().enumerate() {
            let work = matches!(item.action, Action::Implement | Action::Review)
                && matches!(item.change, Some(Change::New | Change::Modified));
            if !work {
                continue;
            }
            for h in super::integrated::corresponding(data, item.clause, hub) {
                by_hub.entry(h).or_default().push((p, k));
            }
        }
    }
    by_hub
        .into_iter()
        .filter(|(_, items)| items.iter().map(|(p, _)| *p).collect::<BTreeSet<_>>().len() > 1)
        .map(|(hub, items)| SharedRequirement { hub, items })
        .collect()
}
