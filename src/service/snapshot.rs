//! One loaded dataset with what is built from it once: the search index and the load time.
//! Every request runs against one snapshot, so a reload never changes data under a request.

use std::sync::Arc;

use super::error::ServiceError;
use super::resolve;
use crate::analysis::search::SearchIndex;
use crate::model::{Dataset, StandardIdx};

#[derive(Clone)]
pub struct Snapshot {
    pub dataset: Arc<Dataset>,
    /// The search index of `dataset`, built once.
    pub search: Arc<SearchIndex>,
    /// When the dataset was loaded (RFC 3339, UTC); shared, since every request clones the snapshot.
    pub loaded_at: Arc<str>,
    /// Answers given from this dataset, dropped with it on reload.
    pub cache: Arc<super::cache::ResponseCache>,
}

impl Snapshot {
    /// A snapshot of `dataset`, loaded now, with a response cache of the default size.
    pub fn new(dataset: Arc<Dataset>) -> Snapshot {
        Snapshot::with_cache_bytes(dataset, super::cache::DEFAULT_CACHE_BYTES)
    }

    /// A snapshot whose response cache holds at most `cache_bytes`.
    pub fn with_cache_bytes(dataset: Arc<Dataset>, cache_bytes: u64) -> Snapshot {
        Snapshot {
            search: Arc::new(SearchIndex::build(&dataset)),
            dataset,
            loaded_at: rfc3339_now().into(),
            cache: Arc::new(super::cache::ResponseCache::new(cache_bytes)),
        }
    }

    /// The standard with this id (see [`resolve::standard`]).
    pub fn standard(&self, id: &str) -> Result<StandardIdx, ServiceError> {
        resolve::standard(&self.dataset, id)
    }
}

/// The current time as RFC 3339 in UTC, to the second: the one way "now" is written.
pub fn rfc3339_now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

/// Where a clause or row is stored, relative to its dataset directory (`mappings/<set>.csv:57`,
/// `standards.csv:3`): what answers cite, never a path on the server. A dataset directory holds
/// its files at the top level or in `clauses/` and `mappings/` only, so the relative path starts
/// at the last of those.
pub fn provenance(origin: &crate::model::Origin) -> String {
    let file = format!("/{}", origin.file);
    let start = ["/mappings/", "/clauses/"]
        .iter()
        .filter_map(|dir| file.rfind(dir))
        .max()
        .or_else(|| file.rfind('/'))
        .map_or(0, |at| at + 1);
    format!("{}:{}", &file[start..], origin.line)
}

impl Snapshot {
    /// What changed since release `since`: the records added, removed and changed between that
    /// release's manifest and the data served. `since` must be a release of this dataset.
    pub fn changes_since(
        &self,
        since: u32,
    ) -> Result<crate::analysis::changes::Changes, ServiceError> {
        let data = &self.dataset;
        let Some(current) = data.release() else {
            return Err(ServiceError::not_found(
                "this dataset has no releases (no releases.csv)",
            ));
        };
        if since == current.number {
            return Ok(Default::default());
        }
        let old = data.manifests.get(&since).ok_or_else(|| {
            ServiceError::not_found(format!(
                "no release {since}: this dataset is release {} and keeps the manifests of releases {}",
                current.number,
                if data.manifests.is_empty() {
                    "none".to_string()
                } else {
                    data.manifests
                        .keys()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ))
        })?;
        Ok(crate::analysis::changes::diff(
            old,
            &crate::analysis::changes::manifest(data),
        ))
    }
}
