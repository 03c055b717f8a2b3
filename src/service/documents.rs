//! Documents people hand on (crosswalks and transition plans in every format), made the same
//! way for the HTTP downloads and the CLI, so both give the same bytes.

use super::error::ServiceError;
use super::inventory::{Inventory, PlannedIntegrated, PlannedInventory};
use super::snapshot::Snapshot;
use crate::analysis::integrated_plan::{Transition, default_transitions};
use crate::model::StandardIdx;
use crate::report::plan::LineProblem;
use crate::report::{self, Format};

/// What a plan document is asked for: one transition, or an integrated plan of several (none
/// given: every standard of the inventory that has a newer edition in the dataset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanRequest {
    One { from: String, to: String },
    Integrated { transitions: Vec<(String, String)> },
}

/// A rendered document and what a download says about it.
#[derive(Debug, Clone)]
pub struct Document {
    pub bytes: Vec<u8>,
    pub format: Format,
    /// A file name without directory, e.g. `iso-iec-20000-1-2018--iso-iec-27001-2022.csv`.
    pub file_name: String,
    /// Problems of the input the document was made from (a plan's inventory), also listed in it.
    pub problems: Vec<LineProblem>,
}

/// Reads a format name as the CLI and the downloads spell it; the one message for an unknown one.
pub fn parse_format(text: &str) -> Result<Format, ServiceError> {
    text.parse::<Format>()
        .map_err(ServiceError::invalid_argument)
}

impl Snapshot {
    /// The crosswalk between two standards, oriented from `from`. Refused when `from` and `to`
    /// are the same standard, and when no row is stored between them in either direction: an
    /// empty table would be no answer (and no valid OSCAL), so every format says "not found".
    pub fn crosswalk_document(
        &self,
        from: &str,
        to: &str,
        format: Format,
    ) -> Result<Document, ServiceError> {
        let (from_idx, to_idx) = self.crosswalk_pair(from, to)?;
        let bytes =
            report::crosswalk::render(&self.dataset, from_idx, to_idx, format, &self.loaded_at)
                .map_err(ServiceError::internal)?;
        Ok(Document {
            bytes,
            format,
            file_name: format!("{from}--{to}.{}", format.extension()),
            problems: Vec::new(),
        })
    }

    /// Resolves a pair of standards for a crosswalk download, with the refusals that apply to
    /// every format.
    pub fn crosswalk_pair(
        &self,
        from: &str,
        to: &str,
    ) -> Result<(StandardIdx, StandardIdx), ServiceError> {
        let (from_idx, to_idx) = super::resolve::standard_pair(&self.dataset, from, to)?;
        let data = &self.dataset;
        let two_sided = data.sets_between(from_idx, to_idx).any(|(_, set)| {
            set.mappings.iter().any(|m| {
                let row = data.mapping(*m);
                row.source.is_some() && row.target.is_some()
            })
        });
        if !two_sided {
            return Err(ServiceError::not_found(format!(
                "no mapping is stored between {} and {}; `derivedCrosswalk` composes one through other standards",
                data.standard(from_idx).designation,
                data.standard(to_idx).designation
            )));
        }
        Ok((from_idx, to_idx))
    }

    /// The transition plan for an inventory.
    pub fn plan(
        &self,
        from: &str,
        to: &str,
        inventory: &Inventory,
    ) -> Result<PlannedInventory, ServiceError> {
        let (from_idx, to_idx) = (self.standard(from)?, self.standard(to)?);
        inventory
            .plan(&self.dataset, from_idx, to_idx)
            .map_err(|e| ServiceError::invalid_argument(e.to_string()))
    }

    /// The integrated plan for an inventory: the transitions asked for as `(from, to)` ids, or,
    /// when none are, every standard the inventory names that a transition leads away from.
    pub fn integrated_plan(
        &self,
        transitions: &[(String, String)],
        inventory: &Inventory,
    ) -> Result<PlannedIntegrated, ServiceError> {
        let data = &self.dataset;
        let transitions: Vec<Transition> = if transitions.is_empty() {
            default_transitions(data, &inventory.controls)
        } else {
            transitions
                .iter()
                .map(|(from, to)| {
                    Ok(Transition {
                        from: self.standard(from)?,
                        to: self.standard(to)?,
                    })
                })
                .collect::<Result<_, ServiceError>>()?
        };
        if transitions.is_empty() {
            return Err(ServiceError::invalid_argument(
                "the inventory names no clause of a standard that has a newer edition in the dataset: name its clauses by full id (`iso-14001-2015:6.1.2`) or ask for transitions explicitly",
            ));
        }
        inventory
            .plan_integrated(data, &transitions)
            .map_err(|e| ServiceError::invalid_argument(e.to_string()))
    }

    /// The plan asked for, as a document that lists every problem of the inventory with its line.
    pub fn plan_request_document(
        &self,
        request: &PlanRequest,
        inventory: &Inventory,
        format: Format,
    ) -> Result<Document, ServiceError> {
        if format == Format::Oscal {
            return Err(ServiceError::invalid_argument(
                "a transition plan has no OSCAL form; use csv, md, json or xlsx",
            ));
        }
        match request {
            PlanRequest::One { from, to } => self.plan_document(from, to, inventory, format),
            PlanRequest::Integrated { transitions } => {
                self.integrated_plan_document(transitions, inventory, format)
            }
        }
    }

    fn integrated_plan_document(
        &self,
        transitions: &[(String, String)],
        inventory: &Inventory,
        format: Format,
    ) -> Result<Document, ServiceError> {
        let planned = self.integrated_plan(transitions, inventory)?;
        let problems = line_problems(inventory, &planned.problems);
        let bytes =
            report::integrated_plan::render(&self.dataset, &planned.plan, &problems, format)
                .map_err(ServiceError::internal)?;
        Ok(Document {
            bytes,
            format,
            file_name: format!("integrated-plan.{}", format.extension()),
            problems,
        })
    }

    fn plan_document(
        &self,
        from: &str,
        to: &str,
        inventory: &Inventory,
        format: Format,
    ) -> Result<Document, ServiceError> {
        let planned = self.plan(from, to, inventory)?;
        let problems = line_problems(inventory, &planned.problems);
        let bytes = report::plan::render(&self.dataset, &planned.plan, &problems, format)
            .map_err(ServiceError::internal)?;
        Ok(Document {
            bytes,
            format,
            file_name: format!("plan-{from}--{to}.{}", format.extension()),
            problems,
        })
    }
}

/// The problems of an inventory read from a file, at their lines, in line order (problems of one
/// line keep the order they were found in).
fn line_problems(
    inventory: &Inventory,
    problems: &[super::inventory::Problem],
) -> Vec<LineProblem> {
    let mut lines: Vec<LineProblem> = problems
        .iter()
        .map(|p| LineProblem {
            line: inventory.line_of(p.place),
            message: p.message.clone(),
        })
        .collect();
    lines.sort_by_key(|p| p.line);
    lines
}

/// Reads `FROM:TO` (or `FROM->TO`) as a pair of standard ids.
pub fn parse_transition(text: &str) -> Result<(String, String), ServiceError> {
    text.split_once("->")
        .or_else(|| text.split_once(':'))
        .map(|(from, to)| (from.trim().to_string(), to.trim().to_string()))
        .filter(|(from, to)| !from.is_empty() && !to.is_empty())
        .ok_or_else(|| {
            ServiceError::invalid_argument(format!(
                "transition `{text}` is not `FROM:TO` (two standard ids)"
            ))
        })
}
