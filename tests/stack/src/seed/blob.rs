//! Content-addressed blobs: bytes with their media type and sha256 digest.

use sha2::{Digest as _, Sha256};

use super::descriptor::Descriptor;

/// `sha256:<hex>` of `bytes`.
pub fn sha256_digest(bytes: &[u8]) -> String {
    format!("sha256:{:x}", Sha256::digest(bytes))
}

/// A blob to push (config, layer or artifact payload).
#[derive(Debug, Clone)]
pub struct Blob {
    /// Media type used when a manifest references it.
    pub media_type: String,
    /// The content.
    pub bytes: Vec<u8>,
    /// `sha256:<hex>` of the content.
    pub digest: String,
}

impl Blob {
    /// Wraps `bytes` and computes the digest.
    pub fn new(media_type: &str, bytes: Vec<u8>) -> Self {
        let digest = sha256_digest(&bytes);
        Self {
            media_type: media_type.to_owned(),
            bytes,
            digest,
        }
    }

    /// The descriptor that references this blob.
    pub fn descriptor(&self) -> Descriptor {
        Descriptor::new(&self.media_type, &self.digest, self.bytes.len())
    }
}
