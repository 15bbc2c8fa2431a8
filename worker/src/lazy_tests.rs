//! The lazy path of the worker driven as its script drives it, over layers written by
//! regscope-layers' deterministic builders: the TOC read with Range answers (206, and 200 with
//! the whole blob), kept and replayed in a second worker, and a file opened with one range.

use regscope_layers::build::{self, BuildOptions, BuiltLazyLayer};
use regscope_layers::entry::Entry;
use regscope_layers::lazy::check::DigestCheck;

use crate::lazy_lister::LazyLayer;
use crate::range_body::RangeBody;

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
    let mut files = vec![("etc/hostname".to_string(), b"lazy\n".to_vec())];
    for i in 0..6u64 {
        files.push((format!("usr/lib/blob{i}.bin"), noise(i + 3, 300_000)));
    }
    files
}

const OPTIONS: BuildOptions = BuildOptions {
    chunk_size: 100_000,
};

fn layers() -> [BuiltLazyLayer; 2] {
    [
        build::estargz_with(&files(), OPTIONS),
        build::zstd_chunked_with(&files(), OPTIONS),
    ]
}

fn start(layer: &BuiltLazyLayer) -> LazyLayer {
    let annotations = serde_json::to_string(&layer.annotations).unwrap();
    LazyLayer::new(&layer.media_type, layer.blob.len() as f64, &annotations).unwrap()
}

/// Answers `range` as a registry would: 206 with exactly it, or 200 with the whole blob;
/// the body arrives in 16 KiB pieces and reading stops once the range is in. Returns the
/// body and the bytes it moved.
fn answer(blob: &[u8], range: &[f64], whole: bool) -> (RangeBody, u64) {
    let (start, end) = (range[0] as usize, range[1] as usize);
    let (status, content_range, body) = if whole {
        (200, None, blob)
    } else {
        (
            206,
            Some(format!("bytes {start}-{}/{}", end - 1, blob.len())),
            &blob[start..end],
        )
    };
    let mut reply = RangeBody::new(range[0], range[1], status, content_range);
    for piece in body.chunks(16 << 10) {
        if reply.push(piece) {
            break;
        }
    }
    let moved = reply.moved() as u64;
    (reply, moved)
}

/// Reads the TOC: (requests, bytes moved).
fn read_toc(lazy: &mut LazyLayer, blob: &[u8], whole: bool) -> (u32, u64) {
    let (mut requests, mut moved) = (0, 0);
    while let Some(range) = lazy.next_range() {
        let (body, m) = answer(blob, &range, whole);
        requests += 1;
        moved += m;
        lazy.feed(body).unwrap();
    }
    (requests, moved)
}

fn paths(lazy: &LazyLayer) -> Vec<String> {
    let entries: Vec<Entry> = serde_json::from_str(&lazy.entries()).unwrap();
    entries.into_iter().map(|e| e.path).collect()
}

#[test]
fn the_toc_is_listed_in_few_small_requests_and_checked() {
    for layer in layers() {
        let mut lazy = start(&layer);
        assert_eq!(lazy.summary(), "null");
        let (requests, moved) = read_toc(&mut lazy, &layer.blob, false);
        assert!((1..=3).contains(&requests), "{requests} requests");
        assert!(moved * 20 < layer.blob.len() as u64, "{moved} bytes moved");
        let listed = paths(&lazy);
        for (path, _) in files() {
            assert!(listed.contains(&path), "{path} in {listed:?}");
        }
        let summary: serde_json::Value = serde_json::from_str(&lazy.summary()).unwrap();
        assert_eq!(summary["verification"]["state"], "verified");
        assert_eq!(summary["blob_size"], layer.blob.len() as u64);
    }
}

