//! Opening one file of a lazy layer whose TOC is read: [`LazyLayer::plan`] names the one
//! range holding its chunks, [`LazyLayer::open`] takes the answer, decompresses each chunk,
//! checks it against its `chunkDigest` and the whole file against its `digest`.

use regscope_layers::lazy::limits::LazyLimits;
use regscope_layers::lazy::open::OpenedFile;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::lazy_lister::LazyLayer;
use crate::range_body::RangeBody;

/// A file opened from a lazy layer: its bytes and the checks made on them.
#[wasm_bindgen]
pub struct LazyFile {
    opened: OpenedFile,
    size: u64,
}

#[wasm_bindgen]
impl LazyLayer {
    /// Plans opening `path`, keeping at most `cap` bytes: the range to fetch `[start, end]`,
    /// or nothing when the file has no stored bytes (then call [`LazyLayer::open_stored`]).
    pub fn plan(&mut self, path: &str, cap: f64) -> Result<Option<Vec<f64>>, String> {
        let toc = self
            .toc
            .as_ref()
            .ok_or("the table of contents is not read yet")?;
        let limits = LazyLimits {
            max_open_bytes: cap.max(1.0) as u64,
            ..LazyLimits::default()
        };
        let request = toc.open(path, &limits).map_err(|e| e.to_string())?;
        let range = request.range.map(|r| vec![r.start as f64, r.end as f64]);
        self.file = Some(request);
        Ok(range)
    }

    /// Reads the planned file out of the answer to its range.
    pub fn open(&mut self, body: RangeBody) -> Result<LazyFile, String> {
        let request = self.file.take().ok_or("no file was planned")?;
        let opened = request
            .finish(Some(&body.answer()))
            .map_err(|e| e.to_string())?;
        Ok(LazyFile {
            opened,
            size: request.size,
        })
    }

    /// The planned file when it has no stored bytes (empty, or holes only).
    pub fn open_stored(&mut self) -> Result<LazyFile, String> {
        let request = self.file.take().ok_or("no file was planned")?;
        let opened = request.finish(None).map_err(|e| e.to_string())?;
        Ok(LazyFile {
            opened,
            size: request.size,
        })
    }
}

#[wasm_bindgen]
impl LazyFile {
    /// The file's bytes (its first ones when truncated).
    pub fn bytes(&self) -> Vec<u8> {
        self.opened.bytes.clone()
    }

    /// The file's whole size.
    pub fn total_size(&self) -> f64 {
        self.size as f64
    }

    /// Whether [`LazyFile::bytes`] holds less than the whole file.
    pub fn truncated(&self) -> bool {
        self.opened.truncated
    }

    /// The checks, as JSON: `chunks` (one `DigestCheck` per chunk) and `file` (the whole file
    /// against its TOC digest).
    pub fn checks(&self) -> String {
        serde_json::json!({
            "chunks": self.opened.chunks,
            "file": self.opened.file,
        })
        .to_string()
    }
}
