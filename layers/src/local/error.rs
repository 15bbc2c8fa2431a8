//! What can go wrong reading a local image archive, naming the member and offset.

/// An error reading a `docker save` tarball or an OCI layout.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocalError {
    /// The tar ends inside a header or a member.
    #[error(
        "the archive is truncated: {what} at offset {offset} needs {needed} bytes, but the file ends at {size}"
    )]
    Truncated {
        /// What was being read.
        what: String,
        /// Where.
        offset: u64,
        /// Bytes needed from there.
        needed: u64,
        /// The file's size.
        size: u64,
    },
    /// A header's checksum is wrong: not a tar, or a damaged one.
    #[error("the tar header at offset {offset} is damaged (bad checksum): is this a tar file?")]
    BadHeader {
        /// Where.
        offset: u64,
    },
    /// A member name escapes the archive.
    #[error("the archive member {name:?} has an unsafe name (absolute or with ..); refused")]
    UnsafeName {
        /// The name as written.
        name: String,
    },
    /// An oversized header record (PAX, long name) or a file the reader will not hold.
    #[error("{what} is {size} bytes, more than the {limit} accepted")]
    TooLarge {
        /// What.
        what: String,
        /// Its size.
        size: u64,
        /// The cap.
        limit: u64,
    },
    /// Too many members.
    #[error("the archive has more than {limit} members")]
    TooManyMembers {
        /// The cap.
        limit: usize,
    },
    /// Neither an OCI layout nor a `docker save` tarball.
    #[error("this is not an image archive: {0}")]
    NotAnImage(String),
    /// A file the image's JSON names is not in the archive.
    #[error("{by} names {path}, which is not in the archive")]
    Missing {
        /// The file naming it.
        by: String,
        /// The missing path.
        path: String,
    },
    /// A JSON file is not what its format defines.
    #[error("{path} is not valid: {why}")]
    BadJson {
        /// The file.
        path: String,
        /// What was wrong.
        why: String,
    },
    /// A blob's bytes do not hash to the digest naming it.
    #[error("{path} should have digest {expected} but has {actual}")]
    DigestMismatch {
        /// The file.
        path: String,
        /// The digest naming it.
        expected: String,
        /// Its bytes' digest.
        actual: String,
    },
    /// The reader was given bytes it did not ask for, or a read failed.
    #[error("reading {path} failed: {why}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        why: String,
    },
}
