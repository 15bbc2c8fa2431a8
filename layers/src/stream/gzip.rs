//! Push decoding of gzip (every member of a multi-member file) through flate2's pure-Rust
//! backend, handing out the decompressed bytes a bounded chunk at a time.

use std::io::Write;

use flate2::write::MultiGzDecoder;

use super::LayerError;
use super::decode::ChunkSink;

/// A gzip decoder fed compressed bytes as they arrive.
pub(crate) struct GzipPush {
    decoder: MultiGzDecoder<Vec<u8>>,
    consumed: u64,
}

impl std::fmt::Debug for GzipPush {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GzipPush")
            .field("consumed", &self.consumed)
            .finish_non_exhaustive()
    }
}

impl GzipPush {
    pub fn new() -> Self {
        GzipPush {
            decoder: MultiGzDecoder::new(Vec::with_capacity(64 << 10)),
            consumed: 0,
        }
    }

    /// Decodes `input`, calling `out` with each decompressed chunk (at most a few tens of KiB)
    /// and the compressed bytes consumed so far.
    pub fn push(&mut self, mut input: &[u8], out: &mut ChunkSink<'_>) -> Result<(), LayerError> {
        while !input.is_empty() {
            let n = self.decoder.write(input).map_err(|e| self.corrupt(&e))?;
            self.consumed += n as u64;
            input = &input[n..];
            self.drain(out)?;
            if n == 0 {
                // The decoder takes no more: what is left is not gzip.
                return Err(LayerError::CorruptGzip {
                    compressed_offset: self.consumed,
                    detail: "bytes after the last gzip member are not a gzip member".to_owned(),
                });
            }
        }
        // Hand out what the decoder still holds, so every entry whose bytes arrived is listed
        // by this push (bounded: the decoder keeps at most its 32 KiB window pending).
        self.decoder.flush().map_err(|e| self.corrupt(&e))?;
        self.drain(out)
    }

    /// Ends the stream: hands out what is still buffered, and fails if the last member is
    /// incomplete (no end of deflate data, or its CRC and size trailer missing or wrong).
    pub fn finish(mut self, out: &mut ChunkSink<'_>) -> Result<u64, LayerError> {
        if self.consumed == 0 {
            return Err(LayerError::TruncatedCompressed {
                format: "gzip".to_owned(),
                compressed_offset: 0,
                what: "its first header (no bytes at all)".to_owned(),
            });
        }
        let result = self.decoder.try_finish();
        self.drain(out)?;
        result.map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => LayerError::TruncatedCompressed {
                format: "gzip".to_owned(),
                compressed_offset: self.consumed,
                what: "a member's compressed data".to_owned(),
            },
            // flate2 says this of a trailer that is short as well as of one that differs.
            _ => LayerError::CorruptGzip {
                compressed_offset: self.consumed,
                detail: format!(
                    "the last member's CRC-32 and size trailer is missing or does not match its content, so the stream was cut short in its last bytes or is corrupt ({e})"
                ),
            },
        })?;
        Ok(self.consumed)
    }

    fn drain(&mut self, out: &mut ChunkSink<'_>) -> Result<(), LayerError> {
        let buffer = self.decoder.get_mut();
        if !buffer.is_empty() {
            let result = out(buffer, self.consumed);
            buffer.clear();
            result?;
        }
        Ok(())
    }

    fn corrupt(&self, error: &std::io::Error) -> LayerError {
        LayerError::CorruptGzip {
            compressed_offset: self.consumed,
            detail: error.to_string(),
        }
    }
}
