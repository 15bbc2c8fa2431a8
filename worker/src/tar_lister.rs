//! Listing a layer decompressed outside wasm (gzip by the browser's own `DecompressionStream`):
//! the tar read from the decompressed bytes, the expansion ratio bounded against the
//! compressed bytes read, and both digests, hashed by other workers on other cores, joined to
//! the listing at the end.

use regscope_layers::entry::Entry;
use regscope_layers::stream::{LayerDigests, Limits, TarStream};
use wasm_bindgen::prelude::wasm_bindgen;

use crate::lister::entries_json;

/// One layer's tar being listed; it hashes nothing itself.
#[wasm_bindgen]
pub struct TarLister {
    tar: Option<TarStream>,
    limits: Limits,
    pending: Vec<Entry>,
}

#[wasm_bindgen]
impl TarLister {
    /// A lister at the start of a decompressed layer.
    #[wasm_bindgen(constructor)]
    pub fn new() -> TarLister {
        let limits = Limits::default();
        TarLister {
            tar: Some(TarStream::unhashed(limits)),
            limits,
            pending: Vec::new(),
        }
    }

    /// Reads the next decompressed `bytes`, which `compressed` bytes of the blob read so far
    /// produced (with the ones before): a bomb ends here with the limit named.
    pub fn push(&mut self, bytes: &[u8], compressed: f64) -> Result<(), String> {
        let tar = self.tar.as_mut().ok_or_else(finished)?;
        self.limits
            .check_expansion(tar.bytes() + bytes.len() as u64, compressed as u64)
            .and_then(|()| tar.push(bytes, &mut self.pending))
            .map_err(|e| e.to_string())
    }

    /// How many entries wait to be taken.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// The entries read since the last call, as a JSON array.
    pub fn take(&mut self) -> String {
        entries_json(&mut self.pending)
    }

    /// `[uncompressed bytes, entries]` so far.
    pub fn progress(&self) -> Vec<f64> {
        self.tar
            .as_ref()
            .map_or_else(Vec::new, |t| vec![t.bytes() as f64, t.entries() as f64])
    }

    /// The end of the layer: its digests as JSON (`LayerDigests`) from the blob's digest and
    /// size and the diff_id with the number of bytes it hashed (which must be every byte the
    /// tar was read from), or what made the stream incomplete.
    pub fn finish(
        &mut self,
        compressed: &str,
        compressed_bytes: f64,
        diff_id: &str,
        diff_id_bytes: f64,
    ) -> Result<String, String> {
        let tar = self.tar.take().ok_or_else(finished)?;
        let summary = tar.finish().map_err(|e| e.to_string())?;
        if summary.uncompressed_bytes != diff_id_bytes as u64 {
            return Err(format!(
                "the diff_id was hashed over {diff_id_bytes} bytes, the tar is {} bytes",
                summary.uncompressed_bytes
            ));
        }
        let digests = LayerDigests {
            compressed: compressed.to_owned(),
            uncompressed: diff_id.to_owned(),
            entries: summary.entries,
            uncompressed_bytes: summary.uncompressed_bytes,
            compressed_bytes: compressed_bytes as u64,
        };
        serde_json::to_string(&digests).map_err(|e| e.to_string())
    }
}

impl Default for TarLister {
    fn default() -> Self {
        Self::new()
    }
}

/// The error of a call after [`TarLister::finish`].
fn finished() -> String {
    "the layer was already read to its end".into()
}

#[cfg(test)]
mod tests {
    use regscope_layers::stream::{BlobHasher, DEFAULT_MAX_EXPANSION_RATIO};

    use super::*;
    use crate::lister::tests::{layer, paths, tar_of};

    #[test]
    fn the_tar_is_listed_and_the_digests_joined_at_the_end() {
        let big = vec![7u8; 200_000];
        let files: &[(&str, &[u8])] = &[("etc/os-release", b"ID=test\n"), ("big.bin", &big)];
        let tar = tar_of(files);
        let blob = layer(files);
        let mut lister = TarLister::new();
        let mut seen = Vec::new();
        for chunk in tar.chunks(100) {
            lister.push(chunk, blob.len() as f64).unwrap();
            seen.extend(paths(&lister.take()));
        }
        assert_eq!(seen, ["etc/os-release", "big.bin"]);
        assert_eq!(lister.progress(), [tar.len() as f64, 2.0]);
        let mut diff_id = BlobHasher::new();
        diff_id.update(&tar);
        let diff_id = diff_id.finish();
        let json = lister
            .finish("sha256:blob", blob.len() as f64, &diff_id, tar.len() as f64)
            .unwrap();
        let digests: LayerDigests = serde_json::from_str(&json).unwrap();
        assert_eq!(digests.uncompressed, diff_id);
        assert_eq!(digests.compressed, "sha256:blob");
        assert_eq!(digests.entries, 2);
        assert_eq!(digests.uncompressed_bytes, tar.len() as u64);
        assert!(lister.push(b"more", 1.0).is_err(), "nothing after the end");
    }

    #[test]
    fn a_diff_id_over_other_bytes_or_a_cut_tar_is_refused() {
        let tar = tar_of(&[("a", b"a")]);
        let mut lister = TarLister::new();
        lister.push(&tar, 10.0).unwrap();
        let wrong = lister.finish("sha256:x", 10.0, "sha256:y", (tar.len() - 1) as f64);
        assert!(wrong.unwrap_err().contains("hashed over"));
        let mut cut = TarLister::new();
        cut.push(&tar[..700], 10.0).unwrap();
        assert!(cut.finish("sha256:x", 10.0, "sha256:y", 700.0).is_err());
    }

    #[test]
    fn a_bomb_is_stopped_at_the_expansion_cap() {
        let mut lister = TarLister::new();
        let zeros = vec![0u8; 4 << 20];
        // 4 MiB out of 1 KiB read: far past the ratio allowed.
        let error = lister.push(&zeros, 1024.0).unwrap_err();
        assert!(
            error.contains(&DEFAULT_MAX_EXPANSION_RATIO.to_string()),
            "{error}"
        );
    }
}
