//! The tar listing: header layouts, PAX and GNU records, numbers, links, sparse files, the end
//! of the archive, and the same entries whatever the chunking.

mod stream_support;

use proptest::prelude::*;
use regscope_layers::entry::{Entry, EntryKind};
use regscope_layers::stream::{LayerError, Limits, TarStream, TarSummary};
use stream_support::*;

fn list(bytes: &[u8], chunk: usize) -> Result<(Vec<Entry>, TarSummary), LayerError> {
    let mut tar = TarStream::new(Limits::default());
    let mut out = Vec::new();
    for part in bytes.chunks(chunk.max(1)) {
        tar.push(part, &mut out)?;
    }
    Ok((out, tar.finish()?))
}

fn sample_layer() -> Vec<u8> {
    tar_of(|b| {
        dir(b, "./");
        dir(b, "etc/");
        file(b, "etc/hostname", b"regscope\n");
        file(b, "./etc/os-release", &[b'x'; 1500]);
        link(
            b,
            tar::EntryType::Symlink,
            "etc/localtime",
            "/usr/share/zoneinfo/UTC",
        );
        link(b, tar::EntryType::Link, "etc/hostname.bak", "etc/hostname");
        let long = format!("usr/{}/file.txt", "long-directory-name".repeat(12));
        file(b, &long, b"deep");
        file(b, "empty", b"");
    })
}

#[test]
fn lists_a_gnu_archive_with_long_names_and_links() {
    let bytes = sample_layer();
    let (entries, summary) = list(&bytes, 1 << 20).unwrap();
    let paths: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
    let long = format!("usr/{}/file.txt", "long-directory-name".repeat(12));
    assert_eq!(
        paths,
        vec![
            "",
            "etc",
            "etc/hostname",
            "etc/os-release",
            "etc/localtime",
            "etc/hostname.bak",
            &long,
            "empty"
        ]
    );
    assert_eq!(entries[1].kind, EntryKind::Directory);
    assert_eq!(entries[2].kind, EntryKind::File);
    assert_eq!(entries[2].size, 9);
    assert_eq!(entries[2].mode, 0o644);
    assert_eq!(entries[2].mtime, 1_700_000_000);
    assert_eq!(entries[3].size, 1500);
    assert_eq!(entries[4].kind, EntryKind::Symlink);
    assert_eq!(
        entries[4].link_target.as_deref(),
        Some("/usr/share/zoneinfo/UTC")
    );
    assert_eq!(entries[5].kind, EntryKind::HardLink);
    assert_eq!(entries[5].link_target.as_deref(), Some("etc/hostname"));
    assert!(entries.iter().all(|e| !e.unsafe_path));
    // Content offsets point at the file's bytes in the stream.
    let hostname = &entries[2];
    let at = hostname.content_offset as usize;
    assert_eq!(&bytes[at..at + 9], b"regscope\n");
    let deep = &entries[6];
    assert_eq!(
        &bytes[deep.content_offset as usize..deep.content_offset as usize + 4],
        b"deep"
    );
    assert_eq!(summary.entries, 8);
    assert_eq!(summary.uncompressed_bytes, bytes.len() as u64);
    assert_eq!(summary.diff_id, sha256(&bytes));
    assert!(summary.end_of_archive);
}

