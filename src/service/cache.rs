//! The response cache: the dataset is immutable per release, so the same request gets the same
//! bytes until the next reload. Answers are kept by a key the front end builds from the
//! normalised request, bounded by their total size, and the cache lives with the snapshot, so a
//! reload starts a new, empty one. Front ends never store an answer that carries an error or an
//! organisation's inventory.

use std::sync::Arc;

use bytes::Bytes;
use quick_cache::Weighter;
use quick_cache::sync::Cache;

/// The default bound on the bytes of cached answers.
pub const DEFAULT_CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// One cached answer.
#[derive(Debug, Clone)]
pub struct Cached {
    pub body: Bytes,
    pub content_type: &'static str,
    /// A strong validator of `body`: `"<16 hex digits>"`, quotes included.
    pub etag: Bytes,
    /// The version of the dataset that gave the answer.
    pub version: Bytes,
}

impl Cached {
    pub fn new(body: Bytes, content_type: &'static str, version: Bytes) -> Cached {
        let etag = Bytes::from(format!("\"{:016x}\"", fnv1a(&body)));
        Cached {
            body,
            content_type,
            etag,
            version,
        }
    }
}

/// A fast, stable 64-bit hash for validators (not for security): FNV-1a's step taken over 64-bit
/// little-endian words, then over the remaining bytes, so that a 4 KB answer costs a few hundred
/// nanoseconds rather than microseconds. The same bytes give the same validator in every process
/// and on every platform, so replicas behind a load balancer agree on it.
fn fnv1a(bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut chunks = bytes.chunks_exact(8);
    let mut hash = (&mut chunks).fold(0xcbf2_9ce4_8422_2325_u64, |hash, word| {
        let word = u64::from_le_bytes(word.try_into().expect("a chunk of 8 bytes"));
        (hash ^ word).wrapping_mul(PRIME)
    });
    for byte in chunks.remainder() {
        hash = (hash ^ u64::from(*byte)).wrapping_mul(PRIME);
    }
    // Mix the high bits down, so that every input bit reaches the low hex digits too.
    hash ^= hash >> 29;
    hash = hash.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash ^ (hash >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validators_are_stable_and_tell_bodies_apart() {
        // Pinned: replicas and releases of the same code must agree on a body's validator.
        let a = Cached::new(
            Bytes::from_static(b"{\"data\":{}}"),
            "application/json",
            Bytes::new(),
        );
        assert_eq!(a.etag, Bytes::from_static(b"\"2143ac26103c1701\""));
        assert_eq!(a.etag.len(), 18);
        let mut seen = std::collections::HashSet::new();
        // Bodies differing in one byte anywhere, or only in length, get different validators.
        let base = vec![b'x'; 40];
        assert!(seen.insert(fnv1a(&base)));
        for at in 0..base.len() {
            let mut changed = base.clone();
            changed[at] = b'y';
            assert!(seen.insert(fnv1a(&changed)), "a change at byte {at}");
        }
        for len in 0..base.len() {
            assert!(seen.insert(fnv1a(&base[..len])), "length {len}");
        }
    }
}

#[derive(Clone)]
struct BySize;

impl Weighter<String, Arc<Cached>> for BySize {
    fn weight(&self, key: &String, value: &Arc<Cached>) -> u64 {
        (key.len() + value.body.len() + value.etag.len() + value.version.len()) as u64
    }
}

pub struct ResponseCache {
    entries: Cache<String, Arc<Cached>, BySize>,
}

impl std::fmt::Debug for ResponseCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseCache")
            .field("bytes", &self.entries.weight())
            .field("entries", &self.entries.len())
            .finish()
    }
}

impl ResponseCache {
    /// A cache holding at most `bytes` of keys and answers (0: nothing is kept).
    pub fn new(bytes: u64) -> ResponseCache {
        // quick_cache sizes its shards from an estimate of the number of items.
        let estimated_items = (bytes / 4096).clamp(16, 1 << 20) as usize;
        ResponseCache {
            entries: Cache::with_weighter(estimated_items, bytes, BySize),
        }
    }

    /// The answer kept under `key` (a request may be looked up under more than one key: as sent,
    /// then normalised).
    pub fn get(&self, key: &str) -> Option<Arc<Cached>> {
        self.entries.get(key)
    }

    pub fn insert(&self, key: String, answer: Arc<Cached>) {
        self.entries.insert(key, answer);
    }

    /// Bytes held now.
    pub fn bytes(&self) -> u64 {
        self.entries.weight()
    }
}
