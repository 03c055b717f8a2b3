//! Ids as front ends receive them, resolved against a dataset with one message each.

use super::error::ServiceError;
use crate::model::{ClauseIdx, Dataset, StandardIdx};

/// The standard with this id; the one message every front end gives for an unknown one.
pub fn standard(data: &Dataset, id: &str) -> Result<StandardIdx, ServiceError> {
    data.standard_by_id(id)
        .ok_or_else(|| ServiceError::not_found(format!("no standard with id `{id}`")))
}

/// The standards with these ids, in the order given; the first unknown one is the error.
pub fn standards<S: AsRef<str>>(
    data: &Dataset,
    ids: &[S],
) -> Result<Vec<StandardIdx>, ServiceError> {
    ids.iter().map(|id| standard(data, id.as_ref())).collect()
}

/// The clause with this full id (`iso-iec-27001-2022:A.8.32`).
pub fn clause(data: &Dataset, id: &str) -> Result<ClauseIdx, ServiceError> {
    data.clause_by_id(id)
        .ok_or_else(|| ServiceError::not_found(format!("no clause with id `{id}`")))
}

/// The clause `reference` of the standard `standard_id`.
pub fn clause_by_ref(
    data: &Dataset,
    standard_id: &str,
    reference: &str,
) -> Result<ClauseIdx, ServiceError> {
    let idx = standard(data, standard_id)?;
    data.clause_by_ref(standard_id, reference).ok_or_else(|| {
        ServiceError::not_found(format!(
            "{} has no clause `{reference}`",
            data.standard(idx).designation
        ))
    })
}
