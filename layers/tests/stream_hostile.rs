//! Hostile layers, generated here: unsafe names, oversized records, deep paths, a decompression
//! bomb, truncated and corrupt streams, bad checksums, random bytes. Each ends with a typed
//! error (or a flagged entry), never a panic or a hang.

mod stream_support;

use std::time::{Duration, Instant};

use proptest::prelude::*;
use regscope_layers::stream::{Compression, LayerError, LayerStream, Limits, TarStream};
use stream_support::*;

fn tar_err(bytes: &[u8]) -> LayerError {
    let mut tar = TarStream::new(Limits::default());
    let mut out = Vec::new();
    match tar.push(bytes, &mut out) {
        Err(e) => e,
        Ok(()) => tar
            .finish()
            .expect_err("a hostile stream must not read as whole"),
    }
}

#[test]
fn dotdot_and_absolute_names_are_listed_flagged() {
    let mut bytes = Vec::new();
    bytes.extend(raw_header(b"../../../etc/cron.d/evil", b'0', 0));
    bytes.extend(raw_header(b"/bin/sh", b'2', 0));
    bytes.extend(end_blocks());
    let (entries, _) =
        read_layer(Compression::Gzip, &gzip(&bytes), 100, Limits::default()).unwrap();
    assert_eq!(entries[0].path, "../../../etc/cron.d/evil");
    assert!(entries[0].unsafe_path);
    assert_eq!(entries[1].path, "bin/sh");
    assert!(entries[1].unsafe_path);
}

#[test]
fn a_pax_header_claiming_a_gigabyte_is_refused_at_its_header() {
    let mut bytes = raw_header(b"PaxHeaders/x", b'x', 1 << 30).to_vec();
    bytes.extend([b'9'; 4096]);
    let err = tar_err(&bytes);
    assert_eq!(
        err,
        LayerError::HeaderTooLarge {
            record: "PAX extended header".into(),
            offset: 0,
            size: 1 << 30,
            limit: 1 << 20
        }
    );
    assert!(err.to_string().contains("1073741824"));
}

#[test]
fn a_ten_megabyte_long_name_is_refused() {
    let size = 10 << 20;
    let mut bytes = raw_header(b"././@LongLink", b'L', size).to_vec();
    bytes.extend(vec![b'a'; size as usize]);
    bytes.extend(raw_header(b"x", b'0', 0));
    let err = tar_err(&bytes);
    assert!(
        matches!(err, LayerError::HeaderTooLarge { ref record, size: s, .. } if record == "GNU long name record" && s == size),
        "{err}"
    );
}

#[test]
fn a_path_nested_a_hundred_thousand_levels_is_refused_with_its_start() {
    let deep = "d/".repeat(100_000) + "f";
    let rec = pax_record("path", &deep);
    let mut bytes = raw_header(b"PaxHeaders/deep", b'x', rec.len() as u64).to_vec();
    bytes.extend(padded(&rec));
    bytes.extend(raw_header(b"placeholder", b'0', 0));
    let err = tar_err(&bytes);
    assert!(
        matches!(&err, LayerError::PathTooLong { len: 200_001, limit: 65_536, start, .. } if start.starts_with("d/d/")),
        "{err}"
    );
}

