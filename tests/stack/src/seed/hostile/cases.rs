//! The hostile tar layers, one idea each: names leaving the root, a pax record claiming an
//! enormous length, a pax header claiming 8 GiB, a GNU long name of several MB, a bad header
//! checksum, a gzip stream cut short.

use anyhow::Result;

use super::raw;
use crate::seed::compress::{self, BuiltLayer, Codec};
use crate::seed::tarball::{Entry, archive, len64, meta_header, pax_records};

/// Bytes of the GNU long name (`a` repeated).
pub const GNU_NAME_LEN: usize = 8 << 20;
/// The length the bad pax record claims.
pub const PAX_CLAIMED: &str = "99999999999999999999";
/// The size the huge pax header claims (the largest the 11 octal digits hold: 8 GiB - 1).
pub const PAX_HEADER_CLAIMED: u64 = (1 << 33) - 1;

/// Members named `../`, absolute and through `..` inside, and links pointing out.
pub fn traversal() -> Result<BuiltLayer> {
    let tar = archive(&[
        Entry::file("ok.txt", "a normal member first\n"),
        Entry::file("../escape.txt", "written above the root\n"),
        Entry::file("../../../../etc/cron.d/evil", "* * * * * root sh\n"),
        Entry::file("/etc/absolute.txt", "an absolute member name\n"),
        Entry::file("a/../../climb.txt", "climbs out through a/..\n"),
        Entry::symlink("link-out", "../../../../etc/shadow"),
        Entry::symlink("link-abs", "/etc/shadow"),
        Entry::hardlink("hard-out", "../../etc/passwd"),
        Entry::file("./dot/./slash//name.txt", "a name with . and // parts\n"),
    ])?;
    BuiltLayer::of(&tar, Codec::Gzip)
}

/// A pax record whose length field claims 10^20 bytes, then a normal member.
pub fn pax_huge_record() -> Result<BuiltLayer> {
    let records = format!("{PAX_CLAIMED} path=claims-an-enormous-record.txt\n");
    let mut tar = Vec::new();
    let mut header = meta_header(b'x', "PaxHeaders/huge-record", records.len());
    header.set_cksum();
    raw::push(&mut tar, &header, records.as_bytes());
    raw::push_file(&mut tar, "after-the-pax-header.txt", b"a normal member\n");
    raw::end(&mut tar);
    BuiltLayer::of(&tar, Codec::Gzip)
}

/// A pax header whose size field claims 8 GiB; the archive ends after a few records.
pub fn pax_huge_header() -> Result<BuiltLayer> {
    let records = pax_records(&[("path", "claims-8-GiB-of-records.txt")]);
    let mut tar = Vec::new();
    let mut header = meta_header(b'x', "PaxHeaders/huge-header", 0);
    header.set_size(PAX_HEADER_CLAIMED);
    header.set_cksum();
    raw::push(&mut tar, &header, &records);
    raw::end(&mut tar);
    BuiltLayer::of(&tar, Codec::Gzip)
}

/// A GNU long-name entry of 8 MiB, then the member it names.
pub fn gnu_huge_name() -> Result<BuiltLayer> {
    let mut name = vec![b'a'; GNU_NAME_LEN];
    name.push(0);
    let mut tar = Vec::new();
    let mut long = tar::Header::new_gnu();
    crate::seed::tarball::set_name(&mut long, b"././@LongLink");
    long.set_entry_type(tar::EntryType::GNULongName);
    long.set_mode(0o644);
    long.set_size(len64(name.len()));
    long.set_cksum();
    raw::push(&mut tar, &long, &name);
    raw::push_file(
        &mut tar,
        "truncated-name",
        b"the member named by 8 MiB of a\n",
    );
    raw::end(&mut tar);
    BuiltLayer::of(&tar, Codec::Gzip)
}

/// Three members; the second header's checksum field is wrong.
pub fn bad_checksum() -> Result<BuiltLayer> {
    let mut tar = Vec::new();
    raw::push_file(&mut tar, "first.txt", b"a good member\n");
    let at = tar.len();
    raw::push_file(&mut tar, "second.txt", b"its header checksum is wrong\n");
    raw::push_file(&mut tar, "third.txt", b"after the bad header\n");
    raw::end(&mut tar);
    // The checksum field: bytes 148..156 of the header, six octal digits, NUL, space.
    tar[at + 148..at + 156].copy_from_slice(b"012345\0 ");
    BuiltLayer::of(&tar, Codec::Gzip)
}

/// A valid layer's gzip cut at 60%: the stream ends in the middle of a deflate block. The
/// diff id is the whole tar's.
pub fn truncated_gzip() -> Result<BuiltLayer> {
    let tar = archive(&crate::seed::files::formats::app_tree())?;
    let mut gzip = compress::gzip(&tar)?;
    gzip.truncate(gzip.len() * 6 / 10);
    Ok(BuiltLayer::raw(
        Codec::Gzip.media_type(),
        gzip,
        crate::seed::blob::sha256_digest(&tar),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn gunzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn the_bad_checksum_is_refused_by_a_strict_reader() {
        let tar = gunzip(&bad_checksum().expect("layer").blob.bytes).expect("gzip");
        let mut archive = tar::Archive::new(tar.as_slice());
        let results: Vec<bool> = archive
            .entries()
            .expect("entries")
            .map(|e| e.is_ok())
            .collect();
        assert_eq!(
            results,
            [true, false],
            "the tar crate stops at the bad header"
        );
    }

    #[test]
    fn the_truncated_gzip_does_not_inflate() {
        let layer = truncated_gzip().expect("layer");
        assert!(gunzip(&layer.blob.bytes).is_err());
    }

    #[test]
    fn the_huge_claims_are_in_the_headers() {
        let tar = gunzip(&pax_huge_header().expect("layer").blob.bytes).expect("gzip");
        let header = tar::Header::from_byte_slice(&tar[..512]);
        assert_eq!(header.size().expect("size"), PAX_HEADER_CLAIMED);
        let tar = gunzip(&pax_huge_record().expect("layer").blob.bytes).expect("gzip");
        assert!(tar[512..].starts_with(PAX_CLAIMED.as_bytes()));
        let tar = gunzip(&gnu_huge_name().expect("layer").blob.bytes).expect("gzip");
        let header = tar::Header::from_byte_slice(&tar[..512]);
        assert_eq!(header.size().expect("size"), len64(GNU_NAME_LEN + 1));
        let tar = gunzip(&traversal().expect("layer").blob.bytes).expect("gzip");
        let mut archive = tar::Archive::new(tar.as_slice());
        let names: Vec<String> = archive
            .entries()
            .expect("entries")
            .map(|e| String::from_utf8_lossy(&e.expect("entry").path_bytes()).into_owned())
            .collect();
        assert!(names.iter().any(|n| n == "../escape.txt"));
        assert!(names.iter().any(|n| n == "/etc/absolute.txt"));
    }
}
