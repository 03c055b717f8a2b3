//! Reload on file change: the data directories are polled, and when what they hold changes (a
//! file added, removed, resized or touched) and then stays the same for one more poll, the
//! dataset is reloaded like a SIGHUP would: served if it validates, refused (the last good one
//! kept) if not. Polling rather than file-system events, on purpose: a mounted Kubernetes
//! ConfigMap changes by swapping a `..data` symlink, which event APIs report unevenly, and a
//! dataset is a few dozen files, so a poll every few seconds costs nothing.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use super::{DataSource, Reload, Service};
use crate::load;

/// What the data directories hold: (path, size, modification time) of every dataset file, links
/// followed; equal states mean nothing changed.
pub(super) type FileState = Vec<(PathBuf, u64, Option<SystemTime>)>;

pub(super) fn state(source: &DataSource) -> FileState {
    let DataSource::Dirs(dirs) = source else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for dir in dirs {
        // An unreadable directory holds nothing here; the reload it leads to says why.
        for (_, path) in load::dataset_files(dir).unwrap_or_default() {
            if let Ok(meta) = std::fs::metadata(&path) {
                files.push((path, meta.len(), meta.modified().ok()));
            }
        }
    }
    files
}

impl Service {
    /// Polls the data directories every `interval` and reloads when they changed and then held
    /// still for one poll; `on_reload` hears every reload. Runs until dropped; does nothing for
    /// the embedded dataset.
    pub async fn watch(&self, interval: Duration, on_reload: impl Fn(&Reload)) {
        if !self.source().can_reload() || interval.is_zero() {
            return;
        }
        let mut pending: Option<FileState> = None;
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let now = state(self.source());
            // Against what the last reload read, whoever asked for it (this poll or a SIGHUP).
            if now == self.files_read() {
                pending = None;
                continue;
            }
            // Wait until the change has settled: an editor or the kubelet may still be writing.
            if pending.as_ref() != Some(&now) {
                pending = Some(now);
                continue;
            }
            on_reload(&self.reload_off_the_workers().await);
            pending = None;
        }
    }
}