#[test]
fn a_gzip_bomb_stops_at_the_expansion_cap_quickly() {
    // 2 GiB of zeros in a file entry, gzipped as 2048 members of 1 MiB each (about 2 MB in
    // all), pushed in 64 KiB pieces as a download would arrive.
    let header = gzip(&raw_header(b"zeros", b'0', 2 << 30));
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut enc, &vec![0u8; 1 << 20]).unwrap();
    let member = enc.finish().unwrap();
    let started = Instant::now();
    let mut stream = LayerStream::new(Compression::Gzip, Limits::default());
    let mut out = Vec::new();
    let mut result = stream.push(&header, &mut out);
    let mut pushed = header.len();
    'outer: for _ in 0..2048 {
        for part in member.chunks(64 << 10) {
            pushed += part.len();
            result = stream.push(part, &mut out);
            if result.is_err() {
                break 'outer;
            }
        }
    }
    let err = result.expect_err("the bomb is refused");
    let LayerError::ExpansionCap {
        uncompressed,
        compressed,
        ratio,
    } = err.clone()
    else {
        panic!("expected the expansion cap, got {err}");
    };
    assert_eq!(ratio, 500);
    assert!(uncompressed / compressed > 500);
    assert!(
        uncompressed < 64 << 20,
        "stopped early: {uncompressed} bytes"
    );
    assert!(pushed < (64 << 10) + header.len() + member.len() * 64);
    let message = err.to_string();
    assert!(message.contains("expands more than 500×"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(20));
    // Once stopped, it stays stopped.
    assert_eq!(stream.push(&member, &mut out), Err(err));
}

#[test]
fn a_zstd_bomb_of_run_length_blocks_stops_at_the_cap() {
    // A frame of run-length blocks: 4 bytes each for 128 KiB of zeros.
    let mut frame = vec![0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x70]; // no content size, 1 GiB window? no: 2^(10+14)
    frame[5] = 0x50; // window 1 MiB
    for i in 0..16_384u32 {
        let last = u32::from(i == 16_383);
        let header = last | (1 << 1) | ((128 * 1024) << 3);
        frame.extend(&header.to_le_bytes()[..3]);
        frame.push(0);
    }
    let err = read_layer(Compression::Zstd, &frame, 4096, Limits::default()).unwrap_err();
    assert!(matches!(err, LayerError::ExpansionCap { .. }), "{err}");
}

#[test]
fn the_uncompressed_cap_and_the_entry_cap_hold() {
    let tar_bytes = tar_of(|b| {
        for i in 0..50 {
            file(b, &format!("f{i}"), &[1u8; 1000]);
        }
    });
    let small = Limits {
        max_uncompressed: 10_000,
        ..Limits::default()
    };
    assert_eq!(
        read_layer(Compression::None, &tar_bytes, 4096, small).unwrap_err(),
        LayerError::TooLarge { limit: 10_000 }
    );
    let few = Limits {
        max_entries: 10,
        ..Limits::default()
    };
    let err = read_layer(Compression::Gzip, &gzip(&tar_bytes), 4096, few).unwrap_err();
    assert!(
        matches!(err, LayerError::TooManyEntries { limit: 10, .. }),
        "{err}"
    );
}

fn sample() -> Vec<u8> {
    tar_of(|b| {
        for i in 0..20 {
            file(b, &format!("dir/file{i}"), &vec![i as u8; 3000 + i * 100]);
        }
    })
}

#[test]
fn truncated_streams_are_errors_at_every_cut() {
    let tar_bytes = sample();
    for (compression, blob) in [
        (Compression::Gzip, gzip(&tar_bytes)),
        (Compression::Zstd, zstd(&tar_bytes)),
        (
            Compression::None,
            tar_bytes[..tar_bytes.len() - 1024].to_vec(),
        ),
    ] {
        for cut in (1..blob.len()).step_by(97).chain([blob.len() - 1]) {
            if compression == Compression::None && cut % 512 == 0 && cut >= 3584 {
                // A plain tar cut at a block boundary between entries reads as a shorter archive.
                continue;
            }
            let err = read_layer(compression, &blob[..cut], 1000, Limits::default()).expect_err(
                &format!("{compression:?} cut at {cut} must not read as whole"),
            );
            // A gzip cut inside its 8-byte trailer cannot be told from a wrong trailer.
            let in_trailer = compression == Compression::Gzip && cut + 8 >= blob.len();
            assert!(
                matches!(
                    err,
                    LayerError::Truncated { .. } | LayerError::TruncatedCompressed { .. }
                ) || (in_trailer && matches!(err, LayerError::CorruptGzip { .. })),
                "{compression:?} cut at {cut}: {err}"
            );
        }
    }
    let err = read_layer(Compression::Gzip, &[], 10, Limits::default()).unwrap_err();
    assert!(matches!(err, LayerError::TruncatedCompressed { .. }));
}

