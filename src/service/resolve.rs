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

// The arguments of the read-only questions (search, crosswalk, coverage, integrated view): what
// each one refuses is decided here, so GraphQL and MCP refuse the same things in the same words.

/// The longest search query accepted, in characters.
pub const MAX_SEARCH_QUERY_CHARS: usize = 200;

/// A search's query (not blank, at most [`MAX_SEARCH_QUERY_CHARS`]) and the standards it is
/// limited to, if any.
pub fn search_scope<S: AsRef<str>>(
    data: &Dataset,
    query: &str,
    only: Option<&[S]>,
) -> Result<Option<Vec<StandardIdx>>, ServiceError> {
    if query.trim().is_empty() {
        return Err(ServiceError::invalid_argument("`query` must not be empty"));
    }
    if query.chars().count() > MAX_SEARCH_QUERY_CHARS {
        return Err(ServiceError::invalid_argument(format!(
            "`query` is longer than {MAX_SEARCH_QUERY_CHARS} characters"
        )));
    }
    only.map(|ids| standards(data, ids)).transpose()
}

/// Two different standards, `from` and `to`, for a crosswalk read from `from`.
pub fn standard_pair(
    data: &Dataset,
    from: &str,
    to: &str,
) -> Result<(StandardIdx, StandardIdx), ServiceError> {
    let pair = (standard(data, from)?, standard(data, to)?);
    if pair.0 == pair.1 {
        return Err(ServiceError::invalid_argument(format!(
            "`from` and `to` are the same standard (`{from}`): a crosswalk relates two standards"
        )));
    }
    Ok(pair)
}

/// A minimum strength of mappings, 0 to 10.
pub fn min_strength(value: Option<i64>) -> Result<Option<u8>, ServiceError> {
    match value {
        None => Ok(None),
        Some(s @ 0..=10) => Ok(Some(s as u8)),
        Some(s) => Err(ServiceError::invalid_argument(format!(
            "the minimum strength must be 0 to 10, got {s}"
        ))),
    }
}

/// A coverage question: the target, and the standards already met (at least one, not the
/// target).
pub fn coverage_standards<S: AsRef<str>>(
    data: &Dataset,
    target: &str,
    sources: &[S],
) -> Result<(StandardIdx, Vec<StandardIdx>), ServiceError> {
    let target_idx = standard(data, target)?;
    if sources.is_empty() {
        return Err(ServiceError::invalid_argument(
            "`sources` must name at least one standard",
        ));
    }
    let source_idx = standards(data, sources)?;
    if source_idx.contains(&target_idx) {
        return Err(ServiceError::invalid_argument(
            "`sources` must not contain the target",
        ));
    }
    Ok((target_idx, source_idx))
}

/// The standards of an integrated view (at least one; the harmonized structure is the anchor of
/// every row, so not among them), with the harmonized structure.
pub fn integrated_standards<S: AsRef<str>>(
    data: &Dataset,
    chosen: &[S],
) -> Result<(StandardIdx, Vec<StandardIdx>), ServiceError> {
    if chosen.is_empty() {
        return Err(ServiceError::invalid_argument(
            "`standards` must name at least one standard",
        ));
    }
    let hub = standard(data, crate::analysis::integrated::HUB)?;
    let chosen = standards(data, chosen)?;
    if chosen.contains(&hub) {
        return Err(ServiceError::invalid_argument(
            "the harmonized structure is the anchor of every row; leave it out of `standards`",
        ));
    }
    Ok((hub, chosen))
}
