//! Reload on file change: the data directories are polled, and when what they hold changes (a
//! file added, removed, resized or touched) and then stays the same for one more poll, the
//! dataset is reloaded like a SIGHUP would: served if it validates, refused (the last good one
//! kept) if not. Polling rather than file-system events, on purpose: a mounted Kubernetes
//! ConfigMap changes by swapping a `..data` symlink, which event APIs report unevenly, and a
//! dataset is a few dozen files, so a poll every few seconds costs nothing.

use std::path::Path;
use std::time::{Duration, SystemTime};

use super::{DataSource, Reload, Service};

/// What the data directories hold, as (path, size, modification time) of every dataset file,
/// links followed; equal states mean nothing changed.
pub fn state(source: &DataSource) -> Vec<(String, u64, Option<SystemTime>)> {
    let DataSource::Dirs(dirs) = source else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for dir in dirs {
        for sub in ["", "clauses", "mappings", "releases"] {
            let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_none_or(|e| e != "csv") {
                    continue;
                }
                if let Ok(meta) = std::fs::metadata(&path) {
                    files.push((display(&path), meta.len(), meta.modified().ok()));
                }
            }
        }
    }
    files.sort();
    files
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

impl Service {
    /// Polls the data directories every `interval` and reloads when they changed and then held
    /// still for one poll; `on_reload` hears every reload. Runs until dropped; does nothing for
    /// the embedded dataset.
    pub async fn watch(&self, interval: Duration, on_reload: impl Fn(&Reload)) {
        if !self.source().can_reload() || interval.is_zero() {
            return;
        }
        let mut served = state(self.source());
        let mut pending: Option<Vec<(String, u64, Option<SystemTime>)>> = None;
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let now = state(self.source());
            if now == served {
                pending = None;
                continue;
            }
            // Wait until the change has settled: an editor or the kubelet may still be writing.
            if pending.as_ref() != Some(&now) {
                pending = Some(now);
                continue;
            }
            let reload = self.reload();
            on_reload(&reload);
            served = now;
            pending = None;
        }
    }
}
