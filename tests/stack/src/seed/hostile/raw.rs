//! Raw tar blocks for archives no well-behaved writer produces: any header bytes, any
//! claimed size, data that need not match the claim.

use crate::seed::tarball::{len64, set_name};

/// Size of a tar block.
pub const BLOCK: usize = 512;

/// A ustar header for a regular file `name` claiming `size` bytes, checksum set.
pub fn file_header(name: &[u8], size: u64) -> tar::Header {
    let mut header = tar::Header::new_ustar();
    set_name(&mut header, name);
    header.set_entry_type(tar::EntryType::Regular);
    header.set_mode(0o644);
    header.set_mtime(crate::seed::tarball::MTIME);
    header.set_size(size);
    header.set_cksum();
    header
}

/// Appends `header` and `data`, padded to a whole block.
pub fn push(out: &mut Vec<u8>, header: &tar::Header, data: &[u8]) {
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(data);
    pad(out);
}

/// Appends a regular file whose size field matches `data`.
pub fn push_file(out: &mut Vec<u8>, name: &str, data: &[u8]) {
    push(out, &file_header(name.as_bytes(), len64(data.len())), data);
}

/// Zero bytes up to the next block boundary.
pub fn pad(out: &mut Vec<u8>) {
    let rest = out.len() % BLOCK;
    if rest != 0 {
        out.resize(out.len() + BLOCK - rest, 0);
    }
}

/// The two zero blocks that end an archive.
pub fn end(out: &mut Vec<u8>) {
    out.resize(out.len() + 2 * BLOCK, 0);
}
