//! Whole layers through `LayerStream`: gzip (several members), zstd (several frames, skippable
//! frames, checksums), plain tar; both digests; progress; any chunking; opening one file.

mod stream_support;

use proptest::prelude::*;
use regscope_layers::stream::{
    Check, Compression, FileExtract, LayerError, LayerStream, Limits, TarStream, verify,
};
use stream_support::*;

/// A layer of a few hundred entries with contents of many sizes (some over a block of
/// compressed output), deterministic.
fn layer_tar() -> Vec<u8> {
    tar_of(|b| {
        dir(b, "usr/");
        dir(b, "usr/lib/");
        for i in 0..300u32 {
            let len = (i as usize * 7919) % 40_000;
            let content: Vec<u8> = (0..len)
                .map(|j| (j as u32 ^ i).wrapping_mul(2_654_435_761) as u8 >> 3)
                .collect();
            file(b, &format!("usr/lib/file-{i:03}.so"), &content);
        }
        link(b, tar::EntryType::Symlink, "lib", "usr/lib");
        file(b, "etc/motd", b"welcome\n");
    })
}

fn tar_listing(tar_bytes: &[u8]) -> Vec<regscope_layers::entry::Entry> {
    let mut tar = TarStream::new(Limits::default());
    let mut out = Vec::new();
    tar.push(tar_bytes, &mut out).unwrap();
    tar.finish().unwrap();
    out
}

#[test]
fn gzip_zstd_and_plain_layers_list_the_same_entries_with_both_digests() {
    let tar_bytes = layer_tar();
    let want = tar_listing(&tar_bytes);
    assert_eq!(want.len(), 304);
    for (compression, blob) in [
        (Compression::Gzip, gzip(&tar_bytes)),
        (Compression::Zstd, zstd(&tar_bytes)),
        (Compression::None, tar_bytes.clone()),
    ] {
        for chunk in [1 << 20, 65_536, 4096, 333] {
            let (entries, digests) =
                read_layer(compression, &blob, chunk, Limits::default()).unwrap();
            assert_eq!(entries, want, "{compression:?} in chunks of {chunk}");
            assert_eq!(digests.compressed, sha256(&blob));
            assert_eq!(digests.uncompressed, sha256(&tar_bytes));
            assert_eq!(digests.uncompressed_bytes, tar_bytes.len() as u64);
            assert_eq!(digests.compressed_bytes, blob.len() as u64);
            assert_eq!(digests.entries, 304);
            let v = verify(&sha256(&blob), Some(&sha256(&tar_bytes)), &digests);
            assert!(v.is_verified(), "{v:?}");
        }
    }
}

#[test]
fn a_digest_mismatch_is_reported_not_verified() {
    let tar_bytes = layer_tar();
    let blob = gzip(&tar_bytes);
    let (_, digests) = read_layer(Compression::Gzip, &blob, 1 << 16, Limits::default()).unwrap();
    // The manifest names the digest of another blob; the config the right diff_id.
    let other = sha256(b"another blob");
    let v = verify(&other, Some(&sha256(&tar_bytes)), &digests);
    assert_eq!(
        v.digest,
        Check::Mismatch {
            expected: other,
            actual: sha256(&blob)
        }
    );
    assert_eq!(v.diff_id, Check::Matched);
    assert!(!v.is_verified());
}

#[test]
fn one_byte_at_a_time_through_each_decompressor() {
    let tar_bytes = tar_of(|b| {
        file(b, "a", &[7u8; 3000]);
        file(b, "b/c", b"hello");
    });
    let want = tar_listing(&tar_bytes);
    for (compression, blob) in [
        (Compression::Gzip, gzip(&tar_bytes)),
        (Compression::Zstd, zstd(&tar_bytes)),
    ] {
        let (entries, digests) = read_layer(compression, &blob, 1, Limits::default()).unwrap();
        assert_eq!(entries, want);
        assert_eq!(digests.uncompressed, sha256(&tar_bytes));
    }
}

