//! Ustar headers for the writers (through the `tar` crate's header type), with the fixed
//! owner, mode and time every deterministic layer uses.

use super::FIXED_MTIME;

/// Tar block size.
pub(crate) const BLOCK: usize = 512;

/// The 512-byte header of a directory (`path/`, mode 0755) or a regular file (mode 0644).
pub(crate) fn header(path: &str, dir: bool, size: u64) -> [u8; BLOCK] {
    let mut h = tar::Header::new_ustar();
    let name = if dir {
        format!("{path}/")
    } else {
        path.to_string()
    };
    // Paths too long for ustar are a programming error of the caller's fixture, not input.
    h.set_path(&name)
        .unwrap_or_else(|e| panic!("path {name:?} does not fit a ustar header: {e}"));
    h.set_entry_type(if dir {
        tar::EntryType::Directory
    } else {
        tar::EntryType::Regular
    });
    h.set_size(if dir { 0 } else { size });
    h.set_mode(if dir { 0o755 } else { 0o644 });
    h.set_uid(0);
    h.set_gid(0);
    h.set_mtime(FIXED_MTIME as u64);
    h.set_cksum();
    let mut out = [0u8; BLOCK];
    out.copy_from_slice(h.as_bytes());
    out
}

/// Zero bytes that pad `len` content bytes to a whole block.
pub(crate) fn padding(len: usize) -> Vec<u8> {
    vec![0; (BLOCK - len % BLOCK) % BLOCK]
}
