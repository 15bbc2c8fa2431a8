//! SHA-256 over a blob as it streams, written as an OCI digest (`sha256:<hex>`).

use sha2::{Digest, Sha256};

/// Hashes bytes as they arrive and counts them; usable on its own (for example over the
/// compressed bytes while the browser's own decompressor feeds a [`TarStream`](super::TarStream)).
#[derive(Debug, Clone, Default)]
pub struct BlobHasher {
    hasher: Sha256,
    bytes: u64,
}

impl BlobHasher {
    /// A hasher that has seen nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the next bytes of the blob.
    pub fn update(&mut self, bytes: &[u8]) {
        self.hasher.update(bytes);
        self.bytes += bytes.len() as u64;
    }

    /// How many bytes were hashed.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The digest of everything hashed, as `sha256:<64 lowercase hex>`.
    pub fn finish(self) -> String {
        let sum = self.hasher.finalize();
        let mut out = String::with_capacity(7 + 64);
        out.push_str("sha256:");
        for byte in sum {
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
        out
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::BlobHasher;

    #[test]
    fn digest_of_known_bytes() {
        let mut h = BlobHasher::new();
        h.update(b"a");
        h.update(b"bc");
        assert_eq!(h.bytes(), 3);
        assert_eq!(
            h.finish(),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            BlobHasher::new().finish(),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