#[test]
fn a_bad_header_checksum_names_the_offset() {
    let mut tar = TarStream::new(Limits::default());
    let mut out = Vec::new();
    let second = 512 + 3072; // first file of 3000 bytes: header + 6 blocks
    let mut damaged = sample();
    damaged[second + 3] ^= 0x01;
    let err = tar.push(&damaged, &mut out).unwrap_err();
    assert!(
        matches!(&err, LayerError::BadChecksum { offset, .. } if *offset == second as u64),
        "{err}"
    );
    assert_eq!(out.len(), 1);
    assert!(err.to_string().contains("is damaged"));
}

#[test]
fn corrupt_compressed_bytes_are_errors() {
    let tar_bytes = sample();
    for (compression, blob) in [
        (Compression::Gzip, gzip(&tar_bytes)),
        (Compression::Zstd, zstd(&tar_bytes)),
    ] {
        let mut errors = 0;
        let mut tries = 0;
        for at in (20..blob.len() - 8).step_by(blob.len() / 25) {
            tries += 1;
            let mut bad = blob.clone();
            bad[at] ^= 0x5a;
            match read_layer(compression, &bad, 512, Limits::default()) {
                Err(_) => errors += 1,
                // gzip's CRC-32 lets no changed content through: a flip it accepts changed
                // nothing the stream decodes to (and the blob digest still tells it apart).
                Ok((_, digests)) if compression == Compression::Gzip => {
                    assert_eq!(digests.uncompressed, sha256(&tar_bytes), "flip at {at}");
                    assert_ne!(digests.compressed, sha256(&blob));
                }
                // zstd frames without a checksum: the diff_id comparison is what catches it.
                Ok((_, digests)) => assert_ne!(digests.compressed, sha256(&blob)),
            }
        }
        assert!(
            errors * 2 > tries,
            "{compression:?}: only {errors} of {tries} flips were errors"
        );
    }
    let mut not_gzip = gzip(&tar_bytes);
    not_gzip[0] = b'P';
    assert!(matches!(
        read_layer(Compression::Gzip, &not_gzip, 512, Limits::default()),
        Err(LayerError::CorruptGzip { .. })
    ));
    let mut not_zstd = zstd(&tar_bytes);
    not_zstd[1] = 0;
    assert!(matches!(
        read_layer(Compression::Zstd, &not_zstd, 512, Limits::default()),
        Err(LayerError::CorruptZstd { .. })
    ));
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(128)
}

proptest! {
    // 128 cases by default; PROPTEST_CASES=N runs more (a longer fuzzing session).
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    /// Random bytes, any compression, any chunk size: always returns, never panics.
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096), chunk in 1usize..600, which in 0u8..3) {
        let compression = [Compression::Gzip, Compression::Zstd, Compression::None][usize::from(which)];
        let _ = read_layer(compression, &bytes, chunk, Limits::default());
    }

    /// Valid streams with a few bytes changed: always returns, never panics.
    #[test]
    fn mutated_streams_never_panic(flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8), which in 0u8..3) {
        // Mixed content, so the compressed streams use Huffman and FSE tables, matches and
        // literals, not only runs.
        let tar_bytes = tar_of(|b| {
            file(b, "a/b", &[3u8; 2000]);
            let text: Vec<u8> = (0..6000u32).map(|i| b"the quick brown fox "[(i as usize * 7) % 20] ^ (i % 13) as u8).collect();
            file(b, "a/text", &text);
            link(b, tar::EntryType::Symlink, "c", "a/b");
        });
        let (compression, mut blob) = match which {
            0 => (Compression::Gzip, gzip(&tar_bytes)),
            1 => (Compression::Zstd, zstd(&tar_bytes)),
            _ => (Compression::None, tar_bytes.clone()),
        };
        for (at, value) in flips {
            let len = blob.len();
            blob[at % len] ^= value | 1;
        }
        let _ = read_layer(compression, &blob, 333, Limits::default());
    }
}