#[test]
fn gzip_members_and_zstd_frames_follow_one_another() {
    let tar_bytes = layer_tar();
    let want = tar_listing(&tar_bytes);
    let (first, second) = tar_bytes.split_at(tar_bytes.len() / 3);
    let (second, third) = second.split_at(second.len() / 2);
    let multi_gzip = [gzip(first), gzip(second), gzip(third)].concat();
    // Skippable frames before, between and after the frames (as zstd:chunked writes them).
    let skippable = |magic: u8, data: &[u8]| {
        let mut f = vec![magic, 0x2a, 0x4d, 0x18];
        f.extend((data.len() as u32).to_le_bytes());
        f.extend(data);
        f
    };
    let multi_zstd = [
        skippable(0x50, b"manifest"),
        zstd(first),
        zstd(second),
        skippable(0x5e, &[0u8; 1000]),
        zstd(third),
        skippable(0x5f, b""),
    ]
    .concat();
    for (compression, blob) in [
        (Compression::Gzip, multi_gzip),
        (Compression::Zstd, multi_zstd),
    ] {
        for chunk in [1 << 20, 1000, 17] {
            let (entries, digests) =
                read_layer(compression, &blob, chunk, Limits::default()).unwrap();
            assert_eq!(entries, want, "{compression:?} / {chunk}");
            assert_eq!(digests.uncompressed, sha256(&tar_bytes));
            assert_eq!(digests.compressed, sha256(&blob));
        }
    }
}

/// A zstd frame made of raw blocks with a content checksum (what ruzstd's encoder does not
/// write), so the checksum path is exercised.
fn zstd_raw_with_checksum(data: &[u8], corrupt_checksum: bool) -> Vec<u8> {
    let mut frame = vec![0x28, 0xb5, 0x2f, 0xfd];
    // Descriptor: 8-byte content size, no single segment, checksum flag.
    frame.push(0b1100_0100);
    frame.push(0x58); // window descriptor: 2^(10+11) = 2 MiB
    frame.extend((data.len() as u64).to_le_bytes());
    let blocks: Vec<&[u8]> = data.chunks(100_000).collect();
    for (i, block) in blocks.iter().enumerate() {
        let last = u32::from(i + 1 == blocks.len());
        let header = last | ((block.len() as u32) << 3);
        frame.extend(&header.to_le_bytes()[..3]);
        frame.extend(*block);
    }
    let mut sum = twox_hash::XxHash64::oneshot(0, data) as u32;
    if corrupt_checksum {
        sum ^= 1;
    }
    frame.extend(sum.to_le_bytes());
    frame
}

#[test]
fn zstd_content_checksums_are_checked() {
    let tar_bytes = layer_tar();
    let good = zstd_raw_with_checksum(&tar_bytes, false);
    let (entries, digests) = read_layer(Compression::Zstd, &good, 5000, Limits::default()).unwrap();
    assert_eq!(entries, tar_listing(&tar_bytes));
    assert_eq!(digests.uncompressed, sha256(&tar_bytes));
    let bad = zstd_raw_with_checksum(&tar_bytes, true);
    let err = read_layer(Compression::Zstd, &bad, 5000, Limits::default()).unwrap_err();
    assert!(
        matches!(&err, LayerError::CorruptZstd { detail, .. } if detail.contains("checksum")),
        "{err}"
    );
}

#[test]
fn a_zstd_frame_closed_by_an_empty_block_ends_cleanly() {
    // What streaming compressors write when the data went out before the end: the content in
    // a raw block, then an empty last block, the frame ending with the stream.
    let tar_bytes = tar_of(|b| file(b, "streamed", b"flushed before the end"));
    let mut frame = vec![0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58];
    let header = (tar_bytes.len() as u32) << 3; // raw, not last
    frame.extend(&header.to_le_bytes()[..3]);
    frame.extend(&tar_bytes);
    frame.extend([0x01, 0x00, 0x00]); // raw, last, size 0
    for chunk in [frame.len(), 1, 3] {
        let (entries, digests) =
            read_layer(Compression::Zstd, &frame, chunk, Limits::default()).unwrap();
        assert_eq!(entries[0].path, "streamed");
        assert_eq!(digests.uncompressed, sha256(&tar_bytes));
    }
}

#[test]
fn progress_counts_compressed_and_uncompressed_bytes_and_entries() {
    let tar_bytes = layer_tar();
    let blob = gzip(&tar_bytes);
    let mut stream = LayerStream::new(Compression::Gzip, Limits::default());
    let mut out = Vec::new();
    let mut last = stream.progress();
    assert_eq!(
        (last.compressed, last.uncompressed, last.entries),
        (0, 0, 0)
    );
    for part in blob.chunks(50_000) {
        stream.push(part, &mut out).unwrap();
        let now = stream.progress();
        assert!(now.compressed > last.compressed);
        assert!(now.uncompressed >= last.uncompressed && now.entries >= last.entries);
        assert_eq!(now.entries, out.len() as u64);
        last = now;
    }
    assert_eq!(last.compressed, blob.len() as u64);
    assert!(last.uncompressed > tar_bytes.len() as u64 / 2);
    stream.finish().unwrap();
}

