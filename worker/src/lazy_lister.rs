//! Listing an eStargz or zstd:chunked layer from its table of contents: the worker's script
//! asks [`LazyLayer::next_range`] which bytes to fetch, sends one Range request for them and
//! hands the answer back ([`LazyLayer::feed`]) until the TOC is read. The asked bytes are kept
//! so the page can hand them to a later worker ([`LazyLayer::replay`]), which then opens a
//! file with its one Range request instead of reading the TOC again.

use std::collections::BTreeMap;

use regscope_layers::lazy::format::{LazyFormat, detect};
use regscope_layers::lazy::limits::LazyLimits;
use regscope_layers::lazy::open::FileRequest;
use regscope_layers::lazy::range::{Answer, ByteRange};
use regscope_layers::lazy::reader::{LazyToc, TocReader};
use wasm_bindgen::prelude::wasm_bindgen;

use crate::range_body::RangeBody;

/// One lazy layer: its TOC being read, then read.
#[wasm_bindgen]
pub struct LazyLayer {
    pub(crate) reader: TocReader,
    pub(crate) toc: Option<LazyToc>,
    /// The asked bytes of each answer, in order.
    kept: Vec<(ByteRange, Vec<u8>)>,
    pub(crate) file: Option<FileRequest>,
}

#[wasm_bindgen]
impl LazyLayer {
    /// The layer a descriptor names: its media type, size and annotations (a JSON object of
    /// strings). An error when the descriptor names no eStargz or zstd:chunked TOC.
    #[wasm_bindgen(constructor)]
    pub fn new(media_type: &str, size: f64, annotations: &str) -> Result<LazyLayer, String> {
        let annotations: BTreeMap<String, String> =
            serde_json::from_str(annotations).map_err(|e| format!("the annotations: {e}"))?;
        let detection = detect(media_type, size.max(0.0) as u64, &annotations)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| {
                format!("the descriptor ({media_type}) names no eStargz or zstd:chunked TOC")
            })?;
        Ok(LazyLayer {
            reader: TocReader::new(detection, LazyLimits::default()).map_err(|e| e.to_string())?,
            toc: None,
            kept: Vec::new(),
            file: None,
        })
    }

    /// The bytes to fetch next, `[start, end]` (end exclusive), or nothing once the TOC is read.
    pub fn next_range(&self) -> Option<Vec<f64>> {
        if self.toc.is_some() {
            return None;
        }
        self.reader
            .request()
            .map(|r| vec![r.start as f64, r.end as f64])
    }

    /// Takes the answer to [`LazyLayer::next_range`]: true once the TOC is read.
    pub fn feed(&mut self, body: RangeBody) -> Result<bool, String> {
        let asked = body.asked();
        let done = self.take(&body.answer())?;
        self.kept.push((asked, body.into_kept()));
        Ok(done)
    }

    /// Feeds answers kept by an earlier worker: `ranges` is `[start, end, …]`, `bytes` their
    /// bytes one after another. True once the TOC is read.
    pub fn replay(&mut self, ranges: Vec<f64>, bytes: &[u8]) -> Result<bool, String> {
        let mut at = 0usize;
        for pair in ranges.chunks_exact(2) {
            let asked = ByteRange {
                start: pair[0].max(0.0) as u64,
                end: pair[1].max(0.0) as u64,
            };
            let len = usize::try_from(asked.len()).map_err(|e| e.to_string())?;
            let part = bytes
                .get(at..at.saturating_add(len))
                .ok_or("the kept table of contents is shorter than its ranges")?;
            at += len;
            if self.reader.request() != Some(asked) {
                return Err("the kept table of contents is not this layer's".into());
            }
            if self.take(&Answer::partial(part))? {
                return Ok(true);
            }
        }
        Ok(self.toc.is_some())
    }

    /// The listing, as a JSON array of entries (empty before the TOC is read).
    pub fn entries(&self) -> String {
        self.toc
            .as_ref()
            .and_then(|t| serde_json::to_string(&t.entries).ok())
            .unwrap_or_else(|| "[]".into())
    }

    /// What reading the TOC found, as JSON: `format`, `blob_size` and `verification` (the
    /// TOC against the descriptor's annotation).
    pub fn summary(&self) -> String {
        let Some(toc) = &self.toc else {
            return "null".into();
        };
        serde_json::json!({
            "format": match toc.format {
                LazyFormat::Estargz => "estargz",
                LazyFormat::ZstdChunked => "zstd-chunked",
            },
            "blob_size": toc.blob_size,
            "verification": toc.verification,
        })
        .to_string()
    }

    /// The kept ranges, `[start, end, …]`, for [`LazyLayer::replay`].
    pub fn kept_ranges(&self) -> Vec<f64> {
        self.kept
            .iter()
            .flat_map(|(r, _)| [r.start as f64, r.end as f64])
            .collect()
    }

    /// The kept bytes, one range after another.
    pub fn kept_bytes(&self) -> Vec<u8> {
        self.kept
            .iter()
            .flat_map(|(_, b)| b.iter().copied())
            .collect()
    }
}

impl LazyLayer {
    fn take(&mut self, answer: &Answer<'_>) -> Result<bool, String> {
        if let Some(toc) = self.reader.feed(answer).map_err(|e| e.to_string())? {
            self.toc = Some(toc);
        }
        Ok(self.toc.is_some())
    }
}
