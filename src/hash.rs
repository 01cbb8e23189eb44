//! The hasher of the maps keyed by task IDs, offsets and status words.
//!
//! These maps are built and probed once per task or line, and SipHash, the standard library's
//! default, showed in profiles of large files. foldhash is several times faster on short keys
//! and still seeded per process, so an adversarial file cannot pick colliding IDs ahead of
//! time. Iteration order changes from run to run, as it did with SipHash's random keys; no
//! output depends on it.

/// The hasher: foldhash's fast variant, seeded per process.
pub type Hasher = foldhash::fast::RandomState;

/// A hash map with [`Hasher`].
pub type Map<K, V> = std::collections::HashMap<K, V, Hasher>;

/// A hash set with [`Hasher`].
pub type Set<K> = std::collections::HashSet<K, Hasher>;
