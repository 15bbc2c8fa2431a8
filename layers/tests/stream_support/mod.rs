//! Archive builders for the streaming reader's tests: real tar streams from the `tar` crate,
//! hand-made header blocks for what no well-behaved writer produces, gzip and zstd wrappers.

#![allow(dead_code)]

use std::io::Write;

use regscope_layers::entry::Entry;
use regscope_layers::stream::{Compression, LayerDigests, LayerError, LayerStream, Limits};
use sha2::{Digest, Sha256};

/// A tar stream made by the `tar` crate (GNU headers, long names through `L` records).
pub fn tar_of(build: impl FnOnce(&mut tar::Builder<Vec<u8>>)) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    build(&mut builder);
    builder.into_inner().expect("tar builder")
}

/// Appends a regular file.
pub fn file(b: &mut tar::Builder<Vec<u8>>, path: &str, content: &[u8]) {
    let mut h = tar::Header::new_gnu();
    h.set_size(content.len() as u64);
    h.set_mode(0o644);
    h.set_mtime(1_700_000_000);
    h.set_entry_type(tar::EntryType::Regular);
    b.append_data(&mut h, path, content).expect("append file");
}

/// Appends a directory.
pub fn dir(b: &mut tar::Builder<Vec<u8>>, path: &str) {
    let mut h = tar::Header::new_gnu();
    h.set_size(0);
    h.set_mode(0o755);
    h.set_entry_type(tar::EntryType::Directory);
    b.append_data(&mut h, path, &[][..]).expect("append dir");
}

/// Appends a symlink or hard link.
pub fn link(b: &mut tar::Builder<Vec<u8>>, kind: tar::EntryType, path: &str, target: &str) {
    let mut h = tar::Header::new_gnu();
    h.set_size(0);
    h.set_mode(0o777);
    h.set_entry_type(kind);
    b.append_link(&mut h, path, target).expect("append link");
}

/// A ustar header block written by hand (name up to 100 bytes, checksum set).
pub fn raw_header(name: &[u8], typeflag: u8, size: u64) -> [u8; 512] {
    let mut block = [0u8; 512];
    block[..name.len()].copy_from_slice(name);
    block[100..108].copy_from_slice(b"0000644\0");
    block[108..116].copy_from_slice(b"0001750\0");
    block[116..124].copy_from_slice(b"0001750\0");
    let size_field = format!("{size:011o}\0");
    if size_field.len() == 12 {
        block[124..136].copy_from_slice(size_field.as_bytes());
    } else {
        // Base-256 for sizes beyond 8 GiB.
        block[124] = 0x80;
        block[128..136].copy_from_slice(&size.to_be_bytes());
    }
    block[136..148].copy_from_slice(b"14000000000\0");
    block[156] = typeflag;
    block[257..265].copy_from_slice(b"ustar\x0000");
    set_checksum(&mut block);
    block
}

/// Writes a header's checksum field.
pub fn set_checksum(block: &mut [u8; 512]) {
    block[148..156].fill(b' ');
    let sum: u32 = block.iter().map(|&b| u32::from(b)).sum();
    block[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
}

/// Data padded to whole blocks.
pub fn padded(data: &[u8]) -> Vec<u8> {
    let mut v = data.to_vec();
    v.resize(data.len().div_ceil(512) * 512, 0);
    v
}

/// A PAX record `"<len> key=value\n"`.
pub fn pax_record(key: &str, value: &str) -> Vec<u8> {
    let body = format!(" {key}={value}\n");
    let mut len = body.len() + 1;
    while format!("{len}{body}").len() != len {
        len += 1;
    }
    format!("{len}{body}").into_bytes()
}

/// The two zero blocks that end an archive.
pub fn end_blocks() -> Vec<u8> {
    vec![0u8; 1024]
}

/// gzip of `data` (one member).
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).expect("gzip");
    enc.finish().expect("gzip")
}

/// zstd of `data` (one frame) by ruzstd's encoder.
pub fn zstd(data: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
}

/// `sha256:` of bytes, computed here independently of the crate.
pub fn sha256(data: &[u8]) -> String {
    let sum = Sha256::digest(data);
    let hex: String = sum.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Reads a whole blob through a `LayerStream`, `chunk` bytes per push.
pub fn read_layer(
    compression: Compression,
    blob: &[u8],
    chunk: usize,
    limits: Limits,
) -> Result<(Vec<Entry>, LayerDigests), LayerError> {
    let mut stream = LayerStream::new(compression, limits);
    let mut entries = Vec::new();
    for part in blob.chunks(chunk.max(1)) {
        stream.push(part, &mut entries)?;
    }
    let digests = stream.finish()?;
    Ok((entries, digests))
}
