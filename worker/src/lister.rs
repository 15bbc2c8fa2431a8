//! Listing one layer as it streams: decompression, tar reading and both digests, with the
//! entries handed out in batches (JSON, as the page reads them).

use regscope_layers::entry::Entry;
use regscope_layers::stream::{Compression, LayerStream, Limits};
use wasm_bindgen::prelude::wasm_bindgen;

use crate::opener::compression;

/// One layer being listed.
#[wasm_bindgen]
pub struct Lister {
    stream: Option<LayerStream>,
    pending: Vec<Entry>,
    /// Entries still to drop before any is handed out (see [`Lister::skip`]).
    skip: usize,
}

#[wasm_bindgen]
impl Lister {
    /// A lister for a layer compressed with `compression` (`gzip`, `zstd` or `none`).
    #[wasm_bindgen(constructor)]
    pub fn new(compression_name: &str) -> Result<Lister, String> {
        let compression: Compression = compression(compression_name)?;
        Ok(Lister {
            stream: Some(LayerStream::new(compression, Limits::default())),
            pending: Vec::new(),
            skip: 0,
        })
    }

    /// Drops the first `count` entries of the layer instead of handing them out: the worker
    /// listed them already from an earlier download of the same bytes (whose native
    /// decompression stopped at the end of a first gzip member).
    pub fn skip(&mut self, count: usize) {
        self.skip = count;
    }

    /// Reads the next `bytes` of the compressed layer; the entries they complete wait in
    /// [`Lister::take`]. An error names what is wrong and where.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), String> {
        let stream = self.stream.as_mut().ok_or_else(finished)?;
        let pushed = stream
            .push(bytes, &mut self.pending)
            .map_err(|e| e.to_string());
        let dropped = self.skip.min(self.pending.len());
        self.pending.drain(..dropped);
        self.skip -= dropped;
        pushed
    }

    /// How many entries wait to be taken.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// The entries read since the last call, as a JSON array.
    pub fn take(&mut self) -> String {
        entries_json(&mut self.pending)
    }

    /// Bytes read so far: `[compressed, uncompressed, entries]`.
    pub fn progress(&self) -> Vec<f64> {
        self.stream.as_ref().map_or_else(Vec::new, |s| {
            let p = s.progress();
            vec![p.compressed as f64, p.uncompressed as f64, p.entries as f64]
        })
    }

    /// The end of the layer: its digests as JSON (`LayerDigests`), or what made the stream
    /// incomplete.
    pub fn finish(&mut self) -> Result<String, String> {
        let stream = self.stream.take().ok_or_else(finished)?;
        let digests = stream.finish().map_err(|e| e.to_string())?;
        serde_json::to_string(&digests).map_err(|e| e.to_string())
    }
}

/// The entries of `pending`, taken out, as a JSON array.
pub(crate) fn entries_json(pending: &mut Vec<Entry>) -> String {
    let batch = std::mem::take(pending);
    serde_json::to_string(&batch).unwrap_or_else(|_| "[]".into())
}

/// The error of a call after [`Lister::finish`].
fn finished() -> String {
    "the layer was already read to its end".into()
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use super::*;

    /// A tar of `files` (path, contents).
    pub(crate) fn tar_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut archive = tar::Builder::new(Vec::new());
        for (path, contents) in files {
            let mut header = tar::Header::new_ustar();
            header.set_size(contents.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            archive.append_data(&mut header, path, *contents).unwrap();
        }
        archive.into_inner().unwrap()
    }

    /// A gzip tar of `files` (path, contents).
    pub(crate) fn layer(files: &[(&str, &[u8])]) -> Vec<u8> {
        let tar = tar_of(files);
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gzip.write_all(&tar).unwrap();
        gzip.finish().unwrap()
    }

    pub(crate) fn paths(json: &str) -> Vec<String> {
        let entries: Vec<Entry> = serde_json::from_str(json).unwrap();
        entries.into_iter().map(|e| e.path).collect()
    }

    #[test]
    fn entries_come_out_as_the_bytes_arrive_and_the_digests_at_the_end() {
        let big = vec![7u8; 200_000];
        let blob = layer(&[
            ("etc/os-release", b"ID=test\n"),
            ("big.bin", &big),
            ("z", b"z"),
        ]);
        let mut lister = Lister::new("gzip").unwrap();
        let mut seen = Vec::new();
        for chunk in blob.chunks(64) {
            lister.push(chunk).unwrap();
            seen.extend(paths(&lister.take()));
        }
        assert_eq!(seen, ["etc/os-release", "big.bin", "z"]);
        assert_eq!(lister.pending(), 0);
        assert_eq!(lister.progress()[0], blob.len() as f64);
        let digests: regscope_layers::stream::LayerDigests =
            serde_json::from_str(&lister.finish().unwrap()).unwrap();
        assert_eq!(digests.entries, 3);
        assert_eq!(digests.compressed_bytes, blob.len() as u64);
        assert!(lister.push(b"more").is_err(), "nothing after the end");
    }

    #[test]
    fn a_layer_pushed_whole_lists_every_entry_before_its_end() {
        let blob = layer(&[("bin/busybox", b"stub\n"), ("etc/os-release", b"ID=test\n")]);
        let mut lister = Lister::new("gzip").unwrap();
        lister.push(&blob).unwrap();
        assert_eq!(paths(&lister.take()), ["bin/busybox", "etc/os-release"]);
        lister.finish().unwrap();
    }

    #[test]
    fn skipped_entries_are_dropped_before_any_is_handed_out() {
        let blob = layer(&[("a", b"a"), ("b", b"b"), ("c", b"c")]);
        let mut lister = Lister::new("gzip").unwrap();
        lister.skip(2);
        let mut seen = Vec::new();
        for chunk in blob.chunks(300) {
            lister.push(chunk).unwrap();
            seen.extend(paths(&lister.take()));
        }
        assert_eq!(seen, ["c"]);
        assert_eq!(
            lister.progress()[2],
            3.0,
            "the layer still counts every entry"
        );
        lister.finish().unwrap();
    }

    #[test]
    fn a_truncated_layer_is_an_error_in_words() {
        let blob = layer(&[("a", b"a")]);
        let mut lister = Lister::new("gzip").unwrap();
        lister.push(&blob[..blob.len() / 2]).unwrap();
        assert!(!lister.finish().unwrap_err().is_empty());
        assert!(Lister::new("brotli").is_err());
    }
}