#[test]
fn pax_records_override_the_header_and_global_records_apply_to_later_entries() {
    let mut bytes = Vec::new();
    let global = [
        pax_record("uname", "globaluser"),
        pax_record("mtime", "1600000000.5"),
    ]
    .concat();
    bytes.extend(raw_header(b"pax_global_header", b'g', global.len() as u64));
    bytes.extend(padded(&global));
    let long_path = format!("opt/{}/bin", "ü".repeat(120));
    let local = [
        pax_record("path", &long_path),
        pax_record("size", "3"),
        pax_record("uid", "4294967296"),
        pax_record("gid", "7"),
        pax_record("gname", "wheel"),
        pax_record("mtime", "1700000001.999"),
    ]
    .concat();
    bytes.extend(raw_header(b"PaxHeaders/bin", b'x', local.len() as u64));
    bytes.extend(padded(&local));
    // The header's own size (999) is overridden by the PAX size (3).
    bytes.extend(raw_header(b"short-name", b'0', 999));
    bytes.extend(padded(b"abc"));
    let linkrec = pax_record("linkpath", &"t/".repeat(80));
    bytes.extend(raw_header(b"PaxHeaders/l", b'x', linkrec.len() as u64));
    bytes.extend(padded(&linkrec));
    bytes.extend(raw_header(b"a-link", b'2', 0));
    bytes.extend(raw_header(b"after", b'0', 0));
    bytes.extend(end_blocks());

    let (entries, summary) = list(&bytes, 7).unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0].path, long_path);
    assert_eq!(entries[0].size, 3);
    assert_eq!(entries[0].uid, 4_294_967_296);
    assert_eq!(entries[0].gid, 7);
    assert_eq!(entries[0].user_name.as_deref(), Some("globaluser"));
    assert_eq!(entries[0].group_name.as_deref(), Some("wheel"));
    assert_eq!(entries[0].mtime, 1_700_000_001);
    assert_eq!(&bytes[entries[0].content_offset as usize..][..3], b"abc");
    assert_eq!(
        entries[1].link_target.as_deref(),
        Some("t/".repeat(80).as_str())
    );
    // Local records are gone after their entry; global ones stay.
    assert_eq!(entries[2].path, "after");
    assert_eq!(entries[2].uid, 0o1750);
    assert_eq!(entries[2].mtime, 1_600_000_000);
    assert_eq!(entries[2].user_name.as_deref(), Some("globaluser"));
    assert_eq!(summary.entries, 3);
}

#[test]
fn ustar_prefix_v7_directories_and_base256_numbers() {
    let mut bytes = Vec::new();
    let mut h = raw_header(b"name.txt", b'0', 0);
    h[345..349].copy_from_slice(b"some");
    // uid in base-256, mtime negative in base-256.
    h[108] = 0x80;
    h[108..116].copy_from_slice(&[0x80, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff]);
    h[136..148].copy_from_slice(&[0xff; 12]);
    set_checksum(&mut h);
    bytes.extend(h);
    // v7: no magic, a directory spelled as a file with a trailing slash.
    let mut v7 = raw_header(b"olddir/", b'\0', 0);
    v7[257..265].fill(0);
    set_checksum(&mut v7);
    bytes.extend(v7);
    // A size beyond 8 GiB in base-256: listed with its size (content then missing: truncated).
    bytes.extend(raw_header(b"huge", b'0', 10 << 30));
    let mut tar = TarStream::new(Limits::default());
    let mut out = Vec::new();
    tar.push(&bytes, &mut out).unwrap();
    assert_eq!(out[0].path, "some/name.txt");
    assert_eq!(out[0].uid, 0x7fff_ffff);
    assert_eq!(out[0].mtime, -1);
    assert_eq!(out[1].path, "olddir");
    assert_eq!(out[1].kind, EntryKind::Directory);
    assert_eq!(out[1].user_name, None);
    assert_eq!(out[2].size, 10 << 30);
    let err = tar.finish().unwrap_err();
    assert!(
        matches!(&err, LayerError::Truncated { what, .. } if what.contains("\"huge\"")),
        "{err:?}"
    );
}

