//! The service layer: what every front end (GraphQL, the HTTP downloads, MCP, the CLI) calls.
//! It resolves what they receive once (standard and clause ids, formats, inventories, with one
//! message each), owns the live snapshot and its reload, and runs heavy work on a bounded pool.
//! It knows no wire format: front ends translate their own into these calls and back.

pub mod cache;
pub mod documents;
pub mod error;
pub mod heavy;
pub mod inventory;
pub mod resolve;
pub mod snapshot;
pub mod watch;

pub use documents::{Document, PlanRequest, parse_format, parse_transition};
pub use error::{ErrorCode, ServiceError};
pub use heavy::HeavyPool;
pub use inventory::{Inventory, MAX_CONTROLS};
pub use snapshot::{Snapshot, provenance, rfc3339_now};

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use crate::load::{self, LoadError};
use crate::model::Dataset;

/// Where the dataset is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// The copy compiled into the binary; it cannot change, so it is never reloaded.
    Embedded,
    /// Dataset directories, later ones overlaying earlier ones.
    Dirs(Vec<PathBuf>),
}

impl DataSource {
    pub fn from_dirs(dirs: &[PathBuf]) -> DataSource {
        if dirs.is_empty() {
            DataSource::Embedded
        } else {
            DataSource::Dirs(dirs.to_vec())
        }
    }

    pub fn load(&self) -> Result<Dataset, LoadError> {
        match self {
            DataSource::Embedded => load::load_embedded(),
            DataSource::Dirs(dirs) => load::load_dirs(dirs),
        }
    }

    /// Whether the files can change under a running server.
    pub fn can_reload(&self) -> bool {
        matches!(self, DataSource::Dirs(_))
    }
}

/// What a reload did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reload {
    /// A new dataset validated and is now served.
    Accepted { version: String },
    /// The files did not validate; the last good dataset is still served.
    Refused { serving: String, problems: String },
}

/// The live service: the snapshot being served, where it comes from, and the pool for heavy
/// work. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct Service {
    current: Arc<RwLock<Snapshot>>,
    source: DataSource,
    heavy: HeavyPool,
    cache_bytes: u64,
    /// The data files as the last load read them (see [`watch`]).
    files_read: Arc<std::sync::Mutex<watch::FileState>>,
}

impl Service {
    /// Loads the dataset; any problem refuses the start.
    pub fn start(source: DataSource) -> Result<Service, LoadError> {
        let files = watch::state(&source);
        let dataset = source.load()?;
        let service = Service::with_snapshot(Snapshot::new(Arc::new(dataset)), source);
        *service.files_read.lock().unwrap_or_else(|e| e.into_inner()) = files;
        Ok(service)
    }

    /// A service over an already loaded snapshot (tests, benchmarks).
    pub fn with_snapshot(snapshot: Snapshot, source: DataSource) -> Service {
        Service {
            current: Arc::new(RwLock::new(snapshot)),
            source,
            heavy: HeavyPool::per_core(),
            cache_bytes: cache::DEFAULT_CACHE_BYTES,
            files_read: Arc::default(),
        }
    }

    /// The same service whose response caches hold at most `bytes` (the current one is emptied;
    /// the dataset, its search index and its load time are kept, not built again).
    pub fn with_cache_bytes(mut self, bytes: u64) -> Service {
        self.cache_bytes = bytes;
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        current.cache = Arc::new(cache::ResponseCache::new(bytes));
        drop(current);
        self
    }

    /// The same service with a heavy-work pool of another size.
    pub fn with_heavy_pool(mut self, heavy: HeavyPool) -> Service {
        self.heavy = heavy;
        self
    }

    /// The snapshot to answer the next request with.
    pub fn snapshot(&self) -> Snapshot {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The response cache of the current snapshot: what a cache hit needs, without cloning the
    /// whole snapshot.
    pub fn cache(&self) -> Arc<cache::ResponseCache> {
        Arc::clone(&self.current.read().unwrap_or_else(|e| e.into_inner()).cache)
    }

    pub fn source(&self) -> &DataSource {
        &self.source
    }

    pub fn heavy(&self) -> &HeavyPool {
        &self.heavy
    }

    /// Reads the files again and serves them if they validate; otherwise keeps serving the last
    /// good dataset. The embedded dataset cannot change, so reloading it accepts nothing new.
    pub fn reload(&self) -> Reload {
        // The state is read before the files, so a change made during the load is seen again.
        let files = watch::state(&self.source);
        let reload = match self.source.load() {
            Ok(dataset) => {
                let snapshot = Snapshot::with_cache_bytes(Arc::new(dataset), self.cache_bytes);
                let version = snapshot.dataset.version.clone();
                *self.current.write().unwrap_or_else(|e| e.into_inner()) = snapshot;
                Reload::Accepted { version }
            }
            Err(error) => Reload::Refused {
                serving: self.snapshot().dataset.version.clone(),
                problems: error.to_string(),
            },
        };
        *self.files_read.lock().unwrap_or_else(|e| e.into_inner()) = files;
        reload
    }

    /// [`Service::reload`] on a blocking thread: loading, validating and indexing a dataset takes
    /// tens of milliseconds, which the async workers that answer requests must not spend.
    pub async fn reload_off_the_workers(&self) -> Reload {
        let service = self.clone();
        tokio::task::spawn_blocking(move || service.reload())
            .await
            .unwrap_or_else(|error| Reload::Refused {
                serving: self.snapshot().dataset.version.clone(),
                problems: format!("the reload stopped: {error}"),
            })
    }

    fn files_read(&self) -> watch::FileState {
        self.files_read
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}