#[test]
fn opening_one_file_stops_as_soon_as_it_is_complete() {
    let tar_bytes = layer_tar();
    let blob = gzip(&tar_bytes);
    let entries = tar_listing(&tar_bytes);
    let target = entries
        .iter()
        .find(|e| e.path == "usr/lib/file-007.so")
        .unwrap();
    let want = &tar_bytes[target.content_offset as usize..][..target.size as usize];

    for extract in [
        FileExtract::new(
            Compression::Gzip,
            "/usr/lib/file-007.so",
            1 << 20,
            Limits::default(),
        ),
        FileExtract::at_offset(
            Compression::Gzip,
            target.content_offset,
            1 << 20,
            Limits::default(),
        ),
    ] {
        let mut extract = extract;
        let mut pushed = 0;
        let mut got = None;
        for part in blob.chunks(4096) {
            pushed += part.len();
            if let Some(file) = extract.push(part).unwrap() {
                got = Some(file);
                break;
            }
        }
        let file = got.expect("the file was found");
        assert_eq!(file.bytes, want);
        assert_eq!(file.total_size, target.size);
        assert!(!file.truncated);
        assert!(
            pushed < blob.len() / 2,
            "stopped early: {pushed} of {}",
            blob.len()
        );
    }

    // A cap shorter than the file: its start, marked truncated.
    let mut extract = FileExtract::new(
        Compression::Gzip,
        "usr/lib/file-007.so",
        100,
        Limits::default(),
    );
    let file = blob
        .chunks(1 << 20)
        .find_map(|part| extract.push(part).unwrap())
        .unwrap();
    assert_eq!(file.bytes, &want[..100]);
    assert!(file.truncated);

    // An empty file is complete at once.
    let mut extract = FileExtract::new(
        Compression::None,
        "usr/lib/file-000.so",
        100,
        Limits::default(),
    );
    let file = tar_bytes
        .chunks(1 << 20)
        .find_map(|part| extract.push(part).unwrap())
        .unwrap();
    assert_eq!(
        (file.bytes.len(), file.total_size, file.truncated),
        (0, 0, false)
    );
}

#[test]
fn opening_what_is_not_a_file_says_why() {
    let tar_bytes = layer_tar();
    let finish = |path: &str| {
        let mut extract = FileExtract::new(Compression::None, path, 1000, Limits::default());
        for part in tar_bytes.chunks(4096) {
            if let Some(done) = extract.push(part)? {
                return Ok(done);
            }
        }
        extract.finish()
    };
    assert!(
        matches!(finish("nope"), Err(LayerError::FileNotFound { target }) if target.contains("nope"))
    );
    assert!(
        matches!(finish("lib"), Err(LayerError::NotOpenable { why, .. }) if why.contains("usr/lib"))
    );
    assert!(
        matches!(finish("usr/lib"), Err(LayerError::NotOpenable { why, .. }) if why.contains("directory"))
    );
    assert_eq!(finish("etc/motd").unwrap().bytes, b"welcome\n");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any chunking of a gzip or zstd blob gives the same entries and digests.
    #[test]
    fn any_chunking_of_a_compressed_layer(cuts in proptest::collection::vec(any::<usize>(), 0..60), zstd_blob in any::<bool>()) {
        let tar_bytes = tar_of(|b| {
            for i in 0..40u32 {
                file(b, &format!("d/{i}"), &vec![i as u8; (i as usize * 997) % 9000]);
            }
        });
        let (compression, blob) =
            if zstd_blob { (Compression::Zstd, zstd(&tar_bytes)) } else { (Compression::Gzip, gzip(&tar_bytes)) };
        let (want, want_digests) = read_layer(compression, &blob, blob.len(), Limits::default()).unwrap();
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (blob.len() + 1)).collect();
        cuts.sort_unstable();
        let mut stream = LayerStream::new(compression, Limits::default());
        let mut got = Vec::new();
        let mut from = 0;
        for cut in cuts.into_iter().chain([blob.len()]) {
            stream.push(&blob[from..cut], &mut got).unwrap();
            from = cut;
        }
        prop_assert_eq!(got, want);
        prop_assert_eq!(stream.finish().unwrap(), want_digests);
    }
}
