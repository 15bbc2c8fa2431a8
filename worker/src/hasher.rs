//! SHA-256 of a stream in a worker of its own, so that the two digests of a layer are computed
//! on other cores than the one that reads its tar.

use regscope_layers::stream::BlobHasher;
use wasm_bindgen::prelude::wasm_bindgen;

/// A stream being hashed.
#[wasm_bindgen]
pub struct Hasher {
    inner: Option<BlobHasher>,
}

#[wasm_bindgen]
impl Hasher {
    /// A hasher that has seen nothing.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Hasher {
        Hasher {
            inner: Some(BlobHasher::new()),
        }
    }

    /// Adds the next bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        if let Some(inner) = &mut self.inner {
            inner.update(bytes);
        }
    }

    /// Bytes hashed so far.
    pub fn bytes(&self) -> f64 {
        self.inner.as_ref().map_or(0.0, |h| h.bytes() as f64)
    }

    /// The digest (`sha256:…`) of everything added; empty when already taken.
    pub fn finish(&mut self) -> String {
        self.inner
            .take()
            .map(BlobHasher::finish)
            .unwrap_or_default()
    }
}

impl Default for Hasher {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::Hasher;

    #[test]
    fn hashes_what_it_is_given_once() {
        let mut hasher = Hasher::new();
        hasher.update(b"a");
        hasher.update(b"bc");
        assert_eq!(hasher.bytes(), 3.0);
        assert_eq!(
            hasher.finish(),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(hasher.finish(), "");
    }
}
