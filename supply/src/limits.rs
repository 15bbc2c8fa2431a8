//! Bounds on what gathering reads: how many artifacts, and how large each may be.

/// Largest attestation, signature or SBOM blob read (16 MiB): a 10,000-package SBOM is
/// about 3 MB; anything past this is refused before it is fetched when its descriptor says
/// its size.
pub const MAX_PAYLOAD_BYTES: u64 = 16 * 1024 * 1024;

/// Largest artifact manifest read (1 MiB).
pub const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;

/// Most referrers taken from one listing (the API, the tag fallback or an index).
pub const MAX_ARTIFACTS: usize = 64;

/// Most layers read from one artifact manifest.
pub const MAX_LAYERS_PER_ARTIFACT: usize = 16;

/// Most platforms of an index gathered.
pub const MAX_PLATFORMS: usize = 32;