#[test]
fn a_registry_ignoring_range_gives_the_same_listing_and_file() {
    for layer in layers() {
        let mut partial = start(&layer);
        read_toc(&mut partial, &layer.blob, false);
        let mut whole = start(&layer);
        read_toc(&mut whole, &layer.blob, true);
        assert_eq!(paths(&whole), paths(&partial));
        let range = whole.plan("usr/lib/blob0.bin", 64e6).unwrap().unwrap();
        let (body, moved) = answer(&layer.blob, &range, true);
        assert!(
            moved < layer.blob.len() as u64,
            "a 200 is read only until the file's range is in ({moved} of {})",
            layer.blob.len()
        );
        let file = whole.open(body).unwrap();
        assert_eq!(file.bytes(), files()[1].1);
    }
}

#[test]
fn a_later_worker_opens_a_file_with_one_request_from_the_kept_toc() {
    for layer in layers() {
        let mut first = start(&layer);
        read_toc(&mut first, &layer.blob, false);
        let mut second = start(&layer);
        assert!(
            second
                .replay(first.kept_ranges(), &first.kept_bytes())
                .unwrap()
        );
        assert_eq!(second.next_range(), None, "no request for the TOC");
        assert_eq!(paths(&second), paths(&first));
        let range = second.plan("usr/lib/blob2.bin", 64e6).unwrap().unwrap();
        let (body, _) = answer(&layer.blob, &range, false);
        let file = second.open(body).unwrap();
        assert_eq!(file.bytes(), files()[3].1);
        assert!(!file.truncated());
        assert_eq!(file.total_size(), 300_000.0);
        let checks: serde_json::Value = serde_json::from_str(&file.checks()).unwrap();
        let chunks: Vec<DigestCheck> = serde_json::from_value(checks["chunks"].clone()).unwrap();
        assert_eq!(chunks.len(), 3, "300,000 bytes in 100,000-byte chunks");
        assert!(chunks.iter().all(DigestCheck::is_matched));
        assert_eq!(checks["file"]["result"], "matched");
    }
}

#[test]
fn a_capped_open_is_truncated_and_not_checked_whole() {
    let layer = &layers()[0];
    let mut lazy = start(layer);
    read_toc(&mut lazy, &layer.blob, false);
    let range = lazy.plan("usr/lib/blob1.bin", 150_000.0).unwrap().unwrap();
    let (body, _) = answer(&layer.blob, &range, false);
    let file = lazy.open(body).unwrap();
    assert!(file.truncated());
    assert_eq!(file.bytes().len(), 100_000);
    let checks: serde_json::Value = serde_json::from_str(&file.checks()).unwrap();
    assert_eq!(checks["file"]["result"], "not-checked");
    assert_eq!(checks["chunks"][0]["result"], "matched");
}

#[test]
fn wrong_kept_bytes_descriptors_and_damaged_answers_are_errors_in_words() {
    let [estargz, zstd] = layers();
    let mut first = start(&estargz);
    read_toc(&mut first, &estargz.blob, false);
    let mut other = start(&zstd);
    assert!(
        other
            .replay(first.kept_ranges(), &first.kept_bytes())
            .is_err()
    );
    let mut short = start(&estargz);
    let kept = first.kept_bytes();
    assert!(
        short
            .replay(first.kept_ranges(), &kept[..kept.len() / 2])
            .is_err()
    );
    assert!(LazyLayer::new("application/vnd.oci.image.layer.v1.tar+gzip", 10.0, "{}").is_err());
    assert!(LazyLayer::new(&estargz.media_type, 10.0, "not json").is_err());
    assert!(first.plan("no/such/file", 1e6).is_err());
    // A file's range answered with other bytes: the chunk check catches it.
    let range = first.plan("usr/lib/blob0.bin", 64e6).unwrap().unwrap();
    let mut damaged = estargz.blob.clone();
    damaged[range[0] as usize..range[1] as usize].fill(0x55);
    let (body, _) = answer(&damaged, &range, false);
    assert!(first.open(body).is_err());
    // A TOC read before it is fetched.
    let mut fresh = start(&estargz);
    assert!(fresh.plan("etc/hostname", 1e6).is_err());
}
