//! Push decoding of Zstandard through ruzstd: frames one after another, skippable frames passed
//! over, content checksums checked. The framing (frame header, block headers) is read here so
//! the decoder is handed exactly one block at a time: memory stays at one window plus one block
//! whatever the chunking, and a block of run-length bytes cannot expand unseen.

use ruzstd::decoding::{BlockDecodingStrategy, FrameDecoder};

use super::LayerError;

const MAGIC: u32 = 0xFD2F_B528;
const SKIPPABLE_MASK: u32 = 0xFFFF_FFF0;
const SKIPPABLE: u32 = 0x184D_2A50;
/// Largest block content the format allows.
const MAX_BLOCK: usize = 128 << 10;
/// Largest window a frame may ask the decoder to keep in memory: 128 MiB, the limit the
/// reference decoder applies unless told otherwise (frames written with `--long=28` or more are
/// refused there too).
const MAX_WINDOW: u64 = 128 << 20;
/// Decompressed bytes handed out per call.
const OUT_CHUNK: usize = 64 << 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// A frame's 4-byte magic number.
    Magic,
    /// A frame header of this many bytes (magic included), once its descriptor byte is known.
    FrameHeader(usize),
    /// A skippable frame's size field.
    SkipSize,
    /// The 3-byte header of a block.
    BlockHeader,
    /// A block's content (and the frame's checksum after the last block), this many bytes;
    /// its header is in `head`.
    Block(usize),
}

/// A zstd decoder fed compressed bytes as they arrive.
pub(crate) struct ZstdPush {
    decoder: FrameDecoder,
    unit: Unit,
    /// The small units (magic, frame header, block header) gathered across pushes.
    head: Vec<u8>,
    /// A block's bytes gathered across pushes (empty when a block arrives whole).
    block: Vec<u8>,
    /// Bytes of a skippable frame still to pass over.
    skipping: u64,
    has_checksum: bool,
    consumed: u64,
    frames: u64,
    out: Vec<u8>,
}

impl std::fmt::Debug for ZstdPush {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ZstdPush")
            .field("unit", &self.unit)
            .field("consumed", &self.consumed)
            .finish_non_exhaustive()
    }
}

type Sink<'a> = dyn FnMut(&[u8], u64) -> Result<(), LayerError> + 'a;

impl ZstdPush {
    pub fn new() -> Self {
        let mut decoder = FrameDecoder::new();
        decoder.set_max_window_size(MAX_WINDOW);
        ZstdPush {
            decoder,
            unit: Unit::Magic,
            head: Vec::with_capacity(18),
            block: Vec::new(),
            skipping: 0,
            has_checksum: false,
            consumed: 0,
            frames: 0,
            out: vec![0; OUT_CHUNK],
        }
    }

    /// Decodes `input`, calling `out` with each decompressed chunk and the compressed bytes
    /// consumed so far.
    pub fn push(&mut self, mut input: &[u8], out: &mut Sink<'_>) -> Result<(), LayerError> {
        // An empty block (a streaming compressor's closing one) needs no input bytes at all.
        while !input.is_empty() || self.unit == Unit::Block(0) {
            if self.skipping > 0 {
                let n = usize::try_from(self.skipping).map_or(input.len(), |s| s.min(input.len()));
                self.skipping -= n as u64;
                self.consumed += n as u64;
                input = &input[n..];
                continue;
            }
            if let Unit::Block(len) = self.unit {
                if self.block.is_empty() && input.len() >= len {
                    let (content, rest) = input.split_at(len);
                    input = rest;
                    self.consumed += len as u64;
                    self.on_block(content, out)?;
                } else {
                    let n = (len - self.block.len()).min(input.len());
                    self.block.extend_from_slice(&input[..n]);
                    self.consumed += n as u64;
                    input = &input[n..];
                    if self.block.len() == len {
                        let content = std::mem::take(&mut self.block);
                        let result = self.on_block(&content, out);
                        self.block = content;
                        self.block.clear();
                        result?;
                    }
                }
                continue;
            }
            let need = match self.unit {
                Unit::Magic | Unit::SkipSize => 4,
                Unit::FrameHeader(len) => len,
                _ => 3,
            };
            let n = (need - self.head.len()).min(input.len());
            self.head.extend_from_slice(&input[..n]);
            self.consumed += n as u64;
            input = &input[n..];
            if self.head.len() == need {
                self.on_head()?;
            }
        }
        Ok(())
    }

    /// Ends the stream: fails unless it stopped between frames (and had at least one).
    pub fn finish(self) -> Result<u64, LayerError> {
        let truncated = |what: &str| LayerError::TruncatedCompressed {
            format: "zstd".to_owned(),
            compressed_offset: self.consumed,
            what: what.to_owned(),
        };
        if self.skipping > 0 {
            return Err(truncated("a skippable frame"));
        }
        match self.unit {
            Unit::Magic if self.head.is_empty() && self.frames > 0 => Ok(self.consumed),
            Unit::Magic if self.head.is_empty() => {
                Err(truncated("its first frame (no frame at all)"))
            }
            Unit::Magic | Unit::FrameHeader(_) => Err(truncated("a frame header")),
            Unit::SkipSize => Err(truncated("a skippable frame's header")),
            Unit::BlockHeader | Unit::Block(_) => Err(truncated("a block")),
        }
    }

