//! Digest mismatches. `hostile/diff-id-mismatch`: the config's `diff_id` is not the sha256
//! of the layer's uncompressed tar. `hostile/digest-mismatch`: an uncompressed layer whose
//! bytes the blob origin (5004, behind 5003's redirect) replaces with a tar of the same
//! length and different content, a fault no real registry makes (it checks what it stores).

use anyhow::Result;

use crate::seed::blob::sha256_digest;
use crate::seed::compress::{BuiltLayer, Codec};
use crate::seed::tarball::{Entry, archive};

/// The content of the file the tampered copy changes.
const GOOD: &str = "the content the digest was computed over\n";
/// The same length, other bytes.
const BAD: &str = "THE CONTENT THE ORIGIN SERVES INSTEAD!!!\n";

/// A valid gzip layer listed under the sha256 of other bytes.
pub fn diff_id_mismatch() -> Result<BuiltLayer> {
    let tar = archive(&[Entry::file(
        "etc/diff-id.txt",
        "the config lists another diff id\n",
    )])?;
    let mut layer = BuiltLayer::of(&tar, Codec::Gzip)?;
    layer.diff_id = sha256_digest(b"not this layer");
    Ok(layer)
}

fn tar_with(content: &str) -> Result<Vec<u8>> {
    archive(&[
        Entry::file("etc/served.txt", content),
        Entry::file("etc/unchanged.txt", "the same in both copies\n"),
    ])
}

/// The layer as pushed (valid, uncompressed).
pub fn served_layer() -> Result<BuiltLayer> {
    BuiltLayer::of(&tar_with(GOOD)?, Codec::Uncompressed)
}

/// The blob the origin tampers with: `(digest, bytes served instead)`, same length.
pub fn tampered() -> Result<(String, Vec<u8>)> {
    let layer = served_layer()?;
    Ok((layer.blob.digest, tar_with(BAD)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tampered_copy_has_the_length_and_not_the_digest() {
        const { assert!(GOOD.len() == BAD.len()) };
        let layer = served_layer().expect("layer");
        let (digest, bytes) = tampered().expect("tampered");
        assert_eq!(digest, layer.blob.digest);
        assert_eq!(bytes.len(), layer.blob.bytes.len());
        assert_ne!(sha256_digest(&bytes), digest);
        let mut archive = tar::Archive::new(bytes.as_slice());
        assert_eq!(
            archive.entries().expect("entries").count(),
            2,
            "still a valid tar"
        );
    }
}
