//! A bounded pool for the heavy answers (transition plans, downloads, derived crosswalks), so
//! that they never occupy the async workers that answer `/healthz` and the cheap lookups.
//!
//! Work runs on tokio's blocking threads, at most `permits` at a time (one per core by default).
//! Work there cannot be cancelled once started: a request that times out while its work runs
//! gets its answer dropped, and the permit comes back when the work ends. What keeps that short
//! is that every heavy computation is linear in its (capped) input. A request still waiting for
//! a permit when it is dropped (timeout, client gone) never starts its work.

use std::sync::Arc;

use tokio::sync::Semaphore;

#[derive(Clone, Debug)]
pub struct HeavyPool {
    permits: Arc<Semaphore>,
    size: usize,
}

impl HeavyPool {
    /// A pool running at most `size` computations at once (at least one).
    pub fn new(size: usize) -> HeavyPool {
        let size = size.max(1);
        HeavyPool {
            permits: Arc::new(Semaphore::new(size)),
            size,
        }
    }

    /// One computation per core the process may use.
    pub fn per_core() -> HeavyPool {
        HeavyPool::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    }

    pub fn size(&self) -> usize {
        self.size
    }

    /// Runs `work` on the pool once a place is free, and returns its result. A panic in `work`
    /// is passed on to the caller, as if it had run inline.
    pub async fn run<T, F>(&self, work: F) -> T
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .expect("the pool's semaphore is never closed");
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        });
        match task.await {
            Ok(value) => value,
            Err(error) => std::panic::resume_unwind(error.into_panic()),
        }
    }
}

impl Default for HeavyPool {
    fn default() -> Self {
        HeavyPool::per_core()
    }
}
