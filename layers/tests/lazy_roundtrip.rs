//! eStargz and zstd:chunked layers written by `build`, read back through the sans-IO readers
//! the way the app reads them from a registry: the TOC with Range requests (206 answers, and a
//! registry answering 200 with the whole blob), each file with one more request.
#![cfg(feature = "build")]

use std::collections::BTreeMap;
use std::io::Read;

use regscope_layers::build::{self, BuildOptions, BuiltLazyLayer};
use regscope_layers::entry::EntryKind;
use regscope_layers::lazy::check::DigestCheck;
use regscope_layers::lazy::error::LazyError;
use regscope_layers::lazy::format::{self, Detection, LazyFormat};
use regscope_layers::lazy::limits::LazyLimits;
use regscope_layers::lazy::range::{Answer, ByteRange};
use regscope_layers::lazy::reader::{LazyToc, TocReader, TocVerification};

/// Bytes that do not compress (a xorshift stream), so sizes are realistic.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

fn files() -> Vec<(String, Vec<u8>)> {
    let mut files = vec![
        ("etc/hostname".to_string(), b"lazy\n".to_vec()),
        ("etc/empty".to_string(), Vec::new()),
    ];
    for i in 0..8u64 {
        files.push((format!("usr/lib/blob{i}.bin"), noise(i + 7, 400_000)));
    }
    files
}

const OPTIONS: BuildOptions = BuildOptions {
    chunk_size: 150_000,
};

/// Answers a Range request from the blob the way a registry does: 206 with exactly the range.
fn partial<'a>(blob: &'a [u8], r: ByteRange) -> Answer<'a> {
    Answer {
        status: 206,
        content_range: None,
        body: &blob[r.start as usize..r.end as usize],
    }
}

fn detect(layer: &BuiltLazyLayer) -> Detection {
    format::detect(
        &layer.media_type,
        layer.blob.len() as u64,
        &layer.annotations,
    )
    .unwrap()
    .expect("a lazy layer")
}

fn read_toc(
    detection: Detection,
    blob: &[u8],
    answer: impl for<'a> Fn(&'a [u8], ByteRange) -> Answer<'a>,
) -> Result<LazyToc, LazyError> {
    let mut reader = TocReader::new(detection, LazyLimits::default())?;
    for _ in 0..3 {
        let r = reader.request().expect("a request while not done");
        if let Some(toc) = reader.feed(&answer(blob, r))? {
            return Ok(toc);
        }
    }
    panic!("the TOC took more than 3 requests");
}

fn check_listing(toc: &LazyToc, layer: &BuiltLazyLayer) {
    let by_path: BTreeMap<&str, _> = toc.entries.iter().map(|e| (e.path.as_str(), e)).collect();
    for (path, bytes) in files() {
        let e = by_path[path.as_str()];
        assert_eq!(e.kind, EntryKind::File);
        assert_eq!(e.size, bytes.len() as u64, "{path}");
        assert_eq!(e.mode, 0o644);
        assert_eq!(e.mtime, build::FIXED_MTIME);
    }
    for dir in ["etc", "usr", "usr/lib"] {
        assert_eq!(by_path[dir].kind, EntryKind::Directory);
        assert_eq!(by_path[dir].mode, 0o755);
    }
    assert_eq!(
        toc.verification,
        TocVerification::Verified {
            digest: layer.toc_digest.clone()
        }
    );
    let share = toc.bytes_fetched as f64 / layer.blob.len() as f64;
    assert!(
        toc.requests <= 3 && share < 0.05,
        "{} requests, {:.2} % of {} bytes",
        toc.requests,
        share * 100.0,
        layer.blob.len()
    );
}

fn open_every_file(toc: &LazyToc, blob: &[u8], whole: bool) {
    for (path, bytes) in files() {
        let request = toc.open(&path, &LazyLimits::default()).unwrap();
        let answer = request.range.map(|r| {
            if whole {
                Answer::whole(blob)
            } else {
                partial(blob, r)
            }
        });
        let opened = request.finish(answer.as_ref()).unwrap();
        assert_eq!(opened.bytes, bytes, "{path}");
        if bytes.is_empty() {
            assert!(request.range.is_none());
            continue;
        }
        assert!(opened.verified(), "{path}: {opened:?}");
        if bytes.len() > OPTIONS.chunk_size {
            assert_eq!(
                opened.chunks.len(),
                bytes.len().div_ceil(OPTIONS.chunk_size)
            );
        }
        // One request, and only this file's share of the blob.
        let r = request.range.unwrap();
        assert!(r.len() < bytes.len() as u64 + 4096, "{path}: {r:?}");
    }
}

#[test]
fn writers_are_deterministic() {
    assert_eq!(
        build::estargz_with(&files(), OPTIONS),
        build::estargz_with(&files(), OPTIONS)
    );
    assert_eq!(
        build::zstd_chunked_with(&files(), OPTIONS),
        build::zstd_chunked_with(&files(), OPTIONS)
    );
}

