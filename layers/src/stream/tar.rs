//! `TarStream`: a push parser of an uncompressed tar stream that lists entries as their headers
//! complete, skips file contents without copying them, and hashes every byte (the diff_id).

use serde::{Deserialize, Serialize};

use super::header::{self, BLOCK, Header};
use super::pax::{self, PaxValues};
use super::{BlobHasher, LayerError, Limits};
use crate::entry::{Entry, EntryKind};

/// What the end of a tar stream tells: how much was read and what it hashes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TarSummary {
    /// Entries listed.
    pub entries: u64,
    /// Bytes of the uncompressed stream, end-of-archive blocks and trailing bytes included.
    pub uncompressed_bytes: u64,
    /// `sha256:…` of every byte pushed: the layer's diff_id.
    pub diff_id: String,
    /// Whether the two zero blocks that end an archive were seen (many writers omit them).
    pub end_of_archive: bool,
}

/// Receives what the parser finds. The listing only wants entries; a file extraction wants one
/// entry's content too.
pub(crate) trait EntrySink {
    /// One entry; returns whether its content bytes are wanted. `sparse` marks a GNU sparse
    /// file, whose stored bytes are not the file's bytes.
    fn entry(&mut self, entry: Entry, sparse: bool) -> bool;
    /// The next bytes of the wanted entry's content.
    fn content(&mut self, _bytes: &[u8]) {}
    /// The wanted entry's content is complete.
    fn content_end(&mut self) {}
}

impl EntrySink for Vec<Entry> {
    fn entry(&mut self, entry: Entry, _sparse: bool) -> bool {
        self.push(entry);
        false
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RecordKind {
    PaxLocal,
    PaxGlobal,
    LongName,
    LongLink,
}

impl RecordKind {
    fn describe(self) -> &'static str {
        match self {
            RecordKind::PaxLocal => "PAX extended header",
            RecordKind::PaxGlobal => "PAX global header",
            RecordKind::LongName => "GNU long name record",
            RecordKind::LongLink => "GNU long link record",
        }
    }
}

#[derive(Debug)]
enum State {
    /// Expecting a header block.
    Header,
    /// Collecting a PAX / GNU long-name record's data, then skipping its padding.
    Record {
        kind: RecordKind,
        header_offset: u64,
        remaining: u64,
        padding: u64,
    },
    /// Expecting old GNU sparse-map extension blocks before the entry's data.
    SparseExtension { entry: Box<Entry>, data: u64 },
    /// Passing over an entry's content (and its padding).
    Content {
        remaining: u64,
        padding: u64,
        capture: bool,
    },
    /// After the end-of-archive blocks: bytes are hashed, not parsed.
    End,
}

/// Push parser of an uncompressed tar stream (ustar, old GNU, v7, PAX `x`/`g`, GNU `L`/`K`,
/// base-256 numbers, old GNU and PAX sparse files), bounded by [`Limits`].
///
/// Push bytes in any chunking; each call appends the entries whose headers completed. The
/// parser keeps one header block and at most one extended record, never file contents.
#[derive(Debug)]
pub struct TarStream {
    limits: Limits,
    /// `None` when the caller needs no diff_id (opening one file).
    hasher: Option<BlobHasher>,
    /// Bytes pushed so far (the offset of the next byte).
    offset: u64,
    state: State,
    block: Box<[u8; BLOCK]>,
    block_len: usize,
    record: Vec<u8>,
    local: PaxValues,
    global: PaxValues,
    long_name: Option<Vec<u8>>,
    long_link: Option<Vec<u8>>,
    /// Offset of the header that started the pending extended records, for messages.
    pending_since: Option<u64>,
    entries: u64,
    zero_blocks: u8,
    end_of_archive: bool,
    /// Path of the entry whose content is being passed over, for messages.
    current: String,
    error: Option<LayerError>,
}

impl TarStream {
    /// A parser at the start of a stream.
    pub fn new(limits: Limits) -> Self {
        TarStream {
            limits,
            hasher: Some(BlobHasher::new()),
            offset: 0,
            state: State::Header,
            block: Box::new([0; BLOCK]),
            block_len: 0,
            record: Vec::new(),
            local: PaxValues::default(),
            global: PaxValues::default(),
            long_name: None,
            long_link: None,
            pending_since: None,
            entries: 0,
            zero_blocks: 0,
            end_of_archive: false,
            current: String::new(),
            error: None,
        }
    }

    /// A parser that computes no diff_id (its summary's is empty): for reading a layer again
    /// only to take one file out, where hashing would be most of the cost in wasm, or for a
    /// caller that hashes the same bytes elsewhere (another worker, on another core).
    pub fn unhashed(limits: Limits) -> Self {
        TarStream {
            hasher: None,
            ..TarStream::new(limits)
        }
    }

