//! Opening one file of a layer: the layer streamed again until the file's bytes are complete
//! (the caller then cancels the download), capped.

use regscope_layers::stream::{Compression, Extracted, FileExtract, Limits};
use wasm_bindgen::prelude::wasm_bindgen;

/// One file being looked for.
#[wasm_bindgen]
pub struct Opener {
    extract: Option<FileExtract>,
    found: Option<Extracted>,
}

#[wasm_bindgen]
impl Opener {
    /// Looks for `path` in a layer compressed with `compression`, keeping at most `cap` bytes.
    #[wasm_bindgen(constructor)]
    pub fn new(compression_name: &str, path: &str, cap: f64) -> Result<Opener, String> {
        let compression = compression(compression_name)?;
        Ok(Opener {
            extract: Some(FileExtract::new(
                compression,
                path,
                cap as usize,
                Limits::default(),
            )),
            found: None,
        })
    }

    /// Reads the next bytes of the layer: true once the file is complete.
    pub fn push(&mut self, bytes: &[u8]) -> Result<bool, String> {
        if self.found.is_some() {
            return Ok(true);
        }
        let extract = self.extract.as_mut().ok_or_else(ended)?;
        self.found = extract.push(bytes).map_err(|e| e.to_string())?;
        Ok(self.found.is_some())
    }

    /// The end of the layer before the file was complete: the file when it ended the layer,
    /// else why it could not be had (not in the layer, not a regular file, a damaged layer).
    pub fn finish(&mut self) -> Result<(), String> {
        if self.found.is_some() {
            return Ok(());
        }
        let extract = self.extract.take().ok_or_else(ended)?;
        self.found = Some(extract.finish().map_err(|e| e.to_string())?);
        Ok(())
    }

    /// The file's bytes (at most the cap).
    pub fn bytes(&self) -> Vec<u8> {
        self.found
            .as_ref()
            .map(|f| f.bytes.clone())
            .unwrap_or_default()
    }

    /// The file's whole size.
    pub fn total_size(&self) -> f64 {
        self.found.as_ref().map_or(0.0, |f| f.total_size as f64)
    }

    /// Whether [`Opener::bytes`] holds less than the whole file.
    pub fn truncated(&self) -> bool {
        self.found.as_ref().is_some_and(|f| f.truncated)
    }
}

/// The error of a call after [`Opener::finish`].
fn ended() -> String {
    "the layer was already read to its end".into()
}

/// The compression named `name` as the page sends it.
pub(crate) fn compression(name: &str) -> Result<Compression, String> {
    match name {
        "gzip" => Ok(Compression::Gzip),
        "zstd" => Ok(Compression::Zstd),
        "none" => Ok(Compression::None),
        other => Err(format!("unknown layer compression {other:?}")),
    }
}
