//! The decompressor of a layer, whichever its compression: compressed bytes in, bounded
//! chunks of the tar stream out, with the compressed bytes consumed so far.

use super::gzip::GzipPush;
use super::zstd::ZstdPush;
use super::{Compression, LayerError};

/// Receives decompressed chunks and the compressed bytes consumed when each came out.
pub(crate) type ChunkSink<'a> = dyn FnMut(&[u8], u64) -> Result<(), LayerError> + 'a;

/// One of the push decoders.
#[derive(Debug)]
pub(crate) enum Decoder {
    Gzip(Box<GzipPush>),
    Zstd(Box<ZstdPush>),
    /// Uncompressed: bytes pass through.
    Plain {
        consumed: u64,
    },
}

impl Decoder {
    pub fn new(compression: Compression) -> Self {
        match compression {
            Compression::Gzip => Decoder::Gzip(Box::new(GzipPush::new())),
            Compression::Zstd => Decoder::Zstd(Box::new(ZstdPush::new())),
            Compression::None => Decoder::Plain { consumed: 0 },
        }
    }

    /// Decodes the next compressed bytes.
    pub fn push(&mut self, input: &[u8], out: &mut ChunkSink<'_>) -> Result<(), LayerError> {
        match self {
            Decoder::Gzip(d) => d.push(input, out),
            Decoder::Zstd(d) => d.push(input, out),
            Decoder::Plain { consumed } => {
                *consumed += input.len() as u64;
                if input.is_empty() {
                    Ok(())
                } else {
                    out(input, *consumed)
                }
            }
        }
    }

    /// Ends the compressed stream, handing out what is still buffered; fails if it stopped
    /// before its end. Returns the compressed bytes consumed.
    pub fn finish(self, out: &mut ChunkSink<'_>) -> Result<u64, LayerError> {
        match self {
            Decoder::Gzip(d) => d.finish(out),
            Decoder::Zstd(d) => d.finish(),
            Decoder::Plain { consumed } => Ok(consumed),
        }
    }
}
