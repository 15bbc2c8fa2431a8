//! The state every emulated host shares: the stack registry client, the signing key, Docker
//! Hub's rate-limit counts and the blob index the CDN hosts use.

use super::blob_index::BlobIndex;
use super::ratelimit::RateLimits;
use super::tokens::codec::Keyring;
use super::upstream::Upstream;

/// The zoo's shared state.
#[derive(Debug)]
pub struct Zoo {
    /// The stack registry with the seeded images.
    pub upstream: Upstream,
    /// Signs tokens and CDN URLs.
    pub keys: Keyring,
    /// Docker Hub's pull counts.
    pub limits: RateLimits,
    /// Which seeded repository holds a blob, for the CDN hosts.
    pub blobs: BlobIndex,
}

impl Zoo {
    /// The state for a zoo reading from the registry at `upstream`.
    pub fn new(upstream: &str) -> anyhow::Result<Self> {
        Ok(Self {
            upstream: Upstream::new(upstream)?,
            keys: Keyring::for_this_process(),
            limits: RateLimits::default(),
            blobs: BlobIndex::default(),
        })
    }
}
