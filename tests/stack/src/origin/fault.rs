//! The blob origin's one injected fault: the layer of `hostile/digest-mismatch` is served as
//! other bytes of the same length, so a client fetching it through 5003's redirect receives
//! content that does not match the digest it asked for (a real registry checks what it
//! stores; only a storage or CDN fault produces this).

use anyhow::Result;

/// The blob served wrong: the storage path of its data file and the bytes served instead.
#[derive(Debug, Clone)]
pub struct Tampered {
    /// `/docker/registry/v2/blobs/sha256/XX/HEX/data`.
    pub path: String,
    /// What is served for it.
    pub bytes: Vec<u8>,
}

impl Tampered {
    /// The fault of the seeded `hostile/digest-mismatch` layer.
    pub fn seeded() -> Result<Self> {
        let (digest, bytes) = crate::seed::hostile::mismatch::tampered()?;
        let hex = digest.trim_start_matches("sha256:");
        Ok(Self {
            path: format!("/docker/registry/v2/blobs/sha256/{}/{hex}/data", &hex[..2]),
            bytes,
        })
    }

    /// The bytes to serve instead of the file at `path`, when it is the tampered blob.
    pub fn replacing(&self, path: &str) -> Option<&[u8]> {
        (path == self.path).then_some(self.bytes.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_seeded_layer_is_replaced() {
        let fault = Tampered::seeded().expect("fault");
        assert!(fault.replacing(&fault.path).is_some());
        assert!(
            fault
                .replacing("/docker/registry/v2/blobs/sha256/00/00/data")
                .is_none()
        );
        assert!(fault.path.starts_with("/docker/registry/v2/blobs/sha256/"));
    }
}