#[test]
fn sparse_files_are_listed_with_their_real_size() {
    // Old GNU sparse: typeflag S, real size at 483, one extension block after the header.
    let mut h = [0u8; 512];
    h[..6].copy_from_slice(b"sparse");
    h[100..108].copy_from_slice(b"0000644\0");
    h[108..116].copy_from_slice(b"0000000\0");
    h[116..124].copy_from_slice(b"0000000\0");
    h[124..136].copy_from_slice(b"00000001000\0");
    h[136..148].copy_from_slice(b"00000000000\0");
    h[156] = b'S';
    h[257..265].copy_from_slice(b"ustar  \0");
    h[482] = 1;
    h[483..495].copy_from_slice(b"00010000000\0");
    set_checksum(&mut h);
    let mut bytes = h.to_vec();
    bytes.extend([0u8; 512]); // the extension block (no further extension)
    bytes.extend([b'd'; 512]);
    // PAX sparse 1.0: the real name and size in records.
    let recs = [
        pax_record("GNU.sparse.major", "1"),
        pax_record("GNU.sparse.minor", "0"),
        pax_record("GNU.sparse.name", "var/lib/sparse.img"),
        pax_record("GNU.sparse.realsize", "1073741824"),
    ]
    .concat();
    bytes.extend(raw_header(b"PaxHeaders/x", b'x', recs.len() as u64));
    bytes.extend(padded(&recs));
    bytes.extend(raw_header(b"./GNUSparseFile.1/sparse.img", b'0', 1024));
    bytes.extend([b'e'; 1024]);
    bytes.extend(end_blocks());
    let (entries, _) = list(&bytes, 100).unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(
        (entries[0].path.as_str(), entries[0].size),
        ("sparse", 0o10000000)
    );
    assert_eq!(entries[0].content_offset, 1024);
    assert_eq!(
        (entries[1].path.as_str(), entries[1].size),
        ("var/lib/sparse.img", 1 << 30)
    );
}

#[test]
fn a_missing_end_of_archive_is_accepted_at_a_block_boundary_only() {
    let full = sample_layer();
    let without_end = &full[..full.len() - 1024];
    // The tar crate pads the last entry: find where the zero blocks start.
    let (entries, summary) = list(without_end, 512).unwrap();
    assert_eq!(entries.len(), 8);
    assert!(!summary.end_of_archive);
    let cut = &full[..full.len() - 1024 - 100];
    assert!(matches!(list(cut, 512), Err(LayerError::Truncated { .. })));
}

#[test]
fn bytes_after_the_end_are_hashed_not_parsed() {
    let mut bytes = sample_layer();
    bytes.extend([0xAB; 3000]);
    let (entries, summary) = list(&bytes, 4096).unwrap();
    assert_eq!(entries.len(), 8);
    assert_eq!(summary.uncompressed_bytes, bytes.len() as u64);
    assert_eq!(summary.diff_id, sha256(&bytes));
}

#[test]
fn names_are_normalised_and_unsafe_ones_flagged() {
    let mut bytes = Vec::new();
    for name in [
        &b"./a/./b//c/"[..],
        b"/etc/shadow",
        b"../../escape",
        b"a/../../b",
        b"/",
        b"./",
    ] {
        bytes.extend(raw_header(name, b'0', 0));
    }
    let (entries, _) = list(&bytes, 512).unwrap();
    let got: Vec<(&str, bool)> = entries
        .iter()
        .map(|e| (e.path.as_str(), e.unsafe_path))
        .collect();
    assert_eq!(
        got,
        vec![
            ("a/b/c", false),
            ("etc/shadow", true),
            ("../../escape", true),
            ("a/../../b", true),
            ("", false),
            ("", false)
        ]
    );
    assert_eq!(entries[0].kind, EntryKind::Directory);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any chunking gives the same entries and the same diff_id.
    #[test]
    fn any_chunking_gives_the_same_listing(cuts in proptest::collection::vec(0usize..9000, 0..40)) {
        let bytes = sample_layer();
        let (want, want_summary) = list(&bytes, bytes.len()).unwrap();
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (bytes.len() + 1)).collect();
        cuts.sort_unstable();
        let mut tar = TarStream::new(Limits::default());
        let mut got = Vec::new();
        let mut from = 0;
        for cut in cuts.into_iter().chain([bytes.len()]) {
            tar.push(&bytes[from..cut], &mut got).unwrap();
            from = cut;
        }
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(tar.finish().unwrap(), want_summary);
    }
}

#[test]
fn one_byte_at_a_time_gives_the_same_listing() {
    let bytes = sample_layer();
    assert_eq!(list(&bytes, 1).unwrap(), list(&bytes, bytes.len()).unwrap());
}