    fn corrupt(&self, detail: impl Into<String>) -> LayerError {
        LayerError::CorruptZstd {
            compressed_offset: self.consumed,
            detail: detail.into(),
        }
    }

    /// A small unit is complete in `head`.
    fn on_head(&mut self) -> Result<(), LayerError> {
        let head = &self.head;
        match self.unit {
            Unit::Magic => {
                let magic = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
                if magic == MAGIC {
                    // Magic and descriptor first; the descriptor tells the header's length.
                    self.unit = Unit::FrameHeader(5);
                } else if magic & SKIPPABLE_MASK == SKIPPABLE {
                    self.head.clear();
                    self.unit = Unit::SkipSize;
                } else {
                    return Err(self.corrupt(format!(
                        "expected a zstd frame, found the bytes {head:02x?} (this is not zstd, or it is corrupt)"
                    )));
                }
            }
            Unit::SkipSize => {
                self.skipping = u64::from(u32::from_le_bytes([head[0], head[1], head[2], head[3]]));
                self.head.clear();
                self.unit = Unit::Magic;
            }
            Unit::FrameHeader(len) => {
                let descriptor = head[4];
                let full = header_len(descriptor);
                if len < full {
                    self.unit = Unit::FrameHeader(full);
                    return Ok(());
                }
                if descriptor & 0x08 != 0 {
                    return Err(self.corrupt("a frame header sets its reserved bit"));
                }
                self.has_checksum = descriptor & 0x04 != 0;
                let result = self.decoder.reset(&head[..]);
                result.map_err(|e| self.corrupt(format!("bad frame header: {e}")))?;
                self.head.clear();
                self.frames += 1;
                self.unit = Unit::BlockHeader;
            }
            Unit::BlockHeader => {
                let raw = u32::from_le_bytes([head[0], head[1], head[2], 0]);
                let last = raw & 1 != 0;
                let size = (raw >> 3) as usize;
                let content = match (raw >> 1) & 3 {
                    0 | 2 => size,
                    1 => 1,
                    _ => return Err(self.corrupt("a block has the reserved block type")),
                };
                if size > MAX_BLOCK {
                    return Err(self.corrupt(format!(
                        "a block claims {size} bytes, more than the 128 KiB allowed"
                    )));
                }
                let checksum = if last && self.has_checksum { 4 } else { 0 };
                // The header stays in `head`, read again by the decoder before the content.
                self.unit = Unit::Block(content + checksum);
            }
            Unit::Block(_) => {}
        }
        Ok(())
    }

    /// A block's content (and checksum, after the last one) is complete: decode it and hand out
    /// what the decoder can release.
    fn on_block(&mut self, content: &[u8], out: &mut Sink<'_>) -> Result<(), LayerError> {
        let source = std::io::Read::chain(&self.head[..], content);
        let decoded = self
            .decoder
            .decode_blocks(source, BlockDecodingStrategy::UptoBlocks(1));
        let finished = match decoded {
            Ok(finished) => finished,
            Err(e) => return Err(self.corrupt(format!("bad block: {e}"))),
        };
        self.head.clear();
        self.drain(out)?;
        if finished {
            if self.has_checksum {
                let stored = self.decoder.get_checksum_from_data();
                let computed = self.decoder.get_calculated_checksum();
                if stored != computed {
                    return Err(self.corrupt(format!(
                        "a frame's content checksum is {stored:08x?} but its content hashes to {computed:08x?}"
                    )));
                }
            }
            self.unit = Unit::Magic;
        } else {
            self.unit = Unit::BlockHeader;
        }
        Ok(())
    }

    /// Hands out what the decoder can release (all of it at the end of a frame).
    fn drain(&mut self, out: &mut Sink<'_>) -> Result<(), LayerError> {
        loop {
            let written = match std::io::Read::read(&mut self.decoder, &mut self.out) {
                Ok(n) => n,
                Err(e) => return Err(self.corrupt(e.to_string())),
            };
            if written == 0 {
                return Ok(());
            }
            out(&self.out[..written], self.consumed)?;
        }
    }
}

/// Length of a frame header (magic included) from its descriptor byte.
fn header_len(descriptor: u8) -> usize {
    let single_segment = descriptor & 0x20 != 0;
    let window = usize::from(!single_segment);
    let dictionary = [0, 1, 2, 4][usize::from(descriptor & 3)];
    let content_size = match descriptor >> 6 {
        0 => usize::from(single_segment),
        1 => 2,
        2 => 4,
        _ => 8,
    };
    4 + 1 + window + dictionary + content_size
}