#[test]
fn estargz_is_a_plain_tar_gz_with_the_toc_last() {
    let layer = build::estargz_with(&files(), OPTIONS);
    let mut tar = Vec::new();
    flate2::read::MultiGzDecoder::new(&layer.blob[..])
        .read_to_end(&mut tar)
        .unwrap();
    assert_eq!(regscope_layers::lazy::check::sha256(&tar), layer.diff_id);
    assert_eq!(tar.len() as u64, layer.uncompressed_size);
    let names: Vec<String> = tar::Archive::new(&tar[..])
        .entries()
        .unwrap()
        .map(|e| e.unwrap().path().unwrap().display().to_string())
        .collect();
    assert_eq!(
        names.first().map(String::as_str),
        Some(".no.prefetch.landmark")
    );
    assert_eq!(names.last().map(String::as_str), Some("stargz.index.json"));
    assert!(names.contains(&"usr/lib/blob3.bin".to_string()));
    assert_eq!(
        layer.annotations[format::ESTARGZ_UNCOMPRESSED_SIZE],
        tar.len().to_string()
    );
}

#[test]
fn zstd_chunked_decompresses_to_the_tar_of_its_diff_id() {
    let layer = build::zstd_chunked_with(&files(), OPTIONS);
    // Every frame in turn, skippable ones skipped, as a plain zstd reader does.
    let mut tar = Vec::new();
    let mut rest = &layer.blob[..];
    while !rest.is_empty() {
        if rest[..4] == regscope_layers::lazy::footer::SKIPPABLE_FRAME_MAGIC {
            let len = u32::from_le_bytes(rest[4..8].try_into().unwrap()) as usize;
            rest = &rest[8 + len..];
            continue;
        }
        let mut decoder = ruzstd::decoding::StreamingDecoder::new(&mut rest).unwrap();
        decoder.read_to_end(&mut tar).unwrap();
    }
    assert_eq!(regscope_layers::lazy::check::sha256(&tar), layer.diff_id);
    let names: Vec<String> = tar::Archive::new(&tar[..])
        .entries()
        .unwrap()
        .map(|e| e.unwrap().path().unwrap().display().to_string())
        .collect();
    assert_eq!(names.len(), 13);
    assert!(names.contains(&"usr/lib/blob7.bin".to_string()));
}

#[test]
fn estargz_toc_takes_two_requests_or_one_and_opens_each_file_in_one() {
    let layer = build::estargz_with(&files(), OPTIONS);
    let detection = detect(&layer);
    assert_eq!(detection.format, LazyFormat::Estargz);
    let toc = read_toc(detection, &layer.blob, partial).unwrap();
    check_listing(&toc, &layer);
    assert!(toc.requests <= 2);
    eprintln!(
        "eStargz: {} requests, {} of {} bytes ({:.3} %)",
        toc.requests,
        toc.bytes_fetched,
        layer.blob.len(),
        toc.bytes_fetched as f64 * 100.0 / layer.blob.len() as f64
    );
    open_every_file(&toc, &layer.blob, false);
}

#[test]
fn zstd_chunked_toc_takes_one_request_with_its_position() {
    let layer = build::zstd_chunked_with(&files(), OPTIONS);
    let detection = detect(&layer);
    assert_eq!(detection.format, LazyFormat::ZstdChunked);
    assert!(detection.manifest_position.is_some());
    let toc = read_toc(detection, &layer.blob, partial).unwrap();
    check_listing(&toc, &layer);
    assert_eq!(toc.requests, 1);
    eprintln!(
        "zstd:chunked: {} request, {} of {} bytes ({:.3} %)",
        toc.requests,
        toc.bytes_fetched,
        layer.blob.len(),
        toc.bytes_fetched as f64 * 100.0 / layer.blob.len() as f64
    );
    open_every_file(&toc, &layer.blob, false);
}

#[test]
fn zstd_chunked_without_position_reads_the_footer_first() {
    let layer = build::zstd_chunked_with(&files(), OPTIONS);
    let mut annotations = layer.annotations.clone();
    annotations.remove(format::ZSTD_MANIFEST_POSITION);
    let detection = format::detect(&layer.media_type, layer.blob.len() as u64, &annotations)
        .unwrap()
        .unwrap();
    let toc = read_toc(detection, &layer.blob, partial).unwrap();
    check_listing(&toc, &layer);
    assert!(toc.requests <= 2);
}

#[test]
fn a_registry_answering_200_with_the_whole_blob_is_read_the_same() {
    for layer in [
        build::estargz_with(&files(), OPTIONS),
        build::zstd_chunked_with(&files(), OPTIONS),
    ] {
        let toc = read_toc(detect(&layer), &layer.blob, |blob, _| Answer::whole(blob)).unwrap();
        assert_eq!(
            toc.entries.len(),
            13 + usize::from(toc.format == LazyFormat::Estargz)
        );
        open_every_file(&toc, &layer.blob, true);
    }
}

