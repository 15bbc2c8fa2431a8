//! Every seeded image's layers fetched from the real registry stack (the no-auth CORS
//! registry) and read as they stream, as the Files tab's worker reads them: each layer's
//! listing is non-empty and both digests check against the manifest and the config.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use regscope_layers::stream::{Check, Compression, FileExtract, LayerStream, Limits, verify};
use regscope_stack::facts;
use serde_json::Value;

const ACCEPT: &str = "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";

/// An HTTP/1.1 GET on the CORS registry; the body is handed to `body` as it arrives, in
/// pieces of at most 16 KiB. Returns the status.
fn get(path: &str, accept: &str, mut body: impl FnMut(&[u8])) -> u16 {
    let mut stream =
        TcpStream::connect(facts::CORS_REGISTRY).expect("the registry stack runs (tests/stack/up)");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nAccept: {accept}\r\nConnection: close\r\n\r\n",
        facts::CORS_REGISTRY
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let mut chunked = false;
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line.trim().is_empty() {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    let mut buffer = vec![0u8; 16 << 10];
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line).unwrap();
            let size =
                usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16).unwrap();
            if size == 0 {
                break;
            }
            let mut left = size;
            while left > 0 {
                let n = reader.read(&mut buffer[..left.min(16 << 10)]).unwrap();
                assert!(n > 0, "the body ended early");
                body(&buffer[..n]);
                left -= n;
            }
            line.clear();
            reader.read_line(&mut line).unwrap();
        }
    } else {
        loop {
            let n = reader.read(&mut buffer).unwrap();
            if n == 0 {
                break;
            }
            body(&buffer[..n]);
        }
    }
    status
}

fn get_json(path: &str, accept: &str) -> Value {
    let mut bytes = Vec::new();
    let status = get(path, accept, |b| bytes.extend_from_slice(b));
    assert_eq!(status, 200, "GET {path}");
    serde_json::from_slice(&bytes).unwrap()
}

/// Single-platform images the stack seeds for everyone (hostile ones are another test's).
fn images() -> Vec<facts::Seeded> {
    let seeded = facts::seeded_in(&facts::stack_dir()).expect("the stack is seeded");
    seeded
        .into_iter()
        .filter(|s| {
            matches!(
                s.kind.as_str(),
                "oci-manifest" | "docker-manifest" | "docker-schema2"
            )
        })
        .filter(|s| !s.is_private() && !s.repository.starts_with("hostile/"))
        .filter(|s| s.platform.as_deref() != Some("unknown/unknown"))
        .collect()
}

#[test]
fn seeded_layers_stream_with_both_digests_verified() {
    let images = images();
    assert!(images.len() >= 3, "seeded images: {}", images.len());
    let mut layers_read = 0;
    for image in &images {
        let manifest = get_json(
            &format!(
                "/v2/{}/manifests/{}",
                image.repository,
                image.reference_part()
            ),
            ACCEPT,
        );
        let Some(config_digest) = manifest["config"]["digest"].as_str() else {
            continue;
        };
        let config = get_json(
            &format!("/v2/{}/blobs/{config_digest}", image.repository),
            "*/*",
        );
        let diff_ids: Vec<&str> = config["rootfs"]["diff_ids"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let layers = manifest["layers"].as_array().cloned().unwrap_or_default();
        for (i, layer) in layers.iter().enumerate() {
            let media_type = layer["mediaType"].as_str().unwrap_or("");
            let Some(compression) = Compression::from_media_type(media_type) else {
                continue;
            };
            let digest = layer["digest"].as_str().unwrap();
            let mut stream = LayerStream::new(compression, Limits::default());
            let mut entries = Vec::new();
            let mut error = None;
            let status = get(
                &format!("/v2/{}/blobs/{digest}", image.repository),
                "*/*",
                |piece| {
                    if error.is_none() {
                        error = stream.push(piece, &mut entries).err();
                    }
                },
            );
            assert_eq!(status, 200);
            assert_eq!(error, None, "{} layer {i}", image.reference);
            let digests = stream
                .finish()
                .unwrap_or_else(|e| panic!("{} layer {i}: {e}", image.reference));
            assert!(
                !entries.is_empty(),
                "{} layer {i} lists nothing",
                image.reference
            );
            assert_eq!(digests.entries, entries.len() as u64);
            assert_eq!(digests.compressed_bytes, layer["size"].as_u64().unwrap());
            let verification = verify(digest, diff_ids.get(i).copied(), &digests);
            assert_eq!(
                verification.digest,
                Check::Matched,
                "{} layer {i}",
                image.reference
            );
            assert_eq!(
                verification.diff_id,
                Check::Matched,
                "{} layer {i}",
                image.reference
            );

            // The largest file of the layer opens with the size the listing gave.
            if let Some(file) = entries
                .iter()
                .filter(|e| e.kind == regscope_layers::entry::EntryKind::File)
                .max_by_key(|e| e.size)
            {
                let mut extract = FileExtract::at_offset(
                    compression,
                    file.content_offset,
                    1 << 20,
                    Limits::default(),
                );
                let mut found = None;
                get(
                    &format!("/v2/{}/blobs/{digest}", image.repository),
                    "*/*",
                    |piece| {
                        if found.is_none() {
                            found = extract.push(piece).unwrap();
                        }
                    },
                );
                let found = found.expect("the file is found before the layer ends");
                assert_eq!(found.total_size, file.size);
                assert_eq!(found.bytes.len() as u64, file.size.min(1 << 20));
            }
            layers_read += 1;
        }
    }
    assert!(layers_read >= 3, "layers read: {layers_read}");
}