    /// Parses the next bytes of the stream, appending completed entries to `out`.
    pub fn push(&mut self, bytes: &[u8], out: &mut Vec<Entry>) -> Result<(), LayerError> {
        self.push_to(bytes, out)
    }

    /// Bytes pushed so far.
    pub fn bytes(&self) -> u64 {
        self.offset
    }

    /// Entries listed so far.
    pub fn entries(&self) -> u64 {
        self.entries
    }

    /// Ends the stream: an error if it stopped inside a header, record or content (a missing
    /// end-of-archive marker at a block boundary is accepted), else the summary.
    pub fn finish(self) -> Result<TarSummary, LayerError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let what = match &self.state {
            State::Header if self.block_len > 0 => Some("the header of a tar entry".to_owned()),
            State::Header if self.pending_since.is_some() => {
                Some("an entry: its extended header arrived, the entry did not".to_owned())
            }
            State::Header | State::End => None,
            State::Record { kind, .. } => Some(format!("a {}", kind.describe())),
            State::SparseExtension { entry, .. } => {
                Some(format!("the sparse map of {:?}", entry.path))
            }
            State::Content { remaining, .. } if *remaining > 0 => Some(format!(
                "the content of {:?} ({remaining} bytes missing)",
                self.current
            )),
            State::Content { padding, .. } => Some(format!(
                "the padding after {:?} ({padding} bytes missing)",
                self.current
            )),
        };
        if let Some(what) = what {
            return Err(LayerError::Truncated {
                offset: self.offset,
                what,
            });
        }
        Ok(TarSummary {
            entries: self.entries,
            uncompressed_bytes: self.offset,
            diff_id: self.hasher.map(BlobHasher::finish).unwrap_or_default(),
            end_of_archive: self.end_of_archive,
        })
    }

