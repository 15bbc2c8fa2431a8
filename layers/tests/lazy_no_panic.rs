//! No-panic properties of the lazy readers: random footers, random TOCs (as bytes and as
//! JSON with hostile numbers), random answers and random chunk bytes all end in a value or a
//! typed error.
#![cfg(feature = "build")]

use std::collections::BTreeMap;

use proptest::prelude::*;
use regscope_layers::build::{self, BuildOptions};
use regscope_layers::lazy::format::{self, Detection, LazyFormat, ManifestPosition};
use regscope_layers::lazy::limits::LazyLimits;
use regscope_layers::lazy::range::Answer;
use regscope_layers::lazy::reader::TocReader;
use regscope_layers::lazy::toc::map_toc;
use regscope_layers::lazy::toc_json::{TocEntryJson, TocJson};

fn small_limits() -> LazyLimits {
    LazyLimits {
        max_toc_bytes: 1 << 20,
        max_chunk_bytes: 1 << 20,
        max_open_bytes: 2 << 20,
        ..LazyLimits::default()
    }
}

/// Drives a reader over `blob` (answers cut to the blob), up to 3 requests.
fn drive(detection: Detection, blob: &[u8]) {
    let Ok(mut reader) = TocReader::new(detection, small_limits()) else {
        return;
    };
    for _ in 0..3 {
        let Some(r) = reader.request() else { return };
        let start = (r.start as usize).min(blob.len());
        let end = (r.end as usize).min(blob.len());
        match reader.feed(&Answer::partial(&blob[start..end])) {
            Ok(Some(toc)) => {
                for e in &toc.entries {
                    if let Ok(request) = toc.open(&e.path, &small_limits()) {
                        let answer = request.range.map(|r| {
                            let s = (r.start as usize).min(blob.len());
                            let t = (r.end as usize).min(blob.len());
                            Answer::partial(&blob[s..t])
                        });
                        let _ = request.finish(answer.as_ref());
                    }
                }
                return;
            }
            Ok(None) => {}
            Err(_) => return,
        }
    }
}

fn hostile_entry() -> impl Strategy<Value = TocEntryJson> {
    let num = prop_oneof![
        Just(None),
        any::<i64>().prop_map(Some),
        (0i64..5000).prop_map(Some),
    ];
    (
        prop_oneof![
            Just("reg"),
            Just("chunk"),
            Just("dir"),
            Just("symlink"),
            Just("x")
        ],
        prop_oneof![Just("a"), Just("b/c"), Just("../d"), Just("/e"), Just("")],
        (num.clone(), num.clone(), num.clone(), num.clone()),
        (
            num.clone(),
            num,
            proptest::option::of(Just("zeros".to_string())),
        ),
    )
        .prop_map(
            |(kind, name, (size, offset, chunk_offset, chunk_size), (inner, end, chunk_type))| {
                TocEntryJson {
                    name: name.into(),
                    kind: kind.into(),
                    size,
                    offset,
                    chunk_offset,
                    chunk_size,
                    inner_offset: inner,
                    end_offset: end,
                    chunk_type,
                    chunk_digest: Some("sha256:00".into()),
                    modtime: Some("2023-11-14T22:13:20Z".into()),
                    ..TocEntryJson::default()
                }
            },
        )
}

/// `data` followed by an eStargz TOC member holding `json` and the footer naming it.
fn estargz_around(data: &[u8], json: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut blob = data.to_vec();
    let toc_offset = blob.len() as u64;
    let mut header = tar::Header::new_ustar();
    header.set_path("stargz.index.json").unwrap();
    header.set_size(json.len() as u64);
    header.set_cksum();
    let mut tar_bytes = header.as_bytes().to_vec();
    tar_bytes.extend_from_slice(json);
    tar_bytes.resize(tar_bytes.len().div_ceil(512) * 512 + 1024, 0);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&tar_bytes).unwrap();
    blob.extend_from_slice(&gz.finish().unwrap());
    blob.extend_from_slice(&regscope_layers::lazy::footer::estargz_footer(toc_offset));
    blob
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_tails_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..200), zstd in any::<bool>()) {
        let detection = Detection {
            format: if zstd { LazyFormat::ZstdChunked } else { LazyFormat::Estargz },
            blob_size: tail.len() as u64,
            toc_digest: None,
            manifest_position: None,
        };
        drive(detection, &tail);
    }

    #[test]
    fn footers_pointing_anywhere_never_panic(offset in any::<u64>(), prefix in proptest::collection::vec(any::<u8>(), 0..300)) {
        let mut blob = prefix;
        blob.extend_from_slice(&regscope_layers::lazy::footer::estargz_footer(offset));
        drive(format::probe_unannotated("application/vnd.oci.image.layer.v1.tar+gzip", blob.len() as u64).unwrap(), &blob);
    }

    #[test]
    fn manifest_positions_anywhere_never_panic(
        offset in any::<u64>(), length in any::<u64>(), uncompressed in any::<u64>(), kind in 0u64..3,
        blob in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let detection = Detection {
            format: LazyFormat::ZstdChunked,
            blob_size: blob.len() as u64,
            toc_digest: Some("sha256:00".into()),
            manifest_position: Some(ManifestPosition { offset, length, uncompressed_length: uncompressed, kind }),
        };
        drive(detection, &blob);
    }

    #[test]
    fn hostile_tocs_map_and_open_without_panic(entries in proptest::collection::vec(hostile_entry(), 0..12), data_end in any::<u64>()) {
        let json = serde_json::to_vec(&TocJson { version: 1, entries, tar_split_digest: None }).unwrap();
        for format in [LazyFormat::Estargz, LazyFormat::ZstdChunked] {
            let _ = map_toc(&json, format, data_end, &small_limits());
        }
    }

    #[test]
    fn hostile_tocs_in_a_blob_open_without_panic(
        entries in proptest::collection::vec(hostile_entry(), 0..12),
        data in proptest::collection::vec(any::<u8>(), 0..5000),
    ) {
        let json = serde_json::to_vec(&TocJson { version: 1, entries, tar_split_digest: None }).unwrap();
        let blob = estargz_around(&data, &json);
        drive(format::probe_unannotated("application/vnd.oci.image.layer.v1.tar+gzip", blob.len() as u64).unwrap(), &blob);
    }

    #[test]
    fn damaged_layers_read_without_panic(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6), zstd in any::<bool>()) {
        let files = vec![
            ("a/one".to_string(), b"first file".repeat(50)),
            ("a/two".to_string(), (0..3000u32).map(|i| (i * 7) as u8).collect()),
        ];
        let options = BuildOptions { chunk_size: 1000 };
        let layer = if zstd { build::zstd_chunked_with(&files, options) } else { build::estargz_with(&files, options) };
        let mut blob = layer.blob.clone();
        for (at, value) in flips {
            let i = at.index(blob.len());
            blob[i] ^= value | 1;
        }
        // Without the annotation digest, so damaged TOCs are parsed instead of refused.
        let mut annotations = BTreeMap::new();
        if let Some(p) = layer.annotations.get(format::ZSTD_MANIFEST_POSITION) {
            annotations.insert(format::ZSTD_MANIFEST_POSITION.to_string(), p.clone());
            annotations.insert(format::ZSTD_MANIFEST_CHECKSUM.to_string(), layer.toc_digest.clone());
        }
        let detection = match format::detect(&layer.media_type, blob.len() as u64, &annotations) {
            Ok(Some(d)) => Detection { toc_digest: None, ..d },
            _ => format::probe_unannotated(&layer.media_type, blob.len() as u64).unwrap(),
        };
        drive(detection, &blob);
    }
}