#[test]
fn a_toc_that_differs_from_its_annotation_is_refused() {
    for (layer, key) in [
        (
            build::estargz_with(&files(), OPTIONS),
            format::ESTARGZ_TOC_DIGEST,
        ),
        (
            build::zstd_chunked_with(&files(), OPTIONS),
            format::ZSTD_MANIFEST_CHECKSUM,
        ),
    ] {
        let mut annotations = layer.annotations.clone();
        let wrong = format!("sha256:{}", "0".repeat(64));
        annotations.insert(key.to_string(), wrong.clone());
        let detection = format::detect(&layer.media_type, layer.blob.len() as u64, &annotations)
            .unwrap()
            .unwrap();
        assert_eq!(
            read_toc(detection, &layer.blob, partial).unwrap_err(),
            LazyError::TocDigestMismatch {
                expected: wrong,
                actual: layer.toc_digest.clone()
            }
        );
    }
}

#[test]
fn without_an_annotation_the_toc_is_listed_as_not_verified() {
    let layer = build::estargz_with(&files(), OPTIONS);
    let detection = format::probe_unannotated(&layer.media_type, layer.blob.len() as u64).unwrap();
    let toc = read_toc(detection, &layer.blob, partial).unwrap();
    assert!(matches!(
        toc.verification,
        TocVerification::NotVerified { .. }
    ));
    assert_eq!(toc.entries.len(), 14);
}

#[test]
fn a_plain_gzip_layer_is_not_taken_for_estargz() {
    let plain = build::archive::layer_tar(&files());
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &plain).unwrap();
    let blob = gz.finish().unwrap();
    let detection = format::probe_unannotated(
        "application/vnd.oci.image.layer.v1.tar+gzip",
        blob.len() as u64,
    )
    .unwrap();
    assert!(matches!(
        read_toc(detection, &blob, partial),
        Err(LazyError::NoFooter { .. })
    ));
}

#[test]
fn a_corrupted_chunk_is_reported_as_a_mismatch_or_an_error() {
    let layer = build::zstd_chunked_with(&files(), OPTIONS);
    let toc = read_toc(detect(&layer), &layer.blob, partial).unwrap();
    let request = toc
        .open("usr/lib/blob2.bin", &LazyLimits::default())
        .unwrap();
    let r = request.range.unwrap();
    let mut body = layer.blob[r.start as usize..r.end as usize].to_vec();
    let middle = body.len() / 2;
    body[middle] ^= 0xff;
    match request.finish(Some(&Answer::partial(&body))) {
        Ok(opened) => {
            assert!(!opened.verified());
            assert!(
                opened
                    .chunks
                    .iter()
                    .any(|c| matches!(c, DigestCheck::Mismatch { .. }))
            );
        }
        Err(e) => assert!(matches!(e, LazyError::CorruptChunk { .. }), "{e}"),
    }
}

#[test]
fn a_file_over_the_open_cap_is_truncated_and_not_called_verified() {
    let layer = build::estargz_with(&files(), OPTIONS);
    let toc = read_toc(detect(&layer), &layer.blob, partial).unwrap();
    let limits = LazyLimits {
        max_open_bytes: 200_000,
        ..LazyLimits::default()
    };
    let request = toc.open("usr/lib/blob0.bin", &limits).unwrap();
    assert!(request.truncated);
    let opened = request
        .finish(Some(&partial(&layer.blob, request.range.unwrap())))
        .unwrap();
    assert_eq!(opened.bytes, noise(7, 150_000));
    assert!(matches!(opened.file, DigestCheck::NotChecked { .. }));
    assert!(!opened.verified());
    assert_eq!(
        toc.open("no/such", &limits).unwrap_err(),
        LazyError::NoSuchFile("no/such".into())
    );
}

#[test]
fn a_hard_link_opens_the_file_it_names() {
    // A TOC with a hard link, as eStargz writes one for a tar hard link.
    let layer = build::estargz_with(&files(), OPTIONS);
    let toc = read_toc(detect(&layer), &layer.blob, partial).unwrap();
    let direct = toc.open("etc/hostname", &LazyLimits::default()).unwrap();
    let mut linked = toc.clone();
    let mut link = linked
        .entries
        .iter()
        .find(|e| e.path == "etc/hostname")
        .unwrap()
        .clone();
    link.path = "etc/hostname.link".into();
    link.kind = EntryKind::HardLink;
    link.link_target = Some("/etc/hostname".into());
    linked.entries.push(link);
    let via_link = linked
        .open("etc/hostname.link", &LazyLimits::default())
        .unwrap();
    assert_eq!(via_link.range, direct.range);
    let opened = via_link
        .finish(Some(&partial(&layer.blob, via_link.range.unwrap())))
        .unwrap();
    assert_eq!(opened.bytes, b"lazy\n");
}