    /// [`TarStream::push`] with any sink.
    pub(crate) fn push_to(
        &mut self,
        bytes: &[u8],
        sink: &mut impl EntrySink,
    ) -> Result<(), LayerError> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        let result = self.parse(bytes, sink);
        if let Err(error) = &result {
            self.error = Some(error.clone());
        }
        result
    }

    fn parse(&mut self, bytes: &[u8], sink: &mut impl EntrySink) -> Result<(), LayerError> {
        if self.offset.saturating_add(bytes.len() as u64) > self.limits.max_uncompressed {
            return Err(LayerError::TooLarge {
                limit: self.limits.max_uncompressed,
            });
        }
        if let Some(hasher) = &mut self.hasher {
            hasher.update(bytes);
        }
        let mut input = bytes;
        while !input.is_empty() {
            let used = match &mut self.state {
                State::End => input.len(),
                State::Content {
                    remaining,
                    padding,
                    capture,
                } => {
                    if *remaining > 0 {
                        let n =
                            usize::try_from(*remaining).map_or(input.len(), |r| r.min(input.len()));
                        *remaining -= n as u64;
                        if *capture {
                            sink.content(&input[..n]);
                            if *remaining == 0 {
                                sink.content_end();
                            }
                        }
                        n
                    } else {
                        let n =
                            usize::try_from(*padding).map_or(input.len(), |p| p.min(input.len()));
                        *padding -= n as u64;
                        if *padding == 0 {
                            self.state = State::Header;
                        }
                        n
                    }
                }
                State::Record {
                    remaining, padding, ..
                } => {
                    if *remaining > 0 {
                        let n =
                            usize::try_from(*remaining).map_or(input.len(), |r| r.min(input.len()));
                        *remaining -= n as u64;
                        self.record.extend_from_slice(&input[..n]);
                        n
                    } else {
                        let n =
                            usize::try_from(*padding).map_or(input.len(), |p| p.min(input.len()));
                        *padding -= n as u64;
                        n
                    }
                }
                State::Header | State::SparseExtension { .. } => {
                    // A whole block straight from the input when possible, else gather it.
                    let block: [u8; BLOCK];
                    let n;
                    if self.block_len == 0 && input.len() >= BLOCK {
                        block = input[..BLOCK].try_into().unwrap_or([0; BLOCK]);
                        n = BLOCK;
                    } else {
                        n = (BLOCK - self.block_len).min(input.len());
                        self.block[self.block_len..self.block_len + n].copy_from_slice(&input[..n]);
                        self.block_len += n;
                        if self.block_len < BLOCK {
                            input = &input[n..];
                            continue;
                        }
                        self.block_len = 0;
                        block = *self.block;
                    }
                    input = &input[n..];
                    let block_offset = self.offset_of(bytes, input) - BLOCK as u64;
                    self.on_block(&block, block_offset, sink)?;
                    continue;
                }
            };
            input = &input[used..];
            self.after_progress()?;
        }
        self.offset += bytes.len() as u64;
        Ok(())
    }

    /// Offset in the stream of the first byte of `rest`, a tail of the pushed `bytes`.
    fn offset_of(&self, bytes: &[u8], rest: &[u8]) -> u64 {
        self.offset + (bytes.len() - rest.len()) as u64
    }

    /// Moves on from a record or content whose bytes are all in.
    fn after_progress(&mut self) -> Result<(), LayerError> {
        if let State::Record {
            kind,
            header_offset,
            remaining: 0,
            padding: 0,
        } = self.state
        {
            let data = std::mem::take(&mut self.record);
            self.state = State::Header;
            self.on_record(kind, header_offset, data)?;
        }
        if let State::Content {
            remaining: 0,
            padding: 0,
            ..
        } = self.state
        {
            self.state = State::Header;
        }
        Ok(())
    }

    fn on_record(
        &mut self,
        kind: RecordKind,
        header_offset: u64,
        data: Vec<u8>,
    ) -> Result<(), LayerError> {
        match kind {
            RecordKind::PaxLocal => pax::parse_records(&data, &mut self.local, header_offset),
            RecordKind::PaxGlobal => pax::parse_records(&data, &mut self.global, header_offset),
            RecordKind::LongName => {
                self.long_name = Some(trim_nuls(data));
                Ok(())
            }
            RecordKind::LongLink => {
                self.long_link = Some(trim_nuls(data));
                Ok(())
            }
        }
    }

    fn on_block(
        &mut self,
        block: &[u8; BLOCK],
        offset: u64,
        sink: &mut impl EntrySink,
    ) -> Result<(), LayerError> {
        if let State::SparseExtension { .. } = self.state {
            if header::sparse_extension_continues(block) {
                return Ok(());
            }
            let State::SparseExtension { entry, data } =
                std::mem::replace(&mut self.state, State::Header)
            else {
                return Ok(());
            };
            let mut entry = *entry;
            entry.content_offset = offset + BLOCK as u64;
            self.emit(entry, data, true, sink);
            return Ok(());
        }
        if header::is_zero_block(block) {
            self.zero_blocks += 1;
            if self.zero_blocks >= 2 {
                self.end_of_archive = true;
                self.state = State::End;
            }
            return Ok(());
        }
        // A lone zero block followed by more headers: read on (GNU tar does the same with
        // --ignore-zeros; the entries are there).
        self.zero_blocks = 0;
        let header = header::parse(block, offset)?;
        let record = match header.typeflag {
            b'x' => Some(RecordKind::PaxLocal),
            b'g' => Some(RecordKind::PaxGlobal),
            b'L' => Some(RecordKind::LongName),
            b'K' => Some(RecordKind::LongLink),
            _ => None,
        };
        if let Some(kind) = record {
            if header.size > self.limits.max_header_bytes as u64 {
                return Err(LayerError::HeaderTooLarge {
                    record: kind.describe().to_owned(),
                    offset,
                    size: header.size,
                    limit: self.limits.max_header_bytes as u64,
                });
            }
            if kind != RecordKind::PaxGlobal {
                self.pending_since.get_or_insert(offset);
            }
            self.record.clear();
            self.state = State::Record {
                kind,
                header_offset: offset,
                remaining: header.size,
                padding: padding(header.size),
            };
            if header.size == 0 {
                self.on_record(kind, offset, Vec::new())?;
                self.state = State::Header;
            }
            return Ok(());
        }
        if self.entries >= self.limits.max_entries as u64 {
            return Err(LayerError::TooManyEntries {
                limit: self.limits.max_entries,
                offset,
            });
        }
        let gnu_extended = header.gnu_extended;
        let (entry, data, sparse) = self.build_entry(header, offset)?;
        self.entries += 1;
        if gnu_extended {
            self.state = State::SparseExtension {
                entry: Box::new(entry),
                data,
            };
        } else {
            self.emit(entry, data, sparse, sink);
        }
        Ok(())
    }

    /// Hands an entry to the sink and moves on to its content.
    fn emit(&mut self, entry: Entry, data: u64, sparse: bool, sink: &mut impl EntrySink) {
        self.current.clear();
        self.current.push_str(&entry.path);
        let capture = sink.entry(entry, sparse);
        if data == 0 {
            if capture {
                sink.content_end();
            }
            self.state = State::Header;
        } else {
            self.state = State::Content {
                remaining: data,
                padding: padding(data),
                capture,
            };
        }
    }

    /// The entry a header describes, with the pending PAX and GNU records applied; also the
    /// number of data bytes that follow it and whether it is a sparse file.
    fn build_entry(
        &mut self,
        header: Header,
        offset: u64,
    ) -> Result<(Entry, u64, bool), LayerError> {
        let local = std::mem::take(&mut self.local);
        let pax = local.over(&self.global);
        let long_name = self.long_name.take();
        let long_link = self.long_link.take();
        self.pending_since = None;

        let raw_name: Vec<u8> = match (long_name, &pax.sparse_name, &pax.path) {
            (Some(name), _, _) => name,
            (None, Some(name), _) => name.clone().into_bytes(),
            (None, None, Some(path)) => path.clone().into_bytes(),
            (None, None, None) => header.name,
        };
        let raw_link: Vec<u8> = match (long_link, &pax.linkpath) {
            (Some(link), _) => link,
            (None, Some(link)) => link.clone().into_bytes(),
            (None, None) => header.linkname,
        };
        let too_long = |what: &str, bytes: &[u8]| LayerError::PathTooLong {
            offset,
            what: what.to_owned(),
            len: bytes.len(),
            start: String::from_utf8_lossy(&bytes[..bytes.len().min(60)]).into_owned(),
            limit: self.limits.max_path_bytes,
        };
        if raw_name.len() > self.limits.max_path_bytes {
            return Err(too_long("path", &raw_name));
        }
        if raw_link.len() > self.limits.max_path_bytes {
            return Err(too_long("link target", &raw_link));
        }
        let name = String::from_utf8_lossy(&raw_name);
        let kind = match header.typeflag {
            b'0' | 0 | b'7' if name.ends_with('/') => EntryKind::Directory,
            b'0' | 0 | b'7' | b'S' => EntryKind::File,
            b'1' => EntryKind::HardLink,
            b'2' => EntryKind::Symlink,
            b'3' => EntryKind::CharDevice,
            b'4' => EntryKind::BlockDevice,
            b'5' | b'D' => EntryKind::Directory,
            b'6' => EntryKind::Fifo,
            _ => EntryKind::Other,
        };
        let header_only = matches!(header.typeflag, b'1' | b'2' | b'3' | b'4' | b'5' | b'6');
        let data = if header_only {
            0
        } else {
            pax.size.unwrap_or(header.size)
        };
        let sparse = header.typeflag == b'S' || (pax.sparse && kind == EntryKind::File);
        let size = match kind {
            EntryKind::File if sparse => {
                header.gnu_realsize.or(pax.sparse_realsize).unwrap_or(data)
            }
            EntryKind::File => data,
            _ => 0,
        };
        let (path, unsafe_path) = normalize_path(&name);
        let link_target = matches!(kind, EntryKind::HardLink | EntryKind::Symlink)
            .then(|| String::from_utf8_lossy(&raw_link).into_owned());
        let entry = Entry {
            path,
            kind,
            mode: (header.mode & 0o7777) as u32,
            uid: pax.uid.unwrap_or(header.uid),
            gid: pax.gid.unwrap_or(header.gid),
            user_name: pax.uname.or(header.uname),
            group_name: pax.gname.or(header.gname),
            size,
            mtime: pax.mtime.unwrap_or(header.mtime),
            link_target,
            content_offset: offset + BLOCK as u64,
            unsafe_path,
        };
        Ok((entry, data, sparse))
    }
}

/// An archive name as the listing shows it: no leading `/` or `./`, no empty or `.`
/// components, no trailing `/`; `..` components are kept, never resolved. Also whether the
/// name was unsafe (absolute, or holding `..`). The root itself (`./`, `/`) is the empty path.
pub(crate) fn normalize_path(name: &str) -> (String, bool) {
    let absolute = name.starts_with('/');
    let mut path = String::with_capacity(name.len());
    let mut dotdot = false;
    for part in name.split('/') {
        if part.is_empty() || part == "." {
            continue;
        }
        if part == ".." {
            dotdot = true;
        }
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(part);
    }
    let unsafe_path = dotdot || (absolute && !path.is_empty());
    (path, unsafe_path)
}

/// Padding after `size` bytes of data up to the next block boundary.
pub(crate) fn padding(size: u64) -> u64 {
    (BLOCK as u64 - size % BLOCK as u64) % BLOCK as u64
}

fn trim_nuls(mut data: Vec<u8>) -> Vec<u8> {
    while data.last() == Some(&0) {
        data.pop();
    }
    data
}
